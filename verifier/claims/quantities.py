"""Quantities asserted in a sentence: value, bound, unit, counted noun and measure.

``parse_quantities("More than 2,660 civilians have been killed")`` gives one ``Quantity``
(value 2660, bound lower, strict, noun "civilian", measure "killed"). The surface forms are
found by regular expressions (digits with commas and decimals, unicode fractions "2½", scale
words "bn", "crore", number words "eleven", "two dozen", "two and a half million", fractions
of a scale such as "a third of a billion", currencies, units of measure - percent, percentage
and basis points, km, °C - ranges "10-15", magnitudes, ordinals of time units); shares written
as fractions ("two-thirds of", "one in five", "¾ of", "fell by a third") are percentages with
the precision of their words; tallies ("by nine votes to three", "a 6-3 ruling"), ranks ("the
second-largest") and multiples ("doubled", "three times as many") are quantities of their own
units. The word lists are in ``verifier.text``, the units in ``verifier.claims.units``. The
counted noun and the measure come from spaCy's dependency parse, because "2,665 killed and
2,716 injured" needs the tree, not a window.

Measures are canonical so that a claim and its evidence compare even when worded apart:
killed (killed, dead, died, deaths, fatalities), injured (injured, wounded, hurt, injuries),
casualties, displaced (displaced, fled, uprooted), missing, arrested (arrested, detained),
evacuated, rescued, infected. Years, dates ("Feb. 24"), clock times and ids ("COVID-19",
"F-16", "G7") are not quantities.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from verifier.claims.units import ATTACHED_TEMPERATURE, CURRENCY_CODES, CURRENCY_SIGNS, UNIT_WORDS, unit_pattern
from verifier.text import (FRACTION_TOLERANCE_POINTS, FRACTION_WORDS, GROUP_WORDS, MULTIPLE_TOLERANCE,
                           MULTIPLE_WORDS, ORDINAL_WORDS, QUALIFIER_WORDS, SCALE_ABBREVIATIONS, SCALE_WORDS,
                           SMALL_NUMBERS, SUPERLATIVES, TENS, UNICODE_FRACTIONS, VAGUE_AMOUNTS)
from verifier.types import Bound, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# qualifier -> (bound, strict); the approximation windows are in ``verifier.text.QUALIFIER_WORDS``.
QUALIFIERS: dict[str, tuple[Bound, bool]] = {w: (Bound(q.bound), q.strict) for w, q in QUALIFIER_WORDS.items()}

SCALES = {k: v for k, v in SCALE_WORDS.items() if k != "hundred"} | SCALE_ABBREVIATIONS
CURRENCY_SYMBOLS = CURRENCY_SIGNS | {c.lower(): c for c in CURRENCY_CODES}
VAGUE = VAGUE_AMOUNTS
FRACTIONS = FRACTION_WORDS
NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
              "eight": 8, "nine": 9}
ORDINALS = ORDINAL_WORDS
ORDINAL_NOUNS = "day|week|month|year|anniversary|round|wave|term|quarter|session|summit|century|decade"

# Canonical measure for a lemma found on the number's noun, its verb, or right after it.
MEASURES = {
    "kill": "killed", "killed": "killed", "dead": "killed", "die": "killed", "died": "killed",
    "death": "killed", "fatality": "killed", "toll": "killed",
    "injure": "injured", "injured": "injured", "wound": "injured", "wounded": "injured",
    "hurt": "injured", "injury": "injured",
    "casualty": "casualties", "casualties": "casualties",
    "displace": "displaced", "displaced": "displaced", "flee": "displaced", "fled": "displaced",
    "uproot": "displaced",
    "missing": "missing", "arrest": "arrested", "arrested": "arrested", "detain": "arrested",
    "detained": "arrested", "evacuate": "evacuated", "evacuated": "evacuated",
    "rescue": "rescued", "rescued": "rescued", "infect": "infected", "infected": "infected",
}
# Head nouns that are the measure itself: "5,381 civilian casualties" -> noun civilian.
MEASURE_NOUNS = {"casualty", "death", "fatality", "injury"}

_WORDNUM = "|".join([*SMALL_NUMBERS, *TENS, *SCALE_WORDS, *GROUP_WORDS])
_SCALE = "|".join(w for w in sorted(SCALES, key=len, reverse=True) if w not in ("m", "k"))
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_UNIT = unit_pattern(UNIT_WORDS)
_VAGUE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))
_UFRAC = "".join(UNICODE_FRACTIONS)
_FRAC_WORDS = "halves|half|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?"
_CUR_SIGN = "|".join(re.escape(s) for s in sorted((s for s in CURRENCY_SIGNS if not s[0].isalpha()), key=len,
                                                   reverse=True))
_CUR_WORD = "|".join(re.escape(s) for s in sorted((s for s in CURRENCY_SIGNS if s[0].isalpha()), key=len,
                                                   reverse=True))

QUANTITY_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?"
    rf"(?P<cur>\b(?:{_CUR_WORD})\s?|(?:{_CUR_SIGN})|\b(?:{'|'.join(CURRENCY_CODES)})\s?)?"
    r"(?P<core>"
    rf"(?P<frac>(?:(?:a|an|one|two|three|four)\s+)?(?:half|thirds?|quarters?|fifths?|tenth)"
    rf"\s+(?:of\s+)?(?:a|an|one)\s+(?P<fscale>{_SCALE}))"
    rf"|(?P<halfa>half\s+a\s+(?P<hscale>{_SCALE}|dozen))"
    rf"|(?P<digits>(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)(?P<ufrac>[{_UFRAC}])?"
    rf"(?:(?:\s+|-)?(?P<dscale>{_SCALE}|m|k)\b)?"
    rf"|(?P<uonly>(?<![\w.])[{_UFRAC}])(?:\s+(?P<uscale>{_SCALE})\b)?"
    rf"|(?P<vague>\b(?:{_VAGUE})\s+of\b)"
    rf"|(?P<aone>\b(?:a|an)\s+(?P<ascale>dozen|hundred|{_SCALE})\b)"
    rf"|(?P<words>\b(?:{_WORDNUM})(?:(?:\s+and\s+|[\s-]+)(?:{_WORDNUM}))*\b)"
    rf"(?:\s+and\s+a\s+(?P<wfrac>half|quarter)(?:\s+(?P<wscale>{_SCALE})\b)?)?"
    r")"
    rf"(?P<unit>(?:\s*|-)(?:%|{_UNIT})|(?-i:(?P<temp>[CF]))(?![\w°]))?",
    re.IGNORECASE,
)
MAGNITUDE_RE = re.compile(r"\bmagnitude[\s-]+(?P<num>\d+(?:\.\d+)?)\b", re.IGNORECASE)
# A share written as a fraction, read as a percentage: "two-thirds of the cropland" (66.7%),
# "half of the refugees" and "half the refugees" (50%), "four in ten buildings" (40%), "¾ of
# voters"; a relative change written as one: "fell by a third", "cut by half". Not "a third of a
# billion" (an amount).
_SHARE_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "hundred": 100}
SHARE_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?(?:\b(?:"
    rf"(?P<num>a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+(?P<den>{_FRAC_WORDS})\s+of\b"
    rf"(?!\s+(?:a|an|one)\s+(?:{_SCALE})\b)"
    r"|(?P<half>half)\s+(?:of\b|(?=(?:the|its|their|his|her|our|all|those|these)\b))"
    r"|(?P<n>one|two|three|four|five|six|seven|eight|nine|\d{1,2})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    r"(?P<d>two|three|four|five|six|seven|eight|nine|ten|hundred|\d{1,3})\b"
    rf"|(?P<by>by)\s+(?:(?P<bynum>a|an|one|two|three)[\s-]+(?P<byden>{_FRAC_WORDS})|(?P<byhalf>half))\b(?!\s+of\b)"
    r"|(?P<inhalf>in\s+half)\b)"
    rf"|(?<![\w.])(?P<uni>[{_UFRAC}])\s+of\b)",
    re.IGNORECASE,
)
ORDINAL_RE = re.compile(
    rf"\b(?P<ord>{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?:(?:straight|consecutive|full)\s+)?"
    rf"(?P<noun>{ORDINAL_NOUNS})s?\b",
    re.IGNORECASE,
)
# A rank: "the second-largest economy", "its 3rd busiest airport", "ranked fifth", "finished second".
_SUPERLATIVE = "|".join(sorted((re.escape(s).replace(r"\ ", r"\s+") for s in SUPERLATIVES), key=len, reverse=True))
_ORD = rf"{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th)"
RANK_RE = re.compile(
    rf"\b(?P<ord>{_ORD})[\s-]+(?P<sup>{_SUPERLATIVE})\b"
    rf"|\b(?:ranked|ranks|ranking|finished|came|placed)\s+(?P<ord2>{_ORD})\b",
    re.IGNORECASE,
)
# A superlative without an ordinal is first: "the longest-serving judge", "the island's strongest storm".
TOP_RE = re.compile(rf"\b(?:the|its|their|his|her|\w+['\u2019]s)\s+(?P<sup>{_SUPERLATIVE})\b(?!\s+part\b)",
                    re.IGNORECASE)
# A change written as a multiple: "doubled", "halved", "three times as many", "a fourfold rise".
_TIMES_NUM = r"two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?"
MULTIPLE_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?:"
    rf"(?P<verb>{'|'.join(MULTIPLE_WORDS)})"
    rf"|(?P<twice>twice)\s+(?=as\b|the\b|that\b)"
    rf"|(?P<n>{_TIMES_NUM})\s+times\s+(?=as\b|more\b|higher\b|larger\b|bigger\b|greater\b|the\b|that\b)"
    rf"|(?P<fold>{_TIMES_NUM})-?fold\b)",
    re.IGNORECASE,
)
# A tally of votes or a score: "by nine votes to three", "a 6-3 ruling", "voted 52-48", "won 3-1",
# "52 in favour and 48 against".
_TALLY_NUM = rf"\d{{1,4}}|{'|'.join(w for w in [*SMALL_NUMBERS, *TENS] if w != 'zero')}"
_TALLY_AFTER = r"ruling|vote|verdict|decision|majority|split|win|victory|defeat|loss|draw|scoreline|result"
_TALLY_VERBS = (r"voted|votes|won|wins|beat|beats|lost|loses|drew|defeated|edged|ended|finished|thrashed|"
                r"passed|approved|rejected|upheld|ruled|overturned|struck\s+down")
TALLY_RE = re.compile(
    rf"\b(?P<a>\d{{1,3}})\s?[-\u2013]\s?(?P<b>\d{{1,3}})(?=\s+(?:{_TALLY_AFTER})s?\b)"
    rf"|\b(?:{_TALLY_VERBS})\s+(?:[A-Za-z'\u2019]+\s+){{0,3}}?(?P<a2>\d{{1,3}})\s?[-\u2013]\s?(?P<b2>\d{{1,3}})\b"
    rf"|\bby\s+(?:a\s+(?:vote|margin)\s+of\s+(?P<a3>{_TALLY_NUM})\s+(?:votes?\s+)?|(?P<a6>{_TALLY_NUM})\s+votes?\s+)"
    rf"to\s+(?P<b3>{_TALLY_NUM})\b"
    rf"|\b(?:voted|ruled|decided|backed|approved|rejected|passed|upheld)\s+(?:[\w'\u2019]+\s+){{0,3}}?by\s+"
    rf"(?P<a7>{_TALLY_NUM})\s+to\s+(?P<b7>{_TALLY_NUM})\b"
    rf"|\b(?P<a4>{_TALLY_NUM})\s+votes?\s+(?:to|against)\s+(?P<b4>{_TALLY_NUM})\b"
    rf"|\b(?P<a5>{_TALLY_NUM})\s+(?:votes?\s+)?(?:in\s+favou?r|for)(?:\s*,\s*|\s+(?:and|with|to)\s+)"
    rf"(?P<b5>{_TALLY_NUM})\s+against\b",
    re.IGNORECASE,
)
# A length of time in several units ("1 minute 33 seconds", "2 hours, 21 minutes and 4 seconds",
# "an hour and a half", "a year and six months") or on a race clock ("2:21:04", "1:52.30", "in
# 31:12"): one quantity counted in its smallest unit, so that it compares with the same length
# written in one unit ("93 seconds", "18 months").
TIME_UNITS = {"second": 1.0, "minute": 60.0, "hour": 3600.0, "day": 86400.0, "week": 604800.0,
              "month": 1.0, "year": 12.0}  # smallest first; the calendar units in months, the others in seconds
CALENDAR_UNITS = frozenset({"month", "year"})  # a month in weeks or days is not exact
_TIME_WORD = {"sec": "second", "secs": "second", "min": "minute", "mins": "minute", "hr": "hour", "hrs": "hour"}
_PART_NUM = rf"\d+(?:\.\d+)?|an?|{'|'.join(w for w in SMALL_NUMBERS if w != 'zero')}"
_PART = (rf"(?P<n>{_PART_NUM})\s+(?P<u>years?|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)\b"
         rf"(?P<half>\s+and\s+a\s+half\b)?")
_PART_RE = re.compile(_PART, re.IGNORECASE)
COMPOUND_TIME_RE = re.compile(rf"\b{_PART}(?:\s*,?\s*(?:and\s+)?{_PART.replace('?P<', '?P<x')})*",
                              re.IGNORECASE)
CLOCK_RE = re.compile(
    r"(?<![\d:.])(?:(?P<h>\d{1,2}):(?P<m>[0-5]\d):(?P<s>[0-5]\d(?:\.\d+)?)"
    r"|(?P<m2>\d{1,2}):(?P<s2>[0-5]\d\.\d{1,2})"
    r"|\b(?:in|clocked|timed|ran|run|(?:time|record|best)\s+of)\s+(?P<m3>\d{1,2}):(?P<s3>[0-5]\d))(?![\d:]|\.\d)"
    r"(?!\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|hrs\b|h\b|local))",
    re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s*(?::\d\d|a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|hrs\b|o'clock)", re.IGNORECASE)
_NOT_NAMES = {"of", "by", "for", "with", "at", "on", "in", "to", "from", "between", "all", "only", "just", "and",
              "but", "or", "the", "its", "their", "his", "her", "our", "these", "those", "another"}
_DETERMINERS = {"the", "its", "their", "this", "that", "his", "her", "our", "whose"}
_YEAR_PREPS = {"in", "since", "by", "until", "of", "from", "to", "during", "before", "after",
               "through", "early", "late", "mid", "and", "till", "year", "fiscal"}


def _value_of_words(words: str) -> float | None:
    """"three hundred and twenty-five" -> 325; "two dozen" -> 24. Written here rather than
    calling number-parser, which took 7 ms a call on this machine (it rebuilds its tables each
    time) against a sentence budget of 10 ms."""
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and" or not word:
            continue
        if word in SMALL_NUMBERS:
            current += SMALL_NUMBERS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in GROUP_WORDS:
            current = max(current, 1) * GROUP_WORDS[word]
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _number(word: str) -> float | None:
    """A single number as digits or words ("9", "nine", "twenty-one")."""
    w = word.lower().replace(",", "")
    return float(w) if re.fullmatch(r"\d+(?:\.\d+)?", w) else _value_of_words(w)


def _core_value(m: re.Match) -> float | None:
    if m.group("frac"):
        parts = m.group("frac").lower().split()
        numerator = NUMERATORS.get(parts[0], 1) if parts[0] in NUMERATORS else 1
        frac = next(FRACTIONS[p] for p in parts if p in FRACTIONS)
        return numerator * frac * SCALES[m.group("fscale").lower()]
    if m.group("halfa"):
        word = m.group("hscale").lower()
        return 0.5 * (GROUP_WORDS.get(word) or SCALES[word])
    if m.group("digits"):
        value = float(m.group("digits").replace(",", "")) + UNICODE_FRACTIONS.get(m.group("ufrac") or "", 0.0)
        scale = (m.group("dscale") or "").lower()
        if scale in ("m", "k") and not m.group("cur"):
            return None  # "5m" without a currency is a distance or an id, not five million
        return value * SCALES.get(scale, 1.0)
    if m.group("uonly"):
        return UNICODE_FRACTIONS[m.group("uonly")] * SCALES.get((m.group("uscale") or "").lower(), 1.0)
    if m.group("vague"):
        return VAGUE[re.sub(r"\s+of$", "", m.group("vague").lower())]
    if m.group("aone"):
        word = m.group("ascale").lower()
        return GROUP_WORDS.get(word) or (100.0 if word == "hundred" else SCALES[word])
    value = _value_of_words(m.group("words"))
    if value is not None and m.group("wfrac"):  # "two and a half million"
        value += FRACTIONS[m.group("wfrac").lower()]
        value *= SCALES.get((m.group("wscale") or "").lower(), 1.0)
    return value


def _is_id_or_time(text: str, m: re.Match) -> bool:
    start = m.start("core")
    before = text[max(0, start - 2):start]
    if before[-1:].isalnum() or before[-1:] in (":", "/", "#") or re.fullmatch(r"[A-Za-z]-", before):
        return True
    after = text[m.end("core"):m.end("core") + 1]
    if m.group("digits") and not m.group("dscale") and after.isalpha() and not m.group("unit"):
        return True  # "5G", "3rd", "10am"
    if m.group("digits") and _TIME_AFTER.match(text, m.end("core")):
        return True
    # "Resolution 2231", "Flight 17", "Article 5": a bare number right after a capitalised
    # word inside the sentence names something; it does not count it.
    if m.group("digits") and not (m.group("qual") or m.group("cur") or m.group("dscale") or m.group("unit")) \
            and "," not in m.group("digits"):
        prev = re.search(r"(?:^|(?<=\s))([A-Z][a-z]+\.?) $", text[:start])
        word = prev.group(1).lower().rstrip(".") if prev else ""
        if prev and word not in QUALIFIERS and word not in _NOT_NAMES:
            return True
    return False


def _is_year(text: str, m: re.Match) -> bool:
    if not m.group("digits") or m.group("cur") or m.group("dscale") or m.group("unit"):
        return False
    raw = m.group("digits")
    if not re.fullmatch(r"1[89]\d\d|20\d\d|2100", raw):
        return False
    if re.search(r"(1[89]|20)\d\d\s?[-\u2013]\s?$", text[:m.start("core")]):
        return True  # the end of a year range, "2014-2015"
    prev = re.search(r"([A-Za-z]+)\W*$", text[:m.start("core")])
    if prev and prev.group(1).lower() in _YEAR_PREPS | _DETERMINERS:
        return True  # "in 2022", "the 2022 budget"
    if re.search(r"\w['’]s\s+$", text[:m.start("core")]):
        return True  # "Ostrenia's 2026 outbreak", "the bank's 2025 results"
    nxt = re.match(r"\s+([a-z]+)", text[m.end("core"):])
    return nxt is None  # "2,000 people" keeps; "in 2022," / "2022." are years


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _share(m: re.Match) -> float | None:
    """The fraction a ``SHARE_RE`` match states, in (0, 1]; None for "three in two"."""
    if m.group("half") or m.group("byhalf") or m.group("inhalf"):
        return 0.5
    if m.group("uni"):
        return UNICODE_FRACTIONS[m.group("uni")]
    num, den = (m.group("num"), m.group("den")) if m.group("den") else (m.group("bynum"), m.group("byden"))
    if den:
        den = den.lower()
        frac = 0.5 if den.startswith("hal") else FRACTIONS.get(den, FRACTIONS.get(den.rstrip("s"), 0.0))
        share = (NUMERATORS.get(num.lower()) or _SHARE_WORDS.get(num.lower(), 1)) * frac
        return share if 0 < share <= 1 else None
    n, d = (int(x) if x.isdigit() else _SHARE_WORDS[x.lower()] for x in (m.group("n"), m.group("d")))
    return n / d if 0 < n <= d else None


def parse_quantities(text: str, doc: "Doc | None" = None) -> list[Quantity]:
    """Every quantity asserted in ``text``, in order of appearance.

    ``doc`` is the spaCy parse of ``text`` when the caller already has it (parse_facts);
    otherwise it is parsed here (cached).

    >>> [(q.value, q.bound.value, q.unit, q.noun) for q in parse_quantities("$0.3 billion in aid")]
    [(300000000.0, 'exact', 'USD', 'aid')]
    """
    return list(_parse_quantities_cached(text) if doc is None else _parse(text, doc))


def _unit_word(raw: str) -> str:
    """The unit as written, without the spaces (no-break ones too) and hyphens around it."""
    return raw.strip().strip("-").strip()


@lru_cache(maxsize=4096)
def _parse_quantities_cached(text: str) -> tuple[Quantity, ...]:
    from verifier.claims.nlp import parse

    return tuple(_parse(text, parse(text)))


def _parse(text: str, doc: "Doc") -> list[Quantity]:
    from verifier.claims.dates import date_spans

    blocked = date_spans(text)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return not _overlaps(span, blocked) and not _overlaps(span, taken)

    for m in TALLY_RE.finditer(text):
        k = next(k for k in ("", "2", "3", "4", "5", "6", "7") if m.group("a" + k))
        end = "b3" if k == "6" else "b" + k  # "by 310 votes to 250": the second figure is b3's
        span = (m.start("a" + k), m.end(end))
        a, b = _number(m.group("a" + k)), _number(m.group(end))
        if not free(span) or a is None or b is None:
            continue
        found.append(Quantity(value=a, against=b, unit="tally", text=text[span[0]:span[1]],
                              start=span[0], end=span[1]))
        taken.append(span)
    for m in RANK_RE.finditer(text):
        span = (m.start(), m.end())
        raw = (m.group("ord") or m.group("ord2")).lower()
        if not free(span):
            continue
        sup = re.sub(r"\s+", " ", (m.group("sup") or "").lower())
        found.append(Quantity(value=float(ORDINALS.get(raw) or int(re.sub(r"\D", "", raw))), unit="rank",
                              measure=SUPERLATIVES.get(sup, ""), noun=_ranked_noun(doc, m.end()),
                              text=m.group(0), start=m.start(), end=m.end()))
        taken.append(span)
    for m in TOP_RE.finditer(text):
        span = (m.start("sup"), m.end())
        if not free(span):
            continue
        sup = re.sub(r"\s+", " ", m.group("sup").lower())
        found.append(Quantity(value=1.0, unit="rank", measure=SUPERLATIVES[sup], noun=_next_noun(doc, m.end()),
                              text=m.group("sup"), start=span[0], end=span[1]))
        taken.append(span)
    for q in _lengths_of_time(text):
        if free((q.start, q.end)):
            found.append(q)
            taken.append((q.start, q.end))
    for m in MULTIPLE_RE.finditer(text):
        span = (m.start(), m.end())
        if not free(span):
            continue
        raw = next(m.group(g) for g in ("verb", "twice", "n", "fold") if m.group(g))
        value = MULTIPLE_WORDS.get(raw.lower()) or (2.0 if m.group("twice") else _number(raw))
        if not value:
            continue
        qual = (m.group("qual") or "").lower()
        bound, strict = QUALIFIERS.get(qual, (Bound.EXACT, False))
        end = m.end() if m.group("verb") or m.group("fold") else m.end(next(g for g in ("twice", "n") if m.group(g))) \
            + len(" times") * bool(m.group("n"))
        q = Quantity(value=value, bound=bound, strict=strict, qualifier=qual, unit="times",
                     precision=round(value * MULTIPLE_TOLERANCE, 6), text=text[m.start():end].strip(),
                     start=m.start(), end=end)
        found.append(q.model_copy(update={"noun": _subject_noun(doc, m.start("verb"))}) if m.group("verb")
                     else q.model_copy(update={"noun": _next_noun(doc, end)}))
        taken.append(span)
    for m in ORDINAL_RE.finditer(text):
        span = (m.start(), m.end())
        if not free(span):
            continue
        raw = m.group("ord").lower()
        value = ORDINALS.get(raw) or int(re.sub(r"\D", "", raw))
        found.append(Quantity(value=float(value), unit="ordinal", noun=m.group("noun").lower(),
                              text=m.group(0), start=m.start(), end=m.end()))
        taken.append(span)
    for m in MAGNITUDE_RE.finditer(text):
        q = Quantity(value=float(m.group("num")), unit="magnitude", text=m.group(0),
                     start=m.start(), end=m.end())
        found.append(_with_noun(q, doc, m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in SHARE_RE.finditer(text):
        span = (m.start(), m.end())
        if not free(span):
            continue
        share = _share(m)
        if share is None:
            continue
        qual = (m.group("qual") or "").lower()
        bound, strict = QUALIFIERS.get(qual, (Bound.EXACT, False))
        if m.group("inhalf"):  # "cut in half": a multiple, as "halved"
            found.append(Quantity(value=0.5, bound=bound, strict=strict, qualifier=qual, unit="times",
                                  precision=0.5 * MULTIPLE_TOLERANCE, text=m.group(0).strip(),
                                  start=m.start(), end=m.end()))
            taken.append(span)
            continue
        # the share is of the noun that follows ("two-thirds of the cropland in X province")
        noun = "" if m.group("by") else _next_noun(doc, m.end(), window=None)
        q = Quantity(value=round(100 * share, 4), bound=bound, strict=strict, qualifier=qual, unit="percent",
                     noun=noun, precision=FRACTION_TOLERANCE_POINTS, text=m.group(0).strip(),
                     start=m.start(), end=m.start() + len(m.group(0).rstrip()))
        found.append(q if noun else _with_noun(q, doc, m.start(), m.end()))
        taken.append(span)
    for m in QUANTITY_RE.finditer(text):
        core = (m.start("core"), m.end("core"))
        if not free(core):
            continue
        if m.group("words") and not _keep_word_number(text, m):
            continue
        if m.group("digits") and (_is_id_or_time(text, m) or _is_year(text, m)):
            continue
        value = _core_value(m)
        if value is None:
            continue
        qual = (m.group("qual") or "").lower()
        bound, strict = QUALIFIERS.get(qual, (Bound.EXACT, False))
        if m.group("vague") and not qual:
            bound = Bound.LOWER
        unit = ""
        if m.group("cur"):
            unit = CURRENCY_SYMBOLS[m.group("cur").strip().lower()]
        if m.group("temp"):
            unit = ATTACHED_TEMPERATURE[m.group("temp")]
        elif m.group("unit"):
            word = _unit_word(m.group("unit")).lower()
            unit = "percent" if word == "%" else UNIT_WORDS[re.sub(r"\s+", " ", word)]
        q = Quantity(value=value, bound=bound, strict=strict, qualifier=qual, unit=unit, text=m.group(0).strip(),
                     start=m.start(), end=m.end())
        found.append(_with_noun(q, doc, core[0], m.end()))
        taken.append(core)
    found.sort(key=lambda q: q.start)
    return _inherit_nouns(text, _label_measure(text, _between(text, _list_nouns(text, _inherit_currency(text, found)))))


def _time_unit(word: str) -> str:
    word = word.lower()
    word = _TIME_WORD.get(word, word)
    return word[:-1] if word.endswith("s") else word


def _lengths_of_time(text: str) -> list[Quantity]:
    """Lengths of time written in several units or on a clock (``COMPOUND_TIME_RE``,
    ``CLOCK_RE``), each as one quantity in its smallest unit (``noun``: "second", "month")."""
    out: list[Quantity] = []
    for m in COMPOUND_TIME_RE.finditer(text):
        parts = [(_number(p.group("n")) if p.group("n").lower() not in ("a", "an") else 1.0,
                  _time_unit(p.group("u")), bool(p.group("half"))) for p in _PART_RE.finditer(m.group(0))]
        if len(parts) == 1 and not parts[0][2]:
            continue  # one unit: the number parser reads it
        units = [u for _, u, _ in parts]
        family = {u in CALENDAR_UNITS for u in units}
        if len(family) > 1 or any(n is None for n, _, _ in parts) or \
                any(TIME_UNITS[a] <= TIME_UNITS[b] for a, b in zip(units, units[1:])):
            continue  # "3 days, 2 weeks": a list, not one length
        smallest = units[-1]
        value = sum((n + 0.5 * half) * TIME_UNITS[u] / TIME_UNITS[smallest] for n, u, half in parts)
        out.append(Quantity(value=round(value, 6), noun=smallest, text=m.group(0), start=m.start(), end=m.end()))
    for m in CLOCK_RE.finditer(text):
        h = float(m.group("h") or 0)
        minutes = float(m.group("m") or m.group("m2") or m.group("m3"))
        seconds = float(m.group("s") or m.group("s2") or m.group("s3"))
        start = m.start("m3") if m.group("m3") else m.start()  # "in 31:12": the figure after the word
        out.append(Quantity(value=round(3600 * h + 60 * minutes + seconds, 6), noun="second",
                            text=text[start:m.end()], start=start, end=m.end()))
    return out


_SCALED = re.compile(rf"(?:{_SCALE})\b", re.IGNORECASE)
_SHORT_GAP = re.compile(r"[\s,]*(?:[a-z0-9]+[\s,]+){0,4}", re.IGNORECASE)


def _inherit_currency(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """An amount written without its currency takes that of the amount just before it: "3.8
    billion euros of the 5 billion loan", "$2bn in 2021 and 3bn in 2022"."""
    out: list[Quantity] = []
    for q in quantities:
        prev = out[-1] if out else None
        if not q.unit and prev is not None and prev.unit.isupper() and _SCALED.search(q.text) \
                and _SHORT_GAP.fullmatch(text[prev.end:q.start]):
            q = q.model_copy(update={"unit": prev.unit})
        out.append(q)
    return out


