"""No code path in ``verifier/`` deserialises or executes what it reads from disk.

The index is JSON + SQLite + ``.npy`` (read with numpy's default ``allow_pickle=False``) + FAISS;
run files are JSON Lines; models are safetensors/ONNX. A pickle, ``eval`` or ``exec`` on any of
them would turn a hostile index or run file into code execution, so this test parses every
module (AST, so ``model.eval()`` and strings mentioning pickle do not count) and fails on:

- the builtins ``eval``, ``exec``, ``compile``, ``__import__`` called by name;
- ``pickle``/``cloudpickle``/``dill``/``marshal``/``shelve`` ``load``/``loads``/``open``/``Unpickler``;
- ``yaml.load``/``yaml.unsafe_load``/``yaml.full_load`` (only ``yaml.safe_load`` is allowed);
- ``numpy.load(..., allow_pickle=True)`` and ``torch.load(...)`` without ``weights_only=True``;
- ``subprocess``/``os`` calls with ``shell=True`` and ``os.system``/``os.popen``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "verifier"

_BANNED_BUILTINS = {"eval", "exec", "compile", "__import__"}
_PICKLERS = {"pickle", "cloudpickle", "dill", "marshal", "shelve", "joblib"}
_PICKLE_CALLS = {"load", "loads", "open", "Unpickler"}
_YAML_UNSAFE = {"load", "unsafe_load", "full_load", "load_all", "unsafe_load_all", "full_load_all"}


def _kw(call: ast.Call, name: str):
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def _is_true(node) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def unsafe_calls(source: str, filename: str = "<src>") -> list[str]:
    """Every unsafe call in ``source`` as ``file:line: what``."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        what = ""
        if isinstance(func, ast.Name) and func.id in _BANNED_BUILTINS:
            what = f"{func.id}()"
        elif isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else ""
            attr = func.attr
            if owner in _PICKLERS and attr in _PICKLE_CALLS:
                what = f"{owner}.{attr}()"
            elif owner == "yaml" and attr in _YAML_UNSAFE:
                what = f"yaml.{attr}()"
            elif owner in ("np", "numpy") and attr == "load" and _is_true(_kw(node, "allow_pickle")):
                what = "numpy.load(allow_pickle=True)"
            elif owner == "torch" and attr == "load" and not _is_true(_kw(node, "weights_only")):
                what = "torch.load() without weights_only=True"
            elif owner == "os" and attr in ("system", "popen"):
                what = f"os.{attr}()"
        if not what and _is_true(_kw(node, "shell")):
            what = "shell=True"
        if what:
            found.append(f"{filename}:{node.lineno}: {what}")
    return found


@pytest.mark.parametrize("snippet, expected", [
    ("import pickle\npickle.load(open('x', 'rb'))", "<src>:2: pickle.load()"),
    ("from ray import cloudpickle\ncloudpickle.loads(b'')", "<src>:2: cloudpickle.loads()"),
    ("eval(line)", "<src>:1: eval()"),
    ("exec(text)", "<src>:1: exec()"),
    ("import yaml\nyaml.load(s)", "<src>:2: yaml.load()"),
    ("import numpy as np\nnp.load('v.npy', allow_pickle=True)", "<src>:2: numpy.load(allow_pickle=True)"),
    ("import torch\ntorch.load('m.pt')", "<src>:2: torch.load() without weights_only=True"),
    ("import subprocess\nsubprocess.run(cmd, shell=True)", "<src>:2: shell=True"),
])
def test_the_scanner_finds_each_unsafe_call(snippet: str, expected: str):
    assert unsafe_calls(snippet) == [expected]


@pytest.mark.parametrize("snippet", [
    "model.eval()",  # torch's train/eval switch, not the builtin
    "import yaml\nyaml.safe_load(s)",
    "import numpy as np\nnp.load('ids.npy')",
    "import numpy as np\nnp.load('v.npy', mmap_mode='r')",
    "import torch\ntorch.load('m.pt', weights_only=True)",
    "x = 'pickle.load(eval(exec))'",
])
def test_the_scanner_allows_safe_calls(snippet: str):
    assert unsafe_calls(snippet) == []


def test_no_unsafe_deserialisation_or_eval_in_the_package():
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20  # the package is there, not an empty glob
    found = [hit for f in files for hit in unsafe_calls(f.read_text(encoding="utf-8"),
                                                        str(f.relative_to(PACKAGE.parent)))]
    assert found == []
