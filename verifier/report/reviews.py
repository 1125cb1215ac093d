"""Editor sign-off: an append-only SQLite store of verdict overrides beside the run file.

``RUN.jsonl.reviews.sqlite`` holds one row per decision (claim id, editor, UTC time, label
before, label after, note). Rows are never updated or deleted (triggers refuse it), so the run
file keeps the machine verdict and the store keeps the whole audit trail; an editor's current
verdict for a claim is its latest row. Confirming a verdict is setting the same label.

Example::

    store = ReviewStore.for_run("run.jsonl")
    store.add(run, "ua-014", Label.CONTRADICTED, note="Deputy, not ambassador", editor="ana")
    trail = store.trails()["ua-014"]     # oldest first; trail[-1].after is the editor verdict
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from verifier.errors import InputError, RunFileError
from verifier.report.runfile import RunFile
from verifier.types import Label

SCHEMA_VERSION = 1
SUFFIX = ".reviews.sqlite"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    seq      INTEGER PRIMARY KEY AUTOINCREMENT,
    claim_id TEXT NOT NULL,
    editor   TEXT NOT NULL,
    at       TEXT NOT NULL,
    before   TEXT NOT NULL,
    after    TEXT NOT NULL,
    note     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS reviews_claim ON reviews (claim_id, seq);
CREATE TRIGGER IF NOT EXISTS reviews_no_update BEFORE UPDATE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER IF NOT EXISTS reviews_no_delete BEFORE DELETE ON reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
"""


class Review(BaseModel):
    """One editor decision: the label ``before`` it (machine or previous editor verdict) and
    ``after`` it, who made it, when (UTC ISO 8601) and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    claim_id: str
    editor: str
    at: str
    before: Label
    after: Label
    note: str


Trails = dict[str, list[Review]]  # claim id -> its reviews, oldest first


def _utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def final_label(machine: Label, trail: list[Review] | None) -> Label:
    """The label a claim carries after review: the latest editor decision, else the machine's."""
    return trail[-1].after if trail else machine


class ReviewStore:
    """The review store of one run file. Opening it creates nothing; the first ``add`` does."""

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @classmethod
    def for_run(cls, run_path: str | Path) -> ReviewStore:
        """The store that sits beside ``run_path`` (``RUN.jsonl.reviews.sqlite``)."""
        return cls(Path(str(run_path) + SUFFIX))

    def _connect(self, create: bool) -> sqlite3.Connection:
        try:
            if not create:
                conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
            else:
                conn = sqlite3.connect(self.path)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if create and version == 0:
                conn.executescript(_SCHEMA)
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                version = SCHEMA_VERSION
        except sqlite3.DatabaseError as exc:
            raise RunFileError(
                f"{self.path}: not a readable review store ({exc}).",
                hint="Move it aside to start a new one; the run file itself is untouched.",
            ) from exc
        if version != SCHEMA_VERSION:
            conn.close()
            raise RunFileError(
                f"{self.path}: review store schema version {version}; this verifier reads version "
                f"{SCHEMA_VERSION}.",
                hint="Use the verifier version that wrote it, or move the store aside.",
            )
        return conn

    def trails(self) -> Trails:
        """Every claim's reviews, oldest first (empty when nobody has reviewed yet)."""
        if not self.path.exists():
            return {}
        conn = self._connect(create=False)
        try:
            rows = conn.execute(
                "SELECT claim_id, editor, at, before, after, note FROM reviews ORDER BY seq"
            ).fetchall()
        except sqlite3.DatabaseError as exc:
            raise RunFileError(f"{self.path}: cannot read reviews ({exc}).",
                               hint="Move it aside to start a new one.") from exc
        finally:
            conn.close()
        trails: Trails = {}
        for seq, (claim_id, editor, at, before, after, note) in enumerate(rows, start=1):
            try:
                review = Review(claim_id=claim_id, editor=editor, at=at, before=before,
                                after=after, note=note)
            except ValueError as exc:
                raise RunFileError(f"{self.path}: review row {seq} is invalid ({exc}).",
                                   hint="The store was edited by hand; move it aside.") from exc
            trails.setdefault(claim_id, []).append(review)
        return trails

    def add(
        self,
        run: RunFile,
        claim_id: str,
        label: Label,
        *,
        note: str,
        editor: str,
        clock: Callable[[], str] = _utc_now,
    ) -> Review:
        """Record an editor's verdict for ``claim_id`` of ``run`` and return the new row.

        ``before`` is the claim's current label (the latest review, else the machine verdict).
        Raises ``InputError`` (V007) for a claim id the run does not hold, an empty editor name
        or an empty note.
        """
        machine = {v.claim_id: v.label for v in run.verdicts}
        if claim_id not in machine:
            shown = ", ".join(list(machine)[:5]) + (", ..." if len(machine) > 5 else "")
            raise InputError(
                f"claim id {claim_id!r} is not in {run.path or 'this run'} "
                f"(it holds {len(machine)} claims: {shown or 'none'}).",
                hint=f"List the ids with: verifier review {run.path or 'RUN.jsonl'} --list",
                code="V007",
            )
        if not editor.strip():
            raise InputError("the editor name is empty.", hint="Pass --editor NAME.", code="V007")
        if not note.strip():
            raise InputError("the note is empty.",
                             hint='Say why with --note "...": it goes into the audit trail.',
                             code="V007")
        conn = self._connect(create=True)
        try:
            # One immediate transaction: two editors signing off at once cannot both read the
            # same "before" label.
            conn.isolation_level = None
            conn.execute("BEGIN IMMEDIATE")
            row = conn.execute("SELECT after FROM reviews WHERE claim_id = ? ORDER BY seq DESC "
                               "LIMIT 1", (claim_id,)).fetchone()
            before = Label(row[0]) if row else machine[claim_id]
            review = Review(claim_id=claim_id, editor=editor.strip(), at=clock(), before=before,
                            after=label, note=note.strip())
            conn.execute(
                "INSERT INTO reviews (claim_id, editor, at, before, after, note) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (review.claim_id, review.editor, review.at, review.before.value,
                 review.after.value, review.note),
            )
            conn.execute("COMMIT")
        except (sqlite3.DatabaseError, ValueError) as exc:  # ValueError: a hand-edited label
            raise RunFileError(f"{self.path}: cannot write the review ({exc}).",
                               hint="Check the folder is writable and no other program holds it.") from exc
        finally:
            conn.close()
        return review
