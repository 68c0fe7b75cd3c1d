"""Verdicts: whether a sentence answers what a question asks (`questions.Analysis`).

A sentence answers only if it holds a value of the expected type, names every constraint of the question
(or may refer back to it) and no sibling in its place, and says the asked thing of the asked subject: no
word of the question swapped for another (`swaps`), denied, or put under another topic, measure or qualifier.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .glossary import in_dictionary, name_glosses, unrelated
from .normalize import TABLE_ROW, cells, compact
from .questions import (AMOUNT, ASKING, BULLETED, CLAUSE_CUT, COUNTED_QUESTION, FIELDS, FIGURE, LATIN_NAME,
                        LATIN_WORD, NAME_TAGS, NEAR, REFERS_TO_IDENTIFIER, TIMES, WHEN, Analysis, asked_kind, asks_question,
                        content_word, is_part_heading, meant, named_in, numbered, opening_of, sibling_in, tagged,
                        written_as)
from .script import HAN, mainland_reading, taiwan_reading
from .swaps import located, negated, other_end, premodified, reframed, reverbed, subject_swapped, substitution


@dataclass
class Verdict:
    """Whether a sentence meets a question: `ok`, else what was asked and what the sentence says instead."""

    ok: bool
    asked: str = ""
    found: str = ""  # the sibling the sentence names instead ("" when it lacks a value of the type)


def check(analysis: Analysis, sentence: str, article: str, window: str = "",
          around: tuple[str, str] = ("", ""), heading: str = "") -> Verdict:
    """Whether `sentence` (search form; `window` the same with its neighbours, `around` the sentences before
    and after it, `heading` what it says with the caption and heading of the table it is a row of or the
    lead-in of the list it is an item of: `Sentence.context`) holds a value of the expected type and meets
    every constraint of the question, in `article` (the whole article, compacted and lower case)."""
    if asks_question(sentence):
        return Verdict(False, "question")  # an interviewer's question answers nothing
    if analysis.type != "list" and is_part_heading(sentence):
        return Verdict(False, analysis.type)  # it names a part of an article, whose sentences say what it holds
    if not analysis.has_value(_with_its_identifier(analysis, sentence, *around)):
        return Verdict(False, analysis.type)
    sentence, window = sentence.lower(), (window or sentence).lower()
    parts = analysis.type == "parts"
    # In a sentence of several figures, each clause is its own fact: the words of another clause do
    # not stand beside this one's figure, nor does its rise or fall.
    clause = figure_clause(analysis, sentence)
    absent = ""  # a name in Latin letters that the article does not write
    explained = meant(analysis)
    for c in analysis.constraints:
        # A row says what its table's caption and heading say of all rows ("-l" of a table captioned "…"ls -l"
        # 命令的时间和日期的显示例子" for "long-iso 时间样式下，ls -l 显示的时间…"), an item what its list's lead-in
        # says of all items ("在 GNOME 3 中：").
        said = (clause or sentence) if c.kind == "direction" else sentence + " " + heading.lower()
        if c.kind == "entity":  # a name: the article must name it, the sentence may say 他 or 该公司
            # A partner, or a name whose meaning is asked ("DEVPATH 表示什么": "* 表示匹配所有的字元" says what
            # another means): the sentence or one beside it names it.
            near = window if c.stem == NEAR or c.value in explained else article
            # in either region's words: an article written in Taiwan says 网际网路 for 互联网
            words = (*c.words(), taiwan_reading(c.value)) if HAN.search(c.value) else c.words()
            if not any(w in article and w in near for w in words):
                if c.stem == LATIN_NAME:  # not this article's: its sentence may still say which it names instead
                    absent = absent or c.value
                    continue
                return Verdict(False, c.value)
            # A sentence that opens by pointing back ("这两个令可以由…运行") is about what the sentence before it
            # names: where neither names the asked name and that one names others in Latin letters that the
            # question does not ("以 poff 命令断线。" for "哪个群组的用户可以运行 pppoeconf"), it is about those,
            # unless the asked name is what the whole article is about (its opening names it).
            if (c.stem == LATIN_NAME and _POINTS_BACK.match(sentence) and not any(w in window for w in words)
                    and not any(w in opening_of(article) for w in words)):
                named = _LATIN_TOKEN.findall(_ADDRESS_OR_PATH.sub(" ", around[0].lower()))
                if others := [n for n in named if n not in analysis.form]:
                    return Verdict(False, c.value, others[0])
            # A row of a table is the record of what its first cell names: a row that does not name the
            # thing, where another row of the article is its record ("| darcs | … |"), is another thing's,
            # whatever rows beside it say, unless its table's caption names it ("表 9.2. screen 键绑定列表").
            # (Compacted, a row's first cell follows the "|" that ends the row above; a column's name in the
            # heading row does not.)
            row = compact(sentence) if TABLE_ROW.match(sentence.strip()) else ""
            if row and not any(w in row + compact(heading).lower() for w in words):
                if any(f"||{w}|" in article for w in words):
                    return Verdict(False, c.value, _key_cell(sentence))
                # A row that qualifies its thing in brackets ("图表编辑器（Gtk）") is another's record than the one
                # the question names where other rows put it ("图片浏览器（KDE）").
                qualifiers = _QUALIFIER.findall(row)
                if qualifiers and any(f"({w})" in article for w in words):
                    return Verdict(False, c.value, qualifiers[0])
                # A row that does not name a thing in Latin letters that just one other row's cells name ("Rust
                # 系統程式語言" of rustc's row) is another thing's record, though no row is led by its name. (A
                # name in many rows, as "shell" is in a chapter on shell scripts, is what the table is about.)
                if LATIN_WORD.fullmatch(c.value) and any(_rows_naming(w, article) == 1 for w in words):
                    return Verdict(False, c.value, _key_cell(sentence))
            # An item of a bulleted list that starts with a name is the record of what it names, as a row is:
            # one that does not name the thing, where one other item of the article starts with it ("- DebiChem，
            # 目标是化学领域" for "DebiChem 由谁制作"), is another thing's ("- Debian Med，由 Andreas Tille 制作").
            # (A name that leads many items, as "Debian" does in a list of Debian's blends, is what it is about.)
            item = _item_name(sentence) if BULLETED.match(sentence.strip()) else ""
            if (item and not any(w in compact(sentence + heading).lower() for w in words)
                    and any(_items_led_by(w, article) == 1 for w in words)):
                return Verdict(False, c.value, item)
            # A list or table whose lead-in or caption puts another name where the question puts this one
            # ("举个例子，在 GNOME 3 中：" of items asked "在 KDE 中") is about that one; so is a sentence that
            # does, though it names this one elsewhere ("| 在 bookworm 發佈後 | … | codename = trixie |" for
            # "在 trixie 发布后").
            in_sentence = any(w in sentence for w in words)
            other = _framed_otherwise(c.value, analysis.form, heading)
            if other and not in_sentence:
                return Verdict(False, c.value, other)
            other = _framed_otherwise(c.value, analysis.form, sentence)
            if other:
                return Verdict(False, c.value, other)
            # A sentence that does not name the thing and puts another where the question puts it, after the
            # same word and 的 ("版本的内核" for "最近几个版本的 GRUB"), is about that one.
            if not in_sentence and (other := _put_otherwise(c.value, analysis.form, sentence)):
                return Verdict(False, c.value, other)
            # A sentence that names, instead of the thing, one spelled a letter apart (OpenSSH for OpenSSL) is
            # about that one: a sibling, not a way of referring back. (A name with a number, ext4, is a version.)
            if not in_sentence and c.stem == LATIN_NAME and (other := _spelled_apart(c.value, analysis.form, sentence)):
                return Verdict(False, c.value, other)
        elif c.kind == "default":  # the default of a thing: what a sentence says of it otherwise is no default
            if not any(w in window for w in c.words()):
                return Verdict(False, c.value)
        elif c.kind == "place" and _ASKS_PLACE.search(analysis.form):
            continue  # "中国哪些城市…": the place named holds the places asked for; 北京 is one of them
        elif not named_in(c, said):
            # A sentence that names neither may refer back to it; one that names a sibling is about that,
            # unless the question names that one too (the other part of "2023年和2024年分别…"), or names it
            # as a part of the asked place (徐汇区 of "上海徐汇区").
            sibling = sibling_in(c, said)
            if (sibling and not (parts and any(named_in(o, sibling) for o in analysis.constraints))
                    and not (c.kind == "place" and c.value + sibling in analysis.form)):
                return Verdict(False, written_as(c.value, analysis.form) if c.kind == "period" else c.value, sibling)
            if parts:
                continue  # another part may be what the sentence answers
            # A year or figure whose number the whole article never writes is none the sentence can refer
            # back to: the article is about other times or amounts ("2019 年…" of a chapter that names no
            # year; "512张卡" may be written "512卡"), nor is a place in an order it never writes ("第五个数字" of a
            # table that stops at 第四个).
            if c.kind == "quantity" and (number := _DIGITS.search(c.value)) and number.group() not in article:
                return Verdict(False, c.value)
            if c.kind == "quantity" and (place := _PLACE_IN_ORDER.match(c.value)) and place.group() not in article:
                return Verdict(False, c.value)
            # A year, figure, step, place or period the sentence does not give, where a sentence beside it,
            # which it goes on from, gives another ("对2023年国内发布的人形机器人…归类,…。“深籍”…小鹏汽车推出
            # 的PX5…" for 2022年; "…第三步…。这“三步走”的过程有望在未来8至10年完成" for 第一步).
            if c.kind in ("quantity", "place", "period") and not sibling:
                beside = sibling_in(c, window)
                if beside and not named_in(c, window):
                    return Verdict(False, c.value, beside)
            # A number the question names a thing by (级别8, 5.6版本), that the sentence does not name: another
            # thing's (a row of a table beside the asked one's names its own number). A figure asked for by
            # its letters (流行度 V 值) that the sentence does not give: it gives others ("I:3"), or none.
            if c.kind in ("label", "field", "symbol"):
                return Verdict(False, c.value, sibling)
            # A model the sentence does not name, nor its neighbours it may refer back to
            # ("其API定价"), nor the article's opening, which says what all of it is about
            # ("2023世界人工智能大会(WAIC2023)的热点…"): the sentence is about models in general or another one.
            if c.kind in ("version", "quoted") and not named_in(c, window):
                opening = opening_of(article)
                if not named_in(c, opening) and not (numbered(c, window) and c.stem in opening):
                    return Verdict(False, c.value, sibling_in(c, opening))
    # Swaps are looked for in the clause of a figure, and a word swapped in another clause of its sentence
    # counts too: it puts the figure under another topic ("[云侧]推理需求爆发,…,日均token用量达11.25万亿").
    swapped = (unpaired(analysis.form, sentence)
               or listed_kind(analysis.form, sentence)
               or (analysis.type != "yesno" and denied(analysis.form, clause or sentence))
               or substitution(analysis.form, clause or sentence, clause or window, article)
               or reframed(analysis.form, clause or sentence, article)
               or (clause and reframed(analysis.form, sentence, article))
               or premodified(analysis.form, clause or sentence) or located(analysis.form, clause or sentence)
               or subject_swapped(analysis.form, clause or sentence) or reverbed(analysis.form, clause or sentence)
               or other_end(analysis.form, sentence) or negated(analysis.form, clause or sentence)
               or measured(analysis, clause or sentence) or qualified(analysis, clause or sentence)
               or retopic(analysis, clause or sentence, article))
    # Taiwan's word for the asked one (存取 for 访问, 执行绪 for 线程, in an article written in Taiwan) is
    # the same thing said in another region's words, not another thing.
    if swapped and not _regional(*swapped):
        return Verdict(False, *swapped)
    return Verdict(False, absent) if absent else Verdict(True)


_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_PLACE_IN_ORDER = re.compile(r"第[一二三四五六七八九十百]+")


def _framed_otherwise(name: str, form: str, text: str) -> str:
    """The other name in Latin letters that `text` puts between the characters the question `form` puts name
    `name` between ("GNOME 3" of "在GNOME 3中:" for "在kde中"); "" when there is none or `text` puts `name`
    there too."""
    # (a 的 before the name may be there or not: "使用 GitLab 服务器" for "使用的 GitHub 服务器")
    frame = re.search(rf"([\u4e00-\u9fff])(?<!的)的?\s*{re.escape(name)}\s*([\u4e00-\u9fff])", form)
    # (the text may say what the name is before the second: "从 unstable 檔案庫移動到" for "从 testing 移到")
    gap = r"\s*(?:[\u4e00-\u9fff]{1,3}(?<![的和与及或、]))?"
    if not frame or not LATIN_WORD.fullmatch(name) or re.search(
            rf"{frame[1]}的?\s*{re.escape(name)}{gap}{frame[2]}", text.lower()):
        return ""
    other = re.search(rf"{frame[1]}的?\s*([a-z][a-z0-9.+\-]*(?: [a-z0-9.+\-]+)*?){gap}{frame[2]}", text, re.IGNORECASE)
    # (a name that holds the asked one is a form of it: "MOSS003" of "哪个版本的 MOSS")
    return other[1] if other and name not in other[1].lower() else ""


def _put_otherwise(name: str, form: str, text: str) -> str:
    """The noun or name that `text` (search form, lower case) puts after the word and 的 that the question
    `form` puts name `name` after ("内核" of "…最近三个版本的内核" for "最近几个版本的grub"); "" when there is
    none, or it refers back (该模型) or holds the name. (What only stands before a name, without 的, may be
    part of it: "复旦大学MOSS", "上一代AI".)"""
    before = re.search(rf"([\u4e00-\u9fff]{{1,2}}的)\s*{re.escape(name)}", form)
    at = text.find(before[1]) if before and LATIN_WORD.fullmatch(name) else -1
    if at < 0 or _REFERS_BACK.search(text[max(0, at - 2) : at]):
        return ""
    words = tagged(text[at + len(before[1]) :].lstrip()[:_WORD_AFTER])
    word, flag = words[0] if words else ("", "")
    if flag == "eng" or (flag.startswith("n") and len(word) > 1):
        return "" if name in word or _REFERS_BACK.match(word) else word
    return ""


def _spelled_apart(name: str, form: str, sentence: str) -> str:
    """A name in Latin letters that `sentence` gives and the question `form` does not, as long as `name`
    (four letters or more) and one letter from it ("openssh" of "openssl"), or ""."""
    if len(name) < 4:
        return ""
    return next((t for t in _LATIN_TOKEN.findall(sentence) if len(t) == len(name) and t not in form
                 and sum(a != b for a, b in zip(t, name)) == 1), "")


_REFERS_BACK = re.compile(r"[该其此这本它]")
# The start of a sentence that points back at things named before it: "这两个令…", "这些包…", "该命令…".
_POINTS_BACK = re.compile(r"^\W{0,2}(?:(?:这|那)(?:些|[两二三四五六七八九十几]?[个种项条款位])|该|此|上述)")
_LATIN_TOKEN = re.compile(r"(?<![a-z0-9_.\-])[a-z][a-z0-9_+\-]*[a-z0-9](?![a-z0-9_\-])")
# An address or a path, whose parts (https, usr) are no names a sentence points back at.
_ADDRESS_OR_PATH = re.compile(r"[a-z][a-z0-9+.\-]*://\S+|(?<![a-z0-9])/[\w./\-]+")
_WORD_AFTER = 12  # characters read for the word a sentence puts after the question's word and 的


@lru_cache(maxsize=256)  # asked of every bulleted item that lacks the name, with one article
def _items_led_by(word: str, article: str) -> int:
    """How many items of the bulleted lists of `article` (compacted, where an item follows the end of the
    sentence before it) start with `word`."""
    return len(re.findall(rf"(?:^|[。；;：:.!?！？])(?:[•·▪●◦*]|-){re.escape(word)}(?![a-z0-9])", article))


def _item_name(item: str) -> str:
    """The name in Latin letters that an item of a bulleted list starts with; "" when it starts otherwise."""
    name = re.match(r"[a-z][a-z0-9.+\-]*(?: [a-z][a-z0-9.+\-]*)*", BULLETED.sub("", item.strip()).strip())
    return name.group() if name else ""


def _key_cell(row: str) -> str:
    """The first cell of a table row that is not empty: what the row is the record of."""
    return next((cell for cell in cells(row) if cell), "")


# A Latin name in brackets that qualifies a thing in a table's cell: "(gtk)", "(kde)", "(c++)".
_QUALIFIER = re.compile(r"\(([a-z][a-z0-9+\-]*)\)")


_RULE_CELL = re.compile(r":?-{3}")


@lru_cache(maxsize=256)  # asked of every row of a table that lacks the name, with one article
def _rows_naming(word: str, article: str) -> int:
    """How many rows of the tables of `article` (compacted), other than heading rows, name `word` as a whole
    word in a cell."""
    rows = article.split("||")  # compacted, a row's first cell follows the "|" that ends the row above
    named = re.compile(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])")
    return sum(1 for i, row in enumerate(rows)
               if not (i + 1 < len(rows) and _RULE_CELL.match(rows[i + 1]))
               and any(named.search(cell) for cell in row.split("|")[1 if i == 0 else 0 :] if "。" not in cell))


def _with_its_identifier(analysis: Analysis, sentence: str, before: str, after: str) -> str:
    """`sentence` with the sentence that may hold the file, site or command it is about: a command or a path
    is often on a line of its own after the sentence that introduces it ("…请执行"), and a sentence that
    refers back to one ("这个文件应该…") follows the one that names it."""
    if analysis.type != "identifier":
        return sentence
    return " ".join([before if REFERS_TO_IDENTIFIER.match(sentence.lower()) else "", sentence, after])


def retopic(analysis: Analysis, clause: str, article: str = "") -> tuple[str, str] | None:
    """(asked, said) when the clause of a figure (`figure_clause`) is put under a topic ("制造业,…30%") of
    the same kind as one the question names and the clause does not ("能源行业的…"): both end in the
    same character (业, 场景, 领域) and the question does not name the clause's topic, or the question
    opens under a topic of its own that `article` names. A sentence without figures is put under a topic
    by a clause that frames one ("例如,在媒体领域,…")."""
    parts = [p.strip() for p in CLAUSE_CUT.split(clause) if p.strip()]
    if analysis.numeric:
        first = next((i for i, p in enumerate(parts) if any(ch.isdigit() for ch in p)), 0)
        framed = parts[first - 1] if first else ""
    else:
        framed = next((p for p in parts[:-1] if _TOPIC_FRAME.search(p)), "")
    if not framed:
        return None
    topic = _TOPIC_FRAME.sub("", framed)
    if not 2 <= len(topic) <= 8 or topic in analysis.form or _described(topic):
        return None
    if any(topic in shortened(c) for c in _noun_runs(analysis.form)):
        return None  # the question's topic written out in full: 金融行业 for 金融业
    asked = next((c for c in _noun_runs(analysis.form) if c[-1] == topic[-1] and c != topic and c not in clause), None)
    if asked is None:
        # The question puts itself under a topic of its own ("金融分析中,…") that the article names
        # elsewhere: another topic than the clause's. One the article never names may be a paraphrase.
        opening = [p.strip() for p in CLAUSE_CUT.split(analysis.form) if p.strip()]
        own = _TOPIC_FRAME.sub("", opening[0]) if len(opening) > 1 and _TOPIC_FRAME.search(opening[0]) else ""
        asked = own if 2 <= len(own) <= 8 and own not in clause and own in article else None
    return (asked, topic) if asked else None


def _described(topic: str) -> bool:
    """True when `topic` says how its thing is, not which kind it is ("非常重要的升级", not "能源行业的应用"):
    every word before its 的 an adjective or adverb."""
    quality, _, thing = topic.rpartition("的")
    return bool(quality and thing) and all(flag[:1] in ("a", "d") for _, flag in tagged(quality))


def qualified(analysis: Analysis, clause: str) -> tuple[str, str] | None:
    """(asked, said) when the question asks a figure qualified one way ("峰值功耗") and the clause of the
    sentence's figure qualifies it another ("平均不到30瓦"): a peak is not an average, nor a total."""
    if not analysis.numeric:
        return None
    asked, said = _qualifiers(analysis.form), _qualifiers(clause)
    if asked and said and not asked.keys() & said.keys():
        return next(iter(asked.values())), next(iter(said.values()))
    return None


