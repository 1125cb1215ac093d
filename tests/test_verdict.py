"""The hand-ordered reading of verifier.scoring.rules.decide, one hand-built case each."""

import pytest

from verifier.config import ScoringConfig
from verifier.scoring.checks import CONTRADICT, SUPPORT, CheckResult
from verifier.scoring.rules import decide
from verifier.scoring.sentence import SentenceEval
from verifier.types import Bound, Claim, Evidence, Facts, Label, Quantity, Reason

CFG = ScoringConfig()


def ev(rel, stance=(0.1, 0.1, 0.8), coverage=1.0, checks=(), lexical=0.6):
    e = Evidence(doc_id="d", start=0, end=5, quote="quote")
    return SentenceEval(e, rel, coverage, stance, list(checks), lexical)


def claim(text="A claim.", quantities=()):
    return Claim(id="c1", text=text, facts=Facts(quantities=list(quantities)))


NUM = Quantity(value=2660, bound=Bound.LOWER, strict=True, measure="killed", text="more than 2,660")


def test_nothing_relevant_is_no_evidence_never_contradicted():
    d = decide(claim(), [ev(0.1, (0.0, 1.0, 0.0))], CFG)
    assert (d.label, d.reason) == (Label.UNVERIFIED, Reason.NO_EVIDENCE)


def test_structured_contradiction_wins_and_names_the_check():
    d = decide(claim(), [ev(0.7, checks=[CheckResult("date", CONTRADICT, "'Wednesday' vs 'Tuesday'")])], CFG)
    assert (d.label, d.reason) == (Label.CONTRADICTED, Reason.DATE)
    assert "Wednesday" in d.rationale and 0 <= d.confidence <= 1


def test_more_relevant_support_of_the_same_number_beats_a_contradiction():
    sup = ev(0.8, (0.9, 0.05, 0.05), checks=[CheckResult("quantity", SUPPORT, "ok", covers=frozenset([NUM.text]))])
    con = ev(0.6, checks=[CheckResult("quantity", CONTRADICT, "2,074 in two regions")])
    d = decide(claim(quantities=[NUM]), [sup, con], CFG)
    assert d.label == Label.SUPPORTED and d.reason == Reason.APPROXIMATE


def test_every_figure_of_a_claim_must_be_confirmed_somewhere():
    years = Quantity(value=30, noun="year", text="30 years")
    loan = Quantity(value=350e6, unit="USD", noun="loan", text="$350 million")
    sup = ev(0.8, (0.9, 0.05, 0.05), checks=[CheckResult("quantity", SUPPORT, "ok", covers=frozenset([loan.text]))])
    assert decide(claim(quantities=[loan, years]), [sup], CFG).label == Label.UNVERIFIED
    both = ev(0.7, checks=[CheckResult("quantity", SUPPORT, "ok", covers=frozenset([years.text]))])
    assert decide(claim(quantities=[loan, years]), [sup, both], CFG).label == Label.SUPPORTED


def test_equally_relevant_conflict_on_a_date_is_reported_as_conflicting():
    a = ev(0.7, checks=[CheckResult("date", CONTRADICT, "x")])
    b = ev(0.7, checks=[CheckResult("date", SUPPORT, "y")])
    assert decide(claim(), [a, b], CFG).reason == Reason.CONFLICTING


def test_claim_with_a_number_needs_the_number_confirmed():
    d = decide(claim(quantities=[NUM]), [ev(0.8, (0.95, 0.03, 0.02))], CFG)
    assert (d.label, d.reason) == (Label.UNVERIFIED, Reason.INSUFFICIENT)


def test_paraphrase_support_needs_coverage():
    assert decide(claim(), [ev(0.8, (0.9, 0.05, 0.05))], CFG).label == Label.SUPPORTED
    assert decide(claim(), [ev(0.8, (0.9, 0.05, 0.05), coverage=0.3)], CFG).label == Label.UNVERIFIED


def test_stance_contradiction_needs_full_coverage_and_relevance():
    strong = ev(0.8, (0.02, 0.95, 0.03))
    assert decide(claim(), [strong], CFG).reason == Reason.STANCE
    partial = ev(0.8, (0.02, 0.95, 0.03), coverage=0.67)  # the sentence is about someone else
    assert decide(claim(), [partial], CFG).label == Label.UNVERIFIED
    loose = ev(0.4, (0.02, 0.95, 0.03))
    assert decide(claim(), [loose], CFG).label == Label.UNVERIFIED
    other_words = ev(0.8, (0.02, 0.95, 0.03), lexical=0.2)  # shares few of the claim's words
    assert decide(claim(), [other_words], CFG).label == Label.UNVERIFIED
    hesitant = ev(0.8, (0.1, 0.75, 0.15))  # the model's "contradicted" is unreliable below 0.85
    assert decide(claim(), [hesitant], CFG).label == Label.UNVERIFIED


