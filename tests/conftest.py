"""Shared fixtures. Unit tests use the deterministic ``fake_embedder``; tests that load real
models are marked ``@pytest.mark.real_model``. Add fixtures here with small, named blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from verifier.index.embed import FakeEmbedder


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    """A fresh hashing embedder; ``.encoded`` counts the texts it embedded."""
    return FakeEmbedder()


SMALL_CORPUS = {
    "casualties.md": (
        "---\ntitle: Civilian casualty update\nsource: OHCHR\npublished: 2022-04-25\n"
        "url: https://example.org/ohchr\n---\n"
        "OHCHR recorded 5,381 civilian casualties in Ukraine: 2,665 killed and 2,716 injured. "
        "Most were caused by explosive weapons with a wide impact area.\n\n"
        "Of those killed, 2,074 were recorded in the Donetsk and Luhansk regions.\n"
    ),
    "food.txt": (
        "The World Food Programme warned that wheat prices rose sharply. "
        "Grain exports from Black Sea ports have stopped. Millions face hunger.\n"
    ),
    "meeting.html": (
        "<html><head><title>Guterres meets Putin</title><style>p {color: red}</style></head>"
        "<body><script>var x = 'Putin';</script><h1>Moscow talks</h1>"
        "<p>The Secretary-General met President Putin in Moscow on Tuesday.</p>"
        "<p>They discussed the evacuation of civilians from the Azovstal steel plant.</p></body></html>"
    ),
    "briefs.jsonl": (
        '{"id": "imf-1", "title": "IMF outlook", "text": "The IMF cut its global growth forecast to 3.6 percent.", '
        '"source": "IMF", "url": "", "published": "2022-04-19"}\n'
        '{"id": "eu-1", "title": "EU sanctions", "text": "The EU adopted a fifth package of sanctions against Russia, '
        'including a ban on coal imports.", "source": "Council of the EU", "published": "2022-04-08"}\n'
    ),
}


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A folder with one document of each format (5 documents in all)."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in SMALL_CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def drop_sentence_vectors(path: Path) -> None:
    """Make the index at ``path`` look like one built before sentences were embedded."""
    import sqlite3

    from verifier.index import store

    gen = path / store.read_manifest(path)["generation"]
    with sqlite3.connect(gen / store.SQLITE) as conn:
        conn.execute("ALTER TABLE sentences DROP COLUMN vector")
    conn.close()


@pytest.fixture(name="drop_sentence_vectors")
def _drop_sentence_vectors_fixture():
    return drop_sentence_vectors
