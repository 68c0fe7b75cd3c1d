"""The search form of a text: simplified script, half width, line wraps joined, boilerplate dropped.

Every character of the search form remembers the offset of the raw character it came from, so a
span found in the search form maps back to an exact slice of the raw text.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from itertools import takewhile

from .documents import Article, Document
from .script import to_simplified, unified

# A paragraph break; a hard break (boilerplate was dropped there) is two of them.
PARAGRAPH = "\n"
HARD_BREAK = "\n\n"

_TERMINAL = set("。！？!?；;…")
# The mark that starts an item of a bulleted list ("* 必需（Required）：…", "- …", "• …").
BULLET = re.compile(r"^(?:[•·▪●◦]\s*|[*\-]\s)")
_CLOSERS = set("”’」』）)\"'")

BOILERPLATE = [
    re.compile(p)
    for p in (
        r"^[\d,.]+\s+[\d,.]+$",  # view and comment counters: "7,016 0"
        r"\d+\s*(秒|分钟|小时|天|周|个月|年)前发布",  # "AI行业动态10个月前发布 ainavi"
        r"^(相关文章|相關文章|暂无评论|暫無評論)\s*[.…]*$",
        r"^(©|版权声明|版權聲明|©\s*版权声明)",
        r"^(关注公众号|關注公眾號|扫码关注|免费获取chatgpt)",
        r"^(阅读|閱讀|浏览|瀏覽)\s*[:：]?\s*[\d,]+$",
        r"^(上一篇|下一篇|分享到|点赞|收藏)\s*[:：]?",
    )
]


def is_boilerplate(line: str) -> bool:
    """True for page furniture that is not article text (counters, "相关文章", copyright lines)."""
    s = line.strip()
    return bool(s) and any(p.search(s) for p in BOILERPLATE)


# Full-width ASCII forms and the ideographic space, and their half-width forms.
_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(m: re.Match) -> str:
    code = ord(m.group())
    return " " if code == 0x3000 else chr(code - 0xFEE0)


def _is_cjk(ch: str) -> bool:
    return "\u3000" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


def fold(text: str) -> str:
    """Ordinary ideographs (not radicals), simplified script and half width, same length as `text`."""
    return _FULL_WIDTH.sub(_half_width, to_simplified(unified(text)))


def normalize_query(text: str) -> str:
    """A question in search form: one line, simplified, half width, no stray spaces."""
    folded = fold(" ".join(text.split()))
    return _drop_spaces(folded, list(range(len(folded))))[0].strip()


def compact(text: str) -> str:
    """`text` with all whitespace removed, in simplified script: the form quotes are compared in."""
    return re.sub(r"\s+", "", to_simplified(text))


# A row of a table as the loaders write it ("| a | b |"), and the rule under its heading ("|---|---|").
TABLE_ROW = re.compile(r"^\|.*\|$")
TABLE_RULE = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")
# A sentence that ends in a row of a table: a row, or a table's caption and its heading row, which are one
# sentence ("表格 5.3. …转换表 | 旧的 net-tools | 新的 iproute2 | 操作 |").
ENDS_IN_ROW = re.compile(r"\|[^|\n]*\|\s*$")
# A table's caption: "表 9.5. …", "表格 3.1 …", "Table 2: …".
TABLE_CAPTION = re.compile(r"\s*(?:表格?|table)\s*\d+(?:[.．-]\d+)*", re.IGNORECASE)
# An empty cell of a table row.
_EMPTY_CELL = re.compile(r"\|\s*(?=\|)")
# A "|" between cells, not one a backslash escapes in a cell's text ("dpkg -L exim4-base\|grep man8/").
CELL_BOUNDARY = re.compile(r"(?<!\\)\|")


def cells(row: str) -> list[str]:
    """The cells of a table row ("| a | b |"), stripped."""
    return [c.strip() for c in CELL_BOUNDARY.split(row.strip().strip("|"))]


def table_heading(above: list[str], caption: bool = False) -> str:
    """The heading of a table, from the lines or sentences (search form) above one of its rows: the rows above
    its rule ("|---|---|"), or else its first rows up to one with no empty cell (a caption row "| 服务列表 | |"
    then the heading); "" when the table starts with that row or before the first of `above`. With `caption`,
    after the table's caption when one stands right above its rows ("表 9.16. 关闭屏幕保护命令列表")."""
    rows = [t.strip() for t in takewhile(ENDS_IN_ROW.search, reversed(above))][::-1]
    rules = [k for k, t in enumerate(rows) if TABLE_RULE.fullmatch(t)]
    if rules:
        # Tables one right under another (a note box under a table), or with only a caption between them that
        # runs into the next one's heading row ("表 9.5. … | 时间样式值 | … |"): the row's table is the last
        # one, its heading the row above its rule.
        heading = "".join(rows[:rules[-1]]) if len(rules) == 1 else rows[rules[-1] - 1]
    elif len(rows) == len(above) or not rows:
        return ""
    else:
        head = next((k for k, t in enumerate(rows) if not _EMPTY_CELL.search(t)), 0)
        heading = "".join(rows[: head + 1])
    line = above[-len(rows) - 1] if caption and heading and len(rows) < len(above) else ""  # just above the rows
    return line + heading if TABLE_CAPTION.match(line) else heading


