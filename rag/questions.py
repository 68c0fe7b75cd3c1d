"""Questions: what a question asks (the expected answer type) and every specific thing it names (its
constraints), from a question in simplified, traditional or English.

The answer stage checks a sentence against this (`verdicts`): it answers only if it holds a value of the
expected type and meets every constraint. One table of patterns per language, first match wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .glossary import DECADE, MONTHS, chinese_decade, glossed_as_place, in_dictionary, names_a_place, only_a_name
from .normalize import compact, normalize_query
from .script import HAN, to_simplified

# What a system's documentation names in Latin letters, digits or a path, by the word a question asks for
# it with ("哪个文件", "which command"): its kind's pattern, and the pattern of a value of that kind.
_PATH = r"(?:~|\.{0,2})/[\w.\-/*${}]+|[\w\-]+\.[a-z][a-z0-9]{0,4}\b"
_SITE = r"https?://\S+|[a-z0-9\-]+(?:\.[a-z0-9\-]+)+"
_LATIN_NAME = r"[a-z_\-][a-z0-9_.\-]+|\d+"
_IDENTIFIERS = {
    "zh": [(r"文件|档案|目录|路径", _PATH), (r"网站|网址|站点", _SITE), (r"端口", r"\d+"),
           (r"命令|指令|软件包|套件|选项|参数|变量|模块|协议", _LATIN_NAME)],
    "en": [(r"files?|director(?:y|ies)|folders?|paths?", _PATH), (r"websites?|sites?|urls?", _SITE), (r"ports?", r"\d+"),
           (r"commands?|packages?|options?|parameters?|variables?|modules?|protocols?", _LATIN_NAME)],
}
# A sentence that opens by referring back to a file, site or command ("这个文件应该只包含…").
REFERS_TO_IDENTIFIER = re.compile(r"\W*(?:这个|这|该|此)(?:" + "|".join(k for k, _ in _IDENTIFIERS["zh"]) + ")")
_ASKS_IDENTIFIER = {
    "zh": r"(?:哪一?[个种款项]|什么)(?:配置)?(" + "|".join(k for k, _ in _IDENTIFIERS["zh"]) + ")",
    "en": r"\b(?:which|what) (?:[\w\-]+ ){0,2}(" + "|".join(k for k, _ in _IDENTIFIERS["en"]) + r")\b",
}

# "在哪里", "在哪一环" after a word such as 卡 or 强: where a thing stands, in a figurative sense.
STANDS_WHERE = r"(?:就)?在哪(?:里|儿|一?环|个环节|一?步)"
# (type, pattern) in order: the first pattern that matches the question gives its type.
ZH_TYPES: list[tuple[str, str]] = [
    ("list", r"哪(?:几|[两二三四五六七八九十]|\d+)[个类种项大家款条步点方面部分块所位]|有哪些|是哪些|哪些|分别是|分为哪|包括哪|由哪几"),
    # 为 of a verb that takes it (设置为, 转换为, 称为) then 什么 asks what, not why
    ("reason", r"(?<![定称作成叫视置设改换译转])为什么|为何|为啥|什么原因|原因是什么|原因在于|原因何在|原因在哪|理由是什么|什么理由|何以|缘何|怎么会|出于什么|什么导致|"
               r"从何而来|根源是什么|根源在哪|根源在于"),
    ("method", r"如何|怎样|怎么|(?:通过|以|用|采用|采取|借助)(?:什么|何种)(?:方式|方法|手段|技术|途径|办法)|靠什么"),
    ("comparison", r"相比|相较|区别|哪个更|谁更|比.{1,12}(?:高|低|多|少|大|小|快|慢|强|弱)多少"),
    ("year", r"哪一?年|哪几年|何年|几几年"),
    ("date", r"哪一?天|几月几日|几号|什么时候|何时|什么时间"),
    ("month", r"几月|哪个月|哪一个月"),
    ("percent", r"(?:多少|多大|几)(?:的)?(?:比例|百分比|占比)|比例是多少|百分之几|增长率|提升了多少|降低了多少|增长了多少|提高了多少|减少了多少|多少倍|几倍"),
    ("duration", r"多久|多长时间|(?:多少|几)\s*(?:年(?!级)|个\s*月|个?\s*(?:星期|小时|钟头)|周|天|分钟|秒)"),
    ("money", r"(?:成本|价格|售价|定价|估值|融资|收入|营收|产值|市场规模|投资|费用|花费|钱|资金)[^？?]{0,6}(?:是多少|多少|多大|几)|多少(?:钱|融资|资金|美元|元)"),
    ("count", r"多少(?:个|家|名|款|项|位|所|台|次|种|篇|人|款|条|型号)|几(?:个|家|名|款|项|位|所|台|次|种|篇|条)"),
    ("number", r"多少|多大|多高|多长|多重|多快|几"),
    ("title", r"哪[本份家种部篇][^？?，,。]{0,4}(?:期刊|杂志|刊物|报纸|报|书|论文|著作)"),
    ("person", r"谁|哪位|什么人|哪个人"),
    ("organisation", r"哪(?:家|所)|哪个(?:公司|机构|企业|实验室|团队|大学|学校|组织|部门)|什么(?:公司|机构|企业|实验室|大学)"),
    ("version", r"哪[个一]?[a-z0-9 .\-]*版本|什么版本|哪一版"),
    # "卡在哪儿", "强在哪里": where a thing stands in a figurative sense, which is no place
    ("thing", r"(?:卡|强|难|输|差|赢|胜|优势|问题|机会|关键|症结|瓶颈|区别|不同|短板)" + STANDS_WHERE),
    ("place", r"哪里|哪儿|什么地方|哪个(?:城市|国家|省|地区|地方)|哪座城市|哪[国省市]"),
    ("yesno", r"是否|是不是|有没有|能不能|会不会|吗[？?]?$"),
    ("definition", r"^什么是|是指什么|指的是什么|是什么意思|的定义"),
    ("name", r"叫什么|什么名字|名称|称为什么|称作什么|叫作什么|叫做什么"),
    ("identifier", _ASKS_IDENTIFIER["zh"]),
    ("thing", r"哪个|哪种|哪款|哪项|哪类|什么"),
]
# "What is the [annual revenue] growth…": a measure after up to three words of what it is of.
_WHAT_IS = r"\bwhat (?:is|was|are|were) (?:the |its |their )?(?:[a-z\-']+ ){0,3}"
EN_TYPES: list[tuple[str, str]] = [
    ("list", r"\bwhat are the (?:two|three|four|five|\d+)\b|\bwhich (?:two|three|four|five|\d+)\b|\bwhat (?:are|were) (?:the )?\w+s\b|\blist\b"),
    ("reason", r"\bwhy\b|\bfor what reason\b|\bwhat (?:is|was) the reason\b|\bwhat (?:caused|causes|led to|leads to)\b"),
    ("method", r"\bhow (?:did|does|do|can|could|is|are|was|were|will)\b(?! (?:many|much|long|large|big|old|far|high))|\bby what (?:means|method|way)\b|\bin what way\b|\bthrough what\b|\bwhat (?:method|approach|means)\b"),
    ("comparison", r"\bcompared\b|\bthan\b|\bdifference between\b"),
    ("year", r"\b(?:which|what|in what) year\b"),
    ("month", r"\b(?:which|what|in what) month\b"),
    ("date", r"\bwhen\b|\bwhat date\b|\bon what day\b"),
    ("percent", r"\bpercent(?:age)?\b|\bshare\b|\bgrowth rate\b|\bhow many times\b|\brate\b|" + _WHAT_IS + r"(?:growth|ratio|proportion)\b"),
    ("duration", r"\bhow long\b|\bhow many (?:years|months|days|hours)\b"),
    ("money", r"\bhow much (?:did|does|do|is|was|money)\b.*\b(?:cost|price|revenue|funding|worth|raise)|\b(?:cost|price|revenue|funding|valuation)\b.*\bhow much\b|\bhow much\b.*\b(?:cost|price|revenue|funding)|"
              + _WHAT_IS + r"(?:cost|price|revenue|valuation|funding)\b"),
    ("count", r"\bhow many\b"),
    ("number", r"\bhow (?:much|large|big|fast|high|far|tall)\b|" + _WHAT_IS + r"(?:number|size|amount|density|speed|total)\b"),
    ("title", r"\bwhich (?:journal|magazine|newspaper|paper|book)\b"),
    # "who" asks a person when no asking word stands before it ("Which tool shows who is logged on" asks a tool)
    ("person", r"^(?:(?!\bwhich\b|\bwhat\b).)*\bwho(?:m)?\b|\bwhich person\b"),
    ("organisation", r"\bwhich (?:company|firm|organi[sz]ation|institute|university|lab|laboratory|team|agency)\b|\bwhat company\b"),
    ("version", r"\b(?:which|what) (?:[\w\-]+ ){0,2}(?:version|release)\b"),
    ("place", r"\bwhere\b|\bwhich (?:city|country|province|region|place)\b"),
    ("yesno", r"^(?:is|are|does|do|did|can|was|were|has|have|will)\b"),
    ("definition", r"^what (?:is|are) (?:a|an)\b|\bwhat does .+ mean\b"),
    ("name", r"\bcalled\b|\bthe name of\b|\bwhat name\b"),
    ("identifier", _ASKS_IDENTIFIER["en"]),
    ("thing", r"\bwhat\b|\bwhich\b"),
]
_GIVEN_FIGURE = re.compile(r"\b(?:more|less|fewer|greater|higher|lower) than (?=\d)|\d+(?:\.\d+)?\s*%(?:\s+[a-z\-]+){0,3}")
_ZH_TYPES = [(t, re.compile(p)) for t, p in ZH_TYPES]
# "用哪位经济学家命名的机制来解释机器为何带来繁荣": a why or how after a verb of explaining or telling is that
# verb's object, not what is asked, when an asking word stands before it.
_EMBEDDED_ZH = re.compile(r"((?:哪|什么|谁|多少|几)\S*?(?:解释|说明|阐释|阐明|讲清|说清|弄清|搞清|回答))[^，,。；;？?]*?"
                          r"(?:为什么|为何|如何|怎样|怎么)")
_EN_TYPES = [(t, re.compile(p, re.I)) for t, p in EN_TYPES]

# Types whose answer is a quantity: a sentence that answers holds one the question does not.
NUMERIC = {"number", "count", "money", "percent", "duration", "year", "month", "date"}
# Types whose answer is a time, said as a year, month or date.
TIMES = ("year", "month", "date")
# A year in digits: not a figure with a unit after it (2048 MiB, 2000万, 1999元).
_YEAR = r"(?:1[89]\d\d|20\d\d)(?!\d)(?!\s*(?:[kmgtp]i?b(?![a-z])|[kmg]hz(?![a-z])|万|亿|千|百|个|元|美元|倍|%))"
# What a value of a type looks like in a sentence; a type not listed here is not checked.
_VALUES = {
    "year": re.compile(rf"(?<!\d){_YEAR}(?!\d)|今年|去年|明年|前年|同年|当年"),
    "date": re.compile(rf"(?<!\d){_YEAR}(?!\d)|\d+\s*[月日号]|今年|去年|明年|同年|当年|近日|日前|上个月|年底|年初"),
    # a month asked is not answered by a year alone (WAIC2023)
    "month": re.compile(r"\d+\s*月|上个月|本月|当月|同月|年底|年初"),
    # a version is a number (3.0, Debian 7) or an edition (企业版): "之后的版本" names none, nor does the
    # number of a bug or an issue ("bug #719621")
    "version": re.compile(r"(?<![#\d.])\d+(?:\.\d+)*|[\u4e00-\u9fff]{1,3}版(?!本)"),
}
# An amount as the articles write it: 557.6万美元, 25亿元, 90%, 3.7倍, 1.2万个, 150tokens/s.
AMOUNT = re.compile(r"(?<![0-9a-z.])\d+(?:\.\d+)?\s*(?P<big>万亿|亿|万|千)?\s*(?P<unit>美元|元|%|倍|个|家|款|项|位|次|台|人|所|篇|条|种"
                     r"|天|小时|tokens/s|req/s|tb|gb|瓦|卡|b\b)?")
WHEN = re.compile(rf"(?<!\d){_YEAR}\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)?|(?<!\d)\d{{1,2}}\s*月\s*\d{{1,2}}\s*日|(?<!\d){_YEAR}(?!\d)")
# A sentence's clauses: cut at a comma (not one inside a number, 7,016), semicolon or colon.
CLAUSE_CUT = re.compile(r"(?<!\d)[,，]|[,，](?!\d)|[;；:：]")
_AMOUNT_OR_TIME = re.compile(rf"{AMOUNT.pattern}|{WHEN.pattern}")
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
_HAN_NUMERALS = "一二两三四五六七八九十百千万亿半"
_NUMERAL = re.compile(rf"\d+(?:\.\d+)?|[{_HAN_NUMERALS}]")

# A sentence that announces what follows ends in a colon ("分为三类：") or says so ("每项含义如下。",
# "包含下列内容。").
LEAD_IN = re.compile(r"[:：]\s*$|(?:如下|(?:下列|以下)[\u4e00-\u9fff]{0,4})[。.]?\s*$")
# A sentence that starts an item of a bulleted list, in search form ("*必需(Required):…"; not "**" bold; "-"
# and a space, which the search form drops before a Chinese character: "-在所有…", not the option "-l").
BULLETED = re.compile(r"^(?:[•·▪●◦]|\*(?!\*)|-(?:\s|(?=[\u4e00-\u9fff])))")
# What an answer to a list question looks like: items in a row (A、B), clauses in a row (…；…；), an
# enumeration (一是…), or a lead-in to items; a short line without end punctuation is a heading with its
# items under it (`is_heading`).
_ENUMERATES = re.compile(r"、|[;；][^;；]+[;；]|一是|第一[,，、是]|首先|分别是|分别为|" + LEAD_IN.pattern)
_TERMINAL = re.compile(r"[。！？!?；;…”’」』)）]\s*$")
# A sentence that asks rather than says.
_ASKS = re.compile(r"[?？]\s*[”’」』\"']?\s*$")
# A question in several parts ("…叫什么？…哪一年…？"), and one about several things at once ("A和B分别…").
_PARTS = re.compile(r"(?<![$])[？?](?=.*[\w\u4e00-\u9fff])")  # "$?" is the shell's parameter, not a question's end
_SEVERAL = re.compile(r"分别|respectively")
# A question that asks what a term is, and a sentence that says it ("X则是…", "X就是…", "X指…").
_DEFINED = re.compile(r"^(?:什么是|何为|何谓)\s*(.{2,16}?)\s*[？?]?$|(?:^|的)\s*([^的，,。]{2,16}?)\s*(?:究竟|到底)?"
                      r"(?:是什么意思|是指什么|指的是什么|指什么|是什么)\s*[？?]?$")
_COPULA = r"[”’」』\"']?\s*[,，]?\s*(?:则|就|即|也|主要)?(?:是|为|指|即)"
# A figure: a digit that does not belong to a name (the 2 of WSE-2, the 100 of A100).
FIGURE = re.compile(r"(?<![a-z0-9.\-])\d")

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_EN_DIGITS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT_ZH = re.compile(r"(?:哪|分为|包括|有|是)([两二三四五六七八九十\d])(?:[个类种项大家款条步点所位]|方面|部分)")
_COUNT_EN = re.compile(r"\b(two|three|four|five|six)\b", re.I)

# A version or model name: Latin letters and digits in one token (gpt-4o, llama3-70b, moss002, 13b).
_VERSION = re.compile(r"(?<![a-z0-9.\-])(?=[a-z0-9.\-]*[a-z])(?=[a-z0-9.\-]*\d)[a-z0-9][a-z0-9.\-]*[a-z0-9](?![a-z0-9])")
# A name with a number in it, written letters first (braingate2, gpt-4o): its number counts nothing.
_NAMED_NUMBER = re.compile(r"(?<![a-z0-9.\-])[a-z][a-z.\-]*\d[a-z0-9.\-]*")
# A number beside a Chinese word that names a thing by it: a level, a port, a kernel's version, a value a
# setting has ("级别8的", "端口25是", "内核5.6版本", "umask 值为 0077 时"); a Chinese word or nothing after
# it, not a unit.
_LABEL = re.compile(r"([\u4e00-\u9fff]{1,2})(?<!第)(\d+(?:\.\d+)*)(?![\d.%a-z])(?:(版本|版)|(?=[的是,，?？和与时]|$))")
# A product name and its number apart ("PlayStation 7" in Chinese text): one version, as written together.
_SPACED_VERSION = re.compile(r"(?<![a-z0-9\s.\-])([a-z]{3,})\s+(?=\d)")
# A period a figure is counted over (每天 and 日均 alike), a span of time (短期, 长期), or how many people it is
# counted per (每万人, "383台/万人"): a sentence giving the figure per second, in the short term or per ten
# thousand people does not answer for a day, the long term or a thousand people.
_PERIODS = {"秒": r"每秒", "分钟": r"每分钟", "小时": r"每小时|每个小时", "日": r"每天|每日|日均|单日",
            "周": r"每周|周均", "月": r"每月|每个月|月均|单月", "年": r"每年|年均|全年",
            "短期": r"短期", "中期": r"中期", "长期": r"长期",
            "百人": r"每百人|/\s*百人", "千人": r"每千人|/\s*千人", "万人": r"每万人|/\s*万人"}
_PERIOD = [(name, re.compile(p)) for name, p in _PERIODS.items()]
# A number with the unit that says what it counts (2030年, 1024卡, 90年代): the unit makes siblings. (Not the
# count a list question asks for after 哪, "哪3个".)
_QUANTITY = re.compile(r"(?<![0-9a-z.\-哪])(\d+(?:\.\d+)?)\s*(年代|年|月|日|卡|倍|%|台|款|项|位|次|所|步|个|家|人|条|种|层|天|小时|周|张|大"
                       r"|块|名|部)?")
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
# A scale written in words or figures before what it measures (千亿参数, 百亿级, 100亿级): another scale is
# another thing.
_SCALE = re.compile(r"(?<![0-9.一二三四五六七八九十百千万亿])(\d+(?:\.\d+)?\s*[万亿]|[十百千]?[万亿]|万亿)(?=\s*(?:参数|级|量级|规模))")
_SCALE_DIGITS = {"十": "10", "百": "100", "千": "1000"}
# A title (《…》): the years in it name it.
_TITLED = re.compile(r"《[^》]*》")
# A name the question quotes ("深籍", 「擎天柱」): the sentence that answers names it, not another quoted one.
_QUOTED = re.compile(r"[“「『\"]([^”」』\"]{1,12})[”」』\"]")
# Words for a place that jieba does not tag as one, and generic words it wrongly tags as places.
PLACE_ALIASES = {"中国": ("中国", "我国", "国内", "国产"), "全球": ("全球", "世界", "全世界", "国际")}
_NOT_PLACES = {"城市", "地区", "国家", "地方", "省市", "全国", "各地", "当地", "本地"}


# The stem of an entity that constrains only where no passage names it (`Constraint.known`).
ABSENT_ONLY = "absent only"
# Of a name in Latin letters in a Chinese question: kept also where no passage names it (Qt), as one the
# articles lack.
LATIN_NAME = "latin name"
# The clause in which the asker says what they want to do, before what they ask ("想把…挂载到 Linux 上，").
_SETTING = re.compile(r"(?:我)?(?:想|想要|打算|如果|假如)[^,，。;；?？]*[,，]")
NEAR = "near"  # of a name: the sentence or its neighbours must name it, not only its article


@dataclass(frozen=True)
class Constraint:
    """A specific thing the question names: `kind` version, label, period, quantity, rank, quoted, direction,
    compound, place or entity; `value` in search form, lower case. A sentence that names a sibling (the same
    kind and stem, another value: GPT-4 for GPT-4o, 2023年 for 2025年, 美国 for 欧洲, 每秒 for 每天) and not
    the value itself is about something else."""

    kind: str
    value: str
    stem: str = ""
    owner: str = ""  # of a post, whose it is ("北京智源人工智能研究院" of "北京智源人工智能研究院的院长")
    also: tuple[str, ...] = ()  # of a name, the other ways the articles write it (google of 谷歌)

    def known(self, df) -> bool:
        """True unless it is a name that no passage contains (`df` counts passages): such a word is more
        often a paraphrase jieba took for a name than a name the articles lack. A name the dictionary knows
        only as a name (哈佛大学: "Harvard University"), that no passage writes either way, is one the
        articles lack: the question is about something they do not cover."""
        if self.kind != "entity":
            return True
        if df(self.value):
            return self.stem != ABSENT_ONLY
        if self.stem == LATIN_NAME:
            return True
        glosses = only_a_name(self.value)
        return bool(glosses) and not any(df(compact(g)) for g in glosses)

    def words(self) -> tuple[str, ...]:
        """The ways a sentence may write the value."""
        if self.kind == "direction":
            return _DIRECTIONS[self.stem]
        return aliases(self.value) if self.kind == "place" else (self.value, *self.also)


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
    # of an English question, its words as the passages spell them (set by `evidence.Evidence`)
    words: tuple[str, ...] = ()

    @property
    def valued(self) -> bool:
        """True when a sentence's value of the expected type is told by its form (a figure, a year, a date, a
        version, a path, a title), not by words alone."""
        return self.type in _VALUES or self.type in ("title", "identifier", "money", "duration") or self.numeric

    @property
    def numeric(self) -> bool:
        """True when the answer is a figure: a count, amount, share or time, or by how much one thing
        differs from another ("比非侵入式高多少")."""
        return self.type in NUMERIC or (self.type == "comparison" and bool(_ASKS_FIGURE.search(self.form)))

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
            found = [m.group() for m in WHEN.finditer(sentence)]
        elif self.numeric:
            found = [re.sub(r"\s+", "", m.group()) for m in AMOUNT.finditer(sentence) if m.group("unit") or m.group("big")]
        else:
            return []
        asked = set(re.findall(r"\d+(?:\.\d+)?", self.form))  # 2023 of "by 2023" is not what is asked
        return [v for v in dict.fromkeys(found) if re.match(r"\d+(?:\.\d+)?", v).group() not in asked]

    def value(self, sentence: str, words: dict[str, float]) -> str:
        """The value of `values` that answers: the first of the clause that weighs most by `words` (the
        question's words as the passages spell them, with their weights) with the clauses before it that
        give none, its topic ("…其中“沪籍”人形机器人数量最多,共有7个"). A clause that is only a value
        ("2022年,特斯拉正式发布…") is the time or figure of the clauses after it. "" when none."""
        parts: list[tuple[str, str]] = []  # (value, its clauses)
        value, text = "", ""
        # "较GPT-4o的2.5美元…降低约90%": the figure of the asked rise or fall comes first in its clause
        change = next((c for c in self.constraints if c.kind == "direction"), None)
        after = re.compile("(?:" + "|".join(change.words()) + r")\s*(?:了|约|大约|至|到|达)*\s*$") if change else None
        # the years of a title ("《…(2023—2024年)》") are not the time of what the sentence says
        for clause in CLAUSE_CUT.split(_TITLED.sub("《》", sentence)):
            found = self.values(clause)
            if after:
                found.sort(key=lambda v: not after.search(clause[: clause.find(v)]))
            if not found:
                text += "," + clause
                continue
            bare = len(_AMOUNT_OR_TIME.sub("", clause).strip(" ,，在于约")) <= 1
            if value:  # the clauses since a bare value are its own
                parts.append((value, text))
                value, text = "", ""
            if bare:
                value, text = found[0], text + "," + clause
            else:
                parts.append((found[0], text + "," + clause))
                text = ""
        if value:
            parts.append((value, text))
        weigh = lambda part: sum(w for word, w in words.items() if word in part[1])
        return max(parts, key=weigh)[0] if parts else ""

    def has_value(self, sentence: str) -> bool:
        """True when `sentence` (search form) holds a value of the expected type that the question does not,
        or says the question's words around its asking word with words of its own between them."""
        if self.language == "zh" and self.type not in NUMERIC - {"date"} and self.slot_filled(sentence):
            return True
        if self.type == "place" and _ASKS_CITY.search(self.form):
            # A city asked for: a sentence whose places are the question's or countries ("启动于挪威" for "挪威
            # 的哪个城市", "芬兰…公司" for "…公司位于哪个城市") names none. (jieba tags a foreign city a person's
            # name, 奥斯陆, 赫尔辛基: any proper noun in Chinese may be the city.)
            words = tagged(sentence.lower())
            named = [w for w, flag in words if len(w) > 1 and flag in _CHINESE_NAME_TAGS]
            if any(flag == "ns" for _, flag in words) and all(w in self.form or w in countries() for w in named):
                return False
        # "ctime 表示什么时间" at a question's end asks which kind of time: "文件状态修改时间" names one.
        kind = _KIND_AT_END.search(self.form) if self.type == "date" else None
        if kind and any(m.group() not in self.form for m in re.finditer(rf"[\u4e00-\u9fff]{{2}}{kind[1]}", sentence)):
            return True
        if self.type == "title":
            return any(m.group().lower() not in self.form for m in _TITLE.finditer(sentence)) or any(
                len(w) > 1 and w[-1] in "报刊志" and w not in self.form and w not in _PUBLICATION_NOUNS
                for w, _ in tagged(sentence))
        if self.type == "version" and any(  # a variant named after the asked thing: OpenSSH of "哪个版本的 SSH"
                re.search(rf"(?<![a-z0-9\-])[a-z]{{2,}}{re.escape(c.value)}(?![a-z0-9])", sentence.lower())
                for c in self.constraints if c.kind == "entity" and LATIN_WORD.fullmatch(c.value)):
            return True
        if self.type in _VALUES:
            return any(m.group() not in self.form for m in _VALUES[self.type].finditer(sentence.lower()))
        if self.type == "identifier":  # a file is answered by a path, a site by an address, a port by a number
            asked = re.search(_ASKS_IDENTIFIER[self.language], self.form).group(1)
            value = next(v for kind, v in _IDENTIFIERS[self.language] if re.fullmatch(kind, asked))
            if self.language == "zh":  # or one described by what kind of it it is ("内部网站" for 哪个网站),
                value += rf"|(?!这个|那个|一个|每个|某个)[\u4e00-\u9fff]{{2}}(?={asked})"  # not pointed at ("这个文件")
            return any(m.group().strip(".") not in self.form for m in re.finditer(value, sentence.lower()))
        if self.type == "money":  # a figure in a currency, or in 万 or 亿 of no counted thing (not 800多亿个神经元)
            return any(m.group() not in self.form for m in _MONEY.finditer(WHEN.sub(" ", sentence.lower())))
        if self.type == "duration":  # a length of time: 40多年, 8至10年, 5个月 (not 2023年, a year)
            # how often ("多久收集一次"): how long between times, 每周
            given = [_DURATION, _EVERY] if _ASKS_HOW_OFTEN.search(self.form) else [_DURATION]
            return any(m.group() not in self.form for v in given for m in v.finditer(WHEN.sub(" ", sentence.lower())))
        if _ASKS_ORDINAL.search(self.form):  # "排名第几" asks a place in an order: "排名靠前" gives none
            return bool(_GIVEN_ORDINAL.search(sentence.lower()))
        if self.numeric:
            asked = set(_NUMERAL.findall(self.form))
            # A year, a date, a model's number (BrainGate2), a place in a sequence (第三步) or a number of an
            # address (10.0.0.0/8, socket://host:9100) is no count, amount or share; an address is the
            # value of a question that asks for one ("IP 地址是多少").
            sentence = sentence.lower() if _ASKS_ADDRESS.search(self.form) else _ADDRESS.sub(" ", sentence.lower())
            sentence = _ORDINAL.sub(" ", _NAMED_NUMBER.sub(" ", WHEN.sub(" ", sentence)))
            sentence = _NO_COUNT.sub(" ", PART_NUMBER.sub(" ", sentence))
            return any(n not in asked for n in _GIVEN_NUMBER.findall(sentence))
        return True

    def slot_filled(self, sentence: str) -> bool:
        """Whether `sentence` (search form) puts words of its own where the question asks ("使用 UTC(GMT) 时间"
        for "通常使用什么时间"): the two characters before the asking word and the two after stand around them.
        A value of any form is then what is asked, in the question's own frame ("什么时间" asks which time
        here, not when)."""
        slot = _SLOT.search(self.form)
        if not slot:
            return False
        filled = re.search(rf"{re.escape(slot[1])}\s*([^\s,，。;；?？!！]{{1,16}}?)\s*{re.escape(slot[2])}",
                           sentence.lower())
        return bool(filled) and filled[1] not in self.form and not ASKING.search(filled[1])

    def kind_named(self, sentence: str) -> bool:
        """Whether `sentence` (search form) names the thing whose name the question asks where the question
        puts its kind, after the same words and 的 ("由陶虎创立的脑虎科技" for "陶虎创立的公司叫什么名字"):
        the name stands for the kind, which the sentence need not say."""
        asked = _NAMED_KIND.search(self.form)
        if not asked or self.numeric:
            return False
        at = sentence.lower().find(asked[1])
        after = tagged(sentence.lower()[at + len(asked[1]) :][:_NAME_REACH]) if at >= 0 else ()
        word, flag = after[0] if after else ("", "")
        # a name: a proper noun, or a word no dictionary has (脑虎 of 脑虎科技); not a word such as 模式
        # ("万亿参数联盟的模式" for "参数联盟的英文简称是什么")
        return (len(word) > 1 and (flag in NAME_TAGS or (flag[:1] == "n" and not in_dictionary(word)))
                and not word.startswith(asked[2]) and word not in self.form)


# The words before 的 that say which thing of a kind a question asks the name of, and the kind: "陶虎创立的" and
# 公司 of "陶虎创立的公司叫什么名字"; "X开发的系统名为什么".
_NAMED_KIND = re.compile(r"([\u4e00-\u9fff]{4}的)([\u4e00-\u9fff]{1,4}?)(?:的?(?:名字|名称))?(?:叫做?|名为|称为|是)(?:什么|哪)")
_NAME_REACH = 12  # characters read for the name a sentence puts after those words
# "什么时间" that ends a question (before its mark): a kind of time asked for, not when.
_KIND_AT_END = re.compile(r"什么(时间)[?？]?$")
# The asking word of a question with two characters before it and two after ("使用[什么]时间").
_SLOT = re.compile(r"([\u4e00-\u9fff]{2})(?:什么|哪[个种家位])([\u4e00-\u9fff]{2})")
# Words with a numeral in them that count nothing: a count that refers back to things already named ("比上面
# 三个轻巧", "以上两种"), words of degree, time or manner (一些, 一直, 统一, 十分), and a generation (新一代).
_NO_COUNT = re.compile(r"(?:上面|上述|以上|前面|前述)(?:的)?(?:\d+|[一二两三四五六七八九十]+)\s*[个种类项款位家条点]|"
                       r"一些|一直|一般|一样|一起|一定|一切|一旦|一致|一同|统一|唯一|进一步|十分|万一|一代")
# The number of a part of the document: of a section at a heading's start ("8.2.3. 经由 PSTN…", "8.2.3.经由…"
# in the search form) or in a reference to one ("第 6.1 节", "节 6.2.6"), of an example, table or figure ("例
# 8.2. 静态配置", "表格2.12."). It says where something is, no count or amount; a heading or caption opens
# with one (`llms`).
PART_NUMBER = re.compile(r"^\s*\d+(?:\.\d+)+\.(?!\d)|(?:[例表图圖节節]|表格)\s*\d+(?:\.\d+)+\.?(?![\d%])"
                         r"|第\s*\d+(?:\.\d+)+\s*[节節章]")
# A number a sentence gives: digits, or Chinese numerals before what they count or measure ("五年", "数千个",
# "两倍", "十大方向") or ending in a magnitude ("上千万"); a Chinese numeral before anything else is a word of
# its own ("一边", "三心二意"), no number.
_GIVEN_NUMBER = re.compile(rf"\d+(?:\.\d+)?|[{_HAN_NUMERALS}]+[十百千万亿]"
                           rf"|[{_HAN_NUMERALS}]+(?=\s*(?:多|余|来)?\s*(?:小时|分钟|公里|"
                           r"[个种类项款位家条点年月日天周次倍名人台部本篇份层级步届期代批号季版成张只件套所座辆枚颗块元岁米秒字"
                           r"轮组行列页章节处例股头克斤吨度户间架场门首大]))")
# An amount of money as the articles write it: 557.6万美元, 100多万元, 上千万 (not 800多亿个, a count).
_FIGURE_WORDS = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千几上数]+)\s*多?\s*"
_MONEY = re.compile(_FIGURE_WORDS + r"(?:万亿|亿|万|千)?\s*多?\s*(?:美元|元|欧元|英镑|日元)|"
                    + _FIGURE_WORDS + r"(?:万亿|亿|万)(?!\s*多?\s*[个家款台人项位次条篇种所名])")
