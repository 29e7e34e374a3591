"""Benchmark: load + validate + price + ledger of claim lines, against merely reading the CSV.

Builds a synthetic region (10,000 clients, 300 providers, 50 products, 10 municipalities)
and a claims CSV (1,000,000 lines by default), then measures in one run:

(a) reading the rows with the stdlib ``csv`` module (the baseline), and
(b) ``jeugdinkoop``: reading the rows, validating every line (parse, assignment match,
    periods, contract, tariff, volume per month), pricing it and booking it in the ledger.

It prints both times, the ratio b/a and the peak resident memory (``peak RSS MB``). Run ``python benchmarks/bench_validate.py --quick``
for 100,000 lines.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

from jeugdinkoop.codes import Domain, Frequency, ProductCategory, Unit
from jeugdinkoop.funding import EffortBased
from jeugdinkoop.identifiers import is_valid_bsn
from jeugdinkoop.io import read_rows
from jeugdinkoop.model import (
    Assignment,
    Contract,
    Municipality,
    Procedure,
    Product,
    ProductCatalog,
    Provider,
    Region,
    Segment,
    Tariff,
    TariffTable,
    Volume,
)
from jeugdinkoop.model.records import CLAIM_FIELDS
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import validate

CLIENTS = 10_000
PROVIDERS = 300
PRODUCTS = 50
MUNICIPALITIES = 10
YEAR = 2025


def _bsns(n: int) -> list[str]:
    result, candidate = [], 100_000_000
    while len(result) < n:
        candidate += 1
        if is_valid_bsn(str(candidate)):
            result.append(str(candidate))
    return result


def build_region() -> Region:
    """The synthetic region: one PxQ segment, 50 hourly products, every provider contracted."""
    year = Period.year(YEAR)
    products = [
        Product(
            code=f"45B{i:02d}",
            category=ProductCategory.AMBULANT,
            name=f"Product {i}",
            unit=Unit.HOUR,
            segment="AMB",
        )
        for i in range(PRODUCTS)
    ]
    return Region(
        code="bench",
        name="Benchmark region",
        municipalities=[
            Municipality(code=f"{9000 + i:04d}", name=f"Gemeente {i}")
            for i in range(MUNICIPALITIES)
        ],
        segments=[Segment(code="AMB", name="Ambulant", domain=Domain.JEUGD, funding=EffortBased())],
        catalog=ProductCatalog(products),
        tariffs=TariffTable(
            [
                Tariff(product=p.code, rate=Money("60.00") + Money(i), unit=Unit.HOUR, valid=year)
                for i, p in enumerate(products)
            ]
        ),
        providers=[
            Provider(agb=f"{20000000 + i}", name=f"Aanbieder {i}") for i in range(PROVIDERS)
        ],
        contracts=[
            Contract(
                reference=f"C{i}",
                provider=f"{20000000 + i}",
                procedure=Procedure.OPEN_HOUSE,
                period=year,
                municipalities=[f"{9000 + m:04d}" for m in range(MUNICIPALITIES)],
                segments=["AMB"],
            )
            for i in range(PROVIDERS)
        ],
    )


def build_data(lines: int, folder: Path) -> tuple[list[Assignment], Path]:
    """Assignments and a claims CSV of ``lines`` one-hour lines, seeded.

    iJw allows one standing debit per assignment and month, for the whole month (TR387,
    TR388, TR389), so there are enough assignments (several per client) for every line
    to be a different assignment-month: at most twelve lines per assignment.
    """
    bsns = _bsns(CLIENTS)
    assignments = []
    for i in range(max(CLIENTS, -(-lines // 12))):
        bsn = bsns[i % CLIENTS]
        product = i % PRODUCTS
        assignments.append(
            Assignment(
                reference=f"T{i:06d}",
                client=bsn,
                municipality=f"{9000 + i % MUNICIPALITIES:04d}",
                provider=f"{20000000 + i % PROVIDERS}",
                category=ProductCategory.AMBULANT,
                period=Period.year(YEAR),
                product=f"45B{product:02d}",
                volume=Volume(40, Unit.HOUR, Frequency.PER_MONTH),
            )
        )
    path = folder / f"claims-v3-{lines}.csv"
    if not path.exists():
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, delimiter=";")
            writer.writerow(CLAIM_FIELDS)
            for n in range(lines):
                a = assignments[n % len(assignments)]
                # round r of the assignments is month r + 1: each line a whole month, and
                # no assignment-month twice (a second debit would rightly be refused)
                month = (n // len(assignments)) % 12 + 1
                period = Period.month(YEAR, month)
                rate = 60 + int(a.product.value[3:]) if a.product else 60
                writer.writerow(
                    [
                        f"R{n:07d}",
                        a.reference,
                        a.provider.value,
                        a.client.reveal(),
                        a.municipality.value,
                        a.product.value if a.product else "",
                        period.start.isoformat(),
                        str(period.end),
                        "1",
                        "04",
                        f"{rate},00",
                        "D",
                        "",
                        "",
                        "",
                        "",
                    ]
                )
    return assignments, path


def baseline(path: Path) -> tuple[float, int]:
    """(a): read every row with the stdlib csv module."""
    start = time.perf_counter()
    with path.open(encoding="utf-8", newline="") as handle:
        count = sum(1 for _ in csv.reader(handle, delimiter=";")) - 1
    return time.perf_counter() - start, count


def library(path: Path, assignments: list[Assignment], region: Region) -> tuple[float, int, Money]:
    """(b): read, validate, price and book every line."""
    start = time.perf_counter()
    report = validate((row for _, row in read_rows(path)), assignments, region)
    elapsed = time.perf_counter() - start
    return elapsed, len(report.accepted), report.total_accepted


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (``ru_maxrss`` is KiB on Linux)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024 / (1024 if sys.platform == "darwin" else 1)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (a), (b) and b/a."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 lines")
    parser.add_argument(
        "--profile", action="store_true", help="print the 25 most expensive functions of (b)"
    )
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "jeugdinkoop-bench"
    )
    args = parser.parse_args(argv)
    lines = 100_000 if args.quick else args.lines
    args.data.mkdir(parents=True, exist_ok=True)
    region = build_region()
    assignments, path = build_data(lines, args.data)
    a, count = baseline(path)
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
    b, accepted, total = library(path, assignments, region)
    if args.profile:
        profile.disable()
        pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    print(f"lines: {count:,}; accepted: {accepted:,}; total {total.format('en_GB')}")
    print(f"(a) csv.reader only:               {a:8.2f} s")
    print(f"(b) load + validate + price + book: {b:8.2f} s  ({b / count * 1e6:.1f} µs per line)")
    print(f"b/a = {b / a:.1f}")
    print(f"peak RSS MB: {peak_rss_mb():.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
