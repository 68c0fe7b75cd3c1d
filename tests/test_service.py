"""A service for a team: one writer at a time, builds kept while read, live reload, readiness, fallback,
login and the OpenAI-compatible endpoint."""

from __future__ import annotations

import gc
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from rag.config import load_settings
from rag.locks import LockBusy, writing
from rag.store import index_corpus, load_index

from conftest import ROOT

CORPUS = ROOT / "corpus"


def _small_corpus(tmp_path: Path, files: int = 2) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for path in sorted(CORPUS.glob("*.txt"))[:files]:
        shutil.copy(path, folder / path.name)
    return folder


def _rag(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


def _index_args(corpus: Path, index: Path) -> list[str]:
    return ["index", "--corpus", str(corpus), "--index", str(index), "--embedder", "hash"]


# ---------------------------------------------------------------- one writer at a time


def test_a_second_writer_waits_for_the_first_or_fails_fast_with_no_wait(tmp_path):
    corpus, index = _small_corpus(tmp_path), tmp_path / "index"
    with writing(index):
        fast = _rag(*_index_args(corpus, index), "--no-wait")
        out, err = fast.communicate(timeout=60)
        assert fast.returncode == 2
        assert "rag: error:" in err and f"pid {os.getpid()}" in err and "without --no-wait" in err
        assert not (index / "CURRENT").exists()

        waiting = _rag(*_index_args(corpus, index))
        ends = time.monotonic() + 60
        line = ""
        while "waiting" not in line and time.monotonic() < ends:
            line = waiting.stderr.readline()
        assert f"being updated by pid {os.getpid()}" in line
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting while we hold the lock
    out, err = waiting.communicate(timeout=60)
    assert waiting.returncode == 0, err
    assert "index ready" in out
    load_index(index)


def test_two_writers_at_once_both_finish_and_the_second_reuses_the_first_build(tmp_path):
    corpus, index = _small_corpus(tmp_path), tmp_path / "index"
    runs = [_rag(*_index_args(corpus, index)) for _ in range(2)]
    outs = [run.communicate(timeout=120) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outs
    reports = sorted(out for out, _ in outs)
    chunks = load_index(index).manifest["counts"]["chunks"]
    # One encoded every passage; the other waited and reused all of them.
    assert any(f"(0 encoded, {chunks} reused)" in r for r in reports), reports
    assert any(f"({chunks} encoded, 0 reused)" in r for r in reports), reports


def test_the_lock_of_a_killed_writer_does_not_block_the_next(tmp_path):
    index = tmp_path / "index"
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from rag.locks import writing\n"
         f"with writing({str(index)!r}):\n    print('held', flush=True); time.sleep(600)"],
        cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(LockBusy, match=f"pid {holder.pid}"):
        with writing(index, wait=False):
            pass
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(10)
    assert f"pid {holder.pid}" in (index / "LOCK").read_text()  # the stale file is still there...
    with writing(index, wait=False):  # ...and does not block
        pass


def test_a_waiting_writer_gives_up_after_its_timeout(tmp_path):
    index = tmp_path / "index"
    done = threading.Event()
    ready = threading.Event()

    def hold():
        with writing(index):
            ready.set()
            done.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    ready.wait(10)
    try:
        with pytest.raises(LockBusy, match="after 0.3 s"):
            with writing(index, timeout=0.3):
                pass
    finally:
        done.set()
        t.join()


def test_an_old_build_is_kept_while_a_reader_holds_it(tmp_path):
    corpus = _small_corpus(tmp_path)
    settings = load_settings(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="hash")
    index_corpus(settings)
    first = load_index(settings.index_dir)
    (corpus / "extra.txt").write_text("# 新文章\n\n火星基地的氧气由电解水制造。\n", encoding="utf-8")
    index_corpus(settings)
    assert first.path.is_dir()  # still read: kept
    # The kept build still loads its own data after the switch.
    assert (first.path / "chunks.jsonl").is_file()
    del first
    gc.collect()
    (corpus / "extra.txt").write_text("# 新文章\n\n火星基地的氧气由电解水制造，每天两百升。\n", encoding="utf-8")
    index_corpus(settings)
    builds = [p for p in settings.index_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    assert builds == [load_index(settings.index_dir).path]  # nobody read the older ones: removed
