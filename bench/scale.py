"""Search cost at scale: synthetic corpora of N passages made from the bundled articles' sentences,
indexed with the instant hash embedder (store, BM25, fusion and dedup run for real), then, for each in
one run: build time by stage, index size, load time and resident memory in a new process, the FAISS
index's recall@10 against an exact one, and warm search p50/p95 of the retriever next to raw FAISS
top-10 and raw bm25s top-10 on the same data (and the exhaustive path it replaced, up to 200k).

    .venv/bin/python bench/scale.py --passages 10000 100000 1000000
    .venv/bin/python bench/scale.py --passages 10000 --milvus      # the milvus store too (Milvus Lite)
    .venv/bin/python bench/scale.py --passages 1000000 --kept DIR  # an index kept in DIR/corpus, DIR/index
"""

from __future__ import annotations

import argparse
import dataclasses
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
load_retriever(sys.argv[1], embedder="hash", store=sys.argv[2])
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


def recall_against_flat(r, queries: int = 200, k: int = 10) -> float:
    """The share of an exact (flat) top-k that the retriever's FAISS index returns, for passages' own
    vectors with noise as queries (1.0 for a flat index)."""
    import faiss

    matrix = r.index.vector_matrix()
    flat = faiss.IndexFlatIP(matrix.shape[1])
    flat.add(matrix)
    rng = np.random.default_rng(7)
    probe = matrix[rng.choice(len(matrix), min(queries, len(matrix)), replace=False)]
    probe = probe + rng.normal(0, 0.05, probe.shape).astype(np.float32)
    exact, approx = flat.search(probe, k)[1], r.index.vectors.search(probe, k)[1]
    return float(np.mean([len(set(a) & set(b)) / k for a, b in zip(exact, approx)]))


