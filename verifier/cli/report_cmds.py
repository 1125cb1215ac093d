"""`verifier report` (render a saved run again) and `verifier review` (editor sign-off)."""

from __future__ import annotations

import getpass
import os
import sys
import tempfile
from pathlib import Path

import click

from verifier.cli import EXIT_FINDINGS, Context, cli, safe_text
from verifier.errors import InputError

_LABELS = ["supported", "contradicted", "unverified"]


def _write_output(text: str, output: str | None) -> None:
    """Write to ``output`` atomically (a reader never sees half a report), else to stdout."""
    if output is None:
        click.echo(text, nl=False)
        return
    target = Path(output)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent or Path("."))
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except OSError as exc:
        raise InputError(f"{target}: cannot write the report ({exc.strerror}).", code="V001") from exc


def _warn(obj: Context, message: str) -> None:
    if not obj.quiet:
        click.echo(f"Warning: {safe_text(message)}", err=True)


@cli.command("report")
@click.argument("run_path", metavar="RUN.jsonl", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json", "jsonl", "claimreview"]),
              default="html", show_default=True, help="Report format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to this file (default: stdout).")
@click.option("--only-reviewed", is_flag=True,
              help="Only the claims an editor has signed off with `verifier review`.")
@click.option("--fail-on", type=click.Choice(["contradicted", "unverified"]),
              help="Exit 3 when any claim's final label (after editor review) is contradicted, "
                   "or with `unverified`, is unverified or contradicted (as `verifier check`).")
@click.option("--org", default="claim-verifier", show_default=True,
              help="ClaimReview: the organisation publishing the reviews.")
@click.option("--org-url", default="", help="ClaimReview: the organisation's web address.")
@click.option("--base-url", default="",
              help="ClaimReview: where the report is published; each review's url is "
                   "BASE_URL#claim-ID.")
@click.option("--article-url", default="",
              help="ClaimReview: where the claims appeared (Claim.appearance).")
@click.option("--headline", default="", help="ClaimReview: the headline of that article.")
@click.option("--claim-author", default="",
              help="ClaimReview: who made the claims (Claim.author), e.g. the publisher.")
@click.pass_obj
def report_cmd(obj: Context, run_path: str, fmt: str, output: str | None, only_reviewed: bool,
               fail_on: str | None, org: str, org_url: str, base_url: str,
               article_url: str, headline: str, claim_author: str) -> None:
    """Render a saved run (from `verifier check --format jsonl`) as a report for editors.

    Shows each claim's machine verdict, the editor's verdict and the audit trail from the
    review store beside the run (RUN.jsonl.reviews.sqlite).

    \b
    Formats: html (one self-contained page), md (Markdown), json (one object: run record,
    counts, verdicts, reviews), jsonl (the run file again), claimreview (schema.org
    ClaimReview JSON-LD).

    \b
    Exit codes:
      0  report written
      1  runtime error (for example a bad run file or review store, V015)
      2  usage error
      3  --fail-on found a claim with that final label, after editor review
         (contradicted; or unverified/contradicted); the report is still written

    \b
    Example:
      verifier report run.jsonl --format html -o report.html --fail-on contradicted
    """
    from verifier.report import (
        ClaimReviewOptions, ReviewStore, flagged, items, only_reviewed as keep_reviewed,
        read_run, render,
    )
    from verifier.types import Label

    run = read_run(run_path)
    for warning in run.warnings:
        _warn(obj, warning)
    trails = ReviewStore.for_run(run_path).trails()
    if only_reviewed:
        run = keep_reviewed(run, trails)
    options = ClaimReviewOptions(org_name=org, org_url=org_url, base_url=base_url,
                                 article_url=article_url, article_headline=headline,
                                 article_author=claim_author)
    if fmt == "claimreview" and not base_url:
        _warn(obj, "no --base-url: the ClaimReviews have no url (fact-check aggregators want one).")
    _write_output(render(run, fmt, trails, options), output)
    if fail_on is None:
        return
    labels = [Label.CONTRADICTED] + ([Label.UNVERIFIED] if fail_on == "unverified" else [])
    hits = flagged(items(run, trails), set(labels))
    if hits:
        if not obj.quiet:
            ids = ", ".join(it.verdict.claim_id for it in hits)
            click.echo(f"Found {len(hits)} claim(s) labelled "
                       f"{' or '.join(label.value for label in labels)}: {safe_text(ids)}", err=True)
        sys.exit(EXIT_FINDINGS)


