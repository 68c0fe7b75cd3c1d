"""Completion: what an answer needs besides its best sentence. A lead-in is given with the items it
announces (across sentence and line breaks), a heading with the items under it, an enumeration with its
later parts, and a why- or how-question's answer with the sentence that gives the cause or the means."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import takewhile

from .citations import Passage, Sentence, Sentencer, bigram_overlap
from .normalize import ENDS_IN_ROW, TABLE_CAPTION, TABLE_ROW, TABLE_RULE
from .questions import BULLETED, LEAD_IN, REFERS_TO_IDENTIFIER, Analysis, count_of, is_heading, tagged
from .script import mainland_reading, taiwan_reading

# A sentence that starts an enumeration ("一是…"; one that ends in a colon is a lead-in: `questions.LEAD_IN`).
_ENUM_FIRST = re.compile(r"一是|第一[,，、是]|首先|其一")
_ENUM_NEXT = re.compile(r"^\W{0,2}(?:[二三四五六七八九十]是|第[二三四五六七八九十][,，、是步]|其次|再次|然后|最后|其[二三四])")
# Sentences that each open an item by its place in the order, with sentences that explain an item between
# them ("第一种方法是…。整个 Linux 系统…。" "第二种方法，…" "最后一种分区方法，…"; "首先是问…" "第二个问题…").
_ORDINAL_FIRST = re.compile(r"^\W{0,2}(?:第一|首先|一是|其一)")
_ORDINAL_NEXT = re.compile(r"^\W{0,2}(?:第[二三四五六七八九十]|[二三四五六七八九十]是|其次|最后|其[二三四五六七八九])")
_ORDINAL_LAST = re.compile(r"^\W{0,2}最后")
BETWEEN_ORDINALS = 6  # sentences that may explain an item before the next one opens
# A sentence that ends in a semicolon is one of a run of parallel clauses ("在文化领域,…;教育领域,…;…。").
_SEMICOLON_END = re.compile(r"[;；]\W{0,2}$")
# The caption of a figure ("图 4.9. 引导分区"), which stands where the figure is, between any two sentences.
_FIGURE_CAPTION = re.compile(r"\s*(?:图|圖|figure)\s*\d+(?:[.．-]\d+)*", re.IGNORECASE)
# "非侵入式:" of a list item, also after "例如": a label of at most `_LABEL` characters, a word in Latin
# letters counting as one ("Upstream author (上游作者):" is as short a label as "上游作者:")
_ITEM = re.compile(r"^(?:例如|比如|譬如)?[,，]?\s*([^,，。:：;；]+?)[:：]")
_LABEL = 16
_LATIN_RUN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_\-]*")
# The kind a question asks which one of ("哪个[字段]引进了…"), and words that open a sentence by pointing back.
_WHICH_KIND = re.compile(r"(?:哪一?[个种]|什么)([\u4e00-\u9fff]{2})")
_POINTER = re.compile(r"\W{0,2}(?:这个|这一|该|此)")
# A sentence that draws a consequence: the reason a why-question asks for is in the sentence before it.
_CONSEQUENCE = re.compile(r"^\W{0,2}(?:所以|因此|因而|于是|可见|由此可见|正因如此|这就导致|这也意味着|这意味着|这说明)")
# A sentence that sums up its paragraph as what makes it so ("这就是 Debian 常被称为'任人唯贤'。", "这是会系统地
# 忽略…的原因。", "这也是为什么…"): the cause is what the paragraph said before it.
_SUMS_UP = re.compile(r"^\W{0,2}(?:这就是|这正是|这便是|这也就是|这也正是"
                      r"|(?:这|此)(?:也|就)?是(?=为什么|[^。！？]*(?:的原因|的缘故|的理由)\W*$))")
SUMMED_UP = 3  # sentences of its paragraph before such a sentence that may give the cause
# What gives a cause or a means; a sentence that starts by giving the cause of the one before it.
_MARKERS = {
    "reason": re.compile(r"因为|由于|因此|所以|源于|在于|原因|导致|之所以|because|due to"),
    "method": re.compile(r"通过|采用|利用|借助|依靠|凭借|基于|方式|方法|手段|措施|途径|用于"),
}
# (after a turn such as "然而," that only sets it against the sentence before)
_BECAUSE = re.compile(r"^\W{0,2}(?:(?:然而|但是|但|不过|可是|而)\W{0,2})?(?:这是因为|因为|由于|原因是|原因在于)")
# Words near a sentence's start that refer back to the sentence before ("但是业内对此…", "这一技术…").
_REFERS_BACK = re.compile(r"对此|此[外前后]?|这|其|该|上述|前述|前者|后者")
_OPENING = 12  # characters of a sentence's start that may refer back
# A sentence that starts by giving a means ("通过更高效的编程语言…,可以…").
_MEANS_FIRST = re.compile(r"^\W{0,2}(?:通过|采用|利用|借助|依靠|凭借)")
# A sentence that only calls something a means at its end ("…也是提升算力效率的重要手段。") names no means.
_MEANS_NAMED = re.compile(r"(?:方式|方法|手段|措施|途径)\W{0,2}$")
# A sentence that is only items that 、 parts, with no clause of its own: "百度文心、阿里通义、华为盘古……"
_BARE_LIST = re.compile(r"^[^,，。:：;；、]{1,16}(?:、[^,，。:：;；、]{1,16}){2,}[…。.]*$")
MAX_ITEMS = 8  # items a list answer gives at most
# An aside in brackets that opens a sentence, up to the bracket that closes it (one level of brackets inside).
_ASIDE = re.compile(r"^\s*[（(](?:[^（()）]|[（(][^（()）]*[)）])*[)）]\s*")
# A sentence that names its means as commands that follow it ("通过如下命令用 iconv(1) 来检查…"), and a line of
# a command after a shell's prompt.
_ANNOUNCES_COMMAND = re.compile(r"(?:如下|以下|下面的?|下列)(?:的)?(?:命令|指令)")
_PROMPT = re.compile(r"\s*[$#]\s")
# A sentence that points to what follows it, and a question that asks for a command.
_POINTS_AHEAD = re.compile(r"如下|以下|下面|下列")
_TO_COMMAND_LINES = re.compile(_POINTS_AHEAD.pattern + r"|命令行")  # or says the command line ("可以使用命令行关闭系统")
_ASKS_COMMAND = re.compile(r"(?:什么|哪个|哪条|哪些)(?:命令|指令)|\bwhich command\b|\bwhat command\b")
# A sentence that opens by saying what a thing named in Latin letters is ("scp 是一个…", "sftp 是一个交互命令").
_NAME_IS = re.compile(r"^\W{0,2}[A-Za-z][A-Za-z0-9.+_\-]*\s*是")
_INNER = "◦"  # the bullet of an item of a list inside an item (`loaders`)
# End punctuation (closing quotes and brackets after it too), and the comma of a clause.
_FINISHED = re.compile(r"[。！？!?；;…]\W{0,2}$")
_CLAUSE = re.compile(r"[,，]")
CONTINUATION = 60  # characters of a line that finishes a sentence a paragraph break cut off
# A sentence whose character bigrams are this much in the question says the question back, not its answer.
RESTATES = 0.6
SAID_BACK = 2  # sentences after one that says a why- or how-question back that may give the cause or means
BECAUSE_AHEAD = 6  # sentences after it that may lead in to its causes ("这是因为：")
_SUBSTANCE = ("n", "v", "a", "m", "eng")  # jieba's nouns, verbs, adjectives, numbers, Latin words: not grammar
LISTED_AFTER = 2  # sentences after a list question's best sentence that may hold the items it lacks
SHORT_ITEM = 24  # characters of a paragraph's first sentence that names an item under a heading


@dataclass
class Completion:
    """The passages (the best one widened to hold what completes it), the completing sentences, and
    whether they are a list's items (shown one a line)."""

    passages: list[Passage] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    listed: bool = False


