"""Evidence: how well each sentence of the retrieved passages answers a question: the share of the
question's words it holds (weighted by how rare they are), what is asked of the subject beside the
subject itself, and the verdict (`verdicts`) of whether it meets what the question asks."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from .citations import Passage, Sentence
from .glossary import STOPWORDS as ENGLISH_STOPWORDS
from .glossary import english_glosses, name_headwords, only_a_name, written_names
from .lexical import STOPWORDS, WORD, _jieba, count_holding
from .normalize import ENDS_IN_ROW, TABLE_ROW, TABLE_RULE, cells, compact, normalize_query, table_heading
from .script import HAN, HAN_RUN, taiwan_reading
from .questions import (ABSENT_ONLY, BULLETED, COUNTED_QUESTION, LEAD_IN, MEASURE_WORDS, NEAR, STANDS_WHERE, Analysis,
                        Constraint, analyse, asked_kind, constraints, defines, expanded, expands, meant, places,
                        several_parts, tagged)
from .verdicts import Verdict, shortened
from .verdicts import check as verdict_of

_SEVERAL = re.compile(r"和|与|及|、|分别|哪些")
_LATIN_TOKEN = re.compile(r"[a-z0-9][a-z0-9.\-+%]*[a-z0-9%]|[a-z0-9]")
# A sentence that names what is asked about the subject ("推理成本" of "DeepSeek-V3的推理成本") must
# beat one that only names the subject: the attribute's share counts as much again as the rest.
ATTRIBUTE_WEIGHT = 1.0
# The idf mass of subject units (about two rare bigrams) at which a subject counts as plainly named,
# so that a missing attribute is a sign the articles do not say rather than a paraphrase.
SUBJECT_MASS = 4.0
# The idf mass of the units of what is asked at which a sentence that lacks them counts as lacking the
# attribute in full; words the passages nearly all use (用 of "被用在了哪个版本上") say little of it when the
# value's form says what is asked.
ASKED_MASS = 2.0
# A sentence that does not meet the question (no value of the asked type, or another version, year or
# place than the one asked) keeps this share of its score: it falls behind a sentence that meets the
# question and is nearly as close, and is still there to be named as the nearest fact.
UNMET_WEIGHT = 0.6
# A sentence with no value of the asked type at all (no date for "when") keeps this share: it cannot
# answer, and one that can and is nearly as close goes first; one naming another version, year or place
# keeps more, to be named as what the articles say instead.
TYPELESS_WEIGHT = 0.5
# The leading sentences among which one from a part of an article about what is asked, scoring at least
# this share of the best one, goes before a best one from a part that never names it.
LEADING = 5
OFF_TOPIC_SHARE = 0.5
# A sentence without the shape of the answer (no items for a list question) keeps this share of its
# score: one with it and nearly as close goes first.
UNSHAPED_WEIGHT = 0.8
# The sentence after a question of the article (an interview's answer) scores at least this share of the
# question's own score.
ANSWER_AFTER_QUESTION = 0.9
# A sentence that, with its neighbours, holds just one of three or more words of the question shares a
# word with it, not a topic ("What is the boiling point of water?" and a sentence with 指引).
MIN_MATCH = 2
# Words that ask rather than say: a passage that answers does not contain them.
_QUESTION_WORDS = set(
    "哪一年 哪年 哪天 哪一天 哪家 哪些 哪位 哪所 哪种 哪类 哪项 哪本 哪两 哪三 哪几 哪几个 哪个 几个 几月 几月份 多少 多少钱 "
    "多大 多长 多久 什么样 叫什么 是什么 什么 时候 名字 是否 一年 一天 目前 如今 现在 大约 大概 达到 "
    # a total or a rough figure asked for: the sentence gives the figure without saying so ("一共有几个", "有3个")
    "一共 总共 共计 总计 合计 大致 左右 "
    # everyday words that ask or fill as the ones above do: 啥 (什么), 干嘛 (做什么), 眼下 (目前),
    # "拿来干嘛", "哪些东西", "泄露出去"
    "啥 干嘛 干啥 咋 拿来 东西 眼下 出去 "
    "many much what which who when where year month date name does did have has"
    # a request asks as a question does: "Tell me the date…", "Give the…", "List the…"
    " tell me give list please".split()
)


# A year and the character after it, which jieba may cut as one word (2024年会 -> 年会, an annual meeting).
_YEAR_THEN = re.compile(r"(\d年)(?=[\u4e00-\u9fff])")
# A capitalised name and a number after it in an English question ("PlayStation 6", "WAIC 2024").
_NAME_AND_NUMBER = re.compile(r"\b([A-Z][A-Za-z]{2,})\s+(\d+(?:\.\d+)?)\b")
# A word of scope before a name an article defines (全球消费电子展 for CES): another article may name the
# same show with another scope, or none (亚洲消费电子展, "CES Asia").
_SCOPE = re.compile(r"^(?:全球|国际|世界)")
# Verbs that only say a list follows ("由哪几块组成"): the sentence may frame its items with another (包括).
_LISTING = re.compile(r"包括|包含|组成|构成|分为|分成|涵盖|含有")
# A verb that says a thing has or gives something: "提供哪些命令" asks for its commands.
_HAVING = re.compile(r"提供|具有|拥有|具备")
# The word for a name in "…的名称是什么": what it asks for is a name, which the sentence that answers gives
# without saying 名称 ("中央 CUPS 打印服务器 ipp.intern").
_NAME_ASKED = re.compile(r"(?:名称|名字)(?=(?:是|叫)?(?:什么|啥))")
# "卡在哪一环": where a thing stands, figuratively (`questions.STANDS_WHERE`).
_STANDS_WHERE = re.compile(STANDS_WHERE)
# Words that ask for a name or say how often, not what is asked about: the verb of "…叫什么" (which jieba
# glues to the noun before it, "包叫"), and "通常", "一般" before a verb ("…一般在哪个目录"), which the
# sentence that answers may not say ("在一些情况下，…都会在 … 目录").
_ASKING_ASIDE = re.compile(r"叫做?(?=什么|啥)"
                           r"|(?:通常|往往|常常|一般)(?:来说|而言|情况下)?(?=[在是会要需都可能不由从以放存保])")


def _aside(m: re.Match) -> str:
    """The asking verb taken out; a word of how often set apart from the words beside it, as a word the
    sentence that answers may say ("PID=1 通常用于 init 程序"), not part of a longer one ("样例一般")."""
    return "" if m.group().startswith("叫") else f" {m.group()} "


def _before_a_name(word: str, flag: str) -> bool:
    """True for a word that may stand before the name a question is about: a time word (过去, 近三年), a
    preposition, a figure (2023, with its 年)."""
    return flag in ("t", "p") or (flag == "m" and any(ch.isdigit() for ch in word)) or word == "年"


# A run of ASCII characters but the two that `Evidence._ascii_df` separates runs and passages with.
_ASCII_RUN = re.compile("[\x02-\x7f]+")


class Evidence:
    """Scores how well sentences answer a question: the share of the question's words (weighted by
    how rare they are in the corpus) that a sentence and its passage contain."""

    def __init__(self, texts: list[str], glossary=None, lexicon: Callable[[], object] | None = None):
        """`lexicon`, when given, returns the BM25 index of `texts`: a word is then looked for only in the
        passages the index narrows it to, not in every passage."""
        self._texts = [compact(t).lower() for t in texts]
        self._idf: dict[str, float] = {}
        self._df: dict[str, int] = {}
        self.glossary = glossary  # a `Glossary`: the Chinese words English questions are matched by
        self.lexicon = lexicon
        self._ascii: str | None = None  # see `_ascii_df`
        self._ascii_starts = np.zeros(0, dtype=np.int64)
        self.defined = defined_names(self._texts)

    def asked_names(self, question: str) -> dict[str, set[str]]:
        """The short names the articles define (`defined_names`) that `question` uses, with their full
        names: worked out once per question, so that a sentence is compared with few of them."""
        form = compact(normalize_query(question)).lower()
        return {short: full for short, full in self.defined.items() if short in form}

    @staticmethod
    def spelled_out(text: str, names: dict[str, set[str]]) -> str:
        """`text` (search form) with the short name of each of `names` it gives in full added (waic2023 where
        it says 世界人工智能大会)."""
        extra = [short for short, full in names.items() if short not in text and any(f in text for f in full)]
        return text + " " + " ".join(extra) if extra else text

    @staticmethod
    def bridge(units) -> Callable[[str], str]:
        """A reader of sentences written in English for a Chinese question's `units`: it returns a sentence
        with the units whose English glosses it writes added ("stored in a file" gives 存放 and 文件), so
        that a paragraph the articles leave in English is matched as one in Chinese is. (A gloss may start
        a longer word: "stored", "variables", "maintainer".) Sentences with Chinese in them stay as they are."""
        found = []
        for unit in units:
            words = unit if isinstance(unit, tuple) else (unit,)  # a word in either region's words
            glosses = {g for w in words for g in english_glosses(w)}
            if glosses and HAN.search(words[0]):
                found.append((re.compile(rf"\b(?:{'|'.join(map(re.escape, sorted(glosses)))})", re.I), words[0]))

        def read(text: str) -> str:
            if not found or HAN.search(text) or not _LATIN_WORD.search(text):
                return text
            said = [unit for pattern, unit in found if pattern.search(text)]
            return f"{text} {''.join(said)}" if said else text
        return read

    def idf(self, term: str) -> float:
        """Inverse document frequency of `term` over the indexed passages, by substring presence."""
        if term not in self._idf:
            df = self.df(term)
            # A word the corpus never uses weighs like a rare one, not more: paraphrases use such words.
            self._idf[term] = math.log((len(self._texts) + 1) / (max(df, 1) + 0.5))
        return self._idf[term]

    def terms(self, question: str) -> dict[str, float]:
        """The content words of `question` with their weights."""
        query = normalize_query(question).lower()
        cut = [w.strip() for w in words_of(_WHICH_COUNT.sub("", query))]
        keep = [bool(w) and bool(WORD.match(w)) and w not in STOPWORDS and not asks(w)
                and (len(w) > 1 or w.isdigit()) for w in cut]
        words = dict.fromkeys(w for w, k in zip(cut, keep) if k)
        english = not HAN.search(query)
        if not english:
            return {key: self.weight(key) for key in map(self.regional, words)}
        # English words cannot match Chinese text: of an English question only the names and numbers
        # the corpus spells the same way count here, and only those the glossary reads no phrase of
        # (`split_english` adds those, as the Chinese words for them or as themselves). Passages are
        # matched without their spaces, so a word of grammar ("at") or a part of a name ("hu" of Tao Hu)
        # would be found inside other words ("chatgpt", "github").
        read = {w for phrase in self.glossary.senses(question) for w in phrase.split()} if self.glossary else set()
        return {w: self.idf(w) for w in words if self.df(w) and w not in read and w not in ENGLISH_STOPWORDS}

    def df(self, term: str) -> int:
        """The number of indexed passages that contain `term` (counted once per term)."""
        if term not in self._df:
            self._df[term] = self._count(term)
        return self._df[term]

    def _count(self, term: str) -> int:
        if term and term.isascii():
            return self._ascii_df(term)
        # Through the BM25 index, whose pairs are those of the search form: a word across a line break the
        # search form keeps is not counted in that passage.
        return count_holding(term, self._texts, self.lexicon() if self.lexicon is not None else None)

    def _ascii_df(self, term: str) -> int:
        """`df` of a Latin word or number, found in one string of every passage's runs of ASCII characters
        (the BM25 index cannot narrow these: the passages are compared without their spaces, so
        "PlayStation 7" holds playstation7, which is no term of the index)."""
        if self._ascii is None:  # made on first use, once
            runs = ["\x00".join(_ASCII_RUN.findall(t)) for t in self._texts]
            self._ascii_starts = np.cumsum([0, *(len(r) + 1 for r in runs[:-1])])
            self._ascii = "\x01".join(runs)
        at = [m.start() for m in re.finditer(re.escape(term), self._ascii)]
        return len(np.unique(np.searchsorted(self._ascii_starts, at, side="right"))) if at else 0

    def regional(self, word: str) -> str | tuple[str, str]:
        """`word`, or it and Taiwan's word for it when the passages use only that one (软件 and 软体, 用户
        and 使用者): an article written in Taiwan says the same thing in its own words."""
        other = taiwan_reading(word) if HAN.search(word) else word
        return (word, other) if other != word and self.df(other) and not self.df(word) else word

    def weight(self, term: str | tuple[str, ...]) -> float:
        """`idf` of `term`, or of the alternative of it that the passages use most."""
        return self.idf(term if isinstance(term, str) else max(term, key=self.df))

    def units(self, phrases: list[str]) -> dict[str | tuple[str, str], float]:
        """The character bigrams and Latin tokens of `phrases` with their weights. A bigram inside a word
        that Taiwan writes otherwise (件包 of 软件包) is also found as Taiwan's word (软体包)."""
        out: dict[str | tuple[str, str], float] = {}
        for phrase in phrases:
            for run in HAN_RUN.findall(phrase):
                owner: list[tuple[int, str]] = []  # of each character: its word's place, Taiwan's word for it
                words = words_of(run)
                for k, word in enumerate(words):
                    key = self.regional(word)
                    owner += [(k, key[1] if isinstance(key, tuple) else "")] * len(word)
                for i in range(max(1, len(run) - 1)):
                    gram, (k, other) = run[i : i + 2], owner[i]
                    # A pair across a character of grammar alone and the word beside it is no unit of either
                    # ("来设" of "用什么来设置", "装到" of "安装到"): a sentence that answers says 设置, 安装. (Not
                    # 瘦客 of 瘦|客户机: 瘦 is a word of the name.)
                    after = owner[i + 1][0] if i + 1 < len(owner) else k
                    if len(run) > 2 and after != k and any(len(w) == 1 and w in _LINKING
                                                           for w in (words[k], words[after])):
                        continue
                    key = (gram, other) if other and (len(run) == 1 or owner[i + 1][0] == k) else gram
                    out[key] = self.weight(key)
            for token in _LATIN_TOKEN.findall(HAN_RUN.sub(" ", phrase)):
                out[token] = self.idf(token)
        return out

    def split(self, question: str, subject: str) -> tuple[dict, dict]:
        """The weighted units of the subject of a `question` and of what it asks about it."""
        if not HAN.search(question):
            return self.split_english(question)
        query = _ASKING_ASIDE.sub(_aside, normalize_query(question).lower())
        subject = _ASKING_ASIDE.sub(_aside, normalize_query(subject).lower())
        at = query.find(subject) if subject and HAN.search(query) else -1
        if at < 0:
            return {}, {}
        rest = query[at + len(subject) :]
        # "…治疗了什么疾病？": the noun that ends a question after 什么 or 哪 names the kind of answer
        # (重度抑郁 is one); the sentence that answers names one of that kind, not the kind.
        kind = asked_kind(rest)
        named_kind = bool(kind) and all(flag.startswith("n") for _, flag in tagged(kind))
        if named_kind:
            cut = rest.rfind(kind)  # it ends the question, or a word of place does ("在哪个文件里")
            rest = rest[:cut] + _PLACE_WORD.sub("", rest[cut + len(kind) :])
            # "扮演什么角色", "放在哪个文件里": a verb that goes with the kind says no more than the kind does
            rest = _LIGHT_VERB.sub("", rest)
        # "问题主要卡在哪一环": where a thing stands, figuratively, asks for what the word before says (卡)
        where = _STANDS_WHERE.match(rest)
        rest = _NAME_ASKED.sub("", _LISTING.sub("", rest[where.end() :] if where else rest))
        head, tail = content_phrases(subject), content_phrases(rest)
        if not tail and head:  # "2022年北京机器人产业收入突破了多少": the last word is what is asked
            words = words_of(head[-1])
            # not a word of grammar ("主要由") nor one that frames a list ("技术包含"), nor one that only says
            # the thing has what is of the kind asked for ("ruby 软件包提供哪些命令"); a word of one character
            # only before a figurative where, a phrase of its own or not (卡 of "问题主要卡在哪", "眼下卡在哪")
            rest_of_head = [*head[:-1], "".join(words[:-1])] if len(words) > 1 else (head[:-1] if where else [])
            if (any(rest_of_head) and (len(words[-1]) > 1 or where) and not _LISTING.fullmatch(words[-1])
                    and not (named_kind and _HAVING.fullmatch(words[-1]))):
                head, tail = [p for p in rest_of_head if p], [words[-1]]
        return self.units(head), self.units(tail)

    def split_english(self, question: str) -> tuple[dict, dict]:
        """The names of an English `question` and its other words, each as the tuple of the Chinese
        words the glossary gives for it (or as itself, when the passages use none of them)."""
        named: dict[tuple[str, ...], float] = {}
        asked: dict[tuple[str, ...], float] = {}
        if self.glossary is None:
            return named, asked
        names = self.glossary.names(question)
        for phrase, senses in self.glossary.senses(question).items():
            if all(w in STOPWORDS or w in _QUESTION_WORDS for w in phrase.split()):
                continue  # "how many" asks; it says nothing an answer must contain
            key = tuple(senses) or (phrase,)
            # A word the articles have no translation of weighs like a rare word they lack.
            # An ambiguous word ("raise": 提高, 提出, 掀起…) weighs as much as it is sure to mean what it is
            # taken for.
            (named if phrase in names else asked)[key] = max(self.idf(w) for w in key) * (
                1.0 if phrase in names else self.glossary.certainty(phrase))
        return named, asked

    def spelled(self, question: str) -> dict[str, float]:
        """The words of `question` as the passages spell them, with their weights: a Chinese question's own
        content words; an English question's names and numbers and the Chinese words for its others."""
        words = self.terms(question)
        if HAN.search(normalize_query(question)):
            return words
        for key, weight in (part for parts in self.split_english(question) for part in parts.items()):
            for word in key:
                words[word] = max(words.get(word, 0.0), weight)
        return words

    def head(self, question: str, subject: str) -> str:
        """The name a Chinese question about one thing asks about (脑虎科技 of 脑虎科技累计获得了多少融资):
        the longest start of its subject, of at least three characters, that the passages contain."""
        query = normalize_query(question)
        # A question in several parts, or about several things ("A和B分别…"), may be answered from an
        # article that names only one of them.
        if not HAN.search(query) or several_parts(query) or _SEVERAL.search(query):
            return ""
        if re.search(r"哪|什么|谁", subject):
            return ""  # "哪家中国公司…": the subject is what is asked, not a name
        phrases = content_phrases(normalize_query(subject))
        first = phrases[0] if phrases else ""
        # A time, a figure or a preposition before the name is not part of it ("过去一台…", "2023年…").
        words = tagged(first)
        lead = next((i for i, (w, flag) in enumerate(words) if not _before_a_name(w, flag)), len(words))
        first = "".join(w for w, _ in words[lead:]) if words else first
        return next((first[:n] for n in range(len(first), 2, -1) if self.df(first[:n])), "")

    def named(self, question: str, analysis: Analysis) -> list[Constraint]:
        """The places and other names an English `question` gives, in the articles' words, as constraints
        as in Chinese: a place (Beijing: 北京), or a name the glossary gives one Chinese word for (Peking
        University: 北京大学), which the article must name; a name no passage writes that the dictionary
        knows only as a name (Toyota: 丰田); a name and number written apart (PlayStation 6) where the
        passages number that name. A month (May: 5月) is no name."""
        known = {c.value for c in analysis.constraints}
        out: dict[str, Constraint] = {}
        for phrase, senses in self.glossary.names(question).items():
            place = next(iter(places(senses)), "")
            if place:
                out.setdefault(place, Constraint("place", place))
            elif len(senses) == 1 and HAN.search(senses[0]) and not re.search(r"\d", senses[0]):
                out.setdefault(senses[0], Constraint("entity", senses[0]))
            elif senses and not any(re.search(r"\d", w) for w in senses):
                # a name the passages write in more than one way (谷歌 and Google), or only in Latin letters
                # (Intel): the article must write it one of those ways
                out.setdefault(senses[0], Constraint("entity", senses[0], also=tuple(senses[1:])))
            elif not senses:
                # A name the dictionary knows only as a name, that no passage writes (Toyota: 丰田): the
                # question is about something the articles do not cover, as a Chinese one naming 丰田 is.
                absent = [h for h in name_headwords(phrase) if only_a_name(h)]
                if absent and not places(absent):
                    out.setdefault(absent[0], Constraint("entity", absent[0], ABSENT_ONLY))
        # A name the glossary has no Chinese word for, that the passages write in Latin letters as the question
        # does (Galea, WAIC, PowerInfer): the article must name it, as a Chinese question's CES must be named.
        glossed = self.glossary.senses(question)
        for word in written_names(question):
            if not any(HAN.search(s) for s in glossed.get(word, ())) and self.df(word):
                full = sorted(self.defined.get(word, ()))  # the name spelled out where an article defines it
                out.setdefault(word, Constraint("entity", word, also=tuple(dict.fromkeys(
                    [*full, *(_SCOPE.sub("", f) for f in full if _SCOPE.match(f))]))))
        # "10 billion parameters": a model's scale, as a Chinese question's 100亿参数 (百亿级) is.
        for phrase, senses in glossed.items():
            if senses and re.fullmatch(r"\d+(?:\.\d+)?[万亿]", senses[0]) and re.search(
                    re.escape(phrase) + r"[\s-]+parameters?\b", question, re.I):
                for c in constraints(senses[0] + "参数"):
                    out.setdefault(c.value, c)
        # "PlayStation 6": a name and its number apart, where the passages write the name with a number
        # joined (PlayStation 7, playstation7): a version, as in a Chinese question.
        for name, number in _NAME_AND_NUMBER.findall(question):
            if any(self.df(name.lower() + digit) for digit in "0123456789"):
                for c in constraints(name.lower() + number):
                    out.setdefault(c.value, c)
        found = [c for value, c in out.items() if value not in known]
        # "What did Mercedes-Benz develop with Google?": a name the question gives as a party to what another
        # did (after "with" or "and") is named by the sentence that answers, or by a neighbour it refers to
        partners = {c.value for phrase, senses in self.glossary.names(question).items()
                    if re.search(rf"\b(?:with|and)\s+{re.escape(phrase)}\b", question, re.I)
                    for c in found if c.kind == "entity" and c.value in senses}
        if partners and len([c for c in found if c.kind == "entity"]) >= 2:
            found = [replace(c, stem=NEAR) if c.value in partners else c for c in found]
        return found

    def score(self, question: str, passages: list[Passage], subject: str = "",
              analysis: Analysis | None = None) -> list[Sentence]:
        """Every sentence of `passages` scored for `question` (whose subject is `subject`), best first."""
        analysis = analysis or analyse(question)
        analysis = replace(analysis, constraints=[c for c in analysis.constraints if c.known(self.df)])
        if not HAN.search(question) and self.glossary is not None:
            # its own words in the passages' spelling choose the clause of a figure, as a Chinese question's do
            analysis = replace(analysis, constraints=[*analysis.constraints, *self.named(question, analysis)],
                               words=tuple(self.spelled(question)))
        # A place that no passage names: nothing here is about it ("广州" when the articles name 深圳 and 北京).
        unnamed = next((c.value for c in analysis.constraints if c.kind == "place" and not any(map(self.df, c.words()))), "")
        terms: dict[str | tuple[str, ...], float] = self.terms(question)
        named, asked = self.split(question, subject)
        english = not HAN.search(question)
        if english:  # its words, as the Chinese alternatives the glossary gives for them
            terms.update(named)
            terms.update(asked)
        head = self.head(question, subject)
        # the kind of thing asked for (端口 of "使用哪个端口"), or what the question asks to be told (权限 of
        # "…文件的权限是什么"), in either region's words (端口, 埠)
        kind_asked = asked_kind(normalize_query(question).lower())
        told = kind_asked or analysis.term
        asked_for = list(dict.fromkeys([told, taiwan_reading(told)] if told else []))
        # the kind of items a list question asks for: 产业基础 of "要依靠哪些产业基础"
        kind = kind_asked if analysis.type == "list" else ""
        # What a why-, how- or list question asks about is a predicate or a kind, which the sentence that
        # answers says in words of its own more often than a fact's name ("受到限制" as 受限, "四大巨头" as
        # 四巨头): its characters count. (For a fact, they would let 首席科学家 answer who the 首席技术官 is.)
        characters = ({c: w for u, w in asked.items() for c in u}
                      if analysis.type in ("reason", "method", "list") and not english else {})
        # The names of an English question (Zhipu AI, France): an article that names none is about something else.
        english_names = list(named) if english else []
        defined = self.asked_names(question)
        # How surely the asked words tell the attribute: common words tell little where the value's form tells
        # the rest (a version, a figure), and what a question about a name asks is all in its words.
        certain = min(1.0, sum(asked.values()) / ASKED_MASS) if analysis.valued else 1.0
        # A short name whose long form is asked for (LUGs of "LUGs 是什么的缩写"): a sentence that writes them
        # side by side says what is asked, in whatever words; so does an entry that opens with a name or
        # token whose meaning is asked ("DEVPATH 表示什么": "- DEVPATH：设备在 /sys/ 里的路径").
        short, explained = expanded(analysis), meant(analysis)
        # a paragraph left in English is read in the question's words (not for an English question, whose
        # words the passages' Chinese is read in)
        read = self.bridge(terms) if not english else (lambda text: text)
        scored = []
        for p in passages:
            said = [read(s.search) for s in p.sentences]
            context = p.title + "".join(said)
            around = share(terms, context)
            # A part of an article may say 世界人工智能大会 where the question says WAIC2023, which the
            # article defines at its start: the name counts as said in either form.
            article = self.spelled_out(p.article or compact(context).lower(), defined)
            found = sum(w for t, w in named.items() if contains_term(t, article))
            # Plainly named: enough rare units found, and most of the subject (a paraphrase finds little of it).
            strength = min(1.0, found / SUBJECT_MASS) * found / sum(named.values()) if named else 0.0
            # The articles name what is asked about, but not this one: another subject.
            missing = 1.0 if head and not any(h in article for h in (head, *shortened(head))) else 0.0
            if english_names:
                missing = max(missing, sum(not contains_term(n, article) for n in english_names) / len(english_names))
            asked_before = 0.0  # the score of a question the article asks just before this sentence
            for i, s in enumerate(p.sentences):
                own = share(terms, said[i])
                # A row of a table says what its heading row says its cells are ("| grub-pc | 534 |" under
                # "| 软件包 | 大小 |").
                heading = table = _table_heading([*p.above, *p.sentences[:i]], s.search)
                # The row the question names by one of its cells ("| C | 192.168.0.x | 255.255.255.0 |" for
                # "C 类网络地址的子网掩码") says, with its heading, all that the question asks; the other rows
                # of its table share the heading, not the name.
                if heading and _names_a_cell(analysis, s.search):
                    own = share(terms, heading + s.search)
                # An entry of a list ("LTSP 服务器：40 GiB。") says what its lead-in says it is of (磁盘空间), of
                # the thing its label names (a bulleted one may name it after its colon: "• 大於10,000次：快閃記
                # 憶體"): an entry that names none of the question's subject there is another thing's.
                lead = _lead_in(p.sentences[:i], s.search)
                names = s.search if BULLETED.match(s.search) else _ENTRY.match(s.search).group() if lead else ""
                if lead and named and not share(named, names):
                    lead = ""
                # A row under a heading that names the kind of thing asked for ("| 服务名 | 端口 |" for
                # "使用哪个端口") states it, whatever verb asks it; a heading in the other region's word (埠,
                # 许可权) is read as saying the question's (端口, 权限).
                headed = bool(asked_for) and any(k in compact(heading).lower() for k in asked_for)
                if headed:
                    heading += " " + told
                lead = lead or heading
                neighbours = (p.sentences[i - 1].search if i else p.before,
                              p.sentences[i + 1].search if i + 1 < len(p.sentences) else p.after)
                s.beside = "".join(neighbours)
                # (the sentences beside it in the passage are read already)
                near = ((said[i - 1] if i else read(p.before)) + (said[i + 1] if i + 1 < len(said) else read(p.after))
                        + said[i] + lead)
                s.score = 0.6 * own + 0.2 * share(terms, near) + 0.1 * around + 0.1 * p.hit.score
                explains = (any(expands(n, s.search.lower()) for n in short)
                            or any(defines(n, s.search.lower()) for n in explained)
                            or analysis.kind_named(s.search))
                if asked:
                    # Stating what is asked lifts a sentence that matches the question; it cannot
                    # make evidence where none of the question's words are (an off-topic question).
                    stated = 1.0 if explains else share(asked, s.search + lead)
                    s.score *= (1 + ATTRIBUTE_WEIGHT * stated) / (1 + ATTRIBUTE_WEIGHT)
                window = compact(near).lower()
                attribute = share(asked, near) if asked else 1.0
                if characters:
                    attribute = max(attribute, share(characters, near))
                if headed or explains or analysis.kind_named(near):
                    attribute = 1.0
                # Items beside the kind a list question asks for state what it asks, whatever verb asks it
                # ("要依靠哪些产业基础" of "离不开…产业基础,包括…、…、…").
                if kind and kind in window and analysis.shaped(s.search):
                    attribute = 1.0
                matched = sum(contains_term(t, window) for t in terms)
                s.support = (1 - strength * (1 - attribute) * certain) * (1 - missing)
                s.topical = missing < 1
                if len(terms) > MIN_MATCH and matched < MIN_MATCH:
                    s.support, s.topical = 0.0, False
                s.context = table or _item_context(p, s)
                s.verdict = verdict_of(analysis, s.search, article, self.spelled_out(near, defined), neighbours,
                                       s.context)
                if s.verdict.ok and unnamed:
                    s.verdict = Verdict(False, unnamed)
                # A sentence that writes the asked name beside its long form, or an entry that opens with it,
                # answers what it stands for or means, whatever else the question calls the thing (the "底层框架"
                # of "GLM底层框架，中文全称是什么" for "GLM(通用语言模型)预训练框架").
                if explains and not s.verdict.ok and s.verdict.asked != "question":
                    s.verdict = Verdict(True)
                # An item of a list that opens with a name of its own ("• LXDE有着最小的负载…", "• 对于工作站，…")
                # is about that: where the question asks about another that the article names (MATE, in an item
                # beside it), and neither the item nor the sentence leading the list in names it, the item is
                # another thing's.
                topic = _item_topic(s.search) if s.verdict.ok and head else ""
                if (topic and topic not in analysis.form and head not in compact(s.search).lower()
                        and head in article and head not in compact(_list_lead(p.sentences[:i])).lower()):
                    s.verdict = Verdict(False, head, topic)
                s.matched = s.score
                if not s.verdict.ok:
                    typeless = not s.verdict.found and s.verdict.asked == analysis.type
                    s.score *= TYPELESS_WEIGHT if typeless else UNMET_WEIGHT
                elif not analysis.shaped(s.search):
                    s.score *= UNSHAPED_WEIGHT
                # An interview: what answers a question the article asks is the sentence after it, when that
                # sentence meets the question (not when it asks another).
                if s.verdict.ok:
                    s.score = max(s.score, asked_before * ANSWER_AFTER_QUESTION)
                asked_before = s.matched if s.verdict.asked == "question" else 0.0
                # A table's heading row and the rule under it name what the cells below hold and hold none.
                if TABLE_RULE.fullmatch(s.search.strip()) or (
                        ENDS_IN_ROW.search(s.search) and TABLE_RULE.fullmatch(neighbours[1].strip())):
                    s.score, s.topical = 0.0, False
                scored.append(s)
        ranked = sorted(scored, key=lambda s: -s.score)
        # The best sentence from a part of an article that does not name what is asked about gives way to a
        # close one that does and meets the question.
        if ranked and not ranked[0].topical:
            other = next((s for s in ranked[1:LEADING] if s.topical and s.verdict.ok
                          and s.score >= OFF_TOPIC_SHARE * ranked[0].score), None)
            if other is not None:
                ranked = [other, *(s for s in ranked if s is not other)]
        return ranked


