"""The engine: one sentence's triggers, through their frames, to claims.

For each trigger it takes the actors and places of the trigger's clause, lets the frame
fill the roles (roles.py), resolves what the sentence leaves implicit by what the document
said before (a definite noun that refers back, a dual subject, a restatement of the
event just named), and records the claim with its time, modality, numbers and codes.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from itertools import chain
from operator import attrgetter

from claimtrack.extract.attribution import (
    Attribution,
    attributions,
    boundaries,
    clause,
)
from claimtrack.extract.codes import codes
from claimtrack.extract.features import Features, features
from claimtrack.extract.lexicon import cues, frames_of, type_frame, words
from claimtrack.extract.modality import modality
from claimtrack.extract.quantities import count, ordinal, quantity
from claimtrack.extract.roles import RoleFinder, governor_role
from claimtrack.extract.syntax import (
    ACTOR_KINDS,
    PLACE_KINDS,
    bare,
    definite,
    governed,
    has_preposition,
    head_of_coordination,
)
from claimtrack.extract.time import assign_times, claim_time
from claimtrack.extract.triggers import Trigger, find_triggers
from claimtrack.memo import Memo
from claimtrack.models import Claim, Document, EntityRef, Mention, Sentence, TimeExpr, Token

ACTOR_WINDOW = 10  # tokens around a trigger in which its actors stand
HOST_WINDOW = 20  # "استقبل [host]، [date]، [guest]": the guest comes late in the clause
PLACE_BEFORE, PLACE_AFTER = 8, 10
FAR_PLACE = 25  # "التقى [subject], [date], [object] في موسكو": the place closes a long clause
REPORT_REACH = 8  # "نفت وزارة الدفاع الأمريكية انسحاب": the verb and its subject before the noun
TITLE_GAP = 4  # "رشيد رئيس جمهورية العراق": title words between a name and its country
NAME_GAP = 2  # "رئيس الجمهورية العماد جوزاف عون": a rank and a first name between a title and its holder
ASKED_REACH = 8  # "دعوة رسمية للرئيس الغاني لزيارة بلاده": the visit asked for, after the invitee
DUAL_REACH = 3  # "التقى الزعيمان": the dual stands this close to the trigger
PRONOUN_SUFFIXES = ("ها", "ه", "هم", "هما")  # the enclitic pronouns of "قواتها", "جنوده"
SAME_EVENT_AFTER = 4  # words after a restating trigger that may say it is another event
# types whose place may be a country ("زار روسيا"); for the others a country is a side
COUNTRY_PLACE_TYPES = frozenset({"visit", "withdrawal", "meeting", "invitation"})  # "دعوة لزيارة الجزائر"
SHARED_PLACE_TYPES = frozenset({"visit", "meeting"})  # a visit and its meeting share a place
_start, _end = attrgetter("start"), attrgetter("end")


class Extractor:
    """Claims of one document (the gazetteer resolves entity kinds, refs and countries)."""

    def __init__(self, gazetteer) -> None:
        self.gaz = gazetteer
        self._kinds = Memo(self._kind)
        # the contract form of an entity, built once per document (claims share it; nothing edits it)
        self._refs = Memo(lambda entity_id: gazetteer.get(entity_id).ref())
        self.roles = RoleFinder(self._kinds.__getitem__, gazetteer)

    def _kind(self, entity_id: str) -> str:
        try:
            return self.gaz.get(entity_id).kind
        except KeyError:
            return ""

    def kind(self, entity_id: str) -> str:
        """An entity's kind ("person", "city", ...), cached."""
        return self._kinds[entity_id]

    def ref(self, entity_id: str) -> EntityRef:
        """The contract form of an entity, built once per document (claims share it; nothing edits it)."""
        return self._refs[entity_id]

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
        feats = features(tokens)
        if feats is None:
            return []  # most sentences: no trigger word, nothing more to do
        triggers = find_triggers(tokens, feats)
        if not triggers:
            return []
        mentions = [m for m in mentions if m.entity_id]
        kinds = {m.entity_id: self._kinds[m.entity_id] for m in mentions}
        # "فيصل بن فرحان": a word of a known person's name is no trigger (a learned name may
        # have swallowed the verb after it, so it does not count)
        in_name = {k for m in mentions if kinds[m.entity_id] == "person" and not m.entity_id.startswith("learned-")
                   for k in range(m.token_start, m.token_end)}
        triggers = [t for t in triggers if t.index not in in_name]
        if not triggers:
            return []
        found, prep = attributions(tokens, mentions, kinds, feats)
        bounds = boundaries(tokens, found)
        claimant_ids = {a.mention.entity_id for a in found if a.mention}
        if prep and prep.mention:
            claimant_ids.add(prep.mention.entity_id)
        time_owner = assign_times(tokens, triggers, times, bounds, feats.reporting, doc.published)
        named = frozenset({k for m in mentions for k in range(m.token_start, m.token_end)})
        # the tokens a time expression overlaps (tokens are in text order: two bisections each)
        dated = frozenset({k for t in times for k in range(bisect_right(tokens, t.start_char, key=_end),
                                                           bisect_left(tokens, t.end_char, key=_start))})
        no_numbers = named | dated  # "في السادس من تموز" is a date, "عبد الله الثاني" a name
        place_mentions = [m for m in mentions if kinds[m.entity_id] in PLACE_KINDS
                          and m.via not in ("title", "counterpart")]  # "نظيره القبرصي" is a person, no place
        claims: list[Claim] = []
        previous: dict[str, tuple[str | None, str | None]] = {}
        verb_agents: list[tuple[int, str]] = []  # (clause start, agent) of verb triggers so far
        verb_claims: dict[str, int] = {}  # id → clause start of the claims a verb trigger made
        weak: set[str] = set()  # withdrawals with neither actor nor a place a preposition marks
        for trig in triggers:
            c_start, c_end = clause(trig.index, bounds)
            attribution = next((a for a in reversed(found) if a.start <= trig.index and (a.mention or a.claimant)),
                               None) or prep
            if attribution is None and not trig.verb:
                attribution = self._nominal_report(trig, tokens, feats, mentions, kinds, c_start)
                if attribution is not None:
                    claimant_ids.add(attribution.mention.entity_id)
            gov = governor_role(trig, tokens, feats, c_start)
            actors = self._actors(trig, tokens, mentions, kinds, attribution, claimant_ids, (c_start, c_end), gov,
                                  feats)
            if trig.anaphoric and not self._restates(trig, mentions, before, claims):
                continue  # "تأتي هذه الزيارة": a restatement names a side of an event told before
            # "وفق مصادر في دمشق": the claimant's phrase names no place of the event
            stop = min(c_end, prep.verb) if prep is not None and prep.verb > trig.index else c_end
            places = [m for m in place_mentions if c_start <= m.token_start < stop]
            if trig.type not in COUNTRY_PLACE_TYPES:
                places = [m for m in places if kinds[m.entity_id] != "country"]
            verb_agent = next((a for (cs, a) in reversed(verb_agents) if cs == c_start), None)
            carried = False
            if verb_agent is None and trig.verb and tokens[c_start].norm in words("boundaries") and verb_agents:
                verb_agent = verb_agents[-1][1]  # "غادر X ... حيث يلتقي": the subject goes on
                carried = tokens[c_start].norm in words("subject_goes_on")
            if (trig.verb and claims and claims[-1].agent and trig.index + 1 < len(tokens)
                    and tokens[trig.index + 1].norm in words("during_it")):
                verb_agent, carried = claims[-1].agent.id, True  # "زيارة X ... يلتقي خلالها Z"
            roles = self.roles.assign(trig, tokens, feats, actors, places, kinds, gov, verb_agent, carried, dated)
            if roles.agent is None and _about_told(trig, tokens):
                continue  # "رفض مكتبه الإفصاح عن الزيارة": talk about an event told before, no new one
            agent, participants = self._refer_back(trig, tokens, roles.agent, roles.participants, actors,
                                                   places, before, claims)
            if agent is None and trig.anaphoric:  # "خلال هذا الاتصال": the one told before
                told = next(c for c in reversed(before) if c.type == trig.type)
                agent, participants = (told.agent.id if told.agent else None), [p.id for p in told.participants]
            place = roles.place if roles.place not in (agent, *participants) else None
            place = place or self._place(trig, tokens, places, agent, participants)
            place = self._finer(trig, place, places, agent, participants)
            if place is None and claims and trig.type in SHARED_PLACE_TYPES:
                place = next((c.place.id for c in reversed(claims)
                              if c.place and c.type in SHARED_PLACE_TYPES), None)
            if place is None and trig.type == "invitation":
                # "يبدأ زيارة إلى الكويت ... بدعوة X": the invitation asks for the visit told
                place = next((c.place.id for c in reversed(claims) if c.place and c.type == "visit"), None)
                place = place or self._own_country(trig, tokens, agent)
            earlier = next((c for c in reversed(claims) if c.type == trig.type), None)
            object_of = earlier is not None and verb_claims.get(earlier.id) == c_start
            # "انسحاب القوات الفرنسية": the doer named right after a noun
            genitive_doer = not trig.verb and any(m.entity_id == agent and 0 < m.token_start - trig.index <= DUAL_REACH
                                                  for m in actors)
            if earlier is not None and self._same_event(trig, tokens, agent, earlier, time_owner, object_of,
                                                        genitive_doer):
                claims[claims.index(earlier)] = _enrich(earlier, trig, tokens, feats, time_owner.get(trig.index),
                                                        self._refs[agent] if agent else None)
                continue
            if agent is None and trig.type in previous:
                agent, inherited_place = previous[trig.type]
                place = place or inherited_place
            if (agent is None and attribution is not None and attribution.mention is not None
                    and kinds.get(attribution.mention.entity_id) == "person" and _first_person(trig, tokens)):
                agent = attribution.mention.entity_id  # "وقال مادورو: لقد وصلنا إلى برازيليا": the speaker
                participants = [e for e in participants if e != agent]
            if agent is None:
                agent = self._capital_as_state(trig, tokens, mentions, kinds, c_start)
            if agent is None and attribution is not None and attribution.mention is not None:
                agent = self._owner(trig, tokens, attribution.mention.entity_id)
            if agent is None and not participants:
                agent, participants = self._dual(trig, feats, [*before, *claims])
            if agent is None and not participants and not (trig.type == "withdrawal" and place and not any(
                    place in fillers for role, fillers in roles.filled.items() if role != "origin")) and not (
                    place and _told_by_verb(trig, feats) and type_frame(trig.type).get("kept_with_place")):
                continue  # an agentless withdrawal needs a place it leaves, not only where it goes
            if trig.type == "meeting" and not self._enough_for_meeting(agent, participants):
                continue
            previous.setdefault(trig.type, (agent, place))
            if trig.verb and agent:
                verb_agents.append((c_start, agent))
            claims.append(self._claim(doc, s, trig, agent, participants, place, time_owner.get(trig.index),
                                      attribution, tokens, feats, c_start, no_numbers,
                                      _frame_roles(trig, roles.filled, agent, participants, place)))
            if agent is None and not participants and trig.type == "withdrawal" and not any(
                    m.entity_id == place and governed(tokens, m) for m in places):
                weak.add(claims[-1].id)
            if trig.verb:
                verb_claims[claims[-1].id] = c_start
        # "غادرت الشاحنات القاعدة": with no actor, a place left that is only the verb's object
        # makes no withdrawal, unless a later trigger of the sentence named the doer ("... انسحاب القوات الفرنسية")
        return [c for c in claims if c.id not in weak or c.agent is not None]

    # ------------------------------------------------------------- actors

    def _actors(
        self, trig: Trigger, tokens: list[Token], mentions: list[Mention], kinds: Mapping[str, str],
        attribution: Attribution | None, claimant_ids: set[str], span: tuple[int, int], gov: tuple[int, str] | None,
        feats: Features,
    ) -> list[Mention]:
        """The actors a trigger can have: in its clause, near it, not its claimant (`gov`: its
        governor_role)."""
        window = HOST_WINDOW if trig.entry.get("host") else ACTOR_WINDOW
        reach_back = window
        if gov is not None:
            # "تلقى [X، date،] مكالمة": the governing verb's subject may stand as far before the
            # noun as a host's guest after it; or after it, far, when none stands between
            # ("تسلّم الرسالة نيابةً عن جلالته – أيده الله – صاحب السمو X")
            reach_back = HOST_WINDOW
            if not any(gov[0] < m.token_start < trig.index for m in mentions):
                window = HOST_WINDOW
        claimant = attribution.mention if attribution else None
        not_before = words("not_actor_before")
        allowed = type_frame(trig.type).get("actor_kinds")
        out = []
        for m in mentions:
            kind = kinds[m.entity_id]
            if kind not in ACTOR_KINDS - {"media"} or m is claimant:
                continue
            if (claimant is not None and m.entity_id in claimant_ids and m.entity_id == claimant.entity_id
                    and claimant.via != "nationality"):  # "أعلنت وزارة الدفاع الفرنسية أن فرنسا"
                continue
            if not (span[0] <= m.token_start < span[1]) or not -reach_back <= m.token_start - trig.index <= window:
                continue
            if m.token_start > 0 and feats.bare[m.token_start - 1] in not_before:
                continue
            if allowed and kind not in allowed:
                continue
            if kind == "country" and self._qualifies_title(tokens, m, mentions, kinds):
                continue
            if kind == "country" and self._apposition(tokens, m, mentions, kinds):
                continue  # "إلى بورت مورسبي، بابوا غينيا الجديدة": the city's country, no actor
            if ((m.via == "counterpart" or (m.via == "title" and kind != "person"))
                    and _named_after(tokens, m, mentions, kinds)):
                continue  # "الرئيس الطاجيكي إمام علي رحمن": the title's holder is named, he acts
            out.append(m)
        return out

    def _nominal_report(self, trig: Trigger, tokens: list[Token], feats: Features, mentions: list[Mention],
                        kinds: Mapping[str, str], clause_start: int) -> Attribution | None:
        """"نفت وزارة الدفاع انسحاب قواتها", "أعلنت فرنسا انسحاب ...": a reporting verb whose
        object is the event noun; its subject reports, it does not act."""
        verbs = [v for v in feats.reporting if clause_start <= v < trig.index and trig.index - v <= REPORT_REACH]
        before = tokens[trig.index - 1] if trig.index else None
        if not verbs or has_preposition(tokens[trig.index]) or (
                before is not None and bare(before) in words("governing_prepositions") | words("framing")):
            return None  # "أكد الشرع خلال الاجتماع": the noun is no object of the reporting verb
        v = verbs[-1]
        subject = next((m for m in mentions if v < m.token_start < trig.index
                        and kinds[m.entity_id] in ACTOR_KINDS and kinds[m.entity_id] != "country"), None)
        return Attribution(v + 1, None, subject, v) if subject is not None else None

    @staticmethod
    def _qualifies_title(tokens: list[Token], m: Mention, mentions: list[Mention], kinds: Mapping[str, str]) -> bool:
        """"رئيس وزراء باكستان شهباز شريف", "عبد اللطيف رشيد رئيس جمهورية العراق": the country is
        part of a person's title (the name follows it, spans it, or just precedes the title)."""
        titles = words("title_words")
        if m.token_start == 0 or bare(tokens[m.token_start - 1]) not in titles:
            return False
        for n in mentions:
            if kinds[n.entity_id] != "person":
                continue
            if n.token_end > m.token_end and n.token_start <= m.token_end + 1:
                return True
            gap = tokens[n.token_end : m.token_start]
            if n.token_end <= m.token_start and len(gap) <= TITLE_GAP and all(bare(t) in titles for t in gap):
                return True
        return False

    def _apposition(self, tokens: list[Token], m: Mention, mentions: list[Mention], kinds: Mapping[str, str]) -> bool:
        """A country right after a place inside it, over a comma and descriptors ("برازيليا،
        عاصمة جمهورية البرازيل", "بكين، الصين"): it says where the place is."""
        titles = words("title_words") | words("place_descriptors")
        for p in mentions:
            if kinds[p.entity_id] in PLACE_KINDS - {"country"} and p.token_end <= m.token_start:
                gap = tokens[p.token_end : m.token_start]
                if (gap and len(gap) <= TITLE_GAP and gap[0].norm in ("،", ",")
                        and all(t.norm in ("،", ",") or bare(t) in titles for t in gap)
                        and self.gaz.contains(m.entity_id, p.entity_id)):
                    return True
        return False

    def _refer_back(
        self, trig: Trigger, tokens: list[Token], agent: str | None, participants: list[str],
        actors: list[Mention], places: list[Mention], before: Sequence[Claim], in_sentence: list[Claim],
    ) -> tuple[str | None, list[str]]:
        """What the sentence leaves to the text before it (before: the document's claims of the
        sentences before; in_sentence: this sentence's so far)."""
        place_ids = {m.entity_id for m in places}

        def make_agent(new: str) -> tuple[str, list[str]]:
            others = [agent, *participants] if agent else participants
            return new, _unique(others, new, place_ids)

        def told_before() -> Claim | None:  # the last claim of the type with a doer, looked for only when needed
            return next((c for c in chain(reversed(in_sentence), reversed(before))
                         if c.type == trig.type and c.agent), None)

        visitor_kinds = {"person", "country"}
        if agent is None and participants and in_sentence and in_sentence[-1].agent and any(
                self._kinds[e] in visitor_kinds for e in participants):
            # "وتضمنت الرسالة دعوة ...": the doer of the event just named in the sentence
            agent = in_sentence[-1].agent.id
            participants = [e for e in participants if e != agent]
        if (agent is not None and self._framed(trig, tokens) and (earlier := told_before()) is not None
                and agent in {p.id for p in earlier.participants}):
            # "وأكد أردوغان خلال المكالمة": the call told before, which the other side made
            return make_agent(earlier.agent.id)
        sides = [agent, *participants] if agent else participants
        if self._refers_back(trig, tokens, agent, actors) and any(self._kinds[e] in visitor_kinds for e in sides):
            # "وتضمنت الرسالة دعوة للرئيس عون", "رحّب عون بالدعوة": the one reported before
            told = told_before()
            if told is not None and told.agent.id != agent:
                agent, participants = make_agent(told.agent.id)
        return agent, participants

    @staticmethod
    def _restates(trig: Trigger, mentions: list[Mention], before: Sequence[Claim], in_sentence: list[Claim]) -> bool:
        """"وخلال هذا الاتصال، أكد ماكرون": a demonstrative noun is a claim when its sentence names
        a side of an event of its type told in an earlier sentence (the speaker too: he is one of
        its sides); in its own sentence it is that event."""
        if any(c.type == trig.type for c in in_sentence):
            return False
        sides = {e.id for c in before if c.type == trig.type for e in [*([c.agent] if c.agent else []), *c.participants]}
        return any(m.entity_id in sides for m in mentions)

    @staticmethod
    def _framed(trig: Trigger, tokens: list[Token]) -> bool:
        """"خلال المكالمة", "أثناء الاجتماع": a definite event noun the event told before frames."""
        i = trig.index - (1 if trig.anaphoric else 0)  # "خلال هذا الاتصال"
        return not trig.verb and definite(tokens[trig.index]) and i > 0 and bare(tokens[i - 1]) in words("during")

    @staticmethod
    def _refers_back(trig: Trigger, tokens: list[Token], agent: str | None, actors: list[Mention]) -> bool:
        """A definite noun ("الرسالة") whose doer the sentence does not name (the subject of a
        governing verb such as رحّب has its own role: "رحّب عون بالدعوة")."""
        return not trig.verb and definite(tokens[trig.index]) and agent is None

    def _dual(self, trig: Trigger, feats: Features, so_far: list[Claim]) -> tuple[str | None, list[str]]:
        """"عقد الرئيسان اجتماعاً ثانياً", "وزيرا خارجية البلدين": the two sides of the last event
        of the type told (what the two "discussed" restates that event, it is no new one)."""
        i = trig.index
        near = feats.bare[max(0, i - DUAL_REACH) : i + DUAL_REACH + 1]
        if trig.key in words("discussion_triggers") or words("duals").isdisjoint(near):
            return None, []
        last = next((c for c in reversed(so_far) if c.type == trig.type and c.agent and c.participants), None)
        if last is None:
            return None, []
        return last.agent.id, [last.participants[0].id]

    def _owner(self, trig: Trigger, tokens: list[Token], claimant: str) -> str | None:
        """"نفت الوزارة انسحاب قواتها": forces named by a pronoun are the claimant's state's."""
        after = tokens[trig.index + 1 : trig.index + 1 + DUAL_REACH]
        forces = tuple(words("forces"))
        if not any(bare(t).startswith(forces) and bare(t).endswith(PRONOUN_SUFFIXES) for t in after):
            return None
        entity = self.gaz.get(claimant)
        return claimant if entity.kind == "country" else (getattr(entity, "country", "") or None)

    def _capital_as_state(self, trig: Trigger, tokens: list[Token], mentions: list[Mention],
                          kinds: Mapping[str, str], clause_start: int) -> str | None:
        """"باريس ... سحب": a capital as the subject of the sentence stands for its state."""
        if not type_frame(trig.type).get("capital_as_state"):
            return None
        subjects = [m for m in mentions if clause_start <= m.token_start < trig.index
                    and kinds[m.entity_id] == "city" and not governed(tokens, m)]
        if subjects:  # "طهران وأنقرة تبرمان": the first of the pair
            return self.gaz.get(head_of_coordination(subjects, tokens).entity_id).country or None
        return None

    def _same_event(self, trig: Trigger, tokens: list[Token], agent: str | None, earlier: Claim,
                    time_owner: dict[int, TimeExpr], object_of: bool = False, genitive_doer: bool = False) -> bool:
        """A later mention of the same type in one sentence restates the event ("وصل ... في
        ثاني زيارة له", "سيلتقي ... وسيبحثان"), unless it names its own doer or date or says
        it is another one ("زيارة سابقة")."""
        window = {t.norm for t in tokens[trig.index + 1 : trig.index + SAME_EVENT_AFTER]}
        if window & words("different_event"):
            return False
        own_time = time_owner.get(trig.index)
        if genitive_doer and earlier.agent is None and own_time is None:
            return True  # "غادرت فرقة ... تشاد، إيذاناً ببدء انسحاب القوات الفرنسية": the noun names its doer
        tok = tokens[trig.index]
        if (trig.verb and tok.analysis is not None and "و" in tok.analysis.proclitics and agent is not None
                and earlier.agent is not None and agent == earlier.agent.id):
            return True  # "أخلت القوات مواقعها وسلّمتها": one action told by two verbs
        prev = {t.norm for t in tokens[max(0, trig.index - 2) : trig.index]}
        framed = bool(prev & words("framing"))  # "في (أول) زيارة رسمية": the event just named
        same_doer = agent is None or (earlier.agent is not None and agent == earlier.agent.id)
        if own_time is not None and not framed:
            if object_of and not trig.verb and earlier.time.start is None and same_doer:
                return True  # "وقعت X، أمس، اتفاقية": the verb's object, dated by the date between
            return own_time.start is not None and own_time.start == earlier.time.start
        if trig.verb and agent is not None:
            return earlier.agent is not None and agent == earlier.agent.id and not own_time
        # "وصل X إلى مسقط في زيارة يلتقي خلالها Y": the framed noun is the event just told
        return same_doer or framed

    def _own_country(self, trig: Trigger, tokens: list[Token], agent: str | None) -> str | None:
        """"دعوة ... لزيارة بلاده": the country of the inviter."""
        after = {bare(t) for t in tokens[trig.index + 1 : trig.index + 1 + ASKED_REACH]}
        if agent is None or not after & words("own_country"):
            return None
        entity = self.gaz.get(agent)
        return agent if entity.kind == "country" else (getattr(entity, "country", "") or None)

    def _enough_for_meeting(self, agent: str | None, participants: list[str]) -> bool:
        """A meeting needs a named person, or two sides ("روسيا والحكومة السورية")."""
        sides = [e for e in [agent, *participants] if e]
        return len(sides) >= 2 or any(self._kinds[e] == "person" for e in sides)

    def _place(
        self, trig: Trigger, tokens: list[Token], places: list[Mention], agent: str | None,
        participants: list[str],
    ) -> str | None:
        """Where the event happens when no cue of the frame named it."""
        i = trig.index
        free = [m for m in places if m.entity_id != agent and m.entity_id not in participants]
        near = [m for m in free if -PLACE_BEFORE <= m.token_start - i <= PLACE_AFTER]
        # a place is where something happens when a preposition marks it ("في موسكو", "من
        # مطار القامشلي"); a bare city name is usually its government ("موسكو تسعى")
        candidates = [m for m in near if governed(tokens, m)]
        if not candidates and trig.verb and trig.type in SHARED_PLACE_TYPES:
            candidates = [m for m in free if PLACE_AFTER < m.token_start - i <= FAR_PLACE
                          and tokens[m.token_start - 1].norm in words("locative")]
        if trig.type == "visit" and trig.verb:
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

    def _finer(self, trig: Trigger, place: str | None, places: list[Mention], agent: str | None,
               participants: list[str]) -> str | None:
        """A place of the clause inside the one found refines it: "غادرت القوات قاعدة ... في
        السعودية" left the base, not Saudi Arabia (the nearest such place to the trigger)."""
        if place is None:
            return None
        i = trig.index
        inside = [m for m in places if m.entity_id not in (place, agent, *participants)
                  and -PLACE_BEFORE <= m.token_start - i <= PLACE_AFTER and self.gaz.contains(place, m.entity_id)]
        if not inside:
            return place
        ids = {m.entity_id for m in inside}
        inner = [m for m in inside if not any(q != m.entity_id and self.gaz.contains(m.entity_id, q) for q in ids)]
        return min(inner, key=lambda m: abs(m.token_start - i)).entity_id

    # -------------------------------------------------------- claim record

    def _claim(
        self, doc: Document, s: Sentence, trig: Trigger, agent: str | None, participants: list[str],
        place: str | None, time: TimeExpr | None, attribution: Attribution | None,
        tokens: list[Token], feats: Features, clause_start: int, no_numbers: frozenset[int],
        roles: Mapping[str, list[str]] | None = None,
    ) -> Claim:
        """The claim record (`no_numbers`: tokens of names and dates, which state no ordinal or quantity)."""
        mod = modality(trig, tokens, feats, clause_start, time, doc)
        cameo, plover, mode = codes(trig, mod, tokens, place, agent, participants, self.gaz)
        tok = tokens[trig.index]
        claimant = None
        if attribution is not None:
            claimant = (self.gaz.get(attribution.mention.entity_id).name
                        if attribution.mention else attribution.claimant)
        ident = hashlib.sha256(f"{doc.id}|{trig.type}|{tok.start}|{tok.end}".encode()).hexdigest()[:16]
        return Claim(
            id=ident,
            doc=doc.name,
            source=doc.source,
            type=trig.type,
            cameo=cameo,
            plover=plover,
            plover_mode=mode,
            agent=self._refs[agent] if agent else None,
            participants=[self._refs[p] for p in participants],
            place=self._refs[place] if place else None,
            time=claim_time(time),
            ordinal=ordinal(trig, tokens, feats, no_numbers),
            count=count(trig, tokens),
            quantity=quantity(trig, tokens, feats, no_numbers),
            roles={name: [self._refs[e] for e in ids] for name, ids in (roles or {}).items()},
            modality=mod,
            attributed_to=claimant,
            trigger=tok.text,
            evidence=doc.text[s.start : s.end],
            span=(s.start, s.end),
        )


