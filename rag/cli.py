"""The `rag` command: index, add, remove, search, ask, eval, calibrate, serve, users."""

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
    from .locks import writing
    from .store import index_corpus

    settings = _settings(args)
    # Taken before the model loads, so a second `rag index` says at once that it waits, and for whom.
    with writing(settings.index_dir, wait=not args.no_wait, on_wait=lambda m: print(m, file=sys.stderr, flush=True)):
        report = index_corpus(settings)
    for error in report.errors:
        print(f"skipped {error}", file=sys.stderr)
    print(
        f"index ready in {report.path}: {report.documents} files, {report.chunks} chunks "
        f"({report.encoded} encoded, {report.reused} reused)"
    )
    return 0


def cmd_add(args) -> int:
    from .documents import DocumentError
    from .library import add

    settings = _settings(args)
    failed = 0
    for path in args.files:
        try:
            change = add(settings, path.name, path.read_bytes(), wait=not args.no_wait,
                         on_wait=lambda m: print(m, file=sys.stderr, flush=True))
        except (DocumentError, OSError) as exc:
            print(f"rag: error: {exc}", file=sys.stderr)
            failed += 1
            continue
        doc = change.document
        if change.status == "unchanged":
            print(f"{change.source}: already in {settings.corpus_dir} and the index")
        else:
            print(f"{change.source}: added to {settings.corpus_dir} ({doc.format}, {len(doc.articles)} articles, "
                  f"{change.report.encoded} passages encoded)")
    return 2 if failed else 0


def cmd_remove(args) -> int:
    from .library import remove

    settings = _settings(args)
    for name in args.names:
        change = remove(settings, name, wait=not args.no_wait, on_wait=lambda m: print(m, file=sys.stderr, flush=True))
        print(f"{change.source}: removed from {settings.corpus_dir} and the index ({change.report.documents} files left)")
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


def cmd_ask(args) -> int:
    from .assistant import Assistant
    from .llms import BackendError
    from .retriever import load_retriever

    settings = _settings(args)
    try:
        assistant = Assistant(load_retriever(settings=settings), args.backend or settings.backend, settings=settings)
        answer = assistant.ask(args.question)
    except BackendError as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        _print_json(answer.to_json())
        return 0
    print(answer.text)
    for c in answer.citations:
        print(f"[{c.n}] {c.title or '(untitled)'}  {c.source}:{c.start}-{c.end}")
        print(textwrap.indent(textwrap.fill(" ".join(c.quote.split()), width=60), "    "))
    if answer.refused and answer.related:
        print("related passages:")
        for hit in answer.related[:3]:
            print(f"  - {hit.title or '(untitled)'}  {hit.source}:{hit.start}-{hit.end}")
    return 0


def cmd_eval(args) -> int:
    from . import evaluation as ev

    if args.compare:
        print(ev.compare_reports(ev.load_report(args.compare[0]), ev.load_report(args.compare[1])))
        return 0
    from .retriever import load_retriever
    from .store import IndexUnusable, index_corpus

    settings = _settings(args)
    try:
        retriever = load_retriever(settings=settings)
    except IndexUnusable as exc:
        # A fresh clone has no index yet: build it, as `rag index` would, rather than stop.
        print(f"rag eval: {exc}; building it now", file=sys.stderr)
        index_corpus(settings)
        retriever = load_retriever(settings=settings)
    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    report = ev.run(
        questions_path=args.questions or ev.DEFAULT_QUESTIONS,
        out_dir=args.out,
        backend=args.backend or settings.backend,
        retrieval_only=args.retrieval_only,
        systems=systems,
        retriever=retriever,
    )
    print(ev.summary_text(report))
    if args.write_floors:
        floors = ev.floors_from(report, margin=args.margin)
        args.write_floors.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
        print(f"floors written to {args.write_floors}")
    if args.gate:
        failures = ev.check_gate(report, json.loads(args.gate.read_text(encoding="utf-8")))
        for failure in failures:
            print(f"gate: {failure}", file=sys.stderr)
        print("gate: " + ("FAILED" if failures else "passed") + f" ({args.gate})")
        return 1 if failures else 0
    return 0


