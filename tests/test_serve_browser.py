"""The desk in a real browser: Debian's headless Chromium (driven over the DevTools pipe, as the
report's browser test does) pastes an article, submits it, watches the verdicts arrive, changes
one label with a note, reloads, and finds the review still there. Then the API docs render from
the server's own files, with no request leaving it.
"""

from __future__ import annotations

import json
import time

import pytest
from test_report_browser import DevTools, browser  # noqa: F401 - the fixture, reused
from test_serve_api import ARTICLE, Client, index_dir, loaded, running_server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.real_model]

# A line no verdict depends on, to show that document text stays text in the page.
HOSTILE = '\n\nThe agency said <img src=x onerror="window.__pwned=1"> prices rose.\n'
WAIT_S = 60.0


def wait_until(tools: DevTools, expression: str, timeout: float = WAIT_S, diagnose: str = ""):
    """The value of ``expression`` once truthy; on timeout, fail showing ``diagnose``'s value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = tools.js(expression)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"never true: {expression}" + (f" ({tools.js(diagnose)!r})" if diagnose else ""))


def navigate(tools: DevTools, url: str) -> None:
    tools.events.clear()
    tools.call("Page.navigate", {"url": url})
    tools.wait_for("Page.loadEventFired")


def click(tools: DevTools, selector: str) -> None:
    tools.js(f"document.querySelector({json.dumps(selector)}).scrollIntoView({{block: 'center'}})")
    tools.click(selector)


def test_paste_submit_watch_review_reload(browser, loaded, tmp_path):  # noqa: F811
    with running_server(loaded, tmp_path / "runs") as (base, _):
        for domain in ("Page", "Runtime", "Network"):
            browser.call(f"{domain}.enable")
        navigate(browser, base + "/")
        assert browser.js("document.querySelector('h1').textContent") == "Check an article"

        # Paste the article (as a keyboard paste inserts text), give the date, submit.
        click(browser, "textarea[name=text]")
        browser.call("Input.insertText", {"text": ARTICLE.read_text(encoding="utf-8") + HOSTILE})
        browser.js("document.querySelector('input[name=date]').value = '2022-04-26'")
        submitted = time.monotonic()
        click(browser, "form.submit-form button[type=submit]")
        wait_until(browser, "location.pathname.startsWith('/runs/') && document.readyState === 'complete'")
        run_id = browser.js("document.body.dataset.runId")
        browser.js("window.__samePage = true")

        # The verdicts arrive on the page while it stays open (streamed, not reloaded).
        wait_until(browser, "document.querySelectorAll('.claim-wrap').length > 0")
        first_verdict_s = time.monotonic() - submitted
        wait_until(browser, "document.body.dataset.status === 'done'")
        assert browser.js("window.__samePage") is True
        api = Client(base).call("GET", f"/api/runs/{run_id}")[2]
        assert api["status"] == "done"
        wraps = browser.js("Array.from(document.querySelectorAll('.claim-wrap')).map(w => w.dataset.label)")
        assert wraps == [v["label"] for v in api["verdicts"]]
        assert browser.js("document.querySelectorAll('#article mark.hl').length") > 0
        assert browser.js("document.querySelector('[data-count=total]').textContent") == str(len(wraps))
        print(f"first verdict on the page {first_verdict_s:.2f} s after submitting")  # noqa: T201

        # Hostile text in the article is shown, not run.
        assert browser.js("window.__pwned === undefined") is True
        assert 'onerror="window.__pwned=1"' in browser.js("document.getElementById('article').textContent")

        # The filter shows one label only.
        shown = api["verdicts"][0]["label"]
        click(browser, f'button[data-filter="{shown}"]')
        visible = browser.js("Array.from(document.querySelectorAll('.claim-wrap'))"
                             ".filter(w => !w.hidden).map(w => w.dataset.label)")
        assert visible and set(visible) == {shown}
        click(browser, 'button[data-filter="all"]')

        # Change the first claim's label, with a note.
        verdict = api["verdicts"][0]
        new = "contradicted" if verdict["label"] != "contradicted" else "supported"
        wrap = "#" + browser.js("document.querySelector('.claim-wrap').id")
        browser.js(f"document.querySelector('{wrap} select[name=label]').value = '{new}'")
        click(browser, f"{wrap} input[name=note]")
        browser.call("Input.insertText", {"text": "Checked with the mission's own site"})
        click(browser, f"{wrap} button[value=set]")
        wait_until(browser, f"document.querySelector('{wrap} .form-msg.ok') !== null", diagnose=f"document.querySelector('{wrap} .form-msg').textContent")
        assert browser.js(f"document.querySelector('{wrap}').dataset.label") == new

        # Reload: the review is still there, audited.
        navigate(browser, f"{base}/runs/{run_id}")
        assert browser.js(f"document.querySelector('{wrap}').dataset.label") == new
        review = browser.js(f"document.querySelector('{wrap} .review').textContent")
        assert "Checked with the mission's own site" in review and "test-editor" in review
        assert verdict["label"] in review.lower()  # the machine verdict is kept beside it
        got = Client(base).call("GET", f"/api/runs/{run_id}")[2]["verdicts"][0]["review"]
        assert (got["before"], got["after"], got["editor"]) == (verdict["label"], new, "test-editor")

        # The API docs render offline: every request stays on this server.
        navigate(browser, base + "/docs")
        paths = wait_until(browser, "Array.from(document.querySelectorAll('.opblock-summary-path'))"
                                    ".map(e => e.textContent).join(' ')")
        assert "/api/runs/{run_id}/reviews" in paths.replace("\u200b", "")
        urls = [e["params"]["request"]["url"] for e in browser.events
                if e.get("method") == "Network.requestWillBeSent"]
        assert urls and all(u.startswith(base) or u.startswith("data:") for u in urls), urls
