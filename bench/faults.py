"""Fault and load matrix of the index and the server, on loopback, bounded in time.

Each case prints what was expected and what happened, and the run ends with PASS or FAIL per case
(exit 1 when any failed). Everything runs on a copy of the bundled articles in a temporary folder, with
the instant hash embedder by default (the store and server code are the same for any embedder; pass
--embedder m3e-small for the real one).

    .venv/bin/python bench/faults.py            # all cases, about 3 minutes on 2 cores
    .venv/bin/python bench/faults.py --only kill,flip

Cases:
  kill      kill -9 of `rag index` at a random moment, 20 times: after each, the index loads and
            `rag search` answers as before (or as the finished new build, when the switch came first)
  flip      a byte flipped in each file of the index: `rag search` refuses with one `rag: error:` line
            naming the file, and `rag index` rebuilds an index that answers as before
  writers   two `rag index` at once: both finish, one waits and reuses the other's build; with
            --no-wait the second fails at once; the index loads
  serve     20 users asking /v1 while `rag index` switches in three new builds: no error, every quote
            is a real passage of a complete build, p95 under 3 s, the server follows the builds
  llm       a hung and a failing LLM server: the extractive answer stands in, marked, within the deadline
  queue     60 requests at once on a server taking 1 at a time with 2 waiting: the rest get a clean
            "busy", no other error, and the server answers afterwards
  trust     a symbolic link out of the corpus, CURRENT naming a folder outside the index, and (where a
            small tmpfs can be mounted) `rag index` on a full and on a read-only disk
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTION = "DeepSeek-V3的训练成本是多少？"
QUESTIONS = [QUESTION, "人形机器人目前面临哪些挑战？", "脑机接口有哪些应用？", "火星上一共住着多少人？"]


class Matrix:
    """The cases run so far, each with what was expected and what happened."""

    def __init__(self):
        self.rows: list[dict] = []

    def record(self, case: str, expected: str, happened: str, ok: bool) -> None:
        self.rows.append({"case": case, "expected": expected, "happened": happened, "ok": ok})
        print(f"[{'PASS' if ok else 'FAIL'}] {case}\n    expected: {expected}\n    happened: {happened}", flush=True)


def rag(*args: str, timeout: float = 300, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, **kwargs)


def spawn(*args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "GRADIO_ANALYTICS_ENABLED": "False"}
    return subprocess.Popen([sys.executable, "-m", "rag.cli", *args], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


class Workspace:
    """A corpus copy and an index folder in a temporary folder, and the commands on them."""

    def __init__(self, folder: Path, embedder: str, corpus: Path | None = None, index: Path | None = None):
        self.folder, self.embedder = folder, embedder
        self.corpus, self.index = corpus or folder / "corpus", index or folder / "index"
        if corpus is None:
            shutil.copytree(ROOT / "corpus", self.corpus)
        self.changes = 0

    def index_args(self, *extra: str) -> list[str]:
        return ["index", "--corpus", str(self.corpus), "--index", str(self.index), "--embedder", self.embedder, *extra]

    def build(self) -> subprocess.CompletedProcess:
        return rag(*self.index_args())

    def search(self) -> subprocess.CompletedProcess:
        return rag("search", QUESTION, "--json", "--index", str(self.index), "--embedder", self.embedder)

    def current(self) -> str:
        return (self.index / "CURRENT").read_text(encoding="utf-8").split()[0]

    def change_corpus(self) -> None:
        """A new article each time, so that every `rag index` writes a new build."""
        self.changes += 1
        (self.corpus / f"extra_{self.changes:03d}.txt").write_text(
            f"# 附加文章 {self.changes}\n\n第 {self.changes} 号补充说明：这是一段用于更新索引的文字。\n", encoding="utf-8")


# ---------------------------------------------------------------- kill -9 during rag index


def case_kill(ws: Workspace, matrix: Matrix, runs: int = 20) -> None:
    assert ws.build().returncode == 0
    # How long an update takes, to pick kill moments across the whole of it.
    ws.change_corpus()
    started = time.monotonic()
    assert ws.build().returncode == 0
    span = time.monotonic() - started
    rng = random.Random(20261122)
    outcomes = {"old": 0, "new": 0}
    broken = []
    for run in range(runs):
        before_build, before = ws.current(), ws.search().stdout
        ws.change_corpus()
        proc = spawn(*ws.index_args())
        time.sleep(rng.uniform(0.0, span))
        proc.kill()  # SIGKILL: no cleanup of any kind
        proc.wait()
        after = ws.search()
        if after.returncode != 0:
            broken.append(f"run {run}: search failed: {after.stderr.strip()[-200:]}")
        elif ws.current() == before_build:
            outcomes["old"] += 1
            if after.stdout != before:
                broken.append(f"run {run}: the old build answers differently")
        else:
            outcomes["new"] += 1  # killed after the switch: the new build is whole
    last = ws.build()
    leftovers = [p.name for p in ws.index.iterdir() if p.name.startswith((".tmp-", "CURRENT."))]
    matrix.record(
        f"kill -9 of rag index at a random moment ({runs} runs over {span:.1f} s each)",
        "after each kill the index loads and rag search answers as before (or from the finished new build); "
        "the next rag index cleans up and succeeds",
        f"{outcomes['old']} kills left the old build, {outcomes['new']} came after the switch; "
        f"{len(broken)} broken{': ' + '; '.join(broken) if broken else ''}; next rag index exit {last.returncode}; "
        f"leftovers after it: {leftovers or 'none'}",
        not broken and last.returncode == 0 and not [x for x in leftovers if x.startswith(".tmp-")])


# ---------------------------------------------------------------- a byte flipped in each index file


def case_flip(ws: Workspace, matrix: Matrix) -> None:
    assert ws.build().returncode == 0
    good = ws.search().stdout
    for name in ("CURRENT", "manifest.json", "vectors.faiss", "chunks.jsonl", "documents.jsonl",
                 "bm25/data.csc.index.npy", "bm25/vocab.index.json"):
        target = ws.index / name if name == "CURRENT" else ws.index / ws.current() / name
        data = bytearray(target.read_bytes())
        at = len(data) // 2
        data[at] ^= 0x01
        target.write_bytes(bytes(data))
        damaged = ws.search()
        lines = damaged.stderr.strip().splitlines()
        refused = damaged.returncode == 2 and len(lines) == 1 and lines[0].startswith("rag: error:")
        rebuilt = ws.build()
        restored = ws.search().stdout == good
        matrix.record(
            f"byte {at} flipped in {target.relative_to(ws.index)}",
            "rag search refuses with one `rag: error:` line; rag index rebuilds; rag search answers as before",
            f"search exit {damaged.returncode}: {lines[-1][:160] if lines else '(nothing)'}; "
            f"rag index exit {rebuilt.returncode}; answers as before: {restored}",
            refused and rebuilt.returncode == 0 and restored)


# ---------------------------------------------------------------- two writers at once


def case_writers(ws: Workspace, matrix: Matrix) -> None:
    if (ws.index / "CURRENT").exists():
        shutil.rmtree(ws.index)
    runs = [spawn(*ws.index_args()) for _ in range(2)]
    outs = [r.communicate(timeout=600) for r in runs]
    codes = [r.returncode for r in runs]
    waited = sum("waiting for" in err for _, err in outs)
    reused = sum("(0 encoded" in out for out, _ in outs)
    loads = ws.search().returncode == 0
    matrix.record(
        "two rag index at once on an empty index folder",
        "both exit 0; one waits for the other and reuses all its vectors (0 encoded); the index loads",
        f"exit codes {codes}; {waited} waited; {reused} encoded nothing; index loads: {loads}",
        codes == [0, 0] and reused == 1 and loads)

    ws.change_corpus()
    first = spawn(*ws.index_args())
    ends = time.monotonic() + 60
    while not _held(ws.index) and time.monotonic() < ends:
        time.sleep(0.01)
    second = rag(*ws.index_args("--no-wait"))
    first.communicate(timeout=600)
    matrix.record(
        "rag index --no-wait while another rag index runs",
        "the second exits 2 at once with one line naming the holder; the first finishes",
        f"second exit {second.returncode}: {second.stderr.strip()[:160]}; first exit {first.returncode}",
        second.returncode == 2 and "being updated by pid" in second.stderr and first.returncode == 0)


def _held(index: Path) -> bool:
    try:
        return (index / "LOCK").read_text().startswith("pid")
    except OSError:
        return False


# ---------------------------------------------------------------- serving while indexing


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`rag serve` on loopback in a subprocess."""

    def __init__(self, ws: Workspace, *extra: str, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = ws.folder / f"server-{self.port}.log"
        full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "GRADIO_ANALYTICS_ENABLED": "False",
                    "RAG_RELOAD_INTERVAL": "0.5", **(env or {})}
        with open(self.log, "wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "rag.cli", "serve", "--corpus", str(ws.corpus), "--index", str(ws.index),
                 "--embedder", ws.embedder, "--port", str(self.port), *extra],
                cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        ends = time.monotonic() + 300
        while time.monotonic() < ends:
            if self.health()[0] == 200:
                return
            time.sleep(0.3)
        raise RuntimeError(f"the server did not become ready:\n{self.log.read_text()[-2000:]}")

    def health(self) -> tuple[int, dict]:
        import httpx

        try:
            r = httpx.get(f"{self.url}/health", timeout=5)
            return r.status_code, r.json()
        except httpx.HTTPError:
            return 0, {}

    def ask(self, question: str, model: str = "rag", timeout: float = 60) -> tuple[int, dict, float]:
        import httpx

        started = time.perf_counter()
        r = httpx.post(f"{self.url}/v1/chat/completions", timeout=timeout,
                       json={"model": model, "messages": [{"role": "user", "content": question}]})
        return r.status_code, r.json(), time.perf_counter() - started

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()


