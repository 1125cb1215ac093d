"""Typed, frozen data shared by every stage: documents, passages, claims, facts, verdicts.

Every model forbids unknown keys (a misspelt key in a claim file is an error, not silently
dropped) and is frozen (stages pass values, never mutate each other's state). Character
offsets are always into the *original* text: ``doc.text[p.start:p.end] == p.text``.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Label(str, Enum):
    SUPPORTED = "supported"
    CONTRADICTED = "contradicted"
    UNVERIFIED = "unverified"


class Reason(str, Enum):
    """Why a verdict was reached. Grouped by label: see ``REASONS_BY_LABEL``."""

    # supported
    EXACT = "exact"
    APPROXIMATE = "approximate"
    PARAPHRASE = "paraphrase"
    # contradicted
    QUANTITY = "quantity"
    DATE = "date"
    ORDER = "order"
    ENTITY = "entity"
    NEGATION = "negation"
    ATTRIBUTION = "attribution"
    STANCE = "stance"
    # unverified
    NO_EVIDENCE = "no_evidence"
    INSUFFICIENT = "insufficient"
    CONFLICTING = "conflicting"
    ERROR = "error"


REASONS_BY_LABEL: dict[Label, frozenset[Reason]] = {
    Label.SUPPORTED: frozenset({Reason.EXACT, Reason.APPROXIMATE, Reason.PARAPHRASE}),
    Label.CONTRADICTED: frozenset(
        {Reason.QUANTITY, Reason.DATE, Reason.ORDER, Reason.ENTITY, Reason.NEGATION,
         Reason.ATTRIBUTION, Reason.STANCE}
    ),
    Label.UNVERIFIED: frozenset(
        {Reason.NO_EVIDENCE, Reason.INSUFFICIENT, Reason.CONFLICTING, Reason.ERROR}
    ),
}


# --------------------------------------------------------------------------- documents


class Document(Frozen):
    """A reference document as ingested. ``text`` is the exact text that offsets index into."""

    id: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""  # ISO date (YYYY-MM-DD) when known, else ""
    text: str
    content_hash: str  # sha256 of text + metadata; unchanged hash => not re-embedded
    path: str = ""  # where it came from (file, or file:line for JSONL)
    page_starts: list[int] = Field(default_factory=list)  # offset where each page begins (PDF); [] without pages


class Passage(Frozen):
    """A window of a document: ``doc.text[start:end] == text``."""

    id: str  # f"{doc_id}#{ordinal}"
    doc_id: str
    ordinal: int
    start: int
    end: int
    text: str


class Hit(Frozen):
    """One retrieved passage with its document metadata and both retrieval scores."""

    passage: Passage
    doc_title: str = ""
    doc_source: str = ""
    doc_url: str = ""
    doc_published: str = ""
    dense_score: float | None = None  # cosine (inner product of normalised vectors)
    bm25_score: float | None = None  # FTS5 bm25, sign flipped so that higher is better
    score: float  # fused (reciprocal rank fusion)
    rank: int  # 1-based


# --------------------------------------------------------------------------- facts


class Bound(str, Enum):
    EXACT = "exact"
    APPROX = "approx"  # about, roughly, nearly, some, around
    LOWER = "lower"  # more than, over, at least  (value is the bound)
    UPPER = "upper"  # fewer than, under, up to, at most


class Quantity(Frozen):
    """A number as asserted: ``More than 2,660 civilians killed`` ->
    value=2660, bound=lower, noun="civilians", measure="killed"."""

    value: float
    bound: Bound = Bound.EXACT
    strict: bool = False  # "more than" is strict, "at least" is not
    # currency code (USD, EUR), "percent", "percentage_points", "basis_points", "points", a pint
    # unit ("kilometer", "degree_Celsius"), "magnitude", "ordinal", "rank", "times", "tally"
    unit: str = ""
    noun: str = ""  # the counted thing, lemmatised head: "civilian", "refugee", "financing"
    measure: str = ""  # what happened to it: "killed", "injured", "casualties"; a rank's superlative
    text: str  # the surface phrase, e.g. "more than 2,660"
    start: int = 0  # offsets into the sentence/claim text the fact was parsed from
    end: int = 0
    # The fields below were added later; their defaults keep facts stored by older indexes valid.
    qualifier: str = ""  # the bound or approximation word as written, lower-case: "nearly", "more than"
    # Half-width of the values the written form stands for, in its unit; 0 when its digits decide
    # (the quantity check rounds them): 2.5 for a share written "two-thirds" (64.2-69.2%).
    precision: float = 0.0
    against: float | None = None  # a tally's second figure: 3 in "by nine votes to three" (value 9)


class DateRef(Frozen):
    """A date or interval asserted, resolved against an anchor date when relative."""

    start: str  # ISO date
    end: str  # ISO date (== start for a single day)
    weekday: str = ""  # "Tuesday" when the text named a weekday
    text: str
    relative: bool = False  # resolved from "Tuesday", "last week", "tomorrow"...
    start_char: int = 0
    end_char: int = 0


class Entity(Frozen):
    text: str
    label: str  # spaCy label: PERSON, ORG, GPE, LOC, NORP, ...
    canonical: str = ""  # resolved full name when known ("Guterres" -> "Antonio Guterres")
    role: str = ""  # title attached in the text ("Russian Foreign Minister")
    start: int = 0
    end: int = 0


class Event(Frozen):
    """Who does what where/when: the unit of ordering."""

    id: str  # stable within a claim: "e1", "e2"
    agent: str = ""
    predicate: str  # lemma of the verb or event noun: "meet", "lunch", "visit", "travel"
    objects: list[str] = Field(default_factory=list)
    place: str = ""
    date: DateRef | None = None
    negated: bool = False
    text: str = ""


class OrderRel(Frozen):
    """``before`` happens before ``after`` (event ids of the same claim)."""

    before: str
    after: str
    cue: str = ""  # the word that said so: "before", "then", "first", "after"


class Quote(Frozen):
    text: str
    speaker: str = ""  # canonical speaker when resolved
    start: int = 0
    end: int = 0


class Facts(Frozen):
    """Structured facts parsed from a claim or an evidence sentence."""

    quantities: list[Quantity] = Field(default_factory=list)
    dates: list[DateRef] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    order: list[OrderRel] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    negated: bool = False  # the main predicate is negated ("did not heed", "refused")
    polarity_words: list[str] = Field(default_factory=list)  # "agreed", "refused", "raised"...


# --------------------------------------------------------------------------- claims


class Span(Frozen):
    start: int
    end: int


class Claim(Frozen):
    """An atomic, checkable claim. From an article it keeps the span of its source sentence."""

    id: str
    text: str
    label: Label | None = None  # gold label, used only by evaluation
    date: str | None = None  # ISO anchor date for relative expressions
    source: str = ""
    context: str = ""
    evidence: str | None = None  # judge against this text instead of the index
    meta: dict[str, Any] = Field(default_factory=dict)
    span: Span | None = None  # the source sentence's span in the article
    sentence: str = ""  # the source sentence (article claims)
    facts: Facts = Field(default_factory=Facts)
    origin: str = ""  # "path:line" of a claim-file line, or "article:path"


# --------------------------------------------------------------------------- verdicts


class Evidence(Frozen):
    """A sentence that decided (or was considered for) a verdict, with its provenance."""

    doc_id: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: str = ""
    start: int  # character span of the quote in the document text
    end: int
    quote: str
    page: int | None = None  # 1-based page of the quote's start, for documents with pages (PDF)
    passage_id: str = ""
    retrieval_score: float = 0.0
    stance: dict[str, float] = Field(default_factory=dict)  # {"supported": p, ...}
    checks: dict[str, str] = Field(default_factory=dict)  # check name -> "support"/"contradict"/"abstain"
    check_notes: dict[str, str] = Field(default_factory=dict)  # check name -> human-readable note


class Verdict(Frozen):
    claim_id: str
    claim: str
    label: Label
    confidence: float = Field(ge=0.0, le=1.0)
    reason: Reason
    rationale: str
    evidence: list[Evidence] = Field(default_factory=list)  # the deciding sentences
    considered: list[Evidence] = Field(default_factory=list)  # other evidence looked at
    span: Span | None = None
    sentence: str = ""
    gold: Label | None = None


class ModelRecord(Frozen):
    name: str
    sha256: str
    backend: str = ""


class RunRecord(Frozen):
    """What produced a run: recorded in every output so any verdict can be reproduced."""

    tool_version: str
    created: str
    models: list[ModelRecord] = Field(default_factory=list)
    index: dict[str, Any] = Field(default_factory=dict)  # fingerprint, name, counts
    config: dict[str, Any] = Field(default_factory=dict)
    versions: dict[str, str] = Field(default_factory=dict)
    input: str = ""
    article: str | None = None  # article text when the input was an article (for reports)
    article_path: str = ""
