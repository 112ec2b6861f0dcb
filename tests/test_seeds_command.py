"""`claimtrack ingest seeds/` works anywhere (bundled seeds), and a missing path says what is near."""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from claimtrack.load import BUNDLED_SEEDS
from tests.conftest import ROOT, SEEDS

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))
NOTE = "No ./seeds/ here; ingesting the 5 bundled seed articles."


def test_seeds_command_packaged_copy_is_identical_to_data_seeds():
    names = sorted(p.name for p in SEEDS.iterdir())
    assert sorted(p.name for p in BUNDLED_SEEDS.iterdir()) == names
    match, mismatch, errors = filecmp.cmpfiles(SEEDS, BUNDLED_SEEDS, names, shallow=False)
    assert (mismatch, errors) == ([], []) and len(match) == 6  # five articles and sources.toml


@pytest.mark.parametrize("where", ["repository root", "empty folder"])
def test_seeds_command_ingests_the_bundled_seeds(where, tmp_path, monkeypatch, run_cli, claims_json):
    monkeypatch.chdir(ROOT if where == "repository root" else tmp_path)
    db = tmp_path / "s.db"
    result = run_cli("ingest", "seeds/", "--db", db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == NOTE
    rows = json.loads(result.stdout)
    assert sorted(r["file"] for r in rows) == SEED_NAMES and {r["status"] for r in rows} == {"new"}
    assert any(c["type"] == "call" and c["time"]["start"] == "2025-02-12" for c in claims_json(db))


def test_seeds_command_a_seeds_folder_here_wins(tmp_path, monkeypatch, run_cli):
    (tmp_path / "seeds").mkdir()
    shutil.copy(SEEDS / SEED_NAMES[4], tmp_path / "seeds" / "mine.txt")
    monkeypatch.chdir(tmp_path)
    result = run_cli("ingest", "seeds", "--db", tmp_path / "s.db", "--format", "json")
    assert result.exit_code == 0 and "bundled" not in result.stderr
    assert [r["file"] for r in json.loads(result.stdout)] == ["mine.txt"]


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("seed/", "data/seeds/"), ("news/artcles", "news/articles/"), ("data/seeds/00_x.txt", None)],
    ids=["one-letter-short", "misspelt-subfolder", "nothing-close"],
)
def test_seeds_command_missing_path_names_the_nearest(typed, suggested, tmp_path, monkeypatch, run_cli):
    for folder in ("data/seeds", "news/articles"):
        (tmp_path / folder).mkdir(parents=True)
        shutil.copy(SEEDS / SEED_NAMES[0], tmp_path / folder / "a.txt")
    monkeypatch.chdir(tmp_path)
    result = run_cli("ingest", typed, "--db", tmp_path / "s.db")
    hint = f"Did you mean {suggested}?" if suggested else "Check the path and try again."
    assert result.exit_code == 1
    assert result.stderr == f"Error: No such file or folder: {typed}. {hint}\n"
    assert not (tmp_path / "s.db").exists()  # nothing was started


@pytest.mark.parametrize(("good", "tail"), [(0, "nothing was stored."), (1, "the other 1 document(s) are stored.")],
                         ids=["only-a-bad-file", "a-bad-and-a-good-file"])
def test_seeds_command_summary_speaks_of_others_only_when_there_are(good, tail, tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bad.txt").write_bytes(bytes(range(256)) * 10)
    if good:
        shutil.copy(SEEDS / SEED_NAMES[0], folder / "good.txt")
    result = run_cli("ingest", folder, "--db", tmp_path / "s.db")
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(tail)
    assert "the others" not in result.stderr


def _run(cmd: list, **kwargs) -> subprocess.CompletedProcess:
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, timeout=300, **kwargs)
    assert done.returncode == 0, done.stderr[-2000:]
    return done


def test_seeds_command_from_a_wheel_in_a_fresh_virtualenv(tmp_path):
    # Build from a copy of the sources (pip builds in the tree it is given), offline.
    src = tmp_path / "src"
    shutil.copytree(ROOT / "claimtrack", src / "claimtrack", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    _run(pip + ["wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", tmp_path / "dist", src])
    (wheel,) = (tmp_path / "dist").glob("claimtrack-*.whl")
    assert {f"claimtrack/data/seeds/{n}" for n in SEED_NAMES} <= set(zipfile.ZipFile(wheel).namelist())
    site = tmp_path / "site"
    _run(pip + ["install", "--no-deps", "--no-index", "--target", site, wheel])
    # A fresh venv sees the installed wheel first and the shared venv's dependencies after it;
    # PYTHONPATH entries run no .pth files, so the shared venv's editable claimtrack stays inert.
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), "COLUMNS": "200",
           "PYTHONPATH": f"{site}{os.pathsep}{sysconfig.get_paths()['purelib']}"}
    python = venv / "bin" / "python"
    where = _run([python, "-c", "import claimtrack; print(claimtrack.__file__)"], cwd=empty, env=env)
    assert Path(where.stdout.strip()).is_relative_to(site)
    db = tmp_path / "w.db"
    done = _run([python, "-m", "claimtrack", "ingest", "seeds/", "--db", db, "--format", "json"],
                cwd=empty, env=env)
    assert done.stderr.strip() == NOTE
    assert sorted(r["file"] for r in json.loads(done.stdout) if r["status"] == "new") == SEED_NAMES
    docs = json.loads(_run([python, "-m", "claimtrack", "docs", "--db", db, "--format", "json"],
                           cwd=empty, env=env).stdout)
    assert all(Path(d["path"]).is_relative_to(site.resolve()) for d in docs) and len(docs) == 5
    assert sum(d["n_claims"] for d in docs) > 30
    assert list(empty.iterdir()) == []  # nothing written where it ran
