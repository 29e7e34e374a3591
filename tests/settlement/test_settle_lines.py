"""``settle()``: lines per provider × municipality × segment, balances, postings, grouping.

Claims in March 2025 on the example region (segment AMB, PxQ):

- R-1: 22222222 in 0001, 8 h × 78.00 = € 624.00
- R-2: 22222222 in 0002, 5 h × 78.00 = € 390.00
- R-3: 44444444 in 0001, 90 min × 113.832/h = € 170.75

Segment VBL (lumpsum) adds March advances: 11111111 0001 40,000.00, 0002 20,000.00,
0003 10,000.00; 33333333 0001 15,000.00, 0002 7,500.00 → € 92,500.00.
"""

from __future__ import annotations

from datetime import date

from jeugdinkoop.codes import Unit
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import EntryKind, Ledger, Settlement, settle
from jeugdinkoop.validation import validate

CLIENT = "111222333"
MARCH = Period.month(2025, 3)


def _batch() -> Ledger:
    rows = [
        ("R-1", "T-1", "22222222", "0001", "45A01", "45", 8, Unit.HOUR, "624.00"),
        ("R-2", "T-2", "22222222", "0002", "45A01", "45", 5, Unit.HOUR, "390.00"),
        ("R-3", "T-3", "44444444", "0001", "54A01", "54", 90, Unit.MINUTE, "170.75"),
    ]
    assignments = [
        Assignment(
            reference=a,
            client=CLIENT,
            municipality=m,
            provider=p,
            category=cat,
            period=Period.year(2025),
            product=prod,
            volume=Volume(1000, unit, "4"),
        )
        for _, a, p, m, prod, cat, _, unit, _ in rows
    ]
    claims = [
        Claim(
            reference=r,
            assignment=a,
            provider=p,
            client=CLIENT,
            municipality=m,
            product=prod,
            start=date(2025, 3, 1),
            end=date(2025, 3, 31),
            quantity=q,
            unit=unit,
            amount=amount,
        )
        for r, a, p, m, prod, _, q, unit, amount in rows
    ]
    report = validate(claims, assignments, load_example_region())
    assert Money("1184.75") == report.total_accepted
    return report.ledger


def _amb(settlement: Settlement) -> dict[tuple[str, str], Money]:
    return {
        (line.provider.value, line.municipality.value): line.payable
        for line in settlement
        if line.segment == "AMB"
    }


def test_one_line_per_provider_municipality_segment() -> None:
    """AMB lines: (22222222, 0001) 624.00, (22222222, 0002) 390.00, (44444444, 0001) 170.75."""
    result = settle(_batch(), load_example_region(), MARCH)
    assert {
        ("22222222", "0001"): Money("624.00"),
        ("22222222", "0002"): Money("390.00"),
        ("44444444", "0001"): Money("170.75"),
    } == _amb(result)


def test_totals() -> None:
    """Totals.

    Payable: claims 1,184.75 + VBL advances 92,500.00 = € 93,684.75; nothing advanced yet,
    so the balance is the same; nothing released.
    """
    result = settle(_batch(), load_example_region(), MARCH)
    assert (Money("93684.75"), Money("0"), Money("93684.75"), Money("0")) == (
        result.total("payable"),
        result.total("advanced"),
        result.total("balance"),
        result.total("released"),
    )


def test_lines_are_sorted_by_provider_municipality_segment() -> None:
    """Lines come sorted by (provider, municipality, segment)."""
    lines = settle(_batch(), load_example_region(), MARCH).lines
    keys = [(line.provider.value, line.municipality.value, line.segment) for line in lines]
    assert sorted(keys) == keys


def test_postings_make_a_second_settle_show_balance_zero() -> None:
    """Postings make a second settle show balance zero.

    Posting March's settlement (a PAYMENT per AMB line, an ADVANCE per VBL line), then
    settling March again: advanced = payable = € 93,684.75 and balance € 0.00 on every line;
    nothing new to post.
    """
    region = load_example_region()
    ledger = _batch()
    first = settle(ledger, region, MARCH)
    assert 8 == ledger.post(first.postings)
    second = settle(ledger, region, MARCH)
    assert Money("93684.75") == second.total("advanced")
    assert [Money("0")] * len(second.lines) == [line.balance for line in second]
    assert () == second.postings
    kinds = {(p.segment, p.kind) for p in first.postings}
    assert {("AMB", EntryKind.PAYMENT), ("VBL", EntryKind.ADVANCE)} == kinds


