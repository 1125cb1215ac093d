"""Fit the confidence calibration table (``verifier/scoring/models/calibration.json``) on
development runs and print the reliability (bins, counts, mean confidence, accuracy) and the
expected calibration error before and after, per fit set and pooled.

Fit data: development data only, nothing ``scripts/eval_public.py`` reports as a test.

* ``ukraine``, ``dev2`` ... ``dev5``: the news development sets
  (``claims/<set>.claims.jsonl`` against the index of ``index/corpora/<set>``, built when
  missing; the worked example's is ``index/built/default``). dev3, dev4 and dev5 were written
  blind to the code and first run as tests (README); they are development sets since;
* ``vitaminc``: 300 VitaminC pairs (seed 0), pair setting, from ``real_train_pool`` pages in
  hash buckets 0-2: the stance model's dev pages, neither trained on nor the held-out test
  pages (buckets 3-5), plus "not enough info" pairs built from them the way the held-out
  set's are;
* ``scifact_train``: 200 SciFact ``claims_train`` claims (seed 0) in the retrieval setting
  against ``index/built/scifact``, when that index exists (``claims_dev`` is a reported
  test). The stance model was trained on the rationale sentences of most train claims, so
  this set flatters the "supported"/"contradicted" verdicts that find them.

Verdicts are fitted per setting and label: "given" (every sentence weighed came with the
claim: the VitaminC pairs) and "retrieved" (the news sets, SciFact train), which are right at
different rates.

Each set goes through the real CLI (``verifier eval CLAIMS --json -o RUN``) with
``VERIFIER_CALIBRATION=off``, so the fit sees raw confidences whatever table is installed.
Claim and run files go to ``index/built/calibration/``; ``--reuse`` keeps run files already
there (they were written raw by this script).

Example::

    nice -n 10 .venv/bin/python scripts/calibrate.py            # run the sets, fit, write the table
    .venv/bin/python scripts/calibrate.py --reuse --dry-run     # refit from the saved runs, print only
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import logging
import os
import random
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from eval_public import (  # noqa: E402
    STANCE_SEED,
    VERIFIER,
    _rel,
    code_version,
    eval_command,
    read_run,
    scifact_claims,
    subsample,
    vitaminc_claims,
    write_jsonl,
)
from prepare_stance_data import (  # noqa: E402
    DEFAULT_DATA,
    bucket,
    build_nei,
    dedupe,
    fits,
    norm_key,
    pair,
    read_jsonl,
    test_claims,
)

from verifier.evaluate import evaluate  # noqa: E402
from verifier.scoring import calibration  # noqa: E402

log = logging.getLogger("calibrate")

OUT_DIR = PROJECT_ROOT / "index" / "built" / "calibration"
INDEX = PROJECT_ROOT / "index" / "built"


def vitaminc_dev_pairs(real_rows: list[dict], banned: set[str], seed: int = STANCE_SEED) -> list[dict]:
    """VitaminC real pairs of the stance model's dev pages (buckets 0-2), with built NEI pairs
    from those rows only (as ``eval_public.vitaminc_heldout`` does for buckets 3-5)."""
    label_of = {"SUPPORTS": 0, "REFUTES": 1, "NOT ENOUGH INFO": 2}
    rows = [pair(r["claim"], r["evidence"], label_of[r["label"]], "vitaminc_real", "page:" + r["page"])
            | {"case": r["case_id"]} for r in real_rows]
    dev = [r for r in rows if norm_key(r["claim"]) not in banned and fits(r) and bucket(r["group"]) < 3]
    dev, _, _ = dedupe(dev + build_nei(dev, len(dev) // 6, random.Random(seed + 1)))
    return dev


# (set name, corpus and claim-file stem, index folder): the news development sets
NEWS = [("ukraine", "ukraine-2022-04-26", "default"), ("dev2", "dev2", "dev2"), ("dev3", "dev3", "dev3"),
        ("dev4", "dev4", "dev4"), ("dev5", "dev5", "dev5")]


def news_index(corpus: str, index: Path) -> Path:
    """The index of a news development corpus, built when missing."""
    if not (index / "manifest.json").exists():
        cmd = [str(VERIFIER), "--quiet", "index", "build",
               str(PROJECT_ROOT / "index" / "corpora" / corpus), "--index", str(index)]
        log.info("building %s", _rel(index))
        subprocess.run(cmd, check=True, cwd=PROJECT_ROOT)
    return index


def write_sets(data: Path, n_vitaminc: int, n_scifact: int, seed: int) -> list[dict]:
    """The fit sets: name, claim file, index (None in the pair setting)."""
    sets = [{"name": name, "claims": PROJECT_ROOT / "claims" / f"{corpus}.claims.jsonl",
             "index": news_index(corpus, INDEX / folder)} for name, corpus, folder in NEWS]
    banned = test_claims(data)
    pairs = subsample(vitaminc_dev_pairs(read_jsonl(data / "vitaminc" / "real_train_pool.jsonl"), banned),
                      n_vitaminc, seed)
    vc = [c | {"id": "vitaminc-cal-" + c["id"].removeprefix("vitaminc-")} for c in vitaminc_claims(pairs)]
    sets.append({"name": "vitaminc", "claims": OUT_DIR / "vitaminc.claims.jsonl", "index": None})
    write_jsonl(sets[-1]["claims"], vc)
    if (INDEX / "scifact" / "manifest.json").exists():
        sf = [c for c in scifact_claims(read_jsonl(data / "scifact" / "claims_train.jsonl"))
              if norm_key(c["text"]) not in banned]
        sets.append({"name": "scifact_train", "claims": OUT_DIR / "scifact_train.claims.jsonl",
                     "index": INDEX / "scifact"})
        write_jsonl(sets[-1]["claims"], subsample(sf, n_scifact, seed))
    else:
        log.warning("no index/built/scifact: fitting without SciFact train claims")
    return sets


def run_raw(s: dict, reuse: bool) -> Path:
    """``verifier eval`` on one set with calibration off; the run file."""
    run = OUT_DIR / f"{s['name']}.run.jsonl"
    if reuse and run.exists():
        log.info("%s: reusing %s", s["name"], _rel(run))
        return run
    cmd = eval_command(s["claims"], run, s["index"])
    log.info("%s: %s=off %s", s["name"], calibration.ENV, " ".join(_rel(c) for c in cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT,
                          env=os.environ | {calibration.ENV: "off"})
    if proc.returncode != 0:
        raise SystemExit(f"{s['name']}: verifier eval failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    return run


def reliability(verdicts) -> str:
    rep = evaluate(verdicts)
    rows = [f"    [{b.lo:.1f},{b.hi:.1f})  n={b.count:<5d} conf={b.mean_confidence:.3f}  acc={b.accuracy:.3f}"
            for b in rep.reliability]
    return "\n".join(rows + [f"    ECE={rep.expected_calibration_error:.3f}  (n={rep.n}, accuracy {rep.accuracy:.3f})"])


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def setting(v) -> str:
    """The verdict's setting ("given" evidence or "retrieved"), as the pipeline tells it."""
    return calibration.setting_of([e.doc_id for e in v.evidence + v.considered])


