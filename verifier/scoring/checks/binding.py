"""The binding check: a name in the same place of the same statement. "EU spokesperson Clara
Weiss said ..." against the claim "EU spokesperson Remy Castellan said ...", "a complex with
TFIIH" against "a complex with MEF", "replaced at Leicester City" against "replaced at Derby
County": the sentence says what the claim says, but gives the slot the claim fills with one name
(the speaker of "said", the object of "with", the place of "replaced at") to another.

A slot is read from spaCy's dependency parse: the name's relation to the word that governs it
(subject of "say", object of the preposition "at" under "replace", compound of "spokesperson").
The check contradicts only when

- the sentence restates the rest of the claim (``binding_min_overlap`` of its other content
  words, chosen on the contrast suite's dev split and the stance dev pairs with
  ``scripts/check_precision.py --check binding --field binding_min_overlap``),
- exactly one of the claim's names is missing from it, and the sentence fills that name's slot
  with another name of the same kind that the claim does not mention,

and abstains otherwise: a sentence that names the claim's name anywhere, fills the slot with a
pronoun or a common noun ("the minister"), or differs in more than one name tells of something
else, or says it another way.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from verifier.claims.extract import dateline_end
from verifier.config import ScoringConfig
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import another_year, content_words, mentions
from verifier.text import TITLE_WORDS, fold
from verifier.types import Entity, Reason

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# spaCy's name labels, by kind: a person's slot is not filled by a place. A state and its
# organs stand for each other ("the United States approved", "the State Department approved"),
# so an organisation and a place are of different kinds and never set against each other.
_KIND = {"PERSON": "person", "ORG": "group", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "people",
         "EVENT": "thing", "WORK_OF_ART": "thing", "PRODUCT": "thing", "LAW": "thing"}
_SPEECH_VERBS = {"say", "tell", "state", "add", "announce", "warn", "claim", "insist", "argue", "write", "declare"}
# The subject of these verbs is the sentence's topic: another name there is another topic.
_TOPIC_VERBS = {"be", "have", "become", "remain", "receive", "include", "contain", "feature"}
# A name governed by these words names no slot of the statement ("said on Monday in Brussels").
_FREE_DEPS = {"ROOT", "npadvmod", "advmod", "punct", "dep", "meta", "intj", "parataxis"}


@dataclass(frozen=True)
class _Name:
    text: str
    kind: str  # person | group | place | people | thing | "" (a proper noun the model left unlabelled)
    slot: tuple[str, str]  # (relation, governing lemma): ("nsubj", "say"), ("prep:at", "replace")


def _slot(tok: "Token") -> tuple[str, str] | None:
    """Where ``tok`` (a name's head) sits: its relation to the content word governing it."""
    while tok.dep_ == "conj":  # "Piacenza, Cagliari and Roma": the slot of the first conjunct
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":  # "was founded by X" is "X founded"
        return ("nsubj", tok.head.head.lemma_.lower())
    if tok.dep_ in ("pobj", "pcomp") and tok.head.dep_ == "prep":
        prep = tok.head
        return (f"prep:{prep.lower_}", prep.head.lemma_.lower())
    if tok.dep_ in _FREE_DEPS or tok.head.i == tok.i:
        return None
    # "X was founded" is "founded X"
    dep = {"nsubjpass": "dobj", "csubj": "nsubj"}.get(tok.dep_, tok.dep_)
    if dep == "nsubj" and tok.head.lemma_.lower() in _TOPIC_VERBS:
        return None  # "X is a video game": X is what the sentence is about, not a slot of it
    return (dep, tok.head.lemma_.lower())


@lru_cache(maxsize=8192)  # a claim is read against each of its sentences, a sentence for each claim
def _names(text: str) -> tuple[_Name, ...]:
    """The proper names of ``text``'s parse with their slots: entities of a name label, and runs
    of proper nouns the small model left without one."""
    from verifier.claims.nlp import parse

    doc = parse(text)
    out: list[_Name] = []
    # the names of a wire dateline ("KARLSRUHE, Germany, March 2 (dpa) - ") fill no slot
    dateline = dateline_end(text)
    covered: set[int] = {tok.i for tok in doc if tok.idx < dateline}
    for ent in doc.ents:
        if ent.start in covered:
            continue
        covered.update(range(ent.start, ent.end))  # "Tuesday" is a date, for the date check
        if ent.label_ not in _KIND:
            continue
        slot = _slot(ent.root)
        if slot is not None:
            out.append(_Name(_bare(ent), _KIND[ent.label_], slot))
    for tok in doc:
        if tok.pos_ == "PROPN" and tok.i not in covered and tok.dep_ != "compound" \
                and fold(tok.text) not in TITLE_WORDS and fold(tok.lemma_) not in TITLE_WORDS:  # "the two Secretaries"
            start = tok.i  # the proper nouns compounded on its left: "Claudio Ranieri"
            while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i == tok.i:
                start -= 1
            span = doc[start:tok.i + 1]
            covered.update(range(span.start, span.end))
            slot = _slot(tok)
            if slot is not None:
                out.append(_Name(_bare(span), "", slot))
    return tuple(out)


def _bare(span: "Span") -> str:
    text = span.text
    for prefix in ("the ", "The "):
        text = text.removeprefix(prefix)
    return text.removesuffix("'s").removesuffix("\u2019s")


def _kinds_agree(a: str, b: str) -> bool:
    return not a or not b or a == b


def _is_mentioned(text: str, name: _Name) -> bool:
    return mentions(text, Entity(text=name.text, label="PERSON" if name.kind == "person" else "ORG"))


def _what(slot: tuple[str, str]) -> str:
    """The slot in an editor's words: "speaker of 'say'", "'at' under 'replace'"."""
    rel, head = slot
    if rel == "nsubj":
        return f"speaker of '{head}'" if head in _SPEECH_VERBS else f"subject of '{head}'"
    if rel.startswith("prep:"):
        return f"'{rel[5:]} ...' of '{head}'"
    if rel in ("dobj", "attr", "oprd"):
        return f"object of '{head}'"
    return f"{rel} of '{head}'"


def _relation(slot: tuple[str, str]) -> str:
    rel, head = slot
    if rel == "nsubj" and head in _SPEECH_VERBS:
        return "speaker"
    return "holder" if rel in ("poss", "compound") else "slot"


@register("binding", Reason.ENTITY)
def check_binding(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """CONTRADICT when the sentence restates the claim but for one name, and gives that name's
    slot to another name of the same kind; else ABSTAIN."""
    if not claim.text or another_year(evidence):
        return CheckResult("binding", ABSTAIN)
    claim_words = content_words(claim.text)
    ev_words = content_words(evidence.text)
    # The cheap test first (most sentences fail it): enough shared words.
    if not claim_words or len(claim_words & ev_words) < cfg.binding_min_overlap * len(claim_words):
        return CheckResult("binding", ABSTAIN)
    claim_names = _names(claim.text)
    missing = [n for n in claim_names if not _is_mentioned(evidence.text, n)]
    if len(missing) != 1:
        return CheckResult("binding", ABSTAIN)
    name = missing[0]
    rest = claim_words - content_words(name.text)
    if not rest or len(rest & ev_words) < cfg.binding_min_overlap * len(rest):
        return CheckResult("binding", ABSTAIN)
    fillers = [n for n in _names(evidence.text) if n.slot == name.slot]
    if not fillers or any(_is_mentioned(claim.text, f) for f in fillers):
        return CheckResult("binding", ABSTAIN)
    other = fillers[0]
    if not _kinds_agree(name.kind, other.kind) or fold(other.text) == fold(name.text):
        return CheckResult("binding", ABSTAIN)
    return CheckResult("binding", CONTRADICT, f"{_what(name.slot)}: '{other.text}', not '{name.text}'",
                       relation=_relation(name.slot))
