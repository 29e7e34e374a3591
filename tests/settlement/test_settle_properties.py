"""Hypothesis properties of settlement: money is conserved and credits reverse debits.

The claims are PxQ lines of 45A01 (€ 78.00/h) by provider 22222222 on the example region
and, for personal budgets, 45P01 (€ 80.00/h) under a € 5,000.00 budget (IJsselland).
The example region also pays lumpsum advances on segment VBL and settles them at year
end, so the settlement properties cover advances, payments and adjustments.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import SettlementOverlap
from jeugdinkoop.funding import PersonalBudget
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.io.converter import converter
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
from jeugdinkoop.settlement import Entry, EntryKind, Ledger, Settlement, settle
from jeugdinkoop.validation import validate

MONEY = settings.get_profile("money")
"""The money properties' settings: 50 examples locally, 1,000 in CI (conftest.py)."""
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
            reference=f"T-{m}",
            client=CLIENT,
            municipality=m,
            provider=KOMPAS,
            category="45",
            period=Period.year(2025),
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
                reference=f"R-{i}",
                assignment=f"T-{m}",
                provider=KOMPAS,
                client=CLIENT,
                municipality=m,
                product="45A01",
                start=period.start,
                end=period.end,
                quantity=hours,
                unit=Unit.HOUR,
                amount=Money("78.00") * hours,
            )
        )
    return claims, assignments


@pytest.mark.money
@MONEY
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


@pytest.mark.money
@MONEY
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
            reference=f"{a.claim.reference}C",
            assignment=a.claim.assignment,
            provider=a.claim.provider,
            client=a.claim.client,
            municipality=a.claim.municipality,
            product=a.claim.product,
            start=a.claim.start,
            end=a.claim.end,
            quantity=a.claim.quantity,
            unit=a.claim.unit,
            amount=a.claim.amount,
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
        code="ijsselland-prop",
        name="IJsselland (property)",
        municipalities=[Municipality(code="0193", name="Zwolle")],
        segments=[Segment(code="AJH", name="Ambulante jeugdhulp", funding=PersonalBudget())],
        catalog=ProductCatalog(
            [Product(code="45P01", category="45", name="Integraal", unit="04", segment="AJH")]
        ),
        tariffs=TariffTable([Tariff(product="45P01", rate="80.00", unit=Unit.HOUR, period=valid)]),
        providers=[Provider(agb="12345678", name="Zorg")],
        contracts=[
            Contract(
                reference="C",
                provider="12345678",
                procedure="open_house",
                period=valid,
                municipalities=["0193"],
                segments=["AJH"],
            )
        ],
    )


@pytest.mark.money
@MONEY
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
        reference="T-1",
        client=CLIENT,
        municipality="0193",
        provider="12345678",
        category="45",
        period=Period(date(2025, 1, 1), date(2025, 6, 30)),
        product="45P01",
        budget="5000.00",
    )
    claims = []
    for i, (month, h) in enumerate(hours):
        period = Period.month(2025, month)
        assert period.end is not None
        claims.append(
            Claim(
                reference=f"R-{i}",
                assignment="T-1",
                provider="12345678",
                client=CLIENT,
                municipality="0193",
                product="45P01",
                start=period.start,
                end=period.end,
                quantity=h,
                unit=Unit.HOUR,
                amount=Money("80.00") * h,
            )
        )
    report = validate(claims, [assignment], region)
    assert report.total_accepted <= Money("5000.00")
    end = Period.month(2025, settle_to_month).end
    assert end is not None
    result = settle(report.ledger, region, Period(date(2025, 1, 1), end), assignments=[assignment])
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


@st.composite
def periods_2025(draw: st.DrawFn) -> Period:
    """A period of 2025: whole calendar months (half the time), or any span of days."""
    if draw(st.booleans()):
        first = draw(st.integers(1, 12))
        last = draw(st.integers(first, 12))
        end = Period.month(2025, last).end
        assert end is not None
        return Period(Period.month(2025, first).start, end)
    start = draw(st.dates(date(2025, 1, 1), date(2025, 12, 31)))
    return Period(start, draw(st.dates(start, date(2025, 12, 31))))


Key = tuple[AGBCode, MunicipalityCode, str]


def _transfers_within(ledger: Ledger, period: Period) -> dict[Key, Money]:
    paid: dict[Key, Money] = defaultdict(Money.zero)
    for entry in ledger:
        if entry.kind.is_transfer and period.contains(entry.period):
            paid[(entry.provider, entry.municipality, entry.segment)] += entry.amount
    return {k: v for k, v in paid.items() if v}


