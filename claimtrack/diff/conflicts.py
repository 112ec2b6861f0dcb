"""Contradictions: only inside an event, only between like things, with a severity.

Dates are compared within one phase (the day a withdrawal was announced is not the day
it began); places only when both are venues (never a topic country); phases as of the
day each article was published (still going on after another said it was over).
Severities come from data/diff.toml.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from claimtrack.arabic.normalize import normalize
from claimtrack.diff.config import Config, config
from claimtrack.diff.features import DiffContext, Info, gap_days
from claimtrack.models import Claim, Conflict, EntityRef, Event, Quantity

PARTIAL_WORDS = ("تقليص", "تخفيض", "خفض", "قلص", "انتشار", "تموضع")
FULL_WORDS = ("انسحاب", "انسحب", "اخلاء", "اخلي", "مغادره", "غادر", "سحب", "اجلاء", "تراجع")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def extent(claim: Claim) -> str | None:
    """"partial" (reduction, redeployment) or "full" (withdrawal, evacuation) for withdrawals."""
    if claim.type != "withdrawal":
        return None
    word = normalize(claim.trigger)
    if any(w in word for w in PARTIAL_WORDS):
        return "partial"
    if any(w in word for w in FULL_WORDS):
        return "full"
    return None


def subject(event: Event) -> str:
    """Who, where and what, for the contradictions table."""
    agents = sorted({c.agent.name for c in event.claims if c.agent}) or ["?"]
    place = f" → {event.place.name}" if event.place else ""
    return f"{', '.join(agents)}{place} ({event.type})"


def interval(c: Claim) -> str:
    """A claim's date as written in the table."""
    if c.time.start is None:
        return "undated"
    if c.time.start == c.time.end:
        return c.time.start.isoformat()
    return f"{c.time.start.isoformat()}..{c.time.end.isoformat()}"


def _who(c: Claim) -> str:
    return c.source or c.doc


def make_conflict(kind, severity, event, attribute, a: Claim, va, b: Claim, vb, explanation) -> Conflict:
    """A Conflict with a stable id (the same pair, kind and values always get the same id)."""
    pair = sorted([a.id, b.id])
    ident = hashlib.sha256(f"{kind}|{pair[0]}|{pair[1]}".encode()).hexdigest()[:16]
    if a.id != pair[0]:
        a, b, va, vb = b, a, vb, va
    return Conflict(
        id=ident, kind=kind, severity=severity, event_type=event.type, subject=subject(event),
        attribute=attribute, value_a=str(va), doc_a=a.doc, source_a=a.source, evidence_a=a.evidence,
        value_b=str(vb), doc_b=b.doc, source_b=b.source, evidence_b=b.evidence,
        explanation=explanation, event_id=event.id,
    )


def _bounds(q: Quantity, cfg: Config) -> tuple[float, float]:
    v = q.value
    slack = cfg.quantity["about"] if q.op == "~" else cfg.quantity["exact"]
    if q.op in (">", ">="):
        return v, float("inf")
    if q.op in ("<", "<="):
        return 0.0, v
    return v * (1 - slack), v * (1 + slack)


def _date(x: Info, y: Info, event: Event, cfg: Config) -> Conflict | None:
    a, b = x.claim, y.claim
    if not (x.dated and y.dated):
        return None
    gap = gap_days(a, b)
    if gap == 0:
        return None
    if x.phase != y.phase and (a.type in cfg.processes or "announced" in (x.phase, y.phase)):
        return None  # the date of an announcement is not the date of the event
    day = a.time.start == a.time.end and b.time.start == b.time.end
    if gap <= 1:
        severity = "low"
    elif day and gap >= int(cfg.severity["date_high_days"]):
        severity = "high"
    else:
        severity = "medium"
    what = f"the {x.phase} {event.type}" if x.phase else f"this {event.type}"
    return make_conflict("date_mismatch", severity, event, "date", a, interval(a), b, interval(b),
                         f"{_who(a)} dates {what} {interval(a)} but {_who(b)} dates it {interval(b)}, "
                         f"{gap} day{'s' if gap > 1 else ''} apart.")


