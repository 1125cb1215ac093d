"""The attribution check: a quote or reported statement the claim gives someone against the
same words in the sentence - said by the same speaker (support) or by another (contradict).
The speaker of a quote that runs on, of "she said" and of a transcript's paragraph is read
from the sentence before and the transcript's labels."""

from __future__ import annotations

import re
from collections.abc import Callable

from verifier.config import ScoringConfig
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import another_year, content_words, key_in, mentions
from verifier.text import MONTHS, PRONOUNS, WEEKDAYS, fold
from verifier.types import Facts, Quote, Reason


_SPEECH = re.compile(r"^(?P<speaker>.+?)\s+(?:said|says|told\s+\w+|stated|added|argued|warned)\b(?:\s+that)?[,:]?\s+(?P<content>.+)$")
_SPEAKER_IN_CONTEXT = re.compile(
    r"(?P<a>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)\s+(?:said|says|told|added|stated)\b"
    r"|\b(?:said|added)\s+(?P<b>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)*)")
_NOT_NAMES = {"Asked", "Mr", "Ms", "Mrs", "Dr", "The", "He", "She", "They", "It", "We", "Secretary",
              "President", "Minister", "Officials", "Reporters"}


def claim_statements(claim_text: str, facts: Facts) -> list[Quote]:
    """Quotes with a speaker, plus reported speech ("Austin said the United States wants ...")."""
    out = [q for q in facts.quotes if q.speaker]
    m = _SPEECH.match(claim_text.strip().rstrip("."))
    if m and not out:
        speaker = m.group("speaker")
        if any(e.label == "PERSON" and mentions(speaker, e) for e in facts.entities):
            # "said on the first day of the strike that 'no driver takes a strike lightly'": the
            # words in quotation marks are the statement, not the time it was made
            quoted = _SINGLE_QUOTED.search(m.group("content"))
            out.append(Quote(text=quoted.group(1) if quoted else m.group("content"), speaker=speaker))
    return out


_SINGLE_QUOTED = re.compile(r"(?:^|\s)['\u2018]([^'\u2019]{8,}?)['\u2019](?=[\s.,;:!?]|$)")


def _speaker(quote: Quote, context: str, context_facts: Callable[[], Facts] | None = None, sentence: str = "") -> str:
    """The quote's speaker: the parse's, else a name the sentence itself has say it outside the
    quote ('"...," AAC Chief Executive Radek Vollmer said.'), or - for a quote that runs on from
    the previous sentence, as in
    '"...," Secretary Austin said. "We want ..."' - the speaker named there. A pronoun ("she
    said") stands for the previous sentence's subject when a name is its subject ("Dana Petrov,
    president of the Confederation of Trade Unions, said ..."), else the first person it names."""
    if quote.speaker and fold(quote.speaker) not in PRONOUNS:
        return quote.speaker
    named = _said_by(sentence.replace(quote.text, " "), last=False) if not quote.speaker and quote.text else ""
    if named or (named := _said_by(context, last=True)):
        return named
    if quote.speaker:  # '"...," she said.' after "Governor Lidia Marenko described the scene."
        if context_facts is not None:  # the parse gives the subjects: a named one, else a person
            facts = context_facts()
            subjects = [e.agent for e in facts.events if _FULL_NAME.fullmatch(e.agent or "")]
            people = [e.text for e in facts.entities if e.label == "PERSON"]
            return (subjects or people or [""])[0]
        names = [n for n in _FULL_NAME.findall(context) if not set(n.split()) & (_NOT_NAMES | _NOT_NAME_WORDS)]
        return names[-1] if names else ""
    return ""


def _said_by(text: str, last: bool) -> str:
    """The first (or ``last``) name ``text`` has say something ("Radek Vollmer said", "said
    Nell Hollis"), titles left out; "" when none."""
    found = list(_SPEAKER_IN_CONTEXT.finditer(text))
    for m in reversed(found) if last else found:
        name = " ".join(w for w in (m.group("a") or m.group("b")).split() if w not in _NOT_NAMES)
        if name:
            return name
    return ""


_FULL_NAME = re.compile(r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")
# Capitalised words that make a run of them no name: "On Sunday", "In March".
_NOT_NAME_WORDS = {w.title() for w in (*WEEKDAYS, *MONTHS)} | {
    "On", "In", "At", "By", "Since", "After", "Before", "During"}


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


_SAME_WORDS = 0.8  # share of a quote's content words that makes it the same quote whatever its year
_MIN_PART_WORDS = 4  # content words of a quote that is the first sentence of a longer one


@register("attribution", Reason.ATTRIBUTION)
def check_attribution(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """A quote (or reported statement) attributed to someone: the evidence has the same words
    from a different speaker -> contradict; from the same speaker -> support. Not from a
    sentence dated to another year (a speaker's words of 2023 are not this week's), unless
    another speaker says the claim's own words there."""
    facts, claim_text, ev = claim.facts, claim.text, evidence
    dated_apart = another_year(ev)
    for cq in claim_statements(claim_text, facts):
        words = content_words(cq.text)
        if len(words) < 3:
            continue
        # a transcript's sentence is its speaker's words, quoted or not
        quotes = ev.facts.quotes or ([Quote(text=ev.text, speaker=ev.speaker)] if ev.speaker else [])
        for eq in quotes:
            speaker = _speaker(eq, ev.context, ev.context_facts, ev.text)
            if not speaker:
                continue
            # the share of the claim's words the quote has, or - for a quote the sentence splitter
            # cut after its first sentence - of the quote's words the claim has
            ev_words = content_words(eq.text)
            overlap = max(len(words & ev_words) / len(words),
                          len(words & ev_words) / len(ev_words) if len(ev_words) >= _MIN_PART_WORDS else 0.0)
            if overlap < 0.6 and not (ev.same_statement and ev.same_statement(cq.text, eq.text)):
                continue
            c_last, e_last = fold(cq.speaker).split()[-1], fold(speaker).split()[-1]
            same_speaker = key_in(c_last, speaker) or key_in(e_last, cq.speaker)
            # Words of another year may be another occasion's, unless they are the claim's own
            # words from another mouth: one speaker's words are not another's in any year.
            if dated_apart and (same_speaker or overlap < _SAME_WORDS):
                continue
            if same_speaker:
                return CheckResult("attribution", SUPPORT, f"said by {speaker}", anchored=True, relation="speaker")
            return CheckResult("attribution", CONTRADICT, f"said by {speaker}, not {cq.speaker}", anchored=True,
                               relation="speaker")
    return CheckResult("attribution", ABSTAIN)
