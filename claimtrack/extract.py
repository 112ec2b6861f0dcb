"""Claims from analysed sentences.

A claim starts at a trigger word, matched by lemma or clitic-free stem (so
"وسيزورون" and "فزارها" are زار), in a sentence that is not boilerplate. Around the
trigger, inside its clause, the extractor picks:

- the claimant: who the sentence attributes the report to ("نقلت رويترز عن ... أن",
  "وفق ما ذكرت ...", "حسب بيسكوف"); a claimant is never an actor of the event;
- the agent: for a verb, the subject (the entity right before it, else the first one
  after it that no preposition governs); for a noun, its genitive ("زيارة الشرع"),
  else the subject of the governing verb (the nearest actor before it);
- the other participants (the rest of the clause's actors), the place (the most
  specific place in the clause), the time (the nearest date expression, each
  expression serving one trigger), ordinal, count and modality from cue words.

The cue words live in data/cues.toml. A trigger with no actor is a generic mention
("تبادلًا مكثفًا للزيارات") and yields no claim; so do plural visit/meeting/call nouns.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from claimtrack.models import (
    Claim,
    ClaimTime,
    Count,
    Document,
    EntityRef,
    Mention,
    Sentence,
    TimeExpr,
    Token,
)

ACTOR_KINDS = {"person", "country", "organisation", "group", "media", "organization"}
PLACE_KINDS = {"city", "facility", "region", "country"}
PLACE_DEPTH = {"facility": 3, "city": 2, "region": 1, "country": 0}
GOVERNING_PREPOSITIONS = {"مع", "الي", "ب", "ل", "عن", "من", "علي", "في", "بين"}
BOUNDARY_WORDS = {"؛", "حيث", "بينما", "فيما", "اذ", "لكن", "لكنها", "الا"}
REFERENCE_TIME_WORDS = {"بعد", "قبل", "منذ", "عقب", "اثر"}
GENERIC_PLURAL_TYPES = {"visit", "meeting", "call", "message"}
DEMONSTRATIVES = {"هذا", "هذه", "ذلك", "تلك", "هذين", "هاتين"}
# A trigger right after these is the object of another event ("دعوة لحضور القمة").
COMPLEMENT_WORDS = {"لحضور", "حضور", "للمشاركه", "المشاركه", "بالمشاركه"}
# A trigger a few words after these is a topic under discussion, not an event ("بحث ملفات ... تزويده").
TOPIC_WORDS = {"ملف", "ملفات", "مسأله", "مساله", "قضيه", "قضايا"}
VISIT_AGENT_KINDS = {"person", "country"}
PLACE_DESCRIPTORS = {"العاصمه", "عاصمه", "مدينه", "المدينه", "ريف", "محافظه", "منطقه", "بلده", "قصر",
                     "مطار", "قاعده", "جنوب", "شمال", "شرق", "غرب", "وسط"}
# "بنظام بشار الأسد": a name that qualifies a regime or an era is not an actor
NOT_ACTOR_BEFORE = {"نظام", "بنظام", "لنظام", "حكم", "عهد", "سقوط", "رحيل", "وفاه", "مرحله"}
ACTOR_WINDOW = 10
COORDINATED_DESCRIPTORS = {"دوله", "الرئيس", "رئيس", "الملك", "الامير", "وزير", "نظيره", "نظيرته"}
# "تلقى X اتصالاً من Y": the receiver is the subject, the sender comes after من
RECEIVE_VERBS = {"تلقي", "تلقت", "يتلقي", "تتلقي", "استلم", "استلمت", "تسلم", "تسلمت"}
SENT_TYPES = {"call", "message", "invitation"}
# "شحنة ... تصل بيروت": the shipment arrives; a place right after these is its destination
ARRIVAL_VERBS = {"تصل", "يصل", "وصلت", "وصل", "ستصل", "سيصل"}
# "كان ... قد زار", "أن يكون ... قد تلقى": قد with a perfect is a past, not a possibility
KANA = {"كان", "كانت", "يكون", "تكون", "كانوا"}
# "بحثا خلاله": what was discussed during the event just named is not another event
# (but "يلتقي خلالها بنظيره" is a meeting during the visit)
DURING_IT = {"خلاله", "خلالها"}
DISCUSSION_KEYS = {"بحث", "ناقش", "تباحث"}
PRONOUNS_IS = {"هي", "هو"}  # "..., هي الثالثة": the ordinal of the event just named
NEAR = 5  # tokens on each side for a trigger's `near` words
QUOTES = {"“", "\"", "«", "”", "»"}
MONTH_HEADS = {"تشرين", "كانون", "ربيع", "جمادي"}  # "تشرين الأول" is a month, not "the first"
DIFFERENT_EVENT_WORDS = {"سابقه", "سابق", "اخري", "اخر", "جديده", "جديد", "مماثله", "لاحقه"}
FUTURE_VERB = re.compile(r"^[وف]?س[يتن]\w{3,}$")
NUMBER_RE = re.compile(r"^\d+$")
WORD_NUMBERS = {"مرتين": 2, "ثلاث": 3, "اربع": 4, "خمس": 5, "عده": None}


@cache
def cues() -> dict:
    """The cue tables (data/cues.toml), parsed once."""
    text = resources.files("claimtrack").joinpath("data/cues.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _forms(tok: Token) -> tuple[str, ...]:
    a = tok.analysis
    if a is None:
        return (tok.norm,)
    return (tok.norm, a.stem, a.lemma_norm)


@dataclass
class _Trigger:
    index: int  # token index in the sentence
    key: str
    entry: dict
    merged: list[int] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.entry["type"]


@dataclass
class _Attribution:
    start: int  # token index where the attributed content begins
    claimant: str | None
    mention: Mention | None


def _find_triggers(tokens: list[Token], sentence_forms: set[str]) -> list[_Trigger]:
    table = cues()["trigger"]
    found: list[_Trigger] = []
    for i, tok in enumerate(tokens):
        a = tok.analysis
        key = next((f for f in _forms(tok)[::-1] if f in table), None)
        if key is None:
            continue
        entry = table[key]
        if entry.get("verb_only") and (a is None or a.pos != "verb"):
            continue
        if entry.get("needs") and not _mentions_any(sentence_forms, entry["needs"]):
            continue
        if entry.get("near"):
            window = tokens[max(0, i - NEAR) : i + NEAR + 1]
            if not any(set(_forms(t)) & set(entry["near"]) for t in window):
                continue
        if entry["type"] == "meeting" and any(
            t.norm.startswith("هاتفي") for t in tokens[i + 1 : i + 3]
        ):  # "يبحثان هاتفياً": talks by phone are a call
            entry = dict(entry, type="call")
        if entry["type"] in GENERIC_PLURAL_TYPES and entry["pos"] == "noun" and _is_plural(tok, key):
            continue
        before = [t.norm.removeprefix("و") for t in tokens[max(0, i - 6) : i]]
        if entry["pos"] == "noun" and before and before[-1] in DEMONSTRATIVES | COMPLEMENT_WORDS:
            continue  # "هذه الزيارة" refers back; "لحضور القمة" is part of another event
        if entry["type"] != "meeting" and TOPIC_WORDS.intersection(before):
            continue
        if (entry["type"] == "visit" and a is not None and "ل" in a.proclitics
                and any(t.type == "invitation" and i - t.index <= 5 for t in found)):
            continue  # "دعوة ... لزيارة عمّان": the visit is what the invitation asks for
        if entry["type"] == "visit" and any(t.type == "shipment" and i - t.index <= 4 for t in found):
            continue  # "شحنة مساعدات تصل بيروت": the shipment arrives, nobody visits
        if key in DISCUSSION_KEYS and i + 1 < len(tokens) and tokens[i + 1].norm in DURING_IT:
            continue  # "اتصالاً ... بحثا خلاله": what was discussed during the event just named
        found.append(_Trigger(i, key, entry))
    return _merge_adjacent(found)


def _mentions_any(forms: set[str], words: list[str]) -> bool:
    """Any word of the list in the sentence, also with an enclitic attached ("جنودها")."""
    if forms.intersection(words):
        return True
    return any(f.startswith(w) and len(f) - len(w) <= 3 for f in forms for w in words)


def _is_plural(tok: Token, key: str) -> bool:
    """Plural visit/meeting/call/message nouns ("الزيارات", "اتصالات", "رسائل") are generic."""
    a = tok.analysis
    if a is None or key in ("مباحثه", "محادثه", "مباحثات", "محادثات"):
        return False
    stem, lemma = a.stem, a.lemma_norm
    if stem.endswith("ات") and not lemma.endswith("ات"):
        return True
    return a.known and stem != lemma and not stem.startswith(lemma[:-1])


def _merge_adjacent(triggers: list[_Trigger]) -> list[_Trigger]:
    """Same-type triggers within four tokens describe one event ("بعث ... رسالة")."""
    merged: list[_Trigger] = []
    for t in triggers:
        prev = merged[-1] if merged else None
        if prev and prev.type == t.type and t.index - max([prev.index, *prev.merged]) <= 4:
            prev.merged.append(t.index)
        else:
            merged.append(t)
    return merged


def _attributions(tokens: list[Token], mentions: list[Mention], kinds: Mapping[str, str]) -> tuple[
    list[_Attribution], _Attribution | None
]:
    """Attribution verbs with their content start, and a sentence-wide prepositional claimant."""
    table = cues()["attribution"]
    verbs, comps = set(table["verbs"]), set(table["complementisers"])
    preps, skips = set(table["prepositions"]), set(table["skip_after_preposition"])
    out: list[_Attribution] = []
    prep: _Attribution | None = None
    for i, tok in enumerate(tokens):
        forms = set(_forms(tok))
        if forms & verbs:
            for j in range(i + 1, min(len(tokens), i + 12)):
                if tokens[j].text in QUOTES and not (j == i + 1 or tokens[j - 1].text == ":"):
                    continue  # a quoted name ("وكالة “رويترز”"), not the start of a quotation
                if tokens[j].norm in comps or tokens[j].text in comps:
                    m = _first_mention(mentions, i + 1, j, kinds, ACTOR_KINDS)
                    phrase = _phrase(tokens, i + 1, j) if m is None else None
                    out.append(_Attribution(j + 1, phrase, m))  # a clause boundary even unnamed
                    break
        elif prep is None and forms & preps:
            j = i + 1
            while j < len(tokens) and (set(_forms(tokens[j])) & (skips | verbs)):
                j += 1
            m = _first_mention(mentions, j, min(len(tokens), j + 4), kinds, ACTOR_KINDS)
            if m is not None and m.token_start == j:
                prep = _Attribution(0, None, m)
            elif j < len(tokens) and tokens[j].norm in set(table["source_nouns"]):
                prep = _Attribution(0, _phrase(tokens, j, min(len(tokens), j + 3)), None)
    return out, prep


def _phrase(tokens: list[Token], start: int, end: int) -> str | None:
    """A claimant named by a bare noun phrase ("مصادر سورية"), if it starts with a source noun."""
    words = [t for t in tokens[start:end] if t.norm.isalpha()]
    if not words or words[0].norm.removeprefix("و") not in set(cues()["attribution"]["source_nouns"]):
        return None
    return " ".join(t.text for t in words[:4])


def _first_mention(
    mentions: list[Mention], start: int, end: int, kinds: Mapping[str, str], allowed: set[str]
) -> Mention | None:
    for m in mentions:
        if start <= m.token_start < end and kinds.get(m.entity_id) in allowed:
            return m
    return None


def _boundaries(tokens: list[Token], attributions: list[_Attribution]) -> list[int]:
    """Token indices where a new clause starts."""
    marks = {0, len(tokens)}
    marks.update(a.start for a in attributions)
    for i, tok in enumerate(tokens):
        if tok.norm in BOUNDARY_WORDS:
            marks.add(i)
    return sorted(marks)


def _clause(index: int, bounds: list[int]) -> tuple[int, int]:
    start = max(b for b in bounds if b <= index)
    end = min(b for b in bounds if b > index)
    return start, end


class Extractor:
    """Claims of one document (the gazetteer resolves entity kinds, refs and countries)."""

    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer
        self._kinds: dict[str, str] = {}

    def kind(self, entity_id: str) -> str:
        """An entity's kind ("person", "city", ...), cached."""
        if entity_id not in self._kinds:
            try:
                self._kinds[entity_id] = self.gaz.get(entity_id).kind
            except KeyError:
                self._kinds[entity_id] = ""
        return self._kinds[entity_id]

    def ref(self, entity_id: str) -> EntityRef:
        """The contract form of an entity."""
        return self.gaz.get(entity_id).ref()

    def document(
        self,
        doc: Document,
        sentences: Sequence[Sentence],
        mentions: Mapping[int, list[Mention]],
        times: Mapping[int, list[TimeExpr]],
    ) -> list[Claim]:
        """Every claim of a document, in text order."""
        claims: list[Claim] = []
        for s in sentences:
            if s.boilerplate or not s.tokens:
                continue
            claims.extend(self.sentence(doc, s, mentions.get(s.index, []), times.get(s.index, []), claims))
        return claims

    def sentence(
        self, doc: Document, s: Sentence, mentions: list[Mention], times: list[TimeExpr],
        before: Sequence[Claim] = (),
    ) -> list[Claim]:
        """The claims of one sentence (`before`: the document's claims so far)."""
        tokens = s.tokens
        table = cues()["trigger"]
        if not any(f in table for t in tokens for f in _forms(t)):
            return []  # most sentences: no trigger word, nothing more to do
        sentence_forms = {f for t in tokens for f in _forms(t)}
        triggers = _find_triggers(tokens, sentence_forms)
        if not triggers:
            return []
        mentions = [m for m in mentions if m.entity_id]
        kinds = {m.entity_id: self.kind(m.entity_id) for m in mentions}
        attributions, prep = _attributions(tokens, mentions, kinds)
        bounds = _boundaries(tokens, attributions)
        claimant_ids = {a.mention.entity_id for a in attributions if a.mention}
        if prep and prep.mention:
            claimant_ids.add(prep.mention.entity_id)
        time_owner = _assign_times(tokens, triggers, times, bounds)
        named = frozenset(k for m in mentions for k in range(m.token_start, m.token_end))
        claims: list[Claim] = []
        previous: dict[str, tuple[str | None, str | None]] = {}
        verb_agents: list[tuple[int, str]] = []  # (clause start, agent) of verb triggers so far
        for trig in triggers:
            c_start, c_end = _clause(trig.index, bounds)
            # "استقبل [host]، [date]، [guest]": the guest comes late in the clause
            window = 2 * ACTOR_WINDOW if trig.entry.get("role") == "host" else ACTOR_WINDOW
            attribution = next(
                (a for a in reversed(attributions)
                 if a.start <= trig.index and (a.mention or a.claimant)), None
            ) or prep
            claimant_mention = attribution.mention if attribution else None
            actors = [
                m for m in mentions
                if kinds[m.entity_id] in ACTOR_KINDS - {"media"}
                and m is not claimant_mention
                and not (m.entity_id in claimant_ids and claimant_mention is not None
                         and m.entity_id == claimant_mention.entity_id
                         and claimant_mention.via != "nationality")  # "أعلنت وزارة الدفاع الفرنسية أن فرنسا"
                and c_start <= m.token_start < c_end
                and abs(m.token_start - trig.index) <= window
                and not (m.token_start > 0 and tokens[m.token_start - 1].norm.removeprefix("و") in NOT_ACTOR_BEFORE)
            ]
            if trig.type == "visit":  # a visitor is a person or a state, not an army or a party
                actors = [m for m in actors if kinds[m.entity_id] in VISIT_AGENT_KINDS]
            places = [m for m in mentions if kinds[m.entity_id] in PLACE_KINDS
                      and c_start <= m.token_start < c_end]
            verb_agent = next((a for (cs, a) in reversed(verb_agents) if cs == c_start), None)
            agent, participants = self._actors(trig, tokens, actors, places, verb_agent)
            agent, participants = self._revise_roles(trig, tokens, agent, participants, actors, places,
                                                     [*before, *claims], claims)
            if trig.type not in ("visit", "withdrawal", "meeting"):
                places = [m for m in places if kinds[m.entity_id] != "country"]
            place = self._place(trig, tokens, places, agent, participants)
            if place is None and claims and trig.type in ("visit", "meeting"):
                place = next((c.place.id for c in reversed(claims)  # a visit and its meeting
                              if c.place and c.type in ("visit", "meeting")), None)
            earlier = next((c for c in reversed(claims) if c.type == trig.type), None)
            if earlier is not None and self._same_event(trig, tokens, agent, earlier, time_owner):
                claims[claims.index(earlier)] = _enrich(earlier, trig, tokens, time_owner.get(trig.index))
                continue
            if agent is None and trig.type in previous:
                agent, inherited_place = previous[trig.type]
                place = place or inherited_place
            if agent is None:
                agent = self._implied_agent(trig, tokens, mentions, kinds, c_start)
            if agent is None and not participants and not (trig.type == "withdrawal" and place):
                continue
            if trig.type == "meeting" and not self._enough_for_meeting(agent, participants):
                continue
            previous.setdefault(trig.type, (agent, place))
            if trig.entry["pos"] == "verb" and agent:
                verb_agents.append((c_start, agent))
            claims.append(
                self._claim(doc, s, trig, agent, participants, place, time_owner.get(trig.index),
                            attribution, tokens, c_start, named)
            )
        return claims

    def _revise_roles(
        self, trig: _Trigger, tokens: list[Token], agent: str | None, participants: list[str],
        actors: list[Mention], places: list[Mention], so_far: list[Claim], in_sentence: list[Claim],
    ) -> tuple[str | None, list[str]]:
        """Roles that word order alone gets wrong (so_far: the document's claims until now)."""

        def make_agent(new: str) -> tuple[str, list[str]]:
            others = [agent, *participants] if agent else participants
            return new, _unique(others, new, places)

        sender = _received_from(tokens, trig.index, actors) if trig.type in SENT_TYPES else None
        if sender is not None and sender.entity_id != agent:  # "تلقى X اتصالاً من Y"
            agent, participants = make_agent(sender.entity_id)
        if trig.type == "shipment":
            supplier = self._supplier(trig, tokens)
            if supplier is not None:  # "شحنة مساعدات فرنسية": France, whoever else is named
                agent, participants = supplier, [e for e in participants if e != supplier]
        if agent is None and participants and in_sentence and any(
                self.kind(e) in VISIT_AGENT_KINDS for e in participants):
            # "وتضمنت الرسالة دعوة ...": the doer of the event just named in the sentence
            agent = in_sentence[-1].agent.id if in_sentence[-1].agent else None
            participants = [e for e in participants if e != agent]
        sides = [agent, *participants] if agent else participants
        if any(self.kind(e) in VISIT_AGENT_KINDS for e in sides) and self._refers_back(
                trig, tokens, agent, actors):
            # "وتضمنت الرسالة دعوة للرئيس عون", "رحّب عون بالدعوة": the one reported before
            told = next((c.agent.id for c in reversed(so_far) if c.type == trig.type and c.agent), None)
            if told is not None and told != agent:
                agent, participants = make_agent(told)
        return agent, participants

    @staticmethod
    def _refers_back(trig: _Trigger, tokens: list[Token], agent: str | None, actors: list[Mention]) -> bool:
        """A definite noun ("الرسالة") whose doer the sentence does not name: none was found, or
        only the subject of another verb that governs it ("رحّب عون بالدعوة")."""
        if not _definite_noun(trig, tokens):
            return False
        if agent is None:
            return True
        i = trig.index
        governed = _has_preposition(tokens[i]) or (i > 0 and tokens[i - 1].norm in GOVERNING_PREPOSITIONS)
        return governed and any(m.entity_id == agent and m.token_end <= i for m in actors)

    def _supplier(self, trig: _Trigger, tokens: list[Token]) -> str | None:
        """The state named by an adjective after the trigger: "شحنة مساعدات قطرية" (Qatar)."""
        for tok in tokens[trig.index + 1 : trig.index + 5]:
            country = self.gaz.country_of_adjective(tok.norm)
            if country:
                return country
        return None

    def _implied_agent(self, trig: _Trigger, tokens: list[Token], mentions: list[Mention],
                       kinds: Mapping[str, str], clause_start: int) -> str | None:
        """A state named indirectly: "شحنة مساعدات قطرية" (Qatar), "باريس ... سحب" (France)."""
        i = trig.index
        if trig.type == "agreement":  # shipments got theirs in _revise_roles
            supplier = self._supplier(trig, tokens)
            if supplier:
                return supplier
        if trig.type in ("withdrawal", "agreement", "shipment"):
            subjects = [m for m in mentions if clause_start <= m.token_start < i and kinds[m.entity_id] == "city"
                        and not _governed(tokens, m)]
            if subjects:  # a capital as the subject of the sentence stands for its state
                return self.gaz.get(subjects[-1].entity_id).country or None
        return None

    def _same_event(self, trig: _Trigger, tokens: list[Token], agent: str | None, earlier: Claim,
                    time_owner: dict[int, TimeExpr]) -> bool:
        """A later mention of the same type in one sentence restates the event ("وصل ... في
        ثاني زيارة له", "سيلتقي ... وسيبحثان"), unless it names its own doer or date or says
        it is another one ("زيارة سابقة")."""
        window = {t.norm for t in tokens[trig.index + 1 : trig.index + 4]}
        if window & DIFFERENT_EVENT_WORDS:
            return False
        own_time = time_owner.get(trig.index)
        prev = {t.norm for t in tokens[max(0, trig.index - 2) : trig.index]}
        framed = bool(prev & {"في", "خلال", "وفي"})  # "في (أول) زيارة رسمية": the event just named
        if own_time is not None and not framed:
            return own_time.start is not None and own_time.start == earlier.time.start
        if trig.entry["pos"] == "verb" and agent is not None:
            return earlier.agent is not None and agent == earlier.agent.id and not own_time
        return agent is None or (earlier.agent is not None and agent == earlier.agent.id)

    def _enough_for_meeting(self, agent: str | None, participants: list[str]) -> bool:
        """A meeting needs a named person, or two sides ("روسيا والحكومة السورية")."""
        sides = [e for e in [agent, *participants] if e]
        return len(sides) >= 2 or any(self.kind(e) == "person" for e in sides)

    # ------------------------------------------------------------- roles

    def _actors(
        self, trig: _Trigger, tokens: list[Token], actors: list[Mention], places: list[Mention],
        verb_agent: str | None = None,
    ) -> tuple[str | None, list[str]]:
        i = trig.index
        verb = trig.entry["pos"] == "verb"
        before = [m for m in actors if m.token_end <= i]
        after = [m for m in actors if m.token_start > i]
        agent: Mention | str | None = None
        if trig.entry.get("role") == "host":
            return self._hosted(trig, tokens, actors, places, before, after)
        adjacent_before = [m for m in before if i - m.token_end <= 1]
        if verb:
            subject_after = [m for m in after[:1] if m.token_start - i <= 6
                             and not _governed(tokens, m) and m.via != "counterpart"]
            if adjacent_before:  # "السيسي وماكرون يبحثان": the first of the pair
                agent = _head_of_coordination(before, tokens)
            elif subject_after:
                agent = subject_after[0]
            elif verb_agent is not None:
                agent = verb_agent  # "سيلتقي ... وسيبحثان": the same subject goes on
            elif before:
                agent = _head_of_coordination(before, tokens)
        else:
            # a definite noun ("الزيارة") has no genitive doer; after a call, letter or
            # invitation a ل marks who receives it ("دعوة للرئيس عون")
            definite = _definite_noun(trig, tokens)
            genitive = [m for m in after if m.token_start - i <= 3 and not _separated(tokens, i, m.token_start)
                        and (not _governed(tokens, m) and not definite
                             or _lam(tokens, m) and trig.type not in SENT_TYPES)]
            if genitive:
                agent = genitive[0]
            elif verb_agent is not None:
                agent = verb_agent  # the subject of the verb the noun depends on
            elif before:
                agent = _head_of_coordination(before, tokens)
            elif after and tokens[after[0].token_start - 1].norm == "بين":
                agent = after[0]  # "المباحثات بين بوتين والشرع"
            elif (after and not definite and not _governed(tokens, after[0])
                  and after[0].token_start - i <= 6):
                agent = after[0]
        agent_id = agent.entity_id if isinstance(agent, Mention) else agent
        others = [m.entity_id for m in actors if m is not agent]
        return agent_id, _unique(others, agent_id, places)

    def _hosted(self, trig, tokens, actors, places, before, after) -> tuple[str | None, list[str]]:
        """استقبل/استقبال: the visit's agent is the guest, the host a participant."""
        i = trig.index
        own = tokens[i].analysis
        if own is not None and own.enclitics and after:  # "استقباله للشرع": guest after, host is ه
            guest = after[0]
        elif after and not before and own is not None and own.pos == "verb" and len(
                {m.entity_id for m in after}) > 1:
            # "استقبل الرئيس السيسي ... الملك عبد الله": the host comes first, then the guest
            host = after[0].entity_id
            guest = next((m for m in after if m.entity_id != host
                          and (not _governed(tokens, m) or _lam(tokens, m))), after[0])
        elif after and (before or (own is not None and own.pos == "verb")):
            guest = next((m for m in after if not _governed(tokens, m) or _lam(tokens, m)), after[0])
        else:
            guest = after[0] if after else (before[-1] if before else None)
        if guest is None:
            return None, []
        rest = [m.entity_id for m in actors if m is not guest]
        return guest.entity_id, _unique(rest, guest.entity_id, places)

    def _place(
        self, trig: _Trigger, tokens: list[Token], places: list[Mention], agent: str | None,
        participants: list[str],
    ) -> str | None:
        i = trig.index
        near = [m for m in places if m.entity_id != agent and m.entity_id not in participants
                and -8 <= m.token_start - i <= 10]
        # a place is where something happens when a preposition marks it ("في موسكو", "إلى
        # روسيا", "من مطار القامشلي"); a bare city name is usually its government ("موسكو تسعى")
        candidates = [m for m in near if _governed(tokens, m)]
        if not candidates and trig.entry["pos"] == "verb" and trig.type in ("visit", "meeting"):
            # "التقى [subject], [date], [object] في موسكو": the place closes a long clause
            candidates = [m for m in places if m.entity_id != agent and m.entity_id not in participants
                          and 10 < m.token_start - i <= 25 and tokens[m.token_start - 1].norm == "في"]
        if trig.type == "invitation":  # "دعوة ... لزيارة عمّان": where the guest is asked to go
            candidates += [m for m in near if m.token_start > i and m not in candidates
                           and tokens[m.token_start - 1].norm.removeprefix("و") in ("لزياره", "زياره")]
        if trig.type == "shipment":  # "شحنة ... تصل بيروت"
            candidates += [m for m in near if m.token_start > i and m not in candidates
                           and tokens[m.token_start - 1].norm.removeprefix("و") in ARRIVAL_VERBS]
        if trig.type == "visit" and trig.entry["pos"] == "verb":
            candidates += [m for m in near if m.token_start > i and m not in candidates]  # "يزور موسكو"
        if trig.type == "visit":
            after = [m for m in candidates if m.token_start > i]
            candidates = after or candidates
        elif trig.type == "withdrawal":  # withdrawn from somewhere named after the verb
            candidates = [m for m in candidates if m.token_start > i]
        if not candidates:
            return None
        ids = list(dict.fromkeys(m.entity_id for m in candidates))
        # the most specific place of a nested chain (the Kremlin in Moscow → the Kremlin)
        inner = [p for p in ids if not any(q != p and self.gaz.contains(p, q) for q in ids)]
        return min(inner, key=lambda p: min(abs(m.token_start - i) for m in candidates if m.entity_id == p))

    # -------------------------------------------------------- claim record

    def _claim(
        self, doc: Document, s: Sentence, trig: _Trigger, agent: str | None, participants: list[str],
        place: str | None, time: TimeExpr | None, attribution: _Attribution | None,
        tokens: list[Token], clause_start: int, named: frozenset[int] = frozenset(),
    ) -> Claim:
        modality = _modality(trig, tokens, clause_start, time, doc)
        codes = _codes(trig, modality, tokens, place, agent, participants, self)
        tok = tokens[trig.index]
        claimant = None
        if attribution is not None:
            claimant = (self.gaz.get(attribution.mention.entity_id).name
                        if attribution.mention else attribution.claimant)
        claim_time = ClaimTime()
        if time is not None:
            claim_time = ClaimTime(text=time.text, start=time.start, end=time.end, grain=time.grain,
                                   resolved_by=time.resolved_by, inconsistent=time.inconsistent)
        ident = hashlib.sha256(f"{doc.id}|{trig.type}|{tok.start}|{tok.end}".encode()).hexdigest()[:16]
        return Claim(
            id=ident,
            doc=doc.name,
            source=doc.source,
            type=trig.type,
            cameo=codes[0],
            plover=codes[1],
            plover_mode=codes[2],
            agent=self.ref(agent) if agent else None,
            participants=[self.ref(p) for p in participants],
            place=self.ref(place) if place else None,
            time=claim_time,
            ordinal=_ordinal(trig, tokens, named),
            count=_count(trig, tokens),
            modality=modality,
            attributed_to=claimant,
            trigger=tok.text,
            evidence=doc.text[s.start : s.end],
            span=(s.start, s.end),
        )


