"""What the resolver knows about one claim, and the compatibility score of two claims.

Each feature has a weight in data/diff.toml; `score` returns the total and, when asked,
the list of (feature, weight) that made it, which `diff --explain` prints.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from claimtrack.arabic.normalize import normalize
from claimtrack.diff.config import Config, config
from claimtrack.models import Claim, EntityRef

PROCLITICS = ("وال", "فال", "بال", "لل", "ال", "و", "ف", "ب", "ل")
NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
MIN_WORDS = 4
QUOTE = re.compile(r'[«“"]([^«»“”"]{6,}?)[»”"]')
YEAR = re.compile(r"(?:19|20)\d\d")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
NEVER = float("-inf")


@lru_cache(maxsize=100_000)
def word_forms(word: str) -> frozenset[str]:
    """A normalised word and the forms left after its usual proclitics."""
    norm = normalize(word)
    forms = {norm}
    for p in PROCLITICS:
        if norm.startswith(p) and len(norm) - len(p) >= 2:
            forms.add(norm[len(p):])
    return frozenset(forms)


@dataclass
class DiffContext:
    """What the diff needs besides the claims (all optional but `contains`)."""

    contains: Callable[[str, str], bool]  # place hierarchy: contains(outer, inner)
    doc_dates: Mapping[str, dt.date | None] = field(default_factory=dict)
    origins: list[list[str]] = field(default_factory=list)
    durations: Callable[[Claim], list] | None = None  # claim → TimeExpr durations in its evidence
    ancestors: Callable[[str], list[str]] | None = None  # place → containing places, innermost first
    lookup: Callable[[str], object | None] | None = None  # id → gazetteer Entity (kind, country, offices)
    # learned place id → the learned place it is (one base named by two articles, one of
    # which did not say where it lies)
    same_place: Mapping[str, EntityRef] = field(default_factory=dict)

    def region(self, place_id: str) -> str:
        """The outermost place containing this one: a blocking key for place-only claims."""
        place_id = self.same_place[place_id].id if place_id in self.same_place else place_id
        up = self.ancestors(place_id) if self.ancestors else []
        return up[-1] if up else place_id

    def origin_of(self) -> dict[str, int]:
        """Document name → index of its origin group (computed once)."""
        if not hasattr(self, "_origin_of"):
            self._origin_of = {doc: n for n, group in enumerate(self.origins) for doc in group}
        return self._origin_of

    def state_of(self, ref: EntityRef, cfg: Config) -> str | None:
        """The state an actor is part of or acts for: forces, ministries, capitals, office-holders."""
        if self.lookup is None:
            return None
        e = self.lookup(ref.id)
        if e is None or e.kind == "country":
            return None
        if e.kind == "person":
            offices = getattr(e, "offices", None) or []
            return offices[0].of if offices else None  # only an office-holder acts for a state
        if e.kind in cfg.state_parts or e.kind in cfg.metonyms:
            return e.country or None
        return None

    def names_of(self, ref: EntityRef) -> list[str]:
        """The Arabic names an entity may be written with."""
        e = self.lookup(ref.id) if self.lookup else None
        names = [ref.name_ar]
        if e is not None:
            names += list(getattr(e, "aliases_ar", []))
        return names


@dataclass(slots=True)
class Info:
    """A claim with what resolution and conflicts look at, computed once."""

    claim: Claim
    index: int
    actors: tuple[EntityRef, ...]
    ids: frozenset[str]  # the actors' ids
    states: dict[str, str]  # actor id → state it belongs to
    keys: frozenset[str]  # blocking keys (actor ids and their states)
    dated: bool
    start: dt.date | None  # the claim's interval, read once (pydantic attributes cost in the pair loop)
    end: dt.date | None
    standins: tuple[tuple[str, str], ...]  # (actor id, the state it stands for) — a country for itself
    venue: EntityRef | None  # the place when it is where the event happened (not a topic)
    phases: tuple[str, ...]  # every phase stated, the first is the claim's phase
    origin: int
    published: dt.date | None
    ordinal: int | None  # the claim's ordinal, unless its only ordinal word is inside its date
    numbers: frozenset[str] = frozenset()  # numbers written in the evidence, years left out
    quotes: frozenset[str] = frozenset()  # quoted phrases of two words or more, normalised
    _words: frozenset[str] | None = None

    @property
    def words(self) -> frozenset[str]:
        """Content words of the evidence (normalised, three letters or more)."""
        if self._words is None:
            self._words = frozenset(n for w in self.claim.evidence.split() if len(n := normalize(w)) >= 3
                                    and not NUMBER.fullmatch(n))
        return self._words


    @property
    def phase(self) -> str | None:
        """The claim's phase: the first it states."""
        return self.phases[0] if self.phases else None

    @property
    def doc(self) -> str:
        return self.claim.doc


