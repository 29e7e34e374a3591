"""Achterhoek: lumpsum per provider and municipality, dyslexia by population, Wmo PxQ.

Run with ``python examples/achterhoek.py``. It works the seven-step start budget of seed
001 (the regions.md example, €1,239,955.20), loads the embedded region, takes March 2025
production reports and PxQ claims (some bad), validates, settles March (advances) and the
year 2025 (corridor settlement of under- and overspending).
"""

from __future__ import annotations

from datetime import date

from _shared import BSNS, claim, credit, print_settlement, print_validation, settle_and_post

from jeugdinkoop.codes import Frequency, Unit
from jeugdinkoop.funding import Budget
from jeugdinkoop.io import load_embedded_region
from jeugdinkoop.model import Assignment, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.scenarios import (
    HistoricUse,
    LocalEstimate,
    lumpsum_offers,
    lumpsum_start_budget,
)
from jeugdinkoop.validation import validate


def start_budget() -> Money:
    """Seed 001:L203-222, the seven steps with the regions.md numbers, by the library.

    Every percentage is a signed change (local -5 %, indexation +3 %, efficiency -1 %),
    and nothing is rounded on the way: the regional total is rounded once.
    """
    budget = lumpsum_start_budget(
        "IAJ",
        HistoricUse(code="IAJ", spend=Money("1200000.00"), clients=300),
        [LocalEstimate(municipality="0222", expected_clients=320, adjustment_pct=-5)],
        indexation_pct=3,
        efficiency_pct=-1,
    )
    for step in budget.steps():
        if step.amount is not None:
            print(f"  stap {step.number}: {step.title} -> {step.amount.rounded().format()}")
    return budget.total


def main() -> int:
    print("Startbudget IAJ (zeven stappen, seed 001)")
    assert start_budget() == Money("1239955.20")
    region = load_embedded_region("achterhoek")
    print(f"{region.name}: {len(region.municipalities)} gemeenten")
    # one lumpsum amount per organisation across its segments (seed 001:L192)
    budgets = [
        budget
        for segment in region.segments
        for budget in getattr(region.funding_of(segment.code), "budgets", ())
        if isinstance(budget, Budget)
    ]
    print("Lumpsum per organisatie 2025, Doetinchem (0222)")
    for offer in lumpsum_offers(budgets):
        if offer.municipality.value == "0222" and offer.year == 2025:
            parts = ", ".join(f"{seg} {amount.format()}" for seg, amount in offer.parts)
            print(f"  {region.provider(offer.provider).name}: {offer.total.format()} ({parts})")
    year = Period.year(2025)
    assignments = [
        Assignment(
            reference="AH-01",
            client=BSNS[0],
            municipality="0222",
            provider="99200001",
            category="45",
            period=year,
            product="45A02",
        ),
        Assignment(
            reference="AH-02",
            client=BSNS[1],
            municipality="0197",
            provider="99200003",
            category="54",
            period=year,
            product="54A30",
        ),
        Assignment(
            reference="AH-03",
            client=BSNS[2],
            municipality="1859",
            provider="99200005",
            category="40",
            period=year,
            product="WPV01",
            volume=Volume(10, Unit.HOUR, Frequency.PER_MONTH),
        ),
        Assignment(
            reference="AH-04",
            client=BSNS[3],
            municipality="0294",
            provider="99200004",
            category="44",
            period=year,
            product="WLG01",
            volume=Volume(4, Unit.DAY, Frequency.PER_MONTH),
        ),
        Assignment(
            reference="AH-05",
            client=BSNS[4],
            municipality="0222",
            provider="99200002",
            category="44",
            period=year,
            product="44A12",
        ),
        # a subcontractor has no lumpsum budget of its own: its main contractor reports
        Assignment(
            reference="AH-06",
            client=BSNS[5],
            municipality="0222",
            provider="99200006",
            category="45",
            period=year,
            product="45A02",
        ),
    ]
    a1, a2, a3, a4, a5, a6 = assignments
    first, last = date(2025, 3, 1), date(2025, 3, 31)
    pv = claim("R-03", a3, first, last, 8, "408.00")
    march = [
        # production reports under lumpsum and population funding: recorded, not paid per line
        claim("R-01", a1, first, last, 40, "3120.00"),
        claim("R-02", a2, first, last, 6, "410.40"),
        pv,
        claim("R-04", a4, first, last, 2, "167.10"),
        claim("R-05", a5, first, last, 31, "5071.29", unit=Unit.DAY),
        # bad: wrong product
        claim("R-06", a1, first, last, 4, "446.40", product="45A03"),
        # bad: over the assigned volume (12 h > 10 h a month; checked after R-03's credit)
        claim("R-07", a3, first, last, 12, "612.00"),
        # bad: no lumpsum budget for the subcontractor (the main contractor reports)
        claim("R-08", a6, first, last, 5, "390.00"),
        # bad: spans two months
        claim("R-09", a4, date(2025, 3, 30), date(2025, 4, 2), 2, "167.10"),
        # bad: unknown assignment; duplicate
        claim("R-10", a4, first, last, 1, "83.55", number="AH-99"),
        claim("R-11", a2, first, last, 6, "410.40"),
        # credit of R-03 and the corrected debit (7 h, not 8)
        credit("R-12", pv),
        claim("R-13", a3, first, last, 7, "357.00"),
    ]
    report = validate(march, assignments, region)
    print_validation(report)
    ledger = report.ledger
    print_settlement(
        "Afrekening maart 2025 (voorschotten 1/12)",
        settle_and_post(ledger, region, Period.month(2025, 3), assignments),
        region,
    )
    result = settle_and_post(ledger, region, year, assignments)
    doetinchem = result.by("provider", "municipality", "segment")
    line = next(
        v
        for k, v in doetinchem.items()
        if str(k[1]) == "0222" and k[2] == "IAJ" and str(k[0]) == "99200001"
    )
    print("Jaarafrekening 2025, IAJ Doetinchem (Coöperatie Slingeland)")
    print(
        f"  budget {line.budget.format() if line.budget else '-'}, "
        f"productie {line.claimed.format()}"
    )
    print(
        f"  verrekening onderbesteding {line.adjustment.format()}, "
        f"vrijgevallen {line.released.format()}"
    )
    print(
        f"Jaarafrekening 2025: totaal te betalen {result.total('payable').format()}, "
        f"terug naar gemeenten {result.total('released').format()}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
