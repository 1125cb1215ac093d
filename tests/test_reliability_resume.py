"""`verifier check --resume` after a crash: no verdict lost, none duplicated.

The CLI runs in a subprocess with the models replaced by a deterministic fake verifier
(``verifier.session.make_verifier`` is looked up at call time), so a run can be SIGKILLed at
an exact verdict or at a random moment and resumed, many times, in seconds. The verdict of a
claim depends only on its text, so the resumed file must equal, claim for claim, one clean run.
A crash that cut the last line short (the file system kept half a line) is simulated by
cutting the file, and resuming re-checks that claim.
"""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent

_CLI = textwrap.dedent("""
    import hashlib, os, signal, sys, time
    from verifier import session
    from verifier.types import Label, Reason, Verdict

    DIE_AFTER = int(os.environ.get("DIE_AFTER", "0"))
    DELAY = float(os.environ.get("DELAY", "0"))

    class Model:
        def __init__(self, name, sha):
            self.name, self.sha256, self.backend = name, sha, "fake"

    class FakeVerifier:
        index = None
        prepare = None  # no spaCy batch hook: the fake parses nothing
        def __init__(self):
            self.embedder = Model("fake-embedder", os.environ.get("EMBEDDER_SHA", "e" * 64))
            self.stance = Model("fake-stance", "s" * 64)
        def verify(self, claims):
            for n, claim in enumerate(claims, start=1):
                time.sleep(DELAY)
                h = int(hashlib.sha256(claim.text.encode()).hexdigest(), 16)
                label = list(Label)[h % 3]
                reason = {Label.SUPPORTED: Reason.EXACT, Label.CONTRADICTED: Reason.QUANTITY,
                          Label.UNVERIFIED: Reason.NO_EVIDENCE}[label]
                yield Verdict(claim_id=claim.id, claim=claim.text, label=label, confidence=(h % 100) / 100,
                              reason=reason, rationale=f"fake {h % 997}")
                if n == DIE_AFTER:
                    os.kill(os.getpid(), signal.SIGKILL)

    session.make_verifier = lambda *a, **k: FakeVerifier()
    from verifier.cli import main
    sys.argv = ["verifier"] + sys.argv[1:]
    main()
""")

N = 40


def _claims(tmp_path: Path) -> Path:
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps({"id": f"c{i:03d}", "text": f"Claim number {i} says {i * 37} people left."})
                            + "\n" for i in range(N)), encoding="utf-8")
    return path


