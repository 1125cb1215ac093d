"""The converters of scripts/eval_public.py on a few hand-copied lines of each public set.

No model and no data folder: each case is a line shaped like the set's own file (copied from
../shared/data/public), and the claim rows it makes must read back through the product's own
claim-file reader, so a converter can never write a key the reader rejects.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from verifier.claims import read_claim_file
from verifier.types import Label

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ep():
    spec = importlib.util.spec_from_file_location("eval_public", ROOT / "scripts" / "eval_public.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _read_back(tmp_path: Path, rows: list[dict]):
    path = tmp_path / "claims.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    claims, problems = read_claim_file(path)
    assert problems == []
    return claims


SCIFACT_DOC = {"doc_id": 4983, "title": "Microstructural development of human newborn cerebral white matter.",
               "abstract": ["Alterations of the architecture of cerebral white matter can affect development.",
                            "A line scan sequence was applied.", "  "]}
SCIFACT_CLAIMS = [
    {"id": 1, "claim": "0-dimensional biomaterials show inductive properties.", "evidence": {},
     "cited_doc_ids": [31715818]},
    {"id": 3, "claim": "1,000 genomes project enables mapping of rare variants.",
     "evidence": {"14717500": [{"sentences": [2, 5], "label": "SUPPORT"}, {"sentences": [7], "label": "SUPPORT"}]},
     "cited_doc_ids": [14717500]},
    {"id": 7, "claim": "Aspirin raises the risk.", "evidence": {"42": [{"sentences": [1], "label": "CONTRADICT"}],
                                                                 "43": [{"sentences": [0], "label": "CONTRADICT"}]},
     "cited_doc_ids": [42, 43]},
]


def test_scifact_corpus_joins_sentences_and_keeps_the_title(ep):
    (doc,) = ep.scifact_corpus([SCIFACT_DOC])
    assert doc == {"id": "4983", "title": SCIFACT_DOC["title"],
                   "text": "Alterations of the architecture of cerebral white matter can affect development. "
                           "A line scan sequence was applied.",
                   "source": "SciFact corpus", "url": "", "published": ""}


def test_scifact_claims_labels_and_gold_docs(ep, tmp_path):
    rows = ep.scifact_claims(SCIFACT_CLAIMS)
    claims = _read_back(tmp_path, rows)
    assert [c.label for c in claims] == [Label.UNVERIFIED, Label.SUPPORTED, Label.CONTRADICTED]
    assert [c.meta["evidence_docs"] for c in claims] == [[], ["14717500"], ["42", "43"]]
    assert all(c.evidence is None for c in claims)  # retrieval setting: the index decides


def test_scifact_claim_whose_documents_disagree_gets_no_label(ep):
    mixed = {"id": 9, "claim": "X causes Y.", "evidence": {"1": [{"sentences": [0], "label": "SUPPORT"}],
                                                          "2": [{"sentences": [0], "label": "CONTRADICT"}]}}
    (row,) = ep.scifact_claims([mixed])
    assert "label" not in row


CLIMATE = [
    {"claim_id": "0", "claim": "Global warming is driving polar bears toward extinction", "claim_label": "SUPPORTS",
     "evidences": [{"evidence_id": "a:1", "evidence_label": "NOT_ENOUGH_INFO", "article": "a",
                    "evidence": "\"Recent Research Shows Human Activity Driving Earth Towards Global Extinction Event\"."},
                   {"evidence_id": "b:2", "evidence_label": "SUPPORTS", "article": "b",
                    "evidence": "Rising global temperatures endanger species such as the polar bear"}]},
    {"claim_id": "5", "claim": "CO2 is not a pollutant.", "claim_label": "DISPUTED",
     "evidences": [{"evidence_id": "c:1", "evidence_label": "REFUTES", "article": "c", "evidence": "CO2 is a pollutant."}]},
    {"claim_id": "6", "claim": "Sea levels are falling.", "claim_label": "REFUTES",
     "evidences": [{"evidence_id": "d:1", "evidence_label": "REFUTES", "article": "d", "evidence": "Sea levels rise."}]},
    {"claim_id": "7", "claim": "Clouds exist.", "claim_label": "NOT_ENOUGH_INFO",
     "evidences": [{"evidence_id": "e:1", "evidence_label": "NOT_ENOUGH_INFO", "article": "e", "evidence": "Rain."}]},
]


def test_climate_fever_evidence_is_one_paragraph_per_sentence(ep, tmp_path):
    rows = ep.climate_fever_claims(CLIMATE)
    claims = _read_back(tmp_path, rows)
    assert [c.label for c in claims] == [Label.SUPPORTED, None, Label.CONTRADICTED, Label.UNVERIFIED]
    assert claims[0].evidence.split("\n\n") == [e["evidence"] for e in CLIMATE[0]["evidences"]]
    assert claims[1].meta["claim_label"] == "DISPUTED"  # scored apart, never as a product label


def test_climate_fever_no_break_spaces_become_plain_spaces(ep):
    row = dict(CLIMATE[2], evidences=[dict(CLIMATE[2]["evidences"][0],
                                           evidence="Between 2000 and 2016, 29\u00a0% of the area was lost.")])
    (out,) = ep.climate_fever_claims([row])
    assert out["evidence"] == "Between 2000 and 2016, 29 % of the area was lost."


FEVER_SYM = [
    {"id": "54253", "claim": "Daggering is associated with the genre of death metal .",
     "evidence": "It is of recent origin , associated with the 2006 wave of dancehall music .",
     "gold_label": "REFUTES", "label": "REFUTES"},
    {"id": "54253", "claim": "Daggering is associated with the genre of dancehall .",
     "evidence": "It -LRB- daggering -RRB- is associated with the 2006 wave of dancehall music .",
     "gold_label": "SUPPORTS", "label": "SUPPORTS"},
]


def test_fever_symmetric_pairs_are_detokenised_and_ids_unique(ep, tmp_path):
    claims = _read_back(tmp_path, ep.fever_symmetric_claims(FEVER_SYM))
    assert [c.label for c in claims] == [Label.CONTRADICTED, Label.SUPPORTED]
    assert claims[0].text == "Daggering is associated with the genre of death metal."
    assert claims[1].evidence == "It (daggering) is associated with the 2006 wave of dancehall music."
    assert len({c.id for c in claims}) == 2  # the symmetric set repeats FEVER ids


def _vc(page: str, case: str, label: str, claim: str, evidence: str) -> dict:
    return {"unique_id": case + "_1", "case_id": case, "label": label, "claim": claim, "evidence": evidence,
            "page": page}


def test_vitaminc_heldout_keeps_only_held_out_pages(ep, tmp_path):
    # page names chosen by their hash bucket: 3-5 are the held-out test, others train/dev
    held, other = None, None
    for i in range(500):
        b = ep.bucket(f"page:P{i}")
        if 3 <= b < 6 and held is None:
            held = f"P{i}"
        if b >= 6 and other is None:
            other = f"P{i}"
    rows = [_vc(held, "c1", "SUPPORTS", "The band sold 24 million records in the UK .",
                "The band sold more than 24 million records in the UK ."),
            _vc(held, "c1", "REFUTES", "The band sold 24 million records in the UK .",
                "The band sold 12 million records in the UK ."),
            _vc(other, "c2", "SUPPORTS", "The river is 300 km long .", "The river is 300 km long ."),
            _vc(held, "c3", "SUPPORTS", "Banned claim text .", "Anything .")]
    pairs = ep.vitaminc_heldout(rows, banned={"banned claim text"})
    assert [(p["label"], p["group"]) for p in pairs] == [(0, f"page:{held}"), (1, f"page:{held}")]
    claims = _read_back(tmp_path, ep.vitaminc_claims(pairs))
    assert [c.label for c in claims] == [Label.SUPPORTED, Label.CONTRADICTED]
    assert claims[0].text == "The band sold 24 million records in the UK."


def test_subsample_is_seeded_and_keeps_file_order(ep):
    rows = [{"i": i} for i in range(100)]
    a = ep.subsample(rows, 10, seed=0)
    assert a == ep.subsample(rows, 10, seed=0)
    assert [r["i"] for r in a] == sorted(r["i"] for r in a)
    assert ep.subsample(rows, None, 0) == rows and ep.subsample(rows, 500, 0) == rows


def test_table_marks_sets_not_run(ep):
    text = ep.render_table({})
    assert text.count("not run") == 4
