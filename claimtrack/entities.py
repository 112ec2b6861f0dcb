"""The gazetteer (data/gazetteer/*.toml plus users' files) and mention linking.

Mentions are found on tokens: each token offers its normal form, its clitic-free
stem from the morphological analysis, and the forms left after stripping the
usual proclitic combinations (و ف ب ل ك ال وال بال لل ...), so "بموسكو", "وبوتين"
and "للرئيس" all match. Multi-word aliases match longest first. Titles resolve
through offices with dates ("الرئيس السوري" on 2026-01-28 is al-Sharaa, on
2023-05-01 Bashar al-Assad); "السابق/المخلوع" after a title blocks the
current-holder reading; "نظيره الروسي" is the Russian holder of the subject's office.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from claimtrack.arabic.normalize import normalize
from claimtrack.errors import ClaimtrackError
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


class GazetteerError(ClaimtrackError):
    """A gazetteer file cannot be read."""


@dataclass
class Office:
    """An office held between two dates (to is exclusive; None = still held)."""

    role: str
    of: str
    start: dt.date | None
    end: dt.date | None


@dataclass
class Entity:
    """A known person, country, place, organisation or outlet."""

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

    def ref(self) -> EntityRef:
        """The entity as it appears in the claims contract."""
        return EntityRef(id=self.id, name=self.name, name_ar=self.name_ar, kind=self.kind)


def _date(value: str | dt.date | None) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(normalize(w) for w in phrase.split())


@cache
def _titles() -> dict:
    text = resources.files("claimtrack").joinpath("data/titles.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def token_forms(tok: Token) -> frozenset[str]:
    """The forms a token may match an alias with: normal form, stem, clitics stripped."""
    a = tok.analysis
    return _forms(tok.norm, a.stem if a is not None else "")


@lru_cache(maxsize=200_000)
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


class Gazetteer:
    """Entities by id, an alias index for linking, and lookups for the command line."""

    def __init__(self, entities: dict[str, Entity]) -> None:
        self.entities = entities
        self._aliases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._adjectives: dict[str, str] = {}
        self._lookup: dict[str, set[str]] = {}
        for e in entities.values():
            for alias in {e.name_ar, *e.aliases_ar}:
                words = _words(alias)
                if words:
                    self._aliases.setdefault(words[0], []).append((words, e.id))
                    key = " ".join(words)
                    self._lookup.setdefault(key, set()).add(e.id)
                    self._lookup.setdefault(key.removeprefix("ال"), set()).add(e.id)
            for alias in {e.name, *e.aliases_en}:
                self._lookup.setdefault(_english_key(alias), set()).add(e.id)
            for adj in e.adjectives_ar:
                self._adjectives[normalize(adj)] = e.id
        for entries in self._aliases.values():
            entries.sort(key=lambda x: len(x[0]), reverse=True)
        titles = _titles()
        self._roles = {_words(k): v for k, v in titles["roles"].items()}
        self._role_heads: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for words, role in self._roles.items():
            for head in {words[0], words[0].removeprefix("ال"), "ال" + words[0].removeprefix("ال")}:
                self._role_heads.setdefault(head, []).append((words, role))
        for entries in self._role_heads.values():
            entries.sort(key=lambda x: len(x[0]), reverse=True)
        self._former = {normalize(w) for w in titles["former"]["words"]}
        self._counterpart = {normalize(w) for w in titles["counterpart"]["words"]}
        self._implied = titles.get("implied_country", {})
        # every form a mention can start with: other tokens are skipped at once
        self._heads = frozenset(self._aliases) | frozenset(self._role_heads) | self._counterpart | STATE_NOUNS

    # ----------------------------------------------------------- loading

    @classmethod
    def load(cls, extra: Sequence[Path] = ()) -> Gazetteer:
        """The shipped gazetteer merged with $CLAIMTRACK_GAZETTEER files and `extra` files."""
        folder = resources.files("claimtrack").joinpath("data/gazetteer")
        sources: list[tuple[str, str]] = [
            (f.name, f.read_text(encoding="utf-8"))
            for f in sorted(folder.iterdir(), key=lambda f: f.name)
            if f.name.endswith(".toml")
        ]
        env = [Path(p) for p in os.environ.get("CLAIMTRACK_GAZETTEER", "").split(os.pathsep) if p]
        for path in [*env, *extra]:
            try:
                sources.append((str(path), Path(path).read_text(encoding="utf-8")))
            except (OSError, UnicodeDecodeError) as exc:
                raise GazetteerError(f"Cannot read the gazetteer file {path} ({exc}).") from exc
        entities: dict[str, Entity] = {}
        for name, text in sources:
            for raw in _parse(name, text):
                entities[raw["id"]] = _merge(entities.get(raw["id"]), raw, name)
        return cls(entities)

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

    def holder(self, role: str, of: str, on: dt.date | None) -> Entity | None:
        """Who held an office on a date (None date: the current holder)."""
        best: tuple[dt.date, Entity] | None = None
        for e in self.entities.values():
            for o in e.offices:
                if o.role != role or o.of != of:
                    continue
                if on is None:
                    if o.end is None:
                        return e
                    continue
                if (o.start is None or o.start <= on) and (o.end is None or on < o.end):
                    start = o.start or dt.date.min
                    if best is None or start > best[0]:
                        best = (start, e)
        return best[1] if best else None

    def country_of_adjective(self, word: str) -> str | None:
        """The country a nationality adjective names ("قطرية" → qatar), if any."""
        word = normalize(word)
        return self._adjectives.get(word) or self._adjectives.get("ال" + word)

    def ancestors(self, entity_id: str) -> list[str]:
        """Containing places, innermost first (kremlin → moscow, russia)."""
        out: list[str] = []
        current = self.entities.get(entity_id)
        while current is not None and current.parent and current.parent not in out:
            out.append(current.parent)
            current = self.entities.get(current.parent)
        return out

    def contains(self, outer: str, inner: str) -> bool:
        """True when outer is inner or contains it."""
        return outer == inner or outer in self.ancestors(inner)

    # ----------------------------------------------------------- linking

    def find_mentions(self, sentence: Sentence, on: dt.date | None = None) -> list[Mention]:
        """Entity mentions in an analysed sentence, resolving titles on the given date."""
        tokens = sentence.tokens
        forms = [token_forms(t) for t in tokens]
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            if forms[i].isdisjoint(self._heads):
                i += 1
                continue
            found = self._title(tokens, forms, i, on, mentions) or self._alias(tokens, forms, i)
            if found is None:
                found = self._nationality(tokens, forms, i)
            if found is None:
                i += 1
                continue
            mentions.append(found)
            i = found.token_end
        return mentions

    def _alias(self, tokens: list[Token], forms: list[set[str]], i: int) -> Mention | None:
        for first in forms[i]:
            for words, entity_id in self._aliases.get(first, ()):
                n = len(words)
                if i + n > len(tokens):
                    continue
                if all(words[k] == tokens[i + k].norm or words[k] in forms[i + k] for k in range(1, n)):
                    return Mention(entity_id, tokens[i].start, tokens[i + n - 1].end, i, i + n)
        return None

    def _title(self, tokens, forms, i, on, previous: list[Mention]) -> Mention | None:
        is_counterpart = bool(forms[i] & self._counterpart)
        role_match = None
        if not is_counterpart:
            for first in forms[i]:
                for words, role in self._role_heads.get(first, ()):
                    n = len(words)
                    if i + n <= len(tokens) and all(
                        words[k] == tokens[i + k].norm or words[k] in forms[i + k] for k in range(1, n)
                    ):
                        role_match = (role, n)
                        break
                if role_match:
                    break
            if role_match is None:
                return None
        role, k = role_match if role_match else (None, 1)
        j = i + k
        country = None
        if j < len(tokens) and tokens[j].norm in self._adjectives:
            country = self._adjectives[tokens[j].norm]
            j += 1
        former = False
        if j < len(tokens) and tokens[j].norm in self._former:
            former = True
            j += 1
        named = self._alias(tokens, forms, j) if j < len(tokens) else None
        if named is not None and self.entities[named.entity_id].kind == "person":
            return Mention(named.entity_id, tokens[i].start, named.end, i, named.token_end,
                           "counterpart" if is_counterpart else "alias")
        if former:
            return None
        if is_counterpart:
            if country is None:
                return None
            role = self._subject_role(previous, on) or "president"
        elif country is None:
            country = self._implied.get(role)
            if country is None:
                return None
        person = self.holder(role, country, on)
        if person is None:
            return None
        return Mention(person.id, tokens[i].start, tokens[j - 1].end, i, j,
                       "counterpart" if is_counterpart else "title")

    def _subject_role(self, previous: list[Mention], on: dt.date | None) -> str | None:
        """The office of the last person mentioned before "نظيره" (their counterpart's role)."""
        for m in reversed(previous):
            e = self.entities.get(m.entity_id)
            if e is not None and e.kind == "person":
                for o in e.offices:
                    if on is None or ((o.start is None or o.start <= on) and (o.end is None or on < o.end)):
                        return o.role
                return None
        return None

    def _nationality(self, tokens, forms, i) -> Mention | None:
        if i + 1 >= len(tokens) or not (forms[i] & STATE_NOUNS):
            return None
        adj = tokens[i + 1].norm
        country = self._adjectives.get(adj)
        if country is None:
            return None
        return Mention(country, tokens[i].start, tokens[i + 1].end, i, i + 2, "nationality")


def _english_key(name: str) -> str:
    key = name.strip().lower().replace("’", "'")
    key = ENGLISH_PREFIX.sub("", key) if key.startswith(("al", "el")) and re.match(r"^(al|el)[- ]", key) else key
    return re.sub(r"[\s\-']+", " ", key).strip()


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
            offices=offices,
        )
    for key in ("kind", "name", "name_ar", "wikidata", "country", "parent"):
        if raw.get(key):
            setattr(old, key, raw[key])
    for key in ("aliases_ar", "aliases_en", "adjectives_ar"):
        for value in raw.get(key, []):
            if value not in getattr(old, key):
                getattr(old, key).append(value)
    if offices:
        old.offices = offices
    return old
