"""Render the project's Markdown corpora as the files a newsroom really holds: PDF reports
(reportlab: running header, footer with a page number, two columns from page 2, tables, words
hyphenated at line ends), Word documents (python-docx: headings, paragraphs, tables, core
properties) and news pages saved from a browser (navigation, cookie banner, share buttons,
related stories and a footer around the article, the date only in ``<meta>``).

Used by ``tests/test_index_formats.py``, ``scripts/format_invariance.py`` and
``scripts/bench_pdf.py``; nothing here is part of the package. Every renderer writes what the
Markdown document says and nothing more, so a claim checked against either must get the same
label (the format-invariance target of issue 17).

Example::

    docs = read_sources(["index/corpora/dev6"]).documents
    for doc in docs:
        render_pdf(doc, Path("out") / f"{doc.id}.pdf")
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from verifier.types import Document

FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
HEADER_FOOTER_SIZE = 7.5


# --------------------------------------------------------------------------- Markdown blocks


@dataclass(frozen=True)
class Block:
    """One block of a Markdown body: ``kind`` is "heading", "lines" (a paragraph whose lines
    are kept apart: prose, fact-sheet lines, list items) or "table" (rows of cells)."""

    kind: str
    lines: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def blocks(body: str) -> list[Block]:
    """Split a Markdown body into headings, paragraphs (one entry a source line) and tables."""
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines = [ln.rstrip() for ln in chunk.splitlines() if ln.strip()]
        if not lines:
            continue
        if lines[0].startswith("#") and len(lines) == 1:
            out.append(Block("heading", (lines[0].lstrip("#").strip(),)))
            continue
        table = [ln for ln in lines if ln.lstrip().startswith("|")]
        if table and len(table) == len(lines):
            rows = tuple(tuple(c.strip() for c in ln.strip().strip("|").split("|"))
                         for ln in lines if not _TABLE_RULE.match(ln))
            out.append(Block("table", rows=rows))
            continue
        out.append(Block("lines", tuple(_plain(ln) for ln in lines)))
    return out


def _plain(line: str) -> str:
    """Markdown emphasis markers dropped (the renderings show the words, not the asterisks)."""
    return re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)


# --------------------------------------------------------------------------- PDF


def _fonts() -> tuple[str, str]:
    """A Unicode TrueType font (DejaVu where the system has it, else reportlab's Vera)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Body" in pdfmetrics.getRegisteredFontNames():
        return "Body", "Body-Bold"
    regular = next((d / "DejaVuSans.ttf" for d in FONT_DIRS if (d / "DejaVuSans.ttf").is_file()), None)
    bold = next((d / "DejaVuSans-Bold.ttf" for d in FONT_DIRS if (d / "DejaVuSans-Bold.ttf").is_file()), None)
    if regular is None or bold is None:
        import reportlab

        fonts = Path(reportlab.__file__).parent / "fonts"
        regular, bold = fonts / "Vera.ttf", fonts / "VeraBd.ttf"
    pdfmetrics.registerFont(TTFont("Body", str(regular)))
    pdfmetrics.registerFont(TTFont("Body-Bold", str(bold)))
    return "Body", "Body-Bold"


# Not before a word that opens with a quote: reportlab 5.1 then drops the space between them
# ('situation. "He' set as 'situation."He'), which no reader can put back.
_LONG_WORD = re.compile(r"\b([A-Za-z]{5,})([a-z]{4,})\b(?![.,;:!?]*\s+[\"\u201c\u2018'])")


def soft_hyphens(text: str) -> str:
    """Soft hyphens (U+00AD) in long lower-case words, where a typesetter may break the word
    and draw a hyphen at the line end (as reports set in justified columns do)."""
    return _LONG_WORD.sub(lambda m: m.group(1) + "\u00ad" + m.group(2), text)


def _pdf_date(published: str) -> str:
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return ""
    return f"D:{day:%Y%m%d}120000+00'00'"


def render_pdf(doc: Document, path: Path, *, page_size: str = "A4", font_size: float = 10,
               two_columns: bool = True, title_line: bool = True, hyphenate: bool = True,
               footnote: str = "") -> Path:
    """Write ``doc`` as a report PDF: the title as a heading (``title_line``), a running header
    (source and title) and footer (source, "Page N") on every page, two columns from page 2
    (``two_columns``, when the document has no table), Markdown tables as ruled tables,
    ``footnote`` set small at the foot of page 1, and the title, author (source) and creation
    date (published) in the PDF's information dictionary."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY
    from reportlab.lib.pagesizes import A4, A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import (BaseDocTemplate, Frame, NextPageTemplate, PageTemplate, Paragraph, Spacer,
                                    Table, TableStyle)

    regular, bold = _fonts()
    size = {"A4": A4, "A5": A5}[page_size]
    body = ParagraphStyle("body", fontName=regular, fontSize=font_size, leading=font_size * 1.3, alignment=TA_JUSTIFY,
                          embeddedHyphenation=1 if hyphenate else 0, uriWasteReduce=0.3 if hyphenate else 0,
                          spaceAfter=0)
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=font_size * 1.3,
                             leading=font_size * 1.6, alignment=0,
                             spaceBefore=4, spaceAfter=8)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10, alignment=0, embeddedHyphenation=0)
    parts = blocks(doc.text)
    has_table = any(b.kind == "table" for b in parts)
    margin = 18 * mm
    pdf = BaseDocTemplate(str(path), pagesize=size, leftMargin=margin, rightMargin=margin, topMargin=margin + 6,
                          bottomMargin=margin + 6, title=doc.title, author=doc.source, subject="",
                          creator="claim-verifier test renderer")
    width, height = pdf.width, pdf.height
    one = Frame(margin, margin + 6, width, height, id="one")
    gutter = 7 * mm
    col = (width - gutter) / 2
    left = Frame(margin, margin + 6, col, height, id="left")
    right = Frame(margin + col + gutter, margin + 6, col, height, id="right")
    header = " · ".join(x for x in (doc.source, doc.title) if x)[:110]

    def furniture(canvas, template) -> None:
        canvas.saveState()
        canvas.setFont(regular, HEADER_FOOTER_SIZE)
        top = size[1] - margin + 4
        canvas.drawString(margin, top, header)
        canvas.line(margin, top - 3, size[0] - margin, top - 3)
        canvas.drawString(margin, margin - 4, doc.source[:80] or "Report")
        canvas.drawRightString(size[0] - margin, margin - 4, f"Page {template.page}")
        if footnote and template.page == 1:
            canvas.setFont(regular, 7)
            canvas.drawString(margin, margin + 8, footnote)
        canvas.restoreState()

    pdf.addPageTemplates([PageTemplate(id="one", frames=[one], onPage=furniture),
                          PageTemplate(id="two", frames=[left, right], onPage=furniture)])
    story = []
    if two_columns and not has_table:
        story.append(NextPageTemplate("two"))
    if title_line and doc.title:
        story.append(Paragraph(html.escape(doc.title), heading))
    for block in parts:
        if block.kind == "heading":
            story.append(Paragraph(html.escape(block.lines[0]), heading))
        elif block.kind == "table":
            data = [[Paragraph(html.escape(c), cell) for c in row] for row in block.rows]
            table = Table(data, repeatRows=1, hAlign="LEFT")
            table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                                       ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [table, Spacer(1, 8)]
        else:
            for line in block.lines:
                text = soft_hyphens(line) if hyphenate else line
                story.append(Paragraph(html.escape(text), body))
            story.append(Spacer(1, font_size * 0.7))
    while story and isinstance(story[-1], Spacer):  # a last spacer may start an empty page
        story.pop()
    pdf.build(story)
    _set_creation_date(path, doc.published)
    return path


def _set_creation_date(path: Path, published: str) -> None:
    """reportlab stamps the build time; a report's creation date is its publication date."""
    stamp = _pdf_date(published)
    if not stamp:
        return
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(path))
    writer.add_metadata({"/CreationDate": stamp, "/ModDate": stamp})
    with open(path, "wb") as fh:
        writer.write(fh)


