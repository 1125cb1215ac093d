"""How often one structured check's contradictions are right, at several values of one scoring
setting: the numbers that chose a check's threshold (``binding_min_overlap``).

Reads development pairs only, each claim against its own evidence sentence:

* the contrast suite's dev split (``index/built/contrast/dev.jsonl.gz``; its test split is
  frozen and never read here), a seeded sample;
* the stance model's dev pairs (``.train/stance-v1data/dev.jsonl.gz``: real FEVER, VitaminC,
  Climate-FEVER and SciFact pairs the model was never trained on).

For each value it prints how many times the check contradicted, and the gold labels of those
pairs. Example::

    .venv/bin/python scripts/check_precision.py --check binding --field binding_min_overlap \
        --values 0.3 0.4 0.5 0.6 0.7 0.8
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LABELS = ("supported", "contradicted", "unverified")


def _pairs(sample: int, seed: int) -> list[tuple[str, str, str, str]]:
    """(set, claim, evidence, gold label) of the development pairs."""
    out = []
    contrast = ROOT / "index/built/contrast/dev.jsonl.gz"
    if contrast.exists():
        rows = [json.loads(line) for line in gzip.open(contrast, "rt", encoding="utf-8")]
        random.Random(seed).shuffle(rows)
        out += [("contrast dev", r["text"], r["evidence"], r["label"]) for r in rows[:sample]]
    stance = ROOT / ".train/stance-v1data/dev.jsonl.gz"
    if stance.exists():
        for line in gzip.open(stance, "rt", encoding="utf-8"):
            r = json.loads(line)
            label = r["label"] if isinstance(r["label"], str) else LABELS[r["label"]]
            out.append(("stance dev", r["claim"], r["evidence"], label))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", required=True, help="a registered check's name")
    ap.add_argument("--field", required=True, help="a field of ScoringConfig")
    ap.add_argument("--values", type=float, nargs="+", required=True)
    ap.add_argument("--sample", type=int, default=2500, help="contrast dev pairs read (default 2500)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from verifier.claims import parse_facts
    from verifier.config import ScoringConfig
    from verifier.scoring.checks import CONTRADICT, REGISTRY, ClaimView, EvidenceView

    if args.check not in REGISTRY or args.field not in ScoringConfig.model_fields:
        print(f"unknown check {args.check!r} or setting {args.field!r}; checks: {', '.join(REGISTRY)}", file=sys.stderr)
        return 2
    pairs = _pairs(args.sample, args.seed)
    if not pairs:
        print("no development pairs: run scripts/contrast_suite.py and scripts/prepare_stance_data.py first",
              file=sys.stderr)
        return 2
    counts: dict[tuple[str, float], Counter] = {}
    for value in args.values:
        cfg = ScoringConfig(**{args.field: value})
        for name, claim, evidence, gold in pairs:
            result = REGISTRY[args.check](ClaimView(parse_facts(claim), claim),
                                          EvidenceView(text=evidence, facts=parse_facts(evidence)), cfg)
            if result.outcome == CONTRADICT:
                counts.setdefault((name, value), Counter())[gold] += 1
    print(f"| set | {args.field} | contradictions | right | precision |")
    print("|---|---:|---:|---:|---:|")
    for name in sorted({n for n, *_ in pairs}):
        for value in args.values:
            c = counts.get((name, value), Counter())
            n = sum(c.values())
            print(f"| {name} | {value:g} | {n} | {c['contradicted']} | "
                  f"{c['contradicted'] / n if n else float('nan'):.3f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
