"""Post-hoc calibration of the reported confidence: (predicted label, raw confidence) ->
the probability that the label is right, read from a small table fitted on development runs.

``decide`` (verdict.py) scores a verdict with hand-set formulas and keeps that raw value for
its own gates (``contradict_min_confidence``); only the value a verdict reports goes through
here. The table, ``models/calibration.json``, holds per setting and label ("retrieved:supported",
"given:contradicted"; ``setting_of``) a monotone piecewise-linear map (knots ``x`` -> ``y``;
flat beyond the end knots) and its provenance (runs, claims per label, date, commit).
``scripts/calibrate.py`` fits it on raw confidences and prints the reliability before and after.

The environment variable ``VERIFIER_CALIBRATION`` chooses the table:

* unset or empty: the shipped table; if it is missing, confidences pass through unchanged;
* ``off``: no calibration (raw confidences, as fitting needs);
* a path: that table (a missing file is an error, so a misspelt path is not silently raw).

Example::

    >>> cal = Calibrator({"supported": ((0.5, 0.9), (0.4, 0.7))}, {})
    >>> cal("supported", 0.9), cal("supported", 0.99)  # flat beyond the last knot
    (0.7, 0.7)
    >>> cal("unverified", 0.7)  # a label the table does not name passes through
    0.7
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from verifier.errors import ModelError

ENV = "VERIFIER_CALIBRATION"
DEFAULT_PATH = Path(__file__).resolve().parent / "models" / "calibration.json"
FORMAT = "claim-verifier-calibration"
# A calibrated confidence never claims certainty: the fit sets have a few hundred verdicts a
# label, too few to tell 0.99 from 0.95.
LOW, HIGH = 0.02, 0.98


@dataclass(frozen=True)
class Calibrator:
    """Per-label knots ``label -> (xs, ys)``, xs increasing, ys non-decreasing."""

    knots: dict[str, tuple[tuple[float, ...], tuple[float, ...]]]
    provenance: dict

    def __call__(self, label: str, confidence: float, setting: str = "") -> float:
        key = f"{setting}:{label}" if f"{setting}:{label}" in self.knots else label
        if key not in self.knots:
            return confidence
        xs, ys = self.knots[key]
        return float(np.interp(confidence, xs, ys))

    def to_json(self) -> dict:
        return {"format": FORMAT, "format_version": 1,
                "labels": {k: {"x": list(xs), "y": list(ys)} for k, (xs, ys) in sorted(self.knots.items())},
                "provenance": self.provenance}

    @classmethod
    def from_json(cls, data: dict, where: str = "calibration table") -> Calibrator:
        try:
            if data["format"] != FORMAT:
                raise ValueError(f"format is {data['format']!r}, not {FORMAT!r}")
            knots = {k: (tuple(map(float, v["x"])), tuple(map(float, v["y"]))) for k, v in data["labels"].items()}
            for k, (xs, ys) in knots.items():
                if not xs or len(xs) != len(ys) or np.any(np.diff(xs) <= 0) or np.any(np.diff(ys) < 0) \
                        or min(ys) < 0.0 or max(ys) > 1.0:
                    raise ValueError(f"label {k!r}: knots must be as many x as y, x increasing, "
                                     "y non-decreasing within [0, 1]")
            return cls(knots, dict(data.get("provenance", {})))
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"{where}: not a calibration table ({type(exc).__name__}: {exc}).",
                             hint="Fit it again with: .venv/bin/python scripts/calibrate.py") from None


def load(path: Path) -> Calibrator:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: calibration table unreadable ({type(exc).__name__}: {exc}).",
                         hint=f"Fit it with: .venv/bin/python scripts/calibrate.py, or set {ENV}=off.") from None
    return Calibrator.from_json(data, str(path))


def save(cal: Calibrator, path: Path) -> None:
    path.write_text(json.dumps(cal.to_json(), indent=2) + "\n", encoding="utf-8")


@functools.lru_cache(maxsize=4)
def _cached(path: str, mtime_ns: int) -> Calibrator:
    return load(Path(path))


def active() -> Calibrator | None:
    """The table ``VERIFIER_CALIBRATION`` names (see the module docstring); None for raw."""
    value = os.environ.get(ENV, "").strip()
    if value.lower() == "off":
        return None
    path = Path(value) if value else DEFAULT_PATH
    if not path.is_file():
        if not value:
            return None
        raise ModelError(f"{ENV}={value}: no such calibration table.",
                         hint=f"Name an existing file, leave {ENV} unset for the shipped table, or set it to off.")
    return _cached(str(path), path.stat().st_mtime_ns)


def calibrate(label: str, confidence: float, setting: str = "") -> float:
    """The confidence a verdict reports: ``confidence`` through the active table, if any, with
    the map of its ``setting`` when the table has one (``setting_of``)."""
    cal = active()
    return confidence if cal is None else cal(label, confidence, setting)


def setting_of(doc_ids: Sequence[str]) -> str:
    """"given" when every sentence a verdict weighed came with the claim (a pair: "does this
    source say that?"), else "retrieved": the two are right at different rates."""
    return "given" if doc_ids and all(d.startswith(GIVEN_PREFIX) for d in doc_ids) else "retrieved"


GIVEN_PREFIX = "evidence:"  # the document id of evidence given with a claim (pipeline._own_evidence)


def fit(labels: Sequence[str], confidences: Sequence[float], correct: Sequence[bool], *,
        bins: int = 10, prior_weight: float = 10.0, provenance: dict | None = None) -> Calibrator:
    """Fit per-label maps from raw confidences and whether each verdict was right.

    For each predicted label: raw confidences go into ``bins`` equal-width bins; a bin's
    accuracy is shrunk towards the label's overall accuracy as if ``prior_weight`` more
    verdicts had that accuracy (a bin of 3 says little; one of 100 speaks for itself);
    pool-adjacent-violators makes the bins' values non-decreasing (weighted by bin size);
    values are clipped to [LOW, HIGH]. Knots sit at each bin's mean raw confidence.
    """
    labels_a = np.asarray(labels, dtype=object)
    conf = np.clip(np.asarray(confidences, dtype=float), 0.0, 1.0)
    ok = np.asarray(correct, dtype=float)
    knots = {}
    for label in sorted(set(labels_a.tolist())):
        mask = labels_a == label
        c, k = conf[mask], ok[mask]
        prior = float(k.mean())
        which = np.minimum((c * bins).astype(int), bins - 1)
        xs, ys, ws = [], [], []
        for b in range(bins):
            inside = which == b
            n = int(inside.sum())
            if n:
                xs.append(float(c[inside].mean()))
                ys.append((float(k[inside].sum()) + prior_weight * prior) / (n + prior_weight))
                ws.append(n)
        ys = np.clip(pool_adjacent_violators(ys, ws), LOW, HIGH)
        knots[label] = (tuple(round(x, 6) for x in xs), tuple(round(float(y), 4) for y in ys))
    return Calibrator(knots, provenance or {})


def pool_adjacent_violators(values: Sequence[float], weights: Sequence[float]) -> list[float]:
    """The non-decreasing sequence closest to ``values`` in weighted least squares."""
    blocks: list[list[float]] = []  # [weighted mean, weight, count]
    for v, w in zip(values, weights):
        blocks.append([float(v), float(w), 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            v2, w2, n2 = blocks.pop()
            v1, w1, n1 = blocks[-1]
            blocks[-1] = [(v1 * w1 + v2 * w2) / (w1 + w2), w1 + w2, n1 + n2]
    return [v for v, _, n in blocks for _ in range(n)]
