"""A realistic run of the worked example (UPI article, 26 April 2022) for the report tests and
their golden files (``scripts/regen_golden.py``).

Seven hand-written verdicts on claims from the article, with their sentence spans found in the
article text and their evidence quotes found in the reference documents. Two claims come from
the same sentence (their highlights overlap). One evidence document is hostile: its title and
quote carry ``<script>``/``onerror=`` markup and a ``javascript:`` link, which every report must
render as inert text. Two claims carry editor reviews with fixed times.
"""

from __future__ import annotations

from pathlib import Path

from verifier.report.reviews import Review
from verifier.report.runfile import RunFile
from verifier.types import Evidence, Label, ModelRecord, Reason, RunRecord, Span, Verdict

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_PATH = "claims/ukraine-2022-04-26.article.txt"
CORPUS = ROOT / "index" / "corpora" / "ukraine-2022-04-26"

XSS_SCRIPT = "<script>alert(1);document.title='pwned';window.__pwned=1</script>"
XSS_IMG = "<img src=x onerror=\"alert(2);window.__pwned=2\">"
XSS_LINK = "[read more](javascript:alert(3))"


def article_text() -> str:
    return (ROOT / ARTICLE_PATH).read_text(encoding="utf-8")


def _span(article: str, sentence: str) -> Span:
    start = article.find(sentence)
    if start < 0:
        raise ValueError(f"sentence not in the article: {sentence!r}")
    return Span(start=start, end=start + len(sentence))


def _document(name: str) -> tuple[dict[str, str], str]:
    """A corpus file's front matter and body (the text evidence offsets index into)."""
    raw = (CORPUS / name).read_text(encoding="utf-8")
    _, front, body = raw.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
    return meta, body


def _evidence(name: str, quote: str, **extra) -> Evidence:
    meta, body = _document(name)
    start = body.find(quote)
    if start < 0:
        raise ValueError(f"quote not in {name}: {quote!r}")
    return Evidence(doc_id=name.removesuffix(".md"), title=meta["title"], source=meta["source"],
                    published=meta["published"], start=start, end=start + len(quote),
                    quote=quote, passage_id=f"{name.removesuffix('.md')}#0", **extra)


def _hostile_evidence() -> Evidence:
    quote = f"Turkey was praised as a mediator. {XSS_SCRIPT} {XSS_LINK}"
    return Evidence(doc_id="blog-mediator", title=f"Mediation roundup {XSS_IMG}",
                    source="Anonymous blog <b>unvetted</b>", url="javascript:alert(4)",
                    published="2022-04-22", start=0, end=len(quote), quote=quote,
                    retrieval_score=0.41,
                    stance={"supported": 0.31, "contradicted": 0.04, "unverified": 0.65})


