"""Generate the contrast suite: labelled (claim, evidence) cases built from real sentences.

The suite is the project's generalisation instrument (issue 14). Every case pairs a REAL
sentence (the evidence) with a claim made from it by one named transformation, so its label is
known by construction:

* supported (``sup_*``): the sentence's fact written another way (a figure rounded with a
  bound that holds, a date in another format, a clause dropped, parts reordered);
* contradicted (``con_*``): one fact swapped for another of the same type from the SAME
  document (a figure, a name, a date, a speaker), a figure moved beyond tolerance, a bound or
  before/after flipped, a negation added or removed;
* unverified (``unv_*``): another sentence of the same document on the same topic that does
  not state the fact, or the sentence with a detail the evidence does not give.

Sources (read-only): Wikipedia sentences of VitaminC ``real_train_pool`` (grouped by page) and
of FEVER (one sentence each), SciFact abstracts, COVID-Fact and WiCE news-like web text,
Climate-FEVER (grouped by article), and the news reference corpora under ``index/corpora``.

Splits are by document (a stable sha1 bucket of the document key, the same ``bucket`` as
``prepare_stance_data.py``): buckets 0-9 test, 10-19 dev, 20-99 train. Documents that a public
*training* set uses (VitaminC pages in buckets 6-9, the abstracts SciFact's training claims cite,
COVID-Fact train evidence) never enter test (they go to train); documents of the public
*held-out* sets (FEVER dev, Climate-FEVER, WiCE dev, SciFact dev's cited abstracts, COVID-Fact
dev) and of the project's news development corpora (``NEWS_SETS``: training on them would leak
into the news sets' scores) always go to test, never to train or dev.

Outputs: ``index/built/contrast/{train,dev}.jsonl.gz`` and ``stats.json`` (git-ignored,
regenerable) and the frozen ``claims/contrast/test.jsonl.gz`` (committed; its sha256 is in
``claims/contrast/README.md``). Each line is a claim-file line ``{"id","text","label",
"evidence","meta"}`` that ``verifier eval`` reads in the pair setting. ``--retrieval`` writes
instead ``claims/contrast/retrieval-<corpus>.jsonl`` for each news corpus (the retrieval setting).

Deterministic for a given ``--seed``: inputs are sorted, every random choice comes from a
``random.Random`` seeded by the seed and the case's own key, and gzip headers carry no time.

Run (parses about 80,000 sentences with spaCy; the parse is cached under index/built)::

    .venv/bin/python scripts/contrast_suite.py            # train, dev, test, stats
    .venv/bin/python scripts/contrast_suite.py --check    # regenerate test and compare sha256
    .venv/bin/python scripts/contrast_suite.py --show 5   # print 5 random cases per category
"""

from __future__ import annotations

import argparse
import collections
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import math
import random
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from verifier import text as calendar_words

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger("contrast_suite")

DEFAULT_DATA = PROJECT_ROOT.parent / "shared" / "data" / "public"
DEFAULT_CORPORA = PROJECT_ROOT / "index" / "corpora"
BUILT_DIR = PROJECT_ROOT / "index" / "built" / "contrast"
CLAIMS_DIR = PROJECT_ROOT / "claims" / "contrast"
DEFAULT_SEED = 14
# The news sets whose corpora the suite reads. Fixed, not globbed: a set added later (a blind
# set written for a first run) must not slip into the suite, and the frozen test split must
# not change when one is added.
NEWS_SETS = ("dev2", "dev3", "dev4", "dev5", "dev6", "ukraine-2022-04-26")

SPLITS = ("train", "dev", "test")
TEST_BUCKETS = range(0, 10)
DEV_BUCKETS = range(10, 20)
# Per split and category at most this many cases (sampled with the seed): keeps categories
# comparable and the frozen test split quick to evaluate (about 30 claims/s on 2 cores).
CAPS = {"train": 9000, "dev": 700, "test": 700}
PER_DOC_CAP = 6  # cases of one category from one document: big pages must not dominate
MIN_WORDS, MAX_WORDS = 6, 60

LABEL_OF_PREFIX = {"sup": "supported", "con": "contradicted", "unv": "unverified"}
CATEGORIES = (
    "sup_number_format", "sup_date_format", "sup_clause_drop", "sup_reorder",
    "con_swap_number", "con_swap_entity", "con_swap_date", "con_date_shift", "con_number_shift",
    "con_bound_flip", "con_order_flip", "con_negation", "con_speaker_swap",
    "unv_other_sentence", "unv_added_detail",
)

# --------------------------------------------------------------------------- word lists

MONTHS = tuple(m.capitalize() for m in calendar_words.MONTHS)  # "January" ... (verifier.text)
_MONTH_RE = "|".join(MONTHS)
WEEKDAYS = tuple(w.capitalize() for w in calendar_words.WEEKDAYS)
NUMBER_WORDS = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 15: "fifteen", 20: "twenty"}
WORD_NUMBERS = {w: n for n, w in NUMBER_WORDS.items()}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# Fractions written in words for a percentage within half a point (next word "of").
FRACTIONS = ((50.0, "half"), (25.0, "a quarter"), (75.0, "three quarters"), (100 / 3, "a third"),
             (200 / 3, "two thirds"), (20.0, "a fifth"), (10.0, "one in ten"))
APPROX_WORDS = {"about", "around", "approximately", "roughly", "some", "nearly", "almost", "over",
                "under", "up", "least", "most", "than", "estimated", "circa", "ca.", "c.", "only",
                "just", "below", "above", "exceeding", "exceeded", "between", "x", "×", "top",
                "no.", "number", "#"}
# A number right after one of these is an identifier, a statistic or a label, not a quantity.
NOT_QUANTITY_BEFORE = {"no.", "no", "number", "#", "p", "n", "version", "chapter", "section",
                       "table", "figure", "fig.", "fig", "article", "route", "highway",
                       "interstate", "page", "pages", "episode", "season", "apollo", "volume",
                       "vol.", "level", "game", "week", "round", "stage", "phase", "type", "grade",
                       "class", "series", "model", "windows", "ios", "android", "iphone", "ps",
                       "mark", "mk", "cd", "il", "ifn", "tnf", "tgf", "igf", "cox", "hla", "day", "unit",
                       "block", "reactor", "gate", "terminal", "line", "ward", "exit", "row",
                       "category", "zone", "code", "room", "floor",
                       "days", "year", "years", "mp", "flight", "platform", "channel", "track",
                       "act", "pp.", "p.", "r2", "pt", "ad", "bc", "=", "<", ">", "±", "≤", "≥",
                       "~", "+", "-", "/", ":"}
STAT_CONTEXT = {"p", "p-value", "alpha", "coefficient", "correlation", "odds", "hazard", "auc",
                "interval", "kappa"}  # "a P value of 0.00049"
STAT_BEFORE = {"OR", "HR", "RR", "CI", "SD", "SE", "df", "P", "p", "n", "N", "R", "r", "t", "F", "z",
               "Z", "x", "X"}  # statistics, case-sensitive ("or 40 percent" is a quantity)
SAY_LEMMAS = {"say", "tell", "state", "announce", "add", "write", "claim", "argue", "warn",
              "insist", "note", "explain", "report", "declare", "confirm", "deny"}
NEG_SKIP_AFTER = {"until", "only", "just", "least", "always", "necessarily", "all", "much", "far",
                  "yet", "even", "to", "so", "quite", "very", "enough", "exactly", "because",
                  "everyone", "everything", "every", "merely", "simply", "unlike", "surprisingly",
                  "least", "unusual", "uncommon", "limited", "one", "a", "an"}
# "is still verifying" does not negate as "is not still verifying"
NEG_SKIP_NEXT = {"still", "already", "also", "now", "currently", "yet", "just", "only", "even",
                 "always", "often", "usually", "once", "again", "likely", "probably", "expected"}
QUANTIFIERS = {"all", "some", "many", "most", "several", "few", "each", "every", "no", "any",
               "both", "either", "neither", "half", "none", "majority", "minority"}
ORDER_SKIP_BEFORE = {"named", "modelled", "modeled", "patterned", "look", "looks", "looked",
                     "looking", "take", "takes", "took", "taken", "taking", "appear", "appears",
                     "appeared", "appearing", "testify", "testified", "testifying", "brought",
                     "come", "came", "comes", "coming", "went", "go", "goes", "going", "run",
                     "ran", "chase", "chased", "sought", "seek", "ask", "asked", "called",
                     "stand", "stood", "standing", "lie", "lies", "lay", "day", "one", "right",
                     "shortly", "immediately", "just", "soon", "long", "year", "years", "week",
                     "weeks", "days", "months", "month", "hours", "minutes", "decades", "even"}
ORDER_SKIP_AFTER = {"all", "which", "that", "this", "it", "him", "her", "them", "me", "us",
                    "you", "long", "then", "now", "ever", "a", "an", "its", "his", "their"}
PRONOUN_START = {"he", "she", "it", "they", "this", "these", "that", "those", "his", "her", "its",
                 "their", "we", "i", "our", "such", "both", "here", "there"}
ADDED_PLACES = ("Brazil", "Canada", "Japan", "Kenya", "Mexico", "Norway", "Peru", "Vietnam", "Chile",
                "Egypt", "Portugal", "Indonesia", "Nigeria", "Sweden", "Argentina", "Poland", "Turkey",
                "Australia", "India", "Spain", "Chicago", "Toronto", "Madrid", "Cairo", "Sydney",
                "Mumbai", "Berlin", "Geneva", "Nairobi", "Lima")
ADDED_PHRASES = ("for the first time", "for the second time in a row", "despite strong opposition",
                 "after months of delay", "for the third consecutive year", "ahead of schedule")
IRREGULAR_PAST = {
    "be": "was", "become": "became", "begin": "began", "break": "broke", "bring": "brought",
    "build": "built", "buy": "bought", "catch": "caught", "choose": "chose", "come": "came",
    "cost": "cost", "cut": "cut", "do": "did", "draw": "drew", "drink": "drank", "drive": "drove",
    "eat": "ate", "fall": "fell", "feel": "felt", "fight": "fought", "find": "found", "fly": "flew",
    "forget": "forgot", "get": "got", "give": "gave", "go": "went", "grow": "grew", "hang": "hung",
    "have": "had", "hear": "heard", "hide": "hid", "hit": "hit", "hold": "held", "hurt": "hurt",
    "keep": "kept", "know": "knew", "lay": "laid", "lead": "led", "leave": "left", "lend": "lent",
    "let": "let", "lie": "lay", "lose": "lost", "make": "made", "mean": "meant", "meet": "met",
    "pay": "paid", "put": "put", "read": "read", "ride": "rode", "ring": "rang", "rise": "rose",
    "run": "ran", "say": "said", "see": "saw", "seek": "sought", "sell": "sold", "send": "sent",
    "set": "set", "shoot": "shot", "show": "showed", "shut": "shut", "sing": "sang", "sink": "sank",
    "sit": "sat", "sleep": "slept", "speak": "spoke", "spend": "spent", "stand": "stood",
    "steal": "stole", "stick": "stuck", "strike": "struck", "swim": "swam", "take": "took",
    "teach": "taught", "tell": "told", "think": "thought", "throw": "threw", "understand": "understood",
    "wake": "woke", "wear": "wore", "win": "won", "write": "wrote", "withdraw": "withdrew",
    "stop": "stopped", "plan": "planned", "ban": "banned", "admit": "admitted", "commit": "committed",
    "permit": "permitted", "occur": "occurred", "prefer": "preferred", "refer": "referred",
    "drop": "dropped", "ship": "shipped", "step": "stepped", "submit": "submitted",
}
_VOWELS = set("aeiou")

