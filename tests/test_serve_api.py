"""`verifier serve`: the HTTP API against a real uvicorn server on a free loopback port, with the
real models and an index of the worked example's corpus (built once per module).

Usage errors of the command (fast, no model) come first; everything else shares one loaded
verifier: the worked article gives the verdicts `verifier check` gives; two runs at once; a burst
of 20 concurrent requests; malformed requests get a 4xx JSON naming the problem and write
nothing; ids cannot leave the runs folder; a token, when set, is required; a restart (and a run
cut short) loses nothing. Uploads: a Word draft gets the verdicts `verifier check draft.docx`
gives, dated by its properties; a corrupt one is a coded 4xx (V018). Without a model: uploads
are read as the command reads files, and a PDF quote's card gives its page as the report does.
"""

from __future__ import annotations

import http.client
import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from verifier.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "claims" / "ukraine-2022-04-26.article.txt"
CORPUS = ROOT / "index" / "corpora" / "ukraine-2022-04-26"
TOKEN = "s3cret-token-for-tests-only"
RUN_TIMEOUT_S = 90.0

# Short articles from the corpus's other domains (economy, sanctions, food): two runs at once.
IMF_ARTICLE = ("date 2022-04-20\n\nThe International Monetary Fund cut its forecast for global "
               "growth in 2022 to 3.6 percent. It expects Ukraine's economy to contract by 35 percent.\n")
EU_ARTICLE = ("date 2022-04-09\n\nThe Council of the European Union adopted a fifth package of "
              "sanctions against Russia on 8 April 2022. The package bans imports of coal from Russia.\n")
HOSTILE = ("date 2022-04-20\n\nThe World Food Programme said <script>window.__pwned=1</script> "
           "wheat prices rose sharply <img src=x onerror=\"window.__pwned=1\"> in April.\n")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def multipart(fields: dict[str, str], filename: str, content: bytes) -> tuple[bytes, dict[str, str]]:
    """(body, headers) of a ``multipart/form-data`` post of ``fields`` and one file."""
    boundary = "----desk-test"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def make_docx(path: Path, paragraphs: list[str], *, title: str = "", created: str = "") -> Path:
    """A Word file as an editor's draft is one (python-docx): paragraphs and core properties."""
    import datetime as dt

    import docx

    word = docx.Document()
    word.core_properties.title = title
    if created:
        word.core_properties.created = dt.datetime.fromisoformat(f"{created}T09:30:00")
    for text in paragraphs:
        word.add_paragraph(text)
    word.save(str(path))
    return path


# --------------------------------------------------------------------------- usage (no model)


@pytest.mark.parametrize("args, message", [
    (["--host", "0.0.0.0"], "--host 0.0.0.0 serves the desk beyond this machine: give --token"),
    (["--token", "short"], "the token has 5 characters; use at least 16."),
])
def test_serve_refuses_unsafe_options_before_loading(args, message):
    res = invoke("serve", "--index", "/nonexistent", *args)
    assert res.exit_code == 2
    assert res.output.startswith(f"Error: [V007] {message}")


def test_serve_reports_a_taken_port():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        res = invoke("serve", "--index", "/nonexistent", "--port", str(port))
    assert res.exit_code == 2
    assert res.output.startswith(f"Error: [V007] cannot listen on 127.0.0.1:{port}")


# --------------------------------------------------------------------------- uploads, pages (no model)

# A Word draft from the economy domain: no date line, so its date can only come from the file.
DRAFT = ["The International Monetary Fund cut its forecast for global growth in 2022 to 3.6 percent.",
         "It expects Ukraine's economy to contract by 35 percent in 2022."]


