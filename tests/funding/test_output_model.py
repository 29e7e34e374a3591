"""Behaviour of :class:`OutputBased` [outputgericht, trajectfinanciering] with hand-worked numbers.

The matrix used here (profile × intensity → amount per trajectory):

=======  ==========  ==========
profile  A           B
=======  ==========  ==========
1        € 609.84    € 1,146.36
2        € 900.00    —
=======  ==========  ==========
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jeugdinkoop.codes import EndReason, Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import (
    Arrangement,
    ArrangementMatrix,
    FundingContext,
    Ledger,
    OutputBased,
    PaymentSchedule,
    ScheduleKind,
)
from jeugdinkoop.model import (
    Assignment,
    Claim,
    Contract,
    Municipality,
    Product,
    ProductCatalog,
    Provider,
    Region,
    Segment,
    TariffTable,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import ValidationReport, validate

PROVIDER = "12345678"
CLIENT = "111222333"
GEMEENTE = "0193"
TRAJECTORY = Period(date(2025, 1, 6), date(2025, 6, 30))
MATRIX = ArrangementMatrix(
    [
        Arrangement("1", "A", "609.84"),
        Arrangement("1", "B", "1146.36"),
        Arrangement("2", "A", "900.00"),
    ]
)


def output_region(schedule: PaymentSchedule) -> Region:
    """One output segment MID: trajectory product 45T01 (unit 82) and an hourly 45T02."""
    valid = Period(date(2025, 1, 1), date(2026, 12, 31))
    return Region(
        code="output-test",
        name="Output (test)",
        municipalities=[Municipality(code=GEMEENTE, name="Zwolle")],
        segments=[
            Segment(code="MID", name="Segment midden", funding=OutputBased(MATRIX, schedule))
        ],
        catalog=ProductCatalog(
            [
                Product(
                    code="45T01",
                    category="45",
                    name="Traject ambulant",
                    unit=Unit.PIECES_OUTPUT,
                    segment="MID",
                ),
                Product(
                    code="45T02",
                    category="45",
                    name="Begeleiding per uur",
                    unit=Unit.HOUR,
                    segment="MID",
                ),
            ]
        ),
        tariffs=TariffTable([]),
        providers=[Provider(agb=PROVIDER, name="Zorg")],
        contracts=[
            Contract(
                reference="C-1",
                provider=PROVIDER,
                procedure="open_house",
                period=valid,
                municipalities=[GEMEENTE],
                segments=["MID"],
            )
        ],
    )


def trajectory(
    profile: str = "1",
    intensity: str = "B",
    product: str = "45T01",
    end_reason: EndReason | None = None,
    budget: str | None = None,
) -> Assignment:
    return Assignment(
        reference="T-1",
        client=CLIENT,
        municipality=GEMEENTE,
        provider=PROVIDER,
        category="45",
        period=TRAJECTORY,
        product=product,
        profile=profile,
        intensity=intensity,
        end_reason=end_reason,
        budget=budget,
    )


def piece(  # noqa: PLR0917 - mirrors the iJw fields in order
    reference: str,
    start: date,
    end: date,
    amount: str,
    quantity: int = 1,
    unit: Unit = Unit.PIECES_OUTPUT,
    product: str = "45T01",
) -> Claim:
    return Claim(
        reference=reference,
        assignment="T-1",
        provider=PROVIDER,
        client=CLIENT,
        municipality=GEMEENTE,
        product=product,
        start=start,
        end=end,
        quantity=quantity,
        unit=unit,
        amount=amount,
    )


def _codes(report: ValidationReport) -> list[str]:
    return [f.code for f in report.findings]


AT_START = PaymentSchedule(ScheduleKind.AT_START)
SIXTY_FORTY = PaymentSchedule(ScheduleKind.START_AND_END, start_pct=Decimal(60))


# -- schedules -----------------------------------------------------------------------


def test_matrix_cell_amount() -> None:
    """Profile 1 × intensity B → € 1,146.36; profile 2 × B is no cell (None)."""
    assert Money("1146.36") == MATRIX.amount("1", "B")
    assert MATRIX.amount("2", "B") is None


def test_matrix_refuses_a_cell_twice() -> None:
    """Two cells for profile 1 × intensity A are an error naming both."""
    with pytest.raises(InvalidValue, match="profile '1' × intensity 'A' occurs twice"):
        ArrangementMatrix([Arrangement("1", "A", "1.00"), Arrangement("1", "A", "2.00")])


def test_start_and_end_sixty_forty() -> None:
    """Start and end sixty forty.

    60 % of € 1,146.36 = 687.816 → € 687.82 at the start; the rest 1,146.36 − 687.82 =
    € 458.54 is due once the trajectory ended (30 June).
    """
    parts = SIXTY_FORTY.instalments(Money("1146.36"), TRAJECTORY)
    assert [(1, Money("687.82"), date(2025, 1, 6)), (2, Money("458.54"), date(2025, 6, 30))] == [
        (i.number, i.amount, i.due.start) for i in parts
    ]


def test_monthly_instalments_allocate_to_the_cent() -> None:
    """Monthly instalments allocate to the cent.

    € 1,000.00 over 3 months: 100,000 cents / 3 = 33,333.33 → 333.34, 333.33, 333.33 (the
    left cent to the first); due from 6 Jan, 1 Feb and 1 Mar; they add up to € 1,000.00.
    """
    schedule = PaymentSchedule(ScheduleKind.MONTHLY, months=3)
    parts = schedule.instalments(Money("1000.00"), TRAJECTORY)
    assert [
        (Money("333.34"), date(2025, 1, 6)),
        (Money("333.33"), date(2025, 2, 1)),
        (Money("333.33"), date(2025, 3, 1)),
    ] == [(i.amount, i.due.start) for i in parts]
    assert Money("1000.00") == Money.sum(i.amount for i in parts)


def test_at_start_pays_the_whole_arrangement_once() -> None:
    """At start pays the whole arrangement once.

    At start: January pays € 1,146.36; a second claim in February → JI-702 (already paid
    in full), so never more than the arrangement amount.
    """
    region = output_region(AT_START)
    first = piece("R-1", date(2025, 1, 6), date(2025, 1, 31), "1146.36")
    second = piece("R-2", date(2025, 2, 1), date(2025, 2, 28), "1146.36")
    report = validate([first, second], [trajectory()], region)
    assert [Money("1146.36")] == [a.amount for a in report.accepted]
    assert ["JI-702"] == _codes(report)
    assert str(Money("1146.36")) in report.findings[0].message


def test_start_and_end_through_validate() -> None:
    """Start and end through validate.

    60/40 of € 1,146.36: January pays € 687.82; a claim in March finds instalment 2 not
    yet due (due 30 June) → JI-703; a claim for June (ending 30 June) pays € 458.54; total
    € 1,146.36; a further claim for June, while that one stands, is a second debit for the
    same period → JI-602 (iJw 9389).
    """
    region = output_region(SIXTY_FORTY)
    assignment = trajectory()
    start = validate(
        [piece("R-1", date(2025, 1, 6), date(2025, 1, 31), "687.82")], [assignment], region
    )
    assert Money("687.82") == start.total_accepted
    early = validate(
        [piece("R-2", date(2025, 3, 1), date(2025, 3, 31), "458.54")],
        [assignment],
        region,
        ledger=start.ledger,
    )
    assert ["JI-703"] == _codes(early)
    assert "2" == early.findings[0].values["instalment"]
    end = validate(
        [piece("R-3", date(2025, 6, 1), date(2025, 6, 30), "458.54")],
        [assignment],
        region,
        ledger=start.ledger,
    )
    assert Money("458.54") == end.total_accepted
    after = validate(
        [piece("R-4", date(2025, 6, 1), date(2025, 6, 30), "458.54")],
        [assignment],
        region,
        ledger=end.ledger,
    )
    assert ["JI-602"] == _codes(after)


def test_monthly_through_validate() -> None:
    """Monthly through validate.

    Monthly over 3 months of profile 2 × A (€ 900.00): 300.00 each month; a claim of 2
    pieces in March pays instalments 2 and 3 together only if both are due — instalment 3
    is due 1 March, so it pays 300.00 + 300.00 = € 600.00.
    """
    region = output_region(PaymentSchedule(ScheduleKind.MONTHLY, months=3))
    assignment = trajectory(profile="2", intensity="A")
    jan = validate(
        [piece("R-1", date(2025, 1, 6), date(2025, 1, 31), "300.00")], [assignment], region
    )
    assert Money("300.00") == jan.total_accepted
    march = validate(
        [piece("R-2", date(2025, 3, 1), date(2025, 3, 31), "600.00", quantity=2)],
        [assignment],
        region,
        ledger=jan.ledger,
    )
    assert Money("600.00") == march.total_accepted


def test_hours_are_refused() -> None:
    """A claim of 10 hours on an output segment → JI-403 naming unit and model."""
    region = output_region(AT_START)
    assignment = trajectory(product="45T02")
    claim = piece(
        "R-1", date(2025, 1, 6), date(2025, 1, 31), "780.00", 10, Unit.HOUR, product="45T02"
    )
    report = validate([claim], [assignment], region)
    assert ["JI-403"] == _codes(report)
    assert {"unit": "uur", "model": "output"} == dict(report.findings[0].values)


def test_no_matrix_cell_is_refused() -> None:
    """Profile 2 × intensity B is no cell → JI-701 naming profile and intensity."""
    region = output_region(AT_START)
    report = validate(
        [piece("R-1", date(2025, 1, 6), date(2025, 1, 31), "1.00")],
        [trajectory(profile="2", intensity="B")],
        region,
    )
    assert ["JI-701"] == _codes(report)
    assert {"profile": "2", "intensity": "B"} == dict(report.findings[0].values)


def test_a_budget_in_euros_overrides_the_matrix() -> None:
    """A trajectory assigned as € 750.00 (quote) pays € 750.00 at start, not the cell."""
    model = OutputBased(MATRIX, AT_START)
    assignment = trajectory(budget="750.00")
    ctx = FundingContext(output_region(AT_START), Ledger(), {"T-1": assignment})
    claim = piece("R-1", date(2025, 1, 6), date(2025, 1, 31), "750.00")
    assert Money("750.00") == model.price(claim, assignment, ctx)


@pytest.mark.parametrize(
    "reason", [None, EndReason.AS_PLANNED, EndReason.EARLY_BY_CLIENT, EndReason.EARLY_BY_PROVIDER]
)
def test_results_do_not_change_payment(reason: EndReason | None) -> None:
    """Results do not change payment.

    However the trajectory ended (as planned, early by client or provider, or not yet), the
    start instalment of 1 × B at 60 % is € 687.82.
    """
    model = OutputBased(MATRIX, SIXTY_FORTY)
    assignment = trajectory(end_reason=reason)
    ctx = FundingContext(output_region(SIXTY_FORTY), Ledger(), {"T-1": assignment})
    claim = piece("R-1", date(2025, 1, 6), date(2025, 1, 31), "687.82")
    assert Money("687.82") == model.price(claim, assignment, ctx)


def test_output_claim_with_a_tariff_field_does_not_raise() -> None:
    """Output claim with a tariff field does not raise.

    An output claim that sends ProductTarief € 1,146.36 on product 45T01 (no tariff table
    entry: output is not priced per unit) is still accepted for € 1,146.36; validate() never
    raises on bad data in a record (DESIGN §5).
    """
    region = output_region(AT_START)
    claim = Claim(
        reference="R-1",
        assignment="T-1",
        provider=PROVIDER,
        client=CLIENT,
        municipality=GEMEENTE,
        product="45T01",
        start=date(2025, 1, 6),
        end=date(2025, 1, 31),
        quantity=1,
        unit=Unit.PIECES_OUTPUT,
        amount="1146.36",
        tariff="1146.36",
    )
    report = validate([claim], [trajectory()], region)
    assert Money("1146.36") == report.total_accepted
