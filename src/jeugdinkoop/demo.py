"""The main job's scenario part: funding variants compared on the embedded regions (edges layer).

Used by ``jeugdinkoop demo``. The demand here is *illustrative*, derived from each
municipality's youth population, so that every embedded region can be compared under
the same four funding variants; a region's real demand comes from its own figures.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final, TextIO

from jeugdinkoop.funding import Arrangement, ArrangementMatrix, EffortBased, OutputBased
from jeugdinkoop.i18n import DEFAULT_LOCALE, translate
from jeugdinkoop.io.text import format_number, print_table, write_rows
from jeugdinkoop.model import Region
from jeugdinkoop.money import Money, exact_arithmetic, format_eur
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


@exact_arithmetic
def run(
    regions: Sequence[Region],
    out: TextIO,
    folder: Path | None = None,
    *,
    lang: str = DEFAULT_LOCALE,
    bom: bool = False,
) -> list[str]:
    """Print the scenario part of the demo; with ``folder``, write its tables and chart.

    Args:
        regions: the regions to compare (the Achterhoek part needs ``achterhoek``).
        out: where to print.
        folder: where to write the CSV tables and the chart, if anywhere.
        lang: the language of the output, ``"nl"`` (the default) or ``"en"``.
        bom: start every CSV with a byte-order mark (for Excel).

    Returns the names of the files written.
    """
    t = _translator(lang)
    money = "en_GB" if lang == "en" else "nl_NL"
    written: list[str] = []
    by_code = {r.code: r for r in regions}
    if "achterhoek" in by_code:
        print(
            f"\n== {t('Scenario: Achterhoek IAJ as lumpsum, PxQ or output-based')} (2026–2030) ==",
            file=out,
        )
        calibration = achterhoek_iaj_calibration(by_code["achterhoek"])
        comparison = calibration.compare()
        print_calibration(calibration, out, lang)
        names = [t(name) for name in comparison.names]
        rows = [[t("municipality"), *names, *(f"{t('difference')} {n}" for n in names[1:3])]]
        for row in comparison.table():
            rows.append(
                [
                    row.label,
                    *(c.format(money) for c in row.costs),
                    *(d.format(money) for d in row.differences),
                ]
            )
        sums = comparison.totals()
        rows.append(
            [
                t("total"),
                *(s.format(money) for s in sums),
                *((s - sums[0]).format(money) for s in sums[1:]),
            ]
        )
        print(
            f"\n  {t('costs')} {FIRST_YEAR}–{FIRST_YEAR + 4} ({t('after calibration')}):",
            file=out,
        )
        print_table(rows, out, right=range(1, len(rows[0])))
        print_risk(calibration, out, lang=lang)
        if folder is not None:
            written.append(
                write_rows(
                    folder / "achterhoek-iaj-vergelijking.csv", comparison.to_rows(), bom=bom
                )
            )
            written.append(
                write_rows(folder / "achterhoek-iaj-kalibratie.csv", calibration.to_rows(), bom=bom)
            )
            written += _chart(comparison, folder / "achterhoek-iaj-vergelijking.png", out, lang)
            written += _write_draws(calibration, folder, lang, bom)

    print(
        "\n== "
        + t("Scenarios: {years} years × {regions} regions × 4 funding variants").format(
            years=YEARS, regions=len(regions)
        )
        + " ==",
        file=out,
    )
    # the variants are calibrated before the clock starts: it times the runs alone
    scenarios = [(region, variant) for region in regions for variant in region_variants(region)]
    started = time.perf_counter()
    results = [(region, variant, variant.run()) for region, variant in scenarios]
    elapsed = time.perf_counter() - started
    variant_names = [t(v.name) for v in region_variants(regions[0])] if regions else []
    rows = [[t("region"), *variant_names]]
    for region in regions:
        totals = [result.total().format(money) for r, _, result in results if r is region]
        rows.append([region.name, *totals])
    print_table(rows, out, right=range(1, len(variant_names) + 1))
    print(
        "  "
        + t("{count} scenarios run in {seconds} s (expected values)").format(
            count=len(results), seconds=format_number(elapsed, lang)
        ),
        file=out,
    )
    if folder is not None:
        lines = [
            {"regio": region.code, "variant": variant.name, **row}
            for region, variant, result in results
            for row in result.to_rows()
        ]
        written.append(write_rows(folder / "scenarios.csv", lines, bom=bom))
        c = _columns(lang)
        years = [
            {
                c("region"): region.code,
                c("variant"): variant.name,
                c("year"): str(year),
                c("costs"): format_number(cost.amount, lang),
            }
            for region, variant, result in results
            for (year,), cost in sorted(result.by("year").items())
        ]
        written.append(write_rows(folder / "scenarios-per-jaar.csv", years, bom=bom))

    print(f"\n== {t('Lumpsum start budget (Achterhoek, seven steps)')} ==", file=out)
    steps = start_budget_example()
    print_table(
        [
            [t("step"), t("description"), t("amount")],
            *[[n, t(title), a.format(money)] for n, title, a in steps],
        ],
        out,
        right=[2],
    )
    return written


def print_calibration(calibration: Calibration, out: TextIO, lang: str = DEFAULT_LOCALE) -> None:
    """Print the calibration: per variant, its spend in the base year before and after."""
    t = _translator(lang)
    money = "en_GB" if lang == "en" else "nl_NL"
    year = calibration.base_year
    print(
        "  "
        + t(
            "calibration: every variant starts at the {year} spend of {name!r}"
            " (per municipality × segment)"
        ).format(year=year, name=t(calibration.scenarios[0].name)),
        file=out,
    )
    rows = [
        [
            t("variant"),
            f"{t('baseline')} {year}",
            t("before"),
            t("factor (min–max)"),
            t("after"),
            t("remainder"),
        ]
    ]
    for variant in calibration.variants:
        cells = [c for c in calibration.cells if c.variant == variant]
        factors = [c.factor for c in cells if c.factor is not None]
        rows.append(
            [
                t(variant),
                Money.sum(c.baseline for c in cells).format(money),
                Money.sum(c.before for c in cells).format(money),
                _factor_range(factors, lang),
                Money.sum(c.after for c in cells).format(money),
                calibration.remainder(variant).format(money),
            ]
        )
    print_table(rows, out, right=range(1, 6))


DRAWS: Final = 500
"""Monte Carlo draws of the Achterhoek comparison that ``demo --out`` writes (seed 2026)."""


def _write_draws(calibration: Calibration, folder: Path, lang: str, bom: bool) -> list[str]:
    """The Achterhoek variants per year, and their Monte Carlo percentiles, as CSV."""
    t = _columns(lang)
    results = [s.run(draws=DRAWS, seed=FIRST_YEAR) for s in calibration.scenarios]
    years = [
        {
            t("scenario"): result.name,
            t("year"): str(year),
            t("costs"): format_number(cost.amount, lang),
        }
        for result in results
        for (year,), cost in sorted(result.by("year").items())
    ]
    spread = [
        {
            t("scenario"): result.name,
            t("year"): str(line.year),
            t("municipality"): "" if line.municipality is None else line.municipality.value,
            "p5": format_number(line.p5.amount, lang),
            "p50": format_number(line.p50.amount, lang),
            "p95": format_number(line.p95.amount, lang),
        }
        for result in results
        for line in result.spread
    ]
    return [
        write_rows(folder / "achterhoek-iaj-per-jaar.csv", years, bom=bom),
        write_rows(folder / "achterhoek-iaj-percentielen.csv", spread, bom=bom),
    ]


def _columns(lang: str) -> Callable[[str], str]:
    """CSV column names in a language: words joined by ``_``."""
    return lambda message: translate(message, lang).replace(" ", "_")


def _factor_range(factors: Sequence[Decimal], lang: str) -> str:
    if not factors:
        return "–"
    low, high = format_factor(min(factors)), format_factor(max(factors))
    if lang == "en":
        low, high = low.replace(",", "."), high.replace(",", ".")
    return f"{low}–{high}"


def _translator(lang: str) -> Callable[[str], str]:
    """The lookup of one run's language: English message ids, Dutch from the catalog."""
    return lambda message: translate(message, lang)