def _place(x: Info, y: Info, event: Event, ctx: DiffContext, cfg: Config) -> Conflict | None:
    p, q = x.venue, y.venue
    if p is None or q is None or ctx.contains(p.id, q.id) or ctx.contains(q.id, p.id):
        return None
    fine = p.kind in ("city", "facility") and q.kind in ("city", "facility")
    if not fine:
        severity = cfg.severity["place_coarse"]
    elif _same_city(p, q, ctx):
        severity = cfg.severity["place_same_city"]
    elif _state(p, ctx) != _state(q, ctx):
        severity = cfg.severity["place_fine"]
    else:
        severity = cfg.severity["place_coarse"]
    a, b = x.claim, y.claim
    return make_conflict("place_mismatch", severity, event, "place", a, p.name, b, q.name,
                         f"{_who(a)} places this {event.type} in {p.name} but {_who(b)} in {q.name}.")


def _up(place: EntityRef, ctx: DiffContext) -> list[str]:
    return [place.id, *(ctx.ancestors(place.id) if ctx.ancestors else [])]


def _state(place: EntityRef, ctx: DiffContext) -> str:
    """The country a place lies in (its outermost container)."""
    return _up(place, ctx)[-1]


def _city(place: EntityRef, ctx: DiffContext) -> str | None:
    """The city a place is or lies in."""
    if ctx.lookup is None:
        return None
    return next((i for i in _up(place, ctx) if getattr(ctx.lookup(i), "kind", None) == "city"), None)


def _same_city(p: EntityRef, q: EntityRef, ctx: DiffContext) -> bool:
    """Do two places lie in one city? Also when the world data and the hand-checked file
    list that city twice under one Arabic name (القامشلي / القامشلو)."""
    cp, cq = _city(p, ctx), _city(q, ctx)
    if cp is None or cq is None:
        return False
    if cp == cq:
        return True
    a, b = ctx.lookup(cp), ctx.lookup(cq)
    names = lambda e: {normalize(n) for n in [e.name_ar, *e.aliases_ar]}  # noqa: E731
    return a.country == b.country and bool(names(a) & names(b))


def _modality(x: Info, y: Info, event: Event, cfg: Config) -> Conflict | None:
    if y.phase == "denied":
        x, y = y, x
    a, b = x.claim, y.claim
    if x.phase != "denied" or b.modality in ("negated", "possible"):
        return None
    denier = a.attributed_to or (a.agent.name if a.agent else None) or _who(a)
    severity = cfg.severity["modality"] if b.modality == "asserted" else cfg.severity["modality_planned"]
    told = "reports" if b.modality == "asserted" else "expects"
    return make_conflict("modality_mismatch", severity, event, "modality", a, f"denied by {denier}", b,
                         b.modality, f"{_who(b)} {told} this {event.type}, while {_who(a)} reports that "
                         f"{denier} denies it.")


def _phase(x: Info, y: Info, event: Event, cfg: Config) -> Conflict | None:
    if x.phase != "completed":
        x, y = y, x
    # "begun" alone does not say it is not over; "still going on" does
    if x.phase != "completed" or "ongoing" not in y.phases or "completed" in y.phases:
        return None
    a, b = x.claim, y.claim
    as_of_a = x.published or a.time.end
    as_of_b = y.published or b.time.end
    if as_of_a is None or as_of_b is None or as_of_a > as_of_b:
        return None  # over after it was still going on: a sequence, not a contradiction
    same_day = as_of_a == as_of_b
    severity = cfg.severity["phase_same_day"] if same_day else cfg.severity["phase_later"]
    when = f"on {as_of_a}" if same_day else f"on {as_of_a} and {as_of_b}"
    return make_conflict("phase_mismatch", severity, event, "phase", a, "completed", b, "ongoing",
                         f"{_who(a)} reports this {event.type} completed while {_who(b)} reports it "
                         f"still ongoing, {when}.")


