"""The quantity check: the claim's figures against the sentence's figures of the same thing.

Numbers as intervals. A claim's number covers the values that round to it ("$300 million"
covers 250-350 million: one significant digit; "2,665" covers 2,664.5-2,665.5); "about N"
covers N +/- ``approx_tolerance``; "more than N" is (N, inf); "fewer than N" is [0, N). The
evidence's number is an interval the same way, but exact evidence values are points. The
claim is *supported* when the evidence interval lies inside the claim's, *contradicted* when
the two are disjoint, and the check abstains when they merely overlap. A figure the source
implies (a change, a sum, a share, the time between two dates) is computed by ``arithmetic``.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

from verifier.claims.quantities import CALENDAR_UNITS, TIME_UNITS
from verifier.claims.units import PHYSICAL_UNITS, from_base, same_dimension, to_base, unit_label
from verifier.config import ScoringConfig
from verifier.scoring.checks import arithmetic
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import (another_year, content_words, event_dates, is_heading, mentions, offset,
                                            time_of_event)
from verifier.text import COMPARISON_WORDS, MONTHS, QUALIFIER_WORDS, WEEKDAYS, fold
from verifier.types import Bound, DateRef, Entity, Facts, Quantity, Reason


# Qualifiers (of ``QUALIFIER_WORDS``) that make a figure a stated limit - a loan facility "of up
# to 5 billion", a sentence of "a maximum of 12 years" - a value in its own right: two limits
# compare as written. (Kept here, not in ``verifier.text``: the fact extractor does not read it.)
LIMIT_WORDS = frozenset({"up to", "a maximum of", "a minimum of"})


def interval(q: Quantity, tolerance: float, *, claim_side: bool, confirm: bool = True) -> tuple[float, float]:
    """The values ``q`` stands for, in its own unit. ``confirm``: the window of values that
    confirm it ("nearly N" is confirmed only at or below N); else the wider one outside which a
    value contradicts it (N +/- the tolerance for every approximating word). The words' windows
    are in ``verifier.text.QUALIFIER_WORDS``."""
    v = q.value
    if q.bound is Bound.LOWER:
        return (math.nextafter(v, math.inf) if q.strict else v, math.inf)
    if q.bound is Bound.UPPER:
        return (-math.inf if v < 0 else 0.0, math.nextafter(v, -math.inf) if q.strict else v)
    if q.bound is Bound.APPROX:
        # A claim's "some 310,000" allows one unit of its last significant digit, at least a
        # third of ``tolerance`` and at most all of it: "about 2,700" covers 2,665, "roughly a
        # quarter of a billion" $248 million, "some 310,000" not 340,000.
        half = abs(v) * tolerance
        if claim_side and float(v).is_integer() and abs(v) >= 10:
            half = min(half, max(_rounding_unit(v), abs(v) * tolerance / 3))
        half = max(half, q.precision)
        word = QUALIFIER_WORDS.get(q.qualifier)
        if confirm and word is not None and word.bound == "approx" and (word.below, word.above) != (1.0, 1.0):
            # a one-sided word ("just over", "nearly") reaches as far as the whole tolerance allows
            side = max(half, abs(v) * tolerance)
            return (v - word.below * side, v + word.above * side)
        return (v - half, v + half)
    if q.precision:  # "two-thirds" stands for 64.2-69.2%; "doubled" for 1.8-2.2 times
        return (v - q.precision, v + q.precision)
    if claim_side and v != 0 and float(v).is_integer() and abs(v) >= 10:
        half = 0.5 * _rounding_unit(v)
        return (v - half, v + half)
    return (v, v)


def base_interval(q: Quantity, tolerance: float, *, claim_side: bool, confirm: bool = True) -> tuple[float, float]:
    """``interval`` in the base unit of ``q``'s dimension (metres, kelvin, points)."""
    return tuple(to_base(q.unit, x) if math.isfinite(x) else x  # type: ignore[return-value]
                 for x in interval(q, tolerance, claim_side=claim_side, confirm=confirm))


def _converted(unit: str) -> bool:
    return to_base(unit, 1.0) != 1.0 or to_base(unit, 0.0) != 0.0


def _rounding_unit(v: float) -> float:
    """The place value of the last significant digit: 300e6 -> 100e6; 2660 -> 10; 5381 -> 1."""
    n = int(abs(v))
    unit = 1
    while n and n % 10 == 0:
        n //= 10
        unit *= 10
    return float(unit)


def _named_alike(cq: Quantity, eq: Quantity, claim_text: str, ev_text: str) -> tuple[Quantity, Quantity]:
    """A figure of money without a noun takes the other side's noun when its own sentence
    uses that word too ("financing of roughly 1,500 million dollars" vs "$1,500 million in
    financing")."""
    if cq.unit and not cq.noun and eq.noun and re.search(rf"\b{re.escape(eq.noun)}", fold(claim_text)):
        cq = cq.model_copy(update={"noun": eq.noun})
    elif cq.unit and not eq.noun and cq.noun and re.search(rf"\b{re.escape(cq.noun)}", fold(ev_text)):
        eq = eq.model_copy(update={"noun": cq.noun})
    return cq, eq


# Amounts of money in a currency the fact extractor does not know - an invented "dral", an
# unlisted "forint" - come with the currency word as their counted noun, so every amount in it
# looked like a count of one thing: a bonus of 20,000 was "contradicted" by a gift of 250,000.
# The words around an amount say it is money and what for; in a pair where one amount in that
# word is money, every amount in it is, and two amounts compare when they are for the same
# thing (a fine and a fine), as amounts in a known currency do (``comparable``).
_MONEY_NOUN = (r"(?:fees?|compensation|damages?|bribes?|fines?|funding|grants?|loans?|revenues?|profits?|"
               r"salar(?:y|ies)|wages?|bonus(?:es)?|prizes?|purses?|savings|tax(?:es)?|costs?|investments?|"
               r"subsid(?:y|ies)|payments?|payouts?|debts?|budgets?|prices?|premiums?|dividends?|"
               r"donations?|ransom|bail|settlements?|contracts?|deals?|packages?|offers?|bids?|sponsorship|"
               r"insurance|polic(?:y|ies))")
_MONEY_OF = re.compile(rf"\b(?P<noun>{_MONEY_NOUN})\s+(?:of|worth|totall?ing|amounting\s+to)\s*$", re.IGNORECASE)
# "worth", "valued at": the value of the thing named before it ("the contract with X was worth")
_VALUE_BEFORE = re.compile(r"\b(?:worth|valued\s+at|priced\s+at)\s*$", re.IGNORECASE)
_PURPOSE_BEFORE = re.compile(r"\b(?:(?P<fine>fined(?:\s+\w+)?)|(?P<insurance>insured\s+for)|"
                             r"(?P<cost>(?:at\s+a\s+)?cost\s+of|budget(?:ed)?\s+at))\s*$", re.IGNORECASE)
# Verbs whose object is money say so only of a scaled or decimal amount ("paid 15 million", not
# "paid 300 workers" nor "cost 200 jobs"); the object of "sold", "gave" or "lost" is what changed
# hands ("sold 20 million records", "gave 2 million doses").
_PAID_BEFORE = re.compile(r"\b(?:paid|pays?|paying|cost(?:s|ing)?|spent|spends?|spending|raised|earn(?:s|ed)|"
                          r"owed?|owes)\b(?:\s+[\w'’.-]+){0,3}\s*$", re.IGNORECASE)
_SCALED_AMOUNT = re.compile(r"\b(?:thousand|million|billion|trillion|bn|mn)\b|\d[.,]\d\d\b", re.IGNORECASE)
_MONEY_AFTER = re.compile(rf"\s*(?:in\s+(?:[\w-]+['’]\s+)?(?P<in>{_MONEY_NOUN})\b|(?:[a-z]+\s+)?(?P<noun>{_MONEY_NOUN})\b|"
                          rf"(?P<converted>\(\s*(?:about\s+|around\s+|some\s+)?(?:[$€£¥₹]|[A-Z]{{3}}\s?[\d.,]+\s*(?:million|billion|bn)\b)))",
                          re.IGNORECASE)
# What an amount is per: "44 drals a share" is a price, "half a million a year" a rate; neither
# compares with a total.
_PER = re.compile(r"[\s-]*(?:(?:a|an|per|each)[\s-]+(?P<per>share|year|month|week|day|annum|hour)\b|"
                  r"(?P<every>annually|yearly|monthly|weekly|daily))", re.IGNORECASE)


def _currency_word_end(text: str, end: int, noun: str) -> int:
    """Where the currency word after an amount ending at ``end`` ends ("38 drals",
    "1.5-million-florin"), or -1."""
    m = re.compile(rf"[\s-]*{re.escape(noun[:4])}[a-z]*", re.IGNORECASE).match(text, end)
    return m.end() if m else -1


def _money_purpose(text: str, q: Quantity) -> str | None:
    """What the words around ``q`` say it is money for ("a fine of", "in compensation", "a
    1.5-million-florin contract"), and what per ("offer/share", "deal/time"); "" when they say
    only that it is money (a conversion in brackets, "paid 15 million", "a share"); None when
    they do not say it is money. ``q`` is counted in a currency word, or written after a code."""
    if q.unit or q.measure:
        return None
    return _purpose_at(text, q.start, q.end, q.noun, q.text, bool(_code_of(text, q)))


