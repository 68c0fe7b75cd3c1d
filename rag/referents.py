"""What a pronoun in a follow-up points to.

The candidates come from the turn before: the name its answer gave when it asked for one, the thing its
question was about ("MOSS" in "邱锡鹏团队发布的MOSS是…"), that thing's owner ("邱锡鹏团队"), and the people
it names. The pronoun says which kind it can stand for (他 a person, 他们 a group, 它 a thing or a body
such as a company), and the first candidate of that kind is taken.
"""

from __future__ import annotations

import re
from typing import Callable

from .lexical import _jieba
from .normalize import normalize_query
from .questions import BODY_END, GROUP_END, analyse, tagged
from .script import HAN

PERSON, GROUP, BODY, THING, ROLE = "person", "group", "body", "thing", "role"
# What each pronoun can stand for, most likely first.
PRONOUN_KINDS: dict[str, tuple[str, ...]] = {
    "他": (PERSON,), "她": (PERSON,), "他们": (GROUP, BODY, PERSON), "她们": (GROUP, PERSON),
    "它": (THING, BODY), "它们": (THING, BODY),
    "he": (PERSON,), "she": (PERSON,), "him": (PERSON,), "his": (PERSON,), "her": (PERSON,),
    "they": (GROUP, BODY, PERSON), "them": (GROUP, BODY, PERSON), "their": (GROUP, BODY, PERSON),
    "it": (THING, BODY), "its": (THING, BODY),
}
# The kinds of name an answer gives to a question of each type (`questions.analyse`).
_ASKED_KINDS = {"person": (PERSON,), "organisation": (BODY, GROUP), "thing": (THING, BODY), "name": (THING, BODY),
                "title": (THING,)}
# A word for someone by their post: the name behind it is what the earlier answer gave.
_ROLES = r"负责人|CEO|首席执行官|创始人|主任|院长|所长|教授|院士|专家|董事长|总裁|首席科学家|带头人|领军人物"
_ROLE = re.compile(rf"(?:{_ROLES})$", re.I)
_AFTER_ROLE = re.compile(rf"(?:{_ROLES})\s*([\u4e00-\u9fff]{{2,4}})", re.I)
# The Chinese surnames common enough to start a name (a name is 2-3 characters).
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤乔"
)
# Where the topic of a question ends: a word that says something of it, a question word, an adverb,
# a preposition or a particle (jieba's r, d, p, u, f, y, m tags); not a verb that opens "…发布的X".
_PREDICATES = {
    "是", "叫", "有", "在", "于", "为", "成为", "认为", "表示", "说", "将", "会", "能", "可以", "被", "把", "向", "对",
    "推出", "发布", "上线", "突破", "成立", "获得", "担任", "采用", "带领", "搭建", "达到", "实现", "完成", "跻身",
}
_STOP_TAGS = ("r", "d", "p", "u", "f", "y", "m", "c")
# The head of "X的Y" that is itself a thing one can point to (a product, a system), not an attribute of X.
_THING_HEAD = re.compile(
    r"(?:技术|系统|模型|框架|平台|产品|芯片|机器人|设备|方案|接口|项目|计划|报告|政策|算法|架构|眼镜|应用|软件|工具|版本)$"
)
_VERB_END = re.compile(r"(?:推出|发布|创立|研发|开发|提出|打造|建立|带领)$")
_LATIN_NAME = re.compile(r"[A-Z][A-Za-z0-9.\-]*(?:\s?[A-Z0-9][A-Za-z0-9.\-]*)*")  # capitalised: a name
_NOT_NAMES = {"ai", "ceo", "cto", "api", "it", "he", "she", "they", "what", "which", "who", "when", "the"}


def antecedent(pronoun: str, previous: str, answer: str = "", df: Callable[[str], int] | None = None) -> str:
    """What `pronoun` points to after the question `previous` (answered by `answer`), or "" when nothing
    there is of a kind it can stand for. `df` counts the passages holding a string (where a name ends)."""
    kinds = PRONOUN_KINDS.get(pronoun.lower(), (THING, BODY, GROUP, PERSON))
    found = candidates(previous, answer, df)
    for kind in kinds:
        for phrase, of_kind in found:
            if of_kind == kind:
                return phrase
    return ""


def candidates(previous: str, answer: str = "", df: Callable[[str], int] | None = None) -> list[tuple[str, str]]:
    """(phrase, kind) of everything a pronoun after `previous` may point to, most likely first."""
    q = re.sub(r"^(?:那么?|请问|所以)", "", normalize_query(previous)).strip("，,？?。 ")
    out: list[tuple[str, str]] = []
    asked = _ASKED_KINDS.get(analyse(previous).type, ())
    if answer and asked:  # the name it was told, of the kind it asked for
        out += [(p, k) for p, k in names(answer, df) if k in asked and p.lower() not in q.lower()]
    owner, head = topic(q)
    for phrase in (head, owner):
        if phrase:
            kind = kind_of(phrase)
            out.append((phrase, kind))
            lead = "" if kind == PERSON else _name_at(phrase, df)
            if lead and lead != phrase:  # "方明伦研究机器人": a name the dictionary does not know
                out.append((lead, PERSON))
            out += [(p, k) for p, k in names(phrase, df) if p != phrase]
    out += names(q, df)
    seen: set[str] = set()
    return [(p, k) for p, k in out if k != ROLE and not (p in seen or seen.add(p))]