# A verb that only says that its object is had or done (扮演 a 角色, 担任 a 职务, 发挥 a 作用), or where a
# thing is (放在 a 文件里, 位于), before the word that asks which.
_LIGHT_VERB = re.compile(r"(?:扮演|担任|担当|充当|发挥|起到|起着|(?:存?放|保存|存储|储存)在|位于)(?=什么|哪)")
# A word of place after the kind a question asks for ("里" of "在哪个文件里").
_PLACE_WORD = re.compile(r"^[里中内上下](?=[?？]?$)")
# A name given in full, then its short name in brackets: "世界人工智能大会（WAIC2023）", "万亿参数联盟(Trillion
# Parameter Consortium, 简称 TPC)".
_DEFINED = re.compile(r"[（(](?:[^()（）]{0,60}?简称)?\s*([a-z][a-z0-9\-]{1,15})[)）]")
# The full name: the Chinese characters just before the bracket (a pattern that began with them was
# tried at every character of every passage, most of the time an assistant took to start).
_FULL_NAME = re.compile(r"[\u4e00-\u9fff]{2,24}$")
# Words before a name in the same run that are not part of it end at a preposition, particle, conjunction
# or pronoun ("发布了", "对于"); a verb may be part of the name (优化 of 低内存优化技术).
_BEFORE_NAME = ("p", "u", "c", "r")