def key(v) -> str:
    return f"{setting(v)}:{v.label.value}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared public data folder")
    ap.add_argument("--n-vitaminc", type=int, default=300)
    ap.add_argument("--n-scifact", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--bins", type=int, default=10, help="bins a label's raw confidences are fitted in")
    ap.add_argument("--prior-weight", type=float, default=10.0,
                    help="verdicts' worth of the label's overall accuracy added to every bin")
    ap.add_argument("--reuse", action="store_true", help="keep run files already in index/built/calibration")
    ap.add_argument("--out", type=Path, default=calibration.DEFAULT_PATH)
    ap.add_argument("--dry-run", action="store_true", help="print the reliability; write no table")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    OUT_DIR.mkdir(parents=True, exist_ok=True)

    sets = write_sets(args.data, args.n_vitaminc, args.n_scifact, args.seed)
    by_set, runs = {}, []
    for s in sets:
        run = run_raw(s, args.reuse)
        record, verdicts = read_run(run)
        by_set[s["name"]] = [v for v in verdicts if v.gold is not None]
        runs.append({"set": s["name"], "claims": _rel(s["claims"]), "claims_sha256": _sha256(s["claims"]),
                     "index": None if s["index"] is None else _rel(s["index"]),
                     "index_fingerprint": record.index.get("fingerprint"), "run_file": _rel(run),
                     "run_created": record.created, "n": len(by_set[s["name"]])})
        models = [m.model_dump() for m in record.models]  # the same in every run: one pipeline
    pooled = [v for vs in by_set.values() for v in vs]
    provenance = {
        "fitted": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": code_version(),  # at fitting time; each run's own time is its run_created
        "script": "scripts/calibrate.py",
        "method": {"bins": args.bins, "prior_weight": args.prior_weight,
                   "clip": [calibration.LOW, calibration.HIGH], "seed": args.seed},
        "models": models,
        "runs": runs,
        "n_per_label": dict(sorted(collections.Counter(key(v) for v in pooled).items())),
    }
    cal = calibration.fit([key(v) for v in pooled], [v.confidence for v in pooled],
                          [v.label == v.gold for v in pooled], bins=args.bins, prior_weight=args.prior_weight,
                          provenance=provenance)

    def calibrated(vs):
        return [v.model_copy(update={"confidence": round(cal(v.label.value, v.confidence, setting(v)), 4)})
                for v in vs]

    for name, vs in [*by_set.items(), ("pooled", pooled)]:
        print(f"{name}: raw\n{reliability(vs)}\n{name}: calibrated\n{reliability(calibrated(vs))}")
    for label, (xs, ys) in sorted(cal.knots.items()):
        print(f"{label} (n={provenance['n_per_label'][label]}): "
              + "  ".join(f"{x:.3f}->{y:.3f}" for x, y in zip(xs, ys)))
    if not args.dry_run:
        calibration.save(cal, args.out)
        log.info("wrote %s", _rel(args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
