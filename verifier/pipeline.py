"""claims -> evidence -> checks -> verdicts. No I/O: the stages are injected.

For each batch of claims: retrieve passages (hybrid search), split them into sentences with
exact document offsets, rank sentences by cosine to the claim, parse the facts of the best
ones, run the stance model and the structured checks on them, and aggregate
(``verifier.scoring.verdict.decide``). A claim that brings its own ``evidence`` text is judged
against that text alone.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from verifier.config import Config
from verifier.scoring.checks import REGISTRY, SUPPORT, ClaimView, EvidenceView
from verifier.scoring.checks.attribution import transcript_speaker
from verifier.scoring.checks.common import (TIMELINE_ITEM, another_year, content_words, entity_coverage, is_heading,
                                            learn_aliases, mentions, predicate_found, scope_kept)
from verifier.scoring.checks.entity import claim_places
from verifier.scoring.checks.negation import polarity_clash
from verifier.scoring.checks.quantity import infer_measure, measure_words
from verifier.scoring.calibration import GIVEN_PREFIX, calibrate, setting_of
from verifier.scoring.sentence import another_instance
from verifier.scoring.verdict import NOT_SCORED, Combiner, SentenceEval, decide
from verifier.text import sentence_spans
from verifier.types import Claim, DateRef, Entity, Evidence, Facts, Hit, Verdict

log = logging.getLogger(__name__)


class Embedder(Protocol):
    def encode(self, texts: list[str]) -> np.ndarray: ...


class Stance(Protocol):
    def predict(self, pairs: list[tuple[str, str]]) -> np.ndarray: ...


class Retriever(Protocol):
    def search_many(self, queries: list[str], k: int, vectors: np.ndarray | None = None,
                    keyword_seats: int = 0) -> list[list[Hit]]: ...

    def sentences(self, doc_id: str) -> list[tuple[int, int]]: ...

    def sentence_vectors(self, doc_id: str) -> np.ndarray | None: ...

    def sentence_facts(self, doc_id: str) -> list[str | None] | None: ...

    def document(self, doc_id: str): ...


FactParser = Callable[[str, "str | None"], Facts]


@dataclass
class _Candidate:
    doc_id: str
    title: str
    source: str
    url: str
    published: str
    start: int
    end: int
    text: str
    context: str  # the previous sentence
    passage_id: str
    retrieval: float
    vector: np.ndarray | None = None  # the sentence's embedding, when the index stores it
    facts: str | None = None  # the sentence's parsed facts (JSON), when the index stores them
    context_facts: str | None = None  # the same for the previous sentence


@dataclass
class _Batch:
    """A batch of claims checked, waiting for the stance model's reading of ``todo``."""

    claims: list[Claim]
    evals: list[list[SentenceEval]]
    todo: list[tuple[Claim, SentenceEval]]