def print_risk(
    calibration: Calibration, out: TextIO, pct: int = 10, lang: str = DEFAULT_LOCALE
) -> None:
    """Print who carries the risk when demand rises ``pct`` % (calibrated variants)."""
    t = _translator(lang)
    money = "en_GB" if lang == "en" else "nl_NL"
    demand = t("demand +{pct} %").format(pct=pct)
    print(f"\n  {demand}: {t('who carries the risk?')}", file=out)
    rows = [[t("variant"), t("spend"), demand, t("municipality pays"), t("provider carries")]]
    for row in demand_sensitivity(calibration.scenarios, pct):
        rows.append(
            [
                t(row.variant),
                row.spend.format(money),
                row.spend_more.format(money),
                row.municipality_pays.format(money),
                row.providers_carry.format(money),
            ]
        )
    print_table(rows, out, right=range(1, 5))


def _chart(
    comparison: Comparison, path: Path, out: TextIO, lang: str = DEFAULT_LOCALE
) -> list[str]:
    """A bar chart of cost per municipality per variant (needs matplotlib: the ``plot`` extra)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
    except ImportError:
        note = translate("no chart: install matplotlib with", lang)
        print(f"  ({note} pip install 'jeugdinkoop[plot]')", file=out)
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
            label=translate(name, lang),
        )
    axes.set_xticks([x + width for x in range(len(labels))], labels, rotation=30, ha="right")
    axes.set_ylabel(f"{translate('costs', lang)} 2026–2030")
    axes.yaxis.set_major_formatter(
        FuncFormatter(lambda value, _: format_eur(Decimal(int(value))).removesuffix(",00"))
    )
    axes.set_title(
        "Achterhoek IAJ: " + translate("costs per municipality per funding variant", lang)
    )
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=100)
    plt.close(figure)
    return [str(path)]
