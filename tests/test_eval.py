"""The eval suite: the question set against the corpus, `rag eval` end to end, compare and the gate."""

import json
import re
from collections import Counter

import pytest

from rag import evaluation as ev
from rag import load_settings
from rag.cli import main
from rag.config import PROJECT_ROOT
from rag.loaders import load_corpus
from rag.normalize import compact
from rag.store import index_corpus

# ---------------------------------------------------------------------------- the question set


@pytest.fixture(scope="module")
def corpus():
    documents, errors = load_corpus(PROJECT_ROOT / "corpus")
    assert not errors
    return {d.source: compact(d.raw) for d in documents}


def test_the_question_set_is_well_formed():
    questions = ev.load_questions()
    assert len(questions) >= 120
    assert [q.id for q in questions] == [f"q{i:03d}" for i in range(1, len(questions) + 1)]
    counts = Counter(q.category for q in questions)
    assert set(counts) == {"factoid", "numeric", "paraphrase", "traditional", "english", "comparison", "followup",
                           "unanswerable"} and set(counts) <= set(ev.CATEGORIES)
    for q in questions:
        assert bool(q.gold) == bool(q.answers) == (q.category != "unanswerable"), q.id
        assert bool(q.turns) == (q.category == "followup"), q.id


def test_the_second_held_out_set_is_well_formed_and_its_quotes_are_in_their_files(corpus):
    questions = ev.load_questions(PROJECT_ROOT / "eval" / "heldout2.jsonl")
    counts = Counter(q.category for q in questions)
    assert counts["near-miss"] >= 20 and counts["list"] >= 10 and counts["why-how"] >= 10
    assert counts["english"] >= 10 and counts["traditional"] >= 10
    assert_near_misses_well_formed(questions, corpus)
    assert sum(bool(q.items) for q in questions) >= 10


def assert_near_misses_well_formed(questions, corpus):
    """Near misses have no answer and name the nearest fact; every quote and list item is in the articles."""
    for q in questions:
        assert q.answerable == (q.category != "near-miss") == bool(q.answers), q.id
        assert bool(q.nearest) == (q.category == "near-miss"), q.id
        for g in q.gold + q.nearest:
            assert compact(g["quote"]) in corpus[g["source"]], (q.id, g)
        for variants in q.items:
            assert any(compact(v) in text for v in variants for text in corpus.values()), (q.id, variants)


def test_the_third_held_out_set_and_the_near_miss_pairs_are_well_formed(corpus):
    for name, kinds in (("heldout3", {"near-miss": 15, "list": 9, "why-how": 9, "english": 15}),
                        ("dev_nearmiss", {"near-miss": 20, "answerable": 12})):
        questions = ev.load_questions(PROJECT_ROOT / "eval" / f"{name}.jsonl")
        counts = Counter(q.category for q in questions)
        assert all(counts[k] == n for k, n in kinds.items()), (name, counts)
        assert_near_misses_well_formed(questions, corpus)


