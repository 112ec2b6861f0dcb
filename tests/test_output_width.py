"""Tables fit 60, 80 and 120 columns without cropping an id, a file name or a reason.

The tests read the rendered text back into cells (a table's "│" columns, with wrapped
lines joined, or the "field value" lines of the record layout) and compare them with
the JSON output of the same command, whitespace aside (wrapping moves line breaks).
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from rich.cells import cell_len

from tests.conftest import SEEDS

WIDTHS = pytest.mark.parametrize("width", [60, 80, 120], ids=["60-columns", "80-columns", "120-columns"])
RECORD = re.compile(r"── \d+/\d+ ─*")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _split(line: str) -> list[str]:
    """A table line's cells: between "│" (or the header's "┃"), without the outer edges."""
    parts = re.split(r"[┃│]", line)
    return parts[1:-1] if line[:1] in ("┃", "│") else parts


def _table_cells(lines: list[str]) -> list[dict[str, str]]:
    """Rows of a table layout (heavy or light box): header names → cell text, wrapped lines joined."""
    header = next(line for line in lines if "┃" in line or ("│" in line and not line.startswith(" ")))
    names = [c.strip() for c in _split(header)]
    rows: list[dict[str, str]] = []
    for line in lines[lines.index(header) + 1:]:
        if "│" not in line:
            continue
        cells = [c.strip() for c in _split(line)]
        if len(cells) != len(names):
            continue
        if cells[0]:  # the first column is an identifier, which never wraps in a table
            rows.append(dict(zip(names, cells, strict=True)))
        else:
            for name, cell in zip(names, cells, strict=True):
                if cell:
                    rows[-1][name] += " " + cell
    return rows


def _record_cells(lines: list[str], columns: list[str]) -> list[dict[str, str]]:
    """Rows of the record layout: one "field value" line per column, continuation lines indented."""
    rows: list[dict[str, str]] = []
    last = None
    for line in lines:
        if RECORD.fullmatch(line.strip()):
            rows.append({})
            continue
        if not rows:
            continue
        label = max((c for c in columns if line.startswith(c + " ") or line.rstrip() == c), key=len, default=None)
        if label is not None:
            rows[-1][label] = line[len(label):].strip()
            last = label
        elif line.startswith(" " * (max(map(len, columns)) + 1)) and last is not None:
            rows[-1][last] += " " + line.strip()
    return rows


def _cells(output: str, columns: list[str]) -> list[dict[str, str]]:
    lines = output.splitlines()
    if any(RECORD.fullmatch(line.strip()) for line in lines):
        return _record_cells(lines, columns)
    return _table_cells(lines)


def _fits(output: str, width: int) -> None:
    assert not re.search(r"\S…", output), "a cell was cropped"  # " … " joins an interval's ends
    assert max(cell_len(line) for line in output.splitlines()) <= width


def _run(run_cli, monkeypatch, width: int, *args):
    monkeypatch.setenv("COLUMNS", str(width))
    return run_cli(*args)


def _json_and_table(run_cli, monkeypatch, width: int, *args) -> tuple[list, str]:
    """A read command's JSON, and its table at `width` (checked to fit, nothing cropped)."""
    records = json.loads(run_cli(*args, "--format", "json").stdout)
    result = _run(run_cli, monkeypatch, width, *args)
    assert result.exit_code == 0, result.output
    _fits(result.stdout, width)
    return records, result.stdout


@WIDTHS
def test_output_width_claims_show_every_id_and_doc(seeds_db, run_cli, monkeypatch, width):
    claims, out = _json_and_table(run_cli, monkeypatch, width, "claims", "--db", seeds_db)
    rows = _cells(out, ["id", "doc", "type", "agent", "with", "place", "time", "ord", "modality"])
    assert [r["id"] for r in rows] == [c["id"][:8] for c in claims]  # the prefix `show` takes, whole
    assert [r["doc"] for r in rows] == [c["doc"][:3] for c in claims]
    assert [r["type"] for r in rows] == [c["type"] for c in claims]