# A length of time as the articles write it: 40多年, 8至10年, 5个月, 十多年.
_TIME_UNIT = r"(?:年|月|周|星期|天|日|小时|分钟|秒)"
_DURATION = re.compile(_FIGURE_WORDS + r"(?:[至到~-]\s*" + _FIGURE_WORDS + r")?(?:个)?\s*多?\s*" + _TIME_UNIT)
# A question that asks how often ("多久收集一次"), and a time between times (每周, 每隔3天).
_ASKS_HOW_OFTEN = re.compile(r"(?:多久|多长时间).*一次")
_EVERY = re.compile(r"每\s*(?:隔\s*)?(?:[一二两三四五六七八九十几\d]+\s*)?(?:个)?\s*" + _TIME_UNIT)
# A question asking a place in an order, and a sentence giving one (第三, 首, 排名2).
_ASKS_ORDINAL = re.compile(r"第几|第幾|\bwhich place\b|\bwhat rank\b")
_GIVEN_ORDINAL = re.compile(r"第\s*[一二三四五六七八九十百零两\d]+|首|排名\s*\d|位列\s*\d|\d+\s*(?:st|nd|rd|th)\b")
# An address: a URL, an IP address (with its network's prefix length), a port after a host.
_ADDRESS = re.compile(r"[a-z][a-z0-9+.\-]*://[!-~]+|(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?(?![\d.])"
                      r"|(?<=[a-z0-9>\]]):\d{2,5}(?!\d)")
