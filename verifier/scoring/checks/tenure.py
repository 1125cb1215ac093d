"""Who held a post at the time a claim speaks of: the tenure part of the entity check.

A source tells when a post changed hands: "Nell Hollis, who succeeded Alwin Pardoe as general
secretary of the URW in October 2025" (Pardoe held it until then, Hollis from then), "Marcus
Orwin, who stepped down as Aldercrest's chief executive in April", "the cabinet on Tuesday
confirmed Ilse Marrow as Director-General" (she held the post from then, and the acting post
until then). A claim that gives a person a post at a dated time ("Pardoe was general secretary
of United Rail Workers during the 2026 strikes", "Marrow was still acting Director-General in
December 2026") is then contradicted when that time falls outside the tenure the source dates,
and confirmed when a source written by that time dates the person's taking up the post
before it. A claim with no date of its own, a former post, or a post the source names with
another organisation says nothing here.

Two more readings of who holds a post: a post one person holds at a time (a portfolio, a chief
executive's, a mayor's) that the claim gives X within a month and a sentence of that month
names with Y ("holder"); and a body the claim says X chaired, whose chair a sentence about it
names ("chair").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from verifier.scoring.checks.base import CONTRADICT, SUPPORT, EvidenceView
from verifier.scoring.checks.common import PORTFOLIOS, ROLE_STOPWORDS, content_words
from verifier.text import TITLE_WORDS, fold
from verifier.types import DateRef, Facts

_NAME = r"[A-Z][\w'’-]+(?:\s+[A-Z]\.)?(?:\s+[A-Z][\w'’-]+)+"
# A post: an optional owner ("Aldercrest's"), up to five words ending the title, an optional
# body it is of ("of the Arvenian Space Agency (ArSA)"); it ends where a time, clause or
# punctuation begins.
_ROLE = (r"(?:the\s+|a\s+|an\s+|its\s+|his\s+|her\s+|their\s+)?"
         r"(?P<role>(?:[A-Z][\w'’&.-]*(?:\s+[A-Z][\w'’&.-]*){0,3}['’]s?\s+)?(?:[\w'’-]+\s+){0,4}?[\w'’-]+"
         r"(?:\s+(?:of|for|at)\s+(?:the\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of\s+|and\s+)?[A-Z][\w'’&.-]*){0,4}"
         r"(?:\s+\([A-Z][\w&.-]*\))?)?)"
         r"(?=\s+(?:in|on|at|from|until|when|during|since|after|before|by|while|and|who|for|with|to)\b"
         r"|\s*[,.;:)\"”]|\s*$)")

# (pattern, what it tells): "leaves" - the person named ``a`` held the post until the date;
# "succeeds" - ``a`` held it from the date and ``b`` until it; "takes" - ``a`` held it from the
# date; "confirms" - ``a`` held it from the date and the acting post until it.
_TENURE = (
    (re.compile(rf"(?P<a>{_NAME}),?\s+(?:who\s+)?(?:has\s+|had\s+)?(?:succeed(?:s|ed)|replac(?:es|ed)|"
                rf"took\s+over\s+from|takes\s+over\s+from)\s+(?P<b>{_NAME})\s+as\s+{_ROLE}"), "succeeds"),
    (re.compile(rf"(?P<a>{_NAME}),?\s+(?:who\s+)?(?:has\s+|had\s+|will\s+)?(?:stepped|steps|step|stood|stands)\s+"
                rf"down\s+as\s+{_ROLE}"), "leaves"),
    (re.compile(rf"(?P<a>{_NAME}),?\s+(?:who\s+)?(?:has\s+|had\s+)?(?:resigned|resigns|quit|quits|retired|retires|"
                rf"was\s+dismissed|was\s+sacked|was\s+removed|was\s+ousted)\s+as\s+{_ROLE}"), "leaves"),
    (re.compile(rf"\bresignation\s+of\s+(?P<a>{_NAME})\s+as\s+{_ROLE}"), "leaves"),
    (re.compile(rf"(?P<a>{_NAME}),?\s+(?:who\s+)?(?:has\s+|had\s+)?(?:was|is|has\s+been|had\s+been)\s+"
                rf"confirmed\s+as\s+{_ROLE}"), "confirms"),
    (re.compile(rf"\bconfirm(?:ed|s)?\s+(?P<a>{_NAME})\s+as\s+{_ROLE}"), "confirms"),
    (re.compile(rf"(?P<a>{_NAME})(?:,[^,]{{2,80}},)?,?\s+(?:who\s+)?(?:has\s+|had\s+)?"
                rf"(?:became|becomes|took\s+office\s+as|took\s+over\s+as|takes\s+over\s+as|"
                rf"(?:was|is|has\s+been|had\s+been)\s+(?:appointed|named|elected|sworn\s+in\s+as|promoted\s+to))\s+"
                rf"(?:as\s+)?{_ROLE}"), "takes"),
    (re.compile(rf"\b(?:appointed|named|elected)\s+(?P<a>{_NAME})\s+(?:as\s+)?{_ROLE}"), "takes"),
)
# A claim giving a person a post: "X was (still) R", "X, who was R", "X had already been confirmed as R".
_HELD = re.compile(rf"(?P<a>{_NAME}),?\s+(?:who\s+)?(?:was|is|were|had\s+been|has\s+been|remained|remains|"
                   rf"served\s+as|was\s+serving\s+as|(?:had|has)\s+(?:already\s+)?been\s+"
                   rf"(?:confirmed|appointed|named|elected)\s+as)\s+"
                   rf"(?:still\s+|already\s+|then\s+|by\s+then\s+)?{_ROLE}")
_BARE_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_STANDING_IN = frozenset({"acting", "interim"})
_NO_PRESENT_POST = frozenset({"former", "ex", "outgoing", "then"})
_MAX_GAP = 45  # characters between a change of post and the date it happened on
# Posts one person holds at a time (with ``_one_holder``'s minister, director-general and
# general secretary), and the words that make a post another's.
_ONE_HOLDER = frozenset({"premier", "president", "executive", "ceo", "governor", "mayor", "chairman", "chair",
                         "chairwoman", "speaker", "chancellor", "head"})
_NOT_THE_HOLDER = frozenset({"deputy", "vice", "assistant", "acting", "interim", "former", "ex", "outgoing",
                             "junior", "associate", "co", "shadow", "honorary", "designate", "elect"})
_ONE_MONTH = timedelta(days=31)


@dataclass(frozen=True)
class Tenure:
    """One end of a person's time in a post: ``since`` the day they took it, else until it."""

    person: str
    role: str
    day: DateRef
    since: bool
    acting: bool = False  # the acting post, which a confirmation ends


