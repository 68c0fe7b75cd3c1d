"""Library: the corpus folder is where articles live. Adding a file copies it in (atomically, never over a
different file of the same name) and indexes the folder; removing one deletes it and indexes again. Both
hold the index folder's writer lock, so folder and index change together, and a failed update puts the
folder back as it was: nothing is left half-indexed.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from .documents import Document, DocumentError
from .loaders import SUPPORTED, parse_bytes
from .locks import writing
from .store import BuildReport, current_manifest, index_corpus


@dataclass
class Change:
    """What adding or removing one file did: "added", "unchanged" or "removed"."""

    source: str
    status: str
    document: Document | None = None
    report: BuildReport | None = None


def _checked_name(name: str) -> str:
    source = Path(name).name
    if not source or source != name or source.startswith(".") or "\\" in source:
        raise DocumentError(f"{name!r}: not a plain file name")
    if not source.lower().endswith(SUPPORTED):
        raise DocumentError(f"{source}: the name must end with one of {', '.join(SUPPORTED)}")
    return source


def add(settings, name: str, data: bytes, embedder=None, wait: bool = True, timeout: float | None = None,
        on_wait=None) -> Change:
    """Copy one file into the corpus folder and index it; a file that cannot be read is refused before
    anything changes (`DocumentError`)."""
    source = _checked_name(name)
    document = parse_bytes(data, source, int(settings.max_file_mb * 1024 * 1024))
    corpus = Path(settings.corpus_dir)
    corpus.mkdir(parents=True, exist_ok=True)
    with writing(settings.index_dir, wait=wait, timeout=timeout, on_wait=on_wait):
        final = corpus / source
        tmp = corpus / f".{source}.{secrets.token_hex(4)}.tmp"
        tmp.write_bytes(data)
        created = False
        try:
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            try:
                os.link(tmp, final)  # fails rather than replace a file of the same name
                created = True
            except FileExistsError:
                if hashlib.sha256(final.read_bytes()).hexdigest() != document.sha256:
                    raise DocumentError(f"{source}: a different file of that name is already in the corpus; "
                                        "rename the new one, or remove the old one first") from None
                indexed = (current_manifest(settings.index_dir) or {}).get("corpus", {}).get(source, {})
                if indexed.get("sha256") == document.sha256:
                    return Change(source, "unchanged", document)
        finally:
            tmp.unlink(missing_ok=True)
        try:
            report = index_corpus(settings, embedder=embedder)
        except BaseException:
            if created:  # not indexed: not kept; a file that was there before stays
                final.unlink(missing_ok=True)
            raise
    return Change(source, "added", document, report)


def remove(settings, name: str, embedder=None, wait: bool = True, timeout: float | None = None, on_wait=None) -> Change:
    """Delete one file from the corpus folder and the index."""
    source = Path(name).name
    corpus = Path(settings.corpus_dir)
    with writing(settings.index_dir, wait=wait, timeout=timeout, on_wait=on_wait):
        path = corpus / source
        if source != name or not path.is_file():
            raise DocumentError(f"{name}: not a file of the corpus folder {corpus}")
        aside = corpus / f".{source}.{secrets.token_hex(4)}.removed"
        os.rename(path, aside)
        try:
            report = index_corpus(settings, embedder=embedder)
        except BaseException:
            os.rename(aside, path)  # the index still has it: so does the folder
            raise
        aside.unlink()
    return Change(source, "removed", report=report)