def measure(passages: int, runs: int, store: str = "faiss", kept: Path | None = None) -> dict:
    """Build, load and search figures for a synthetic corpus of about `passages` passages (with `kept`, the
    corpus and index in that folder, built by an earlier run: no build figures)."""
    from rag.config import load_settings
    from rag.retriever import load_retriever
    from rag.store import BuildReport, current_manifest, index_corpus
    from rag.vectorstores import close_clients

    with tempfile.TemporaryDirectory() as tmp:
        folder = kept or Path(tmp)
        settings = load_settings(corpus_dir=folder / "corpus", index_dir=folder / "index", embedder="hash",
                                 store=store)
        if kept is None:
            synthetic_corpus(settings.corpus_dir, passages)
            t = time.perf_counter()
            report = index_corpus(settings)
            build_s = time.perf_counter() - t
        else:
            counts = current_manifest(settings.index_dir)["counts"]
            report, build_s = BuildReport(settings.index_dir, counts["documents"], counts["chunks"], 0, 0), None
        size_mb = sum(f.stat().st_size for f in settings.index_dir.rglob("*") if f.is_file()) / 2**20
        # Load time and memory in a fresh process, as `rag search` or a server start meets them (Milvus
        # Lite lets one process open a database: this one lets go of it first).
        close_clients()
        probe = subprocess.run([sys.executable, "-c", LOAD_PROBE, str(settings.index_dir), store], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        load_s, rss_mb = map(float, probe.stdout.split())
        r = load_retriever(settings=settings)
        vector = r.embedder.encode([QUESTIONS[0]])
        bm25 = r.bm25()
        from rag.lexical import tokenize

        raw_bm25 = bm25.parts[0]._model
        rows = {"search": timed(lambda q: r.search(q, 5), runs),
                "faiss": timed(lambda q: r.index.segments[0].vectors.search(vector, 10), runs),
                "bm25s": timed(lambda q: raw_bm25.retrieve([tokenize(q)], k=10, show_progress=False), runs)}
        if store == "faiss" and r.index.manifest["vector_index"]["kind"] == "flat" and passages <= 200_000:
            rows["exhaustive"] = timed(lambda q: exhaustive(r, q, 5), runs)
        recall = recall_against_flat(r) if store == "faiss" else None
        kind = r.index.manifest["vector_index"]["kind"]
        if r.index.hold is not None:
            r.index.hold.release()
        del r, bm25, raw_bm25
        close_clients()
        files = sorted(settings.corpus_dir.glob("*.txt"))

        def update(change, **overrides) -> dict:
            """`rag index` after `change`: seconds, its report, and load time and RSS in a new process."""
            change()
            t = time.perf_counter()
            report = index_corpus(dataclasses.replace(settings, **overrides))
            seconds = time.perf_counter() - t
            close_clients()
            probe = subprocess.run([sys.executable, "-c", LOAD_PROBE, str(settings.index_dir), store], cwd=ROOT,
                                   capture_output=True, text=True, check=True)
            return {"s": seconds, "report": report, "load_s": float(probe.stdout.split()[0])}

        # One file changed: an index of `segments_above` passages or more gets a segment for it.
        updates = {"one file changed": update(lambda: _append(files[0], "新增的一段：这是改动后的文件里新加的句子。"))}
        r = load_retriever(settings=settings)
        rows["search after"] = timed(lambda q: r.search(q, 5), runs)
        if r.index.hold is not None:
            r.index.hold.release()
        del r
        close_clients()
        updates["one file removed"] = update(lambda: files[1].unlink())
        # The same change, the build written whole (what every update did before segments): the baseline.
        updates["one file changed, written whole"] = update(lambda: _append(files[0], "又一段：再改一次。"),
                                                            segments_above=10**12)
        return {"updates": updates, "passages": report.chunks, "files": report.documents, "store": store,
                "build_s": build_s, "stages": report.seconds, "size_mb": size_mb, "load_s": load_s, "rss_mb": rss_mb,
                "vector_index": kind, "recall@10": recall, "ms": rows}


def _append(path: Path, paragraph: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n{paragraph}\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passages", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--milvus", action="store_true", help="also measure the milvus store (Milvus Lite)")
    parser.add_argument("--kept", type=Path, help="measure the corpus and index kept in this folder (corpus/, "
                        "index/) by an earlier run instead of building one; the updates change its corpus")
    args = parser.parse_args()
    for n in args.passages:
        for store in ("faiss", "milvus") if args.milvus else ("faiss",):
            m = measure(n, args.runs, store, args.kept)
            stages = ", ".join(f"{k} {v:.1f}" for k, v in m["stages"].items())
            built = f"rag index {m['build_s']:.1f} s ({stages}), " if m["build_s"] is not None else ""
            print(f"{m['passages']} passages in {m['files']} files, {m['store']} store ({m['vector_index']}): "
                  f"{built}{m['size_mb']:.0f} MB on disk; in a new process "
                  f"load_retriever {m['load_s']:.2f} s, RSS {m['rss_mb']:.0f} MB"
                  + (f"; FAISS recall@10 against flat {m['recall@10']:.3f}" if m["recall@10"] is not None else ""))
            for what, u in m["updates"].items():
                stages = ", ".join(f"{k} {v:.1f}" for k, v in u["report"].seconds.items())
                print(f"  {what}: rag index {u['s']:.1f} s ({stages}), {u['report'].encoded} passages encoded, "
                      f"{u['report'].segments} segment(s); then load_retriever {u['load_s']:.2f} s")
            whole = m["updates"]["one file changed, written whole"]["s"]
            print(f"  one file changed, segment / written whole: {m['updates']['one file changed']['s'] / whole:.2f}x")
            search_p95 = m["ms"]["search"][1]
            raw = m["ms"]["faiss"][1] + m["ms"]["bm25s"][1]
            for name, (p50, p95) in m["ms"].items():
                print(f"  {name:<11} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
            print(f"  retriever p95 / (raw FAISS top-10 + raw bm25s top-10) p95: {search_p95 / raw:.2f}x")
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
