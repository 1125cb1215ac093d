"""The negation check: the polarity of the claim's verbs against the sentence's - antonyms
("praised" vs "criticised") and negation ("agreed" vs "did not respond") - on a relevant
sentence about the claim's subject."""

from __future__ import annotations

import re
from functools import lru_cache

from verifier.claims.facts import NEGATING_VERBS
from verifier.config import ScoringConfig
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import (NAMED_LABELS, WORDS, content_words, entity_coverage, lemma_forms,
                                            mentioned, restates)
from verifier.text import fold
from verifier.types import Reason


# Antonym pairs of polarity words: a claim with one and evidence with the other disagree.
ANTONYMS: list[tuple[set[str], set[str]]] = [
    ({"agree", "accept", "approve", "heed", "observe", "support", "allow", "respect", "respond", "comply",
      "request", "welcome", "seek"},
     {"refuse", "reject", "decline", "deny", "ignore", "oppose", "veto", "violate"}),
    ({"praise", "commend", "welcome", "thank", "applaud", "laud"},
     {"criticise", "criticize", "chastise", "condemn", "blame", "attack", "denounce", "rebuke", "accuse",
      "slam", "fault"}),
    ({"open", "reopen", "lift", "resume", "start", "begin"}, {"close", "shut", "impose", "suspend", "halt", "stop", "end"}),
    ({"raise", "increase", "rise", "grow", "expand", "boost", "hike"},
     {"cut", "reduce", "lower", "decrease", "fall", "drop", "shrink", "contract", "slash"}),
    ({"win", "gain"}, {"lose"}),
    ({"confirm"}, {"deny"}),
    ({"attend", "travel", "visit", "go"}, {"cancel", "postpone", "skip"}),
    ({"abstain"}, {"support", "oppose"}),  # a vote: for, against, or neither
]


_NEGATION_CUES = {"not", "n't", "cannot", "never", "no", "without", "nor", "neither"}
# A negation bounded in time says nothing of before: "has not raised rates since May", "had not
# played yet", "no longer", "has not won this season"
_WINDOW_OF_TIME = re.compile(r"^(?:\w+ ){0,4}?(?:since|yet|so far|any more|anymore|this (?:year|season|month|week)|"
                             r"in (?:recent )?(?:years|months|weeks|decades)|for (?:years|months|weeks|decades))\b")
_PHRASAL_VERBS = {"down": "refused", "off": "cancelled", "back": "withdrew"}  # turned down, called off
_PHRASAL = re.compile(r"\b(turn(?:s|ed|ing)?|call(?:s|ed|ing)?|pull(?:s|ed|ing)?)\s+(down|off|back)\b")
# "voted against" opposes, "voted for" supports: the words of a vote as polarity words
_VOTES = [(re.compile(r"\bvot(?:e|es|ed|ing)\s+against\b"), "opposed"),
          (re.compile(r"\bvot(?:e|es|ed|ing)\s+(?:for|in favou?r of)\b"), "supported")]
# A plan is not an act: "was supposed to have visited", "planning to visit" assert no visit.
_MODAL_CUES = {"supposed", "planned", "planning", "plans", "plan", "expected", "intended", "intends",
               "scheduled", "hoped", "hopes", "wants", "wanted", "would", "could", "might", "may"}


