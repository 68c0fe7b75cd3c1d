"""Assistant: a question in, a short cited answer out (or a plain refusal when the articles do not say)."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Iterator

from .chunks import count_tokens
from .answerability import JUDGES
from .citations import Citation, Passage, Sentence, Sentencer, check
from .evidence import Evidence, words_of
from .lexical import dictionary_word
from .completion import Completion, complete
from .config import Settings
from .glossary import STOPWORDS, names_things
from .llms import Backend, BackendError, Request, get_backend, render
from .normalize import normalize_query
from .script import HAN, converter, to_simplified
from .prompts import CLARIFY, REFUSALS, nearest_lead, rewrite_prompt
from .questions import Analysis, analyse, constraints, describe, expanded
from .referents import antecedent
from .retriever import Hit, Retriever

_LATIN = re.compile(r"[A-Za-z]")
_DEFINITION_POOL = 20  # passages for a short name alone in which to look for where it is written out
# A pronoun that points back to an earlier turn ("其他", "吉他" are not pronouns).
_PRONOUN_ZH = re.compile(r"(?<![其吉])(他们|她们|它们|他|她|它)")
_PRONOUN_EN = re.compile(r"\b(it|he|she|they|its|his|her|their)\b", re.I)
_INTRODUCED_EN = re.compile(r"\b(?:a|an|the)\s+[a-z]", re.I)
# The subject after an auxiliary verb ("does aptitude" of "Where does aptitude keep its configuration?").
_SUBJECT_EN = re.compile(r"\b(?:do|does|did|is|are|was|were|can|could|will|would|should|has|have|had)\s+([a-z][\w.+\-]*)",
                         re.I)
_PLURAL_PRONOUNS = ("they", "their")
# An "it" that stands for the clause after it: "does it cost/take to…", "is it true that…", "it is hard to…".
_ANTICIPATORY = re.compile(r"it\s+(?:costs?|takes?|took|needs?)\s+(?:\w+\s+){0,3}?to\b"
                           r"|it\s+(?:(?:is|was|be)\s+)?(?:\w+\s+){0,2}?that\b|it\s+(?:is|was|be)\s+(?:\w+\s+){0,2}?to\b"
                           r"|it\s+(?:true|possible|necessary|likely|hard|easy)\s+(?:to|that)\b", re.I)
# "那X呢？": the same question as before, about X.
_ELLIPSIS_ZH = re.compile(r"^(?:那么?|那)\s*(.+?)\s*呢\s*[？?]?$")
_ELLIPSIS_EN = re.compile(r"^(?:and|what about|how about)\s+(.+?)\s*\??$", re.I)
# Where the subject of a Chinese question ends: its first particle, verb or question word.
_SUBJECT_END = re.compile(
    r"的|是|在|向|提出|把|被|有|发布|于|将|所在|最近|目前|认为|说|哪|什么|多少|几|谁|如何|怎么|为什么"
    r"|与|和|对|通过|推出|获得|成立|担任|预计|研发|计划|采用|接入"
)
log = logging.getLogger(__name__)
_ROLE = re.compile(r"^(?:user|assistant|question|用户|问题|問題)\s*[:：]\s*", re.I)
JUDGED = 5  # leading sentences looked at for a nearest fact or a contradiction
NEAR = 0.5  # a sentence naming a sibling of what was asked is named instead of the best within this share
ELSEWHERE = 2.0  # times the refusal threshold: a sentence about another subject is named when it scores this
_REFUSAL_WORDS = ("没有提到", "未提到", "没有提及", "未提及", "do not say", "does not say", "not mention", "no information")


@dataclass
class Answer:
    """An answer: text with `[n]` markers, the checked citations, and how it was made."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    refused: bool = False
    query: str = ""  # the query actually searched, after follow-up rewriting
    related: list[Hit] = field(default_factory=list)  # nearest passages, offered when refused
    timings: dict[str, float] = field(default_factory=dict)  # milliseconds per stage
    backend: str = ""
    fallback: bool = False  # a generated answer without a valid citation was replaced by the extractive one
    # Why the generating backend gave no answer (timed out, unreachable, HTTP 503), when it failed and the
    # extractive answer stands in; what the backend said stays in the log.
    backend_error: str = ""
    unsupported: list[str] = field(default_factory=list)  # answer sentences left without a valid citation
    evidence: float = 0.0  # the best sentence's evidence score, compared with the refusal threshold
    support: float = 1.0  # the best sentence's support for what is asked, compared with the support threshold
    judged: float = -1.0  # the answerability judge's best score of the leading sentences; -1 without a judge

    def to_json(self) -> dict:
        """The answer as JSON-serialisable data."""
        return {
            "text": self.text,
            "citations": [c.to_json() for c in self.citations],
            "refused": self.refused,
            "query": self.query,
            "related": [h.to_json() for h in self.related],
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
            "backend": self.backend,
            "fallback": self.fallback,
            "backend_error": self.backend_error,
            "unsupported": list(self.unsupported),
            "evidence": round(self.evidence, 4),
            "support": round(self.support, 4),
            "judged": round(self.judged, 4),
        }


