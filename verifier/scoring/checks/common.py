"""Helpers the checks share: whether a sentence names the claim's people and places
(``mentions``, ``entity_coverage``), whether it speaks of the claim's year and event
(``another_year``, ``event_dates``, ``same_predicate``), and the words a sentence shares with a
claim (``content_words``, ``predicate_found``, ``scope_kept``), which the pipeline reads too,
and a claim aligned with a sentence word for word (``word_diff``, ``added_detail``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from verifier.scoring import places
from verifier.scoring.checks.base import EvidenceView
from verifier.text import COMPARISON_WORDS, MONTHS, TITLE_WORDS, WEEKDAYS, fold
from verifier.types import DateRef, Entity, Event, Facts, Quantity


# Entity labels that name who/where an event is about (used for "same event" tests). NORP
# ("Russian", "Turkish") is left out: demonyms mostly modify titles ("Russian President").
NAMED_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT"}
PLACE_LABELS = {"GPE", "LOC"}
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*")
# Words that carry no content: what a role's and a sentence's words are compared without.
ROLE_STOPWORDS = {"the", "of", "to", "for", "a", "an", "and", "'s", "s", "in", "at", "on", "'"}
# A minister's portfolio: two ministers of different portfolios are different posts. Other words
# beside a title ("Dravik mayor", "the town's mayor"; "Turkish", "of Turkey") need not differ.
PORTFOLIOS = {"foreign", "finance", "financial", "interior", "home", "health", "defence", "justice",
              "education", "economy", "economic", "agriculture", "energy", "environment", "trade",
              "labour", "transport", "culture", "treasury", "commerce", "industry", "tourism", "housing",
              "welfare", "social", "development", "digital", "science", "infrastructure", "state"}
STOPWORDS = ROLE_STOPWORDS | {
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would", "can",
    "could", "should", "may", "might", "do", "does", "did", "it", "its", "this", "that", "these",
    "those", "by", "with", "from", "as", "or", "but", "not", "no", "he", "she", "they", "we", "his",
    "her", "their", "our", "i", "you", "who", "which", "what", "there", "than", "then", "so", "if",
    "about", "into", "over", "after", "before", "also", "more", "most", "said", "says", "say"}


# --------------------------------------------------------------------------- helpers

def is_dateline(text: str, d: DateRef) -> bool:
    """"WASHINGTON, DC - March 10, 2026: The IMF ...", "SELNA, Valdria, March 9 (Wire) -": the
    date a report was filed, not an event's (a timeline's "Sun. 10 Mar: ..." is an event's)."""
    return bool(_DATELINE_PLACE.fullmatch(text[:d.start_char])) and \
        bool(re.match(r"\s*[-\u2013\u2014:(]", text[d.end_char:]))


# "SELNA, Valdria, " (a capitalised place first) or "Washington, DC - " (a dash before the date);
# not "Korvel, 26 February (verified as of 10 March): Killed: 47", a fact sheet's label.
_DATELINE_PLACE = re.compile(r"[A-Z][A-Z .'-]+,\s*(?:[A-Z][\w .'-]*,\s*)*|[A-Z][\w .,'-]*\s[-\u2013\u2014]\s*")


# A timeline's item: a line that opens with a list mark or a bold date and gives its day first
# ("- 7 October (Wednesday): ...", "**10 March (Tuesday)**: ...", "3. 2026-03-09: ..."): each of
# its sentences tells of that day.
_MONTH = "|".join(m.capitalize() for m in MONTHS)
TIMELINE_ITEM = re.compile(rf"[ \t]*(?:(?:[-*•]|\d+[.)])\s+(?:\*\*)?|\*\*)\s*"
                           rf"(?:\d{{1,2}}\s+(?:{_MONTH})|(?:{_MONTH})\s+\d{{1,2}}\b|\d{{4}}-\d\d-\d\d)")


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
        if e.label not in NAMED_LABELS:
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
    if ent.label not in PLACE_LABELS:
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


