"""Hypothesis properties of settlement: money is conserved and credits reverse debits.

The claims are PxQ lines of 45A01 (€ 78.00/h) by provider 22222222 on the example region
and, for personal budgets, 45P01 (€ 80.00/h) under a € 5,000.00 budget (IJsselland).
"""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.funding import PersonalBudget
from jeugdinkoop.io import load_example_region
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
    Tariff,
    TariffTable,
    Volume,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import EntryKind, settle
from jeugdinkoop.validation import validate

PROPERTY = settings(max_examples=40, deadline=None, database=None)
CLIENT = "111222333"
KOMPAS = "22222222"

# (municipality, month, hours)
lines_strategy = st.lists(
    st.tuples(st.sampled_from(["0001", "0002", "0003"]), st.integers(1, 12), st.integers(1, 40)),
    min_size=1,
    max_size=12,
)


def _effort_claims(lines: list[tuple[str, int, int]]) -> tuple[list[Claim], list[Assignment]]:
    assignments = [
        Assignment(
            f"T-{m}",
            CLIENT,
            m,
            KOMPAS,
            "45",
            Period.year(2025),
            product="45A01",
            volume=Volume(100, Unit.HOUR, "4"),
        )
        for m in ("0001", "0002", "0003")
    ]
    claims = []
    for i, (m, month, hours) in enumerate(lines):
        period = Period.month(2025, month)
        assert period.end is not None
        claims.append(
            Claim(
                f"R-{i}",
                f"T-{m}",
                KOMPAS,
                CLIENT,
                m,
                "45A01",
                period.start,
                period.end,
                hours,
                Unit.HOUR,
                Money("78.00") * hours,
            )
        )
    return claims, assignments


@PROPERTY
@given(lines_strategy)
def test_effort_settlement_pays_exactly_what_was_accepted(
    lines: list[tuple[str, int, int]],
) -> None:
    """Sum of AMB line payables over 2025 == sum of accepted claim amounts (78.00 × hours)."""
    claims, assignments = _effort_claims(lines)
    region = load_example_region()
    report = validate(claims, assignments, region)
    year = settle(report.ledger, region, Period.year(2025))
    paid = Money.sum(line.payable for line in year if line.segment == "AMB")
    assert report.total_accepted == paid
    assert Money.sum(line.balance for line in year if line.segment == "AMB") == paid


@PROPERTY
@given(lines_strategy, st.data())
def test_credits_exactly_reverse_their_debits(
    lines: list[tuple[str, int, int]], data: st.DataObject
) -> None:
    """Crediting every accepted debit brings the ledger's paid-out total back to € 0.00."""
    claims, assignments = _effort_claims(lines)
    region = load_example_region()
    first = validate(claims, assignments, region)
    credits = [
        Claim(
            f"{a.claim.reference}C",
            a.claim.assignment,
            a.claim.provider,
            a.claim.client,
            a.claim.municipality,
            a.claim.product,
            a.claim.start,
            a.claim.end,
            a.claim.quantity,
            a.claim.unit,
            a.claim.amount,
            debit_credit="C",
            reverses=a.claim.reference,
        )
        for a in first.accepted
    ]
    credits = data.draw(st.permutations(credits))
    second = validate(credits, assignments, region, ledger=first.ledger)
    assert len(first.accepted) == len(second.accepted)
    assert Money.zero() == Money.sum(e.amount for e in second.ledger if e.kind.is_paid_out)
    year = settle(second.ledger, region, Period.year(2025))
    assert Money.zero() == Money.sum(line.payable for line in year if line.segment == "AMB")


def _ijsselland() -> Region:
    valid = Period(date(2025, 1, 1), date(2026, 12, 31))
    return Region(
        "ijsselland-prop",
        "IJsselland (property)",
        [Municipality("0193", "Zwolle")],
        [Segment("AJH", "Ambulante jeugdhulp", funding=PersonalBudget())],
        ProductCatalog([Product("45P01", "45", "Integraal", "04", "AJH")]),
        TariffTable([Tariff("45P01", "80.00", Unit.HOUR, valid)]),
        [Provider("12345678", "Zorg")],
        [Contract("C", "12345678", "open_house", valid, ["0193"], segments=["AJH"])],
    )


@PROPERTY
@given(
    st.lists(st.tuples(st.integers(1, 6), st.integers(1, 40)), min_size=0, max_size=8),
    st.integers(1, 7),
)
def test_personal_budget_is_drawn_released_or_open(
    hours: list[tuple[int, int]], settle_to_month: int
) -> None:
    """Personal budget is drawn released or open.

    € 5,000.00 budget, Jan–Jun, claims of h × 80.00: settling Jan..month M, budget ==
    drawn (every accepted claim) + released + open; payable is the claims up to month M;
    what is released is posted as RELEASE, never as a transfer to the provider.
    """
    region = _ijsselland()
    assignment = Assignment(
        "T-1",
        CLIENT,
        "0193",
        "12345678",
        "45",
        Period(date(2025, 1, 1), date(2025, 6, 30)),
        product="45P01",
        budget="5000.00",
    )
    claims = []
    for i, (month, h) in enumerate(hours):
        period = Period.month(2025, month)
        assert period.end is not None
        claims.append(
            Claim(
                f"R-{i}",
                "T-1",
                "12345678",
                CLIENT,
                "0193",
                "45P01",
                period.start,
                period.end,
                h,
                Unit.HOUR,
                Money("80.00") * h,
            )
        )
    report = validate(claims, [assignment], region)
    assert report.total_accepted <= Money("5000.00")
    end = Period.month(2025, settle_to_month).end
    assert end is not None
    result = settle(report.ledger, region, Period(date(2025, 1, 1), end), [assignment])
    [line] = result.lines
    drawn = Money.sum(e.amount for e in report.ledger if e.kind.is_paid_out)
    assert Money("5000.00") == drawn + line.released + line.open
    in_period = Money.sum(
        e.amount for e in report.ledger if e.kind.is_paid_out and e.period.start <= end
    )
    assert line.payable == in_period
    releases = [p for p in result.postings if p.kind is EntryKind.RELEASE]
    assert line.released == Money.sum(p.amount for p in releases)
    assert all(not p.kind.is_transfer for p in releases)
