"""`verifier serve`: start time, time to the first verdict after submitting, and the server's
memory over several runs (real CLI in a subprocess, real models, the worked example's index).

Each repeat starts a fresh ``python -m verifier serve --port P`` and measures:

- **start**: from spawning the process to the first ``200`` of ``GET /api/health`` (the
  models and the index are loaded before the server answers);
- **first verdict**: the worked article (``claims/ukraine-2022-04-26.article.txt``, date
  2022-04-26) is submitted (``POST /api/runs``, what the desk's form does too) and the run
  page's own event stream (``GET /runs/ID/events``) is read until its first verdict; with
  ``--browser`` (Debian's chromium) also on the page itself: paste, click submit, wait for the
  first claim card;
- **memory**: then ``--runs`` more articles (the worked one and the development articles in
  turn, so that caches meet new text) go through one after another; the server's resident
  memory (``/proc/PID/status`` VmRSS) is sampled every 0.1 s while each is in progress, and
  its peak per run is reported; memory is bounded when the peaks stop growing.

The server is stopped with SIGTERM and must exit 0. Medians over ``--repeats``.

    .venv/bin/python scripts/bench_serve.py                     # 3 repeats, 14 runs each
    .venv/bin/python scripts/bench_serve.py --repeats 3 --runs 14 --browser --json out/bench_serve.json

Measured 2026-12-06 at a8d7679 on this 2-core machine shared with other jobs (load average
10-12), ONNX models, the 12-document index of the worked example (medians of 3):

    start (spawn to first answer, models loaded)     6.37 s wall (4.82-7.40), 1.99 CPU-s
    first verdict, the page's event stream           2.31 s (2.12-2.72) after POST /api/runs
    first verdict on the page (Chromium)             1.79 s (1.39-2.03) after clicking submit
    worked article, 36 claims                        4.0-4.6 claims/s end to end
    peak RSS per run, 14 runs (7 articles twice)     493 -> 525 MB over the first pass (caches
                                                     fill), +2.9 to +3.8 MB over the second

The start is CPU-bound work (about 2 CPU-seconds: imports, ONNX sessions, FAISS, spaCy) that
waits for a core here; a 21-run pass (each article three times) stayed within 551.8-554.3 MB
from run 8 on.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "claims" / "ukraine-2022-04-26.article.txt"
CORPUS = ROOT / "index" / "corpora" / "ukraine-2022-04-26"
TIMEOUT_S = 300.0


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def call(base: str, method: str, path: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        return json.loads(resp.read())


def cpu_s(pid: int) -> float:
    """CPU seconds (user + system) the process has used: the start's cost whatever the load."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as s:
        return s.getsockname()[1]


def start_server(index: Path, runs: Path, log: Path) -> tuple[subprocess.Popen, str, float, float]:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "verifier", "--quiet", "serve", "--index", str(index),
                             "--runs", str(runs), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=log.open("w"))
    while True:
        try:
            call(base, "GET", "/api/health")
            return proc, base, time.monotonic() - t0, cpu_s(proc.pid)
        except OSError:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited {proc.returncode}: {log.read_text()}") from None
            if time.monotonic() - t0 > 60:
                raise SystemExit("the server did not answer within 60 s") from None
            time.sleep(0.02)


def first_verdict_by_stream(base: str, text: str, date: str | None) -> tuple[str, float]:
    """Submit, then read the run page's event stream until its first verdict."""
    t0 = time.monotonic()
    run_id = call(base, "POST", "/api/runs", {"text": text, "date": date})["id"]
    with urllib.request.urlopen(f"{base}/runs/{run_id}/events", timeout=TIMEOUT_S) as stream:
        for raw in stream:
            line = raw.decode()
            if line.startswith("data: ") and json.loads(line[6:])["claims"]:
                return run_id, time.monotonic() - t0
    raise SystemExit(f"run {run_id}: the stream ended without a verdict")


def first_verdict_in_browser(base: str, text: str, date: str, profile: Path) -> float:
    """Paste, submit and wait for the first claim card, in headless Chromium."""
    sys.path.insert(0, str(ROOT / "tests"))
    from test_report_browser import CHROMIUM, DevTools

    if CHROMIUM is None:
        raise SystemExit("--browser needs Debian's chromium on PATH")
    tools = DevTools(CHROMIUM, profile)
    try:
        tools.attach()
        tools.call("Page.enable")
        tools.call("Page.navigate", {"url": base + "/"})
        tools.wait_for("Page.loadEventFired")
        tools.js("document.querySelector('textarea[name=text]').focus()")
        tools.call("Input.insertText", {"text": text})
        tools.js(f"document.querySelector('input[name=date]').value = {json.dumps(date)}")
        tools.js("document.querySelector('form.submit-form button[type=submit]').scrollIntoView()")
        t0 = time.monotonic()
        tools.click("form.submit-form button[type=submit]")
        while not tools.js("location.pathname.startsWith('/runs/') && "
                           "document.querySelectorAll('.claim-wrap').length > 0"):
            if time.monotonic() - t0 > TIMEOUT_S:
                raise SystemExit("no verdict on the page in time")
            time.sleep(0.02)
        return time.monotonic() - t0
    finally:
        tools.close()


