"""Run the real CLI on every bad input we know of and write docs/bad-input.md from what it said.

Each case makes its files in a scratch folder, runs ``python -m verifier ...`` in a subprocess
(real models, no fakes) and records the exit code and the first ``Error:``/``Warning:`` line of
stderr. The table is therefore what a user really sees; rerun this after changing an error
message. ``--check`` exits 1 when a case no longer gives its expected code and message
fragment (or prints a traceback), which is also what ``tests/test_reliability_bad_input.py``
asserts in-process with the fake embedder.

    .venv/bin/python scripts/bad_input_table.py            # writes docs/bad-input.md
    .venv/bin/python scripts/bad_input_table.py --check    # compare only, write nothing
    .venv/bin/python scripts/bad_input_table.py --only faiss-truncated

Paths under the scratch folder are shown as ``$TMP/...`` in the table. Each case starts a Python
process (1-3 s); index cases copy one tiny index built once with the real embedder. The
1 MB document is the slow one: it is 834 passages to embed (about 4 minutes on this 2-core
machine under load), so the whole run takes 5-6 minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "bad-input.md"

TINY_CORPUS = {
    "casualties.md": "---\ntitle: Casualty update\nsource: OHCHR\npublished: 2022-04-25\n---\n"
                     "OHCHR recorded 5,381 civilian casualties in Ukraine: 2,665 killed and 2,716 injured.\n",
    "food.txt": "The World Food Programme warned that wheat prices rose sharply. Millions face hunger.\n",
}
CLAIMS_JSONL = ('{"id": "c1", "text": "More than 2,660 civilians have been killed in Ukraine."}\n'
                '{"id": "c2", "text": "Wheat prices rose sharply."}\n')
ARTICLE = ("date 2022-04-26\n\nUnited Nations Secretary-General Antonio Guterres met Russian President "
           "Vladimir Putin in Moscow on Tuesday, the Kremlin said in a statement after the talks.\n\n"
           "The two men discussed the evacuation of civilians from the Azovstal steel plant in Mariupol, "
           "where hundreds of fighters and civilians have been sheltering for weeks.\n")


# --------------------------------------------------------------------------- helpers for setups


class Scratch:
    """A scratch folder for one case, and copies of a small good index (``index(name)``) made
    from ``base_index()`` - built once, with the real CLI here and the fake embedder in tests."""

    def __init__(self, root: Path, base_index: Callable[[], Path]):
        self.root = root
        self._base_index = base_index
        root.mkdir(parents=True, exist_ok=True)

    def write(self, name: str, data: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
        return path

    def corpus(self, name: str = "corpus", files: dict[str, str | bytes] | None = None) -> Path:
        folder = self.root / name
        folder.mkdir(parents=True, exist_ok=True)
        for fname, data in (TINY_CORPUS if files is None else files).items():
            self.write(f"{name}/{fname}", data)
        return folder

    def index(self, name: str) -> Path:
        dest = self.root / name
        shutil.copytree(self._base_index(), dest)
        return dest


def lazy_base_index(root: Path, build: Callable[[Path, Path], None]) -> Callable[[], Path]:
    """A function returning a small good index under ``root``, built on the first call."""
    built: list[Path] = []

    def get() -> Path:
        if not built:
            corpus = Scratch(root, get).corpus("base-corpus")
            build(corpus, root / "base-index")
            built.append(root / "base-index")
        return built[0]

    return get


def generation(index: Path) -> Path:
    return index / json.loads((index / "manifest.json").read_text())["generation"]


def edit_manifest(index: Path, change: Callable[[dict], None]) -> None:
    path = index / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def corrupt_sqlite_pages(path: Path) -> None:
    """Overwrite every page but the first (schema) with garbage: opening works, reading fails."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big") or 65536
    for i in range(page, len(data)):
        data[i] = (i * 7 + 13) % 256
    path.write_bytes(bytes(data))


# --------------------------------------------------------------------------- the cases


@dataclass(frozen=True)
class Case:
    id: str
    what: str  # the bad input, for the table
    setup: Callable[[Scratch], list[str]]  # makes the files, returns the argv after `verifier`
    code: int  # expected exit code
    fragment: str  # expected in stderr (the Error/Warning line)
    real_model_only: bool = False  # needs the real model loader (not run with the fake embedder)


def _build_args(s: Scratch, files: dict[str, str | bytes], *extra: str) -> list[str]:
    return ["index", "build", str(s.corpus("src", files)), "--index", str(s.root / "idx"), *extra]


