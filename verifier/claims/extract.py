"""From an article to atomic, checkable claims: ``extract_claims(text, date=None, path="")``.

A short loop of named steps:

1. ``article_date``: ``--date``, else the article's own header (``date 2022-04-26``,
   ``Published: April 26, 2022``, a dateline ``WASHINGTON, April 26, 2022 --``).
2. Sentences (``verifier.text.sentence_spans``) minus headers and datelines, with exact spans.
3. ``_drop_reason``: boilerplate (Advertisement, photo credits, bylines), questions, fragments,
   opinion and sentences with nothing checkable are dropped, each with its reason.
4. ``Mentions``: a document-level memory of people: full names, surnames, titles learnt from
   the text ("Antonio Guterres, secretary-general of the United Nations" teaches "the
   secretary general" and "the U.N. chief"), and the latest person subject, used to resolve
   "he", "his", "the secretary general" so each claim stands alone.
5. ``_decompose``: a sentence becomes one claim per clause (conjoined verbs, participial and
   adverbial clauses, "where" clauses) plus one claim per order relation ("A before B",
   "after A, B"). A sentence with a quotation stays whole: the quote and its speaker are the
   claim (a quote continuing over sentences or paragraphs keeps its speaker).
6. Each claim: a stable id ``{stem}-s{sentence:03d}-{part}``, its text, the span of its source
   sentence, the article date and its parsed facts.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from verifier.claims.dates import parse_dates, to_date
from verifier.claims.facts import SAY_VERBS, parse_facts, role_of, where_place
from verifier.claims.quantities import MEASURES
from verifier.config import ClaimsConfig
from verifier.errors import InputError
from verifier.text import MONTHS, WEEKDAYS, fold, safe_id, sentence_spans
from verifier.types import Claim, Facts, Frozen, Span

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

log = logging.getLogger(__name__)


MAX_SENTENCE_CHARS = 5_000  # the worked example's longest sentence is under 400 characters


class Dropped(Frozen):
    """A sentence (or a clause of one) not kept as a claim, and why."""

    text: str
    span: Span
    reason: str


class Extraction(Frozen):
    claims: list[Claim]
    dropped: list[Dropped]
    article_date: str | None = None


# --------------------------------------------------------------------------- article date

_HEADER_DATE = re.compile(r"\A\s*(?:date|dated)\s*[:=]?\s*(?P<iso>\d{4}-\d\d-\d\d)\b[ \t]*", re.IGNORECASE)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*\n", re.DOTALL)  # YAML front matter of .md
_HEADER_LINE = re.compile(r"^\s*(?:published|updated|posted|date|dated)\s*(?:on)?\s*[:\-]?\s*(?P<rest>.+)$",
                          re.IGNORECASE | re.MULTILINE)
# "April 26 (UPI) -- ", "WASHINGTON, April 26, 2022 -- ", "KYIV, Ukraine (AP) — "
_DATELINE = re.compile(
    r"(?P<city>[A-Z][A-Z.'-]+(?:[ ][A-Z][A-Z.'-]+)*(?:,\s*[A-Z][A-Za-z.]+(?:[ ][A-Z][A-Za-z.]+)*)?,?\s*)?"
    r"(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?"
    r"(?P<agency>\([A-Za-z .]+\)\s*)?(?:--|\u2014|\u2013|-)\s+")


def dateline_end(text: str) -> int:
    """Where a wire dateline that opens ``text`` ends ("KYIV, Ukraine (AP) — ", "ORRIN, Celdora,
    Oct 15 (Calder Press Agency) - "), 0 when there is none: its place names where the report
    was filed, and is no party to what the sentence tells."""
    m = _DATELINE.match(text)
    return m.end() if m and (m.group("city") or m.group("agency")) else 0


def find_article_date(text: str) -> tuple[str | None, int]:
    """The article's own date (ISO) and the offset where its body starts (after a
    ``date YYYY-MM-DD`` marker or YAML front matter), looking only at the header: the front
    matter, a ``Published:``-style line or a dateline in the first 5 lines."""
    m = _HEADER_DATE.match(text)
    if m:
        try:
            return to_date(m.group("iso")).isoformat(), m.end()
        except InputError:
            log.warning("article header date %r is not a calendar date; ignored", m.group("iso"))
            return None, m.end()
    front = _FRONT_MATTER.match(text)
    if front:
        found = re.search(r"^(?:published|date|updated)\s*:\s*[\"']?(?P<iso>\d{4}-\d\d-\d\d)", front.group(1),
                          re.MULTILINE | re.IGNORECASE)
        return (found.group("iso") if found else None), front.end()
    head = "\n".join(text.splitlines()[:5])
    for line in _HEADER_LINE.finditer(head):
        found = _absolute_date(line.group("rest"))
        if found:
            return found, 0
    for line in head.splitlines():
        # a dateline only: "The war began on February 24, 2022." does not date the article
        m = _DATELINE.match(line.strip())
        found = _absolute_date(m.group("date")) if m and m.group("date") else None
        if found:
            return found, 0
    return None, 0


def _absolute_date(text: str) -> str | None:
    for ref in parse_dates(text):
        if re.fullmatch(r"\d{4}-\d\d-\d\d", ref.start) and ref.start == ref.end:
            return ref.start
    import dateparser  # slow to import: only for header lines the regexes did not read

    parsed = dateparser.parse(text.strip()[:60], languages=["en"],
                              settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else None


# --------------------------------------------------------------------------- check-worthiness

_BOILERPLATE = re.compile(
    r"^(advertisement|advertising|sponsored|related|read more|see also|share|subscribe)\b.{0,40}$"
    r"|license photo|photo by |file photo|photo credit|getty images|\(ap photo|\breuters/|"
    r"all rights reserved|^copyright\b|^\u00a9|sign up for|click here|follow us|"
    r"(email|print|share) this( article| story)?\b|^\(meta data\)|with reporting (by|from)\b|"
    r"\|.*\||"  # navigation: "Home | World | Europe"
    r"^(published|updated|posted)\b",
    re.IGNORECASE,
)
# A byline: "By Jane Doe", "By Jane Doe and John Roe, Reuters" (names are capitalised, so this
# one is case-sensitive: "By Monday it was over." is not a byline).
_WEEKDAY_OR_MONTH = "|".join(w.capitalize() for w in (*WEEKDAYS, *MONTHS))
_BYLINE = re.compile(rf"^By (?!(?:{_WEEKDAY_OR_MONTH})\b)[A-Z][\w.'-]*(?: [A-Z][\w.'-]*){{0,3}}"
                     rf"(?:(?:,| and) [A-Z][\w.'-]*(?: [A-Z][\w.'-]*){{0,3}})*\.?$")
_OPINION = re.compile(r"\b(i think|i believe|i feel|in my (?:view|opinion)|we should|should be|must be|"
                      r"ought to|it is (?:shameful|outrageous|wonderful|sad)|hopefully)\b", re.IGNORECASE)
_QUOTE_CHARS = re.compile(r"[\"\u201c\u201d]")
CHECKABLE_LABELS = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "LAW", "PROPN"}


def _drop_reason(sentence: str, doc: "Doc", has_quote: bool, person_known: bool, min_words: int) -> str:
    """Why a sentence is not worth checking ("" to keep it). ``person_known``: a "he"/"she"
    in it resolves to a person named earlier, which makes "He later visited the site" a claim."""
    words = sentence.split()
    if _BOILERPLATE.search(sentence) or _BYLINE.match(sentence):
        return "boilerplate"
    if sentence.startswith("#"):
        return "heading"
    if sentence.rstrip("\"'\u201d\u2019 ").endswith("?") and not has_quote:
        return "question"
    if len(words) < min_words and not has_quote or len(re.findall(r"\w+", sentence)) < min_words - 1:
        return "fragment"
    outside = _QUOTE_CHARS.sub("", sentence) if not has_quote else sentence
    if _OPINION.search(outside) and not has_quote and not re.search(r"\d", sentence):
        return "opinion"
    checkable = any(e.label_ in CHECKABLE_LABELS for e in doc.ents) or \
        any(t.like_num for t in doc) or any(t.pos_ == "PROPN" for t in doc) or \
        (person_known and any(t.lower_ in _SUBJ_PRONOUNS for t in doc)) or \
        any(t.lemma_.lower() in MEASURES for t in doc)  # "casualties were caused by ..."
    if not checkable and not has_quote:
        return "no checkable fact (no name, number or date)"
    return ""


# --------------------------------------------------------------------------- people


_SUBJ_PRONOUNS = {"he", "she"}
_POSS_PRONOUNS = {"his", "her"}


def _org_variants(name: str) -> set[str]:
    """"United Nations" -> {"united nations", "u.n.", "un"}: initials as news write them."""
    words = [w for w in re.findall(r"[A-Za-z]+", name) if w[0].isupper() and w.lower() not in ("of", "the")]
    out = {fold(name)}
    if len(words) >= 2:
        initials = "".join(w[0] for w in words).lower()
        out |= {initials, ".".join(initials) + "."}
    return out


class Mentions:
    """What the article has said so far about people: names, titles and the latest subject."""

    def __init__(self) -> None:
        self.full: dict[str, str] = {}  # folded surname or full name -> full name
        self.aliases: dict[str, str] = {}  # folded title phrase -> full name
        self.last_person = ""
        self.last_place = ""  # where the last sentence put its subject: the referent of "there"

    def learn(self, doc: "Doc") -> None:
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            name = ent.text.strip()
            parts = name.split()
            if len(parts) >= 2:
                self.full[fold(name)] = name
                self.full.setdefault(fold(parts[-1]), name)
                for alias in self._title_aliases(role_of(ent), doc):
                    self.aliases.setdefault(alias, name)

    def _title_aliases(self, role: str, doc: "Doc") -> set[str]:
        """Phrases that name the holder of ``role``: "secretary general of the United Nations"
        gives "secretary general", "united nations secretary general", "u.n. chief"... A bare
        one-word title ("president") is left out: an article often has several presidents."""
        if not role:
            return set()
        role_f = re.sub(r"^(the|a|an)\s+", "", fold(role).replace("-", " "))
        head = re.split(r"\s+(?:of|for|to|at)\s+", role_f)[0]
        orgs = [e.text for e in doc.ents if e.label_ in ("ORG", "GPE", "NORP") and fold(e.text) in fold(role)
                and fold(e.text) not in self.full]  # "spokesman for Guterres": a person, not an org
        title = head
        for org in orgs:
            title = title.replace(re.sub(r"^the\s+", "", fold(org).replace("-", " ")), " ")
        title = " ".join(title.split())
        out = {role_f}
        if len(title.split()) >= 2:
            out.add(title)
        for org in orgs:
            for variant in _org_variants(re.sub(r"^the\s+", "", org, flags=re.IGNORECASE)):
                out |= {f"{variant} {title}".strip(), f"{variant} chief", f"{variant} leader",
                        f"{variant} head"}
        return {a for a in out if len(a) > 3}

    def canonical(self, text: str) -> str:
        key = fold(text).strip().replace("-", " ")
        key = re.sub(r"^(the|a)\s+", "", re.sub(r"'s?$", "", key))
        if key in self.full:
            return self.full[key]
        if fold(text) in self.full:
            return self.full[fold(text)]
        return self.aliases.get(key, "")


# --------------------------------------------------------------------------- decomposition

_ORDER_PREPS = {"before", "after", "following", "ahead"}
_ORDER_ADVERBS = {"then", "afterwards", "afterward", "later", "subsequently", "next"}
_SPLIT_MARKS = {"as", "while", "because", "although", "though", "whereas"}  # not "since": it dates


def _quoted(doc: "Doc", open_at_start: bool = False) -> set[int]:
    """Indices of the tokens inside quotation marks (a sentence may start inside a quote
    opened in the sentence before)."""
    inside, out = open_at_start, set()
    for tok in doc:
        if tok.text in ('"', "\u201c", "\u201d") or tok.text.startswith('"') or tok.text.endswith('"'):
            inside = tok.text != "\u201d" and (not inside or tok.text == "\u201c")
            continue
        if inside:
            out.add(tok.i)
    return out


def _unit_heads(doc: "Doc") -> list["Token"]:
    """Verbs that head a clause worth its own claim: the root, verbs conjoined to a clause
    head, clauses after an order preposition ("before heading on"), and adverbial clauses
    that are time/reason clauses ("as he seeks"), "where" clauses or trailing participles
    ("having stopped over first", "saying it came too late")."""
    heads: list[Token] = []
    for tok in doc:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        if tok.dep_ == "ROOT":
            heads.append(tok)
        elif tok.dep_ == "conj" and tok.head.pos_ in ("VERB", "AUX") and tok.head in heads:
            heads.append(tok)
        elif tok.dep_ == "pcomp" and tok.head.lower_ in _ORDER_PREPS:
            heads.append(tok)
        elif tok.dep_ == "advcl" and _separable_adverbial(tok):
            heads.append(tok)
        elif tok.dep_ == "relcl" and tok.head.pos_ == "PROPN" and any(
                c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "which") for c in tok.children):
            heads.append(tok)  # "Sunak, who met Stoltenberg last week, told ..."
    return heads


def _separable_adverbial(tok: "Token") -> bool:
    mark = next((c.lower_ for c in tok.children if c.dep_ == "mark"), "")
    if mark in _ORDER_PREPS or mark in _SPLIT_MARKS or any(c.lower_ == "where" for c in tok.children):
        return True
    if mark:
        return False  # "if", "unless", "so that": not asserted on their own
    has_subj = any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    having = tok.tag_ in ("VBG", "VBN") and any(c.lower_ == "having" for c in tok.children)
    trailing_gerund = tok.tag_ == "VBG" and tok.i > tok.head.i
    return (having and not has_subj) or trailing_gerund


def _order_marker(tok: "Token") -> str:
    mark = next((c.lower_ for c in tok.children if c.dep_ == "mark"), "")
    if mark in _ORDER_PREPS:
        return mark
    if tok.dep_ == "pcomp" and tok.head.lower_ in _ORDER_PREPS:
        return tok.head.lower_
    return ""


def _unit_parent(tok: "Token", heads: list["Token"]) -> "Token | None":
    cur = tok.head
    for _ in range(10):
        if cur in heads and cur.i != tok.i:
            return cur
        if cur.head.i == cur.i:
            return None
        cur = cur.head
    return None


def _render(tokens: list["Token"], repl: dict[int, str]) -> str:
    out = []
    for n, t in enumerate(tokens):
        gap = n + 1 < len(tokens) and tokens[n + 1].i != t.i + 1  # tokens taken out between
        out.append(repl.get(t.i, t.text) + (t.whitespace_ or (" " if gap else "")))
    text = "".join(out)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r",(\s*,)+", ",", text)  # the commas around a clause taken out
    text = re.sub(r"^[,;:\-\u2014\s]+|[,;:\-\u2014\s]+$", "", text)
    return text


def _sentence_case(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?\"\u201d" else text + "."


def _core_tokens(head: "Token", heads: list["Token"]) -> list["Token"]:
    """The clause's own tokens: its subtree minus nested clauses and their markers."""
    nested = [h for h in heads if h.i != head.i and h in set(head.subtree)]
    drop: set[int] = set()
    for h in nested:
        drop |= {t.i for t in h.subtree}
        if h.dep_ == "pcomp":
            drop.add(h.head.i)
    # the commas that set a removed clause off go with it
    drop |= {t.i for t in head.subtree if t.is_punct and t.text == "," and (t.i + 1 in drop or t.i - 1 in drop)}
    toks = [t for t in head.subtree if t.i not in drop]
    # leading connectives of the clause itself: "and", "having", "as", "before"
    while toks and (toks[0].dep_ in ("cc", "mark", "punct") or toks[0].lower_ in ("having", "where")):
        toks = toks[1:]
    while toks and toks[-1].dep_ in ("cc", "punct"):
        toks = toks[:-1]
    return toks


