"""Run files: the saved output of ``verifier check --format jsonl``, read back for reports.

A run file is JSON Lines. The first line is ``{"run": <RunRecord>}``; every further line is one
``Verdict``, in input order. ``RunWriter`` writes one line per verdict and flushes it, so a run
that crashes keeps every verdict finished before the crash; a resumed run skips the claim ids
already written (``completed_ids``). A crash can leave a last line cut short (no trailing
newline, not valid JSON): readers drop it with a warning and the writer truncates it away before
appending, so a verdict is never half-kept or written twice.

Example::

    with RunWriter(path, record) as out:          # new file (replaces an old one)
        for verdict in verifier.verify(claims):
            out.write(verdict)

    with RunWriter(path, record, resume=True) as out:   # after a crash
        todo = [c for c in claims if c.id not in out.completed]
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ConfigDict, ValidationError

from verifier.errors import RunFileError
from verifier.types import RunRecord, Verdict

log = logging.getLogger(__name__)

_REMAKE = "Re-create it with `verifier check ... --format jsonl -o RUN.jsonl`."


class RunFile(BaseModel):
    """A run read back: the record that produced it, its verdicts in input order, and any
    warnings met while reading (for example a cut-short last line that was dropped)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    record: RunRecord
    verdicts: tuple[Verdict, ...] = ()
    warnings: tuple[str, ...] = ()
    path: str = ""


@dataclass
class _Scan:
    """What a pass over a run file found; ``good_bytes`` is the length of its complete lines."""

    record: RunRecord
    good_bytes: int
    ids: set[str] = field(default_factory=set)
    dropped_tail: str = ""  # warning text when a cut-short last line was found
    ends_with_newline: bool = True


def _validation_message(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(x) for x in err["loc"]) or "line"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {err['msg']}{more}"


def _parse_record(path: Path, raw: bytes) -> RunRecord:
    try:
        obj = json.loads(raw)
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        detail = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
        raise RunFileError(f"{path}:1: the first line is not JSON ({detail}).", hint=_REMAKE) from exc
    if not isinstance(obj, dict) or set(obj) != {"run"}:
        raise RunFileError(
            f'{path}:1: the first line must be {{"run": {{...}}}} (the run record); this is not a run file.',
            hint=_REMAKE,
        )
    try:
        return RunRecord.model_validate(obj["run"])
    except ValidationError as exc:
        raise RunFileError(f"{path}:1: bad run record: {_validation_message(exc)}.", hint=_REMAKE) from exc


def _parse_verdict(path: Path, lineno: int, raw: bytes) -> Verdict:
    try:
        return Verdict.model_validate_json(raw)
    except ValidationError as exc:
        raise RunFileError(
            f"{path}:{lineno}: not a verdict: {_validation_message(exc)}.",
            hint="Fix or delete that line (each line after the first is one verdict). " + _REMAKE,
        ) from exc


def _iter_file(path: Path, on_verdict: Callable[[Verdict], None]) -> _Scan:
    """Read ``path`` line by line, calling ``on_verdict(verdict)`` for each good verdict line.

    A last line without a newline that does not parse is a crash leftover: it is dropped with a
    warning. A bad line anywhere else is an error naming ``path:line``.
    """
    try:
        fh = path.open("rb")
    except FileNotFoundError as exc:
        raise RunFileError(f"{path}: no such run file.",
                           hint="Write one with `verifier check ... --format jsonl -o RUN.jsonl`.",
                           code="V001") from exc
    except OSError as exc:
        raise RunFileError(f"{path}: cannot read the run file ({exc.strerror}).", code="V001") from exc
    scan: _Scan | None = None
    offset = 0
    with fh:
        for lineno, line in enumerate(fh, start=1):
            complete = line.endswith(b"\n")
            raw = line.rstrip(b"\r\n")
            if scan is None:
                scan = _Scan(record=_parse_record(path, raw), good_bytes=0)
            elif not raw.strip():
                if not complete:  # trailing blanks after a crash: nothing to keep
                    break
                raise RunFileError(f"{path}:{lineno}: empty line.",
                                   hint="Delete it; each line after the first is one verdict.")
            else:
                try:
                    verdict = _parse_verdict(path, lineno, raw)
                except RunFileError:
                    if complete:
                        raise
                    scan.dropped_tail = (
                        f"{path}:{lineno}: the last line is cut short (did a run crash while "
                        "writing it?); it was dropped, and a resumed run checks that claim again."
                    )
                    log.warning(scan.dropped_tail)
                    break
                if verdict.claim_id in scan.ids:
                    raise RunFileError(
                        f"{path}:{lineno}: claim id {verdict.claim_id!r} appears twice.",
                        hint="Delete one of the two lines; a run holds one verdict per claim.",
                    )
                scan.ids.add(verdict.claim_id)
                on_verdict(verdict)
            offset += len(line)
            scan.good_bytes = offset
            scan.ends_with_newline = complete
    if scan is None:
        raise RunFileError(f"{path}: the run file is empty (it has no run record).", hint=_REMAKE)
    return scan


