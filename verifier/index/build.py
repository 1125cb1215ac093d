"""Build, grow and shrink an index: ``build_index``, ``add_to_index``, ``remove_from_index``.

Every write runs under the index's writer lock and produces a complete new generation
(see ``verifier.index.store``): the previous index stays readable until the switch, and a
failure or kill at any point leaves it as it was. Incremental adds re-embed only documents
whose content hash changed; unchanged passages keep their vectors.

Example::

    report = build_index(["index/corpora/ukraine-2022-04-26"], Path("index/built/default"),
                         load_embedder())
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from verifier.claims.facts import parse_facts_stream
from verifier.config import Config
from verifier.errors import BatchInputError, IndexError_, InputError, LineProblem
from verifier.index import store
from verifier.index.chunk import chunk_document
from verifier.index.ingest import read_sources
from verifier.types import Document

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (done, to do): sentences parsed, then texts embedded
_VERSIONED = ("claim-verifier", "faiss-cpu", "numpy", "onnxruntime", "tokenizers",
              "sentence-transformers", "torch")


@dataclass
class WriteReport:
    """What a write did, for the CLI to summarise."""

    path: Path
    manifest: dict[str, Any]
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    embedded: int = 0  # passages embedded by this write
    skipped: list[LineProblem] = field(default_factory=list)  # bad input left out (--skip-bad)
    undated: list[str] = field(default_factory=list)  # written documents with no known date (callers warn)


def ingest(sources: list[str | Path], skip_bad: bool) -> tuple[list[Document], list[LineProblem]]:
    """Read ``sources``; any problem is a ``BatchInputError`` unless ``skip_bad``."""
    result = read_sources(sources)
    problems = [p.problem for p in result.problems]
    if result.problems and not skip_bad:
        raise BatchInputError(problems, code=result.problems[0].code)
    for problem in problems:
        log.info("skipped %s", problem)  # callers report WriteReport.skipped (the CLI: "Skipped ...")
    if not result.documents and not problems:
        raise InputError("no documents given.", code="V005", hint="Pass folders or files of documents.")
    return result.documents, problems


def build_index(sources: list[str | Path], path: Path, embedder, config: Config | None = None, *,
                name: str | None = None, skip_bad: bool = False, factory: str | None = None,
                progress: Progress | None = None) -> WriteReport:
    """(Re)build the index at ``path`` from ``sources`` alone; what was there is replaced only
    once the new index is complete."""
    config = config or Config()
    docs, skipped = ingest(sources, skip_bad)
    if not docs:
        raise InputError("no good documents to index (every source had problems).", code="V005",
                         hint="Fix the files listed in the warnings.")
    report = _write(path, embedder, config, incremental=False, upserts=docs, removals=[],
                    name=name, factory=factory, sources=[str(s) for s in sources], progress=progress)
    report.skipped = skipped
    return report


def add_to_index(sources: list[str | Path], path: Path, embedder, config: Config | None = None, *,
                 skip_bad: bool = False, progress: Progress | None = None) -> WriteReport:
    """Add or update documents: unchanged ones (same content hash) are not re-embedded."""
    config = config or Config()
    docs, skipped = ingest(sources, skip_bad)
    report = _write(path, embedder, config, incremental=True, upserts=docs, removals=[],
                    sources=[str(s) for s in sources], progress=progress)
    report.skipped = skipped
    return report


def remove_from_index(path: Path, doc_ids: list[str], config: Config | None = None) -> WriteReport:
    """Remove documents (and their passages, sentences and vectors) by id."""
    return _write(path, None, config or Config(), incremental=True, upserts=[], removals=list(doc_ids),
                  refresh_facts=False)


def refresh_index(path: Path, config: Config | None = None, *, progress: Progress | None = None) -> WriteReport:
    """Parse again the sentence facts that another version of the fact extractor stored (or
    that an index built before facts were stored lacks); nothing is re-embedded."""
    return _write(path, None, config or Config(), incremental=True, upserts=[], removals=[], progress=progress)


def _check_target(path: Path) -> None:
    """Refuse to build into a folder that holds anything but an index (never clobber files)."""
    if not path.exists():
        return
    if not path.is_dir():
        raise IndexError_(f"{path}: exists and is not a folder.", hint="Choose another --index path.")
    own = {store.MANIFEST, store.LOCK}
    foreign = sorted(c.name for c in path.iterdir()
                     if c.name not in own and not c.name.startswith(("gen-", ".tmp-gen-", f".{store.MANIFEST}")))
    if foreign and not (path / store.MANIFEST).exists():
        raise IndexError_(f"{path}: not an index and not empty (holds {foreign[0]!r}); refusing to write into it.",
                          hint="Choose an empty or new --index folder.")


def _versions() -> dict[str, str]:
    out = {"python": sys.version.split()[0], "sqlite": sqlite3.sqlite_version}
    for dist in _VERSIONED:
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return out


def _write(path: Path, embedder, config: Config, *, incremental: bool, upserts: list[Document],
           removals: list[str], name: str | None = None, factory: str | None = None,
           sources: list[str] | None = None, progress: Progress | None = None,
           refresh_facts: bool = True) -> WriteReport:
    path = Path(path)
    if incremental:
        store.read_manifest(path)  # V010 before the lock creates anything there
    else:
        _check_target(path)
    with store.write_lock(path):
        old = store.read_manifest(path) if incremental or (path / store.MANIFEST).exists() else None
        if incremental and embedder is not None:
            store.check_embedder(old, embedder, path)
        store.sweep(path, keep=old["generation"] if old else None)
        tmp = store.new_generation(path)
        try:
            conn = sqlite3.connect(tmp / store.SQLITE)
            try:
                report, manifest = _fill(path, tmp, conn, old, embedder, config, incremental, upserts, removals,
                                         name, factory, sources or [], progress, refresh_facts)
            finally:
                conn.close()
            store.commit_generation(path, tmp, manifest)
        finally:
            # An error or Ctrl-C leaves a half-written generation: drop it (a kill leaves it for the
            # next writer's sweep). After the commit the folder has been renamed away.
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        store.sweep(path, keep=manifest["generation"])
    log.info("index %s: %d added, %d replaced, %d unchanged, %d removed, %d passages embedded",
             path, len(report.added), len(report.replaced), len(report.unchanged), len(report.removed),
             report.embedded)
    return report


def _fill(path: Path, tmp: Path, conn: sqlite3.Connection, old: dict | None, embedder, config: Config,
          incremental: bool, upserts: list[Document], removals: list[str], name: str | None,
          factory: str | None, sources: list[str], progress: Progress | None, refresh_facts: bool
          ) -> tuple[WriteReport, dict[str, Any]]:
    """Write the new generation's files into ``tmp``; return the report and the new manifest."""
    if incremental:
        old_gen = path / old["generation"]
        src = sqlite3.connect((old_gen / store.SQLITE).resolve().as_uri() + "?mode=ro", uri=True)
        try:
            src.backup(conn)
        except sqlite3.DatabaseError as exc:
            raise store.IndexCorruptError(f"{old_gen / store.SQLITE}: unreadable ({exc}).",
                                          hint=store.rebuild_hint(old, path)) from exc
        finally:
            src.close()
        columns = store.sentence_columns(conn)  # an index built before sentences were embedded, or parsed
        for column, sql_type in (("vector", "BLOB"), ("facts", "TEXT")):
            if column not in columns:
                conn.execute(f"ALTER TABLE sentences ADD COLUMN {column} {sql_type}")
        if "page_starts" not in store.document_columns(conn):  # an index built before PDFs were read
            conn.execute("ALTER TABLE documents ADD COLUMN page_starts TEXT NOT NULL DEFAULT ''")
        ids = np.load(old_gen / store.IDS)
        vectors = np.load(old_gen / store.VECTORS)
        # An index keeps the chunking and factory it was built with, so all passages agree.
        chunking = old["chunking"]
        factory = old["faiss_factory"]
        dim = old["embedding"]["dim"]
        embedding = old["embedding"]
        sources = list(dict.fromkeys([*old.get("sources", []), *sources]))
        name = old["name"]
    else:
        store.create_schema(conn)
        dim = embedder.dim
        ids = np.zeros(0, dtype=np.int64)
        vectors = np.zeros((0, dim), dtype=np.float32)
        chunking = {"chunk_sentences": config.index.chunk_sentences,
                    "chunk_overlap": config.index.chunk_overlap,
                    "chunk_max_chars": config.index.chunk_max_chars}
        factory = factory or config.index.faiss_factory
        embedding = {"name": embedder.name, "sha256": embedder.sha256, "dim": embedder.dim,
                     "backend": embedder.backend}
        name = name or path.name
    report = WriteReport(path=path, manifest={})
    existing = dict(conn.execute("SELECT id, content_hash FROM documents"))
    missing = [d for d in removals if d not in existing]
    if missing:
        raise InputError(f"no document {missing[0]!r} in index {path}"
                         + (f" (and {len(missing) - 1} more)" if len(missing) > 1 else "") + "; nothing was removed.",
                         code="V007", hint=f"Document ids are shown by: verifier search QUERY --index {path} --json")
    report.removed = list(dict.fromkeys(removals))
    dropped = list(report.removed)  # plus the replaced documents, below
    new_docs: list[Document] = []
    for doc in upserts:
        if doc.id not in existing:
            report.added.append(doc.id)
        elif existing[doc.id] == doc.content_hash:
            report.unchanged.append(doc.id)
            continue
        else:
            report.replaced.append(doc.id)
            dropped.append(doc.id)
        new_docs.append(doc)
    report.undated = [doc.id for doc in new_docs if not doc.published]
    removed_rowids = _delete_documents(conn, dropped)
    index_cfg = config.index.model_copy(update=chunking)
    chunked = [(doc, *chunk_document(doc, index_cfg)) for doc in new_docs]
    texts = [p.text for _, passages, _ in chunked for p in passages]
    facts_extractor, stale = _facts_plan(conn, old, config, incremental, refresh_facts, bool(new_docs))
    # The sentences to parse: those of the new documents, and the kept ones with stale facts.
    to_parse = [(doc.text[s:e], doc.published) for doc, _, sentences in chunked for s, e in sentences] \
        if facts_extractor else []
    to_parse += [(text, published) for _, _, text, published in stale]
    # Every sentence is embedded too, once here rather than once per claim that retrieves it:
    # ranking evidence sentences by cosine is then a lookup (about half of checking time).
    sentence_texts = ([doc.text[s:e] for doc, _, sentences in chunked for s, e in sentences]
                      if config.index.embed_sentences else [])
    everything = texts + sentence_texts
    # One progress count for the whole write: sentences parsed, then texts embedded.
    total = len(to_parse) + len(everything)
    facts = [f.model_dump_json(exclude_defaults=True) for f in parse_facts_stream(
        to_parse, progress=(lambda n: progress(n, total)) if progress else None)]
    embed_progress = (lambda n, _: progress(len(to_parse) + n, total)) if progress else None
    vecs = (embedder.encode(everything, progress=embed_progress) if everything
            else np.zeros((0, dim), dtype=np.float32))
    new_vectors = vecs[: len(texts)]
    sentence_vectors = np.asarray(vecs[len(texts):], dtype=np.float32) if sentence_texts else None
    report.embedded = len(texts)
    n_new = len(to_parse) - len(stale)
    new_rowids = _insert_documents(conn, chunked, sentence_vectors, facts[:n_new] if facts_extractor else None)
    conn.executemany("UPDATE sentences SET facts = ? WHERE doc_id = ? AND ordinal = ?",
                     [(f, doc_id, ordinal) for f, (doc_id, ordinal, _, _) in zip(facts[n_new:], stale)])
    conn.commit()
    keep = ~np.isin(ids, np.fromiter(removed_rowids, dtype=np.int64, count=len(removed_rowids)))
    ids = np.concatenate([ids[keep], np.asarray(new_rowids, dtype=np.int64)])
    vectors = np.ascontiguousarray(np.concatenate([vectors[keep], new_vectors.astype(np.float32)]))
    np.save(tmp / store.IDS, ids)
    np.save(tmp / store.VECTORS, vectors)
    import faiss

    faiss.write_index(store.build_faiss(vectors, ids, dim, factory), str(tmp / store.FAISS))
    counts = {name_: conn.execute(f"SELECT count(*) FROM {name_}").fetchone()[0]
              for name_ in ("documents", "passages", "sentences")}
    corpus = hashlib.sha256("".join(f"{i}\t{h}\n" for i, h in conn.execute(
        "SELECT id, content_hash FROM documents ORDER BY id")).encode()).hexdigest()
    fingerprint = hashlib.sha256(json.dumps([corpus, embedding["sha256"], dim, factory, chunking],
                                            sort_keys=True).encode()).hexdigest()[:16]
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    manifest = {
        "format": store.FORMAT, "format_version": store.FORMAT_VERSION, "name": name,
        "generation": "gen-" + tmp.name.rsplit("-", 1)[1],
        "embedding": embedding, "metric": "inner_product", "faiss_factory": factory,
        "counts": counts, "corpus_hash": corpus, "fingerprint": fingerprint, "chunking": chunking,
        "facts_extractor": facts_extractor, "sources": sources, "versions": _versions(),
        "created": old["created"] if old and incremental else now, "updated": now,
    }
    report.manifest = manifest
    return report, manifest


