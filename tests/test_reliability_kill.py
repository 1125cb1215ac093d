"""Interrupted index writes: SIGKILL at random moments and at every filesystem step of the
commit leaves an index that opens and answers with the old or the new content, never a mix;
rerunning finishes the work and does not re-embed documents an earlier write committed.

The writer runs in a subprocess (``_WRITER`` below) with the fake embedder slowed to 2 ms per
passage, so that a random kill lands anywhere in reading, chunking, embedding, writing SQLite,
FAISS and ``.npy`` files, fsyncs, the generation rename and the manifest switch. A second
family of runs kills the writer exactly at its k-th ``os.rename``/``os.replace``/``os.fsync``
call, for every k, so the commit protocol's steps are each hit deterministically.
The real CLI with the real model is killed the same way in a ``real_model`` test.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from verifier.index import store
from verifier.index.build import add_to_index, build_index
from verifier.index.embed import FakeEmbedder
from verifier.index.store import Index

PROJECT = Path(__file__).resolve().parent.parent

_WRITER = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path
    from verifier.index.build import add_to_index, build_index
    from verifier.index.embed import FakeEmbedder

    mode, sources, index, kill_at = sys.argv[1], sys.argv[2].split(","), Path(sys.argv[3]), int(sys.argv[4])

    class Slow(FakeEmbedder):
        def encode(self, texts, progress=None):
            time.sleep(float(os.environ.get("SECONDS_PER_PASSAGE", "0.002")) * len(texts))
            return super().encode(texts, progress)

    if kill_at:  # die at the kill_at-th filesystem commit step
        calls = [0]
        def dying(real):
            def wrapper(*args, **kwargs):
                calls[0] += 1
                if calls[0] == kill_at:
                    os.kill(os.getpid(), signal.SIGKILL)
                return real(*args, **kwargs)
            return wrapper
        os.rename, os.replace, os.fsync = dying(os.rename), dying(os.replace), dying(os.fsync)

    print("ready", flush=True)
    write = build_index if mode == "build" else add_to_index
    report = write(sources, index, Slow())
    print("embedded", report.embedded, flush=True)
""")


def _corpus(folder: Path, prefix: str, n: int, sentences: int = 6) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": f"{prefix}-{i}", "title": f"{prefix} {i}",
                         "text": " ".join(f"Sentence {j} says that {i * 7 + j} people were counted in {prefix} "
                                          f"town {j}." for j in range(sentences))})
             for i in range(n)]
    (folder / f"{prefix}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def _content(index_dir: Path) -> dict[str, str]:
    """doc id -> content hash of the index as a reader sees it, after checking it answers and
    that every passage is the exact slice of its document."""
    with Index.open(index_dir, FakeEmbedder()) as index:
        docs = dict(index.conn.execute("SELECT id, content_hash FROM documents"))
        for pid, doc_id, start, end, text in index.conn.execute(
                'SELECT id, doc_id, start, "end", text FROM passages'):
            assert index.document(doc_id).text[start:end] == text, pid
        hits = index.search("people counted in town", k=3)
        assert len(hits) == 3
        assert {h.passage.doc_id for h in hits} <= set(docs)
    return docs


def _start(mode: str, sources: list[Path], index: Path, kill_at: int = 0,
           seconds_per_passage: float = 0.002) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _WRITER, mode, ",".join(map(str, sources)), str(index),
                             str(kill_at)], cwd=PROJECT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "SECONDS_PER_PASSAGE": str(seconds_per_passage)})
    assert proc.stdout.readline() == "ready\n", proc.stderr.read()
    return proc


def _finish(proc: subprocess.Popen) -> tuple[int, str]:
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out + err


def _passages(index_dir: Path, prefix: str) -> int:
    with Index.open(index_dir, FakeEmbedder()) as index:
        return index.conn.execute("SELECT count(*) FROM passages WHERE doc_id LIKE ?", (f"{prefix}-%",)).fetchone()[0]