def case_serve(ws: Workspace, matrix: Matrix, users: int = 20, builds: int = 3) -> None:
    from rag.store import load_index

    assert ws.build().returncode == 0
    # Each user its own address is not possible on loopback: the per-visitor limit is raised to the number of users.
    server = Server(ws, "--concurrency", "4", "--queue-size", "64", env={"RAG_VISITOR_CONCURRENCY": str(users)})
    try:
        first = server.health()[1]["index"]["build"]
        stop = threading.Event()
        results: list[tuple[int, dict, float]] = []
        errors: list[str] = []

        def user(n: int) -> None:
            rng = random.Random(n)
            while not stop.is_set():
                try:
                    results.append(server.ask(rng.choice(QUESTIONS)))
                except Exception as exc:  # a dropped connection is an error too
                    errors.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        for t in threads:
            t.start()
        index_runs = []
        for _ in range(builds):
            time.sleep(2)
            ws.change_corpus()
            index_runs.append(ws.build().returncode)
        ends = time.monotonic() + 30
        while server.health()[1].get("reloads", 0) < builds and time.monotonic() < ends:
            time.sleep(0.2)
        time.sleep(2)
        stop.set()
        for t in threads:
            t.join(120)
        health = server.health()[1]
    finally:
        server.stop()
    documents = load_index(ws.index).documents  # the last build holds every article ever added here
    bad_status = [r for r in results if r[0] != 200]
    bad_quotes = [c for status, body, _ in results if status == 200 for c in body.get("citations", [])
                  if documents[c["source"]].raw[c["start"]:c["end"]] != c["quote"]]
    latencies = sorted(r[2] for r in results)
    p95 = latencies[int(0.95 * (len(latencies) - 1))] if latencies else float("nan")
    matrix.record(
        f"{users} users asking /v1 while rag index switches in {builds} new builds",
        "no error; every quote is the text at its offsets; p95 under 3 s; the server switches to each new build",
        f"{len(results)} answers, {len(bad_status)} non-200, {len(errors)} client errors, {len(bad_quotes)} bad quotes; "
        f"p50 {statistics.median(latencies):.2f} s, p95 {p95:.2f} s; rag index exits {index_runs}; "
        f"build {first} -> {health.get('index', {}).get('build')}, reloads {health.get('reloads')}",
        not bad_status and not errors and not bad_quotes and p95 < 3 and health.get("reloads") == builds
        and index_runs == [0] * builds)


