"""The order check: a claim's "A before B" against an order cue in the sentence, the dates of
the document's sentences that tell of A and of B, an itinerary told in sequence, or the days of
the sentences that tell A and B anywhere in the sources (a timeline's item tells of its day)."""

from __future__ import annotations

import re

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring import places
from verifier.scoring.checks import arithmetic
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import content_words, key_in, mentioned, mentions, restates
from verifier.text import HAPPENING_VERBS, PRONOUNS, fold
from verifier.types import Entity, Facts, Reason


def _event_keys(facts: Facts, event_id: str, other_id: str) -> set[str]:
    """Names that identify an event: its place and objects - not its agent, who is usually the
    same for both events of an order claim ("visited Ankara before Moscow") - or, when it has
    neither and says only that its subject happened or began, that subject: "the prisoner
    exchange took place", "coalition talks began" (not "the fire was put out": the fire is no
    putting out)."""
    events = {e.id: e for e in facts.events}
    e, other = events.get(event_id), events.get(other_id)
    if e is None:
        return set()
    keys = {k for k in (_bare(e.place), *map(_bare, e.objects)) if k}
    agent = _bare(e.agent)
    if not keys and agent and agent not in PRONOUNS and fold(e.predicate) in HAPPENING_VERBS \
            and (other is None or _bare(other.agent) != agent):
        keys = {agent}
    return keys


_BARE = re.compile(r"^(?:the|a|an|its|their|his|her)\s+")


def _bare(name: str) -> str:
    """A name without its article or possessive: "its confidence vote" is "confidence vote"."""
    return _BARE.sub("", fold(name).strip())


