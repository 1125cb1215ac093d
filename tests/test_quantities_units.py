"""Quantities as values with units, and the quantity check comparing them: units converted to
one base unit, fractions and words read as numbers, tallies, ranks, approximation windows.

Every phrase is written for these tests, across domains (finance, disasters, politics, sport,
health, science); none comes from an evaluation set."""

from __future__ import annotations

import pytest

from verifier.claims.facts import parse_facts
from verifier.claims.quantities import parse_quantities
from verifier.claims.units import same_dimension, to_base
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView
from verifier.scoring.checks.quantity import check_quantity, compare_quantity, interval
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
    ("Titan is the second-biggest moon after Ganymede.", 2, "rank", E, ("measure", "largest")),
    ("Ganymede is the largest moon.", 1, "rank", E, ("measure", "largest")),  # a superlative alone is first
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

CFG = ScoringConfig()  # the shipped thresholds (approx_tolerance 0.15)


def test_units_of_other_dimensions_never_compare():
    assert not same_dimension("kilometer", "kilogram")
    assert not same_dimension("percent", "percentage_points")  # 0.3% is not 0.3 points
    assert not same_dimension("USD", "EUR")
    assert not same_dimension("mile", "")


def _check(claim: str, evidence: str, tolerance: float = 0.15) -> CheckResult:
    ev = EvidenceView(text=evidence, facts=parse_facts(evidence))
    return check_quantity(ClaimView(parse_facts(claim), claim), ev, ScoringConfig(approx_tolerance=tolerance))


S, X, N = SUPPORT, CONTRADICT, ABSTAIN

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
    assert interval(q, 0.1, claim_side=False) == pytest.approx((4.5, 5.5))


@pytest.mark.parametrize("qualifier, evidence, outcome", [
    ("about", 95.0, S), ("about", 105.0, S),
    ("nearly", 95.0, S), ("nearly", 105.0, N), ("almost", 80.0, X),
    ("just over", 103.0, S), ("just over", 97.0, N), ("just under", 97.0, S), ("just under", 103.0, N),
])
def test_approximation_words_have_their_own_windows(qualifier, evidence, outcome):
    claim = Quantity(value=100, bound=A, qualifier=qualifier, noun="seat", text=f"{qualifier} 100")
    ev = Quantity(value=evidence, noun="seat", text=str(evidence))
    assert compare_quantity(claim, ev, 0.15) == outcome


# --------------------------------------------------------------------------- arithmetic over the evidence


def _check_with(claim: str, evidence: str, context: str = "", published: str = "",
                claim_date: str | None = None) -> CheckResult:
    ev = EvidenceView(text=evidence, facts=parse_facts(evidence, published or None), context=context,
                        published=published)
    return check_quantity(ClaimView(parse_facts(claim, claim_date), claim), ev, CFG)


# claim, evidence, outcome, words the note must hold
ARITHMETIC = [
    # finance: changes in points, in percent, as multiples
    ("Inflation rose by 0.3 percentage points.", "Inflation rose from 3.2% to 3.5%.", S, "3.5% - 3.2% = 0.3 points"),
    ("Inflation rose by 0.5 percentage points.", "Inflation rose from 3.2% to 3.5%.", X, "= 0.3 points"),
    ("Inflation rose by 0.3%.", "Inflation rose from 3.2% to 3.5%.", N, "in points"),
    ("Inflation rose by about 9%.", "Inflation rose from 3.2% to 3.5%.", S, "/ 3.2% = 9.3"),
    ("Inflation fell by 0.3 points.", "Inflation rose from 3.2% to 3.5%.", N, ""),  # the direction differs
    ("Exports doubled.", "Exports rose from $2bn to $4bn.", S, "= 2 times"),
    ("Exports rose by $1.5bn.", "Exports rose to $4bn, up from $2.5bn a year earlier.", S, "4 billion USD - 2.5 billion USD = 1.5 billion USD"),
    ("Operating profit rose 25% to $50 million.", "Operating profit was $50 million, compared with $40 million.",
     S, "= 25%"),
    # disasters: a toll's rise, a sum, the rest
    ("The death toll rose by 40 overnight.", "The death toll rose from 112 to 152 overnight.", S, "152 - 112 = 40"),
    ("The death toll rose by 60 overnight.", "The death toll rose from 112 to 152 overnight.", X, "152 - 112 = 40"),
    ("The death toll rose by 40 overnight.", "The death toll stood at 152 on Monday.", N, ""),  # nothing to compute
    ("In all, 87 people were hurt in the two towns.", "49 people were hurt in Kalmar and 38 people in Brenn.", S, "49"),
    ("Rescuers pulled out about 300 people a day.", "Rescuers pulled out 1,500 people in five days.", S,
     "1,500 / 5 days = 300 a day"),
    # politics: a tally's margin, the rest of a total, elapsed time
    ("The bill passed by four votes.", "The bill passed by 218 votes to 214.", S, "218 - 214 = 4"),
    ("The remaining 12 seats went to independents.", "The ruling party won 88 of the 100 seats.", S,
     "100 - 88 = 12"),
    ("The law was signed five weeks after the vote.",
     "Parliament voted on 2 March and the president signed the law on 6 April.", S, "= 5 weeks"),
    ("It was the court's first such ruling in more than 40 years.",
     "It was the court's first such ruling since 1979.", S, "2023 - 1979 = 44 years"),
    ("It was the court's first such ruling in more than 50 years.",
     "It was the court's first such ruling since 1979.", N, ""),
    # sport: years since a title
    ("The club won its first league title in 25 years.", "The club won the league, its first title since 1998.",
     S, "= 25 years"),
    # health: a share, a multiple
    ("A quarter of the staff were laid off.", "The clinic laid off 300 of its 1,200 staff.", S, "300 / 1,200 = 25%"),
    ("A third of the staff were laid off.", "The clinic laid off 300 of its 1,200 staff.", X, "= 25%"),
    ("There were three times as many admissions this winter.", "Admissions rose from 400 to 1,200 this winter.", S,
     "= 3 times"),
    ("Waiting lists fell by a third.", "Waiting lists fell from 300,000 to 200,000.", S, "= 33.3%"),
    # science: an average
    ("The stations recorded an average of 13 mm of rain.", "The stations recorded 9 mm, 12 mm and 18 mm of rain.",
     S, "/ 3 = 13"),
]


