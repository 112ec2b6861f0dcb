"""CAMeL's analyzer on the shipped database: trigger forms, clitics, database choice."""

from __future__ import annotations

import shutil

import pytest

from claimtrack.arabic import camel_env
from claimtrack.arabic.lexicon import build, shipped_db
from claimtrack.arabic.morphology import Morphology, resolve_db
from claimtrack.errors import MorphologyDBError


@pytest.fixture(scope="module")
def morph() -> Morphology:
    return Morphology(names=["موسكو", "بوتين", "الكرملين", "لافروف"])


SEED_FORMS = [
    ("يزور", "زار"), ("زار", "زار"), ("زيارة", "زيارة"), ("بزيارة", "زيارة"), ("الزيارة", "زيارة"),
    ("زيارته", "زيارة"), ("التقى", "التقى"), ("يلتقي", "التقى"), ("لقاء", "لقاء"), ("اجتماعًا", "اجتماع"),
    ("استقباله", "استقبال"), ("مباحثات", "مباحثة"), ("محادثات", "محادثة"), ("اتصالاً", "اتصال"),
    ("هاتفياً", "هاتفي"), ("رسالة", "رسالة"), ("بعث", "بعث"), ("دعوة", "دعوة"), ("وجه", "وجه"),
    ("انسحاب", "انسحاب"), ("الانسحاب", "انسحاب"), ("إخلاء", "إخلاء"), ("تقليص", "تقليص"),
    ("انتشار", "انتشار"), ("نقل", "نقل"), ("الاتفاق", "اتفاق"), ("شحنات", "شحنة"), ("وصل", "وصل"),
    ("عُقد", "عقد"), ("أجرى", "أجرى"), ("نفى", "نفى"), ("أفادت", "أفاد"), ("ذكرت", "ذكر"),
    ("يعتقد", "يعتقد"),
]
UNSEEN_FORMS = [
    ("وسيزورون", "زار", ("و", "س"), ()), ("فزارها", "زار", ("ف",), ("ها",)),
    ("لاتصاله", "اتصال", ("ل",), ("ه",)), ("بانسحابها", "انسحاب", ("ب",), ("ها",)),
    ("والتقى", "التقى", ("و",), ()), ("وبزيارته", "زيارة", ("و", "ب"), ("ه",)),
    ("للرئيس", "رئيس", ("ل", "ال"), ()), ("بالاتفاقية", "اتفاقية", ("ب", "ال"), ()),
]


@pytest.mark.parametrize("word, lemma", [f for f in SEED_FORMS if f[0] != "يعتقد"], ids=[f[0] for f in SEED_FORMS if f[0] != "يعتقد"])
def test_morphology_seed_trigger_forms_analyse_to_their_lemma(morph, word, lemma):
    a = morph.analyse(word)
    assert a.lemma == lemma and a.known


@pytest.mark.parametrize("word, lemma, proclitics, enclitics", UNSEEN_FORMS, ids=[f[0] for f in UNSEEN_FORMS])
def test_morphology_forms_not_in_the_seeds(morph, word, lemma, proclitics, enclitics):
    a = morph.analyse(word)
    assert (a.lemma, a.proclitics, a.enclitics) == (lemma, proclitics, enclitics)


@pytest.mark.parametrize(
    "word, stem, proclitics",
    [("بموسكو", "موسكو", ("ب",)), ("وبوتين", "بوتين", ("و",)), ("بوتين", "بوتين", ()),
     ("الكرملين", "الكرملين", ()), ("ولافروف", "لافروف", ("و",)), ("والقاهرة", "قاهره", ("و", "ال"))],
    ids=["b-moscow", "wa-putin", "putin-not-b", "kremlin", "wa-lavrov", "wal-unknown"],
)
def test_morphology_unknown_names_get_their_clitics_split(morph, word, stem, proclitics):
    a = morph.analyse(word)
    assert (a.stem, a.proclitics, a.known) == (stem, proclitics, False)


def test_morphology_presentation_forms_analyse_like_plain_letters(morph):
    assert morph.analyse("ﺯﻳﺎﺭﺓ").lemma == morph.analyse("زيارة").lemma == "زيارة"


def test_morphology_cache_counts_hits(morph):
    morph.analyse("زيارات")
    before = morph.cache_info()["hits"]
    morph.analyse("زيارات")
    assert morph.cache_info()["hits"] == before + 1


def test_morphology_database_from_env_variable(tmp_path, monkeypatch):
    copy = tmp_path / "copy.db"
    shutil.copy(shipped_db(), copy)
    monkeypatch.setenv("CLAIMTRACK_MORPHOLOGY_DB", str(copy))
    assert resolve_db() == (copy, "env CLAIMTRACK_MORPHOLOGY_DB")
    m = Morphology()
    assert m.path == copy and m.analyse("والتقى").lemma == "التقى"


def test_morphology_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(MorphologyDBError, match="does not exist"):
        resolve_db(tmp_path / "nope.db")
    bad = tmp_path / "bad.db"
    bad.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(MorphologyDBError, match="Cannot read"):
        Morphology(bad)


def test_morphology_offline_catalogue_never_touches_users_camel_data(tmp_path, monkeypatch):
    home = tmp_path / "home"
    (home / ".camel_tools").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("CAMELTOOLS_DATA", raising=False)
    used = camel_env.ensure_offline_catalogue()
    assert used == tmp_path / "cache" / "claimtrack" / "camel_data"
    assert (used / "catalogue.json").is_file()
    assert list((home / ".camel_tools").iterdir()) == []


def test_morphology_users_own_catalogue_is_used_as_is(tmp_path, monkeypatch):
    data = tmp_path / "camel"
    data.mkdir()
    (data / "catalogue.json").write_text("{}", encoding="utf-8")
    monkeypatch.setenv("CAMELTOOLS_DATA", str(data))
    assert camel_env.ensure_offline_catalogue() == data
    assert (data / "catalogue.json").read_text() == "{}"


def test_lexicon_shipped_database_is_in_sync_with_the_lexicon():
    assert shipped_db().read_text(encoding="utf-8") == build(), "run `make lexicon` and commit the .db"


def test_lexicon_compatibility_tables_refuse_invalid_combinations(morph):
    # the article never takes a possessive ("الزيارته"), future س never a noun ("سزيارة")
    for word in ("الزيارته", "سزيارة", "بيزور"):
        assert not morph.analyse(word).known