def defined_names(texts: list[str]) -> dict[str, set[str]]:
    """Short name -> the full names the `texts` (search form) give for it in brackets (waic2023:
    {世界人工智能大会}, lomo: {低内存优化技术}): the words of the full name after any particle or
    preposition before it ("发布了低内存优化技术（LOMO）"), at least three characters."""
    out: dict[str, set[str]] = {}
    for text in texts:
        for m in _DEFINED.finditer(text):
            before = _FULL_NAME.search(text, max(0, m.start() - 24), m.start())
            if before is None:
                continue
            full, short = before.group(), m.group(1)
            words = tagged(full)
            cut = max((i + 1 for i, (_, flag) in enumerate(words) if flag[:1] in _BEFORE_NAME), default=0)
            name = "".join(w for w, _ in words[cut:])
            if len(name) >= 3:
                out.setdefault(short, set()).add(name)
    return out


def contains_term(term: str | tuple[str, ...], text: str) -> bool:
    """True when `text` contains `term`, or one of its alternatives when it is a tuple."""
    return term in text if isinstance(term, str) else any(t in text for t in term)


def asks(word: str) -> bool:
    """True for a word that asks rather than says: 多少, 哪一年, and 多少倍 or 几亿 as jieba cuts them."""
    return word in _QUESTION_WORDS or bool(COUNTED_QUESTION.fullmatch(word))


