"""Zuid-Limburg: the three variants side by side (output, effort, task) in five segments.

Run with ``python examples/zuid_limburg.py``. Output-based arrangements (profile x
intensity, 60 % at the start), effort-based GGZ and stay (with a budget ceiling for one
provider), task-based crisis (function budget, 10 % result share) and dyslexia
(population budget). Settles March and the year 2025.
"""

from __future__ import annotations

from datetime import date

from _shared import (
    BSNS,
    claim,
    credit,
    print_findings,
    print_settlement,
    print_validation,
    settle_and_post,
)

from jeugdinkoop.codes import Frequency, Unit
from jeugdinkoop.io import load_embedded_region
from jeugdinkoop.model import Assignment, Refusal, Volume
from jeugdinkoop.monitoring import check_refusals, refusal_rates
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import validate


def main() -> int:
    region = load_embedded_region("zuid_limburg")
    central = region.municipality(region.central_municipality or "0935").name
    print(f"{region.name}: {len(region.municipalities)} gemeenten, centrumgemeente {central}")
    half = Period(date(2025, 3, 1), date(2025, 8, 31))
    assignments = [
        # output: profile 2 x intensity midden = €3,600.00, 60 % (€2,160.00) at the start
        Assignment(
            reference="ZL-01",
            client=BSNS[0],
            municipality="0917",
            provider="99300001",
            category="45",
            period=half,
            product="45Z10",
            profile="2",
            intensity="midden",
        ),
        Assignment(
            reference="ZL-02",
            client=BSNS[1],
            municipality="0935",
            provider="99300002",
            category="54",
            period=half,
            product="54Z20",
            volume=Volume(6, Unit.HOUR, Frequency.PER_MONTH),
        ),
        Assignment(
            reference="ZL-03",
            client=BSNS[2],
            municipality="1883",
            provider="99300003",
            category="43",
            period=half,
            product="43Z31",
            volume=Volume(1, Unit.DAY, Frequency.PER_DAY),
        ),
        Assignment(
            reference="ZL-04",
            client=BSNS[3],
            municipality="0928",
            provider="99300003",
            category="46",
            period=half,
            product="46Z40",
        ),
        Assignment(
            reference="ZL-05",
            client=BSNS[4],
            municipality="0935",
            provider="99300005",
            category="54",
            period=half,
            product="54Z21",
            volume=Volume(10, Unit.HOUR, Frequency.PER_MONTH),
        ),
        # an output assignment in a cell the matrix does not have
        Assignment(
            reference="ZL-06",
            client=BSNS[5],
            municipality="0882",
            provider="99300001",
            category="45",
            period=half,
            product="45Z10",
            profile="4",
            intensity="hoog",
        ),
    ]
    a1, a2, a3, a4, a5, a6 = assignments
    first, last = date(2025, 3, 1), date(2025, 3, 31)
    ggz = claim("R-02", a2, first, last, 5, "558.00")
    march = [
        claim("R-01", a1, first, last, 1, "2160.00", unit=Unit.PIECES_OUTPUT),
        ggz,
        claim("R-03", a3, first, last, 31, "2946.86"),
        claim("R-04", a4, first, last, 3, "334.80"),  # production report, paid by budget
        claim("R-05", a5, first, last, 8, "604.80"),
        # bad: the second instalment (claimed for April) is due only after the trajectory ends
        claim(
            "R-06",
            a1,
            date(2025, 4, 1),
            date(2025, 4, 30),
            1,
            "1440.00",
            unit=Unit.PIECES_OUTPUT,
        ),
        # bad: no arrangement for profile 4 x hoog
        claim("R-07", a6, first, last, 1, "8100.00", unit=Unit.PIECES_OUTPUT),
        # bad: wrong product; over volume; spans two months; unknown; duplicate
        claim("R-08", a2, first, last, 2, "151.20", product="54Z21"),
        claim("R-09", a5, date(2025, 4, 1), date(2025, 4, 30), 12, "907.20"),  # April
        claim("R-10", a3, date(2025, 3, 31), date(2025, 4, 1), 2, "190.12"),
        claim("R-11", a3, first, last, 1, "95.06", number="ZL-99"),
        claim("R-12", a3, first, last, 31, "2946.86"),
        # credit of R-02 and the corrected debit (4 h)
        credit("R-13", ggz),
        claim("R-14", a2, first, last, 4, "446.40"),
    ]
    report = validate(march, assignments, region)
    print_validation(report)
    ledger = report.ledger
    print_settlement(
        "Afrekening maart 2025",
        settle_and_post(ledger, region, Period.month(2025, 3), assignments),
        region,
    )
    year = settle_and_post(ledger, region, Period.year(2025), assignments)
    crisis = year.by("segment").get(("CRS",))
    if crisis is not None:
        print(
            f"Crisis 2025: resultaatdeel niet verdiend, terug naar gemeenten "
            f"{crisis.released.format()}"
        )
    print(f"Jaarafrekening 2025: totaal te betalen {year.total('payable').format()}")

    # Acceptance duty (seed 002:L164): refusals are recorded and monitored. 99300001 signed
    # up (open house) and declines ZL-01 (JI-812); a refusal of an unknown assignment is an
    # error (JI-813).
    refusals = [
        Refusal(assignment="ZL-01", provider="99300001", day=date(2025, 3, 2), reason="vol"),
        Refusal(assignment="ZL-99", provider="99300001", day=date(2025, 3, 2), reason="vol"),
    ]
    print_findings("Acceptatieplicht: weigeringen", check_refusals(region, refusals, assignments))
    for rate in refusal_rates(refusals, assignments):
        if rate.refused:
            print(
                f"  {region.provider(rate.provider).name} in "
                f"{region.municipality(rate.municipality).name}: {rate.refused} van "
                f"{rate.assigned} toewijzingen geweigerd ({rate.rate_pct:.0f} %)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
