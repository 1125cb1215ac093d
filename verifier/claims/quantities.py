"""Quantities asserted in a sentence: value, bound, unit, counted noun and measure.

``parse_quantities("More than 2,660 civilians have been killed")`` gives one ``Quantity``
(value 2660, bound lower, strict, noun "civilian", measure "killed"). The surface forms are
found by regular expressions (digits with commas and decimals, scale words, number words,
fractions of a scale such as "a third of a billion", currencies, percent vs percentage points,
magnitudes, ordinals of time units); the counted noun and the measure come from spaCy's
dependency parse, because "2,665 killed and 2,716 injured" needs the tree, not a window.

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

from verifier.types import Bound, Quantity

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# qualifier -> (bound, strict)
QUALIFIERS: dict[str, tuple[Bound, bool]] = {
    "more than": (Bound.LOWER, True),
    "over": (Bound.LOWER, True),
    "in excess of": (Bound.LOWER, True),
    "at least": (Bound.LOWER, False),
    "upwards of": (Bound.LOWER, False),
    "no fewer than": (Bound.LOWER, False),
    "no less than": (Bound.LOWER, False),
    "a minimum of": (Bound.LOWER, False),
    "fewer than": (Bound.UPPER, True),
    "less than": (Bound.UPPER, True),
    "under": (Bound.UPPER, True),
    "below": (Bound.UPPER, True),
    "up to": (Bound.UPPER, False),
    "at most": (Bound.UPPER, False),
    "no more than": (Bound.UPPER, False),
    "as many as": (Bound.UPPER, False),
    "a maximum of": (Bound.UPPER, False),
    "about": (Bound.APPROX, False),
    "around": (Bound.APPROX, False),
    "roughly": (Bound.APPROX, False),
    "nearly": (Bound.APPROX, False),
    "almost": (Bound.APPROX, False),
    "approximately": (Bound.APPROX, False),
    "some": (Bound.APPROX, False),
    "an estimated": (Bound.APPROX, False),
    "estimated": (Bound.APPROX, False),
    "close to": (Bound.APPROX, False),
    "just over": (Bound.APPROX, False),
    "just under": (Bound.APPROX, False),
    "around about": (Bound.APPROX, False),
}

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "bn": 1e9, "mn": 1e6, "mln": 1e6, "k": 1e3, "m": 1e6}
CURRENCY_SYMBOLS = {"us$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH",
                    "usd": "USD", "eur": "EUR", "gbp": "GBP"}
UNIT_WORDS = {
    "%": "percent", "percent": "percent", "per cent": "percent", "pct": "percent",
    "percentage point": "percentage_points", "percentage points": "percentage_points",
    "dollars": "USD", "dollar": "USD", "us dollars": "USD", "usd": "USD",
    "euros": "EUR", "euro": "EUR", "eur": "EUR", "pounds sterling": "GBP", "pounds": "GBP",
    "gbp": "GBP", "yen": "JPY", "rubles": "RUB", "roubles": "RUB", "hryvnias": "UAH",
    "hryvnia": "UAH", "yuan": "CNY", "magnitude": "magnitude",
}
VAGUE = {"dozens": 24.0, "scores": 40.0, "hundreds": 200.0, "thousands": 2000.0,
         "tens of thousands": 20000.0, "hundreds of thousands": 200000.0,
         "millions": 2e6, "billions": 2e9}
FRACTIONS = {"half": 0.5, "third": 1 / 3, "thirds": 1 / 3, "quarter": 0.25, "quarters": 0.25,
             "fifth": 0.2, "fifths": 0.2, "tenth": 0.1}
NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4}
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
            "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
            "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "twentieth": 20,
            "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "hundredth": 100}
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

_WORDNUM = (r"zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
            r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|"
            r"sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion")
_SCALE = r"thousand|million|billion|trillion|bn|mn|mln"
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
_UNIT = "|".join(sorted((re.escape(u) for u in UNIT_WORDS), key=len, reverse=True))
_VAGUE = "|".join(sorted((re.escape(v) for v in VAGUE), key=len, reverse=True))

QUANTITY_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?"
    rf"(?P<cur>US\$|\$|€|£|¥|₴|\b(?:USD|EUR|GBP)\s?)?"
    r"(?P<core>"
    rf"(?P<frac>(?:(?:a|an|one|two|three|four)\s+)?(?:half|thirds?|quarters?|fifths?|tenth)"
    rf"\s+(?:of\s+)?(?:a|an|one)\s+(?P<fscale>{_SCALE}))"
    rf"|(?P<halfa>half\s+a\s+(?P<hscale>{_SCALE}))"
    rf"|(?P<digits>(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\d.,])\d+(?:\.\d+)?)"
    rf"(?:(?:\s+|-)?(?P<dscale>{_SCALE}|m|k)\b)?"
    rf"|(?P<vague>\b(?:{_VAGUE})\s+of\b)"
    rf"|(?P<aone>\b(?:a|an)\s+(?P<ascale>dozen|hundred|{_SCALE})\b)"
    rf"|(?P<words>\b(?:{_WORDNUM})(?:(?:\s+and\s+|[\s-]+)(?:{_WORDNUM}))*\b)"
    r")"
    rf"(?P<unit>(?:\s*|-)(?:%|\b(?:{_UNIT})\b))?",
    re.IGNORECASE,
)
MAGNITUDE_RE = re.compile(r"\bmagnitude[\s-]+(?P<num>\d+(?:\.\d+)?)\b", re.IGNORECASE)
# A share written as a fraction, read as a percentage: "two-thirds of the cropland" (66.7%),
# "half of the refugees" (50%), "four in ten buildings" (40%); not "a third of a billion".
_SHARE_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "hundred": 100}
SHARE_RE = re.compile(
    rf"(?:\b(?P<qual>{_QUAL})\s+)?\b(?:"
    r"(?P<num>a|an|one|two|three|four|five|six|seven|eight|nine)[\s-]+"
    r"(?P<den>halves|half|thirds?|quarters?|fifths?|tenths?)\s+of\b"
    rf"(?!\s+(?:a|an|one)\s+(?:{_SCALE})\b)"
    r"|(?P<half>half)\s+of\b"
    r"|(?P<n>one|two|three|four|five|six|seven|eight|nine|\d{1,2})\s+(?:in|out\s+of)\s+(?:every\s+)?"
    r"(?P<d>two|three|four|five|ten|hundred|\d{1,3})\b)",
    re.IGNORECASE,
)
ORDINAL_RE = re.compile(
    rf"\b(?P<ord>{'|'.join(ORDINALS)}|\d+(?:st|nd|rd|th))\s+(?:(?:straight|consecutive|full)\s+)?"
    rf"(?P<noun>{ORDINAL_NOUNS})s?\b",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(r"\s*(?::\d\d|a\.m\.|p\.m\.|am\b|pm\b|GMT|UTC|hrs\b|o'clock)", re.IGNORECASE)
_NOT_NAMES = {"of", "by", "for", "with", "at", "on", "in", "to", "from", "all", "only", "just", "and",
              "but", "or", "the", "its", "their", "his", "her", "our", "these", "those", "another"}
_DETERMINERS = {"the", "its", "their", "this", "that", "his", "her", "our", "whose"}
_YEAR_PREPS = {"in", "since", "by", "until", "of", "from", "to", "during", "before", "after",
               "through", "early", "late", "mid", "and", "till", "year", "fiscal"}


_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}


def _value_of_words(words: str) -> float | None:
    """"three hundred and twenty-five" -> 325. Written here rather than calling number-parser,
    which took 7 ms a call on this machine (it rebuilds its tables each time) against a
    sentence budget of 10 ms."""
    total, current = 0.0, 0.0
    for word in re.split(r"[\s-]+", words.lower()):
        if word == "and" or not word:
            continue
        if word in _UNITS:
            current += _UNITS[word]
        elif word in _TENS:
            current += _TENS[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word in SCALES:
            total += max(current, 1) * SCALES[word]
            current = 0
        else:
            return None
    return total + current


def _core_value(m: re.Match) -> float | None:
    if m.group("frac"):
        parts = m.group("frac").lower().split()
        numerator = NUMERATORS.get(parts[0], 1) if parts[0] in NUMERATORS else 1
        frac = next(FRACTIONS[p] for p in parts if p in FRACTIONS)
        return numerator * frac * SCALES[m.group("fscale").lower()]
    if m.group("halfa"):
        return 0.5 * SCALES[m.group("hscale").lower()]
    if m.group("digits"):
        value = float(m.group("digits").replace(",", ""))
        scale = (m.group("dscale") or "").lower()
        if scale in ("m", "k") and not m.group("cur"):
            return None  # "5m" without a currency is a distance or an id, not five million
        return value * SCALES.get(scale, 1.0)
    if m.group("vague"):
        return VAGUE[re.sub(r"\s+of$", "", m.group("vague").lower())]
    if m.group("aone"):
        word = m.group("ascale").lower()
        return 12.0 if word == "dozen" else (100.0 if word == "hundred" else SCALES[word])
    return _value_of_words(m.group("words"))


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
    nxt = re.match(r"\s+([a-z]+)", text[m.end("core"):])
    return nxt is None  # "2,000 people" keeps; "in 2022," / "2022." are years


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _share(m: re.Match) -> float | None:
    """The fraction a ``SHARE_RE`` match states, in (0, 1]; None for "three in two"."""
    if m.group("half"):
        return 0.5
    if m.group("den"):
        den = m.group("den").lower()
        frac = 0.5 if den.startswith("hal") else FRACTIONS.get(den, FRACTIONS.get(den.rstrip("s"), 0.0))
        return (NUMERATORS.get(m.group("num").lower()) or _SHARE_WORDS.get(m.group("num").lower(), 1)) * frac or None
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
    found: list[tuple[Quantity, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    for m in ORDINAL_RE.finditer(text):
        span = (m.start(), m.end())
        if _overlaps(span, blocked):
            continue
        raw = m.group("ord").lower()
        value = ORDINALS.get(raw) or int(re.sub(r"\D", "", raw))
        q = Quantity(value=float(value), unit="ordinal", noun=m.group("noun").lower(),
                     text=m.group(0), start=m.start(), end=m.end())
        found.append((q, (m.start("ord"), m.end("ord"))))
        taken.append(span)
    for m in MAGNITUDE_RE.finditer(text):
        q = Quantity(value=float(m.group("num")), unit="magnitude", text=m.group(0),
                     start=m.start(), end=m.end())
        found.append((_with_noun(q, doc, m.start(), m.end()), (m.start("num"), m.end("num"))))
        taken.append((m.start(), m.end()))
    for m in SHARE_RE.finditer(text):
        span = (m.start(), m.end())
        if _overlaps(span, blocked) or _overlaps(span, taken):
            continue
        share = _share(m)
        if share is None:
            continue
        bound, strict = QUALIFIERS.get((m.group("qual") or "").lower(), (Bound.EXACT, False))
        # the share is of the noun that follows ("two-thirds of the cropland in X province")
        noun = next((t.lemma_.lower() for t in doc if t.idx >= m.end() and t.pos_ in ("NOUN", "PROPN")), "")
        q = Quantity(value=round(100 * share, 4), bound=bound, strict=strict, unit="percent", noun=noun,
                     text=m.group(0).strip(), start=m.start(), end=m.end())
        found.append((q if noun else _with_noun(q, doc, m.start(), m.end()), span))
        taken.append(span)
    for m in QUANTITY_RE.finditer(text):
        core = (m.start("core"), m.end("core"))
        if _overlaps(core, blocked) or _overlaps(core, taken):
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
        if m.group("unit"):
            unit = UNIT_WORDS[_unit_word(m.group("unit")).lower()] if _unit_word(m.group("unit")) != "%" \
                else "percent"
        start = m.start()
        q = Quantity(value=value, bound=bound, strict=strict, unit=unit, text=m.group(0).strip(),
                     start=start, end=m.end())
        found.append((_with_noun(q, doc, core[0], m.end()), core))
        taken.append(core)
    found.sort(key=lambda item: item[0].start)
    return _inherit_nouns(text, _label_measure(text, _between(text, [q for q, _ in found])))


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
    """"between 2,000 and 3,000 people": a lower and an upper bound on the same thing."""
    out = list(quantities)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        if a.bound == Bound.EXACT and b.bound == Bound.EXACT and \
                re.search(r"\bbetween\s+$", text[:a.start], re.IGNORECASE) and \
                re.fullmatch(r"\s+(?:and|to)\s+", text[a.end:b.start]):
            out[i] = a.model_copy(update={"bound": Bound.LOWER, "unit": a.unit or b.unit,
                                          "noun": b.noun, "measure": b.measure or a.measure})
            out[i + 1] = b.model_copy(update={"bound": Bound.UPPER, "measure": b.measure or a.measure})
    return out


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


def _with_noun(q: Quantity, doc: "Doc", start: int, end: int) -> Quantity:
    """Fill ``noun`` and ``measure`` from the parse around the number phrase ``start:end``."""
    toks = _tokens_in(doc, start, end)
    if not toks:
        return q
    inside = {t.i for t in toks}
    noun_tok = None
    tok = toks[-1]
    # Climb out of the number phrase: "2,660" -nummod-> "civilians".
    while tok.i in inside and tok.head.i != tok.i:
        tok = tok.head
    if tok.i not in inside and tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in UNIT_WORDS:
        noun_tok = tok
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
