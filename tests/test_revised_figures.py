"""Revised figures: a figure a revision replaced is not the figure that stands, and a
provisional figure does not confirm a final one (``quantity.figure_stages``, ``_superseded``).
Pairs from disasters, economics, sport, elections, health and business."""

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.quantity import check_quantity, figure_role, figure_stages

CFG = ScoringConfig()


def _quantity(claim: str, evidence: str):
    ev = EvidenceView(text=evidence, facts=parse_facts(evidence))
    return check_quantity(ClaimView(parse_facts(claim), claim), ev, CFG)


def _stages(text: str) -> dict[str, str]:
    qs = parse_facts(text).quantities
    return {q.text: s for q, s in zip(qs, figure_stages([(q, figure_role(q, text)) for q in qs], text))}


TOLL = "The death toll from the earthquake has been revised to 340, up from the 312 first reported."
CROWD = "Organisers put attendance at the final at 64,500 spectators, correcting the 61,000 initially announced."
JOBS = "The carmaker said it would cut 1,500 jobs, up from the 1,200 it had estimated in March."
BALLOT = "On a provisional count, with postal ballots still to be counted, 52.4% of voters backed the measure."


@pytest.mark.parametrize("text, expected", [
    (TOLL, {"340": "final", "312": "earlier"}),
    (CROWD, {"64,500": "final", "61,000": "earlier"}),
    (JOBS, {"1,500": "final", "1,200": "earlier"}),
    (BALLOT, {"52.4%": "earlier"}),
    ("The certified result gave the measure 53.1% of the vote.", {"53.1%": "final"}),
    # a change over time is no revision: last year's level is not a replaced estimate
    ("Unemployment rose to 19% from 15% a year earlier.", {"19%": "", "15%": ""}),
])
def test_the_stage_of_a_figure(text, expected):
    assert _stages(text) == expected


@pytest.mark.parametrize("claim, evidence", [
    ("The earthquake killed 312 people.", TOLL),
    ("Attendance at the final was 61,000 spectators.", CROWD),
    ("The carmaker now expects to cut 1,200 jobs.", JOBS),
])
def test_the_replaced_figure_given_as_standing_is_contradicted_by_the_revision(claim, evidence):
    res = _quantity(claim, evidence)
    assert res.outcome == CONTRADICT
    assert "is the earlier figure" in res.note and "the source now gives" in res.note


@pytest.mark.parametrize("claim, evidence", [
    ("The earthquake killed 340 people.", TOLL),
    ("Attendance at the final was 64,500 spectators.", CROWD),
])
def test_the_revised_figure_is_confirmed(claim, evidence):
    assert _quantity(claim, evidence).outcome == SUPPORT


@pytest.mark.parametrize("claim, evidence", [
    # the claim gives its figure as the earlier one
    ("Officials initially reported 312 deaths from the earthquake.", TOLL),
    ("Organisers first announced an attendance of 61,000 spectators at the final.", CROWD),
    # the claim dates its figure: it may report what was said then
    ("In March the carmaker expected to cut 1,200 jobs.", JOBS),
])
def test_an_earlier_figure_reported_as_earlier_is_not_contradicted(claim, evidence):
    assert _quantity(claim, evidence).outcome != CONTRADICT


@pytest.mark.parametrize("claim, evidence", [
    ("The final count gave the measure 52.4% of the vote.", BALLOT),
    ("The final death toll of the flood was 96.", "Officials gave a provisional toll of 96 dead on Sunday."),
    ("According to the revised estimate, the vaccine was 71% effective.",
     "A preliminary analysis put the vaccine's effectiveness at 71%."),
])
def test_a_provisional_figure_does_not_confirm_a_final_one(claim, evidence):
    assert _quantity(claim, evidence).outcome == ABSTAIN


def test_a_provisional_figure_confirms_a_claim_that_names_no_stage():
    assert _quantity("52.4% of voters backed the measure.", BALLOT).outcome == SUPPORT


def test_a_dated_claim_that_calls_its_figure_the_final_one_is_held_to_the_revision():
    toll = "Officials raised the toll of the 3 May floods to 104, from the 96 they had given on Sunday."
    assert _quantity("According to the revised count, 96 people died in the floods of 3 May.", toll).outcome == CONTRADICT
