"""Sharded indexes: one index split into shard folders, searched in parallel, merged exactly.

Layout::

    manifest.json     format "claim-verifier-sharded-index": shard folders, model, counts, ...
    shard-000/        a normal index (verifier.index.store): manifest, generation, FAISS, SQLite
    shard-001/
    ...

A document lives in exactly one shard, chosen by a hash of its id (``shard_of``), so lookups by
document id go to one shard and shards can be built on different machines.

Search gives the same hits as one index over the same passages (``verifier.index.search``):

* dense: each shard returns its top candidates; the merged list is cut to the global top, ties
  broken by passage id, as one index does;
* BM25: FTS5 scores with corpus statistics (document count, document frequency of each term,
  average length), which differ from shard to shard. Each shard returns its local top
  candidates (over-fetched), and every candidate is re-scored here with the global statistics
  (the sums over shards) by FTS5's own formula, in its order of operations, so the scores are
  FTS5's to the bit. Term frequencies and lengths come from FTS5's own tables (``fts5vocab``
  instances, ``_docsize``).

The merge is exact whenever each shard's local top candidates include its share of the global
top candidates: always when a shard has no more matches than ``candidates * OVERFETCH``, and
in practice for hash-sharded corpora, whose local statistics are close to the global ones.
A query word that FTS5 splits into several tokens (one holding "_") is matched by FTS5 but
counted here as absent from each passage: such words score 0 in a sharded index.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from verifier.config import Config, IndexConfig, SearchConfig
from verifier.errors import IndexCorruptError, IndexError_, IndexMismatchError, InputError
from verifier.index import store
from verifier.index.chunk import chunk_document
from verifier.index.search import fts_query, query_vectors, with_keyword_seats
from verifier.types import Document, Hit, Passage

log = logging.getLogger(__name__)

FORMAT = "claim-verifier-sharded-index"
FORMAT_VERSION = 1
OVERFETCH = 2  # BM25 candidates per shard = OVERFETCH * candidates (see the module docstring)
BM25_K1, BM25_B = 1.2, 0.75  # FTS5's bm25() constants (sqlite/ext/fts5/fts5_aux.c)


def shard_of(doc_id: str, shards: int) -> int:
    """The shard that holds ``doc_id`` (stable across runs, machines and Python versions)."""
    return int.from_bytes(hashlib.sha256(doc_id.encode()).digest()[:8], "big") % shards


def shard_name(i: int) -> str:
    return f"shard-{i:03d}"


def is_sharded(path: str | Path) -> bool:
    """Whether ``path`` holds a sharded index (its manifest says so)."""
    mpath = Path(path) / store.MANIFEST
    try:
        return json.loads(mpath.read_text(encoding="utf-8")).get("format") == FORMAT
    except (OSError, ValueError, AttributeError):
        return False


def open_index(path: str | Path, embedder, search_config: SearchConfig | None = None):
    """Open ``path`` as a ``ShardedIndex`` or a plain ``Index``, whichever it holds; both have
    the index contract (``search``, ``search_many``, ``document``, ``sentences``, ...)."""
    if is_sharded(path):
        return ShardedIndex.open(path, embedder, search_config)
    return store.Index.open(path, embedder, search_config)


# --------------------------------------------------------------------------- large corpora


def ann_factory(passages: int, cfg: IndexConfig) -> str:
    """The FAISS factory for an index (or shard) of ``passages``: ``cfg.faiss_factory`` (exact
    by default) up to ``cfg.flat_max_passages``, ``cfg.faiss_factory_large`` past it (the rule
    and its measurements: verifier/config.py, docs/scale-out.md)."""
    return cfg.faiss_factory if passages <= cfg.flat_max_passages else cfg.faiss_factory_large


# --------------------------------------------------------------------------- build


@dataclass
class ShardedWriteReport:
    """What ``build_sharded_index`` did, for the CLI to summarise: the fields of
    ``build.WriteReport``, summed over the shards."""

    path: Path
    manifest: dict[str, Any]
    shard_reports: list[Any] = field(default_factory=list)  # one build.WriteReport per shard
    skipped: list[Any] = field(default_factory=list)  # LineProblems left out (skip_bad)

    def _all(self, name: str) -> list[str]:
        return [doc_id for r in self.shard_reports for doc_id in getattr(r, name)]

    @property
    def added(self) -> list[str]:
        return self._all("added")

    @property
    def replaced(self) -> list[str]:
        return self._all("replaced")

    @property
    def unchanged(self) -> list[str]:
        return self._all("unchanged")

    @property
    def undated(self) -> list[str]:
        return sorted(self._all("undated"))

    @property
    def removed(self) -> list[str]:
        return self._all("removed")

    @property
    def embedded(self) -> int:
        return sum(r.embedded for r in self.shard_reports)


def build_sharded_index(sources: list[str | Path], path: Path, embedder,
                        config: Config | None = None, *, shards: int, name: str | None = None,
                        skip_bad: bool = False, factory: str | None = None, workers: int = 1,
                        progress: Callable[[int, int], None] | None = None) -> ShardedWriteReport:
    """Build a sharded index of ``sources`` at ``path``: ``shards`` normal indexes, documents
    assigned by ``shard_of``, then the top-level manifest (written last, atomically).

    Each shard gets ``factory`` when given, else ``ann_factory`` of its passage count.
    ``workers`` shards are built at a time (threads; the embedder must allow it); for a
    cluster, pass an embedder whose ``encode`` runs on Ray (``verifier.engines``).
    ``progress(shards_done, shards)`` is called after each shard.

    >>> build_sharded_index(["index/corpora/ukraine-2022-04-26"], Path("index/built/s4"),
    ...                     load_embedder(), shards=4)  # doctest: +SKIP
    """
    from verifier.index.build import _write, ingest

    if shards < 1:
        raise InputError(f"--shards must be at least 1, not {shards}.", code="V007")
    path = Path(path)
    _check_sharded_target(path)
    config = config or Config()
    docs, skipped = ingest(sources, skip_bad)
    parts: list[list[Document]] = [[] for _ in range(shards)]
    for doc in docs:
        parts[shard_of(doc.id, shards)].append(doc)
    path.mkdir(parents=True, exist_ok=True)
    done = 0

    def build_one(i: int):
        passages = sum(len(chunk_document(doc, config.index)[0]) for doc in parts[i])
        # build_index reads sources; a shard is a set of documents already read, so this calls
        # the same writer that build_index does, with the shard's documents.
        return _write(path / shard_name(i), embedder, config, incremental=False, upserts=parts[i],
                      removals=[], name=f"{name or path.name}-{shard_name(i)}",
                      factory=factory or ann_factory(passages, config.index),
                      sources=[str(s) for s in sources])

    reports = []
    with ThreadPoolExecutor(max_workers=max(1, min(workers, shards))) as pool:
        for report in pool.map(build_one, range(shards)):
            reports.append(report)
            done += 1
            if progress is not None:
                progress(done, shards)
    manifests = [r.manifest for r in reports]
    corpus = hashlib.sha256("".join(f"{d.id}\t{d.content_hash}\n" for d in sorted(
        docs, key=lambda d: d.id)).encode()).hexdigest()
    manifest = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": name or path.name,
        "shards": [shard_name(i) for i in range(shards)],
        "shard_fingerprints": [m["fingerprint"] for m in manifests],
        "embedding": manifests[0]["embedding"], "metric": manifests[0]["metric"],
        "faiss_factories": [m["faiss_factory"] for m in manifests], "chunking": manifests[0]["chunking"],
        "counts": {key: sum(m["counts"][key] for m in manifests)
                   for key in ("documents", "passages", "sentences")},
        "corpus_hash": corpus,
        "fingerprint": hashlib.sha256(json.dumps(
            [FORMAT, corpus, [m["fingerprint"] for m in manifests]]).encode()).hexdigest()[:16],
        "sources": [str(s) for s in sources], "versions": manifests[0]["versions"],
        "created": manifests[0]["created"],
    }
    store.write_json_atomic(path / store.MANIFEST, manifest)
    for child in path.iterdir():  # shards of an earlier build with more shards
        if child.is_dir() and child.name.startswith("shard-") and child.name not in manifest["shards"]:
            shutil.rmtree(child, ignore_errors=True)
    log.info("sharded index %s: %d shards, %d documents, %d passages", path, shards,
             manifest["counts"]["documents"], manifest["counts"]["passages"])
    return ShardedWriteReport(path=path, manifest=manifest, shard_reports=reports, skipped=skipped)


def _check_sharded_target(path: Path) -> None:
    """Write only into a new or empty folder, or over an earlier sharded index."""
    if not path.exists():
        return
    if not path.is_dir():
        raise IndexError_(f"{path}: exists and is not a folder.", hint="Choose another --index path.")
    if any(path.iterdir()) and not is_sharded(path):
        raise IndexError_(f"{path}: not a sharded index and not empty; refusing to write into it.",
                          hint="Choose an empty or new --index folder.")


# --------------------------------------------------------------------------- search


def read_sharded_manifest(path: Path) -> dict[str, Any]:
    """The top-level manifest of the sharded index at ``path`` (V012 unreadable, V011 newer format)."""
    try:
        manifest = json.loads((path / store.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{path / store.MANIFEST}: manifest unreadable ({exc}).") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"{path}: sharded index format {manifest.get('format_version')}; this version reads "
            f"{FORMAT_VERSION}.", hint="Rebuild it with: verifier index build ... --shards N")
    return manifest


def _varint(blob: bytes, pos: int) -> tuple[int, int]:
    """One SQLite/FTS5 varint at ``pos``: (value, next position)."""
    value = 0
    for i in range(9):
        byte = blob[pos]
        pos += 1
        if i == 8:
            return (value << 8) | byte, pos
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, pos
    return value, pos


@dataclass
class _ShardResult:
    """One shard's candidates for each query of a batch (rowids are the shard's own)."""

    dense: list[dict[int, float]]
    bm25_rows: list[list[int]]
    df: list[list[int]]  # per query, per phrase: passages of this shard that match it
    tf: list[dict[int, list[int]]]  # per query: rowid -> count of each phrase in the passage
    length: dict[int, int]  # rowid -> tokens in the passage (FTS5's _docsize)
    rows: dict[int, tuple]  # rowid -> passage and document columns


class ShardedIndex:
    """A read-only sharded index with the ``Index`` contract; see ``open_index``."""

    def __init__(self, path: Path, manifest: dict[str, Any], shards: list[store.Index],
                 embedder, search_config: SearchConfig):
        self.path = path
        self.manifest = manifest
        self.shards = shards
        self.embedder = embedder
        self.search_config = search_config
        self._rows, self._tokens = 0, 0
        for shard in shards:
            shard.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.passages_vocab "
                               "USING fts5vocab(main, passages_fts, instance)")
            block = shard.conn.execute("SELECT block FROM passages_fts_data WHERE id = 1").fetchone()
            if block is not None and block[0]:  # FTS5's "averages": rows, then tokens per column
                rows, pos = _varint(block[0], 0)
                tokens, _ = _varint(block[0], pos)
                self._rows += rows
                self._tokens += tokens
        self._pool = ThreadPoolExecutor(max_workers=max(1, min(len(shards), os.cpu_count() or 1)))

    @property
    def fingerprint(self) -> str:
        return self.manifest["fingerprint"]

    @classmethod
    def open(cls, path: str | Path, embedder, search_config: SearchConfig | None = None) -> ShardedIndex:
        """Open every shard (each checks the embedder: V011 on a mismatch)."""
        path = Path(path)
        manifest = read_sharded_manifest(path)
        shards = []
        try:
            for name in manifest["shards"]:
                shards.append(store.Index.open(path / name, embedder, search_config))
        except (IndexError_, OSError):
            for shard in shards:
                shard.close()
            raise
        fingerprints = [s.fingerprint for s in shards]
        if fingerprints != manifest["shard_fingerprints"]:
            for shard in shards:
                shard.close()
            raise IndexCorruptError(
                f"{path}: a shard was rebuilt on its own (shard fingerprints differ from the "
                "manifest's).", hint="Rebuild the sharded index: verifier index build ... --shards N")
        return cls(path, manifest, shards, embedder, search_config or SearchConfig())

    def close(self) -> None:
        self._pool.shutdown()
        for shard in self.shards:
            shard.close()

    def __enter__(self) -> ShardedIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _shard(self, doc_id: str) -> store.Index:
        return self.shards[shard_of(doc_id, len(self.shards))]

    def document(self, doc_id: str) -> Document:
        return self._shard(doc_id).document(doc_id)

    def document_ids(self) -> list[str]:
        return sorted(d for shard in self.shards for d in shard.document_ids())

    def sentences(self, doc_id: str) -> list[tuple[int, int]]:
        return self._shard(doc_id).sentences(doc_id)

    def sentence_vectors(self, doc_id: str) -> np.ndarray | None:
        return self._shard(doc_id).sentence_vectors(doc_id)

    def sentence_facts(self, doc_id: str) -> list[str | None] | None:
        return self._shard(doc_id).sentence_facts(doc_id)

    def page(self, doc_id: str, offset: int) -> int | None:
        return self._shard(doc_id).page(doc_id, offset)

    def search(self, query: str, k: int | None = None) -> list[Hit]:
        return self.search_many([query], k)[0]

    def search_many(self, queries: list[str], k: int | None = None, vectors: np.ndarray | None = None,
                    keyword_seats: int = 0) -> list[list[Hit]]:
        """Top-``k`` fused hits per query, as one index over all the shards' passages gives."""
        cfg = self.search_config
        k = cfg.k if k is None else k
        if not queries:
            return []
        n_cand = max(cfg.candidates, k)
        qvecs = query_vectors(self.embedder, queries, vectors)
        phrases = [m.split(" OR ") if m else [] for m in (fts_query(q) for q in queries)]
        parts = list(self._pool.map(lambda s: _shard_candidates(s, qvecs, phrases, n_cand),
                                    self.shards))
        return [self._merge(qi, qvecs[qi], phrases[qi], parts, n_cand, k, keyword_seats)
                for qi in range(len(queries))]

    def _merge(self, qi: int, qvec: np.ndarray, phrases: list[str], parts: list[_ShardResult],
               n_cand: int, k: int, keyword_seats: int) -> list[Hit]:
        cfg = self.search_config
        key = {}  # (shard, rowid) -> passage id, the tie-breaker everywhere
        for s, part in enumerate(parts):
            key.update({(s, r): row[0] for r, row in part.rows.items()})
        dense = {(s, r): score for s, part in enumerate(parts) for r, score in part.dense[qi].items()}
        dense_top = sorted(dense, key=lambda c: (-dense[c], key[c]))[:n_cand]
        dense = {c: dense[c] for c in dense_top}
        bm25 = self._bm25(qi, phrases, parts)
        bm25_top = sorted(bm25, key=lambda c: (-bm25[c], key[c]))[:n_cand]
        bm25 = {c: bm25[c] for c in bm25_top}
        fused: dict[tuple[int, int], float] = {}
        for ranking in (dense_top, bm25_top):
            for rank, c in enumerate(ranking, start=1):
                fused[c] = fused.get(c, 0.0) + 1.0 / (cfg.rrf_k + rank)
        top = with_keyword_seats(sorted(fused, key=lambda c: (-fused[c], key[c]))[:k], bm25_top, keyword_seats)
        hits = []
        for rank, c in enumerate(top, start=1):
            if c not in dense:  # found by BM25 only: its cosine still says how close it is
                shard = self.shards[c[0]]
                pos = int(np.searchsorted(shard.ids, c[1]))
                dense[c] = float(np.dot(shard.vectors[pos], qvec))
            p_id, doc_id, ordinal, start, end, text, title, source, url, published = parts[c[0]].rows[c[1]]
            hits.append(Hit(
                passage=Passage(id=p_id, doc_id=doc_id, ordinal=ordinal, start=start, end=end, text=text),
                doc_title=title, doc_source=source, doc_url=url, doc_published=published,
                dense_score=dense[c], bm25_score=bm25.get(c), score=fused[c], rank=rank))
        return hits

    def _bm25(self, qi: int, phrases: list[str], parts: list[_ShardResult]) -> dict[tuple[int, int], float]:
        """FTS5's bm25 of each candidate with the statistics of all shards together."""
        if not phrases or not self._rows:
            return {}
        avgdl = self._tokens / self._rows
        idf = []
        for p in range(len(phrases)):
            n_hit = sum(part.df[qi][p] for part in parts)
            value = math.log((self._rows - n_hit + 0.5) / (n_hit + 0.5))
            idf.append(value if value > 0.0 else 1e-6)
        scores = {}
        for s, part in enumerate(parts):
            for r in part.bm25_rows[qi]:
                freq, length = part.tf[qi][r], part.length[r]
                score = 0.0
                for p in range(len(phrases)):
                    score += idf[p] * ((freq[p] * (BM25_K1 + 1.0))
                                       / (freq[p] + BM25_K1 * (1 - BM25_B + BM25_B * length / avgdl)))
                scores[(s, r)] = score
        return scores


