"""Quantities as values with units, and the quantity check comparing them: units converted to
one base unit, fractions and words read as numbers, tallies, ranks, approximation windows.

Every phrase is written for these tests, across domains (finance, disasters, politics, sport,
health, science); none comes from an evaluation set."""

from __future__ import annotations

import pytest

from verifier.claims.facts import parse_facts
from verifier.claims.quantities import parse_quantities
from verifier.claims.units import same_dimension, to_base
from verifier.scoring import checks as C
from verifier.types import Bound, Facts, Quantity

E, A, L, U = Bound.EXACT, Bound.APPROX, Bound.LOWER, Bound.UPPER

# text, value, unit, bound, precision/against/measure as (field, value) or None
PARSED = [
    # finance
    ("The central bank cut its main rate by 50 basis points.", 50, "basis_points", E, None),
    ("The central bank announced a cut of 0.5 points.", 0.5, "points", E, None),
    ("Lenders expect a 25bp rise in March.", 25, "basis_points", E, None),
    ("Inflation rose 0.3 percentage points.", 0.3, "percentage_points", E, None),
    ("The fund raised $1.3bn from investors.", 1.3e9, "USD", E, None),
    ("The fund raised 1,300 million dollars from investors.", 1.3e9, "USD", E, None),
    ("The fund raised 1.3 billion US dollars from investors.", 1.3e9, "USD", E, None),
    ("The miner reported a profit of A$5 million.", 5e6, "AUD", E, None),
    ("The state approved Rs 500 crore for roads.", 5e9, "INR", E, None),
    ("Shares closed at 85 cents.", 85, "USD_cent", E, None),
    # disasters
    ("Nearly 3,000 homes were destroyed.", 3000, "", A, ("qualifier", "nearly")),
    ("Just over 2,600 people were evacuated.", 2600, "", A, ("qualifier", "just over")),
    ("Winds of 120 mph battered the coast.", 120, "mile/hour", E, None),
    ("Flooding closed a 100-kilometre stretch of the motorway.", 100, "kilometer", E, None),
    ("Temperatures hit 40C in the capital.", 40, "degree_Celsius", E, None),
    ("The fire burned 12,000 hectares of forest.", 12000, "hectare", E, None),
    ("Between 10-15 people are feared trapped.", 10, "", L, None),
    # politics
    ("The court ruled by nine votes to three.", 9, "tally", E, ("against", 3)),
    ("It was a 6-3 ruling.", 6, "tally", E, ("against", 3)),
    ("The bill passed 218-214 in the lower house.", 218, "tally", E, ("against", 214)),
    ("The motion won 52 votes in favour and 48 against.", 52, "tally", E, ("against", 48)),
    ("Two-thirds of members backed the bill.", 66.6667, "percent", E, ("precision", 2.5)),
    ("Half the cabinet resigned.", 50, "percent", E, ("precision", 2.5)),
    ("Nearly a quarter of voters stayed at home.", 25, "percent", A, ("qualifier", "nearly")),
    # sport
    ("Spain won 3-1 against Italy.", 3, "tally", E, ("against", 1)),
    ("Eleven players were named in the squad.", 11, "", E, None),
    ("The club has won a dozen titles.", 12, "", E, None),
    ("They have won two dozen trophies.", 24, "", E, None),
    ("It is the second-largest stadium in Europe.", 2, "rank", E, ("measure", "largest")),
    ("She finished third in the final.", 3, "rank", E, None),
    # health
    ("A fifth of adults smoke.", 20, "percent", E, ("precision", 2.5)),
    ("One in five children is vaccinated late.", 20, "percent", E, None),
    ("\u00be of patients recovered within a week.", 75, "percent", E, None),
    ("Three quarters of patients recovered within a week.", 75, "percent", E, None),
    ("Cases doubled in a month.", 2, "times", E, ("noun", "case")),
    ("There were three times as many admissions as last winter.", 3, "times", E, None),
    ("Waiting lists fell by a third.", 33.3333, "percent", E, ("precision", 2.5)),
    ("Two and a half million doses were delivered.", 2.5e6, "", E, None),
    # science
    ("The harvest reached 2 million tonnes.", 2e6, "metric_ton", E, None),
    ("The surface reached 104\u00b0F.", 104, "degree_Fahrenheit", E, None),
    ("Water boils at 100 degrees Celsius at sea level.", 100, "degree_Celsius", E, None),
    ("The probe travelled 62 miles.", 62, "mile", E, None),
    ("Ganymede is the largest moon, Titan the second-biggest.", 2, "rank", E, ("measure", "largest")),
]


