"""Search cost at scale: a synthetic corpus of N passages made from the bundled articles' sentences,
indexed with the instant hash embedder (store, BM25, fusion and dedup run for real), then, in one process:
build and load time, resident memory, and warm search p50/p95 of the retriever (candidates from the
top-k of each search) against the exhaustive path it replaced (every passage scored, fused and sorted)
and against raw FAISS top-10.

    .venv/bin/python bench/scale.py --passages 100000
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
QUESTIONS = ["DeepSeek-V3的训练成本是多少？", "人形机器人目前面临哪些挑战？", "脑机接口分为哪三类？",
             "智谱AI成立于哪一年？", "What is the training cost of DeepSeek-V3?", "陶虎团队的柔性脑机接口是基于什么材料的？"]


LOAD_PROBE = """
import sys, time
t = time.perf_counter()
from rag.retriever import load_retriever
load_retriever(sys.argv[1], embedder="hash")
rss = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmRSS:"))
print(time.perf_counter() - t, rss / 1024)
"""


def synthetic_corpus(folder: Path, passages: int, per_file: int = 400) -> None:
    """Files of articles whose paragraphs are the bundled articles' sentences, shuffled."""
    sentences = [s for p in sorted((ROOT / "corpus").glob("*.txt"))
                 for s in re.findall(r"[^。！？\n]{12,}[。！？]", p.read_text(encoding="utf-8"))]
    rng = random.Random(7)
    folder.mkdir(parents=True)
    files = max(1, passages // per_file)
    for f in range(files):
        paragraphs = ["".join(rng.sample(sentences, 2)) for _ in range(per_file)]
        (folder / f"synthetic_{f:05d}.txt").write_text(f"# 合成文章 {f}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")


def exhaustive(r, query: str, k: int = 5):
    """The search path before candidates: every passage scored, fused and sorted."""
    from rag.normalize import normalize_query

    query = normalize_query(query)
    dense, lexical = r.dense_scores(query), r.lexical_scores(query)
    fused = r.fuse(dense, lexical)
    order = np.argsort(-fused, kind="stable")[: max(r.settings.candidates, k * 4)]
    return r._collapse(order, fused[order], dense[order], lexical[order], k)


def timed(fn, runs: int) -> tuple[float, float]:
    for q in QUESTIONS:
        fn(q)
    times = []
    for n in range(runs):
        q = QUESTIONS[n % len(QUESTIONS)]
        t = time.perf_counter()
        fn(q)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()
    from rag.config import load_settings
    from rag.retriever import load_retriever
    from rag.store import index_corpus

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(corpus_dir=Path(tmp) / "corpus", index_dir=Path(tmp) / "index", embedder="hash")
        synthetic_corpus(settings.corpus_dir, args.passages)
        t = time.perf_counter()
        report = index_corpus(settings)
        build_s = time.perf_counter() - t
        # Load time and memory in a fresh process, as `rag search` or a server start meets them.
        probe = subprocess.run([sys.executable, "-c", LOAD_PROBE, str(settings.index_dir)], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        load_s, rss_mb = map(float, probe.stdout.split())
        r = load_retriever(settings=settings)
        same = sum([h.chunk_id for h in r.search(q, 10)] == [h.chunk_id for h in exhaustive(r, q, 10)] for q in QUESTIONS)
        vector = r.embedder.encode([QUESTIONS[0]])
        rows = [("retriever.search (candidates)", timed(lambda q: r.search(q, 5), args.runs)),
                ("exhaustive (before)", timed(lambda q: exhaustive(r, q, 5), args.runs)),
                ("raw FAISS top-10", timed(lambda q: r.index.vectors.search(vector, 10), args.runs))]
    print(f"{report.chunks} passages in {report.documents} files: rag index {build_s:.1f} s; in a new process "
          f"load_retriever {load_s:.1f} s, RSS after load {rss_mb:.0f} MB")
    print(f"same top-10 as the exhaustive path: {same}/{len(QUESTIONS)} questions")
    base = rows[0][1][1]
    for name, (p50, p95) in rows:
        print(f"{name:<32} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  (p95 {p95 / base:.2f}x of the retriever's)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
