"""The desk's HTML: Jinja2 templates (``templates/``) around the report's own article and card
markup, so a run's page shows what ``verifier report --format html`` shows, plus the editor's
controls.

Inert text: templates autoescape, and every string is first stripped of control characters
(``report.common.inert``): the escaping rules of ``verifier/report/html.py``. The article, the
cards (with each quote's source, and its page for a PDF) and their audit trails come from
that module's renderers (one markup for the report and the desk), which escape every string
themselves. The pages carry no inline script or style: the server's Content-Security-Policy
allows neither.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from verifier.report import html as report_html
from verifier.report.common import LABEL_ORDER, SYMBOL, Item, anchor, counts, inert, items
from verifier.serve.desk import RunView

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
LABELS = [label.value for label in LABEL_ORDER]
SYMBOL_OF = {label.value: SYMBOL[label] for label in LABEL_ORDER}


def _finalize(value: Any) -> Any:
    from markupsafe import Markup

    if isinstance(value, str) and not isinstance(value, Markup):
        return inert(value)
    return value


@functools.cache
def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                              finalize=_finalize, undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True)


def _render(template: str, **context: Any) -> str:
    return _env().get_template(template).render(labels=LABELS, symbol_of=SYMBOL_OF, **context)


def _trusted(text: str):
    """HTML made by ``verifier.report.html``, which escaped every string in it."""
    from markupsafe import Markup

    return Markup(text)


def report_css() -> str:
    """The report's stylesheet, served as a file (the pages allow no inline style)."""
    return report_html.CSS


def summary(view: RunView) -> dict[str, Any]:
    """A run's line in the desk's list, and the counts on its page (final labels, after review)."""
    c = counts(items(view.run, view.trails) if view.run is not None else [])
    created = (view.meta.created if view.meta is not None
               else view.run.record.created if view.run is not None else "")
    return {"id": view.id, "title": view.title, "status": view.status, "error": view.error,
            "created": created, "done": c["total"], "total": view.total, "final": c["final"],
            "reviewed": c["reviewed"], "overridden": c["overridden"]}


def status_text(view: RunView) -> str:
    done = len(view.verdicts)
    if view.status == "queued":
        return "Queued: it starts when the run before it is done."
    if view.status == "running":
        if view.total is None:
            return "Reading the article's claims…"
        return f"Verifying: {done} of {view.total} claims decided…"
    if view.status == "failed":
        return f"Failed after {done} verdicts: {view.error}"
    return f"Done: {done} claims."


@dataclass(frozen=True)
class _Claims:
    items: list[Item]
    article_html: str  # the article with its highlights, or a claim table for a claim file
    hl_of: dict[str, int]  # claim id -> number of its highlight in the article
    has_article: bool


def _claims(view: RunView) -> _Claims:
    all_items = items(view.run, view.trails) if view.run is not None else []
    if view.run is not None:
        article = view.run.record.article
    else:  # not started yet: the text as given
        article = view.meta.text if view.meta is not None else ""
    if article is None:
        return _Claims(all_items, report_html.summary_table(all_items), {}, False)
    groups = report_html.highlight_groups(article, all_items)
    hl_of = {it.verdict.claim_id: n for n, g in enumerate(groups, start=1) for it in g.members}
    return _Claims(all_items, report_html.render_article(article, groups), hl_of, True)


def _claim_html(run_id: str, it: Item, claims: _Claims) -> str:
    """One claim: the report's card and the editor's controls."""
    card = report_html.render_card(it, claims.hl_of, claims.has_article)
    return _render("claim.html", run_id=run_id, it=it, anchor=anchor(it.verdict.claim_id),
                   card=_trusted(card))


def run_page(view: RunView, editor: str) -> str:
    claims = _claims(view)
    record = report_html.record_summary(view.run) if view.run is not None else []
    return _render("run.html", view=view, s=summary(view), editor=editor,
                   status_text=status_text(view), record=record,
                   article=_trusted(claims.article_html), has_article=claims.has_article,
                   claims=[_trusted(_claim_html(view.id, it, claims)) for it in claims.items])


def live_update(view: RunView, after: int) -> dict[str, Any]:
    """What the run page's event stream sends: the claims decided after the first ``after``,
    the article with every highlight so far, the counts and the state."""
    claims = _claims(view)
    return {"status": view.status, "status_text": status_text(view), "summary": summary(view),
            "article": claims.article_html,
            "claims": [{"anchor": anchor(it.verdict.claim_id), "html": _claim_html(view.id, it, claims)}
                       for it in claims.items[after:]]}


def claim_fragment(view: RunView, claim_id: str) -> str | None:
    """One claim's HTML after a sign-off (the page swaps it in), or None for an unknown id."""
    claims = _claims(view)
    for it in claims.items:
        if it.verdict.claim_id == claim_id:
            return _claim_html(view.id, it, claims)
    return None


def desk_page(views: list[RunView], editor: str, info: dict[str, Any], *, error: str = "",
              form: dict[str, str] | None = None) -> str:
    return _render("desk.html", runs=[summary(v) for v in views], editor=editor, info=info,
                   error=error, form=form or {})


def login_page(next_url: str, error: str = "") -> str:
    return _render("login.html", next_url=next_url, error=error)


def error_page(status: int, message: str) -> str:
    return _render("error.html", status=status, message=message)