@pytest.mark.parametrize("text,value,unit,bound,extra", PARSED)
def test_values_with_units_are_parsed(text, value, unit, bound, extra):
    qs = parse_quantities(text)
    assert len(qs) >= 1, text
    q = qs[0]
    assert q.value == pytest.approx(value)
    assert (q.unit, q.bound) == (unit, bound)
    if extra is not None:
        assert getattr(q, extra[0]) == pytest.approx(extra[1]) if isinstance(extra[1], float | int) \
            else getattr(q, extra[0]) == extra[1]
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", [
    "The 5G network went live.",
    "The meeting starts at 10am.",
    "It has 5 has-beens.",  # "ha" (hectares) only as a word of its own
    "Flight 17 was delayed.",
])
def test_no_unit_read_into_ids(text):
    assert all(q.unit == "" for q in parse_quantities(text))


@pytest.mark.parametrize("unit_a, value_a, unit_b, value_b", [
    ("mile", 62.0, "kilometer", 99.779),
    ("degree_Fahrenheit", 104.0, "degree_Celsius", 40.0),
    ("basis_points", 50.0, "points", 0.5),
    ("basis_points", 35.0, "percentage_points", 0.35),
    ("metric_ton", 2.0, "kilogram", 2000.0),
    ("GBP_pence", 250.0, "GBP", 2.5),
])
def test_units_convert_to_one_base(unit_a, value_a, unit_b, value_b):
    assert same_dimension(unit_a, unit_b)
    assert to_base(unit_a, value_a) == pytest.approx(to_base(unit_b, value_b), rel=1e-4)


def test_units_of_other_dimensions_never_compare():
    assert not same_dimension("kilometer", "kilogram")
    assert not same_dimension("percent", "percentage_points")  # 0.3% is not 0.3 points
    assert not same_dimension("USD", "EUR")
    assert not same_dimension("mile", "")


def _check(claim: str, evidence: str, tolerance: float = 0.15) -> C.CheckResult:
    ev = C.EvidenceView(text=evidence, facts=parse_facts(evidence))
    return C.check_quantities(parse_facts(claim), ev, tolerance, claim)


S, X, N = C.SUPPORT, C.CONTRADICT, C.ABSTAIN

