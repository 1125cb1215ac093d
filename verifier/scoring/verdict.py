"""The verdict: a combiner fitted on data weighs what was measured on a claim's evidence
(``features.claim_features``: stance probabilities, each check's outcome, relevance, overlap,
and the hand-ordered reading of ``rules.decide``) into supported / contradicted / unverified.

The combiner is a multinomial logistic regression per setting (evidence given with the claim,
or retrieved from an index), stored as data (``models/decision.json``, format
``claim-verifier-decision``: feature names, and per setting the standardisation, coefficients,
the threshold for "contradicted" and the card of its fit), made by ``scripts/fit_decision.py``.
Its probability of the chosen label is the verdict's confidence, mapped - where the setting has
a ``confidence_map`` - to how often such a label was right on stories the fit never saw
(``LinearModel.confidence``).

Kept as code, whatever the data says:

* a claim no relevant sentence is about is unverified ("no evidence");
* a corpus that is silent never contradicts: "contradicted" needs a relevant sentence about the
  claim's people and things;
* "supported" needs one too, and never comes when the latest source giving the claim's figure
  contradicts it;
* "contradicted" needs P(contradicted) >= the fitted threshold of the setting: for retrieved
  evidence the smallest that holds the precision of "contradicted" at the target on held-out
  folds of the news sets; for evidence given with the claim, the one that scores best there.

The reason and rationale name the check or the sentence that decided: the rules' own when the
combiner agrees with them, else the strongest check of the chosen label, else the stance model.
"""

from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from verifier.config import ScoringConfig
from verifier.errors import ModelError
from verifier.scoring import rules
from verifier.scoring.checks import CONTRADICT, SUPPORT
from verifier.scoring.features import FEATURE_NAMES, claim_features, is_about
from verifier.scoring.sentence import CHECK_ORDER, CHECK_REASON, NOT_SCORED, STANCE_LABELS, Decision, SentenceEval
from verifier.types import Claim, Label, Reason

log = logging.getLogger(__name__)

__all__ = ["Combiner", "Decision", "LinearModel", "NOT_SCORED", "SentenceEval", "decide", "load_combiner"]

FORMAT = "claim-verifier-decision"
DEFAULT_PATH = Path(__file__).resolve().parent / "models" / "decision.json"
ENV = "VERIFIER_DECISION"  # "rules": the hand-ordered reading alone; a path: that combiner
LABELS = tuple(Label(x) for x in STANCE_LABELS)  # columns of the combiner's probabilities
SETTINGS = ("given", "retrieved")  # evidence that came with the claim, or found in an index