@pytest.mark.parametrize("claim,evidence,outcome,note", ARITHMETIC)
def test_a_claims_figure_may_be_computed_from_the_evidence(claim, evidence, outcome, note):
    res = _check_with(claim, evidence, published="2023-05-20")
    assert res.outcome == outcome, res.note
    assert note in res.note


def test_figures_of_the_sentence_before_count():
    res = _check_with("Unemployment fell by 0.4 points.", "In June it was 4.8%.", context="In May unemployment was 5.2%.")
    assert res.outcome == S and "0.4 points" in res.note


def test_a_change_is_not_refuted_by_a_level_nor_a_level_by_a_change():
    assert _check_with("Prices rose by 300 dollars.", "Prices reached 1,500 dollars.").outcome == N
    assert _check_with("The toll reached 300.", "The toll rose by 40 to 300.").outcome == S


def test_a_confirmed_time_span_is_covered():
    res = _check_with("The law was signed five weeks after the vote.",
                      "Parliament voted on 2 March and the president signed the law on 6 April.", published="2023-05-20")
    assert res.covers == frozenset({"five"})


@pytest.mark.parametrize("text, figure, direction", [
    ("Inflation rose by 0.3 points.", "0.3 points", 1),
    ("The bank cut its main rate by 50 basis points.", "50 basis points", -1),
    ("Shares were down 5% on the day.", "5%", -1),
    ("The firm reported a 20% rise in sales.", "20%", 1),
    ("There were 300 more cases than last year.", "300", 1),
    # what the amount is per may come between the figure and its comparative
    ("The new offer is 4.50 euros a share higher than the first.", "4.50", 1),
    ("Nurses will earn $2 an hour more than last year.", "$2", 1),
    ("Tickets cost 3 pounds per seat less than in 2024.", "3 pounds", -1),
    ("The payout fell 121 million euros short of the cost.", "121 million", -1),
    ("Inflation rose to 3.5%.", "3.5%", None),
    ("The company cut 300 jobs.", "300", None),
    ("At least 2,000 people or more were hurt.", "2,000", None),
])
def test_a_change_is_told_from_a_level(text, figure, direction):
    from verifier.scoring.checks.arithmetic import change_direction

    q = next(q for q in parse_quantities(text) if figure in q.text)
    assert change_direction(text, q) == direction


@pytest.mark.parametrize("claim,evidence,outcome", [
    # the months written after the figures order them, whatever the order of the text
    ("Unemployment fell by 0.4 percentage points between May and June.",
     "Unemployment fell to 4.8% in June, from 5.2% in May.", S),
    ("Unemployment rose by 0.4 percentage points between May and June.",
     "Unemployment was 4.8% in June and 5.2% in May.", N),
    ("Turnout rose by 3 points.", "Turnout was 61% in 2019 and 64% in 2024.", S),
    # a part named with its noun, and approximate figures for a share
    ("The airline used more than three-quarters of the loan.", "The airline drew 3.8 billion euros of the 5 billion loan.",
     S),
    ("The insurer plans to cut nearly a fifth of its roughly 4,300 jobs.",
     "The insurer said it would cut about 850 of its 4,300 jobs.", S),
])
def test_changes_and_shares_in_other_words(claim, evidence, outcome):
    assert _check_with(claim, evidence).outcome == outcome


