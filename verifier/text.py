"""Text utilities every stage shares: sentence spans with exact offsets, hashing, ids.

The sentence splitter is rule-based (no model load) so that indexing a large corpus and
scoring evidence stay fast; it knows news abbreviations ("U.N.", "Feb.", "Mr.") and keeps
character offsets into the original text: ``text[s:e]`` is the sentence, whitespace-trimmed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

# Abbreviations that end with a period but do not end a sentence (lower-cased, without the dot).
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt",
    "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "fig", "approx", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "al", "e.g", "i.e",
    "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "d.c", "ft", "mt", "pres", "amb", "adm", "bros", "ave", "blvd",
}

# A candidate boundary: ., ! or ? (optionally followed by closing quotes/brackets), then space.
_BOUNDARY = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+|$)""")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=[ \t]*[-*\u2022\u2013][ \t])")  # blank lines; list items
# A line of a fact sheet ("Injured: 66 people"): a sentence of its own, though it has no full stop.
_FACT_LINE = re.compile(r"(?m)^[ \t]*[A-Z][\w ,'()/.-]{0,50}:[ \t]*\S.*$")
_LINE_BEGINS_SENTENCE = re.compile(r"\n[ \t]*[A-Z0-9\u201c\"-]")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")


def _is_abbreviation(text: str, dot_pos: int) -> bool:
    m = _WORD_BEFORE.search(text, max(0, dot_pos - 64), dot_pos)  # bounded: linear in the text
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    if word in _ABBREV:
        return True
    # Initials such as "J." or "U.S." (single letters separated by dots).
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word))


_NEXT_CHAR = re.compile(r"\s+(\S)")


