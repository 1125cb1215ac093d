"""The binding check: a sentence that restates a claim but gives one of its slots (the speaker of
"said", the object of "with", the place of "at") to another name contradicts it; a sentence
about another topic, with a pronoun or a post in the slot, or several other names, does not.
Cases from sport, science, politics, business, health and disasters."""

from __future__ import annotations

import pytest

from verifier.claims import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, REGISTRY, ClaimView, EvidenceView
from verifier.scoring.checks.binding import substituted_name

CFG = ScoringConfig()


def _run(claim: str, evidence: str):
    return REGISTRY["binding"](ClaimView(parse_facts(claim), claim),
                               EvidenceView(text=evidence, facts=parse_facts(evidence)), CFG)


@pytest.mark.parametrize("claim, evidence, relation, names", [
    # politics: the speaker of "said"
    ("In Brussels, EU spokesperson Remy Castellan said the European Union welcomed the ceasefire.",
     "In Brussels, EU spokesperson Clara Weiss said the European Union welcomed the ceasefire.",
     "speaker", ("Clara Weiss", "Remy Castellan")),
    # business: an organisation as the speaker
    ("CEWU said its inspectors had found that the seal had not been checked for 18 months.",
     "NISA said its inspectors had found that the seal had not been checked for 18 months.",
     "speaker", ("NISA", "CEWU")),
    # sport: the club a manager left
    ("He was replaced at Derby County by Claudio Ranieri, who took the club to the title.",
     "He was replaced at Leicester City by Claudio Ranieri, who took the club to the title.",
     "slot", ("Leicester City", "Derby County")),
    # politics: the object of "propose"
    ("The parties will propose Ilona Sarvas as Prime Minister.",
     "The parties will propose Anton Brekke as Prime Minister.", "slot", ("Anton Brekke", "Sarvas")),
    # a passive restated in the active voice: "was founded by X" is "X founded"
    ("The clinic was founded by Maria Lindqvist in 1998.", "Johan Berg founded the clinic in 1998.",
     "slot", ("Johan Berg", "Maria Lindqvist")),
])
def test_another_name_in_the_slot_contradicts(claim, evidence, relation, names):
    result = _run(claim, evidence)
    assert result.outcome == CONTRADICT, result.note
    assert result.relation == relation
    assert all(n in result.note for n in names)


@pytest.mark.parametrize("claim, evidence", [
    # the same name, said another way
    ("Antonio Guterres said the talks would resume.", "Guterres said the talks would resume."),
    # another topic: the subject of "be" is what the sentence is about
    ("The Evil Within is an action-adventure video game.", "Far Cry Primal is an action-adventure video game."),
    # two names differ: another event, not a swapped slot
    ("Guterres met Putin in Moscow.", "Guterres met Erdogan in Ankara."),
    # a pronoun or a post in the slot may be the claim's name
    ("Health minister Lena Ahola said the vaccine was safe.", "She said the vaccine was safe."),
    ("Health minister Lena Ahola said the vaccine was safe.", "The minister said the vaccine was safe."),
    # the sentence restates too little of the claim (science)
    ("Researchers at Kessler Institute found a new species of frog in the Andes.",
     "Researchers at Kyoto University counted beetles in a forest."),
    # a state and its organs stand for each other (an organisation is not set against a place)
    ("Norway approved $5 million for flood relief.", "The Finance Ministry approved $5 million for flood relief."),
    # a capitalised title is no name; a day is the date check's to compare
    ("Norland announced new sanctions on Valdria.", "The two Ministers announced new sanctions on Valdria."),
    ("The board approved the loan on Wednesday.", "The board approved the loan on Tuesday."),
    # the claim's name is in the sentence, in another slot
    ("Lyon beat Marseille in the final.", "Marseille lost to Lyon in the final."),
])
def test_abstains_when_the_slot_is_not_given_to_another(claim, evidence):
    assert _run(claim, evidence).outcome == ABSTAIN


