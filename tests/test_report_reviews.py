"""Editor sign-off store: append-only, latest decision wins, audit trail shown in reports."""

from __future__ import annotations

import sqlite3
from itertools import count
from pathlib import Path

import pytest
from report_fixture import run

from verifier.errors import InputError, RunFileError
from verifier.report import ReviewStore, render
from verifier.types import Label


def _clock():
    ticks = count()
    return lambda: f"2026-11-27T10:{next(ticks):02d}:00+00:00"


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore.for_run(tmp_path / "run.jsonl")


def test_store_sits_beside_the_run(tmp_path: Path) -> None:
    assert ReviewStore.for_run(tmp_path / "run.jsonl").path == tmp_path / "run.jsonl.reviews.sqlite"


def test_no_store_means_no_reviews(store: ReviewStore) -> None:
    assert store.trails() == {}
    assert not store.path.exists()


def test_latest_decision_wins_and_before_follows_the_trail(store: ReviewStore) -> None:
    fixture, clock = run(), _clock()
    first = store.add(fixture, "ua-014", Label.UNVERIFIED, note="want a 2nd source", editor="ben",
                      clock=clock)
    second = store.add(fixture, "ua-014", Label.CONTRADICTED, note="mission site", editor="ana",
                       clock=clock)
    assert (first.before, first.after) == (Label.CONTRADICTED, Label.UNVERIFIED)
    assert (second.before, second.after) == (Label.UNVERIFIED, Label.CONTRADICTED)
    trail = store.trails()["ua-014"]
    assert trail == [first, second]
    assert trail[-1].at == "2026-11-27T10:01:00+00:00"


def test_confirming_is_setting_the_same_label(store: ReviewStore) -> None:
    review = store.add(run(), "ua-015", Label.CONTRADICTED, note="checked", editor="ana")
    assert review.before == review.after == Label.CONTRADICTED
    assert review.at.endswith("+00:00")  # UTC


def test_rows_cannot_be_updated_or_deleted(store: ReviewStore) -> None:
    store.add(run(), "ua-001", Label.SUPPORTED, note="ok", editor="ana")
    conn = sqlite3.connect(store.path)
    try:
        for sql in ("UPDATE reviews SET after = 'contradicted'", "DELETE FROM reviews"):
            with pytest.raises(sqlite3.IntegrityError, match="reviews are append-only"):
                conn.execute(sql)
    finally:
        conn.close()
    assert store.trails()["ua-001"][0].after == Label.SUPPORTED


def test_the_run_file_keeps_the_machine_verdict(tmp_path: Path) -> None:
    from verifier.report import RunWriter, read_run

    path = tmp_path / "run.jsonl"
    fixture = run()
    with RunWriter(path, fixture.record) as out:
        for v in fixture.verdicts:
            out.write(v)
    before = path.read_bytes()
    ReviewStore.for_run(path).add(read_run(path), "ua-003", Label.SUPPORTED, note="n", editor="e")
    assert path.read_bytes() == before


def test_unknown_claim_id_says_how_to_list_ids(store: ReviewStore) -> None:
    with pytest.raises(InputError) as err:
        store.add(run(), "ua-999", Label.SUPPORTED, note="x", editor="ana")
    assert str(err.value) == ("[V007] claim id 'ua-999' is not in run.jsonl (it holds 7 claims: "
                              "ua-001, ua-002, ua-003, ua-013, ua-014, ...). List the ids with: "
                              "verifier review run.jsonl --list")
    assert not store.path.exists()  # nothing half-recorded


@pytest.mark.parametrize(("editor", "note", "message"), [
    ("  ", "why", "[V007] the editor name is empty. Pass --editor NAME."),
    ("ana", " ", '[V007] the note is empty. Say why with --note "...": it goes into the audit trail.'),
])
def test_empty_editor_or_note(store: ReviewStore, editor: str, note: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        store.add(run(), "ua-001", Label.SUPPORTED, note=note, editor=editor)
    assert str(err.value) == message


def test_a_file_that_is_not_a_store_is_reported(store: ReviewStore) -> None:
    store.path.write_text("this is not sqlite, it is a note somebody saved here " * 20)
    with pytest.raises(RunFileError) as err:
        store.trails()
    assert err.value.message.startswith(f"{store.path}: not a readable review store")
    assert err.value.hint == "Move it aside to start a new one; the run file itself is untouched."


def test_reports_show_machine_verdict_editor_verdict_and_trail(store: ReviewStore) -> None:
    fixture, clock = run(), _clock()
    store.add(fixture, "ua-013", Label.UNVERIFIED, note="OHCHR says 2,665 <b>to 24 April</b>",
              editor="ana", clock=clock)
    trails = store.trails()
    md = render(fixture, "md", trails)
    assert ("- **Verdict:** ? Unverified (editor); machine verdict ✔ Supported, confidence 90%, "
            "reason: approximate") in md
    assert ("| 2026-11-27T10:00:00+00:00 | ana | supported | unverified | OHCHR says 2,665 "
            "&lt;b&gt;to 24 April&lt;/b&gt; |") in md
    page = render(fixture, "html", trails)
    card = page.split('id="claim-ua-013"', 1)[1].split("</article>", 1)[0]
    assert "<dt>Machine verdict</dt><dd><span class=\"badge v-supported\">✔ Supported</span>" in card
    assert "<dt>Editor verdict</dt><dd><span class=\"badge v-unverified\">? Unverified</span>" in card
    assert "<td>supported</td><td>unverified</td><td>OHCHR says 2,665 &lt;b&gt;to 24 April&lt;/b&gt;" in card
