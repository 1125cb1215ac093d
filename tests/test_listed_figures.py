"""A sentence that lists several holders each with its figure ("fines of 2.4 million on Alder
Bank and 1.8 million on Brook Bank"; "3.2 ng/mL in the A-sample and 3.0 in the B-sample"): a
claim naming one holder is judged by that holder's figure alone, and the figure of another
holder does not confirm it (``quantity._listed_for``). Banking, elections, laboratory tests and
courts."""

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.quantity import check_quantity

CFG = ScoringConfig()


def _quantity(claim: str, evidence: str):
    return check_quantity(ClaimView(parse_facts(claim), claim), EvidenceView(text=evidence, facts=parse_facts(evidence)),
                          CFG)


BANKS = "The regulator imposed fines of 2.4 million euros on Alder Bank and 1.8 million euros on Brook Bank."
WARDS = "Turnout was 64 percent in the Harbour ward, 58 percent in the Hill ward and 51 percent in the Mill ward."
SAMPLES = "The laboratory found 3.2 nanograms per millilitre in the A-sample and 3.0 in the B-sample."


@pytest.mark.parametrize("claim, evidence, outcome", [
    ("Brook Bank was fined 1.8 million euros.", BANKS, SUPPORT),
    ("Brook Bank was fined 2.4 million euros.", BANKS, CONTRADICT),  # Alder Bank's fine
    ("Turnout in the Hill ward was 58 percent.", WARDS, SUPPORT),
    ("Turnout in the Hill ward was 64 percent.", WARDS, CONTRADICT),
    ("The A-sample contained an estimated 3.0 nanograms per millilitre.", SAMPLES, CONTRADICT),  # the B-sample's
    ("The B-sample contained 3.0 nanograms per millilitre.", SAMPLES, SUPPORT),
])
def test_a_listed_figure_is_its_holders(claim, evidence, outcome):
    assert _quantity(claim, evidence).outcome == outcome


def test_a_claim_naming_no_listed_holder_is_not_bound():
    res = _quantity("The regulator's largest fine was 2.4 million euros.", BANKS)
    assert "the figure the source gives it" not in res.note
    assert res.outcome != ABSTAIN or res.note == ""