def _check(claims: Path, out: Path, *extra: str, env: dict | None = None, wait: bool = True):
    import os

    cmd = [sys.executable, "-c", _CLI, "check", str(claims), "-o", str(out), *extra]
    proc = subprocess.Popen(cmd, cwd=PROJECT, env={**os.environ, **(env or {})}, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if not wait:
        return proc
    stdout, stderr = proc.communicate(timeout=300)
    return proc.returncode, stderr


def _verdicts(out: Path) -> dict[str, dict]:
    lines = out.read_text(encoding="utf-8").splitlines()
    assert "run" in json.loads(lines[0])
    verdicts = [json.loads(line) for line in lines[1:]]
    ids = [v["claim_id"] for v in verdicts]
    assert len(ids) == len(set(ids)), "a verdict was written twice"
    return {v["claim_id"]: v for v in verdicts}


@pytest.fixture
def clean(tmp_path: Path) -> dict[str, dict]:
    code, err = _check(_claims(tmp_path), tmp_path / "clean.jsonl")
    assert code == 0, err
    verdicts = _verdicts(tmp_path / "clean.jsonl")
    assert len(verdicts) == N
    return verdicts


def test_killed_at_a_verdict_then_resumed_equals_a_clean_run(tmp_path: Path, clean: dict):
    claims, out = _claims(tmp_path), tmp_path / "run.jsonl"
    for die_after in (7, 19):
        code, _ = _check(claims, out, *(["--resume"] if out.exists() else []), env={"DIE_AFTER": str(die_after)})
        assert code == -signal.SIGKILL
    assert len(_verdicts(out)) == 7 + 19
    code, err = _check(claims, out, "--resume")
    assert code == 0, err
    assert _verdicts(out) == clean


def test_killed_at_random_moments_then_resumed(tmp_path: Path, clean: dict):
    claims, out = _claims(tmp_path), tmp_path / "run.jsonl"
    rng = random.Random(11)
    partial = 0
    for _ in range(4):
        proc = _check(claims, out, "--resume", env={"DELAY": "0.05"}, wait=False)
        time.sleep(rng.uniform(1.0, 3.0))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        if out.exists():
            done = _verdicts(out)
            assert set(done) <= set(clean)
            partial += 0 < len(done) < N
    assert partial >= 1  # at least one kill landed mid-run
    code, err = _check(claims, out, "--resume")
    assert code == 0, err
    assert _verdicts(out) == clean


def test_a_cut_short_last_line_is_checked_again(tmp_path: Path, clean: dict):
    claims, out = _claims(tmp_path), tmp_path / "run.jsonl"
    code, _ = _check(claims, out, env={"DIE_AFTER": "10"})
    assert code == -signal.SIGKILL
    data = out.read_bytes()
    out.write_bytes(data[: len(data) - 25])  # the disk kept only part of verdict 10
    code, err = _check(claims, out, "--resume")
    assert code == 0, err
    assert _verdicts(out) == clean


def test_resume_with_other_models_is_refused(tmp_path: Path):
    claims, out = _claims(tmp_path), tmp_path / "run.jsonl"
    code, _ = _check(claims, out, env={"DIE_AFTER": "5"})
    assert code == -signal.SIGKILL
    code, err = _check(claims, out, "--resume", env={"EMBEDDER_SHA": "f" * 64})
    assert code == 1
    assert err.startswith(f"Error: [V015] {out}: this run was made with models [('fake-embedder', '{'e' * 64}')")
    assert "Traceback" not in err
    assert len(_verdicts(out)) == 5  # untouched


def test_resume_needs_an_output_file(tmp_path: Path):
    code, err = _check(_claims(tmp_path), tmp_path / "run.jsonl", "--resume", "--format", "md")
    assert (code, err) == (2, "Error: [V007] --resume needs -o RUN.jsonl with --format jsonl.\n")


def test_without_resume_a_rerun_starts_over(tmp_path: Path, clean: dict):
    claims, out = _claims(tmp_path), tmp_path / "run.jsonl"
    code, _ = _check(claims, out, env={"DIE_AFTER": "5"})
    assert code == -signal.SIGKILL
    code, err = _check(claims, out)
    assert code == 0, err
    assert _verdicts(out) == clean


@pytest.mark.real_model
def test_real_check_killed_after_some_verdicts_then_resumed(tmp_path: Path):
    """The real CLI and models on claims that carry their own evidence: SIGKILL once a few
    verdicts are on disk, resume, and compare with a clean run verdict for verdict."""
    claims = tmp_path / "claims.jsonl"
    claims.write_text("".join(json.dumps({
        "id": f"r{i}", "text": f"More than {1000 + i * 10} civilians were killed in Kharkiv, officials said.",
        "evidence": f"Officials said {1000 + i * 10 + (5 if i % 2 else 900)} civilians were killed in Kharkiv.",
        "date": "2022-04-26"}) + "\n" for i in range(40)), encoding="utf-8")
    cmd = [sys.executable, "-m", "verifier", "--quiet", "check", str(claims), "-o"]
    clean = subprocess.run([*cmd, str(tmp_path / "clean.jsonl")], cwd=PROJECT, capture_output=True, text=True,
                           timeout=600)
    assert clean.returncode == 0, clean.stderr
    out = tmp_path / "run.jsonl"
    proc = subprocess.Popen([*cmd, str(out)], cwd=PROJECT, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 600
    while proc.poll() is None and time.time() < deadline:
        if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 4:  # record + a first batch
            proc.send_signal(signal.SIGKILL)
            break
        time.sleep(0.05)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, "the run finished before it could be killed"
    partial = _verdicts(out)
    assert 3 <= len(partial) < 40  # verdicts come in batches of 16
    resumed = subprocess.run([*cmd, str(out), "--resume"], cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert resumed.returncode == 0, resumed.stderr
    assert _verdicts(out) == _verdicts(tmp_path / "clean.jsonl")
