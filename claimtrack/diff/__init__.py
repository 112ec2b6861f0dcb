"""Claims from many documents → events, and the contradictions between sources.

Pure functions, one concern per module:

- config.py     the data file (weights, tolerances, phase and topic cues, severities)
- features.py   what is known about a claim (actors and their states, venue, phase)
                and the compatibility score of two claims
- resolve.py    blocking, constrained merging, undated claims, building an event
- conflicts.py  contradictions inside an event, between like things only
- summary.py    consensus and single-source additions per event
- explain.py    why each claim is in its event, and the nearest event it was not joined to
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Sequence

from claimtrack.diff.conflicts import calendar_conflicts, dedupe, event_conflicts, extent
from claimtrack.diff.features import DiffContext
from claimtrack.diff.resolve import build_event, link_related, resolve
from claimtrack.diff.summary import consensus_and_additions
from claimtrack.models import Claim, Conflict, Event

__all__ = ["DiffContext", "diff", "extent", "group_events"]


def group_events(claims: Sequence[Claim], ctx: DiffContext) -> list[tuple[Event, list]]:
    """Claims resolved into events, each with the Infos of its claims."""
    infos, groups, _ = resolve(list(claims), ctx)
    out = []
    for idx in groups.members.values():
        members = [infos[i] for i in idx]
        consensus, additions = consensus_and_additions(members)
        event = build_event(members, ctx, consensus=consensus, additions=additions, phase=consensus.get("phase"))
        out.append((event, sorted(members, key=lambda x: (x.doc, x.claim.span[0]))))
    return out


def diff(claims: Sequence[Claim], ctx: DiffContext) -> list[Event]:
    """Events in date order, each with its origins and its conflicts."""
    # Hundreds of thousands of small records and no cycles among them: the cyclic
    # collector would rescan them again and again.
    enabled = gc.isenabled()
    gc.disable()
    try:
        grouped = group_events(claims, ctx)
        events = [e for e, _ in grouped]
        found: list[Conflict] = [k for e, infos in grouped if len(infos) > 1 or infos[0].claim.time.inconsistent
                                 for k in event_conflicts(e, infos, ctx)]
        ordinals = {x.claim.id: x.ordinal for _, infos in grouped for x in infos}
        conflicts = dedupe(found + calendar_conflicts(events, ctx, ordinals), ctx.origin_of())
    finally:
        if enabled:
            gc.enable()
    by_event: dict[str, list[Conflict]] = defaultdict(list)
    for k in conflicts:
        by_event[k.event_id].append(k)
    for e in events:  # the events are this function's own: set, not copied
        e.conflicts = by_event.get(e.id, [])
    link_related(events)
    return sorted(events, key=lambda e: (e.start is None, e.start or dt.date.max, e.type, e.id))