def words_of(text: str) -> list[str]:
    """jieba's words of `text`, a year kept apart from the word after it (jieba cuts "2024年会怎样" into
    2024 and 年会, an annual meeting)."""
    return _jieba().lcut(_YEAR_THEN.sub(r"\1 ", text))


# The count after 哪 of a list question ("哪两种框架", "哪三个"): how many are asked for, which the
# sentence that answers lists rather than says.
_WHICH_COUNT = re.compile(r"(?<=哪)(?:[一二两三四五六七八九十几]+|\d+)[个种类项条款家所位本台名点步样部件大]")


# The measure words that jieba may cut off the 哪 before them ("哪", "种" of 哪种文字); not 部分 of 哪部分.
_MEASURES = frozenset(MEASURE_WORDS + "些")


# Characters of grammar that join a verb to its goal, place or purpose (来, 到, 在, 给, 把…).
_LINKING = frozenset("来去到在于给把被让向对从以为与和及")


def content_phrases(text: str) -> list[str]:
    """The runs of `text` left when its stop words and question words are taken out (with the measure word
    of one: 种 of 哪种)."""
    out, run, which = [], "", False
    for word in words_of(_WHICH_COUNT.sub("", text.lower())):
        word = word.strip()
        measure, which = which and word in _MEASURES, word == "哪"
        if (measure or not word or not re.match(r"[\w\u4e00-\u9fff.\-]", word) or word in STOPWORDS
                or asks(word)):
            if run:
                out.append(run)
            run = ""
        else:
            run += word
    return out + [run] if run else out


