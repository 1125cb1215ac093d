"""Every bad input in ``scripts/bad_input_table.py`` (the source of docs/bad-input.md) gives its
coded one-line error and exit code, and never a traceback.

The cases run in-process through ``CliRunner`` with the fake embedder (the real embedder is
looked up at call time, so it is swapped like in test_index_cli.py), so the whole table is
checked in seconds; the script runs the same cases on the real CLI with the real models.
Cases marked ``real_model_only`` run the real CLI in a subprocess under ``real_model``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from verifier.cli import cli
from verifier.index import embed
from verifier.index.build import build_index
from verifier.index.embed import FakeEmbedder

ROOT = Path(__file__).resolve().parent.parent


def _load_table():
    spec = importlib.util.spec_from_file_location("bad_input_table", ROOT / "scripts" / "bad_input_table.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bad_input_table"] = module
    spec.loader.exec_module(module)
    return module


table = _load_table()

# Bugs found by these cases, fixed once the owners' edits land (strict: the XPASS of a fixed
# bug fails, so the id must then be removed here).
KNOWN_BUGS = {
}
NEEDS_STANCE = {"article-as-claims", "claims-as-article", "check-bad-date", "check-docx-undated"}


def _stance_available() -> bool:
    return importlib.util.find_spec("verifier.scoring.stance") is not None


@pytest.fixture(scope="module")
def base_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("base")
    corpus = table.Scratch(root, lambda: root).corpus("corpus")
    build_index([corpus], root / "index", FakeEmbedder())
    return root / "index"


def _params():
    for case in table.CASES:
        marks = []
        if case.real_model_only:
            continue
        if case.id in NEEDS_STANCE and not _stance_available():
            marks.append(pytest.mark.skip(reason="verifier check needs verifier.scoring.stance (not there yet)"))
        elif case.id in KNOWN_BUGS:
            marks.append(pytest.mark.xfail(strict=True, reason=KNOWN_BUGS[case.id]))
        yield pytest.param(case, id=case.id, marks=marks)


@pytest.mark.parametrize("case", list(_params()))
def test_bad_input_gives_its_coded_error(case, base_index: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    fake = FakeEmbedder()
    monkeypatch.setattr(embed, "load_embedder", lambda *a, **k: fake)
    monkeypatch.delenv("VERIFIER_CONFIG", raising=False)
    scratch = table.Scratch(tmp_path / "case", lambda: base_index)
    argv = case.setup(scratch)
    result = CliRunner().invoke(cli, argv)
    line, _ = table.first_line(result.stderr)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    assert (result.exit_code, case.fragment in line) == (case.code, True), line
    if case.code:
        assert line.startswith(("Error: [V0", "Error: Invalid", "Error: Missing")), line


def test_every_case_is_in_the_doc():
    doc = (ROOT / "docs" / "bad-input.md").read_text(encoding="utf-8")
    missing = [c.id for c in table.CASES if f"| `{c.id}` |" not in doc]
    assert missing == []


def test_case_ids_are_unique():
    ids = [c.id for c in table.CASES]
    assert sorted(ids) == sorted(set(ids))


@pytest.mark.real_model
def test_a_corrupt_onnx_export_is_v014(tmp_path: Path):
    import os

    case = next(c for c in table.CASES if c.id == "model-onnx-corrupt")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def build(corpus: Path, index: Path) -> None:
        build_index([corpus], index, FakeEmbedder())

    scratch = table.Scratch(tmp_path / "case", table.lazy_base_index(tmp_path / "base", build))
    out = table.run_cli(case.setup(scratch), table.model_env(case, scratch.root, env), timeout=300)
    assert (out.code, out.traceback) == (1, False)
    assert out.line.startswith("Error: [V014]") and "model.onnx" in out.line
