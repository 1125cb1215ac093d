"""What the learned decision sees of a claim: one row of numbers per claim, computed from its
evidence sentences (``SentenceEval``: relevance, coverage, stance, structured checks) and from
the hand-ordered reading of ``rules.decide``.

Each feature is documented in ``FEATURES`` (name -> meaning); ``claim_features`` returns them in
that order. The combiner (``verdict.Combiner``) learns their weights from data
(``scripts/fit_decision.py``), so a check earns its say by what it adds on held-out data.

Only sentences that are relevant (cosine >= ``min_relevance``) count; a sentence is "about" the
claim when it came with it, names the claim's people and places (coverage), or a check matched
the claim's subject by name (anchored).
"""

from __future__ import annotations

import math

import numpy as np

from verifier.config import ScoringConfig
from verifier.scoring import rules
from verifier.scoring.checks import ABSTAIN, CONTRADICT, REGISTRY, SUPPORT
from verifier.scoring.checks.common import NAMED_LABELS, added_detail, content_words, mentions_place
from verifier.scoring.sentence import NOT_SCORED, Decision, SentenceEval
from verifier.types import Claim, Label

_CHECK_FEATURES = {
    f"{name}_{what}": f"highest cosine of a sentence about the claim on which the {name} check {verb} (0: none)"
    for name in REGISTRY for what, verb in (("support", "confirms"), ("contradict", "contradicts"))
}

FEATURES: dict[str, str] = {
    "given": "1 when the evidence came with the claim (pair setting), 0 when retrieved",
    "relevance": "highest cosine of claim and sentence",
    "coverage": "highest share of the claim's named people and places a relevant sentence names",
    "lexical": "highest share of the claim's content words a sentence about the claim has",
    "scored": "1 when the stance model read a sentence about the claim",
    "p_sup_top": "stance P(supported) on the most relevant sentence the model read",
    "p_con_top": "stance P(contradicted) on the most relevant sentence the model read",
    "p_sup_max": "highest stance P(supported) over the sentences the model read",
    "p_con_max": "highest stance P(contradicted) over the sentences the model read",
    "p_sup_x_lexical": "highest P(supported) x lexical overlap of one sentence",
    "p_con_x_lexical": "highest P(contradicted) x lexical overlap of one sentence",
    "p_con_x_coverage": "highest P(contradicted) x coverage of one sentence",
    **_CHECK_FEATURES,
    "quantity_latest_contradicts": "the latest source giving a comparable figure contradicts the claim's",
    "quantity_latest_supports": "the latest source giving a comparable figure confirms the claim's",
    "needs": "how many kinds of fact (figures, order, post, date) the claim asserts",
    "missing": "how many of those no sentence about the claim confirms",
    "negation_differs": "the most relevant sentence about the claim differs from it in negation or polarity",
    "restates": "highest lexical overlap of a sentence about the claim with its verbs, scope words and polarity",
    "restating_names": "share of the claim's names (people, places, bodies) that the sentence about it with "
                       "most of its words itself names (1: the claim names none): a restatement with "
                       "another name in one slot is no confirmation",
    "other_year": "the most relevant sentence is dated to another year than the claim",
    "claim_figures": "log(1 + number of figures in the claim)",
    "unmatched": "log(1 + the claim's content words the sentence about it with most of them lacks): "
                 "what the claim adds to its best restatement",
    "added_detail": "a sentence about the claim says it word for word but for a phrase of where, when, why "
                     "or how that the claim adds (\"... from critics in Mexico\" against \"... from critics\"): "
                     "a detail the sentence does not give",
    "rules_supported": "the hand-ordered reading (rules.decide) says supported",
    "rules_contradicted": "the hand-ordered reading says contradicted",
    "rules_conflicting": "the hand-ordered reading says the sources disagree",
}
FEATURE_NAMES: tuple[str, ...] = tuple(FEATURES)


