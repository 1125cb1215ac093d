"""Sharded indexes: the same hits as one index over the same passages, documents found in
their shard, and a shard rebuilt on its own is refused."""

from __future__ import annotations

import hashlib
import json
import random
import re
from pathlib import Path

import numpy as np
import pytest

from verifier.config import Config, SearchConfig
from verifier.errors import IndexCorruptError, IndexError_
from verifier.index.build import build_index
from verifier.index.search import fts_query
from verifier.index.shards import (ShardedIndex, ann_factory, build_sharded_index, is_sharded,
                                   open_index, shard_name, shard_of)
from verifier.index.store import Index, apply_search_params

# A Zipf-like vocabulary: a few words in most passages (FTS5's IDF floor), many rare ones.
COMMON = ["report", "ukraine", "civilians", "city", "said"]
RARE = [f"{stem}{i}" for stem in ("grain", "port", "envoy", "sanction", "convoy") for i in range(40)]
QUERIES = [
    "civilians report in the city", "grain3 port7 envoy12", "sanction5 sanctions", "said",
    "convoy1 convoy2 convoy3 ukraine", "nothing-matches-this xyzzy", "the of and",
    "Grain3 PORT7 report", "envoy0 envoy1 envoy2 envoy3 envoy4 envoy5 city said",
]


class GaussianEmbedder:
    """Each word a seeded Gaussian vector; a text the normalised sum. Unlike the hashing
    ``FakeEmbedder`` (small-integer vectors, so many cosines tie) no two passages tie here."""

    name, sha256, dim, backend = "test-gaussian", "0" * 64, 64, "fake"

    def encode(self, texts, progress=None):
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                seed = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest(), "big")
                out[row] += np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        out[~out.any(axis=1), 0] = 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def _corpus(folder: Path, n_docs: int = 240, seed: int = 7) -> Path:
    rng = random.Random(seed)
    folder.mkdir()
    with (folder / "docs.jsonl").open("w", encoding="utf-8") as fh:
        for d in range(n_docs):
            sentences = []
            for _ in range(rng.randint(1, 7)):
                words = rng.choices(COMMON, k=rng.randint(1, 5)) + rng.choices(RARE, k=rng.randint(2, 16))
                rng.shuffle(words)
                sentences.append(" ".join(words).capitalize() + ".")
            fh.write(json.dumps({"id": f"doc-{d:04d}", "title": f"Doc {d}", "text": " ".join(sentences),
                                 "source": "gen", "published": "2022-04-25"}) + "\n")
    return folder


@pytest.fixture(scope="module")
def indexes(tmp_path_factory):
    """One corpus built twice: as one index, and as four shards."""
    root = tmp_path_factory.mktemp("shards")
    corpus = _corpus(root / "corpus")
    embedder = GaussianEmbedder()
    build_index([corpus], root / "single", embedder)
    build_sharded_index([corpus], root / "sharded", embedder, shards=4, workers=2)
    single = Index.open(root / "single", embedder)
    sharded = open_index(root / "sharded", embedder)
    yield single, sharded, root
    single.close()
    sharded.close()


def _view(hits):
    return [(h.rank, h.passage, h.score, h.bm25_score) for h in hits]


def test_every_shard_holds_documents_and_the_counts_add_up(indexes):
    single, sharded, _ = indexes
    assert isinstance(sharded, ShardedIndex)
    assert all(s.manifest["counts"]["documents"] > 0 for s in sharded.shards)
    assert sharded.manifest["counts"] == single.manifest["counts"]
    assert sharded.manifest["corpus_hash"] == single.manifest["corpus_hash"]


def _defined(single: Index, query: str, n_cand: int) -> bool:
    """Whether one index's answer is a function of its passages: its candidate lists (top
    ``n_cand`` by cosine, top ``n_cand`` by FTS5's bm25) do not end inside a run of tied scores
    (FAISS and FTS5 cut ties in storage order, which a sharded index cannot reproduce)."""
    qvec = single.embedder.encode([query])[0]
    lists = [np.sort(np.asarray(single.vectors) @ qvec)[::-1]]
    match = fts_query(query)
    if match:
        lists.append(sorted(-s for (s,) in single.conn.execute(
            "SELECT bm25(passages_fts) FROM passages_fts WHERE passages_fts MATCH ?", (match,)))[::-1])
    return all(len(xs) <= n_cand or xs[n_cand - 1] != xs[n_cand] for xs in lists)


@pytest.mark.parametrize("k", [1, 10, 60])
def test_sharded_search_equals_single_index_search(indexes, k):
    single, sharded, _ = indexes
    n_cand = max(single.search_config.candidates, k)
    defined = [q for q in QUERIES if _defined(single, q, n_cand)]
    assert len(defined) >= 6, "too few tie-free queries: the comparison would prove little"
    for want, got in zip(single.search_many(defined, k), sharded.search_many(defined, k)):
        assert _view(got) == _view(want)
        assert [h.dense_score for h in got] == pytest.approx([h.dense_score for h in want], abs=1e-6)


def test_one_query_equals_a_batch(indexes):
    _, sharded, _ = indexes
    assert [_view(sharded.search(q)) for q in QUERIES] == [_view(h) for h in sharded.search_many(QUERIES)]


def test_documents_and_sentences_come_from_their_shard(indexes):
    single, sharded, _ = indexes
    assert sharded.document_ids() == single.document_ids()
    for doc_id in ("doc-0000", "doc-0117", "doc-0239"):
        assert sharded.document(doc_id) == single.document(doc_id)
        assert sharded.sentences(doc_id) == single.sentences(doc_id)
        assert sharded.sentence_vectors(doc_id).tobytes() == single.sentence_vectors(doc_id).tobytes()
    with pytest.raises(IndexError_, match="no document"):
        sharded.document("doc-9999")


