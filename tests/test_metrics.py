"""Metric functions on small hand-made rankings and answers with known values."""

import math

import pytest

from rag import metrics as M


def test_relevance_is_judged_without_whitespace_and_across_scripts():
    facts = M.gold_facts([{"source": "000.txt", "quote": "复旦大学MOSS系统负责人"}])
    # Traditional script, broken by a column wrap and a space.
    assert M.facts_in(["他是復旦大學\nMOSS 系統負責人邱錫鵬"], facts) == set(facts)
    assert M.facts_in(["复旦大学MOSS系统的负责人"], facts) == set()  # one character more: not the quote


def test_one_fact_spelled_in_two_files_is_one_fact():
    facts = M.gold_facts([
        {"source": "000.txt", "quote": "低内存优化技术（LOMO）"},
        {"source": "001.txt", "quote": "低內存優化技術(LOMO)"},
        {"source": "004.txt", "quote": "BrainGate2恢复了渐冻症患者"},
    ])
    assert len(facts) == 2
    assert M.facts_in(["採用低內存優化技術(LOMO)"], facts) == {M.fact_key("低内存优化技术（LOMO）")}


def test_ndcg_matches_a_hand_computation():
    gains = [0, 1, 0, 1]
    expected = (1 / math.log2(3) + 1 / math.log2(5)) / (1 + 1 / math.log2(3))
    assert M.ndcg_at(gains, n_relevant=2) == pytest.approx(expected)
    assert M.ndcg_at(gains, n_relevant=2) == pytest.approx(0.650921, abs=1e-6)
    assert M.ndcg_at([1, 0, 0], n_relevant=1) == 1.0
    assert M.ndcg_at([0] * 10 + [1], n_relevant=1) == 0.0  # beyond the cutoff


def test_hit_mrr_and_recall():
    a, b = {"a"}, {"b"}
    found = [set(), set(), a, set(), b, a]
    gains = M.first_gains(found)
    assert gains == [0, 0, 1, 0, 1, 0]  # the second passage with fact a is a duplicate
    assert M.hit_at(gains, 1) == 0.0 and M.hit_at(gains, 3) == 1.0
    assert M.reciprocal_rank(gains) == pytest.approx(1 / 3)
    assert M.reciprocal_rank(gains, k=2) == 0.0
    assert M.recall_at(found, 2, 3) == 0.5 and M.recall_at(found, 2, 5) == 1.0
    assert M.first_relevant_rank(gains) == 3


def test_a_repeated_fact_cannot_push_ndcg_above_one():
    metrics = M.ranking_metrics([{"a"}, {"a"}, {"a"}], n_facts=1)
    assert metrics["ndcg@10"] == 1.0 and metrics["mrr@10"] == 1.0 and metrics["recall@5"] == 1.0


def test_answer_contains_and_char_f1():
    assert M.contains_answer("訓練成本僅為557.6 萬美元[1]。", ["557.6万美元"])
    assert not M.contains_answer("训练成本是600万美元[1]。", ["557.6万美元"])
    # Characters, not whitespace tokens: 7 shared characters ('.' dropped), P = 1, R = 7/9.
    assert M.char_f1("557.6万美元", "仅为 557.6 万美元") == pytest.approx(0.875)
    assert M.char_f1("完全无关", "仅为557.6万美元") == 0.0
    assert M.char_f1("仅为557.6万美元[1]", "僅為557.6萬美元") == pytest.approx(1.0)


def test_answer_sentences_keep_their_markers():
    assert M.answer_sentences("A说了这个。[1]B也说了[2][3]。C没有引用") == [
        ("A说了这个。", [1]), ("B也说了。", [2, 3]), ("C没有引用", []),
    ]


def test_alce_citation_recall_and_precision():
    passages = {1: "DeepSeek-V3的训练成本仅为557.6万美元。", 2: "邱锡鹏是复旦大学MOSS系统负责人。", 3: "今天天气很好。"}
    sentences = [("DeepSeek-V3的训练成本仅为557.6万美元。", [1, 3]), ("邱锡鹏负责MOSS系统。", [3])]
    recall, precision = M.alce_citation_scores(sentences, passages)
    assert recall == 0.5  # the second sentence's only citation does not carry it
    assert precision == pytest.approx(1 / 3)  # [1] is relevant; both [3] are not
    assert M.alce_citation_scores([("邱锡鹏是复旦大学MOSS系统负责人。", [2])], passages) == (1.0, 1.0)


def test_refusal_scores():
    unanswerable = [True, True, False, False, False]
    refused = [True, False, True, False, False]
    s = M.refusal_scores(unanswerable, refused)
    assert s["refusal_precision"] == 0.5 and s["refusal_recall"] == 0.5
    assert s["false_refusal_rate"] == pytest.approx(1 / 3)
    assert M.refusal_scores([False], [False])["refusal_recall"] is None


def test_percentiles():
    assert M.percentiles([1, 2, 3, 4, 5]) == {"p50": 3.0, "p95": pytest.approx(4.8)}
