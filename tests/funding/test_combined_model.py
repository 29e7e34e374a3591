"""Behaviour of :class:`Combined`: PxQ for care plus a task budget on one segment (HSWV).

Segment AMB of the example region is paid by ``Combined([EffortBased(), TaskBased(...)])``
with a task budget of € 12,000.00 for provider 11111111 in 0001 in 2025 (€ 1,000.00 a
month). A claim of 10 h of 45A01 at € 78.00 is € 780.00.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import attrs
import pytest

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import (
    Budget,
    Combined,
    EffortBased,
    EntryKind,
    Ledger,
    Settlement,
    SettlementLine,
    TaskBased,
)
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Region, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import ValidationReport, validate

BRUG = "11111111"
CLIENT = "111222333"
KEY = (AGBCode(BRUG), MunicipalityCode("0001"), "AMB")
MODEL = Combined(
    [EffortBased(), TaskBased(budgets=[Budget(BRUG, "0001", "AMB", 2025, "12000.00")])]
)


def _region() -> Region:
    base = load_example_region()
    return attrs.evolve(
        base,
        segments=tuple(
            attrs.evolve(s, funding=MODEL) if s.code == "AMB" else s for s in base.segments
        ),
    )


def _validated() -> tuple[Region, ValidationReport]:
    region = _region()
    assignment = Assignment(
        reference="T-1",
        client=CLIENT,
        municipality="0001",
        provider=BRUG,
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(20, Unit.HOUR, "4"),
    )
    claim = Claim(
        reference="R-1",
        assignment="T-1",
        provider=BRUG,
        client=CLIENT,
        municipality="0001",
        product="45A01",
        start=date(2025, 1, 1),
        end=date(2025, 1, 31),
        quantity=10,
        unit=Unit.HOUR,
        amount="780.00",
    )
    return region, validate([claim], [assignment], region)


def _line(settlement: Settlement) -> SettlementLine:
    return next(line for line in settlement.lines if line.key == KEY)


def test_claims_go_to_the_pxq_part() -> None:
    """The claim is priced by EffortBased: 10 × 78.00 = € 780.00, booked as a CLAIM."""
    _, report = _validated()
    assert [Money("780.00")] == [a.amount for a in report.accepted]
    assert [EntryKind.CLAIM] == [e.kind for e in report.entries]
    assert "effort" == MODEL.claims_part.name


def test_parts_add_up() -> None:
    """Parts add up.

    January: claims € 780.00 + task advance 12,000.00 / 12 = 1,000.00 → payable
    € 1,780.00 on one line, claimed 780.00, budget 12,000.00.
    """
    region, report = _validated()
    line = _line(settle(report.ledger, region, Period.month(2025, 1)))
    assert (Money("1780.00"), Money("780.00"), Money("12000.00")) == (
        line.payable,
        line.claimed,
        line.budget,
    )


def test_postings_are_not_duplicated() -> None:
    """One transfer posting of € 1,780.00 for the line, and no (kind, key) posted twice."""
    region, report = _validated()
    january = settle(report.ledger, region, Period.month(2025, 1))
    mine = [p for p in january.postings if (p.provider, p.municipality, p.segment) == KEY]
    assert [Money("1780.00")] == [p.amount for p in mine if p.kind.is_transfer]
    counts = Counter((p.kind, p.key) for p in january.postings)
    assert [] == [k for k, n in counts.items() if n > 1]


def test_settling_twice_pays_nothing_more() -> None:
    """Settling twice pays nothing more.

    After posting January's settlement, settling January again: advanced € 1,780.00,
    balance € 0.00, no postings.
    """
    region, report = _validated()
    ledger = report.ledger.copy()
    ledger.post(settle(ledger, region, Period.month(2025, 1)).postings)
    again = settle(ledger, region, Period.month(2025, 1))
    line = _line(again)
    assert (Money("1780.00"), Money("0.00")) == (line.advanced, line.balance)
    assert () == again.postings


def test_year_totals_add_up() -> None:
    """The year: claims € 780.00 + task budget € 12,000.00 = € 12,780.00 payable."""
    region, report = _validated()
    line = _line(settle(report.ledger, region, Period.year(2025)))
    assert Money("12780.00") == line.payable


def test_combined_needs_parts() -> None:
    """``Combined([])`` is refused: combine at least one model."""
    with pytest.raises(InvalidValue, match="empty"):
        Combined([])


def test_combined_uses_a_production_part_when_no_part_pays_claims() -> None:
    """Two task parts: the first takes the production reports."""
    first, second = TaskBased(), TaskBased(result_share_pct=10)
    assert Combined([first, second]).claims_part is first
    assert Ledger() == Ledger()
