"""Loaders: article files of every supported format made into Documents, one small registered class per
format, chosen by the file's content (its extension decides only between the plain-text formats).

Each loader returns the document's plain text as extracted (`Document.raw`): quotes are exact slices of
it, whatever the format, and the index stores it with the file's hash.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

from .documents import Article, Document, DocumentError, decode, split_articles
from .registry import Registry

MAX_FILE_BYTES = 50 * 1024 * 1024


class Loader:
    """Base class: `sniff` says whether a file is of this format, `load` makes its Document."""

    name = ""
    extensions: tuple[str, ...] = ()

    def sniff(self, data: bytes, name: str) -> bool:
        return name.lower().endswith(self.extensions)

    def load(self, data: bytes, source: str) -> Document:
        raise NotImplementedError


LOADERS: Registry[Loader] = Registry("loader", DocumentError)
register = LOADERS.register


def _document(source: str, data: bytes, raw: str, encoding: str, fmt: str, articles: list[Article] | None = None,
              pages: list[int] | None = None) -> Document:
    if not raw.strip():
        raise DocumentError(f"{source}: holds no text; nothing to index")
    return Document(source=source, raw=raw, encoding=encoding, sha256=hashlib.sha256(data).hexdigest(),
                    articles=articles or split_articles(raw), format=fmt, pages=pages or [])


@register
class PdfLoader(Loader):
    """PDF through pypdf: the text layer page by page (pages recorded for citations). A scan without a
    text layer and a password-protected file are refused."""

    name = "pdf"
    extensions = (".pdf",)

    def sniff(self, data: bytes, name: str) -> bool:
        return data[:1024].lstrip().startswith(b"%PDF-")

    def load(self, data: bytes, source: str) -> Document:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            if reader.is_encrypted and not reader.decrypt(""):
                raise DocumentError(f"{source}: the PDF is encrypted with a password; save a copy without it and add that")
            texts = [page.extract_text() or "" for page in reader.pages]
        except DocumentError:
            raise
        except (PdfReadError, ValueError, KeyError, TypeError) as exc:
            raise DocumentError(f"{source}: not a readable PDF ({type(exc).__name__}: {exc}); re-export it and add it again") from exc
        if not any(t.strip() for t in texts):
            raise DocumentError(f"{source}: the PDF has no text layer (a scan?); run OCR on it first, then add the result")
        raw, pages = "", []
        for text in texts:
            if raw:
                raw += "\n\n"  # a page break is a paragraph break
            pages.append(len(raw))
            raw += text.strip("\n")
        return _document(source, data, raw, "pdf", self.name, pages=pages)


@register
class DocxLoader(Loader):
    """Word .docx through python-docx: paragraphs and table rows in order; each heading starts an article."""

    name = "docx"
    extensions = (".docx",)

    def sniff(self, data: bytes, name: str) -> bool:
        if not data.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                return "word/document.xml" in z.namelist()
        except zipfile.BadZipFile:
            return False

    def load(self, data: bytes, source: str) -> Document:
        import docx
        from docx.table import Table

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # python-docx raises many kinds on a damaged file
            raise DocumentError(f"{source}: not a readable Word file ({type(exc).__name__}); re-save it as .docx") from exc
        raw, heads = "", []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                lines = ["\t".join(cell.text.strip() for cell in row.cells) for row in block.rows]
            else:
                lines = [block.text.strip()]
                style = (block.style.name if block.style is not None else "") or ""
                if lines[0] and (style.startswith("Heading") or style == "Title"):
                    heads.append((len(raw), lines[0]))
            for line in lines:
                if line.strip():
                    raw += line + "\n"
        articles = None
        if heads:
            starts = [0] + [pos for pos, _ in heads[1:]]
            ends = starts[1:] + [len(raw)]
            articles = [Article(title, s, e) for (_, title), s, e in zip(heads, starts, ends)]
        return _document(source, data, raw, "docx", self.name, articles)


@register
class HtmlLoader(Loader):
    """A web page through trafilatura: the article body without navigation, footer and boilerplate,
    under the page's title."""

    name = "html"
    extensions = (".html", ".htm")

    def sniff(self, data: bytes, name: str) -> bool:
        head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        return head.startswith((b"<!doctype html", b"<html")) or (
            name.lower().endswith(self.extensions) and b"<" in head[:1])

    def load(self, data: bytes, source: str) -> Document:
        import trafilatura

        text, encoding = decode(data, source)
        html = _mark_items(_collapse_breaks(text))
        body = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                                   favor_precision=True, with_metadata=False) or ""
        body = _MARKED_TWICE.sub(lambda m: "- " if m.group() == "- • " else "", body)
        # trafilatura's boilerplate rules can take a page's article for furniture (a manual's tips in
        # <div class="sidebar">, paragraphs written as <div>s with inline markup): when it keeps less than
        # most of the page's text outside navigation, header and footer, that text is the article.
        page = "\n".join(_page_lines(html))
        if _letters(body) < _KEPT * _letters(page):
            body = page
        meta = trafilatura.extract_metadata(text)
        title = (meta.title if meta and meta.title else "").strip()
        if not body.strip():
            raise DocumentError(f"{source}: no article text found in the page (only navigation or scripts?)")
        raw = f"{title}\n\n{body.strip()}\n" if title and not body.lstrip().startswith(title) else body.strip() + "\n"
        return _document(source, data, raw, encoding, self.name, [Article(title, 0, len(raw))] if title else None)