def _evidence_forms(evidence: str) -> list[frozenset[str]]:
    return [word_forms(w) for w in re.findall(r"\w+", evidence)]


def denies(c: Claim, cfg: Config) -> bool:
    """Is a negated claim a denial of the event? Not when it negates a description ("ليست زيارة عابرة")."""
    if c.modality != "negated":
        return False
    forms = _evidence_forms(c.evidence)
    if any(f & cfg.denial_verbs for f in forms):
        return True
    trigger = word_forms(c.trigger.split()[0]) if c.trigger.split() else frozenset()
    for i, f in enumerate(forms):
        if f & trigger:
            before = forms[max(0, i - cfg.predicate_negation_window):i]
            if any(b & cfg.predicate_negations for b in before):
                return False
    return True


def phases_of(c: Claim, cfg: Config, forms: list[frozenset[str]] | None = None) -> tuple[str, ...]:
    """Every phase a claim states, in the data file's order ("began gradually": begun, ongoing).

    A process may be announced, begun, ongoing, completed or denied; other claims are only
    denied (negated) or announced (expected, possible).
    """
    if c.modality == "negated":
        return ("denied",) if denies(c, cfg) else ()
    if c.type not in cfg.processes:
        return ("announced",) if c.modality in ("expected", "possible") else ()
    words = set().union(*(forms if forms is not None else _evidence_forms(c.evidence)))
    words |= word_forms(c.trigger)
    found = []
    for phase in cfg.phase_order:
        if (phase == "announced" and c.modality in ("expected", "possible")) or \
                cfg.phase_cues.get(phase, frozenset()) & words:
            found.append(phase)
    return tuple(found)


def place_role(c: Claim, ctx: DiffContext, cfg: Config, forms: list[frozenset[str]]) -> str:
    """"topic" when the place follows a topic cue ("relations with Russia"), else "venue"."""
    if c.place is None or c.type in cfg.processes:
        return "venue"
    names = [tuple(normalize(w) for w in n.split()) for n in ctx.names_of(c.place)]
    for i, f in enumerate(forms):
        for name in names:
            if name and name[0] in f and all(
                    i + k < len(forms) and name[k] in forms[i + k] for k in range(1, len(name))):
                before = forms[max(0, i - cfg.topic_window):i]
                return "topic" if any(b & cfg.topic_cues for b in before) else "venue"
    return "venue"


def claim_info(c: Claim, index: int, ctx: DiffContext, cfg: Config, origin: int) -> Info:
    """The Info of one claim."""
    actors = tuple(([c.agent] if c.agent else []) + [p for p in c.participants if not c.agent or p.id != c.agent.id])
    states: dict[str, str] = {}
    if ctx.lookup is not None:
        for a in actors:
            s = ctx.state_of(a, cfg)
            if s:
                states[a.id] = s
    keys = frozenset({a.id for a in actors} | set(states.values()))
    needs_text = c.modality != "negated" and (c.type in cfg.processes or c.place is not None)
    forms = _evidence_forms(c.evidence) if needs_text and ctx.lookup is not None else []
    venue = ctx.same_place.get(c.place.id, c.place) if c.place is not None else None
    if c.place is not None and forms and place_role(c, ctx, cfg, forms) == "topic":
        venue = None
    phases = phases_of(c, cfg, forms or None) if c.type in cfg.processes or c.modality != "asserted" else ()
    dated = c.time.start is not None and c.time.resolved_by != "inferred"
    ordinal = c.ordinal if c.ordinal is None or _ordinal_outside_date(c, cfg) else None
    found = NUMBER.findall(c.evidence.translate(_DIGITS))
    numbers = frozenset(n for n in found if not YEAR.fullmatch(n))  # years are not details
    quotes = frozenset(q for m in QUOTE.finditer(c.evidence) if len((q := " ".join(
        normalize(w) for w in m.group(1).split())).split()) >= 2)
    standins = tuple((a.id, states.get(a.id) or a.id) for a in actors if a.id in states or a.kind == "country")
    return Info(claim=c, index=index, actors=actors, ids=frozenset(a.id for a in actors), states=states,
                keys=keys, dated=dated, start=c.time.start, end=c.time.end, standins=standins, venue=venue,
                phases=phases, origin=origin, published=ctx.doc_dates.get(c.doc), ordinal=ordinal,
                numbers=numbers, quotes=quotes)