def _check_args(s: Scratch, name: str, data: str | bytes, *extra: str) -> list[str]:
    return ["check", str(s.write(name, data)), "--index", str(s.root / "no-index"), *extra]


LATIN1 = "Le président a visité Kyiv.".encode("latin-1")
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
ONE_MB_LINE = "word " * 200_000

CASES: list[Case] = [
    # ---- documents (index build / add)
    Case("doc-latin1", "document in latin-1 (not UTF-8)",
         lambda s: _build_args(s, {"a.txt": LATIN1}), 2, "[V002]"),
    Case("doc-binary", "binary file named .txt (a PNG)",
         lambda s: _build_args(s, {"a.txt": PNG}), 2, "[V002]"),
    Case("doc-empty-file", "empty .md file",
         lambda s: _build_args(s, {"a.md": ""}), 2, "[V005]"),
    Case("doc-zero-documents", "folder with no documents",
         lambda s: _build_args(s, {}), 2, "[V005]"),
    Case("doc-unknown-format", "unknown extension (.odt)",
         lambda s: _build_args(s, {"a.odt": "PK"}), 2, "[V003]"),
    Case("doc-pdf-corrupt", "PDF that is not one (a header, then garbage)",
         lambda s: _build_args(s, {"a.pdf": b"%PDF-1.4\n" + PNG}), 2, "[V018]"),
    Case("doc-pdf-truncated", "PDF cut off halfway",
         lambda s: _build_args(s, {"a.pdf": _pdf(["The fund was cut. " * 40] * 3)[:1500]}), 2, "[V018]"),
    Case("doc-pdf-encrypted", "PDF that needs a password",
         lambda s: _build_args(s, {"a.pdf": _pdf(["Secret report."], password="secret")}), 2, "encrypted PDF"),
    Case("doc-pdf-scanned", "PDF of scanned pages (images, no text layer)",
         lambda s: _build_args(s, {"a.pdf": _pdf([None, None])}), 2, "no text layer"),
    Case("doc-pdf-skip-bad", "a scanned PDF next to a good one, with --skip-bad",
         lambda s: _build_args(s, {"good.pdf": _pdf(["Wheat prices rose sharply in April."]), "scan.pdf": _pdf([None])},
                               "--skip-bad"), 0, "Skipped"),
    Case("doc-docx-corrupt", "Word file that is a damaged zip",
         lambda s: _build_args(s, {"a.docx": b"PK\x03\x04" + PNG}), 2, "[V018]"),
    Case("doc-docx-old-or-encrypted", "old .doc (or password-protected .docx) renamed .docx",
         lambda s: _build_args(s, {"a.docx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)}), 2,
         "password-protected"),
    Case("doc-html-no-main-text", "saved web page of menus only (no article)",
         lambda s: _build_args(s, {"a.html": "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
                                             "<footer>(c) 2026</footer></body></html>"}), 2, "no main text"),
    Case("doc-sources-csv-bad-date", "sources.csv row with a date that is not YYYY-MM-DD",
         lambda s: _build_args(s, {"a.txt": "Wheat prices rose.", "sources.csv": "path,published\na.txt,12/03/2024\n"}),
         2, "sources.csv:2: published '12/03/2024' is not a date"),
    Case("doc-undated", "documents with no date anywhere (file, sources.csv, first lines)",
         lambda s: _build_args(s, {"a.txt": "Wheat prices rose.", "b.txt": "Grain exports stopped."}), 0,
         "Built"),
    Case("doc-malformed-jsonl", "JSONL document line that is not JSON",
         lambda s: _build_args(s, {"a.jsonl": '{"id": "x", "text": "ok"}\n{"id": "y", "text": \n'}), 2,
         "a.jsonl:2: not valid JSON"),
    Case("doc-jsonl-no-text", "JSONL document without \"text\"",
         lambda s: _build_args(s, {"a.jsonl": '{"id": "x", "title": "t"}\n'}), 2, 'missing "text"'),
    Case("doc-duplicate-id", "two documents with the same id",
         lambda s: _build_args(s, {"a.jsonl": '{"id": "x", "text": "One."}\n{"id": "x", "text": "Two."}\n'}),
         2, "duplicate document id 'x'"),
    Case("doc-bad-front-matter", "Markdown front matter that is not YAML",
         lambda s: _build_args(s, {"a.md": "---\ntitle: [unclosed\n  - x: : y\n---\nBody.\n"}), 2,
         "front matter is not valid YAML"),
    Case("doc-deep-json", "JSONL line nested 100,000 deep",
         lambda s: _build_args(s, {"a.jsonl": "[" * 100_000 + "]" * 100_000 + "\n"}), 2,
         "a.jsonl:1: not valid JSON"),
    Case("doc-lone-surrogate", "JSONL text with an unpaired surrogate escape (\\ud800)",
         lambda s: _build_args(s, {"a.jsonl": '{"id": "x", "text": "bad \\ud800 half"}\n'}), 2,
         "a.jsonl:1"),
    Case("doc-yaml-bomb", "front matter with nested YAML aliases (\"billion laughs\")",
         lambda s: _build_args(s, {"a.md": _yaml_bomb()}), 2, "must be text"),
    Case("doc-skip-bad", "a bad file next to good ones, with --skip-bad",
         lambda s: _build_args(s, {"good.txt": "Good text.", "bad.txt": LATIN1}, "--skip-bad"), 0,
         "Skipped"),
    Case("doc-1mb-line", "a 1 MB document on one line (no punctuation)",
         lambda s: _build_args(s, {"long.txt": ONE_MB_LINE}), 0, "Built"),
    Case("doc-missing-source", "a source path that does not exist",
         lambda s: ["index", "build", str(s.root / "nowhere"), "--index", str(s.root / "idx")], 2, "[V001]"),
    Case("index-into-foreign-folder", "index build into a folder holding other files",
         lambda s: ["index", "build", str(s.corpus()), "--index", str(s.corpus("not-an-index"))], 1,
         "not an index and not empty"),
    # ---- indexes (search / index add / index info)
    Case("index-missing", "--index folder that does not exist",
         lambda s: ["search", "x", "--index", str(s.root / "none")], 1, "[V010]"),
    Case("index-not-an-index", "--index folder that is not an index",
         lambda s: ["search", "x", "--index", str(s.corpus("plain"))], 1, "[V010]"),
    Case("index-manifest-garbage", "manifest.json that is not JSON",
         lambda s: ["search", "x", "--index", str(_garbage_manifest(s.index("i")))], 1, "[V012]"),
    Case("index-manifest-incomplete", "manifest.json missing its keys (embedding, counts)",
         lambda s: ["search", "x", "--index", str(_incomplete_manifest(s.index("i")))], 1, "[V012]"),
    Case("index-other-model", "index built with another embedding model",
         lambda s: ["search", "x", "--index", str(_other_model(s.index("i")))], 1, "[V011]"),
    Case("index-faiss-truncated", "truncated FAISS file",
         lambda s: ["search", "x", "--index", str(_damage(s.index("i"), "vectors.faiss", truncate))], 1,
         "[V012]"),
    Case("index-faiss-garbage", "FAISS file overwritten with text",
         lambda s: ["search", "x", "--index",
                    str(_damage(s.index("i"), "vectors.faiss", lambda p: p.write_text("hello")))], 1, "[V012]"),
    Case("index-sqlite-truncated", "truncated SQLite file",
         lambda s: ["search", "civilians", "--index",
                    str(_damage(s.index("i"), "index.sqlite", lambda p: truncate(p, 0.3)))], 1, "[V012]"),
    Case("index-sqlite-pages", "SQLite file with garbage pages (header intact)",
         lambda s: ["search", "civilians", "--index",
                    str(_damage(s.index("i"), "index.sqlite", corrupt_sqlite_pages))], 1, "[V012]"),
    Case("index-vectors-missing", "vectors.npy deleted",
         lambda s: ["search", "x", "--index", str(_damage(s.index("i"), "vectors.npy", Path.unlink))], 1,
         "[V012]"),
    Case("index-generation-traversal", "manifest naming a generation outside the index (../..)",
         lambda s: ["search", "x", "--index", str(_traversal(s.index("i")))], 1, "[V012]"),
    Case("index-add-corrupt", "index add into an index whose SQLite is corrupt",
         lambda s: ["index", "add", str(s.corpus()), "--index",
                    str(_damage(s.index("i"), "index.sqlite", lambda p: truncate(p, 0.3)))], 1, "[V012]"),
    Case("model-onnx-corrupt", "ONNX export of the embedder truncated",
         lambda s: ["search", "x", "--index", str(s.index("i"))], 1, "[V014]", real_model_only=True),
    # ---- claim files and articles (check / extract / eval)
    Case("claims-malformed-jsonl", "claim file line that is not JSON",
         lambda s: _check_args(s, "c.jsonl", '{"id": "c1", "text": "Fine."}\n{"id": "c2", "text": }\n'), 2,
         "c.jsonl:2: bad JSON"),
    Case("claims-unknown-key", "claim file line with a misspelt key",
         lambda s: _check_args(s, "c.jsonl", '{"id": "c1", "txt": "Fine."}\n'), 2, "unknown key(s) 'txt'"),
    Case("claims-bad-label", "claim with label \"maybe\"",
         lambda s: _check_args(s, "c.jsonl", '{"id": "c1", "text": "Fine.", "label": "maybe"}\n'), 2,
         "bad label 'maybe'"),
    Case("claims-duplicate-id", "two claims with the same id",
         lambda s: _check_args(s, "c.jsonl", '{"id": "c1", "text": "A."}\n{"id": "c1", "text": "B."}\n'), 2,
         "duplicate id 'c1'"),
    Case("claims-csv-no-text", "CSV without a text column",
         lambda s: _check_args(s, "c.csv", "id,claim\nc1,Fine.\n"), 2, "header has no 'text' column"),
    Case("claims-csv-extra-cells", "CSV row with more cells than the header",
         lambda s: _check_args(s, "c.csv", "id,text\nc1,Fine.,extra\n"), 2, "more than the header has"),
    Case("claims-csv-1mb-cell", "CSV cell of 1 MB",
         lambda s: _check_args(s, "c.csv", "id,text\nc1," + ONE_MB_LINE + "\n", "--evidence",
                               str(s.write("ev.txt", "Nothing."))), 2, "c.csv:2"),
    Case("claims-deep-json", "claim line nested 100,000 deep",
         lambda s: _check_args(s, "c.jsonl", "[" * 100_000 + "]" * 100_000 + "\n"), 2, "c.jsonl:1"),
    Case("claims-latin1", "claim file in latin-1",
         lambda s: _check_args(s, "c.txt", LATIN1), 2, "[V002]"),
    Case("claims-binary", "binary claim file (.jsonl holding a PNG)",
         lambda s: _check_args(s, "c.jsonl", PNG), 2, "[V002]"),
    Case("claims-empty", "empty claim file",
         lambda s: _check_args(s, "c.jsonl", ""), 2, "[V005]"),
    Case("claims-unknown-format", "claim file with extension .pdf",
         lambda s: _check_args(s, "c.pdf", "x", "--input-kind", "claims"), 2, "[V003]"),
    Case("claims-missing", "claim file that does not exist",
         lambda s: ["check", str(s.root / "nope.jsonl")], 2, "[V001]"),
    Case("article-as-claims", "an article given with --input-kind claims",
         lambda s: _check_args(s, "article.txt", ARTICLE, "--input-kind", "claims"), 2, "[V008]"),
    Case("claims-as-article", "a claim file given with --input-kind article",
         lambda s: _check_args(s, "c.jsonl", CLAIMS_JSONL, "--input-kind", "article"), 2, "[V008]"),
    Case("article-empty", "empty article (extract)",
         lambda s: ["extract", str(s.write("a.txt", "  \n"))], 2, "[V005]"),
    Case("article-latin1", "article in latin-1 (extract)",
         lambda s: ["extract", str(s.write("a.txt", LATIN1))], 2, "[V002]"),
    Case("check-docx-corrupt", "Word draft that is a damaged zip (check)",
         lambda s: _check_args(s, "draft.docx", b"PK\x03\x04" + PNG), 2, "[V018]"),
    Case("check-docx-undated", "Word draft with no date in its properties or text, no --date",
         lambda s: ["check", str(s.write("draft.docx", _docx(ARTICLE.split("\n\n", 1)[1]))), "--index",
                    str(s.index("i")), "-o", str(s.root / "run.jsonl")], 0, "no date for the article"),
    Case("check-bad-date", "--date that is not YYYY-MM-DD",
         lambda s: _check_args(s, "c.jsonl", CLAIMS_JSONL, "--date", "26/04/2022"), 2, "[V007]"),
    Case("eval-no-labels", "eval on claims without gold labels",
         lambda s: ["eval", str(s.write("c.jsonl", CLAIMS_JSONL)), "--index", str(s.root / "none")], 2,
         "no claim has a gold label"),
    # ---- run files (report / review / check --resume)
    Case("run-not-a-run", "report on a claim file instead of a run file",
         lambda s: ["report", str(s.write("c.jsonl", CLAIMS_JSONL))], 1, "[V015]"),
    Case("run-empty", "report on an empty run file",
         lambda s: ["report", str(s.write("r.jsonl", ""))], 1, "[V015]"),
    Case("run-deep-json", "run file whose first line is nested 100,000 deep",
         lambda s: ["report", str(s.write("r.jsonl", "[" * 100_000 + "]" * 100_000 + "\n"))], 1, "[V015]"),
    Case("run-missing", "report on a run file that does not exist",
         lambda s: ["report", str(s.root / "none.jsonl")], 1, "[V001]"),
    Case("config-bad", "--config file that is not TOML",
         lambda s: ["--config", str(s.write("c.toml", "= nope")), "config"], 2, "[V007]"),
]


def _pdf(pages: list[str | None], password: str = "") -> bytes:
    """A PDF of ``pages`` (reportlab): each a paragraph of text, or None for a page holding only
    a drawing (a scan has no text layer); encrypted with ``password`` when given."""
    import io

    from reportlab.lib.pagesizes import A5
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A5)
    for text in pages:
        if text is None:
            pdf.rect(40, 40, 300, 500, fill=1)
        else:
            box = pdf.beginText(40, 540)
            for i in range(0, len(text), 60):
                box.textLine(text[i:i + 60])
            pdf.drawText(box)
        pdf.showPage()
    pdf.save()
    if not password:
        return buf.getvalue()
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(buf.getvalue())))
    writer.encrypt(password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _docx(text: str) -> bytes:
    """A Word file holding ``text`` (one paragraph a block), no title or date in its properties."""
    import io

    import docx

    word = docx.Document()
    for block in text.split("\n\n"):
        if block.strip():
            word.add_paragraph(block.strip())
    buf = io.BytesIO()
    word.save(buf)
    return buf.getvalue()


def _yaml_bomb(depth: int = 6) -> str:
    lines = ['a: &a ["xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx","xxxxxxxx"]']
    prev = "a"
    for name in "bcdefghijk"[: depth - 1]:
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 8) + "]")
        prev = name
    return "---\n" + "\n".join(lines) + f"\ntitle: *{prev}\n---\nBody text.\n"


