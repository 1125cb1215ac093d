"""The text of a Word document (``.docx``): ``read_docx(path) -> Extracted``.

Body paragraphs and tables in document order (python-docx): a heading or paragraph is a
paragraph of its own (blank lines between), a list item a ``- item`` line, a table one
``cell | cell`` line a row. Page headers, footers and comments are left out (they are not
the document's text). Title, author (as source) and created date (as published) come from
the core properties, except the stamps python-docx's own template leaves in files made
without setting them (author "python-docx", created 2013-12-23 23:15), which say nothing.

A file that is not a readable .docx (a renamed .doc, a password-protected document, a
damaged zip, a zip that unpacks to more than ``MAX_UNPACKED`` bytes) is a ``FormatError``
V018.

Example::

    ex = read_docx(Path("draft.docx"))
    ex.published   # "2026-06-12", from the core properties
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import zipfile
from pathlib import Path

from verifier.index.extracted import Extracted, FormatError, iso_date

log = logging.getLogger(__name__)

MAX_UNPACKED = 256 * 1024 * 1024  # a zip bomb is refused before python-docx unpacks it
_OLE = b"\xd0\xcf\x11\xe0"  # the Compound File header of .doc files and encrypted .docx files
_TEMPLATE_STAMP = dt.datetime(2013, 12, 23, 23, 15, tzinfo=dt.timezone.utc)  # python-docx's default.docx
_SPACES = re.compile(r"[ \t\u00a0]+")


def read_docx(path: Path) -> Extracted:
    """The text of the .docx at ``path`` with its core properties."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    _check_package(path)
    try:
        document = docx.Document(str(path))
        blocks = list(_blocks(document))
        props = document.core_properties
        title, author, created = props.title or "", props.author or "", props.created
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise FormatError(f"not a readable Word document ({_reason(exc)}); open it in Word and "
                          "save it again as .docx.", code="V018") from exc
    text = "\n\n".join(b for b in blocks if b)
    if author == "python-docx":  # python-docx's template, not a person or an office
        author = ""
    if created == _TEMPLATE_STAMP:  # the template's own date, in files made without setting one
        created = None
    return Extracted(text=text, title=" ".join(title.split()), source=" ".join(author.split()),
                     published=iso_date(created) if created else "")


def _reason(exc: Exception) -> str:
    return str(exc).strip().rstrip(".").splitlines()[0] if str(exc).strip() else type(exc).__name__


def _check_package(path: Path) -> None:
    """V018 for an old .doc or a password-protected .docx (both OLE files), and for a zip
    that would unpack to more than ``MAX_UNPACKED`` bytes."""
    with open(path, "rb") as fh:
        head = fh.read(4)
    if head == _OLE:
        raise FormatError("an old .doc or a password-protected .docx (not a .docx package); "
                          "save it in Word as .docx without a password.", code="V018")
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(info.file_size for info in package.infolist())
    except zipfile.BadZipFile as exc:
        raise FormatError(f"not a readable Word document ({_reason(exc)}); open it in Word and "
                          "save it again as .docx.", code="V018") from exc
    if unpacked > MAX_UNPACKED:
        raise FormatError(f"unpacks to {unpacked // (1024 * 1024)} MB (more than "
                          f"{MAX_UNPACKED // (1024 * 1024)} MB); refusing to read it.", code="V018")


def _blocks(document):
    """Each body paragraph, list item run and table as a block of text."""
    from docx.table import Table

    items: list[str] = []
    for part in document.iter_inner_content():
        if isinstance(part, Table):
            if items:
                yield "\n".join(items)
                items = []
            yield "\n".join(_rows(part))
            continue
        text = _SPACES.sub(" ", part.text).strip()
        style = (part.style.name if part.style is not None else "") or ""
        if style.startswith("List") and text:
            items.append(f"- {text}")
            continue
        if items:
            yield "\n".join(items)
            items = []
        yield text
    if items:
        yield "\n".join(items)


def _rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, last = [], None
        for cell in row.cells:
            if cell._tc is last:  # a merged cell is listed once per grid column it spans
                continue
            last = cell._tc
            cells.append(" ".join(_SPACES.sub(" ", cell.text).split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows
