"""Format invariance: each news set's claims checked against its Markdown corpus and against
the same corpus rendered as PDF reports (and, with --formats, Word files and saved web pages)
should get the same labels (issue 17; results in docs/formats.md).

Usage::

    nice -n 10 .venv/bin/python scripts/format_invariance.py [--sets ukraine-2022-04-26 dev2 ...]
        [--formats pdf docx html] [--output out/format-invariance.md]

For every ``index/corpora/<set>`` with a ``claims/<set>.claims.jsonl``: the corpus is rendered
by ``tests/format_fixtures.py`` (PDF: A4 report with running header, footer and page number,
two columns from page 2, tables, hyphenated line ends; DOCX: headings, paragraphs, tables,
properties; HTML: the article in a news page with menus, cookie banner, share buttons and
footer, its date only in <meta>), an index is built from each rendering and from the
Markdown (real embedder, default config), and the claims are verified against each. Printed
(and written to --output): macro-F1 per set and format, every claim whose label differs from
the Markdown run's, with the deciding quote in each, and how many PDF quotes carry a page.
Slow (an index build and a check run per set and format): minutes a set on a shared 2-core
machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from format_fixtures import render_docx, render_html, render_pdf  # noqa: E402

from verifier.claims import read_claim_file  # noqa: E402
from verifier.config import Config  # noqa: E402
from verifier.evaluate import evaluate  # noqa: E402
from verifier.index.build import build_index  # noqa: E402
from verifier.index.embed import load_embedder  # noqa: E402
from verifier.index.ingest import read_sources  # noqa: E402
from verifier.session import make_verifier  # noqa: E402

CORPORA = ROOT / "index" / "corpora"
CLAIMS = ROOT / "claims"
RENDER = {"pdf": lambda d, p: render_pdf(d, p), "docx": lambda d, p: render_docx(d, p),
          "html": lambda d, p: render_html(d, p, site=d.source)}


def news_sets() -> list[str]:
    return [p.name for p in sorted(CORPORA.iterdir()) if p.is_dir() and (CLAIMS / f"{p.name}.claims.jsonl").is_file()]


def run_set(name: str, formats: list[str], tmp: Path, embedder, out: list[str]) -> tuple[int, int]:
    """Check one set in every format; append its report lines to ``out``; return (claims that
    differ from Markdown in any format, claims)."""
    claims, _ = read_claim_file(CLAIMS / f"{name}.claims.jsonl")
    docs = read_sources([CORPORA / name]).documents
    verdicts = {}
    for fmt in ["md", *formats]:
        folder = CORPORA / name
        if fmt != "md":
            folder = tmp / name / fmt
            folder.mkdir(parents=True)
            for doc in docs:
                RENDER[fmt](doc, folder / f"{doc.id}.{fmt}")
        index = tmp / name / f"index-{fmt}"
        t0 = time.perf_counter()
        build_index([folder], index, embedder, Config())
        verifier = make_verifier(str(index), Config().model_dump(mode="json"))
        verdicts[fmt] = {v.claim_id: v for v in verifier.verify(claims)}
        print(f"{name} {fmt}: {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    scores = {fmt: evaluate(list(vs.values())).macro_f1 for fmt, vs in verdicts.items()}
    out.append(f"## {name} ({len(claims)} claims, {len(docs)} documents)\n")
    out.append("| format | macro-F1 | labels differing from Markdown |")
    out.append("|---|---:|---:|")
    differ_any = set()
    for fmt, vs in verdicts.items():
        differ = [c.id for c in claims if vs[c.id].label != verdicts["md"][c.id].label]
        differ_any.update(differ)
        out.append(f"| {fmt} | {scores[fmt]:.3f} | {len(differ)} |")
    if "pdf" in verdicts:
        evs = [ev for v in verdicts["pdf"].values() for ev in v.evidence]
        out.append(f"\nPDF evidence quotes with a page: {sum(ev.page is not None for ev in evs)}/{len(evs)}")
    for cid in sorted(differ_any):
        claim = next(c for c in claims if c.id == cid)
        out.append(f"\n- `{cid}` (gold {claim.label.value if claim.label else '-'}): {claim.text}")
        for fmt, vs in verdicts.items():
            v = vs[cid]
            quote = v.evidence[0].quote if v.evidence else "(no evidence)"
            page = f", p. {v.evidence[0].page}" if v.evidence and v.evidence[0].page else ""
            out.append(f"  - {fmt}: **{v.label.value}** ({v.reason.value}{page}) \u201c{' '.join(quote.split())[:200]}\u201d")
    out.append("")
    return len(differ_any), len(claims)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=None, help="Sets to run [default: every news set].")
    parser.add_argument("--formats", nargs="*", default=["pdf"], choices=sorted(RENDER))
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    embedder = load_embedder()
    out = [f"# Format invariance ({', '.join(['md', *args.formats])})\n"]
    total_differ = total = 0
    with tempfile.TemporaryDirectory(prefix="formats-") as tmp:
        for name in args.sets or news_sets():
            differ, n = run_set(name, args.formats, Path(tmp), embedder, out)
            total_differ, total = total_differ + differ, total + n
    out.append(f"**{total_differ} of {total} claims** get another label in some format than against the Markdown.")
    text = "\n".join(out) + "\n"
    print(text)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
