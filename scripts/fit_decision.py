"""Fit the learned decision (``verifier/scoring/models/decision.json``) and print the scoreboard.

Three steps, each a subcommand:

* ``features SET...``: run the real pipeline (index, embedder, stance model, fact parser, checks)
  over a set's claims and cache, per claim, the feature row the decision reads
  (``verifier.scoring.features``), the gold label, and what three simpler readings say: the
  stance model alone (argmax of its probabilities on the most relevant sentence it read), the
  checks alone (a contradicting check wins, then a confirming one) and the hand-ordered rules
  (``rules.decide``). Cached in ``index/built/decision/<set>.npz``.
* ``fit``: fit a multinomial logistic regression on the FIT sets' rows (never a test set), with
  each group of sets (news, contrast suite dev split, stance dev pairs) given the same total
  weight; choose the regularisation by cross-validation and the threshold for "contradicted"
  on out-of-fold probabilities (the smallest that holds its precision at ``--precision``); map
  the retrieved setting's confidences, per label and basis (a check found the label, or not), to
  how often it was right on the CONFIDENCE sets (news stories it is not fitted on); write the
  model with its card (data, weights, out-of-fold scores) into ``decision.json``.
* ``board``: the scoreboard from the caches: every set with the stance model alone, the checks
  alone, the rules, and the learned decision; the news sets leave-one-set-out (each one's
  learned score from a combiner fitted without it); the contrast suite test split per category.

Sets (``SETS``): the news development sets (retrieval setting, against the index of their
corpus), the contrast suite's dev and test splits (pair setting), the stance model's dev pairs
(never trained on: they chose its epoch), and the public held-out tests of
``scripts/eval_public.py`` (FEVER-symmetric dev, VitaminC held-out pages, COVID-Fact dev,
Climate-FEVER, WiCE dev). Only the FIT sets are ever fitted on.

Example::

    nice -n 5 .venv/bin/python scripts/fit_decision.py features --all
    .venv/bin/python scripts/fit_decision.py fit
    .venv/bin/python scripts/fit_decision.py board
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import logging
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "scripts"))

log = logging.getLogger("fit_decision")

DATA = PROJECT_ROOT.parent / "shared" / "data" / "public"
BUILT = PROJECT_ROOT / "index" / "built"
CACHE = BUILT / "decision"
LABELS = ("supported", "contradicted", "unverified")
NEWS = ("ukraine", "dev2", "dev3", "dev4", "dev5", "dev6")
# News sets written blind to the code after the decision's design: never fitted on.
HELD_OUT_NEWS = ("dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14", "dev15", "dev16",
                 "dev17", "dev18", "dev19", "dev20", "dev21", "dev22")
# What the combiner is fitted on, per setting; everything else is a test.
FIT = {"retrieved": NEWS, "given": ("contrast-dev", "stance-dev")}
FIT_SETS = tuple(s for sets in FIT.values() for s in sets)
# Sets never fitted on whose misses the checks were since shaped on: scored like the others, but
# no longer blind (docs/decision.md says what each one guided).
SHAPED_ON = ("figures-blind", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14")
GROUP = {**{s: "news" for s in NEWS}, "contrast-dev": "contrast", "stance-dev": "pairs"}
# News stories whose verdicts map the retrieved setting's confidences (never its weights): the
# combiner's probabilities are right less often on stories it was not fitted on.
CONFIDENCE = ("dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "dev13", "dev14")
SEED = 13
PUBLIC_SAMPLE = 1000  # claims drawn (seed 13) from a larger public test set: a 2-core budget


# --------------------------------------------------------------------------- the sets


def _jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _sample(rows: list[dict], n: int = PUBLIC_SAMPLE) -> list[dict]:
    if len(rows) <= n:
        return rows
    keep = set(random.Random(SEED).sample(range(len(rows)), n))
    return [r for i, r in enumerate(rows) if i in keep]


def _news(name: str) -> tuple[list[dict], Path]:
    stem = "ukraine-2022-04-26" if name == "ukraine" else name
    index = BUILT / ("default" if name == "ukraine" else name)
    if not index.exists():
        subprocess.run([str(PROJECT_ROOT / ".venv/bin/verifier"), "--quiet", "index", "build",
                        str(PROJECT_ROOT / "index/corpora" / stem), "--index", str(index)], check=True)
    return _jsonl(PROJECT_ROOT / "claims" / f"{stem}.claims.jsonl"), index


def _contrast_retrieval(corpus: str) -> tuple[list[dict], Path]:
    """The contrast suite's retrieval claims of a news corpus, against an index of that corpus
    without the one document its unverified claims were made from (``meta.exclude_doc``)."""
    rows = _jsonl(PROJECT_ROOT / "claims/contrast" / f"retrieval-{corpus}.jsonl")
    excluded = {r["meta"]["exclude_doc"] for r in rows}
    index = BUILT / f"contrast-retrieval-{corpus}"
    if not index.exists():
        with tempfile.TemporaryDirectory() as tmp:
            for doc in sorted((PROJECT_ROOT / "index/corpora" / corpus).glob("*.md")):
                if doc.stem not in excluded:
                    (Path(tmp) / doc.name).symlink_to(doc)
            subprocess.run([str(PROJECT_ROOT / ".venv/bin/verifier"), "--quiet", "index", "build", tmp,
                            "--index", str(index)], check=True)
    return rows, index


def _contrast(split: str) -> tuple[list[dict], None]:
    path = (PROJECT_ROOT / "claims/contrast/test.jsonl.gz" if split == "test"
            else BUILT / "contrast" / f"{split}.jsonl.gz")
    rows = _jsonl(path)
    if split == "dev":
        rows = _sample(rows, 6000)
    return rows, None


def _stance_dev() -> tuple[list[dict], None]:
    rows = _jsonl(PROJECT_ROOT / ".train/stance-v1data/dev.jsonl.gz")
    return [{"id": f"stance-dev-{i}", "text": r["claim"], "evidence": r["evidence"], "label": LABELS[r["label"]],
             "meta": {"source": r["source"]}} for i, r in enumerate(rows, 1)], None


def _public(name: str) -> tuple[list[dict], Path | None]:
    import eval_public as ep

    if name == "fever-symmetric":
        rows = ep.fever_symmetric_claims(ep.read_jsonl(DATA / "fever" / "fever_symmetric_dev.jsonl"))
    elif name == "vitaminc-heldout":
        from prepare_stance_data import test_claims

        real = ep.read_jsonl(DATA / "vitaminc" / "real_train_pool.jsonl")
        rows = _sample(ep.vitaminc_claims(ep.vitaminc_heldout(real, test_claims(DATA))))
    elif name == "climate-fever":
        rows = _sample([r for r in ep.climate_fever_claims(ep.read_jsonl(DATA / "climate-fever" / "climate-fever.jsonl"))
                        if "label" in r], 500)  # five evidence sentences a claim: the slowest set
    elif name == "covid-fact-dev":
        with (DATA / "covid-fact" / "dev.tsv").open(encoding="utf-8") as fh:
            rows = [{"id": f"covid-fact-{r['index']}", "text": r["Sentence2"],
                     "evidence": r["sentence1"].replace(" > ", " ").replace(">", " "),
                     "label": "supported" if r["entailment"] == "entailment" else "contradicted"}
                    for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    elif name == "scifact-dev":
        index = BUILT / "scifact"
        if not index.exists():
            raise FileNotFoundError(f"{index}: build it with scripts/eval_public.py scifact-corpus, then "
                                    "verifier index build index/built/eval/scifact_corpus.jsonl --index index/built/scifact")
        return ep.scifact_claims(ep.read_jsonl(DATA / "scifact" / "claims_dev.jsonl")), index
    elif name == "wice-dev":
        # WiCE labels no contradiction: what the article does not fully support is unverified.
        rows = [{"id": f"wice-{i}", "text": r["claim"],
                 "evidence": "\n\n".join(s for s in r["evidence"] if not s.startswith("(meta data)")),
                 "label": "supported" if r["label"] == "supported" else "unverified"}
                for i, r in enumerate(ep.read_jsonl(DATA / "wice" / "dev.jsonl"), 1)]
    else:
        raise KeyError(name)
    return rows, None


SETS: dict[str, Callable[[], tuple[list[dict], Path | None]]] = {
    **{n: (lambda n=n: _news(n)) for n in NEWS},
    **{n: (lambda n=n: _news(n)) for n in HELD_OUT_NEWS},
    "figures-blind": lambda: (_jsonl(PROJECT_ROOT / "claims/figures-blind.claims.jsonl"), None),
    "contrast-dev": lambda: _contrast("dev"),
    "contrast-test": lambda: _contrast("test"),
    "stance-dev": _stance_dev,
    **{f"contrast-retrieval-{c}": (lambda c=c: _contrast_retrieval(c))
       for c in ("ukraine-2022-04-26", "dev2", "dev3", "dev4", "dev5", "dev6")},
    **{n: (lambda n=n: _public(n)) for n in
       ("fever-symmetric", "vitaminc-heldout", "covid-fact-dev", "climate-fever", "scifact-dev", "wice-dev")},
}


# --------------------------------------------------------------------------- features


def _claims(rows: list[dict]):
    """The rows read by the product's own claim-file reader (same validation, same defaults)."""
    from verifier.claims.files import read_claim_file

    keep = ("id", "text", "label", "evidence", "date", "source")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.jsonl"
        path.write_text("".join(json.dumps({k: r[k] for k in keep if k in r}) + "\n" for r in rows),
                        encoding="utf-8")
        return read_claim_file(path)[0]


