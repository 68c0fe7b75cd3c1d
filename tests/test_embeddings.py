"""The embedder: questions are encoded with the NumPy BERT, as sentence-transformers encodes them, and a
search on a built index does not import torch."""

import json
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from rag.embeddings import NumpyBert, get_embedder


@pytest.mark.slow
def test_the_numpy_bert_gives_the_vectors_sentence_transformers_gives():
    embedder = get_embedder("m3e-small")
    assert embedder.light is not None  # m3e-small is a BERT with mean pooling and normalisation
    texts = [json.loads(line)["question"] for line in open(ROOT / "eval" / "questions.jsonl", encoding="utf-8")][:30]
    texts += ["What is the training cost of DeepSeek-V3?", "", "长" * 700]  # English, empty, truncated at 512 tokens
    light = embedder.light.encode(texts)
    full = embedder.model.encode(texts, normalize_embeddings=True, convert_to_numpy=True)
    assert light.dtype == np.float32 and light.shape == full.shape
    assert np.abs(light - full).max() < 1e-5
    # a few texts go the NumPy way, a batch the sentence-transformers way: the same vectors either way
    assert np.abs(embedder.encode(texts[:2]) - embedder.encode(texts)[:2]).max() < 1e-5


@pytest.mark.slow
def test_a_search_on_a_built_index_does_not_import_torch(real_index_dir):
    probe = ("import sys; from rag import load_retriever; r = load_retriever(sys.argv[1]); "
             "print('557.6' in r.search('DeepSeek-V3的训练成本是多少', 1)[0].text); print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe, str(real_index_dir)], capture_output=True, text=True,
                         check=True, cwd=ROOT)
    first, imported = out.stdout.strip().splitlines()
    assert (first, imported) == ("True", "False")


def test_a_model_folder_that_is_not_a_mean_pooled_bert_goes_through_sentence_transformers(tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "modules.json").write_text(json.dumps([
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]))
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"pooling_mode_cls_token": True}))
    (folder / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_act": "gelu"}))
    assert not NumpyBert.fits(folder)  # CLS pooling and no normalisation: not what NumpyBert computes