# --------------------------------------------------------------------------- DOCX


def render_docx(doc: Document, path: Path, *, title_heading: bool = True) -> Path:
    """Write ``doc`` as a Word document: the title as a heading, headings, one paragraph a
    Markdown paragraph (its lines apart by line breaks; a list as list paragraphs), tables as
    Word tables, and the title, author (source) and created date (published) as core
    properties."""
    import docx

    word = docx.Document()
    props = word.core_properties
    props.title = doc.title
    props.author = doc.source
    try:
        day = dt.date.fromisoformat(doc.published[:10])
        props.created = dt.datetime(day.year, day.month, day.day, 12, 0)
    except ValueError:
        pass
    if title_heading and doc.title:
        word.add_heading(doc.title, level=1)
    for block in blocks(doc.text):
        if block.kind == "heading":
            word.add_heading(block.lines[0], level=2)
        elif block.kind == "table":
            table = word.add_table(rows=len(block.rows), cols=max(len(r) for r in block.rows))
            for i, row in enumerate(block.rows):
                for j, value in enumerate(row):
                    table.cell(i, j).text = value
        elif all(line.startswith(("- ", "* ")) for line in block.lines):
            for line in block.lines:
                word.add_paragraph(line[2:], style="List Bullet")
        else:  # one paragraph, its lines apart (Shift+Enter), as Markdown has them
            paragraph = word.add_paragraph()
            for i, line in enumerate(block.lines):
                run = paragraph.add_run(line)
                if i + 1 < len(block.lines):
                    run.add_break()
    word.save(str(path))
    return path


