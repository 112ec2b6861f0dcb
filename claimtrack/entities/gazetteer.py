"""The gazetteer (data/gazetteer/*: generated world data, hand-checked TOML, users' files)
and mention linking.

Mentions are found on tokens: each token offers its normal form, its clitic-free
stem from the morphological analysis, and the forms left after stripping the
usual proclitic combinations (و ف ب ل ك ال وال بال لل ...), so "بموسكو", "وبوتين"
and "للرئيس" all match. Aliases are indexed by their first word (one hash look-up per
token, whatever the size of the gazetteer) and match longest first; two places with
one name (طرابلس in Libya and Lebanon) are told apart by the countries of the sentence
and the document, then by population. Titles resolve through offices with dates
("الرئيس السوري" on 2026-01-28 is al-Sharaa, on 2023-05-01 Bashar al-Assad);
"السابق/المخلوع" after a title blocks the current-holder reading; "نظيره الروسي" is the
Russian holder of the subject's office (the state itself when the holder on that day is
unknown: "نظيره التايلاندي" is Thailand); "رئيس بوركينا فاسو" and "المدير العام للوكالة
الدولية للطاقة الذرية" name the office by its country or organisation.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import operator
import os
import re
import tomllib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from importlib import resources
from itertools import compress
from pathlib import Path

from claimtrack.arabic.normalize import normalize
from claimtrack.errors import ClaimtrackError
from claimtrack.memo import Memo
from claimtrack.models import EntityRef, Mention, Sentence, Token

PROCLITIC_COMBOS = sorted(
    ["و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "لل", "وبال", "وكال", "ولل", "فبال",
     "فلل", "وب", "ول", "وك", "فب", "فل", "فك"],
    key=len, reverse=True,
)
STATE_NOUNS = {
    "القوات", "قوات", "الحكومه", "حكومه", "الرياسه", "الرئاسه", "الخارجيه", "وزاره", "الجيش",
    "الجانب", "القياده", "السلطات", "الدوله", "الدفاع", "البحريه", "الطرف", "الوفد",
}
STATE_NOUNS = {normalize(w) for w in STATE_NOUNS}
ENGLISH_PREFIX = re.compile(r"^(?:al|el| al-|el-)\s*[- ]?", re.IGNORECASE)
# kinds preferred when one alias names several entities (الجزائر: the country, not Algiers)
KIND_RANK = {"country": 3, "organisation": 2, "person": 2, "region": 1}
QUOTES = frozenset("\"«»“”„'")  # quote marks a name may stand in: قاعدة "عين الأسد"
CONTEXT_TOWN = 250_000  # smaller generated towns are read only where the text names their country
TITLE_REACH = 8  # tokens back from "نظيره" to the title whose counterpart it is
POSTED_IN = frozenset({"لدي", "في"})  # "سفير X لدى Y", "مندوب X في Y": where the office is held (normal forms)
# the linking rules a token's forms may begin besides an alias (a bit each)
_TITLE, _PLACE_WORD, _STATE_NOUN = 1, 2, 4
_NONE: frozenset[str] = frozenset()


class GazetteerError(ClaimtrackError):
    """A gazetteer file cannot be read."""


@dataclass
class Office:
    """An office held between two dates (to is exclusive; None = still held)."""

    role: str
    of: str
    start: dt.date | None
    end: dt.date | None

    def held_on(self, on: dt.date | None) -> bool:
        """True when the office was held on that date (None: is it held now)."""
        if on is None:
            return self.end is None
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass
class Entity:
    """A known or learned person, country, place, organisation or outlet."""

    id: str
    kind: str
    name: str
    name_ar: str
    aliases_ar: list[str] = field(default_factory=list)
    aliases_en: list[str] = field(default_factory=list)
    wikidata: str = ""
    country: str = ""
    parent: str = ""
    adjectives_ar: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)
    population: int = 0
    capital_of: str = ""  # a capital city stands for its state in actor position
    title_adjectives_ar: list[str] = field(default_factory=list)  # only after a title
    source: str = "hand"  # "hand", "generated", "learned"
    transliterated: bool = False  # the English name is a transliteration, not a known spelling
    iso2: str = ""

    @property
    def learned(self) -> bool:
        """True for an entity read from a document's text, not from the gazetteer."""
        return self.source == "learned"

    def ref(self) -> EntityRef:
        """The entity as it appears in the claims contract."""
        return EntityRef(id=self.id, name=self.name, name_ar=self.name_ar, kind=self.kind)


def _date(value: str | dt.date | None) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


# normal forms the generator computed (generated-*.json "norm"): loading is not slowed by
# normalising every city name again
_PRENORM: dict[str, str] = {}


def words_of(phrase: str) -> tuple[str, ...]:
    """The normal forms of a phrase's words."""
    known = _PRENORM.get(phrase)
    if known is not None:
        return tuple(known.split())
    return tuple(normalize(w) for w in phrase.split())


_words = words_of


@cache
def everyday_words() -> frozenset[str]:
    """data/common_words.txt: everyday words that are also some town's name (normal forms)."""
    text = resources.files("claimtrack").joinpath("data/common_words.txt").read_text(encoding="utf-8")
    return frozenset(normalize(w) for line in text.splitlines() if not line.startswith("#")
                     for w in line.split())


