"""Why each claim is in its event, and the nearest event it was not joined to."""

from __future__ import annotations

from collections.abc import Sequence

from claimtrack.diff.config import config
from claimtrack.diff.features import NEVER, DiffContext, Info, hard_conflict, score, undated_bonus
from claimtrack.diff.resolve import build_event, choose_event, resolve
from claimtrack.models import Claim


def _scored(x: Info, y: Info, ctx: DiffContext, members: list[Info] | None = None) -> dict:
    why: list[tuple[str, float]] = []
    cfg = config()
    s = score(x, y, ctx, cfg, why)
    if s == NEVER:
        return {"claim": y.claim.id, "doc": y.doc, "score": None, "blocked": hard_conflict(x, y, cfg) or "no shared actor",
                "features": []}
    if members is not None:
        s += undated_bonus(x, members, cfg, why)
    return {"claim": y.claim.id, "doc": y.doc, "score": round(s, 2), "blocked": None,
            "features": [{"feature": f, "weight": w} for f, w in why]}


def explain(claims: Sequence[Claim], ctx: DiffContext, event_id: str) -> dict | None:
    """The explanation of one event (None when no event has this id or id prefix)."""
    cfg = config()
    infos, groups, by_key = resolve(list(claims), ctx)
    event_of: dict[int, str] = {}
    events = {}
    for idx in groups.members.values():
        e = build_event([infos[i] for i in idx], ctx)
        events[e.id] = (e, idx)
        for i in idx:
            event_of[i] = e.id
    matches = [k for k in events if k == event_id] or [k for k in events if k.startswith(event_id)]
    if len(matches) != 1:
        return None
    event, idx = events[matches[0]]
    members = [infos[i] for i in idx]
    rows = []
    for x in members:
        others = [y for y in members if y.index != x.index]
        if not x.dated and others:
            dated = [y for y in members if y.dated]
            pool = dated or others
            best = max((_scored(x, y, ctx, members if dated else None) for y in pool),
                       key=lambda r: r["score"] if r["score"] is not None else NEVER)
            how = "undated: joined the best-fitting dated event" if dated else "undated: grouped with undated claims"
        elif others:
            best = max((_scored(x, y, ctx) for y in others),
                       key=lambda r: r["score"] if r["score"] is not None else NEVER)
            how = f"linked at score >= {cfg.link}"
        else:
            best, how = None, "alone"
        row = {"claim": x.claim.id, "doc": x.doc, "source": x.claim.source, "dated": x.dated,
               "phase": x.phase, "venue": x.venue.name if x.venue else None, "how": how, "best_link": best}
        if not x.dated:
            _, ranked = choose_event(x, infos, groups, by_key, ctx, cfg)
            row["candidates"] = [{"event": event_of[root], "score": round(s, 2)} for root, s in ranked]
            if len(ranked) == 1 and best is not None and best["score"] is not None:
                best["features"].append({"feature": "the only event it could join",
                                         "weight": cfg.weights["sole_candidate"]})
                best["score"] = round(best["score"] + cfg.weights["sole_candidate"], 2)
        rows.append(row)
    nearest = None
    inside = set(idx)
    for x in members:
        pool: set[int] = set()
        for key in [(x.claim.type, k) for k in x.keys] + (
                [(x.claim.type, "@place", ctx.region(x.claim.place.id))] if x.claim.place and not x.keys else []):
            pool.update(j for j in by_key.get(key, ()) if j not in inside)
        for j in pool:
            r = _scored(x, infos[j], ctx)
            other_dated = any(infos[m].dated for m in groups.members[groups.find(j)])
            if not x.dated and not other_dated and any(y.dated for y in members):
                r["blocked"] = ("it joined a dated event first; undated claims group among themselves only "
                                "when no dated event fits")
            r["from_claim"] = x.claim.id
            r["event"] = event_of[j]
            value = r["score"] if r["score"] is not None else -1e9
            if nearest is None or value > (nearest["score"] if nearest["score"] is not None else -1e9):
                nearest = r
    return {"event": event.id, "type": event.type, "start": event.start, "end": event.end,
            "link": cfg.link, "link_undated": cfg.link_undated, "margin": cfg.margin,
            "claims": rows, "nearest_other_event": nearest}