def test_time_between_two_events_of_one_document():
    document = ("Timeline of the collapse.\n\n- 5 October (Monday): The lender announces a loss on its bond sales.\n"
                "- 6 October (Tuesday): Customers queue at branches.\n"
                "- 8 October (Thursday): The regulator places the lender in resolution.")
    evidence = "- 8 October (Thursday): The regulator places the lender in resolution."
    ev = EvidenceView(text=evidence, facts=parse_facts(evidence, "2026-10-09"), document=document,
                        published="2026-10-09")
    for claim, outcome in (("The regulator placed the lender in resolution three days after it announced a loss "
                            "on bond sales.", S),
                           ("The regulator placed the lender in resolution two weeks after it announced a loss "
                            "on bond sales.", N)):
        res = check_quantity(ClaimView(parse_facts(claim), claim), ev, CFG)
        assert res.outcome == outcome, res.note
    assert "2026-10-05" in check_quantity(ClaimView(parse_facts(claim := "The regulator placed the lender in resolution "
                                                          "three days after it announced a loss on bond sales."), claim), ev, CFG).note


@pytest.mark.parametrize("claim, evidence, published, other, other_published, outcome", [
    # disasters: the resignation told by one source, the dam's failure by another
    ("The water minister resigned nine days after the Orla dam burst.",
     "The water minister, Ada Korn, resigned on Friday, 12 May.", "2023-05-12",
     "The Orla dam burst on 3 May, flooding two villages.", "2023-05-04", S),
    # business: the vote in a wire story, the announcement in a press release of its day
    ("Shareholders approved the merger with Tessin Foods five weeks after Brava Group announced the deal.",
     "Shareholders approved the merger with Tessin Foods at a meeting on 20 June.", "2025-06-20",
     "Brava Group today announced a merger with Tessin Foods.", "2025-05-16", S),
    # sport: the return in a match report, the injury weeks before
    ("The striker returned to the squad six weeks after tearing a hamstring against Rovers.",
     "The striker returned to the squad on Saturday, 1 March.", "2025-03-01",
     "The striker tore a hamstring against Rovers on 18 January.", "2025-01-19", S),
    # a gap the dates do not give is not confirmed (nor refuted: the events may be others)
    ("The striker returned to the squad four weeks after tearing a hamstring against Rovers.",
     "The striker returned to the squad on Saturday, 1 March.", "2025-03-01",
     "The striker tore a hamstring against Rovers on 18 January.", "2025-01-19", N),
])
def test_time_between_two_events_told_in_two_documents(claim, evidence, published, other, other_published, outcome):
    ev = EvidenceView(text=evidence, facts=parse_facts(evidence, published), document=evidence, published=published,
                      other_sentences=[(other, other_published)])
    res = check_quantity(ClaimView(parse_facts(claim), claim), ev, CFG)
    assert res.outcome == outcome, res.note
    alone = EvidenceView(text=evidence, facts=parse_facts(evidence, published), document=evidence, published=published)
    assert check_quantity(ClaimView(parse_facts(claim), claim), alone, CFG).outcome == N


@pytest.mark.parametrize("claim,evidence,outcome", [
    # two ranges, two written fractions: each compared as written
    ("The league has four to 16 team divisions.", "The league has four to 12 team divisions.", X),
    ("Rescuers said 10-15 people were trapped.", "Rescuers said 12 people were trapped.", S),
    ("One in seven children lacks a book.", "One in six children lacks a book.", X),
    ("A fifth of adults smoke.", "One in five adults smoke.", S),
    # a strict bound in one unit stays strict
    ("Warming must be kept to more than 2 \u00b0C.", "Warming must be kept to below 2 \u00b0C.", X),
    ("Cars reached speeds of more than 230 mph.", "Cars reached speeds of up to 230 mph.", X),
    # the claim's own years never confirm its span
    ("He played 2 years for the club (2016 and 2018).", "He played for the club in 2016 and 2019.", N),
])
def test_ranges_fractions_and_bounds_compare_as_written(claim, evidence, outcome):
    assert _check_with(claim, evidence).outcome == outcome


def test_a_figure_of_another_day_does_not_confirm_the_claims_day():
    claim = "The evacuation order of 9 June 2026 covered everyone within 5 kilometres of the plant."
    later = "- 10 June 2026: the evacuation zone around the plant is widened to 5 km."
    same = "- 9 June 2026: the evacuation zone around the plant covers 5 km."
    assert _check_with(claim, later).outcome == N
    assert _check_with(claim, same).outcome == S


@pytest.mark.parametrize("claim, evidence", [
    ("Researchers found 14 species of frog.", "Researchers found 14 species of beetle."),  # science
    ("The ministry bought 2 million tonnes of wheat.", "The ministry bought 2 million tonnes of rice."),  # trade
    ("Hospitals reported 300 cases of measles.", "Hospitals reported 300 cases of mumps."),  # health
])
def test_figures_counting_other_kinds_are_not_compared(claim, evidence):
    result = _check(claim, evidence)
    assert result.outcome == ABSTAIN, result.note


def test_figures_of_the_same_kind_are_compared():
    claim, evidence = "Hospitals reported 300 cases of measles.", "Hospitals reported 420 cases of measles."
    result = _check(claim, evidence)
    assert result.outcome == CONTRADICT, result.note