def _received_from(tokens: list[Token], i: int, actors: list[Mention]) -> Mention | None:
    """"تلقى X اتصالاً من Y": Y made the call (sent the letter, the invitation)."""
    if not any(t.norm.removeprefix("و") in RECEIVE_VERBS for t in tokens[max(0, i - 8) : i]):
        return None
    for m in actors:
        if i < m.token_start <= i + 6:
            lead = [t.norm for t in tokens[max(i + 1, m.token_start - 4) : m.token_start]]
            if "من" in lead and "،" not in lead:
                return m
    return None


def _definite_noun(trig: _Trigger, tokens: list[Token]) -> bool:
    """A noun trigger with the article ("الزيارة", "بالدعوة"): it cannot take a genitive doer."""
    if trig.entry["pos"] != "noun":
        return False
    a = tokens[trig.index].analysis
    if a is not None and a.proclitics:
        return any(c in ("ال", "لل") for c in a.proclitics)
    return tokens[trig.index].norm.removeprefix("و").removeprefix("ب").startswith("ال")


def _perfect_qad(words: list[str], k: int, tokens: list[Token]) -> bool:
    """قد at words[k] before a perfect ("كان ... قد زار", "قد تلقى"): a past, not a possibility."""
    if KANA.intersection(words[max(0, k - 6) : k]):
        return True
    nxt = tokens[k + 1].analysis if k + 1 < len(tokens) else None
    return nxt is not None and nxt.pos == "verb" and nxt.aspect == "p"


