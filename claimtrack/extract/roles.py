"""Frames and roles: who did what to whom.

For a trigger, each name in its clause gets a syntactic slot (subject, object, genitive)
from word order, and a cue from what stands right before it (a preposition, a phrase such
as "مقدمة من", a proclitic ب or ل); a nationality adjective after a noun is a cue too. The
trigger's frame (data/frames.toml) maps cues and slots to roles; a governing verb can say
what its subject is ("تلقى X اتصالاً": X is the callee). The claim's agent is the filler of
the type's agent role, its participants the other actors, its place the first place role
filled. Nothing here names a sentence: what differs between triggers is in the data.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter

from claimtrack.extract.features import Features
from claimtrack.extract.lexicon import frames, type_frame, words
from claimtrack.extract.syntax import (
    ACTOR_KINDS,
    PLACE_KINDS,
    PUNCTUATION,
    bare,
    governed,
    head_of_coordination,
    lam,
    separated,
)
from claimtrack.extract.syntax import cue_before as _cue_before
from claimtrack.extract.syntax import definite as _definite
from claimtrack.extract.triggers import Trigger
from claimtrack.models import Mention, Token

SUBJECT_AFTER = 9  # a verb's subject after it stands within this many tokens ("ووقع على المذكرة، الوزير")
GENITIVE_GAP = 3  # "زيارة [الرئيس] الشرع": the genitive starts within this many tokens
BARE_AFTER = 6  # an indefinite noun's doer named a little after it
GOVERNOR_BEFORE = 14  # a governing verb stands within this many tokens before its noun (its subject, titles and a date between)
ADJECTIVE_AFTER = 4  # "شحنة مساعدات غذائية قطرية"
SLOTS = ("subject", "possessed_subject", "genitive", "genitive_place", "object")
AGENT_FROM = ("governor", "slot", "cue", "adjective")  # how the agent's role was found, by preference
NOT_CUES = frozenset({*SLOTS, "adjective"})  # keys of a cue table that are no words before a name
_token_start = attrgetter("token_start")


@dataclass
class Roles:
    """The roles a frame filled: the agent, the other actors, and a place if a cue named one."""

    agent: str | None
    participants: list[str]
    place: str | None = None
    filled: dict[str, list[str]] = field(default_factory=dict)


def _as_list(roles: str | list[str]) -> list[str]:
    return [roles] if isinstance(roles, str) else list(roles)


@cache
def _type_cues(type_: str) -> dict[str, list[str]]:
    """cue → roles of an event type (data/frames.toml), read once."""
    return {cue: _as_list(r) for cue, r in type_frame(type_).get("cues", {}).items()}


# (type, id of a frame's own cue table) → (that table, the merged table, its cue words): the
# frames are data read once, so each merge is built once (the entry keeps its id unique)
_TABLES: dict[tuple[str, int], tuple[dict | None, dict[str, list[str]], frozenset[str]]] = {}


def _tables(trig: Trigger) -> tuple[dict[str, list[str]], frozenset[str]]:
    """cue → roles for one trigger, and the cue words among its keys (shared: read only)."""
    own = trig.entry.get("cues")
    slot = (trig.type, id(own))
    hit = _TABLES.get(slot)
    if hit is None or hit[0] is not own:
        out = dict(_type_cues(trig.type))
        out.update({cue: _as_list(r) for cue, r in (own or {}).items()})
        out.setdefault("possessed_subject", out.get("subject", []))
        hit = _TABLES[slot] = (own, out, frozenset(out.keys() - NOT_CUES))
    return hit[1], hit[2]


def cue_table(trig: Trigger) -> dict[str, list[str]]:
    """cue → roles for one trigger (its frame's cues override its type's; shared: read only)."""
    return _tables(trig)[0]


def _fits(role: str, kind: str, type_: str, is_place: bool) -> bool:
    allowed = type_frame(type_)["roles"].get(role, "actor")
    if allowed == "actor":
        return kind in ACTOR_KINDS
    if allowed == "place":
        return is_place and kind in PLACE_KINDS
    return kind in allowed


def _role_for(cue: str | None, table: dict[str, list[str]], kind: str, type_: str,
              is_place: bool = False) -> str | None:
    if cue is None or cue not in table:
        return None
    return next((r for r in table[cue] if _fits(r, kind, type_, is_place)), None)


def governor_role(trig: Trigger, tokens: list[Token], feats: Features, clause_start: int) -> tuple[int, str] | None:
    """A verb governing a noun trigger that says what its subject is: (its index, the role)."""
    if trig.verb:
        return None
    table, keys = frames()["governor"], _governor_keys()
    for j in range(trig.index - 1, max(clause_start, trig.index - GOVERNOR_BEFORE) - 1, -1):
        a = tokens[j].analysis
        if a is not None and a.known and a.pos != "verb":
            continue
        if tokens[j].norm in PUNCTUATION and j + 1 < trig.index and tokens[j + 1].norm.startswith("و"):
            return None  # "رحّب بالدعوة، وإن موعد الزيارة": a new coordinated clause
        if keys.isdisjoint(feats.forms[j]):
            continue  # most words govern nothing: one set test instead of one per form
        key = next(f for f in feats.forms[j][::-1] if f in table)
        if trig.type in table[key]["subject"]:
            return j, table[key]["subject"][trig.type]
    return None


@cache
def _governor_keys() -> frozenset[str]:
    """The forms that have a governor entry (data/frames.toml)."""
    return frozenset(frames()["governor"])


class RoleFinder:
    """Fills a trigger's roles from its frame (kind: an entity's kind; gaz: the gazetteer)."""

    def __init__(self, kind: Callable[[str], str], gaz) -> None:
        self.kind = kind
        self.gaz = gaz

    def slots(
        self, trig: Trigger, tokens: list[Token], actors: list[Mention], verb_agent: str | None,
        places: list[Mention] = (), carried: bool = False, skip: frozenset[int] = frozenset(),
    ) -> dict[str, Mention | str]:
        """Subject, object and genitive of the trigger, by word order (an object may be a
        place: "زار موسكو"); `carried`: the clause goes on with the subject before ("حيث
        يلتقي Y": Y is the object)."""
        i = trig.index
        before = [m for m in actors if m.token_end <= i]
        after = [m for m in actors if m.token_start > i]
        objects = sorted([*after, *[p for p in places if p.token_start > i and p not in after]], key=_token_start)
        out: dict[str, Mention | str] = {}
        if trig.verb:
            # "X من المقرر أن يلتقي": modal words between the subject and its verb
            particles = words("before_verb")
            adjacent_before = [m for m in before if i - m.token_end <= 1
                               or all(bare(t) in particles for t in tokens[m.token_end : i])]
            named = {k for m in [*actors, *places] for k in range(m.token_start, m.token_end)}
            subject_after = [m for m in after[:1] if m.token_start - i <= SUBJECT_AFTER
                             and not governed(tokens, m) and m.via != "counterpart"
                             and not self._place_object(trig, tokens, m, skip | named, objects)]
            if carried and verb_agent is not None and not adjacent_before:
                out["subject"] = verb_agent
            elif adjacent_before:  # "السيسي وماكرون يبحثان": the first of the pair
                out["subject"] = head_of_coordination(before, tokens)
            elif subject_after:
                out["subject"] = subject_after[0]
            elif verb_agent is not None:
                out["subject"] = verb_agent  # "سيلتقي ... وسيبحثان": the same subject goes on
            elif before:
                out["subject"] = head_of_coordination(before, tokens)
            subject = out.get("subject")
            subject_id = subject.entity_id if isinstance(subject, Mention) else subject
            obj = next((m for m in objects if m is not subject and m.entity_id != subject_id
                        and (not governed(tokens, m) or lam(tokens, m))), None)
            if obj is not None:
                out["object"] = obj
            return out
        # a definite noun ("الزيارة") has no genitive doer; after a call, letter or
        # invitation a ل marks who receives it ("دعوة للرئيس عون")
        is_definite = _definite(tokens[i])
        a = tokens[i].analysis
        # "خلال استقباله": the pronoun is the noun's own doer, so the name before fills another slot
        subject_slot = "possessed_subject" if a is not None and a.enclitics else "subject"
        # "خلال زيارته الرئيس X": a noun with a pronoun has its possessor, the name after is no genitive
        owned = a is not None and bool(a.enclitics)
        genitive = [m for m in after if not owned and m.token_start - i <= GENITIVE_GAP
                    and not separated(tokens, i, m.token_start)
                    and (not governed(tokens, m) and not is_definite or lam(tokens, m))]
        named_place = bool(genitive) and genitive[0].via == "alias" and self.kind(genitive[0].entity_id) in PLACE_KINDS \
            and "genitive_place" in cue_table(trig)
        if genitive and named_place:
            out["genitive_place"] = genitive[0]  # "زيارة الصين": the doer is still to be found
            before = [m for m in before if m is not genitive[0]]
        if genitive and not named_place:
            out["genitive"] = genitive[0]
        elif is_definite and i > 0 and bare(tokens[i - 1]) in words("about"):
            pass  # "يرفض الإفصاح عن الزيارة": the event told before, not one the names before make
        elif verb_agent is not None:
            out[subject_slot] = verb_agent  # the subject of the verb the noun depends on
        elif before and i - before[-1].token_end <= 1:  # "تطلب من القوات الروسية مغادرة القاعدة"
            out[subject_slot] = head_of_coordination(before, tokens)
        elif free_before := [m for m in before if not governed(tokens, m)]:
            out[subject_slot] = head_of_coordination(free_before, tokens)
        elif not_located := [m for m in before if bare(tokens[m.token_start - 1]) not in words("locative")]:
            # "انطلقت من ميناء ... في قبرص ... المساعدات": a place where something is does not act
            out[subject_slot] = head_of_coordination(not_located, tokens)
        elif after and tokens[after[0].token_start - 1].norm in words("between"):
            out["subject"] = after[0]  # "المباحثات بين بوتين والشرع"
        elif after and not is_definite and not governed(tokens, after[0]) and after[0].token_start - i <= BARE_AFTER:
            out["subject"] = after[0]
        return out

    def _place_object(self, trig: Trigger, tokens: list[Token], m: Mention, skip: frozenset[int],
                      objects: list[Mention] = ()) -> bool:
        """A place named after a verb is its object, not its subject: right after a verb whose
        object is a place, when no other place follows as that object ("أنه زار إسرائيل", but
        "زارت ماليزيا بغداد"), or after a subject the gazetteer does not name ("غادرت فرقة من
        120 جندياً فرنسياً تشاد"); `skip`: dates and names, stepped over."""
        if self.kind(m.entity_id) not in PLACE_KINDS or m.via != "alias":
            return False
        between = [t for k, t in enumerate(tokens[trig.index + 1 : m.token_start], start=trig.index + 1)
                   if k not in skip and t.norm.isalpha()]
        titles, preps = words("title_words"), words("governing_prepositions")
        if any(bare(t) not in titles and t.norm not in preps for t in between):
            # a common noun is the subject, unless the place is its genitive ("وقعت حكومتا تركيا
            # والعراق"): after an adjective ("جندياً فرنسياً"), a definite word or a number it is not
            head = tokens[m.token_start - 1].norm
            return (head.startswith("ال") or head.endswith("ا") or head[:1].isdigit()
                    or bool(self.gaz.country_of_adjective(head)))
        roles = type_frame(trig.type)["roles"]
        another = any(o.token_start >= m.token_end and self.kind(o.entity_id) in PLACE_KINDS
                      and not governed(tokens, o) for o in objects)
        return not between and not another and any(roles.get(r) == "place" for r in cue_table(trig).get("object", []))

    def assign(
        self, trig: Trigger, tokens: list[Token], feats: Features, actors: list[Mention], places: list[Mention],
        kinds: Mapping[str, str], gov: tuple[int, str] | None, verb_agent: str | None = None,
        carried: bool = False, dated: frozenset[int] = frozenset(),
    ) -> Roles:
        """The roles of one trigger (`kinds`: the kinds of the sentence's mentions; `gov`: its
        governor_role; `dated`: the tokens of time expressions)."""
        table, keys = _tables(trig)
        slots = self.slots(trig, tokens, actors, verb_agent, places, carried, dated)
        slot_of = {id(m): s for s, m in slots.items() if isinstance(m, Mention)}
        roles: dict[str, list[str]] = {}
        first_by: dict[str, str] = {}  # entity → how its role was found ("slot", "cue", "adjective")

        def put(role: str | None, entity: str, how: str) -> None:
            if role is None or entity in first_by:
                return
            roles.setdefault(role, []).append(entity)
            first_by[entity] = how

        if gov is not None:
            subject = self._governor_subject(gov[0], trig, tokens, actors)
            if subject is not None:
                put(gov[1], subject.entity_id, "governor")
        for s, filler in slots.items():  # a slot filled by the previous verb's subject (no mention
            if isinstance(filler, str):  # here; slots holds at most one)
                put(_role_for(s, table, self.kind(filler), trig.type), filler, "slot")
        place_ids = {id(p) for p in places}
        seen = sorted([*actors, *[p for p in places if p not in actors]], key=_token_start)
        for m in seen:
            key = id(m)
            kind, is_place = kinds[m.entity_id], key in place_ids
            # a prepositional complement follows its head ("انسحاب ... من القاعدة")
            cue = _cue_before(tokens, feats.bare, m, keys, trig.index + 1) if m.token_start > trig.index else None
            role = _role_for(cue, table, kind, trig.type, is_place) if cue is not None else None
            if role is None and key in slot_of:
                role = _role_for(slot_of[key], table, kind, trig.type, is_place)
                cue = None
            put(role, m.entity_id, "cue" if cue else "slot")
        if "adjective" in table:
            named = frozenset(k for m in actors for k in range(m.token_start, m.token_end))
            for country in self._adjectives(trig, tokens, named):
                put(_role_for("adjective", table, "country", trig.type), country, "adjective")
        found = self._resolve(trig, roles, first_by, actors, places)
        if trig.entry.get("needs_role") and not roles.get(trig.entry["needs_role"]):
            return Roles(None, [], None, roles)  # "تستضيفها بغداد": a summit hosted, no visitor
        if (found.agent is None and gov is not None and gov[1] != type_frame(trig.type)["agent"]
                and not _definite(tokens[trig.index])):  # a definite noun refers back instead
            # "تلقى X اتصالاً ... Y": the subject receives, so the other side named after it acted
            other = next((m.entity_id for m in actors if m.token_start > trig.index
                          and m.entity_id not in first_by), None)
            if other is not None:
                found = Roles(other, [e for e in found.participants if e != other], found.place, found.filled)
        return found

    def _governor_subject(self, g: int, trig: Trigger, tokens: list[Token], actors: list[Mention]) -> Mention | None:
        """The subject of a governing verb: between it and the noun, else before it, else the
        first ungoverned name after the noun ("سلّم الرسالةَ لجلالته، فؤاد حسين")."""
        between = [m for m in actors if g < m.token_start < trig.index and not governed(tokens, m)]
        if between:
            return between[0]
        before = [m for m in actors if m.token_end <= g]
        free = [m for m in before if not governed(tokens, m)]  # "يلتقي شريف بالرئيس شي، كما يجري"
        if free or before:
            return head_of_coordination(free or before, tokens)
        return next((m for m in actors if m.token_start > trig.index and not governed(tokens, m)), None)

    def _adjectives(self, trig: Trigger, tokens: list[Token], named: frozenset[int] = frozenset()) -> list[str]:
        """States named by a nationality adjective after a noun: "شحنة مساعدات قطرية" (Qatar)
        (`named`: tokens of actors' names, whose adjective belongs to the name after a verb)."""
        out = []
        # "قافلة ... المحملة بالمساعدات الأردنية"; the nouns merged into a verb ("وصلت إلى
        # بيروت طائرة مساعدات أردنية") and, after a verb, its subject's ("وصلت الطائرة البريطانية")
        windows = [range(at + 1, min(len(tokens), at + 1 + ADJECTIVE_AFTER)) for at in (trig.index, *trig.merged)]
        if trig.verb and type_frame(trig.type).get("adjective_before_verb"):
            # "27 جندياً هندياً غادروا": the subject before the verb, with its adjective
            windows.insert(0, range(max(0, trig.index - ADJECTIVE_AFTER), trig.index))
        for window in windows:
            for k in window:
                if trig.verb and k in named:
                    continue  # "وُقّع اتفاق بين الحكومة اللبنانية": the adjective is the name's
                country = self.gaz.country_of_adjective(tokens[k].norm)
                if country:
                    out.append(country)
        return out[:1]

    def _resolve(self, trig: Trigger, roles: dict[str, list[str]], how: dict[str, str],
                 actors: list[Mention], places: list[Mention]) -> Roles:
        spec = type_frame(trig.type)
        order = spec.get("agent_from", AGENT_FROM)
        candidates = roles.get(spec["agent"], [])
        agent = (candidates[0] if len(candidates) == 1 else  # most roles: one candidate, nothing to rank
                 min(candidates, key=lambda e: order.index(how[e]) if how[e] in order else len(order), default=None))
        place = next((e for r in spec.get("places", []) for e in roles.get(r, [])
                      if self.kind(e) in PLACE_KINDS), None)
        place_ids = {m.entity_id for m in places}
        # the actors, then the other fillers, each once, in that order
        others = [e for e in dict.fromkeys([*[m.entity_id for m in actors], *[e for r in roles.values() for e in r]])
                  if e != agent and e not in place_ids]
        return Roles(agent, others, place, roles)