_ASKS_ADDRESS = re.compile(r"地址|网址|端口|\bip\b|\burl\b|\baddress|\bport\b")
# A comparison that asks by how much.
_ASKS_FIGURE = re.compile(r"多少|几倍|how (?:many|much)")


def analyse(question: str) -> Analysis:
    """The expected answer type and the constraints of `question`."""
    form = normalize_query(question).lower()
    english = not HAN.search(form)
    if several_parts(form) or _SEVERAL.search(form):
        # Each part has its own type and the best sentence answers one part: the type is not checked, and
        # of the constraints only those a sentence can contradict by naming another value (2024年 for 2025年).
        return Analysis(question, form, "en" if english else "zh", "parts",
                        constraints=[c for c in constraints(form) if c.kind in _CONTRADICTED])
    # What an English question states a figure of is not what it asks: "Which agent reached a 94.7% success
    # rate?" asks for an agent, "the team that got more than 20% of…" compares nothing.
    typed = _GIVEN_FIGURE.sub(" ", form) if english else form
    if english:  # "Which option … when repacking …": a when or where after the question's word opens a clause
        typed = _CLAUSE_AFTER_ASKING.sub(r"\1", typed)
    else:
        typed = _EMBEDDED_ZH.sub(r"\1", _WHICH_ONE.sub("哪", typed))
    kind = _type_of(typed, english)
    count = count_of(form, english) if kind == "list" else None
    term = "" if english else defined_term(form)
    return Analysis(question, form, "en" if english else "zh", kind, count, constraints(form), term=term)