def _has_preposition(tok: Token) -> bool:
    if tok.analysis and set(tok.analysis.proclitics) & {"ب", "ل", "لل", "ك"}:
        return True
    return tok.norm[:1] in ("ب", "ل") and tok.analysis is not None and bool(tok.analysis.proclitics)


def _governed(tokens: list[Token], m: Mention) -> bool:
    """True when a preposition governs the mention ("مع بوتين", "بموسكو", "إلى العاصمة الروسية موسكو")."""
    k = m.token_start
    if _has_preposition(tokens[k]):
        return True
    for _ in range(3):  # step back over "العاصمة الروسية", "مدينة", "ريف"
        prev = tokens[k - 1] if k > 0 else None
        if prev is None:
            return False
        word = prev.norm.removeprefix("و")
        if word in GOVERNING_PREPOSITIONS:
            return True
        if not (word in PLACE_DESCRIPTORS or (word.startswith("ال") and word.endswith(("ي", "يه")))):
            return False
        if _has_preposition(prev):
            return True
        k -= 1
    return False


def _lam(tokens: list[Token], m: Mention) -> bool:
    """"زيارة للرئيس السوري": a ل that marks the doer of a verbal noun."""
    first = tokens[m.token_start]
    return first.norm.startswith("لل") or (first.analysis is not None and first.analysis.proclitics[-1:] == ("ل",))


