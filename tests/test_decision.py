"""The learned decision (verifier.scoring.verdict): the combiner as data, its thresholds per
setting, and the guarantees kept as code whatever the combiner says."""

import json

import numpy as np
import pytest

from verifier.config import ScoringConfig
from verifier.errors import ModelError
from verifier.scoring.checks import CONTRADICT, SUPPORT, CheckResult
from verifier.scoring.features import FEATURE_NAMES, FEATURES, claim_features
from verifier.scoring.sentence import SentenceEval
from verifier.scoring.verdict import DEFAULT_PATH, Combiner, LinearModel, decide, load_combiner
from verifier.types import Bound, Claim, Evidence, Facts, Label, Quantity, Reason

CFG = ScoringConfig()
N = len(FEATURE_NAMES)
NUM = Quantity(value=120, bound=Bound.EXACT, text="120", measure="seats")


def ev(rel=0.8, stance=(0.1, 0.1, 0.8), coverage=1.0, checks=(), lexical=0.8, published="2024-01-01"):
    e = Evidence(doc_id="d", start=0, end=5, quote="quote", published=published)
    return SentenceEval(e, rel, coverage, stance, list(checks), lexical)


def claim(quantities=()):
    return Claim(id="c1", text="The party won 120 seats.", facts=Facts(quantities=list(quantities)))


def linear(intercept, threshold=0.5, coef=None, mean=None, scale=None):
    return LinearModel(np.zeros(N) if mean is None else mean, np.ones(N) if scale is None else scale,
                       np.zeros((3, N)) if coef is None else coef, np.asarray(intercept, float), threshold, {})


def always(label: int, p: float = 0.9, threshold: float = 0.5) -> Combiner:
    """A combiner that gives ``label`` probability ``p`` whatever it reads (intercepts only)."""
    logits = np.full(3, np.log((1 - p) / 2))
    logits[label] = np.log(p)
    model = linear(logits, threshold)
    return Combiner(FEATURE_NAMES, {"given": model, "retrieved": model}, {})


def test_every_feature_is_documented_and_computed_in_order():
    assert tuple(FEATURES) == FEATURE_NAMES and all(FEATURES.values())
    row = claim_features(claim(), [ev()], CFG)
    assert row.shape == (N,) and np.all(np.isfinite(row))


def test_what_a_claim_adds_to_its_best_restatement_is_counted():
    row = dict(zip(FEATURE_NAMES, claim_features(claim(), [ev(lexical=0.5)], CFG)))
    # "The party won 120 seats.": party, won, 120, seats - half of them unmatched
    assert row["unmatched"] == pytest.approx(np.log1p(2))
    assert dict(zip(FEATURE_NAMES, claim_features(claim(), [], CFG)))["unmatched"] == pytest.approx(np.log1p(4))


def _restating(claim_text: str, quote: str, entities=()) -> dict[str, float]:
    from verifier.types import Entity

    c = Claim(id="c1", text=claim_text, facts=Facts(entities=[Entity(text=t, label=lbl) for t, lbl in entities]))
    e = SentenceEval(Evidence(doc_id="d", start=0, end=len(quote), quote=quote), 0.8, 1.0, (0.1, 0.1, 0.8), [], 0.8)
    return dict(zip(FEATURE_NAMES, claim_features(c, [e], CFG)))


def test_a_restatement_naming_another_name_names_fewer_of_the_claims():
    row = _restating("The summit will be held in Telmar.", "The summit will be held in Port Halden.",
                     [("Telmar", "GPE")])
    assert row["restating_names"] == 0.0
    assert _restating("The summit will be held in Telmar.", "Telmar will host the summit.",
                      [("Telmar", "GPE")])["restating_names"] == 1.0


