"""Schema migrations, applied in order and recorded in the `migrations` table.

A shipped migration is never edited: a schema change is a new function appended to
MIGRATIONS. `PRAGMA user_version` holds the number of applied migrations, so an
older claimtrack can refuse a database written by a newer one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlite_utils


def m001_initial(db: sqlite_utils.Database) -> None:
    """Documents, their names, sentences (FTS), entities, mentions, claims, participants."""
    db["documents"].create(
        {
            "id": str,
            "name": str,
            "path": str,
            "title": str,
            "source": str,
            "published": str,
            "date_origin": str,
            "url": str,
            "encoding": str,
            "text": str,
            "boilerplate": str,
            "n_sentences": int,
            "n_claims": int,
            "extractor_version": str,
            "ingested_at": str,
        },
        pk="id",
        not_null={"name", "text"},
    )
    db["document_names"].create(
        {"path": str, "name": str, "doc_id": str, "seen_at": str},
        pk="path",
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["entities"].create(
        {
            "id": str,
            "kind": str,
            "name": str,
            "name_ar": str,
            "wikidata": str,
            "parent": str,
            "country": str,
            "aliases_ar": str,
        },
        pk="id",
    )
    db["sentences"].create(
        {
            "id": int,
            "doc_id": str,
            "idx": int,
            "start": int,
            "end": int,
            "text": str,
            "norm": str,
            "boilerplate": int,
        },
        pk="id",
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db["mentions"].create(
        {
            "id": int,
            "doc_id": str,
            "sentence_id": int,
            "entity_id": str,
            "start": int,
            "end": int,
            "via": str,
        },
        pk="id",
        foreign_keys=[
            ("doc_id", "documents", "id"),
            ("sentence_id", "sentences", "id"),
            ("entity_id", "entities", "id"),
        ],
    )
    db["claims"].create(
        {
            "id": str,
            "doc_id": str,
            "sentence_id": int,
            "type": str,
            "cameo": str,
            "plover": str,
            "plover_mode": str,
            "agent_id": str,
            "place_id": str,
            "time_text": str,
            "time_start": str,
            "time_end": str,
            "time_grain": str,
            "time_resolved_by": str,
            "ordinal": int,
            "count_op": str,
            "count_value": int,
            "modality": str,
            "attributed_to": str,
            "trigger": str,
            "evidence": str,
            "span_start": int,
            "span_end": int,
        },
        pk="id",
        foreign_keys=[
            ("doc_id", "documents", "id"),
            ("sentence_id", "sentences", "id"),
            ("agent_id", "entities", "id"),
            ("place_id", "entities", "id"),
        ],
    )
    db["claim_participants"].create(
        {"claim_id": str, "entity_id": str, "role": str, "position": int},
        pk=("claim_id", "entity_id", "role"),
        foreign_keys=[("claim_id", "claims", "id"), ("entity_id", "entities", "id")],
    )
    db["sentences"].create_index(["doc_id", "idx"], unique=True)
    db["mentions"].create_index(["doc_id"])
    db["mentions"].create_index(["entity_id"])
    db["claims"].create_index(["doc_id"])
    db["claims"].create_index(["type", "time_start"])
    db["claims"].create_index(["time_start"])
    db["claim_participants"].create_index(["entity_id", "claim_id"])
    db["document_names"].create_index(["doc_id"])
    db["documents"].create_index(["source"])
    db["sentences"].enable_fts(["norm"], create_triggers=True, tokenize="unicode61")
    db.create_view(
        "claims_view",
        """
        select c.id, d.name as doc, d.source, c.type, c.cameo, c.plover, c.plover_mode,
               a.name as agent, a.name_ar as agent_ar, p.name as place, p.name_ar as place_ar,
               c.time_text, c.time_start, c.time_end, c.time_grain, c.ordinal, c.modality,
               c.attributed_to, c.trigger, c.evidence
        from claims c
        join documents d on d.id = c.doc_id
        left join entities a on a.id = c.agent_id
        left join entities p on p.id = c.place_id
        """,
    )


def m002_quantity_and_inconsistent_time(db: sqlite_utils.Database) -> None:
    """Claims keep the quantity they state and whether their weekday contradicts their date."""
    db["claims"].add_column("quantity_value", float)
    db["claims"].add_column("quantity_unit", str)
    db["claims"].add_column("quantity_op", str)
    db["claims"].add_column("quantity_text", str)
    db["claims"].add_column("time_inconsistent", int)


def m003_learned_entities(db: sqlite_utils.Database) -> None:
    """Entities read from a document's text (not in the gazetteer) are flagged, with their
    English aliases (so `--entity "Anwar Ibrahim"` finds them) and their offices."""
    db["entities"].add_column("learned", int)
    db["entities"].add_column("transliterated", int)
    db["entities"].add_column("aliases_en", str)
    db["entities"].add_column("offices", str)


def m004_documents_by_extractor_version(db: sqlite_utils.Database) -> None:
    """A covering index for the ids stored by an extractor version: without it, reading
    `extractor_version` (a column after `text`) walks every article's overflow pages, and
    the first step of a re-ingest read a whole 6.9 GB store before anything else."""
    db["documents"].create_index(["extractor_version", "id"], if_not_exists=True)


def m005_sentences_indexed_per_batch(db: sqlite_utils.Database) -> None:
    """The full-text index is filled by the writer, one statement per batch of documents in
    the same transaction as the sentences, not by a trigger row by row: the trigger cost
    1.3-1.5 ms of the writer's CPU a document, the statement 0.4-0.6 (the writer shares the
    machine's cores with the workers). The delete and update triggers stay."""
    db.execute("DROP TRIGGER IF EXISTS sentences_ai")


def m006_sentence_text_from_documents(db: sqlite_utils.Database) -> None:
    """A version step only, no change to the tables: a sentence's text is no longer stored
    beside its document's, it is documents.text[start:end]. The column stays (sentences
    written before keep theirs, the same text), new rows leave it empty, readers always
    slice the document. The text was a sixth of a database and of what an ingest writes;
    the version makes an older claimtrack, which would read the empty column, refuse it."""


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    m001_initial,
    m002_quantity_and_inconsistent_time,
    m003_learned_entities,
    m004_documents_by_extractor_version,
    m005_sentences_indexed_per_batch,
    m006_sentence_text_from_documents,
]
SCHEMA_VERSION = len(MIGRATIONS)


def apply_migrations(db: sqlite_utils.Database) -> list[str]:
    """Apply the migrations this database lacks, all under one write lock; return their names.

    `BEGIN IMMEDIATE` makes a second process that opens a fresh database at the same
    moment wait, then find the migrations done (sqlite-utils uses savepoints inside
    an open transaction, so nothing commits halfway).
    """
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        if "migrations" not in db.table_names():
            db["migrations"].create({"name": str, "applied_at": str}, pk="name")
        done = {row["name"] for row in db["migrations"].rows}
        applied = []
        for number, migration in enumerate(MIGRATIONS, start=1):
            if migration.__name__ in done:
                continue
            migration(db)
            db["migrations"].insert(
                {"name": migration.__name__, "applied_at": dt.datetime.now(dt.UTC).isoformat()}
            )
            db.execute(f"PRAGMA user_version = {number}")
            applied.append(migration.__name__)
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.execute("ROLLBACK")
        raise
    return applied
