"""Time scenarios in expected-value mode: 10 years × N regions × 4 funding variants.

Regions are the embedded ones that load; while only the example region exists, it is
used five times. Every region gets demand for each municipality × top-level segment.
The four variants are: the region's own models; every segment PxQ; every segment
output-based; and the region's models with indexation of 3 % a year.

The baseline is measured in the same run: the same number of demand lines priced as
client-months × units × rate × factor with plain ``Decimal`` loops (no funding models,
no objects), so the ratio says what the library's structure costs over bare arithmetic.

Both wall-clock and CPU seconds are timed (best of ``--repeat``); on a shared machine
the CPU ratio is the steadier one.

Run: ``python benchmarks/bench_scenarios.py [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from jeugdinkoop.funding import Arrangement, ArrangementMatrix, EffortBased, OutputBased
from jeugdinkoop.io import EMBEDDED_REGIONS, load_embedded_region, load_example_region
from jeugdinkoop.model import Region
from jeugdinkoop.scenarios import DemandAssumption, Scenario, expand, priced_product

YEARS = 10
FIRST_YEAR = 2026
CENT = Decimal("0.01")


def regions() -> list[Region]:
    loaded = []
    for code in EMBEDDED_REGIONS:
        try:
            loaded.append(load_embedded_region(code))
        except Exception:  # regions still being written do not count
            continue
    if len(loaded) < 5:
        loaded = [load_example_region()] * 5
    return loaded


def scenarios(region: Region, tag: str) -> list[Scenario]:
    priced = {
        s.code: priced_product(region, s.code, date(FIRST_YEAR, 1, 1)) for s in region.segments
    }
    segments = [code for code, (product, _) in priced.items() if product is not None]
    assumptions = [
        DemandAssumption(
            m.code,
            code,
            clients_start=40 + 10 * i,
            inflow=15 + i,
            outflow=12,
            units_per_client_month=2,
            growth_pct="1.5",
            product=priced[code][0],
            tier=priced[code][1],
        )
        for i, m in enumerate(region.municipalities)
        for code in segments
    ]
    demand = expand(assumptions, FIRST_YEAR, FIRST_YEAR + YEARS - 1)
    base = Scenario(f"{tag} eigen", region, demand)
    matrix = ArrangementMatrix([Arrangement("1", "A", "1500.00")])
    return [
        base,
        base.with_funding(f"{tag} PxQ", dict.fromkeys(segments, EffortBased())),
        base.with_funding(f"{tag} output", dict.fromkeys(segments, OutputBased(matrix))),
        Scenario(
            f"{tag} index",
            region,
            demand,
            indexation=dict.fromkeys(range(FIRST_YEAR + 1, FIRST_YEAR + YEARS), 3),
        ),
    ]


def plain_decimal(count: int) -> Decimal:
    """The same arithmetic without the library: client-months × units × rate × factor."""
    total = Decimal(0)
    rate = Decimal("81.83")
    for i in range(count):
        start, inflow, outflow = Decimal(40 + i % 7), Decimal(15), Decimal(12)
        client_months = (start + (inflow - outflow) / 2) * 12
        factor = Decimal("1.03") ** (i % YEARS)
        total += (rate * client_months * 2 * factor).quantize(CENT, rounding=ROUND_HALF_UP)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    all_scenarios = [s for i, r in enumerate(regions()) for s in scenarios(r, f"{r.code}#{i}")]
    build = time.perf_counter() - started
    lines = sum(len(s.demand) for s in all_scenarios)
    best_run = best_base = cpu_run = cpu_base = float("inf")
    for _ in range(args.repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        results = [s.run() for s in all_scenarios]
        best_run = min(best_run, time.perf_counter() - t0)
        cpu_run = min(cpu_run, time.process_time() - c0)
        t0, c0 = time.perf_counter(), time.process_time()
        plain_decimal(lines)
        best_base = min(best_base, time.perf_counter() - t0)
        cpu_base = min(cpu_base, time.process_time() - c0)
    codes = sorted({s.region.code for s in all_scenarios})
    print(
        f"{len(all_scenarios)} scenarios ({YEARS} years × {len(all_scenarios) // 4} regions "
        f"[{', '.join(codes)}] × 4 variants), {lines} demand lines, "
        f"{sum(len(r) for r in results)} result lines"
    )
    print(f"build:             {build:8.3f} s")
    print(f"run (best of {args.repeat}):   {best_run:8.3f} s")
    print(f"plain Decimal:     {best_base:8.4f} s")
    print(f"ratio:             {best_run / best_base:8.1f} × plain Decimal")
    print(f"ratio (CPU):       {cpu_run / cpu_base:8.1f} × plain Decimal")


if __name__ == "__main__":
    main()