def complete(best: Sentence, analysis: Analysis, passages: list[Passage], sentencer: Sentencer) -> Completion:
    """What completes `best`, the best sentence for `analysis` among `passages`."""
    passage = next(p for p in passages if any(s is best for s in p.sentences))
    text = best.search.strip()
    listed = False
    said = _MEANS_NAMED.sub("", text) if analysis.type == "method" else text  # "…的重要手段。" gives no means
    back = analysis.type in _MARKERS and says_back(text, analysis)
    continued = _continuation(best, passage, sentencer)
    if continued:
        found = continued
    elif _SEMICOLON_END.search(text) and (going_on := _clause_going_on(best, passage, sentencer)):
        # "…一个控制资料另个酬载资料；" then "后者使用 GRE 协定。": the next clause of the sentence goes on
        # about what this one names
        found = going_on
    elif ((analysis.type == "identifier" and REFERS_TO_IDENTIFIER.match(text.lower()) and not analysis.has_value(text))
          or _points_to_kind_asked(text, analysis.form)):
        # "这个文件应该只包含系统主机名": the file it refers back to is named in the sentence before; so is the
        # field of "这个栏位引进有趣的“虚拟套件”概念" for "哪个字段引进了虚拟套件的概念", in a heading
        found = sentencer.around(best, passage.hit, before=1)
    elif analysis.type == "identifier" and not analysis.has_value(text) and (
            named_after := _names_it_after(best, analysis, passage, sentencer)):
        # "开机时以 NTP 同步就够了。" then "安装 ntpdate 套件就可以。": the package is named in the sentence after,
        # which the verdict read with it (`verdicts._with_its_identifier`)
        found = named_after
    elif analysis.type in _MARKERS and (_CONSEQUENCE.match(text) or _SUMS_UP.match(text)
                                        or not _MARKERS[analysis.type].search(said) or back):
        found = _cause(best, analysis, passage, sentencer, back)
    elif _ENUM_FIRST.search(text) and not _ENUM_NEXT.search(text[2:]):
        found, listed = _enumeration(best, passage, sentencer), True
    elif _leads_to_commands(said, analysis) and (commands := _commands(best, passage, sentencer)):
        found = commands
    elif LEAD_IN.search(text):  # what it announces, whatever the question asks ("每项含义如下。")
        found, listed = _items(best, analysis, passage, sentencer), True
    elif analysis.term and not analysis.defines(text):
        found = _definition(best, analysis, passage, sentencer)
    elif analysis.type == "list" and (is_heading(text) or "、" not in text):
        found, listed = _items(best, analysis, passage, sentencer), True
    else:
        found = []
    if not found:
        return Completion(passages)
    wider = sentencer.widen(passage, found)
    by_span = {(s.start, s.end): s for s in wider.sentences}
    return Completion([wider if p is passage else p for p in passages], [by_span[(s.start, s.end)] for s in found],
                      listed)