def _split(role: str) -> tuple[str, str, str]:
    """(owner, title, body) of a post: "Aldercrest's chief executive" -> ("Aldercrest", "chief
    executive", ""); "Director-General of the Arvenian Space Agency (ArSA)" -> ("",
    "Director-General", "Arvenian Space Agency (ArSA)"). A portfolio is the title's
    ("Minister of Finance": the title is "Minister of Finance")."""
    owner, title, body = "", role, ""
    m = re.match(r"(.+?)['’]s?\s+(.*)$", title)
    if m:
        owner, title = m.group(1), m.group(2)
    m = re.search(r"\s+(?:of|for|at)\s+(?:the\s+)?([A-Z].*)$", title)
    if m and not set(re.findall(r"[a-z]+", fold(m.group(1)))) <= PORTFOLIOS | {"affairs", "and", "the"}:
        title, body = title[:m.start()], m.group(1)
    return owner, title, body


def _title_words(role: str) -> frozenset[str]:
    """The title's own words, without its body or owner: "Director-General of the Arvenian
    Space Agency (ArSA)" -> {director, general}; "Minister of Finance" -> {minister, finance}."""
    return frozenset(re.findall(r"[a-z]+", fold(_split(role)[1]))) - ROLE_STOPWORDS - {"affairs"}


def _bodies(role: str) -> set[str]:
    """The organisations a post is of: its owner, the body after "of", an acronym in brackets."""
    owner, _, body = _split(role)
    out = {owner} if owner[:1].isupper() else set()  # "the club's": the story's own body
    m = re.match(r"(.*?)\s*(?:\(([A-Z][\w&.-]*)\))?$", body)
    if m:
        out |= {m.group(1), m.group(2) or ""}
    return {fold(b).strip() for b in out if b and b.strip()}


def _initials(body: str) -> str:
    return "".join(w[0] for w in re.findall(r"[a-z]+", body) if w not in {"of", "the", "and", "for"})


def _same_body(a: str, b: str) -> bool:
    """One body named twice: the same words, one inside the other, or an acronym of the other."""
    return a == b or a in b or b in a or _initials(a) == b.replace(".", "") or _initials(b) == a.replace(".", "")


def same_post(claim_role: str, ev_role: str) -> bool | None:
    """True when the two name one post (the same title, and the same body where both name one),
    False when they name different posts, None when either is no post."""
    c, e = _title_words(claim_role) - _STANDING_IN, _title_words(ev_role) - _STANDING_IN
    if not c & TITLE_WORDS or not e & TITLE_WORDS:
        return None
    if c != e:
        return False
    bc, be = _bodies(claim_role), _bodies(ev_role)
    return not (bc and be) or any(_same_body(x, y) for x in bc for y in be)