def _default_editor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


@cli.command("review")
@click.argument("run_path", metavar="RUN.jsonl", type=click.Path(dir_okay=False))
@click.option("--claim", "claim_id", help="The claim id to review (see --list).")
@click.option("--set", "label", type=click.Choice(_LABELS),
              help="The editor's verdict; setting the machine's label confirms it.")
@click.option("--note", default=None, help="Why (required with --set; kept in the audit trail).")
@click.option("--editor", envvar="VERIFIER_EDITOR",
              help="Who signs off (default: $VERIFIER_EDITOR, else the login name).")
@click.option("--list", "list_", is_flag=True, help="List every claim with its machine and editor verdicts.")
@click.pass_obj
def review_cmd(obj: Context, run_path: str, claim_id: str | None, label: str | None,
               note: str | None, editor: str | None, list_: bool) -> None:
    """Editor sign-off: override or confirm a verdict, list the claims, or show a claim's trail.

    Decisions are appended to RUN.jsonl.reviews.sqlite beside the run, with who, when (UTC),
    the label before and after, and the note; the machine verdict in the run file is never
    changed, and nothing is ever overwritten. Reports show the latest decision per claim.

    \b
    Examples:
      verifier review run.jsonl --list
      verifier review run.jsonl --claim ua-014 --set contradicted --note "Mission site: first deputy"
      verifier review run.jsonl --claim ua-014          (the claim's audit trail)

    \b
    Exit codes: 0 ok; 1 runtime error (bad run file or review store, V015);
    2 usage error (unknown claim id, missing --note).
    """
    from verifier.report import ReviewStore, items, read_run
    from verifier.types import Label

    if list_ and (claim_id or label):
        raise click.UsageError("--list shows every claim; leave out --claim and --set.")
    if not list_ and not claim_id:
        raise click.UsageError("give --claim ID (with --set to decide), or --list.")
    if label is None and note is not None:  # (--editor may come from $VERIFIER_EDITOR: ignored)
        raise click.UsageError("--note goes with --set.")
    run = read_run(run_path)
    for warning in run.warnings:
        _warn(obj, warning)
    store = ReviewStore.for_run(run_path)
    if label is not None:
        if note is None:
            raise click.UsageError('--set needs --note "..." saying why (it goes into the audit trail).')
        who = editor if editor is not None else _default_editor()
        review = store.add(run, claim_id, Label(label), note=note, editor=who)
        machine = next(v.label for v in run.verdicts if v.claim_id == claim_id)
        action = "confirmed" if review.after == review.before else "changed"
        click.echo(f"{safe_text(claim_id)}: {action} {review.before.value} -> {review.after.value} "
                   f"by {safe_text(review.editor)} at {review.at} (machine verdict: {machine.value}).",
                   err=True)
        return
    all_items = items(run, store.trails())
    if list_:
        click.echo("claim_id\tmachine\teditor\treviews\tclaim")
        for it in all_items:
            editor_label = it.trail[-1].after.value if it.trail else "-"
            click.echo(f"{safe_text(it.verdict.claim_id)}\t{it.verdict.label.value}\t{editor_label}"
                       f"\t{len(it.trail)}\t{safe_text(it.verdict.claim)}")
        return
    match = [it for it in all_items if it.verdict.claim_id == claim_id]
    if not match:
        raise InputError(f"claim id {claim_id!r} is not in {run_path}.",
                         hint=f"List the ids with: verifier review {run_path} --list", code="V007")
    it = match[0]
    click.echo(f"{safe_text(it.verdict.claim_id)}: {safe_text(it.verdict.claim)}")
    click.echo(f"machine verdict: {it.verdict.label.value} ({round(it.verdict.confidence * 100)}%)")
    click.echo(f"final verdict: {it.final.value}")
    for r in it.trail:
        click.echo(f"{r.at}\t{safe_text(r.editor)}\t{r.before.value} -> {r.after.value}\t{safe_text(r.note)}")