def _ordinal_outside_date(c: Claim, cfg: Config) -> bool:
    """Is the ordinal written outside the date? ("1 تشرين الثاني" holds a "second" that is a month)."""
    evidence = c.evidence.replace(c.time.text, " ") if c.time.text else c.evidence
    return any(cfg.ordinal_words.get(f) == c.ordinal for w in re.findall(r"\w+", evidence) for f in word_forms(w))


# ------------------------------------------------------------------ pair score


def gap_days(a: Claim, b: Claim) -> int:
    """Days between two intervals (0 when they overlap)."""
    return max(0, (a.time.start - b.time.end).days, (b.time.start - a.time.end).days)


def _actor_link(x: Info, y: Info, ctx: DiffContext) -> tuple[str, str] | None:
    """("same"|"part", name) for the strongest actor link between two claims."""
    for a in x.actors:
        if a.id in y.ids:
            return "same", a.name
    if not (x.states or y.states):
        return None
    for a in x.actors:
        for b in y.actors:
            sa, sb = x.states.get(a.id), y.states.get(b.id)
            if sa == b.id or sb == a.id:  # a part and its whole; two parts of a state stay two actors
                return "part", f"{a.name} ~ {b.name}"
    return None


def _places(x: Info, y: Info, ctx: DiffContext) -> str | None:
    a, b = x.venue, y.venue
    if a is None or b is None:
        return None
    if ctx.contains(a.id, b.id) or ctx.contains(b.id, a.id):
        inner = b if ctx.contains(a.id, b.id) else a
        return "fine" if inner.kind in ("city", "facility") else "same"
    return "disjoint"


def _other_states(x: Info, y: Info) -> frozenset[str]:
    """The states x's actors stand for, among those y does not name (a country stands for itself)."""
    return frozenset(state for actor, state in x.standins if actor not in y.ids and state not in y.ids)


def _gap(x: Info, y: Info) -> int:
    return max(0, (x.start - y.end).days, (y.start - x.end).days)


def hard_conflict(x: Info, y: Info, cfg: Config) -> str | None:
    """Why two claims can never be one event (None when they can)."""
    a, b = x.claim, y.claim
    if a.type != b.type:
        return "different types"
    if x.dated and y.dated:
        gap = _gap(x, y)
        if gap > cfg.tolerance_of(a.type):
            return f"dates {gap} days apart"
        if a.doc == b.doc and gap > 0:
            return "one article dates them apart"
    if x.standins and y.standins and a.type in cfg.symmetric and x.ids != y.ids:
        ox, oy = _other_states(x, y), _other_states(y, x)
        if ox and oy and not ox & oy:
            return "different counterparts"  # Putin with Erdogan and Putin with Sisi are two calls
    if a.type not in cfg.symmetric and a.agent and b.agent and a.agent.id != b.agent.id \
            and a.agent.id not in y.ids and b.agent.id not in x.ids:
        if a.agent.kind == b.agent.kind == "person":
            return "different people act"
        sa, sb = x.states.get(a.agent.id), y.states.get(b.agent.id)
        if sa != b.agent.id and sb != a.agent.id and not (sa and sa == sb):
            return "different agents"  # the visitor is who the visit is about: Iraq is not Erdogan
    return None


