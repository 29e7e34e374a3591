"""Settling overlapping or repeated periods pays each euro once.

The example region, provider 22222222 in municipality 0001, segment AMB (PxQ, € 78.00/h):

- R-1: January, 8 h = € 624.00
- R-2: February, 5 h = € 390.00
- R-3: March, 10 h = € 780.00

Segment VBL (lumpsum) pays monthly advances of € 92,500.00 in all (11111111: 0001
40,000.00, 0002 20,000.00, 0003 10,000.00; 33333333: 0001 15,000.00, 0002 7,500.00).
"""

from __future__ import annotations

from datetime import date

import pytest

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import SettlementOverlap
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import Ledger, Settlement, SettlementLine, settle
from jeugdinkoop.validation import validate

CLIENT = "111222333"
KOMPAS = "22222222"
AMB = (AGBCode(KOMPAS), MunicipalityCode("0001"), "AMB")
Q1 = Period(date(2025, 1, 1), date(2025, 3, 31))
MARCH = Period.month(2025, 3)


def _ledger() -> Ledger:
    assignment = Assignment(
        reference="T-1",
        client=CLIENT,
        municipality="0001",
        provider=KOMPAS,
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(100, Unit.HOUR, "4"),
    )
    claims = []
    for reference, month, hours in (("R-1", 1, 8), ("R-2", 2, 5), ("R-3", 3, 10)):
        period = Period.month(2025, month)
        assert period.end is not None
        claims.append(
            Claim(
                reference=reference,
                assignment="T-1",
                provider=KOMPAS,
                client=CLIENT,
                municipality="0001",
                product="45A01",
                start=period.start,
                end=period.end,
                quantity=hours,
                unit=Unit.HOUR,
                amount=Money("78.00") * hours,
            )
        )
    report = validate(claims, [assignment], load_example_region())
    assert Money("1794.00") == report.total_accepted
    return report.ledger


def _amb(settlement: Settlement) -> SettlementLine:
    return next(line for line in settlement if line.key == AMB)


def test_settling_march_after_the_quarter_pays_nothing_more() -> None:
    """Q1 settled and posted, then March: nothing more is paid.

    Q1: AMB payable 624.00 + 390.00 + 780.00 = € 1,794.00, posted as one PAYMENT per
    month (624.00, 390.00, 780.00). March then: AMB payable 780.00, advanced 780.00,
    balance 0.00; VBL advanced = payable = € 92,500.00; no postings at all. (Before, March
    was paid again: € 93,280.00 twice.)
    """
    region = load_example_region()
    ledger = _ledger()
    quarter = settle(ledger, region, Q1)
    payments = [p for p in quarter.postings if (p.provider, p.municipality, p.segment) == AMB]
    assert [Money("624.00"), Money("390.00"), Money("780.00")] == [p.amount for p in payments]
    assert [1, 2, 3] == [p.period.start.month for p in payments]
    ledger.post(quarter.postings)
    march = settle(ledger, region, MARCH)
    line = _amb(march)
    assert (Money("780.00"), Money("780.00"), Money("0")) == (
        line.payable,
        line.advanced,
        line.balance,
    )
    assert Money("93280.00") == march.total("advanced")
    assert () == march.postings


def test_settling_the_quarter_after_march_pays_the_rest() -> None:
    """March settled and posted, then Q1: Q1 pays Q1 less March.

    AMB: payable 1,794.00, advanced 780.00 (March), balance € 1,014.00, posted as 624.00
    for January and 390.00 for February. VBL: 3 × 92,500.00 = 277,500.00 payable, 92,500.00
    advanced, € 185,000.00 posted. Settling Q1 again then posts nothing.
    """
    region = load_example_region()
    ledger = _ledger()
    ledger.post(settle(ledger, region, MARCH).postings)
    quarter = settle(ledger, region, Q1)
    line = _amb(quarter)
    assert (Money("1794.00"), Money("780.00"), Money("1014.00")) == (
        line.payable,
        line.advanced,
        line.balance,
    )
    payments = [p for p in quarter.postings if (p.provider, p.municipality, p.segment) == AMB]
    assert [(Money("624.00"), 1), (Money("390.00"), 2)] == [
        (p.amount, p.period.start.month) for p in payments
    ]
    vbl = [line for line in quarter if line.segment == "VBL"]
    assert (Money("277500.00"), Money("92500.00")) == (
        Money.sum(line.payable for line in vbl),
        Money.sum(line.advanced for line in vbl),
    )
    assert Money("186014.00") == Money.sum(p.amount for p in quarter.postings)
    ledger.post(quarter.postings)
    assert () == settle(ledger, region, Q1).postings


def test_the_same_period_twice_pays_once() -> None:
    """The year settled twice, postings applied each time: the second adds nothing.

    The year's transfers: AMB € 1,794.00; VBL 12 × 92,500.00 = 1,110,000.00 in advances
    less the year-end paybacks (no production: 50 % of the underspend beyond the 5 %
    corridor: 228,000.00 + 114,000.00 + 57,000.00 + 85,500.00 + 42,750.00 = 527,250.00),
    so € 582,750.00; in all € 584,544.00.
    """
    region = load_example_region()
    ledger = _ledger()
    year = settle(ledger, region, Period.year(2025))
    transfers = [p for p in year.postings if p.kind.is_transfer]
    assert Money("584544.00") == Money.sum(p.amount for p in transfers) == year.total("balance")
    ledger.post(year.postings)
    again = settle(ledger, region, Period.year(2025))
    assert Money("0") == again.total("balance")
    assert 0 == ledger.post(again.postings)  # only the year-end adjustments, already there


def test_a_period_cutting_an_earlier_transfer_is_refused() -> None:
    """A period that cuts an earlier transfer in two is refused, with a clear error.

    March settled and posted; then 15 March–14 April: the March payment of € 780.00 lies
    partly inside it, so what it paid for 15–31 March is unknown: SettlementOverlap names
    the posting, its period and the provider, municipality and segment.
    """
    region = load_example_region()
    ledger = _ledger()
    ledger.post(settle(ledger, region, MARCH).postings)
    cut = Period(date(2025, 3, 15), date(2025, 4, 14))
    with pytest.raises(SettlementOverlap) as caught:
        settle(ledger, region, cut)
    message = str(caught.value)
    for part in ("settle 2025-03-15..2025-04-14", "2025-03-01..2025-03-31", "payment", "AMB"):
        assert part in message
    assert isinstance(caught.value, ValueError)


def test_a_late_credit_is_paid_back_once() -> None:
    """A credit after payment is paid back once.

    Q1 posted; R-3 (March, € 780.00) credited; settling March gives balance −€ 780.00 (a
    negative PAYMENT); after posting it, settling Q1 gives balance € 0.00 again.
    """
    region = load_example_region()
    ledger = _ledger()
    ledger.post(settle(ledger, region, Q1).postings)
    credit = Claim(
        reference="R-3C",
        assignment="T-1",
        provider=KOMPAS,
        client=CLIENT,
        municipality="0001",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=10,
        unit=Unit.HOUR,
        amount="780.00",
        debit_credit="C",
        reverses="R-3",
    )
    assignment = Assignment(
        reference="T-1",
        client=CLIENT,
        municipality="0001",
        provider=KOMPAS,
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(100, Unit.HOUR, "4"),
    )
    report = validate([credit], [assignment], region, ledger=ledger)
    march = settle(report.ledger, region, MARCH)
    assert Money("-780.00") == _amb(march).balance
    report.ledger.post(march.postings)
    assert Money("0") == _amb(settle(report.ledger, region, Q1)).balance