def _meets(citations: list[Citation], passages: list[Passage]) -> bool:
    """True when a cited sentence meets the question (`Sentence.verdict`): a generated answer citing only
    sentences about another version, year or place is treated like an uncited one."""
    verdicts = {(s.source, s.start, s.end): s.verdict.ok for p in passages for s in p.sentences}
    return any(verdicts.get((c.source, c.start, c.end), True) for c in citations)


def _as_written(value: str, text: str) -> str:
    """`value` (lower case) as `text` writes it ("GPT-4o" for "gpt-4o"; "I" of "I:3", not of "client")."""
    m = (re.search(rf"(?<![a-z0-9]){re.escape(value)}(?![a-z0-9])", text, re.I)
         or re.search(re.escape(value), text, re.I))
    return m.group() if m else value


def language_of(text: str) -> str:
    """"zh-Hans", "zh-Hant" or "en": the language and script to answer `text` in."""
    if not HAN.search(text) and _LATIN.search(text):
        return "en"
    return "zh-Hans" if to_simplified(text) == text else "zh-Hant"


def subject_of(question: str) -> str:
    """The subject a Chinese question is about: its words before the first particle or verb."""
    q = re.sub(r"^(那么?|请问)", "", normalize_query(question)).strip("，,？?。 ")
    m = _SUBJECT_END.search(q, 1)
    end = m.start() if m else len(q)
    if m:
        # A particle inside a dictionary word (在 of 现在, 于 of 基于) ends the subject at that word's start
        # (not inside a name jieba has no entry for: 说 of 方明伦说).
        at = 0
        for word in filter(None, (w.strip() for w in words_of(q))):
            found = q.find(word, at)
            if found < 0:
                continue
            at = found + len(word)
            if found < end < at and dictionary_word(word):
                end = found
                break
    subject = q[:end]
    return subject if len(subject) >= 2 else q


def rewrite_by_rule(question: str, previous: str, glossary=None, answer: str = "") -> str:
    """`question` made to stand on its own by carrying over what its pronoun points to in `previous` (or
    in `answer`, the answer `previous` got), across languages too (with `glossary`, the retriever's
    English-to-Chinese words)."""
    q = question.strip()
    chinese_before = bool(HAN.search(previous))
    if HAN.search(q):
        m = _ELLIPSIS_ZH.match(q)
        if m:
            pronoun = _PRONOUN_ZH.search(m.group(1))
            if pronoun:  # "那它的推理成本呢": the pronoun names the subject
                return _PRONOUN_ZH.sub(_referent(pronoun.group(), previous, answer, glossary), m.group(1), count=1)
            return _substitute(m.group(1), previous) or f"{m.group(1)} {previous.strip()}"
        pronoun = _PRONOUN_ZH.search(q)
        if pronoun:
            target = _referent(pronoun.group(), previous, answer, glossary)
            return re.sub(r"^(那么?)", "", _PRONOUN_ZH.sub(target, q, count=1))
        return q
    m = _ELLIPSIS_EN.match(q)
    if m:
        asked = m.group(1)
        if chinese_before and glossary is not None:  # "What about the global market?" after a Chinese question
            asked = "".join(glossary.translate(asked)) or asked
        return _substitute(asked, previous) or f"{m.group(1)} {previous.strip()}"
    pronoun = _PRONOUN_EN.search(q)
    if pronoun:
        if chinese_before:  # the subject as the articles write it
            target = _referent(pronoun.group(), previous, answer, glossary)
            # "its cost" -> "智谱AI's cost"
            return _PRONOUN_EN.sub(lambda m: target + ("'s" if m.group().lower() in ("its", "his", "their") else ""), q)
        return f"{q} ({previous.strip()})"
    return q