@lru_cache(maxsize=8192)  # a sentence's figures are read for every claim it is evidence for
def _purpose_at(text: str, start: int, end: int, noun: str, written: str, after_code: bool) -> str | None:
    end = end if after_code else _currency_word_end(text, end, noun) if noun else -1
    if end < 0:
        return None
    per = _PER.match(text, end)
    rate = "" if per is None else "/share" if per.group("per") == "share" else "/time"
    before = text[max(0, start - 60):start]
    after = _MONEY_AFTER.match(text, per.end() if per else end)
    purpose: str | None = None
    if after and (after.group("in") or after.group("noun")):
        purpose = after.group("in") or after.group("noun")
    elif m := _MONEY_OF.search(before):
        purpose = m.group("noun")
    elif m := _PURPOSE_BEFORE.search(before):
        purpose = next(k for k, v in m.groupdict().items() if v)
    elif _VALUE_BEFORE.search(before):
        named = re.findall(rf"\b{_MONEY_NOUN}\b", before, re.IGNORECASE)
        purpose = named[-1] if named else ""
    elif after or rate == "/share" or (_PAID_BEFORE.search(before) and _SCALED_AMOUNT.search(written)):
        purpose = ""
    if purpose is None:
        return None
    return (_noun_key(purpose.lower()) if purpose else "") + rate


# A currency code the unit list does not know, written before an amount: "VLM 350 million".
_CODE_BEFORE = re.compile(r"\b([A-Z]{3})\s?$")


def _code_of(text: str, q: Quantity) -> str:
    """The unknown currency code written just before an amount without a unit, or ""."""
    if not text or q.unit or q.measure:
        return ""
    m = _CODE_BEFORE.search(text, max(0, q.start - 4), q.start)
    return m.group(1) if m else ""


def _subsequence(letters: str, word: str) -> bool:
    it = iter(word)
    return all(ch in it for ch in letters)


def _code_names(code: str, word: str) -> bool:
    """Whether a currency code may be the code of a currency word: ISO codes end with the
    currency's initial ("GBP" pound, "SEK" krona, "VLM" mark) or spell it ("DRL" dral)."""
    c = code.lower()
    return c[-1] == word[:1] or _subsequence(c, word) or _subsequence(c[1:], word)


class Currencies(NamedTuple):
    """The currencies of a claim and a sentence that the fact extractor does not know: words
    that count an amount of money (``_money_purpose``), and codes written before amounts, each
    with the one word it may stand for ("" if none or several)."""
    words: frozenset[str]
    codes: dict[str, str]


def currencies_of(texts: list[tuple[str, list[Quantity]]]) -> Currencies:
    """The currencies of these sentences (``Currencies``): the counted nouns of which one amount
    is money by its words, and the codes before amounts."""
    words = frozenset(_noun_key(q.noun) for text, qs in texts for q in qs
                      if text and q.noun and not _code_of(text, q) and _money_purpose(text, q) is not None)
    codes = {code for text, qs in texts for q in qs if (code := _code_of(text, q))}
    named = {code: [w for w in words if _code_names(code, w)] for code in codes}
    return Currencies(words, {c: ws[0] if len(ws) == 1 else "" for c, ws in named.items()})


def as_money(quantities: list[Quantity], text: str, currencies: Currencies) -> list[Quantity]:
    """Amounts counted in one of the ``currencies`` words, or written after one of its codes, as
    amounts in that currency: the currency becomes the unit, and what the money is for, when its
    words say, the counted noun."""
    if not (currencies.words or currencies.codes):
        return quantities
    out = []
    for q in quantities:
        code = _code_of(text, q) if currencies.codes else ""
        # a code that names no currency word of the pair is a currency of its own only before a
        # scaled amount ("DLN 128 million"), not an identifier ("GBM 7", "RAW 264.7")
        unit = currencies.codes.get(code, "") or (code.lower() if code and _SCALED_AMOUNT.search(q.text) else "")
        if unit:
            q = q.model_copy(update={"unit": unit, "noun": _money_purpose(text, q) or ""})
        elif q.noun and not q.unit and not q.measure and _noun_key(q.noun) in currencies.words:
            q = q.model_copy(update={"unit": _noun_key(q.noun), "noun": _money_purpose(text, q) or ""})
        out.append(q)
    return out


def comparable(cq: Quantity, eq: Quantity) -> bool:
    """Units of one dimension (km and miles; points and basis points) and the same counted
    thing (killed vs injured vs casualties are different)."""
    if not same_dimension(cq.unit or "", eq.unit or ""):
        return False
    if cq.unit == "tally":  # "a 6-3 ruling", "by six votes to three": a tally says what it counts
        return True
    if cq.qualifier == eq.qualifier == "range" and cq.bound != eq.bound:
        return False  # the low end of one range and the high end of another
    if cq.measure and eq.measure:
        # "97 deaths": the noun is the measure itself, so it counts people too.
        return cq.measure == eq.measure and (not cq.noun or not eq.noun or _noun_match(cq.noun, eq.noun)
                                             or _MEASURE_OF.get(eq.noun) == eq.measure
                                             or _MEASURE_OF.get(cq.noun) == cq.measure)
    if cq.noun and eq.noun:
        return _noun_match(cq.noun, eq.noun) and not (cq.measure or eq.measure)
    # An amount of money or a percentage says nothing about what it counts: without a noun on
    # both sides ("150 million euros" reserve vs "3 billion euros" damage) there is no comparison.
    if cq.unit in PHYSICAL_UNITS or cq.unit == "points":  # the unit says what it measures, as its word
        return not (cq.noun and eq.noun) or _noun_match(cq.noun, eq.noun)  # did when it was the noun
    return cq.unit in _SELF_DESCRIBING_UNITS and not (cq.noun or eq.noun or cq.measure or eq.measure)


# Units that say what a figure measures: "a magnitude 6.1 quake", "passes for 122 yards" (as the
# counted noun "yard" did before units were read: a length compares with a length).
_SELF_DESCRIBING_UNITS = {"magnitude", "tally"}


def kind_of(q: Quantity, text: str) -> str:
    """What the counted noun is a count of, when the text says: "14 species of frog" -> "frog",
    "3 billion euros of loans" -> "loan"; "" otherwise."""
    noun = q.noun or (q.unit if q.unit and q.unit.isalpha() else "")
    if not noun or not text:
        return ""
    m = re.search(rf"\b{re.escape(fold(noun)[:5])}\w*\s+of\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?([a-z][a-z-]+)",
                  fold(text[q.start:q.end + 60]))
    return _noun_key(m.group(1)) if m else ""


# A figure's role, read from the words just before it in its clause (or right after it): a
# target, a forecast or an amount asked for is not the amount reached, given or measured.
_ROLE_CUES = {
    "target": re.compile(r"\b(?:target(?:s|ed|ing)?|goal|objective|aim(?:s|ed|ing)?\s+(?:for|at|to))\b"),
    "forecast": re.compile(r"\b(?:forecast(?:s|ing)?|project(?:s|ed|ing|ion|ions)|expect(?:s|ed|ing|ation|ations)?|"
                           r"predict(?:s|ed|ing|ion|ions)?|outlook)\b"),
    "asked": re.compile(r"\b(?:ask(?:s|ed|ing)?\s+for|request(?:s|ed|ing)?|sought|seek(?:s|ing)?|demand(?:s|ed|ing)?|"
                        r"bid(?:s|ding)?\s+for)\b"),
}


# A figure of an earlier time set against the reported one: "up from 24% a decade ago", "rose
# to 4.8 million from 4 million", "compared with 3.1% in 2024", "more than Varnholt's 42.50".
_PREVIOUS_BEFORE = re.compile(rf"\b(?:(?:up|down)\s+from|{COMPARISON_WORDS}|previous(?:ly)?|"
                              r"last\s+year'?s|a\s+year\s+earlier)\s*(?:a|an|the|[a-z][\w.-]*['’]s)?\s*$")
_PREVIOUS_AFTER = re.compile(r"^\s*(?:a|an|one|two|three|four|five|ten|\d+)\s+(?:years?|decades?|months?|weeks?|"
                             r"quarters?)\s+(?:earlier|ago|before)\b")
_FROM = re.compile(r"\bfrom\s*(?:a|an|the)?\s*$")


def figure_role(q: Quantity, text: str) -> str:
    """"target", "forecast" or "asked" when the clause says the figure is one ("expected to
    fall to 5.2%", "a 2% inflation target", "had asked for $2 billion"); "previous" for a figure
    of an earlier time set against the reported one ("up from 24% a decade ago", "rose to 19%
    from 15%"); else "" (a figure reached, given or measured)."""
    if not text:
        return ""
    before = re.split(r"[,;:.()]|\d", fold(text[max(0, q.start - 60):q.start]))[-1]
    after = re.split(r"[,;:.()]", fold(text[q.end:q.end + 25]))[0]
    if _PREVIOUS_BEFORE.search(before) or _PREVIOUS_AFTER.match(fold(text[q.end:q.end + 40])) or \
            (_FROM.search(before) and arithmetic.tells_change(text[:q.start])):
        return "previous"
    after = " ".join(after.split()[:2])  # "a 2% inflation target": the noun the figure modifies
    # ... or the noun it counts, further on ("the 95% two-dose coverage target")
    return next((role for role, cue in _ROLE_CUES.items()
                 if cue.search(before) or cue.search(after) or (q.noun and cue.fullmatch(q.noun))), "")