def _everyday_in_disguise(norm: str, aliases: Mapping) -> bool:
    """A word that is no name as written but matched one with a letter stripped: an everyday
    word with its ending ("كبيرا", "كبيرة"), its conjunction or preposition ("لأول")."""
    if norm in aliases:
        return False
    words = everyday_words()
    return (norm in words or (norm[-1:] in "اهي" and norm[:-1] in words)
            or (norm[:1] in "وفبلك" and norm[1:] in words))


def spellings(words: tuple[str, ...]) -> set[tuple[str, ...]]:
    """A name's words as news writes them: "عبد الله" and "عبدالله", "عبد الفتاح" and
    "عبدالفتاح" are one name (an empty name has none)."""
    if not words:
        return set()
    joined: list[str] = []
    for w in words:
        if joined and joined[-1] == "عبد" and w.startswith("ال"):
            joined[-1] += w
        else:
            joined.append(w)
    split = [part for w in words for part in (("عبد", w[3:]) if w.startswith("عبدال") and len(w) > 6 else (w,))]
    return {words, tuple(joined), tuple(split)}


@cache
def _titles() -> dict:
    text = resources.files("claimtrack").joinpath("data/titles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def name_words() -> dict:
    """data/names.toml: honorifics, ranks, particles, stop words and facility heads."""
    text = resources.files("claimtrack").joinpath("data/names.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def token_forms(tok: Token) -> frozenset[str]:
    """The forms a token may match an alias with: normal form, stem, clitics stripped."""
    a = tok.analysis
    return _FORMS[tok.norm, a.stem if a is not None else ""]


class SentenceForms(list):
    """token_forms of every token of a sentence, by position, and what the learning pass
    worked out on them that the linker asks again of the same sentence: the positions
    something may start at (`starts`, of the learning pass's wider Starts), the alias
    candidates of the gazetteer's own tables at a position (`aliases`) and the titles
    read at a position (`titles`: a document view empties them when the sentence holds
    one of its own names, which may change what a title's name or country is)."""

    __slots__ = ("starts", "aliases", "titles")

    def __init__(self, forms: list[frozenset[str]]) -> None:
        super().__init__(forms)
        self.starts: list[int] | None = None
        self.aliases: dict[int, tuple[list[str], int] | None] = {}
        self.titles: dict[int, dict | None] = {}


def sentence_forms(tokens: Sequence[Token]) -> SentenceForms:
    """token_forms of every token of a sentence (one pass; the linker and the learning
    pass index these by token position)."""
    return SentenceForms([_FORMS[t.norm, a.stem if (a := t.analysis) is not None else ""] for t in tokens])


def _forms(norm: str, stem: str) -> frozenset[str]:
    forms = {norm}
    if stem:
        forms.add(stem)
    for p in PROCLITIC_COMBOS:
        if norm.startswith(p) and len(norm) - len(p) >= 2:
            rest = norm[len(p):]
            forms.add(rest)
            if p.endswith("ال") or p.endswith("لل"):
                forms.add("ال" + rest)
    return frozenset(forms)


_FORMS = Memo(lambda key: _forms(*key))  # (norm, stem) → forms


def rule_index(rule_heads: Sequence[tuple[int, frozenset[str]]]) -> Memo:
    """For each distinct set of forms, the bits of the rules whose head words it meets:
    the other rules are not tried at that token."""
    return Memo(partial(_rule_bits, rule_heads))


def _rule_bits(rule_heads: Sequence[tuple[int, frozenset[str]]], forms: frozenset[str]) -> int:
    return sum(bit for bit, heads in rule_heads if not forms.isdisjoint(heads))


def next_words(table: dict[str, list[tuple[tuple[str, ...], str]]]) -> dict[str, frozenset[str] | None]:
    """For each first word of an alias table, the second words its aliases go on with
    (None when one of them is that word alone). Most tokens that begin some alias
    ("في" of "في ثان", "علي" of "علي صبيح") are followed by none of those words: one set
    test on the next token then rules them all out."""
    out: dict[str, frozenset[str] | None] = {}
    for first, entries in table.items():
        if any(len(words) == 1 for words, _ in entries):
            out[first] = None
        else:
            out[first] = frozenset(words[1] for words, _ in entries)
    return out


AliasTable = dict[str, list[tuple[tuple[str, ...], str]]]  # first word → (words, entity id), longest first


class AliasStarts(Memo):
    """The aliases a token may begin, by the token's set of forms, over one or more
    alias tables (a document's own, then the gazetteer's): for each form that begins
    aliases, in the set's own order (it decides which of two equally long matches comes
    first), the second words they go on with (None: one of them is that word alone) and
    the aliases; and when all of them are a single word, the finished answer of
    Gazetteer._alias_candidates. Worked out once per distinct set of forms, keyed by its
    forms in its own order (two equal sets may list them differently)."""

    def __init__(self, tables: Sequence[tuple[AliasTable, dict[str, frozenset[str] | None]]]) -> None:
        super().__init__(self._work_out)
        self.tables = tables  # (aliases, next_words(aliases)) pairs

    def _work_out(self, forms: tuple[str, ...]) -> tuple[list[tuple[frozenset[str] | None, list]],
                                                         tuple[list[str], int] | None]:
        starting = []
        for first in forms:
            entries, needs = [], []
            for table, nexts in self.tables:
                if first in table:
                    entries += table[first]
                    needs.append(nexts[first])
            if entries:
                need = None if None in needs else frozenset().union(*needs)
                starting.append((need, entries))
        if not starting or any(len(words) > 1 for _, entries in starting for words, _ in entries):
            return starting, None
        ids = list(dict.fromkeys(entity_id for _, entries in starting for _, entity_id in entries))
        return starting, (ids, 1)


def next_forms(tokens: Sequence[Token], forms: Sequence[frozenset[str]], i: int) -> frozenset[str]:
    """The forms of the token an alias starting at token i goes on with: the next one,
    quote marks skipped (قاعدة "عين الأسد")."""
    j = i + 1
    while j < len(tokens) and tokens[j].norm in QUOTES:
        j += 1
    return forms[j] if j < len(tokens) else _NONE


def meeting(forms: Sequence[frozenset[str]], words: frozenset[str]) -> list[int]:
    """The positions whose forms hold one of the words (a test per token, none in Python code)."""
    return list(compress(range(len(forms)), map(operator.not_, map(words.isdisjoint, forms))))


class Starts:
    """Which tokens a mention or a name may start at, by their forms: a form in `alone`
    (a title word, a one-word alias ...) always; the first word of multi-word aliases only
    when the next token offers one of their second words ("في" of "في ثان" mostly does not).
    Other tokens are skipped at once. What a set of forms needs is worked out once."""

    def __init__(self, alone: frozenset[str], nexts: dict[str, frozenset[str] | None]) -> None:
        self.alone = alone
        self.nexts = nexts
        self._marks = Memo(self._mark)

    def _mark(self, forms: frozenset[str]) -> bool | frozenset[str]:
        """True: a start whatever follows; False: never; else the forms the next token
        must offer one of."""
        if not forms.isdisjoint(self.alone):
            return True
        return frozenset().union(*(self.nexts.get(w) or _NONE for w in forms)) or False

    def positions(self, tokens: Sequence[Token], forms: Sequence[frozenset[str]],
                  extra: frozenset[str] = _NONE, among: Sequence[int] | None = None) -> list[int]:
        """The token positions of a sentence something may start at; forms in `extra` (a
        document's own names) always start one. `among`: the positions a wider Starts
        found (its `alone` holds this one's, its `nexts` are these), the only ones that
        can start something here too: the other tokens are not looked at again."""
        if among is not None:
            marked = self._marks
            out = [i for i in among if (mark := marked[forms[i]]) is True
                   or (mark is not False and not next_forms(tokens, forms, i).isdisjoint(mark))]
        else:
            marks = list(map(self._marks.__getitem__, forms))
            # compress: only the tokens marked True or with a set of next forms get this far
            out = [i for i in compress(range(len(marks)), marks)
                   if marks[i] is True or not next_forms(tokens, forms, i).isdisjoint(marks[i])]
        if extra:
            own = meeting(forms, extra)
            if own:
                out = sorted({*out, *own})
        return out


def _phrases(key: str) -> dict[str, list[tuple[tuple[str, ...], int]]]:
    """A names.toml list as word tuples by first word (for multi-word ranks and honorifics)."""
    section, _, name = key.partition(".")
    out: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for p in name_words()[section][name]:
        words = _words(p)
        out.setdefault(words[0], []).append((words, len(words)))
    return out


class Gazetteer:
    """Entities by id, an alias index for linking, and lookups for the command line."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.entities = entities
        self._aliases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._adjectives: dict[str, str] = {}
        self._title_adjectives: dict[str, str] = {}
        self._multi_adjectives: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._lookup: dict[str, set[str]] = {}
        self._offices: dict[tuple[str, str], list[tuple[Office, str]]] = {}
        self._holders_by_first: dict[str, set[str]] | None = None  # built on first use
        self._states = Memo(self._state_of)  # part_of_state: the entities do not change
        for e in entities.values():
            self._index(e)
        for entries in self._aliases.values():
            entries.sort(key=lambda x: len(x[0]), reverse=True)
        self._alias_next = next_words(self._aliases)
        self._alias_starts = AliasStarts([(self._aliases, self._alias_next)])
        # a token holding one of a document view's own names (none here) is looked up in
        # the view's tables, its own first (learn.DocumentGazetteer)
        self._learned_heads: frozenset[str] = frozenset()
        self._own_starts = self._alias_starts
        self._disguised = Memo(partial(_everyday_in_disguise, aliases=self._aliases))
        for entries in self._multi_adjectives.values():
            entries.sort(key=lambda x: len(x[0]), reverse=True)
        titles = _titles()
        self._roles = {_words(k): v for k, v in {**titles["roles"], **titles.get("roles_more", {})}.items()}
        self._role_heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, role in self._roles.items():
            for head in {words[0], words[0].removeprefix("ال"), "ال" + words[0].removeprefix("ال")}:
                self._role_heads.setdefault(head, []).append((words, role))
        for entries in self._role_heads.values():
            entries.sort(key=lambda x: len(x[0]), reverse=True)
        self._former = {normalize(w) for w in titles["former"]["words"]}
        self._counterpart = {normalize(w) for w in titles["counterpart"]["words"]}
        self._counterpart |= {normalize(w) for w in ("نظيرته", "نظيرتها", "نظيرتيه", "نظراؤه", "نظرائه")}
        self._implied = {**titles.get("implied_country", {}), **titles.get("implied_country_more", {})}
        self._role_alias = titles.get("role_alias", {})
        self._honorifics = _phrases("honorifics.phrases")
        self._ranks = _phrases("ranks.words")
        # words that begin a title or rank: never the first word of a name
        self._title_modifiers = {normalize(w) for w in name_words()["ranks"]["after_title"]}
        self._role_ranks = frozenset(self._role_heads) | frozenset(self._ranks) | self._counterpart
        state = name_words()["state"]
        self._state_nouns = STATE_NOUNS | {normalize(w) for w in state["nouns"]}
        self._state_modifiers = {normalize(w) for w in state["modifiers"]}
        self._place_prefixes = {normalize(w) for w in state["place_prefixes"]}
        self._state_styles = {normalize(w) for w in state["styles"]}
        self._role_head_forms = frozenset(self._role_heads)
        self._title_starts = self._role_head_forms | self._counterpart | frozenset(self._honorifics)
        # every form a mention can start with: other tokens are skipped at once; of those,
        # the ones that begin only multi-word aliases count when the next token goes on
        # with one of them (Starts)
        not_alias = self._title_starts | self._state_nouns | self._place_prefixes
        self._heads = frozenset(self._aliases) | not_alias
        self._heads_alone = not_alias | {w for w, need in self._alias_next.items() if need is None}
        self._starts = Starts(self._heads_alone, self._alias_next)
        self._rules = rule_index([(_TITLE, self._title_starts), (_PLACE_WORD, frozenset(self._place_prefixes)),
                                  (_STATE_NOUN, frozenset(self._state_nouns))])
        # needs_context, asked of every mention: the entities do not change
        self._context_towns = frozenset(
            e.id for e in entities.values() if e.kind == "city" and e.source == "generated"
            and not e.capital_of and e.population < CONTEXT_TOWN)

    def _index(self, e: Entity) -> None:
        for alias in {e.name_ar, *e.aliases_ar}:
            for words in spellings(_words(alias)):
                self._aliases.setdefault(words[0], []).append((words, e.id))
                key = " ".join(words)
                self._lookup.setdefault(key, set()).add(e.id)
                self._lookup.setdefault(key.removeprefix("ال"), set()).add(e.id)
        for alias in {e.name, *e.aliases_en}:
            self._lookup.setdefault(_english_key(alias), set()).add(e.id)
        for adj in e.adjectives_ar:
            self._add_adjective(adj, e.id, self._adjectives)
        for adj in e.title_adjectives_ar:
            self._add_adjective(adj, e.id, self._title_adjectives)
        for o in e.offices:
            self._offices.setdefault((o.role, o.of), []).append((o, e.id))

    def _add_adjective(self, adj: str, entity_id: str, single: dict[str, str]) -> None:
        words = _words(adj)
        if len(words) == 1:
            single.setdefault(words[0], entity_id)  # the first country to claim a form keeps it
        elif words:
            self._multi_adjectives.setdefault(words[0], []).append((words, entity_id))

    # ----------------------------------------------------------- loading

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> Gazetteer:
        """The shipped gazetteer merged with $CLAIMTRACK_GAZETTEER files and `extra` files.

        Generated world data (JSON) comes first, the hand-checked TOML files override it,
        users' files override both.
        """
        return _load_cached(tuple(str(p) for p in extra), os.environ.get("CLAIMTRACK_GAZETTEER", ""))

    def get(self, entity_id: str) -> Entity:
        """The entity with this id (KeyError if unknown)."""
        return self.entities[entity_id]

    def __iter__(self) -> Iterator[Entity]:
        return iter(sorted(self.entities.values(), key=lambda e: (e.kind, e.id)))

    def __len__(self) -> int:
        return len(self.entities)

    def names(self) -> set[str]:
        """Every single-word Arabic alias (normalised), for the analyser's backoff."""
        return {words[0] for entries in self._aliases.values() for words, _ in entries}

    # ----------------------------------------------------------- queries

    def lookup(self, name: str) -> list[Entity]:
        """Entities a command-line name refers to (Arabic in any spelling, or English)."""
        name = name.strip()
        if not name:
            return []
        keys = {_english_key(name)}
        if re.search(r"[\u0600-\u06FF]", name):
            arabic = " ".join(normalize(w) for w in name.split())
            keys |= {arabic, arabic.removeprefix("ال"), "ال" + arabic}
        ids = set().union(*(self._lookup.get(k, set()) for k in keys))
        if not ids and name in self.entities:
            ids = {name}
        return sorted((self.entities[i] for i in ids), key=lambda e: e.id)

    def suggest(self, name: str, n: int = 3) -> list[str]:
        """Close matches for an unknown name (for the error message)."""
        key = _english_key(name)
        if re.search(r"[\u0600-\u06FF]", name):
            key = " ".join(normalize(w) for w in name.split())
        close = difflib.get_close_matches(key, list(self._lookup), n=n * 3, cutoff=0.6)
        out: list[str] = []
        for c in close:
            for i in sorted(self._lookup[c]):
                label = f"{self.entities[i].name} ({self.entities[i].name_ar})"
                if label not in out:
                    out.append(label)
        return out[:n]

    def holders_named(self, first: str) -> set[str]:
        """Ids of the office holders whose Arabic name starts with this word (normal form)."""
        if self._holders_by_first is None:
            self._holders_by_first = {}
            for entries in self._offices.values():
                for _, pid in entries:
                    words = words_of(self.entities[pid].name_ar)
                    if words:
                        self._holders_by_first.setdefault(words[0], set()).add(pid)
        return self._holders_by_first.get(first, set())

    def holder(self, role: str, of: str, on: dt.date | None) -> Entity | None:
        """Who held an office on a date (None date: the current holder)."""
        role = self._role_alias.get(role, role)
        best: tuple[dt.date, Entity] | None = None
        for o, entity_id in self._offices.get((role, of), ()):
            if not o.held_on(on):
                continue
            if on is None:
                return self.entities[entity_id]
            start = o.start or dt.date.min
            if best is None or start > best[0]:
                best = (start, self.entities[entity_id])
        return best[1] if best else None

    def country_of_adjective(self, word: str) -> str | None:
        """The country a nationality adjective names ("قطرية" → qatar), if any."""
        word = normalize(word)
        return self._adjectives.get(word) or self._adjectives.get("ال" + word)

    def ancestors(self, entity_id: str) -> list[str]:
        """Containing places, innermost first (kremlin → moscow, russia); a state's bodies
        (its army, ministries, delegations) have the state as their ancestor."""
        out: list[str] = []
        current = self.entities.get(entity_id)
        while current is not None:
            up = current.parent or (current.country if current.kind not in ("country", "person") else "")
            if not up or up in out or up == current.id:
                break
            out.append(up)
            current = self.entities.get(up)
        return out

    def contains(self, outer: str, inner: str) -> bool:
        """True when outer is inner or contains it."""
        return outer == inner or outer in self.ancestors(inner)

    def part_of_state(self, entity_id: str) -> str | None:
        """The state an entity belongs to or stands for: a country itself, its capital
        (as a metonym), its armed forces, ministries and places inside it; None for
        persons and international bodies."""
        return self._states[entity_id]

    def _state_of(self, entity_id: str) -> str | None:
        e = self.entities.get(entity_id)
        if e is None or e.kind == "person":
            return None
        if e.kind == "country":
            return e.id
        if e.capital_of:
            return e.capital_of
        for up in self.ancestors(entity_id):
            u = self.entities.get(up)
            if u is not None and u.kind == "country":
                return u.id
        return None

    def metonym_of(self, entity_id: str) -> str | None:
        """The state a capital stands for in actor position ("واشنطن" → usa), else None."""
        e = self.entities.get(entity_id)
        return e.capital_of or None if e is not None else None

    def for_document(self, text: str, sentences: Sequence[Sentence], on: dt.date | None = None):
        """This gazetteer as one document sees it: plus the people, facilities and bodies
        the document introduces (claimtrack.entities.learn)."""
        from claimtrack.entities.learn import learn

        return learn(self, text, sentences, on)

    def with_learned(self, rows: Sequence[dict]):
        """This gazetteer plus the learned entities of a database (rows of
        Store.learned_entities): what the command line looks names up in."""
        from claimtrack.entities.learn import from_rows

        return from_rows(self, rows)

    # ----------------------------------------------------------- linking

    def _head_positions(self, tokens, forms: SentenceForms) -> list[int]:
        """The tokens a mention may start at (all others are skipped at once); a document
        view's own names always start one."""
        return self._starts.positions(tokens, forms, self._learned_heads, forms.starts)

    def find_mentions(self, sentence: Sentence, on: dt.date | None = None) -> list[Mention]:
        """Entity mentions in an analysed sentence, resolving titles on the given date."""
        tokens = sentence.tokens
        forms = self._sentence_forms(sentence)
        mentions: list[Mention] = []
        ambiguous: list[tuple[int, list[str]]] = []
        resume = 0  # the token after the last mention
        for i in self._head_positions(tokens, forms):
            if i < resume:
                continue
            rules = self._rules[forms[i]]
            found = self._title(tokens, forms, i, on, mentions) if rules & _TITLE else None
            if found is None:
                # "مدينة طرابلس": the place word is part of the place's mention
                k = i + 1 if rules & _PLACE_WORD and self._prefixes_place(tokens, forms, i) else i
                hit = self._alias_candidates(tokens, forms, k)
                if hit is not None and k > i and not any(
                        self.entities[x].kind in ("city", "region", "country") for x in hit[0]):
                    hit = None
                if hit is not None and hit[1] == 1 and k == i and self._disguised[tokens[i].norm]:
                    hit = None  # "كبيرا" is كبير + ا, not ك + Beira
                if hit is not None:
                    ids, n = hit
                    found = Mention(ids[0], tokens[i].start, tokens[k + n - 1].end, i, k + n)
                    if len(ids) > 1:
                        ambiguous.append((len(mentions), ids))
            if found is None and rules & _STATE_NOUN:
                found = self._nationality(tokens, forms, i)
            if found is not None:
                mentions.append(found)
                resume = found.token_end
        if ambiguous:
            context = self._context(m.entity_id for k, m in enumerate(mentions)
                                    if k not in {a for a, _ in ambiguous})
            for k, ids in ambiguous:
                mentions[k].entity_id = self._choose(ids, context, self._doc_countries())
        towns = self._context_towns  # needs_context
        if mentions and not towns.isdisjoint([m.entity_id for m in mentions]):
            # a small town GeoNames lists is read only where the text is about its country
            # (the sentence's other places and people, or the document's): "الكريمة" is no
            # town in Sudan in a story about Ghana
            about = self._context(m.entity_id for m in mentions if m.entity_id not in towns)
            about |= self._doc_countries()
            mentions = [m for m in mentions if m.entity_id not in towns
                        or self.part_of_state(m.entity_id) in about]
        return mentions

    def needs_context(self, entity_id: str) -> bool:
        """A generated town under CONTEXT_TOWN people that is no capital: its name is as
        likely an everyday word or a namesake, so it needs its country in the text."""
        return entity_id in self._context_towns  # a document's own entities are no towns

    def _sentence_forms(self, sentence: Sentence) -> SentenceForms:
        return sentence_forms(sentence.tokens)

    def _context(self, entity_ids) -> set[str]:
        """The countries a set of mentions is about (for choosing between homonyms)."""
        out: set[str] = set()
        for entity_id in entity_ids:
            state = self.part_of_state(entity_id)
            if state:
                out.add(state)
            e = self.entities.get(entity_id)
            if e is not None and e.kind == "person" and e.country:
                out.add(e.country)
        return out

    def _doc_countries(self) -> set[str]:
        return set()

    def _choose(self, ids: Sequence[str], context: set[str], doc: set[str] = frozenset()) -> str:
        """Of several entities with one name: the document's own, then one in a country of
        the sentence, then of the document, then the kind a reader means first (a country
        before its capital), then a hand-checked one, then the largest."""
        def score(entity_id: str) -> tuple:
            e = self.entities[entity_id]
            state = e.id if e.kind == "country" else (e.country or self.part_of_state(e.id) or "")
            return (e.source == "learned", state in context, state in doc,
                    KIND_RANK.get(e.kind, 0), e.source == "hand", e.population)
        return max(sorted(ids), key=score)  # sorted: a tie goes the same way in every run

    def _alias_candidates(self, tokens, forms: SentenceForms, i: int) -> tuple[list[str], int] | None:
        """Entity ids of the longest alias starting at token i, and its length in tokens."""
        if not forms[i].isdisjoint(self._learned_heads):  # a document's own name at token i
            return self._candidates(self._own_starts, tokens, forms, i)
        shared = forms.aliases  # the learning pass and the linker look up the same tokens of a sentence
        if i not in shared:
            shared[i] = self._candidates(self._alias_starts, tokens, forms, i)
        return shared[i]

    @staticmethod
    def _candidates(starts: AliasStarts, tokens, forms, i) -> tuple[list[str], int] | None:
        starting, single = starts[tuple(forms[i])]
        if single is not None:
            return list(single[0]), single[1]
        best_n, ids = 0, []
        n_tokens = len(tokens)
        after_forms = next_forms(tokens, forms, i)
        for need, entries in starting:
            if need is not None and after_forms.isdisjoint(need):
                continue  # none of these aliases goes on with the next token
            for words, entity_id in entries:
                n = len(words)
                if n < best_n or i + n > n_tokens:
                    continue
                k, j = 1, i + 1  # k: words of the alias matched; j: the next token
                while k < n and j < n_tokens:
                    if tokens[j].norm in QUOTES:  # قاعدة "عين الأسد": quotes inside a name
                        j += 1
                    elif words[k] == tokens[j].norm or words[k] in forms[j]:
                        k, j = k + 1, j + 1
                    else:
                        break
                if k < n:
                    continue
                span = j - i
                if span > best_n:
                    best_n, ids = span, [entity_id]
                elif span == best_n and entity_id not in ids:
                    ids.append(entity_id)
        return (ids, best_n) if ids else None

    def _alias(self, tokens: list[Token], forms: list[frozenset[str]], i: int) -> Mention | None:
        hit = self._alias_candidates(tokens, forms, i)
        if hit is None:
            return None
        ids, n = hit
        entity_id = ids[0] if len(ids) == 1 else self._choose(ids, self._doc_countries())
        return Mention(entity_id, tokens[i].start, tokens[i + n - 1].end, i, i + n)

    @staticmethod
    def _phrase_at(table: dict[str, list[tuple[tuple[str, ...], int]]], tokens, forms, i) -> int:
        """Length of the longest phrase of the table starting at token i (0 if none)."""
        best = 0
        for first in forms[i]:
            for words, n in table.get(first, ()):
                if n > best and i + n <= len(tokens) and all(
                    words[k] == tokens[i + k].norm for k in range(1, n)
                ):
                    best = n
        return best

    def _skip(self, table, tokens, forms, j) -> int:
        while j < len(tokens):
            n = self._phrase_at(table, tokens, forms, j)
            if not n:
                break
            j += n
        return j

    def adjective_at(self, tokens, forms, j, title: bool = False) -> tuple[str, int] | None:
        """The country of a nationality adjective at token j and its length in tokens
        ("الكوري الجنوبي" is two); `title` also accepts adjectives that are common words."""
        if j >= len(tokens):
            return None
        for words, country in self._multi_adjectives.get(tokens[j].norm, ()):
            n = len(words)
            if j + n <= len(tokens) and all(words[k] == tokens[j + k].norm for k in range(1, n)):
                return country, n
        norm = tokens[j].norm
        country = self._adjectives.get(norm) or (self._title_adjectives.get(norm) if title else None)
        return (country, 1) if country else None

    def parse_title(self, tokens, forms: SentenceForms, i: int) -> dict | None:
        """A title at token i: its role, whose office ("of"), where the name may start (what
        the title says alone: which holder it names on a date is _title's)."""
        titles = forms.titles  # the learning pass and the linker read the same titles (neither
        # date nor earlier mentions change what a title says)
        if i not in titles:
            titles[i] = self._parse_title(tokens, forms, i)
        return titles[i]

    def _parse_title(self, tokens, forms, i) -> dict | None:
        if forms[i].isdisjoint(self._title_starts):
            return None
        p = self._skip(self._honorifics, tokens, forms, i)
        if p >= len(tokens):
            return None
        is_counterpart = bool(forms[p] & self._counterpart)
        role, k = None, 1
        if not is_counterpart:
            for first in forms[p]:
                for words, r in self._role_heads.get(first, ()):
                    n = len(words)
                    # the second word first: it rules out most of the roles a head begins
                    if p + n <= len(tokens) and (n == 1 or words[1] in forms[p + 1]) and all(
                        words[x] == tokens[p + x].norm or words[x] in forms[p + x] for x in range(2, n)
                    ):
                        role, k = r, n
                        break
                if role:
                    break
            if role is None:
                return None
        j = p + k
        if role == "minister":  # "وزير الطاقة الروسي": skip the portfolio words
            while j < len(tokens) and j < p + k + 4 and self.adjective_at(tokens, forms, j) is None \
                    and forms[j] & {"ال" + f.removeprefix("ال") for f in forms[j]} and \
                    (tokens[j].norm.startswith(("ال", "وال", "لل"))):
                j += 1
        of = None
        # after a title the adjective agrees with it, definite: "الأمير تركي" is a name
        adj = self.adjective_at(tokens, forms, j, title=role != "minister") \
            if j < len(tokens) and tokens[j].norm.startswith("ال") else None
        if adj is not None:
            of, n = adj
            j += n
            # "الكوري الجنوبي" was read; "الجنوبي" alone after a country adjective is part of it
        elif j < len(tokens) and role is not None:
            # "سفير جمهورية البيرو", "وزير خارجية دولة قطر": the state's style before its name
            at = j + 1 if tokens[j].norm in self._state_styles and j + 1 < len(tokens) else j
            hit = self._alias_candidates(tokens, forms, at)
            if hit is not None and at > j:
                hit = (hit[0], hit[1] + 1)
            if hit is not None:
                ids, n = hit
                kinds = [i2 for i2 in ids if self.entities[i2].kind in ("country", "organisation")]
                if kinds:
                    of = self._choose(kinds, set())
                    j += n
        if of is not None and j + 1 < len(tokens) and tokens[j].norm in POSTED_IN:
            hit = self._alias_candidates(tokens, forms, j + 1)  # "سفير البيرو لدى الأردن NAME"
            if hit is not None and any(self.entities[e].kind in ("country", "organisation") for e in hit[0]):
                j += 1 + hit[1]
        while j < len(tokens) and tokens[j].norm in self._title_modifiers:
            j += 1  # "الرئيس الكيني الجديد ويليام روتو"
        former = False
        if j < len(tokens) and tokens[j].norm in self._former:
            former = True
            j += 1
        name_at = self._skip(self._ranks, tokens, forms, j)
        return {"start": i, "role": role, "of": of, "end": j, "name_at": name_at,
                "former": former, "counterpart": is_counterpart}

    def _title(self, tokens, forms, i, on, previous: list[Mention]) -> Mention | None:
        t = self.parse_title(tokens, forms, i)
        if t is None:
            return None
        j, country, role = t["end"], t["of"], t["role"]
        is_counterpart = t["counterpart"]
        named = self._alias(tokens, forms, t["name_at"]) if t["name_at"] < len(tokens) else None
        if named is not None and self.entities[named.entity_id].kind == "person":
            return Mention(named.entity_id, tokens[i].start, named.end, i, named.token_end,
                           "counterpart" if is_counterpart else "alias")
        if t["former"]:
            return None
        if is_counterpart:
            if country is None:
                return None
            role = self._subject_role(previous, on) or self._title_role_before(tokens, forms, i, on) or "president"
        elif country is None:
            country = self._implied.get(role)
            if country is None:
                return self._bare_title(role, tokens, i, j)
        person = self.holder(role, country, on)
        # an office whose holder on that day is unknown (the Thai prime minister, a minister
        # of any portfolio) acts for its state or organisation: "نظيره التايلاندي" is Thailand
        return Mention(person.id if person is not None else country, tokens[i].start, tokens[j - 1].end, i, j,
                       "counterpart" if is_counterpart else "title")

    def _bare_title(self, role, tokens, i, j) -> Mention | None:
        """A title with no country ("ولي العهد"): only a document view knows who it is."""
        return None

    def _title_role_before(self, tokens, forms, i: int, on: dt.date | None) -> str | None:
        """The office of a title with no name before "نظيره" ("وزير الخارجية ونظيره الصيني":
        the Chinese foreign minister)."""
        for x in range(i - 1, max(-1, i - TITLE_REACH), -1):
            t = self.parse_title(tokens, forms, x)
            if t is not None and t["role"] and not t["counterpart"] and t["end"] <= i:
                return t["role"]
        return None

    def _subject_role(self, previous: Sequence[Mention], on: dt.date | None) -> str | None:
        """The office of the last person mentioned before "نظيره" (their counterpart's role)."""
        for m in reversed(previous):
            e = self.entities.get(m.entity_id)
            if e is not None and e.kind == "person":
                for o in e.offices:
                    if on is None or o.held_on(on) or e.learned:
                        return o.role
                return None
        return None

    def _nationality(self, tokens, forms, i) -> Mention | None:
        """"القوات الأميركية", "وفداً عسكرياً أميركياً": a state's body is the state."""
        if i + 1 >= len(tokens) or not (forms[i] & self._state_nouns):
            return None
        j = i + 1
        if tokens[j].norm in self._state_modifiers and j + 1 < len(tokens):
            j += 1
        adj = self.adjective_at(tokens, forms, j)
        if adj is None:
            return None
        country, n = adj
        return Mention(country, tokens[i].start, tokens[j + n - 1].end, i, j + n, "nationality")

    def _prefixes_place(self, tokens, forms, i) -> bool:
        """"مدينة مندوزا", "بمدينة نيروبي": a place word before a name."""
        return i + 1 < len(tokens) and bool(forms[i] & self._place_prefixes)


def _english_key(name: str) -> str:
    key = name.strip().lower().replace("’", "'")
    key = ENGLISH_PREFIX.sub("", key) if key.startswith(("al", "el")) and re.match(r"^(al|el)[- ]", key) else key
    return re.sub(r"[\s\-']+", " ", key).strip()


@lru_cache(maxsize=8)
def _load_cached(extra: tuple[str, ...], env: str) -> Gazetteer:
    """One parsed gazetteer per set of files (a worker or a command loads it once)."""
    folder = resources.files("claimtrack").joinpath("data/gazetteer")
    files = sorted(folder.iterdir(), key=lambda f: f.name)
    entities: dict[str, Entity] = {}
    for f in files:
        if f.name.endswith(".json"):
            _load_generated(f.name, f.read_text(encoding="utf-8"), entities)
    sources: list[tuple[str, str]] = [
        (f.name, f.read_text(encoding="utf-8")) for f in files if f.name.endswith(".toml")
    ]
    for path in [*(Path(p) for p in env.split(os.pathsep) if p), *(Path(p) for p in extra)]:
        try:
            sources.append((str(path), Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"Cannot read the gazetteer file {path} ({exc}).") from exc
    for name, text in sources:
        for raw in _parse(name, text):
            entities[raw["id"]] = _merge(entities.get(raw["id"]), raw, name)
    return Gazetteer(entities)


def _load_generated(name: str, text: str, entities: dict[str, Entity]) -> None:
    """generated-*.json from `python -m claimtrack.entities.build` (compact rows, fast)."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise GazetteerError(f"The generated gazetteer {name} is not valid JSON ({exc}). "
                             "Run `make gazetteer`.") from exc
    _PRENORM.update(data.get("norm", {}))
    for c in data.get("countries", []):
        entities[c["id"]] = Entity(
            id=c["id"], kind="country", name=c["name"], name_ar=c["name_ar"],
            aliases_ar=c.get("aliases_ar", []), aliases_en=[c["name"], c.get("iso3", "")],
            adjectives_ar=c.get("adjectives_ar", []), title_adjectives_ar=c.get("title_adjectives_ar", []),
            population=c.get("population", 0), source="generated", iso2=c.get("iso2", ""),
        )
    for row in data.get("cities", []):
        cid, en, ar, aliases, country, population = row[:6]
        entities[cid] = Entity(
            id=cid, kind="city", name=en, name_ar=ar, aliases_ar=aliases, country=country,
            parent=country, population=population, capital_of=row[7] if len(row) > 7 else "",
            source="generated",
        )


def _parse(name: str, text: str) -> list[dict]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise GazetteerError(f"The gazetteer file {name} is not valid TOML ({exc}).") from exc
    entries = data.get("entity", [])
    if not isinstance(entries, list):
        raise GazetteerError(f"The gazetteer file {name} needs [[entity]] tables.")
    for n, e in enumerate(entries, start=1):
        if not isinstance(e, dict) or not e.get("id"):
            raise GazetteerError(f"Entity number {n} in {name} has no id.")
    return entries


def _merge(old: Entity | None, raw: dict, source: str) -> Entity:
    try:
        offices = [
            Office(o["role"], o["of"], _date(o.get("from")), _date(o.get("to")))
            for o in raw.get("office", [])
        ]
    except (KeyError, ValueError) as exc:
        raise GazetteerError(f"An office of {raw['id']} in {source} is invalid ({exc}).") from exc
    if old is None:
        missing = [k for k in ("kind", "name", "name_ar") if not raw.get(k)]
        if missing:
            raise GazetteerError(f"Entity {raw['id']} in {source} lacks {', '.join(missing)}.")
        return Entity(
            id=raw["id"], kind=raw["kind"], name=raw["name"], name_ar=raw["name_ar"],
            aliases_ar=list(raw.get("aliases_ar", [])), aliases_en=list(raw.get("aliases_en", [])),
            wikidata=raw.get("wikidata", ""), country=raw.get("country", ""),
            parent=raw.get("parent", ""), adjectives_ar=list(raw.get("adjectives_ar", [])),
            offices=offices, capital_of=raw.get("capital_of", ""),
        )
    old.source = "hand"
    for key in ("kind", "name", "name_ar", "wikidata", "country", "parent", "capital_of"):
        if raw.get(key):
            if key == "name_ar" and old.name_ar != raw[key] and old.name_ar not in old.aliases_ar:
                old.aliases_ar.append(old.name_ar)  # the generated name stays an alias
            setattr(old, key, raw[key])
    for key in ("aliases_ar", "aliases_en", "adjectives_ar"):
        for value in raw.get(key, []):
            if value not in getattr(old, key):
                getattr(old, key).append(value)
    if offices:
        old.offices = offices
    return old
