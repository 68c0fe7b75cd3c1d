"""Retriever: dense (FAISS) and lexical (BM25) search, fused, with duplicate passages collapsed."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .config import Settings, load_settings
from .embeddings import Embedder, get_embedder
from .glossary import Glossary, written_names
from .lexical import BM25, SegmentedBM25
from .normalize import normalize_query
from .script import HAN, converter, to_simplified
from .rerankers import RERANKERS
from .store import BM25_DIR, Index, IndexUnusable, load_index
from .vectorstores import make_store


@dataclass
class Hit:
    """A retrieved passage: `text == raw[start:end]` of file `source`, best first by `score`."""

    text: str
    source: str
    title: str
    start: int
    end: int
    score: float
    dense: float = 0.0  # cosine similarity of query and passage
    lexical: float = 0.0  # BM25 score
    chunk_id: str = ""
    # The same passage in other files (e.g. the same article in another script): source, title, start, end.
    also: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def _shingles(text: str, n: int = 4) -> frozenset[str]:
    text = "".join(text.split())
    return frozenset(text[i : i + n] for i in range(max(1, len(text) - n + 1)))


class Retriever:
    """Hybrid search over one loaded index."""

    def __init__(self, index: Index, embedder: Embedder, settings: Settings):
        if index.manifest["embedder"]["fingerprint"] != embedder.fingerprint:
            raise IndexUnusable(
                f"{index.path} was built with other weights of {embedder.name!r}; run `rag index` to rebuild it"
            )
        self.index = index
        self.embedder = embedder
        self.settings = settings
        self.chunks = index.chunks
        self.documents = index.documents
        built = index.manifest.get("store", {}).get("name", "faiss")
        if built != settings.store:
            raise IndexUnusable(f"{index.path} was built for the {built} store, but {settings.store!r} is configured; "
                                f"run `rag index` to build it for {settings.store}")
        self._bm25: SegmentedBM25 | None = None
        self.store = make_store(settings, index.path.parent)
        self.store.open(index, self.bm25)
        self._shingles: dict[int, frozenset[str]] = {}  # made when a passage is first compared, not at load
        self._readings: dict[str, str] = {}  # a traditional-script question's reading (`reading`), once
        # What later stages make from these passages once and share, living as long as this retriever
        # (the assistant's sentencer and evidence).
        self.shared: dict[str, object] = {}
        self.glossary = Glossary([c.search for c in self.chunks], lexicon=self.bm25)
        self.reranker = (RERANKERS.make(settings.reranker, **settings.rerankers.get(settings.reranker, {}))
                         if settings.reranker else None)

    # ------------------------------------------------------------------ search

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        """The `k` best passages for `query`, best first, no passage twice."""
        k = k or self.settings.k
        query = normalize_query(self.reading(query))
        if not query or not self.chunks:
            return []
        pool = max(self.settings.candidates, k * 4)
        ids, dense, lexical = self._candidates(query, pool)
        fused = self.fuse(dense, lexical)  # each list holds its `candidates` best: the same scaling as over all
        order = np.argsort(-fused, kind="stable")[:pool]
        if self.reranker is None:
            return self._collapse(ids[order], fused[order], dense[order], lexical[order], k)
        hits = self._collapse(ids[order], fused[order], dense[order], lexical[order], max(k, self.settings.rerank_pool))
        for hit, score in zip(hits, self.reranker.score(query, [h.text for h in hits])):
            hit.score = score  # best first by the reranker's score, which replaces the fused one
        return sorted(hits, key=lambda h: -h.score)[:k]

    def reading(self, query: str) -> str:
        """A question in traditional script in the words the passages use: Taiwan's (資料, 晶片, 效能,
        視訊記憶體) read as the mainland's (数据, 芯片, 性能, 显存) when that reading matches a passage better
        (its best BM25 score is higher), else as written (articles written in Taiwan use Taiwan's words, and
        a mainland article may too: 智慧校园). Other questions as they are."""
        if to_simplified(query) == query:
            return query
        # Worked out once per question: the assistant reads it, then `search` reads it again, and each
        # reading scores every passage twice.
        if query not in self._readings:
            if len(self._readings) >= 256:
                self._readings.clear()
            mainland = converter("tw2sp").convert(query)
            self._readings[query] = mainland if self._best_bm25(mainland) > self._best_bm25(query) else query
        return self._readings[query]

    def _best_bm25(self, text: str) -> float:
        """The best BM25 score of any passage for `text`."""
        scores = self.bm25().scores(normalize_query(text))
        return float(scores.max()) if scores.size else 0.0

    def _candidates(self, query: str, pool: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The chunk ids among the `pool` best of either search (in index order), with their dense and
        BM25 scores, from the vector store."""
        return self.store.candidates(self._query_vectors(query), self.lexical_query(query), pool)

    def bm25(self) -> SegmentedBM25:
        """The build's BM25 index, each segment's mapped from its folder on first use."""
        if self._bm25 is None:
            parts = [BM25.load(self.index.path / s.folder / BM25_DIR, len(s.chunks)) for s in self.index.segments]
            self._bm25 = SegmentedBM25(parts, self.index.live_rows)
        return self._bm25

    def _query_vectors(self, query: str) -> np.ndarray:
        """The query's vector; for an English question also its glossary translation's (see `dense_scores`)."""
        texts = [query]
        if not HAN.search(query):
            words = self.glossary.translate(query)
            if words:
                texts.append(" ".join(words))
        return np.asarray(self.embedder.encode(texts), dtype=np.float32)

    def dense_scores(self, query: str) -> np.ndarray:
        """Cosine similarity of the (normalised) query to every chunk; for an English question the
        better of the question's and its glossary translation's (m3e-small matches Chinese to Chinese
        far better: hit@1 of the 13 English questions of eval/questions.jsonl rose from 0.85 to 1.00)."""
        scores = self._dense(query)
        if not HAN.search(query):
            words = self.glossary.translate(query)
            if words:
                scores = np.maximum(scores, self._dense(" ".join(words)))
        return scores

    def _dense(self, query: str) -> np.ndarray:
        vector = self.embedder.encode([query])
        n = self.index.vectors.ntotal
        scores, ids = self.index.vectors.search(vector, n)
        out = np.zeros(n, dtype=np.float32)
        out[ids[0]] = scores[0]
        return out

    def lexical_scores(self, query: str) -> np.ndarray:
        """BM25 score of the (normalised) query for every chunk."""
        return self.bm25().scores(self.lexical_query(query))

    def lexical_query(self, query: str) -> str:
        """The query for BM25: an English question gets the Chinese words of its glossary translation, and
        the names it writes in Latin letters once more where no more passages write them than a search
        returns (PowerInfer): the translation gives several Chinese words for each English one, which would
        outweigh the one name that says which passage is meant. A name many passages write (CES) says less."""
        if HAN.search(query):
            return query
        names = written_names(query)
        frequency = self.bm25().document_frequencies(names) if names else []
        rare = [w for w, df in zip(names, frequency) if 0 < df <= self.settings.k]
        return " ".join([query, *self.glossary.translate(query), *rare])

    def fuse(self, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """A convex combination of the two score lists, each scaled to [0, 1] over the best candidates.

        Scores, unlike ranks (RRF), keep how far ahead the best passage is; scaling against the
        candidate pool makes BM25's unbounded scores and cosine similarities comparable.
        """
        w = self.settings.dense_weight
        return w * _scale(dense, self.settings.candidates) + (1 - w) * _scale(lexical, self.settings.candidates)

    def _collapse(self, ids, fused, dense, lexical, k: int) -> list[Hit]:
        """The first `k` of the chunks `ids` (best first, with their scores), each passage once."""
        hits: list[Hit] = []
        kept: list[int] = []
        for n, i in enumerate(ids):
            i = int(i)
            twin = next((n for n, j in enumerate(kept) if self._same_passage(i, j)), None)
            chunk = self.chunks[i]
            if twin is not None:
                first = hits[twin]
                if chunk.source != first.source and all(a["source"] != chunk.source for a in first.also):
                    first.also.append({"source": chunk.source, "title": chunk.title, "start": chunk.start, "end": chunk.end})
                continue
            kept.append(i)
            hits.append(
                Hit(chunk.text, chunk.source, chunk.title, chunk.start, chunk.end, float(fused[n]),
                    float(dense[n]), float(lexical[n]), chunk.id)
            )
            if len(hits) == k:
                break
        return hits

    def _same_passage(self, i: int, j: int) -> bool:
        a, b = self.chunks[i], self.chunks[j]
        if a.source == b.source:
            overlap = min(a.end, b.end) - max(a.start, b.start)
            return overlap > 0.5 * min(a.end - a.start, b.end - b.start)
        sa, sb = self._shingles_of(i), self._shingles_of(j)
        return len(sa & sb) >= self.settings.duplicate_overlap * min(len(sa), len(sb))

    def _shingles_of(self, i: int) -> frozenset[str]:
        if i not in self._shingles:
            self._shingles[i] = _shingles(self.chunks[i].search)
        return self._shingles[i]

    # ------------------------------------------------------------------ adapters

    def as_langchain(self, k: int | None = None):
        """A langchain-core `BaseRetriever` over this retriever."""
        from .langchain import LangChainRetriever

        return LangChainRetriever(retriever=self, k=k or self.settings.k)

    def context(self, source: str, start: int, end: int, chars: int = 300) -> tuple[str, int, int]:
        """The raw text around `start:end`, widened by `chars` on each side within its article."""
        doc = self.documents[source]
        article = doc.article_at(start)
        lo, hi = max(article.start, start - chars), min(article.end, end + chars)
        return doc.raw[lo:hi], lo, hi


def _scale(scores: np.ndarray, pool: int) -> np.ndarray:
    """Scores mapped to [0, 1]: the best is 1, the `pool`-th best and below 0."""
    if scores.size == 0:
        return scores
    top = float(scores.max())
    floor = float(np.partition(scores, -min(pool, scores.size))[-min(pool, scores.size)])
    if top <= floor:
        return np.zeros_like(scores)
    return np.clip((scores - floor) / (top - floor), 0.0, 1.0)


def load_retriever(index_dir: str | Path | None = None, settings: Settings | None = None, **overrides: Any) -> Retriever:
    """The retriever over the index in `index_dir` (default: the configured one)."""
    settings = settings or load_settings(**overrides)
    index_dir = Path(index_dir) if index_dir else settings.index_dir
    index = load_index(index_dir, settings.embedder)
    return Retriever(index, get_embedder(settings.embedder, settings.cache_dir), settings)
