"""What the decision sees of one evidence sentence (``SentenceEval``: relevance, coverage,
stance, the structured checks) and what it returns (``Decision``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from verifier.scoring.checks import ABSTAIN, CONTRADICT, REGISTRY, SUPPORT, CheckResult
from verifier.types import Evidence, Label, Reason

STANCE_LABELS = ("supported", "contradicted", "unverified")
NOT_SCORED = (0.0, 0.0, 1.0)  # the stance of a sentence the model was not run on
# Checks in the order they are trusted to decide a contradiction, and the reason each gives it.
CHECK_ORDER: tuple[str, ...] = tuple(REGISTRY)
CHECK_REASON: dict[str, Reason] = {name: check.reason for name, check in REGISTRY.items()}


# Facts that place an event among others of its kind (which strike, which round of talks): a
# sentence that differs from the claim in both tells of another one.
_INSTANCE_FACTS = ("quantity", "date")


def another_instance(results: list[CheckResult]) -> list[CheckResult]:
    """The checks' results on a sentence, with the contradictions of ``_INSTANCE_FACTS`` set
    aside when the sentence differs from the claim in all of them and confirms nothing else: "the
    48-hour strike planned for 2 and 3 June" is not refuted by "21-23 April: third strike, 72
    hours" - a figure is bound to its time, and a date to the event its figures describe."""
    outcome = {r.name: r.outcome for r in results}
    # a verb of the same polarity ("attended", "approved") is no sign of the same occasion
    if any(o == SUPPORT for name, o in outcome.items() if name != "negation") or \
            not all(outcome.get(name) == CONTRADICT for name in _INSTANCE_FACTS):
        return results
    return [CheckResult(r.name, ABSTAIN) if r.name in _INSTANCE_FACTS else r for r in results]


@dataclass
class SentenceEval:
    """One candidate evidence sentence and everything measured on it."""

    evidence: Evidence  # provenance (doc, span, quote); stance/checks filled by finish()
    relevance: float  # cosine(claim, sentence)
    coverage: float  # share of the claim's named entities the sentence (or its context) names
    stance: tuple[float, float, float] = NOT_SCORED
    checks: list[CheckResult] = field(default_factory=list)
    lexical: float = 0.0  # share of the claim's content words the sentence (with context) has
    negation_differs: bool = False  # one of claim and sentence is negated (or antonymous), the other not
    given: bool = False  # the evidence came with the claim (not retrieved): it is about the claim
    other_year: bool = False  # dated to another year than the claim's: another event, never support
    # the sentence (with context and title) has one of the claim's verbs and all its scope words
    # ("nationwide", "only"): what a restatement needs besides the claim's content words
    restates: bool = True
    place_named: bool = True  # the sentence names where the claim's event happened, or a place of its own

    def check(self, name: str) -> str:
        for c in self.checks:
            if c.name == name:
                return c.outcome
        return ABSTAIN

    def note(self, name: str) -> str:
        return next((c.note for c in self.checks if c.name == name), "")

    def anchored(self, name: str) -> bool:
        return any(c.anchored for c in self.checks if c.name == name)

    def stance_text(self) -> str:
        """The sentence as the stance model reads it: each figure or date a check found to agree
        with the claim's written as the claim writes it ("€0.25m" -> "250,000 euros", "Wednesday"
        -> "1 October"), and a figure the claim computes from the sentence's written after them
        ("from 4 million (20%)"), so that the model judges what differs, not how it is spelt or
        summed."""
        text = self.evidence.quote
        # the longest spelling first, in a fixed order: a set's order changes from run to run
        pairs = {pair for c in self.checks for pair in c.aligned}
        for said, as_claim in sorted(pairs, key=lambda p: (-len(p[0]), p)):
            if said != as_claim:  # the whole figure: "4" is not the start of "4.8" or "40"
                text = re.sub(rf"(?<![\w.,]){re.escape(said)}(?![\w]|[.,]\d)", lambda _: as_claim, text, count=1)
        return text

    def finish(self) -> Evidence:
        """The Evidence record with the scores that were measured on it."""
        return self.evidence.model_copy(update={
            "stance": {k: round(float(v), 4) for k, v in zip(STANCE_LABELS, self.stance)},
            "checks": {c.name: c.outcome for c in self.checks}
            | {"relevance": f"{self.relevance:.3f}", "coverage": f"{self.coverage:.2f}", "lexical": f"{self.lexical:.2f}"},
            "check_notes": {c.name: c.note for c in self.checks if c.note},
        })


@dataclass
class Decision:
    """A claim's label with its reason, a confidence in [0, 1], a rationale for the editor and
    the sentences that decided it."""

    label: Label
    reason: Reason
    confidence: float
    rationale: str
    deciding: list[SentenceEval]
    calibrated: bool = False  # the confidence is a fitted probability (else a raw score to calibrate)
