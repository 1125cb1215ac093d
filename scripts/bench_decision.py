"""What the learned decision costs per claim, beside the hand-ordered rules it replaced.

Runs the real pipeline once over the news development sets (retrieval setting) to measure each
claim's evidence, then times, on the same measured evidence, ``rules.decide`` alone and the
learned ``verdict.decide`` (features + logistic regression + guarantees), alternating, repeated;
prints the median microseconds per claim of each and their ratio.

Usage:
    .venv/bin/python scripts/bench_decision.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=7)
    args = ap.parse_args()

    import fit_decision as fd
    from verifier.claims.nlp import parse_many
    from verifier.config import load_config
    from verifier.index.shards import open_index
    from verifier.pipeline import Verifier
    from verifier.scoring import rules
    from verifier.scoring.verdict import decide, load_combiner
    from verifier.session import load_components

    config = load_config()
    _, embedder, stance, parse_facts = load_components(None, config, need_index=False)
    measured = []
    for name in fd.NEWS:
        rows, index_dir = fd.SETS[name]()
        index = open_index(index_dir, embedder, config.search)
        verifier = Verifier(index, embedder, stance, parse_facts, config, prepare=parse_many)
        measured += list(verifier.evaluations(fd._claims(rows)))
    combiner = load_combiner({})
    cfg = config.scoring
    times: dict[str, list[float]] = {"rules": [], "learned": []}
    for _ in range(args.repeats):
        for label, run in (("rules", lambda c, es: rules.decide(c, es, cfg)),
                           ("learned", lambda c, es: decide(c, es, cfg, combiner))):
            t0 = time.perf_counter()
            for claim, evals in measured:
                run(claim, evals)
            times[label].append((time.perf_counter() - t0) / len(measured) * 1e6)
    rules_us, learned_us = statistics.median(times["rules"]), statistics.median(times["learned"])
    print(f"| decision | µs per claim (median of {args.repeats}, {len(measured)} news claims) |")
    print("|---|---:|")
    print(f"| hand-ordered rules alone | {rules_us:.0f} |")
    print(f"| learned (rules + features + logistic regression) | {learned_us:.0f} ({learned_us / rules_us:.2f}x) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