# ---------------------------------------------------------------- hung and failing LLM servers


class _Hung(http.server.BaseHTTPRequestHandler):
    def do_POST(self):  # keeps the connection alive with a comment line every 0.2 s, never answers
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for _ in range(300):
            try:
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.2)

    def log_message(self, *args):
        pass


class _Failing(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(500)
        self.end_headers()
        self.wfile.write(b'{"error": "internal secret detail"}')

    def log_message(self, *args):
        pass


def case_llm(ws: Workspace, matrix: Matrix) -> None:
    if not (ws.index / "CURRENT").exists():
        assert ws.build().returncode == 0
    for name, handler in (("hung", _Hung), ("failing (HTTP 500)", _Failing)):
        llm = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=llm.serve_forever, daemon=True).start()
        config = ws.folder / "rag.toml"
        config.write_text(f'[backends.openai]\nbase_url = "http://127.0.0.1:{llm.server_port}/v1"\n'
                          'model = "m"\ndeadline = 3\nretries = 1\nbackoff = 0.1\n', encoding="utf-8")
        server = Server(ws, env={"RAG_CONFIG": str(config)})
        try:
            status, body, seconds = server.ask(QUESTION, model="rag-openai")
        finally:
            server.stop()
            llm.shutdown()
        text = body.get("choices", [{}])[0].get("message", {}).get("content", "")
        matrix.record(
            f"a {name} LLM server behind the openai backend",
            "within the 3 s deadline (plus the extractive answer) the extractive answer, cited, marked with the "
            "backend's error, and nothing of what the server said",
            f"HTTP {status} in {seconds:.1f} s; backend_error {body.get('backend_error')!r}; "
            f"{len(body.get('citations', []))} citations; answer {text[:50]!r}",
            status == 200 and "557.6" in text and body.get("backend_error") and seconds < 8
            and "secret" not in json.dumps(body))


