"""Ingest on a Dask LocalCluster of processes on loopback gives the same store as a local ingest."""

from __future__ import annotations

import pytest

from claimtrack.ingest import IngestOptions
from claimtrack.store import open_db
from tests.conftest import SEEDS


def test_distributed_dask_ingest_equals_local(tmp_path, seeds_db, claims_json):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    from claimtrack.distributed import ingest_dask

    db = tmp_path / "dask.db"
    store = open_db(db, create=True)
    summary = ingest_dask([SEEDS], store, IngestOptions(jobs=2))
    store.close()
    assert not summary.failures and summary.count("new") == 5
    assert claims_json(db) == claims_json(seeds_db)


def test_distributed_unreachable_scheduler_is_a_clear_error(tmp_path, run_cli):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    result = run_cli("ingest", SEEDS, "--db", tmp_path / "d.db", "--engine", "dask",
                     "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Cannot reach the Dask scheduler")