def wait_done(base: str, run_id: str, pid: int) -> tuple[float, int]:
    """(peak RSS in MB while the run was in progress, its number of verdicts)."""
    peak = 0.0
    deadline = time.monotonic() + TIMEOUT_S
    while time.monotonic() < deadline:
        peak = max(peak, rss_mb(pid))
        run = call(base, "GET", f"/api/runs/{run_id}")
        if run["status"] != "running":
            if run["status"] != "done":
                raise SystemExit(f"run {run_id} {run['status']}: {run['error']}")
            return peak, len(run["verdicts"])
        time.sleep(0.1)
    raise SystemExit(f"run {run_id} did not finish in {TIMEOUT_S} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--index", type=Path, help="index to serve (default: build the worked example's)")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--runs", type=int, default=14, help="articles checked one after another per repeat")
    ap.add_argument("--browser", action="store_true", help="also time the first verdict in Chromium")
    ap.add_argument("--json", type=Path, help="write the measurements here")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        index = args.index
        if index is None:
            index = work / "index"
            subprocess.run([sys.executable, "-m", "verifier", "--quiet", "index", "build", str(CORPUS),
                            "--index", str(index)], cwd=ROOT, check=True)
        worked = ARTICLE.read_text(encoding="utf-8")
        articles = [worked] + [p.read_text(encoding="utf-8")
                               for p in sorted((ROOT / "claims").glob("dev*.article.txt"))]
        starts, start_cpus, streams, pages, peaks_by_repeat, claims_s = [], [], [], [], [], []
        # Each measure of the first verdict is a fresh server's first article: a second
        # submission of the same text would find its sentences parsed already.
        modes = ["stream"] + (["page"] if args.browser else [])
        for mode in modes:
            for rep in range(args.repeats):
                runs = work / f"runs-{mode}-{rep}"
                proc, base, start_s, start_cpu = start_server(index, runs, work / f"server-{mode}-{rep}.log")
                starts.append(start_s)
                start_cpus.append(start_cpu)
                peaks: list[float] = []
                try:
                    if mode == "stream":
                        run_id, first_s = first_verdict_by_stream(base, worked, "2022-04-26")
                        streams.append(first_s)
                        t0 = time.monotonic()
                        _, n = wait_done(base, run_id, proc.pid)
                        claims_s.append(n / (time.monotonic() - t0 + first_s))
                        for k in range(args.runs):
                            created = call(base, "POST", "/api/runs", {"text": articles[k % len(articles)]})
                            peaks.append(round(wait_done(base, created["id"], proc.pid)[0], 1))
                        peaks_by_repeat.append(peaks)
                    else:
                        first_s = first_verdict_in_browser(base, worked, "2022-04-26", work / f"profile-{rep}")
                        pages.append(first_s)
                    hwm = rss_mb(proc.pid, "VmHWM")
                finally:
                    proc.send_signal(signal.SIGTERM)
                    code = proc.wait(timeout=60)
                print(f"{mode} {rep + 1}: start {start_s:.2f} s ({start_cpu:.2f} CPU-s), first verdict {first_s:.2f} s"
                      + (f", peak RSS per run {peaks} MB" if peaks else "")
                      + f", high-water {hwm:.0f} MB, exit {code}", file=sys.stderr)
                if code != 0:
                    raise SystemExit(f"the server exited {code} on SIGTERM")
        result = {
            "load_average": os.getloadavg(),
            "start_s_median": statistics.median(starts), "start_s": starts,
            "start_cpu_s_median": statistics.median(start_cpus), "start_cpu_s": start_cpus,
            "first_verdict_stream_s_median": statistics.median(streams), "first_verdict_stream_s": streams,
            "first_verdict_page_s_median": statistics.median(pages) if pages else None,
            "first_verdict_page_s": pages, "worked_article_claims_per_s": claims_s,
            "peak_rss_mb_per_run": peaks_by_repeat,
            # The first pass over the articles fills the parse and fact caches; a bounded server
            # stays flat over a second pass (the same articles again).
            "articles": len(articles),
            "growth_mb_over_the_last_pass": [round(p[-1] - p[-len(articles) - 1], 1)
                                             for p in peaks_by_repeat if len(p) > len(articles)],
        }
        print(json.dumps(result, indent=2))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(result, indent=2) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
