"""Behaviour of :class:`Lumpsum` on the example region's segment VBL (verblijf).

voorbeeld.toml: provider 11111111 in municipality 0001 has a 2025 budget of
€ 480,000.00; advances monthly; corridor 5 %; over- and underspend shares 50 %.
Product 44A01 gezinshuis (etmaal) falls under VBL.
"""

from __future__ import annotations

from datetime import date

import attrs

from jeugdinkoop.codes import Unit
from jeugdinkoop.funding import Budget, Entry, EntryKind, FundingContext, Ledger, Lumpsum
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Region, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import Settlement, SettlementLine, settle
from jeugdinkoop.validation import ValidationReport, validate

BRUG = "11111111"
CLIENT = "111222333"
KEY = (AGBCode(BRUG), MunicipalityCode("0001"), "VBL")


def _assignment(municipality: str = "0001") -> Assignment:
    return Assignment(
        reference="T-1",
        client=CLIENT,
        municipality=municipality,
        provider=BRUG,
        category="44",
        period=Period.year(2025),
        product="44A01",
        volume=Volume(31, Unit.DAY, "4"),
    )


def _report(amount: str, municipality: str = "0001", region: Region | None = None) -> Claim:
    """A production report of 31 etmalen in March 2025 reporting ``amount``."""
    return Claim(
        reference="P-1",
        assignment="T-1",
        provider=BRUG,
        client=CLIENT,
        municipality=municipality,
        product="44A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=31,
        unit=Unit.DAY,
        amount=amount,
    )


def _validated(amount: str) -> ValidationReport:
    return validate([_report(amount)], [_assignment()], load_example_region())


def _produced(value: str) -> Ledger:
    """A ledger whose 2025 production for KEY is worth ``value``.

    One PRODUCTION entry stands for the many checked reports it would take (a report is
    valued at the tariff, so one month of 31 etmalen is worth only € 5,071.29).
    """
    entry = Entry.from_claim(_report(value), Money(value), "VBL", EntryKind.PRODUCTION)
    return Ledger([entry])


def _line(settlement: Settlement) -> SettlementLine:
    return next(line for line in settlement.lines if line.key == KEY)


def test_monthly_advance_is_a_twelfth_of_the_budget() -> None:
    """€ 480,000.00 / 12 = € 40,000.00 payable for January, posted as an ADVANCE."""
    january = settle(Ledger(), load_example_region(), Period.month(2025, 1))
    line = _line(january)
    assert (Money("40000.00"), Money("480000.00")) == (line.payable, line.budget)
    advances = [p for p in january.postings if p.key.endswith("11111111 0001 VBL 0")]
    assert [(EntryKind.ADVANCE, Money("40000.00"))] == [(p.kind, p.amount) for p in advances]


def test_advances_allocate_to_the_cent() -> None:
    """Advances allocate to the cent.

    € 100,000.00 in 12 advances: 10,000,000 cents / 12 = 833,333.33 → 4 × 8,333.34 and
    8 × 8,333.33 (the 4 left cents to the first months); they add up to € 100,000.00.
    """
    model = Lumpsum([Budget(BRUG, "0001", "VBL", 2025, "100000.00")])
    parts = [amount for _, amount in model.advance_parts(Money("100000.00"), 2025)]
    assert [Money("8333.34")] * 4 + [Money("8333.33")] * 8 == parts
    assert Money("100000.00") == Money.sum(parts)


def test_quarterly_advances_cover_three_months_each() -> None:
    """4 advances a year of € 480,000.00: € 120,000.00 each, the second for April–June."""
    model = Lumpsum(advances_per_year=4)
    parts = model.advance_parts(Money("480000.00"), 2025)
    assert (Period(date(2025, 4, 1), date(2025, 6, 30)), Money("120000.00")) == parts[1]


def test_production_reports_are_recorded_not_paid() -> None:
    """Production reports are recorded not paid.

    A report of 31 etmalen worth € 5,071.29 (31 × 163.59) is accepted at € 0.00, booked as
    PRODUCTION with amount 0 and value 5,071.29; March's line shows it as claimed, but payable
    is still the advance of € 40,000.00.
    """
    report = _validated("5071.29")
    assert [Money("0")] == [a.amount for a in report.accepted]
    [entry] = report.entries
    assert (EntryKind.PRODUCTION, Money("0"), Money("5071.29")) == (
        entry.kind,
        entry.amount,
        entry.value,
    )
    march = _line(settle(report.ledger, load_example_region(), Period.month(2025, 3)))
    assert (Money("5071.29"), Money("40000.00")) == (march.claimed, march.payable)


def test_overspend_beyond_the_corridor_is_shared() -> None:
    """Overspend beyond the corridor is shared.

    Production € 530,000.00 against € 480,000.00: over by 50,000.00; corridor 5 % =
    24,000.00; beyond it 26,000.00; the municipality pays 50 % = € 13,000.00 on top.
    Year payable 480,000.00 + 13,000.00 = € 493,000.00; nothing released.
    """
    line = _line(settle(_produced("530000.00"), load_example_region(), Period.year(2025)))
    assert (Money("13000.00"), Money("493000.00"), Money("0")) == (
        line.adjustment,
        line.payable,
        line.released,
    )