# A line break in HTML source is a space, except in preformatted text; the extracted text would keep it,
# and a sentence broken around inline markup (a file name in <code>) would read as several lines.
_PREFORMATTED = re.compile(r"(<(pre|textarea)\b.*?</\2\s*>)", re.S | re.I)
_SOURCE_BREAK = re.compile(r"[ \t]*\r?\n\s*")


def _collapse_breaks(html: str) -> str:
    """`html` with its source line breaks made spaces, outside preformatted elements."""
    parts = _PREFORMATTED.split(html)
    # split() returns text, whole element, tag name, text, …: only the text between elements is collapsed
    return "".join(_SOURCE_BREAK.sub(" ", part) if i % 3 == 0 else part
                   for i, part in enumerate(parts) if i % 3 != 2)


# The share of the page's text (`_page_lines`) trafilatura must keep for its extraction to be taken: on
# pages it reads well it keeps 0.9 of it or more, on the manual pages it misreads 0.34 to 0.73.
_KEPT = 0.8
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml refuses a str that declares its encoding
_SPACES = re.compile(r"\s+")


def _letters(text: str) -> int:
    return len(_SPACES.sub("", text))


# What `_page_lines` leaves out: elements that are never article text, and landmarks that hold furniture.
_FURNITURE = {"script", "style", "noscript", "template", "head", "nav", "aside", "form", "button", "select",
              "iframe", "svg", "canvas", "object"}
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"}
_BLOCKS = {"address", "article", "blockquote", "body", "caption", "dd", "details", "dialog", "div", "dl", "dt",
           "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p",
           "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul"}
_LONE_BULLET = re.compile(r"^[•◦]$")
_ADDRESS = re.compile(r"://|\bwww\.")  # a link that shows its address is the article's text, not a menu's