def cmd_calibrate(args) -> int:
    from . import calibration as cal
    from .evaluation import load_questions
    from .retriever import load_retriever

    files = args.questions or [ev_file("questions.jsonl"), ev_file("unanswerable_probe.jsonl")]
    questions = [q for path in files for q in load_questions(path)]
    result = cal.calibrate(load_retriever(settings=_settings(args)), questions, judge_only=args.judge_only)
    if args.json:
        _print_json(result)
    else:
        print(f"{result['questions']} questions ({result['unanswerable']} unanswerable) of {', '.join(map(str, files))}")
        print(f"refusal_threshold = {result['refusal_threshold']:.4f}, support_threshold = {result['support_threshold']:.4f}"
              + (f", support_threshold_en = {result['support_threshold_en']:.4f}"
                 if result["support_threshold_en"] is not None else "")
              + (f", judge_threshold = {result['judge_threshold']:.4f}" if result["judge_threshold"] is not None else ""))
        print(f"refused unanswerable {result['refused_unanswerable']:.3f}, "
              f"wrongly refused answerable {result['wrongly_refused_answerable']:.3f}")
        for fold in result["folds"]:
            bad, wrong = fold["on_other_half"]
            chosen = ", ".join("-" if t is None else f"{t:.4f}" for t in fold["thresholds"])
            print(f"{fold['fold']}: thresholds {chosen}; on the other half "
                  f"refused unanswerable {bad:.3f}, wrongly refused answerable {wrong:.3f}")
    if args.write:
        keys = (("judge_threshold",) if args.judge_only
                else ("refusal_threshold", "support_threshold", "support_threshold_en", "judge_threshold"))
        values = {k: result[k] for k in keys if result[k] is not None}
        cal.write_settings(args.write, values, cal.describe(result, [Path(f).name for f in files]))
        print(f"written to {args.write}", file=sys.stderr)
    return 0


def ev_file(name: str) -> Path:
    from .evaluation import DEFAULT_QUESTIONS

    return DEFAULT_QUESTIONS.parent / name


def cmd_serve(args) -> int:
    from .config import replace
    from .server import serve

    settings = _settings(args)
    if args.users_file:
        settings = replace(settings, users_file=str(args.users_file))
    if args.allow_anonymous:
        settings = replace(settings, allow_anonymous=True)
    serve(settings, host=args.host, port=args.port, queue_size=args.queue_size, concurrency=args.concurrency)
    return 0


def cmd_users(args) -> int:
    import getpass

    from .users import add_user, remove_user

    path = args.users_file or _settings(args).users_file
    if not path:
        raise ValueError("say which users file: --users-file FILE (or users_file in rag.toml)")
    if args.action == "remove":
        if not remove_user(path, args.name):
            raise ValueError(f"{args.name} is not in {path}")
        print(f"removed {args.name} from {path}")
        return 0
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass(f"password for {args.name}: ")
        if getpass.getpass("again: ") != password:
            raise ValueError("the two passwords differ; nothing was changed")
    new = add_user(path, args.name, password)
    print(f"{'added' if new else 'changed the password of'} {args.name} in {path}")
    return 0


