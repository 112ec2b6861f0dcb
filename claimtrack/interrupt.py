"""Stopping a long command cleanly on Ctrl-C (SIGINT) or SIGTERM.

A terminal sends Ctrl-C to the whole process group, so worker processes receive it
too. They ignore SIGINT and leave the decision to the parent (their default death
would lose a task and leave the parent waiting for it forever). In the parent the
first signal raises `Interrupted` in the main thread, except inside `shielded()`
blocks (a batch of whole documents being committed), where it waits for the block
to end; the command then ends its workers, says what was stored and exits
128 + the signal number (130, 143). A second signal ends the process at once:
children are killed and SQLite's journal keeps the database whole.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """Raised in the main thread by the first SIGINT or SIGTERM; carries what was stored."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum
        self.stored: int | None = None  # files stored, set by the ingest writer
        self.total: int | None = None

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal number (130 for SIGINT, 143 for SIGTERM)."""
        return 128 + self.signum

    def message(self) -> str:
        """The one line the user sees."""
        if self.stored is None:
            return "Interrupted: nothing was written; run the same command again."
        if self.total is None:  # the inputs were still being counted (e.g. records of a feed)
            return f"Interrupted: {self.stored:,} stored; run the same command again to continue."
        return (f"Interrupted: {self.stored:,} of {self.total:,} files stored; "
                "run the same command again to continue.")


@dataclass
class _State:
    owner: int = 0  # the pid that installed the handlers (forked children inherit them)
    signals: int = 0
    pending: int | None = None  # a signal that arrived inside a shielded block
    shield: int = 0
    progress: object = None  # () -> (stored, total), set by the ingest writer
    watchdog: object = None  # the running threading.Timer, cancelled when the command ends


STOP_GRACE = 8.0  # seconds the first signal's orderly stop may take before the watchdog ends it


_STATE = _State()


def _handler(signum: int, frame: object) -> None:
    if os.getpid() != _STATE.owner:  # a forked worker (Dask's, or ours before its initialiser)
        if signum == signal.SIGTERM and hasattr(signal, "alarm"):
            # The parent got it too (a process group) and ends its workers cleanly; dying at
            # once would have Dask restart us with a page of warnings. SIGALRM's default
            # action ends this process if the parent does not.
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.alarm(3)
        return  # Ctrl-C: the parent decides
    _STATE.signals += 1
    if _STATE.signals > 1:
        stop_now(signum)
    if _STATE.signals == 1:
        # multiprocessing's Pool.terminate() can wait for ever when a worker died holding its
        # task queue's lock; the user asked to stop, so a watchdog makes sure it happens.
        timer = threading.Timer(STOP_GRACE, _watchdog, (signum,))
        timer.daemon = True
        _STATE.watchdog = timer
        timer.start()
    if _STATE.shield:
        _STATE.pending = signum
        return
    raise Interrupted(signum)


@contextmanager
def handling() -> Iterator[None]:
    """Turn SIGINT/SIGTERM into `Interrupted` for the duration of a command."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    old = {s: signal.getsignal(s) for s in SIGNALS}
    _STATE.owner, _STATE.signals, _STATE.pending, _STATE.shield = os.getpid(), 0, None, 0
    _STATE.progress = None
    for s in SIGNALS:
        signal.signal(s, _handler)
    try:
        yield
    except Interrupted:
        end_children()
        raise
    finally:
        if _STATE.watchdog is not None:  # the stop finished in time (or in-process, a test)
            _STATE.watchdog.cancel()
            _STATE.watchdog = None
        for s, h in old.items():
            signal.signal(s, h)


@contextmanager
def shielded() -> Iterator[None]:
    """Hold back the first signal until the block ends (e.g. a commit of whole documents)."""
    _STATE.shield += 1
    try:
        yield
    finally:
        _STATE.shield -= 1
        if not _STATE.shield and _STATE.pending is not None:
            signum, _STATE.pending = _STATE.pending, None
            raise Interrupted(signum)


def ignore_in_worker() -> None:
    """In a worker process: ignore Ctrl-C (the parent stops the workers) and die on SIGTERM."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _child_pids(parent: int) -> list[int]:
    """Every descendant of a process (from /proc; only multiprocessing's own elsewhere)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return [p.pid for p in mp.active_children() if p.pid]
    children: dict[int, list[int]] = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with suppress(OSError, ValueError, IndexError):
            stat = (entry / "stat").read_text()
            ppid = int(stat.rsplit(")", 1)[1].split()[1])  # the name in () may hold spaces
            children.setdefault(ppid, []).append(int(entry.name))
    out, todo = [], [parent]
    while todo:
        for pid in children.get(todo.pop(), []):
            out.append(pid)
            todo.append(pid)
    return out


def end_children(grace: float = 2.0) -> None:
    """End worker processes still running: SIGTERM, then SIGKILL after `grace` seconds."""
    for p in mp.active_children():
        p.terminate()
    for p in mp.active_children():
        p.join(grace)
    for pid in _child_pids(os.getpid()):
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    mp.active_children()  # reaps the ones just killed


def set_progress(progress) -> None:
    """Tell the watchdog how to count what is stored: a callable returning (stored, total)."""
    _STATE.progress = progress


def _watchdog(signum: int) -> None:
    """The orderly stop took too long: say what is stored, end the children, exit."""
    exc = Interrupted(signum)
    if _STATE.progress is not None:
        with suppress(Exception):  # noqa: BLE001 - the last words must not fail
            exc.stored, exc.total = _STATE.progress()
    for pid in _child_pids(os.getpid()):
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    with suppress(OSError, ValueError):
        sys.stderr.write(exc.message() + "\n")
        sys.stderr.flush()
    os._exit(exc.exit_code)


def stop_now(signum: int) -> None:
    """The second signal: kill every child and exit at once (the database stays whole)."""
    for pid in _child_pids(os.getpid()):
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)
    with suppress(OSError, ValueError):
        sys.stderr.write("Interrupted again: stopped at once; whole documents written so far are kept; "
                         "run the same command again to continue.\n")
        sys.stderr.flush()
    os._exit(128 + signum)
