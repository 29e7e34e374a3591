"""Behaviour of :class:`PersonalBudget` [persoonsvolgend budget]: the IJsselland example.

regions.md (IJsselland, *example*): budget € 5,000.00, integral tariff € 80.00/hour.
Claims of 10 h (€ 800.00) and 20 h (€ 1,600.00) are accepted; 40 h (€ 3,200.00) would
bring the total to € 5,600.00 and is refused whole. When the assignment ends, € 2,600.00
is released to the municipality.
"""

from __future__ import annotations

from datetime import date

import pytest

from jeugdinkoop.codes import Unit
from jeugdinkoop.funding import EntryKind, Ledger, PersonalBudget, Settlement
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
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import ValidationReport, validate

PROVIDER = "12345678"
CLIENT = "111222333"
ZWOLLE = "0193"
FIRST_HALF = Period(date(2025, 1, 1), date(2025, 6, 30))


def ijsselland() -> Region:
    """IJsselland's ambulant segment: one integral product 45P01 at € 80.00 per hour."""
    valid = Period(date(2025, 1, 1), date(2026, 12, 31))
    return Region(
        code="ijsselland-test",
        name="IJsselland (test)",
        municipalities=[
            Municipality(code=ZWOLLE, name="Zwolle"),
            Municipality(code="0148", name="Dalfsen"),
        ],
        segments=[Segment(code="AJH", name="Ambulante jeugdhulp", funding=PersonalBudget())],
        catalog=ProductCatalog(
            [
                Product(
                    code="45P01",
                    category="45",
                    name="Integrale ambulante jeugdhulp",
                    unit="04",
                    segment="AJH",
                )
            ]
        ),
        tariffs=TariffTable([Tariff(product="45P01", rate="80.00", unit=Unit.HOUR, period=valid)]),
        providers=[Provider(agb=PROVIDER, name="Zorg IJssel")],
        contracts=[
            Contract(
                reference="IJ-1",
                provider=PROVIDER,
                procedure="open_house",
                period=valid,
                municipalities=[ZWOLLE, "0148"],
                segments=["AJH"],
            )
        ],
    )


def budget_assignment(
    reference: str = "T-1",
    budget: str = "5000.00",
    period: Period = FIRST_HALF,
    follows: str | None = None,
) -> Assignment:
    return Assignment(
        reference=reference,
        client=CLIENT,
        municipality=ZWOLLE,
        provider=PROVIDER,
        category="45",
        period=period,
        product="45P01",
        budget=budget,
        follows=follows,
    )


def hours(reference: str, month: int, quantity: int, assignment: str = "T-1") -> Claim:
    """A claim of ``quantity`` hours in a month of 2025 at € 80.00 per hour."""
    month_period = Period.month(2025, month)
    assert month_period.end is not None
    return Claim(
        reference=reference,
        assignment=assignment,
        provider=PROVIDER,
        client=CLIENT,
        municipality=ZWOLLE,
        product="45P01",
        start=month_period.start,
        end=month_period.end,
        quantity=quantity,
        unit=Unit.HOUR,
        amount=Money("80.00") * quantity,
    )


def _example() -> tuple[Region, Assignment, ValidationReport]:
    region = ijsselland()
    assignment = budget_assignment()
    report = validate([hours("R-1", 1, 10), hours("R-2", 2, 20)], [assignment], region)
    return region, assignment, report


def test_claims_that_fit_are_accepted() -> None:
    """10 h × 80.00 = € 800.00 and 20 h × 80.00 = € 1,600.00: € 2,400.00 of € 5,000.00 used."""
    _, _, report = _example()
    assert [Money("800.00"), Money("1600.00")] == [a.amount for a in report.accepted]
    assert Money("2400.00") == report.total_accepted


def test_a_claim_that_does_not_fit_is_refused_whole() -> None:
    """A claim that does not fit is refused whole.

    40 h = € 3,200.00; 2,400.00 + 3,200.00 = 5,600.00 > 5,000.00 → refused whole (JI-406,
    iJw 9369), not cut to the € 2,600.00 left. The message names amount, used, budget, left.
    """
    region, assignment, report = _example()
    refused = validate([hours("R-3", 3, 40)], [assignment], region, ledger=report.ledger)
    assert () == refused.accepted
    assert [("JI-406", "9369")] == [(f.code, f.ijw_code) for f in refused.findings]
    values = refused.findings[0].values
    expected = {
        "amount": str(Money("3200.00")),
        "used": str(Money("2400.00")),
        "budget": str(Money("5000.00")),
        "left": str(Money("2600.00")),
    }
    assert expected == {k: values[k] for k in expected}
    assert "claim R-3" == refused.findings[0].subject


