"""Wiring for a real run: load the index, the embedder, the stance model and the fact parser
once, build the ``Verifier``, and describe the run (models with sha256, index fingerprint,
resolved config, library versions) in a ``RunRecord``.

``make_verifier`` is a top-level, picklable factory so that the Ray engine can build one
``Verifier`` per worker from plain arguments. ``run_record_from_files`` describes the same run
from the models' and the index's metadata, without loading them: the Ray engine's driver needs
the record, not the models (its workers load those).
"""

from __future__ import annotations

import importlib.metadata as md
import json
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from verifier import __version__
from verifier.config import Config
from verifier.types import ModelRecord, RunRecord

_VERSIONED = ["faiss-cpu", "onnxruntime", "sentence-transformers", "spacy", "torch", "pydantic", "numpy"]


def load_components(index_dir: str | Path | None, config: Config, need_index: bool = True):
    """(index or None, embedder, stance, parse_facts) - the heavy objects, loaded once.

    spaCy's pipeline loads in a second thread while ONNX Runtime builds its sessions (which
    release the GIL). spaCy itself is imported first, here: its import hides torch for a moment
    (``nlp.import_spacy``), which a torch fallback in the other thread must not see."""
    from concurrent.futures import ThreadPoolExecutor

    from verifier.claims import parse_facts
    from verifier.claims.nlp import get_nlp, import_spacy
    from verifier.index.embed import load_embedder
    from verifier.scoring.stance import load_stance_model

    import_spacy()
    with ThreadPoolExecutor(max_workers=1) as pool:
        nlp = pool.submit(get_nlp)
        embedder = load_embedder()
        index = None
        if need_index:
            from verifier.index.shards import open_index  # a plain or a sharded index

            index = open_index(index_dir, embedder, config.search)
        stance = load_stance_model(int8=config.scoring.stance_int8)
        nlp.result()  # raises its ModelError here
    return index, embedder, stance, parse_facts


def make_verifier(index_dir: str | None, config_data: dict[str, Any], need_index: bool = True):
    """Build a ready ``Verifier`` from plain arguments (used by the local and Ray engines)."""
    from verifier.claims.nlp import parse_many
    from verifier.pipeline import Verifier
    from verifier.scoring.verdict import load_combiner

    config = Config.model_validate(config_data)
    index, embedder, stance, parse_facts = load_components(index_dir, config, need_index)
    return Verifier(index, embedder, stance, parse_facts, config, prepare=parse_many, combiner=load_combiner())


def run_record(verifier, config: Config, input_desc: str, article: str | None = None,
               article_path: str = "") -> RunRecord:
    """What produced this run; written as the first line of every run file."""
    models = [ModelRecord(name=getattr(verifier.embedder, "name", "embedder"),
                          sha256=getattr(verifier.embedder, "sha256", ""),
                          backend=getattr(verifier.embedder, "backend", "")),
              ModelRecord(name=getattr(verifier.stance, "name", "stance"),
                          sha256=getattr(verifier.stance, "sha256", ""),
                          backend=getattr(verifier.stance, "backend", ""))]
    if getattr(verifier, "prepare", None) is not None:  # the real fact parser: record spaCy too
        from verifier.claims.nlp import model_record

        models.append(_spacy_record(model_record()))
    models.append(_decision_record())
    index_info: dict[str, Any] = {}
    if verifier.index is not None:
        index_info = _index_info(verifier.index.manifest, verifier.index.path)
    return _record(models, index_info, config, input_desc, article, article_path)


def run_record_from_files(index_dir: str | Path | None, config: Config, input_desc: str,
                          article: str | None = None, article_path: str = "",
                          need_index: bool = True) -> RunRecord:
    """The ``run_record`` of the verifier that ``make_verifier(index_dir, ..., need_index)``
    would build, read from metadata instead of loaded: the embedder's export metadata (or its
    weights' sha256), the stance model's recorded sha256 and export manifest, the spaCy
    package's meta.json and the index manifest. Nothing is loaded (no ONNX session, FAISS
    index or spaCy pipeline), so the Ray engine's driver starts at once; the workers load the
    models and would report the same identities.

    Raises what opening would raise first: ``ModelError`` for missing weights, ``IndexError_``
    (V010/V012) for a missing or damaged index, ``IndexMismatchError`` (V011) for an index
    built with another embedder.

    >>> record = run_record_from_files("index/built/default", Config(), "claims.jsonl")  # doctest: +SKIP
    """
    embedder = embedder_identity()
    stance = stance_identity(config.scoring.stance_int8)
    models = [ModelRecord(name=embedder.name, sha256=embedder.sha256, backend=embedder.backend),
              ModelRecord(name=stance.name, sha256=stance.sha256, backend=stance.backend),
              _spacy_record(spacy_identity()), _decision_record()]
    index_info: dict[str, Any] = {}
    if need_index:
        index_info = _index_info(index_manifest(index_dir, embedder), Path(index_dir))
    return _record(models, index_info, config, input_desc, article, article_path)


