"""The text of a PDF as a reader sees it, page by page: ``read_pdf(path) -> Extracted``.

Text comes from PDFium (``pypdfium2``, chosen over pypdf and pdfplumber in docs/formats.md:
the best text once laid out, 4-30 times faster, and positioned text runs to lay out). PDFium
gives its character stream (with the spaces and line breaks it infers) and text rectangles;
a run is a rectangle's stretch of the stream, with its box, baseline and type size. The rest
is layout, done here so that every producer's files read the same way:

1. **Lines.** Runs whose baselines are within half a type size share a visual line; within
   it, runs a type size or more apart are separate *pieces* (table cells, or two columns).
2. **Running headers and footers** are dropped: a line among the first or last two of a page,
   within the top or bottom tenth of it, that recurs (digits aside) on at least 40% of the
   pages (and on two or more), or holds a page number ("7", "Page 7 of 12", "- vii -"); and
   a page's first line, in that top tenth, set smaller than the body text (a header that
   changes from page to page, or the header of a one-page document).
3. **Columns and tables.** From a line of several pieces, the lines that leave its gaps free
   (each narrows them; a line across one ends the run) form a zone: the lines of two columns
   need not share baselines. A zone of prose (pieces of 2.5 words or more on average, filling
   three quarters of their column, three lines or more a column) is read column by column;
   any other is a table, read row by row as ``cell | cell | cell``, one line a row (a cell's
   wrapped lines join their row).
4. **Paragraphs.** A line that ends short of its column's right edge by more than the next
   line's first word ends a line (a fact-sheet line); a list item starts one; baselines
   further apart than 1.6 type sizes (or 1.25 times the document's usual line pitch), a
   change of type size or a table end a paragraph (a blank line); other lines are joined with
   a space, also over a column or page break. A word hyphenated at a line end is mended
   ("evac-" "uation" -> "evacuation") unless it is a compound ("one-off": see ``_mend``). A
   page's footnotes (its last lines, in smaller type) wait for the next paragraph break.

``Extracted.page_starts[i]`` is where page i + 1 begins in the text, so a quote's page is
``page_of(page_starts, start)``. An encrypted or unreadable file is a ``FormatError`` V018;
a file with no text layer (a scan) V017 ("OCR it first"); pages without text are named in a
warning.

Example::

    ex = read_pdf(Path("sitrep-4.pdf"))
    ex.text[ex.page_starts[1]:][:80]   # the start of page 2
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from verifier.index.extracted import Extracted, FormatError, iso_date

log = logging.getLogger(__name__)

# Layout thresholds, in type sizes (of a line's longest run) or page shares; each was checked on
# the news corpora rendered by tests/format_fixtures.py and on pages printed by Chromium.
PIECE_GAP = 1.0  # runs further apart than this on one line are separate pieces (cells, columns)
JOIN_NO_SPACE = 0.15  # runs closer than this (and not split by a space) join without one
SAME_LINE = 0.5  # runs whose baselines are closer than this share a line (superscripts too)
FURNITURE_BAND = 0.10  # running headers/footers sit in the top/bottom tenth of the page...
FURNITURE_LINES = 2  # ...among its first/last two lines...
FURNITURE_SHARE = 0.4  # ...and recur on this share of the pages (and on two at least)
PARAGRAPH_PITCH = 1.6  # baselines further apart than this start a paragraph (leading is 1.15-1.45)...
TYPICAL_PITCH = 1.25  # ...or than this times the document's usual line pitch (double spacing)
SIZE_CHANGE = 0.15  # a type size differing by this share starts a paragraph (headings)
GUTTER = 0.3  # a gutter is at least this wide (in line heights)
COLUMN_WORDS = 2.5  # a zone of prose in columns: its pieces average this many words or more...
COLUMN_FILL = 0.75  # ...fill this share of their column's width on average (table cells fill less)...
COLUMN_LINES = 3  # ...and each column has this many lines or more; any other zone is a table
CELL_CONTINUATION = 0.6  # a table line closer than this below a row continues its cells
FOOTNOTE_SIZE = 0.85  # a page's last lines set smaller than this share of the body size are footnotes
MIN_TEXT_CHARS = 20  # fewer characters in the whole file: no text layer (a scan)

_PAGE_NUMBER = re.compile(
    r"(?i)^(?:page|p\.|pg\.?|seite|p[áa]gina)?\s*[-\u2013\u2014]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-\u2013\u2014]?"
    r"\s*(?:(?:of|/|von|de|sur)\s*\d{1,4})?$")
_LIST_ITEM = re.compile(r"^(?:[-\u2013\u2022\u25aa\u25e6*]|\d{1,2}[.)])\s")
_HYPHENS = ("-", "\u2010", "\u00ad", "\x02")  # \x02: PDFium's mark for a hyphen at a line end
_TERMINAL = tuple(".!?:;\u201d\"')]")
_COMPOUND = re.compile(r"(?<![\w-])([^\W\d_]+)-([^\W\d_]+)(?![\w-])")
_WORD = re.compile(r"[^\W\d_]+")
_LIGATURES = re.compile("[\ufb00-\ufb06]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_JUNK_TITLE = re.compile(r"(?i)^(microsoft (word|powerpoint) - .*|untitled.*|.*\.(docx?|pdf|indd|rtf|odt))$")


@dataclass
class _Run:
    """Text PDFium put in one box: its box (from the top of the page), baseline, type size
    and span in the page's text stream (where PDFium wrote the spaces between words)."""

    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    baseline: float = 0.0
    size: float = 0.0
    start: int = -1
    end: int = -1