def test_a_claim_that_fills_the_budget_exactly_fits() -> None:
    """2,400.00 used + 32.5 h × 80.00 = € 2,600.00 = exactly the rest → accepted."""
    region, assignment, report = _example()
    exact = Claim(
        reference="R-3",
        assignment="T-1",
        provider=PROVIDER,
        client=CLIENT,
        municipality=ZWOLLE,
        product="45P01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity="32.5",
        unit=Unit.HOUR,
        amount="2600.00",
    )
    accepted = validate([exact], [assignment], region, ledger=report.ledger)
    assert Money("2600.00") == accepted.total_accepted


def test_unused_budget_is_released_to_the_municipality_at_the_end() -> None:
    """Unused budget is released to the municipality at the end.

    Settling 2025-01-01..2025-06-30 (the assignment ends 30 June): payable € 2,400.00 (the
    claims) to the provider; released 5,000.00 − 2,400.00 = € 2,600.00 to the municipality
    as a RELEASE posting dated 30 June; the provider is never paid the rest. The € 2,400.00
    is posted as one PAYMENT per calendar month with claims in it (so that a later
    settlement of one of those months nets it out): € 800.00 for January (R-1) and
    € 1,600.00 for February (R-2).
    """
    region, assignment, report = _example()
    result = settle(report.ledger, region, FIRST_HALF, assignments=[assignment])
    [line] = result.lines
    assert (Money("2400.00"), Money("2600.00"), Money("5000.00")) == (
        line.payable,
        line.released,
        line.budget,
    )
    releases = [p for p in result.postings if p.kind is EntryKind.RELEASE]
    assert [(Money("2600.00"), date(2025, 6, 30))] == [(p.amount, p.period.start) for p in releases]
    payments = [p for p in result.postings if p.kind.is_transfer]
    assert [
        (Money("800.00"), "2025-01-01..2025-01-31"),
        (Money("1600.00"), "2025-02-01..2025-02-28"),
    ] == [(p.amount, str(p.period)) for p in payments]


def test_budget_is_open_while_the_assignment_runs() -> None:
    """Settling March (assignment runs to 30 June): nothing released; € 2,600.00 still open."""
    region, assignment, report = _example()
    result = settle(report.ledger, region, Period.month(2025, 3), assignments=[assignment])
    [line] = result.lines
    assert (Money("0"), Money("2600.00")) == (line.released, line.open)
    assert [] == [p for p in result.postings if p.kind is EntryKind.RELEASE]


def test_follow_up_assignment_adds_budget_to_the_same_pool() -> None:
    """Follow up assignment adds budget to the same pool.

    After evaluation, T-2 follows T-1 with € 1,000.00 more: pool 6,000.00. The 40 h claim
    (€ 3,200.00) on T-2 now fits: 2,400.00 + 3,200.00 = 5,600.00 ≤ 6,000.00. At the end of
    T-2 (30 September) € 400.00 is released, once, on the root T-1.
    """
    region, first, report = _example()
    follow_up = budget_assignment(
        "T-2", "1000.00", Period(date(2025, 7, 1), date(2025, 9, 30)), follows="T-1"
    )
    more = validate(
        [hours("R-3", 7, 40, assignment="T-2")], [first, follow_up], region, ledger=report.ledger
    )
    assert Money("3200.00") == more.total_accepted
    year = settle(more.ledger, region, Period.year(2025), assignments=[first, follow_up])
    [line] = year.lines
    assert (Money("5600.00"), Money("400.00"), Money("6000.00")) == (
        line.payable,
        line.released,
        line.budget,
    )
    releases = [p for p in year.postings if p.kind is EntryKind.RELEASE]
    assert [("release T-1", Money("400.00"))] == [(p.key, p.amount) for p in releases]


def test_follow_up_does_not_release_when_the_first_part_ends() -> None:
    """Follow up does not release when the first part ends.

    T-1 ends 30 June but T-2 follows it to 30 September: settling the first half releases
    nothing; the pool (€ 6,000.00, 2,400.00 used) is still open: € 3,600.00.
    """
    region, first, report = _example()
    follow_up = budget_assignment(
        "T-2", "1000.00", Period(date(2025, 7, 1), date(2025, 9, 30)), follows="T-1"
    )
    result = settle(report.ledger, region, FIRST_HALF, assignments=[first, follow_up])
    [line] = result.lines
    assert (Money("0"), Money("3600.00")) == (line.released, line.open)


