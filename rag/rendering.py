"""Answers as HTML for the web chat: the text with its [n] markers linked, then each source's exact quote
highlighted in its passage, with title, file and position.

Everything that comes from an article or a model is escaped here before it reaches the page, so the
chat's own HTML sanitiser is a second line of defence, not the only one.
"""

from __future__ import annotations

import re

from .normalize import display_form, is_column_text, wrap_width

# Every ASCII character that Markdown, GFM or LaTeX give a meaning to becomes a numeric entity:
# the browser shows it as itself, and no renderer can turn it into markup, a link or a formula.
_SPECIAL = {c: f"&#{ord(c)};" for c in "&<>\"'\\`*_[](){}#+-.!|~$:=^%@/"}


def escape(text: str) -> str:
    """`text` as inert HTML: special characters as entities, line breaks as <br>."""
    out = "".join(_SPECIAL.get(ch, ch) for ch in text)
    return out.replace("\r\n", "\n").replace("\n", "<br>")


def _marked(raw: str, lo: int, hi: int, start: int, end: int, columns: bool, width: int = 0) -> str:
    """`raw[lo:hi]` in its display form (`normalize.display_form`; `columns`: the text is narrow newspaper
    columns; `width`: the width its lines were wrapped at) and escaped, with `raw[start:end]` inside
    <mark>: the highlighted words are exactly the quoted slice."""
    start, end = max(lo, min(start, hi)), max(lo, min(end, hi))
    shown = [escape(display_form(raw[a:b], columns, width)) for a, b in ((lo, start), (start, end), (end, hi))]
    return shown[0] + "<mark>" + shown[1] + "</mark>" + shown[2]


def _anchor(turn: int | str, n: int) -> str:
    return f"rag-src-{turn}-{n}"


def _position(doc, start: int) -> str:
    article = doc.article_at(start)
    length = max(1, article.end - article.start)
    share = round(100 * (start - article.start) / length)
    page = doc.page_at(start)
    where = f"第 {page} 页，" if page else ""
    return f"{where}文中第 {start - article.start + 1} 字起，约在全文 {share}% 处"


def render_answer_text(text: str, turn: int | str | None = None, streaming: bool = False) -> str:
    """The answer as HTML; with `turn`, each [n] links to source n of that turn; `streaming` marks an
    answer still coming (`rag-streaming`: the page and its tests tell it from a finished one)."""
    body = escape(text)
    if turn is not None:
        body = re.sub(
            r"&#91;(\d+)&#93;",
            lambda m: f'<a class="rag-cite" href="#{_anchor(turn, int(m.group(1)))}">[{m.group(1)}]</a>',
            body,
        )
    return f'<div class="rag-answer{" rag-streaming" if streaming else ""}">{body}</div>'


def render_answer(answer, question: str, retriever, turn: int | str, show_query: bool) -> str:
    """The final chat message for `answer`: text with linked markers, then its sources."""
    parts = []
    if getattr(answer, "backend_error", ""):
        parts.append(f'<div class="rag-fallback">后端 {escape(answer.backend)} 没有给出回答（{escape(answer.backend_error)}），'
                     "以下是从文章中直接摘出的回答。</div>")
    parts.append(render_answer_text(answer.text, turn if answer.citations else None))
    if show_query and answer.query and answer.query.strip() != question.strip():
        parts.append(f'<div class="rag-query">检索用的问题：{escape(answer.query)}</div>')
    if answer.citations:
        # A refusal may cite what the articles do say instead (another version, year or place).
        head = "文中最接近的内容（不是所问的答案）" if answer.refused else "来源"
        parts.append(f'<div class="rag-sources-head">{head}</div>')
    layouts: dict[str, tuple[bool, int]] = {}  # per source shown: read from its whole text once
    for c in answer.citations:
        parts.append(_render_citation(c, retriever, turn, layouts))
    related = list(getattr(answer, "related", None) or []) if answer.refused else []
    if related:
        parts.append('<div class="rag-related-head">相关段落（仅供参考，文章中没有直接回答）</div>')
        for hit in related:
            parts.append(_render_related(hit, retriever))
    # One HTML block without blank lines, so Markdown leaves it alone.
    return "".join(parts)


def _render_citation(c, retriever, turn: int | str, layouts: dict[str, tuple[bool, int]]) -> str:
    doc = retriever.documents.get(c.source)
    p_start = getattr(c, "passage_start", None)
    p_end = getattr(c, "passage_end", None)
    if doc is None:  # the article left the index since the answer was made
        quote_html = escape(c.quote)
        context_html = ""
        where = ""
    else:
        lo, hi = (p_start, p_end) if p_start is not None and p_end is not None else (c.start, c.end)
        lo, hi = min(lo, c.start), max(hi, c.end)
        if c.source not in layouts:  # how its lines are laid out, for the quote and its context
            layouts[c.source] = (is_column_text(doc.raw), wrap_width(doc.raw))
        columns, width = layouts[c.source]
        quote_html = _marked(doc.raw, lo, hi, c.start, c.end, columns, width)
        _, clo, chi = retriever.context(c.source, lo, hi, chars=300)
        context_html = (
            '<details class="rag-context"><summary>展开上下文</summary>'
            f"<div>{_marked(doc.raw, clo, chi, c.start, c.end, columns, width)}</div></details>"
        )
        where = _position(doc, c.start)
    return (
        f'<div class="rag-source" id="{_anchor(turn, c.n)}">'
        f'{_source_head(f"[{c.n}]", c.title, c.source, where)}'
        f'<blockquote class="rag-quote">{quote_html}</blockquote>{context_html}</div>'
    )


def _render_related(hit, retriever) -> str:
    doc = retriever.documents.get(hit.source)
    where = _position(doc, hit.start) if doc is not None else ""
    return (
        '<div class="rag-source rag-related">'
        f'{_source_head("相关", hit.title, hit.source, where)}'
        f'<blockquote class="rag-quote">{escape(hit.text)}</blockquote></div>'
    )


def _source_head(label: str, title: str, source: str, where: str) -> str:
    """The line above a quote: its label, the article's title, the file and where in the article."""
    return (
        f'<div class="rag-source-head"><b>{label}</b> {escape(title or "（无标题）")}'
        f' <span class="rag-file">· {escape(source)} · {escape(where)}</span></div>'
    )
