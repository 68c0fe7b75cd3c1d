"""Prompts: text files in `prompts/` with named placeholders, checked when loaded."""

from __future__ import annotations

import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .config import PROJECT_ROOT

PROMPT_DIR = PROJECT_ROOT / "prompts"

# The placeholders each template must use, no more and no fewer.
PLACEHOLDERS = {
    "system": {"language", "refusal"},
    "question": {"passages", "question", "expected"},
    "completion": {"language", "refusal", "passages", "question", "expected"},
    "rewrite": {"history", "question"},
    "passage": {"n", "title", "text"},
    "judge": {"sentence", "question"},
}

REFUSALS = {
    "zh-Hans": "文章中没有提到这个问题的答案。",
    "zh-Hant": "文章中沒有提到這個問題的答案。",
    "en": "The articles do not say.",
}
# The reply to a first question whose pronoun ("它", "he") points to nothing said before.
CLARIFY = {
    "zh-Hans": "“{word}”指的是什么？这是对话中的第一个问题，请把名称说完整再问一次。",
    "zh-Hant": "「{word}」指的是什麼？這是對話中的第一個問題，請把名稱說完整再問一次。",
    "en": "What does “{word}” refer to? This is the first question of the conversation: please ask again with the name.",
}
# A refusal that names what the articles do say: the lead before the nearest fact, quoted and cited.
_NEAREST = {
    "zh-Hans": ("文章中没有提到这个问题的答案：文中说的是“{found}”，不是“{asked}”。最接近的内容是：",
                "文章中没有提到这个问题的答案。最接近的内容是："),
    "zh-Hant": ("文章中沒有提到這個問題的答案：文中說的是「{found}」，不是「{asked}」。最接近的內容是：",
                "文章中沒有提到這個問題的答案。最接近的內容是："),
    "en": ("The articles do not say. They speak of \u201c{found}\u201d, not \u201c{asked}\u201d. The nearest they come:",
           "The articles do not say. The nearest they come:"),
}
LANGUAGE_NAMES = {
    "zh-Hans": "Chinese in simplified characters",
    "zh-Hant": "Chinese in traditional characters",
    "en": "English",
}


def nearest_lead(language: str, found: str, asked: str) -> str:
    """The words before the nearest fact of a refusal: what the articles name instead of what was asked."""
    named, plain = _NEAREST[language]
    return named.format(found=found, asked=asked) if found and asked else plain


class PromptError(ValueError):
    """A prompt template that is missing or whose placeholders are not the expected ones."""


@dataclass(frozen=True)
class Template:
    """A prompt template and its placeholders."""

    name: str
    text: str

    def format(self, **values: str) -> str:
        """The template with every placeholder filled."""
        missing = PLACEHOLDERS[self.name] - values.keys()
        if missing:
            raise PromptError(f"prompt {self.name!r} needs {', '.join(sorted(missing))}")
        return self.text.format(**{k: values[k] for k in PLACEHOLDERS[self.name]})


def placeholders(text: str) -> set[str]:
    """The names of the `{placeholders}` in `text`."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise PromptError(f"malformed placeholder: {exc}") from exc


def load_template(name: str, folder: Path | None = None) -> Template:
    """Template `name` from `folder` (default `prompts/`), its placeholders checked."""
    if name not in PLACEHOLDERS:
        raise PromptError(f"unknown prompt {name!r}; valid: {', '.join(sorted(PLACEHOLDERS))}")
    path = Path(folder or PROMPT_DIR) / f"{name}.txt"
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PromptError(f"cannot read prompt {path}: {exc}") from exc
    found, expected = placeholders(text), PLACEHOLDERS[name]
    if found != expected:
        problems = []
        if expected - found:
            problems.append(f"missing {', '.join(sorted(expected - found))}")
        if found - expected:
            problems.append(f"unknown {', '.join(sorted(found - expected))}")
        raise PromptError(f"prompt {path}: {'; '.join(problems)} (placeholders must be {', '.join(sorted(expected))})")
    return Template(name, text)


@lru_cache(maxsize=None)
def template(name: str) -> Template:
    """Template `name` from `prompts/`, loaded once."""
    return load_template(name)


def quote_passage(n: int, title: str, text: str) -> str:
    """One passage marked as quoted data; a closing tag inside it cannot end the quote early."""
    safe = lambda s: s.replace("<", "‹").replace(">", "›")  # noqa: E731
    return template("passage").format(n=str(n), title=safe(title or "(untitled)"), text=safe(text)).strip()


def passages_block(passages) -> str:
    """The numbered passages, each quoted, as one block of text."""
    return "\n\n".join(quote_passage(p.n, p.title, p.text) for p in passages)


def chat_messages(question: str, passages, language: str, expected: str = "") -> list[dict]:
    """The chat messages that ask a chat model to answer `question` from `passages`; `expected` says
    what kind of answer the question asks for (`questions.describe`)."""
    return [
        {"role": "system", "content": template("system").format(language=LANGUAGE_NAMES[language], refusal=REFUSALS[language])},
        {"role": "user", "content": template("question").format(passages=passages_block(passages), question=question,
                                                                expected=expected)},
    ]


def completion_prompt(question: str, passages, language: str, expected: str = "") -> str:
    """The completion-style prompt for a base model."""
    return template("completion").format(
        language=LANGUAGE_NAMES[language], refusal=REFUSALS[language],
        passages=passages_block(passages), question=question, expected=expected,
    )


def rewrite_prompt(question: str, history: list[dict]) -> str:
    """The prompt that asks a model to make a follow-up question stand on its own."""
    lines = [f"{m['role']}: {' '.join(str(m.get('content', '')).split())}" for m in history]
    return template("rewrite").format(history="\n".join(lines), question=question)
