"""Questions: what a question asks (the expected answer type) and every specific thing it names (its
constraints), from a question in simplified, traditional or English.

The answer stage checks a sentence against this: it answers only if it holds a value of the expected type
and meets every constraint. One table of patterns per language, first match wins.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from .glossary import (DECADE, MONTHS, OPPOSITE_WORDS, chinese_decade, name_glosses, names_a_place, only_a_name, opposed,
                       related, unrelated)
from .normalize import compact, normalize_query
from .script import HAN, converter

# (type, pattern) in order: the first pattern that matches the question gives its type.
ZH_TYPES: list[tuple[str, str]] = [
    ("list", r"哪(?:几|[两二三四五六七八九十])[个类种项大家款条步点方面部分块所位]|有哪些|是哪些|哪些|分别是|分为哪|包括哪|由哪几"),
    ("reason", r"(?<![定称作成叫视])为什么|为何|为啥|什么原因|原因是什么|原因在于|原因何在|原因在哪|理由是什么|什么理由|何以|缘何|怎么会|出于什么|什么导致|"
               r"从何而来|根源是什么|根源在哪|根源在于"),
    ("method", r"如何|怎样|怎么|(?:通过|以|用|采用|采取|借助)(?:什么|何种)(?:方式|方法|手段|技术|途径|办法)|靠什么"),
    ("comparison", r"相比|相较|区别|哪个更|谁更|比.{1,12}(?:高|低|多|少|大|小|快|慢|强|弱)多少"),
    ("year", r"哪一?年|哪几年|何年|几几年"),
    ("date", r"哪一?天|几月几日|几号|什么时候|何时|什么时间"),
    ("month", r"几月|哪个月|哪一个月"),
    ("percent", r"(?:多少|多大|几)(?:的)?(?:比例|百分比|占比)|比例是多少|百分之几|增长率|提升了多少|降低了多少|增长了多少|提高了多少|减少了多少|多少倍|几倍"),
    ("duration", r"多久|多长时间|多少年|几年(?!级)|多少个月|多少天"),
    ("money", r"(?:成本|价格|售价|定价|估值|融资|收入|营收|产值|市场规模|投资|费用|花费|钱|资金)[^？?]{0,6}(?:是多少|多少|多大|几)|多少(?:钱|融资|资金|美元|元)"),
    ("count", r"多少(?:个|家|名|款|项|位|所|台|次|种|篇|人|款|条|型号)|几(?:个|家|名|款|项|位|所|台|次|种|篇|条)"),
    ("number", r"多少|多大|多高|多长|多重|多快|几"),
    ("title", r"哪[本份家种部篇][^？?，,。]{0,4}(?:期刊|杂志|刊物|报纸|报|书|论文|著作)"),
    ("person", r"谁|哪位|什么人|哪个人"),
    ("organisation", r"哪(?:家|所)|哪个(?:公司|机构|企业|实验室|团队|大学|学校|组织|部门)|什么(?:公司|机构|企业|实验室|大学)"),
    ("place", r"哪里|哪儿|什么地方|哪个(?:城市|国家|省|地区|地方)|哪座城市|哪[国省市]"),
    ("yesno", r"是否|是不是|有没有|能不能|会不会|吗[？?]?$"),
    ("definition", r"^什么是|是指什么|指的是什么|是什么意思|的定义"),
    ("name", r"叫什么|什么名字|名称|称为什么|称作什么|叫作什么|叫做什么"),
    ("thing", r"哪个|哪种|哪款|哪项|什么"),
]
EN_TYPES: list[tuple[str, str]] = [
    ("list", r"\bwhat are the (?:two|three|four|five|\d+)\b|\bwhich (?:two|three|four|five|\d+)\b|\bwhat (?:are|were) (?:the )?\w+s\b|\blist\b"),
    ("reason", r"\bwhy\b|\bfor what reason\b|\bwhat (?:is|was) the reason\b|\bwhat (?:caused|causes|led to|leads to)\b"),
    ("method", r"\bhow (?:did|does|do|can|could|is|are|was|were|will)\b(?! (?:many|much|long|large|big|old|far|high))|\bby what (?:means|method|way)\b|\bin what way\b|\bthrough what\b|\bwhat (?:method|approach|means)\b"),
    ("comparison", r"\bcompared\b|\bthan\b|\bdifference between\b"),
    ("year", r"\b(?:which|what|in what) year\b"),
    ("month", r"\b(?:which|what|in what) month\b"),
    ("date", r"\bwhen\b|\bwhat date\b|\bon what day\b"),
    ("percent", r"\bpercent(?:age)?\b|\bshare\b|\bgrowth rate\b|\bhow many times\b|\brate\b"),
    ("duration", r"\bhow long\b|\bhow many (?:years|months|days|hours)\b"),
    ("money", r"\bhow much (?:did|does|do|is|was|money)\b.*\b(?:cost|price|revenue|funding|worth|raise)|\b(?:cost|price|revenue|funding|valuation)\b.*\bhow much\b|\bhow much\b.*\b(?:cost|price|revenue|funding)"),
    ("count", r"\bhow many\b"),
    ("number", r"\bhow (?:much|large|big|fast|high|far|tall)\b|\bwhat (?:is|was) the (?:number|size|amount|density)\b"),
    ("title", r"\bwhich (?:journal|magazine|newspaper|paper|book)\b"),
    ("person", r"\bwho\b|\bwhom\b|\bwhich person\b"),
    ("organisation", r"\bwhich (?:company|firm|organi[sz]ation|institute|university|lab|laboratory|team|agency)\b|\bwhat company\b"),
    ("place", r"\bwhere\b|\bwhich (?:city|country|province|region|place)\b"),
    ("yesno", r"^(?:is|are|does|do|did|can|was|were|has|have|will)\b"),
    ("definition", r"^what (?:is|are) (?:a|an)\b|\bwhat does .+ mean\b"),
    ("name", r"\bcalled\b|\bthe name of\b|\bwhat name\b"),
    ("thing", r"\bwhat\b|\bwhich\b"),
]
_ZH_TYPES = [(t, re.compile(p)) for t, p in ZH_TYPES]
_EN_TYPES = [(t, re.compile(p, re.I)) for t, p in EN_TYPES]

# Types whose answer is a quantity: a sentence that answers holds one the question does not.
NUMERIC = {"number", "count", "money", "percent", "duration", "year", "month", "date"}
# Types whose answer is a time, said as a year, month or date.
TIMES = ("year", "month", "date")
_YEAR = r"(?:1[89]\d\d|20\d\d)"  # a year in digits
# What a value of a type looks like in a sentence; a type not listed here is not checked.
_VALUES = {
    "year": re.compile(rf"(?<!\d){_YEAR}(?!\d)|今年|去年|明年|前年|同年|当年"),
    "date": re.compile(rf"(?<!\d){_YEAR}(?!\d)|\d+\s*[月日号]|今年|去年|明年|同年|当年|近日|日前|上个月|年底|年初"),
    # a month asked is not answered by a year alone (WAIC2023)
    "month": re.compile(r"\d+\s*月|上个月|本月|当月|同月|年底|年初"),
}
# An amount as the articles write it: 557.6万美元, 25亿元, 90%, 3.7倍, 1.2万个, 150tokens/s.
_AMOUNT = re.compile(r"(?<![0-9a-z.])\d+(?:\.\d+)?\s*(?P<big>万亿|亿|万|千)?\s*(?P<unit>美元|元|%|倍|个|家|款|项|位|次|台|人|所|篇|条|种"
                     r"|天|小时|tokens/s|req/s|tb|gb|瓦|卡|b\b)?")
_WHEN = re.compile(rf"(?<!\d){_YEAR}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)?|(?<!\d)\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|(?<!\d){_YEAR}(?!\d)")
# A publication's name: in 《》, in Latin capitals ("Nature"), or a word ending in 报/刊/志 ("文汇报")
# other than the nouns for publications themselves.
_TITLE = re.compile(r"《[^》]+》|(?<![A-Za-z])[A-Z][A-Za-z]{2,}(?![A-Za-z])")
# What the name of a group of people and of a body (a firm, a lab, a university) ends in.
GROUP_END = re.compile(r"(?:团队|们|小组|课题组|团体)$")
BODY_END = re.compile(r"(?:公司|实验室|中心|大学|学院|研究院|研究所|集团|科技|机构|联盟|委员会|专委会|企业|部门|政府|协会)$")
# How a sentence writes a name it gives: in quotes or title marks, or in Latin letters and digits; or as a
# word jieba tags a proper noun.
_NAME_WRITTEN = re.compile(r"[“\"「『《][^”\"」』》]{1,20}[”\"」』》]|[A-Za-z][A-Za-z0-9\-]+")
_PROPER_TAGS = ("nz", "nr", "nrt", "nt", "eng")
# The words that name a value of a type whose answer is a name, by jieba's tag (nr person, nt
# organisation, ns place) or, for an organisation, by what its name ends in (脑虎科技, 上海人工智能实验室).
# jieba tags many firms as people (谷歌, 特斯拉) and writes Latin names "eng" (OpenAI): those count too.
_NAMED_BY = {
    "person": lambda word, flag: flag in ("nr", "nrt", "nrfg"),
    "organisation": lambda word, flag: (flag in ("nt", "nr", "nrt", "nz", "eng") or (
        flag.startswith("n") and bool(BODY_END.search(word) or GROUP_END.search(word)))),
    "place": lambda word, flag: flag == "ns" and _is_place(word),
}
_PUBLICATION_NOUNS = {"期刊", "杂志", "刊物", "报纸", "学术期刊", "画报", "周刊", "月刊"}
_NUMERAL = re.compile(r"\d+(?:\.\d+)?|[一二两三四五六七八九十百千万亿半]")

# A sentence that announces what follows ends in a colon ("分为三类：").
LEAD_IN = re.compile(r"[:：]\s*$")
# What an answer to a list question looks like: items in a row (A、B), clauses in a row (…；…；), an
# enumeration (一是…), or a lead-in to items; a short line without end punctuation is a heading with its
# items under it (`is_heading`).
_ENUMERATES = re.compile(r"、|[;；][^;；]+[;；]|一是|第一[,，、是]|首先|分别是|分别为|" + LEAD_IN.pattern)
_TERMINAL = re.compile(r"[。！？!?；;…”’」』)）]\s*$")
# A sentence that asks rather than says.
_ASKS = re.compile(r"[?？]\s*[”’」』\"']?\s*$")
# A question in several parts ("…叫什么？…哪一年…？"), and one about several things at once ("A和B分别…").
_PARTS = re.compile(r"[？?](?=.*[\w\u4e00-\u9fff])")
_SEVERAL = re.compile(r"分别|respectively")
# A question that asks what a term is, and a sentence that says it ("X则是…", "X就是…", "X指…").
_DEFINED = re.compile(r"^(?:什么是|何为|何谓)\s*(.{2,16}?)\s*[？?]?$|(?:^|的)\s*([^的，,。]{2,16}?)\s*(?:究竟|到底)?"
                      r"(?:是什么意思|是指什么|指的是什么|指什么|是什么)\s*[？?]?$")
_COPULA = r"[”’」』\"']?\s*[,，]?\s*(?:则|就|即|也|主要)?(?:是|为|指|即)"
# Where a sentence's clauses end: a comma, semicolon or colon (not a comma inside a number: 7,016).
_CLAUSE_CUT = re.compile(r"(?<!\d)[,，]|[,，](?!\d)|[;；:：]")
# A figure: a digit that does not belong to a name (the 2 of WSE-2, the 100 of A100).
_FIGURE = re.compile(r"(?<![a-z0-9.\-])\d")

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_DIGITS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT_ZH = re.compile(r"(?:哪|分为|包括|有|是)([两二三四五六七八九十\d])(?:[个类种项大家款条步点所位]|方面|部分)")
_COUNT_EN = re.compile(r"\b(two|three|four|five|six)\b", re.I)

# A version or model name: Latin letters and digits in one token (gpt-4o, llama3-70b, moss002, 13b).
_VERSION = re.compile(r"(?<![a-z0-9.\-])(?=[a-z0-9.\-]*[a-z])(?=[a-z0-9.\-]*\d)[a-z0-9][a-z0-9.\-]*[a-z0-9](?![a-z0-9])")
# A name with a number in it, written letters first (braingate2, gpt-4o): its number counts nothing.
_NAMED_NUMBER = re.compile(r"(?<![a-z0-9.\-])[a-z][a-z.\-]*\d[a-z0-9.\-]*")
# A product name and its number apart ("PlayStation 7" in Chinese text): one version, as written together.
_SPACED_VERSION = re.compile(r"(?<![a-z0-9\s.\-])([a-z]{3,})\s+(?=\d)")
# A period a figure is counted over (每天 and 日均 alike) or a span of time (短期, 长期): a sentence giving
# the figure per second or in the short term does not answer for a day or the long term.
_PERIODS = {"秒": r"每秒", "分钟": r"每分钟", "小时": r"每小时|每个小时", "日": r"每天|每日|日均|单日",
            "周": r"每周|周均", "月": r"每月|每个月|月均|单月", "年": r"每年|年均|全年",
            "短期": r"短期", "中期": r"中期", "长期": r"长期"}
_PERIOD = [(name, re.compile(p)) for name, p in _PERIODS.items()]
# A number with the unit that says what it counts (2030年, 1024卡, 90年代): the unit makes siblings.
_QUANTITY = re.compile(r"(?<![0-9a-z.\-])(\d+(?:\.\d+)?)\s*(年代|年|月|日|卡|倍|%|台|款|项|位|次|所|步|个|家|人|条|种|层|天|小时|周|张"
                       r"|块|名)?")
# An ordinal (第十六届, 第三轮, 第2次, 第三类; 首批 is 第一批): the 15th session or the 2nd round is another one.
_ORDINAL = re.compile(r"(?:第\s*([一二三四五六七八九十百零两\d]+)|(首))\s*(届|次|轮|期|代|批|号|季|版|名|类|步|种|项|条|层|个)")
_YEARLIKE = re.compile(_YEAR)
_YEAR_SPAN = re.compile(rf"(?<!\d)({_YEAR})\s*(?:[-–—~至到]|\s(?:to|through|until)\s)\s*({_YEAR})\s*年?")
# Posts a person holds: a deputy (副所长) is not the post (所长), nor the other way round.
_POSTS = set("所长 院长 校长 会长 社长 馆长 部长 局长 处长 厅长 省长 市长 区长 县长 团长 队长 组长 行长 司长 科长 "
             "董事长 理事长 秘书长 总经理 经理 主任 主席 总裁 书记 总监 总编辑 总工程师 院士 教授 研究员".split())
_POST_PREFIXES = {"副", "名誉", "荣誉", "常务", "常务副", "执行", "代理"}
# A post with one of these after it is another post: the assistant's (主任助理), the secretary's.
_POST_SUFFIXES = ("助理", "秘书")
_RANK_AFTER = re.compile("的?((?:" + "|".join(sorted(_POST_PREFIXES, key=len, reverse=True)) + ")?(?:"
                         + "|".join(sorted(_POSTS, key=len, reverse=True)) + ")(?:" + "|".join(_POST_SUFFIXES) + ")?)")
# A scale written in words before what it measures (千亿参数, 百亿级): another scale is another thing.
_SCALE = re.compile(r"(?<![0-9一二三四五六七八九十百千万亿])([十百千]?[万亿]|万亿)(?=参数|级|量级|规模)")
# A name the question quotes ("深籍", 「擎天柱」): the sentence that answers names it, not another quoted one.
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{1,12})[”」』\"]")
# Words for a place that jieba does not tag as one, and generic words it wrongly tags as places.
PLACE_ALIASES = {"中国": ("中国", "我国", "国内", "国产"), "全球": ("全球", "世界", "全世界", "国际")}
_NOT_PLACES = {"城市", "地区", "国家", "地方", "省市", "全国", "各地", "当地", "本地"}


# The stem of an entity that constrains only where no passage names it (`Constraint.known`).
ABSENT_ONLY = "absent only"


@dataclass(frozen=True)
class Constraint:
    """A specific thing the question names: `kind` version, period, quantity, rank, quoted, direction, place or entity;
    `value` in search form, lower case. A sentence that names a sibling (the same kind and stem, another
    value: GPT-4 for GPT-4o, 2023年 for 2025年, 美国 for 欧洲, 每秒 for 每天) and not the value itself is
    about something else."""

    kind: str
    value: str
    stem: str = ""
    owner: str = ""  # of a post, whose it is ("北京智源人工智能研究院" of "北京智源人工智能研究院的院长")

    def known(self, df) -> bool:
        """True unless it is a name that no passage contains (`df` counts passages): such a word is more
        often a paraphrase jieba took for a name than a name the articles lack. A name the dictionary knows
        only as a name (哈佛大学: "Harvard University"), that no passage writes either way, is one the
        articles lack: the question is about something they do not cover."""
        if self.kind != "entity":
            return True
        if df(self.value):
            return self.stem != ABSENT_ONLY
        glosses = only_a_name(self.value)
        return bool(glosses) and not any(df(compact(g)) for g in glosses)

    def words(self) -> tuple[str, ...]:
        """The ways a sentence may write the value."""
        if self.kind == "direction":
            return _DIRECTIONS[self.stem]
        return aliases(self.value) if self.kind == "place" else (self.value,)


@dataclass
class Verdict:
    """Whether a sentence meets a question: `ok`, else what was asked and what the sentence says instead."""

    ok: bool
    asked: str = ""
    found: str = ""  # the sibling the sentence names instead ("" when it lacks a value of the type)


@dataclass
class Analysis:
    """What a question asks."""

    question: str
    form: str  # the question in search form, lower case
    language: str  # "zh" or "en"
    type: str  # one of the types of ZH_TYPES / EN_TYPES, or "other"
    count: int | None = None  # how many items a list question asks for, when it says
    constraints: list[Constraint] = field(default_factory=list)
    term: str = ""  # what a "X是什么" question asks to be told ("两翼" of "“中国脑计划”的“两翼”是什么？")

    @property
    def numeric(self) -> bool:
        """True when the answer is a figure: a count, amount, share or time, or by how much one thing
        differs from another ("比非侵入式高多少")."""
        return self.type in NUMERIC or (self.type == "comparison" and bool(_ASKS_FIGURE.search(self.form)))

    def check(self, sentence: str, article: str, window: str = "") -> Verdict:
        """Whether `sentence` (search form; `window` the same with its neighbours) holds a value of the
        expected type and meets every constraint of the question, in `article` (the whole article,
        compacted and lower case)."""
        if asks_question(sentence):
            return Verdict(False, "question")  # an interviewer's question answers nothing
        if not self.has_value(sentence):
            return Verdict(False, self.type)
        sentence, window = sentence.lower(), (window or sentence).lower()
        parts = self.type == "parts"
        # In a sentence of several figures, each clause is its own fact: the words of another clause do
        # not stand beside this one's figure, nor does its rise or fall.
        clause = self.figure_clause(sentence)
        for c in self.constraints:
            said = (clause or sentence) if c.kind == "direction" else sentence
            if c.kind == "entity":  # a name: the article must name it, the sentence may say 他 or 该公司
                if not any(w in article for w in c.words()):
                    return Verdict(False, c.value)
            elif c.kind == "place" and _ASKS_PLACE.search(self.form):
                continue  # "中国哪些城市…": the place named holds the places asked for; 北京 is one of them
            elif not _names(c, said):
                # A sentence that names neither may refer back to it; one that names a sibling is about that,
                # unless the question names that one too (the other part of "2023年和2024年分别…").
                sibling = _sibling(c, said)
                if sibling and not (parts and any(_names(o, sibling) for o in self.constraints)):
                    return Verdict(False, _written(c.value, self.form) if c.kind == "period" else c.value, sibling)
                if parts:
                    continue  # another part may be what the sentence answers
                # A model the sentence does not name, nor its neighbours it may refer back to
                # ("其API定价"), nor the article's opening, which says what all of it is about
                # ("2023世界人工智能大会(WAIC2023)的热点…"): the sentence is about models in general or another one.
                if c.kind in ("version", "quoted") and not _names(c, window):
                    opening = _opening(article)
                    if not _names(c, opening):
                        return Verdict(False, c.value, _sibling(c, opening))
        # Swaps are looked for in the clause of a figure, and a word swapped in another clause of its sentence
        # counts too: it puts the figure under another topic ("[云侧]推理需求爆发,…,日均token用量达11.25万亿").
        swapped = (unpaired(self.form, sentence)
                   or listed_kind(self.form, sentence)
                   or (self.type != "yesno" and denied(self.form, clause or sentence))
                   or substitution(self.form, clause or sentence, clause or window, article)
                   or reframed(self.form, clause or sentence, article)
                   or (clause and reframed(self.form, sentence, article))
                   or premodified(self.form, clause or sentence)
                   or self.measured(clause or sentence) or self.qualified(clause or sentence)
                   or self.retopic(clause or sentence, article))
        if swapped:
            return Verdict(False, *swapped)
        return Verdict(True)

    def retopic(self, clause: str, article: str = "") -> tuple[str, str] | None:
        """(asked, said) when the clause of a figure (`figure_clause`) is put under a topic ("制造业,…30%") of
        the same kind as one the question names and the clause does not ("能源行业的…"): both end in the
        same character (业, 场景, 领域) and the question does not name the clause's topic, or the question
        opens under a topic of its own that `article` names. A sentence without figures is put under a topic
        by a clause that frames one ("例如,在媒体领域,…")."""
        parts = [p.strip() for p in _CLAUSE_CUT.split(clause) if p.strip()]
        if self.numeric:
            first = next((i for i, p in enumerate(parts) if any(ch.isdigit() for ch in p)), 0)
            framed = parts[first - 1] if first else ""
        else:
            framed = next((p for p in parts[:-1] if _TOPIC_FRAME.search(p)), "")
        if not framed:
            return None
        topic = _TOPIC_FRAME.sub("", framed)
        if not 2 <= len(topic) <= 8 or topic in self.form:
            return None
        if any(topic in shortened(c) for c in _noun_runs(self.form)):
            return None  # the question's topic written out in full: 金融行业 for 金融业
        asked = next((c for c in _noun_runs(self.form) if c[-1] == topic[-1] and c != topic and c not in clause), None)
        if asked is None:
            # The question puts itself under a topic of its own ("金融分析中,…") that the article names
            # elsewhere: another topic than the clause's. One the article never names may be a paraphrase.
            opening = [p.strip() for p in _CLAUSE_CUT.split(self.form) if p.strip()]
            own = _TOPIC_FRAME.sub("", opening[0]) if len(opening) > 1 and _TOPIC_FRAME.search(opening[0]) else ""
            asked = own if 2 <= len(own) <= 8 and own not in clause and own in article else None
        return (asked, topic) if asked else None

    def qualified(self, clause: str) -> tuple[str, str] | None:
        """(asked, said) when the question asks a figure qualified one way ("峰值功耗") and the clause of the
        sentence's figure qualifies it another ("平均不到30瓦"): a peak is not an average, nor a total."""
        if not self.numeric:
            return None
        asked, said = _qualifiers(self.form), _qualifiers(clause)
        if asked and said and not asked.keys() & said.keys():
            return next(iter(asked.values())), next(iter(said.values()))
        return None

    def measured(self, sentence: str) -> tuple[str, str] | None:
        """(asked, said) when the question asks a figure of one thing ("学生成绩提升了多少") and the figure of
        `sentence` (search form, one figure's clause) is of another that plainly differs ("教师备课效率提升40%";
        "营收" asked, "25亿元融资" said): the noun before the question's number word and the noun beside
        the sentence's figure, the latter not named in the question; or, for a count, the thing counted
        ("多少个神经胶质细胞" asked, "800多亿个神经元" said)."""
        if not self.numeric or self.type in TIMES:
            return None
        # What a count counts ("多少个神经胶质细胞"): the sentence counts another thing ("800多亿个神经元");
        # the currency of an amount ("多少亿美元"): the sentence's amounts are in another ("25亿元").
        counts = _counts(self.form, sentence) or _currency(self.form, sentence)
        if counts:
            return counts
        question = tagged(self.form)
        at = _number_word(question)
        asked = _noun_before(question, at, verbal=False) if at is not None else None
        if asked is None or asked in sentence:
            return None
        said = tagged(_WHEN.sub(",", sentence))  # a year is no figure of a thing
        figure = next((i for i, (w, flag) in enumerate(said) if flag == "m" and any(ch.isdigit() for ch in w)), None)
        if figure is None:
            return None
        beside = [_noun_before(said, figure)]
        after = next((j for j in range(figure + 1, min(figure + 3, len(said))) if said[j][1] != "m" and said[j][0] != "%"), None)
        if after is not None and (said[after][1].startswith("n") or said[after][1] == "vn"):
            beside.append(said[after][0])
        other = next((w for w in beside if w and len(w) >= 2 and w not in self.form and _measures_differ(asked, w)), None)
        return (asked, other) if other else None

    def figure_clause(self, sentence: str) -> str:
        """In a sentence that gives figures in two or more clauses ("…误判率降低58%,基金公司策略收益提升23%"),
        the clause that shares most words with the question, with the clauses before it that give no figure
        (its topic: "金融业,"); "" for other sentences, or when the best clause gives no figure."""
        clauses = [c for c in _CLAUSE_CUT.split(sentence) if c.strip()]
        figured = {i for i, c in enumerate(clauses) if _FIGURE.search(c)}
        question = tagged(self.form)
        words = [w for w, flag in question if _content(w, flag, verb=True)]
        if len(figured) < 2 or not words:
            return ""
        # The thing whose figure is asked ("座席" of "让座席减少了多少") names its clause, whatever the
        # other clauses share with the question ("深圳“AI公务员”日均处理1.2万个咨询,座席减少60%").
        at = _number_word(question)
        measure = _noun_before(question, at) if at is not None else None
        best = max(range(len(clauses)), key=lambda i: (bool(measure) and i in figured and measure in clauses[i],
                                                      sum(w in clauses[i] for w in words), -i))
        if best not in figured:
            return ""
        start = best
        while start > 0 and start - 1 not in figured:
            start -= 1
        return ",".join(clauses[start : best + 1])

    def defines(self, sentence: str) -> bool:
        """True when `sentence` (search form) says what the asked term is ("“两翼”则是…"), not only names it."""
        return bool(self.term) and bool(re.search(re.escape(self.term) + _COPULA, sentence.lower()))

    def shaped(self, sentence: str) -> bool:
        """True when `sentence` (search form) has the shape of an answer: to a list question it enumerates
        or announces items; to a who, which-organisation or where question it names a person, an
        organisation or a place that the question does not; to a name question it gives a name (in quotes
        or title marks, in Latin letters, or a proper noun). Other types have no shape to check here (a
        why- or how-question's cause or means may be in the sentence beside it, which `completion` adds).
        A sentence without the shape is ranked lower, not refused: jieba does not tag every name."""
        if self.type == "list":
            text = sentence.strip()
            return bool(_ENUMERATES.search(text)) or is_heading(text)
        if self.type in _NAMED_BY:
            return any(_NAMED_BY[self.type](word, flag) and word not in self.form
                       for word, flag in tagged(sentence.lower()) if len(word) > 1)
        if self.type == "name":
            written = (m.group().strip("“”\"「」『』《》").lower() for m in _NAME_WRITTEN.finditer(sentence))
            proper = (word for word, flag in tagged(sentence.lower()) if len(word) > 1 and flag in _PROPER_TAGS)
            return any(w and w not in self.form for w in written) or any(w not in self.form for w in proper)
        return True

    def values(self, sentence: str) -> list[str]:
        """The values of the expected type that `sentence` (search form) gives and the question does not:
        amounts with their units for a quantity, years and dates for a time; none for other types."""
        if self.type in TIMES:
            found = [m.group() for m in _WHEN.finditer(sentence)]
        elif self.numeric:
            found = [re.sub(r"\s+", "", m.group()) for m in _AMOUNT.finditer(sentence) if m.group("unit") or m.group("big")]
        else:
            return []
        asked = set(re.findall(r"\d+(?:\.\d+)?", self.form))  # 2023 of "by 2023" is not what is asked
        return [v for v in dict.fromkeys(found) if re.match(r"\d+(?:\.\d+)?", v).group() not in asked]

    def has_value(self, sentence: str) -> bool:
        """True when `sentence` (search form) holds a value of the expected type that the question does not."""
        if self.type == "title":
            return any(m.group().lower() not in self.form for m in _TITLE.finditer(sentence)) or any(
                len(w) > 1 and w[-1] in "报刊志" and w not in self.form and w not in _PUBLICATION_NOUNS
                for w, _ in tagged(sentence))
        if self.type in _VALUES:
            return any(m.group() not in self.form for m in _VALUES[self.type].finditer(sentence.lower()))
        if _ASKS_ORDINAL.search(self.form):  # "排名第几" asks a place in an order: "排名靠前" gives none
            return bool(_GIVEN_ORDINAL.search(sentence.lower()))
        if self.numeric:
            asked = set(_NUMERAL.findall(self.form))
            # A year, a date, a model's number (BrainGate2) or a place in a sequence (第三步) is no count,
            # amount or share.
            sentence = _ORDINAL.sub(" ", _NAMED_NUMBER.sub(" ", _WHEN.sub(" ", sentence.lower())))
            return any(n not in asked for n in _NUMERAL.findall(sentence))
        return True


