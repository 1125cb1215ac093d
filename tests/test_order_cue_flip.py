"""The order check on a restatement that puts the claim's anchor on the other side of an order
cue ("before the fight" / "after the fight"), from sport, medicine, politics and finance; an
anchor on both sides, another anchor, or too little of the claim restated is no flip."""

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, ClaimView, EvidenceView
from verifier.scoring.checks.order import check_order

CFG = ScoringConfig()


def _run(claim: str, evidence: str):
    return check_order(ClaimView(parse_facts(claim), claim), EvidenceView(text=evidence, facts=parse_facts(evidence)), CFG)


@pytest.mark.parametrize("claim, evidence, anchor", [
    ("The coach spoke to the referee before the match.", "The coach spoke to the referee after the match.", "match"),
    ("Patients were given the drug after surgery.", "Patients were given the drug before surgery.", "surgery"),
    ("The minister resigned ahead of the vote.", "The minister resigned following the vote.", "vote"),
    ("Shares in Acme fell after the announcement.", "Shares in Acme fell before the announcement.", "announcement"),
    # "A, followed by B" puts A first, "A, preceded by B" puts B first (medicine, sport, industry)
    ("The standard of care is surgical resection, preceded by adjuvant radiotherapy.",
     "The standard of care is surgical resection, followed by adjuvant radiotherapy.", "adjuvant"),
    ("Liverpool fans named United their main rivals, followed by City and Chelsea.",
     "Liverpool fans named United their main rivals, preceded by City and Chelsea.", "city"),
    # a figure as the anchor: "before 48 hours" / "after 48 hours"
    ("The leak at the plant was sealed before 48 hours had passed, the operator said.",
     "The leak at the plant was sealed after 48 hours had passed, the operator said.", "48"),
])
def test_the_anchor_on_the_other_side_contradicts(claim, evidence, anchor):
    result = _run(claim, evidence)
    assert result.outcome == CONTRADICT and anchor in result.note


@pytest.mark.parametrize("claim, evidence", [
    # the sentence has the anchor on both sides
    ("The minister resigned before the vote.", "The minister resigned before the vote, and the party split after the vote."),
    # another anchor: two events ordered the other way round say the same
    ("Guterres visited Moscow before Kyiv.", "Guterres visited Kyiv after Moscow."),
    # too little of the claim restated
    ("Patients were given the drug after surgery.", "Nurses checked the wards before surgery."),
    # "followed by" and "before" the same way round
    ("Resection was followed by radiotherapy in all patients.", "Resection came before radiotherapy in all patients."),
])
def test_no_flip_abstains_or_agrees(claim, evidence):
    assert _run(claim, evidence).outcome != CONTRADICT