def _garbage_manifest(index: Path) -> Path:
    (index / "manifest.json").write_text('{"format": "claim-verifier-index", "format_vers')
    return index


def _incomplete_manifest(index: Path) -> Path:
    edit_manifest(index, lambda m: [m.pop(k) for k in ("embedding", "counts", "generation")])
    return index


def _other_model(index: Path) -> Path:
    def change(m: dict) -> None:
        m["embedding"].update(name="sentence-transformers/all-mpnet-base-v2", sha256="0" * 64, dim=768)
    edit_manifest(index, change)
    return index


def _traversal(index: Path) -> Path:
    outside = index.parent / "outside-gen"
    shutil.copytree(generation(index), outside)
    edit_manifest(index, lambda m: m.update(generation="../outside-gen"))
    return index


def _damage(index: Path, name: str, how: Callable[[Path], object]) -> Path:
    how(generation(index) / name)
    return index


# --------------------------------------------------------------------------- running


@dataclass
class Outcome:
    code: int
    line: str  # the first Error:/Warning:/Skipped/Built line of stderr (else its last line)
    more: int  # further stderr lines
    traceback: bool
    seconds: float


def first_line(stderr: str) -> tuple[str, int]:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    for i, ln in enumerate(lines):
        if ln.startswith(("Error:", "Warning:", "Skipped", "Built", "Updated")):
            return ln, len(lines) - i - 1
    return (lines[-1] if lines else ""), 0