def simple_readings(evals, cfg, reading) -> tuple[int, int, int]:
    """(stance alone, checks alone, rules) as label indexes (``reading``: ``rules.decide``'s)."""
    from verifier.scoring.checks import CONTRADICT, SUPPORT
    from verifier.scoring.features import is_about
    from verifier.scoring.sentence import NOT_SCORED

    relevant = [e for e in evals if e.relevance >= cfg.min_relevance]
    about = [e for e in relevant if is_about(e, cfg)]
    scored = sorted((e for e in about if e.stance != NOT_SCORED), key=lambda e: -e.relevance)
    stance = int(np.argmax(scored[0].stance)) if scored else 2
    outcomes = {c.outcome for e in about for c in e.checks}
    checks = 1 if CONTRADICT in outcomes else 0 if SUPPORT in outcomes else 2
    return stance, checks, LABELS.index(reading.label.value)


def cmd_features(args) -> int:
    from verifier.claims.nlp import parse_many
    from verifier.config import load_config
    from verifier.index.shards import open_index
    from verifier.pipeline import Verifier
    from verifier.scoring import rules
    from verifier.scoring.features import FEATURE_NAMES, claim_features
    from verifier.session import load_components

    names = list(SETS) if args.all else args.sets
    unknown = [n for n in names if n not in SETS]
    if unknown:
        log.error("unknown set(s) %s; the sets are: %s", unknown, ", ".join(SETS))
        return 2
    config = load_config()
    _, embedder, stance, parse_facts = load_components(None, config, need_index=False)
    CACHE.mkdir(parents=True, exist_ok=True)
    for name in names:
        out = CACHE / f"{name}.npz"
        if out.exists() and not args.force:
            log.info("%s: cached", name)
            continue
        try:
            rows, index_dir = SETS[name]()
        except FileNotFoundError as exc:
            log.warning("%s: skipped (%s)", name, exc)
            continue
        claims = _claims(rows)
        index = open_index(index_dir, embedder, config.search) if index_dir else None
        verifier = Verifier(index, embedder, stance, parse_facts, config, prepare=parse_many)
        t0 = time.perf_counter()
        X, y, readings, ids = [], [], [], []
        for claim, evals in verifier.evaluations(claims):
            reading = rules.decide(claim, evals, config.scoring)
            X.append(claim_features(claim, evals, config.scoring, reading))
            y.append(LABELS.index(claim.label.value))
            readings.append(simple_readings(evals, config.scoring, reading))
            ids.append(claim.id)
        meta = {r["id"]: r.get("meta", {}) for r in rows}
        np.savez_compressed(out, X=np.array(X), y=np.array(y), readings=np.array(readings), ids=np.array(ids),
                            categories=np.array([str(meta.get(i, {}).get("category", "")) for i in ids]),
                            features=np.array(FEATURE_NAMES))
        log.info("%s: %d claims in %.0f s", name, len(ids), time.perf_counter() - t0)
    return 0


