"""Large inputs: a multi-megabyte document and a 1 MB single line are indexed, searched and
read back exactly; a 1 MB claim line is one claim.

The document size is 5 MB by default (seconds with the fake embedder); ``VERIFIER_LARGE_MB=50``
runs the 50 MB case (``scripts/fuzz_long.py --large-mb 50`` does, and reports its time and
peak memory).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verifier.config import Config
from verifier.index.build import build_index
from verifier.index.embed import FakeEmbedder
from verifier.index.store import Index

PROJECT = Path(__file__).resolve().parent.parent
LARGE_MB = float(os.environ.get("VERIFIER_LARGE_MB", "5"))


def _large_document(path: Path, megabytes: float) -> int:
    """News-like prose with paragraphs; returns the number of characters written."""
    rng = random.Random(5)
    places = ["Kyiv", "Kharkiv", "Mariupol", "Odesa", "Lviv", "Sumy"]
    target = int(megabytes * 1_000_000)
    parts, size, i = ["---\ntitle: Large archive\nsource: test\n---\n"], 0, 0
    while size < target:
        sentence = (f"On day {i} officials in {rng.choice(places)} said {rng.randrange(1, 99_999):,} people "
                    f"had been counted, the U.N. reported. ")
        if i % 7 == 6:
            sentence += "\n\n"
        parts.append(sentence)
        size += len(sentence)
        i += 1
    path.write_text("".join(parts), encoding="utf-8")
    return size


def test_a_large_document_is_indexed_with_exact_offsets(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    chars = _large_document(corpus / "archive.md", LARGE_MB)
    # In a subprocess, to read its peak memory (ru_maxrss) and keep this process small.
    script = textwrap.dedent(f"""
        import json, resource, time
        from pathlib import Path
        from verifier.config import Config
        from verifier.index.build import build_index
        from verifier.index.embed import FakeEmbedder
        t0 = time.perf_counter()
        # Offsets and bounded passages are the point here: parsing every sentence's facts (spaCy,
        # ~170 sentences/s) would take minutes for the 55,000 sentences of 5 MB.
        config = Config.model_validate({{"index": {{"parse_facts": False}}}})
        report = build_index([Path({str(corpus)!r})], Path({str(tmp_path / 'idx')!r}), FakeEmbedder(), config)
        print(json.dumps({{"seconds": time.perf_counter() - t0, "passages": report.manifest["counts"]["passages"],
                          "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, text=True, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    stats = json.loads(proc.stdout)
    print(f"{LARGE_MB} MB document: {stats}")
    assert stats["passages"] > chars / 1200  # windows of at most chunk_max_chars
    with Index.open(tmp_path / "idx", FakeEmbedder()) as index:
        doc = index.document("archive")
        assert len(doc.text) == chars
        rows = index.conn.execute('SELECT start, "end", text FROM passages ORDER BY rowid').fetchall()
        assert len(rows) == stats["passages"]
        for start, end, text in rows[:: max(len(rows) // 200, 1)]:
            assert doc.text[start:end] == text
        sentences = index.sentences("archive")
        assert all(a[1] <= b[0] for a, b in zip(sentences, sentences[1:]))
        hit = index.search("officials in Odesa counted people", k=1)[0]
        assert "Odesa" in hit.passage.text


def test_a_1mb_line_without_punctuation_is_split_into_bounded_passages(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = " ".join(f"w{i}" for i in range(180_000))  # ~1.2 MB, one line, no sentence end
    (corpus / "line.txt").write_text(text, encoding="utf-8")
    config = Config.model_validate({"index": {"parse_facts": False}})  # bounded passages are the point
    report = build_index([corpus], tmp_path / "idx", FakeEmbedder(), config)
    with Index.open(tmp_path / "idx", FakeEmbedder()) as index:
        rows = index.conn.execute('SELECT start, "end", text FROM passages').fetchall()
        assert len(rows) == report.manifest["counts"]["passages"]
        assert max(e - s for s, e, _ in rows) <= 1200
        assert all(text[s:e] == t for s, e, t in rows)
        covered = sum(e - s for s, e in index.sentences("line"))
        assert covered >= len(text) - len(rows) * 2  # nothing dropped but the cut spaces


def test_a_1mb_claim_line_is_one_claim(tmp_path: Path):
    from verifier.claims import read_claim_file

    path = tmp_path / "claims.jsonl"
    long_text = "More than 2,660 civilians were killed. " * 26_000
    path.write_text(json.dumps({"id": "long", "text": long_text}) + "\n" + json.dumps({"id": "c2", "text": "Short."})
                    + "\n", encoding="utf-8")
    claims, problems = read_claim_file(path)
    assert [c.id for c in claims] == ["long", "c2"] and problems == []
    assert len(claims[0].text) == len(long_text.strip())


@pytest.mark.real_model
def test_extract_on_a_1mb_single_line_article(tmp_path: Path):
    """spaCy refuses texts over nlp.max_length (1,000,000 characters); the article must give
    claims or a coded error, never a traceback."""
    article = tmp_path / "a.txt"
    article.write_text("word " * 250_000)  # one 1.25 MB "sentence"
    proc = subprocess.run([sys.executable, "-m", "verifier", "extract", str(article), "-o", str(tmp_path / "c.jsonl")],
                          cwd=PROJECT, capture_output=True, text=True, timeout=1800)
    assert "Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr[-1000:]
    assert "extracted 0 claims" in proc.stderr


def test_facts_of_a_1mb_sentence_are_parsed_from_its_first_part():
    """spaCy refuses texts over 1,000,000 characters (E088) and needs ~1 GB per 100,000: the
    parser reads only the first MAX_PARSE_CHARS, so a page without punctuation given as
    evidence still gives facts with offsets into the text."""
    from verifier.claims import parse_facts
    from verifier.claims.nlp import MAX_PARSE_CHARS, parse

    text = "Officials said 120 people died in Kyiv on April 3, 2022 " + "and more " * 150_000
    assert len(parse(text).text) == MAX_PARSE_CHARS
    facts = parse_facts(text, "2022-04-26")
    assert [q.value for q in facts.quantities][:1] == [120.0]
    assert [d.start for d in facts.dates][:1] == ["2022-04-03"]
    assert all(text[q.start:q.end] == q.text for q in facts.quantities)


@pytest.mark.real_model
def test_check_with_1mb_evidence(tmp_path: Path):
    claims = tmp_path / "c.jsonl"
    claims.write_text(json.dumps({"id": "l1", "text": "More than 100 people died in Kyiv.",
                                  "evidence": "Officials said 120 people died in Kyiv " + "and more " * 150_000}) + "\n")
    proc = subprocess.run([sys.executable, "-m", "verifier", "check", str(claims)], cwd=PROJECT, capture_output=True,
                          text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-1000:]
    verdict = json.loads(proc.stdout.splitlines()[1])
    assert verdict["claim_id"] == "l1" and verdict["label"] in ("supported", "contradicted", "unverified")