@register("order", Reason.ORDER)
def check_order(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """Claim "A before B" vs the evidence: an order cue between the same two events in one
    sentence, dates of sentences of the same document that mention A and B, an itinerary, or
    the days of the sentences that tell A and B anywhere in the sources."""
    facts, ev = claim.facts, evidence
    flipped = cue_flip(claim.text, ev.text, cfg.restate_min_lexical)
    if flipped:
        return CheckResult("order", CONTRADICT, flipped, relation="cue")
    if not facts.order:
        return CheckResult("order", ABSTAIN)
    for rel in facts.order:
        a_keys, b_keys = _event_keys(facts, rel.before, rel.after), _event_keys(facts, rel.after, rel.before)
        if not a_keys or not b_keys or a_keys & b_keys:
            continue
        # 1) The same sentence orders them with a cue ("and afterwards", "before", "then").
        for erel in ev.facts.order:
            ea, eb = _event_keys(ev.facts, erel.before, erel.after), _event_keys(ev.facts, erel.after, erel.before)
            if _overlap(a_keys, ea) and _overlap(b_keys, eb):
                return CheckResult("order", SUPPORT, f"evidence has {_fmt(a_keys)} before {_fmt(b_keys)}",
                                   relation="cue")
            if _overlap(a_keys, eb) and _overlap(b_keys, ea):
                return CheckResult("order", CONTRADICT,
                                   f"evidence has {_fmt(b_keys)} before {_fmt(a_keys)} ('{erel.cue}')", relation="cue")
        # 2) Dated sentences of the same document.
        people = [e for e in facts.entities if e.label == "PERSON"]
        a_date = _first_date(a_keys, ev.doc_sentences, ev.doc_facts, people)
        b_date = _first_date(b_keys, ev.doc_sentences, ev.doc_facts, people)
        if a_date and b_date and a_date != b_date:
            if a_date < b_date:
                return CheckResult("order", SUPPORT, f"{_fmt(a_keys)} on {a_date}, {_fmt(b_keys)} on {b_date}",
                                   relation="dates")
            return CheckResult("order", CONTRADICT, f"{_fmt(a_keys)} on {a_date}, {_fmt(b_keys)} on {b_date}",
                               relation="dates")
        # 3) An itinerary told in sequence: "first stop was A", "from A ... travelled to B",
        #    "then ... B", "ended the day at B".
        first = _itinerary_first(a_keys, b_keys, ev.doc_sentences or [ev.text])
        if first is not None:
            ok = first == "a"
            return CheckResult("order", SUPPORT if ok else CONTRADICT,
                               f"the source's itinerary has {_fmt(a_keys if ok else b_keys)} first",
                               relation="itinerary")
    # 4) Each event dated by the sentence that tells it, in this document or another source.
    return _dated_apart(claim, evidence) or CheckResult("order", ABSTAIN)


# The cue of a claim's "A after B": the words before it tell A, those after it B.
_CLAIM_CUE = re.compile(r"\b(before|prior to|after|following)\b", re.IGNORECASE)
# How the sources write an act, by the parser's lemma: acts told in other words ("stepped down"
# for "resigned") and verbs whose past forms do not start with the lemma's stem ("sworn").
_ACT_FORMS = {
    **{act: ("resign", "step down", "stepped down", "steps down", "stand down", "stood down", "stands down", "quit")
       for act in ("resign", "step", "stand", "quit")},
    **{lemma: (lemma, *forms) for lemma, *forms in (
        ("swear", "swore", "sworn"), ("win", "won"), ("lose", "lost"), ("hold", "held"), ("begin", "began", "begun"),
        ("take", "took", "taken"), ("give", "gave", "given"), ("bring", "brought"), ("buy", "bought"),
        ("sell", "sold"), ("pay", "paid"), ("leave", "left"), ("meet", "met"), ("fall", "fell", "fallen"),
        ("rise", "rose", "risen"), ("strike", "struck"), ("steal", "stole", "stolen"), ("choose", "chose", "chosen"),
        ("withdraw", "withdrew", "withdrawn"), ("fly", "flew", "flown"), ("freeze", "froze"))},
}


def _tells_act(predicate: str, text: str) -> bool:
    """Does ``text`` tell the act of ``predicate`` (a verb's lemma), as a verb or its noun
    ("resigned", "resigns", "his resignation")?"""
    forms = _ACT_FORMS.get(predicate, (predicate[:max(4, len(predicate) - 2)],))
    t = fold(text)
    return any(re.search(rf"\b{re.escape(f)}", t) for f in forms)


def _act_day(predicate: str, text: str, day: str, published: str) -> str:
    """The day of the act ``predicate`` in a sentence that names one day (``day``): that day,
    unless the parse gives the act a date of its own that is not it ("The court on Wednesday cut
    her ban ... the title she won in June"); "" then."""
    acts = [e for e in parse_facts(text, published or None).events
            if _ACT_FORMS.get(fold(e.predicate), fold(e.predicate)) == _ACT_FORMS.get(predicate, predicate)]
    dated = [e.date for e in acts if e.date is not None and e.date.start]
    return day if not dated or any(d.start == d.end == day for d in dated) else ""


def _dated_by(words: frozenset[str], names: list[Entity], predicate: str,
              sentences: list[tuple[str, tuple[str, ...], str]], year: str) -> tuple[str, str] | None:
    """(day, sentence) of the sentence that tells one event of an order claim: it tells the
    event's act on the one day it names (``_act_day``), a day of the ``year`` the claim speaks of
    (an earlier story's vote is another vote), one of the event's ``names`` if it has any, and
    most of the words (``words``) that set this event apart from the other; None when none does,
    or two such sentences give different days. ``sentences``: (text, the days it names, its
    source's date)."""
    told = [(len(words & content_words(t)), t, days[0], published) for t, days, published in sentences
            if len(set(days)) == 1 and (not year or days[0][:4] == year) and _tells_act(predicate, t)
            and (not names or any(mentions(t, e) for e in names))]
    scored = sorted(((shared / len(words), t, day) for shared, t, day, published in told
                     if shared / len(words) >= 0.5 and shared >= 2 and _act_day(predicate, t, day, published)),
                    key=lambda x: -x[0])
    if not scored or any(share == scored[0][0] and day != scored[0][2] for share, _, day in scored[1:]):
        return None
    return scored[0][2], scored[0][1]


def _dated_apart(claim: ClaimView, ev: EvidenceView) -> CheckResult | None:
    """A claim "A after B" against the days of the sentences that tell A and B, in the whole
    document or in the sentences retrieved from other sources: "Hale resigned after the
    authority placed the bank in resolution" against "- 7 October: ... Chief executive Viktor
    Hale resigns." and "At 06:00 today (8 October) the authority placed Aldmark in resolution"."""
    m = _CLAIM_CUE.search(claim.text)
    if m is None or not claim.facts.order:
        return None
    events = {e.id: e for e in claim.facts.events}
    rel = claim.facts.order[0]
    after = m.group(1).lower() in ("after", "following")
    main, ref = (rel.after, rel.before) if after else (rel.before, rel.after)
    if main not in events or ref not in events:
        return None
    main_words, ref_words = content_words(claim.text[:m.start()]), content_words(claim.text[m.end():])
    main_words, ref_words = main_words - ref_words, ref_words - main_words  # what tells the two apart
    if not main_words or not ref_words:
        return None
    published = ev.published[:10]
    own = arithmetic.dated_sentences(ev.document, published) if ev.document else \
        [(ev.text, arithmetic.days_named(ev.text, published))]
    sentences = [(t, days, published) for t, days in own]
    sentences += [(t, arithmetic.days_named(t, date[:10]), date[:10]) for t, date in dict.fromkeys(ev.other_sentences)]
    main_names = [e for e in claim.facts.entities if e.end <= m.start()]
    ref_names = [e for e in claim.facts.entities if e.start >= m.end()]
    a = _dated_by(main_words, main_names, fold(events[main].predicate), sentences, ev.frame_year)
    b = _dated_by(ref_words, ref_names, fold(events[ref].predicate), sentences, ev.frame_year)
    if a is None or b is None or a[1] == b[1] or a[0] == b[0]:
        return None
    right = (a[0] > b[0]) == after
    note = f"'{a[1][:60].strip()}' on {a[0]}, '{b[1][:60].strip()}' on {b[0]}"
    return CheckResult("order", SUPPORT if right else CONTRADICT, note, relation="dates")


# Cues that put something before or after what follows them: "before the fight" / "after the fight";
# "surgery, followed by radiotherapy" puts the surgery before the radiotherapy, "preceded by" after it.
_CUE = re.compile(r"\b(before|prior to|ahead of|earlier than|followed by|after|following|later than|preceded by)\s+"
                  r"(?:the\s+|a\s+|an\s+|his\s+|her\s+|their\s+|its\s+)?([a-z0-9][a-z0-9-]*)")
_BEFORE_CUES = {"before", "prior to", "ahead of", "earlier than", "followed by"}


def _cues(text: str) -> dict[tuple[bool, str], str]:
    """(is it "before"?, the word it anchors on) -> the cue as written, for each order cue in
    ``text``, in the order of the text (the first of a kind kept)."""
    cues: dict[tuple[bool, str], str] = {}
    for m in _CUE.finditer(fold(text)):
        cues.setdefault((m.group(1) in _BEFORE_CUES, m.group(2)), m.group(1))
    return cues


def cue_flip(claim_text: str, sentence: str, min_lexical: float) -> str:
    """A restatement (``min_lexical`` of the claim's content words) that puts the claim's
    anchor on the other side: "spoke to Daley before the fight" / "after the fight"; "" else."""
    if not claim_text:
        return ""
    mine, theirs = _cues(claim_text), _cues(sentence)
    flips = [(b, w) for b, w in mine if (not b, w) in theirs and (b, w) not in theirs]
    if not flips:
        return ""
    if not restates(claim_text, sentence, min_lexical):
        return ""
    before, word = flips[0]
    return f"the source has '{theirs[not before, word]} {word}', the claim '{mine[before, word]} {word}'"


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
    a_idx = next((i for i, t in enumerate(sentences) if any(key_in(k, t) for k in a_keys)), None)
    b_idx = next((i for i, t in enumerate(sentences) if any(key_in(k, t) for k in b_keys)), None)
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
    return any(key_in(x, y) or key_in(y, x)
               or places.relation(x, y) in (places.SAME, places.INSIDE, places.CONTAINS)
               for x in a for y in b)


def _fmt(keys: set[str]) -> str:
    return "/".join(sorted(keys))


def _first_date(keys: set[str], sentences: list[str], facts: list[Facts], people: list[Entity]) -> str:
    """The date of the first sentence that mentions one of ``keys`` and carries one date, and
    is not about other ``people`` than the claim's (a timeline has everyone's visits)."""
    for text, f in zip(sentences, facts):
        starts = sorted({d.start for d in f.dates if d.start and d.start == d.end})
        if len(starts) == 1 and any(key_in(k, text) for k in keys) and (
                any(mentioned(text, p, None) for p in people) or not any(e.label == "PERSON" for e in f.entities)):
            return starts[0]
    return ""
