"""Citations: passages cut into sentences with raw offsets, and the check that turns the `[n]` markers of
an answer into quotes from the raw articles. How well each sentence answers a question is `evidence`'s."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import asdict, dataclass, field, replace
from itertools import takewhile

from .chunks import sentence_spans
from .normalize import ENDS_IN_ROW, TABLE_ROW, compact, is_column_text, normalize_query, search_text, wrap_width
from .script import HAN
from .questions import asks_question
from .retriever import Hit
from .verdicts import Verdict

TABLE_BACK = 80  # rows of a table looked back over for its heading, when a passage starts inside it
_MARKER = re.compile(r"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")
# An answer sentence ends at end punctuation, with the closing brackets or quotes after it ("…。）") and
# its markers, or at a line break.
_ANSWER_SENTENCE = re.compile(r".+?(?:[。！？!?；;]+[）)」』”’]*(?:\s*\[[\d,，、\s]+\])*|\n|$)", re.S)


@dataclass
class Sentence:
    """One sentence of a passage: `raw[start:end]` of file `source`, and its search form."""

    source: str
    start: int
    end: int
    quote: str
    search: str
    score: float = 0.0  # how well it answers the question; set by `Evidence`
    # 0 to 1, set by `Evidence`: low when the question's subject is plainly named in the article but what
    # is asked about it is not near this sentence; 0 when a name the question is about is missing
    support: float = 1.0
    # set by `Evidence`: whether it holds a value of the asked type and meets every constraint
    verdict: Verdict = field(default_factory=lambda: Verdict(True))
    paragraph: bool = False  # starts a paragraph (set by `Sentencer.around`)
    judged: float = -1.0  # how likely it answers, by an answerability judge (`Assistant.judged`); -1 unjudged
    # set by `Evidence`: it shares more than a word with the question, in an article that names what the
    # question is about (a refusal may name it as the nearest fact)
    topical: bool = True
    beside: str = ""  # set by `Evidence`: the search forms of the sentences just before and after it
    # set by `Evidence`: what it says with its table's caption and heading, or its list's lead-in and its
    # item's words before it (search form)
    context: str = ""
    matched: float = 0.0  # its score before the weights for an unmet question or a missing shape


@dataclass
class Passage:
    """A numbered retrieved passage as given to a backend, cut into sentences."""

    n: int
    hit: Hit
    sentences: list[Sentence]
    article: str = ""  # the whole article it is from, compacted and lower-cased (`Sentencer.article`)
    # the search form of the article's sentence just before the passage and just after it: a passage
    # starts and ends where the chunker cut, not where what a sentence refers to does
    before: str = ""
    after: str = ""
    # A passage that starts inside a table: the article's rows of it above the passage, and the sentence
    # before the table (its caption or lead-in), so that its rows are read under their heading.
    above: list[Sentence] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.hit.title

    @property
    def text(self) -> str:
        """The passage as shown to a model: its sentences with line wraps removed."""
        return "".join(tidy(s.quote) for s in self.sentences)


@dataclass
class Citation:
    """A quote backing marker `[n]`: `quote == raw[start:end]` of file `source`."""

    n: int
    source: str
    title: str
    quote: str
    start: int
    end: int
    passage_start: int
    passage_end: int

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class Checked:
    """An answer after its citations were checked."""

    text: str
    citations: list[Citation] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)


def tidy(text: str) -> str:
    """`text` on one line: whitespace next to a Chinese character dropped, other runs made one space."""

    def join(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        if not before or not after or HAN.match(before) or HAN.match(after) or not before.isascii():
            return ""
        return " "

    return re.sub(r"\s+", join, text).strip()


# How many articles' search forms a Sentencer keeps, made once each, for the next questions.
ARTICLES_KEPT = 256


class Sentencer:
    """Cuts retrieved passages into sentences whose offsets point into the raw article files."""

    def __init__(self, documents: dict):
        self.documents = documents
        self._search: dict[tuple[str, int], object] = {}
        self._layouts: dict[str, tuple[bool, int]] = {}  # per file: narrow columns, and the width it was wrapped at
        self._articles: dict[tuple[str, int], str] = {}
        self._sentence_spans: dict[tuple[str, int], list[tuple[int, int]]] = {}

    def sentences(self, hit: Hit) -> list[Sentence]:
        """The sentences of `hit`, each an exact slice of its file's raw text."""
        doc = self.documents[hit.source]
        form = self._form(hit)
        # The characters from inside the hit: raw offsets only grow along the search form.
        lo, hi = bisect_left(form.offsets, hit.start), bisect_left(form.offsets, hit.end)
        if lo == hi:
            return [Sentence(hit.source, hit.start, hit.end, hit.text, normalize_query(hit.text))]
        out = []
        for s, e in sentence_spans(form.text[lo:hi]):
            start, end = form.raw_span(lo + s, lo + e)
            out.append(Sentence(hit.source, start, end, doc.raw[start:end], form.text[lo + s : lo + e]))
        return out

    def article(self, hit: Hit) -> str:
        """The title and search form of the whole article `hit` is from, compacted and lower-cased."""
        article = self.documents[hit.source].article_at(hit.start)
        key = (hit.source, article.start)
        text = self._articles.get(key)
        if text is None:  # kept in a local: another thread may empty the caches meanwhile (`_form`)
            text = self._articles[key] = compact(article.title + self._form(hit).text).lower()
        return text

    def _form(self, hit: Hit):
        """The search form of the article `hit` is from, made once per article."""
        doc = self.documents[hit.source]
        article = doc.article_at(hit.start)
        key = (hit.source, article.start)
        form = self._search.get(key)
        if form is None:
            if len(self._search) >= ARTICLES_KEPT:  # a long-running server meets every article in time
                self._search.clear()
                self._layouts.clear()
                self._articles.clear()
                self._sentence_spans.clear()
            if hit.source not in self._layouts:  # read from the whole file once, not once per article
                self._layouts[hit.source] = (is_column_text(doc.raw), wrap_width(doc.raw))
            form = self._search[key] = search_text(doc, article, *self._layouts[hit.source])
        return form

    def around(self, sentence: Sentence, hit: Hit, after: int = 0, before: int = 0) -> list[Sentence]:
        """Up to `before` sentences of the article before `sentence` and `after` sentences after it, in
        order, each flagged `paragraph` when it starts a paragraph."""
        form = self._form(hit)
        spans = self._spans(hit)
        at = next((i for i, (s, e) in enumerate(spans) if form.raw_span(s, e)[1] >= sentence.end), None)
        if at is None:
            return []
        return [self._sentence(hit, s, e) for s, e in spans[max(0, at - before) : at] + spans[at + 1 : at + 1 + after]]

    def _sentence(self, hit: Hit, s: int, e: int) -> Sentence:
        """The sentence at `s:e` of the search form of the article `hit` is from, flagged `paragraph` when it
        starts a paragraph."""
        form = self._form(hit)
        start, end = form.raw_span(s, e)
        return Sentence(hit.source, start, end, self.documents[hit.source].raw[start:end], form.text[s:e],
                        paragraph=s == 0 or form.text[s - 1] == "\n")

    def widen(self, passage: Passage, sentences: list[Sentence]) -> Passage:
        """`passage` grown to hold `sentences` of its article too (a list's items after its lead-in)."""
        have = {(s.start, s.end) for s in passage.sentences}
        extra = [s for s in sentences if (s.start, s.end) not in have]
        if not extra:
            return passage
        hit = passage.hit
        start, end = min(hit.start, *(s.start for s in extra)), max(hit.end, *(s.end for s in extra))
        wider = replace(hit, start=start, end=end, text=self.documents[hit.source].raw[start:end])
        return Passage(passage.n, wider, sorted(passage.sentences + extra, key=lambda s: s.start), passage.article,
                       above=passage.above)

    def table_above(self, sentence: Sentence, hit: Hit) -> list[Sentence]:
        """When `sentence` is a row of a table: the table's rows before it and the sentence before the table
        (up to `TABLE_BACK` sentences), else nothing."""
        if not TABLE_ROW.match(sentence.search.strip()):
            return []
        before = self.around(sentence, hit, before=TABLE_BACK)
        rows = len(list(takewhile(lambda s: ENDS_IN_ROW.search(s.search), reversed(before))))
        return before[-rows - 1 :]

    def _spans(self, hit: Hit) -> list[tuple[int, int]]:
        """The sentence spans of the search form of the article `hit` is from, cut once per article."""
        key = (hit.source, self.documents[hit.source].article_at(hit.start).start)
        spans = self._sentence_spans.get(key)
        if spans is None:
            spans = self._sentence_spans[key] = sentence_spans(self._form(hit).text)
        return spans

    def whole(self, sentence: Sentence, hit: Hit) -> Sentence:
        """The article's whole sentence that `sentence` is part of: a passage starts and ends where the
        chunker cut, which for a long sentence may be at a comma ("副主任包括…朱松纯,")."""
        form = self._form(hit)
        for s, e in self._spans(hit):
            start, end = form.raw_span(s, e)
            if start <= sentence.start < end:
                return self._sentence(hit, s, e) if start < sentence.start or end > sentence.end else sentence
        return sentence

    def passages(self, hits: list[Hit]) -> list[Passage]:
        """`hits` numbered from 1 and cut into sentences, a sentence cut at either edge made whole."""
        out = []
        for n, hit in enumerate(hits, 1):
            sentences = self.sentences(hit)
            first, last = (self.whole(sentences[0], hit), self.whole(sentences[-1], hit)) if sentences else (None, None)
            if first is not None and (first is not sentences[0] or last is not sentences[-1]):
                sentences[0], sentences[-1] = first, last
                start, end = min(hit.start, first.start), max(hit.end, last.end)
                hit = replace(hit, start=start, end=end, text=self.documents[hit.source].raw[start:end])
            before = self.around(sentences[0], hit, before=1) if sentences else []
            after = self.around(sentences[-1], hit, after=1) if sentences else []
            passage = Passage(n, hit, sentences, self.article(hit), before[0].search if before else "",
                              after[0].search if after else "",
                              self.table_above(sentences[0], hit) if sentences else [])
            if sentences and after and asks_question(sentences[-1].search):
                # An interview's question that ends a passage is followed by its answer: take it in.
                beyond = self.around(after[0], hit, after=1)
                passage = replace(self.widen(passage, after[:1]), before=passage.before,
                                  after=beyond[0].search if beyond else "")
            out.append(passage)
        return out


