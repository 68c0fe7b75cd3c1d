"""Shared fixtures: a running web app on loopback over a fresh index built with the hash embedder."""

from __future__ import annotations

import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class RunningApp:
    """A `rag serve` process: its URL, index folder and log file."""

    url: str
    index_dir: Path
    log: Path
    process: subprocess.Popen

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


class Drip(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible endpoint that sends a keep-alive line every 0.2 s and never an answer."""

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        for _ in range(100):  # bounded: 20 s at most
            try:
                self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
            except OSError:
                return  # the client hung up
            time.sleep(0.2)

    def log_message(self, *args):
        pass


def drip_server() -> http.server.ThreadingHTTPServer:
    """A running `Drip` server on loopback (`server_port`; stop it with `shutdown`)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Drip)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    """A TCP port that is free on loopback now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(folder: Path, *extra: str, timeout: float = 120, env: dict | None = None) -> RunningApp:
    """A started `rag serve` on loopback over a copy of the bundled articles (in `folder`, where uploads
    go) whose index (in `folder` too) is missing at start, once it answers."""
    port = free_port()
    index_dir = folder / "index"
    corpus = folder / "corpus"
    if not corpus.exists():
        shutil.copytree(ROOT / "corpus", corpus)
    log = folder / "server.log"
    env = {**os.environ, **(env or {})}
    env.update(GRADIO_ANALYTICS_ENABLED="False", GRADIO_TEMP_DIR=str(folder / "uploads"), PYTHONUNBUFFERED="1")
    env.pop("GRADIO_SERVER_NAME", None)
    cmd = [sys.executable, "-m", "rag.cli", "serve", "--index", str(index_dir), "--corpus", str(corpus), "--embedder", "hash",
           "--port", str(port), *extra]
    with open(log, "wb") as out:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    app = RunningApp(f"http://127.0.0.1:{port}/", index_dir, log, process)
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the app exited early:\n{app.log_text()}")
        text = app.log_text()
        if "index ready" in text and "Running on" in text:
            try:
                urllib.request.urlopen(app.url, timeout=2).read()
                return app
            except OSError:
                pass
        time.sleep(0.3)
    stop_app(app)
    raise RuntimeError(f"the app did not start in {timeout} s:\n{app.log_text()}")


def stop_app(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(10)
    except subprocess.TimeoutExpired:
        app.process.kill()


@pytest.fixture(scope="session")
def web_app(tmp_path_factory):
    """The web app, started once for the session on a fresh hash-embedder index of the bundled articles."""
    # Visitors may set the OpenAI base URL here, to a loopback host only (the browser test sets one).
    app = start_app(tmp_path_factory.mktemp("web_app"),
                    env={"RAG_VISITOR_URLS": "true", "RAG_VISITOR_URL_HOSTS": "127.0.0.1"})
    yield app
    stop_app(app)


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory) -> Path:
    """An index of the bundled articles with the real m3e-small model, built once per session."""
    from rag import index_corpus, load_settings

    folder = tmp_path_factory.mktemp("real_index") / "index"
    index_corpus(load_settings(index_dir=folder))
    return folder


@pytest.fixture(scope="session")
def real_retriever(real_index_dir):
    """The project's retriever over `real_index_dir`."""
    from rag import load_retriever

    return load_retriever(real_index_dir)


@pytest.fixture(scope="session")
def hash_retriever(tmp_path_factory):
    """The retriever over an index of the bundled articles built with the instant hash embedder."""
    from rag import index_corpus, load_retriever, load_settings

    settings = load_settings(index_dir=tmp_path_factory.mktemp("hash_index") / "index", embedder="hash")
    index_corpus(settings)
    return load_retriever(settings=settings)