@dataclass(frozen=True)
class LinearModel:
    """Multinomial logistic regression over standardised features, with the P(contradicted)
    needed to call a claim contradicted."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (3, n_features), rows in LABELS order
    intercept: np.ndarray  # (3,)
    contradict_threshold: float
    card: dict  # what it was fitted on and how well it did out of fold
    # "label:basis" -> (a, b): the confidence reported is sigmoid(a * logit(p) + b), fitted on
    # verdicts of development stories the combiner was not fitted on (``fit_decision.py``)
    confidence_map: dict[str, tuple[float, float]] = field(default_factory=dict)

    def proba(self, x: np.ndarray) -> np.ndarray:
        """P(supported, contradicted, unverified) for feature rows ``x`` (n, n_features) or one row."""
        z = (np.atleast_2d(x) - self.mean) / self.scale
        logits = z @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        return p if np.ndim(x) == 2 else p[0]

    def labels(self, p: np.ndarray) -> np.ndarray:
        """Column index of the label chosen for each probability row: the most probable, but
        "contradicted" only from the threshold on (else the likelier of the other two)."""
        p = np.atleast_2d(p)
        out = p.argmax(axis=1)
        weak = (out == 1) & (p[:, 1] < self.contradict_threshold)
        out[weak] = np.where(p[weak, 0] >= p[weak, 2], 0, 2)
        return out

    def confidence(self, label: int, p: np.ndarray, x: np.ndarray) -> float:
        """The confidence of choosing column ``label`` of probabilities ``p`` for feature row ``x``:
        ``p[label]`` through the map of its label and basis (``confidence_key``), if it has one."""
        raw = float(p[label])
        ab = self.confidence_map.get(confidence_key(label, x))
        if ab is None:
            return raw
        return float(np.clip(1 / (1 + np.exp(-(ab[0] * logit(raw) + ab[1]))), 0.02, 0.98))

    def to_json(self) -> dict:
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist(), "coef": self.coef.tolist(),
                "intercept": self.intercept.tolist(), "contradict_threshold": self.contradict_threshold,
                "card": self.card, "confidence_map": {k: list(v) for k, v in self.confidence_map.items()}}

    @classmethod
    def from_json(cls, data: dict) -> LinearModel:
        n = len(FEATURE_NAMES)
        mean, scale = np.asarray(data["mean"], float), np.asarray(data["scale"], float)
        coef, intercept = np.asarray(data["coef"], float), np.asarray(data["intercept"], float)
        if mean.shape != (n,) or scale.shape != (n,) or coef.shape != (3, n) or intercept.shape != (3,) \
                or np.any(scale <= 0):
            raise ValueError("arrays of the wrong shape, or a scale that is not positive")
        cmap = {str(k): (float(v[0]), float(v[1])) for k, v in data.get("confidence_map", {}).items()}
        return cls(mean, scale, coef, intercept, float(data["contradict_threshold"]), dict(data.get("card", {})), cmap)


# A verdict's basis: "checked" when a structured check found its label on a sentence (a support
# or a contradiction of a figure, date, order, name, speaker or polarity), "unchecked" when it
# rests on relevance, overlap and the stance model. On stories the checks were not shaped on the
# two are right at different rates (docs/decision.md, round 10).
_BASIS = {i: [FEATURE_NAMES.index(f) for f in FEATURE_NAMES if f.endswith(suffix)]
          for i, suffix in ((0, ("_support", "_supports")), (1, ("_contradict", "_contradicts")))}


def logit(p):
    """log(p / (1 - p)), with p kept off 0 and 1: what a confidence map scales."""
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def confidence_key(label: int, x: np.ndarray) -> str:
    """"supported:checked", "contradicted:unchecked", "unverified": the key of a verdict's
    confidence map, from its label's column and its feature row."""
    if label not in _BASIS:
        return STANCE_LABELS[label]
    return f"{STANCE_LABELS[label]}:{'checked' if np.any(np.asarray(x)[_BASIS[label]] > 0) else 'unchecked'}"