@dataclass
class _Line:
    """A visual line: its pieces left to right (each a text with its box), and the baseline
    and type size of its main run."""

    pieces: list[_Run]
    top: float
    bottom: float
    baseline: float
    size: float

    @property
    def height(self) -> float:
        return max(self.size, 1.0)

    @property
    def x0(self) -> float:
        return self.pieces[0].x0

    @property
    def x1(self) -> float:
        return self.pieces[-1].x1

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.pieces)


@dataclass
class _Out:
    """A line in reading order, as paragraphs are assembled from it."""

    text: str
    x0: float
    x1: float
    baseline: float
    height: float  # type size
    region: str  # "body", or the zone and column it belongs to
    row: bool = False  # a table row
    page: int = 0


@dataclass
class _Page:
    number: int  # 1-based
    height: float
    lines: list[_Line] = field(default_factory=list)


def read_pdf(path: Path) -> Extracted:
    """The text of the PDF at ``path``, its page starts and its information dictionary's
    title, author (as source) and creation date (as published)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise FormatError("encrypted PDF (it needs a password); save an unencrypted copy "
                              "(print to PDF) first.", code="V018") from exc
        raise FormatError(f"not a readable PDF ({_reason(exc)}); re-export it from its source.",
                          code="V018") from exc
    try:
        pages = [_read_page(pdf, i) for i in range(len(pdf))]
        meta = pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError as exc:
        raise FormatError(f"not a readable PDF ({_reason(exc)}); re-export it from its source.",
                          code="V018") from exc
    finally:
        pdf.close()
    chars = sum(len(p.text) for page in pages for line in page.lines for p in line.pieces)
    if chars < MIN_TEXT_CHARS:
        raise FormatError(f"no text layer ({len(pages)} page{'s' * (len(pages) != 1)} of images, "
                          "a scan?); OCR it first (e.g. ocrmypdf in.pdf out.pdf).", code="V017")
    warnings = []
    blank = [p.number for p in pages if not p.lines]
    if blank:
        warnings.append(f"page{'s' * (len(blank) > 1)} {_ranges(blank)} of {len(pages)} ha{'ve' if len(blank) > 1 else 's'} "
                        "no text layer (scanned?); OCR the file to index them.")
    _drop_furniture(pages)
    text, starts = _assemble(pages)
    title = " ".join(str(meta.get("Title", "")).split())
    return Extracted(text=text, page_starts=starts, title="" if _JUNK_TITLE.match(title) else title,
                     source=" ".join(str(meta.get("Author", "")).split()),
                     published=_pdf_date(str(meta.get("CreationDate", ""))), warnings=warnings)


def page_of(page_starts: list[int], offset: int) -> int | None:
    """The 1-based page holding character ``offset`` of a document whose pages start at
    ``page_starts``; None for a document without pages.

    >>> page_of([0, 120, 260], 130)
    2
    """
    if not page_starts:
        return None
    return max(1, bisect.bisect_right(page_starts, offset))


def _reason(exc: Exception) -> str:
    """PDFium's own words for what failed ("data format error"), else the exception's."""
    m = re.search(r"PDFium: ([^)]+)", str(exc))
    return m.group(1).strip().lower() if m else (str(exc).strip().rstrip(".") or type(exc).__name__)


def _ranges(numbers: list[int]) -> str:
    """[1, 2, 3, 7] -> "1-3, 7"."""
    out: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        out.append(f"{start}-{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    return ", ".join(out)


def _pdf_date(value: str) -> str:
    """``D:20220425120000+00'00'`` -> ``2022-04-25``."""
    m = re.match(r"(?:D:)?(\d{4})(\d{2})(\d{2})", value.strip())
    return iso_date(f"{m.group(1)}-{m.group(2)}-{m.group(3)}") if m else ""


def _clean(text: str) -> str:
    """A run's text: ligatures spelt out, soft hyphens gone but at the end (where a word
    breaks: marked like PDFium marks a line-end hyphen), no control characters."""
    text = _LIGATURES.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text).strip()
    end = "\x02" if text.endswith(("\u00ad", "\x02", "\ufffe")) else ""
    text = text.replace("\ufffe", "")
    text = _CONTROL.sub(" ", text.replace("\u00ad", "")).strip()
    return text + end if text else ""


# --------------------------------------------------------------------------- lines of a page


def _read_page(pdf, index: int) -> _Page:
    page = pdf[index]
    try:
        height = page.get_height()
        textpage = page.get_textpage()
        try:
            stream, runs = _runs(textpage, height)
        finally:
            textpage.close()
    finally:
        page.close()
    return _Page(index + 1, height, _lines(runs, stream))


def _runs(textpage, height: float) -> tuple[str, list[_Run]]:
    """The page's text stream (PDFium's characters in content order, with the spaces and line
    breaks it infers) and its runs: PDFium's text rectangles, each with the stretch of the
    stream from its first character to the next rectangle's. (Reading a rectangle's text by
    its box instead repeats characters where a producer kerns, "Yo" or "AV": boxes overlap.)"""
    import ctypes

    import pypdfium2.raw as pdfium_c

    raw = textpage.raw
    n = textpage.count_chars()
    stream = textpage.get_text_range()
    if len(stream) != n:  # characters outside the BMP: PDFium counts UTF-16 units
        stream = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 0xFFFD) for i in range(n))
    boxes = [textpage.get_rect(i) for i in range(textpage.count_rects())]
    firsts: list[int] = []
    for left, bottom, right, top in boxes:
        first = pdfium_c.FPDFText_GetCharIndexAtPos(raw, left + min(1.0, (right - left) / 4), (bottom + top) / 2,
                                                  1.0, max(1.0, (top - bottom) / 2))
        if first < 0 or (firsts and first <= firsts[-1]):  # no character there, or out of order
            found = stream.find(textpage.get_text_bounded(left, bottom, right, top).strip()[:16],
                                firsts[-1] + 1 if firsts else 0)
            first = found if found >= 0 else (firsts[-1] + 1 if firsts else 0)
        firsts.append(min(first, n))
    x, y = ctypes.c_double(), ctypes.c_double()
    runs = []
    for k, (left, bottom, right, top) in enumerate(boxes):
        start, stop = firsts[k], firsts[k + 1] if k + 1 < len(firsts) else n
        piece = stream[start:stop]
        text = _clean(piece)
        if not text:
            continue
        start += len(piece) - len(piece.lstrip())
        run = _Run(left, right, height - top, height - bottom, text, height - bottom, top - bottom,
                   start, start + len(piece.strip()))
        run.size = pdfium_c.FPDFText_GetFontSize(raw, start) or run.size
        if pdfium_c.FPDFText_GetCharOrigin(raw, start, x, y):
            run.baseline = height - y.value
        runs.append(run)
    return stream, runs


def _lines(runs: list[_Run], stream: str) -> list[_Line]:
    """Group runs into visual lines (top to bottom), each split into pieces at wide gaps."""
    rows: list[list[_Run]] = []
    for run in sorted(runs, key=lambda r: r.baseline):
        if rows:
            main = max(rows[-1], key=lambda r: len(r.text))
            if abs(run.baseline - main.baseline) < SAME_LINE * max(main.size, run.size, 1.0):
                rows[-1].append(run)
                continue
        rows.append([run])
    lines = []
    for row in rows:
        main = max(row, key=lambda r: len(r.text))
        h = max(main.size, 1.0)
        pieces: list[_Run] = []
        for run in sorted(row, key=lambda r: r.x0):
            if pieces and run.x0 - pieces[-1].x1 < PIECE_GAP * h:
                last = pieces[-1]
                pieces[-1] = _Run(last.x0, max(last.x1, run.x1), min(last.top, run.top), max(last.bottom, run.bottom),
                                  last.text + _space(last, run, stream, h) + run.text, last.baseline, last.size,
                                  last.start, run.end)
            else:
                pieces.append(run)
        lines.append(_Line(pieces, min(r.top for r in row), max(r.bottom for r in row), main.baseline, h))
    return lines


def _space(a: _Run, b: _Run, stream: str, size: float) -> str:
    """What stands between two runs of a line: what PDFium's text stream has between them
    when they follow each other there, else a space when they are apart."""
    if 0 <= a.end <= b.start and b.start - a.end <= 4:
        return " " if b.start > a.end else ""
    return " " if b.x0 - a.x1 > JOIN_NO_SPACE * size else ""


# --------------------------------------------------------------------------- headers and footers


def _furniture_key(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"\d+", "#", text.lower())).strip()


def _drop_furniture(pages: list[_Page]) -> None:
    """Remove running headers, footers and bare page numbers from every page (in place)."""
    seen: dict[tuple[str, str], set[int]] = {}
    candidates: list[tuple[_Page, _Line, str]] = []
    for page in pages:
        band = FURNITURE_BAND * page.height
        n = len(page.lines)
        for i, line in enumerate(page.lines):
            if i < FURNITURE_LINES and line.bottom <= band:
                where = "top"
            elif i >= n - FURNITURE_LINES and line.top >= page.height - band:
                where = "bottom"
            else:
                continue
            key = _furniture_key(line.text)
            seen.setdefault((where, key), set()).add(page.number)
            candidates.append((page, line, where))
    need = max(2, FURNITURE_SHARE * len(pages))
    sizes: dict[float, int] = {}
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] = sizes.get(round(line.size, 1), 0) + len(line.text)
    body = max(sizes, key=sizes.get) if sizes else 0.0
    drop = set()
    for page, line, where in candidates:
        # A line that recurs, that holds a page number in the margin ("Annual report 2023 ... 7"),
        # or that heads the page in type smaller than the body's (a header that changes from page
        # to page, or tops a single page: nothing recurs there).
        if (len(seen[(where, _furniture_key(line.text))]) >= need or any(_PAGE_NUMBER.match(p.text) for p in line.pieces)
                or (where == "top" and line is page.lines[0] and line.size < FOOTNOTE_SIZE * body)):
            drop.add(id(line))
    for page in pages:
        page.lines = [ln for ln in page.lines if id(ln) not in drop]


# --------------------------------------------------------------------------- columns and tables


def _free(gutter: tuple[float, float], line: _Line, min_width: float) -> tuple[float, float] | None:
    """The widest part of ``gutter`` that no piece of ``line`` covers (None below ``min_width``)."""
    spans = [gutter]
    for p in line.pieces:
        spans = [part for lo, hi in spans for part in ((lo, min(hi, p.x0)), (max(lo, p.x1), hi)) if part[1] > part[0]]
    best = max(spans, key=lambda g: g[1] - g[0], default=None)
    return best if best is not None and best[1] - best[0] >= min_width else None


def _zone_end(lines: list[_Line], start: int) -> tuple[int, list[tuple[float, float]]]:
    """How far from ``start`` (a line of several pieces) the lines leave common vertical gaps
    (gutters) free: each line narrows them (justified lines end a fraction apart); a line of
    one piece that closes one, or a line that closes them all, ends the zone."""
    first = lines[start]
    gutters = [(a.x1, b.x0) for a, b in zip(first.pieces, first.pieces[1:])]
    k = start + 1
    while k < len(lines):
        line = lines[k]
        if line.baseline - lines[k - 1].baseline > 4 * line.height:
            break
        narrowed = [g for g in (_free(g, line, GUTTER * line.height) for g in gutters) if g]
        if len(narrowed) < len(gutters) and len(line.pieces) == 1 or not narrowed:
            break  # a line across a gutter (a heading, a full-width paragraph) ends the zone
        gutters = narrowed
        k += 1
    return k, gutters


def _column(x0: float, gutters: list[tuple[float, float]]) -> int:
    return sum(1 for g0, _ in gutters if x0 >= g0)


def _page_lines(page: _Page) -> list[_Out]:
    """The page's lines in reading order: zones of columns read column by column, tables
    row by row, the rest top to bottom."""
    out: list[_Out] = []
    lines = page.lines
    i = 0
    while i < len(lines):
        line = lines[i]
        if len(line.pieces) > 1:
            end, gutters = _zone_end(lines, i)
            zone = lines[i:end]
            if sum(len(z.pieces) > 1 for z in zone) >= 2:
                out.extend(_read_zone(zone, gutters, f"p{page.number}z{i}", page.number))
                i = end
                continue
        out.append(_Out(line.text, line.x0, line.x1, line.baseline, line.height, "body", page=page.number))
        i += 1
    return out


def _read_zone(zone: list[_Line], gutters: list[tuple[float, float]], name: str, number: int) -> list[_Out]:
    pieces = [(line, p) for line in zone for p in line.pieces]
    columns: dict[int, list[tuple[_Line, _Run]]] = {}
    for line, p in pieces:
        columns.setdefault(_column(p.x0, gutters), []).append((line, p))
    words = sum(len(p.text.split()) for _, p in pieces) / len(pieces)
    slots = {c: max(p.x1 for _, p in col) - min(p.x0 for _, p in col) for c, col in columns.items()}
    fill = sum((p.x1 - p.x0) / max(slots[c], 1.0) for c, col in columns.items() for _, p in col) / len(pieces)
    if words >= COLUMN_WORDS and fill >= COLUMN_FILL and min(len(c) for c in columns.values()) >= COLUMN_LINES:
        return [_Out(p.text, p.x0, p.x1, line.baseline, line.height, f"{name}c{c}", page=number)
                for c in sorted(columns) for line, p in columns[c]]
    rows: list[tuple[_Line, dict[int, list[str]]]] = []
    width = len(gutters) + 1
    for line in zone:
        cells: dict[int, list[str]] = {}
        for p in line.pieces:
            cells.setdefault(_column(p.x0, gutters), []).append(p.text)
        if rows and len(cells) < width and line.top - rows[-1][0].bottom < CELL_CONTINUATION * line.height:
            last_line, last = rows[-1]
            for c, texts in cells.items():
                last.setdefault(c, []).extend(texts)
            rows[-1] = (_Line(last_line.pieces, last_line.top, line.bottom, line.baseline, last_line.size), last)
            continue
        rows.append((line, cells))
    return [_Out(" | ".join(_join_cell(cells.get(c, [])) for c in range(width)).strip(), line.x0, line.x1,
                 line.baseline, line.height, name, row=True, page=number) for line, cells in rows]


def _join_cell(texts: list[str]) -> str:
    out = texts[0] if texts else ""
    for t in texts[1:]:
        head, joiner = _mend(out, t, set(), set())
        out = head + joiner + t
    return out


# --------------------------------------------------------------------------- paragraphs


def _assemble(pages: list[_Page]) -> tuple[str, list[int]]:
    """Join the pages' lines into one text; return it and each page's start offset.

    A page's footnotes (its last lines, in type smaller than the body's) wait for the next
    paragraph break, so a sentence running over the page break stays whole; their quotes then
    count to the page where that break falls."""
    outs = [_page_lines(page) for page in pages]
    every = [o for page in outs for o in page]
    compounds = {m.group(0).lower() for o in every for m in _COMPOUND.finditer(o.text[:-1])}
    words = {w.lower() for o in every for w in _WORD.findall(o.text[:-1])}
    edges = _edges(every)
    pitch = _typical_pitch(every)
    body = _body_size(every)
    parts: list[str] = []
    length = 0
    starts: list[int] = []
    prev: _Out | None = None
    pending: list[_Out] = []  # footnotes waiting for a paragraph break
    for lines in outs:
        start = None
        notes = _footnotes(lines, body)
        flow = lines[: len(lines) - len(notes)]
        for i, line in enumerate(flow):
            sep = "" if prev is None else _separator(prev, line, edges, pitch)
            if sep == " ":
                head, sep = _mend(parts[-1], line.text, compounds, words)
                length += len(head) - len(parts[-1])
                parts[-1] = head
            elif pending and sep == "\n\n":
                parts.append("".join(f"\n\n{note.text}" for note in pending))
                length += len(parts[-1])
                pending = []
            if start is None:
                start = length + len(sep)
            parts.append(sep + line.text)
            length += len(parts[-1])
            prev = line
        pending.extend(notes)
        starts.append(length if start is None else start)
    if pending:
        parts.append("".join(f"\n\n{note.text}" for note in pending))
    text = "".join(parts).replace("\x02", "-")
    return (text[2:], [max(0, s - 2) for s in starts]) if text.startswith("\n\n") else (text, starts)


def _body_size(lines: list[_Out]) -> float:
    """The type size most of the text is set in."""
    chars: dict[float, int] = {}
    for o in lines:
        chars[round(o.height, 1)] = chars.get(round(o.height, 1), 0) + len(o.text)
    return max(chars, key=chars.get) if chars else 0.0


def _footnotes(lines: list[_Out], body: float) -> list[_Out]:
    """The page's last lines set smaller than the body text (footnotes, source notes)."""
    n = len(lines)
    while n and lines[n - 1].height < FOOTNOTE_SIZE * body and not lines[n - 1].row:
        n -= 1
    return lines[n:] if n else []