def score(x: Info, y: Info, ctx: DiffContext, cfg: Config | None = None,
          why: list[tuple[str, float]] | None = None) -> float:
    """Compatibility of two claims (NEVER when they cannot be one event)."""
    cfg = cfg or config()
    w = cfg.weights
    if hard_conflict(x, y, cfg):
        return NEVER
    a, b = x.claim, y.claim
    total = 0.0

    def add(weight: float, label: str, *args) -> None:
        nonlocal total
        total += weight
        if why is not None:  # labels are formatted only for --explain
            why.append((label.format(*args), weight))

    link = _actor_link(x, y, ctx)
    if link is None and x.actors and y.actors:
        return NEVER  # two different actors are two events
    if link:
        same = link[0] == "same"
        add(w["same_agent"] if same else w["part_of_agent"],
            "same actor ({})" if same else "actor part of state ({})", link[1])
        shared = x.ids & y.ids
        if len(shared) > 1:
            add(w["shared_participant"] * (len(shared) - 1), "{} more shared participant(s)", len(shared) - 1)
    place = _places(x, y, ctx)
    if place == "disjoint":
        add(w["disjoint_place"], "places apart ({} / {})", x.venue.name, y.venue.name)
    elif place:
        add(w["same_place"], "same or finer place ({} / {})", x.venue.name, y.venue.name)
        if place == "fine":
            add(w["fine_place"], "the place is a city or facility")
    if x.dated and y.dated:
        gap = _gap(x, y)
        if gap == 0:
            if x.start == x.end and y.start == y.end:
                add(w["time_overlap_day"], "dates overlap (day)")
            else:
                add(w["time_overlap"], "dates overlap ({}/{})", a.time.grain, b.time.grain)
        elif a.type in cfg.processes:
            add(w["process_window"], "process told {} days apart", gap)
        else:
            add(w["time_near"], "dates {} days apart (possible date conflict)", gap)
    elif x.published and y.published and not (x.dated or y.dated):
        days = abs((x.published - y.published).days)
        if days <= cfg.tolerance["publication"]:
            add(w["near_publication"], "articles published {} days apart", days)
    if x.ordinal and y.ordinal:
        if x.ordinal == y.ordinal:
            add(w["same_ordinal"], "same ordinal")
        else:
            add(-w["same_ordinal"], "different ordinals")
    if x.origin == y.origin and a.doc != b.doc:
        add(w["same_origin"], "copies of one story")
    if len(x.words) >= MIN_WORDS and len(y.words) >= MIN_WORDS:  # a two-word line shares nothing distinctive
        jac = len(x.words & y.words) / len(x.words | y.words)
        if jac >= 0.05:
            add(round(w["detail"] * jac, 2), "shared wording {:.2f}", jac)
    common = x.numbers & y.numbers
    if common:
        add(w["same_number"], "same number ({})", ", ".join(sorted(common)))
    if x.quotes & y.quotes:
        add(w["same_quote"], "same quoted words")
    return total


def is_background(c: Claim, cfg: Config) -> bool:
    """Does the claim's sentence tell it as an earlier event ("وكان ...")?"""
    return _background_words(c.evidence, cfg.background_cues)


@lru_cache(maxsize=100_000)
def _background_words(evidence: str, cues: frozenset[str]) -> bool:
    return not cues.isdisjoint(normalize(t) for t in evidence.split())


def undated_bonus(u: Info, members: list[Info], cfg: Config,
                  why: list[tuple[str, float]] | None = None) -> float:
    """Features of an undated claim against a dated event: its own article, publication date."""
    w = cfg.weights
    total = 0.0
    members = [m for m in members if m.index != u.index]
    own = [m for m in members if m.doc == u.doc]
    if own:
        if any(m.ordinal or is_background(m.claim, cfg) for m in own):
            total += w["background"]
            if why is not None:
                why.append(("its article frames this event as an earlier one", w["background"]))
        else:
            total += w["own_document"]
            if why is not None:
                why.append(("its own article dates this event", w["own_document"]))
    if u.published is not None:
        near = any(m.dated and (abs((m.claim.time.end - u.published).days) <= cfg.tolerance["publication"]
                   or m.claim.time.start <= u.published <= m.claim.time.end) for m in members)
        if near:
            total += w["near_publication"]
            if why is not None:
                why.append(("event dated near its article's publication", w["near_publication"]))
        elif any(m.dated for m in members):
            total += w["far_from_publication"]
            if why is not None:
                why.append(("event dated far from its article's publication", w["far_from_publication"]))
    return total