def _chunks(items: Iterable[Claim], size: int) -> Iterator[list[Claim]]:
    batch: list[Claim] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Verifier:
    """The whole verification stage with its models loaded once.

    >>> v = Verifier(index, embedder, stance, parse_facts, config)   # doctest: +SKIP
    >>> for verdict in v.verify(claims): ...                          # doctest: +SKIP
    """

    def __init__(self, index: Retriever | None, embedder: Embedder, stance: Stance,
                 parse_facts: FactParser, config: Config, batch_size: int = 16,
                 prepare: Callable[[list[str]], object] | None = None, combiner: Combiner | None = None):
        """``prepare``, when given, is called with all the sentences a batch will parse, so
        that the parser can batch them (spaCy's ``pipe`` is about twice as fast). ``combiner``:
        the learned decision (``verdict.load_combiner()``, as ``session.make_verifier`` passes);
        None: the hand-ordered rules decide alone."""
        self.combiner = combiner
        self.index = index
        self.prepare = prepare
        self.embedder = embedder
        self.stance = stance
        self.parse_facts = parse_facts
        self.cfg = config.scoring
        self.k = config.scoring.evidence_passages
        self.batch_size = batch_size
        self._doc_cache: dict[str, object] = {}
        self._sent_vecs: dict[str, np.ndarray] = {}
        self._stored_facts: dict[str, Facts] = {}  # stored JSON -> Facts

    # ------------------------------------------------------------------ public

    def verify(self, claims: Iterable[Claim]) -> Iterator[Verdict]:
        """Verdicts in input order, decided batch by batch (streams: bounded memory).

        The stance model reads one batch's pairs in a second thread while this one retrieves and
        checks the next batch (ONNX Runtime releases the GIL): the two halves of the work, about
        equal, overlap on two cores. The verdicts are the same as ``verify_batch``'s."""
        for claim, evals in self.evaluations(claims):
            yield self._verdict(claim, evals)

    def evaluations(self, claims: Iterable[Claim]) -> Iterator[tuple[Claim, list[SentenceEval]]]:
        """Each claim (with its parsed facts) and its evidence sentences, all measured (stance
        included), in input order: what the decision reads (``verify``), and what
        ``scripts/fit_decision.py`` learns from."""
        pending: tuple[_Batch, Future] | None = None
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="stance") as pool:
            for batch in _chunks(claims, self.batch_size):
                ready = self._check(batch)
                if pending is not None:
                    yield from self._scored(pending[0], pending[1].result())
                pending = (ready, pool.submit(self._stance, ready))
            if pending is not None:
                yield from self._scored(pending[0], pending[1].result())

    def verify_batch(self, claims: Sequence[Claim]) -> list[Verdict]:
        """The verdicts of one batch of claims, in order."""
        ready = self._check(claims)
        return [self._verdict(c, es) for c, es in self._scored(ready, self._stance(ready))]

    def _check(self, claims: Sequence[Claim]) -> _Batch:
        """Everything but the stance model: facts, retrieval, sentence ranking, structured checks,
        and the (claim, sentence) pairs the stance model should read."""
        if self.prepare is not None:  # the claims to parse, in one batch
            self.prepare([c.text for c in claims if not _has_facts(c)])
        claims = [self._with_facts(c) for c in claims]
        claim_vecs = self.embedder.encode([c.text for c in claims])
        candidates = [self._shortlist(c, cands) for c, cands in zip(claims, self._candidates(claims, claim_vecs))]
        # Rank every claim's sentences by cosine. The index stores its sentences' vectors; the
        # others (evidence given with a claim, an index built without them) are embedded here, in
        # one call, and kept for later batches.
        needed = {s.text for cands in candidates for s in cands if s.vector is None}
        if len(self._sent_vecs) + len(needed - self._sent_vecs.keys()) > self.cfg.sentence_cache_size:
            self._sent_vecs.clear()  # before choosing what to encode: this batch needs them all
        new = sorted(needed - self._sent_vecs.keys(), key=len)
        if new:
            self._sent_vecs.update(zip(new, self.embedder.encode(new)))
        sent_vec = self._sent_vecs
        chosen: list[list[tuple[_Candidate, float]]] = []
        for claim, cv, cands in zip(claims, claim_vecs, candidates):
            # A heading ("Key events of the crisis in 2026:") introduces the lines below it and
            # states nothing itself: it is their context, never evidence.
            scored = [(s, float(np.dot(cv, sent_vec[s.text] if s.vector is None else s.vector)))
                      for s in cands if not is_heading(s.text)]
            scored.sort(key=lambda t: (-t[1], t[0].doc_id, t[0].start))
            top = scored[: self.cfg.evidence_sentences]
            if claim.facts.quantities:  # a revised figure may be worded unlike the claim
                measure = infer_measure(claim.text)
                rest = [t for t in scored[self.cfg.evidence_sentences:] if _HAS_NUMBER.search(t[0].text)]
                rest.sort(key=lambda t: (not measure or infer_measure(t[0].text) != measure, -t[1]))
                top += rest[: self.cfg.extra_number_sentences]
            chosen.append(top)
        if self.prepare is not None:  # every sentence _evaluate will parse, in one batch
            todo = {s.text for sel in chosen for s, _ in sel if s.facts is None}
            for claim, sel, cands in zip(claims, chosen, candidates):
                if claim.facts.order:
                    docs = {s.doc_id for s, _ in sel}
                    todo.update(c.text for c in cands if c.doc_id in docs and c.facts is None)
            if todo:
                self.prepare(sorted(todo))
        if len(self._stored_facts) > self.cfg.sentence_cache_size:
            self._stored_facts.clear()
        evals = []
        for claim, sel, cands in zip(claims, chosen, candidates):
            aliases = learn_aliases([self._facts(c.text, c.published, c.facts) for c, _ in sel])
            year = _frame_year(claim, cands)
            evals.append([self._evaluate(claim, cand, rel, cands, aliases, year) for cand, rel in sel])
        # The stance model, for all pairs of the batch at once - only on sentences whose stance
        # can matter: every use of it needs a relevant sentence about the claim's people
        # (coverage), so the others keep "not scored" (0, 0, 1) and cost nothing; and on at
        # most ``stance_sentences`` of those a claim, the most relevant.
        todo = [(claim, e) for claim, es in zip(claims, evals)
                for e in sorted((e for e in es if e.relevance >= self.cfg.min_relevance
                                 and (e.given or e.coverage >= self.cfg.support_min_coverage)),
                                key=lambda e: -e.relevance)[: self.cfg.stance_sentences]]
        return _Batch(list(claims), evals, todo)

    def _stance(self, batch: _Batch) -> np.ndarray | list:
        """The stance model's probabilities for the batch's pairs (thread-safe: reads only)."""
        return self.stance.predict([(claim.text, e.stance_text()) for claim, e in batch.todo]) if batch.todo else []

    def _scored(self, batch: _Batch, probs) -> list[tuple[Claim, list[SentenceEval]]]:
        for (_, e), p in zip(batch.todo, probs):
            e.stance = tuple(float(x) for x in p)
        return list(zip(batch.claims, batch.evals))

    # ------------------------------------------------------------------ stages

    def _with_facts(self, claim: Claim) -> Claim:
        if _has_facts(claim):
            return claim
        return claim.model_copy(update={"facts": self.parse_facts(claim.text, claim.date)})

    def _candidates(self, claims: Sequence[Claim], claim_vecs: np.ndarray) -> list[list[_Candidate]]:
        need = [i for i, c in enumerate(claims) if c.evidence is None]
        hits_by_claim: dict[int, list[Hit]] = {}
        if need:
            if self.index is None:
                from verifier.errors import InputError

                raise InputError("a claim has no evidence text and no index was given.", code="V007",
                                 hint="Build one with: verifier index build SOURCES, or pass --evidence FILE.")
            # The words for what a claim's figure counts widen the keyword search ("killed"
            # finds "Deaths: 214"); the dense search uses the claim's own vector.
            queries = [" ".join([claims[i].text, *measure_words(claims[i].text)]) if claims[i].facts.quantities
                       else claims[i].text for i in need]
            results = self.index.search_many(queries, self.k, claim_vecs[need], self.cfg.keyword_seats)
            hits_by_claim = dict(zip(need, results))
        out = []
        for i, claim in enumerate(claims):
            if claim.evidence is not None:
                out.append(self._own_evidence(claim))
            else:
                out.append(self._split_hits(hits_by_claim[i]))
        return out

    def _shortlist(self, claim: Claim, cands: list[_Candidate]) -> list[_Candidate]:
        """The sentences worth ranking: most content words shared with the claim first, then
        retrieval order (a figure's sentence scores extra for a claim with a figure)."""
        if len(cands) <= self.cfg.candidate_sentences:
            return cands
        words = content_words(claim.text)
        numeric = bool(claim.facts.quantities)
        measure = infer_measure(claim.text) if numeric else ""

        def shared(cand: _Candidate) -> int:
            bonus = 2 if numeric and _HAS_NUMBER.search(cand.text) else 0
            if measure and infer_measure(cand.text) == measure:  # "death toll" for "killed"
                bonus += 3
            return len(words & content_words(cand.text)) + bonus

        ranked = sorted(enumerate(cands), key=lambda t: (-shared(t[1]), t[0]))
        keep = sorted(i for i, _ in ranked[: self.cfg.candidate_sentences])
        return [cands[i] for i in keep]

    def _own_evidence(self, claim: Claim) -> list[_Candidate]:
        text = claim.evidence or ""
        spans = sentence_spans(text) or [(0, len(text))]
        cands = []
        prev = ""
        for s, e in spans:
            cands.append(_Candidate(f"{GIVEN_PREFIX}{claim.id}", "evidence given with the claim", claim.source, "",
                                    claim.date or "", s, e, text[s:e], prev, "", 1.0))
            prev = text[s:e]
        return cands

    def _split_hits(self, hits: list[Hit]) -> list[_Candidate]:
        seen: set[tuple[str, int]] = set()
        cands: list[_Candidate] = []
        for hit in hits:
            p = hit.passage
            text, spans, vectors, facts = self._document(p.doc_id)
            for i in _around(spans, p.start, p.end):
                s, e = spans[i] if i is not None else (p.start, p.end)
                if (p.doc_id, s) in seen:
                    continue
                seen.add((p.doc_id, s))
                prev = _previous_sentence(text, s)
                vector = vectors[i] if vectors is not None and i is not None else None
                own = facts[i] if facts is not None and i is not None else None
                # The previous sentence's stored facts serve the context when it is that sentence.
                before = facts[i - 1] if own is not None and i and text[slice(*spans[i - 1])].strip() == prev else None
                cands.append(_Candidate(p.doc_id, hit.doc_title, hit.doc_source, hit.doc_url, hit.doc_published,
                                        s, e, text[s:e], prev, p.id, hit.score, vector, own, before))
        return cands

    def _document(self, doc_id: str) -> tuple[str, list[tuple[int, int]], np.ndarray | None, list | None]:
        """A document's text, sentence spans, sentence vectors and sentence facts (None: not
        stored), cached."""
        doc = self._doc_cache.get(doc_id)
        if doc is None:
            if len(self._doc_cache) > 256:
                self._doc_cache.clear()
            doc = self._doc_cache[doc_id] = (self.index.document(doc_id).text, self.index.sentences(doc_id),
                                             self.index.sentence_vectors(doc_id), self.index.sentence_facts(doc_id))
        return doc

    def _facts(self, text: str, published: str, stored: str | None) -> Facts:
        """The facts of an evidence sentence: as the index stored them (parsed at indexing time,
        by this very parser, against the document's date), else parsed now."""
        if stored is None:
            return self.parse_facts(text, published or None)
        facts = self._stored_facts.get(stored)
        if facts is None:
            facts = self._stored_facts[stored] = Facts.model_validate_json(stored)
        return facts

    def _dated_facts(self, cand: _Candidate) -> Facts:
        """A sentence's facts, with the dates of the sentence it continues when it names none:
        one that goes on about the same subject ("On Thursday, 28 April, the chief will be in
        Ukraine. He will meet ...") or that follows within a dated item of a timeline ("- 7
        October (Wednesday): Talks end without agreement. Chief executive Viktor Hale resigns.")."""
        facts = self._facts(cand.text, cand.published, cand.facts)
        if facts.dates:
            return facts
        if cand.context and _CONTINUES.match(cand.text):
            context = self._facts(cand.context, cand.published, cand.context_facts)
            return facts.model_copy(update={"dates": context.dates})
        if cand.passage_id:
            item = self._item_dates(cand)
            if item:
                return facts.model_copy(update={"dates": item})
        return facts

    def _item_dates(self, cand: _Candidate) -> list[DateRef]:
        """The dates that head the timeline item a sentence is part of ("- 7 October (Wednesday):
        ...", "**10 March**: ..."), when the sentence is not the item's first; else none."""
        text, spans, _, stored = self._document(cand.doc_id)
        line = text.rfind("\n", 0, cand.start) + 1
        if not text[line:cand.start].strip() or not TIMELINE_ITEM.match(text, line):
            return []  # the sentence opens its line, or the line is no dated item
        first = next((i for i, (_, e) in enumerate(spans) if e > line), None)
        if first is None or spans[first][0] >= cand.start:
            return []
        s, e = spans[first]
        if s < line:  # the item's line goes on a sentence begun on the line before: read its own part
            return self.parse_facts(text[line:e], cand.published or None).dates[:1]
        return self._facts(text[s:e], cand.published, stored[first] if stored is not None else None).dates[:1]

    def _evaluate(self, claim: Claim, cand: _Candidate, relevance: float, doc_cands: list[_Candidate],
                  aliases: dict[str, str], frame_year: str) -> SentenceEval:
        facts = self._dated_facts(cand)
        same_doc = [c for c in doc_cands if c.doc_id == cand.doc_id]
        # The title and source scope every sentence of a document (own evidence has none).
        title = f"{cand.title}. {cand.source}" if cand.passage_id else ""
        document = self._document(cand.doc_id)[0] if cand.passage_id else ""
        view = EvidenceView(text=cand.text, facts=facts, context=cand.context, title=title, aliases=aliases,
                            frame_year=frame_year, published=cand.published, same_statement=self._same_statement,
                            document=document,
                            context_facts=lambda: self._facts(cand.context, cand.published, cand.context_facts),
                            speaker=transcript_speaker(document or claim.evidence or "", cand.start),
                            relevance=relevance,
                            other_sentences=[(c.text, c.published) for c in doc_cands if c.doc_id != cand.doc_id])
        if claim.facts.order:
            same_doc.sort(key=lambda c: c.start)
            view.doc_sentences = [c.text for c in same_doc]
            view.doc_facts = [self._dated_facts(c) for c in same_doc]
        cf = claim.facts
        claim_view = ClaimView(cf, claim.text)
        results = another_instance([check(claim_view, view, self.cfg) for check in REGISTRY.values()])
        evidence = Evidence(doc_id=cand.doc_id, title=cand.title, source=cand.source, url=cand.url,
                            published=cand.published, start=cand.start, end=cand.end, quote=cand.text,
                            page=self.index.page(cand.doc_id, cand.start) if cand.passage_id else None,
                            passage_id=cand.passage_id, retrieval_score=round(cand.retrieval, 6))
        # Evidence the user gave with the claim is about the claim by definition ("does this
        # source say that?"): no coverage gate. Retrieved sentences must show it.
        given = not cand.passage_id
        coverage = 1.0 if given else entity_coverage(cf, cand.text, cand.context, title, aliases, view.document)
        words = content_words(claim.text)
        with_context = " ".join((cand.text, cand.context, title))  # what a restatement may draw on
        lexical = len(words & content_words(with_context)) / max(1, len(words))
        negation_differs = bool(claim.facts.negated) != bool(facts.negated) or polarity_clash(claim.text, cand.text)
        # a verb of the same polarity ("did not respond" for "did not heed") counts as found
        verb_found = any(r.name == "negation" and r.outcome == SUPPORT for r in results) or predicate_found(
            cf, facts, with_context)
        restates = verb_found and scope_kept(claim.text, with_context)
        # Where the claim's event happened: named around the sentence, or the sentence gives its
        # own event a place ("in the Kremlin" for "in Moscow": the place check judges the two).
        around = f"{cand.text} {cand.context}"
        place_named = any(e.place for e in facts.events) or all(
            mentions(around, Entity(text=p, label="GPE")) for e in cf.events for p in claim_places(cf, e))
        return SentenceEval(evidence, relevance, coverage, NOT_SCORED, results, lexical, negation_differs, given,
                            another_year(view), restates, place_named)

    def _same_statement(self, a: str, b: str) -> bool:
        """Do ``a`` and ``b`` say the same thing (a quote paraphrased)? Embedded once, cached."""
        new = [t for t in dict.fromkeys((a, b)) if t not in self._sent_vecs]
        if new:
            self._sent_vecs.update(zip(new, self.embedder.encode(new)))
        return float(np.dot(self._sent_vecs[a], self._sent_vecs[b])) >= self.cfg.same_statement_min_cosine

    def _verdict(self, claim: Claim, evals: list[SentenceEval]) -> Verdict:
        d = decide(claim, evals, self.cfg, self.combiner)
        deciding_ids = {id(e) for e in d.deciding}
        confidence = d.confidence if d.calibrated else calibrate(
            d.label.value, d.confidence, setting_of([e.evidence.doc_id for e in evals]))
        return Verdict(
            claim_id=claim.id, claim=claim.text, label=d.label, confidence=round(confidence, 4),
            reason=d.reason, rationale=d.rationale,
            evidence=[e.finish() for e in d.deciding],
            considered=[e.finish() for e in evals if id(e) not in deciding_ids],
            span=claim.span, sentence=claim.sentence, gold=claim.label,
        )


