"""Extraction pinned on the worked example: every article-derived claim of the gold file
(ua-001..ua-019) has its key fact among the extracted atomic claims, with exact spans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from verifier.claims import extract_claims, parse_facts
from verifier.claims.extract import find_article_date
from verifier.types import Bound, Claim

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "claims" / "ukraine-2022-04-26.article.txt"
GOLD = ROOT / "claims" / "ukraine-2022-04-26.claims.jsonl"


@pytest.fixture(scope="module")
def extraction():
    return extract_claims(ARTICLE.read_text(encoding="utf-8"), path=str(ARTICLE))


def _events(c: Claim):
    return {e.id: e for e in c.facts.events}


def _ordered(c: Claim, first, then) -> bool:
    ev = _events(c)
    return any(first(ev[r.before]) and then(ev[r.after]) for r in c.facts.order)


def _quote(c: Claim, words: str, speaker: str) -> bool:
    return any(words in q.text and q.speaker == speaker for q in c.facts.quotes)


def _has_date(c: Claim, iso: str) -> bool:
    return any(d.start == iso for d in c.facts.dates)


# Each article-derived gold claim -> what must hold for at least one extracted claim.
KEY_FACTS = {
    "ua-001": lambda c: "Putin" in c.text and "Moscow" in c.text and _has_date(c, "2022-04-26")
    and any(e.predicate == "meet" and e.place == "Moscow" for e in c.facts.events),
    "ua-002": lambda c: _ordered(c, lambda e: e.place == "Ankara", lambda e: e.place == "Moscow"),
    "ua-003": lambda c: _ordered(c, lambda e: "Sergey Lavrov" in e.objects,
                                 lambda e: e.predicate == "receive" and "Putin" in e.objects)
    and _has_date(c, "2022-04-26"),
    "ua-004": lambda c: c.text.startswith("On Thursday, Antonio Guterres will then travel to Kyiv")
    and _has_date(c, "2022-04-28"),
    "ua-005": lambda c: any(e.canonical == "Farhan Haq" and "deputy spokesman" in e.role for e in c.facts.entities),
    "ua-006": lambda c: any(q.value == 3 and q.noun == "month" for q in c.facts.quantities),
    "ua-007": lambda c: any(e.predicate == "heed" and e.negated and e.agent == "Russia" for e in c.facts.events),
    "ua-008": lambda c: "criticize" in c.facts.polarity_words
    and _ordered(c, lambda e: e.place == "Russia", lambda e: e.place == "Ukraine"),
    "ua-009": lambda c: _quote(c, "there is no justice or logic", "Volodymyr Zelensky"),
    "ua-010": lambda c: "both sides agreed to the schedule" in c.text and "agree" in c.facts.polarity_words,
    "ua-011": lambda c: "reaffirmed their objective to end the war" in c.text and _has_date(c, "2022-04-25"),
    "ua-012": lambda c: c.text == "Martin Griffiths canceled the trip after contracting COVID-19."
    and _ordered(c, lambda e: e.predicate == "contract", lambda e: e.predicate == "cancel"),
    "ua-013": lambda c: _has_date(c, "2022-02-24") and any(
        (q.value, q.bound, q.strict, q.noun, q.measure) == (2660, Bound.LOWER, True, "civilian", "killed")
        for q in c.facts.quantities),
    "ua-014": lambda c: any(e.canonical == "Dmitry Polyansky" and e.role == "Russia's permanent representative to the U.N."
                            for e in c.facts.entities),
    "ua-015": lambda c: "visited Kyiv" in c.text and "Blinken" in c.text and "Austin" in c.text
    and _has_date(c, "2022-04-25"),
    "ua-016": lambda c: any((q.value, q.unit, q.noun) == (300e6, "USD", "financing") for q in c.facts.quantities),
    "ua-017": lambda c: any((q.value, q.unit, q.noun) == (165e6, "USD", "ammunition") for q in c.facts.quantities),
    "ua-018": lambda c: _quote(c, "We want to see Russia weakened", "Lloyd Austin"),
    "ua-019": lambda c: _quote(c, "a good option right now", "Dmitry Polyansky") and c.facts.negated,
}


def test_key_facts_cover_the_article_derived_gold_claims():
    gold_ids = [json.loads(line)["id"] for line in GOLD.read_text().splitlines() if line.strip()]
    assert set(KEY_FACTS) == {i for i in gold_ids if int(i.split("-")[1]) <= 19}


@pytest.mark.parametrize("gold_id", sorted(KEY_FACTS))
def test_gold_claim_fact_is_extracted(extraction, gold_id):
    assert any(KEY_FACTS[gold_id](c) for c in extraction.claims), gold_id


def test_spans_ids_and_dates(extraction):
    text = ARTICLE.read_text(encoding="utf-8")
    assert extraction.article_date == "2022-04-26"
    ids = [c.id for c in extraction.claims]
    assert len(ids) == len(set(ids))
    for c in extraction.claims:
        assert text[c.span.start:c.span.end] == c.sentence
        assert c.date == "2022-04-26"
        assert c.id.startswith("ukraine-2022-04-26-s")
    assert not extraction.claims[0].sentence.startswith("date ")


def test_compound_sentence_is_decomposed(extraction):
    parts = [c for c in extraction.claims if c.sentence.startswith("Guterres had left for the trip Monday")]
    texts = [c.text for c in parts]
    assert "Antonio Guterres had left for the trip Monday." in texts
    assert len(parts) >= 5
    left = next(c for c in parts if c.text == "Antonio Guterres had left for the trip Monday.")
    assert [d.start for d in left.facts.dates] == ["2022-04-25"]


def test_boilerplate_and_duplicates_are_dropped_with_reasons(extraction):
    reasons = {d.text: d.reason for d in extraction.dropped}
    assert reasons["Advertisement"] == "boilerplate"
    assert reasons["Pool File Photo by John Minchillo/UPI | License Photo"] == "boilerplate"
    assert all(not c.text.startswith("April 26 (UPI)") for c in extraction.claims)


def test_pronouns_and_titles_resolve_to_the_person(extraction):
    texts = [c.text for c in extraction.claims]
    assert any("that Antonio Guterres has embarked upon this trip" in t for t in texts)  # "the secretary general"
    assert any(t.startswith('"There are no bodies in the streets of Moscow," Volodymyr Zelensky said') for t in texts)


def test_quote_continuing_over_sentences_keeps_its_speaker(extraction):
    c = next(c for c in extraction.claims if c.sentence == '"The war is in Ukraine.')
    assert c.text == 'Volodymyr Zelensky said: "The war is in Ukraine."'
    assert [(q.text, q.speaker) for q in c.facts.quotes] == [("The war is in Ukraine.", "Volodymyr Zelensky")]


def test_general_article_with_dateline_and_published_header():
    article = ("Published: March 3, 2023\n\nKYIV, Ukraine (AP) -- Mayor Vitali Klitschko said on Thursday "
               "that 12 people were injured. He later visited the site.\n\nWhat happens next?\n\n"
               "Advertisement\n")
    ex = extract_claims(article, path="news/kyiv.txt")
    assert ex.article_date == "2023-03-03"
    texts = [c.text for c in ex.claims]
    assert texts[0].startswith("Mayor Vitali Klitschko said on Thursday")
    assert ex.claims[0].facts.dates[0].start == "2023-03-02"
    assert "Vitali Klitschko later visited the site." in texts
    assert {d.text: d.reason for d in ex.dropped} == {"Published: March 3, 2023": "boilerplate",
                                                    "What happens next?": "question",
                                                    "Advertisement": "boilerplate"}
    assert ex.claims[0].id == "kyiv-s001-1"


def test_date_option_overrides_the_article_date():
    ex = extract_claims("date 2022-04-26 Ann Lee met Bob Ray in Paris on Monday.", date="2023-01-04")
    assert ex.article_date == "2023-01-04"
    assert ex.claims[0].facts.dates[0].start == "2023-01-02"


def test_article_without_date():
    assert find_article_date("Ann Lee met Bob Ray in Paris on Monday.") == (None, 0)


def test_facts_roles_order_negation_polarity():
    f = parse_facts("Foreign Minister Sergey Lavrov did not meet Dmitry Polyansky, Russia's envoy, "
                    "and then criticised the plan.", "2022-04-26")
    roles = {e.text: e.role for e in f.entities}
    assert roles["Sergey Lavrov"] == "Foreign Minister"
    assert roles["Dmitry Polyansky"] == "Russia's envoy"
    assert f.negated
    assert f.polarity_words == ["criticize"]
    meet, crit = f.events[0], f.events[1]
    assert (meet.predicate, meet.negated, crit.predicate) == ("meet", True, "criticise")
    assert [(r.before, r.after, r.cue) for r in f.order] == [(meet.id, crit.id, "then")]


def test_front_matter_titles_and_afterwards_order():
    article = ("---\ntitle: Briefing\npublished: 2023-06-05\n---\n"
               "Jane Doe, spokeswoman for the mayor, briefed reporters on Monday.\n\n"
               "The Mayor, John Smith, is in Lyon today. Tomorrow he will be in Paris. There he will have "
               "lunch with the finance minister, and afterwards he will be received by President Emmanuel "
               "Macron.\n\nThe mayor will return to Lyon on Friday.\n")
    ex = extract_claims(article, path="brief.md")
    assert ex.article_date == "2023-06-05"
    by_text = {c.text: c for c in ex.claims}
    assert [d.start for d in by_text["Tomorrow John Smith will be in Paris."].facts.dates] == ["2023-06-06"]
    assert [d.start for d in by_text["John Smith will return to Lyon on Friday."].facts.dates] == ["2023-06-09"]
    order = by_text["In Paris, John Smith will have lunch with the finance minister, and afterwards John Smith "
                    "will be received by President Emmanuel Macron."]
    assert order.meta["kind"] == "order"
    ev = {e.id: e.predicate for e in order.facts.events}
    assert [(ev[o.before], ev[o.after]) for o in order.facts.order] == [("lunch", "receive")]
    assert ex.claims[0].text == "Jane Doe, spokeswoman for the mayor, briefed reporters on Monday."


def test_relative_clause_on_a_name_is_its_own_claim():
    ex = extract_claims("date 2023-05-03 Rishi Sunak, who met NATO Secretary General Jens Stoltenberg in "
                        "London last week, told parliament the increase would cost about 11 billion pounds. "
                        "Opposition leader Keir Starmer criticised the plan, saying it came too late.")
    assert [c.text for c in ex.claims] == [
        "Rishi Sunak met NATO Secretary General Jens Stoltenberg in London last week.",
        "Rishi Sunak told parliament the increase would cost about 11 billion pounds.",
        "Opposition leader Keir Starmer criticised the plan.",
        "Keir Starmer said it came too late.",
    ]
    assert ex.claims[0].facts.dates[0].start == "2023-04-24"
    assert ex.claims[1].facts.quantities[0].unit == "GBP"


def test_curly_quote_over_two_sentences_is_balanced_and_attributed():
    ex = extract_claims("Health Minister Anna Berg said on Tuesday that rates had risen. \u201cWe are seeing "
                        "real progress. The numbers speak for themselves,\u201d she told reporters.")
    quotes = [(c.text, [(q.speaker, q.text) for q in c.facts.quotes]) for c in ex.claims[1:]]
    assert quotes == [
        ("Anna Berg said: \u201cWe are seeing real progress.\u201d", [("Anna Berg", "We are seeing real progress.")]),
        ("\u201cThe numbers speak for themselves,\u201d Anna Berg told reporters.",
         [("Anna Berg", "The numbers speak for themselves,")]),
    ]


@pytest.mark.parametrize("sentence,reason", [
    ("By Jane Doe and John Roe, Reuters", "boilerplate"),
    ("Email this article | Print this article | Search the site.", "boilerplate"),
    ("Home | World | Europe", "boilerplate"),
    ("Photo by Jane Doe/AFP", "boilerplate"),
    ("Will the ceasefire hold?", "question"),
    ("It went on.", "fragment"),
    ("I think we should all be kinder to each other.", "opinion"),
    ("The mood was tense and the weather was grey.", "no checkable fact (no name, number or date)"),
])
def test_drop_reasons(sentence, reason):
    ex = extract_claims(f"date 2022-04-26\n\n{sentence}\n")
    assert (ex.claims, [(d.text, d.reason) for d in ex.dropped]) == ([], [(sentence, reason)])


def test_by_a_weekday_is_not_a_byline():
    ex = extract_claims("date 2022-04-26\n\nBy Monday the Red Cross had evacuated 100 people.\n")
    assert [c.text for c in ex.claims] == ["By Monday the Red Cross had evacuated 100 people."]


@pytest.mark.parametrize("head,date", [
    ("WASHINGTON, April 26, 2022 -- The U.S. said it would help.", "2022-04-26"),
    ("LONDON, May 3, 2023 (Reuters) - Sunak spoke.", "2023-05-03"),
    ("Updated: 26 April 2022 10:00 GMT\n\nText.", "2022-04-26"),
    ("Posted on April 26, 2022 by admin\n\nText.", "2022-04-26"),
    ("The war began on February 24, 2022. It goes on.", None),  # a date in the story, not a dateline
])
def test_article_date_from_the_header(head, date):
    assert find_article_date(head)[0] == date


def test_bad_header_date_is_ignored_and_empty_quotes_are_fragments():
    ex = extract_claims('date 2022-13-45 Guterres met Putin in Moscow.\n\n""""" \u201c\u201d\n')
    assert ex.article_date is None
    assert [c.text for c in ex.claims] == ["Guterres met Putin in Moscow."]
    assert [d.reason for d in ex.dropped] == ["fragment"]
    assert extract_claims("").claims == []