def _due(settlement: Settlement) -> dict[Key, Money]:
    return {line.key: line.payable for line in settlement if line.payable}


def _is_whole_months(period: Period) -> bool:
    assert period.end is not None
    return period.start.day == 1 and Period.month(period.end.year, period.end.month).end == (
        period.end
    )


@pytest.mark.money
@MONEY
@given(lines_strategy, st.lists(periods_2025(), min_size=1, max_size=4))
def test_settling_any_sequence_of_periods_pays_each_euro_once(
    lines: list[tuple[str, int, int]], periods: list[Period]
) -> None:
    """Settling any sequence of periods pays each euro once.

    Periods of 2025 are settled one after the other, overlapping or repeated, and their
    postings booked. After each, the transfers lying inside the period equal what the
    period owes (its payable on the ledger without transfers) for every provider ×
    municipality × segment: nothing is paid twice, nothing left out. A period that cuts
    an earlier transfer in two is refused (SettlementOverlap), never when every period
    so far was whole calendar months. Settling the year at the end brings every
    transfer to exactly the year's payable.
    """
    claims, assignments = _effort_claims(lines)
    region = load_example_region()
    base = validate(claims, assignments, region).ledger
    ledger = base.copy()
    whole_months = True
    for period in periods:
        whole_months = whole_months and _is_whole_months(period)
        try:
            result = settle(ledger, region, period)
        except SettlementOverlap:
            assert not whole_months
            continue
        ledger.post(result.postings)
        assert _due(settle(base, region, period)) == _transfers_within(ledger, period)
    year = Period.year(2025)
    ledger.post(settle(ledger, region, year).postings)
    assert _due(settle(base, region, year)) == _transfers_within(ledger, year)


@pytest.mark.money
@MONEY
@given(lines_strategy, st.data())
def test_a_ledger_round_trips_through_json(
    lines: list[tuple[str, int, int]], data: st.DataObject
) -> None:
    """A ledger round-trips through JSON exactly.

    A ledger of accepted claims, credits of some of them and the postings of a settled
    period (payments, advances, adjustments) is unstructured, written as JSON text, read
    back and structured: the same entries in the same order, the same paid-out totals
    and delivered quantities, and settling it again gives the same settlement.
    """
    claims, assignments = _effort_claims(lines)
    region = load_example_region()
    first = validate(claims, assignments, region)
    credited = (
        data.draw(st.lists(st.sampled_from(first.accepted), unique_by=id)) if first.accepted else []
    )
    credits = [
        attrs.evolve(
            a.claim, reference=f"{a.claim.reference}C", debit_credit="C", reverses=a.claim.reference
        )
        for a in credited
    ]
    ledger = validate(credits, assignments, region, ledger=first.ledger).ledger
    period = data.draw(periods_2025())
    ledger.post(settle(ledger, region, period).postings)
    text = json.dumps(converter.unstructure(ledger))
    again = converter.structure(json.loads(text), Ledger)
    assert ledger == again
    for m in ("0001", "0002", "0003"):
        code = MunicipalityCode(m)
        assert ledger.paid_out(AGBCode(KOMPAS), 2025, code) == again.paid_out(
            AGBCode(KOMPAS), 2025, code
        )
        assert dict(ledger.quantities(f"T-{m}")) == dict(again.quantities(f"T-{m}"))
    assert settle(ledger, region, Period.year(2025)) == settle(again, region, Period.year(2025))


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.lists(st.dates(date(2024, 11, 1), date(2026, 2, 28)), max_size=40),
    st.lists(periods_2025(), min_size=1, max_size=3),
)
def test_in_period_is_the_plain_filter(starts: list[date], periods: list[Period]) -> None:
    """Ledger.in_period (month index) gives exactly the entries whose start lies in the period.

    In the order recorded, also when entries are added between two calls.
    """
    ledger = Ledger()
    half = len(starts) // 2
    for batch in (starts[:half], starts[half:]):
        for i, start in enumerate(batch, start=len(ledger)):
            ledger.append(
                Entry(
                    kind=EntryKind.ADVANCE,
                    key=f"A-{i}",
                    provider=AGBCode(KOMPAS),
                    municipality=MunicipalityCode("0001"),
                    segment="AMB",
                    period=Period(start, start),
                    amount=Money("1.00"),
                )
            )
        for period in periods:
            expected = [e for e in ledger if period.contains(e.period.start)]
            assert expected == list(ledger.in_period(period))
