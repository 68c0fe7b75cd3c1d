"""Encoding throughput of the real model (m3e-small) on the bundled passages, in one process: plain
`SentenceTransformer.encode`, the project's embedder, int8 dynamic quantisation of the model's linear
layers, the NumPy BERT used for questions, and ONNX Runtime (fp32 and int8) when it is installed; with
dense-only retrieval on eval/questions.jsonl for each, since a faster encoder is adopted only at equal
retrieval figures and at least 2x the speed.

    .venv/bin/python bench/encoding.py
    .venv/bin/pip install onnxruntime onnx   # for the ONNX Runtime rows
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def throughput(encode, texts: list[str], repeat: int = 2) -> tuple[float, np.ndarray]:
    """Texts per second (best of `repeat` runs) and the vectors."""
    encode(texts[:8])  # warm-up
    best, vectors = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        vectors = encode(texts)
        best = min(best, time.perf_counter() - t)
    return len(texts) / best, np.asarray(vectors, dtype=np.float32)


def onnx_encoders(model, folder: Path) -> dict:
    """ONNX Runtime encoders of `model` (a BERT with mean pooling and normalisation), fp32 and int8, the
    graph exported with torch into `folder`; {} when onnxruntime or onnx is not installed."""
    try:
        import onnxruntime as ort
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError:
        print("onnxruntime is not installed: no ONNX Runtime rows (pip install onnxruntime onnx)")
        return {}
    import torch

    bert, tokenizer = model[0].auto_model, model.tokenizer
    names = ["input_ids", "attention_mask", "token_type_ids"]
    sample = tokenizer(["样例"], return_tensors="pt")
    fp32, int8 = folder / "model.onnx", folder / "model.int8.onnx"
    axes = {n: {0: "batch", 1: "tokens"} for n in names}
    class Hidden(torch.nn.Module):  # by keyword: the model's positional arguments differ between versions
        def __init__(self):
            super().__init__()
            self.bert = bert

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    with torch.no_grad():
        torch.onnx.export(Hidden().eval(), tuple(sample[n] for n in names), str(fp32), input_names=names,
                          output_names=["hidden"], dynamic_axes={**axes, "hidden": {0: "batch", 1: "tokens"}},
                          opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    limit = model.max_seq_length

    def encoder(path: Path):
        options = ort.SessionOptions()
        options.intra_op_num_threads = torch.get_num_threads()
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

        def encode(texts: list[str]) -> np.ndarray:
            order = np.argsort([-len(t) for t in texts], kind="stable")  # by length, as sentence-transformers
            texts = [texts[i] for i in order]  # batches them, so that little is padding
            out = []
            for i in range(0, len(texts), 32):
                batch = tokenizer(texts[i : i + 32], padding=True, truncation=True, max_length=limit, return_tensors="np")
                hidden = session.run(None, {n: batch[n].astype(np.int64) for n in names})[0]
                mask = batch["attention_mask"][..., None].astype(np.float32)
                pooled = (hidden * mask).sum(1) / np.maximum(mask.sum(1), 1e-9)
                out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
            vectors = np.empty_like(np.concatenate(out))
            vectors[order] = np.concatenate(out)
            return vectors

        return encode

    return {"ONNX Runtime (fp32)": encoder(fp32), "ONNX Runtime (int8 dynamic)": encoder(int8)}


def dense_hits(passages: np.ndarray, queries: np.ndarray, relevant: list[set[int]]) -> tuple[float, float]:
    """hit@1 and hit@5 of dense search alone."""
    order = np.argsort(-(queries @ passages.T), axis=1)[:, :5]
    return (float(np.mean([row[0] in rel for row, rel in zip(order, relevant)])),
            float(np.mean([bool(set(row) & rel) for row, rel in zip(order, relevant)])))


def main() -> int:
    import torch

    from rag import load_retriever
    from rag.evaluation import load_questions
    from rag.metrics import facts_in, gold_facts
    from rag.store import embedding_text

    retriever = load_retriever()
    embedder = retriever.embedder
    texts = [embedding_text(c) for c in retriever.chunks]
    questions = [q for q in load_questions(ROOT / "eval" / "questions.jsonl") if q.answerable and not q.turns]
    relevant = [{i for i, c in enumerate(retriever.chunks) if facts_in([c.text], gold_facts(q.gold))} for q in questions]
    asked = [q.question for q in questions]

    model = embedder.model
    quantised = copy.deepcopy(model)
    quantised = torch.ao.quantization.quantize_dynamic(quantised, {torch.nn.Linear}, dtype=torch.qint8)
    runs = {
        "SentenceTransformer.encode (fp32)": lambda xs: model.encode(xs, batch_size=32, normalize_embeddings=True),
        "project embedder (rag index)": lambda xs: embedder.encode(xs, batch_size=32),
        "int8 dynamic quantisation": lambda xs: quantised.encode(xs, batch_size=32, normalize_embeddings=True),
        "NumpyBert, one text at a time": lambda xs: embedder.light.encode(xs),
    }
    work = Path(tempfile.mkdtemp(prefix="onnx-"))
    runs.update(onnx_encoders(model, work))
    base = None
    print(f"{len(texts)} passages, {len(asked)} questions, {torch.get_num_threads()} torch threads")
    for name, encode in runs.items():
        rate, vectors = throughput(encode, texts)
        base = base or rate
        hit1, hit5 = dense_hits(vectors, np.asarray(encode(asked), dtype=np.float32), relevant)
        print(f"{name:<36} {rate:7.1f} texts/s  ({rate / base:.2f}x)  dense-only hit@1 {hit1:.3f} hit@5 {hit5:.3f}")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
