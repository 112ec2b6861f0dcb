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
