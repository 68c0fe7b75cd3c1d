"""Metrics: ranking (hit@k, recall@k, MRR, nDCG), answers, citations and refusals, on Chinese text.

Text is always compared at the character level, with whitespace removed and in simplified script
(`compact`), never split into whitespace tokens.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from typing import Iterable

import numpy as np

from .normalize import compact, fold

RANK_KS = (1, 3, 5)
CUTOFF = 10
RETRIEVAL_METRICS = ("hit@1", "hit@3", "hit@5", "recall@5", "mrr@10", "ndcg@10")

_MARKER = re.compile(r"\[(\d+)\]")
_TRAILING_MARKERS = re.compile(r"([。！？!?；;]+)\s*((?:\[\d+\])+)")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+|\n|$)")


# ---------------------------------------------------------------------------- relevance


def fact_key(quote: str) -> str:
    """The identity of the fact a gold quote states: one key for the same quote in either script or width."""
    return fold(compact(quote))


def gold_facts(gold: list[dict]) -> dict[str, list[str]]:
    """Gold quotes grouped by fact: fact key -> the compact forms of its quotes.

    A fact found in both 000 (simplified) and 001 (traditional) has one quote per file but is one fact.
    """
    facts: dict[str, list[str]] = {}
    for entry in gold:
        facts.setdefault(fact_key(entry["quote"]), []).append(compact(entry["quote"]))
    return facts


def facts_in(texts: Iterable[str], facts: dict[str, list[str]]) -> set[str]:
    """The facts whose quote is contained in any of `texts` (a passage and its copies in other files)."""
    bodies = [compact(t) for t in texts]
    return {key for key, quotes in facts.items() if any(q in body for q in quotes for body in bodies)}


def first_gains(found: list[set[str]]) -> list[int]:
    """Binary gain per rank: 1 where a passage brings a fact no earlier passage brought.

    Each gold fact is one relevant document; a later passage with the same fact is a duplicate
    and counts as not relevant, as trec_eval counts a document once.
    """
    seen: set[str] = set()
    gains = []
    for facts in found:
        gains.append(1 if facts - seen else 0)
        seen |= facts
    return gains


# ---------------------------------------------------------------------------- ranking


def hit_at(gains: list[int], k: int) -> float:
    """1.0 when a relevant passage is among the first `k`, else 0.0."""
    return float(any(gains[:k]))


def recall_at(found: list[set[str]], n_facts: int, k: int) -> float:
    """The share of the gold facts found in the first `k` passages."""
    if n_facts == 0:
        return 0.0
    return len(set().union(*found[:k])) / n_facts if found[:k] else 0.0


def reciprocal_rank(gains: list[int], k: int = CUTOFF) -> float:
    """1 / rank of the first relevant passage within the first `k`, else 0.0."""
    for rank, gain in enumerate(gains[:k], 1):
        if gain:
            return 1.0 / rank
    return 0.0


def ndcg_at(gains: list[int], n_relevant: int, k: int = CUTOFF) -> float:
    """nDCG@k with binary gains: DCG = sum gain_i / log2(i + 1), over the DCG of `n_relevant` hits on top."""
    dcg = sum(g / math.log2(i + 1) for i, g in enumerate(gains[:k], 1))
    ideal = sum(1 / math.log2(i + 1) for i in range(1, min(n_relevant, k) + 1))
    return dcg / ideal if ideal else 0.0


def first_relevant_rank(gains: list[int]) -> int | None:
    """The rank (from 1) of the first relevant passage, or None."""
    return next((rank for rank, g in enumerate(gains, 1) if g), None)


def ranking_metrics(found: list[set[str]], n_facts: int) -> dict[str, float]:
    """All retrieval metrics of one ranked list, given the facts found at each rank."""
    gains = first_gains(found)
    out = {f"hit@{k}": hit_at(gains, k) for k in RANK_KS}
    out["recall@5"] = recall_at(found, n_facts, 5)
    out["mrr@10"] = reciprocal_rank(gains, CUTOFF)
    out["ndcg@10"] = ndcg_at(gains, n_facts, CUTOFF)
    return out


# ---------------------------------------------------------------------------- answers


def strip_markers(text: str) -> str:
    """`text` without its citation markers `[n]`."""
    return _MARKER.sub("", text)


def _chars(text: str) -> str:
    """The characters compared by char-level F1: compact form, punctuation and symbols dropped."""
    return "".join(ch for ch in fold(compact(text)) if unicodedata.category(ch)[0] in "LN")


def contains_answer(text: str, answers: list[str]) -> bool:
    """True when `text` contains one of `answers` (whitespace removed, one script)."""
    body = compact(strip_markers(text))
    return any(compact(a) in body for a in answers if compact(a))


def contains_items(text: str, items: list[list[str]]) -> bool:
    """True when `text` contains a variant of every item of a list answer."""
    return all(contains_answer(text, variants) for variants in items)


def char_f1(prediction: str, reference: str) -> float:
    """Character-level F1 of two texts (SQuAD's token F1 with characters as tokens, as CMRC does for Chinese)."""
    pred, ref = _chars(strip_markers(prediction)), _chars(reference)
    common = sum((Counter(pred) & Counter(ref)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(pred), common / len(ref)
    return 2 * precision * recall / (precision + recall)


# ---------------------------------------------------------------------------- citations


def answer_sentences(text: str) -> list[tuple[str, list[int]]]:
    """The sentences of an answer, each without markers and with the citation numbers it carries."""
    # Markers written after the full stop belong to the sentence before them.
    text = _TRAILING_MARKERS.sub(r"\2\1", text)
    out: list[tuple[str, list[int]]] = []
    for m in _SENTENCE.finditer(text):
        sentence = m.group()
        claim = strip_markers(sentence).strip()
        numbers = [int(n) for n in _MARKER.findall(sentence)]
        if _chars(claim):
            out.append((claim, numbers))
        elif numbers and out:
            out[-1][1].extend(numbers)
    return out


def _bigrams(text: str) -> set[str]:
    chars = _chars(text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)} or ({chars} if chars else set())


def supports(passages: list[str], claim: str, threshold: float = 0.7) -> bool:
    """True when the passages together carry `claim`: most of its character bigrams occur in them.

    A lexical stand-in for the NLI judgment ALCE uses (no NLI model runs offline here).
    """
    wanted = _bigrams(claim)
    if not wanted:
        return False
    have: set[str] = set()
    for p in passages:
        have |= _bigrams(p)
    return len(wanted & have) / len(wanted) >= threshold


def alce_citation_scores(sentences: list[tuple[str, list[int]]], passages: dict[int, str]) -> tuple[float, float]:
    """ALCE citation (recall, precision) of one answer.

    Recall: share of sentences whose cited passages together support them. Precision: share of
    citations that are relevant, i.e. support their sentence alone, or are needed for the sentence's
    support (removing them breaks it).
    """
    if not sentences:
        return 0.0, 0.0
    supported = 0
    relevant = total = 0
    for claim, numbers in sentences:
        cited = [n for n in dict.fromkeys(numbers) if n in passages]
        total += len(numbers)
        joint = bool(cited) and supports([passages[n] for n in cited], claim)
        supported += joint
        for n in cited:
            alone = supports([passages[n]], claim)
            others = [passages[m] for m in cited if m != n]
            needed = joint and not (others and supports(others, claim))
            relevant += alone or needed
    return supported / len(sentences), (relevant / total if total else 0.0)


# ---------------------------------------------------------------------------- refusals and summaries


def refusal_scores(unanswerable: list[bool], refused: list[bool]) -> dict[str, float | None]:
    """Refusal precision and recall (positive = unanswerable) and the rate of wrongly refused answerable
    questions; None where the denominator is zero."""
    tp = sum(u and r for u, r in zip(unanswerable, refused))
    predicted = sum(refused)
    positives = sum(unanswerable)
    answerable = len(unanswerable) - positives
    wrongly = sum(r and not u for u, r in zip(unanswerable, refused))
    return {
        "refusal_precision": tp / predicted if predicted else None,
        "refusal_recall": tp / positives if positives else None,
        "false_refusal_rate": wrongly / answerable if answerable else None,
    }


def percentiles(values: list[float]) -> dict[str, float]:
    """p50 and p95 of `values` (linear interpolation, as numpy)."""
    if not values:
        return {"p50": 0.0, "p95": 0.0}
    return {"p50": float(np.percentile(values, 50)), "p95": float(np.percentile(values, 95))}


def mean(values: Iterable[float]) -> float | None:
    """The arithmetic mean, None for no values."""
    values = list(values)
    return float(sum(values) / len(values)) if values else None
