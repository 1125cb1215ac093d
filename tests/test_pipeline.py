"""The pipeline end to end with fakes: a real index (SQLite + FAISS) built with the hashing
embedder, the fake stance model and the real fact parser (spaCy)."""

import pytest

from verifier.claims import parse_facts
from verifier.config import Config
from verifier.index.build import build_index
from verifier.index.store import Index
from verifier.pipeline import Verifier
from verifier.scoring.stance import FakeStance
from verifier.types import Claim, Label, Reason


@pytest.fixture
def verifier(small_corpus, tmp_path, fake_embedder):
    return _verifier(small_corpus, tmp_path / "idx", fake_embedder)


@pytest.fixture
def legacy_verifier(small_corpus, tmp_path, fake_embedder, drop_sentence_vectors):
    """Over an index built before sentences were embedded at indexing time."""
    return _verifier(small_corpus, tmp_path / "legacy", fake_embedder, drop_sentence_vectors)


def _verifier(small_corpus, path, fake_embedder, prepare_index=None):
    build_index([small_corpus], path, fake_embedder, Config())
    if prepare_index is not None:
        prepare_index(path)
    index = Index.open(path, fake_embedder, Config().search)
    # No combiner, so the hand-ordered rules decide: the fakes' readings (hashing-embedder cosines
    # are noise) are nothing like the real models' that the learned decision was fitted on; it is
    # tested in test_decision.py and on real models (test_figures_blind.py, the CLI tests).
    return Verifier(index, fake_embedder, FakeStance(), parse_facts, _config())


def _config() -> Config:
    # The hashing embedder's cosines are noise (64 signed buckets): no relevance floor here;
    # the fake stance model's word overlap decides what is on topic.
    return Config.model_validate({"scoring": {"min_relevance": -1.0, "stance_contradict_min_relevance": -1.0,
                                              "structured_contradict_min_relevance": -1.0}})


def test_numbers_decide_and_the_evidence_is_quoted_with_offsets(verifier):
    claims = [
        Claim(id="a", text="More than 2,600 civilians have been killed in Ukraine."),
        Claim(id="b", text="Fewer than 1,000 civilians have been killed in Ukraine."),
        Claim(id="c", text="The IMF cut its global growth forecast to 3.6 percent."),
        Claim(id="d", text="The Olympic torch relay starts in Athens next spring."),
    ]
    verdicts = list(verifier.verify(claims))
    assert [v.claim_id for v in verdicts] == ["a", "b", "c", "d"]
    a, b, c, d = verdicts
    assert (a.label, a.reason) == (Label.SUPPORTED, Reason.APPROXIMATE)
    assert (b.label, b.reason) == (Label.CONTRADICTED, Reason.QUANTITY)
    assert "2,665" in b.rationale or "2,074" in b.rationale  # the fake embedder's cosines pick either
    assert b.evidence[0].doc_id == "casualties"
    assert c.label == Label.SUPPORTED
    assert d.label == Label.UNVERIFIED  # nothing in the corpus: never contradicted
    for v in (a, b, c):
        ev = v.evidence[0]
        doc = verifier.index.document(ev.doc_id)
        assert doc.text[ev.start:ev.end] == ev.quote
        assert 0.0 <= v.confidence <= 1.0


def test_own_evidence_is_used_instead_of_the_index(verifier):
    claim = Claim(id="e", text="The bridge was closed on Monday.",
                  evidence="Officials said the bridge was closed on Monday after the storm.")
    v = verifier.verify_batch([claim])[0]
    assert v.label == Label.SUPPORTED
    assert v.evidence[0].doc_id == "evidence:e"
    assert claim.evidence[v.evidence[0].start:v.evidence[0].end] == v.evidence[0].quote


def test_batches_and_single_claims_agree(verifier):
    claims = [Claim(id=str(i), text=t) for i, t in enumerate([
        "OHCHR recorded 5,381 civilian casualties in Ukraine.",
        "The EU adopted a fifth package of sanctions against Russia.",
        "Grain exports from Black Sea ports have stopped."])]
    together = [v.model_dump() for v in verifier.verify(claims)]
    alone = [verifier.verify_batch([c])[0].model_dump() for c in claims]
    assert together == alone


CLAIMS = ["OHCHR recorded 5,381 civilian casualties in Ukraine.",
          "The EU adopted a fifth package of sanctions against Russia.",
          "Grain exports from Black Sea ports have stopped.", "More than 2,600 civilians have been killed."]


