"""Entities a document introduces that the gazetteer does not know, and a per-document
gazetteer view that knows them.

A person introduced by a title ("رئيس الوزراء الماليزي أنور إبراهيم", "وزير الدفاع
الباكستاني خواجة آصف", "نظيرته السنغالية ياسين فال", "المدير العام للوكالة ... رافائيل
غروسي") or by a rank alone ("الجنرال ...", "الشيخ ...") becomes an entity: the name as
written, the country and office from the title, an English name (transliterated when the
gazetteer does not know it). Later mentions in the document by family name ("آصف") or by
title ("الوزير الباكستاني", "ولي العهد") resolve to it. A facility or body named after a
person or place ("قاعدة الأمير سلطان الجوية", "مطار الملك خالد الدولي", "مؤسسة محمد بن
راشد") is one entity of its own, inside the place the text gives; the name inside it is
never a mention of that person. Ids derive from the normalised name and country, so the
same person in two documents, or in two databases, is one entity.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections import ChainMap
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources

from claimtrack.arabic.normalize import normalize
from claimtrack.entities.gazetteer import (
    QUOTES,
    AliasStarts,
    Entity,
    Gazetteer,
    Office,
    SentenceForms,
    Starts,
    _english_key,
    everyday_words,
    meeting,
    name_words,
    next_words,
    rule_index,
    sentence_forms,
    words_of,
)
from claimtrack.entities.translit import facility_name, romanize
from claimtrack.models import Mention, Sentence

ARABIC = re.compile(r"[\u0621-\u064A]")
ARABIC_LETTERS = re.compile(r"[\u0621-\u064A]+")
COMMAS = frozenset({"،", ","})
DEFINITE = re.compile(r"[وف]?[بكل]?ال|[وف]?لل")  # the article, after a conjunction or preposition
MAX_NAME_WORDS = 5
MAJOR_CITY = 200_000
LARGE_PLACE = 100_000  # a facility named after a smaller town is not placed in it by name alone
POSSESSIVE = ("ها", "هم", "هما", "كم", "يته")
TANWEEN_FATH = "\u064b"
PLACE_NAMES = ("city", "region", "country")  # kinds whose English name a facility's name reuses


def learned_id(name_ar: str, country: str) -> str:
    """The id of a learned entity: stable across documents, re-ingests and databases."""
    key = " ".join(normalize(w) for w in name_ar.split())
    return "learned-" + hashlib.sha1(f"{key}|{country}".encode()).hexdigest()[:10]


@cache
def _lists() -> dict[str, frozenset[str]]:
    w = name_words()
    norm = lambda xs: frozenset(normalize(x) for x in xs)  # noqa: E731
    return {
        "stop": norm(w["stop"]["words"]),
        "not_first": norm(w["stop"]["not_first"]),
        "particles": norm(w["particles"]["words"]),
        "markers": frozenset(words_of(m) for m in w["ranks"]["person_markers"]),
        "not_names": norm(w["facility"]["not_names"]["words"]),
        "cues": _cue_words(),
        "common": everyday_words(),
    }


def _cue_words() -> frozenset[str]:
    """The extractor's trigger words (data/cues.toml): a verb or noun of an event is never
    part of a name, even when the analyser does not know it ("يتلقى")."""
    text = resources.files("claimtrack").joinpath("data/cues.toml").read_text(encoding="utf-8")
    return frozenset(normalize(k) for k in re.findall(r'^\[trigger\."([^"]+)"\]', text, re.M))


@cache
def _markers() -> dict[str, list[tuple[tuple[str, ...], int]]]:
    out: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for m in _lists()["markers"]:
        out.setdefault(m[0], []).append((m, len(m)))
    return out


@cache
def _marker_heads() -> frozenset[str]:
    return frozenset(_markers())


# the rules of _scan a token's forms may begin (a bit each)
FACILITY, TITLE, MARKER, ALIAS, ADJECTIVE = 1, 2, 4, 8, 16


class _ScanIndex:
    """Where the learning pass looks, built once per gazetteer: the tokens a learned name,
    facility, title or known alias may start at, and for each distinct set of forms the
    rules it may begin (the others are not tried)."""

    def __init__(self, base: Gazetteer) -> None:
        adjectives = frozenset(base._adjectives) | frozenset(base._multi_adjectives)
        self.rules = rule_index([(FACILITY, _facility_head_forms()), (TITLE, base._title_starts),
                                 (MARKER, _marker_heads()), (ALIAS, base._heads), (ADJECTIVE, adjectives)])
        own = _facility_head_forms() | _marker_heads() | adjectives
        self.starts = Starts(base._heads_alone | own, base._alias_next)


def _scan_index(base: Gazetteer) -> _ScanIndex:
    found = base.__dict__.get("_scan_index")
    if found is None:
        found = base.__dict__["_scan_index"] = _ScanIndex(base)
    return found


@cache
def _facility_words() -> frozenset[str]:
    return frozenset(normalize(k) for k in name_words()["facility"]["words"])


@cache
def _facility_heads() -> dict[str, dict]:
    return {normalize(k): v for k, v in name_words()["facility"]["heads"].items()}


@cache
def _facility_head_forms() -> frozenset[str]:
    return frozenset(_facility_heads())


@dataclass
class _Candidate:
    kind: str
    name_ar: str
    country: str = ""
    parent: str = ""
    offices: list[tuple[str, str]] = field(default_factory=list)
    head_en: str = ""


class DocumentGazetteer(Gazetteer):
    """The gazetteer as one document sees it: the shared entities plus the ones it
    introduced. Same interface as Gazetteer; the shared indexes are not copied."""

    def __init__(self, base: Gazetteer, learned: dict[str, Entity], countries: set[str],
                 people: Sequence[str] = (), nicknames: dict[tuple[str, ...], str] | None = None) -> None:
        self.__dict__.update(base.__dict__)
        self.base = base
        self.learned = learned
        self.entities = ChainMap(learned, base.entities) if learned else base.entities
        self._countries = countries
        self._people = list(people)  # known persons the document names, in order
        self._forms: dict[int, list[frozenset[str]]] = {}
        self._learned_aliases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for e in learned.values():
            for alias in dict.fromkeys([e.name_ar, *e.aliases_ar]):
                words = words_of(alias)
                if words:
                    self._learned_aliases.setdefault(words[0], []).append((words, e.id))
        # a known person named in full ("شهباز شريف") is "شريف" later in the same document
        lists = _lists()
        for pid in people:
            words = words_of(base.entities[pid].name_ar)
            last = words[-1] if len(words) >= 2 else ""
            if (len(last) > 2 and last not in lists["particles"] and last not in lists["common"]
                    and not any(w == (last,) for w, _ in base._aliases.get(last, ()))):
                self._learned_aliases.setdefault(last, []).append(((last,), pid))
        for words, pid in (nicknames or {}).items():
            self._learned_aliases.setdefault(words[0], []).append((words, pid))
        for entries in self._learned_aliases.values():
            entries.sort(key=lambda x: len(x[0]), reverse=True)
        self._learned_heads = frozenset(self._learned_aliases)
        self._own_starts = AliasStarts([(self._learned_aliases, next_words(self._learned_aliases)),
                                        (base._aliases, base._alias_next)])
        if learned:  # the look-ups with the learned names are built when first asked for
            del self.__dict__["_lookup"]

    @cached_property
    def _lookup(self) -> dict[str, set[str]]:
        """Command-line look-ups of the learned names too (copied on first use: ingesting a
        document never looks a name up)."""
        lookup = dict(self.base._lookup)
        for e in self.learned.values():
            keys = {_english_key(a) for a in {e.name, *e.aliases_en}}
            for alias in {e.name_ar, *e.aliases_ar}:
                key = " ".join(words_of(alias))
                keys |= {key, key.removeprefix("ال")}
            for key in keys:
                lookup[key] = lookup.get(key, set()) | {e.id}
        return lookup

    def _sentence_forms(self, sentence: Sentence) -> SentenceForms:
        """The forms the learning pass computed for this sentence (computed once per token)."""
        forms = self._forms.pop(id(sentence), None)
        if forms is None or len(forms) != len(sentence.tokens):
            return super()._sentence_forms(sentence)
        heads = self._learned_heads
        if forms.titles and heads and meeting(forms, heads):
            forms.titles = {}  # the titles were read without the document's own names
        return forms

    def learned_entities(self) -> list[Entity]:
        """The entities this document introduced, by id."""
        return [self.learned[k] for k in sorted(self.learned)]

    def part_of_state(self, entity_id: str) -> str | None:
        """As Gazetteer.part_of_state; the document's own entities are not remembered
        (where a facility is comes from the document)."""
        if entity_id in self.learned:
            return self._state_of(entity_id)
        return self.base.part_of_state(entity_id)

    def _doc_countries(self) -> set[str]:
        return self._countries

    def holder(self, role: str, of: str, on: dt.date | None) -> Entity | None:
        """The document's own holder of the office first (it named him), then the gazetteer's."""
        for e in self.learned.values():
            for o in e.offices:
                if o.of == of and (o.role == role or (role == "minister" and o.role.endswith("minister"))):
                    return e
        if role == "minister":
            return None
        current = self.base.holder(role, of, on)
        if on is not None:  # the date tells who held it ("the former president" named too)
            return current
        # with no date: the holder the document names ("أمير الكويت" in a headline over a
        # story that names an earlier emir)
        role = self._role_alias.get(role, role)
        named = [self.base.entities[p] for p in self._people
                 if any(o.role == role and o.of == of for o in self.base.entities[p].offices)]
        if current is None or current in named or not named:
            return current
        return named[0] if len(named) == 1 else current

    def _bare_title(self, role, tokens, i, j) -> Mention | None:
        """"ولي العهد", "الوزير" alone: the one person of the document with that office."""
        if j - i == 1 and not DEFINITE.match(tokens[i].norm):
            return None  # "نائبة رئيس مكتب الأمم المتحدة": a bare "رئيس" heads someone's office
        # the known people the document named count too: "الرئيس" after a known president
        # and no other is him; after a known one and a learned one it is neither
        named = [*self.learned.values(), *(self.base.entities[p] for p in self._people)]
        found = {e.id for e in named for o in e.offices
                 if o.role == role or (role == "minister" and o.role.endswith("minister"))}
        if len(found) != 1:
            return None
        return Mention(found.pop(), tokens[i].start, tokens[j - 1].end, i, j, "title")


def from_rows(base: Gazetteer, rows: Sequence[dict]) -> DocumentGazetteer:
    """The gazetteer plus learned entities read back from a database (Store.learned_entities)."""
    learned: dict[str, Entity] = {}
    for r in rows:
        if r["id"] in base.entities:
            continue
        learned[r["id"]] = Entity(
            id=r["id"], kind=r["kind"], name=r["name"], name_ar=r["name_ar"],
            aliases_ar=json.loads(r.get("aliases_ar") or "[]"),
            aliases_en=json.loads(r.get("aliases_en") or "[]"), country=r.get("country") or "",
            parent=r.get("parent") or "", source="learned",
            transliterated=bool(r.get("transliterated")),
            offices=[Office(role, of, None, None) for role, of in json.loads(r.get("offices") or "[]")],
        )
    return DocumentGazetteer(base, learned, set())


def learn(base: Gazetteer, text: str, sentences: Sequence[Sentence], on: dt.date | None) -> DocumentGazetteer:
    """Read the names a document introduces; return its view of the gazetteer."""
    found: dict[str, _Candidate] = {}
    countries: set[str] = set()
    people: dict[str, None] = {}  # known persons the document names, in order
    nicknames: dict[tuple[str, ...], str] = {}  # "برابوو سوبيانتو (برابو)": the words in brackets → him
    forms: dict[int, SentenceForms] = {}
    starts = _scan_index(base).starts
    for s in sentences:
        if s.boilerplate or not s.tokens:
            continue
        forms[id(s)] = f = sentence_forms(s.tokens)
        # the linker's Starts is narrower than the scan's (_ScanIndex): it reads only these
        f.starts = starts.positions(s.tokens, f)
        _scan(base, text, s, f, on, found, countries, people, nicknames)
    learned: dict[str, Entity] = {}
    for c in found.values():
        e = _entity(base, c)
        if e.id not in base.entities:
            learned[e.id] = e
    view = DocumentGazetteer(base, learned, countries, list(people), nicknames)
    view._forms = forms
    return view


def _scan(base: Gazetteer, text: str, s: Sentence, forms, on, found: dict[str, _Candidate],
          countries: set[str], people: dict[str, None], nicknames: dict[tuple[str, ...], str]) -> None:
    tokens = s.tokens
    last_role: str | None = None
    last_place = ""  # the last city or country named so far in the sentence
    resume = 0  # the token after the last name read
    index = _scan_index(base)
    for i in forms.starts:
        if i < resume:
            continue
        rules = index.rules[forms[i]]
        span = _facility(base, text, tokens, forms, i, last_place) if rules & FACILITY else None
        if span is not None:
            end, cand = span
            _add(found, cand)
            resume = end
            continue
        t = base.parse_title(tokens, forms, i) if rules & TITLE else None
        if t is not None:
            k = t["name_at"]
            apposition = bool(t["of"]) and k < len(tokens) and tokens[k].norm in COMMAS
            if apposition:
                k += 1  # "وزير الخارجية الباكستاني، بيلاوال بوتو زرداري،"
            known = base._alias(tokens, forms, k) if k < len(tokens) else None
            known = known or _nickname_at(tokens, k, nicknames) or _first_name_of_holder(base, tokens, k, t["role"])
            if known is not None and base.entities[known.entity_id].kind == "person":
                person = base.entities[known.entity_id]
                people[person.id] = None
                last_role = _role_of(person, on) or t["role"]
                if person.country:
                    countries.add(person.country)
                resume = known.token_end
                nick = _bracketed_name(base, tokens, forms, resume)
                if nick is not None:
                    nicknames[tuple(t.norm for t in tokens[nick[0]:nick[1]])] = person.id
                    resume = nick[1] + 1
                continue
            role = last_role if t["counterpart"] else t["role"]
            if t["role"]:
                last_role = t["role"]
            name = _name_span(base, tokens, forms, k)
            if name is not None and apposition and name[1] < len(tokens) and ARABIC.search(tokens[name[1]].norm):
                name = None  # a name set off by a comma is closed by one: "الرئيس الكيني، تضمنت رسالته"
            if name is not None:
                a, b = name
                of = t["of"] or ""
                state = of if of and base.entities[of].kind == "country" else ""
                cand = _Candidate("person", text[tokens[a].start:tokens[b - 1].end], country=state)
                if role and of and not t["former"]:
                    cand.offices.append((role, of))
                _add(found, cand)
                resume = b
                continue
            if t["of"] and base.entities[t["of"]].kind == "country":
                countries.add(t["of"])
            resume = max(t["end"], i + 1)
            continue
        marker = base._phrase_at(_markers(), tokens, forms, i) if rules & MARKER else 0
        if marker:
            k = base._skip(base._ranks, tokens, forms, i)
            known = base._alias(tokens, forms, k) if k < len(tokens) else None
            if known is None:
                name = _name_span(base, tokens, forms, k)
                if name is not None:
                    a, b = name
                    _add(found, _Candidate("person", text[tokens[a].start:tokens[b - 1].end]))
                    resume = b
                    continue
        hit = base._alias_candidates(tokens, forms, i) if rules & ALIAS else None
        if hit is not None:
            ids, n = hit
            if len(ids) == 1:
                e = base.entities[ids[0]]
                if e.kind in ("city", "country"):
                    last_place = e.id
                state = base.part_of_state(e.id)
                if state and not base.needs_context(e.id):  # a small town vouches for no country
                    countries.add(state)
                if e.kind == "person":
                    people[e.id] = None
                    last_role = _role_of(e, on) or last_role
            resume = i + n
            continue
        adj = base.adjective_at(tokens, forms, i) if rules & ADJECTIVE else None
        if adj is not None:
            countries.add(adj[0])


def _role_of(e: Entity, on: dt.date | None) -> str | None:
    for o in e.offices:
        if o.held_on(on) or on is None:
            return o.role
    return None


def _add(found: dict[str, _Candidate], cand: _Candidate) -> None:
    key = " ".join(words_of(cand.name_ar))
    old = found.get(key)
    if old is None:
        found[key] = cand
        return
    old.country = old.country or cand.country
    old.parent = old.parent or cand.parent
    old.offices.extend(o for o in cand.offices if o not in old.offices)


def _name_span(base: Gazetteer, tokens, forms, k: int) -> tuple[int, int] | None:
    """The words of a person's name starting at token k: up to the first word that
    cannot be part of a name (a preposition, a time word, a title, an adjective,
    punctuation, a word the analyser knows as a verb or noun, a known place)."""
    lists = _lists()
    end = k
    for x in range(k, min(k + MAX_NAME_WORDS, len(tokens))):
        tok, n = tokens[x], tokens[x].norm
        if not ARABIC.search(n) or _stop(n, lists):
            break
        if x == k and _clitic_common(n, lists):
            return None
        if not forms[x].isdisjoint(_facility_head_forms()):
            if x == k:
                return None
            break  # "رئيس الوزراء العراقي مستشفى الملك فيصل": a facility, not a name
        if x > k and n[:1] in "بلك" and (n[1:] in lists["common"] or n[1:].startswith("ال")):
            break  # "بسلام", "للصحفيين": a word with a preposition ends the name
        if x == k and (n in lists["not_first"] or n in lists["particles"]
                       or (_definite(tok) and len(n) > 4) or forms[x] & base._role_ranks
                       or _is_major_place(base, tokens, forms, x)):
            return None
        if n in lists["cues"] or (n[:1] in "يتنا" and n[1:] in lists["cues"]):
            break
        if n.endswith(POSSESSIVE) and len(n) > 4:
            break  # "وزير خارجيتها": its minister, not a name
        if x > k and n in lists["particles"]:
            end = x + 1  # بن، ولد، آل، دا: inside a name whatever the analyser says
            continue
        if x > k:
            if not forms[x].isdisjoint(base._role_head_forms) or not forms[x].isdisjoint(base._counterpart):
                break
            if n.startswith("و") and len(n) > 3 and n[1:] not in lists["particles"]:
                break
        if n in base._former or (n.startswith("ال") and base.adjective_at(tokens, forms, x, title=True)):
            break  # a definite adjective ends the name; "تركي" (a name) is no "التركي"
        if x > k and n.startswith("ال") and base.adjective_at(tokens, forms, x + 1) is not None:
            break  # "العاصمة الكولومبية": a noun and its adjective, not a family name
        a = tok.analysis
        if a is not None and a.known and a.pos not in ("noun_prop", "") and (x > k or a.pos == "verb"):
            break  # right after the title a known adjective may still be a name ("الأمير تركي")
        if TANWEEN_FATH in tok.text or (tok.text.endswith("اً")):
            break
        if x > k:
            hit = base._alias_candidates(tokens, forms, x)
            if hit is not None and any(base.entities[e].kind != "person" for e in hit[0]):
                break
        end = x + 1
    while end > k and tokens[end - 1].norm in lists["particles"]:
        end -= 1
    if end == k or (end - k == 1 and len(tokens[k].norm) < 3):
        return None
    return k, end


def _definite(tok) -> bool:
    """The word starts with the article: "الهام" as written, not "إلهام" (a name whose
    hamza the normal form folds into a plain alef)."""
    return tok.norm.startswith("ال") and not tok.text.lstrip("\u0640").startswith(("إ", "أ", "آ"))


def _bracketed_name(base: Gazetteer, tokens, forms, i: int) -> tuple[int, int] | None:
    """The one or two words in brackets right after a person's name ("برابوو سوبيانتو (برابو)"):
    the name the text goes on to use for him. Not an outlet, an age or a place."""
    if i >= len(tokens) or tokens[i].norm != "(":
        return None
    lists = _lists()
    for end in (i + 2, i + 3):
        if end < len(tokens) and tokens[end].norm == ")":
            words = tokens[i + 1:end]
            if all(ARABIC_LETTERS.fullmatch(t.norm) and not _stop(t.norm, lists) and t.norm not in lists["common"]
                   for t in words) and base._alias_candidates(tokens, forms, i + 1) is None:
                return i + 1, end
            return None
    return None


def _first_name_of_holder(base: Gazetteer, tokens, k: int, role: str | None) -> Mention | None:
    """"الملك سلمان": a title and one word that is the first name of exactly one known holder
    of that office (of any country) is him, not a new person."""
    if not role or k >= len(tokens) or (k + 1 < len(tokens) and ARABIC.search(tokens[k + 1].norm)
                                        and tokens[k + 1].norm not in _lists()["stop"]):
        return None
    first = tokens[k].norm
    ids = {pid for pid in base.holders_named(first) if any(o.role == role for o in base.entities[pid].offices)}
    if len(ids) != 1:
        return None
    return Mention(ids.pop(), tokens[k].start, tokens[k].end, k, k + 1)


def _nickname_at(tokens, k: int, nicknames: dict[tuple[str, ...], str]) -> Mention | None:
    """A name the document gave in brackets earlier, at token k ("الرئيس برابو" later on)."""
    for words, pid in nicknames.items():
        end = k + len(words)
        if tuple(t.norm for t in tokens[k:end]) == words:
            return Mention(pid, tokens[k].start, tokens[end - 1].end, k, end)
    return None


def _stop(n: str, lists: dict) -> bool:
    """A word that ends a name, also with a conjunction or a future prefix ("وسيقوم")."""
    stop = lists["stop"]
    return n in stop or (n[:1] in "وفس" and n[1:] in stop) or (n[:2] in ("وس", "فس") and n[2:] in stop)


def _clitic_common(n: str, lists: dict) -> bool:
    """A preposition on an everyday word or a definite noun ("للأمم", "لعمليات", "وللشعب"):
    a name does not start so."""
    if n[:1] in "وف" and n[1:].startswith(("لل", "بال", "كال")):
        return True
    if n.startswith(("لل", "بال", "وال", "كال", "فال")):
        return True
    rest = n[1:]
    return n[:1] in "بلك" and len(rest) >= 3 and (
        rest in lists["common"] or rest.endswith(("ات", "يه", "ون", "ين")))


def _is_major_place(base: Gazetteer, tokens, forms, x: int) -> bool:
    """A country, a hand-checked place or a large city: "يطالب الرئيس السوري موسكو" names
    no person called Moscow (a small town's name may still be a person's: عمران خان)."""
    hit = base._alias_candidates(tokens, forms, x)
    if hit is None:
        return False
    for entity_id in hit[0]:
        e = base.entities[entity_id]
        if e.kind in ("country", "organisation") or (e.kind != "person" and (
                e.source == "hand" or e.population >= MAJOR_CITY or e.capital_of)):
            return True
    return False


def _facility(base: Gazetteer, text: str, tokens, forms, i: int,
              earlier: str = "") -> tuple[int, _Candidate] | None:
    """A facility or body named after someone or somewhere, starting at token i."""
    if forms[i].isdisjoint(_facility_head_forms()):
        return None
    heads = _facility_heads()
    # the form closest to the written word ("بميناء" is the head "ميناء" after a preposition)
    form = max((f for f in forms[i] if f in heads), key=lambda f: (len(f), f))
    head = heads[form]
    known = base._alias_candidates(tokens, forms, i)
    lists = _lists()
    end, parent, first_place = i + 1, "", ""
    quoted = i + 1 < len(tokens) and tokens[i + 1].norm in QUOTES
    first = i + 2 if quoted else i + 1  # the first word of the name
    end = first
    while end < len(tokens) and end < first + MAX_NAME_WORDS:
        tok, n = tokens[end], tokens[end].norm
        if quoted and n in QUOTES:
            end += 1  # the closing quote ends the name, but for its adjectives: "..." الجوية
            while end < len(tokens) and tokens[end].norm in _facility_words():
                end += 1
            break
        if not ARABIC.search(n) or n in lists["stop"] or n in lists["not_names"]:
            break
        if end > first and not quoted and (n.startswith(("و", "ب", "ل")) and not n.startswith("ال")
                            and n not in lists["particles"]) and n not in base._aliases:
            break  # "بالرياض", "وقاعدة": a new phrase
        a = tok.analysis
        after_title = tokens[end - 1].norm in _facility_words() and end > first
        if a is not None and a.known and a.pos == "verb" and not after_title:
            break  # (after الملك/الأمير a name follows, even one like a verb: "فيصل")
        if TANWEEN_FATH in tok.text:
            break
        hit = base._alias_candidates(tokens, forms, end)
        if hit is not None and end == first:
            e = base.entities[base._choose(hit[0], set())]
            if e.kind in ("city", "country", "region") and (
                    e.source == "hand" or e.population >= LARGE_PLACE or e.kind == "country"):
                first_place = e.id  # "مطار دمشق الدولي": the facility is in Damascus
        end += 1
    names = [t.norm for t in tokens[first:end] if t.norm not in QUOTES]
    if not names:
        return None
    if known is not None and (known[1] >= end - i or any(
            base.entities[k].kind not in ("city", "region", "country") for k in known[0])):
        return None  # the gazetteer knows this facility by this name ("معسكر" alone is Mascara: not it)
    # a name, not a kind of place ("القاعدة الجوية") nor a figure of speech ("ساحة نفوذ
    # مفتوحة"): it holds a known name, a title (الأمير, الشهيد), a definite word, or ends in
    # a facility adjective (الجوية, الدولي)
    words = _facility_words()
    if all(n in words and n.startswith("ال") for n in names):
        return None
    if not (quoted or first_place or names[0].startswith("ال") or names[-1] in words
            or any(base._alias_candidates(tokens, forms, x) for x in range(first, end))):
        return None
    # where it is: "في السعودية", "بالرياض" right after the name
    if not parent and end < len(tokens):
        at = end + 1 if tokens[end].norm == "في" else end
        if at < len(tokens):
            hit = base._alias_candidates(tokens, forms, at)
            if hit is not None:
                e = base.entities[base._choose(hit[0], set())]
                if e.kind in ("city", "country", "region", "facility"):
                    parent = e.id
    # "متوجهاً إلى باريس، حيث يلتقي ... في قصر الإليزيه": else the place named before it
    parent = parent or first_place or earlier
    name_ar = (" ".join(t.text for t in tokens[i:end] if t.norm not in QUOTES) if quoted
               else text[tokens[i].start:tokens[end - 1].end])
    name_ar = _without_proclitic(name_ar, tokens[i].norm, form)  # "بميناء بربرة" is ميناء بربرة
    country = base.part_of_state(parent) or "" if parent else ""
    return end, _Candidate(head["kind"], name_ar, country=country, parent=parent, head_en=head["en"])


def _without_proclitic(raw: str, norm: str, form: str) -> str:
    """The raw name without the conjunction or preposition its head word carries ("ب" of
    "بميناء", "و" of "والقصر"), and without the diacritics on them."""
    lead = len(norm) - len(form)
    if lead <= 0 or not norm.endswith(form):
        return raw
    prefix = norm[:lead]
    if prefix.endswith("ال"):  # "بالقصر الرئاسي": the article is part of the name
        prefix = prefix[:-2]
    if not prefix or prefix.strip("وفبكل") or prefix.endswith("لل"):
        return raw  # nothing to drop, or "للقصر" (ل + ال, its alef elided): kept as written
    lead = len(prefix)
    at = 0
    while at < len(raw) and lead > 0:
        lead -= not _is_mark(raw[at])
        at += 1
    while at < len(raw) and _is_mark(raw[at]):
        at += 1
    return raw[at:]


def _is_mark(ch: str) -> bool:
    return unicodedata.combining(ch) > 0 or ch == "\u0640"  # diacritics, tatweel


def _entity(base: Gazetteer, c: _Candidate) -> Entity:
    iso2 = base.entities[c.country].iso2 if c.country in base.entities else ""
    words = c.name_ar.split()
    if c.kind == "person":
        aliases = []
        norm = [normalize(w) for w in words]
        lists = _lists()
        if len(words) >= 2 and len(norm[-1]) >= 3 and norm[-1] not in lists["particles"] \
                and norm[-2] not in lists["particles"]:
            aliases.append(words[-1])
        if len(words) >= 3 and norm[-2] not in lists["particles"]:
            aliases.append(" ".join(words[-2:]))
        name_en = romanize(c.name_ar, iso2)
        return Entity(
            id=learned_id(c.name_ar, c.country), kind="person", name=name_en, name_ar=c.name_ar,
            aliases_ar=aliases, aliases_en=[name_en], country=c.country,
            offices=[Office(r, o, None, None) for r, o in c.offices], source="learned",
            transliterated=True,
        )
    table = dict(name_words()["facility"]["words"])
    place = base.entities.get(c.parent)
    if place is not None and place.kind != "facility":  # "مطار بيروت": Beirut Airport, not a romanisation
        names = {normalize(n) for n in [place.name_ar, *place.aliases_ar]}
        table.update({w: place.name for w in words[1:] if normalize(w) in names})
    for w in words[1:]:  # any other word that is a known place: "ميناء بربرة" is Berbera Port
        if w not in table:
            n = normalize(w)
            ids = [e for ws, e in base._aliases.get(n, ()) if ws == (n,) and base.entities[e].kind in PLACE_NAMES]
            if ids:
                table[w] = base.entities[base._choose(ids, {c.country})].name
    name_en = facility_name(words[1:], c.head_en, table, iso2)
    return Entity(
        id=learned_id(c.name_ar, c.country), kind=c.kind, name=name_en, name_ar=c.name_ar,
        aliases_en=[name_en], country=c.country, parent=c.parent or c.country,
        source="learned", transliterated=True,
    )
