"""Answer quality and latency on eval/questions.jsonl, per backend (`rag calibrate` fits the refusal thresholds).

    .venv/bin/python bench/answers.py                      # extractive backend
    .venv/bin/python bench/answers.py --backend llamacpp --limit 20
    .venv/bin/python bench/answers.py --questions eval/heldout.jsonl eval/heldout2.jsonl   # questions nothing was tuned on
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag import Assistant, load_retriever  # noqa: E402
from rag.engine import warm_up  # noqa: E402
from rag.evaluation import Question, ask, judge_answer, load_questions  # noqa: E402
from rag.metrics import percentiles  # noqa: E402


def run(assistant: Assistant, questions: list[Question]) -> list[dict]:
    """One row per question: the answer and whether it is right, judged as `rag eval` judges it."""
    rows = []
    for q in questions:
        answer = ask(assistant, q)  # a follow-up after its earlier turns, as in a conversation
        judged = judge_answer(q, answer, assistant.retriever.documents)
        rows.append({
            "id": q.id, "category": q.category, "answerable": q.answerable,
            "refused": answer.refused, "evidence": answer.evidence, "support": answer.support,
            "correct": q.answerable and judged["correct"], "exact": all(judged["exact"]),
            "citations": len(answer.citations), "fallback": answer.fallback,
            "ms": answer.timings["total_ms"], "retrieve_ms": answer.timings.get("retrieve_ms", 0.0),
            "generate_ms": answer.timings.get("generate_ms", 0.0), "text": answer.text, "query": answer.query,
            **{key: judged[key] for key in ("items", "names_fact", "names_nearest") if key in judged},
        })
    return rows


def summary(rows: list[dict]) -> dict:
    """The goals' figures over `rows`."""
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]
    cited = [r for r in rows if r["citations"]]
    # None where no question of the kind was asked, so the printout stays valid JSON.
    total, retrieve, generate = (percentiles([r[key] for r in rows]) for key in ("ms", "retrieve_ms", "generate_ms"))
    share = lambda xs, key: sum(bool(x[key]) for x in xs) / len(xs) if xs else None  # noqa: E731
    having = lambda key: [r for r in rows if key in r]  # noqa: E731
    by_category: dict[str, dict] = {}
    for r in rows:
        by_category.setdefault(r["category"], []).append(r)
    return {
        "questions": len(rows),
        "gold_fact_contained": share(answerable, "correct"),
        "citation_exact": share(cited, "exact"),
        "refused_unanswerable": share(unanswerable, "refused"),
        "wrongly_refused_answerable": share(answerable, "refused"),
        "items_complete": share(having("items"), "items"),
        "refusal_names_fact": share(having("names_fact"), "names_fact"),
        "refusal_names_nearest": share(having("names_nearest"), "names_nearest"),
        "fallback": share(rows, "fallback"),
        "p50_ms": total["p50"],
        "p95_ms": total["p95"],
        "retrieve_p50_ms": retrieve["p50"],
        "retrieve_p95_ms": retrieve["p95"],
        "generate_p50_ms": generate["p50"],
        "generate_p95_ms": generate["p95"],
        # per category: the share right (an answerable question's fact contained, an unanswerable one refused)
        "right_by_category": {c: round(sum(bool(r["correct"] if r["answerable"] else r["refused"]) for r in rs) / len(rs), 3)
                              for c, rs in by_category.items()},
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, nargs="+", default=[ROOT / "eval" / "questions.jsonl"],
                        help="question set files, in the format of eval/questions.jsonl")
    parser.add_argument("--backend", default="extractive")
    parser.add_argument("--limit", type=int, help="only the first N questions")
    parser.add_argument("--show", action="store_true", help="print each answer")
    args = parser.parse_args()
    questions = [q for path in args.questions for q in load_questions(path)][: args.limit]
    retriever = load_retriever()
    assistant = Assistant(retriever, args.backend)
    warm_up()  # the dictionaries the web chat loads at start
    for q in questions[:3]:  # warm-up: model loading and caches are not what is measured
        ask(assistant, q)
    rows = run(assistant, questions)
    if args.show:
        for r in rows:
            mark = "ok " if r["correct"] or (not r["answerable"] and r["refused"]) else "BAD"
            print(f"{mark} {r['id']} {r['category'][:6]:6} ev={r['evidence']:.3f} {r['query'][:40]!r} -> {r['text'][:100]!r}")
    result = {"backend": args.backend, **summary(rows)}
    if args.backend == "llamacpp":
        stats = assistant.backend.stats
        result["tokens_per_s"] = assistant.backend.tokens_per_second()
        result["prompt_s_mean"] = stats["prompt_s"] / stats["completions"] if stats["completions"] else None
        result["completions"] = stats["completions"]
    print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.items()}, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
