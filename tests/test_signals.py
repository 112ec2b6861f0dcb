"""Ctrl-C and SIGTERM during a real `claimtrack ingest`: stops soon, whole documents, resumable.

The signals go to the ingest's process group, as a terminal sends Ctrl-C, or to the
main process alone; the ingest runs in its own session so pytest is never signalled.
"""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SIGNAL_CORPUS_SIZE, cli_claims

psutil = pytest.importorskip("psutil")

CLI = [sys.executable, "-m", "claimtrack"]
LINE = re.compile(r"Interrupted: ([\d,]+) of ([\d,]+) files stored; run the same command again to continue\.")
STOP_WITHIN = 10.0  # seconds; "a few" on a 2-core machine shared with other work


def _start(corpus: Path, db: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*CLI, "ingest", str(corpus), "--db", str(db), "--jobs", "2", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _stored(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return conn.execute("select count(*) from documents").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:  # not created yet, or the schema is being written
        return 0


def _wait_until_storing(proc: subprocess.Popen, db: Path, at_least: int = 1) -> list:
    """Wait until the ingest has stored documents, so the signal lands in the middle; its processes."""
    deadline = time.monotonic() + 240
    while _stored(db) < at_least:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the ingest stored nothing in 4 minutes"
        time.sleep(0.1)
    children = psutil.Process(proc.pid).children(recursive=True)
    assert children, "the ingest should be running worker processes"
    return children


def _stop(proc: subprocess.Popen, signum: int, *, group: bool = True) -> tuple[int, str, float]:
    started = time.monotonic()
    (os.killpg if group else os.kill)(proc.pid, signum)
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the ingest did not stop within 60 s of {signal.Signals(signum).name}")
    return proc.returncode, err, time.monotonic() - started


def _alive(processes: list) -> list:
    time.sleep(0.5)  # let the kernel finish the exits
    out = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def _whole_documents(db: Path) -> int:
    """Integrity check passes and every stored document has all its sentences and claims."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        rows = conn.execute(
            "select d.n_sentences, d.n_claims, (select count(*) from sentences s where s.doc_id = d.id),"
            " (select count(*) from claims c where c.doc_id = d.id) from documents d").fetchall()
        assert all((a, b) == (c, d) for a, b, c, d in rows)
        return len(rows)
    finally:
        conn.close()


def _assert_clean_stop(code: int, err: str, took: float, signum: int, db: Path, children: list) -> int:
    assert code == 128 + signum, err
    assert took < STOP_WITHIN, f"took {took:.1f} s"
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    match = LINE.fullmatch(lines[0])
    assert match, lines[0]
    stored, total = (int(g.replace(",", "")) for g in match.groups())
    assert total == SIGNAL_CORPUS_SIZE
    assert stored == _whole_documents(db)  # the line tells the truth: one document per file here
    assert 0 < stored < total
    assert _alive(children) == []
    return stored


def _assert_resume_equals_clean(corpus: Path, db: Path, clean_claims: list[dict]) -> None:
    """The same command again completes the store: the claims of an uninterrupted ingest."""
    again = subprocess.run([*CLI, "ingest", str(corpus), "--db", str(db), "--jobs", "2"],
                           capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    assert _whole_documents(db) == SIGNAL_CORPUS_SIZE
    assert cli_claims(db) == clean_claims


@pytest.mark.parametrize("signum, resume", [(signal.SIGINT, True), (signal.SIGTERM, False)],
                         ids=["ctrl-c-then-resume", "sigterm"])
def test_signals_process_group_signal_stops_local_ingest_and_resume_equals_clean(
        tmp_path, signal_corpus, signal_clean_claims, signum, resume):
    db = tmp_path / "i.db"
    proc = _start(signal_corpus, db)
    children = _wait_until_storing(proc, db)
    code, err, took = _stop(proc, signum)
    _assert_clean_stop(code, err, took, signum, db, children)
    if resume:  # the same path after either signal; once is enough for the test time
        _assert_resume_equals_clean(signal_corpus, db, signal_clean_claims)


@pytest.mark.parametrize("signum", [signal.SIGINT], ids=["ctrl-c"])
def test_signals_signal_to_the_main_process_alone_stops_it(tmp_path, signal_corpus, signum):
    db = tmp_path / "m.db"
    proc = _start(signal_corpus, db)
    children = _wait_until_storing(proc, db)
    code, err, took = _stop(proc, signum, group=False)
    _assert_clean_stop(code, err, took, signum, db, children)


@pytest.mark.parametrize("signum", [signal.SIGINT], ids=["ctrl-c"])
def test_signals_dask_local_cluster_ingest_stops_on_ctrl_c(tmp_path, signal_corpus, signum):
    pytest.importorskip("dask.distributed", reason="the dask extra is not installed")
    db = tmp_path / "d.db"
    proc = _start(signal_corpus, db, "--engine", "dask")
    children = _wait_until_storing(proc, db)  # the nannies' worker processes among them
    code, err, took = _stop(proc, signum)
    _assert_clean_stop(code, err, took, signum, db, children)


def test_signals_second_ctrl_c_ends_at_once(tmp_path, signal_corpus):
    db = tmp_path / "twice.db"
    proc = _start(signal_corpus, db)
    children = _wait_until_storing(proc, db)
    os.killpg(proc.pid, signal.SIGINT)
    code, err, took = _stop(proc, signal.SIGINT)
    assert code == 130 and took < STOP_WITHIN and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err  # the first line, or the "again" one
    assert 0 < _whole_documents(db) <= SIGNAL_CORPUS_SIZE
    assert _alive(children) == []


HELD_COMMIT = """
import os, signal, sys, time
from claimtrack.interrupt import handling, shielded
with handling():
    with shielded():  # stands for a commit that takes long
        print("ready", flush=True)
        time.sleep(30)
"""


def test_signals_second_signal_does_not_wait_for_a_held_back_commit(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", HELD_COMMIT], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    assert proc.stdout.readline().strip() == "ready"
    os.killpg(proc.pid, signal.SIGINT)
    time.sleep(0.5)
    assert proc.poll() is None  # the first signal waits for the commit to end
    code, err, took = _stop(proc, signal.SIGINT)
    assert code == 130 and took < 5
    assert err.strip() == ("Interrupted again: stopped at once; whole documents written so far are kept; "
                           "run the same command again to continue.")


def test_signals_ctrl_c_typed_in_a_terminal_stops_the_ingest_and_its_progress_bar(tmp_path, signal_corpus):
    """A real pseudo-terminal: its line discipline turns ^C into SIGINT for the foreground group."""
    import pty
    import select

    db = tmp_path / "tty.db"
    pid, fd = pty.fork()
    if pid == 0:  # the child becomes the ingest, on the terminal, as a user runs it
        os.execv(sys.executable, [*CLI, "ingest", str(signal_corpus), "--db", str(db), "--jobs", "2"])
    screen = b""

    def read_for(seconds: float) -> None:
        nonlocal screen
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.1)[0]:
                try:
                    screen += os.read(fd, 65536)
                except OSError:  # the terminal closed: the process is gone
                    return

    deadline = time.monotonic() + 240
    while _stored(db) == 0 and time.monotonic() < deadline:
        read_for(0.2)
    os.write(fd, b"\x03")
    started = time.monotonic()
    read_for(STOP_WITHIN)  # returns early when the terminal closes, as the process exits
    finished, status = os.waitpid(pid, os.WNOHANG)
    while not finished and time.monotonic() < started + STOP_WITHIN:
        time.sleep(0.05)  # the terminal closes a moment before the process becomes reapable
        finished, status = os.waitpid(pid, os.WNOHANG)
    if not finished:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        pytest.fail(f"the ingest did not stop on ^C; the terminal showed: {screen[-400:]!r}")
    os.close(fd)
    text = screen.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 130
    assert time.monotonic() - started < STOP_WITHIN + 1
    assert "Traceback" not in text
    last = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text).replace("\r", "\n").strip().splitlines()[-1]
    match = LINE.fullmatch(last.strip())
    assert match, last
    assert int(match.group(1).replace(",", "")) == _whole_documents(db)


def _signal_self_then(signum: int, original):
    """Wrap a library function so the process receives a real signal in the middle of it."""
    def wrapped(*args, **kwargs):
        os.kill(os.getpid(), signum)
        return original(*args, **kwargs)
    return wrapped


@pytest.mark.parametrize("command, patched, signum", [
    (["export", "contradictions"], "claimtrack.output.write_csv", signal.SIGTERM),
    (["export", "claims"], "claimtrack.output.write_csv", signal.SIGINT),
    (["report"], "claimtrack.report.render_report", signal.SIGINT),
], ids=["export-contradictions-sigterm", "export-claims-ctrl-c", "report-ctrl-c"])
def test_signals_interrupted_export_or_report_leaves_no_file(tmp_path, seeds_db, run_cli, monkeypatch,
                                                             command, patched, signum):
    import importlib

    module, name = patched.rsplit(".", 1)
    mod = importlib.import_module(module)
    monkeypatch.setattr(mod, name, _signal_self_then(signum, getattr(mod, name)))
    out = tmp_path / "out.file"
    result = run_cli(*command, "-o", out, "--db", seeds_db)
    assert result.exit_code == 128 + signum
    assert result.stderr.strip() == "Interrupted: nothing was written; run the same command again."
    assert list(tmp_path.iterdir()) == []  # neither the file nor its .part
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handlers restored