def measured(analysis: Analysis, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question asks a figure of one thing ("学生成绩提升了多少") and the figure of
    `sentence` (search form, one figure's clause) is of another that plainly differs ("教师备课效率提升40%";
    "营收" asked, "25亿元融资" said): the noun before the question's number word and the noun beside
    the sentence's figure, the latter not named in the question; or, for a count, the thing counted
    ("多少个神经胶质细胞" asked, "800多亿个神经元" said)."""
    if not analysis.numeric or analysis.type in TIMES:
        return None
    # What a count counts ("多少个神经胶质细胞"): the sentence counts another thing ("800多亿个神经元");
    # the currency of an amount ("多少亿美元"): the sentence's amounts are in another ("25亿元").
    counts = _counts(analysis.form, sentence) or _currency(analysis.form, sentence)
    if counts:
        return counts
    question = tagged(analysis.form)
    at = _number_word(question)
    asked = _noun_before(question, at, verbal=False) if at is not None else None
    if asked is None:
        return None
    if asked in sentence:
        return _modified(question, asked, sentence, analysis.form)
    said = tagged(WHEN.sub(",", sentence))  # a year is no figure of a thing
    figure = next((i for i, (w, flag) in enumerate(said) if flag == "m" and any(ch.isdigit() for ch in w)), None)
    if figure is None:
        return None
    beside = [_noun_before(said, figure)]
    after = next((j for j in range(figure + 1, min(figure + 3, len(said))) if said[j][1] != "m" and said[j][0] != "%"), None)
    if after is not None and (said[after][1].startswith("n") or said[after][1] == "vn"):
        beside.append(said[after][0])
    other = next((w for w in beside if w and len(w) >= 2 and w not in analysis.form and _measures_differ(asked, w)), None)
    return (asked, other) if other else None


# What jieba tags the words that say what a measure is of: nouns, verbs (审核, 诊断), idioms and
# abbreviations (批改作业 l, 研发 j).
_MODIFIER_TAG = re.compile(r"n|v|l|j")


def _modified(question: tuple[tuple[str, str], ...], measure: str, sentence: str, form: str) -> tuple[str, str] | None:
    """(asked, said) when the measure a question asks a figure of is in `sentence` but of another thing:
    the noun the question puts before it ("药物[研发]成本", "批改[作业]的效率") is not in the sentence, which
    puts another before it ("[推理]成本", "[备课]效率") that the question does not say."""
    i = next((k for k, (w, _) in enumerate(question) if w == measure), None)
    j = i - 1 if i is not None else -1
    if j >= 0 and question[j][0] == "的":
        j -= 1
    if j < 0 or not _MODIFIER_TAG.match(question[j][1]) or len(question[j][0]) < 2:
        return None
    modifier = question[j][0]
    if modifier in sentence or question[j][1] in ("nr", "ns", "nt", "nz"):
        return None
    said = tagged(sentence)
    k = next((k for k, (w, _) in enumerate(said) if w == measure), None)
    if not k or not _MODIFIER_TAG.match(said[k - 1][1]) or len(said[k - 1][0]) < 2:
        return None
    other = said[k - 1][0]
    # words the dictionary lacks (批改作业, 故障诊断) differ when they share no character
    differ = unrelated(modifier, other) or not set(modifier) & set(other)
    return (modifier + measure, other + measure) if other not in form and differ else None


def figure_clause(analysis: Analysis, sentence: str) -> str:
    """In a sentence that gives figures in two or more clauses ("…误判率降低58%,基金公司策略收益提升23%"),
    the clause that shares most words with the question, with the clauses before it that give no figure
    (its topic: "金融业,"); "" for other sentences, or when the best clause gives no figure."""
    clauses = [c for c in CLAUSE_CUT.split(sentence) if c.strip()]
    figured = {i for i, c in enumerate(clauses) if FIGURE.search(c)}
    question = tagged(analysis.form)
    words = list(analysis.words) or [w for w, flag in question if content_word(w, flag, verb=True)]
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


# Measure words of a count, a count asked (多少家) and a count given (数千所, 800多亿个, 3架), where a
# counted thing ends, and how long the modifiers before a 的 may be ("不同类型的模拟飞行器").
_MEASURE_WORDS = "个家所架款项位次台种条篇本部座名只件枚颗辆届批"
_ASKED_COUNT = re.compile(rf"(?:多少|几)\s*(?P<unit>[{_MEASURE_WORDS}])")
_GIVEN_COUNT = re.compile(rf"(?P<number>\d+(?:\.\d+)?|[数几一二两三四五六七八九十百千万亿]+)\s*(?:多|余)?\s*(?:万|亿)?\s*"
                          rf"(?P<unit>[{_MEASURE_WORDS}])")
_CURRENCIES = ("美元", "元")  # as `AMOUNT` reads them
_ASKED_CURRENCY = re.compile(r"(?:多少|几)\s*(?:万亿|亿|万|千)?\s*(?P<unit>美元|元)")
_COUNT_END = re.compile(r"[?？,，。;；:：、()（）]")
_MODIFIER = 6
_COUNTED_TAGS = ("n", "l", "vn", "j", "s", "eng")
# A question asking for places: a place it names holds them, so a sentence naming another place answers.
_ASKS_PLACE = re.compile(r"哪(?:些|个|座|几个)?(?:城市|国家|省份?|地区|地方|省市|城)|哪里|哪儿|什么地方|"
                         r"\bwhere\b|\bwhich (?:[a-z\-]+ ){0,2}(?:cit(?:y|ies)|countr(?:y|ies)|provinces?|regions?|places?)\b")
# The words a question asks a number with (jieba tags them "m").
_ASKS_NUMBER = re.compile(r"多少|几|多大|多高|多长")
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


_MEASURE_SUFFIXES = ("率", "量", "度", "额")


def _noun_before(tokens: tuple[tuple[str, str], ...], at: int, verbal: bool = True) -> str | None:
    """The noun just before `tokens[at]`, past the verbs, particles and adverbs between them ("成绩" of
    "成绩提升了多少"; with `verbal`, a verb used as a noun too: "融资"); None when something else comes first
    or it is a name."""
    j = at - 1
    while j >= 0 and _between(*tokens[j]):
        j -= 1
    # a measure jieba cuts from its suffix ("误判|率", "复购|率"): the two are one noun
    if j >= 1 and tokens[j][0] in _MEASURE_SUFFIXES and tokens[j - 1][1][:1] in ("n", "v"):
        return tokens[j - 1][0] + tokens[j][0]
    flag = tokens[j][1] if j >= 0 else ""
    if (flag.startswith("n") or (verbal and flag == "vn")) and flag not in ("nr", "ns", "nt", "nz"):
        return tokens[j][0]
    return None


def _measures_differ(asked: str, said: str) -> bool:
    """True when two measures plainly differ: unrelated words (营收 and 融资), or rates, degrees or counts of
    unrelated things (准确率 and 成功率: 准确 and 成功)."""
    if unrelated(asked, said) or (asked[-1] == said[-1] and min(len(asked), len(said)) >= 3
                                  and unrelated(asked[:-1], said[:-1])):
        return True
    if in_dictionary(asked) and in_dictionary(said):
        return False
    # a word the dictionary lacks (误判率, 复购率): the measures differ when what they are of shares no character
    a, b = (asked[:-1], said[:-1]) if asked[-1] == said[-1] else (asked, said)
    return bool(a and b) and not set(a) & set(b)


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
    given = [m for m in AMOUNT.finditer(sentence) if m.group("unit") in _CURRENCIES]
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


# Words that say something did not happen or is not so, before the word they deny (尚未明确, 并非基于).
_DENIED = re.compile(r"(?:尚未|并未|并非|没有|未能|没能|不能|无法|未|没|不)$")


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
        # Where the question asks what the verb is said of, a clause that turns against the denial ("可以不
        # 满足…中的一些条件,但至少必须是可分发的") says it.
        if not thing and at and _CONTRAST.search(sentence[at[-1] :]):
            continue
        if at and all(denials) and not _DENIED.search(form[: form.find(word)]):
            return word, denials[0].group() + word
    return None


_CONTRAST = re.compile(r"[,，;；]\s*(?:但是?|而是|然而|不过)")


_OBJECT_REACH = 8  # characters after a verb within which the sentence names its object


def _object_after(form: str, verb: str) -> str:
    """The first noun of two or more characters after `verb` in the question `form`, past words that ask
    (几条): 物理 of "基于几条物理常识"; "" when a word of another kind comes first."""
    words = tagged(form[form.find(verb) + len(verb) :])
    for word, flag in words:
        if ASKING.fullmatch(word) or word in ("几", "多少") or COUNTED_QUESTION.fullmatch(word):
            continue
        return word if flag.startswith("n") and len(word) >= 2 else ""
    return ""


# "…和浙江等省市": the kind a sentence says its list is of.
_LISTED_KIND = re.compile(r"等([\u4e00-\u9fff]{2})(?![\u4e00-\u9fff])")


def listed_kind(form: str, sentence: str) -> tuple[str, str] | None:
    """(asked, said) when the question asks for things of one kind ("集中在哪些国家") and `sentence` says
    the things it lists are of another that the dictionary tells apart ("北京、上海、广东和浙江等省市")."""
    kind, listed = asked_kind(form), _LISTED_KIND.search(sentence)
    if not kind or not listed:
        return None
    said = listed.group(1)
    if kind in sentence or said in form or (kind in FIELDS and said in FIELDS) or not unrelated(kind, said):
        return None
    return kind, said


# Words that qualify a figure, each in its own way; 年均 and 日均 are averages, as 年平均 is.
_QUALIFIERS = {"峰值": "峰值", "最高": "最高", "最低": "最低", "最大": "最大", "最小": "最小", "平均": "平均",
               "年均": "平均", "日均": "平均", "月均": "平均", "累计": "累计"}


def _regional(asked: str, said: str) -> bool:
    """True when `said` is Taiwan's word for `asked` or for the word of it that differs (存取 for 访问, 一个执行绪
    for 线程, 资料 for the 数据 of 最大数据): the mainland's reading of it differs from it and holds the asked
    word, or is the part of it that the sentence does not write."""
    mainland = mainland_reading(said)
    return mainland != said and (asked in mainland or (len(mainland) > 1 and mainland in asked))


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
    clauses = [c for c in CLAUSE_CUT.split(sentence) if c.strip()]
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
    return len(word) >= 2 and (bool(LATIN_WORD.fullmatch(word)) or flag in NAME_TAGS or bool(name_glosses(word)))


def shortened(word: str) -> set[str]:
    """`word`, of four characters or more, with one left out (金融业 of 金融行业): how a name or a field is
    often written short."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))} if len(word) >= 4 else set()
# Words that join two parties ("宝马与亚马逊合作").
_JOINING = ("与", "和", "同", "跟")