def embedder_identity() -> SimpleNamespace:
    """``name``, ``sha256``, ``backend``, ``dim`` of the embedder ``load_embedder()`` would
    return, by the same choice (the ONNX export when its metadata matches the weights, else
    torch), without loading it."""
    from verifier.config import MODELS_DIR
    from verifier.index import embed
    from verifier.text import sha256_file

    path = embed.model_path()
    weights = embed._weights_file(path)  # the loader's own checks, so the errors match too
    meta = embed._read_export_meta(MODELS_DIR / embed.EXPORT_SUBDIR, weights)
    if meta is not None:
        return SimpleNamespace(name=meta["name"], sha256=meta["weights_sha256"], backend="onnx",
                               dim=int(meta["dim"]))
    pooling = json.loads((path / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
    return SimpleNamespace(name=embed.MODEL_NAME, sha256=sha256_file(weights), backend="torch",
                           dim=int(pooling["word_embedding_dimension"]))


def stance_identity(int8: bool = False) -> SimpleNamespace:
    """``name``, ``sha256``, ``backend`` of the model ``load_stance_model(int8=int8)`` would
    return (as ``load_components`` calls it), without loading it; ``ModelError`` where loading
    would raise it (a missing int8 export)."""
    from verifier.config import MODELS_DIR
    from verifier.scoring import stance

    sha = stance.shipped_sha256()
    if int8:
        stance.int8_export(MODELS_DIR, sha)  # the loader's own check, so the errors match too
        return SimpleNamespace(name=stance.INT8_NAME, sha256=sha, backend=stance.INT8_BACKEND)
    backend = "onnxruntime" if stance._onnx_status(MODELS_DIR, sha) == "ok" else "torch"
    return SimpleNamespace(name=stance.STANCE_MODEL_NAME, sha256=sha, backend=backend)


def spacy_identity() -> dict[str, str]:
    """``verifier.claims.nlp.model_record()`` from the installed package's meta.json, without
    loading the pipeline (or importing spaCy) unless it is loaded already."""
    import importlib.util

    from verifier.claims import nlp

    spec = importlib.util.find_spec(nlp.SPACY_PACKAGE)
    if nlp.get_nlp.cache_info().currsize or spec is None or spec.origin is None:
        return nlp.model_record()  # loaded already (an article was read), or the loader's ModelError
    meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
    return {"name": f"{meta.get('lang', 'en')}_{meta.get('name', '')}", "version": str(meta.get("version", "")),
            "package": f"{nlp.SPACY_PACKAGE}==3.8.0", "spacy": md.version("spacy")}


def index_manifest(index_dir: str | Path, embedder) -> dict[str, Any]:
    """The manifest of the plain or sharded index at ``index_dir``, checked as opening it
    checks it first (V010/V012, and V011 unless it was built with ``embedder``)."""
    from verifier.index import shards, store

    path = Path(index_dir)
    if shards.is_sharded(path):
        manifest = shards.read_sharded_manifest(path)
    else:
        manifest = store.read_manifest(path)
    store.check_embedder(manifest, embedder, path)
    return manifest


def _spacy_record(spacy_model: dict[str, str]) -> ModelRecord:
    return ModelRecord(name=f"{spacy_model['name']}-{spacy_model['version']}", sha256="",
                       backend=f"{spacy_model['package']} (spacy {spacy_model['spacy']})")


def _index_info(man: dict[str, Any], path: Path) -> dict[str, Any]:
    return {"name": man.get("name", ""), "fingerprint": man["fingerprint"], "path": str(path),
            "corpus_hash": man.get("corpus_hash", ""), "faiss_factory": man.get("faiss_factory", ""),
            **man.get("counts", {})}


def _decision_record() -> ModelRecord:
    """The learned decision's model file (or the rules) that verdicts are decided by."""
    from verifier.scoring.verdict import identity

    name, sha256, backend = identity()
    return ModelRecord(name=name, sha256=sha256, backend=backend)


def _record(models: list[ModelRecord], index_info: dict[str, Any], config: Config, input_desc: str,
            article: str | None, article_path: str) -> RunRecord:
    versions = {"claim-verifier": __version__}
    for name in _VERSIONED:
        try:
            versions[name] = md.version(name)
        except md.PackageNotFoundError:
            continue
    return RunRecord(tool_version=__version__, created=datetime.now(UTC).isoformat(timespec="seconds"),
                     models=models, index=index_info, config=config.model_dump(mode="json"),
                     versions=versions, input=input_desc, article=article, article_path=article_path)
