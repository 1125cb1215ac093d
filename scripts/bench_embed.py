"""Embedding throughput of all-MiniLM-L6-v2 (the index's model) per CPU core and per GPU.

For the scale-out projections (docs/scale-out.md): passages embedded per second, on SciFact
sentences and on 3-sentence windows (what ``verifier index build`` embeds with the default
chunking). Tokenise (max 256 tokens, as the model), forward, mean-pool, L2-normalise: the
work of ``Embedder.encode``.

``--weights random`` builds the same architecture from the model's config with random
weights: the same arithmetic, so the same speed, on machines where the weights cannot be
copied (the speed is all this script reports). On CPU, ``--threads 1`` with
``time.process_time`` gives the per-core figure.

    python scripts/bench_embed.py --model-dir DIR --device cpu --threads 1 --n 1024
    python scripts/bench_embed.py --model-dir DIR --weights random --device cuda --dtype float16
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

SCIFACT = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "public" / "scifact" / "corpus.jsonl"


def texts_from(corpus: Path, window: int, n: int) -> list[str]:
    """The first ``n`` passages of SciFact abstracts: single sentences (``window`` 1) or
    windows of ``window`` sentences overlapping by one, as the index chunker makes them."""
    out: list[str] = []
    step = max(1, window - 1)
    with corpus.open(encoding="utf-8") as fh:
        for line in fh:
            sents = json.loads(line)["abstract"]
            for lo in range(0, max(1, len(sents) - window + 1), step):
                out.append(" ".join(sents[lo:lo + window]))
            if len(out) >= n:
                return out[:n]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--weights", choices=["real", "random"], default="real")
    parser.add_argument("--corpus", type=Path, default=SCIFACT)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--dtype", choices=["float32", "float16", "bfloat16"], default="float32")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0: torch's default)")
    parser.add_argument("--n", type=int, default=1024)
    parser.add_argument("--window", type=int, default=1, help="sentences per passage")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)

    import torch
    from transformers import AutoTokenizer, BertConfig, BertModel

    if args.threads:
        torch.set_num_threads(args.threads)
    tok = AutoTokenizer.from_pretrained(str(args.model_dir))
    if args.weights == "real":
        model = BertModel.from_pretrained(str(args.model_dir))
    else:
        torch.manual_seed(0)
        model = BertModel(BertConfig.from_pretrained(str(args.model_dir)))
    model = model.eval().to(args.device, getattr(torch, args.dtype))
    texts = texts_from(args.corpus, args.window, args.n)

    def encode(batch: list[str]):
        enc = tok(batch, padding=True, truncation=True, max_length=256, return_tensors="pt").to(args.device)
        out = model(**enc).last_hidden_state
        mask = enc["attention_mask"].unsqueeze(-1).to(out.dtype)
        vecs = (out * mask).sum(1) / mask.sum(1)
        return torch.nn.functional.normalize(vecs.float(), dim=1).cpu()

    with torch.inference_mode():
        encode(texts[: args.batch_size])  # warm-up: kernels, allocator
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        wall, cpu = time.perf_counter(), time.process_time()
        for lo in range(0, len(texts), args.batch_size):
            encode(texts[lo:lo + args.batch_size])
        if args.device.startswith("cuda"):
            torch.cuda.synchronize()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    tokens = sum(len(ids) for ids in tok(texts, truncation=True, max_length=256)["input_ids"])
    print(json.dumps({
        "device": torch.cuda.get_device_name() if args.device.startswith("cuda") else "cpu",
        "weights": args.weights, "dtype": args.dtype, "threads": torch.get_num_threads(),
        "window": args.window, "passages": len(texts), "mean_tokens": round(tokens / len(texts), 1),
        "batch_size": args.batch_size, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
        "passages_per_s": round(len(texts) / wall, 1),
        "passages_per_cpu_s": round(len(texts) / cpu, 1) if cpu > 0 else None,
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())
