"""Documents as newsrooms keep them: PDF reports, Word files and saved web pages, made here
from the project's own corpora in the real formats (``tests/format_fixtures.py``: reportlab,
python-docx, a news page template) and read back as a user's files would be.

What is asserted: the PDF's running headers, footers and page numbers are gone, words
hyphenated at line ends are whole, two-column pages read column by column, table rows stay
one line each, every evidence quote from a PDF names the right page; a saved page's
navigation, cookie banner, share buttons and footer never reach the index, and its date
comes from ``<meta>``; a Word file's paragraphs, headings, tables and properties are read;
metadata comes from the file, else ``sources.csv``, else the first dated line, and undated
documents are named in a warning; bad files give one coded line each and ``--skip-bad``
indexes the rest. One real-model test checks the worked example's claims against the
Markdown corpus and its three renderings and expects the same labels.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from format_fixtures import BOILERPLATE, blocks, render_docx, render_html, render_pdf

from verifier.cli import cli
from verifier.errors import FormatError, InputError
from verifier.index import embed
from verifier.index.build import build_index
from verifier.index.embed import FakeEmbedder
from verifier.index.ingest import read_article, read_sources
from verifier.index.pdf import page_of, read_pdf
from verifier.index.store import Index
from verifier.types import Document, Evidence

PROJECT = Path(__file__).resolve().parent.parent
WORKED = PROJECT / "index" / "corpora" / "ukraine-2022-04-26"
DEV6 = PROJECT / "index" / "corpora" / "dev6"


def _docs(folder: Path) -> dict[str, Document]:
    return {d.id: d for d in read_sources([folder]).documents}


def _flat(text: str) -> str:
    """Whitespace collapsed, and none beside a straight quote: a justified line set in a
    TrueType font shows the space before an opening quote by position alone, and no PDF
    reader (PDFium, pypdf, pdfminer) writes it."""
    return re.sub(r' ?" ?', '"', " ".join(text.split()))


def _prose(doc: Document) -> list[str]:
    """The document's lines of prose (not table rows), as a reader should find them."""
    return [line for b in blocks(doc.text) if b.kind != "table" for line in b.lines]


@pytest.fixture(scope="module")
def worked() -> dict[str, Document]:
    return _docs(WORKED)


@pytest.fixture(scope="module")
def bundle(worked, tmp_path_factory) -> tuple[Document, Path]:
    """Four worked-example documents as one A5 report of several pages: page 1 in one column,
    the rest in two, a running header and footer with the page number, a footnote."""
    ids = ["un-noon-briefing-2022-04-25", "kremlin-putin-guterres-2022-04-26", "ohchr-civilian-casualties-2022-04-25",
           "us-state-department-2022-04-25"]
    body = "\n\n".join(worked[i].text.strip() for i in ids)
    doc = Document(id="bundle", title="Ukraine: the week's statements", source="Reference desk",
                   published="2022-04-26", text=body, content_hash="-")
    path = tmp_path_factory.mktemp("bundle") / "bundle.pdf"
    render_pdf(doc, path, page_size="A5", font_size=11, footnote="1 All figures as published by each office.")
    return doc, path


# --------------------------------------------------------------------------- PDF


