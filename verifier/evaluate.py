"""Evaluation of verdicts against gold labels: macro-F1, per-label precision/recall/F1, the
confusion matrix, precision of "contradicted" (the number editors care most about), evidence
accuracy where gold evidence is known, and a reliability table for the confidences.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict

from verifier.types import Label, Verdict

LABELS = [Label.SUPPORTED, Label.CONTRADICTED, Label.UNVERIFIED]


class LabelScores(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    precision: float
    recall: float
    f1: float
    support: int


class ReliabilityBin(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    lo: float
    hi: float
    count: int
    mean_confidence: float
    accuracy: float


class EvalReport(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    n: int
    accuracy: float
    macro_f1: float
    per_label: dict[str, LabelScores]
    confusion: dict[str, dict[str, int]]  # gold -> predicted -> count
    contradicted_precision: float
    evidence_accuracy: float | None  # share of correct verdicts whose deciding doc is the gold doc
    evidence_n: int
    reliability: list[ReliabilityBin]
    expected_calibration_error: float
    errors: list[dict[str, str]]  # claim id, gold, predicted, reason


def _safe_div(a: float, b: float) -> float:
    return a / b if b else 0.0


def evaluate(verdicts: Iterable[Verdict], gold_docs: dict[str, set[str]] | None = None,
             bins: int = 5) -> EvalReport:
    """Score verdicts that carry ``gold``; ``gold_docs`` maps claim id -> acceptable doc ids."""
    rows = [v for v in verdicts if v.gold is not None]
    confusion = {g.value: {p.value: 0 for p in LABELS} for g in LABELS}
    for v in rows:
        confusion[v.gold.value][v.label.value] += 1
    per_label = {}
    for lab in LABELS:
        tp = confusion[lab.value][lab.value]
        pred = sum(confusion[g.value][lab.value] for g in LABELS)
        gold = sum(confusion[lab.value].values())
        p, r = _safe_div(tp, pred), _safe_div(tp, gold)
        per_label[lab.value] = LabelScores(precision=p, recall=r, f1=_safe_div(2 * p * r, p + r), support=gold)
    present = [lab.value for lab in LABELS if per_label[lab.value].support]
    macro = _safe_div(sum(per_label[k].f1 for k in present), len(present))
    correct = [v for v in rows if v.label == v.gold]
    ev_hits = ev_n = 0
    if gold_docs:
        for v in correct:
            if v.claim_id in gold_docs and v.label != Label.UNVERIFIED:
                ev_n += 1
                ev_hits += bool(v.evidence and v.evidence[0].doc_id in gold_docs[v.claim_id])
    reliability, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [v for v in rows if lo <= v.confidence < hi or (b == bins - 1 and v.confidence == 1.0)]
        if inside:
            mc = sum(v.confidence for v in inside) / len(inside)
            acc = sum(v.label == v.gold for v in inside) / len(inside)
            ece += len(inside) / len(rows) * abs(mc - acc)
            reliability.append(ReliabilityBin(lo=lo, hi=hi, count=len(inside), mean_confidence=mc, accuracy=acc))
    return EvalReport(
        n=len(rows), accuracy=_safe_div(len(correct), len(rows)), macro_f1=macro, per_label=per_label,
        confusion=confusion, contradicted_precision=per_label["contradicted"].precision,
        evidence_accuracy=_safe_div(ev_hits, ev_n) if ev_n else None, evidence_n=ev_n,
        reliability=reliability, expected_calibration_error=ece,
        errors=[{"id": v.claim_id, "gold": v.gold.value, "predicted": v.label.value, "reason": v.reason.value,
                 "claim": v.claim} for v in rows if v.label != v.gold],
    )


def format_report(rep: EvalReport) -> str:
    """A plain-text table for people (stderr/stdout without --json)."""
    lines = [f"claims: {rep.n}   accuracy: {rep.accuracy:.3f}   macro-F1: {rep.macro_f1:.3f}   "
             f"precision(contradicted): {rep.contradicted_precision:.3f}"]
    lines.append(f"{'label':<14}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}")
    for k, s in rep.per_label.items():
        lines.append(f"{k:<14}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.support:>6}")
    lines.append("confusion (rows gold, columns predicted): " + "  ".join(
        f"{g}: " + "/".join(str(rep.confusion[g][p]) for p in rep.confusion[g]) for g in rep.confusion))
    if rep.evidence_accuracy is not None:
        lines.append(f"deciding evidence is the gold document: {rep.evidence_accuracy:.3f} (n={rep.evidence_n})")
    lines.append("reliability: " + "  ".join(
        f"[{b.lo:.1f},{b.hi:.1f}) n={b.count} conf={b.mean_confidence:.2f} acc={b.accuracy:.2f}" for b in rep.reliability)
        + f"   ECE={rep.expected_calibration_error:.3f}")
    for e in rep.errors:
        lines.append(f"  {e['id']}: gold {e['gold']}, got {e['predicted']} ({e['reason']}): {e['claim']}")
    return "\n".join(lines)
