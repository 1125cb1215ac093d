"""The stance model: does an evidence sentence support, contradict, or not decide a claim?

A MiniLM-L6 cross-encoder fine-tuned here (``scripts/train_stance.py``; data, metrics and
licences in ``models/stance/MODEL_CARD.md``). It reads ``(claim, evidence)`` as one sequence and
returns three probabilities, columns ``[supported, contradicted, unverified]``.

Two backends serve the same weights:

* **onnxruntime** (the query path): an fp32 ONNX export made once by
  ``export_stance_onnx(MODELS_DIR)`` (``verifier models export``), tokenised with ``tokenizers``.
  No torch import: loading costs ~0.3 s instead of ~4 s.
* **torch** (fallback): the shipped fp16 safetensors loaded as fp32 with transformers, used
  when the export is missing or was made from other weights (a warning says how to fix it).

``FakeStance`` is a deterministic stand-in for unit tests (word overlap, number and negation
mismatch), with the same interface.

Example::

    >>> model = load_stance_model()                                  # doctest: +SKIP
    >>> model.predict([("The tower is in Paris.", "The tower stands in Paris, France.")])
    array([[0.97, 0.01, 0.02]], dtype=float32)                       # doctest: +SKIP
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from verifier.config import MODELS_DIR, STANCE_MODEL_DIR
from verifier.errors import ModelError

log = logging.getLogger(__name__)

LABELS = ("supported", "contradicted", "unverified")
STANCE_MODEL_NAME = "claim-verifier-stance-minilm-l6-v2"
MAX_LENGTH = 128  # tokens per (claim, evidence) pair, as in training
# Small batches of length-sorted pairs: padding to a batch's longest pair cost more than the
# bigger matrix products gained (SciFact pairs, 2 cores: 32 per batch 11.8 s, 8 per batch 7.6 s).
BATCH_SIZE = 8
ONNX_FILE = "stance.onnx"
ONNX_INT8_FILE = "stance.int8.onnx"  # optional, from export_stance_onnx(int8=True)
INT8_NAME, INT8_BACKEND = STANCE_MODEL_NAME + "-int8", "onnxruntime-int8"  # how a run record names it
ONNX_MANIFEST = "stance.onnx.json"
WEIGHTS_FILE = "model.safetensors"
SHA_FILE = "model.safetensors.sha256"
ONNX_OPSET = 17
_FIX_EXPORT = "Run: verifier models export"
_FIX_INT8 = "Run: verifier models export --int8"
_FIX_WEIGHTS = ("Restore the shipped files: git checkout -- verifier/scoring/models/stance "
                "(or retrain: see verifier/scoring/models/stance/MODEL_CARD.md).")


class Stance(Protocol):
    """What the pipeline needs from a stance scorer (see docs/architecture.md)."""

    name: str
    sha256: str
    backend: str

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray: ...


# "2,665" / "1,234.5": groups of three digits after a comma, not inside a longer run of digits,
# commas or decimals ("12,345,67" and "3,4" are left alone: they are lists, not thousands).
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d]|,\d)")
_PERCENT = re.compile(r"(\d)\s*(?:per\s?cent|percent|%)(?![A-Za-z])", re.IGNORECASE)
# a figure's spaces and dashes as news text writes them (non-breaking, thin; the minus sign)
_FIGURE_CHARS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2212": "-"})
CONFIG_KEY = "claim_verifier"  # config.json section with this project's serving options


def normalize_figures(text: str) -> str:
    """Write figures in one form, so the model reads the same number the same way on both sides.

    MiniLM's word pieces split "2,665" and "2665" differently, so an evidence sentence and a
    claim that state the same figure in two styles look like different numbers. Only rewrites
    that cannot change a value are made:

    * thousands separators dropped: "2,665" -> "2665", "$1,200,000.50" -> "$1200000.50"
      (a comma list such as "3,4" or "12,345,67" is left alone);
    * per cent written one way: "12 per cent", "12 percent", "12 %" -> "12%";
    * non-breaking and thin spaces -> a space, the minus sign U+2212 -> "-".

    Scale words stay words ("1.2 million" is not expanded: a run of seven digits is split into
    more word pieces than the model has seen, and tolerance is the quantity check's job).
    Applied at training (``scripts/train_stance.py --normalize-figures``) and at inference
    only for weights whose ``config.json`` says ``"claim_verifier": {"normalize_figures": true}``.

    >>> normalize_figures("2,665 people, 12 per cent of 22,100")
    '2665 people, 12% of 22100'
    """
    text = text.translate(_FIGURE_CHARS)
    text = _THOUSANDS.sub(lambda m: m.group(0).replace(",", ""), text)
    return _PERCENT.sub(r"\1%", text)


def _softmax(logits: np.ndarray) -> np.ndarray:
    z = logits.astype(np.float64)
    z -= z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def shipped_sha256(model_dir: Path = STANCE_MODEL_DIR) -> str:
    """sha256 of the shipped weights, as recorded next to them (hashing 45 MB costs ~0.1 s)."""
    weights = model_dir / WEIGHTS_FILE
    if not weights.is_file():
        raise ModelError(f"stance model weights missing: {weights}.", hint=_FIX_WEIGHTS)
    recorded = model_dir / SHA_FILE
    if recorded.is_file():
        return recorded.read_text(encoding="utf-8").split()[0]
    return _file_sha256(weights)


def normalizes_figures(model_dir: Path = STANCE_MODEL_DIR) -> bool:
    """Whether the weights in ``model_dir`` were trained on ``normalize_figures`` text.

    Read from ``config.json`` (``"claim_verifier": {"normalize_figures": true}``, written by
    ``scripts/train_stance.py --normalize-figures``); weights without the key (v1) read raw text.
    """
    path = model_dir / "config.json"
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"stance model config missing or unreadable: {path} ({exc}).",
                         hint=_FIX_WEIGHTS) from exc
    options = config.get(CONFIG_KEY) or {}
    return bool(options.get("normalize_figures", False)) if isinstance(options, dict) else False


def _load_tokenizer(model_dir: Path):
    """The fast tokenizer of the shipped model, truncating and padding as in training."""
    from tokenizers import Tokenizer

    path = model_dir / "tokenizer.json"
    try:
        tok = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception for missing/corrupt files
        raise ModelError(f"stance tokenizer missing or corrupt: {path} ({exc}).",
                         hint=_FIX_WEIGHTS) from exc
    tok.enable_truncation(max_length=MAX_LENGTH, strategy="longest_first")
    tok.enable_padding(pad_id=tok.token_to_id("[PAD]") or 0, pad_token="[PAD]")
    return tok


class StanceModel:
    """The trained cross-encoder behind one backend. ``predict`` is batched and deterministic.

    ``name`` and ``sha256`` identify the shipped weights (the ONNX export is derived from
    them, so both backends report the same identity); ``backend`` says which runtime ran it.
    ``normalize`` applies ``normalize_figures`` to both sides before tokenising, as the weights
    were trained (``load_stance_model`` reads it from the model's ``config.json``).
    """

    def __init__(self, runner: Any, tokenizer: Any, *, backend: str, sha256: str,
                 name: str = STANCE_MODEL_NAME, batch_size: int = BATCH_SIZE,
                 normalize: bool = False):
        self._runner = runner  # callable: dict of int64 arrays (batch, seq) -> logits (batch, 3)
        self._tokenizer = tokenizer
        self.normalize = normalize
        self.backend = backend
        self.sha256 = sha256
        self.name = name
        self.batch_size = batch_size

    def encode(self, pairs: Sequence[tuple[str, str]]) -> dict[str, np.ndarray]:
        """Token ids, attention mask and segment ids of a batch of (claim, evidence) pairs."""
        if self.normalize:
            pairs = [(normalize_figures(c), normalize_figures(e)) for c, e in pairs]
        encs = self._tokenizer.encode_batch([(c, e) for c, e in pairs])
        return {
            "input_ids": np.array([e.ids for e in encs], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encs], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encs], dtype=np.int64),
        }

    def logits(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Raw scores, shape (n, 3); pairs are batched by length (less padding, same result)."""
        pairs = [(str(c), str(e)) for c, e in pairs]
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        if not pairs:
            return out
        order = sorted(range(len(pairs)), key=lambda i: (len(pairs[i][0]) + len(pairs[i][1]), i))
        for s in range(0, len(order), self.batch_size):
            idx = order[s:s + self.batch_size]
            out[idx] = self._runner(self.encode([pairs[i] for i in idx]))
        return out

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        """Probabilities, shape (n, 3), columns [supported, contradicted, unverified], rows sum to 1."""
        return _softmax(self.logits(pairs))


# --------------------------------------------------------------------------- backends


def _onnx_runner(path: Path):
    import onnxruntime as ort

    opts = ort.SessionOptions()
    opts.log_severity_level = 3
    # Its threads sleep between runs instead of spinning: the pipeline checks the next batch on
    # the same two cores meanwhile (Verifier.verify).
    opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
    try:
        session = ort.InferenceSession(str(path), sess_options=opts,
                                       providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own Fail/InvalidGraph classes
        raise ModelError(f"stance ONNX export corrupt or unreadable: {path} ({exc}).",
                         hint=_FIX_EXPORT) from exc
    names = {i.name for i in session.get_inputs()}

    def run(batch: dict[str, np.ndarray]) -> np.ndarray:
        return session.run(["logits"], {k: v for k, v in batch.items() if k in names})[0]

    return run


def _torch_model(model_dir: Path, attn_implementation: str | None = None):
    import torch
    from transformers import BertForSequenceClassification

    if not (model_dir / WEIGHTS_FILE).is_file():
        raise ModelError(f"stance model weights missing: {model_dir / WEIGHTS_FILE}.",
                         hint=_FIX_WEIGHTS)
    kwargs: dict[str, Any] = {"dtype": torch.float32, "local_files_only": True}
    if attn_implementation:
        kwargs["attn_implementation"] = attn_implementation
    try:
        model = BertForSequenceClassification.from_pretrained(str(model_dir), **kwargs)
    except (OSError, ValueError, RuntimeError) as exc:
        raise ModelError(f"stance model in {model_dir} could not be loaded ({exc}).",
                         hint=_FIX_WEIGHTS) from exc
    return model.eval()


def _torch_runner(model_dir: Path):
    import torch

    model = _torch_model(model_dir)

    def run(batch: dict[str, np.ndarray]) -> np.ndarray:
        with torch.inference_mode():
            tensors = {k: torch.from_numpy(v) for k, v in batch.items()}
            return model(**tensors).logits.float().numpy()

    return run


def _onnx_status(models_dir: Path, sha256: str, onnx_file: str = ONNX_FILE) -> str:
    """"ok", or why the export in ``models_dir`` cannot serve the shipped weights."""
    path, manifest = models_dir / onnx_file, models_dir / ONNX_MANIFEST
    if not path.is_file():
        return f"no ONNX export at {path}"
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"ONNX export manifest missing or unreadable: {manifest}"
    if meta.get("source_sha256") != sha256:
        return f"ONNX export at {path} was made from other weights ({str(meta.get('source_sha256'))[:12]})"
    return "ok"


def int8_export(models_dir: Path, sha256: str) -> Path:
    """The int8 export that serves the shipped weights; ``ModelError`` saying how to make it."""
    status = _onnx_status(models_dir, sha256, ONNX_INT8_FILE)
    if status != "ok":
        raise ModelError(f"{status}.", hint=_FIX_INT8)
    return models_dir / ONNX_INT8_FILE


def load_stance_model(models_dir: Path | None = None, *, backend: str = "auto",
                      model_dir: Path = STANCE_MODEL_DIR, int8: bool = False,
                      batch_size: int = BATCH_SIZE) -> StanceModel:
    """Load the shipped stance model: ONNX Runtime when the export is there, else torch.

    ``backend`` is "auto", "onnx" (raise ``ModelError`` when the export is missing or stale) or
    "torch". ``models_dir`` defaults to ``verifier.config.MODELS_DIR``. ``int8`` picks the
    dynamically quantised export (per output channel: about 2.5x faster on CPU, a little less
    accurate: see the README's speed table); its ``name`` ends in "-int8".
    """
    models_dir = Path(models_dir) if models_dir is not None else MODELS_DIR
    if backend not in ("auto", "onnx", "torch"):
        raise ModelError(f"unknown stance backend {backend!r}; valid: auto, onnx, torch.", code="V007")
    sha = shipped_sha256(model_dir)
    tokenizer = _load_tokenizer(model_dir)
    normalize = normalizes_figures(model_dir)
    if int8:
        return StanceModel(_onnx_runner(int8_export(models_dir, sha)), tokenizer, backend=INT8_BACKEND,
                           sha256=sha, name=INT8_NAME, batch_size=batch_size, normalize=normalize)
    if backend in ("auto", "onnx"):
        status = _onnx_status(models_dir, sha)
        if status == "ok":
            return StanceModel(_onnx_runner(models_dir / ONNX_FILE), tokenizer, backend="onnxruntime",
                               sha256=sha, batch_size=batch_size, normalize=normalize)
        if backend == "onnx":
            raise ModelError(f"{status}.", hint=_FIX_EXPORT)
        log.warning("stance model: %s; using the slower torch backend. %s", status, _FIX_EXPORT)
    return StanceModel(_torch_runner(model_dir), tokenizer, backend="torch", sha256=sha,
                       batch_size=batch_size, normalize=normalize)


def export_stance_onnx(dest_dir: Path | None = None, *, model_dir: Path = STANCE_MODEL_DIR,
                       int8: bool = False) -> Path:
    """Export the shipped weights to ``dest_dir/stance.onnx`` (fp32) and check it against torch.

    With ``int8`` also write ``stance.int8.onnx``, dynamically quantised by onnxruntime
    (needs the ``onnx`` package); ``load_stance_model(int8=True)`` serves it.

    Uses torch's TorchScript exporter (``dynamo=False``: it needs no ``onnx`` package) with
    eager attention, traced on a padded batch so the attention mask stays an input of the
    graph. Writes ``stance.onnx.json`` beside it (the weights' sha256, opset, versions); the
    loader uses the export only when that sha256 matches the shipped weights. Raises
    ``ModelError`` when ONNX Runtime's logits differ from torch's by more than 1e-3.
    """
    import warnings

    import torch
    import transformers

    dest_dir = Path(dest_dir) if dest_dir is not None else MODELS_DIR
    dest_dir.mkdir(parents=True, exist_ok=True)
    sha = shipped_sha256(model_dir)
    model = _torch_model(model_dir, attn_implementation="eager")
    tokenizer = _load_tokenizer(model_dir)
    probe = StanceModel(None, tokenizer, backend="torch", sha256=sha)
    sample = probe.encode([
        ("A short claim.", "A longer evidence sentence that forces padding in the batch, with 12 words."),
        ("Another claim about 2,660 people killed in the war.", "Evidence."),
    ])
    inputs = tuple(torch.from_numpy(sample[k]) for k in ("input_ids", "attention_mask", "token_type_ids"))
    tmp = dest_dir / (ONNX_FILE + ".tmp")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # tracer and deprecation warnings: the check below decides
        torch.onnx.export(
            model, inputs, str(tmp),
            input_names=["input_ids", "attention_mask", "token_type_ids"],
            output_names=["logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                          "attention_mask": {0: "batch", 1: "sequence"},
                          "token_type_ids": {0: "batch", 1: "sequence"},
                          "logits": {0: "batch"}},
            opset_version=ONNX_OPSET, do_constant_folding=True, dynamo=False,
        )
    run = _onnx_runner(tmp)
    with torch.inference_mode():
        want = model(*inputs).logits.numpy()
    got = run(sample)
    diff = float(np.abs(got - want).max())
    if diff > 1e-3:
        tmp.unlink(missing_ok=True)
        raise ModelError(f"stance ONNX export disagrees with torch (max logit difference {diff:.2e}).",
                         hint="Report this with `verifier --version` output.")
    os.replace(tmp, dest_dir / ONNX_FILE)
    manifest = {"name": STANCE_MODEL_NAME, "source_sha256": sha,
                "onnx_sha256": _file_sha256(dest_dir / ONNX_FILE), "opset": ONNX_OPSET,
                "max_length": MAX_LENGTH, "check_max_abs_logit_diff": diff,
                "versions": {"torch": torch.__version__, "transformers": transformers.__version__}}
    if int8:
        try:
            from onnxruntime.quantization import QuantType, quantize_dynamic
        except ImportError as exc:  # onnxruntime.quantization needs the onnx package
            raise ModelError(f"int8 export needs the onnx package ({exc}).",
                             hint="Install it: pip install onnx==1.23.2") from exc

        tmp8 = dest_dir / (ONNX_INT8_FILE + ".tmp")
        # Per output channel: the news sets score as in fp32 but for one dev4 claim, where one
        # scale per tensor cost 0.028 macro-F1 on the worked example (README).
        quantize_dynamic(str(dest_dir / ONNX_FILE), str(tmp8), weight_type=QuantType.QInt8, per_channel=True)
        os.replace(tmp8, dest_dir / ONNX_INT8_FILE)
        manifest["int8_sha256"] = _file_sha256(dest_dir / ONNX_INT8_FILE)
    (dest_dir / ONNX_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    log.info("exported stance model to %s (max logit difference vs torch %.1e)",
             dest_dir / ONNX_FILE, diff)
    return dest_dir / ONNX_FILE


# --------------------------------------------------------------------------- fake

_WORD = re.compile(r"[a-z0-9][a-z0-9'-]*")
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_NEGATION = {"not", "no", "never", "none", "nobody", "without", "denied", "refused", "didn't",
             "doesn't", "isn't", "wasn't", "weren't", "aren't", "won't", "cannot", "can't"}
_STOP = {"the", "a", "an", "of", "in", "on", "at", "to", "for", "by", "with", "and", "or", "is",
         "are", "was", "were", "be", "been", "has", "have", "had", "it", "its", "that", "this",
         "as", "from", "than", "more", "about"}


class FakeStance:
    """Deterministic stand-in for unit tests: same interface, no model file.

    Rules, in order: an evidence sentence sharing under 60% of the claim's content words is
    "unverified"; on topic, a claim number missing from the evidence's numbers, or a negation
    on one side only, is "contradicted"; otherwise "supported". The decided class gets 0.8.
    """

    name = "fake-stance"
    sha256 = hashlib.sha256(b"fake-stance").hexdigest()
    backend = "fake"

    @staticmethod
    def _words(text: str) -> set[str]:
        return set(_WORD.findall(text.lower()))

    def label(self, claim: str, evidence: str) -> int:
        cw, ew = self._words(claim), self._words(evidence)
        content = {w for w in cw if w not in _STOP and w not in _NEGATION}
        overlap = len(content & ew) / max(1, len(content))
        if overlap < 0.6:
            return 2
        cnums = {n.replace(",", "") for n in _NUMBER.findall(claim)}
        enums = {n.replace(",", "") for n in _NUMBER.findall(evidence)}
        if cnums and enums and not cnums <= enums:
            return 1
        if bool(cw & _NEGATION) != bool(ew & _NEGATION):
            return 1
        return 0

    def predict(self, pairs: Sequence[tuple[str, str]]) -> np.ndarray:
        out = np.full((len(pairs), len(LABELS)), 0.1, dtype=np.float32)
        for i, (claim, evidence) in enumerate(pairs):
            out[i, self.label(claim, evidence)] = 0.8
        return out
