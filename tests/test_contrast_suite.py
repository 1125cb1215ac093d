"""The contrast suite generator (scripts/contrast_suite.py): each transformation on hand-written
sentences of several domains, labels by construction, determinism, document-disjoint splits,
and the frozen test split's checksum. Uses spaCy's small English pipeline, nothing heavier."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import contrast_suite as cs  # noqa: E402

FROZEN = ROOT / "claims" / "contrast" / "test.jsonl.gz"
README = ROOT / "claims" / "contrast" / "README.md"

FINANCE = (
    "The bank reported a profit of 5,381 million euros in 2023.",
    "Shares of the company rose 33% of the time after Siemens announced the deal.",
    "The central bank raised its base rate to 4.5 percent on 12 March 2024.",
    "The company did not pay a dividend in 2019.",
    "In 2018, Deutsche Bank paid a fine of $2.5 million to regulators in New York.",
)
SPORT = (
    "Manchester United signed the striker for more than 60 million pounds in August 2019.",
    "The club won the cup after beating Liverpool in the final in Madrid.",
    "The team scored 112 goals in 38 league matches in 2016.",
    "Roger Federer won his first title in Basel before he turned twenty.",
    "The coach said the injury was not serious, according to Arsene Wenger.",
)
SCIENCE = (
    "The trial enrolled 1,240 patients at 12 hospitals in Sweden between 2010 and 2014.",
    "Mice lacking the gene gained 40% more weight (compared with controls) than wild-type mice.",
    "The vaccine reduced hospital admissions by 75% of the expected number in older adults.",
    "The researchers found that the drug did not improve survival in patients with sepsis.",
    "Researchers at Stanford University published the results in Nature in 2015.",
)
POLITICS = (
    "Chancellor Olaf Scholz met President Emmanuel Macron in Paris on 9 May 2022.",
    "The parliament approved the budget of 14.6 billion euros after twelve hours of debate.",
    "Prime Minister Daria Menkova said the government would hold an inquiry.",
    "The minister resigned after the report was published in Berlin.",
    "The opposition Civic Alliance won 58 seats in the election of 2021.",
)


def make_doc(key: str, sentences: tuple[str, ...], source: str = "test") -> cs.SourceDoc:
    return cs.SourceDoc(source, key, key, sentences)


@pytest.fixture(scope="module")
def parsed() -> dict[str, list[cs.Sentence]]:
    docs = [make_doc("finance", FINANCE), make_doc("sport", SPORT), make_doc("science", SCIENCE),
            make_doc("politics", POLITICS)]
    return cs.build_sentences(docs, None)


def sent(parsed, domain: str, i: int) -> cs.Sentence:
    return parsed[domain][i]


def rng() -> random.Random:
    return random.Random("test")


def claims(options) -> list[str]:
    return [o[0] for o in options]


# --------------------------------------------------------------------------- parsers


def test_find_figures_skips_years_dates_ranges_and_identifiers():
    figs = cs.find_figures("In 2019, 1,200 people in 12 towns saw COVID-19 cases rise 5-10% on 3 May 2020.")
    assert [f.num for f in figs if not f.is_year] == ["1,200", "12"]
    assert [f.num for f in cs.find_figures("The score was 3-1 and Table 2 lists p = 0.03.")] == []
    f = cs.find_figures("It cost $3.5 million, or 40 percent more.")
    assert [(x.cur, x.num, x.scale, x.pct) for x in f] == [("$", "3.5", "million", ""), ("", "40", "", "percent")]


def test_find_dates_forms():
    d = cs.find_dates("On 12 March 2024 and March 14, 2024, in June 2020 and in 1998.")
    assert [(x.form, x.day, x.month, x.year) for x in d] == [
        ("dmy", 12, 3, 2024), ("mdy", 14, 3, 2024), ("my", 0, 6, 2020), ("year", 0, 0, 1998)]


def test_inflection_helpers():
    assert cs.past_tense("win") == "won" and cs.past_tense("announce") == "announced"
    assert cs.past_tense("carry") == "carried" and cs.past_tense("open") is None  # not guessed
    assert cs.third_person("pay") == "pays" and cs.third_person("reach") == "reaches"


def test_strip_section_label():
    assert cs.strip_section_label("CONCLUSIONS Variation in dose did not matter.") == "Variation in dose did not matter."
    assert cs.strip_section_label("METHODOLOGY/PRINCIPAL FINDINGS We found X.") == "We found X."
    assert cs.strip_section_label("RESULTS HIV infection rose.") == "HIV infection rose."
    assert cs.strip_section_label("MRSA infections rose.") == "MRSA infections rose."


def test_good_sentence_rejects_glued_revisions():
    assert not cs.good_sentence("The album was certified platinum by the RIAA.Calling All Hearts is her 4th album.")
    assert cs.good_sentence("The album was certified platinum by the RIAA in 2011.")


def test_strip_dateline():
    assert cs.strip_dateline("ULMEN, Valdoria (Continental Press) - Rescuers found a girl.") == "Rescuers found a girl."
    assert cs.strip_dateline("The talks - which lasted days - ended.") == "The talks - which lasted days - ended."


# --------------------------------------------------------------------------- supported


def test_sup_number_format_rounds_with_a_bound_that_holds(parsed):
    out = claims(cs.sup_number_format(sent(parsed, "science", 0), rng()))
    assert any("more than 1,000 patients" in c or "over 1,000 patients" in c for c in out)
    assert any("twelve hospitals" in c for c in out)
    doc = make_doc("d", ("The club sold 5,381 season tickets in two weeks.",))
    s = cs.build_sentences([doc], None)["d"][0]
    out = claims(cs.sup_number_format(s, rng()))
    assert any(re.search(r"(about|around|roughly|nearly) 5,400 season", c) for c in out)
    assert any(re.search(r"(more than|over) 5,000 season", c) for c in out)


def test_sup_number_format_percent_fraction_and_scale(parsed):
    out = claims(cs.sup_number_format(sent(parsed, "science", 2), rng()))
    assert any("three quarters of the expected" in c for c in out)
    assert any("75 percent" in c for c in out)
    out = claims(cs.sup_number_format(sent(parsed, "finance", 4), rng()))
    assert any("$2,500,000" in c for c in out)
    out = claims(cs.sup_number_format(sent(parsed, "politics", 1), rng()))
    assert any("12 hours" in c for c in out)  # number word -> digits


def test_sup_date_format(parsed):
    out = claims(cs.sup_date_format(sent(parsed, "politics", 0), rng()))
    assert any("May 9, 2022" in c for c in out)
    assert any(c.startswith("Chancellor Olaf Scholz met President Emmanuel Macron in Paris in May 2022.") for c in out)
    assert any("Monday, 9 May 2022" in c for c in out)  # 9 May 2022 was a Monday
    doc = make_doc("d", ("On 29 July 2007, Carroll scored his first senior goal in a friendly match.",))
    out = claims(cs.sup_date_format(cs.build_sentences([doc], None)["d"][0], rng()))
    assert "In July 2007, Carroll scored his first senior goal in a friendly match." in out
    out = claims(cs.sup_date_format(sent(parsed, "sport", 2), rng()))
    assert any("the 2010s" in c or "the mid-2010s" in c for c in out)


def test_sup_clause_drop_and_reorder(parsed):
    out = claims(cs.sup_clause_drop(sent(parsed, "science", 1), rng()))
    assert out == ["Mice lacking the gene gained 40% more weight than wild-type mice."]
    out = claims(cs.sup_reorder(sent(parsed, "finance", 4), rng()))
    assert out == ["Deutsche Bank paid a fine of $2.5 million to regulators in New York in 2018."]


# --------------------------------------------------------------------------- contradicted


def test_con_swap_number_takes_a_figure_of_the_same_kind_from_the_document(parsed):
    doc = make_doc("d", ("The trial enrolled 1,240 patients in Sweden.", "A second trial enrolled 980 patients."))
    sents = cs.build_sentences([doc], None)["d"]
    out = cs.con_swap_number(sents[0], cs._doc_pools(sents), rng())
    assert claims(out) == ["The trial enrolled 980 patients in Sweden."]
    assert "same document" in out[0][1]


def test_con_number_shift_moves_beyond_tolerance(parsed):
    for c, _ in cs.con_number_shift(sent(parsed, "sport", 2), rng()):
        values = [float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*", c) if x not in ("2016",)]
        assert values != [112.0, 38.0]
        for v, orig in zip(values, (112.0, 38.0)):
            assert v == orig or abs(v - orig) / orig >= 0.3


def test_con_bound_flip(parsed):
    out = claims(cs.con_bound_flip(sent(parsed, "sport", 0), rng()))
    assert any("under 60 million" in c or "less than 60 million" in c for c in out)
    out = claims(cs.con_bound_flip(sent(parsed, "science", 0), rng()))
    assert any("fewer than 1,000 patients" in c or "more than 2,000 patients" in c for c in out)


def test_con_order_flip(parsed):
    assert claims(cs.con_order_flip(sent(parsed, "politics", 3), rng())) == [
        "The minister resigned before the report was published in Berlin."]
    assert claims(cs.con_order_flip(sent(parsed, "sport", 3), rng())) == [
        "Roger Federer won his first title in Basel after he turned twenty."]


def test_con_negation_adds_and_removes(parsed):
    assert claims(cs.con_negation(sent(parsed, "finance", 3), rng())) == [
        "The company paid a dividend in 2019."]
    assert claims(cs.con_negation(sent(parsed, "politics", 3), rng())) == [
        "The minister did not resign after the report was published in Berlin."]
    out = claims(cs.con_negation(sent(parsed, "science", 3), rng()))
    assert out == ["The researchers did not find that the drug did not improve survival in patients with sepsis."] or out == []


def test_con_swap_entity_keeps_the_subject(parsed):
    doc = make_doc("d", ("The club won the cup after beating Liverpool in the final in Madrid.",
                         "The club later played Arsenal in a friendly in Lisbon."))
    sents = cs.build_sentences([doc], None)["d"]
    out = claims(cs.con_swap_entity(sents[0], cs._doc_pools(sents), rng()))
    assert out and all(c.startswith("The club won the cup") for c in out)
    assert any("Lisbon" in c or "Arsenal" in c for c in out)


def test_con_speaker_swap(parsed):
    doc = make_doc("d", ("Prime Minister Daria Menkova said the government would hold an inquiry.",
                         "Viktor Sarnov called for the minister to resign."))
    sents = cs.build_sentences([doc], None)["d"]
    out = claims(cs.con_speaker_swap(sents[0], cs._doc_pools(sents), rng()))
    assert out == ["Prime Minister Viktor Sarnov said the government would hold an inquiry."]


def test_con_swap_and_shift_date(parsed):
    doc = make_doc("d", ("The company was founded in 1998 in Munich.", "It moved to Berlin in 2004."))
    sents = cs.build_sentences([doc], None)["d"]
    assert claims(cs.con_swap_date(sents[0], cs._doc_pools(sents), rng())) == [
        "The company was founded in 2004 in Munich."]
    out = claims(cs.con_date_shift(sents[0], rng()))
    assert out and "1998" not in out[0] and re.search(r"founded in \d{4} in Munich", out[0])


# --------------------------------------------------------------------------- unverified


def test_unv_other_sentence_does_not_hold_the_claims_figures():
    doc = make_doc("d", ("The trial enrolled 1,240 patients at hospitals in Sweden.",
                         "Patients in the trial were followed at hospitals for five years.",
                         "The trial enrolled 1,240 patients."))
    sents = cs.build_sentences([doc], None)["d"]
    out = cs.unv_other_sentence(sents[0], sents, rng())
    assert len(out) == 1
    claim, evidence, _ = out[0]
    assert claim == sents[0].text and evidence == sents[1].text  # never the one restating 1,240


def test_unv_added_detail(parsed):
    pools = cs.GlobalPools([2011], ["Oslo"])
    out = claims(cs.unv_added_detail(sent(parsed, "politics", 3), pools, rng()))
    assert out == []  # a later clause ("after the report was published"): nowhere safe to add
    doc = make_doc("d", ("The company opened a new factory for electric cars.",))
    s = cs.build_sentences([doc], None)["d"][0]
    out = claims(cs.unv_added_detail(s, pools, rng()))
    assert "The company opened a new factory for electric cars in 2011." in out
    assert "The company opened a new factory for electric cars in Oslo." in out


# --------------------------------------------------------------------------- the suite


def small_docs() -> list[cs.SourceDoc]:
    return [make_doc(f"{name}-{i}", sents) for i, (name, sents) in enumerate(
        (("finance", FINANCE), ("sport", SPORT), ("science", SCIENCE), ("politics", POLITICS)))]


def test_generation_is_deterministic_and_labelled_by_construction():
    docs = small_docs()
    a = cs.generate(docs, 7, None, caps={})
    b = cs.generate(list(docs), 7, None, caps={})
    blob_a = b"".join(cs.gzip_bytes(cs.jsonl_bytes(a[s])) for s in cs.SPLITS)
    blob_b = b"".join(cs.gzip_bytes(cs.jsonl_bytes(b[s])) for s in cs.SPLITS)
    assert blob_a == blob_b
    records = [r for s in cs.SPLITS for r in a[s]]
    assert len({r["meta"]["category"] for r in records}) >= 10
    for r in records:
        prefix = r["meta"]["category"].split("_", 1)[0]
        assert r["label"] == cs.LABEL_OF_PREFIX[prefix]
        assert set(r) == {"id", "text", "label", "evidence", "meta"}
        assert set(r["meta"]) == {"category", "source", "doc", "split", "transform"}
        assert r["text"] != r["evidence"]


def test_cached_parses_give_the_same_suite(tmp_path):
    docs = small_docs()
    fresh = cs.generate(docs, 7, tmp_path, caps={})  # parses and writes the cache
    assert list(tmp_path.glob("parse-*.spacy"))
    cached = cs.generate(docs, 7, tmp_path, caps={})  # reads every parse back
    assert fresh == cached


def test_splits_are_disjoint_by_document():
    docs = [make_doc(f"doc-{i}", (s,)) for i, s in enumerate(FINANCE + SPORT + SCIENCE + POLITICS)]
    out = cs.generate(docs, 7, None, caps={})
    seen: dict[str, str] = {}
    for split in cs.SPLITS:
        for r in out[split]:
            assert r["meta"]["split"] == split
            assert seen.setdefault(r["meta"]["doc"], split) == split


def test_split_policy():
    held_out = cs.SourceDoc("wice", "wice:x", "wice:x", ("A b c d e f.",), "test_only")
    assert held_out.split == "test"
    key = next(f"k{i}" for i in range(1000) if cs.bucket(f"k{i}") in cs.TEST_BUCKETS)
    assert cs.SourceDoc("scifact", key, key, ("A.",), "no_test").split == "train"
    assert cs.SourceDoc("scifact", key, key, ("A.",), "any").split == "test"


def test_claim_file_lines_read_back(tmp_path):
    from verifier.claims.files import read_claim_file

    out = cs.generate(small_docs(), 7, None, caps={})
    records = [r for s in cs.SPLITS for r in out[s]]
    path = tmp_path / "contrast-test-readback.jsonl"
    path.write_bytes(cs.jsonl_bytes(records))
    got, problems = read_claim_file(path)
    assert not problems and len(got) == len(records)
    assert all(c.evidence and c.label is not None for c in got)


def test_retrieval_cases_leave_one_document_out(tmp_path):
    corpus = tmp_path / "set"
    corpus.mkdir()
    files = {
        "a.md": "---\ntitle: A\npublished: 2024-03-12\n---\nThe ministry said 1,240 people were injured in Ulmen. "
                "Rescuers on Tuesday pulled a girl alive from a collapsed block in Ulmen.\n",
        "b.md": "---\ntitle: B\npublished: 2024-03-13\n---\nThe World Bank approved a loan of $248 million on Tuesday. "
                "Prime Minister Daria Menkova said the government would hold an inquiry.\n",
        "c.md": "---\ntitle: C\npublished: 2024-03-14\n---\nThe Red Cross launched an appeal for 18 million francs. "
                "The appeal will assist 60,000 people over 18 months in Kalvar.\n",
    }
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    recs = cs.retrieval_cases(corpus, 7, None)
    excluded = {r["meta"]["exclude_doc"] for r in recs}
    assert len(excluded) == 1
    left_out = excluded.pop()
    for r in recs:
        assert "evidence" not in r and r["date"].startswith("2024-03-1")
        if r["meta"]["category"] == "unv_excluded_doc":
            assert r["label"] == "unverified" and r["meta"]["doc"].endswith("/" + left_out)
        else:
            assert not r["meta"]["doc"].endswith("/" + left_out)
    assert {r["label"] for r in recs} == {"supported", "contradicted", "unverified"}


@pytest.mark.skipif(not FROZEN.exists(), reason="the frozen test split is not generated yet")
def test_frozen_test_split_matches_readme_checksum():
    digest = hashlib.sha256(FROZEN.read_bytes()).hexdigest()
    assert digest in README.read_text(encoding="utf-8")
    with gzip.open(FROZEN, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    assert len(records) >= 5000
    assert all(r["meta"]["split"] == "test" for r in records)
    built = ROOT / "index" / "built" / "contrast"
    for split in ("train", "dev"):
        if (built / f"{split}.jsonl.gz").exists():
            with gzip.open(built / f"{split}.jsonl.gz", "rt", encoding="utf-8") as fh:
                other = {json.loads(line)["meta"]["doc"] for line in fh}
            assert not other & {r["meta"]["doc"] for r in records}
