"""Embeddings: sentence-transformers models (m3e-small by default) and a deterministic hash fake."""

from __future__ import annotations

import hashlib
import json
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
    """Any sentence-transformers model, by hub id or local folder; "m3e-small" is fetched offline.

    A model folder that is a plain BERT with mean pooling and normalisation (m3e-small is) encodes a few
    texts at a time (questions) with `NumpyBert`, the same arithmetic without importing torch and
    sentence-transformers, which take most of a cold `rag search`; those are loaded for larger batches."""

    def __init__(self, name: str, cache_dir: Path):
        # Quiet the hub client: the default model never needs it, and a hub id that is not cached
        # must fail with an error instead of hanging on an unreachable network.
        os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
        self.name = name
        self.path = m3e_small(cache_dir) if name == DEFAULT_EMBEDDER else name
        weights = Path(self.path) / "model.safetensors"
        self.fingerprint = sha256_file(weights) if weights.is_file() else name
        self._model = None
        self.light = NumpyBert.load(Path(self.path)) if NumpyBert.fits(Path(self.path)) else None
        self.dim = self.light.dim if self.light else int(self._dimension())

    @property
    def model(self):
        """The SentenceTransformer, loaded on first use."""
        if self._model is None:
            from sentence_transformers import SentenceTransformer

            try:
                self._model = SentenceTransformer(str(self.path), device="cpu", trust_remote_code=False)
            except Exception as exc:
                raise RuntimeError(
                    f"cannot load the sentence-transformers model {self.name!r}: {exc}. "
                    "Use a local model folder, or a hub id on a machine that reaches the hub."
                ) from exc
        return self._model

    def _dimension(self) -> int:
        # Renamed in sentence-transformers 6; keep working with 3.x-5.x as well.
        dimension = getattr(self.model, "get_embedding_dimension", None) or self.model.get_sentence_embedding_dimension
        return dimension()

    def encode(self, texts: list[str], batch_size: int = 32, progress: bool = False) -> np.ndarray:
        if self.light is not None and len(texts) <= LIGHT_TEXTS:
            return self.light.encode(list(texts))
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)


LIGHT_TEXTS = 8  # texts encoded with `NumpyBert` at most at a time; more go through sentence-transformers


class NumpyBert:
    """A BERT encoder with mean pooling and L2 normalisation in NumPy, from a sentence-transformers folder
    (config.json, model.safetensors, tokenizer.json): one text at a time, as sentence-transformers
    computes it (tests/test_embeddings.py compares the two)."""

    def __init__(self, weights: dict, config: dict, tokenizer):
        self.w = weights
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.dim = config["hidden_size"]
        self.tokenizer = tokenizer  # truncates at the model's limit (`load`)

    @staticmethod
    def fits(folder: Path) -> bool:
        """True for a folder of a BERT model whose sentence vector is the normalised mean of its tokens."""
        try:
            modules = [m["type"].rsplit(".", 1)[-1] for m in json.loads((folder / "modules.json").read_text())]
            pooling = json.loads((folder / "1_Pooling" / "config.json").read_text())
            config = json.loads((folder / "config.json").read_text())
        except (OSError, ValueError, KeyError, TypeError):
            return False
        mean_only = pooling.get("pooling_mode_mean_tokens") and not any(
            v for k, v in pooling.items() if k.startswith("pooling_mode_") and k != "pooling_mode_mean_tokens")
        return (modules == ["Transformer", "Pooling", "Normalize"] and bool(mean_only)
                and config.get("model_type") == "bert" and config.get("hidden_act") == "gelu"
                and config.get("position_embedding_type", "absolute") == "absolute"
                and (folder / "model.safetensors").is_file() and (folder / "tokenizer.json").is_file())

    @classmethod
    def load(cls, folder: Path) -> "NumpyBert":
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        limit = json.loads((folder / "sentence_bert_config.json").read_text()).get("max_seq_length", 512) \
            if (folder / "sentence_bert_config.json").is_file() else 512
        tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        tokenizer.no_padding()
        tokenizer.enable_truncation(min(limit, config["max_position_embeddings"]))
        # Own, aligned copies, the dense layers' transposed: matrix products on views of the file's buffer
        # run several times slower.
        weights = {k.removeprefix("bert."): np.ascontiguousarray(v.T if v.ndim == 2 and "dense" in k or
                                                                 k.endswith(("query.weight", "key.weight", "value.weight"))
                                                                 else v)
                   for k, v in load_file(str(folder / "model.safetensors")).items()}
        return cls(weights, config, tokenizer)

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            vector = self._forward(np.array(self.tokenizer.encode(text).ids)).mean(axis=0)
            out[row] = vector / max(float(np.linalg.norm(vector)), 1e-12)
        return out

    def _forward(self, ids: np.ndarray) -> np.ndarray:
        w, n = self.w, len(ids)
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        size = self.dim // self.heads
        for i in range(self.layers):
            at = f"encoder.layer.{i}."
            q, k, v = (self._linear(x, at + f"attention.self.{part}").reshape(n, self.heads, size).transpose(1, 0, 2)
                       for part in ("query", "key", "value"))
            scores = q @ k.transpose(0, 2, 1) * (size ** -0.5)  # a Python float keeps float32
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            context = (scores / scores.sum(axis=-1, keepdims=True)) @ v
            x = self._norm(x + self._linear(context.transpose(1, 0, 2).reshape(n, self.dim), at + "attention.output.dense"),
                           at + "attention.output.LayerNorm")
            hidden = _gelu(self._linear(x, at + "intermediate.dense"))
            x = self._norm(x + self._linear(hidden, at + "output.dense"), at + "output.LayerNorm")
        return x

    def _linear(self, x: np.ndarray, name: str) -> np.ndarray:
        return x @ self.w[name + ".weight"] + self.w[name + ".bias"]  # weights stored transposed (`load`)

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        return (x - mean) / np.sqrt(var + self.eps) * self.w[name + ".weight"] + self.w[name + ".bias"]


def _gelu(x: np.ndarray) -> np.ndarray:
    """BERT's exact GELU, x * Phi(x), with erf from Abramowitz and Stegun 7.1.26 (error below 1.5e-7)."""
    z = np.abs(x) * 0.7071067811865476  # a Python float keeps float32
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


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
