"""One typed config with every default and threshold in one place.

Resolution order: these defaults < a TOML/JSON file (``--config`` or ``VERIFIER_CONFIG``)
< environment variables ``VERIFIER_<SECTION>__<KEY>`` < command-line flags. The resolved
config is written into every run's record.
"""

from __future__ import annotations

import json
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from verifier.errors import InputError

# Never reach for the network: model weights come from installed packages only.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_INDEX_DIR = PROJECT_ROOT / "index" / "built" / "default"
# ONNX exports of the shipped models, made once by `verifier models export` (run by `make`).
MODELS_DIR = Path(os.environ.get("VERIFIER_MODELS_DIR", PROJECT_ROOT / "index" / "built" / "models"))
# The trained stance model ships inside the package (fp16 safetensors + tokenizer).
STANCE_MODEL_DIR = Path(__file__).resolve().parent / "scoring" / "models" / "stance"


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IndexConfig(Section):
    chunk_sentences: int = 3  # sentences per passage window
    chunk_overlap: int = 1  # sentences shared by consecutive windows
    chunk_max_chars: int = 1200  # a window never grows past this (long sentences are split)
    faiss_factory: str = "Flat"  # exact inner product; "HNSW32" or "IVF1024,PQ32x8" for large corpora
    # Large corpora (scripts/bench_ann.py: 45,952 SciFact sentences, all-MiniLM-L6-v2, 1,109
    # claims as queries, one core; docs/scale-out.md). Flat is exact but scans every vector:
    # 1,296 queries/s at 46k passages, so ~300/s at 200k and ~6/s at 10M. Past this many
    # passages in one index or shard, build with faiss_factory_large.
    flat_max_passages: int = 200_000
    # HNSW32: recall@10 0.9966 at efSearch 128 (0.9898 at 64), 1,808 bytes/passage, 12.7 s to
    # build 46k on one core. For memory-bound corpora: "IVF{4*sqrt(n)},PQ48x8,Refine(SQ8)",
    # 457 bytes/passage (see docs/scale-out.md).
    faiss_factory_large: str = "HNSW32"
    # Texts per ONNX call, sorted by length: smaller batches pad less and ran faster on 2 cores
    # (16 claims: 2.1 s per 500 at 8 against 2.6 s at 64; sentences: as fast as at 32).
    embed_batch_size: int = 8
    # Embed every sentence when indexing (the texts embedded about double, so a build runs at
    # ~55% of raw passage encoding instead of ~100%), which makes checking 2.45x faster
    # (scripts/bench_index.py, scripts/bench_check.py). False: sentences are embedded per claim.
    embed_sentences: bool = True
    # Parse every sentence's facts (spaCy, numbers, dates) when indexing and store them, so that
    # checking a claim parses only the claim (scripts/bench_check.py). False: parsed per claim.
    parse_facts: bool = True
    # ONNX export vs torch on real text: measured min cosine 0.9999999; below this the export is refused.
    export_min_cosine: float = 0.999


class SearchConfig(Section):
    k: int = 10
    candidates: int = 50  # per retriever before fusion
    rrf_k: int = 60  # reciprocal rank fusion constant (Cormack et al. 2009)
    # Search-time knobs of approximate indexes (scripts/bench_ann.py, recall@10 vs exact search).
    hnsw_ef_search: int = 128  # HNSW32: 0.9745 at 32, 0.9898 at 64, 0.9966 at 128 (46k); 0.9949 at 150k
    # IVF256,PQ48x8 + refine on 46k passages: 0.9394 at nprobe 32 / k_factor 8, 0.9775 at 64 / 16
    # (0.9724 with an 8-bit refine, 457 bytes/passage). Keep nprobe near a quarter of the lists.
    ivf_nprobe: int = 64  # IVF lists visited per query, at least ...
    # ... this share of them: 64 of 1,536 lists (4%) gave 0.969 at 150k passages; 64 of the
    # 12,649 lists of 10M passages would visit 0.5% (docs/scale-out.md)
    ivf_nprobe_fraction: float = 0.04
    refine_k_factor: int = 16  # re-rank k * 16 PQ candidates with the stored vectors


