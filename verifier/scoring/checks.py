"""Structured checks: compare the facts a claim asserts with the facts an evidence sentence
states - numbers, dates, order of events, roles and places, polarity, attribution.

Each check returns ``support``, ``contradict`` or ``abstain`` with a note an editor can read.
A check abstains unless the evidence is about the same thing (same counted noun/measure, same
people, same event): the absence of a fact is never a contradiction.

Numbers as intervals. A claim's number covers the values that round to it ("$300 million"
covers 250-350 million: one significant digit; "2,665" covers 2,664.5-2,665.5); "about N"
covers N +/- ``approx_tolerance``; "more than N" is (N, inf); "fewer than N" is [0, N). The
evidence's number is an interval the same way, but exact evidence values are points. The
claim is *supported* when the evidence interval lies inside the claim's, *contradicted* when
the two are disjoint, and the check abstains when they merely overlap.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import combinations

from verifier.claims.units import PHYSICAL_UNITS, from_base, same_dimension, to_base, unit_label
from verifier.scoring import arithmetic, places
from verifier.text import QUALIFIER_WORDS, TITLE_WORDS, fold
from verifier.types import Bound, DateRef, Entity, Facts, Quantity, Quote

SUPPORT, CONTRADICT, ABSTAIN = "support", "contradict", "abstain"

# Entity labels that name who/where an event is about (used for "same event" tests). NORP
# ("Russian", "Turkish") is left out: demonyms mostly modify titles ("Russian President").
_NAMED = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"}
_PLACE_LABELS = {"GPE", "LOC"}
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
# Words in a role/title that change who the person is ("deputy spokesman" is not "spokesman").
# ("Special envoy" and "envoy", "permanent representative" and "representative" name one post.)
_ROLE_MODIFIERS = {"deputy", "vice", "former", "acting", "assistant", "under", "first", "second",
                   "interim", "ex", "associate", "senior", "junior", "chief"}
_ROLE_QUALIFIERS = {"special", "permanent"}
_ROLE_STOP = {"the", "of", "to", "for", "a", "an", "and", "'s", "s", "in", "at", "on", "'"}
STOPWORDS = _ROLE_STOP | {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
    "could", "should", "may", "might", "do", "does", "did", "it", "its", "this", "that", "these",
    "those", "by", "with", "from", "as", "or", "but", "not", "no", "he", "she", "they", "we", "his",
    "her", "their", "our", "i", "you", "who", "which", "what", "there", "than", "then", "so", "if",
    "about", "into", "over", "after", "before", "also", "more", "most", "said", "says", "say"}
# Antonym pairs of polarity words: a claim with one and evidence with the other disagree.
ANTONYMS: list[tuple[set[str], set[str]]] = [
    ({"agree", "accept", "approve", "heed", "observe", "support", "allow", "respect", "respond", "comply",
      "request", "welcome", "seek"},
     {"refuse", "reject", "decline", "deny", "ignore", "oppose", "veto", "violate"}),
    ({"praise", "commend", "welcome", "thank", "applaud", "laud"},
     {"criticise", "criticize", "chastise", "condemn", "blame", "attack", "denounce", "rebuke", "accuse",
      "slam", "fault"}),
    ({"open", "reopen", "lift", "resume", "start", "begin"}, {"close", "shut", "impose", "suspend", "halt", "stop", "end"}),
    ({"raise", "increase", "rise", "grow", "expand", "boost", "hike"},
     {"cut", "reduce", "lower", "decrease", "fall", "drop", "shrink", "contract", "slash"}),
    ({"win", "gain"}, {"lose"}),
    ({"confirm"}, {"deny"}),
    ({"attend", "travel", "visit", "go"}, {"cancel", "postpone", "skip"}),
    ({"abstain"}, {"support", "oppose"}),  # a vote: for, against, or neither
]


@dataclass(frozen=True)
class CheckResult:
    name: str  # quantity | date | order | entity | negation | attribution
    outcome: str  # support | contradict | abstain
    note: str = ""
    # True when the check itself matched the claim's subject by name (a role of "Emil Haras",
    # a quote of "Austin"): the sentence is about the claim even if it names nothing else.
    anchored: bool = False
    covers: frozenset[str] = frozenset()  # the claim's figures a quantity support confirms


@dataclass
class EvidenceView:
    """An evidence sentence with what the checks need: its facts, its document's facts
    (for order across sentences) and the surrounding text (to resolve "he", "the chief")."""

    text: str
    facts: Facts
    context: str = ""  # the previous sentence
    title: str = ""  # the document's title and source
    aliases: dict[str, str] = field(default_factory=dict)  # title -> person (learn_aliases)
    # (claim statement, quote) -> the same statement in other words? (embedding cosine)
    same_statement: Callable[[str, str], bool] | None = None
    doc_sentences: list[str] = field(default_factory=list)  # retrieved sentences of the same doc
    doc_facts: list[Facts] = field(default_factory=list)  # their facts, in the same order
    frame_year: str = ""  # the year the claim speaks of (its own, else that of the latest source)
    published: str = ""  # the document's publication date (ISO), when known
    document: str = ""  # the whole document's text (its places scope every sentence)
    # the previous sentence's facts, made on demand (its people stand for "she said")
    context_facts: Callable[[], Facts] | None = None
    speaker: str = ""  # the transcript speaker whose words the sentence is ("MR BENNING: ...")


# --------------------------------------------------------------------------- helpers


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", fold(text)) if t not in _ROLE_STOP}


def _name_keys(ent: Entity) -> set[str]:
    """Keys under which a name may appear: the full folded name and its last token
    ("Antonio Guterres" -> {"antonio guterres", "guterres"})."""
    names = {re.sub(r"^the\s+|['\u2019]s$", "", fold(n).strip()) for n in (ent.text, ent.canonical)} - {""}
    keys = set(names)
    for n in names:
        toks = re.findall(r"[a-z0-9]+", n)
        if toks and ent.label == "PERSON":
            keys.add(toks[-1])
    return keys


def mentions(text: str, ent: Entity) -> bool:
    """Does ``text`` mention the entity - by full name, surname (people), acronym ("U.N." for
    "United Nations" and back) or a shared stem ("Russian" for "Russia")?"""
    words = re.findall(r"[a-z0-9]+", fold(text))
    hay = " " + " ".join(words) + " "
    initials = "".join(w[0] for w in words)
    for key in _name_keys(ent):
        toks = re.findall(r"[a-z0-9]+", key)
        if not toks:
            continue
        if f" {' '.join(toks)} " in hay:
            return True
        if ent.label in ("EVENT", "FAC", "LOC", "GPE") and len(toks) > 1 and f" {toks[-1]} " in hay:
            return True  # "the Orthodox Easter" ~ "Easter"
        letters = key.replace(".", "").replace(" ", "")
        if ent.text.replace(".", "").isupper() and letters.isalpha() and 2 <= len(letters) <= 5:
            if letters in initials:  # "UN" ~ "United Nations"
                return True
        elif len(toks) > 1 and "".join(t[0] for t in toks) in words:  # "United Nations" ~ "UN"
            return True
        if len(toks) == 1 and len(toks[0]) >= 5 and any(w.startswith(toks[0][:5]) for w in words):
            return True
    return False


def named_entities(facts: Facts) -> list[Entity]:
    """The named entities of a parse, a possessive run split in two: "Norvane Chemicals'
    Lindgrave plant" names Norvane Chemicals and Lindgrave, each to be found on its own."""
    out = []
    for e in facts.entities:
        if e.label not in _NAMED:
            continue
        parts = _POSSESSIVE_SPLIT.split(e.text)
        if len(parts) == 1 or not all(_CAPITALISED.match(p) for p in parts):
            out.append(e)
            continue
        out += [e.model_copy(update={"text": part, "canonical": part}) for part in parts]
    return out