def test_uploads_are_read_as_verifier_check_reads_files(tmp_path):
    from format_fixtures import render_pdf

    from verifier.errors import InputError
    from verifier.index.ingest import make_document
    from verifier.serve.app import Upload, read_upload

    draft = make_docx(tmp_path / "x.docx", DRAFT, title="IMF outlook", created="2022-04-20")
    assert read_upload(draft.read_bytes(), "draft.docx", "") == Upload(
        "\n\n".join(DRAFT), title="IMF outlook", date="2022-04-20")
    doc = make_document("report", "\n\n".join(DRAFT), {"title": "Food prices", "source": "WFP",
                                                       "published": "2022-04-09"}, "report.md")
    pdf = read_upload(render_pdf(doc, tmp_path / "x.pdf").read_bytes(), "report.pdf", "")
    assert pdf.date == "2022-04-09" and pdf.title == "Food prices" and "35 percent in 2022" in pdf.text
    page = b"<html><head><title>Sanctions</title></head><body><p>The EU banned coal imports.</p></body></html>"
    assert read_upload(page, "story", "text/html") == Upload("The EU banned coal imports.", title="Sanctions")
    with pytest.raises(InputError) as bad:
        read_upload(b"PK\x03\x04 half a zip", "draft.docx", "")
    assert bad.value.code == "V018"
    assert bad.value.message.startswith("draft.docx: not a readable Word document")
    assert "verifier-upload-" not in str(bad.value)  # the temporary copy is no business of the editor's


def test_run_page_cards_give_the_page_of_a_pdf_quote_as_the_report_does():
    import re

    from report_fixture import run

    from verifier.report.html import render_html
    from verifier.serve import pages
    from verifier.serve.desk import RunView

    base = run()
    first = next(v for v in base.verdicts if v.evidence)
    paged = first.model_copy(update={"evidence": [first.evidence[0].model_copy(update={"page": 7})]})
    pdf_run = base.model_copy(update={"verdicts": (paged,)})
    card = pages.claim_fragment(RunView("r", "done", None, pdf_run, {}, 1), paged.claim_id)
    source = re.findall(r'<figcaption class="source">.*?</figcaption>', card)
    assert source and " · p. 7 · " in source[0]
    assert source == re.findall(r'<figcaption class="source">.*?</figcaption>', render_html(pdf_run))


# --------------------------------------------------------------------------- a real server


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("serve-index") / "ukraine"
    res = invoke("--quiet", "index", "build", str(CORPUS), "--index", str(path))
    assert res.exit_code == 0, res.output
    return path


@pytest.fixture(scope="module")
def loaded(index_dir):
    """(verifier, config): the models and the index, loaded once as `verifier serve` loads them."""
    from verifier.config import load_config
    from verifier.session import make_verifier

    config = load_config()
    return make_verifier(index_dir, config.model_dump(mode="json")), config


