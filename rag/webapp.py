"""The web chat: a Gradio app over the Assistant, with sources, settings, uploads and an `ask` API.

Answers reach the page as `rendering` makes them, escaped; the panel's Markdown escapes what it shows too.
"""

from __future__ import annotations

import html
import os
import re
import secrets
import threading
import time
from collections import OrderedDict
from pathlib import Path
from queue import Empty, Queue
from typing import Any, Iterator

import gradio as gr

from .config import Settings
from .documents import DocumentError
from .loaders import SUPPORTED
from .rendering import escape, render_answer, render_answer_text
from .engine import BACKENDS, MAX_QUESTION_CHARS, Engine, TooManyQuestions, log

# At most this many answers are computed at once (chat and API share the limit) and at most
# QUEUE_MAX_SIZE more wait; beyond that a request is turned away at once as "busy".
ANSWER_CONCURRENCY = 4
QUEUE_MAX_SIZE = 32
BUSY_MESSAGE = "服务繁忙，请稍后再试。(Busy, try again in a moment.)"
NOT_READY_MESSAGE = "索引还没有准备好，请稍后再问。（The index is not ready yet; try again in a moment.）"
UPLOAD_REPORT_LINES = 20
# Seconds between status refreshes of a page once the index is ready (a new build then shows).
STATUS_POLL = 5.0
TOO_LONG_MESSAGE = (
    f"问题太长了：最多 {MAX_QUESTION_CHARS} 个字，请缩短后再问。"
    f"(Questions are limited to {MAX_QUESTION_CHARS} characters.)"
)
# Each answered, with its citation, from the bundled articles (tests/test_assistant.py checks).
EXAMPLES = [
    "DeepSeek-V3的训练成本是多少？",
    "脑机接口分为哪三类？",
    "陶虎团队的柔性脑机接口是基于什么材料的？",
    "What is the training cost of DeepSeek-V3?",
]

def answer_json(answer) -> dict:
    """The API's JSON object for `answer`."""
    return {
        "answer": answer.text,
        "citations": [
            {"source": c.source, "title": c.title, "quote": c.quote, "start": c.start, "end": c.end}
            for c in answer.citations
        ],
        "refused": bool(answer.refused),
    }


# ---------------------------------------------------------------- the engine


def status_markdown(engine) -> str:
    """The index status as Markdown for the side panel."""
    st = engine.status
    if st.state == "loading":
        return "**索引**：正在加载…"
    if st.state == "building":
        elapsed = int(time.time() - st.started)
        bar = ""
        if st.total:
            filled = int(20 * st.done / st.total)
            bar = f"\n\n`{'█' * filled}{'░' * (20 - filled)}` {st.done}/{st.total}"
        return f"**索引**：首次启动，正在建立索引（已用 {elapsed} 秒）。{escape(st.message)}{bar}"
    if st.state == "failed":
        return f"**索引不可用**：{escape(st.message)}"
    m = engine.retriever.index.manifest
    counts = m.get("counts", {})
    return (
        "**索引已就绪**\n\n"
        f"- 文件：{counts.get('documents', '?')} 个，文章：{counts.get('articles', '?')} 篇\n"
        f"- 段落：{counts.get('chunks', '?')} 段\n"
        f"- 向量模型：{escape(str(m.get('embedder', {}).get('name', '?')))}\n"
        f"- 建立时间：{escape(str(m.get('created', '?')))}（版本 {escape(engine.retriever.index.path.name)}）"
        + (f"\n\n{escape(st.message)}" if st.message else "")
    )


def articles_markdown(engine) -> str:
    """The list of indexed files (format, articles, passages, when added) and their titles, as Markdown."""
    if engine.retriever is None:
        return ""
    corpus = engine.retriever.index.manifest.get("corpus", {})
    lines = []
    for doc in engine.retriever.documents.values():
        titles = "；".join(escape(a.title or "（无标题）") for a in doc.articles[:4])
        more = f" 等 {len(doc.articles)} 篇" if len(doc.articles) > 4 else ""
        path = Path(engine.settings.corpus_dir) / doc.source
        added = time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime)) if path.is_file() else "?"
        passages = corpus.get(doc.source, {}).get("chunks", "?")
        lines.append(f"- **{escape(doc.source)}**（{escape(doc.format)}，{len(doc.articles)} 篇，{passages} 段，"
                     f"加入于 {added}）：{titles}{more}")
    return "\n".join(lines)