@lru_cache(maxsize=8192)  # a claim's is read for each of its sentences, by two checks: do not mutate
def text_polarity(text: str) -> dict[int, tuple[int, str]]:
    """Antonym-class -> (side, word) for the polarity words in ``text``, each flipped when a
    negation cue stands in the three words before it ("did not respond" is side 1 of the
    agree/refuse class)."""
    folded = _PHRASAL.sub(lambda m: _PHRASAL_VERBS[m.group(2)], fold(text))
    for pattern, word in _VOTES:
        folded = pattern.sub(word, folded)
    found = list(WORDS.finditer(folded))
    words = [m.group(0) for m in found]
    out: dict[int, tuple[int, str]] = {}
    both: set[int] = set()
    for i, w in enumerate(words):
        forms = lemma_forms(w)
        for k, (pos, neg) in enumerate(ANTONYMS):
            side = 0 if forms & pos else 1 if forms & neg else None
            if side is None or _naming_or_comparing(folded, found[i]):
                continue
            window = words[max(0, i - 3):i]
            if any(x in _MODAL_CUES for x in window):
                continue
            if any(x in _NEGATION_CUES or x.endswith("n't") for x in window) or _refused(window):
                if _WINDOW_OF_TIME.match(" ".join(words[i + 1:i + 8])):
                    continue  # "had not raised its offer since 3 February": it had, before
                side = 1 - side
            if k in out:
                if out[k][0] != side:
                    both.add(k)  # "lifted the curfew imposed on Korvel": says nothing either way
                continue
            out[k] = (side, " ".join(window[-2:] + [w]))
    return {k: v for k, v in out.items() if k not in both}


def _naming_or_comparing(text: str, word: re.Match) -> bool:
    """The word names a kind or compares, it reports no act: the head of a hyphenated modifier
    ("a blood-boosting substance", "cost-cutting plans") or a comparative ("6% lower than in
    May", which the arithmetic check reads)."""
    return text[max(0, word.start() - 1):word.start()] == "-" or \
        re.match(r"\s+than\b", text[word.end():]) is not None


_PATIENT_DEPS = {"dobj", "obj", "nsubjpass"}
_NAMING_DEPS = {"compound", "amod", "poss"}


def _arguments(text: str, said: str) -> set[str]:
    """Content words of what the polarity word ``said`` (the last word of a ``text_polarity``
    note) acts on in ``text``: its object or the subject of a passive ("the contract was
    suspended"), or that of the verb it governs ("declined to approve the vaccine"); each head
    noun with the words that name it ("elective surgery", "the government's response"). Empty
    when the parse gives none, or one without such words ("the deal", "money"), which may be
    what the other side names in other words: then the words cannot tell."""
    from verifier.claims.nlp import parse

    word = said.split()[-1]
    tok = next((t for t in parse(text) if fold(t.text) == word), None)
    if tok is None:
        return set()
    verbs = [tok, *(c for c in tok.children if c.dep_ == "xcomp")]
    heads = [c for v in verbs for c in v.children if c.dep_ in _PATIENT_DEPS]
    out: set[str] = set()
    for head in heads:
        naming = [g for g in head.children if g.dep_ in _NAMING_DEPS and g.is_alpha and not g.is_stop]
        if not naming and head.pos_ != "PROPN":
            return set()  # "condemned the deal", "lose money": perhaps what the other side names
        # the words as written, stemmed as everywhere else (the tagger may read "Guterres" as a
        # plural noun in one sentence and as a name in another)
        out |= content_words(" ".join(t.text for t in (head, *naming)))
    return out


def _other_arguments(claim_text: str, claim_said: str, ev_text: str, ev_said: str) -> bool:
    """The two polarity words act on other things: both have a subject or object in the parse
    and none of their words is shared."""
    mine = _arguments(claim_text, claim_said)
    if not mine:  # the sentence is parsed only when the claim names what its word acts on
        return False
    theirs = _arguments(ev_text, ev_said)
    return bool(theirs and not mine & theirs)


def _refused(window: list[str]) -> bool:
    """A verb that says its complement did not happen stands before the word: "refused to call
    off", "declined to approve", "failed to cut"."""
    return any(lemma_forms(x) & NEGATING_VERBS and window[j + 1:j + 2] == ["to"] for j, x in enumerate(window))


