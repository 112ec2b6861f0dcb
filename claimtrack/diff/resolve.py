"""Claims → events by resolution: blocking, pairwise scores, constrained merging.

1. Blocking: a claim is compared only with claims of its type that share an actor key
   (an actor, or the state it is part of) or, for claims without actors, a region; and
   among dated claims only with those whose interval lies within the type's tolerance
   (a sweep by start date). Cost stays near-linear in the number of claims.
2. Dated claims: candidate pairs whose score reaches `link` are merged best first; a
   merge that would put two dates of one article apart, or stretch the event beyond its
   tolerance, is refused, so chains of weak links cannot grow one event out of many.
3. Undated claims join the best event of their blocks when it scores `link_undated`
   and beats the next by `margin`; otherwise they group with undated claims of other
   articles that score `link`, or stay alone. Joined claims take the event's date,
   marked resolved_by "inferred".
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Sequence

from claimtrack.diff.config import Config, config
from claimtrack.diff.features import (
    DiffContext,
    Info,
    claim_info,
    is_background,
    score,
    undated_bonus,
)
from claimtrack.models import Claim, ClaimTime, EntityRef, Event


class Clusters:
    """Union-find over claim indices that keeps, per group, what merges must respect."""

    def __init__(self, infos: list[Info]) -> None:
        self.parent = list(range(len(infos)))
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(infos))}
        self.infos = infos

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def can_merge(self, ra: int, rb: int, cfg: Config) -> bool:
        """False when the merged event would date one article's claims apart or stretch too far."""
        dated_a = [self.infos[i] for i in self.members[ra] if self.infos[i].dated]
        dated_b = [self.infos[i] for i in self.members[rb] if self.infos[i].dated]
        if not dated_a or not dated_b:
            return True
        both = dated_a + dated_b
        tol = cfg.tolerance_of(both[0].claim.type)
        if (max(i.start for i in both) - min(i.end for i in both)).days > tol:
            return False
        docs_a: dict[str, list[Info]] = defaultdict(list)
        for i in dated_a:
            docs_a[i.doc].append(i)
        for j in dated_b:
            for i in docs_a.get(j.doc, ()):
                if i.start > j.end or j.start > i.end:
                    return False
        return True

    def venues_agree(self, ra: int, rb: int, ctx: DiffContext) -> bool:
        """No venue of one group lies apart from a venue of the other.

        Undated claims have no dates to keep a chain in check: "Erdogan in Baghdad", a
        placeless "Erdogan's visit" and "Erdogan in Paris" must not become one visit.
        """
        va = {self.infos[i].venue.id for i in self.members[ra] if self.infos[i].venue}
        vb = {self.infos[i].venue.id for i in self.members[rb] if self.infos[i].venue}
        return all(ctx.contains(p, q) or ctx.contains(q, p) for p in va for q in vb)

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        keep, drop = min(ra, rb), max(ra, rb)
        self.parent[drop] = keep
        self.members[keep].extend(self.members.pop(drop))


def blocks(infos: Sequence[Info], ctx: DiffContext) -> dict[tuple, list[int]]:
    """Block key → claim indices: (type, actor or state) and (type, region) without actors."""
    out: dict[tuple, list[int]] = defaultdict(list)
    cfg = config()
    for x in infos:
        c = x.claim
        for key in x.keys:
            out[(c.type, key)].append(x.index)
        if c.place is not None and (not x.keys or c.type in cfg.processes):
            out[(c.type, "@place", ctx.region(c.place.id))].append(x.index)
    return out


def candidate_pairs(block: list[int], infos: list[Info], cfg: Config, place_block: bool = False):
    """Pairs of dated claims of one block whose intervals lie within the tolerance.

    In a place block only pairs with a claim that names no actor are needed (the others
    meet in their actors' blocks), which keeps a busy place from costing a pair per claim.
    """
    dated = sorted((i for i in block if infos[i].dated), key=lambda i: (infos[i].start, infos[i].end))
    if not dated:
        return
    tol = cfg.tolerance_of(infos[dated[0]].claim.type)
    active: list[int] = []
    actorless: list[int] = []
    for i in dated:
        start = infos[i].start
        active = [j for j in active if (start - infos[j].end).days <= tol]
        if place_block:
            actorless = [j for j in actorless if (start - infos[j].end).days <= tol]
            for j in (active + actorless if not infos[i].actors else actorless):
                yield j, i
            if not infos[i].actors:
                actorless.append(i)
            else:
                active.append(i)
            continue
        for j in active:
            yield j, i
        active.append(i)


