"""`verifier serve`: the editor's desk in a browser and the HTTP API, models loaded once."""

from __future__ import annotations

import getpass
from pathlib import Path

import click

from verifier.cli import Context, cli, safe_text
from verifier.config import DEFAULT_INDEX_DIR
from verifier.errors import InputError

# A token an attacker could guess is no protection: secrets.token_urlsafe(16) makes 22 characters.
MIN_TOKEN_CHARS = 16


def _default_editor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "editor"


@cli.command("serve")
@click.option("--index", "index_dir", default=str(DEFAULT_INDEX_DIR), show_default=True,
              help="Index folder (built with `verifier index build`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; anything but loopback needs --token.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port (0: a free one, printed at start).")
@click.option("--runs", "runs_dir", type=click.Path(file_okay=False),
              help="Folder of the runs (run files `verifier report` reads) [default: runs/ beside the index].")
@click.option("--token", envvar="VERIFIER_TOKEN",
              help="Every request must carry it (Authorization: Bearer, or the sign-in page's "
                   f"cookie); at least {MIN_TOKEN_CHARS} characters. Default: $VERIFIER_TOKEN.")
@click.option("--editor", envvar="VERIFIER_EDITOR",
              help="Who signs off when a review names no one (default: $VERIFIER_EDITOR, else "
                   "the login name); the desk's 'signing off as' field overrides it per browser.")
@click.option("--max-body-kb", default=2048, show_default=True, type=click.IntRange(1, 1024 * 1024),
              help="Largest request body accepted (an article, an upload); larger gets 413.")
@click.option("--access-log/--no-access-log", default=True, show_default=True,
              help="One line per request on stderr.")
@click.pass_obj
def serve_cmd(obj: Context, index_dir: str, host: str, port: int, runs_dir: str | None,
              token: str | None, editor: str | None, max_body_kb: int, access_log: bool) -> None:
    """Serve the editor's desk and the HTTP API: paste or upload an article, watch the
    verdicts arrive, sign them off, export the report.

    \b
    Runs are kept as run files (`verifier report` and `verifier review` read them, and a run
    file put in the folder shows on the desk); a restart loses nothing and takes up a run
    that was cut short. Bound to 127.0.0.1 by default; another address needs --token.
    \b
    Examples:
      verifier serve --index index/built/default            (then open http://127.0.0.1:8000/)
      VERIFIER_TOKEN=$(python -c 'import secrets; print(secrets.token_urlsafe(24))') \\
        verifier serve --host 0.0.0.0 --port 8080
      curl -s -X POST localhost:8000/api/runs -H 'Content-Type: application/json' \\
        -d '{"text": "...", "date": "2022-04-26"}'
    \b
    Exit codes: 0 stopped (Ctrl-C, SIGTERM); 1 runtime error (no index, a model missing);
    2 usage error (another address without --token, a short token, the port taken).
    """
    from verifier.serve.app import ServeSettings, create_app
    from verifier.serve.desk import Desk
    from verifier.serve.server import bind, is_loopback, serve
    from verifier.session import make_verifier

    token = token or None
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise InputError(f"the token has {len(token)} characters; use at least {MIN_TOKEN_CHARS}.",
                         code="V007", hint="Make one with: python -c 'import secrets; "
                                           "print(secrets.token_urlsafe(24))'")
    loopback = is_loopback(host)
    if not loopback and token is None:
        raise InputError(f"--host {host} serves the desk beyond this machine: give --token "
                         "(or $VERIFIER_TOKEN) so that every request must carry it.", code="V007",
                         hint="Or serve on 127.0.0.1 (the default) and reach it through SSH.")
    sock = bind(host, port)  # a taken port fails now, before the models load
    try:
        config = obj.config()
        verifier = make_verifier(index_dir, config.model_dump(mode="json"))
        runs = Path(runs_dir) if runs_dir else Path(index_dir).resolve().parent / "runs"
        desk = Desk(verifier, config, runs, editor=editor or _default_editor())
        resumed = desk.start()
    except BaseException:
        sock.close()
        raise
    settings = ServeSettings(token=token, loopback_only=loopback, max_body_bytes=max_body_kb * 1024)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    if not obj.quiet:
        if resumed:
            click.echo(f"Taking up {len(resumed)} unfinished run(s): {', '.join(resumed)}", err=True)
        click.echo(f"Serving the editor's desk on http://{shown}:{bound_port}/ "
                   f"(index {safe_text(str(index_dir))}, runs in {safe_text(str(runs))}"
                   f"{', token required' if token else ''}); Ctrl-C stops.", err=True)
    serve(create_app(desk, settings), sock, desk, access_log=access_log and not obj.quiet)
