"""Split a document into sentence-aware passages that keep exact character offsets.

A passage is a window of ``chunk_sentences`` sentences; consecutive windows share
``chunk_overlap`` sentences so that a fact spanning a window edge is still retrieved whole.
A window stops growing at ``chunk_max_chars``; a single sentence longer than that is cut at
whitespace into pieces, which then count as sentences. Invariant:
``doc.text[p.start:p.end] == p.text`` for every passage, and the sentence spans returned are
what the scoring stage splits evidence into (``Index.sentences(doc_id)``).
"""

from __future__ import annotations

from verifier.config import IndexConfig
from verifier.errors import InputError
from verifier.text import sentence_spans
from verifier.types import Document, Passage


def check_chunking(cfg: IndexConfig) -> None:
    if cfg.chunk_sentences < 1 or not 0 <= cfg.chunk_overlap < cfg.chunk_sentences or cfg.chunk_max_chars < 1:
        raise InputError(
            f"config index.chunk_sentences={cfg.chunk_sentences}, chunk_overlap={cfg.chunk_overlap}, "
            f"chunk_max_chars={cfg.chunk_max_chars}: need chunk_sentences >= 1, "
            "0 <= chunk_overlap < chunk_sentences and chunk_max_chars >= 1.",
            code="V007", hint="Fix the [index] section of your config.")


def split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``max_chars`` at whitespace (or hard
    cuts where a single token is longer), each piece whitespace-trimmed."""
    pieces: list[tuple[int, int]] = []
    while end - start > max_chars:
        cut = text.rfind(" ", start + 1, start + max_chars + 1)
        if cut <= start:
            cut = start + max_chars
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            pieces.append((start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append((start, end))
    return pieces


def document_sentences(text: str, max_chars: int) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sentence_spans(text):
        out.extend(split_long(text, start, end, max_chars) if end - start > max_chars else [(start, end)])
    return out


def chunk_document(doc: Document, cfg: IndexConfig) -> tuple[list[Passage], list[tuple[int, int]]]:
    """Return the document's passages and its sentence spans."""
    check_chunking(cfg)
    sentences = document_sentences(doc.text, cfg.chunk_max_chars)
    passages: list[Passage] = []
    step = cfg.chunk_sentences - cfg.chunk_overlap
    i = 0
    while i < len(sentences):
        j = i + 1
        while (j < len(sentences) and j - i < cfg.chunk_sentences
               and sentences[j][1] - sentences[i][0] <= cfg.chunk_max_chars):
            j += 1
        start, end = sentences[i][0], sentences[j - 1][1]
        passages.append(Passage(id=f"{doc.id}#{len(passages)}", doc_id=doc.id, ordinal=len(passages),
                                start=start, end=end, text=doc.text[start:end]))
        if j >= len(sentences):
            break
        # Advance by the step, but always past the window's first sentence and never skip one.
        i = max(i + 1, min(i + step, j - cfg.chunk_overlap))
    return passages, sentences
