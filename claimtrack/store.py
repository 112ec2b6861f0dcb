"""The SQLite store: opening (with migrations and checks), atomic writes, every query.

Only this module touches the database. Writes take the write lock up front
(`BEGIN IMMEDIATE`) and commit whole documents, so a crash or a second writer never
leaves half a document. User values reach SQL only as parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from claimtrack.arabic.normalize import normalize_text
from claimtrack.errors import DatabaseError
from claimtrack.migrations import SCHEMA_VERSION, apply_migrations
from claimtrack.models import (
    Claim,
    ClaimTime,
    Count,
    Document,
    EntityRef,
    Processed,
    Quantity,
    Sentence,
)

SQLITE_HEADER = b"SQLite format 3\x00"
REQUIRED_TABLES = {
    "documents", "document_names", "sentences", "entities", "mentions", "claims",
    "claim_participants", "migrations",
}
BUSY_TIMEOUT_MS = 60_000
WRITER_CACHE_KIB = 65_536  # SQLite page cache of a writing connection
# Pages the write-ahead log may hold before SQLite copies them into the database (its
# default is 1,000, 4 MB): an ingest's transactions rewrite the same index and full-text
# pages again and again, and every copy writes them once more. At 10,000 (40 MB of log)
# an ingest of 2,000 articles writes 289 MB instead of 539 MB for its 100 MB database
# (with the writer's larger batches), and the writer spends a sixth less CPU.
WAL_CHECKPOINT_PAGES = 10_000

# claim_participants rows of a frame role are "role:<name>" (agent/participant/place rows stay)
FRAME_ROLE = "role:"


def default_db_path() -> Path:
    """`CLAIMTRACK_DB` if set, else ./claimtrack.db."""
    return Path(os.environ.get("CLAIMTRACK_DB") or "claimtrack.db")


def _check_file(path: Path, create: bool) -> None:
    if path.is_dir():
        raise DatabaseError(f"{path} is a directory, not a database file. Pass a file path with --db.")
    if not path.exists():
        if not create:
            raise DatabaseError(
                f"No database at {path}. Run `claimtrack ingest PATH` first, or pass --db."
            )
        if not path.parent.exists():
            raise DatabaseError(f"The folder {path.parent} does not exist. Create it or pass another --db.")
        return
    try:
        with path.open("rb") as fh:
            header = fh.read(16)
    except OSError as exc:
        raise DatabaseError(f"Cannot read {path}: {exc.strerror}. Check its permissions.") from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseError(f"{path} is not a SQLite database. Pass another file with --db.")
    # The mode bits count too: root may write anywhere, but a file marked read-only
    # is one its owner wants left alone.
    if create and (not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222):
        raise DatabaseError(f"{path} is read-only. Make it writable or pass another --db.")


def open_db(path: Path | None = None, *, create: bool = False) -> Store:
    """Open (and with create=True, create or migrate) a claimtrack database."""
    path = Path(path) if path is not None else default_db_path()
    _check_file(path, create)
    is_new = not path.exists() or path.stat().st_size == 0
    try:
        if create:
            conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        else:
            uri = f"{path.resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"{path} cannot be opened as a SQLite database ({exc}).") from exc
    if version > SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"{path} was written by a newer claimtrack (schema {version}, this one knows {SCHEMA_VERSION}). "
            "Upgrade claimtrack."
        )
    if version == 0 and tables and not is_new:
        conn.close()
        raise DatabaseError(f"{path} is a SQLite database but not a claimtrack one. Pass another --db.")
    if version > 0 and not REQUIRED_TABLES <= tables:
        conn.close()
        missing = ", ".join(sorted(REQUIRED_TABLES - tables))
        raise DatabaseError(f"{path} is damaged: tables missing ({missing}). Ingest into a new --db.")
    if version == 0 and not create:
        conn.close()
        raise DatabaseError(f"{path} is empty. Run `claimtrack ingest PATH` first.")
    db = sqlite_utils.Database(conn)
    if create:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = NORMAL")
            # the writer's page cache: 64 MiB instead of 2 MiB keeps the indexes' pages (entity
            # ids, sentence ids, the full-text index) in memory across batches; measured 1.9 ->
            # 1.4 ms of CPU a stored document, on the cores the workers share
            conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
            if version < SCHEMA_VERSION:
                apply_migrations(db)
        except sqlite3.OperationalError as exc:
            raise DatabaseError(f"Cannot write to {path} ({exc}).") from exc
    return Store(db, path)


@dataclass
class WriteOutcome:
    """What happened to one document in a write."""

    name: str
    doc_id: str
    status: str  # "new", "updated" (re-extracted), "unchanged", "duplicate"
    claims: int


class Store:
    """A claimtrack database: writes of processed documents and every read query."""

    def __init__(self, db: sqlite_utils.Database, path: Path) -> None:
        self.db = db
        self.conn: sqlite3.Connection = db.conn
        self.path = path
        self._entities: dict[str, EntityRef] | None = None
        self._new_sentences: list[tuple[int, int]] = []  # ids a write inserted, to index

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    # ------------------------------------------------------------- writes

    def sync_entities(self, entities: Iterable[dict]) -> None:
        """Insert or update the gazetteer's entities (claims reference them by id)."""
        rows = [
            (e["id"], e["kind"], e["name"], e["name_ar"], e.get("wikidata") or None,
             e.get("parent") or None, e.get("country") or None,
             json.dumps(e.get("aliases_ar", []), ensure_ascii=False))
            for e in entities
        ]
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self.conn.executemany(
                "insert into entities (id, kind, name, name_ar, wikidata, parent, country, aliases_ar)"
                " values (?,?,?,?,?,?,?,?) on conflict(id) do update set kind=excluded.kind,"
                " name=excluded.name, name_ar=excluded.name_ar, wikidata=excluded.wikidata,"
                " parent=excluded.parent, country=excluded.country, aliases_ar=excluded.aliases_ar",
                rows,
            )
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self._entities = None

    def known_version(self, doc_id: str) -> str | None:
        """The extractor version a document was stored with, or None if absent."""
        row = self.conn.execute(
            "select extractor_version from documents where id = ?", [doc_id]
        ).fetchone()
        return row[0] if row else None

    def current_documents(self, extractor_version: str) -> list[str]:
        """Ids of documents already stored by this extractor version."""
        return [
            r[0]
            for r in self.conn.execute(
                "select id from documents where extractor_version = ?", [extractor_version]
            )
        ]

    def write(self, batch: Sequence[Processed]) -> list[WriteOutcome]:
        """Store processed documents in one transaction: all of them or none."""
        outcomes = []
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._new_sentences = []
            for item in batch:
                outcomes.append(self._write_one(item, now))
            # the batch's sentences into the full-text index, in the same transaction: one
            # statement a run of consecutive ids (an updated document may reuse lower ids)
            for first, last in _runs(self._new_sentences):
                self.conn.execute("insert into sentences_fts (rowid, norm) select id, norm from sentences"
                                  " where id between ? and ?", [first, last])
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return outcomes

    def record_names(self, seen: Sequence[tuple[str, str, str]]) -> list[WriteOutcome]:
        """Record (name, path, doc id) of already stored texts in one transaction."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        outcomes = []
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            for name, path, doc_id in seen:
                row = self.conn.execute("select doc_id from document_names where path = ?", [path]).fetchone()
                status = "unchanged" if row and row[0] == doc_id else "duplicate"
                if status == "duplicate":
                    self.conn.execute(
                        "insert into document_names (path, name, doc_id, seen_at) values (?,?,?,?)"
                        " on conflict(path) do update set doc_id=excluded.doc_id, seen_at=excluded.seen_at",
                        [path, name, doc_id, now],
                    )
                outcomes.append(WriteOutcome(name, doc_id, status, 0))
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        return outcomes

    def _record_name(self, doc: Document, now: str) -> None:
        self.conn.execute(
            "insert into document_names (path, name, doc_id, seen_at) values (?,?,?,?)"
            " on conflict(path) do update set doc_id=excluded.doc_id, seen_at=excluded.seen_at",
            [doc.path or doc.name, doc.name, doc.id, now],
        )

    def _write_one(self, item: Processed, now: str) -> WriteOutcome:
        doc = item.doc
        row = self.conn.execute(
            "select extractor_version, path from documents where id = ?", [doc.id]
        ).fetchone()
        if row is not None and row[0] == item.extractor_version:
            self._record_name(doc, now)
            status = "unchanged" if row[1] == (doc.path or doc.name) else "duplicate"
            n = self.conn.execute("select n_claims from documents where id = ?", [doc.id]).fetchone()[0]
            return WriteOutcome(doc.name, doc.id, status, n)
        status = "new"
        if row is not None:
            self._delete_derived(doc.id)
            status = "updated"
        self.conn.execute(
            "insert into documents (id, name, path, title, source, published, date_origin, url,"
            " encoding, text, boilerplate, n_sentences, n_claims, extractor_version, ingested_at)"
            " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) on conflict(id) do update set"
            " n_sentences=excluded.n_sentences, n_claims=excluded.n_claims,"
            " extractor_version=excluded.extractor_version, ingested_at=excluded.ingested_at,"
            " source=excluded.source, published=excluded.published, date_origin=excluded.date_origin,"
            " title=excluded.title, boilerplate=excluded.boilerplate",
            [
                doc.id, doc.name, doc.path or doc.name, doc.title, doc.source,
                doc.published.isoformat() if doc.published else None, doc.date_origin, doc.url,
                doc.encoding, doc.text, json.dumps(doc.boilerplate), len(item.sentences),
                len(item.claims), item.extractor_version, now,
            ],
        )
        self._record_name(doc, now)
        self._insert_learned(item.learned)
        sentence_ids = self._insert_sentences(doc, item.sentences)
        self.conn.executemany(
            "insert into mentions (doc_id, sentence_id, entity_id, start, end, via) values (?,?,?,?,?,?)",
            [
                (doc.id, sentence_ids[idx], m.entity_id, m.start, m.end, m.via)
                for idx, m in item.mentions
            ],
        )
        by_span = {(s.start, s.end): sentence_ids[s.index] for s in item.sentences}
        self._insert_claims(doc.id, item.claims, [_sentence_of(c, item.sentences, by_span) for c in item.claims])
        return WriteOutcome(doc.name, doc.id, status, len(item.claims))

    def _insert_learned(self, entities: Sequence) -> None:
        """Entities the document introduced (claimtrack.entities.learn); one row per id, so
        the same person read in two documents is one entity."""
        if not entities:
            return
        self.conn.executemany(
            "insert into entities (id, kind, name, name_ar, wikidata, parent, country, aliases_ar,"
            " learned, transliterated, aliases_en, offices) values (?,?,?,?,?,?,?,?,1,?,?,?)"
            " on conflict(id) do update set aliases_ar=excluded.aliases_ar,"
            " offices=coalesce(nullif(excluded.offices, '[]'), entities.offices),"
            " parent=coalesce(nullif(excluded.parent, ''), entities.parent)",
            [
                (e.id, e.kind, e.name, e.name_ar, None, e.parent or None, e.country or None,
                 json.dumps(e.aliases_ar, ensure_ascii=False), int(e.transliterated),
                 json.dumps(e.aliases_en, ensure_ascii=False),
                 json.dumps([[o.role, o.of] for o in e.offices]))
                for e in entities
            ],
        )
        self._entities = None

    def learned_entities(self) -> list[dict]:
        """Every learned entity of the database, as rows."""
        cols = ["id", "kind", "name", "name_ar", "parent", "country", "aliases_ar",
                "transliterated", "aliases_en", "offices"]
        return [
            dict(zip(cols, r, strict=True))
            for r in self.conn.execute(f"select {', '.join(cols)} from entities where learned = 1")
        ]

    def _insert_sentences(self, doc: Document, sentences: Sequence[Sentence]) -> dict[int, int]:
        first = (self.conn.execute("select coalesce(max(id), 0) from sentences").fetchone()[0]) + 1
        ids = {s.index: first + n for n, s in enumerate(sentences)}
        # no text: a sentence is documents.text[start:end] (m006)
        self.conn.executemany(
            "insert into sentences (id, doc_id, idx, start, end, norm, boilerplate) values (?,?,?,?,?,?,?)",
            [(ids[s.index], doc.id, s.index, s.start, s.end, s.norm, int(s.boilerplate)) for s in sentences],
        )
        if sentences:
            self._new_sentences.append((first, first + len(sentences) - 1))
        return ids

    def _insert_claims(self, doc_id: str, claims: Sequence[Claim], sentence_ids: Sequence[int | None]) -> None:
        """A document's claims and their participants, two statements for all of them."""
        self.conn.executemany(
            "insert into claims (id, doc_id, sentence_id, type, cameo, plover, plover_mode, agent_id,"
            " place_id, time_text, time_start, time_end, time_grain, time_resolved_by, ordinal,"
            " count_op, count_value, modality, attributed_to, trigger, evidence, span_start, span_end,"
            " quantity_value, quantity_unit, quantity_op, quantity_text, time_inconsistent)"
            " values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                (c.id, doc_id, sentence_id, c.type, c.cameo, c.plover, c.plover_mode,
                 c.agent.id if c.agent else None, c.place.id if c.place else None,
                 c.time.text, _iso(c.time.start), _iso(c.time.end), c.time.grain,
                 c.time.resolved_by, c.ordinal, c.count.op if c.count else None,
                 c.count.value if c.count else None, c.modality, c.attributed_to, c.trigger,
                 c.evidence, c.span[0], c.span[1],
                 *((q.value, q.unit, q.op, q.text) if (q := c.quantity) else (None,) * 4),
                 int(c.time.inconsistent))
                for c, sentence_id in zip(claims, sentence_ids, strict=True)
            ],
        )
        self.conn.executemany(
            "insert or ignore into claim_participants (claim_id, entity_id, role, position)"
            " values (?,?,?,?)",
            [(c.id, ref.id, role, n) for c in claims for n, (role, ref) in enumerate(_roles(c))],
        )

    def _delete_derived(self, doc_id: str) -> None:
        self.conn.execute(
            "delete from claim_participants where claim_id in (select id from claims where doc_id = ?)",
            [doc_id],
        )
        for table in ("claims", "mentions", "sentences"):
            self.conn.execute(f"delete from {table} where doc_id = ?", [doc_id])

    # -------------------------------------------------------------- reads

    def entity_refs(self) -> dict[str, EntityRef]:
        """Every stored entity as it appears in claims, by id."""
        if self._entities is None:
            self._entities = {
                r[0]: EntityRef(id=r[0], name=r[1], name_ar=r[2], kind=r[3])
                for r in self.conn.execute("select id, name, name_ar, kind from entities")
            }
        return self._entities

    def documents(self) -> list[dict]:
        """Stored documents with their metadata (no text), in name order."""
        cur = self.conn.execute(
            "select id, name, path, title, source, published, date_origin, n_sentences, n_claims,"
            " extractor_version, ingested_at, (select count(*) from document_names n"
            " where n.doc_id = documents.id) as names from documents order by name"
        )
        cols = [c[0] for c in cur.description]
        return [dict(zip(cols, r, strict=True)) for r in cur]

    def document(self, doc: str) -> dict | None:
        """One document (with text) by id, name or path."""
        cur = self.conn.execute(
            "select * from documents where id = ? or name = ? or path = ? limit 1", [doc, doc, doc]
        )
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([c[0] for c in cur.description], row, strict=True))

    def document_texts(self, doc_ids: Iterable[str] | None = None) -> dict[str, str]:
        """Document name → raw text (for origin detection)."""
        if doc_ids is None:
            return dict(self.conn.execute("select name, text from documents"))
        out = {}
        for chunk in _chunks(list(doc_ids), 500):
            q = ",".join("?" * len(chunk))
            out.update(self.conn.execute(f"select name, text from documents where id in ({q})", chunk))
        return out

    def document_dates(self) -> dict[str, dt.date | None]:
        """Document name → publication date."""
        return {
            name: dt.date.fromisoformat(p) if p else None
            for name, p in self.conn.execute("select name, published from documents")
        }

    def stats(self) -> dict[str, int]:
        """Row counts of the main tables."""
        out = {}
        for table in ("documents", "document_names", "sentences", "mentions", "claims", "entities"):
            out[table] = self.conn.execute(f"select count(*) from {table}").fetchone()[0]
        return out

    def claim_counts_by_entity(self) -> dict[str, int]:
        """Entity id → number of claims it takes part in."""
        return dict(
            self.conn.execute(
                "select entity_id, count(distinct claim_id) from claim_participants group by entity_id"
            )
        )

    def claims_sql(
        self,
        *,
        entity_groups: Sequence[Sequence[str]] = (),
        types: Sequence[str] = (),
        sources: Sequence[str] = (),
        docs: Sequence[str] = (),
        since: dt.date | None = None,
        until: dt.date | None = None,
        modalities: Sequence[str] = (),
        claim_ids: Sequence[str] = (),
    ) -> tuple[str, list]:
        """The claims query and its parameters (exposed so tests can EXPLAIN it)."""
        where, params = [], []
        for group in entity_groups:  # AND across --entity options, OR within an ambiguous name
            where.append(
                "c.id in (select claim_id from claim_participants where entity_id in ({}))".format(",".join("?" * len(group)))
            )
            params += list(group)
        for column, values in (("c.type", types), ("c.modality", modalities), ("c.id", claim_ids)):
            if values:
                where.append(f"{column} in ({','.join('?' * len(values))})")
                params += list(values)
        if sources:
            where.append(f"lower(d.source) in ({','.join('?' * len(sources))})")
            params += [s.lower() for s in sources]
        if docs:
            marks = ",".join("?" * len(docs))
            where.append(f"(d.id in ({marks}) or d.name in ({marks}) or d.path in ({marks}))")
            params += list(docs) * 3
        if since:
            where.append("c.time_end >= ?")
            params.append(since.isoformat())
        if until:
            where.append("c.time_start <= ?")
            params.append(until.isoformat())
        sql = (
            "select c.*, d.name as doc_name, d.source as doc_source from claims c"
            " join documents d on d.id = c.doc_id"
            + (" where " + " and ".join(where) if where else "")
            + " order by coalesce(c.time_start, '9999'), d.name, c.span_start"
        )
        return sql, params

    def claims(self, **filters) -> list[Claim]:
        """Claims matching the filters of `claims_sql`, as contract records."""
        sql, params = self.claims_sql(**filters)
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description]
        rows = [dict(zip(cols, r, strict=True)) for r in cur]
        return self._to_claims(rows)

    def claims_by_prefix(self, prefix: str) -> list[Claim]:
        """Claims whose id starts with prefix (ids are hex, so the prefix is checked to be hex)."""
        if len(prefix) < 4 or not all(ch in "0123456789abcdef" for ch in prefix):
            return []
        ids = [r[0] for r in self.conn.execute(
            "select id from claims where id >= ? and id < ? limit 10", [prefix, prefix + "g"])]
        return self.claims(claim_ids=ids) if ids else []

    def iter_claims(self, batch: int = 5000) -> Iterator[Claim]:
        """Every claim, streamed in batches (for diff and export of large stores)."""
        sql, params = self.claims_sql()
        cur = self.conn.execute(sql, params)
        cols = [c[0] for c in cur.description]
        while rows := cur.fetchmany(batch):
            yield from self._to_claims([dict(zip(cols, r, strict=True)) for r in rows])

    def _to_claims(self, rows: list[dict]) -> list[Claim]:
        refs = self.entity_refs()
        participants: dict[str, list[EntityRef]] = {}
        for chunk in _chunks([r["id"] for r in rows], 500):
            q = ",".join("?" * len(chunk))
            for claim_id, entity_id in self.conn.execute(
                f"select claim_id, entity_id from claim_participants where claim_id in ({q})"
                " and role = 'participant' order by claim_id, position",
                chunk,
            ):
                participants.setdefault(claim_id, []).append(refs[entity_id])
        frame_roles: dict[str, dict[str, list[EntityRef]]] = {}
        for chunk in _chunks([r["id"] for r in rows], 500):
            q = ",".join("?" * len(chunk))
            for claim_id, entity_id, role in self.conn.execute(
                f"select claim_id, entity_id, role from claim_participants where claim_id in ({q})"
                f" and role like '{FRAME_ROLE}%' order by claim_id, position",
                chunk,
            ):
                name = role.removeprefix(FRAME_ROLE)
                frame_roles.setdefault(claim_id, {}).setdefault(name, []).append(refs[entity_id])
        return [
            Claim(
                id=r["id"],
                doc=r["doc_name"],
                source=r["doc_source"],
                type=r["type"],
                cameo=r["cameo"],
                plover=r["plover"],
                plover_mode=r["plover_mode"],
                agent=refs.get(r["agent_id"]) if r["agent_id"] else None,
                participants=participants.get(r["id"], []),
                roles=frame_roles.get(r["id"], {}),
                place=refs.get(r["place_id"]) if r["place_id"] else None,
                time=ClaimTime(
                    text=r["time_text"], start=r["time_start"], end=r["time_end"],
                    grain=r["time_grain"], resolved_by=r["time_resolved_by"],
                    inconsistent=bool(r["time_inconsistent"]),
                ),
                ordinal=r["ordinal"],
                count=Count(op=r["count_op"], value=r["count_value"]) if r["count_op"] else None,
                quantity=Quantity(
                    value=r["quantity_value"], unit=r["quantity_unit"], op=r["quantity_op"],
                    text=r["quantity_text"],
                ) if r["quantity_unit"] else None,
                modality=r["modality"],
                attributed_to=r["attributed_to"],
                trigger=r["trigger"],
                evidence=r["evidence"],
                span=(r["span_start"], r["span_end"]),
            )
            for r in rows
        ]

    def claim_context(self, claim_id: str, around: int = 1) -> dict | None:
        """A claim's document row, its sentence index and the neighbouring sentences."""
        row = self.conn.execute(
            "select c.doc_id, s.idx from claims c left join sentences s on s.id = c.sentence_id"
            " where c.id = ?",
            [claim_id],
        ).fetchone()
        if row is None:
            return None
        doc_id, idx = row
        sentences = []
        if idx is not None:
            (text,) = self.conn.execute("select text from documents where id = ?", [doc_id]).fetchone()
            sentences = [
                {"idx": i, "start": s, "end": e, "text": text[s:e]}
                for i, s, e in self.conn.execute(
                    "select idx, start, end from sentences where doc_id = ? and idx between ? and ?"
                    " order by idx",
                    [doc_id, idx - around, idx + around],
                )
            ]
        mentions = [
            {"entity_id": m[0], "start": m[1], "end": m[2], "via": m[3]}
            for m in self.conn.execute(
                "select m.entity_id, m.start, m.end, m.via from mentions m join sentences s"
                " on s.id = m.sentence_id where m.doc_id = ? and s.idx = ? order by m.start",
                [doc_id, idx],
            )
        ]
        return {"document": self.document(doc_id), "idx": idx, "sentences": sentences, "mentions": mentions}

    def search_sentences(self, query: str, limit: int = 20) -> list[dict]:
        """Full-text search over normalised sentences ("اعلنت" finds "أعلنت", "زار" finds "وزار")."""
        terms = [t for t in normalize_text(query).split() if t]
        if not terms:
            return []
        fts_query = " ".join('"' + t.replace('"', '""') + '"' for t in terms)
        cur = self.conn.execute(
            "select d.name, s.idx, d.text, s.start, s.end from sentences_fts f join sentences s"
            " on s.id = f.rowid join documents d on d.id = s.doc_id where sentences_fts match ? limit ?",
            [fts_query, limit],
        )
        return [{"doc": name, "idx": idx, "text": text[start:end]} for name, idx, text, start, end in cur]


def _sentence_of(claim: Claim, sentences: Sequence[Sentence], by_span: dict) -> int | None:
    for s in sentences:
        if s.start <= claim.span[0] and claim.span[1] <= s.end:
            return by_span[(s.start, s.end)]
    return None


def _roles(c: Claim) -> list[tuple[str, object]]:
    """A claim's entities by role, in the order of their positions."""
    roles = [("agent", c.agent)] if c.agent else []
    roles += [("participant", p) for p in c.participants]
    roles += [("place", c.place)] if c.place else []
    roles += [(f"{FRAME_ROLE}{name}", ref) for name, refs in c.roles.items() for ref in refs]
    return roles


def _runs(ranges: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Id ranges merged where they touch: [(1, 5), (6, 9), (3, 4)] → [(1, 9), (3, 4)]."""
    out: list[tuple[int, int]] = []
    for first, last in ranges:
        if out and out[-1][1] + 1 == first:
            out[-1] = (out[-1][0], last)
        else:
            out.append((first, last))
    return out


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