def sources(engine) -> list[str]:
    """The indexed files' names."""
    return sorted(engine.retriever.documents) if engine.retriever is not None else []


def configured_openai(settings: Settings):
    """The `openai` backend as the operator configured it: what an empty URL or model field stands for."""
    from .llms import get_backend

    return get_backend("openai", **settings.backend_options("openai"))


def visitor_options(settings: Settings, backend: str, base_url: str, model: str, api_key: str) -> dict[str, Any]:
    """The backend options a visitor's page may set: none unless `visitor_urls` is on, and then a base URL
    only on an allowed host (`ValueError` otherwise)."""
    if backend != "openai" or not settings.visitor_urls:
        return {}
    if base_url:
        from urllib.parse import urlparse

        host = urlparse(base_url).hostname or ""
        configured = urlparse(str(settings.backend_options("openai").get("base_url", ""))).hostname
        allowed = {h.strip().lower() for h in settings.visitor_url_hosts.split(",") if h.strip()} | {configured}
        if urlparse(base_url).scheme not in ("http", "https") or host.lower() not in allowed:
            raise ValueError(f"接口地址的主机 {host or base_url!r} 不在允许的列表中（visitor_url_hosts）")
    return {k: v for k, v in (("base_url", base_url), ("model", model), ("api_key", api_key)) if v}


# ---------------------------------------------------------------- the app

CSS = """
.rag-answer { line-height: 1.7; }
.rag-cite { text-decoration: none; font-weight: 600; }
.rag-fallback { color: #a15c00; font-size: 0.85em; margin-bottom: 0.4em; }
.rag-query { color: #666; font-size: 0.85em; margin-top: 0.4em; }
.rag-sources-head, .rag-related-head { margin-top: 0.8em; font-weight: 600; font-size: 0.9em; }
.rag-related-head { color: #a15c00; }
.rag-source { border-left: 3px solid #3b82f6; padding: 0.3em 0.6em; margin: 0.5em 0; font-size: 0.9em; }
.rag-related { border-left-color: #f59e0b; }
.rag-source:target { background: #eef5ff; }
.rag-file { color: #666; font-size: 0.9em; }
.rag-quote { margin: 0.3em 0; color: #333; }
.rag-quote mark, .rag-context mark { background: #fde68a; color: #1f2937; }
/* Dark mode (from the OS or ?__theme=dark): light text, and a highlight that stays legible. */
.dark .rag-quote, .dark .rag-context { color: #e5e7eb; }
.dark .rag-file, .dark .rag-query { color: #9ca3af; }
.dark .rag-source:target { background: #1e3a5f; }
.dark .rag-fallback, .dark .rag-related-head { color: #fbbf24; }
.rag-context summary { cursor: pointer; color: #2563eb; }
"""


# The page's own words, in Chinese and in English (Gradio's i18n picks by the browser's language:
# Chinese for a browser that asks for Chinese, English for any other). What the server writes at run
# time (status, answers, reports) stays Chinese; answers follow the question's language.
PAGE_TEXT = {
    "intro": ("## 文章问答\n根据收录的文章回答问题，每句话都标出处；文章里没有的，会直接说没有。",
              "## Article Q&A\nAnswers from the collected articles, every sentence with its source; "
              "when the articles do not say, the answer says so."),
    "chat": ("对话", "Conversation"),
    "question": ("问题", "Question"),
    "question_hint": ("输入问题（最多 {chars} 字），回车发送", "Type a question (at most {chars} characters), Enter sends"),
    "ask": ("提问", "Ask"),
    "examples": ("示例问题", "Example questions"),
    "stop": ("停止回答", "Stop"),
    "again": ("重新回答", "Answer again"),
    "clear": ("清空对话", "Clear the chat"),
    "settings": ("设置", "Settings"),
    "backend": ("回答方式（后端）", "Answered by (backend)"),
    "openai_fixed": ("使用管理员在 rag.toml 的 [backends.openai] 中配置的接口。",
                     "Uses the endpoint the operator set in rag.toml under [backends.openai]."),
    "base_url": ("OpenAI 兼容接口地址（base URL）", "OpenAI-compatible base URL"),
    "base_url_hint": ("留空：使用 {base_url}", "Empty: {base_url}"),
    "model": ("模型名", "Model"),
    "model_hint": ("留空：使用 {model}", "Empty: {model}"),
    "api_key": ("API key", "API key"),
    "api_key_hint": ("不会被保存或显示", "Never stored or shown"),
    "k": ("检索段落数", "Passages retrieved"),
    "show_query": ("显示改写后的检索问题", "Show the rewritten search question"),
    "add": ("添加文章", "Add articles"),
    "upload": ("上传文章（{formats}，每个最多 {mb} MB）", "Upload articles ({formats}, at most {mb} MB each)"),
    "library": ("已收录的文章", "Articles in the index"),
    "remove_choice": ("删除一个文件", "Remove a file"),
    "remove": ("删除", "Remove"),
}


