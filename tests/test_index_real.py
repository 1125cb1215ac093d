"""The real embedding model: ONNX export agrees with torch, the query path skips torch, and the
worked example's index answers sensibly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from verifier.index.build import build_index
from verifier.index.embed import OnnxEmbedder, TorchEmbedder, export_embedder_onnx, load_embedder
from verifier.index.ingest import read_sources
from verifier.index.store import Index

PROJECT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT / "index" / "corpora" / "ukraine-2022-04-26"

pytestmark = pytest.mark.real_model


@pytest.fixture(scope="module")
def export_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("models")
    export_embedder_onnx(dest)
    return dest


def test_onnx_matches_torch_on_the_corpus(export_dir: Path):
    onnx = load_embedder(models_dir=export_dir)
    assert isinstance(onnx, OnnxEmbedder)
    torch_embedder = TorchEmbedder()
    assert (onnx.name, onnx.sha256, onnx.dim) == (torch_embedder.name, torch_embedder.sha256, torch_embedder.dim)
    texts = [d.text for d in read_sources([CORPUS]).documents] + ["How many civilians have been killed?"]
    a, b = onnx.encode(texts), torch_embedder.encode(texts)
    assert a.shape == b.shape == (len(texts), 384)
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert float((a * b).sum(axis=1).min()) >= 0.999


def test_query_path_does_not_import_torch(export_dir: Path):
    code = (f"import sys; from pathlib import Path; from verifier.index.embed import load_embedder; "
            f"e = load_embedder(models_dir=Path({str(export_dir)!r})); e.encode(['hello']); "
            f"print(e.backend, 'torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT, capture_output=True, text=True, timeout=120)
    assert out.stdout.strip() == "onnx False", out.stderr


def test_worked_example_index_answers(export_dir: Path, tmp_path: Path):
    embedder = load_embedder(models_dir=export_dir)
    build_index([CORPUS], tmp_path / "idx", embedder)
    with Index.open(tmp_path / "idx", embedder) as index:
        assert index.manifest["counts"]["documents"] == 12
        top = {q: index.search(q, k=1)[0].passage.doc_id for q in (
            "civilians killed in Ukraine", "IMF global growth forecast", "EU sanctions package coal")}
    assert top == {"civilians killed in Ukraine": "ohchr-civilian-casualties-2022-04-25",
                   "IMF global growth forecast": "imf-world-economic-outlook-2022-04-19",
                   "EU sanctions package coal": "eu-council-sanctions-2022-04-08"}
