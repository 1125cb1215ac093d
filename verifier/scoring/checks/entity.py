"""The entity check: the posts a claim gives its people ("deputy foreign minister") against
the posts the sentence gives them, and the place of the claim's event against the place the
sentence gives the same event ("met Erdogan in Istanbul" vs "in Ankara")."""

from __future__ import annotations

import re

from verifier.config import ScoringConfig
from verifier.scoring import places
from verifier.scoring.checks.base import ABSTAIN, CONTRADICT, SUPPORT, CheckResult, ClaimView, EvidenceView, register
from verifier.scoring.checks.common import PORTFOLIOS, ROLE_STOPWORDS, another_year, key_in, mentions, same_event
from verifier.scoring.checks.tenure import check_tenure
from verifier.text import PRONOUNS, TITLE_WORDS, fold
from verifier.types import Entity, Facts, Reason


# Words in a role/title that change who the person is ("deputy spokesman" is not "spokesman").
# ("Special envoy" and "envoy", "permanent representative" and "representative" name one post.)
_ROLE_MODIFIERS = {"deputy", "vice", "former", "acting", "assistant", "under", "first", "second",
                   "interim", "ex", "associate", "senior", "junior", "chief"}
_ROLE_QUALIFIERS = {"special", "permanent"}
# A post held for a time by the one second in line to it: "the Deputy Minister, X, will serve as
# acting Minister", "Vice-President Y became interim President".
_STANDING_IN = {"acting", "interim"}
_SECOND_IN_LINE = {"deputy", "vice"}