def test_a_later_credit_gives_a_negative_balance() -> None:
    """A later credit gives a negative balance.

    After March is paid, R-2 (€ 390.00) is credited: settling March again gives
    (22222222, 0002) payable 0.00, advanced 390.00, balance −€ 390.00 (to be paid back).
    """
    region = load_example_region()
    ledger = _batch()
    ledger.post(settle(ledger, region, MARCH).postings)
    credit = Claim(
        reference="R-2C",
        assignment="T-2",
        provider="22222222",
        client=CLIENT,
        municipality="0002",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=5,
        unit=Unit.HOUR,
        amount="390.00",
        debit_credit="C",
        reverses="R-2",
    )
    assignment = Assignment(
        reference="T-2",
        client=CLIENT,
        municipality="0002",
        provider="22222222",
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(1000, Unit.HOUR, "4"),
    )
    report = validate([credit], [assignment], region, ledger=ledger)
    again = settle(report.ledger, region, MARCH)
    key = (AGBCode("22222222"), MunicipalityCode("0002"), "AMB")
    line = next(line for line in again if line.key == key)
    assert (Money("0"), Money("390.00"), Money("-390.00")) == (
        line.payable,
        line.advanced,
        line.balance,
    )


def test_grouping_adds_up_to_the_cent() -> None:
    """Grouping adds up to the cent.

    By provider: 11111111 70,000.00; 22222222 624.00 + 390.00 = 1,014.00; 33333333
    22,500.00; 44444444 170.75. By municipality: 0001 40,000.00 + 15,000.00 + 624.00 +
    170.75 = 55,794.75; 0002 20,000.00 + 7,500.00 + 390.00 = 27,890.00; 0003 10,000.00.
    Each grouping totals € 93,684.75.
    """
    result = settle(_batch(), load_example_region(), MARCH)
    by_provider = {v.provider.value: v.payable for v in result.by("provider").values()}
    assert {
        "11111111": Money("70000.00"),
        "22222222": Money("1014.00"),
        "33333333": Money("22500.00"),
        "44444444": Money("170.75"),
    } == by_provider
    by_municipality = {v.municipality.value: v.payable for v in result.by("municipality").values()}
    assert {
        "0001": Money("55794.75"),
        "0002": Money("27890.00"),
        "0003": Money("10000.00"),
    } == by_municipality
    for keys in [("provider",), ("municipality",), ("segment",), ("provider", "segment")]:
        groups = result.by(*keys)
        assert result.total("payable") == Money.sum(g.payable for g in groups.values())


def test_an_empty_ledger_pays_only_advances() -> None:
    """An empty ledger pays only advances.

    With no claims, January pays only the lumpsum advances: 1/12 of € 1,110,000.00 =
    € 92,500.00.
    """
    january = settle(Ledger(), load_example_region(), Period.month(2025, 1))
    assert Money("92500.00") == january.total("payable")
    assert {} == _amb(january)


def test_settling_across_a_year_boundary_twice_pays_nothing_more() -> None:
    """Settling across a year boundary twice pays nothing more.

    December 2025 + January 2026 for 11111111/0001: advances 40,000.00 (2025) and
    503,568.00 / 12 = 41,964.00 (2026), plus 2025's year end without production: under by
    480,000.00, beyond the 24,000.00 corridor by 456,000.00, 50 % = 228,000.00 paid back →
    payable 40,000.00 + 41,964.00 − 228,000.00 = −146,036.00. Posted and settled again:
    advanced −146,036.00, balance € 0.00.
    """
    region = load_example_region()
    period = Period(date(2025, 12, 1), date(2026, 1, 31))
    ledger = Ledger()
    first = settle(ledger, region, period)
    key = (AGBCode("11111111"), MunicipalityCode("0001"), "VBL")
    line = next(line for line in first if line.key == key)
    assert Money("-146036.00") == line.payable
    ledger.post(first.postings)
    again = next(line for line in settle(ledger, region, period) if line.key == key)
    assert (Money("-146036.00"), Money("0.00")) == (again.advanced, again.balance)
