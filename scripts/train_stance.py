"""Fine-tune the three-way stance cross-encoder (claim, evidence) -> supported / contradicted /
unverified from all-MiniLM-L6-v2, with a plain torch loop over ``BertForSequenceClassification``.

Why a plain loop: it runs unchanged under the transformers versions of this project (5.24, CPU)
and of the GPU machine it was trained on (5.17), needs nothing but torch + transformers +
safetensors + numpy (no ``verifier`` import, so it runs where only the repo folder is copied),
and is resumable from a single checkpoint file.

Inputs: ``--data`` holds ``train.jsonl.gz`` and ``dev.jsonl.gz`` (and optionally
``test_vitaminc.jsonl.gz``) made by ``scripts/prepare_stance_data.py``; ``--base`` is a folder
with the base model's ``config.json``, ``model.safetensors`` and tokenizer files (new
classifier head), or ``--init`` a trained three-label stance model folder to continue from
(e.g. the shipped ``verifier/scoring/models/stance``: its fp16 weights are loaded as fp32).
``--normalize-figures`` rewrites both sides with ``verifier.scoring.stance.normalize_figures``
(the only ``verifier`` import, made only with this flag) and records
``"claim_verifier": {"normalize_figures": true}`` in the saved ``config.json``, so the serving
code normalises the same way.
Outputs in ``--out``: ``checkpoint.pt`` (resume state, rewritten every ``--checkpoint-every``
steps and at each epoch end), ``model/`` (the best epoch by dev macro-F1: HF model folder with
fp16 ``model.safetensors`` + tokenizer) and ``metrics.json`` (per-epoch dev metrics, held-out
test metrics, steps, seed, hardware, versions, sha256 of the weights).

Example (GPU)::

    python3 scripts/train_stance.py --base .train/base --data .train/stance \\
        --out .train/run --seed 13 --device cuda --epochs 4

Continue from the shipped weights on CPU (stance v2: see its MODEL_CARD.md)::

    nice -n 10 .venv/bin/python scripts/train_stance.py --init verifier/scoring/models/stance \
        --data .train/stance-v2 --out .train/run-v2 --device cpu --bf16 on --epochs 1 \
        --lr 2e-5 --normalize-figures --checkpoint-every 300 --max-steps 2000

Smoke test on CPU (about a minute)::

    .venv/bin/python scripts/train_stance.py --base .train/base --data .train/stance \\
        --out /tmp/stance-smoke --device cpu --limit 640 --max-steps 20 --dev-limit 200
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import logging
import os
import platform
import random
import time
from pathlib import Path

log = logging.getLogger("train_stance")

LABELS = ["supported", "contradicted", "unverified"]


def read_pairs(path: Path, limit: int = 0) -> list[dict]:
    rows = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    return rows


def encode(tokenizer, rows: list[dict], max_length: int,
           normalize=None) -> tuple[list[list[int]], list[list[int]]]:
    """Token and segment ids of (claim, evidence) pairs; the claim comes first, as at inference.

    ``normalize`` (a str -> str function, or None) is applied to both sides first.
    """
    norm = normalize or (lambda text: text)
    enc = tokenizer([norm(r["claim"]) for r in rows], [norm(r["evidence"]) for r in rows],
                    truncation="longest_first", max_length=max_length)
    return [enc["input_ids"][i] for i in range(len(rows))], [enc["token_type_ids"][i] for i in range(len(rows))]


def epoch_order(n: int, lengths: list[int], seed: int, batch_size: int, buckets: int):
    """The order of one epoch's pairs, from ``seed`` alone (a resumed run sees the same batches).

    With ``buckets`` > 0, each run of ``buckets`` batches of the shuffled order is sorted by
    length and the batches are shuffled again: a batch pads to its longest pair, so mixing
    short SNLI captions with long VitaminC sentences at random would pad most batches to ~128
    tokens (about twice the work on CPU). The batches' content stays random within a bucket.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    perm = rng.permutation(n)
    if buckets <= 0:
        return perm
    span = batch_size * buckets
    batches = []
    for s in range(0, n, span):
        chunk = sorted(perm[s:s + span].tolist(), key=lambda i: (lengths[i], i))
        batches += [chunk[b:b + batch_size] for b in range(0, len(chunk), batch_size)]
    # only the last batch may be short, so steps_per_epoch and resume offsets still hold
    full = [b for b in batches if len(b) == batch_size]
    short = [b for b in batches if len(b) < batch_size]
    return np.array([i for k in rng.permutation(len(full)) for i in full[k]]
                    + [i for b in short for i in b], dtype=np.int64)