def _decompose(doc: "Doc", repl: dict[int, str], subject_of: Callable[["Token"], str],
               min_words: int) -> list[tuple[str, str]]:
    """(kind, text) of each atomic claim of one sentence (kind: event or order)."""
    heads = _unit_heads(doc)
    if len(heads) <= 1:
        return [("event", _sentence_case(_render(list(doc), repl)))]
    out: list[tuple[str, str]] = []
    date_prefix = _leading_modifiers(doc, heads[0], repl)
    for h in heads:
        core = _core_tokens(h, heads)
        has_subj = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in h.children)
        marker = _order_marker(h)
        parent = _unit_parent(h, heads)
        if h.dep_ == "relcl":
            rel = next(c for c in h.children if c.dep_ in ("nsubj", "nsubjpass"))
            repl = {**repl, rel.i: _render(list(doc[h.head.left_edge.i:h.head.i + 1]), repl)}
        body = _render(core, repl)
        body = _fix_participle(h, body, heads[0])
        if not has_subj:
            subj = subject_of(h)
            if not subj:
                continue
            body = f"{subj} {body}"
        if any(c.lower_ == "where" for c in h.children):
            place = where_place(h)
            if place:
                body = f"{body} in {place}"
        own_body = body
        if h.dep_ == "conj" and date_prefix and date_prefix not in body:
            body = f"{date_prefix}, {body}"
        if not marker and len(body.split()) >= min_words:
            out.append(("event", _sentence_case(body)))
        adverb = next((c.lower_ for c in h.children if c.dep_ == "advmod" and c.lower_ in _ORDER_ADVERBS), "")
        if h.dep_ == "conj" and adverb and parent is not None and has_subj:
            # "... lunch with Lavrov, and afterwards he will be received by Putin"
            a = _render(_core_tokens(parent, heads), repl)
            out.append(("order", _sentence_case(f"{a}, and {own_body}")))
        if marker and parent is not None:
            a = _render(_core_tokens(parent, heads), repl)
            if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in parent.children):
                subj = subject_of(parent)
                a = f"{subj} {_fix_participle(parent, a, heads[0])}" if subj else a
            b = _render([t for t in _core_tokens(h, heads)], repl)
            text = f"{a} {marker} {b}" if h.i > parent.i else f"{marker.capitalize()} {b}, {a}"
            out.append(("order", _sentence_case(text)))
    return out


