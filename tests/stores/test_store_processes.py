"""Real processes against one store: killed mid-batch, racing for one assignment, resubmitting.

The child (child_book.py) books one-hour lines, each a whole month, on assignments of
40 hours a month: one line per assignment and month (iJw TR389).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from jeugdinkoop.stores.sql import SQLLedger

CHILD = Path(__file__).with_name("child_book.py")


def _start(location: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(CHILD), location, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(process: subprocess.Popen[str], timeout: float = 240) -> dict[str, Any]:
    out, err = process.communicate(timeout=timeout)
    assert process.returncode == 0, err
    last: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return last


def _consistent(location: str) -> tuple[int, int]:
    """(entries, messages) of the store, after checking the database's own integrity."""
    store = SQLLedger(location)
    try:
        if store.dialect == "sqlite":
            with store.engine.connect() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        return len(store), len(store.messages)
    finally:
        store.close()


@pytest.mark.slow
def test_a_batch_killed_before_commit_leaves_nothing_and_a_rerun_books_once(location: str) -> None:
    """3,000 lines are written into the transaction; SIGKILL before it commits.

    The store then holds 0 entries and 0 messages; the rerun books 3,000; a third run
    books nothing (the message M-1 is registered).
    """
    _consistent(location)  # create the schema first, so the child only books
    child = _start(location, "--lines", "3000", "--pause", "60")
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("written 3000"), line
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert _consistent(location) == (0, 0)
    rerun = _result(_start(location, "--lines", "3000"))
    assert rerun["booked"] == 3000
    assert not rerun["resubmitted"]
    again = _result(_start(location, "--lines", "3000"))
    assert again == {**again, "booked": 0, "resubmitted": True}
    assert _consistent(location) == (3000, 1)


@pytest.mark.slow
def test_a_batch_killed_at_any_moment_is_all_or_nothing(location: str) -> None:
    """SIGKILL 0.2 … 2 s into booking 2,500 lines: 0 or 2,500 entries, never between."""
    _consistent(location)
    for delay in (0.2, 1.0, 2.0):
        child = _start(location, "--lines", "2500", "--message", f"M-{delay}")
        time.sleep(delay)
        child.kill()
        child.communicate(timeout=30)
        entries, messages = _consistent(location)
        assert (entries, messages) in ((0, 0), (2500, 1))
        if entries:
            break
    rerun = _result(_start(location, "--lines", "2500", "--message", "M-rerun"))
    entries, messages = _consistent(location)
    assert entries == 2500
    # the rerun books all 2,500 when every killed run booked nothing (1 message now),
    # and nothing when one of them had committed (its message and the rerun's: 2)
    assert rerun["booked"] == (2500 if messages == 1 else 0)


@pytest.mark.slow
def test_two_processes_never_accept_more_volume_than_assigned(location: str) -> None:
    """Two processes each claim 30 h on the same 20 assignments (40 h in all) at once.

    The first claims January, the second February (one debit per assignment and month,
    TR389, so the volume is 40 hours for the whole year, not per month). Each holds its
    transaction open for 1.5 s after validating. 30 + 30 = 60 > 40, so only one may
    book: one process books its 20 lines, the other refuses all 20 (JI-405). Without
    the write lock both would read an empty store and book 40 lines.
    """
    _consistent(location)
    common = ["--assignments", "20", "--lines", "20", "--hours", "30", "--total", "--hold", "1.5"]
    first = _start(location, *common, "--offset", "0", "--month", "0", "--message", "A")
    second = _start(location, *common, "--offset", "20", "--month", "1", "--message", "B")
    results = sorted((_result(first), _result(second)), key=lambda r: -int(r["booked"]))
    assert results[0] == {"booked": 20, "rejected": []}
    assert results[1] == {"booked": 0, "rejected": ["JI-405"]}
    assert _consistent(location) == (20, 0)


@pytest.mark.slow
def test_the_same_message_twice_at_once_books_once(location: str) -> None:
    """Two processes submit message M-1 (500 lines) together: one books 500, one nothing."""
    _consistent(location)
    first = _start(location, "--lines", "500")
    second = _start(location, "--lines", "500")
    results = sorted((_result(first), _result(second)), key=lambda r: -int(r["booked"]))
    assert (results[0]["booked"], results[0]["resubmitted"]) == (500, False)
    assert (results[1]["booked"], results[1]["resubmitted"]) == (0, True)
    assert _consistent(location) == (500, 1)


@pytest.mark.slow
def test_two_processes_never_draw_more_budget_than_assigned(location: str) -> None:
    """A personal budget of € 5,000.00; two processes each claim 40 h = € 3,200.00 at once.

    3,200 + 3,200 = 6,400 > 5,000: one books its line, the other is refused (JI-406),
    each holding its transaction open 1.5 s after validating.
    """
    _consistent(location)
    first = _start(location, "--budget", "--offset", "0", "--hold", "1.5", "--message", "A")
    second = _start(location, "--budget", "--offset", "1", "--hold", "1.5", "--message", "B")
    results = sorted((_result(first), _result(second)), key=lambda r: -int(r["booked"]))
    assert results == [{"booked": 1, "rejected": []}, {"booked": 0, "rejected": ["JI-406"]}]
    assert _consistent(location) == (1, 0)
