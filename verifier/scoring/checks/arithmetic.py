"""Arithmetic over the evidence: the figure a source implies without writing it.

A claim may restate what its source computes: a change between two figures of one measure
("rose from 3.2% to 3.5%" is a rise of 0.3 points, or of 9.4%; "from $2bn to $4bn" doubled),
the rest of a total ("1,200 passengers, 800 of them rescued": 400 others), a share ("300 of its
1,200 staff": a quarter), an average ("1,500 in five days": 300 a day), a tally's margin, or the
time elapsed between two dates or since a year ("the first since 1979": more than 40 years).
``derive`` computes these from the figures of the evidence sentence and the sentence before it,
each only when the claim's own words ask for it (a change word, "the rest", "average", a time
span), so that two unrelated figures do not confirm a claim by accident; the quantity check
compares the results with the claim's figure like any other figure.

Every result carries the arithmetic for the rationale ("3.5% - 3.2% = 0.3 points") and whether
it is *clear* - the source itself says it is a change between the two ("from A to B", "B, up
from A"; "A of its B"): only a clear result may contradict a claim; any other only confirms.
It also names its *anchor*, the last of the sentence's figures it was computed from: the stance
model reads a confirmed result written there, as the claim writes it ("from 4 million (20%)"),
because a cross-encoder does not do the sum.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import combinations

from verifier.claims.units import from_base, same_dimension, to_base, unit_label
from verifier.scoring.checks.common import TIMELINE_ITEM, is_dateline
from verifier.text import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from verifier.types import Bound, DateRef, Quantity

# Words that make a figure a change of something, by direction (+1 up, -1 down).
_UP = ("rose|rise|rises|risen|rising|increased|increase|increases|increasing|grew|grow|grows|growing|"
       "jumped|jump|jumps|climbed|climb|climbs|soared|soar|surged|surge|up|raised|raise|raises|hiked|hike|"
       "widened|gained|added|higher|more|expanded|boosted|rebounded|advanced")
_DOWN = ("fell|fall|falls|fallen|falling|dropped|drop|drops|declined|decline|declines|decreased|decrease|"
         "decreases|slipped|slip|slid|plunged|plunge|slumped|slump|sank|down|cut|cuts|lowered|lower|reduced|"
         "reduce|shrank|shrunk|narrowed|lost|fewer|less|eased|tumbled|contracted|dipped")
_CHANGE_NOUNS = (r"rise|increase|jump|gain|hike|growth|surge|climb|drop|fall|decline|cut|decrease|reduction|"
                 r"slump|loss|dip|contraction|reduction")
_UP_NOUNS = {"rise", "increase", "jump", "gain", "hike", "growth", "surge", "climb"}
_QUAL = r"(?:(?:just|some|about|around|nearly|almost|roughly|more than|over|less than|under|a further|another)\s+)?"
_BY = re.compile(rf"\b(?P<verb>{_UP}|{_DOWN})\b(?:\s+[\w'\u2019-]+){{0,5}}?\s+by\s+{_QUAL}$", re.IGNORECASE)
_VERB_BEFORE = re.compile(
    rf"\b(?P<verb>rose|risen|rises|grew|grown|jumped|climbed|soared|surged|up|fell|fallen|falls|dropped|declined|"
    rf"decreased|increased|slipped|slid|plunged|slumped|sank|down|shrank|tumbled|dipped|eased|gained|lost|"
    rf"advanced|rebounded)\s+{_QUAL}$", re.IGNORECASE)
_NOUN_OF = re.compile(rf"\b(?:a|an|the|its|their)\s+(?:\w+\s+)?(?P<noun>{_CHANGE_NOUNS})\s+of\s+{_QUAL}$",
                      re.IGNORECASE)
_NOUN_AFTER = re.compile(rf"^[\s-]*(?:(?:percentage|basis)?[\s-]*points?[\s-]+)?(?P<noun>{_CHANGE_NOUNS})\b",
                         re.IGNORECASE)
# "300 more", "4.50 euros a share higher", "$2 an hour less", "121 million short of the cost" (a
# unit and what it is per may come between)
_COMPARATIVE_AFTER = re.compile(r"^\s+(?:\w+\s+)?(?:(?:a|an|per|each)\s+\w+\s+)?"
                                r"(?P<word>(?:more|fewer|higher|lower|less|up|down)\b(?!\s+(?:of|to)\b)|"
                                r"short(?=\s+of\b))", re.IGNORECASE)


_CHANGE_WORD = re.compile(rf"\b(?:{_UP}|{_DOWN}|{_CHANGE_NOUNS})\b", re.IGNORECASE)


def tells_change(text: str) -> bool:
    """Whether ``text`` speaks of a change ("rose", "a cut", "fewer"): then "from 4 million" is the
    level it changed from."""
    return bool(_CHANGE_WORD.search(text))


def change_direction(text: str, q: Quantity) -> int | None:
    """Whether ``q`` is a change in ``text`` - "rose by 0.3 points", "fell 5%", "a cut of 50
    basis points", "a 20% rise", "300 more than last year", "doubled" - and its direction: +1
    up, -1 down, 0 unsaid; None for a level ("rose to 3.5%", "cut 300 jobs")."""
    if q.unit == "times":
        return -1 if q.value < 1 else 1
    before, after = text[max(0, q.start - 80):q.start], text[q.end:q.end + 40]
    if q.text.lower().startswith("by "):  # "fell by a third"
        before = before + q.text[:3]
    for pattern in (_BY, _VERB_BEFORE):
        m = pattern.search(before)
        if m and not _PARTICLE_OF.search(before, 0, m.start("verb")):
            return _direction(m.group("verb"))
    m = _NOUN_OF.search(before) or _NOUN_AFTER.match(after)
    if m:
        return 1 if m.group("noun").lower() in _UP_NOUNS else -1
    m = _COMPARATIVE_AFTER.match(after)
    if m:
        return _direction(m.group("word"))
    return None


# Verbs whose "up" or "down" is part of the verb, not a movement of the figure: "the engine
# shut down two minutes early", "she stepped down 10 days later", "women made up 40% of staff"
# ("shares closed down 6.2%" is a fall: there the verb is "close").
_PARTICLE_OF = re.compile(
    r"\b(?:shut(?:s|ting)?|step(?:s|ped|ping)?|st(?:and|ands|ood|anding)|"
    r"br(?:eak|eaks|oke|oken|eaking)|turn(?:s|ed|ing)?|back(?:s|ed|ing)?|sit(?:s|ting)?|sat|"
    r"ma(?:de|ke|kes|king)|set(?:s|ting)?|sign(?:s|ed|ing)?|show(?:s|ed|n|ing)?|t(?:ake|akes|ook|aken|aking)|"
    r"g(?:ive|ives|ave|iven|iving)|sum(?:s|med|ming)?|add(?:s|ed|ing)?|open(?:s|ed|ing)?|line(?:s|d)?|"
    r"hand(?:s|ed|ing)?|h(?:old|olds|eld)|settl(?:e|es|ed|ing)|track(?:s|ed|ing)?)\s*$",
    re.IGNORECASE)


def _direction(word: str) -> int:
    return 1 if re.fullmatch(_UP, word.lower()) else -1


@dataclass(frozen=True)
class Figure:
    """An evidence figure with the text it was parsed from and that text's place: 0 for the
    sentence before the evidence sentence, 1 for the evidence sentence."""

    q: Quantity
    text: str
    place: int = 1


def _anchor(*figures: Figure) -> str:
    """The text of the last of ``figures`` in the evidence sentence itself ("" if none is)."""
    own = [f for f in figures if f.place == 1]
    return max(own, key=lambda f: f.q.end).q.text if own else ""


@dataclass(frozen=True)
class Derived:
    """A figure computed from the evidence's figures: the quantity (value, unit, noun) to
    compare with the claim's, the arithmetic for the rationale, and whether the source makes
    it plain (only then may it contradict). The value is rounded to 12 significant digits:
    3.5 - 3.2 is 0.3, not 0.30000000000000027."""

    q: Quantity
    note: str
    clear: bool = False
    anchor: str = ""  # the sentence's own text of the last figure it was computed from ("" if none)

    def __post_init__(self) -> None:
        object.__setattr__(self, "q", self.q.model_copy(update={"value": float(f"{self.q.value:.12g}")}))


def fmt(value: float, unit: str = "") -> str:
    """A figure as a note writes it: "3.2%", "0.3 points", "1.3 billion USD", "1,500"."""
    scale = next(((n, w) for n, w in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")) if abs(value) >= n), None)
    if scale is not None:
        text = f"{value / scale[0]:.4g} {scale[1]}"
    elif float(value).is_integer():
        text = f"{int(value):,}"
    else:
        text = f"{value:.3g}" if abs(value) < 100 else f"{value:,.1f}"
    if unit == "percent":
        return text + "%"
    return f"{text} {unit_label(unit)}".strip()


# Nouns that date a figure rather than say what it counts ("5.8% in August"): two figures of
# one measure at two times are alike.
_TIME_NOUNS = {*MONTHS, *WEEKDAYS, "year", "month", "week", "quarter", "day"}


def _counted(noun: str) -> str:
    return "" if noun in _TIME_NOUNS else noun


def _noun_of(a: Quantity, b: Quantity) -> tuple[str, str]:
    return _counted(a.noun) or _counted(b.noun), a.measure or b.measure


def _alike(a: Quantity, b: Quantity) -> bool:
    """Two evidence figures of one measure: one dimension, the same counted noun (or none on
    either: "$4bn, up from $2bn"; a month is no counted noun) and no measure that differs."""
    if a.unit in _NO_ARITHMETIC or b.unit in _NO_ARITHMETIC or not same_dimension(a.unit, b.unit):
        return False
    if a.bound is not Bound.EXACT or b.bound is not Bound.EXACT:
        return False
    return _counted(a.noun).rstrip("s") == _counted(b.noun).rstrip("s") and _same_word(a.measure, b.measure)


def _same_word(x: str, y: str) -> bool:
    return not x or not y or x.rstrip("s") == y.rstrip("s")


_NO_ARITHMETIC = {"tally", "rank", "ordinal", "magnitude", "times"}


_WHEN = r"(?:\s+(?:in|on|at|during|by|for)\s+(?:the\s+)?[^,;.()]{1,25}?)?"
_FROM_TO = re.compile(rf"{_WHEN},?\s+to\s+", re.IGNORECASE)
_TO_FROM = re.compile(rf"{_WHEN}[\s,;(]*(?:(?:up|down|rising|falling)\s+)?(?:from|compared\s+(?:with|to)|against|versus|"
                      rf"vs\.?)\s+", re.IGNORECASE)
_DATED = re.compile(r"\s+(?:in|on|at|during|by|for)\s+(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
                    r"(?:(?P<m>(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?)(?:\s+(?P<y>(?:19|20)\d\d))?"
                    r"|(?P<y2>(?:19|20)\d\d))\b", re.IGNORECASE)


def _when(f: Figure) -> tuple[int, int] | None:
    """(year or 0, month or 0) of the month or year written right after a figure ("5.8% in
    August", "$2bn in 2021"), None without one."""
    m = _DATED.match(f.text, f.q.end)
    if m is None:
        return None
    month = MONTH_ABBREVIATIONS.index(m.group("m")[:3].lower()) + 1 if m.group("m") else 0
    return int(m.group("y") or m.group("y2") or 0), month


def _order(a: Figure, b: Figure) -> tuple[Figure, Figure, bool]:
    """(earlier, later, clear) of two figures: "from A (in May) to B", "B (in June), up from A"
    and the months or years written after them ("5.4% in September ... 5.8% in August") say
    which is which; otherwise the order of the text is taken, unclear."""
    if _from_to(a, b):
        return a, b, True
    if a.text is b.text and _TO_FROM.fullmatch(a.text[a.q.end:b.q.start]):
        return b, a, True
    wa, wb = _when(a), _when(b)
    if wa is not None and wb is not None:
        if not (wa[0] and wb[0]):  # "in September 2026" and "in August": the months decide
            wa, wb = (0, wa[1]), (0, wb[1])
        if wa != wb and (wa[0] or (wa[1] and wb[1])):
            return (a, b, True) if wa < wb else (b, a, True)
    return a, b, False


def in_unit(q: Quantity, unit: str) -> float:
    """``q``'s value written in ``unit`` (of the same dimension)."""
    return from_base(unit, to_base(q.unit, q.value))


_FROM_TO_LONG = re.compile(r"(?:\s+of\s+[^,;.()]{1,40}?)?,?\s+to\s+", re.IGNORECASE)


def _from_to(first: Figure, second: Figure) -> bool:
    """"from A to B", written as one phrase ("from 10% of patients on placebo to 7%")."""
    between = first.text[first.q.end:second.q.start]
    return first.text is second.text and bool(_FROM_TO.fullmatch(between) or _FROM_TO_LONG.fullmatch(between)) and \
        bool(re.search(r"\bfrom\s+$", first.text[max(0, first.q.start - 10):first.q.start], re.IGNORECASE))


def changes(figures: list[Figure]) -> list[tuple[Figure, Figure, bool]]:
    """(earlier, later, clear) pairs of level figures of one measure. Among three or more such
    levels ("38% and 35%, compared with 40% and 34%": two parties, two dates) which pairs with
    which is not plain, so only a "from A to B" is taken (a change, "a 30% cut", is no level)."""
    levels = [f for f in figures if change_direction(f.text, f.q) is None]
    out = []
    for a, b in combinations(levels, 2):
        if a.q.value == b.q.value:
            continue
        first, second = sorted((a, b), key=lambda f: (f.place, f.q.start))
        phrase = _from_to(first, second)  # "from 10% of patients ... to 7% of those ...": one measure
        if not (_alike(a.q, b.q) or (phrase and _alike(a.q, b.q.model_copy(update={"noun": a.q.noun})))):
            continue
        if sum(1 for f in levels if _alike(f.q, a.q)) > 2 and not phrase:
            continue
        out.append(_order(first, second))
    return out


def derive_change(cq: Quantity, direction: int, figures: list[Figure]) -> list[Derived]:
    """What the claim's change figure may be computed as: the difference in points or in the
    figures' unit, the change in percent, or the multiple, of two level figures."""
    out = []
    for old, new, clear in changes(figures):
        if old.q.value == 0:
            continue
        unit = old.q.unit
        diff = in_unit(new.q, unit) - old.q.value
        if direction and (diff > 0) != (direction > 0) and cq.unit != "times":
            continue  # the claim says it rose; these fell
        noun, measure = _noun_of(old.q, new.q)
        shown, anchor = f"{fmt(new.q.value, new.q.unit)} - {fmt(old.q.value, unit)}", _anchor(old, new)
        if unit == "percent":
            out.append(Derived(Quantity(value=abs(diff), unit="percentage_points", noun=noun, measure=measure,
                                        text=shown), f"{shown} = {fmt(abs(diff), 'percentage_points')}", clear, anchor))
        elif unit not in ("percentage_points", "points", "basis_points"):
            out.append(Derived(Quantity(value=abs(diff), unit=unit, noun=noun, measure=measure, text=shown),
                               f"{shown} = {fmt(abs(diff), unit)}", clear, anchor))
        rel = 100 * abs(diff) / abs(old.q.value)
        out.append(Derived(Quantity(value=rel, unit="percent", noun=noun, measure=measure, text=shown),
                           f"({shown}) / {fmt(old.q.value, unit)} = {fmt(rel, 'percent')}", clear, anchor))
        ratio = in_unit(new.q, unit) / old.q.value
        out.append(Derived(Quantity(value=ratio, unit="times", noun=noun, measure=measure, text=shown),
                           f"{fmt(new.q.value, new.q.unit)} / {fmt(old.q.value, unit)} = {ratio:.3g} times", clear,
                           anchor))
    for f in figures:  # "doubled" is a rise of 100%; "fell by half" a multiple of 0.5
        if f.q.unit == "times" and f.q.bound is Bound.EXACT:
            pct = 100 * abs(f.q.value - 1)
            out.append(Derived(Quantity(value=pct, unit="percent", noun=f.q.noun, text=f.q.text),
                               f"'{f.q.text}' = {fmt(pct, 'percent')}", anchor=_anchor(f)))
        elif f.q.unit == "percent" and f.q.bound is Bound.EXACT and change_direction(f.text, f.q) is not None:
            d = change_direction(f.text, f.q) or 1
            times = 1 + d * f.q.value / 100
            out.append(Derived(Quantity(value=times, unit="times", noun=f.q.noun, text=f.q.text),
                               f"'{f.q.text}' = {times:.3g} times", anchor=_anchor(f)))
    return [d for d in out if same_dimension(d.q.unit, cq.unit)]


def derive_rest(figures: list[Figure]) -> list[Derived]:
    """"The rest": a total less one part of it, of one measure."""
    out = []
    for a, b in combinations(figures, 2):
        if _alike(a.q, b.q) and a.q.value != b.q.value:
            total, part = (a, b) if a.q.value > b.q.value else (b, a)
            value = total.q.value - in_unit(part.q, total.q.unit)
            noun, measure = _noun_of(total.q, part.q)
            shown = f"{fmt(total.q.value, total.q.unit)} - {fmt(part.q.value, part.q.unit)}"
            out.append(Derived(Quantity(value=value, unit=total.q.unit, noun=noun, measure=measure, text=shown),
                               f"{shown} = {fmt(value, total.q.unit)}", anchor=_anchor(total, part)))
    return out


_PART_OF = re.compile(r"\s+(?:[a-z]+\s+)?(?:out\s+)?of\s+(?:the\s+|its\s+|their\s+|his\s+|her\s+|all\s+)?"
                      r"(?:(?:roughly|about|around|some|nearly|almost)\s+)?", re.IGNORECASE)
_SHARE_BOUNDS = (Bound.EXACT, Bound.APPROX)


def derive_share(cq: Quantity, figures: list[Figure]) -> list[Derived]:
    """A share in percent: a part over its whole - "300 of its 1,200 staff" is 25%, "3.8 billion
    marks of the 5 billion facility" 76% (clear, when both are exact) - or a smaller figure over
    a larger one of one measure, or over one that counts what the claim's share is of ("1.5% of
    its turnover": the turnover) (unclear)."""
    out = []
    for a, b in combinations(figures, 2):
        if a.q.unit != b.q.unit or a.q.unit in _NO_ARITHMETIC | {"percent"} or a.q.value == b.q.value \
                or a.q.bound not in _SHARE_BOUNDS or b.q.bound not in _SHARE_BOUNDS or not a.q.value or not b.q.value:
            continue
        part, whole = (a, b) if a.q.value < b.q.value else (b, a)
        plain = part.text is whole.text and part.q.end <= whole.q.start and \
            bool(_PART_OF.fullmatch(part.text[part.q.end:whole.q.start]))
        clear = plain and part.q.bound is Bound.EXACT and whole.q.bound is Bound.EXACT
        if not plain and not _alike(a.q, b.q) and not (cq.noun and _same_word(cq.noun, whole.q.noun)):
            continue
        value = 100 * part.q.value / whole.q.value
        shown = f"{fmt(part.q.value, part.q.unit)} / {fmt(whole.q.value, whole.q.unit)}"
        out.append(Derived(Quantity(value=value, unit="percent", noun=whole.q.noun or part.q.noun, text=shown),
                           f"{shown} = {fmt(value, 'percent')}", clear, _anchor(part, whole)))
    return out


_PER = {"day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25, "hour": 1 / 24}
_PER_RE = re.compile(r"\b(?:a|per|each|every)\s+(?P<unit>day|week|month|year|hour)\b|\b(?P<adj>daily|weekly|monthly|"
                     r"annually|yearly|hourly)\b", re.IGNORECASE)
_ADJ = {"daily": "day", "weekly": "week", "monthly": "month", "annually": "year", "yearly": "year", "hourly": "hour"}


def derive_average(claim_text: str, figures: list[Figure]) -> list[Derived]:
    """An average: a total over a span the evidence counts ("1,500 in five days" is 300 a day,
    for a claim "per day") or the mean of several figures of one measure."""
    out = []
    m = _PER_RE.search(claim_text)
    per = (m.group("unit") or _ADJ[m.group("adj").lower()]).lower() if m else ""
    spans = [f for f in figures if f.q.unit == "" and f.q.noun.rstrip("s") in _PER and f.q.value > 0]
    for span in spans if per else []:
        days = span.q.value * _PER[span.q.noun.rstrip("s")]
        for f in figures:
            if f is span or f.q.unit in _NO_ARITHMETIC or f.q.bound is not Bound.EXACT or f.q.noun.rstrip("s") in _PER:
                continue
            value = f.q.value / (days / _PER[per])
            shown = f"{fmt(f.q.value, f.q.unit)} / {fmt(span.q.value)} {span.q.noun.rstrip('s')}s"
            out.append(Derived(Quantity(value=value, unit=f.q.unit, noun=f.q.noun, measure=f.q.measure, text=shown),
                               f"{shown} = {fmt(value, f.q.unit)} a {per}", anchor=_anchor(f, span)))
    if re.search(r"\b(?:average|mean)\b", claim_text, re.IGNORECASE):
        groups: list[list[Figure]] = []
        for f in figures:
            group = next((g for g in groups if _alike(g[0].q, f.q)), None)
            if group is None:
                groups.append([f])
            else:
                group.append(f)
        for g in groups:
            if len(g) >= 2:
                unit = g[0].q.unit
                value = sum(in_unit(f.q, unit) for f in g) / len(g)
                shown = " + ".join(fmt(f.q.value, f.q.unit) for f in g)
                noun, measure = _noun_of(g[0].q, g[-1].q)
                out.append(Derived(Quantity(value=value, unit=unit, noun=noun, measure=measure, text=shown),
                                   f"({shown}) / {len(g)} = {fmt(value, unit)}", anchor=_anchor(*g)))
    return out


_MARGIN = re.compile(r"(?:\b(?:majority|margin|lead)\s+of\s+|\b(?:won|passed|lost|carried|defeated|beaten|rejected|"
                     r"approved)\s+(?:\w+\s+){0,2}by\s+)$", re.IGNORECASE)


def margin_asked(claim_text: str, cq: Quantity) -> bool:
    """The claim's figure is a margin: "won by three votes", "a majority of 4"."""
    return bool(_MARGIN.search(claim_text[max(0, cq.start - 40):cq.start]))


def derive_margin(figures: list[Figure]) -> list[Derived]:
    """A tally's margin: 4 from "by 52 votes to 48"."""
    out = []
    for f in figures:
        if f.q.unit == "tally" and f.q.against is not None:
            value = abs(f.q.value - f.q.against)
            shown = f"{fmt(max(f.q.value, f.q.against))} - {fmt(min(f.q.value, f.q.against))}"
            out.append(Derived(Quantity(value=value, text=f.q.text), f"{shown} = {fmt(value)}", True, _anchor(f)))
    return out


# --------------------------------------------------------------------------- time elapsed

_DAYS = {"day": 1.0, "week": 7.0, "fortnight": 14.0, "month": 30.4375, "year": 365.25, "decade": 3652.5,
         "century": 36525.0}
_SPAN_AFTER = re.compile(r"[\s-]*(?P<unit>days?|weeks?|fortnights?|months?|years?|decades?|century|centuries)\b"
                         r"(?![\s-]*old\b)", re.IGNORECASE)
_TIME_CUE = re.compile(r"\b(?:after|before|later|earlier|since|ago|in|for|within|first|last|over|past|"
                       r"anniversary|ended|lasted|spent|took)\b", re.IGNORECASE)
_YEAR_WORD = re.compile(r"(?<![\d,.])(?:1[89]|20)\d\d(?![\d,])")


def span_unit(claim_text: str, cq: Quantity) -> str:
    """The unit of time a claim's figure counts ("five weeks after the vote": "week"; "the first
    in more than 40 years": "year"), or "" when it counts something else (an age, "40-year-old")."""
    if cq.unit:
        return ""
    m = _SPAN_AFTER.match(claim_text, cq.end)
    if not m or not _TIME_CUE.search(claim_text):
        return ""
    word = m.group("unit").lower()
    return "century" if word.startswith("centur") else word.rstrip("s")


def span_text(claim_text: str, cq: Quantity) -> str:
    """A claim's time span as it writes it: "five weeks" of "five weeks after the vote"."""
    m = _SPAN_AFTER.match(claim_text, cq.end)
    return claim_text[cq.start:m.end()] if m else cq.text


Span = tuple[date, date, str]  # first day, last day, as written


def time_spans(dates: list[DateRef], texts: list[str]) -> list[Span]:
    """The resolved dates, plus the years written alone in ``texts`` ("from 2010 to 2022")."""
    spans: list[Span] = []
    for d in dates:
        try:
            spans.append((date.fromisoformat(d.start), date.fromisoformat(d.end), d.text))
        except ValueError:
            continue
    for text in texts:
        for m in _YEAR_WORD.finditer(text):
            y = int(m.group(0))
            if not any(s.year <= y <= e.year for s, e, _ in spans):
                spans.append((date(y, 1, 1), date(y, 12, 31), m.group(0)))
    return spans


_BETWEEN_EVENTS = re.compile(r"\b(?:after|before|later|earlier|between)\b", re.IGNORECASE)


def derive_elapsed(claim_text: str, unit: str, evidence: list[Span], anchors: list[Span]) -> list[Derived]:
    """Time between two of the evidence's dates ("five weeks after the vote": 2 March and
    6 April), or from one of them to an anchor - the claim's own date or the source's ("the
    first since 1979": more than 40 years), in the claim's ``unit``. A span from a date that is
    a whole year counts calendar years (2023 - 1998 = 25 years); otherwise days, as an interval
    when a date is a month or a year. Without "after", "before", "later" in the claim, one end
    must be an anchor ("the first in 40 years" counts back from now); the other end is always
    the evidence's."""
    per = _DAYS[unit]
    anchored = not _BETWEEN_EVENTS.search(claim_text)
    out = []
    for a, b in combinations(evidence + anchors, 2):
        if (anchored and a not in anchors and b not in anchors) or (a in anchors and b in anchors):
            continue  # the claim's own dates never confirm it
        (s1, e1, t1), (s2, e2, t2) = sorted((a, b))
        whole_year = any(s.month == 1 and s.day == 1 and e.month == 12 and e.day == 31 for s, e, _ in (a, b))
        if whole_year and unit in ("year", "decade", "century"):
            value = (s2.year - s1.year) / (per / 365.25)
            q = Quantity(value=value, text=f"{t2} - {t1}")
            note = f"{s2.year} - {s1.year} = {fmt(value)} {unit}s"
        else:
            lo, hi = max(0, (s2 - e1).days) / per, (e2 - s1).days / per
            mid = (lo + hi) / 2
            q = Quantity(value=mid, precision=(hi - lo) / 2, text=f"{t2} - {t1}")
            note = f"{t2} - {t1} = {fmt(round(lo, 1)) + '-' + fmt(round(hi, 1)) if hi - lo >= 0.05 else fmt(round(mid, 2))} {unit}s"
        if q.value > 0:  # anchored on the evidence's date, the later one when both are
            out.append(Derived(q, note, anchor=t2 if (s2, e2, t2) not in anchors else t1))
    return out


_GAP_CUE = re.compile(r"\s+(?P<cue>after|before)\s+(?:the\s+)?", re.IGNORECASE)


@lru_cache(maxsize=4096)  # a retrieved sentence is read for every sentence of its claim
def days_named(text: str, published: str) -> tuple[str, ...]:
    """The single days a sentence names (ISO), resolved against the source's date; not its
    dateline's, the day of the report rather than of what it tells."""
    from verifier.claims.dates import parse_dates

    return tuple(d.start for d in parse_dates(text, published or None)
                 if d.start and d.start == d.end and not is_dateline(text, d))


@lru_cache(maxsize=64)  # a document is read for every claim whose evidence it holds
def dated_sentences(document: str, published: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """A document's sentences with the days each names; a sentence of a timeline's item that
    names none has the item's day."""
    from verifier.text import sentence_spans

    out = []
    item: tuple[str, ...] = ()
    for s, e in _line_spans(document, sentence_spans(document)):
        text = document[s:e]
        days = days_named(text, published)
        line = document.rfind("\n", 0, s) + 1
        if not document[line:s].strip():  # the sentence opens its line
            item = days if TIMELINE_ITEM.match(document, line) and len(set(days)) == 1 else ()
        elif not days:
            days = item
        out.append((text, days))
    return tuple(out)


def _line_spans(document: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sentence spans cut at line ends too (an item that opens with "**12 March**:" follows a
    line's full stop without the capital a new sentence needs)."""
    out = []
    for s, e in spans:
        for m in re.finditer(r"[^\n]+", document[s:e]):
            if m.group().strip():
                out.append((s + m.start(), s + m.end()))
    return out


def dated_elsewhere(sentences: list[tuple[str, str]]) -> list[tuple[str, tuple[str, ...]]]:
    """(text, publication date) of sentences from other documents, with the days each names."""
    return [(t, days_named(t, published[:10])) for t, published in dict.fromkeys(sentences)]


def derive_event_gap(claim_text: str, cq: Quantity, unit: str, sentences: list[tuple[str, tuple[str, ...]]],
                     words: Callable[[str], frozenset[str]]) -> list[Derived]:
    """Time between the two events of "X happened <N units> after/before Y", each found in a
    sentence of the source's document that has most of its words and names one day
    (``sentences``: (text, ISO days it names)): "placed the bank in resolution three days after
    the bank announced its loss" from "5 October: Aldmark announces a loss ..." and "8 October:
    the authority places Aldmark in resolution". ``words`` gives a text's content words."""
    m = _SPAN_AFTER.match(claim_text, cq.end)
    cue = _GAP_CUE.match(claim_text, m.end()) if m else None
    if cue is None:
        return []
    main, ref = words(claim_text[:cq.start]), words(claim_text[cue.end():])
    main, ref = main - ref, ref - main  # what tells the two events apart
    found = []
    for side in (main, ref):
        scored = sorted(((len(side & words(t)) / len(side), t, days) for t, days in sentences
                         if len(set(days)) == 1 and side), key=lambda x: -x[0])
        if not scored or scored[0][0] < 0.5 or len(side & words(scored[0][1])) < 2 or \
                any(x[0] == scored[0][0] and x[2][0] != scored[0][2][0] for x in scored[1:]):
            return []
        found.append(scored[0])
    (_, main_text, (main_day, *_)), (_, ref_text, (ref_day, *_)) = found
    if main_text == ref_text:
        return []
    gap = (date.fromisoformat(main_day) - date.fromisoformat(ref_day)).days
    gap = gap if cue.group("cue").lower() == "after" else -gap
    if gap <= 0:
        return []
    value = gap / _DAYS[unit]
    note = f"{ref_day} ('{ref_text[:60].strip()}') to {main_day} = {fmt(round(value, 2))} {unit}s"
    return [Derived(Quantity(value=value, text=f"{main_day} - {ref_day}"), note)]


def span_interval(cq: Quantity, tolerance: float) -> tuple[float, float]:
    """The time a claim's "five weeks" stands for: 4.5-5.5 weeks ("about" widens it by the
    tolerance, at least half a unit); "more than 40 years" is (40, inf)."""
    v = cq.value
    if cq.bound is Bound.LOWER:
        return (math.nextafter(v, math.inf) if cq.strict else v, math.inf)
    if cq.bound is Bound.UPPER:
        return (0.0, math.nextafter(v, -math.inf) if cq.strict else v)
    half = max(0.5, v * tolerance) if cq.bound is Bound.APPROX else 0.5
    return (v - half, v + half)


def elapsed_confirms(cq: Quantity, d: Derived, tolerance: float) -> bool:
    """The derived span (an interval: midpoint +/- precision) lies inside the claim's."""
    lo, hi = span_interval(cq, tolerance)
    return lo <= d.q.value - d.q.precision and d.q.value + d.q.precision <= hi