def _quantity(x: Info, y: Info, event: Event, cfg: Config) -> Conflict | None:
    a, b = x.claim, y.claim
    qa, qb = a.quantity, b.quantity
    if qa is None or qb is None or qa.unit != qb.unit:
        return None
    (lo_a, hi_a), (lo_b, hi_b) = _bounds(qa, cfg), _bounds(qb, cfg)
    if lo_a <= hi_b and lo_b <= hi_a:
        return None
    gap = (lo_b - hi_a) if hi_a < lo_b else (lo_a - hi_b)
    rel = gap / max(qa.value, qb.value, 1.0)
    severity = "high" if rel > cfg.quantity["high_gap"] else "medium"
    return make_conflict("quantity_mismatch", severity, event, f"quantity ({qa.unit})", a, qa.text, b, qb.text,
                         f"{_who(a)} gives {qa.text} ({qa.unit}) but {_who(b)} gives {qb.text}.")


def _participant(x: Info, y: Info, event: Event, ctx: DiffContext, cfg: Config) -> Conflict | None:
    """Who met whom: one shared person, and each side names a different other office-holder of one state."""
    if event.type not in cfg.symmetric:
        return None
    shared = x.ids & y.ids
    ox = [a for a in x.actors if a.id not in shared and a.kind == "person"]
    oy = [a for a in y.actors if a.id not in shared and a.kind == "person"]
    if len(shared) != 1 or len(ox) != 1 or len(oy) != 1 or len(x.actors) != 2 or len(y.actors) != 2:
        return None
    p, q = ox[0], oy[0]
    state = x.states.get(p.id)
    if state is None or state != y.states.get(q.id) or _same_office(p, q, ctx, x.start or x.published):
        return None
    a, b = x.claim, y.claim
    return make_conflict("participant_mismatch", cfg.severity["participant"], event, "participant", a, p.name, b,
                         q.name, f"{_who(a)} names {p.name} in this {event.type} but {_who(b)} names {q.name}.")


def _same_office(p: EntityRef, q: EntityRef, ctx: DiffContext, on) -> bool:
    """Do two people hold one office on that date? One state has one president: two names
    for him are a spelling or a misread name (a learned "president" the gazetteer knows),
    not two people. (Putin and Medvedev held it in different years.)"""
    if ctx.lookup is None:
        return False
    offices = [{(o.role, o.of) for o in getattr(ctx.lookup(e.id), "offices", None) or [] if o.held_on(on)}
               for e in (p, q)]
    return bool(offices[0] & offices[1])


def _weekday(x: Info, event: Event, cfg: Config) -> Conflict | None:
    c = x.claim
    if not c.time.inconsistent or c.time.start is None:
        return None
    day = WEEKDAYS[c.time.start.weekday()]
    return make_conflict("weekday_mismatch", cfg.severity["weekday"], event, "weekday", c, c.time.text or "",
                         c, f"{c.time.start} is a {day}",
                         f"{_who(c)} writes \"{c.time.text}\", but {c.time.start} is a {day}.")


def _extent(x: Info, y: Info, event: Event, cfg: Config) -> Conflict | None:
    ea, eb = extent(x.claim), extent(y.claim)
    if not (ea and eb and ea != eb):
        return None
    return make_conflict("extent_mismatch", cfg.severity["extent"], event, "extent", x.claim, ea, y.claim, eb,
                         f"{_who(x.claim)} describes a {ea} withdrawal while {_who(y.claim)} describes a {eb} one.")


def _ordinal(x: Info, y: Info, event: Event, cfg: Config) -> Conflict | None:
    a, b = x.claim, y.claim
    if not (x.ordinal and y.ordinal and x.ordinal != y.ordinal):
        return None
    return make_conflict("ordinal_mismatch", cfg.severity["ordinal"], event, "ordinal", a, x.ordinal, b, y.ordinal,
                         f"{_who(a)} calls this {event.type} number {x.ordinal} but {_who(b)} calls it "
                         f"number {y.ordinal}.")


def event_conflicts(event: Event, infos: list[Info], ctx: DiffContext) -> list[Conflict]:
    """Contradictions between the claims of one event (each pair of documents once per kind)."""
    cfg = config()
    out: list[Conflict] = [k for x in infos if (k := _weekday(x, event, cfg))]
    for n, x in enumerate(infos):
        for y in infos[n + 1:]:
            if x.doc == y.doc:
                continue
            for k in (_date(x, y, event, cfg), _ordinal(x, y, event, cfg), _place(x, y, event, ctx, cfg),
                      _modality(x, y, event, cfg), _phase(x, y, event, cfg), _quantity(x, y, event, cfg),
                      _extent(x, y, event, cfg), _participant(x, y, event, ctx, cfg)):
                if k is not None:
                    k.phase_a, k.phase_b = (x.phase, y.phase) if k.doc_a == x.doc else (y.phase, x.phase)
                    out.append(k)
    return out


