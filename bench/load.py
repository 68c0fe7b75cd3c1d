"""Load test of the web chat: N concurrent gradio_client users asking through the `ask` API.

Starts `rag serve` on loopback (on a copy of the given index, so the real one is never touched),
runs the users for a bounded time, and prints answer latency (p50/p95), throughput, errors (clean
"busy" replies counted apart) and the server's resident memory at start, middle and end.

    .venv/bin/python bench/load.py --users 20 --seconds 60
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "DeepSeek-V3的训练成本是多少？",
    "人形机器人目前面临哪些挑战？",
    "脑机接口有哪些应用？",
    "DeepSeek采用了什么架构？",
    "火星上一共住着多少人？",
    "What is the training cost of DeepSeek-V3?",
]


def rss_mb(pid: int) -> float:
    """Resident memory of process `pid` and its children, in MB (Linux /proc)."""
    total = 0
    pids = [pid]
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        pids += [int(c) for c in children]
    except OSError:
        pass
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(index_dir: Path, embedder: str | None, log: Path, queue_size: int, concurrency: int, users: int):
    """The server process and its URL, once it answers."""
    port = free_port()
    cmd = [sys.executable, "-m", "rag.cli", "serve", "--index", str(index_dir), "--port", str(port),
           "--queue-size", str(queue_size), "--concurrency", str(concurrency)]
    if embedder:
        cmd += ["--embedder", embedder]
    env = dict(os.environ, GRADIO_ANALYTICS_ENABLED="False", PYTHONUNBUFFERED="1")
    env.pop("GRADIO_SERVER_NAME", None)  # loopback only
    # Every user asks from the same loopback address: the per-visitor limit is raised to the number of users.
    env["RAG_VISITOR_CONCURRENCY"] = str(users)
    out = open(log, "wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 600
    while time.time() < deadline:
        text = log.read_text(errors="replace")
        if proc.poll() is not None:
            raise SystemExit(f"the server exited:\n{text}")
        if "index ready" in text and "Running on" in text:
            try:
                urllib.request.urlopen(url, timeout=2).read()
                return proc, url
            except OSError:
                pass
        time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not start in time")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--index", type=Path, default=ROOT / "index" / "default", help="index to copy and serve")
    parser.add_argument("--embedder", help="embedder of that index (default: the configured one)")
    parser.add_argument("--queue-size", type=int, default=32)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args(argv)

    from gradio_client import Client
    from gradio_client.exceptions import AppError
    from gradio_client.utils import QueueError

    work = Path(tempfile.mkdtemp(prefix="rag-load-"))
    try:
        index_dir = work / "index"
        if args.index.exists():
            shutil.copytree(args.index, index_dir)
        log = work / "server.log"
        proc, url = start_server(index_dir, args.embedder, log, args.queue_size, args.concurrency, args.users)
        memory = {"start": rss_mb(proc.pid)}
        latencies: list[float] = []
        busy, errors = [0], []
        lock = threading.Lock()
        stop_at = time.time() + args.seconds

        def user(n: int) -> None:
            client = Client(url, verbose=False)
            i = n
            while time.time() < stop_at:
                question = QUESTIONS[i % len(QUESTIONS)]
                i += 1
                t0 = time.perf_counter()
                try:
                    result = client.predict(question, api_name="/ask")
                    ok = isinstance(result, dict) and {"answer", "citations", "refused"} <= set(result)
                    with lock:
                        if ok:
                            latencies.append(time.perf_counter() - t0)
                        else:
                            errors.append(f"bad reply: {str(result)[:200]}")
                except (QueueError, AppError) as exc:
                    with lock:
                        if "try again" in str(exc).lower() or "busy" in str(exc).lower():
                            busy[0] += 1
                        else:
                            errors.append(f"{type(exc).__name__}: {exc}")
                    time.sleep(0.5)  # a polite client backs off when told the server is busy
                except Exception as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")
                    time.sleep(0.5)

        threads = [threading.Thread(target=user, args=(n,), daemon=True) for n in range(args.users)]
        t_start = time.time()
        for t in threads:
            t.start()
        time.sleep(args.seconds / 2)
        memory["middle"] = rss_mb(proc.pid)
        for t in threads:
            t.join(args.seconds + 120)
        elapsed = time.time() - t_start
        memory["end"] = rss_mb(proc.pid)
        alive = proc.poll() is None
        proc.terminate()
        proc.wait(20)

        lat = sorted(latencies)
        figures = {
            "users": args.users,
            "seconds": round(elapsed, 1),
            "answers": len(lat),
            "throughput_per_s": round(len(lat) / elapsed, 2),
            "p50_s": round(statistics.median(lat), 3) if lat else None,
            "p95_s": round(lat[int(0.95 * (len(lat) - 1))], 3) if lat else None,
            "busy": busy[0],
            "errors": len(errors),
            "server_alive_at_end": alive,
            "rss_mb": {k: round(v, 1) for k, v in memory.items()},
            "queue_size": args.queue_size,
            "concurrency": args.concurrency,
        }
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        for e in errors[:10]:
            print("error:", e, file=sys.stderr)
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(figures, ensure_ascii=False, indent=2), encoding="utf-8")
        return 0 if not errors and alive else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
