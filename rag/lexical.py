"""Lexical search: BM25 (bm25s) over jieba words of the search form."""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
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
# Each passage's terms, saved with the index for a rebuild to reuse: the vocabulary (a JSON list, each term
# once), every passage's term ids one after another, and where each passage's ids start (n + 1 offsets).
VOCABULARY_FILE = "vocabulary.json"
TERM_IDS_FILE = "term_ids.npy"
TERM_OFFSETS_FILE = "term_offsets.npy"
EMPTY = "\u0000"  # the one term of a passage that has none (bm25s needs one)
# What a search term starts with: a letter, digit or Chinese character (not punctuation).
WORD = re.compile(r"[\w\u4e00-\u9fff]", re.UNICODE)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def dictionary_word(word: str) -> bool:
    """True for a word jieba's dictionary has (现在), not one its guesses make of unknown text (伦说)."""
    return bool(_jieba().dt.FREQ.get(word))


def tokenize(text: str) -> list[str]:
    """Search terms of a search-form text: jieba's fine-grained words plus character bigrams.

    Bigrams catch what the word cut misses or cuts differently in question and passage
    (names, numbers with units, new terms); the words keep the precision of whole terms.
    """
    text = text.lower()
    words = [w for w in (w.strip() for w in _jieba().cut_for_search(text)) if w and WORD.match(w) and w not in STOPWORDS]
    bigrams = [run[i : i + 2] for run in HAN_RUN.findall(text) for i in range(len(run) - 1)]
    return words + [b for b in bigrams if b not in STOPWORDS]


class Terms:
    """Every passage's search terms, as ids into one vocabulary: each term is held once, not once per
    passage (a million passages' terms as strings would not fit in memory)."""

    def __init__(self, vocabulary: list[str] | None = None):
        """Terms over `vocabulary` (the ids of an earlier `Terms` stay valid: new terms are added at its end)."""
        self.vocabulary = list(vocabulary or [])
        self.ids = {term: i for i, term in enumerate(self.vocabulary)}
        self.rows: list[np.ndarray] = []

    def add(self, terms: list[str]) -> None:
        """Append a passage's terms."""
        ids, vocabulary = self.ids, self.vocabulary
        row = np.empty(max(1, len(terms)), dtype=np.int32)
        for i, term in enumerate(terms or [EMPTY]):
            if term not in ids:
                ids[term] = len(vocabulary)
                vocabulary.append(term)
            row[i] = ids[term]
        self.rows.append(row)

    def ids_of(self, vocabulary: list[str]) -> np.ndarray:
        """This vocabulary's id of each term of another (added where new): maps that one's ids onto these."""
        for term in vocabulary:
            if term not in self.ids:
                self.ids[term] = len(self.vocabulary)
                self.vocabulary.append(term)
        return np.array([self.ids[t] for t in vocabulary], dtype=np.int32)

    def append(self, row: np.ndarray) -> None:
        """Append a passage's term ids, already ids of this vocabulary."""
        self.rows.append(row)

    def __len__(self) -> int:
        return len(self.rows)

    def save(self, folder: Path) -> list[Path]:
        """Write the vocabulary and the ids (JSON and .npy, no pickle) to `folder`; the files written."""
        folder = Path(folder)
        (folder / VOCABULARY_FILE).write_text(json.dumps(self.vocabulary, ensure_ascii=False), encoding="utf-8")
        lengths = np.array([len(r) for r in self.rows], dtype=np.int64)
        np.save(folder / TERM_OFFSETS_FILE, np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64))
        np.save(folder / TERM_IDS_FILE, np.concatenate(self.rows) if self.rows else np.empty(0, np.int32))
        return [folder / VOCABULARY_FILE, folder / TERM_OFFSETS_FILE, folder / TERM_IDS_FILE]

    @classmethod
    def load(cls, folder: Path) -> "Terms":
        """The terms `save` wrote (`ValueError` when they do not fit together)."""
        folder = Path(folder)
        terms = cls(json.loads((folder / VOCABULARY_FILE).read_text(encoding="utf-8")))
        offsets = np.load(folder / TERM_OFFSETS_FILE, allow_pickle=False)
        ids = np.load(folder / TERM_IDS_FILE, allow_pickle=False)
        if len(offsets) == 0 or offsets[-1] != len(ids) or (len(ids) and int(ids.max()) >= len(terms.vocabulary)):
            raise ValueError(f"the saved terms in {folder} do not fit together")
        terms.rows = np.split(ids, offsets[1:-1]) if len(offsets) > 1 else []
        return terms


