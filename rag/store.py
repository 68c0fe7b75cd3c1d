"""Store: one self-describing, versioned index folder, written atomically and verified on load.

Layout of an index folder DIR:

    DIR/CURRENT                  "<build id> <sha256 of its manifest.json>", replaced atomically
    DIR/<build id>/manifest.json format version, embedder, chunking, corpus files, counts, file checksums
    DIR/<build id>/vectors.faiss FAISS inner-product index (flat, or HNSW above `hnsw_above`), a row per chunk
    DIR/<build id>/chunks.jsonl  one chunk record a line
    DIR/<build id>/documents.jsonl one decoded file a line (raw text and articles), for quotes and context
    DIR/<build id>/bm25/         the BM25 index of the chunks' search form (bm25s: JSON and .npy arrays)

A build is written in full beside the live one and only then named in CURRENT, so a failure at any
point leaves the previous index as it was. Nothing here is pickled.

One writer at a time holds DIR/LOCK (`locks.writing`); a loaded index holds a shared lock on its build
(`locks.ReaderHold`), and a writer removes an old build only when no reader holds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from .chunks import Chunk, chunk_document
from .documents import Article, Document
from .lexical import BM25, TERM_IDS_FILE, TERM_OFFSETS_FILE, TOKENIZER_VERSION, VOCABULARY_FILE, Terms, saved_terms, tokenize
from .locks import ReaderHold, unread, writing
from .vectorstores import dropper, make_store
from .weights import sha256_file

FORMAT = "rag-index"
# 2: each chunk record names the sha256 of the text its vector was made from.
# 3: data files are checked with xxh3-128 (`file_checksum`), not sha256.
FORMAT_VERSION = 3
# Bump when loaders.py, documents.py, normalize.py or chunks.py change what text or chunks they make.
CHUNKER_VERSION = 2
DATA_FILES = ("vectors.faiss", "chunks.jsonl", "documents.jsonl")
HNSW_EF_CONSTRUCTION = 64  # candidates kept while linking a vector into the HNSW graph
BM25_DIR = "bm25"  # the lexical index (`lexical.BM25.save`); a build without it has BM25 built at load
# Files a load does not read (each passage's BM25 terms, for a rebuild): checked when a rebuild reads them.
REBUILD_FILES = tuple(f"{BM25_DIR}/{name}" for name in (VOCABULARY_FILE, TERM_IDS_FILE, TERM_OFFSETS_FILE))


class IndexUnusable(RuntimeError):
    """An index folder that is missing, damaged or built for another configuration."""


@dataclass
class Index:
    """A loaded, verified index."""

    path: Path
    manifest: dict
    chunks: list[Chunk]
    documents: dict[str, Document]
    vectors: object  # faiss.Index
    # sha256 of the text each row's vector was made from: vectors are reused only for the same text.
    vector_keys: list[str]
    hold: ReaderHold | None = None  # keeps the build from removal while this index is in use

    def vector_matrix(self) -> np.ndarray:
        return self.vectors.reconstruct_n(0, self.vectors.ntotal)


@dataclass
class BuildReport:
    """What `write_index` did."""

    path: Path
    documents: int
    chunks: int
    encoded: int
    reused: int
    errors: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)  # by stage: chunk, encode, vectors, bm25, store, write


def _chunking(settings) -> dict:
    return {
        "tokenizer": "cl100k_base",
        "chunk_tokens": settings.chunk_tokens,
        "overlap_tokens": settings.overlap_tokens,
        "chunker_version": CHUNKER_VERSION,
    }


def embedding_text(chunk: Chunk) -> str:
    """What is embedded for a chunk: its article title, then its search form, so that a passage
    that does not name its subject still carries it."""
    return f"{chunk.title}\n{chunk.search}" if chunk.title else chunk.search


def _text_key(chunk: Chunk) -> str:
    return hashlib.sha256(embedding_text(chunk).encode()).hexdigest()


def write_index(
    index_dir: Path,
    documents: list[Document],
    embedder,
    settings,
    errors: list[str] | None = None,
    fail_after_vectors: Callable[[], None] | None = None,
) -> BuildReport:
    """Chunk and embed `documents` into a new build of `index_dir`, reusing the vectors of any chunk
    the current build already has; the new build replaces the old one only when complete.

    Waits for the folder's writer lock unless the caller holds it already (`locks.writing`)."""
    with writing(index_dir):
        return _write_index(Path(index_dir), documents, embedder, settings, errors, fail_after_vectors)


