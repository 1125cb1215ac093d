"""Quotes given to the wrong speaker (``checks.attribution``): the statement a claim reports in
single quotation marks is the quoted words; the claim's own words from another speaker
contradict it even where the sentence before names another year (a year in an event's name is
no date of the quote). Sport, labour, health and finance."""

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.attribution import check_attribution, claim_statements

CFG = ScoringConfig()


def _attribution(claim: str, evidence: str, context: str = "", published: str = "2027-05-08",
                 frame_year: str = "2027"):
    ev = EvidenceView(text=evidence, facts=parse_facts(evidence, published), context=context, published=published,
                      frame_year=frame_year)
    return check_attribution(ClaimView(parse_facts(claim), claim), ev, CFG)


@pytest.mark.parametrize("claim, quoted", [
    ("Union leader Nell Hask said on the first day of the strike that 'no driver takes a strike lightly'.",
     "no driver takes a strike lightly"),
    ("Finance Minister Ola Brandt told parliament on Tuesday that 'the budget will balance by 2029'.",
     "the budget will balance by 2029"),
])
def test_a_reported_statement_in_single_quotes_is_its_quoted_words(claim, quoted):
    assert [q.text for q in claim_statements(claim, parse_facts(claim))] == [quoted]


@pytest.mark.parametrize("claim, evidence, context", [
    ('Ruth Amsel said after the ruling: "I crossed the line second, and I will never get that moment back."',
     '"I crossed the line second, and I will never get that moment back," Korsgaard said.',
     "Korsgaard was second in the 2026 championship marathon."),
    ("Health Minister Ida Lorne said: \"The order for more vaccine should have been placed in November.\"",
     'In a statement, Dr Pell said: "The order for more vaccine should have been placed in November."',
     "The 2026 outbreak was the largest in a decade."),
    ("Union leader Nell Hask said on the first day of the strike that 'no driver takes a strike lightly'.",
     '"No driver takes a strike lightly," ALD general secretary Teodor Brask said on a picket line.',
     "The 2026 strikes cost the railway 115 million dalens."),
])
def test_the_claims_own_words_from_another_speaker_contradict_whatever_year_the_context_names(claim, evidence,
                                                                                             context):
    assert _attribution(claim, evidence, context).outcome == CONTRADICT


def test_the_same_speakers_words_of_another_year_do_not_confirm():
    claim = 'Karl Weber said: "We will not raise fares again before the election."'
    evidence = '"We will not raise fares again before the election," Karl Weber said.'
    assert _attribution(claim, evidence, "In March 2019 the network carried 40 million riders.").outcome == ABSTAIN
    assert _attribution(claim, evidence, "The network carried 40 million riders.").outcome == SUPPORT


def test_a_speaker_the_sentence_names_outside_the_quote_comes_before_the_previous_sentences():
    res = _attribution('Lena Ortiz said that "the rules are the same for everyone, including champions".',
                       '"The rules are the same for everyone, including champions," AAC Chief Executive Radek '
                       'Vollmer said.', context='Her lawyer, Clara Breit, said she would appeal.')
    assert res.outcome == CONTRADICT
    assert "Vollmer" in res.note and "Breit" not in res.note


def test_a_quote_cut_after_its_first_sentence_is_still_the_claims_quote():
    claim = ('Mayor Iris Kell said: "The flood defences should have been raised in spring. They were not, '
             'and that is my responsibility."')
    res = _attribution(claim, 'In a statement, Dr Omar Vance said: "The flood defences should have been raised in '
                              'spring.')
    assert res.outcome == CONTRADICT
