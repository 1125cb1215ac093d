"""The date check: the dates a claim gives its event against the dates the sentence gives an
event like it, about the same people and places. An unresolved weekday ("on Tuesday")
compares by name; a date without a year by month and day."""

from __future__ import annotations

import re
from datetime import date

from verifier.config import ScoringConfig
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import (WORDS, actors_covered, another_year, compared, content_words,
                                            entity_coverage, event_dates, is_dateline, is_heading, lemma_forms,
                                            same_event)
from verifier.text import WEEKDAYS, fold
from verifier.types import DateRef, Facts, Reason


def _weekday_of(d: DateRef) -> str:
    if d.start == d.end and d.start:
        try:
            return WEEKDAYS[date.fromisoformat(d.start).weekday()]
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


@register("date", Reason.DATE)
def check_date(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """Claim dates vs the sentence's dates, only when the sentence is about the same event:
    it names the claim's people and places (``entity_coverage`` >= ``cfg.same_event_coverage``) and an
    event like the claim's (``_events_compatible``)."""
    facts, claim_text, ev, min_coverage = claim.facts, claim.text, evidence, cfg.same_event_coverage
    dates = [d for d in event_dates(claim_text, facts) if not compared(claim_text, d)] if claim_text \
        else list(facts.dates)
    # A heading ("Key events after the explosion in June 2026:", "1 January to 7 March 2026,
    # Drava Valley as a whole:") scopes the list below it; it dates no event of its own.
    if not dates or not ev.facts.dates or another_year(ev) or is_heading(ev.text):
        return CheckResult("date", ABSTAIN)
    if entity_coverage(facts, ev.text, ev.context, ev.title, ev.aliases, ev.document) < min_coverage or \
            not actors_covered(facts, ev.text, ev.context, ev.title, ev.aliases):
        return CheckResult("date", ABSTAIN)
    said = _event_words(claim_text, facts)  # what happened, not who or when
    same_words = bool(said) and len(said & _event_words(ev.text, ev.facts)) >= 0.5 * len(said)
    if not (_events_compatible(facts, ev.facts, ev.text) or (claim_text and same_words)):
        return CheckResult("date", ABSTAIN)
    ev_dates = [d for d in _dates_of_compatible_events(facts, ev.facts, ev.text)
                if not is_dateline(ev.text, d) and not compared(ev.text, d)]
    results, aligned = [], []
    phase = None  # read once, and only when a date differs
    for cd in dates:
        outs = [(ed, compare_dates(cd, ed)) for ed in ev_dates]
        if any(o == CONTRADICT for _, o in outs):
            phase = _phase_told(ev.text, claim_text) if phase is None else phase
            outs = [(ed, _within_phase(o, cd, ed, phase)) for ed, o in outs]
        if any(o == SUPPORT for _, o in outs):
            ed = next(e for e, o in outs if o == SUPPORT)
            results.append((SUPPORT, f"'{cd.text}' matches '{ed.text}'"))
            aligned.append((ed.text, cd.text))
        elif outs and all(o == CONTRADICT for _, o in outs) and \
                not any(compare_dates(cd, ed) == SUPPORT for ed in ev.facts.dates):
            # a date the sentence itself gives is not refuted by it: which of its events the
            # parse gave it to is the weak part ("born 3 December 1994 And Died on 5 September")
            results.append((CONTRADICT, f"'{cd.text}' vs '{outs[0][0].text}'"))
    if any(o == CONTRADICT for o, _ in results):
        return CheckResult("date", CONTRADICT, "; ".join(n for o, n in results if o == CONTRADICT), relation="date",
                           aligned=tuple(aligned))
    if results and all(o == SUPPORT for o, _ in results):
        return CheckResult("date", SUPPORT, "; ".join(n for _, n in results), relation="date", aligned=tuple(aligned))
    return CheckResult("date", ABSTAIN)


# Verbs that date the start or the end of something that lasts (a ballot, a strike, a trial, a
# consultation): the thing goes on after its start and was going on before its end.
_PHASES = {"start": {"open", "launch", "start", "begin", "call"}, "end": {"close", "end", "finish", "conclude"}}


def _phase_told(ev_text: str, claim_text: str) -> str:
    """"start" or "end" when the sentence dates the start or end of what it tells ("23 January:
    the unions open strike ballots") and the claim does not speak of that moment itself; else ""."""
    words = {f for w in WORDS.findall(fold(ev_text)) for f in lemma_forms(w)}
    claims = {f for w in WORDS.findall(fold(claim_text)) for f in lemma_forms(w)}
    for phase, verbs in _PHASES.items():
        if words & verbs and not claims & (_PHASES["start"] | _PHASES["end"]):
            return phase
    return ""


def _within_phase(outcome: str, cd: DateRef, ed: DateRef, phase: str) -> str:
    """A claim date after the start (or before the end) the sentence dates is no contradiction:
    "the February ballot" against "23 January: ballots open"."""
    if outcome != CONTRADICT or not phase or not cd.start or not ed.start:
        return outcome
    c_start, c_end, e_start, e_end = _comparable_bounds(cd, ed)
    if (phase == "start" and c_start > e_end) or (phase == "end" and c_end < e_start):
        return ABSTAIN
    return outcome


def _events_compatible(claim: Facts, ev: Facts, ev_text: str = "") -> bool:
    """The claim's (dated) event and one of the sentence's events must be alike: "will travel
    to Kyiv on Thursday" is not compared with "criticised Guterres on Saturday", nor "schools
    reopen on April 2" with "government session on 11 March"."""
    dated = [e for e in claim.events if e.date is not None]
    c_events = dated or [e for e in claim.events if fold(e.predicate) not in ("be", "say")]
    if not c_events or not ev.events:
        return True
    return any(same_event(a, b) for a in c_events for b in ev.events) or _named_as_noun(claim, ev_text)


def _dates_of_compatible_events(claim: Facts, ev: Facts, ev_text: str = "") -> list[DateRef]:
    """The sentence's dates that may be the claim event's: those of alike events, and those the
    parse attached to no event ("On Saturday Zelensky criticised ... for planning to visit"
    dates the criticism, not the visit). Alike to the claim's dated event, where it has one: in
    "the funeral of X, who was killed in the blast, took place on 16 June" the date is the
    funeral's, not the killing's."""
    said = [e for e in claim.events if fold(e.predicate) not in ("be", "say")]
    c_events = [e for e in said if e.date is not None] or said
    attached = {(d.start, d.end, d.text) for e in ev.events if e.date is not None for d in [e.date]}
    usable = {(e.date.start, e.date.end, e.date.text) for e in ev.events if e.date is not None
              and (not c_events or any(same_event(c, e) for c in c_events))}
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
    return any(w.endswith("ing") and dated & lemma_forms(w) for w in WORDS.findall(fold(ev_text)))


def _event_words(text: str, facts: Facts) -> frozenset[str]:
    """Content words of ``text`` other than those of its names and dates, and of words that
    say only that something happened ("took place", "was held")."""
    named = " ".join([e.text for e in facts.entities] + [d.text for d in facts.dates])
    return content_words(text) - content_words(named) - _HAPPENED


_HAPPENED = frozenset({"take", "took", "taken", "place", "held", "happen", "occurr", "occur"})