def _head_of_coordination(before: list[Mention], tokens: list[Token]) -> Mention:
    """The first of "بوتين والشرع": walk back over mentions joined by و."""
    k = len(before) - 1
    while k > 0:
        prev, cur = before[k - 1], before[k]
        joined = cur.token_start - prev.token_end == 0 and tokens[cur.token_start].norm.startswith("و")
        joined = joined or (cur.token_start - prev.token_end == 1 and tokens[prev.token_end].norm == "و")
        # "الحكومة اللبنانية ودولة قطر": one descriptor word carries the و
        joined = joined or (cur.token_start - prev.token_end == 1 and tokens[prev.token_end].norm[:1] == "و"
                            and tokens[prev.token_end].norm.removeprefix("و") in COORDINATED_DESCRIPTORS)
        if not joined:
            break
        k -= 1
    return before[k]


def _separated(tokens: list[Token], i: int, j: int) -> bool:
    """A comma or a preposition between trigger and mention breaks a genitive."""
    return any(t.norm in ("،", ",", "(", ")") or t.norm in GOVERNING_PREPOSITIONS
               for t in tokens[i + 1 : j])


def _unique(ids: list[str], agent: str | None, places: list[Mention]) -> list[str]:
    place_ids = {m.entity_id for m in places}
    out: list[str] = []
    for e in ids:
        if e != agent and e not in out and e not in place_ids:
            out.append(e)
    return out


