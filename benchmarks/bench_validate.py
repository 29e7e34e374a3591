"""Benchmark: load + validate + price + ledger of claim lines, against merely reading the CSV.

Builds a synthetic region (10,000 clients, 300 providers, 50 products, 10 municipalities)
and a claims CSV (1,000,000 lines by default), then measures in one run:

(a) reading the rows with the stdlib ``csv`` module (the baseline), and
(b) ``jeugdinkoop``: reading the rows, validating every line (parse, assignment match,
    periods, contract, tariff, volume per month), pricing it and booking it in the ledger;
(c) ``validate_table`` (the columnar path, needs the ``[fast]`` extra) on the same file,
    and on a copy in which 1 % of the lines have a defect (a wrong amount, too many
    hours, a second line for a month, a start that is not the 1st).

It prints the times, each as a ratio to (a), and the peak RSS of the columnar runs
(measured before the object path runs). (a), (c) and (d) are run ``--repeat`` times
(3) and the best time kept, as the reference machine is shared. The two paths' totals must agree. Run
``python benchmarks/bench_validate.py --quick`` for 100,000 lines.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import random
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
from jeugdinkoop.validation import validate, validate_table

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
                Tariff(product=p.code, rate=Money("60.00") + Money(i), unit=Unit.HOUR, period=year)
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


def defective_copy(path: Path, share: float = 0.01, seed: int = 1) -> Path:
    """A copy of the claims file with ``share`` of its lines given a defect, seeded."""
    target = path.with_name(path.stem + f"-defective-{share:g}.csv")
    if target.exists():
        return target
    rng = random.Random(seed)
    with (
        path.open(encoding="utf-8", newline="") as source,
        target.open("w", encoding="utf-8", newline="") as handle,
    ):
        reader, writer = csv.reader(source, delimiter=";"), csv.writer(handle, delimiter=";")
        writer.writerow(next(reader))
        for row in reader:
            if rng.random() < share:
                kind = rng.randrange(4)
                if kind == 0:  # a cent too much (JI-503)
                    row[10] = row[10].replace(",00", ",01")
                elif kind == 1:  # more than the 40 hours a month (JI-404)
                    row[8] = "41"
                elif kind == 2:  # a second line for the month (JI-602)
                    writer.writerow(row)
                    row[0] += "B"
                else:  # not from the 1st (JI-305)
                    row[6] = row[6][:8] + "02"
            writer.writerow(row)
    return target


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


def columnar(
    path: Path, assignments: list[Assignment], region: Region
) -> tuple[float, int, int, Money]:
    """(c): read, prove clean, send the rest through validate(), book every line."""
    start = time.perf_counter()
    report = validate_table(path, assignments, region)
    elapsed = time.perf_counter() - start
    accepted = int(report.frame["accepted"].sum())
    return elapsed, accepted, report.clean, report.total_accepted


def peak_rss_mb() -> float:
    """The process's peak resident set size so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (a), (b) and b/a."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--quick", action="store_true", help="100,000 lines")
    parser.add_argument(
        "--profile", action="store_true", help="print the 25 most expensive functions of (b)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of (a), (c) and (d); the best is kept"
    )
    parser.add_argument(
        "--object-only",
        action="store_true",
        help="run only (b), the object path, and print its peak RSS (a fresh process)",
    )
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "jeugdinkoop-bench"
    )
    args = parser.parse_args(argv)
    lines = 100_000 if args.quick else args.lines
    args.data.mkdir(parents=True, exist_ok=True)
    region = build_region()
    assignments, path = build_data(lines, args.data)
    if args.object_only:
        before = peak_rss_mb()
        b, accepted, total = library(path, assignments, region)
        print(f"lines: {lines:,}; accepted: {accepted:,}; total {total.format('en_GB')}")
        print(f"(b) load + validate + price + book: {b:8.2f} s")
        print(f"peak RSS MB: {peak_rss_mb():.0f} (object path only; {before:.0f} before it)")
        return 0
    defective = defective_copy(path)
    # the machine is shared: each fast run is repeated and its best time kept, (a)
    # measured next to (c) and (d), so that a burst of load does not make the ratio
    a = a1 = c = d = float("inf")
    for _ in range(args.repeat):
        a = min(a, baseline(path)[0])
        c_time, c_accepted, c_clean, c_total = columnar(path, assignments, region)
        c = min(c, c_time)
        a1 = min(a1, baseline(defective)[0])
        d_time, d_accepted, d_clean, _ = columnar(defective, assignments, region)
        d = min(d, d_time)
    count, count1 = baseline(path)[1], baseline(defective)[1]
    rss = peak_rss_mb()
    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
    b, accepted, total = library(path, assignments, region)
    if args.profile:
        profile.disable()
        pstats.Stats(profile, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    if (c_accepted, c_total) != (accepted, total):
        print(f"MISMATCH: columnar accepted {c_accepted:,} ({c_total}), object {accepted:,}")
        return 1
    print(f"lines: {count:,}; accepted: {accepted:,}; total {total.format('en_GB')}")
    print(f"(a) csv.reader only:               {a:8.2f} s")
    print(f"(b) load + validate + price + book: {b:8.2f} s  ({b / count * 1e6:.1f} µs per line)")
    print(f"(c) validate_table, clean data:     {c:8.2f} s  ({c_clean:,} lines proven clean)")
    print(
        f"(d) validate_table, 1 % defective:  {d:8.2f} s  ({count1:,} lines, "
        f"{d_clean:,} proven clean, {count1 - d_clean:,} by the object path, "
        f"{d_accepted:,} accepted)"
    )
    print(f"b/a = {b / a:.1f}")
    print(f"ratio object/csv: {b / a:.1f}")
    print(f"ratio columnar/csv: {c / a:.1f}")
    print(f"ratio columnar-1%/csv: {d / a1:.1f}")
    print(f"peak RSS MB: {rss:.0f} (after the columnar runs, before the object path)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
