"""Markdown report: the HTML report's content for a review thread or a CMS.

Every piece of claim, article and document text is escaped (``md_text``): Markdown punctuation
gets a backslash and ``& < >`` become entities, so ``<script>`` or ``[x](javascript:...)`` in a
document renders as the literal text and never as markup or a link.
"""

from __future__ import annotations

import html
import re

from verifier.report.common import (
    LABEL_ORDER, SYMBOL, TITLE, Item, card_order, counts, flatten, inert, items, percent,
    record_summary,
)
from verifier.report.reviews import Trails
from verifier.report.runfile import RunFile
from verifier.types import Evidence, Label

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~#])")
# What would start a list item, or turn the line above into a heading, at the start of a line.
_LINE_START = re.compile(r"^(\d{1,9}(?=[.)](?:\s|$))|(?=[-+](?:\s|$))|(?=[=-]+$))(.)")
_SAFE_URL = re.compile(r"^https?://[^\s<>\"'`\\]+$")


def md_text(text: str) -> str:
    """Untrusted text as inert inline Markdown: one line, specials escaped, HTML as entities."""
    one_line = " ".join(inert(text).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", one_line)
    escaped = _LINE_START.sub(r"\1\\\2", escaped)  # "- x", "1. x": not a list
    return html.escape(escaped, quote=False)


def md_url(url: str) -> str:
    """An http(s) URL as an autolink; anything else (``javascript:``...) as plain text."""
    url = inert(url)
    return f"<{url}>" if _SAFE_URL.match(url) else md_text(url)


def _label(label: Label) -> str:
    return f"{SYMBOL[label]} {TITLE[label]}"


def _source_line(ev: Evidence) -> str:
    parts = [f"*{md_text(ev.title)}*" if ev.title else md_text(ev.doc_id)]
    parts += [md_text(p) for p in (ev.source, ev.published) if p]
    line = ", ".join(parts)
    if ev.url:
        line += f" ({md_url(ev.url)})"
    page = f"p. {ev.page}, " if ev.page is not None else ""
    return line + f" ({md_text(ev.doc_id)}, {page}characters {ev.start}–{ev.end})"


def _evidence(ev: Evidence) -> list[str]:
    out = [f"Evidence: {_source_line(ev)}", "", f"> {md_text(ev.quote)}", ""]
    if ev.checks:
        checks = "; ".join(
            f"{md_text(name)}: {md_text(result)}"
            + (f" ({md_text(ev.check_notes[name])})" if ev.check_notes.get(name) else "")
            for name, result in sorted(ev.checks.items()))
        out += [f"Checks: {checks}", ""]
    if ev.stance:
        stance = ", ".join(f"{md_text(k)} {v:.2f}" for k, v in sorted(ev.stance.items()))
        out += [f"Stance model: {stance}", ""]
    return out


def _card(it: Item) -> list[str]:
    v = it.verdict
    out = [f"### {SYMBOL[it.final]} {md_text(v.claim_id)}: {md_text(v.claim)}", ""]
    out.append(f"- **Verdict:** {_label(it.final)}"
               + (" (editor)" if it.reviewed else "")
               + f"; machine verdict {_label(v.label)}, confidence {percent(v.confidence)}, "
               f"reason: {v.reason.value}")
    if v.sentence:
        out.append(f"- **In the article:** “{md_text(v.sentence)}”")
    out.append(f"- **Rationale:** {md_text(v.rationale)}")
    if it.reviewed:
        last = it.trail[-1]
        out.append(f"- **Editor:** {_label(last.after)} by {md_text(last.editor)} at "
                   f"{md_text(last.at)}: {md_text(last.note)}")
    out.append("")
    if v.evidence:
        for ev in v.evidence:
            out += _evidence(ev)
    else:
        out += ["No deciding evidence was found.", ""]
    if v.considered:
        out.append(f"Other evidence considered ({len(v.considered)}):")
        out.append("")
        out += [f"- {_source_line(ev)}: “{md_text(ev.quote)}”" for ev in v.considered]
        out.append("")
    if it.trail:
        out += ["Audit trail:", "", "| When (UTC) | Editor | Before | After | Note |",
                "|---|---|---|---|---|"]
        out += [f"| {md_text(r.at)} | {md_text(r.editor)} | {r.before.value} | {r.after.value} "
                f"| {md_text(r.note)} |" for r in it.trail]
        out.append("")
    return out


def render_markdown(run: RunFile, trails: Trails | None = None) -> str:
    """The report as Markdown: counts, run record, then one section per verdict (worst first)."""
    all_items = items(run, trails)
    c = counts(all_items)
    out = ["# Claim verification report", ""]
    tally = " · ".join(f"{SYMBOL[label]} {c['final'][label.value]} {label.value}"
                       for label in LABEL_ORDER)
    out += [f"**{c['total']} claims:** {tally} "
            f"({c['reviewed']} reviewed by an editor, {c['overridden']} changed)", ""]
    out += ["## Run", "", "| | |", "|---|---|"]
    out += [f"| {name} | {md_text(value)} |" for name, value in record_summary(run)]
    out.append("")
    config = flatten(run.record.config)
    if config:
        out += ["Configuration: " + ", ".join(f"{md_text(k)} = {md_text(v)}" for k, v in config), ""]
    ordered = card_order(all_items)
    for label in LABEL_ORDER:
        section = [it for it in ordered if it.final == label]
        if not section:
            continue
        out += [f"## {_label(label)} ({len(section)})", ""]
        for it in section:
            out += _card(it)
    return "\n".join(out).rstrip("\n") + "\n"