# A figure's stage, when a revision is told: an earlier or provisional figure ("on a provisional
# count", "the 241 first reported", "the initial casualty estimate") or the settled one ("the final
# figures", "the certified result", "the revised estimate"). Read in the figure's clause, or from
# the whole sentence when it names one stage only. A word of time between ("first-quarter results",
# "first round results", "official figures") names a period or a source, not a stage.
_STAGE_NOUNS = (r"(?:estimates?|counts?|figures?|results?|tally|toll|forecasts?|reports?|projections?|numbers?|data|"
                r"totals?)")
_NOT_A_STAGE = r"(?!(?:quarter|half|round|year|month|week|day|phase|stage|wave|season|term)\b)"
_EARLIER_STAGE = re.compile(
    rf"\b(?:provisional(?:ly)?|preliminary|(?:initial|original|partial)\s+(?:{_NOT_A_STAGE}[a-z-]+\s+)?{_STAGE_NOUNS}|"
    rf"(?:first|early|earlier|previous)\s+{_STAGE_NOUNS}|"
    r"(?:initially|originally|first)\s+(?:estimated|reported|put|given|announced|forecast|projected|counted))\b")
_FINAL_STAGE = re.compile(
    rf"\b(?:certified|(?:final|revised|updated|definitive)\s+(?:{_NOT_A_STAGE}[a-z-]+\s+)?{_STAGE_NOUNS})\b")
# A sentence that tells a revision, not a change over time: its "up from the N" is the figure it
# replaces ("raised its estimate to 850, up from 600"), not last year's level ("rose to 19% from 15%").
_REVISION = re.compile(r"\b(?:revis\w*|estimat\w*|re-?estimat\w*|correct(?:ed|s|ion)|replac\w*|first\s+reported|"
                       r"initial(?:ly)?|original(?:ly)?|provisional|preliminary|had\s+(?:announced|forecast|projected|"
                       r"expected|given|put))\b")


def figure_stages(figures: list[tuple[Quantity, str]], text: str) -> list[str]:
    """The stage of each (figure, its ``figure_role``) of ``text``: "earlier" for a figure given
    as provisional or as the one a revision replaced, "final" for the settled one, "" when the
    text says neither. A figure's own clause decides; in a sentence that tells a revision, the
    figure that is not the replaced one is the revised one; else a sentence that names one stage
    only ("on a provisional count, ... 80.4% ...") gives it to all its figures."""
    if not text:
        return [""] * len(figures)
    low = fold(text)
    stages = []
    for q, role in figures:
        clause = re.split(r"[,;:()]", low[max(0, q.start - 50):q.start])[-1] + " " + \
            re.split(r"[,;:()]", low[q.end:q.end + 30])[0]
        if role == "previous" and _REVISION.search(low) or _EARLIER_STAGE.search(clause):
            stages.append("earlier")
        else:
            stages.append("final" if _FINAL_STAGE.search(clause) else "")
    if "earlier" in stages and any(s != "earlier" for s in stages):
        return [s or "final" for s in stages]
    earlier, final = bool(_EARLIER_STAGE.search(low)), bool(_FINAL_STAGE.search(low))
    whole = "earlier" if earlier and not final else "final" if final and not earlier else ""
    return [s or whole for s in stages]


# A month or weekday the claim names (the date parser reads a month only with its day or year).
_TIME_NAMED = re.compile(rf"\b(?:{'|'.join(m.capitalize() for m in MONTHS + WEEKDAYS)})\b")


def _superseded(cq: Quantity, stage: str, claim_dates: bool,
                ev_bound: list[tuple[Quantity, str, str, str]], tolerance: float) -> tuple[str, str] | None:
    """A claim figure that is the figure a revision replaced, given as if it stood ("Nordvik
    expects to cut 600 jobs" against "it would cut 850 jobs, up from the 600 it had estimated"):
    contradicted by the revised figure of the same thing. Not when the claim gives its figure
    as the earlier one, or dates it without calling it the final one (the earlier figure may be
    what it reports)."""
    if stage == "earlier" or (claim_dates and stage != "final"):
        return None

    def alike(a: Quantity, b: Quantity) -> bool:
        # the replaced figure often leaves its noun to the revised one: "850 jobs, up from the 600"
        return same_dimension(a.unit or "", b.unit or "") and (
            comparable(a, b) or not (a.noun or a.measure) or not (b.noun or b.measure))

    for old, _, _, old_stage in ev_bound:
        if old_stage != "earlier" or not alike(cq, old) or compare_quantity(cq, old, tolerance) != SUPPORT:
            continue
        current = [eq for eq, _, role, e_stage in ev_bound
                   if e_stage != "earlier" and role != "previous" and alike(cq, eq) and alike(old, eq)]
        if current and all(compare_quantity(cq, eq, tolerance) == CONTRADICT for eq in current):
            thing = cq.measure or cq.noun or unit_label(cq.unit or "") or "figure"
            return CONTRADICT, f"'{cq.text}' is the earlier figure ('{old.text}'); the source now gives " \
                               f"'{current[0].text}' ({thing})"
    return None


def _same_bare_amount(cq: Quantity, eq: Quantity, tolerance: float) -> bool:
    """The same amount in one unit, neither side saying what it counts - or, of money, one side
    saying only what the amount is per, as the other does ("38 drals a share" and "an offer of
    38.00 drals a share")."""
    rate_only = cq.noun.startswith("/") or eq.noun.startswith("/")
    bare = not (cq.measure or eq.measure) and (not (cq.noun or eq.noun)
                                               or (rate_only and cq.noun.partition("/")[2] == eq.noun.partition("/")[2]))
    return bool(bare and cq.unit and same_dimension(cq.unit, eq.unit) and cq.unit not in _SELF_DESCRIBING_UNITS
                and cq.unit != "tally" and compare_quantity(cq, eq, tolerance) == SUPPORT)


# Counted nouns that news copy uses for the same thing.
_NOUN_GROUPS = [  # the first word names the group
    ("people", "person", "civilian", "resident", "individual", "inhabitant", "victim", "citizen"),
    ("loan", "lending", "credit"),
    ("aid", "assistance", "relief", "help"),
    ("financing", "funding", "fund", "money"),
    ("contract", "deal", "sponsorship", "agreement"),
    ("offer", "bid"),
    ("fine", "penalty"),
    ("house", "home", "dwelling", "building"),
    ("child", "kid", "minor"),
]
# What happened to the counted thing, recognised in a sentence whose number has no measure
# ("The death toll has risen to 312." is a count of the killed).
_MEASURE_WORDS = {
    "killed": ("death", "deaths", "dead", "died", "killed", "fatalities", "toll", "lives"),
    "injured": ("injured", "wounded", "hurt", "injuries"),
    "displaced": ("displaced", "homeless", "evacuated", "fled", "refugees"),
    "missing": ("missing", "unaccounted"),
    "rescued": ("rescued", "alive", "saved"),
}
_MEASURE_OF = {word: measure for measure, words in _MEASURE_WORDS.items() for word in words} | {
    "injury": "injured", "fatality": "killed"}


def _noun_key(noun: str) -> str:
    n = fold(noun).strip()
    n = n[:-1] if n.endswith("s") and not n.endswith("ss") else n
    for group in _NOUN_GROUPS:
        if n in group:
            return group[0]
    return n


def _noun_match(a: str, b: str) -> bool:
    return _noun_key(a) == _noun_key(b)


def measure_words(text: str) -> list[str]:
    """The words that name the one measure ``text`` speaks of ("killed": "deaths", "toll"...),
    so a search finds "Deaths: 214" for "200 people were killed"."""
    return list(_MEASURE_WORDS.get(infer_measure(text), ()))


# Causes of harm: a figure for one ("cholera: 97 deaths") does not count another ("died in the
# floods"). The first word names the group.
_HAZARDS = [
    ("flood", "floods", "flooding", "floodwater", "floodwaters", "monsoon", "deluge"),
    ("earthquake", "earthquakes", "quake", "aftershock", "aftershocks", "tremor", "seismic"),
    ("cholera",), ("ebola",), ("malaria",), ("measles",), ("covid", "coronavirus", "pandemic"),
    ("storm", "storms", "cyclone", "hurricane", "typhoon", "tornado"),
    ("fire", "fires", "wildfire", "wildfires", "blaze"),
    ("landslide", "landslides", "mudslide"), ("drought", "famine"),
    ("war", "invasion", "shelling", "hostilities", "airstrike", "airstrikes", "bombing", "missile", "missiles"),
]
_HAZARD_OF = {word: group[0] for group in _HAZARDS for word in group}


def hazards(text: str) -> set[str]:
    return {_HAZARD_OF[w] for w in re.findall(r"[a-z]+", fold(text)) if w in _HAZARD_OF}


def claim_hazards(text: str) -> set[str]:
    """What a claim's figure is a toll of: the causes it names ("died of cholera in the flood
    zone": cholera), else every hazard it mentions."""
    causes = {_HAZARD_OF[w] for w in re.findall(r"\b(?:of|from|by)\s+(?:the\s+)?(\w+)", fold(text))
              if w in _HAZARD_OF}
    return causes or hazards(text)


def _other_hazard(claim_text: str, ev: EvidenceView) -> bool:
    """The sentence counts the harm of another cause than the claim's: its own words, else
    the sentence before, else its document's title name the cause."""
    wanted = claim_hazards(claim_text)
    found = hazards(ev.text) or hazards(ev.context) or hazards(ev.title)
    return bool(wanted and found and not wanted & found)


