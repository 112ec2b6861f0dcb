"""Feeds (JSON lines, JSON arrays, plain or gzip) ingested record by record through the real CLI."""

from __future__ import annotations

import gzip
import json
import sqlite3
from pathlib import Path

import pytest

from claimtrack import feeds
from claimtrack.ingest import IN_FLIGHT, RECORDS_PER_TASK, IngestOptions, _results, ingest
from claimtrack.store import open_db

PEOPLE = ["الرئيس السوري أحمد الشرع", "الرئيس الروسي فلاديمير بوتين", "الرئيس التركي رجب طيب أردوغان"]


def _article(i: int) -> str:
    return f"زار {PEOPLE[i % 3]} موسكو يوم {1 + i % 28} شباط 2025 والتقى نظيره. الخبر رقم {i}."


def _record(i: int) -> dict:
    return {"content": _article(i), "date": f"2025-02-{1 + i % 28:02d}", "link": f"https://example.org/{i}"}


def _write(path: Path, lines: list[str]) -> Path:
    """A feed file: JSON lines, or a JSON array for .json; gzipped when the name ends in .gz."""
    array = path.name.removesuffix(".gz").endswith(".json")
    body = "[\n" + ",\n".join(lines) + "\n]\n" if array else "\n".join(lines) + "\n"
    if path.name.endswith(".gz"):
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path


def _lines(records) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in records]


def _ingest(run_cli, *args) -> tuple[int, dict[str, dict], str]:
    result = run_cli("ingest", *args, "--format", "json")
    assert "Traceback" not in result.output
    rows = {r["file"].rsplit("/", 1)[-1]: r for r in json.loads(result.stdout)}
    return result.exit_code, rows, result.stderr


def _count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(f"select count(*) from {table}").fetchone()[0]


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.jsonl.gz"], ids=["plain", "gzip"])
def test_feeds_fifty_thousand_records_are_all_stored(name, tmp_path, run_cli, claims_json):
    n = 50_000
    feed = _write(tmp_path / name, _lines(_record(i) for i in range(n)))
    db = tmp_path / "f.db"
    code, rows, _ = _ingest(run_cli, feed, "--db", db)
    assert code == 0
    assert len(rows) == n and {r["status"] for r in rows.values()} == {"new"}
    assert _count(db, "documents") == n
    (visit, *_) = claims_json(db, "--entity", "Erdogan", "--type", "visit", "--since", "2025-02-18",
                             "--until", "2025-02-18")
    assert visit["type"] == "visit" and visit["place"]["id"] == "moscow"


BAD_JSON = {"feed.jsonl": "invalid JSON on line 3", "feed.json": "invalid JSON in record 3",
            "feed.jsonl.gz": "invalid JSON on line 3", "feed.json.gz": "invalid JSON in record 3"}


