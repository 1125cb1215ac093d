"""What every check shares: its outcomes, what it reads (``ClaimView``, ``EvidenceView``, the
scoring config), what it returns (``CheckResult``) and the registry it is entered in.

A check is a function ``(claim, evidence, cfg) -> CheckResult``, entered by ``@register(name,
reason)``. ``REGISTRY`` holds the checks in the order they were registered, which
``verifier.scoring.checks`` fixes by the order it imports their modules: the order in which the
checks are trusted to decide a contradiction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from verifier.config import ScoringConfig
from verifier.types import Facts, Reason

SUPPORT, CONTRADICT, ABSTAIN = "support", "contradict", "abstain"


@dataclass(frozen=True)
class CheckResult:
    name: str  # the check's registry name: quantity | date | order | entity | attribution | negation
    outcome: str  # support | contradict | abstain
    note: str = ""
    # True when the check itself matched the claim's subject by name (a role of "Emil Haras",
    # a quote of "Austin"): the sentence is about the claim even if it names nothing else.
    anchored: bool = False
    covers: frozenset[str] = frozenset()  # the claim's figures a quantity support confirms
    relation: str = ""  # what the check matched: "figure", "date", "role", "place", "speaker"...
    # (the sentence's words, the claim's words) for each figure or date found to agree: the
    # stance model reads the sentence with them written as the claim writes them
    aligned: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ClaimView:
    """A claim as the checks read it: its facts and its text ("" when only facts are known:
    the checks that read the claim's words then do without them)."""

    facts: Facts
    text: str = ""


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
    # (text, publication date) of the sentences retrieved for the claim from other documents: the
    # other event of "nine days after the dam burst" may be told by another source
    other_sentences: list[tuple[str, str]] = field(default_factory=list)
    frame_year: str = ""  # the year the claim speaks of (its own, else that of the latest source)
    published: str = ""  # the document's publication date (ISO), when known
    document: str = ""  # the whole document's text (its places scope every sentence)
    # the previous sentence's facts, made on demand (its people stand for "she said")
    context_facts: Callable[[], Facts] | None = None
    speaker: str = ""  # the transcript speaker whose words the sentence is ("MR BENNING: ...")
    relevance: float = 1.0  # cosine(claim, sentence): the negation check compares only relevant ones


class Check(Protocol):
    """One structured check: compares a claim's facts with one evidence sentence's."""

    __name__: str
    name: str  # its registry name
    reason: Reason  # the verdict reason when it decides a contradiction

    def __call__(self, claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult: ...


REGISTRY: dict[str, Check] = {}


def register(name: str, reason: Reason) -> Callable[[Callable[[ClaimView, EvidenceView, ScoringConfig], CheckResult]],
                                                   Check]:
    """Enter a check in ``REGISTRY`` under ``name``, with the ``reason`` a contradiction it
    decides is given. A name is registered once."""
    def enter(fn: Callable[[ClaimView, EvidenceView, ScoringConfig], CheckResult]) -> Check:
        if name in REGISTRY:  # a programming error, not a user's: two modules took one name
            raise ValueError(f"check {name!r} is registered twice ({REGISTRY[name].__name__} and {fn.__name__})")
        check: Check = fn  # type: ignore[assignment]
        check.name, check.reason = name, reason
        REGISTRY[name] = check
        return check
    return enter
