"""The main job's scenario part: funding variants compared on the embedded regions (edges layer).

Used by ``jeugdinkoop demo``. The demand here is *illustrative*, derived from each
municipality's youth population, so that every embedded region can be compared under
the same four funding variants; a region's real demand comes from its own figures.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final, TextIO

from jeugdinkoop.funding import Arrangement, ArrangementMatrix, EffortBased, OutputBased
from jeugdinkoop.io.text import print_table, write_rows
from jeugdinkoop.model import Region
from jeugdinkoop.money import Money, format_eur
from jeugdinkoop.scenarios import (
    Calibration,
    Comparison,
    DemandAssumption,
    HistoricUse,
    LocalEstimate,
    Scenario,
    calibrate,
    demand_sensitivity,
    expand,
    lumpsum_start_budget,
    priced_product,
)
from jeugdinkoop.scenarios.calibrate import format_factor

__all__ = [
    "FIRST_YEAR",
    "YEARS",
    "achterhoek_iaj",
    "achterhoek_iaj_calibration",
    "region_calibration",
    "region_variants",
    "start_budget_example",
]

FIRST_YEAR: Final = 2026
YEARS: Final = 10
INDEX_PCT: Final = Decimal(3)
"""Yearly tariff indexation assumed from the second year on (VNG 2025: 4.91 %; we take 3 %)."""
TRAJECTORY: Final = ArrangementMatrix([Arrangement("standaard", "midden", "2280.60")])
"""One arrangement for the output-based variant: the SPIC segment-B mid cell (funding-practice §1c)."""


def _clients(region: Region, code: str, total: int) -> int:
    """``total`` clients spread over the municipalities by inhabitants aged 0–17."""
    people = {m.code.value: _youth(region, m.code.value) for m in region.municipalities}
    everyone = sum(people.values()) or 1
    return max(1, round(Decimal(total) * people[code] / everyone))


def _youth(region: Region, code: str) -> int:
    try:
        return region.municipality(code).inhabitants(0, 17)
    except ValueError:
        return 1000


def region_calibration(region: Region, first_year: int = FIRST_YEAR) -> Calibration:
    """Ten years of one region under its own models, PxQ and output-based, calibrated.

    Demand per municipality and top-level segment: 1 % of the youth population in care
    at the start, 40 % of that flowing in and 35 % out each year, 2 units a client-month.
    The PxQ and output-based variants are calibrated to the region's own models in the
    first year (:func:`~jeugdinkoop.scenarios.calibrate`): they start from the same spend
    per municipality and segment, and differ only in how it moves afterwards.
    """
    priced = {
        s.code: priced_product(region, s.code, date(first_year, 1, 1)) for s in region.segments
    }
    segments = [code for code, (product, _) in priced.items() if product is not None]
    assumptions = []
    for m in region.municipalities:
        youth = _youth(region, m.code.value)
        start = max(1, youth // 100)
        for code in segments:
            assumptions.append(
                DemandAssumption(
                    m.code,
                    code,
                    clients_start=start,
                    inflow=start * 40 // 100,
                    outflow=start * 35 // 100,
                    units_per_client_month=2,
                    product=priced[code][0],
                    tier=priced[code][1],
                )
            )
    demand = expand(assumptions, first_year, first_year + YEARS - 1)
    base = Scenario("eigen model", region, demand)
    return calibrate(
        base,
        [
            base.with_funding("PxQ", dict.fromkeys(segments, EffortBased())),
            base.with_funding("outputgericht", dict.fromkeys(segments, OutputBased(TRAJECTORY))),
        ],
        first_year,
    )


def region_variants(region: Region, first_year: int = FIRST_YEAR) -> list[Scenario]:
    """Four variants of ten years on one region: its own models, PxQ, output-based, +3 % a year.

    The first three are :func:`region_calibration`'s scenarios; the fourth is the own
    models with tariffs indexed 3 % a year from the second year.
    """
    calibration = region_calibration(region, first_year)
    base = calibration.scenarios[0]
    return [
        *calibration.scenarios,
        Scenario(
            "eigen model +3 %/jaar",
            region,
            base.demand,
            indexation=dict.fromkeys(range(first_year + 1, first_year + YEARS), INDEX_PCT),
        ),
    ]


def achterhoek_iaj_calibration(region: Region) -> Calibration:
    """The Achterhoek's IAJ segment as lumpsum (its own), PxQ and output-based, 2026–2030.

    320 clients at the start (the start-budget example), spread by youth population; 40 %
    inflow and 35 % outflow a year; 3 hours of support a client-month at the IAJ tariff;
    the output variant pays one trajectory at the start. PxQ and output-based are
    calibrated to the lumpsum's 2026 spend per municipality: the IAJ tariff and the
    trajectory amount (€ 2,280.60 before calibration) are scaled budget-neutrally, as
    the seeds' conversion step does.
    """
    assumptions = [
        DemandAssumption(
            m.code,
            "IAJ",
            clients_start=_clients(region, m.code.value, 320),
            inflow=_clients(region, m.code.value, 128),
            outflow=_clients(region, m.code.value, 112),
            units_per_client_month=3,
            product="45A02",
        )
        for m in region.municipalities
    ]
    demand = expand(assumptions, FIRST_YEAR, FIRST_YEAR + 4)
    indexation = dict.fromkeys(range(FIRST_YEAR + 1, FIRST_YEAR + 5), INDEX_PCT)
    base = Scenario("lumpsum (eigen)", region, demand, indexation=indexation)
    return calibrate(
        base,
        [
            base.with_funding("PxQ", {"IAJ": EffortBased()}),
            base.with_funding("outputgericht", {"IAJ": OutputBased(TRAJECTORY)}),
        ],
        FIRST_YEAR,
    )


def achterhoek_iaj(region: Region) -> Comparison:
    """The calibrated comparison of :func:`achterhoek_iaj_calibration`, 2026–2030."""
    return achterhoek_iaj_calibration(region).compare()


def start_budget_example() -> list[tuple[str, str, Money]]:
    """The regions.md worked example of the Achterhoek start budget, step by step."""
    budget = lumpsum_start_budget(
        "IAJ",
        HistoricUse("IAJ", Money("1200000.00"), 300),
        [
            LocalEstimate(
                "0222", 320, adjustment_pct=-5, name="regio", reason="sterkere sociale basis"
            )
        ],
        indexation_pct=3,
        efficiency_pct=-1,
    )
    return [
        (str(step.number), step.title, step.amount)
        for step in budget.steps()
        if step.amount is not None
    ]


def run(regions: Sequence[Region], out: TextIO, folder: Path | None = None) -> list[str]:
    """Print the scenario part of the demo; with ``folder``, write its tables and chart.

    Returns the names of the files written.
    """
    written: list[str] = []
    by_code = {r.code: r for r in regions}
    if "achterhoek" in by_code:
        print(
            "\n== Scenario: Achterhoek IAJ als lumpsum, PxQ of outputgericht (2026–2030) ==",
            file=out,
        )
        calibration = achterhoek_iaj_calibration(by_code["achterhoek"])
        comparison = calibration.compare()
        print_calibration(calibration, out)
        names = comparison.names
        rows = [["gemeente", *names, f"verschil {names[1]}", f"verschil {names[2]}"]]
        for row in comparison.table():
            rows.append(
                [
                    row.label,
                    *(c.format() for c in row.costs),
                    *(d.format() for d in row.differences),
                ]
            )
        sums = comparison.totals()
        rows.append(
            ["totaal", *(t.format() for t in sums), *((t - sums[0]).format() for t in sums[1:])]
        )
        print(f"\n  kosten {FIRST_YEAR}–{FIRST_YEAR + 4} (na kalibratie):", file=out)
        print_table(rows, out, right=range(1, len(rows[0])))
        print_risk(calibration, out)
        if folder is not None:
            written.append(
                write_rows(folder / "achterhoek-iaj-vergelijking.csv", comparison.to_rows())
            )
            written.append(
                write_rows(folder / "achterhoek-iaj-kalibratie.csv", calibration.to_rows())
            )
            written += _chart(comparison, folder / "achterhoek-iaj-vergelijking.png", out)

    print(
        f"\n== Scenario's: {YEARS} jaar × {len(regions)} regio's × 4 bekostigingsvarianten ==",
        file=out,
    )
    # the variants are calibrated before the clock starts: it times the runs alone
    scenarios = [(region, variant) for region in regions for variant in region_variants(region)]
    started = time.perf_counter()
    results = [(region, variant, variant.run()) for region, variant in scenarios]
    elapsed = time.perf_counter() - started
    variant_names = [v.name for v in region_variants(regions[0])] if regions else []
    rows = [["regio", *variant_names]]
    for region in regions:
        totals = [result.total().format() for r, _, result in results if r is region]
        rows.append([region.name, *totals])
    print_table(rows, out, right=range(1, len(variant_names) + 1))
    print(
        f"  {len(results)} scenario's doorgerekend in {elapsed:.2f} s (verwachte waarden)", file=out
    )
    if folder is not None:
        lines = [
            {"regio": region.code, "variant": variant.name, **row}
            for region, variant, result in results
            for row in result.to_rows()
        ]
        written.append(write_rows(folder / "scenarios.csv", lines))

    print("\n== Startbudget lumpsum (Achterhoek, zeven stappen) ==", file=out)
    steps = start_budget_example()
    print_table(
        [["stap", "omschrijving", "bedrag"], *[[n, t, a.format()] for n, t, a in steps]],
        out,
        right=[2],
    )
    return written


def print_calibration(calibration: Calibration, out: TextIO) -> None:
    """Print the calibration: per variant, its spend in the base year before and after."""
    year = calibration.base_year
    print(
        f"  kalibratie: elke variant begint bij de uitgaven {year} van "
        f"{calibration.scenarios[0].name!r} (per gemeente × segment)",
        file=out,
    )
    rows = [["variant", f"basislijn {year}", "vóór", "factor (min–max)", "na", "restant"]]
    for variant in calibration.variants:
        cells = [c for c in calibration.cells if c.variant == variant]
        factors = [c.factor for c in cells if c.factor is not None]
        rows.append(
            [
                variant,
                Money.sum(c.baseline for c in cells).format(),
                Money.sum(c.before for c in cells).format(),
                f"{format_factor(min(factors))}–{format_factor(max(factors))}" if factors else "–",
                Money.sum(c.after for c in cells).format(),
                calibration.remainder(variant).format(),
            ]
        )
    print_table(rows, out, right=range(1, 6))


def print_risk(calibration: Calibration, out: TextIO, pct: int = 10) -> None:
    """Print who carries the risk when demand rises ``pct`` % (calibrated variants)."""
    print(f"\n  vraag +{pct} %: wie draagt het risico?", file=out)
    rows = [["variant", "uitgaven", f"vraag +{pct} %", "gemeente betaalt", "aanbieder draagt"]]
    for row in demand_sensitivity(calibration.scenarios, pct):
        rows.append(
            [
                row.variant,
                row.spend.format(),
                row.spend_more.format(),
                row.municipality_pays.format(),
                row.providers_carry.format(),
            ]
        )
    print_table(rows, out, right=range(1, 5))


def _chart(comparison: Comparison, path: Path, out: TextIO) -> list[str]:
    """A bar chart of cost per municipality per variant (needs matplotlib: the ``plot`` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        print(
            "  (geen grafiek: installeer matplotlib met `pip install jeugdinkoop[plot]`)", file=out
        )
        return []
    table = comparison.table()
    labels = [row.label for row in table]
    figure, axes = plt.subplots(figsize=(10, 5))
    width = 0.8 / max(len(comparison.names), 1)
    for i, name in enumerate(comparison.names):
        values = [row.costs[i].amount for row in table]
        axes.bar(
            [x + i * width for x in range(len(labels))],
            [float(v) for v in values],
            width,
            label=name,
        )
    axes.set_xticks([x + width for x in range(len(labels))], labels, rotation=30, ha="right")
    axes.set_ylabel("kosten 2026–2030")
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _: format_eur(Decimal(int(value))).removesuffix(",00"))
    )
    axes.set_title("Achterhoek IAJ: kosten per gemeente per bekostigingsvariant")
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return [str(path)]
