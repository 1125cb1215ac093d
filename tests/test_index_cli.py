"""`verifier index ...`, `verifier search`, `verifier models export`: exact messages and exit codes.

The real embedder is swapped for the fake one (``load_embedder`` is looked up at call time).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import cli
from verifier.index import embed
from verifier.index.embed import FakeEmbedder


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, fake_embedder: FakeEmbedder) -> CliRunner:
    monkeypatch.setattr(embed, "load_embedder", lambda *a, **k: fake_embedder)
    return CliRunner()


def _undated(*ids: str) -> str:
    """The warning a build ends with when documents have no known date."""
    n = len(ids)
    return (f"Warning: no publication date known for {n} document{'s' * (n > 1)} ({', '.join(ids)}); the date, "
            f"order and recency checks cannot place {'them' if n > 1 else 'it'}. Give a date in the file (front "
            "matter published:, document properties) or in a sources.csv beside it (columns "
            "path,title,source,published,url).\n")


def _build(runner: CliRunner, corpus: Path, index: Path, *extra: str):
    return runner.invoke(cli, ["index", "build", str(corpus), "--index", str(index), *extra])


def test_build_search_info(runner: CliRunner, small_corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    result = _build(runner, small_corpus, idx)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == (f"Built {idx}: 5 added, 0 replaced, 0 unchanged, 0 removed; "
                             "5 documents, 5 passages (5 embedded).\n" + _undated("food", "meeting"))
    result = runner.invoke(cli, ["search", "Putin Moscow Azovstal", "--index", str(idx), "-k", "1"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "1. meeting#0  Moscow talks"
    assert result.stdout.splitlines()[2].startswith("   The Secretary-General met President Putin")
    result = runner.invoke(cli, ["search", "coal sanctions", "--index", str(idx), "-k", "2", "--json"])
    hits = json.loads(result.stdout)
    assert [h["passage"]["doc_id"] for h in hits][0] == "eu-1" and len(hits) == 2
    assert set(hits[0]) >= {"dense_score", "bm25_score", "score", "rank", "doc_title"}
    info = json.loads(runner.invoke(cli, ["index", "info", "--index", str(idx)]).stdout)
    assert info["counts"]["documents"] == 5 and info["embedding"]["backend"] == "fake"


def test_quiet_build_prints_nothing(runner: CliRunner, small_corpus: Path, tmp_path: Path):
    result = runner.invoke(cli, ["--quiet", "index", "build", str(small_corpus), "--index", str(tmp_path / "i")])
    assert (result.exit_code, result.output) == (0, "")


def test_name_picks_the_folder(runner: CliRunner, small_corpus: Path, monkeypatch: pytest.MonkeyPatch,
                               tmp_path: Path):
    from verifier import config

    monkeypatch.setattr(config, "DEFAULT_INDEX_DIR", tmp_path / "built" / "default")
    result = runner.invoke(cli, ["index", "build", str(small_corpus), "--name", "demo corpus"])
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "built" / "demo-corpus" / "manifest.json").read_text())["name"] == "demo-corpus"


def test_add_and_remove(runner: CliRunner, small_corpus: Path, tmp_path: Path):
    idx = tmp_path / "idx"
    _build(runner, small_corpus, idx)
    (small_corpus / "food.txt").write_text("Fertiliser prices doubled.")
    result = runner.invoke(cli, ["index", "add", str(small_corpus), "--index", str(idx)])
    assert (result.exit_code, result.stderr) == (0, f"Updated {idx}: 0 added, 1 replaced, 4 unchanged, 0 removed; "
                                                    "5 documents, 5 passages (1 embedded).\n" + _undated("food"))
    result = runner.invoke(cli, ["index", "remove", "food", "imf-1", "--index", str(idx)])
    assert (result.exit_code, result.stderr) == (0, f"Updated {idx}: 0 added, 0 replaced, 0 unchanged, 2 removed; "
                                                    "3 documents, 3 passages (0 embedded).\n")
    result = runner.invoke(cli, ["index", "remove", "ghost", "--index", str(idx)])
    assert (result.exit_code, result.stderr) == (2, f"Error: [V007] no document 'ghost' in index {idx}; nothing "
                                                    f"was removed. Document ids are shown by: verifier search QUERY "
                                                    f"--index {idx} --json\n")


def test_bad_batch_lists_every_problem_and_exits_2(runner: CliRunner, tmp_path: Path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.txt").write_text("Good text.")
    (src / "bad.jsonl").write_text('"just a string"\n{"title": "no text"}\n')
    idx = tmp_path / "idx"
    result = _build(runner, src, idx)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: [V004] {src / 'bad.jsonl'}:1: expected a JSON object, got str. (and 1 more) "
        "Fix the lines listed, or pass --skip-bad to use the good ones.\n"
        f"  {src / 'bad.jsonl'}:2: missing \"text\" (a non-empty string).\n")
    assert not (idx / "manifest.json").exists()
    result = _build(runner, src, idx, "--skip-bad")
    assert result.exit_code == 0
    assert result.stderr == (
        f"Skipped {src / 'bad.jsonl'}:1: expected a JSON object, got str.\n"
        f"Skipped {src / 'bad.jsonl'}:2: missing \"text\" (a non-empty string).\n"
        f"Built {idx}: 1 added, 0 replaced, 0 unchanged, 0 removed; 1 documents, 1 passages (1 embedded).\n"
        + _undated("good"))


def test_search_errors(runner: CliRunner, small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    result = runner.invoke(cli, ["search", "x", "--index", str(tmp_path / "none")])
    assert (result.exit_code, result.stderr) == (
        1, f"Error: [V010] {tmp_path / 'none'}: no index here (no such folder). "
           f"Build one with: verifier index build SOURCES... --index {tmp_path / 'none'}\n")
    idx = tmp_path / "idx"
    _build(runner, small_corpus, idx)
    other = FakeEmbedder(dim=16, name="other")
    monkeypatch.setattr(embed, "load_embedder", lambda *a, **k: other)
    result = runner.invoke(cli, ["search", "x", "--index", str(idx)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: [V011] index {idx} was built with model fake-hashing-embedder")
    assert result.stderr.endswith(f"Rebuild with: verifier index build {small_corpus} --index {idx}\n")
    result = runner.invoke(cli, ["search", "x", "--index", str(idx), "-k", "0"])
    assert result.exit_code == 2 and "Invalid value for '-k'" in result.stderr


def test_build_without_sources_is_a_usage_error(runner: CliRunner):
    result = runner.invoke(cli, ["index", "build"])
    assert result.exit_code == 2 and "Missing argument 'SOURCES...'" in result.stderr


def test_every_command_has_help(runner: CliRunner):
    for args in (["index"], ["index", "build"], ["index", "add"], ["index", "remove"], ["index", "refresh"],
                 ["index", "info"], ["search"], ["models"], ["models", "export"]):
        result = runner.invoke(cli, [*args, "--help"])
        assert result.exit_code == 0 and result.stdout.startswith("Usage: "), args


def test_models_export_calls_the_exporters(runner: CliRunner, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from verifier.scoring import stance

    calls = []
    monkeypatch.setattr(embed, "export_embedder_onnx",
                        lambda dest, progress=None: calls.append(("embedder", dest)) or tmp_path / "embedder")
    monkeypatch.setattr(stance, "export_stance_onnx",
                        lambda dest, int8=False: calls.append(("stance", dest, int8)) or tmp_path / "stance.onnx")
    result = runner.invoke(cli, ["models", "export", "--dest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert calls == [("embedder", tmp_path), ("stance", tmp_path, False)]
    assert result.stderr.splitlines() == [f"Embedder exported to {tmp_path / 'embedder'}",
                                          f"Stance model exported to {tmp_path / 'stance.onnx'}"]
    calls.clear()
    assert runner.invoke(cli, ["models", "export", "--dest", str(tmp_path), "--int8"]).exit_code == 0
    assert calls[-1] == ("stance", tmp_path, True)  # the int8 model scoring.stance_int8 serves


def test_refresh_parses_stale_facts_again_and_says_so(runner: CliRunner, small_corpus: Path, tmp_path: Path):
    from verifier.claims.facts import extractor_version
    from verifier.index import store

    idx = tmp_path / "idx"
    assert _build(runner, small_corpus, idx).exit_code == 0
    manifest = store.read_manifest(idx)
    store.write_json_atomic(idx / store.MANIFEST, {**manifest, "facts_extractor": "older"})
    result = runner.invoke(cli, ["index", "refresh", "--index", str(idx)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (f"Refreshed {idx}: 0 added, 0 replaced, 0 unchanged, 0 removed; "
                             "5 documents, 5 passages (0 embedded).\n")
    assert store.read_manifest(idx)["facts_extractor"] == extractor_version()
    missing = runner.invoke(cli, ["index", "refresh", "--index", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "[V010]" in missing.stderr