_POSSESSIVE_SPLIT = re.compile(r"(?<=s)['\u2019](?:s)?\s+|['\u2019]s\s+")


def mentions_place(text: str, ent: Entity) -> bool:
    """A place is also mentioned by a place inside or around it: "Moscow" mentions "Russia"."""
    if mentions(text, ent):
        return True
    if ent.label not in _PLACE_LABELS:
        return False
    return any(places.relation(ent.text, m.group(0)) in (places.SAME, places.INSIDE, places.CONTAINS)
               for m in _CAPITALISED.finditer(text))


def learn_aliases(facts: list[Facts]) -> dict[str, str]:
    """Titles that stand for one person in these sentences: "The Secretary-General, António
    Guterres," makes "secretary general" an alias of António Guterres, so that a later
    "the Secretary-General met ..." is about him. The title's head (the words before "of",
    "for", "to") is the key; a key shared by two people ("President") is dropped."""
    seen: dict[str, set[str]] = {}
    for f in facts:
        for e in f.entities:
            if e.label != "PERSON" or not e.role:
                continue
            head = re.split(r"\b(?:of|for|to|at|in)\b", fold(e.role))[0]
            toks = re.findall(r"[a-z0-9]+", head)
            if toks and toks[-1] in TITLE_WORDS | {"general"}:
                key = " ".join(toks[-2:]) if toks[-1] == "general" and len(toks) > 1 else toks[-1]
                seen.setdefault(key, set()).add(e.canonical or e.text)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1}


def _mentioned(text: str, ent: Entity, aliases: dict[str, str] | None = None) -> bool:
    if ent.label in _PLACE_LABELS:
        return mentions_place(text, ent)
    if mentions(text, ent):
        return True
    if aliases and ent.label in ("PERSON", "ORG"):
        hay = " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "
        return any(f" {key} " in hay and (mentions(person, ent) or mentions(ent.text, Entity(text=person, label="PERSON")))
                   for key, person in aliases.items())
    return False


@lru_cache(maxsize=4096)  # it holds the documents: bounded, as the pipeline's document cache is
def _in_document(document: str, name: str) -> bool:
    """The place (or, for a figure's label line, any name) is named in the document (by name:
    looking up every capitalised phrase of a whole document in the gazetteer costs more than
    the rest of a claim's checks)."""
    return mentions(document, Entity(text=name, label="GPE"))


def entity_coverage(claim: Facts, sentence: str, context: str = "", title: str = "",
                    aliases: dict[str, str] | None = None, document: str = "") -> float:
    """Share of the claim's named entities that the evidence names (1.0 when it names none).

    The sentence and its document's title count in full (a title scopes every sentence of
    its document), and so do places its ``document`` names (a situation report on two
    provinces lists "Injured: 1,036." for both). The context (the previous sentence, which
    resolves "he" and "the chief") counts only when the sentence itself names at least half
    of them: a sentence that names nobody from the claim is not about the claim."""
    ents = named_entities(claim)
    if not ents:
        return 1.0
    scope = sentence + " " + title
    # A figure's label line ("Arrested: 31 people.") names nothing: its document says what it counts.
    whole_document = bool(_FIGURE_LINE.match(sentence))
    direct = [_mentioned(scope, e, aliases) or bool(document and (e.label in _PLACE_LABELS or whole_document)
                                                    and _in_document(document, e.text)) for e in ents]
    for outer, inner in _nested_places(claim, ents):  # "Valdoria's Kalvar province": Kalvar names both
        if direct[inner] and not direct[outer]:
            direct[outer] = True
    if not context or (sum(direct) < max(1, len(ents) / 2) and not _PRONOUN_SUBJECT.search(sentence)):
        return sum(direct) / len(ents)
    return sum(d or _mentioned(context, e, aliases) for d, e in zip(direct, ents)) / len(ents)


_FIGURE_LINE = re.compile(
    r"\s*(?:[-*\u2022\u2013]\s*)?[A-Z][A-Za-z ]{0,40}:\s*(?:about |around |some )?\d"
    # or a list item that is a figure: "- EUR 130 million for the families ...", not a date
    r"|\s*[-*\u2022\u2013]\s*(?:EUR|USD|GBP|US\$|\$|\u20ac|\u00a3)?\s*\d[\d,.]*\s*(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec)[a-z]*\b)(?:million|billion|thousand|per ?cent|%|[a-z]+)")

# "..., she said.", "He added": the sentence before names who speaks.
_PRONOUN_SUBJECT = re.compile(r"^(?:He|She|They)\b|[,\"\u201d]\s*(?:he|she|they)\s+(?:said|says|added|told|warned|stressed|noted)\b")


def _nested_places(claim: Facts, ents: list[Entity]) -> list[tuple[int, int]]:
    """(outer, inner) indexes of places the claim nests: "A's B", "B in A", "B, A"."""
    text = " ".join(e.text for e in claim.events[:1]) if claim.events else ""
    out = []
    for i, a in enumerate(ents):
        for j, b in enumerate(ents):
            if i == j or a.label not in _PLACE_LABELS or b.label not in _PLACE_LABELS:
                continue
            pa, pb = re.escape(a.text), re.escape(b.text)
            if re.search(rf"{pa}['’]s\s+{pb}|{pb}(?:\s+\w+)?\s+(?:in|of)\s+(?:the\s+)?{pa}|{pb},\s+{pa}", text):
                out.append((i, j))
    return out


def actors_covered(claim: Facts, sentence: str, context: str = "", title: str = "",
                   aliases: dict[str, str] | None = None) -> bool:
    """Every person the claim names is named by the evidence (with context): a date is only
    compared for the same actors. (Organisations count through ``entity_coverage``: the small
    spaCy model often tags places and titles as ORG.)"""
    actors = [e for e in claim.entities if e.label == "PERSON"]
    scope = " ".join((sentence, context, title))
    return all(_mentioned(scope, e, aliases) for e in actors)


# --------------------------------------------------------------------------- quantities


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


def another_year(ev: EvidenceView) -> bool:
    """The sentence dates what it reports to years other than the claim's ("floods in June
    2019 killed 58" for a claim on this year's floods): its figures are another event's. An
    undated sentence takes the years of the one before ("In April 2009 a quake struck. It
    killed 87."), else its document's publication year."""
    years = {d.start[:4] for d in ev.facts.dates if d.start[:4].isdigit()} or set(_YEAR.findall(ev.context))
    if not years and ev.published[:4].isdigit():
        years = {ev.published[:4]}
    return bool(ev.frame_year and years and ev.frame_year not in years)


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _named_alike(cq: Quantity, eq: Quantity, claim_text: str, ev_text: str) -> tuple[Quantity, Quantity]:
    """A figure of money without a noun takes the other side's noun when its own sentence
    uses that word too ("financing of roughly 1,500 million dollars" vs "$1,500 million in
    financing")."""
    if cq.unit and not cq.noun and eq.noun and re.search(rf"\b{re.escape(eq.noun)}", fold(claim_text)):
        cq = cq.model_copy(update={"noun": eq.noun})
    elif cq.unit and not eq.noun and cq.noun and re.search(rf"\b{re.escape(cq.noun)}", fold(ev_text)):
        eq = eq.model_copy(update={"noun": cq.noun})
    return cq, eq


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


def _same_bare_amount(cq: Quantity, eq: Quantity, tolerance: float) -> bool:
    bare = not (cq.noun or eq.noun or cq.measure or eq.measure)
    return bool(bare and cq.unit and same_dimension(cq.unit, eq.unit) and cq.unit not in _SELF_DESCRIBING_UNITS
                and cq.unit != "tally" and compare_quantity(cq, eq, tolerance) == SUPPORT)


