"""Reading speed of the article formats, next to the embedding time of the same text.

Prints a PDF of the bundled articles with the test setup's Chromium (so its text layer has the radical
code points real PDFs carry), then in one run: pages/s of pypdf (the loader the project uses) and, when
installed, of pdfminer.six; whether each gives back the article's characters (share of the source's
Chinese characters found, after folding radicals); and passages/s of m3e-small on the extracted text.

    .venv/bin/python bench/formats.py [--repeat N]
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def print_pdf(texts: list[str], path: Path) -> None:
    from playwright.sync_api import sync_playwright

    body = "".join(f"<h1>{html.escape(t.splitlines()[0][:40])}</h1>" + "".join(
        f"<p>{html.escape(line)}</p>" for line in t.splitlines()[1:] if line.strip()) for t in texts)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.set_content(f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>")
        page.pdf(path=str(path))
        browser.close()


def coverage(extracted: str, source: str) -> float:
    """Share of the source's Chinese characters (as a multiset) that the extracted text has."""
    from rag.normalize import fold
    from rag.script import HAN

    want = Counter(HAN.findall(fold(source)))
    got = Counter(HAN.findall(fold(extracted)))
    return sum(min(n, got[ch]) for ch, n in want.items()) / max(1, sum(want.values()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per extractor (best is kept)")
    args = parser.parse_args()
    from rag.loaders import PdfLoader

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus").glob("*.txt"))]
    source = "\n".join(texts)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "corpus.pdf"
        print_pdf(texts, pdf)
        data = pdf.read_bytes()
        rows = []

        def timed(name, extract):
            best, text = float("inf"), ""
            for _ in range(args.repeat):
                started = time.perf_counter()
                text, pages = extract()
                best = min(best, time.perf_counter() - started)
            rows.append((name, pages, best, coverage(text, source)))
            return text

        def with_pypdf():
            doc = PdfLoader().load(data, "corpus.pdf")
            return doc.raw, len(doc.pages)

        extracted = timed("pypdf (used)", with_pypdf)
        try:
            from pdfminer.high_level import extract_pages, extract_text

            timed("pdfminer.six", lambda: (extract_text(str(pdf)), sum(1 for _ in extract_pages(str(pdf)))))
        except ImportError:
            print("pdfminer.six is not installed: `.venv/bin/pip install pdfminer.six` to compare it")

        from rag.chunks import chunk_document
        from rag.config import load_settings
        from rag.embeddings import get_embedder
        from rag.loaders import parse_bytes
        from rag.store import embedding_text

        settings = load_settings()
        chunks = chunk_document(parse_bytes(data, "corpus.pdf"), settings.chunk_tokens, settings.overlap_tokens)
        embedder = get_embedder(settings.embedder, settings.cache_dir)
        embedder.encode([embedding_text(c) for c in chunks[:32]])  # warm-up
        started = time.perf_counter()
        embedder.encode([embedding_text(c) for c in chunks], batch_size=settings.batch_size)
        encode_s = time.perf_counter() - started

    print(f"{len(data) / 1e6:.2f} MB PDF of the {len(texts)} bundled articles, {rows[0][1]} pages, "
          f"{len(extracted)} characters extracted")
    print(f"{'extractor':<16}{'pages':>7}{'seconds':>10}{'pages/s':>10}{'chars found':>13}")
    for name, pages, seconds, found in rows:
        print(f"{name:<16}{pages:>7}{seconds:>10.2f}{pages / seconds:>10.1f}{found:>13.3f}")
    print(f"embedding ({settings.embedder}): {len(chunks)} passages in {encode_s:.2f} s, "
          f"{len(chunks) / encode_s:.1f} passages/s, {rows[0][1] / encode_s:.1f} pages/s; "
          f"reading is {encode_s / rows[0][2]:.1f}x faster than embedding")
    return 0


if __name__ == "__main__":
    sys.exit(main())
