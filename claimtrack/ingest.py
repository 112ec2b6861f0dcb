"""Ingest: files → documents → pipeline (in worker processes) → one batching writer.

Workers run the pure pipeline; only the parent writes, in batches, each batch one
transaction of whole documents. Documents already stored by the current extractor
are recognised by their text hash and skipped before any analysis, so re-ingesting
an unchanged corpus costs little more than reading and hashing it.

Feeds (JSON lines / JSON arrays, plain or gzip) are read here, record by record, and
their records go to the workers in batches like files do; a record whose text is
already stored never leaves this process, so an appended feed costs its new records.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing as mp
import multiprocessing.pool
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack import EXTRACTOR_VERSION
from claimtrack.errors import LoadError
from claimtrack.feeds import Record, is_feed, read_feed
from claimtrack.interrupt import Interrupted, ignore_in_worker, set_progress, shielded
from claimtrack.models import Document, LoadFailure, Processed
from claimtrack.pipeline import Resources, process
from claimtrack.store import Store, WriteOutcome

# Documents a write transaction holds. Each transaction rewrites the index and full-text
# pages it touches, so fewer, larger ones write less: 256 instead of 64 halves what an ingest
# writes to disk. The first batch holds FIRST_BATCH_DOCS and each next one twice as many up
# to BATCH_DOCS, so the first documents are readable (and survive a Ctrl-C) within a second.
# A Ctrl-C loses at most one batch's analysis (redone by the next ingest), and a batch of
# long articles closes early at BATCH_CHARS of text, so it stays small in memory.
FIRST_BATCH_DOCS = 32
BATCH_DOCS = 256
BATCH_CHARS = 16 * 1024 * 1024
CHUNK = 8  # files per task sent to a worker
IN_FLIGHT = 32 * CHUNK  # files read but not yet written, at most (bounds the writer's memory)
RECORDS_PER_TASK = 16  # feed records per task sent to a worker
RECORD_COST_BYTES = 64 * 1024  # a record counts as one file per this much text in IN_FLIGHT


@dataclass
class IngestSummary:
    """What an ingest did, file by file."""

    outcomes: list[WriteOutcome] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    files_stored: int = 0  # files whose documents are all committed (what an interruption reports)

    def count(self, status: str) -> int:
        """How many documents ended with this status."""
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def claims(self) -> int:
        return sum(o.claims for o in self.outcomes if o.status in ("new", "updated"))


@dataclass
class IngestOptions:
    """How to read and analyse the inputs."""

    source: str | None = None
    published: dt.date | None = None
    morphology_db: Path | None = None
    gazetteer_files: Sequence[Path] = ()
    jobs: int = 1
    fields: tuple[tuple[str, str], ...] = ()  # feed record fields: (("text", "body"), ...)


# Set in each worker by _init_worker (and in-process for jobs == 1).
_RES: Resources | None = None
_KNOWN: frozenset[str] = frozenset()
_OPTS: IngestOptions | None = None
_POOL_WORKER = False  # set in worker processes of the pool


@dataclass(frozen=True)
class Seen:
    """A file whose text is already stored by this extractor: only its name is recorded."""

    name: str
    path: str
    doc_id: str


def _init_worker(opts: IngestOptions, known: frozenset[str]) -> None:
    global _RES, _KNOWN, _OPTS
    _RES = None  # loaded on the first document that needs analysis (re-ingests may need none)
    _KNOWN = known
    _OPTS = opts


def _init_pool_worker(opts: IngestOptions, known: frozenset[str]) -> None:
    global _POOL_WORKER
    ignore_in_worker()  # Ctrl-C reaches the whole process group: the parent decides
    _init_worker(opts, known)
    _POOL_WORKER = True


def _resources() -> Resources:
    global _RES
    if _RES is None:
        assert _OPTS is not None
        _RES = Resources.load(_OPTS.morphology_db, _OPTS.gazetteer_files)
        if _POOL_WORKER:  # a worker process lives for the ingest only: no need to restore
            _collect_rarely()
    return _RES


def _collect_rarely() -> None:
    """Collect cycles rarely while the pipeline runs.

    The pipeline allocates millions of small acyclic records while the analysis caches
    and the gazetteer stay alive; with the default thresholds the cyclic collector
    rescans those again and again (measured: a tenth of a worker's time, a third of
    the writer's unpickling). What exists now is frozen out of collections.
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


@contextmanager
def _rare_collections() -> Iterator[None]:
    """_collect_rarely for the duration of a block (the writer's process goes on after it)."""
    old = gc.get_threshold()
    _collect_rarely()
    try:
        yield
    finally:
        gc.set_threshold(*old)
        gc.unfreeze()


def _work(path: Path) -> list[Processed | Document | LoadFailure | Seen]:
    """Load one file and process its documents; a stored text comes back as Seen, unanalysed."""
    from claimtrack.load import load_file, text_id

    assert _OPTS is not None
    try:
        known = text_id(path)  # reading and hashing is all an unchanged file costs
        if known is not None and known in _KNOWN:
            return [Seen(path.name, str(path), known)]
        loaded = load_file(path, source=_OPTS.source, published=_OPTS.published)
    except LoadError as exc:
        return [LoadFailure(path=str(path), reason=str(exc))]
    except OSError as exc:  # vanished or unreadable between listing and reading
        return [LoadFailure(path=str(path), reason=f"cannot read the file ({exc.strerror})")]
    out: list[Processed | Document | LoadFailure] = []
    for item in loaded:
        out.append(item if isinstance(item, LoadFailure) or item.id in _KNOWN else _process(item))
    return out


def _work_records(records: list[Record]) -> list[list[Processed | LoadFailure]]:
    """Process a batch of feed records (already known to be new) into per-record results."""
    from claimtrack.load import record_document

    assert _OPTS is not None
    return [[_process(record_document(r, source=_OPTS.source, published=_OPTS.published))]
            for r in records]


def _process(doc: Document) -> Processed | LoadFailure:
    try:
        return process(doc, _resources())
    except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the rest
        return LoadFailure(path=doc.name, reason=f"analysis failed ({type(exc).__name__}: {exc}); please report this")


@dataclass
class Ready:
    """Results known without a worker: feed records already stored, or unreadable."""

    items: list[Seen | LoadFailure]


def tasks(files: Sequence[Path], opts: IngestOptions, known: frozenset[str]) -> Iterator[Path | list[Record] | Ready]:
    """Work for the workers in input order: a file, a batch of new feed records, or Ready results."""
    for path in files:
        if not is_feed(path):
            yield path
            continue
        batch: list[Record] = []
        ready: list[Seen | LoadFailure] = []
        for item in read_feed(path, opts.fields):
            if isinstance(item, LoadFailure):
                ready.append(item)
            elif item.doc_id in known:  # hashing is all an unchanged record costs
                ready.append(Seen(item.name, item.path, item.doc_id))
            else:
                batch.append(item)
                if len(batch) == RECORDS_PER_TASK or task_cost(batch) >= 2 * RECORDS_PER_TASK:
                    yield batch
                    batch = []
            if len(ready) == 50 * BATCH_DOCS:
                yield Ready(ready)
                ready = []
        if batch:
            yield batch
        if ready:
            yield Ready(ready)


def task_cost(task: Path | list[Record]) -> int:
    """A task's share of IN_FLIGHT: one per file, one per record and per RECORD_COST_BYTES of text."""
    if isinstance(task, list):
        return sum(1 + len(r.text) * 2 // RECORD_COST_BYTES for r in task)
    return 1


def list_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[LoadFailure]]:
    """Every input file under the given paths, and the paths that cannot be listed."""
    from claimtrack.load import iter_input_files

    files, failures = [], []
    for item in iter_input_files(paths):
        (failures if isinstance(item, LoadFailure) else files).append(item)
    return files, failures


def ingest(
    paths: Sequence[Path],
    store: Store,
    opts: IngestOptions,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Ingest files and folders into the store; bad inputs are reported, never fatal."""
    files, failures = list_inputs(paths)
    known = frozenset(store.current_documents(EXTRACTOR_VERSION))
    return write_results(_results(files, opts, known), store, opts, failures, progress_total(files),
                         on_progress)


def progress_total(files: Sequence[Path]) -> int | None:
    """Documents to come, as far as known before reading: None when a feed's records are to count."""
    return None if any(is_feed(p) for p in files) else len(files)


def write_results(
    results: Iterable[list],
    store: Store,
    opts: IngestOptions,
    failures: Sequence[LoadFailure],
    total: int | None,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> IngestSummary:
    """The single writer: per-file results in, batched transactions of whole documents out."""
    summary = IngestSummary(failures=list(failures))
    set_progress(lambda: (summary.files_stored, total))
    gazetteer = _gazetteer(opts)  # loaded before the workers start, so forked ones share it
    try:
        with _rare_collections():
            # the gazetteer's rows go in when the first results are in, while the workers
            # go on: not before the first worker starts
            _write_all(results, store, summary, total, on_progress,
                       lambda: _sync_gazetteer(store, gazetteer))
    except Interrupted as exc:
        exc.stored, exc.total = summary.files_stored, total
        raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:  # ends the workers now, also when the writer was interrupted
            close()
    return summary


def _write_all(results, store: Store, summary: IngestSummary, total: int | None, on_progress,
               first: Callable[[], None]) -> None:
    """Write the results in batches; `first` runs once, before anything is written."""
    batch: list[Processed] = []
    seen: list[tuple[str, str, str]] = []
    done = pending = 0  # pending: files whose documents wait in batch/seen
    chars = 0  # of the texts in batch
    limit = FIRST_BATCH_DOCS
    for file_results in results:
        for item in file_results:
            if isinstance(item, LoadFailure):
                summary.failures.append(item)
            elif isinstance(item, Seen):
                seen.append((item.name, item.path, item.doc_id))
            elif isinstance(item, Document):  # a record of a JSON file, already stored
                seen.append((item.name, item.path or item.name, item.id))
            else:
                batch.append(item)
                chars += len(item.doc.text)
        pending += not any(isinstance(item, LoadFailure) for item in file_results)
        done += len(file_results)  # documents and records, not files: a feed holds thousands
        if len(batch) >= limit or chars >= BATCH_CHARS or len(seen) >= 50 * BATCH_DOCS:
            if first is not None:
                first()
                first = None
            pending = _commit(store, summary, batch, seen, pending)
            batch, seen, chars = [], [], 0
            limit = _next_limit(limit, None if total is None else total - done)
        if on_progress:
            on_progress(done, total)
    if first is not None:
        first()
    _commit(store, summary, batch, seen, pending)


def _next_limit(limit: int, left: int | None) -> int:
    """The size of the next batch: twice the last, up to BATCH_DOCS; and when the number of
    documents still to come is known, at most half of them, so the last batch, which is
    written while the workers have nothing left to do, is a small one."""
    size = min(2 * limit, BATCH_DOCS)
    return size if left is None else min(size, max(FIRST_BATCH_DOCS, left // 2))


def _commit(store: Store, summary: IngestSummary, batch: list, seen: list, files: int) -> int:
    """Write a batch and count its files as stored; a signal waits for this (0 files left pending)."""
    with shielded():
        summary.outcomes.extend(store.write(batch) if batch else [])
        summary.outcomes.extend(store.record_names(seen) if seen else [])
        summary.files_stored += files
    return 0


def _gazetteer(opts: IngestOptions):
    from claimtrack.entities import Gazetteer

    return Gazetteer.load(opts.gazetteer_files)


def _sync_gazetteer(store: Store, gaz) -> None:
    store.sync_entities(
        {
            "id": e.id, "kind": e.kind, "name": e.name, "name_ar": e.name_ar,
            "wikidata": e.wikidata, "parent": e.parent, "country": e.country,
            "aliases_ar": list(e.aliases_ar),
        }
        for e in gaz
    )


def _results(
    files: list[Path], opts: IngestOptions, known: frozenset[str]
) -> Iterator[list[Processed | Document | LoadFailure | Seen]]:
    # Fewer files than workers still keeps every worker busy when one of them is a feed.
    few = len(files) < opts.jobs and progress_total(files) is None
    jobs = max(1, opts.jobs if few else min(opts.jobs, len(files)))
    if jobs == 1:
        _init_worker(opts, known)
        for task in tasks(files, opts, known):
            if isinstance(task, Ready):
                yield task.items
            elif isinstance(task, list):
                yield from _work_records(task)
            else:
                yield _work(task)
        return
    ctx = mp.get_context("fork" if os.name == "posix" else "spawn")
    # Tasks are submitted in a window: at most IN_FLIGHT files (or their weight in feed
    # records) are being processed or waiting to be written, so results never pile up in
    # the writer when SQLite is slower than the workers (a large store), and a feed is
    # read only as fast as it is analysed.
    with _Pool(jobs, initializer=_init_pool_worker, initargs=(opts, known), context=ctx) as pool:
        pending: deque = deque()  # (AsyncResult, cost), oldest first
        in_flight = 0  # files and records taken from the inputs and not yet handed back
        chunk: list[Path] = []

        def oldest() -> list[list]:
            nonlocal in_flight
            result, cost = pending.popleft()
            in_flight -= cost
            return result.get()

        work = tasks(files, opts, known)
        while True:
            while pending and in_flight >= IN_FLIGHT:  # wait for a slot before taking more
                yield from oldest()
            task = next(work, None)
            if task is None:
                break
            if isinstance(task, Ready):
                yield task.items
            elif isinstance(task, list):
                in_flight += task_cost(task)
                pending.append((pool.apply_async(_work_records, (task,)), task_cost(task)))
            else:
                chunk.append(task)
                in_flight += 1
                if len(chunk) == CHUNK:
                    pending.append((pool.apply_async(_work_files, (chunk,)), len(chunk)))
                    chunk = []
        if chunk:
            pending.append((pool.apply_async(_work_files, (chunk,)), len(chunk)))
        while pending:
            yield from oldest()


class _Pool(multiprocessing.pool.Pool):
    """multiprocessing's Pool, with a worker-handler thread that wakes only when a worker
    process ends or the pool changes state.

    The standard one also waits on the result pipe: every result a worker sends wakes that
    thread, and it loops until the result thread has read the result, which waits for the
    writer to let go of the interpreter lock. Measured on 2,000 articles: 0.6 s of the
    writer's CPU, as much as unpickling every result, on the cores the workers need.
    Our workers never end on their own (no maxtasksperchild), so the wake-up is not needed.
    """

    def _get_sentinels(self) -> list:
        return [self._change_notifier._reader]


def _work_files(paths: list[Path]) -> list[list]:
    """_work over a chunk of files (one task for a worker)."""
    return [_work(p) for p in paths]