def mentioned(text: str, ent: Entity, aliases: dict[str, str] | None = None) -> bool:
    if ent.label in PLACE_LABELS:
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
    direct = [mentioned(scope, e, aliases) or bool(document and (e.label in PLACE_LABELS or whole_document)
                                                    and _in_document(document, e.text)) for e in ents]
    for outer, inner in _nested_places(claim, ents):  # "Valdoria's Kalvar province": Kalvar names both
        if direct[inner] and not direct[outer]:
            direct[outer] = True
    if not context or (sum(direct) < max(1, len(ents) / 2) and not _PRONOUN_SUBJECT.search(sentence)):
        return sum(direct) / len(ents)
    return sum(d or mentioned(context, e, aliases) for d, e in zip(direct, ents)) / len(ents)


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
            if i == j or a.label not in PLACE_LABELS or b.label not in PLACE_LABELS:
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
    return all(mentioned(scope, e, aliases) for e in actors)


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


# A date in a "since ..." / "by ..." / "as of ..." phrase is a reference point, not the event's date.
_CUTOFF = re.compile(r"\b(?:by|as of|since|until|till|through|before|after|from|between)\b[^,;]{0,40}$",
                     re.IGNORECASE)


def event_dates(claim_text: str, facts: Facts) -> list[DateRef]:
    """The dates a claim gives its event: "on Tuesday", not "since Feb. 24", "by 24 April" or
    "between 8 and 10 March" (reference points and cut-offs, which the quantity and order
    checks use)."""
    return [d for d in facts.dates
            if not _cut_off(claim_text[max(0, d.start_char - 48):d.start_char])
            and not _RANGE_END.search(claim_text[max(0, d.start_char - 120):d.start_char])]


def _cut_off(before: str) -> bool:
    """The words before a date make it a reference point or a cut-off ("by", "since", "from"),
    not "from" a place ("launched from Cape Anver on Wednesday")."""
    m = _CUTOFF.search(before)
    if m is None:
        return False
    place = re.match(r"(?i:from)\s+(?:the\s+)?([A-Z][\w-]*)", m.group(0))
    return place is None or place.group(1).lower() in MONTHS + WEEKDAYS


_RANGE_END = re.compile(r"\b(?:between\b[^;.]*\band|from\b[^;.]*\b(?:to|until))\s*$", re.IGNORECASE)


def time_of_event(text: str, d: DateRef) -> bool:
    """Whether a date in ``text`` dates what the sentence reports, not the telling of it nor a
    point of comparison: "said on Monday" dates the saying, "more than in the whole of last
    year" and "compared with 2019" the figure set against the reported one."""
    if compared(text, d):
        return False
    from verifier.claims.facts import SAY_VERBS, verb_of
    from verifier.claims.nlp import parse

    verb = verb_of(parse(text), d)
    return verb is None or verb.lemma_.lower() not in SAY_VERBS


def compared(text: str, d: DateRef) -> bool:
    """A date set against the reported one: "more than in the whole of last year", "compared
    with 2019", "versus a year earlier"."""
    return bool(_COMPARED.search(text[max(0, d.start_char - 48):d.start_char]))


_COMPARED = re.compile(rf"\b(?:{COMPARISON_WORDS}|against)\b[^,;]{{0,40}}$", re.IGNORECASE)


def is_heading(text: str) -> bool:
    """A line that introduces what follows it ("Key events of the crisis in 2026:")."""
    return text.rstrip().endswith(":")


def offset(claim_text: str, q: Quantity) -> bool:
    """"two days after the signing": a time offset (order and dates judge it), not a figure."""
    return bool(_OFFSET.match(claim_text, q.end))


_OFFSET = re.compile(r"[\s-]*(?:days?|weeks?|months?|years?|hours?)\s+(?:after|before|later|earlier|ago|since)\b",
                     re.IGNORECASE)


def key_in(key: str, text: str) -> bool:
    """``text`` has the words of ``key`` in a row (or, for a name of several words, its last)."""
    toks = re.findall(r"[a-z0-9]+", fold(key))
    hay = " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "
    return bool(toks) and (f" {' '.join(toks)} " in hay or (len(toks) > 1 and f" {toks[-1]} " in hay))


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