def test_shard_assignment_is_stable():
    # Fixed values: a change here would strand documents of existing sharded indexes.
    assert shard_of("doc-0000", 1) == 0
    assert [shard_of(d, 4) for d in ("a", "d", "doc-0000", "doc-0001")] == [2, 1, 0, 2]


def test_the_build_report_sums_the_shards(tmp_path, fake_embedder):
    corpus = _corpus(tmp_path / "corpus", n_docs=30)
    report = build_sharded_index([corpus], tmp_path / "s", fake_embedder, shards=3)
    assert sorted(report.added) == [f"doc-{d:04d}" for d in range(30)]
    assert report.replaced == report.unchanged == report.removed == []
    counts = report.manifest["counts"]
    assert report.embedded == counts["passages"]
    assert fake_embedder.encoded == counts["passages"] + counts["sentences"]


def test_empty_shards_are_searched_like_the_others(tmp_path, fake_embedder):
    corpus = _corpus(tmp_path / "corpus", n_docs=2)  # four shards, so two or more are empty
    build_index([corpus], tmp_path / "one", fake_embedder)
    build_sharded_index([corpus], tmp_path / "four", fake_embedder, shards=4)
    with Index.open(tmp_path / "one", fake_embedder) as one, open_index(tmp_path / "four", fake_embedder) as four:
        assert sum(s.manifest["counts"]["documents"] == 0 for s in four.shards) >= 2
        assert _view(four.search("civilians report")) == _view(one.search("civilians report"))


def test_a_shard_rebuilt_on_its_own_is_refused(tmp_path, fake_embedder):
    corpus = _corpus(tmp_path / "corpus", n_docs=30)
    build_sharded_index([corpus], tmp_path / "s", fake_embedder, shards=2)
    assert is_sharded(tmp_path / "s") and not is_sharded(corpus)
    build_index([corpus], tmp_path / "s" / shard_name(1), fake_embedder)
    with pytest.raises(IndexCorruptError, match="rebuilt on its own"):
        ShardedIndex.open(tmp_path / "s", fake_embedder)


def test_a_folder_holding_other_files_is_not_overwritten(tmp_path, fake_embedder):
    corpus = _corpus(tmp_path / "corpus", n_docs=5)
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(IndexError_, match="refusing to write"):
        build_sharded_index([corpus], tmp_path / "busy", fake_embedder, shards=2)
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"


def test_large_shards_get_the_approximate_factory_and_its_search_knobs(tmp_path, fake_embedder):
    import faiss

    corpus = _corpus(tmp_path / "corpus", n_docs=40)
    config = Config.model_validate({"index": {"flat_max_passages": 10},
                                    "search": {"hnsw_ef_search": 77}})
    build_sharded_index([corpus], tmp_path / "s", fake_embedder, config, shards=2)
    assert ann_factory(10, config.index) == "Flat" and ann_factory(11, config.index) == "HNSW32"
    with ShardedIndex.open(tmp_path / "s", fake_embedder, config.search) as index:
        assert index.manifest["faiss_factories"] == ["HNSW32", "HNSW32"]
        inner = faiss.downcast_index(index.shards[0].faiss_index.index)
        assert inner.hnsw.efSearch == 77


def test_search_knobs_reach_ivf_and_refine_through_the_id_map():
    import faiss

    rng = np.random.default_rng(0)
    vecs = rng.standard_normal((2000, 16)).astype(np.float32)
    index = faiss.IndexIDMap2(faiss.index_factory(16, "IVF8,PQ4x4,RFlat", faiss.METRIC_INNER_PRODUCT))
    index.train(vecs)
    index.add_with_ids(vecs, np.arange(2000))
    apply_search_params(index, SearchConfig(ivf_nprobe=5, refine_k_factor=3))
    refine = faiss.downcast_index(index.index)
    assert refine.k_factor == 3
    assert faiss.extract_index_ivf(refine).nprobe == 5
    # at least a share of the lists: 4 of 8 at 50%; never more lists than there are
    apply_search_params(index, SearchConfig(ivf_nprobe=1, ivf_nprobe_fraction=0.5))
    assert faiss.extract_index_ivf(refine).nprobe == 4
    apply_search_params(index, SearchConfig(ivf_nprobe=100))
    assert faiss.extract_index_ivf(refine).nprobe == 8


@pytest.mark.real_model
def test_cli_builds_searches_and_describes_a_sharded_index(small_corpus, tmp_path):
    from click.testing import CliRunner

    from verifier.cli import cli

    def run(*args):
        res = CliRunner().invoke(cli, ["--quiet", *map(str, args)], catch_exceptions=False)
        assert res.exit_code == 0, res.output
        return res.output

    run("index", "build", small_corpus, "--index", tmp_path / "one")
    run("index", "build", small_corpus, "--index", tmp_path / "three", "--shards", "3")
    info = json.loads(run("index", "info", "--index", tmp_path / "three"))
    assert info["format"] == "claim-verifier-sharded-index" and len(info["shards"]) == 3
    for query in ("How many civilians were killed?", "wheat prices", "sanctions on coal"):
        one = json.loads(run("search", query, "--index", tmp_path / "one", "--json"))
        three = json.loads(run("search", query, "--index", tmp_path / "three", "--json"))
        assert [(h["passage"]["id"], h["rank"], h["score"]) for h in three] == [
            (h["passage"]["id"], h["rank"], h["score"]) for h in one]
