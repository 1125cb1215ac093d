"""Text utilities every stage shares: sentence spans with exact offsets, hashing, ids.

The sentence splitter is rule-based (no model load) so that indexing a large corpus and
scoring evidence stay fast; it knows news abbreviations ("U.N.", "Feb.", "Mr.") and keeps
character offsets into the original text: ``text[s:e]`` is the sentence, whitespace-trimmed.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

# Abbreviations that end with a period but do not end a sentence (lower-cased, without the dot).
_ABBREV = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "lt", "col", "capt", "sgt",
    "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "fig", "approx", "dept",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "al", "e.g", "i.e",
    "u.s", "u.n", "u.k", "e.u", "a.m", "p.m", "d.c", "ft", "mt", "pres", "amb", "adm",
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
