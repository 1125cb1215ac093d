"""Benchmark: PDF text extraction, its speed against embedding the same text, and the three
PDF libraries compared on the same report-like files (docs/formats.md).

Usage::

    .venv/bin/python scripts/bench_pdf.py [--repeats 5] [--compare] [--chromium]

The test files are the project's news corpora (every ``index/corpora/*`` folder) rendered by
``tests/format_fixtures.py``: one A4 report a document (running header, footer with the page
number, two columns from page 2, ruled tables, words hyphenated at line ends), plus A5
"bundles" of four documents each (several pages, a footnote on page 1); with ``--chromium``
also each document's saved news page printed by headless Chromium (another producer: kerned
text, no hyphenation, the page's menus and banners in the PDF).

Speed: ``verifier.index.pdf.read_pdf`` over every file, repeated, the median run in pages per
second (goal: >= 50), beside PDFium's bare text (``get_text_range``) and beside the time the
index takes to embed the same text (its passages and sentences, with the ONNX embedder, as
``verifier index build`` does): extraction should stay a small share of that.

``--compare`` scores each library's text against the Markdown the files were made from:
*sentences* (share of the source's prose lines found whole and in order: reading order,
columns and hyphenation), *tables* (share of table rows found on one line), *furniture* (share
of pages whose running header or "Page N" footer is still in the text), *broken words*
(words left split at a line-end hyphen, per 1,000 words) and pages per second. Libraries:
pypdf ``extract_text()``, pdfplumber ``extract_text()``, pypdfium2 ``get_text_range()`` and
this project's reader (pypdfium2 plus layout). Prints Markdown tables on stdout.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from format_fixtures import blocks, render_html, render_pdf  # noqa: E402

from verifier.config import Config  # noqa: E402
from verifier.index.chunk import chunk_document  # noqa: E402
from verifier.index.ingest import read_sources  # noqa: E402
from verifier.index.pdf import read_pdf  # noqa: E402
from verifier.types import Document  # noqa: E402

CORPORA = ROOT / "index" / "corpora"
GOAL_PAGES_PER_S = 50


def make_files(dest: Path, chromium: bool) -> list[tuple[Path, Document]]:
    """Render every corpus document (and the A5 bundles) as PDF: (file, its source document)."""
    files = []
    for corpus in sorted(p for p in CORPORA.iterdir() if p.is_dir()):
        docs = read_sources([corpus]).documents
        for doc in docs:
            files.append((render_pdf(doc, dest / f"{corpus.name}--{doc.id}.pdf"), doc))
            if chromium:
                page = render_html(doc, dest / f"{corpus.name}--{doc.id}.html", site=doc.source)
                pdf = dest / f"{corpus.name}--{doc.id}.chromium.pdf"
                subprocess.run([shutil.which("chromium") or "chromium", "--headless", "--no-sandbox", "--disable-gpu",
                                f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120, check=True)
                files.append((pdf, doc))
        for i in range(0, len(docs) - 3, 4):
            group = docs[i:i + 4]
            body = "\n\n".join(d.text.strip() for d in group)
            bundle = Document(id=f"{corpus.name}-bundle-{i // 4}", title=f"{corpus.name}: documents {i + 1}-{i + 4}",
                              source="Reference desk", published=group[0].published, text=body, content_hash="-")
            files.append((render_pdf(bundle, dest / f"{bundle.id}.pdf", page_size="A5", font_size=11,
                                     footnote="1 Figures as published by each office."), bundle))
    return files


def pages_of(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


# --------------------------------------------------------------------------- the libraries


def text_pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def text_pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def text_pdfium(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        out = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            out.append(textpage.get_text_range().replace("\r\n", "\n").replace("\ufffe", "-\n"))
            textpage.close()
            page.close()
        return "\n".join(out)
    finally:
        pdf.close()


def text_ours(path: Path) -> str:
    return read_pdf(path).text


LIBRARIES: dict[str, Callable[[Path], str]] = {
    "pypdf 7.1.1 `extract_text()`": text_pypdf,
    "pdfplumber 0.11.11 `extract_text()`": text_pdfplumber,
    "pypdfium2 5.15.2 `get_text_range()`": text_pdfium,
    "this reader (pypdfium2 + layout)": text_ours,
}


# --------------------------------------------------------------------------- scores


def _flat(text: str) -> str:
    """Whitespace collapsed, none beside straight quotes (no reader sees a space a justified
    TrueType line shows by position alone), soft hyphens dropped."""
    return re.sub(r' ?" ?', '"', " ".join(text.replace("\u00ad", "").split()))


def score(text: str, doc: Document, n_pages: int) -> dict[str, float]:
    flat = _flat(text)
    prose = [ln for b in blocks(doc.text) if b.kind != "table" for ln in b.lines]
    rows = [r for b in blocks(doc.text) if b.kind == "table" for r in b.rows]
    lines = [" ".join(ln.replace("|", " ").split()) for ln in text.splitlines()]
    found_rows = sum(any(" ".join(" ".join(r).split()) in ln for ln in lines) for r in rows)
    header = " · ".join(x for x in (doc.source, doc.title) if x)[:110]
    furniture = sum(1 for n in range(1, n_pages + 1) if f"Page {n}" in text) + (header[:40] in text) * n_pages
    words = len(flat.split())
    broken = len(re.findall(r"[a-z]{2,}-\s+[a-z]{2,}", text)) - len(re.findall(r"[a-z]{2,}- [a-z]{2,}", doc.text))
    return {"sentences": sum(_flat(ln) in flat for ln in prose) / max(1, len(prose)),
            "rows": found_rows, "rows_total": len(rows), "furniture": min(1.0, furniture / (2 * n_pages)),
            "broken": 1000 * max(0, broken) / max(1, words)}


def timed(func: Callable[[], object], repeats: int) -> tuple[float, list[float], float]:
    """(median wall seconds, every run's wall seconds, median CPU seconds of this process): on
    a machine shared with other jobs the CPU time says what the work itself costs."""
    runs, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        func()
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return statistics.median(runs), runs, statistics.median(cpu)


# --------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--compare", action="store_true", help="Also score pypdf, pdfplumber and bare pypdfium2.")
    parser.add_argument("--chromium", action="store_true", help="Also print each saved page with headless Chromium.")
    parser.add_argument("--no-embed", action="store_true", help="Skip timing the embedder.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        files = make_files(Path(tmp), args.chromium)
        pages = sum(pages_of(f) for f, _ in files)
        print(f"{len(files)} PDFs, {pages} pages (from {', '.join(p.name for p in sorted(CORPORA.iterdir()))})\n")
        median, runs, cpu = timed(lambda: [read_pdf(f) for f, _ in files], args.repeats)
        bare, _, bare_cpu = timed(lambda: [text_pdfium(f) for f, _ in files], args.repeats)
        print("| reader | pages/s, wall (median of %d) | pages per CPU-second | runs (s) |" % args.repeats)
        print("|---|---:|---:|---|")
        print(f"| `read_pdf` (text, layout, headers/footers, page starts) | {pages / median:.0f} | {pages / cpu:.0f} | "
              + ", ".join(f"{r:.2f}" for r in runs) + " |")
        print(f"| PDFium's bare text, for scale | {pages / bare:.0f} | {pages / bare_cpu:.0f} | |")
        print(f"\ngoal >= {GOAL_PAGES_PER_S} pages/s: {'met' if pages / median >= GOAL_PAGES_PER_S else 'NOT met'}")
        if not args.no_embed:
            embed_share(files, median)
        if args.compare:
            compare(files, max(1, args.repeats // 2))


def embed_share(files: list[tuple[Path, Document]], extraction_s: float) -> None:
    """The embedder's time on the extracted text's passages and sentences, as index build
    embeds them, beside the extraction time."""
    from verifier.index.embed import load_embedder

    config = Config()
    embedder = load_embedder()
    texts = []
    for path, doc in files:
        ex = read_pdf(path)
        passages, sentences = chunk_document(doc.model_copy(update={"text": ex.text}), config.index)
        texts += [p.text for p in passages] + ([ex.text[s:e] for s, e in sentences] if config.index.embed_sentences
                                               else [])
    embedder.encode(texts[:16])  # warm up
    embed_s, _, _ = timed(lambda: embedder.encode(texts), 1)
    print(f"\nembedding the same text ({len(texts)} passages and sentences, {embedder.name}, {embedder.backend}): "
          f"{embed_s:.1f} s wall; extraction {extraction_s:.2f} s wall = {100 * extraction_s / embed_s:.1f}% of it")


def compare(files: list[tuple[Path, Document]], repeats: int) -> None:
    print("\n| library | sentences found whole | table rows on one line | pages with header/footer left "
          "| broken words / 1,000 | pages/s |")
    print("|---|---:|---:|---:|---:|---:|")
    pages = {f: pages_of(f) for f, _ in files}
    for name, read in LIBRARIES.items():
        texts: dict[Path, str] = {}
        median, _, _ = timed(lambda: texts.update({f: read(f) for f, _ in files}), repeats)
        scores = [score(texts[f], doc, pages[f]) for f, doc in files]
        rows, rows_total = sum(s["rows"] for s in scores), sum(s["rows_total"] for s in scores)
        print(f"| {name} | {100 * statistics.mean(s['sentences'] for s in scores):.1f}% "
              f"| {rows}/{rows_total} | {100 * statistics.mean(s['furniture'] for s in scores):.0f}% "
              f"| {statistics.mean(s['broken'] for s in scores):.2f} | {sum(pages.values()) / median:.0f} |")


if __name__ == "__main__":
    main()