def test_combiner_round_trips_as_json_and_predicts_probabilities():
    rng = np.random.default_rng(0)
    models = {s: linear(rng.normal(size=3), t, rng.normal(size=(3, N)), rng.normal(size=N), rng.uniform(0.5, 2, N))
              for s, t in (("given", 0.4), ("retrieved", 0.6))}
    c = Combiner(FEATURE_NAMES, models, {"sets": ["x"]})
    back = Combiner.from_json(json.loads(json.dumps(c.to_json())))
    x = rng.normal(size=(5, N))
    for given in (True, False):
        p = c.model(given).proba(x)
        assert np.allclose(back.model(given).proba(x), p) and np.allclose(p.sum(axis=1), 1.0)
    assert (back.model(True).contradict_threshold, back.model(False).contradict_threshold) == (0.4, 0.6)


@pytest.mark.parametrize("change", [
    {"format": "something-else"},
    {"features": ["relevance"]},
    {"settings": {"given": always(0).models["given"].to_json()}},
    {"settings": {s: always(0).models[s].to_json() | {"mean": [0.0]} for s in ("given", "retrieved")}},
    {"settings": {s: always(0).models[s].to_json() | {"scale": [0.0] * N} for s in ("given", "retrieved")}},
])
def test_a_damaged_model_file_is_a_model_error(change):
    data = always(0).to_json() | change
    with pytest.raises(ModelError, match="not a decision model"):
        Combiner.from_json(data)


def test_contradicted_needs_the_threshold_of_its_setting():
    c = Combiner(FEATURE_NAMES, {"given": linear(np.zeros(3), 0.4), "retrieved": linear(np.zeros(3), 0.7)}, {})
    p = np.array([[0.25, 0.5, 0.25], [0.3, 0.5, 0.2], [0.1, 0.8, 0.1]])
    assert c.model(given=True).labels(p).tolist() == [1, 1, 1]
    assert c.model(given=False).labels(p).tolist() == [0, 0, 1]  # a tie of the other two goes to supported


def test_nothing_relevant_is_unverified_whatever_the_combiner_says():
    d = decide(claim(), [ev(rel=0.1)], CFG, always(1, 0.99))
    assert (d.label, d.reason) == (Label.UNVERIFIED, Reason.NO_EVIDENCE)


def test_a_silent_corpus_never_contradicts():
    # relevant, but names none of the claim's people or places and no check anchored it
    e = ev(stance=(0.0, 1.0, 0.0), coverage=0.0)
    c = claim()
    c = c.model_copy(update={"facts": Facts(entities=[{"text": "Varnland", "label": "GPE"}])})
    d = decide(c, [e], CFG, always(1, 0.99))
    assert d.label == Label.UNVERIFIED


def test_a_figure_the_latest_source_contradicts_is_never_supported():
    old = ev(checks=[CheckResult("quantity", SUPPORT, "'120' agrees", covers=frozenset({"120"}))],
             published="2024-01-01")
    new = ev(checks=[CheckResult("quantity", CONTRADICT, "'120' vs '118'")], published="2024-02-01")
    d = decide(claim([NUM]), [old, new], CFG, always(0, 0.99))
    assert d.label != Label.SUPPORTED


def test_a_contradiction_names_the_check_that_found_it():
    e = ev(checks=[CheckResult("date", CONTRADICT, "'Monday' vs 'Tuesday'")], stance=(0.6, 0.2, 0.2))
    d = decide(claim(), [e], CFG, always(1, 0.9))
    assert (d.label, d.reason) == (Label.CONTRADICTED, Reason.DATE) and "Monday" in d.rationale
    assert d.confidence == pytest.approx(0.9) and d.calibrated


def test_a_stance_contradiction_says_so():
    d = decide(claim(), [ev(stance=(0.05, 0.9, 0.05))], CFG, always(1, 0.9))
    assert (d.label, d.reason) == (Label.CONTRADICTED, Reason.STANCE)


def test_without_a_combiner_the_rules_decide(monkeypatch):
    assert load_combiner({"VERIFIER_DECISION": "rules"}) is None
    d = decide(claim(), [ev(stance=(0.9, 0.05, 0.05))], CFG, None)
    assert d.label == Label.SUPPORTED and not d.calibrated


