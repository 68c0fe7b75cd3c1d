"""Evaluation: the question set through every retrieval system and the assistant; reports, charts, comparison, gate."""

from __future__ import annotations

import datetime as dt
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import metrics as M
from .baselines import SYSTEMS, System, build_systems
from .config import PROJECT_ROOT

DEFAULT_QUESTIONS = PROJECT_ROOT / "eval" / "questions.jsonl"
REPORTS_DIR = PROJECT_ROOT / "eval" / "reports"
CATEGORIES = ("factoid", "numeric", "paraphrase", "traditional", "english", "comparison", "followup", "list",
              "why-how", "unanswerable", "near-miss", "off-topic")
ANSWER_METRICS = (
    "accuracy", "answer_contains", "answer_f1", "items_complete", "citation_exact", "citation_support",
    "citation_recall", "citation_precision", "refusal_precision", "refusal_recall", "false_refusal_rate",
    "refusal_names_fact", "refusal_names_nearest",
)
TOP_KEPT = 5  # passages per question and system kept in report.json


@dataclass
class Question:
    """One line of the question set."""

    id: str
    question: str
    category: str
    gold: list[dict]
    answers: list[str]
    turns: list[str] = field(default_factory=list)
    # A list question's items, each a list of variants: a complete answer names every item.
    items: list[list[str]] = field(default_factory=list)
    # Of a near miss, the neighbouring fact the articles do state ({source, quote}).
    nearest: list[dict] = field(default_factory=list)

    @property
    def answerable(self) -> bool:
        return bool(self.gold)

    @property
    def search_query(self) -> str:
        """What a retriever is asked: a follow-up made to stand on its own by the Assistant's rule."""
        from .assistant import standalone

        return standalone(self.question, self.turns)


def load_questions(path: str | Path = DEFAULT_QUESTIONS) -> list[Question]:
    """The questions of a JSONL question set, in file order."""
    out = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        try:
            out.append(Question(row["id"], row["question"], row["category"], row.get("gold", []),
                                row.get("answers", []), row.get("turns", []), row.get("items", []),
                                row.get("nearest", [])))
        except KeyError as exc:
            raise ValueError(f"{path}:{number}: missing field {exc}") from None
    return out


# ---------------------------------------------------------------------------- retrieval


def judge_retrieval(question: Question, passages: list) -> dict[str, Any]:
    """The retrieval metrics of one ranked list of passages for `question` (empty for unanswerable ones)."""
    facts = M.gold_facts(question.gold)
    found = [M.facts_in([p.text, *p.copies], facts) for p in passages]
    row: dict[str, Any] = {"relevant": [bool(f) for f in found]}
    if question.answerable:
        row.update(M.ranking_metrics(found, len(facts)))
        row["rank"] = M.first_relevant_rank(M.first_gains(found))
    return row


def evaluate_retrieval(systems: dict[str, System], questions: list[Question], k: int = M.CUTOFF,
                       tick: Callable[[], None] | None = None) -> dict[str, list[dict]]:
    """Per system, one row per question: metrics, first relevant rank, latency and the top passages."""
    rows: dict[str, list[dict]] = {name: [] for name in systems}
    for name, system in systems.items():
        system.search("预热", k)  # first call pays one-off costs (jieba, model graph) that are not latency
        for q in questions:
            t0 = time.perf_counter()
            passages = system.search(q.search_query, k)
            ms = (time.perf_counter() - t0) * 1000
            row = {"id": q.id, "category": q.category, "ms": ms, **judge_retrieval(q, passages)}
            row["top"] = [
                {"source": p.source, "start": p.start, "end": p.end, "chars": len(p.text), "relevant": rel,
                 **({"text": p.text} if name == "project" else {})}
                for p, rel in zip(passages[:TOP_KEPT], row.pop("relevant"))
            ]
            rows[name].append(row)
            if tick:
                tick()
    return rows


def summarize_retrieval(rows: list[dict], build_seconds: float = 0.0) -> dict[str, Any]:
    """Overall and per-category retrieval metrics of one system's rows."""

    def block(subset: list[dict]) -> dict[str, Any]:
        scored = [r for r in subset if "mrr@10" in r]
        out: dict[str, Any] = {"n": len(scored)}
        out.update({m: M.mean(r[m] for r in scored) for m in M.RETRIEVAL_METRICS})
        return out

    summary = block(rows)
    summary["latency_ms"] = M.percentiles([r["ms"] for r in rows])
    summary["mean_hit_chars"] = M.mean(t["chars"] for r in rows for t in r["top"])
    summary["build_seconds"] = round(build_seconds, 3)
    summary["by_category"] = {c: block(sub) for c, sub in _by_category(rows).items() if any("mrr@10" in r for r in sub)}
    return summary


