"""Batch claim files: JSONL, CSV with a header, or plain text (one claim a line).

``read_claim_file(path)`` returns every claim, or raises ``BatchInputError`` listing every
bad line at once as ``path:line: message`` (unknown keys, missing text, bad JSON, bad label,
bad date, duplicate id). With ``skip_bad=True`` it returns the good claims and the problems.
An empty file is an error, never an empty success. Ids missing from the file are generated
stably from the file stem and line number (``claims-3``), never from the claim text.

JSONL keys are the ``Claim`` fields (``id``, ``text``, ``label``, ``date``, ``source``,
``context``, ``evidence``, ``meta``, and the ``span``/``sentence``/``facts``/``origin`` that
``verifier extract`` writes, so its output reads back); ``kind`` (as in the worked example's
claims.jsonl) is kept as ``meta["kind"]``. Labels accept the public datasets' spellings
(SUPPORTS, REFUTES, NOT ENOUGH INFO...).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from verifier.config import ClaimsConfig
from verifier.errors import BatchInputError, InputError, LineProblem
from verifier.text import safe_id
from verifier.types import Claim, Label

CLAIM_KEYS = set(Claim.model_fields) | {"kind"}
LABELS = {
    "supported": Label.SUPPORTED, "supports": Label.SUPPORTED, "support": Label.SUPPORTED,
    "entailment": Label.SUPPORTED, "true": Label.SUPPORTED,
    "contradicted": Label.CONTRADICTED, "refutes": Label.CONTRADICTED, "refute": Label.CONTRADICTED,
    "refuted": Label.CONTRADICTED, "contradict": Label.CONTRADICTED, "false": Label.CONTRADICTED,
    "unverified": Label.UNVERIFIED, "not enough info": Label.UNVERIFIED, "nei": Label.UNVERIFIED,
    "not_enough_info": Label.UNVERIFIED,
}
FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv", ".txt": "txt",
           ".text": "txt", "": "txt"}
_ISO = re.compile(r"\d{4}-\d\d-\d\d")


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}).", code="V001",
                         hint="Check the path.") from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}).", code="V002",
                         hint="Convert it first, e.g. iconv -f latin1 -t utf-8.") from exc


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in ("jsonl", "csv", "tsv", "txt"):
            raise InputError(f"unknown claim file format {fmt!r} (valid: jsonl, csv, tsv, txt).", code="V003")
        return fmt
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise InputError(f"{path}: unknown claim file extension {suffix!r} "
                         f"(valid: .jsonl, .ndjson, .csv, .tsv, .txt).", code="V003",
                         hint="Rename the file or pass the format explicitly.")
    return FORMATS[suffix]


def read_claim_file(path: str | Path, skip_bad: bool = False,
                    fmt: str | None = None) -> tuple[list[Claim], list[LineProblem]]:
    """Claims of a JSONL, CSV/TSV or plain-text file, and the problems skipped (``skip_bad``).

    >>> import tempfile, os
    >>> p = os.path.join(tempfile.mkdtemp(), "c.txt"); _ = open(p, "w").write("Paris is in France.\\n")
    >>> [c.id for c in read_claim_file(p)[0]]
    ['c-1']
    """
    path = Path(path)
    kind = _format_of(path, fmt)
    text = _read_text(path)
    if not text.strip():
        raise InputError(f"{path}: empty claim file: no claims.", code="V005",
                         hint="Give one claim per line.")
    stem = safe_id(path.name.split(".")[0])
    if kind == "jsonl":
        rows = _jsonl_rows(text, str(path))
    elif kind in ("csv", "tsv"):
        rows = _csv_rows(text, str(path), "\t" if kind == "tsv" else ",")
    else:
        # blank lines between claims are allowed here; a date line or prose lines are not
        if _looks_like_article(text, ClaimsConfig().claim_line_max_words, paragraphs=False):
            raise InputError(f"{path}: this is an article (a date line or lines of prose), "
                             "not a claim file with one claim a line.", code="V008",
                             hint="Check it as an article (--input-kind article), or get its claims "
                                  "with: verifier extract ARTICLE.")
        rows = [(n, {"text": line.strip()}, []) for n, line in enumerate(text.splitlines(), 1)
                if line.strip() and not line.lstrip().startswith("#")]
    claims: list[Claim] = []
    problems: list[LineProblem] = []
    first_line: dict[str, int] = {}
    for line, data, errors in rows:
        claim = None
        if not errors:
            claim, errors = _to_claim(data, f"{stem}-{line}", f"{path}:{line}")
        if claim is not None and claim.id in first_line:
            errors.append(f"duplicate id {claim.id!r} (first on line {first_line[claim.id]})")
        if errors:
            problems.append(LineProblem(str(path), line, "; ".join(errors)))
            continue
        first_line[claim.id] = line
        claims.append(claim)
    if problems and (not skip_bad or not claims):
        raise BatchInputError(problems)
    return claims, problems


def _jsonl_rows(text: str, path: str) -> list[tuple[int, dict[str, Any], list[str]]]:
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            rows.append((n, {}, [f"bad JSON: {exc.msg} (column {exc.colno})"]))
            continue
        except RecursionError:
            rows.append((n, {}, ["bad JSON: nested too deeply"]))
            continue
        if not isinstance(data, dict):
            rows.append((n, {}, [f"expected a JSON object, got {type(data).__name__}"]))
            continue
        rows.append((n, data, []))
    return rows


def _csv_rows(text: str, path: str, delimiter: str) -> list[tuple[int, dict[str, Any], list[str]]]:
    # newline="": the csv module reads line ends itself (a bare "\r" ends a line, as on old Macs)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = reader.fieldnames or []
    except csv.Error as exc:  # a NUL byte or an unclosed quote in the header line
        raise BatchInputError([LineProblem(path, 1, f"bad CSV header: {exc}")]) from None
    if "text" not in header:
        raise BatchInputError([LineProblem(path, 1, f"header has no 'text' column (found: {', '.join(header)})")])
    rows = []
    last_line = 1  # the header
    try:
        for row in reader:
            last_line = reader.line_num
            extra = row.pop(None, None)  # cells beyond the header
            data = {k: v for k, v in row.items() if v not in (None, "")}
            errors = [f"{len(extra)} cell(s) more than the header has"] if extra else []
            rows.append((reader.line_num, data, errors))
    except csv.Error as exc:  # a cell over the csv module's field limit, a NUL byte...
        # the reader cannot resynchronise after this, so the rest of the file is not read
        rows.append((last_line + 1, {}, [f"bad CSV: {exc}; the lines after it were not read"]))
    return rows


def _to_claim(data: dict[str, Any], default_id: str, origin: str) -> tuple[Claim | None, list[str]]:
    errors: list[str] = []
    unknown = sorted(set(data) - CLAIM_KEYS)
    if unknown:
        errors.append(f"unknown key(s) {', '.join(repr(k) for k in unknown)} "
                      f"(valid: id, text, label, date, source, context, evidence, meta, kind)")
    text = data.get("text")
    if not isinstance(text, str) or not text.strip():
        errors.append('missing "text"')
    label = data.get("label")
    if label is not None and str(label).strip().lower() not in LABELS:
        errors.append(f"bad label {label!r} (valid: supported, contradicted, unverified)")
    date = data.get("date")
    if date is not None and not (isinstance(date, str) and _ISO.fullmatch(date)):
        errors.append(f"bad date {date!r} (use YYYY-MM-DD)")
    meta = data.get("meta", {})
    if not isinstance(meta, dict):
        errors.append('"meta" must be a JSON object')
    if errors:
        return None, errors
    fields = {k: v for k, v in data.items() if k in CLAIM_KEYS and k != "kind"}
    fields["text"] = text.strip()
    fields["id"] = str(data.get("id") or default_id)
    if label is not None:
        fields["label"] = LABELS[str(label).strip().lower()]
    if "kind" in data:
        fields["meta"] = {**meta, "kind": data["kind"]}
    fields.setdefault("origin", origin)
    try:
        return Claim.model_validate(fields), []
    except ValidationError as exc:
        return None, [f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()]


def detect_input_kind(path: str | Path, config: ClaimsConfig | None = None) -> str:
    """``"claims"`` for a claim file, ``"article"`` for an article, so ``verifier check INPUT``
    needs no flag: .jsonl/.ndjson/.csv/.tsv are claim files; .md/.html are articles; other
    text is a claim list when it has no paragraphs (blank lines), no ``date`` header and every
    line is one short sentence."""
    path = Path(path)
    max_words = (config or ClaimsConfig()).claim_line_max_words
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson", ".csv", ".tsv"):
        return "claims"
    if suffix in (".md", ".markdown", ".html", ".htm"):
        return "article"
    text = _read_text(path)
    return "article" if _looks_like_article(text, max_words, paragraphs=True) else "claims"


def _looks_like_article(text: str, max_words: int, paragraphs: bool) -> bool:
    """A ``date``/``published`` first line, a line longer than one short sentence, or (when
    ``paragraphs``) blank lines between text: article prose, not one claim a line."""
    lines = [ln.strip() for ln in text.strip().splitlines()]
    if not lines or re.match(r"(?i)(date|published|updated)\b", lines[0]):
        return True
    if paragraphs and any(not ln for ln in lines):
        return True
    from verifier.text import sentence_spans

    return any(not ln.startswith("#") and (len(ln.split()) > max_words or len(sentence_spans(ln)) > 2)
               for ln in lines)
