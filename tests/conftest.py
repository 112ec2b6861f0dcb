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


@pytest.fixture
def claims_of_article(tmp_path, run_cli, claims_json):
    """Claims of one article written to a file, ingested and listed through the CLI."""
    counter = iter(range(10_000))

    def get(text: str, date: str = "2026-02-16") -> list[dict]:
        n = next(counter)
        folder = tmp_path / f"article{n}"
        folder.mkdir()
        (folder / "article.txt").write_text(text, encoding="utf-8")
        db = tmp_path / f"claims{n}.db"
        result = run_cli("ingest", folder, "--db", db, "--date", date)
        assert result.exit_code == 0, result.output
        return claims_json(db)

    return get


# ------------------------------------------------------------- signals (tests/test_signals.py)

SIGNAL_CORPUS_SIZE = 300


@pytest.fixture(scope="session")
def signal_corpus(tmp_path_factory) -> Path:
    """A few hundred seed variants (paragraphs shuffled, dates and names varied): each a new document."""
    from bench.corpus import write_corpus

    folder = tmp_path_factory.mktemp("signal_corpus")
    write_corpus(folder, SIGNAL_CORPUS_SIZE, seed=17)
    return folder


@pytest.fixture(scope="session")
def signal_clean_claims(signal_corpus, tmp_path_factory) -> list[dict]:
    """The claims JSON of an uninterrupted ingest of signal_corpus (a real subprocess)."""
    import subprocess
    import sys

    db = tmp_path_factory.mktemp("signal_clean") / "clean.db"
    cli = [sys.executable, "-m", "claimtrack"]
    subprocess.run([*cli, "ingest", str(signal_corpus), "--db", str(db), "--jobs", "2"],
                   capture_output=True, check=True, timeout=600)
    return cli_claims(db)


def cli_claims(db: Path) -> list[dict]:
    """Claims of a database as the JSON contract, through a claimtrack subprocess."""
    import json
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "claimtrack", "claims", "--db", str(db), "--format", "json"],
                         capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout)


@pytest.fixture(scope="session")
def world_db(tmp_path_factory) -> Path:
    """The world test articles (tests/fixtures/world/) ingested once (copy before changing)."""
    from claimtrack.ingest import IngestOptions, ingest
    from claimtrack.store import open_db

    path = tmp_path_factory.mktemp("world") / "world.db"
    store = open_db(path, create=True)
    summary = ingest([FIXTURES / "world"], store, IngestOptions(jobs=1))
    store.close()
    assert not summary.failures, summary.failures
    return path


@pytest.fixture
def ingest_text(tmp_path, run_cli):
    """Write one article and ingest it through the CLI into a fresh database; return the db."""
    counter = iter(range(1_000_000))

    def ingest(text: str, date: str, db: Path | None = None, name: str | None = None) -> Path:
        n = next(counter)
        folder = tmp_path / f"articles{n}"
        folder.mkdir()
        (folder / (name or f"article{n}.txt")).write_text(text, encoding="utf-8")
        db = db or tmp_path / f"db{n}.db"
        result = run_cli("ingest", folder, "--db", db, "--date", date)
        assert result.exit_code == 0, result.output
        return db

    return ingest


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
    # numbers and a weekday the extractor reads (quantity, time.inconsistent); a learned base
    "tabqa_withdrawal": ("withdrawal", 5, {("quantity_mismatch", "a_", "b_"), ("quantity_mismatch", "b_", "c_"),
                                           ("weekday_mismatch", "d_", "d_")}),
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


@pytest.fixture
def seeds_plus_copy(tmp_path, run_cli):
    """The seeds plus one more article (e.g. a seed with one detail changed), ingested
    through the CLI into a fresh database; returns the database."""
    import shutil

    def make(copy_name: str, text: str) -> Path:
        folder = tmp_path / "corpus"
        shutil.copytree(SEEDS, folder)
        (folder / copy_name).write_text(text, encoding="utf-8")
        db = tmp_path / "t.db"
        result = run_cli("ingest", folder, "--db", db)
        assert result.exit_code == 0, result.output
        return db

    return make