def _tokens(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", fold(text)) if t not in ROLE_STOPWORDS}


def _role_tokens(role: str) -> set[str]:
    text = re.sub(r"\bprime\s+minister\b", "premier", fold(role))  # its own post, not a minister's
    toks = {_ROLE_SPELLING.get(t, t) for t in _tokens(text)}
    toks = {"un" if t in {"un", "united", "nations"} else t for t in toks} - {"nations"}
    return {"eu" if t in {"eu", "european"} else t for t in toks} - {"union"}


_ROLE_SPELLING = {"defense": "defence", "labor": "labour", "spokesperson": "spokesman",
                  "spokeswoman": "spokesman", "chairwoman": "chairman", "chair": "chairman"}
# Titles held beside a post: a party's or body's leadership, a seat, a rank ("SDA leader" and
# "Prime Minister"; "Speaker" and "MP"). Two other titles name posts one person does not hold
# at once (a minister is not a governor, an envoy not an ambassador).
_COEXISTING_TITLES = {"leader", "chairman", "head", "founder", "chief", "member", "executive", "officer",
                      "director", "ceo", "manager", "adviser", "advisor", "negotiator", "official",
                      "diplomat", "lawmaker", "mp", "senator", "congressman", "congresswoman", "speaker",
                      "professor", "editor", "general", "commander"}


def compare_roles(claim_role: str, ev_role: str) -> str:
    """SUPPORT when one role is the other in fewer words; CONTRADICT when they are posts that
    one person does not hold at once (foreign vs finance minister, deputy foreign minister vs
    foreign minister, UN envoy vs OSCE representative, mayor vs governor); else ABSTAIN: a
    party leader may be prime minister, and a former post says nothing of the present one."""
    c, e = _role_tokens(claim_role), _role_tokens(ev_role)
    if not c & TITLE_WORDS or not e & TITLE_WORDS:
        return ABSTAIN  # "Mr", "there is an opportunity": not titles
    core_c, core_e = c - _ROLE_MODIFIERS - _ROLE_QUALIFIERS, e - _ROLE_MODIFIERS - _ROLE_QUALIFIERS
    heads_c, heads_e = core_c & TITLE_WORDS, core_e & TITLE_WORDS
    if not heads_c & heads_e and not (heads_c - _COEXISTING_TITLES and heads_e - _COEXISTING_TITLES):
        return ABSTAIN  # posts of different kinds
    if not heads_c & heads_e and (c ^ e) & _ROLE_MODIFIERS - {"former", "ex"}:
        return ABSTAIN  # a deputy prime minister may hold a ministry too
    same_post = core_c <= core_e or core_e <= core_c
    diff = (c ^ e) & _ROLE_MODIFIERS
    if diff & _STANDING_IN and diff & _SECOND_IN_LINE and not (c & e) & (_STANDING_IN | _SECOND_IN_LINE):
        return ABSTAIN  # the deputy minister is often the acting minister: both at once
    if "former" in diff or "ex" in diff:  # a past post and a present one: only the same post clashes
        return CONTRADICT if same_post else ABSTAIN
    if diff:
        return CONTRADICT
    if same_post:
        return SUPPORT
    if not heads_c & heads_e:
        return CONTRADICT  # posts of one kind under other titles: mayor vs governor
    portfolio_c, portfolio_e = core_c & PORTFOLIOS, core_e & PORTFOLIOS
    if portfolio_c and portfolio_e and not portfolio_c & portfolio_e:
        return CONTRADICT  # finance vs interior minister
    return ABSTAIN


_APPOSITIVE_ROLE = re.compile(
    r"\b(?:the\s+)?(?P<role>(?:[A-Z][\w'-]*\s+){0,3}(?P<head>[A-Z][\w-]*)"
    r"(?:\s+(?:of|for|to)\s+(?:the\s+)?(?:[A-Z][\w'-]*)(?:\s+[\w'-]+){0,2})?),\s+"
    r"(?P<name>[A-Z][\w-]+(?:\s+[A-Z]\.?)?(?:\s+[A-Z][\w-]+)+)")


def person_roles(facts: Facts, text: str = "") -> list[tuple[Entity, str, bool]]:
    """(person, role, asserted) triples: titles attached to names ("Foreign Minister Sergey
    Lavrov"), titles before a name in apposition ("the Governor of Kalvar province, Emil
    Haras" - read from ``text``), and copular statements ("Dmitry Polyansky is Russia's
    permanent representative": asserted=True, the role is what the sentence claims)."""
    copula_agents = {fold(ev.agent) for ev in facts.events
                     if fold(ev.predicate) == "be" and ev.agent and ev.objects and not ev.negated
                     and not fold(ev.text).startswith("there")}
    out = [(e, e.role, fold(e.text) in copula_agents) for e in facts.entities if e.label == "PERSON" and e.role]
    for ev in facts.events:
        if fold(ev.agent) in copula_agents and fold(ev.predicate) == "be" and ev.objects:
            for e in facts.entities:
                # the bare noun ("governor") only when no fuller role says it ("governor of Ostra")
                fuller = any(fold(x.text) == fold(e.text) and fold(ev.objects[0]) in fold(r) for x, r, _ in out)
                if e.label in ("PERSON", "ORG") and fold(e.text) == fold(ev.agent) and not fuller:
                    out.append((e.model_copy(update={"label": "PERSON"}), ev.objects[0], True))
    for m in _APPOSITIVE_ROLE.finditer(text):
        if fold(m.group("head")) in TITLE_WORDS:
            out.append((Entity(text=m.group("name"), label="PERSON"), m.group("role"), False))
    m = _LABEL_ROLE.match(text)  # "- Deputy Prime Minister and Minister of Finance: Pavel Horvat (LC)"
    if m and _tokens(m.group("role")) & TITLE_WORDS:
        for role in re.split(r"\s+and\s+", m.group("role")):
            out.append((Entity(text=m.group("name"), label="PERSON"), role, False))
    return out


_RELATIVE_ROLE = re.compile(
    r"(?P<name>[A-Z][\w-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w-]+)+),\s+who\s+(?:was|is|had\s+been|has\s+been|became|"
    r"served\s+as)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?(?P<role>[\w'-]+(?:\s+[\w'-]+){0,3}?)"
    r"(?=\s+(?:of|for|at|in|when|until|since|before|after|from|to)\b|\s*[,.;]|$)")


def relative_roles(text: str) -> list[tuple[Entity, str, bool]]:
    """Posts told in a relative clause: "Hanne Lidgard, who was vice-president of the
    federation when ..." -> (Hanne Lidgard, "vice-president", False)."""
    return [(Entity(text=m.group("name"), label="PERSON"), m.group("role"), False)
            for m in _RELATIVE_ROLE.finditer(text or "") if _tokens(m.group("role")) & TITLE_WORDS]


_NEW_ROLE = re.compile(
    r"(?P<name>[A-Z][\w-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w-]+)+)(?:,[^,]{2,80},)?\s+"
    r"(?:becomes|became|has\s+become|will\s+become|(?:is|was|has\s+been|had\s+been|will\s+be)\s+"
    r"(?:appointed|named|made|confirmed\s+as|elected|sworn\s+in\s+as|promoted\s+to)|takes\s+over\s+as|"
    r"took\s+over\s+as|steps\s+in\s+as|stepped\s+in\s+as)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?"
    r"(?P<role>[\w'-]+(?:\s+[\w'-]+){0,3}?(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,2})?)"
    r"(?=\s+(?:on|in|at|when|until|since|before|after|from|to|by)\b|\s*[,.;(]|$)")


def new_roles(text: str) -> list[tuple[Entity, str]]:
    """Posts a sentence says a person takes up: "Mattias Caske, Minister of State for Rail,
    becomes acting Minister of Transport" -> (Mattias Caske, "acting Minister of Transport").
    The post beside the name is then the one held before."""
    return [(Entity(text=m.group("name"), label="PERSON"), m.group("role"))
            for m in _NEW_ROLE.finditer(text or "") if _tokens(m.group("role")) & TITLE_WORDS]


def _roles_told(ev: EvidenceView) -> list[tuple[Entity, str, bool]]:
    """The sentence's (person, role, asserted) triples (``person_roles``), a post it says a
    person takes up (``new_roles``) in place of the one written beside the name: that one was
    held before."""
    changed = new_roles(ev.text)
    return [(e, r, a) for e, r, a in person_roles(ev.facts, ev.text)
            if not any(mentions(x.text, e) or mentions(e.text, x) for x, _ in changed)] + \
        [(e, r, False) for e, r in changed]


_LABEL_ROLE = re.compile(r"\s*(?:[-*\u2022\u2013]\s*)?(?P<role>[A-Z][^:\n]{2,80}?):\s*"
                         r"(?P<name>[A-Z][\w-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w-]+)+)")


@register("entity", Reason.ENTITY)
def check_entity(claim: ClaimView, evidence: EvidenceView, cfg: ScoringConfig) -> CheckResult:
    """Roles of the same person ("permanent representative" vs "first deputy permanent
    representative") and places of the same event ("met Erdogan in Istanbul" vs "in Ankara").
    A sentence dated to another year than the claim's tells of another event or term."""
    facts, ev = claim.facts, evidence
    # a post at a time: told by a source of any year
    held = check_tenure(claim.text, facts, ev, lambda: [(e.text, r) for e, r, _ in _roles_told(ev)])
    if held is not None:
        return CheckResult("entity", held[0], held[1], anchored=True, relation=held[2])
    if another_year(ev):
        return CheckResult("entity", ABSTAIN)
    claim_roles = person_roles(facts)
    ev_roles = _roles_told(ev) if claim_roles else []
    for ce, c_role, asserted in claim_roles:
        outcomes = [(compare_roles(c_role, e_role), e_role) for ee, e_role, _ in ev_roles
                    if mentions(ee.text, ce) or mentions(ce.text, ee)]
        # A person may hold several posts: one that matches the claim's rules out a clash. A
        # matching title in passing ("President Putin") does not confirm the claim's point; a
        # matching role does when the role is the point ("X is the spokesman").
        match = next((r for o, r in outcomes if o == SUPPORT), None)
        if match is not None:
            if asserted:
                return CheckResult("entity", SUPPORT, f"{ce.text}: '{c_role}' vs '{match}'", anchored=True,
                                   relation="role")
            continue
        clashes = [r for o, r in outcomes if o == CONTRADICT]
        if not clashes:
            continue
        # The claim gives the person another post too ("X, who was vice-president when Y
        # resigned, was president by May"): a sentence with that one tells of the other time.
        own = [r for e, r, _ in [*claim_roles, *relative_roles(claim.text)]
               if r != c_role and (mentions(e.text, ce) or mentions(ce.text, e))]
        clash = next((r for r in clashes if not any(compare_roles(mine, r) == SUPPORT for mine in own)), None)
        if clash is not None:
            return CheckResult("entity", CONTRADICT, f"{ce.text}: '{c_role}' vs '{clash}'", anchored=True,
                               relation="role")
    for cev in facts.events:
        c_places = claim_places(facts, cev)
        if not c_places:
            continue
        others = [o for o in cev.objects if o] + ([cev.agent] if cev.agent else [])
        # The event itself ("held talks" for "talks") before one of its kind ("flew into"): in
        # "flew into Orsk, then drove to Castel, where they held talks" the talks are in Castel.
        own = [e for e in ev.facts.events if e.place and fold(e.predicate) == fold(cev.predicate)]
        for eev in own or [e for e in ev.facts.events if e.place and same_event(cev, e)]:
            e_names = [o for o in eev.objects if o] + ([eev.agent] if eev.agent else [])
            # "where they held talks": the claim's own event told of its actors by a pronoun,
            # unless it names others ("where he met Erdogan" is not the meeting with Putin)
            told_of = bool(own) and fold(eev.agent) in PRONOUNS and not any(
                o[:1].isupper() and not any(key_in(o, x) or key_in(x, o) for x in others) for o in eev.objects)
            if not told_of and not any(key_in(o, x) or key_in(x, o) for o in others for x in e_names):
                continue
            rels = {c: places.relation(c, eev.place) for c in c_places}
            if any(r in (places.SAME, places.CONTAINS) for r in rels.values()):
                return CheckResult("entity", SUPPORT, f"{cev.predicate} in {eev.place}", relation="place")
            if cfg.unknown_places_differ:
                texts = (claim.text, ev.text, ev.context, ev.document)
                rels = {c: places.DIFFERENT if r == places.UNKNOWN and places.told_apart(c, eev.place, texts) else r
                        for c, r in rels.items()}
            if all(r == places.DIFFERENT for r in rels.values()):
                return CheckResult("entity", CONTRADICT,
                                   f"'{c_places[0]}' vs '{eev.place}' ({cev.predicate})", relation="place")
    return CheckResult("entity", ABSTAIN)


def claim_places(claim: Facts, event) -> list[str]:
    """The event's place, or - when the parse attached none - the claim's place names
    (a one-event claim such as "received by Zelensky in Lviv")."""
    if event.place:
        return [event.place]
    if len([e for e in claim.events if e.predicate not in ("be", "say")]) > 1:
        return []
    return [e.text for e in claim.entities if e.label in ("GPE", "LOC", "FAC")
            and re.search(rf"\b(?:in|at)\s+(?:the\s+)?{re.escape(e.text)}\b", event.text or "")]