def _lead_in(before: list, item: str) -> str:
    """The lead-in of the list that `item` is an entry of, "" when it is none: an entry says "label: value"
    ("LTSP 服务器：40 GiB。") under a sentence that ends in a colon ("最低限度的磁盘空间需求取决于所安装的
    设定："), whose words are what every entry's value is of."""
    if not _ENTRY.search(item):
        return ""
    bulleted = bool(BULLETED.match(item))
    for sentence in reversed(before[-LEAD_BACK:]):
        text = sentence.search.strip()
        if LEAD_IN.search(text):
            return text
        if not _ENTRY.search(text):
            # Bulleted entries ("• 大於10,000次：快閃記憶體") are led by the sentence before their first bullet,
            # whatever ends it ("網上…可以檢視儲存介質的最大的寫次數。").
            return text if bulleted and not BULLETED.match(text) else ""
        bulleted = bulleted and bool(BULLETED.match(text))
    return ""


def _list_lead(before: list) -> str:
    """The sentence before the run of items that ends `before` (its last sentences), "" when there is none."""
    for sentence in reversed(before):
        if not BULLETED.match(sentence.search):
            return sentence.search
    return ""


# An item's topic: what follows 对于 or 关于 up to the first comma.
_ITEM_TOPIC = re.compile(r"^(?:对于|关于)([^,，。]{2,12})[,，]")


