"""The OpenAI-compatible API: `/v1/models` and `/v1/chat/completions` (streaming and not), so chat clients
and scripts that speak that API ask the assistant.

The answer's text carries `[n]` markers; the response adds `citations` (n, source, title, quote, start,
end), `refused` and, when a generating backend failed and the extractive answer stood in, `backend_error`.
A stream sends the checked answer: a generated text is checked against its citations before it goes out,
since a client cannot take back what it was sent.
"""

from __future__ import annotations

import contextlib
import json
import re
import secrets
import threading
import time
from typing import Any, Callable, Iterator

from fastapi import Request
from fastapi.responses import JSONResponse, StreamingResponse

from .chunks import count_tokens
from .engine import BACKENDS, MAX_QUESTION_CHARS, Engine, TooManyQuestions
from .llms import pieces

# A prompt that brings its own passages and ends with "Question: ..." (the form RAG clients, this
# project's own `openai` backend among them, send) is answered for that question.
_QUESTION_LINE = re.compile(r"^(?:Question|问题|問題)\s*[:：]\s*(.+)$", re.M)


class ApiError(Exception):
    """An error answered in the OpenAI error format."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str | None = None):
        super().__init__(message)
        self.status, self.kind, self.code = status, kind, code

    def body(self) -> dict:
        return {"error": {"message": str(self), "type": self.kind, "param": None, "code": self.code}}


def models(settings) -> dict[str, str]:
    """The model ids the API offers, each naming a backend: "rag" is the configured one."""
    return {"rag": settings.backend, **{f"rag-{name}": name for name in BACKENDS}}


def _text(content: Any) -> str:
    """A message's text: a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    raise ApiError(400, "a message's content must be a string or a list of text parts")


def question_and_history(messages: Any) -> tuple[str, list[dict]]:
    """The question (the last user message) and the earlier user and assistant turns."""
    if not isinstance(messages, list) or not messages or not all(isinstance(m, dict) for m in messages):
        raise ApiError(400, "messages must be a non-empty list of {role, content} objects", code="invalid_messages")
    if messages[-1].get("role") != "user":
        raise ApiError(400, "the last message must be the user's question", code="invalid_messages")
    turns = [{"role": m["role"], "content": _text(m.get("content", ""))} for m in messages
             if m.get("role") in ("user", "assistant")]
    question = turns[-1]["content"].strip()
    if "\n" in question:  # a prompt with passages and a question line: the question is that line
        asked = _QUESTION_LINE.findall(question)
        question = asked[-1].strip() if asked else question
    if not question:
        raise ApiError(400, "the question is empty", code="empty_question")
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(400, f"the question has {len(question)} characters; at most {MAX_QUESTION_CHARS} are allowed",
                       code="question_too_long")
    return question, turns[:-1]


def citations_json(answer) -> list[dict]:
    return [{"n": c.n, "source": c.source, "title": c.title, "quote": c.quote, "start": c.start, "end": c.end}
            for c in answer.citations]


class Slots:
    """At most `concurrency` answers at once and `queue_size` waiting for one; beyond that, busy at once."""

    def __init__(self, concurrency: int, queue_size: int, wait: float):
        self._running = threading.BoundedSemaphore(concurrency)
        self._waiting, self._queue_size, self._wait = 0, queue_size, wait
        self._guard = threading.Lock()

    @contextlib.contextmanager
    def take(self) -> Iterator[None]:
        busy = ApiError(429, "the server is busy; try again in a moment", kind="rate_limit_error", code="busy")
        with self._guard:
            if self._waiting >= self._queue_size:
                raise busy
            self._waiting += 1
        try:
            got = self._running.acquire(timeout=self._wait)
        finally:
            with self._guard:
                self._waiting -= 1
        if not got:
            raise busy
        try:
            yield
        finally:
            self._running.release()


def add_routes(app, engine: Engine, visitor: Callable, concurrency: int, queue_size: int) -> None:
    """Add the /v1 routes to the FastAPI `app`; `visitor(request)` names the caller or raises `ApiError`."""
    slots = Slots(concurrency, queue_size, engine.settings.ready_timeout)

    def error(exc: ApiError) -> JSONResponse:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return JSONResponse(exc.body(), status_code=exc.status, headers=headers)

    @app.get("/v1/models")
    def list_models(request: Request):
        try:
            visitor(request)
        except ApiError as exc:
            return error(exc)
        created = int(engine.status.started)
        return {"object": "list", "data": [{"id": m, "object": "model", "created": created, "owned_by": "rag"}
                                           for m in models(engine.settings)]}

    @app.post("/v1/chat/completions")
    def chat_completions(request: Request, body: dict):
        try:
            who = visitor(request)
            model = body.get("model") or "rag"
            backend = models(engine.settings).get(model)
            if backend is None:
                raise ApiError(404, f"model {model!r} does not exist; GET /v1/models lists them", code="model_not_found")
            question, history = question_and_history(body.get("messages"))
            answer = _answer(engine, slots, who, backend, question, history)
        except ApiError as exc:
            return error(exc)
        reply = {"id": f"chatcmpl-{secrets.token_hex(12)}", "created": int(time.time()), "model": model}
        extra = {"citations": citations_json(answer), "refused": bool(answer.refused)}
        if answer.backend_error:
            extra["backend_error"] = answer.backend_error
        if not body.get("stream"):
            used = {"prompt_tokens": count_tokens(question), "completion_tokens": count_tokens(answer.text)}
            return {**reply, "object": "chat.completion",
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.text},
                                 "finish_reason": "stop"}],
                    "usage": {**used, "total_tokens": sum(used.values())}, **extra}

        def events() -> Iterator[str]:
            chunk = {**reply, "object": "chat.completion.chunk"}
            first = {"role": "assistant", "content": ""}
            yield _event({**chunk, "choices": [{"index": 0, "delta": first, "finish_reason": None}]})
            for piece in pieces(answer.text, 8):
                yield _event({**chunk, "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]})
            yield _event({**chunk, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}], **extra})
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")


def _answer(engine: Engine, slots: Slots, who: str, backend: str, question: str, history: list[dict]):
    if not engine.wait(engine.settings.ready_timeout):
        raise ApiError(503, f"the index is {engine.status.state}, not ready: {engine.status.message or 'try again soon'}",
                       kind="server_error", code="index_not_ready")
    try:
        with engine.turn(who), slots.take():
            return engine.assistant(backend).ask(question, history=history)
    except TooManyQuestions as exc:
        raise ApiError(429, str(exc), kind="rate_limit_error", code="too_many_questions") from None


def _event(data: dict) -> str:
    return f"data: {json.dumps(data, ensure_ascii=False)}\n\n"