def read_run(path: str | Path) -> RunFile:
    """Read a whole run file, checking every line.

    Raises ``RunFileError`` (V015) naming ``path:line`` for a line that is not JSON, not a
    verdict, or repeats a claim id; V001 when the file is missing. A cut-short last line (a
    crash) is dropped and reported in ``RunFile.warnings``.
    """
    path = Path(path)
    verdicts: list[Verdict] = []
    scan = _iter_file(path, verdicts.append)
    warnings = (scan.dropped_tail,) if scan.dropped_tail else ()
    return RunFile(record=scan.record, verdicts=tuple(verdicts), warnings=warnings, path=str(path))


def completed_ids(path: str | Path) -> set[str]:
    """The claim ids a run file already holds a verdict for (empty when the file is missing),
    so that a resumed run skips them."""
    path = Path(path)
    if not path.exists():
        return set()
    return _iter_file(path, lambda _verdict: None).ids


class RunWriter:
    """Streams a run file: the record line first, then one flushed line per verdict.

    ``resume=True`` keeps an existing file (its own run record stays), drops a cut-short last
    line left by a crash, and exposes the ids already written as ``.completed``; writing one of
    them again is an error, so a verdict is never duplicated. Resuming with another index or
    other models than the file was made with is an error too: the verdicts would not be
    comparable.
    """

    def __init__(self, path: str | Path, record: RunRecord, *, resume: bool = False):
        self.path = Path(path)
        self.record = record
        self.completed: set[str] = set()
        self.warnings: list[str] = []
        if resume and self.path.exists() and not _header_complete(self.path):
            self.warnings.append(f"{self.path}: the run record line is cut short (a crash right "
                                 "after the run started?); starting the run again.")
            log.warning(self.warnings[-1])
            self._fh = self._open_new()
        elif resume and self.path.exists():
            scan = _iter_file(self.path, lambda _verdict: None)
            _check_same_setup(self.path, scan.record, record)
            self.completed = set(scan.ids)
            if scan.dropped_tail:
                self.warnings.append(scan.dropped_tail)
            self._fh = self._open_append(scan)
        else:
            self._fh = self._open_new()

    def _open_new(self) -> IO[str]:
        try:
            fh = self.path.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise RunFileError(f"{self.path}: cannot write the run file ({exc.strerror}).",
                               code="V001") from exc
        fh.write(json.dumps({"run": self.record.model_dump(mode="json")}, ensure_ascii=False) + "\n")
        fh.flush()
        return fh

    def _open_append(self, scan: _Scan) -> IO[str]:
        try:
            with self.path.open("r+b") as raw:
                raw.truncate(scan.good_bytes)
                if not scan.ends_with_newline:
                    raw.seek(0, os.SEEK_END)
                    raw.write(b"\n")
            return self.path.open("a", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise RunFileError(f"{self.path}: cannot append to the run file ({exc.strerror}).",
                               code="V001") from exc

    def write(self, verdict: Verdict) -> None:
        """Append one verdict line and flush it (a crash later keeps it)."""
        if verdict.claim_id in self.completed:
            raise RunFileError(
                f"{self.path}: claim id {verdict.claim_id!r} already has a verdict in this run.",
                hint="Skip the ids in RunWriter.completed when resuming.",
            )
        self._fh.write(verdict.model_dump_json() + "\n")
        self._fh.flush()
        self.completed.add(verdict.claim_id)

    def close(self) -> None:
        self._fh.close()

    def __enter__(self) -> RunWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _header_complete(path: Path) -> bool:
    """Whether the first line (the run record) was written in full."""
    try:
        with path.open("rb") as fh:
            return fh.readline().endswith(b"\n")
    except OSError as exc:
        raise RunFileError(f"{path}: cannot read the run file ({exc.strerror}).", code="V001") from exc


def _check_same_setup(path: Path, old: RunRecord, new: RunRecord) -> None:
    """Refuse to resume a run made with another index or other models."""
    old_fp, new_fp = old.index.get("fingerprint"), new.index.get("fingerprint")
    if old_fp != new_fp:
        raise RunFileError(
            f"{path}: this run was made with index {old_fp!r}; resuming would use {new_fp!r}.",
            hint="Write to a new run file, or resume with the index the run started with.",
        )
    old_models = [(m.name, m.sha256) for m in old.models]
    new_models = [(m.name, m.sha256) for m in new.models]
    if old_models != new_models:
        raise RunFileError(
            f"{path}: this run was made with models {old_models}; resuming would use {new_models}.",
            hint="Write to a new run file, or resume with the models the run started with.",
        )
