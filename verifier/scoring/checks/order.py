"""The order check: a claim's "A before B" against an order cue in the sentence, the dates of
the document's sentences that tell of A and of B, or an itinerary told in sequence."""

from __future__ import annotations

import re

from verifier.config import ScoringConfig
from verifier.scoring import places
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import key_in, mentioned, restates
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
    sentence, or dates of sentences of the same document that mention A and B."""
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
    return CheckResult("order", ABSTAIN)


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