def page_text(settings: Settings) -> gr.I18n:
    """The page's words for Gradio's i18n, with this server's limits and endpoints filled in."""
    configured = configured_openai(settings)
    values = {"chars": MAX_QUESTION_CHARS, "base_url": configured.base_url, "model": configured.model,
              "formats": " ".join(SUPPORTED), "mb": f"{settings.max_file_mb:g}"}
    return gr.I18n(**{lang: {key: texts[i].format(**values) for key, texts in PAGE_TEXT.items()}
                      for i, lang in enumerate(("zh", "en"))})


# In the browser: Gradio labels each message with, and copies, its HTML source. This gives each
# message a text label and makes its copy button copy the text: the answer, then each source's line
# and its quote as a Markdown quote. It reads the rendered page only; it adds no markup.
PAGE_SCRIPT = r"""
() => {
  const english = !(navigator.language || "").toLowerCase().startsWith("zh");
  const parts = ".rag-fallback, .rag-answer, .rag-query, .rag-sources-head, .rag-related-head, .rag-source";
  const plain = message => {
    if (!message.querySelector(".rag-answer")) return message.innerText.trim();
    return Array.from(message.querySelectorAll(parts), part => {
      if (!part.classList.contains("rag-source")) return part.innerText.trim();
      // The quoted words themselves (highlighted), not the passage around them.
      const quoted = part.querySelector(".rag-quote mark") || part.querySelector(".rag-quote");
      const quote = quoted.innerText.trim().split(/\n+/).join("\n> ");
      return part.querySelector(".rag-source-head").innerText.trim() + "\n> " + quote;
    }).join("\n\n");
  };
  const who = message => message.dataset.testid === "user" ? (english ? "Question: " : "问题：")
                                                             : (english ? "Answer: " : "回答：");
  let pending = false;
  const relabel = () => {
    pending = false;
    for (const message of document.querySelectorAll("#chat [data-testid=user], #chat [data-testid=bot]")) {
      const label = who(message) + plain(message);
      if (message.getAttribute("aria-label") !== label) message.setAttribute("aria-label", label);
    }
  };
  // Once per frame at most: a streaming answer changes the page many times a second.
  new MutationObserver(() => { if (!pending) { pending = true; requestAnimationFrame(relabel); } })
    .observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ["aria-label"]});
  document.addEventListener("click", event => {
    const button = event.target.closest("#chat .message-buttons button");
    const row = button && button.closest(".message-buttons").previousElementSibling;
    const message = row && row.querySelector("[data-testid=user], [data-testid=bot]");
    const name = (button && button.getAttribute("aria-label") || "").toLowerCase();
    if (!message || !(name.includes("copy") || name.includes("复制"))) return;
    event.stopImmediatePropagation();
    event.preventDefault();
    navigator.clipboard.writeText(plain(message));
  }, true);
}
"""

# The chat is kept in the browser (localStorage, encrypted) across reloads, up to this many messages.
KEPT_MESSAGES = 40