# --------------------------------------------------------------------------- fitting


def load(name: str) -> dict | None:
    path = CACHE / f"{name}.npz"
    if not path.exists():
        return None
    with np.load(path) as z:
        return {k: z[k] for k in z.files}


def _weights(sets: list[str], data: dict[str, dict]) -> np.ndarray:
    """Each group of sets the same total weight; within a group, each claim the same."""
    groups = {GROUP[s] for s in sets}
    size = {g: sum(len(data[s]["y"]) for s in sets if GROUP[s] == g) for g in groups}
    return np.concatenate([np.full(len(data[s]["y"]), 1.0 / size[GROUP[s]]) for s in sets]) * 1000


def macro_f1(gold: np.ndarray, pred: np.ndarray) -> float:
    """Macro-F1 over the labels the gold standard has (as ``verifier eval`` reports it)."""
    f1s = []
    for k in sorted(set(gold.tolist())):
        tp = np.sum((pred == k) & (gold == k))
        p, r = tp / max(1, np.sum(pred == k)), tp / max(1, np.sum(gold == k))
        f1s.append(0.0 if tp == 0 else 2 * p * r / (p + r))
    return float(np.mean(f1s))


def precision_of(gold: np.ndarray, pred: np.ndarray, k: int = 1) -> float:
    n = np.sum(pred == k)
    return float(np.sum((pred == k) & (gold == k)) / n) if n else float("nan")


