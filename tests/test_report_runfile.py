"""Run files: round trip, clear errors naming path:line, crash-safe resume."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from report_fixture import run

from verifier.errors import RunFileError
from verifier.report import RunWriter, completed_ids, read_run
from verifier.types import ModelRecord


def _write(path: Path, n: int | None = None) -> list[str]:
    fixture = run()
    verdicts = fixture.verdicts[:n] if n is not None else fixture.verdicts
    with RunWriter(path, fixture.record) as out:
        for v in verdicts:
            out.write(v)
    return [v.claim_id for v in verdicts]


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    _write(path)
    back = read_run(path)
    assert back.record == run().record
    assert back.verdicts == run().verdicts
    assert back.warnings == ()
    assert back.path == str(path)
    assert list(json.loads(path.read_text().splitlines()[0])) == ["run"]


def test_each_verdict_is_flushed_as_it_is_written(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    fixture = run()
    with RunWriter(path, fixture.record) as out:
        out.write(fixture.verdicts[0])
        assert completed_ids(path) == {"ua-001"}  # on disk before close


@pytest.mark.parametrize(("content", "message"), [
    ("", "{p}: the run file is empty (it has no run record)."),
    ("not json\n", "{p}:1: the first line is not JSON"),
    ('{"claim_id": "x"}\n', '{p}:1: the first line must be {{"run": {{...}}}} (the run record); '
                            "this is not a run file."),
    ('{"run": {"created": "x"}}\n', "{p}:1: bad run record: tool_version: Field required."),
    ("[" * 100_000 + "]" * 100_000 + "\n", "{p}:1: the first line is not JSON (nested too deeply)."),
])
def test_bad_header(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text(content)
    with pytest.raises(RunFileError) as err:
        read_run(path)
    assert err.value.code == "V015"
    assert err.value.message.startswith(message.format(p=path))
    assert "verifier check" in err.value.hint


def test_bad_verdict_line_names_path_and_line(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 2)
    lines = path.read_text().splitlines()
    bad = json.loads(lines[2])
    bad["confidence"] = 1.7
    path.write_text("\n".join([lines[0], lines[1], json.dumps(bad), lines[1]]) + "\n")
    with pytest.raises(RunFileError) as err:
        read_run(path)
    assert str(err.value).startswith(
        f"[V015] {path}:3: not a verdict: confidence: Input should be less than or equal to 1.")


def test_duplicate_claim_id(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 2)
    lines = path.read_text().splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n")
    with pytest.raises(RunFileError) as err:
        read_run(path)
    assert err.value.message == f"{path}:4: claim id 'ua-001' appears twice."


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RunFileError) as err:
        read_run(tmp_path / "nope.jsonl")
    assert (err.value.code, err.value.message) == ("V001", f"{tmp_path / 'nope.jsonl'}: no such run file.")
    assert completed_ids(tmp_path / "nope.jsonl") == set()


def test_cut_short_last_line_is_dropped_with_a_warning(tmp_path: Path, caplog) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 3)
    path.write_bytes(path.read_bytes()[:-40])  # a crash in the middle of line 4
    with caplog.at_level(logging.WARNING, logger="verifier.report.runfile"):
        back = read_run(path)
    assert [v.claim_id for v in back.verdicts] == ["ua-001", "ua-002"]
    assert back.warnings == (f"{path}:4: the last line is cut short (did a run crash while writing "
                             "it?); it was dropped, and a resumed run checks that claim again.",)
    assert back.warnings[0] in caplog.text


def test_complete_last_line_without_newline_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 2)
    path.write_bytes(path.read_bytes().rstrip(b"\n"))
    assert completed_ids(path) == {"ua-001", "ua-002"}
    fixture = run()
    with RunWriter(path, fixture.record, resume=True) as out:
        out.write(fixture.verdicts[2])
    assert [v.claim_id for v in read_run(path).verdicts] == ["ua-001", "ua-002", "ua-003"]


def test_resume_refuses_to_duplicate(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 2)
    fixture = run()
    with RunWriter(path, fixture.record, resume=True) as out:
        assert out.completed == {"ua-001", "ua-002"}
        with pytest.raises(RunFileError) as err:
            out.write(fixture.verdicts[0])
    assert err.value.message == f"{path}: claim id 'ua-001' already has a verdict in this run."


def test_resume_with_other_models_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 1)
    other = run().record.model_copy(update={"models": [ModelRecord(name="m", sha256="ab")]})
    with pytest.raises(RunFileError) as err:
        RunWriter(path, other, resume=True)
    assert "resuming would use [('m', 'ab')]" in err.value.message


def test_resume_with_other_index_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 1)
    other = run().record.model_copy(update={"index": {"fingerprint": "idx-other"}})
    with pytest.raises(RunFileError) as err:
        RunWriter(path, other, resume=True)
    assert err.value.message == (f"{path}: this run was made with index 'idx-7c1e4b2a9f03'; "
                                 "resuming would use 'idx-other'.")


def test_resume_without_a_file_starts_one(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    fixture = run()
    with RunWriter(path, fixture.record, resume=True) as out:
        assert out.completed == set()
        out.write(fixture.verdicts[0])
    assert read_run(path).record == fixture.record


@pytest.mark.parametrize("keep", [0, 30])
def test_resume_after_a_crash_inside_the_run_record_starts_again(tmp_path: Path, keep: int) -> None:
    path = tmp_path / "run.jsonl"
    _write(path, 1)
    path.write_bytes(path.read_bytes()[:keep])
    fixture = run()
    with RunWriter(path, fixture.record, resume=True) as out:
        assert out.completed == set()
        assert out.warnings == [f"{path}: the run record line is cut short (a crash right after "
                                "the run started?); starting the run again."]
        out.write(fixture.verdicts[0])
    assert [v.claim_id for v in read_run(path).verdicts] == ["ua-001"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=10**6))  # taken modulo the file size
def test_crash_anywhere_then_resume_gives_each_claim_once(tmp_path_factory, cut: int) -> None:
    """Cut the file at any byte (a crash), resume, finish: every claim exactly once, in order."""
    path = tmp_path_factory.mktemp("crash") / "run.jsonl"
    all_ids = _write(path)
    data = path.read_bytes()
    path.write_bytes(data[: cut % (len(data) + 1)])
    fixture = run()
    with RunWriter(path, fixture.record, resume=True) as out:
        for v in fixture.verdicts:
            if v.claim_id not in out.completed:
                out.write(v)
    back = read_run(path)
    assert [v.claim_id for v in back.verdicts] == all_ids  # a crash cuts a prefix: order kept
    assert back.verdicts == fixture.verdicts
    assert back.warnings == ()