def same_predicate(a: str, b: str) -> bool:
    """Two verbs for one kind of event ("visit" and "travel"; ``_PREDICATE_GROUPS``)."""
    a, b = fold(a), fold(b)
    return a == b or any(a in g and b in g for g in _PREDICATE_GROUPS)


# Verbs that say only that their object took place or came out, the object naming the event:
# "held / set the first hearing", "read / delivered its verdict", "presented / published the
# budget", "released / issued its report". Two of them with objects of the same head noun tell of
# one event, whichever verb each sentence chose.
SUPPORT_VERBS = frozenset({"hold", "set", "schedule", "deliver", "read", "hand", "issue", "publish", "release",
                           "present", "give", "make", "host", "stage", "conduct", "unveil", "table", "submit"})
_OBJECT_HEAD = re.compile(r"([a-z]+)(?:\s+(?:of|on|into|for|in|at|about|to)\b.*)?$")
_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "this", "that", "these", "those"})


def _object_head(phrase: str) -> tuple[str, frozenset[str]]:
    """The head noun of an object phrase and the words before it: "its final report on the
    spill" -> ("report", {"final"})."""
    text = fold(phrase).strip(" .,;:")
    m = _OBJECT_HEAD.search(text)
    if not m:
        return "", frozenset()
    return m.group(1), frozenset(WORDS.findall(text[:m.start()])) - _DETERMINERS


def _heads(event: Event) -> dict[str, list[frozenset[str]]]:
    out: dict[str, list[frozenset[str]]] = {}
    for head, modifiers in map(_object_head, event.objects):
        if head:
            out.setdefault(head, []).append(modifiers)
    return out


def same_event(a: Event, b: Event) -> bool:
    """One event told by two sentences: alike verbs (``same_predicate``); two support verbs whose
    objects share their head noun ("read its verdict" and "will deliver its verdict"); or a
    support verb whose object is the other's event noun ("set the first hearing" and "the
    hearing")."""
    if same_predicate(a.predicate, b.predicate):
        return True
    a_heads = _heads(a) if fold(a.predicate) in SUPPORT_VERBS else {}
    b_heads = _heads(b) if fold(b.predicate) in SUPPORT_VERBS else {}
    # the same thing: one phrase's modifiers within the other's ("its final report" is not "its
    # interim report", "the first hearing" is "the first hearing of the appeals")
    return any(x <= y or y <= x for head in a_heads.keys() & b_heads.keys()
               for x in a_heads[head] for y in b_heads[head]) \
        or fold(b.predicate) in a_heads or fold(a.predicate) in b_heads


def lemma_forms(word: str) -> set[str]:
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


WORDS = re.compile(r"[a-z]+(?:n't)?|n't")


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)]
    return word


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
    return any(p in ev_preds or any(same_predicate(p, q) for q in ev_preds) or p[:5] in stems for p in preds)


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


def restates(claim_text: str, sentence: str, share: float) -> bool:
    """The sentence has at least ``share`` of the claim's content words: it may restate the
    claim, so a single difference in it (a negated verb, a flipped order cue) is a contradiction."""
    words = content_words(claim_text)
    return bool(words) and len(words & content_words(sentence)) >= share * len(words)


# Words (with their apostrophes and inner dots: "O'Reilly", "U.S"; a hyphen parts two words, as
# in "CAF-secreted") and single marks: the units a claim and a sentence are aligned in.
WORD_TOKEN = re.compile(r"\w+(?:['’.&/]\w+)*|[^\w\s]")
# Words a claim must repeat around what it changes for the two to be aligned word for word:
# fewer is too little to tell a changed word from another sentence.
MIN_ALIGNED_WORDS = 6
# Runs of the sentence a claim may leave out and still repeat it: more, and its words are
# scattered over a longer sentence that says something else.
_MAX_LEFT_OUT = 2


