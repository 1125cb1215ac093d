"""Read reference documents from folders and files into ``Document`` values.

Formats: Markdown with YAML front matter (``.md``), plain text (``.txt``), HTML (``.html``,
``.htm``: text extracted with the standard library, title from ``<title>``, script/style
dropped) and JSONL (``.jsonl``: one ``{"id","title","text","source","url","published"}``
object a line). Every problem (unreadable or non-UTF-8 file, unknown extension, empty folder,
a JSONL line that is not an object or lacks text, a duplicate id) is collected as a
``LineProblem`` naming ``path:line``; the good documents are still returned, so the caller
decides whether a batch with problems is an error (``--skip-bad``).

Example::

    docs, problems = read_sources(["index/corpora/ukraine-2022-04-26"])
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from verifier.errors import LineProblem
from verifier.text import safe_id, sha256_text
from verifier.types import Document

log = logging.getLogger(__name__)

EXTENSIONS = (".md", ".txt", ".html", ".htm", ".jsonl")
_META_KEYS = ("title", "source", "url", "published")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE)


@dataclass
class Problem:
    """A ``LineProblem`` with the error code it belongs to (V001 unreadable, V002 not UTF-8,
    V003 unknown extension, V004 malformed line, V005 empty, V006 duplicate id)."""

    code: str
    problem: LineProblem


@dataclass
class IngestResult:
    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add_problem(self, code: str, path: str | Path, line: int, message: str) -> None:
        self.problems.append(Problem(code, LineProblem(str(path), line, message)))


def content_hash(text: str, meta: dict[str, str]) -> str:
    """sha256 of the text and metadata: any change to either re-embeds the document."""
    return sha256_text(json.dumps({"text": text, **{k: meta.get(k, "") for k in _META_KEYS}},
                                  sort_keys=True, ensure_ascii=False))


def make_document(raw_id: str, text: str, meta: dict[str, str], path: str) -> Document:
    meta = {k: meta.get(k, "") for k in _META_KEYS}
    return Document(id=safe_id(raw_id), text=text, content_hash=content_hash(text, meta),
                    path=path, **meta)


def read_sources(sources: list[str | Path]) -> IngestResult:
    """Read every document under ``sources`` (files or folders, recursively, hidden files
    skipped). Documents come back in a stable order (sorted paths, then line order)."""
    result = IngestResult()
    seen: dict[str, str] = {}
    for source in sources:
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                result.add_problem("V005", path, 0,
                                   f"folder has no documents (expected {', '.join(EXTENSIONS)} files).")
            for file in files:
                _read_file(file, result, seen)
        elif path.is_file():
            _read_file(path, result, seen)
        else:
            result.add_problem("V001", path, 0, "no such file or folder.")
    return result


def _read_file(path: Path, result: IngestResult, seen: dict[str, str]) -> None:
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        result.add_problem("V003", path, 0,
                           f"unknown extension {suffix or '(none)'!r}; expected one of {', '.join(EXTENSIONS)}.")
        return
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
        docs = _read_jsonl(path, text, result)
    else:
        reader = {".md": _read_markdown, ".txt": _read_text, ".html": _read_html, ".htm": _read_html}[suffix]
        doc = reader(path, text, result)
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


def _read_markdown(path: Path, text: str, result: IngestResult) -> Document | None:
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
    return make_document(raw_id, body, {k: _as_str(meta.get(k)) for k in _META_KEYS}, str(path))


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


def _read_text(path: Path, text: str, result: IngestResult) -> Document | None:
    if not _check_body(path, text, result):
        return None
    return make_document(path.stem, text, {"title": path.stem}, str(path))


class _HTMLText(HTMLParser):
    """Collects visible text; block elements become paragraph breaks so sentences split."""

    _SKIP = {"script", "style", "noscript", "template", "head", "svg"}
    _BLOCK = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr",
              "table", "section", "article", "header", "footer", "blockquote", "pre", "hr",
              "main", "aside", "nav", "figure", "figcaption", "dd", "dt"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip_depth = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in self._SKIP:
            self._skip_depth += 1
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in self._SKIP and self._skip_depth:
            self._skip_depth -= 1
        if tag in self._BLOCK:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip_depth:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, str]:
    """Return (title, text): paragraphs separated by blank lines, runs of spaces collapsed."""
    parser = _HTMLText()
    parser.feed(html)
    # Left unparsed is an unterminated construct (<!--, <![CDATA[, <!DOCTYPE, a tag): browsers show
    # none of it, but close() would make it text (a page cut short inside a comment before a script).
    if parser.rawdata.lstrip().startswith("<"):
        parser.rawdata = ""
    parser.close()
    paragraphs = []
    for block in re.split(r"\n\s*\n", "".join(parser.parts)):
        cleaned = re.sub(r"\s+", " ", block).strip()
        if cleaned:
            paragraphs.append(cleaned)
    return re.sub(r"\s+", " ", "".join(parser.title)).strip(), "\n\n".join(paragraphs)


def _read_html(path: Path, text: str, result: IngestResult) -> Document | None:
    title, body = html_to_text(text)
    if not _check_body(path, body, result):
        return None
    return make_document(path.stem, body, {"title": title or path.stem}, str(path))


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _read_jsonl(path: Path, text: str, result: IngestResult) -> list[tuple[Document, int]]:
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
        docs.append((make_document(raw_id, body, meta, f"{path}:{number}"), number))
    return docs