def run_cli(argv: list[str], env: dict[str, str], timeout: int = 900) -> Outcome:
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "verifier", *argv], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return Outcome(-1, f"(no answer within {timeout} s)", 0, False, time.perf_counter() - t0)
    line, more = first_line(proc.stderr)
    return Outcome(proc.returncode, line, more, "Traceback (most recent call last)" in proc.stderr,
                   time.perf_counter() - t0)


def real_build(env: dict[str, str]) -> Callable[[Path, Path], None]:
    def build(corpus: Path, index: Path) -> None:
        out = run_cli(["--quiet", "index", "build", str(corpus), "--index", str(index)], env)
        if out.code != 0:
            raise SystemExit(f"could not build the base index: {out.line}")
    return build


def model_env(case: Case, scratch: Path, env: dict[str, str]) -> dict[str, str]:
    """The environment a case runs with: ``model-onnx-corrupt`` gets a copy of the ONNX export
    whose model file is cut in half."""
    if case.id != "model-onnx-corrupt":
        return env
    from verifier.config import MODELS_DIR

    dest = scratch / "models"
    shutil.copytree(MODELS_DIR / "embedder", dest / "embedder")
    truncate(dest / "embedder" / "model.onnx", 0.5)
    return {**env, "VERIFIER_MODELS_DIR": str(dest)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Compare with the expectations; write nothing.")
    parser.add_argument("--only", nargs="*", help="Case ids to run.")
    parser.add_argument("--output", type=Path, default=DOC)
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
           "COLUMNS": "200"}
    env.pop("VERIFIER_CONFIG", None)
    cases = [c for c in CASES if not args.only or c.id in args.only]
    rows, bad = [], 0
    with tempfile.TemporaryDirectory(prefix="bad-input-") as tmp:
        base = Path(tmp)
        base_index = lazy_base_index(base / "shared", real_build(env))
        for case in cases:
            scratch = Scratch(base / case.id, base_index)
            argv = case.setup(scratch)
            out = run_cli(argv, model_env(case, scratch.root, env))
            ok = out.code == case.code and case.fragment in out.line and not out.traceback
            bad += not ok
            shown = out.line.replace(str(scratch.root) + "/", "$TMP/").replace(str(base) + "/", "$TMP/")
            cmd = " ".join(a.replace(str(scratch.root) + "/", "$TMP/") if len(a) < 80 else "…" for a in argv)
            print(f"{'ok ' if ok else 'BAD'} {case.id:28} exit {out.code} ({out.seconds:.1f}s) {shown[:150]}",
                  file=sys.stderr)
            rows.append((case, cmd, out, shown, ok))
    if not args.check and not args.only:
        write_doc(args.output, rows)
        print(f"wrote {args.output}", file=sys.stderr)
    return 1 if bad else 0


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_doc(path: Path, rows) -> None:
    out = [
        "# Bad input: what the user gets",
        "",
        "Generated by `scripts/bad_input_table.py` from real runs of the CLI (real models, a tiny",
        "real index); do not edit by hand, rerun the script. `tests/test_reliability_bad_input.py`",
        "checks the same cases (exit code and message fragment, no traceback) on every test run.",
        "Exit codes: 0 ok, 1 runtime error, 2 bad input or usage. `$TMP` is the scratch folder.",
        "When several lines or files are bad, the first is on the `Error:` line and the rest follow",
        "on stderr, one per line (column *more*).",
        "",
        "| case | bad input | command | exit | what the user sees (stderr) | more | seconds | ok |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for case, cmd, o, shown, ok in rows:
        out.append(f"| `{case.id}` | {_cell(case.what)} | `{_cell(cmd)}` | {o.code} | `{_cell(shown)}` | "
                   f"{o.more or ''} | {o.seconds:.1f} | {'yes' if ok else '**no** (expected exit ' + str(case.code) + ')'} |")
    out += ["", f"Generated {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
                f"{sum(ok for *_, ok in rows)}/{len(rows)} cases as expected.", "",
            "## Beyond this table", "",
            "- Interrupted index writes (SIGKILL at random moments and at every rename/fsync of the commit, "
            "`index build` and `index add`), a second writer (V013) and readers during writes: "
            "`tests/test_reliability_kill.py`.",
            "- `verifier check --resume` after SIGKILL, with a cut-short last line, with other models (V015): "
            "`tests/test_reliability_resume.py`.",
            "- Hostile documents, claims and run files (`<script>`, attributes, Markdown/HTML injection, "
            "`javascript:`/`file:` links, terminal escapes, path traversal in ids and names): "
            "`tests/test_security_hostile.py`; no pickle/eval/exec/unsafe YAML in `verifier/`: "
            "`tests/test_security_source.py`.",
            "- Every parser under Hypothesis: `tests/test_fuzz_parsers.py` (CI budget), "
            "`scripts/fuzz_long.py` (thousands of examples, the 50 MB document).",
            "- Memory of a 100,000-claim batch: `scripts/bench_memory.py`.", ""]
    path.write_text("\n".join(out), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