def _type_of(typed: str, english: bool = False) -> str:
    """The expected answer type of a question in search form: the first of the patterns that matches it."""
    return next((name for name, pattern in (_EN_TYPES if english else _ZH_TYPES) if pattern.search(typed)), "other")


# An English question's own asking word, then a clause that when or where opens.
_CLAUSE_AFTER_ASKING = re.compile(r"(\b(?:which|what|who|whom|whose|how)\b.*?)\b(?:when|where)\b.*", re.I)


def defined_term(form: str) -> str:
    """The term a question asks to be told what it is: 两翼 of "“中国脑计划”的“两翼”是什么？", LC假说 of
    "什么是LC假说？"; "" for other questions."""
    m = _DEFINED.search(form)
    term = next((g for g in m.groups() if g), "") if m else ""
    return term.strip(" “”「」『』\"'") if len(term.strip(" “”「」『』\"'")) >= 2 else ""


def is_heading(text: str) -> bool:
    """True for a short line without end punctuation: a heading, not a sentence that says something."""
    return len(text) <= 40 and not _TERMINAL.search(text) and not LEAD_IN.search(text)


def is_part_heading(text: str) -> bool:
    """True for the heading of a part of the article, marked or numbered as one ("### DeepSeek火出圈的核心优势",
    "8.2.3. 经由 PSTN 调制解调器的 PPP 链接", "表 9.16. 关闭屏幕保护命令列表"): a short line without end
    punctuation that names the part. (A headline that says something, "张鹏:大模型技术演进速度不会下降", is
    marked or numbered as none.)"""
    text = text.strip()
    return is_heading(text) and (text.startswith("#") or bool(PART_NUMBER.match(text)))


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
    return int(word) if word.isdigit() else _EN_DIGITS.get(word) or CN_DIGITS.get(word)


