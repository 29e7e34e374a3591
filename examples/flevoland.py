"""Flevoland: one product set and PxQ for the region, tiers, local conditions, care paths.

Run with ``python examples/flevoland.py``. Urk and Noordoostpolder use only tier
``midden`` (seed 004:L208): there an assignment need not name the tier (it follows from
the local condition), and plain PxQ refuses a claim on another tier (JI-408). Then local
conditions (maximum partners, maximum distance) and care paths with pseudonymised youths.
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
    PSEUDONYM_KEY_VARIABLE,
    care_paths,
    check_max_distance,
    check_provider_counts,
    flows,
    new_pseudonym_key,
    pseudonym_key_from_env,
)
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import validate


def main() -> int:
    region = load_embedded_region("flevoland")
    print(
        f"{region.name}: {len(region.municipalities)} gemeenten; "
        f"AMB via {region.funding_of('AMB').name}"
    )
    half = Period(date(2025, 1, 1), date(2025, 6, 30))
    monthly = Volume(3, Unit.HOUR, Frequency.PER_MONTH)
    assignments = [
        # Urk uses one tier: the assignment names none, midden follows from the condition
        Assignment(
            reference="FL-01",
            client=BSNS[0],
            municipality="0184",
            provider="99500004",
            category="45",
            period=half,
            product="45F01",
            volume=Volume(12, Unit.HOUR, Frequency.PER_MONTH),
        ),
        Assignment(
            reference="FL-02",
            client=BSNS[1],
            municipality="0034",
            provider="99500001",
            category="45",
            period=half,
            product="45F01",
            volume=Volume(12, Unit.HOUR, Frequency.PER_MONTH),
            tier="hoog",
        ),
        # Urk uses one tier: an assignment at "hoog" is refused when claimed (JI-408)
        Assignment(
            reference="FL-03",
            client=BSNS[2],
            municipality="0184",
            provider="99500001",
            category="45",
            period=half,
            product="45F02",
            volume=monthly,
            tier="hoog",
        ),
        # an arrangement rebuilt from building blocks, per week (004:L209)
        Assignment(
            reference="FL-04",
            client=BSNS[3],
            municipality="0995",
            provider="99500006",
            category="50",
            period=half,
            product="50F90",
            volume=Volume(4, Unit.PIECES_EFFORT, Frequency.PER_MONTH),
        ),
        Assignment(
            reference="FL-05",
            client=BSNS[0],
            municipality="0184",
            provider="99500002",
            category="44",
            period=Period(date(2025, 3, 1), date(2025, 9, 30)),
            product="44F10",
            volume=Volume(1, Unit.DAY, Frequency.PER_DAY),
            tier="midden",
        ),
        Assignment(
            reference="FL-06",
            client=BSNS[4],
            municipality="0171",
            provider="99500005",
            category="48",
            period=half,
            product="48F40",
            volume=Volume(1, Unit.DAY, Frequency.PER_DAY),
        ),
    ]
    a1, a2, a3, a4, a5, a6 = assignments
    first, last = date(2025, 3, 1), date(2025, 3, 31)
    stay = claim("R-05", a5, first, last, 31, "2946.86")
    march = [
        claim("R-01", a1, date(2025, 1, 1), date(2025, 1, 31), 10, "645.00"),
        claim("R-02", a2, first, last, 12, "936.00"),
        claim("R-03", a3, first, last, 2, "223.20"),  # refused: tier hoog in Urk
        claim("R-04", a4, first, last, 4, "890.40", unit=Unit.PIECES_EFFORT),
        stay,
        claim("R-06", a6, first, last, 31, "1395.00"),
        # bad: wrong product; over volume; two months; unknown; duplicate
        claim("R-07", a1, first, last, 2, "187.20", product="45F02"),
        claim("R-08", a2, date(2025, 4, 1), date(2025, 4, 30), 13, "1014.00"),
        claim("R-09", a6, date(2025, 2, 27), date(2025, 3, 2), 4, "180.00"),
        claim("R-10", a6, first, last, 1, "45.00", number="FL-99"),
        claim("R-11", a4, first, last, 4, "890.40", unit=Unit.PIECES_EFFORT),
        # credit of R-05 and the corrected debit (30 days)
        credit("R-12", stay),
        claim("R-13", a5, first, last, 30, "2851.80"),
    ]
    report = validate(march, assignments, region)
    print_validation(report)
    ledger = report.ledger
    print_settlement(
        "Afrekening januari-maart 2025",
        settle_and_post(ledger, region, Period(date(2025, 1, 1), date(2025, 3, 31)), assignments),
        region,
    )

    # A regional provider from outside applies to work everywhere (seed 004:L50, L189).
    far = Provider(
        agb="99500007",
        name="Kustlijn Jeugdzorg (fictief)",
        legal_form="bv",
        distance_km={"0034": 30, "0303": 40, "0995": 35, "0171": 48, "0184": 45},
    )
    candidate = Contract(
        reference="FLV-2025-007",
        provider="99500007",
        procedure=Procedure.TENDER,
        period=Period(date(2025, 7, 1), date(2027, 12, 31)),
        municipalities=[m.code for m in region.municipalities],
        segments=["AMB"],
        local_conditions=region.contracts[0].local_conditions,
    )
    wider = attrs.evolve(
        region, providers=(*region.providers, far), contracts=(*region.contracts, candidate)
    )
    print_findings(
        "Lokale voorwaarden per 1 juli 2025 (met Kustlijn)",
        [
            *check_provider_counts(wider, date(2025, 7, 1)),
            *check_max_distance(wider, date(2025, 7, 1)),
        ],
    )
    # The pseudonym key is a secret of the region, never written in code: read it from
    # the environment (hex of 32 random bytes), or make a fresh one for this run only.
    key = pseudonym_key_from_env()
    if key is None:
        key = new_pseudonym_key()
        print(
            f"Zorgpaden (gepseudonimiseerd; {PSEUDONYM_KEY_VARIABLE} niet gezet, dus een "
            "nieuwe sleutel voor alleen deze run: de pseudoniemen verschillen per run)"
        )
    else:
        print(f"Zorgpaden (gepseudonimiseerd met de sleutel uit {PSEUDONYM_KEY_VARIABLE})")
    for path in care_paths(assignments, ledger, key):
        steps = " -> ".join(path.products)
        print(
            f"  jeugdige {path.youth}: {steps}, {path.days} dagen, "
            f"kosten {path.total_cost.format()}"
        )
    print("In-, door- en uitstroom 2025")
    for flow in flows(assignments, 2025):
        print(
            f"  {region.municipality(flow.municipality).name:16} in zorg {flow.in_care}, "
            f"instroom {flow.inflow}, doorstroom {flow.throughflow}, uitstroom {flow.outflow}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
