"""Rerankers: an optional stage that rescores the retrieved passages with a cross-encoder, as small
classes registered by name. Off by default: no Chinese cross-encoder can be had offline here; any
sentence-transformers `CrossEncoder` id or local folder works where the user has one."""

from __future__ import annotations

import threading
from typing import Any

from .registry import Registry


class ModelError(RuntimeError):
    """An optional model stage that cannot load or run its model; the message says what to do."""


_MODELS: dict[str, Any] = {}
_LOCK = threading.Lock()


def cross_encoder(model: str, max_length: int = 512):
    """The sentence-transformers `CrossEncoder` at `model` (an id or a local folder), loaded once per
    process, on the CPU, never running code shipped with the model."""
    with _LOCK:
        if model not in _MODELS:
            from sentence_transformers import CrossEncoder

            try:
                _MODELS[model] = CrossEncoder(model, device="cpu", max_length=max_length, trust_remote_code=False)
            except Exception as exc:  # a missing folder, no hub, a broken download: all say the same
                raise ModelError(f"cannot load the cross-encoder {model!r}: {type(exc).__name__}: {exc}; "
                                 "give a local model folder, or a model id where a model hub is reachable") from exc
        return _MODELS[model]


class Reranker:
    """Base class: `score` gives each text's relevance to the query, higher is better."""

    name = ""

    def score(self, query: str, texts: list[str]) -> list[float]:
        raise NotImplementedError


RERANKERS: Registry[Reranker] = Registry("reranker", ModelError)


@RERANKERS.register
class CrossEncoderReranker(Reranker):
    """Any sentence-transformers `CrossEncoder` with one output (BAAI/bge-reranker-v2-m3, for example)."""

    name = "cross-encoder"

    def __init__(self, model: str, batch_size: int = 16, max_length: int = 512):
        self.model = model
        self.batch_size = int(batch_size)
        self.max_length = int(max_length)

    def score(self, query: str, texts: list[str]) -> list[float]:
        if not texts:
            return []
        scores = cross_encoder(self.model, self.max_length).predict(
            [(query, t) for t in texts], batch_size=self.batch_size, show_progress_bar=False)
        if getattr(scores, "ndim", 1) > 1:  # several labels: the last is "relevant" by convention
            scores = scores[:, -1]
        return [float(s) for s in scores]