def resolve(claims: Sequence[Claim], ctx: DiffContext) -> tuple[list[Info], Clusters, dict]:
    """Infos, their clusters and the blocks (the explanation reuses all three)."""
    cfg = config()
    origin_of = ctx.origin_of()
    infos = [claim_info(c, i, ctx, cfg, origin_of.get(c.doc, -1 - i)) for i, c in enumerate(claims)]
    groups = Clusters(infos)
    by_key = blocks(infos, ctx)
    edges: list[tuple[float, int, int]] = []
    seen: set[tuple[int, int]] = set()
    for key, members in by_key.items():
        if len(members) < 2:
            continue
        for j, i in candidate_pairs(members, infos, cfg, place_block=len(key) == 3):
            pair = (j, i) if j < i else (i, j)
            if pair in seen:
                continue
            seen.add(pair)
            s = score(infos[j], infos[i], ctx, cfg)
            if s >= cfg.link:
                edges.append((s, pair[0], pair[1]))
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    for _s, a, b in edges:
        ra, rb = groups.find(a), groups.find(b)
        if ra != rb and groups.can_merge(ra, rb, cfg):
            groups.union(ra, rb)
    _attach_undated(infos, groups, by_key, ctx, cfg)
    return infos, groups, by_key


def undated_candidates(u: Info, infos: list[Info], groups: Clusters, by_key: dict, ctx: DiffContext,
                       cfg: Config) -> dict[int, tuple[float, int]]:
    """Event root → (best score, member index) for an undated claim, over dated members of its blocks."""
    best: dict[int, tuple[float, int]] = {}
    keys = [(u.claim.type, k) for k in u.keys]
    if u.claim.place is not None and not u.keys:  # only claims with no actor need the place
        keys.append((u.claim.type, "@place", ctx.region(u.claim.place.id)))
    checked: set[int] = set()
    for key in keys:
        for j in by_key.get(key, ()):
            if j in checked or not infos[j].dated:
                continue
            checked.add(j)
            s = score(u, infos[j], ctx, cfg)
            if s < cfg.undated_base:
                continue  # an undated claim needs its own link (actor, place) before any context
            root = groups.find(j)
            if root not in best or s > best[root][0]:
                best[root] = (s, j)
    for root in list(best):
        members = [infos[m] for m in groups.members[root]]
        if _far_from_article(u, members, cfg) or _told_as_background(u, members, cfg):
            del best[root]
    for root, (s, j) in best.items():  # the article's context counts once per event
        best[root] = (s + undated_bonus(u, [infos[m] for m in groups.members[root]], cfg), j)
    return best


def _told_as_background(u: Info, members: list[Info], cfg: Config) -> bool:
    """Is the event dated only by sentences that tell it as background ("وكان ... قد أجريا
    اتصالا الجمعة") while the undated claim is told as news? Then it is the earlier event
    the articles recall, not the one they report."""
    dated = [m for m in members if m.dated]
    return bool(dated) and all(is_background(m.claim, cfg) for m in dated) and not is_background(u.claim, cfg)


def _far_from_article(u: Info, members: list[Info], cfg: Config) -> bool:
    """Is the event dated months away from the undated claim's article, which does not date it?"""
    if u.published is None or any(m.doc == u.doc and m.dated for m in members):
        return False
    far = cfg.tolerance["undated_far"]
    dated = [m for m in members if m.dated]
    return bool(dated) and all((u.published - m.end).days >= far or (m.start - u.published).days >= far
                               for m in dated)


def choose_event(u: Info, infos: list[Info], groups: Clusters, by_key: dict, ctx: DiffContext,
                 cfg: Config) -> tuple[int | None, list[tuple[int, float]]]:
    """(the event root an undated claim joins or None, every candidate with its score, best first)."""
    best = undated_candidates(u, infos, groups, by_key, ctx, cfg)
    ranked = sorted(((root, s) for root, (s, _) in best.items()), key=lambda kv: -kv[1])
    if len(ranked) == 1:
        ranked = [(ranked[0][0], ranked[0][1] + cfg.weights["sole_candidate"])]
    if not ranked or ranked[0][1] < cfg.link_undated:
        return None, ranked
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < cfg.margin:
        return None, ranked  # ambiguous: stays its own event rather than a guess
    return ranked[0][0], ranked