def _has_facts(claim: Claim) -> bool:
    """Facts came with the claim (extracted from an article): no need to parse it again."""
    f = claim.facts
    return bool(f.quantities or f.entities or f.dates or f.events)


def _frame_year(claim: Claim, cands: list[_Candidate]) -> str:
    """The year a claim speaks of: the one its dates name, else its own date's, else - unless it
    tells of a plan ("will", "is due to") - that of the latest source found for it (a claim in
    the present tense is about now)."""
    years = {y for d in claim.facts.dates if d.start[:4].isdigit() for y in {d.start[:4], d.end[:4]}}
    if len(years) == 1:
        return years.pop()
    if years:
        return ""  # "from 2019 to 2025", "the late 2000s": no single frame
    if claim.date:
        return claim.date[:4]
    own_words = claim.text  # the claim's own words, not a quote's
    for q in sorted(claim.facts.quotes, key=lambda q: -q.start):
        own_words = own_words[:q.start] + " " + own_words[q.end:]
    if _FUTURE.search(own_words):
        return ""  # "will hold the first hearing": a plan, which sources may date to the next year
    return max((c.published[:4] for c in cands if c.published[:4].isdigit()), default="")


_FUTURE = re.compile(r"\b(?:will|shall|(?:is|are)\s+(?:due|expected|scheduled|set)\s+to)\s+(?!have\b)", re.IGNORECASE)


