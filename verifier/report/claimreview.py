"""ClaimReview export: schema.org ``ClaimReview`` JSON-LD, the markup fact-checkers publish and
Google's Fact Check tools read (https://schema.org/ClaimReview).

The output is one ``ItemList`` whose ``ListItem``s each hold one ``ClaimReview``. Ratings use a
three-point scale, worst 1 (contradicted), 2 (unverified), best 3 (supported), with the label
itself as ``alternateName`` (the editor's label once a claim is reviewed). ``validate`` checks
the structure against the schema.org types and properties used here; tests run it on every
export.
"""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import BaseModel, ConfigDict

from verifier.report.common import TITLE, Item, anchor, items
from verifier.report.reviews import Trails
from verifier.report.runfile import RunFile
from verifier.types import Label

CONTEXT = "https://schema.org"
RATING = {Label.CONTRADICTED: 1, Label.UNVERIFIED: 2, Label.SUPPORTED: 3}
WORST, BEST = 1, 3


class ClaimReviewOptions(BaseModel):
    """Who publishes the reviews and where the claims appeared (all optional but the name)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    org_name: str = "claim-verifier"  # author of the reviews (the fact-checking organisation)
    org_url: str = ""
    base_url: str = ""  # the published report; each review's url is base_url#claim-ID
    article_url: str = ""  # where the claims appeared (Claim.appearance / firstAppearance)
    article_headline: str = ""
    article_author: str = ""  # who made the claims (Claim.author), e.g. the publisher


def _organization(name: str, url: str = "") -> dict[str, Any]:
    org: dict[str, Any] = {"@type": "Organization", "name": name}
    if url:
        org["url"] = url
    return org


def _claim(opts: ClaimReviewOptions) -> dict[str, Any]:
    claim: dict[str, Any] = {"@type": "Claim"}
    if opts.article_url or opts.article_headline:
        work: dict[str, Any] = {"@type": "CreativeWork"}
        if opts.article_url:
            work["url"] = opts.article_url
        if opts.article_headline:
            work["headline"] = opts.article_headline
        claim["appearance"] = work
        claim["firstAppearance"] = work
    if opts.article_author:
        claim["author"] = _organization(opts.article_author)
    return claim


def _review(it: Item, opts: ClaimReviewOptions, run: RunFile) -> dict[str, Any]:
    v = it.verdict
    date = it.trail[-1].at[:10] if it.trail else run.record.created[:10]
    review: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "ClaimReview",
        "claimReviewed": v.claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING[it.final],
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": TITLE[it.final],
        },
        "itemReviewed": _claim(opts),
        "author": _organization(opts.org_name, opts.org_url),
        "datePublished": date,
        "reviewBody": it.trail[-1].note if it.trail else v.rationale,
    }
    if opts.base_url:
        review["url"] = f"{opts.base_url}#{anchor(v.claim_id)}"
    return review


def render_claimreview(run: RunFile, trails: Trails | None = None,
                       options: ClaimReviewOptions | None = None) -> str:
    """The run's verdicts as a JSON-LD ``ItemList`` of ``ClaimReview``s (input order)."""
    opts = options or ClaimReviewOptions()
    chosen = items(run, trails)
    doc = {
        "@context": CONTEXT,
        "@type": "ItemList",
        "numberOfItems": len(chosen),
        "itemListElement": [
            {"@type": "ListItem", "position": n, "item": _review(it, opts, run)}
            for n, it in enumerate(chosen, start=1)
        ],
    }
    # "<", ">" and "&" as JSON escapes (same values): the JSON-LD is pasted into a page's
    # <script type="application/ld+json">, where a "</script>" in a claim would close it.
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") + "\n"


# --------------------------------------------------------------------------- validation

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")
_URL = re.compile(r"^https?://[^\s]+$")

