"""A separate process that books a synthetic month into a store (the kill and race tests).

``python child_book.py LOCATION --lines N [--offset K] [--pause S] [--message ID]``

The world: the example region, ``--assignments`` assignments of provider 22222222 on
product 45A01 for 2025 (40 hours a month each, or 40 hours in all with ``--total``), and
N one-hour lines spread over them. Each line claims one whole month (iJw TR387/TR388) and
no two lines share an assignment and month (TR389, one debit per assignment, period and
product): line n claims assignment n mod A in month ``--month`` + (n - offset) div A, so
the lines fill the first month of every assignment, then the next month. It books
them with :func:`jeugdinkoop.validation.book` and prints one JSON line with what it did.
With ``--hold`` it validates in the batch and waits before committing (the race test).
With ``--pause`` it writes its entries into the open transaction, prints ``written``,
and waits before committing (the moment the kill test kills it).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from calendar import monthrange
from datetime import date
from decimal import Decimal

from jeugdinkoop.codes import Frequency, ProductCategory, Unit
from jeugdinkoop.funding import MessageRecord
from jeugdinkoop.identifiers import is_valid_bsn
from jeugdinkoop.io import load_embedded_region, load_example_region
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.stores import open_ledger
from jeugdinkoop.validation import book, validate


def world(
    assignments: int, lines: int, offset: int, hours: int, *, month: int = 0, total: bool = False
) -> tuple[list[Assignment], list[Claim]]:
    """``assignments`` assignments and ``lines`` whole-month claims of ``hours`` hours each.

    References run from ``offset``; line ``n`` claims assignment ``n % assignments`` in
    month ``month + (n - offset) // assignments`` of 2025 (``month`` 0 is January).
    """
    months = month + (lines + assignments - 1) // assignments
    if months > 12:
        raise SystemExit(f"{lines} lines on {assignments} assignments need {months} months of 2025")
    bsns: list[str] = []
    candidate = 100_000_000
    while len(bsns) < assignments:
        candidate += 1
        if is_valid_bsn(str(candidate)):
            bsns.append(str(candidate))
    frequency = Frequency.TOTAL if total else Frequency.PER_MONTH
    made = [
        Assignment(
            reference=f"T{i:05d}",
            client=bsn,
            municipality="0001",
            provider="22222222",
            category=ProductCategory.AMBULANT,
            period=Period.year(2025),
            product="45A01",
            volume=Volume(quantity=40, unit=Unit.HOUR, frequency=frequency),
        )
        for i, bsn in enumerate(bsns)
    ]
    claims = []
    for n in range(offset, offset + lines):
        a = made[n % assignments]
        number = month + (n - offset) // assignments + 1
        claims.append(
            Claim(
                reference=f"R{n:07d}",
                assignment=a.reference,
                provider=a.provider,
                client=a.client,
                municipality=a.municipality,
                product="45A01",
                start=date(2025, number, 1),
                end=date(2025, number, monthrange(2025, number)[1]),
                quantity=Decimal(hours),
                unit=Unit.HOUR,
                amount=f"{78 * hours}.00",
            )
        )
    return made, claims


def budget_world(month: int) -> tuple[list[Assignment], list[Claim]]:
    """IJsselland's personal budget: T-1 has € 5,000.00 for March–April at € 80.00 an hour.

    One claim of 40 hours (€ 3,200.00) for the whole of March (``month`` 0) or April
    (``month`` 1).
    """
    assignment = Assignment(
        reference="T-1",
        client="100000253",
        municipality="0193",
        provider="99100001",
        category=ProductCategory.AMBULANT,
        period=Period(date(2025, 3, 1), date(2025, 4, 30)),
        product="45I01",
        budget=Money("5000.00"),
    )
    start = date(2025, 3 + month, 1)
    claim = Claim(
        reference=f"B-{month}",
        assignment="T-1",
        provider="99100001",
        client="100000253",
        municipality="0193",
        product="45I01",
        start=start,
        end=date(2025, 3 + month, monthrange(2025, 3 + month)[1]),
        quantity=40,
        unit=Unit.HOUR,
        amount="3200.00",
    )
    return [assignment], [claim]


def main() -> int:
    """Book (or, with --pause, book and wait before committing) and print the outcome."""
    parser = argparse.ArgumentParser()
    parser.add_argument("location")
    parser.add_argument("--lines", type=int, default=1000)
    parser.add_argument("--assignments", type=int, default=300)
    parser.add_argument("--month", type=int, default=0, help="the first month, 0 = January")
    parser.add_argument("--total", action="store_true", help="40 hours in all, not a month")
    parser.add_argument("--offset", type=int, default=0)
    parser.add_argument("--hours", type=int, default=1)
    parser.add_argument("--pause", type=float, default=0.0)
    parser.add_argument("--hold", type=float, default=0.0)
    parser.add_argument("--message", default="M-1")
    parser.add_argument("--budget", action="store_true", help="the personal-budget world")
    args = parser.parse_args()
    if args.budget:
        region = load_embedded_region("ijsselland")
        assignments, claims = budget_world(args.offset)
    else:
        region = load_example_region()
        assignments, claims = world(
            args.assignments,
            args.lines,
            args.offset,
            args.hours,
            month=args.month,
            total=args.total,
        )
    store = open_ledger(args.location)
    message = MessageRecord(sender="22222222", kind="JW323", identification=args.message)
    if args.pause:
        with store.batch() as batch:
            report = validate(claims, assignments, region, ledger=batch)
            batch.commit()  # the entries are in the transaction, not yet committed
            print("written", len(report.entries), flush=True)
            time.sleep(args.pause)
        print(json.dumps({"accepted": len(report.accepted)}), flush=True)
        return 0
    if args.hold:
        # validate inside the batch, then hold the transaction open before committing
        with store.batch() as batch:
            report = validate(claims, assignments, region, ledger=batch)
            print("validated", flush=True)
            time.sleep(args.hold)
        codes = sorted({f.code for r in report.rejected for f in r.findings})
        print(json.dumps({"booked": len(report.entries), "rejected": codes}), flush=True)
        return 0
    started = time.perf_counter()
    booking = book(claims, assignments, region, store, message)
    booked = booking.report
    print(
        json.dumps(
            {
                "resubmitted": booking.resubmitted,
                "booked": booking.booked,
                "rejected": sorted({f.code for r in booked.rejected for f in r.findings})
                if booked
                else [],
                "seconds": time.perf_counter() - started,
            }
        ),
        flush=True,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
