"""Benchmark: book a month of claim lines into a SQL store, empty and holding 1,000,000 entries.

Uses the synthetic region of ``bench_validate.py`` (10,000 clients, 300 providers, 50
products) and a month file of 20,000 one-hour lines. It books the month with
:func:`jeugdinkoop.validation.book` (validate + book in one transaction) into

(a) an empty store, and
(b) a store that already holds 1,000,000 entries (the 10,000 assignments' twelve months
    of 2024 and 880,000 entries on 80,000 other assignments from 2020–2024),

and prints the time per line of each and the ratio b/a (the goal: ≤ 1.5, i.e. no read
loads the history). On SQLite it alternates (a) and (b) ``--repeat`` times and compares
the best of each, since a shared machine's load varies between runs. SQLite by default; ``--url postgresql://…`` for PostgreSQL (the
database is emptied first). ``--quick``: 2,000 lines and 100,000 entries.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).parent))

from bench_validate import build_data, build_region

from jeugdinkoop.funding import MessageRecord
from jeugdinkoop.io import read_rows
from jeugdinkoop.stores.sql import SQLLedger
from jeugdinkoop.validation import book

TABLES = ("ledger_entries", "ledger_messages", "ledger_paid_totals", "jeugdinkoop_meta")


def _history_rows(count: int, assignments: list[Any]) -> Any:
    """``count`` entries of earlier years: 12 per benchmark assignment in 2024, the rest elsewhere."""
    n = 0
    for a in assignments:
        for month in range(1, 13):
            if n >= count:
                return
            yield _claim_row(
                n, a.reference, a.provider.value, a.municipality.value, year=2024, month=month
            )
            n += 1
    while n < count:
        yield _claim_row(
            n, f"H{n % 80_000:06d}", f"{20000000 + n % 300}", f"{9000 + n % 10:04d}",
            year=2020 + n % 5, month=n % 12 + 1,
        )  # fmt: skip
        n += 1


def _claim_row(
    n: int, assignment: str, provider: str, municipality: str, *, year: int, month: int
) -> dict[str, Any]:
    day = date(year, month, 1)
    return {
        "kind": "claim", "key": f"H{n:08d}", "provider": provider, "municipality": municipality,
        "segment": "AMB", "period_start": day, "period_end": day, "amount": 60_000_000,
        "value": 60_000_000, "assignment": assignment, "client": None, "product": "45B00",
        "quantity": 1_000_000, "unit": "04", "reverses": None, "detail": "",
    }  # fmt: skip


def fill(store: SQLLedger, count: int, assignments: list[Any]) -> None:
    """Insert ``count`` historic entries directly (one transaction, chunks of 20,000)."""
    table = sa.Table("ledger_entries", sa.MetaData(), autoload_with=store.engine)
    with store.engine.begin() as conn:
        chunk: list[dict[str, Any]] = []
        for row in _history_rows(count, assignments):
            chunk.append(row)
            if len(chunk) == 20_000:
                conn.execute(table.insert(), chunk)
                chunk = []
        if chunk:
            conn.execute(table.insert(), chunk)


def fresh(url: str | None, folder: Path, name: str) -> str:
    """An empty store location: a new SQLite file, or the PostgreSQL database emptied."""
    if url is None:
        path = folder / name
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return str(path)
    engine = sa.create_engine(SQLLedger(url).url)
    with engine.begin() as conn:
        for table in TABLES:
            conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
        for function in ("jeugdinkoop_refuse_change", "jeugdinkoop_credit_exact"):
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
    engine.dispose()
    return url


def run(
    location: str, rows: list[dict[str, str]], assignments: list[Any], region: Any, label: str
) -> float:
    """Book the month once; returns seconds per line."""
    store = SQLLedger(location)
    before = len(store)
    start = time.perf_counter()
    booking = book(
        rows, assignments, region, store, MessageRecord(sender="", kind="csv", identification=label)
    )
    elapsed = time.perf_counter() - start
    assert booking.report is not None
    print(
        f"  {label}: store held {before:,} entries; booked {booking.booked:,} of {len(rows):,} lines "
        f"in {elapsed:.2f} s = {elapsed / len(rows) * 1e6:.0f} µs a line"
    )
    store.close()
    return elapsed / len(rows)


def main(argv: list[str] | None = None) -> int:
    """Run (a) and (b) and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="2,000 lines, 100,000 entries")
    parser.add_argument("--url", help="a PostgreSQL URL (emptied!) instead of a SQLite file")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="SQLite: alternate (a) and (b) this many times; PostgreSQL: repeat (a)",
    )
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "jeugdinkoop-bench"
    )
    args = parser.parse_args(argv)
    lines, history = (2_000, 100_000) if args.quick else (args.lines, args.history)
    args.data.mkdir(parents=True, exist_ok=True)
    region = build_region()
    assignments, path = build_data(lines, args.data)
    rows = [row for _, row in read_rows(path)]
    print(f"{'PostgreSQL' if args.url else 'SQLite'}: {lines:,} lines, history {history:,} entries")

    if args.url is None:
        template = args.data / f"store-history-{history}.db"
        if not template.exists():
            started = time.perf_counter()
            building = SQLLedger(fresh(None, args.data, template.name + ".tmp"))
            fill(building, history, assignments)
            building.close()
            Path(str(template) + ".tmp").replace(template)
            print(
                f"  (filled {history:,} entries in {time.perf_counter() - started:.0f} s, kept in {template})"
            )
        # the machine may be shared: alternate (a) and (b) and compare the best of each
        empties, fulls = [], []
        for _ in range(args.repeat):
            location = fresh(None, args.data, "store-empty.db")
            empties.append(run(location, rows, assignments, region, "(a) empty"))
            location = fresh(None, args.data, "store-full.db")
            shutil.copyfile(template, location)
            fulls.append(run(location, rows, assignments, region, "(b) full "))
        empty, full = min(empties), min(fulls)
        print(f"best: (a) {empty * 1e6:.0f} µs, (b) {full * 1e6:.0f} µs a line")
    else:
        # (b) cannot be repeated without refilling: repeat (a), whose first run is cold
        empty = min(
            run(fresh(args.url, args.data, ""), rows, assignments, region, "(a) empty")
            for _ in range(args.repeat)
        )
        location = fresh(args.url, args.data, "")
        started = time.perf_counter()
        store = SQLLedger(location)
        fill(store, history, assignments)
        with store.engine.begin() as conn:
            conn.exec_driver_sql("ANALYZE")
        store.close()
        print(f"  (filled {history:,} entries in {time.perf_counter() - started:.0f} s)")
        full = run(location, rows, assignments, region, "(b) full ")
    print(f"b/a = {full / empty:.2f}  (goal ≤ 1.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