@pytest.mark.parametrize("claim, evidence", [
    ("Unemployment in Norland fell to 5.2% in May.", "Economists had expected unemployment in Norland to fall to 5.2% in May."),
    ("Valdria received a loan of $2 billion.", "Valdria had asked for a loan of $2 billion."),  # aid: asked vs given
    ("Acme sold 3 million cars in 2025.", "Acme forecast sales of 3 million cars in 2025."),  # business: forecast
    ("The city planted 1 million trees.", "The city aims to plant 1 million trees."),  # environment: a target
])
def test_a_target_forecast_or_request_is_not_the_figure_reached(claim, evidence):
    result = _check(claim, evidence)
    assert result.outcome == ABSTAIN, result.note


def test_figures_of_the_same_role_are_compared():
    claim, evidence = "Acme forecast sales of 3 million cars.", "Acme forecast sales of 2 million cars."
    result = _check(claim, evidence)
    assert result.outcome == CONTRADICT, result.note


@pytest.mark.parametrize("claim, evidence", [
    ("Mei Tanaka won the downhill by 0.4 seconds.", "Tanaka won the downhill by 0.4 seconds."),  # by surname
    ("Ukraine received $300 million in military aid.",  # the recipient named in the clause
     "The United States announced $300 million in military aid for Ukraine."),
    ("Floods in Ostra province killed 2,665 people.", "The death toll from the floods rose to 2,665, officials said."),
    # an organisation by one of its organs
    ("The European Union pledged 12 million euros in aid.", "The Commission released EUR 12 million in aid."),
])
def test_a_figure_restated_by_another_name_or_without_one_confirms(claim, evidence):
    result = _check(claim, evidence)
    assert result.outcome == SUPPORT, result.note


@pytest.mark.parametrize("claim, evidence", [
    # health: the figure of ten years ago is not this year's
    ("Smoking among teenagers is now 9%.", "Smoking among teenagers fell to 6% this year, down from 9% a decade ago."),
    # finance: the level before a change
    ("The lender's bad loans stand at $4bn.", "The lender's bad loans rose to $5.5bn from $4bn a year earlier."),
    # sport: a comparison figure
    ("Attendance at the league's games averaged 31,000.",
     "Attendance at the league's games averaged 28,000, compared with 31,000 the season before."),
])
def test_an_earlier_figure_set_against_the_reported_one_does_not_confirm(claim, evidence):
    result = _check(claim, evidence)
    assert result.outcome != SUPPORT, result.note


@pytest.mark.parametrize("claim, evidence, outcome", [
    # finance: a share price change told in other words
    ("Shares in Pellam fell more than 10% on Friday.", "Pellam shares closed down 6.2% on Friday.", X),
    # health: a rate without a counted noun
    ("Flu vaccination coverage among nurses is 48%.", "Flu vaccination coverage among nurses rose to 71%.", X),
    # politics: turnout
    ("Turnout in the referendum was about 58%.", "Turnout in the referendum stood at 57.6%.", S),
    # science: the same unit in unrelated words is not compared
    ("The reactor's efficiency reached 38%.", "About 38% of the grant went to equipment.", N),
])
def test_bare_percentages_told_in_the_same_words_are_compared(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # finance: a programme's worth against its amount "in financing"
    ("The IMF agreement with Valdria is worth about $1.3 billion.",
     "The IMF reaches an agreement with Valdria on US$1,500 million in financing.", X),
    # business: a takeover's worth against its price "in cash"
    ("Orvell's takeover of Lomax is worth about $2 billion.", "Orvell agreed a takeover of Lomax for $2,800 million in cash.", X),
    # public spending: the same sum in other units
    ("The Harwick council's road repair budget is about $40 million.",
     "The Harwick council's road repair budget is 40,000 thousand dollars in funding.", S),
    # a sum named on one side only, in other words, is not compared
    ("The museum's new wing cost $12 million.", "Donors gave $30 million in funding to the city's schools.", N),
])
def test_a_sum_named_on_one_side_only_is_compared_when_told_in_the_same_words(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence", [
    # politics: the day the result was announced is not the day of the vote
    ("Turnout in Sunday's election was 61%.", "Turnout was 61%, the electoral commission said on Monday."),
    # disasters: the day officials spoke
    ("The storm on Tuesday cut power to 40,000 homes.", "The storm cut power to 40,000 homes, the utility said on Wednesday."),
    # business: the day of the statement
    ("Orvell sold 2 million phones on Friday.", "Orvell sold 2 million phones in one day, the company said on Saturday."),
])
def test_the_day_a_source_spoke_is_not_the_day_of_the_figure(claim, evidence):
    result = _check_with(claim, evidence, claim_date="2026-10-07", published="2026-10-07")
    assert result.outcome == SUPPORT, result.note


