"""The retriever as a langchain-core `BaseRetriever`."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class LangChainRetriever(BaseRetriever):
    """Documents whose `page_content` is the passage and whose metadata has source, title, start, end, score."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    retriever: Any
    k: int = 5

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[Document]:
        return [
            Document(
                page_content=hit.text,
                metadata={
                    "source": hit.source,
                    "title": hit.title,
                    "start": hit.start,
                    "end": hit.end,
                    "score": hit.score,
                    "also": hit.also,
                },
            )
            for hit in self.retriever.search(query, k=self.k)
        ]
