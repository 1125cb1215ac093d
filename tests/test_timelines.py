"""Timelines and the order of events told apart: a sentence inside a timeline's dated item tells
of that item's day, and a claim "A after B" is judged by the days of the sentences that tell A
and B, in the whole document or in other sources (``order._dated_apart``). Stories from sport,
politics, health and business."""

from pathlib import Path

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import Config, ScoringConfig
from verifier.index.build import build_index
from verifier.index.store import Index
from verifier.pipeline import Verifier
from verifier.scoring.checks import ABSTAIN, CONTRADICT, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.arithmetic import dated_sentences
from verifier.scoring.checks.common import TIMELINE_ITEM
from verifier.scoring.checks.order import check_order
from verifier.scoring.stance import FakeStance
from verifier.types import Claim, Label, Reason

CFG = ScoringConfig()

SEASON = """Key dates of Harlow Town's season:

- 14 April (Saturday): Harlow Town lose 3-0 at Brenton and are relegated to the second division.
- 17 April (Tuesday): The board meets. Head coach Ivo Marsh resigns. Assistant Dana Roe takes charge.
- 2 May (Wednesday): The club names Petra Lind as head coach for next season.
"""

BUDGET = """**3 March (Monday)**: The finance minister presents the budget to parliament.
**12 March (Wednesday)**: Parliament approves the budget by 88 votes to 71. Finance Minister Olaf Brenn resigns.

**20 March (Thursday)**: Karin Eld is sworn in as finance minister.
"""

WARD = """1. 2027-01-09: The regional health office declares a norovirus outbreak at St Brigid's Hospital.
2. 2027-01-11: The hospital closes its surgical ward to new patients. Visiting is restricted.
3. 2027-02-01: The outbreak is declared over and the ward reopens.
"""


@pytest.mark.parametrize("line, expected", [
    ("- 7 October (Wednesday): Talks end.", True),
    ("**10 March (Tuesday)**: The Cabinet approves the bill.", True),
    ("- **12 January 2026 (Monday)**: A girl is admitted.", True),
    ("3. 2026-03-09: The strike begins.", True),
    ("* June 4, 2026: The vote.", True),
    ("March 3 was a Tuesday.", False),  # a paragraph, not a list item
    ("- Chapter 12 of the report", False),
    ("Article 5 of the treaty", False),
])
def test_a_timeline_item_opens_with_a_list_mark_or_bold_and_a_day(line, expected):
    assert bool(TIMELINE_ITEM.match(line)) is expected


def test_each_sentence_of_a_dated_item_tells_of_its_day():
    days = dict(dated_sentences(SEASON, "2027-05-10"))
    assert days["Head coach Ivo Marsh resigns."] == ("2027-04-17",)
    assert days["Assistant Dana Roe takes charge."] == ("2027-04-17",)
    assert days["Key dates of Harlow Town's season:"] == ()
    paragraph = "The season ended on 14 April 2027. The coach resigned. He was not replaced."
    assert dict(dated_sentences(paragraph, "2027-05-10"))["The coach resigned."] == ()


def _order(claim: str, document: str, published: str, others: list[tuple[str, str]] = (), year: str = ""):
    sentence = next(t for t, _ in dated_sentences(document, published) if t.strip())
    ev = EvidenceView(text=sentence, facts=parse_facts(sentence, published), document=document, published=published,
                      other_sentences=list(others), frame_year=year)
    return check_order(ClaimView(parse_facts(claim, published), claim), ev, CFG)


@pytest.mark.parametrize("claim, document, published, expected", [
    ("Ivo Marsh resigned as head coach of Harlow Town after the club was relegated to the second division.",
     SEASON, "2027-05-10", SUPPORT),
    ("Ivo Marsh resigned as head coach of Harlow Town before the club was relegated to the second division.",
     SEASON, "2027-05-10", CONTRADICT),
    ("Olaf Brenn resigned as finance minister before parliament approved the budget.", BUDGET, "2027-03-21", ABSTAIN),
    ("Karin Eld was sworn in as finance minister after parliament approved the budget.", BUDGET, "2027-03-21", SUPPORT),
    ("Karin Eld was sworn in as finance minister before parliament approved the budget.", BUDGET, "2027-03-21",
     CONTRADICT),
    ("St Brigid's Hospital closed its surgical ward after the norovirus outbreak was declared.", WARD, "2027-02-02",
     SUPPORT),
    ("St Brigid's Hospital closed its surgical ward before the norovirus outbreak was declared.", WARD, "2027-02-02",
     CONTRADICT),
])
def test_the_order_of_two_events_from_the_days_of_the_sentences_that_tell_them(claim, document, published,
                                                                                 expected):
    # (Brenn's resignation and the vote share a day: no order between them)
    res = _order(claim, document, published)
    assert res.outcome == expected, res.note
    if expected != ABSTAIN:
        assert res.relation == "dates" and " on 20" in res.note