def _frame_roles(trig: Trigger, filled: Mapping[str, list[str]], agent: str | None, participants: list[str],
                 place: str | None) -> dict[str, list[str]]:
    """The roles of the claim's own entities: the agent in the type's agent role, the others
    in the role a cue gave them (an entity the claim dropped keeps none)."""
    agent_role = type_frame(trig.type)["agent"]
    out: dict[str, list[str]] = {agent_role: [agent]} if agent else {}
    kept = set(participants) | ({place} if place else set())
    for role, ids in filled.items():
        for e in ids:
            if e in kept and e != agent and role != agent_role and e not in out.get(role, []):
                out.setdefault(role, []).append(e)
    place_roles = type_frame(trig.type).get("places", [])
    if place and place_roles and not any(place in ids for ids in out.values()):
        out[place_roles[0]] = [place]  # a place found by position is where the event happens
    return out


def _told_by_verb(trig: Trigger, feats: Features) -> bool:
    """The trigger, or a trigger merged into it, is a verb ("سفينة المساعدات أفرغت حمولتها"),
    not one of purpose ("تمهيداً لنقلها")."""
    return trig.verb or any(feats.keys[j] is not None and frames_of(feats.keys[j])[0]["pos"] == "verb"
                            and not feats.bare[j].startswith("ل") for j in trig.merged)


