"""Retrieval benchmark on the bundled corpus: quality against the naive recipe, build time, embedding
throughput, warm latency, peak memory and hit length, in one process.

    .venv/bin/python bench/retrieval.py [--questions FILE] [--repeat N]

Prints a table and writes bench/results/retrieval.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag import index_corpus, load_retriever, load_settings  # noqa: E402
from rag import metrics as M  # noqa: E402
from rag.baselines import build_systems  # noqa: E402
from rag.embeddings import get_embedder  # noqa: E402
from rag.evaluation import DEFAULT_QUESTIONS, evaluate_retrieval, load_questions, summarize_retrieval, text_table  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "retrieval.json"


def best_of(repeat: int, *fns) -> list[float]:
    """The shortest wall time of each of `fns` over `repeat` rounds, in seconds.

    The calls alternate, so that load from other processes falls on both sides alike.
    """
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--repeat", type=int, default=3, help="timing repeats of the throughput comparison (best kept)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        settings = load_settings(index_dir=Path(tmp) / "index")
        # Load the model before timing the build: the build time is chunking, embedding and writing.
        get_embedder(settings.embedder, settings.cache_dir)
        t0 = time.perf_counter()
        index_corpus(settings)
        build_s = time.perf_counter() - t0
        retriever = load_retriever(settings=settings)

        questions = load_questions(args.questions)
        answerable = [q for q in questions if q.answerable]
        systems = build_systems(retriever, ("project", "naive"))
        rows = evaluate_retrieval(systems, answerable)
        quality = {name: summarize_retrieval(rows[name], systems[name].build_seconds) for name in systems}

        # Throughput: the project's batched encode against a plain SentenceTransformer.encode, same texts, same model.
        texts = [c.search for c in retriever.chunks]
        embedder = retriever.embedder
        project_s, plain_s = best_of(
            args.repeat, lambda: embedder.encode(texts, batch_size=settings.batch_size), lambda: embedder.model.encode(texts)
        )

        # Warm latency of the project's search over every question, after a warm-up pass.
        for q in questions[:10]:
            retriever.search(q.search_query, settings.k)
        latencies = []
        for q in questions:
            t0 = time.perf_counter()
            retriever.search(q.search_query, settings.k)
            latencies.append((time.perf_counter() - t0) * 1000)

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    results = {
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "questions": {"file": str(args.questions), "answerable": len(answerable)},
        "index": {"chunks": len(retriever.chunks), "build_seconds": round(build_s, 2),
                  "chunk_tokens": settings.chunk_tokens, "overlap_tokens": settings.overlap_tokens},
        "quality": {name: {m: q[m] for m in ("hit@1", "hit@5", "mrr@10", "ndcg@10")} | {"mean_hit_chars": q["mean_hit_chars"]}
                    for name, q in quality.items()},
        "naive_build_seconds": round(systems["naive"].build_seconds, 2),
        "embedding": {"texts": len(texts), "project_seconds": round(project_s, 3), "plain_seconds": round(plain_s, 3),
                      "project_texts_per_s": round(len(texts) / project_s, 1),
                      "plain_texts_per_s": round(len(texts) / plain_s, 1),
                      "throughput_ratio": round(plain_s / project_s, 3)},
        "latency_ms": {"queries": len(latencies), **{k: round(v, 2) for k, v in M.percentiles(latencies).items()}},
        "peak_rss_mb": round(peak_mb, 1),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    print(f"Retrieval benchmark: {len(answerable)} answerable questions of {args.questions.name}, "
          f"{len(retriever.chunks)} project chunks\n")
    header = ["system", "hit@1", "hit@5", "mrr@10", "mean hit chars"]
    print(text_table(header, [[n, q["hit@1"], q["hit@5"], q["mrr@10"], q["mean_hit_chars"]] for n, q in results["quality"].items()]))
    e = results["embedding"]
    print()
    print(text_table(["measure", "value"], [
        ["index build (model loaded), s", results["index"]["build_seconds"]],
        ["naive build (split + embed + FAISS), s", results["naive_build_seconds"]],
        ["embedding, project encode, texts/s", e["project_texts_per_s"]],
        ["embedding, plain SentenceTransformer.encode, texts/s", e["plain_texts_per_s"]],
        ["throughput ratio project / plain", e["throughput_ratio"]],
        ["warm search latency p50, ms", results["latency_ms"]["p50"]],
        ["warm search latency p95, ms", results["latency_ms"]["p95"]],
        ["peak memory (ru_maxrss), MB", results["peak_rss_mb"]],
    ]))
    print(f"\nwritten {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
