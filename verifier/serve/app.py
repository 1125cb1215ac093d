"""The web layer of ``verifier serve`` (the only module that imports FastAPI): the editor's desk,
a run's live page, exports, and the JSON API, over one ``Desk``.

Routes (the API is documented at ``/docs``, served from local files, and ``/openapi.json``):

- ``GET /`` the desk; ``POST /runs`` (form) submits an article and redirects to its page;
- ``GET /runs/{id}`` a run's page; ``GET /runs/{id}/events`` its verdicts as Server-Sent Events;
  ``POST /runs/{id}/reviews`` (form) signs off one claim; ``GET /runs/{id}/export/{fmt}``;
- ``POST /api/runs`` (JSON), ``POST /api/runs/upload`` (a file: text, Markdown, HTML, Word,
  PDF), ``GET /api/runs``, ``GET /api/runs/{id}``, ``POST /api/runs/{id}/reviews``,
  ``GET /api/health``.

Safety (``Guard``): with a token every request but the sign-in page and static files needs it
(``Authorization: Bearer`` or the cookie the sign-in form sets); served on loopback only, a
request must name a loopback host (no DNS rebinding); a POST from another origin is refused; a
body over the size limit gets 413 before it is read whole; every response carries a
Content-Security-Policy that allows no inline script and no other origin.

Errors: the API answers ``{"error": {"code", "message", "problems": [{"field", "message"}]}}``
with a 4xx status naming what is wrong; nothing is written for a refused request.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass
from datetime import date as Date
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, unquote, urlsplit

from fastapi import FastAPI, File, Form, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import StreamingResponse

from verifier import __version__
from verifier.errors import InputError, VerifierError
from verifier.report.reviews import Review
from verifier.serve import pages
from verifier.serve.desk import ClaimNotFound, Desk, RunNotFound, RunView
from verifier.types import Label

log = logging.getLogger(__name__)

SESSION_COOKIE = "verifier_session"
EDITOR_COOKIE = "verifier_editor"
EVENTS_POLL_S = 0.2  # how often a run page's stream looks for new verdicts
EVENTS_PING_S = 15.0  # a comment line keeps idle proxies from closing the stream
EXPORT_TYPES = {"html": "text/html; charset=utf-8", "md": "text/markdown; charset=utf-8",
                "json": "application/json", "jsonl": "application/x-ndjson",
                "claimreview": "application/ld+json"}
EXPORT_NAMES = {"html": "report.html", "md": "report.md", "json": "report.json",
                "jsonl": "run.jsonl", "claimreview": "claimreview.json"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")
_DOCS_STATIC = "/static-docs"
DRAIN_FACTOR = 8  # a refused body is read up to 8x the limit before the 413, then cut off

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# An exported report keeps its own meta policy (inline style, its one script by hash); the
# header adds a sandbox, so the page cannot act on the desk with the editor's cookie.
EXPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
              "img-src data:; base-uri 'none'; form-action 'none'; sandbox allow-scripts")


@dataclass(frozen=True)
class ServeSettings:
    """How the server guards itself; defaults in one place (the CLI passes its flags here)."""

    token: str | None = None  # required on every request when set
    loopback_only: bool = True  # bound to a loopback address: only loopback Host headers
    # A long news article is 10-50 KB of text; 2 MiB leaves room for an HTML upload with markup.
    max_body_bytes: int = 2 * 1024 * 1024


# --------------------------------------------------------------------------- API models


class RunIn(BaseModel):
    """An article to check."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"text": "date 2022-04-26 UN Secretary-General Antonio Guterres is to meet Russian "
                 "President Vladimir Putin in Moscow on Tuesday.", "date": "2022-04-26",
         "title": "Guterres to meet Putin", "url": "https://example.org/story"}]})

    text: str = Field(description="The article text (plain text or Markdown).")
    date: str | None = Field(None, description="Its date, YYYY-MM-DD: anchors 'on Tuesday'. "
                             "Default: the article's own date line.")
    title: str = Field("", max_length=500, description="Shown on the desk; the ClaimReview headline.")
    url: str = Field("", max_length=2000, description="Where it is published (http or https).")
    filename: str = Field("", max_length=200, description="Names the claim ids as "
                          "`verifier check FILE` would (its stem); default 'article'.")

    @field_validator("text")
    @classmethod
    def _text(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("the article text is empty")
        return v

    @field_validator("date")
    @classmethod
    def _date(cls, v: str | None) -> str | None:
        if v is None or v == "":
            return None
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
            raise ValueError(f"{v!r} is not a date YYYY-MM-DD")
        try:
            Date.fromisoformat(v)
        except ValueError as exc:
            raise ValueError(f"{v!r} is not a real date ({exc})") from exc
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        v = v.strip()
        if v and not _SAFE_URL.match(v):
            raise ValueError("give an http:// or https:// address, or leave it out")
        return v

    @field_validator("filename")
    @classmethod
    def _filename(cls, v: str) -> str:
        if "/" in v or "\\" in v or v in (".", ".."):
            raise ValueError("a file name without folders, e.g. story.txt")
        return v


class RunCreated(BaseModel):
    id: str
    status: Literal["running"]
    url: str = Field(description="This run in the API.")
    page: str = Field(description="This run's page on the desk.")


class ReviewIn(BaseModel):
    """An editor's sign-off of one verdict (as `verifier review RUN --claim ID --set LABEL --note`)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"claim_id": "article-s002-a", "label": "contradicted",
         "note": "The mission's site names him first deputy, not ambassador."}]})

    claim_id: str = Field(min_length=1, max_length=300)
    label: Label
    note: str = Field(max_length=2000, description="Why; kept in the audit trail. Required.")
    editor: str | None = Field(None, max_length=100, description="Who signs off; default: the "
                               "server's --editor (or the desk's signing-off name).")

    @field_validator("note")
    @classmethod
    def _note(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("say why in the note: it goes into the audit trail")
        return v


class ReviewOut(BaseModel):
    claim_id: str
    label: Label = Field(description="The claim's label after this sign-off.")
    before: Label
    after: Label
    machine_label: Label
    note: str
    editor: str
    at: str = Field(description="UTC, ISO 8601.")


class RunOut(BaseModel):
    id: str
    status: Literal["running", "done", "failed"]
    stage: Literal["queued", "running", "done", "failed"]
    title: str
    url: str
    date: str | None
    created: str
    error: str
    claims: int | None = Field(description="Claims in the article, once read.")
    counts: dict[str, Any]
    verdicts: list[dict[str, Any]] = Field(description="Each as `verifier check --format jsonl` "
                                           "writes it, plus `review` once an editor signed it off.")


class ErrorOut(BaseModel):
    error: dict[str, Any]


_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorOut} for code in (400, 401, 403, 404, 409, 413, 422)}


# --------------------------------------------------------------------------- helpers


def _error_body(code: str, message: str, problems: list[dict[str, str]] | None = None) -> dict:
    return {"error": {"code": code, "message": message, "problems": problems or []}}


def _plain(exc: VerifierError) -> str:
    """The message and its hint, without the code (the JSON carries that apart)."""
    return f"{exc.message} {exc.hint}".strip()


def _status_for(exc: VerifierError) -> int:
    if isinstance(exc, (RunNotFound, ClaimNotFound)):
        return 404
    if isinstance(exc, InputError):
        return 400 if exc.code == "V009" else 422
    return 500


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json" or (
        "application/json" in request.headers.get("accept", "")
        and "text/html" not in request.headers.get("accept", ""))


def _session_value(token: str) -> str:
    return hmac.new(token.encode(), b"verifier-serve-session", hashlib.sha256).hexdigest()


def _editor(request: Request, desk: Desk) -> str:
    raw = request.cookies.get(EDITOR_COOKIE)
    name = unquote(raw).strip()[:100] if raw else ""
    return name or desk.editor


def _local_next(url: str) -> str:
    """A redirect target only on this server (no ``//host`` or scheme)."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


def review_json(review: Review, machine: Label) -> dict[str, Any]:
    return {"claim_id": review.claim_id, "label": review.after.value, "before": review.before.value,
            "after": review.after.value, "machine_label": machine.value, "note": review.note,
            "editor": review.editor, "at": review.at}


def run_json(view: RunView) -> dict[str, Any]:
    """``GET /api/runs/{id}``: the state and the verdicts, each with its editor review."""
    verdicts = []
    for v in view.verdicts:
        obj = v.model_dump(mode="json")
        trail = view.trails.get(v.claim_id)
        if trail:
            obj["review"] = {**review_json(trail[-1], v.label),
                             "trail": [r.model_dump(mode="json") for r in trail]}
        verdicts.append(obj)
    s = pages.summary(view)
    meta = view.meta
    return {"id": view.id, "status": "running" if view.status == "queued" else view.status,
            "stage": view.status, "title": view.title, "url": meta.url if meta else "",
            "date": meta.date if meta else None, "created": s["created"], "error": view.error,
            "claims": view.total,
            "counts": {"decided": s["done"], "final": s["final"], "reviewed": s["reviewed"],
                       "overridden": s["overridden"]},
            "verdicts": verdicts}


TEXT_SUFFIXES = ("", ".txt", ".md", ".markdown", ".text")


@dataclass(frozen=True)
class Upload:
    """An uploaded article: its text, and the title and date its file carries ("" for none)."""

    text: str
    title: str = ""
    date: str = ""


def read_upload(raw: bytes, filename: str, content_type: str) -> Upload:
    """The article in an uploaded file: UTF-8 text or Markdown as is; Word, PDF and HTML read
    by ``verifier.index.ingest.read_article``, as ``verifier check FILE`` reads them (its text,
    title and date from the document's properties), from a temporary copy deleted at once.
    A file it cannot read is the same coded ``InputError`` (V018 a corrupt Word file, ...),
    naming the uploaded file."""
    from verifier.index.ingest import ARTICLE_FORMATS

    name = filename or "the file"
    suffix = Path(filename).suffix.lower()
    if not suffix and content_type.startswith("text/html"):
        suffix = ".html"
    if suffix in ARTICLE_FORMATS:
        return _read_formatted(raw, name, suffix)
    if suffix not in TEXT_SUFFIXES:
        raise InputError(f"{name}: a {suffix} file is not an article the desk reads.", code="V003",
                         hint="Upload text (.txt), Markdown (.md), HTML (.html), Word (.docx) or PDF (.pdf).")
    try:
        return Upload(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start}).", code="V002",
                         hint="Save it as UTF-8, or paste the text.") from exc