@pytest.fixture
def old_and_new(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, str], dict[str, str]]:
    """An index holding corpus A (old) and the content it would hold after adding A+B (new)."""
    a = _corpus(tmp_path / "a", "alpha", 30)
    b = _corpus(tmp_path / "b", "beta", 30)
    idx = tmp_path / "idx"
    build_index([a], idx, FakeEmbedder())
    old = _content(idx)
    scratch = tmp_path / "expected"
    build_index([a], scratch, FakeEmbedder())
    add_to_index([a, b], scratch, FakeEmbedder())
    new = _content(scratch)
    assert set(new) - set(old) == {f"beta-{i}" for i in range(30)}
    return a, b, idx, old, new


def _duration(mode: str, sources: list[Path], index: Path) -> float:
    t0 = time.perf_counter()
    proc = _start(mode, sources, index)
    code, out = _finish(proc)
    assert code == 0, out
    return time.perf_counter() - t0


def test_index_add_killed_at_random_moments_is_old_or_new(old_and_new, tmp_path: Path):
    a, b, idx, old, new = old_and_new
    probe = tmp_path / "probe"
    build_index([a], probe, FakeEmbedder())
    full = _duration("add", [a, b], probe)  # how long a whole add takes here
    rng = random.Random(7)
    seen = {"old": 0, "new": 0}
    for _ in range(6):
        proc = _start("add", [a, b], idx)
        time.sleep(rng.uniform(0, full * 1.1))
        proc.send_signal(signal.SIGKILL)
        code, out = _finish(proc)
        assert code in (0, -signal.SIGKILL), out
        content = _content(idx)
        assert content in (old, new), f"{len(content)} documents: a mix of old and new"
        seen["old" if content == old else "new"] += 1
        if content == new:  # it finished before the kill: start again from the old index
            build_index([a], idx, FakeEmbedder())
    assert seen["old"] >= 1, seen  # at least one kill landed mid-write
    # Rerun to completion: only B is embedded (A's passages were committed by the build).
    beta_passages = _passages(probe, "beta")
    assert beta_passages >= 30
    code, out = _finish(_start("add", [a, b], idx))
    assert (code, f"embedded {beta_passages}\n" in out) == (0, True), out
    assert _content(idx) == new
    assert sorted(p.name for p in idx.iterdir() if p.is_dir()) == [json.loads(
        (idx / "manifest.json").read_text())["generation"]]  # leftovers swept
    code, out = _finish(_start("add", [a, b], idx))
    assert (code, "embedded 0\n" in out) == (0, True), out  # nothing left to embed


def test_add_killed_at_every_commit_step_is_old_or_new(old_and_new):
    a, b, idx, old, new = old_and_new
    outcomes = []
    k = 1
    while True:
        code, out = _finish(_start("add", [a, b], idx, kill_at=k))
        content = _content(idx)
        assert content in (old, new), f"kill at step {k}"
        outcomes.append(("killed" if code == -signal.SIGKILL else "done", "old" if content == old else "new"))
        if code == 0:
            break
        assert code == -signal.SIGKILL, out
        if content == new:
            build_index([a], idx, FakeEmbedder())
        k += 1
        assert k < 200
    # Some steps die before the switch (old), the last ones after it (new); one run finishes.
    assert outcomes[0] == ("killed", "old") and outcomes[-1] == ("done", "new")
    assert ("killed", "new") in outcomes  # killed after the manifest switch: the new index stands


def test_build_killed_at_every_commit_step_into_a_fresh_folder(tmp_path: Path):
    """A first build killed part-way leaves either no index (V010, not a half one) or the
    complete one; rerunning builds it."""
    a = _corpus(tmp_path / "a", "alpha", 10)
    k, states = 1, []
    while True:
        idx = tmp_path / f"idx-{k}"
        code, out = _finish(_start("build", [a], idx, kill_at=k))
        if (idx / store.MANIFEST).exists():
            assert len(_content(idx)) == 10
            states.append("complete")
        else:
            with pytest.raises(store.IndexError_) as err:
                Index.open(idx, FakeEmbedder())
            assert err.value.code == "V010"
            states.append("none")
            build_index([a], idx, FakeEmbedder())  # rerunning over the leftovers completes
            assert len(_content(idx)) == 10
            assert len([p for p in idx.iterdir() if p.is_dir()]) == 1
        if code == 0:
            break
        k += 1
        assert k < 200
    assert states[0] == "none" and states[-1] == "complete"


