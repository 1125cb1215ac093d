"""Peak memory of `verifier check` streaming a large claim file (real CLI, real models).

Each claim carries a short ``evidence`` text, so no index is needed and the run measures the
pipeline itself: claims are read, verified batch by batch and each verdict is appended to the
run file as it is decided (``-o run.jsonl``). Claims are all different (numbers, places and
dates vary) so every cache fills to its bound, the worst case for memory.

For each size N the script starts ``python -m verifier --quiet check claims.jsonl -o run.jsonl``
in a subprocess, samples its resident memory (``/proc/PID/status`` VmRSS) and the verdicts
written so far once a second, and takes the peak (``ru_maxrss`` from ``os.wait4``). Memory is
bounded when RSS stops growing once the models and caches are warm: the script reports the
RSS at 25/50/75/95 % of the run and the least-squares slope in MB per 10,000 verdicts over
the second half.
It also measures, in a separate process, the memory taken by reading the claim file itself
(``read_claim_file`` holds every ``Claim`` in a list), which grows with N.

    .venv/bin/python scripts/bench_memory.py                       # 10,000 and 30,000 claims
    .venv/bin/python scripts/bench_memory.py --sizes 100000 --max-seconds 900
    .venv/bin/python scripts/bench_memory.py --sizes 2000 --json out/bench_memory.json

``--max-seconds`` stops a run (SIGINT, which `verifier check` handles) once it has run that
long, so a 100,000-claim file can be measured for its first part on a slow machine; the table
then says how many verdicts were written.

Measured 2026-11-27 on this 2-core machine shared with other jobs (load 6-12), ONNX embedder,
stance model and spaCy (RSS in MB after N verdicts):

    claims in file   500   1,000  2,000  3,000  4,000  5,000  6,000  7,000  8,000   claims/s
    10,000           604   623    654    674    -      -      -      -      -        5.8
    100,000          844   874    913    935    941    947    953    959    967      7.0

Growth slows from ~30 MB per 1,000 verdicts (parse and fact caches filling: 4,096 spaCy docs,
8,192 facts) to ~6 MB per 1,000 after 3,000 (evidence-sentence vectors, 1.5 KB each, are
cached up to 50,000 = 77 MB and then cleared, i.e. until ~25,000 claims of this file). Verdicts
are not kept: each is written and dropped. What does grow with the file is the claim list:
``read_claim_file`` holds every claim (38 MB for 10,000, 388 MB for 100,000, ~3.9 KB a claim),
which is the 240-300 MB offset between the two rows. A 100,000-claim run was not taken to the
end here (about 4 hours at 7 claims/s); the 100,000 row was stopped after 8,400 verdicts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLACES = ["Kyiv", "Kharkiv", "Mariupol", "Odesa", "Lviv", "Donetsk", "Luhansk", "Kherson", "Mykolaiv", "Sumy"]
SOURCES = ["OHCHR", "UNHCR", "WFP", "the IMF", "the Kremlin", "the State Department", "UNICEF", "the EU Council"]
THINGS = [("civilians", "killed"), ("people", "injured"), ("refugees", "fled"), ("children", "evacuated"),
          ("tonnes of grain", "exported"), ("homes", "destroyed")]
MONTHS = ["January", "February", "March", "April", "May", "June"]


def make_claims(path: Path, n: int, seed: int = 0) -> None:
    """``n`` distinct claims, each with a two-sentence evidence text that agrees, disagrees
    or says nothing about it (a third each)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            place, source = rng.choice(PLACES), rng.choice(SOURCES)
            noun, verb = rng.choice(THINGS)
            value = rng.randrange(100, 100_000)
            month, day = rng.choice(MONTHS), rng.randrange(1, 28)
            claim = f"More than {value:,} {noun} were {verb} in {place} by {month} {day}, {source} said."
            kind = i % 3
            if kind == 0:
                evidence = f"{source} said {value + rng.randrange(1, 50):,} {noun} were {verb} in {place} by {month} {day}."
            elif kind == 1:
                evidence = f"{source} said {value // 3:,} {noun} were {verb} in {place} by {month} {day}."
            else:
                evidence = f"Talks on a ceasefire in {place} continued on {month} {day}, {source} said."
            evidence += f" Report {i} was published on 2022-04-{1 + i % 28:02d}."
            fh.write(json.dumps({"id": f"b{i:06d}", "text": claim, "evidence": evidence, "date": "2022-04-26"}) + "\n")


@dataclass
class Result:
    claims: int
    verdicts: int = 0
    wall_s: float = 0.0
    exit_code: int = 0  # 130: stopped by --max-seconds (SIGINT)
    peak_rss_mb: float = 0.0
    rss_at_mb: dict[str, float] = field(default_factory=dict)  # "25%" -> RSS when 25 % of verdicts were out
    slope_mb_per_10k: float = 0.0  # RSS growth per 10,000 verdicts over the second half
    claims_per_s: float = 0.0
    read_claims_mb: float = 0.0  # RSS taken by read_claim_file alone
    samples: list[tuple[float, int, float]] = field(default_factory=list)  # (s, verdicts, RSS MB)


