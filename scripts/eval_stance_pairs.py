"""Evaluate the stance model on held-out (claim, evidence) pair sets: accuracy and macro-F1.

Sets (none of them is trained on; see scripts/prepare_stance_data.py):

* ``vitaminc_test``: the held-out VitaminC pages (3% of real_train_pool pages by hash, with
  built NEI pairs), from ``.train/stance/test_vitaminc.jsonl.gz`` (run prepare_stance_data first).
* ``dev``: the model-selection split, same file folder (not a test: it chose the epoch).
* ``climate_fever``: Climate-FEVER sentence-level pairs (7,675; 3 classes).
* ``fever_symmetric``: FEVER-symmetric dev (708; supported / contradicted only).
* ``covid_fact_dev``: COVID-Fact dev.tsv (supported / refuted only).
* ``contrast_dev``: the contrast suite's dev split (``index/built/contrast/dev.jsonl.gz``,
  claim-file rows with their ``evidence``), when it has been generated. Its test split is
  frozen and is not read here.

``mean_macro_f1_held_out`` averages the macro-F1 of every set but ``dev``: the figure the
shipping rule of a new stance model compares (better on dev, not worse on this average).

On two-class sets a predicted "unverified" counts as wrong in ``accuracy`` / ``macro_f1``;
``accuracy_2way`` takes the argmax over the supported/contradicted columns alone, as published
two-class figures do. Large sets are subsampled with a fixed seed (``--max-per-set``, default
1000) to keep a CPU run to a few minutes; the report says how many pairs each figure rests on.

Example::

    .venv/bin/python scripts/eval_stance_pairs.py --json out/stance_eval.json
    # a candidate's weights, exported to ONNX in a folder of its own
    .venv/bin/python scripts/eval_stance_pairs.py --model-dir .train/run-v2/model \
        --models-dir .train/run-v2/onnx --sets dev,vitaminc_test,fever_symmetric,covid_fact_dev
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import logging
import random
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from prepare_stance_data import DEFAULT_DATA, LABEL_MAP, detok  # noqa: E402

log = logging.getLogger("eval_stance_pairs")
LABELS = ("supported", "contradicted", "unverified")


def _jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


DEFAULT_CONTRAST_DEV = PROJECT_ROOT / "index" / "built" / "contrast" / "dev.jsonl.gz"


def load_set(name: str, data: Path, prepared: Path,
             contrast_dev: Path = DEFAULT_CONTRAST_DEV) -> list[tuple[str, str, int]]:
    """(claim, evidence, gold) triples of one named set."""
    if name == "vitaminc_test":
        return [(r["claim"], r["evidence"], r["label"]) for r in _jsonl(prepared / "test_vitaminc.jsonl.gz")]
    if name == "dev":
        return [(r["claim"], r["evidence"], r["label"]) for r in _jsonl(prepared / "dev.jsonl.gz")]
    if name == "climate_fever":
        out = []
        for r in _jsonl(data / "climate-fever" / "climate-fever.jsonl"):
            for ev in r["evidences"]:
                out.append((r["claim"], ev["evidence"], LABEL_MAP[ev["evidence_label"]]))
        return out
    if name == "fever_symmetric":
        return [(detok(r["claim"]), detok(r["evidence"]), LABEL_MAP[r["gold_label"]])
                for r in _jsonl(data / "fever" / "fever_symmetric_dev.jsonl")]
    if name == "covid_fact_dev":
        # columns by position: dev.tsv's header names its label column "entailment"
        with (data / "covid-fact" / "dev.tsv").open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))[1:]
        return [(r[2], r[1].replace(">", " "), LABEL_MAP[r[3]]) for r in rows]
    if name == "contrast_dev":
        if "test" in contrast_dev.name:
            raise SystemExit(f"{contrast_dev}: the contrast suite's test split is frozen; use its dev split")
        if not contrast_dev.is_file():
            raise SystemExit(f"{contrast_dev} is missing: generate the contrast suite first")
        labels = {n: i for i, n in enumerate(LABELS)}
        return [(r["text"], r["evidence"], labels[r["label"]]) for r in _jsonl(contrast_dev)]
    raise SystemExit(f"unknown set {name!r}")


def score(gold: list[int], probs) -> dict:
    import numpy as np

    pred = probs.argmax(1)
    classes = sorted(set(gold))
    out: dict = {"n": len(gold), "accuracy": float(np.mean(pred == np.array(gold)))}
    f1s = []
    per = {}
    for k in classes:
        tp = int(np.sum((pred == k) & (np.array(gold) == k)))
        fp = int(np.sum((pred == k) & (np.array(gold) != k)))
        fn = int(np.sum((pred != k) & (np.array(gold) == k)))
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        per[LABELS[k]] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
        f1s.append(f)
    out["macro_f1"] = round(float(np.mean(f1s)), 4)
    out["accuracy"] = round(out["accuracy"], 4)
    out["per_class"] = per
    out["confusion"] = [[int(np.sum((np.array(gold) == g) & (pred == p))) for p in range(3)] for g in range(3)]
    if 2 not in classes:
        two = probs[:, :2].argmax(1)
        out["accuracy_2way"] = round(float(np.mean(two == np.array(gold))), 4)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", default="vitaminc_test,fever_symmetric,climate_fever,covid_fact_dev")
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA)
    ap.add_argument("--prepared", type=Path, default=PROJECT_ROOT / ".train" / "stance")
    ap.add_argument("--model-dir", type=Path, default=None, help="default: the shipped model")
    ap.add_argument("--models-dir", type=Path, default=None, help="where the ONNX export lives")
    ap.add_argument("--backend", default="auto", choices=["auto", "onnx", "torch"])
    ap.add_argument("--int8", action="store_true", help="the int8 ONNX export (stance.int8.onnx)")
    ap.add_argument("--contrast-dev", type=Path, default=DEFAULT_CONTRAST_DEV,
                    help="the contrast suite's dev split (a fixed copy keeps two runs comparable)")
    ap.add_argument("--max-per-set", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)

    from verifier.config import STANCE_MODEL_DIR
    from verifier.scoring.stance import load_stance_model

    model = load_stance_model(args.models_dir, backend=args.backend,
                              model_dir=args.model_dir or STANCE_MODEL_DIR, int8=args.int8)
    results: dict = {"model": model.name, "sha256": model.sha256, "backend": model.backend,
                     "normalize_figures": model.normalize,
                     "max_per_set": args.max_per_set, "seed": args.seed, "sets": {}}
    for name in [s for s in args.sets.split(",") if s]:
        triples = load_set(name, args.data, args.prepared, args.contrast_dev)
        total = len(triples)
        if args.max_per_set and total > args.max_per_set:
            triples = random.Random(args.seed).sample(triples, args.max_per_set)
        t0 = time.time()
        probs = model.predict([(c, e) for c, e, _ in triples])
        res = score([g for _, _, g in triples], probs)
        res["of_total"] = total
        res["pairs_per_second"] = round(len(triples) / (time.time() - t0), 1)
        results["sets"][name] = res
        log.info("%-16s n=%4d/%d  acc %.3f  macro-F1 %.3f%s  (%.0f pairs/s)", name, res["n"], total,
                 res["accuracy"], res["macro_f1"],
                 f"  2-way acc {res['accuracy_2way']:.3f}" if "accuracy_2way" in res else "",
                 res["pairs_per_second"])
    held_out = [r["macro_f1"] for n, r in results["sets"].items() if n != "dev"]
    if held_out:
        results["mean_macro_f1_held_out"] = round(sum(held_out) / len(held_out), 4)
    text = json.dumps(results, indent=2)
    sys.stdout.write(text + "\n")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
