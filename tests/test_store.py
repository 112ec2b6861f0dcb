"""The SQLite store: atomic writes, idempotence, refusal of bad databases, indexed queries."""

from __future__ import annotations

import sqlite3

import pytest

from claimtrack.arabic.segment import segment
from claimtrack.errors import DatabaseError
from claimtrack.models import Claim, ClaimTime, Document, EntityRef, Processed
from claimtrack.store import open_db

TEXT = "وصل الرئيس السوري أحمد الشرع إلى موسكو اليوم الأربعاء. وقال إن الزيارة مهمة."
ENTITIES = [
    {"id": "ahmed-al-sharaa", "kind": "person", "name": "Ahmed al-Sharaa", "name_ar": "أحمد الشرع"},
    {"id": "moscow", "kind": "city", "name": "Moscow", "name_ar": "موسكو"},
]


def _processed(text: str = TEXT, version: str = "1", name: str = "a.txt") -> Processed:
    doc = Document(id=f"id-{hash(text) & 0xFFFF:x}", name=name, path=f"/x/{name}", text=text)
    sentences = segment(text)
    for s in sentences:
        s.norm = " ".join(t.norm for t in s.tokens)
    s0 = sentences[0]
    claim = Claim(
        id=f"c-{doc.id}", doc=name, type="visit", cameo="042", plover="CONSULT", plover_mode="visit",
        agent=EntityRef(id="ahmed-al-sharaa", name="Ahmed al-Sharaa", name_ar="أحمد الشرع", kind="person"),
        place=EntityRef(id="moscow", name="Moscow", name_ar="موسكو", kind="city"),
        time=ClaimTime(text="اليوم الأربعاء", start="2026-01-28", end="2026-01-28", grain="day",
                       resolved_by="document_date"),
        trigger="وصل", evidence=text[s0.start : s0.end], span=(s0.start, s0.end),
    )
    return Processed(doc, sentences, [], [claim], version)


@pytest.fixture
def store(tmp_path):
    st = open_db(tmp_path / "t.db", create=True)
    st.sync_entities(ENTITIES)
    yield st
    st.close()


def test_store_write_then_query_claims_by_entity(store):
    (outcome,) = store.write([_processed()])
    assert outcome.status == "new"
    (claim,) = store.claims(entity_groups=[["moscow"]])
    assert claim.agent.id == "ahmed-al-sharaa"
    assert str(claim.time.start) == "2026-01-28"
    assert TEXT[claim.span[0] : claim.span[1]] == claim.evidence


def test_store_rewrite_same_text_changes_nothing(store):
    store.write([_processed()])
    before = store.stats()
    (outcome,) = store.write([_processed()])
    assert outcome.status == "unchanged"
    assert store.stats() == before


def test_store_same_text_under_another_name_is_a_duplicate(store):
    store.write([_processed()])
    (outcome,) = store.write([_processed(name="copy.txt")])
    assert outcome.status == "duplicate"
    assert store.stats()["documents"] == 1
    assert store.stats()["document_names"] == 2


def test_store_newer_extractor_re_extracts(store):
    store.write([_processed(version="1")])
    (outcome,) = store.write([_processed(version="2")])
    assert outcome.status == "updated"
    assert store.stats()["claims"] == 1


def test_store_failure_mid_batch_leaves_no_rows_of_it(store):
    good = _processed()
    bad = _processed(text="نص آخر. جملة ثانية.", name="b.txt")
    bad.claims[0].agent = EntityRef(id="not-in-entities", name="x", name_ar="x", kind="person")
    with pytest.raises(sqlite3.IntegrityError):
        store.write([good, bad])  # the foreign key fails on the second document
    assert store.stats() == {k: (len(ENTITIES) if k == "entities" else 0) for k in store.stats()}


def test_store_full_text_search_folds_spelling_and_clitics(store):
    store.write([_processed()])
    assert store.search_sentences("وصل")
    assert store.search_sentences("الى موسكو")


def test_store_sentence_text_is_read_from_its_document(store):
    """Sentences are stored as offsets into their document (m006): search results and a
    claim's context still show each sentence's raw text, and an older row that kept its own
    text reads the same."""
    store.write([_processed()])
    first, second = TEXT[: TEXT.index(".") + 1], TEXT[TEXT.index(".") + 2 :]
    assert [r["text"] for r in store.search_sentences("الزيارة")] == [second]
    (claim,) = store.claims()
    assert [s["text"] for s in store.claim_context(claim.id)["sentences"]] == [first, second]
    assert store.conn.execute("select count(*) from sentences where text is not null").fetchone()[0] == 0
    store.conn.execute("update sentences set text = substr(norm, 1, 3)")  # a pre-m006 row's text is ignored
    assert [r["text"] for r in store.search_sentences("الزيارة")] == [second]