def _assign_times(
    tokens: list[Token], triggers: list[_Trigger], times: list[TimeExpr], bounds: list[int]
) -> dict[int, TimeExpr]:
    """Give each date expression to the nearest trigger of each type in its clause.

    Per type, so that "التقى ... في أكتوبر 2025، في أول زيارة" dates both the meeting and
    the visit; one trigger per type, so that "زيارة ... بعد زيارة سابقة جرت في 15 تشرين"
    dates only the earlier visit.
    """
    owner: dict[int, TimeExpr] = {}
    best: dict[int, int] = {}
    for t in times:
        if t.kind == "duration":
            continue
        if _word_before(tokens, t.start_char) in REFERENCE_TIME_WORDS:
            continue  # "بعد سقوط النظام أواخر 2024": a reference point, not the event's time
        at = next((k for k, tok in enumerate(tokens) if tok.end > t.start_char), len(tokens) - 1)
        clause = _clause(at, bounds)
        for kind in {trig.type for trig in triggers}:
            same = [trig for trig in triggers if trig.type == kind and clause[0] <= trig.index < clause[1]]
            if not same:
                continue

            def distance(trig: _Trigger, t: TimeExpr = t) -> int:
                tok = tokens[trig.index]
                return min(abs(tok.start - t.end_char), abs(t.start_char - tok.end))

            nearest = min(same, key=distance)
            d = distance(nearest)
            if nearest.index not in best or d < best[nearest.index]:
                best[nearest.index] = d
                owner[nearest.index] = t
    return owner


