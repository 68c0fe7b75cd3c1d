"""Answer time at scale: the extractive answer to questions asked once each (none repeated, so nothing is
served from a cache the question itself filled) over a synthetic corpus of N passages made from the bundled
articles' sentences (`scale.synthetic_corpus`, indexed with the instant hash embedder). In the same process,
as the baseline, the answers with the evidence counting a word by reading every passage rather than only
the passages the BM25 index says hold its character pairs (and a Latin word or number in one string of all
the passages' ASCII runs); the two take turns on each question. Then names spelled in pinyin looked up
among the passages' strings, counted where the index says and, as the baseline, in every passage.

    .venv/bin/python bench/answer_scale.py --passages 50000
    .venv/bin/python bench/answer_scale.py --passages 50000 --kept /tmp/answer_scale   # index kept for reruns
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

QUESTION_FILES = ["heldout2.jsonl", "questions.jsonl"]
# People and firms the articles name, as an English question spells them.
PINYIN_NAMES = ["qiuxipeng", "taohu", "zhipu", "wangyanfeng", "fangminglun", "chenxiaoping", "zhangpeng",
                "zhoucheng", "lixiuhong", "qiaohong"]


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def measure(passages: int, questions: int, kept: Path | None) -> dict:
    from rag.assistant import Assistant
    from rag.citations import Sentencer
    from rag.evidence import Evidence
    from rag.config import load_settings
    from rag.retriever import load_retriever
    from rag.store import index_corpus
    from scale import synthetic_corpus

    class EveryPassage(Evidence):
        """The baseline: each new word counted by reading every passage (once, as `df` keeps its counts)."""

        def _count(self, term: str) -> int:
            return sum(term in t for t in self._texts)

    asked = [json.loads(line)["question"] for name in QUESTION_FILES
             for line in (ROOT / "eval" / name).open(encoding="utf-8") if line.strip()]
    warm, asked = asked[:3], asked[3 : 3 + questions]
    with tempfile.TemporaryDirectory() as tmp:
        folder = kept or Path(tmp)
        settings = load_settings(corpus_dir=folder / "corpus", index_dir=folder / "index", embedder="hash")
        if not (folder / "index").exists():
            synthetic_corpus(settings.corpus_dir, passages)
            index_corpus(settings)
        retriever = load_retriever(settings=settings)
        indexed, reading = Assistant(retriever, "extractive"), Assistant(retriever, "extractive")
        # its own sentencer too, so that neither finds articles the other cut
        reading.sentencer = Sentencer(retriever.documents)
        reading.evidence = EveryPassage([c.text for c in retriever.chunks], retriever.glossary)
        for q in warm:
            indexed.ask(q), reading.ask(q)
        times: dict[str, list[float]] = {"index": [], "every passage": []}
        same = 0
        for n, q in enumerate(asked):
            arms = [("index", indexed), ("every passage", reading)]
            texts = {}
            for name, assistant in arms if n % 2 == 0 else arms[::-1]:
                t = time.perf_counter()
                texts[name] = assistant.ask(q).text
                times[name].append((time.perf_counter() - t) * 1000)
            same += texts["index"] == texts["every passage"]
        return {"passages": len(retriever.chunks), "questions": len(asked), "same": same,
                "ms": {name: percentiles(t) for name, t in times.items()}, "pinyin": pinyin_names(retriever)}


def pinyin_names(retriever) -> dict:
    """Names spelled in pinyin looked up among the passages' strings (`Glossary.spelled`): each string read
    so counted in the passages that hold its two rarest character pairs, and, as the baseline, in every
    passage. Milliseconds per name, and whether both found the same strings."""
    from unittest.mock import patch

    import rag.glossary as glossary

    arms = {"index": glossary.candidates, "every passage": lambda lexicon, word: None}
    ms, found = {}, {}
    for name, narrowing in arms.items():
        g = glossary.Glossary(retriever.glossary.texts, lexicon=retriever.glossary.lexicon)
        g.spelled("xiaomi")  # the passages' characters by sound: a table built once, for either arm
        with patch.object(glossary, "candidates", narrowing):
            t = time.perf_counter()
            found[name] = [g.spelled(n) for n in PINYIN_NAMES]
            ms[name] = (time.perf_counter() - t) * 1000 / len(PINYIN_NAMES)
    return {"ms": ms, "same": found["index"] == found["every passage"], "names": len(PINYIN_NAMES)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=50_000)
    parser.add_argument("--questions", type=int, default=60)
    parser.add_argument("--kept", type=Path, help="keep the synthetic corpus and its index in this folder "
                        "(built on the first run, reused after)")
    args = parser.parse_args()
    m = measure(args.passages, args.questions, args.kept)
    print(f"{m['passages']} passages, {m['questions']} questions asked once each, extractive answers:")
    for name, (p50, p95) in m["ms"].items():
        print(f"  words counted by {name:<13} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    (i50, i95), (e50, e95) = m["ms"]["index"], m["ms"]["every passage"]
    print(f"  by index / by every passage: p50 {i50 / e50:.2f}x, p95 {i95 / e95:.2f}x; the same answer to "
          f"{m['same']} of {m['questions']} (a word across a line break counts only when every passage is read)")
    py = m["pinyin"]
    print(f"{py['names']} names in pinyin looked up: {py['ms']['index']:.1f} ms each counting strings where the "
          f"index says, {py['ms']['every passage']:.1f} ms each in every passage "
          f"({py['ms']['index'] / py['ms']['every passage']:.2f}x); the same strings: {py['same']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