def chat_secret(settings: Settings) -> str:
    """The key the browser's copy of the chat is encrypted with, made once per installation (a new key
    at each start would make every kept chat unreadable after a restart)."""
    path = Path(settings.cache_dir) / "chat-secret"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(16)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it first
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secret)
    return secret


def _user_message(text: str) -> dict:
    return {"role": "user", "content": f'<div class="rag-question">{escape(text)}</div>'}


def _assistant_message(html_text: str) -> dict:
    return {"role": "assistant", "content": html_text}


BEAT = object()  # `beating` yields it when its iterator has given nothing for a while
BEAT_SECONDS = 0.5


def beating(items: Iterator, every: float = BEAT_SECONDS) -> Iterator:
    """`items`, read in a thread of their own, with `BEAT` between them whenever `every` seconds pass
    without one. Gradio stops a streaming answer only where it yields: a backend that waits on a slow
    server yields nothing for a minute, and "停止回答" would wait that long. An answer stopped here leaves
    its thread to finish on its own (each backend has a deadline); its exceptions are raised here."""
    queue: Queue = Queue()
    done = object()

    def read() -> None:
        try:
            for item in items:
                queue.put((item, None))
        except BaseException as exc:  # handed over to the reader, who raises it
            queue.put((None, exc))
        queue.put((done, None))

    threading.Thread(target=read, daemon=True, name="answer").start()
    while True:
        try:
            item, error = queue.get(timeout=every)
        except Empty:
            yield BEAT
            continue
        if error is not None:
            raise error
        if item is done:
            return
        yield item


def _redact(text: str, secret: str) -> str:
    return text.replace(secret, "***") if secret else text