def _leading_modifiers(doc: "Doc", root: "Token", repl: dict[int, str]) -> str:
    """"On Monday" before the subject: it dates every conjoined clause of the sentence."""
    mods = [c for c in root.children if c.i < root.i and c.dep_ in ("prep", "npadvmod")
            and any(t.ent_type_ in ("DATE", "TIME") for t in c.subtree)]
    return ", ".join(_render(list(m.subtree), repl) for m in mods)


_SAID = {"say": "said", "state": "stated", "add": "added", "tell": "told", "note": "noted",
         "warn": "warned", "claim": "claimed", "insist": "insisted", "explain": "explained",
         "argue": "argued", "stress": "stressed", "write": "wrote", "declare": "declared"}


def _fix_participle(h: "Token", body: str, root: "Token") -> str:
    """A participial clause read after its subject: "heading on to Moscow" -> "was heading
    on to Moscow", "saying it came too late" -> "said it came too late", "being received"
    -> "was received" ("having stopped over" already lost its "having")."""
    future = any(c.lower_ in ("will", "to") for c in root.children) or root.lower_ in ("is", "are")
    if h.tag_ == "VBG" and not any(c.dep_ in ("aux", "auxpass") for c in h.children) and body.startswith(h.text):
        if h.lemma_ in _SAID:
            return f"{h.lemma_ + 's' if future else _SAID[h.lemma_]}{body[len(h.text):]}"
        return f"{'is' if future else 'was'} {body}"
    if body.lower().startswith("being "):
        return f"{'is to be' if future else 'was'} {body[6:]}"
    return body


