"""The on-disk index: SQLite (documents, passages, sentences, FTS5) + FAISS vectors + manifest.

Layout of an index folder::

    manifest.json       what built it (model + weights sha256, dim, factory, counts, ...) and
                        which generation folder is current
    gen-<id>/index.sqlite, vectors.npy, ids.npy, vectors.faiss
    .lock               held (fcntl.flock) by the one writer

A write builds a whole new generation in a temporary folder, fsyncs it, renames it into place,
then replaces ``manifest.json`` atomically (temp file, fsync, rename). A process killed at any
point leaves the manifest naming the previous, complete generation; leftovers are swept by
the next writer. Readers never lock: they read the manifest and then one generation.
``vectors.npy`` (rows in passage-rowid order) is the source of truth for vectors, so a FAISS
index of any factory string is rebuilt from it and removals never depend on FAISS support.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import math
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from verifier.config import SearchConfig
from verifier.errors import IndexCorruptError, IndexError_, IndexLockedError, IndexMismatchError
from verifier.types import Document

log = logging.getLogger(__name__)

FORMAT = "claim-verifier-index"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
LOCK = ".lock"
SQLITE, VECTORS, IDS, FAISS = "index.sqlite", "vectors.npy", "ids.npy", "vectors.faiss"

SCHEMA = """
CREATE TABLE documents (
    id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT NOT NULL, url TEXT NOT NULL,
    published TEXT NOT NULL, text TEXT NOT NULL, content_hash TEXT NOT NULL, path TEXT NOT NULL,
    page_starts TEXT NOT NULL DEFAULT '');
CREATE TABLE passages (
    rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(id), ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL);
CREATE INDEX passages_doc ON passages(doc_id);
CREATE TABLE sentences (
    doc_id TEXT NOT NULL REFERENCES documents(id), ordinal INTEGER NOT NULL,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, vector BLOB, facts TEXT, PRIMARY KEY (doc_id, ordinal));
CREATE VIRTUAL TABLE passages_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
"""


def apply_search_params(faiss_index, cfg: SearchConfig) -> None:
    """Set the search-time knobs of an approximate index (``efSearch`` of HNSW, ``nprobe`` of
    IVF, ``k_factor`` of a refine step) from the config; an exact index has none."""
    import faiss

    inner = faiss.downcast_index(faiss_index)
    if isinstance(inner, (faiss.IndexIDMap, faiss.IndexIDMap2)):
        inner = faiss.downcast_index(inner.index)
    if isinstance(inner, faiss.IndexRefine):
        inner.k_factor = cfg.refine_k_factor
        inner = faiss.downcast_index(inner.base_index)
    if isinstance(inner, faiss.IndexHNSW):
        inner.hnsw.efSearch = cfg.hnsw_ef_search
    ivf = faiss.try_extract_index_ivf(inner)
    if ivf is not None:  # recall follows the share of lists visited, not their number
        ivf.nprobe = min(ivf.nlist, max(cfg.ivf_nprobe, math.ceil(ivf.nlist * cfg.ivf_nprobe_fraction)))


def rebuild_hint(manifest: dict[str, Any] | None, path: Path) -> str:
    sources = " ".join((manifest or {}).get("sources") or []) or "SOURCES..."
    return f"Rebuild with: verifier index build {sources} --index {path}"


def fsync_path(path: Path) -> None:
    """fsync a file or a folder (so a rename inside it is durable)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_json_atomic(path: Path, obj: Any) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(obj, fh, indent=2, ensure_ascii=False)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fsync_path(path.parent)


