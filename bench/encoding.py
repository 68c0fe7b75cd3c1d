"""Encoding throughput of the real model (m3e-small) on the bundled passages, in one process: plain
`SentenceTransformer.encode`, the project's embedder, int8 dynamic quantisation of the model's linear
layers, and the NumPy BERT used for questions; with dense-only retrieval on eval/questions.jsonl for
each, since a faster encoder is adopted only at equal retrieval figures and at least 2x the speed.

    .venv/bin/python bench/encoding.py
"""

from __future__ import annotations

import copy
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def throughput(encode, texts: list[str], repeat: int = 2) -> tuple[float, np.ndarray]:
    """Texts per second (best of `repeat` runs) and the vectors."""
    encode(texts[:8])  # warm-up
    best, vectors = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        vectors = encode(texts)
        best = min(best, time.perf_counter() - t)
    return len(texts) / best, np.asarray(vectors, dtype=np.float32)


def dense_hits(passages: np.ndarray, queries: np.ndarray, relevant: list[set[int]]) -> tuple[float, float]:
    """hit@1 and hit@5 of dense search alone."""
    order = np.argsort(-(queries @ passages.T), axis=1)[:, :5]
    return (float(np.mean([row[0] in rel for row, rel in zip(order, relevant)])),
            float(np.mean([bool(set(row) & rel) for row, rel in zip(order, relevant)])))


def main() -> int:
    import torch

    from rag import load_retriever
    from rag.evaluation import load_questions
    from rag.metrics import facts_in, gold_facts
    from rag.store import embedding_text

    retriever = load_retriever()
    embedder = retriever.embedder
    texts = [embedding_text(c) for c in retriever.chunks]
    questions = [q for q in load_questions(ROOT / "eval" / "questions.jsonl") if q.answerable and not q.turns]
    relevant = [{i for i, c in enumerate(retriever.chunks) if facts_in([c.text], gold_facts(q.gold))} for q in questions]
    asked = [q.question for q in questions]

    model = embedder.model
    quantised = copy.deepcopy(model)
    quantised = torch.ao.quantization.quantize_dynamic(quantised, {torch.nn.Linear}, dtype=torch.qint8)
    runs = {
        "SentenceTransformer.encode (fp32)": lambda xs: model.encode(xs, batch_size=32, normalize_embeddings=True),
        "project embedder (rag index)": lambda xs: embedder.encode(xs, batch_size=32),
        "int8 dynamic quantisation": lambda xs: quantised.encode(xs, batch_size=32, normalize_embeddings=True),
        "NumpyBert, one text at a time": lambda xs: embedder.light.encode(xs),
    }
    base = None
    print(f"{len(texts)} passages, {len(asked)} questions, {torch.get_num_threads()} torch threads")
    for name, encode in runs.items():
        rate, vectors = throughput(encode, texts)
        base = base or rate
        hit1, hit5 = dense_hits(vectors, np.asarray(encode(asked), dtype=np.float32), relevant)
        print(f"{name:<36} {rate:7.1f} texts/s  ({rate / base:.2f}x)  dense-only hit@1 {hit1:.3f} hit@5 {hit5:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