def test_the_conversation_sets_are_well_formed(corpus):
    for name in ("conversations", "heldout_conversations"):
        path = PROJECT_ROOT / "eval" / f"{name}.jsonl"
        questions = ev.load_questions(path)
        kinds = [json.loads(line)["kind"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        assert len(questions) >= 18 and len({q.id for q in questions}) == len(questions), name
        for q, kind in zip(questions, kinds):
            # A pronoun that points to nothing has no earlier turn and no answer; every other case has both.
            assert (kind == "unresolved") == (not q.turns) == (not q.gold) == (not q.answers), (name, q.id)
            for g in q.gold:
                assert compact(g["quote"]) in corpus[g["source"]], (name, q.id, g)
            for a in q.answers:
                assert any(compact(a) in text for text in corpus.values()), (name, q.id, a)


def test_every_gold_quote_is_in_its_file(corpus):
    for q in ev.load_questions():
        for g in q.gold:
            assert compact(g["quote"]) in corpus[g["source"]], (q.id, g)


@pytest.mark.parametrize("path", sorted((PROJECT_ROOT / "eval").glob("*.jsonl")), ids=lambda p: p.name)
def test_every_question_file_has_unique_ids_and_quotes_that_are_in_their_files(corpus, path):
    questions = ev.load_questions(path)
    ids = Counter(q.id for q in questions)
    assert not [i for i, n in ids.items() if n > 1], path.name  # a report row is found by its id
    for q in questions:
        for g in [*q.gold, *q.nearest]:
            assert compact(g["quote"]) in corpus[g["source"]], (path.name, q.id, g)


@pytest.mark.parametrize("name,prefix,folder,files", [
    ("faq", "df", "corpus", ["debian-edu-bookworm-manual.html", "debian-faq.zh-cn.txt"]),
    ("edu", "de", "corpus", ["debian-edu-bookworm-manual.html", "debian-faq.zh-cn.txt"]),
    ("maint", "dm", "maint-corpus", ["first.zh-tw.html", "start.zh-tw.html"]),
    ("ref", "dr", "ref-corpus", ["ch03.zh-cn.html"]),
    ("auth", "da", "auth-corpus", ["ch04.zh-tw.html"]),
    ("l10n", "dl", "l10n-corpus", ["ch08.zh-cn.html"]),
    ("gui", "dg", "gui-corpus", ["ch07.zh-tw.html"]),
    ("net", "dn", "net-corpus", ["ch05.zh-tw.html"]),
    ("app", "dp", "app-corpus", ["ch06.zh-cn.html"]),
    ("data", "dd", "data-corpus", ["ch10.zh-tw.html"]),
    ("conv", "dc", "conv-corpus", ["ch11.zh-cn.html"]),
    ("prog", "ds", "prog-corpus", ["ch12.zh-tw.html"]),
    ("sys", "dy", "sys-corpus", ["ch09.zh-cn.html"]),
    ("pkg", "dk", "pkg-corpus", ["ch02.zh-tw.html"]),
    ("tut", "dt", "tut-corpus", ["ch01.zh-cn.html"]),
    ("book", "dh", "book-corpus",
     ["sect.debian-internals.html", "sect.foundation-documents.html", "sect.release-lifecycle.html"]),
    ("inst", "di", "inst-corpus", ["sect.installation-steps.html"]),
    ("udev", "du", "udev-corpus", ["sect.hotplug.html"]),
    ("cfg", "dw", "cfg-corpus", ["sect.common-procedures.html", "sect.network-config.html"]),
    ("apt", "dz", "apt-corpus", ["sect.apt-get.html", "sect.remote-login.html"]),
    ("meta", "dv", "meta-corpus", ["sect.package-meta-information.html", "sect.rights-management.html",
                                    "sect.syslog.html"]),
    ("vpn", "dq", "vpn-corpus", ["sect.config-misc.html", "sect.hostname-name-service.html",
                                 "sect.virtual-private-network.html"]),
    ("adm", "dj", "adm-corpus", ["sect.administration-interfaces.html", "sect.regular-upgrades.html",
                                 "sect.searching-packages.html"]),
])
def test_the_foreign_question_sets_quote_their_own_articles(name, prefix, folder, files):
    """eval/foreign asks about articles outside the bundled corpus; its quotes and answers are in them."""
    documents, errors = load_corpus(PROJECT_ROOT / "eval" / "foreign" / folder)
    assert not errors and sorted(d.source for d in documents) == files
    texts = {d.source: compact(d.raw) for d in documents}
    questions = ev.load_questions(PROJECT_ROOT / "eval" / "foreign" / f"{name}.jsonl")
    assert [q.id for q in questions] == [f"{prefix}-{i:03d}" for i in range(1, len(questions) + 1)]
    for q in questions:
        assert bool(q.gold) == (q.category != "near-miss") == (not q.nearest), q.id
        (source,) = {g["source"] for g in [*q.gold, *q.nearest]}
        for g in [*q.gold, *q.nearest]:
            assert compact(g["quote"]) in texts[source], (q.id, g)
        for variants in [[a] for a in q.answers] + q.items:
            assert any(compact(v) in texts[source] for v in variants), (q.id, variants)


def test_every_answer_string_is_in_the_corpus(corpus):
    for q in ev.load_questions():
        for a in q.answers:
            assert any(compact(a) in text for text in corpus.values()), (q.id, a)


# ---------------------------------------------------------------------------- end to end on a small corpus

ARTICLES = {
    "a.txt": "模型的训练成本\n\nDeepSeek-V3的训练成本仅为557.6万美元，远低于同类模型。\n\n"
    "该模型采用了混合专家架构，总参数量为6710亿。\n",
    "b.txt": "機器人產業\n\n復旦大學MOSS系統負責人邱錫鵬表示，MOSS已經收到了上千家企業的使用申請。\n\n"
    "國際機器人四巨頭是發那科、安川電機、ABB和庫卡。\n",
}
QUESTIONS = [
    {"id": "q001", "question": "DeepSeek-V3的训练成本是多少？", "category": "numeric",
     "gold": [{"source": "a.txt", "quote": "训练成本仅为557.6万美元"}], "answers": ["557.6万美元"]},
    {"id": "q002", "question": "复旦大学MOSS系统的负责人是谁？", "category": "traditional",
     "gold": [{"source": "b.txt", "quote": "復旦大學MOSS系統負責人"}], "answers": ["邱锡鹏"]},
    {"id": "q003", "question": "他说收到了多少企业的申请？", "category": "followup", "turns": ["MOSS的负责人是谁？"],
     "gold": [{"source": "b.txt", "quote": "收到了上千家企業的使用申請"}], "answers": ["上千家"]},
    {"id": "q004", "question": "GPT-5有多少参数？", "category": "unanswerable", "gold": [], "answers": []},
]


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """A hash-embedder index of two tiny articles and a question set over them."""
    root = tmp_path_factory.mktemp("small")
    (root / "corpus").mkdir()
    for name, text in ARTICLES.items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    index_corpus(load_settings(corpus_dir=root / "corpus", index_dir=root / "index", embedder="hash"))
    questions = root / "questions.jsonl"
    questions.write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUESTIONS), encoding="utf-8")
    return root


