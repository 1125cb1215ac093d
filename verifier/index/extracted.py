"""What a format reader hands to ingest: the document text, where each page starts, the
metadata the file itself carries, and warnings; or a ``verifier.errors.FormatError`` with
its code.

Readers of binary formats (``pdf.py``, ``word.py``) and of saved web pages (``web.py``) share
this, so ``ingest.py`` turns any of them into a ``Document`` (or a ``path: message`` problem)
the same way.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from verifier.errors import FormatError
from verifier.text import MONTHS

__all__ = ["Extracted", "FormatError", "first_dated_line", "iso_date"]


@dataclass
class Extracted:
    """Text read from a file. ``page_starts[i]`` is the offset in ``text`` where page i + 1
    begins (empty for formats without pages); metadata fields are "" when the file has none."""

    text: str
    page_starts: list[int] = field(default_factory=list)
    title: str = ""
    source: str = ""
    published: str = ""  # ISO date
    url: str = ""
    warnings: list[str] = field(default_factory=list)


def iso_date(value: object) -> str:
    """A date, datetime or date-like string as ``YYYY-MM-DD``; "" when it is none."""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()[:10]
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    if not m:
        return ""
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


_MONTHS = {m[:3]: i for i, m in enumerate(MONTHS, start=1)}  # looked up by a month name's first three letters
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY_MONTH_YEAR = re.compile(rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\s+(\d{{4}})\b")
_MONTH_DAY_YEAR = re.compile(rf"(?i)\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
FIRST_DATED_LINES = 12  # a report's own date sits in its first lines; later dates are events...
DATE_WITHIN = 200  # ...near a line's start (a header, a dateline): not deep in a paragraph


def first_dated_line(text: str) -> str:
    """The ISO date of the first line among the text's first ``FIRST_DATED_LINES`` non-empty
    lines that holds a full date ("11 March 2024", "March 11, 2024", "2024-03-11") within
    its first ``DATE_WITHIN`` characters; "" when none does. The fallback for a document that
    carries no date of its own.

    >>> first_dated_line("Situation report No. 4\\nIssued 11 March 2024\\nOn 9 March ...")
    '2024-03-11'
    """
    lines = [ln[:DATE_WITHIN] for ln in text.splitlines() if ln.strip()][:FIRST_DATED_LINES]
    for line in lines:
        found = []
        for m in _DAY_MONTH_YEAR.finditer(line):
            found.append((m.start(), int(m.group(3)), _MONTHS[m.group(2).lower()[:3]], int(m.group(1))))
        for m in _MONTH_DAY_YEAR.finditer(line):
            found.append((m.start(), int(m.group(3)), _MONTHS[m.group(1).lower()[:3]], int(m.group(2))))
        for m in _ISO.finditer(line):
            found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
        for _, year, month, day in sorted(found):
            try:
                return dt.date(year, month, day).isoformat()
            except ValueError:
                continue
    return ""
