"""Midden-IJssel/Oost-Veluwe: PxQ on uniform cost-price tariffs, control over provider count.

Run with ``python examples/midden_ijssel.py``. Takes March 2026 claims (some bad),
validates, settles March, then runs the municipalities' local rules: thresholds on the
number of providers per product group, a closed product group, a product group closed
at sufficient supply, the yearly entry date, quality demands, scarcity and providers
serving fewer than three clients a calendar year; plus the regional flow monitor.
"""

from __future__ import annotations

from datetime import date

import attrs
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
from jeugdinkoop.model import Assignment, Contract, Procedure, Provider, Volume
from jeugdinkoop.monitoring import (
    check_min_clients,
    check_new_entrants,
    check_provider_counts,
    check_quality_marks,
    check_scarcity,
    flows,
)
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import validate


def main() -> int:
    region = load_embedded_region("midden_ijssel")
    print(f"{region.name}: {len(region.municipalities)} gemeenten, open house 2026-2035")
    half = Period(date(2026, 1, 1), date(2026, 6, 30))
    month = Volume(8, Unit.HOUR, Frequency.PER_MONTH)
    assignments = [
        Assignment(
            reference="MO-01",
            client=BSNS[0],
            municipality="0200",
            provider="99400001",
            category="45",
            period=half,
            product="45M01",
            volume=month,
        ),
        Assignment(
            reference="MO-02",
            client=BSNS[1],
            municipality="0200",
            provider="99400001",
            category="45",
            period=half,
            product="45M02",
            volume=month,
        ),
        Assignment(
            reference="MO-03",
            client=BSNS[2],
            municipality="0301",
            provider="99400002",
            category="54",
            period=half,
            product="54M11",
            volume=Volume(240, Unit.MINUTE, Frequency.PER_MONTH),
        ),
        Assignment(
            reference="MO-04",
            client=BSNS[3],
            municipality="0200",
            provider="99400004",
            category="45",
            period=half,
            product="45M01",
            volume=month,
        ),
        Assignment(
            reference="MO-05",
            client=BSNS[4],
            municipality="0262",
            provider="99400003",
            category="44",
            period=half,
            product="44M30",
            volume=Volume(1, Unit.DAY, Frequency.PER_DAY),
        ),
        Assignment(
            reference="MO-06",
            client=BSNS[0],
            municipality="0200",
            provider="99400001",
            category="45",
            period=Period(date(2026, 7, 1), date(2026, 12, 31)),
            product="45M02",
            volume=month,
        ),
    ]
    a1, a2, a3, a4, a5, _ = assignments
    first, last = date(2026, 3, 1), date(2026, 3, 31)
    basis = claim("R-01", a1, first, last, 6, "321.00")
    march = [
        basis,
        claim("R-02", a2, first, last, 8, "654.64"),
        # claimed in minutes, priced per hour: 90 min = 1.5 h x €117.08
        claim("R-03", a3, first, last, 90, "175.62", unit=Unit.MINUTE),
        claim("R-04", a4, first, last, 4, "214.00"),
        claim("R-05", a5, first, last, 31, "5320.22"),
        # bad: wrong product; over volume; two months; unknown; duplicate
        claim("R-06", a1, first, last, 2, "163.66", product="45M02"),
        claim("R-07", a4, date(2026, 4, 1), date(2026, 4, 30), 9, "481.50"),  # April
        claim("R-08", a2, date(2026, 3, 28), date(2026, 4, 3), 2, "163.66"),
        claim("R-09", a2, first, last, 1, "81.83", number="MO-99"),
        claim("R-10", a4, first, last, 4, "214.00"),
        # credit of R-01 and the corrected debit (5 h)
        credit("R-11", basis),
        claim("R-12", a1, first, last, 5, "267.50"),
    ]
    report = validate(march, assignments, region)
    print_validation(report)
    ledger = report.ledger
    print_settlement(
        "Afrekening maart 2026",
        settle_and_post(ledger, region, Period.month(2026, 3), assignments),
        region,
    )

    # Applications for admission in 2027: one outside the yearly entry date, and for
    # begeleiding basis in Apeldoorn, closed while 3 providers are contracted (sufficient
    # supply); one for the closed product group begeleiding complex (seed 003:L253, L261).
    extra = (
        Provider(agb="99400008", name="Nieuwkomer Begeleiding (fictief)", legal_form="bv"),
        Provider(agb="99400009", name="Complexe Zorg Apeldoorn (fictief)", legal_form="bv"),
    )
    conditions = region.contracts[0].local_conditions
    candidates = (
        Contract(
            reference="MIJOV-2027-008",
            provider="99400008",
            procedure=Procedure.OPEN_HOUSE,
            period=Period(date(2027, 3, 15), date(2035, 12, 31)),
            municipalities=["0200"],
            segments=["BGB"],
            local_conditions=conditions,
        ),
        Contract(
            reference="MIJOV-2027-009",
            provider="99400009",
            procedure=Procedure.OPEN_HOUSE,
            period=Period(date(2027, 1, 1), date(2035, 12, 31)),
            municipalities=["0200"],
            segments=["BGC"],
            local_conditions=conditions,
        ),
    )
    print_findings("Toetreding 2027 (nieuwe aanmeldingen)", check_new_entrants(region, candidates))
    admitted = attrs.evolve(
        region, providers=(*region.providers, *extra), contracts=(*region.contracts, *candidates)
    )
    print_findings(
        "Drempels op aantal aanbieders per 1 juni 2027",
        check_provider_counts(admitted, date(2027, 6, 1)),
    )
    print_findings(
        "Aanbieders met minder dan X cliënten in 2026 (per kalenderjaar; hier alleen maart)",
        check_min_clients(region, ledger, 2026),
    )
    print_findings(
        "Kwaliteitseisen en schaarste per 1 juni 2026",
        [*check_quality_marks(region), *check_scarcity(region, date(2026, 6, 1))],
    )
    print("Regionale monitor in-, door- en uitstroom 2026")
    for flow in flows(assignments, 2026):
        name = region.municipality(flow.municipality).name
        print(
            f"  {name:10} in zorg {flow.in_care}, instroom {flow.inflow}, "
            f"doorstroom {flow.throughflow}, uitstroom {flow.outflow}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