def _same_person(a: str, b: str) -> bool:
    ta, tb = re.findall(r"[a-z]+", fold(a)), re.findall(r"[a-z]+", fold(b))
    return bool(ta and tb) and ta[-1] == tb[-1] and (len(ta) == 1 or len(tb) == 1 or ta[0] == tb[0])


def _day_of(facts: Facts, start: int, end: int) -> DateRef | None:
    """The date (with its year) told right after the change of post, else right before it."""
    dated = [d for d in facts.dates if d.start[:4].isdigit()]
    after = [d for d in dated if end <= d.start_char <= end + _MAX_GAP]
    if after:
        return min(after, key=lambda d: d.start_char)
    before = [d for d in dated if start - _MAX_GAP <= d.end_char <= start]
    return max(before, key=lambda d: d.end_char) if before else None


def tenures(text: str, facts: Facts) -> list[Tenure]:
    """The dated ends of tenures a sentence tells."""
    out = []
    for pattern, kind in _TENURE:
        for m in pattern.finditer(text):
            day = _day_of(facts, m.start(), m.end())
            if day is None:
                continue
            role = m.group("role")
            if kind == "leaves":
                out.append(Tenure(m.group("a"), role, day, since=False))
                continue
            out.append(Tenure(m.group("a"), role, day, since=True))
            if kind == "succeeds":
                out.append(Tenure(m.group("b"), role, day, since=False))
            elif kind == "confirms":
                out.append(Tenure(m.group("a"), role, day, since=False, acting=True))
    return out


@lru_cache(maxsize=1024)  # a claim is read against every sentence retrieved for it
def claimed_posts(text: str) -> tuple[tuple[str, str], ...]:
    """(person, post) pairs a claim asserts, without former posts."""
    out = [(m.group("a"), m.group("role")) for m in _HELD.finditer(text)]
    return tuple((p, r) for p, r in out if not _title_words(r) & _NO_PRESENT_POST and _title_words(r) & TITLE_WORDS)


def claim_time(text: str, facts: Facts) -> tuple[str, str, str] | None:
    """(first day, last day, as written) of the time the claim speaks of: its dates, else a year
    it names ("the 2026 strikes")."""
    dated = [d for d in facts.dates if d.start[:4].isdigit()]
    if dated:
        first, last = min(dated, key=lambda d: d.start), max(dated, key=lambda d: d.end)
        return first.start, last.end, first.text if first is last else f"{first.text} - {last.text}"
    years = sorted(set(_BARE_YEAR.findall(text)))
    if len(years) == 1:
        return f"{years[0]}-01-01", f"{years[0]}-12-31", years[0]
    return None


def _one_holder(role: str) -> bool:
    """A post one person holds at a time in its body: a minister with a portfolio, a president,
    chief executive, governor, mayor, chair, speaker, director-general, general secretary, head;
    never a deputy's, acting or former post."""
    words = _title_words(role)
    if words & _NOT_THE_HOLDER:
        return False
    if "minister" in words:
        return bool(words & PORTFOLIOS) or "prime" in words
    return bool(words & _ONE_HOLDER) or {"director", "general"} <= words or {"secretary", "general"} <= words


def _bodies_agree(claim_role: str, ev_role: str) -> bool:
    """Both posts of one body, or of none (a minister's country is the story's)."""
    bc, be = _bodies(claim_role), _bodies(ev_role)
    if bc and be:
        return any(_same_body(x, y) for x in bc for y in be)
    return (not bc and not be) or "minister" in _title_words(claim_role)


def _in_span(day: str, when: tuple[str, str, str]) -> bool:
    return bool(day) and when[0] <= day[:10] <= when[1]


def held_by_another(posts: tuple[tuple[str, str], ...], when: tuple[str, str, str], ev: EvidenceView,
                    roles: list[tuple[str, str]]) -> tuple[str, str, str] | None:
    """A post one person holds at a time, which the claim gives X within a month and a sentence
    of that month gives Y: "Marrok was the finance minister in October 2026" against "The
    Minister of Finance, Tobias Renn, announced ..." (published in October 2026)."""
    if date.fromisoformat(when[1]) - date.fromisoformat(when[0]) > _ONE_MONTH:
        return None
    told = [d.start for d in ev.facts.dates] or [ev.published]
    if not all(_in_span(d, when) for d in told):
        return None
    for person, role in posts:
        if not _one_holder(role) or any(_same_person(person, p) and same_post(role, r) for p, r in roles):
            continue
        for other, ev_role in roles:
            if not _same_person(person, other) and _one_holder(ev_role) and same_post(role, ev_role) \
                    and _bodies_agree(role, ev_role):
                return (CONTRADICT, f"{person} as '{role}' ({when[2]}), but the source names {other} as '{ev_role}' "
                        "then", "holder")
    return None


