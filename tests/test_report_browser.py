"""The HTML report in a real browser: headless Chromium driven over the DevTools protocol.

Chromium talks DevTools JSON over two pipes (``--remote-debugging-pipe``: it reads commands
from fd 3 and writes replies and events to fd 4, each message ending in a NUL byte), so the test
needs no extra package and no network port. Skipped where Debian's ``chromium`` is not
installed (.ci/run installs it).
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from report_fixture import XSS_IMG, XSS_SCRIPT, run, trails

from verifier.report import render

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIMEOUT_S = 30.0


class DevTools:
    """A minimal DevTools-protocol client over Chromium's debugging pipe, attached to one tab."""

    def __init__(self, binary: str, profile: Path):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()
        # Move the child's ends out of the way so dup2 onto 3 and 4 cannot clobber them.
        child_r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD_CLOEXEC, 100)
        child_w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD_CLOEXEC, 100)
        for fd in (to_chrome_r, from_chrome_w):
            os.close(fd)

        def wire_pipes() -> None:  # runs in the child: Chromium expects fds 3 and 4
            os.dup2(child_r, 3)
            os.dup2(child_w, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run",
             "--disable-default-apps", "--remote-debugging-pipe", f"--user-data-dir={profile}",
             "--window-size=1280,1800", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            close_fds=False, preexec_fn=wire_pipes)
        os.close(child_r)
        os.close(child_w)
        self._out, self._in = to_chrome_w, from_chrome_r
        self._buf = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def attach(self) -> None:
        """Attach to the browser's tab; later calls go to it."""
        targets = self.call("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        self.session = self.call("Target.attachToTarget", {"targetId": page["targetId"],
                                                           "flatten": True},
                                 session=False)["sessionId"]

    def _message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk
        raw, _, self._buf = self._buf.partition(b"\0")
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None, *,
             session: bool = True) -> dict[str, Any]:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = self.session
        os.write(self._out, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            reply = self._message(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]
            self.events.append(reply)
            if reply.get("method") == "Page.javascriptDialogOpening":  # never leave it blocking
                os.write(self._out, json.dumps({
                    "id": 10**6 + self._next_id, "method": "Page.handleJavaScriptDialog",
                    "params": {"accept": True}, "sessionId": self.session}).encode() + b"\0")

    def wait_for(self, event: str) -> None:
        deadline = time.monotonic() + TIMEOUT_S
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._message(deadline))

    def js(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def click(self, selector: str) -> None:
        """A real mouse click at the centre of the element (as a user would)."""
        box = self.js(f"(() => {{ const r = document.querySelector({json.dumps(selector)})"
                      ".getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1],
                                                   "button": "left", "clickCount": 1})

    def close(self) -> None:
        try:
            self.call("Browser.close", session=False)
        except (RuntimeError, TimeoutError, OSError):
            pass  # it may already be gone; the kill below makes sure
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._out)
        os.close(self._in)


@pytest.fixture
def browser(tmp_path: Path):
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH: install Debian's `chromium` (apt-get install chromium) "
                    "to run the browser test")
    tools = DevTools(CHROMIUM, tmp_path / "profile")
    try:
        tools.attach()
        yield tools
    finally:
        tools.close()


VISIBLE_CARDS = ("Array.from(document.querySelectorAll('article.card'))"
                 ".filter(c => getComputedStyle(c).display !== 'none').map(c => c.id)")


def test_html_report_in_chromium(browser: DevTools, tmp_path: Path) -> None:
    fixture, reviews = run(), trails()
    page = tmp_path / "report.html"
    page.write_text(render(fixture, "html", reviews), encoding="utf-8")
    browser.call("Page.enable")
    browser.call("Runtime.enable")
    browser.call("Page.navigate", {"url": page.as_uri()})
    browser.wait_for("Page.loadEventFired")

    # Every claim has its card.
    cards = browser.js("Array.from(document.querySelectorAll('article.card')).map(c => c.id)")
    assert sorted(cards) == sorted(f"claim-{v.claim_id}" for v in fixture.verdicts)

    # Highlights sit on the right text and link to existing cards.
    marks = browser.js("Array.from(document.querySelectorAll('mark.hl')).map(m => ({"
                       "start: +m.dataset.start, end: +m.dataset.end, text: m.textContent,"
                       "links: Array.from(m.nextElementSibling.querySelectorAll('a'))"
                       ".map(a => a.getAttribute('href'))}))")
    article = fixture.record.article
    spans = {(v.span.start, v.span.end) for v in fixture.verdicts}
    assert {(m["start"], m["end"]) for m in marks} == spans  # the shared sentence once
    for m in marks:
        assert m["text"] == article[m["start"]:m["end"]]
        for href in m["links"]:
            assert browser.js(f"document.getElementById({json.dumps(href[1:])}) !== null"), href
    shared = next(m for m in marks if len(m["links"]) == 2)
    assert shared["links"] == ["#claim-ua-002", "#claim-ua-003"]

    # The hostile document did not run and shows as text.
    assert not any(e.get("method") == "Page.javascriptDialogOpening" for e in browser.events)
    assert browser.js("window.__pwned === undefined") is True
    assert browser.js("document.title") == ("Claim verification report: "
                                            "claims/ukraine-2022-04-26.article.txt")
    assert browser.js("document.scripts.length") == 1
    assert browser.js("document.images.length") == 0
    hostile = browser.js("document.getElementById('claim-ua-044').textContent")
    assert XSS_SCRIPT in hostile and XSS_IMG in hostile

    # The filter hides the other verdicts (final labels: the editor cleared ua-003).
    browser.click('button[data-filter="contradicted"]')
    assert browser.js(VISIBLE_CARDS) == ["claim-ua-014", "claim-ua-015"]
    browser.click('button[data-filter="unverified"]')
    assert browser.js(VISIBLE_CARDS) == ["claim-ua-044"]
    browser.click('button[data-filter="all"]')
    assert len(browser.js(VISIBLE_CARDS)) == len(fixture.verdicts)

    shot = base64.b64decode(browser.call("Page.captureScreenshot", {"format": "png"})["data"])
    (tmp_path / "report.png").write_bytes(shot)
    assert shot.startswith(b"\x89PNG")

    # On a phone-sized screen nothing overflows sideways.
    browser.call("Emulation.setDeviceMetricsOverride", {"width": 390, "height": 844,
                                                        "deviceScaleFactor": 2, "mobile": True})
    assert browser.js("document.documentElement.scrollWidth") <= 390
    phone = base64.b64decode(browser.call("Page.captureScreenshot", {"format": "png"})["data"])
    (tmp_path / "report-phone.png").write_bytes(phone)

    # It prints.
    pdf = base64.b64decode(browser.call("Page.printToPDF")["data"])
    (tmp_path / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