@dataclass(frozen=True)
class WordDiff:
    """A claim aligned word for word with a sentence (``difflib``'s opcodes over folded tokens).
    ``change`` is the one run the claim has in place of the sentence's words ("replace") or
    beside them ("delete": words only the claim has), when there is exactly one; words only
    the sentence has (a clause the claim leaves out, at most ``_MAX_LEFT_OUT`` runs) do not
    count. ``shared`` counts the claim's words outside that run."""

    claim: str
    sentence: str
    # (tag, its span in the claim, its span in the sentence, the index of its first word in the claim)
    change: tuple[str, tuple[int, int], tuple[int, int], int] | None
    shared: int

    @property
    def claim_part(self) -> str:
        return self.claim[slice(*self.change[1])] if self.change else ""

    @property
    def sentence_part(self) -> str:
        return self.sentence[slice(*self.change[2])] if self.change else ""


def lacks_at_most(claim_text: str, sentence: str, n: int) -> bool:
    """The sentence lacks at most ``n`` of the claim's content words: the cheap test that most
    sentences fail before a claim is aligned with them word for word."""
    return len(content_words(claim_text) - content_words(sentence)) <= n


@lru_cache(maxsize=16384)  # a sentence is aligned with each claim that retrieves it
def word_diff(claim_text: str, sentence: str) -> WordDiff:
    """Align ``claim_text`` with ``sentence`` word for word (case-folded)."""
    a, b = list(WORD_TOKEN.finditer(claim_text)), list(WORD_TOKEN.finditer(sentence))
    ops = SequenceMatcher(None, [fold(m.group()) for m in a], [fold(m.group()) for m in b],
                          autojunk=False).get_opcodes()
    diffs = [op for op in ops if op[0] not in ("equal", "insert")]
    if len(diffs) != 1 or sum(op[0] == "insert" for op in ops) > _MAX_LEFT_OUT:
        return WordDiff(claim_text, sentence, None, 0)
    tag, i1, i2, j1, j2 = diffs[0]
    # the sentence's side of a "delete" is the empty place between its words
    at = b[j1].start() if j1 < len(b) else len(sentence)
    span_b = (b[j1].start(), b[j2 - 1].end()) if j2 > j1 else (at, at)
    shared = sum(m.group()[0].isalnum() for m in a[:i1] + a[i2:])
    return WordDiff(claim_text, sentence, (tag, (a[i1].start(), a[i2 - 1].end()), span_b, i1), shared)


# Words that open an adjunct: a phrase that adds where, when, why or how to a statement.
_ADJUNCT_OPENERS = {"in", "at", "on", "during", "after", "before", "despite", "ahead", "for", "with", "from", "by",
                    "since", "amid", "under", "over", "near", "across", "throughout", "following", "because", "as",
                    "while", "when", "without", "against", "through", "within", "until"}
_MAX_DETAIL_WORDS = 6  # content words of one added phrase ("after months of delay": 2)
_WEEKDAY_STEMS = frozenset(_stem(d) for d in WEEKDAYS)


def added_detail(claim_text: str, sentence: str) -> bool:
    """The claim repeats the sentence (or a part of it) word for word and adds one phrase of
    where, when, why or how with a content word the sentence does not have: "The film received
    positive reviews from critics in Mexico" against "The film received positive reviews from
    critics". A weekday beside a date the sentence gives is the date check's to confirm."""
    if not lacks_at_most(claim_text, sentence, _MAX_DETAIL_WORDS):
        return False
    d = word_diff(claim_text, sentence)
    if d.change is None or d.change[0] != "delete" or d.shared < MIN_ALIGNED_WORDS:
        return False
    words = WORD_TOKEN.findall(d.claim_part)
    if fold(words[0]) not in _ADJUNCT_OPENERS or not re.match(r"\s*(?:[^\w\s]|$)", d.claim[d.change[1][1]:]):
        return False  # not a phrase of its own: "located in", a name said in full
    return bool(content_words(d.claim_part) - content_words(sentence) - _WEEKDAY_STEMS)
