"""kill -9 in the middle of an ingest, two writers at once, a query during an ingest."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.corpus import write_corpus
from tests.conftest import SEEDS

CLI = [sys.executable, "-m", "claimtrack"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    write_corpus(folder, 60)
    return folder


def _ingest(corpus: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*CLI, "ingest", str(corpus), "--db", str(db), "--jobs", "1", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _whole_documents_only(db: Path) -> int:
    conn = sqlite3.connect(db)
    assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    tables = {r[0] for r in conn.execute("select name from sqlite_master where type = 'table'")}
    if "documents" not in tables:  # killed while creating the schema: the migration rolled back whole
        assert tables <= {"migrations"} and not conn.execute("pragma user_version").fetchone()[0]
        return 0
    rows = conn.execute(
        "select d.id, d.n_sentences, d.n_claims, (select count(*) from sentences s where s.doc_id = d.id),"
        " (select count(*) from claims c where c.doc_id = d.id) from documents d").fetchall()
    for _id, n_sentences, n_claims, sentences, claims in rows:
        assert (n_sentences, n_claims) == (sentences, claims)
    orphans = conn.execute("select count(*) from claims where doc_id not in (select id from documents)").fetchone()[0]
    assert orphans == 0
    conn.close()
    return len(rows)


def _claim_ids(db: Path) -> set[str]:
    out = subprocess.run([*CLI, "claims", "--db", str(db), "--format", "json"], capture_output=True, text=True,
                         check=True)
    return {c["id"] for c in json.loads(out.stdout)}


@pytest.fixture(scope="module")
def clean_claims(corpus, tmp_path_factory) -> set[str]:
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    assert _ingest(corpus, db).wait() == 0
    return _claim_ids(db)


@pytest.mark.parametrize("delay", [1.2, 2.0, 3.0], ids=["early", "middle", "late"])
def test_robustness_kill_9_leaves_whole_documents_and_resumes(tmp_path, corpus, clean_claims, delay):
    db = tmp_path / "k.db"
    proc = _ingest(corpus, db)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    if db.exists():
        stored = _whole_documents_only(db)
        assert stored <= 60
    again = _ingest(corpus, db)
    assert again.wait() == 0, again.stderr.read()
    assert _whole_documents_only(db) == 60
    assert _claim_ids(db) == clean_claims


def test_robustness_two_writers_at_once(tmp_path, corpus, clean_claims):
    db = tmp_path / "two.db"
    first, second = _ingest(corpus, db), _ingest(corpus, db)
    assert first.wait() == 0, first.stderr.read()
    assert second.wait() == 0, second.stderr.read()
    assert _whole_documents_only(db) == 60
    assert _claim_ids(db) == clean_claims


def test_robustness_query_during_ingest_answers(tmp_path, corpus):
    db = tmp_path / "q.db"
    assert _ingest(SEEDS, db).wait() == 0
    writer = _ingest(corpus, db)
    time.sleep(1.0)
    started = time.monotonic()
    out = subprocess.run([*CLI, "claims", "--db", str(db), "--entity", "Putin", "--format", "json"],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert isinstance(json.loads(out.stdout), list)
    assert time.monotonic() - started < 30
    assert writer.poll() is None or writer.returncode == 0  # the query did not wait for the writer
    assert writer.wait() == 0
