"""Index build, hybrid search, incremental add/remove, manifest checks, atomic writes, lock."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from verifier.errors import (BatchInputError, IndexCorruptError, IndexError_, IndexLockedError,
                             IndexMismatchError, InputError)
from verifier.index import store
from verifier.index.build import add_to_index, build_index, remove_from_index
from verifier.index.embed import FakeEmbedder
from verifier.index.search import fts_query
from verifier.index.store import Index

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def built(small_corpus: Path, tmp_path: Path, fake_embedder: FakeEmbedder) -> Path:
    path = tmp_path / "idx"
    build_index([small_corpus], path, fake_embedder)
    return path


def test_build_writes_manifest_and_counts(built: Path, fake_embedder: FakeEmbedder, small_corpus: Path):
    manifest = store.read_manifest(built)
    assert manifest["embedding"] == {"name": fake_embedder.name, "sha256": fake_embedder.sha256, "dim": 64,
                                     "backend": "fake"}
    assert manifest["counts"] == {"documents": 5, "passages": 5, "sentences": 10}
    assert (manifest["metric"], manifest["faiss_factory"], manifest["name"]) == ("inner_product", "Flat", "idx")
    assert manifest["chunking"] == {"chunk_sentences": 3, "chunk_overlap": 1, "chunk_max_chars": 1200}
    assert manifest["sources"] == [str(small_corpus)]
    assert {"python", "sqlite", "numpy", "faiss-cpu"} <= set(manifest["versions"])
    assert sorted(p.name for p in built.iterdir()) == [".lock", manifest["generation"], "manifest.json"]


def test_hybrid_search_ranks_the_matching_document_first(built: Path, fake_embedder: FakeEmbedder):
    with Index.open(built, fake_embedder) as index:
        hits = index.search("How many civilians were killed in Donetsk?", k=3)
        assert hits[0].passage.doc_id == "casualties"
        assert hits[0].bm25_score is not None and hits[0].bm25_score > 0
        assert [h.rank for h in hits] == [1, 2, 3]
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
        assert index.search("wheat grain exports", k=1)[0].passage.doc_id == "food"
        assert index.search("coal sanctions", k=1)[0].doc_title == "EU sanctions"


def test_hits_quote_exact_document_text(built: Path, fake_embedder: FakeEmbedder):
    with Index.open(built, fake_embedder) as index:
        for hit in index.search("civilians Putin Moscow IMF", k=5):
            doc = index.document(hit.passage.doc_id)
            assert doc.text[hit.passage.start:hit.passage.end] == hit.passage.text
        doc = index.document("casualties")
        sentences = [doc.text[s:e] for s, e in index.sentences("casualties")]
        assert sentences == [
            "OHCHR recorded 5,381 civilian casualties in Ukraine: 2,665 killed and 2,716 injured.",
            "Most were caused by explosive weapons with a wide impact area.",
            "Of those killed, 2,074 were recorded in the Donetsk and Luhansk regions."]


def test_search_many_matches_search(built: Path, fake_embedder: FakeEmbedder):
    queries = ["Putin Moscow", "growth forecast", "Putin Moscow"]
    with Index.open(built, fake_embedder) as index:
        many = index.search_many(queries, k=4)
        assert many == [index.search(q, k=4) for q in queries]


def test_ties_are_broken_by_passage_id(tmp_path: Path, fake_embedder: FakeEmbedder):
    (tmp_path / "c").mkdir()
    for name in ("b", "a", "c"):
        (tmp_path / "c" / f"{name}.txt").write_text("Identical text about ports.")
    build_index([tmp_path / "c"], tmp_path / "idx", fake_embedder)
    with Index.open(tmp_path / "idx", fake_embedder) as index:
        assert [h.passage.id for h in index.search("ports", k=3)] == ["a#0", "b#0", "c#0"]


def test_fts_query_escapes_user_syntax():
    assert fts_query('NEAR("a" b) AND x* OR "c') == '"near" OR "b" OR "x" OR "c"'
    assert fts_query("the of and") == ""


def test_search_with_fts_syntax_and_only_stop_words(built: Path, fake_embedder: FakeEmbedder):
    with Index.open(built, fake_embedder) as index:
        assert len(index.search('"unbalanced AND ( NEAR', k=2)) == 2
        hits = index.search("the of and", k=2)
        assert len(hits) == 2 and all(h.bm25_score is None for h in hits)


def test_sentences_are_embedded_when_indexed(built: Path, fake_embedder: FakeEmbedder):
    with Index.open(built, fake_embedder) as index:
        assert index.has_sentence_vectors
        for doc_id in index.document_ids():
            text = index.document(doc_id).text
            texts = [text[s:e] for s, e in index.sentences(doc_id)]
            assert index.sentence_vectors(doc_id).tobytes() == fake_embedder.encode(texts).tobytes()


def test_an_index_without_sentence_vectors_still_opens_and_add_fills_them(built: Path, small_corpus: Path,
                                                                         fake_embedder: FakeEmbedder,
                                                                         drop_sentence_vectors):
    drop_sentence_vectors(built)
    with Index.open(built, fake_embedder) as index:
        assert not index.has_sentence_vectors and index.sentence_vectors("food") is None
    (small_corpus / "food.txt").write_text("Fertiliser prices doubled. Farmers cut planting.")
    add_to_index([small_corpus], built, fake_embedder)
    with Index.open(built, fake_embedder) as index:
        assert index.sentence_vectors("food").shape == (2, 64)
        assert index.sentence_vectors("casualties") is None  # indexed before: the pipeline embeds it


def test_add_reembeds_only_changed_documents(built: Path, small_corpus: Path, fake_embedder: FakeEmbedder):
    fake_embedder.encoded = 0
    report = add_to_index([small_corpus], built, fake_embedder)
    assert (report.unchanged, report.embedded, fake_embedder.encoded) == (
        ["imf-1", "eu-1", "casualties", "food", "meeting"], 0, 0)
    (small_corpus / "food.txt").write_text("Fertiliser prices doubled. Farmers cut planting.")
    (small_corpus / "new.txt").write_text("A brand new report on shelling in Kharkiv.")
    report = add_to_index([small_corpus], built, fake_embedder)
    # 2 passages, and their documents' 3 sentences
    assert (report.added, report.replaced, report.embedded, fake_embedder.encoded) == (["new"], ["food"], 2, 5)
    with Index.open(built, fake_embedder) as index:
        assert index.manifest["counts"]["documents"] == 6
        assert index.search("fertiliser farmers planting", k=1)[0].passage.text == (
            "Fertiliser prices doubled. Farmers cut planting.")
        assert all("wheat" not in h.passage.text for h in index.search("wheat grain", k=10))
        assert index.faiss_index.ntotal == index.manifest["counts"]["passages"] == 6


def test_remove_drops_passages_and_vectors(built: Path, fake_embedder: FakeEmbedder):
    report = remove_from_index(built, ["food", "imf-1"])
    assert report.removed == ["food", "imf-1"]
    with Index.open(built, fake_embedder) as index:
        assert index.document_ids() == ["casualties", "eu-1", "meeting"]
        assert index.faiss_index.ntotal == 3
        assert {h.passage.doc_id for h in index.search("wheat grain growth forecast", k=10)} == {
            "casualties", "eu-1", "meeting"}


def test_remove_unknown_id_changes_nothing(built: Path):
    before = store.read_manifest(built)
    with pytest.raises(InputError) as err:
        remove_from_index(built, ["food", "nope"])
    assert str(err.value) == (f"[V007] no document 'nope' in index {built}; nothing was removed. "
                              f"Document ids are shown by: verifier search QUERY --index {built} --json")
    assert store.read_manifest(built) == before


def test_open_with_another_model_is_a_mismatch(built: Path, small_corpus: Path):
    other = FakeEmbedder(dim=32, name="other-model")
    with pytest.raises(IndexMismatchError) as err:
        Index.open(built, other)
    manifest = store.read_manifest(built)
    assert str(err.value) == (
        f"[V011] index {built} was built with model fake-hashing-embedder (weights sha256 "
        f"{manifest['embedding']['sha256'][:12]}, dim 64); this run uses other-model (weights sha256 "
        f"{other.sha256[:12]}, dim 32). Rebuild with: verifier index build {small_corpus} --index {built}")
    with pytest.raises(IndexMismatchError):
        add_to_index([small_corpus], built, other)


def test_not_an_index_and_corrupt_files(built: Path, tmp_path: Path, fake_embedder: FakeEmbedder):
    with pytest.raises(IndexError_) as err:
        Index.open(tmp_path, fake_embedder)
    assert str(err.value) == (f"[V010] {tmp_path}: not an index (no manifest.json). "
                              f"Build one with: verifier index build SOURCES... --index {tmp_path}")
    gen = built / store.read_manifest(built)["generation"]
    faiss_file = gen / store.FAISS
    faiss_file.write_bytes(faiss_file.read_bytes()[:50])
    with pytest.raises(IndexCorruptError, match=r"^\[V012\] .*vectors|^\[V012\] .*unreadable"):
        Index.open(built, fake_embedder)
    (built / "manifest.json").write_text("{truncated")
    with pytest.raises(IndexCorruptError, match=r"^\[V012\] .*manifest.json: manifest unreadable"):
        Index.open(built, fake_embedder)


def test_build_refuses_a_folder_that_is_not_an_index(small_corpus: Path, fake_embedder: FakeEmbedder):
    with pytest.raises(IndexError_) as err:
        build_index([small_corpus], small_corpus, fake_embedder)
    assert str(err.value).startswith(f"[V010] {small_corpus}: not an index and not empty (holds 'briefs.jsonl')")


def test_bad_input_fails_the_batch_and_keeps_the_index(built: Path, tmp_path: Path, fake_embedder: FakeEmbedder):
    before = store.read_manifest(built)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "ok.txt").write_text("Shelling hit Kharkiv overnight.")
    (bad / "x.bin").write_bytes(b"\x00")
    with pytest.raises(BatchInputError) as err:
        add_to_index([bad], built, fake_embedder)
    assert err.value.code == "V003" and err.value.exit_code == 2
    with pytest.raises(BatchInputError):
        build_index([bad], built, fake_embedder)
    assert store.read_manifest(built) == before
    report = add_to_index([bad], built, fake_embedder, skip_bad=True)
    assert report.added == ["ok"] and [str(p) for p in report.skipped] == [
        f"{bad / 'x.bin'}: unknown extension '.bin'; expected one of .md, .txt, .html, .htm, .jsonl, .pdf, .docx."]


class _ExplodingEmbedder(FakeEmbedder):
    def encode(self, texts, progress=None):
        raise RuntimeError("power cut")


def test_failed_rebuild_leaves_previous_index_usable(built: Path, small_corpus: Path, fake_embedder: FakeEmbedder):
    before = store.read_manifest(built)
    with pytest.raises(RuntimeError, match="power cut"):
        build_index([small_corpus], built, _ExplodingEmbedder())
    assert store.read_manifest(built) == before
    with Index.open(built, fake_embedder) as index:
        assert index.search("Putin Moscow", k=1)[0].passage.doc_id == "meeting"
    assert not [p for p in built.iterdir() if p.name.startswith(".tmp-gen-")]  # removed on the way out


def test_build_killed_mid_write_leaves_previous_index(built: Path, small_corpus: Path, fake_embedder: FakeEmbedder):
    """SIGKILL while embedding the rebuild: the manifest still names the old, complete generation."""
    before = store.read_manifest(built)
    script = textwrap.dedent(f"""
        import os, signal
        from pathlib import Path
        from verifier.index.build import build_index
        from verifier.index.embed import FakeEmbedder
        class Killed(FakeEmbedder):
            def encode(self, texts, progress=None):
                os.kill(os.getpid(), signal.SIGKILL)
        build_index([Path({str(small_corpus)!r})], Path({str(built)!r}), Killed())
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=PROJECT, capture_output=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL
    assert [p.name for p in built.iterdir() if p.name.startswith(".tmp-gen-")]  # half-written, not current
    assert store.read_manifest(built) == before
    with Index.open(built, fake_embedder) as index:
        assert index.search("IMF growth forecast", k=1)[0].passage.doc_id == "imf-1"
    add_to_index([small_corpus], built, fake_embedder)  # the next writer sweeps the leftovers
    assert not [p for p in built.iterdir() if p.name.startswith(".tmp-gen-")]