# Measure words of a count, a count asked (多少家) and a count given (数千所, 800多亿个, 3架), where a
# counted thing ends, and how long the modifiers before a 的 may be ("不同类型的模拟飞行器").
_MEASURE_WORDS = "个家所架款项位次台种条篇本部座名只件枚颗辆届批"
_ASKED_COUNT = re.compile(rf"(?:多少|几)\s*(?P<unit>[{_MEASURE_WORDS}])")
_GIVEN_COUNT = re.compile(rf"(?P<number>\d+(?:\.\d+)?|[数几一二两三四五六七八九十百千万亿]+)\s*(?:多|余)?\s*(?:万|亿)?\s*"
                          rf"(?P<unit>[{_MEASURE_WORDS}])")
_CURRENCIES = ("美元", "元")  # as `_AMOUNT` reads them
_ASKED_CURRENCY = re.compile(r"(?:多少|几)\s*(?:万亿|亿|万|千)?\s*(?P<unit>美元|元)")
_COUNT_END = re.compile(r"[?？,，。;；:：、()（）]")
_MODIFIER = 6
_COUNTED_TAGS = ("n", "l", "vn", "j", "s", "eng")
# A question asking for places: a place it names holds them, so a sentence naming another place answers.
_ASKS_PLACE = re.compile(r"哪(?:些|个|座|几个)?(?:城市|国家|省份?|地区|地方|省市|城)|哪里|哪儿|什么地方|"
                         r"\bwhere\b|\bwhich (?:[a-z\-]+ ){0,2}(?:cit(?:y|ies)|countr(?:y|ies)|provinces?|regions?|places?)\b")