def verdicts(article: str) -> list[Verdict]:
    s_meet = ("United Nations Secretary-General Antonio Guterres is to meet with Russian "
              "President Vladimir Putin in Moscow on Tuesday as he seeks to find a pause in the "
              "fighting in Ukraine.")
    s_trip = ("Guterres had left for the trip Monday, having stopped over first to meet with "
              "Turkish President Recep Tayyip Erdogan in Ankara before heading on to Moscow where "
              "he is to have a working meeting and lunch Tuesday with Russian Foreign Minister "
              "Sergey Lavrov before being received by Putin.")
    s_killed = ("More than 2,660 civilians have been killed in Ukraine since Russia invaded Feb. "
                "24, with Guterres' trip occurring at a time when there seems to be no stop to "
                "the fighting in the immediate future.")
    s_polyansky = ("Dmitry Polyansky, Russia's permanent representative to the U.N., told "
                   "reporters Monday that he doesn't think a cease-fire is \"a good option right "
                   "now,\" stating it would only give Ukraine an advantage in the war.")
    s_blinken = ("On Monday, U.S. Secretary of State Antony Blinken with U.S. Defense Secretary "
                 "Lloyd Austin visited Kyiv and announced an additional $300 million in military "
                 "financing and $165 million in ammunition for Ukraine.")
    s_turkey = ("Turkey has been the closet agent to what could be described as a mediator "
                "between the two countries, and has received praise from U.N. officials for "
                "acting in this capacity.")
    noon = _evidence("un-noon-briefing-2022-04-25.md",
                     "There he will have a working meeting and lunch with Foreign Minister Sergey "
                     "Lavrov, and afterwards he will be received by President Vladimir Putin.")
    return [
        Verdict(
            claim_id="ua-001",
            claim="Antonio Guterres is to meet Russian President Vladimir Putin in Moscow on Tuesday.",
            label=Label.SUPPORTED, confidence=0.93, reason=Reason.PARAPHRASE,
            rationale="The Kremlin readout says Putin received Guterres in the Kremlin on Tuesday, "
                      "26 April 2022.",
            evidence=[_evidence(
                "kremlin-putin-guterres-2022-04-26.md",
                "Vladimir Putin received United Nations Secretary-General António Guterres in the "
                "Kremlin on Tuesday, 26 April 2022.",
                retrieval_score=0.82,
                stance={"supported": 0.93, "contradicted": 0.02, "unverified": 0.05},
                checks={"date": "support", "entity": "support"},
                check_notes={"date": "Tuesday resolves to 2022-04-26 in both"})],
            considered=[noon],
            span=_span(article, s_meet), sentence=s_meet),
        Verdict(
            claim_id="ua-002",
            claim="Guterres stopped over first in Ankara to meet Turkish President Recep Tayyip "
                  "Erdogan before heading on to Moscow.",
            label=Label.SUPPORTED, confidence=0.88, reason=Reason.PARAPHRASE,
            rationale="The UN readout places the Erdogan meeting in Ankara on 25 April, the day "
                      "before Moscow.",
            evidence=[_evidence(
                "un-readout-sg-erdogan-2022-04-25.md",
                "The Secretary-General met today in Ankara with President Recep Tayyip Erdoğan of "
                "Türkiye.",
                retrieval_score=0.77, checks={"order": "support"})],
            span=_span(article, s_trip), sentence=s_trip),
        Verdict(
            claim_id="ua-003",
            claim="In Moscow, Guterres will have a working meeting and lunch with Foreign Minister "
                  "Sergey Lavrov before being received by Putin.",
            label=Label.CONTRADICTED, confidence=0.58, reason=Reason.ORDER,
            rationale="The order check read 'afterwards' as placing the Putin meeting first.",
            evidence=[noon.model_copy(update={
                "checks": {"order": "contradict"},
                "check_notes": {"order": "lunch with Lavrov -> received by Putin (cue: afterwards)"},
            })],
            span=_span(article, s_trip), sentence=s_trip),
        Verdict(
            claim_id="ua-013",
            claim="More than 2,660 civilians have been killed in Ukraine since Russia invaded on "
                  "Feb. 24.",
            label=Label.SUPPORTED, confidence=0.9, reason=Reason.APPROXIMATE,
            rationale="OHCHR recorded 2,665 civilians killed to 24 April: more than 2,660.",
            evidence=[_evidence(
                "ohchr-civilian-casualties-2022-04-25.md",
                "From 4 a.m. on 24 February 2022, when the Russian Federation's armed attack "
                "against Ukraine started, to 24:00 midnight on 24 April 2022 (local time), OHCHR "
                "recorded 5,381 civilian casualties in the country: 2,665 killed and 2,716 "
                "injured.",
                checks={"quantity": "support"},
                check_notes={"quantity": "2,665 killed satisfies 'more than 2,660'"})],
            span=_span(article, s_killed), sentence=s_killed),
        Verdict(
            claim_id="ua-014",
            claim="Dmitry Polyansky is Russia's permanent representative to the U.N.",
            label=Label.CONTRADICTED, confidence=0.81, reason=Reason.ENTITY,
            rationale="The wire report names him Russia's first deputy permanent representative.",
            evidence=[_evidence(
                "russia-un-mission-2022-04-25.md",
                "Dmitry Polyansky, Russia's first deputy permanent representative to the United "
                "Nations",
                checks={"entity": "contradict"},
                check_notes={"entity": "role 'permanent representative' != 'first deputy "
                                       "permanent representative'"})],
            span=_span(article, s_polyansky), sentence=s_polyansky),
        Verdict(
            claim_id="ua-015",
            claim="On Monday, Antony Blinken and Lloyd Austin visited Kyiv.",
            label=Label.CONTRADICTED, confidence=0.86, reason=Reason.DATE,
            rationale="The State Department says they travelled to Kyiv on Sunday, 24 April 2022.",
            evidence=[_evidence(
                "us-state-department-2022-04-25.md",
                "Secretary of State Antony J. Blinken and Secretary of Defense Lloyd J. Austin III "
                "travelled to Kyiv on Sunday, 24 April 2022",
                checks={"date": "contradict"},
                check_notes={"date": "Monday 2022-04-25 != Sunday 2022-04-24"})],
            span=_span(article, s_blinken), sentence=s_blinken),
        Verdict(
            claim_id="ua-044",
            claim="Turkey has received praise from U.N. officials for acting as a mediator.",
            label=Label.UNVERIFIED, confidence=0.55, reason=Reason.INSUFFICIENT,
            rationale="Only an unvetted blog mentions praise; no UN document does.",
            evidence=[_hostile_evidence()],
            span=_span(article, s_turkey), sentence=s_turkey),
    ]


def run() -> RunFile:
    """The fixture run, with the article (so the HTML report highlights spans in it)."""
    article = article_text()
    record = RunRecord(
        tool_version="0.1.0",
        created="2026-11-27T08:00:00+00:00",
        models=[ModelRecord(name="sentence-transformers/all-MiniLM-L6-v2",
                            sha256="53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
                            backend="onnxruntime"),
                ModelRecord(name="claim-verifier/stance-minilm",
                            sha256="0f6e3c2a9b8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f",
                            backend="torch")],
        index={"fingerprint": "idx-7c1e4b2a9f03", "name": "ukraine-2022-04-26", "documents": 12},
        config={"scoring": {"min_relevance": 0.35, "support_threshold": 0.5},
                "search": {"k": 10}},
        versions={"python": "3.11.2", "verifier": "0.1.0"},
        input=ARTICLE_PATH,
        article=article,
        article_path=ARTICLE_PATH,
    )
    return RunFile(record=record, verdicts=tuple(verdicts(article)), path="run.jsonl")


def trails() -> dict[str, list[Review]]:
    """Editor decisions with fixed times: one override, one claim reviewed twice."""
    return {
        "ua-003": [Review(claim_id="ua-003", editor="ana", at="2026-11-27T09:05:00+00:00",
                          before=Label.CONTRADICTED, after=Label.SUPPORTED,
                          note="The noon briefing has lunch with Lavrov first, then Putin.")],
        "ua-014": [
            Review(claim_id="ua-014", editor="ben", at="2026-11-27T09:10:00+00:00",
                   before=Label.CONTRADICTED, after=Label.UNVERIFIED,
                   note="Wire report only; want the mission's own page."),
            Review(claim_id="ua-014", editor="ana", at="2026-11-27T09:30:00+00:00",
                   before=Label.UNVERIFIED, after=Label.CONTRADICTED,
                   note="Mission site lists him as first deputy. <script>x()</script>"),
        ],
    }
