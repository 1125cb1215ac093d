"""Benchmark of verification speed and memory (issue 4), with the real models.

Measures, on an index of at least 10,000 passages (default: the SciFact corpus index that
``scripts/eval_public.py scifact`` builds at index/built/scifact):

1. batch throughput: claims/s for a batch of N claims (default 500 SciFact claims), repeated,
   median reported, with the peak resident memory of the process;
   and, in the same run, the baseline: each claim's candidate sentences embedded and parsed at
   query time (as indexes built without sentence vectors and facts are served), interleaved
   with the current path; every pass starts cold (no parse, fact, word, document or vector
   cache);
2. single-claim latency with the models loaded (median of 20 claims, one by one);
3. cold start: ``verifier check --text ...`` in a new process (median of 5), the figure an
   editor meets when checking one claim from the shell.

Usage:
    .venv/bin/python scripts/bench_check.py [--index index/built/scifact] [--claims 500] [--repeats 3]
        [--stance-int8] [--no-baseline]

Prints a Markdown table (stdout) and writes the numbers as JSON next to it with --json FILE.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCIFACT = ROOT.parent / "shared" / "data" / "public" / "scifact"


def _claims(n: int):
    from verifier.types import Claim

    texts = []
    for name in ("claims_train.jsonl", "claims_dev.jsonl"):
        with open(SCIFACT / name, encoding="utf-8") as fh:
            texts += [json.loads(line)["claim"] for line in fh]
    return [Claim(id=f"b{i}", text=t) for i, t in enumerate(texts[:n])]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--index", default=str(ROOT / "index" / "built" / "scifact"))
    ap.add_argument("--claims", type=int, default=500)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--json", dest="json_out")
    ap.add_argument("--no-baseline", action="store_true", help="skip the baseline passes")
    ap.add_argument("--stance-int8", action="store_true",
                    help="serve the int8 export of the stance model (faster, less accurate: see README)")
    args = ap.parse_args()

    from verifier.claims import nlp
    from verifier.claims.facts import _parse_facts
    from verifier.config import load_config
    from verifier.scoring.checks.common import content_words
    from verifier.scoring.checks.negation import text_polarity
    from verifier.session import make_verifier

    cfg = load_config(overrides={"scoring": {"stance_int8": True}} if args.stance_int8 else None)
    t0 = time.perf_counter()
    verifier = make_verifier(args.index, cfg.model_dump(mode="json"))
    load_s = time.perf_counter() - t0
    passages = verifier.index.manifest["counts"]["passages"]
    claims = _claims(args.claims)

    shards = getattr(verifier.index, "shards", [verifier.index])
    stored = all(s.has_sentence_vectors and s.has_sentence_facts for s in shards)

    def cold() -> None:
        """Forget every cache a pass fills: parses, facts, words, documents, sentence vectors."""
        verifier._sent_vecs.clear()
        verifier._doc_cache.clear()
        verifier._stored_facts.clear()
        nlp.clear_cache()
        _parse_facts.cache_clear()
        content_words.cache_clear()
        text_polarity.cache_clear()

    def rate(index_time_work: bool) -> float:
        """claims/s of one cold pass, with or without the sentence vectors and facts stored."""
        for shard in shards:
            shard.has_sentence_vectors = shard.has_sentence_facts = index_time_work and stored
        cold()
        t = time.perf_counter()
        n = sum(1 for _ in verifier.verify(claims))
        return n / (time.perf_counter() - t)

    # Baseline, in the same run: the sentences of each claim's passages embedded and parsed at
    # query time (indexes built before sentence vectors and facts were stored), interleaved.
    runs, baseline = [], []
    for _ in range(args.repeats):
        runs.append(rate(True))
        if stored and not args.no_baseline:
            baseline.append(rate(False))
    rate(True)  # leave the stored vectors on
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    single = []
    for c in claims[:20]:
        cold()
        t = time.perf_counter()
        verifier.verify_batch([c])
        single.append(time.perf_counter() - t)

    cold = []
    for _ in range(5 if not args.stance_int8 else 0):  # the CLI serves the default model
        t = time.perf_counter()
        subprocess.run([str(ROOT / ".venv" / "bin" / "verifier"), "--quiet", "check", "--index", args.index,
                        "--text", claims[0].text], check=True, capture_output=True)
        cold.append(time.perf_counter() - t)

    result = {
        "index_passages": passages, "claims": len(claims), "repeats": args.repeats,
        "claims_per_s_median": statistics.median(runs), "claims_per_s_runs": runs,
        "baseline_claims_per_s_median": statistics.median(baseline) if baseline else None,
        "baseline_claims_per_s_runs": baseline, "load_average": os.getloadavg(),
        "single_claim_latency_s_median": statistics.median(single),
        "cold_start_check_text_s_median": statistics.median(cold) if cold else None, "cold_start_runs": cold,
        "model_load_s": load_s, "peak_rss_mb": peak_mb,
        "embedder_backend": getattr(verifier.embedder, "backend", ""),
        "stance_backend": getattr(verifier.stance, "backend", ""),
    }
    print("| measure | value | goal |\n|---|---|---|")
    print(f"| batch throughput ({len(claims)} claims, index of {passages} passages, median of {args.repeats}) "
          f"| {result['claims_per_s_median']:.1f} claims/s | >= 25 |")
    if baseline:
        b = result["baseline_claims_per_s_median"]
        print(f"| baseline: sentences embedded and parsed per claim (median of {len(baseline)}, same run) "
              f"| {b:.1f} claims/s (stored vectors and facts: {result['claims_per_s_median'] / b:.2f}x) | |")
    print(f"| single-claim latency, models loaded (median of 20) | {result['single_claim_latency_s_median'] * 1000:.0f} ms | |")
    if cold:
        print(f"| cold start `verifier check --text` (median of 5) | {result['cold_start_check_text_s_median']:.2f} s "
              "| < 1.5 s |")
    print(f"| peak resident memory (batch runs) | {peak_mb:.0f} MB | |")
    print(f"| model + index load | {load_s:.2f} s | |")
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