def test_the_other_event_may_be_told_by_another_source():
    merger = "- 4 June (Friday): Calder Foods completes its takeover of Brisk Dairies.\n"
    other = [("Brisk Dairies chief executive Lena Moor stepped down on 18 May, the company said.", "2027-05-19")]
    resigned_after = "Lena Moor resigned as chief executive of Brisk Dairies after Calder Foods completed its takeover."
    assert _order(resigned_after, merger, "2027-06-05", other).outcome == CONTRADICT
    assert _order(resigned_after.replace(" after ", " before "), merger, "2027-06-05", other).outcome == SUPPORT


def test_an_act_no_sentence_tells_is_not_dated():
    # the season's sentences name the coach and his club, but none tells that he was sacked
    claim = "Harlow Town sacked Ivo Marsh after the club was relegated to the second division."
    assert _order(claim, SEASON, "2027-05-10").outcome == ABSTAIN


def test_the_day_of_a_timeline_item_reaches_the_date_check(tmp_path: Path, fake_embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "season.md").write_text(f"---\ntitle: Harlow Town's season\npublished: 2027-05-10\n---\n{SEASON}",
                                      encoding="utf-8")
    (corpus / "budget.md").write_text(f"---\ntitle: The budget\npublished: 2027-03-21\n---\n{BUDGET}", encoding="utf-8")
    build_index([corpus], tmp_path / "idx", fake_embedder, Config())
    config = Config.model_validate({"scoring": {"min_relevance": -1.0, "stance_contradict_min_relevance": -1.0,
                                                "structured_contradict_min_relevance": -1.0}})
    verifier = Verifier(Index.open(tmp_path / "idx", fake_embedder, config.search), fake_embedder, FakeStance(),
                        parse_facts, config)
    coach, minister = verifier.verify_batch([
        Claim(id="c", text="Head coach Ivo Marsh resigned on 20 April 2027."),
        # its item's line goes on a sentence begun on the line before ("parliament.\n**12 March")
        Claim(id="m", text="Finance Minister Olaf Brenn resigned on 15 March 2027.")])
    assert (coach.label, coach.reason) == (Label.CONTRADICTED, Reason.DATE)
    assert "17 April" in coach.rationale
    assert (minister.label, minister.reason) == (Label.CONTRADICTED, Reason.DATE)
    assert "12 March" in minister.rationale


def test_a_sentence_dates_the_act_only_when_the_act_has_no_date_of_its_own():
    # the league's sentence names one day, its ruling's: the cup it tells of was won in April
    cup = "- 26 April (Saturday): Harlow Town win the cup final against Brenton.\n"
    league = [("The league on Tuesday fined Harlow Town, who won the cup in April, for fielding an ineligible player.",
               "2027-06-04")]
    claim = "Harlow Town won the cup after the league fined the club."
    res = _order(claim, cup, "2027-06-05", league)
    assert res.outcome == CONTRADICT and "2027-04-26" in res.note and "2027-06-01" in res.note


def test_an_event_of_another_year_is_another_storys():
    # a distractor from 2019 tells of another government's confidence vote
    sworn = "- 18 May (Monday): The 18 members of the Brekke cabinet are sworn in.\n"
    older = [("The National Assembly holds a confidence vote on the Duric government on Thursday 6 June 2019.",
              "2019-06-07")]
    claim = "The National Assembly held its confidence vote on the Brekke government before the cabinet was sworn in."
    assert _order(claim, sworn, "2026-05-20", older, year="2026").outcome == ABSTAIN
    assert _order(claim, sworn, "2026-05-20", older).outcome == SUPPORT  # what the year keeps out