class BM25:
    """BM25 scores of a fixed list of texts."""

    # k1 and b tuned on eval/questions.jsonl: passages are short and even in length, so less
    # length normalisation and earlier term saturation than the usual 1.2 / 0.75.
    K1, B = 0.9, 0.4

    def __init__(self, texts: list[str], k1: float = K1, b: float = B, terms: Terms | None = None,
                 background: Background | None = None):
        """The index of `texts`; `terms`, when given, are their `tokenize` terms already cut (a rebuild
        reuses those of unchanged passages: cutting is most of the cost). With `background`, the
        statistics of the passages searched beside these are counted in (see `Background`)."""
        if terms is None:
            terms = Terms()
            for text in texts:
                terms.add(tokenize(text))
        self.terms = terms
        self._model = _builder()(k1=k1, b=b)
        self._model.background = background
        self._model.index((terms.rows, dict(terms.ids)), show_progress=False)
        self.size = len(terms)
        self.length = int(sum(len(r) for r in terms.rows))  # terms in all passages, for a later `Background`

    def save(self, folder: Path) -> list[Path]:
        """Write the index to `folder` (bm25s' own format: JSON and .npy arrays, no pickle) with each
        passage's terms (`Terms.save`); its files."""
        self._model.save(str(folder), show_progress=False)
        self.terms.save(Path(folder))
        return sorted(p for p in Path(folder).iterdir() if p.is_file())

    @classmethod
    def load(cls, folder: Path, size: int) -> "BM25":
        """The index `save` wrote, its arrays memory-mapped rather than read (and nothing tokenised)."""
        import bm25s

        bm25 = cls.__new__(cls)
        bm25._model = bm25s.BM25.load(str(folder), mmap=True, allow_pickle=False, show_progress=False)
        bm25.size = size
        bm25.terms = None  # read only when a rebuild asks (`saved_terms`)
        bm25.length = None  # kept in the manifest (its segment's "terms")
        return bm25

    def knows(self, term: str) -> bool:
        """True when some passage has `term` (a `tokenize` term)."""
        return term in self._model.vocab_dict

    def scores(self, query: str) -> np.ndarray:
        """The BM25 score of every text for `query` (zeros when no word matches)."""
        return self.term_scores(query_terms(query, self.knows))

    def term_scores(self, tokens: list[str]) -> np.ndarray:
        """The BM25 score of every text for the query terms `tokens`."""
        if not tokens:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._model.get_scores(tokens), dtype=np.float32)

    def holding(self, term: str) -> np.ndarray:
        """The rows of the passages that hold `term` (none for a term none holds)."""
        i = self._model.vocab_dict.get(term, -1)
        if i < 0:
            return np.zeros(0, dtype=np.int64)
        indptr = self._model.scores["indptr"]
        return np.asarray(self._model.scores["indices"][indptr[i] : indptr[i + 1]], dtype=np.int64)

    def document_frequencies(self, terms: list[str]) -> np.ndarray:
        """How many of the passages hold each of `terms` (0 for a term none holds)."""
        indptr = self._model.scores["indptr"]  # a column per term: its non-zeros are the passages holding it
        vocab = self._model.vocab_dict
        ids = [vocab.get(t, -1) for t in terms]
        return np.array([int(indptr[i + 1] - indptr[i]) if i >= 0 else 0 for i in ids], dtype=np.int64)