# jieba's verbs, pronouns and grammar: never a name. Not `_FUNCTION_TAGS`, which holds adverbs and adjectives
# too, tags jieba gives some names (莫奈 an adverb, 微软 an adjective).
_NEVER_NAMES = ("v", "r", "p", "c", "u", "y", "e", "o")


def constraints(form: str) -> list[Constraint]:
    """The versions, periods, quantities, places and names that `form` (a question in search form) names."""
    out = [Constraint("version", v, _version_stem(v)) for v in dict.fromkeys(_versions(form))]
    out += [Constraint("period", p, "period") for p in _periods(form)]
    out += [Constraint("relative", y, "年") for y in _relative_years(form)]
    out += [Constraint("ordinal", n, "第") for n in dict.fromkeys(_english_ordinals(form))]
    out += [Constraint("quoted", q) for q in dict.fromkeys(_QUOTED.findall(form)) if not _VERSION.fullmatch(q)]
    out += [Constraint("quantity", value, unit) for value, unit in _quantities(_VERSION.sub(" ", _months(_decades(form))))]
    out += [Constraint("rank", r, _post(r), owner) for r, owner in dict.fromkeys(_ranks(form))]
    out += [Constraint("label", n, stem) for n, stem in _labels(form)
            if not any(re.search(rf"(?<![\d.]){re.escape(n)}(?![\d.])", c.value) for c in out)]
    out += [Constraint("field", f, "field") for f in dict.fromkeys(_fields(form))]
    symbols = _symbols(form)
    if HAN.search(form):
        out += [Constraint("symbol", t, t[0]) for t in dict.fromkeys(symbols)]
        # a letter the question names as a letter ("字母 s 代表哪个英文字"): the sentence must name that one
        out += [Constraint("symbol", m.group(1), m.group(1)) for m in _NAMED_LETTER.finditer(form)]
    out += [Constraint("page", m.group(), m.group(1)) for m in _MANUAL_PAGE.finditer(form)]
    if _DEFAULT.search(form):
        out.append(Constraint("default", "默认", "默认", also=_DEFAULT_WORDS))
    change = _ASKED_CHANGE.search(form)
    if change:
        word = change.group(1)
        out.append(Constraint("direction", word, next(d for d, words in _DIRECTIONS.items() if word in words)))
    elif _ASKS_HOW_MUCH.search(form):  # "How much did the rate rise?", "By how much is it lower?"
        change = next(((d, m.group()) for d, pattern in _EN_DIRECTIONS.items() for m in [pattern.search(form)] if m), None)
        if change:
            out.append(Constraint("direction", change[1], change[0]))
    compounds = list(dict.fromkeys(m.group() for m in _COMPOUND.finditer(form) if not _VERSION.fullmatch(m.group())))
    out += [Constraint("compound", n) for n in compounds]
    parts = {part for n in [*compounds, *symbols] for part in re.split(r"[^a-z0-9]+", n)}
    setting = _SETTING.match(form)
    setting = setting.group() if setting else ""
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
        elif flag == "nz" and len(word) >= 2 and HAN.search(word) and not in_dictionary(word):
            # a name jieba knows that the dictionary lacks (腾讯): the article must name it, as it must
            # a name tagged nt; where no passage names it either, `known` drops it as a paraphrase's word
            out.append(Constraint("entity", word))
        elif flag == "eng" and len(word) >= 2 and word.isalpha() and HAN.search(form) and word not in parts:
            # a name in Latin letters in a Chinese question (CES, Neuralink, Go): the article must name it; one
            # that no passage writes (Qt of "Qt 用户界面构建器") is something the articles do not cover, though
            # a question mostly in English has words of its own that no passage writes ("release"), and a
            # word of two letters in one is too short to be told from such words
            # (nor is one in the asker's own setting: "想把 Windows 的共享文件夹挂载到 Linux 上，…"). Mostly
            # Chinese: two Chinese characters or more for each Latin word, however long the words
            # ("sticky 位元在 Windows 上的数值是多少").
            chinese = len(HAN.findall(form)) >= 2 * len(re.findall(r"[a-z]+", form)) and word not in setting
            if len(word) >= 3 or chinese:
                out.append(Constraint("entity", word, LATIN_NAME if chinese else ""))
    if HAN.search(form):  # a name of parts (libpam-cracklib) is named whole, not by its parts
        out += [Constraint("entity", n) for n in compounds]
    for word in PLACE_ALIASES:  # named as such; 世界 of 世界人工智能大会 is not a place asked about
        if word in form and not any(c.value == word for c in out):
            out.append(Constraint("place", word))
    return out