# ---------------------------------------------------------------- saturation


def case_queue(ws: Workspace, matrix: Matrix, requests: int = 60) -> None:
    if not (ws.index / "CURRENT").exists():
        assert ws.build().returncode == 0
    server = Server(ws, "--concurrency", "1", "--queue-size", "2", env={"RAG_VISITOR_CONCURRENCY": str(requests)})
    try:
        with ThreadPoolExecutor(requests) as pool:
            outcomes = list(pool.map(lambda _: server.ask(QUESTION), range(requests)))
        after = server.ask(QUESTION)
    finally:
        server.stop()
    answered = sum(s == 200 and "557.6" in b["choices"][0]["message"]["content"] for s, b, _ in outcomes)
    busy = sum(s == 429 and b.get("error", {}).get("code") == "busy" for s, b, _ in outcomes)
    matrix.record(
        f"{requests} requests at once, 1 answered at a time, 2 may wait",
        "each is answered or told busy at once; none fails otherwise; the server answers afterwards",
        f"{answered} answered, {busy} busy, {requests - answered - busy} other; afterwards HTTP {after[0]}",
        answered + busy == requests and busy > 0 and answered > 0 and after[0] == 200)


# ---------------------------------------------------------------- trust boundaries of the index


def case_trust(ws: Workspace, matrix: Matrix) -> None:
    secret = ws.folder / "secret.txt"
    secret.write_text("# 机密\n\n内部口令是 hunter2。\n", encoding="utf-8")
    (ws.corpus / "link.txt").symlink_to(secret)
    built = ws.build()
    from rag.store import load_index

    indexed = set(load_index(ws.index).documents)
    matrix.record(
        "a corpus file that is a symbolic link to a file outside the corpus",
        "refused and listed with the reason; everything else indexed",
        f"rag index exit {built.returncode}; stderr: {built.stderr.strip()[:140]!r}; link indexed: {'link.txt' in indexed}",
        built.returncode == 0 and "link.txt" not in indexed and "link" in built.stderr)
    (ws.corpus / "link.txt").unlink()

    pointer = ws.index / "CURRENT"
    saved = pointer.read_text(encoding="utf-8")
    outside = ws.folder / "outside"
    shutil.copytree(ws.index / saved.split()[0], outside)
    for name in (f"../outside {saved.split()[1]}", f"{outside} {saved.split()[1]}"):
        pointer.write_text(name + "\n", encoding="utf-8")
        run = ws.search()
        lines = run.stderr.strip().splitlines()
        matrix.record(
            f"CURRENT names {name.split()[0]!r}",
            "refused as damage, in one `rag: error:` line; nothing loaded from outside the index folder",
            f"exit {run.returncode}: {lines[-1][:150] if lines else '(nothing)'}",
            run.returncode == 2 and len(lines) == 1 and "damaged" in lines[0])
    pointer.write_text(saved, encoding="utf-8")

    disk = ws.folder / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(disk)], capture_output=True).returncode:
        matrix.record("disk full and read-only during rag index", "(needs a small tmpfs)", "skipped: cannot mount here", True)
        return
    try:
        small = Workspace(ws.folder, ws.embedder, corpus=ws.corpus, index=disk / "index")
        assert small.build().returncode == 0
        before = small.search().stdout
        with open(disk / "filler", "wb") as fh:  # fill the disk
            try:
                while True:
                    fh.write(b"\0" * 65536)
                    fh.flush()
            except OSError:
                pass
        small.change_corpus()
        (small.corpus / "big.txt").write_text("# 大文章\n\n" + "长句子用于占满磁盘空间。" * 20000, encoding="utf-8")
        _failed_update(small, matrix, "a full disk", "rag: error: No space left", before,
                       then=lambda: (disk / "filler").unlink())
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        _failed_update(small, matrix, "a read-only disk", "rag: error: Read-only file system", before)
    finally:
        subprocess.run(["umount", str(disk)], capture_output=True)