# claim, evidence, outcome
COMPARED = [
    # finance: points and basis points, scale words and currencies
    ("The bank cut its main rate by 0.5 points.", "The bank cut its main rate by 50 basis points.", S),
    ("The bank cut its main rate by 0.35 percentage points.", "The bank cut its main rate by 35bp.", S),
    ("The startup raised $1.3bn in new funding.", "The startup raised 1,300 million dollars in new funding.", S),
    ("The startup raised 1.3 billion US dollars in funding.", "The startup raised $1.3bn in funding.", S),
    ("The startup raised $1.3bn in funding.", "The startup raised \u00a31.3bn in funding.", N),
    ("The startup raised $2.1bn in funding.", "The startup raised $1.3bn in funding.", X),
    # disasters: physical units, approximation windows
    ("The storm flooded a 60-mile stretch of coast.", "The storm flooded a 97-kilometre stretch of coast.", S),
    ("The storm flooded a 60-mile stretch of coast.", "The storm flooded a 60-kilometre stretch of coast.", X),
    ("Temperatures reached 40C in the capital.", "Temperatures reached 104F in the capital.", S),
    ("Temperatures reached 40C in the capital.", "Temperatures reached 86F in the capital.", X),
    ("Nearly 3,000 homes were destroyed.", "A total of 2,950 homes were destroyed.", S),
    ("Nearly 3,000 homes were destroyed.", "A total of 3,040 homes were destroyed.", N),  # above "nearly", not far
    ("Nearly 3,000 homes were destroyed.", "A total of 2,000 homes were destroyed.", X),
    ("Just over 2,600 people were evacuated.", "Officials evacuated 2,650 people.", S),
    ("Just over 2,600 people were evacuated.", "Officials evacuated 2,580 people.", N),
    # politics: tallies and shares
    ("The court ruled 6-3 in favour of the state.", "The court ruled by six votes to three.", S),
    ("The court ruled 6-3 in favour of the state.", "The court ruled by five votes to four.", X),
    ("Two-thirds of members backed the bill.", "67% of members backed the bill.", S),
    ("Half of the members backed the bill.", "61 percent of members backed the bill.", X),
    # sport: number words, ranks
    ("Eleven players were injured this season.", "11 players were injured this season.", S),
    ("The club has won a dozen league titles.", "The club has won 12 league titles.", S),
    ("It is the second-largest stadium in Europe.", "It is the second-biggest stadium in Europe.", S),
    ("It is the second-largest stadium in Europe.", "It is the third-largest stadium in Europe.", X),
    # health: fractions vs percentages
    ("A fifth of adults smoke.", "20% of adults smoke.", S),
    ("One in five adults smoke.", "21 per cent of adults smoke.", S),
    ("A fifth of adults smoke.", "35% of adults smoke.", X),
    ("\u00be of patients recovered.", "Three quarters of patients recovered.", S),
    # science: conversions without a counted noun confirm, never refute
    ("The probe travelled 62 miles.", "The probe travelled 100 km.", S),
    ("The harvest reached 2 million tonnes of grain.", "The harvest reached 2,000,000,000 kg of grain.", S),
]


@pytest.mark.parametrize("claim,evidence,outcome", COMPARED)
def test_quantity_check_compares_values_with_units(claim, evidence, outcome):
    res = _check(claim, evidence)
    assert res.outcome == outcome, res.note


def test_a_conversion_is_shown_in_the_note():
    note = _check("The storm flooded a 60-mile stretch of coast.",
                  "The storm flooded a 97-kilometre stretch of coast.").note
    assert "97 kilometer = 60.3 mile" in note


def test_old_stored_quantities_still_load():
    """An index built before the new fields stores quantities without them."""
    stored = '{"quantities": [{"value": 5.0, "bound": "approx", "unit": "USD", "text": "about $5"}]}'
    q = Facts.model_validate_json(stored).quantities[0]
    assert (q.qualifier, q.precision, q.against) == ("", 0.0, None)
    # without its word, an approximate figure keeps the symmetric window it had
    assert C.interval(q, 0.1, claim_side=False) == pytest.approx((4.5, 5.5))


@pytest.mark.parametrize("qualifier, evidence, outcome", [
    ("about", 95.0, S), ("about", 105.0, S),
    ("nearly", 95.0, S), ("nearly", 105.0, N), ("almost", 80.0, X),
    ("just over", 103.0, S), ("just over", 97.0, N), ("just under", 97.0, S), ("just under", 103.0, N),
])
def test_approximation_words_have_their_own_windows(qualifier, evidence, outcome):
    claim = Quantity(value=100, bound=A, qualifier=qualifier, noun="seat", text=f"{qualifier} 100")
    ev = Quantity(value=evidence, noun="seat", text=str(evidence))
    assert C.compare_quantity(claim, ev, 0.15) == outcome