def _page_lines(html: str) -> list[str]:
    """The page's text, a line per block (paragraph, heading, list item, table row, line of preformatted
    text), without scripts, navigation, asides, forms, hidden elements, a header or footer outside an
    <article> or <main>, and blocks or lists that are mostly links (menus, "previous/next page" bars)."""
    from lxml import html as lxml_html

    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return []
    root = lxml_html.document_fromstring(html)
    lines: list[str] = []
    words: list[tuple[str, bool]] = []  # the running block's text, and whether each piece is a link's

    def flush() -> None:
        text = _SPACES.sub(" ", "".join(t for t, _ in words)).strip()
        if _LONE_BULLET.match(text):  # an item's bullet (`_mark_items`) before its first paragraph
            return
        if text and not _mostly_links([_letters(t) for t, link in words if link], _letters(text)):
            lines.append(text)
        words.clear()

    def furniture(el, tag: str, in_article: bool) -> bool:
        if tag in ("ul", "ol"):  # a menu: most of its items are links
            items = [li for li in el if li.tag == "li"]
            return _mostly_links([_mostly_links([_letters(a.text_content()) for a in li.iter("a")],
                                                _letters(li.text_content())) for li in items], len(items))
        return (tag in _FURNITURE or el.get("role") in _FURNITURE_ROLES or el.get("hidden") is not None
                or el.get("aria-hidden") == "true" or (tag in ("header", "footer") and not in_article))

    def walk(el, in_link: bool, in_article: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""  # "" for a comment, whose tail is still text
        if tag and not furniture(el, tag, in_article):
            if tag == "pre":
                flush()
                lines.extend(line.rstrip() for line in el.text_content().strip("\n").splitlines())
            else:
                if tag in _BLOCKS or tag == "br":
                    flush()
                link = in_link or (tag == "a" and not _ADDRESS.search(el.text_content()))
                words.append(("| " if tag == "tr" else el.text or "", link))
                for child in el:
                    walk(child, link, in_article or tag in ("article", "main"))
                    if tag == "tr" and child.tag in ("td", "th") and child.text_content().strip():
                        words.append((" | ", False))
                if tag in _BLOCKS:
                    flush()
        words.append((el.tail or "", in_link))

    body = root.find("body")
    walk(body if body is not None else root, False, False)
    flush()
    return lines


def _mostly_links(linked: list, total: int) -> bool:
    """Whether the link parts (their sizes, or True/False per part) make more than half of `total`."""
    return total > 0 and sum(linked) * 2 > total


# An item of a list whose text is a paragraph (<li><p>…) loses the "- " that trafilatura writes before a
# plain one, and runs on from the sentence that announces the list: a bullet of its own keeps it an item,
# "◦" for an item of a list inside an item, whose items would otherwise read as its parent list's.
_LIST_TAG = re.compile(r"<(/?)(ul|ol|li)\b[^>]*>(?:\s*<p\b[^>]*>)?", re.I)
_MARKED_TWICE = re.compile(r"^- (?:• |(?=◦ ))", re.M)  # a plain item, which has trafilatura's mark too


def _mark_items(html: str) -> str:
    """`html` with a bullet at the start of each list item's text: "• ", or "◦ " in a list inside a list."""
    out, last, depth = [], 0, 0
    for m in _LIST_TAG.finditer(html):
        closing, tag = m.group(1), m.group(2).lower()
        if tag != "li":
            depth = max(0, depth - 1) if closing else depth + 1
        elif not closing:
            out += [html[last : m.end()], "• " if depth <= 1 else "◦ "]
            last = m.end()
    return "".join(out) + html[last:]


@register
class MarkdownLoader(Loader):
    """Markdown: the file's text as is; headings split it into articles, and the search form leaves the
    markup out (`normalize.search_text`)."""

    name = "md"
    extensions = (".md", ".markdown")

    def load(self, data: bytes, source: str) -> Document:
        raw, encoding = decode(data, source)
        return _document(source, data, raw, encoding, self.name)


@register
class TextLoader(Loader):
    """Plain text with strict decoding (BOM, UTF-8, GB18030, Big5)."""

    name = "txt"
    extensions = (".txt",)

    def load(self, data: bytes, source: str) -> Document:
        raw, encoding = decode(data, source)
        return _document(source, data, raw, encoding, self.name)


# Content first: a PDF or Word file is known by its bytes whatever its name; then the text formats by name.
_ORDER = ("pdf", "docx", "html", "md", "txt")
SUPPORTED = tuple(ext for name in _ORDER for ext in LOADERS[name].extensions)


def loader_for(data: bytes, name: str) -> Loader:
    """The loader of a file, or a `DocumentError` listing the supported formats."""
    for key in _ORDER:
        loader = LOADERS.make(key)
        if loader.sniff(data, name):
            return loader
    raise DocumentError(f"{name}: not a supported article file; supported: {', '.join(SUPPORTED)}")


def parse_bytes(data: bytes, source: str, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """The document made from a file's bytes, or a `DocumentError` saying why not."""
    if len(data) > max_bytes:
        raise DocumentError(f"{source}: {len(data)} bytes is over the {max_bytes} byte limit; split it into smaller files")
    return loader_for(data, source).load(data, source)


def load_file(path: str | Path, source: str | None = None, max_bytes: int = MAX_FILE_BYTES,
              known: Document | None = None) -> Document:
    """The document of one file, or a `DocumentError`; `known` (the file as loaded before) is used as it
    is when the file's bytes are still the same, so an unchanged PDF is not extracted again."""
    path = Path(path)
    name = source or path.name
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(f"{name}: cannot be read ({exc.strerror})") from exc
    if known is not None and len(data) <= max_bytes and known.sha256 == hashlib.sha256(data).hexdigest():
        return known
    return parse_bytes(data, name, max_bytes)


def is_article_file(path: Path) -> bool:
    """True for a file name a corpus folder's articles may have."""
    return path.name.lower().endswith(SUPPORTED) and not path.name.startswith(".")


def load_corpus(folder: str | Path, allow_symlinks: bool = False, max_bytes: int = MAX_FILE_BYTES,
                known: dict[str, Document] | None = None) -> tuple[list[Document], list[DocumentError]]:
    """The documents of every article file in `folder`, and the errors of those refused. A symbolic link is
    refused (a link to /etc/passwd would put it in the index), unless `allow_symlinks` and it points to a
    file inside `folder`; so is anything but a regular file. `known` documents (by file name) are reused
    for files whose bytes did not change."""
    folder = Path(folder)
    if not folder.is_dir():
        raise DocumentError(f"corpus folder {folder} does not exist; pass --corpus DIR with the article files")
    documents, errors = [], []
    for path in sorted(p for p in folder.iterdir() if is_article_file(p)):
        try:
            _check_regular(path, folder, allow_symlinks)
            documents.append(load_file(path, max_bytes=max_bytes, known=(known or {}).get(path.name)))
        except DocumentError as exc:
            errors.append(exc)
    return documents, errors


def _check_regular(path: Path, folder: Path, allow_symlinks: bool) -> None:
    """Nothing, or `DocumentError` when `path` is a link the settings do not allow, or not a regular file."""
    if path.is_symlink():
        target = path.resolve()
        inside = target.is_relative_to(folder.resolve())
        if not (allow_symlinks and inside):
            raise DocumentError(
                f"{path.name}: a symbolic link (to {target}) is not read; put the file itself in the corpus folder"
                + ("" if inside else ", or a link to a file inside it with allow_symlinks = true in rag.toml"
                   if not allow_symlinks else " (links may only point inside the corpus folder)"))
    if not path.is_file():
        raise DocumentError(f"{path.name}: not a regular file; only article files are read")
