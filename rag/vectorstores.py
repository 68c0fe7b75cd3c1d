"""Vector stores: where a build's passages are searched, by vector and by BM25, as small classes
registered by name and chosen by the `store` setting.

- `faiss` (default): everything in the index folder; FAISS top-k and the saved bm25s index, in process.
- `milvus`: one collection per build in Milvus, with the chunk fields, the dense vectors, and Milvus' own
  BM25 function over the passages' terms (`milvus_analyzer`: the project's, or Milvus' jieba).
  `milvus_uri` set to a local `.db` path runs Milvus Lite in process (one process at a time may open
  it); an `http://host:19530` URI runs the same code against a Milvus server or cluster.

Either way the index folder keeps the chunks, documents and vectors (quotes are cut from it, and a
rebuild reuses its vectors); the store answers the candidate searches, and the retriever fuses them.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Callable

import numpy as np

from .lexical import BM25, STOPWORDS, tokenize
from .registry import Registry


class StoreError(RuntimeError):
    """A vector store that cannot be reached, or that lacks what a build put in it."""


class VectorStore:
    """Base class. `write` stores a build's chunks and vectors and returns what the manifest records of it; `open`
    attaches to a loaded build; `candidates` gives the chunk rows among the `pool` best by vector or by
    BM25, with their dense and BM25 scores; `drop` removes what `write` stored."""

    name = ""

    def write(self, build_id: str, chunks: list, matrix: np.ndarray) -> dict:
        return {"name": self.name}

    def open(self, index, lexical: Callable[[], object]) -> None:
        raise NotImplementedError

    def candidates(self, vectors: np.ndarray, lexical_query: str, pool: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        raise NotImplementedError

    def drop(self, entry: dict) -> None:
        pass


STORES: Registry[VectorStore] = Registry("vector store", StoreError)


@STORES.register
class FaissStore(VectorStore):
    """The index folder's own FAISS index and bm25s index, searched in process."""

    name = "faiss"

    def __init__(self, ef_search: int = 128):
        self.ef_search = int(ef_search)

    def open(self, index, lexical: Callable[[], object]) -> None:
        self.vectors = index.vectors  # `store.SegmentVectors`: every segment's FAISS index as one
        self.vectors.tune(self.ef_search)
        self.lexical = lexical  # the BM25 index, loaded on first use

    def candidates(self, vectors, lexical_query, pool):
        # Every other chunk is at or below both lists' scaling floor (`retriever._scale`, pool >=
        # `candidates`), so its fused score is 0 and ranking over these alone is the same as over all.
        found = self.vectors.search(vectors, min(pool, self.vectors.ntotal))[1]
        lexical_all = self.lexical().scores(lexical_query)
        top_lexical = np.argpartition(-lexical_all, min(pool, lexical_all.size) - 1)[:pool]
        ids = np.unique(np.concatenate([found[found >= 0], top_lexical]))
        dense = (self.vectors.reconstruct_batch(ids) @ vectors.T).max(axis=1)
        return ids, dense.astype(np.float32), lexical_all[ids].astype(np.float32)


# How Milvus cuts the passages for its BM25: `project` (default), the project's own terms as written by
# `MilvusStore._analysed`, cut at spaces by Milvus' standard tokenizer, which keeps retrieval within 0.01
# of the faiss store on eval/questions.jsonl; `jieba`, Milvus' own jieba in search mode, lower case,
# without the project's stop words (hit@1 0.055 lower: it has no character bigrams).
ANALYZERS = {
    "jieba": {"tokenizer": {"type": "jieba", "mode": "search", "hmm": True},
              "filter": ["lowercase", {"type": "stop", "stop_words": sorted(STOPWORDS)}]},
    "project": {"tokenizer": "standard"},
}
_CLIENTS: dict[str, object] = {}
_CLIENTS_LOCK = threading.Lock()