def test_a_category_is_not_a_post_that_must_be_confirmed():
    from verifier.types import Entity, Event

    cricketer = Claim(id="c", text="Smriti Mandhana is an Indian cricketer.", facts=Facts(
        entities=[Entity(text="Smriti Mandhana", label="PERSON")],
        events=[Event(id="e1", agent="Smriti Mandhana", predicate="be", objects=["Indian cricketer"])]))
    assert decide(cricketer, [ev(0.9, (0.9, 0.05, 0.05))], CFG).label == Label.SUPPORTED
    post = cricketer.model_copy(update={"facts": cricketer.facts.model_copy(update={
        "events": [Event(id="e1", agent="Smriti Mandhana", predicate="be", objects=["deputy minister"])]})})
    assert decide(post, [ev(0.9, (0.9, 0.05, 0.05))], CFG).label == Label.UNVERIFIED


def test_given_evidence_that_is_off_topic_says_so():
    e = ev(0.1)
    e.given = True
    assert decide(claim(), [e], CFG).rationale == "The evidence given with the claim is not about it."


def test_a_later_source_giving_the_claims_figure_stops_an_older_contradiction():
    older = ev(0.6, checks=[CheckResult("quantity", CONTRADICT, "'31' vs '29'")])
    older.evidence = older.evidence.model_copy(update={"published": "2026-05-21"})
    assert decide(claim(quantities=[NUM]), [older], CFG).label == Label.CONTRADICTED
    # "Arrested: 31 people." in the next day's statement, a list item naming less of the claim
    later = ev(0.6, coverage=0.5, checks=[CheckResult("quantity", SUPPORT, "'31' agrees with '31'")])
    later.evidence = later.evidence.model_copy(update={"published": "2026-05-22"})
    assert decide(claim(quantities=[NUM]), [older, later], CFG).label == Label.UNVERIFIED


def test_a_matching_date_alone_does_not_confirm_an_event_whose_place_the_sentence_leaves_out():
    from verifier.types import Event

    signed = Claim(id="c", text="The agreement was signed in Hollin in March 2026.",
                   facts=Facts(events=[Event(id="e1", predicate="sign", place="Hollin", text="signed in Hollin")]))
    date_only = ev(0.7, (0.05, 0.07, 0.88), checks=[CheckResult("date", SUPPORT, "'March 2026' matches 'today'")])
    assert decide(signed, [date_only], CFG).label == Label.SUPPORTED
    date_only.place_named = False
    assert decide(signed, [date_only], CFG).label == Label.UNVERIFIED


def test_a_quote_matched_to_its_named_speaker_supports_though_the_sentence_names_little_else():
    quote = ev(0.9, coverage=0.5, checks=[CheckResult("attribution", SUPPORT, "said by Pavel Horvat", anchored=True)])
    assert decide(claim(), [quote], CFG).label == Label.SUPPORTED
    unanchored = ev(0.9, coverage=0.5, checks=[CheckResult("date", SUPPORT, "'May' matches 'May'")])
    assert decide(claim(), [unanchored], CFG).label == Label.UNVERIFIED


def _ordered(text, landmark, main_predicate, cue="after"):
    from verifier.types import Event, OrderRel

    return Claim(id="c", text=text, facts=Facts(
        events=[Event(id="e1", predicate=main_predicate, text=text), Event(id="e2", predicate="x", text=landmark)],
        order=[OrderRel(before="e2", after="e1", cue=cue)]))


def test_a_landmark_after_which_something_was_said_dates_the_claim_without_needing_confirmation():
    # "the curfew imposed after the 26 February shelling": the sentence restating the order
    # itself need not be found; a sequence of someone's own acts, or a claim that says only
    # that something happened after something else, still needs it.
    framed = _ordered("Orlek ordered the lifting of the curfew imposed after the shelling.",
                      "after the 26 February 2026 shelling", "impose")
    paraphrase = ev(0.9, (0.6, 0.2, 0.2), lexical=0.85)
    assert decide(framed, [paraphrase], CFG).label == Label.SUPPORTED
    for sequence in (_ordered("Guterres met Putin after his talks in Ankara.", "after his talks in Ankara", "meet"),
                     _ordered("The exchange took place after the ceasefire.", "after the ceasefire", "take"),
                     _ordered("Guterres went to Moscow before the Kyiv visit.", "before the Kyiv visit", "go",
                              cue="before")):
        assert decide(sequence, [paraphrase], CFG).label == Label.UNVERIFIED, sequence.text


def test_a_restatement_keeps_the_claims_scope():
    # shares every word of "declared a nationwide state of emergency" but "nationwide"
    restated = ev(0.7, (0.02, 0.03, 0.95), lexical=0.86)
    assert decide(claim("Valdoria declared a state of emergency."), [restated], CFG).label == Label.SUPPORTED
    restated.restates = False
    assert decide(claim("Valdoria declared a state of emergency."), [restated], CFG).label == Label.UNVERIFIED


