"""Hostile content end to end through the CLI: documents and claims carrying ``<script>``,
event-handler attributes, Markdown/HTML injection, ``javascript:``/``file:`` links, terminal
escape sequences and path traversal in ids and names. Everything must come out inert:

- terminal output (``search``, ``review --list``, ``extract --explain``, errors, ``report`` to
  stdout) carries no raw C0/C1 control characters except newline and tab, and no bidi
  overrides (``verifier.cli.safe_text``);
- HTML and Markdown reports escape markup and link only http(s) URLs;
- ids from documents and claims never become paths outside the index or the output folder.

The renderers' own escaping is unit-tested in test_report_render.py; this file checks that the
whole path from a corpus or claim file to what a user sees keeps it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import cli, safe_text
from verifier.index import embed
from verifier.index.embed import FakeEmbedder
from verifier.report.runfile import RunWriter
from verifier.types import Evidence, Label, Reason, RunRecord, Verdict

ESC_TITLE = "\x1b]0;pwned\x07"  # OSC: set the terminal title
ESC_COLOUR = "\x1b[31;5mRED\x1b[0m"
CSI_8BIT = "\x9b2J"  # C1 CSI: clear screen on terminals that honour 8-bit controls
BIDI = "\u202egnp.exe"  # right-to-left override
SCRIPT = "<script>alert(1)</script>"
ATTR = "\" onmouseover=\"alert(2)"
IMG = "<img src=x onerror=alert(3)>"
MD_LINK = "[click](javascript:alert(4)) ![x](http://evil.example/t.png)"
MD_BLOCK = "\n# Heading\n| a | b |\n---\n"
HOSTILE = f"Wheat prices rose. {ESC_TITLE}{ESC_COLOUR}{CSI_8BIT}{BIDI} {SCRIPT} {ATTR} {IMG} {MD_LINK}{MD_BLOCK}"

# Control characters a terminal acts on (C0 but newline/tab, DEL, C1) and bidi overrides.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _controls(text: str) -> list[str]:
    return sorted({repr(m.group(0)) for m in _CONTROL.finditer(text)})


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    fake = FakeEmbedder()
    monkeypatch.setattr(embed, "load_embedder", lambda *a, **k: fake)
    return CliRunner()


@pytest.fixture
def hostile_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "evil.md").write_text(
        f"---\nid: ../../../etc/passwd\ntitle: '{ESC_TITLE}{SCRIPT} wheat'\nsource: {ESC_COLOUR}\n"
        f"url: javascript:alert(5)\n---\n{HOSTILE}\n", encoding="utf-8")
    (folder / "feed.jsonl").write_text(json.dumps({
        "id": "/abs/../../outside", "title": f"Feed {IMG}", "text": f"Grain exports stopped. {ESC_COLOUR}",
        "url": "file:///etc/passwd", "path": "/etc/passwd"}) + "\n", encoding="utf-8")
    (folder / "page.html").write_text(
        f"<html><head><title>{ESC_TITLE}Page</title></head><body><p onclick='x()'>Hunger grows. "
        f"{ESC_COLOUR}</p><script>document.write('pwn')</script></body></html>", encoding="utf-8")
    return folder


def _build(runner: CliRunner, corpus: Path, index: Path):
    result = runner.invoke(cli, ["index", "build", str(corpus), "--index", str(index)])
    assert result.exit_code == 0, result.output
    return result


def test_document_ids_cannot_escape_the_index(runner: CliRunner, hostile_corpus: Path, tmp_path: Path):
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    idx = tmp_path / "idx"
    _build(runner, hostile_corpus, idx)
    created = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    assert all(str(p).startswith("idx") for p in set(created) - set(before))
    from verifier.index.store import Index

    with Index.open(idx, FakeEmbedder()) as index:
        ids = index.document_ids()
        assert ids == ["abs-.-.-outside", "etc-passwd", "page"]  # no "/", no "..", no leading "."
        # The JSONL "path" key does not override where the document came from.
        assert index.document("abs-.-.-outside").path == f"{hostile_corpus / 'feed.jsonl'}:1"
        html_doc = index.document("page")
        assert "pwn" not in html_doc.text and "onclick" not in html_doc.text


def test_search_output_has_no_terminal_controls(runner: CliRunner, hostile_corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    _build(runner, hostile_corpus, idx)
    result = runner.invoke(cli, ["search", "wheat prices grain hunger", "--index", str(idx), "-k", "3"])
    assert result.exit_code == 0, result.output
    assert "RED" in result.stdout  # the text is there...
    assert _controls(result.stdout) == []  # ...without the escape sequences around it
    result = runner.invoke(cli, ["search", "wheat prices", "--index", str(idx), "--json"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout  # JSON escapes C0 controls
    hits = json.loads(result.stdout)
    assert any(ESC_COLOUR in h["passage"]["text"] for h in hits)  # data is kept exactly in JSON


def test_error_lines_have_no_terminal_controls(runner: CliRunner, tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / f"bad{ESC_COLOUR}.odt").write_text("x")
    result = runner.invoke(cli, ["index", "build", str(src), "--index", str(tmp_path / "i")])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: [V003] ") and "bad?[31;5mRED?[0m.odt" in result.stderr
    assert _controls(result.stderr) == []


def test_skipped_files_log_no_terminal_controls(tmp_path: Path):
    """``--skip-bad`` names the skipped file; the library's log line must be as inert as the
    CLI's own ``Skipped`` line (logging's last-resort handler prints it raw otherwise)."""
    import subprocess
    import sys

    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("Good text.")
    (src / f"bad{ESC_TITLE}.txt").write_bytes(b"caf\xe9")
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from verifier.index import embed; from verifier.index.embed import "
         "FakeEmbedder; embed.load_embedder = lambda *a, **k: FakeEmbedder(); from verifier.cli import main; "
         "sys.argv = ['verifier'] + sys.argv[1:]; main()",
         "index", "build", str(src), "--index", str(tmp_path / "i"), "--skip-bad"],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.count("bad?]0;pwned?.txt:1: not UTF-8") == 1  # once, inert ("Skipped ...")
    assert _controls(proc.stderr) == []


def _hostile_run(path: Path) -> Path:
    record = RunRecord(tool_version="0.1.0", created="2026-11-27T00:00:00+00:00", input=f"claims{ESC_TITLE}.jsonl")
    evidence = Evidence(doc_id="etc-passwd", title=f"{ESC_TITLE}{SCRIPT}", source=f"{ESC_COLOUR} {IMG}",
                        url=f"https://example.org/{ESC_TITLE}", start=0, end=18, quote=HOSTILE,
                        checks={"quantity": "abstain"}, check_notes={"quantity": f"note {ESC_COLOUR}{SCRIPT}"})
    bad_url = evidence.model_copy(update={"url": "javascript:alert(6)", "doc_id": "js"})
    verdicts = [
        Verdict(claim_id="../../etc/passwd", claim=HOSTILE, label=Label.CONTRADICTED, confidence=0.9,
                reason=Reason.STANCE, rationale=f"because {ESC_COLOUR} {MD_LINK}", evidence=[evidence, bad_url]),
        Verdict(claim_id=f"c2{ESC_TITLE}\"><script>", claim="Plain claim.", label=Label.SUPPORTED, confidence=0.8,
                reason=Reason.EXACT, rationale="fine", evidence=[evidence]),
    ]
    with RunWriter(path, record) as out:
        for v in verdicts:
            out.write(v)
    return path


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_render_hostile_text_inert(runner: CliRunner, tmp_path: Path, fmt: str):
    run = _hostile_run(tmp_path / "run.jsonl")
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(cli, ["report", str(run), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text and "<img src=x" not in text
    assert 'href="javascript:' not in text and "<javascript:" not in text
    if fmt == "md":  # Markdown syntax from the data is escaped: no link, image, heading or table
        assert not re.search(r"(?<!\\)\]\(javascript:", text)
        assert not re.search(r"!(?<!\\)\[x(?<!\\)\]\(http", text)
    else:  # in HTML the quote cannot close an attribute
        assert 'onmouseover="alert' not in text and 'href="file:' not in text
    assert not list(tmp_path.glob("**/passwd*"))  # the claim id named no file
    if fmt == "html":
        assert text.count("<script") == 1  # the page's own filter script only
        ids = re.findall(r'id="([^"]*)"', text)
        assert all(re.fullmatch(r"[A-Za-z0-9_-]+", i) for i in ids), ids
    else:
        assert "\n# Heading" not in text and "\n| a | b |" not in text


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_reports_on_stdout_have_no_terminal_controls(runner: CliRunner, tmp_path: Path, fmt: str):
    run = _hostile_run(tmp_path / "run.jsonl")
    result = runner.invoke(cli, ["report", str(run), "--format", fmt])
    assert result.exit_code == 0, result.output
    assert _controls(result.stdout) == []


def test_review_list_has_no_terminal_controls(runner: CliRunner, tmp_path: Path):
    run = _hostile_run(tmp_path / "run.jsonl")
    result = runner.invoke(cli, ["review", str(run), "--list"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("claim_id\tmachine\teditor\treviews\tclaim\n")
    assert _controls(result.stdout) == []
    result = runner.invoke(cli, ["review", str(run), "--claim", "../../etc/passwd", "--set", "supported",
                                 "--note", f"ok {ESC_COLOUR}", "--editor", f"ed{ESC_TITLE}"])
    assert result.exit_code == 0, result.output
    assert _controls(result.stderr) == []
    assert not list(tmp_path.glob("**/passwd*"))
    assert (tmp_path / "run.jsonl.reviews.sqlite").is_file()


def test_extract_explain_has_no_terminal_controls(tmp_path: Path):
    article = tmp_path / "a.txt"
    article.write_text(f"date 2022-04-26\n\nMore than 2,660 civilians have been killed in Ukraine, the UN said.\n\n"
                       f"Click here {ESC_COLOUR}{ESC_TITLE} {SCRIPT}!\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(article), "--explain"])
    assert result.exit_code == 0, result.output
    assert _controls(result.stderr) == []
    assert "\x1b" not in result.stdout  # claims are JSON: C0 controls escaped


def test_index_name_cannot_traverse(runner: CliRunner, hostile_corpus: Path, tmp_path: Path,
                                    monkeypatch: pytest.MonkeyPatch):
    from verifier import config

    monkeypatch.setattr(config, "DEFAULT_INDEX_DIR", tmp_path / "built" / "default")
    result = runner.invoke(cli, ["index", "build", str(hostile_corpus), "--name", "../../../evil"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "built" / "evil" / "manifest.json").is_file()
    assert not (tmp_path.parent / "evil").exists() and not (tmp_path / "evil").exists()


def test_safe_text_replaces_every_control():
    assert safe_text(f"a{ESC_COLOUR}b{CSI_8BIT}{BIDI}\n\tz") == "a?[31;5mRED?[0mb?2J?gnp.exe\n\tz"


@pytest.mark.real_model
def test_eval_and_check_output_have_no_terminal_controls(tmp_path: Path):
    """`verifier eval` lists the claims it got wrong with their text: the same claim under all
    three gold labels makes at least two of them wrong."""
    import subprocess
    import sys

    claims = tmp_path / "claims.jsonl"
    claims.write_text("".join(json.dumps({"id": f"e{i}", "text": f"More than 100 people {ESC_COLOUR} died in Kyiv.",
                                          "label": label, "evidence": f"Officials said 120 people {ESC_TITLE} died."})
                              + "\n" for i, label in enumerate(["supported", "contradicted", "unverified"])))
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run([sys.executable, "-m", "verifier", "eval", str(claims)], cwd=root, capture_output=True,
                          text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert len(re.findall(r"^  e\d: gold ", proc.stdout, re.MULTILINE)) >= 2
    assert _controls(proc.stdout + proc.stderr) == []


def test_claimreview_json_ld_cannot_close_its_script_element(runner: CliRunner, tmp_path: Path):
    run = _hostile_run(tmp_path / "run.jsonl")
    out = tmp_path / "claimreview.json"
    result = runner.invoke(cli, ["report", str(run), "--format", "claimreview", "-o", str(out),
                                 "--base-url", "https://example.org/checks"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "</" not in text and "<!--" not in text  # "<" written as \u003c: same JSON value, inert in HTML
    assert SCRIPT in json.dumps(json.loads(text), ensure_ascii=False)  # the data itself is kept
