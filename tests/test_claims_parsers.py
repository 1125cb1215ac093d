"""Quantity and date parsers: a table of hand-written phrases, then Hypothesis properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.claims.dates import parse_dates, resolve_weekday
from verifier.claims.quantities import QUALIFIERS, parse_quantities
from verifier.types import Bound

E, A, L, U = Bound.EXACT, Bound.APPROX, Bound.LOWER, Bound.UPPER

# text, value, bound, strict, unit, noun, measure   (None: not checked)
QUANTITIES = [
    ("More than 2,660 civilians have been killed in Ukraine.", 2660, L, True, "", "civilian", "killed"),
    ("more than 2,660", 2660, L, True, "", None, None),
    ("Fewer than 1,000 civilians have been killed.", 1000, U, True, "", "civilian", "killed"),
    ("At least 5,000 civilian casualties had been recorded.", 5000, L, False, "", "civilian", "casualties"),
    ("About 2,700 civilians had been killed.", 2700, A, False, "", "civilian", "killed"),
    ("roughly 40 soldiers", 40, A, False, "", "soldier", None),
    ("nearly 12 million people have been displaced", 12e6, A, False, "", "people", "displaced"),
    ("around 300 people", 300, A, False, "", "people", None),
    ("some 300 soldiers were arrested", 300, A, False, "", "soldier", "arrested"),
    ("an estimated 4,000 refugees", 4000, A, False, "", "refugee", None),
    ("approximately 1.5 million refugees", 1.5e6, A, False, "", "refugee", None),
    ("over 100 were wounded", 100, L, True, "", None, "injured"),
    ("upwards of 50 tanks", 50, L, False, "", "tank", None),
    ("up to 40,000 troops", 40000, U, False, "", "troop", None),
    ("at most 12 ships", 12, U, False, "", "ship", None),
    ("less than 5 percent", 5, U, True, "percent", None, None),
    ("under 200 people", 200, U, True, "", "people", None),
    ("$300 million in military financing", 300e6, E, False, "USD", "financing", None),
    ("$165 million in ammunition", 165e6, E, False, "USD", "ammunition", None),
    ("$0.3 billion", 0.3e9, E, False, "USD", None, None),
    ("$3 billion in new military financing", 3e9, E, False, "USD", "financing", None),
    ("a third of a billion dollars in foreign military financing", 1e9 / 3, E, False, "USD", "financing", None),
    ("roughly a third of a billion dollars", 1e9 / 3, A, False, "USD", None, None),
    ("half a million dollars", 5e5, E, False, "USD", None, None),
    ("500 million euros in military aid", 500e6, E, False, "EUR", "aid", None),
    ("€2 billion", 2e9, E, False, "EUR", None, None),
    ("£45 million", 45e6, E, False, "GBP", None, None),
    ("USD 12 million", 12e6, E, False, "USD", None, None),
    ("two thousand people fled", 2000, E, False, "", "people", "displaced"),
    ("two thousand", 2000, E, False, "", None, None),
    ("three hundred and twenty-five", 325, E, False, "", None, None),
    ("a million refugees", 1e6, E, False, "", "refugee", None),
    ("a dozen drones", 12, E, False, "", "drone", None),
    ("thousands of people", 2000, L, False, "", "people", None),
    ("1.2 million", 1.2e6, E, False, "", None, None),
    ("A 7.8-magnitude earthquake struck.", 7.8, E, False, "magnitude", "earthquake", None),
    ("a magnitude 6.1 quake", 6.1, E, False, "magnitude", None, None),
    ("Rates rose 5 percentage points.", 5, E, False, "percentage_points", None, None),
    ("inflation hit 7.5%", 7.5, E, False, "percent", None, None),
    ("3.6 percent", 3.6, E, False, "percent", None, None),
    ("The war enters its third month.", 3, E, False, "ordinal", "month", None),
    ("the 100th day of the war", 100, E, False, "ordinal", "day", None),
    ("5,381 civilian casualties", 5381, E, False, "", "civilian", "casualties"),
    ("Haq said more than 5 million refugees had left Ukraine.", 5e6, L, True, "", "refugee", None),
    ("They raised $1.5bn last year.", 1.5e9, E, False, "USD", None, None),
    ("The EU gave €500m to Kyiv.", 5e8, E, False, "EUR", None, None),
    ("Inflation fell to 3.2 per cent.", 3.2, E, False, "percent", None, None),
    ("Nine people died.", 9, E, False, "", "people", "killed"),
    # shares written as fractions are percentages of the noun that follows
    ("Nearly two-thirds of the cropland in Ostra province was flooded.", 66.6667, A, False, "percent", "cropland", None),
    ("Four in ten buildings in Dravik were damaged.", 40, E, False, "percent", "building", None),
    ("Half of the refugees are children.", 50, E, False, "percent", "refugee", None),
    ("One in five children is malnourished.", 20, E, False, "percent", "child", None),
]

NO_QUANTITY = [
    "Russia invaded Feb. 24.",
    "The talks took place in 2022.",
    "He tested positive for COVID-19.",
    "The F-16 and the G7 were discussed.",
    "The meeting starts at 10:30 a.m.",
    "On April 26, 2022, he spoke.",
    "One of the diplomats left.",
    "It happened on 24 April.",
    "The 2014-2015 fixtures were announced.",
    "Resolution 2231 was adopted and Flight 17 was downed.",
    "The 2022 budget was approved.",
]


@pytest.mark.parametrize("text,value,bound,strict,unit,noun,measure", QUANTITIES)
def test_quantity_table(text, value, bound, strict, unit, noun, measure):
    qs = parse_quantities(text)
    assert len(qs) == 1, [q.text for q in qs]
    q = qs[0]
    assert q.value == pytest.approx(value)
    assert (q.bound, q.strict, q.unit) == (bound, strict, unit)
    if noun is not None:
        assert q.noun == noun
    if measure is not None:
        assert q.measure == measure
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", NO_QUANTITY)
def test_not_quantities(text):
    assert parse_quantities(text) == []


def test_casualty_breakdown_has_three_measures():
    qs = parse_quantities("OHCHR recorded 5,381 civilian casualties, including 2,665 killed and 2,716 injured.")
    assert [(q.value, q.noun, q.measure) for q in qs] == [
        (5381, "civilian", "casualties"), (2665, "civilian", "killed"), (2716, "civilian", "injured")]


def test_between_is_a_lower_and_an_upper_bound():
    qs = parse_quantities("Between 2,000 and 3,000 people fled.")
    assert [(q.value, q.bound, q.noun, q.measure) for q in qs] == [
        (2000, L, "people", "displaced"), (3000, U, "people", "displaced")]


def test_two_amounts_keep_their_nouns():
    qs = parse_quantities("They announced $300 million in military financing and $165 million in ammunition.")
    assert [(q.value, q.unit, q.noun) for q in qs] == [(300e6, "USD", "financing"), (165e6, "USD", "ammunition")]


ANCHOR = "2022-04-26"  # a Tuesday, the worked example's date

# text, anchor, start, end, weekday
DATES = [
    ("Guterres had left for the trip Monday.", ANCHOR, "2022-04-25", "2022-04-25", "Monday"),
    ("On Thursday, he will travel to Kyiv.", ANCHOR, "2022-04-28", "2022-04-28", "Thursday"),
    ("He meets Putin on Tuesday.", ANCHOR, "2022-04-26", "2022-04-26", "Tuesday"),
    ("He spoke last Thursday.", ANCHOR, "2022-04-21", "2022-04-21", "Thursday"),
    ("They meet next Monday.", ANCHOR, "2022-05-02", "2022-05-02", "Monday"),
    ("It was announced last week.", ANCHOR, "2022-04-18", "2022-04-24", ""),
    ("They meet next week.", ANCHOR, "2022-05-02", "2022-05-08", ""),
    ("It opens next month.", ANCHOR, "2022-05-01", "2022-05-31", ""),
    ("It closed last month.", ANCHOR, "2022-03-01", "2022-03-31", ""),
    ("The vote is today.", ANCHOR, "2022-04-26", "2022-04-26", ""),
    ("The vote is tomorrow.", ANCHOR, "2022-04-27", "2022-04-27", ""),
    ("He arrived yesterday.", ANCHOR, "2022-04-25", "2022-04-25", ""),
    ("Russia invaded Feb. 24.", ANCHOR, "2022-02-24", "2022-02-24", ""),
    ("Russia invaded on February 24, 2022.", None, "2022-02-24", "2022-02-24", ""),
    ("He was born on October 19 , 1984 .", None, "1984-10-19", "1984-10-19", ""),
    ("Recorded by 24 April.", ANCHOR, "2022-04-24", "2022-04-24", ""),
    ("It happened on 26th of April 2022.", None, "2022-04-26", "2022-04-26", ""),
    ("Killed by late April 2022.", None, "2022-04-21", "2022-04-30", ""),
    ("Talks resume in early May.", ANCHOR, "2022-05-01", "2022-05-10", ""),
    ("Prices rose in mid-March 2022.", None, "2022-03-11", "2022-03-20", ""),
    ("Prices rose in April 2022.", None, "2022-04-01", "2022-04-30", ""),
    ("Sanctions were imposed in 2014.", None, "2014-01-01", "2014-12-31", ""),
    ("The airline flew 9 million passengers in 2025, a record.", None, "2025-01-01", "2025-12-31", ""),
    ("Published 2022-04-19.", None, "2022-04-19", "2022-04-19", ""),
    ("On Tuesday, April 26, he met Putin.", ANCHOR, "2022-04-26", "2022-04-26", "Tuesday"),
    ("Three days ago he left.", ANCHOR, "2022-04-23", "2022-04-23", ""),
    ("Earlier this week he left.", ANCHOR, "2022-04-25", "2022-04-26", ""),
    ("A December 30 summit.", ANCHOR, "2021-12-30", "2021-12-30", ""),
    ("He meets Putin on Wednesday.", None, "", "", "Wednesday"),
    ("Russia invaded Feb. 24.", None, "--02-24", "--02-24", ""),
    ("- 12 September (Friday): Cholera confirmed.", "2025-09-17", "2025-09-12", "2025-09-12", "Friday"),
    ("On April 26, Tuesday, he met Putin.", ANCHOR, "2022-04-26", "2022-04-26", "Tuesday"),
    # decades, their parts read loosely (music, politics, industry)
    ("The band found fame in the late 2000s.", None, "2006-01-01", "2009-12-31", ""),
    ("In the mid-1990s she was elected to the assembly.", None, "1993-01-01", "1997-12-31", ""),
    ("The mill closed during the 1980s.", None, "1980-01-01", "1989-12-31", ""),
    ("Output peaked in the early 2010s.", None, "2010-01-01", "2013-12-31", ""),
    # a preposition that opens the sentence (science, sport, politics)
    ("In 2008 we published the first guidelines for the assay.", None, "2008-01-01", "2008-12-31", ""),
    ("In 1984, the club won its only league title.", None, "1984-01-01", "1984-12-31", ""),
    ("By 2030 the coalition plans to close every coal plant.", None, "2030-01-01", "2030-12-31", ""),
    ("In March, the council voted to widen the zone.", ANCHOR, "2022-03-01", "2022-03-31", ""),
]


@pytest.mark.parametrize("text,anchor,start,end,weekday", DATES)
def test_date_table(text, anchor, start, end, weekday):
    refs = parse_dates(text, anchor)
    assert len(refs) == 1, [r.text for r in refs]
    ref = refs[0]
    assert (ref.start, ref.end, ref.weekday) == (start, end, weekday)
    assert text[ref.start_char:ref.end_char] == ref.text


def test_no_dates_in_plain_text():
    assert parse_dates("The May Day parade was cancelled, he may say.", ANCHOR) == []


def test_impossible_date_is_not_asserted():
    assert parse_dates("on February 30, 2022", None) == []


# --------------------------------------------------------------------------- properties

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=999_999_999))
def test_comma_numbers_round_trip(n):
    text = f"Officials counted {n:,} refugees."
    qs = parse_quantities(text)
    assert [q.value for q in qs] == [float(n)]


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.integers(min_value=0, max_value=9),
       st.sampled_from(sorted(_SCALES)), st.booleans())
def test_scale_words_round_trip(whole, tenth, scale, dollars):
    number = f"{whole}.{tenth}" if tenth else str(whole)
    text = f"They pledged {'$' if dollars else ''}{number} {scale} in aid."
    (q,) = parse_quantities(text)
    assert q.value == pytest.approx(float(number) * _SCALES[scale])
    assert q.unit == ("USD" if dollars else "")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(sorted(QUALIFIERS)), st.integers(min_value=2, max_value=99_999))
def test_bound_words_map_to_their_bound(qualifier, n):
    (q,) = parse_quantities(f"Officials said {qualifier} {n:,} people were evacuated.")
    assert (q.bound, q.strict) == QUALIFIERS[qualifier]
    assert q.value == n


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31)),
       st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]))
def test_bare_weekday_lands_in_the_anchor_week(anchor, name):
    (ref,) = parse_dates(f"They met on {name}.", anchor)
    day = dt.date.fromisoformat(ref.start)
    monday = anchor - dt.timedelta(days=anchor.weekday())
    assert monday <= day <= monday + dt.timedelta(days=6)
    assert day.strftime("%A") == name == ref.weekday
    assert resolve_weekday(name, anchor, "last") == day - dt.timedelta(days=7)


@settings(max_examples=100, deadline=None)
@given(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2099, 12, 31)))  # years read: 1800-2099
def test_absolute_dates_round_trip(day):
    text = f"It happened on {day.strftime('%B')} {day.day}, {day.year}."
    (ref,) = parse_dates(text, None)
    assert ref.start == ref.end == day.isoformat()


def test_dates_beyond_the_calendar_are_not_asserted():
    assert parse_dates("The city was founded 5000 years ago.", ANCHOR) == []
    assert parse_dates("tomorrow", "9999-12-31") == []
    assert [d.text for d in parse_dates("3 days ago, on Monday", "0001-01-01")] == ["Monday"]


def test_a_no_break_space_before_a_unit_is_a_space():
    from verifier.claims.quantities import parse_quantities

    assert [(q.value, q.unit) for q in parse_quantities("Sea ice fell by 13\u00a0% per decade.")] == [(13.0, "percent")]


def test_list_items_are_sentences_of_their_own():
    from verifier.text import sentence_spans

    text = "Key events:\n- 4 September: Rains begin.\n- 8 September: The levee breaks\n* 9 September: Water rises."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Key events:", "- 4 September: Rains begin.", "- 8 September: The levee breaks", "* 9 September: Water rises."]
    prose = "Prices rose - sharply - in May.\nThey fell in June."
    assert len(sentence_spans(prose)) == 2


def test_abbreviations_in_names_do_not_end_a_sentence():
    from verifier.text import sentence_spans

    for text in ("It is scheduled to be released on January 17, 2020, by Warner Bros. Pictures.",
                 "The parade turned into Fifth Ave. near the park.",
                 "Smash Bros. 6 was expected in 2015 for the Wii U."):
        assert len(sentence_spans(text)) == 1, text
    # followed by a sentence opener, it still ends one
    assert len(sentence_spans("The film was made by Warner Bros. The studio denied it.")) == 2


def test_the_lines_of_a_fact_sheet_are_sentences_of_their_own():
    from verifier.text import sentence_spans

    text = ("Final figures.\n\nKilled: 14 people\nMissing: none\nStill in hospital on 16 June: 9 people, of whom 3"
            " in critical condition\nThe bodies were recovered\non Sunday.")
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Final figures.", "Killed: 14 people", "Missing: none",
        "Still in hospital on 16 June: 9 people, of whom 3 in critical condition",
        "The bodies were recovered\non Sunday."]  # a wrapped line of prose stays one sentence
    wrapped = "In a statement read to reporters the\nSecretary-General said: the talks will go on\nuntil Friday."
    assert len(sentence_spans(wrapped)) == 1


@pytest.mark.parametrize("text, anchor, spans", [
    # labour, culture, politics, health: a run of days of one month is one interval
    ("The unions called a 48-hour strike for 2 and 3 June 2026.", None, [("2026-06-02", "2026-06-03")]),
    ("The festival runs from 9 to 11 March.", ANCHOR, [("2022-03-09", "2022-03-11")]),
    ("Leaders meet in Oslo on Monday 9 and Tuesday 10 March 2026.", None, [("2026-03-09", "2026-03-10")]),
    ("The clinic was closed June 2-3, 2025.", None, [("2025-06-02", "2025-06-03")]),
    # the weekdays after a run name its days, they are no dates of their own
    ("21-23 April (Tuesday-Thursday): third strike, 72 hours.", ANCHOR, [("2022-04-21", "2022-04-23")]),
    # days joined by "and" that are not adjacent are two dates
    ("Votes were held on 2 and 9 June 2024.", None, [("2024-06-02", "2024-06-02"), ("2024-06-09", "2024-06-09")]),
    # a score before a date is no run of days
    ("The club won 3-2 on 1 May 2024.", None, [("2024-05-01", "2024-05-01")]),
])
def test_a_run_of_days(text, anchor, spans):
    assert [(r.start, r.end) for r in parse_dates(text, anchor)] == spans


def test_the_days_of_a_run_are_no_figures():
    from verifier.claims.quantities import parse_quantities

    assert [q.text for q in parse_quantities("The 48-hour strike on 2 and 3 June 2026 was suspended.")] == ["48"]