def build_app(engine: Engine, queue_size: int = QUEUE_MAX_SIZE, concurrency: int = ANSWER_CONCURRENCY):
    """The Gradio Blocks app over `engine`: at most `concurrency` answers at once, `queue_size` waiting."""

    def make_assistant(backend: str, base_url: str, model: str, api_key: str, k: int):
        if backend not in BACKENDS:
            raise ValueError(f"unknown backend {backend!r}")
        return engine.assistant(backend, int(k), **visitor_options(engine.settings, backend, base_url, model, api_key))

    def visitor(request) -> str:
        """Whom a request is from: the logged-in user, else the client's address."""
        return getattr(request, "username", None) or (request.client.host if request and request.client else "")

    def respond(question, chat, history, backend, base_url, model, api_key, k, show_query, request: gr.Request):
        """Chat updates: the question, then the answer as it streams, then the answer with its sources."""
        question = (question or "").strip()
        # Older messages leave the chat, so that what the browser keeps stays small.
        chat, history = list(chat or [])[-KEPT_MESSAGES + 2:], list(history or [])[-KEPT_MESSAGES + 2:]
        if not question:
            yield chat, chat, history, ""
            return
        if len(question) > MAX_QUESTION_CHARS:
            chat += [_user_message(question[:80] + "…"), _assistant_message(render_answer_text(TOO_LONG_MESSAGE))]
            yield chat, chat, history, question
            return
        chat += [_user_message(question), _assistant_message("")]
        if engine.status.state != "ready":  # right after start: wait for the index, saying so
            chat[-1] = _assistant_message(render_answer_text("索引正在加载，加载好后马上回答…"))
            yield chat, chat, history, ""
            if not engine.wait(engine.settings.ready_timeout):
                chat[-1] = _assistant_message(render_answer_text(NOT_READY_MESSAGE))
                yield chat, chat, history, question
                return
            chat[-1] = _assistant_message("")
        yield chat, chat, history, ""
        turn = secrets.token_hex(4)  # names this answer's sources (`_anchor`), unique in a kept chat
        retriever = engine.retriever  # the answer's sources are shown from the build it was made from
        text, answer = "", None

        def answering():
            # Runs in `beating`'s thread: a stopped answer holds the visitor's turn until it ends.
            with engine.turn(visitor(request)):
                yield from make_assistant(backend, base_url, model, api_key, k).stream(question, history=history)

        try:
            for item in beating(answering()):
                if item is BEAT:  # nothing new yet: a yield lets "停止回答" end the answer here
                    yield chat, chat, history, ""
                elif isinstance(item, str):
                    text += item
                    chat[-1] = _assistant_message(render_answer_text(text, streaming=True))
                    yield chat, chat, history, ""
                else:
                    answer = item
        except (ValueError, TooManyQuestions) as exc:  # what the visitor set is not allowed, or too much at once
            chat[-1] = _assistant_message(render_answer_text(f"回答出错：{_redact(str(exc), api_key)}"))
            yield chat, chat, history, ""
            return
        except Exception as exc:  # a backend that is down or misconfigured: its words stay in the log
            log(f"backend {backend} failed: {_redact(f'{type(exc).__name__}: {exc}', api_key)}")
            chat[-1] = _assistant_message(render_answer_text(
                f"回答出错：后端 {backend} 没有给出回答（详情已记入服务器日志）。可以在“设置”里换一种回答方式再问一次。"))
            yield chat, chat, history, ""
            return
        if answer is None:
            chat[-1] = _assistant_message(render_answer_text(text or "没有得到回答。"))
            yield chat, chat, history, ""
            return
        chat[-1] = _assistant_message(render_answer(answer, question, retriever, turn, bool(show_query)))
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
        yield chat, chat, history, ""

    def ask(question: str, request: gr.Request) -> dict:
        """Answer one question with the default backend: {"answer", "citations", "refused"}."""
        question = (question or "").strip()
        if not question:
            raise gr.Error("The question is empty.")
        if len(question) > MAX_QUESTION_CHARS:
            raise gr.Error(TOO_LONG_MESSAGE)
        if not engine.wait(engine.settings.ready_timeout):
            raise gr.Error(f"The index is not ready ({engine.status.state}); try again in a moment.")
        try:
            with engine.turn(visitor(request)):
                return answer_json(engine.assistant("extractive", engine.settings.k).ask(question))
        except TooManyQuestions as exc:
            raise gr.Error(str(exc)) from None

    reports: OrderedDict[str, list[str]] = OrderedDict()  # each page's upload report lines, newest first
    # Files chosen and not yet added: (page, name, bytes), oldest first. The box hands its files over at
    # once and is emptied by the same quick step; a thread of the server adds them one at a time, and the
    # page's timer shows how far it got. No event of the page waits for an upload, so a file chosen while
    # another is being added starts a quick event of its own like the first.
    waiting: list[tuple[str, str, bytes]] = []
    adding: dict[str, str] = {}  # page -> the line of the file being added for it
    uploads = threading.Condition()
    worker: list[threading.Thread] = []

    def report(page: str) -> str:
        """The page's upload report: the file being added and those still waiting, then what was added or
        refused, newest first."""
        with uploads:
            queued = [f"【等待】{escape(name)}：排队等待加入" for p, name, _ in waiting if p == page][::-1]
            now = [adding[page]] if page in adding else []
            return "\n\n".join(queued + now + reports.get(page, []))

    def pending(page: str) -> bool:
        with uploads:
            return page in adding or any(p == page for p, _, _ in waiting)

    def accept(files, request: gr.Request):
        """Take the chosen files off the box into the waiting list: the report, an empty box, a quick timer."""
        page = getattr(request, "session_hash", None) or ""
        for f in files or []:
            path = Path(f if isinstance(f, str) else getattr(f, "name", str(f)))
            try:
                data = path.read_bytes()
            except OSError:
                continue  # already handed over by an earlier event
            with uploads:
                waiting.append((page, path.name, data))
                if not worker or not worker[0].is_alive():
                    worker[:] = [threading.Thread(target=add_waiting, name="uploads", daemon=True)]
                    worker[0].start()
            try:  # ours now: Gradio need not keep serving it
                path.unlink()
            except OSError:
                pass
        return report(page), None, gr.Timer(1.0)

    def add_waiting():
        """Add the waiting files, oldest first, one at a time; ends when none is left."""
        while True:
            with uploads:
                if not waiting:
                    worker.clear()
                    return
                page, name, data = item = waiting[0]
                adding[page] = f"【进行中】{escape(name)}：正在加入"

            def encoded(done: int, total: int, page: str = page, name: str = name) -> None:
                with uploads:
                    adding[page] = f"【进行中】{escape(name)}：正在编码段落 {done}/{total}"

            try:
                line = "【成功】" + escape(engine.add_file(data, name, progress=encoded))
            except DocumentError as exc:
                line = f"【失败】{escape(str(exc))}（文章库和索引未改动）"
            except Exception as exc:  # a fault while adding: the folder is put back and the build is atomic
                log(f"adding {name} failed: {type(exc).__name__}: {exc}")
                line = f"【失败】{escape(name)}：无法加入（{escape(type(exc).__name__)}）（文章库和索引未改动）"
            with uploads:
                waiting.remove(item)
                adding.pop(page, None)
                reports[page] = ([line] + reports.pop(page, []))[:UPLOAD_REPORT_LINES]
                while len(reports) > 1000:  # pages long gone
                    reports.popitem(last=False)

    def remove(source):
        """The removal report, the refreshed status, article list and choice of files."""
        if not source:
            return "请先选择要删除的文件。", status_markdown(engine), articles_markdown(engine), gr.Dropdown()
        try:
            line = "【成功】" + escape(engine.remove_file(source))
        except DocumentError as exc:
            line = f"【失败】{escape(str(exc))}"
        except Exception as exc:  # the build is atomic and the file is put back: nothing changed
            log(f"removing {source} failed: {type(exc).__name__}: {exc}")
            line = f"【失败】{escape(source)}：无法删除（{escape(type(exc).__name__)}）（文章库和索引未改动）"
        return line, status_markdown(engine), articles_markdown(engine), gr.Dropdown(choices=sources(engine), value=None)

    def refresh_status(shown, request: gr.Request):
        """The status, the article list, the page's upload report and the files to choose from (when they
        changed since `shown`), polled each second while the index loads or the page's uploads are being
        added, then every few seconds to show a new build switched in."""
        page = getattr(request, "session_hash", None) or ""
        settled = engine.status.state in ("ready", "failed") and not pending(page)
        names = sources(engine)
        choices = gr.skip() if names == shown else gr.Dropdown(choices=names)
        return (status_markdown(engine), articles_markdown(engine), gr.Timer(STATUS_POLL if settled else 1.0),
                report(page), choices, names)

    def clear():
        """An empty chat and history."""
        return [], [], []

    def take_back(chat, history):
        """The last question back in the box, with its exchange taken out of the chat and the history
        (so that asking it again gives a fresh answer in its place)."""
        chat, history = list(chat or []), list(history or [])
        at = next((i for i in range(len(chat) - 1, -1, -1) if chat[i].get("role") == "user"), None)
        if at is None:
            return "", chat, history, chat
        question = html.unescape(re.sub(r"<[^>]+>", "", str(chat[at].get("content", "")))).strip()
        if len(history) >= 2 and history[-2].get("content") == question:
            history = history[:-2]  # a stopped answer never reached the history
        return question, chat[:at], history, chat[:at]

    def toggle_openai(backend):
        """The OpenAI settings, shown only for that backend."""
        return gr.Group(visible=backend == "openai")

    def restore(chat):
        """The chat the browser kept, shown again after a reload."""
        return list(chat or [])

    text = page_text(engine.settings)
    with gr.Blocks(title="文章问答") as demo:
        gr.Markdown(text("intro"))
        secret = chat_secret(engine.settings)
        chat_state = gr.BrowserState([], storage_key="rag-chat", secret=secret)
        history_state = gr.BrowserState([], storage_key="rag-history", secret=secret)
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label=text("chat"),
                    elem_id="chat",
                    height=620,
                    sanitize_html=True,
                    render_markdown=True,
                    latex_delimiters=[],
                    allow_tags=False,
                    feedback_options=None,
                    buttons=["copy"],
                )
                with gr.Row():
                    question = gr.Textbox(
                        label=text("question"),
                        placeholder=text("question_hint"),
                        show_label=False,
                        scale=5,
                        elem_id="question",
                        autofocus=True,
                    )
                    send = gr.Button(text("ask"), variant="primary", scale=1, elem_id="send")
                examples = gr.Examples(EXAMPLES, inputs=question, label=text("examples"))
                with gr.Row():
                    stop_btn = gr.Button(text("stop"), elem_id="stop")
                    again_btn = gr.Button(text("again"), elem_id="again")
                    clear_btn = gr.Button(text("clear"), elem_id="clear")
            with gr.Column(scale=2):
                status = gr.Markdown(status_markdown(engine), elem_id="status")
                with gr.Accordion(text("settings"), open=False):
                    backend = gr.Radio(list(BACKENDS), value="extractive", label=text("backend"))
                    with gr.Group(visible=False) as openai_group:
                        # Only where the operator allows it may a visitor point the server at a URL.
                        own = engine.settings.visitor_urls
                        gr.Markdown(text("openai_fixed"), visible=not own)
                        # What an empty field means, said in the field: the configured endpoint and model.
                        base_url = gr.Textbox(label=text("base_url"), visible=own, placeholder=text("base_url_hint"))
                        model = gr.Textbox(label=text("model"), visible=own, placeholder=text("model_hint"))
                        api_key = gr.Textbox(label=text("api_key"), type="password", visible=own,
                                             placeholder=text("api_key_hint"))
                    k = gr.Slider(1, 10, value=engine.settings.k, step=1, label=text("k"))
                    show_query = gr.Checkbox(value=True, label=text("show_query"))
                with gr.Accordion(text("add"), open=False):
                    # Any file is taken and the server says, in the report, why one is refused: Gradio's own
                    # check of the type would say so in an English pop-up and leave the last report standing.
                    files = gr.File(file_count="multiple", elem_id="upload", label=text("upload"))
                    upload_report = gr.Markdown(elem_id="upload-report")
                with gr.Accordion(text("library"), open=False):
                    articles = gr.Markdown(articles_markdown(engine), elem_id="articles")
                    with gr.Row():
                        doomed = gr.Dropdown(sources(engine), label=text("remove_choice"), elem_id="remove-choice",
                                             scale=3)
                        remove_btn = gr.Button(text("remove"), variant="stop", elem_id="remove", scale=1)
                    remove_report = gr.Markdown(elem_id="remove-report")
        timer = gr.Timer(1.0)
        shown_sources = gr.State(sources(engine))  # the files the page's choice of files to remove offers

        chat_inputs = [question, chat_state, history_state, backend, base_url, model, api_key, k, show_query]
        chat_outputs = [chatbot, chat_state, history_state, question]
        # Enter, the button, a click on an example (which fills the box, then asks), and "重新回答" (which
        # takes the last exchange back, then asks its question again).
        answering = [
            trigger(respond, chat_inputs, chat_outputs, api_visibility="private", concurrency_id="answer",
                    concurrency_limit=concurrency)
            for trigger in (question.submit, send.click, examples.load_input_event.then,
                            again_btn.click(take_back, [chat_state, history_state],
                                            [question, chat_state, history_state, chatbot],
                                            api_visibility="private", queue=False).then)
        ]
        # What was shown so far stays; the unfinished answer does not enter the history.
        stop_btn.click(None, None, None, cancels=answering, api_visibility="private")
        clear_btn.click(clear, None, [chat_state, history_state, chatbot], api_visibility="private", queue=False)
        backend.change(toggle_openai, backend, openai_group, api_visibility="private", queue=False)
        # The box hands its files over and is emptied at once (unqueued); the server adds them in turn, and
        # the timer, quick while they are being added, shows how far it got.
        files.upload(accept, files, [upload_report, files, timer], api_visibility="private", queue=False,
                     trigger_mode="multiple")
        remove_btn.click(remove, doomed, [remove_report, status, articles, doomed], api_visibility="private",
                         concurrency_limit=1, concurrency_id="library")
        polled = [status, articles, timer, upload_report, doomed, shown_sources]
        timer.tick(refresh_status, shown_sources, polled, api_visibility="private", queue=False)
        demo.load(refresh_status, shown_sources, polled, api_visibility="private", queue=False)
        demo.load(restore, chat_state, chatbot, api_visibility="private", queue=False)
        gr.api(ask, api_name="ask", concurrency_id="answer", concurrency_limit=concurrency)
    demo.queue(max_size=queue_size, default_concurrency_limit=concurrency)
    demo.i18n_instance = text  # what `launch(i18n=...)` would set; kept with the page it translates
    return demo
