"""What every report format shows, computed once: each claim's final label after editor
review, the counts, the card order (contradicted first), and a flat summary of the run record."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from verifier.report.reviews import Review, Trails, final_label
from verifier.report.runfile import RunFile
from verifier.types import Label, Verdict

# Worst first: the order of sections and cards, and which colour wins on a shared sentence.
LABEL_ORDER: tuple[Label, ...] = (Label.CONTRADICTED, Label.UNVERIFIED, Label.SUPPORTED)
SYMBOL = {Label.SUPPORTED: "✔", Label.CONTRADICTED: "✖", Label.UNVERIFIED: "?"}
TITLE = {Label.SUPPORTED: "Supported", Label.CONTRADICTED: "Contradicted",
         Label.UNVERIFIED: "Unverified"}
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
# Characters a terminal or a text viewer acts on: C0 controls but tab/newline/CR, DEL, C1 controls
# (8-bit CSI...) and the bidi embedding/override/isolate controls ("trojan source" reordering).
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def inert(text: str) -> str:
    """``text`` with every control character replaced by "?" (same length, so offsets hold):
    reports printed to a terminal (no ``-o``) must not move the cursor or retitle the window."""
    return _CONTROLS.sub("?", text)
SHA_PREFIX = 12  # enough to tell model files apart at a glance; the JSON keeps the full hash


@dataclass(frozen=True)
class Item:
    """One claim as a report shows it: the machine verdict, its review trail, its final label."""

    verdict: Verdict
    trail: tuple[Review, ...]
    final: Label
    position: int  # 0-based input order

    @property
    def reviewed(self) -> bool:
        return bool(self.trail)


def items(run: RunFile, trails: Trails | None) -> list[Item]:
    """The run's claims in input order, each with its reviews and final label."""
    trails = trails or {}
    out = []
    for pos, verdict in enumerate(run.verdicts):
        trail = trails.get(verdict.claim_id, [])
        out.append(Item(verdict, tuple(trail), final_label(verdict.label, trail), pos))
    return out


def card_order(all_items: list[Item]) -> list[Item]:
    """Contradicted first, then unverified, then supported; input order within a label."""
    rank = {label: i for i, label in enumerate(LABEL_ORDER)}
    return sorted(all_items, key=lambda it: (rank[it.final], it.position))


def only_reviewed(run: RunFile, trails: Trails | None) -> RunFile:
    """The run cut down to the claims an editor has signed off (for ``--only-reviewed``)."""
    trails = trails or {}
    kept = tuple(v for v in run.verdicts if trails.get(v.claim_id))
    return run.model_copy(update={"verdicts": kept})


def flagged(all_items: list[Item], labels: set[Label]) -> list[Item]:
    """The claims whose final label (after review) is one of ``labels`` (for ``--fail-on``)."""
    return [it for it in all_items if it.final in labels]


def worst(labels: list[Label]) -> Label:
    """The label that colours a sentence several claims share: contradicted > unverified >
    supported."""
    return min(labels, key=LABEL_ORDER.index)


def counts(all_items: list[Item]) -> dict[str, Any]:
    """Claims per final label (after review), per machine label, and how many were reviewed."""
    final = {label.value: 0 for label in LABEL_ORDER}
    machine = {label.value: 0 for label in LABEL_ORDER}
    for it in all_items:
        final[it.final.value] += 1
        machine[it.verdict.label.value] += 1
    return {"total": len(all_items), "final": final, "machine": machine,
            "reviewed": sum(1 for it in all_items if it.reviewed),
            "overridden": sum(1 for it in all_items if it.final != it.verdict.label)}


def flatten(obj: Any, prefix: str = "") -> list[tuple[str, str]]:
    """``{"a": {"b": 1}}`` -> ``[("a.b", "1")]``: a config shown as key = value lines."""
    if isinstance(obj, dict):
        out: list[tuple[str, str]] = []
        for key in sorted(obj):
            out.extend(flatten(obj[key], f"{prefix}.{key}" if prefix else str(key)))
        return out
    return [(prefix, obj if isinstance(obj, str) else repr(obj))]


def record_summary(run: RunFile) -> list[tuple[str, str]]:
    """The run record as labelled lines: what produced these verdicts."""
    rec = run.record
    index = rec.index
    index_text = str(index.get("fingerprint", "(unknown)"))
    extra = ", ".join(f"{k} {index[k]}" for k in sorted(index) if k != "fingerprint")
    if extra:
        index_text += f" ({extra})"
    models = "; ".join(
        f"{m.name} sha256:{m.sha256[:SHA_PREFIX]}" + (f" [{m.backend}]" if m.backend else "")
        for m in rec.models
    ) or "(none recorded)"
    rows = [("Created", rec.created), ("Tool version", rec.tool_version),
            ("Input", rec.article_path or rec.input or "(unknown)"),
            ("Index", index_text), ("Models", models)]
    if rec.versions:
        rows.append(("Versions", ", ".join(f"{k} {v}" for k, v in sorted(rec.versions.items()))))
    return rows


def percent(confidence: float) -> str:
    return f"{round(confidence * 100)}%"


def anchor(claim_id: str) -> str:
    """A claim id as an HTML id: ``claim-`` + safe characters, plus a short hash when any
    character had to be replaced (so ``a b`` and ``a-b`` stay distinct)."""
    safe = _ID_UNSAFE.sub("-", claim_id)
    if safe != claim_id or not safe:
        safe += "-" + hashlib.sha256(claim_id.encode()).hexdigest()[:8]
    return f"claim-{safe}"