# --------------------------------------------------------------------------- small helpers


def bucket(key: str) -> int:
    """Stable 0..99 bucket of a document key (the same function as prepare_stance_data.py)."""
    return int(hashlib.sha1(key.encode()).hexdigest()[:8], 16) % 100


def split_of_bucket(b: int) -> str:
    return "test" if b in TEST_BUCKETS else "dev" if b in DEV_BUCKETS else "train"


def short_hash(text: str, n: int = 12) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


_DETOK = [
    (re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"),
    (re.compile(r"-LSB-"), "["), (re.compile(r"-RSB-"), "]"),
    (re.compile(r"``\s*|''"), '"'),
    (re.compile(r"\(\s+"), "("), (re.compile(r"\s+\)"), ")"),
    (re.compile(r"\s+([.,;:!?%])"), r"\1"),
    (re.compile(r"\s+('s|'re|'ve|'ll|'d|n't|')(?=\W|$)"), r"\1"),
    (re.compile(r"\s+--\s+"), " - "),
    (re.compile(r"([$£€])\s+(\d)"), r"\1\2"),
    (re.compile("[\ufffd\u00a0]"), " "),
    (re.compile(r"\s+"), " "),
]


def detok(text: str) -> str:
    """Undo Wikipedia/FEVER tokenisation ("-LRB-", " ,") so the sentence reads like prose."""
    for pat, rep in _DETOK:
        text = pat.sub(rep, text)
    return text.strip()


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+|\d[\d,.]*")
STOP = set(
    "the a an of in on at to for by with from and or but is are was were be been being has have "
    "had it its this that these those as than then which who whom whose what when where while "
    "there their they he she his her him i we you our your not no nor also after before about "
    "into over under more most less such can could would should will may might did does do "
    "one two first new during between including other some all any each up out only so".split()
)


def content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if w.lower() not in STOP and len(w) > 2}


_DIGITS = re.compile(r"\d[\d,]*(?:\.\d+)?")


def numbers_in(text: str) -> set[str]:
    return {n.replace(",", "").rstrip(".") for n in _DIGITS.findall(text)}


def good_sentence(text: str) -> bool:
    """A prose sentence worth using: complete, of moderate length, no markup or URLs."""
    n = len(text.split())
    if not (MIN_WORDS <= n <= MAX_WORDS):
        return False
    if not re.match(r"[A-Z0-9\"'\u201c]", text) or not re.search(r"[.!?][\"'\u201d\u2019)]?$", text):
        return False
    if re.search(r"https?:|www\.|[|{}<>\\_=@]|\.\.\.|\u2026|\[\d", text) or text.endswith("?"):
        return False
    if text.count('"') % 2 or text.count("(") != text.count(")"):
        return False
    if re.search(r"[A-Za-z]{2}\.[A-Z][a-z]|[\w)]\. [a-z]", text):
        return False  # two revisions or a heading glued together ("...RIAA.Calling All Hearts")
    letters = sum(ch.isalpha() for ch in text)
    return letters >= 0.6 * len(text)


def fmt_number(value: float, like: str) -> str:
    """``value`` written in the style of ``like`` (thousands separators, decimals)."""
    decimals = len(like.split(".")[1]) if "." in like else 0
    if decimals:
        out = f"{value:,.{decimals}f}"
    else:
        out = f"{int(round(value)):,}"
    if "," not in like and abs(value) < 10000:
        out = out.replace(",", "")
    return out


def round_sig(value: float, sig: int, mode: str = "nearest") -> float:
    """``value`` to ``sig`` significant figures, rounded down, up or to the nearest."""
    if value <= 0:
        return value
    step = 10 ** (math.floor(math.log10(value)) - sig + 1)
    q = value / step
    r = math.floor(q + 1e-9) if mode == "down" else math.ceil(q - 1e-9) if mode == "up" else round(q)
    return r * step


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def past_tense(lemma: str) -> str | None:
    """Simple past of a verb lemma, or None where a rule would guess (CVC doubling)."""
    if lemma in IRREGULAR_PAST:
        return IRREGULAR_PAST[lemma]
    if not lemma.isalpha() or len(lemma) < 3:
        return None
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ied"
    if (len(lemma) <= 4 and lemma[-1] not in _VOWELS | {"w", "x", "y"}
            and lemma[-2] in _VOWELS and lemma[-3] not in _VOWELS):
        return None  # "stop" -> "stopped" but "open" -> "opened": not guessed
    return lemma + "ed"


def third_person(lemma: str) -> str | None:
    if lemma == "have":
        return "has"
    if lemma in ("be", "do"):
        return None if lemma == "be" else "does"
    if not lemma.isalpha():
        return None
    if lemma.endswith(("s", "sh", "ch", "x", "z", "o")):
        return lemma + "es"
    if lemma.endswith("y") and lemma[-2] not in _VOWELS:
        return lemma[:-1] + "ies"
    return lemma + "s"


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True)
class SourceDoc:
    """A document of real sentences: ``policy`` says which splits it may enter."""

    source: str  # dataset: vitaminc, fever, scifact, covid-fact, wice, climate-fever, news
    key: str  # document key, e.g. "vitaminc:page:Westlife"
    bucket_key: str  # what the split hash reads (VitaminC: "page:<title>", as the stance data)
    sentences: tuple[str, ...]
    policy: str = "any"  # "any", "test_only" (a public held-out set uses it), "no_test" (a training set does)

    @property
    def split(self) -> str:
        """The document's split: its hash bucket's, except that a document of a public held-out
        set is always test and one a public training set uses is never test (it goes to train)."""
        if self.policy == "test_only":
            return "test"
        s = split_of_bucket(bucket(self.bucket_key))
        return "train" if self.policy == "no_test" and s == "test" else s


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _dedupe_sentences(texts: Iterable[str]) -> tuple[str, ...]:
    """Good sentences in first-seen order, one per skeleton (Wikipedia revisions of one sentence
    that differ only in figures count once)."""
    seen: set[str] = set()
    out = []
    for t in texts:
        if not good_sentence(t):
            continue
        skel = re.sub(r"[\d\W]+", " ", t.lower()).strip()
        if skel in seen:
            continue
        seen.add(skel)
        out.append(t)
    return tuple(out)


def _split_sentences(text: str) -> list[str]:
    from verifier.text import sentence_spans

    return [text[s:e].strip() for s, e in sentence_spans(text)]


def load_vitaminc(data: Path) -> list[SourceDoc]:
    pages: dict[str, list[str]] = collections.defaultdict(list)
    for r in _read_jsonl(data / "vitaminc" / "real_train_pool.jsonl"):
        pages[r["page"]].append(detok(r["evidence"]))
    docs = []
    for page in sorted(pages):
        b = bucket("page:" + page)
        # buckets 0-2: the stance model's dev pages, 3-5 its held-out test: neither trained on;
        # 6-9 are trained on, so they may not be contrast test documents (they go to train)
        policy = "no_test" if 6 <= b <= 9 else "any"
        docs.append(SourceDoc("vitaminc", "vitaminc:page:" + detok(page), "page:" + page,
                              _dedupe_sentences(pages[page]), policy))
    return docs


def load_fever(data: Path) -> list[SourceDoc]:
    texts = (data / "fever" / "rte_dev.evidence.txt").read_text(encoding="utf-8").splitlines()
    texts += [r["evidence"] for r in _read_jsonl(data / "fever" / "fever_symmetric_dev.jsonl")]
    sents = sorted({detok(t) for t in texts})
    docs = []
    for s in sents:
        key = "fever:" + short_hash(s, 16)
        docs.append(SourceDoc("fever", key, key, _dedupe_sentences([s]), "test_only"))
    return docs


SECTION_WORDS = {"BACKGROUND", "METHODS", "METHOD", "RESULTS", "RESULT", "CONCLUSIONS", "CONCLUSION",
                 "OBJECTIVE", "OBJECTIVES", "PURPOSE", "DESIGN", "SETTING", "SETTINGS", "PARTICIPANTS",
                 "INTERVENTION", "INTERVENTIONS", "MEASUREMENTS", "FINDINGS", "INTERPRETATION",
                 "CONTEXT", "AIM", "AIMS", "INTRODUCTION", "MAIN", "OUTCOME", "OUTCOMES", "MEASURES",
                 "SIGNIFICANCE", "IMPORTANCE", "METHODOLOGY", "PRINCIPAL", "RATIONALE", "PATIENTS",
                 "MATERIALS", "AND", "SUMMARY", "ABSTRACT", "FUNDING", "LIMITATIONS", "EXPOSURE",
                 "EXPOSURES", "DATA", "SOURCES", "STUDY", "SELECTION", "EXTRACTION", "SYNTHESIS",
                 "REVIEW", "PRIMARY", "SECONDARY", "POPULATION", "SUBJECTS", "HYPOTHESIS", "GOAL",
                 "OBSERVATIONS", "EVIDENCE", "CLINICAL", "TRIAL", "REGISTRATION", "QUESTION"}


def strip_section_label(sentence: str) -> str:
    """'CONCLUSIONS Variation in ...' -> 'Variation in ...': an abstract's section heading is no
    part of the sentence."""
    for pattern in (r"^([A-Z][A-Z /]+)(?::\s*|\s+)(?=[A-Z0-9(])", r"^([A-Z][A-Z /]+?)(?::\s*|\s+)(?=[A-Z0-9(])",
                    r"^([A-Z][a-z]+):\s*(?=[A-Z0-9(])"):
        m = re.match(pattern, sentence)
        if m and set(re.split(r"[ /]+", m.group(1).strip().upper())) <= SECTION_WORDS:
            return sentence[m.end():]
    return sentence