def _next_starts_sentence(text: str, pos: int, end: int) -> bool:
    m = _NEXT_CHAR.match(text, pos, end)
    if not m:
        return True
    ch = m.group(1)
    return ch.isupper() or ch.isdigit() or ch in "\"'\u201c\u2018(["


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each sentence; paragraphs (blank lines), list items ("- ",
    "* ", "\u2022 " at a line start) and the lines of a fact sheet ("Killed: 14 people") always
    split.

    >>> t = "Mr. Haq spoke. The U.N. chief left on Feb. 24. He went."
    >>> [t[s:e] for s, e in sentence_spans(t)]
    ['Mr. Haq spoke.', 'The U.N. chief left on Feb. 24.', 'He went.']
    """
    spans: list[tuple[int, int]] = []
    blocks: list[tuple[int, int]] = []
    pos = 0
    cuts = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    if ":" in text:
        # A fact line ends the line before it where that line ended a sentence or was one too,
        # and the next line where that begins one: a line of hard-wrapped prose that happens
        # to hold "said:" stays inside its sentence.
        lines = list(_FACT_LINE.finditer(text))
        starts = {m.start() for m in lines}
        for m in lines:
            if m.start():
                prev_start = text.rfind("\n", 0, m.start() - 1) + 1
                before = text[prev_start:m.start() - 1].rstrip(" \t")  # the line before, alone
                if before.endswith((".", ":", "!", "?", ")")) or prev_start in starts:
                    cuts.append((m.start() - 1, m.start()))
            if _LINE_BEGINS_SENTENCE.match(text, m.end()):
                cuts.append((m.end(), m.end() + 1))
    for start, end in sorted(cuts):
        if start >= pos:
            blocks.append((pos, start))
            pos = end
    blocks.append((pos, len(text)))
    for b_start, b_end in blocks:
        start = b_start
        for m in _BOUNDARY.finditer(text, b_start, b_end):
            punct_end = m.end()
            first_dot = m.start()
            if text[first_dot] == "." and m.group(0).startswith(".") and len(m.group(0).rstrip("\"'\u201d\u2019)]")) == 1:
                if _is_abbreviation(text, first_dot) and not _abbrev_then_capital_ends(text, first_dot, punct_end):
                    continue
            if not _next_starts_sentence(text, punct_end, b_end):
                continue
            _append_trimmed(text, start, punct_end, spans)
            start = punct_end
        _append_trimmed(text, start, b_end, spans)
    return spans


def _abbrev_then_capital_ends(text: str, dot_pos: int, punct_end: int) -> bool:
    """"...in the U.S. The next..." ends a sentence; "U.S. President" does not. Heuristic:
    an abbreviation followed by a common sentence opener ends the sentence."""
    m = _NEXT_WORD.match(text, punct_end)
    if not m:
        return False
    return m.group(1) in _SENTENCE_OPENERS


_NEXT_WORD = re.compile(r"\s+([A-Z][a-z]*)")
_SENTENCE_OPENERS = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "This", "That", "These", "Those",
    "In", "On", "At", "But", "And", "However", "Meanwhile", "There", "His", "Her", "Their",
    "According", "After", "Before", "When", "While", "As", "Since", "Asked", "Mr", "Ms",
}


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_file(path, chunk: int = 1 << 20) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            h.update(block)
    return h.hexdigest()


def fold(text: str) -> str:
    """Lower-case, strip accents and unify quotes/dashes: "Erdoğan" == "Erdogan"."""
    if text.isascii():  # nothing to strip or unify (most text: ten times faster)
        return text.lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u0131", "i")
    return text.lower()


_SAFE_ID = re.compile(r"[^A-Za-z0-9._-]+")


def safe_id(raw: str, max_len: int = 120) -> str:
    """A filesystem- and URL-safe id: no path separators, no '..', bounded length."""
    out = _SAFE_ID.sub("-", raw).strip("-.")
    out = re.sub(r"\.{2,}", ".", out)
    return (out or "x")[:max_len]


# Head words of titles and posts: a "role" without one ("Mr", "opportunity") is no role.
TITLE_WORDS = {
    "president", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "representative",
    "ambassador", "envoy", "chief", "director", "head", "chairman", "chairwoman", "chair", "governor",
    "mayor", "commander", "general", "coordinator", "premier", "leader", "chancellor", "king", "queen",
    "senator", "congressman", "congresswoman", "official", "adviser", "advisor", "prosecutor", "judge",
    "ceo", "founder", "executive", "officer", "manager", "editor", "professor", "deputy", "mp",
    "lawmaker", "diplomat", "negotiator", "emperor", "prince", "princess", "pope", "bishop", "rapporteur",
    "commissioner", "administrator", "attorney", "justice", "speaker", "treasurer", "undersecretary"}
# Words that set a figure or date against another one ("higher than", "compared with 2019"): a
# regular-expression alternation, for the checks that tell the reported value from its reference.
COMPARISON_WORDS = r"than|compared\s+(?:with|to)|versus|vs\.?"
# Verbs (lemmas, as the parser gives "took place") whose subject is itself an event that they
# say only happened, or began: "the exchange took place", "the summit was held", "talks began".
HAPPENING_VERBS = frozenset({"take", "place", "happen", "occur", "hold", "begin", "start"})
# Words that stand for a name said before ("they held talks", "his remarks").
PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "him", "her", "them", "his"}


# --------------------------------------------------------------------------- words of the calendar
# Defined once; the date parser, the checks and the arithmetic over dates read them from here.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")  # date.weekday() order
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
MONTH_ABBREVIATIONS = tuple(m[:3] for m in MONTHS)  # "jan" ... "dec"

# --------------------------------------------------------------------------- words that write numbers
# One place for the words of numbers, fractions, multiples, ranks and approximations: the quantity
# parser reads them, the quantity check reads the tolerances that go with them.

SMALL_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
SCALE_WORDS = {"hundred": 1e2, "thousand": 1e3, "lakh": 1e5, "million": 1e6, "crore": 1e7, "billion": 1e9,
               "trillion": 1e12}
# Written after digits: "$1.3bn", "€500m", "12k" ("m" and "k" only with a currency sign).
SCALE_ABBREVIATIONS = {"bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12, "k": 1e3, "m": 1e6}
# A number that counts in groups: "a dozen", "two dozen", "half a dozen".
GROUP_WORDS = {"dozen": 12.0}
# Plurals that say "many" without a figure: each stands for its smallest plausible value and is a
# lower bound ("hundreds of people" is at least 200).
VAGUE_AMOUNTS = {"dozens": 24.0, "scores": 40.0, "hundreds": 200.0, "thousands": 2000.0,
                 "tens of thousands": 20000.0, "hundreds of thousands": 200000.0,
                 "millions": 2e6, "billions": 2e9}
FRACTION_WORDS = {"half": 1 / 2, "halves": 1 / 2, "third": 1 / 3, "thirds": 1 / 3, "quarter": 1 / 4,
                  "quarters": 1 / 4, "fifth": 1 / 5, "fifths": 1 / 5, "sixth": 1 / 6, "sixths": 1 / 6,
                  "eighth": 1 / 8, "eighths": 1 / 8, "tenth": 1 / 10, "tenths": 1 / 10}
UNICODE_FRACTIONS = {"½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅖": 2 / 5,
                     "⅗": 3 / 5, "⅘": 4 / 5, "⅙": 1 / 6, "⅚": 5 / 6, "⅛": 1 / 8, "⅜": 3 / 8, "⅝": 5 / 8,
                     "⅞": 7 / 8, "⅒": 1 / 10}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                 "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
                 "fourteenth": 14, "fifteenth": 15, "twentieth": 20, "thirtieth": 30, "fortieth": 40,
                 "fiftieth": 50, "hundredth": 100}
# A change written as a multiple: "doubled" is 2 times, "halved" 0.5 times.
MULTIPLE_WORDS = {"doubled": 2.0, "doubling": 2.0, "tripled": 3.0, "trebled": 3.0, "tripling": 3.0,
                  "quadrupled": 4.0, "quadrupling": 4.0, "halved": 0.5, "halving": 0.5}
# Superlatives that rank ("the second-largest economy"), synonyms made one.
SUPERLATIVES = {"largest": "largest", "biggest": "largest", "greatest": "largest", "smallest": "smallest",
                "highest": "highest", "lowest": "lowest", "busiest": "busiest", "richest": "richest",
                "poorest": "poorest", "deadliest": "deadliest", "worst": "worst", "best": "best",
                "longest": "longest", "shortest": "shortest", "tallest": "tallest", "oldest": "oldest",
                "youngest": "youngest", "fastest": "fastest", "strongest": "strongest",
                "most populous": "most populous", "most populated": "most populous"}


@dataclass(frozen=True)
class Qualifier:
    """What a word before a figure does to it: a bound ("more than": lower, strict) and, for
    the approximating words, the window of values that confirm it.

    The window is in multiples of the approximate tolerance T (``ScoringConfig.approx_tolerance``,
    15%, narrowed for a claim's specific figure to about one unit of its last digit, at least T/3):
    "about N" is confirmed by N - T..N + T; "nearly N" and "almost N" by N - T..N (a figure above
    N does not confirm "nearly N"); "just over N" by N..N + T/3; "just under N" by N - T/3..N.
    Whatever the window, a figure contradicts an approximate one only outside N - T..N + T: a
    source's 2,716 does not confirm "nearly 2,700" but does not refute it either.
    """

    bound: str  # a ``Bound`` value: "approx", "lower", "upper"
    strict: bool = False
    below: float = 1.0
    above: float = 1.0


_ABOUT, _NEARLY = Qualifier("approx"), Qualifier("approx", below=1.0, above=0.0)
_JUST_OVER, _JUST_UNDER = Qualifier("approx", below=0.0, above=1 / 3), Qualifier("approx", below=1 / 3, above=0.0)
QUALIFIER_WORDS: dict[str, Qualifier] = {
    "more than": Qualifier("lower", True), "over": Qualifier("lower", True), "in excess of": Qualifier("lower", True),
    "well over": Qualifier("lower", True), "well above": Qualifier("lower", True), "above": Qualifier("lower", True),
    "at least": Qualifier("lower"), "upwards of": Qualifier("lower"), "no fewer than": Qualifier("lower"),
    "no less than": Qualifier("lower"), "a minimum of": Qualifier("lower"),
    "fewer than": Qualifier("upper", True), "less than": Qualifier("upper", True), "under": Qualifier("upper", True),
    "below": Qualifier("upper", True), "well under": Qualifier("upper", True), "well below": Qualifier("upper", True),
    "up to": Qualifier("upper"), "at most": Qualifier("upper"), "no more than": Qualifier("upper"),
    "as many as": Qualifier("upper"), "a maximum of": Qualifier("upper"),
    "about": _ABOUT, "around": _ABOUT, "roughly": _ABOUT, "approximately": _ABOUT, "some": _ABOUT,
    "an estimated": _ABOUT, "estimated": _ABOUT, "around about": _ABOUT, "circa": _ABOUT,
    "in the region of": _ABOUT, "more or less": _ABOUT, "close on": _ABOUT,
    "nearly": _NEARLY, "almost": _NEARLY, "close to": _NEARLY, "getting on for": _NEARLY,
    "the best part of": _NEARLY, "not quite": _NEARLY,
    "just over": _JUST_OVER, "a little over": _JUST_OVER, "a little more than": _JUST_OVER,
    "slightly more than": _JUST_OVER, "just above": _JUST_OVER, "slightly over": _JUST_OVER,
    "just under": _JUST_UNDER, "a little under": _JUST_UNDER, "a little less than": _JUST_UNDER,
    "slightly less than": _JUST_UNDER, "just below": _JUST_UNDER, "just short of": _JUST_UNDER,
    "slightly under": _JUST_UNDER,
}
# A share written as a fraction ("two-thirds", "one in five", "half") stands for the percentages
# that round to it in news copy: +/- 2.5 points ("two-thirds" is 64.2-69.2%, "a quarter" 22.5-27.5%).
FRACTION_TOLERANCE_POINTS = 2.5
# A change written as a multiple ("doubled", "three times as many") allows 10% either way
# (1.8-2.2 times for "doubled").
MULTIPLE_TOLERANCE = 0.10
