"""A self-contained HTML report: timeline of events, sources side by side, contradictions.

Rendered with Jinja2 with autoescaping on, so article text (which may contain
`<script>` or `onerror=`) always shows as text. Styles and the small filter script
are inline; the page loads nothing from the network and works opened from disk.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from importlib import resources

from claimtrack.models import Claim, Conflict, Event

TYPE_COLOURS = {
    "visit": "#1f77b4", "meeting": "#2ca02c", "call": "#9467bd", "message": "#8c564b",
    "invitation": "#e377c2", "withdrawal": "#d62728", "agreement": "#17becf", "shipment": "#bcbd22",
}


def _evidence_parts(claim: Claim) -> tuple[str, str, str]:
    """The evidence split around its trigger, for highlighting without raw HTML."""
    at = claim.evidence.find(claim.trigger)
    if at < 0:
        return claim.evidence, "", ""
    return claim.evidence[:at], claim.trigger, claim.evidence[at + len(claim.trigger):]


def _axis(events: Sequence[Event]) -> tuple[dt.date, dt.date]:
    dated = [e for e in events if e.start and e.end]
    if not dated:
        today = dt.date.today()
        return today - dt.timedelta(days=30), today
    lo = min(e.start for e in dated) - dt.timedelta(days=15)
    hi = max(e.end for e in dated) + dt.timedelta(days=15)
    return lo, hi


def when_label(start: dt.date | None, end: dt.date | None) -> str:
    """A date or interval as a reader says it: "15 Oct 2025", "Oct 2025", "21 Jan – 27 Jan 2026"."""
    if start is None or end is None:
        return "undated"
    if start == end:
        return f"{start.day} {start:%b %Y}"
    next_day = end + dt.timedelta(days=1)
    if start.day == 1 and next_day.day == 1 and (start.year, start.month) == (end.year, end.month):
        return f"{start:%b %Y}"
    if start.day == 1 and next_day.day == 1 and start.month == 1 and end.month == 12 and start.year == end.year:
        return str(start.year)
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y} – {end.day} {end:%b %Y}"


def _who(event: Event, agents: list[str]) -> str:
    """Actor → place, or actor with the other participants when no place is known."""
    actors = agents or sorted({p.name for p in event.participants})[:1] or ["unknown actor"]
    if event.place:
        return f"{', '.join(actors)} → {event.place.name}"
    others = sorted({p.name for p in event.participants} - set(actors))
    return ", ".join(actors) + (f" with {', '.join(others)}" if others else "")


def render_report(
    events: Sequence[Event], conflicts: Sequence[Conflict], *, title: str = "claimtrack report",
    filters: dict | None = None,
) -> str:
    """The whole report as one HTML string."""
    from jinja2 import Environment, select_autoescape

    source = resources.files("claimtrack").joinpath("templates/report.html.j2").read_text(encoding="utf-8")
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    lo, hi = _axis(events)
    span = max(1, (hi - lo).days + 1)
    rows = []
    for e in events:
        left = width = None
        if e.start and e.end:
            left = 100 * (e.start - lo).days / span
            width = max(0.4, 100 * ((e.end - e.start).days + 1) / span)
        agents = sorted({c.agent.name for c in e.claims if c.agent})
        entity_names = set(agents) | {p.name for p in e.participants}
        entity_names |= {p.name for c in e.claims for p in c.participants}
        rows.append({
            "event": e, "left": left, "width": width, "colour": TYPE_COLOURS.get(e.type, "#777"),
            "agents": agents, "entities": sorted(entity_names), "who": _who(e, agents),
            "when": when_label(e.start, e.end), "docs": len({c.doc for c in e.claims}),
            "claims": [{"claim": c, "parts": _evidence_parts(c)} for c in e.claims],
        })
    ticks = []
    year = lo.year
    while dt.date(year, 1, 1) <= hi:
        for month in (1, 4, 7, 10):
            d = dt.date(year, month, 1)
            if lo <= d <= hi:
                ticks.append({"left": 100 * (d - lo).days / span, "label": d.strftime("%b %Y")})
        year += 1
    undated: dict[str, list[dict]] = {}
    for r in rows:
        if r["left"] is None:
            undated.setdefault(r["event"].type, []).append(r)
    types = sorted({e.type for e in events})
    entities = sorted({n for r in rows for n in r["entities"]})
    return env.from_string(source).render(
        title=title, rows=rows, dated=[r for r in rows if r["left"] is not None],
        undated=sorted(undated.items()), conflicts=conflicts, ticks=ticks, types=types,
        entities=entities, colours=TYPE_COLOURS, filters=filters or {},
        generated=dt.date.today().isoformat(), lo=lo.isoformat(), hi=hi.isoformat(),
    )