class Client:
    """A tiny HTTP client over urllib: JSON in, (status, headers, body) out; never raises on 4xx."""

    def __init__(self, base: str, headers: dict[str, str] | None = None):
        self.base = base
        self.headers = headers or {}

    def call(self, method: str, path: str, body: Any = None, *, raw: bytes | None = None,
             headers: dict[str, str] | None = None, timeout: float = 30.0):
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        h = {**self.headers, **(headers or {})}
        if body is not None and raw is None:
            h.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=h)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=timeout) as resp:
                status, rh, payload = resp.status, dict(resp.headers), resp.read()
        except urllib.error.HTTPError as exc:
            status, rh, payload = exc.code, dict(exc.headers), exc.read()
        ctype = rh.get("content-type", "")
        is_json = ctype.split(";")[0] in ("application/json", "application/ld+json")
        return status, rh, json.loads(payload) if is_json and payload else payload.decode()

    def wait_done(self, run_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + RUN_TIMEOUT_S
        while time.monotonic() < deadline:
            status, _, run = self.call("GET", f"/api/runs/{run_id}")
            assert status == 200, run
            if run["status"] != "running":
                return run
            time.sleep(0.2)
        raise AssertionError(f"run {run_id} did not finish in {RUN_TIMEOUT_S} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 303 is an answer to check, not to follow


@contextmanager
def running_server(loaded, runs: Path, **settings):
    """A real uvicorn server on a free 127.0.0.1 port, in a thread, over a fresh Desk."""
    from verifier.serve.app import ServeSettings, create_app
    from verifier.serve.desk import Desk
    from verifier.serve.server import bind, make_server

    verifier, config = loaded
    desk = Desk(verifier, config, runs, editor="test-editor")
    desk.start()
    sock = bind("127.0.0.1", 0)
    server = make_server(create_app(desk, ServeSettings(**settings)), desk,
                         access_log=False)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}", desk
    finally:
        desk.close_streams()
        server.should_exit = True
        thread.join(10)
        desk.close()
        sock.close()


@pytest.fixture(scope="module")
def served(loaded, tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    with running_server(loaded, runs) as (base, desk):
        yield Client(base), runs, desk


@pytest.fixture(scope="module")
def worked_run(served) -> dict[str, Any]:
    """The worked article through the API (named like the file, so claim ids match the CLI's)."""
    client, _, _ = served
    status, headers, created = client.call("POST", "/api/runs", {
        "text": ARTICLE.read_text(encoding="utf-8"), "date": "2022-04-26",
        "filename": ARTICLE.name, "title": "Guterres to meet Putin", "url": "https://example.org/upi"})
    assert status == 202, created
    assert headers["location"] == f"/api/runs/{created['id']}"
    run = client.wait_done(created["id"])
    assert run["status"] == "done", run["error"]
    return run


# --------------------------------------------------------------------------- tests


@pytest.mark.real_model
def test_worked_article_gives_the_verdicts_of_verifier_check(served, worked_run, index_dir, tmp_path):
    client, runs, _ = served
    out = tmp_path / "cli.jsonl"
    res = invoke("--quiet", "check", str(ARTICLE), "--index", str(index_dir), "--date", "2022-04-26",
                 "-o", str(out))
    assert res.exit_code == 0, res.output
    cli_verdicts = [json.loads(line) for line in out.read_text().splitlines()[1:]]
    assert len(cli_verdicts) >= 25
    assert worked_run["verdicts"] == cli_verdicts  # same objects, same order, no review yet
    assert worked_run["claims"] == len(cli_verdicts)
    assert worked_run["counts"]["decided"] == len(cli_verdicts)
    # ... and a run file made on the command line, put in the runs folder, is on the desk.
    shutil.copy(out, runs / "from-the-cli.jsonl")
    status, _, run = client.call("GET", "/api/runs/from-the-cli")
    assert status == 200 and (run["status"], run["verdicts"]) == ("done", cli_verdicts)
    assert "from-the-cli" in client.call("GET", "/")[2]


@pytest.mark.real_model
def test_a_desk_run_is_a_run_file_the_command_line_reads(served, worked_run):
    client, runs, _ = served
    run_file = runs / f"{worked_run['id']}.jsonl"
    md = invoke("report", str(run_file), "--format", "md")
    assert md.exit_code == 0, md.output
    status, headers, body = client.call("GET", f"/runs/{worked_run['id']}/export/md")
    assert status == 200 and headers["content-type"].startswith("text/markdown")
    assert body == md.output  # the same renderer
    for fmt, ctype in [("html", "text/html"), ("json", "application/json"),
                       ("jsonl", "application/x-ndjson"), ("claimreview", "application/ld+json")]:
        status, headers, body = client.call("GET", f"/api/runs/{worked_run['id']}/export/{fmt}")
        assert status == 200 and headers["content-type"].startswith(ctype), fmt
    assert "sandbox" in client.call("GET", f"/runs/{worked_run['id']}/export/html")[1][
        "content-security-policy"]
    claimreview = client.call("GET", f"/api/runs/{worked_run['id']}/export/claimreview")[2]
    assert "https://example.org/upi" in json.dumps(claimreview)  # the run's url is the article's


@pytest.mark.real_model
def test_review_is_audited_as_verifier_review(served, worked_run):
    client, runs, _ = served
    run_id, verdict = worked_run["id"], worked_run["verdicts"][0]
    new = "contradicted" if verdict["label"] != "contradicted" else "supported"
    status, _, review = client.call("POST", f"/api/runs/{run_id}/reviews", {
        "claim_id": verdict["claim_id"], "label": new, "note": "Source says otherwise", "editor": "ana"})
    assert status == 201, review
    assert (review["before"], review["after"], review["machine_label"], review["editor"]) == (
        verdict["label"], new, verdict["label"], "ana")
    got = client.call("GET", f"/api/runs/{run_id}")[2]["verdicts"][0]
    assert got["label"] == verdict["label"]  # the machine verdict is kept
    assert got["review"]["label"] == new and got["review"]["note"] == "Source says otherwise"
    # `verifier review` sees the same trail in the same store.
    listed = invoke("review", str(runs / f"{run_id}.jsonl"), "--claim", verdict["claim_id"])
    assert listed.exit_code == 0, listed.output
    assert f"final verdict: {new}" in listed.output and "ana" in listed.output


@pytest.mark.real_model
def test_two_runs_at_once(served):
    client, runs, _ = served
    with ThreadPoolExecutor(2) as pool:
        posted = list(pool.map(lambda text: client.call("POST", "/api/runs", {"text": text}),
                               [IMF_ARTICLE, EU_ARTICLE]))
    assert [p[0] for p in posted] == [202, 202]
    ids = [p[2]["id"] for p in posted]
    assert ids[0] != ids[1]
    done = [client.wait_done(run_id) for run_id in ids]
    for run, text in zip(done, [IMF_ARTICLE, EU_ARTICLE]):
        assert run["status"] == "done" and run["verdicts"], run
        assert all(v["sentence"] in text for v in run["verdicts"])  # each run kept its own article
        assert (runs / f"{run['id']}.jsonl").exists()
    by_id = {r["id"]: r for r in client.call("GET", "/api/runs")[2]["runs"]}
    assert set(ids) <= set(by_id) and all(by_id[i]["status"] == "done" for i in ids)


@pytest.mark.real_model
def test_an_article_without_claims_fails_with_the_reason(served):
    client, _, _ = served
    run = client.wait_done(client.call("POST", "/api/runs", {"text": "Hello, readers."})[2]["id"])
    assert (run["status"], run["verdicts"]) == ("failed", [])
    assert run["error"].startswith("[V005] no checkable claims found in the article.")
    status, _, page = client.call("GET", f"/runs/{run['id']}")
    assert status == 200 and "Failed after 0 verdicts: [V005] no checkable claims" in page


@pytest.mark.real_model
def test_a_burst_of_20_concurrent_requests(served, worked_run):
    client, _, _ = served
    run_id = worked_run["id"]
    claims = [v["claim_id"] for v in worked_run["verdicts"][1:11]]
    jobs = [("POST", f"/api/runs/{run_id}/reviews",
             {"claim_id": cid, "label": "supported", "note": f"burst {n}"}) for n, cid in enumerate(claims)]
    jobs += [("GET", f"/api/runs/{run_id}", None)] * 5 + [("GET", "/", None)] * 3 + [("GET", "/api/runs", None)] * 2
    assert len(jobs) == 20
    with ThreadPoolExecutor(20) as pool:
        answers = list(pool.map(lambda job: client.call(*job), jobs))
    for (method, path, _), (status, _, body) in zip(jobs, answers):
        if method == "POST":
            assert status == 201 and body["after"] == "supported", body
        elif path == "/":
            assert status == 200 and "Earlier runs" in body
        else:
            assert status == 200 and ("verdicts" in body or "runs" in body)
    reviews = {v["claim_id"]: v["review"] for v in client.call("GET", f"/api/runs/{run_id}")[2]["verdicts"]
               if "review" in v}
    assert {cid: reviews[cid]["note"] for cid in claims} == {cid: f"burst {n}" for n, cid in enumerate(claims)}


BAD_RUNS = [
    (b'{"text": "x", "date": ', 400, "V004", "the body is not valid JSON"),
    (b'["text"]', 422, "V007", "body: send a JSON object"),
    (b'{"date": "2022-04-26"}', 422, "V007", "text: Field required"),
    (b'{"text": "   "}', 422, "V007", "text: the article text is empty"),
    (b'{"text": "x", "date": "26/04/2022"}', 422, "V007", "date: '26/04/2022' is not a date YYYY-MM-DD"),
    (b'{"text": "x", "date": "2022-02-30"}', 422, "V007", "date: '2022-02-30' is not a real date"),
    (b'{"text": "x", "url": "javascript:alert(1)"}', 422, "V007", "url: give an http:// or https://"),
    (b'{"text": "x", "filename": "../../etc/passwd"}', 422, "V007", "filename: a file name without folders"),
    (b'{"text": "x", "dtae": "2022-04-26"}', 422, "V007", "dtae: unknown field"),
]


@pytest.mark.real_model
@pytest.mark.parametrize("raw, status, code, message", BAD_RUNS)
def test_a_malformed_run_is_refused_and_nothing_is_written(served, raw, status, code, message):
    client, runs, _ = served
    before = sorted(p.name for p in runs.iterdir())
    got, headers, body = client.call("POST", "/api/runs", raw=raw, headers={"Content-Type": "application/json"})
    assert (got, body["error"]["code"]) == (status, code), body
    assert body["error"]["message"].startswith(message), body
    assert headers["content-type"] == "application/json"
    assert sorted(p.name for p in runs.iterdir()) == before


@pytest.mark.real_model
def test_malformed_reviews_are_refused(served, worked_run):
    client, runs, _ = served
    run_id, claim_id = worked_run["id"], worked_run["verdicts"][-1]["claim_id"]
    store = runs / f"{run_id}.jsonl.reviews.sqlite"
    size = store.stat().st_size if store.exists() else 0
    cases = [
        ({"claim_id": claim_id, "label": "false", "note": "x"}, 422,
         "label: Input should be 'supported', 'contradicted' or 'unverified'"),
        ({"claim_id": claim_id, "label": "supported", "note": "  "}, 422, "note: say why in the note"),
        ({"claim_id": claim_id, "label": "supported"}, 422, "note: Field required"),
        ({"claim_id": "no-such-claim", "label": "supported", "note": "x"}, 404,
         f"run '{run_id}' has no verdict for claim 'no-such-claim'"),
    ]
    for body, status, message in cases:
        got, _, answer = client.call("POST", f"/api/runs/{run_id}/reviews", body)
        assert got == status and answer["error"]["message"].startswith(message), answer
    got, _, answer = client.call("POST", "/api/runs/20990101-000000-abcdef/reviews",
                                 {"claim_id": claim_id, "label": "supported", "note": "x"})
    assert got == 404 and answer["error"]["code"] == "V001"
    assert (store.stat().st_size if store.exists() else 0) == size


@pytest.mark.real_model
@pytest.mark.parametrize("path", ["/api/runs/..", "/api/runs/%2e%2e", "/api/runs/.hidden",
                                  "/api/runs/a..b", "/api/runs/x%00y", "/runs/..%2F..%2Fetc%2Fpasswd",
                                  "/api/runs/%2e%2e%2f%2e%2e%2fetc%2fpasswd/export/md",
                                  "/runs/..%5C..%5Cwin.ini"])
def test_run_ids_cannot_leave_the_runs_folder(served, path):
    client, _, _ = served
    conn = http.client.HTTPConnection(client.base.removeprefix("http://"), timeout=10)
    conn.request("GET", path)  # as sent: no client-side normalisation of '..'
    resp = conn.getresponse()
    body = resp.read().decode()
    conn.close()
    assert resp.status in (400, 404), (path, resp.status)
    assert "root:" not in body and "[fonts]" not in body


@pytest.mark.real_model
def test_the_body_size_is_limited(served):
    client, runs, _ = served
    before = sorted(p.name for p in runs.iterdir())
    big = json.dumps({"text": "word " * 500_000}).encode()  # 2.5 MB
    status, _, body = client.call("POST", "/api/runs", raw=big, headers={"Content-Type": "application/json"})
    assert status == 413 and body["error"]["message"].startswith("the request body is over 2,097,152 bytes")
    # Chunked (no Content-Length): cut off at the limit as well.
    conn = http.client.HTTPConnection(client.base.removeprefix("http://"), timeout=30)
    conn.request("POST", "/api/runs", body=iter([big[i:i + 65536] for i in range(0, len(big), 65536)]),
                 headers={"Content-Type": "application/json"}, encode_chunked=True)
    assert conn.getresponse().status == 413
    conn.close()
    assert sorted(p.name for p in runs.iterdir()) == before


@pytest.mark.real_model
def test_hosts_and_origins_of_other_sites_are_refused(served):
    client, _, _ = served
    status, _, body = client.call("GET", "/api/runs", headers={"Host": "attacker.example:8000"})
    assert status == 400 and "host 'attacker.example:8000' is not this server's" in body["error"]["message"]
    status, _, body = client.call("POST", "/api/runs", {"text": IMF_ARTICLE},
                                  headers={"Origin": "http://attacker.example"})
    assert status == 403 and body["error"]["code"] == "V009"


@pytest.mark.real_model
def test_document_text_is_inert_in_the_page(served):
    client, _, _ = served
    run = client.wait_done(client.call("POST", "/api/runs", {"text": HOSTILE})[2]["id"])
    status, headers, page = client.call("GET", f"/runs/{run['id']}")
    assert status == 200
    assert "<script>window" not in page and "<img src=x" not in page
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page
    assert "script-src 'self'" in headers["content-security-policy"]
    assert page.count("<script") == 1  # the desk's own /static/desk.js


@pytest.mark.real_model
def test_upload_form_reads_html_and_refuses_bad_files(served):
    client, runs, _ = served
    html = (b"<html><head><title>IMF outlook</title></head><body><p>date 2022-04-20</p>"
            b"<p>The International Monetary Fund cut its forecast for global growth in 2022 to "
            b"3.6 percent.</p></body></html>")

    def upload(name: str, content: bytes, text: str = ""):
        raw, headers = multipart({"text": text, "date": "2022-04-20"}, name, content)
        return client.call("POST", "/runs", raw=raw, headers=headers)

    status, headers, _ = upload("imf.html", html)
    assert status == 303
    run_id = headers["location"].removeprefix("/runs/")
    run = client.wait_done(run_id)
    assert run["title"] == "IMF outlook" and run["verdicts"]
    assert all(v["claim_id"].startswith("imf-") for v in run["verdicts"])  # named like the file
    assert "<p>" not in (runs / f"{run_id}.jsonl").read_text()
    before = sorted(p.name for p in runs.iterdir())
    assert upload("latin1.txt", "Café prices rose.".encode("latin-1"))[0] == 422
    assert upload("sheet.xlsx", b"PK\x03\x04")[0] == 422
    status, _, page = upload("imf.html", html, text="pasted too")
    assert status == 422 and "paste it or upload a file, not both" in page
    assert sorted(p.name for p in runs.iterdir()) == before


@pytest.mark.real_model
def test_api_upload_reads_a_word_draft_and_refuses_a_corrupt_one(served, index_dir, tmp_path):
    client, runs, _ = served
    draft = make_docx(tmp_path / "imf-outlook.docx", DRAFT, title="IMF outlook", created="2022-04-20")
    raw, headers = multipart({}, draft.name, draft.read_bytes())
    status, _, created = client.call("POST", "/api/runs/upload", raw=raw, headers=headers)
    assert status == 202, created
    run = client.wait_done(created["id"])
    assert run["status"] == "done", run["error"]
    assert run["date"] == "2022-04-20" and run["title"] == "IMF outlook"  # the file's properties
    claims = [v["claim"] for v in run["verdicts"]]
    assert any("3.6 percent" in c for c in claims) and any("35 percent" in c for c in claims)
    out = tmp_path / "cli.jsonl"
    res = invoke("--quiet", "check", str(draft), "--index", str(index_dir), "-o", str(out))
    assert res.exit_code == 0, res.output
    assert run["verdicts"] == [json.loads(line) for line in out.read_text().splitlines()[1:]]
    before = sorted(p.name for p in runs.iterdir())
    raw, headers = multipart({}, "draft.docx", b"PK\x03\x04 half a zip")
    status, _, body = client.call("POST", "/api/runs/upload", raw=raw, headers=headers)
    assert status == 422 and body["error"]["code"] == "V018"
    assert body["error"]["message"].startswith("draft.docx: not a readable Word document")
    raw, headers = multipart({"text": "", "date": ""}, "draft.docx", b"PK\x03\x04 half a zip")
    status, _, page = client.call("POST", "/runs", raw=raw, headers=headers)  # the desk's form
    assert status == 422 and "draft.docx: not a readable Word document" in page
    assert sorted(p.name for p in runs.iterdir()) == before


@pytest.mark.real_model
def test_token_is_required_when_set(loaded, tmp_path):
    with running_server(loaded, tmp_path / "runs", token=TOKEN) as (base, _):
        anonymous = Client(base)
        status, headers, body = anonymous.call("GET", "/api/runs")
        assert status == 401 and headers["www-authenticate"] == "Bearer"
        assert "Authorization: Bearer" in body["error"]["message"]
        assert anonymous.call("POST", "/api/runs", {"text": IMF_ARTICLE})[0] == 401
        assert anonymous.call("GET", "/openapi.json")[0] == 401
        status, headers, _ = anonymous.call("GET", "/runs/abc?x=1")
        assert status == 303 and headers["location"] == "/login?next=%2Fruns%2Fabc%3Fx%3D1"
        assert anonymous.call("GET", "/login")[0] == 200 and anonymous.call("GET", "/static/desk.js")[0] == 200
        assert Client(base, {"Authorization": "Bearer wrong-token-wrong-token"}).call("GET", "/api/runs")[0] == 401
        assert Client(base, {"Authorization": f"Bearer {TOKEN}"}).call("GET", "/api/runs")[0] == 200
        # The sign-in form sets a cookie that opens the pages.
        form = f"token={TOKEN}&next=%2F".encode()
        status, headers, _ = anonymous.call("POST", "/login", raw=form,
                                            headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert status == 303 and headers["location"] == "/"
        cookie = headers["set-cookie"].split(";")[0]
        assert "HttpOnly" in headers["set-cookie"] and "SameSite=strict" in headers["set-cookie"]
        assert Client(base, {"Cookie": cookie}).call("GET", "/")[0] == 200
        bad = anonymous.call("POST", "/login", raw=b"token=nope&next=%2F",
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert bad[0] == 401 and "set-cookie" not in {k.lower() for k in bad[1]}


@pytest.mark.real_model
def test_restart_loses_nothing_and_takes_up_a_cut_run(loaded, served, worked_run, tmp_path):
    runs = served[1]
    folder = tmp_path / "runs"
    shutil.copytree(runs, folder)
    # A run the server was stopped in: all but its last 4 verdicts, and half of the next line.
    lines = (runs / f"{worked_run['id']}.jsonl").read_text().splitlines(keepends=True)
    cut = "20220426-000000-c0ffee"
    (folder / f"{cut}.jsonl").write_text("".join(lines[:-4]) + lines[-4][:40])
    meta = json.loads((runs / f"{worked_run['id']}.jsonl.desk.json").read_text())
    (folder / f"{cut}.jsonl.desk.json").write_text(json.dumps({**meta, "id": cut, "status": "running"}))
    before = Client(served[0].base).call("GET", f"/api/runs/{worked_run['id']}")[2]
    with running_server(loaded, folder) as (base, _):
        client = Client(base)
        assert client.call("GET", f"/api/runs/{worked_run['id']}")[2] == before  # reviews too
        listed = {r["id"] for r in client.call("GET", "/api/runs")[2]["runs"]}
        assert {p.name.split(".")[0] for p in runs.iterdir()} <= listed
        resumed = client.wait_done(cut)
    assert resumed["status"] == "done"
    strip = [{k: v for k, v in x.items() if k != "review"} for x in resumed["verdicts"]]
    assert strip == [{k: v for k, v in x.items() if k != "review"} for x in worked_run["verdicts"]]


@pytest.mark.real_model
def test_the_command_starts_serves_docs_offline_and_stops(index_dir, tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "verifier", "serve", "--index", str(index_dir),
                             "--runs", str(tmp_path / "runs"), "--port", "0", "--no-access-log"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        base = ""
        for line in proc.stderr:
            if line.startswith("Serving the editor's desk on "):
                base = line.split(" on ", 1)[1].split("/ ", 1)[0]
                break
        assert base.startswith("http://127.0.0.1:"), base
        client = Client(base)
        status, _, health = client.call("GET", "/api/health")
        assert status == 200 and health["documents"] == 12
        status, headers, docs = client.call("GET", "/docs")
        assert status == 200 and "/static-docs/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
        assert client.call("GET", "/static-docs/swagger-ui-bundle.js")[0] == 200
        spec = client.call("GET", "/openapi.json")[2]
        assert {"/api/runs", "/api/runs/{run_id}", "/api/runs/{run_id}/reviews"} <= set(spec["paths"])
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert proc.returncode == 0 and out == ""  # stdout carries no data for a server
