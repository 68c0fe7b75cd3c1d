"""Locks of an index folder: one writer at a time, and readers that keep the build they loaded.

Both are `flock` locks, which the kernel drops when their process ends, however it ends: the lock file a
killed writer leaves behind is stale by construction and never blocks the next writer. The file holds the
holder's pid and command, so a waiting writer can say whom it waits for.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

LOCK_FILE = "LOCK"


class LockBusy(RuntimeError):
    """Another writer holds the index folder, and the caller chose not to wait (or waited long enough)."""


# Per process: folders whose writer lock this process holds, with the holding thread and depth, so
# that code already inside `writing` (an upload, `rag index`) may call code that takes it again.
_HELD: dict[str, list] = {}
_HELD_GUARD = threading.Lock()


def holder(index_dir: Path) -> str:
    """Who holds (or last held) the writer lock of `index_dir`: "pid N (command)", or ""."""
    try:
        return (Path(index_dir) / LOCK_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


@contextlib.contextmanager
def writing(index_dir: Path, wait: bool = True, timeout: float | None = None,
            on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the writer lock of `index_dir` for the `with` block.

    Without `wait` a held lock raises `LockBusy` at once; with it, `on_wait` is told once whom we wait
    for, and `timeout` (seconds, None for ever) bounds the wait.
    """
    index_dir = Path(index_dir)
    index_dir.mkdir(parents=True, exist_ok=True)
    key = str(index_dir.resolve())
    me = threading.get_ident()
    with _HELD_GUARD:
        held = _HELD.get(key)
        if held and held[0] == me:
            held[1] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _HELD_GUARD:
                _HELD[key][1] -= 1
        return

    fd = os.open(index_dir / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, index_dir, wait, timeout, on_wait)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} ({' '.join(Path(a).name for a in sys.argv[:2])})\n".encode(), 0)
        with _HELD_GUARD:
            _HELD[key] = [me, 1]
        try:
            yield
        finally:
            with _HELD_GUARD:
                _HELD.pop(key, None)
            os.ftruncate(fd, 0)  # released: nobody to wait for
    finally:
        os.close(fd)  # closing drops the flock


def _acquire(fd: int, index_dir: Path, wait: bool, timeout: float | None, on_wait) -> None:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return
    except BlockingIOError:
        pass
    who = holder(index_dir) or "another process"
    if not wait:
        raise LockBusy(f"{index_dir} is being updated by {who}; wait for it to finish, or run again without --no-wait")
    if on_wait:
        on_wait(f"waiting for {index_dir}: it is being updated by {who}")
    ends = None if timeout is None else time.monotonic() + timeout
    while True:  # polled, not blocking: a blocked flock could not be given up at the timeout
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if ends is not None and time.monotonic() > ends:
                raise LockBusy(f"{index_dir} was still being updated by {who} after {timeout:g} s; try again later") from None
            time.sleep(0.1)


class ReaderHold:
    """A shared lock on a build's manifest for as long as a loaded index uses the build."""

    def __init__(self, build: Path):
        self._file = open(Path(build) / "manifest.json", "rb")
        fcntl.flock(self._file.fileno(), fcntl.LOCK_SH)

    def release(self) -> None:
        """Let writers remove the build."""
        self._file.close()


@contextlib.contextmanager
def unread(build: Path) -> Iterator[bool]:
    """Whether no reader holds `build`; while True, no new reader can take it."""
    try:
        fh = open(Path(build) / "manifest.json", "rb")
    except OSError:
        yield True  # no manifest: not a build a reader could hold
        return
    with fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