# A question asking a place in an order, and a sentence giving one (第三, 首, 排名2).
_ASKS_ORDINAL = re.compile(r"第几|第幾|\bwhich place\b|\bwhat rank\b")
_GIVEN_ORDINAL = re.compile(r"第\s*[一二三四五六七八九十百零两\d]+|首|排名\s*\d|位列\s*\d|\d+\s*(?:st|nd|rd|th)\b")
# The words a question asks a number with (jieba tags them "m").
_ASKS_NUMBER = re.compile(r"多少|几|多大|多高|多长")
# A comparison that asks by how much.
_ASKS_FIGURE = re.compile(r"多少|几倍|how (?:many|much)")
# What stands between a thing and the number said or asked of it: verbs, particles, adverbs (提升了, 已累计获得超);
# a verb of one character only when it is one of these (jieba tags 率 of 留存率 a verb too).
_BETWEEN = ("v", "u", "d", "p")
_SHORT_VERBS = set("是为达有超约")


def _between(word: str, flag: str) -> bool:
    if flag == "vn" or not flag.startswith(_BETWEEN):
        return False
    return not flag.startswith("v") or len(word) > 1 or word in _SHORT_VERBS


# What frames a topic without naming it ("在生活场景中" is about 生活场景).
_TOPIC_FRAME = re.compile(r"^(?:在|对于|对)|(?:中|里|上|方面)$")


def _noun_runs(form: str) -> list[str]:
    """The runs of nouns in `form` ("能源行业" of "能源行业的故障诊断准确率"), of three characters or more."""
    runs, run = [], ""
    for word, flag in tagged(form):
        if flag.startswith("n") or flag == "vn":
            run += word
        else:
            runs.append(run)
            run = ""
    return [r for r in runs + [run] if len(r) >= 3]


def _noun_before(tokens: tuple[tuple[str, str], ...], at: int, verbal: bool = True) -> str | None:
    """The noun just before `tokens[at]`, past the verbs, particles and adverbs between them ("成绩" of
    "成绩提升了多少"; with `verbal`, a verb used as a noun too: "融资"); None when something else comes first
    or it is a name."""
    j = at - 1
    while j >= 0 and _between(*tokens[j]):
        j -= 1
    flag = tokens[j][1] if j >= 0 else ""
    if (flag.startswith("n") or (verbal and flag == "vn")) and flag not in ("nr", "ns", "nt", "nz"):
        return tokens[j][0]
    return None


def _measures_differ(asked: str, said: str) -> bool:
    """True when two measures plainly differ: unrelated words (营收 and 融资), or rates, degrees or counts of
    unrelated things (准确率 and 成功率: 准确 and 成功)."""
    return unrelated(asked, said) or (asked[-1] == said[-1] and min(len(asked), len(said)) >= 3
                                      and unrelated(asked[:-1], said[:-1]))


def _number_word(tokens: tuple[tuple[str, str], ...]) -> int | None:
    """The index of the word a question asks a number with (多少, 几), if any."""
    return next((i for i, (w, flag) in enumerate(tokens) if flag == "m" and _ASKS_NUMBER.match(w)), None)


def _counted(text: str) -> str:
    """The thing counted by the words that start `text`, the rest of a text after a number and its measure
    word: its run of nouns, after the modifiers before a 的 ("真实的无人机": 无人机); "" when it starts
    with none. Names are not counted things."""
    text = _COUNT_END.split(text, maxsplit=1)[0]
    cut = text.find("的")
    if 0 <= cut <= _MODIFIER:
        text = text[cut + 1 :]
    words = list(tagged(text))
    # a verb or an adjective before the nouns modifies them: "模拟飞行器" counts 飞行器
    if len(words) > 1 and words[0][1] in ("v", "a") and words[1][1].startswith(_COUNTED_TAGS):
        words = words[1:]
    run = ""
    for word, flag in words:
        if not flag.startswith(_COUNTED_TAGS) or flag in ("nr", "ns", "nt"):
            break
        run += word
    return run


