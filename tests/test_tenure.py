"""Who held a post at the time a claim speaks of (``checks.tenure``, read by the entity check):
a source that dates a change of post contradicts a claim giving the post to its holder outside
that tenure, and confirms one inside it. Football, universities, central banking, hospitals,
parliaments and companies."""

import pytest

from verifier.claims.facts import parse_facts
from verifier.config import ScoringConfig
from verifier.scoring.checks import ABSTAIN, CONTRADICT, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.entity import check_entity
from verifier.scoring.checks.tenure import claim_time, claimed_posts, same_post, tenures

CFG = ScoringConfig()


def _entity(claim: str, evidence: str, published: str):
    ev = EvidenceView(text=evidence, facts=parse_facts(evidence, published), published=published)
    return check_entity(ClaimView(parse_facts(claim), claim), ev, CFG)


@pytest.mark.parametrize("claim, evidence, published, outcome, relation", [
    # the person left the post before the claim's time
    ("Tomas Brevik was still Harlow United's manager when the club won the cup on 14 May 2027.",
     "Tomas Brevik, who stepped down as Harlow United's manager in February, said he was proud of the squad.",
     "2027-05-20", CONTRADICT, "tenure"),
    # a successor took the post before the claim's year
    ("Ingrid Sollen was president of Maradon University during the 2028 admissions scandal.",
     "The letter was signed by Paul Anvers, who succeeded Ingrid Sollen as president of Maradon University in "
     "September 2027.", "2028-03-02", CONTRADICT, "tenure"),
    # a confirmation ends the acting post
    ("Dana Okoro was still the central bank's acting governor when rates were cut in June 2027.",
     "Parliament on Thursday confirmed Dana Okoro as governor of the Central Bank of Teravia (CBT), four "
     "months after she took charge on an acting basis.", "2027-03-12", CONTRADICT, "tenure"),
    # the post was taken up after the claim's time
    ("Lena Marsh was chief executive of the Brook Valley Hospital Trust in January 2026.",
     "Lena Marsh was appointed chief executive of the Brook Valley Hospital Trust on 3 March 2026.",
     "2026-03-04", CONTRADICT, "tenure"),
    # the resignation of ... as ...
    ("Piet Aalders was Speaker of the Assembly in December 2027.",
     "The clerk announced the resignation of Piet Aalders as Speaker of the Assembly on 2 November 2027.",
     "2027-11-02", CONTRADICT, "tenure"),
    # the post taken up before the claim's time, told by a source written by then
    ("Paul Anvers was president of Maradon University in March 2028.",
     "The letter was signed by Paul Anvers, who succeeded Ingrid Sollen as president of Maradon University in "
     "September 2027.", "2028-03-02", SUPPORT, "tenure"),
    ("Dana Okoro was governor of the CBT in October 2027.",
     "Parliament confirmed Dana Okoro as governor of the Central Bank of Teravia (CBT) on 9 September 2027, "
     "four months after she took charge on an acting basis.", "2027-10-15", SUPPORT, "tenure"),
    # a post one person holds at a time, named with another person that month
    ("Elena Varga was Corvia's health minister when the clinics closed in March 2027.",
     "The Minister of Health, Piotr Salas, said the closures were temporary.", "2027-03-14", CONTRADICT, "holder"),
    ("Jon Marek was chief executive of Belden Air in June 2026.",
     "Belden Air's chief executive, Ruth Amos, apologised to passengers on 12 June 2026.", "2026-06-13",
     CONTRADICT, "holder"),
    ("Aiko Tan was the mayor of Port Ellis during the floods of 4 May 2028.",
     "The Mayor of Port Ellis, Carl Brent, visited the shelters on 4 May 2028.", "2028-05-05", CONTRADICT, "holder"),
])
def test_who_held_a_post_at_the_claims_time(claim, evidence, published, outcome, relation):
    res = _entity(claim, evidence, published)
    assert (res.outcome, res.relation) == (outcome, relation)


@pytest.mark.parametrize("claim, evidence, published", [
    # inside the tenure's last months: no contradiction
    ("Tomas Brevik was Harlow United's manager in January 2027.",
     "Tomas Brevik, who stepped down as Harlow United's manager in February, said he was proud of the squad.",
     "2027-05-20"),
    # another organisation's post
    ("Tomas Brevik was Castor FC's manager in May 2027.",
     "Tomas Brevik, who stepped down as Harlow United's manager in February, said he was proud of the squad.",
     "2027-05-20"),
    # a former post says nothing of the present one
    ("Ingrid Sollen, the former president of Maradon University, spoke in 2028.",
     "The letter was signed by Paul Anvers, who succeeded Ingrid Sollen as president of Maradon University in "
     "September 2027.", "2028-03-02"),
    # the claim dates nothing
    ("Ingrid Sollen was president of Maradon University.",
     "The letter was signed by Paul Anvers, who succeeded Ingrid Sollen as president of Maradon University in "
     "September 2027.", "2028-03-02"),
    # a change of post with no date told beside it
    ("Lena Marsh was chief executive of the Brook Valley Hospital Trust in January 2026.",
     "Lena Marsh, who was appointed chief executive of the Brook Valley Hospital Trust after a long search, "
     "spoke to staff. The trust opened a new wing on 3 March 2026.", "2026-03-04"),
])
def test_what_a_tenure_does_not_decide_is_left_alone(claim, evidence, published):
    res = _entity(claim, evidence, published)
    assert res.relation != "tenure"
    assert res.outcome == ABSTAIN


