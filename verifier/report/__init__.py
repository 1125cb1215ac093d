"""Reports of a run for editors: HTML, Markdown, JSON, JSON Lines and schema.org ClaimReview,
plus the run file reader/writer and the editor sign-off store they draw on.

Example::

    run = read_run("run.jsonl")
    trails = ReviewStore.for_run("run.jsonl").trails()
    page = render(run, "html", trails)
"""

from __future__ import annotations

from verifier.errors import InputError
from verifier.report.claimreview import ClaimReviewOptions, render_claimreview, validate
from verifier.report.common import flagged, items, only_reviewed
from verifier.report.html import render_html
from verifier.report.jsonout import render_json, render_jsonl
from verifier.report.markdown import render_markdown
from verifier.report.reviews import Review, ReviewStore, Trails, final_label
from verifier.report.runfile import RunFile, RunWriter, completed_ids, read_run

FORMATS = ("html", "md", "json", "jsonl", "claimreview")

__all__ = [
    "FORMATS", "ClaimReviewOptions", "Review", "ReviewStore", "RunFile", "RunWriter", "Trails",
    "completed_ids", "final_label", "flagged", "items", "only_reviewed", "read_run", "render",
    "validate",
]


def render(run: RunFile, fmt: str, reviews: Trails | None = None,
           claimreview: ClaimReviewOptions | None = None) -> str:
    """Render ``run`` as ``fmt`` (one of ``FORMATS``), showing editor ``reviews`` (claim id ->
    reviews, oldest first, as ``ReviewStore.trails()`` returns) beside the machine verdicts.

    ``claimreview`` options (publisher, URLs) apply to that format only; cut a run down to the
    signed-off claims first with ``only_reviewed``.
    ``jsonl`` is the run file itself: reviews live in their own store, never in it.
    """
    if fmt == "html":
        return render_html(run, reviews)
    if fmt == "md":
        return render_markdown(run, reviews)
    if fmt == "json":
        return render_json(run, reviews)
    if fmt == "jsonl":
        return render_jsonl(run)
    if fmt == "claimreview":
        return render_claimreview(run, reviews, claimreview)
    raise InputError(f"unknown report format {fmt!r}; valid: {', '.join(FORMATS)}.", code="V007")