@pytest.mark.parametrize("width", [80], ids=["80-columns"])
def test_output_width_claims_doc_names_are_whole_when_their_numbers_collide(tmp_path, run_cli, monkeypatch, width):
    folder = tmp_path / "in"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    shutil.copy(seeds[0], folder / "007_first.txt")
    shutil.copy(seeds[1], folder / "007_second.txt")
    db = tmp_path / "c.db"
    assert run_cli("ingest", folder, "--db", db).exit_code == 0
    claims, out = _json_and_table(run_cli, monkeypatch, width, "claims", "--db", db)
    rows = _cells(out, ["id", "doc", "type", "agent", "with", "place", "time", "ord", "modality"])
    assert [r["doc"] for r in rows] == [c["doc"] for c in claims]  # "007" would not say which


@WIDTHS
def test_output_width_diff_shows_every_claim_id_of_every_event(seeds_db, run_cli, monkeypatch, width):
    events, out = _json_and_table(run_cli, monkeypatch, width, "diff", "--db", seeds_db)
    columns = ["doc", "source", "origin", "time text", "interval", "ord", "place", "modality", "claimant", "claim"]
    blocks = re.split(r"\n\n(?=\S)", out.strip())
    assert len(blocks) == len(events)
    for event, block in zip(events, blocks, strict=True):
        rows = _cells(block, columns)
        assert [r["claim"] for r in rows] == [c["id"][:8] for c in event["claims"]], block
        assert [r["doc"] for r in rows] == [c["doc"] for c in event["claims"]], block
        for row, claim in zip(rows, event["claims"], strict=True):
            if "interval" in row and claim["time"]["start"]:
                assert claim["time"]["start"] in row["interval"] and claim["time"]["end"] in row["interval"]


@pytest.fixture
def folder_with_bad_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for p in sorted(SEEDS.glob("*.txt")):
        shutil.copy(p, folder / p.name)
    (folder / "scan.txt").write_bytes(b"\x00\x01\x02 not text \xff\xfe")
    (folder / "empty.txt").write_bytes(b"")
    return folder


@WIDTHS
def test_output_width_ingest_shows_file_names_and_reasons(tmp_path, folder_with_bad_files, run_cli, monkeypatch,
                                                          width):
    db = tmp_path / "w.db"
    expected = json.loads(run_cli("ingest", folder_with_bad_files, "--db", db, "--format", "json").stdout)
    assert {r["status"] for r in expected} == {"new", "failed"}
    result = _run(run_cli, monkeypatch, width, "ingest", folder_with_bad_files, "--db", db)
    assert result.exit_code == 1  # two inputs failed; the table says which and why
    _fits(result.stdout, width)
    rows = _cells(result.stdout, ["file", "status", "claims", "reason"])
    assert [_squash(r["file"]) for r in rows] == [_squash(e["file"]) for e in expected]
    failed = [(r["file"], r["reason"]) for r in rows if r["status"] == "failed"]
    assert [(_squash(f), _squash(why)) for f, why in failed] == [
        (_squash(e["file"]), _squash(e["reason"])) for e in expected if e["status"] == "failed"]
    assert all(why for _, why in failed)


@WIDTHS
def test_output_width_docs_show_names_and_ids(seeds_db, run_cli, monkeypatch, width):
    docs, out = _json_and_table(run_cli, monkeypatch, width, "docs", "--db", seeds_db)
    rows = _cells(out, ["name", "source", "published", "date_origin", "n_sentences", "n_claims",
                                  "names", "id"])
    assert [(r["name"], r["id"]) for r in rows] == [(d["name"], d["id"]) for d in docs]


@pytest.mark.parametrize("width", [80], ids=["80-columns"])
def test_output_width_hidden_columns_are_named_and_follow_the_drop_order(seeds_db, run_cli, monkeypatch, width):
    from claimtrack.output import DROP_ORDER

    result = _run(run_cli, monkeypatch, width, "diff", "--db", seeds_db)
    notes = set(re.findall(r"hidden at this width: ([^(]+) \(", result.stdout))
    assert notes
    columns = ["doc", "source", "origin", "time text", "interval", "ord", "place", "modality", "claimant", "claim"]
    order = [c for c in DROP_ORDER if c in columns]
    for note in notes:
        hidden = {h.strip() for h in note.split(",")}
        assert hidden == set(order[:len(hidden)])  # the first ones of the documented order
        assert "claim" not in hidden and "doc" not in hidden
