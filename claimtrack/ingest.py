"""Ingest: files → documents → pipeline (in worker processes) → one batching writer.

Workers run the pure pipeline; only the parent writes, in batches, each batch one
transaction of whole documents. Documents already stored by the current extractor
are recognised by their text hash and skipped before any analysis, so re-ingesting
an unchanged corpus costs little more than reading and hashing it.
"""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing as mp
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from claimtrack import EXTRACTOR_VERSION
from claimtrack.errors import LoadError
from claimtrack.interrupt import Interrupted, ignore_in_worker, shielded
from claimtrack.models import Document, LoadFailure, Processed
from claimtrack.pipeline import Resources, process
from claimtrack.store import Store, WriteOutcome

BATCH_DOCS = 64
CHUNK = 8  # files per task sent to a worker
IN_FLIGHT = 32 * CHUNK  # files read but not yet written, at most (bounds the writer's memory)


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
        if isinstance(item, LoadFailure) or item.id in _KNOWN:
            out.append(item)
        else:
            try:
                out.append(process(item, _resources()))
            except Exception as exc:  # noqa: BLE001 - a bug on one article must not stop the rest
                out.append(
                    LoadFailure(
                        path=item.name,
                        reason=f"analysis failed ({type(exc).__name__}: {exc}); please report this",
                    )
                )
    return out


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
    return write_results(_results(files, opts, known), store, opts, failures, len(files), on_progress)


def write_results(
    results: Iterable[list],
    store: Store,
    opts: IngestOptions,
    failures: Sequence[LoadFailure],
    total: int,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """The single writer: per-file results in, batched transactions of whole documents out."""
    summary = IngestSummary(failures=list(failures))
    _sync_gazetteer(store, opts)
    try:
        with _rare_collections():
            _write_all(results, store, summary, total, on_progress)
    except Interrupted as exc:
        exc.stored, exc.total = summary.files_stored, total
        raise
    finally:
        close = getattr(results, "close", None)
        if close is not None:  # ends the workers now, also when the writer was interrupted
            close()
    return summary


def _write_all(results, store: Store, summary: IngestSummary, total: int, on_progress) -> None:
    batch: list[Processed] = []
    seen: list[tuple[str, str, str]] = []
    done = pending = 0  # pending: files whose documents wait in batch/seen
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
        pending += not any(isinstance(item, LoadFailure) for item in file_results)
        if len(batch) >= BATCH_DOCS or len(seen) >= 50 * BATCH_DOCS:
            pending = _commit(store, summary, batch, seen, pending)
            batch, seen = [], []
        done += 1
        if on_progress:
            on_progress(done, total)
    _commit(store, summary, batch, seen, pending)


def _commit(store: Store, summary: IngestSummary, batch: list, seen: list, files: int) -> int:
    """Write a batch and count its files as stored; a signal waits for this (0 files left pending)."""
    with shielded():
        summary.outcomes.extend(store.write(batch) if batch else [])
        summary.outcomes.extend(store.record_names(seen) if seen else [])
        summary.files_stored += files
    return 0


def _sync_gazetteer(store: Store, opts: IngestOptions) -> None:
    from claimtrack.entities import Gazetteer

    gaz = Gazetteer.load(opts.gazetteer_files)
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
    jobs = max(1, min(opts.jobs, len(files)))
    if jobs == 1:
        _init_worker(opts, known)
        for path in files:
            yield _work(path)
        return
    ctx = mp.get_context("fork" if os.name == "posix" else "spawn")
    # Pool.imap takes its input as fast as the workers do and keeps every result until the
    # writer asks for it: when SQLite is slower than the workers (a large store), results
    # would pile up in memory. The feed waits for a free slot: at most IN_FLIGHT files are
    # being processed or waiting to be written.
    slots = threading.BoundedSemaphore(IN_FLIGHT)
    stop = threading.Event()

    def feed() -> Iterator[Path]:
        for path in files:
            while not slots.acquire(timeout=0.2):
                if stop.is_set():
                    return
            yield path

    pool = ctx.Pool(jobs, initializer=_init_pool_worker, initargs=(opts, known))
    try:
        for result in pool.imap(_work, feed(), chunksize=CHUNK):
            slots.release()
            yield result
    finally:
        # The feed must stop before terminate(), which waits for the thread that runs it.
        stop.set()
        pool.terminate()
        pool.join()
