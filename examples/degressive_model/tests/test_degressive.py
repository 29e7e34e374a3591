"""The region's own test suite: hand-worked prices and the jeugdinkoop conformance kit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from jeugdinkoop_degressive import DegressiveEffort

from jeugdinkoop.codes import Frequency, ProductCategory, Unit
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.periods import Period
from jeugdinkoop.testing import check_funding_model, kit_region
from jeugdinkoop.validation import validate


def test_price_is_degressive_beyond_the_threshold() -> None:
    """Threshold 40 h, 25 % off beyond, kit tariff € 80.00/h.

    January 30 h = € 2,400.00; February 20 h: 10 h × € 80.00 + 10 h × € 60.00 = € 1,400.00.
    """
    model = DegressiveEffort(threshold_hours=Decimal(40), discount_pct=Decimal(25))
    region = kit_region(model)
    assignment = Assignment(
        reference="T-1",
        client="100000010",
        municipality="0001",
        provider="10000001",
        category=ProductCategory.AMBULANT,
        period=Period.year(2025),
        product="45K01",
        volume=Volume(40, Unit.HOUR, Frequency.PER_MONTH),
    )
    january = Claim(
        reference="R-1",
        assignment="T-1",
        provider="10000001",
        client="100000010",
        municipality="0001",
        product="45K01",
        start=date(2025, 1, 1),
        end=date(2025, 1, 31),
        quantity=30,
        unit=Unit.HOUR,
        amount="2400.00",
    )
    february = Claim(
        reference="R-2",
        assignment="T-1",
        provider="10000001",
        client="100000010",
        municipality="0001",
        product="45K01",
        start=date(2025, 2, 1),
        end=date(2025, 2, 28),
        quantity=20,
        unit=Unit.HOUR,
        amount="1400.00",
    )
    report = validate([february, january], [assignment], region)
    assert [str(f) for f in report.findings] == []
    assert [a.claim.reference for a in report.accepted] == ["R-1", "R-2"]


def test_conformance_kit() -> None:
    """The model keeps every invariant of jeugdinkoop's conformance kit."""
    check_funding_model(DegressiveEffort(threshold_hours=Decimal(10), discount_pct=Decimal(50)))
