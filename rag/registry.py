"""Registry: the pluggable kinds (LLM backends, rerankers, answerability judges) as small classes
registered by name, made from their options."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Registry(dict, Generic[T]):
    """Classes of one kind by their `name`; `make` builds one from its options."""

    def __init__(self, kind: str, error: type[Exception] = ValueError):
        super().__init__()
        self.kind = kind
        self.error = error

    def register(self, cls: type[T]) -> type[T]:
        """Class decorator: make `cls` available under `cls.name`."""
        self[cls.name] = cls
        return cls

    def make(self, name: str, **options: Any) -> T:
        """A new `name` made with `options`; an unknown name or a bad option is an error that says which
        names and options are valid."""
        if name not in self:
            raise self.error(f"unknown {self.kind} {name!r}; valid: {', '.join(sorted(self))}")
        try:
            return self[name](**options)
        except TypeError as exc:
            raise self.error(f"bad options for {self.kind} {name!r}: {exc}") from exc
