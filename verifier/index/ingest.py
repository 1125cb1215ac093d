"""Read reference documents from folders and files into ``Document`` values.

Formats: Markdown with YAML front matter (``.md``), plain text (``.txt``), JSONL (``.jsonl``:
one ``{"id","title","text","source","url","published"}`` object a line), PDF (``.pdf``: text
by page, running headers and footers dropped, see ``verifier.index.pdf``), Word (``.docx``:
``verifier.index.word``) and web pages saved from a browser (``.html``, ``.htm``: the main
text and the page's metadata by trafilatura, ``verifier.index.web``).

Metadata: what the file itself says (front matter, PDF information dictionary, Word core
properties, the page's ``<meta>``/JSON-LD) is overridden by a row of a ``sources.csv`` beside
the files (columns ``path,title,source,published,url``; ``path`` relative to the csv; for a
JSONL file its row only fills what a line leaves empty), since that is what the editor said.
A document file still without a date takes the first full date near the start of one of its
first lines (a report's "Issued 11 March 2024", a dateline); the caller warns of the rest
(``Document.published == ""``).

Every problem (unreadable or non-UTF-8 file, unknown extension, empty folder, a JSONL line
that is not an object or lacks text, a duplicate id, a PDF without a text layer, a corrupt
or encrypted PDF or Word file, a page with no main text, a bad ``sources.csv`` row) is
collected as a ``LineProblem`` naming ``path:line``; the good documents are still returned,
so the caller decides whether a batch with problems is an error (``--skip-bad``).

Example::

    docs, problems = read_sources(["index/corpora/ukraine-2022-04-26"])
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from verifier.errors import LineProblem
from verifier.index.extracted import Extracted, FormatError, first_dated_line, iso_date
from verifier.text import safe_id, sha256_text
from verifier.types import Document

log = logging.getLogger(__name__)

EXTENSIONS = (".md", ".txt", ".html", ".htm", ".jsonl", ".pdf", ".docx")
SIDECAR = "sources.csv"
SIDECAR_COLUMNS = ("path", "title", "source", "published", "url")
_META_KEYS = ("title", "source", "url", "published")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


@dataclass
class Problem:
    """A ``LineProblem`` with the error code it belongs to (V001 unreadable, V002 not UTF-8,
    V003 unknown extension, V004 malformed line, V005 empty or no main text, V006 duplicate
    id, V017 no text layer, V018 corrupt or encrypted file)."""

    code: str
    problem: LineProblem


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add_problem(self, code: str, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(code, LineProblem(str(path), line, message)))


def content_hash(text: str, meta: dict[str, str], page_starts: list[int] | None = None) -> str:
    """sha256 of the text, metadata and page starts: any change to either re-embeds the
    document (page starts count only where there are pages, so other documents hash as
    they always did)."""
    obj: dict[str, Any] = {"text": text, **{k: meta.get(k, "") for k in _META_KEYS}}
    if page_starts:
        obj["page_starts"] = list(page_starts)
    return sha256_text(json.dumps(obj, sort_keys=True, ensure_ascii=False))


def make_document(raw_id: str, text: str, meta: dict[str, str], path: str,
                  page_starts: list[int] | None = None, guess_date: bool = True) -> Document:
    """A ``Document``; without a published date, it takes the first dated line's
    (``guess_date``: files, not the records of a JSONL file, whose fields say what is known)."""
    meta = {k: meta.get(k, "") for k in _META_KEYS}
    if not meta["published"] and guess_date:
        meta["published"] = first_dated_line(text)
    return Document(id=safe_id(raw_id), text=text, content_hash=content_hash(text, meta, page_starts),
                    path=path, page_starts=list(page_starts or []), **meta)


def read_sources(sources: list[str | Path]) -> IngestResult:
    """Read every document under ``sources`` (files or folders, recursively, hidden files
    skipped). Documents come back in a stable order (sorted paths, then line order)."""
    result = IngestResult()
    seen: dict[str, str] = {}
    sidecars: dict[Path, dict[str, dict[str, str]]] = {}  # folder -> resolved path -> row
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
            documents = [f for f in files if f.name != SIDECAR]
            if not documents:
                result.add_problem("V005", path, 0,
                                   f"folder has no documents (expected {', '.join(EXTENSIONS)} files).")
            for file in documents:
                _read_file(file, result, seen, _sidecar_row(file, path, sidecars, result))
        elif path.is_file():
            _read_file(path, result, seen, _sidecar_row(path, path.parent, sidecars, result))
        else:
            result.add_problem("V001", path, 0, "no such file or folder.")
    return result


def _read_file(path: Path, result: IngestResult, seen: dict[str, str], sidecar: dict[str, str]) -> None:
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        result.add_problem("V003", path, 0,
                           f"unknown extension {suffix or '(none)'!r}; expected one of {', '.join(EXTENSIONS)}.")
        return
    if suffix in (".pdf", ".docx"):
        docs = _read_binary(path, suffix, result, sidecar)
    else:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            result.add_problem("V001", path, 0, f"cannot read ({exc.strerror}).")
            return
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            result.add_problem("V002", path, line,
                               f"not UTF-8 (byte 0x{raw[exc.start]:02x} at offset {exc.start}); re-save the file as UTF-8.")
            return
        if suffix == ".jsonl":
            docs = _read_jsonl(path, text, result, sidecar)
        else:
            reader = {".md": _read_markdown, ".txt": _read_text, ".html": _read_html, ".htm": _read_html}[suffix]
            doc = reader(path, text, result, sidecar)
            docs = [(doc, 0)] if doc else []
    for doc, line in docs:
        where = f"{path}:{line}" if line else str(path)
        if doc.id in seen:
            result.add_problem("V006", path, line, f"duplicate document id {doc.id!r} (first seen at {seen[doc.id]}).")
            continue
        seen[doc.id] = where
        result.documents.append(doc)


def _check_body(path: Path, text: str, result: IngestResult, line: int = 0) -> bool:
    if not text.strip():
        result.add_problem("V005", path, line, "document has no text.")
        return False
    return True


def _read_markdown(path: Path, text: str, result: IngestResult, sidecar: dict[str, str]) -> Document | None:
    meta: dict[str, Any] = {}
    body = text
    m = _FRONT_MATTER.match(text)
    if m:
        try:
            loaded = yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            loaded = _simple_front_matter(m.group(1))
            if loaded is None:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 2 if mark is not None else 1  # +1 for 1-based, +1 for the opening ---
                result.add_problem("V004", path, line,
                                   f"front matter is not valid YAML ({getattr(exc, 'problem', exc)}).")
                return None
        if loaded is not None and not isinstance(loaded, dict):
            result.add_problem("V004", path, 1, "front matter must be a mapping of key: value lines.")
            return None
        meta = loaded or {}
        nested = [k for k in ("id", *_META_KEYS) if isinstance(meta.get(k), (dict, list, set, tuple))]
        if nested:  # also stops YAML alias bombs: str() of nested aliases grows exponentially
            result.add_problem("V004", path, 1, f"front matter field {nested[0]!r} must be text, "
                                                f"not a {type(meta[nested[0]]).__name__}.")
            return None
        body = text[m.end():]
    if not _check_body(path, body, result):
        return None
    raw_id = str(meta.get("id") or path.stem)
    own = {k: _as_str(meta.get(k)) for k in _META_KEYS}
    return make_document(raw_id, body, {**own, **sidecar}, str(path))


_SIMPLE_LINE = re.compile(r"^([A-Za-z_][\w-]*):[ \t]*(.*?)[ \t]*$")


def _simple_front_matter(block: str) -> dict[str, str] | None:
    """Plain ``key: value`` lines, read as written: news titles such as
    ``title: Ukraine: civilian casualty update`` are common and not valid YAML. None when a
    line is not of that form (then the YAML error is reported)."""
    out: dict[str, str] = {}
    for line in block.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _SIMPLE_LINE.match(line)
        if not m:
            return None
        value = m.group(2)
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        out[m.group(1)] = value
    return out


def _as_str(value: Any) -> str:
    """YAML turns ``published: 2022-04-25`` into a date; keep ISO text."""
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _read_text(path: Path, text: str, result: IngestResult, sidecar: dict[str, str]) -> Document | None:
    if not _check_body(path, text, result):
        return None
    return make_document(path.stem, text, {"title": path.stem, **sidecar}, str(path))


def _read_html(path: Path, text: str, result: IngestResult, sidecar: dict[str, str]) -> Document | None:
    from verifier.index.web import read_html

    try:
        page = read_html(text)
    except FormatError as exc:
        result.add_problem(exc.code, path, 0, exc.message)
        return None
    return _from_extracted(path, page, sidecar)


def _read_binary(path: Path, suffix: str, result: IngestResult, sidecar: dict[str, str]) -> list[tuple[Document, int]]:
    """A PDF or Word file (the reader opens it), or its coded problem."""
    if suffix == ".pdf":
        from verifier.index.pdf import read_pdf as reader
    else:
        from verifier.index.word import read_docx as reader
    try:
        extracted = reader(path)
    except FormatError as exc:
        result.add_problem(exc.code, path, 0, exc.message)
        return []
    except OSError as exc:
        result.add_problem("V001", path, 0, f"cannot read ({exc.strerror}).")
        return []
    if not extracted.text.strip():
        result.add_problem("V005", path, 0, "document has no text.")
        return []
    return [(_from_extracted(path, extracted, sidecar), 0)]


def _from_extracted(path: Path, ex: Extracted, sidecar: dict[str, str]) -> Document:
    for warning in ex.warnings:
        log.warning("%s: %s", path, warning)
    meta = {"title": ex.title or path.stem, "source": ex.source, "published": ex.published, "url": ex.url}
    meta.update(sidecar)
    text, starts = _without_title(ex.text, ex.page_starts, meta["title"])
    return make_document(path.stem, text, meta, str(path), starts)


def _without_title(text: str, page_starts: list[int], title: str) -> tuple[str, list[int]]:
    """The text less its first paragraph when that is the document's title: the title is the
    document's metadata (it scopes every sentence and heads every quote, as a Markdown file's
    front matter title does), not a sentence to quote as evidence."""
    first = text.split("\n\n", 1)[0]
    if not title or " ".join(first.split()).casefold() != " ".join(title.split()).casefold() or first == text:
        return text, page_starts
    cut = len(first)
    while cut < len(text) and text[cut].isspace():
        cut += 1
    return text[cut:], [max(0, s - cut) for s in page_starts]


ARTICLE_FORMATS = (".docx", ".pdf", ".html", ".htm")


def read_article(path: Path) -> Extracted:
    """The text and metadata (``published`` is the article's date, "" when the file has
    none) of an article under check kept as Word, PDF or a saved web page; an unreadable
    file is an ``InputError`` with the reader's code (V001, V002, V005, V017, V018)."""
    from verifier.errors import InputError

    path = Path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".docx":
            from verifier.index.word import read_docx

            return read_docx(path)
        if suffix == ".pdf":
            from verifier.index.pdf import read_pdf

            return read_pdf(path)
        from verifier.index.web import read_html

        raw = path.read_bytes()
        try:
            return read_html(raw.decode("utf-8-sig"))
        except UnicodeDecodeError:
            return read_html(raw)  # trafilatura decodes by the page's own charset
    except FormatError as exc:
        raise InputError(f"{path}: {exc.message}", code=exc.code) from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}).", code="V001") from exc