# Who chairs a body: a claim "X chaired the panel", "X presided over the court"; a sentence
# naming its chair ("Presiding Judge Y", "Y, a retired judge, who will chair it", "chaired by Y",
# "Y ... (Chair)").
_CHAIRED = re.compile(rf"(?P<a>{_NAME})(?:,[^,]{{2,80}},)?\s+(?:chaired|chairs|will\s+chair|presided\s+over|"
                      rf"presides\s+over|will\s+preside\s+over|headed|heads|will\s+head)\s+(?P<body>[^,.;]+)")
_CHAIR_NAMED = tuple(re.compile(p) for p in (
    rf"\b(?:Presiding\s+Judge|Chairman|Chairwoman|Chairperson|Chair)\s+(?P<a>{_NAME})",
    rf"(?P<a>{_NAME})(?:,[^;:]{{2,120}}?,)?\s+who\s+(?:will\s+|is\s+to\s+)?(?:chair|chairs|chaired|head|heads|headed|"
    rf"presides|presided|preside)\b",
    rf"\b(?:chaired|presided\s+over|headed|led)\s+by\s+(?P<a>{_NAME})",
    rf"(?P<a>{_NAME})(?:,\s*[^;:()]{{2,80}}?)?\s*\((?:Chair|Chairman|Chairwoman|Chairperson|Presiding|President)\)",
    rf"\bunder\s+the\s+chairmanship\s+of\s+(?P<a>{_NAME})",
))
_HONORIFICS = frozenset({"the", "mr", "ms", "mrs", "dr", "judge", "presiding", "professor", "prof", "sir", "dame"})


def _bare_name(name: str) -> str:
    """A name without the titles before it: "Presiding Judge Livia Corran" -> "Livia Corran"."""
    words = name.split()
    while len(words) > 2 and fold(words[0]) in _HONORIFICS | TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def chaired_by_another(claim_text: str, ev: EvidenceView) -> tuple[str, str, str] | None:
    """A claim that X chaired (presided over, headed) a body, against a sentence about that body
    (one of its words) that names its chair: CONTRADICT when the chair is another, SUPPORT when
    it is X ("Judge Matei Dorsk presided over the panel" against "The panel: Presiding Judge Livia
    Corran; Judges Matei Dorsk, ...")."""
    m = _CHAIRED.search(claim_text)
    if m is None:
        return None
    person, body = _bare_name(m.group("a")), m.group("body")
    if not content_words(body) & content_words(ev.text):
        return None
    chairs = {_bare_name(c.group("a")) for p in _CHAIR_NAMED for c in p.finditer(ev.text)}
    if not chairs:
        return None
    if any(_same_person(person, c) for c in chairs):
        return SUPPORT, f"{person} chairs it", "chair"
    return CONTRADICT, f"{' and '.join(sorted(chairs))}, not {person}, chairs it", "chair"


def check_tenure(claim_text: str, claim_facts: Facts, ev: EvidenceView,
                 roles: Callable[[], list[tuple[str, str]]]) -> tuple[str, str, str] | None:
    """(SUPPORT | CONTRADICT, note, relation) when the sentence decides who held a post the claim
    gives a person at its time: the chair it names of a body the claim says the person chaired
    ("chair"), a tenure it dates ("tenure"), or another holder it names then ("holder";
    ``roles``: the sentence's (person, post) pairs); None when it says nothing of it."""
    chaired = chaired_by_another(claim_text, ev)
    if chaired is not None:
        return chaired
    posts = claimed_posts(claim_text)
    when = claim_time(claim_text, claim_facts) if posts else None
    if when is None:
        return None
    told = tenures(ev.text, ev.facts)
    for person, role in posts:
        acting = bool(_title_words(role) & _STANDING_IN)
        for t in told:
            if not _same_person(person, t.person) or not same_post(role, t.role):
                continue
            if acting != (t.acting or bool(_title_words(t.role) & _STANDING_IN)):
                continue  # an acting post and the full one are two posts
            if not t.since and when[0] > t.day.end:
                verb = "was confirmed in the post" if t.acting else "left the post"
                return CONTRADICT, f"{person} as '{role}' ({when[2]}), but {t.person} {verb} ({t.day.text})", "tenure"
            if t.since and not acting and when[1] < t.day.start:
                return (CONTRADICT, f"{person} as '{role}' ({when[2]}), but {t.person} took the post {t.day.text}",
                        "tenure")
            if t.since and not acting and t.day.start <= when[0] and ev.published and when[0] <= ev.published:
                return SUPPORT, f"{person} as '{role}' since {t.day.text}", "tenure"
    if told:
        return None
    return held_by_another(posts, when, ev, roles())