@pytest.mark.parametrize(("text", "needs_order"), [
    ("The European Commission will propose aid for Valdria, an EU spokesperson said after the Drava Valley ceasefire.", False),
    ("Orlek ordered the lifting of the curfew that had been imposed on Korvel after the 26 February 2026 shelling.", False),
    ("Guterres met Putin after his talks with Erdogan in Ankara.", True),
    ("The prisoner exchange at the Selna bridge took place two days after Valdria and Tarsenia signed the ceasefire.", True),
    ("Coalition talks began after the Central Electoral Commission had certified the results.", True),
    # banking, sport, health: a landmark told by a clause of its own is a second event in order
    ("The chief executive resigned after the regulator had placed the bank in resolution.", True),
    ("The striker signed for the club after the league had lifted his ban.", True),
    ("The ward reopened to patients after inspectors had approved the repairs.", True),
    ("The minister resigned after the shelling of the port.", False),
])
def test_parsed_claims_frame_or_assert_an_order(text, needs_order):
    from verifier.claims.facts import parse_facts
    from verifier.scoring.rules import needs_confirming as _needs

    assert ("order" in _needs(Claim(id="c", text=text, facts=parse_facts(text)))) is needs_order


def test_a_restatement_whose_date_a_check_confirms_is_supported_whatever_the_model_says():
    # "resigned as chief executive on Monday, six days after the explosion": the model reads
    # another date than the claim's "Monday, 15 June 2026" and says "contradicted"
    from verifier.types import DateRef

    monday = Claim(id="c", text="Strand resigned on Monday, 15 June 2026.", facts=Facts(
        dates=[DateRef(start="2026-06-15", end="2026-06-15", text="Monday, 15 June 2026")]))
    date = CheckResult("date", SUPPORT, "'Monday, 15 June 2026' matches 'Monday'")
    restated = ev(0.8, (0.11, 0.84, 0.05), checks=[date], lexical=0.91)
    assert decide(monday, [restated], CFG).label == Label.SUPPORTED
    loose = ev(0.8, (0.11, 0.84, 0.05), checks=[date], lexical=0.5)  # shares too few words
    assert decide(monday, [loose], CFG).label == Label.UNVERIFIED
    flipped = ev(0.8, (0.11, 0.84, 0.05), checks=[date], lexical=0.91)
    flipped.negation_differs = True
    assert decide(monday, [flipped], CFG).label == Label.UNVERIFIED
    # a year the model reads well: "(2019)" against "debuted in 2012" stays its call
    year = monday.model_copy(update={"facts": Facts(dates=[DateRef(start="2012-01-01", end="2012-12-31", text="2012")])})
    assert decide(year, [restated], CFG).label == Label.UNVERIFIED


def test_a_supports_rationale_says_what_confirmed_it_or_that_nothing_was_checked():
    from verifier.scoring.rules import support_rationale

    checked = ev(0.8, checks=[CheckResult("quantity", SUPPORT, "'38' agrees with '38.00'")])
    assert support_rationale(checked, "'38' agrees with '38.00'", Reason.EXACT, CFG) == \
        "The source states this ('38' agrees with '38.00')."
    assert support_rationale(ev(0.8, (0.9, 0.05, 0.05)), "", Reason.PARAPHRASE, CFG) == \
        "The source states this in other words."
    weak = support_rationale(ev(0.8, (0.1, 0.1, 0.8)), "", Reason.PARAPHRASE, CFG)
    assert "no figure, date or name" in weak and weak.endswith("before relying on this.")


def test_a_support_names_the_claims_figures_no_sentence_confirmed():
    from verifier.scoring.rules import support_rationale, unconfirmed_figures

    four = Quantity(value=4, noun="individual", text="four")
    total = Quantity(value=10.5e6, unit="CDD", noun="fine", text="10.5 million ducats")
    days = Quantity(value=3, noun="day", text="three")  # "three days after the verdict": an offset
    c = Claim(id="c1", text="The fines on the four convicted three days after the verdict totalled 10.5 million ducats.",
              facts=Facts(quantities=[four, total, days]))
    c.facts.quantities[2] = days.model_copy(update={"start": c.text.index("three"), "end": c.text.index("three") + 5})
    seen = ev(0.8, checks=[CheckResult("quantity", SUPPORT, "'four' agrees with 'four'", covers=frozenset(["four"]))])
    assert unconfirmed_figures(c, [seen]) == ["10.5 million ducats"]
    assert support_rationale(seen, "'four' agrees with 'four'", Reason.EXACT, CFG, ["10.5 million ducats"]) == \
        "The source states this ('four' agrees with 'four'), but no source sentence confirms '10.5 million ducats'."
