"""The long fuzz run: every Hypothesis property of tests/test_fuzz_parsers.py with thousands of
examples instead of CI's 60, and optionally the large-document test at 50 MB.

CI runs the same properties with a bounded budget on every ``make test``; this script is for a
night or a release: it takes the properties far deeper (different seed each run unless
``--seed``), prints Hypothesis statistics, and exits non-zero when any property fails. A
failure prints the minimal failing example; add it as an ``@example`` to the test so CI keeps it.

    .venv/bin/python scripts/fuzz_long.py                          # 2,000 examples per property
    .venv/bin/python scripts/fuzz_long.py --examples 20000 --seed 1
    .venv/bin/python scripts/fuzz_long.py --examples 0 --large-mb 50   # only the 50 MB document
    .venv/bin/python scripts/fuzz_long.py -k dates                 # one group of properties

The parsers covered: the sentence splitter, safe ids, documents of every format and their front
matter (``verifier.index.ingest``), HTML text extraction, dates, quantities and facts
(``verifier.claims``), claim files (JSONL/CSV/TXT) and run files. Strict ``xfail`` markers in the
test file name the bugs still open. Atheris is not used: it is not installed here, and
Hypothesis' strategies already mix random text with the tokens each parser looks for.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], env: dict[str, str]) -> int:
    print("$", " ".join(args), file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    code = subprocess.call(args, cwd=ROOT, env=env)
    print(f"exit {code} after {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=2000, help="Examples per property (0: skip the fuzz run).")
    parser.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: random, printed).")
    parser.add_argument("--large-mb", type=float, default=None, help="Also index a document of this many MB.")
    parser.add_argument("-k", dest="keyword", default=None, help="Only the properties matching this pytest -k.")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    python = sys.executable
    codes = []
    if args.examples:
        seed = args.seed if args.seed is not None else random.randrange(1 << 30)
        print(f"seed {seed}; {args.examples} examples per property", file=sys.stderr)
        cmd = [python, "-m", "pytest", "tests/test_fuzz_parsers.py", "-q", "-p", "no:cacheprovider",
               f"--hypothesis-seed={seed}", "--hypothesis-show-statistics", "-o", "timeout=0"]
        if args.keyword:
            cmd += ["-k", args.keyword]
        codes.append(run(cmd, {**env, "VERIFIER_FUZZ_EXAMPLES": str(args.examples)}))
    if args.large_mb:
        cmd = [python, "-m", "pytest", "tests/test_reliability_large.py", "-q", "-s", "-p", "no:cacheprovider",
               "-k", "large_document", "-o", "timeout=0"]
        codes.append(run(cmd, {**env, "VERIFIER_LARGE_MB": str(args.large_mb)}))
    return max(codes, default=0)


if __name__ == "__main__":
    sys.exit(main())
