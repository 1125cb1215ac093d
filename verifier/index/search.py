"""Hybrid retrieval: FAISS dense + SQLite FTS5 BM25, fused by reciprocal rank.

Each retriever returns ``config.search.candidates`` passages; a passage's fused score is
``sum(1 / (rrf_k + rank))`` over the retrievers that found it (Cormack et al. 2009). Every
ranking, including each retriever's own, breaks ties by passage id, so results are
deterministic. The BM25 query is an OR of the query's words with stop words dropped
(measured: 5 ms vs 111 ms on 100k passages) and each word quoted, so user text can never be
read as FTS5 syntax.
"""

from __future__ import annotations

import re

import numpy as np

from verifier.text import fold
from verifier.types import Hit, Passage

# Function words that match most passages: dropping them keeps the FTS5 OR query fast.
STOP_WORDS = frozenset("""
a about above after again against all am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have
having he her here hers herself him himself his how i if in into is it its itself just me more most
my myself no nor not now of off on once only or other our ours ourselves out over own same she should
so some such than that the their theirs them themselves then there these they this those through to
too under until up very was we were what when where which while who whom why will with would you your
yours yourself yourselves s t
""".split())


def fts_query(text: str) -> str:
    """An FTS5 OR query of the distinct non-stop words of ``text``, each quoted; "" if none.

    >>> fts_query('How many "civilians" were killed? OR NEAR(')
    '"many" OR "civilians" OR "killed" OR "near"'
    """
    words = [w for w in dict.fromkeys(re.findall(r"\w+", fold(text))) if w not in STOP_WORDS]
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def _ranked(scores: dict[int, float], pid: dict[int, str]) -> list[int]:
    return sorted(scores, key=lambda r: (-scores[r], pid[r]))


def query_vectors(embedder, queries: list[str], vectors: np.ndarray | None) -> np.ndarray:
    """The queries' embeddings: ``vectors`` when given, else ``embedder``'s."""
    if vectors is None:
        vectors = embedder.encode(list(queries))
    return np.ascontiguousarray(vectors, dtype=np.float32)


def search_many(index, queries: list[str], k: int | None = None, vectors: np.ndarray | None = None,
                keyword_seats: int = 0) -> list[list[Hit]]:
    """Top-``k`` fused hits for each query, plus those of the ``keyword_seats`` best keyword
    hits that fusion ranks lower; query embeddings are computed in one batch, unless the
    caller has them (``vectors``, row for row)."""
    cfg = index.search_config
    k = cfg.k if k is None else k
    if not queries:
        return []
    n_cand = max(cfg.candidates, k)
    qvecs = query_vectors(index.embedder, queries, vectors)
    if index.faiss_index.ntotal:
        dense_scores, dense_ids = index.faiss_index.search(qvecs, min(n_cand, index.faiss_index.ntotal))
    else:
        dense_scores = dense_ids = np.zeros((len(queries), 0))
    results = []
    for qi, query in enumerate(queries):
        dense = {int(r): float(s) for r, s in zip(dense_ids[qi], dense_scores[qi]) if r >= 0}
        bm25: dict[int, float] = {}
        match = fts_query(query)
        if match:
            bm25 = {int(r): -float(s) for r, s in index.conn.execute(
                "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
                "ORDER BY bm25(passages_fts) LIMIT ?", (match, n_cand))}
        rows = _passage_rows(index, set(dense) | set(bm25))
        pid = {r: row[0] for r, row in rows.items()}
        fused: dict[int, float] = {}
        keyword = _ranked(bm25, pid)
        for ranking in (_ranked(dense, pid), keyword):
            for rank, r in enumerate(ranking, start=1):
                fused[r] = fused.get(r, 0.0) + 1.0 / (cfg.rrf_k + rank)
        top = with_keyword_seats(_ranked(fused, pid)[:k], keyword, keyword_seats)
        missing = [r for r in top if r not in dense]
        if missing:  # found by BM25 only: its cosine still tells the reader how close it is
            pos = np.searchsorted(index.ids, missing)
            for r, p in zip(missing, pos):
                dense[r] = float(np.dot(index.vectors[p], qvecs[qi]))
        hits = []
        for rank, r in enumerate(top, start=1):
            p_id, doc_id, ordinal, start, end, text, title, source, url, published = rows[r]
            hits.append(Hit(
                passage=Passage(id=p_id, doc_id=doc_id, ordinal=ordinal, start=start, end=end, text=text),
                doc_title=title, doc_source=source, doc_url=url, doc_published=published,
                dense_score=dense[r], bm25_score=bm25.get(r), score=fused[r], rank=rank))
        results.append(hits)
    return results


def with_keyword_seats(top: list, keyword: list, seats: int) -> list:
    """``top`` plus those of the ``seats`` best keyword hits it lacks."""
    return top + [r for r in keyword[:seats] if r not in top] if top else top


def _passage_rows(index, rowids: set[int]) -> dict[int, tuple]:
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    return {row[0]: row[1:] for row in index.conn.execute(
        f'SELECT p.rowid, p.id, p.doc_id, p.ordinal, p.start, p."end", p.text, '
        f"d.title, d.source, d.url, d.published FROM passages p JOIN documents d ON d.id = p.doc_id "
        f"WHERE p.rowid IN ({marks})", sorted(rowids))}