def _edges(lines: list[_Out]) -> dict[tuple[int, str], tuple[float, float]]:
    """The left and right edge of each region's text on each page."""
    edges: dict[tuple[int, str], tuple[float, float]] = {}
    for o in lines:
        key = (o.page, o.region)
        lo, hi = edges.get(key, (o.x0, o.x1))
        edges[key] = (min(lo, o.x0), max(hi, o.x1))
    return edges


def _typical_pitch(lines: list[_Out]) -> float:
    """The document's distance between the baselines of a paragraph's lines, in type sizes
    (the 20th percentile of its pitches; 1.2 when unknown)."""
    ratios = sorted((b.baseline - a.baseline) / a.height for a, b in zip(lines, lines[1:])
                    if a.page == b.page and a.region == b.region and not a.row and a.height == b.height
                    and 0 < b.baseline - a.baseline < 3 * a.height)
    return ratios[len(ratios) // 5] if ratios else 1.2  # low: pages of one-line paragraphs have many wide pitches


def _separator(prev: _Out, line: _Out, edges: dict[tuple[int, str], tuple[float, float]], pitch: float) -> str:
    """What goes between two consecutive lines: " " (a wrapped line), "\\n" (a line break)
    or "\\n\\n" (a paragraph break)."""
    if prev.row != line.row:
        return "\n\n"  # a table starts or ends: its last row is no part of the next sentence
    if line.row:
        return "\n" if prev.region == line.region else "\n\n"
    h = max(prev.height, line.height)
    size_changes = abs(prev.height - line.height) > SIZE_CHANGE * min(prev.height, line.height)
    if prev.region != line.region or prev.page != line.page:
        # over a column or page break: a full line whose sentence goes on is joined
        if size_changes or prev.text.rstrip().endswith(_TERMINAL):
            return "\n\n"
        return " " if _full(prev, line, edges) else "\n"
    if line.baseline - prev.baseline > max(PARAGRAPH_PITCH, TYPICAL_PITCH * pitch) * h or line.baseline <= prev.baseline:
        return "\n\n"
    if size_changes:
        return "\n\n"
    if _LIST_ITEM.match(line.text):
        return "\n"  # a list item starts its own line
    if line.x0 - edges[(line.page, line.region)][0] > 1.2 * h:
        return "\n"  # an indented first line starts a paragraph
    return " " if _full(prev, line, edges) else "\n"


def _full(prev: _Out, line: _Out, edges: dict[tuple[int, str], tuple[float, float]]) -> bool:
    """Did ``prev`` run to its column's right edge, so that ``line`` goes on with it? Not when
    ``line``'s first word would have fitted in the room left: the line was ended on purpose."""
    first = line.text.split(" ", 1)[0]
    char = (line.x1 - line.x0) / max(1, len(line.text))
    return edges[(prev.page, prev.region)][1] - prev.x1 <= char * (len(first) + 1.5)


def _mend(before: str, after: str, compounds: set[str], words: set[str]) -> tuple[str, str]:
    """Join a wrapped line to the next: (the end of ``before`` as it stays, what goes between).
    A word hyphenated at the line end is mended ("evac-" "uation" -> "evacuation") unless it
    is a compound: the document writes it with its hyphen elsewhere and never without, or,
    when the document does not tell, the whole is no word and both halves are ("one-" "off").
    Words are the embedding model's vocabulary (24,694 whole words)."""
    if not (before.endswith(_HYPHENS) and len(before) > 1 and before[-2].isalpha()):
        return before, " "
    head = _WORD.findall(before[-40:])
    tail = _WORD.match(after)
    if head and tail and after[:1].islower():
        first, second = head[-1].lower(), tail.group(0).lower()
        whole = first + second
        if f"{first}-{second}" in compounds and whole not in words:
            return before[:-1] + "-", ""
        vocabulary = _vocabulary()
        if whole not in words and whole not in vocabulary and first in vocabulary and second in vocabulary:
            return before[:-1] + "-", ""
        return before[:-1], ""
    return before[:-1] + "-", ""  # "Secretary-" "General", "COVID-" "19": a hyphen of the word


@functools.lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """The whole words of the embedding model's WordPiece vocabulary (lower case), to tell a
    word broken at a line end from a compound; empty when the model package is missing."""
    try:
        from verifier.index.embed import model_path

        with open(model_path() / "vocab.txt", encoding="utf-8") as fh:
            return frozenset(w for w in (line.strip() for line in fh) if w.isalpha() and not w.startswith("#"))
    except (ImportError, OSError):
        return frozenset()