def topic(question: str) -> tuple[str, str]:
    """(owner, thing) of what a Chinese question is about: "邱锡鹏团队发布的MOSS是…" -> ("邱锡鹏团队", "MOSS");
    the thing is "" when it is an attribute of the owner ("DeepSeek的日均API调用量" -> ("DeepSeek", ""))."""
    if not HAN.search(question):
        return "", ""
    tokens = tagged(question.strip("，,？?。！! "))
    about = ""
    for i, (word, flag) in enumerate(tokens):
        opens_clause = i + 1 < len(tokens) and tokens[i + 1][0] == "的"
        if not opens_clause and (word in _PREDICATES or flag.startswith(_STOP_TAGS) and word != "的"):
            if about:
                break
            continue  # "谁是X": the topic starts after the question word
        about += word
    about = about.strip()
    role = _ROLE.search(about)
    if "的" not in about and role and role.start() > 0:  # "X主任" is "X的主任"
        about = about[: role.start()] + "的" + about[role.start():]
    if "的" not in about:
        return "", about
    owner, head = (part.strip() for part in about.rsplit("的", 1))
    if not (_THING_HEAD.search(head) or kind_of(head) in (PERSON, GROUP, BODY, ROLE) or _latin_names(head)):
        head = ""
    owner = _VERB_END.sub("", owner).strip()
    words = tagged(owner)
    if len(words) == 1 and words[0][1][:1] in "ad":  # "高效的…": a quality, not an owner
        owner = ""
    return owner, head


def kind_of(phrase: str) -> str:
    """person, group, body (a company, a lab), role (a post: 负责人) or thing."""
    if GROUP_END.search(phrase):
        return GROUP
    if BODY_END.search(phrase):
        return BODY
    if _ROLE.search(phrase):
        return ROLE
    if is_name(phrase):
        return PERSON
    return THING


def is_name(phrase: str) -> bool:
    """True for a person's name: 2-3 Chinese characters led by a surname, not a word of the dictionary
    (方面, 高效) unless the dictionary has it as a name."""
    if not (2 <= len(phrase) <= 3 and phrase[0] in SURNAMES and all(HAN.match(c) for c in phrase)):
        return False
    tag = _dictionary_tag(phrase)
    return tag is None or tag == "nr"


def names(text: str, df: Callable[[str], int] | None = None) -> list[tuple[str, str]]:
    """(phrase, kind) of the names in `text`, in order: people (after a post, or as the dictionary knows
    them), Latin names (MOSS, PowerInfer) and bodies (脑虎科技)."""
    found: list[tuple[int, str, str]] = []
    for m in _AFTER_ROLE.finditer(text):
        name = _name_at(text[m.start(1):], df)
        if name:
            found.append((m.start(1), name, PERSON))
    at = 0
    for word, flag in tagged(text):
        if flag == "nr" and is_name(word):
            found.append((at, word, PERSON))
        at += len(word)
    found += [(at, word, THING) for at, word in _latin_names(text)]
    for m in re.finditer(r"[\u4e00-\u9fffA-Za-z0-9]{2,8}?(?:公司|科技|集团|实验室|研究院|研究所)", text):
        body = _trim_body(m.group().rsplit("的", 1)[-1])
        if len(body) > 3:  # a name before the word for the body ("脑虎科技", not "公司")
            found.append((m.end() - len(body), body, BODY))
    found.sort(key=lambda f: (f[0], -len(f[1])))
    out, starts = [], set()
    for at, name, kind in found:  # one name per place: the longest ("陈小平", not also "陈小")
        if name and at not in starts:
            starts.add(at)
            out.append((name, kind))
    return out


def _latin_names(text: str) -> list[tuple[int, str]]:
    """(where, name) of the names written in Latin letters (MOSS, PowerInfer, Walker X), not AI or CEO."""
    out = []
    for m in _LATIN_NAME.finditer(text):
        words = [w for w in m.group().split() if w.lower() not in _NOT_NAMES]
        if words and len(" ".join(words)) >= 2:
            out.append((m.start() + m.group().index(words[0]), " ".join(words)))
    return out


def _trim_body(phrase: str) -> str:
    """A body's name without the words before it that the dictionary reads as verbs or particles."""
    cut = tagged(phrase)
    while len(cut) > 1 and cut[0][1][:1] in "vpudcr":
        cut = cut[1:]
    return "".join(w for w, _ in cut)


def _name_at(text: str, df: Callable[[str], int] | None) -> str:
    """The person's name `text` starts with: 2 or 3 characters. The third belongs to it when every
    passage with the first two has it too and it does not start a word ("乔红担任": 乔红)."""
    if len(text) < 2 or not is_name(text[:2]) and not is_name(text[:3]):
        return ""
    if len(text) >= 3 and HAN.match(text[2]) and df is not None and _dictionary_tag(text[2:4]) is None:
        if df(text[:3]) >= max(1, df(text[:2])):
            return text[:3]
    return text[:2] if is_name(text[:2]) else ""


def _dictionary_tag(word: str) -> str | None:
    """jieba's part of speech for `word` when its dictionary holds it, else None."""
    from jieba import posseg

    _jieba()  # initialised quietly once
    return posseg.dt.word_tag_tab.get(word)
