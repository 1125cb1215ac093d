"""Negation read in its scope, on parsed sentences from politics, business, health and sport: a
restatement that negates one of the claim's verbs contradicts it; negation of another verb
("did not say X would fail" / "said X would not fail"), of a copula, or in another statement
does not."""

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, ClaimView, EvidenceView
from verifier.scoring.checks.negation import check_negation

CFG = ScoringConfig()


def _run(claim: str, evidence: str):
    return check_negation(ClaimView(parse_facts(claim), claim), EvidenceView(text=evidence, facts=parse_facts(evidence)),
                          CFG)


@pytest.mark.parametrize("claim, evidence, verb", [
    ("Minister Anna Berg said the reform would fail.", "Minister Anna Berg said the reform would not fail.", "fail"),
    ("Acme Corp announced that it would close the Lindgrave plant.",
     "Acme Corp announced that it would not close the Lindgrave plant.", "close"),  # business
    ("The Norland trial showed that the vaccine protects children.",
     "The Norland trial showed that the vaccine does not protect children.", "protect"),  # health
    ("Coach Rui Vale did not pick Tomas Ek for the final.", "Coach Rui Vale picked Tomas Ek for the final.",
     "pick"),  # sport: the claim negates
])
def test_a_restatement_that_negates_one_verb_contradicts(claim, evidence, verb):
    res = _run(claim, evidence)
    assert res.outcome == CONTRADICT and verb in res.note and res.relation == "negation scope"


@pytest.mark.parametrize("claim, evidence", [
    # negation in another scope: not saying a thing is not saying its negation
    ("Minister Anna Berg did not say the reform would fail.", "Minister Anna Berg said the reform would not fail."),
    ("The Norland agency did not claim the drug cured malaria.", "The Norland agency claimed the drug did not cure malaria."),
    # a copula's negation is about what follows it
    ("Grabina is not a German village.", "Grabina is a village in south-western Poland."),
    # too little of the claim restated
    ("Acme Corp announced that it would close the Lindgrave plant.", "Acme Corp did not close its Oslo office."),
])
def test_negation_in_another_scope_or_another_statement_abstains(claim, evidence):
    res = _run(claim, evidence)
    assert res.outcome == ABSTAIN, res.note


@pytest.mark.parametrize("claim, evidence, outcome", [
    # justice, government, business, health: "refused to", "declined to", "failed to" say the
    # complement did not happen, as "did not" does
    ("The court did not give her back the title.", "The court cut her ban but refused to give back the title.",
     ABSTAIN),
    ("The ministry published the report.", "The ministry declined to publish the report on Tuesday.", CONTRADICT),
    ("The club paid the players in March.", "The club failed to pay the players in March.", CONTRADICT),
    ("The hospital did not disclose the number of patients affected.",
     "The hospital refused to disclose the number of patients affected.", ABSTAIN),
])
def test_a_verb_of_refusing_negates_its_complement(claim, evidence, outcome):
    assert _run(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence", [
    # sport, business, economy: a hyphenated modifier names a kind, a comparative compares:
    # neither reports an act whose polarity could clash
    ("The B-sample concentration was about 6 percent lower than in her A-sample.",
     "Varonne tested positive for the blood-boosting substance dextravolin on Friday."),
    ("Hargrove Foods announced cost-cutting plans on Monday.", "Hargrove Foods announced plans on Monday to raise "
     "prices."),
    ("Inflation in Norland was lower than in May.", "Inflation in Norland rose in June, the statistics office said."),
])
def test_modifiers_and_comparatives_are_no_acts(claim, evidence):
    assert _run(claim, evidence).outcome == ABSTAIN


@pytest.mark.parametrize("claim, evidence", [
    # business, central banking, sport: a negation bounded in time says nothing of before it
    ("Aldercrest's board was not unanimous in rejecting Varnholt's raised offer.",
     "Varnholt had not raised its offer since February 3."),
    ("The central bank raised rates in 2024.", "The central bank has not raised rates since May 2023."),
    ("The club won the cup in 2019.", "The club has not won the cup in years."),
])
def test_a_negation_bounded_in_time_does_not_refute(claim, evidence):
    assert _run(claim, evidence).outcome == ABSTAIN
