"""Post-hoc calibration of reported confidences (verifier/scoring/calibration.py)."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest

from verifier.errors import ModelError
from verifier.evaluate import evaluate
from verifier.scoring import calibration
from verifier.scoring.calibration import Calibrator, fit, pool_adjacent_violators
from verifier.types import Label, Reason, Verdict

GRID = np.linspace(0.0, 1.0, 101)
LABELS = [lab.value for lab in Label]


def _overconfident(n: int = 900, seed: int = 7):
    """Raw confidences in [0.55, 1.0]; a verdict is right with probability confidence - 0.3."""
    rng = random.Random(seed)
    labels, conf, correct = [], [], []
    for _ in range(n):
        c = rng.uniform(0.55, 1.0)
        labels.append(rng.choice(LABELS))
        conf.append(c)
        correct.append(rng.random() < c - 0.3)
    return labels, conf, correct


def _verdicts(labels, conf, correct):
    wrong = {"supported": Label.CONTRADICTED, "contradicted": Label.UNVERIFIED, "unverified": Label.SUPPORTED}
    return [Verdict(claim_id=f"c{i}", claim="x", label=Label(lab), confidence=round(c, 4), reason=Reason.EXACT,
                    rationale="", gold=Label(lab) if ok else wrong[lab])
            for i, (lab, c, ok) in enumerate(zip(labels, conf, correct))]


def test_pool_adjacent_violators_is_monotone_weighted_mean():
    assert pool_adjacent_violators([0.2, 0.6, 0.4, 0.9], [1, 1, 3, 1]) == pytest.approx([0.2, 0.45, 0.45, 0.9])
    assert pool_adjacent_violators([0.5], [2]) == [0.5]


def test_fit_is_monotone_per_label():
    cal = fit(*_overconfident())
    assert set(cal.knots) == set(LABELS)
    for lab in LABELS:
        ys = [cal(lab, x) for x in GRID]
        assert all(b >= a for a, b in zip(ys, ys[1:]))


def test_fit_clips_to_bounds():
    cal = fit(["supported"] * 50 + ["contradicted"] * 50, [0.9] * 50 + [0.9] * 50, [True] * 50 + [False] * 50)
    assert cal("supported", 0.9) == calibration.HIGH
    assert cal("contradicted", 0.9) == calibration.LOW


def test_small_bins_shrink_towards_the_labels_accuracy():
    # 40 verdicts at 0.9, 30 of them right; 2 at 0.3, both wrong: alone that bin would say 0.0
    cal = fit(["supported"] * 42, [0.9] * 40 + [0.3] * 2, [True] * 30 + [False] * 12, prior_weight=10)
    prior = 30 / 42
    assert cal("supported", 0.3) == pytest.approx((0 + 10 * prior) / 12, abs=1e-4)
    assert cal("supported", 0.9) == pytest.approx((30 + 10 * prior) / 50, abs=1e-4)


def test_fit_on_overconfident_data_lowers_ece():
    labels, conf, correct = _overconfident()
    cal = fit(labels, conf, correct)
    test_labels, test_conf, test_correct = _overconfident(seed=8)  # fresh draws of the same process
    before = evaluate(_verdicts(test_labels, test_conf, test_correct)).expected_calibration_error
    after = evaluate(_verdicts(test_labels, [cal(lab, c) for lab, c in zip(test_labels, test_conf)],
                               test_correct)).expected_calibration_error
    assert before > 0.2
    assert after < 0.06


def test_table_round_trip(tmp_path):
    cal = fit(*_overconfident(), provenance={"runs": ["r.jsonl"], "n_per_label": {"supported": 3}})
    path = tmp_path / "cal.json"
    calibration.save(cal, path)
    again = calibration.load(path)
    assert again == cal
    assert json.loads(path.read_text())["provenance"]["runs"] == ["r.jsonl"]


def test_bad_table_is_a_coded_error(tmp_path):
    path = tmp_path / "cal.json"
    path.write_text(json.dumps({"format": "claim-verifier-calibration", "labels":
                                {"supported": {"x": [0.2, 0.8], "y": [0.9, 0.1]}}}))
    with pytest.raises(ModelError, match=r"^\[V014\] .*y non-decreasing"):
        calibration.load(path)
    path.write_text("{")
    with pytest.raises(ModelError, match=r"^\[V014\] .*unreadable"):
        calibration.load(path)


def test_pass_through_when_off_or_missing(tmp_path, monkeypatch):
    path = tmp_path / "cal.json"
    calibration.save(Calibrator({"supported": ((0.5,), (0.2,))}, {}), path)
    monkeypatch.setenv(calibration.ENV, str(path))
    assert calibration.calibrate("supported", 0.9) == 0.2
    assert calibration.calibrate("unverified", 0.9) == 0.9  # not in the table
    monkeypatch.setenv(calibration.ENV, "off")
    assert calibration.calibrate("supported", 0.9) == 0.9
    monkeypatch.delenv(calibration.ENV)
    monkeypatch.setattr(calibration, "DEFAULT_PATH", tmp_path / "absent.json")
    assert calibration.calibrate("supported", 0.9) == 0.9


def test_a_named_table_that_is_missing_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setenv(calibration.ENV, str(tmp_path / "typo.json"))
    with pytest.raises(ModelError, match=r"^\[V014\] VERIFIER_CALIBRATION=.*typo.json: no such calibration table"):
        calibration.calibrate("supported", 0.9)


def test_shipped_table_loads_and_maps_into_unit_interval():
    cal = calibration.load(calibration.DEFAULT_PATH)
    keys = {f"{setting}:{lab}" for setting in ("given", "retrieved") for lab in LABELS}
    assert set(cal.knots) == keys
    assert set(cal.provenance["n_per_label"]) == keys
    for setting in ("given", "retrieved"):
        for lab in LABELS:
            ys = [cal(lab, x, setting) for x in GRID]
            assert all(calibration.LOW <= y <= calibration.HIGH for y in ys)
            assert all(b >= a for a, b in zip(ys, ys[1:]))


def test_a_verdicts_setting_picks_its_map():
    cal = calibration.Calibrator({"given:supported": ((0.5, 0.9), (0.3, 0.5)), "supported": ((0.5, 0.9), (0.6, 0.9))}, {})
    assert cal("supported", 0.9, "given") == 0.5
    assert cal("supported", 0.9, "retrieved") == 0.9  # no map for the setting: the label's
    assert calibration.setting_of(["evidence:c1", "evidence:c1"]) == "given"
    assert calibration.setting_of(["evidence:c1", "ohchr-2022"]) == "retrieved"
    assert calibration.setting_of([]) == "retrieved"
