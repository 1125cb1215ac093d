"""JSON reports: one object (``json``) or the run file again (``jsonl``).

The ``json`` object is ``{"run": RunRecord, "counts": {...}, "verdicts": [Verdict...],
"reviews": {claim_id: [Review...]}, "final": {claim_id: label}}``: verdicts stay exactly the
machine's (they parse back as ``Verdict``); editor decisions sit beside them.
"""

from __future__ import annotations

import json

from verifier.report.common import counts, items
from verifier.report.reviews import Trails
from verifier.report.runfile import RunFile


def render_json(run: RunFile, trails: Trails | None = None) -> str:
    """The whole run as one pretty-printed JSON object with counts and editor reviews."""
    all_items = items(run, trails)
    doc = {
        "run": run.record.model_dump(mode="json"),
        "counts": counts(all_items),
        "verdicts": [it.verdict.model_dump(mode="json") for it in all_items],
        "reviews": {it.verdict.claim_id: [r.model_dump(mode="json") for r in it.trail]
                    for it in all_items if it.trail},
        "final": {it.verdict.claim_id: it.final.value for it in all_items},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_jsonl(run: RunFile) -> str:
    """The run file format again: the record line, then one verdict per line."""
    lines = [json.dumps({"run": run.record.model_dump(mode="json")}, ensure_ascii=False)]
    lines.extend(v.model_dump_json() for v in run.verdicts)
    return "\n".join(lines) + "\n"
