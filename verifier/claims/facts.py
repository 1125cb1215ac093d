"""Structured facts of any sentence (claim or evidence): ``parse_facts(text, anchor_date)``.

One spaCy parse gives entities (with the title or role attached in the text), events (verb
lemma, agent, objects, place, date), order relations between the events of the sentence
(from cue words), quotes with their speaker, negation and polarity words; the quantity and
date parsers add numbers and dates. Results are cached by (text, anchor) because the scoring
stage parses the same evidence sentence for many claims.

Polarity words are verb lemmas, synonyms made one (``POLARITY``: "chastised", "condemned" ->
``criticize``; "welcomed" -> ``praise``), so the scoring checks can set a claim's words against
its evidence's: "Zelensky praised Guterres" vs "Zelensky chastised Guterres".
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from verifier.claims.dates import parse_dates, to_date
from verifier.claims.quantities import parse_quantities
from verifier.text import MONTHS, PRONOUNS, TITLE_WORDS, WEEKDAYS
from verifier.types import DateRef, Entity, Event, Facts, OrderRel, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

ENTITY_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PRODUCT",
                 "WORK_OF_ART"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
CLAUSE_DEPS = {"ROOT", "conj", "advcl", "xcomp", "ccomp", "pcomp", "relcl", "acl", "parataxis"}
SAY_VERBS = {"say", "add", "tell", "state", "stress", "note", "warn", "claim", "write", "insist",
             "explain", "declare", "argue", "reply", "respond", "ask", "tweet",
             "remark", "acknowledge", "admit"}
LIGHT_VERBS = {"have", "hold", "make", "take", "give", "conduct", "host"}
NEGATING_VERBS = {"refuse", "fail", "decline", "deny", "reject", "neglect"}
MOVEMENT_VERBS = {"visit", "travel", "go", "head", "arrive", "fly", "return", "leave", "tour", "reach",
                  "enter", "come", "move", "drive", "sail"}
NEGATIVE_DETS = {"no", "none", "nobody", "nothing", "neither", "nor", "never"}
# Canonical polarity words: surface lemma -> canonical.
POLARITY = {
    "agree": "agree", "accept": "agree", "approve": "approve", "refuse": "refuse",
    "reject": "refuse", "decline": "refuse", "deny": "deny", "confirm": "confirm",
    "open": "open", "reopen": "open", "close": "close", "shut": "close",
    "raise": "raise", "increase": "raise", "hike": "raise", "cut": "cut", "lower": "cut",
    "reduce": "cut", "decrease": "cut",
    "praise": "praise", "commend": "praise", "hail": "praise", "laud": "praise",
    "welcome": "praise", "thank": "praise",
    "criticise": "criticize", "criticize": "criticize", "chastise": "criticize",
    "condemn": "criticize", "rebuke": "criticize", "slam": "criticize", "blast": "criticize",
    "denounce": "criticize", "fault": "criticize",
    "support": "support", "back": "support", "oppose": "oppose",
    "win": "win", "lose": "lose", "impose": "impose", "lift": "lift",
    "extend": "extend", "suspend": "suspend", "resume": "resume", "cancel": "cancel",
    "allow": "allow", "ban": "ban", "block": "ban", "permit": "allow",
    # kept as they are: compliance, movement and change verbs that evidence can reverse
    **{w: w for w in ("heed", "observe", "respect", "ignore", "veto", "violate", "fail", "attend",
                      "travel", "visit", "go", "postpone", "skip", "start", "begin", "halt", "end",
                      "stop", "rise", "grow", "expand", "boost", "fall", "drop", "shrink", "slash",
                      "gain", "blame", "attack", "applaud")},
}
ORDER_BEFORE = {"before", "ahead", "prior", "until"}
ORDER_AFTER = {"after", "following", "since"}
_QUOTE_RE = re.compile(r"\"([^\"]{2,}?)\"|\u201c([^\u201d]{2,}?)\u201d")


def parse_facts(text: str, anchor_date=None) -> Facts:
    """The facts ``text`` asserts; relative dates resolve against ``anchor_date`` (ISO or date).

    >>> f = parse_facts("More than 2,660 civilians have been killed since Feb. 24.", "2022-04-26")
    >>> (f.quantities[0].value, f.quantities[0].measure, f.dates[0].start)
    (2660.0, 'killed', '2022-02-24')
    """
    anchor = to_date(anchor_date)
    return _parse_facts(text, anchor.isoformat() if anchor else "")


# The code whose output ``parse_facts`` is: facts stored in an index are valid while neither it,
# the schema of ``Facts`` nor the spaCy pipeline has changed.
_EXTRACTOR_FILES = ("claims/facts.py", "claims/dates.py", "claims/quantities.py", "claims/nlp.py", "text.py")


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A short hash of the fact extractor: its source files, the ``Facts`` schema and the spaCy
    pipeline's version. An index stores each sentence's facts with it (``verifier index build``);
    a reader uses them only when it matches, so a changed extractor never serves stale facts.

    >>> len(extractor_version())
    16
    """
    import hashlib
    import importlib.metadata as md
    from pathlib import Path

    from verifier.claims.nlp import SPACY_PACKAGE

    root = Path(__file__).resolve().parent.parent
    h = hashlib.sha256()
    for name in _EXTRACTOR_FILES:
        h.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    h.update(json.dumps(Facts.model_json_schema(), sort_keys=True).encode())
    for dist in ("spacy", SPACY_PACKAGE):
        try:
            h.update(f"{dist}=={md.version(dist)}".encode())
        except md.PackageNotFoundError:
            h.update(f"{dist}==?".encode())
    return h.hexdigest()[:16]


