"""Baselines: the systems the eval ranks side by side (project, naive, bm25, dense; milvus when asked),
behind one search call."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from .normalize import normalize_query

SYSTEMS = ("project", "naive", "bm25", "dense")
OPTIONAL_SYSTEMS = ("milvus",)  # asked for by name: it needs the milvus extra


@dataclass
class Passage:
    """A retrieved passage; `copies` holds the raw text of the same passage in other files."""

    text: str
    source: str
    start: int
    end: int
    copies: list[str] = field(default_factory=list)


class System:
    """A retrieval system: a name and one `search` method."""

    name = ""
    build_seconds = 0.0

    def search(self, query: str, k: int) -> list[Passage]:
        raise NotImplementedError


class ProjectSystem(System):
    """The project's retriever as it is configured."""

    name = "project"

    def __init__(self, retriever):
        self.retriever = retriever

    def search(self, query: str, k: int) -> list[Passage]:
        docs = self.retriever.documents
        return [
            Passage(h.text, h.source, h.start, h.end, [docs[a["source"]].raw[a["start"] : a["end"]] for a in h.also])
            for h in self.retriever.search(query, k)
        ]


class MilvusSystem(ProjectSystem):
    """The project's retriever on the milvus store: the same documents indexed again into Milvus Lite in a
    temporary folder (`rag eval --systems project,milvus` reports both stores side by side)."""

    name = "milvus"

    def __init__(self, retriever):
        import dataclasses
        import tempfile
        from pathlib import Path

        from .retriever import Retriever
        from .store import load_index, write_index

        t0 = time.perf_counter()
        self._folder = tempfile.TemporaryDirectory(prefix="rag-milvus-")  # removed with this object
        settings = dataclasses.replace(retriever.settings, store="milvus", milvus_uri="",
                                       index_dir=Path(self._folder.name) / "index")
        write_index(settings.index_dir, list(retriever.documents.values()), retriever.embedder, settings)
        super().__init__(Retriever(load_index(settings.index_dir), retriever.embedder, settings))
        self.build_seconds = time.perf_counter() - t0


class ChunkScoreSystem(System):
    """One of the project's two scorers alone (`bm25` or `dense`) over the project's chunks, plain top-k."""

    def __init__(self, retriever, name: str):
        if name not in ("bm25", "dense"):
            raise ValueError(f"unknown scorer {name!r}; valid: bm25, dense")
        self.retriever = retriever
        self.name = name

    def search(self, query: str, k: int) -> list[Passage]:
        query = normalize_query(query)
        if not query:
            return []
        r = self.retriever
        scores = r.lexical_scores(query) if self.name == "bm25" else r.dense_scores(query)
        order = np.argsort(-scores, kind="stable")[:k]
        return [Passage(r.chunks[i].text, r.chunks[i].source, r.chunks[i].start, r.chunks[i].end) for i in order]


class NaiveSystem(System):
    """The afternoon recipe: RecursiveCharacterTextSplitter(500, 50) over each file, the embedder's
    model with its default arguments, FAISS flat (L2, as LangChain's FAISS store defaults to)."""

    name = "naive"

    def __init__(self, documents: dict, embedder, chunk_size: int = 500, chunk_overlap: int = 50):
        import faiss
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        t0 = time.perf_counter()
        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=chunk_overlap, add_start_index=True)
        self.passages: list[Passage] = []
        for source, doc in sorted(documents.items()):
            for piece in splitter.create_documents([doc.raw]):
                start = piece.metadata["start_index"]
                self.passages.append(Passage(piece.page_content, source, start, start + len(piece.page_content)))
        # A plain sentence-transformers model when there is one; the test fake otherwise.
        model = getattr(embedder, "model", None)
        self._encode = model.encode if model is not None else embedder.encode
        vectors = np.asarray(self._encode([p.text for p in self.passages]), dtype=np.float32)
        self.index = faiss.IndexFlatL2(vectors.shape[1])
        self.index.add(vectors)
        self.build_seconds = time.perf_counter() - t0

    def search(self, query: str, k: int) -> list[Passage]:
        if not query.strip():
            return []
        vector = np.asarray(self._encode([query]), dtype=np.float32)
        _, ids = self.index.search(vector, min(k, len(self.passages)))
        return [self.passages[i] for i in ids[0] if i >= 0]


def build_systems(retriever, names=SYSTEMS) -> dict[str, System]:
    """The named systems over `retriever`'s corpus, in the order given."""
    out: dict[str, System] = {}
    for name in names:
        if name == "project":
            out[name] = ProjectSystem(retriever)
        elif name == "naive":
            out[name] = NaiveSystem(retriever.documents, retriever.embedder)
        elif name in ("bm25", "dense"):
            out[name] = ChunkScoreSystem(retriever, name)
        elif name == "milvus":
            out[name] = MilvusSystem(retriever)
        else:
            raise ValueError(f"unknown system {name!r}; valid: {', '.join(SYSTEMS + OPTIONAL_SYSTEMS)}")
    return out