def infer_measure(text: str) -> str:
    """The one measure a sentence speaks of, or "" when it names none or several."""
    words = set(re.findall(r"[a-z]+", fold(text)))
    found = {m for m, cues in _MEASURE_WORDS.items() if words & set(cues)}
    return found.pop() if len(found) == 1 else ""


def with_measures(quantities: list[Quantity], text: str) -> list[Quantity]:
    """Counts of people without a measure take the sentence's one measure, if it has one."""
    measure = infer_measure(text)
    if not measure:
        return quantities
    return [q if q.measure or q.unit or _noun_key(q.noun or "people") != "people" else
            q.model_copy(update={"measure": measure}) for q in quantities]


def compare_quantity(cq: Quantity, eq: Quantity, tolerance: float) -> str:
    """SUPPORT when every value the evidence's figure stands for confirms the claim's,
    CONTRADICT when none could be the claim's, else ABSTAIN; both converted to their base unit
    first ("62 miles" and "100 km", "0.5 points" and "50 basis points"). Tallies compare as
    pairs ("6-3" is "three votes to six")."""
    if cq.unit == "tally" or eq.unit == "tally":
        if cq.unit != eq.unit:
            return ABSTAIN
        return SUPPORT if sorted((cq.value, cq.against or 0.0)) == sorted((eq.value, eq.against or 0.0)) \
            else CONTRADICT
    if (cq.qualifier == eq.qualifier == "range" and cq.bound == eq.bound) or \
            (cq.precision and eq.precision and cq.unit == eq.unit) or \
            (cq.qualifier in LIMIT_WORDS and eq.qualifier in LIMIT_WORDS and cq.bound == eq.bound):
        # Two ends of ranges ("4-16" and "4-12"), two fractions in words ("1 in 7" and "1 in 6"),
        # two limits ("up to 2 billion" and "up to 5 billion"): each is what it says, compared as written.
        cq = cq.model_copy(update={"bound": Bound.EXACT, "precision": 0.0, "value": float(f"{cq.value:.6g}")})
        eq = eq.model_copy(update={"bound": Bound.EXACT, "precision": 0.0, "value": float(f"{eq.value:.6g}")})
    # Figures in one unit compare as written ("more than 5 °C" is not "below 5 °C"); figures in
    # two units in their base unit, with a rounding error's slack (35 basis points are
    # 0.35000000000000003 points).
    convert = cq.unit != eq.unit and (_converted(cq.unit) or _converted(eq.unit))
    slack = 1e-9 if convert else 0.0
    span = base_interval if convert else interval

    def widen(lo: float, hi: float) -> tuple[float, float]:
        return (lo - slack * abs(lo) if math.isfinite(lo) else lo, hi + slack * abs(hi) if math.isfinite(hi) else hi)

    c_lo, c_hi = widen(*span(cq, tolerance, claim_side=True))
    e_lo, e_hi = span(eq, tolerance, claim_side=False)
    if c_lo <= e_lo and e_hi <= c_hi:
        return SUPPORT
    c_lo, c_hi = widen(*span(cq, tolerance, claim_side=True, confirm=False))
    e_lo, e_hi = widen(*span(eq, tolerance, claim_side=False, confirm=False))
    if e_hi < c_lo or c_hi < e_lo:
        return CONTRADICT
    return ABSTAIN


def _in_claims_unit(cq: Quantity, eq: Quantity) -> str:
    """The evidence's figure written in the claim's unit, when the two units differ:
    " (100 kilometer = 62.1 mile)"; "" otherwise."""
    if not cq.unit or not eq.unit or cq.unit == eq.unit or "tally" in (cq.unit, eq.unit):
        return ""
    return f" ({eq.value:g} {unit_label(eq.unit)} = {arithmetic.in_unit(eq, cq.unit):.3g} {unit_label(cq.unit)})"


_LEADING_FIGURE = re.compile(r"^(?P<before>\D*?)[\d][\d,.]*\s*(?P<unit>.*)$")