def _settle_twice() -> tuple[Settlement, Settlement, Ledger]:
    region, assignment, report = _example()
    ledger = report.ledger.copy()
    first = settle(ledger, region, FIRST_HALF, assignments=[assignment])
    ledger.post(first.postings)
    second = settle(ledger, region, FIRST_HALF, assignments=[assignment])
    return first, second, ledger


def test_settling_twice_releases_once() -> None:
    """Settling twice releases once.

    With the first settlement's postings in the ledger, a second settlement of the same
    period posts no second RELEASE: the ledger holds one release of € 2,600.00.
    """
    _, second, ledger = _settle_twice()
    assert [] == [p for p in second.postings if p.kind is EntryKind.RELEASE]
    assert 0 == ledger.post(p for p in second.postings if p.kind is EntryKind.RELEASE)
    releases = [e for e in ledger if e.kind is EntryKind.RELEASE]
    assert [Money("2600.00")] == [e.amount for e in releases]


def test_settling_twice_pays_nothing_more() -> None:
    """Settling twice pays nothing more.

    Second settle of 2025-01-01..06-30 after posting the first: payable 2,400.00,
    advanced 2,400.00 (the first settle's payment), balance € 0.00, no new postings.
    """
    _, second, _ = _settle_twice()
    [line] = second.lines
    assert (Money("2400.00"), Money("2400.00"), Money("0.00")) == (
        line.payable,
        line.advanced,
        line.balance,
    )
    assert () == second.postings


def test_a_credit_frees_budget() -> None:
    """A credit frees budget.

    Credit R-2 (€ 1,600.00): used falls from 2,400.00 to 800.00, so the 40 h claim
    (€ 3,200.00) fits: 800.00 + 3,200.00 = 4,000.00 ≤ 5,000.00. Released at the end:
    5,000.00 − 4,000.00 = € 1,000.00.
    """
    region, assignment, report = _example()
    credit = Claim(
        reference="R-2C",
        assignment="T-1",
        provider=PROVIDER,
        client=CLIENT,
        municipality=ZWOLLE,
        product="45P01",
        start=date(2025, 2, 1),
        end=date(2025, 2, 28),
        quantity=20,
        unit=Unit.HOUR,
        amount="1600.00",
        debit_credit="C",
        reverses="R-2",
    )
    after = validate([hours("R-3", 3, 40), credit], [assignment], region, ledger=report.ledger)
    assert [Money("-1600.00"), Money("3200.00")] == [a.amount for a in after.accepted]
    result = settle(after.ledger, region, FIRST_HALF, assignments=[assignment])
    assert Money("1000.00") == result.total("released")
    assert Money("4000.00") == result.total("payable")


def test_an_assignment_without_budget_is_refused() -> None:
    """A volume assignment under PersonalBudget carries no budget → JI-705 naming T-9."""
    from jeugdinkoop.model import Volume

    region = ijsselland()
    assignment = Assignment(
        reference="T-9",
        client=CLIENT,
        municipality=ZWOLLE,
        provider=PROVIDER,
        category="45",
        period=FIRST_HALF,
        product="45P01",
        volume=Volume(10, Unit.HOUR, "4"),
    )
    report = validate([hours("R-1", 1, 1, assignment="T-9")], [assignment], region)
    assert ["JI-705"] == [f.code for f in report.findings]
    assert "T-9" in report.findings[0].message_in("en")


def test_assignments_by_position_still_settle_but_warn() -> None:
    """The old ``settle(ledger, region, period, assignments)`` warns and gives the same result.

    Same example as above: released € 2,600.00 either way; the warning names the keyword.
    Positional and keyword assignments together are refused.
    """
    region, assignment, report = _example()
    expected = settle(report.ledger, region, FIRST_HALF, assignments=[assignment])
    with pytest.warns(DeprecationWarning, match=r"pass assignments=\.\.\. by keyword"):
        old = settle(report.ledger, region, FIRST_HALF, [assignment])
    assert old == expected
    assert Money("2600.00") == old.lines[0].released
    with pytest.raises(TypeError, match="assignments by keyword"):
        settle(report.ledger, region, FIRST_HALF, [assignment], assignments=[assignment])