def _places_ok(a, b, ctx: DiffContext) -> bool:
    return a is None or b is None or ctx.contains(a.id, b.id) or ctx.contains(b.id, a.id)


def calendar_conflicts(events: Sequence[Event], ctx: DiffContext,
                       ordinals: dict[str, int | None] | None = None) -> list[Conflict]:
    """Ordinals and relative spans checked against the dated events of the same series.

    `ordinals` maps claim ids to the ordinal the resolver trusts (none when its only
    ordinal word is inside the date, as in "تشرين الثاني").
    """
    ordinals = ordinals or {}
    out: list[Conflict] = []
    series: dict[tuple, list[Event]] = defaultdict(list)
    for e in events:
        for agent in {c.agent.id for c in e.claims if c.agent}:
            series[(e.type, agent)].append(e)
    for evs in series.values():
        dated = sorted((e for e in evs if e.start), key=lambda e: e.start)
        by_ordinal: dict[int, list[tuple[Event, Claim]]] = defaultdict(list)
        for e in dated:
            for c in e.claims:
                ordinal = ordinals.get(c.id, c.ordinal)
                if ordinal:
                    by_ordinal[ordinal].append((e, c))
        for ordinal, items in by_ordinal.items():
            if len({e.id for e, _ in items}) > 1:
                (e1, c1), (e2, c2) = items[0], next(x for x in items if x[0].id != items[0][0].id)
                out.append(make_conflict("ordinal_mismatch", "high", e2, "ordinal", c1, f"{ordinal} ({e1.start})",
                                         c2, f"{ordinal} ({e2.start})",
                                         f"Two different {e1.type}s ({e1.start} and {e2.start}) are both called "
                                         f"number {ordinal}."))
            for e, c in items:
                earlier = [x for x in dated if x.end < e.start and _places_ok(x.place, e.place, ctx)]
                if ordinal == 1 and earlier:
                    prior = earlier[-1]
                    out.append(make_conflict("ordinal_mismatch", "medium", e, "ordinal", c, "first",
                                             prior.claims[0], f"earlier on {prior.start}",
                                             f"{_who(c)} calls the {e.type} of {e.start} the first, but another "
                                             f"is dated {prior.start}."))
                out += _span_conflicts(e, c, ordinal, earlier, ctx)
    return out


def _span_conflicts(e: Event, c: Claim, ordinal: int, previous: list[Event], ctx: DiffContext) -> list[Conflict]:
    """"the second visit, in less than 4 months": the gap to the previous one must fit."""
    if ordinal < 2 or ctx.durations is None or not previous:
        return []
    prior = previous[-1]
    gap = (e.start - prior.start).days
    out = []
    for d in ctx.durations(c):
        limit, op = d.duration_days, d.op
        if (op in ("<", "<=") and gap > limit) or (op in (">", ">=") and gap < limit):
            out.append(make_conflict("count_mismatch", "medium", e, "count", c, f"{op} {int(limit)} days",
                                     prior.claims[0], f"{gap} days since {prior.start}",
                                     f"{_who(c)} says this {e.type} came {d.text} after the previous one, but "
                                     f"the dated events are {gap} days apart."))
    return out


def dedupe(conflicts: list[Conflict], origin_of: dict[str, int] | None = None) -> list[Conflict]:
    """One conflict per event, kind, pair of origins and pair of values (copies of a story count once)."""
    out: list[Conflict] = []
    seen: set[tuple] = set()
    origin_of = origin_of or {}

    def side(doc: str, value: str) -> tuple:
        return (origin_of.get(doc, doc), value)

    for k in conflicts:
        key = (k.event_id, k.kind, *sorted([side(k.doc_a, k.value_a), side(k.doc_b, k.value_b)], key=str))
        if key not in seen:
            seen.add(key)
            out.append(k)
    return out
