"""One conformance test run over every registered check (as scikit-learn's ``check_estimator``
runs over every estimator): whatever a check compares, it

- returns a ``CheckResult`` named as it is registered, and gives the same result twice;
- abstains on evidence about another topic and other people;
- never contradicts a claim because the evidence leaves out one of its facts;
- reads a figure or a date the same however it is written ("2,665" / "2665"; "12 March 2024" /
  "March 12, 2024" / "2024-03-12"; "$1.3 billion" / "$1,300 million" / "$1.3bn").

Claims and evidence are parsed with the real fact parser (``parse_facts``, spaCy), from several
domains: disasters, finance, politics, sport, health, science. A new check is held to all of this
by being registered; its own rules are tested in its own test file.
"""

from __future__ import annotations

import pytest

from verifier.claims import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, REGISTRY, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.features import FEATURE_NAMES
from verifier.scoring.sentence import CHECK_ORDER, CHECK_REASON
from verifier.types import REASONS_BY_LABEL, Label

CFG = ScoringConfig()
PUBLISHED = "2024-03-20"  # the evidence's publication date, which resolves "on Saturday"

CLAIMS = [
    "Floods in Ostra province killed 2,665 people on 12 March 2024.",
    "Finance Minister Anna Berg said the government would cut the health budget by 3 billion euros.",
    "The Chemical Workers' Union refused to call off its strike at the Lindgrave plant.",
    "Antonio Guterres visited Moscow before he travelled to Kyiv.",
    "Kenji Sato is Japan's deputy foreign minister.",
    "The Central Bank of Norland raised its main interest rate to 4.5% on 14 March 2024.",
    "Real Madrid beat Liverpool 3-1 in Paris on Saturday.",
    "The WHO reported 1,036 cholera deaths in Sanvaria in 2024.",
    "Researchers at the Kessler Institute found 14 new species of frog in the Andes in 2023.",
]
# Another topic, other people, other places - with figures, dates, titles, quotes and verbs of
# their own for the checks to (not) bite on.
UNRELATED = [
    "The Vienna Philharmonic performed Beethoven's Ninth Symphony for 1,800 listeners on 2 February 2023.",
    "Heavy snow closed 40 schools in northern Tromso, the Norwegian Meteorological Institute said on Monday.",
    "Apple's new phone has 128 gigabytes of storage and costs $999, chief executive Tim Cook said.",
    "Researchers at Kyoto University counted 312 species of beetle in the forest before the survey ended.",
]
# (claim, evidence that says the same with one of the claim's facts left out)
MISSING_FACT = [
    ("Floods in Ostra province killed 2,665 people on 12 March 2024.", "Floods in Ostra province killed people."),
    ("Floods in Ostra province killed 2,665 people on 12 March 2024.", "Floods in Ostra province killed 2,665 people."),
    ("Floods in Ostra province killed 2,665 people on 12 March 2024.",
     "Floods in Ostra province killed people on 12 March 2024."),
    ("Finance Minister Anna Berg said the government would cut the health budget by 3 billion euros.",
     "The government would cut the health budget, Anna Berg said."),
    ("Finance Minister Anna Berg said the government would cut the health budget by 3 billion euros.",
     "Anna Berg said the government would cut the health budget by 3 billion euros."),
    ("The Chemical Workers' Union refused to call off its strike at the Lindgrave plant.",
     "The Chemical Workers' Union held a strike."),
    ("Antonio Guterres visited Moscow before he travelled to Kyiv.", "Antonio Guterres visited Moscow."),
    ("Kenji Sato is Japan's deputy foreign minister.", "Kenji Sato met reporters in Tokyo."),
    ("The Central Bank of Norland raised its main interest rate to 4.5% on 14 March 2024.",
     "The Central Bank of Norland raised its main interest rate."),
    ("Real Madrid beat Liverpool 3-1 in Paris on Saturday.", "Real Madrid beat Liverpool."),
    ("Real Madrid beat Liverpool 3-1 in Paris on Saturday.", "Real Madrid beat Liverpool 3-1."),
    ("The WHO reported 1,036 cholera deaths in Sanvaria in 2024.", "The WHO reported cholera deaths in Sanvaria."),
]
# (claim, the same evidence written several ways): each check gives one outcome for all of them.
WRITINGS = [
    ("Floods in Ostra province killed 2,665 people.",
     ["Floods in Ostra province killed 2,665 people.", "Floods in Ostra province killed 2665 people."]),
    ("Floods in Ostra province killed 2665 people.",
     ["Floods in Ostra province killed 2,665 people.", "Floods in Ostra province killed 2665 people."]),
    ("Floods in Ostra province killed 3,100 people.",
     ["Floods in Ostra province killed 2,665 people.", "Floods in Ostra province killed 2665 people."]),
    ("The earthquake struck Kalvar province on 12 March 2024.",
     [f"The earthquake struck Kalvar province on {d}." for d in ("12 March 2024", "March 12, 2024", "2024-03-12")]),
    ("The earthquake struck Kalvar province on 13 March 2024.",
     [f"The earthquake struck Kalvar province on {d}." for d in ("12 March 2024", "March 12, 2024", "2024-03-12")]),
    ("The IMF approved a loan of $1.3 billion to Valdria.",
     ["The IMF approved a loan of $1.3 billion to Valdria.", "The IMF approved a loan of $1,300 million to Valdria.",
      "The IMF approved a loan of $1.3bn to Valdria.", "The IMF approved a loan of 1.3 billion dollars to Valdria."]),
    ("Unemployment in Norland rose to 5.2% in May.",
     ["Unemployment in Norland rose to 5.2% in May.", "Unemployment in Norland rose to 5.2 percent in May.",
      "Unemployment in Norland rose to 5.2 per cent in May."]),
]