def _word_before(tokens: list[Token], char: int) -> str:
    prev = ""
    for tok in tokens:
        if tok.end > char:
            break
        if tok.norm.isalpha():
            prev = tok.norm
    return prev.removeprefix("و")


def _enrich(claim: Claim, trig: _Trigger, tokens: list[Token], time: TimeExpr | None) -> Claim:
    """Add what a restatement says (ordinal, count, time) to the claim it restates."""
    update: dict = {}
    if claim.ordinal is None and (ordinal := _ordinal(trig, tokens)) is not None:
        update["ordinal"] = ordinal
    if claim.count is None and (count := _count(trig, tokens)) is not None:
        update["count"] = count
    if claim.time.start is None and time is not None and time.start is not None:
        update["time"] = ClaimTime(text=time.text, start=time.start, end=time.end, grain=time.grain,
                                   resolved_by=time.resolved_by, inconsistent=time.inconsistent)
    return claim.model_copy(update=update) if update else claim


def _future_verb(tok: Token) -> bool:
    """"سيتناول", "ستتناول": an imperfective with the future س (also when the analyser
    does not know the verb)."""
    a = tok.analysis
    if a is not None and "س" in a.proclitics and a.aspect == "i":
        return True
    if a is not None and a.known:
        return False
    return bool(FUTURE_VERB.match(tok.norm)) and not tok.norm.endswith(("ه", "ي", "ات", "يه"))


