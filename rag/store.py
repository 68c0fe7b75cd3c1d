"""Store: one self-describing, versioned index folder, written atomically and verified on load.

Layout of an index folder DIR:

    DIR/CURRENT                  "<build id> <sha256 of its manifest.json>", replaced atomically
    DIR/<build id>/manifest.json format version, embedder, chunking, corpus files, segments, counts, file checksums
    DIR/<build id>/vectors.faiss FAISS inner-product index (flat, or HNSW above `hnsw_above`), a row per chunk
    DIR/<build id>/chunks.jsonl  one chunk record a line
    DIR/<build id>/documents.jsonl one decoded file a line (raw text and articles), for quotes and context
    DIR/<build id>/bm25/         the BM25 index of the chunks' search form (bm25s: JSON and .npy arrays)
    DIR/<build id>/segment-*/    the same four, for the files an update added or changed (see below)

A build is written in full beside the live one and only then named in CURRENT, so a failure at any
point leaves the previous index as it was. Nothing here is pickled.

Segments: a large index is not rewritten for a small change. An update adds a segment with the passages of
the files that changed, marks their old rows deleted in the manifest, and hard-links the earlier segments'
files into the new build (they are never changed, so the old build stays as it was). When the added and
deleted rows pass `MERGE_FRACTION` of all rows, or the segments `MAX_SEGMENTS`, the next update writes
one segment again. Small indexes are always written whole (`segments_above`).

One writer at a time holds DIR/LOCK (`locks.writing`); a loaded index holds a shared lock on its build
(`locks.ReaderHold`), and a writer removes an old build only when no reader holds it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
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
from .lexical import (BM25, TERM_IDS_FILE, TERM_OFFSETS_FILE, TOKENIZER_VERSION, VOCABULARY_FILE, Background, Terms,
                      saved_terms, tokenize)
from .locks import ReaderHold, unread, writing
from .vectorstores import dropper, make_store
from .weights import sha256_file

FORMAT = "rag-index"
# 2: each chunk record names the sha256 of the text its vector was made from.
# 3: data files are checked with xxh3-128 (`file_checksum`), not sha256.
# 4: a build is one or more segments (`segments` in the manifest; each corpus file names its segment and rows).
FORMAT_VERSION = 4
# Bump when loaders.py, documents.py, normalize.py or chunks.py change what text or chunks they make.
# 3: lines of hard-wrapped text are joined where they were broken at the text's wrap width.
# 4: an item of a bulleted list starts a paragraph.
# 5: a line that ends in an English full stop ends its sentence.
# 6: a line break in an HTML page's source is a space (outside preformatted text), not a line of the text.
# 7: a row of a table ends its line.
# 8: an item of an HTML list starts with a bullet, also when its text is a paragraph.
# 9: an item of an HTML list inside a list item starts with "◦".
# 10: a chunk that starts inside a table carries its heading (`Chunk.context`), embedded and read by BM25.
# 11: that heading is found as a passage's is (a table without a rule: its first rows), its rows joined.
# 12: a sentence end inside a table row, before another of its cells, ends no sentence.
# 13: nor does one between two ASCII double quotes of its line (a quoted command or value).
# 14: nor one in the last cell of a row of two cells or more (a record, not a note box's text).
# 15: of tables one right under another, a chunk's heading is that of the table it starts in, not the first's.
# 16: a "?" or "!" that stands as a token after a space or a mark ("；? 表示匹配一個字元") ends no sentence.
# 17: nor does an ASCII ";" that ends a statement of code inside a Chinese sentence ('…"stable";加在…内').
# 18: a web page of which trafilatura keeps under 0.8 of the text outside its furniture is read whole.
# 19: 祗, 祇, 衹 and 秖 read as 只 in the search form.
CHUNKER_VERSION = 19
DATA_FILES = ("vectors.faiss", "chunks.jsonl", "documents.jsonl")
HNSW_EF_CONSTRUCTION = 64  # candidates kept while linking a vector into the HNSW graph
BM25_DIR = "bm25"  # the lexical index (`lexical.BM25.save`)
# Files a load does not read (each passage's BM25 terms, for a rebuild): checked when a rebuild reads them.
_TERM_FILES = (VOCABULARY_FILE, TERM_IDS_FILE, TERM_OFFSETS_FILE)
REBUILD_FILES = tuple(f"{BM25_DIR}/{name}" for name in _TERM_FILES)
# An update writes one segment again when the rows it added in segments and the deleted rows pass this
# share of all rows (BM25 statistics of the first segment stay as they were written until then), or
# when the build would have more segments than MAX_SEGMENTS (each is searched on its own).
MERGE_FRACTION = 0.1
MAX_SEGMENTS = 8


class IndexUnusable(RuntimeError):
    """An index folder that is missing, damaged or built for another configuration."""


@dataclass
class Segment:
    """One part of a build, never changed once written: the chunks, vectors and BM25 index of some files'
    passages, in a folder of the build ("" for the build's own folder)."""

    folder: str
    chunks: list[Chunk]  # every row, deleted ones too
    keys: list[str]  # sha256 of the text each row's vector was made from
    vectors: object  # faiss.Index
    live: np.ndarray  # per row: False once its file was changed or removed


class Index:
    """A loaded, verified index: its segments seen as one list of live passages."""

    def __init__(self, path: Path, manifest: dict, segments: list[Segment], documents: dict[str, Document],
                 hold: ReaderHold | None = None):
        self.path = path
        self.manifest = manifest
        self.segments = segments
        self.documents = documents
        self.hold = hold  # keeps the build from removal while this index is in use
        live = np.concatenate([s.live for s in segments]) if segments else np.zeros(0, bool)
        # Where each live passage is among all rows; None when every row is live (nothing to skip).
        self.live_rows = None if live.all() else np.flatnonzero(live)
        self.chunks = [c for s in segments for c, ok in zip(s.chunks, s.live) if ok]
        # sha256 of the text each passage's vector was made from: vectors are reused only for the same text.
        self.vector_keys = [k for s in segments for k, ok in zip(s.keys, s.live) if ok]
        self.vectors = SegmentVectors(segments, self.live_rows)

    def vector_matrix(self) -> np.ndarray:
        return self.vectors.matrix()


class SegmentVectors:
    """The FAISS indexes of a build's segments searched as one, numbered as `Index.chunks` (live passages
    only: deleted rows are passed over inside FAISS by an ID selector)."""

    def __init__(self, segments: list[Segment], live_rows: np.ndarray | None):
        self.parts = [s.vectors for s in segments]
        self.offsets = np.cumsum([0, *(len(s.live) for s in segments)])
        self.live = [int(s.live.sum()) for s in segments]
        self.ntotal = sum(self.live)
        self.d = self.parts[0].d if self.parts else 0
        self.rows = live_rows
        self.position = None
        if live_rows is not None:  # row among all -> live passage number
            self.position = np.full(int(self.offsets[-1]), -1, dtype=np.int64)
            self.position[live_rows] = np.arange(len(live_rows))
        # Bit i of a segment's bitmap is set when its row i is live; kept here, as FAISS only points at it.
        self._bitmaps = [np.packbits(s.live, bitorder="little") for s in segments]
        self.ef_search = 0
        self._params = self._search_params()

    def tune(self, ef_search: int) -> None:
        """How many candidates an HNSW segment keeps while searching."""
        self.ef_search = int(ef_search)
        self._params = self._search_params()

    def _search_params(self) -> list:
        import faiss

        params = []
        for part, bitmap, live in zip(self.parts, self._bitmaps, self.live):
            graph = faiss.downcast_index(part)
            hnsw = isinstance(graph, faiss.IndexHNSW)
            if hnsw and self.ef_search:
                graph.hnsw.efSearch = self.ef_search
            if live == part.ntotal:
                params.append(None)
                continue
            select = faiss.IDSelectorBitmap(part.ntotal, faiss.swig_ptr(bitmap))
            # Parameters given to an HNSW search replace its own: efSearch goes with them.
            params.append(faiss.SearchParametersHNSW(sel=select, efSearch=graph.hnsw.efSearch) if hnsw
                          else faiss.SearchParameters(sel=select))
        return params

    def search(self, x: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """The `k` best live passages for each row of `x` (scores, passage numbers; -1 past the end)."""
        x = np.ascontiguousarray(x, dtype=np.float32)
        if len(self.parts) == 1 and self.rows is None:
            return self.parts[0].search(x, min(k, self.ntotal))
        scores, ids = [], []
        for part, params, offset, live in zip(self.parts, self._params, self.offsets, self.live):
            if live:
                d, i = part.search(x, min(k, live), params=params)
                scores.append(d)
                ids.append(np.where(i >= 0, i + offset, -1))
        d, i = np.concatenate(scores, axis=1), np.concatenate(ids, axis=1)
        d = np.where(i >= 0, d, -np.inf)
        best = np.argsort(-d, axis=1, kind="stable")[:, : min(k, self.ntotal)]
        d, i = np.take_along_axis(d, best, axis=1), np.take_along_axis(i, best, axis=1)
        if self.position is not None:
            i = np.where(i >= 0, self.position[np.maximum(i, 0)], -1)
        return d, i

    def reconstruct_batch(self, ids: np.ndarray) -> np.ndarray:
        """The vectors of live passages `ids`."""
        ids = np.asarray(ids, dtype=np.int64)
        rows = ids if self.rows is None else self.rows[ids]
        part = np.searchsorted(self.offsets, rows, side="right") - 1
        out = np.empty((len(ids), self.d), dtype=np.float32)
        for p in np.unique(part):
            at = part == p
            out[at] = self.parts[p].reconstruct_batch(rows[at] - self.offsets[p])
        return out

    def matrix(self) -> np.ndarray:
        """Every live passage's vector, in order."""
        if not self.parts:
            return np.zeros((0, self.d), dtype=np.float32)
        whole = np.concatenate([p.reconstruct_n(0, p.ntotal) for p in self.parts])
        return whole if self.rows is None else whole[self.rows]


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
    segments: int = 1  # segments of the new build (more than one: an update added a segment)


def _chunking(settings) -> dict:
    return {
        "tokenizer": "cl100k_base",
        "chunk_tokens": settings.chunk_tokens,
        "overlap_tokens": settings.overlap_tokens,
        "chunker_version": CHUNKER_VERSION,
    }


def embedding_text(chunk: Chunk) -> str:
    """What is embedded for a chunk: its article title, the heading of a table it starts inside, then its
    search form, so that a passage that does not name its subject, or a row what its cells are, still
    carries it."""
    return "\n".join(t for t in (chunk.title, chunk.context, chunk.search) if t)


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


class _Laps:
    """Seconds spent per build stage."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self.clock = time.perf_counter()

    def __call__(self, stage: str) -> None:
        now = time.perf_counter()
        self.seconds[stage] = self.seconds.get(stage, 0.0) + now - self.clock
        self.clock = now


def _write_index(index_dir, documents, embedder, settings, errors, fail_after_vectors) -> BuildReport:
    _remove_stale(index_dir)
    lap = _Laps()
    # What an update that adds a segment needs of the current build is its manifest and checked files;
    # a build written whole reuses its chunks and vectors, and loads it.
    current = _current_build(index_dir)
    update = _update_plan(current, documents, embedder, settings)
    if update is None and current is not None:
        current = _current_index(current)
    build_id = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3)
    tmp = index_dir / f".tmp-{build_id}"
    stored: dict = {}
    try:
        if update is not None:
            manifest, encoded, chunks = _write_segment(tmp, build_id, current, update, documents, embedder, settings,
                                                       lap, fail_after_vectors)
        else:
            manifest, encoded, chunks, stored = _write_whole(tmp, build_id, current, documents, embedder, settings,
                                                             lap, fail_after_vectors)
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
    return BuildReport(final, len(documents), chunks, encoded, chunks - encoded, errors or [],
                       {k: round(v, 3) for k, v in lap.seconds.items()}, len(manifest["segments"]))


def _write_whole(tmp, build_id, current, documents, embedder, settings, lap, fail_after_vectors):
    """Write every passage into one segment, reusing the chunks of unchanged files and the vectors and
    terms of unchanged passages; (manifest, passages encoded, passages, what the vector store recorded)."""
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
    keys, matrix, encoded = _embed(chunks, reusable, embedder, settings)
    lap("encode")
    if fail_after_vectors:  # lets tests interrupt a build half-way
        fail_after_vectors()

    tmp.mkdir()
    # The BM25 index is built once per build, so that loading maps it instead of tokenising every
    # passage again (most of the load time of a large index).
    segment, written = _write_segment_files(tmp, "", chunks, keys, matrix, documents, lambda: _bm25(chunks, current),
                                            settings, lap)
    # The configured vector store gets the passages too (for `milvus`, a collection of this build).
    stored = make_store(settings, tmp.parent).write(build_id, chunks, matrix)
    lap("store")
    corpus = _corpus_entries(documents, chunks, "")
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created": _now(),
        "embedder": embedder.describe(),
        "chunking": _chunking(settings),
        "corpus": corpus,
        "counts": _counts(corpus),
        "segments": [segment],
        "files": {path.relative_to(tmp).as_posix(): file_checksum(path) for path in written},
        "file_checksum": "xxh3_128",
        "vector_index": segment["vector_index"],
        "tokenizer_version": TOKENIZER_VERSION,
        "store": stored,
    }
    return manifest, encoded, len(chunks), stored


@dataclass
class _Update:
    """What an update that adds a segment changes: the files to chunk again, and the rows to delete
    (per segment folder, as [start, end) ranges) of the files changed or removed."""

    changed: list[Document]
    chunks: list[Chunk]
    deleted: dict[str, list[list[int]]]


def _update_plan(current: _Build | None, documents: list[Document], embedder, settings) -> _Update | None:
    """The update that adds a segment to `current` for `documents`, or None when the build is to be
    written whole (a small index, other settings, another store, or too much changed since it was)."""
    rows = sum(s["rows"] for s in current.manifest["segments"]) if current is not None else 0
    if (current is None or rows < max(1, settings.segments_above)
            or settings.store != "faiss" or current.manifest.get("store", {}).get("name") != "faiss"
            or current.manifest["chunking"] != _chunking(settings)
            or current.manifest["embedder"] != embedder.describe()
            or current.manifest.get("tokenizer_version") != TOKENIZER_VERSION):
        return None
    corpus = current.manifest["corpus"]
    changed = [d for d in documents if corpus.get(d.source, {}).get("sha256") != d.sha256]
    names, again = {d.source for d in documents}, {d.source for d in changed}
    deleted = {s["folder"]: [list(r) for r in s["deleted"]] for s in current.manifest["segments"]}
    for source, entry in corpus.items():
        if source not in names or source in again:
            if entry["chunks"]:
                deleted[entry["segment"]].append(list(entry["rows"]))
    chunks = [c for d in changed for c in chunk_document(d, settings.chunk_tokens, settings.overlap_tokens)]
    segments = current.manifest["segments"]
    rows += len(chunks)
    added = sum(s["rows"] for s in segments[1:]) + len(chunks)
    dead = sum(b - a for ranges in deleted.values() for a, b in ranges)
    if added + dead > MERGE_FRACTION * rows or len(segments) + bool(chunks) > MAX_SEGMENTS:
        return None
    return _Update(changed, chunks, deleted)


def _write_segment(tmp, build_id, current, update, documents, embedder, settings, lap, fail_after_vectors):
    """Write a build that keeps `current`'s segments (hard links to their files) with `update`'s rows
    deleted and, when files changed, one segment more with their passages; (manifest, encoded, passages)."""
    lap("chunk")
    # An edited file keeps the vectors of its unchanged passages.
    reusable = _file_vectors(current, [d.source for d in update.changed if d.source in current.manifest["corpus"]])
    keys, matrix, encoded = _embed(update.chunks, reusable, embedder, settings)
    lap("encode")
    if fail_after_vectors:
        fail_after_vectors()

    tmp.mkdir()
    old = current.manifest
    files = dict(old["files"])
    for name in old["files"]:
        _link(current.path / name, tmp / name)
    segments = [{**s, "deleted": _merged(update.deleted[s["folder"]])} for s in old["segments"]]
    changed = {d.source for d in update.changed}
    corpus = {d.source: old["corpus"][d.source] for d in documents if d.source not in changed}
    lap("write")
    if update.chunks:
        folder = f"segment-{build_id}"
        (tmp / folder).mkdir()

        def bm25() -> BM25:
            terms = Terms()
            for c in update.chunks:
                terms.add(tokenize(c.lexical_text()))
            # Scored with the statistics of all segments, so that its scores stand beside theirs.
            parts = [BM25.load(current.path / s["folder"] / BM25_DIR, s["rows"]) for s in old["segments"]]
            background = Background.of(parts, sum(s["terms"] for s in old["segments"]), terms)
            return BM25([c.lexical_text() for c in update.chunks], terms=terms, background=background)

        segment, written = _write_segment_files(tmp / folder, folder, update.chunks, keys, matrix, update.changed,
                                                bm25, settings, lap)
        files.update({path.relative_to(tmp).as_posix(): file_checksum(path) for path in written})
        segments.append(segment)
        corpus.update(_corpus_entries(update.changed, update.chunks, folder))
    corpus = {d.source: corpus[d.source] for d in documents}  # in the order given, as a whole build has it
    manifest = {**old, "created": _now(), "corpus": corpus, "counts": _counts(corpus), "segments": segments,
                "files": files}
    return manifest, encoded, manifest["counts"]["chunks"]


def _write_segment_files(path: Path, folder: str, chunks, keys, matrix, documents, bm25, settings, lap):
    """Write one segment's files into `path` (its vectors, passages, files and the BM25 index that
    `bm25()` builds); (its manifest entry, named `folder`, and the files written)."""
    import faiss

    vectors, kind = vector_index(matrix, settings)
    # Written by Python, not by faiss: a full or read-only disk is then an OSError that says so.
    (path / "vectors.faiss").write_bytes(faiss.serialize_index(vectors).tobytes())
    lap("vectors")
    _write_jsonl(path / "chunks.jsonl", ({**c.to_json(), "embedded_sha256": key} for c, key in zip(chunks, keys)))
    _write_jsonl(path / "documents.jsonl", (_document_json(d) for d in documents))
    lap("write")
    lexical = bm25()
    written = [path / name for name in DATA_FILES] + lexical.save(path / BM25_DIR)
    lap("bm25")
    entry = {"folder": folder, "rows": len(chunks), "terms": lexical.length, "deleted": [], "vector_index": kind}
    return entry, written


def _corpus_entries(documents: list[Document], chunks: list[Chunk], segment: str) -> dict:
    """The manifest's entry of each of `documents`, whose passages are `chunks` in that order in `segment`."""
    per_file = Counter(c.source for c in chunks)
    corpus, row = {}, 0
    for d in documents:
        corpus[d.source] = _corpus_entry(d, segment, row, per_file[d.source])
        row += per_file[d.source]
    return corpus


def _embed(chunks, reusable, embedder, settings) -> tuple[list[str], np.ndarray, int]:
    """Each chunk's text key and vector (reused by key where `reusable` has it); and how many were encoded."""
    keys = [_text_key(c) for c in chunks]
    missing = sorted({k: embedding_text(c) for k, c in zip(keys, chunks) if k not in reusable}.items())
    if missing:
        fresh = embedder.encode([text for _, text in missing], batch_size=settings.batch_size, progress=True)
        reusable = {**reusable, **{k: v for (k, _), v in zip(missing, fresh)}}
    matrix = np.zeros((len(chunks), embedder.dim), dtype=np.float32)
    for row, key in enumerate(keys):
        matrix[row] = reusable[key]
    return keys, matrix, len(missing)


def _file_vectors(current: _Build, sources: list[str]) -> dict[str, np.ndarray]:
    """The vectors of the passages of files `sources` in `current`, by text key (read for these rows only)."""
    import faiss
    import orjson

    out: dict[str, np.ndarray] = {}
    by_segment: dict[str, list[list[int]]] = {}
    for source in sources:
        entry = current.manifest["corpus"][source]
        if entry["chunks"]:
            by_segment.setdefault(entry["segment"], []).append(entry["rows"])
    for folder, ranges in by_segment.items():
        # Mapped, not read: only these rows' vectors are wanted (1.4 GB at a million passages).
        vectors = faiss.read_index(str(current.path / folder / "vectors.faiss"), faiss.IO_FLAG_MMAP_IFC)
        with open(current.path / folder / "chunks.jsonl", "rb") as fh:
            lines = list(itertools.islice(fh, max(end for _, end in ranges)))
        for start, end in ranges:
            keys = [orjson.loads(line)["embedded_sha256"] for line in lines[start:end]]
            out.update(zip(keys, vectors.reconstruct_n(start, end - start)))
    return out


def _link(source: Path, target: Path) -> None:
    """`target` as a hard link to `source` (a copy where the file system has no hard links)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _merged(ranges: list[list[int]]) -> list[list[int]]:
    out: list[list[int]] = []
    for a, b in sorted(ranges):
        if out and a <= out[-1][1]:
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return out


def _corpus_entry(doc: Document, segment: str, row: int, chunks: int) -> dict:
    return {"sha256": doc.sha256, "format": doc.format, "encoding": doc.encoding, "articles": len(doc.articles),
            "chunks": chunks, "segment": segment, "rows": [row, row + chunks]}


def _counts(corpus: dict) -> dict:
    return {"documents": len(corpus), "articles": sum(e["articles"] for e in corpus.values()),
            "chunks": sum(e["chunks"] for e in corpus.values())}


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


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


@dataclass
class _Build:
    """The current build, its data files checked but not read: what an update that adds a segment needs."""

    path: Path
    manifest: dict
    hold: ReaderHold


def _current_build(index_dir: Path) -> _Build | None:
    """The current build, checked; None without one (or with a damaged one)."""
    try:
        return _open_build(index_dir, None)
    except (IndexUnusable, OSError, ValueError, KeyError):
        return None


def _load_build(index_dir: Path, embedder_name: str | None) -> Index:
    opened = _open_build(index_dir, embedder_name)
    try:
        return _read_build(opened, f"run `rag index --index {index_dir}` to build it")
    except BaseException:
        opened.hold.release()
        raise


def _read_build(opened: _Build, hint: str) -> Index:
    """The index of a checked build: its segments' chunk records, vectors and documents read."""
    import faiss

    build, manifest = opened.path, opened.manifest
    segments, documents = [], {}
    for entry in manifest["segments"]:
        folder = build / entry["folder"]
        rows = _read_jsonl(folder / "chunks.jsonl")
        keys = [row.pop("embedded_sha256") for row in rows]
        vectors = faiss.read_index(str(folder / "vectors.faiss"))
        if not vectors.ntotal == len(rows) == entry["rows"]:
            raise IndexUnusable(f"{folder} holds {vectors.ntotal} vectors for {len(rows)} chunks; {hint}")
        live = np.ones(len(rows), dtype=bool)
        for a, b in entry["deleted"]:
            live[a:b] = False
        segments.append(Segment(entry["folder"], [Chunk(**row) for row in rows], keys, vectors, live))
        documents.update(_segment_documents(folder / "documents.jsonl", entry["folder"], manifest["corpus"]))
    index = Index(build, manifest, segments, documents, opened.hold)
    if len(index.chunks) != manifest["counts"]["chunks"] or set(documents) != set(manifest["corpus"]):
        raise IndexUnusable(f"{build} holds {len(index.chunks)} passages of {len(documents)} files, its manifest "
                            f"{manifest['counts']['chunks']} of {len(manifest['corpus'])}; {hint}")
    return index


def _open_build(index_dir: Path, embedder_name: str | None) -> _Build:
    """The build `CURRENT` names, held against removal, its manifest and every file a load reads checked."""
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
    try:
        return _Build(build, _checked_manifest(build, manifest_sha, embedder_name, hint), hold)
    except BaseException:
        hold.release()
        raise


def _checked_manifest(build: Path, manifest_sha: str, embedder_name: str | None, hint: str) -> dict:
    """The manifest of `build`, when it and every file a load reads match their checksums."""
    manifest_path = build / "manifest.json"
    if sha256_file(manifest_path) != manifest_sha:
        raise IndexUnusable(f"the manifest of {build} is missing or changed; {hint}")
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    if manifest.get("format") != FORMAT or manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnusable(f"{build} has index format {manifest.get('format_version')}, this version reads {FORMAT_VERSION}; {hint}")
    folders = [s["folder"] for s in manifest["segments"]]
    needed = [_in(folder, name) for folder in folders for name in DATA_FILES]
    for name in dict.fromkeys([*needed, *manifest["files"]]):  # the BM25 files too
        if name.rsplit("/", 1)[-1] in _TERM_FILES:
            continue
        path = build / name
        if not path.is_file() or file_checksum(path) != manifest["files"].get(name):
            raise IndexUnusable(f"{path} is missing or does not match its checksum; {hint}")
    if embedder_name is not None and manifest["embedder"]["name"] != embedder_name:
        raise IndexUnusable(
            f"{build} was built with embedder {manifest['embedder']['name']!r}, but {embedder_name!r} is configured; {hint}"
        )
    return manifest


def _in(folder: str, name: str) -> str:
    """The path of a segment's file `name` inside the build."""
    return f"{folder}/{name}" if folder else name


def _segment_documents(path: Path, folder: str, corpus: dict) -> dict[str, Document]:
    """The documents a segment's documents file holds that are still its own (not changed or removed since)."""
    return {row["source"]: _document_from_json(row) for row in _read_jsonl(path)
            if corpus.get(row["source"], {}).get("segment") == folder}


def current_manifest(index_dir: Path) -> dict | None:
    """The manifest of the build `CURRENT` names, read without verifying the build; None without one."""
    try:
        build_id, _ = _current(Path(index_dir), "")
        return json.loads((Path(index_dir) / build_id / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError, IndexUnusable):
        return None


def current_documents(index_dir: Path) -> dict[str, Document]:
    """The documents of the current build by file name, when its manifest and documents files match their
    checksums and the same loaders and chunker made them (CHUNKER_VERSION); otherwise none."""
    index_dir = Path(index_dir)
    try:
        build_id, manifest_sha = _current(index_dir, "")
        build = index_dir / build_id
        if sha256_file(build / "manifest.json") != manifest_sha:
            return {}
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if (manifest.get("format_version") != FORMAT_VERSION
                or manifest["chunking"].get("chunker_version") != CHUNKER_VERSION):
            return {}
        documents = {}
        for entry in manifest["segments"]:
            name = _in(entry["folder"], "documents.jsonl")
            if file_checksum(build / name) != manifest["files"][name]:
                return {}
            documents.update(_segment_documents(build / name, entry["folder"], manifest["corpus"]))
        return documents
    except (OSError, ValueError, KeyError, IndexUnusable):
        return {}


def _current_index(opened: _Build) -> Index | None:
    """The checked current build read whole, for a rebuild to reuse what has not changed; None when it
    cannot be read (its hold let go)."""
    try:
        return _read_build(opened, "")
    except (IndexUnusable, OSError, ValueError, KeyError):
        opened.hold.release()
        return None


def _bm25(chunks: list[Chunk], current: Index | None) -> BM25:
    """The BM25 index of `chunks`, with the terms of passages the current build has already cut."""
    terms, known = Terms(), {}
    if current is not None and current.manifest.get("tokenizer_version") == TOKENIZER_VERSION:
        for segment in current.segments:
            saved = _saved_terms(current, segment.folder)
            if saved is None or len(saved) != len(segment.chunks):
                continue  # cut again
            if not terms.vocabulary:
                terms, ids = Terms(saved.vocabulary), None  # the first segment's ids stay valid
            else:
                ids = terms.ids_of(saved.vocabulary)  # another's are mapped onto the same vocabulary
            for c, row, live in zip(segment.chunks, saved.rows, segment.live):
                if live:
                    known[c.lexical_text()] = row if ids is None else ids[row]
    for c in chunks:
        if c.lexical_text() in known:
            terms.append(known[c.lexical_text()])
        else:
            terms.add(tokenize(c.lexical_text()))
    return BM25([c.lexical_text() for c in chunks], terms=terms)


def _saved_terms(current: Index, folder: str) -> Terms | None:
    """A segment's saved terms, checked here as the load did not read them; None when they do not match."""
    files = current.manifest["files"]
    names = [_in(folder, name) for name in REBUILD_FILES]
    try:
        if all(file_checksum(current.path / name) == files.get(name) for name in names):
            return saved_terms(current.path / folder / BM25_DIR)
    except (OSError, ValueError):
        pass
    return None


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
