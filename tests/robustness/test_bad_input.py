"""Bad files among good ones: every good file stored, every bad one reported in one line."""

from __future__ import annotations

import json
import os

import pytest

from tests.conftest import SEEDS

GOOD = (SEEDS / "004_095f6d28d59887e7.txt").read_bytes()
ARABIC = "وصل الرئيس السوري أحمد الشرع إلى موسكو اليوم في زيارة رسمية التقى خلالها الرئيس بوتين. " * 5


def _ingest(run_cli, folder, db):
    result = run_cli("ingest", folder, "--db", db, "--format", "json")
    assert "Traceback" not in result.output
    return result, {r["file"].rsplit("/", 1)[-1]: r for r in json.loads(result.stdout)}


BAD_FILES = {
    "empty.txt": b"",
    "whitespace.txt": b"   \n\n\t  \n",
    "binary.txt": bytes(range(256)) * 64,
    "truncated.txt": ARABIC.encode() + "وصل".encode()[:-1],
    "surrogate.txt": b"\xff\xfe" + "وصل".encode("utf-16-le") + b"\x00\xd8" + "الرئيس".encode("utf-16-le"),
    "not-article.json": json.dumps({"hello": "world"}).encode(),
    "no-article.html": b"<html><head><title>x</title></head><body><nav>a</nav></body></html>",
}
GOOD_FILES = {
    "cp1256.txt": ARABIC.encode("cp1256"),
    "iso8859-6.txt": ARABIC.encode("iso8859_6"),
    "utf16-no-bom.txt": ARABIC.encode("utf-16-le"),
    "عربي مع مسافات.txt": GOOD,
}


@pytest.mark.parametrize("bad", list(BAD_FILES), ids=list(BAD_FILES))
def test_robustness_bad_file_among_good_ones(tmp_path, run_cli, bad):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD)
    (folder / bad).write_bytes(BAD_FILES[bad])
    result, rows = _ingest(run_cli, folder, tmp_path / "t.db")
    assert result.exit_code == 1
    assert rows["good.txt"]["status"] == "new"
    (row,) = [r for name, r in rows.items() if name.startswith(bad)]
    assert row["status"] == "failed"
    reason = row["reason"]
    assert reason and "\n" not in reason and len(reason) < 200


@pytest.mark.parametrize("name", list(GOOD_FILES), ids=list(GOOD_FILES))
def test_robustness_legacy_encodings_and_odd_names_are_stored(tmp_path, run_cli, name):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(GOOD_FILES[name])
    result, rows = _ingest(run_cli, folder, tmp_path / "t.db")
    assert result.exit_code == 0, result.output
    assert rows[name]["status"] == "new" and rows[name]["claims"] > 0


def test_robustness_newline_in_file_name(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "line\nbreak.txt").write_bytes(GOOD)
    result, rows = _ingest(run_cli, folder, tmp_path / "t.db")
    assert result.exit_code == 0 and list(rows.values())[0]["status"] == "new"


def test_robustness_jsonl_with_a_malformed_line_keeps_the_good_ones(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    good = json.dumps({"text": GOOD.decode()}, ensure_ascii=False)
    (folder / "feed.jsonl").write_text(f"{good}\n{{broken\n{good.replace('15 أكتوبر', '16 أكتوبر')}\n",
                                       encoding="utf-8")
    result, rows = _ingest(run_cli, folder, tmp_path / "t.db")
    assert result.exit_code == 1
    assert rows["feed.jsonl#1"]["status"] == rows["feed.jsonl#3"]["status"] == "new"
    assert rows["feed.jsonl#2"]["status"] == "failed"


def test_robustness_fifty_megabyte_single_line(tmp_path, run_cli):
    folder = tmp_path / "in"
    folder.mkdir()
    line = ("كلمة " * 10_000_000).encode()  # 50 MB, no line break, no sentence end
    (folder / "huge.txt").write_bytes(line[: 50 * 1024 * 1024])
    (folder / "good.txt").write_bytes(GOOD)
    result, rows = _ingest(run_cli, folder, tmp_path / "t.db")
    assert rows["good.txt"]["status"] == "new"
    assert rows["huge.txt"]["status"] == "failed" and "too large" in rows["huge.txt"]["reason"]


def test_robustness_symlink_loop(tmp_path, run_cli):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.txt").write_bytes(GOOD)
    os.symlink(folder, folder / "sub" / "loop")
    result, rows = _ingest(run_cli, folder, tmp_path / "t.db")
    assert result.exit_code == 0 and len(rows) == 1


def test_robustness_unreadable_and_vanishing_files(tmp_path, run_cli, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_bytes(GOOD)
    (folder / "gone.txt").write_bytes(GOOD.replace(b"15", b"16"))
    import claimtrack.ingest as ingest_module

    real = ingest_module.list_inputs

    def list_then_delete(paths):
        files, failures = real(paths)
        (folder / "gone.txt").unlink()  # vanishes between listing and reading
        return files, failures

    monkeypatch.setattr(ingest_module, "list_inputs", list_then_delete)
    result, rows = _ingest(run_cli, folder, tmp_path / "t.db")
    assert result.exit_code == 1
    assert rows["good.txt"]["status"] == "new"
    assert rows["gone.txt"]["status"] == "failed" and "cannot read" in rows["gone.txt"]["reason"]