def test_a_misspelt_model_path_is_an_error(tmp_path):
    with pytest.raises(ModelError, match="missing or unreadable"):
        load_combiner({"VERIFIER_DECISION": str(tmp_path / "nope.json")})


def test_the_shipped_model_loads_and_was_fitted_on_development_data_only():
    c = load_combiner({})
    assert c is not None and c.features == FEATURE_NAMES
    fitted_on = set(c.provenance["sets"])
    tests = {"contrast-test", "fever-symmetric", "vitaminc-heldout", "covid-fact-dev", "climate-fever",
             "wice-dev", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "figures-blind"}
    assert fitted_on and not fitted_on & tests
    assert json.loads(DEFAULT_PATH.read_text())["format"] == "claim-verifier-decision"


def test_a_run_records_which_decision_made_its_verdicts(tmp_path):
    from verifier.scoring.verdict import identity

    name, sha, backend = identity({})
    assert name == "claim-verifier-decision" and len(sha) == 64 and backend == "numpy"
    assert identity({"VERIFIER_DECISION": "rules"}) == ("claim-verifier-decision-rules", "", "rules")
    other = tmp_path / "other.json"
    other.write_text(DEFAULT_PATH.read_text())
    assert identity({"VERIFIER_DECISION": str(other)})[1] == sha


def test_the_stance_model_reads_agreeing_figures_in_one_order_whatever_the_checks_order():
    longer = CheckResult("date", SUPPORT, aligned=(("Friday, 24 April", "24 April 2026"),))
    shorter = CheckResult("quantity", SUPPORT, aligned=(("Friday", "1 May"),))
    quote = "The commission published the results on Friday, 24 April."
    texts = {SentenceEval(Evidence(doc_id="d", start=0, end=len(quote), quote=quote), 0.8, 1.0,
                          (0.1, 0.1, 0.8), checks, 0.8).stance_text()
             for checks in ([longer, shorter], [shorter, longer])}
    assert texts == {"The commission published the results on 24 April 2026."}


def test_the_confidence_reported_follows_the_map_of_its_label_and_basis():
    from dataclasses import replace

    from verifier.scoring.verdict import confidence_key

    model = replace(linear(np.zeros(3)), confidence_map={"supported:unchecked": (1.0, -1.0),
                                                        "contradicted:checked": (0.5, 0.0)})
    checked, unchecked = np.zeros(N), np.zeros(N)
    checked[FEATURE_NAMES.index("quantity_support")] = checked[FEATURE_NAMES.index("date_contradict")] = 0.8
    p = np.array([0.8, 0.15, 0.05])
    assert confidence_key(0, checked) == "supported:checked" and confidence_key(0, unchecked) == "supported:unchecked"
    assert confidence_key(2, checked) == "unverified"
    assert model.confidence(0, p, checked) == pytest.approx(0.8)  # no map for it: the probability
    assert model.confidence(0, p, unchecked) == pytest.approx(1 / (1 + np.exp(-(np.log(4) - 1))))
    assert model.confidence(1, np.array([0.01, 0.98, 0.01]), checked) == pytest.approx(0.875, abs=1e-3)
    back = LinearModel.from_json(json.loads(json.dumps(model.to_json())))
    assert back.confidence_map == model.confidence_map


def test_the_confidence_map_applies_to_retrieved_evidence_only():
    from dataclasses import replace

    base = always(0, 0.9)
    mapped = replace(base.models["retrieved"], confidence_map={"supported:unchecked": (1.0, -1.0)})
    c = Combiner(FEATURE_NAMES, {"given": base.models["given"], "retrieved": mapped}, {})
    retrieved = decide(claim(), [ev(stance=(0.9, 0.05, 0.05))], CFG, c)
    given = decide(claim(), [replace(ev(stance=(0.9, 0.05, 0.05)), given=True)], CFG, c)
    assert retrieved.label == given.label == Label.SUPPORTED
    assert given.confidence == pytest.approx(0.9)
    assert retrieved.confidence == pytest.approx(1 / (1 + np.exp(-(np.log(9) - 1))))
