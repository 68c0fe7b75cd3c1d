"""Answer quality and latency on eval/questions.jsonl, per backend; `--calibrate` sweeps the refusal threshold.

    .venv/bin/python bench/answers.py                      # extractive backend
    .venv/bin/python bench/answers.py --backend llamacpp --limit 20
    .venv/bin/python bench/answers.py --calibrate
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag import Assistant, load_retriever  # noqa: E402
from rag.config import replace  # noqa: E402
from rag.normalize import compact  # noqa: E402


def load_questions(path: Path) -> list[dict]:
    """The questions of a question set file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def history_of(q: dict) -> list[dict]:
    """The earlier user turns of a question, in chat form."""
    return [{"role": "user", "content": t} for t in q.get("turns", [])]


def percentile(values: list[float], p: float) -> float:
    """The `p`-th percentile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))] if ordered else 0.0


def run(assistant: Assistant, questions: list[dict]) -> list[dict]:
    """One row per question: the answer and whether it is right."""
    rows = []
    for q in questions:
        started = time.perf_counter()
        answer = assistant.ask(q["question"], history_of(q))
        elapsed = (time.perf_counter() - started) * 1000
        raws = {s: assistant.retriever.documents[s].raw for s in {c.source for c in answer.citations}}
        rows.append({
            "id": q["id"], "category": q["category"], "answerable": bool(q["gold"]),
            "refused": answer.refused, "evidence": answer.evidence,
            "correct": any(compact(a) in compact(answer.text) for a in q["answers"]) and not answer.refused,
            "exact": all(raws[c.source][c.start : c.end] == c.quote for c in answer.citations),
            "citations": len(answer.citations), "fallback": answer.fallback,
            "ms": elapsed, "retrieve_ms": answer.timings.get("retrieve_ms", 0.0),
            "generate_ms": answer.timings.get("generate_ms", 0.0), "text": answer.text, "query": answer.query,
        })
    return rows


def summary(rows: list[dict]) -> dict:
    """The goals' figures over `rows`."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    cited = [r for r in rows if r["citations"]]
    share = lambda xs, key: sum(bool(x[key]) for x in xs) / len(xs) if xs else float("nan")  # noqa: E731
    return {
        "questions": len(rows),
        "gold_fact_contained": share(answerable, "correct"),
        "citation_exact": share(cited, "exact"),
        "refused_unanswerable": share(unanswerable, "refused"),
        "wrongly_refused_answerable": share(answerable, "refused"),
        "fallback": share(rows, "fallback"),
        "p50_ms": percentile([r["ms"] for r in rows], 50),
        "p95_ms": percentile([r["ms"] for r in rows], 95),
        "retrieve_p50_ms": percentile([r["retrieve_ms"] for r in rows], 50),
        "retrieve_p95_ms": percentile([r["retrieve_ms"] for r in rows], 95),
        "generate_p50_ms": percentile([r["generate_ms"] for r in rows], 50),
        "generate_p95_ms": percentile([r["generate_ms"] for r in rows], 95),
    }


def calibrate(retriever, questions: list[dict]) -> None:
    """Print, for each candidate threshold, how many questions each side would refuse."""
    assistant = Assistant(retriever, "extractive", settings=replace(retriever.settings, refusal_threshold=-1.0))
    rows = run(assistant, questions)
    good = sorted(r["evidence"] for r in rows if r["answerable"])
    bad = sorted(r["evidence"] for r in rows if not r["answerable"])
    print(f"evidence of unanswerable: {[round(x, 3) for x in bad]}")
    print(f"lowest evidence of answerable: {[round(x, 3) for x in good[:15]]}")
    print("threshold  refused_unanswerable  wrongly_refused_answerable")
    for t in sorted({round(x + 1e-4, 4) for x in bad + good[:15]}):
        print(f"{t:9.4f}  {sum(x < t for x in bad) / len(bad):20.3f}  {sum(x < t for x in good) / len(good):26.3f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=ROOT / "eval" / "questions.jsonl")
    parser.add_argument("--backend", default="extractive")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--calibrate", action="store_true", help="sweep the refusal threshold")
    parser.add_argument("--show", action="store_true", help="print each answer")
    args = parser.parse_args()
    questions = load_questions(args.questions)[: args.limit]
    retriever = load_retriever()
    if args.calibrate:
        calibrate(retriever, questions)
        return 0
    assistant = Assistant(retriever, args.backend)
    for q in questions[:3]:  # warm-up: model loading and caches are not what is measured
        assistant.ask(q["question"], history_of(q))
    rows = run(assistant, questions)
    if args.show:
        for r in rows:
            mark = "ok " if r["correct"] or (not r["answerable"] and r["refused"]) else "BAD"
            print(f"{mark} {r['id']} {r['category'][:6]:6} ev={r['evidence']:.3f} {r['query'][:40]!r} -> {r['text'][:100]!r}")
    result = {"backend": args.backend, **summary(rows)}
    stats = getattr(assistant.backend, "last_stats", None)
    if args.backend == "llamacpp":
        generated = [r for r in rows if not r["refused"]]
        result["tokens_per_s"] = stats.get("tokens_per_s") if stats else None
        result["answers_generated"] = len(generated)
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