def _read_formatted(raw: bytes, name: str, suffix: str) -> Upload:
    import tempfile

    from verifier.index.ingest import read_article

    with tempfile.TemporaryDirectory(prefix="verifier-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"  # the reader picks the format by the suffix
        path.write_bytes(raw)
        try:
            read = read_article(path)
        except InputError as exc:  # its message starts with the temporary path: name the upload
            message = exc.message.removeprefix(f"{path}: ")
            raise InputError(f"{name}: {message}", code=exc.code, hint=exc.hint) from exc
    for warning in read.warnings:
        log.warning("%s: %s", name, warning)
    return Upload(read.text, title=read.title, date=read.published)


# --------------------------------------------------------------------------- the guard


async def _drain(receive, budget: int) -> None:
    """Read and drop up to ``budget`` more bytes of a refused body (at most ``DRAIN_FACTOR``
    times the limit), so that a client that sends its whole body before reading the answer
    (Python's urllib, most libraries) gets the 413 rather than a broken pipe."""
    seen = 0
    while seen < budget:
        message = await receive()
        if message["type"] != "http.request":
            return
        seen += len(message.get("body", b""))
        if not message.get("more_body", False):
            return


def _replay(body: bytes, receive):
    """An ASGI ``receive`` that gives ``body`` once, then waits on the client (disconnects)."""
    sent = False

    async def replay():
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


class Guard:
    """ASGI middleware: token, host, origin and size checks, and security headers."""

    def __init__(self, app, settings: ServeSettings):
        self.app = app
        self.settings = settings
        self.session = _session_value(settings.token) if settings.token else ""

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        path = scope["path"]
        refusal = self._refuse(scope, headers, path)
        if refusal is not None:
            return await refusal(scope, receive, send)
        limit = self.settings.max_body_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await _drain(receive, min(int(length), DRAIN_FACTOR * limit))
            return await self._too_large(limit)(scope, receive, send)
        if scope["method"] in ("POST", "PUT", "PATCH"):
            # Read the body here, up to the limit: a chunked upload cannot run past it, and the
            # app never sees a request that will be refused half-way.
            chunks, seen, more = [], 0, True
            while more:
                message = await receive()
                if message["type"] != "http.request":
                    return  # the client went away
                chunks.append(message.get("body", b""))
                seen += len(chunks[-1])
                if seen > limit:
                    if more:
                        await _drain(receive, DRAIN_FACTOR * limit - seen)
                    return await self._too_large(limit)(scope, receive, send)
                more = message.get("more_body", False)
            receive = _replay(b"".join(chunks), receive)

        async def secured_send(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin"),
                         (b"x-frame-options", b"DENY"), (b"cross-origin-resource-policy", b"same-origin")]
                if b"content-security-policy" not in names:
                    extra.append((b"content-security-policy", PAGE_CSP.encode()))
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, secured_send)

    def _too_large(self, limit: int):
        return self._json(413, "V007", f"the request body is over {limit:,} bytes, the most this "
                          "server takes.", {"connection": "close"})

    def _refuse(self, scope, headers: dict[str, str], path: str):
        host = headers.get("host", "")
        if self.settings.loopback_only:
            hostname = urlsplit(f"//{host}").hostname or ""
            if hostname not in LOOPBACK_HOSTS:
                return self._json(400, "V009", f"host {host!r} is not this server's: it serves "
                                  "127.0.0.1 and localhost only.")
        if scope["method"] not in ("GET", "HEAD", "OPTIONS"):
            # Browsers name the page a request comes from; a page of another site may not post
            # here (with our Referrer-Policy same-origin, a form of ours sends its Origin; a
            # privacy setting that blanks it to "null" still says same-origin in Sec-Fetch-Site).
            origin = headers.get("origin")
            site = headers.get("sec-fetch-site", "")
            same = origin in (f"http://{host}", f"https://{host}") or (
                origin == "null" and site == "same-origin")
            if site == "cross-site" or (origin is not None and not same):
                return self._json(403, "V009", f"a request from {origin!r} may not change this "
                                  "desk (cross-site requests are refused).")
        if not self.settings.token or path == "/login" or path.startswith(("/static/", _DOCS_STATIC)):
            return None
        auth = headers.get("authorization", "")
        if auth.startswith("Bearer ") and hmac.compare_digest(auth[7:].strip().encode(),
                                                              self.settings.token.encode()):
            return None
        cookie = _cookie(headers.get("cookie", ""), SESSION_COOKIE)
        if cookie and hmac.compare_digest(cookie.encode(), self.session.encode()):
            return None
        if path.startswith("/api/") or path == "/openapi.json" or scope["method"] != "GET":
            return self._json(401, "V009", "this server needs its token: send "
                              "'Authorization: Bearer TOKEN' (or sign in at /login).",
                              {"www-authenticate": "Bearer"})
        target = path + (("?" + scope["query_string"].decode("latin-1")) if scope["query_string"] else "")
        return RedirectResponse("/login?next=" + quote(target, safe=""), status_code=303)

    @staticmethod
    def _json(status: int, code: str, message: str, headers: dict[str, str] | None = None):
        return JSONResponse(_error_body(code, message), status_code=status, headers=headers)