def test_second_writer_is_refused(built: Path, small_corpus: Path, fake_embedder: FakeEmbedder):
    script = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from verifier.index.store import write_lock
        with write_lock(Path({str(built)!r})):
            print("locked", flush=True)
            sys.stdin.readline()
    """)
    holder = subprocess.Popen([sys.executable, "-c", script], cwd=PROJECT, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        with pytest.raises(IndexLockedError) as err:
            add_to_index([small_corpus], built, fake_embedder)
        assert str(err.value) == (f"[V013] index {built} is being written by another process (pid {holder.pid}). "
                                  "Wait for it to finish, then run the command again.")
    finally:
        holder.communicate("\n", timeout=60)
    add_to_index([small_corpus], built, fake_embedder)  # free again


def test_factory_strings(small_corpus: Path, tmp_path: Path, fake_embedder: FakeEmbedder):
    build_index([small_corpus], tmp_path / "hnsw", fake_embedder, factory="HNSW8")
    remove_from_index(tmp_path / "hnsw", ["food"])
    with Index.open(tmp_path / "hnsw", fake_embedder) as index:
        assert index.manifest["faiss_factory"] == "HNSW8"
        assert index.search("Putin Moscow", k=1)[0].passage.doc_id == "meeting"
    with pytest.raises(IndexError_, match=r"^\[V007\] invalid FAISS factory string 'Nonsense9'"):
        build_index([small_corpus], tmp_path / "bad", fake_embedder, factory="Nonsense9")


def test_readers_keep_working_across_a_write(built: Path, small_corpus: Path, fake_embedder: FakeEmbedder):
    with Index.open(built, fake_embedder) as index:
        remove_from_index(built, ["food"])
        assert index.search("wheat grain", k=1)[0].passage.doc_id == "food"  # the generation it opened
    with Index.open(built, fake_embedder) as index:
        assert "food" not in index.document_ids()
    assert json.loads((built / "manifest.json").read_text())["counts"]["documents"] == 4
    assert os.path.exists(built / store.LOCK)


def test_add_to_a_missing_index_creates_nothing(small_corpus: Path, tmp_path: Path, fake_embedder: FakeEmbedder):
    with pytest.raises(IndexError_, match=r"^\[V010\] .*no index here \(no such folder\)"):
        add_to_index([small_corpus], tmp_path / "nowhere", fake_embedder)
    assert not (tmp_path / "nowhere").exists()


def test_an_index_at_a_relative_path_opens(small_corpus, tmp_path, fake_embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)
    build_index([small_corpus], Path("rel-idx"), fake_embedder)
    add_to_index([small_corpus], Path("rel-idx"), fake_embedder)  # reads the old generation
    assert store.Index.open("rel-idx", fake_embedder).search("civilian casualties", k=1)


def test_keyword_seats_add_the_best_keyword_hits_fusion_ranked_lower(built: Path, fake_embedder: FakeEmbedder):
    with Index.open(built, fake_embedder) as index:
        query = "wheat grain exports civilians killed"
        assert len(index.search_many([query], k=1)[0]) == 1
        best_keywords = [rowid for rowid, _ in index.conn.execute(
            "SELECT rowid, bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ? "
            "ORDER BY bm25(passages_fts) LIMIT 2", (fts_query(query),))]
        ids = dict(index.conn.execute("SELECT rowid, id FROM passages"))
        hits = index.search_many([query], k=1, keyword_seats=2)[0]
        assert {ids[r] for r in best_keywords} <= {h.passage.id for h in hits}
        assert 2 <= len(hits) <= 3 and [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_sentences_need_not_be_embedded_when_indexing(small_corpus: Path, tmp_path: Path, fake_embedder: FakeEmbedder):
    from verifier.config import Config

    fake_embedder.encoded = 0
    report = build_index([small_corpus], tmp_path / "lean", fake_embedder,
                         Config.model_validate({"index": {"embed_sentences": False}}))
    assert fake_embedder.encoded == report.embedded == report.manifest["counts"]["passages"]
    with Index.open(tmp_path / "lean", fake_embedder) as index:
        assert index.sentence_vectors("food") is None  # the pipeline embeds them per claim


def _stored_facts(path: Path) -> dict[tuple[str, int], str | None]:
    import sqlite3

    gen = path / store.read_manifest(path)["generation"]
    with sqlite3.connect(gen / store.SQLITE) as conn:
        rows = {(d, o): f for d, o, f in conn.execute("SELECT doc_id, ordinal, facts FROM sentences")}
    conn.close()
    return rows


def test_every_sentence_is_stored_with_its_facts_parsed_against_the_documents_date(built: Path,
                                                                                    fake_embedder: FakeEmbedder):
    from verifier.claims.facts import extractor_version, parse_facts
    from verifier.types import Facts

    assert store.read_manifest(built)["facts_extractor"] == extractor_version()
    with Index.open(built, fake_embedder) as index:
        for doc_id in index.document_ids():
            doc = index.document(doc_id)
            stored = index.sentence_facts(doc_id)
            spans = index.sentences(doc_id)
            assert len(stored) == len(spans) > 0
            for (s, e), blob in zip(spans, stored):
                assert Facts.model_validate_json(blob) == parse_facts(doc.text[s:e], doc.published or None)
        figures = [q.value for blob in index.sentence_facts("casualties")
                   for q in Facts.model_validate_json(blob).quantities]
        assert 2665.0 in figures


def test_facts_of_another_extractor_version_are_not_used_and_refresh_parses_them_again(
        built: Path, fake_embedder: FakeEmbedder, caplog):
    from verifier.index.build import refresh_index

    current = _stored_facts(built)
    manifest = store.read_manifest(built)
    store.write_json_atomic(built / store.MANIFEST, {**manifest, "facts_extractor": "0123456789abcdef"})
    with caplog.at_level("WARNING"), Index.open(built, fake_embedder) as index:
        assert index.sentence_facts("casualties") is None  # the pipeline parses them per claim
    assert "verifier index refresh" in caplog.text
    report = refresh_index(built)
    assert report.embedded == 0 and report.manifest["facts_extractor"] == manifest["facts_extractor"]
    assert _stored_facts(built) == current
    with Index.open(built, fake_embedder) as index:
        assert index.sentence_facts("casualties") is not None


def test_an_index_built_before_facts_were_stored_gains_them_on_refresh_or_add(
        built: Path, small_corpus: Path, tmp_path: Path, fake_embedder: FakeEmbedder):
    import sqlite3

    from verifier.index.build import refresh_index

    current = _stored_facts(built)
    manifest = store.read_manifest(built)
    with sqlite3.connect(built / manifest["generation"] / store.SQLITE) as conn:
        conn.execute("ALTER TABLE sentences DROP COLUMN facts")
    conn.close()
    store.write_json_atomic(built / store.MANIFEST, {k: v for k, v in manifest.items() if k != "facts_extractor"})
    with Index.open(built, fake_embedder) as index:
        assert index.sentence_facts("casualties") is None
    refresh_index(built)
    assert _stored_facts(built) == current
    # a removal parses nothing and keeps the stored facts current; an add parses only its documents
    remove_from_index(built, ["food"])
    assert store.read_manifest(built)["facts_extractor"] == manifest["facts_extractor"]
    add_to_index([small_corpus], built, fake_embedder)
    assert _stored_facts(built) == current


def test_facts_need_not_be_parsed_when_indexing(small_corpus: Path, tmp_path: Path, fake_embedder: FakeEmbedder):
    from verifier.config import Config

    report = build_index([small_corpus], tmp_path / "unparsed", fake_embedder,
                         Config.model_validate({"index": {"parse_facts": False}}))
    assert report.manifest["facts_extractor"] == ""
    assert set(_stored_facts(tmp_path / "unparsed").values()) == {None}
    with Index.open(tmp_path / "unparsed", fake_embedder) as index:
        assert index.sentence_facts("casualties") is None
