"""Precision and recall of extracted claims against a hand annotation (`claimtrack eval`).

A predicted claim matches a gold claim when the document and type agree and the
predicted evidence span overlaps the gold evidence sentence; when several gold
claims of that type share the sentence, the trigger breaks the tie. Matching is
one to one. Attributes (date, agent, place, modality, ordinal, and quantity
where the gold annotates it) are compared on matched pairs only. A predicted place that
lies inside the annotated one in the gazetteer's place hierarchy (the airport of a city
the gold names) refines it and counts as right. The gold format is documented in
tests/gold/README.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from pydantic import BaseModel, ValidationError

from claimtrack.arabic.normalize import normalize
from claimtrack.errors import ClaimtrackError
from claimtrack.models import CLAIM_TYPES, Claim


class GoldError(ClaimtrackError):
    """A gold annotation file cannot be read."""


class GoldClaim(BaseModel):
    """One hand-annotated claim."""

    doc: str
    type: str
    trigger: str
    evidence: str
    agent: str | None = None
    participants: list[str] = []
    place: str | None = None
    start: str | None = None
    end: str | None = None
    ordinal: int | None = None
    count: dict | None = None
    quantity: dict | None = None  # {"value", "unit", "op"}; compared only where the gold gives the key
    modality: str = "asserted"
    attributed_to: str | None = None
    note: str | None = None


class Score(BaseModel):
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        """Counts and rates."""
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


class EvalReport(BaseModel):
    """Scores per type and overall, attribute accuracy, and the errors for debugging."""

    per_type: dict[str, dict]
    overall: dict
    attribute_accuracy: dict[str, float]
    false_positives: list[dict]
    misses: list[dict]
    wrong_attributes: list[dict] = []


def load_gold(path: Path) -> list[GoldClaim]:
    """Read a gold JSONL file; a bad line is a one-line error naming it."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"Cannot read the gold file {path} ({exc}).") from exc
    out = []
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            claim = GoldClaim.model_validate(json.loads(line))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise GoldError(f"{path}, line {n}: not a gold claim ({str(exc).splitlines()[0]}).") from exc
        if claim.type not in CLAIM_TYPES:
            raise GoldError(f"{path}, line {n}: unknown claim type {claim.type!r}.")
        out.append(claim)
    return out


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


Within = Callable[[str, str], bool]  # (outer, inner) → inner lies in outer


def evaluate(gold: Sequence[GoldClaim], predicted: Sequence[Claim], texts: Mapping[str, str],
             within: Within | None = None) -> EvalReport:
    """Compare predicted claims with the gold ones (only documents in the gold count;
    `within`: the place hierarchy, so that a finer predicted place counts as right)."""
    docs = {g.doc for g in gold}
    preds = [p for p in predicted if p.doc in docs]
    spans = []
    for g in gold:
        at = texts[g.doc].find(g.evidence)
        if at < 0:
            raise GoldError(f"The gold evidence for {g.doc} ({g.evidence[:40]}…) is not in the document.")
        spans.append((at, at + len(g.evidence)))
    used: set[int] = set()
    pairs: list[tuple[GoldClaim, Claim]] = []
    unmatched_pred: list[Claim] = []
    for p in sorted(preds, key=lambda c: (c.doc, c.span[0])):
        candidates = [
            i for i, g in enumerate(gold)
            if i not in used and g.doc == p.doc and g.type == p.type and _overlap(spans[i], tuple(p.span))
        ]
        if not candidates:
            unmatched_pred.append(p)
            continue
        same_trigger = [i for i in candidates if normalize(gold[i].trigger) == normalize(p.trigger)]
        i = (same_trigger or candidates)[0]
        used.add(i)
        pairs.append((gold[i], p))
    per_type = {t: Score() for t in CLAIM_TYPES}
    for g, _ in pairs:
        per_type[g.type].tp += 1
    for p in unmatched_pred:
        per_type[p.type].fp += 1
    misses = [g for i, g in enumerate(gold) if i not in used]
    for g in misses:
        per_type[g.type].fn += 1
    overall = Score(tp=sum(s.tp for s in per_type.values()), fp=sum(s.fp for s in per_type.values()),
                    fn=sum(s.fn for s in per_type.values()))
    return EvalReport(
        per_type={t: s.as_dict() for t, s in per_type.items() if s.tp + s.fp + s.fn},
        overall=overall.as_dict(),
        attribute_accuracy=_attributes(pairs, within),
        false_positives=[{"doc": p.doc, "type": p.type, "trigger": p.trigger, "evidence": p.evidence[:80]}
                         for p in unmatched_pred],
        misses=[{"doc": g.doc, "type": g.type, "trigger": g.trigger, "evidence": g.evidence[:80]} for g in misses],
        wrong_attributes=_wrong_attributes(pairs, within),
    )


