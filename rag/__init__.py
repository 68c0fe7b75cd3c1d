"""Cited question answering over a set of Chinese articles."""

from .assistant import Answer, Assistant
from .citations import Citation
from .config import Settings, load_settings
from .documents import Document, DocumentError
from .retriever import Hit, Retriever, load_retriever
from .store import IndexUnusable, index_corpus

__all__ = [
    "Answer",
    "Assistant",
    "Citation",
    "Document",
    "DocumentError",
    "Hit",
    "IndexUnusable",
    "Retriever",
    "Settings",
    "index_corpus",
    "load_retriever",
    "load_settings",
]