def _next_noun(doc: "Doc", start: int, window: int | None = 4) -> str:
    """The lemma of the first noun at or after character ``start`` (within ``window`` tokens):
    what a share or a rank is of ("two-thirds of the cropland", "second-largest economy"); a
    possessor is not it ("a third of the company's 900 staff": staff)."""
    toks = [t for t in doc if t.idx >= start]
    return next((t.lemma_.lower() for t in toks[:window] if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "poss"), "")


def _ranked_noun(doc: "Doc", start: int) -> str:
    """What a rank ranks: the noun right after it ("the third-fastest marathon"), none when the
    noun is left out ("the sixth-fastest by an Astrean woman", "the second-largest in Europe")."""
    toks = [t for t in doc if t.idx >= start][:4]
    for t in toks:
        if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "poss":
            return t.lemma_.lower()
        if t.pos_ in ("ADP", "ADV", "PUNCT", "VERB", "AUX", "SCONJ", "CCONJ"):
            return ""
    return ""


def _subject_noun(doc: "Doc", start: int) -> str:
    """The subject of the verb at character ``start``: what "doubled" multiplies ("Exports doubled")."""
    verb = next((t for t in doc if t.idx == start), None)
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) if verb is not None else None
    return subj.lemma_.lower() if subj is not None and subj.pos_ in ("NOUN", "PROPN") else ""