def _facts_plan(conn: sqlite3.Connection, old: dict | None, config: Config, incremental: bool,
                refresh: bool, adding: bool) -> tuple[str, list[tuple[str, int, str, str]]]:
    """(the fact extractor the written index's facts will all come from, or "" when they will
    not all be current; the kept sentences to parse again: doc id, ordinal, text, published).

    A build parses every sentence (unless ``index.parse_facts`` is off). An add or a refresh
    parses the new documents and, when the index's facts came from another extractor version
    (or none were stored), every kept sentence too: stored facts never mix versions. A removal
    parses nothing and leaves the facts as current as they were."""
    from verifier.claims.facts import extractor_version

    previous = (old or {}).get("facts_extractor", "") if incremental else ""
    if incremental and not refresh:
        return previous, []
    if not config.index.parse_facts:
        return ("" if adding else previous), []
    current = extractor_version()
    if not incremental or previous == current:
        return current, []
    stale = [(d, o, t, p) for d, o, t, p in conn.execute(
        'SELECT s.doc_id, s.ordinal, substr(d.text, s.start + 1, s."end" - s.start), d.published '
        "FROM sentences s JOIN documents d ON d.id = s.doc_id ORDER BY s.doc_id, s.ordinal")]
    if stale:
        log.info("parsing the facts of %d indexed sentences again (stored by another extractor version)", len(stale))
    return current, stale