# schema.org expected types of the properties this export uses; "Text", "URL", "Date",
# "Integer" and "Number" are data types, the rest are schema.org types (nested objects).
_PROPERTIES: dict[str, dict[str, tuple[str, ...]]] = {
    "ItemList": {"itemListElement": ("ListItem",), "numberOfItems": ("Integer",),
                 "name": ("Text",)},
    "ListItem": {"position": ("Integer",), "item": ("ClaimReview",)},
    "ClaimReview": {"claimReviewed": ("Text",), "reviewRating": ("Rating",),
                    "itemReviewed": ("Claim",), "author": ("Organization", "Person"),
                    "datePublished": ("Date",), "url": ("URL",), "reviewBody": ("Text",),
                    "name": ("Text",)},
    "Rating": {"ratingValue": ("Number", "Text"), "bestRating": ("Number", "Text"),
               "worstRating": ("Number", "Text"), "alternateName": ("Text",),
               "ratingExplanation": ("Text",)},
    "Claim": {"appearance": ("CreativeWork",), "firstAppearance": ("CreativeWork",),
              "author": ("Organization", "Person"), "datePublished": ("Date",),
              "name": ("Text",), "text": ("Text",)},
    "CreativeWork": {"url": ("URL",), "headline": ("Text",), "author": ("Organization", "Person"),
                     "datePublished": ("Date",)},
    "Organization": {"name": ("Text",), "url": ("URL",)},
    "Person": {"name": ("Text",), "url": ("URL",)},
}
_REQUIRED: dict[str, tuple[str, ...]] = {
    "ItemList": ("itemListElement",),
    "ListItem": ("position", "item"),
    "ClaimReview": ("claimReviewed", "reviewRating", "itemReviewed", "author", "datePublished"),
    "Rating": ("ratingValue", "bestRating", "worstRating", "alternateName"),
    "Claim": (),
    "CreativeWork": (),
    "Organization": ("name",),
    "Person": ("name",),
}


def _check_value(value: Any, expected: tuple[str, ...], where: str, problems: list[str]) -> None:
    if isinstance(value, list):
        for n, element in enumerate(value):
            _check_value(element, expected, f"{where}[{n}]", problems)
        return
    if isinstance(value, dict):
        kind = value.get("@type")
        if kind not in expected:
            problems.append(f"{where}: @type {kind!r}, expected one of {list(expected)}")
            return
        _check_object(value, where, problems)
        return
    ok = {
        "Text": isinstance(value, str) and bool(value.strip()),
        "URL": isinstance(value, str) and bool(_URL.match(value)),
        "Date": isinstance(value, str) and bool(_DATE.match(value)),
        "Integer": isinstance(value, int) and not isinstance(value, bool),
        "Number": isinstance(value, (int, float)) and not isinstance(value, bool),
    }
    if not any(ok.get(kind, False) for kind in expected):
        problems.append(f"{where}: {value!r} is not a {' or '.join(expected)}")


def _check_object(obj: dict[str, Any], where: str, problems: list[str]) -> None:
    kind = obj.get("@type")
    props = _PROPERTIES.get(kind) if isinstance(kind, str) else None
    if props is None:
        problems.append(f"{where}: unknown or missing @type {kind!r}")
        return
    if "@context" in obj and obj["@context"] != CONTEXT:
        problems.append(f"{where}: @context is {obj['@context']!r}, expected {CONTEXT!r}")
    for key in _REQUIRED[kind]:
        if key not in obj:
            problems.append(f"{where}: {kind} lacks {key}")
    for key, value in obj.items():
        if key in ("@context", "@type", "@id"):
            continue
        if key.startswith("@") or key not in props:
            problems.append(f"{where}: {key!r} is not a property of {kind} used here")
            continue
        _check_value(value, props[key], f"{where}.{key}", problems)
    if kind == "Rating" and all(isinstance(obj.get(k), (int, float))
                                for k in ("ratingValue", "bestRating", "worstRating")):
        if not obj["worstRating"] <= obj["ratingValue"] <= obj["bestRating"]:
            problems.append(f"{where}: ratingValue {obj['ratingValue']} is outside "
                            f"[{obj['worstRating']}, {obj['bestRating']}]")


def validate(text: str) -> list[str]:
    """Problems with a ClaimReview export (empty when valid): it must be JSON, a JSON-LD node
    with ``@context`` https://schema.org, and use schema.org types and properties with values
    of the expected types (required ones present, ratings within their scale)."""
    try:
        doc = json.loads(text)
    except ValueError as exc:
        return [f"not valid JSON: {exc}"]
    if not isinstance(doc, dict):
        return ["the top level must be a JSON object (a JSON-LD node)"]
    problems: list[str] = []
    if doc.get("@context") != CONTEXT:
        problems.append(f"$: @context must be {CONTEXT!r}")
    _check_object(doc, "$", problems)
    elements = doc.get("itemListElement")
    if doc.get("@type") == "ItemList" and isinstance(elements, list):
        if doc.get("numberOfItems", len(elements)) != len(elements):
            problems.append("$: numberOfItems differs from the number of itemListElement")
        positions = [e.get("position") for e in elements if isinstance(e, dict)]
        if positions != list(range(1, len(elements) + 1)):
            problems.append("$: ListItem positions must be 1, 2, 3, ...")
    return problems