# 哪 (with a number: 哪一, 哪两) and the measure words after it that ask which thing (哪家, 哪种, 哪所).
_WHICH = r"哪[一几两二三四五六七八九十]?"
MEASURE_WORDS = "个家位种款项类所本份部篇座"
# "哪一位", "哪一类": the 一 says nothing the measure word does not, and the type patterns ask without it.
_WHICH_ONE = re.compile(rf"哪一(?=[{MEASURE_WORDS}条])")
# The noun that ends a question after 什么 or 哪 and a measure word ("治疗了什么疾病", "集中在哪些国家"):
# the kind of thing asked for.
# A word of place after it is not part of the kind: 文件 of "保存在哪个文件里", 目录 of "放在什么目录下".
_ASKED_KIND = re.compile(rf"(?:什么|哪些|{_WHICH}[{MEASURE_WORDS}])"
                         r"([\u4e00-\u9fff]{2,4}?(?=[里中内上下][?？]?$)|[\u4e00-\u9fff]{1,4}(?=[?？]?$))")

# What 什么 or 哪 and a measure word ask for, then the verb that the question ends in with 的.
_KIND_DONE = re.compile(rf"(?:什么|{_WHICH}[{MEASURE_WORDS}])([\u4e00-\u9fff]{{2,6}})的[?？]?$")


def asked_kind(form: str) -> str:
    """The kind of thing a question (search form) asks for: 疾病 of "治疗了什么疾病", 文件 of "在哪个文件里"
    (a kind of one word only before a word of place: "什么医疗场景里" says more than the kind), or ""."""
    done = _KIND_DONE.search(form)
    # "用什么语言写的", "受哪个工具启发的": the nouns before the verb that ends the question. (Not of a place, a
    # body or a person, "在哪个城市成立的", "哪所大学发布的": nothing else checks that a sentence names one of
    # those, so their kind stays a word the sentence must say.)
    if done and _type_of(form) == "thing":
        words = tagged(done.group(1))
        if len(words) > 1 and words[-1][1].startswith("v") and all(f.startswith("n") for _, f in words[:-1]):
            return "".join(w for w, _ in words[:-1])
    m = _ASKED_KIND.search(form)
    if not m:
        # a file, site or command asked for before the verb ("通过哪个网站提供") is the kind all the same
        named = re.search(_ASKS_IDENTIFIER["zh"], form)
        return named.group(1) if named else ""
    kind = m.group(1)
    if _word_from(form, m.start(1) - 1) > 1:
        return ""  # "哪几部分构成": 部 begins the word 部分, no measure word, and 分构成 is no kind
    return kind if m.end(1) == len(form.rstrip("?？")) or len(tagged(kind)) == 1 else ""


def _word_from(form: str, at: int) -> int:
    """The length of the word jieba cuts `form` into that starts at `at` (2 for the 部分 of "哪几部分构成"), or 0."""
    start = 0
    for word, _ in tagged(form):
        if start == at:
            return len(word)
        start += len(word)
    return 0


# Tags of words that name no thing (verbs, adjectives, particles, numbers, pronouns…); "vn" (a verb used
# as a noun: 训练) names one. jieba tags 推理 "v" in some questions, so an asked word may be a verb.
_FUNCTION_TAGS = ("v", "a", "p", "u", "d", "c", "r", "m", "f", "x", "q", "y", "e", "o", "z")
# Words that ask which thing: the word after one names what is asked ("哪家公司"), not a constraint. A count
# (多少所大学) is not one of them: what it counts is asked about, and 学校 for 大学 is another count.
ASKING = re.compile(rf"{_WHICH}[{MEASURE_WORDS}些]?|什么")
# "多少倍", "几亿": a question word with the unit it asks in, cut by jieba as one word.
COUNTED_QUESTION = re.compile(r"(?:多少|几)[个倍亿万千百岁年天次位家款项所台名种条篇人块类点步]")
LATIN_WORD = re.compile(r"[a-z0-9.\-]+")
# A question that asks what a short name stands for ("LUGs 是什么的缩写", "DPL 的全称", "What does GR stand for").
_ASKS_EXPANSION = re.compile(r"的(?:缩写|简称)|全称|代表什么|\bstands? for\b|\bshort for\b|\babbreviation\b")
# A question that asks what a name or token means ("DEVPATH 表示什么", "$number 或 %n 代表什么").
_MEANS = r"表示|代表|是指|指的是|的意思是|的含义是"
_ASKS_MEANING = re.compile(rf"(?:{_MEANS})\s*什么(?:意思)?[?？]?$|是什么意思|\bwhat does .+ (?:mean|stand for)\b")


def expanded(analysis: Analysis) -> list[str]:
    """The short names in Latin letters whose long form the question asks ("lugs" of "LUGs 是什么的缩写")."""
    if not _ASKS_EXPANSION.search(analysis.form):
        return []
    return [c.value for c in analysis.constraints if c.kind == "entity" and LATIN_WORD.fullmatch(c.value)]


def meant(analysis: Analysis) -> list[str]:
    """The names and tokens whose meaning the question asks: those right before its asking words, alone or
    with others that 或 joins to them ("$number 或 %n 表示什么"; not /etc/shadow of "/etc/shadow 里…“$1$” 表示什么")."""
    if not _ASKS_MEANING.search(analysis.form):
        return []
    return [c.value for c in analysis.constraints if c.kind in ("entity", "symbol") and re.search(
        rf"{re.escape(c.value)}(?:\s*(?:或|or|、)\s*[^\s\u4e00-\u9fff]+)*\W{{0,2}}(?:{_MEANS}|是什么意思|mean|stand)",
        analysis.form)]


def defines(name: str, sentence: str) -> bool:
    """Whether `sentence` (search form, lower case) is an entry that opens with `name`, or with it among
    the names it gives together, and a colon: what follows says what it means ("- devpath：设备在 /sys/ 里的路径",
    "- $number 或 %n：设备的序号")."""
    n = re.escape(name)
    return bool(re.match(rf"[\s\-•·▪●◦*]*(?:\S+\s*(?:或|or|/|、)\s*)*(?<![a-z0-9_$%]){n}(?![a-z0-9_])"
                         rf"(?:\s*(?:或|or|/|、)\s*\S+?)*\s*[:：]", sentence))


def expands(name: str, sentence: str) -> bool:
    """Whether `sentence` (search form, lower case) writes the short name `name` beside what it stands for:
    in brackets after it ("Debian 缺陷跟踪系统（Debian BTS）", "（LUGs，即为“Linux 用户组”）"), before brackets
    that say it ("GR（一般决议）"), or before a word that says it ("LTS 即…")."""
    n = re.escape(name)
    return bool(re.search(rf"[（(][^（）()]{{0,24}}?(?<![a-z0-9]){n}\s*[，,、)）]|(?<![a-z0-9]){n}\s*[（(]"
                          rf"|(?<![a-z0-9]){n}\s*[，,]?\s*(?:即|也就是|是指|代表|全称|stands for|i\.e\.)", sentence))


PASSED_OVER = {"的", "之", "了", "在", "“", "”", "「", "」", '"', "'", ""}
# The kinds of constraint a sentence contradicts by naming another value of the same kind.
_CONTRADICTED = ("version", "period", "quantity", "rank", "quoted", "direction", "relative", "ordinal", "label",
                 "compound", "field", "page", "symbol")
# A name in Latin letters of parts joined by hyphens (libpam-cracklib, libnss-ldap, debian-edu-config): one
# that shares a part with it (libpam-ldap) is another of the same family, as GPT-4 is of GPT-4o.
_COMPOUND = re.compile(r"(?<![a-z0-9.\-])[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)+(?![a-z0-9\-])")
# Words of a change up and of a change down; a question asking how much a thing rose ("提升了多少",
# "下降吗") is not answered by a sentence that says it fell, or rose.
_DIRECTIONS = {"up": ("提升", "提高", "增长", "增加", "上升", "增至", "升至", "扩大"),
               "down": ("降低", "下降", "减少", "下滑", "降至", "缩小", "减至", "缩减")}
_ASKED_CHANGE = re.compile(
    "(" + "|".join(w for words in _DIRECTIONS.values() for w in words) + r")(?:了|约|大约)*(?:多少|几|吗)")
# An English question asking by how much a figure went up or down ("raise" is not one: "raise funding").
_ASKS_HOW_MUCH = re.compile(r"\bhow (?:much|many)\b|\bby what\b|\bwhat (?:percent|percentage|share)\b")
_EN_DIRECTIONS = {"up": re.compile(r"\b(?:rise|rose|risen|increased?|increases|grow|grew|grown|higher|improved?|"
                                   r"go up|went up|gone up|boost(?:ed)?)\b"),
                  "down": re.compile(r"\b(?:drop(?:ped)?|fall|fell|fallen|decreased?|decreases|declined?|lower|"
                                     r"reduced?|cut|shrink|shrank|go down|went down)\b")}