def _first_person(trig: Trigger, tokens: list[Token]) -> bool:
    """"وصلنا", "سأقوم بزيارة", "زيارتي": the speaker is the doer (a verb in the first person,
    a noun with a first-person pronoun, or a noun right after a first-person future verb)."""
    marks = cues()["first_person"]
    i = trig.index
    a = tokens[i].analysis
    if trig.verb:
        stem = a.stem if a is not None else bare(tokens[i])
        return stem.endswith(tuple(marks["verb_suffixes"])) or bare(tokens[i]).startswith(tuple(marks["future_prefixes"]))
    if a is not None and set(a.enclitics) & set(marks["enclitics"]):
        return True
    # "سأقوم [الأسبوع المقبل] بزيارة": the verb that governs the noun, a time between
    return any(bare(t).startswith(tuple(marks["future_prefixes"])) for t in tokens[max(0, i - 4) : i])


def _about_told(trig: Trigger, tokens: list[Token]) -> bool:
    """"عن الزيارة", "حول الاتفاق": a definite event noun that a preposition of topic governs."""
    i = trig.index
    return not trig.verb and definite(tokens[i]) and i > 0 and bare(tokens[i - 1]) in words("about")


def _named_after(tokens: list[Token], m: Mention, mentions: list[Mention], kinds: Mapping[str, str]) -> bool:
    """A title ("الرئيس الأذربيجاني", "نظيره البلغاري فخامة") right before the name of its
    holder: at most NAME_GAP words between (a rank, a first name the gazetteer lacks), none
    of them a verb, a preposition or a conjunction."""
    person = next((n for n in mentions if n.token_start >= m.token_end and kinds.get(n.entity_id) == "person"
                   and n.entity_id != m.entity_id), None)
    if person is None or person.token_start - m.token_end > NAME_GAP:
        return False
    preps = words("governing_prepositions")
    for tok in tokens[m.token_end : person.token_start]:
        a = tok.analysis
        if (not tok.norm.isalpha() or tok.norm.startswith("و") or tok.norm in preps
                or (a is not None and a.known and a.pos == "verb")):
            return False
    return not tokens[person.token_start].norm.startswith("و")