def _by_category(rows: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups[r["category"]].append(r)
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return dict(sorted(groups.items(), key=lambda kv: order.get(kv[0], len(order))))


# ---------------------------------------------------------------------------- answers


def ask(assistant, q: Question):
    """The assistant's answer to `q`, asked after its earlier turns as a real conversation would be."""
    history: list[dict] = []
    for turn in q.turns:
        earlier = assistant.ask(turn, history=history or None)
        history += [{"role": "user", "content": turn}, {"role": "assistant", "content": earlier.text}]
    return assistant.ask(q.question, history=history or None)


def judge_answer(q: Question, ans, documents: dict) -> dict[str, Any]:
    """The answer, citation and refusal metrics of one answer."""
    facts = M.gold_facts(q.gold)
    cites = list(ans.citations)
    passages = {}
    exact, supported = [], []
    for c in cites:
        raw = documents[c.source].raw if c.source in documents else ""
        exact.append(raw[c.start : c.end] == c.quote and bool(c.quote))
        passages[c.n] = raw[c.passage_start : c.passage_end]
        if q.answerable:
            supported.append(bool(M.facts_in([passages[c.n]], facts)))
    row: dict[str, Any] = {
        "id": q.id, "category": q.category, "answerable": q.answerable, "refused": bool(ans.refused),
        "text": ans.text, "query": getattr(ans, "query", ""), "timings": dict(getattr(ans, "timings", {}) or {}),
        "citations": [{"n": c.n, "source": c.source, "start": c.start, "end": c.end, "quote": c.quote} for c in cites],
        "exact": exact, "supported": supported, "unsupported": len(getattr(ans, "unsupported", []) or []),
    }
    if q.answerable:
        row["contains"] = (not ans.refused) and M.contains_answer(ans.text, q.answers)
        row["f1"] = 0.0 if ans.refused else max((M.char_f1(ans.text, g["quote"]) for g in q.gold), default=0.0)
        row["correct"] = row["contains"]
        if q.items:
            row["items"] = (not ans.refused) and M.contains_items(ans.text, q.items)
    else:
        row["correct"] = bool(ans.refused)
        if ans.refused:
            # A refusal that says what the articles do say cites the nearest fact it names.
            row["names_fact"] = bool(cites)
            if q.nearest:
                near = M.gold_facts(q.nearest)
                row["names_nearest"] = any(M.facts_in([passages[c.n]], near) for c in cites)
    if not ans.refused:
        row["cit_recall"], row["cit_precision"] = M.alce_citation_scores(M.answer_sentences(ans.text), passages)
    return row


def evaluate_answers(assistant, questions: list[Question], documents: dict,
                     tick: Callable[[], None] | None = None) -> list[dict]:
    """One row per question with the assistant's answer and its metrics."""
    rows = []
    for q in questions:
        rows.append(judge_answer(q, ask(assistant, q), documents))
        if tick:
            tick()
    return rows


def summarize_answers(rows: list[dict]) -> dict[str, Any]:
    """Overall and per-category answer, citation, refusal and latency figures."""

    def block(subset: list[dict]) -> dict[str, Any]:
        answerable = [r for r in subset if r["answerable"]]
        answered = [r for r in subset if not r["refused"]]
        out: dict[str, Any] = {
            "n": len(subset),
            "accuracy": M.mean(r["correct"] for r in subset),
            "answer_contains": M.mean(r["contains"] for r in answerable),
            "answer_f1": M.mean(r["f1"] for r in answerable),
            "items_complete": M.mean(r["items"] for r in answerable if "items" in r),
            "citation_exact": M.mean(e for r in subset for e in r["exact"]),
            "citation_support": M.mean(s for r in answerable for s in r["supported"]),
            "citation_recall": M.mean(r["cit_recall"] for r in answered),
            "citation_precision": M.mean(r["cit_precision"] for r in answered),
        }
        out.update(M.refusal_scores([not r["answerable"] for r in subset], [r["refused"] for r in subset]))
        out["refusal_names_fact"] = M.mean(r["names_fact"] for r in subset if "names_fact" in r)
        out["refusal_names_nearest"] = M.mean(r["names_nearest"] for r in subset if "names_nearest" in r)
        return out

    summary = block(rows)
    stages = sorted({s for r in rows for s in r["timings"]})
    summary["latency_ms"] = {s: M.percentiles([r["timings"][s] for r in rows if s in r["timings"]]) for s in stages}
    summary["by_category"] = {c: block(sub) for c, sub in _by_category(rows).items()}
    return summary


# ---------------------------------------------------------------------------- the run


def run(
    questions_path: str | Path = DEFAULT_QUESTIONS,
    out_dir: str | Path | None = None,
    backend: str = "extractive",
    retrieval_only: bool = False,
    systems: tuple[str, ...] = SYSTEMS,
    retriever=None,
    progress: bool = True,
) -> dict[str, Any]:
    """Evaluate, write report.json, report.md and the charts into `out_dir`, and return the report."""
    from tqdm import tqdm

    from .assistant import Assistant
    from .retriever import load_retriever

    questions = load_questions(questions_path)
    out = Path(out_dir) if out_dir else REPORTS_DIR / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    out.mkdir(parents=True, exist_ok=True)
    retriever = retriever or load_retriever()
    built = build_systems(retriever, systems)

    assistant = None if retrieval_only else Assistant(retriever=retriever, backend=backend)
    total = len(questions) * len(built) + (len(questions) if assistant else 0)
    with tqdm(total=total, desc="eval", unit="q", disable=not progress, file=sys.stderr) as bar:
        retrieval = evaluate_retrieval(built, questions, tick=lambda: bar.update(1))
        answers = evaluate_answers(assistant, questions, retriever.documents, tick=lambda: bar.update(1)) if assistant else []

    by_id = {q.id: q for q in questions}
    report: dict[str, Any] = {
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "questions_file": str(questions_path),
        "counts": {"questions": len(questions), "answerable": sum(q.answerable for q in questions),
                   "by_category": {c: len(rows) for c, rows in _by_category([vars(q) for q in questions]).items()}},
        "index": {k: retriever.index.manifest.get(k) for k in ("created", "embedder", "chunking", "counts")},
        "settings": {k: getattr(retriever.settings, k) for k in ("k", "dense_weight", "candidates", "duplicate_overlap")},
        "systems": {name: summarize_retrieval(retrieval[name], built[name].build_seconds) for name in built},
        "answers": ({"backend": backend, **summarize_answers(answers)} if assistant else {"skipped": "retrieval only"}),
        "questions": [
            {"id": qid, "category": by_id[qid].category, "question": by_id[qid].question,
             "search_query": by_id[qid].search_query, "gold": by_id[qid].gold,
             "systems": {name: retrieval[name][i] for name in built},
             **({"answer": answers[i]} if answers else {})}
            for i, qid in enumerate(q.id for q in questions)
        ],
    }
    (out / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    (out / "report.md").write_text(report_markdown(report), encoding="utf-8")
    write_charts(report, out)
    report["out_dir"] = str(out)
    return report


# ---------------------------------------------------------------------------- tables and reports


def fmt(value) -> str:
    """A metric as shown in tables: three decimals, a dash for none."""
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def markdown_table(header: list[str], rows: list[list]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(fmt(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def text_table(header: list[str], rows: list[list]) -> str:
    """A plain aligned table for the terminal."""
    cells = [header] + [[fmt(v) for v in row] for row in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))) for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def system_rows(report: dict) -> tuple[list[str], list[list]]:
    """Header and rows of the overall retrieval table, one row per system."""
    header = ["system", *M.RETRIEVAL_METRICS, "p50 ms", "p95 ms", "hit chars"]
    rows = [
        [name, *(s[m] for m in M.RETRIEVAL_METRICS), s["latency_ms"]["p50"], s["latency_ms"]["p95"], s["mean_hit_chars"]]
        for name, s in report["systems"].items()
    ]
    return header, rows


def category_rows(report: dict, metric: str) -> tuple[list[str], list[list]]:
    """Header and rows of one retrieval metric by category (rows) and system (columns)."""
    names = list(report["systems"])
    cats = [c for c in CATEGORIES if any(c in report["systems"][n]["by_category"] for n in names)]
    rows = [[c, report["systems"][names[0]]["by_category"].get(c, {}).get("n"),
             *(report["systems"][n]["by_category"].get(c, {}).get(metric) for n in names)] for c in cats]
    rows.append(["all", report["systems"][names[0]]["n"], *(report["systems"][n][metric] for n in names)])
    return ["category", "n", *names], rows


def answer_rows(report: dict) -> tuple[list[str], list[list]]:
    """Header and rows of the answer metrics by category, with the overall row last."""
    a = report["answers"]
    rows = [[c, b["n"], *(b[m] for m in ANSWER_METRICS)] for c, b in a["by_category"].items()]
    rows.append(["all", a["n"], *(a[m] for m in ANSWER_METRICS)])
    return ["category", "n", *ANSWER_METRICS], rows


def summary_text(report: dict) -> str:
    """The short summary printed at the end of a run."""
    parts = ["Retrieval (answerable questions)", text_table(*system_rows(report)), ""]
    parts += ["MRR@10 by category", text_table(*category_rows(report, "mrr@10")), ""]
    a = report["answers"]
    if "skipped" in a:
        parts.append(f"Answers: skipped ({a['skipped']})")
    else:
        lat = a["latency_ms"].get("total_ms", {})
        parts.append(
            f"Answers ({a['backend']}): accuracy {fmt(a['accuracy'])}, contains {fmt(a['answer_contains'])}, "
            f"F1 {fmt(a['answer_f1'])}, citation exact {fmt(a['citation_exact'])} support {fmt(a['citation_support'])} "
            f"precision {fmt(a['citation_precision'])} recall {fmt(a['citation_recall'])}, refusal precision "
            f"{fmt(a['refusal_precision'])} recall {fmt(a['refusal_recall'])}, wrongly refused "
            f"{fmt(a['false_refusal_rate'])}, total p50 {fmt(lat.get('p50'))} ms p95 {fmt(lat.get('p95'))} ms"
        )
    if report.get("out_dir"):
        parts.append(f"Reports in {report['out_dir']}")
    return "\n".join(parts)


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def report_markdown(report: dict) -> str:
    """report.md: the tables, then every question the project got wrong with what it retrieved and answered."""
    c = report["counts"]
    out = [
        "# Eval report", "",
        f"{report['created']} · {c['questions']} questions ({c['answerable']} answerable) from `{report['questions_file']}` · "
        f"index {report['index'].get('created')} ({report['index'].get('counts', {}).get('chunks')} chunks, "
        f"{(report['index'].get('embedder') or {}).get('name')}) · settings {report['settings']}", "",
        "## Retrieval, overall", "",
        "Answerable questions; a passage is relevant when it contains a gold quote (whitespace removed, simplified script).", "",
        markdown_table(*system_rows(report)), "",
    ]
    for metric in M.RETRIEVAL_METRICS:
        out += [f"### {metric} by category", "", markdown_table(*category_rows(report, metric)), ""]
    a = report["answers"]
    out += ["## Answers, citations, refusals", ""]
    if "skipped" in a:
        out += [f"Skipped: {a['skipped']}.", ""]
    else:
        out += [f"Backend `{a['backend']}`.", "", markdown_table(*answer_rows(report)), "", "Latency (ms):", "",
                markdown_table(["stage", "p50", "p95"], [[s, v["p50"], v["p95"]] for s, v in a["latency_ms"].items()]), ""]
    out += ["## What the project got wrong", "",
            "Answerable questions with no relevant passage in the project's top 5, and questions answered wrongly.", ""]
    wrong = 0
    for q in report["questions"]:
        r = q["systems"].get("project")
        ans = q.get("answer")
        missed = r is not None and "hit@5" in r and not r["hit@5"]
        bad_answer = ans is not None and not ans["correct"]
        if not (missed or bad_answer):
            continue
        wrong += 1
        why = ", ".join(x for x, on in (("retrieval miss@5", missed), ("wrong answer", bad_answer)) if on)
        out += [f"### {q['id']} ({q['category']}): {q['question']}", "", f"- why: {why}",
                f"- searched: {q['search_query']}",
                "- gold: " + ("; ".join(f"`{g['quote']}` ({g['source'][:3]})" for g in q["gold"]) or "none")]
        if r is not None:
            rank = r.get("rank")
            out.append(f"- first relevant rank: {rank if rank else 'none in top 10'}")
            for i, t in enumerate(r["top"][:3], 1):
                mark = "✓" if t["relevant"] else "✗"
                out.append(f"  {i}. {mark} {t['source'][:3]}:{t['start']}-{t['end']} {_short(t.get('text', ''))}")
        if ans is not None:
            state = "refused" if ans["refused"] else "answered"
            out.append(f"- {state}: {_short(ans['text'], 300)}")
        out.append("")
    if not wrong:
        out += ["Nothing.", ""]
    return "\n".join(out)


def write_charts(report: dict, out: Path) -> list[Path]:
    """PNG charts: retrieval metrics by system, and by category for each system (answers too when present)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    paths = []
    names = list(report["systems"])
    fig, ax = plt.subplots(figsize=(10, 4.5))
    _bars(ax, list(M.RETRIEVAL_METRICS), {n: [report["systems"][n][m] for m in M.RETRIEVAL_METRICS] for n in names})
    ax.set_title("Retrieval metrics by system")
    ax.legend(loc="lower right")
    paths.append(_save(fig, out / "metrics_by_system.png"))

    shown = ("hit@1", "hit@5", "mrr@10", "ndcg@10")
    fig, axes = plt.subplots(len(shown), 1, figsize=(11, 3 * len(shown)), sharex=True)
    for ax, metric in zip(axes, shown):
        header, rows = category_rows(report, metric)
        _bars(ax, [r[0] for r in rows], {n: [r[2 + i] for r in rows] for i, n in enumerate(names)})
        ax.set_ylabel(metric)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", ncol=len(names))
    fig.suptitle("Retrieval metrics by category", x=0.02, ha="left")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    paths.append(_save(fig, out / "metrics_by_category.png", tight=False))

    if "skipped" not in report["answers"]:
        header, rows = answer_rows(report)
        shown = ("accuracy", "answer_contains", "answer_f1", "citation_support", "citation_precision", "citation_recall")
        fig, ax = plt.subplots(figsize=(12, 4.5))
        _bars(ax, [r[0] for r in rows], {m: [r[header.index(m)] for r in rows] for m in shown})
        ax.set_title(f"Answer and citation metrics by category ({report['answers']['backend']})")
        ax.legend(loc="lower right", ncol=3, fontsize=8)
        paths.append(_save(fig, out / "answers_by_category.png"))
    return paths


def _bars(ax, groups: list[str], series: dict[str, list]) -> None:
    """Grouped bars on a 0-1 scale: a group per label of `groups`, in it a bar per series (None as 0)."""
    import numpy as np

    x = np.arange(len(groups))
    width = 0.8 / max(1, len(series))
    for i, (label, values) in enumerate(series.items()):
        ax.bar(x + i * width - 0.4 + width / 2, [v or 0 for v in values], width, label=label)
    ax.set_xticks(x, groups)
    ax.set_ylim(0, 1.05)
    ax.grid(axis="y", alpha=0.3)


def _save(fig, path: Path, tight: bool = True) -> Path:
    """`fig` written to `path` as PNG and closed."""
    import matplotlib.pyplot as plt

    if tight:
        fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


# ---------------------------------------------------------------------------- compare and gate


def load_report(path: str | Path) -> dict:
    """The report.json of a report folder (or the file itself)."""
    path = Path(path)
    return json.loads((path / "report.json" if path.is_dir() else path).read_text(encoding="utf-8"))


def _outcome(q: dict, system: str = "project") -> tuple[int | None, bool | None]:
    """(first relevant rank of `system`, answer correct) of one question of a report."""
    r = q.get("systems", {}).get(system, {})
    return r.get("rank"), (q["answer"]["correct"] if "answer" in q else None)


def compare_reports(old: dict, new: dict) -> str:
    """Markdown: the change of every metric, then per question what got better or worse."""
    out = ["# Comparison", "", f"old: {old['created']} · new: {new['created']}", ""]
    rows = []
    for name in new["systems"]:
        if name not in old["systems"]:
            continue
        for m in M.RETRIEVAL_METRICS:
            a, b = old["systems"][name][m], new["systems"][name][m]
            rows.append([name, m, a, b, _delta(a, b)])
    if "skipped" not in old["answers"] and "skipped" not in new["answers"]:
        for m in ANSWER_METRICS:
            a, b = old["answers"][m], new["answers"][m]
            rows.append(["answers", m, a, b, _delta(a, b)])
    out += ["## Metrics", "", markdown_table(["system", "metric", "old", "new", "change"], rows), ""]

    cats = [c for c in CATEGORIES if c in new["systems"].get("project", {}).get("by_category", {})]
    if "project" in old["systems"] and "project" in new["systems"]:
        crow = []
        for c in cats:
            a = old["systems"]["project"]["by_category"].get(c, {}).get("mrr@10")
            b = new["systems"]["project"]["by_category"][c]["mrr@10"]
            crow.append([c, a, b, _delta(a, b)])
        out += ["## Project MRR@10 by category", "", markdown_table(["category", "old", "new", "change"], crow), ""]

    old_q = {q["id"]: q for q in old["questions"]}
    better, worse = [], []
    for q in new["questions"]:
        if q["id"] not in old_q:
            continue
        (r0, a0), (r1, a1) = _outcome(old_q[q["id"]]), _outcome(q)
        changes = []
        if r0 != r1 and q["systems"].get("project", {}).get("hit@1") is not None:
            direction = _rank_direction(r0, r1)
            changes.append((direction, f"first relevant rank {r0 or '–'} → {r1 or '–'}"))
        if a0 is not None and a1 is not None and a0 != a1:
            changes.append((1 if a1 else -1, f"answer {'right' if a0 else 'wrong'} → {'right' if a1 else 'wrong'}"))
        for direction, what in changes:
            (better if direction > 0 else worse).append(f"- {q['id']} ({q['category']}) {what}: {q['question']}")
    out += [f"## Better ({len(better)})", "", *(better or ["Nothing."]), "",
            f"## Worse ({len(worse)})", "", *(worse or ["Nothing."]), ""]
    return "\n".join(out)


def _delta(a, b) -> float | None:
    return None if a is None or b is None else round(b - a, 4)


def _rank_direction(old: int | None, new: int | None) -> int:
    """+1 when the first relevant passage moved up (or appeared), -1 when it moved down (or vanished)."""
    big = 10**6
    return 1 if (new or big) < (old or big) else -1


# The answer metrics the gate holds (extractive answers on the question set): floors, and the one that
# must stay under a ceiling.
GATED_ANSWERS = ("answer_contains", "citation_exact", "refusal_recall", "refusal_names_fact")
CEILED_ANSWERS = ("false_refusal_rate",)


def check_gate(report: dict, floors: dict) -> list[str]:
    """The metrics of `report` below their floor (or above their ceiling), one message each; empty when
    the gate passes. Floors name a retrieval system, or "answers" for the answer metrics."""
    failures = []
    for bound, limits_by_part in (("floor", floors.get("floors", {})), ("ceiling", floors.get("ceilings", {}))):
        for part, limits in limits_by_part.items():
            got = report.get("answers") if part == "answers" else report["systems"].get(part)
            for metric, limit in limits.items():
                value = None if not got else got.get(metric)
                if value is None:
                    failures.append(f"{part} {metric}: not measured ({bound} {limit:.3f})")
                elif bound == "floor" and value < limit - 1e-9:
                    failures.append(f"{part} {metric}: {value:.3f} is below the floor {limit:.3f}")
                elif bound == "ceiling" and value > limit + 1e-9:
                    failures.append(f"{part} {metric}: {value:.3f} is above the ceiling {limit:.3f}")
    return failures


def floors_from(report: dict, margin: float = 0.02, systems: tuple[str, ...] = ("project",)) -> dict:
    """Gate floors: each retrieval metric of `systems` as measured in `report` less `margin`, and, when
    `report` has answers, the gated answer metrics less `margin` (a ceiling: plus `margin`)."""
    out = {
        "margin": margin,
        "measured": report["created"],
        "floors": {
            s: {m: round(max(0.0, report["systems"][s][m] - margin), 3) for m in M.RETRIEVAL_METRICS}
            for s in systems
            if s in report["systems"]
        },
    }
    answers = report.get("answers") or {}
    if answers.get("answer_contains") is not None:
        out["floors"]["answers"] = {m: round(max(0.0, answers[m] - margin), 3) for m in GATED_ANSWERS
                                    if answers.get(m) is not None}
        out["ceilings"] = {"answers": {m: round(min(1.0, answers[m] + margin), 3) for m in CEILED_ANSWERS}}
    return out
