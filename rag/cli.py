"""The `rag` command: index, search, ask, eval, serve."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from .config import load_settings


def _settings(args):
    return load_settings(
        corpus_dir=getattr(args, "corpus", None),
        index_dir=getattr(args, "index", None),
        embedder=getattr(args, "embedder", None),
    )


def _print_json(obj) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def cmd_index(args) -> int:
    from .store import index_corpus

    settings = _settings(args)
    report = index_corpus(settings)
    for error in report.errors:
        print(f"skipped {error}", file=sys.stderr)
    print(
        f"index ready in {report.path}: {report.documents} files, {report.chunks} chunks "
        f"({report.encoded} encoded, {report.reused} reused)"
    )
    return 0


def cmd_search(args) -> int:
    from .retriever import load_retriever

    retriever = load_retriever(settings=_settings(args))
    hits = retriever.search(args.question, k=args.k)
    if args.json:
        _print_json({"query": args.question, "hits": [h.to_json() for h in hits]})
        return 0
    if not hits:
        print("no passage found")
    for rank, hit in enumerate(hits, 1):
        also = "".join(f" = {a['source']}" for a in hit.also)
        print(f"[{rank}] {hit.score:.3f}  {hit.title or '(untitled)'}  {hit.source}:{hit.start}-{hit.end}{also}")
        body = " ".join(hit.text.split())
        print(textwrap.indent(textwrap.fill(body, width=60), "    "))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Cited question answering over Chinese articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, corpus=False):
        p.add_argument("--index", type=Path, help="index folder (default: index/default)")
        p.add_argument("--embedder", help="sentence-transformers model id or folder (default: m3e-small)")
        if corpus:
            p.add_argument("--corpus", type=Path, help="folder of .txt articles (default: corpus/)")

    p = sub.add_parser("index", help="build or update the index")
    common(p, corpus=True)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("search", help="print the passages that best match a question")
    p.add_argument("question")
    p.add_argument("-k", type=int, default=5, help="number of passages (default 5)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    common(p)
    p.set_defaults(func=cmd_search)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .documents import DocumentError
    from .store import IndexUnusable
    from .weights import WeightsError

    try:
        return args.func(args)
    except (IndexUnusable, DocumentError, WeightsError, ValueError) as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
