"""Benchmark: `index build` throughput against raw `encode()` of the same model, per backend,
and the quality of quantised variants (int8 ONNX, bf16 torch) against fp32.

Usage::

    .venv/bin/python scripts/bench_index.py [--docs 250] [--repeats 3] [--skip-variants]

Part 1 reads SciFact abstracts (../shared/data/public/scifact/corpus.jsonl), writes them as a
JSONL corpus, and for each backend (torch, onnx) times, in the same run and with the same
loaded model: (a) ``build_index`` (ingest + chunk + embed + SQLite + FAISS + atomic commit) and
(b) ``embedder.encode`` of exactly the passages the build produced. Each is repeated and the
median taken; the goal is build >= 80% of raw encode throughput. Measured three ways: with every
sentence embedded (``index.embed_sentences``: about twice the texts) and parsed into facts
(``index.parse_facts``: spaCy), the default; embedded only; neither. Each build parses cold.

Part 2 compares variants with the fp32 vectors: min and mean cosine over the worked example's
passages, and whether each of its 43 claims gets the same top-1 passage (dense search). A
variant is worth keeping only with min cosine >= 0.99 and 43/43 same top-1.
The ONNX export must exist (``verifier models export``). Prints tables on stdout.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier.claims import nlp  # noqa: E402
from verifier.claims.facts import _parse_facts  # noqa: E402
from verifier.config import MODELS_DIR, Config  # noqa: E402
from verifier.index.build import build_index  # noqa: E402
from verifier.index.chunk import chunk_document  # noqa: E402
from verifier.index.embed import (EXPORT_SUBDIR, OnnxEmbedder, TorchEmbedder, _normalise,  # noqa: E402
                                  _read_export_meta, _weights_file, load_embedder, model_path)
from verifier.index.ingest import read_sources  # noqa: E402

SCIFACT = ROOT.parent / "shared" / "data" / "public" / "scifact" / "corpus.jsonl"
EXAMPLE = ROOT / "index" / "corpora" / "ukraine-2022-04-26"
CLAIMS = ROOT / "claims" / "ukraine-2022-04-26.claims.jsonl"


def write_corpus(dest: Path, n_docs: int) -> Path:
    out = dest / "scifact.jsonl"
    with open(SCIFACT, encoding="utf-8") as src, open(out, "w", encoding="utf-8") as fh:
        for i, line in enumerate(src):
            if i >= n_docs:
                break
            doc = json.loads(line)
            fh.write(json.dumps({"id": str(doc["doc_id"]), "title": doc["title"],
                                 "text": " ".join(doc["abstract"])}) + "\n")
    return out


def passages_of(corpus: Path) -> list[str]:
    cfg = Config().index
    return [p.text for d in read_sources([corpus]).documents for p in chunk_document(d, cfg)[0]]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_throughput(embedders: dict, n_docs: int, repeats: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_corpus(Path(tmp), n_docs)
        texts = passages_of(corpus)
        print(f"\n## index build vs raw encode: {n_docs} SciFact abstracts -> {len(texts)} passages, "
              f"median of {repeats}\n")
        print("| backend | sentences embedded | sentence facts parsed | raw encode (passages/s) "
              "| index build (passages/s) | build / encode |")
        print("|---|---|---|---|---|---|")
        for name, emb in embedders.items():
            emb.encode(texts[:64])  # warm-up
            for sentences, facts in ((True, True), (True, False), (False, False)):
                cfg = Config.model_validate({"index": {"embed_sentences": sentences, "parse_facts": facts}})
                enc, bld = [], []
                for r in range(repeats):
                    enc.append(timed(lambda: emb.encode(texts)))
                    nlp.clear_cache()  # every build parses from scratch
                    _parse_facts.cache_clear()
                    bld.append(timed(lambda: build_index([corpus], Path(tmp) / f"idx-{name}-{sentences}-{facts}-{r}",
                                                         emb, cfg)))
                e, b = len(texts) / statistics.median(enc), len(texts) / statistics.median(bld)
                default = " (default)" if sentences and facts else ""
                print(f"| {name} | {'yes' if sentences else 'no'} | {'yes' if facts else 'no'}{default} | {e:.1f} "
                      f"| {b:.1f} | {b / e:.0%} |", flush=True)


class _TorchBf16(TorchEmbedder):
    backend = "torch-bf16"

    def __init__(self):
        import torch

        super().__init__()
        self.model = self.model.to(torch.bfloat16)

    def encode(self, texts, progress=None):
        return _normalise(self.model.encode(texts, batch_size=self.batch_size, convert_to_numpy=False,
                                            convert_to_tensor=True).float().numpy())


def _int8_embedder(tmp: Path) -> OnnxEmbedder:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    export = MODELS_DIR / EXPORT_SUBDIR
    meta = _read_export_meta(export, _weights_file(model_path()))
    quantize_dynamic(str(export / meta["onnx_file"]), str(tmp / "model.int8.onnx"), weight_type=QuantType.QInt8)
    (tmp / "tokenizer.json").write_bytes((export / "tokenizer.json").read_bytes())
    return OnnxEmbedder(tmp, {**meta, "onnx_file": "model.int8.onnx"})


def bench_variants(fp32, variants: dict) -> None:
    cfg = Config().index
    docs = read_sources([EXAMPLE]).documents
    texts = [p.text for d in docs for p in chunk_document(d, cfg)[0]]
    claims = [json.loads(line)["text"] for line in CLAIMS.read_text().splitlines() if line.strip()]
    ref_p, ref_q = fp32.encode(texts), fp32.encode(claims)
    ref_top = (ref_q @ ref_p.T).argmax(axis=1)
    print(f"\n## variants vs fp32 ({len(texts)} example passages, {len(claims)} claims)\n")
    print("| variant | min cosine | mean cosine | same top-1 | encode s (example) |")
    print("|---|---|---|---|---|")
    for name, emb in variants.items():
        seconds = timed(lambda: emb.encode(texts))
        p, q = emb.encode(texts), emb.encode(claims)
        cos = np.concatenate([(p * ref_p).sum(axis=1), (q * ref_q).sum(axis=1)])
        same = int(((q @ p.T).argmax(axis=1) == ref_top).sum())
        print(f"| {name} | {cos.min():.4f} | {cos.mean():.4f} | {same}/{len(claims)} | {seconds:.2f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=250, help="SciFact abstracts to index")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-variants", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    onnx = load_embedder("onnx")
    torch_emb = TorchEmbedder(sha256=onnx.sha256)
    bench_throughput({"onnx": onnx, "torch": torch_emb}, args.docs, args.repeats)
    if not args.skip_variants:
        with tempfile.TemporaryDirectory() as tmp:
            bench_variants(torch_emb, {"onnx fp32": onnx, "onnx int8 (dynamic)": _int8_embedder(Path(tmp)),
                                       "torch bf16": _TorchBf16()})


if __name__ == "__main__":
    main()