@dataclass
class Background:
    """The passages searched beside a new BM25 index (the earlier segments of a build): how many, how many
    terms they hold in all, and the document frequency of each of the new index's terms among them. The new
    index's idf and length normalisation count them in, so its scores stand beside theirs."""

    passages: int
    length: int
    df: np.ndarray  # by the new index's term ids

    @classmethod
    def of(cls, parts: list["BM25"], length: int, terms: Terms) -> "Background":
        """The background of the indexes `parts`, which hold `length` terms in all, for a new index of `terms`."""
        df = np.zeros(len(terms.vocabulary), dtype=np.int64)
        for part in parts:
            df += part.document_frequencies(terms.vocabulary)
        return cls(sum(p.size for p in parts), length, df)


class SegmentedBM25:
    """BM25 over a build's segments as one index: each segment's scores one after another, the rows of
    deleted passages left out (`live`: the row of each live passage among all rows; None when none is deleted)."""

    def __init__(self, parts: list[BM25], live: np.ndarray | None):
        self.parts = parts
        self.live = live
        self.size = sum(p.size for p in parts) if live is None else len(live)

    def knows(self, term: str) -> bool:
        return any(p.knows(term) for p in self.parts)

    def document_frequencies(self, terms: list[str]) -> np.ndarray:
        """How many passages hold each of `terms` (deleted ones too, until the build is written whole)."""
        return sum(p.document_frequencies(terms) for p in self.parts)

    def holding(self, term: str) -> np.ndarray:
        """The live passages that hold `term`, numbered as the index's chunks."""
        starts = np.cumsum([0, *(p.size for p in self.parts)])
        rows = np.concatenate([p.holding(term) + start for p, start in zip(self.parts, starts)])
        if self.live is None:
            return rows
        at = np.searchsorted(self.live, rows)
        inside = at < len(self.live)
        return at[inside][self.live[at[inside]] == rows[inside]]

    def scores(self, query: str) -> np.ndarray:
        tokens = query_terms(query, self.knows)
        if len(self.parts) == 1:
            scores = self.parts[0].term_scores(tokens)
        else:
            scores = np.concatenate([p.term_scores(tokens) for p in self.parts])
        return scores if self.live is None else scores[self.live]


def candidates(lexicon: SegmentedBM25, word: str) -> np.ndarray | None:
    """The passages that may contain `word` (a search-form string with Chinese characters), from the BM25
    index alone: those holding its two rarest character pairs (every pair of a passage's characters is one
    of its terms, but for stop words). None when the index cannot narrow them: no pair but stop words."""
    pairs = _pairs(word)
    if not pairs:
        return None
    if not all(map(lexicon.knows, pairs)):
        return np.zeros(0, dtype=np.int64)
    rarest = sorted((lexicon.holding(p) for p in pairs), key=len)[:2]
    return rarest[0] if len(rarest) == 1 else np.intersect1d(*rarest)


def _pairs(word: str) -> set[str]:
    """The pairs of Chinese characters in `word` that are BM25 terms (not stop words)."""
    return {run[i : i + 2] for run in HAN_RUN.findall(word) for i in range(len(run) - 1)} - STOPWORDS


def holding(word: str, texts: list[str], lexicon: SegmentedBM25 | None) -> np.ndarray | None:
    """The indices of `texts` (the passages of `lexicon`, in order) that contain `word`, ascending: with the
    index, only the `candidates` are read. None, with or without the index, for a word that the index cannot
    narrow (no pair of Chinese characters but stop words: a single character, a number), which only reading
    every passage would tell."""
    if not _pairs(word):
        return None
    if lexicon is None:
        return np.array([i for i, t in enumerate(texts) if word in t], dtype=np.int64)
    return _read(word, texts, candidates(lexicon, word))


def count_holding(word: str, texts: list[str], lexicon: SegmentedBM25 | None) -> int:
    """How many of `texts` (the passages of `lexicon`, in order) contain `word`: with the index, only the
    `candidates` are read; otherwise every text is read."""
    rows = holding(word, texts, lexicon)
    return sum(word in t for t in texts) if rows is None else len(rows)


def _read(word: str, texts: list[str], found: np.ndarray) -> np.ndarray:
    """The `found` candidates that contain `word`; a pair of Chinese characters, itself one of the index's
    terms, is in every one of them."""
    if len(word) == 2 and HAN_RUN.fullmatch(word):
        return np.asarray(found, dtype=np.int64)
    return np.array([i for i in found if word in texts[i]], dtype=np.int64)