# --------------------------------------------------------------------------- quotes


def _quote_state(text: str, open_before: bool) -> bool:
    """Whether a quotation is still open after ``text`` (straight or curly quotes)."""
    straight = text.count('"')
    opened = open_before ^ (straight % 2 == 1)
    if "\u201c" in text or "\u201d" in text:
        opened = text.rfind("\u201c") > text.rfind("\u201d")
    return opened


# --------------------------------------------------------------------------- the loop


def extract_claims(text: str, date: str | None = None, path: str = "",
                   config: ClaimsConfig | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Extraction:
    """Atomic claims of an article, each with its source sentence's span and parsed facts.

    ``date`` (ISO) overrides the article's own date; ``path`` names the article in ids
    (its stem) and in each claim's ``origin``; ``config`` holds the thresholds. ``progress(done, total)`` is called per sentence.

    >>> ex = extract_claims("date 2022-04-26 Ann Lee, mayor of Springfield, met Bob Ray on Monday.")
    >>> ex.article_date, ex.claims[0].facts.dates[0].start
    ('2022-04-26', '2022-04-25')
    """
    from verifier.claims.nlp import parse, parse_many

    config = config or ClaimsConfig()
    _refuse_claim_file(text, path)
    own_date, body_start = find_article_date(text)
    article_date = to_date(date).isoformat() if date else own_date
    stem = safe_id(Path(path).name.split(".")[0]) if path else "article"
    origin = f"article:{path}" if path else "article"
    mentions = Mentions()
    sentences = _article_sentences(text, body_start)
    # A "sentence" longer than this is no claim (a page without punctuation); spaCy refuses texts
    # over nlp.max_length (1,000,000 characters) with a ValueError, and parses are O(length).
    too_long = [s for s in sentences if len(s[1]) > MAX_SENTENCE_CHARS]
    sentences = [s for s in sentences if len(s[1]) <= MAX_SENTENCE_CHARS]
    parse_many([sentence for _, sentence, _ in sentences])
    pending: list[tuple[str, str, str, Span, str, int, int, str]] = []
    dropped: list[Dropped] = [Dropped(text=sentence[:200] + "…", span=span,
                                      reason=f"too long for one claim ({len(sentence):,} characters)")
                              for _, sentence, span in too_long]
    seen: dict[str, str] = {}
    quote_open, last_speaker = False, ""
    for pos, (index, sentence, span) in enumerate(sentences):
        if progress:
            progress(pos, len(sentences))
        has_quote = bool(_QUOTE_CHARS.search(sentence)) or quote_open
        in_quote_at_start = quote_open
        quote_open = _quote_state(sentence, quote_open)
        doc = parse(sentence)
        reason = _drop_reason(sentence, doc, has_quote, bool(mentions.last_person), config.min_words)
        if reason:
            dropped.append(Dropped(text=sentence, span=span, reason=reason))
            continue
        mentions.learn(doc)
        repl, subject_of, speaker = _resolve(doc, mentions, in_quote_at_start)
        own_speaker = speaker
        if has_quote:
            # A quote without attribution: said later in the same quote, or it continues
            # the previous speaker (news style for a quote-only paragraph).
            ahead = [s for _, s, _ in sentences[pos + 1:pos + 4]]
            speaker = speaker or (_speaker_ahead(ahead, mentions) if quote_open else "")
            speaker = speaker or last_speaker
            last_speaker = speaker or last_speaker
            # A scare quote inside reported speech ("called the moment "delicate"") is
            # already attributed by the sentence itself.
            attributed = bool(own_speaker) or not (in_quote_at_start or sentence[:1] in "\"\u201c")
            parts = [("quote", _quote_claim(doc, repl, speaker, attributed=attributed))]
        else:
            parts = _decompose(doc, repl, subject_of, config.min_words)
        _update_focus(doc, mentions, in_quote_at_start)
        for n, (kind, claim_text) in enumerate(parts, 1):
            key = " ".join(re.findall(r"\w+", fold(claim_text)))
            dup = _duplicate_of(key, seen, config.duplicate_overlap)
            if dup:
                dropped.append(Dropped(text=claim_text, span=span, reason=f"duplicate of {dup}"))
                continue
            cid = f"{stem}-s{index:03d}-{n}"
            seen[key] = cid
            pending.append((cid, kind, claim_text, span, sentence, index, n,
                            speaker if kind == "quote" else ""))
    parse_many([p[2] for p in pending])
    claims = [Claim(id=cid, text=claim_text, date=article_date, span=span, sentence=sentence,
                    facts=_canonical_facts(parse_facts(claim_text, article_date), mentions, speaker),
                    origin=origin, meta={"kind": kind, "sentence_index": index, "part": n})
              for cid, kind, claim_text, span, sentence, index, n, speaker in pending]
    log.info("extracted %d claims, dropped %d", len(claims), len(dropped))
    return Extraction(claims=claims, dropped=dropped, article_date=article_date)


def _refuse_claim_file(text: str, path: str) -> None:
    """A JSONL or CSV claim file handed over as an article would yield "claims" made of JSON."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()][:20]
    jsonl = bool(lines) and all(ln.startswith("{") and ln.endswith("}") for ln in lines)
    csv_header = bool(lines) and re.fullmatch(r"(id,)?text(,\w+)*", lines[0]) is not None
    if jsonl or csv_header:
        raise InputError(f"{path or 'input'}: this is a claim file (JSON lines or CSV), not an article.",
                         code="V008", hint="Check it as claims (--input-kind claims).")


def _article_sentences(text: str, body_start: int) -> list[tuple[int, str, Span]]:
    """(index, sentence, span) of each sentence of the body: a header marker before
    ``body_start`` and a dateline ("April 26 (UPI) -- ") are cut off the span."""
    out = []
    for index, (start, end) in enumerate(sentence_spans(text)):
        if end <= body_start:
            continue
        start = max(start, body_start)
        m = _DATELINE.match(text[start:end])
        if m and start + m.end() < end and (m.group("date") or m.group("agency") or
                                            (m.group("city") and len(out) < 3)):
            start += m.end()
        out.append((index, text[start:end], Span(start=start, end=end)))
    return out


def _speaker_ahead(ahead: list[str], mentions: Mentions) -> str:
    """The speaker named in the sentences that close a quote left open before ``ahead``."""
    from verifier.claims.nlp import parse

    open_ = True
    for sentence in ahead:
        speaker = _resolve(parse(sentence), mentions, open_)[2]
        if speaker:
            return speaker
        open_ = _quote_state(sentence, open_)
        if not open_:
            return ""
    return ""


def _duplicate_of(key: str, seen: dict[str, str], overlap: float) -> str:
    words = set(key.split())
    for other, cid in seen.items():
        other_words = set(other.split())
        union = words | other_words
        if union and len(words & other_words) / len(union) >= overlap:
            return cid
    return ""


def _resolve(doc: "Doc", mentions: Mentions, open_at_start: bool = False
             ) -> tuple[dict[int, str], Callable[["Token"], str], str]:
    """Replacements for pronouns and role nouns outside quotes, the subject of any clause
    (inherited up the tree), and the speaker of a quote in this sentence."""
    quoted = _quoted(doc, open_at_start)
    repl: dict[int, str] = {}
    focus = mentions.last_person
    person_of: dict[int, str] = {}
    for tok in doc:
        if tok.i in quoted:
            continue
        if tok.dep_ in ("nsubj", "nsubjpass"):
            name = _person_of(tok, mentions)
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if not name and owner is not None and _person_of(owner, mentions):
                focus = _person_of(owner, mentions)  # "Guterres' trip ... his calls"
            if name:
                person_of[tok.i] = name
                phrase = doc[tok.left_edge.i:tok.i + 1].text
                # a title or a bare surname becomes the full name ("Guterres had left")
                if (fold(name.split()[-1]) not in fold(phrase) or fold(phrase) == fold(name.split()[-1])) \
                        and fold(phrase) != fold(name) and not any(c.dep_ == "appos" for c in tok.children):
                    _replace_phrase(doc, tok, name, repl)
                focus = name
            elif tok.lower_ in _SUBJ_PRONOUNS and focus:
                person_of[tok.i] = focus
                repl[tok.i] = focus
        elif tok.lower_ == "there" and tok.dep_ == "advmod" and mentions.last_place:
            # "There he will have lunch ..." -> "In Paris, John Smith will have lunch ..."
            repl[tok.i] = f"in {mentions.last_place}" + ("," if tok.i == 0 else "")
        elif tok.lower_ in _POSS_PRONOUNS and tok.dep_ == "poss" and focus and \
                fold(focus.split()[-1]) not in fold(doc.text[:tok.idx]):
            repl[tok.i] = f"{focus}'s"

    def subject_of(verb: "Token") -> str:
        cur = verb
        for _ in range(10):
            subj = next((c for c in cur.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                appos = {t.i for c in subj.children if c.dep_ == "appos" for t in c.subtree}
                bare = all(t.dep_ in ("compound", "det", "amod", "punct", "poss", "case", "nmod")
                           or t.i == subj.i or t.i in appos for t in subj.subtree)
                if subj.i in person_of and bare:
                    return person_of[subj.i]
                return _render(list(subj.subtree), repl)
            if cur.head.i == cur.i:
                return ""
            cur = cur.head
        return ""

    speaker = ""
    for tok in doc:
        if tok.lemma_ in SAY_VERBS and tok.pos_ == "VERB" and tok.i not in quoted:
            speaker = subject_of(tok)
            if speaker:
                break
    return repl, subject_of, speaker


def _person_of(tok: "Token", mentions: Mentions) -> str:
    if tok.lower_ in _SUBJ_PRONOUNS:
        return ""
    appos = next((c for c in tok.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
    if appos is not None:  # "The Secretary-General, António Guterres, is ..."
        return _person_of(appos, mentions)
    for ent in tok.doc.ents:
        if ent.start <= tok.i < ent.end and ent.label_ in ("PERSON", "ORG"):
            return mentions.canonical(ent.text) or (ent.text if ent.label_ == "PERSON" else "")
    if tok.pos_ in ("NOUN", "PROPN"):  # a title: "the deputy spokesman", "the U.N. chief"
        return mentions.canonical(tok.doc[tok.left_edge.i:tok.i + 1].text) or \
            (mentions.canonical(tok.text) if tok.pos_ == "PROPN" else "")
    return ""


def _replace_phrase(doc: "Doc", tok: "Token", name: str, repl: dict[int, str]) -> None:
    """Replace "the secretary general" (the whole noun phrase) by the person's name."""
    left = tok.left_edge.i
    repl[left] = name
    for i in range(left + 1, tok.i + 1):
        repl[i] = ""


def _update_focus(doc: "Doc", mentions: Mentions, open_at_start: bool = False) -> None:
    """The latest main-clause person subject outside quotes ("Haq told reporters that Guterres
    ...": Haq) becomes the referent of the next sentence's "he"; a possessive subject
    ("Guterres' trip comes ...") counts as its owner. The last place the sentence goes to or
    is in becomes the referent of "there"."""
    quoted = _quoted(doc, open_at_start)
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.i in quoted:
            continue
        if not (tok.head.dep_ == "ROOT" or (tok.head.dep_ == "conj" and tok.head.head.dep_ == "ROOT")):
            continue
        name = _person_of(tok, mentions)
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if not name and owner is not None:
            name = _person_of(owner, mentions)
        if name:
            mentions.last_person = name
    places = [p for p in doc if p.dep_ == "pobj" and p.i not in quoted and p.head.lower_ in ("in", "to", "at")
              and p.ent_type_ in ("GPE", "LOC", "FAC")]
    if places:
        mentions.last_place = _render(list(doc[places[-1].left_edge.i:places[-1].i + 1]), {})


def _quote_claim(doc: "Doc", repl: dict[int, str], speaker: str, attributed: bool) -> str:
    """The quote sentence as a standalone claim: quotation marks balanced (a quote that runs
    over several sentences is cut at sentence ends) and the speaker named when the sentence
    does not name one itself."""
    text = _render(list(doc), repl)
    if text.count('"') % 2 == 1:
        text = text + '"' if text.startswith('"') else '"' + text
    opens, closes = text.count("\u201c"), text.count("\u201d")
    if opens > closes:
        text += "\u201d"
    elif closes > opens:
        text = "\u201c" + text
    if speaker and not attributed:
        text = f"{speaker} said: {text}"
    return text if text[-1:] in ".!?\"\u201d" else text + "."


def _canonical_facts(facts: Facts, mentions: Mentions, speaker: str) -> Facts:
    """Entities and quote speakers under the article's full names ("Guterres" -> "Antonio
    Guterres"); a name the article knows as a person is labelled PERSON whatever NER said."""
    ents = []
    for e in facts.entities:
        name = mentions.canonical(e.text)
        label = "PERSON" if name and e.label in ("ORG", "PROPN") else e.label
        ents.append(e.model_copy(update={"canonical": name or e.canonical, "label": label}))
    quotes = [q.model_copy(update={"speaker": mentions.canonical(q.speaker) or q.speaker or speaker})
              for q in facts.quotes]
    return facts.model_copy(update={"entities": ents, "quotes": quotes})