def bigram_overlap(claim: str, sentence: str) -> float:
    """The share of the character bigrams of `claim` that `sentence` contains."""
    a, b = compact(claim).lower(), compact(sentence).lower()
    grams = {a[i : i + 2] for i in range(len(a) - 1)} or {a}
    have = {b[i : i + 2] for i in range(len(b) - 1)}
    return len(grams & have) / len(grams) if grams else 0.0


def answer_sentences(text: str) -> list[str]:
    """`text` cut into sentences, each keeping the markers that follow it."""
    return [m.group() for m in _ANSWER_SENTENCE.finditer(text) if m.group().strip()]


def check(text: str, passages: list[Passage]) -> Checked:
    """The answer with markers renumbered to checked citations, bad markers dropped, and the
    sentences left without a valid citation listed."""
    by_n = {p.n: p for p in passages}
    citations: list[Citation] = []
    numbers: dict[tuple[str, int, int], int] = {}
    unsupported: list[str] = []
    out = []
    for sentence in answer_sentences(text):
        claim = _MARKER.sub("", sentence)
        cited = [int(n) for m in _MARKER.finditer(sentence) for n in re.split(r"[,，、\s]+", m.group(1)) if n]
        markers = []
        for n in dict.fromkeys(cited):
            passage = by_n.get(n)
            if passage is None or not passage.sentences:
                continue  # a marker naming no passage that was given
            best = max(passage.sentences, key=lambda s: bigram_overlap(claim, s.search))
            key = (best.source, best.start, best.end)
            if key not in numbers:
                numbers[key] = len(citations) + 1
                citations.append(
                    Citation(numbers[key], best.source, passage.title, best.quote, best.start, best.end,
                             passage.hit.start, passage.hit.end)
                )
            markers.append(f"[{numbers[key]}]")
        if not markers and re.search(r"\w", claim):
            unsupported.append(claim.strip())
        out.append(_place_markers(claim, "".join(dict.fromkeys(markers))))
    return Checked("".join(out).strip(), citations, unsupported)


def _place_markers(claim: str, markers: str) -> str:
    """`claim` with `markers` put before its end punctuation and trailing line break."""
    body = claim.rstrip()
    tail = claim[len(body) :]
    end = re.search(r"[。！？!?；;.:：]*$", body).group()
    body = body[: len(body) - len(end)].rstrip()
    return f"{body}{markers}{end}{tail}" if markers else f"{body}{end}{tail}"