def _unique(ids: list[str], agent: str | None, place_ids: set[str]) -> list[str]:
    out: list[str] = []
    for e in ids:
        if e != agent and e not in out and e not in place_ids:
            out.append(e)
    return out


def _enrich(claim: Claim, trig: Trigger, tokens: list[Token], feats: Features, time: TimeExpr | None,
            agent: EntityRef | None = None) -> Claim:
    """Add what a restatement says (ordinal, count, quantity, time, the doer the claim lacked)
    to the claim it restates."""
    update: dict = {}
    if claim.agent is None and agent is not None:
        update["agent"] = agent
        update["participants"] = [p for p in claim.participants if p.id != agent.id]
        update["roles"] = {type_frame(claim.type)["agent"]: [agent], **claim.roles}
    if claim.ordinal is None and (found := ordinal(trig, tokens, feats)) is not None:
        update["ordinal"] = found
    if claim.count is None and (times := count(trig, tokens)) is not None:
        update["count"] = times
    if claim.quantity is None and (amount := quantity(trig, tokens, feats)) is not None:
        update["quantity"] = amount
    if claim.time.start is None and time is not None and time.start is not None:
        update["time"] = claim_time(time)
    return claim.model_copy(update=update) if update else claim


def extract(
    doc: Document,
    sentences: Sequence[Sentence],
    mentions: Mapping[int, list[Mention]],
    times: Mapping[int, list[TimeExpr]],
    gazetteer,
) -> list[Claim]:
    """The claims of one analysed document."""
    return Extractor(gazetteer).document(doc, sentences, mentions, times)