@STORES.register
class MilvusStore(VectorStore):
    """A collection per build in Milvus (Lite, server or cluster), searched with its dense index and its
    BM25 function (over the project's terms, or jieba's: `analyzer`)."""

    name = "milvus"

    def __init__(self, uri: str, token: str = "", analyzer: str = "project", batch: int = 256):
        if not uri:
            raise StoreError("the milvus store needs milvus_uri: a local path ending in .db (Milvus Lite) "
                             "or http://host:19530 (a Milvus server)")
        if analyzer not in ANALYZERS:
            raise StoreError(f"unknown milvus analyzer {analyzer!r}; valid: {', '.join(ANALYZERS)}")
        self.uri = uri
        self.token = token
        self.analyzer = analyzer
        self.batch = int(batch)
        self.collection = ""

    def client(self):
        """One `MilvusClient` per URI and process (Milvus Lite lets one process open a database)."""
        with _CLIENTS_LOCK:
            if self.uri not in _CLIENTS:
                try:
                    from pymilvus import MilvusClient
                except ImportError as exc:
                    raise StoreError("the milvus store needs pymilvus and milvus-lite: "
                                     "pip install -e '.[milvus]'") from exc
                # Milvus Lite's embedded server logs an error for a call it does not implement
                # (AllocTimestamp, tried while waiting for an index); pymilvus goes on without it.
                logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
                local = "://" not in self.uri
                if local:
                    Path(self.uri).parent.mkdir(parents=True, exist_ok=True)
                try:
                    _CLIENTS[self.uri] = MilvusClient(uri=self.uri, token=self.token, timeout=10)
                except Exception as exc:  # pymilvus raises its own exception kinds, and OSError
                    busy = " (Milvus Lite lets one process open a database: is a `rag serve` or `rag index` " \
                           "using it?)" if local else ""
                    raise StoreError(f"cannot open Milvus at {self.uri}: {exc}{busy}; check milvus_uri, or set "
                                     f"store = \"faiss\"") from exc
            return _CLIENTS[self.uri]

    def write(self, build_id: str, chunks: list, matrix: np.ndarray) -> dict:
        from pymilvus import DataType, Function, FunctionType

        client = self.client()
        name = "rag_" + build_id.replace("-", "_")
        schema = client.create_schema(auto_id=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True,
                         analyzer_params=ANALYZERS[self.analyzer])
        schema.add_field("source", DataType.VARCHAR, max_length=1024)
        schema.add_field("title", DataType.VARCHAR, max_length=4096)
        schema.add_field("start", DataType.INT64)
        schema.add_field("end", DataType.INT64)
        schema.add_field("dense", DataType.FLOAT_VECTOR, dim=int(matrix.shape[1]))
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25,
                                     input_field_names=["text"], output_field_names=["sparse"]))
        index = client.prepare_index_params()
        index.add_index("dense", index_type="FLAT", metric_type="IP")
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                        params={"bm25_k1": BM25.K1, "bm25_b": BM25.B})
        try:
            client.create_collection(name, schema=schema, index_params=index)
            for lo in range(0, len(chunks), self.batch):
                client.insert(name, [{"id": i, "text": self._analysed(c.lexical_text()) or " ", "source": c.source,
                                      "title": c.title[:1000], "start": c.start, "end": c.end,
                                      "dense": matrix[i].tolist()}
                                     for i, c in enumerate(chunks[lo : lo + self.batch], lo)])
            client.flush(name)
        except Exception as exc:
            self.drop({"collection": name})
            raise StoreError(f"cannot write the passages to Milvus at {self.uri}: {exc}") from exc
        return {"name": self.name, "uri": self.uri, "collection": name, "analyzer": self.analyzer}

    def _analysed(self, text: str) -> str:
        """The text the BM25 function reads: as it is for jieba; for `project`, the project's own terms
        (`lexical.tokenize`: words and character bigrams), each written in hex so that Milvus' standard
        tokenizer keeps it whole."""
        if self.analyzer == "project":
            return " ".join(t.encode("utf-8").hex() for t in tokenize(text))
        return text

    def open(self, index, lexical: Callable[[], object]) -> None:
        entry = index.manifest.get("store", {})
        self.collection = entry.get("collection", "")
        self.analyzer = entry.get("analyzer", self.analyzer)  # queries are analysed as the build was
        client = self.client()
        if not self.collection or not client.has_collection(self.collection):
            raise StoreError(f"Milvus at {self.uri} has no collection {self.collection!r} for {index.path}; "
                             f"run `rag index` to build it again")
        client.load_collection(self.collection)

    def candidates(self, vectors, lexical_query, pool):
        client = self.client()
        dense: dict[int, float] = {}
        for hits in client.search(self.collection, data=vectors.tolist(), anns_field="dense", limit=pool,
                                  search_params={"metric_type": "IP"}, output_fields=["id"]):
            for h in hits:
                dense[h["id"]] = max(dense.get(h["id"], -1.0), float(h["distance"]))
        lexical: dict[int, float] = {}
        lexical_query = self._analysed(lexical_query)
        if lexical_query.strip():
            for h in client.search(self.collection, data=[lexical_query], anns_field="sparse", limit=pool,
                                   search_params={"metric_type": "BM25"}, output_fields=["dense"])[0]:
                # Milvus Lite gives BM25 as a negative distance, a server as a positive score.
                lexical[h["id"]] = abs(float(h["distance"]))
                if h["id"] not in dense:
                    dense[h["id"]] = float((np.asarray(h["entity"]["dense"], dtype=np.float32) @ vectors.T).max())
        ids = np.array(sorted(dense), dtype=np.int64)
        return (ids, np.array([dense[i] for i in ids], dtype=np.float32),
                np.array([lexical.get(i, 0.0) for i in ids], dtype=np.float32))

    def drop(self, entry: dict) -> None:
        name = entry.get("collection", "")
        try:
            client = self.client()
            if name and client.has_collection(name):
                client.drop_collection(name)
        except Exception:  # removing an old build's collection is tidying: never fail a build for it
            pass


def close_clients() -> None:
    """Close this process's Milvus connections (lets another process open a Milvus Lite database)."""
    with _CLIENTS_LOCK:
        for uri, client in _CLIENTS.items():
            client.close()
            if "://" not in uri:  # Milvus Lite serves a database from a thread of this process until told
                from milvus_lite.server_manager import server_manager_instance

                server_manager_instance.release_server(uri)
        _CLIENTS.clear()


def store_options(settings, index_dir: Path) -> dict:
    """The options of the configured store: Milvus' URI defaults to a Milvus Lite file in the index folder."""
    if settings.store == "milvus":
        return {"uri": settings.milvus_uri or str(Path(index_dir) / "milvus.db"), "token": settings.milvus_token,
                "analyzer": settings.milvus_analyzer}
    if settings.store == "faiss":
        return {"ef_search": settings.hnsw_ef_search}
    return {}


def make_store(settings, index_dir: Path) -> VectorStore:
    """The configured vector store for the index in `index_dir`."""
    return STORES.make(settings.store, **store_options(settings, index_dir))


def dropper(entry: dict) -> Callable[[], None]:
    """What removes the stored passages of a build whose manifest records `entry`."""
    if entry.get("name") == "milvus":
        return lambda: MilvusStore(entry.get("uri", "")).drop(entry)
    return lambda: None
