"""Documents: a file's text with its articles (and pages), strict decoding of text files, and splitting a
text into its articles. Reading the formats is `loaders`' work."""

from __future__ import annotations

import bisect
import codecs
import re
from dataclasses import dataclass, field
from functools import lru_cache

class DocumentError(ValueError):
    """A file that cannot be read as an article file; the message says why and what to do."""


@dataclass(frozen=True)
class Article:
    """One article of a file: `raw[start:end]` of the file's text, and its title."""

    title: str
    start: int
    end: int


@dataclass
class Document:
    """A loaded file: its raw text, exactly as decoded or extracted, its articles, its format and, for a
    paged format (PDF), where each page starts in the raw text."""

    source: str
    raw: str
    encoding: str
    sha256: str
    articles: list[Article] = field(default_factory=list)
    format: str = "txt"
    pages: list[int] = field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page number (from 1) that holds `offset` of the raw text; None when not paged."""
        return bisect.bisect_right(self.pages, offset) if self.pages else None

    def article_at(self, offset: int) -> Article:
        """The article that holds `offset` of the raw text."""
        for article in self.articles:
            if article.start <= offset < article.end:
                return article
        return self.articles[-1]


# ---------------------------------------------------------------- decoding

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


@lru_cache(maxsize=1)
def _common_chars() -> frozenset[str]:
    """The 3,500 most frequent Chinese characters, counted over jieba's dictionary."""
    import jieba

    counts: dict[str, int] = {}
    with jieba.get_dict_file() as fh:
        for line in fh:
            word, freq = line.decode("utf-8").split(" ")[:2]
            for ch in word:
                counts[ch] = counts.get(ch, 0) + int(freq)
    return frozenset(sorted(counts, key=counts.get, reverse=True)[:3500])


def _plausibility(text: str) -> float:
    """Share of the CJK characters of `text` (in simplified script) that are common ones."""
    from .script import HAN, to_simplified

    cjk = HAN.findall(to_simplified(text))
    if not cjk:
        return 0.0
    common = _common_chars()
    return sum(ch in common for ch in cjk) / len(cjk)


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t\f")
    return "\x00" in text or controls > max(8, len(text) // 100)


def _refuse_binary(text: str, name: str) -> str:
    """`text`, or a `DocumentError` when it is binary data that happened to decode."""
    if _looks_binary(text):
        raise DocumentError(f"{name}: holds control characters, not text; only plain-text articles can be indexed")
    return text


def decode(data: bytes, name: str = "<bytes>") -> tuple[str, str]:
    """(text, encoding) of article bytes: BOM, UTF-8, GB18030 or Big5, or a `DocumentError`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DocumentError(f"{name}: starts with a {encoding} byte-order mark but is not valid {encoding} ({exc.reason} at byte {exc.start}); re-save it as UTF-8") from exc
            return _refuse_binary(text.lstrip("\ufeff"), name), encoding.replace("-sig", "-bom")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return _refuse_binary(text, name), "utf-8"
    # GB18030 and Big5 share byte ranges, so Big5 text often decodes as GB18030 garbage.
    # Decode with both and keep the one that reads as common Chinese.
    candidates = []
    for encoding in ("gb18030", "big5"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_binary(text):
            candidates.append((_plausibility(text), encoding, text))
    if candidates:
        score, encoding, text = max(candidates)
        if score >= 0.6:
            return text, encoding
    raise DocumentError(
        f"{name}: not readable text in UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK or Big5; "
        "convert it to UTF-8 and add it again"
    )


# ---------------------------------------------------------------- articles

_TERMINAL = tuple("。！？!?；;…，,：:")
_BYLINE = re.compile(r"^\s*■?\s*(本报记者|本報記者|记者|記者|文\s*[/／|｜]|作者[:：])\s*\S.{0,24}$")
_MD_HEADING = re.compile(r"^#{1,2}\s+(\S.*?)\s*#*\s*$")
_LEAD_LINE = re.compile(r"^.{2,30}——\s*$")  # "某某教授——", a kicker line above a headline


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line of `text`, without line ends."""
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def _is_title(line: str) -> bool:
    s = line.strip()
    return 2 <= len(s) <= 60 and not s.endswith(_TERMINAL) and not _BYLINE.match(s)


def _clean_title(line: str) -> str:
    s = re.sub(r"^#+\s*", "", line.strip())
    return re.sub(r"\s{2,}", " ", s.strip("*"))


def split_articles(text: str) -> list[Article]:
    """The articles of a file, each with a title; the whole file is one article when no break is found."""
    lines = _lines(text)
    nonblank = [(i, pos, line) for i, (pos, line) in enumerate(lines) if line.strip()]
    if not nonblank:
        return [Article("", 0, len(text))]

    headings = [(i, _MD_HEADING.match(line).group(1)) for i, _, line in nonblank if _MD_HEADING.match(line)]
    if headings:
        return _split_at(text, lines, [(i, _clean_title(t)) for i, t in headings])

    # Bylines ("本报记者 某某") sit under a headline. The headline is the nearest title-like line above.
    blocks = []
    for n, (i, _, line) in enumerate(nonblank):
        if _BYLINE.match(line.strip()) and n > 0 and _is_title(nonblank[n - 1][2]):
            first = n - 1
            if first > 0 and _LEAD_LINE.match(nonblank[first - 1][2].strip()):
                first -= 1
            blocks.append((nonblank[first][0], i, _clean_title(nonblank[n - 1][2])))
    if not blocks:
        title = _clean_title(nonblank[0][2]) if _is_title(nonblank[0][2]) else ""
        return [Article(title, 0, len(text))]

    first_block_pos = lines[blocks[0][0]][0]
    body_before = len(re.sub(r"\s", "", text[:first_block_pos]))
    if body_before > 300:
        # Newspaper pages extracted from narrow columns put each headline block *after* its
        # article's text: every block closes the article above it.
        starts, pos = [], 0
        for block_first, byline, title in blocks:
            end = lines[byline][0] + len(lines[byline][1]) + 1
            starts.append((pos, min(end, len(text)), title))
            pos = min(end, len(text))
        tail = text[pos:]
        if len(re.sub(r"\s", "", tail)) > 200:
            starts.append((pos, len(text), ""))
        else:  # a trailing photo caption belongs to the last article
            starts[-1] = (starts[-1][0], len(text), starts[-1][2])
        return [Article(title, s, e) for s, e, title in starts]
    return _split_at(text, lines, [(first, title) for first, _, title in blocks])


def _split_at(text: str, lines, heads: list[tuple[int, str]]) -> list[Article]:
    """Articles that start at the given line numbers; text before the first belongs to the first."""
    articles = []
    for n, (line_no, title) in enumerate(heads):
        start = 0 if n == 0 else lines[line_no][0]
        end = lines[heads[n + 1][0]][0] if n + 1 < len(heads) else len(text)
        articles.append(Article(title, start, end))
    return articles