@pytest.mark.parametrize("name", list(BAD_JSON), ids=["jsonl", "json-array", "jsonl-gzip", "json-array-gzip"])
def test_feeds_bad_records_are_reported_by_number_and_the_rest_stored(name, tmp_path, run_cli):
    lines = _lines(_record(i) for i in range(9))
    lines[2] = '{"content": بلا علامات تنصيص}'  # line/record 3: not JSON
    lines[4] = json.dumps({"text": "كلمة " * (11 * 1024 * 1024 // 9)}, ensure_ascii=False)  # 11 MB
    lines[6] = json.dumps({"title": "عنوان بلا نص", "date": "2025-02-01"}, ensure_ascii=False)
    feed = _write(tmp_path / name, lines)
    code, rows, stderr = _ingest(run_cli, feed, "--db", tmp_path / "f.db")
    assert code == 1
    assert rows[f"{name}#3"]["reason"].startswith(BAD_JSON[name])
    assert rows[f"{name}#5"]["reason"] == "text of 11 MB is over the per-document limit of 10 MB"
    assert rows[f"{name}#7"]["reason"].startswith("not an article record: no text")
    stored = {k for k, r in rows.items() if r["status"] == "new"}
    assert stored == {f"{name}#{n}" for n in (1, 2, 4, 6, 8, 9)}
    assert stderr.strip().endswith("3 input(s) could not be ingested (see the table); "
                                   "the other 6 document(s) are stored.")


def test_feeds_a_line_over_the_record_limit_is_skipped_unread(tmp_path, run_cli, monkeypatch):
    monkeypatch.setattr(feeds, "MAX_RECORD_BYTES", 4096)
    lines = _lines([_record(0), {"text": "نص " * 5000}, _record(2)])
    code, rows, _ = _ingest(run_cli, _write(tmp_path / "f.jsonl", lines), "--db", tmp_path / "f.db")
    assert code == 1 and rows["f.jsonl#2"]["reason"].startswith("record of more than")
    assert rows["f.jsonl#1"]["status"] == rows["f.jsonl#3"]["status"] == "new"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [("empty.jsonl", b"\n\n", "no article records in the file"),
     ("damaged.jsonl.gz", b"\x1f\x8b\x08\x00not deflate data", "cannot read the feed")],
    ids=["empty-feed", "damaged-gzip"],
)
def test_feeds_unreadable_feed_is_one_failure_beside_good_files(name, content, reason, tmp_path, run_cli):
    (tmp_path / name).write_bytes(content)
    _write(tmp_path / "good.jsonl", _lines([_record(0)]))
    code, rows, _ = _ingest(run_cli, tmp_path, "--db", tmp_path / "f.db")
    assert code == 1 and rows[name]["status"] == "failed" and rows[name]["reason"].startswith(reason)
    assert rows["good.jsonl#1"]["status"] == "new"


@pytest.mark.parametrize(
    ("record", "option", "expected"),
    [
        ({"body": _article(1), "pubDate": "Sat, 15 Feb 2025 09:30:00 GMT", "link": "https://x.example/1",
          "source": {"id": "bbc", "name": "BBC News"}, "headline": "زيارة"}, None,
         {"source": "BBC News", "published": "2025-02-15", "title": "زيارة", "url": "https://x.example/1"}),
        ({"maintext": _article(2), "date_publish": "2025-02-16 10:00:00", "source_domain": "example.org"},
         None, {"source": "example.org", "published": "2025-02-16"}),
        ({"story": _article(3), "meta": {"when": "2025-02-17", "site": "Wire"}, "date": "1999-01-01"},
         "text=story,published=meta.when,source=meta.site", {"source": "Wire", "published": "2025-02-17"}),
    ],
    ids=["rss-and-newsapi-names", "news-please-names", "fields-option-with-nested-keys"],
)
def test_feeds_fields_are_mapped_and_overridable(record, option, expected, tmp_path, run_cli):
    feed = _write(tmp_path / "f.jsonl", _lines([record]))
    db = tmp_path / "f.db"
    code, rows, _ = _ingest(run_cli, feed, "--db", db, *(["--fields", option] if option else []))
    assert code == 0 and rows["f.jsonl#1"]["status"] == "new"
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        doc = dict(conn.execute("select source, published, title, url, date_origin from documents").fetchone())
    assert {k: doc[k] for k in expected} == expected and doc["date_origin"] == "metadata"


@pytest.mark.parametrize("spec", ["text", "words=body", "text="], ids=["no-equals", "unknown-field", "no-key"])
def test_feeds_bad_fields_option_is_one_line_error(spec, tmp_path, run_cli):
    result = run_cli("ingest", _write(tmp_path / "f.jsonl", _lines([_record(0)])), "--db", tmp_path / "f.db",
                     "--fields", spec)
    assert result.exit_code == 1 and result.stderr.startswith("Error: --fields: cannot read")
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.json.gz"], ids=["jsonl", "json-array-gzip"])
def test_feeds_reingest_stores_only_appended_records(name, tmp_path, run_cli):
    db = tmp_path / "f.db"
    feed = _write(tmp_path / name, _lines(_record(i) for i in range(30)))
    assert _ingest(run_cli, feed, "--db", db)[0] == 0
    code, rows, _ = _ingest(run_cli, feed, "--db", db)
    assert code == 0 and {r["status"] for r in rows.values()} == {"unchanged"} and len(rows) == 30
    _write(feed, _lines(_record(i) for i in range(35)))  # five records appended
    code, rows, _ = _ingest(run_cli, feed, "--db", db)
    assert sorted(k for k, r in rows.items() if r["status"] == "new") == sorted(
        f"{name}#{n}" for n in range(31, 36))
    assert sum(r["status"] == "unchanged" for r in rows.values()) == 30 and _count(db, "documents") == 35


def test_feeds_progress_counts_records(tmp_path):
    feed = _write(tmp_path / "f.jsonl", _lines(_record(i) for i in range(40)))
    seen: list[tuple[int, int | None]] = []
    store = open_db(tmp_path / "f.db", create=True)
    ingest([feed], store, IngestOptions(jobs=2), on_progress=lambda done, total: seen.append((done, total)))
    store.close()
    assert seen[-1] == (40, None) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_feeds_are_read_only_as_fast_as_results_are_written(tmp_path, monkeypatch):
    """A feed far larger than the window: the writer's first result arrives long before the
    feed is read to its end (memory bounded whatever the feed's size)."""
    import claimtrack.ingest as ingest_module

    n = IN_FLIGHT * 4
    feed = _write(tmp_path / "f.jsonl", _lines(_record(i) for i in range(n)))
    read = []

    def counting(path, fields=()):
        for item in feeds.read_feed(path, fields):
            read.append(item)
            yield item

    monkeypatch.setattr(ingest_module, "read_feed", counting)
    results = _results([feed], IngestOptions(jobs=2), frozenset())
    first = next(results)
    assert first and len(read) <= IN_FLIGHT + RECORDS_PER_TASK
    assert sum(len(r) for r in results) + len(first) == n


def test_feeds_dask_spreads_a_feed_over_the_workers(tmp_path, claims_json):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    from claimtrack.distributed import ingest_dask
    from claimtrack.ingest import tasks

    feed = _write(tmp_path / "f.jsonl.gz", _lines(_record(i) for i in range(100)))
    parts = list(tasks([feed], IngestOptions(), frozenset()))
    assert len(parts) == 100 // RECORDS_PER_TASK + 1 and all(len(p) <= RECORDS_PER_TASK for p in parts)
    local, dask = tmp_path / "local.db", tmp_path / "dask.db"
    for db, run in ((local, ingest), (dask, ingest_dask)):
        store = open_db(db, create=True)
        summary = run([feed], store, IngestOptions(jobs=2))
        store.close()
        assert summary.count("new") == 100 and not summary.failures
    assert claims_json(dask) == claims_json(local)
