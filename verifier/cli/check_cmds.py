"""`verifier check` and `verifier eval`: verify an article, a claim file or one claim."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from verifier.cli import EXIT_FINDINGS, Context, cli, echo_json, safe_text
from verifier.config import DEFAULT_INDEX_DIR
from verifier.errors import InputError

FORMATS = ["jsonl", "json", "md", "html", "claimreview"]


def _load_claims(input_path: str | None, text: str | None, kind: str, date: str | None,
                 evidence: str | None, skip_bad: bool):
    """(claims, article text or None, input description) from the command's options."""
    from verifier.claims import detect_input_kind, extract_claims, read_claim_file
    from verifier.types import Claim

    if text is not None and input_path is not None:
        raise InputError("give either INPUT or --text, not both.", code="V007")
    if text is None and input_path is None:
        raise InputError("nothing to check.", code="V007",
                         hint="Give an article or claim file (verifier check FILE) or one claim (--text \"...\").")
    if date is not None:
        from verifier.claims.dates import to_date

        to_date(date)  # V007 at once, not after the models and the index are loaded
    article = None
    if text is not None:
        if not text.strip():
            raise InputError("--text is empty.", code="V005", hint="Give the claim to check.")
        claims = [Claim(id="claim-1", text=text.strip(), date=date)]
        desc = "--text"
    else:
        path = Path(input_path)
        from verifier.index.ingest import ARTICLE_FORMATS, read_article

        formatted = path.suffix.lower() in ARTICLE_FORMATS
        kind = kind if kind != "auto" else ("article" if formatted else detect_input_kind(path))
        if kind == "article":
            if formatted:  # a Word draft, a PDF or a saved web page: its text, and its date
                read = read_article(path)
                article, date = read.text, date or read.published or None
                for warning in read.warnings:
                    click.echo(f"Warning: {safe_text(f'{path}: {warning}')}", err=True)
            else:
                try:
                    article = path.read_text(encoding="utf-8")
                except UnicodeDecodeError as exc:
                    raise InputError(f"{path}: not UTF-8 text (byte {exc.start}).", code="V002",
                                     hint="Convert it first, e.g. iconv -f latin1 -t utf-8.") from exc
                except OSError as exc:
                    raise InputError(f"{path}: cannot read ({exc.strerror}).", code="V001") from exc
            extraction = extract_claims(article, date=date, path=str(path))
            if formatted and extraction.article_date is None:
                click.echo(f"Warning: {safe_text(str(path))}: no date for the article (none in its document "
                           "properties or its first lines), so relative dates ('on Tuesday') are not "
                           "anchored. Give one with --date YYYY-MM-DD.", err=True)
            claims = list(extraction.claims)
            if not claims:
                raise InputError(f"{path}: no checkable claims found in the article.", code="V005",
                                 hint="Run `verifier extract --explain` to see why each sentence was dropped.")
        else:
            claims, problems = read_claim_file(path, skip_bad=skip_bad)
            for p in problems:
                click.echo(f"skipped {safe_text(str(p))}", err=True)
            if date:
                claims = [c if c.date else c.model_copy(update={"date": date}) for c in claims]
        desc = str(path)
    if evidence is not None:
        ev_path = Path(evidence)
        try:
            ev_text = ev_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{ev_path}: cannot read the evidence file as UTF-8 text.", code="V001") from exc
        claims = [c.model_copy(update={"evidence": ev_text}) for c in claims]
    return claims, article, desc