# Words that name the field of the word before them ("政务领域", "政务场景"): one for another is no
# other field.
FIELDS = frozenset({"领域", "场景", "方面", "行业", "层面", "方向", "板块", "赛道", "业务"})


def content_word(word: str, flag: str, verb: bool = False) -> bool:
    """True for a word that names a thing (with `verb`, an action too)."""
    word = word.strip()
    if LATIN_WORD.fullmatch(word):
        return len(word) >= 2 and not word.isdigit()
    return len(word) >= 2 and word not in PASSED_OVER and (
        flag == "vn" or (verb and flag == "v") or not flag.startswith(_FUNCTION_TAGS))


# Tags of nouns, and of the nouns that are names.
NOUN_TAGS = ("n", "vn", "nz", "nt", "nr", "ns", "nrt", "nrfg", "eng")
NAME_TAGS = ("nz", "nt", "nr", "ns", "nrt", "nrfg", "eng")


# What a question asks the default of ("Debian 默认的 MTU 值", "預設的…"), in the words a sentence may say it in.
_DEFAULT_WORDS = ("默认", "预设", "缺省", "default")
_DEFAULT = re.compile(r"默认|预设|缺省|\bdefault\b")
# A manual page: a name and its section ("postconf(8)", "crontab(5)"); the same name in another section is
# another page (a command and its file's format).
_MANUAL_PAGE = re.compile(r"(?<![a-z0-9_.+\-])([a-z][a-z0-9_.+\-]*)\(\d[a-z]*\)")
# A figure named by one or two Latin letters: asked as "V 值" (pH 值), given as "V:5" or "V 值为 5".
_FIELD = re.compile(r"(?<![a-z0-9\-])([a-z]{1,2})\s*(?:值|[:：=]\s*(?=\d))", re.I)


def _labels(text: str) -> list[tuple[str, str]]:
    """The numbers `text` names a thing by, beside a Chinese word ("级别8的", "5.6版本起", "端口25是"), each
    with that word: not a count or a figure (a unit or measure word follows one), nor a part of a name
    in Latin letters (a version)."""
    return [(m.group(2), m.group(3) or m.group(1)) for m in _LABEL.finditer(text)]


# A token of code written with signs (the shell's "$#", "$?", "${var:-string}", "%.o", an option "-f"), which a sentence
# names exactly or not at all; not a sum of money ("$100") nor a percentage, which are figures.
_ASCII_RUN = re.compile(r"[!-~]+")
_SIGNS = set("$#%&|~^@{}")
_OPTION = re.compile(r"--?[a-z][a-z0-9\-]*")  # a command's option ("-f", "--sync")
_SIGNED_FIGURE = re.compile(r"\$\d{2,}(?:[.,]\d+)*[kmb]?|\d+(?:\.\d+)?%")


# A single Latin letter named as a letter or a symbol ("字母 s", "符号为 g").
_NAMED_LETTER = re.compile(r"(?:字母|符号|字元|字符)\s*(?:为|是)?\s*([a-z])(?![a-z0-9])")


def _symbols(text: str) -> list[str]:
    """The tokens of code written with signs in `text` (search form), without the question's own mark."""
    out = []
    for m in _ASCII_RUN.finditer(text):
        token = m.group().lstrip(",.:;!")  # the comma before it is the question's ("GNOME 3 中，$XDG_DATA_HOME")
        while len(token) > 2 and token[-1] in "?.,:;!":
            token = token[:-1]
        if (any(ch in _SIGNS for ch in token) and not _SIGNED_FIGURE.fullmatch(token)) or _OPTION.fullmatch(token):
            out.append(token)
    return out


# Where a token of signs starts: not inside a Latin word or another such token.
_TOKEN_START = r"(?<![a-z0-9_$#%&@~^{-])"
# In a sentence, a token led by a sign, to the next space, bar, quote or Chinese character.
_SIGNED = re.compile(_TOKEN_START + r"[$#%&@~^{-][^\s|\u4e00-\u9fff\"'“”()（）]*")


def _signed(text: str) -> list[str]:
    """The tokens led by a sign in `text` (options too: "-x"), without the mark that ends its sentence."""
    tokens = [m.group().rstrip("?.,:;!，。") or m.group() for m in _SIGNED.finditer(text)]
    return [t for t in tokens if t[0] != "-" or _OPTION.fullmatch(t)]


def _fields(text: str) -> list[str]:
    """The figures named by one or two Latin letters that `text` asks for or gives ("v" of "流行度 V 值是多少",
    "V:5, I:37"), lower case."""
    return [m.group(1) for m in _FIELD.finditer(text)]


def _versions(text: str) -> list[str]:
    """The versions `text` names, a name and its number written apart counted as one (playstation7); not
    a decade (1980s), nor an English ordinal (16th)."""
    text = _LIKENESS.sub("", _SPACED_VERSION.sub(r"\1", text))
    found = [v for v in _VERSION.findall(text) if not chinese_decade(v) and not _ENGLISH_ORDINALS.fullmatch(v)]
    # English puts a plural s on such a name ("60,000 H100s"): the things counted are H100s all the same
    return found if HAN.search(text) else [_PLURAL_AFTER_DIGIT.sub("", v) for v in found]


_PLURAL_AFTER_DIGIT = re.compile(r"(?<=\d)s$")


# An English ending that makes a name describe another thing ("VT100-like consoles"): the name is what is named.
_LIKENESS = re.compile(r"(?<=[a-z0-9])-(?:like|style|based|compatible|class|type)\b")


def _decades(text: str) -> str:
    """`text` with an English decade written as Chinese writes it ("the 1980s" -> "the 80年代")."""
    return re.sub(rf"(?<![a-z0-9]){DECADE.pattern}(?![a-z0-9])", lambda m: chinese_decade(m.group()), text)


def _months(text: str) -> str:
    """`text` with an English month, and the day after it, written as Chinese writes them ("on february 16"
    -> "on 2月16日"; "may" only before a number, being a verb too)."""
    return _MONTH.sub(lambda m: f"{MONTHS[m.group(1)]}月" + (f"{m.group(2)}日" if m.group(2) else ""), text)


_MONTH = re.compile(r"\b(" + "|".join(m for m in MONTHS if m != "may") + r"|may(?=\s*\d))\b(?:\s+(\d{1,2})\b(?!\s*,?\s*\d{3}))?")


# An English ordinal ("the 16th session", "the second session"; not "first", which is as often "at first").
_ORDINAL_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
                  "ninth": 9, "tenth": 10}
_ENGLISH_ORDINALS = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b|\b(" + "|".join(_ORDINAL_WORDS) + r")\b")


def _english_ordinals(text: str) -> list[str]:
    """The places in an order an English `text` names, as it writes them ("16th", "second")."""
    return [m.group() for m in _ENGLISH_ORDINALS.finditer(text)]


def _place_in_order(ordinal: str) -> int:
    """The figure of an English ordinal: 16 of "16th", 2 of "second"."""
    return int(ordinal[:-2]) if ordinal[0].isdigit() else _ORDINAL_WORDS[ordinal]


def _chinese_ordinals(text: str) -> dict[str, int]:
    """The places in an order a Chinese `text` names, as written, with their figures (第十六届: 16, 首批: 1)."""
    out = {}
    for m in _ORDINAL.finditer(text):
        written = m.group(1) or "一"
        if written.isdigit():
            out[m.group()] = int(written)
        elif all(ch in CN_DIGITS for ch in written) and len(written) <= 3:
            # 十六 is 16, 二十 is 20, 二十一 is 21
            tens, _, ones = written.partition("十") if "十" in written else ("", "", written)
            out[m.group()] = (CN_DIGITS.get(tens, 1) * 10 if "十" in written else 0) + CN_DIGITS.get(ones, 0)
    return out


# A year named from the time of writing: this year, last year, next year.
_RELATIVE_YEARS = {"今年": r"今年|\bthis year\b", "去年": r"去年|\blast year\b", "明年": r"明年|\bnext year\b",
                   "前年": r"前年|\bthe year before last\b"}


def _relative_years(text: str) -> list[str]:
    """The years `text` names from the time of writing (去年 for "last year")."""
    return [name for name, pattern in _RELATIVE_YEARS.items() if re.search(pattern, text)]


def _periods(text: str) -> list[str]:
    """The periods `text` counts over, by name (日 for 每天 and 日均)."""
    return [name for name, pattern in _PERIOD if pattern.search(text)]


def written_as(period: str, text: str) -> str:
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


def _same_quantity(a: str, b: str, unit: str) -> bool:
    """True when two quantities are one: a scale written in figures or in words (100亿 and 百亿) too."""
    return a == b or (unit == "量级" and _scale(a) == _scale(b))