def test_store_full_text_index_follows_re_extraction_and_batches(store):
    """The writer indexes each batch's sentences itself: after a re-extraction (which may reuse
    the ids of the sentences it replaced) every sentence is found once, the old ones not at all."""
    other = _processed(text="التقى وزير الخارجية نظيره في الرياض. وبحثا العلاقات.", name="b.txt")
    store.write([other, _processed(version="1")])  # the second document holds the highest ids
    store.write([_processed(version="2")])  # its sentences deleted and written again, at the same ids
    assert [r["doc"] for r in store.search_sentences("موسكو")] == ["a.txt"]
    assert [r["doc"] for r in store.search_sentences("الرياض")] == ["b.txt"]
    _index_matches_sentences(store)


def _index_matches_sentences(st) -> None:
    # FTS5's check against the content table (rank 1): fails on a sentence left unindexed
    st.conn.execute("insert into sentences_fts (sentences_fts, rank) values ('integrity-check', 1)")


def test_store_database_of_schema_4_is_migrated_and_searchable(tmp_path):
    """A database written before m005 (index filled by a trigger) is migrated on opening for
    writing: its old sentences stay searchable, new ones are indexed once."""
    path = tmp_path / "old.db"
    st = open_db(path, create=True)
    st.sync_entities(ENTITIES)
    st.write([_processed()])
    st.conn.execute("create trigger sentences_ai after insert on sentences begin"
                    " insert into sentences_fts (rowid, norm) values (new.rowid, new.norm); end")
    st.conn.execute("delete from migrations where name = 'm005_sentences_indexed_per_batch'")
    st.conn.execute("pragma user_version = 4")
    st.close()
    st = open_db(path, create=True)
    try:
        assert not st.conn.execute("select name from sqlite_master where name = 'sentences_ai'").fetchall()
        st.write([_processed(text="التقى وزير الخارجية نظيره في الرياض.", name="b.txt")])
        assert [r["doc"] for r in st.search_sentences("موسكو")] == ["a.txt"]
        assert [r["doc"] for r in st.search_sentences("الرياض")] == ["b.txt"]
        _index_matches_sentences(st)
    finally:
        st.close()


def test_store_entity_query_uses_indexes(store):
    sql, params = store.claims_sql(entity_groups=[["moscow"]], types=["visit"])
    plan = " ".join(str(r) for r in store.conn.execute("explain query plan " + sql, params))
    assert "idx_claim_participants_entity_id_claim_id" in plan or "USING COVERING INDEX" in plan
    assert "SCAN c" not in plan.replace("SCAN c USING", "")


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: p.write_bytes(b"this is not a database at all, just text" * 10), "not a SQLite database"),
        (lambda p: p.mkdir(), "is a directory"),
        (lambda p: sqlite3.connect(p).execute("create table other (x)").connection.commit(), "not a claimtrack"),
        (lambda p: sqlite3.connect(p).execute("pragma user_version = 99").connection.commit(), "newer claimtrack"),
        (lambda p: sqlite3.connect(p).executescript("create table documents (id); pragma user_version = 1;"), "tables missing"),
    ],
    ids=["text-file", "directory", "foreign-sqlite", "newer-schema", "missing-tables"],
)
def test_store_refuses_bad_databases_untouched(tmp_path, make, message):
    path = tmp_path / "bad.db"
    make(path)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(DatabaseError, match=message):
        open_db(path, create=True)
    if before is not None:
        assert path.read_bytes() == before


def test_store_read_only_file_is_refused_for_writing(tmp_path):
    path = tmp_path / "ro.db"
    open_db(path, create=True).close()
    path.chmod(0o444)
    before = path.read_bytes()
    try:
        with pytest.raises(DatabaseError, match="read-only"):
            open_db(path, create=True)
        assert path.read_bytes() == before
        open_db(path).close()  # reading a read-only database still works
    finally:
        path.chmod(0o644)


def test_store_missing_database_for_reading_says_how_to_create_it(tmp_path):
    with pytest.raises(DatabaseError, match="claimtrack ingest"):
        open_db(tmp_path / "none.db")


def test_store_ids_by_extractor_version_never_read_the_texts(store):
    st = store
    st.write([_processed()])
    plan = " ".join(
        str(row[-1]) for row in st.conn.execute(
            "explain query plan select id from documents where extractor_version = ?", ["1"]
        )
    )
    assert "COVERING INDEX" in plan, plan
    assert st.current_documents("1") == [_processed().doc.id]