def read_manifest(path: Path) -> dict[str, Any]:
    """The manifest of the index at ``path``: V010 when it is not an index, V012 when corrupt."""
    mpath = path / MANIFEST
    if not path.is_dir():
        raise IndexError_(f"{path}: no index here (no such folder).",
                          hint=f"Build one with: verifier index build SOURCES... --index {path}")
    if not mpath.is_file():
        raise IndexError_(f"{path}: not an index (no {MANIFEST}).",
                          hint=f"Build one with: verifier index build SOURCES... --index {path}")
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise IndexCorruptError(f"{mpath}: manifest unreadable ({exc}).", hint=rebuild_hint(None, path)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise IndexError_(f"{mpath}: not a claim-verifier index manifest.",
                          hint=f"Build one with: verifier index build SOURCES... --index {path}")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexMismatchError(
            f"{mpath}: index format {manifest.get('format_version')}; this version reads {FORMAT_VERSION}.",
            hint=rebuild_hint(manifest, path))
    _check_manifest(manifest, mpath, path)
    return manifest


_GENERATION = re.compile(r"gen-[0-9a-f]{1,64}")
_REQUIRED = {"embedding": ("name", "sha256", "dim"), "counts": ("documents", "passages"), "fingerprint": ()}


def _check_manifest(manifest: dict[str, Any], mpath: Path, path: Path) -> None:
    """V012 for a manifest missing what readers use, or naming a generation that is not a
    folder of this index (``../elsewhere``): it was damaged or not written by us."""
    missing = [key for key, subkeys in _REQUIRED.items() if key not in manifest
               or (subkeys and not (isinstance(manifest[key], dict) and all(k in manifest[key] for k in subkeys)))]
    if missing:
        raise IndexCorruptError(f"{mpath}: manifest lacks {', '.join(missing)}.",
                                hint=rebuild_hint(manifest, path))
    if not _GENERATION.fullmatch(str(manifest.get("generation", ""))):
        raise IndexCorruptError(f"{mpath}: generation {manifest.get('generation')!r} is not a generation "
                                "folder of this index (gen-<hex>).", hint=rebuild_hint(manifest, path))


def check_embedder(manifest: dict[str, Any], embedder, path: Path) -> None:
    """V011 unless ``embedder`` is the model (name, weights, dimension) the index was built with."""
    built = manifest["embedding"]
    if (built["name"], built["sha256"], built["dim"]) != (embedder.name, embedder.sha256, embedder.dim):
        raise IndexMismatchError(
            f"index {path} was built with model {built['name']} (weights sha256 {built['sha256'][:12]}, "
            f"dim {built['dim']}); this run uses {embedder.name} (weights sha256 {embedder.sha256[:12]}, "
            f"dim {embedder.dim}).", hint=rebuild_hint(manifest, path))


@contextlib.contextmanager
def write_lock(path: Path) -> Iterator[None]:
    """Hold the index's writer lock; a second writer gets V013 at once rather than waiting."""
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "unknown"
            raise IndexLockedError(
                f"index {path} is being written by another process (pid {holder}).",
                hint="Wait for it to finish, then run the command again.") from exc
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # closing releases the flock


def sweep(path: Path, keep: str | None) -> None:
    """Remove generation folders other than ``keep`` (left by killed or finished writers)."""
    for child in path.iterdir():
        if child.is_dir() and child.name != keep and (child.name.startswith("gen-") or child.name.startswith(".tmp-gen-")):
            shutil.rmtree(child, ignore_errors=True)


def new_generation(path: Path) -> Path:
    tmp = path / f".tmp-gen-{uuid.uuid4().hex[:12]}"
    tmp.mkdir()
    return tmp


def document_columns(conn: sqlite3.Connection) -> set[str]:
    """The documents table's columns: indexes built before PDFs were read lack ``page_starts``."""
    return {row[1] for row in conn.execute("PRAGMA table_info(documents)")}


def sentence_columns(conn: sqlite3.Connection) -> set[str]:
    """The sentences table's columns: indexes built before ``vector`` (sentence embeddings) or
    ``facts`` (parsed sentence facts) were added lack them."""
    return {row[1] for row in conn.execute("PRAGMA table_info(sentences)")}


def facts_are_current(manifest: dict[str, Any]) -> bool:
    """Were the index's stored sentence facts parsed by this version of the fact extractor?"""
    from verifier.claims.facts import extractor_version

    return manifest.get("facts_extractor") == extractor_version()


def encode_pages(page_starts: list[int]) -> str:
    """Page start offsets as stored: "0,1841,3920" ("" for a document without pages)."""
    return ",".join(str(n) for n in page_starts)


def decode_pages(stored: str | None) -> list[int]:
    return [int(n) for n in stored.split(",")] if stored else []


def create_schema(conn: sqlite3.Connection) -> None:
    conn.executescript(SCHEMA)


def build_faiss(vectors: np.ndarray, ids: np.ndarray, dim: int, factory: str):
    """An ``IndexIDMap2`` over ``factory`` (inner product), trained when the factory needs it."""
    import faiss

    try:
        inner = faiss.index_factory(dim, factory, faiss.METRIC_INNER_PRODUCT)
    except RuntimeError as exc:
        raise IndexError_(f"invalid FAISS factory string {factory!r} ({str(exc).splitlines()[0]}).",
                          hint='Use e.g. "Flat", "HNSW32" or "IVF1024,Flat".', code="V007") from exc
    index = faiss.IndexIDMap2(inner)
    if len(ids):
        if not index.is_trained:
            try:
                index.train(vectors)
            except RuntimeError as exc:
                raise IndexError_(f"FAISS factory {factory!r} cannot be trained on {len(ids)} vectors.",
                                  hint='Use "Flat" for small corpora.', code="V007") from exc
        index.add_with_ids(vectors, ids)
    return index


def commit_generation(path: Path, tmp: Path, manifest: dict[str, Any]) -> None:
    """fsync ``tmp``'s files, rename it to its generation name, switch the manifest to it."""
    for file in tmp.iterdir():
        fsync_path(file)
    final = path / manifest["generation"]
    os.rename(tmp, final)
    fsync_path(path)
    write_json_atomic(path / MANIFEST, manifest)


class Index:
    """A read-only view of one generation of an index; see ``Index.open``."""

    def __init__(self, path: Path, manifest: dict[str, Any], conn: sqlite3.Connection,
                 faiss_index, ids: np.ndarray, vectors: np.ndarray, embedder,
                 search_config: SearchConfig):
        self.path = path
        self.manifest = manifest
        self.conn = conn
        self.faiss_index = faiss_index
        self.ids = ids
        self.vectors = vectors
        self.embedder = embedder
        self.search_config = search_config
        columns = sentence_columns(conn)
        self.has_pages = "page_starts" in document_columns(conn)
        self._pages: dict[str, list[int]] = {}
        self.has_sentence_vectors = "vector" in columns
        self.has_sentence_facts = "facts" in columns and facts_are_current(manifest)
        if manifest.get("facts_extractor") and not self.has_sentence_facts:
            log.warning("index %s: its sentence facts were parsed by another version of the fact extractor, "
                        "so they are parsed again per claim (slower). Refresh them with: "
                        "verifier index refresh --index %s", path, path)

    @property
    def fingerprint(self) -> str:
        return self.manifest["fingerprint"]

    @classmethod
    def open(cls, path: str | Path, embedder, search_config: SearchConfig | None = None, *,
             _retries: int = 3) -> Index:
        """Open the index at ``path`` for search with ``embedder`` (must be the model it was
        built with: V011 otherwise). V010 when ``path`` is not an index, V012 when corrupt.
        A writer that commits between our reading the manifest and opening its generation
        sweeps that generation away: then the new manifest is read and opened instead."""
        import faiss

        path = Path(path)
        manifest = read_manifest(path)
        check_embedder(manifest, embedder, path)
        gen = path / manifest["generation"]
        hint = rebuild_hint(manifest, path)
        try:
            conn = sqlite3.connect((gen / SQLITE).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            docs = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            passages = conn.execute("SELECT count(*) FROM passages").fetchone()[0]
            ids = np.load(gen / IDS)
            vectors = np.load(gen / VECTORS, mmap_mode="r")
            faiss_index = faiss.read_index(str(gen / FAISS))
        except (sqlite3.DatabaseError, OSError, ValueError, RuntimeError) as exc:
            if _retries and read_manifest(path)["generation"] != manifest["generation"]:
                return cls.open(path, embedder, search_config, _retries=_retries - 1)
            raise IndexCorruptError(f"{gen}: index files unreadable ({str(exc).splitlines()[0]}).",
                                    hint=hint) from exc
        counts = manifest["counts"]
        if (docs, passages) != (counts["documents"], counts["passages"]) or not (
                len(ids) == faiss_index.ntotal == vectors.shape[0] == passages):
            raise IndexCorruptError(
                f"{gen}: index files disagree with the manifest ({docs} documents, {passages} passages, "
                f"{faiss_index.ntotal} vectors; manifest says {counts['documents']}, {counts['passages']}).",
                hint=hint)
        search_config = search_config or SearchConfig()
        apply_search_params(faiss_index, search_config)
        return cls(path, manifest, conn, faiss_index, ids, vectors, embedder, search_config)

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def document(self, doc_id: str) -> Document:
        pages = ", page_starts" if self.has_pages else ""
        row = self.conn.execute(
            f"SELECT id, title, source, url, published, text, content_hash, path{pages} FROM documents WHERE id = ?",
            (doc_id,)).fetchone()
        if row is None:
            raise IndexError_(f"no document {doc_id!r} in index {self.path}.", code="V007",
                              hint="List them with: verifier index info")
        fields = dict(zip(("id", "title", "source", "url", "published", "text", "content_hash", "path"), row))
        return Document(**fields, page_starts=decode_pages(row[8]) if self.has_pages else [])

    def page(self, doc_id: str, offset: int) -> int | None:
        """The 1-based page of character ``offset`` of a document with pages (a PDF); None for
        one without (Markdown, text, web pages, Word) or in an index built before pages."""
        from verifier.index.pdf import page_of

        starts = self._pages.get(doc_id)
        if starts is None:
            row = self.conn.execute("SELECT page_starts FROM documents WHERE id = ?", (doc_id,)).fetchone() \
                if self.has_pages else None
            starts = self._pages[doc_id] = decode_pages(row[0]) if row else []
        return page_of(starts, offset)

    def document_ids(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT id FROM documents ORDER BY id")]

    def sentences(self, doc_id: str) -> list[tuple[int, int]]:
        """Sentence spans of a document (exact offsets into ``document(doc_id).text``)."""
        return [(s, e) for s, e in self.conn.execute(
            'SELECT start, "end" FROM sentences WHERE doc_id = ? ORDER BY ordinal', (doc_id,))]

    def sentence_vectors(self, doc_id: str) -> np.ndarray | None:
        """The embeddings of ``sentences(doc_id)``, row for row, made when the document was
        indexed; None for an index built before sentences were embedded (the caller embeds)."""
        if not self.has_sentence_vectors:
            return None
        blobs = [b for (b,) in self.conn.execute(
            "SELECT vector FROM sentences WHERE doc_id = ? ORDER BY ordinal", (doc_id,))]
        if not blobs or any(b is None for b in blobs):
            return None
        return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), -1)

    def sentence_facts(self, doc_id: str) -> list[str | None] | None:
        """The parsed facts of ``sentences(doc_id)`` as JSON (``Facts``), row for row, made when
        the document was indexed; None when the index holds none parsed by this version of the
        fact extractor (the caller parses)."""
        if not self.has_sentence_facts:
            return None
        return [f for (f,) in self.conn.execute(
            "SELECT facts FROM sentences WHERE doc_id = ? ORDER BY ordinal", (doc_id,))]

    def search(self, query: str, k: int | None = None):
        """Hybrid search for one query; see ``verifier.index.search``."""
        from verifier.index.search import search_many

        return search_many(self, [query], k)[0]

    def search_many(self, queries: list[str], k: int | None = None, vectors: np.ndarray | None = None,
                    keyword_seats: int = 0):
        from verifier.index.search import search_many

        return search_many(self, queries, k, vectors, keyword_seats)
