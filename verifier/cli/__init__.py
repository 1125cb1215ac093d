"""The command line: a thin layer over the library (the only place that imports click).

Each command parses options, calls one library function, renders, and maps errors to exit
codes. Exit codes: 0 ok; 1 runtime error; 2 usage/input error; 3 findings asked for with
``--fail-on`` (see README). stdout carries data; stderr carries messages and progress bars.
Heavy libraries are imported inside commands so that ``verifier --help`` is instant.
"""

from __future__ import annotations

import json
import logging

import click

from verifier import __version__
from verifier.errors import BatchInputError, VerifierError

EXIT_OK, EXIT_ERROR, EXIT_USAGE, EXIT_FINDINGS = 0, 1, 2, 3


class Context:
    """Options shared by every command (``verifier --config F --quiet --traceback CMD``)."""

    def __init__(self, config_path: str | None, quiet: bool, traceback: bool):
        self.config_path = config_path
        self.quiet = quiet
        self.traceback = traceback

    def config(self, overrides: dict | None = None):
        from verifier.config import load_config

        return load_config(self.config_path, overrides)


class VerifierGroup(click.Group):
    """Turns library errors into one ``Error: [Vxxx] ...`` line and an exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except VerifierError as exc:
            obj = ctx.obj
            if obj is not None and obj.traceback:
                raise
            click.echo(f"Error: {safe_text(str(exc))}", err=True)
            if isinstance(exc, BatchInputError):
                for problem in exc.problems[1:]:
                    click.echo(f"  {safe_text(str(problem))}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("Interrupted: nothing half-written was kept.", err=True)
            ctx.exit(130)


def safe_text(text: str) -> str:
    """Strip terminal control sequences from text that came from documents or users."""
    return "".join(ch if ch in "\n\t" or (ch.isprintable()) else "?" for ch in text)


def echo_json(obj) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@click.group(cls=VerifierGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="verifier")
@click.option("--config", "config_path", type=click.Path(dir_okay=False),
              envvar="VERIFIER_CONFIG", help="TOML or JSON config file (defaults < file < env < flags).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bars or notes on stderr.")
@click.option("--traceback", is_flag=True, help="Show the Python traceback of an error (for bug reports).")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, quiet: bool, traceback: bool) -> None:
    """Offline fact-checking of news claims against a reference index.

    \b
    Pipeline: claims -> index -> evidence -> checks -> verdict -> report.
    Start with:  verifier index build index/corpora/ukraine-2022-04-26
                 verifier check claims/ukraine-2022-04-26.article.txt --format html -o report.html
    """
    ctx.obj = Context(config_path, quiet, traceback)


@cli.command("config")
@click.pass_obj
def config_cmd(obj: Context) -> None:
    """Print the resolved configuration (defaults < file < environment) as JSON."""
    echo_json(obj.config().model_dump(mode="json"))


def _register() -> None:
    # Command modules register themselves on `cli`; imported here so the group is complete.
    from verifier.cli import index_cmds  # noqa: F401
    from verifier.cli import check_cmds  # noqa: F401
    from verifier.cli import report_cmds  # noqa: F401
    from verifier.cli import claims_cmds  # noqa: F401
    from verifier.cli import serve_cmds  # noqa: F401


_register()


class _StderrWarnings(logging.Handler):
    """Library warnings as one inert ``Warning:`` line each on stderr; none with --quiet.
    (Without a handler, logging's last resort prints them raw: a file name holding an escape
    sequence would reach the terminal.)"""

    def emit(self, record: logging.LogRecord) -> None:
        ctx = click.get_current_context(silent=True)
        obj = ctx.find_object(Context) if ctx is not None else None
        if obj is not None and obj.quiet:
            return
        click.echo(f"Warning: {safe_text(record.getMessage())}", err=True)


def main() -> None:
    logger = logging.getLogger("verifier")
    logger.addHandler(_StderrWarnings(logging.WARNING))
    logger.propagate = False
    cli(prog_name="verifier")