def parse_facts_many(texts: list[str], anchor_date=None) -> list[Facts]:
    """``parse_facts`` of many sentences, with their spaCy parses batched (about twice as fast
    as one by one): for the evidence sentences of a batch of claims."""
    from verifier.claims.nlp import parse_many

    parse_many(texts)
    return [parse_facts(t, anchor_date) for t in texts]


def parse_facts_stream(items: list[tuple[str, str]], batch: int = 512,
                       progress: Callable[[int], None] | None = None) -> Iterator[Facts]:
    """``parse_facts(text, anchor)`` of each (text, anchor) item in order, spaCy parses batched
    ``batch`` at a time (the parse cache holds a few thousand): for indexing a whole corpus.
    ``progress(n)`` is called after each batch with the items done so far."""
    from verifier.claims.nlp import parse_many

    for s in range(0, len(items), batch):
        chunk = items[s:s + batch]
        parse_many([t for t, _ in chunk])
        for text, anchor in chunk:
            yield parse_facts(text, anchor or None)
        if progress is not None:
            progress(s + len(chunk))


@lru_cache(maxsize=8192)
def _parse_facts(text: str, anchor: str) -> Facts:
    from verifier.claims.nlp import parse

    doc = parse(text)
    dates = _weekdays_by_tense(doc, parse_dates(text, anchor or None), anchor)
    events, order = _events(doc, dates)
    return Facts(
        quantities=parse_quantities(text, doc),
        dates=dates,
        entities=_entities(doc),
        events=events,
        order=order,
        quotes=_quotes(text, doc),
        negated=_root_negated(doc),
        polarity_words=_polarity(doc),
    )


# --------------------------------------------------------------------------- entities


def _strip(tokens: list["Token"]) -> str:
    while tokens and (tokens[0].dep_ in ("det", "punct", "cc") or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].dep_ in ("cc", "case")):
        tokens = tokens[:-1]
    if not tokens:
        return ""
    doc = tokens[0].doc
    return doc[tokens[0].i:tokens[-1].i + 1].text