def collate(ids: list[list[int]], types: list[list[int]], pad_id: int, device):
    import torch

    width = max(len(x) for x in ids)
    input_ids = torch.full((len(ids), width), pad_id, dtype=torch.long)
    token_type = torch.zeros((len(ids), width), dtype=torch.long)
    mask = torch.zeros((len(ids), width), dtype=torch.long)
    for i, (x, t) in enumerate(zip(ids, types)):
        input_ids[i, :len(x)] = torch.tensor(x)
        token_type[i, :len(t)] = torch.tensor(t)
        mask[i, :len(x)] = 1
    return {"input_ids": input_ids.to(device), "token_type_ids": token_type.to(device),
            "attention_mask": mask.to(device)}


def metrics(gold: list[int], pred: list[int]) -> dict:
    """Accuracy, macro-F1 and per-class precision/recall/F1 (no scikit-learn needed)."""
    out: dict = {"n": len(gold), "accuracy": sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold))}
    f1s = []
    for k, name in enumerate(LABELS):
        tp = sum(g == k and p == k for g, p in zip(gold, pred))
        fp = sum(g != k and p == k for g, p in zip(gold, pred))
        fn = sum(g == k and p != k for g, p in zip(gold, pred))
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        out[name] = {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4),
                     "support": tp + fn}
        if tp + fn:
            f1s.append(f1)
    out["macro_f1"] = sum(f1s) / max(1, len(f1s))
    out["accuracy"] = round(out["accuracy"], 4)
    out["macro_f1"] = round(out["macro_f1"], 4)
    return out


def evaluate(model, tokenizer, rows: list[dict], args, device, autocast) -> dict:
    import torch

    if not rows:
        return {}
    ids, types = encode(tokenizer, rows, args.max_length, args.normalize_fn)
    order = sorted(range(len(rows)), key=lambda i: len(ids[i]))  # length-sorted: less padding
    preds = [0] * len(rows)
    model.eval()
    with torch.no_grad():
        for s in range(0, len(order), args.eval_batch_size):
            idx = order[s:s + args.eval_batch_size]
            batch = collate([ids[i] for i in idx], [types[i] for i in idx], tokenizer.pad_token_id, device)
            with autocast():
                logits = model(**batch).logits
            for i, p in zip(idx, logits.argmax(-1).tolist()):
                preds[i] = p
    model.train()
    out = metrics([r["label"] for r in rows], preds)
    by_source: dict[str, list[int]] = {}
    for r, p in zip(rows, preds):
        by_source.setdefault(r.get("source", ""), []).append(int(r["label"] == p))
    out["accuracy_by_source"] = {k: round(sum(v) / len(v), 4) for k, v in sorted(by_source.items())}
    return out


def save_model(state: dict, model, tokenizer, dest: Path) -> str:
    """Write an HF model folder with fp16 weights; return the sha256 of model.safetensors."""
    import torch

    model.load_state_dict(state)
    dest.mkdir(parents=True, exist_ok=True)
    model.to(torch.float16).save_pretrained(dest, safe_serialization=True)
    model.to(torch.float32)
    tokenizer.save_pretrained(dest)
    weights = dest / "model.safetensors"
    return hashlib.sha256(weights.read_bytes()).hexdigest()


