"""The desk: what ``verifier serve`` does, without the web. It keeps the runs folder, verifies one
article at a time in a background thread with models loaded once, and signs verdicts off.

The worker calls the library exactly as ``verifier check ARTICLE --run RUN.jsonl`` does
(``extract_claims``, ``session.run_record``, ``RunWriter``, ``engines.local.run_local``), so an
article sent to the desk gets the verdicts the command line gives it (its first few claims go
through on their own, so that the first verdicts show at once: ``FIRST_CLAIMS``). Sign-offs go through
``ReviewStore.add``, the function ``verifier review`` calls, and are audited the same way.

A run the server was stopped in the middle of is taken up again at the next start: its
verdicts so far stay, and the claims without one are checked (``RunWriter(resume=True)``).

Example::

    desk = Desk(verifier, config, "runs/")
    desk.start()
    run_id = desk.submit("date 2022-04-26 The UN chief met ...", date="2022-04-26")
    view = desk.view(run_id)          # status, verdicts so far, reviews
    desk.add_review(run_id, view.run.verdicts[0].claim_id, Label.SUPPORTED, note="ok", editor="ana")
    desk.close()
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass, field

from verifier.config import Config
from verifier.errors import InputError, RunFileError, VerifierError
from verifier.report.reviews import Review, Trails
from verifier.report.runfile import RunFile
from verifier.serve.store import RunMeta, RunStore, check_run_id, new_run_id, utc_now
from verifier.types import Label, RunRecord, Verdict

log = logging.getLogger(__name__)

# How long close() waits for the verdict in progress (one batch of the pipeline: ~16 claims).
CLOSE_WAIT_S = 10.0
# The first claims of a run go through the pipeline on their own, so that the page shows
# verdicts at once: Verifier.verify yields a batch (16 claims) only after checking the next one,
# so the worked article's first verdict came after 3.2-4.4 s of its 5.9-7.0 s; with its first
# 4 claims alone, after 0.42-0.47 s, total 5.2-5.4 s, verdicts identical (2 cores, load 9).
FIRST_CLAIMS = 4


class RunNotFound(InputError):
    """No run with this id in the runs folder (V001)."""

    code = "V001"


class ClaimNotFound(InputError):
    """The run holds no verdict for this claim id (yet) (V007)."""

    code = "V007"


@dataclass
class _Live:
    """The run being verified: its record and the verdicts so far, shared with readers."""

    record: RunRecord
    total: int
    verdicts: list[Verdict] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


@dataclass(frozen=True)
class RunView:
    """One run as the pages and the API show it, read at one moment."""

    id: str
    status: str  # queued | running | done | failed
    meta: RunMeta | None  # None: a run file made outside the desk
    run: RunFile | None  # the record and the verdicts so far; None before the run file exists
    trails: Trails
    total: int | None  # claims in the run, once known

    @property
    def verdicts(self) -> tuple[Verdict, ...]:
        return self.run.verdicts if self.run is not None else ()

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    @property
    def title(self) -> str:
        if self.meta is not None and (self.meta.title or self.meta.filename):
            return self.meta.title or self.meta.filename
        if self.run is not None:
            return self.run.record.article_path or self.run.record.input or self.id
        return self.id

    @property
    def error(self) -> str:
        return self.meta.error if self.meta is not None else ""


class Desk:
    """Runs folder + one worker thread + the loaded verifier (see the module docstring).

    ``verifier`` is a ready ``verifier.pipeline.Verifier`` (``session.make_verifier``), used by
    the worker thread only; ``config`` is the resolved config it was built with (recorded in
    every run); ``editor`` signs off reviews that name no editor.
    """

    def __init__(self, verifier, config: Config, runs_dir, *, editor: str = ""):
        self.verifier = verifier
        self.config = config
        self.store = RunStore(runs_dir)
        self.editor = editor
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._live: dict[str, _Live] = {}
        self._live_lock = threading.Lock()
        self._stop = threading.Event()
        self._streams_closed = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def info(self) -> dict:
        """What the desk checks against: index, models, runs folder (the desk and /api/health)."""
        index = getattr(self.verifier, "index", None)
        manifest = index.manifest if index is not None else {}
        counts = manifest.get("counts", {})
        return {"index": str(getattr(index, "path", "")), "fingerprint": manifest.get("fingerprint", ""),
                "documents": counts.get("documents", 0), "passages": counts.get("passages", 0),
                "runs": str(self.store.folder),
                "models": [getattr(self.verifier.embedder, "name", ""),
                           getattr(self.verifier.stance, "name", "")]}

    # ------------------------------------------------------------------ life

    def start(self) -> list[str]:
        """Start the worker and queue again every run a previous server left unfinished
        (oldest first); returns their ids."""
        unfinished = []
        for run_id in reversed(self.store.ids()):
            try:
                meta = self.store.meta(run_id)
            except RunFileError as exc:
                log.warning("skipping run %s: %s", run_id, exc)
                continue
            if meta is not None and meta.status in ("queued", "running"):
                if meta.status == "running":
                    self.store.save_meta(meta.model_copy(update={"status": "queued"}))
                unfinished.append(run_id)
        self._thread = threading.Thread(target=self._work, name="verifier-serve-worker", daemon=True)
        self._thread.start()
        for run_id in unfinished:
            self._queue.put(run_id)
        return unfinished

    def close(self) -> None:
        """Stop after the verdict in progress. A run cut short stays 'running' on disk and is
        taken up again by the next ``start``."""
        self._stop.set()
        self._streams_closed.set()
        self._queue.put(None)
        if self._thread is not None:
            self._thread.join(CLOSE_WAIT_S)

    def close_streams(self) -> None:
        """Tell open event streams to end (the server is stopping); the worker goes on."""
        self._streams_closed.set()

    @property
    def closing(self) -> bool:
        return self._streams_closed.is_set() or self._stop.is_set()

    # ------------------------------------------------------------------ runs

    def submit(self, text: str, *, date: str | None = None, title: str = "", url: str = "",
               filename: str = "") -> str:
        """Queue an article; returns the new run's id. Checks what can be checked at once
        (empty text, date format) and writes nothing when a check fails."""
        if not text.strip():
            raise InputError("the article text is empty.", code="V005",
                             hint="Paste the article or upload a text, Markdown, HTML, Word or PDF file.")
        if date:
            from verifier.claims.dates import to_date

            if len(date) != 10:
                raise InputError(f"date {date!r} is not an ISO date (YYYY-MM-DD).", code="V007")
            date = to_date(date).isoformat()
        while True:
            run_id = new_run_id()
            if not self.store.exists(run_id):
                break
        self.store.create(RunMeta(id=run_id, status="queued", text=text, date=date or None,
                                  title=title.strip(), url=url.strip(), filename=filename,
                                  created=utc_now()))
        self._queue.put(run_id)
        return run_id

    def view(self, run_id: str) -> RunView:
        """The run now: ``RunNotFound`` when there is none, ``InputError`` (V009) for an id
        that is no run id."""
        check_run_id(run_id)
        meta = self.store.meta(run_id)
        with self._live_lock:
            live = self._live.get(run_id)
        if live is not None:
            with live.lock:
                verdicts = tuple(live.verdicts)
            run = RunFile(record=live.record, verdicts=verdicts,
                          path=str(self.store.run_path(run_id)))
            return RunView(run_id, "running", meta, run, self.store.reviews(run_id).trails(),
                           live.total)
        if meta is None and not self.store.run_path(run_id).exists():
            raise RunNotFound(f"no run {run_id!r} in {self.store.folder}.",
                              hint="GET /api/runs lists the runs.")
        status = meta.status if meta is not None else "done"
        # A queued run resumed after a restart has a run file cut at any line: read it only
        # when no writer can be appending to it.
        run = self.store.read(run_id) if status in ("done", "failed") or meta is None else None
        if run is None and status == "queued" and self.store.run_path(run_id).exists():
            run = self.store.read(run_id)
        total = meta.claims if meta is not None and meta.claims is not None else (
            len(run.verdicts) if run is not None and status == "done" else None)
        return RunView(run_id, status, meta, run, self.store.reviews(run_id).trails(), total)

    def runs(self) -> list[RunView]:
        """Every run, newest first; a run whose files cannot be read is skipped with a warning."""
        out = []
        for run_id in self.store.ids():
            try:
                out.append(self.view(run_id))
            except VerifierError as exc:
                log.warning("skipping run %s: %s", run_id, exc)
        return out

    def add_review(self, run_id: str, claim_id: str, label: Label, *, note: str,
                   editor: str | None = None) -> Review:
        """Sign off one verdict, as ``verifier review RUN --claim ID --set LABEL --note``."""
        view = self.view(run_id)
        if view.run is None or claim_id not in {v.claim_id for v in view.run.verdicts}:
            state = "" if view.finished else " yet (the run is still going)"
            raise ClaimNotFound(f"run {run_id!r} has no verdict for claim {claim_id!r}{state}.",
                                hint=f"GET /api/runs/{run_id} lists its claim ids.")
        who = (editor if editor is not None else "").strip() or self.editor
        return self.store.reviews(run_id).add(view.run, claim_id, label, note=note, editor=who)

    # ------------------------------------------------------------------ the worker

    def _work(self) -> None:
        while not self._stop.is_set():
            run_id = self._queue.get()
            if run_id is None:
                break
            try:
                self._verify(run_id)
            except Exception as exc:  # noqa: BLE001 - the worker outlives any one run's failure
                log.exception("run %s failed", run_id)
                self._finish(run_id, "failed", f"internal error: {type(exc).__name__}: {exc}")

    def _finish(self, run_id: str, status: str, error: str = "", claims: int | None = None) -> None:
        meta = self.store.meta(run_id)
        if meta is not None:
            update = {"status": status, "error": error, "finished": utc_now()}
            if claims is not None:
                update["claims"] = claims
            self.store.save_meta(meta.model_copy(update=update))
        with self._live_lock:
            self._live.pop(run_id, None)

    def _stream(self, claims):
        """Verdicts in input order, the first ``FIRST_CLAIMS`` decided on their own."""
        from verifier.engines.local import run_local

        for part in (claims[:FIRST_CLAIMS], claims[FIRST_CLAIMS:]):
            if part:
                yield from run_local(part, lambda: self.verifier)

    def _verify(self, run_id: str) -> None:
        """One run, as `verifier check ARTICLE --date D --run RUN.jsonl` does it."""
        from verifier.claims import extract_claims
        from verifier.report.runfile import RunWriter
        from verifier.session import run_record

        meta = self.store.meta(run_id)
        if meta is None or meta.status not in ("queued", "running"):
            return
        path = self.store.run_path(run_id)
        resume = path.exists()
        self.store.save_meta(meta.model_copy(update={"status": "running"}))
        try:
            extraction = extract_claims(meta.text, date=meta.date, path=meta.filename)
            claims = list(extraction.claims)
            if not claims:
                raise InputError("no checkable claims found in the article.", code="V005",
                                 hint="Run `verifier extract --explain` on it to see why each "
                                      "sentence was dropped.")
            record = run_record(self.verifier, self.config, meta.title or meta.filename or "desk",
                                meta.text, meta.filename)
            writer = RunWriter(path, record, resume=resume)
        except VerifierError as exc:
            self._finish(run_id, "failed", str(exc))
            return
        live = _Live(record=record, total=len(claims))
        if resume:  # the verdicts written before the stop, read back in input order
            done = self.store.read(run_id)
            live = _Live(record=done.record, total=len(claims), verdicts=list(done.verdicts))
        self.store.save_meta(meta.model_copy(update={"status": "running", "claims": len(claims)}))
        with self._live_lock:
            self._live[run_id] = live
        todo = [c for c in claims if c.id not in writer.completed]
        stopped = False
        try:
            with writer:
                for verdict in self._stream(todo):
                    writer.write(verdict)
                    with live.lock:
                        live.verdicts.append(verdict)
                    if self._stop.is_set():
                        stopped = True
                        break
        except VerifierError as exc:
            self._finish(run_id, "failed", str(exc), len(claims))
            return
        if stopped:  # left 'running' on disk: the next start resumes it
            with self._live_lock:
                self._live.pop(run_id, None)
            return
        self._finish(run_id, "done", claims=len(claims))