def test_a_reader_never_fails_while_a_writer_commits(old_and_new, tmp_path: Path):
    """Readers open the index over and over while a writer adds, removes and re-adds: every
    open succeeds with the old or the new content (a generation swept between reading the
    manifest and opening its files would be a V012 here)."""
    a, b, idx, old, new = old_and_new
    proc = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        from pathlib import Path
        from verifier.index.build import add_to_index, remove_from_index
        from verifier.index.embed import FakeEmbedder
        idx = Path({str(idx)!r})
        for _ in range(6):
            add_to_index([Path({str(a)!r}), Path({str(b)!r})], idx, FakeEmbedder())
            remove_from_index(idx, [f"beta-{{i}}" for i in range(30)])
    """)], cwd=PROJECT, stderr=subprocess.PIPE, text=True)
    failures, opens = [], 0
    while proc.poll() is None:
        try:
            content = _content(idx)
        except store.IndexError_ as exc:
            failures.append(str(exc))
        else:
            opens += 1
            assert content in (old, new)
    assert proc.returncode == 0, proc.stderr.read()
    assert opens > 0
    assert failures == []


@pytest.mark.real_model
def test_real_cli_index_add_killed_then_rerun(tmp_path: Path):
    """The real CLI and model: `verifier index add` killed at random moments, then rerun."""
    a = _corpus(tmp_path / "a", "alpha", 4, sentences=1)
    b = _corpus(tmp_path / "b", "beta", 12, sentences=1)
    idx = tmp_path / "idx"
    cmd = [sys.executable, "-m", "verifier", "--quiet", "index"]
    subprocess.run([*cmd, "build", str(a), "--index", str(idx)], cwd=PROJECT, check=True, timeout=300)
    before = json.loads((idx / "manifest.json").read_text())
    rng = random.Random(3)
    for _ in range(3):
        proc = subprocess.Popen([*cmd, "add", str(a), str(b), "--index", str(idx)], cwd=PROJECT)
        time.sleep(rng.uniform(2.0, 6.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        now = json.loads((idx / "manifest.json").read_text())
        assert now["counts"]["documents"] in (4, 16)
        if now["counts"]["documents"] == 16:
            break
    result = subprocess.run([sys.executable, "-m", "verifier", "index", "add", str(a), str(b), "--index", str(idx)],
                            cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.endswith("16 documents, 16 passages (12 embedded).\n") or \
        result.stderr.endswith("16 documents, 16 passages (0 embedded).\n")
    assert before["counts"]["documents"] == 4


def test_a_second_writer_is_refused_clearly_and_readers_go_on(old_and_new, monkeypatch: pytest.MonkeyPatch):
    """Through the CLI: while a slow `index add` holds the lock, another `index add` exits 1 with
    V013 naming the holder's pid, and `search` answers from the current generation."""
    from click.testing import CliRunner

    from verifier.cli import cli
    from verifier.index import embed

    a, b, idx, old, new = old_and_new
    fake = FakeEmbedder()
    monkeypatch.setattr(embed, "load_embedder", lambda *args, **kw: fake)
    proc = _start("add", [a, b], idx, seconds_per_passage=0.1)  # holds the lock for seconds
    try:
        deadline = time.time() + 60
        while not (idx / store.LOCK).read_text().strip() == str(proc.pid) and time.time() < deadline:
            time.sleep(0.01)
        result = CliRunner().invoke(cli, ["index", "add", str(b), "--index", str(idx)])
        assert (result.exit_code, result.stderr) == (
            1, f"Error: [V013] index {idx} is being written by another process (pid {proc.pid}). "
               "Wait for it to finish, then run the command again.\n")
        result = CliRunner().invoke(cli, ["search", "people counted", "--index", str(idx), "-k", "1"])
        assert result.exit_code == 0 and result.stdout.startswith("1. alpha-")
    finally:
        code, out = _finish(proc)
    assert code == 0, out
    assert _content(idx) == new
