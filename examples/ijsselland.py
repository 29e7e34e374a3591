"""IJsselland: person-following budgets, Wonen per day at tiers, HSWV PxQ plus a task budget.

Run with ``python examples/ijsselland.py``. It loads the embedded region, makes five
assignments, takes March, April and May 2025 claims (some bad), validates, settles the
months and the year, and prints the regions.md budget example: €5,000 at €80/h, 10 h in
March and 20 h in April accepted, 40 h in May refused, €2,600 released when it ends.
"""

from __future__ import annotations

from datetime import date

from _shared import BSNS, claim, credit, print_settlement, print_validation, settle_and_post

from jeugdinkoop.codes import Frequency, Unit
from jeugdinkoop.io import load_embedded_region
from jeugdinkoop.model import Assignment, Volume
from jeugdinkoop.monitoring import average_cost_per_youth
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import validate

MARCH, APRIL, MAY = Period.month(2025, 3), Period.month(2025, 4), Period.month(2025, 5)


def main() -> int:
    region = load_embedded_region("ijsselland")
    print(f"{region.name}: {len(region.municipalities)} gemeenten")
    spring = Period(date(2025, 3, 1), date(2025, 4, 30))
    assignments = [
        # regions.md example: a capped budget of €5,000 at the integral tariff of €80/h
        Assignment(
            reference="IJ-01",
            client=BSNS[0],
            municipality="0193",
            provider="99100001",
            category="45",
            period=Period(date(2025, 3, 1), date(2025, 5, 31)),
            product="45I01",
            budget="5000.00",
        ),
        # Wonen, living component only, at the middle tier (pedagogical climate)
        Assignment(
            reference="IJ-02",
            client=BSNS[1],
            municipality="0150",
            provider="99100002",
            category="44",
            period=Period(date(2025, 3, 1), date(2025, 12, 31)),
            product="44W01",
            volume=Volume(1, Unit.DAY, Frequency.PER_DAY),
            tier="midden",
        ),
        # treatment assigned separately, so the youth need not move when it ends
        Assignment(
            reference="IJ-03",
            client=BSNS[1],
            municipality="0150",
            provider="99100003",
            category="45",
            period=spring,
            product="45W09",
            volume=Volume(8, Unit.HOUR, Frequency.PER_MONTH),
        ),
        # a large provider with a 6 % uplift: €84.80/h drawn from a €3,000 budget
        Assignment(
            reference="IJ-04",
            client=BSNS[2],
            municipality="0166",
            provider="99100003",
            category="45",
            period=spring,
            product="45I01",
            budget="3000.00",
        ),
        # HSWV: PxQ per day for the youth in care
        Assignment(
            reference="IJ-05",
            client=BSNS[3],
            municipality="0160",
            provider="99100004",
            category="43",
            period=Period(date(2025, 3, 1), date(2025, 8, 31)),
            product="43H01",
            volume=Volume(31, Unit.DAY, Frequency.PER_MONTH),
        ),
    ]
    a1, a2, a3, a4, a5 = assignments
    wonen = claim("R-02", a2, date(2025, 3, 1), date(2025, 3, 31), 31, "2946.86")
    march = [
        claim("R-01", a1, date(2025, 3, 1), date(2025, 3, 31), 10, "800.00"),
        wonen,
        claim("R-03", a3, date(2025, 3, 1), date(2025, 3, 31), 6, "669.60"),
        claim("R-04", a5, date(2025, 3, 1), date(2025, 3, 31), 31, "6073.21"),
        # bad: wrong product (group support on an integral-tariff assignment)
        claim(
            "R-05",
            a1,
            date(2025, 3, 1),
            date(2025, 3, 31),
            2,
            "140.00",
            product="45I02",
            unit=Unit.DAY_PART,
        ),
        # bad: over budget (40 h x €84.80 = €3,392.00 > €3,000.00)
        claim("R-06", a4, date(2025, 3, 1), date(2025, 3, 31), 40, "3392.00"),
        # bad: spans two months
        claim("R-07", a3, date(2025, 3, 25), date(2025, 4, 5), 2, "223.20"),
        # bad: unknown assignment
        claim("R-08", a3, date(2025, 3, 1), date(2025, 3, 31), 1, "111.60", number="IJ-99"),
        # bad: duplicate of R-01 under another reference
        claim("R-09", a1, date(2025, 3, 1), date(2025, 3, 31), 10, "800.00"),
        # a credit of R-02 and the corrected debit: 30 days, not 31
        credit("R-10", wonen),
        claim("R-11", a2, date(2025, 3, 1), date(2025, 3, 31), 30, "2851.80"),
    ]
    report = validate(march, assignments, region)
    print_validation(report)
    ledger = report.ledger
    print_settlement(
        "Afrekening maart 2025", settle_and_post(ledger, region, MARCH, assignments), region
    )

    april = [
        claim("R-12", a1, date(2025, 4, 1), date(2025, 4, 30), 20, "1600.00"),
    ]
    report = validate(april, assignments, region, ledger)
    print_validation(report)
    ledger = report.ledger
    print_settlement(
        "Afrekening april 2025", settle_and_post(ledger, region, APRIL, assignments), region
    )

    may = [
        # refused whole: €2,400 used + €3,200 = €5,600 > €5,000
        # (000:L235 "het plafond is ook echt het plafond")
        claim("R-13", a1, date(2025, 5, 1), date(2025, 5, 31), 40, "3200.00"),
    ]
    report = validate(may, assignments, region, ledger)
    print_validation(report)
    ledger = report.ledger
    result = settle_and_post(ledger, region, MAY, assignments)
    print_settlement("Afrekening mei 2025", result, region)
    released = result.by("provider", "municipality")
    for (provider, municipality), line in sorted(released.items(), key=lambda kv: str(kv[0])):
        if line.released:
            print(
                f"  budget terug naar gemeente {municipality} ({provider}): "
                f"{line.released.format()}"
            )
    year = settle_and_post(ledger, region, Period.year(2025), assignments)
    print_settlement("Jaarafrekening 2025", year, region)
    print("Gemiddelde kosten per jeugdige per aanbieder (000:L68)")
    for provider, amount in average_cost_per_youth(ledger, 2025).items():
        print(f"  {region.provider(provider).name:42} {amount.format():>12}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