def _write_atomic(path: Path, text: str) -> None:
    """Write a report whole or not at all: a crash never leaves half a report behind."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write the report ({exc.strerror}).", code="V001") from exc


def _progress(obj: Context, total: int):
    show = not obj.quiet and sys.stderr.isatty()
    return click.progressbar(length=total, label="verifying", file=sys.stderr) if show else None


@cli.command("check")
@click.argument("input_path", required=False, metavar="INPUT")
@click.option("--text", help="Check this one claim instead of a file.")
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True,
              help="Index folder (built with `verifier index build`).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write here instead of stdout.")
@click.option("--run", "run_path", type=click.Path(dir_okay=False),
              help="Also save the run (JSONL) here, for `verifier report` and `verifier review`.")
@click.option("--input-kind", "kind", type=click.Choice(["auto", "article", "claims"]), default="auto",
              show_default=True, help="Force how INPUT is read.")
@click.option("--date", help="Anchor date YYYY-MM-DD for relative dates (default: from the article's "
                             "document properties or its first lines).")
@click.option("--evidence", type=click.Path(dir_okay=False),
              help="Judge every claim against this text file alone (no index).")
@click.option("--skip-bad", is_flag=True, help="Verify the good lines of a claim file and list the bad ones.")
@click.option("--resume", is_flag=True, help="With -o RUN.jsonl: skip claims already in the file.")
@click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True)
@click.option("--address", help="Ray cluster address (with --engine ray); default: start a local one.")
@click.option("--fail-on", type=click.Choice(["contradicted", "unverified"]),
              help="Exit 3 when any claim gets this label (unverified implies contradicted too).")
@click.pass_obj
def check_cmd(obj: Context, input_path, text, index_dir, fmt, output, run_path, kind, date, evidence,
              skip_bad, resume, engine, address, fail_on):
    """Verify an article, a claim file (JSONL, CSV, text) or one claim (--text).

    \b
    Each claim is labelled supported, contradicted or unverified, with a confidence, a
    reason, a rationale and the evidence quote (with its page, for a PDF) that decided it.
    An article may be text, Markdown, a Word draft (.docx), a PDF or a saved web page; its
    date comes from --date, else the file's properties, else its first lines.
    Examples:
      verifier check claims/ukraine-2022-04-26.article.txt --format html -o report.html
      verifier check claims/ukraine-2022-04-26.claims.jsonl -o run.jsonl
      verifier check --text "More than 2,660 civilians have been killed in Ukraine."
    Exit codes: 0 ok, 1 runtime error, 2 bad input, 3 --fail-on label found.
    """
    from verifier.engines.local import run_local
    from verifier.report import render
    from verifier.report.runfile import RunFile, RunWriter
    from verifier.session import make_verifier, run_record, run_record_from_files

    claims, article, desc = _load_claims(input_path, text, kind, date, evidence, skip_bad)
    if resume and not (output and fmt == "jsonl"):
        raise InputError("--resume needs -o RUN.jsonl with --format jsonl.", code="V007")
    config = obj.config()
    need_index = any(c.evidence is None for c in claims)
    if engine == "ray":  # the workers load the models; the driver only describes them
        record = run_record_from_files(index_dir, config, desc, article, input_path or "", need_index)
    else:
        verifier = make_verifier(index_dir, config.model_dump(mode="json"), need_index)
        record = run_record(verifier, config, desc, article, input_path or "")

    writers = []
    if fmt == "jsonl" and output:
        writers.append(RunWriter(output, record, resume=resume))
    if run_path:
        writers.append(RunWriter(run_path, record, resume=resume))
    for w in writers:
        for warning in w.warnings:
            click.echo(f"warning: {safe_text(warning)}", err=True)
    done = writers[0].completed if writers and resume else set()
    todo = [c for c in claims if c.id not in done]
    if engine == "ray":
        import functools

        from verifier.engines.ray_engine import run_ray

        factory = functools.partial(make_verifier, index_dir, config.model_dump(mode="json"), need_index)
        stream = run_ray(todo, factory, address=address)
    else:
        stream = run_local(todo, lambda: verifier)
    if fmt == "jsonl" and not output:
        click.echo('{"run": ' + record.model_dump_json() + "}")
    bar = _progress(obj, len(todo))
    verdicts, labels = [], set()  # jsonl streams: keep only the labels seen, not the verdicts
    try:
        for verdict in stream:
            for w in writers:
                w.write(verdict)
            if fmt == "jsonl" and not output:
                click.echo(verdict.model_dump_json())
            if fmt != "jsonl":
                verdicts.append(verdict)
            labels.add(verdict.label.value)
            if bar is not None:
                bar.update(1)
    finally:
        for w in writers:
            w.close()
        if bar is not None:
            bar.render_finish()
    if fmt != "jsonl":
        rendered = render(RunFile(record=record, verdicts=tuple(verdicts)), fmt)
        if output:
            _write_atomic(Path(output), rendered)
        else:
            click.echo(rendered)
    if output and not obj.quiet:
        click.echo(f"wrote {output}", err=True)
    if fail_on:
        bad = {"contradicted"} if fail_on == "contradicted" else {"contradicted", "unverified"}
        if labels & bad:
            sys.exit(EXIT_FINDINGS)


@cli.command("eval")
@click.argument("labelled", type=click.Path(dir_okay=False))
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True)
@click.option("--evidence", type=click.Path(dir_okay=False), help="Judge every claim against this text alone.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Also save the run (JSONL) here.")
@click.option("--skip-bad", is_flag=True, help="Evaluate the good lines and list the bad ones.")
@click.pass_obj
def eval_cmd(obj: Context, labelled, index_dir, evidence, as_json, output, skip_bad):
    """Verify a labelled claim file and score it: macro-F1, per-label P/R/F1, confusion
    matrix, precision of "contradicted", evidence accuracy (where a claim's meta names its
    gold documents as "evidence_docs") and a confidence reliability table.

    Example: verifier eval claims/ukraine-2022-04-26.claims.jsonl
    """
    from verifier.evaluate import evaluate, format_report
    from verifier.report.runfile import RunWriter
    from verifier.session import make_verifier, run_record

    claims, _, desc = _load_claims(labelled, None, "claims", None, evidence, skip_bad)
    if not any(c.label for c in claims):
        raise InputError(f"{labelled}: no claim has a gold label.", code="V007",
                         hint='Add "label": "supported"|"contradicted"|"unverified" to each line.')
    config = obj.config()
    verifier = make_verifier(index_dir, config.model_dump(mode="json"), any(c.evidence is None for c in claims))
    bar = _progress(obj, len(claims))
    verdicts = []
    with RunWriter(output, run_record(verifier, config, desc)) if output else contextlib.nullcontext() as writer:
        for v in verifier.verify(claims):
            verdicts.append(v)
            if writer is not None:
                writer.write(v)
            if bar is not None:
                bar.update(1)
    gold_docs = {c.id: set(c.meta["evidence_docs"]) for c in claims if isinstance(c.meta.get("evidence_docs"), list)}
    rep = evaluate(verdicts, gold_docs)
    if as_json:
        echo_json(rep.model_dump(mode="json"))
    else:
        click.echo(format_report(rep))