def fit_linear(sets: list[str], data: dict[str, dict], precision: float | None, C: float | None = None):
    """(LinearModel, out-of-fold labels) fitted on ``sets``: "contradicted" thresholded to hold
    ``precision`` out of fold, or (None) for the best mean of the sets' out-of-fold macro-F1."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    from verifier.scoring.verdict import LinearModel

    X = np.concatenate([data[s]["X"] for s in sets])
    y = np.concatenate([data[s]["y"] for s in sets])
    w = _weights(sets, data)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale < 1e-9] = 1.0
    Z = (X - mean) / scale
    strata = np.concatenate([[f"{s}:{k}" for k in data[s]["y"]] for s in sets])
    folds = list(StratifiedKFold(5, shuffle=True, random_state=SEED).split(Z, _codes(strata)))

    def model(c):
        return LogisticRegression(C=c, max_iter=2000)

    best = None
    for c in ([C] if C else [0.01, 0.03, 0.1, 0.3, 1.0, 3.0]):
        oof = np.zeros((len(y), 3))
        for tr, te in folds:
            oof[te] = model(c).fit(Z[tr], y[tr], sample_weight=w[tr]).predict_proba(Z[te])
        loss = -np.sum(w * np.log(np.clip(oof[np.arange(len(y)), y], 1e-9, 1))) / w.sum()
        if best is None or loss < best[0]:
            best = (loss, c, oof)
    loss, c, oof = best
    final = model(c).fit(Z, y, sample_weight=w)
    rows_of = np.concatenate([[s] * len(data[s]["y"]) for s in sets])
    threshold = _threshold_best(oof, y, rows_of) if precision is None else _threshold_precision(oof, y, w, precision)
    linear = LinearModel(mean, scale, final.coef_, final.intercept_, threshold, {})
    pred = linear.labels(oof)
    card = {"sets": sets, "claims": {s: int(len(data[s]["y"])) for s in sets}, "C": c,
            "oof_log_loss": round(loss, 4), "contradict_threshold": threshold,
            "threshold_rule": "lowest within one bootstrap standard error of the best mean of the fit sets' "
                              "out-of-fold macro-F1" if precision is None
            else f"smallest holding out-of-fold precision of contradicted >= {precision}",
            "oof": {s: _scores(data[s]["y"], pred[_slice(sets, data, s)]) for s in sets}}
    return LinearModel(mean, scale, final.coef_, final.intercept_, threshold, card), pred


def verdicts(model, d: dict) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(labels, raw confidences, confidence keys) of ``model`` on the feature rows of set ``d``."""
    from verifier.scoring.verdict import confidence_key

    p = model.proba(d["X"])
    pred = model.labels(p)
    return pred, p[np.arange(len(pred)), pred], [confidence_key(int(k), x) for k, x in zip(pred, d["X"])]