def _scale(written: str) -> str:
    """A scale in figures: 百亿 and 100亿 are 100亿, 万亿 1万亿."""
    written = re.sub(r"\s+", "", written)
    if written[0].isdigit():
        return written
    return (_SCALE_DIGITS.get(written[0], "") + written[-1]) if len(written) == 2 and written != "万亿" else "1" + written


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
        while j >= 0 and len(names) < 3 and content_word(*tagged_text[j]):
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


@lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    """The names of the world's countries and territories in simplified Chinese, as CLDR writes them in
    either script (挪威, 芬兰, 法国, 台湾)."""
    from babel import Locale

    return frozenset(to_simplified(name) for locale in ("zh", "zh_Hant")
                     for code, name in Locale.parse(locale).territories.items() if code.isalpha())


_CHINESE_NAME_TAGS = ("ns", "nr", "nrt", "nrfg", "nz", "nt")  # jieba's tags of proper nouns written in Chinese
# A question that asks for a city.
_ASKS_CITY = re.compile(r"哪[个一座]?城市|哪[个座]?市|\bwhich city\b")


def _is_place(word: str) -> bool:
    """True for a word jieba tags a place that is one (not 城市, nor 上岗, which the dictionary glosses
    "to take up one's post")."""
    return len(word) >= 2 and word not in _NOT_PLACES and names_a_place(word)


def places(words: list[str]) -> list[str]:
    """Those of `words` that name a place (北京 of the glossary's words for "Beijing")."""
    return [w for w in words if len(tagged(w)) == 1 and tagged(w)[0][1] == "ns" and _is_place(w)]


def named_in(c: Constraint, text: str) -> bool:
    """True when `text` names the value of `c` (a version as a whole token, not gpt-4 inside gpt-4o)."""
    if c.kind == "label":  # a whole number: 8 is not named by 18, 2008年 or 8.5
        return re.search(rf"(?<![\d.]){re.escape(c.value)}(?![\d]|\.\d)", text) is not None
    if c.kind == "compound":  # a whole name: libnss-ldap is not named by libnss-ldapd
        return c.value in _compounds(text)
    if c.kind == "field":  # a figure by its letters: V of "V:5", not the v of "-v" or "v1.0"
        return c.value in _fields(text)
    if c.kind == "page":
        return c.value in (m.group() for m in _MANUAL_PAGE.finditer(text))
    if c.kind == "symbol":  # a whole token: $1 is not named by $10
        return re.search(rf"{_TOKEN_START}{re.escape(c.value)}(?![a-z0-9_#{{}}])", text) is not None
    if c.kind == "version":  # a model asked by its short name (V3, R1) is named by DeepSeek-V3 too, and a
        # name by a word written onto it (X11 by the setting X11Forwarding; not gpt-4 by gpt-4o)
        return any(v == c.value or v.endswith("-" + c.value)
                   or (v.startswith(c.value) and _WORD_ONTO.fullmatch(v[len(c.value):])) for v in _versions(text))
    if c.kind == "period":
        return c.value in _periods(text)
    if c.kind == "ordinal":
        return _place_in_order(c.value) in _chinese_ordinals(text).values()
    if c.kind == "quantity":
        return any(_same_quantity(v, c.value, unit) for v, unit in _quantities(text))
    if c.kind == "rank":  # the post of whom the question asks, when the text names them
        after = _post_after(c.owner, text)
        if after is None or after == c.value:
            return after == c.value or any(r == c.value for r, _ in _ranks(text))
        # another post after the name; the asked one may still be named with no one's name before it
        # ("专委会主任由…担任,副主任包括…": that deputy is the same body's)
        return any(r == c.value and not owner for r, owner in _ranks(text))
    return any(w in text for w in c.words())


# A word of four letters or more written onto a version's name ("forwarding" of X11Forwarding).
_WORD_ONTO = re.compile(r"[a-z]{4,}")


def _compounds(text: str) -> list[str]:
    """The names of hyphen-joined Latin parts that `text` (lower case) writes."""
    return [m.group() for m in _COMPOUND.finditer(text)]


def numbered(c: Constraint, text: str) -> bool:
    """True when `text` gives the number of version `c` after a word for version, the name left out
    ("版本 7 wheezy" for debian7 in an article about Debian)."""
    number = c.value[len(c.stem):].lstrip("-")
    return (c.kind == "version" and c.value == c.stem + number and bool(re.fullmatch(r"\d+(?:\.\d+)*", number))
            and re.search(rf"(?:版本|version)\s*{re.escape(number)}(?![\d.])", text) is not None)


def opening_of(article: str) -> str:
    """The start of `article` (compacted) up to the end of its first sentence: its title and lead, which
    say what the whole article is about; at most `_OPENING` characters."""
    end = article.find("。", 0, _OPENING)
    return article[: end + 1] if end >= 0 else article[:_OPENING]


# The most of an article's start read as its opening: a title, a source line and a lead sentence.
_OPENING = 300


# The world as the scope of a first or a best ("全球首套", "世界领先"): no place a sentence is about.
_SUPERLATIVE_SCOPE = re.compile(r"(?:全球|全世界|世界|国际)(?=首|第一|领先|顶尖|一流)")


def sibling_in(c: Constraint, text: str) -> str:
    """A value of the same kind and stem as `c` that `text` names instead, or ""."""
    if c.kind == "version":
        found = [v for v in _versions(text) if v != c.value and _version_stem(v) == c.stem]
    elif c.kind == "period":
        found = [written_as(p, text) for p in _periods(text) if p != c.value]
    elif c.kind == "relative":
        found = [y for y in _relative_years(text) if y != c.value]
    elif c.kind == "ordinal":  # the nearest place of another number (第二次 for "third", not 第十六届)
        asked = _place_in_order(c.value)
        given = _chinese_ordinals(text)
        found = sorted((w for w, n in given.items() if n != asked), key=lambda w: abs(given[w] - asked))
    elif c.kind == "quantity":
        # the years of a title ("《…行动计划(2023—2025年)》", issued in 2023) name it; they are not its time
        found = [v for v, unit in _quantities(_TITLED.sub("《》", text))
                 if unit == c.stem and not _same_quantity(v, c.value, unit)]
    elif c.kind == "rank":
        after = _post_after(c.owner, text)
        found = ([after] if after != c.value else []) if after is not None else [
            r for r, _ in _ranks(text) if _post(r) == c.stem and r != c.value]
    elif c.kind == "quoted":
        found = [q for q in _QUOTED.findall(text) if q != c.value and len(q) == len(c.value)]
    elif c.kind == "compound":  # another name of the family: a part in common (libpam-ldap for libnss-ldap)
        found = [n for n in _compounds(text) if n != c.value and set(n.split("-")) & set(c.value.split("-"))]
    elif c.kind == "label":  # another number by the same word ("5.6版本" for 4.8版本, "级别7" for 级别8)
        found = [n for n, stem in _labels(text) if stem == c.stem and n != c.value]
    elif c.kind == "field":  # another figure by its letters ("I:3" for the V asked)
        found = [f for f in _fields(text) if f != c.value]
    elif c.kind == "symbol":  # another token led by the same sign ("$9" for $8)
        found = [t for t in _signed(text) if t != c.value and t[0] == c.stem]
    elif c.kind == "page":  # the page of the same name in another section ("postconf(5)" for postconf(8))
        found = [m.group() for m in _MANUAL_PAGE.finditer(text) if m.group(1) == c.stem and m.group() != c.value]
    elif c.kind == "direction":
        found = [w for d, words in _DIRECTIONS.items() if d != c.stem for w in words if w in text]
    else:  # a place: another place the sentence is about (全球 and 中国 too, which jieba may not tag)
        text = _SUPERLATIVE_SCOPE.sub("", text)
        named = [w for w, flag in tagged(text) if (flag == "ns" and _is_place(w)) or glossed_as_place(w)]
        named += [p for w, flag in tagged(text) if flag == "nt" for p in [_place_first(w)] if p]
        found = [w for w in named + [p for p in PLACE_ALIASES if p in text]
                 if w not in c.words() and not any(w in x or x in w for x in c.words())]
    return found[0] if found else ""


def _place_first(organisation: str) -> str:
    """The place an organisation's name starts with (北京 of 北京经济技术开发区, which jieba tags as one
    organisation), or ""."""
    return next((p for p in (organisation[:3], organisation[:2])
                 if len(p) < len(organisation) and tagged(p) == ((p, "ns"),) and _is_place(p)), "")


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
    "definition": "a definition", "name": "the name of a thing", "version": "a version or release",
    "identifier": "a file, site, port, command or package, as the articles write it", "thing": "a thing",
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