def says_refusal(text: str) -> bool:
    """True when `text` says the articles do not answer ("没有提到", "The articles do not say")."""
    return any(w in text.lower() for w in _REFUSAL_WORDS)


def _referent(pronoun: str, previous: str, answer: str, glossary=None) -> str:
    """What `pronoun` points to (`referents.antecedent`: a thing, its owner, a person, the name the answer
    gave), else the subject of `previous`."""
    if says_refusal(answer):
        answer = ""  # a refusal names no referent
    df = glossary.df if glossary is not None else None
    return antecedent(pronoun, previous, answer, df) or _subject(previous, glossary)


def _subject(previous: str, glossary=None) -> str:
    """What a pronoun after `previous` points to: its subject, or for an English question the name it
    gives, spelled as the articles spell it ("Tao Hu" -> 陶虎)."""
    if HAN.search(previous) or glossary is None:
        return subject_of(previous)
    for phrase, senses in glossary.names(previous).items():
        return senses[0] if senses else phrase
    return previous.strip()


def _substitute(asked: str, previous: str) -> str:
    """`previous` asked again about the place, year or version that "那X呢" names ("那全球的呢" after a
    question about 美国: the same question about 全球); "" when X names none that `previous` has."""
    previous = normalize_query(previous)
    for new in constraints(normalize_query(asked).lower()):
        old = next((c for c in constraints(previous.lower()) if c.kind == new.kind and c.stem == new.stem
                    and c.kind != "entity" and c.value != new.value), None)
        if old:
            return re.sub(re.escape(old.value), new.value, previous, count=1, flags=re.I)
    return ""


def standalone(question: str, earlier: list[str], glossary=None, answers: list[str] | None = None) -> str:
    """`question` made to stand on its own from the earlier user turns (and the `answers` they got), by
    rule."""
    if not earlier or not is_follow_up(question):
        return question.strip()
    answers = list(answers or [])[: len(earlier)]
    answers += [""] * (len(earlier) - len(answers))
    previous = earlier[0]
    for i, turn in enumerate(earlier[1:], 1):  # each earlier turn may itself have been a follow-up
        previous = rewrite_by_rule(turn, previous, glossary, answers[i - 1]) if is_follow_up(turn) else turn
    return rewrite_by_rule(question, previous, glossary, answers[-1])


def is_follow_up(question: str) -> bool:
    """True when `question` points back to an earlier turn: "那X呢" / "what about X", or a pronoun with
    nothing in the question itself for it to point to ("他认为…", not "方明伦说他…"; "What is its price?",
    not "How did DeepSeek cut its cost?")."""
    q = question.strip()
    return bool(_ELLIPSIS_ZH.match(q) or _ELLIPSIS_EN.match(q) or dangling_pronoun(q))


def unresolved(question: str) -> str:
    """The pronoun of a first question that points to nothing, or "": one with nothing before it, in a
    question that names nothing else either (English "Is it true that DeepSeek…" names DeepSeek)."""
    word = dangling_pronoun(question)
    q = question.strip()
    if word and not HAN.search(q) and any(w[:1].isupper() for w in q.split()[1:]):
        return ""
    return word


def dangling_pronoun(question: str) -> str:
    """The pronoun of `question` that nothing before it in the question names, or ""."""
    q = question.strip()
    if HAN.search(q):
        m = _PRONOUN_ZH.search(q)
        # A subject before the pronoun ("方明伦说他") is what it points to.
        return m.group() if m and len(re.sub(r"^(那么?|请问|所以)", "", q[: m.start()]).strip("，,、 ")) < 2 else ""
    # "How much does it cost to develop…", "Is it true that…": an "it" that stands for what follows points back to nothing.
    m = next((m for m in _PRONOUN_EN.finditer(q) if not _ANTICIPATORY.match(q, m.start())), None)
    if not m:
        return ""
    before = q[: m.start()]
    # A name before the pronoun ("How did DeepSeek cut its cost?"; the first word is capitalised anyway),
    # a thing introduced by an article ("Where does a semi-invasive interface place its electrodes?"),
    # or for "they" or "their" things named in the plural as the subject of a verb ("Why do leading teams
    # keep their lead?", "…let players control characters with their minds"; not "How many employees
    # does their company have?").
    after_first = before.split()[1:]
    words = [w.lower() for w in after_first]
    plural = m.group().lower() in _PLURAL_PRONOUNS and any(
        noun.endswith("s") and noun not in STOPWORDS and verb not in STOPWORDS and names_things(noun)
        for noun, verb in zip(words, words[1:]))
    # A subject after an auxiliary verb, a name written in small letters as programs are ("Where does
    # aptitude keep its configuration?"), is named too.
    subject = any(m.group(1).lower() not in STOPWORDS for m in _SUBJECT_EN.finditer(before))
    named = any(w[:1].isupper() for w in after_first) or _INTRODUCED_EN.search(before) or plural or subject
    return "" if named else m.group()