def _attach_undated(infos: list[Info], groups: Clusters, by_key: dict, ctx: DiffContext, cfg: Config) -> None:
    undated = [x for x in infos if not x.dated]
    joined: list[tuple[int, int]] = []
    pending = undated
    for _round in range(2):  # a second round sees the first round's claims (an article's own event)
        new = []
        undecided: list[tuple[Info, list[int]]] = []
        for u in pending:
            root, ranked = choose_event(u, infos, groups, by_key, ctx, cfg)
            if root is not None:
                new.append((u.index, root))
            elif ranked:
                undecided.append((u, [r for r, _ in ranked]))
        for i, root in new:  # decided against the events as they stood, then applied
            groups.union(i, root)
        joined += new
        joined_to = defaultdict(set)  # event root → documents whose undated claims just joined it
        for i, root in new:
            joined_to[groups.find(root)].add(infos[i].doc)
        # only a claim whose candidate events just gained a claim of its own article may now decide
        pending = [u for u, roots in undecided if any(u.doc in joined_to.get(groups.find(r), ()) for r in roots)]
        if not pending:
            break
    attached = {i for i, _ in joined}
    alone = [x for x in undated if x.index not in attached]
    alone_ids = {x.index for x in alone}
    edges = []
    seen: set[tuple[int, int]] = set()
    for members in by_key.values():
        pool = [i for i in members if i in alone_ids]
        for n, i in enumerate(pool):
            for j in pool[n + 1:]:
                pair = (min(i, j), max(i, j))
                if pair in seen:
                    continue
                seen.add(pair)
                s = score(infos[i], infos[j], ctx, cfg)
                if s >= cfg.link:
                    edges.append((s, *pair))
    for _s, a, b in sorted(edges, key=lambda e: (-e[0], e[1], e[2])):
        ra, rb = groups.find(a), groups.find(b)
        if ra != rb and groups.venues_agree(ra, rb, ctx):
            groups.union(ra, rb)


def build_event(members: list[Info], ctx: DiffContext, **fields) -> Event:
    """One event from its claims: the most specific date and place, origins, inferred dates."""
    members = sorted(members, key=lambda x: (x.doc, x.claim.span[0]))
    dated = [x.claim for x in members if x.dated]
    anchor = _consensus_time(dated)
    filled = []
    for x in members:
        c = x.claim
        if not x.dated and anchor is not None:
            c = c.model_copy(update={"time": ClaimTime(
                text=c.time.text, start=anchor.time.start, end=anchor.time.end,
                grain=anchor.time.grain, resolved_by="inferred")})
        filled.append(c)
    people: dict[str, EntityRef] = {}
    for c in filled:
        for ref in ([c.agent] if c.agent else []) + c.participants:
            people.setdefault(ref.id, ref)
    place = None
    for x in members:
        p = x.venue
        if p is not None and (place is None or (place.id != p.id and ctx.contains(place.id, p.id))):
            place = p  # the most specific place all sources allow
    index = ctx.origin_of()
    by_group: dict[int, list[str]] = defaultdict(list)
    for d in sorted({c.doc for c in filled}):
        by_group[index.get(d, -1 - len(by_group))].append(d)
    ident = hashlib.sha256("|".join(sorted(c.id for c in filled)).encode()).hexdigest()[:16]
    return Event(
        id=ident, type=filled[0].type,
        start=anchor.time.start if anchor else None, end=anchor.time.end if anchor else None,
        grain=anchor.time.grain if anchor else None,
        participants=list(people.values()), place=place, claims=filled, origins=sorted(by_group.values()),
        **fields,
    )


def _consensus_time(dated: list[Claim]) -> Claim | None:
    """The date most articles give, at the finest grain (ties: the earliest)."""
    if not dated:
        return None
    docs: dict[tuple, set[str]] = defaultdict(set)
    for c in dated:
        docs[(c.time.start, c.time.end)].add(c.doc)

    def support(c: Claim) -> int:
        return sum(len(d) for (s, e), d in docs.items() if s <= c.time.start and c.time.end <= e)

    return min(dated, key=lambda c: (-support(c), (c.time.end - c.time.start).days, c.time.start))


def link_related(events: list[Event]) -> None:
    """Set `related`: events of another type that share an actor and overlap in time."""
    by_actor: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        if e.start is not None:
            for actor in {c.agent.id for c in e.claims if c.agent}:
                by_actor[actor].append(e)
    related: dict[str, set[str]] = defaultdict(set)
    for evs in by_actor.values():
        evs.sort(key=lambda e: (e.start, e.end))
        active: list[Event] = []
        for e in evs:  # sweep by start date: only events still open can overlap
            active = [x for x in active if x.end >= e.start]
            for x in active:
                if x.type != e.type:
                    related[x.id].add(e.id)
                    related[e.id].add(x.id)
            active.append(e)
    for e in events:
        e.related = sorted(related.get(e.id, ()))
