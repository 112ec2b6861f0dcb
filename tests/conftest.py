"""Shared fixtures. Every test runs with its own database path and no user config."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "data" / "seeds"
GOLD = Path(__file__).resolve().parent / "gold"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory, monkeypatch):
    """Point CLAIMTRACK_DB at a temp file and drop user overrides, so tests never touch ~."""
    home = tmp_path_factory.mktemp("env")
    monkeypatch.setenv("CLAIMTRACK_DB", str(home / "claimtrack.db"))
    monkeypatch.delenv("CLAIMTRACK_MORPHOLOGY_DB", raising=False)
    monkeypatch.delenv("CLAIMTRACK_GAZETTEER", raising=False)
    monkeypatch.setenv("COLUMNS", "200")


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def seed_texts() -> dict[str, str]:
    """The seed articles, decoded, keyed by file name."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory) -> Path:
    """The seeds ingested once into a database (copy it before changing it)."""
    from claimtrack.ingest import IngestOptions, ingest
    from claimtrack.store import open_db

    path = tmp_path_factory.mktemp("seeds") / "seeds.db"
    store = open_db(path, create=True)
    summary = ingest([SEEDS], store, IngestOptions(jobs=1))
    store.close()
    assert not summary.failures, summary.failures
    return path


@pytest.fixture
def run_cli():
    """Invoke the real CLI (typer's CliRunner, stdout and stderr kept apart)."""
    from typer.testing import CliRunner

    from claimtrack.cli import app

    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args])

    return run


@pytest.fixture
def claims_json(run_cli):
    """Claims of a database as the JSON contract, through the CLI."""
    import json

    def get(db: Path, *args: str) -> list[dict]:
        result = run_cli("claims", "--db", db, "--format", "json", *args)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return get


# ------------------------------------------------------------- multi-source diff

# folder → (claim type of the happening, outlets, {(kind, doc prefix a, doc prefix b)} planted)
MULTISOURCE_HAPPENINGS = {
    "niger_withdrawal": ("withdrawal", 5, {("date_mismatch", "c_", "d_"), ("phase_mismatch", "a_", "b_")}),
    "sisi_macron_call": ("call", 4, {("date_mismatch", "a_", "c_"), ("date_mismatch", "b_", "c_")}),
    "erdogan_baghdad": ("visit", 5, set()),
    "aoun_riyadh": ("visit", 3, {("modality_mismatch", "a_", "c_"), ("modality_mismatch", "b_", "c_")}),
    "hussein_lavrov": ("meeting", 3, {("place_mismatch", "a_", "c_"), ("place_mismatch", "b_", "c_")}),
    # the denial contradicts every outlet that reports the withdrawal
    "hmeimim_withdrawal": ("withdrawal", 7, {("date_mismatch", "a_", "b_"), ("phase_mismatch", "c_", "d_")}
                           | {("modality_mismatch", *sorted((d, "e_"))) for d in ("a_", "b_", "c_", "d_", "f_", "g_")}),
}


@pytest.fixture(scope="session")
def multisource(tmp_path_factory):
    """Each multi-source folder ingested into its own database, through the CLI."""
    import json

    from typer.testing import CliRunner

    from claimtrack.cli import app

    runner = CliRunner()
    out = {}
    for name in MULTISOURCE_HAPPENINGS:
        db = tmp_path_factory.mktemp(name) / "t.db"
        assert runner.invoke(app, ["ingest", str(FIXTURES / "multisource" / name), "--db", str(db)]).exit_code == 0
        result = runner.invoke(app, ["diff", "--db", str(db), "--format", "json"])
        assert result.exit_code == 0, result.output
        out[name] = (db, json.loads(result.stdout))
    return out


@pytest.fixture(scope="module")
def diff_ctx():
    """A DiffContext over the shipped gazetteer, documents a/b/c.txt published 2025-11-09."""
    import datetime as dt

    from claimtrack.diff import DiffContext
    from claimtrack.entities import Gazetteer

    g = Gazetteer.load()
    ref = dt.date(2025, 11, 9)
    return DiffContext(contains=g.contains, ancestors=g.ancestors, lookup=g.entities.get,
                       doc_dates={"a.txt": ref, "b.txt": ref, "c.txt": ref})