# Counted nouns that news copy uses for the same thing.
_NOUN_GROUPS = [  # the first word names the group
    ("people", "person", "civilian", "resident", "individual", "inhabitant", "victim", "citizen"),
    ("loan", "lending", "credit"),
    ("aid", "assistance", "relief", "help"),
    ("financing", "funding", "fund", "money"),
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
            (cq.precision and eq.precision and cq.unit == eq.unit):
        # Two ends of ranges ("4-16" and "4-12"), two fractions in words ("1 in 7" and "1 in 6"):
        # each is what it says, compared as written.
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
    value = from_base(cq.unit, to_base(eq.unit, eq.value))
    return f" ({eq.value:g} {unit_label(eq.unit)} = {value:.3g} {unit_label(cq.unit)})"


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


def check_quantities(claim: Facts, ev: EvidenceView, tolerance: float, claim_text: str = "") -> CheckResult:
    """Each claim number against the comparable numbers of the sentence. Any claim number
    contradicted by every comparable evidence number -> contradict; all claim numbers that
    have a comparable evidence number supported -> support."""
    if not claim.quantities or another_year(ev):
        return CheckResult("quantity", ABSTAIN)
    if _other_hazard(claim_text, ev):
        return CheckResult("quantity", ABSTAIN)  # deaths from cholera are not flood deaths
    outcomes: list[tuple[str, str]] = []
    ev_quantities = _readings(ev.facts.quantities, ev.text, claim_text)
    claim_quantities = with_measures(claim.quantities, claim_text) if claim_text else claim.quantities
    compared: list[Quantity] = []  # the claim figures of ``outcomes``, in order
    total = bool(_TOTAL.search(claim_text))  # "together hold 87 seats": a sum of the evidence's parts
    pool = _Pool(ev, claim, claim_text)
    other_day = _another_day(claim, ev, claim_text)
    for cq in claim_quantities:
        span = arithmetic.span_unit(claim_text, cq) if claim_text else ""
        if span:  # "five weeks after the vote", "the first in more than 40 years": time between dates
            found = next((d for d in [*arithmetic.derive_elapsed(claim_text, span, *pool.spans()),
                                      *arithmetic.derive_event_gap(claim_text, cq, span, pool.dated_sentences(),
                                                                   content_words)]
                          if arithmetic.elapsed_confirms(cq, d, tolerance)), None)
            if found is not None:
                compared.append(cq)
                outcomes.append((SUPPORT, f"'{cq.text}': {found.note}"))
                continue
        # "two days after the signing" places an event in time: the date and order checks judge it.
        if offset(claim_text, cq):
            continue
        direction = arithmetic.change_direction(claim_text, cq) if claim_text else None
        pairs = [(eq, o) for eq in ev_quantities if comparable(*_named_alike(cq, eq, claim_text, ev.text))
                 for o in [compare_quantity(cq, eq, tolerance)] if _same_role(o, direction, ev.text, eq)]
        # The same amount in the same unit confirms even when neither side says what it counts
        # ("3.6 percent"); a different amount then says nothing (it may count something else).
        pairs += [(eq, SUPPORT) for eq in ev_quantities if _same_bare_amount(cq, eq, tolerance)]
        if other_day:  # the sentence's figure is of another day than the claim's: it does not confirm it
            pairs = [(eq, o) for eq, o in pairs if o != SUPPORT]
        # Exact figures in the evidence are the most specific: judge by them when there are any.
        exact = [(eq, o) for eq, o in pairs if eq.bound is Bound.EXACT or eq.qualifier == "range"]
        pairs = exact or pairs
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
            if swapped is not None:
                outcomes.append((CONTRADICT, f"'{eq.text}' goes with what the claim gives '{swapped.text}'"))
            else:
                outcomes.append((SUPPORT, f"'{cq.text}' agrees with '{eq.text}'{_in_claims_unit(cq, eq)}"))
        elif parts:
            outcomes.append((SUPPORT, f"'{cq.text}' is {' + '.join(p.text for p in parts)}"))
        elif computed is not None:
            outcomes.append(computed)
        elif all(o == CONTRADICT for _, o in pairs) and len(figures) < (2 if total or cq.unit == "tally" else 3) \
                and not (_subgroup(claim_text, cq) and all(eq.value > cq.value for eq in figures)):
            eq = pairs[0][0]
            thing = cq.measure or cq.noun or cq.unit
            outcomes.append((CONTRADICT, f"'{cq.text}' vs '{eq.text}' ({thing}){_in_claims_unit(cq, eq)}"))
        else:
            # A breakdown (seats per party, deaths per town) counts other things than the claim's
            # figure unless one of its figures matches: it says nothing against it.
            outcomes.append((ABSTAIN, ""))
    contra = [n for o, n in outcomes if o == CONTRADICT]
    if contra:
        return CheckResult("quantity", CONTRADICT, "; ".join(contra))
    sup = [n for o, n in outcomes if o == SUPPORT]
    if sup and len(sup) == len(outcomes):
        return CheckResult("quantity", SUPPORT, "; ".join(sup),
                           covers=frozenset(cq.text for cq, (o, _) in zip(compared, outcomes) if o == SUPPORT))
    return CheckResult("quantity", ABSTAIN, "; ".join(n for o, n in outcomes if o == ABSTAIN and n))


def _another_day(claim: Facts, ev: EvidenceView, claim_text: str) -> bool:
    """The claim dates its event to one day and the sentence dates what it reports only to
    other days ("- 10 June: the zone is widened to 5 km" for "the order of 9 June covered 5 km"):
    the sentence's figures are of another time."""
    days = {d.start for d in (event_dates(claim_text, claim) if claim_text else claim.dates)
            if d.start and d.start == d.end and not d.start.startswith("--")}
    ev_days = {d.start for d in ev.facts.dates if d.start and d.start == d.end and not d.start.startswith("--")}
    return len(days) == 1 and bool(ev_days) and not days & ev_days and not is_heading(ev.text)


def _readings(quantities: list[Quantity], text: str, claim_text: str) -> list[Quantity]:
    """A sentence's figures as the check compares them: nouns and measures filled from the
    sentence, and - unless the claim speaks of a limit - no limit values."""
    out = with_measures(inherit_nouns(quantities), text)
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

    def __init__(self, ev: EvidenceView, claim: Facts, claim_text: str):
        self.ev, self.claim, self.claim_text = ev, claim, claim_text
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
        out = [arithmetic.Figure(q, ev.text) for q in _readings(ev.facts.quantities, ev.text, self.claim_text)]
        if ev.context and not is_heading(ev.context):
            out += [arithmetic.Figure(q, ev.context, place=0)
                    for q in _readings(self.context().quantities, ev.context, self.claim_text)]
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

    def dated_sentences(self) -> list[tuple[str, list[str]]]:
        """The document's sentences (else the sentence and the one before) with the days each
        names, for the time between two events."""
        ev = self.ev
        if ev.document:
            return list(_dated_sentences(ev.document, ev.published[:10]))
        texts = [t for t in (*ev.doc_sentences, ev.context, ev.text) if t]
        return [(t, _days(t, ev.published[:10])) for t in dict.fromkeys(texts)]


@lru_cache(maxsize=64)  # a document is read for every claim whose evidence it holds
def _dated_sentences(document: str, published: str) -> tuple[tuple[str, list[str]], ...]:
    from verifier.text import sentence_spans

    return tuple((document[s:e], _days(document[s:e], published)) for s, e in sentence_spans(document))


def _days(text: str, published: str) -> list[str]:
    """The single days a sentence names (ISO), resolved against the source's date."""
    from verifier.claims.dates import parse_dates

    return [d.start for d in parse_dates(text, published or None) if d.start and d.start == d.end]


_REST = re.compile(r"\b(?:remaining|the rest|the others?|remainder|rest of|left)\b", re.IGNORECASE)
_AVERAGE = re.compile(r"\b(?:average|mean|a day|per day|each day|a week|per week|a month|per month|a year|per year|"
                      r"daily|weekly|monthly|annually|yearly|hourly|an hour|per hour)\b", re.IGNORECASE)


def _computed(cq: Quantity, direction: int | None, claim_text: str, pool: _Pool,
              tolerance: float) -> tuple[str, str] | None:
    """The claim's figure against what the evidence's figures imply (``arithmetic``): SUPPORT
    when one computation confirms it; CONTRADICT when the source's one plain change, share or
    margin of the same thing gives another value; ABSTAIN for a percent that reads as points
    ("rose 0.3%" for 3.2% -> 3.5%); None when nothing could be computed."""
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
            return SUPPORT, f"'{cq.text}': {d.note}"
    if cq.unit == "percent" and direction is not None:
        as_points = cq.model_copy(update={"unit": "percentage_points"})
        wrong = next((d for d in arithmetic.derive_change(as_points, direction, figures)
                      if comparable_derived(as_points, d.q) and compare_quantity(as_points, d.q, tolerance) == SUPPORT),
                     None)
        if wrong is not None:
            return ABSTAIN, f"'{cq.text}' is the change in points ({wrong.note}), not in percent"
    clear = [d for d in usable if d.clear]
    if len(clear) == 1 and compare_quantity(cq, clear[0].q, tolerance) == CONTRADICT and \
            (cq.noun or cq.measure or not (clear[0].q.noun or clear[0].q.measure)):
        return CONTRADICT, f"'{cq.text}' vs {clear[0].note}"
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


# --------------------------------------------------------------------------- dates


_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def _weekday_of(d: DateRef) -> str:
    if d.start == d.end and d.start:
        try:
            return _WEEKDAYS[date.fromisoformat(d.start).weekday()]
        except ValueError:
            return ""
    return ""


def _comparable_bounds(cd: DateRef, ed: DateRef) -> tuple[str, str, str, str]:
    """Date bounds made comparable: a date without a year ("--04-26", "April 26") is compared
    on month and day only."""
    if cd.start.startswith("--") or ed.start.startswith("--"):
        return cd.start[-5:], cd.end[-5:], ed.start[-5:], ed.end[-5:]
    return cd.start, cd.end, ed.start, ed.end


def compare_dates(cd: DateRef, ed: DateRef) -> str:
    """A claim date vs an evidence date. Unresolved weekdays compare by weekday name."""
    if cd.start and ed.start:
        c_start, c_end, e_start, e_end = _comparable_bounds(cd, ed)
        if c_start <= e_start and e_end <= c_end:
            return SUPPORT
        if e_end < c_start or c_end < e_start:
            return CONTRADICT
        return ABSTAIN
    cw = fold(cd.weekday)
    ew = fold(ed.weekday) or _weekday_of(ed)
    if cw and ew:
        return SUPPORT if cw == ew else CONTRADICT
    return ABSTAIN


# A date in a "since ..." / "by ..." / "as of ..." phrase is a reference point, not the event's date.
_CUTOFF = re.compile(r"\b(?:by|as of|since|until|till|through|before|after|from|between)\b[^,;]{0,40}$",
                     re.IGNORECASE)


def event_dates(claim_text: str, facts: Facts) -> list[DateRef]:
    """The dates a claim gives its event: "on Tuesday", not "since Feb. 24", "by 24 April" or
    "between 8 and 10 March" (reference points and cut-offs, which the quantity and order
    checks use)."""
    return [d for d in facts.dates
            if not _CUTOFF.search(claim_text[max(0, d.start_char - 48):d.start_char])
            and not _RANGE_END.search(claim_text[max(0, d.start_char - 120):d.start_char])]


_RANGE_END = re.compile(r"\b(?:between\b[^;.]*\band|from\b[^;.]*\b(?:to|until))\s*$", re.IGNORECASE)


def is_heading(text: str) -> bool:
    """A line that introduces what follows it ("Key events of the crisis in 2026:")."""
    return text.rstrip().endswith(":")


def check_dates(claim: Facts, ev: EvidenceView, min_coverage: float, claim_text: str = "") -> CheckResult:
    """Claim dates vs the sentence's dates, only when the sentence is about the same event:
    it names the claim's people and places (``entity_coverage`` >= ``min_coverage``) and an
    event like the claim's (``_events_compatible``)."""
    dates = event_dates(claim_text, claim) if claim_text else list(claim.dates)
    # A heading ("Key events after the explosion in June 2026:", "1 January to 7 March 2026,
    # Drava Valley as a whole:") scopes the list below it; it dates no event of its own.
    if not dates or not ev.facts.dates or another_year(ev) or is_heading(ev.text):
        return CheckResult("date", ABSTAIN)
    if entity_coverage(claim, ev.text, ev.context, ev.title, ev.aliases, ev.document) < min_coverage or \
            not actors_covered(claim, ev.text, ev.context, ev.title, ev.aliases):
        return CheckResult("date", ABSTAIN)
    said = _event_words(claim_text, claim)  # what happened, not who or when
    same_words = bool(said) and len(said & _event_words(ev.text, ev.facts)) >= 0.5 * len(said)
    if not (_events_compatible(claim, ev.facts, ev.text) or (claim_text and same_words)):
        return CheckResult("date", ABSTAIN)
    ev_dates = [d for d in _dates_of_compatible_events(claim, ev.facts, ev.text) if not _dateline(ev.text, d)]
    results = []
    for cd in dates:
        outs = [(ed, compare_dates(cd, ed)) for ed in ev_dates]
        if any(o == SUPPORT for _, o in outs):
            results.append((SUPPORT, f"'{cd.text}' matches '{next(e.text for e, o in outs if o == SUPPORT)}'"))
        elif outs and all(o == CONTRADICT for _, o in outs):
            results.append((CONTRADICT, f"'{cd.text}' vs '{outs[0][0].text}'"))
    if any(o == CONTRADICT for o, _ in results):
        return CheckResult("date", CONTRADICT, "; ".join(n for o, n in results if o == CONTRADICT))
    if results and all(o == SUPPORT for o, _ in results):
        return CheckResult("date", SUPPORT, "; ".join(n for _, n in results))
    return CheckResult("date", ABSTAIN)


def _events_compatible(claim: Facts, ev: Facts, ev_text: str = "") -> bool:
    """The claim's (dated) event and one of the sentence's events must be alike: "will travel
    to Kyiv on Thursday" is not compared with "criticised Guterres on Saturday", nor "schools
    reopen on April 2" with "government session on 11 March"."""
    dated = {e.predicate for e in claim.events if e.date is not None}
    c_preds = dated or {e.predicate for e in claim.events if fold(e.predicate) not in ("be", "say")}
    e_preds = {e.predicate for e in ev.events}
    if not c_preds or not e_preds:
        return True
    return any(_same_predicate(a, b) for a in c_preds for b in e_preds) or _named_as_noun(claim, ev_text)


def offset(claim_text: str, q: Quantity) -> bool:
    """"two days after the signing": a time offset (order and dates judge it), not a figure."""
    return bool(_OFFSET.match(claim_text, q.end))


_OFFSET = re.compile(r"[\s-]*(?:days?|weeks?|months?|years?|hours?)\s+(?:after|before|later|earlier|ago|since)\b",
                     re.IGNORECASE)


def _dateline(text: str, d: DateRef) -> bool:
    """"WASHINGTON, DC - March 10, 2026: The IMF ...", "SELNA, Valdria, March 9 (Wire) -": the
    date a report was filed, not an event's (a timeline's "Sun. 10 Mar: ..." is an event's)."""
    return bool(_DATELINE_PLACE.fullmatch(text[:d.start_char])) and \
        bool(re.match(r"\s*[-\u2013\u2014:(]", text[d.end_char:]))


# "SELNA, Valdria, " (a capitalised place first) or "Washington, DC - " (a dash before the date);
# not "Korvel, 26 February (verified as of 10 March): Killed: 47", a fact sheet's label.
_DATELINE_PLACE = re.compile(r"[A-Z][A-Z .'-]+,\s*(?:[A-Z][\w .'-]*,\s*)*|[A-Z][\w .,'-]*\s[-\u2013\u2014]\s*")


def _dates_of_compatible_events(claim: Facts, ev: Facts, ev_text: str = "") -> list[DateRef]:
    """The sentence's dates that may be the claim event's: those of alike events, and those the
    parse attached to no event ("On Saturday Zelensky criticised ... for planning to visit"
    dates the criticism, not the visit). Alike to the claim's dated event, where it has one: in
    "the funeral of X, who was killed in the blast, took place on 16 June" the date is the
    funeral's, not the killing's."""
    said = [e for e in claim.events if fold(e.predicate) not in ("be", "say")]
    c_preds = {e.predicate for e in said if e.date is not None} or {e.predicate for e in said}
    attached = {(d.start, d.end, d.text) for e in ev.events if e.date is not None for d in [e.date]}
    usable = {(e.date.start, e.date.end, e.date.text) for e in ev.events if e.date is not None
              and (not c_preds or any(_same_predicate(c, e.predicate) for c in c_preds))}
    out = [d for d in ev.dates if (d.start, d.end, d.text) in usable or (d.start, d.end, d.text) not in attached]
    if not out and ev_text and len(ev.dates) == 1 and _named_as_noun(claim, ev_text):
        # "Update on the shelling of Korvel on 26 February": the parse gave the one date to
        # "update", but the claim's event is named there
        out = list(ev.dates)
    return out


def _named_as_noun(claim: Facts, ev_text: str) -> bool:
    """The claim's dated event is named by a gerund in the sentence ("the shelling of Korvel"
    for "Korvel was shelled on ..."), which the parse does not make an event."""
    dated = {fold(e.predicate) for e in claim.events if e.date is not None}
    return any(w.endswith("ing") and dated & _lemma_forms(w) for w in _WORDS.findall(fold(ev_text)))


# --------------------------------------------------------------------------- order


def _event_keys(facts: Facts, event_id: str) -> set[str]:
    """Names that identify an event: its place and objects (not its agent, who is usually
    the same for both events of an order claim)."""
    for e in facts.events:
        if e.id == event_id:
            keys = {fold(e.place)} | {fold(o) for o in e.objects}
            return {k.strip() for k in keys if k.strip()}
    return set()


def _key_in(key: str, text: str) -> bool:
    toks = re.findall(r"[a-z0-9]+", fold(key))
    hay = " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "
    return bool(toks) and (f" {' '.join(toks)} " in hay or (len(toks) > 1 and f" {toks[-1]} " in hay))


def check_order(claim: Facts, ev: EvidenceView) -> CheckResult:
    """Claim "A before B" vs the evidence: an order cue between the same two events in one
    sentence, or dates of sentences of the same document that mention A and B."""
    if not claim.order:
        return CheckResult("order", ABSTAIN)
    for rel in claim.order:
        a_keys, b_keys = _event_keys(claim, rel.before), _event_keys(claim, rel.after)
        if not a_keys or not b_keys or a_keys & b_keys:
            continue
        # 1) The same sentence orders them with a cue ("and afterwards", "before", "then").
        for erel in ev.facts.order:
            ea, eb = _event_keys(ev.facts, erel.before), _event_keys(ev.facts, erel.after)
            if _overlap(a_keys, ea) and _overlap(b_keys, eb):
                return CheckResult("order", SUPPORT, f"evidence has {_fmt(a_keys)} before {_fmt(b_keys)}")
            if _overlap(a_keys, eb) and _overlap(b_keys, ea):
                return CheckResult("order", CONTRADICT,
                                   f"evidence has {_fmt(b_keys)} before {_fmt(a_keys)} ('{erel.cue}')")
        # 2) Dated sentences of the same document.
        people = [e for e in claim.entities if e.label == "PERSON"]
        a_date = _first_date(a_keys, ev.doc_sentences, ev.doc_facts, people)
        b_date = _first_date(b_keys, ev.doc_sentences, ev.doc_facts, people)
        if a_date and b_date and a_date != b_date:
            if a_date < b_date:
                return CheckResult("order", SUPPORT, f"{_fmt(a_keys)} on {a_date}, {_fmt(b_keys)} on {b_date}")
            return CheckResult("order", CONTRADICT, f"{_fmt(a_keys)} on {a_date}, {_fmt(b_keys)} on {b_date}")
        # 3) An itinerary told in sequence: "first stop was A", "from A ... travelled to B",
        #    "then ... B", "ended the day at B".
        first = _itinerary_first(a_keys, b_keys, ev.doc_sentences or [ev.text])
        if first is not None:
            ok = first == "a"
            return CheckResult("order", SUPPORT if ok else CONTRADICT,
                               f"the source's itinerary has {_fmt(a_keys if ok else b_keys)} first")
    return CheckResult("order", ABSTAIN)


_FROM_TO = r"\bfrom\s+(?:the\s+)?{a}\b[^.;]*?\b(?:travel\w*|went|go\w*|flew|fly\w*|head\w*|mov\w*|continu\w*|drove|proceed\w*)\s+(?:on\s+)?to\b[^.;]*?\b{b}\b"
_FIRST = re.compile(r"\b(?:first stop|first visit|began (?:the day|his|her|their)|started (?:the day|his|her|their)|first)\b", re.I)
_LAST = re.compile(r"\b(?:ended|last stop|finally|concluded|wrapped up|final stop)\b", re.I)
_THEN = re.compile(r"\b(?:then|later|afterwards|after that|next|subsequently|went on to|moved on)\b", re.I)


def _itinerary_first(a_keys: set[str], b_keys: set[str], sentences: list[str]) -> str | None:
    """Which of two places (or people) an itinerary narrative puts first: "a", "b" or None."""
    def pattern(keys: set[str]) -> str:
        return "(?:" + "|".join(re.escape(k) for k in sorted(keys)) + ")"

    a_pat, b_pat = pattern(a_keys), pattern(b_keys)
    for text in sentences:
        t = fold(text)
        if re.search(_FROM_TO.format(a=a_pat, b=b_pat), t):
            return "a"
        if re.search(_FROM_TO.format(a=b_pat, b=a_pat), t):
            return "b"
    a_idx = next((i for i, t in enumerate(sentences) if any(_key_in(k, t) for k in a_keys)), None)
    b_idx = next((i for i, t in enumerate(sentences) if any(_key_in(k, t) for k in b_keys)), None)
    if a_idx is None or b_idx is None or a_idx == b_idx:
        return None
    a_text, b_text = sentences[a_idx], sentences[b_idx]
    if _FIRST.search(a_text) and not _FIRST.search(b_text) or _LAST.search(b_text) and not _LAST.search(a_text):
        return "a"
    if _FIRST.search(b_text) and not _FIRST.search(a_text) or _LAST.search(a_text) and not _LAST.search(b_text):
        return "b"
    later_text = b_text if a_idx < b_idx else a_text
    if _THEN.search(later_text):
        return "a" if a_idx < b_idx else "b"
    return None


def _overlap(a: set[str], b: set[str]) -> bool:
    """Do two events share a name - or a place, one inside the other (Moscow, Russia)?"""
    return any(_key_in(x, y) or _key_in(y, x)
               or places.relation(x, y) in (places.SAME, places.INSIDE, places.CONTAINS)
               for x in a for y in b)


def _fmt(keys: set[str]) -> str:
    return "/".join(sorted(keys))


def _first_date(keys: set[str], sentences: list[str], facts: list[Facts], people: list[Entity]) -> str:
    """The date of the first sentence that mentions one of ``keys`` and carries one date, and
    is not about other ``people`` than the claim's (a timeline has everyone's visits)."""
    for text, f in zip(sentences, facts):
        starts = sorted({d.start for d in f.dates if d.start and d.start == d.end})
        if len(starts) == 1 and any(_key_in(k, text) for k in keys) and (
                any(_mentioned(text, p, None) for p in people) or not any(e.label == "PERSON" for e in f.entities)):
            return starts[0]
    return ""


# --------------------------------------------------------------------------- entities


def _role_tokens(role: str) -> set[str]:
    text = re.sub(r"\bprime\s+minister\b", "premier", fold(role))  # its own post, not a minister's
    toks = {_ROLE_SPELLING.get(t, t) for t in _tokens(text)}
    toks = {"un" if t in {"un", "united", "nations"} else t for t in toks} - {"nations"}
    return {"eu" if t in {"eu", "european"} else t for t in toks} - {"union"}


_ROLE_SPELLING = {"defense": "defence", "labor": "labour", "spokesperson": "spokesman",
                  "spokeswoman": "spokesman", "chairwoman": "chairman", "chair": "chairman"}
# A minister's portfolio: two ministers of different portfolios are different posts. Other words
# beside a title ("Dravik mayor", "the town's mayor"; "Turkish", "of Turkey") need not differ.
_PORTFOLIOS = {"foreign", "finance", "financial", "interior", "home", "health", "defence", "justice",
               "education", "economy", "economic", "agriculture", "energy", "environment", "trade",
               "labour", "transport", "culture", "treasury", "commerce", "industry", "tourism", "housing",
               "welfare", "social", "development", "digital", "science", "infrastructure", "state"}
# Titles held beside a post: a party's or body's leadership, a seat, a rank ("SDA leader" and
# "Prime Minister"; "Speaker" and "MP"). Two other titles name posts one person does not hold
# at once (a minister is not a governor, an envoy not an ambassador).
_COEXISTING_TITLES = {"leader", "chairman", "head", "founder", "chief", "member", "executive", "officer",
                      "director", "ceo", "manager", "adviser", "advisor", "negotiator", "official",
                      "diplomat", "lawmaker", "mp", "senator", "congressman", "congresswoman", "speaker",
                      "professor", "editor", "general", "commander"}


def compare_roles(claim_role: str, ev_role: str) -> str:
    """SUPPORT when one role is the other in fewer words; CONTRADICT when they are posts that
    one person does not hold at once (foreign vs finance minister, deputy foreign minister vs
    foreign minister, UN envoy vs OSCE representative, mayor vs governor); else ABSTAIN: a
    party leader may be prime minister, and a former post says nothing of the present one."""
    c, e = _role_tokens(claim_role), _role_tokens(ev_role)
    if not c & TITLE_WORDS or not e & TITLE_WORDS:
        return ABSTAIN  # "Mr", "there is an opportunity": not titles
    core_c, core_e = c - _ROLE_MODIFIERS - _ROLE_QUALIFIERS, e - _ROLE_MODIFIERS - _ROLE_QUALIFIERS
    heads_c, heads_e = core_c & TITLE_WORDS, core_e & TITLE_WORDS
    if not heads_c & heads_e and not (heads_c - _COEXISTING_TITLES and heads_e - _COEXISTING_TITLES):
        return ABSTAIN  # posts of different kinds
    if not heads_c & heads_e and (c ^ e) & _ROLE_MODIFIERS - {"former", "ex"}:
        return ABSTAIN  # a deputy prime minister may hold a ministry too
    same_post = core_c <= core_e or core_e <= core_c
    diff = (c ^ e) & _ROLE_MODIFIERS
    if "former" in diff or "ex" in diff:  # a past post and a present one: only the same post clashes
        return CONTRADICT if same_post else ABSTAIN
    if diff:
        return CONTRADICT
    if same_post:
        return SUPPORT
    if not heads_c & heads_e:
        return CONTRADICT  # posts of one kind under other titles: mayor vs governor
    portfolio_c, portfolio_e = core_c & _PORTFOLIOS, core_e & _PORTFOLIOS
    if portfolio_c and portfolio_e and not portfolio_c & portfolio_e:
        return CONTRADICT  # finance vs interior minister
    return ABSTAIN


_APPOSITIVE_ROLE = re.compile(
    r"\b(?:the\s+)?(?P<role>(?:[A-Z][\w'-]*\s+){0,3}(?P<head>[A-Z][\w-]*)"
    r"(?:\s+(?:of|for|to)\s+(?:the\s+)?(?:[A-Z][\w'-]*)(?:\s+[\w'-]+){0,2})?),\s+"
    r"(?P<name>[A-Z][\w-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][\w-]+)+)")


def person_roles(facts: Facts, text: str = "") -> list[tuple[Entity, str, bool]]:
    """(person, role, asserted) triples: titles attached to names ("Foreign Minister Sergey
    Lavrov"), titles before a name in apposition ("the Governor of Kalvar province, Emil
    Haras" - read from ``text``), and copular statements ("Dmitry Polyansky is Russia's
    permanent representative": asserted=True, the role is what the sentence claims)."""
    copula_agents = {fold(ev.agent) for ev in facts.events
                     if fold(ev.predicate) == "be" and ev.agent and ev.objects and not ev.negated
                     and not fold(ev.text).startswith("there")}
    out = [(e, e.role, fold(e.text) in copula_agents) for e in facts.entities if e.label == "PERSON" and e.role]
    for ev in facts.events:
        if fold(ev.agent) in copula_agents and fold(ev.predicate) == "be" and ev.objects:
            for e in facts.entities:
                # the bare noun ("governor") only when no fuller role says it ("governor of Ostra")
                fuller = any(fold(x.text) == fold(e.text) and fold(ev.objects[0]) in fold(r) for x, r, _ in out)
                if e.label in ("PERSON", "ORG") and fold(e.text) == fold(ev.agent) and not fuller:
                    out.append((e.model_copy(update={"label": "PERSON"}), ev.objects[0], True))
    for m in _APPOSITIVE_ROLE.finditer(text):
        if fold(m.group("head")) in TITLE_WORDS:
            out.append((Entity(text=m.group("name"), label="PERSON"), m.group("role"), False))
    m = _LABEL_ROLE.match(text)  # "- Deputy Prime Minister and Minister of Finance: Pavel Horvat (LC)"
    if m and _tokens(m.group("role")) & TITLE_WORDS:
        for role in re.split(r"\s+and\s+", m.group("role")):
            out.append((Entity(text=m.group("name"), label="PERSON"), role, False))
    return out


_LABEL_ROLE = re.compile(r"\s*(?:[-*\u2022\u2013]\s*)?(?P<role>[A-Z][^:\n]{2,80}?):\s*"
                         r"(?P<name>[A-Z][\w-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w-]+)+)")


def check_entities(claim: Facts, ev: EvidenceView) -> CheckResult:
    """Roles of the same person ("permanent representative" vs "first deputy permanent
    representative") and places of the same event ("met Erdogan in Istanbul" vs "in Ankara").
    A sentence dated to another year than the claim's tells of another event or term."""
    if another_year(ev):
        return CheckResult("entity", ABSTAIN)
    ev_roles = person_roles(ev.facts, ev.text)
    for ce, c_role, asserted in person_roles(claim):
        outcomes = [(compare_roles(c_role, e_role), e_role) for ee, e_role, _ in ev_roles
                    if mentions(ee.text, ce) or mentions(ce.text, ee)]
        # A person may hold several posts: one that matches the claim's rules out a clash. A
        # matching title in passing ("President Putin") does not confirm the claim's point; a
        # matching role does when the role is the point ("X is the spokesman").
        match = next((r for o, r in outcomes if o == SUPPORT), None)
        if match is not None:
            if asserted:
                return CheckResult("entity", SUPPORT, f"{ce.text}: '{c_role}' vs '{match}'", anchored=True)
            continue
        clash = next((r for o, r in outcomes if o == CONTRADICT), None)
        if clash is not None:
            return CheckResult("entity", CONTRADICT, f"{ce.text}: '{c_role}' vs '{clash}'", anchored=True)
    for cev in claim.events:
        c_places = claim_places(claim, cev)
        if not c_places:
            continue
        others = [o for o in cev.objects if o] + ([cev.agent] if cev.agent else [])
        for eev in ev.facts.events:
            if not eev.place or not _same_predicate(cev.predicate, eev.predicate):
                continue
            e_names = [o for o in eev.objects if o] + ([eev.agent] if eev.agent else [])
            if not any(_key_in(o, x) or _key_in(x, o) for o in others for x in e_names):
                continue
            rels = {c: places.relation(c, eev.place) for c in c_places}
            if any(r in (places.SAME, places.CONTAINS) for r in rels.values()):
                return CheckResult("entity", SUPPORT, f"{cev.predicate} in {eev.place}")
            if all(r == places.DIFFERENT for r in rels.values()):
                return CheckResult("entity", CONTRADICT,
                                   f"'{c_places[0]}' vs '{eev.place}' ({cev.predicate})")
    return CheckResult("entity", ABSTAIN)


def claim_places(claim: Facts, event) -> list[str]:
    """The event's place, or - when the parse attached none - the claim's place names
    (a one-event claim such as "received by Zelensky in Lviv")."""
    if event.place:
        return [event.place]
    if len([e for e in claim.events if e.predicate not in ("be", "say")]) > 1:
        return []
    return [e.text for e in claim.entities if e.label in ("GPE", "LOC", "FAC")
            and re.search(rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(e.text)}\b", event.text or "")]


_PREDICATE_GROUPS = [
    # Meeting and travelling are one group: "is to meet Putin on Wednesday" and "will be
    # received by Putin on Tuesday", "visited Kyiv on Monday" and "travelled to Kyiv on Sunday".
    {"meet", "receive", "talk", "hold", "host", "see", "visit", "travel", "go", "head", "arrive", "be",
     "stop", "lunch", "meeting", "talks", "come", "leave", "return", "fly", "trip", "speak", "tour",
     "land", "reach"},
    {"say", "tell", "state", "declare", "announce", "add", "note"},
    {"strike", "hit", "shake", "jolt", "rock", "record", "occur", "happen", "quake"},
    {"approve", "adopt", "pass", "endorse", "authorise", "authorize", "vote"},
    {"announce", "pledge", "promise", "commit", "offer", "give", "provide", "release", "allocate"},
    {"kill", "die", "dead", "death"},
    {"open", "reopen", "resume"},
    {"close", "shut"},
    {"launch", "start", "begin"},
    {"sign", "conclude", "agree"},
]


def _same_predicate(a: str, b: str) -> bool:
    a, b = fold(a), fold(b)
    return a == b or any(a in g and b in g for g in _PREDICATE_GROUPS)


# --------------------------------------------------------------------------- polarity


def _lemma_forms(word: str) -> set[str]:
    """Cheap inflection stripping for polarity words: "criticised" -> {"criticise", ...}."""
    w = fold(word)
    forms = {w}
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", ""), ("ed", "e"), ("d", ""), ("es", ""),
                         ("s", ""), ("ing", ""), ("ing", "e")):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            forms.add(w[: -len(suffix)] + repl)
    for suffix in ("ed", "ing"):  # "cancelled" -> "cancel", "stopping" -> "stop"
        stem = w[: -len(suffix)]
        if w.endswith(suffix) and len(stem) > 3 and stem[-1] == stem[-2]:
            forms.add(stem[:-1])
    return forms


_NEGATION_CUES = {"not", "n't", "never", "no", "without", "nor", "neither"}
_PHRASAL_VERBS = {"down": "refused", "off": "cancelled", "back": "withdrew"}  # turned down, called off
_PHRASAL = re.compile(r"\b(turn(?:s|ed|ing)?|call(?:s|ed|ing)?|pull(?:s|ed|ing)?)\s+(down|off|back)\b")
# "voted against" opposes, "voted for" supports: the words of a vote as polarity words
_VOTES = [(re.compile(r"\bvot(?:e|es|ed|ing)\s+against\b"), "opposed"),
          (re.compile(r"\bvot(?:e|es|ed|ing)\s+(?:for|in favou?r of)\b"), "supported")]
# A plan is not an act: "was supposed to have visited", "planning to visit" assert no visit.
_MODAL_CUES = {"supposed", "planned", "planning", "plans", "plan", "expected", "intended", "intends",
               "scheduled", "hoped", "hopes", "wants", "wanted", "would", "could", "might", "may"}
_WORDS = re.compile(r"[a-z]+(?:n't)?|n't")


@lru_cache(maxsize=8192)  # a claim's is read for each of its sentences, by two checks: do not mutate
def text_polarity(text: str) -> dict[int, tuple[int, str]]:
    """Antonym-class -> (side, word) for the polarity words in ``text``, each flipped when a
    negation cue stands in the three words before it ("did not respond" is side 1 of the
    agree/refuse class)."""
    folded = _PHRASAL.sub(lambda m: _PHRASAL_VERBS[m.group(2)], fold(text))
    for pattern, word in _VOTES:
        folded = pattern.sub(word, folded)
    words = _WORDS.findall(folded)
    out: dict[int, tuple[int, str]] = {}
    both: set[int] = set()
    for i, w in enumerate(words):
        forms = _lemma_forms(w)
        for k, (pos, neg) in enumerate(ANTONYMS):
            side = 0 if forms & pos else 1 if forms & neg else None
            if side is None:
                continue
            window = words[max(0, i - 3):i]
            if any(x in _MODAL_CUES for x in window):
                continue
            if any(x in _NEGATION_CUES or x.endswith("n't") for x in window) or "failed" in window:
                side = 1 - side
            if k in out:
                if out[k][0] != side:
                    both.add(k)  # "lifted the curfew imposed on Korvel": says nothing either way
                continue
            out[k] = (side, " ".join(window[-2:] + [w]))
    return {k: v for k, v in out.items() if k not in both}


def check_polarity(claim: Facts, ev: EvidenceView, claim_text: str, relevance: float,
                   min_relevance: float, min_coverage: float) -> CheckResult:
    """Antonyms and negation on the same topic ("agreed" vs "did not respond"; "praised" vs
    "criticised"): only for a relevant sentence that names the claim's subject itself and
    most of the claim's people and places."""
    if relevance < min_relevance or \
            entity_coverage(claim, ev.text, ev.context, ev.title, ev.aliases, ev.document) < min_coverage:
        return CheckResult("negation", ABSTAIN)
    subject = next((e for e in claim.entities if e.label in _NAMED), None)
    if subject is not None and not _mentioned(ev.text, subject, ev.aliases):
        return CheckResult("negation", ABSTAIN)
    cp, ep = text_polarity(claim_text), text_polarity(ev.text)
    for k in sorted(cp.keys() & ep.keys()):
        if cp[k][0] != ep[k][0]:
            return CheckResult("negation", CONTRADICT, f"claim: '{cp[k][1]}', source: '{ep[k][1]}'")
        return CheckResult("negation", SUPPORT, f"'{ep[k][1]}'")
    return CheckResult("negation", ABSTAIN)


def polarity_clash(claim_text: str, sentence: str) -> bool:
    """The sentence uses an antonym or the negation of a claim's verb ("accused" for "praised"),
    whatever its topic: it cannot restate the claim."""
    cp, ep = text_polarity(claim_text), text_polarity(sentence)
    return any(cp[k][0] != ep[k][0] for k in cp.keys() & ep.keys())


# --------------------------------------------------------------------------- attribution


_SPEECH = re.compile(r"^(?P<speaker>.+?)\s+(?:said|says|told\s+\w+|stated|added|argued|warned)\b(?:\s+that)?[,:]?\s+(?P<content>.+)$")
_SPEAKER_IN_CONTEXT = re.compile(
    r"(?P<a>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\s+(?:said|says|told|added|stated)\b"
    r"|\b(?:said|added)\s+(?P<b>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)")
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you", "his", "her"}
_NOT_NAMES = {"Asked", "Mr", "Ms", "Mrs", "Dr", "The", "He", "She", "They", "It", "We", "Secretary",
              "President", "Minister", "Officials", "Reporters"}


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


def _event_words(text: str, facts: Facts) -> frozenset[str]:
    """Content words of ``text`` other than those of its names and dates, and of words that
    say only that something happened ("took place", "was held")."""
    named = " ".join([e.text for e in facts.entities] + [d.text for d in facts.dates])
    return content_words(text) - content_words(named) - _HAPPENED


_HAPPENED = frozenset({"take", "took", "taken", "place", "held", "happen", "occurr", "occur"})


_PLAIN_PREDICATES = {"be", "have", "say", "do", "make", "take", "give", "get", "become", "remain"}


def predicate_found(claim: Facts, ev: Facts, ev_text: str) -> bool:
    """The evidence has one of the claim's verbs (as a verb of the same group, or a word of the
    same stem in ``ev_text``), when the claim has any beyond "be", "have", "say": a sentence
    sharing a claim's names and nouns but not what it says happened does not restate it
    ("Brandt praised the handling of the warnings" vs "The warnings came too late, Brandt said")."""
    preds = {fold(e.predicate) for e in claim.events} - _PLAIN_PREDICATES
    if not preds:
        return True
    ev_preds = {fold(e.predicate) for e in ev.events}
    stems = {w[:5] for w in re.findall(r"[a-z]+", fold(ev_text))}
    return any(p in ev_preds or any(_same_predicate(p, q) for q in ev_preds) or p[:5] in stems for p in preds)


# Words that set a claim's scope, by family: a sentence that shares every other word but has
# none of the family ("declared a nationwide state of emergency" for "a state of emergency in
# Kalvar province") does not restate the claim.
_SCOPES = tuple(re.compile(p) for p in (
    r"\b(?:nationwide|countrywide|(?:whole|entire|rest of the|across the|throughout the|all over the) country)\b",
    r"\b(?:worldwide|global|globally|world)\b",
    r"\b(?:only|solely|sole|alone|exclusively)\b",
    r"\b(?:unanimous|unanimously)\b",
    r"\b(?:permanent|permanently)\b",
))


def scope_kept(claim_text: str, evidence_text: str) -> bool:
    """Does ``evidence_text`` keep every scope the claim sets ("nationwide", "only", "unanimous")?

    >>> scope_kept("Valdoria declared a nationwide emergency.", "Valdoria declared an emergency in Kalvar.")
    False
    >>> scope_kept("It was not extended to the whole country.", "It was not extended to the rest of the country.")
    True
    """
    claim, evidence = fold(claim_text), fold(evidence_text)
    return all(p.search(evidence) for p in _SCOPES if p.search(claim))


@lru_cache(maxsize=16384)  # an evidence sentence is read for every claim that retrieves it
def content_words(text: str) -> frozenset[str]:
    """Stemmed content words: what a sentence must share with a claim to restate it."""
    text = re.sub(r"(?<=[a-z])-(?=[a-z])", "", fold(text))  # "cease-fire" == "ceasefire"
    return frozenset(_stem(t) for t in re.findall(r"[a-z0-9]+", text) if t not in STOPWORDS and len(t) > 1)


def claim_statements(claim_text: str, facts: Facts) -> list[Quote]:
    """Quotes with a speaker, plus reported speech ("Austin said the United States wants ...")."""
    out = [q for q in facts.quotes if q.speaker]
    m = _SPEECH.match(claim_text.strip().rstrip("."))
    if m and not out:
        speaker = m.group("speaker")
        if any(e.label == "PERSON" and mentions(speaker, e) for e in facts.entities):
            out.append(Quote(text=m.group("content"), speaker=speaker))
    return out


def _speaker(quote: Quote, context: str, context_facts: Callable[[], Facts] | None = None) -> str:
    """The quote's speaker, or - for a quote that runs on from the previous sentence, as in
    '"...," Secretary Austin said. "We want ..."' - the speaker named there. A pronoun ("she
    said") stands for the previous sentence's subject when a name is its subject ("Dana Petrov,
    president of the Confederation of Trade Unions, said ..."), else the first person it names."""
    if quote.speaker and fold(quote.speaker) not in _PRONOUNS:
        return quote.speaker
    for m in reversed(list(_SPEAKER_IN_CONTEXT.finditer(context))):
        name = " ".join(w for w in (m.group("a") or m.group("b")).split() if w not in _NOT_NAMES)
        if name:
            return name
    if quote.speaker:  # '"...," she said.' after "Governor Lidia Marenko described the scene."
        if context_facts is not None:  # the parse gives the subjects: a named one, else a person
            facts = context_facts()
            subjects = [e.agent for e in facts.events if _FULL_NAME.fullmatch(e.agent or "")]
            people = [e.text for e in facts.entities if e.label == "PERSON"]
            return (subjects or people or [""])[0]
        names = [n for n in _FULL_NAME.findall(context) if not set(n.split()) & (_NOT_NAMES | _NOT_NAME_WORDS)]
        return names[-1] if names else ""
    return ""


_FULL_NAME = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")
# Capitalised words that make a run of them no name: "On Sunday", "In March".
_NOT_NAME_WORDS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January",
                   "February", "March", "April", "May", "June", "July", "August", "September", "October",
                   "November", "December", "On", "In", "At", "By", "Since", "After", "Before", "During"}