def _eval(small, out, *extra):
    return main(["eval", "--index", str(small / "index"), "--embedder", "hash",
                 "--questions", str(small / "questions.jsonl"), "--out", str(out), *extra])


def test_rag_eval_writes_the_three_kinds_of_report(small, capsys):
    out = small / "run1"
    assert _eval(small, out) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert list(report["systems"]) == ["project", "naive", "bm25", "dense"]
    for system in report["systems"].values():
        assert {"hit@1", "hit@5", "mrr@10", "ndcg@10", "by_category"} <= set(system)
        assert system["n"] == 3  # the unanswerable question has no ranking metrics
    # The tiny corpus is easy: every gold passage is found by the project.
    assert report["systems"]["project"]["hit@5"] == 1.0
    assert set(report["systems"]["project"]["by_category"]) == {"numeric", "traditional", "followup"}
    # A follow-up is searched as the Assistant rewrites it: the earlier subject in place of the pronoun.
    assert [q["search_query"] for q in report["questions"]][2] == "MOSS说收到了多少企业的申请？"
    answers = report["answers"]
    if "skipped" not in answers:
        assert set(ev.ANSWER_METRICS) <= set(answers)
        assert "unanswerable" in answers["by_category"]
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## Retrieval, overall" in md and "### mrr@10 by category" in md
    assert (out / "metrics_by_system.png").stat().st_size > 1000
    assert (out / "metrics_by_category.png").stat().st_size > 1000
    printed = capsys.readouterr().out
    assert re.search(r"^project\s+1\.000", printed, re.M)


def test_rag_eval_reports_the_milvus_store_beside_faiss_when_asked(small, capsys):
    out = small / "stores"
    assert _eval(small, out, "--systems", "project,milvus", "--retrieval-only") == 0
    systems = json.loads((out / "report.json").read_text(encoding="utf-8"))["systems"]
    assert list(systems) == ["project", "milvus"]
    assert systems["milvus"]["hit@5"] == systems["project"]["hit@5"] == 1.0
    assert systems["milvus"]["build_seconds"] > 0
    assert re.search(r"^milvus\s+1\.000", capsys.readouterr().out, re.M)


def test_the_gate_fails_below_a_floor_and_passes_above(small, tmp_path, capsys):
    high = tmp_path / "high.json"
    high.write_text(json.dumps({"floors": {"project": {"hit@1": 1.01}}}), encoding="utf-8")
    low = tmp_path / "low.json"
    assert _eval(small, tmp_path / "r", "--retrieval-only", "--systems", "project",
                 "--write-floors", str(low)) == 0
    floors = json.loads(low.read_text(encoding="utf-8"))
    assert floors["floors"]["project"]["hit@5"] == pytest.approx(0.98)
    assert _eval(small, tmp_path / "r", "--retrieval-only", "--systems", "project", "--gate", str(low)) == 0
    assert _eval(small, tmp_path / "r", "--retrieval-only", "--systems", "project", "--gate", str(high)) == 1
    assert "hit@1: 1.000 is below the floor 1.010" in capsys.readouterr().err


def test_gate_reports_a_metric_that_was_not_measured():
    report = {"systems": {"project": {"hit@1": 0.9}}}
    assert ev.check_gate(report, {"floors": {"project": {"hit@1": 0.8}}}) == []
    failures = ev.check_gate(report, {"floors": {"project": {"hit@1": 0.95, "mrr@10": 0.5}, "naive": {"hit@1": 0.1}}})
    assert len(failures) == 3