def query_terms(query: str, known) -> list[str]:
    """The search terms of a query: `tokenize`'s, and a name joined to its number where the passages do."""
    tokens = tokenize(query)
    return tokens + joined(tokens, known)


def joined(tokens: list[str], known) -> list[str]:
    """A name and the number after it written together ("WAIC 2023" -> waic2023), where `known(term)`
    says the passages write them so: the articles' "WAIC2023" and "GPT5" are one term each, a question's two."""
    return [a + b for a, b in zip(tokens, tokens[1:])
            if a.isascii() and a.isalpha() and b[:1].isdigit() and known(a + b)]


BLOCK = 50_000  # passages counted at once while building the index (bounds the memory it takes)


@lru_cache(maxsize=1)
def _builder():
    """bm25s' BM25, its index built by array operations over all passages (`scores_matrix`) instead of a
    Python loop a passage, through the method bm25s offers for it: the same scores, much sooner."""
    import bm25s

    class Builder(bm25s.BM25):
        def build_index_from_ids(self, unique_token_ids, corpus_token_ids, show_progress=True, leave_progress=False):
            if self.method != "lucene" or self.idf_method != "lucene":
                return super().build_index_from_ids(unique_token_ids, corpus_token_ids, show_progress, leave_progress)
            self.nonoccurrence_array = None  # what bm25s sets for Lucene's BM25 (BM25L and BM25+ need one)
            return scores_matrix(corpus_token_ids, len(unique_token_ids), self.k1, self.b, self.dtype,
                                 getattr(self, "background", None))

    return Builder


def scores_matrix(rows: list[np.ndarray], vocabulary: int, k1: float, b: float, dtype: str = "float32",
                  background: Background | None = None) -> dict:
    """bm25s' score matrix (Lucene's BM25: idf log(1 + (N - df + 0.5) / (df + 0.5)), term frequency
    saturated by k1 and normalised by length with b) of the passages whose term ids are `rows`: a
    passage-by-term CSC matrix as bm25s keeps it ({data, indices, indptr, num_docs}). N, df and the
    average length count the `background` passages too."""
    import scipy.sparse as sp

    n = len(rows)
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=n)
    df = np.zeros(vocabulary, dtype=np.int64)
    docs, terms, counts = [], [], []
    for start in range(0, n, BLOCK):  # each passage's distinct terms and how often each occurs
        block = rows[start : start + BLOCK]
        at = np.repeat(np.arange(start, start + len(block), dtype=np.int64), lengths[start : start + len(block)])
        keys, tf = np.unique(at * vocabulary + np.concatenate(block).astype(np.int64), return_counts=True)
        docs.append((keys // vocabulary).astype(np.int32))
        terms.append((keys % vocabulary).astype(np.int32))
        counts.append(tf.astype(np.float32))
        df += np.bincount(terms[-1], minlength=vocabulary)
    doc, term, tf = (np.concatenate(x) if x else np.empty(0, t) for x, t in
                     ((docs, np.int32), (terms, np.int32), (counts, np.float32)))
    total, length = n, int(lengths.sum())
    if background is not None:
        df += background.df[:vocabulary]
        total, length = total + background.passages, length + background.length
    idf = np.zeros(vocabulary, dtype=np.float32)
    seen = df > 0
    idf[seen] = np.log(1 + (total - df[seen] + 0.5) / (df[seen] + 0.5))
    average = length / total if total else 1.0
    weight = idf[term] * (tf / (k1 * ((1 - b) + b * lengths[doc] / average) + tf))
    matrix = sp.csc_matrix((weight.astype(dtype), (doc, term)), shape=(n, vocabulary), dtype=dtype)
    return {"data": matrix.data, "indices": matrix.indices, "indptr": matrix.indptr, "num_docs": n}


def saved_terms(folder: Path) -> Terms | None:
    """The passages' terms a saved index holds, in order; None for an index saved without them."""
    if not (Path(folder) / VOCABULARY_FILE).is_file():
        return None
    return Terms.load(folder)
