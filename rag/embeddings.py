"""Embeddings: sentence-transformers models (m3e-small by default) and a deterministic hash fake."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np

from .weights import m3e_small, sha256_file

DEFAULT_EMBEDDER = "m3e-small"


class Embedder:
    """Turns texts into L2-normalised float32 vectors of size `dim`."""

    name: str
    dim: int
    fingerprint: str  # changes whenever the vectors would change

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        raise NotImplementedError

    def describe(self) -> dict:
        return {"name": self.name, "dim": self.dim, "fingerprint": self.fingerprint}


class SentenceTransformerEmbedder(Embedder):
    """Any sentence-transformers model, by hub id or local folder; "m3e-small" is fetched offline."""

    def __init__(self, name: str, cache_dir: Path):
        # Quiet the hub client: the default model never needs it, and a hub id that is not cached
        # must fail with an error instead of hanging on an unreachable network.
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        from sentence_transformers import SentenceTransformer

        self.name = name
        path = m3e_small(cache_dir) if name == DEFAULT_EMBEDDER else name
        weights = Path(path) / "model.safetensors"
        self.fingerprint = sha256_file(weights) if weights.is_file() else name
        try:
            self.model = SentenceTransformer(str(path), device="cpu", trust_remote_code=False)
        except Exception as exc:
            raise RuntimeError(
                f"cannot load the sentence-transformers model {name!r}: {exc}. "
                "Use a local model folder, or a hub id on a machine that reaches the hub."
            ) from exc
        # Renamed in sentence-transformers 6; keep working with 3.x-5.x as well.
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        self.dim = int(dimension())

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


class HashEmbedder(Embedder):
    """Character n-gram counts hashed into `dim` buckets: deterministic, instant, for tests."""

    def __init__(self, dim: int = 256):
        self.name = "hash"
        self.dim = dim
        self.fingerprint = f"hash-{dim}-v1"

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for n in (1, 2):
                for i in range(len(text) - n + 1):
                    bucket = int.from_bytes(hashlib.blake2b(text[i : i + n].encode(), digest_size=4).digest(), "little")
                    out[row, bucket % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1, norms)


_LOADED: dict[tuple[str, str], Embedder] = {}


def get_embedder(name: str = DEFAULT_EMBEDDER, cache_dir: Path | None = None) -> Embedder:
    """The embedder called `name`, loaded once per process."""
    from .config import load_settings

    cache_dir = Path(cache_dir) if cache_dir else load_settings().cache_dir
    key = (name, str(cache_dir))
    if key not in _LOADED:
        _LOADED[key] = HashEmbedder() if name == "hash" else SentenceTransformerEmbedder(name, cache_dir)
    return _LOADED[key]
