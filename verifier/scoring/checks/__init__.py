"""Structured checks: compare the facts a claim asserts with the facts one evidence sentence
states - figures, dates, order of events, posts and places, attribution, polarity, and which
name fills which slot of a statement (binding).

Every check is one module here with one function of one signature::

    @register("date", Reason.DATE)
    def check_date(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult: ...

It returns ``support``, ``contradict`` or ``abstain`` with a note an editor can read and the
relation it matched. A check abstains unless the evidence is about the same thing (same counted
noun or measure, same people, same event): the absence of a fact is never a contradiction.

``REGISTRY`` (name -> check) lists them in the order they are trusted to decide a
contradiction - the order of the imports below. The pipeline runs every registered check on
every sentence; the decision (``rules``, ``verdict``) reads their outcomes in that order, each
check's ``reason`` names the verdict it decides, and ``features`` gives each a pair of features.

Adding a check is one file and one test file:

1. ``verifier/scoring/checks/<name>.py`` with a function registered by ``@register(name,
   reason)``, using the helpers of ``common`` (names, places, years, content words) and the word
   lists of ``verifier.text``; import it below, at its place in the order of trust.
2. ``tests/test_<name>_check.py`` with one small hand-built case per rule it applies.
   ``tests/test_check_registry.py`` runs the conformance test over every registered check:
   abstains on unrelated evidence, never contradicts for a missing fact, deterministic, named as
   registered, invariant to how a figure or date is written.
A learned decision (``verifier/scoring/models/decision.json``) lists the features it was
fitted on, so a new check's features need a refit (``scripts/fit_decision.py``).
"""

from __future__ import annotations

# The order of these imports is the order of trust (``REGISTRY``'s order).
from verifier.scoring.checks import quantity, date, order, entity, attribution, negation, binding  # noqa: F401, I001
from verifier.scoring.checks.base import (ABSTAIN, CONTRADICT, REGISTRY, SUPPORT, Check, CheckResult, ClaimView,
                                          EvidenceView, register)

__all__ = ["ABSTAIN", "CONTRADICT", "REGISTRY", "SUPPORT", "Check", "CheckResult", "ClaimView", "EvidenceView",
           "register"]
