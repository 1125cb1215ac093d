"""Report rendering: golden files, escaping of hostile text, highlights, ClaimReview validity.

Golden files are regenerated with ``scripts/regen_golden.py`` and reviewed as diffs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from report_fixture import XSS_IMG, XSS_LINK, XSS_SCRIPT, run, trails

from verifier.errors import InputError
from verifier.report import ClaimReviewOptions, only_reviewed, render, validate
from verifier.report.common import anchor
from verifier.report.markdown import md_text
from verifier.types import Label, Span, Verdict

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize(("name", "fmt"), [("report.md", "md"), ("report.json", "json")])
def test_golden(name: str, fmt: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert render(run(), fmt, trails()) == expected, (
        f"{name} changed: run scripts/regen_golden.py and review `git diff tests/golden`")


def test_json_verdicts_parse_back_and_counts_follow_reviews() -> None:
    doc = json.loads(render(run(), "json", trails()))
    assert [Verdict.model_validate(v) for v in doc["verdicts"]] == list(run().verdicts)
    assert doc["counts"]["machine"] == {"contradicted": 3, "unverified": 1, "supported": 3}
    assert doc["counts"]["final"] == {"contradicted": 2, "unverified": 1, "supported": 4}
    assert doc["final"]["ua-003"] == "supported"
    assert [r["editor"] for r in doc["reviews"]["ua-014"]] == ["ben", "ana"]


def test_jsonl_is_the_run_file_again() -> None:
    lines = render(run(), "jsonl").splitlines()
    assert json.loads(lines[0])["run"]["index"]["fingerprint"] == "idx-7c1e4b2a9f03"
    assert [Verdict.model_validate_json(line) for line in lines[1:]] == list(run().verdicts)


def test_unknown_format_lists_the_valid_ones() -> None:
    with pytest.raises(InputError) as err:
        render(run(), "pdf")
    assert str(err.value) == ("[V007] unknown report format 'pdf'; valid: html, md, json, jsonl, "
                              "claimreview.")


# --------------------------------------------------------------------------- HTML


def test_html_escapes_every_hostile_string() -> None:
    page = render(run(), "html", trails())
    assert page.count("<script") == 1  # the page's own filter script, nothing injected
    assert "<img" not in page and "<b>" not in page
    for hostile in (XSS_SCRIPT, XSS_IMG, "Anonymous blog <b>unvetted</b>", "<script>x()</script>"):
        assert hostile not in page
    assert "&lt;script&gt;alert(1);document.title=&#x27;pwned&#x27;" in page
    assert "onerror=&quot;alert(2)" in page
    assert 'href="javascript:' not in page  # the javascript: url is shown as text, not linked


def test_html_is_self_contained() -> None:
    page = render(run(), "html", trails())
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "@import" not in page and "url(" not in page
    assert "default-src &#x27;none&#x27;" in page  # CSP: no fetch at all
    assert "@media print" in page and 'name="viewport"' in page


def test_overlapping_spans_get_one_highlight_linking_both_cards() -> None:
    fixture = run()
    page = render(fixture, "html")  # no reviews: ua-003 is contradicted, ua-002 supported
    marks = re.findall(r'<mark class="hl v-(\w+)" id="hl-\d+" data-label="\w+" '
                       r'data-start="(\d+)" data-end="(\d+)" data-claims="([^"]*)">', page)
    assert len(marks) == 6  # seven claims, two share a sentence
    shared = [m for m in marks if " " in m[3]]
    assert shared == [("contradicted", str(fixture.verdicts[1].span.start),
                       str(fixture.verdicts[1].span.end), "claim-ua-002 claim-ua-003")]
    tags = page.split('data-claims="claim-ua-002 claim-ua-003">', 1)[1].split("</span>", 1)[0]
    assert 'href="#claim-ua-002"' in tags and 'href="#claim-ua-003"' in tags
    assert "✔&nbsp;ua-002" in tags and "✖&nbsp;ua-003" in tags


def test_worst_label_colours_a_shared_sentence_after_review() -> None:
    page = render(run(), "html", trails())  # the editor set ua-003 to supported
    assert 'data-claims="claim-ua-002 claim-ua-003"' in page
    assert re.search(r'<mark class="hl v-supported"[^>]*data-claims="claim-ua-002 claim-ua-003"',
                     page)


def test_cards_are_ordered_contradicted_first() -> None:
    page = render(run(), "html", trails())
    order = re.findall(r'<article class="card filterable v-\w+" id="([^"]+)"', page)
    assert order == ["claim-ua-014", "claim-ua-015", "claim-ua-044", "claim-ua-001",
                     "claim-ua-002", "claim-ua-003", "claim-ua-013"]


def test_claim_file_run_gets_a_table_of_cards() -> None:
    fixture = run()
    bare = fixture.model_copy(update={"record": fixture.record.model_copy(
        update={"article": None, "article_path": ""})})
    page = render(bare, "html")
    assert "<mark class=\"hl" not in page and '<table class="summary">' in page
    assert page.count('<tr class="filterable"') == 7


def test_a_span_outside_the_article_is_said_not_highlighted() -> None:
    fixture = run()
    v = fixture.verdicts[0].model_copy(update={"span": Span(start=10**6, end=10**6 + 5)})
    page = render(fixture.model_copy(update={"verdicts": (v,)}), "html")
    assert "<mark class=\"hl" not in page
    assert "(not located in the article)" in page


def test_anchor_keeps_safe_ids_and_disambiguates_replaced_ones() -> None:
    assert anchor("ua-014") == "claim-ua-014"
    odd = anchor('a b"><script>')
    assert re.fullmatch(r"claim-a-b---script--[0-9a-f]{8}", odd)
    assert anchor("a b") != anchor("a-b")


# --------------------------------------------------------------------------- Markdown


def test_markdown_makes_hostile_text_inert() -> None:
    text = render(run(), "md", trails())
    assert "<script" not in text and "<img" not in text
    assert XSS_LINK not in text
    assert r"\[read more\](javascript:alert(3))" in text
    assert "(javascript:alert(4))" in text  # the url is shown, escaped, never an autolink
    assert "<javascript:" not in text


@pytest.mark.parametrize(("raw", "escaped"), [
    ("- not a list", r"\- not a list"),
    ("1. not a list", r"1\. not a list"),
    ("0.35 and 2022-04-26", "0.35 and 2022-04-26"),
    ("a|b *c* _d_ `e`", r"a\|b \*c\* \_d\_ \`e\`"),
    ("<b>&", "&lt;b&gt;&amp;"),
    ("two\nlines", "two lines"),
])
def test_md_text(raw: str, escaped: str) -> None:
    assert md_text(raw) == escaped


def test_markdown_shows_the_audit_trail() -> None:
    text = render(run(), "md", trails())
    assert ("| 2026-11-27T09:10:00+00:00 | ben | contradicted | unverified | Wire report only; "
            "want the mission's own page. |") in text
    assert "- **Verdict:** ✔ Supported (editor); machine verdict ✖ Contradicted" in text


# --------------------------------------------------------------------------- ClaimReview


def test_claimreview_validates_and_maps_labels() -> None:
    opts = ClaimReviewOptions(base_url="https://factcheck.example/report.html",
                              article_url="https://www.upi.com/example",
                              article_headline="UN chief to meet Putin", article_author="UPI")
    text = render(run(), "claimreview", trails(), opts)
    assert validate(text) == []
    doc = json.loads(text)
    assert doc["@type"] == "ItemList" and doc["numberOfItems"] == 7
    by_claim = {e["item"]["url"].rsplit("#", 1)[1]: e["item"] for e in doc["itemListElement"]}
    ua003 = by_claim["claim-ua-003"]
    assert ua003["reviewRating"] == {"@type": "Rating", "ratingValue": 3, "bestRating": 3,
                                     "worstRating": 1, "alternateName": "Supported"}
    assert ua003["datePublished"] == "2026-11-27"
    assert ua003["itemReviewed"]["firstAppearance"] == {
        "@type": "CreativeWork", "url": "https://www.upi.com/example",
        "headline": "UN chief to meet Putin"}
    assert ua003["itemReviewed"]["author"] == {"@type": "Organization", "name": "UPI"}
    assert by_claim["claim-ua-015"]["reviewRating"]["alternateName"] == "Contradicted"
    assert by_claim["claim-ua-044"]["reviewRating"]["ratingValue"] == 2


def test_claimreview_only_reviewed() -> None:
    reviews = trails()
    text = render(only_reviewed(run(), reviews), "claimreview", reviews)
    assert validate(text) == []
    claims = [e["item"]["claimReviewed"] for e in json.loads(text)["itemListElement"]]
    assert claims == [run().verdicts[2].claim, run().verdicts[4].claim]


@pytest.mark.parametrize(("mutate", "problem"), [
    (lambda d: d.pop("@context"), "$: @context must be 'https://schema.org'"),
    (lambda d: d["itemListElement"][0]["item"].pop("claimReviewed"),
     "$.itemListElement[0].item: ClaimReview lacks claimReviewed"),
    (lambda d: d["itemListElement"][0]["item"]["reviewRating"].update(ratingValue=7),
     "$.itemListElement[0].item.reviewRating: ratingValue 7 is outside [1, 3]"),
    (lambda d: d["itemListElement"][0]["item"].update(datePublished="26 April"),
     "$.itemListElement[0].item.datePublished: '26 April' is not a Date"),
    (lambda d: d["itemListElement"][0]["item"].update(url="javascript:alert(1)"),
     "$.itemListElement[0].item.url: 'javascript:alert(1)' is not a URL"),
    (lambda d: d["itemListElement"][0]["item"]["itemReviewed"].update({"@type": "Thing"}),
     "$.itemListElement[0].item.itemReviewed: @type 'Thing', expected one of ['Claim']"),
    (lambda d: d["itemListElement"][0]["item"].update(ratingValue=3),
     "$.itemListElement[0].item: 'ratingValue' is not a property of ClaimReview used here"),
    (lambda d: d.update(numberOfItems=99),
     "$: numberOfItems differs from the number of itemListElement"),
])
def test_validate_finds_broken_markup(mutate, problem: str) -> None:
    doc = json.loads(render(run(), "claimreview", None,
                            ClaimReviewOptions(base_url="https://x.example/r.html")))
    mutate(doc)
    assert problem in validate(json.dumps(doc))


def test_validate_rejects_non_json() -> None:
    assert validate("{not json")[0].startswith("not valid JSON:")


def test_final_label_counts_in_markdown_header() -> None:
    text = render(run(), "md", {"ua-001": [trails()["ua-003"][0].model_copy(
        update={"claim_id": "ua-001", "before": Label.SUPPORTED, "after": Label.UNVERIFIED})]})
    assert text.splitlines()[2] == ("**7 claims:** ✖ 3 contradicted · ? 2 unverified · "
                                    "✔ 2 supported (1 reviewed by an editor, 1 changed)")
