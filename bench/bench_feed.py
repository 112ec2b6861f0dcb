"""Feed benchmark: a generated JSON-lines feed against the same articles as files.

BENCH_FEED_MB sets the feed's uncompressed size (default 20; the issue's case is 1024):
- ingest of the feed (records/s) and peak RSS of the writer and of each worker, sampled
  during the ingest, beside the ingest of the same articles as .txt files (with the same
  outlet and date, from a sources.toml) in the same run. BENCH_FEED_FILES caps how many of
  them are also written as files (default: all); the feed's time to its N-th record is
  then the figure beside the files', so both are measured on the same articles and the
  same growth of the store;
- re-ingest of the unchanged feed, plain and gzip, beside reading and hashing it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.bench_ingest import PeakWatcher
from bench.corpus import seed_texts, vary

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "bench" / "corpora"


def write_feed(megabytes: int, as_files: int | None, seed: int = 7) -> tuple[Path, Path, Path, int]:
    """A feed of seed-like articles of about `megabytes` MB, its gzip, and its first `as_files`
    articles as files (all reused when already written); returns the paths and the record count."""
    tag = f"feed{megabytes}" + (f"-{as_files}" if as_files is not None else "")
    feed = CORPORA / f"{tag}.jsonl"
    packed = CORPORA / f"{tag}.jsonl.gz"
    files = CORPORA / f"{tag}-files"
    done = CORPORA / f"{tag}.done"
    if done.exists():
        return feed, packed, files, int(done.read_text())
    CORPORA.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(files, ignore_errors=True)
    rng = random.Random(seed)
    seeds = seed_texts()
    limit, size, n = megabytes * 1024 * 1024, 0, 0
    with open(feed, "w", encoding="utf-8") as out, gzip.open(packed, "wt", encoding="utf-8",
                                                             compresslevel=1) as gz:
        while size < limit:
            text = vary(seeds[n % len(seeds)], rng, n)
            date, outlet = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", f"Outlet {n % 40}"
            line = json.dumps({"content": text, "date": date, "source": outlet,
                               "link": f"https://example.org/{n}"}, ensure_ascii=False) + "\n"
            out.write(line)
            gz.write(line)
            if as_files is None or n < as_files:
                sub = files / f"{n // 1000:04d}"
                sub.mkdir(parents=True, exist_ok=True)
                name = f"article_{n:07d}.txt"
                (sub / name).write_text(text, encoding="utf-8")
                with open(sub / "sources.toml", "a", encoding="utf-8") as manifest:
                    manifest.write(f'["{name}"]\nsource = "{outlet}"\npublished = "{date}"\n')
            size += len(line.encode("utf-8"))
            n += 1
    done.write_text(str(n))
    return feed, packed, files, n


def _read_and_hash(feed: Path) -> float:
    """The floor of a re-ingest: read every line, parse it, hash its text."""
    t0 = time.perf_counter()
    with open(feed, "rb") as f:
        for line in f:
            hashlib.sha256(json.loads(line)["content"].encode()).hexdigest()
    return time.perf_counter() - t0


def _ingest(path: Path, db: Path, jobs: int, marks: dict | None = None) -> tuple[float, int, int]:
    """Seconds, new documents, documents already stored (unchanged, or the same text elsewhere);
    `marks` maps a document count to the seconds it took to get there (filled in)."""
    from claimtrack.ingest import IngestOptions, ingest
    from claimtrack.store import open_db

    store = open_db(db, create=True)
    t0 = time.perf_counter()

    def mark(done: int, total: int | None) -> None:
        for count in marks or ():
            if marks[count] is None and done >= count:
                marks[count] = time.perf_counter() - t0

    summary = ingest([path], store, IngestOptions(jobs=jobs), on_progress=mark)
    elapsed = time.perf_counter() - t0
    store.close()
    assert not summary.failures, summary.failures[:3]
    return elapsed, summary.count("new"), summary.count("unchanged") + summary.count("duplicate")


def run(megabytes: int | None = None, jobs: int | None = None) -> dict:
    """Ingest a generated feed and the same articles as files; memory and re-ingest figures."""
    megabytes = megabytes or int(os.environ.get("BENCH_FEED_MB", "20"))
    as_files = int(os.environ["BENCH_FEED_FILES"]) if os.environ.get("BENCH_FEED_FILES") else None
    jobs = jobs or os.cpu_count() or 1
    feed, packed, files, records = write_feed(megabytes, as_files)
    n_files = min(records, as_files or records)
    with tempfile.TemporaryDirectory(dir=CORPORA) as tmp:
        # Warm up (imports, page cache) so that neither measured ingest pays for it.
        _ingest(next(files.rglob("*.txt")), Path(tmp) / "warm.db", 1)
        files_s, files_new, _ = _ingest(files, Path(tmp) / "files.db", jobs)
        db = Path(tmp) / "feed.db"
        marks: dict[int, float | None] = {n_files: None}
        with PeakWatcher() as peaks:
            feed_s, new, _ = _ingest(feed, db, jobs, marks)
        assert new == records and files_new == n_files, (new, records, files_new, n_files)
        hashing = _read_and_hash(feed)
        again_s, _, unchanged = _ingest(feed, db, jobs)
        again_gz_s, _, known_gz = _ingest(packed, db, jobs)  # the same texts, gzipped
        assert unchanged == known_gz == records, (unchanged, known_gz, records)
    first_n_s = marks[n_files] or feed_s
    return {
        "feed_mb": round(feed.stat().st_size / 1024 / 1024, 1),
        "feed_gz_mb": round(packed.stat().st_size / 1024 / 1024, 1),
        "records": records,
        "jobs": jobs,
        "feed_ingest_s": round(feed_s, 1),
        "feed_records_per_s": round(records / feed_s, 1),
        "writer_peak_mb": round(peaks.writer_mb, 1) if peaks.writer_mb else None,
        "worker_peak_mb": round(peaks.worker_mb, 1) if peaks.worker_mb else None,
        "files": n_files,
        "files_ingest_s": round(files_s, 1),
        "files_articles_per_s": round(n_files / files_s, 1),
        "feed_first_records_s": round(first_n_s, 1),  # the feed's time to its n_files-th record
        "ratio_feed_vs_files": round(first_n_s / files_s, 2),
        "reingest_s": round(again_s, 2),
        "reingest_gzip_s": round(again_gz_s, 2),
        "read_and_hash_s": round(hashing, 2),
        "ratio_reingest_vs_hash": round(again_s / hashing, 2),
    }