def _pdfium_pages(path: Path) -> list[str]:
    """Each page's text runs as PDFium boxes them, in its order, a line-end hyphen as "-": what
    the page shows, furniture and all."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    pages = []
    try:
        for i in range(len(pdf)):
            textpage = pdf[i].get_textpage()
            runs = [textpage.get_text_bounded(*textpage.get_rect(r)) for r in range(textpage.count_rects())]
            pages.append(_flat(" ".join(runs).replace("\x02", "-")))
    finally:
        pdf.close()
    return pages


def test_pdf_reads_every_sentence_in_order_without_page_furniture(bundle):
    doc, path = bundle
    ex = read_pdf(path)
    raw_pages = _pdfium_pages(path)
    assert len(raw_pages) >= 3 and len(ex.page_starts) == len(raw_pages)
    text = _flat(ex.text)
    for line in _prose(doc):  # columns read in order, hyphenated words whole
        assert _flat(line) in text, line
    assert "Page " not in ex.text and "Reference desk ·" not in ex.text  # footer and running header
    assert all(f"Page {n}" in raw_pages[n - 1] for n in range(1, len(raw_pages) + 1))  # they were there
    assert "\x02" not in ex.text and "\u00ad" not in ex.text
    assert "1 All figures as published by each office." in ex.text  # a footnote is text, not furniture
    assert (ex.title, ex.source, ex.published) == ("Ukraine: the week's statements", "Reference desk", "2022-04-26")


def test_pdf_words_broken_at_line_ends_are_joined(bundle):
    doc, path = bundle
    raw = " ".join(_pdfium_pages(path))
    broken = re.findall(r"([A-Za-z]+)- ([a-z]+)", raw)  # "Secre-" "tary": what the page shows
    assert len(broken) >= 5
    text = read_pdf(path).text
    for head, tail in broken:
        assert head + tail in text or f"{head}-{tail}" in text
        assert f"{head}- {tail}" not in text and f"{head}-\n{tail}" not in text


def test_pdf_page_starts_point_at_each_page(bundle):
    _, path = bundle
    ex = read_pdf(path)
    raw_pages = _pdfium_pages(path)
    for number, start in enumerate(ex.page_starts, start=1):
        opening = _flat(ex.text[start:start + 60])[:25]
        assert opening in raw_pages[number - 1], (number, opening)
        assert page_of(ex.page_starts, start) == number
    assert page_of([], 10) is None


def test_pdf_table_rows_stay_rows(tmp_path):
    air = _docs(DEV6)["air-quality-bulletin-2026-06-11"]
    path = render_pdf(air, tmp_path / "air.pdf")
    lines = read_pdf(path).text.splitlines()
    table = next(b for b in blocks(air.text) if b.kind == "table")
    for row in table.rows:  # wrapped cells ("Plant fence (mobile" / "unit)") join their row
        assert " | ".join(row) in lines
    assert "Limit value for PM10 (daily mean): 50 µg/m³" in lines  # the fact lines after it stay lines


def test_pdf_running_headers_are_found_whatever_the_page_number(tmp_path):
    """Furniture recurs with its page number changing; body lines that happen to sit near the
    top are kept, and a one-page document loses only its bare page number."""
    doc = Document(id="x", title="Quarterly bulletin", source="Statistics office", published="2024-03-11",
                   text="\n\n".join(f"Paragraph {i} says that exports rose by {i} percent in the quarter "
                                    "compared with the same quarter of the previous year." for i in range(40)),
                   content_hash="-")
    ex = read_pdf(render_pdf(doc, tmp_path / "b.pdf", page_size="A5", two_columns=False))
    assert len(ex.page_starts) >= 3
    assert "Quarterly bulletin" not in ex.text.replace("Quarterly bulletin\n\nParagraph 0", "", 1)
    assert all(f"Paragraph {i} says" in ex.text for i in range(40))
    single = Document(id="y", title="", source="Office", published="", text="One short statement.", content_hash="-")
    one = read_pdf(render_pdf(single, tmp_path / "one.pdf", title_line=False))
    assert one.text == "One short statement."  # its small-type header and its page number are gone


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)")
def test_a_page_printed_by_chromium_reads_letter_for_letter(worked, tmp_path):
    """Chromium kerns ("Yo", "Ta"): PDFium's text boxes then overlap, and text read by box
    repeats letters ("NewYoYork"); every sentence must read as written."""
    doc = worked["un-noon-briefing-2022-04-25"]
    page = render_html(doc, tmp_path / "page.html", site=doc.source)
    pdf = tmp_path / "printed.pdf"
    subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
                    page.as_uri()], capture_output=True, timeout=120, check=True)
    ex = read_pdf(pdf)
    text = _flat(ex.text)
    for line in _prose(doc):
        assert _flat(line) in text, line


def test_pdf_quotes_carry_their_page(bundle, tmp_path, fake_embedder):
    from verifier.claims import parse_facts
    from verifier.config import Config
    from verifier.pipeline import Verifier
    from verifier.scoring.stance import FakeStance
    from verifier.types import Claim

    doc, path = bundle
    build_index([path], tmp_path / "idx", fake_embedder)
    config = Config.model_validate({"scoring": {"min_relevance": -1.0, "stance_contradict_min_relevance": -1.0,
                                                "structured_contradict_min_relevance": -1.0}})
    raw_pages = _pdfium_pages(path)
    with Index.open(tmp_path / "idx", fake_embedder, config.search) as index:
        stored = index.document("bundle")
        read = read_pdf(path)  # the title heading its first page is the document's title, not its text
        assert read.text.startswith(doc.title + "\n\n") and not stored.text.startswith(doc.title)
        cut = len(read.text) - len(stored.text)
        assert stored.page_starts == [max(0, s - cut) for s in read.page_starts]
        verifier = Verifier(index, fake_embedder, FakeStance(), parse_facts, config)
        claims = [Claim(id="a", text="Guterres met Putin in the Kremlin on Tuesday."),
                  Claim(id="b", text="The United States announced more security assistance for Ukraine."),
                  Claim(id="c", text="OHCHR recorded 5,381 civilian casualties in Ukraine.")]
        seen = 0
        for verdict in verifier.verify(claims):
            for ev in [*verdict.evidence, *verdict.considered]:
                assert ev.page == page_of(stored.page_starts, ev.start) and ev.page is not None
                assert stored.text[ev.start:ev.end] == ev.quote  # spans still point into the stored text
                words = _flat(ev.quote).split()[:4]
                assert " ".join(words) in raw_pages[ev.page - 1] or ev.start < stored.page_starts[ev.page - 1] + 80
                seen += 1
        assert seen >= 3


def test_reports_show_the_page():
    from verifier.report.html import _source
    from verifier.report.markdown import _source_line

    ev = Evidence(doc_id="sitrep", title="Situation report", start=10, end=40, quote="q", page=4)
    assert "(sitrep, p. 4, characters 10–40)" in _source_line(ev)
    assert "p. 4" in _source(ev)
    plain = ev.model_copy(update={"page": None})
    assert "p. " not in _source_line(plain) and "p. " not in _source(plain)


# --------------------------------------------------------------------------- web pages and Word


def test_saved_news_page_keeps_the_article_and_its_metadata(worked, tmp_path, fake_embedder):
    folder = tmp_path / "pages"
    folder.mkdir()
    for doc in worked.values():
        render_html(doc, folder / f"{doc.id}.html", site=doc.source)
    build_index([folder], tmp_path / "idx", fake_embedder)
    with Index.open(tmp_path / "idx", fake_embedder) as index:
        passages = [row[0] for row in index.conn.execute("SELECT text FROM passages")]
        for doc in worked.values():
            page = index.document(doc.id)
            assert (page.title, page.source, page.published) == (doc.title, doc.source, doc.published)
            for line in _prose(doc):
                assert _flat(line) in _flat(page.text)
            assert page.page_starts == []
    for passage in passages:
        for junk in BOILERPLATE:
            assert junk not in passage, junk


def test_saved_page_date_from_json_ld_and_canonical_url(worked, tmp_path):
    doc = worked["wfp-global-food-2022-04-20"]
    path = render_html(doc, tmp_path / "p.html", url="https://example.org/wfp", json_ld=True)
    (read,) = read_sources([path]).documents
    assert (read.published, read.url) == (doc.published, "https://example.org/wfp")


def test_word_document_paragraphs_headings_tables_properties(tmp_path):
    air = _docs(DEV6)["air-quality-bulletin-2026-06-11"]
    path = render_docx(air, tmp_path / "air.docx")
    (doc,) = read_sources([path]).documents
    assert (doc.title, doc.source, doc.published) == (air.title, air.source, air.published)
    assert not doc.text.startswith(air.title)  # its title heading is the title, not a sentence
    lines = doc.text.splitlines()
    for row in next(b for b in blocks(air.text) if b.kind == "table").rows:
        assert " | ".join(row) in lines
    for line in _prose(air):
        assert line in lines


def test_word_draft_is_an_article_with_its_date(worked, tmp_path, capsys):
    from verifier.cli.check_cmds import _load_claims

    article = (PROJECT / "claims" / "ukraine-2022-04-26.article.txt").read_text()
    body = article.split("\n\n", 1)[1]  # without its "date" line: the date is in the properties
    doc = Document(id="draft", title="Guterres in Moscow", source="UPI", published="2022-04-26", text=body,
                   content_hash="-")
    path = render_docx(doc, tmp_path / "draft.docx", title_heading=False)
    claims, text, _ = _load_claims(str(path), None, "auto", None, None, False)
    assert claims and {c.date for c in claims} == {"2022-04-26"} and text.startswith(body.split("\n")[0][:40])
    claims, _, _ = _load_claims(str(path), None, "auto", "2022-05-01", None, False)
    assert {c.date for c in claims} == {"2022-05-01"}  # --date wins
    assert "no date for the article" not in capsys.readouterr().err
    undated = render_docx(doc.model_copy(update={"published": ""}), tmp_path / "undated.docx", title_heading=False)
    _load_claims(str(undated), None, "auto", None, None, False)
    assert f"Warning: {undated}: no date for the article" in capsys.readouterr().err


# --------------------------------------------------------------------------- metadata


def test_metadata_file_then_sources_csv_then_first_dated_line(tmp_path, worked):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    render_pdf(worked["wfp-global-food-2022-04-20"], folder / "wfp.pdf")
    (folder / "sub" / "note.txt").write_text("Briefing note\nIssued on 3 March 2024\nExports rose on 1 March 2024.\n")
    (folder / "plain.txt").write_text("Exports rose.\n")
    (folder / "sources.csv").write_text(
        "path,title,source,published,url\n"
        "wfp.pdf,,World Food Programme,2022-04-21,https://example.org/wfp\n")
    docs = {d.id: d for d in read_sources([folder]).documents}
    assert sorted(docs) == ["note", "plain", "wfp"]  # sources.csv is no document
    wfp = worked["wfp-global-food-2022-04-20"]
    # The sidecar is what the editor said: it overrides the file's author and creation date,
    # and leaves the file's own title where its cell is empty.
    assert (docs["wfp"].title, docs["wfp"].source, docs["wfp"].published, docs["wfp"].url) == (
        wfp.title, "World Food Programme", "2022-04-21", "https://example.org/wfp")
    assert (docs["note"].title, docs["note"].published) == ("note", "2024-03-03")
    assert docs["plain"].published == ""
    # Not a date deep in a paragraph, nor in a JSONL record (its fields say what is known).
    (folder / "prose.txt").write_text("Exports rose sharply in the quarter, the office said. " * 5 + "On 1 March 2024 ...")
    (folder / "records.jsonl").write_text('{"id": "r1", "text": "Issued 3 March 2024. Exports rose."}\n')
    docs = {d.id: d for d in read_sources([folder]).documents}
    assert (docs["prose"].published, docs["r1"].published) == ("", "")


def test_sources_csv_problems_name_their_line(tmp_path):
    (tmp_path / "a.txt").write_text("Text.")
    (tmp_path / "sources.csv").write_text("path,published\na.txt,March 2024\nmissing.txt,2024-03-01\n")
    result = read_sources([tmp_path])
    assert [str(p.problem) for p in result.problems] == [
        f"{tmp_path / 'sources.csv'}:2: published 'March 2024' is not a date YYYY-MM-DD.",
        f"{tmp_path / 'sources.csv'}:3: no file 'missing.txt' beside sources.csv."]
    (tmp_path / "sources.csv").write_text("file,date\na.txt,2024-03-01\n")
    (problem,) = read_sources([tmp_path]).problems
    assert problem.code == "V004" and "expected the columns path,title,source,published,url" in str(problem.problem)


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, fake_embedder: FakeEmbedder) -> CliRunner:
    monkeypatch.setattr(embed, "load_embedder", lambda *a, **k: fake_embedder)
    return CliRunner()


def test_build_warns_of_each_undated_document(runner, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "dated.md").write_text("---\npublished: 2024-01-02\n---\nA.\n")
    (src / "b.txt").write_text("No date here.")
    (src / "c.txt").write_text("Nor here.")
    result = runner.invoke(cli, ["index", "build", str(src), "--index", str(tmp_path / "i")])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[-1].startswith(
        "Warning: no publication date known for 2 documents (b, c); the date, order and recency checks")


# --------------------------------------------------------------------------- bad files


def _pdf_bytes(pages: list[str | None], password: str = "") -> bytes:
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("bad_input_table", PROJECT / "scripts" / "bad_input_table.py")
    module = sys.modules.get("bad_input_table")
    if module is None:
        module = importlib.util.module_from_spec(spec)
        sys.modules["bad_input_table"] = module
        spec.loader.exec_module(module)
    return module._pdf(pages, password)


@pytest.mark.parametrize(("name", "data", "code", "fragment"), [
    ("corrupt.pdf", b"%PDF-1.4\n" + bytes(range(256)), "V018", "not a readable PDF (data format error)"),
    ("scan.pdf", "scan", "V017", "no text layer (2 pages of images, a scan?); OCR it first"),
    ("locked.pdf", "locked", "V018", "encrypted PDF (it needs a password)"),
    ("corrupt.docx", b"PK\x03\x04" + bytes(200), "V018", "not a readable Word document"),
    ("old.docx", b"\xd0\xcf\x11\xe0" + bytes(508), "V018", "an old .doc or a password-protected .docx"),
    ("menus.html", "<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2026</footer></body></html>", "V005",
     "no main text found"),
])
def test_bad_files_give_one_coded_problem(tmp_path, name, data, code, fragment):
    if data == "scan":
        data = _pdf_bytes([None, None])
    elif data == "locked":
        data = _pdf_bytes(["Secret."], password="pw")
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    result = read_sources([path])
    (problem,) = result.problems
    assert result.documents == [] and problem.code == code
    assert str(problem.problem).startswith(f"{path}: {fragment}"), str(problem.problem)
    if path.suffix in (".pdf", ".docx"):
        with pytest.raises(InputError, match=re.escape(f"[{code}] {path}: {fragment}")):
            read_article(path)


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path, monkeypatch):
    from verifier.index import word

    path = render_docx(Document(id="d", text="Short.", content_hash="-"), tmp_path / "d.docx")
    monkeypatch.setattr(word, "MAX_UNPACKED", 1000)
    with pytest.raises(FormatError, match="unpacks to 0 MB"):
        word.read_docx(path)


def test_pages_without_text_are_named(tmp_path, caplog):
    path = tmp_path / "mixed.pdf"
    path.write_bytes(_pdf_bytes(["The first page has text about wheat prices.", None, None]))
    (doc,) = read_sources([path]).documents
    assert "wheat prices" in doc.text and len(doc.page_starts) == 3
    assert "pages 2-3 of 3 have no text layer (scanned?)" in caplog.text


def test_skip_bad_indexes_the_rest(runner, tmp_path):
    src = tmp_path / "src"
    src.mkdir()
    (src / "good.pdf").write_bytes(_pdf_bytes(["Wheat prices rose sharply in April 2022."]))
    (src / "scan.pdf").write_bytes(_pdf_bytes([None]))
    (src / "bad.docx").write_bytes(b"PK\x03\x04")
    result = runner.invoke(cli, ["index", "build", str(src), "--index", str(tmp_path / "i")])
    assert result.exit_code == 2 and result.stderr.startswith(f"Error: [V018] {src / 'bad.docx'}: not a readable")
    assert f"  {src / 'scan.pdf'}: no text layer" in result.stderr
    result = runner.invoke(cli, ["index", "build", str(src), "--index", str(tmp_path / "i"), "--skip-bad"])
    assert result.exit_code == 0
    assert result.stderr.splitlines()[:2] == [
        f"Skipped {src / 'bad.docx'}: not a readable Word document (File is not a zip file); open it in Word "
        "and save it again as .docx.",
        f"Skipped {src / 'scan.pdf'}: no text layer (1 page of images, a scan?); OCR it first (e.g. ocrmypdf "
        "in.pdf out.pdf)."]
    assert "1 added" in result.stderr


# --------------------------------------------------------------------------- the same labels in every format


@pytest.mark.real_model
def test_worked_example_labels_are_the_same_in_every_format(worked, tmp_path):
    """The worked example's claims against the Markdown corpus and against its PDF, Word and
    saved-page renderings: the same labels (docs/formats.md has every news set's run)."""
    from verifier.claims import read_claim_file
    from verifier.config import Config
    from verifier.session import make_verifier

    claims, _ = read_claim_file(PROJECT / "claims" / "ukraine-2022-04-26.claims.jsonl")
    renderers = {"pdf": lambda d, p: render_pdf(d, p), "docx": render_docx,
                 "html": lambda d, p: render_html(d, p, site=d.source)}
    labels = {}
    for fmt in ("md", *renderers):
        folder = WORKED if fmt == "md" else tmp_path / fmt
        if fmt != "md":
            folder.mkdir()
            for doc in worked.values():
                renderers[fmt](doc, folder / f"{doc.id}.{fmt}")
        from verifier.index.embed import load_embedder

        build_index([folder], tmp_path / f"idx-{fmt}", load_embedder(), Config())
        verifier = make_verifier(str(tmp_path / f"idx-{fmt}"), Config().model_dump(mode="json"))
        labels[fmt] = {v.claim_id: v.label.value for v in verifier.verify(claims)}
        if fmt == "pdf":
            pages = [ev.page for v in verifier.verify(claims[:5]) for ev in v.evidence]
            assert pages and all(p is not None for p in pages)
    for fmt in renderers:
        differ = {c: (labels["md"][c], labels[fmt][c]) for c in labels["md"] if labels["md"][c] != labels[fmt][c]}
        assert differ == {}, (fmt, differ)


def test_fixture_pdf_is_a_real_pdf(bundle):
    """The renderer's files open in another reader too (pypdf), with the metadata it wrote."""
    from pypdf import PdfReader

    _, path = bundle
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) >= 3 and reader.metadata.title == "Ukraine: the week's statements"