@pytest.mark.parametrize("claim, evidence, outcome", [
    # courts: a bare superlative is first
    ("Rhea Tull is the longest-serving judge on the court.",
     "Rhea Tull, the second-longest-serving judge on the court, wrote the dissent.", X),
    # weather
    ("Storm Ivo was the strongest storm to hit the island.", "Storm Ivo was the third-strongest storm to hit the island.", X),
    # transport
    ("Kelso is the region's busiest airport.", "Kelso, the region's busiest airport, added ten routes.", S),
    # finance: another measure is not compared
    ("Norra is the country's largest lender.", "Norra is the country's oldest lender.", N),
])
def test_a_superlative_without_an_ordinal_is_first(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence", [
    # politics: two parties at two dates (35% now against 40% then is no change of anything)
    ("The coalition's lead over the opposition narrowed by 5 points in a month.",
     "The poll put the coalition on 38% and the opposition on 35%, compared with 40% and 34% a month ago."),
    # health: two wards in two weeks
    ("Admissions at the north ward rose by 30 in a week.",
     "Admissions were 120 at the north ward and 90 at the south ward, against 100 and 60 the week before."),
    # finance: two divisions in two years
    ("Retail revenue fell by $0.5bn.",
     "Revenue was $2bn in retail and $4bn in wholesale, compared with $2.1bn and $2.5bn in 2024."),
])
def test_a_change_among_several_figures_of_one_measure_is_not_guessed(claim, evidence):
    assert _check_with(claim, evidence, published="2025-05-20").outcome != S


@pytest.mark.parametrize("claim, evidence, outcome", [
    # courts: the sentence dates the trial, not the arrest the claim counts from
    ("The verdict came almost four years after Marko Dessel's arrest.",
     "Marko Dessel, whose trial opened in September 2022, was convicted of fraud on Monday.", N),
    # business: an approval is not the announcement
    ("The merger closed six months after its announcement.",
     "The merger, approved by regulators in March, closed on 30 September.", N),
    # sport: a signing is not the injury
    ("The striker scored again three weeks after his injury.",
     "The striker, who signed for the club on 2 May, scored on 23 May.", N),
    # politics: the election is the sentence's
    ("The coalition agreement was signed five weeks after the election.",
     "Party leaders signed the coalition agreement on June 29, ending talks that began after the May 25 election.", S),
])
def test_a_time_span_counts_from_an_event_the_sentence_tells(claim, evidence, outcome):
    assert _check_with(claim, evidence, published="2026-05-20").outcome == outcome


@pytest.mark.parametrize("text, noun", [
    # politics, business, health: the possessor is not what the share counts
    ("Three quarters of the party's 400 delegates backed the motion.", "delegate"),
    ("A third of the company's 900 staff lost their jobs.", "staff"),
    ("Half of the city's 12 hospitals were closed.", "hospital"),
    # health, water, schools: a percent is of what follows its "of"
    ("Thirty per cent of adults in Kelmar are obese.", "adult"),
    ("About 40% of households in Brisk lack clean water.", "household"),
    ("Some 12 percent of pupils in Ostra failed the test.", "pupil"),
])
def test_a_share_counts_what_follows_its_of(text, noun):
    assert parse_quantities(text)[0].noun == noun


@pytest.mark.parametrize("claim, evidence, note", [
    # health, schools, labour: "from A of these to B of those" is one measure at two times
    ("Cardelin reduced the risk of stroke by 3 percentage points.",
     "Cardelin cut the risk of stroke from 10% of patients on placebo to 7% of those taking the drug.", "= 3 points"),
    ("The pass rate rose by 6 percentage points.",
     "The pass rate rose from 62% of pupils last year to 68% of those sitting the exam this year.", "= 6 points"),
    ("Unemployment fell by 1.5 points.", "Unemployment fell from 8% of the workforce to 6.5% of it.", "= 1.5 points"),
    # a change written beside its levels is not a level itself ("a 5% fall" is no turnout)
    ("Turnout fell by 3 points.", "Turnout fell 5%, from 60% to 57%.", "= 3 points"),
])
def test_a_change_between_two_levels_of_one_phrase(claim, evidence, note):
    res = _check_with(claim, evidence, published="2026-05-20")
    assert res.outcome == S and note in res.note, res.note



@pytest.mark.parametrize("text, figure", [
    # engineering, politics, labour: the "down" or "up" belongs to the verb
    ("The reactor shut down about two hours before the inspection.", "two"),
    ("The minister stepped down three weeks after the vote.", "three"),
    ("Women made up 40% of the workforce.", "40%"),
])
def test_up_or_down_of_a_phrasal_verb_is_no_change(text, figure):
    from verifier.scoring.checks.arithmetic import change_direction

    q = next(q for q in parse_quantities(text) if figure in q.text)
    assert change_direction(text, q) is None