# A transcript paragraph: "MR BENNING: The OSCE will deploy monitors ...", "SECRETARY-GENERAL: ..."
_TRANSCRIPT_LABEL = re.compile(r"(?m)^([A-Z][A-Z.'\u2019-]*(?: [A-Z][A-Z.'\u2019-]*){0,3}):[ \t]")
_NOT_SPEAKERS = {"QUESTION", "Q", "ANSWER", "A", "NOTE", "UPDATE", "SOURCE", "SOURCES"}


def transcript_speaker(document: str, start: int) -> str:
    """Who speaks the sentence at ``start`` of a transcript: the label opening its paragraph
    ("MR BENNING: ..." -> "Mr Benning"); "" outside transcripts and for questions."""
    line_start = document.rfind("\n", 0, start) + 1
    m = _TRANSCRIPT_LABEL.match(document, line_start)
    if m is None or m.group(1) in _NOT_SPEAKERS:
        return ""
    return m.group(1).title()


def check_attribution(claim: Facts, ev: EvidenceView, claim_text: str = "") -> CheckResult:
    """A quote (or reported statement) attributed to someone: the evidence has the same words
    from a different speaker -> contradict; from the same speaker -> support. Not from a
    sentence dated to another year (a speaker's words of 2023 are not this week's)."""
    if another_year(ev):
        return CheckResult("attribution", ABSTAIN)
    for cq in claim_statements(claim_text, claim):
        words = content_words(cq.text)
        if len(words) < 3:
            continue
        # a transcript's sentence is its speaker's words, quoted or not
        quotes = ev.facts.quotes or ([Quote(text=ev.text, speaker=ev.speaker)] if ev.speaker else [])
        for eq in quotes:
            speaker = _speaker(eq, ev.context, ev.context_facts)
            if not speaker:
                continue
            overlap = len(words & content_words(eq.text)) / len(words)
            if overlap < 0.6 and not (ev.same_statement and ev.same_statement(cq.text, eq.text)):
                continue
            c_last, e_last = fold(cq.speaker).split()[-1], fold(speaker).split()[-1]
            if _key_in(c_last, speaker) or _key_in(e_last, cq.speaker):
                return CheckResult("attribution", SUPPORT, f"said by {speaker}", anchored=True)
            return CheckResult("attribution", CONTRADICT, f"said by {speaker}, not {cq.speaker}", anchored=True)
    return CheckResult("attribution", ABSTAIN)
