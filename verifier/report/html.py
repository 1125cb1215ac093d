"""HTML report: one self-contained page an editor opens in a browser, prints, or reads on a phone.

Top: counts by verdict and the run record. Body: the article with each claim's sentence
highlighted in its verdict's colour plus a symbol (✔ supported, ✖ contradicted, ? unverified,
so it reads without colour), linked to the claim's card; a claim file (no article) gets a table
instead. Cards, contradicted first: verdict, confidence, reason, rationale, evidence quote with
its document, other evidence considered, and the editor's review with its audit trail.

Safety: every string from an article, claim, document or editor goes through ``esc`` (HTML
escaping with quotes), ids through ``anchor``, links only for http(s) URLs. A Content Security
Policy allows no network fetch and only the page's own script (by hash), so even a missed
escape could not run injected code or load anything.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass

from verifier.report.common import (
    LABEL_ORDER, SYMBOL, TITLE, Item, anchor, card_order, counts, flatten, inert, items, percent,
    record_summary, worst,
)
from verifier.report.reviews import Trails
from verifier.report.runfile import RunFile
from verifier.types import Evidence, Label

_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")

# The report's stylesheet; the desk (verifier.serve) serves it as a file for its run pages.
CSS = """
:root{--ok:#1a7f37;--ok-bg:#dafbe1;--bad:#cf222e;--bad-bg:#ffebe9;--unk:#9a6700;--unk-bg:#fff8c5;
--ink:#1f2328;--mute:#59636e;--line:#d1d9e0}
*{box-sizing:border-box}
body{margin:0;font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
background:#fff}
header,main{max-width:1400px;margin:0 auto;padding:0 1rem}
h1{font-size:1.5rem;margin:1rem 0 .5rem}
h2{font-size:1.2rem;margin:1.2rem 0 .5rem}
h3{font-size:1.05rem;margin:.2rem 0 .4rem}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;margin:.5rem 0}
.badge{display:inline-block;padding:.1rem .5rem;border-radius:1rem;font-weight:600;
border:1px solid currentColor}
.v-supported{--c:var(--ok);--bg:var(--ok-bg)}
.v-contradicted{--c:var(--bad);--bg:var(--bad-bg)}
.v-unverified{--c:var(--unk);--bg:var(--unk-bg)}
.badge,.tag{color:var(--c);background:var(--bg)}
dl.record{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem 1rem;margin:.5rem 0;
font-size:.9rem}
dl.record dt{font-weight:600}
dl.record dd{margin:0;overflow-wrap:anywhere}
.filters{display:flex;flex-wrap:wrap;gap:.4rem;margin:.8rem 0}
.filters button{font:inherit;padding:.3rem .8rem;border-radius:.4rem;border:1px solid var(--line);
background:#f6f8fa;cursor:pointer}
.filters button[aria-pressed=true]{background:var(--ink);color:#fff}
.article-text{white-space:pre-wrap;overflow-wrap:anywhere}
mark.hl{background:var(--bg);color:inherit;border-bottom:3px solid var(--c);padding:0 .1rem;
-webkit-print-color-adjust:exact;print-color-adjust:exact}
.tags{font-size:.8rem}
.tag{display:inline-block;white-space:nowrap;text-decoration:none;padding:0 .3rem;margin-left:.15rem;
border-radius:.3rem;font-weight:600;
border:1px solid var(--c)}
.card{border:1px solid var(--line);border-left:6px solid var(--c);border-radius:.4rem;
padding:.6rem .9rem;margin:0 0 .8rem;break-inside:avoid}
.card:target,mark.hl:target{outline:3px solid var(--c);outline-offset:2px}
.card dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:.1rem .8rem;margin:.3rem 0}
.card dt{font-weight:600;color:var(--mute)}
.card dd{margin:0;overflow-wrap:anywhere}
figure{margin:.4rem 0 .8rem}
blockquote{overflow-wrap:anywhere;margin:.4rem 0;padding:.3rem .8rem;border-left:3px solid var(--line);
background:#f6f8fa}
blockquote mark{background:#fff1a8;color:inherit}
.source{font-size:.9rem;color:var(--mute);overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border:1px solid var(--line);padding:.2rem .4rem;text-align:left;vertical-align:top;
overflow-wrap:anywhere}
.scroll{overflow-x:auto;max-width:100%}
.review{background:#f6f8fa;border-radius:.3rem;padding:.3rem .6rem;margin-top:.5rem}
.muted{color:var(--mute)}
[hidden]{display:none!important}
@media (min-width:1000px){
.layout{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1.5rem;align-items:start}
.layout>.article{position:sticky;top:0;max-height:100vh;overflow:auto}
table.checks td:first-child,table.checks td:nth-child(2){white-space:nowrap}
}
@media print{
body{font-size:11pt}
.filters{display:none}
.layout{display:block}
.layout>.article{position:static;max-height:none;overflow:visible}
a{color:inherit;text-decoration:none}
.card{page-break-inside:avoid}
}
"""

# The filter: show only the cards (and summary rows) whose final label was chosen.
_JS = (
    "document.querySelectorAll('[data-filter]').forEach(function(b){"
    "b.addEventListener('click',function(){var f=b.getAttribute('data-filter');"
    "document.querySelectorAll('.filterable').forEach(function(e){"
    "e.hidden=f!=='all'&&e.getAttribute('data-label')!==f;});"
    "document.querySelectorAll('[data-filter]').forEach(function(o){"
    "o.setAttribute('aria-pressed',String(o===b));});});});"
)


def esc(text: object) -> str:
    """Text from articles, documents, claims or editors, made inert for HTML (quotes too)."""
    return html.escape(inert(str(text)), quote=True)


def _link(url: str, text: str) -> str:
    if _SAFE_URL.match(url):
        return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def _label_badge(label: Label, extra: str = "") -> str:
    return (f'<span class="badge v-{label.value}">{SYMBOL[label]} {TITLE[label]}{extra}</span>')


# --------------------------------------------------------------------------- article


@dataclass
class Group:
    """Claims whose sentence spans overlap: highlighted once, coloured by the worst label."""

    start: int
    end: int
    members: list[Item]


def highlight_groups(article: str, all_items: list[Item]) -> list[Group]:
    """Merge overlapping spans of claims located in the article, in article order."""
    located = [it for it in all_items if it.verdict.span is not None
               and 0 <= it.verdict.span.start < it.verdict.span.end <= len(article)]
    located.sort(key=lambda it: (it.verdict.span.start, it.verdict.span.end, it.position))
    groups: list[Group] = []
    for it in located:
        span = it.verdict.span
        if groups and span.start < groups[-1].end:
            groups[-1].end = max(groups[-1].end, span.end)
            groups[-1].members.append(it)
        else:
            groups.append(Group(span.start, span.end, [it]))
    return groups


def render_article(article: str, groups: list[Group]) -> str:
    """The article as escaped text with each group highlighted and tagged with its claims'
    links (the report's left column; the desk's run page too)."""
    out, pos = [], 0
    for n, g in enumerate(groups, start=1):
        label = worst([it.final for it in g.members])
        ids = " ".join(anchor(it.verdict.claim_id) for it in g.members)
        tags = "".join(
            f'<a class="tag v-{it.final.value}" href="#{anchor(it.verdict.claim_id)}" '
            f'title="{esc(TITLE[it.final])}: {esc(it.verdict.claim)}">'
            f'{SYMBOL[it.final]}&nbsp;{esc(it.verdict.claim_id)}</a>'
            for it in g.members)
        out.append(esc(article[pos:g.start]))
        out.append(
            f'<mark class="hl v-{label.value}" id="hl-{n}" data-label="{label.value}" '
            f'data-start="{g.start}" data-end="{g.end}" data-claims="{ids}">'
            f'{esc(article[g.start:g.end])}</mark><span class="tags">{tags}</span>')
        pos = g.end
    out.append(esc(article[pos:]))
    return "".join(out)


def summary_table(ordered: list[Item]) -> str:
    """A table of claims, for a run without an article (a claim file)."""
    rows = "".join(
        f'<tr class="filterable" data-label="{it.final.value}">'
        f'<td><a href="#{anchor(it.verdict.claim_id)}">{esc(it.verdict.claim_id)}</a></td>'
        f'<td>{esc(it.verdict.claim)}</td><td>{_label_badge(it.final)}</td>'
        f'<td>{percent(it.verdict.confidence)}</td></tr>'
        for it in ordered)
    return ('<div class="scroll"><table class="summary"><thead><tr><th>Claim id</th>'
            "<th>Claim</th><th>Verdict</th><th>Confidence</th></tr></thead>"
            f"<tbody>{rows}</tbody></table></div>")


# --------------------------------------------------------------------------- cards


def _source(ev: Evidence) -> str:
    title = esc(ev.title) if ev.title else esc(ev.doc_id)
    parts = [f"<cite>{_link(ev.url, ev.title or ev.doc_id) if ev.url else title}</cite>"]
    parts += [esc(p) for p in (ev.source, ev.published) if p]
    if ev.page is not None:
        parts.append(f"p. {ev.page}")
    parts.append(f'<span class="muted">{esc(ev.doc_id)}, characters {ev.start}–{ev.end}</span>')
    return " · ".join(parts)


def _evidence(ev: Evidence) -> str:
    out = [f'<figure class="evidence"><blockquote><mark>{esc(ev.quote)}</mark></blockquote>'
           f'<figcaption class="source">{_source(ev)}</figcaption>']
    if ev.checks or ev.stance:
        rows = "".join(
            f"<tr><td>{esc(name)}</td><td>{esc(result)}</td><td>{esc(ev.check_notes.get(name, ''))}</td></tr>"
            for name, result in sorted(ev.checks.items()))
        if ev.stance:
            stance = ", ".join(f"{esc(k)} {v:.2f}" for k, v in sorted(ev.stance.items()))
            rows += f"<tr><td>stance model</td><td colspan=\"2\">{stance}</td></tr>"
        out.append('<div class="scroll"><table class="checks"><thead><tr><th>Check</th>'
                   "<th>Result</th><th>Note</th></tr></thead>"
                   f"<tbody>{rows}</tbody></table></div>")
    out.append("</figure>")
    return "".join(out)


def _review(it: Item) -> str:
    v = it.verdict
    if not it.trail:
        return ('<section class="review"><strong>Editor review:</strong> '
                '<span class="muted">not reviewed yet</span></section>')
    last = it.trail[-1]
    rows = "".join(
        f"<tr><td>{esc(r.at)}</td><td>{esc(r.editor)}</td><td>{esc(r.before.value)}</td>"
        f"<td>{esc(r.after.value)}</td><td>{esc(r.note)}</td></tr>"
        for r in it.trail)
    return (
        '<section class="review"><strong>Editor review</strong><dl>'
        f"<dt>Machine verdict</dt><dd>{_label_badge(v.label)}</dd>"
        f"<dt>Editor verdict</dt><dd>{_label_badge(last.after)}</dd>"
        f"<dt>Note</dt><dd>{esc(last.note)}</dd>"
        f"<dt>By</dt><dd>{esc(last.editor)}, {esc(last.at)}</dd></dl>"
        f"<details><summary>Audit trail ({len(it.trail)})</summary><div class=\"scroll\"><table><thead><tr>"
        "<th>When (UTC)</th><th>Editor</th><th>Before</th><th>After</th><th>Note</th></tr>"
        f"</thead><tbody>{rows}</tbody></table></div></details></section>")


def render_card(it: Item, hl_of: dict[str, int], has_article: bool) -> str:
    """One claim's card: verdict, confidence, reason, evidence with its source (and page),
    review. ``hl_of`` maps claim ids to their highlight's number in the article."""
    v = it.verdict
    cid = anchor(v.claim_id)
    where = ""
    if v.claim_id in hl_of:
        where = f' <a class="muted" href="#hl-{hl_of[v.claim_id]}">↑ in the article</a>'
    elif has_article:
        where = ' <span class="muted">(not located in the article)</span>'
    editor = " (editor)" if it.reviewed else ""
    parts = [
        f'<article class="card filterable v-{it.final.value}" id="{cid}" data-label="{it.final.value}">',
        f"<h3>{_label_badge(it.final, editor)} <span class=\"muted\">{esc(v.claim_id)}</span></h3>",
        f'<p class="claim">{esc(v.claim)}{where}</p><dl>',
        f"<dt>Confidence</dt><dd>{percent(v.confidence)}</dd>",
        f"<dt>Reason</dt><dd>{esc(v.reason.value)}</dd>",
        f"<dt>Rationale</dt><dd>{esc(v.rationale)}</dd>",
    ]
    if v.sentence:
        parts.append(f"<dt>Sentence</dt><dd>{esc(v.sentence)}</dd>")
    parts.append("</dl>")
    if v.evidence:
        parts.append("<h4>Evidence</h4>" + "".join(_evidence(ev) for ev in v.evidence))
    else:
        parts.append('<p class="muted">No deciding evidence was found.</p>')
    if v.considered:
        parts.append(f"<details><summary>Other evidence considered ({len(v.considered)})</summary>"
                     + "".join(_evidence(ev) for ev in v.considered) + "</details>")
    parts.append(_review(it))
    parts.append("</article>")
    return "".join(parts)


# --------------------------------------------------------------------------- page


def render_html(run: RunFile, trails: Trails | None = None) -> str:
    """The report as one self-contained HTML page (inline CSS and script, no network)."""
    all_items = items(run, trails)
    c = counts(all_items)
    ordered = card_order(all_items)
    article = run.record.article
    title = run.record.article_path or run.record.input or "run"
    script_hash = base64.b64encode(hashlib.sha256(_JS.encode()).digest()).decode()
    csp = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{script_hash}'; "
           "img-src data:; base-uri 'none'; form-action 'none'")
    badges = "".join(
        f'<span class="badge v-{label.value}">{SYMBOL[label]} {c["final"][label.value]} '
        f"{label.value}</span>" for label in LABEL_ORDER)
    record = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in record_summary(run))
    config = flatten(run.record.config)
    config_html = ""
    if config:
        config_html = ("<details><summary>Configuration</summary><dl class=\"record\">"
                       + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in config)
                       + "</dl></details>")
    filters = ('<button type="button" data-filter="all" aria-pressed="true">All '
               f'({c["total"]})</button>' + "".join(
                   f'<button type="button" data-filter="{label.value}" aria-pressed="false">'
                   f'{SYMBOL[label]} {TITLE[label]} ({c["final"][label.value]})</button>'
                   for label in LABEL_ORDER))
    if article is not None:
        groups = highlight_groups(article, all_items)
        hl_of = {it.verdict.claim_id: n for n, g in enumerate(groups, start=1) for it in g.members}
        left = ('<section class="article"><h2>Article</h2>'
                f'<div class="article-text">{render_article(article, groups)}</div></section>')
    else:
        hl_of = {}
        left = f'<section class="article"><h2>Claims</h2>{summary_table(ordered)}</section>'
    cards = "".join(render_card(it, hl_of, article is not None) for it in ordered)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Claim verification report: {esc(title)}</title>"
        f"<style>{CSS}</style></head><body>"
        f"<header><h1>Claim verification report</h1>"
        f'<p class="muted">{esc(title)}</p>'
        f'<div class="counts"><strong>{c["total"]} claims</strong> {badges} '
        f'<span class="muted">{c["reviewed"]} reviewed by an editor, {c["overridden"]} changed'
        "</span></div>"
        f'<dl class="record">{record}</dl>{config_html}'
        f'<nav class="filters" aria-label="Filter by verdict">{filters}</nav></header>'
        f'<main class="layout">{left}<section class="cards"><h2>Claims, contradicted first</h2>'
        f"{cards}</section></main>"
        f"<script>{_JS}</script></body></html>\n"
    )
