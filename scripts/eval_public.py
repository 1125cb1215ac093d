"""Evaluate the whole pipeline on public fact-verification sets, beside published figures.

One subcommand per set. Each converts the set (read-only, in ``../shared/data/public``) into a
claim file the product reads (``{"id","text","label","evidence","meta"}``), subsamples it with
a fixed seed where a full run would be too long on a shared 2-core CPU, runs the real CLI
(``verifier eval FILE --json -o RUN.jsonl``: the product's own evaluator and run file), and
writes ``index/built/eval/<set>.json`` (metrics, n, claims/s, the exact command, subsampling).
``table`` renders every result found there into ``docs/results.md``.

Sets and settings:

* ``scifact``: SciFact ``claims_dev`` (300) in the retrieval setting, against an index of the
  5,183-abstract corpus (``scifact-corpus`` writes the corpus JSONL to index it). Gold docs (the
  abstracts with rationales) go into ``meta.evidence_docs``, so the evaluator reports whether
  the deciding document is a gold one. A claim with no evidence is "unverified".
* ``climate-fever``: claim level, each claim judged against its own five evidence sentences
  (one paragraph each, as its ``evidence`` text). DISPUTED claims carry no gold label (the
  product has no such class): they are run without a label, and what the pipeline said about
  them is reported separately.
* ``fever-symmetric``: FEVER-symmetric dev (708), pair setting (claim + its one evidence
  sentence). Two classes only: a verdict "unverified" counts as an error.
* ``vitaminc``: the VitaminC pairs the stance model held out (pages hashed into buckets 3-5 of
  ``real_train_pool``, plus the "not enough info" pairs built from them), rebuilt here with the
  functions of ``scripts/prepare_stance_data.py`` and checked against its output when present.

Nothing here is tuned on these sets: they are tests.

Example::

    .venv/bin/python scripts/eval_public.py fever-symmetric
    .venv/bin/python scripts/eval_public.py table
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import logging
import random
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

from prepare_stance_data import (  # noqa: E402
    DEFAULT_DATA,
    bucket,
    build_nei,
    dedupe,
    detok,
    fits,
    norm_key,
    pair,
    read_jsonl,
    test_claims,
)

log = logging.getLogger("eval_public")

OUT_DIR = PROJECT_ROOT / "index" / "built" / "eval"
RESULTS_MD = PROJECT_ROOT / "docs" / "results.md"
VERIFIER = PROJECT_ROOT / ".venv" / "bin" / "verifier"
LABELS = ("supported", "contradicted", "unverified")
# The public sets' spellings -> the product's labels (as in ../shared/data/README.md).
LABEL_MAP = {
    "SUPPORTS": "supported", "SUPPORT": "supported",
    "REFUTES": "contradicted", "REFUTE": "contradicted", "CONTRADICT": "contradicted",
    "NOT_ENOUGH_INFO": "unverified", "NOT ENOUGH INFO": "unverified", "NEI": "unverified",
}
STANCE_SEED = 13  # prepare_stance_data.py's default seed: the held-out split was built with it


# --------------------------------------------------------------------------- converters


def scifact_corpus(corpus_rows: list[dict]) -> list[dict]:
    """SciFact abstracts -> documents the indexer reads (sentences joined by a space)."""
    out = []
    for d in corpus_rows:
        text = " ".join(s.strip() for s in d["abstract"] if s.strip())
        if not text:
            continue
        out.append({"id": str(d["doc_id"]), "title": d["title"], "text": text,
                    "source": "SciFact corpus", "url": "", "published": ""})
    return out


def scifact_claims(claim_rows: list[dict]) -> list[dict]:
    """SciFact claims -> labelled claims; gold docs (those with rationales) in meta.

    A claim's label is that of its rationales (SUPPORT / CONTRADICT); a claim without any is
    "unverified". A claim whose documents disagree would get no label (none in dev).
    """
    out = []
    for r in claim_rows:
        labels = {LABEL_MAP[e["label"]] for ev in r.get("evidence", {}).values() for e in ev}
        if not labels:
            label = "unverified"
        elif len(labels) == 1:
            label = labels.pop()
        else:
            label = None
        row = {"id": f"scifact-{r['id']}", "text": r["claim"],
               "meta": {"evidence_docs": sorted(str(k) for k in r.get("evidence", {})),
                        "cited_doc_ids": [str(k) for k in r.get("cited_doc_ids", [])]}}
        if label:
            row["label"] = label
        out.append(row)
    return out


def _spaces(text: str) -> str:
    """Unicode spaces (Wikipedia's no-break space in "29\u00a0%") as plain spaces, runs collapsed.

    Done because the product's quantity parser raises KeyError on a unit after a no-break
    space (reported to the lead); FEVER and VitaminC text gets the same from ``detok``.
    """
    return re.sub(r"\s+", " ", text).strip()


def climate_fever_claims(rows: list[dict]) -> list[dict]:
    """Climate-FEVER claims with their five evidence sentences as the claim's evidence text.

    Each sentence is its own paragraph, so the sentence splitter never joins two of them;
    no-break and other Unicode spaces become plain spaces (see ``_spaces``).
    DISPUTED claims get no label (kept in meta) and are scored separately.
    """
    out = []
    for r in rows:
        sentences = [_spaces(e["evidence"]) for e in r["evidences"]]
        evidence = "\n\n".join(s for s in sentences if s)
        row = {"id": f"climate-fever-{r['claim_id']}", "text": _spaces(r["claim"]), "evidence": evidence,
               "meta": {"claim_label": r["claim_label"],
                        "evidence_labels": [e["evidence_label"] for e in r["evidences"]]}}
        if r["claim_label"] in LABEL_MAP:
            row["label"] = LABEL_MAP[r["claim_label"]]
        out.append(row)
    return out


def fever_symmetric_claims(rows: list[dict]) -> list[dict]:
    """FEVER-symmetric pairs; FEVER tokenisation undone (as the stance evaluation does)."""
    return [{"id": f"fever-symmetric-{i}-{r['id']}", "text": detok(r["claim"]),
             "evidence": detok(r["evidence"]), "label": LABEL_MAP[r["gold_label"]],
             "meta": {"fever_id": str(r["id"])}}
            for i, r in enumerate(rows, 1)]


def vitaminc_heldout(real_rows: list[dict], banned: set[str], seed: int = STANCE_SEED) -> list[dict]:
    """The held-out VitaminC test pairs exactly as ``prepare_stance_data.py`` builds them.

    Real pairs whose Wikipedia page hashes into buckets 3-5 (after the same decontamination
    and length filters), plus "not enough info" pairs built from those rows with the same
    seed, de-duplicated the same way. Labels 0/1/2 as there.
    """
    label_of = {"SUPPORTS": 0, "REFUTES": 1, "NOT ENOUGH INFO": 2}
    rows = [pair(r["claim"], r["evidence"], label_of[r["label"]], "vitaminc_real", "page:" + r["page"])
            | {"case": r["case_id"]} for r in real_rows]
    rows = [r for r in rows if norm_key(r["claim"]) not in banned and fits(r)]
    test = [r for r in rows if 3 <= bucket(r["group"]) < 6]
    test_nei = build_nei(test, len(test) // 6, random.Random(seed + 2))
    test, _, _ = dedupe(test + test_nei)
    return test


def vitaminc_claims(pairs: list[dict]) -> list[dict]:
    return [{"id": f"vitaminc-{i}", "text": r["claim"], "evidence": r["evidence"], "label": LABELS[r["label"]],
             "meta": {"source": r["source"]}}
            for i, r in enumerate(pairs, 1)]


def subsample(rows: list[dict], n: int | None, seed: int) -> list[dict]:
    """``n`` rows drawn with ``seed``, kept in file order; all when n is None or larger."""
    if not n or n >= len(rows):
        return list(rows)
    keep = set(random.Random(seed).sample(range(len(rows)), n))
    return [r for i, r in enumerate(rows) if i in keep]


# --------------------------------------------------------------------------- running


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def eval_command(claims_path: Path, run_path: Path, index_dir: Path | None = None) -> list[str]:
    cmd = [str(VERIFIER), "--quiet", "eval", str(claims_path), "--json", "-o", str(run_path)]
    return cmd + (["--index", str(index_dir)] if index_dir is not None else [])


def code_version() -> dict:
    """The commit the run used, and the files under verifier/ that differed from it (the
    working tree is shared with people committing while a run goes)."""
    def git(*a: str) -> str:
        return subprocess.run(["git", *a], capture_output=True, text=True, cwd=PROJECT_ROOT).stdout
    return {"commit": git("rev-parse", "--short", "HEAD").strip(),
            "uncommitted_under_verifier": [x.split(maxsplit=1)[1] for x in
                                           git("status", "--porcelain", "verifier").splitlines() if x.strip()]}


def run_eval(name: str, claims_path: Path, n_claims: int, index_dir: Path | None = None) -> dict:
    """``verifier eval CLAIMS --json -o RUN`` through the real CLI; metrics + timing.

    Start-up (model and index loading) is measured on a one-claim file afterwards, so that
    the rate also says how fast claims go once loaded; both figures are kept.
    """
    run_path = OUT_DIR / f"{name}.run.jsonl"
    if run_path.exists():
        run_path.unlink()
    cmd = eval_command(claims_path, run_path, index_dir)
    shown = " ".join(_rel(c) for c in cmd)
    log.info("running: %s", shown)
    version = code_version()
    t0 = time.time()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT)
    wall = time.time() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{shown} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    metrics = json.loads(proc.stdout)
    one = OUT_DIR / f"{name}.startup.claims.jsonl"
    with claims_path.open(encoding="utf-8") as fh:
        one.write_text(fh.readline(), encoding="utf-8")
    t1 = time.time()
    warm = subprocess.run(eval_command(one, OUT_DIR / f"{name}.startup.run.jsonl", index_dir),
                          capture_output=True, text=True, cwd=PROJECT_ROOT)
    startup = time.time() - t1 if warm.returncode == 0 else None
    steady = n_claims / (wall - startup) if startup is not None and wall > startup else None
    return {"command": shown, "code": version, "wall_seconds": round(wall, 1),
            "startup_seconds": None if startup is None else round(startup, 1),
            "claims_per_second": round(n_claims / wall, 3),
            "claims_per_second_after_startup": None if steady is None else round(steady, 3),
            "metrics": metrics, "run_file": _rel(run_path)}


def _rel(p) -> str:
    s = str(p)
    root = str(PROJECT_ROOT) + "/"
    return s[len(root):] if s.startswith(root) else s


def read_run(path: Path) -> tuple[dict, list]:
    from verifier.types import RunRecord, Verdict

    lines = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    return RunRecord.model_validate(lines[0]["run"]), [Verdict.model_validate(x) for x in lines[1:]]


def subset_metrics(verdicts, keep) -> dict:
    """The product's evaluator on the verdicts ``keep(verdict)`` selects."""
    from verifier.evaluate import evaluate

    rep = evaluate([v for v in verdicts if keep(v)])
    return _compact(rep.model_dump(mode="json"))


def _compact(m: dict) -> dict:
    return {k: m[k] for k in ("n", "accuracy", "macro_f1", "per_label", "confusion", "contradicted_precision",
                              "evidence_accuracy", "evidence_n", "expected_calibration_error")}


def save(name: str, result: dict) -> Path:
    result = {"set": name, "created": datetime.now(UTC).isoformat(timespec="seconds"), **result}
    if "metrics" in result:
        result["metrics"] = _compact(result["metrics"])
    path = OUT_DIR / f"{name}.json"
    path.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    log.info("wrote %s", _rel(path))
    return path


def _run_info(run_path: Path) -> dict:
    rec, _ = read_run(run_path)
    return {"models": [m.model_dump() for m in rec.models], "index": rec.index,
            "tool_version": rec.tool_version}


# --------------------------------------------------------------------------- subcommands


def cmd_scifact_corpus(args) -> int:
    docs = scifact_corpus(read_jsonl(args.data / "scifact" / "corpus.jsonl"))
    out = OUT_DIR / "scifact_corpus.jsonl"
    write_jsonl(out, docs)
    log.info("wrote %s (%d documents). Index it with:\n  .venv/bin/verifier index build %s --index %s",
             _rel(out), len(docs), _rel(out), _rel(args.index))
    return 0


def scifact_extras(claims: list[dict], raw: list[dict], verdicts) -> dict:
    """Retrieval recall, and an approximation of SciFact's abstract-level label-only F1.

    Gold: every (claim, abstract, label) with rationales. Predicted: for each supported or
    contradicted verdict, each distinct abstract among its deciding sentences with the
    verdict's label. SciFact's own scorer also caps predictions at 3 abstracts per claim; ours
    rarely name more than one or two.
    """
    gold_docs = {c["id"]: set(c["meta"]["evidence_docs"]) for c in claims}
    with_gold = [v for v in verdicts if gold_docs.get(v.claim_id)]
    seen_gold = sum(any(e.doc_id in gold_docs[v.claim_id] for e in [*v.evidence, *v.considered])
                    for v in with_gold)
    ids = {c["id"] for c in claims}
    gold = {(f"scifact-{r['id']}", doc, LABEL_MAP[ev[0]["label"]])
            for r in raw if f"scifact-{r['id']}" in ids for doc, ev in r.get("evidence", {}).items() if ev}
    pred = {(v.claim_id, e.doc_id, v.label.value) for v in verdicts if v.label.value != "unverified"
            for e in v.evidence}
    tp = len(gold & pred)
    p = tp / len(pred) if pred else 0.0
    r = tp / len(gold) if gold else 0.0
    return {
        "gold_doc_among_scored_sentences": round(seen_gold / len(with_gold), 4) if with_gold else None,
        "gold_doc_among_scored_sentences_n": len(with_gold),
        "abstract_label_only": {"precision": round(p, 4), "recall": round(r, 4),
                                "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                                "gold": len(gold), "predicted": len(pred), "correct": tp},
        "reasons": dict(collections.Counter(v.reason.value for v in verdicts)),
    }


def cmd_scifact(args) -> int:
    claims = scifact_claims(read_jsonl(args.data / "scifact" / "claims_dev.jsonl"))
    total = len(claims)
    claims = subsample(claims, args.n, args.seed)
    path = OUT_DIR / "scifact_dev.claims.jsonl"
    write_jsonl(path, claims)
    if args.rescore:  # recompute the extras from the saved run, without verifying again
        res = json.loads((OUT_DIR / "scifact_dev.json").read_text(encoding="utf-8"))
        for k in ("set", "created"):
            res.pop(k, None)
    else:
        res = run_eval("scifact_dev", path, len(claims), index_dir=args.index)
    _, verdicts = read_run(OUT_DIR / "scifact_dev.run.jsonl")
    res["extra"] = scifact_extras(claims, read_jsonl(args.data / "scifact" / "claims_dev.jsonl"), verdicts)
    res.update(n_total=total, subsample=None if len(claims) == total else {"n": len(claims), "seed": args.seed},
               setting="retrieval over the 5,183-abstract corpus (hybrid index)",
               run=_run_info(OUT_DIR / "scifact_dev.run.jsonl"))
    save("scifact_dev", res)
    return 0


def cmd_climate_fever(args) -> int:
    claims = climate_fever_claims(read_jsonl(args.data / "climate-fever" / "climate-fever.jsonl"))
    total = len(claims)
    labelled = [c for c in claims if "label" in c]
    disputed = [c for c in claims if "label" not in c]
    chosen = subsample(labelled, args.n, args.seed) + subsample(disputed, args.n_disputed, args.seed)
    path = OUT_DIR / "climate_fever.claims.jsonl"
    write_jsonl(path, chosen)
    res = run_eval("climate_fever", path, len(chosen))
    _, verdicts = read_run(OUT_DIR / "climate_fever.run.jsonl")
    disp = [v for v in verdicts if v.gold is None]
    res["extra"] = {"disputed_predicted": dict(collections.Counter(v.label.value for v in disp)),
                    "disputed_n": len(disp),
                    "reasons": dict(collections.Counter(v.reason.value for v in verdicts if v.gold is not None))}
    res.update(n_total=total, n_labelled_total=len(labelled), n_disputed_total=len(disputed),
               subsample={"labelled": min(args.n or len(labelled), len(labelled)),
                          "disputed": min(args.n_disputed or len(disputed), len(disputed)), "seed": args.seed},
               setting="claim level, judged against its own 5 evidence sentences",
               run=_run_info(OUT_DIR / "climate_fever.run.jsonl"))
    save("climate_fever", res)
    return 0


def cmd_fever_symmetric(args) -> int:
    claims = fever_symmetric_claims(read_jsonl(args.data / "fever" / "fever_symmetric_dev.jsonl"))
    total = len(claims)
    claims = subsample(claims, args.n, args.seed)
    path = OUT_DIR / "fever_symmetric.claims.jsonl"
    write_jsonl(path, claims)
    res = run_eval("fever_symmetric", path, len(claims))
    _, verdicts = read_run(OUT_DIR / "fever_symmetric.run.jsonl")
    decided = [v for v in verdicts if v.label.value != "unverified"]
    res["extra"] = {
        "unverified_share": round(1 - len(decided) / len(verdicts), 4),
        "accuracy_on_decided": round(sum(v.label == v.gold for v in decided) / len(decided), 4) if decided else None,
        "decided_n": len(decided),
        "reasons": dict(collections.Counter(v.reason.value for v in verdicts)),
    }
    res.update(n_total=total, subsample=None if len(claims) == total else {"n": len(claims), "seed": args.seed},
               setting="pair: claim + its evidence sentence (two classes)",
               run=_run_info(OUT_DIR / "fever_symmetric.run.jsonl"))
    save("fever_symmetric", res)
    return 0


def cmd_vitaminc(args) -> int:
    """The held-out pairs as written by prepare_stance_data.py when that output is here.

    Its built "not enough info" pairs depend on set iteration order (string hashing, so
    PYTHONHASHSEED): a rebuild matches the real pairs exactly but may differ in a built pair
    or two. So the prepared file is used when present and the rebuild is only a check on it.
    """
    data = args.data
    rebuilt = vitaminc_heldout(read_jsonl(data / "vitaminc" / "real_train_pool.jsonl"), test_claims(data))
    prepared = PROJECT_ROOT / ".train" / "stance"
    key = lambda r: (norm_key(r["claim"]), norm_key(r["evidence"]), r["label"])  # noqa: E731
    check: dict = {"rebuilt": len(rebuilt)}
    pairs = rebuilt
    if (prepared / "test_vitaminc.jsonl.gz").exists():
        with gzip.open(prepared / "test_vitaminc.jsonl.gz", "rt", encoding="utf-8") as fh:
            pairs = [json.loads(x) for x in fh if x.strip()]
        real = lambda rows: sorted(key(r) for r in rows if r["source"] == "vitaminc_real")  # noqa: E731
        check.update(source=_rel(prepared / "test_vitaminc.jsonl.gz"), prepared=len(pairs),
                     real_pairs_identical_to_rebuild=real(pairs) == real(rebuilt),
                     pairs_shared_with_rebuild=len(set(map(key, pairs)) & set(map(key, rebuilt))))
    else:
        check["source"] = "rebuilt (no .train/stance/test_vitaminc.jsonl.gz)"
    if (prepared / "train.jsonl.gz").exists():
        with gzip.open(prepared / "train.jsonl.gz", "rt", encoding="utf-8") as fh:
            train = [json.loads(x) for x in fh if x.strip()]
        train_pairs = {(norm_key(r["claim"]), norm_key(r["evidence"])) for r in train}
        train_claims = {norm_key(r["claim"]) for r in train}
        check["train_pairs"] = len(train)
        check["pairs_in_training"] = sum((norm_key(r["claim"]), norm_key(r["evidence"])) in train_pairs for r in pairs)
        check["claims_also_in_training"] = sum(norm_key(r["claim"]) in train_claims for r in pairs)
    log.info("VitaminC held-out split: %s", check)
    claims = vitaminc_claims(pairs)
    total = len(claims)
    claims = subsample(claims, args.n, args.seed)
    path = OUT_DIR / "vitaminc_heldout.claims.jsonl"
    write_jsonl(path, claims)
    res = run_eval("vitaminc_heldout", path, len(claims))
    _, verdicts = read_run(OUT_DIR / "vitaminc_heldout.run.jsonl")
    source = {c["id"]: c["meta"]["source"] for c in claims}
    res["extra"] = {
        "real_pairs_only": subset_metrics(verdicts, lambda v: source[v.claim_id] == "vitaminc_real"),
        "by_source_n": dict(collections.Counter(source.values())),
        "reasons": dict(collections.Counter(v.reason.value for v in verdicts)),
    }
    res.update(n_total=total, subsample=None if len(claims) == total else {"n": len(claims), "seed": args.seed},
               split_check=check, setting="pair: claim + its evidence sentence (three classes)",
               run=_run_info(OUT_DIR / "vitaminc_heldout.run.jsonl"))
    save("vitaminc_heldout", res)
    return 0


# --------------------------------------------------------------------------- table

PUBLISHED = {
    "scifact_dev": "SciFact paper (Wadden et al. 2020), VeriSci, open setting, dev: abstract-level "
                   "label-only F1 roughly 0.47-0.50 (from memory). Not the same metric: SciFact's "
                   "abstract-level F1 scores (claim, abstract, label) triples over SUPPORT/CONTRADICT "
                   "only; ours is a 3-class claim-level macro-F1 including NEI.",
    "climate_fever": "see the note below the table",
    "fever_symmetric": "BERT trained on FEVER: about 0.58 accuracy on the symmetric dev set "
                       "(Schuster et al. 2019; from memory). Two-way accuracy.",
    "vitaminc_heldout": "VitaminC paper (Schuster et al. 2021): ALBERT-base trained on VitaminC, about 0.8 "
                        "accuracy on the VitaminC 'real' test (from memory). Different test pairs: ours are "
                        "held-out pages of real_train_pool (plus built NEI pairs).",
}
PUBLISHED_SHORT = {
    "scifact_dev": "VeriSci abstract-level label-only F1 ~0.47-0.50 (memory)",
    "climate_fever": "FEVER-trained ALBERT: label acc. 0.388 (secondary source)",
    "fever_symmetric": "BERT (FEVER): acc. ~0.58 (memory)",
    "vitaminc_heldout": "ALBERT-base (VitaminC): acc. ~0.80 on official real test (memory)",
}
TITLES = {"scifact_dev": "SciFact dev", "climate_fever": "Climate-FEVER", "fever_symmetric": "FEVER-symmetric dev",
          "vitaminc_heldout": "VitaminC held-out pages"}
ORDER = ["scifact_dev", "climate_fever", "fever_symmetric", "vitaminc_heldout"]


def _f(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def render_table(results: dict[str, dict]) -> str:
    lines = ["| set | setting | n (of total) | accuracy | macro-F1 | P/R/F1 supported | P/R/F1 contradicted | "
             "P/R/F1 unverified | P(contradicted) | claims/s | commit | published (other metric or split) |",
             "|---|---|---:|---:|---:|---|---|---|---:|---:|---|---|"]
    for name in ORDER:
        r = results.get(name)
        if not r:
            lines.append(f"| {TITLES[name]} | not run | | | | | | | | | | {PUBLISHED_SHORT[name]} |")
            continue
        m = r["metrics"]
        pl = m["per_label"]
        cells = []
        for lab in LABELS:
            s = pl[lab]
            cells.append("-" if not s["support"] else f"{s['precision']:.2f}/{s['recall']:.2f}/{s['f1']:.2f}")
        total = r.get("n_labelled_total", r.get("n_total"))
        lines.append(f"| {TITLES[name]} | {r['setting']} | {m['n']} ({total}) | {_f(m['accuracy'])} | "
                     f"{_f(m['macro_f1'])} | {cells[0]} | {cells[1]} | {cells[2]} | {_f(m['contradicted_precision'])} "
                     f"| {r['claims_per_second']:.2f} | `{r.get('code', {}).get('commit', '?')}` "
                     f"| {PUBLISHED_SHORT[name]} |")
    return "\n".join(lines)


def render_confusions(results: dict[str, dict]) -> str:
    out = []
    for name in ORDER:
        r = results.get(name)
        if not r:
            continue
        conf = r["metrics"]["confusion"]
        out.append(f"**{TITLES[name]}** (rows gold, columns predicted)\n")
        out.append("| gold \\ predicted | supported | contradicted | unverified |\n|---|---:|---:|---:|")
        for g in LABELS:
            if sum(conf[g].values()):
                out.append(f"| {g} | " + " | ".join(str(conf[g][p]) for p in LABELS) + " |")
        out.append("")
    return "\n".join(out)


def render_runs(results: dict[str, dict]) -> str:
    """One paragraph per set: command, sample, code, speed and the set-specific extras."""
    out = []
    for name in ORDER:
        r = results.get(name)
        if not r:
            continue
        sub = r.get("subsample")
        if not sub:
            sample = f"all {r['n_total']}"
        elif "labelled" in sub:
            sample = (f"{sub['labelled']} of {r['n_labelled_total']} labelled claims and {sub['disputed']} of "
                      f"{r['n_disputed_total']} DISPUTED, drawn with seed {sub['seed']}")
        else:
            sample = f"{sub['n']} of {r['n_total']}, drawn with seed {sub['seed']}"
        code = r.get("code", {})
        dirty = code.get("uncommitted_under_verifier") or []
        lines = [f"**{TITLES[name]}** ({r['setting']}): {sample}.",
                 f"`{r['command']}`",
                 f"code: commit `{code.get('commit', '?')}`" + (f" with uncommitted changes to {', '.join(dirty)}"
                                                                 if dirty else "")
                 + f"; {r['wall_seconds']:.0f} s wall, start-up {r.get('startup_seconds') or 0:.0f} s, "
                   f"{r.get('claims_per_second_after_startup') or 0:.2f} claims/s after start-up."]
        m, e = r["metrics"], r.get("extra", {})
        if m.get("evidence_accuracy") is not None:
            lines.append(f"deciding document is a gold abstract: {m['evidence_accuracy']:.3f} of the "
                         f"{m['evidence_n']} correct supported/contradicted verdicts.")
        if e.get("gold_doc_among_scored_sentences") is not None:
            lines.append(f"a gold abstract was among the sentences scored: {e['gold_doc_among_scored_sentences']:.3f} "
                         f"of {e['gold_doc_among_scored_sentences_n']} claims with gold abstracts (retrieval recall "
                         f"at the pipeline's shortlist).")
        if "abstract_label_only" in e:
            a = e["abstract_label_only"]
            lines.append(f"approximate SciFact abstract-level label-only: P {a['precision']:.3f}, R {a['recall']:.3f}, "
                         f"F1 {a['f1']:.3f} ({a['correct']} correct of {a['predicted']} predicted (claim, abstract, "
                         f"label) triples; {a['gold']} gold).")
        if "unverified_share" in e:
            lines.append(f"'unverified' on {e['unverified_share']:.1%} of pairs; accuracy on the "
                         f"{e['decided_n']} pairs it decided: {e['accuracy_on_decided']:.3f}.")
        if "real_pairs_only" in e:
            x = e["real_pairs_only"]
            lines.append(f"VitaminC real pairs only (no built NEI): n={x['n']}, accuracy {x['accuracy']:.3f}, "
                         f"macro-F1 {x['macro_f1']:.3f}, P(contradicted) {x['contradicted_precision']:.3f}.")
        if "disputed_predicted" in e:
            lines.append(f"DISPUTED claims (n={e['disputed_n']}, not scored): predicted "
                         + ", ".join(f"{k} {v}" for k, v in sorted(e["disputed_predicted"].items())) + ".")
        if "split_check" in r:
            c = r["split_check"]
            lines.append(f"split check: {c.get('prepared', c['rebuilt'])} held-out pairs from `{c['source']}`; "
                         f"real pairs identical to a rebuild: {c.get('real_pairs_identical_to_rebuild')}; "
                         f"pairs also in the 55k training file: {c.get('pairs_in_training')}; claims also there: "
                         f"{c.get('claims_also_in_training')}.")
        if e.get("reasons"):
            lines.append("verdict reasons: " + ", ".join(f"{k} {v}" for k, v in
                                                         sorted(e["reasons"].items(), key=lambda t: -t[1])) + ".")
        out.append("  \n".join(lines))
    return "\n\n".join(out)


def cmd_table(args) -> int:
    results = {}
    for name in ORDER:
        p = OUT_DIR / f"{name}.json"
        if p.exists():
            results[name] = json.loads(p.read_text(encoding="utf-8"))
    md = [render_table(results), "", "### Confusion matrices", "", render_confusions(results), "### Runs", "",
          render_runs(results)]
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else ""
    start, end = "<!-- results:begin -->", "<!-- results:end -->"
    block = f"{start}\n" + "\n".join(md).rstrip() + f"\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = (text.rstrip() + "\n\n" if text else "# Results on public sets\n\n") + block + "\n"
    RESULTS_MD.write_text(text, encoding="utf-8")
    sys.stdout.write(block + "\n")
    return 0


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared public data folder")
    sub = ap.add_subparsers(dest="cmd", required=True)

    def add(name, func, n=None, seed=0, index=False, **extra):
        p = sub.add_parser(name)
        p.set_defaults(func=func)
        if name != "table":
            p.add_argument("--n", type=int, default=n, help="subsample to this many claims (default: %(default)s)")
            p.add_argument("--seed", type=int, default=seed)
        if index:
            p.add_argument("--index", type=Path, default=PROJECT_ROOT / "index" / "built" / "scifact")
        for k, v in extra.items():
            p.add_argument(f"--{k.replace('_', '-')}", type=int, default=v)
        return p

    add("scifact-corpus", cmd_scifact_corpus, index=True)
    sc = add("scifact", cmd_scifact, index=True)
    sc.add_argument("--rescore", action="store_true", help="recompute the extras from the saved run only")
    add("climate-fever", cmd_climate_fever, n=500, n_disputed=50)
    add("fever-symmetric", cmd_fever_symmetric)
    add("vitaminc", cmd_vitaminc, n=500)
    add("table", cmd_table)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