@pytest.mark.parametrize("claim, evidence", [
    # law: the city a ruling was reported from is no party to it
    ("The Federal Constitutional Court ruled against drugmaker Velorin.",
     "KARLSRUHE, Germany, March 2 (dpa) - A German court on Tuesday ruled against drugmaker Velorin."),
    # health: nor the city of an agency's announcement
    ("The World Health Organization approved the malaria vaccine made by Cortex Biologics.",
     "GENEVA, Oct 3 (AP) - A United Nations agency on Monday approved the malaria vaccine made by Cortex Biologics."),
    # justice: nor the city of a verdict, with the agency's name in the dateline
    ("The Special Anti-Corruption Court sentenced former minister Ilan Sorv to six years in prison.",
     "DERVAL, Norland, Oct 15 (Northern Press Agency) - A court on Thursday sentenced former minister Ilan Sorv "
     "to six years in prison."),
])
def test_the_names_of_a_wire_dateline_fill_no_slot(claim, evidence):
    result = _run(claim, evidence)
    assert result.outcome != CONTRADICT, result.note


@pytest.mark.parametrize("claim, evidence, names", [
    # film: one name of a cast list in another's place
    ("The film stars Mara Holt, Ben Okafor, Jeff Garcia and Lise Dahl as the twins' mother.",
     "The film stars Mara Holt, Ben Okafor, David Koechner and Lise Dahl as the twins' mother.",
     ("Jeff Garcia", "David Koechner")),
    # science: an acronym in brackets, and a prefix of a hyphenated word
    ("Tumour samples of all 40 patients were stained with antibodies against the KRAS protein.",
     "Tumour samples of all 40 patients were stained with antibodies against the BRAF protein.", ("KRAS", "BRAF")),
    ("In mice, NOD-secreted chemokines promote tumour spread through the activation of two pathways.",
     "In mice, CAF-secreted chemokines promote tumour spread through the activation of two pathways.",
     ("NOD", "CAF")),
    # sport: the country of a venue
    ("The final was played at the Sydbank Park stadium in Haderslev, Sweden, on 20 May 2009.",
     "The final was played at the Sydbank Park stadium in Haderslev, Denmark, on 20 May 2009.",
     ("Sweden", "Denmark")),
    # business: one operator in a list, the sentence's clause left out
    ("The largest operators are Turkish Airlines (66), General Electric (55) and Delta Air Lines (41).",
     "The largest operators are Turkish Airlines (66), Air China (55) and Delta Air Lines (41), with others "
     "flying fewer aircraft.", ("General Electric", "Air China")),
])
def test_a_word_for_word_restatement_with_another_name_contradicts(claim, evidence, names):
    result = _run(claim, evidence)
    assert result.outcome == CONTRADICT, result.note
    assert result.relation == "slot"
    assert all(f"'{n}'" in result.note for n in names)


@pytest.mark.parametrize("claim, evidence", [
    # the same name written another way: a spelling, an acronym, a shared word
    ("Guterres flew to Kiev on Thursday to meet the president and his ministers.",
     "Guterres flew to Kyiv on Thursday to meet the president and his ministers."),
    ("The UN said on Monday that aid convoys had reached the port city.",
     "The United Nations said on Monday that aid convoys had reached the port city."),
    ("The bank's chief economist told reporters at Barclays Capital that rates would rise.",
     "The bank's chief economist told reporters at Barclays that rates would rise."),
    # the name the claim opens with is its topic: another name there is another topic
    ("The Evil Within is an action-adventure video game released for consoles.",
     "Far Cry Primal is an action-adventure video game released for consoles."),
    # the claim's name is in the sentence, elsewhere: moved, not replaced
    ("The prize went to Ana Ruiz, ahead of Tom Berg and Li Wei, in the final round.",
     "The prize went to Tom Berg, ahead of Ana Ruiz and Li Wei, in the final round."),
    # a date or a post in the place of another is the date and entity checks' to compare
    ("The ministry published the report on the floods in March, weeks after the storm.",
     "The ministry published the report on the floods in April, weeks after the storm."),
    ("The Deputy Minister opened the new hospital wing in the northern city.",
     "The Minister opened the new hospital wing in the northern city."),
])
def test_a_name_written_another_way_or_moved_is_no_substitution(claim, evidence):
    assert _run(claim, evidence).outcome == ABSTAIN


def test_a_claim_that_adds_words_besides_the_name_is_not_aligned_as_a_substitution():
    assert substituted_name("Shares of Valtor rose 4% in early trading after the results beat forecasts by a wide margin.",
                            "Shares of Corvin rose 4% in early trading after the results beat forecasts.") is None
    assert substituted_name("Shares of Valtor rose 4% in early trading after the results beat forecasts.",
                            "Shares of Corvin rose 4% in early trading after the results beat forecasts.") \
        == ("Valtor", "Corvin")
