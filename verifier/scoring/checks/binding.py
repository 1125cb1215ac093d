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

A slot is also the place a name holds in the words themselves, where the parse names none: a
claim that repeats the sentence word for word but for one name ("It stars Kevin James, Jeff
Garcia and ..." against "... David Koechner and ..."; "measured by positron emission tomography
(CNS)" against "(PET)"; "in Haderslev, Istanbul" against "in Haderslev, Denmark") gives that
place to another name. It contradicts when the claim (aligned by ``common.word_diff``) adds no
word the sentence lacks, differs from it in one run of at most ``_MAX_NAME_WORDS`` words after
the first, and that run is a name on both sides that neither text mentions elsewhere and that
is not the other written another way (one inside the other, an acronym, a spelling).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING

from verifier.claims.extract import dateline_end
from verifier.config import ScoringConfig
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import (MIN_ALIGNED_WORDS, WORD_TOKEN, another_year, content_words,
                                           lacks_at_most, mentions, word_diff)
from verifier.text import MONTHS, TITLE_WORDS, WEEKDAYS, fold
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


_MAX_NAME_WORDS = 4  # a longer differing run is a rewording, not a name put in another's place
_NAME_MARKS = {"-", "'", "\u2019", ".", "&"}  # marks that may sit inside a name ("Pa. Vijay")
_CALENDAR_WORDS = set(MONTHS) | set(WEEKDAYS)  # the date check's
# Letters two spellings of one name share ("Kiev", "Kyiv": 0.75; "Odessa", "Odesa": 0.91). Names
# as close are taken for one ("Iran" and "Iraq": 0.75), as a contradiction must not rest on a
# spelling; "Leicester" and "Manchester" (0.63) differ.
_SAME_SPELLING = 0.7


def _name_run(tokens: list[str]) -> bool:
    """A proper name: capitalised words (the claim's first word never is one), no figure, date
    word or bare title."""
    words = [t for t in tokens if t not in _NAME_MARKS]
    if not words or any(not t[0].isalnum() for t in words):
        return False
    if any(t.isdigit() or fold(t) in _CALENDAR_WORDS for t in words):
        return False
    if all(fold(t) in TITLE_WORDS for t in words):  # posts are the entity check's
        return False
    return any(t[0].isupper() or sum(c.isupper() for c in t) > 1 for t in words)


def _same_name(a: str, b: str) -> bool:
    """One name written two ways: one inside the other ("Barclays Capital", "Barclays"), an
    acronym ("UN", "United Nations"), or words that differ only in spelling ("Kiev", "Kyiv")."""
    wa, wb = re.findall(r"[a-z0-9]+", fold(a)), re.findall(r"[a-z0-9]+", fold(b))
    only_a, only_b = [w for w in wa if w not in wb], [w for w in wb if w not in wa]
    if not only_a or not only_b:
        return True
    for x, y in ((a, b), (b, a)):
        letters = re.sub(r"[^A-Za-z]", "", x)
        if letters.isupper() and letters.lower() == "".join(w[0] for w in re.findall(r"[a-z]+", fold(y))):
            return True
    return SequenceMatcher(None, " ".join(only_a), " ".join(only_b), autojunk=False).ratio() >= _SAME_SPELLING


def substituted_name(claim_text: str, sentence: str) -> tuple[str, str] | None:
    """(the claim's name, the sentence's name) when the claim is the sentence, or a part of it,
    word for word but for one name in place of another; else None."""
    if not lacks_at_most(claim_text, sentence, _MAX_NAME_WORDS):  # the name's words at most
        return None
    d = word_diff(claim_text, sentence)
    if d.change is None or d.change[0] != "replace" or d.shared < MIN_ALIGNED_WORDS:
        return None
    if d.change[3] == 0:  # the name the claim opens with is its topic: another name there, another topic
        return None
    name, other = d.claim_part, d.sentence_part
    words, others = WORD_TOKEN.findall(name), WORD_TOKEN.findall(other)
    if len(words) > _MAX_NAME_WORDS or len(others) > _MAX_NAME_WORDS:
        return None
    if not _name_run(words) or not _name_run(others) or _same_name(name, other):
        return None
    # a name the other text gives elsewhere is moved, not replaced
    if _is_mentioned(sentence, _Name(name, "", ("", ""))) or _is_mentioned(claim_text, _Name(other, "", ("", ""))):
        return None
    return name, other


@register("binding", Reason.ENTITY)
def check_binding(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """CONTRADICT when the sentence restates the claim but for one name, and gives that name's
    slot - in the parse, else in the words - to another name; else ABSTAIN."""
    if not claim.text or another_year(evidence):
        return CheckResult("binding", ABSTAIN)
    parsed = _parsed_slot(claim.text, evidence.text, cfg)
    if parsed is not None:
        name, other = parsed
        return CheckResult("binding", CONTRADICT, f"{_what(name.slot)}: '{other.text}', not '{name.text}'",
                           relation=_relation(name.slot))
    swapped = substituted_name(claim.text, evidence.text)
    if swapped is not None:
        return CheckResult("binding", CONTRADICT, f"in the place of '{swapped[0]}' the sentence names '{swapped[1]}'",
                           relation="slot")
    return CheckResult("binding", ABSTAIN)


def _parsed_slot(claim_text: str, sentence: str, cfg: ScoringConfig) -> tuple[_Name, _Name] | None:
    """(the claim's name, the sentence's name in its slot of the parse), or None."""
    claim_words = content_words(claim_text)
    ev_words = content_words(sentence)
    # The cheap test first (most sentences fail it): enough shared words.
    if not claim_words or len(claim_words & ev_words) < cfg.binding_min_overlap * len(claim_words):
        return None
    missing = [n for n in _names(claim_text) if not _is_mentioned(sentence, n)]
    if len(missing) != 1:
        return None
    name = missing[0]
    rest = claim_words - content_words(name.text)
    if not rest or len(rest & ev_words) < cfg.binding_min_overlap * len(rest):
        return None
    fillers = [n for n in _names(sentence) if n.slot == name.slot]
    if not fillers or any(_is_mentioned(claim_text, f) for f in fillers):
        return None
    other = fillers[0]
    if not _kinds_agree(name.kind, other.kind) or _same_name(name.text, other.text):
        return None
    return name, other