# attribute → (its gold value, its predicted value), compared for equality
ATTRIBUTES = {
    "date": (lambda g: (g.start, g.end), lambda p: (_iso(p.time.start), _iso(p.time.end))),
    "agent": (lambda g: g.agent, lambda p: p.agent.id if p.agent else None),
    "place": (lambda g: g.place, lambda p: p.place.id if p.place else None),
    "modality": (lambda g: g.modality, lambda p: p.modality),
    "ordinal": (lambda g: g.ordinal, lambda p: p.ordinal),
}


def _quantity(g: GoldClaim) -> tuple | None:
    q = g.quantity
    return None if q is None else (float(q["value"]), q["unit"], q.get("op"))


def _predicted_quantity(p: Claim) -> tuple | None:
    q = p.quantity
    return None if q is None else (q.value, q.unit, q.op)


# compared only on pairs whose gold line annotates it (older gold files do not)
OPTIONAL_ATTRIBUTES = {"quantity": (_quantity, _predicted_quantity)}


def _annotated(pairs: list[tuple[GoldClaim, Claim]], name: str) -> list[tuple[GoldClaim, Claim]]:
    return [(g, p) for g, p in pairs if name in g.model_fields_set]


def _same(name: str, gold_value, predicted_value, within: Within | None) -> bool:
    """Equal, or for a place: the predicted place lies inside the annotated one."""
    if gold_value == predicted_value:
        return True
    return (name == "place" and within is not None and gold_value is not None and predicted_value is not None
            and within(gold_value, predicted_value))


def _attributes(pairs: list[tuple[GoldClaim, Claim]], within: Within | None = None) -> dict[str, float]:
    if not pairs:
        return {}
    out = {name: round(sum(1 for g, p in pairs if _same(name, gold(g), pred(p), within)) / len(pairs), 3)
           for name, (gold, pred) in ATTRIBUTES.items()}
    for name, (gold, pred) in OPTIONAL_ATTRIBUTES.items():
        if annotated := _annotated(pairs, name):
            out[name] = round(sum(1 for g, p in annotated if gold(g) == pred(p)) / len(annotated), 3)
    return out


def _wrong_attributes(pairs: list[tuple[GoldClaim, Claim]], within: Within | None = None) -> list[dict]:
    """Each attribute of a matched claim that differs from the gold, with both values."""
    out = []
    for g, p in pairs:
        compared = {**ATTRIBUTES, **{n: f for n, f in OPTIONAL_ATTRIBUTES.items() if n in g.model_fields_set}}
        for name, (gold, pred) in compared.items():
            if not _same(name, gold(g), pred(p), within):
                out.append({"doc": g.doc, "type": g.type, "trigger": g.trigger, "attribute": name,
                            "gold": _show(gold(g)), "predicted": _show(pred(p)), "evidence": g.evidence[:80]})
    return out


def _show(value) -> str:
    if isinstance(value, tuple):
        return " – ".join(str(v) for v in value) if any(value) else "—"
    return "—" if value is None else str(value)


def _iso(value) -> str | None:
    return value.isoformat() if value else None
