"""Lexical search: BM25 (bm25s) over jieba words of the search form."""

from __future__ import annotations

import json
import logging
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .script import HAN_RUN

# Question words and function words: frequent in questions, no help in finding the passage.
STOPWORDS = set(
    "的 了 是 在 和 与 及 或 也 都 就 而 但 被 把 对 为 以 于 之 其 这 那 这个 那个 它 他 她 它们 他们 我们 你 我 "
    "吗 呢 吧 啊 呀 么 什么 哪 哪个 哪些 哪里 哪儿 多少 几 怎么 怎样 如何 为什么 是否 有没有 有 没有 请问 "
    "谁 何 何时 什么时候 一个 一种 哪一 哪位 多 大 上 中 下 个 位 据 文中 文章 提到 说 认为 "
    "what which who whom whose when where why how is are was were the a an of in on to for by with and or "
    "does do did according article".split()
)
# Bump when `tokenize` cuts differently: saved terms of an older cut are then not reused.
TOKENIZER_VERSION = 1
TERMS_FILE = "terms.jsonl"
# What a search term starts with: a letter, digit or Chinese character (not punctuation).
WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def tokenize(text: str) -> list[str]:
    """Search terms of a search-form text: jieba's fine-grained words plus character bigrams.

    Bigrams catch what the word cut misses or cuts differently in question and passage
    (names, numbers with units, new terms); the words keep the precision of whole terms.
    """
    text = text.lower()
    words = [w for w in (w.strip() for w in _jieba().cut_for_search(text)) if w and WORD.match(w) and w not in STOPWORDS]
    bigrams = [run[i : i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1)]
    return words + [b for b in bigrams if b not in STOPWORDS]


class BM25:
    """BM25 scores of a fixed list of texts."""

    # k1 and b tuned on eval/questions.jsonl: passages are short and even in length, so less
    # length normalisation and earlier term saturation than the usual 1.2 / 0.75.
    K1, B = 0.9, 0.4

    def __init__(self, texts: list[str], k1: float = K1, b: float = B, terms: list[list[str]] | None = None):
        """The index of `texts`; `terms`, when given, are their `tokenize` terms already cut (a rebuild
        reuses those of unchanged passages: cutting is most of the cost)."""
        import bm25s

        self.terms = terms if terms is not None else [tokenize(t) for t in texts]
        self._model = bm25s.BM25(k1=k1, b=b)
        self._model.index([t or ["\u0000"] for t in self.terms], show_progress=False)
        self.size = len(texts)

    def save(self, folder: Path) -> list[Path]:
        """Write the index to `folder` (bm25s' own format: JSON and .npy arrays, no pickle) with each
        passage's terms (`TERMS_FILE`, a JSON list a line); its files."""
        self._model.save(str(folder), show_progress=False)
        with open(Path(folder) / TERMS_FILE, "w", encoding="utf-8") as fh:
            for terms in self.terms:
                fh.write(json.dumps(terms, ensure_ascii=False) + "\n")
        return sorted(p for p in Path(folder).iterdir() if p.is_file())

    @classmethod
    def load(cls, folder: Path, size: int) -> "BM25":
        """The index `save` wrote, its arrays memory-mapped rather than read (and nothing tokenised)."""
        import bm25s

        bm25 = cls.__new__(cls)
        bm25._model = bm25s.BM25.load(str(folder), mmap=True, allow_pickle=False, show_progress=False)
        bm25.size = size
        bm25.terms = None  # read only when a rebuild asks (`saved_terms`)
        return bm25

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every text for `query` (zeros when no word matches)."""
        tokens = tokenize(query)
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)


def saved_terms(folder: Path) -> list[list[str]] | None:
    """The passages' terms a saved index holds, in order; None for an index saved without them."""
    path = Path(folder) / TERMS_FILE
    if not path.is_file():
        return None
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]