def _run(name: str, claim: str, evidence: str) -> CheckResult:
    view = EvidenceView(text=evidence, facts=parse_facts(evidence, PUBLISHED), published=PUBLISHED)
    return REGISTRY[name](ClaimView(parse_facts(claim, PUBLISHED), claim), view, CFG)


def test_the_registry_is_the_order_of_trust_and_the_features_follow_it():
    assert CHECK_ORDER == tuple(REGISTRY)
    assert set(REGISTRY) >= {"quantity", "date", "order", "entity", "attribution", "negation", "binding"}
    for name, check in REGISTRY.items():
        assert CHECK_REASON[name] is check.reason and check.reason in REASONS_BY_LABEL[Label.CONTRADICTED]
        assert {f"{name}_support", f"{name}_contradict"} <= set(FEATURE_NAMES)


def test_a_name_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        register("quantity", REGISTRY["quantity"].reason)(lambda claim, evidence, cfg: CheckResult("quantity", ABSTAIN))


@pytest.mark.parametrize("name", REGISTRY)
@pytest.mark.parametrize("claim", CLAIMS)
def test_named_as_registered_and_deterministic(name, claim):
    for evidence in (claim, UNRELATED[0]):
        first, second = _run(name, claim, evidence), _run(name, claim, evidence)
        assert isinstance(first, CheckResult) and first.name == name
        assert first == second


@pytest.mark.parametrize("name", REGISTRY)
@pytest.mark.parametrize("claim", CLAIMS)
@pytest.mark.parametrize("evidence", UNRELATED)
def test_abstains_on_unrelated_evidence(name, claim, evidence):
    result = _run(name, claim, evidence)
    assert result.outcome == ABSTAIN, result.note


@pytest.mark.parametrize("name", REGISTRY)
@pytest.mark.parametrize("claim, evidence", MISSING_FACT)
def test_never_contradicts_for_a_missing_fact(name, claim, evidence):
    result = _run(name, claim, evidence)
    assert result.outcome != CONTRADICT, result.note


@pytest.mark.parametrize("name", REGISTRY)
@pytest.mark.parametrize("claim, writings", WRITINGS)
def test_invariant_to_how_a_figure_or_date_is_written(name, claim, writings):
    outcomes = {w: _run(name, claim, w).outcome for w in writings}
    assert len(set(outcomes.values())) == 1, outcomes


@pytest.mark.parametrize("claim, writings", WRITINGS)
def test_each_writing_case_is_decided_by_some_check(claim, writings):
    """The invariance cases are not vacuous: some check confirms or contradicts each of them."""
    for w in writings:
        assert any(_run(name, claim, w).outcome != ABSTAIN for name in REGISTRY), w