def _shard_candidates(shard: store.Index, qvecs: np.ndarray, phrases: list[list[str]],
                      n_cand: int) -> _ShardResult:
    """Everything the merge needs from one shard, for every query (runs in a worker thread)."""
    conn = shard.conn
    dense: list[dict[int, float]] = [{} for _ in range(len(qvecs))]
    if shard.faiss_index.ntotal:
        scores, ids = shard.faiss_index.search(qvecs, min(n_cand, shard.faiss_index.ntotal))
        dense = [{int(r): float(x) for r, x in zip(ids[q], scores[q]) if r >= 0}
                 for q in range(len(qvecs))]
    bm25_rows, dfs, tfs = [], [], []
    for q_phrases in phrases:
        rows: list[int] = []
        if q_phrases:
            rows = [r for (r,) in conn.execute(
                "SELECT rowid FROM passages_fts WHERE passages_fts MATCH ? ORDER BY bm25(passages_fts) "
                "LIMIT ?", (" OR ".join(q_phrases), n_cand * OVERFETCH))]
        dfs.append([conn.execute("SELECT count(*) FROM passages_fts WHERE passages_fts MATCH ?",
                                 (p,)).fetchone()[0] for p in q_phrases])
        tf = {r: [0] * len(q_phrases) for r in rows}
        if rows:
            marks = ",".join("?" * len(rows))
            for p, phrase in enumerate(q_phrases):
                for r, n in conn.execute(
                        f"SELECT doc, count(*) FROM temp.passages_vocab WHERE term = ? "
                        f"AND doc IN ({marks}) GROUP BY doc", (phrase[1:-1].replace('""', '"'), *rows)):
                    tf[r][p] = n
        bm25_rows.append(rows)
        tfs.append(tf)
    wanted = sorted({r for d in dense for r in d} | {r for rows in bm25_rows for r in rows})
    length: dict[int, int] = {}
    rows_by_id: dict[int, tuple] = {}
    for lo in range(0, len(wanted), 500):  # SQLite's bound-parameter limit
        chunk = wanted[lo:lo + 500]
        marks = ",".join("?" * len(chunk))
        length.update((r, _varint(sz, 0)[0]) for r, sz in conn.execute(
            f"SELECT id, sz FROM passages_fts_docsize WHERE id IN ({marks})", chunk))
        rows_by_id.update((row[0], row[1:]) for row in conn.execute(
            f'SELECT p.rowid, p.id, p.doc_id, p.ordinal, p.start, p."end", p.text, '
            f"d.title, d.source, d.url, d.published FROM passages p JOIN documents d ON d.id = p.doc_id "
            f"WHERE p.rowid IN ({marks})", chunk))
    return _ShardResult(dense=dense, bm25_rows=bm25_rows, df=dfs, tf=tfs, length=length,
                        rows=rows_by_id)