def role_of(ent: "Span") -> str:
    """The title or role the text attaches to an entity: "Foreign Minister Sergey Lavrov",
    "Dmitry Polyansky, Russia's permanent representative to the U.N.", "the deputy
    spokesman, Farhan Haq"."""
    root = ent.root
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end:
            return _strip(list(child.subtree))
    if root.dep_ == "nsubj" and root.head.lemma_ == "be":  # "Haq is the deputy spokesman"
        attr = next((c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"), None)
        if attr is not None:
            return _strip(list(attr.subtree))
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ in ("NOUN", "PROPN") \
            and not root.head.ent_type_ == "PERSON":
        # "the Governor of Veln Province, Pavel Hruska": the head with its own words, not the name
        name = {t.i for t in root.subtree}
        return _strip([t for t in root.head.subtree if t.i not in name and t.i < ent.start])
    prefix: list[Token] = []
    subtree = {t.i for t in root.subtree}
    i = ent.start - 1
    while i >= 0 and i in subtree and ent.doc[i].ent_type_ not in ("PERSON",):
        prefix.insert(0, ent.doc[i])
        i -= 1
    if prefix and any(t.pos_ in ("NOUN", "PROPN") for t in prefix):
        role = _strip(prefix)
        written = _title_before(ent)
        return written if len(written) > len(role) else role
    return _title_before(ent)


_CAPITALISED_TITLE = re.compile(r"((?:[A-Z][\w'’.-]*\s+)(?:(?:[A-Z][\w'’.-]*|of|for|and|the)\s+)*)$")
_NOT_TITLE = {"of", "for", "and", "the", "on", "in", "at", "by", "yesterday", "today", *WEEKDAYS, *MONTHS}


def _title_before(ent: "Span") -> str:
    """A capitalised title written just before a name, which the parse may split: "Deputy
    Minister of Health Anika Sorel" -> "Deputy Minister of Health"."""
    m = _CAPITALISED_TITLE.search(ent.doc.text[max(0, ent.start_char - 80):ent.start_char])
    words = m.group(1).split() if m else []
    if "and" in words:  # "Foreign Minister Yusuf Adrani and Deputy Foreign Minister Lena Morav",
        last = words[len(words) - words[::-1].index("and"):]  # not "Minister of Trade and Industry"
        if set(re.findall(r"[a-z]+", " ".join(last).lower())) & TITLE_WORDS:
            words = last
    while words and words[0].lower() in _NOT_TITLE:
        words = words[1:]
    return " ".join(words) if set(re.findall(r"[a-z]+", " ".join(words).lower())) & TITLE_WORDS else ""


def _entities(doc: "Doc") -> list[Entity]:
    """NER entities (with their role), plus proper-noun chunks the small model missed."""
    out = [Entity(text=e.text, label=e.label_, canonical=e.text, role=role_of(e) if e.label_ in
                  ("PERSON", "ORG") else "", start=e.start_char, end=e.end_char)
           for e in doc.ents if e.label_ in ENTITY_LABELS]
    covered = {t.i for e in doc.ents for t in e}
    for tok in doc:
        if tok.pos_ == "PROPN" and tok.i not in covered and tok.dep_ != "compound" and tok.is_title:
            start = tok.i
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
                start -= 1
            span = doc[start:tok.i + 1]
            if any(t.i in covered for t in span):
                continue
            out.append(Entity(text=span.text, label="PROPN", canonical=span.text,
                              start=span.start_char, end=span.end_char))
    out.sort(key=lambda e: e.start)
    return out


# --------------------------------------------------------------------------- events


def _phrase(tok: "Token") -> str:
    """The name-level phrase of a noun: its entity if it is in one, else compounds + noun."""
    if tok.ent_type_ and tok.ent_iob_ != "O":
        for ent in tok.doc.ents:
            if ent.start <= tok.i < ent.end:
                return ent.text
    left = [c for c in tok.children if c.dep_ in ("compound", "amod", "poss") and c.i < tok.i]
    start = min([tok.i] + [c.i for c in left])
    return _strip(list(tok.doc[start:tok.i + 1]))


def _is_event_verb(tok: "Token") -> bool:
    """A verb heading a clause; "is" of "is to meet" is not an event of its own."""
    if tok.pos_ not in ("VERB", "AUX") or tok.dep_ not in CLAUSE_DEPS:
        return False
    if tok.pos_ == "AUX":
        return tok.dep_ == "ROOT" and not any(c.dep_ == "xcomp" for c in tok.children)
    return True


def _subject(verb: "Token") -> "Token | None":
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)


def _agent_of(verb: "Token") -> str:
    """Grammatical subject, inherited up the clause chain when the clause has none
    ("having stopped over", "to meet", "before being received")."""
    tok = verb
    for _ in range(8):
        subj = _subject(tok)
        if subj is not None and subj.dep_ != "expl":
            return _phrase(subj)
        if tok.head.i == tok.i:
            break
        tok = tok.head
    return ""


def _is_place(tok: "Token", movement: bool) -> bool:
    """A place name: a GPE/LOC/FAC entity, or (after "in"/"at" or a movement verb) a proper
    noun the small NER model left unlabelled ("met Erdogan in Istanbul")."""
    if tok.ent_type_ in PLACE_LABELS:
        return True
    if not (movement and tok.pos_ == "PROPN" and tok.is_title):
        return False
    # The small model calls some cities people ("visited Kyiv"): a one-word name is allowed.
    ent = next((e for e in tok.doc.ents if e.start <= tok.i < e.end), None)
    return ent is None or ent.label_ in ("ORG", "NORP") or (ent.label_ == "PERSON" and len(ent) == 1)


def _agents_of(verb: "Token") -> str:
    """The agent with its conjuncts: "Antony Blinken and Lloyd Austin"."""
    agent = _agent_of(verb)
    cur = verb
    for _ in range(8):
        subj = _subject(cur)
        if subj is not None:
            conj = [_phrase(c) for c in subj.conjuncts if c.i > subj.i]
            return " and ".join([agent] + conj) if conj and agent else agent
        if cur.head.i == cur.i:
            break
        cur = cur.head
    return agent


def _negated(verb: "Token") -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and verb.head.lemma_ in NEGATING_VERBS:
        return True
    return verb.lemma_ in NEGATING_VERBS and any(c.dep_ == "xcomp" for c in verb.children)


def _events(doc: "Doc", dates: list[DateRef]) -> tuple[list[Event], list[OrderRel]]:
    verbs = [t for t in doc if _is_event_verb(t)]
    date_heads = [(d, _date_token_head(doc, d)) for d in dates]
    ids = {v.i: f"e{n + 1}" for n, v in enumerate(verbs)}
    events: list[Event] = []
    extra: list[Event] = []
    order: list[OrderRel] = []
    for v in verbs:
        predicate, objects, place, dobj_place = v.lemma_.lower(), [], "", ""
        moving = v.lemma_ in MOVEMENT_VERBS
        # "Real Madrid beat Liverpool", "Russia sanctioned Norland": a name acting on a place
        # name makes it a party to the event; "the quake struck Kalvar province" its place.
        subject = _subject(v)
        party_object = not moving and subject is not None and subject.pos_ == "PROPN"
        for c in v.children:
            if c.dep_ in ("dobj", "attr", "dative", "oprd"):
                if v.lemma_ in LIGHT_VERBS and c.pos_ == "NOUN":
                    # "held three hours of talks", "two rounds of talks": the event is the talks
                    inner = next((p for pp in c.children if pp.dep_ == "prep" and pp.lower_ == "of"
                                  for p in pp.children if p.dep_ == "pobj" and p.pos_ == "NOUN"), None) \
                        if any(n.dep_ == "nummod" for n in c.children) else None
                    predicate = (inner or c).lemma_.lower()
                    objects += [_phrase(cc) for cc in c.children if cc.dep_ == "conj"]
                    objects += [_phrase(p) for pp in c.children if pp.dep_ == "prep"
                                for p in pp.children if p.dep_ == "pobj"]
                else:
                    objects.append(_phrase(c))
                    if _is_place(c, movement=moving) and not dobj_place and not party_object:
                        dobj_place = _phrase(c)
            elif c.dep_ in ("prep", "agent") or (c.dep_ == "prt" and c.lower_ == "on"):
                for p in c.children:
                    if p.dep_ != "pobj":
                        continue
                    if c.lower_ in ("in", "at", "to", "into", "on") and _is_place(p, movement=c.lower_ != "to"
                                                                             or moving):
                        place = place or _phrase(p)
                    elif c.lower_ in ("with", "by", "to", "for"):
                        objects.append(_phrase(p))
        if not place:
            # "received by Zelensky in Lviv": the parser hung the place on the object.
            nested = [p for c in v.children if c.dep_ in ("agent", "prep", "dobj")
                      and c.lower_ not in ORDER_BEFORE | ORDER_AFTER for o in
                      ([c] if c.dep_ == "dobj" else [x for x in c.children if x.dep_ == "pobj"])
                      for pp in o.children if pp.dep_ == "prep" and pp.lower_ in ("in", "at")
                      for p in pp.children if p.dep_ == "pobj" and _is_place(p, True)]
            place = _phrase(nested[0]) if nested else dobj_place
        if not place:
            place = where_place(v)
        if not place:
            # "The Ukraine trip came ...": the place named on an event-noun subject.
            subj = _subject(v)
            mods = [c for c in subj.children if c.dep_ == "compound" and c.ent_type_ in PLACE_LABELS] \
                if subj is not None and subj.pos_ == "NOUN" else []
            place = _phrase(mods[0]) if mods else ""
        if not place:
            nested = [p for c in v.children if c.dep_ == "prt" for p in c.children
                      if p.dep_ == "prep" for p in p.children if p.ent_type_ in PLACE_LABELS]
            place = _phrase(nested[0]) if nested else ""
        clause_end = max(t.i for t in v.subtree)
        date = next((d for d, head in date_heads if head == v.i), None)
        events.append(Event(id=ids[v.i], agent=_agents_of(v), predicate=predicate,
                            objects=[o for o in objects if o], place=place, date=date,
                            negated=_negated(v), text=doc[v.left_edge.i:clause_end + 1].text))
    by_id = {e.id: e for e in events}
    for v in verbs:
        order += _order_cues(v, ids)
        # "visiting Russia before Ukraine": a second, implicit event of the same predicate.
        for prep, cue in _order_preps(v):
            pobj = next((p for p in prep.children if p.dep_ == "pobj" and p.pos_ in ("PROPN", "NOUN")), None)
            if pobj is None:
                continue
            base = by_id[ids[v.i]]
            new_id = f"e{len(verbs) + len(extra) + 1}"
            if pobj.pos_ == "PROPN":  # "visiting Russia before Ukraine": same act, other place
                new = base.model_copy(update={"id": new_id, "objects": [_phrase(pobj)],
                                              "place": _phrase(pobj) if _is_place(pobj, True) else "",
                                              "date": None, "text": f"{prep.text} {_phrase(pobj)}"})
            else:  # "came after the stop in Moscow": an event noun
                places = [p for pp in pobj.children if pp.dep_ == "prep" and pp.lower_ in ("in", "at", "to")
                          for p in pp.children if p.dep_ == "pobj" and _is_place(p, True)]
                new = Event(id=new_id, agent=base.agent, predicate=pobj.lemma_.lower(),
                            place=_phrase(places[0]) if places else "",
                            text=doc[prep.i:pobj.right_edge.i + 1].text)
            extra.append(new)
            pair = (base.id, new.id) if cue in ORDER_BEFORE else (new.id, base.id)
            order.append(OrderRel(before=pair[0], after=pair[1], cue=cue))
    for v in (t for t in doc if t.lemma_ in ("follow", "precede") and t.pos_ == "VERB"):
        pair = _follow_precede(v, len(verbs) + len(extra))
        if pair:
            first, then = pair
            extra += [first, then]
            order.append(OrderRel(before=first.id, after=then.id, cue=v.lemma_))
    return events + extra, _dedupe(order)


def _order_preps(v: "Token") -> list[tuple["Token", str]]:
    """(preposition holding the object, cue) for "before X", "after X", "ahead of X",
    "prior to X", "following X" on the verb ``v``."""
    out = []
    for c in v.children:
        if c.dep_ != "prep":
            continue
        if c.lower_ in ("before", "after", "following"):
            out.append((c, c.lower_))
        elif c.lower_ in ("ahead", "prior") or (c.lower_ in ("of", "to") and c.head.lower_ in ("ahead", "prior")):
            inner = next((p for p in c.children if p.dep_ == "prep" and p.lower_ in ("of", "to")), c)
            out.append((inner, c.lower_ if c.lower_ in ("ahead", "prior") else c.head.lower_))
    for c in v.children:  # "ahead of" parsed as an adverb with its own preposition
        if c.dep_ == "advmod" and c.lower_ in ("ahead", "prior"):
            inner = next((p for p in c.children if p.dep_ == "prep" and p.lower_ in ("of", "to")), None)
            if inner is not None:
                out.append((inner, c.lower_))
    return out


def _noun_event(noun: "Token", event_id: str) -> Event:
    """An event named by a noun ("the stop in Moscow", "the Kyiv visit")."""
    places = [p for pp in noun.children if pp.dep_ == "prep" and pp.lower_ in ("in", "at", "to")
              for p in pp.children if p.dep_ == "pobj" and _is_place(p, True)]
    places += [c for c in noun.children if c.dep_ == "compound" and _is_place(c, True)]
    return Event(id=event_id, predicate=noun.lemma_.lower(), place=_phrase(places[0]) if places else "",
                 text=noun.doc[noun.left_edge.i:noun.right_edge.i + 1].text)


def _follow_precede(v: "Token", used: int) -> tuple[Event, Event] | None:
    """"A was followed by B", "B followed A", "A preceded B": (earlier, later) noun events."""
    subj = _subject(v)
    if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
        return None
    passive = subj.dep_ == "nsubjpass"
    other = next((p for c in v.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"), None) \
        if passive else next((c for c in v.children if c.dep_ == "dobj"), None)
    if other is None or other.pos_ not in ("NOUN", "PROPN"):
        return None
    a, b = _noun_event(subj, f"e{used + 1}"), _noun_event(other, f"e{used + 2}")
    subject_first = (v.lemma_ == "precede") != passive
    return (a, b) if subject_first else (b, a)


def where_place(v: "Token") -> str:
    """"Moscow, where he is to have lunch": the place a where-clause hangs from."""
    tok = v
    for _ in range(4):
        if any(c.lower_ == "where" for c in tok.children):
            if _is_place(tok.head, movement=True):  # "drove to Castel, where they held talks"
                return _phrase(tok.head)
            places = [p for c in tok.head.children if c.dep_ == "prep" and c.i < tok.i
                      for p in c.children if p.dep_ == "pobj" and p.ent_type_ in PLACE_LABELS]
            return _phrase(places[-1]) if places else ""
        if tok.head.i == tok.i:
            return ""
        tok = tok.head
    return ""


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_FUTURE_FRAMES = {"be", "plan", "expect", "schedule", "set", "due", "intend", "go"}  # "is to", "is due to"


def _weekdays_by_tense(doc: "Doc", dates: list[DateRef], anchor: str) -> list[DateRef]:
    """A bare weekday is the day of that name in the anchor's week (``dates.resolve_weekday``),
    but an event told in the past cannot fall after the article's date, nor one told in the
    future before it: in an article of Monday 5 October, "turnout in Sunday's election was 62%"
    is Sunday 4 October; in one of Wednesday, "the court will rule on Monday" is the Monday after."""
    if not anchor:
        return dates
    import datetime as dt

    day0 = dt.date.fromisoformat(anchor)
    out = []
    for d in dates:
        if d.weekday and d.start and d.start == d.end and d.text.lower() == d.weekday.lower():
            day, tense = dt.date.fromisoformat(d.start), _tense(doc, d)
            shift = -7 if tense == "past" and day > day0 else 7 if tense == "future" and day < day0 else 0
            if shift:
                iso = (day + dt.timedelta(days=shift)).isoformat()
                d = d.model_copy(update={"start": iso, "end": iso})
        out.append(d)
    return out


def verb_of(doc: "Doc", d: DateRef) -> "Token | None":
    """The verb (or auxiliary) of the clause a date expression hangs from, walking up the tree."""
    span = doc.char_span(d.start_char, d.end_char, alignment_mode="expand")
    tok = span[0] if span is not None and len(span) else None
    for _ in range(10):
        if tok is None or tok.pos_ in ("VERB", "AUX"):
            return tok
        tok = None if tok.head.i == tok.i else tok.head
    return None


def _tense(doc: "Doc", d: DateRef) -> str:
    """"past", "future" or "" (present, or no verb found) of the clause a date hangs from."""
    tok = verb_of(doc, d)
    if tok is None:
        return ""
    aux = [c for c in tok.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUX for a in aux) or \
            (any(a.lower_ == "to" for a in aux) and tok.head.lemma_ in _FUTURE_FRAMES):
        return "future"
    if tok.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux) or \
            (tok.tag_ == "VBN" and any(a.lemma_ == "have" for a in aux)):
        return "past"
    return ""


def _date_token_head(doc: "Doc", d: DateRef) -> int | None:
    """The verb a date expression hangs from (walking up the tree from its first token)."""
    span = doc.char_span(d.start_char, d.end_char, alignment_mode="expand")
    tok = span[0] if span is not None and len(span) else None
    for _ in range(10):
        if tok is None:
            return None
        if _is_event_verb(tok):
            return tok.i
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _order_cues(v: "Token", ids: dict[int, str]) -> list[OrderRel]:
    """Order between this clause and the clause it hangs from or follows."""
    out: list[OrderRel] = []
    here = ids[v.i]
    governor = _governing_event(v, ids)
    marker = _marker(v)
    if governor is not None and marker:
        if marker in ORDER_BEFORE:
            out.append(OrderRel(before=ids[governor.i], after=here, cue=marker))
        elif marker in ORDER_AFTER:
            out.append(OrderRel(before=here, after=ids[governor.i], cue=marker))
    advs = {c.lower_ for c in v.children if c.dep_ in ("advmod", "prt", "npadvmod")}
    previous = max((i for i in ids if i < v.i), default=None)
    if advs & {"then", "later", "afterwards", "afterward", "subsequently", "next"} and previous is not None:
        cue = sorted(advs & {"then", "later", "afterwards", "afterward", "subsequently", "next"})[0]
        out.append(OrderRel(before=ids[previous], after=here, cue=cue))
    if "on" in advs and v.lemma_ in ("head", "go", "move", "travel", "continue", "fly", "press") \
            and previous is not None:
        out.append(OrderRel(before=ids[previous], after=here, cue="on to"))
    children = {c.i for c in v.children}
    following = min((i for i in ids if i > v.i and i not in children), default=None)
    if "first" in advs and following is not None:
        out.append(OrderRel(before=here, after=ids[following], cue="first"))
    return out


def _governing_event(v: "Token", ids: dict[int, str]) -> "Token | None":
    tok = v.head
    for _ in range(6):
        if tok.i in ids and tok.i != v.i:
            return tok
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def _marker(v: "Token") -> str:
    """"before heading on", "after the trip was announced", "ahead of", "prior to"."""
    mark = next((c.lower_ for c in v.children if c.dep_ == "mark"), "")
    if mark:
        return mark
    if v.dep_ == "pcomp" and v.head.dep_ == "prep":
        word = v.head.lower_
        if word in ("of", "to") and v.head.head.lower_ in ("ahead", "prior"):
            return v.head.head.lower_
        return word
    return ""


def _dedupe(order: list[OrderRel]) -> list[OrderRel]:
    seen, out = set(), []
    for rel in order:
        key = (rel.before, rel.after)
        if key not in seen and rel.before != rel.after:
            seen.add(key)
            out.append(rel)
    return out


# --------------------------------------------------------------------------- quotes, polarity


def _quotes(text: str, doc: "Doc") -> list[Quote]:
    """Quoted spans, each with the speaker of the nearest speech verb outside it ("X said",
    "stating", "he added") or of "according to X"."""
    speakers: list[tuple[int, str]] = []
    for tok in doc:
        if tok.lemma_ in SAY_VERBS and tok.pos_ == "VERB":
            agent = _agent_of(tok)
            if agent and (is_pronoun(agent) or any(ch.isupper() for ch in agent)):
                speakers.append((tok.idx, agent))
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if tok.lower_ == "according" and nxt is not None and nxt.lower_ == "to":
            pobj = next((c for c in nxt.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                speakers.append((tok.idx, _strip(list(pobj.subtree))))
    spans = [(m.start(), m.end(), m.start(1 if m.group(1) is not None else 2),
              m.end(1 if m.group(1) is not None else 2)) for m in _QUOTE_RE.finditer(text)]
    spans += _open_quotes(text, spans)
    out = []
    for start, end, q_start, q_end in sorted(spans):
        outside = [(min(abs(pos - start), abs(pos - end)), who) for pos, who in speakers
                   if not start <= pos < end]
        speaker = min(outside)[1] if outside else ""
        out.append(Quote(text=text[q_start:q_end].strip(), speaker=speaker, start=q_start, end=q_end))
    return out


def _open_quotes(text: str, closed: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Quotes that run over a sentence boundary: 'Horvat said: "Every euro we borrow today is a
    bill.' opens one that ends in a later sentence; 'We will not rest," she said.' closes one
    opened earlier. (span start, span end, quote start, quote end), as ``_QUOTE_RE`` gives."""
    first = closed[0][0] if closed else len(text)
    last = closed[-1][1] if closed else 0
    marks = [i for i, ch in enumerate(text) if ch in '"\u201c\u201d' and not any(s <= i < e for s, e, _, _ in closed)]
    out = []
    for i in marks:
        ch = text[i]
        opening = ch == "\u201c" or (ch == '"' and (i == 0 or text[i - 1] in " \t\n(:-\u2014"))
        if opening and i >= last:
            body = text[i + 1:].rstrip()
            if len(body.split()) >= 2:
                out.append((i, len(text), i + 1, i + 1 + len(body)))
            break
        if not opening and i < first:
            if len(text[:i].split()) >= 2:
                out.append((0, i + 1, 0, i))
    return out


def _clause_negated(verb: "Token") -> bool:
    """"did not heed", "failed to heed", "there is no justice", "nobody came"."""
    if _negated(verb):
        return True
    for c in verb.children:
        if c.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and (
                c.lower_ in NEGATIVE_DETS or any(d.lower_ in NEGATIVE_DETS for d in c.children if d.dep_ == "det")):
            return True
    return False


def _root_negated(doc: "Doc") -> bool:
    """The main assertion is negated: in the main clause, or in what a speech or belief
    verb reports ("Polyansky said he does not think ...")."""
    for root in (t for t in doc if t.dep_ == "ROOT"):
        if _clause_negated(root) or root.lemma_ in ("refuse", "decline", "deny", "reject", "fail"):
            return True
        if root.lemma_ in SAY_VERBS | {"think", "believe", "see"}:
            comp = next((c for c in root.children if c.dep_ == "ccomp"), None)
            if comp is not None and (_clause_negated(comp) or any(
                    _clause_negated(c) for c in comp.children if c.dep_ == "ccomp")):
                return True
    return False


def _polarity(doc: "Doc") -> list[str]:
    out: list[str] = []
    for tok in doc:
        word = POLARITY.get(tok.lemma_.lower())
        if word and tok.pos_ == "VERB" and word not in out:
            out.append(word)
    return out


def is_pronoun(text: str) -> bool:
    """Whether ``text`` is a personal pronoun (an agent or speaker still to resolve)."""
    return text.lower() in PRONOUNS
