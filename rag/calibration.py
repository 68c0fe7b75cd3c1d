"""Calibration: the refusal thresholds (evidence, support and, with a judge, answerability) fitted on
question files, checked on two folds, and written to `rag.toml` with how they were chosen."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from .config import replace
from .evaluation import Question, ask
from .script import HAN

# At most this share of the answerable questions may be refused wrongly.
MOST_WRONGLY_REFUSED = 0.05


@dataclass
class Row:
    """One question asked with every threshold off: the figures its refusal would be decided on."""

    id: str
    answerable: bool
    evidence: float
    support: float
    judged: float  # the best answerability judge score of the leading sentences; -1 without a judge
    unmet: bool  # refused whatever the thresholds: its best sentence does not meet the question
    english: bool = False  # asked in English: its support has a threshold of its own


def measure(retriever, questions: list[Question]) -> list[Row]:
    """A row per question, asked with the thresholds off (so every figure is seen)."""
    from .assistant import Assistant

    settings = replace(retriever.settings, refusal_threshold=-1.0, support_threshold=-1.0, judge_threshold=-1.0)
    assistant = Assistant(retriever, "extractive", settings=settings)
    rows = []
    for q in questions:
        answer = ask(assistant, q)
        rows.append(Row(q.id, q.answerable, answer.evidence, answer.support, answer.judged,
                        answer.refused, not HAN.search(q.question)))
    return rows


def refused(row: Row, evidence: float, support: float, judged: float = -1.0, support_en: float | None = None) -> bool:
    """True when `row` would be refused at these thresholds (`support_en`: the support threshold of an
    English question, when it has its own)."""
    least = support_en if row.english and support_en is not None else support
    return row.unmet or row.evidence < evidence or row.support < least or (0 <= row.judged < judged)


def rates(rows: list[Row], evidence: float, support: float, judged: float = -1.0,
          support_en: float | None = None) -> tuple[float, float]:
    """The shares of the unanswerable and of the answerable `rows` refused at these thresholds."""
    bad = [r for r in rows if not r.answerable]
    good = [r for r in rows if r.answerable]
    def share(xs: list[Row]) -> float:
        return sum(refused(r, evidence, support, judged, support_en) for r in xs) / len(xs) if xs else 0.0

    return share(bad), share(good)


def candidates(values: list[float]) -> list[float]:
    """Thresholds worth trying: 0 and the midpoints between consecutive distinct `values`."""
    ordered = sorted(set(values))
    return [0.0] + [round((a + b) / 2, 4) for a, b in zip(ordered, ordered[1:])]


def choose(rows: list[Row], most_wrong: float = MOST_WRONGLY_REFUSED,
           kept: tuple[float, float, float | None] | None = None) -> tuple[float, float, float, float | None]:
    """The (evidence, support, judge, English support) thresholds refusing the most unanswerable `rows` while
    refusing at most `most_wrong` of the answerable ones. Evidence and support are chosen together (ties:
    fewest answerable refused, then the highest evidence threshold, which refuses off-topic questions, then
    the lowest support threshold); the judge's threshold then, the same way, given them; then the support
    threshold of the English questions alone, given the others (ties: the highest, the least apart from
    the shared one; None without English rows): their words reach the passages through the glossary, which
    has no Chinese for some, so their support runs lower. With `kept` (evidence, support, English support)
    only the judge's threshold is chosen, given those."""
    if kept:
        evidence, support, support_en = kept
    else:
        best = None
        for e in candidates([r.evidence for r in rows if r.evidence < 0.5]):
            for s in candidates([r.support for r in rows]):
                bad, wrong = rates(rows, e, s)
                if wrong <= most_wrong and (best is None or (bad, -wrong, e, -s) > best[0]):
                    best = ((bad, -wrong, e, -s), e, s)
        evidence, support = (best[1], best[2]) if best else (0.0, 0.0)
        support_en = None
    judged = -1.0
    if any(r.judged >= 0 for r in rows):
        top = None
        for j in candidates([r.judged for r in rows if r.judged >= 0]):
            bad, wrong = rates(rows, evidence, support, j, support_en)
            if wrong <= most_wrong and (top is None or (bad, -wrong, -j) > top[0]):
                top = ((bad, -wrong, -j), j)
        judged = top[1] if top else 0.0
    if kept:
        return evidence, support, judged, support_en
    english = [r for r in rows if r.english]
    support_en = None
    if english:
        fit = None
        for s in candidates([r.support for r in english]):
            bad, wrong = rates(english, evidence, s, judged)
            if wrong <= most_wrong and (fit is None or (bad, -wrong, s) > fit[0]):
                fit = ((bad, -wrong, s), s)
        support_en = fit[1] if fit else 0.0
    return evidence, support, judged, support_en


def calibrate(retriever, questions: list[Question], most_wrong: float = MOST_WRONGLY_REFUSED,
              judge_only: bool = False) -> dict:
    """The chosen thresholds, their refusal rates on all questions, and on two folds (thresholds chosen
    on every other question, measured on the rest). `judge_only`: the judge's threshold alone, given the
    refusal thresholds the settings have."""
    settings = retriever.settings
    if judge_only and not settings.judge:
        raise ValueError("--judge-only needs a judge: set judge = \"llm\" (or \"nli\") in rag.toml")
    kept = (settings.refusal_threshold, settings.support_threshold, settings.support_threshold_en) if judge_only else None
    rows = measure(retriever, questions)
    evidence, support, judged, support_en = choose(rows, most_wrong, kept)
    bad, wrong = rates(rows, evidence, support, judged, support_en)
    folds = []
    for name, fit, test in (("odd -> even", rows[0::2], rows[1::2]), ("even -> odd", rows[1::2], rows[0::2])):
        chosen = choose(fit, most_wrong, kept)
        folds.append({"fold": name, "thresholds": chosen, "on_other_half": rates(test, *chosen)})
    return {"refusal_threshold": evidence, "support_threshold": support, "support_threshold_en": support_en,
            "judge_threshold": judged if settings.judge else None, "judge_only": judge_only,
            "refused_unanswerable": bad, "wrongly_refused_answerable": wrong, "folds": folds,
            "questions": len(rows), "unanswerable": sum(not r.answerable for r in rows)}


def write_settings(path: Path, values: dict[str, float], note: str) -> None:
    """Set top-level `values` in the TOML file at `path` (made when missing), each with a comment line
    saying how it was chosen; its other lines and tables stay as they are."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    first_table = next((i for i, line in enumerate(lines) if line.lstrip().startswith("[")), len(lines))
    top, rest = lines[:first_table], lines[first_table:]
    marker = "# rag calibrate:"
    top = [line for line in top if not line.startswith(marker)
           and not any(re.match(rf"\s*{re.escape(key)}\s*=", line) for key in values)]
    while top and not top[-1].strip():
        top.pop()
    added = [f"{marker} {note}"] + [f"{key} = {value:.4f}" for key, value in values.items()]
    text = "\n".join(top + added + ([""] + rest if rest else [])) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)  # a reader never sees half a file


def describe(result: dict, files: list[str]) -> str:
    """One line: when, from what, and with what result the thresholds were chosen."""
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d")
    return (f"{when}, {result['questions']} questions of {', '.join(files)}: the most unanswerable refused "
            f"({result['refused_unanswerable']:.3f}) with at most {MOST_WRONGLY_REFUSED:.0%} of the answerable "
            f"refused ({result['wrongly_refused_answerable']:.3f})")