def _currency(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question asks an amount in one currency ("多少亿美元") and every amount of
    `sentence` in a currency is in another ("25亿元")."""
    asked = _ASKED_CURRENCY.search(form)
    if not asked:
        return None
    given = [m for m in _AMOUNT.finditer(sentence) if m.group("unit") in _CURRENCIES]
    if not given or any(m.group("unit") == asked.group("unit") for m in given):
        return None
    return asked.group().lstrip("多少几 "), (given[0].group("big") or "") + given[0].group("unit")


def _counts(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question counts one thing ("多少家医院") and `sentence` another ("数千所学校"):
    the sentence's count with the question's measure word, else its first; not "一个" or "一台", which
    more often mean "a" than count."""
    asked = _ASKED_COUNT.search(form)
    thing = _counted(form[asked.end() :]) if asked else ""
    if len(thing) < 2 or thing in sentence:
        return None
    given = [m for m in _GIVEN_COUNT.finditer(sentence) if m.group("number") != "一"]
    given.sort(key=lambda m: m.group("unit") != asked.group("unit"))
    other = next((t for t in (_counted(sentence[m.end() :]) for m in given) if len(t) >= 2), "")
    if other and other not in form and thing not in other:
        # named by what tells them apart: "海外企业落户" and "上下游企业落户" are 海外 and 上下游
        shared = len(os.path.commonprefix([thing[::-1], other[::-1]]))
        if shared and min(len(thing), len(other)) - shared >= 2:
            thing, other = thing[:-shared], other[:-shared]
        return thing, other
    return None


def analyse(question: str) -> Analysis:
    """The expected answer type and the constraints of `question`."""
    form = normalize_query(question).lower()
    english = not HAN.search(form)
    if several_parts(form) or _SEVERAL.search(form):
        # Each part has its own type and the best sentence answers one part: the type is not checked, and
        # of the constraints only those a sentence can contradict by naming another value (2024年 for 2025年).
        return Analysis(question, form, "en" if english else "zh", "parts",
                        constraints=[c for c in constraints(form) if c.kind in _CONTRADICTED])
    kind = next((name for name, pattern in (_EN_TYPES if english else _ZH_TYPES) if pattern.search(form)), "other")
    count = count_of(form, english) if kind == "list" else None
    term = "" if english else defined_term(form)
    return Analysis(question, form, "en" if english else "zh", kind, count, constraints(form), term=term)


def defined_term(form: str) -> str:
    """The term a question asks to be told what it is: 两翼 of "“中国脑计划”的“两翼”是什么？", LC假说 of
    "什么是LC假说？"; "" for other questions."""
    m = _DEFINED.search(form)
    term = next((g for g in m.groups() if g), "") if m else ""
    return term.strip(" “”「」『』\"'") if len(term.strip(" “”「」『』\"'")) >= 2 else ""


def is_heading(text: str) -> bool:
    """True for a short line without end punctuation: a heading, not a sentence that says something."""
    return len(text) <= 40 and not _TERMINAL.search(text) and not LEAD_IN.search(text)


def asks_question(sentence: str) -> bool:
    """True when `sentence` is a question (an interviewer's, in an article)."""
    return bool(_ASKS.search(sentence))


def several_parts(question: str) -> bool:
    """True when `question` asks more than one question ("…叫什么？…哪一年…？")."""
    return bool(_PARTS.search(question))


def count_of(form: str, english: bool = False) -> int | None:
    """How many things `form` says there are ("分为三类", "which three"), or None."""
    m = (_COUNT_EN if english else _COUNT_ZH).search(form)
    if not m:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _EN_DIGITS.get(word) or _CN_DIGITS.get(word)


# jieba's verbs, pronouns and grammar: never a name. Not `_FUNCTION_TAGS`, which holds adverbs and adjectives
# too, tags jieba gives some names (莫奈 an adverb, 微软 an adjective).
_NEVER_NAMES = ("v", "r", "p", "c", "u", "y", "e", "o")


def constraints(form: str) -> list[Constraint]:
    """The versions, periods, quantities, places and names that `form` (a question in search form) names."""
    out = [Constraint("version", v, _version_stem(v)) for v in dict.fromkeys(_versions(form))]
    out += [Constraint("period", p, "period") for p in _periods(form)]
    out += [Constraint("quoted", q) for q in dict.fromkeys(_QUOTED.findall(form)) if not _VERSION.fullmatch(q)]
    out += [Constraint("quantity", value, unit) for value, unit in _quantities(_VERSION.sub(" ", _months(_decades(form))))]
    out += [Constraint("rank", r, _post(r), owner) for r, owner in dict.fromkeys(_ranks(form))]
    change = _ASKED_CHANGE.search(form)
    if change:
        word = change.group(1)
        out.append(Constraint("direction", word, next(d for d, words in _DIRECTIONS.items() if word in words)))
    for word, flag in tagged(form):
        if flag == "ns" and _is_place(word) and not any(c.value == word for c in out):
            out.append(Constraint("place", word))
        elif flag in ("nr", "nt") and len(word) >= 2 and HAN.search(word):
            out.append(Constraint("entity", word))
        elif len(word) >= 2 and HAN.search(word) and flag[:1] not in _NEVER_NAMES and only_a_name(word):
            # jieba tags many words nrt or nz (纳米, 中文), and some names otherwise (莫奈 an adverb, 欧盟): one
            # the dictionary knows only as a name (奥迪, 阿里巴巴, 莫奈) counts, and only where no passage names
            # it (`known`); not a verb or a word of grammar (请问, "Excuse me")
            out.append(Constraint("entity", word, ABSENT_ONLY))
        elif flag == "eng" and len(word) >= 3 and word.isalpha() and HAN.search(form):
            # a name in Latin letters in a Chinese question (CES, Neuralink): the article must name it
            out.append(Constraint("entity", word))
    for word in PLACE_ALIASES:  # named as such; 世界 of 世界人工智能大会 is not a place asked about
        if word in form and not any(c.value == word for c in out):
            out.append(Constraint("place", word))
    return out


def substitution(form: str, sentence: str, window: str, article: str) -> tuple[str, str] | None:
    """(asked, said) when `sentence` says another word where the question `form` names one: the words
    beside it in the question stand beside another word in the sentence ("大模型推理内存" asked,
    "大模型训练内存" said; "国外10亿级" and "国内10亿级"). Only a word that the article uses elsewhere
    counts (it tells the two apart; a word it never uses is more often a paraphrase), or a name in Latin
    letters, and not one that names what is asked ("哪家公司"), nor a word the sentence refers to with 其 or 该."""
    question = tagged(form)
    candidates = [i for i, (w, flag) in enumerate(question)
                  if _content(w, flag, verb=True) and w not in _REPORTING and w not in _NOW and w not in _THEN
                  and (w in article or _modifier(question, i) or bool(_LATIN_WORD.fullmatch(w)))
                  and not any(_ASKING.fullmatch(t) for t, _ in question[max(0, i - 2) : i])]
    if not candidates:
        return None
    said = tagged(sentence)
    for i in candidates:
        word = question[i][0]
        # A word the sentence or its neighbours use is there to be referred to: only a swap between the
        # same two words on both sides counts for it.
        if any(a in sentence for a in aliases(word)) or any(_abbreviates(word, w) for w, _ in said):
            continue  # the sentence names it, perhaps in full (上海交通大学 for 上海交大)
        if _inserted(question, i, sentence):
            continue  # "通用人工智能[原本说]的三要素": the sentence has 通用人工智能的三要素, nothing in its place
        near = any(a in window for a in aliases(word))
        for step in (-1, 1):  # the word before it, then the word after it
            a = _next_word(question, i, step, _PAIRED)
            if a is None or len(question[a][0]) < 2 or question[a][1] == "x":
                continue
            if word not in article and step == -1 and not _LATIN_WORD.fullmatch(word):
                continue  # a word the article never uses counts only before the head it modifies
            for j, (token, _) in enumerate(said):
                k = _next_word(said, j, -step, _PAIRED) if token == question[a][0] else None
                if k is None:
                    continue
                other, flag = said[k]
                # "联想[在]CES上" names a place or time, "联想[的]AI PC" a kind of thing: no swap
                passed_q = {question[x][0].strip() for x in range(min(a, i) + 1, max(a, i))}
                passed_s = {said[x][0].strip() for x in range(min(j, k) + 1, max(j, k))}
                if {"在", "的"} <= passed_q ^ passed_s:
                    continue
                # A word the article never uses may be a paraphrase or a regional word (介面 for 接口): it
                # counts only when it and the sentence's word modify the head directly, are nouns of one
                # kind, and the dictionary tells them apart; or when both are names in Latin letters (OpenAI
                # and Neuralink), which no one writes for each other.
                latin = bool(_LATIN_WORD.fullmatch(word)) and bool(_LATIN_WORD.fullmatch(other))
                if word not in article and not latin and not (
                        k == j - 1 and _same_kind(question[i][1], flag) and unrelated(word, other)):
                    continue
                # Between the same two words on both sides ("大模型[训练|推理]速度"), a verb stands in the
                # asked word's place too.
                beyond_q, beyond_s = _next_word(question, i, -step), _next_word(said, k, -step)
                between = (beyond_q is not None and beyond_s is not None
                           and len(question[beyond_q][0]) >= 2 and question[beyond_q][0] == said[beyond_s][0])
                # A name in the asked word's place is another thing, not the asked one referred back to.
                named = bool(_LATIN_WORD.fullmatch(other)) or flag in ("nr", "nt", "nz", "ns", "nrt")
                if near and not between and not named:
                    continue
                if (other != word and _content(other, flag, verb=between) and other not in form and other not in _REPORTING
                        and _of_a_kind(question[i][1], flag)
                        and not (word in _FIELDS and other in _FIELDS)
                        # two verbs of one character in common are more often one action in two words
                        # (读取 and 解读, 提升 and 提高) than two actions
                        and not (question[i][1].startswith("v") and flag.startswith("v") and set(word) & set(other))
                        and _same_script_or_other_name(word, other) and not _abbreviates(word, other)
                        # one thing in two words (企业 and 公司, "company"); not two of a kind that share
                        # their head (北京大学 and 清华大学, "university")
                        and not (related(word, other) and not set(word) & set(other))
                        and not _refers_back(said, k)):
                    return word, other
    return None


def _abbreviates(a: str, b: str) -> bool:
    """True when the shorter of two words is the longer shortened: its characters in order within the
    longer's, the first the same, the longer at most twice as long (上海交大 of 上海交通大学, 北大 of 北京大学)."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 2 or short[0] != long_[0] or len(long_) > 2 * len(short) or short == long_:
        return False
    rest = iter(long_)
    return all(ch in rest for ch in short)


# Words that say something did not happen or is not so, before the word they deny (尚未明确, 并非基于).
_DENIED = re.compile(r"(?:尚未|并未|并非|没有|未能|无法|未|没|不)$")


def denied(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when a word the question (search form) says of its subject, a verb or an adjective
    of two or more characters (or a preposition with its object), stands in `sentence` only after a word
    that denies it: "已经明确了哪些细则" asked, "细则尚未明确" said. A yes/no question is answered by the
    denial, so it is not asked here."""
    for word, flag in tagged(form):
        if len(word) < 2 or not flag.startswith(("v", "a", "p")) or not HAN.fullmatch(word[0]):
            continue
        thing = _object_after(form, word)
        if flag == "p" and not thing:
            continue  # a preposition with its object is said or denied as a verb is (并非基于物理常识)
        at = [m.start() for m in re.finditer(re.escape(word), sentence)]
        # Said of the same object, where the question names one: "并非基于物理常识,而是基于四条基本原理" denies
        # 基于物理常识 though 基于 is said again of another thing.
        if thing:
            at = [i for i in at if thing in sentence[i + len(word) : i + len(word) + _OBJECT_REACH]] or at
        denials = [_DENIED.search(sentence[max(0, i - 2) : i]) for i in at]
        if at and all(denials) and not _DENIED.search(form[: form.find(word)]):
            return word, denials[0].group() + word
    return None


_OBJECT_REACH = 8  # characters after a verb within which the sentence names its object


def _object_after(form: str, verb: str) -> str:
    """The first noun of two or more characters after `verb` in the question `form`, past words that ask
    (几条): 物理 of "基于几条物理常识"; "" when a word of another kind comes first."""
    words = tagged(form[form.find(verb) + len(verb) :])
    for word, flag in words:
        if _ASKING.fullmatch(word) or word in ("几", "多少") or COUNTED_QUESTION.fullmatch(word):
            continue
        return word if flag.startswith("n") and len(word) >= 2 else ""
    return ""


# "…和浙江等省市": the kind a sentence says its list is of.
_LISTED_KIND = re.compile(r"等([\u4e00-\u9fff]{2})(?![\u4e00-\u9fff])")


# The noun that ends a question after 什么 or 哪 and a measure word ("治疗了什么疾病", "集中在哪些国家"):
# the kind of thing asked for.
_ASKED_KIND = re.compile(r"(?:什么|哪些|哪[一几两二三四五六七八九十]?[个家位种款项类所本份部篇座])([\u4e00-\u9fff]{1,4})[?？]?$")


def asked_kind(form: str) -> str:
    """The kind of thing a question (search form) asks for: 疾病 of "治疗了什么疾病", or ""."""
    m = _ASKED_KIND.search(form)
    return m.group(1) if m else ""


def listed_kind(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question asks for things of one kind ("集中在哪些国家") and `sentence` says
    the things it lists are of another that the dictionary tells apart ("北京、上海、广东和浙江等省市")."""
    kind, listed = asked_kind(form), _LISTED_KIND.search(sentence)
    if not kind or not listed:
        return None
    said = listed.group(1)
    if kind in sentence or said in form or (kind in _FIELDS and said in _FIELDS) or not unrelated(kind, said):
        return None
    return kind, said


# Words that qualify a figure, each in its own way; 年均 and 日均 are averages, as 年平均 is.
_QUALIFIERS = {"峰值": "峰值", "最高": "最高", "最低": "最低", "最大": "最大", "最小": "最小", "平均": "平均",
               "年均": "平均", "日均": "平均", "月均": "平均", "累计": "累计"}


def _qualifiers(text: str) -> dict[str, str]:
    """The kinds of figure that `text` qualifies one as (峰值, 平均…), each with the word it writes."""
    out: dict[str, str] = {}
    for word, kind in _QUALIFIERS.items():
        if word in text:
            out.setdefault(kind, word)
    return out


def unpaired(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question joins two names ("宝马与微软合作…") that `sentence` (search form)
    names only in different clauses, the first joined there with another: "宝马与亚马逊合作…,梅奥诊所和
    微软公司…" says 亚马逊, not 微软."""
    question = tagged(form)
    pair = next(((question[i - 1][0], question[i + 1][0]) for i in range(1, len(question) - 1)
                 if question[i][0] in _JOINING and _is_name(*question[i - 1]) and _is_name(*question[i + 1])), None)
    if pair is None or not all(name in sentence for name in pair):
        return None
    first, second = pair
    clauses = [c for c in _CLAUSE_CUT.split(sentence) if c.strip()]
    if any(first in c and second in c for c in clauses):
        return None
    tokens = tagged(next(c for c in clauses if first in c))
    at = next((i for i, (w, _) in enumerate(tokens) if first in w), None)
    said = ""
    if at is not None and at + 1 < len(tokens) and tokens[at + 1][0] in _JOINING:
        for word, flag in tokens[at + 2 :]:  # the name joined to it, of one or more words ("open ai")
            if not (_is_name(word, flag) or (said and not word.strip())):
                break
            said += word
    return second, said.strip()


def _is_name(word: str, flag: str) -> bool:
    """True for a name: in Latin letters, tagged a name by jieba, or glossed as one by the dictionary (微软,
    which jieba may tag otherwise)."""
    word = word.strip()
    return len(word) >= 2 and (bool(_LATIN_WORD.fullmatch(word)) or flag in _NAME_TAGS or bool(name_glosses(word)))


def reframed(form: str, sentence: str, article: str = "") -> tuple[str, str] | None:
    """(asked, said) when `sentence` repeats a stretch of the question `form` (both search form) with
    one short word swapped: "在一台[专业级]显卡" asked, "在一台[消费级]显卡" said; "发展[五]年行动计划" and
    "[三]年". Read character by character, so it needs no word list: the two words must sit between the
    same two runs of characters (each of two or more, together of five or more; a 的 beside a word is
    passed over), be of one to three characters each and of the same length, content (no asking word,
    no function character) and told apart (`_told_apart`: not 界面 and 接口, a regional word and the
    articles'; or one character apart, 腿部 and 手部, and not related by the dictionary); neither may be
    found on the other side. The sentence's neighbours do not count: with so much of the question around
    it, the swapped word is what this sentence says. The question's first character, or one of its first
    three, counts too when a run of three or more follows on both sides. Longer words, or words of different
    lengths, count after a longer stretch (`_LEAD`, `_LONG_FRAME`); `article` (compacted, lower case) tells
    whether the articles use the asked one at all. Characters and words of opposite sense, a name that
    starts the question, the word that ends it, a negation and a digit put in or left out count too."""
    runs = [b for b in _shared_runs(form, sentence) if b.size >= 2]
    gaps = [(_gap(form, left.a + left.size, right.a), _gap(sentence, left.b + left.size, right.b))
            for left, right in zip(runs, runs[1:]) if left.size + right.size >= _FRAME]
    # The question's first character before a run of three or more that the sentence has another one
    # before ("[半]侵入式…" and "[非]侵入式…", "[端]侧推理" and "[云]侧推理").
    first = runs[0] if runs else None
    lead = first is not None and first.a == 1 and first.size >= 3 and first.b >= 1
    if lead:
        gaps.insert(0, ((form[0], 0), (sentence[first.b - 1], first.b - 1)))
    elif first is not None and 2 <= first.a <= 3 and first.size >= 3 and first.b >= first.a:
        # ... or one of its first two or three characters ("近[五]年，北京…" and "近[三]年,北京…")
        before = sentence[first.b - first.a : first.b]
        apart = [i for i in range(first.a) if form[i] != before[i]]
        if len(apart) == 1:
            gaps.insert(0, ((form[apart[0]], apart[0]), (before[apart[0]], first.b - first.a + apart[0])))
        # or all of them, words of one kind, when the sentence repeats a long stretch of what follows
        # ("[稀疏]模型在多大参数规模后" and "[稠密]模型在72b参数规模后")
        elif len(apart) == first.a and sum(b.size for b in runs) >= _LONG_FRAME and _one_kind(form[: first.a], before):
            gaps.insert(0, ((form[: first.a], 0), (before, first.b - first.a)))
    # Two characters of opposite sense between the same runs ("自2023年[上]半年以来" and "[下]半年以来"): a swap
    # whichever words jieba cuts them into (上 is grammar elsewhere, 大批量生产 one word), named as the
    # sentence's word is cut. A character of each side is frame enough ("多少款[小]模型" and "30余款[大]模型"): few
    # pairs of characters are opposites.
    every = [b for b in _shared_runs(form, sentence) if b.size]
    for left, right in zip(every, every[1:]):
        at, said_at = left.a + left.size, left.b + left.size
        if (right.size >= 2 and left.size + right.size >= _OPPOSED_FRAME and right.a - at == right.b - said_at == 1
                and opposed(form[at], sentence[said_at])):
            cut = _word_spans(sentence)
            start, end = _word_span(cut, said_at) or (said_at, said_at + 1)
            # a character cut alone is named with the word after it: 小批量
            after = _word_span(cut, end)
            if end - start == 1 and after and after[0] == end:
                end = after[1]
            said_word = sentence[start:end]
            asked_word = said_word[: said_at - start] + form[at] + said_word[said_at - start + 1 :]
            if asked_word not in sentence and said_word not in form:
                return asked_word, said_word
    for asked, said in gaps:
        if not (asked and said and len(asked[0]) == len(said[0]) <= 3 and _content_run(asked[0])
                and _content_run(said[0])):
            continue
        if not (_told_apart(asked[0], said[0]) or _a_pair(asked[0], said[0])):
            continue
        # A character of a longer word may be a synonym's (办 of 创办, 立 of 创立); one jieba cuts
        # alone is a word of its own (长 and 短 of 长视频 and 短视频).
        numeral = asked[0].isdigit() or asked[0] in _CN_DIGITS
        if len(asked[0]) == 1 and not numeral and not (_alone(form, asked[1]) and _alone(sentence, said[1])
                                                       or _words_apart(form, asked[1], sentence, said[1])):
            continue
        # A character is looked for, and named, in its word: 长 of "长视频" is not the 长 of 增长.
        asked_word, said_word = _word_at(form, *asked), _word_at(sentence, *said)
        if lead and asked[1] == 0:  # named with the run it leads: 半侵入式, 非侵入式
            run = form[first.a : first.a + min(first.size, 3)]
            asked_word, said_word = asked[0] + run, said[0] + run
        if asked_word not in sentence and said_word not in form:
            return asked_word, said_word
    swapped = _opposite_at_an_edge(form, sentence, runs) or _last_word_swapped(form, sentence, runs)
    if swapped:
        return swapped
    # The question's first word, a name, before a long stretch that the sentence has another name before:
    # "[meta]声称自主研发的医疗大模型" and "日前,[谷歌]声称自主研发的医疗大模型" (jieba cuts 谷|歌声|称).
    if (first is not None and 2 <= first.a <= _LEAD_NAME and first.size >= _FRAME and first.b >= 2
            and HAN.search(form)):
        asked = form[: first.a].strip()
        said = _WORD_END.search(sentence[: first.b].rstrip())
        if said and _leads_as_name(asked) and 2 <= len(said.group()) <= 6 and _content_run(said.group()):
            said = said.group()
            latin = [bool(_LATIN_WORD.fullmatch(w)) for w in (asked, said)]
            apart = _same_script_or_other_name(asked, said) if latin[0] != latin[1] else latin[0] or _told_apart(asked, said)
            if apart and asked not in sentence and said not in form:
                return asked, said
    # A word of negation put in, or left out, within a shared stretch: "第一例[非]侵入式" and "第一例侵入式";
    # or a digit of a number: "关注的十[五]大前沿风向" and "关注的十大前沿风向".
    for left, right in zip(runs, runs[1:]):
        if left.size + right.size < _FRAME:
            continue
        asked, said = form[left.a + left.size : right.a], sentence[left.b + left.size : right.b]
        if "" not in (asked, said) or len(asked + said) != 1:
            continue
        if asked + said in _NEGATIONS:
            plain = form[right.a : right.a + 3]
            return (asked + plain, plain) if asked else (plain, said + plain)
        if _is_numeral(asked + said) and _is_numeral(form[right.a - len(asked) - 1]):
            number = _NUMBER_BEFORE.search(form[: right.a - len(asked)]).group()
            unit = form[right.a : right.a + 1]
            return (number + asked + unit, number + unit) if asked else (number + unit, number + said + unit)
        # ... or before one: "探讨的[二]十大前沿方向" and "探讨的十大前沿方向"
        if _is_numeral(asked + said) and _is_numeral(form[right.a]):
            number = _NUMBER_AFTER.match(form[right.a :]).group()
            unit = form[right.a + len(number) : right.a + len(number) + 1]
            return asked + number + unit, said + number + unit
    # Longer words, or words of different lengths, after a long shared stretch ("人民大学与[斯坦福|伊利诺伊]
    # 大学", "在[帕金森病|渐冻症]辅助治疗方面", "是[算力增长|模型扩展]速度的"): of two to six characters
    # without the grammar at their ends, none in common, and told apart by the dictionary or, for the asked
    # one, not used anywhere in the article; not a figure where the question has a word.
    for left, right in zip(runs, runs[1:]):
        # a short run before the words counts when a long one follows them ("专注[激光雷达|视觉感知]的龙头企业…")
        if left.size < 2 or (left.size < _LEAD and right.size < _LONG_FRAME) or left.size + right.size < _LONG_FRAME:
            continue
        # "哪[种疾病]" is part of what is asked, "[这种病]" points back to what was named
        if form[left.a + left.size - 1] in _ASKING_CHARACTERS or form[left.a + left.size : right.a].lstrip()[:1] in _POINTING:
            continue
        a = _GRAMMAR_ENDS.sub("", form[left.a + left.size : right.a].strip())
        s = _GRAMMAR_ENDS.sub("", sentence[left.b + left.size : right.b].strip())
        if len(a) == len(s) <= 3:
            continue  # read above, character by character
        if _FIGURE.search(s) and not any(map(_is_numeral, a)):
            continue  # a figure where the question describes ("撬动[更大|10倍]模型规模"): the figure says how much
        if (2 <= len(a) <= 6 and 2 <= len(s) <= 6 and _content_run(a) and _content_run(s) and not set(a) & set(s)
                and (_told_apart(a, s) or (bool(article) and a not in article))
                and a not in sentence and s not in form):
            return a, s
    return None


def _opposite_at_an_edge(form: str, sentence: str, runs: list[difflib.Match]) -> tuple[str, str] | None:
    """(asked, said) for two words of opposite sense (`OPPOSITE_WORDS`) at the same edge of what the question
    and the sentence put between two of their shared `runs`, or after the last: "性能[下降]在哪些方向" and
    "性能[提升]不少", "哪座城市[落后]一步" and "深圳[抢先]一步"."""
    edges = []
    for left, right in zip(runs, runs[1:]):
        if left.size + right.size >= _FRAME:
            asked, said = form[left.a + left.size : right.a], sentence[left.b + left.size : right.b]
            # The two words may share their last character, which the run after them then holds: "持[悲]观态度"
            # and "持谨慎[乐]观态度".
            edges += [(asked + form[right.a : right.a + k], said + form[right.a : right.a + k]) for k in (0, 1)]
    if runs and sum(b.size for b in runs) >= _LONG_FRAME:
        edges.append((form[runs[-1].a + runs[-1].size :], sentence[runs[-1].b + runs[-1].size :]))
    for asked, said in edges:
        for pair in OPPOSITE_WORDS:
            for x, y in (tuple(pair), tuple(pair)[::-1]):
                at_edge = (asked.startswith(x) and said.startswith(y)) or (asked.endswith(x) and said.endswith(y))
                if at_edge and x not in sentence and y not in form:
                    return x, y
    return None


def _last_word_swapped(form: str, sentence: str, runs: list[difflib.Match]) -> tuple[str, str] | None:
    """(asked, said) for the word a question ends with, after a long stretch the sentence repeats, and
    another word the sentence goes on with: "用意念控制了一条什么样的机械[腿]" and "利用意念控制了一台机械[手臂]";
    or for the word that ends a clause of the question after a long stretch of its own: "机器人能翻跟斗、[游泳]，
    说明了什么" and "机器人能翻跟斗、[跑步]，可以看出"."""
    if not runs or sum(b.size for b in runs) < _LONG_FRAME:
        return None
    last = runs[-1]
    ends = [(last, form[last.a + last.size :].rstrip("?？!！。 ").removesuffix("吗").removesuffix("呢"))]
    for run in runs:
        clause = _CLAUSE_END.match(form, run.a + run.size)
        if run.size >= _LONG_FRAME and clause:
            ends.append((run, clause.group(1)))
    cut = _word_spans(sentence)
    for run, asked in ends:
        end = run.b + run.size  # where the sentence goes on
        span = _word_span(cut, end)
        said = sentence[span[0] : span[1]] if span and span[0] == end else ""
        if not (asked and said and len(asked) <= 4 and _content_run(asked) and _content_run(said)
                and asked not in sentence and said not in form
                and (opposed(asked, said) or _told_apart(asked, said) and _one_kind(asked, said))):
            continue
        # a single character is named with the word before it: 机械腿 and 机械手臂
        before = _word_span(cut, end - 1) if len(asked) == 1 else None
        lead = sentence[before[0] : end] if before and before[0] >= run.b else ""
        return lead + asked, lead + said
    return None


def premodified(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question `form` and `sentence` (both search form) share a stretch of at least
    `_HEAD` characters that each has another word directly before: "[线上]业务收缩时" asked, "[线下]业务收缩时"
    said; "在[短]文本处理中" and "在[长]文本处理中". The words are whole words (jieba's cut) of one kind,
    nouns or adjectives, that the dictionary tells apart (`_told_apart`, or glosses of no stem in common:
    线上 "online", 线下 "offline"), or two words one character apart that it does not relate (国外 and 国内,
    闭源 and 开源, whose shared character may start the stretch); the asked word with the stretch is nowhere
    in the sentence, and the sentence's word nowhere in the question. The stretch starts with a noun, the
    head the words modify, perhaps after an adjective (大模型): not with a verb, nor with a 的 unless the
    words are one character apart (words before a 的 are often said in other words)."""
    if not HAN.search(form):
        return None
    asked_cut, said_cut = _word_spans(form), _word_spans(sentence)
    for block in _shared_runs(form, sentence):
        a, b, end = block.a, block.b, block.a + block.size
        wa, ws = _word_over(asked_cut, a), _word_over(said_cut, b)
        if wa and ws:
            # the stretch starts inside a word of each, at the same place in words of one length: "闭[源社区…]"
            if not (a - wa[0] == b - ws[0] and wa[1] - a == ws[1] - b):
                continue
            a, b = wa[1], ws[1]
            starts = (wa[0], ws[0])
        else:
            # inside a word of one only ("[公共]服务平台" cut 公共服务|平台): the part of it before the stretch
            starts = (wa[0] if wa else asked_cut.get(a), ws[0] if ws else said_cut.get(b))
            if None in starts or min(a - starts[0], b - starts[1]) < (2 if wa or ws else 1):
                continue
        head = form[a:end]
        owned = head.startswith("的")
        if len(head) < _HEAD or sum(ch.isalpha() for ch in head) < 3 or not _names_a_thing(head.lstrip("的")):
            continue
        asked, said = form[starts[0] : a], sentence[starts[1] : b]
        # "[内存]降低到" and "内存[使用量]降低到", "[机器人]行动方案" and "机器人[产业创新发展]行动方案": words
        # put in after the asked one are no swap.
        put_in = asked in sentence[max(0, starts[1] - _PUT_IN) : starts[1]]
        if (asked == said or put_in or not _modifier_word(asked) or not _modifier_word(said) or asked + head in sentence
                or said in form or not _one_kind(asked, said)):
            continue
        if _a_pair(asked, said) or (not owned and (_told_apart(asked, said) or unrelated(asked, said, shared=True))):
            return asked, said
    return None


@lru_cache(maxsize=1024)
def _shared_runs(form: str, sentence: str) -> tuple[difflib.Match, ...]:
    """The runs of characters the question `form` and `sentence` share, in order (difflib's matching
    blocks, the last of size 0): `reframed` and `premodified` read the same pair."""
    return tuple(difflib.SequenceMatcher(None, form, sentence, autojunk=False).get_matching_blocks())


def _word_span(cut: dict[int, int], at: int) -> tuple[int, int] | None:
    """(start, end) of the word of `cut` (`_word_spans`) that holds the character at `at`."""
    return next(((start, end) for end, start in cut.items() if start <= at < end), None)


def _word_over(cut: dict[int, int], at: int) -> tuple[int, int] | None:
    """(start, end) of the word of `cut` that holds `at` inside it, not at its start."""
    span = _word_span(cut, at)
    return span if span and span[0] < at else None


def _one_apart(a: str, b: str) -> bool:
    """True when two words of two or more characters differ in exactly one place (开源 and 闭源)."""
    return len(a) == len(b) >= 2 and sum(x != y for x, y in zip(a, b)) == 1


def _a_pair(a: str, b: str) -> bool:
    """True for two words one character apart that the dictionary does not relate (国外 and 国内, 腿部 and 手部):
    two of a pair, not one thing said two ways (创办 and 创立, "to found")."""
    return _one_apart(a, b) and not related(a, b)


# The characters of the words that ask (哪, 什么, 多少…): no part of a word in a place.
_ASKING_CHARACTERS = "哪什么多少几谁怎如何吗呢"
# The least length of the stretch a swapped word stands before in `premodified`, and how far before the
# sentence's word the asked one may stand with words put in between.
_HEAD = 4
_PUT_IN = 8
_NOT_A_MODIFIER = re.compile(rf"[{_ASKING_CHARACTERS}\s\W\d]")


def _names_a_thing(stretch: str) -> bool:
    """True when the first word jieba cuts `stretch` into, after any adjective (大 of 大模型), is a noun (业务 of
    业务收缩时, 研制 of 研制项目), the head a word before it may modify; not a verb (降低到之前的) nor grammar
    (的柔性…)."""
    flags = [flag for _, flag in tagged(stretch)]
    while flags and flags[0] in ("a", "b"):
        flags.pop(0)
    return bool(flags) and (flags[0] in _NOUN_TAGS or flags[0] == "j")


@lru_cache(maxsize=8192)
def _word_spans(text: str) -> dict[int, int]:
    """Where each word of `text` that jieba cuts ends -> where it starts (cached: do not change it)."""
    from .lexical import _jieba

    return {end: start for _, start, end in _jieba().tokenize(text)}


def _modifier_word(word: str) -> bool:
    """True for a word of one to four characters that asks nothing, holds no digit and is not all grammar."""
    return 1 <= len(word) <= 4 and not _NOT_A_MODIFIER.search(word) and not all(ch in _GRAMMAR for ch in word)


def _one_kind(asked: str, said: str) -> bool:
    """True when two words, each tagged alone, are nouns of one kind (`_same_kind`), or both adjectives,
    distinguishing words or words of place (稀疏 and 稠密, 国内 and 国外)."""
    flags = [(tagged(w) or (("", "eng"),))[0][1] for w in (asked, said)]
    return _same_kind(*flags) or (flags[0] == flags[1] and flags[0] in ("a", "b", "s"))


def _leads_as_name(word: str) -> bool:
    """True when `word`, the start of a Chinese question, is a name: in Latin letters, or one word that
    jieba tags a name."""
    tokens = tagged(word)
    return bool(_LATIN_WORD.fullmatch(word)) or (len(tokens) == 1 and tokens[0][1] in _NAME_TAGS)


def shortened(word: str) -> set[str]:
    """`word`, of four characters or more, with one left out (金融业 of 金融行业): how a name or a field is
    often written short."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))} if len(word) >= 4 else set()


def _is_numeral(character: str) -> bool:
    """True for a digit, in figures or in words."""
    return character.isdigit() or character in _CN_NUMERALS


def _word_at(text: str, word: str, start: int) -> str:
    """`word`, found at `start` of `text`, as a word: a single character with the word it belongs to
    (五年), or, when jieba cuts it alone, with the noun after it (长视频) or the word before it (干预前)."""
    if len(word) > 1:
        return word
    tokens = tagged(text)
    i = _token_at(text, start)
    if i is None:
        return word
    token, flag = tokens[i]
    token = token.strip(_PARTICLES) or token
    if len(token) > 1:
        return token
    before = tokens[i - 1][0] if i else ""
    after, after_flag = tokens[i + 1] if i + 1 < len(tokens) else ("", "")
    if token.isdigit() and HAN.fullmatch(after[:1]):
        return token + after[:1]  # a number with what it counts: "3步"
    # 前 and 后 (jieba's "f", a place in time or space) belong to the word before them
    if flag != "f" and len(after) > 1 and after_flag in _NOUN_TAGS:
        return token + after
    return before + token if len(before) > 1 and HAN.search(before) else token


def _gap(text: str, start: int, end: int) -> tuple[str, int] | None:
    """The characters of `text` between `start` and `end` without a 的, 了 or space at either end ("前的" of
    "干预前的任务", "了低" of "发布了低内存"), nor a word of grammar before them ("把刚" of "把刚性电极"), with
    where they start; None when nothing is left."""
    word = text[start:end]
    trimmed = word.strip(_PARTICLES + " ").lstrip(_GRAMMAR)
    return (trimmed, start + word.index(trimmed)) if trimmed else None


# The longest name read at a question's start, and a word at the end of a text, in Latin letters or Han.
_LEAD_NAME = 8
_WORD_END = re.compile(r"[a-z0-9\-]+$|[\u4e00-\u9fff]+$")
_CN_NUMERALS = "零一二两三四五六七八九十百千万亿"
_NUMBER_BEFORE = re.compile(rf"[\d{_CN_NUMERALS}]+$")
_NUMBER_AFTER = re.compile(rf"[\d{_CN_NUMERALS}]+")
_CLAUSE_END = re.compile(r"([^,，;；:：。?？]{1,4})[,，;；]")  # the last word of a clause and its comma
# Characters that point back to something named before (这种病, 该公司).
_POINTING = "这那该此其"
# Characters that negate the word they stand before (非侵入式, 不同).
_NEGATIONS = "非不无未"
# The least length of the two runs around a swapped word, together: shorter ones match by chance.
_FRAME = 5
_OPPOSED_FRAME = 3  # characters of the runs around two characters of opposite sense
# For words of different lengths, which a paraphrase gives more often: the least length of the run
# before them, and of the two runs together.
_LEAD = 4
_LONG_FRAME = 7
# Characters of grammar and asking, and marks: a word of them is no fact of its own.
_PARTICLES = "的了"  # passed over beside a swapped word
_GRAMMAR = "的了是为在于已将被把与和及等之着过也都就其该这那并而且或对向从到以会能可要上下中"
_NOT_CONTENT = re.compile(rf"[{_GRAMMAR}{_ASKING_CHARACTERS}\s\W]")
# Words of grammar at either end of a stretch ("已经是[模型扩展]"): not part of the word in a place.
_GRAMMAR_ENDS = re.compile(rf"^(?:已经|[{_GRAMMAR}])+|[{_GRAMMAR}]+$")


def _told_apart(asked: str, said: str) -> bool:
    """True when two words plainly name different things: two numbers of different values (五 and 三), two
    single characters (which `reframed` counts only when jieba cuts each alone), or words the dictionary
    tells apart and that are not one word in Taiwan's and the mainland's usage (呼叫 is Taiwan's 调用)."""
    numbers = [int(w) if w.isdigit() else _CN_DIGITS.get(w) for w in (asked, said)]
    if None not in numbers:
        return numbers[0] != numbers[1]
    if len(asked) == 1:
        return True
    return unrelated(asked, said) and converter("tw2sp").convert(asked) != said


def _alone(text: str, start: int) -> bool:
    """True when jieba cuts the character at `start` of `text` as a word of its own, or with no more than a
    particle beside it ("了低" of "发布了低内存")."""
    i = _token_at(text, start)
    return i is not None and len(tagged(text)[i][0].strip(_PARTICLES)) == 1


def _words_apart(form: str, asked: int, sentence: str, said: int) -> bool:
    """True when the characters at `asked` of `form` and `said` of `sentence` belong to words of the same
    length and kind that the dictionary tells apart though they share a character (刚性 "rigid" and 柔性
    "flexible"; not 创办 and 创立, "to found")."""
    a, s = _word_holding(form, asked), _word_holding(sentence, said)
    return (len(a) == len(s) >= 2 and a != s and a not in sentence and s not in form
            and _one_kind(a, s) and unrelated(a, s, shared=True))


def _word_holding(text: str, at: int) -> str:
    """The word jieba cuts `text` into that holds the character at `at` (its plain cut, which keeps 刚性 whole)."""
    span = _word_span(_word_spans(text), at)
    return text[span[0] : span[1]] if span else ""


def _token_at(text: str, start: int) -> int | None:
    """The index, among the words jieba cuts `text` into, of the word that holds the character at `start`."""
    at = 0
    for i, (token, _) in enumerate(tagged(text)):
        if at <= start < at + len(token):
            return i
        at += len(token)
    return None


def _same_script_or_other_name(word: str, other: str) -> bool:
    """True when `word` and `other` are written in the same script, or when one is a Chinese name whose
    dictionary glosses do not spell the other (谷歌 and OpenAI; not 谷歌 and Google, one company, nor
    人工智能 and AI, which the dictionary does not give as a name)."""
    latin = [bool(_LATIN_WORD.fullmatch(w)) for w in (word, other)]
    if latin[0] == latin[1]:
        return True
    han, spelled = (other, word) if latin[0] else (word, other)
    names = name_glosses(han)
    return bool(names) and not any(spelled in g.replace(" ", "") for g in names)


def _content_run(text: str) -> bool:
    """True when `text` has no character of grammar, asking or punctuation."""
    return not _NOT_CONTENT.search(text)


# Tags of words that name no thing (verbs, adjectives, particles, numbers, pronouns…); "vn" (a verb used
# as a noun: 训练) names one. jieba tags 推理 "v" in some questions, so an asked word may be a verb.
_FUNCTION_TAGS = ("v", "a", "p", "u", "d", "c", "r", "m", "f", "x", "q", "y", "e", "o", "z")
# Words that ask which thing: the word after one names what is asked ("哪家公司"), not a constraint. A count
# (多少所大学) is not one of them: what it counts is asked about, and 学校 for 大学 is another count.
_ASKING = re.compile(r"哪[一几两二三四五六七八九十]?[个家位种款项类所本份部篇座些]?|什么")
# "多少倍", "几亿": a question word with the unit it asks in, cut by jieba as one word.
COUNTED_QUESTION = re.compile(r"(?:多少|几)[个倍亿万千百岁年天次位家款项所台名种条篇人块类点步]")
_LATIN_WORD = re.compile(r"[a-z0-9.\-]+")
_PASSED_OVER = {"的", "之", "了", "在", "“", "”", "「", "」", '"', "'", ""}
# Words that join two parties ("宝马与亚马逊合作").
_JOINING = ("与", "和", "同", "跟")
# Words that pair two things: the thing beside the other one of a pair ("梅奥诊所和[谷歌|微软公司]") is in the
# same place as a word beside it.
_PAIRED = frozenset({"和", "与", "及"})
# Verbs that report what someone says or thinks: articles write 认为, 表示 and 坦言 of the same remark, so
# one in place of another is not another thing.
_REPORTING = {"认为", "表示", "坦言", "指出", "强调", "说道", "称", "透露", "提到", "谈到", "看来", "介绍", "告诉"}
# The kinds of constraint a sentence contradicts by naming another value of the same kind.
_CONTRADICTED = ("version", "period", "quantity", "rank", "quoted", "direction")
# Words of a change up and of a change down; a question asking how much a thing rose ("提升了多少",
# "下降吗") is not answered by a sentence that says it fell, or rose.
_DIRECTIONS = {"up": ("提升", "提高", "增长", "增加", "上升", "增至", "升至", "扩大"),
               "down": ("降低", "下降", "减少", "下滑", "降至", "缩小", "减至", "缩减")}
_ASKED_CHANGE = re.compile(
    "(" + "|".join(w for words in _DIRECTIONS.values() for w in words) + r")(?:了|约|大约)*(?:多少|几|吗)")
# Words that name the field of the word before them ("政务领域", "政务场景"): one for another is no
# other field.
_FIELDS = frozenset({"领域", "场景", "方面", "行业", "层面", "方向", "板块", "赛道", "业务"})
# Words for the time of speaking: a question's "now" is the article's, which need not say it.
_NOW = {"现在", "目前", "如今", "当前", "眼下", "当下", "现阶段", "时下"}
# Words for the time before it: the article may say 传统上 or 以往 of what a question asks of 过去.
_THEN = {"过去", "以往", "此前", "以前", "从前", "原来", "曾经", "传统"}
# A word that refers back: one that points (该公司, 其) or a pronoun (他, 它, 上述).
_REFERRING = re.compile("^(?:[" + _POINTING + "]|他|她|它|本|上述)")


def _content(word: str, flag: str, verb: bool = False) -> bool:
    """True for a word that names a thing (with `verb`, an action too)."""
    word = word.strip()
    if _LATIN_WORD.fullmatch(word):
        return len(word) >= 2 and not word.isdigit()
    return len(word) >= 2 and word not in _PASSED_OVER and (
        flag == "vn" or (verb and flag == "v") or not flag.startswith(_FUNCTION_TAGS))


# Tags of nouns, and of the nouns that are names.
_NOUN_TAGS = ("n", "vn", "nz", "nt", "nr", "ns", "nrt", "nrfg", "eng")
_NAME_TAGS = ("nz", "nt", "nr", "ns", "nrt", "nrfg", "eng")


def _modifier(tokens: tuple[tuple[str, str], ...], i: int) -> bool:
    """True when the noun `tokens[i]` stands before another noun of two characters or more, the head it
    modifies (办公 of 办公场景, 软件 of 软件学院): another word before the same head in a sentence names
    another thing of that kind, whether or not the article ever uses the asked word."""
    j = _next_word(tokens, i, 1)
    return (tokens[i][1] in _NOUN_TAGS and j is not None and tokens[j][1] in _NOUN_TAGS
            and len(tokens[j][0].strip()) >= 2)


def _of_a_kind(asked: str, said: str) -> bool:
    """True when a word tagged `said` may stand where one tagged `asked` does: any word for a noun (上下游
    for 机器人 before 企业), a word of the same part of speech for any other (not 出产地 for 主要)."""
    return asked in _NOUN_TAGS or asked[:1] == said[:1]


def _same_kind(asked: str, said: str) -> bool:
    """True when two words' tags are of one kind: both nouns, and a name only for a name (画家 may
    describe 梵高; it is not another name)."""
    return asked in _NOUN_TAGS and said in _NOUN_TAGS and (asked in _NAME_TAGS) == (said in _NAME_TAGS)


def _next_word(tokens: tuple[tuple[str, str], ...], i: int, step: int,
               passed: frozenset[str] = frozenset()) -> int | None:
    """The index of the word next to `tokens[i]` in direction `step`, passing over 的, 了, 在, quote marks
    and `passed`."""
    j = i + step
    while 0 <= j < len(tokens) and (tokens[j][0].strip() in _PASSED_OVER or tokens[j][0] in passed):
        j += step
    return j if 0 <= j < len(tokens) else None


def _inserted(tokens: tuple[tuple[str, str], ...], i: int, sentence: str) -> bool:
    """True when `sentence` writes the content words on either side of `tokens[i]` side by side (with at
    most a 的 or 之 between): the question's word was put in, not put in place of another."""
    sides = [next((j for j in range(i + step, -1 if step < 0 else len(tokens), step)
                   if len(tokens[j][0]) > 1 and _content(*tokens[j])), None) for step in (-1, 1)]
    if None in sides:
        return False
    before, after = (tokens[j][0] for j in sides)
    return re.search(re.escape(before) + "[的之]?" + re.escape(after), sentence) is not None


def _refers_back(tokens: tuple[tuple[str, str], ...], k: int) -> bool:
    """True when the phrase ending at `tokens[k]` starts with 其, 该 or the like ("其每百万Token的API")."""
    for token, flag in reversed(tokens[max(0, k - 3) : k + 1]):
        if flag == "x":
            return False
        if _REFERRING.match(token):
            return True
    return False


def _versions(text: str) -> list[str]:
    """The versions `text` names, a name and its number written apart counted as one (playstation7); not
    a decade (1980s)."""
    return [v for v in _VERSION.findall(_SPACED_VERSION.sub(r"\1", text)) if not chinese_decade(v)]


def _decades(text: str) -> str:
    """`text` with an English decade written as Chinese writes it ("the 1980s" -> "the 80年代")."""
    return re.sub(rf"(?<![a-z0-9]){DECADE.pattern}(?![a-z0-9])", lambda m: chinese_decade(m.group()), text)


def _months(text: str) -> str:
    """`text` with an English month, and the day after it, written as Chinese writes them ("on february 16"
    -> "on 2月16日"; "may" only before a number, being a verb too)."""
    return _MONTH.sub(lambda m: f"{MONTHS[m.group(1)]}月" + (f"{m.group(2)}日" if m.group(2) else ""), text)


_MONTH = re.compile(r"\b(" + "|".join(m for m in MONTHS if m != "may") + r"|may(?=\s*\d))\b(?:\s+(\d{1,2})\b(?!\s*,?\s*\d{3}))?")


def _periods(text: str) -> list[str]:
    """The periods `text` counts over, by name (日 for 每天 and 日均)."""
    return [name for name, pattern in _PERIOD if pattern.search(text)]


def _written(period: str, text: str) -> str:
    """How `text` writes `period` (日均 for 日)."""
    return next(m.group() for name, pattern in _PERIOD if name == period for m in [pattern.search(text)] if m)


def _version_stem(token: str) -> str:
    """The name a family of versions shares: gpt of gpt-4o, deepseek of deepseek-r1, b of 70b."""
    lead = re.match(r"[a-z]+", token)
    return lead.group() if lead else re.sub(r"[\d.\-]", "", token)


def _quantities(text: str) -> list[tuple[str, str]]:
    """(value, unit) of the numbers of `text` that carry a unit; a bare year counts as a year, and a span
    of years ("2024-2033年") as one value, not as its first year."""
    out = []
    for m in _QUANTITY.finditer(_YEAR_SPAN.sub(" ", text)):
        number = m.group(1)
        unit = m.group(2) or ("年" if _YEARLIKE.fullmatch(number) else "")
        if unit:
            out.append((number + unit, unit))
    out += [(m.group(1), "量级") for m in _SCALE.finditer(text)]
    out += [(f"第{m.group(1) or '一'}{m.group(3)}", "第" + m.group(3)) for m in _ORDINAL.finditer(text)]
    return out + [(f"{m.group(1)}-{m.group(2)}年", "年") for m in _YEAR_SPAN.finditer(text)]


def _ranks(text: str) -> list[tuple[str, str]]:
    """The posts `text` names, a deputy's, an honorary or an assistant's one as such (副所长, 名誉院长,
    主任助理; 副 may stand apart: 副/主任), each with the name just before it that says whose post it is
    ("" when none)."""
    tagged_text = tagged(text)
    out = []
    for i, (word, _) in enumerate(tagged_text):
        base = word.removeprefix("副")
        if base not in _POSTS:
            continue
        apart = word == base and i > 0 and tagged_text[i - 1][0] in _POST_PREFIXES
        prefix = "副" if word != base else tagged_text[i - 1][0] if apart else ""
        j = i - 1 - apart
        j -= j >= 0 and tagged_text[j][0] == "的"
        names = []
        while j >= 0 and len(names) < 3 and _content(*tagged_text[j]):
            names.insert(0, tagged_text[j][0])
            j -= 1
        after = tagged_text[i + 1][0] if i + 1 < len(tagged_text) else ""
        out.append((prefix + base + (after if after in _POST_SUFFIXES else ""), "".join(names)))
    return out


def _post(rank: str) -> str:
    """The post of a rank without its prefix (院长 of 名誉院长)."""
    return next(rank[len(p):] for p in sorted(_POST_PREFIXES | {""}, key=len, reverse=True) if rank.startswith(p))


def _post_after(owner: str, text: str) -> str | None:
    """The post `text` gives just after `owner` ("理事长" of "北京智源人工智能研究院理事长黄铁军"); None when
    `text` does not name `owner` or names no post after it."""
    text = compact(text).lower()
    at = text.find(owner.lower()) if owner else -1
    m = _RANK_AFTER.match(text, at + len(owner)) if at >= 0 else None
    return m.group(1) if m else None


def aliases(word: str) -> tuple[str, ...]:
    """The ways the articles write the place `word` is one of (国内 and 国产 for 中国, 世界 for 全球); of
    two places written as one word (中美), either's."""
    if len(word) == 2 and all(ch in _PLACE_INITIALS for ch in word):
        return (word,) + tuple(a for ch in word for a in aliases(_PLACE_INITIALS[ch]))
    return next((group for group in PLACE_ALIASES.values() if word in group), (word,))


# The one-character names of places that pair into one word (中美, 中欧, 京沪): a sentence about either
# place is about the pair.
_PLACE_INITIALS = {"中": "中国", "美": "美国", "欧": "欧洲", "日": "日本", "英": "英国", "德": "德国", "法": "法国",
                   "俄": "俄罗斯", "韩": "韩国", "京": "北京", "沪": "上海", "深": "深圳"}


def _is_place(word: str) -> bool:
    """True for a word jieba tags a place that is one (not 城市, nor 上岗, which the dictionary glosses
    "to take up one's post")."""
    return len(word) >= 2 and word not in _NOT_PLACES and names_a_place(word)


def places(words: list[str]) -> list[str]:
    """Those of `words` that name a place (北京 of the glossary's words for "Beijing")."""
    return [w for w in words if len(tagged(w)) == 1 and tagged(w)[0][1] == "ns" and _is_place(w)]


def _names(c: Constraint, text: str) -> bool:
    """True when `text` names the value of `c` (a version as a whole token, not gpt-4 inside gpt-4o)."""
    if c.kind == "version":  # a model asked by its short name (V3, R1) is named by DeepSeek-V3 too
        return any(v == c.value or v.endswith("-" + c.value) for v in _versions(text))
    if c.kind == "period":
        return c.value in _periods(text)
    if c.kind == "quantity":
        return any(v == c.value for v, _ in _quantities(text))
    if c.kind == "rank":  # the post of whom the question asks, when the text names them
        after = _post_after(c.owner, text)
        if after is None or after == c.value:
            return after == c.value or any(r == c.value for r, _ in _ranks(text))
        # another post after the name; the asked one may still be named with no one's name before it
        # ("专委会主任由…担任,副主任包括…": that deputy is the same body's)
        return any(r == c.value and not owner for r, owner in _ranks(text))
    return any(w in text for w in c.words())


def _opening(article: str) -> str:
    """The start of `article` (compacted) up to the end of its first sentence: its title and lead, which
    say what the whole article is about; at most `_OPENING` characters."""
    end = article.find("。", 0, _OPENING)
    return article[: end + 1] if end >= 0 else article[:_OPENING]


# The most of an article's start read as its opening: a title, a source line and a lead sentence.
_OPENING = 300


# The world as the scope of a first or a best ("全球首套", "世界领先"): no place a sentence is about.
_SUPERLATIVE_SCOPE = re.compile(r"(?:全球|全世界|世界|国际)(?=首|第一|领先|顶尖|一流)")


def _sibling(c: Constraint, text: str) -> str:
    """A value of the same kind and stem as `c` that `text` names instead, or ""."""
    if c.kind == "version":
        found = [v for v in _versions(text) if v != c.value and _version_stem(v) == c.stem]
    elif c.kind == "period":
        found = [_written(p, text) for p in _periods(text) if p != c.value]
    elif c.kind == "quantity":
        found = [v for v, unit in _quantities(text) if unit == c.stem and v != c.value]
    elif c.kind == "rank":
        after = _post_after(c.owner, text)
        found = ([after] if after != c.value else []) if after is not None else [
            r for r, _ in _ranks(text) if _post(r) == c.stem and r != c.value]
    elif c.kind == "quoted":
        found = [q for q in _QUOTED.findall(text) if q != c.value and len(q) == len(c.value)]
    elif c.kind == "direction":
        found = [w for d, words in _DIRECTIONS.items() if d != c.stem for w in words if w in text]
    else:  # a place: another place the sentence is about (全球 and 中国 too, which jieba may not tag)
        text = _SUPERLATIVE_SCOPE.sub("", text)
        named = [w for w, flag in tagged(text) if flag == "ns" and _is_place(w)]
        found = [w for w in named + [p for p in PLACE_ALIASES if p in text]
                 if w not in c.words() and not any(w in x or x in w for x in c.words())]
    return found[0] if found else ""


@lru_cache(maxsize=8192)
def tagged(form: str) -> tuple[tuple[str, str], ...]:
    """jieba's part-of-speech tags of `form` (ns place, nr person, nt organisation); none for English."""
    if not HAN.search(form):
        return ()
    from jieba import posseg

    from .lexical import _jieba

    _jieba()  # initialised quietly once
    return tuple((p.word, p.flag) for p in posseg.lcut(form))


# What each type asks for, said to a generating model.
_DESCRIPTIONS = {
    "list": "a list: give every item", "reason": "a reason (why)", "method": "a method or means (how)",
    "comparison": "a comparison of two things", "year": "a year", "month": "a month",
    "date": "a date or time",
    "percent": "a percentage, rate or ratio", "duration": "a length of time", "money": "an amount of money with its unit",
    "count": "a count of things", "number": "a number with its unit", "title": "the name of a publication",
    "person": "a person", "organisation": "an organisation", "place": "a place", "yesno": "yes or no, with the reason",
    "definition": "a definition", "name": "the name of a thing", "thing": "a thing",
}


def describe(analysis: Analysis) -> str:
    """The expected answer and the constraints of `analysis` in words, for a prompt ("" when nothing is known)."""
    parts = []
    if analysis.type in _DESCRIPTIONS:
        wanted = _DESCRIPTIONS[analysis.type]
        parts.append(f"The question asks for {wanted}" + (f" ({analysis.count} items)." if analysis.count else "."))
    exact = [c.value for c in analysis.constraints if c.kind in ("version", "quantity", "place")]
    if exact:
        parts.append("The answer must be about exactly " + ", ".join(exact) + "; a fact about another version, "
                     "year or place does not answer it.")
    return " ".join(parts)