def _next_in_paragraph(best: Sentence, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The sentence after `best` when it is in `best`'s paragraph, else []."""
    after = sentencer.around(best, passage.hit, after=1)
    return after if after and not after[0].paragraph else []


def _refers_back(sentence: Sentence) -> bool:
    """Whether `sentence` opens by referring back to the one before ("后者…", "其…", "前述的命令…")."""
    return bool(_REFERS_BACK.search(sentence.search[:_OPENING]))


def _clause_going_on(best: Sentence, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The clause after `best` in its sentence when it opens by referring back to what `best` names, else []."""
    after = _next_in_paragraph(best, passage, sentencer)
    return after if after and _refers_back(after[0]) else []


def _names_it_after(best: Sentence, analysis: Analysis, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The sentence after `best`, in its paragraph, when it holds the file, command or package asked for and not
    by referring back to one ("前述的命令可加入 -R 选项" names an option of the command before), else []."""
    after = _next_in_paragraph(best, passage, sentencer)
    return after if after and analysis.has_value(after[0].search) and not _refers_back(after[0]) else []


def _points_to_kind_asked(text: str, form: str) -> bool:
    """Whether `text` opens by pointing back to a thing of the kind the question `form` asks which one of
    ("这个栏位…" for "哪个字段…", in either region's word) and names none in Latin letters itself: what it
    points to is named before it."""
    asked = _WHICH_KIND.search(form)
    if not asked:
        return False
    kinds = {asked.group(1), taiwan_reading(asked.group(1)), mainland_reading(asked.group(1))}
    pointer = _POINTER.match(text)
    # ("这个邮箱control@bugs.debian.org用于…" names it: a name in Latin letters the question does not have)
    return (bool(pointer) and text[pointer.end() : pointer.end() + 2] in kinds
            and all(w.lower() in form for w in _LATIN_RUN.findall(text)))


def _leads_to_commands(said: str, analysis: Analysis) -> bool:
    """Whether the command lines after a sentence that says `said` answer `analysis`: its means are the
    commands it announces ("你能够通过如下命令用 iconv(1) 来检查…"); or it points ahead or to the command line
    and names no command itself ("下面是重新配置 Debian 系统使用的时区。" before "# dpkg-reconfigure tzdata",
    "可以使用命令行关闭系统。" before "# shutdown -h now"), for a how-question or one that asks for a command."""
    method = analysis.type == "method"
    if method and _ANNOUNCES_COMMAND.search(said):
        return True
    asks = method or (analysis.type == "identifier" and bool(_ASKS_COMMAND.search(analysis.form)))
    return (asks and bool(_TO_COMMAND_LINES.search(said))
            and all(w.lower() in analysis.form for w in _LATIN_RUN.findall(said)))


def _commands(best: Sentence, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The command lines right after `best`, each after a shell's prompt ("$ iconv -f utf8 -t utf8 …")."""
    following = sentencer.around(best, passage.hit, after=MAX_ITEMS)
    return list(takewhile(lambda s: _PROMPT.match(s.search), following))


def _continuation(best: Sentence, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The line that finishes `best` when a paragraph break cut it off mid-clause: a manual's "…的默认目标,
    请执行" before the command on a line of its own. Only a clause (a comma in it) ends so; a heading
    does not, nor an item of a list that ends in a comma, and only a short line (a command, an address, a
    formula) is taken for the rest of it."""
    text = best.search.strip()
    if _FINISHED.search(text) or LEAD_IN.search(text) or not _CLAUSE.search(text[:-1]) or _CLAUSE.match(text[-1]):
        return []
    after = sentencer.around(best, passage.hit, after=1)
    return after if after and after[0].paragraph and len(after[0].search.strip()) <= CONTINUATION else []


def _cause(best: Sentence, analysis: Analysis, passage: Passage, sentencer: Sentencer, back: bool) -> list[Sentence]:
    """The neighbours that give the cause (or means) `best` lacks: the next one when it starts with
    "这是因为" (or, for a means, "通过…"); the one before when `best` draws a consequence ("所以…") or the one
    before gives a cause itself; the ones after when `best` says the question back (`back`)."""
    text = best.search.strip()
    if analysis.type == "reason" and _SUMS_UP.match(text):  # (whatever the sentence after goes on to)
        return _paragraph_before(sentencer.around(best, passage.hit, before=SUMMED_UP))
    after = sentencer.around(best, passage.hit, after=1)
    starts = (_BECAUSE, _MEANS_FIRST) if analysis.type == "method" else (_BECAUSE,)
    # (after an aside in brackets that opens it: "(例如，在使用 diff3(1) 移植…后.)这是因为 todos 给所有的行增加 CR.")
    if after and any(start.match(_ASIDE.sub("", after[0].search)) for start in starts):
        return after
    # The sentence after, that refers back to this one and says what the question asks of it ("…AMIE已经通过
    # 图灵测试。" then "但是业内对此争议很高,认为其测试根本没有考虑到…"): this one only sets the scene.
    lacking = [w for w, flag in tagged(analysis.form) if len(w) > 1 and flag.startswith(_SUBSTANCE) and w not in text]
    if after and _refers_back(after[0]) and any(w in after[0].search for w in lacking):
        return after
    ahead = sentencer.around(best, passage.hit, after=BECAUSE_AHEAD) if back else []
    if back and analysis.type == "method":
        # Said back, then sentences that announce commands and the commands ("檢查以下指令的結果。" "# aptitude
        # search '~c'" "…請執行以下指令。" "# aptitude purge '~c'"): those are the means.
        run = list(takewhile(lambda s: _ANNOUNCES_COMMAND.search(s.search) or _PROMPT.match(s.search), ahead))
        if any(_PROMPT.match(s.search) for s in run):
            return run
    before = _whole_sentence(sentencer.around(best, passage.hit, before=MAX_ITEMS))
    if before and (_CONSEQUENCE.match(text) or _MARKERS[analysis.type].search(before[-1].search)):
        return before
    if back:
        # A sentence that says a why-question back, in a list whose items a lead-in after it gives the causes
        # of ("…是不现实的。" among the items, then "这是因为：" and the causes as items): the lead-in and its items.
        # Itself such a lead-in ("Debian 是100%的自由軟體，因為：" for "Debian 为什么是 100% 的自由软件"): its items.
        if LEAD_IN.search(text) and _MARKERS[analysis.type].search(text) and ahead and BULLETED.match(ahead[0].search):
            return _bullets(ahead, None)
        lead = next((i for i, s in enumerate(ahead) if _BECAUSE.match(s.search) and LEAD_IN.search(s.search.strip())),
                    None)
        if lead is not None and lead + 1 < len(ahead) and BULLETED.match(ahead[lead + 1].search):
            return ahead[lead : lead + 1] + _bullets(ahead[lead + 1 :], None)
        # A sentence that only says the question back opens what answers it: the sentences after it, in its
        # paragraph, up to one that gives the cause or means ("突围的机遇或许在于服务机器人。" then "…服务机器人
        # 将是未来竞争的主战场。"); failing those, the sentence before.
        following = list(takewhile(lambda s: not s.paragraph, sentencer.around(best, passage.hit, after=SAID_BACK)))
        given = next((i for i, s in enumerate(following) if _MARKERS[analysis.type].search(s.search)), None)
        return following[: given + 1] if given is not None else following[:1] or before
    return []


def _paragraph_before(before: list[Sentence]) -> list[Sentence]:
    """The sentences of `before` in the paragraph of the sentence after them: from the last one that starts
    a paragraph, if any."""
    start = max((i for i, s in enumerate(before) if s.paragraph), default=0)
    return before[start:]


def _whole_sentence(before: list[Sentence]) -> list[Sentence]:
    """The last sentence of `before` with the clauses before it that semicolons part from it in its
    paragraph ("自然地，…稳定发行版本则尽量不做改动；" "在此基础上存在一小部分例外…。"): one sentence, said
    whole; [] when `before` is empty."""
    start = len(before) - 1
    while start > 0 and not before[start].paragraph and _SEMICOLON_END.search(before[start - 1].search.strip()):
        start -= 1
    return before[max(start, 0) :]


def says_back(text: str, analysis: Analysis) -> bool:
    """True when `text` says the question back: most of its character pairs are the question's, or every
    word of substance it has is one the question has (a word that gives a cause or means, 在于, aside)."""
    if bigram_overlap(text, analysis.form) >= RESTATES:
        return True
    marker = _MARKERS[analysis.type]
    words = [w for w, flag in tagged(text) if flag.startswith(_SUBSTANCE) and not marker.search(w)]
    return bool(words) and all(w in analysis.form for w in words)


def _definition(best: Sentence, analysis: Analysis, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The sentence after `best` that says what the asked term is, when `best` only names it ("总体架构被定为
    “一体两翼”。" then "“两翼”则是“保护脑”“模拟脑”")."""
    return [s for s in sentencer.around(best, passage.hit, after=LISTED_AFTER) if analysis.defines(s.search)][:1]


def _enumeration(best: Sentence, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The later parts of an enumeration that `best` starts ("一是…；二是…；三是…")."""
    parts = []
    for s in sentencer.around(best, passage.hit, after=MAX_ITEMS):
        if not _ENUM_NEXT.match(s.search):
            break
        parts.append(s)
    return parts


def _items(best: Sentence, analysis: Analysis, passage: Passage, sentencer: Sentencer) -> list[Sentence]:
    """The items after `best`: what a lead-in announces (as many as the question or the lead-in says),
    the items under a heading, or for a list question whose best sentence names none, the "X:" items
    that follow it."""
    text = best.search.strip()
    want = analysis.count or count_of(text)
    lead = bool(LEAD_IN.search(text) or is_heading(text))  # a lead-in: what follows are its items
    # (a figure's caption between a lead-in and its items is neither an item nor the list's end)
    following = [s for s in sentencer.around(best, passage.hit, after=MAX_ITEMS * 4)
                 if not (_FIGURE_CAPTION.match(s.search) and is_heading(s.search))]
    # A lead-in's or a heading's bullets, or those right after the best sentence for a list question, which
    # announces them without a colon ("下面的…模块，需要被预先加载，把它们在…里列出。").
    if (lead or analysis.type == "list") and following and BULLETED.match(following[0].search):
        return _bullets(following, want)
    # A table's caption or lead-in before it: its rows, below the heading row, are the items; a sentence
    # that names them before the table's caption ("…有三种类型的时间戳。" then "表 1.9. 时间戳类型列表"), too.
    if (lead or analysis.type == "list") and following and TABLE_ROW.match(following[0].search.strip()):
        return _table_rows(following, want)
    if (analysis.type == "list" and len(following) > 1 and TABLE_CAPTION.match(following[0].search)
            and TABLE_ROW.match(following[1].search.strip())):
        return following[:1] + _table_rows(following[1:], want)
    if (lead or analysis.type == "list") and following and _ORDINAL_FIRST.match(following[0].search):
        ordinals = _ordinals(following, want)
        if len(ordinals) > 1:
            return ordinals
    if is_heading(text):
        # Under a heading, each paragraph's first sentence may name its item; when several are short
        # ("更高智能,从直觉到推理的跨越。"), those are the items and longer ones are not.
        section = []
        for s in following:
            if is_heading(s.search):
                break
            if s.paragraph:
                section.append(s)
        short = [s for s in section if len(s.search) <= SHORT_ITEM]
        following = short if len(short) >= 2 else section
    if lead and following and BULLETED.match(following[0].search):
        return _bullets(following, want)  # a heading's paragraphs, the first of them a bullet
    if (not lead and len(following) > 1 and LEAD_IN.search(following[0].search.strip())
            and BULLETED.match(following[1].search)):
        return following[:1] + _bullets(following[1:], want)  # "…赋予了一个优先级。" then "优先级有：" and bullets
    if not lead and analysis.type == "list" and _is_item(text):
        # One "X:" item of a run ("技术鸿沟加剧:…"): the whole run, the items before it and after it.
        before = sentencer.around(best, passage.hit, before=MAX_ITEMS)
        return _item_run(reversed(before))[::-1] + _item_run(following[:MAX_ITEMS])
    if not lead and want and (named := _named_openings(following, want)):
        return named
    if not lead and following and _SEMICOLON_END.search(following[0].search.strip()):
        # Items written as clauses that semicolons part, in the paragraph after the sentence that names them.
        return _semicolon_run(following)
    items: list[Sentence] = []
    for s in following[:MAX_ITEMS]:
        if (items and is_heading(s.search)) or len(items) == (want or MAX_ITEMS):
            break
        if not _is_item(s.search) and (items or not lead) and not (lead and want):
            break
        items.append(s)
    if not items and not lead and analysis.type == "list":
        # "…亮相了以大模型为核心的创新产品。" names what is asked; the sentence after it lists them, or the
        # one before when that is nothing but the items ("百度文心、阿里通义、华为盘古……" before "30余款大模型将同台竞技。").
        # (not a table's caption and heading row, which names what its cells hold, nor the heading of the
        # next part of the article)
        items = [s for s in following[:LISTED_AFTER] if analysis.shaped(s.search)
                 and not ENDS_IN_ROW.search(s.search) and not is_heading(s.search)][:1]
        # A clause that ends in a semicolon goes on in the next clause of its sentence, which gives what it
        # announces ("…允许防火墙通过；" then "收到这些封包的基础是其协定编号，50 (ESP) 与 51 (AH)。").
        if not items and _SEMICOLON_END.search(text) and following and not following[0].paragraph:
            items = following[:1]
        if not items:
            before = sentencer.around(best, passage.hit, before=1)
            if before and _BARE_LIST.match(before[0].search.strip()):
                items = before
    return items


def _ordinals(following: list[Sentence], want: int | None) -> list[Sentence]:
    """The sentences that open items by their place in the order, the first of `following` the first of
    them: up to the one that says it is the last (最后), as many as wanted, or a heading."""
    items = following[:1]
    between = 0
    for s in following[1:]:
        if is_heading(s.search) or between > BETWEEN_ORDINALS or len(items) == (want or MAX_ITEMS):
            break
        if not _ORDINAL_NEXT.match(s.search):
            between += 1
            continue
        items.append(s)
        between = 0
        if _ORDINAL_LAST.match(s.search):
            break
    return items


def _table_rows(following: list[Sentence], want: int | None) -> list[Sentence]:
    """The rows of the table that `following` starts with, below its heading row and rule."""
    rows = list(takewhile(lambda s: TABLE_ROW.match(s.search.strip()), following))
    rule = next((k for k, s in enumerate(rows) if TABLE_RULE.fullmatch(s.search.strip())), None)
    return rows[rule + 1 if rule is not None else 0 :][: want or MAX_ITEMS]


def _bullets(following: list[Sentence], want: int | None) -> list[Sentence]:
    """The items of a bulleted list: each bullet's first sentence. What stands under a bullet belongs to
    it (the manual's "* 必需（Required）：…" and the paragraph that explains it, or a list inside it, whose
    bullets are "◦"); the list ends at the second paragraph in a row that no bullet starts or at a sentence
    that points ahead to another list, and a list inside an item ends at the next bullet of the outer list."""
    items: list[Sentence] = []
    plain = 0
    inner = following[0].search.lstrip().startswith(_INNER) if following else False
    for s in following:
        if BULLETED.match(s.search):
            if s.search.lstrip().startswith(_INNER) != inner:
                if inner:
                    break  # the next item of the outer list
                continue  # a list inside this item belongs to it
            items.append(s)
            plain = 0
            if len(items) == (want or MAX_ITEMS):
                break
        elif _POINTS_AHEAD.search(s.search):
            break  # a sentence that points ahead leads another list in ("有人想知道下列的兩個事實是否互相矛盾。")
        elif s.paragraph:
            plain += 1
            if plain == 2:
                break
    return items


def _is_item(text: str) -> bool:
    """True when `text` starts as an item of a list does, with a short label and a colon."""
    m = _ITEM.match(text)
    return bool(m) and len(_LATIN_RUN.sub("a", m.group(1).replace(" ", ""))) <= _LABEL


def _named_openings(following: list[Sentence], want: int) -> list[Sentence]:
    """The sentences right after one that counts `want` things ("SSH 还涉及两个文件传输服务。") that each
    open by saying what one of them is ("scp 是一个…命令行工具", then a command line, "sftp 是一个交互命令"),
    the first of them right after it: `want` of them before a heading (a command line is none), among the
    next 3 × `want` sentences; else []."""
    near = list(takewhile(lambda s: _PROMPT.match(s.search) or not is_heading(s.search), following))[: 3 * want]
    named = [s for s in near if _NAME_IS.match(s.search)]
    return named[:want] if len(named) >= want and near[0] is named[0] else []


def _item_run(sentences) -> list[Sentence]:
    """The "X:" items that `sentences` start with, up to the first sentence that is not one."""
    return list(takewhile(lambda s: _is_item(s.search.strip()), sentences))


def _semicolon_run(following: list[Sentence]) -> list[Sentence]:
    """The clauses of a run that semicolons part, up to the sentence that ends it, within one paragraph."""
    run: list[Sentence] = []
    for s in following[:MAX_ITEMS]:
        if run and s.paragraph:
            break
        run.append(s)
        if not _SEMICOLON_END.search(s.search.strip()):
            break
    return run
