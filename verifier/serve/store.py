"""The runs folder of ``verifier serve``: one run file per run, in the format ``verifier report``
reads, plus two sidecars.

For a run with id ``ID`` the folder holds:

- ``ID.jsonl`` - the run file (``verifier.report.runfile``): the run record, then one verdict a
  line, written as the verdicts are decided. ``verifier report runs/ID.jsonl`` renders it.
- ``ID.jsonl.reviews.sqlite`` - the editor sign-offs (``verifier.report.reviews``), the same
  store ``verifier review runs/ID.jsonl`` writes.
- ``ID.jsonl.desk.json`` - what the desk was given (text, date, title, URL, file name) and where
  the run stands (queued, running, done, failed). A run file copied into the folder without one
  (made by ``verifier check --run``) is listed as done.

Run ids are letters, digits, ``-`` and ``_`` (``RUN_ID``), checked before any path is built, so
no id reaches outside the folder. Sidecars are replaced whole (write, then rename): a crash
leaves the old one or the new one, never half of either.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections import OrderedDict
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from verifier.errors import InputError, RunFileError
from verifier.report.reviews import ReviewStore
from verifier.report.runfile import RunFile, read_run

RUN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$")
RUN_SUFFIX = ".jsonl"
META_SUFFIX = ".jsonl.desk.json"
META_VERSION = 1
# Finished runs kept parsed in memory (a 43-claim run with its evidence is ~0.5 MB parsed); the
# desk's list and the run pages re-read a run only when its file changed.
CACHE_RUNS = 8

Status = Literal["queued", "running", "done", "failed"]


class RunMeta(BaseModel):
    """The desk's sidecar of one run: its input and its state."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = META_VERSION
    id: str
    status: Status
    text: str  # the article as checked (HTML uploads: their text)
    date: str | None = None  # anchor date YYYY-MM-DD; None: the article's own date line
    title: str = ""
    url: str = ""
    filename: str = ""  # an uploaded file's name: names the claim ids, as `verifier check FILE`
    created: str
    finished: str = ""
    error: str = ""  # one-line coded message of a failed run
    claims: int | None = None  # claims extracted, once known


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def check_run_id(run_id: str) -> str:
    """``run_id`` when it is a valid run id, else ``InputError`` (V009) saying what one is."""
    if not RUN_ID.match(run_id):
        shown = run_id[:60] + ("…" if len(run_id) > 60 else "")
        raise InputError(f"{shown!r} is not a run id.", code="V009",
                         hint="A run id is 1-100 letters, digits, '-' or '_', starting with a "
                              "letter or digit (the desk's list and POST /api/runs give them).")
    return run_id


def new_run_id() -> str:
    """Sortable by creation time, unguessable enough not to collide: 20220426-101500-a1b2c3."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S") + "-" + secrets.token_hex(3)


class RunStore:
    """Paths, sidecars and cached reads of the runs folder (thread-safe)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise RunFileError(f"{self.folder}: cannot create the runs folder ({exc.strerror}).",
                               hint="Pass --runs DIR with a writable folder.", code="V001") from exc
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, tuple[tuple[int, int], RunFile]] = OrderedDict()

    # ------------------------------------------------------------------ paths

    def run_path(self, run_id: str) -> Path:
        return self.folder / (check_run_id(run_id) + RUN_SUFFIX)

    def meta_path(self, run_id: str) -> Path:
        return self.folder / (check_run_id(run_id) + META_SUFFIX)

    def reviews(self, run_id: str) -> ReviewStore:
        return ReviewStore.for_run(self.run_path(run_id))

    def exists(self, run_id: str) -> bool:
        return self.meta_path(run_id).exists() or self.run_path(run_id).exists()

    def ids(self) -> list[str]:
        """Every run in the folder, newest first (ids of desk runs sort by creation time; a
        copied-in run file sorts by its modification time among them)."""
        found: dict[str, float] = {}
        for path in self.folder.iterdir():
            name = path.name
            if name.endswith(META_SUFFIX):
                run_id = name[: -len(META_SUFFIX)]
            elif name.endswith(RUN_SUFFIX):
                run_id = name[: -len(RUN_SUFFIX)]
            else:
                continue
            if RUN_ID.match(run_id) and run_id not in found:
                try:
                    found[run_id] = path.stat().st_mtime
                except OSError:
                    continue  # removed meanwhile
        return sorted(found, key=lambda i: (found[i], i), reverse=True)

    # ------------------------------------------------------------------ sidecars

    def create(self, meta: RunMeta) -> None:
        """Write a new run's sidecar; refuses an id in use (the caller picks a fresh one)."""
        path = self.meta_path(meta.id)
        if path.exists() or self.run_path(meta.id).exists():
            raise RunFileError(f"{path}: run {meta.id!r} exists already.", hint="Pick another id.")
        self.save_meta(meta)

    def save_meta(self, meta: RunMeta) -> None:
        path = self.meta_path(meta.id)
        tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        try:
            tmp.write_text(meta.model_dump_json(), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise RunFileError(f"{path}: cannot write the run's state ({exc.strerror}).",
                               hint="Check that the runs folder is writable.", code="V001") from exc

    def meta(self, run_id: str) -> RunMeta | None:
        """The run's sidecar, or None for a run file without one (or no such run)."""
        path = self.meta_path(run_id)
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise RunFileError(f"{path}: cannot read the run's state ({exc}).",
                               hint="Move the file aside; the run file itself is untouched.") from exc
        try:
            return RunMeta.model_validate(json.loads(raw))
        except (ValueError, ValidationError) as exc:
            raise RunFileError(f"{path}: not a desk sidecar ({str(exc).splitlines()[0]}).",
                               hint="Move the file aside; the run file itself is untouched.") from exc

    # ------------------------------------------------------------------ run files

    def read(self, run_id: str) -> RunFile | None:
        """The run file as it is on disk (cached until it changes), or None when there is none
        yet. A bad run file is a ``RunFileError`` naming ``path:line``."""
        path = self.run_path(run_id)
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        key = (st.st_mtime_ns, st.st_size)
        with self._lock:
            hit = self._cache.get(run_id)
            if hit is not None and hit[0] == key:
                self._cache.move_to_end(run_id)
                return hit[1]
        run = read_run(path)
        with self._lock:
            self._cache[run_id] = (key, run)
            self._cache.move_to_end(run_id)
            while len(self._cache) > CACHE_RUNS:
                self._cache.popitem(last=False)
        return run
