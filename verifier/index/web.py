"""The main text and metadata of a web page saved from a browser: ``read_html(text) -> Extracted``.

trafilatura finds the article among the page's navigation, cookie banner, share buttons,
related links and footer, and reads the metadata a news page carries: title, site name
(the document's source; the author where the page names no site), canonical URL and the
publication date (htmldate: ``<meta>`` tags, JSON-LD, the byline, the URL). Dates after
``MAX_DATE`` are refused, so the same file gives the same date on any day it is read
(htmldate's default limit is "today").

The text keeps the article's structure: headings and paragraphs are separated by blank
lines, list items are ``- item`` lines, a table is one ``cell | cell`` line a row. Scripts,
styles, comments and attributes never reach it. A page with no main text is a
``FormatError`` V005.

Example::

    ex = read_html(Path("saved-page.html").read_text())
    ex.title, ex.source, ex.published
"""

from __future__ import annotations

import logging
import re

from verifier.index.extracted import Extracted, FormatError, iso_date

log = logging.getLogger(__name__)

MAX_DATE = "2100-12-31"
# Never the article: "please enable JavaScript" notices and tracking pixels, and a <title> in
# the body (browsers do not show it; its text may look like markup: "<script>...").
_PRUNE = ["//noscript", "//body//title"]
_SPACES = re.compile(r"\s+")
_HAS_HTML = re.compile(r"(?i)<html[\s>]")


def read_html(html: str | bytes) -> Extracted:
    """The main text of ``html`` (text, or bytes trafilatura decodes by the page's charset)
    with its title, site, URL and publication date."""
    import trafilatura

    for name in ("trafilatura", "htmldate", "courlan", "justext"):
        # Their notes on odd pages ("empty HTML tree") are not the user's business: the outcome is.
        logging.getLogger(name).setLevel(logging.CRITICAL)
    if not _HAS_HTML.search(html[:2048] if isinstance(html, str) else html[:2048].decode("latin-1")):
        # A fragment ("<p>...</p>"): trafilatura reads whole pages, and drops fragments whose
        # tree it cannot root; a page around it reads the same.
        html = "<html>" + html if isinstance(html, str) else b"<html>" + html
    options = {"include_tables": True, "include_comments": False, "include_images": False,
               "include_links": False, "prune_xpath": _PRUNE}
    params = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%d", "max_date": MAX_DATE}
    try:
        try:
            doc = trafilatura.bare_extraction(html, with_metadata=True, date_extraction_params=params, **options)
        except AssertionError:
            # htmldate's cleaning asserts on some broken trees (lxml drop_tree of a parentless
            # element, as in "<svg><p><p>"): the text is still there without the metadata.
            doc = trafilatura.bare_extraction(html, with_metadata=False, **options)
    except (ValueError, TypeError) as exc:  # lxml refuses some byte soup outright
        raise FormatError(f"no main text found ({exc}).", code="V005") from exc
    text = "\n\n".join(_blocks(doc.body)) if doc is not None and doc.body is not None else ""
    if not text.strip():
        raise FormatError("no main text found (a page of links and menus only, or an empty page); "
                          "save the article's own page.", code="V005")
    return Extracted(text=text, title=_one_line(doc.title), source=_one_line(doc.sitename or doc.author),
                     published=iso_date(doc.date), url=_one_line(doc.url))


def _one_line(value: object) -> str:
    return _SPACES.sub(" ", str(value or "")).strip()


def _blocks(body) -> list[str]:
    """The extracted XML (``head``, ``p``, ``list``/``item``, ``table``/``row``/``cell``,
    ``quote``) as text blocks."""
    out: list[str] = []
    for el in body:
        tag = el.tag
        if tag == "list":
            items = [_one_line("".join(item.itertext())) for item in el.iter("item")]
            out.append("\n".join(f"- {item}" for item in items if item))
        elif tag == "table":
            rows = [" | ".join(_one_line("".join(c.itertext())) for c in row.iter("cell")) for row in el.iter("row")]
            out.append("\n".join(r for r in rows if r.strip(" |")))
        elif tag in ("quote", "div", "section"):
            out.extend(_blocks(el) if len(el) else [_one_line("".join(el.itertext()))])
        elif tag in ("graphic", "ref") and not "".join(el.itertext()).strip():
            continue
        else:
            lines = _lines(el)
            out.append("\n".join(lines))
    return [b for b in out if b.strip()]


def _lines(el) -> list[str]:
    """A paragraph's text, split at its ``<lb/>`` line breaks."""
    parts: list[str] = [el.text or ""]
    for child in el:
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return [ln for ln in (_one_line(x) for x in "".join(parts).split("\n")) if ln]