def _modality(
    trig: _Trigger, tokens: list[Token], clause_start: int, time: TimeExpr | None, doc: Document
) -> str:
    table = cues()["modality"]
    i = trig.index
    tok = tokens[i]
    sentence_before = [t.norm.removeprefix("و") for t in tokens[:i]]
    scope_start = max(0, clause_start - 2)  # denials count from anywhere before, the rest in the clause
    where: dict[str, list[int]] = {}
    for k, word in enumerate(sentence_before):
        where.setdefault(word, []).append(k)
    found: tuple[int, str] | None = None
    for modality in ("negated", "possible", "expected"):
        for phrase in table[modality]:
            lo = 0 if phrase[0] in ("نفي", "نفت", "ينفي", "تنفي") else scope_start
            at = _last_phrase(sentence_before, where, phrase, lo)
            if at is not None and phrase == ["قد"] and _perfect_qad(sentence_before, at, tokens):
                continue
            if at is not None and (found is None or at > found[0]):
                found = (at, modality)
    a = tok.analysis
    if a is not None and "س" in a.proclitics:
        return "expected"
    if found is None and any(_future_verb(t) for t in tokens[max(clause_start, i - 6) : i + 6]):
        return "expected"
    if i > 0 and tokens[i - 1].norm in table["purpose_prefixes"] or tok.norm in table["purpose_prefixes"]:
        return "expected" if found is None or found[1] == "expected" else found[1]
    if found is not None:
        return found[1]
    if time is not None and time.start and doc.published and time.start > doc.published:
        return "expected"
    return "asserted"


