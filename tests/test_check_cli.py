"""`verifier check` and `verifier eval`: usage errors (fast, no model) and real runs
(@real_model: the ONNX embedder, the shipped stance model and spaCy on the worked example)."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "claims" / "ukraine-2022-04-26.article.txt"
CORPUS = ROOT / "index" / "corpora" / "ukraine-2022-04-26"


def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("args, code, message", [
    (["check"], 2, "Error: [V007] nothing to check."),
    (["check", str(ARTICLE), "--text", "x"], 2, "Error: [V007] give either INPUT or --text, not both."),
    (["check", "--text", "  "], 2, "Error: [V005] --text is empty."),
    (["check", "--text", "A claim.", "--resume"], 2, "Error: [V007] --resume needs -o RUN.jsonl with --format jsonl."),
])
def test_usage_errors_are_one_line_with_a_code(args, code, message):
    res = run(*args)
    assert res.exit_code == code
    assert res.output.startswith(message)
    assert "Traceback" not in res.output


def test_eval_needs_gold_labels(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_text('{"id": "a", "text": "The sky is green."}\n')
    res = run("eval", str(f))
    assert res.exit_code == 2
    assert "no claim has a gold label" in res.output


@pytest.fixture(scope="module")
def example_index(tmp_path_factory):
    path = tmp_path_factory.mktemp("idx") / "ukraine"
    res = run("--quiet", "index", "build", str(CORPUS), "--index", str(path))
    assert res.exit_code == 0, res.output
    return path


@pytest.mark.real_model
def test_one_claim_from_the_shell(example_index):
    res = run("--quiet", "check", "--index", str(example_index), "--text",
              "Fewer than 1,000 civilians have been killed in Ukraine since Feb. 24.")
    assert res.exit_code == 0, res.output
    lines = [json.loads(line) for line in res.output.splitlines()]
    assert "run" in lines[0] and lines[0]["run"]["models"][0]["sha256"]
    verdict = lines[1]
    assert (verdict["label"], verdict["reason"]) == ("contradicted", "quantity")
    ev = verdict["evidence"][0]
    assert ev["doc_id"] == "ohchr-civilian-casualties-2022-04-25" and "killed" in ev["quote"]
    assert "'Fewer than 1,000' vs '2," in verdict["rationale"]  # 2,665 killed in all, 2,074 in two regions


@pytest.mark.real_model
def test_article_to_html_and_resume_and_fail_on(example_index, tmp_path):
    out, runfile = tmp_path / "r.html", tmp_path / "run.jsonl"
    res = run("--quiet", "check", str(ARTICLE), "--index", str(example_index), "--format", "html",
              "-o", str(out), "--run", str(runfile), "--fail-on", "contradicted")
    assert res.exit_code == 3  # the example article misstates a title and a date
    html = out.read_text()
    assert html.startswith("<!DOCTYPE html>") and "Polyansky" in html
    verdicts = [json.loads(line) for line in runfile.read_text().splitlines()[1:]]
    assert len(verdicts) >= 25 and {v["label"] for v in verdicts} == {"supported", "contradicted", "unverified"}
    # Resume after a crash that cut the file after 10 verdicts: nothing lost, nothing twice.
    lines = runfile.read_text().splitlines(keepends=True)
    runfile.write_text("".join(lines[:11]) + lines[11][:20])
    res = run("--quiet", "check", str(ARTICLE), "--index", str(example_index), "-o", str(runfile), "--resume")
    assert res.exit_code == 0, res.output
    ids = [json.loads(line)["claim_id"] for line in runfile.read_text().splitlines()[1:]]
    assert ids == [v["claim_id"] for v in verdicts]


@pytest.mark.real_model
def test_claims_with_their_own_evidence_need_no_index(tmp_path):
    f = tmp_path / "pairs.jsonl"
    f.write_text(json.dumps({"id": "p1", "text": "The bridge reopened on Monday.", "label": "contradicted",
                             "evidence": "The bridge stayed closed on Monday after the storm."}) + "\n")
    res = run("--quiet", "eval", str(f), "--index", str(tmp_path / "no-index"), "--json")
    assert res.exit_code == 0, res.output
    rep = json.loads(res.output)
    assert rep["n"] == 1 and rep["accuracy"] == 1.0  # "reopened" vs "stayed closed": polarity


@pytest.mark.real_model
def test_eval_on_the_worked_example_meets_the_targets(example_index):
    res = run("--quiet", "eval", str(ROOT / "claims" / "ukraine-2022-04-26.claims.jsonl"),
              "--index", str(example_index), "--json")
    rep = json.loads(res.output)
    assert rep["macro_f1"] >= 0.90 and rep["contradicted_precision"] >= 0.95


@pytest.mark.real_model
def test_the_same_input_gets_the_same_verdict_in_every_process(tmp_path):
    # Python orders a set of strings differently in each process (PYTHONHASHSEED): nothing a
    # verdict reads may depend on that order. Here the date check aligns two spellings of one
    # day ("today", "24 April (Friday)") that the stance model then reads as the claim writes it.
    import os
    import shutil
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for doc in ("cec-final-results-2026-04-24.md", "kesteria-government-timeline.md"):
        shutil.copy(ROOT / "index" / "corpora" / "dev5" / doc, corpus / doc)
    index = tmp_path / "index"
    assert run("--quiet", "index", "build", str(corpus), "--index", str(index)).exit_code == 0
    claim = ("Kesteria's Central Electoral Commission certified the final results of the April 2026 election "
             "on Friday, 24 April 2026.")

    def verdict(seed: str) -> tuple:
        out = subprocess.run([sys.executable, "-m", "verifier", "--quiet", "check", "--index", str(index),
                              "--text", claim], capture_output=True, text=True, check=True,
                             env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        v = json.loads(out.splitlines()[1])
        return v["label"], v["confidence"], [e["stance"] for e in v["evidence"]]

    assert verdict("1") == verdict("2") == verdict("3")
