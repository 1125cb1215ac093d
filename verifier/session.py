"""Wiring for a real run: load the index, the embedder, the stance model and the fact parser
once, build the ``Verifier``, and describe the run (models with sha256, index fingerprint,
resolved config, library versions) in a ``RunRecord``.

``make_verifier`` is a top-level, picklable factory so that the Ray engine can build one
``Verifier`` per worker from plain arguments.
"""

from __future__ import annotations

import importlib.metadata as md
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from verifier import __version__
from verifier.config import Config
from verifier.types import ModelRecord, RunRecord

_VERSIONED = ["faiss-cpu", "onnxruntime", "sentence-transformers", "spacy", "torch", "pydantic", "numpy"]


def load_components(index_dir: str | Path | None, config: Config, need_index: bool = True):
    """(index or None, embedder, stance, parse_facts) - the heavy objects, loaded once."""
    from verifier.claims import parse_facts
    from verifier.index.embed import load_embedder
    from verifier.scoring.stance import load_stance_model

    embedder = load_embedder()
    index = None
    if need_index:
        from verifier.index.shards import open_index  # a plain or a sharded index

        index = open_index(index_dir, embedder, config.search)
    return index, embedder, load_stance_model(), parse_facts


def make_verifier(index_dir: str | None, config_data: dict[str, Any], need_index: bool = True):
    """Build a ready ``Verifier`` from plain arguments (used by the local and Ray engines)."""
    from verifier.claims.nlp import parse_many
    from verifier.pipeline import Verifier

    config = Config.model_validate(config_data)
    index, embedder, stance, parse_facts = load_components(index_dir, config, need_index)
    return Verifier(index, embedder, stance, parse_facts, config, prepare=parse_many)


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

        spacy_model = model_record()
        models.append(ModelRecord(name=f"{spacy_model['name']}-{spacy_model['version']}", sha256="",
                                  backend=f"{spacy_model['package']} (spacy {spacy_model['spacy']})"))
    index_info: dict[str, Any] = {}
    if verifier.index is not None:
        man = verifier.index.manifest
        index_info = {"name": man.get("name", ""), "fingerprint": verifier.index.fingerprint,
                      "path": str(verifier.index.path), "corpus_hash": man.get("corpus_hash", ""),
                      "faiss_factory": man.get("faiss_factory", ""), **man.get("counts", {})}
    versions = {"claim-verifier": __version__}
    for name in _VERSIONED:
        try:
            versions[name] = md.version(name)
        except md.PackageNotFoundError:
            continue
    return RunRecord(tool_version=__version__, created=datetime.now(UTC).isoformat(timespec="seconds"),
                     models=models, index=index_info, config=config.model_dump(mode="json"),
                     versions=versions, input=input_desc, article=article, article_path=article_path)
