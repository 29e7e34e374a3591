"""Claims in euro's (unit 83): the amount must be the volume in cents (iJw CS339, JI-509).

A small region: product 45E01 (unit 83, euro's) on segment AJH, paid PxQ, in Zwolle
(0193) by provider 12345678. With unit 83 the delivered volume is a number of euro cents,
so a claim of volume 123456 must claim € 1,234.56 — not more, not less, and a volume
with a fraction of a cent is never truncated to whole cents.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.funding import EffortBased
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
    Volume,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import validate

CLIENT = "111222333"
PROVIDER = "12345678"
VALID = Period(date(2025, 1, 1), date(2025, 12, 31))


def _region() -> Region:
    return Region(
        code="euro",
        name="Euro-eenheden",
        municipalities=[Municipality(code="0193", name="Zwolle")],
        segments=[Segment(code="AJH", name="Ambulante jeugdhulp", funding=EffortBased())],
        catalog=ProductCatalog(
            [Product(code="45E01", category="45", name="In euro's", unit="83", segment="AJH")]
        ),
        tariffs=TariffTable([]),
        providers=[Provider(agb=PROVIDER, name="Zorg")],
        contracts=[
            Contract(
                reference="C",
                provider=PROVIDER,
                procedure="open_house",
                period=VALID,
                municipalities=["0193"],
                segments=["AJH"],
            )
        ],
    )


ASSIGNMENT = Assignment(
    reference="T-1",
    client=CLIENT,
    municipality="0193",
    provider=PROVIDER,
    category="45",
    period=VALID,
    product="45E01",
    volume=Volume(10_000_000, Unit.EURO, "4"),
)


def _claim(volume: str, amount: str) -> Claim:
    return Claim(
        reference="R-1",
        assignment="T-1",
        provider=PROVIDER,
        client=CLIENT,
        municipality="0193",
        product="45E01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=Decimal(volume),
        unit=Unit.EURO,
        amount=amount,
    )


def test_the_volume_in_cents_is_the_amount() -> None:
    """Volume 123456 (cents) claiming € 1,234.56 is accepted and booked at € 1,234.56."""
    report = validate([_claim("123456", "1234.56")], [ASSIGNMENT], _region())
    assert () == report.findings
    assert [Money("1234.56")] == [a.amount for a in report.accepted]


@pytest.mark.parametrize(
    ("volume", "amount"),
    [
        ("123456", "99999.99"),  # claims far more than delivered
        ("123456", "1234.55"),  # one cent less
        ("123456", "123456.00"),  # the volume read as euros
        ("123456.7", "1234.567"),  # a fraction of a cent: never truncated to 1,234.56
        ("123456.7", "1234.56"),
    ],
)
def test_any_other_amount_is_refused_with_cs339(volume: str, amount: str) -> None:
    """Any other amount is refused: JI-509 on field amount, iJw return code 0001 (CS339).

    The finding names the amount claimed and the volume; nothing is booked.
    """
    report = validate([_claim(volume, amount)], [ASSIGNMENT], _region())
    assert () == report.accepted
    [finding] = report.findings
    assert ("JI-509", "0001", "amount", "claim R-1") == (
        finding.code,
        finding.ijw_code,
        finding.field,
        finding.subject,
    )
    assert {"claimed": str(Money(amount)), "volume": volume} == dict(finding.values)


def test_the_message_in_dutch_and_english() -> None:
    """The message says what CS339 says, in both languages."""
    [finding] = validate([_claim("100", "2.00")], [ASSIGNMENT], _region()).findings
    assert "bij eenheid euro's (83) moet het ingediend bedrag € 2,00" in finding.message.replace(
        "\xa0", " "
    )
    assert "must equal the volume 100 in whole cents" in finding.message_in("en")


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.integers(1, 9_999_997),  # within the 10,000,000 cents assigned a month
    st.sampled_from([Decimal(0), Decimal("0.5"), Decimal("0.01")]),
    st.integers(-2, 2),
)
def test_accepted_exactly_when_the_amount_is_the_volume(
    cents: int, fraction: Decimal, off_by: int
) -> None:
    """Accepted exactly when the amount is the volume in whole cents.

    A volume of ``cents`` (+ a fraction) claiming ``cents``/100 euros (+ ``off_by`` cents)
    is accepted iff the volume is whole and nothing is off, and then booked at exactly
    ``cents``/100; otherwise refused with JI-509 only.
    """
    volume = Decimal(cents) + fraction
    amount = Money.from_cents(cents + off_by) if cents + off_by >= 0 else Money.zero()
    claim = _claim(str(volume), str(amount.amount))
    report = validate([claim], [ASSIGNMENT], _region())
    if fraction == 0 and amount == Money.from_cents(cents):
        assert [Money.from_cents(cents)] == [a.amount for a in report.accepted]
    else:
        assert ["JI-509"] == [f.code for f in report.findings]