def _item_topic(text: str) -> str:
    """The name an item of a list opens with ("lxde" of "• LXDE有着…", "工作站" of "• 对于工作站，…"), lower
    case; "" when it is no item or opens otherwise (with a verb: "• 用iPXE替代…")."""
    if not BULLETED.match(text):
        return ""
    text = BULLETED.sub("", text.strip()).strip().lower()
    framed = _ITEM_TOPIC.match(text)
    if framed:
        return framed.group(1)
    words = [(w, f) for w, f in tagged(text[:40]) if w.strip()]
    if len(words) > 1 and words[0][1] in ("eng", "nz", "nr", "nt", "ns") and words[1][1].startswith(("v", "d")):
        return words[0][0]
    return ""


def _table_heading(before: list, row: str) -> str:
    """The heading of the table that `row` is a row of ("| a | b |"), after its caption when one stands
    above it ("表 9.16. 关闭屏幕保护命令列表"); "" when it is none or its heading is not among the sentences
    `before` it (`normalize.table_heading`)."""
    return table_heading([s.search for s in before], caption=True) if TABLE_ROW.match(row.strip()) else ""


def _item_context(passage: Passage, sentence: Sentence) -> str:
    """What an item of a bulleted list that `sentence` is part of says with it (search form): the lead-in
    of the list ("举个例子，在 GNOME 3 中：") and the item's words on its line before the sentence ("• 未设置
    $XDG_DATA_HOME。" before "（将使用默认值 $HOME/.local/share。）"); "" for a sentence of no item."""
    text, at = passage.hit.text, sentence.start - passage.hit.start
    if not 0 <= at <= len(text):
        return ""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    if not BULLETED.match(normalize_query(text[start:end if end >= 0 else len(text)])):
        return ""
    item = normalize_query(text[start:at])
    for line in reversed(text[:start].split("\n")):
        line = normalize_query(line)
        if line and not BULLETED.match(line):
            lead = re.split(r"(?<=[。！？!?])(?=.)", line)[-1]  # its last sentence
            return (lead if LEAD_IN.search(lead) else "") + item
    return item


