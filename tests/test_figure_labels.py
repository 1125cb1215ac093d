"""A name that heads a line of key figures gives it the figures that follow ("NTU: 72.4% for
strikes on a 58.1% turnout"): the same figure does not confirm a claim that gives it to another
holder (``quantity._labelled_for_another``). Elections, unions, trade and sport."""

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.quantity import check_quantity

CFG = ScoringConfig()


def _quantity(claim: str, evidence: str):
    return check_quantity(ClaimView(parse_facts(claim), claim), EvidenceView(text=evidence, facts=parse_facts(evidence)),
                          CFG)


@pytest.mark.parametrize("claim, evidence", [
    ("The LPV won 31.2% of the vote in the election.", "SDP: 31.2% of the vote, 48 seats."),
    ("Turnout in the RMA's strike ballot was 58.1 percent.", "NTU: 72.4% for strikes on a 58.1% turnout."),
    ("Oman's exports rose 6.2% last year.", "UAE: exports up 6.2%, imports up 3.9%."),
])
def test_a_figure_labelled_for_another_name_does_not_confirm(claim, evidence):
    res = _quantity(claim, evidence)
    assert res.outcome == ABSTAIN
    assert "is " in res.note and "'s, not " in res.note


@pytest.mark.parametrize("claim, evidence", [
    ("The SDP won 31.2% of the vote in the election.", "SDP: 31.2% of the vote, 48 seats."),
    # the claim names the label by its full name
    ("The National Teachers' Union's strike ballot had a turnout of 58.1 percent.",
     "NTU: 72.4% for strikes on a 58.1% turnout."),
    # a claim that names no holder
    ("Turnout was 58.1 percent.", "NTU: 72.4% for strikes on a 58.1% turnout."),
    # a measure's label is no name
    ("There were 139,000 passenger journeys on the strike day.", "Passenger journeys: 139,000."),
])
def test_a_figure_of_the_claims_holder_or_of_no_named_holder_confirms(claim, evidence):
    assert _quantity(claim, evidence).outcome == SUPPORT