def _failed_update(ws: Workspace, matrix: Matrix, where: str, error: str, before: str, then=None) -> None:
    """Record that `rag index` on `where` ends with one `error` line and leaves the index answering `before`."""
    run = ws.build()
    if then:
        then()
    intact = ws.search().stdout == before
    lines = run.stderr.strip().splitlines()
    matrix.record(
        f"rag index on {where}",
        "exit 2 with one `rag: error:` line saying what and what to do; the old index answers as before",
        f"exit {run.returncode}: {lines[-1][:150] if lines else '(nothing)'}; old index answers as before: {intact}",
        run.returncode == 2 and bool(lines) and lines[-1].startswith(error) and intact)


CASES = {"kill": case_kill, "flip": case_flip, "writers": case_writers, "serve": case_serve, "llm": case_llm,
         "queue": case_queue, "trust": case_trust}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help=f"comma-separated cases of: {', '.join(CASES)}")
    parser.add_argument("--embedder", default="hash", help="embedder of the index (default: hash, instant)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "faults.json")
    args = parser.parse_args()
    chosen = [c.strip() for c in (args.only or ",".join(CASES)).split(",") if c.strip()]
    matrix = Matrix()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rag-faults-") as tmp:
        for name in chosen:
            ws = Workspace(Path(tmp) / name, args.embedder)
            try:
                CASES[name](ws, matrix)
            except Exception as exc:  # a case that could not run is a failed case
                matrix.record(name, "the case runs", f"{type(exc).__name__}: {exc}", False)
    failed = [r for r in matrix.rows if not r["ok"]]
    print(f"\n{len(matrix.rows) - len(failed)}/{len(matrix.rows)} passed in {time.monotonic() - started:.0f} s")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"embedder": args.embedder, "rows": matrix.rows}, ensure_ascii=False, indent=2) + "\n",
                        encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