def _delete_documents(conn: sqlite3.Connection, doc_ids: list[str]) -> set[int]:
    rowids: set[int] = set()
    for doc_id in doc_ids:
        rows = [r for (r,) in conn.execute("SELECT rowid FROM passages WHERE doc_id = ?", (doc_id,))]
        rowids.update(rows)
        conn.executemany("DELETE FROM passages_fts WHERE rowid = ?", [(r,) for r in rows])
        conn.execute("DELETE FROM passages WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM sentences WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
    return rowids


def _insert_documents(conn: sqlite3.Connection, chunked, sentence_vectors: np.ndarray | None,
                      sentence_facts: list[str] | None) -> list[int]:
    """Insert documents, their sentences (with ``sentence_vectors`` and ``sentence_facts``, in
    the same order, when given) and passages; return the passages' row ids."""
    rowids: list[int] = []
    row = 0
    for doc, passages, sentences in chunked:
        conn.execute("INSERT INTO documents (id, title, source, url, published, text, content_hash, path, page_starts) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     (doc.id, doc.title, doc.source, doc.url, doc.published, doc.text, doc.content_hash, doc.path,
                      store.encode_pages(doc.page_starts)))
        conn.executemany('INSERT INTO sentences (doc_id, ordinal, start, "end", vector, facts) VALUES (?, ?, ?, ?, ?, ?)',
                         [(doc.id, i, s, e, None if sentence_vectors is None else sentence_vectors[row + i].tobytes(),
                           None if sentence_facts is None else sentence_facts[row + i])
                          for i, (s, e) in enumerate(sentences)])
        row += len(sentences)
        for p in passages:
            cur = conn.execute('INSERT INTO passages (id, doc_id, ordinal, start, "end", text) VALUES (?, ?, ?, ?, ?, ?)',
                               (p.id, p.doc_id, p.ordinal, p.start, p.end, p.text))
            rowids.append(cur.lastrowid)
            conn.execute("INSERT INTO passages_fts (rowid, text) VALUES (?, ?)", (cur.lastrowid, p.text))
    return rowids