@register("negation", Reason.NEGATION)
def check_negation(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """Antonyms and negation on the same topic ("agreed" vs "did not respond"; "praised" vs
    "criticised"): only for a relevant sentence (cosine >= ``cfg.polarity_min_relevance``) that
    names the claim's subject itself and most of the claim's people and places."""
    facts, claim_text, ev = claim.facts, claim.text, evidence
    if ev.relevance < cfg.polarity_min_relevance or \
            entity_coverage(facts, ev.text, ev.context, ev.title, ev.aliases, ev.document) < cfg.support_min_coverage:
        return CheckResult("negation", ABSTAIN)
    subject = next((e for e in facts.entities if e.label in NAMED_LABELS), None)
    if subject is not None and not mentioned(ev.text, subject, ev.aliases):
        return CheckResult("negation", ABSTAIN)
    cp, ep = text_polarity(claim_text), text_polarity(ev.text)
    for k in sorted(cp.keys() & ep.keys()):
        if cp[k][0] != ep[k][0] and claim_text and _other_arguments(claim_text, cp[k][1], ev.text, ep[k][1]):
            continue  # "suspended the contract" and "the sample was opened": two acts on two things
        if cp[k][0] != ep[k][0]:
            return CheckResult("negation", CONTRADICT, f"claim: '{cp[k][1]}', source: '{ep[k][1]}'",
                               relation="polarity")
        return CheckResult("negation", SUPPORT, f"'{ep[k][1]}'", relation="polarity")
    if claim_text and restates(claim_text, ev.text, cfg.restate_min_lexical):
        flipped = negation_flip(claim_text, ev.text)
        if flipped:
            return CheckResult("negation", CONTRADICT, flipped, relation="negation scope")
    return CheckResult("negation", ABSTAIN)


def _verb_negations(text: str) -> dict[str, bool]:
    """Each verb's lemma -> whether the parse negates it ("would not fail": fail -> True). A
    verb the text uses both ways is left out."""
    from verifier.claims.nlp import parse

    out: dict[str, bool] = {}
    for tok in parse(text):
        if tok.pos_ not in ("VERB", "AUX") or tok.dep_ in ("aux", "auxpass") or tok.lemma_ in ("be", "have"):
            continue  # a copula's negation is about what follows it, which the other side may not name
        negated = any(c.dep_ == "neg" for c in tok.children)
        if negated and _WINDOW_OF_TIME.match(" ".join(t.lower_ for t in tok.doc[tok.i + 1:tok.i + 8])):
            continue  # a negation bounded in time ("has not won since 2019") says nothing of before
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in NEGATING_VERBS:
            # "refused to give back", "failed to pay": the complement did not happen; a negated
            # refusal ("did not refuse to pay") leaves it open
            negated = not any(c.dep_ == "neg" for c in tok.head.children)
        lemma = tok.lemma_.lower()
        out[lemma] = negated if out.get(lemma, negated) == negated else None  # type: ignore[assignment]
    return {k: v for k, v in out.items() if v is not None}


def negation_flip(claim_text: str, sentence: str) -> str:
    """The one verb a restatement negates where the claim does not, or the reverse ("the plan
    would fail" / "would not fail"): a note naming it, else "". Negation is read in its scope:
    "did not say the plan would fail" and "said the plan would not fail" negate two different
    verbs, and two flips are no restatement of one statement."""
    claim, ev = _verb_negations(claim_text), _verb_negations(sentence)
    shared = [v for v in claim if v in ev]
    flips = [v for v in shared if claim[v] != ev[v]]
    if len(flips) != 1:
        return ""
    verb = flips[0]
    return f"'{verb}' is negated in the {'claim' if claim[verb] else 'source'} only"


def polarity_clash(claim_text: str, sentence: str) -> bool:
    """The sentence uses an antonym or the negation of a claim's verb ("accused" for "praised"),
    whatever its topic: it cannot restate the claim."""
    cp, ep = text_polarity(claim_text), text_polarity(sentence)
    return any(cp[k][0] != ep[k][0] for k in cp.keys() & ep.keys())