_HAS_NUMBER = re.compile(r"\d")
_LIST_ITEM = re.compile(r"[-*\u2022\u2013]\s")
_CONTINUES = re.compile(r"(?:He|She|They|It|There|Then|Afterwards|Later|The two)\b")


def _around(sentences: list[tuple[int, int]], start: int, end: int) -> list[int | None]:
    """Indexes of the sentences of a passage plus one on each side (a window boundary often
    falls between a figure and the sentence that names what it counts); ``[None]`` when no
    sentence lies inside the passage (the passage itself is the sentence then)."""
    inside = [i for i, (s, e) in enumerate(sentences) if s >= start and e <= end]
    if not inside:
        return [None]
    return list(range(max(0, inside[0] - 1), min(len(sentences), inside[-1] + 2)))


def _previous_sentence(text: str, start: int, max_chars: int = 300) -> str:
    """The text just before ``start`` back to the previous sentence end (for pronouns); none
    for a list item, which stands alone."""
    if _LIST_ITEM.match(text, start):
        return ""
    lo = max(0, start - max_chars)
    chunk = text[lo:start].rstrip()
    cut = max(chunk.rfind(". ", 0, len(chunk) - 1), chunk.rfind("\n"))
    return chunk[cut + 1:].strip() if cut >= 0 else chunk.strip()