def load_scifact(data: Path) -> list[SourceDoc]:
    folder = data / "scifact"
    train_docs = {d for c in _read_jsonl(folder / "claims_train.jsonl") for d in c.get("cited_doc_ids", [])}
    dev_docs = {d for c in _read_jsonl(folder / "claims_dev.jsonl") for d in c.get("cited_doc_ids", [])}
    docs = []
    for d in sorted(_read_jsonl(folder / "corpus.jsonl"), key=lambda d: d["doc_id"]):
        doc_id = d["doc_id"]
        if doc_id in train_docs and doc_id in dev_docs:
            continue
        policy = "test_only" if doc_id in dev_docs else "no_test" if doc_id in train_docs else "any"
        key = f"scifact:{doc_id}"
        docs.append(SourceDoc("scifact", key, key,
                              _dedupe_sentences(strip_section_label(s.strip()) for s in d["abstract"]), policy))
    return docs


def load_covid_fact(data: Path) -> list[SourceDoc]:
    folder = data / "covid-fact"
    by_file: dict[str, set[str]] = {}
    for name in ("train", "dev"):
        with (folder / f"{name}.tsv").open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        by_file[name] = {re.sub(r"\s+", " ", r["sentence1"].replace(">", " ")).strip() for r in rows}
    docs = []
    for text in sorted(by_file["train"] | by_file["dev"]):
        in_train, in_dev = text in by_file["train"], text in by_file["dev"]
        if in_train and in_dev:
            continue
        key = "covid-fact:" + short_hash(text, 16)
        docs.append(SourceDoc("covid-fact", key, key, _dedupe_sentences(_split_sentences(text)),
                              "no_test" if in_train else "test_only"))
    return docs


def load_wice(data: Path) -> list[SourceDoc]:
    articles = {}
    for r in _read_jsonl(data / "wice" / "dev.jsonl"):
        lines = [ln.strip() for ln in r["evidence"] if isinstance(ln, str)]
        articles["\n".join(lines)] = lines
    docs = []
    for joined in sorted(articles):
        key = "wice:" + short_hash(joined, 16)
        lines = [ln for ln in articles[joined] if not ln.startswith(("(meta data)", "#", "*", "-"))]
        docs.append(SourceDoc("wice", key, key, _dedupe_sentences(lines), "test_only"))
    return docs


def load_climate_fever(data: Path) -> list[SourceDoc]:
    articles: dict[str, dict[str, str]] = collections.defaultdict(dict)
    for r in _read_jsonl(data / "climate-fever" / "climate-fever.jsonl"):
        for ev in r["evidences"]:
            articles[ev["article"]][ev["evidence_id"]] = ev["evidence"].strip()
    docs = []
    for art in sorted(articles):
        ids = sorted(articles[art], key=lambda i: (int(i.rsplit(":", 1)[1]) if i.rsplit(":", 1)[1].isdigit() else 0, i))
        key = "climate-fever:" + art
        docs.append(SourceDoc("climate-fever", key, key, _dedupe_sentences(articles[art][i] for i in ids),
                              "test_only"))
    return docs


