"""Time a Monte Carlo run of the Achterhoek: 10,000 draws of the demo's IAJ scenario.

The scenario is the one ``jeugdinkoop demo`` compares (``jeugdinkoop.demo.achterhoek_iaj``,
rebuilt here the same way): the IAJ segment of the Achterhoek's eight municipalities over
five years (40 demand lines) — 320 clients at the start, 128 flowing in and 112 out a
year, spread by youth population, 3 hours a client-month of product 45A02 — under its
own lumpsum model, tariffs indexed 3 % a year. Each draw draws inflow, outflow and
utilisation for every line (three normal draws) and adds up the cost per year and
municipality.

The baseline is measured in the same run: the same number of draws of the same demand
lines with bare Python — three ``random.gauss`` draws made whole clients and a four-decimal
factor, then client-months × units × rate in plain ``Decimal``, rounded to cents and added
up — with no scenario, model or result objects, so the ratio says what the library costs
over the irreducible work of a draw. Wall-clock and CPU seconds are both printed: on a
shared machine the CPU seconds are the steadier figure.

With ``--variant PxQ`` (or ``outputgericht``) the same demand is paid per client, so every
draw goes through the model's forecast; with ``--region`` the demand is the whole region
(every municipality × top-level segment for ten years, 560 lines, as the snapshots and
``bench_scenarios.py`` use), where the cost is mostly the three draws per line.

Run: ``python benchmarks/bench_monte_carlo.py [--draws 10000] [--variant NAME] [--region]``.
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import ROUND_HALF_UP, Decimal

from jeugdinkoop.demo import FIRST_YEAR, INDEX_PCT, TRAJECTORY, region_variants
from jeugdinkoop.funding import EffortBased, OutputBased
from jeugdinkoop.io import load_embedded_region
from jeugdinkoop.model import Region
from jeugdinkoop.scenarios import DemandAssumption, Scenario, expand

CENT = Decimal("0.01")
PLACES = 10_000


def plain_draws(draws: int, lines: int, seed: int) -> Decimal:
    """The bare work of ``draws`` draws of ``lines`` demand lines: three draws and a price each."""
    rng = random.Random(seed)
    gauss = rng.gauss
    rate = Decimal("81.83")
    total = Decimal(0)
    for _ in range(draws):
        drawn = Decimal(0)
        for i in range(lines):
            start = Decimal(40 + i % 7)
            inflow = Decimal(max(0, round(gauss(15.0, 3.9))))
            outflow = min(Decimal(max(0, round(gauss(12.0, 3.5)))), start + inflow)
            factor = Decimal(max(0, round(gauss(1.0, 0.1) * PLACES))) / PLACES
            client_months = (start + (inflow - outflow) / 2) * 12
            drawn += (rate * (client_months * 3 * factor)).quantize(CENT, rounding=ROUND_HALF_UP)
        total += drawn
    return total


def iaj_variants(region: Region) -> list[Scenario]:
    """The demo's Achterhoek IAJ scenarios: lumpsum (its own), PxQ and output-based."""
    youth = {m.code.value: m.inhabitants(0, 17) for m in region.municipalities}
    everyone = sum(youth.values())

    def share(code: str, total: int) -> int:
        return max(1, round(Decimal(total) * youth[code] / everyone))

    assumptions = [
        DemandAssumption(
            municipality=m.code,
            segment="IAJ",
            clients_start=share(m.code.value, 320),
            inflow=share(m.code.value, 128),
            outflow=share(m.code.value, 112),
            units_per_client_month=3,
            product="45A02",
        )
        for m in region.municipalities
    ]
    demand = expand(assumptions, FIRST_YEAR, FIRST_YEAR + 4)
    indexation = dict.fromkeys(range(FIRST_YEAR + 1, FIRST_YEAR + 5), INDEX_PCT)
    base = Scenario(name="lumpsum (eigen)", region=region, demand=demand, indexation=indexation)
    return [
        base,
        base.with_funding("PxQ", {"IAJ": EffortBased()}),
        base.with_funding("outputgericht", {"IAJ": OutputBased(matrix=TRAJECTORY)}),
    ]


def scenario(variant: str, whole_region: bool) -> Scenario:
    """The Achterhoek scenario to draw."""
    region = load_embedded_region("achterhoek")
    if whole_region:
        names = {"lumpsum (eigen)": "eigen model", "outputgericht": "outputgericht", "PxQ": "PxQ"}
        return next(s for s in region_variants(region) if s.name == names[variant])
    return next(s for s in iaj_variants(region) if s.name == variant)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument(
        "--variant", default="lumpsum (eigen)", choices=["lumpsum (eigen)", "PxQ", "outputgericht"]
    )
    parser.add_argument("--region", action="store_true", help="the whole region, 560 lines")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    chosen = scenario(args.variant, args.region)
    lines = len(chosen.demand)
    t0, c0 = time.perf_counter(), time.process_time()
    result = chosen.run(draws=args.draws, seed=args.seed)
    run, run_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    plain_draws(args.draws, lines, args.seed)
    base, base_cpu = time.perf_counter() - t0, time.process_time() - c0
    region_wide = [s for s in result.spread if s.municipality is None]
    print(
        f"Achterhoek {'whole region' if args.region else 'IAJ'}, {chosen.name!r}: {lines} demand "
        f"lines, {args.draws} draws, {len(result.spread)} spread lines"
    )
    print(
        f"last year, whole region: p5 {region_wide[-1].p5.format()}, "
        f"p50 {region_wide[-1].p50.format()}, p95 {region_wide[-1].p95.format()}"
    )
    print(
        f"run:               {run:8.3f} s  ({run / args.draws * 1000:.3f} ms a draw; "
        f"CPU {run_cpu:.3f} s)"
    )
    print(
        f"plain draws:       {base:8.3f} s  ({base / args.draws * 1000:.3f} ms a draw; "
        f"CPU {base_cpu:.3f} s)"
    )
    print(f"ratio:             {run / base:8.1f} × plain draws (CPU: {run_cpu / base_cpu:.1f} ×)")


if __name__ == "__main__":
    main()
