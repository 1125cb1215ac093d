"""Ingest of every format, bad input collected as path:line problems, chunk offsets."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from verifier.config import IndexConfig
from verifier.errors import FormatError, InputError
from verifier.index.chunk import chunk_document, split_long
from verifier.index.ingest import content_hash, make_document, read_sources
from verifier.index.web import read_html


def _problems(result) -> list[tuple[str, str]]:
    return [(p.code, str(p.problem)) for p in result.problems]


def test_every_format(small_corpus: Path):
    result = read_sources([small_corpus])
    assert result.problems == []
    docs = {d.id: d for d in result.documents}
    assert sorted(docs) == ["casualties", "eu-1", "food", "imf-1", "meeting"]
    md = docs["casualties"]
    assert (md.title, md.source, md.published, md.url) == (
        "Civilian casualty update", "OHCHR", "2022-04-25", "https://example.org/ohchr")
    assert md.text.startswith("OHCHR recorded 5,381")  # front matter is not part of the text
    assert docs["food"].title == "food"
    html = docs["meeting"]  # trafilatura: the headline is the page's title, the article its text
    assert html.title == "Moscow talks"
    assert html.text == ("The Secretary-General met President Putin in Moscow on Tuesday.\n\n"
                         "They discussed the evacuation of civilians from the Azovstal steel plant.")
    assert docs["imf-1"].path.endswith("briefs.jsonl:1")
    assert docs["eu-1"].published == "2022-04-08"


def test_news_title_with_colon_is_read_as_written(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\ntitle: Ukraine: civilian casualty update\nid: ohchr\n---\nBody.\n")
    doc = read_sources([tmp_path]).documents[0]
    assert (doc.id, doc.title, doc.text) == ("ohchr", "Ukraine: civilian casualty update", "Body.\n")


def test_bad_front_matter_names_the_line(tmp_path: Path):
    (tmp_path / "a.md").write_text("---\nsource: x\ntitle: a: b\nnot a key line\n---\nBody.\n")
    result = read_sources([tmp_path])
    assert result.documents == []
    assert _problems(result) == [
        ("V004", f"{tmp_path / 'a.md'}:3: front matter is not valid YAML (mapping values are not allowed here).")]


def test_html_drops_script_and_style():
    page = read_html("<title> A  title </title><style>.x{}</style><script>alert(1)</script>"
                     "<div><p>One &amp; two of the paragraphs of this article.</p><noscript>no</noscript>"
                     "<p>Three is the last one.</p></div>")
    assert (page.title, page.text) == ("A title", "One & two of the paragraphs of this article.\n\nThree is the last one.")
    with pytest.raises(FormatError):
        read_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")


def test_bad_input_is_collected_and_good_files_kept(tmp_path: Path):
    (tmp_path / "good.txt").write_text("A good document.")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 au lait".encode("latin-1"))
    (tmp_path / "notes.docx").write_bytes(b"PK")
    (tmp_path / "lines.jsonl").write_text(
        '{"id": "ok", "text": "Fine."}\n[1, 2]\n{"id": "no-text"}\n{broken\n\n{"text": ""}\n')
    (tmp_path / "empty").mkdir()
    result = read_sources([tmp_path, tmp_path / "empty", tmp_path / "missing.md"])
    assert sorted(d.id for d in result.documents) == ["good", "ok"]
    assert _problems(result) == [
        ("V002", f"{tmp_path / 'latin1.txt'}:1: not UTF-8 (byte 0xe9 at offset 3); re-save the file as UTF-8."),
        ("V004", f"{tmp_path / 'lines.jsonl'}:2: expected a JSON object, got list."),
        ("V004", f'{tmp_path / "lines.jsonl"}:3: missing "text" (a non-empty string).'),
        ("V004", f"{tmp_path / 'lines.jsonl'}:4: not valid JSON (Expecting property name enclosed in double quotes at column 2)."),
        ("V004", f'{tmp_path / "lines.jsonl"}:6: missing "text" (a non-empty string).'),
        ("V018", f"{tmp_path / 'notes.docx'}: not a readable Word document (File is not a zip file); open it in "
                 "Word and save it again as .docx."),
        ("V005", f"{tmp_path / 'empty'}: folder has no documents (expected .md, .txt, .html, .htm, .jsonl, .pdf, "
                 ".docx files)."),
        ("V001", f"{tmp_path / 'missing.md'}: no such file or folder."),
    ]


def test_empty_folder_walk_skips_hidden_files(tmp_path: Path):
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    result = read_sources([tmp_path])
    assert [c for c, _ in _problems(result)] == ["V005"]


def test_jsonl_ids_are_made_safe_and_duplicates_reported(tmp_path: Path):
    (tmp_path / "a.jsonl").write_text('{"id": "../../etc/passwd", "text": "x"}\n{"text": "no id"}\n')
    (tmp_path / "b.jsonl").write_text('{"id": "../../etc/passwd", "text": "again"}\n')
    result = read_sources([tmp_path])
    assert [d.id for d in result.documents] == ["etc-passwd", "a-2"]
    assert _problems(result) == [
        ("V006", f"{tmp_path / 'b.jsonl'}:1: duplicate document id 'etc-passwd' (first seen at {tmp_path / 'a.jsonl'}:1)."),
    ]


def test_content_hash_covers_text_and_metadata():
    base = content_hash("text", {"title": "T"})
    assert base == make_document("x", "text", {"title": "T"}, "p").content_hash
    assert content_hash("text!", {"title": "T"}) != base
    assert content_hash("text", {"title": "T2"}) != base


def test_passages_keep_exact_offsets_and_overlap():
    text = "One is here. Two is here. Three is here.\n\nFour is here. Five is here."
    doc = make_document("d", text, {}, "p")
    passages, sentences = chunk_document(doc, IndexConfig(chunk_sentences=3, chunk_overlap=1))
    assert [text[s:e] for s, e in sentences] == ["One is here.", "Two is here.", "Three is here.",
                                                  "Four is here.", "Five is here."]
    assert [p.text for p in passages] == ["One is here. Two is here. Three is here.",
                                          "Three is here.\n\nFour is here. Five is here."]
    assert [p.id for p in passages] == ["d#0", "d#1"]


def test_bad_chunking_config_is_an_error():
    doc = make_document("d", "A. B.", {}, "p")
    with pytest.raises(InputError, match=r"need chunk_sentences >= 1, 0 <= chunk_overlap < chunk_sentences"):
        chunk_document(doc, IndexConfig(chunk_sentences=2, chunk_overlap=2))


def test_split_long_cuts_at_whitespace():
    text = "aaaa bbbb cccc dddddddddd"
    assert [text[s:e] for s, e in split_long(text, 0, len(text), 9)] == ["aaaa bbbb", "cccc", "ddddddddd", "d"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="abc XYZ.,!?\n", min_size=1, max_size=60), min_size=1, max_size=8),
       st.integers(1, 4), st.integers(0, 3), st.integers(5, 80))
def test_chunk_offsets_property(parts, size, overlap, max_chars):
    text = " ".join(parts)
    doc = make_document("d", text, {}, "p")
    cfg = IndexConfig(chunk_sentences=size, chunk_overlap=min(overlap, size - 1), chunk_max_chars=max_chars)
    passages, sentences = chunk_document(doc, cfg)
    for p in passages:
        assert doc.text[p.start:p.end] == p.text and p.text.strip() == p.text
    covered = {i for i, (s, e) in enumerate(sentences) if any(p.start <= s and e <= p.end for p in passages)}
    assert covered == set(range(len(sentences)))  # no sentence is ever skipped
    assert all(e - s <= max_chars for s, e in sentences)