def test_the_gate_fails_when_refusal_drops_or_wrong_refusals_rise():
    answers = {"answer_contains": 0.92, "refusal_recall": 0.93, "false_refusal_rate": 0.02, "citation_exact": 1.0,
               "refusal_names_fact": 0.3}
    report = {"created": "now", "systems": {"project": {m: 0.9 for m in ev.M.RETRIEVAL_METRICS}}, "answers": answers}
    floors = ev.floors_from(report, margin=0.02)
    assert floors["floors"]["answers"]["refusal_recall"] == pytest.approx(0.91)
    assert floors["ceilings"]["answers"]["false_refusal_rate"] == pytest.approx(0.04)
    assert ev.check_gate(report, floors) == []
    dropped = {**report, "answers": {**answers, "refusal_recall": 0.85}}
    assert ev.check_gate(dropped, floors) == ["answers refusal_recall: 0.850 is below the floor 0.910"]
    risen = {**report, "answers": {**answers, "false_refusal_rate": 0.08}}
    assert ev.check_gate(risen, floors) == ["answers false_refusal_rate: 0.080 is above the ceiling 0.040"]
    skipped = {**report, "answers": {"skipped": "retrieval only"}}
    assert any("not measured" in f for f in ev.check_gate(skipped, floors))


# ---------------------------------------------------------------------------- compare


def _report(created, mrr, ranks, correct):
    metrics = {m: mrr for m in ev.M.RETRIEVAL_METRICS}
    return {
        "created": created,
        "systems": {"project": {**metrics, "by_category": {"numeric": dict(metrics)}}},
        "answers": {"skipped": "retrieval only"} if correct is None else {m: 0.5 for m in ev.ANSWER_METRICS},
        "questions": [
            {"id": f"q{i}", "category": "numeric", "question": f"问题{i}",
             "systems": {"project": {"hit@1": float(r == 1), "rank": r}},
             **({"answer": {"correct": c}} if correct is not None else {})}
            for i, (r, c) in enumerate(zip(ranks, correct or [None] * len(ranks)), 1)
        ],
    }


def test_compare_lists_what_got_better_and_worse():
    old = _report("old", 0.5, [3, 1, None, 2], [False, True, False, True])
    new = _report("new", 0.75, [1, 4, 2, 2], [True, True, False, False])
    text = ev.compare_reports(old, new)
    assert "| project | mrr@10 | 0.500 | 0.750 | 0.250 |" in text
    better = text.split("## Better")[1].split("## Worse")[0]
    worse = text.split("## Worse")[1]
    assert "q1 (numeric) first relevant rank 3 → 1" in better
    assert "q1 (numeric) answer wrong → right" in better
    assert "q3 (numeric) first relevant rank – → 2" in better
    assert "q2 (numeric) first relevant rank 1 → 4" in worse
    assert "q4 (numeric) answer right → wrong" in worse
    assert "q4 (numeric) first relevant" not in text


def test_compare_from_the_command_line(small, capsys):
    out1, out2 = small / "c1", small / "c2"
    assert _eval(small, out1, "--retrieval-only") == 0
    assert _eval(small, out2, "--retrieval-only") == 0
    capsys.readouterr()
    assert main(["eval", "--compare", str(out1), str(out2)]) == 0
    text = capsys.readouterr().out
    assert "# Comparison" in text and "## Worse (0)" in text


# ---------------------------------------------------------------------------- the real corpus


@pytest.mark.slow
def test_project_beats_the_naive_recipe_on_the_real_corpus(real_retriever, tmp_path):
    report = ev.run(out_dir=tmp_path, retrieval_only=True, systems=("project", "naive"),
                    retriever=real_retriever, progress=False)
    project, naive = report["systems"]["project"], report["systems"]["naive"]
    assert project["n"] == report["counts"]["answerable"] >= 100
    assert project["mrr@10"] > naive["mrr@10"] and project["hit@1"] > naive["hit@1"]
    assert project["hit@5"] >= 0.85
    assert set(project["by_category"]) == {q.category for q in ev.load_questions() if q.answerable}


def test_eval_builds_the_index_when_there_is_none(tmp_path, capsys):
    index = tmp_path / "index"
    assert main(["eval", "--index", str(index), "--embedder", "hash", "--retrieval-only", "--systems", "bm25",
                 "--out", str(tmp_path / "out")]) == 0
    assert "building it now" in capsys.readouterr().err
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["counts"]["questions"] == len(ev.load_questions())
    assert report["systems"]["bm25"]["hit@5"] > 0.5
