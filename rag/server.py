"""The server (`rag serve`, `python app.py`): the web chat, `/health` and the OpenAI-compatible `/v1` API
in one FastAPI app on one port, with optional login.

Without login it listens on loopback only, unless `allow_anonymous` says that anyone who can reach the
port may ask and add articles.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from .config import PROJECT_ROOT, Settings, load_settings
from .engine import Engine, log
from .openai_api import ApiError, add_routes
from .users import Users
from .webapp import ANSWER_CONCURRENCY, CSS, PAGE_SCRIPT, QUEUE_MAX_SIZE, build_app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    return host in LOOPBACK or host.startswith("127.")


def create_app(engine: Engine, users: Users | None = None, queue_size: int = QUEUE_MAX_SIZE,
               concurrency: int = ANSWER_CONCURRENCY):
    """The FastAPI app: /health, /v1/*, and the Gradio chat at /."""
    import gradio as gr

    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/health")
    def health():
        """loading / building / ready / error, with the loaded build's summary; 200 only when ready."""
        body = engine.health()
        return JSONResponse(body, status_code=200 if body["status"] == "ready" else 503)

    def visitor(request: Request) -> str:
        if users is None:
            return request.client.host if request.client else ""
        name = users.check_header(request.headers.get("authorization", ""))
        if name is None:
            raise ApiError(401, "log in: send Authorization: Bearer NAME:PASSWORD (the API key of an OpenAI client)",
                           kind="authentication_error", code="invalid_api_key")
        return name

    add_routes(app, engine, visitor, concurrency, queue_size)
    demo = build_app(engine, queue_size=queue_size, concurrency=concurrency)
    settings = engine.settings
    # Gradio serves uploads and its own assets only; the index, the corpus and the project stay private.
    blocked = [str(Path(p).resolve()) for p in (settings.index_dir, settings.corpus_dir, settings.cache_dir, PROJECT_ROOT)]
    return gr.mount_gradio_app(
        app, demo, path="/",
        auth=users.check if users else None,
        auth_message="文章问答：请登录" if users else None,
        allowed_paths=[],
        blocked_paths=blocked,
        max_file_size=int(settings.max_file_mb * 1024 * 1024),
        run_history=False,  # it would keep the inputs (the API key among them) in the browser
        footer_links=["api"],
        enable_monitoring=False,
        mcp_server=False,
        ssr_mode=False,
        show_error=False,
        css=CSS,
        js=PAGE_SCRIPT,
    )


class Server:
    """A running server: its URL, engine and uvicorn server; `close` stops it."""

    def __init__(self, url: str, engine: Engine, server, thread: threading.Thread | None):
        self.url, self.engine, self._server, self._thread = url, engine, server, thread

    def close(self) -> None:
        self.engine.stop()
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(10)


def serve(settings: Settings | None = None, host: str | None = None, port: int | None = None,
          background: bool = False, queue_size: int = QUEUE_MAX_SIZE, concurrency: int = ANSWER_CONCURRENCY) -> Server:
    """Start the server: loopback and the first free port from 7860 unless told (or GRADIO_SERVER_NAME /
    GRADIO_SERVER_PORT say) otherwise. With `background` it runs in a thread and this returns at once."""
    import uvicorn

    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    settings = settings or load_settings()
    host = host or os.environ.get("GRADIO_SERVER_NAME") or "127.0.0.1"
    users = Users(settings.users_file) if settings.users_file else None
    if users is None and not is_loopback(host) and not settings.allow_anonymous:
        raise ValueError(
            f"refusing to listen on {host} without login: anyone who can reach it could ask and add articles. "
            "Add users (`rag users add NAME --users-file FILE`, then set users_file), or allow it explicitly "
            "with --allow-anonymous")
    port = port or int(os.environ.get("GRADIO_SERVER_PORT") or 0) or _free_port(host, 7860)
    engine = Engine(settings).start()
    app = create_app(engine, users, queue_size=queue_size, concurrency=concurrency)
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=5))
    url = f"http://{'[' + host + ']' if ':' in host else host}:{port}/"
    login = f"login on ({len(users)} users)" if users else "no login"
    if background:
        thread = threading.Thread(target=server.run, name="rag-server", daemon=True)
        thread.start()
        while not server.started and thread.is_alive():
            time.sleep(0.05)
        log(f"Running on local URL: {url} ({login})")
        return Server(url, engine, server, thread)
    log(f"Running on local URL: {url} ({login})")
    server.run()
    return Server(url, engine, server, None)


def _free_port(host: str, start: int) -> int:
    for port in range(start, start + 100):
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            try:
                s.bind((host, port))
                return port
            except OSError:
                continue
    raise OSError(f"no free port on {host} from {start} to {start + 99}; choose one with --port")
