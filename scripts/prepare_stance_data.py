"""Build the training, dev and held-out test pairs for the three-way stance model.

Reads the public fact-verification sets in ``../shared/data/public`` and writes gzipped JSONL
(``{"claim", "evidence", "label", "source"}``; label 0 supported, 1 contradicted, 2 unverified)
into an output folder (default ``.train/stance/``, git-ignored), plus ``stats.json`` with the
counts of every step, which the model card quotes.

Why it is built this way (the model is judged on news claims it has never seen):

* VitaminC ``real_train_pool`` comes first: its contrastive pairs (one claim, evidence revisions
  that support or refute it, often by a single number) teach the model to read figures.
  Wikipedia pages are split by a hash of the page title: 3% of pages are dev, 3% are a
  held-out test that is never trained on or tuned against.
* Every other training source also keeps a small hash-split dev slice, so the dev score
  reports more than one style of text.
* "Not enough info" pairs are built, not only taken: for a claim, a sentence that shares many
  rare words with it but comes from another case (another page, or another case on the same
  page) and does not repeat its numbers; SciFact sentences of the cited abstracts that are not
  rationales.
* Off-topic "not enough info" pairs too (a claim with a sentence of another page that shares
  at most one content word): retrieval returns many, and without them the model reads low
  overlap as "contradicted".
* Contrast pairs for news-style robustness, generated from supported training pairs only:
  a number or year in the claim replaced by a clearly different one, or the main auxiliary
  negated, becomes "contradicted"; the original stays "supported".
* Nothing is taken from the sets reported as tests (Climate-FEVER, FEVER rte_dev and
  symmetric dev, SciFact claims_dev, COVID-Fact dev.tsv, WiCE), and training pairs whose claim
  text appears in any of them are dropped (decontamination).
* Classes are balanced by down-sampling "supported"; exact duplicates are removed and pairs
  seen with two different labels are dropped.

Extra training sources (off by default, so the default output is the v1 data byte for byte):

* ``--snli N``: a seeded sample of N SNLI pairs (premise = evidence, hypothesis = claim), a
  third per label. A "contradiction" is kept only when the hypothesis shares at least
  ``--snli-min-overlap`` of its content words with the premise (the same scene with one detail
  changed): most SNLI contradictions describe another scene altogether ("A person on a horse..."
  / "A person is at a diner"), and taught as "contradicted" they would make an off-topic
  sentence read as a contradiction, the error editors can least afford.
* ``--contrast-train PATH``: the contrast suite's *train* split (claim-file rows
  ``{"text", "evidence", "label", "meta"}``); never its dev or test split.

Both are appended after the v1 pairs are balanced, deduplicated against dev and test, and
shuffled in with their own seeded generator: dev and the held-out VitaminC test stay the v1
splits, so v1 and v2 models are scored on the same pairs.

Run (about a minute on one core)::

    .venv/bin/python scripts/prepare_stance_data.py --out .train/stance
    # stance v2 data
    .venv/bin/python scripts/prepare_stance_data.py --out .train/stance-v2 --snli 30000 \
        --contrast-train index/built/contrast/train.jsonl.gz
"""

from __future__ import annotations

import argparse
import collections
import csv
import gzip
import hashlib
import json
import logging
import math
import random
import re
import sys
from pathlib import Path

log = logging.getLogger("prepare_stance_data")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "public"

SUPPORTED, CONTRADICTED, UNVERIFIED = 0, 1, 2
LABEL_MAP = {
    "SUPPORTS": SUPPORTED, "SUPPORT": SUPPORTED, "entailment": SUPPORTED,
    "REFUTES": CONTRADICTED, "REFUTE": CONTRADICTED, "CONTRADICT": CONTRADICTED,
    "not_entailment": CONTRADICTED,  # COVID-Fact RTE: refuted claims
    "NOT ENOUGH INFO": UNVERIFIED, "NOT_ENOUGH_INFO": UNVERIFIED, "NEI": UNVERIFIED,
}
MAX_EVIDENCE_WORDS = 90  # ~128 word pieces with the claim; longer contexts get truncated
MAX_CLAIM_WORDS = 60

