"""`verifier extract`: an article in, atomic claims (JSONL) out.

A thin wrapper over ``verifier.claims.extract_claims``: claims go to stdout (or ``-o``), the
summary, notes and ``--explain`` (each dropped sentence with its reason) go to stderr.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click

from verifier.cli import Context, cli, safe_text
from verifier.errors import InputError


def _read_article(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}).", code="V002",
                         hint="Convert it first, e.g. iconv -f latin1 -t utf-8.") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}).", code="V001",
                         hint="Check the path.") from exc


def _write_atomically(path: Path, data: str) -> None:
    """Write to a temporary file beside ``path`` and rename: never a half-written output."""
    fd, tmp = tempfile.mkstemp(dir=path.parent or Path("."), prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@cli.command("extract")
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--date", default=None, metavar="YYYY-MM-DD",
              help="Article date; anchors relative dates [default: read from the article].")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the claims JSONL here instead of stdout.")
@click.option("--explain", is_flag=True, help="List each dropped sentence and why on stderr.")
@click.pass_obj
def extract_cmd(obj: Context, article: Path, date: str | None, output: Path | None, explain: bool) -> None:
    """Extract atomic, checkable claims from ARTICLE as JSONL (one claim a line).

    \b
    Each claim has a stable id, its text, the span of its source sentence in the article,
    the article date and its parsed facts (quantities, dates, entities, events, order,
    quotes). The output can be given back to `verifier check`.
    Example:  verifier extract claims/ukraine-2022-04-26.article.txt --explain -o claims.jsonl
    """
    from verifier.claims import extract_claims

    text = _read_article(article)
    if not text.strip():
        raise InputError(f"{article}: empty article.", code="V005", hint="Give a file with the article text.")
    extraction = extract_claims(text, date=date, path=str(article), config=obj.config().claims)
    lines = "".join(json.dumps(c.model_dump(mode="json", exclude_none=True), ensure_ascii=False) + "\n"
                    for c in extraction.claims)
    if output is not None:
        _write_atomically(output, lines)
    else:
        click.echo(lines, nl=False)
    if explain:
        for d in extraction.dropped:
            click.echo(f"dropped {d.span.start}:{d.span.end} [{d.reason}]: {safe_text(d.text)}", err=True)
    if not obj.quiet:
        if extraction.article_date is None:
            click.echo("note: no article date found; relative dates (Monday, last week) stay "
                       "unresolved. Pass --date YYYY-MM-DD.", err=True)
        where = f" to {output}" if output is not None else ""
        click.echo(f"extracted {len(extraction.claims)} claims{where} ({len(extraction.dropped)} "
                   f"dropped); article date {extraction.article_date or 'unknown'}", err=True)
