"""Aligning a claim with a sentence word for word (``common.word_diff``), and the detail a
claim adds to a sentence it otherwise repeats (``common.added_detail``). Cases from film,
science, sport, business and politics."""

from __future__ import annotations

import pytest

from verifier.scoring.checks.common import added_detail, word_diff


def test_one_replaced_run_is_the_change_and_left_out_clauses_do_not_count():
    d = word_diff("Shares of Valtor rose 4% in early trading.",
                  "Shares of Corvin rose 4%, their best day this year, in early trading.")
    assert d.change is not None and d.change[0] == "replace"
    assert (d.claim_part, d.sentence_part) == ("Valtor", "Corvin")
    assert d.shared == 7  # Shares, of, rose, 4, in, early, trading


def test_two_changes_align_to_no_single_change():
    assert word_diff("The mayor of Orsk opened the bridge on Friday.",
                     "The governor of Tarn opened the bridge on Friday.").change is None


def test_words_the_claim_has_in_another_place_are_no_added_detail():
    assert not added_detail("Lyon beat Marseille 2-1 in the final on Sunday.",
                            "Marseille beat Lyon 2-1 in the final on Sunday.")
    assert not added_detail("In Mexico, the film received positive reviews from critics.",
                            "The film received positive reviews from critics in Mexico.")


@pytest.mark.parametrize("claim, evidence", [
    # film: where
    ("The film received positive reviews from critics in Mexico.", "The film received positive reviews from critics."),
    # science: when
    ("Mean endurance time in girls increased from 9.5 minutes to 12.3 minutes in 2013.",
     "Mean endurance time in girls increased from 9.5 minutes to 12.3 minutes."),
    # sport: how, in the middle of the claim
    ("The duo beat the champions at the tournament despite strong opposition, on June 19, 2018.",
     "The duo beat the champions at the tournament, on June 19, 2018."),
    # business: why
    ("The airline cancelled 40 flights on Monday because of a strike by pilots.",
     "The airline cancelled 40 flights on Monday."),
])
def test_a_phrase_the_claim_adds_is_a_detail_the_sentence_does_not_give(claim, evidence):
    assert added_detail(claim, evidence)


@pytest.mark.parametrize("claim, evidence", [
    # the sentence has the phrase (a restatement, or the claim leaves a clause out)
    ("The film received positive reviews from critics in Mexico.",
     "The film received positive reviews from critics in Mexico, where it opened first."),
    # a weekday beside the date the sentence gives: the date check's to confirm
    ("Madden was born on Sunday, March 11, 1979, in Waldorf, Maryland.",
     "Madden was born on March 11, 1979, in Waldorf, Maryland."),
    # a name said in full, or words that are no phrase of their own
    ("FC Bayern Munich was founded in 1905 by eleven players.", "FC Bayern was founded in 1905 by eleven players."),
    ("The western end of Fremont Street is located in downtown Las Vegas.",
     "The western end of Fremont Street in downtown Las Vegas was the area most often shown."),
    # too few words repeated to align on
    ("Prices rose in Lagos.", "Prices rose."),
])
def test_no_added_detail(claim, evidence):
    assert not added_detail(claim, evidence)
