"""Chinese script: telling Chinese characters apart, simplified <-> traditional, and folding the variant
code points that extracted text carries (PDF text layers: ⼩⻨ for 小麦) onto the ordinary ones.

Every function here maps one character to one character, so offsets stay aligned.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# A Chinese character, and a run of them: how every module tells Chinese text from other text.
HAN = re.compile(r"[\u4e00-\u9fff]")
HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")

# The CJK Radicals Supplement's simplified forms, which NFKC leaves alone, as the ideographs they stand for
# (Unicode's EquivalentUnifiedIdeograph).
_RADICALS = dict(zip(
    "⺌⺍⺕⺗⺘⺛⺟⺠⺤⺦⺨⺩⺫⺬⺭⺲⺷⺻⻄⻅⻆⻈⻉⻋⻏⻐⻑⻒⻓⻔⻖⻗⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻪⻫⻬⻭⻮⻯⻰⻱⻲⻳",
    "小小彐心手无母民爫丬犭王罒示礻罒羊聿西见角讠贝车阝钅長镸长门阝雨青韦页风飞食飠饣马骨鬼鱼鸟卤麦黄黾斉齐歯齿竜龙龜亀龟",
))


@lru_cache(maxsize=None)
def converter(config: str = "t2s"):
    """The OpenCC converter for `config` ("t2s", "s2t", "tw2sp"), made once per process."""
    import opencc

    return opencc.OpenCC(config)


@lru_cache(maxsize=8192)
def mainland_reading(word: str) -> str:
    """`word` (in simplified script, as an article written in Taiwan reads in search form: 存取, 档案, 执行绪)
    in the mainland's words (访问, 文件, 线程): back to traditional script, then Taiwan's words to the
    mainland's. A word the two share comes back as it was. OpenCC turns Taiwan's 帳號 into 帐号, which the
    mainland writes 账号: that character too."""
    return converter("tw2sp").convert(converter("s2t").convert(word)).translate(_MAINLAND_CHARACTERS)


@lru_cache(maxsize=8192)
def taiwan_reading(word: str) -> str:
    """`word` (simplified script, the mainland's words: 软件, 用户, 程序) in Taiwan's words as an article
    written in Taiwan reads in search form (软体, 使用者, 程式)."""
    return to_simplified(converter("s2twp").convert(word))


# Characters that simplified script writes two ways, as the mainland writes them (帐号 and 账号, account).
_MAINLAND_CHARACTERS = str.maketrans({"帐": "账"})


# The characters written for 只 (only) in traditional texts ("通常祗包括", "祇限於") that OpenCC keeps as
# they are: a question in either script says 只.
_ONLY = str.maketrans(dict.fromkeys("祗祇衹秖", "只"))


def to_simplified(text: str) -> str:
    """`text` in simplified script, one output character per input character."""
    converted = converter().convert(text)
    if len(converted) != len(text):
        # A phrase conversion changed the length: fall back to one character at a time so that
        # offsets stay aligned.
        convert = converter().convert
        converted = "".join(c if len(c) == 1 else ch for ch, c in ((ch, convert(ch)) for ch in text))
    return converted.translate(_ONLY)


def unified(text: str) -> str:
    """`text` with every character `unify`d: only the few characters it may change are looked at."""
    return _UNIFIABLE.sub(lambda m: unify(m.group()), text)


# The characters `unify` may change: the CJK radicals (of which _RADICALS), Kangxi radicals and
# compatibility ideographs.
_UNIFIABLE = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def unify(ch: str) -> str:
    """`ch` as the ordinary ideograph when it is a Kangxi radical, a CJK radical or a compatibility
    ideograph (NFKC, where that gives one character); any other character as it is."""
    code = ord(ch)
    if ch in _RADICALS:
        return _RADICALS[ch]
    if 0x2F00 <= code <= 0x2FDF or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F:
        folded = unicodedata.normalize("NFKC", ch)
        return folded if len(folded) == 1 else ch
    return ch
