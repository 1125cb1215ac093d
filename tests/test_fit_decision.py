"""scripts/fit_decision.py: the fit of the learned decision, on synthetic feature rows."""

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import fit_decision as fd  # noqa: E402
from verifier.scoring.features import FEATURE_NAMES  # noqa: E402

N = len(FEATURE_NAMES)


def synthetic(n: int, seed: int) -> dict:
    """Rows whose label follows two features, as stance probabilities would."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, size=n)
    X = rng.normal(0, 0.3, size=(n, N))
    X[:, FEATURE_NAMES.index("p_sup_top")] += (y == 0) * 1.5
    X[:, FEATURE_NAMES.index("p_con_top")] += (y == 1) * 1.5
    return {"X": X, "y": y}


def test_fit_learns_the_labels_and_cards_its_out_of_fold_scores(monkeypatch):
    data = {"a": synthetic(300, 1), "b": synthetic(300, 2)}
    monkeypatch.setitem(fd.GROUP, "a", "news")
    monkeypatch.setitem(fd.GROUP, "b", "news")
    model, oof = fd.fit_linear(["a", "b"], data, precision=0.95)
    assert model.card["oof"]["a"]["macro_f1"] > 0.9 and len(oof) == 600
    held = synthetic(200, 3)
    assert fd.macro_f1(held["y"], model.labels(model.proba(held["X"]))) > 0.9
    assert 0.30 <= model.contradict_threshold <= 0.95


def test_each_group_of_sets_weighs_the_same(monkeypatch):
    data = {"big": {"y": np.zeros(300)}, "small": {"y": np.zeros(30)}}
    monkeypatch.setitem(fd.GROUP, "big", "contrast")
    monkeypatch.setitem(fd.GROUP, "small", "pairs")
    w = fd._weights(["big", "small"], data)
    assert w[:300].sum() == pytest.approx(w[300:].sum())


def test_the_precision_threshold_is_the_smallest_that_holds_it():
    # contradicted rows are right only when P(contradicted) >= 0.7
    p = np.array([[0.1, 0.9, 0.0], [0.2, 0.7, 0.1], [0.4, 0.5, 0.1], [0.3, 0.6, 0.1]])
    y = np.array([1, 1, 0, 0])
    assert fd._threshold_precision(p, y, np.ones(4), precision=0.95) == pytest.approx(0.61)


def test_macro_f1_counts_the_labels_the_gold_standard_has():
    gold, pred = np.array([0, 0, 1, 1]), np.array([0, 2, 1, 1])
    assert fd.macro_f1(gold, pred) == pytest.approx((2 / 3 + 1.0) / 2)


def test_fit_sets_and_test_sets_never_meet():
    tests = {"contrast-test", "fever-symmetric", "vitaminc-heldout", "covid-fact-dev", "climate-fever",
             "scifact-dev", "wice-dev", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14",
             "dev15", "dev16", "dev17", "dev18", "dev19", "dev20", "dev21", "dev22", "figures-blind"}
    assert not set(fd.FIT_SETS) & tests and tests <= set(fd.SETS)


def test_a_confidence_map_reports_how_often_a_label_was_right():
    from verifier.scoring.features import FEATURE_NAMES
    from verifier.scoring.verdict import LinearModel

    n = len(FEATURE_NAMES)
    model = LinearModel(np.zeros(n), np.ones(n), np.zeros((3, n)), np.log([0.9, 0.05, 0.05]), 0.5, {})
    y = np.array([0] * 60 + [2] * 40)  # it always says supported at 0.9; right 60 times in 100
    mapped = fd.fit_confidence(model, {"s": {"X": np.zeros((100, n)), "y": y}})
    assert set(mapped.confidence_map) == {"supported:unchecked"}
    assert mapped.card["confidence_map"]["groups"]["supported:unchecked"] == \
        {"n": 100, "mean_probability": 0.9, "right": 0.6}
    p = model.proba(np.zeros(n))
    assert mapped.confidence(0, p, np.zeros(n)) == pytest.approx(0.6, abs=0.02)


def test_the_calibration_error_is_the_weighted_gap_of_confidence_and_accuracy():
    conf = np.array([0.9, 0.9, 0.9, 0.9, 0.55, 0.55])
    right = np.array([True, True, False, False, True, False])
    assert fd.expected_calibration_error(conf, right) == pytest.approx((4 * 0.4 + 2 * 0.05) / 6)