def test_underspend_beyond_the_corridor_is_paid_back_in_part() -> None:
    """Underspend beyond the corridor is paid back in part.

    Production € 400,000.00 against € 480,000.00: under by 80,000.00; beyond the corridor
    of 24,000.00 by 56,000.00; 50 % = € 28,000.00 is paid back (adjustment −28,000.00,
    released 28,000.00); year payable 480,000.00 − 28,000.00 = € 452,000.00.
    """
    line = _line(settle(_produced("400000.00"), load_example_region(), Period.year(2025)))
    assert (Money("-28000.00"), Money("452000.00"), Money("28000.00")) == (
        line.adjustment,
        line.payable,
        line.released,
    )


def test_inside_the_corridor_nothing_is_settled() -> None:
    """Production € 500,000.00: over by 20,000.00 ≤ corridor 24,000.00 → adjustment 0."""
    line = _line(settle(_produced("500000.00"), load_example_region(), Period.year(2025)))
    assert (Money("0"), Money("480000.00")) == (line.adjustment, line.payable)


def test_year_end_adjustment_lands_in_december() -> None:
    """Year end adjustment lands in december.

    Settling December alone: advance 40,000.00 + overspend share 13,000.00 = € 53,000.00,
    and an ADJUSTMENT posting of € 13,000.00 dated 31 December.
    """
    december = settle(_produced("530000.00"), load_example_region(), Period.month(2025, 12))
    assert Money("53000.00") == _line(december).payable
    adjustments = [
        p for p in december.postings if p.kind is EntryKind.ADJUSTMENT and p.key.endswith("VBL")
    ]
    mine = [p for p in adjustments if (p.provider, p.municipality, p.segment) == KEY]
    assert [(Money("13000.00"), date(2025, 12, 31))] == [(p.amount, p.period.start) for p in mine]


def test_year_end_rule_by_hand() -> None:
    """Year end rule by hand.

    Budget € 100,000, corridor 5 %, shares 50 %: production 110,000 → (10,000 − 5,000) ×
    50 % = € 2,500 more; production 80,000 → (20,000 − 5,000) × 50 % = € 7,500 back.
    """
    model = Lumpsum(corridor_pct=5, overspend_share_pct=50, underspend_share_pct=50)
    ctx = FundingContext(load_example_region())
    over = model.year_end(KEY, 2025, Money("100000"), Money("110000"), ctx)
    under = model.year_end(KEY, 2025, Money("100000"), Money("80000"), ctx)
    assert (Money("2500.00"), Money("0")) == (over.payment, over.released)
    assert (Money("-7500.00"), Money("7500.00")) == (under.payment, under.released)


def test_no_budget_is_refused() -> None:
    """No budget is refused.

    A lumpsum with a budget for municipality 0001 only: a report from 0002 → JI-704, naming
    provider, municipality, segment and year.
    """
    base = load_example_region()
    only_0001 = Lumpsum([Budget(BRUG, "0001", "VBL", 2025, "480000.00")])
    segments = tuple(
        attrs.evolve(s, funding=only_0001) if s.code == "VBL" else s for s in base.segments
    )
    region = attrs.evolve(base, segments=segments)
    report = validate([_report("100.00", "0002")], [_assignment("0002")], region)
    assert ["JI-704"] == [f.code for f in report.findings]
    assert {"provider": BRUG, "municipality": "0002", "segment": "VBL", "year": "2025"} == dict(
        report.findings[0].values
    )


def test_settling_a_month_twice_pays_nothing_more() -> None:
    """Settling a month twice pays nothing more.

    January settled, postings applied, settled again: advanced 40,000.00, balance € 0.00,
    no new postings for the line.
    """
    region = load_example_region()
    ledger = Ledger()
    first = settle(ledger, region, Period.month(2025, 1))
    ledger.post(first.postings)
    second = settle(ledger, region, Period.month(2025, 1))
    line = _line(second)
    assert (Money("40000.00"), Money("0.00")) == (line.advanced, line.balance)
    assert () == second.postings


def test_a_report_is_valued_at_the_contracted_tariff() -> None:
    """A report is valued at the contracted tariff, not at what it reports.

    31 etmalen of 44A01 at € 163.59 = € 5,071.29. A report claiming € 99,999.99 for them
    is accepted (a production report is not paid) but booked at € 5,071.29, with a
    JI-707 warning naming both values, so the corridor settles on checked figures: March's
    claimed column is € 5,071.29.
    """
    report = _validated("99999.99")
    [finding] = report.findings
    assert ("JI-707", "amount") == (finding.code, finding.field)
    assert {"reported": "€\xa099.999,99", "priced": "€\xa05.071,29"} == dict(finding.values)
    [entry] = report.entries
    assert Money("5071.29") == entry.value
    march = _line(settle(report.ledger, load_example_region(), Period.month(2025, 3)))
    assert Money("5071.29") == march.claimed


def test_a_report_at_the_tariff_has_no_finding() -> None:
    """A report of 31 etmalen at € 5,071.29 (31 × 163.59) gives no finding."""
    assert () == _validated("5071.29").findings