def _last_phrase(words: list[str], where: Mapping[str, list[int]], phrase: list[str], lo: int) -> int | None:
    """The last position ≥ lo where phrase occurs in words (where: word → its positions)."""
    n = len(phrase)
    for k in reversed(where.get(phrase[0], ())):
        if k < lo:
            return None
        if k + n <= len(words) and words[k : k + n] == phrase:
            return k
    return None


def _ordinal(trig: _Trigger, tokens: list[Token], named: frozenset[int] = frozenset()) -> int | None:
    """"ثاني زيارة", "زيارته الأولى", "..., هي الثالثة"; never part of a name ("عبد الله الثاني")."""
    table = {w: int(k) for k, ws in cues()["ordinal"].items() for w in ws}
    i = trig.index
    for j in range(max(0, i - 2), i):  # "ثاني زيارة", "أول زيارة"
        word = tokens[j].norm.removeprefix("و")
        if word in table and j not in named:
            return table[word]
    # after it: "زيارته الأولى", "تعد الثانية من نوعها" (within 7 words), or past a comma
    # "شحنة ... ، هي الثالثة"
    for j in range(i + 1, min(len(tokens), i + 12)):
        norm, prev = tokens[j].norm, tokens[j - 1].norm.removeprefix("و")
        if (norm in table and norm.startswith("ال") and j not in named and prev not in MONTH_HEADS
                and (j <= i + 7 or prev in PRONOUNS_IS)):
            return table[norm]
        following = tokens[j + 1].norm.removeprefix("و") if j + 1 < len(tokens) else ""
        if norm in (".", "؛") or (norm == "،" and j > i + 2 and following not in PRONOUNS_IS):
            break
    return None


def _count(trig: _Trigger, tokens: list[Token]) -> Count | None:
    table = cues()["count"]
    i = trig.index
    window = tokens[i + 1 : i + 10]
    for k, tok in enumerate(window):
        if tok.norm in table["more"] or tok.norm in table["less"]:
            op = ">" if tok.norm in table["more"] else "<"
            rest = window[k + 1 : k + 4]
            words = [t.norm for t in rest]
            if words and words[0] == "من" and len(words) >= 3 and words[2] in table["times"]:
                value = words[1]
                if NUMBER_RE.match(value):
                    return Count(op=op, value=int(value))
                if WORD_NUMBERS.get(value):
                    return Count(op=op, value=WORD_NUMBERS[value])
    return None


def _codes(
    trig: _Trigger, modality: str, tokens: list[Token], place: str | None, agent: str | None,
    participants: list[str], ex: Extractor,
) -> tuple[str, str, str | None]:
    """CAMEO code (text), PLOVER category and mode of a claim."""
    c = cues()["codes"][trig.type]
    cameo, plover, mode = c["cameo"], c["plover"], c.get("mode")
    if trig.type == "visit" and trig.entry.get("role") == "host":
        cameo = c["cameo_host"]
    elif trig.type == "meeting":
        if len({agent, *participants} - {None}) >= 3:
            mode = "multilateral"
        elif place and agent and _third_location(ex, place, [agent, *participants]):
            cameo, mode = c["cameo_third"], "third-party"
    elif trig.type == "withdrawal" and modality != "asserted":
        cameo, plover = c["cameo_announced"], c["plover_announced"]
    elif trig.type == "agreement" and (modality != "asserted" or not trig.entry.get("signed")):
        cameo, plover = c["cameo_announced"], c["plover_announced"]
    elif trig.type == "shipment":
        words = {t.norm for t in tokens}
        if words & set(c["military_words"]):
            cameo, mode = "072", "military"
        elif words & set(c["humanitarian_words"]):
            cameo, mode = "073", "humanitarian"
    return cameo, plover, mode


def _third_location(ex: Extractor, place: str, actors: list[str]) -> bool:
    """A meeting held in none of its participants' countries (CAMEO 044)."""
    countries = set()
    for a in actors:
        ent = ex.gaz.get(a)
        countries.add(a if ent.kind == "country" else getattr(ent, "country", "") or "")
    countries.discard("")
    if not countries:
        return False
    return not any(ex.gaz.contains(c, place) for c in countries)


def extract(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: Mapping[int, list[Mention]],
    times: Mapping[int, list[TimeExpr]],
    gazetteer,
) -> list[Claim]:
    """The claims of one analysed document."""
    return Extractor(gazetteer).document(doc, sentences, mentions, times)