_READING_LOCK = threading.Lock()


def _reading(retriever: Retriever) -> tuple[Sentencer, Evidence]:
    """The sentencer and the evidence over `retriever`'s passages, made once per retriever and kept with it:
    they depend on its passages alone, and making the evidence reads every passage, so every Assistant over
    a retriever shares them (the web app makes one per question that brings options of its own)."""
    with _READING_LOCK:
        if "reading" not in retriever.shared:
            retriever.shared["reading"] = (Sentencer(retriever.documents),
                                           Evidence([c.text for c in retriever.chunks], retriever.glossary,
                                                    lexicon=retriever.bm25))
        return retriever.shared["reading"]


class Assistant:
    """Answers questions about the indexed articles with checked citations."""

    def __init__(self, retriever: Retriever, backend: str | Backend | Any = "extractive",
                 settings: Settings | None = None, **backend_options: Any):
        self.retriever = retriever
        self.settings = settings or retriever.settings
        name = backend if isinstance(backend, str) else None
        options = {**(self.settings.backend_options(name) if name else {}), **backend_options}
        self.backend = get_backend(backend, **options)
        self.extractive = self.backend if not self.backend.generative else get_backend("extractive")
        self.judge = (JUDGES.make(self.settings.judge, **self.settings.judges.get(self.settings.judge, {}))
                      if self.settings.judge else None)
        self.sentencer, self.evidence = _reading(retriever)

    # ------------------------------------------------------------------ public

    def ask(self, question: str, history: list[dict] | None = None) -> Answer:
        """The answer to `question`, given the earlier turns of the conversation."""
        answer = None
        for answer in self.stream(question, history):
            pass
        return answer

    def stream(self, question: str, history: list[dict] | None = None) -> Iterator[str | Answer]:
        """Pieces of the answer text as they are generated, then the whole `Answer`."""
        if not question or not question.strip():
            raise ValueError("empty question")
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        earlier = [m for m in history or [] if m.get("role") == "user" and m.get("content")]
        word = unresolved(question) if not earlier else ""
        if word:  # a first question whose "它" points to nothing: ask, rather than guess
            text = CLARIFY[language_of(question)].format(word=word)
            yield text
            timings["total_ms"] = (time.perf_counter() - t0) * 1000
            yield Answer(text, refused=True, query=question.strip(), backend=self.backend.name, timings=timings)
            return
        query = self.retriever.reading(self.rewrite(question, history or []))
        t1 = time.perf_counter()
        timings["rewrite_ms"] = (t1 - t0) * 1000
        analysis = analyse(query)
        hits = self.search(query, analysis)
        t2 = time.perf_counter()
        timings["retrieve_ms"] = (t2 - t1) * 1000
        passages = self.fit(self.sentencer.passages(hits))
        ranked = self.judged(query, self.evidence.score(query, passages, subject_of(query), analysis))
        language = language_of(question)
        completion = Completion()
        answerable = self.answerable(ranked, analysis)
        if answerable:
            completion = complete(ranked[0], analysis, passages, self.sentencer)
            passages = completion.passages
        request = Request(query, language, passages, ranked, completion.sentences, completion.listed,
                          expected=describe(analysis), words=self.evidence.spelled(query))
        t3 = time.perf_counter()
        timings["evidence_ms"] = (t3 - t2) * 1000
        common = {"query": query, "backend": self.backend.name, "evidence": ranked[0].score if ranked else 0.0,
                  "support": ranked[0].support if ranked else 0.0,
                  "judged": max((s.judged for s in ranked[:JUDGED]), default=-1.0)}

        if not answerable:
            checked = self.nearest(query, ranked, passages, language)
            text = checked.text if checked else REFUSALS[language]
            yield text
            timings["generate_ms"] = 0.0
            timings["total_ms"] = (time.perf_counter() - t0) * 1000
            yield Answer(text, checked.citations if checked else [], refused=True, related=hits,
                         timings=timings, **common)
            return

        pieces, failed = [], ""
        try:
            for piece in self.backend.stream(request):
                pieces.append(piece)
                yield piece
        except BackendError as exc:
            if not self.backend.generative:
                raise
            # The articles still answer: the extractive answer stands in, marked as such.
            log.warning("%s; answering extractively instead", exc)
            pieces, failed = [], exc.public
        t4 = time.perf_counter()
        timings["generate_ms"] = (t4 - t3) * 1000
        text = "".join(pieces).strip()
        checked = check(text, passages)
        fallback, refused = False, False
        if not checked.citations or (self.backend.generative and not _meets(checked.citations, passages)):
            if self.backend.generative and not checked.citations and says_refusal(text):
                refused = True  # the model says the passages do not answer: keep its word
                text = REFUSALS[language]
                checked.unsupported = []
            else:
                fallback = self.backend.generative
                checked = check("".join(self.extractive.stream(request)), passages)
                text = checked.text
                if not pieces:  # nothing was streamed: stream the replacement
                    yield text
        else:
            text = checked.text
        timings["check_ms"] = (time.perf_counter() - t4) * 1000
        timings["total_ms"] = (time.perf_counter() - t0) * 1000
        yield Answer(text, checked.citations, refused=refused, related=hits if refused else [],
                     timings=timings, fallback=fallback, unsupported=checked.unsupported, backend_error=failed, **common)

    # ------------------------------------------------------------------ stages

    def rewrite(self, question: str, history: list[dict]) -> str:
        """The query to search: `question` made to stand on its own using the earlier turns and answers."""
        earlier, answers = [], []
        for m in history:
            if m.get("role") == "user" and m.get("content"):
                earlier.append(str(m["content"]))
                answers.append("")
            elif m.get("role") == "assistant" and answers:
                answers[-1] = str(m.get("content") or "")
        if not earlier or not is_follow_up(question):
            return question.strip()
        ruled = standalone(question, earlier, self.retriever.glossary, answers)
        if not self.backend.generative:
            return ruled
        try:
            text = self.backend.complete(rewrite_prompt(question, history), max_tokens=64)
        except BackendError:
            return ruled
        line = text.strip().splitlines()[0].strip() if text.strip() else ""
        line = _ROLE.sub("", line)  # a small model may echo the prompt's "user: " before the question
        # A small model may ramble or echo the pronoun back: keep the rule's rewrite then.
        if not line or len(line) > 3 * len(question) + 60 or (is_follow_up(line) and line.strip() == question.strip()):
            return ruled
        return line

    def search(self, query: str, analysis: Analysis) -> list[Hit]:
        """The passages for `query`. A question that asks what a short name stands for ("VNC 的全称是什么") is
        answered where the name is first written out, which the rest of its words may rank below passages
        that use the name often: the best passage for the name alone takes the last place if not there."""
        hits = self.retriever.search(query, k=self.settings.k)
        for name in expanded(analysis):
            # where it stands beside its long form in brackets: "VNC（Virtual Network Computing）", "（LUGs，即…）"
            beside = re.compile(rf"(?<![a-z0-9]){re.escape(name)}\s*[（(]|[（(]\s*{re.escape(name)}\s*[，,、)）]", re.I)
            best = next((h for h in self.retriever.search(name, k=_DEFINITION_POOL) if beside.search(h.text)), None)
            if best and hits and all(h.chunk_id != best.chunk_id for h in hits):
                hits = [*hits[:-1], best]
        return hits

    def fit(self, passages: list[Passage]) -> list[Passage]:
        """The leading passages whose text fits the token budget (at least one)."""
        kept, used = [], 0
        for p in passages:
            cost = count_tokens(p.text) + count_tokens(p.title) + 16
            if kept and used + cost > self.settings.context_tokens:
                break
            kept.append(p)
            used += cost
        return kept

    def answerable(self, ranked: list[Sentence], analysis: Analysis) -> bool:
        """True when the best sentence meets the question (a value of the asked type, every constraint)
        and its evidence and its support for what is asked reach their thresholds, and no sentence that
        names a sibling of what is asked matched the question better (`contradicted`)."""
        return (bool(ranked) and ranked[0].verdict.ok and self.relevant(ranked[0], analysis.language)
                and not contradicted(ranked, analysis)
                and (self.judge is None or ranked[0].judged >= self.settings.judge_threshold))

    def judged(self, query: str, ranked: list[Sentence]) -> list[Sentence]:
        """`ranked` with the first of its leading sentences that the judge says answers the question put
        first; without a judge, as it is."""
        if self.judge is None or not ranked:
            return ranked
        head = [s for s in ranked[: self.judge.leading] if s.verdict.ok]
        for s, p in zip(head, self.judge.score(query, [s.search for s in head])):
            s.judged = p
        best = next((s for s in head if s.judged >= self.settings.judge_threshold), None)
        return [best, *(s for s in ranked if s is not best)] if best else ranked

    def relevant(self, sentence: Sentence, language: str = "zh") -> bool:
        """True when `sentence` is about what a question in `language` ("zh" or "en") asks, whether or not
        it answers it."""
        support = self.settings.support_threshold_en if language == "en" else self.settings.support_threshold
        return sentence.score >= self.settings.refusal_threshold and sentence.support >= support

    def nearest(self, query: str, ranked: list[Sentence], passages: list[Passage], language: str):
        """The refusal that names what the articles do say instead (another version, year or place, or
        the nearest sentence), with it cited; None when the question is off the articles' topics."""
        # Off the articles' topics, or sharing a word and no topic with the question: nothing is near. A
        # sentence about the asked subject is near though it lacks what is asked about it, and so is one
        # that names another version, year or place of what was asked, though the asked one is nowhere in
        # the article ("GPT-3的训练成本" asked, GPT-4's said).
        if not ranked or ranked[0].score < self.settings.refusal_threshold:
            return None
        # A sentence that says what was asked of another person or model (陶虎's "三步走" asked as 邱锡鹏's)
        # is near too, when it matches the question plainly.
        asked = ranked[0].verdict.asked
        elsewhere = (asked not in ("", "question") and asked in normalize_query(query).lower()
                     and ranked[0].score >= ELSEWHERE * self.settings.refusal_threshold)
        if not (ranked[0].topical or ranked[0].verdict.found or elsewhere):
            # A best sentence from a part that does not name the asked subject ("在项目发起的几年之后…" for
            # "项目秘书的任期是多少年") gives way to a close one that does ("宪章定义了一个“项目秘书”的职位").
            ranked = [s for s in ranked[1:JUDGED] if s.topical and s.score >= self.settings.refusal_threshold
                      and s.score >= NEAR * ranked[0].score]
            if not ranked:
                return None
        # "The articles say X, not Y" tells more than the best sentence lacking a value: prefer a close
        # sentence that names a sibling of what was asked.
        best = next((s for s in ranked[:JUDGED] if s.verdict.found and s.score >= NEAR * ranked[0].score), ranked[0])
        n = next(p.n for p in passages if any(s is best for s in p.sentences))
        found, asked = _as_written(best.verdict.found, best.search), _as_written(best.verdict.asked, normalize_query(query))
        if language == "zh-Hant":  # the search forms are simplified; the refusal is in the question's script
            found, asked = converter("s2t").convert(found), converter("s2t").convert(asked)
        lead = nearest_lead(language, found, asked)
        checked = check(render(best, n, language), passages)
        checked.text = f"{lead}\n{checked.text}"
        return checked


def contradicted(ranked: list[Sentence], analysis: Analysis) -> bool:
    """True when a leading sentence names a sibling of what the question asks about (2022年 where 2021年
    is asked, 初始化 where 关机 is) and matched the question better than the best sentence, which meets
    the question only by not naming the asked one: the articles speak of the other one. A sibling of a
    word that is no constraint of the question (关机) must be missing from the sentences beside the best
    one too: it may say what the one before it names."""
    best = ranked[0]
    values = {c.value for c in analysis.constraints}

    def silent(asked: str) -> bool:
        said = (best.search + best.context).lower()
        return asked not in said and (asked in values or asked not in best.beside.lower())

    return any(s.verdict.found and s.matched > best.matched and silent(s.verdict.asked.lower())
               # "无法确保" for "没法确保" is the asked word said otherwise, no sibling of it
               and s.verdict.asked.lower() not in s.verdict.found.lower() for s in ranked[1:JUDGED])