def test_stored_sentence_vectors_spare_embedding_and_change_nothing(verifier, legacy_verifier, fake_embedder):
    claims = [Claim(id=str(i), text=t) for i, t in enumerate(CLAIMS)]
    fake_embedder.encoded = 0
    stored = [v.model_dump() for v in verifier.verify(claims)]
    assert fake_embedder.encoded == len(claims)  # the claims only
    legacy = [v.model_dump() for v in legacy_verifier.verify(claims)]
    assert fake_embedder.encoded > 2 * len(claims)  # the claims and their candidate sentences
    assert stored == legacy


def test_a_full_sentence_cache_is_emptied_without_losing_the_batch(legacy_verifier):
    verifier = legacy_verifier
    verifier.cfg = verifier.cfg.model_copy(update={"sentence_cache_size": 3})
    claims = [Claim(id=str(i), text=t) for i, t in enumerate([
        "OHCHR recorded 5,381 civilian casualties in Ukraine.", "Grain exports from Black Sea ports have stopped."])]
    verifier.verify_batch(claims[:1])  # caches the first claim's sentences
    assert [v.claim_id for v in verifier.verify_batch(claims)] == ["0", "1"]  # needs them again


def test_the_stance_model_reads_only_the_most_relevant_sentences(verifier):
    verifier.cfg = verifier.cfg.model_copy(update={"stance_sentences": 1})
    for v in verifier.verify([Claim(id=str(i), text=t) for i, t in enumerate(CLAIMS)]):
        scored = [e for e in v.evidence + v.considered if e.stance["unverified"] != 1.0]
        assert len(scored) <= 1


def test_stored_sentence_facts_spare_the_parse_and_decide_the_same(small_corpus, tmp_path, fake_embedder):
    """Over an index that stores its sentences' facts, only the claims are parsed, and every
    verdict equals the one over an index whose sentences are parsed per claim."""
    claims = [Claim(id="a", text="More than 2,600 civilians have been killed in Ukraine."),
              Claim(id="b", text="Fewer than 1,000 civilians have been killed in Ukraine."),
              Claim(id="c", text="The IMF cut its global growth forecast to 3.6 percent.")]
    parsed: list[str] = []

    def counting(text, anchor=None):
        parsed.append(text)
        return parse_facts(text, anchor)

    stored = _verifier(small_corpus, tmp_path / "stored", fake_embedder)
    stored.parse_facts = counting
    with_stored = [v.model_dump() for v in stored.verify(claims)]
    assert sorted(parsed) == sorted(c.text for c in claims)
    build_index([small_corpus], tmp_path / "unparsed", fake_embedder,
                Config.model_validate({"index": {"parse_facts": False}}))
    unparsed = Verifier(Index.open(tmp_path / "unparsed", fake_embedder), fake_embedder, FakeStance(),
                        counting, _config())
    assert [v.model_dump() for v in unparsed.verify(claims)] == with_stored
    assert len(parsed) > 2 * len(claims)  # the evidence sentences were parsed this time


@pytest.mark.parametrize("text, frame", [
    # a decade, a span of years: no single year frames the claim (music, industry, politics)
    ("The band found fame in the late 2000s.", ""),
    ("The mill closed during the 1980s.", ""),
    ("The party governed from 2019 to 2025.", ""),
    ("The treaty was signed in March 2021.", "2021"),
])
def test_the_year_a_claim_speaks_of(text, frame):
    from verifier.pipeline import _frame_year

    assert _frame_year(Claim(id="c", text=text, facts=parse_facts(text)), []) == frame


@pytest.mark.parametrize("text, frame", [
    # a plan is not framed by the latest source's year: the sources may date it to the next
    # (courts, transport, sport)
    ("The appeal court will hold the first hearing in Lodz.", ""),
    ("The new bridge is due to open to traffic in the spring.", ""),
    ("The final is expected to be played in Riverton.", ""),
    # a claim in the present or past tense is about the latest source's year
    ("The appeal court held the first hearing in Lodz.", "2027"),
    ('The minister said: "We will follow the evidence wherever it leads."', "2027"),
    ("The bridge will have cost 40 million by then, the council said in March 2026.", "2026"),
])
def test_a_plan_is_not_framed_by_the_latest_sources_year(text, frame):
    from types import SimpleNamespace

    from verifier.pipeline import _frame_year

    latest = SimpleNamespace(published="2027-11-02")  # a retrieved sentence's source date
    assert _frame_year(Claim(id="c", text=text, facts=parse_facts(text)), [latest]) == frame