def _cookie(header: str, name: str) -> str:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return ""


# --------------------------------------------------------------------------- the app


def create_app(desk: Desk, settings: ServeSettings | None = None) -> Guard:
    """The ASGI app over ``desk`` (started and closed by the caller): FastAPI inside ``Guard``
    (``.app`` is the FastAPI app, for its OpenAPI schema)."""
    import fastapi_offline

    settings = settings or ServeSettings()
    app = FastAPI(title="claim-verifier desk", version=__version__, docs_url=None, redoc_url=None,
                  description="Check news articles against the reference index, follow the "
                              "verdicts and sign them off. Every request needs "
                              "`Authorization: Bearer TOKEN` when the server has a token.")
    @app.get("/static/report.css", include_in_schema=False)  # before the mount, which would shadow it
    def report_css():
        return Response(pages.report_css(), media_type="text/css")

    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    app.mount(_DOCS_STATIC, StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"),
              name="docs-static")

    # ---------------------------------------------------------------- errors

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError):
        problems, bad_json = [], False
        for err in exc.errors():
            loc = [str(x) for x in err.get("loc", ()) if x not in ("body", "query", "path", "form")]
            if err.get("type") == "json_invalid":
                bad_json, loc = True, []
            if err.get("type") in ("model_attributes_type", "dict_type") and not loc:
                err = {**err, "msg": "send a JSON object (Content-Type: application/json)"}
            msg = err.get("msg", "invalid").removeprefix("Value error, ")
            if err.get("type") == "extra_forbidden":
                msg = "unknown field (a misspelt name?)"
            problems.append({"field": ".".join(loc) or "body", "message": msg})
        if bad_json:
            detail = next((e.get("ctx", {}).get("error", "") for e in exc.errors()), "")
            return JSONResponse(_error_body("V004", f"the body is not valid JSON ({detail}).",
                                            problems), status_code=400)
        first = problems[0] if problems else {"field": "body", "message": "invalid"}
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        return JSONResponse(_error_body("V007", f"{first['field']}: {first['message']}{more}.",
                                        problems), status_code=422)

    @app.exception_handler(VerifierError)
    async def _verifier_error(request: Request, exc: VerifierError):
        status = _status_for(exc)
        if status == 500:
            log.error("%s %s: %s", request.method, request.url.path, exc)
        if _wants_json(request):
            return JSONResponse(_error_body(exc.code, _plain(exc)), status_code=status)
        return HTMLResponse(pages.error_page(status, _plain(exc)), status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        message = {404: "no such page.", 405: "this method is not allowed here."}.get(
            exc.status_code, str(exc.detail))
        if _wants_json(request):
            return JSONResponse(_error_body("V007", message), status_code=exc.status_code,
                                headers=getattr(exc, "headers", None))
        return HTMLResponse(pages.error_page(exc.status_code, message), status_code=exc.status_code)

    # ---------------------------------------------------------------- pages

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def desk_page(request: Request):
        return pages.desk_page(desk.runs(), _editor(request, desk), desk.info)

    @app.post("/runs", include_in_schema=False)
    def submit_form(request: Request, text: Annotated[str, Form()] = "",
                    date: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
                    url: Annotated[str, Form()] = "",
                    file: Annotated[UploadFile | None, File()] = None):
        form = {"text": text, "date": date, "title": title, "url": url}
        filename = ""
        try:
            if file is not None and file.filename:
                if text.strip():
                    raise InputError("give the article once: paste it or upload a file, not both.",
                                     code="V007")
                filename = Path(file.filename).name
                upload = read_upload(file.file.read(), filename, file.content_type or "")
                text, title, date = upload.text, title or upload.title, date or upload.date
            fields = RunIn(text=text, date=date or None, title=title, url=url, filename=filename)
            run_id = desk.submit(fields.text, date=fields.date, title=fields.title, url=fields.url,
                                 filename=fields.filename)
        except (VerifierError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
            message = _plain(exc) if isinstance(exc, VerifierError) else _first_problem(exc)
            return HTMLResponse(pages.desk_page(desk.runs(), _editor(request, desk), desk.info,
                                                error=message, form=form), status_code=422)
        return RedirectResponse(f"/runs/{run_id}", status_code=303)

    @app.post("/editor", include_in_schema=False)
    def set_editor(editor: Annotated[str, Form(max_length=100)]):
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(EDITOR_COOKIE, quote(editor.strip()), max_age=365 * 86400,
                            samesite="strict", httponly=True)
        return response

    @app.get("/runs/{run_id}", response_class=HTMLResponse, include_in_schema=False)
    def run_page(run_id: str, request: Request):
        return pages.run_page(desk.view(run_id), _editor(request, desk))

    @app.get("/runs/{run_id}/state", include_in_schema=False)
    def run_state(run_id: str, after: Annotated[int, Query(ge=0)] = 0):
        return pages.live_update(desk.view(run_id), after)

    @app.get("/runs/{run_id}/claim", response_class=HTMLResponse, include_in_schema=False)
    def claim_fragment(run_id: str, claim_id: str):
        html = pages.claim_fragment(desk.view(run_id), claim_id)
        if html is None:
            raise ClaimNotFound(f"run {run_id!r} has no verdict for claim {claim_id!r}.")
        return html

    @app.get("/runs/{run_id}/events", include_in_schema=False)
    async def run_events(run_id: str, request: Request, after: Annotated[int, Query(ge=0)] = 0):
        await run_in_threadpool(desk.view, run_id)  # 404 now, not inside the stream
        last = request.headers.get("last-event-id", "")
        start = int(last) if last.isdigit() else after
        return StreamingResponse(_events(desk, run_id, start, request), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})

    @app.post("/runs/{run_id}/reviews", include_in_schema=False)
    def review_form(run_id: str, request: Request, claim_id: Annotated[str, Form()],
                    action: Annotated[str, Form()] = "set", label: Annotated[str, Form()] = "",
                    note: Annotated[str, Form()] = ""):
        view = desk.view(run_id)
        verdict = next((v for v in view.verdicts if v.claim_id == claim_id), None)
        if verdict is None:
            raise ClaimNotFound(f"run {run_id!r} has no verdict for claim {claim_id!r}.")
        if action == "accept":
            trail = view.trails.get(claim_id)
            chosen = trail[-1].after if trail else verdict.label
            note = note.strip() or "Accepted."
        elif not note.strip():
            raise InputError("say why in the note: it goes into the audit trail.", code="V007",
                             hint="Go back, write the note and save again.")
        else:
            try:
                chosen = Label(label)
            except ValueError as exc:
                raise InputError(f"label {label!r} is not one of supported, contradicted, "
                                 "unverified.", code="V007") from exc
        desk.add_review(run_id, claim_id, chosen, note=note, editor=_editor(request, desk))
        from verifier.report.common import anchor

        return RedirectResponse(f"/runs/{run_id}#wrap-{anchor(claim_id)}", status_code=303)

    @app.get("/runs/{run_id}/export/{fmt}", include_in_schema=False)
    def export(run_id: str, fmt: str, org: str = "claim-verifier", org_url: str = "",
               base_url: str = "", claim_author: str = ""):
        return _export(desk, run_id, fmt, org, org_url, base_url, claim_author)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(next: str = "/"):
        return pages.login_page(_local_next(next))

    @app.post("/login", include_in_schema=False)
    def login(token: Annotated[str, Form()], next: Annotated[str, Form()] = "/"):
        if not settings.token or not hmac.compare_digest(token.encode(), settings.token.encode()):
            return HTMLResponse(pages.login_page(_local_next(next), "That is not the token."),
                                status_code=401)
        response = RedirectResponse(_local_next(next), status_code=303)
        response.set_cookie(SESSION_COOKIE, _session_value(settings.token), httponly=True,
                            samesite="strict")
        return response

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    # ---------------------------------------------------------------- docs, offline

    docs_page = get_swagger_ui_html(
        openapi_url="/openapi.json", title="claim-verifier desk API",
        swagger_js_url=f"{_DOCS_STATIC}/swagger-ui-bundle.js",
        swagger_css_url=f"{_DOCS_STATIC}/swagger-ui.css",
        swagger_favicon_url=f"{_DOCS_STATIC}/favicon.png",
        swagger_ui_parameters={"validatorUrl": None})
    scripts = re.findall(rb"<script>(.*?)</script>", docs_page.body, flags=re.S)
    hashes = " ".join("'sha256-" + base64.b64encode(hashlib.sha256(s).digest()).decode() + "'"
                      for s in scripts)
    docs_csp = (f"default-src 'none'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
                "img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'")

    @app.get("/docs", include_in_schema=False)
    def docs():
        return HTMLResponse(docs_page.body, headers={"Content-Security-Policy": docs_csp})

    # ---------------------------------------------------------------- the API

    @app.get("/api/health", tags=["server"])
    def health() -> dict[str, Any]:
        """The server is up, with the models loaded: what it checks against."""
        return {"status": "ok", "version": __version__, **desk.info}

    @app.post("/api/runs", status_code=202, response_model=RunCreated, tags=["runs"],
              responses=_ERRORS)
    def create_run(body: RunIn):
        """Queue an article for checking. The answer comes at once (202); follow the run with
        `GET /api/runs/{id}` until its status is `done` (or `failed`)."""
        return _created(desk.submit(body.text, date=body.date, title=body.title, url=body.url,
                                    filename=body.filename))

    @app.post("/api/runs/upload", status_code=202, response_model=RunCreated, tags=["runs"],
              responses=_ERRORS)
    def upload_run(file: Annotated[UploadFile, File(description="The article: text (.txt), "
                                                    "Markdown (.md), HTML, Word (.docx) or PDF.")],
                   date: Annotated[str, Form(description="YYYY-MM-DD; default: the file's own "
                                             "date (document properties, then its date line).")] = "",
                   title: Annotated[str, Form(description="Default: the file's title.")] = "",
                   url: Annotated[str, Form()] = ""):
        """Queue an article sent as a file (`multipart/form-data`), read as `verifier check
        FILE` reads it; claim ids are named after the file. A file that cannot be read is a
        422 with its code (V002 not UTF-8, V003 not an article format, V005 no text,
        V017 a scanned PDF, V018 a corrupt or encrypted Word or PDF file); nothing is written.

        Example: `curl -F file=@draft.docx localhost:8000/api/runs/upload`"""
        filename = Path(file.filename or "").name
        upload = read_upload(file.file.read(), filename, file.content_type or "")
        try:
            body = RunIn(text=upload.text, date=date or upload.date or None,
                         title=title or upload.title, url=url, filename=filename)
        except ValidationError as exc:  # answered as a bad JSON field is
            raise RequestValidationError(exc.errors()) from exc
        return _created(desk.submit(body.text, date=body.date, title=body.title, url=body.url,
                                    filename=body.filename))

    @app.get("/api/runs", tags=["runs"])
    def list_runs() -> dict[str, Any]:
        """Every run, newest first, with counts by final label and review state."""
        return {"runs": [pages.summary(v) for v in desk.runs()]}

    @app.get("/api/runs/{run_id}", response_model=RunOut, tags=["runs"], responses=_ERRORS)
    def get_run(run_id: str):
        """A run: its status and its verdicts so far."""
        return JSONResponse(run_json(desk.view(run_id)))

    @app.post("/api/runs/{run_id}/reviews", status_code=201, response_model=ReviewOut,
              tags=["reviews"], responses=_ERRORS)
    def add_review(run_id: str, body: ReviewIn, request: Request):
        """Sign off one verdict: confirm its label or change it, with a note. Audited as
        `verifier review` audits: who, when, the label before and after; the machine verdict
        stays in the run file."""
        editor = body.editor if body.editor and body.editor.strip() else _editor(request, desk)
        review = desk.add_review(run_id, body.claim_id, body.label, note=body.note, editor=editor)
        machine = next(v.label for v in desk.view(run_id).verdicts if v.claim_id == body.claim_id)
        return JSONResponse(review_json(review, machine), status_code=201)

    @app.get("/api/runs/{run_id}/export/{fmt}", tags=["runs"], responses=_ERRORS)
    def api_export(run_id: str, fmt: str,
                   org: str = "claim-verifier", org_url: str = "", base_url: str = "",
                   claim_author: str = ""):
        """The run rendered as `verifier report --format FMT` renders it, with editor reviews."""
        return _export(desk, run_id, fmt, org, org_url, base_url, claim_author)

    return Guard(app, settings)


def _created(run_id: str) -> JSONResponse:
    return JSONResponse({"id": run_id, "status": "running", "url": f"/api/runs/{run_id}",
                         "page": f"/runs/{run_id}"}, status_code=202,
                        headers={"Location": f"/api/runs/{run_id}"})


def _first_problem(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        err = errors()[0]
        where = ".".join(str(x) for x in err.get("loc", ())) or "form"
        return f"{where}: {err.get('msg', 'invalid').removeprefix('Value error, ')}."
    return str(exc)


def _export(desk: Desk, run_id: str, fmt: str, org: str, org_url: str, base_url: str,
            claim_author: str) -> Response:
    from verifier.report import ClaimReviewOptions, render

    if fmt not in EXPORT_TYPES:
        raise InputError(f"unknown export format {fmt!r}; valid: {', '.join(EXPORT_TYPES)}.",
                         code="V007")
    view = desk.view(run_id)
    if view.run is None:
        raise InputError(f"run {run_id!r} has no verdicts yet ({view.status}).", code="V007",
                         hint="Export it once it is running or done.")
    meta = view.meta
    options = ClaimReviewOptions(org_name=org, org_url=org_url, base_url=base_url,
                                 article_url=meta.url if meta else "",
                                 article_headline=meta.title if meta else "",
                                 article_author=claim_author)
    body = render(view.run, fmt, view.trails, options)
    headers = {"Content-Disposition": f'inline; filename="{run_id}-{EXPORT_NAMES[fmt]}"',
               "X-Run-Status": view.status}
    if fmt == "html":
        headers["Content-Security-Policy"] = EXPORT_CSP
    return PlainTextResponse(body, media_type=EXPORT_TYPES[fmt], headers=headers)


async def _events(desk: Desk, run_id: str, after: int, request: Request):
    """Server-Sent Events for a run's page: an ``update`` whenever verdicts arrive or the state
    changes (id: the verdicts sent so far, so a reconnect resumes), then one ``end``."""
    loop = asyncio.get_running_loop()
    sent, shown, last_write = after, None, loop.time()
    while not desk.closing:
        view = await run_in_threadpool(desk.view, run_id)
        state = (view.status, view.total)
        n = len(view.verdicts)
        if n > sent or state != shown or view.finished:
            data = json.dumps(pages.live_update(view, sent), ensure_ascii=False)
            event = "end" if view.finished else "update"
            yield f"id: {n}\nevent: {event}\ndata: {data}\n\n"
            sent, shown, last_write = max(n, sent), state, loop.time()
            if view.finished:
                return
        elif loop.time() - last_write > EVENTS_PING_S:
            yield ": ping\n\n"
            last_write = loop.time()
        if await request.is_disconnected():
            return
        await asyncio.sleep(EVENTS_POLL_S)