def _write_index(index_dir, documents, embedder, settings, errors, fail_after_vectors) -> BuildReport:
    import faiss

    _remove_stale(index_dir)
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[stage] = seconds.get(stage, 0.0) + now - clock
        clock = now

    current = _current_index(index_dir)
    # A file that has not changed, chunked by the same settings, keeps its chunks.
    same_chunking = current is not None and current.manifest["chunking"] == _chunking(settings)
    kept: dict[str, list[Chunk]] = {}
    for c in current.chunks if same_chunking else []:
        kept.setdefault(c.source, []).append(c)
    chunks: list[Chunk] = []
    for doc in documents:
        old = current.documents.get(doc.source) if same_chunking else None
        if old is not None and old.sha256 == doc.sha256:
            chunks.extend(kept.get(doc.source, []))
        else:
            chunks.extend(chunk_document(doc, settings.chunk_tokens, settings.overlap_tokens))
    lap("chunk")

    reusable = _reusable_vectors(current, embedder)
    keys = [_text_key(c) for c in chunks]
    missing = sorted({k: embedding_text(c) for k, c in zip(keys, chunks) if k not in reusable}.items())
    if missing:
        fresh = embedder.encode([text for _, text in missing], batch_size=settings.batch_size, progress=True)
        reusable.update({k: v for (k, _), v in zip(missing, fresh)})
    matrix = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    for row, key in enumerate(keys):
        matrix[row] = reusable[key]
    lap("encode")
    if fail_after_vectors:  # lets tests interrupt a build half-way
        fail_after_vectors()

    build_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    tmp = index_dir / f".tmp-{build_id}"
    tmp.mkdir()
    stored: dict = {}
    try:
        vectors, kind = vector_index(matrix, settings)
        # Written by Python, not by faiss: a full or read-only disk is then an OSError that says so.
        (tmp / "vectors.faiss").write_bytes(faiss.serialize_index(vectors).tobytes())
        lap("vectors")
        _write_jsonl(tmp / "chunks.jsonl", ({**c.to_json(), "embedded_sha256": key} for c, key in zip(chunks, keys)))
        _write_jsonl(tmp / "documents.jsonl", (_document_json(d) for d in documents))
        lap("write")
        # The BM25 index is built here, once per build, so that loading maps it instead of tokenising
        # every passage again (most of the load time of a large index).
        lexical = [p.relative_to(tmp).as_posix() for p in _bm25(chunks, current).save(tmp / BM25_DIR)]
        lap("bm25")
        # The configured vector store gets the passages too (for `milvus`, a collection of this build).
        stored = make_store(settings, index_dir).write(build_id, chunks, matrix)
        lap("store")
        per_file = Counter(c.source for c in chunks)
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "embedder": embedder.describe(),
            "chunking": _chunking(settings),
            "corpus": {
                d.source: {
                    "sha256": d.sha256,
                    "format": d.format,
                    "encoding": d.encoding,
                    "articles": len(d.articles),
                    "chunks": per_file[d.source],
                }
                for d in documents
            },
            "counts": {
                "documents": len(documents),
                "articles": sum(len(d.articles) for d in documents),
                "chunks": len(chunks),
            },
            "files": {name: file_checksum(tmp / name) for name in (*DATA_FILES, *lexical)},
            "file_checksum": "xxh3_128",
            "vector_index": kind,
            "tokenizer_version": TOKENIZER_VERSION,
            "store": stored,
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        _fsync_dir_files(tmp)
        final = index_dir / build_id
        tmp.rename(final)
        pointer = index_dir / f"CURRENT.{build_id}.tmp"  # one per writer: two writers never share it
        pointer.write_text(f"{build_id} {sha256_file(final / 'manifest.json')}\n", encoding="utf-8")
        _fsync(pointer)
        os.replace(pointer, index_dir / "CURRENT")  # the switch: atomic on POSIX and Windows
    except BaseException:
        if stored:
            dropper(stored)()
        shutil.rmtree(tmp, ignore_errors=True)
        (index_dir / f"CURRENT.{build_id}.tmp").unlink(missing_ok=True)
        raise
    if current is not None and current.hold is not None:
        current.hold.release()  # this build no longer reads it: it may go now
    _remove_old_builds(index_dir, keep=build_id)
    lap("write")
    return BuildReport(final, len(documents), len(chunks), len(missing), len(chunks) - len(missing), errors or [],
                       {k: round(v, 3) for k, v in seconds.items()})


