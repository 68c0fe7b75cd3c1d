"""Swaps: a sentence that repeats a question's words around one word of its own ("多少款[小]模型" asked,
"30余款[大]模型" said) is about something else. Each check gives (asked, said), or None when it finds no swap.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from .glossary import COUNTERPARTS, OPPOSITE_WORDS, in_dictionary, name_glosses, opposed, related, unrelated
from .questions import (ASKING, CN_DIGITS, FIELDS, FIGURE, GROUP_END, LATIN_WORD, NAME_TAGS, NOUN_TAGS, PASSED_OVER,
                        aliases, content_word, tagged)
from .script import HAN, converter


def substitution(form: str, sentence: str, window: str, article: str) -> tuple[str, str] | None:
    """(asked, said) when `sentence` says another word where the question `form` names one: the words
    beside it in the question stand beside another word in the sentence ("大模型推理内存" asked,
    "大模型训练内存" said; "国外10亿级" and "国内10亿级"). Only a word that the article uses elsewhere
    counts (it tells the two apart; a word it never uses is more often a paraphrase), or a name in Latin
    letters, and not one that names what is asked ("哪家公司"), nor a word the sentence refers to with 其 or 该."""
    question = tagged(form)
    candidates = [i for i, (w, flag) in enumerate(question)
                  if content_word(w, flag, verb=True) and w not in _REPORTING and w not in _NOW and w not in _THEN
                  and (w in article or _modifier(question, i) or bool(LATIN_WORD.fullmatch(w)))
                  and not _asked_for(question, i)]
    if not candidates:
        return None
    said = tagged(sentence)
    for i in candidates:
        word = question[i][0]
        # A word the sentence or its neighbours use is there to be referred to: only a swap between the
        # same two words on both sides counts for it.
        if any(a in sentence for a in aliases(word)) or any(
                _abbreviates(word, w) or one_thing(word, w) for w, _ in said):
            continue  # the sentence names it, perhaps in full (上海交通大学 for 上海交大) or in another word (流程)
        if _inserted(question, i, sentence):
            continue  # "通用人工智能[原本说]的三要素": the sentence has 通用人工智能的三要素, nothing in its place
        near = any(a in window for a in aliases(word))
        for step in (-1, 1):  # the word before it, then the word after it
            a = _next_word(question, i, step, _PAIRED)
            if a is None or len(question[a][0]) < 2 or question[a][1] == "x":
                continue
            if word not in article and step == -1 and not LATIN_WORD.fullmatch(word):
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
                latin = bool(LATIN_WORD.fullmatch(word)) and bool(LATIN_WORD.fullmatch(other))
                if word not in article and not latin and not (k == j - 1 and (
                        (_same_kind(question[i][1], flag) and unrelated(word, other)) or _named_apart(word, other))):
                    continue
                # Between the same two words on both sides ("大模型[训练|推理]速度"), a verb stands in the
                # asked word's place too.
                beyond_q, beyond_s = _next_word(question, i, -step), _next_word(said, k, -step)
                between = (beyond_q is not None and beyond_s is not None
                           and len(question[beyond_q][0]) >= 2 and question[beyond_q][0] == said[beyond_s][0])
                # A name in the asked word's place is another thing, not the asked one referred back to.
                named = bool(LATIN_WORD.fullmatch(other)) or flag in ("nr", "nt", "nz", "ns", "nrt")
                if near and not between and not named:
                    continue
                if (other != word and content_word(other, flag, verb=between) and other not in form and other not in _REPORTING
                        and _of_a_kind(question[i][1], flag)
                        and not (word in FIELDS and other in FIELDS)
                        # two verbs of one character in common are more often one action in two words
                        # (读取 and 解读, 提升 and 提高) than two actions
                        and not (question[i][1].startswith("v") and flag.startswith("v") and set(word) & set(other))
                        and _same_script_or_other_name(word, other) and not _abbreviates(word, other)
                        and not one_thing(word, other)
                        and not _refers_back(said, k)):
                    return word, other
    return None


def _named_apart(a: str, b: str) -> bool:
    """True when the dictionary knows both words as names, and as different ones (韩文 "Korean written
    language" and 日文 "Japanese"), whatever jieba tags them and though their glosses share a word."""
    names_a, names_b = set(name_glosses(a)), set(name_glosses(b))
    return bool(names_a) and bool(names_b) and not names_a & names_b


def one_thing(a: str, b: str) -> bool:
    """True when two words name one thing, as the dictionary relates them: 企业 and 公司 ("company"); 命令 and
    指令 ("command"), 过程 and 流程, words of two characters each with one in common. Not two of a kind that
    share their head (北京大学 and 清华大学, "university"), nor two of opposite sense (高速 and 低速)."""
    return (a != b and related(a, b) and not opposed(a, b)
            and (not set(a) & set(b) or len(a) == len(b) == 2))


# Words that may stand between a doer and its verb: times, adverbs, prepositions and numbers ("特斯拉正式发布",
# "小米在2022年发布").
_BETWEEN_DOER = ("t", "d", "ad", "p", "m", "f")


def subject_swapped(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question `form` opens with a name that does the first thing it says ("小米在2022年
    发布了什么") and `sentence` has another name do that thing ("2022年,特斯拉正式发布…"), the asked name
    nowhere in the sentence: the articles say it of another doer. The words between name and verb may
    differ in order (a time before the name in one, after it in the other)."""
    question, said = tagged(form), tagged(sentence)
    # a name: tagged one, or a word the dictionary writes as a name too (小米 "Xiaomi", which jieba tags a noun)
    if not question or len(question[0][0]) < 2 or not (question[0][1] in NAME_TAGS or name_glosses(question[0][0])):
        return None
    name = question[0][0]
    at = next((i for i, (_, flag) in enumerate(question) if i and flag.startswith("v")), None)
    if at is None or name in sentence or any(a in sentence for a in aliases(name)):
        return None
    if not all(flag in _BETWEEN_DOER or w.strip() in PASSED_OVER for w, flag in question[1:at]):
        return None  # "小米集团推出的…": the name is not the doer of the verb
    verb = question[at][0]
    for j, (token, _) in enumerate(said):
        if token != verb:
            continue
        k = j - 1
        while k >= 0 and (said[k][1] in _BETWEEN_DOER or said[k][0].strip() in PASSED_OVER):
            k -= 1
        # an organisation's team does what it does ("清华大学团队开发…" for "浙江大学开发的…"); a person's
        # ("邱锡鹏团队发布MOSS" for "复旦发布的MOSS") may work for the asked one
        if k >= 1 and GROUP_END.fullmatch(said[k][0]) and said[k - 1][1] == "nt":
            k -= 1
        other = said[k][0] if k >= 0 else ""
        # not the name in the other script (谷歌 and Google, one company)
        if (other and said[k][1] in NAME_TAGS and len(other) >= 2 and other not in form
                and _same_script_or_other_name(name, other)):
            return name, other
    return None


def _asked_for(question: tuple[tuple[str, str], ...], i: int) -> bool:
    """True when the word at `i` names what the question asks for: an asking word just before it ("哪家
    公司"), or before a word that modifies it ("哪家中国公司"). After a verb it is that verb's object
    ("用什么代替Bing": Bing is named, not asked)."""
    if i >= 1 and ASKING.fullmatch(question[i - 1][0]):
        # a Latin name before a noun modifies the kind asked ("哪种 Perl 解释器": an interpreter, Perl named)
        return not (LATIN_WORD.fullmatch(question[i][0]) and i + 1 < len(question)
                    and question[i + 1][1].startswith("n"))
    # one word between: a kind's modifier ("哪家中国公司"); a name is no kind of answer, so a Latin one
    # there follows a verb jieba took for a noun ("用什么替代GRUB")
    return (i >= 2 and ASKING.fullmatch(question[i - 2][0]) is not None
            and not question[i - 1][1].startswith(("v", "p")) and not LATIN_WORD.fullmatch(question[i][0]))


def _abbreviates(a: str, b: str) -> bool:
    """True when the shorter of two words is the longer shortened: its characters in order within the
    longer's, the first the same, the longer at most twice as long (上海交大 of 上海交通大学, 北大 of 北京大学)."""
    short, long_ = sorted((a, b), key=len)
    if len(short) < 2 or short[0] != long_[0] or len(long_) > 2 * len(short) or short == long_:
        return False
    rest = iter(long_)
    return all(ch in rest for ch in short)


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
    if not HAN.search(form):
        return None  # an English question shares no run of characters with a Chinese sentence but by chance
    runs = [b for b in _shared_runs(form, sentence) if b.size >= 2]
    # (Not words after a pointing one, which name what was named before: "北京机器人[这一行]的收入" says 产业 of
    # "北京机器人产业收入" in words of its own.)
    gaps = [(_gap(form, left.a + left.size, right.a), _gap(sentence, left.b + left.size, right.b))
            for left, right in zip(runs, runs[1:]) if left.size + right.size >= _FRAME
            and form[left.a + left.size : right.a].lstrip()[:1] not in _POINTING]
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
        numeral = asked[0].isdigit() or asked[0] in CN_DIGITS
        if len(asked[0]) == 1 and not numeral and not (_alone(form, asked[1]) and _alone(sentence, said[1])
                                                       or _words_apart(form, asked[1], sentence, said[1])):
            continue
        # A character is looked for, and named, in its word: 长 of "长视频" is not the 长 of 增长.
        asked_word, said_word = _word_at(form, *asked), _word_at(sentence, *said)
        if lead and asked[1] == 0:  # named with the run it leads: 半侵入式, 非侵入式
            run = form[first.a : first.a + min(first.size, 3)]
            asked_word, said_word = asked[0] + run, said[0] + run
        if asked_word not in sentence and said_word not in form and not _counted_alike(asked_word, said_word):
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
            latin = [bool(LATIN_WORD.fullmatch(w)) for w in (asked, said)]
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
            # The other side may deny the whole stretch earlier in its clause: "如何让服务在开机时[不]被启动"
            # and "如果您不希望某个特定的服务在开机时被启动" say the same.
            other, at = (sentence, left.b) if asked else (form, left.a)
            if _CLAUSE_NEGATION.search(other[: at]):
                continue
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
        if FIGURE.search(s) and not any(map(_is_numeral, a)):
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
    another word the sentence goes on with: "用意念控制了一条什么样的机械[腿]" and "利用意念控制了一台机械[手臂]",
    "来更改自己的[邮箱地址]" and "来更改自己的[密码]";
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
        # After "标记为", "设置成" the word is the value a thing is given, of whatever kind: another one is
        # another value ("把软件包标记为[必需]" and "把软件包标记为[自动]").
        given = form[run.a + run.size - 1] in _SET_TO
        if not (asked and said and len(asked) <= 4 and _content_run(asked) and _content_run(said)
                and asked not in sentence and said not in form
                and (opposed(asked, said) or (_told_apart(asked, said) or _heads_apart(asked, said))
                     and (_one_kind(asked, said) or given))):
            continue
        # a single character is named with the word before it: 机械腿 and 机械手臂
        before = _word_span(cut, end - 1) if len(asked) == 1 else None
        lead = sentence[before[0] : end] if before and before[0] >= run.b else ""
        return lead + asked, lead + said
    return None


_SET_TO = "为成"  # the end of a frame that gives a thing a value ("标记为", "改成")


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
                or _in_question(said, form) or not _one_kind(asked, said)):
            continue
        if _counted_alike(asked, said):
            continue
        if _a_pair(asked, said) or (not owned and (_told_apart(asked, said) or unrelated(asked, said, shared=True))):
            return asked, said
    return None


# Words that count one thing of a kind: 一, or a classifier ("同一机器" and "同个机器", "这一" and "这个").
_COUNTING = frozenset("一个种件项台位名只条")


def _counted_alike(asked: str, said: str) -> bool:
    """True when two words differ only in a character that counts one thing (同一 and 同个): the same
    determiner said two ways, no swap."""
    apart = [(x, y) for x, y in zip(asked, said) if x != y]
    return len(asked) == len(said) and len(apart) == 1 and set(apart[0]) <= _COUNTING


def reverbed(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question `form` and `sentence` (both search form) do different things to one
    object: a stretch of at least `_OBJECT` characters that starts a noun in each (the object), after a verb
    of two characters in each that the dictionary tells apart, the asked one nowhere in the sentence and
    the sentence's nowhere in the question: "可以[删除]问题文件对应的软件包" asked, "来[寻找]问题文件对应的软件包"
    said."""
    if not HAN.search(form):
        return None
    asked_cut, said_cut = _word_spans(form), _word_spans(sentence)
    for block in _shared_runs(form, sentence):
        a, b, end = block.a, block.b, block.a + block.size
        if block.size < _OBJECT or a not in asked_cut.values() or b not in said_cut.values():
            continue  # (the object starts a word of each)
        if not _names_a_thing(form[a:end]):
            continue
        before = [next(((s, e) for e, s in cut.items() if e == at), None) for cut, at in ((asked_cut, a), (said_cut, b))]
        if None in before:
            continue
        asked, said = form[slice(*before[0])], sentence[slice(*before[1])]
        if (len(asked) == len(said) == 2 and asked != said and all(_a_verb(w) for w in (asked, said))
                and asked not in sentence and said not in form and unrelated(asked, said)):
            return asked, said
    return None


def _a_verb(word: str) -> bool:
    """True when jieba tags `word`, alone, a verb that says what is done (删除, 寻找), not only that something
    comes about or is caused (出现, 导致: "因免疫反应导致信号衰减" says why a question's "出现信号衰减" happens)."""
    tags = tagged(word)
    return len(tags) == 1 and tags[0][1] == "v" and word not in _HAPPENING


# The least length of the object two verbs act on in `reverbed`.
_OBJECT = 4
# Verbs that say something comes about, is caused or is had, which a sentence may say of the object in the
# place of a question's verb of that kind.
_HAPPENING = frozenset("出现 发生 产生 导致 造成 引起 引发 带来 形成 实现 进行 获得 具有 存在 成为 需要".split())


# Localisers of opposite sense after a word: before and after (干预前, 干预后), inside and outside, above
# and below a figure.
_OPPOSITE_LOCALISERS = {"前": "后", "后": "前", "内": "外", "外": "内", "以上": "以下", "以下": "以上"}
_LOCALISER = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:之)?(以上|以下|前|后|内|外)")


def other_end(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question `form` names one end of a pair (`COUNTERPARTS`: 服务器, TCP) and not
    the other, and `sentence` (search form) only the other: "Linux 客户端 PPTP" says nothing of the PPTP
    server, "UDP 埠号 500" nothing of a TCP port."""
    for ends in COUNTERPARTS:
        for this, that in (ends, ends[::-1]):
            asked = next((w for w in this if w in form), "")
            said = next((w for w in that if w in sentence), "")
            if asked and said and not any(w in form for w in that) and not any(w in sentence for w in this):
                return asked, said
    return None


def negated(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when one of the question `form` and `sentence` (search form) says a kind with the prefix
    非 ("非侵入式") and the other only says the kind ("侵入式"): they are about opposite kinds."""
    for text, other, flip in ((form, sentence, False), (sentence, form, True)):
        for kind in _negated(text):
            bare = re.compile(rf"(?<!非){re.escape(kind)}")
            if bare.search(text) or f"非{kind}" in other or not bare.search(other):
                continue
            return (kind, f"非{kind}") if flip else (f"非{kind}", kind)
    return None


def _negated(text: str) -> list[str]:
    """The words `text` puts after the prefix 非, with their suffixes (侵入式 of 非侵入式, 结构化 of 非结构化)."""
    words, kinds = tagged(text), []
    for i, (word, flag) in enumerate(words[:-1]):
        if word == "非" and flag == "h":
            j = i + 2
            while j < len(words) and words[j][1] == "k":
                j += 1
            kind = "".join(w for w, _ in words[i + 1 : j])
            if len(kind) >= 2 and HAN.match(kind):
                kinds.append(kind)
    return kinds


def located(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question `form` and `sentence` (both search form) put opposite localisers after
    one word of two characters or more: "用户干预[前]" asked, "用户干预[后]" said."""
    for m in _LOCALISER.finditer(form):
        stem = form[m.start() - 2 : m.start()]
        if not all(HAN.match(ch) for ch in stem) or stem[-1] in "之以":
            continue
        asked, other = m.group(1), _OPPOSITE_LOCALISERS[m.group(1)]
        said = next((stem + between + other for between in ("", "之") if stem + between + other in sentence), "")
        if said and stem + asked not in sentence and stem + "之" + asked not in sentence and said not in form:
            return form[m.start() - 2 : m.end()], said
    return None


def _in_question(word: str, form: str) -> bool:
    """True when the question `form` says `word`: a word of one character as a word of its own (脑 is not
    said by 脑虎科技), a longer one anywhere."""
    return word in form if len(word) > 1 else any(w == word for w, _ in tagged(form))


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
    return bool(flags) and (flags[0] in NOUN_TAGS or flags[0] == "j")


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
    return bool(LATIN_WORD.fullmatch(word)) or (len(tokens) == 1 and tokens[0][1] in NAME_TAGS)


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
    if flag != "f" and len(after) > 1 and after_flag in NOUN_TAGS:
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
# A negation in the clause before a shared stretch, which it may govern (不希望…被启动).
_CLAUSE_NEGATION = re.compile(r"[不未没非无][^,，;；:：。!！?？]*$")
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
    """True when two words plainly name different things: two numbers of different values (五 and 三), a
    single character and another word (which `reframed` counts only when jieba cuts each alone), or words
    the dictionary tells apart and that are not one word in Taiwan's and the mainland's usage (呼叫 is
    Taiwan's 调用)."""
    numbers = [int(w) if w.isdigit() else CN_DIGITS.get(w) for w in (asked, said)]
    if None not in numbers:
        return numbers[0] != numbers[1]
    if len(asked) == 1 or len(said) == 1:
        return True
    return unrelated(asked, said) and converter("tw2sp").convert(asked) != said


def _heads_apart(asked: str, said: str) -> bool:
    """True when a compound the dictionary lacks (邮箱地址) and another word are told apart by the words
    they end with (地址 and 密码)."""
    heads = [_head(w) for w in (asked, said)]
    return heads != [asked, said] and heads[0] != heads[1] and _told_apart(*heads)


def _head(word: str) -> str:
    """The longest word of two or more characters that ends `word` and that the dictionary has (地址 of
    邮箱地址), when the dictionary lacks `word` itself; else `word`."""
    if in_dictionary(word) or not all(HAN.match(ch) for ch in word):
        return word
    return next((word[i:] for i in range(1, len(word) - 1) if in_dictionary(word[i:])), word)


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
    latin = [bool(LATIN_WORD.fullmatch(w)) for w in (word, other)]
    if latin[0] == latin[1]:
        return True
    han, spelled = (other, word) if latin[0] else (word, other)
    names = name_glosses(han)
    return bool(names) and not any(spelled in g.replace(" ", "") for g in names)


def _content_run(text: str) -> bool:
    """True when `text` has no character of grammar, asking or punctuation, and is no pronoun (他们 and
    别人 may be the same people)."""
    return not _NOT_CONTENT.search(text) and tagged(text) != ((text, "r"),)
# Words that pair two things: the thing beside the other one of a pair ("梅奥诊所和[谷歌|微软公司]") is in the
# same place as a word beside it.
_PAIRED = frozenset({"和", "与", "及"})
# Verbs that report what someone says or thinks: articles write 认为, 表示 and 坦言 of the same remark, so
# one in place of another is not another thing.
_REPORTING = {"认为", "表示", "坦言", "指出", "强调", "说道", "称", "透露", "提到", "谈到", "看来", "介绍", "告诉"}
# Words for the time of speaking: a question's "now" is the article's, which need not say it.
_NOW = {"现在", "目前", "如今", "当前", "眼下", "当下", "现阶段", "时下"}
# Words for the time before it: the article may say 传统上 or 以往 of what a question asks of 过去.
_THEN = {"过去", "以往", "此前", "以前", "从前", "原来", "曾经", "传统"}
# A word that refers back: one that points (该公司, 其) or a pronoun (他, 它, 上述).
_REFERRING = re.compile("^(?:[" + _POINTING + "]|他|她|它|本|上述)")


def _modifier(tokens: tuple[tuple[str, str], ...], i: int) -> bool:
    """True when the noun `tokens[i]` stands before another noun of two characters or more, the head it
    modifies (办公 of 办公场景, 软件 of 软件学院): another word before the same head in a sentence names
    another thing of that kind, whether or not the article ever uses the asked word."""
    j = _next_word(tokens, i, 1)
    return (tokens[i][1] in NOUN_TAGS and j is not None and tokens[j][1] in NOUN_TAGS
            and len(tokens[j][0].strip()) >= 2)


def _of_a_kind(asked: str, said: str) -> bool:
    """True when a word tagged `said` may stand where one tagged `asked` does: any word for a noun (上下游
    for 机器人 before 企业), a word of the same part of speech for any other (not 出产地 for 主要)."""
    return asked in NOUN_TAGS or asked[:1] == said[:1]


def _same_kind(asked: str, said: str) -> bool:
    """True when two words' tags are of one kind: both nouns, and a name only for a name (画家 may
    describe 梵高; it is not another name)."""
    return asked in NOUN_TAGS and said in NOUN_TAGS and (asked in NAME_TAGS) == (said in NAME_TAGS)


def _next_word(tokens: tuple[tuple[str, str], ...], i: int, step: int,
               passed: frozenset[str] = frozenset()) -> int | None:
    """The index of the word next to `tokens[i]` in direction `step`, passing over 的, 了, 在, quote marks
    and `passed`."""
    j = i + step
    while 0 <= j < len(tokens) and (tokens[j][0].strip() in PASSED_OVER or tokens[j][0] in passed):
        j += step
    return j if 0 <= j < len(tokens) else None


def _inserted(tokens: tuple[tuple[str, str], ...], i: int, sentence: str) -> bool:
    """True when `sentence` writes the content words on either side of `tokens[i]` side by side (with at
    most a 的 or 之 between): the question's word was put in, not put in place of another."""
    sides = [next((j for j in range(i + step, -1 if step < 0 else len(tokens), step)
                   if len(tokens[j][0]) > 1 and content_word(*tokens[j])), None) for step in (-1, 1)]
    if None in sides:
        return False
    before, after = (tokens[j][0] for j in sides)
    return re.search(re.escape(before) + "[的之]?" + re.escape(after), sentence) is not None


def _refers_back(tokens: tuple[tuple[str, str], ...], k: int) -> bool:
    """True when the phrase ending at `tokens[k]` starts with 其, 该 or the like ("其每百万Token的API"); not
    a pronoun that a verb or adverb follows, the subject of a clause ("它常被称作Unix的…")."""
    for token, flag in reversed(tokens[max(0, k - 3) : k + 1]):
        if flag == "x" or flag.startswith(("v", "d")):
            return False
        if _REFERRING.match(token):
            return True
    return False