def _in_claims_units(claim_quantities: list[Quantity], ev_quantities: list[Quantity],
                     aligned: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The sentence's physical measures written in the claim's units for the stance model
    ("about 12 kilometres" -> "about 7.46 miles" for a claim in miles), whether they agree or
    not: a cross-encoder compares "12 miles" with "12 kilometres" by their digits."""
    done = {said for said, _ in aligned}
    out = []
    for eq in ev_quantities:
        if eq.text in done or eq.unit not in PHYSICAL_UNITS:
            continue
        cq = next((c for c in claim_quantities if c.unit in PHYSICAL_UNITS and c.unit != eq.unit
                   and same_dimension(c.unit, eq.unit)), None)
        said, as_claim = _LEADING_FIGURE.match(eq.text), _LEADING_FIGURE.match(cq.text) if cq else None
        if cq is None or said is None or as_claim is None or not as_claim.group("unit"):
            continue
        out.append((eq.text, f"{said.group('before')}{arithmetic.in_unit(eq, cq.unit):.3g} {as_claim.group('unit')}"))
        done.add(eq.text)
    return out


def inherit_nouns(quantities: list[Quantity]) -> list[Quantity]:
    """An amount with a unit but no counted noun takes the noun of the amount before it in the
    same sentence with the same unit: "$300 million in financing, a total of $322 million"."""
    out: list[Quantity] = []
    for q in quantities:
        if q.unit and not q.noun and not q.measure:
            prev = next((p for p in reversed(out) if p.unit == q.unit and (p.noun or p.measure)), None)
            if prev is not None:
                q = q.model_copy(update={"noun": prev.noun, "measure": prev.measure})
        out.append(q)
    return out


@register("quantity", Reason.QUANTITY)
def check_quantity(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """Each claim number against the comparable numbers of the sentence. Any claim number
    contradicted by every comparable evidence number -> contradict; all claim numbers that
    have a comparable evidence number supported -> support (``cfg.approx_tolerance``: the
    window of "about N")."""
    facts, claim_text, ev, tolerance = claim.facts, claim.text, evidence, cfg.approx_tolerance
    if not facts.quantities or another_year(ev):
        return CheckResult("quantity", ABSTAIN)
    if _other_hazard(claim_text, ev):
        return CheckResult("quantity", ABSTAIN)  # deaths from cholera are not flood deaths
    outcomes: list[tuple[str, str]] = []
    aligned: list[tuple[str, str]] = []  # (evidence figure, claim figure) found to agree
    claim_quantities = with_measures(facts.quantities, claim_text) if claim_text else facts.quantities
    currencies = currencies_of([(claim_text, claim_quantities), (ev.text, ev.facts.quantities)])
    claim_quantities = [_negated_bound(q, claim_text) for q in as_money(claim_quantities, claim_text, currencies)]
    ev_quantities = [_negated_bound(q, ev.text) for q in _readings(ev.facts.quantities, ev.text, claim_text, currencies)]
    compared: list[Quantity] = []  # the claim figures of ``outcomes``, in order
    total = bool(_TOTAL.search(claim_text))  # "together hold 87 seats": a sum of the evidence's parts
    pool = _Pool(ev, facts, claim_text, currencies)
    # what each of the sentence's figures counts and in which role, read once for every claim figure
    ev_roles = [(eq, figure_role(eq, ev.text)) for eq in ev_quantities]
    ev_bound = [(eq, kind_of(eq, ev.text), role, stage)
                for (eq, role), stage in zip(ev_roles, figure_stages(ev_roles, ev.text))]
    other_day = _another_day(facts, ev, claim_text)
    split = _split_of_vote(claim_quantities, claim_text, ev_quantities, ev.text) | \
        _against_the_sentences(claim_quantities, claim_text, ev_quantities, tolerance)
    for cq in claim_quantities:
        if cq.start in split:  # "two of the three judges" against "voted 2-1"; "47 seconds faster than"
            compared.append(cq)
            outcomes.append(split[cq.start])
            continue
        span = arithmetic.span_unit(claim_text, cq) if claim_text else ""
        if span:  # "five weeks after the vote", "the first in more than 40 years": time between dates
            elapsed = arithmetic.derive_elapsed(claim_text, span, *pool.spans()) if _reference_told(claim_text, cq, ev) \
                else []
            found = next((d for d in [*elapsed,
                                      *arithmetic.derive_event_gap(claim_text, cq, span, pool.dated_sentences(),
                                                                   content_words)]
                          if arithmetic.elapsed_confirms(cq, d, tolerance)), None)
            if found is None and ev.other_sentences:  # one of the two events told by another source
                found = next((d for d in arithmetic.derive_event_gap(
                    claim_text, cq, span, pool.dated_sentences() + pool.other_dated_sentences(), content_words)
                    if arithmetic.elapsed_confirms(cq, d, tolerance)), None)
            if found is not None:
                compared.append(cq)
                outcomes.append((SUPPORT, f"'{cq.text}': {found.note}"))
                aligned += _written_in(found, arithmetic.span_text(claim_text, cq))
                continue
        # "two days after the signing" places an event in time: the date and order checks judge it.
        if offset(claim_text, cq):
            continue
        direction = arithmetic.change_direction(claim_text, cq) if claim_text else None
        # figures of the same kind of thing in the same role (not a target or forecast for an outcome)
        kind, role = kind_of(cq, claim_text), figure_role(cq, claim_text)
        stage = figure_stages([(cq, role)], claim_text)[0]
        # (an earlier figure and the settled one are different figures: neither confirms the other)
        alike = [eq for eq, e_kind, e_role, e_stage in ev_bound if (not kind or not e_kind or kind == e_kind)
                 and role == e_role and not (stage and e_stage and stage != e_stage)]
        if not any(eq.noun and cq.noun and _noun_match(eq.noun, cq.noun) for eq in alike):
            alike = [_in_duration_of(cq, eq) for eq in alike]  # no figure in the claim's noun of time: convert
        pairs = [(eq, o) for eq in alike if comparable(*_named_alike(cq, eq, claim_text, ev.text))
                 or _worded_alike(cq, eq, claim_text, ev.text, claim_quantities, ev_quantities, cfg)
                 for o in [compare_quantity(cq, eq, tolerance)] if _same_role(o, direction, ev.text, eq)]
        reached = reached_by_change(claim_text, cq) if claim_text and direction is None else 0
        if reached:  # "widened to 5 km": a smaller figure may be the zone before it was widened
            before_change = [(eq, o) for eq, o in pairs if o == CONTRADICT and _from_side(eq, cq, reached)
                             and reached_by_change(ev.text, eq) != reached]
            pairs = [pair for pair in pairs if pair not in before_change]
            if before_change and not pairs:  # compared, and not settled: the claim's figure is not confirmed
                compared.append(cq)
                outcomes.append((ABSTAIN, ""))
                continue
        # The same amount in the same unit confirms even when neither side says what it counts
        # ("3.6 percent"); a different amount then says nothing (it may count something else).
        pairs += [(eq, SUPPORT) for eq in alike if _same_bare_amount(cq, eq, tolerance)]
        if other_day:  # the sentence's figure is of another day than the claim's: it does not confirm it
            pairs = [(eq, o) for eq, o in pairs if o != SUPPORT]
        # Exact figures in the evidence are the most specific: judge by them when there are any,
        # in place of the rounded figures they make precise ("about 2,700 ... 2,665 to be exact"),
        # not of a figure of another size ("about 110 km long and 12 km wide").
        exact = [(eq, o) for eq, o in pairs if eq.bound is Bound.EXACT or eq.qualifier == "range"]
        if exact:
            pairs = exact + [(eq, o) for eq, o in pairs if eq.bound is Bound.APPROX and (eq, o) not in exact
                             and not any(_made_precise(eq, ex, tolerance) for ex, _ in exact)]
        superseded = _superseded(cq, stage, bool(facts.dates or _TIME_NAMED.search(claim_text)), ev_bound,
                                 tolerance) if claim_text else None
        if superseded is not None:
            compared.append(cq)
            outcomes.append(superseded)
            continue
        figures = list({eq.value: eq for eq, _ in pairs}.values())  # distinct evidence figures
        parts = _parts_of(cq, figures, tolerance) if total and pairs else []
        supported = any(o == SUPPORT for _, o in pairs)
        computed = None if supported or parts else _computed(cq, direction, claim_text, pool, tolerance)
        if not pairs and computed is None:
            continue
        compared.append(cq)
        if supported:
            eq = next(e for e, o in pairs if o == SUPPORT)
            swapped = _swapped_with(cq, eq, claim_quantities, claim_text, ev_quantities, ev.text)
            holder = (_held_by_another(cq, eq, claim, ev, claim_quantities, ev_quantities, tolerance)
                      or _labelled_for_another(cq, eq, claim, ev)) if swapped is None and cfg.figure_holders else None
            if swapped is not None:
                outcomes.append((CONTRADICT, f"'{eq.text}' goes with what the claim gives '{swapped.text}'"))
            elif holder is not None:
                outcomes.append(holder)
            else:
                as_claims = _in_claims_unit(cq, eq) + _duration_note(eq, ev_quantities)
                outcomes.append((SUPPORT, f"'{cq.text}' agrees with '{eq.text}'{as_claims}"))
                aligned.append((eq.text, cq.text))
        elif parts:
            outcomes.append((SUPPORT, f"'{cq.text}' is {' + '.join(p.text for p in parts)}"))
            last = max(parts, key=lambda p: p.end)
            aligned.append((last.text, f"{last.text} ({_claims_words(cq)})"))
        elif computed is not None:
            outcome, note, derived = computed
            outcomes.append((outcome, note))
            if outcome == SUPPORT and derived is not None:
                aligned += _written_in(derived, _claims_words(cq))
        elif all(o == CONTRADICT for _, o in pairs) and len(figures) < (2 if total or cq.unit == "tally" else 3) \
                and not all(_accounted_for(eq, cq, claim_quantities, ev_quantities) for eq in figures) \
                and not (_subgroup(claim_text, cq) and all(eq.value > cq.value for eq in figures)) \
                and not (cfg.figure_holders and claim_text
                         and all(_given_to_another(cq, eq, claim, ev, claim_quantities, ev_quantities) for eq in figures)) \
                and not (all(_smaller(eq, cq) for eq in figures)
                         and ((total and not _TOTAL_WORD.search(ev.text))
                              or (not _part_of_group(claim_text, cq)
                                  and all(_part_of_group(ev.text, eq) for eq in figures)))):
            # (a total is not contradicted by a smaller figure that may be one of its parts, nor a
            # count by a smaller one the sentence gives for a part: "of those killed, 2,074 ...",
            # nor a figure by one the sentence gives to another holder than the claim's, nor by
            # one that is the claim's own other figure: "two of its nine directors")
            eq = pairs[0][0]
            thing = cq.measure or cq.noun or cq.unit
            as_claims = _in_claims_unit(cq, eq) + _duration_note(eq, ev_quantities)
            outcomes.append((CONTRADICT, f"'{cq.text}' vs '{eq.text}' ({thing}){as_claims}"))
        else:
            # A breakdown (seats per party, deaths per town) counts other things than the claim's
            # figure unless one of its figures matches: it says nothing against it.
            outcomes.append((ABSTAIN, ""))
    aligned += _in_claims_units(claim_quantities, ev_quantities, aligned)
    contra = [n for o, n in outcomes if o == CONTRADICT]
    if contra:
        return CheckResult("quantity", CONTRADICT, "; ".join(contra), relation="figure", aligned=tuple(aligned))
    sup = [n for o, n in outcomes if o == SUPPORT]
    if sup and len(sup) == len(outcomes):
        return CheckResult("quantity", SUPPORT, "; ".join(dict.fromkeys(sup)),
                           covers=frozenset(cq.text for cq, (o, _) in zip(compared, outcomes) if o == SUPPORT),
                           relation="figure", aligned=tuple(aligned))
    return CheckResult("quantity", ABSTAIN, "; ".join(n for o, n in outcomes if o == ABSTAIN and n),
                       aligned=tuple(aligned))


_PART_OF_WHOLE = re.compile(r"\s+of\s+(?:the|its|their|his|her|all)?\s*$", re.IGNORECASE)
_VOTE_WORDS = re.compile(r"\b(?:vot\w*|ballot|rul(?:ed|ing)|verdict|majority|split|decision|panel|jury|jurors?|"
                         r"judges?|justices?|directors?|members?|approv\w*|reject\w*|backed|upheld)\b", re.IGNORECASE)


def _split_of_vote(claim_quantities: list[Quantity], claim_text: str, ev_quantities: list[Quantity],
                   ev_text: str) -> dict[int, tuple[str, str]]:
    """A vote's tally read as the share of its voters each side is: "voted 2-1" is two of the
    three members on one side and one on the other, "by seven votes to two" seven of nine.
    Claim figures "X of the Y" (by their start) -> (outcome, note) against the sentence's tally
    of Y votes; nothing when the sentence tallies no vote or none of Y votes (another body)."""
    tallies = [eq for eq in ev_quantities if eq.unit == "tally" and eq.against is not None]
    if not claim_text or not tallies or not _VOTE_WORDS.search(ev_text):
        return {}
    out: dict[int, tuple[str, str]] = {}
    for part, whole in zip(claim_quantities, claim_quantities[1:]):
        if part.unit or whole.unit or not _PART_OF_WHOLE.search(claim_text[part.end:whole.start]) \
                or (part.noun and whole.noun and not _noun_match(part.noun, whole.noun)):
            continue
        for eq in tallies:
            voters = eq.value + eq.against
            if whole.value != voters:
                continue
            sides = f"{eq.value:g} + {eq.against:g} = {voters:g}"
            if part.value in (eq.value, eq.against):
                note = f"'{part.text} of {whole.text}': '{eq.text}' ({sides})"
                out[part.start] = out[whole.start] = (SUPPORT, note)
            else:
                out[part.start] = (CONTRADICT, f"'{part.text} of {whole.text}' vs '{eq.text}' ({sides})")
            break
    return out


_NEGATED_BEFORE = re.compile(r"\b(?:never|not|no|n't|neither|nor)\b(?:\s+[\w'’-]+){0,5}\s*$", re.IGNORECASE)


def _negated_bound(q: Quantity, text: str) -> Quantity:
    """A bound under a negation is the other bound: "never raised its offer above 42.50" is an
    offer of at most 42.50, "did not fall below 3%" one of at least 3%."""
    if q.bound not in (Bound.LOWER, Bound.UPPER) or not q.qualifier or q.qualifier == "range" or not text \
            or "no" in q.qualifier.split():
        return q
    before = re.split(r"[,;:()]", text[max(0, q.start - 60):q.start])[-1]
    if not _NEGATED_BEFORE.search(before):
        return q
    return q.model_copy(update={"bound": Bound.UPPER if q.bound is Bound.LOWER else Bound.LOWER, "strict": False})


# "47 seconds faster than", "120 metres longer than", "€2 more than": a figure the claim sets
# against another level than its own
_THAN = re.compile(r"^\s+(?:[a-z]+\s+)?(?:[a-z]+er|more|less|fewer)\s+than\b", re.IGNORECASE)


def _against_the_sentences(claim_quantities: list[Quantity], claim_text: str, ev_quantities: list[Quantity],
                           tolerance: float) -> dict[int, tuple[str, str]]:
    """A claim that gives a level and how far it is from another ("Korsgaard's 2:21:50 ... 47
    seconds faster than the mark Lunqvist set") is confirmed by a sentence giving that other
    level (2:22:37): the difference is computed, and neither claim figure is compared with the
    sentence's as if it were the same level. Claim figures (by their start) -> (outcome, note);
    support only - a sentence with another level may tell of another mark."""
    out: dict[int, tuple[str, str]] = {}
    if not claim_text:
        return out
    for d in claim_quantities:
        if not _THAN.match(claim_text[d.end:d.end + 40]):
            continue
        for level in claim_quantities:
            if level is d or _THAN.match(claim_text[level.end:level.end + 40]) or \
                    not comparable(d, level.model_copy(update={"measure": d.measure})):
                continue
            for eq in ev_quantities:
                if eq.value == level.value or not comparable(level, eq):
                    continue
                theirs, mine = to_base(eq.unit, eq.value), to_base(level.unit, level.value)
                gap = eq.model_copy(update={"value": round(from_base(eq.unit, abs(theirs - mine)), 6), "noun": d.noun,
                                            "bound": Bound.EXACT, "qualifier": "", "precision": 0.0})
                if compare_quantity(d, gap, tolerance) == SUPPORT:
                    high, low = (eq, level) if theirs > mine else (level, eq)
                    note = f"'{d.text}': {high.text} - {low.text} = {gap.value:g}"
                    out[d.start] = out[level.start] = (SUPPORT, note)
                    break
    return out


def _another_day(claim: Facts, ev: EvidenceView, claim_text: str) -> bool:
    """The claim dates its event to one day and the sentence dates what it reports only to
    other days ("- 10 June: the zone is widened to 5 km" for "the order of 9 June covered 5 km"):
    the sentence's figures are of another time."""
    days = {d.start for d in (event_dates(claim_text, claim) if claim_text else claim.dates)
            if d.start and d.start == d.end and not d.start.startswith("--")
            and (not claim_text or time_of_event(claim_text, d))}
    if len(days) != 1 or is_heading(ev.text):
        return False  # before the sentence's days are read: telling them apart parses the sentence
    ev_days = {d.start for d in ev.facts.dates if d.start and d.start == d.end and not d.start.startswith("--")
               and time_of_event(ev.text, d)}
    return bool(ev_days) and not days & ev_days


def _readings(quantities: list[Quantity], text: str, claim_text: str, currencies: Currencies) -> list[Quantity]:
    """A sentence's figures as the check compares them: nouns and measures filled from the
    sentence, amounts in the pair's ``currencies`` as money, and - unless the claim speaks of
    a limit - no limit values."""
    out = with_measures(inherit_nouns(as_money(quantities, text, currencies)), text)
    if not _REFERENCE_WORDS.search(claim_text):  # "below the limit value of 50 µg/m³" is no reading
        out = [q for q in out if not _REFERENCE_BEFORE.search(text[max(0, q.start - 60):q.start])]
    return out


def _same_role(outcome: str, direction: int | None, ev_text: str, eq: Quantity) -> bool:
    """Whether an evidence figure is judged against the claim's: a change ("rose by 300") and a
    level ("1,500 jobs") are different figures - the same number in both may restate the claim,
    but a different one says nothing about it."""
    return outcome == SUPPORT or (direction is None) == (arithmetic.change_direction(ev_text, eq) is None)


class _Pool:
    """The evidence's figures and dates for arithmetic: the sentence's and the previous
    sentence's (parsed only when a claim's figure needs them)."""

    def __init__(self, ev: EvidenceView, claim: Facts, claim_text: str, currencies: Currencies):
        self.ev, self.claim, self.claim_text, self.currencies = ev, claim, claim_text, currencies
        self._context: Facts | None = None

    def context(self) -> Facts:
        if self._context is None:
            if not self.ev.context:
                self._context = Facts()
            elif self.ev.context_facts is not None:
                self._context = self.ev.context_facts()
            else:
                from verifier.claims.facts import parse_facts

                self._context = parse_facts(self.ev.context, self.ev.published or None)
        return self._context

    def figures(self) -> list[arithmetic.Figure]:
        ev = self.ev
        out = [arithmetic.Figure(q, ev.text) for q in _readings(ev.facts.quantities, ev.text, self.claim_text, self.currencies)]
        if ev.context and not is_heading(ev.context):
            out += [arithmetic.Figure(q, ev.context, place=0)
                    for q in _readings(self.context().quantities, ev.context, self.claim_text, self.currencies)]
        return out

    def spans(self) -> tuple[list[arithmetic.Span], list[arithmetic.Span]]:
        """(the evidence's dates and years, the anchors: the claim's dates and the source's date)."""
        ev = self.ev
        evidence = arithmetic.time_spans([*ev.facts.dates, *(self.context().dates if ev.context else [])],
                                         [ev.text, ev.context])
        anchors = arithmetic.time_spans(list(self.claim.dates), [])
        if ev.published[:10] and not anchors:
            anchors = arithmetic.time_spans([DateRef(start=ev.published[:10], end=ev.published[:10],
                                                     text=ev.published[:10])], [])
        return [s for s in evidence if s not in anchors], anchors

    def dated_sentences(self) -> list[tuple[str, tuple[str, ...]]]:
        """The document's sentences (else the sentence and the one before) with the days each
        names, for the time between two events."""
        ev = self.ev
        if ev.document:
            return list(arithmetic.dated_sentences(ev.document, ev.published[:10]))
        texts = [t for t in (*ev.doc_sentences, ev.context, ev.text) if t]
        return [(t, arithmetic.days_named(t, ev.published[:10])) for t in dict.fromkeys(texts)]

    def other_dated_sentences(self) -> list[tuple[str, tuple[str, ...]]]:
        """The sentences retrieved for the claim from other documents, with the days each names
        (resolved by its own source's date)."""
        return arithmetic.dated_elsewhere(self.ev.other_sentences)


_REST = re.compile(r"\b(?:remaining|the rest|the others?|remainder|rest of|left)\b", re.IGNORECASE)
_AVERAGE = re.compile(r"\b(?:average|mean|a day|per day|each day|a week|per week|a month|per month|a year|per year|"
                      r"daily|weekly|monthly|annually|yearly|hourly|an hour|per hour)\b", re.IGNORECASE)


_REFERENCE = re.compile(r"\b(?:after|before|since)\s+(?P<event>[^,;:.]+)", re.IGNORECASE)


def _reference_told(claim_text: str, cq: Quantity, ev: EvidenceView) -> bool:
    """The event a claim's time span counts from ("five weeks after *the election*", "almost
    four years after *his arrest*") is one the sentence speaks of: one of its common words is
    there. Else the sentence's dates belong to other events (the trial opened, not the arrest)."""
    m = _REFERENCE.search(claim_text, cq.end)
    if m is None:
        return True
    common = content_words(" ".join(w for w in m.group("event").split() if w[:1].islower()))
    said = content_words(f"{ev.text} {ev.context}")
    return not common or any(w.startswith(v) or v.startswith(w) for w in common for v in said
                             if min(len(w), len(v)) >= 3)  # "vote" and "voted" (stemmed "vot")


def _claims_words(cq: Quantity) -> str:
    """A claim's figure as it writes it, without the "of" of "a fifth of"."""
    return re.sub(r"\s+of$", "", cq.text)


def _written_in(derived: arithmetic.Derived, as_claim: str) -> list[tuple[str, str]]:
    """The alignment that writes a confirmed computed figure after the sentence's figure it was
    computed from ("4 million" -> "4 million (20%)"), for the stance model."""
    return [(derived.anchor, f"{derived.anchor} ({as_claim})")] if derived.anchor and as_claim else []


def _computed(cq: Quantity, direction: int | None, claim_text: str, pool: _Pool,
              tolerance: float) -> tuple[str, str, arithmetic.Derived | None] | None:
    """The claim's figure against what the evidence's figures imply (``arithmetic``): SUPPORT
    when one computation confirms it; CONTRADICT when the source's one plain change, share or
    margin of the same thing gives another value; ABSTAIN for a percent that reads as points
    ("rose 0.3%" for 3.2% -> 3.5%); None when nothing could be computed. The computation that
    decided comes third (None for an abstention)."""
    around = claim_text[max(0, cq.start - 40):cq.end + 25]  # the claim's words about this figure
    change, rest = direction is not None or cq.unit == "times", bool(_REST.search(around))
    share, average = cq.unit == "percent" and direction is None, bool(_AVERAGE.search(around))
    margin = arithmetic.margin_asked(claim_text, cq)
    if not claim_text or not (change or rest or share or average or margin):
        return None  # nothing the claim's words ask to compute: the figures are not even read
    figures = pool.figures()
    derived: list[arithmetic.Derived] = []
    if change:
        derived += arithmetic.derive_change(cq, direction or 0, figures)
    if rest:
        derived += arithmetic.derive_rest(figures)
    if share:
        derived += arithmetic.derive_share(cq, figures)
    if average:
        derived += arithmetic.derive_average(claim_text, figures)
    if margin:
        derived += arithmetic.derive_margin(figures)
    usable = [d for d in derived if comparable_derived(cq, d.q)]
    for d in usable:
        if compare_quantity(cq, d.q, tolerance) == SUPPORT:
            return SUPPORT, f"'{cq.text}': {d.note}", d
    if cq.unit == "percent" and direction is not None:
        as_points = cq.model_copy(update={"unit": "percentage_points"})
        wrong = next((d for d in arithmetic.derive_change(as_points, direction, figures)
                      if comparable_derived(as_points, d.q) and compare_quantity(as_points, d.q, tolerance) == SUPPORT),
                     None)
        if wrong is not None:
            return ABSTAIN, f"'{cq.text}' is the change in points ({wrong.note}), not in percent", None
    clear = [d for d in usable if d.clear]
    if len(clear) == 1 and compare_quantity(cq, clear[0].q, tolerance) == CONTRADICT and \
            (cq.noun or cq.measure or not (clear[0].q.noun or clear[0].q.measure)):
        return CONTRADICT, f"'{cq.text}' vs {clear[0].note}", clear[0]
    return None


def comparable_derived(cq: Quantity, dq: Quantity) -> bool:
    """A computed figure stands for the claim's when their units measure one thing and no
    counted noun or measure differs (a computation often has none of its own)."""
    if not same_dimension(cq.unit or "", dq.unit or ""):
        return False
    nouns = not cq.noun or not dq.noun or _noun_match(cq.noun, dq.noun)
    measures = not cq.measure or not dq.measure or cq.measure == dq.measure
    return nouns and measures


# A figure given as a limit, threshold or target is a reference value, not what was measured.
_REFERENCE_WORDS = re.compile(r"\b(?:limit|threshold|ceiling|target|guideline|standard|permitted|allowed)\b", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:limit(?:\s+value)?|threshold|ceiling|target|guideline|standard)\s+"
                               r"(?:value\s+)?(?:of|at|is|was|=)?\s*$", re.I)
# "Nine people injured in the blast were still in hospital": the figure counts those of the
# injured still in hospital, a part of them - more injured is no contradiction.
_SUBGROUP = re.compile(r"\s+(?:[a-z]+\s+)?(?:injured|wounded|hurt|evacuated|displaced|rescued|arrested|detained|"
                       r"affected|infected)\b[^.;]{0,80}?\b(?:were|are|was|is|remain(?:s|ed)?|stayed)\s+(?:still\s+)?"
                       r"(?:in|being|under|on|at)\b", re.I)


def _subgroup(claim_text: str, q: Quantity) -> bool:
    return bool(claim_text) and bool(_SUBGROUP.match(claim_text, q.end))


# A figure the sentence gives for a part of a group it has named: "Of those killed, 2,074 were
# in the east", "Among them were 40 children", "12 of them in hospital", "of whom 310 ...".
_PART_BEFORE = re.compile(r"\b(?:of|among(?:st)?)\s+(?:those|them|these|whom|which)(?:\s+[a-z]+){0,2}\s*,?\s*$",
                          re.IGNORECASE)
_PART_AFTER = re.compile(r"^\s*(?:[a-z]+\s+)?(?:of|among(?:st)?)\s+(?:those|them|these|whom|which)\b", re.IGNORECASE)


def _part_of_group(text: str, q: Quantity) -> bool:
    return bool(_PART_BEFORE.search(text[max(0, q.start - 80):q.start]) or _PART_AFTER.match(text[q.end:q.end + 30]))


# A level told as reached by a change: "rose to 312", "was widened to 5 km", "cut its forecast
# to 2%" ("up to 5 billion" is a ceiling, not a rise).
_REACHED_UP = re.compile(r"\b(?:rose|risen|rises|rising|raised|raises|raising|increased|increases|grew|grown|"
                         r"climbed|jumped|widened|extended|expanded|lifted|hiked|boosted|doubled|tripled)\b"
                         r"(?:\s+[\w'\u2019-]+){0,6}?\s+to\s+(?:the\s+)?$", re.IGNORECASE)
_REACHED_DOWN = re.compile(r"\b(?:fell|fallen|falls|falling|cut|cuts|reduced|reduces|lowered|narrowed|dropped|"
                           r"declined|shrank|shrunk|slashed|trimmed|halved|down)\b"
                           r"(?:\s+[\w'\u2019-]+){0,6}?\s+to\s+(?:the\s+)?$", re.IGNORECASE)


def reached_by_change(text: str, q: Quantity) -> int:
    """+1 when ``text`` tells figure ``q`` as the level a rise reached ("rose to 312"), -1 for
    a fall ("cut to 22"), else 0."""
    before = re.split(r"[,;:.()]", text[max(0, q.start - 80):q.start])[-1]
    return 1 if _REACHED_UP.search(before) else -1 if _REACHED_DOWN.search(before) else 0


def _from_side(eq: Quantity, cq: Quantity, reached: int) -> bool:
    """The sentence's figure lies on the side the claim's level was reached from: below a
    rise's level, above a fall's - it may be the level before the change."""
    return _smaller(eq, cq) if reached > 0 else _smaller(cq, eq)


_TIME_ORDER = tuple(TIME_UNITS)  # smallest first


def _in_duration_of(cq: Quantity, eq: Quantity) -> Quantity:
    """``eq`` counted in ``cq``'s noun of time when the two are lengths of time in neighbouring
    units that convert exactly (``TIME_UNITS``: "30 months" as 2.5 years for a claim in years,
    "an hour and a half" as 90 minutes; a month in weeks or days is not exact), else ``eq``
    itself. Units further apart count other things: "two weeks' notice" of "a 48-hour strike"."""
    if cq.unit or eq.unit or not cq.noun or not eq.noun:
        return eq
    c, e = _noun_key(cq.noun), _noun_key(eq.noun)
    if c not in TIME_UNITS or e not in TIME_UNITS or (c in CALENDAR_UNITS) != (e in CALENDAR_UNITS) \
            or abs(_TIME_ORDER.index(c) - _TIME_ORDER.index(e)) != 1:
        return eq
    factor = TIME_UNITS[e] / TIME_UNITS[c]
    return eq.model_copy(update={"value": eq.value * factor, "noun": cq.noun, "precision": eq.precision * factor})


def _duration_note(eq: Quantity, ev_quantities: list[Quantity]) -> str:
    """" (30 months = 2.5 years)" when ``eq`` is a sentence's length of time counted in the
    claim's noun of time (``_in_duration_of``); "" otherwise."""
    said = next((q for q in ev_quantities if q.start == eq.start and q.end == eq.end), None)
    if said is None or said.noun == eq.noun:
        return ""
    return f" ({said.value:g} {said.noun}s = {eq.value:.3g} {eq.noun}s)"


def _smaller(eq: Quantity, cq: Quantity) -> bool:
    """The evidence's figure is below the claim's, in their base unit."""
    return to_base(eq.unit, eq.value) < to_base(cq.unit, cq.value)


def _made_precise(approx: Quantity, exact: Quantity, tolerance: float) -> bool:
    """An exact figure of the sentence says precisely what its rounded one does: it lies in the
    window outside which the rounded figure would be contradicted."""
    lo, hi = base_interval(approx, tolerance, claim_side=True, confirm=False)
    return lo <= to_base(exact.unit, exact.value) <= hi


def _clause_words(text: str, q: Quantity, others: list[Quantity]) -> frozenset[str]:
    """Content words of ``q``'s part of the text: what follows it up to the next figure when that
    says what it is for ("850 million euros for the hospitals, and ..."), else also what comes
    before it back to the previous figure ("..., and the Tarsen side 94")."""
    lo = max((o.end for o in others if o is not q and o.end <= q.start), default=0)
    hi = min((o.start for o in others if o is not q and o.start >= q.end), default=len(text))
    after = text[q.end:hi]
    if re.match(r"\s*(?:for|to|in|on|of)\b", after):
        return content_words(after)
    return content_words(text[lo:q.start] + " " + after)


def _worded_alike(cq: Quantity, eq: Quantity, claim_text: str, ev_text: str, claim_qs: list[Quantity],
                  ev_qs: list[Quantity], cfg: ScoringConfig) -> bool:
    """Two figures in one unit that name no counted thing on at least one side, told in the same
    words: "shares in Lomax fell more than 10%" and "Lomax shares closed down 8.7%", "the IMF
    agreement is worth about $1.3 billion" and "the IMF reaches an agreement on $1,500 million
    in financing". A bare amount says nothing of what it measures (``comparable``); the words of
    its clause do (``cfg.figure_words_min_overlap`` of the claim's)."""
    if not (claim_text and cfg.figure_words_min_overlap and cq.unit and cq.unit == eq.unit) or \
            cq.unit == "tally" or (cq.noun and eq.noun) or cq.measure or eq.measure:
        return False
    # the figure's own words ("billion", "US") say how it is written, not what it is about
    mine = _words(_segment(claim_text, cq, claim_qs)) - _words(cq.text)
    theirs = _words(_segment(ev_text, eq, ev_qs)) - _words(eq.text)
    return bool(mine) and len(mine & theirs) >= cfg.figure_words_min_overlap * len(mine)


def _words(text: str) -> frozenset[str]:
    """Content words without figures or years: what a part of a sentence is about."""
    return frozenset(w for w in content_words(text) if not any(ch.isdigit() for ch in w))


# Where one figure's part of a sentence ends: "X took 34%, ahead of Y on 29% and Z on 12%".
_SEGMENT = re.compile(rf"[,;:]|\b(?:and|but|while|whereas|ahead\s+of|behind|{COMPARISON_WORDS}|against)\b",
                      re.IGNORECASE)


def _segment(text: str, q: Quantity, qs: list[Quantity]) -> str:
    """The part of ``text`` that tells of figure ``q``: from the first boundary (``_SEGMENT``)
    after the figure before it (a list of names, "the Netherlands and Norway", stays whole) to
    the first boundary after ``q``."""
    prev = max((o.end for o in qs if o.end <= q.start), default=0)
    lo = next((m.end() for m in _SEGMENT.finditer(text, prev, q.start)), prev) if prev else 0
    hi = next((m.start() for m in _SEGMENT.finditer(text, q.end)), len(text))
    return text[lo:hi]


_HOLDER_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PROPN"}


def _held_by_another(cq: Quantity, eq: Quantity, claim: ClaimView, ev: EvidenceView, claim_qs: list[Quantity],
                     ev_qs: list[Quantity], tolerance: float) -> tuple[str, str] | None:
    """The sentence gives the claim's figure to another name: "Feldany's economy grew 2.1%"
    against "Ardmoor's economy expanded 2.1%, while Feldany grew 1.4%". The claim's part names
    a holder, the agreeing figure's part names only another, and the claim's holder has a figure
    of its own in the sentence: CONTRADICT when that figure is not the claim's, else ABSTAIN.
    None when the sentence does not say so."""
    mine, others = _holders(cq, eq, claim, ev, claim_qs, ev_qs)
    if not others:
        return None
    own = [q for q in ev_qs if q is not eq and q.unit == eq.unit
           and (q.noun in (eq.noun, "") or any(fold(e.text) == q.noun for e in mine))  # "22% in Westmarch"
           and any(mentions(_segment(ev.text, q, ev_qs), e) for e in mine)]
    if not own:
        return None
    outcomes = [compare_quantity(cq, q, tolerance) for q in own]
    if SUPPORT in outcomes:  # the claim's holder's own figure agrees too
        return None
    if all(o == CONTRADICT for o in outcomes):
        return CONTRADICT, (f"'{eq.text}' is {_possessive(others[0].text)}; "
                            f"{_possessive(mine[0].text)} is '{own[0].text}'")
    return ABSTAIN, ""


# A name that heads a line of key figures, or a part of one, gives it the figures that follow:
# "URW: 89.1% for strikes on a 64.2% turnout. ALD: 96.3% on an 81.5% turnout", "Eastbury: up 4.1%;
# Northfield: up 2.3%" (not a measure's label: "Trains cancelled: 13,650").
_LABEL = re.compile(r"(?:^|(?<=[;\n]))[ \t]*(?:[-*•][ \t]*)?(?:\*\*)?"
                    r"(?P<name>[A-Z][\w'’&.-]*(?:[ \t]+[A-Z][\w'’&.-]*){0,4})(?:\*\*)?:[ \t]")
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def _labelled_for_another(cq: Quantity, eq: Quantity, claim: ClaimView, ev: EvidenceView) -> tuple[str, str] | None:
    """The sentence's figure follows another name's label ("URW: ... a 64.2% turnout") and the
    claim gives it to a holder of its own ("turnout in the STSU's ballot was 64.2 percent"): the
    agreeing figure is the labelled name's, no confirmation (ABSTAIN). None when the figure has no
    label, the label is no name (an acronym or a name the parser found), or the claim names it."""
    m = next(reversed(list(_LABEL.finditer(ev.text, 0, eq.start))), None)
    if m is None or re.search(r"[;\n]", ev.text[m.end():eq.start]):
        return None
    label = m.group("name")
    named = _ACRONYM.fullmatch(label) or any(fold(e.text) == fold(label) for e in ev.facts.entities
                                             if e.label in _HOLDER_LABELS)
    if not named or mentions(claim.text, Entity(text=label, label="ORG")):
        return None
    # (a capitalised first word is a name only as a possessive: "Northfield's", not "Turnout")
    holders = [e for e in claim.facts.entities if e.label in _HOLDER_LABELS and (
        not claim.text.startswith(e.text) or " " in e.text or claim.text[len(e.text):].startswith(("'s", "’s")))] + \
        [Entity(text=a, label="ORG") for a in _ACRONYM.findall(claim.text)]
    if not holders:
        return None
    return ABSTAIN, f"'{eq.text}' is {_possessive(label)}, not {_possessive(holders[0].text)}"


def _given_to_another(cq: Quantity, eq: Quantity, claim: ClaimView, ev: EvidenceView, claim_qs: list[Quantity],
                      ev_qs: list[Quantity]) -> bool:
    """The sentence speaks of the claim's holder but gives this figure to another name: "the
    rival 44.00-drals offer from Hollisk" and "Varnholt withdrew its 42.50 offer" say nothing
    against "Hollisk's offer of 44 drals" with the 42.50."""
    mine, others = _holders(cq, eq, claim, ev, claim_qs, ev_qs)
    return any(mentions(ev.text, m) for m in mine) and any(not _after_preposition(ev.text, e.text) for e in others)


def _holders(cq: Quantity, eq: Quantity, claim: ClaimView, ev: EvidenceView, claim_qs: list[Quantity],
             ev_qs: list[Quantity]) -> tuple[list[Entity], list[Entity]]:
    """(the names the claim's part gives ``cq`` to, the other names the sentence's part gives
    ``eq`` to); both empty when the claim's part names no holder or ``eq``'s part names the
    claim's."""
    mine = [e for e in claim.facts.entities
            if e.label in _HOLDER_LABELS and mentions(_segment(claim.text, cq, claim_qs), e)]
    theirs_part = _segment(ev.text, eq, ev_qs)
    if not mine or any(mentions(theirs_part, e) for e in mine):
        return [], []
    return mine, [e for e in ev.facts.entities if e.label in _HOLDER_LABELS and mentions(theirs_part, e)
                  and not any(mentions(e.text, m) or mentions(m.text, e) for m in mine)]


_PREPOSITION_BEFORE = re.compile(r"\b(?:after|than|from|like|including|with|by|to|of|at|in|behind|over|against)"
                                 r"(?:\s+[A-Z][\w'’.-]*|\s+(?:and|or|the)|\s*,)*\s*$")


def _after_preposition(text: str, name: str) -> bool:
    """Whether a name is the object of a preposition, in a list too ("the third largest city
    after Madrid and Barcelona, with 800,000 inhabitants"): no holder of a figure."""
    at = text.find(name)
    return at >= 0 and bool(_PREPOSITION_BEFORE.search(text, max(0, at - 60), at))


def _accounted_for(eq: Quantity, cq: Quantity, claim_qs: list[Quantity], ev_qs: list[Quantity]) -> bool:
    """The sentence's figure is another of the claim's figures ("two of its nine directors"
    against "its nine directors voted seven to two"): it is no figure for ``cq``. Each of the
    claim's exact figures stands for one of the sentence's, so a value the sentence gives twice
    and the claim once still counts against ``cq``."""
    def same(a: Quantity, b: Quantity) -> bool:
        return a.bound is b.bound is Bound.EXACT and comparable(a, b) and a.value == b.value

    mine = sum(1 for o in claim_qs if o is not cq and o.value != cq.value and same(o, eq))
    return mine > 0 and mine >= sum(1 for e in ev_qs if same(e, eq))


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def _swapped_with(cq: Quantity, eq: Quantity, claim_qs: list[Quantity], claim_text: str,
                  ev_qs: list[Quantity], ev_text: str) -> Quantity | None:
    """The claim's other figure whose own words the evidence gives the matched figure: "350
    million euros for hospitals and 850 million euros for nurses' pay" vs "A further 350 million
    euros will go to higher pay for nurses" - parts swapped. None when the words do not say so."""
    if not claim_text or not ev_text:
        return None
    ev_words = _clause_words(ev_text, eq, ev_qs)
    mine = _clause_words(claim_text, cq, claim_qs)
    for other in claim_qs:
        if other is cq or other.unit != cq.unit or other.value == cq.value:
            continue
        theirs = _clause_words(claim_text, other, claim_qs)
        if len(ev_words & (theirs - mine)) >= 2 and not ev_words & (mine - theirs):
            return other
    return None


_TOTAL = re.compile(r"\b(?:together|combined|altogether|in total|a total of|between them|in all)\b", re.IGNORECASE)
# A sentence that gives a total itself ("for a total gross of $158.7 million")
_TOTAL_WORD = re.compile(rf"{_TOTAL.pattern}|\btotal(?:s|led|ed|ling|ing)?\b", re.IGNORECASE)


def _parts_of(cq: Quantity, figures: list[Quantity], tolerance: float, most: int = 10) -> list[Quantity]:
    """Two or more of the evidence ``figures`` (at most ``most`` looked at) that add up to the
    claim's figure, smallest set first; none when no such set exists."""
    figures = figures[:most]
    for size in range(2, len(figures) + 1):
        for combo in combinations(figures, size):
            total = combo[0].model_copy(update={"value": sum(q.value for q in combo)})
            if compare_quantity(cq, total, tolerance) == SUPPORT:
                return list(combo)
    return []