def vector_index(matrix: np.ndarray, settings):
    """The FAISS inner-product index of `matrix` and what the manifest records of it: exact (flat) up to
    `hnsw_above` rows, an HNSW graph above (search cost that grows with log n, not n)."""
    import faiss

    dim = matrix.shape[1]
    if len(matrix) <= settings.hnsw_above:
        index, kind = faiss.IndexFlatIP(dim), {"kind": "flat"}
    else:
        index = faiss.IndexHNSWFlat(dim, settings.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        kind = {"kind": "hnsw", "m": settings.hnsw_m, "ef_construction": HNSW_EF_CONSTRUCTION}
    index.add(matrix)
    return index, kind


def load_index(index_dir: Path, embedder_name: str | None = None) -> Index:
    """The verified index of `index_dir`, or `IndexUnusable` saying to run `rag index`."""
    index_dir = Path(index_dir)
    for _ in range(3):
        before = _pointer_text(index_dir)
        try:
            return _load_build(index_dir, embedder_name)
        except (IndexUnusable, OSError):
            # A writer switched CURRENT and removed the build named a moment ago: load the new one.
            if _pointer_text(index_dir) == before:
                raise
    return _load_build(index_dir, embedder_name)


def _pointer_text(index_dir: Path) -> str:
    try:
        return (index_dir / "CURRENT").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def _load_build(index_dir: Path, embedder_name: str | None) -> Index:
    import faiss

    hint = f"run `rag index --index {index_dir}` to build it"
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        raise IndexUnusable(f"no index in {index_dir}; {hint}")
    build_id, manifest_sha = _current(index_dir, hint)
    build = index_dir / build_id
    manifest_path = build / "manifest.json"
    if not manifest_path.is_file():
        raise IndexUnusable(f"the manifest of {build} is missing; {hint}")
    hold = ReaderHold(build)  # from here on no writer removes the build
    if sha256_file(manifest_path) != manifest_sha:
        hold.release()
        raise IndexUnusable(f"the manifest of {build} is missing or changed; {hint}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnusable(f"{build} has index format {manifest.get('format_version')}, this version reads {FORMAT_VERSION}; {hint}")
    for name in dict.fromkeys([*DATA_FILES, *manifest["files"]]):  # the BM25 files too, where the build has them
        if name in REBUILD_FILES:
            continue
        path = build / name
        if not path.is_file() or file_checksum(path) != manifest["files"].get(name):
            raise IndexUnusable(f"{path} is missing or does not match its checksum; {hint}")
    if embedder_name is not None and manifest["embedder"]["name"] != embedder_name:
        raise IndexUnusable(
            f"{build} was built with embedder {manifest['embedder']['name']!r}, but {embedder_name!r} is configured; {hint}"
        )
    rows = _read_jsonl(build / "chunks.jsonl")
    keys = [row.pop("embedded_sha256") for row in rows]
    chunks = [Chunk(**row) for row in rows]
    documents = {row["source"]: _document_from_json(row) for row in _read_jsonl(build / "documents.jsonl")}
    vectors = faiss.read_index(str(build / "vectors.faiss"))
    if vectors.ntotal != len(chunks) or len(chunks) != manifest["counts"]["chunks"]:
        raise IndexUnusable(f"{build} holds {vectors.ntotal} vectors for {len(chunks)} chunks; {hint}")
    return Index(build, manifest, chunks, documents, vectors, keys, hold)


def current_manifest(index_dir: Path) -> dict | None:
    """The manifest of the build `CURRENT` names, read without verifying the build; None without one."""
    try:
        build_id, _ = _current(Path(index_dir), "")
        return json.loads((Path(index_dir) / build_id / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, IndexUnusable):
        return None


def current_documents(index_dir: Path) -> dict[str, Document]:
    """The documents of the current build by file name, when its manifest and documents file match their
    checksums and the same loaders and chunker made them (CHUNKER_VERSION); otherwise none."""
    index_dir = Path(index_dir)
    try:
        build_id, manifest_sha = _current(index_dir, "")
        build = index_dir / build_id
        if sha256_file(build / "manifest.json") != manifest_sha:
            return {}
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if (manifest.get("format_version") != FORMAT_VERSION
                or manifest["chunking"].get("chunker_version") != CHUNKER_VERSION
                or file_checksum(build / "documents.jsonl") != manifest["files"]["documents.jsonl"]):
            return {}
        return {row["source"]: _document_from_json(row) for row in _read_jsonl(build / "documents.jsonl")}
    except (OSError, ValueError, KeyError, IndexUnusable):
        return {}


def _current_index(index_dir: Path) -> Index | None:
    """The current build, verified, for a rebuild to reuse what has not changed; None without one."""
    try:
        return load_index(index_dir)
    except (IndexUnusable, OSError, ValueError, KeyError):
        return None


def _bm25(chunks: list[Chunk], current: Index | None) -> BM25:
    """The BM25 index of `chunks`, with the terms of passages the current build has already cut."""
    saved = None
    if current is not None and current.manifest.get("tokenizer_version") == TOKENIZER_VERSION:
        files = current.manifest["files"]
        try:
            # Checked here, as the load did not read them: terms that do not match are cut again.
            if all(file_checksum(current.path / name) == files.get(name) for name in REBUILD_FILES):
                saved = saved_terms(current.path / BM25_DIR)
        except (OSError, ValueError):
            saved = None
    if saved is not None and len(saved) == len(current.chunks):
        known = {c.search: row for c, row in zip(current.chunks, saved.rows)}
        terms = Terms(saved.vocabulary)  # the saved ids stay valid; new terms go at the end
    else:
        known, terms = {}, Terms()
    for c in chunks:
        if c.search in known:
            terms.append(known[c.search])
        else:
            terms.add(tokenize(c.search))
    return BM25([c.search for c in chunks], terms=terms)


def _reusable_vectors(current: Index | None, embedder) -> dict[str, np.ndarray]:
    """Vectors of the current build by chunk text, when it was made by the same embedder."""
    if current is None or current.manifest["embedder"] != embedder.describe():
        return {}
    matrix = current.vector_matrix()
    # Keyed by the text each vector was really made from, not by how the current code would
    # build that text: a change of `embedding_text` must re-encode, not reuse stale vectors.
    return {key: matrix[row] for row, key in enumerate(current.vector_keys)}


def _document_json(doc: Document) -> dict:
    return {
        "source": doc.source,
        "encoding": doc.encoding,
        "sha256": doc.sha256,
        "articles": [[a.title, a.start, a.end] for a in doc.articles],
        "format": doc.format,
        "pages": doc.pages,
        "raw": doc.raw,
    }


def _document_from_json(row: dict) -> Document:
    articles = [Article(title, start, end) for title, start, end in row["articles"]]
    return Document(row["source"], row["raw"], row["encoding"], row["sha256"], articles,
                    row.get("format", "txt"), row.get("pages", []))


def file_checksum(path: Path) -> str:
    """The hex xxh3-128 of a data file. A load checks every file it reads, where sha256 took a fifth
    of the time at 100k passages; the check is against damage, not tampering (the manifest, which names
    these checksums, is itself checked with sha256 through `CURRENT`)."""
    import xxhash

    digest = xxhash.xxh3_128()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 22), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_jsonl(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> list[dict]:
    import orjson

    with open(path, "rb") as fh:
        return [orjson.loads(line) for line in fh if line.strip()]


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def _fsync_dir_files(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            _fsync(path)


_BUILD_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")


def _current(index_dir: Path, hint: str) -> tuple[str, str]:
    """The build id and manifest checksum that `index_dir/CURRENT` names; the id must be a plain folder
    name inside `index_dir` (not ../elsewhere, not an absolute path, not a link), or the index is damaged."""
    pointer = index_dir / "CURRENT"
    try:
        build_id, manifest_sha = pointer.read_text(encoding="utf-8").split()
    except (ValueError, UnicodeDecodeError):
        raise IndexUnusable(f"{pointer} is damaged; {hint}") from None
    build = index_dir / build_id
    if not _BUILD_ID.fullmatch(build_id) or build.is_symlink():
        raise IndexUnusable(f"{pointer} names {build_id!r}, not a build folder inside {index_dir}: the index is damaged; {hint}")
    return build_id, manifest_sha


def _remove_stale(index_dir: Path) -> None:
    """Leftovers of builds that were interrupted before they were switched in."""
    for path in index_dir.glob(".tmp-*"):
        shutil.rmtree(path, ignore_errors=True)


def _remove_old_builds(index_dir: Path, keep: str) -> None:
    """Every build but `keep` and the one `CURRENT` names now that no reader holds (a server still
    answering from it keeps it; the next writer removes it)."""
    try:
        live = _current(index_dir, "")[0]
    except IndexUnusable:
        live = keep
    for path in index_dir.iterdir():
        if path.is_dir() and path.name not in (keep, live) and not path.name.startswith("."):
            if (path / "manifest.json").exists():
                with unread(path) as free:
                    if free:
                        dropper(_stored(path))()
                        shutil.rmtree(path, ignore_errors=True)


def _stored(build: Path) -> dict:
    """What a build's manifest records of its vector store ({} when it cannot be read)."""
    try:
        return json.loads((build / "manifest.json").read_text(encoding="utf-8")).get("store", {})
    except (OSError, ValueError):
        return {}


def index_corpus(settings, corpus_dir: Path | None = None, index_dir: Path | None = None, embedder=None) -> BuildReport:
    """Build or update the index of a corpus folder; files that cannot be read are reported, not indexed.

    `embedder` defaults to the configured one.
    """
    from .loaders import load_corpus
    from .embeddings import get_embedder

    corpus_dir = Path(corpus_dir or settings.corpus_dir)
    index_dir = Path(index_dir or settings.index_dir)
    documents, errors = load_corpus(corpus_dir, settings.allow_symlinks, int(settings.max_file_mb * 1024 * 1024),
                                    known=current_documents(index_dir))
    if not documents:
        raise IndexUnusable(f"no readable article file in {corpus_dir}" + "".join(f"\n  {e}" for e in errors))
    if embedder is None:
        embedder = get_embedder(settings.embedder, settings.cache_dir)
    return write_index(index_dir, documents, embedder, settings, [str(e) for e in errors])