def _figure_normalizer():
    """``normalize_figures`` from the serving code, so training and inference write figures alike."""
    import sys

    root = str(Path(__file__).resolve().parent.parent)
    if root not in sys.path:
        sys.path.insert(0, root)
    from verifier.scoring.stance import normalize_figures

    return normalize_figures


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    start = ap.add_mutually_exclusive_group(required=True)
    start.add_argument("--base", type=Path, help="base model folder (all-MiniLM-L6-v2): new head")
    start.add_argument("--init", type=Path,
                       help="a trained 3-label stance model folder to continue from (head kept)")
    ap.add_argument("--data", type=Path, required=True, help="folder with train/dev .jsonl.gz")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--device", default="auto", help="cpu, cuda or auto")
    ap.add_argument("--epochs", type=int, default=4)
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--eval-batch-size", type=int, default=256)
    ap.add_argument("--lr", type=float, default=4e-5)
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--warmup", type=float, default=0.06, help="fraction of steps")
    ap.add_argument("--label-smoothing", type=float, default=0.05)
    ap.add_argument("--max-length", type=int, default=128)
    ap.add_argument("--bf16", choices=["auto", "on", "off"], default="auto",
                    help="bf16 autocast (auto: on for cuda)")
    ap.add_argument("--checkpoint-every", type=int, default=1000)
    ap.add_argument("--no-resume", action="store_true", help="ignore an existing checkpoint")
    ap.add_argument("--limit", type=int, default=0, help="use only the first N training pairs")
    ap.add_argument("--dev-limit", type=int, default=0)
    ap.add_argument("--max-steps", type=int, default=0, help="stop after N optimiser steps")
    ap.add_argument("--length-buckets", type=int, default=0,
                    help="sort each run of N batches by length (0: plain shuffle, as v1 was trained)")
    ap.add_argument("--threads", type=int, default=0,
                    help="torch CPU threads (0: torch's default; 1 was 2x faster on a loaded 2-core machine)")
    ap.add_argument("--normalize-figures", action="store_true",
                    help="write figures in one form on both sides (verifier.scoring.stance.normalize_figures)")
    args = ap.parse_args(argv)
    args.normalize_fn = _figure_normalizer() if args.normalize_figures else None
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    import contextlib

    import numpy as np
    import torch
    import transformers
    from transformers import AutoTokenizer, BertForSequenceClassification

    device = torch.device("cuda" if args.device == "auto" and torch.cuda.is_available()
                          else ("cpu" if args.device == "auto" else args.device))
    use_bf16 = args.bf16 == "on" or (args.bf16 == "auto" and device.type == "cuda")

    def autocast():
        if use_bf16:
            return torch.autocast(device_type=device.type, dtype=torch.bfloat16)
        return contextlib.nullcontext()

    if args.threads:
        torch.set_num_threads(args.threads)
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)

    source = args.init or args.base
    tokenizer = AutoTokenizer.from_pretrained(str(source))
    model = BertForSequenceClassification.from_pretrained(
        str(source), num_labels=3, dtype=torch.float32,
        id2label=dict(enumerate(LABELS)), label2id={n: i for i, n in enumerate(LABELS)})
    if args.init and [model.config.id2label[i] for i in range(3)] != LABELS:
        raise SystemExit(f"--init {args.init}: labels {model.config.id2label} are not {LABELS}")
    # what the serving code reads (verifier.scoring.stance.normalizes_figures)
    model.config.claim_verifier = {"normalize_figures": bool(args.normalize_figures)}
    model.to(device)

    t0 = time.time()
    train_rows = read_pairs(args.data / "train.jsonl.gz", args.limit)
    dev_rows = read_pairs(args.data / "dev.jsonl.gz", args.dev_limit)
    test_path = args.data / "test_vitaminc.jsonl.gz"
    test_rows = read_pairs(test_path, args.dev_limit) if test_path.exists() else []
    ids, types = encode(tokenizer, train_rows, args.max_length, args.normalize_fn)
    labels = [r["label"] for r in train_rows]
    log.info("data: %d train, %d dev, %d test pairs, tokenised in %.1fs",
             len(train_rows), len(dev_rows), len(test_rows), time.time() - t0)

    steps_per_epoch = (len(ids) + args.batch_size - 1) // args.batch_size
    total_steps = steps_per_epoch * args.epochs
    if args.max_steps:
        total_steps = min(total_steps, args.max_steps)
    warmup = max(1, int(args.warmup * total_steps))
    no_decay = ("bias", "LayerNorm.weight")
    groups = [
        {"params": [p for n, p in model.named_parameters() if not any(k in n for k in no_decay)],
         "weight_decay": args.weight_decay},
        {"params": [p for n, p in model.named_parameters() if any(k in n for k in no_decay)],
         "weight_decay": 0.0},
    ]
    optim = torch.optim.AdamW(groups, lr=args.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warmup, max(0.0, (total_steps - s) / max(1, total_steps - warmup))))
    loss_fn = torch.nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)

    step, history, best = 0, [], {"macro_f1": -1.0, "epoch": -1, "state": None}
    ckpt_path = args.out / "checkpoint.pt"
    if ckpt_path.exists() and not args.no_resume:
        ckpt = torch.load(ckpt_path, map_location=device, weights_only=False)
        model.load_state_dict(ckpt["model"])
        optim.load_state_dict(ckpt["optim"])
        sched.load_state_dict(ckpt["sched"])
        step, history = ckpt["step"], ckpt["history"]
        best = ckpt["best"]
        torch.set_rng_state(ckpt["torch_rng"])
        log.info("resumed from %s at step %d", ckpt_path, step)

    def save_checkpoint() -> None:
        tmp = ckpt_path.with_suffix(".tmp")
        torch.save({"model": model.state_dict(), "optim": optim.state_dict(),
                    "sched": sched.state_dict(), "step": step, "history": history,
                    "best": best, "torch_rng": torch.get_rng_state(),
                    "args": {k: v for k, v in vars(args).items() if k != "normalize_fn"}}, tmp)
        os.replace(tmp, ckpt_path)

    model.train()
    t_train = time.time()
    seen = 0
    done = step >= total_steps
    while not done:
        epoch = step // steps_per_epoch
        if epoch >= args.epochs:
            break
        # the order of an epoch depends only on (seed, epoch): a resumed run sees the same batches
        perm = epoch_order(len(ids), [len(x) for x in ids], args.seed + epoch, args.batch_size,
                           args.length_buckets)
        for b in range(step - epoch * steps_per_epoch, steps_per_epoch):
            idx = perm[b * args.batch_size:(b + 1) * args.batch_size]
            batch = collate([ids[i] for i in idx], [types[i] for i in idx], tokenizer.pad_token_id, device)
            target = torch.tensor([labels[i] for i in idx], device=device)
            with autocast():
                logits = model(**batch).logits
            loss = loss_fn(logits.float(), target)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            optim.zero_grad(set_to_none=True)
            step += 1
            seen += len(idx)
            if step % 100 == 0 or step == total_steps:
                rate = seen / (time.time() - t_train)
                log.info("epoch %d step %d/%d loss %.4f lr %.2e %.0f pairs/s",
                         epoch, step, total_steps, loss.item(), sched.get_last_lr()[0], rate)
            if step % args.checkpoint_every == 0:
                save_checkpoint()
            if step >= total_steps:
                done = True
                break
        dev = evaluate(model, tokenizer, dev_rows, args, device, autocast)
        history.append({"epoch": epoch, "step": step, "dev": dev})
        log.info("epoch %d dev accuracy %.4f macro-F1 %.4f", epoch, dev.get("accuracy", 0),
                 dev.get("macro_f1", 0))
        if dev.get("macro_f1", 0) > best["macro_f1"]:
            best = {"macro_f1": dev["macro_f1"], "epoch": epoch,
                    "state": {k: v.detach().to("cpu", copy=True) for k, v in model.state_dict().items()}}
        save_checkpoint()
    train_s = time.time() - t_train

    state = best["state"] or {k: v.detach().cpu() for k, v in model.state_dict().items()}
    model.load_state_dict(state)
    test = evaluate(model, tokenizer, test_rows, args, device, autocast)
    sha = save_model(state, model, tokenizer, args.out / "model")
    report = {
        "base": str(args.base) if args.base else None, "init": str(args.init) if args.init else None,
        "normalize_figures": bool(args.normalize_figures), "seed": args.seed, "steps": step, "epochs": args.epochs,
        "best_epoch": best["epoch"], "batch_size": args.batch_size, "lr": args.lr,
        "warmup": args.warmup, "label_smoothing": args.label_smoothing,
        "max_length": args.max_length, "bf16_autocast": use_bf16,
        "length_buckets": args.length_buckets, "threads": torch.get_num_threads(),
        "max_steps": args.max_steps,
        "train_pairs": len(ids), "train_seconds": round(train_s, 1),
        "pairs_per_second": round(seen / train_s, 1) if train_s and seen else None,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else platform.processor() or "cpu",
        "versions": {"torch": torch.__version__, "transformers": transformers.__version__,
                     "python": platform.python_version()},
        "history": history, "test_vitaminc": test, "sha256": sha,
    }
    (args.out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n")
    log.info("saved %s (sha256 %s); held-out VitaminC test macro-F1 %s",
             args.out / "model", sha, test.get("macro_f1"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
