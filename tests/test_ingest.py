"""Ingest end to end: idempotence, duplicates, bad inputs, atomic documents, docs and stats."""

from __future__ import annotations

import json
import sqlite3

import pytest

from claimtrack.ingest import IngestOptions, ingest
from claimtrack.store import Store, open_db
from tests.conftest import SEEDS


def _counts(db) -> dict:
    conn = sqlite3.connect(db)
    out = {t: conn.execute(f"select count(*) from {t}").fetchone()[0]
           for t in ("documents", "sentences", "claims", "mentions", "claim_participants")}
    conn.close()
    return out


def test_ingest_docs_json_shows_dates_and_their_origin(seeds_db, run_cli):
    result = run_cli("docs", "--db", seeds_db, "--format", "json")
    docs = {d["name"]: d for d in json.loads(result.stdout)}
    for name in ("002_03263a87d93ab0a1.txt", "003_15d941f743c9238d.txt"):
        assert docs[name]["published"] == "2026-01-28"
        assert docs[name]["date_origin"] == "manifest"
    assert docs["000_8cc7f7fd5e0e96f4.txt"]["published"] is None
    assert docs["000_8cc7f7fd5e0e96f4.txt"]["date_origin"] == "unknown"
    assert all(d["n_claims"] > 0 for d in docs.values())


def test_ingest_again_changes_nothing(tmp_path, run_cli):
    db = tmp_path / "t.db"
    first = run_cli("ingest", SEEDS, "--db", db, "--format", "json")
    before = _counts(db)
    again = run_cli("ingest", SEEDS, "--db", db, "--format", "json")
    assert first.exit_code == again.exit_code == 0
    assert {r["status"] for r in json.loads(again.stdout)} == {"unchanged"}
    assert _counts(db) == before
    ids = lambda: {c["id"] for c in json.loads(run_cli("claims", "--db", db, "-f", "json").stdout)}  # noqa: E731
    assert ids() == ids()


def test_ingest_same_text_under_another_name_is_a_duplicate(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    text = (SEEDS / "004_095f6d28d59887e7.txt").read_bytes()
    (folder / "a.txt").write_bytes(text)
    (folder / "b.txt").write_bytes(text)
    db = tmp_path / "t.db"
    result = run_cli("ingest", folder, "--db", db, "--format", "json")
    assert sorted(r["status"] for r in json.loads(result.stdout)) == ["duplicate", "new"]
    assert _counts(db)["documents"] == 1


def test_ingest_bad_file_among_good_ones(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes((SEEDS / "004_095f6d28d59887e7.txt").read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02" * 500)
    result = run_cli("ingest", folder, "--db", tmp_path / "t.db", "--format", "json")
    assert result.exit_code == 1
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in json.loads(result.stdout)}
    assert rows["good.txt"]["status"] == "new"
    assert rows["broken.txt"]["status"] == "failed" and rows["broken.txt"]["reason"]
    assert "could not be ingested" in result.stderr and "Traceback" not in result.output


def test_ingest_failure_in_the_middle_of_a_document_leaves_no_rows(tmp_path, monkeypatch):
    db = tmp_path / "t.db"
    store = open_db(db, create=True)
    real = Store._insert_claims

    def failing(self, doc_id, claims, sentence_ids):
        real(self, doc_id, claims[:2], sentence_ids[:2])  # two claims of the first document are in
        raise sqlite3.OperationalError("disk I/O error (simulated)")

    monkeypatch.setattr(Store, "_insert_claims", failing)
    with pytest.raises(sqlite3.OperationalError):
        ingest([SEEDS / "002_03263a87d93ab0a1.txt"], store, IngestOptions(jobs=1))
    store.close()
    assert _counts(db) == {"documents": 0, "sentences": 0, "claims": 0, "mentions": 0, "claim_participants": 0}
    assert sqlite3.connect(db).execute("pragma integrity_check").fetchone()[0] == "ok"


def test_ingest_parallel_workers_give_the_same_claims(tmp_path, seeds_db, claims_json):
    db = tmp_path / "p.db"
    store = open_db(db, create=True)
    ingest([SEEDS], store, IngestOptions(jobs=2))
    store.close()
    assert claims_json(db) == claims_json(seeds_db)


def test_ingest_full_text_search_folds_spelling(seeds_db, run_cli):
    result = run_cli("search", "اعرب", "--db", seeds_db, "--format", "json")
    hits = json.loads(result.stdout)
    assert len(hits) >= 2 and all("أعرب" in h["text"] for h in hits)
    zar = json.loads(run_cli("search", "زار", "--db", seeds_db, "--format", "json").stdout)
    assert any("زار موسكو" in h["text"] for h in zar)


def test_ingest_stats_names_the_morphology_database(seeds_db, run_cli):
    result = run_cli("stats", "--db", seeds_db, "--format", "json")
    rows = {r["item"]: r["value"] for r in json.loads(result.stdout)}
    assert rows["documents"] == 5 and rows["claims"] > 30
    assert rows["morphology_db"].endswith("(shipped)")


def test_ingest_entities_lists_aliases_and_counts(seeds_db, run_cli):
    rows = json.loads(run_cli("entities", "--db", seeds_db, "--kind", "person", "--format", "json").stdout)
    putin = next(r for r in rows if r["id"] == "vladimir-putin")
    assert "بوتين" in putin["aliases"] and putin["claims"] > 5 and putin["wikidata"] == "Q7747"


class _CountingList(list):
    """A list that counts how many items have been taken from it."""

    taken = 0

    def __iter__(self):
        for item in super().__iter__():
            self.taken += 1
            yield item


def test_ingest_workers_wait_for_a_slow_writer(tmp_path):
    """Files are handed to the workers only as results are written: a writer slower than
    the workers must not make results pile up in memory."""
    import time

    from claimtrack.ingest import IN_FLIGHT, _results

    seed = next(iter(sorted(SEEDS.glob("*.txt")))).read_text(encoding="utf-8")
    paths = _CountingList()
    for n in range(IN_FLIGHT * 3):
        path = tmp_path / f"a{n:04d}.txt"
        path.write_text(f"{seed}\n{n}", encoding="utf-8")
        paths.append(path)
    results = _results(paths, IngestOptions(jobs=2), frozenset())
    first = next(results)
    time.sleep(3)  # a slow writer: the workers could have taken every file by now
    assert paths.taken <= IN_FLIGHT + 2  # the one written, those in flight, one waiting for a slot
    rest = list(results)
    assert len(rest) + 1 == len(paths) and first
