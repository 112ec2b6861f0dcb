"""Events across sources, built from the store: claims → diff (with origins and conflicts).

The diff itself (claimtrack/diff/) is pure; this module gathers what it needs
from the store and the gazetteer, and filters the result for the CLI and report.
Grouping always runs on every claim, so that filtering by entity or date never
hides a source that contradicts the ones shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from claimtrack.models import Conflict, Event

CONTRADICTION_HEADER = [
    "id", "kind", "severity", "event_type", "subject", "attribute", "value_a", "doc_a", "source_a",
    "evidence_a", "value_b", "doc_b", "source_b", "evidence_b", "explanation",
    # appended (the contract only gains columns): the event, and each side's process phase
    "event_id", "phase_a", "phase_b",
]
EVENT_HEADER = [
    "id", "type", "start", "end", "grain", "participants", "place", "sources", "origins",
    "claims", "conflicts",
    # appended: the phase most origins report, and what most origins say ("date=...; place=...")
    "phase", "consensus",
]


def load_events(
    store,
    gazetteer,
    *,
    entity_groups: Sequence[Sequence[str]] = (),
    types: Sequence[str] = (),
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[Event]:
    """Every event of the store that matches the filters, with origins and conflicts."""
    from claimtrack.diff import diff

    claims = list(store.iter_claims())
    ctx = diff_context(store, gazetteer)
    return [e for e in diff(claims, ctx) if _matches(e, entity_groups, types, since, until)]


def _matches(event: Event, entity_groups, types, since, until) -> bool:
    if types and event.type not in types:
        return False
    ids = {p.id for p in event.participants}
    for c in event.claims:
        ids.update(p.id for p in c.participants)
        if c.agent:
            ids.add(c.agent.id)
        if c.place:
            ids.add(c.place.id)
    if event.place:
        ids.add(event.place.id)
    if any(not ids.intersection(group) for group in entity_groups):
        return False
    if since and (event.end is None or event.end < since):
        return False
    return not (until and (event.start is None or event.start > until))


def conflicts_of(events: Sequence[Event]) -> list[Conflict]:
    """All conflicts of the events, each once."""
    seen: dict[str, Conflict] = {}
    for e in events:
        for c in e.conflicts:
            seen.setdefault(c.id, c)
    return list(seen.values())


def event_row(event: Event) -> dict:
    """An event as one flat row (CSV, tables)."""
    names = {p.name for p in event.participants}
    for c in event.claims:
        if c.agent:
            names.add(c.agent.name)
    return {
        "id": event.id,
        "type": event.type,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "grain": event.grain,
        "participants": "; ".join(sorted(names)),
        "place": event.place.name if event.place else None,
        "sources": "; ".join(sorted({c.doc for c in event.claims})),
        "origins": len(event.origins),
        "claims": len(event.claims),
        "conflicts": len(event.conflicts),
        "phase": event.phase,
        "consensus": "; ".join(f"{k}={v}" for k, v in sorted(event.consensus.items())),
    }


def diff_context(store, gazetteer):
    """The DiffContext of a store: documents' dates, origin groups, the gazetteer's hierarchy
    (with the store's learned entities: a base the articles named sits in its city and
    country, a learned minister acts for his state)."""
    from claimtrack.dates import tag
    from claimtrack.diff import DiffContext
    from claimtrack.origins import origin_groups

    learned = store.learned_entities()
    gazetteer = gazetteer.with_learned(learned)
    doc_dates = store.document_dates()
    return DiffContext(
        contains=gazetteer.contains,
        ancestors=gazetteer.ancestors,
        lookup=gazetteer.entities.get,
        same_place=same_learned_places(gazetteer, learned),
        doc_dates=doc_dates,
        origins=origin_groups(store.document_texts()),
        durations=lambda c: [e for e in tag(c.evidence, doc_dates.get(c.doc)) if e.kind == "duration"],
    )


def same_learned_places(gazetteer, learned: Sequence[dict]) -> dict:
    """Learned place id → the learned place of the same name that says where it lies.

    A learned id includes the country the article gave: "قاعدة الطبقة الجوية" read in an
    article that placed it in Syria and in one that did not are two ids for one base.
    The one placed deepest stands for the others, unless two articles put the name in
    different countries.
    """
    from claimtrack.arabic.normalize import normalize

    groups: dict[tuple, list] = {}
    for r in learned:
        e = gazetteer.entities.get(r["id"])
        if e is not None and e.kind not in ("person", "country"):
            groups.setdefault((e.kind, " ".join(normalize(w) for w in e.name_ar.split())), []).append(e)
    out = {}
    for same in groups.values():
        if len(same) < 2 or len({e.country for e in same if e.country}) > 1:
            continue
        best = max(same, key=lambda e: (len(gazetteer.ancestors(e.id)), e.id))
        out.update({e.id: best.ref() for e in same if e.id != best.id})
    known = [f for f in gazetteer.entities.values() if f.kind == "facility" and not f.learned]
    for same in groups.values():
        for e in same:
            found = _city_facility(gazetteer, e, known) if e.kind == "facility" else None
            if found is not None:
                out[e.id] = found.ref()
    return out


def _city_facility(gazetteer, e, known: list):
    """"مطار قامشلو": a learned facility named by its kind and its own city is the city's
    known facility of that kind, when the gazetteer knows exactly one (also when it lists
    the city twice, from the world data and the hand-checked file). The kinds are in
    data/diff.toml."""
    from claimtrack.arabic.normalize import normalize
    from claimtrack.diff.config import config

    city = gazetteer.entities.get(e.parent)
    words = [normalize(w) for w in e.name_ar.split()]
    if city is None or city.kind != "city" or len(words) < 2 or words[0] not in config().city_named:
        return None
    names = {" ".join(normalize(w) for w in n.split()) for n in [city.name_ar, *city.aliases_ar]}
    if " ".join(words[1:]) not in names:
        return None
    cities = {city.id} | {c.id for n in [city.name_ar, *city.aliases_ar] for c in gazetteer.lookup(n)
                          if c.kind == "city" and c.country == city.country}
    match = [f for f in known if f.parent in cities
             and any(normalize(a.split()[0]) == words[0] for a in [f.name_ar, *f.aliases_ar] if a.split())]
    return match[0] if len(match) == 1 else None


def explain_event(store, gazetteer, event_id: str) -> dict | None:
    """Why each claim is in the event with this id (or id prefix), and its nearest other event."""
    from claimtrack.diff.explain import explain

    return explain(list(store.iter_claims()), diff_context(store, gazetteer), event_id)