def fit_confidence(model, data: dict[str, dict], min_verdicts: int = 10):
    """``model`` with a confidence map: per label and basis, a logistic fit of whether its
    verdicts on ``data`` were right on the logit of their probability (Platt scaling; L2, C=1,
    so a small group stays near its own probabilities); groups under ``min_verdicts`` keep them."""
    from dataclasses import replace

    from sklearn.linear_model import LogisticRegression

    from verifier.scoring.verdict import logit

    if not data:
        return model
    parts = [verdicts(model, d) for d in data.values()]
    pred, raw = np.concatenate([p for p, _, _ in parts]), np.concatenate([r for _, r, _ in parts])
    keys = [k for _, _, ks in parts for k in ks]
    right = pred == np.concatenate([d["y"] for d in data.values()])
    z = logit(raw)
    cmap, card = {}, {}
    for key in sorted(set(keys)):
        m = np.array([k == key for k in keys])
        card[key] = {"n": int(m.sum()), "mean_probability": round(float(raw[m].mean()), 3),
                     "right": round(float(right[m].mean()), 3)}
        if m.sum() < min_verdicts or right[m].all() or not right[m].any():
            continue
        lr = LogisticRegression(C=1.0).fit(z[m, None], right[m])
        cmap[key] = (round(float(lr.coef_[0, 0]), 4), round(float(lr.intercept_[0]), 4))
    return replace(model, confidence_map=cmap, card={**model.card, "confidence_map": {
        "sets": list(data), "rule": "Platt scaling per label and basis, C=1, groups of 10 verdicts or more",
        "groups": card}})


def expected_calibration_error(confidence: np.ndarray, right: np.ndarray, bins: int = 10) -> float:
    """Mean |accuracy - confidence| over equal-width confidence bins, weighted by their verdicts."""
    idx = np.minimum((confidence * bins).astype(int), bins - 1)
    return float(sum(abs(right[idx == b].mean() - confidence[idx == b].mean()) * np.sum(idx == b)
                     for b in range(bins) if np.any(idx == b)) / max(1, len(right)))


def _codes(strata: np.ndarray) -> np.ndarray:
    return np.unique(strata, return_inverse=True)[1]


def _slice(sets: list[str], data: dict, name: str) -> slice:
    start = 0
    for s in sets:
        n = len(data[s]["y"])
        if s == name:
            return slice(start, start + n)
        start += n
    raise KeyError(name)


_GRID = np.round(np.arange(0.30, 0.96, 0.01), 2)


def _with_threshold(p: np.ndarray, t: float) -> np.ndarray:
    pred = p.argmax(axis=1)
    weak = (pred == 1) & (p[:, 1] < t)
    pred[weak] = np.where(p[weak, 0] >= p[weak, 2], 0, 2)
    return pred


def _threshold_precision(p: np.ndarray, y: np.ndarray, w: np.ndarray, precision: float) -> float:
    """The smallest P(contradicted) threshold whose weighted out-of-fold precision of
    "contradicted" reaches ``precision`` (the most precise one when none does)."""
    best_t, best_p = 0.95, -1.0
    for t in _GRID:
        sel = _with_threshold(p, t) == 1
        if not sel.any():
            continue
        prec = float(np.sum(w[sel & (y == 1)]) / np.sum(w[sel]))
        if prec >= precision:
            return float(t)
        if prec > best_p:
            best_t, best_p = float(t), prec
    return best_t


