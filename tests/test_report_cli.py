"""`verifier report` and `verifier review` as a user runs them: exact output and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from report_fixture import run

from verifier.cli import cli
from verifier.report import RunWriter, validate


@pytest.fixture
def run_path(tmp_path: Path) -> Path:
    path = tmp_path / "run.jsonl"
    fixture = run()
    with RunWriter(path, fixture.record) as out:
        for v in fixture.verdicts:
            out.write(v)
    return path


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env or {}, catch_exceptions=False)


@pytest.mark.parametrize("command", ["report", "review"])
def test_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Exit codes" in result.stdout and "Example" in result.stdout


@pytest.mark.parametrize("fmt", ["html", "md", "json", "jsonl", "claimreview"])
def test_report_formats_to_stdout(run_path: Path, fmt: str) -> None:
    result = invoke("report", str(run_path), "--format", fmt, "--base-url", "https://x.example/r")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith({"html": "<!DOCTYPE html>", "md": "# Claim verification report",
                                     "json": "{", "jsonl": '{"run":', "claimreview": "{"}[fmt])


def test_report_to_file(run_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = invoke("report", str(run_path), "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html", "run.jsonl"]  # no temp left


def test_fail_on(run_path: Path) -> None:
    result = invoke("report", str(run_path), "--format", "md", "--fail-on", "contradicted")
    assert result.exit_code == 3
    assert result.stdout.startswith("# Claim verification report")  # still written
    assert result.stderr == "Found 3 claim(s) labelled contradicted: ua-003, ua-014, ua-015\n"
    stricter = invoke("report", str(run_path), "--format", "md", "--fail-on", "unverified")
    assert (stricter.exit_code, stricter.stderr) == (
        3, "Found 4 claim(s) labelled contradicted or unverified: ua-003, ua-014, ua-015, ua-044\n")


def test_fail_on_follows_editor_review(run_path: Path) -> None:
    for claim in ("ua-003", "ua-014", "ua-015"):
        assert invoke("review", str(run_path), "--claim", claim, "--set", "supported",
                      "--note", "checked by hand", "--editor", "ana").exit_code == 0
    result = invoke("report", str(run_path), "--format", "md", "--fail-on", "contradicted")
    assert (result.exit_code, result.stderr) == (0, "")
    stricter = invoke("report", str(run_path), "--format", "md", "--fail-on", "unverified")
    assert stricter.exit_code == 3
    assert stricter.stderr == "Found 1 claim(s) labelled contradicted or unverified: ua-044\n"


def test_claimreview_without_base_url_warns(run_path: Path) -> None:
    result = invoke("report", str(run_path), "--format", "claimreview")
    assert result.exit_code == 0
    assert result.stderr == ("Warning: no --base-url: the ClaimReviews have no url (fact-check "
                             "aggregators want one).\n")
    assert validate(result.stdout) == []


def test_only_reviewed_claimreview(run_path: Path) -> None:
    invoke("review", str(run_path), "--claim", "ua-014", "--set", "contradicted",
           "--note", "confirmed", "--editor", "ana")
    result = invoke("report", str(run_path), "--format", "claimreview", "--only-reviewed",
                    "--base-url", "https://x.example/r", "--org", "Desk <Fact> Check")
    assert result.exit_code == 0
    assert validate(result.stdout) == []
    doc = json.loads(result.stdout)
    assert [e["item"]["url"] for e in doc["itemListElement"]] == ["https://x.example/r#claim-ua-014"]
    assert doc["itemListElement"][0]["item"]["author"]["name"] == "Desk <Fact> Check"
    assert doc["itemListElement"][0]["item"]["reviewBody"] == "confirmed"


def test_report_bad_run_file(tmp_path: Path) -> None:
    path = tmp_path / "run.jsonl"
    path.write_text("hello\n")
    result = invoke("report", str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: [V015] {path}:1: the first line is not JSON (")
    assert result.stderr.endswith("Re-create it with `verifier check ... --format jsonl -o RUN.jsonl`.\n")


def test_report_warns_about_a_cut_short_line(run_path: Path) -> None:
    run_path.write_bytes(run_path.read_bytes()[:-25])
    result = invoke("report", str(run_path), "--format", "json")
    assert result.exit_code == 0
    assert result.stderr == (f"Warning: {run_path}:8: the last line is cut short (did a run crash "
                             "while writing it?); it was dropped, and a resumed run checks that "
                             "claim again.\n")
    assert json.loads(result.stdout)["counts"]["total"] == 6


def test_review_set_list_and_trail(run_path: Path) -> None:
    result = invoke("review", str(run_path), "--claim", "ua-003", "--set", "supported",
                    "--note", "Lunch first, then Putin", "--editor", "ana")
    assert result.exit_code == 0 and result.stdout == ""
    assert result.stderr.startswith("ua-003: changed contradicted -> supported by ana at ")
    assert result.stderr.endswith(" (machine verdict: contradicted).\n")
    again = invoke("review", str(run_path), "--claim", "ua-003", "--set", "supported",
                   "--note", "second look", env={"VERIFIER_EDITOR": "ben"})
    assert again.stderr.startswith("ua-003: confirmed supported -> supported by ben at ")

    listing = invoke("review", str(run_path), "--list", env={"VERIFIER_EDITOR": "ben"})
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    assert lines[0] == "claim_id\tmachine\teditor\treviews\tclaim"
    assert lines[3] == ("ua-003\tcontradicted\tsupported\t2\tIn Moscow, Guterres will have a "
                        "working meeting and lunch with Foreign Minister Sergey Lavrov before "
                        "being received by Putin.")
    assert lines[1].startswith("ua-001\tsupported\t-\t0\t")

    trail = invoke("review", str(run_path), "--claim", "ua-003")
    out = trail.stdout.splitlines()
    assert out[1:3] == ["machine verdict: contradicted (58%)", "final verdict: supported"]
    assert out[3].endswith("\tana\tcontradicted -> supported\tLunch first, then Putin")
    assert out[4].endswith("\tben\tsupported -> supported\tsecond look")

    md = invoke("report", str(run_path), "--format", "md").stdout
    assert "| ana | contradicted | supported | Lunch first, then Putin |" in md


def test_review_unknown_claim(run_path: Path) -> None:
    result = invoke("review", str(run_path), "--claim", "ua-999", "--set", "supported",
                    "--note", "x", "--editor", "ana")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: [V007] claim id 'ua-999' is not in {run_path} (it holds 7 "
                             "claims: ua-001, ua-002, ua-003, ua-013, ua-014, ...). List the ids "
                             f"with: verifier review {run_path} --list\n")
    shown = invoke("review", str(run_path), "--claim", "ua-999")
    assert shown.exit_code == 2
    assert shown.stderr == (f"Error: [V007] claim id 'ua-999' is not in {run_path}. List the ids "
                            f"with: verifier review {run_path} --list\n")


@pytest.mark.parametrize(("args", "message"), [
    (["--claim", "ua-001", "--set", "supported"],
     'Error: --set needs --note "..." saying why (it goes into the audit trail).'),
    (["--list", "--claim", "ua-001"], "Error: --list shows every claim; leave out --claim and --set."),
    ([], "Error: give --claim ID (with --set to decide), or --list."),
    (["--claim", "ua-001", "--note", "x"], "Error: --note goes with --set."),
    (["--list", "--note", "x"], "Error: --note goes with --set."),
])
def test_review_usage_errors(run_path: Path, args: list[str], message: str) -> None:
    result = invoke("review", str(run_path), *args)
    assert result.exit_code == 2
    assert result.stderr.rstrip("\n").endswith(message)
    assert not Path(str(run_path) + ".reviews.sqlite").exists()