def _positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _backend(name: str) -> str:
    """A registered backend name, checked before any model loads."""
    from .llms import BACKENDS

    if name not in BACKENDS:
        raise argparse.ArgumentTypeError(f"unknown backend {name!r}; valid: {', '.join(sorted(BACKENDS))}")
    return name


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Cited question answering over Chinese articles.")
    sub = parser.add_subparsers(dest="command", required=True)

    def common(p, corpus=False):
        p.add_argument("--index", type=Path, help="index folder (default: index/default)")
        p.add_argument("--embedder", help="sentence-transformers model id or folder (default: m3e-small)")
        if corpus:
            p.add_argument("--corpus", type=Path, help="folder of article files (default: corpus/)")

    p = sub.add_parser("index", help="build or update the index")
    p.add_argument("--no-wait", action="store_true", help="fail at once when another writer is updating the index")
    common(p, corpus=True)
    p.set_defaults(func=cmd_index)

    p = sub.add_parser("add", help="copy article files into the corpus folder and index them")
    p.add_argument("files", nargs="+", type=Path, help=".txt, .md, .html, .docx or .pdf files")
    p.add_argument("--no-wait", action="store_true", help="fail at once when another writer is updating the index")
    common(p, corpus=True)
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="delete files from the corpus folder and the index")
    p.add_argument("names", nargs="+", help="file names as the article list shows them")
    p.add_argument("--no-wait", action="store_true", help="fail at once when another writer is updating the index")
    common(p, corpus=True)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("search", help="print the passages that best match a question")
    p.add_argument("question")
    p.add_argument("-k", type=_positive, default=5, help="number of passages (default 5)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    common(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with cited quotes from the articles")
    p.add_argument("question")
    p.add_argument("--backend", type=_backend, help="answer backend: extractive (default), openai, llamacpp, echo")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    common(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("eval", help="run the question set: retrieval (with baselines), answers, citations, refusals")
    p.add_argument("--questions", type=Path, help="question set (default: eval/questions.jsonl)")
    p.add_argument("--backend", type=_backend, help="answer backend (default: the configured one, extractive)")
    p.add_argument("--out", type=Path, help="report folder (default: a new eval/reports/<timestamp>)")
    p.add_argument("--systems", default="project,naive,bm25,dense",
                   help="retrieval systems, comma-separated; also milvus: the project on Milvus Lite (the milvus extra)")
    p.add_argument("--retrieval-only", action="store_true", help="skip the answers")
    p.add_argument("--gate", type=Path, help="floors file: exit 1 when a metric is below its floor")
    p.add_argument("--write-floors", type=Path, help="write floors (measured level less --margin) to this file")
    p.add_argument("--margin", type=float, default=0.02, help="margin below the measured level for --write-floors")
    p.add_argument("--compare", nargs=2, type=Path, metavar=("OLD", "NEW"), help="compare two report folders")
    common(p)
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("calibrate", help="fit the refusal thresholds on question files, and write them to rag.toml")
    p.add_argument("--questions", type=Path, nargs="+",
                   help="question files (default: eval/questions.jsonl eval/unanswerable_probe.jsonl)")
    p.add_argument("--write", type=Path, help="settings file to write the thresholds to (for example rag.toml)")
    p.add_argument("--judge-only", action="store_true",
                   help="fit only judge_threshold, keeping the refusal thresholds the settings have")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    common(p)
    p.set_defaults(func=cmd_calibrate)

    p = sub.add_parser("serve", help="start the web chat (builds the index first when it is missing)")
    p.add_argument("--host", help="address to listen on (default: GRADIO_SERVER_NAME or 127.0.0.1)")
    p.add_argument("--port", type=int, help="port (default: GRADIO_SERVER_PORT or the first free from 7860)")
    p.add_argument("--queue-size", type=int, default=32, help="requests that may wait for an answer (default 32)")
    p.add_argument("--concurrency", type=int, default=4, help="answers computed at once (default 4)")
    p.add_argument("--users-file", type=Path, help="log in with the users of this file (see `rag users`)")
    p.add_argument("--allow-anonymous", action="store_true",
                   help="listen on a non-loopback --host without login: anyone who reaches it may ask and add articles")
    common(p, corpus=True)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("users", help="add or remove a user of the server's login (passwords stored as scrypt hashes)")
    p.add_argument("action", choices=["add", "remove"])
    p.add_argument("name")
    p.add_argument("--users-file", type=Path, help="the users file (default: users_file in rag.toml)")
    p.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    p.set_defaults(func=cmd_users)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from .documents import DocumentError
    from .locks import LockBusy
    from .store import IndexUnusable
    from .vectorstores import StoreError
    from .weights import WeightsError

    try:
        return args.func(args)
    except (IndexUnusable, StoreError, DocumentError, WeightsError, LockBusy, ValueError) as exc:
        print(f"rag: error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # disk full, read-only, no permission: the index that was there is unchanged
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"rag: error: {exc.strerror or exc}{where}; the index that was there, if any, is unchanged and still loads. "
              "Free disk space or fix the folder's permissions, then run the command again.", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