def _threshold_best(p: np.ndarray, y: np.ndarray, rows_of: np.ndarray, resamples: int = 200) -> float:
    """The threshold for "contradicted" by the mean over the fit sets of each one's out-of-fold
    macro-F1 (``rows_of`` names each row's set), so that each set counts once, as in the fit's
    weights - pooled, the largest set would choose alone.

    The curve is flat over a wide range (0.30-0.54 within 0.001 on round 4's readings), where
    the best point is noise; so the rule is the one-standard-error rule: the lowest threshold
    (the closest to the plain argmax of the probabilities) whose score is within one bootstrap
    standard error (``resamples`` resamples of each set's rows, seed ``SEED``) of the best."""
    if not len(y):
        return 0.5
    names = np.unique(rows_of)
    members = {n: np.flatnonzero(rows_of == n) for n in names}

    def score(t: float, rows: dict[str, np.ndarray] = members) -> float:
        pred = _with_threshold(p, t)
        return float(np.mean([macro_f1(y[r], pred[r]) for r in rows.values()]))

    scores = {float(t): score(t) for t in _GRID}
    best_t = max(scores, key=lambda t: (round(scores[t], 6), t))
    rng = np.random.default_rng(SEED)
    boot = [score(best_t, {n: rng.choice(r, len(r)) for n, r in members.items()}) for _ in range(resamples)]
    floor = scores[best_t] - float(np.std(boot))
    return min(t for t, v in scores.items() if v >= floor)


def _scores(gold: np.ndarray, pred: np.ndarray) -> dict:
    return {"n": int(len(gold)), "macro_f1": round(macro_f1(gold, pred), 3),
            "precision_contradicted": round(precision_of(gold, pred), 3)}


def cmd_fit(args) -> int:
    from verifier.scoring.features import FEATURE_NAMES
    from verifier.scoring.verdict import Combiner

    data = {s: load(s) for s in FIT_SETS}
    missing = [s for s, d in data.items() if d is None]
    if missing and not args.partial:
        log.error("no cached features for %s: run `fit_decision.py features %s` first (or --partial)",
                  missing, " ".join(missing))
        return 2
    models = {}
    for setting, sets in FIT.items():
        sets = [s for s in sets if s not in missing]
        models[setting], _ = fit_linear(sets, data, args.precision if setting == "retrieved" else None)
    models["retrieved"] = fit_confidence(models["retrieved"], {s: d for s in CONFIDENCE if (d := load(s)) is not None})
    provenance = {"fitted": datetime.now(UTC).strftime("%Y-%m-%d"), "commit": _commit(),
                  "script": "scripts/fit_decision.py fit", "seed": SEED,
                  "sets": [s for sets in FIT.values() for s in sets if s not in missing],
                  "target_precision_contradicted": args.precision}
    combiner = Combiner(FEATURE_NAMES, models, provenance)
    out = PROJECT_ROOT / "verifier/scoring/models/decision.json"
    out.write_text(json.dumps(combiner.to_json(), indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: m.card for k, m in models.items()}, indent=1))
    log.info("wrote %s", out.relative_to(PROJECT_ROOT))
    return 0


def _commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


# --------------------------------------------------------------------------- the scoreboard