_DETOK = [
    (re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["), (re.compile(r"-RSB-"), "]"),
    (re.compile(r"``\s*|''"), '"'),
    (re.compile(r"\(\s+"), "("), (re.compile(r"\s+\)"), ")"),
    (re.compile(r"\s+([.,;:!?%])"), r"\1"),
    (re.compile(r"\s+('s|'re|'ve|'ll|'d|n't|')\b"), r"\1"),
    (re.compile(r"\s+--\s+"), " - "),
    (re.compile(r"([$£€])\s+(\d)"), r"\1\2"),
    (re.compile("\ufffd"), " "),
    (re.compile(r"\s+"), " "),
]


def detok(text: str) -> str:
    """Undo Wikipedia/FEVER tokenisation ("-LRB-", " ,") so training text reads like news."""
    for pat, rep in _DETOK:
        text = pat.sub(rep, text)
    return text.strip()


def norm_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def bucket(key: str) -> int:
    """Stable 0..99 bucket of a group key (split by hash: the same group never straddles)."""
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")
STOP = set(
    "the a an of in on at to for by with from and or but is are was were be been being has have "
    "had it its this that these those as than then which who whom whose what when where while "
    "there their they he she his her him i we you our your not no nor also after before about "
    "into over under more most less such can could would should will may might did does do "
    "one two first new during between including other some all any each up out only so".split()
)
_NUM = re.compile(r"\d[\d,]*(?:\.\d+)?")


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in STOP and len(w) > 2}


def numbers(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _NUM.findall(text)}


def pair(claim: str, evidence: str, label: int, source: str, group: str) -> dict:
    return {"claim": detok(claim), "evidence": detok(evidence), "label": label,
            "source": source, "group": group}


def fits(row: dict) -> bool:
    return (0 < len(row["claim"].split()) <= MAX_CLAIM_WORDS
            and 0 < len(row["evidence"].split()) <= MAX_EVIDENCE_WORDS)


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --------------------------------------------------------------------------- test claims


