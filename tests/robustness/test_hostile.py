"""Hostile text, bad databases, injection attempts, and fuzzing of every stage."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrack.arabic.segment import segment
from claimtrack.dates import tag
from claimtrack.errors import LoadError
from claimtrack.load import decode_bytes
from claimtrack.models import Document
from claimtrack.pipeline import Resources, process

PLAIN = "وفي 12 شباط 2025 أجرى الرئيس الروسي فلاديمير بوتين اتصالاً هاتفياً مع الرئيس أحمد الشرع."


@pytest.fixture(scope="module")
def resources() -> Resources:
    return Resources.load()


def _claims(text: str, res: Resources) -> list[tuple]:
    doc = Document(id="x", name="x.txt", text=text, published=dt.date(2026, 1, 28))
    return [(c.type, c.agent and c.agent.id, tuple(p.id for p in c.participants), str(c.time.start))
            for c in process(doc, res).claims]


@pytest.mark.parametrize(
    "hostile",
    [
        PLAIN.replace("بوتين", "بو\u202eتين").replace("اتصالاً", "\u202dاتصالاً\u202c"),
        PLAIN.replace("الشرع", "\u2067الشرع\u2069").replace("فلاديمير", "فلا\u2066دي\u2069مير"),
        PLAIN.replace("هاتفياً", "هات\u200bفياً").replace("بوتين", "بوت\u200dين"),
        PLAIN.replace("أجرى", "\u200fأجرى\u200e"),
    ],
    ids=["bidi-override", "bidi-isolates", "zero-width", "marks"],
)
def test_robustness_invisible_characters_do_not_change_claims(resources, hostile):
    assert _claims(hostile, resources) == _claims(PLAIN, resources)


def test_robustness_presentation_forms_analyse_like_plain_letters(resources):
    import unicodedata

    def present(word: str) -> str:  # the isolated presentation forms of each letter
        out = []
        for ch in word:
            name = unicodedata.name(ch, "")
            try:
                out.append(unicodedata.lookup(name.replace("LETTER", "LETTER") + " ISOLATED FORM"))
            except KeyError:
                out.append(ch)
        return "".join(out)

    text = PLAIN.replace("بوتين", present("بوتين")).replace("اتصالاً", present("اتصالا"))
    assert text != PLAIN
    assert _claims(text, resources) == _claims(PLAIN, resources)


def test_robustness_show_warns_about_invisible_characters(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("date 2026-01-28\n" + PLAIN.replace("بوتين", "بو\u202eتين"), encoding="utf-8")
    db = tmp_path / "t.db"
    assert run_cli("ingest", folder, "--db", db).exit_code == 0
    (claim,) = json.loads(run_cli("claims", "--db", db, "-f", "json").stdout)
    shown = run_cli("show", claim["id"], "--db", db)
    assert shown.exit_code == 0 and "Warning: the evidence contains invisible" in shown.stderr


@pytest.mark.parametrize("size", [20_000, 200_000], ids=["20k-words", "200k-words"])
def test_robustness_long_article_time_is_linear(resources, size):
    sentence = PLAIN + " "
    words = len(sentence.split())
    timings = []
    for n in (size // words // 10, size // words):
        text = sentence * n
        start = time.perf_counter()
        process(Document(id="big", name="big", text=text), resources)
        timings.append(time.perf_counter() - start)
    assert timings[1] < 10 * timings[0] * 2.5  # ten times the text: well under quadratic


# ------------------------------------------------------------------ databases

@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_text("plain text, not SQLite " * 20), "not a SQLite database"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: sqlite3.connect(p).executescript("create table x (a); pragma user_version = 42;"), "newer claimtrack"),
        (lambda p: sqlite3.connect(p).executescript("create table documents (id); pragma user_version = 1;"), "tables missing"),
    ],
    ids=["not-sqlite", "directory", "newer-schema", "missing-tables"],
)
@pytest.mark.parametrize("command", [["claims"], ["ingest", "SEEDS"], ["diff"], ["docs"]],
                         ids=["claims", "ingest", "diff", "docs"])
def test_robustness_bad_database_one_clear_error_file_untouched(tmp_path, run_cli, seeds_dir, make, message, command):
    path = tmp_path / "bad.db"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    args = [str(seeds_dir) if a == "SEEDS" else a for a in command]
    result = run_cli(*args, "--db", path)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error:") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    if before is not None:
        assert path.read_bytes() == before


def test_robustness_read_only_database(tmp_path, run_cli, seeds_dir):
    db = tmp_path / "ro.db"
    assert run_cli("ingest", seeds_dir / "004_095f6d28d59887e7.txt", "--db", db).exit_code == 0
    db.chmod(0o444)
    before = db.read_bytes()
    result = run_cli("ingest", seeds_dir, "--db", db)
    assert result.exit_code == 1 and "read-only" in result.stderr
    assert db.read_bytes() == before
    assert run_cli("claims", "--db", db).exit_code == 0


# ------------------------------------------------------------------ injection

@pytest.mark.parametrize("value", ["x' OR '1'='1", "%", "_", "a; DROP TABLE claims; --", '"'],
                         ids=["quote", "percent", "underscore", "semicolon", "double-quote"])
@pytest.mark.parametrize("option", ["--source", "--doc"], ids=["source", "doc"])
def test_robustness_user_values_reach_sql_only_as_parameters(seeds_db, run_cli, option, value):
    result = run_cli("claims", "--db", seeds_db, option, value, "--format", "json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    assert sqlite3.connect(seeds_db).execute("select count(*) from claims").fetchone()[0] > 30


@pytest.mark.parametrize("value", ["x' OR '1'='1", "%", "_", "a; DROP TABLE claims; --"],
                         ids=["quote", "percent", "underscore", "semicolon"])
def test_robustness_entity_injection_is_an_unknown_name(seeds_db, run_cli, value):
    result = run_cli("claims", "--db", seeds_db, "--entity", value)
    assert result.exit_code == 1 and result.stderr.startswith("Error: No known entity")


def test_robustness_csv_cells_from_articles_cannot_run(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = "=HYPERLINK(\"http://x\") وصل الرئيس الروسي فلاديمير بوتين إلى دمشق اليوم والتقى الرئيس أحمد الشرع."
    (folder / "a.txt").write_text("date 2026-02-01\n" + evil, encoding="utf-8")
    (folder / "b.txt").write_text("date 2026-02-01\n" + evil.replace("دمشق", "حلب"), encoding="utf-8")
    db = tmp_path / "t.db"
    assert run_cli("ingest", folder, "--db", db).exit_code == 0
    out = tmp_path / "c.csv"
    assert run_cli("export", "claims", "-o", out, "--db", db).exit_code == 0
    for line in out.read_text(encoding="utf-8").splitlines()[1:]:
        for cell in line.split(","):
            assert not cell.strip('"').startswith(("=", "+", "-", "@", "\t", "\r"))


# -------------------------------------------------------------------- fuzzing

ARABIC_HEAVY = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFDFF),
        st.characters(min_codepoint=0xFE70, max_codepoint=0xFEFF),
        st.sampled_from(list(" .،؟!\n0123456789٠١٢٣\u202e\u2067\u200b\u200d")),
        st.characters(),
    ),
    max_size=300,
)
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_robustness_fuzz_decoder_raises_only_load_errors(data):
    try:
        text, _ = decode_bytes(data)
    except LoadError:
        return
    assert isinstance(text, str) and text.strip()


@SETTINGS
@given(text=ARABIC_HEAVY)
def test_robustness_fuzz_segmenter_offsets(text):
    for s in segment(text):
        assert 0 <= s.start <= s.end <= len(text)
        for t in s.tokens:
            assert text[t.start : t.end] == t.text


@SETTINGS
@given(text=ARABIC_HEAVY, ref=st.one_of(st.none(), st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1))))
def test_robustness_fuzz_temporal_tagger(text, ref):
    for e in tag(text, ref):
        assert 0 <= e.start_char < e.end_char <= len(text)
        assert text[e.start_char : e.end_char] == e.text
        assert (e.start is None) == (e.end is None)
        assert e.start is None or e.start <= e.end


@SETTINGS
@given(text=ARABIC_HEAVY)
def test_robustness_fuzz_extractor_spans_match_evidence(resources, text):
    text = text + " وصل الرئيس السوري أحمد الشرع إلى موسكو. " + text
    doc = Document(id="f", name="f.txt", text=text, published=dt.date(2026, 1, 28))
    for c in process(doc, resources).claims:
        assert text[c.span[0] : c.span[1]] == c.evidence


@pytest.mark.parametrize(
    "word",
    ["\ufdc8", "\ufdfd", "ٹیکہ", "گزارش", "ﷺ"],
    ids=["unassigned-fdc8", "bismillah-ligature", "urdu-word", "persian-word", "salla-ligature"],
)
def test_robustness_letters_camel_does_not_know_leave_the_claim(resources, word):
    text = f"{word} وصل الرئيس السوري أحمد الشرع إلى موسكو."
    assert [c[0] for c in _claims(text, resources)] == ["visit"]
