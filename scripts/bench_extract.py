"""Benchmark claim extraction and fact parsing (not a test: timings depend on the machine).

Builds an article of at least 2,000 words from the worked example, the prose of its reference
corpus and (to reach the length) the gold claims,
loads spaCy once, then times ``extract_claims`` (median of 5 runs, parse caches cleared before
each so every run does the full work) and ``parse_facts`` per sentence (uncached).

    .venv/bin/python scripts/bench_extract.py [--words 2000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier.claims import dates, extract_claims, facts, nlp, quantities  # noqa: E402
from verifier.text import sentence_spans  # noqa: E402

EXAMPLE = ROOT / "claims" / "ukraine-2022-04-26.article.txt"
CORPUS = ROOT / "index" / "corpora" / "ukraine-2022-04-26"
GOLD = ROOT / "claims" / "ukraine-2022-04-26.claims.jsonl"


def build_article(words: int) -> str:
    parts = [EXAMPLE.read_text(encoding="utf-8")]
    for doc in sorted(CORPUS.glob("*.md")):
        body = re.sub(r"\A---\n.*?\n---\n", "", doc.read_text(encoding="utf-8"), flags=re.S)
        parts.append(re.sub(r"^#.*$", "", body, flags=re.M).strip())
        if sum(len(p.split()) for p in parts) >= words:
            break
    # the whole corpus is ~1,900 words: top up with the gold claims, one paragraph each
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        if sum(len(p.split()) for p in parts) >= words:
            break
        parts.append(json.loads(line)["text"])
    return "\n\n".join(parts)  # at least ``words`` words (whole documents, never cut mid-way)


def clear_caches() -> None:
    nlp.clear_cache()
    for fn in (facts._parse_facts, quantities._parse_quantities_cached,
               dates._parse_dates, dates.date_spans):
        fn.cache_clear()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    article = build_article(args.words)
    t0 = time.perf_counter()
    nlp.get_nlp()
    print(f"spaCy load: {time.perf_counter() - t0:.2f} s", file=sys.stderr)
    extract_claims("Warm-up: Ann Lee met Bob Ray in Paris on Monday.")
    times, cpu, n_claims = [], [], 0
    for _ in range(args.runs):
        clear_caches()
        t0, c0 = time.perf_counter(), time.process_time()
        n_claims = len(extract_claims(article, date="2022-04-26", path="bench.txt").claims)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(f"article: {len(article.split())} words, {len(sentence_spans(article))} sentences, "
          f"{n_claims} claims")
    print(f"extract_claims: median {statistics.median(times):.2f} s over {args.runs} runs "
          f"(min {min(times):.2f}, max {max(times):.2f}); CPU time median {statistics.median(cpu):.2f} s; "
          f"goal < 2 s")
    print(f"machine load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs "
          "(wall time grows with it; CPU time much less)")
    sentences = [article[s:e] for s, e in sentence_spans(article)]
    for label, batched in (("one by one", False), ("batched (parse_facts_many)", True)):
        clear_caches()
        t0, c0 = time.perf_counter(), time.process_time()
        if batched:
            facts.parse_facts_many(sentences, "2022-04-26")
        else:
            for s in sentences:
                facts.parse_facts(s, "2022-04-26")
        wall = (time.perf_counter() - t0) / len(sentences) * 1000
        cpu_ms = (time.process_time() - c0) / len(sentences) * 1000
        print(f"parse_facts {label}, uncached: {wall:.1f} ms per sentence (CPU {cpu_ms:.1f} ms; "
              f"{len(sentences)} sentences); goal < 10 ms")
    t0 = time.perf_counter()
    for s in sentences:
        facts.parse_facts(s, "2022-04-26")
    print(f"parse_facts cached: {(time.perf_counter() - t0) / len(sentences) * 1e6:.1f} us per sentence")


if __name__ == "__main__":
    main()