def test_claims(data: Path) -> set[str]:
    """Normalised claim texts of every set reported as a test (to drop from training)."""
    keys: set[str] = set()
    for line in (data / "fever" / "rte_dev.claim.txt").read_text(encoding="utf-8").splitlines():
        keys.add(norm_key(detok(line)))
    for r in read_jsonl(data / "fever" / "fever_symmetric_dev.jsonl"):
        keys.add(norm_key(detok(r["claim"])))
    for r in read_jsonl(data / "climate-fever" / "climate-fever.jsonl"):
        keys.add(norm_key(r["claim"]))
    for r in read_jsonl(data / "scifact" / "claims_dev.jsonl"):
        keys.add(norm_key(r["claim"]))
    with (data / "covid-fact" / "dev.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            keys.add(norm_key(row["Sentence2"]))
    for r in read_jsonl(data / "wice" / "dev.jsonl"):
        claim = r.get("claim") or ""
        if isinstance(claim, str):
            keys.add(norm_key(claim))
    keys.discard("")
    return keys


# --------------------------------------------------------------------------- sources


def load_sources(data: Path) -> list[dict]:
    rows: list[dict] = []
    vc = data / "vitaminc"
    for r in read_jsonl(vc / "real_train_pool.jsonl"):
        rows.append(pair(r["claim"], r["evidence"], LABEL_MAP[r["label"]], "vitaminc_real",
                         "page:" + r["page"]) | {"case": r["case_id"]})
    for r in read_jsonl(vc / "vitaminc_synthetic.jsonl"):
        rows.append(pair(r["claim"], r["evidence"], LABEL_MAP[r["label"]], "vitaminc_synthetic",
                         "page:" + r["page"]) | {"case": r["case_id"]})
    for r in read_jsonl(vc / "fever_adversarial.jsonl"):
        rows.append(pair(r["claim"], r["evidence"], LABEL_MAP[r["label"]], "fever_adversarial",
                         "page:" + r.get("page", str(r["id"]))) | {"case": str(r["id"])})
    for r in read_jsonl(vc / "fever_triggers.jsonl"):
        claim = r["claim"].rstrip("!")  # the trigger set appends "!" to every claim
        rows.append(pair(claim, r["evidence"], LABEL_MAP[r["label"]], "fever_triggers",
                         "id:" + str(r["id"])) | {"case": str(r["id"])})
    for r in read_jsonl(vc / "anli.jsonl"):
        rows.append(pair(r["claim"], r["evidence"], LABEL_MAP[r["label"]], "anli",
                         "ctx:" + r["evidence"][:80]) | {"case": r["unique_id"]})
    with (data / "covid-fact" / "train.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            evidence = row["sentence1"].replace(" > ", " ").replace(">", " ")
            rows.append(pair(row["Sentence2"], evidence, LABEL_MAP[row["label"]], "covid_fact",
                             "ev:" + evidence[:80]) | {"case": "cf" + row["index"]})
    rows.extend(scifact_pairs(data / "scifact"))
    return rows


def scifact_pairs(folder: Path) -> list[dict]:
    """Rationale sentences -> the claim's label; other sentences of cited abstracts -> NEI.

    NEI sentences are the two non-rationale sentences sharing most words with the claim, so
    they are on topic but do not decide it.
    """
    corpus = {d["doc_id"]: d for d in read_jsonl(folder / "corpus.jsonl")}
    out: list[dict] = []
    for c in read_jsonl(folder / "claims_train.jsonl"):
        cw = content_words(c["claim"])
        group = f"scifact:{c['id']}"
        for doc_id in c.get("cited_doc_ids", []):
            doc = corpus.get(doc_id)
            if doc is None:
                continue
            sents = doc["abstract"]
            used: set[int] = set()
            for ev in c.get("evidence", {}).get(str(doc_id), []):
                ids = [i for i in ev["sentences"] if i < len(sents)]
                used.update(ids)
                text = " ".join(sents[i] for i in ids)
                out.append(pair(c["claim"], text, LABEL_MAP[ev["label"]], "scifact", group)
                           | {"case": group})
            ranked = sorted(
                (i for i in range(len(sents)) if i not in used),
                key=lambda i: (-len(cw & content_words(sents[i])), i),
            )
            for i in ranked[:2]:
                out.append(pair(c["claim"], sents[i], UNVERIFIED, "scifact_nei", group)
                           | {"case": group})
    return out


# --------------------------------------------------------------------------- built NEI


def build_nei(rows: list[dict], n_target: int, rng: random.Random) -> list[dict]:
    """Retrieved-but-not-deciding pairs: a claim with an on-topic sentence of another case.

    Candidates share the most IDF-weighted content words with the claim; a candidate that
    repeats all the claim's numbers, or comes from the same case, is skipped (it might decide
    the claim). Half are taken from the same Wikipedia page when one is available (the
    hardest negatives), half from anywhere.
    """
    sentences: list[tuple[str, str, str]] = []  # (evidence, case, group)
    seen: set[str] = set()
    for r in rows:
        if r["source"] in ("anli", "vitaminc_synthetic"):
            continue  # paragraphs; synthetic edits that often contradict the page's claims
        k = norm_key(r["evidence"])
        if k not in seen:
            seen.add(k)
            sentences.append((r["evidence"], r["case"], r["group"]))
    words = [content_words(s) for s, _, _ in sentences]
    df: collections.Counter[str] = collections.Counter()
    for ws in words:
        df.update(ws)
    n_docs = len(sentences)
    idf = {w: math.log(n_docs / (1 + c)) for w, c in df.items()}
    postings: dict[str, list[int]] = collections.defaultdict(list)
    for i, ws in enumerate(words):
        for w in ws:
            if df[w] <= 300:  # rare enough to be informative; keeps the lists short
                postings[w].append(i)
    by_group: dict[str, list[int]] = collections.defaultdict(list)
    for i, (_, _, g) in enumerate(sentences):
        by_group[g].append(i)

    claims: dict[str, dict] = {}
    for r in rows:
        if r["source"] in ("anli", "scifact", "scifact_nei"):
            continue
        claims.setdefault(norm_key(r["claim"]), r)
    pool = list(claims.values())
    rng.shuffle(pool)
    out: list[dict] = []
    for r in pool:
        if len(out) >= n_target:
            break
        cw = content_words(r["claim"])
        cnums = numbers(r["claim"])
        same_page = len(out) % 2 == 0
        if same_page:
            cand = [i for i in by_group.get(r["group"], []) if sentences[i][1] != r["case"]]
        else:
            scores: collections.Counter[int] = collections.Counter()
            for w in sorted(cw):  # sorted: set order varies with PYTHONHASHSEED, and ties follow it
                for i in postings.get(w, ()):
                    scores[i] += idf[w]
            cand = [i for i, _ in scores.most_common(20)]
        best, best_score = None, 0.0
        for i in cand:
            text, case, _ = sentences[i]
            if case == r["case"]:
                continue
            if cnums and cnums <= numbers(text):
                continue  # repeats the claim's figures: could well decide it
            shared = cw & words[i]
            coverage = len(shared) / max(1, len(cw))
            if coverage >= 0.75:
                continue  # says most of what the claim says: may well support it
            if cnums and numbers(text) and coverage >= 0.5:
                continue  # the same measure with another figure reads as a contradiction
            score = sum(idf.get(w, 0.0) for w in sorted(shared))
            if score > best_score:
                best, best_score = i, score
        if best is None or best_score < 4.0:
            continue
        out.append({"claim": r["claim"], "evidence": sentences[best][0], "label": UNVERIFIED,
                    "source": "built_nei_page" if same_page else "built_nei_overlap",
                    "group": r["group"], "case": r["case"]})
    return out


def random_nei(rows: list[dict], n_target: int, rng: random.Random) -> list[dict]:
    """Off-topic pairs: a claim with a sentence from another page sharing at most one content word.

    Retrieval hands the stance model plenty of these; without them it learns that "little
    overlap" means "contradicted" (the synthetic refutations rewrite the evidence).
    """
    pool = [r for r in rows if r["source"] not in ("anli", "vitaminc_synthetic")]
    out: list[dict] = []
    tries = 0
    while len(out) < n_target and tries < 20 * n_target and len(pool) > 1:
        tries += 1
        a, b = rng.choice(pool), rng.choice(pool)
        if a["group"] == b["group"] or len(content_words(a["claim"]) & content_words(b["evidence"])) > 1:
            continue
        out.append({"claim": a["claim"], "evidence": b["evidence"], "label": UNVERIFIED,
                    "source": "random_nei", "group": a["group"], "case": a["case"]})
    return out


# --------------------------------------------------------------------------- contrast pairs

_BOUND_WORDS = re.compile(
    r"\b(more|less|fewer|over|under|least|most|nearly|about|around|approximately|almost|"
    r"roughly|up to|some|than|above|below|between|exceed\w*|only|just)\b", re.I)
# "after 2012" stays true at 2010: relative dates and hedged figures are never swapped
_RELATIVE = re.compile(
    r"\b(after|before|since|until|till|by|prior|later|earlier|as of|from|through|within|"
    r"January|February|March|April|May|June|July|August|September|October|November|December)\b",
    re.I)
_MONTH = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b")
_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)\b")
_AUX = re.compile(r"\b(is|are|was|were|has|have|had|can|will|did|does)\b")
_NEG = re.compile(r"\b(not|no|never|n't|none|nobody|without)\b|n't", re.I)


def _in_token(text: str, start: int, end: int) -> bool:
    """True for digits inside a name ("COVID-19", "U2", "F-16"): not a quantity to swap."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalpha() or before == "-" or after.isalpha() or after == "-"


def _other_number(tok: str, rng: random.Random) -> str:
    """A clearly different number in the same surface format as ``tok``."""
    value = float(tok.replace(",", ""))
    decimals = len(tok.split(".")[1]) if "." in tok else 0
    for _ in range(10):
        factor = rng.choice([0.3, 0.5, 0.6, 0.7, 1.4, 1.5, 2.0, 3.0])
        new = value * factor + rng.choice([0, 1, 2, 3])
        if decimals:
            text = f"{new:.{decimals}f}"
        else:
            text = f"{int(round(new)):,}" if "," in tok else str(int(round(new)))
        if text.replace(",", "") != tok.replace(",", "") and abs(new - value) >= max(1, 0.2 * value):
            return text
    return ""


def contrast_pairs(rows: list[dict], n_target: int, rng: random.Random) -> list[dict]:
    """Contradicted pairs generated from supported ones: number, year or negation swaps.

    Only unhedged claims are used for number swaps ("more than 20" stays true at 10), and only
    numbers that also appear in the evidence (so the evidence really pins the figure down).
    """
    out: list[dict] = []
    support = [r for r in rows if r["label"] == SUPPORTED and r["source"] != "anli"]
    rng.shuffle(support)
    kinds = collections.Counter()
    for r in support:
        if len(out) >= n_target:
            break
        claim, ev = r["claim"], r["evidence"]
        new, kind = "", ""
        years = [m for m in _YEAR.finditer(claim) if m.group(0) in ev]
        nums = [m for m in _NUM.finditer(claim)
                if m.group(0).replace(",", "") in ev.replace(",", "")
                and not _YEAR.fullmatch(m.group(0))
                and not _in_token(claim, m.start(), m.end())
                and float(m.group(0).rstrip(".").replace(",", "")) >= 10]  # "Ted 2" is a title
        if _RELATIVE.search(claim):
            years = []
        nums = [m for m in nums if not _MONTH.search(claim[max(0, m.start() - 12):m.end() + 12])]
        if years and kinds["year"] < n_target // 6:
            m = rng.choice(years)
            y = int(m.group(0)) + rng.choice([-5, -3, -2, -1, 1, 2, 3, 5])
            if str(y) not in ev:
                new, kind = claim[:m.start()] + str(y) + claim[m.end():], "year"
        elif nums and not _BOUND_WORDS.search(claim):
            m = rng.choice(nums)
            other = _other_number(m.group(0).rstrip("."), rng)
            if other and other.replace(",", "") not in ev.replace(",", ""):
                new, kind = claim[:m.start()] + other + claim[m.start() + len(m.group(0).rstrip(".")):], "number"
        elif not _NEG.search(claim) and not _NEG.search(ev) and kinds["negation"] < n_target // 6:
            auxes = list(_AUX.finditer(claim))
            if len(auxes) == 1:
                m = auxes[0]
                aux = m.group(0)
                neg = {"did": "did not", "does": "does not", "can": "cannot"}.get(aux, aux + " not")
                new, kind = claim[:m.start()] + neg + claim[m.end():], "negation"
        if new and new != claim:
            kinds[kind] += 1
            out.append({"claim": new, "evidence": ev, "label": CONTRADICTED,
                        "source": f"contrast_{kind}", "group": r["group"], "case": r["case"]})
            out.append(dict(r, source="contrast_original"))
    return out


# --------------------------------------------------------------------------- extra sources

SNLI_LABELS = {"entailment": SUPPORTED, "contradiction": CONTRADICTED, "neutral": UNVERIFIED}
CONTRAST_LABELS = {"supported": SUPPORTED, "contradicted": CONTRADICTED, "unverified": UNVERIFIED}


def snli_pairs(path: Path, n: int, min_overlap: float, rng: random.Random) -> tuple[list[dict], dict]:
    """A seeded sample of ``n`` SNLI pairs, a third per label; same-scene contradictions only.

    Returns the pairs and counts (how many contradictions the overlap rule left out).
    """
    by_label: dict[int, list[dict]] = collections.defaultdict(list)
    dropped = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            label = SNLI_LABELS.get(r.get("label"))
            if label is None:
                continue
            if label == CONTRADICTED:
                hw = content_words(r["hypothesis"])
                if len(hw & content_words(r["premise"])) < min_overlap * max(1, len(hw)):
                    dropped += 1
                    continue
            # pairs of one caption share its group: never split across a dedupe decision
            by_label[label].append(pair(r["hypothesis"], r["premise"], label, "snli",
                                        "snli:" + r["pairID"].split("#")[0]) | {"case": r["pairID"]})
    out: list[dict] = []
    for label in sorted(by_label):
        pool = by_label[label]
        out += rng.sample(pool, min(len(pool), n // 3))
    return out, {"available": {str(k): len(v) for k, v in sorted(by_label.items())},
                 "contradictions_dropped_low_overlap": dropped}


def contrast_suite_pairs(path: Path, rng: random.Random) -> list[dict]:
    """The contrast suite's train split (claim-file rows) as training pairs, source by category.

    Each label is down-sampled to the rarest label's count: the suite makes about 2.5 times
    as many "contradicted" cases as "unverified" ones, and a model taught that skew says
    "contradicted" more often, the error editors can least afford.
    """
    out: list[dict] = []
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if not line.strip():
                continue
            r = json.loads(line)
            label = r["label"] if isinstance(r["label"], int) else CONTRAST_LABELS[str(r["label"]).lower()]
            meta = r.get("meta") or {}
            category = meta.get("category") or meta.get("kind") or "case"
            group = str(meta.get("doc") or meta.get("doc_id") or meta.get("document") or n)
            out.append({"claim": r["text"], "evidence": r["evidence"], "label": label,
                        "source": f"contrast_suite_{category}", "group": "contrast:" + group,
                        "case": str(r.get("id", n))})
    by_label: dict[int, list[dict]] = collections.defaultdict(list)
    for r in out:
        by_label[r["label"]].append(r)
    size = min(len(v) for v in by_label.values()) if by_label else 0
    return [r for label in sorted(by_label) for r in rng.sample(by_label[label], size)]


def add_extra(train: list[dict], extra: list[dict], held_out: set[tuple[str, str]],
              banned: set[str], rng: random.Random,
              held_out_evidence: frozenset[str] = frozenset()) -> tuple[list[dict], dict]:
    """Append extra training pairs: fitting, not a test claim, not in dev/test, not a duplicate.

    A pair whose evidence sentence is one of dev's or test's is dropped too (a generated claim
    on a held-out sentence would teach the model that sentence).
    """
    seen = {(norm_key(r["claim"]), norm_key(r["evidence"])) for r in train}
    counts = collections.Counter()
    out = list(train)
    for r in extra:
        key = (norm_key(r["claim"]), norm_key(r["evidence"]))
        if not fits(r):
            counts["too_long"] += 1
        elif norm_key(r["claim"]) in banned:
            counts["test_claim"] += 1
        elif key in held_out or key[1] in held_out_evidence:
            counts["in_dev_or_test"] += 1
        elif key in seen:
            counts["duplicate"] += 1
        else:
            seen.add(key)
            out.append(r)
            counts["added"] += 1
    rng.shuffle(out)
    return out, dict(counts)


# --------------------------------------------------------------------------- main


def dedupe(rows: list[dict]) -> tuple[list[dict], int, int]:
    """Drop exact duplicate pairs; drop pairs seen with two different labels."""
    by_key: dict[tuple[str, str], dict] = {}
    labels: dict[tuple[str, str], set[int]] = collections.defaultdict(set)
    for r in rows:
        key = (norm_key(r["claim"]), norm_key(r["evidence"]))
        labels[key].add(r["label"])
        by_key.setdefault(key, r)
    conflicting = {k for k, v in labels.items() if len(v) > 1}
    kept = [r for k, r in by_key.items() if k not in conflicting]
    return kept, len(rows) - len(by_key), len(conflicting)


def write_jsonl_gz(path: Path, rows: list[dict]) -> None:
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as fh:
        for r in rows:
            fh.write(json.dumps({k: r[k] for k in ("claim", "evidence", "label", "source")},
                                ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared public data folder")
    ap.add_argument("--out", type=Path, default=PROJECT_ROOT / ".train" / "stance")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--nei-ratio", type=float, default=1.0,
                    help="built NEI pairs: up to this times the contradicted count, minus the NEI already there")
    ap.add_argument("--contrast", type=int, default=6000, help="generated contradicted pairs")
    ap.add_argument("--random-nei", type=int, default=4000, help="off-topic unverified pairs")
    ap.add_argument("--snli", type=int, default=0, help="add this many SNLI pairs (0: none)")
    ap.add_argument("--snli-min-overlap", type=float, default=0.5,
                    help="an SNLI contradiction is kept when this share of its claim's content words is in the evidence")
    ap.add_argument("--contrast-train", type=Path, default=None,
                    help="the contrast suite's train split (.jsonl or .jsonl.gz) to add")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    rng = random.Random(args.seed)
    stats: dict = {"seed": args.seed}

    rows = load_sources(args.data)
    stats["loaded"] = dict(collections.Counter(r["source"] for r in rows))
    banned = test_claims(args.data)
    before = len(rows)
    rows = [r for r in rows if norm_key(r["claim"]) not in banned]
    stats["dropped_test_claims"] = before - len(rows)
    before = len(rows)
    rows = [r for r in rows if fits(r)]
    stats["dropped_too_long"] = before - len(rows)

    # Splits by group hash: VitaminC real pages 0-2 dev, 3-5 test; other sources 0-2 dev.
    train, dev, test = [], [], []
    for r in rows:
        b = bucket(r["group"])
        if b < 3:
            dev.append(r)
        elif b < 6 and r["group"].startswith("page:"):
            (test if r["source"] == "vitaminc_real" else dev).append(r)
        else:
            train.append(r)
    # built pairs come only from training rows, so nothing of dev/test leaks in
    counts = collections.Counter(r["label"] for r in train)
    n_nei = max(0, int(args.nei_ratio * counts[CONTRADICTED]) - counts[UNVERIFIED])
    nei = build_nei(train, n_nei, rng)
    contrast = contrast_pairs(train, args.contrast, rng)
    nei += random_nei(train, args.random_nei, rng)
    stats["built_nei"] = dict(collections.Counter(r["source"] for r in nei))
    stats["contrast"] = dict(collections.Counter(r["source"] for r in contrast))
    # dev also gets built NEI from dev rows (so dev measures the unverified class in kind)
    dev_nei = build_nei(dev, len(dev) // 6, random.Random(args.seed + 1))
    dev_nei += random_nei(dev, len(dev) // 12, random.Random(args.seed + 3))
    test_nei = build_nei(test, len(test) // 6, random.Random(args.seed + 2))

    train, dup, conflict = dedupe(train + nei + contrast)
    stats["train_duplicates_removed"] = dup
    stats["train_conflicting_pairs_removed"] = conflict
    dev, _, _ = dedupe(dev + dev_nei)
    test, _, _ = dedupe(test + test_nei)
    dev_keys = {(norm_key(r["claim"]), norm_key(r["evidence"])) for r in dev + test}
    train = [r for r in train if (norm_key(r["claim"]), norm_key(r["evidence"])) not in dev_keys]

    # Balance: down-sample "supported" to the size of the larger other class.
    by_label: dict[int, list[dict]] = collections.defaultdict(list)
    for r in train:
        by_label[r["label"]].append(r)
    cap = max(len(by_label[CONTRADICTED]), len(by_label[UNVERIFIED]))
    stats["train_before_balance"] = {str(k): len(v) for k, v in sorted(by_label.items())}
    if len(by_label[SUPPORTED]) > cap:
        # keep generated originals and VitaminC real first: they are the contrastive halves
        sup = by_label[SUPPORTED]
        rng.shuffle(sup)
        sup.sort(key=lambda r: 0 if r["source"] in ("contrast_original", "vitaminc_real") else 1)
        by_label[SUPPORTED] = sup[:cap]
    train = [r for v in by_label.values() for r in v]
    rng.shuffle(train)

    extra: list[dict] = []
    extra_rng = random.Random(args.seed + 100)  # its own generator: the v1 part stays as it was
    if args.snli:
        snli, stats["snli"] = snli_pairs(args.data / "snli" / "snli_1.0_train_first100k.jsonl.gz",
                                         args.snli, args.snli_min_overlap, extra_rng)
        extra += snli
    if args.contrast_train:
        if "train" not in args.contrast_train.name:
            raise SystemExit(f"--contrast-train {args.contrast_train}: only the suite's train split may be trained on")
        suite = contrast_suite_pairs(args.contrast_train, extra_rng)
        extra += suite
        stats["contrast_train"] = {
            "path": str(args.contrast_train),
            "sha256": hashlib.sha256(args.contrast_train.read_bytes()).hexdigest(),
            "taken": dict(collections.Counter(r["label"] for r in suite))}
    if extra:
        train, stats["extra"] = add_extra(train, extra, dev_keys, banned, extra_rng,
                                          frozenset(norm_key(r["evidence"]) for r in dev + test))

    stats["train"] = {"total": len(train),
                      "by_label": dict(sorted(collections.Counter(r["label"] for r in train).items())),
                      "by_source": dict(collections.Counter(r["source"] for r in train).most_common())}
    for name, part in (("dev", dev), ("test_vitaminc", test)):
        stats[name] = {"total": len(part),
                       "by_label": dict(sorted(collections.Counter(r["label"] for r in part).items())),
                       "by_source": dict(collections.Counter(r["source"] for r in part).most_common())}
    args.out.mkdir(parents=True, exist_ok=True)
    write_jsonl_gz(args.out / "train.jsonl.gz", train)
    write_jsonl_gz(args.out / "dev.jsonl.gz", dev)
    write_jsonl_gz(args.out / "test_vitaminc.jsonl.gz", test)
    (args.out / "stats.json").write_text(json.dumps(stats, indent=2) + "\n")
    log.info(json.dumps(stats, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