def read_corpus_file(path: Path) -> tuple[dict[str, str], str]:
    """Front matter (``key: value`` lines between ``---``) and body of a corpus Markdown file."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    if m:
        for line in m.group(1).splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                meta[k.strip()] = v.strip().strip("\"'")
        text = text[m.end():]
    return meta, text


_DATELINE = re.compile(r"^([^\n]{2,90}?)\s[-\u2013\u2014]\s(?:[^\n]{0,25}?\d{4}:\s)?")


def strip_dateline(sentence: str) -> str:
    """'ULMEN, Valdoria (Continental Press) - Rescuers...' -> 'Rescuers...': a dateline is
    no part of the fact."""
    m = _DATELINE.match(sentence)
    if not m:
        return sentence
    prefix = m.group(1)
    first = prefix.split(",")[0].split(" ")[0]
    if ("(" in prefix or _DATE_NEAR.search(prefix) or first.isupper() and len(first) > 2
            or m.group(0).endswith(": ")):
        return capitalize_first(sentence[m.end():])
    return sentence


def load_corpora(corpora: Path, sets: Iterable[str] = ()) -> list[SourceDoc]:
    """The news development corpora: test only (training on them would leak into the news
    sets' leave-one-set-out scores)."""
    docs = []
    for path in sorted(p for name in sorted(sets or NEWS_SETS) for p in (corpora / name).glob("*.md")):
        _, body = read_corpus_file(path)
        body = "\n".join(ln for ln in body.splitlines() if not ln.lstrip().startswith(("#", "|")))
        key = f"corpus:{path.parent.name}/{path.stem}"
        sents = [strip_dateline(t) for t in _split_sentences(body)]
        docs.append(SourceDoc("news", key, key, _dedupe_sentences(sents), "test_only"))
    return docs


LOADERS: dict[str, Callable[[Path], list[SourceDoc]]] = {
    "vitaminc": load_vitaminc, "fever": load_fever, "scifact": load_scifact,
    "covid-fact": load_covid_fact, "wice": load_wice, "climate-fever": load_climate_fever,
}


def load_documents(data: Path, corpora: Path, sources: Iterable[str],
                   news_sets: Iterable[str] = NEWS_SETS) -> list[SourceDoc]:
    """Every document of the chosen sources that has a usable sentence, in a fixed order."""
    docs: list[SourceDoc] = []
    for name in sorted(sources):
        got = load_corpora(corpora, news_sets) if name == "news" else LOADERS[name](data)
        docs.extend(d for d in got if d.sentences)
    return docs


# --------------------------------------------------------------------------- parsing


def get_nlp():
    from verifier.claims.nlp import get_nlp as _get

    return _get()


def parse_all(texts: list[str], cache_dir: Path | None) -> list["Doc"]:
    """spaCy parses of ``texts`` (in order). Parses are cached by sentence text in DocBin files
    under ``cache_dir`` (one per model, added to as new sentences come): the parse of a
    sentence does not depend on its batch, so a cached one is the same parse."""
    from spacy.tokens import DocBin

    nlp = get_nlp()
    model = f"{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    known: dict[str, Doc] = {}
    if cache_dir is not None and cache_dir.exists():
        for path in sorted(cache_dir.glob(f"parse-{model}-*.spacy")):
            for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
                known.setdefault(doc.text, doc)
        log.info("parse cache: %d sentences", len(known))
    missing = sorted({t for t in texts if t not in known})
    new_docs = []
    for i, doc in enumerate(nlp.pipe(missing, batch_size=256)):
        new_docs.append(doc)
        known[doc.text] = doc
        if i and i % 10000 == 0:
            log.info("parsed %d / %d sentences", i, len(missing))
    if cache_dir is not None and new_docs:
        cache_dir.mkdir(parents=True, exist_ok=True)
        name = f"parse-{model}-{short_hash(chr(10).join(missing), 16)}.spacy"
        DocBin(attrs=["ORTH", "TAG", "HEAD", "DEP", "ENT_IOB", "ENT_TYPE", "LEMMA", "POS", "SPACY",
                      "MORPH"], store_user_data=False, docs=new_docs).to_disk(cache_dir / name)
    return [known[t] for t in texts]


# --------------------------------------------------------------------------- figures and dates


@dataclass(frozen=True)
class Figure:
    """A number in a sentence: ``text[start:end]`` is the numeral (no currency, scale or %)."""

    start: int
    end: int
    num: str
    value: float  # the numeral's value (before the scale word)
    cur: str
    scale: str
    pct: str  # "%", "percent", "per cent" or ""
    full_start: int  # including currency
    full_end: int  # including scale and percent
    before: str  # the word before, lower-cased ("more than" gives "than")
    before2: str  # the two words before
    after: str  # the word after, lower-cased

    @property
    def kind(self) -> tuple[str, str, bool]:
        return (self.cur, self.scale, bool(self.pct))

    @property
    def is_year(self) -> bool:
        return (not self.cur and not self.scale and not self.pct and "," not in self.num
                and "." not in self.num and 1000 <= self.value <= 2100)

    @property
    def bare(self) -> bool:
        """Written as an exact figure (no bound or approximation word before it)."""
        return self.before not in APPROX_WORDS and self.before2 not in ("up to", "as many", "as much")


_FIG = re.compile(
    r"(?P<cur>[$£€])?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:(?P<sp>\s?)(?P<scale>thousand|million|billion|trillion)\b)?"
    r"(?:(?P<sp2>\s?)(?P<pct>%|percent\b|per cent\b))?")
_DATE_NEAR = re.compile(rf"\b(?:{_MONTH_RE}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")


def find_figures(text: str) -> list[Figure]:
    """Quantities of a sentence that can be rewritten: not parts of names, ranges, scores,
    times, dates, statistics or identifiers."""
    out = []
    for m in _FIG.finditer(text):
        s, e = m.start("num"), m.end("num")
        fs, fe = m.start(), m.end()
        prev = text[fs - 1] if fs else " "
        nxt = text[fe] if fe < len(text) else " "
        if prev.isalnum() or prev in ".,/:-\u2013\u2014#+^_~\u00b7" or nxt.isalnum() or nxt in "-\u2013/:\u00b0'_^\u00b7":
            continue
        if nxt == "," and fe + 1 < len(text) and text[fe + 1].isdigit():
            continue
        if nxt == "." and fe + 1 < len(text) and text[fe + 1].isdigit():
            continue
        raw_before = re.findall(r"[\w.#=<>±≤≥~+/-]+", text[max(0, fs - 40):fs])
        if raw_before and raw_before[-1] in STAT_BEFORE or STAT_CONTEXT & {w.lower() for w in raw_before[-3:]}:
            continue
        words_before = [w.lower() for w in raw_before]
        before = words_before[-1] if words_before else ""
        before2 = " ".join(words_before[-2:]) if len(words_before) >= 2 else before
        after_m = re.match(r"\s*([\w.]+)", text[fe:])
        after = after_m.group(1).lower().rstrip(".") if after_m else ""
        if re.search(r"\d(?:\s?%|\s?percent| thousand| million| billion)?\s(?:and|to|or)\s$", text[:fs]):
            continue  # the second end of "between 10 and 20", "from 5 to 8"
        if re.match(r"\s*(?:to|and|or|-)\s*[$£€]?\d", text[fe:]):
            continue  # "10 to 20" is a range
        if before in NOT_QUANTITY_BEFORE or after in ("times", "x", "of"):
            # "3 of the 5" and "2 times" are not simple counts ("40% of" is)
            if not (after == "of" and m.group("pct")):
                continue
        if after in ("mg", "ml", "μg", "µg", "kg/m2", "mmol", "nm", "μm", "µm", "g", "mm", "cm", "h",
                     "min", "s", "ms", "hz", "khz", "mhz", "ghz", "kb", "mb", "gb", "tb", "db", "bp",
                     "kda", "iu", "u", "mmhg", "st", "nd", "rd", "th", "am", "pm", "a.m", "p.m"):
            continue  # units the rewrites do not handle (and times of day)
        window = text[max(0, fs - 12):min(len(text), fe + 12)]
        if _DATE_NEAR.search(window):
            continue  # a day or year of a date: the date rewrites handle it
        if "(" in text[max(0, fs - 2):fs] and ")" in text[fe:fe + 2]:
            continue  # "(12)": a citation or a label
        num = m.group("num")
        try:
            value = float(num.replace(",", ""))
        except ValueError:
            continue
        if value == 0:
            continue
        out.append(Figure(s, e, num, value, m.group("cur") or "", m.group("scale") or "",
                          m.group("pct") or "", fs, fe, before, before2, after))
    return out


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    form: str  # "dmy", "mdy", "my", "year"
    day: int
    month: int
    year: int
    before: str  # the word before, lower-cased

    def render(self, day: int, month: int, year: int, form: str | None = None) -> str:
        form = form or self.form
        name = MONTHS[month - 1]
        if form == "dmy":
            return f"{day} {name} {year}"
        if form == "mdy":
            return f"{name} {day}, {year}"
        if form == "my":
            return f"{name} {year}"
        return str(year)


_DMY = re.compile(rf"\b(\d{{1,2}}) ({_MONTH_RE}),? (\d{{4}})\b")
_MDY = re.compile(rf"\b({_MONTH_RE}) (\d{{1,2}}),? (\d{{4}})\b")
_MY = re.compile(rf"\b({_MONTH_RE}),? (\d{{4}})\b")
_YEAR = re.compile(r"(?<![\w$£€.,/-])(1[5-9]\d\d|20[0-2]\d)(?![\w%/-]|,\d|\.\d)")


def find_dates(text: str) -> list[DateMention]:
    out: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    def word_before(s: int) -> str:
        ws = re.findall(r"[\w(]+", text[max(0, s - 20):s].lower())
        return ws[-1] if ws else ""

    for m in _DMY.finditer(text):
        d, mo, y = int(m.group(1)), MONTHS.index(m.group(2)) + 1, int(m.group(3))
        if _valid(y, mo, d):
            out.append(DateMention(m.start(), m.end(), "dmy", d, mo, y, word_before(m.start())))
            taken.append((m.start(), m.end()))
    for m in _MDY.finditer(text):
        if not free(m.start(), m.end()):
            continue
        mo, d, y = MONTHS.index(m.group(1)) + 1, int(m.group(2)), int(m.group(3))
        if _valid(y, mo, d):
            out.append(DateMention(m.start(), m.end(), "mdy", d, mo, y, word_before(m.start())))
            taken.append((m.start(), m.end()))
    for m in _MY.finditer(text):
        if free(m.start(), m.end()) and not re.search(r"\d\s*$", text[:m.start()]):
            out.append(DateMention(m.start(), m.end(), "my", 0, MONTHS.index(m.group(1)) + 1,
                                   int(m.group(2)), word_before(m.start())))
            taken.append((m.start(), m.end()))
    for m in _YEAR.finditer(text):
        if free(m.start(), m.end()):
            out.append(DateMention(m.start(), m.end(), "year", 0, 0, int(m.group(1)), word_before(m.start())))
    return sorted(out, key=lambda d: d.start)


def _valid(y: int, mo: int, d: int) -> bool:
    try:
        dt.date(y, mo, d)
    except ValueError:
        return False
    return 1000 <= y <= 2100


# --------------------------------------------------------------------------- cases


@dataclass(frozen=True)
class Case:
    category: str
    claim: str
    evidence: str
    doc: SourceDoc
    sent_index: int
    transform: str

    @property
    def label(self) -> str:
        return LABEL_OF_PREFIX[self.category.split("_", 1)[0]]

    @property
    def id(self) -> str:
        return "contrast-" + short_hash(f"{self.category}|{self.doc.key}|{self.sent_index}|{self.claim}", 16)

    def record(self) -> dict:
        return {"id": self.id, "text": self.claim, "label": self.label, "evidence": self.evidence,
                "meta": {"category": self.category, "source": self.doc.source, "doc": self.doc.key,
                         "split": self.doc.split, "transform": self.transform}}


@dataclass
class DocPools:
    """What a document offers for same-document swaps, in first-seen order."""

    figures: list[tuple[int, Figure, str]] = field(default_factory=list)  # (sentence, figure, sentence text)
    dates: list[tuple[int, DateMention]] = field(default_factory=list)
    ents: dict[str, list[str]] = field(default_factory=dict)  # spaCy label -> entity texts
    ambiguous: set[str] = field(default_factory=set)  # names tagged with two labels in the document


@dataclass
class Sentence:
    """One sentence of a document with its parse and what a transformation needs."""

    doc: SourceDoc
    index: int
    text: str
    parsed: "Doc"
    figures: list[Figure]
    dates: list[DateMention]


@dataclass
class GlobalPools:
    """Details from other documents for ``unv_added_detail``: years and place names."""

    years: list[int]
    places: list[str]


SWAP_LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
_BAD_ENT = re.compile(r"[\d\"()\[\]/&]|^(?:the|a|an)\s", re.I)


def usable_entity(text: str) -> bool:
    words = text.split()
    return (1 <= len(words) <= 4 and not _BAD_ENT.search(text) and text[:1].isupper()
            and text.lower() not in PRONOUN_START and len(text) >= 3)


def swappable(ent: "Span") -> bool:
    """A clean name of a swappable type: proper nouns only ("the two Secretaries" is not one),
    nationality adjectives for NORP."""
    tags = {"NNP", "NNPS", "JJ"} if ent.label_ == "NORP" else {"NNP"}
    if ent.label_ in ("PERSON", "ORG", "FAC") and len(ent) < 2 and not ent.text.isupper():
        return False  # one capitalised word tagged a person or organisation is too often a place
    return (ent.label_ in SWAP_LABELS and usable_entity(ent.text)
            and all(t.tag_ in tags for t in ent))


def replace_span(text: str, start: int, end: int, new: str) -> str:
    return text[:start] + new + text[end:]


def _root(parsed: "Doc") -> "Token | None":
    roots = [t for t in parsed if t.dep_ == "ROOT"]
    return roots[0] if len(roots) == 1 else None


def _is_event_sentence(parsed: "Doc") -> bool:
    """The main verb is an event (not "be" or "have" as the verb): a date or place moved on an
    event contradicts it; on a state ("In 2019 the population was...") it may not."""
    root = _root(parsed)
    return root is not None and root.pos_ == "VERB" and root.lemma_ not in ("be", "have")


def _quantity_position(parsed: "Doc", char: int) -> bool:
    """A bound word can go before the figure at ``char``: it follows a verb, a preposition,
    a comma or starts the sentence ("the 5,381 residents" would read "the more than...")."""
    prev = [t for t in parsed if t.idx + len(t.text) <= char]
    if not prev:
        return True
    p = prev[-1]
    return (p.tag_ in ("VBD", "VBZ", "VBP", "VBN", "VBG", "VB", "IN", "TO", ",")
            and p.lower_ not in ("than", "of", "from", "between"))


# --------------------------------------------------------------------------- supported


def sup_number_format(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    text = s.text
    for f in s.figures:
        if f.is_year or not f.bare:
            continue
        v = f.value * SCALES.get(f.scale, 1)
        old = text[f.full_start:f.full_end]
        if f.pct:
            if f.after == "of":
                for target, words in FRACTIONS:
                    if abs(f.value - target) <= 0.5:
                        out.append((replace_span(text, f.full_start, f.full_end, words), f"{old} -> {words}"))
            alt = {"%": " percent", "percent": "%", "per cent": "%"}[f.pct]
            new = f"{f.cur}{f.num}{alt}"
            out.append((replace_span(text, f.full_start, f.full_end, new), f"{old} -> {new}"))
            continue
        if f.scale == "million" and float(v).is_integer():
            new = f"{f.cur}{int(v):,}"
            out.append((replace_span(text, f.full_start, f.full_end, new), f"{old} -> {new}"))
        if not f.scale and f.value >= 1e6 and f.value % 1e5 == 0 and "." not in f.num:
            m = f.value / 1e6
            new = f"{f.cur}{m:g} million"
            out.append((replace_span(text, f.full_start, f.full_end, new), f"{old} -> {new}"))
        if (not f.scale and not f.cur and "." not in f.num and int(f.value) in NUMBER_WORDS
                and s.parsed.char_span(f.full_start, f.full_end) is not None):
            nxt = [t for t in s.parsed if t.idx >= f.full_end][:1]
            if nxt and nxt[0].tag_ == "NNS":
                new = NUMBER_WORDS[int(f.value)]
                if f.full_start == 0:
                    new = capitalize_first(new)
                out.append((replace_span(text, f.full_start, f.full_end, new), f"{old} -> {new}"))
        if f.value >= 100 and not f.scale and "." not in f.num and "," in f.num + "," \
                and _quantity_position(s.parsed, f.full_start):
            lo = round_sig(f.value, 1, "down")
            if lo < 0.7 * f.value:
                lo = round_sig(f.value, 2, "down")
            if lo < f.value:
                new = f"{rng.choice(('more than', 'over'))} {f.cur}{fmt_number(lo, f.num)}"
                out.append((replace_span(text, f.full_start, f.full_end, new), f"{old} -> {new}"))
            near = round_sig(f.value, 2)
            if near != f.value and abs(near - f.value) / f.value <= 0.03:
                word = rng.choice(("about", "around", "roughly", "nearly" if near > f.value else "about"))
                new = f"{word} {f.cur}{fmt_number(near, f.num)}"
                out.append((replace_span(text, f.full_start, f.full_end, new), f"{old} -> {new}"))
        if f.scale and "." in f.num and _quantity_position(s.parsed, f.full_start):
            lo = math.floor(f.value)
            if lo >= 1 and lo < f.value:
                new = f"more than {f.cur}{lo} {f.scale}"
                out.append((replace_span(text, f.full_start, f.full_end, new), f"{old} -> {new}"))
    for t in s.parsed:  # number words -> digits: "twelve players" -> "12 players"
        if t.lower_ in WORD_NUMBERS and t.i + 1 < len(s.parsed) and s.parsed[t.i + 1].tag_ == "NNS" \
                and t.i > 0 and s.parsed[t.i - 1].lower_ not in ("of", "one", "the"):
            new = str(WORD_NUMBERS[t.lower_])
            out.append((replace_span(text, t.idx, t.idx + len(t.text), new), f"{t.text} -> {new}"))
    return out


def sup_date_format(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    text = s.text
    for d in s.dates:
        old = text[d.start:d.end]
        if d.form in ("dmy", "mdy"):
            other = d.render(d.day, d.month, d.year, "mdy" if d.form == "dmy" else "dmy")
            out.append((replace_span(text, d.start, d.end, other), f"{old} -> {other}"))
            on = re.search(r"\b([Oo])n $", text[:d.start])
            if on:
                new = f"{'I' if on.group(1) == 'O' else 'i'}n {MONTHS[d.month - 1]} {d.year}"
                out.append((replace_span(text, on.start(), d.end, new), f"{on.group(0)}{old} -> {new}"))
                if d.year >= 1900:
                    wd = WEEKDAYS[dt.date(d.year, d.month, d.day).weekday()]
                    new = f"{wd}, {old}" if d.form == "dmy" else f"{wd}, {old}"
                    out.append((replace_span(text, d.start, d.end, new), f"{old} -> {new} (weekday added)"))
        elif d.form == "year" and 1800 <= d.year <= 2019:
            if not re.search(r"\b[Ii]n $", text[:d.start]):
                continue
            decade = d.year // 10 * 10
            part = d.year % 10
            phrase = (f"the early {decade}s" if part <= 2 else f"the late {decade}s" if part >= 7
                      else f"the {decade}s" if rng.random() < 0.5 else f"the mid-{decade}s" if 4 <= part <= 6
                      else f"the {decade}s")
            out.append((replace_span(text, d.start, d.end, phrase), f"{old} -> {phrase}"))
        elif d.form == "my" and re.search(r"\b[Ii]n $", text[:d.start]):
            new = str(d.year)
            out.append((replace_span(text, d.start, d.end, new), f"{old} -> {new} (month dropped)"))
    return out


def sup_clause_drop(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    text = s.text
    for m in re.finditer(r"\s?\([^()]{2,120}\)", text):
        new = (text[:m.start()] + text[m.end():]).replace(" ,", ",").replace("  ", " ")
        out.append((new, f"parenthetical dropped: {m.group(0).strip()}"))
    for m in re.finditer(r", (?:which|who|whose) [^,;\"]{3,120},", text):
        new = text[:m.start()] + text[m.end() - 1:]
        new = new[:m.start()] + new[m.start() + 1:]  # the comma that closed the clause
        out.append((new, f"relative clause dropped: {m.group(0)[2:-1]}"))
    m = re.search(r", (?:which|while|although|though|but|making|bringing|according to|and [a-z]+ (?:was|were|is|are|has|had))\b[^\"]{3,}([.!?])$", text)
    if m and m.start() > len(text) // 3:
        new = text[:m.start()] + m.group(1)
        out.append((new, f"trailing clause dropped: {m.group(0)[2:-1]}"))
    m = re.match(r"(?:According to [^,\"]{3,60}|However|Moreover|In addition|Meanwhile|Additionally|"
                 r"Furthermore|Overall|Nevertheless|Subsequently|As a result|In contrast|Notably), ", text)
    if m:
        rest = text[m.end():]
        first = rest.split(" ", 1)[0]
        ent_start = any(e.start_char == m.end() for e in s.parsed.ents)
        if first.isalpha() and first.lower() not in ("i",):
            rest = rest if ent_start or first.isupper() else capitalize_first(rest)
            out.append((rest, f"opening phrase dropped: {m.group(0)[:-2]}"))
    return [(c, t) for c, t in out if len(c.split()) >= MIN_WORDS and c != text]


_LEADING = re.compile(r"(In|On|During|By|After|Before|Since|From|At|Following|Between) ([^,\"()]{3,50}), ")


def sup_reorder(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    """'In 2010, the club won the cup.' -> 'The club won the cup in 2010.'"""
    text = s.text
    m = _LEADING.match(text)
    if not m or not re.search(r"[.!]$", text) or '"' in text:
        return []
    rest = text[m.end():-1]
    first = rest.split(" ", 1)[0]
    if not first.isalpha() or first.lower() in ("and", "but", "which", "who", "it", "there"):
        return []
    starts_ent = any(e.start_char == m.end() for e in s.parsed.ents)
    if any(t.dep_ == "ccomp" for t in s.parsed):
        return []  # "X said the EU welcomed it in Brussels": the phrase would join the inner clause
    head_word = rest.split(" ", 1)[0]
    if not starts_ent and head_word.lower() not in PRONOUN_START and not head_word[:1].isupper():
        return []
    if head_word.lower() in PRONOUN_START:
        return []  # "it" would then refer back to nothing
    if any(t.tag_ in ("VBG", "VBD", "VBN", "VBZ", "VBP") for t in s.parsed if t.idx < m.end()):
        return []  # "After introducing his children, ..." is a clause, not a movable phrase
    phrase = m.group(1).lower() + " " + m.group(2)
    if "," in rest[-30:] and len(rest) > 140:
        return []
    new = f"{capitalize_first(rest)} {phrase}{text[-1]}"
    return [(new, f"opening phrase moved to the end: {m.group(0)[:-2]}")]


# --------------------------------------------------------------------------- contradicted


def con_swap_number(s: Sentence, pools: DocPools, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    text = s.text
    mine = {f.value for f in s.figures}
    for f in s.figures:
        if f.is_year or not f.bare:
            continue
        cands = []
        for i, g, _ in pools.figures:
            if g.kind != f.kind or g.is_year or g.value in mine or g.value == f.value:
                continue
            if abs(g.value - f.value) / max(g.value, f.value) < 0.01:
                continue
            ratio = g.value / f.value
            same_noun = (bool(f.after) and g.after == f.after and f.after not in STOP
                         or bool(f.before) and g.before == f.before and f.before not in STOP)
            if not (same_noun or 0.5 <= ratio <= 2):
                continue
            if f.pct and g.value > 100:
                continue
            if ("." in f.num) != ("." in g.num) and not same_noun:
                continue
            cands.append((not same_noun, i, g))
        if not cands:
            continue
        best = min(c[0] for c in cands)
        pick = rng.choice([c for c in cands if c[0] == best])
        g = pick[2]
        if "." in g.num and not float(g.value).is_integer():
            new_num = g.num  # keep the other figure's own precision
        else:
            new_num = fmt_number(g.value, f.num)
        new = replace_span(text, f.start, f.end, new_num)
        where = "same sentence" if pick[1] == s.index else "same document"
        out.append((new, f"{text[f.full_start:f.full_end]} -> {new[f.full_start:f.full_end + len(new) - len(text)]} ({where})"))
    return out


def con_number_shift(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    text = s.text
    for f in s.figures:
        if f.is_year or not (f.bare or f.before in ("about", "around", "approximately", "roughly", "some")):
            continue
        v = f.value
        decimals = len(f.num.split(".")[1]) if "." in f.num else 0
        trailing = len(f.num.replace(",", "")) - len(f.num.replace(",", "").rstrip("0")) if not decimals else 0
        choices = []
        for factor in (0.5, 1.5, 2.0, 2.5, 3.0, 0.4):
            nv = v * factor
            if decimals:
                nv = round(nv, decimals)
            else:
                step = 10 ** min(trailing, max(0, len(str(int(v))) - 1))
                nv = max(step, round(nv / step) * step)
            if f.pct and nv > 100:
                continue
            if nv <= 0 or abs(nv - v) / v < 0.3 or (not decimals and nv < 1):
                continue
            if v < 10 and not decimals and nv == int(nv) and abs(nv - v) < 2:
                continue
            choices.append(nv)
        if not choices:
            continue
        nv = rng.choice(sorted(set(choices)))
        new_num = fmt_number(nv, f.num)
        if new_num.replace(",", "") in numbers_in(text):
            continue
        new = replace_span(text, f.start, f.end, new_num)
        out.append((new, f"{f.num} -> {new_num} (x{nv / v:.2g})"))
    return out


_BOUND_PHRASE = re.compile(
    r"\b(more than|over|above|in excess of|at least|fewer than|less than|under|below|at most|"
    r"up to|no more than|nearly|almost)\s+(?=[$£€]?\d)", re.I)


def con_bound_flip(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    text = s.text
    by_start = {f.full_start: f for f in s.figures}
    for m in _BOUND_PHRASE.finditer(text):
        f = by_start.get(m.end())
        if f is None or f.is_year:
            continue
        word = m.group(1).lower()
        fewer = "fewer than" if not (f.cur or f.pct or f.scale or "." in f.num) else "less than"
        if word in ("more than", "over", "above", "in excess of", "at least"):
            new_word = rng.choice((fewer, "under")) if word != "at least" else fewer
        elif word in ("fewer than", "less than", "under", "below", "at most", "up to", "no more than",
                      "nearly", "almost"):
            new_word = "more than"
        else:
            continue
        if m.group(1)[0].isupper():
            new_word = capitalize_first(new_word)
        new = text[:m.start()] + new_word + " " + text[m.end():]
        out.append((new, f"{m.group(1)} -> {new_word}"))
    for f in s.figures:
        if not f.bare or f.is_year or f.value < 20 and not (f.cur or f.pct or f.scale):
            continue
        if not _quantity_position(s.parsed, f.full_start) or "." in f.num and not f.scale:
            continue
        v = f.value
        old = text[f.full_start:f.full_end]
        suffix = text[f.end:f.full_end]
        fewer = "fewer than" if not (f.cur or f.pct or f.scale) else "less than"
        if rng.random() < 0.5:
            lo = round_sig(v * 0.9, 1, "down")
            if lo >= v or lo <= 0:
                continue
            bound = f"{fewer} {f.cur}{fmt_number(lo, f.num if '.' not in f.num else '1')}{suffix}"
        else:
            hi = round_sig(v * 1.1, 1, "up")
            if f.pct and hi > 100:
                continue
            bound = f"more than {f.cur}{fmt_number(hi, f.num if '.' not in f.num else '1')}{suffix}"
        new = replace_span(text, f.full_start, f.full_end, bound)
        out.append((new, f"{old} -> {bound} (excludes the figure)"))
    return out


_ORDER = re.compile(r"\b(before|after|earlier than|later than|prior to|preceded|followed)\b", re.I)
ORDER_SWAP = {"before": "after", "after": "before", "earlier than": "later than",
              "later than": "earlier than", "prior to": "after", "preceded": "followed",
              "followed": "preceded"}


def con_order_flip(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    text = s.text
    hits = list(_ORDER.finditer(text))
    if len(hits) != 1:
        return []
    m = hits[0]
    prev_words = re.findall(r"[\w']+", text[:m.start()].lower())
    next_words = re.findall(r"[\w']+", text[m.end():].lower())
    if not prev_words or not next_words:
        return []
    if prev_words[-1] in ORDER_SKIP_BEFORE or next_words[0] in ORDER_SKIP_AFTER:
        return []
    word = m.group(1)
    new_word = ORDER_SWAP[word.lower()]
    if word.lower() in ("preceded", "followed") and next_words[0] != "by":
        return []
    if word[0].isupper():
        new_word = capitalize_first(new_word)
    new = text[:m.start()] + new_word + text[m.end():]
    return [(new, f"{word} -> {new_word}")]


def _whitespace_join(tokens: list[tuple[str, str]]) -> str:
    return "".join(t + ws for t, ws in tokens).strip()


def con_negation(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    """Negate the main verb (auxiliary-aware) or remove the sentence's one negation."""
    parsed = s.parsed
    negs = [t for t in parsed if t.lower_ in ("not", "n't", "never") or t.dep_ == "neg"]
    root = _root(parsed)
    if root is None:
        return []
    toks = [(t.text, t.whitespace_) for t in parsed]
    if len(negs) == 1:
        n = negs[0]
        if n.i + 1 >= len(parsed) or parsed[n.i + 1].lower_ in NEG_SKIP_AFTER or n.head != root:
            return []
        aux = parsed[n.i - 1] if n.i else None
        if n.lower_ == "never":
            toks[n.i] = ("", "")
            if n.i > 0:
                toks[n.i - 1] = (toks[n.i - 1][0], parsed[n.i - 1].whitespace_ or n.whitespace_)
            new = _whitespace_join(toks).replace("  ", " ")
            if n.i == 0:
                new = capitalize_first(new)
            return [(new, "never -> (removed)")]
        if aux is None or aux.pos_ not in ("AUX", "VERB") or aux.head != root and aux != root:
            return []
        if aux.lemma_ == "do":
            verb = parsed[n.i + 1]
            if verb != root or verb.tag_ != "VB":
                return []
            form = past_tense(verb.lemma_) if aux.tag_ == "VBD" else (
                third_person(verb.lemma_) if aux.tag_ == "VBZ" else verb.lemma_)
            if not form:
                return []
            toks[aux.i] = ("", "")
            toks[n.i] = ("", "")
            toks[verb.i] = (form, verb.whitespace_)
            new = _whitespace_join(toks)
            new = re.sub(r"\s{2,}", " ", new)
            if aux.i == 0:
                new = capitalize_first(new)
            return [(new, f"{aux.text} {n.text} {verb.text} -> {form}")]
        if aux.lower_ == "ca" and n.lower_ == "n't":
            toks[aux.i] = ("can", " ")
        elif aux.lower_ == "wo" and n.lower_ == "n't":
            toks[aux.i] = ("will", " ")
        elif aux.lower_ == "cannot":
            return []
        toks[aux.i] = (toks[aux.i][0], " ")
        toks[n.i] = ("", "")
        new = re.sub(r"\s{2,}", " ", _whitespace_join(toks))
        return [(new, f"{aux.text} {n.text} -> {toks[aux.i][0]}")]
    if negs or any(t.lower_ in ("no", "neither", "nor", "without", "none", "nothing", "nobody")
                   for t in parsed):
        return []
    subj = [t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].i > root.i:
        return []
    if any(t.lower_ in QUANTIFIERS or t.like_num for t in subj[0].subtree):
        return []
    auxes = [t for t in root.children if t.dep_ in ("aux", "auxpass") and t.i < root.i]
    if auxes:
        a = auxes[0]
        if a.lower_ in ("to",) or a.i + 1 >= len(parsed) or parsed[a.i + 1].lower_ in NEG_SKIP_NEXT:
            return []
        if a.lower_ == "can":
            toks[a.i] = ("cannot", a.whitespace_)
            return [(_whitespace_join(toks), "can -> cannot")]
        toks[a.i] = (a.text + " not", a.whitespace_)
        return [(_whitespace_join(toks), f"{a.text} -> {a.text} not")]
    if root.lemma_ == "be" and root.tag_ in ("VBZ", "VBD", "VBP"):
        if root.i + 1 >= len(parsed) or parsed[root.i + 1].lower_ in NEG_SKIP_NEXT:
            return []
        toks[root.i] = (root.text + " not", root.whitespace_)
        return [(_whitespace_join(toks), f"{root.text} -> {root.text} not")]
    if root.pos_ != "VERB" or root.tag_ not in ("VBD", "VBZ", "VBP"):
        return []
    if any(t.dep_ in ("aux", "auxpass") for t in root.children):
        return []
    do = {"VBD": "did", "VBZ": "does", "VBP": "do"}[root.tag_]
    if root.lemma_ in ("be",) or not root.lemma_.isalpha():
        return []
    toks[root.i] = (f"{do} not {root.lemma_}", root.whitespace_)
    return [(_whitespace_join(toks), f"{root.text} -> {do} not {root.lemma_}")]


def _entity_ok_for_swap(ent: "Span") -> bool:
    """An entity that is not the sentence's subject: swapping the subject makes a claim about
    something else, which the evidence does not speak to (unverified, not contradicted)."""
    if ent.start < 2:
        return False
    root = ent.root
    head = root
    while head.dep_ in ("compound", "flat", "amod", "poss", "appos", "conj", "cc") and head.head != head:
        head = head.head
    return head.dep_ not in ("nsubj", "nsubjpass", "ROOT")


def _pick_entity(label: str, original: str, sentence: str, pools: DocPools,
                 rng: random.Random) -> str | None:
    orig_words = set(original.lower().split())
    cands = [e for e in pools.ents.get(label, [])
             if e.lower() not in sentence.lower() and not (set(e.lower().split()) & orig_words)
             and not (e.lower() in original.lower() or original.lower() in e.lower())]
    if original in pools.ambiguous:
        return None
    # the same number of words and the same shape: a full name stays a full name, an acronym
    # an acronym
    same_len = [e for e in cands if len(e.split()) == len(original.split())
                and e.isupper() == original.isupper()]
    return rng.choice(same_len) if same_len else None


def con_swap_entity(s: Sentence, pools: DocPools, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    text = s.text
    for ent in s.parsed.ents:
        if not swappable(ent) or not _entity_ok_for_swap(ent):
            continue
        if text.count(ent.text) != 1 or _is_speaker(ent):
            continue
        other = _pick_entity(ent.label_, ent.text, text, pools, rng)
        if other is None:
            continue
        new = replace_span(text, ent.start_char, ent.end_char, other)
        out.append((new, f"{ent.text} -> {other} ({ent.label_}, same document)"))
    return out


def _is_speaker(ent: "Span") -> bool:
    root = ent.root
    if root.dep_ == "nsubj" and root.head.lemma_ in SAY_LEMMAS:
        return True
    doc = ent.doc
    return ent.start >= 2 and doc[ent.start - 2].lower_ == "according" and doc[ent.start - 1].lower_ == "to"


def con_speaker_swap(s: Sentence, pools: DocPools, rng: random.Random) -> list[tuple[str, str]]:
    out = []
    text = s.text
    for ent in s.parsed.ents:
        if ent.label_ not in ("PERSON", "ORG") or not swappable(ent) or not _is_speaker(ent):
            continue
        if text.count(ent.text) != 1:
            continue
        other = _pick_entity(ent.label_, ent.text, text, pools, rng)
        if other is None:
            continue
        new = replace_span(text, ent.start_char, ent.end_char, other)
        out.append((new, f"speaker {ent.text} -> {other} (same document)"))
    return out


def _date_ok(d: DateMention) -> bool:
    return d.before in ("in", "on", "during", "born", "(born", "since", "until", "of") or d.form != "year"


def con_swap_date(s: Sentence, pools: DocPools, rng: random.Random) -> list[tuple[str, str]]:
    if not _is_event_sentence(s.parsed):
        return []
    out = []
    text = s.text
    for d in s.dates:
        if not _date_ok(d):
            continue
        same_form = [(i, o) for i, o in pools.dates
                     if (o.form == d.form or {o.form, d.form} <= {"dmy", "mdy"})
                     and (o.day, o.month, o.year) != (d.day, d.month, d.year)
                     and str(o.year) not in text.replace(text[d.start:d.end], "")]
        # a date of the same story, not a birth date swapped into a match report
        same_form = [(i, o) for i, o in same_form if abs(o.year - d.year) <= (30 if d.form == "year" else 5)]
        if not same_form:
            continue
        i, o = rng.choice(same_form)
        new_date = d.render(o.day, o.month, o.year)
        if new_date in text:
            continue
        out.append((replace_span(text, d.start, d.end, new_date),
                    f"{text[d.start:d.end]} -> {new_date} ({'same sentence' if i == s.index else 'same document'})"))
    return out


def con_date_shift(s: Sentence, rng: random.Random) -> list[tuple[str, str]]:
    if not _is_event_sentence(s.parsed):
        return []
    out = []
    text = s.text
    for d in s.dates:
        if not _date_ok(d):
            continue
        if d.form in ("dmy", "mdy"):
            delta = rng.choice((-9, -6, -4, -3, -2, 2, 3, 4, 6, 9))
            if rng.random() < 0.3:
                delta = rng.choice((-1, 1)) * 365
            nd = dt.date(d.year, d.month, d.day) + dt.timedelta(days=delta)
            new_date = d.render(nd.day, nd.month, nd.year)
        elif d.form == "my":
            mo = (d.month - 1 + rng.choice((-4, -3, -2, 2, 3, 4))) % 12 + 1
            new_date = d.render(0, mo, d.year)
        else:
            ny = d.year + rng.choice((-7, -5, -4, -3, -2, 2, 3, 4, 5, 7))
            if ny > 2025:
                ny = d.year - 3
            new_date = str(ny)
        if new_date in text:
            continue
        out.append((replace_span(text, d.start, d.end, new_date), f"{text[d.start:d.end]} -> {new_date} (shifted)"))
    return out


# --------------------------------------------------------------------------- unverified


def unv_other_sentence(s: Sentence, others: list[Sentence], rng: random.Random) -> list[tuple[str, str, str]]:
    """(claim, evidence, note): the claim is this sentence; the evidence another sentence of the
    same document that shares content words but not the claim's figures, and does not hold
    every name and figure of the claim."""
    if s.text.split(" ", 1)[0].lower() in PRONOUN_START:
        return []
    cw = content_words(s.text)
    nums = numbers_in(s.text)
    ents = {e.text.lower() for e in s.parsed.ents}
    if not cw or not (nums or ents):
        return []
    out = []
    for o in others:
        if o.index == s.index:
            continue
        ow = content_words(o.text)
        shared = cw & ow
        jac = len(shared) / max(1, len(cw | ow))
        if len(shared) < 2 or jac > 0.4 or len(shared) > 0.5 * len(cw):
            continue  # on topic, but far from restating the claim
        if nums & numbers_in(o.text):
            continue
        olow = o.text.lower()
        missing = [e for e in ents if e not in olow]
        if not missing and not nums:
            continue
        out.append((s.text, o.text, f"evidence is sentence {o.index}, sharing {', '.join(sorted(shared)[:4])}"))
    if not out:
        return []
    return [rng.choice(out)]


def unv_added_detail(s: Sentence, pools: GlobalPools, rng: random.Random) -> list[tuple[str, str]]:
    text = s.text
    if not re.search(r"[a-z0-9][.]$", text) or '"' in text or not _is_event_sentence(s.parsed):
        return []
    root = _root(s.parsed)
    if (root is None or root.tag_ != "VBD" or root.lemma_ in SAY_LEMMAS
            or any(t.pos_ in ("VERB", "AUX") for t in s.parsed[root.i + 1:])):
        return []  # a detail put at the end would attach to a later clause
    subj = [t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subj or subj[0].lower_ in ("we", "i", "you") or text.startswith(("Here", "To ")):
        return []
    last = [t for t in s.parsed if not t.is_punct][-1]
    if last.ent_type_ in ("WORK_OF_ART", "ORG", "PERSON", "PRODUCT", "EVENT", "LAW"):
        return []  # "...comedy-drama, The Gingerbread Lady despite..." would join the title
    body = text[:-1]
    labels = {e.label_ for e in s.parsed.ents}
    out = []
    if not s.dates and "DATE" not in labels and "TIME" not in labels:
        y = rng.choice(pools.years)
        out.append((f"{body} in {y}.", f"added a year: in {y} (from another document)"))
    if not labels & {"GPE", "LOC", "FAC"}:
        place = rng.choice(pools.places)
        out.append((f"{body} in {place}.", f"added a place: in {place}"))
    low = text.lower()
    if not re.search(r"\b(first|second|third|time|despite|delay|schedule|consecutive|again)\b", low):
        phrase = rng.choice(ADDED_PHRASES)
        out.append((f"{body} {phrase}.", f"added a detail: {phrase}"))
    return out


# --------------------------------------------------------------------------- the generator


def _doc_pools(sents: list[Sentence]) -> DocPools:
    """Figures, dates and names of a document. A name spaCy tags with two labels in the
    document ("Lindgrave" as a place and as a person) is left out of swaps."""
    pools = DocPools()
    labels: dict[str, set[str]] = collections.defaultdict(set)
    for s in sents:
        for e in s.parsed.ents:
            labels[e.text].add(e.label_)
    pools.ambiguous = {t for t, ls in labels.items() if len(ls) > 1}
    seen_ents: dict[str, set[str]] = collections.defaultdict(set)
    for s in sents:
        pools.figures.extend((s.index, f, s.text) for f in s.figures if f.bare)
        pools.dates.extend((s.index, d) for d in s.dates)
        for e in s.parsed.ents:
            if swappable(e) and e.text not in pools.ambiguous and e.text not in seen_ents[e.label_]:
                seen_ents[e.label_].add(e.text)
                pools.ents.setdefault(e.label_, []).append(e.text)
    return pools


def _global_pools(sents_by_doc: dict[str, list[Sentence]]) -> GlobalPools:
    """Years the documents mention (an added year is then a plausible one) and well-known
    places (spaCy's place names of other documents are too often not places)."""
    years: set[int] = set()
    for sents in sents_by_doc.values():
        for s in sents:
            years.update(d.year for d in s.dates if d.form == "year" and 1950 <= d.year <= 2023)
    return GlobalPools(sorted(years) or [2015], list(ADDED_PLACES))


def cases_for_document(doc: SourceDoc, sents: list[Sentence], gpools: GlobalPools, seed: int) -> list[Case]:
    """Every category's cases for one document, at most one per sentence and category, and at
    most PER_DOC_CAP per category."""
    pools = _doc_pools(sents)
    by_cat: dict[str, list[Case]] = collections.defaultdict(list)
    for s in sents:
        def rng(cat: str) -> random.Random:
            return random.Random(f"{seed}|{doc.key}|{s.index}|{cat}")

        produced: dict[str, list[tuple[str, str]]] = {
            "sup_number_format": sup_number_format(s, rng("sup_number_format")),
            "sup_date_format": sup_date_format(s, rng("sup_date_format")),
            "sup_clause_drop": sup_clause_drop(s, rng("sup_clause_drop")),
            "sup_reorder": sup_reorder(s, rng("sup_reorder")),
            "con_swap_number": con_swap_number(s, pools, rng("con_swap_number")),
            "con_swap_entity": con_swap_entity(s, pools, rng("con_swap_entity")),
            "con_swap_date": con_swap_date(s, pools, rng("con_swap_date")),
            "con_date_shift": con_date_shift(s, rng("con_date_shift")),
            "con_number_shift": con_number_shift(s, rng("con_number_shift")),
            "con_bound_flip": con_bound_flip(s, rng("con_bound_flip")),
            "con_order_flip": con_order_flip(s, rng("con_order_flip")),
            "con_negation": con_negation(s, rng("con_negation")),
            "con_speaker_swap": con_speaker_swap(s, pools, rng("con_speaker_swap")),
            "unv_added_detail": unv_added_detail(s, gpools, rng("unv_added_detail")),
        }
        for cat, options in produced.items():
            options = [(c, t) for c, t in options if c != s.text and good_claim(c)]
            if options:
                claim, note = rng(cat + "|pick").choice(options)
                by_cat[cat].append(Case(cat, claim, s.text, doc, s.index, note))
        other = unv_other_sentence(s, sents, rng("unv_other_sentence"))
        for claim, evidence, note in other:
            by_cat["unv_other_sentence"].append(Case("unv_other_sentence", claim, evidence, doc, s.index, note))
    out: list[Case] = []
    for cat in sorted(by_cat):
        got = by_cat[cat]
        if len(got) > PER_DOC_CAP:
            got = random.Random(f"{seed}|{doc.key}|{cat}|cap").sample(got, PER_DOC_CAP)
            got.sort(key=lambda c: c.sent_index)
        out.extend(got)
    return out


def good_claim(text: str) -> bool:
    return (MIN_WORDS <= len(text.split()) <= MAX_WORDS + 6 and "  " not in text
            and not re.search(r"\s[,.;:]", text) and (text[:1].isupper() or text[:1].isdigit()))


def build_sentences(docs: list[SourceDoc], cache_dir: Path | None) -> dict[str, list[Sentence]]:
    texts = [t for d in docs for t in d.sentences]
    parsed = parse_all(texts, cache_dir)
    out: dict[str, list[Sentence]] = {}
    k = 0
    for d in docs:
        sents = []
        for i, t in enumerate(d.sentences):
            sents.append(Sentence(d, i, t, parsed[k], find_figures(t), find_dates(t)))
            k += 1
        out[d.key] = sents
    return out


def generate(docs: list[SourceDoc], seed: int, cache_dir: Path | None,
             caps: dict[str, int] | None = None) -> dict[str, list[dict]]:
    """The suite's records per split: every document's cases, capped per split and category
    with the seed, sorted by id."""
    sents_by_doc = build_sentences(docs, cache_dir)
    gpools = _global_pools(sents_by_doc)
    grouped: dict[tuple[str, str], list[Case]] = collections.defaultdict(list)
    seen_ids: set[str] = set()
    for d in docs:
        for c in cases_for_document(d, sents_by_doc[d.key], gpools, seed):
            if c.id in seen_ids:
                continue
            seen_ids.add(c.id)
            grouped[(d.split, c.category)].append(c)
    caps = CAPS if caps is None else caps
    out: dict[str, list[dict]] = {s: [] for s in SPLITS}
    for (split, cat) in sorted(grouped):
        got = sorted(grouped[(split, cat)], key=lambda c: c.id)
        cap = caps.get(split)
        if cap and len(got) > cap:
            got = _balanced_sample(got, cap, random.Random(f"{seed}|{split}|{cat}"))
        out[split].extend(c.record() for c in got)
    for split in out:
        out[split].sort(key=lambda r: r["id"])
    return out


def _balanced_sample(cases: list[Case], cap: int, rng: random.Random) -> list[Case]:
    """``cap`` cases spread over sources as evenly as they allow (a big source does not crowd
    out a small one), chosen with ``rng``."""
    by_src: dict[str, list[Case]] = collections.defaultdict(list)
    for c in cases:
        by_src[c.doc.source].append(c)
    for src in by_src:
        rng.shuffle(by_src[src])
    picked: list[Case] = []
    srcs = sorted(by_src)
    quota = {s: 0 for s in srcs}
    remaining = cap
    while remaining > 0:
        open_srcs = [s for s in srcs if quota[s] < len(by_src[s])]
        if not open_srcs:
            break
        share = max(1, remaining // len(open_srcs))
        for s in open_srcs:
            take = min(share, len(by_src[s]) - quota[s], remaining)
            quota[s] += take
            remaining -= take
            if remaining == 0:
                break
    for s in srcs:
        picked.extend(by_src[s][:quota[s]])
    return sorted(picked, key=lambda c: c.id)


# --------------------------------------------------------------------------- output


def jsonl_bytes(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=False) + "\n" for r in records).encode("utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """gzip with no file name and no time stamp: the same records give the same bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def stats_of(splits: dict[str, list[dict]]) -> dict:
    """Counts per split x category x source, and per split x label."""
    out: dict = {"splits": {}, "categories": list(CATEGORIES)}
    for split, recs in splits.items():
        cat_src: dict[str, dict[str, int]] = collections.defaultdict(lambda: collections.defaultdict(int))
        labels: collections.Counter[str] = collections.Counter()
        docs = set()
        for r in recs:
            cat_src[r["meta"]["category"]][r["meta"]["source"]] += 1
            labels[r["label"]] += 1
            docs.add(r["meta"]["doc"])
        out["splits"][split] = {
            "cases": len(recs), "documents": len(docs), "labels": dict(sorted(labels.items())),
            "by_category": {c: {"total": sum(v.values()), **dict(sorted(v.items()))}
                            for c, v in sorted(cat_src.items())},
        }
    return out


def render_table(stats: dict) -> str:
    """Markdown table: category rows, per-split totals and the test split's sources."""
    sources = sorted({s for sp in stats["splits"].values() for c in sp["by_category"].values() for s in c
                      if s != "total"})
    head = "| category | train | dev | test | " + " | ".join(f"test {s}" for s in sources) + " |"
    lines = [head, "|" + "---|" * (4 + len(sources))]
    for cat in CATEGORIES:
        row = [cat]
        for split in SPLITS:
            row.append(str(stats["splits"][split]["by_category"].get(cat, {}).get("total", 0)))
        test = stats["splits"]["test"]["by_category"].get(cat, {})
        row += [str(test.get(s, 0)) for s in sources]
        lines.append("| " + " | ".join(row) + " |")
    tot = ["**total**"] + [str(stats["splits"][s]["cases"]) for s in SPLITS] + [""] * len(sources)
    lines.append("| " + " | ".join(tot) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- retrieval setting

RETRIEVAL_CAP = 25  # per corpus and category: a corpus of ~13 documents checks in minutes


def stated_elsewhere(claim: str, others: Iterable[str]) -> bool:
    """Another sentence holds every figure of the claim and most of its content words."""
    cw, nums = content_words(claim), numbers_in(claim)
    for o in others:
        if nums and not nums <= numbers_in(o):
            continue
        ow = content_words(o)
        if cw and len(cw & ow) / len(cw) >= 0.6:
            return True
    return False


def retrieval_cases(corpus_dir: Path, seed: int, cache_dir: Path | None) -> list[dict]:
    """Claims for checking against an index of one news corpus (no ``evidence`` field).

    Every line names in ``meta.exclude_doc`` the one document the evaluation leaves out of the
    corpus index. Supported and contradicted claims come from a sentence of another document
    (``meta.evidence_docs`` names it); ``unv_excluded_doc`` is a sentence of the left-out
    document that no other document states; ``unv_added_detail`` adds a year, place or phrase
    no document of the corpus gives. ``date`` is the source document's publication date, so
    "on Tuesday" resolves as it did there."""
    from verifier.text import safe_id

    docs, ids, dates = [], {}, {}
    for path in sorted(corpus_dir.glob("*.md")):
        meta, body = read_corpus_file(path)
        body = "\n".join(ln for ln in body.splitlines() if not ln.lstrip().startswith(("#", "|")))
        key = f"corpus:{corpus_dir.name}/{path.stem}"
        doc = SourceDoc("news", key, key, _dedupe_sentences(strip_dateline(t) for t in _split_sentences(body)))
        if doc.sentences:
            docs.append(doc)
            ids[key] = safe_id(str(meta.get("id") or path.stem))
            dates[key] = meta.get("published", "")[:10]
    sents_by_doc = build_sentences(docs, cache_dir)
    corpus_text = " ".join(s.text for ss in sents_by_doc.values() for s in ss)
    # added details must be foreign to the whole corpus, or another document might give them
    gpools = GlobalPools([y for y in range(1990, 2013) if str(y) not in corpus_text],
                         [p for p in ADDED_PLACES if p not in corpus_text])
    all_text = {d.key: [s.text for s in sents_by_doc[d.key]] for d in docs}
    # One document is left out of the index for the whole file, so one index serves every
    # claim: the one with most sentences no other document states. Its sentences are the
    # unverified claims; the other claims come from the other documents.
    unstated: dict[str, list[Sentence]] = {}
    for d in docs:
        others = [t for k, ts in all_text.items() if k != d.key for t in ts]
        unstated[d.key] = [s for s in sents_by_doc[d.key]
                           if s.text.split(" ", 1)[0].lower() not in PRONOUN_START
                           and (s.figures or s.parsed.ents) and not stated_elsewhere(s.text, others)]
    left_out = min(docs, key=lambda d: (-len(unstated[d.key]), d.key))
    exclude = ids[left_out.key]
    by_cat: dict[str, list[dict]] = collections.defaultdict(list)
    for s in unstated[left_out.key]:
        case = Case("unv_excluded_doc", s.text, "", left_out, s.index,
                    f"source document {exclude} left out of the index")
        by_cat[case.category].append(_retrieval_record(case, ids[left_out.key], dates[left_out.key], exclude))
    for d in docs:
        if d is left_out:
            continue
        for case in cases_for_document(d, sents_by_doc[d.key], gpools, seed):
            if case.category == "unv_other_sentence":
                continue  # its evidence is in the index: the pair setting covers it
            by_cat[case.category].append(_retrieval_record(case, ids[d.key], dates[d.key], exclude))
    out: list[dict] = []
    for cat in sorted(by_cat):
        recs = sorted(by_cat[cat], key=lambda r: r["id"])
        if len(recs) > RETRIEVAL_CAP:
            recs = sorted(random.Random(f"{seed}|{corpus_dir.name}|{cat}").sample(recs, RETRIEVAL_CAP),
                          key=lambda r: r["id"])
        out.extend(recs)
    return sorted(out, key=lambda r: r["id"])


def _retrieval_record(case: Case, doc_id: str, date: str, exclude: str) -> dict:
    rec = case.record()
    del rec["evidence"]
    rec["meta"]["evidence_sentence"] = case.evidence
    rec["meta"]["exclude_doc"] = exclude
    if case.label != "unverified":
        rec["meta"]["evidence_docs"] = [doc_id]
    if date and re.fullmatch(r"\d{4}-\d\d-\d\d", date):
        rec["date"] = date
    return rec


README_BEGIN = "<!-- generated by scripts/contrast_suite.py: begin -->"
README_END = "<!-- generated by scripts/contrast_suite.py: end -->"


def update_readme(path: Path, stats: dict) -> None:
    """Rewrite the generated block of the suite's README (counts, checksum, command)."""
    labels = {sp: stats["splits"][sp]["labels"] for sp in SPLITS}
    block = "\n".join([
        README_BEGIN,
        f"Generated with `{stats['command']}` (seed {stats['seed']}).",
        "",
        f"Frozen test split `claims/contrast/test.jsonl.gz`: **{stats['splits']['test']['cases']} cases**, "
        f"{stats['splits']['test']['documents']} documents, sha256 `{stats['test_sha256']}`.",
        "",
        "Labels: " + "; ".join(f"{sp} " + ", ".join(f"{k} {v}" for k, v in labels[sp].items()) for sp in SPLITS),
        "",
        render_table(stats),
        README_END,
    ])
    text = path.read_text(encoding="utf-8") if path.exists() else f"{README_BEGIN}\n{README_END}\n"
    start, end = text.find(README_BEGIN), text.find(README_END)
    if start < 0 or end < 0:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    else:
        text = text[:start] + block + text[end + len(README_END):]
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared public data folder")
    ap.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA, help="news corpora (index/corpora)")
    ap.add_argument("--sources", default="vitaminc,fever,scifact,covid-fact,wice,climate-fever,news",
                    help="comma-separated sources to use")
    ap.add_argument("--news-sets", default=",".join(NEWS_SETS),
                    help="news corpora (folders of --corpora) to read; fixed by default so that a "
                         "newly added blind set stays out")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=BUILT_DIR, help="where train/dev/stats go")
    ap.add_argument("--test-out", type=Path, default=CLAIMS_DIR / "test.jsonl.gz",
                    help="the frozen test split")
    ap.add_argument("--cache", type=Path, default=BUILT_DIR / "cache", help="spaCy parse cache folder")
    ap.add_argument("--check", action="store_true",
                    help="regenerate and compare with the frozen test split instead of writing it")
    ap.add_argument("--show", type=int, default=0, help="print N random cases per category (test split)")
    ap.add_argument("--retrieval", action="store_true",
                    help="only write claims/contrast/retrieval-<corpus>.jsonl for each news corpus "
                         "(the retrieval setting), not the pair suite")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    sources = [s.strip() for s in args.sources.split(",") if s.strip()]
    news_sets = [s.strip() for s in args.news_sets.split(",") if s.strip()]
    missing = [s for s in news_sets if not (args.corpora / s).is_dir()]
    if missing:
        ap.error(f"no corpus folder for news set(s) {', '.join(missing)} under {args.corpora}")
    unknown = sorted(set(sources) - set(LOADERS) - {"news"})
    if unknown:
        ap.error(f"unknown source(s) {', '.join(unknown)} (valid: {', '.join(sorted(LOADERS))}, news)")
    if args.retrieval:
        write_retrieval(args.corpora, news_sets, args.seed, args.cache)
        return 0
    docs = load_documents(args.data, args.corpora, sources, news_sets)
    log.info("%d documents, %d sentences", len(docs), sum(len(d.sentences) for d in docs))
    splits = generate(docs, args.seed, args.cache)
    test_bytes = gzip_bytes(jsonl_bytes(splits["test"]))
    digest = hashlib.sha256(test_bytes).hexdigest()
    if args.check:
        frozen = hashlib.sha256(args.test_out.read_bytes()).hexdigest()
        print(f"regenerated {digest}\nfrozen      {frozen}")
        return 0 if frozen == digest else 1
    args.out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev"):
        (args.out / f"{split}.jsonl.gz").write_bytes(gzip_bytes(jsonl_bytes(splits[split])))
    args.test_out.parent.mkdir(parents=True, exist_ok=True)
    args.test_out.write_bytes(test_bytes)
    stats = stats_of(splits)
    stats |= {"seed": args.seed, "sources": sources, "test_sha256": digest,
              "command": " ".join([".venv/bin/python scripts/contrast_suite.py", *(argv if argv is not None else sys.argv[1:])])}
    (args.out / "stats.json").write_text(json.dumps(stats, indent=1) + "\n", encoding="utf-8")
    if args.test_out.resolve() == (CLAIMS_DIR / "test.jsonl.gz").resolve():
        update_readme(CLAIMS_DIR / "README.md", stats)
    print(render_table(stats))
    print(f"\ntest sha256 {digest}")
    if args.show:
        show(splits, args.show, args.seed)
    return 0


def write_retrieval(corpora: Path, sets: Iterable[str], seed: int, cache_dir: Path | None) -> None:
    for corpus_dir in [corpora / name for name in sorted(sets)]:
        recs = retrieval_cases(corpus_dir, seed, cache_dir)
        path = CLAIMS_DIR / f"retrieval-{corpus_dir.name}.jsonl"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jsonl_bytes(recs))
        counts = collections.Counter(r["meta"]["category"] for r in recs)
        print(f"{path.relative_to(PROJECT_ROOT)}: {len(recs)} claims, "
              + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def show(splits: dict[str, list[dict]], n: int, seed: int) -> None:
    by_cat: dict[str, list[dict]] = collections.defaultdict(list)
    for r in splits["test"] + splits["dev"]:
        by_cat[r["meta"]["category"]].append(r)
    for cat in CATEGORIES:
        recs = by_cat.get(cat, [])
        print(f"\n=== {cat} ({len(recs)})")
        for r in random.Random(f"{seed}|show|{cat}").sample(recs, min(n, len(recs))):
            print(f"- [{r['meta']['source']}] {r['meta']['transform']}\n  E: {r['evidence']}\n  C: {r['text']}")


if __name__ == "__main__":
    raise SystemExit(main())