def cmd_board(args) -> int:
    from verifier.scoring.verdict import load_combiner

    shipped = load_combiner({})
    data = {s: d for s in SETS if (d := load(s)) is not None}
    fit_data = {s: data[s] for s in FIT_SETS if s in data}
    lines = ["| set | claims | stance alone | checks alone | rules | learned | P(contradicted) learned |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    out = {}
    for name, d in data.items():
        given = d["X"][:, list(d["features"]).index("given")] > 0.5
        if name in FIT_SETS:
            # each fit set scored out of sample: a news set by a model fitted without it
            # (leave-one-set-out), a pair set by the out-of-fold labels of the shipped fit
            setting = "retrieved" if name in FIT["retrieved"] else "given"
            sets = [s for s in FIT[setting] if s in fit_data and (s != name or setting == "given")]
            model = shipped.model(setting == "given")
            precision = shipped.provenance.get("target_precision_contradicted", 0.95) if setting == "retrieved" else None
            linear, oof = fit_linear(sets, fit_data, precision, C=model.card.get("C"))
            pred = linear.labels(linear.proba(d["X"])) if setting == "retrieved" else oof[_slice(sets, fit_data, name)]
            how = "leave-one-set-out" if setting == "retrieved" else "out of fold"
        else:
            pred = np.array([shipped.model(g).labels(shipped.model(g).proba(x))[0] for x, g in zip(d["X"], given)])
            how = "not fitted; checks shaped on it" if name in SHAPED_ON else "held out"
        row = {"n": int(len(d["y"])), "stance": macro_f1(d["y"], d["readings"][:, 0]),
               "checks": macro_f1(d["y"], d["readings"][:, 1]), "rules": macro_f1(d["y"], d["readings"][:, 2]),
               "learned": macro_f1(d["y"], pred), "p_con": precision_of(d["y"], pred), "how": how}
        # issue 15's count: contradicted claims the decision calls supported (named on small sets)
        con_as_sup = d["ids"][(d["y"] == LABELS.index("contradicted")) & (pred == LABELS.index("supported"))]
        row["contradicted_called_supported"] = int(len(con_as_sup))
        if len(d["y"]) <= 500:
            row["contradicted_called_supported_ids"] = sorted(str(i) for i in con_as_sup)
        out[name] = row
        lines.append(f"| {name} ({how}) | {row['n']} | {row['stance']:.3f} | {row['checks']:.3f} | {row['rules']:.3f} "
                     f"| **{row['learned']:.3f}** | {row['p_con']:.3f} |")
        if name == "contrast-test":  # per category: one label each, so accuracy
            for cat in sorted(set(d["categories"])):
                m = d["categories"] == cat
                accs = [float(np.mean(p[m] == d["y"][m])) for p in (*d["readings"].T, pred)]
                lines.append(f"| &nbsp; {cat} (accuracy) | {int(m.sum())} | "
                             + " | ".join(f"{a:.3f}" for a in accs) + " | |")
    lines += ["", "Confidence of the learned decision on news stories it was not fitted on (retrieved setting):", "",
              "| stories | verdicts | right | mean probability | mean confidence reported | "
              "calibration error (probability / reported) |", "|---|---:|---:|---:|---:|---:|"]
    model = shipped.model(False)
    held_out = [n for n in HELD_OUT_NEWS if n not in CONFIDENCE]
    for title, names in ((f"{CONFIDENCE[0]}-{CONFIDENCE[-1]} (the confidence map's fit)", CONFIDENCE),
                         (f"{held_out[0]}-{held_out[-1]} (held out)", held_out)):
        names = [n for n in names if n in data]
        if not names:
            continue
        X, y = np.concatenate([data[n]["X"] for n in names]), np.concatenate([data[n]["y"] for n in names])
        p = model.proba(X)
        pred = model.labels(p)
        raw = p[np.arange(len(pred)), pred]
        reported = np.array([model.confidence(int(k), pk, x) for k, pk, x in zip(pred, p, X)])
        right = pred == y
        row = {"n": int(len(y)), "right": float(right.mean()), "probability": float(raw.mean()),
               "reported": float(reported.mean()), "ece_probability": expected_calibration_error(raw, right),
               "ece_reported": expected_calibration_error(reported, right)}
        out[f"confidence {title}"] = row
        lines.append(f"| {title} | {row['n']} | {row['right']:.3f} | {row['probability']:.3f} | {row['reported']:.3f} "
                     f"| {row['ece_probability']:.3f} / {row['ece_reported']:.3f} |")
    print("\n".join(lines))
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    f = sub.add_parser("features", help="cache the feature rows of sets")
    f.add_argument("sets", nargs="*", metavar="SET", help=f"one of: {', '.join(SETS)}")
    f.add_argument("--all", action="store_true", help="every set")
    f.add_argument("--force", action="store_true", help="recompute cached sets")
    f.set_defaults(func=cmd_features)
    p = sub.add_parser("fit", help="fit the combiner on the FIT sets and write decision.json")
    # 0.99 out of fold: chosen leave-one-set-out on the news sets so that each set's held-out
    # precision of "contradicted" reaches 0.95 (it did on all six; at 0.95 out of fold, four fell
    # to 0.857-0.938), for 0.004 of mean macro-F1 (0.840 -> 0.836)
    p.add_argument("--precision", type=float, default=0.99,
                   help="out-of-fold precision of 'contradicted' the retrieved setting's threshold holds")
    p.add_argument("--partial", action="store_true", help="fit on the sets that are cached")
    p.set_defaults(func=cmd_fit)
    b = sub.add_parser("board", help="print the scoreboard from the cached features")
    b.add_argument("--json", help="also write the figures to this file")
    b.set_defaults(func=cmd_board)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