def _rss_mb(pid: int) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def _count_lines(path: Path, state: dict) -> int:
    """Verdict lines written so far (the first line is the run record), read incrementally."""
    try:
        with path.open("rb") as fh:
            fh.seek(state.get("offset", 0))
            chunk = fh.read()
    except FileNotFoundError:
        return 0
    state["offset"] = state.get("offset", 0) + len(chunk)
    state["lines"] = state.get("lines", 0) + chunk.count(b"\n")
    return max(state["lines"] - 1, 0)


def measure_read(claims: Path) -> float:
    """MB of RSS that reading the claim file adds (in a fresh process)."""
    code = ("import resource, sys\n"
            "from verifier.claims import read_claim_file\n"
            "import verifier.types\n"
            "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "claims, _ = read_claim_file(sys.argv[1])\n"
            "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
            "print((after - before) / 1024)\n")
    out = subprocess.run([sys.executable, "-c", code, str(claims)], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=1800)
    return float(out.stdout.strip())


def run_check(claims: Path, n: int, max_seconds: float | None, extra: list[str]) -> Result:
    out = claims.with_name(f"run-{n}.jsonl")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "verifier", "--quiet", "check", str(claims), "-o", str(out), *extra]
    t0 = time.perf_counter()
    # A shell running this script in the background (`cmd &`) ignores SIGINT in its children;
    # restore it so that --max-seconds can stop the run (measured: otherwise it runs on).
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    result = Result(claims=n)
    state: dict = {}
    stopped = False
    while True:
        try:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        except ChildProcessError:
            break
        if pid:
            break
        rss = _rss_mb(proc.pid)
        done = _count_lines(out, state)
        if rss is not None:
            result.samples.append((round(time.perf_counter() - t0, 1), done, round(rss, 1)))
        if max_seconds and not stopped and time.perf_counter() - t0 > max_seconds:
            proc.send_signal(signal.SIGINT)
            stopped = True
        time.sleep(1.0)
    result.wall_s = time.perf_counter() - t0
    result.exit_code = os.waitstatus_to_exitcode(status)
    proc.returncode = result.exit_code
    result.peak_rss_mb = usage.ru_maxrss / 1024
    result.verdicts = _count_lines(out, state)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if result.exit_code not in (0, 130) or (result.exit_code == 130 and not stopped):
        # Keep what was measured (a run killed from outside still tells how memory grew).
        print(f"verifier check ended with exit {result.exit_code}: {stderr[-2000:]}", file=sys.stderr)
    result.claims_per_s = result.verdicts / result.wall_s if result.wall_s else 0.0
    _summarise(result)
    return result


def _summarise(result: Result) -> None:
    samples = [s for s in result.samples if s[1] > 0]
    if not samples or not result.verdicts:
        return
    for pct in (25, 50, 75, 95):
        target = result.verdicts * pct / 100
        at = next((s for s in samples if s[1] >= target), samples[-1])
        result.rss_at_mb[f"{pct}%"] = at[2]
    # Least-squares slope of RSS against verdicts over the second half of the run (the last
    # samples, taken while the process exits and frees memory, are left out).
    half = [s for s in samples if result.verdicts / 2 <= s[1] <= result.verdicts * 0.95]
    if len(half) >= 3 and half[-1][1] > half[0][1]:
        mx = sum(s[1] for s in half) / len(half)
        my = sum(s[2] for s in half) / len(half)
        cov = sum((s[1] - mx) * (s[2] - my) for s in half)
        var = sum((s[1] - mx) ** 2 for s in half)
        result.slope_mb_per_10k = cov / var * 10_000 if var else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 30_000])
    parser.add_argument("--max-seconds", type=float, default=None, help="Stop each run after this long (SIGINT).")
    parser.add_argument("--json", type=Path, help="Also write the results (with every sample) here.")
    parser.add_argument("--keep", type=Path, help="Keep the generated files in this folder.")
    parser.add_argument("extra", nargs="*", help="Extra arguments for verifier check (after --).")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="bench-memory-"))
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    for n in args.sizes:
        claims = folder / f"claims-{n}.jsonl"
        make_claims(claims, n)
        read_mb = measure_read(claims)
        print(f"{n} claims: file {claims.stat().st_size / 1e6:.1f} MB; read_claim_file takes {read_mb:.0f} MB",
              file=sys.stderr)
        result = run_check(claims, n, args.max_seconds, args.extra)
        result.read_claims_mb = read_mb
        results.append(result)
        print(f"{n} claims: {result.verdicts} verdicts in {result.wall_s:.0f} s ({result.claims_per_s:.1f}/s), "
              f"peak RSS {result.peak_rss_mb:.0f} MB, RSS at {result.rss_at_mb}, "
              f"slope {result.slope_mb_per_10k:+.1f} MB per 10k verdicts", file=sys.stderr)
    print("| claims | exit | verdicts written | wall s | claims/s | peak RSS MB | RSS at 25/50/75/95 % MB "
          "| MB per 10k verdicts (2nd half) | read_claim_file MB |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in results:
        at = " / ".join(f"{r.rss_at_mb.get(p, 0):.0f}" for p in ("25%", "50%", "75%", "95%"))
        print(f"| {r.claims:,} | {r.exit_code} | {r.verdicts:,} | {r.wall_s:.0f} | {r.claims_per_s:.1f} | {r.peak_rss_mb:.0f} | {at} "
              f"| {r.slope_mb_per_10k:+.1f} | {r.read_claims_mb:.0f} |")
    print(f"\nmachine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"ru_maxrss of this script {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1))
    if not args.keep:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