# --------------------------------------------------------------------------- saved web page

NAV = ["Home", "World", "Politics", "Business", "Climate", "Sport", "Culture", "Subscribe"]
COOKIE = ("We use cookies to personalise content and ads and to analyse our traffic. "
          "Accept all cookies or manage your preferences.")
SHARE = ["Share on Facebook", "Share on X", "Share by email", "Copy link"]
RELATED = ["Markets rally as central bank holds rates", "Ten recipes for a quick weeknight dinner",
           "Transfer window: the deals that matter"]
FOOTER = "© 2026 Continental Press Group. All rights reserved. Privacy policy · Terms of use · Contact us"
# What no indexed passage may hold: every piece of the page around the article (the menu as
# one run of words: a single "World" or "Home" may well be in an article).
BOILERPLATE = [" ".join(NAV), COOKIE, "Accept all", "Manage preferences", *SHARE, "Related stories", *RELATED,
               FOOTER]


def render_html(doc: Document, path: Path, *, site: str = "Continental Press", url: str = "",
                json_ld: bool = False) -> Path:
    """Write ``doc`` as a news page saved from a browser: the article among a navigation bar,
    a cookie banner, share buttons, related stories and a footer. The publication date is only
    in ``<meta>`` (Open Graph ``article:published_time``; with ``json_ld`` also JSON-LD's
    ``datePublished``), the author (source) in ``<meta name="author">``."""
    import json

    esc = html.escape
    paragraphs = []
    for block in blocks(doc.text):
        if block.kind == "heading":
            paragraphs.append(f"<h2>{esc(block.lines[0])}</h2>")
        elif block.kind == "table":
            head, *rest = block.rows
            paragraphs.append("<table><thead><tr>" + "".join(f"<th>{esc(c)}</th>" for c in head) + "</tr></thead><tbody>"
                              + "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rest)
                              + "</tbody></table>")
        else:
            items = [ln for ln in block.lines if ln.startswith(("- ", "* "))]
            if items and len(items) == len(block.lines):
                paragraphs.append("<ul>" + "".join(f"<li>{esc(ln[2:])}</li>" for ln in items) + "</ul>")
            else:  # one paragraph, its lines apart, as Markdown has them
                paragraphs.append("<p>" + "<br>\n".join(esc(ln) for ln in block.lines) + "</p>")
    stamp = f"{doc.published}T09:30:00+00:00" if doc.published else ""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": doc.title,
          "author": {"@type": "Organization", "name": doc.source}, "publisher": {"@type": "Organization", "name": site}}
    if stamp:
        ld["datePublished"] = stamp
    meta = [f'<meta property="og:title" content="{esc(doc.title)}">',
            f'<meta property="og:site_name" content="{esc(site)}">',
            f'<meta name="author" content="{esc(doc.source)}">']
    if stamp:
        meta.append(f'<meta property="article:published_time" content="{stamp}">')
    if url:
        meta.append(f'<link rel="canonical" href="{esc(url)}">')
    ld_json = json.dumps(ld).replace("<", "\\u003c")  # no "</script>" inside the script
    ld_script = f'<script type="application/ld+json">{ld_json}</script>\n' if json_ld else ""
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{esc(doc.title)} | {esc(site)}</title>
{chr(10).join(meta)}
{ld_script}<script>window.dataLayer = window.dataLayer || []; function gtag() {{ dataLayer.push(arguments); }}</script>
<style>body {{ font-family: sans-serif; }} .share a {{ margin: 0 4px; }}</style>
</head><body>
<div id="cookie-banner" class="cookie-consent"><p>{COOKIE}</p><button>Accept all</button><button>Manage preferences</button></div>
<header class="site-header"><a class="logo" href="/">{esc(site)}</a>
<nav class="main-nav"><ul>{"".join(f'<li><a href="/{n.lower()}">{n}</a></li>' for n in NAV)}</ul></nav></header>
<main><article>
<h1>{esc(doc.title)}</h1>
<div class="share">{"".join(f'<a href="#share">{s}</a>' for s in SHARE)}</div>
{chr(10).join(paragraphs)}
<div class="share">{"".join(f'<a href="#share">{s}</a>' for s in SHARE)}</div>
</article>
<aside class="related"><h3>Related stories</h3><ul>{"".join(f'<li><a href="/r{i}">{r}</a></li>' for i, r in enumerate(RELATED))}</ul></aside>
</main>
<footer class="site-footer"><p>{FOOTER}</p></footer>
</body></html>
"""
    path.write_text(page, encoding="utf-8")
    return path
