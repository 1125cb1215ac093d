"""Claim files (JSONL, CSV, TXT): every problem at once with path:line, stable ids; input
detection; and the `verifier extract` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.claims import detect_input_kind, read_claim_file
from verifier.cli import cli
from verifier.errors import BatchInputError, InputError
from verifier.types import Label

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "claims" / "ukraine-2022-04-26.article.txt"


def _write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_worked_example_claims_read_with_kind_in_meta():
    claims, problems = read_claim_file(ROOT / "claims" / "ukraine-2022-04-26.claims.jsonl")
    assert problems == [] and len(claims) == 43
    assert (claims[0].id, claims[0].label, claims[0].meta) == ("ua-001", Label.SUPPORTED, {"kind": "event"})


def test_jsonl_all_problems_reported_at_once(tmp_path):
    p = _write(tmp_path, "c.jsonl", "\n".join([
        '{"id": "a", "text": "Paris is in France.", "label": "supported"}',
        '{"id": "b", "text": "x", "colour": "red"}',
        '{"id": "c"}',
        '{"id": "d", "text": "Rome is in Italy.", "label": "maybe"}',
        '{"id": "a", "text": "Again."}',
        '{not json',
        '[1, 2]',
        '{"text": "Oslo is in Norway.", "date": "26/04/2022", "meta": 3}',
    ]) + "\n")
    with pytest.raises(BatchInputError) as info:
        read_claim_file(p)
    assert [str(x) for x in info.value.problems] == [
        f"{p}:2: unknown key(s) 'colour' (valid: id, text, label, date, source, context, evidence, meta, kind)",
        f'{p}:3: missing "text"',
        f"{p}:4: bad label 'maybe' (valid: supported, contradicted, unverified)",
        f"{p}:5: duplicate id 'a' (first on line 1)",
        f"{p}:6: bad JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{p}:7: expected a JSON object, got list",
        f"{p}:8: bad date '26/04/2022' (use YYYY-MM-DD); \"meta\" must be a JSON object",
    ]
    assert info.value.exit_code == 2
    assert str(info.value).startswith(f"[V004] {p}:2: unknown key(s) 'colour'")
    assert "(and 6 more)" in str(info.value)


def test_skip_bad_returns_good_claims_and_problems(tmp_path):
    p = _write(tmp_path, "c.jsonl", '{"text": "Paris is in France."}\n{"text": ""}\n'
                                    '{"text": "Rome is in Italy.", "label": "REFUTES"}\n')
    claims, problems = read_claim_file(p, skip_bad=True)
    assert [(c.id, c.label, c.origin) for c in claims] == [
        ("c-1", None, f"{p}:1"), ("c-3", Label.CONTRADICTED, f"{p}:3")]
    assert [str(x) for x in problems] == [f'{p}:2: missing "text"']


def test_skip_bad_with_nothing_good_is_still_an_error(tmp_path):
    p = _write(tmp_path, "c.jsonl", '{"id": 1}\n')
    with pytest.raises(BatchInputError):
        read_claim_file(p, skip_bad=True)


def test_csv_and_txt(tmp_path):
    csv_p = _write(tmp_path, "batch.csv", 'id,text,label,date\nk1,"Kyiv, the capital, was shelled.",supported,'
                                          '2022-04-26\n,Lviv was calm.,,\n')
    claims, _ = read_claim_file(csv_p)
    assert [(c.id, c.text, c.label, c.date) for c in claims] == [
        ("k1", "Kyiv, the capital, was shelled.", Label.SUPPORTED, "2022-04-26"),
        ("batch-3", "Lviv was calm.", None, None)]
    txt_p = _write(tmp_path, "list.txt", "# my claims\nParis is in France.\n\nRome is in Italy.\n")
    assert [(c.id, c.text) for c in read_claim_file(txt_p)[0]] == [
        ("list-2", "Paris is in France."), ("list-4", "Rome is in Italy.")]


def test_csv_with_carriage_returns_alone_as_line_ends(tmp_path):
    p = tmp_path / "mac.csv"
    p.write_bytes(b"id,text\rk1,Paris is in France.\rk2,Rome is in Italy.\r")
    claims, _ = read_claim_file(p)
    assert [(c.id, c.text) for c in claims] == [("k1", "Paris is in France."), ("k2", "Rome is in Italy.")]
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"\r0")  # found by the fuzz test: a problem on line 1, not a traceback
    with pytest.raises(BatchInputError) as info:
        read_claim_file(bad)
    assert info.value.problems[0].line == 1


def test_csv_without_text_column(tmp_path):
    p = _write(tmp_path, "bad.csv", "id,claim\n1,Paris\n")
    with pytest.raises(BatchInputError) as info:
        read_claim_file(p)
    assert str(info.value.problems[0]) == f"{p}:1: header has no 'text' column (found: id, claim)"


def test_empty_file_is_an_error(tmp_path):
    p = _write(tmp_path, "empty.jsonl", "\n  \n")
    with pytest.raises(InputError) as info:
        read_claim_file(p)
    assert str(info.value) == f"[V005] {p}: empty claim file: no claims. Give one claim per line."


def test_unknown_extension(tmp_path):
    p = _write(tmp_path, "c.xlsx", "x")
    with pytest.raises(InputError) as info:
        read_claim_file(p)
    assert info.value.code == "V003"


def test_detect_input_kind(tmp_path):
    assert detect_input_kind(ARTICLE) == "article"
    assert detect_input_kind(ROOT / "claims" / "ukraine-2022-04-26.claims.jsonl") == "claims"
    assert detect_input_kind(_write(tmp_path, "a.txt", "Paris is in France.\nRome is in Italy.\n")) == "claims"
    assert detect_input_kind(_write(tmp_path, "b.txt", "One. Two.\n\nThree.\n")) == "article"
    long_line = "The minister said that " + "the talks went on and on " * 10 + "."
    assert detect_input_kind(_write(tmp_path, "c.txt", long_line + "\n")) == "article"


# --------------------------------------------------------------------------- CLI


def test_extract_cli_writes_jsonl_and_explains(tmp_path):
    out = tmp_path / "claims.jsonl"
    result = CliRunner().invoke(cli, ["extract", str(ARTICLE), "-o", str(out), "--explain"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = out.read_text().splitlines()
    assert json.loads(lines[0])["id"] == "ukraine-2022-04-26-s000-1"
    assert "dropped 683:696 [boilerplate]: Advertisement" in result.stderr
    assert result.stderr.strip().endswith(f"extracted {len(lines)} claims to {out} (3 dropped); "
                                          "article date 2022-04-26")
    claims, problems = read_claim_file(out)  # the output reads back as a claim file
    assert len(claims) == len(lines) and problems == []


def test_extract_cli_stdout_and_date(tmp_path):
    art = _write(tmp_path, "a.txt", "Ann Lee met Bob Ray in Paris on Monday.\n")
    result = CliRunner().invoke(cli, ["--quiet", "extract", str(art), "--date", "2022-04-26"])
    assert result.exit_code == 0
    claim = json.loads(result.stdout)
    assert claim["facts"]["dates"][0]["start"] == "2022-04-25"
    assert result.stderr == ""


def test_extract_cli_errors(tmp_path):
    runner = CliRunner()
    missing = runner.invoke(cli, ["extract", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2
    assert missing.stderr == f"Error: [V001] {tmp_path / 'nope.txt'}: cannot read (No such file or directory). Check the path.\n"
    bad_date = runner.invoke(cli, ["extract", str(ARTICLE), "--date", "26/04/2022"])
    assert bad_date.exit_code == 2
    assert bad_date.stderr == "Error: [V007] date '26/04/2022' is not an ISO date (YYYY-MM-DD). Pass --date YYYY-MM-DD.\n"
    empty = runner.invoke(cli, ["extract", str(_write(tmp_path, "e.txt", " \n"))])
    assert empty.exit_code == 2 and "[V005]" in empty.stderr
    assert runner.invoke(cli, ["extract", "--help"]).exit_code == 0


def test_hostile_lines_are_line_problems(tmp_path):
    deep = _write(tmp_path, "deep.jsonl", '{"text": "Fine."}\n' + "[" * 100_000 + "]" * 100_000 + "\n")
    with pytest.raises(BatchInputError) as info:
        read_claim_file(deep)
    assert [str(x) for x in info.value.problems] == [f"{deep}:2: bad JSON: nested too deeply"]
    big = _write(tmp_path, "big.csv", "id,text\nc0,Fine.\nc1," + "word " * 40_000 + "\n")
    claims, problems = read_claim_file(big, skip_bad=True)
    assert [c.id for c in claims] == ["c0"]
    assert [str(x) for x in problems] == [
        f"{big}:3: bad CSV: field larger than field limit (131072); the lines after it were not read"]


def test_article_given_as_claim_file_and_the_reverse_are_v008(tmp_path):
    from verifier.claims import extract_claims

    article = _write(tmp_path, "article.txt", "date 2022-04-26\n\nGuterres met Putin in Moscow on Tuesday.\n\n"
                                              "They discussed Mariupol.\n")
    with pytest.raises(InputError) as info:
        read_claim_file(article)
    assert str(info.value) == (
        f"[V008] {article}: this is an article (a date line or lines of prose), not a claim file "
        "with one claim a line. Check it as an article (--input-kind article), or get its claims with: "
        "verifier extract ARTICLE.")
    jsonl = '{"id": "a", "text": "Paris is in France."}\n{"id": "b", "text": "Rome is in Italy."}\n'
    with pytest.raises(InputError) as info:
        extract_claims(jsonl, path="c.jsonl")
    assert str(info.value) == ("[V008] c.jsonl: this is a claim file (JSON lines or CSV), not an article. "
                               "Check it as claims (--input-kind claims).")
    with pytest.raises(InputError):
        extract_claims("id,text\nc1,Paris is in France.\n")