def is_about(e: SentenceEval, cfg: ScoringConfig) -> bool:
    """Is the sentence about the claim (given with it, naming its people, or anchored)?"""
    return e.given or e.coverage >= cfg.support_min_coverage or any(c.anchored for c in e.checks)


def claim_features(claim: Claim, evals: list[SentenceEval], cfg: ScoringConfig,
                   reading: Decision | None = None) -> np.ndarray:
    """The feature row of ``FEATURE_NAMES`` for one claim (``reading``: ``rules.decide``'s
    decision, computed here when not given)."""
    if reading is None:
        reading = rules.decide(claim, evals, cfg)
    f = dict.fromkeys(FEATURE_NAMES, 0.0)
    relevant = [e for e in evals if e.relevance >= cfg.min_relevance]
    about = [e for e in relevant if is_about(e, cfg)]
    f["given"] = float(bool(evals) and all(e.given for e in evals))
    f["relevance"] = max((e.relevance for e in evals), default=0.0)
    f["coverage"] = max((e.coverage for e in relevant), default=0.0)
    f["lexical"] = max((e.lexical for e in about), default=0.0)
    scored = sorted((e for e in about if e.stance != NOT_SCORED), key=lambda e: -e.relevance)
    if scored:
        f["scored"] = 1.0
        f["p_sup_top"], f["p_con_top"] = scored[0].stance[0], scored[0].stance[1]
        f["p_sup_max"] = max(e.stance[0] for e in scored)
        f["p_con_max"] = max(e.stance[1] for e in scored)
        f["p_sup_x_lexical"] = max(e.stance[0] * e.lexical for e in scored)
        f["p_con_x_lexical"] = max(e.stance[1] * e.lexical for e in scored)
        f["p_con_x_coverage"] = max(e.stance[1] * e.coverage for e in scored)
    for name in REGISTRY:
        for what, outcome in (("support", SUPPORT), ("contradict", CONTRADICT)):
            f[f"{name}_{what}"] = max((e.relevance for e in about if e.check(name) == outcome), default=0.0)
    latest = rules.latest_source(e for e in about if e.check("quantity") != ABSTAIN)
    if latest is not None:
        f["quantity_latest_contradicts"] = float(latest.check("quantity") == CONTRADICT)
        f["quantity_latest_supports"] = float(latest.check("quantity") == SUPPORT)
    needs = rules.needs_confirming(claim)
    confirmed = {n for n in needs if any(e.check(n) == SUPPORT for e in about)}
    f["needs"] = float(len(needs))
    f["missing"] = float(len(needs - confirmed))
    top = max(about, key=lambda e: e.relevance, default=None)
    if top is not None:
        f["negation_differs"] = float(top.negation_differs)
        f["other_year"] = float(top.other_year)
    f["restates"] = max((e.lexical for e in about if e.restates and not e.negation_differs), default=0.0)
    names = [e for e in claim.facts.entities if e.label in NAMED_LABELS]
    restating = max(about, key=lambda e: e.lexical, default=None)
    if restating is not None:
        text = restating.evidence.quote
        f["restating_names"] = sum(mentions_place(text, e) for e in names) / len(names) if names else 1.0
    f["claim_figures"] = math.log1p(len(claim.facts.quantities))
    words = len(content_words(claim.text))
    f["unmatched"] = math.log1p(round(words * (1.0 - f["lexical"]))) if about else math.log1p(words)
    # a retrieved sentence whose document names all the claim's people and places may leave
    # the claim's added place to its dateline or title
    f["added_detail"] = float(any(added_detail(claim.text, e.evidence.quote) and (e.given or e.coverage < 1.0)
                                  for e in about))
    f["rules_supported"] = float(reading.label == Label.SUPPORTED)
    f["rules_contradicted"] = float(reading.label == Label.CONTRADICTED)
    f["rules_conflicting"] = float(reading.reason.value == "conflicting")
    return np.array([f[n] for n in FEATURE_NAMES], dtype=np.float64)