class ScoringConfig(Section):
    evidence_passages: int = 8  # passages retrieved per claim
    # A quote in other words is the claim's statement from this cosine on: 0.86 for "entire
    # villages had vanished" / "whole villages have simply disappeared"; 0.79 for two different
    # sentences of one speaker on one topic.
    same_statement_min_cosine: float = 0.82
    # ... plus the best keyword (BM25) hits when fusion ranks them lower: list-style lines
    # ("Injured: 1,036.") embed far from any claim, and only their words find them.
    keyword_seats: int = 2
    # Sentences of the retrieved passages ranked by cosine per claim, those sharing most words
    # with it: 12 kept both development sets' scores, 10 did not.
    candidate_sentences: int = 12
    evidence_sentences: int = 6  # most relevant sentences scored by the stance model per claim
    extra_number_sentences: int = 2  # ... plus, for a claim with a number, this many with numbers
    # The stance model (most of a claim's CPU time) reads at most this many of them, the most relevant.
    # 2 instead of 3: a third fewer pairs; the five news sets score the same, SciFact 0.438 vs
    # 0.439 and Climate-FEVER 0.361 vs 0.365 macro-F1 (1 loses a claim on dev2).
    stance_sentences: int = 2
    # Serve the int8 export of the stance model (`verifier models export --int8`): 47 vs 30
    # claims/s on SciFact (scripts/bench_check.py --stance-int8); the news sets scored the same
    # but for one dev4 claim, the public sets 0.007-0.023 lower macro-F1 (README).
    stance_int8: bool = False
    min_relevance: float = 0.35  # cosine(claim, sentence) below this: not about the claim
    # "about N" covers N +/- 15% at most: "roughly a third of a billion" must cover $322 million;
    # a claim's specific "some 310,000" covers one unit of its last digit, at least 5% (a third).
    approx_tolerance: float = 0.15
    support_threshold: float = 0.5  # stance P(supported) to call a sentence supporting
    support_min_coverage: float = 0.6  # share of the claim's named entities a support must name
    same_event_coverage: float = 0.6  # ... a date check needs to compare dates of the "same event"
    structured_support_min_relevance: float = 0.5  # a matching date/order/place needs this cosine
    contradict_threshold: float = 0.7  # stance P(contradicted) that blocks a support
    # A contradiction on the stance model alone needs all of these: its "contradicted" was right
    # only 20% of the time on Climate-FEVER pairs and 45% on held-out VitaminC pairs (MODEL_CARD).
    stance_contradict_threshold: float = 0.85
    stance_contradict_min_relevance: float = 0.55
    stance_contradict_min_lexical: float = 0.5
    polarity_min_relevance: float = 0.5  # antonyms/negation compared from this cosine on
    restate_min_lexical: float = 0.7  # share of claim content words that makes a restatement
    contradict_min_confidence: float = 0.5
    conflict_margin: float = 0.05  # support this close in relevance to a contradiction wins
    structured_contradict_min_relevance: float = 0.45  # a check contradicts from this cosine on
    # The binding check compares a name's slot only in a sentence that has this share of the
    # claim's content words, with and without the name (chosen on contrast dev: docs/decision.md).
    binding_min_overlap: float = 0.6
    # Two figures in one unit that name no counted thing ("fell more than 10%", "closed down
    # 8.7%") are compared when this share of the claim figure's clause words is in the sentence
    # figure's clause (0: never; chosen on contrast dev and the stance dev pairs: docs/decision.md).
    figure_words_min_overlap: float = 0.67
    # A figure the sentence gives to another name than the claim's does not confirm it (the
    # quantity check's holders; measured on contrast dev and the stance dev pairs: docs/decision.md).
    figure_holders: bool = True
    # Two places the gazetteer does not know (small towns, fictional places) are different when
    # no text at hand sets one beside the other (``places.told_apart``; measured on contrast dev
    # and the stance dev pairs: docs/decision.md).
    unknown_places_differ: bool = True
    sentence_cache_size: int = 50_000  # evidence sentence vectors kept between batches (~77 MB)


class ClaimsConfig(Section):
    min_words: int = 4  # shorter sentences (no quote) are fragments, not claims
    # Claims of one article sharing this share of their words (Jaccard) are duplicates: on the
    # worked example a photo caption repeating the lead scores 0.90, the closest distinct pair
    # (a clause and its "before" order claim) 0.79.
    duplicate_overlap: float = 0.85
    # A .txt line longer than this is article prose, not a claim (worked-example claims: 5-20 words).
    claim_line_max_words: int = 45


class Config(Section):
    index: IndexConfig = IndexConfig()
    search: SearchConfig = SearchConfig()
    scoring: ScoringConfig = ScoringConfig()
    claims: ClaimsConfig = ClaimsConfig()


def _deep_update(base: dict[str, Any], upd: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in upd.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_update(out[key], value)
        else:
            out[key] = value
    return out


def _env_overrides(environ: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, raw in environ.items():
        if not name.startswith("VERIFIER_") or "__" not in name:
            continue
        section, _, key = name[len("VERIFIER_"):].lower().partition("__")
        try:
            value: Any = json.loads(raw)
        except json.JSONDecodeError:
            value = raw
        out.setdefault(section, {})[key] = value
    return out


def load_config(
    path: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    environ: dict[str, str] | None = None,
) -> Config:
    """Resolve defaults < file < environment < ``overrides`` (flags) into a ``Config``."""
    data: dict[str, Any] = {}
    environ = dict(os.environ) if environ is None else environ
    path = path or environ.get("VERIFIER_CONFIG")
    if path:
        p = Path(path)
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{p}: cannot read config ({exc.strerror}).", code="V001") from exc
        try:
            data = tomllib.loads(raw.decode()) if p.suffix == ".toml" else json.loads(raw)
        except (ValueError, UnicodeDecodeError) as exc:
            raise InputError(f"{p}: not valid {'TOML' if p.suffix == '.toml' else 'JSON'}: {exc}",
                             code="V007") from exc
    data = _deep_update(data, _env_overrides(environ))
    data = _deep_update(data, overrides or {})
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"])
        raise InputError(f"config {where}: {err['msg']}.", code="V007",
                         hint="See `verifier config` for the valid keys.") from exc