@pytest.mark.parametrize("claim, evidence, outcome", [
    # engineering, labour: a figure after a phrasal verb compares as a level with one told plainly
    ("The engine shut down about two minutes before its planned cutoff.",
     "The engine stopped more than four minutes before its planned cutoff.", X),
    ("Women made up 40% of the workforce.", "Women were 52% of the workforce.", X),
    ("Women made up 40% of the workforce.", "Women were 40% of the workforce.", S),
])
def test_a_figure_after_a_phrasal_verb_is_compared(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # disasters, elections, sport: a total is not refuted by a smaller figure that may be one part
    ("The two storms killed 80 people in all.", "The first storm killed 30 people.", N),
    ("The two parties won 212 seats between them.", "The Labour Front took 148 seats.", N),
    ("The three teams scored 96 goals in all.", "The champions scored 41 goals.", N),
    # ... but it is by a larger figure, or by a total the sentence gives itself
    ("The three teams scored 96 goals in all.", "The champions scored 120 goals.", X),
    ("The three teams scored 96 goals in all.", "The three teams scored 102 goals in total.", X),
    ("The two storms killed 80 people in all.", "The two storms killed 95 people in total.", X),
])
def test_a_total_is_not_refuted_by_one_of_its_parts(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # war, housing, medicine: the sentence's figure is for a part of a group it named first
    ("More than 2,600 civilians have been killed.", "Of those killed, 2,074 were in the eastern regions.", N),
    ("The fire destroyed 340 homes.", "Of those destroyed, 120 homes were in Ashby.", N),
    ("The trial enrolled 800 patients.", "Of them, 260 patients received the placebo.", N),
    # the claim's figure is the same part: compared
    ("Of those, 51 infants were tested at 12 months.", "Of those, 49 infants were tested at 12 months.", X),
])
def test_a_part_of_a_named_group_does_not_refute_the_whole(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence", [
    # geography, astronomy, hydrology: an exact figure of another size ("12 km wide") does not
    # push aside the sentence's rounded one ("about 110 km long"): the two measure other things
    ("The debris field was about 68 miles long.", "It left a debris field about 110 km long and 12 km wide."),
    ("The asteroid is about 300 metres wide.", "The asteroid, some 310 metres across, passed 5 million km away."),
    ("The lake is about 40 miles long.", "The lake is about 65 km long and 3 km wide."),
])
def test_a_rounded_figure_of_another_size_still_counts(claim, evidence):
    assert _check(claim, evidence).outcome != X


@pytest.mark.parametrize("claim, evidence, outcome", [
    # disasters, safety, sport: a level reached by a change is not refuted by a figure on the
    # side it changed from (the level before), only by one beyond it or by another level reached
    ("The death toll rose to 312 people.", "The death toll stood at 280 people on Monday.", N),
    ("The evacuation zone was widened to 5 kilometres.", "The evacuation zone covers 3 kilometres around the plant.", N),
    ("The club cut its squad to 22 players.", "The club had 30 players in its squad.", N),
    ("The death toll rose to 312 people.", "The death toll stood at 340 people.", X),
    ("The death toll rose to 312 people.", "The death toll rose to 350 people.", X),
    ("The club cut its squad to 22 players.", "The club cut its squad to 25 players.", X),
])
def test_a_level_reached_by_a_change_is_not_refuted_by_the_level_before(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # finance, justice, health: two stated limits are values in their own right
    ("The central bank offered loans of up to 2 billion euros.", "The central bank offered loans of up to 5 billion euros.",
     X),
    ("He faces a maximum of 12 years in prison.", "He faces a maximum of 15 years in prison.", X),
    ("Each clinic may hold up to 400 doses.", "Each clinic may hold up to 400 doses.", S),
    # an estimate's bound is no limit: "at least 300" confirms "at least 200"
    ("At least 200 people were killed.", "At least 300 people were killed.", S),
])
def test_two_stated_limits_compare_as_written(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome, note", [
    # sport, justice, labour: lengths of time in nouns that convert exactly
    ("The court reduced the runner's ban to two years.", "The court cut the runner's ban to 30 months.", X,
     "(30 months = 2.5 years)"),
    ("He was sentenced to four years in prison.", "He was sentenced to 48 months in prison.", S, "(48 months = 4 years)"),
    ("The strike lasted three weeks.", "The strike lasted 21 days.", S, "(21 days = 3 weeks)"),
    ("The strike lasted three weeks.", "The strike lasted 25 days.", X, "(25 days = 3.57 weeks)"),
])
def test_lengths_of_time_in_other_nouns_convert(claim, evidence, outcome, note):
    res = _check(claim, evidence)
    assert res.outcome == outcome and note in res.note, res.note