@dataclass
class SearchText:
    """The search form of one article and, for each of its characters, the raw offset."""

    text: str
    offsets: list[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The raw (start, end) covering search characters `start` to `end`."""
        return self.offsets[start], self.offsets[end - 1] + 1


def is_column_text(raw: str) -> bool:
    """True for text extracted from narrow newspaper columns, where most lines are short."""
    lengths = [len(line.strip()) for line in raw.splitlines() if line.strip()]
    return bool(lengths) and statistics.median(lengths) <= 24


def display_width(text: str) -> int:
    """Columns `text` takes in a fixed-width font: two for a wide (Chinese) character, one for others."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# Hard-wrapped text (a plain-text manual, a mail): most lines stop within a few columns of one width.
# Lines that are whole paragraphs vary far more in length; this share of lines near the upper quartile
# width tells the two apart (0.51 for the Debian FAQ's text, at most 0.22 for the bundled articles'
# paragraph lines).
WRAPPED_SHARE = 0.4
MAX_WRAP_WIDTH = 160  # columns; wider "wraps" are paragraphs


def wrap_width(raw: str) -> int:
    """The width in columns at which the lines of `raw` were broken, or 0 when they were not."""
    widths = sorted(display_width(line.strip()) for line in raw.splitlines() if line.strip())
    if len(widths) < 10:
        return 0
    width = widths[int(0.75 * len(widths))]
    near = sum(0.9 * width <= w <= 1.05 * width + 2 for w in widths)
    return width if width <= MAX_WRAP_WIDTH and near >= WRAPPED_SHARE * len(widths) else 0


def search_text(doc: Document, article: Article, columns: bool | None = None, width: int | None = None) -> SearchText:
    """The search form of one article of `doc` (`columns`, `width`: how its lines are laid out, found
    from the whole text when not given)."""
    raw = doc.raw
    if columns is None:
        columns = is_column_text(raw)
    if width is None:
        width = wrap_width(raw)
    # The kept characters and their raw offsets, as two parallel lists: a pair per character was most
    # of the time an answer took on a long article.
    text: list[str] = []
    offsets: list[int] = []
    prev_line = ""
    pending_break = ""
    seen_title = False
    pos = article.start
    for line in raw[article.start : article.end].splitlines(keepends=True):
        line_start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        stripped = body.strip()
        if not stripped:
            continue
        repeats_title = bool(article.title) and stripped.lstrip("#* ").rstrip("* ") == article.title
        if is_boilerplate(stripped) or (repeats_title and seen_title):
            # Dropped, and nothing may be packed across the gap it leaves.
            pending_break = HARD_BREAK if offsets else pending_break
            continue
        seen_title = seen_title or repeats_title
        lead = line_start + len(body) - len(body.lstrip())
        if offsets:
            if pending_break:
                sep = pending_break
            elif _ends_sentence(prev_line) or BULLET.match(stripped):
                sep = PARAGRAPH  # (an item of a bulleted list starts a line of its own)
            elif _wraps(prev_line, columns, width):
                sep = ""  # a wrap inside a sentence: join the two lines
            else:
                sep = PARAGRAPH  # a short line without end punctuation: a heading
            text.append(sep)
            offsets.extend([offsets[-1] + 1] * len(sep))
        pending_break = ""
        markup = _markup(stripped) if doc.format == "md" else set()
        if markup:
            kept = [i for i in range(len(stripped)) if i not in markup]
            text.append("".join(stripped[i] for i in kept))
            offsets.extend(lead + i for i in kept)
        else:
            text.append(stripped)
            offsets.extend(range(lead, lead + len(stripped)))
        prev_line = stripped
    return SearchText(*_drop_spaces(fold("".join(text)), offsets))


# Markdown that is not words: heading, quote and bullet marks, emphasis, code ticks, link syntax (its text stays).
_MARKDOWN = re.compile(r"^(?:#{1,6}\s+|>\s?|[-*+]\s+)|!?\[|\]\([^)]*\)|\*\*|__|`")


def _markup(line: str) -> set[int]:
    """The positions of Markdown markup in one line."""
    return {i for m in _MARKDOWN.finditer(line) for i in range(*m.span())}


def display_form(text: str, columns: bool, width: int = 0) -> str:
    """`text` for reading: a line wrap inside a sentence joined (as the search form joins it), blank lines
    between the lines of a paragraph dropped, every other break kept as one line break. Characters are
    neither folded nor replaced, so a quote reads as the article wrote it."""
    lines = [line.strip() for line in text.splitlines()]
    out, prev = "", ""
    for line in lines:
        if not line:
            continue
        if out:
            heading = prev.startswith("#") or line.startswith("#")
            joined = not heading and not _ends_sentence(prev) and not BULLET.match(line) and _wraps(prev, columns, width)
            out += "" if joined else "\n"
        out += line
        prev = line
    lead = text[: len(text) - len(text.lstrip())]
    tail = text[len(text.rstrip()):]
    # A part of a longer quote keeps one break where it starts or ends on one.
    return ("\n" if "\n" in lead else lead) + out + ("\n" if "\n" in tail else tail)


# A line of hard-wrapped text at least this share of the wrap width long was broken by the wrap; a
# heading or a paragraph's last line is shorter.
WRAPPED_LINE = 0.85


def _wraps(line: str, columns: bool, width: int = 0) -> bool:
    """True when `line`, which ends without end punctuation, runs on into the next line: in narrow columns,
    a long line, one near the width hard-wrapped text was broken at, or one whose last sentence starts
    inside it ("…方案。针对制程工艺瓶颈, 芯片制造公司联合国内"), which no heading does."""
    s = line.rstrip()
    return (columns or len(s) >= 40 or any(ch in _TERMINAL for ch in s[:-1])
            or (width > 0 and display_width(s) >= WRAPPED_LINE * width))


def _ends_sentence(line: str) -> bool:
    s = line.rstrip()
    if _NOTE_AFTER_END.search(s):  # "…瑞士軍刀。(參看 perl(1))": a note after the sentence's end
        return True
    if s.startswith("|") and s.endswith("|"):  # a row of a table, however long, is one line of its own
        return True
    while s and s[-1] in _CLOSERS:
        s = s[:-1]
    # An English sentence's full stop ends a line too ("minimal networked machine installation: 4 GiB."),
    # though not a number's point.
    return bool(s) and (s[-1] in _TERMINAL or bool(FULL_STOP.search(s)))


# A bracketed note (one level of brackets inside it) after a sentence's end, ending a line.
_NOTE_AFTER_END = re.compile(r"[。！？!?]\s*[（(](?:[^（()）]|[（(][^（()）]*[)）])*[)）]$")
# An English sentence's full stop at the end of a text: after a letter or a bracket, not a digit.
FULL_STOP = re.compile(r"[A-Za-z)\]]\.$")


_SPACES = re.compile("[ \t\u00a0]+")


def _drop_spaces(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """`text` (with the raw offset of each character) with spaces next to a Chinese character dropped and
    other runs of spaces made one."""
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for m in _SPACES.finditer(text):
        s, e = m.span()
        pieces.append(text[last:s])
        kept.extend(offsets[last:s])
        before, after = text[s - 1] if s else "", text[e] if e < len(text) else ""
        if before and after and before != "\n" and after != "\n" and not _is_cjk(before) and not _is_cjk(after):
            pieces.append(" ")
            kept.append(offsets[s])
        last = e
    pieces.append(text[last:])
    kept.extend(offsets[last:])
    return "".join(pieces), kept