def _names_a_cell(analysis: Analysis, row: str) -> bool:
    """Whether the question names a cell of table `row` (search form) as a whole: a name of letters or
    characters ("ip neigh", "ethtool(8)" as ethtool, "C"; a single letter only as a capital) or a token
    of code written with signs ("$?"), not a figure."""
    symbols = {c.value for c in analysis.constraints if c.kind == "symbol"}
    for cell in cells(row):
        if cell.lower() in symbols:
            return True
        cell = _MAN_SECTION.sub("", cell)
        if not re.search(r"[a-zA-Z\u4e00-\u9fff]", cell) or (len(cell) < 2 and not cell.isupper()):
            continue
        text, cell = (analysis.question, cell) if len(cell) < 2 else (analysis.form, cell.lower())
        if re.search(rf"(?<![a-zA-Z0-9]){re.escape(cell)}(?![a-zA-Z0-9])", text):
            return True
    return False


# The section of a manual page after a command's name: "ethtool(8)".
_MAN_SECTION = re.compile(r"\(\d\)$")


_LATIN_WORD = re.compile(r"[a-z]{3,}", re.I)  # a word of a sentence written in English
# An entry of a list: a label and a colon (the match), then its value.
_ENTRY = re.compile(r"^[^:：。]{1,120}[:：](?=\s*\S)")
LEAD_BACK = 6  # entries of a list before one that may stand between it and its lead-in


def share(units: dict[str | tuple[str, ...], float], text: str) -> float:
    """The weighted share of `units` found in `text` (0 to 1)."""
    total = sum(units.values())
    text = compact(text).lower()
    return sum(w for u, w in units.items() if contains_term(u, text)) / total if total else 0.0