@dataclass(frozen=True)
class Combiner:
    """One ``LinearModel`` per setting: evidence given with the claim ("given": a claim and its
    source text) and evidence retrieved from an index ("retrieved"), which read differently."""

    features: tuple[str, ...]
    models: dict[str, LinearModel]  # setting -> model
    provenance: dict

    def model(self, given: bool) -> LinearModel:
        return self.models["given" if given else "retrieved"]

    def to_json(self) -> dict:
        return {"format": FORMAT, "format_version": 2, "features": list(self.features),
                "labels": list(STANCE_LABELS), "settings": {k: m.to_json() for k, m in self.models.items()},
                "provenance": self.provenance}

    @classmethod
    def from_json(cls, data: dict, where: str = "decision model") -> Combiner:
        try:
            if data["format"] != FORMAT:
                raise ValueError(f"format is {data['format']!r}, not {FORMAT!r}")
            if tuple(data["features"]) != FEATURE_NAMES:
                raise ValueError("its features are not the ones this version computes")
            models = {k: LinearModel.from_json(data["settings"][k]) for k in SETTINGS}
            return cls(tuple(data["features"]), models, dict(data.get("provenance", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{where}: not a decision model ({type(exc).__name__}: {exc}).",
                             hint="Fit it again with: .venv/bin/python scripts/fit_decision.py fit") from None


@functools.lru_cache(maxsize=4)
def _load(path: str) -> Combiner:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ModelError(f"decision model missing or unreadable: {path} ({exc}).",
                         hint="Reinstall the package, or fit it with: .venv/bin/python scripts/fit_decision.py fit") \
            from None
    return Combiner.from_json(data, path)


def _model_path(environ: dict[str, str] | None) -> Path | None:
    """The decision model file ``VERIFIER_DECISION`` names (the shipped one by default), or None
    when the hand-ordered rules decide: "rules", or no shipped model."""
    choice = (os.environ if environ is None else environ).get(ENV, "")
    if choice == "rules" or (not choice and not DEFAULT_PATH.exists()):
        return None
    return Path(choice) if choice else DEFAULT_PATH


def load_combiner(environ: dict[str, str] | None = None) -> Combiner | None:
    """The shipped combiner; ``VERIFIER_DECISION=rules`` gives None (the hand-ordered reading
    decides alone), a path gives that model (a missing file is an error, so a misspelt path
    does not silently fall back). Without a shipped model the rules decide, with a warning."""
    path = _model_path(environ)
    if path is None:
        if (os.environ if environ is None else environ).get(ENV, "") != "rules":
            log.warning("no decision model at %s: the hand-ordered rules decide", DEFAULT_PATH)
        return None
    return _load(str(path))


def identity(environ: dict[str, str] | None = None) -> tuple[str, str, str]:
    """(name, sha256, backend) of the decision a run uses, for its run record: the fitted model
    file's sha256, or the hand-ordered rules (``VERIFIER_DECISION=rules`` or no shipped model)."""
    import hashlib

    path = _model_path(environ)
    if path is None or not path.exists():
        return "claim-verifier-decision-rules", "", "rules"
    return "claim-verifier-decision", hashlib.sha256(path.read_bytes()).hexdigest(), "numpy"


def decide(claim: Claim, evals: list[SentenceEval], cfg: ScoringConfig, combiner: Combiner | None) -> Decision:
    """The verdict of one claim from its evidence sentences (see the module docstring)."""
    reading = rules.decide(claim, evals, cfg)
    relevant = [e for e in evals if e.relevance >= cfg.min_relevance]
    if combiner is None or not relevant:
        return reading
    model = combiner.model(given=all(e.given for e in evals))
    x = claim_features(claim, evals, cfg, reading)
    p = model.proba(x)
    about = [e for e in relevant if is_about(e, cfg)]
    latest_contradicts = x[FEATURE_NAMES.index("quantity_latest_contradicts")] > 0
    allowed = [bool(about) and not latest_contradicts, bool(about), True]
    q = np.where(allowed, p, 0.0)
    label = LABELS[int(model.labels(q)[0])] if q[:2].any() else Label.UNVERIFIED
    confidence = model.confidence(LABELS.index(label), p, x)
    if label == reading.label:
        return Decision(label, reading.reason, confidence, reading.rationale, reading.deciding, calibrated=True)
    if label == Label.SUPPORTED:
        return _supported(claim, about, confidence, cfg)
    if label == Label.CONTRADICTED:
        return _contradicted(about, confidence)
    best = max(relevant, key=lambda e: e.relevance)
    return Decision(Label.UNVERIFIED, Reason.INSUFFICIENT, confidence,
                    "The sources discuss this topic but neither confirm nor contradict it clearly enough.",
                    [best], calibrated=True)


def _supported(claim: Claim, about: list[SentenceEval], confidence: float, cfg: ScoringConfig) -> Decision:
    def strength(e: SentenceEval) -> float:
        return e.stance[0] + 0.3 * sum(c.outcome == SUPPORT for c in e.checks) + e.relevance

    best = max(about, key=strength)
    if best.check("quantity") == SUPPORT:
        approximate = any(q.bound.value != "exact" for q in claim.facts.quantities)
        reason = Reason.APPROXIMATE if approximate else Reason.EXACT
    else:
        reason = Reason.EXACT if any(c.outcome == SUPPORT for c in best.checks) else Reason.PARAPHRASE
    what = next((best.note(n) for n in CHECK_ORDER if best.check(n) == SUPPORT and best.note(n)), "")
    rationale = rules.support_rationale(best, what, reason, cfg, rules.unconfirmed_figures(claim, about))
    return Decision(Label.SUPPORTED, reason, confidence, rationale, [best], calibrated=True)


def _contradicted(about: list[SentenceEval], confidence: float) -> Decision:
    for name in CHECK_ORDER:
        con = [e for e in about if e.check(name) == CONTRADICT]
        if con:
            top = max(con, key=lambda e: e.relevance)
            return Decision(Label.CONTRADICTED, CHECK_REASON[name], confidence,
                            f"The {name} does not match the source: {top.note(name)}.", [top], calibrated=True)
    best = max(about, key=lambda e: (e.stance[1], e.relevance))
    return Decision(Label.CONTRADICTED, Reason.STANCE, confidence,
                    "The source says otherwise about the same people and event.", [best], calibrated=True)