_LABEL = re.compile(r"\s*(?:[-*\u2022\u2013]\s*)?(?P<label>[A-Za-z][A-Za-z ]{0,40}?)\s*:\s*")


def _label_measure(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """A "Label: figure" line counts what its label says: "Arrested: 31 people.", "Deaths: 214"
    (the parse of such a fragment rarely ties the label to the number)."""
    m = _LABEL.match(text)
    if not m or not quantities or quantities[0].measure or quantities[0].start != m.end():
        return quantities
    words = m.group("label").lower().split()
    measure = next((MEASURES.get(w) or MEASURES.get(w.rstrip("s"), "") for w in reversed(words)
                    if MEASURES.get(w) or MEASURES.get(w.rstrip("s"))), "")
    if not measure:
        return quantities
    return [quantities[0].model_copy(update={"measure": measure}), *quantities[1:]]


def _between(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"between 2,000 and 3,000 people", "10-15 people", "20 to 30 minutes": a lower and an upper
    bound on the same thing (not "from 3.2% to 3.5%", a change)."""
    out = list(quantities)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.bound != Bound.EXACT or b.bound != Bound.EXACT or a.unit in _NOT_RANGED or b.unit in _NOT_RANGED:
            continue
        between = re.search(r"\bbetween\s+$", text[:a.start], re.IGNORECASE) and \
            re.fullmatch(r"\s+(?:and|to)\s+", text[a.end:b.start])
        ranged = re.fullmatch(r"\s?[-\u2013]\s?|\s+to\s+", text[a.end:b.start]) and a.value < b.value <= 100 * a.value \
            and a.unit in ("", b.unit) and not _CHANGE_BEFORE.search(text[max(0, a.start - 30):a.start])
        if between or ranged:
            out[i] = a.model_copy(update={"bound": Bound.LOWER, "unit": a.unit or b.unit, "qualifier": "range",
                                          "noun": b.noun or a.noun, "measure": b.measure or a.measure})
            out[i + 1] = b.model_copy(update={"bound": Bound.UPPER, "qualifier": "range", "noun": b.noun or a.noun,
                                              "measure": b.measure or a.measure})
    return out


_NOT_RANGED = {"tally", "rank", "ordinal", "times"}
# "from 3.2% to 3.5%", "rose by 40 to 300": a change and a level, not a range.
_CHANGE_BEFORE = re.compile(r"\b(?:from|by|rose|rise|risen|fell|fall|fallen|grew|jumped|climbed|dropped|declined|"
                            r"increased|decreased|up|down|cut|raised|lowered)\s+$", re.IGNORECASE)


def _keep_word_number(text: str, m: re.Match) -> bool:
    """Number words are quantities unless they are the pronoun "one" ("one of the ...")."""
    words = m.group("words").lower()
    if words == "one":
        nxt = re.match(r"\s+(\w+)", text[m.end("core"):])
        return bool(nxt) and nxt.group(1).lower() not in {"of", "another", "day", "who", "that", "side"}
    return True


def _tokens_in(doc: "Doc", start: int, end: int) -> list["Token"]:
    return [t for t in doc if t.idx < end and t.idx + len(t.text) > start]


def _measure_of(tok: "Token") -> str:
    return MEASURES.get(tok.lemma_.lower()) or MEASURES.get(tok.lower_, "")


_OF_AFTER = re.compile(r"\s+of\s+")


def _with_noun(q: Quantity, doc: "Doc", start: int, end: int) -> Quantity:
    """Fill ``noun`` and ``measure`` from the parse around the number phrase ``start:end``. A
    share is of what follows its "of" ("30 per cent of adults in Kelmar": adults), whatever
    the parse makes of it."""
    toks = _tokens_in(doc, start, end)
    if not toks:
        return q
    if q.unit == "percent" and _OF_AFTER.match(doc.text, end):
        q = q.model_copy(update={"noun": _next_noun(doc, end)})
        if q.noun:
            return q
    inside = {t.i for t in toks}
    noun_tok = None
    tok = toks[-1]
    # Climb out of the number phrase: "2,660" -nummod-> "civilians".
    while tok.i in inside and tok.head.i != tok.i:
        tok = tok.head
    if tok.i not in inside and tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in UNIT_WORDS:
        noun_tok = tok
        while noun_tok.dep_ == "compound" and noun_tok.head.tag_ == "NNS" and noun_tok.head.i > noun_tok.i:
            noun_tok = noun_tok.head  # "a dozen league titles": the titles (a count agrees with its noun)
    elif tok.i not in inside and tok.pos_ == "ADJ" and _measure_of(tok):
        noun_tok = None
    if noun_tok is None:
        noun_tok = _prep_object(doc, toks, inside)
    noun, measure = "", ""
    if noun_tok is not None:
        lemma = noun_tok.lemma_.lower()
        if lemma in MEASURE_NOUNS or lemma in ("casualties",):
            measure = MEASURES.get(lemma, "")
            mod = next((c for c in noun_tok.children if c.dep_ in ("amod", "compound")
                        and c.pos_ in ("ADJ", "NOUN", "PROPN") and c.i not in inside), None)
            noun = mod.lemma_.lower() if mod is not None else lemma
        else:
            noun = lemma
        head = noun_tok.head
        if not measure and noun_tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "pobj"):
            measure = _measure_of(head) if head.pos_ in ("VERB", "ADJ", "AUX") else ""
        if not measure:
            measure = next((_measure_of(c) for c in noun_tok.children
                            if c.dep_ in ("acl", "amod", "relcl") and _measure_of(c)), "")
    if not measure:
        # "2,665 killed": the measure word follows the number directly.
        nxt = doc[toks[-1].i + 1] if toks[-1].i + 1 < len(doc) else None
        if nxt is not None and noun_tok is not None and nxt.i == noun_tok.i + 1:
            nxt = doc[nxt.i + 1] if nxt.i + 1 < len(doc) else None
        if nxt is not None and _measure_of(nxt):
            measure = _measure_of(nxt)
        elif noun_tok is None and tok.i not in inside and _measure_of(tok):
            measure = _measure_of(tok)
    return q.model_copy(update={"noun": noun, "measure": measure})


def _prep_object(doc: "Doc", toks: list["Token"], inside: set[int]) -> "Token | None":
    """The noun of "in/of/worth ..." next to the number phrase: "$300 million in military
    financing", "thousands of people", "a third of a billion dollars in aid" (whichever token
    the parser attached the preposition to)."""
    preps = [c for t in toks for c in t.children if c.dep_ == "prep" and c.i not in inside]
    preps += [t for t in toks if t.dep_ == "prep"]
    after = toks[-1].i + 1
    if after < len(doc) and doc[after].dep_ == "prep":
        preps.append(doc[after])
    for prep in preps:
        if prep.lower_ not in ("in", "of", "worth"):
            continue
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is not None and pobj.pos_ in ("NOUN", "PROPN") and pobj.lower_ not in UNIT_WORDS:
            return pobj
    return None


def _list_nouns(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """Figures listed together count what the last of them names: "9 mm, 12 mm and 18 mm of
    rain" are all of rain; "$2bn or $3bn in aid" both aid."""
    out = list(quantities)
    for i in range(len(out) - 2, -1, -1):
        q, nxt = out[i], out[i + 1]
        if not q.noun and nxt.noun and q.unit == nxt.unit and not q.measure and \
                re.fullmatch(r"\s*(?:,|,?\s+(?:and|or|to))\s*", text[q.end:nxt.start]):
            out[i] = q.model_copy(update={"noun": nxt.noun})
    return out


def _inherit_nouns(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """"5,381 civilian casualties, including 2,665 killed" -> the 2,665 are civilians too."""
    out: list[Quantity] = []
    for q in quantities:
        if not q.noun and q.measure and out:
            prev = next((p for p in reversed(out) if p.noun), None)
            if prev is not None:
                between = text[prev.end:q.start].lower()
                if re.search(r"\b(including|of whom|of them|among them)\b", between) or \
                        re.fullmatch(r"[\s,;]*(and\s+)?[a-z\s]*", between) and len(between) < 30:
                    q = q.model_copy(update={"noun": prev.noun})
        out.append(q)
    return out
