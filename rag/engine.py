"""Engine: the index a server answers from. It loads (or first builds) it in the background, follows new
builds as `rag index` or an upload switches them in, and hands out assistants over the current one."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .config import Settings, replace
from .documents import DocumentError
from .locks import LockBusy
from .store import IndexUnusable, index_corpus
from .vectorstores import StoreError

# The backends a visitor may choose; each is made once per retriever and shared.
BACKENDS = ("extractive", "openai", "llamacpp")
MAX_QUESTION_CHARS = 500


class TooManyQuestions(RuntimeError):
    """A visitor asked while `visitor_concurrency` of their questions were still being answered."""


def log(message: str) -> None:
    """A line in the server log (stderr)."""
    print(f"[rag] {message}", file=sys.stderr, flush=True)


class _CountingEmbedder:
    """An embedder that encodes in slices and reports how far it got, for the first-start build."""

    def __init__(self, inner, progress):
        self._inner = inner
        self._progress = progress

    def __getattr__(self, name):
        return getattr(self._inner, name)

    def encode(self, texts, batch_size: int = 32, progress: bool = False):
        import numpy as np

        texts = list(texts)
        self._progress(0, len(texts))
        step = max(1, batch_size) * 4
        parts = []
        for i in range(0, len(texts), step):
            parts.append(self._inner.encode(texts[i : i + step], batch_size=batch_size))
            self._progress(min(len(texts), i + step), len(texts))
        if not parts:
            return np.zeros((0, self._inner.dim), dtype=np.float32)
        return np.concatenate(parts)


@dataclass
class Status:
    """Where the index stands: "loading", "building", "ready" or "failed"; `message` says more."""

    state: str = "loading"
    done: int = 0
    total: int = 0
    started: float = 0.0
    message: str = ""
    reloads: int = 0  # new builds switched in since start


class Engine:
    """The shared retriever: built on first start when missing, replaced whole when a new build appears."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.retriever = None
        self.status = Status(started=time.time())
        self._pointer = ""  # the CURRENT line of the build `retriever` was loaded from
        self._swap = threading.Lock()  # one load or swap at a time
        self._ready = threading.Event()
        self._assistants: dict = {}
        self._assistants_lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._asking: Counter[str] = Counter()  # questions being answered, by visitor
        self._asking_lock = threading.Lock()

    # ------------------------------------------------------------------ lifecycle

    def start(self, wait: bool = False, watch: bool = True) -> "Engine":
        """Self, after starting to load (or build) the index in the background; with `watch`, new builds
        are then switched in as they appear (every `settings.reload_interval` seconds)."""
        self._thread = threading.Thread(target=self._run, args=(watch,), name="rag-index", daemon=True)
        self._thread.start()
        if wait:
            self.wait()
        return self

    def stop(self) -> None:
        """Stop following new builds."""
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Whether the index is ready, after waiting up to `timeout` seconds for it to load or fail."""
        self._ready.wait(timeout)
        return self.status.state == "ready"

    def _run(self, watch: bool) -> None:
        self._load_or_build()
        warm_up()
        interval = float(self.settings.reload_interval)
        while watch and interval > 0 and not self._stop.wait(interval):
            self.reload_if_changed()

    def _load_or_build(self) -> None:
        try:
            try:
                self._load()
            except IndexUnusable as exc:
                log(f"{exc}; building it now (first start)")
                self._build()
                self._load()
            self.status.state = "ready"
            counts = self.retriever.index.manifest["counts"]
            log(f"index ready in {self.settings.index_dir}: {counts['documents']} files, {counts['chunks']} passages")
        except Exception as exc:  # shown in the status panel and /health; the app stays up to say why
            self.status.state = "failed"
            self.status.message = str(exc)
            log(f"the index could not be loaded or built: {exc}")
        finally:
            self._ready.set()

    def _load(self) -> None:
        """Load the build CURRENT names and make it the one answers come from."""
        from .retriever import load_retriever

        with self._swap:
            pointer = _pointer(self.settings.index_dir)
            retriever = load_retriever(settings=self.settings)
            self.retriever, self._pointer = retriever, pointer

    def _build(self) -> None:
        from .embeddings import get_embedder

        self.status.state = "building"
        self.status.started = time.time()
        self.status.message = "正在读取文章和加载模型…"
        embedder = _CountingEmbedder(get_embedder(self.settings.embedder, self.settings.cache_dir), self._progress)
        index_corpus(self.settings, embedder=embedder)

    def _progress(self, done: int, total: int) -> None:
        self.status.done, self.status.total = done, total
        self.status.message = f"正在编码段落 {done}/{total}"
        log(f"indexing: {done}/{total} passages encoded")

    def reload_if_changed(self) -> bool:
        """Switch to the build CURRENT names when it is not the loaded one; True when switched. Questions
        being answered finish on the build they started with; a build that does not load is logged and
        the loaded one kept."""
        if self.status.state != "ready" or _pointer(self.settings.index_dir) in ("", self._pointer):
            return False
        try:
            self._load()
        except (IndexUnusable, StoreError, OSError) as exc:
            self.status.message = f"新的索引无法加载，仍用原来的：{exc}"
            log(f"a new build could not be loaded; still answering from the old one: {exc}")
            return False
        self.status.reloads += 1
        self.status.message = ""
        counts = self.retriever.index.manifest["counts"]
        log(f"switched to the new build {self.retriever.index.path.name}: {counts['documents']} files, {counts['chunks']} passages")
        return True

    # ------------------------------------------------------------------ answering

    def assistant(self, backend: str, k: int | None = None, **options):
        """An Assistant over the current retriever; the options-free ones are made once and shared."""
        from .assistant import Assistant

        retriever = self.retriever
        if retriever is None:
            raise IndexUnusable("the index is not ready yet")
        k = int(k or self.settings.k)
        key = (backend, k)
        if options or backend not in BACKENDS:
            return Assistant(retriever=retriever, backend=backend, settings=replace(self.settings, k=k), **options)
        with self._assistants_lock:
            if self._assistants.get("retriever") is not retriever:
                self._assistants = {"retriever": retriever}  # a new build: drop the old ones
            if key not in self._assistants:
                self._assistants[key] = Assistant(retriever=retriever, backend=backend, settings=replace(self.settings, k=k))
            return self._assistants[key]

    @contextlib.contextmanager
    def turn(self, visitor: str):
        """A question of `visitor` (a user name or an address) being answered; `TooManyQuestions` when
        they have `visitor_concurrency` under way already, so that one visitor cannot hold every worker."""
        with self._asking_lock:
            if self._asking[visitor] >= self.settings.visitor_concurrency:
                raise TooManyQuestions(f"{self.settings.visitor_concurrency} of your questions are still being "
                                       "answered; ask again when one is done")
            self._asking[visitor] += 1
        try:
            yield
        finally:
            with self._asking_lock:
                self._asking[visitor] -= 1
                if not self._asking[visitor]:
                    del self._asking[visitor]

    def health(self) -> dict:
        """The index's state for /health: loading, building, ready or error, with the build's summary."""
        st = self.status
        state = {"failed": "error"}.get(st.state, st.state)
        out = {"status": state, "message": st.message, "reloads": st.reloads}
        if st.state == "building":
            out["progress"] = {"done": st.done, "total": st.total}
        retriever = self.retriever
        if retriever is not None:
            m = retriever.index.manifest
            out["index"] = {"build": retriever.index.path.name, "created": m.get("created"),
                            "embedder": m.get("embedder", {}).get("name"), "counts": m.get("counts", {})}
        return out

    # ------------------------------------------------------------------ adding articles

    def add_file(self, data: bytes, name: str, lock_timeout: float | None = None, progress=None) -> str:
        """A one-line report of adding one uploaded file to the corpus folder and the index; both are
        unchanged on error. Waits (up to `lock_timeout` s) while another writer updates the index;
        `progress(done, total)` hears how many of its new passages are encoded."""
        from .library import add

        change = self._change(add, name, data, lock_timeout, progress)
        doc = change.document
        if change.status == "unchanged":
            return f"{change.source}：已在文章库中，未改动"
        return (f"{change.source}：已加入（{doc.format}，{len(doc.articles)} 篇文章，"
                f"新编码 {change.report.encoded} 段）")

    def remove_file(self, name: str, lock_timeout: float | None = None) -> str:
        """A one-line report of removing one file from the corpus folder and the index."""
        from .library import remove

        change = self._change(remove, name, None, lock_timeout)
        return f"{change.source}：已删除（还剩 {change.report.documents} 个文件）"

    def _change(self, operation, name: str, data: bytes | None, lock_timeout: float | None, progress=None):
        """`operation` (library.add or remove) on the corpus folder and index, then the new build loaded."""
        if self.retriever is None:
            raise DocumentError("the index is not ready yet; try again when it is")
        args = (name, data) if data is not None else (name,)
        embedder = self.retriever.embedder
        if progress is not None:
            embedder = _CountingEmbedder(embedder, progress)
        try:
            change = operation(self.settings, *args, embedder=embedder, timeout=lock_timeout,
                               on_wait=lambda m: log(f"{name}: {m}"))
        except LockBusy as exc:
            raise DocumentError(f"{name}: {exc}") from exc
        if change.report is not None:
            self._load()
        return change


def _pointer(index_dir: Path) -> str:
    """The CURRENT line of `index_dir`, or "" when there is none."""
    try:
        return (Path(index_dir) / "CURRENT").read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def warm_up() -> None:
    """Load jieba's part-of-speech dictionary and CC-CEDICT (about a second each) before a visitor's question
    needs them (places in a question, what a follow-up's pronoun points to, whether two words name
    different things)."""
    from .glossary import names_a_place, unrelated
    from .questions import tagged

    try:
        tagged("北京的人工智能实验室")
        unrelated("营收", "融资")
        names_a_place("北京")
    except Exception as exc:  # only a first question's speed is at stake
        log(f"warming up the question analysis failed: {type(exc).__name__}: {exc}")