@pytest.mark.parametrize("claim, evidence, outcome", [
    # sport, justice, local government, business: amounts in a currency the extractor does not
    # know (invented, or real but unlisted) compare only when they are for the same thing
    ("The federation paid the sprinter a bonus of 20,000 thalers.",
     "The sponsor will give 250,000 thalers, the sum left on her contract, to a youth programme.", N),
    ("The court fined the builder 40 million ducats.", "The builder, fined 85 million ducats, will not appeal.", X),
    ("The villa seized from the minister was valued at about 4 million ducats.",
     "The minister took bribes for rail contracts worth 2.4 billion ducats.", N),
    ("The town received a grant of 3 million forints for the bridge.",
     "The town's budget of 40 million forints was approved on Monday.", N),
    ("The shirt sponsor's contract was worth about 2 million forints.",
     "The club ended its 1.5-million-forint contract with the shirt sponsor in July.", X),
    # what an amount is per: a rate or a price per share is not a total
    ("The sponsorship deal was worth half a million florins a year.",
     "The company ended the 1.5-million-florin sponsorship deal in July.", N),
    ("The first offer, 38 zorins a share, was rejected.", "Helm made a cash offer of 38.00 zorins a share on Monday.", S),
    ("The raised offer was 4.50 zorins a share higher than the first.",
     "Helm made a cash offer of 38.00 zorins a share on Monday.", N),
    # a count is still a count, whatever verb of paying comes before it
    ("The mine paid 300 workers in cash.", "The mine paid 420 workers in cash.", X),
])
def test_amounts_in_a_currency_word_compare_by_what_they_are_for(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # business, sport, politics: the sentence gives its figure to another holder than the
    # claim's, and speaks of the claim's holder elsewhere - no contradiction
    ("Hollin's offer of 44 zorins a share won the board's backing.",
     "Brask withdrew its 42.50-zorins-a-share offer, a day after the board backed the rival offer from Hollin.", N),
    ("Rosa Dunmore scored 31 points in the final.", "Ines Arlen scored 27 points in the final, and Rosa Dunmore was "
     "held scoreless in the first half.", N),
    ("The Greens won 48 seats.", "The Liberals won 52 seats, two more than the Greens had hoped for.", N),
    # the claim's holder not named in the sentence: compared as before
    ("The Greens won 48 seats.", "The party won 52 seats.", X),
    # the other name is the object of a preposition: the figure is still the subject's
    ("Valencia has about 10,000 inhabitants.", "Valencia is the third largest city in Spain after Madrid and "
     "Barcelona, with around 800,000 inhabitants.", X),
    ("The Ardmoor plant employs 400 workers.", "The Ardmoor plant, which supplies Feldany and Osk, employs 520 "
     "workers.", X),
])
def test_a_figure_given_to_another_holder_does_not_refute(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # business, sport, medicine: the sentence's figure is the claim's other figure, not one for
    # the figure it gives a part of
    ("Two of the board's nine directors opposed the offer.", "The board's nine directors voted seven to two.", N),
    ("Four of the club's 25 players were injured.", "All 25 players of the club trained on Monday.", N),
    ("Six of the 40 patients relapsed within a year.", "The trial followed 40 patients for a year.", N),
    # a figure of the claim's own part that differs is still compared
    ("Six of the 40 patients relapsed.", "Nine of the 40 patients relapsed.", X),
])
def test_the_claims_other_figure_does_not_refute_a_part_of_it(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # health, economy, sport: a figure the claim counts as a target is compared with targets
    ("No region reached the 95% two-dose coverage target.", "No region reached the 95 percent target; the best "
     "was Drossen, at 94 percent.", S),
    ("The club missed its 60-point season target.", "The club set a target of 60 points and finished on 54 points.", S),
    ("The bank's 2% inflation goal was missed.", "Inflation was 3.1%, above the bank's goal of 2%.", S),
])
def test_a_figure_counting_a_target_is_a_target(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("text, figures", [
    # a year after a possessive is a year, not a count
    ("241 cases were recorded in the peak week of Ostrenia's 2026 outbreak.", ["241"]),
    ("The bank's 2025 results disappointed investors.", []),
    ("The league's 2024 season drew 3.1 million fans.", ["3.1 million"]),
    ("The club's 2,000 members voted.", ["2,000"]),
])
def test_a_year_after_a_possessive_is_no_figure(text, figures):
    assert [q.text for q in parse_quantities(text)] == figures


@pytest.mark.parametrize("claim, evidence, outcome", [
    # banking, justice, space, local government: a currency code the extractor does not know,
    # written before an amount, is read as the currency word of the claim it may stand for (ISO
    # codes end with the currency's initial: "VLM" marks, "HUF" forints) ...
    ("The bank paid 0.35 billion marks for the branches.", "Price paid by the bank: VLM 350 million", S),
    ("The court ordered them to pay 150 million ducats in compensation.",
     "The four are ordered, jointly, to pay CDD 186 million to the rail company in compensation.", X),
    ("The lost mission cost 412 million krovals.", "The mission cost AVK 412 million in total.", S),
    ("The town paid 3 million forints for the bridge.", "Cost of the bridge: HUF 3 million", S),
    # ... and only of money: members are no currency
    ("The club has 2,000 members.", "The club's budget is VLM 2 billion.", N),
])
def test_a_currency_code_stands_for_the_claims_currency_word(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("text, value, noun", [
    # sport, computing, aviation, justice, labour: a length of time in several units or on a
    # race clock is one figure in its smallest unit
    ("She won the marathon in 2:21:04.", 8464, "second"),
    ("She won in 2 hours, 21 minutes and 4 seconds.", 8464, "second"),
    ("The swimmer touched in 1:52.30 in the final.", 112.3, "second"),
    ("He won the road race in 31:12.", 1872, "second"),
    ("It took 1 minute 33 seconds off the record.", 93, "second"),
    ("The outage lasted an hour and a half.", 1.5, "hour"),
    ("The flight was delayed by three hours and 20 minutes.", 200, "minute"),
    ("He served a year and six months of his sentence.", 18, "month"),
])
def test_a_length_of_time_in_several_units(text, value, noun):
    (q,) = parse_quantities(text)
    assert (q.value, q.noun) == (pytest.approx(value), noun)


@pytest.mark.parametrize("text", [
    "The meeting started at 07:30 and ended at 10:45.",  # clock times of day
    "The service is at 12:30:00 GMT.",
    "Read John 3:16 aloud.",
    "It lasted 3 days, and 2 weeks later it was over.",  # a list, not one length
])
def test_clock_times_and_lists_are_no_lengths_of_time(text):
    assert not [q for q in parse_quantities(text) if q.noun == "second" or ":" in q.text]


@pytest.mark.parametrize("claim, evidence, outcome", [
    # sport, computing, aviation: lengths of time compare whatever units write them
    ("She won the race in 2:21:04.", "She won the race in 2 hours 21 minutes 4 seconds.", S),
    ("She won the race in 2:21:04.", "She won the race in 2:22:37.", X),
    ("The record fell by 93 seconds.", "The new mark took 1 minute 33 seconds off the record.", S),
    ("The outage lasted 90 minutes.", "The outage lasted an hour and a half.", S),
    ("The flight was delayed by 200 minutes.", "The flight was delayed by three hours and 20 minutes.", S),
    # units further apart than neighbours count other things: not compared
    ("The unions gave two weeks' notice of the strike.", "First strike, 48 hours, by both unions.", N),
    ("The trial ran for 3 weeks.", "The trial's first witness spoke for 180 hours.", N),
])
def test_lengths_of_time_compare_across_units(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # justice, business, politics: a vote's tally says how many of its voters were on each side
    ("Two of the three members of the tribunal found against her.", "The tribunal voted 2-1 against her.", S),
    ("Eleven of the twelve jurors voted to convict.", "The jury voted 11-1 to convict.", S),
    ("Seven of the nine justices backed the ruling.", "The Supreme Court upheld the law by seven votes to two.", S),
    ("Five of the nine justices backed the ruling.", "The Supreme Court upheld the law by seven votes to two.", X),
    ("Nine of its twelve directors approved the merger.", "The board approved the merger by 9-3.", S),
    # a tally of another number of voters is another body's: not compared
    ("Two of the three members of the tribunal found against her.", "The council voted 14-2 to close the pool.", N),
    # a score is no vote
    ("Two of the three penalties were saved.", "The club won 2-1 on Saturday.", N),
])
def test_a_tally_is_a_split_of_its_voters(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # sport, geography, business: a rank whose noun is left out ranks what the sentence is about
    ("Her 2:21:50 now ranks as the seventh-fastest marathon by a Norland woman.",
     "With the winner's time struck from the records, her run is now the sixth-fastest by a Norland woman.", X),
    ("The new bridge is the third-longest in the country.", "The new bridge, at 1.2 km, is the fourth-longest in "
     "the country.", X),
    ("Hallam Foods is the second-largest grocer in Norland.", "Hallam Foods is the second-largest in Norland by "
     "sales.", S),
])
def test_a_rank_without_its_noun(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # sport, construction, property: a claim that sets its level against another ("47 seconds
    # faster than the mark") is confirmed by the sentence giving that other level
    ("Her 2:21:50 became the record, 47 seconds faster than the mark Lunqvist set in 2022.",
     "Lunqvist won in Corvenna in a championship record of 2:22:37.", S),
    ("The new bridge is 120 metres longer than the old one, which was 380 metres long.",
     "The new bridge is 500 metres long.", S),
    ("The tower, at 320 metres, is 20 metres taller than the old mast.", "The old mast was 300 metres tall.", S),
    # another gap is no confirmation (and the two levels are not compared as one)
    ("The tower, at 320 metres, is 50 metres taller than the old mast.", "The old mast was 300 metres tall.", X),
])
def test_a_level_set_against_the_sentences(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # business, economy, disasters: a bound under a negation is the other bound
    ("Varnholt never raised its offer above 42.50 drals a share.", "The 42.50 drals a share offered by Varnholt "
     "was rejected.", S),
    ("Inflation did not fall below 3% in 2025.", "Inflation was 3.4% in 2025.", S),
    ("The death toll did not rise above 40.", "The death toll rose to 52.", X),
    ("The death toll rose above 40.", "The death toll rose to 52.", S),
])
def test_a_negated_bound_is_the_other_bound(claim, evidence, outcome):
    assert _check(claim, evidence).outcome == outcome