def test_an_acting_post_and_the_full_post_are_two_posts():
    # a source dating only the full post's start says nothing of when the acting post began
    res = _entity("Dana Okoro was acting governor of the CBT in January 2027.",
                  "Dana Okoro was appointed governor of the CBT on 2 April 2027.", "2027-04-03")
    assert res.relation != "tenure"


@pytest.mark.parametrize("claim, evidence, published", [
    # a post many hold at once
    ("Elena Varga was a judge of the High Court in March 2027.",
     "Judge of the High Court Piotr Salas said the ruling was final.", "2027-03-14"),
    # a deputy beside the holder
    ("Elena Varga was Corvia's health minister in March 2027.",
     "The Deputy Minister of Health, Piotr Salas, said the closures were temporary.", "2027-03-14"),
    # another body's chief executive
    ("Jon Marek was chief executive of Belden Air in June 2026.",
     "Skyway's chief executive, Ruth Amos, said on 12 June 2026 that fares would rise.", "2026-06-13"),
    # another time: the sentence's own date is outside the claim's month
    ("Jon Marek was chief executive of Belden Air in June 2026.",
     "Belden Air's chief executive, Ruth Amos, apologised to passengers on 12 January 2027.", "2027-01-13"),
    # a year is too long a time: the post may have changed hands within it
    ("Aiko Tan was the mayor of Port Ellis in 2028.",
     "The Mayor of Port Ellis, Carl Brent, visited the shelters on 4 May 2028.", "2028-05-05"),
])
def test_another_holder_decides_only_a_post_one_person_holds_at_that_time(claim, evidence, published):
    assert _entity(claim, evidence, published).relation != "tenure"


@pytest.mark.parametrize("claim, evidence, outcome", [
    ("Senator Alma Reyes chaired the Senate inquiry into the pipeline leak.",
     "The inquiry will be chaired by Joseph Okafor; Senator Alma Reyes and two others sit on it.", CONTRADICT),
    ("Judge Tomas Weil presided over the three-judge court that heard the appeal.",
     "The court: Presiding Judge Irena Volk; Judges Tomas Weil and Anna Pohl.", CONTRADICT),
    ("The economist Lise Brandt chaired the wage commission.",
     "The wage commission has three members: Karl Haug, a former central banker, who will chair it; the "
     "economist Lise Brandt; and a union nominee.", CONTRADICT),
    ("Karl Haug chaired the wage commission.",
     "The wage commission has three members: Karl Haug, a former central banker, who will chair it; the "
     "economist Lise Brandt; and a union nominee.", SUPPORT),
    ("Mira Sand headed the review panel.", "Review panel: Mira Sand, surgeon (Chair); Omar Lee, lawyer.", SUPPORT),
])
def test_who_chaired_a_body_is_read_from_the_chair_a_sentence_about_it_names(claim, evidence, outcome):
    res = _entity(claim, evidence, "2027-04-01")
    assert (res.outcome, res.relation) == (outcome, "chair")


def test_a_chair_of_another_body_says_nothing():
    res = _entity("Karl Haug chaired the wage commission.", "The board is chaired by Mira Sand.", "2027-04-01")
    assert res.relation != "chair"


def test_parts_of_the_reading():
    assert claimed_posts("Alma Reyes was still the Senate's president in 2027.") == (
        ("Alma Reyes", "Senate's president"),)
    assert claim_time("Alma Reyes was president during the 2027 session.", parse_facts("x")) == (
        "2027-01-01", "2027-12-31", "2027")
    assert same_post("general secretary of United Rail Workers", "general secretary of the URW (URW)")
    assert same_post("Aldwych Bank's chief executive", "chief executive of Aldwych Bank")
    assert same_post("chief executive of Aldwych Bank", "chief executive of Brent Holdings") is False
    assert same_post("finance minister", "foreign minister") is False
    told = tenures("Oskar Lind, who replaced Eva Mohr as chair of the Water Board in May 2026, spoke.",
                   parse_facts("Oskar Lind, who replaced Eva Mohr as chair of the Water Board in May 2026, spoke."))
    assert [(t.person, t.since) for t in told] == [("Oskar Lind", True), ("Eva Mohr", False)]
