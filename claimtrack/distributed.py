"""Ingest on a Dask cluster: workers run the pure pipeline, this process writes the store.

Extraction is a pure function of a document, so it runs unchanged on Dask workers
(`pip install 'claimtrack[dask]'`). Each worker loads the analyser and gazetteer
once (cached per worker process); files are submitted in a bounded window so a
million-file corpus never sits in the scheduler at once; results come back as they
finish and are written in batches by the one writer here, exactly as a local ingest
writes them, so both engines give the same store.

A feed is read here record by record and sent in partitions of records (one task
each), so its records spread over the workers instead of making one task of the file,
and workers need not see the feed's file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from claimtrack import EXTRACTOR_VERSION
from claimtrack.errors import ClaimtrackError
from claimtrack.ingest import (
    IngestOptions,
    IngestSummary,
    Ready,
    list_inputs,
    progress_total,
    tasks,
    write_results,
)

WINDOW_PER_WORKER = 16


def _process_file(path: str, opts: IngestOptions, known: frozenset[str]) -> list[list]:
    """Run on a worker: load and process one file (resources cached in the worker)."""
    from claimtrack import ingest as local

    if local._OPTS is not opts and local._OPTS != opts:  # first task on this worker
        local._init_worker(opts, known)
    local._KNOWN = known
    return [local._work(Path(path))]


def _process_records(records: list, opts: IngestOptions) -> list[list]:
    """Run on a worker: process a partition of new feed records."""
    from claimtrack import ingest as local

    if local._OPTS is not opts and local._OPTS != opts:
        local._init_worker(opts, frozenset())
    return local._work_records(records)


def ingest_dask(
    paths: Sequence[Path],
    store,
    opts: IngestOptions,
    scheduler: str | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Ingest through a Dask cluster (a scheduler address, or a local cluster of processes)."""
    try:
        import dask
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError as exc:
        raise ClaimtrackError(
            "The dask engine needs Dask: pip install 'claimtrack[dask]'."
        ) from exc
    files, failures = list_inputs(paths)
    known = frozenset(store.current_documents(EXTRACTOR_VERSION))
    cluster = client = None
    settings = dask.config.set({"distributed.worker.multiprocessing-method": "fork"})  # see _local_cluster
    try:
        try:
            if scheduler:
                client = Client(scheduler, timeout="10s")
            else:
                cluster = _local_cluster(LocalCluster, opts.jobs)
                client = Client(cluster)
        except OSError as exc:
            raise ClaimtrackError(f"Cannot reach the Dask scheduler {scheduler}: {exc}.") from exc
        workers = max(1, len(client.scheduler_info().get("workers", {})) or opts.jobs)
        work = tasks(files, opts, known)
        results = _stream(client, as_completed, work, opts, known, workers * WINDOW_PER_WORKER)
        return write_results(results, store, opts, failures, progress_total(files), on_progress)
    finally:
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        settings.__exit__(None, None, None)  # dask's own way to restore the previous settings


def _local_cluster(LocalCluster, jobs: int):
    """A cluster of forked worker processes, which ignore the terminal's Ctrl-C.

    Forked workers inherit this process's signal handlers (claimtrack.interrupt), which
    in a child ignore SIGINT and give the parent a few seconds after a SIGTERM, and
    asyncio then leaves them alone; spawned ones would start with Python's default and
    die of the Ctrl-C that the terminal sends to the whole process group, each printing
    a traceback, while this process is the one that decides how to stop. The setting
    holds for the whole ingest, so workers that Dask restarts are forked too.
    """
    # Tasks cancelled by a stop make workers log warnings; the user is told once, by us.
    return LocalCluster(n_workers=max(1, jobs), threads_per_worker=1, processes=True,
                        dashboard_address=None, host="127.0.0.1", silence_logs=logging.ERROR)


def _stream(client, as_completed, work: Iterator, opts, known, window: int) -> Iterator[list]:
    futures = as_completed()
    running, more = 0, True
    while True:
        while more and running < window:
            task = next(work, None)
            if task is None:
                more = False
            elif isinstance(task, Ready):
                yield task.items
            else:
                futures.add(
                    client.submit(_process_records, task, opts, pure=False) if isinstance(task, list)
                    else client.submit(_process_file, str(task), opts, known, pure=False)
                )
                running += 1
        if not running:
            return
        future = next(futures)
        running -= 1
        yield from future.result()
        future.release()