# --------------------------------------------------------------------------- sources.csv


def _sidecar_row(path: Path, root: Path, sidecars: dict[Path, dict[str, dict[str, str]]],
                 result: IngestResult) -> dict[str, str]:
    """The non-empty cells of the ``sources.csv`` row that names ``path``, from the csv in its
    folder or in a folder above it up to ``root`` (the folder given), each csv read once."""
    target = str(path.resolve())
    folder, top = path.parent.resolve(), root.resolve()
    while True:
        if folder not in sidecars:
            csv_path = folder / SIDECAR
            sidecars[folder] = _read_sidecar(csv_path, result) if csv_path.is_file() else {}
        if target in sidecars[folder]:
            return sidecars[folder][target]
        if folder == top or folder == folder.parent:
            return {}
        folder = folder.parent


def _read_sidecar(csv_path: Path, result: IngestResult) -> dict[str, dict[str, str]]:
    """``sources.csv``: resolved document path -> its non-empty metadata cells. Bad rows are
    problems (V004, naming ``sources.csv:line``); an unreadable file is V001/V002."""
    try:
        text = csv_path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        result.add_problem("V001", csv_path, 0, f"cannot read ({exc.strerror}).")
        return {}
    except UnicodeDecodeError as exc:
        result.add_problem("V002", csv_path, 0, f"not UTF-8 (byte offset {exc.start}); re-save the file as UTF-8.")
        return {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip() for h in reader.fieldnames or []]
    unknown = [h for h in header if h not in SIDECAR_COLUMNS]
    if "path" not in header or unknown:
        result.add_problem("V004", csv_path, 1, f"header {','.join(header) or '(empty)'!r}: expected the columns "
                                                f"{','.join(SIDECAR_COLUMNS)} (path required).")
        return {}
    rows: dict[str, dict[str, str]] = {}
    for number, row in enumerate(reader, start=2):
        if None in row:
            result.add_problem("V004", csv_path, number, "more cells than the header has.")
            continue
        cells = {k.strip(): " ".join((v or "").split()) for k, v in row.items()}
        if not cells.get("path"):
            continue
        published = cells.get("published", "")
        if published and not iso_date(published):
            result.add_problem("V004", csv_path, number, f"published {published!r} is not a date YYYY-MM-DD.")
            continue
        target = (csv_path.parent / cells["path"]).resolve()
        if not target.is_file():
            result.add_problem("V004", csv_path, number, f"no file {cells['path']!r} beside {SIDECAR}.")
            continue
        if published:
            cells["published"] = iso_date(published)
        rows[str(target)] = {k: v for k, v in cells.items() if k != "path" and v}
    return rows


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_jsonl(path: Path, text: str, result: IngestResult, sidecar: dict[str, str]) -> list[tuple[Document, int]]:
    docs: list[tuple[Document, int]] = []
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        result.add_problem("V005", path, 0, "file has no lines.")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            result.add_problem("V004", path, number, f"not valid JSON ({exc.msg} at column {exc.colno}).")
            continue
        except RecursionError:
            result.add_problem("V004", path, number, "not valid JSON (nested too deeply).")
            continue
        if not isinstance(obj, dict):
            result.add_problem("V004", path, number, f"expected a JSON object, got {type(obj).__name__}.")
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            result.add_problem("V004", path, number, 'missing "text" (a non-empty string).')
            continue
        bad = [k for k in ("id", *_META_KEYS) if obj.get(k) is not None and not isinstance(obj[k], (str, int))]
        if bad:
            result.add_problem("V004", path, number, f"fields must be strings: {', '.join(bad)}.")
            continue
        halves = [k for k in ("text", "id", *_META_KEYS) if isinstance(obj.get(k), str) and not _encodable(obj[k])]
        if halves:  # a lone \ud800-\udfff escape: not text, and SQLite and hashing cannot store it
            result.add_problem("V004", path, number,
                               f"unpaired surrogate escape (\\ud800-\\udfff) in: {', '.join(halves)}.")
            continue
        raw_id = str(obj["id"]) if obj.get("id") not in (None, "") else f"{path.stem}-{number}"
        meta = {k: _as_str(obj.get(k)) for k in _META_KEYS}
        meta = {k: meta[k] or sidecar.get(k, "") for k in _META_KEYS}  # one row for many lines: it only fills
        docs.append((make_document(raw_id, body, meta, f"{path}:{number}", guess_date=False), number))
    return docs
