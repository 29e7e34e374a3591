"""Behaviour of :class:`EffortBased` [inspanningsgericht, PxQ] with hand-worked numbers.

The example region (``voorbeeld.toml``) gives the tariffs used here:

- 45A01 ambulante begeleiding (hbo): € 78.00 per hour; provider 22222222 has a
  € 150,000.00 ceiling for 2025.
- 54A01 jeugd-ggz: € 111.60 per hour, product claimed per minute; provider 44444444 has
  a 2 % uplift → € 113.832 per hour, unrounded.
- 41A01 dagbehandeling: € 70.00 per dagdeel (4 hours).
- 43A01 verblijf: per etmaal, tiers laag € 150.00 / midden € 195.91 / hoog € 240.00.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from jeugdinkoop.codes import Frequency, Unit
from jeugdinkoop.funding import Ceiling, EffortBased, FundingContext, Ledger
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Region, Tariff, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import ValidationReport, validate

CLIENT = "111222333"
YEAR_2025 = Period.year(2025)


def _region() -> Region:
    return load_example_region()


def _effort_region() -> Region:
    """The example region with segment VBL (etmaal products) paid by PxQ instead of lumpsum."""
    base = load_example_region()
    segments = tuple(
        attrs.evolve(s, funding=EffortBased()) if s.code == "VBL" else s for s in base.segments
    )
    return attrs.evolve(base, segments=segments)


def _assignment(  # noqa: PLR0917 - mirrors the iJw fields in order
    provider: str,
    product: str,
    volume: Volume | None,
    period: Period = YEAR_2025,
    tier: str | None = None,
    reference: str = "T-1",
) -> Assignment:
    category = {"45A01": "45", "54A01": "54", "41A01": "41", "43A01": "43"}[product]
    return Assignment(
        reference=reference,
        client=CLIENT,
        municipality="0001",
        provider=provider,
        category=category,
        period=period,
        product=product,
        volume=volume,
        tier=tier,
    )


def _claim(  # noqa: PLR0917 - mirrors the iJw fields in order
    reference: str,
    assignment: Assignment,
    start: date,
    end: date,
    quantity: int | str,
    unit: Unit,
    amount: str,
) -> Claim:
    assert assignment.product is not None
    return Claim(
        reference=reference,
        assignment=assignment.reference,
        provider=assignment.provider,
        client=CLIENT,
        municipality=assignment.municipality,
        product=assignment.product,
        start=start,
        end=end,
        quantity=quantity,
        unit=unit,
        amount=amount,
    )


def _price(claim: Claim, assignment: Assignment, region: Region | None = None) -> Money:
    ctx = FundingContext(region or _region(), Ledger(), {assignment.reference: assignment})
    return EffortBased().price(claim, assignment, ctx)


def _codes(report: ValidationReport) -> list[str]:
    return [f.code for f in report.findings]


MARCH = (date(2025, 3, 1), date(2025, 3, 31))


# -- price: rate × quantity, unit conversion, rounding ----------------------------------


def test_minutes_on_hourly_tariff_with_uplift() -> None:
    """90 min at € 111.60/h with 2 % uplift: 1.5 h × 113.832 = 170.748 → € 170.75."""
    assignment = _assignment("44444444", "54A01", Volume(600, Unit.MINUTE, Frequency.PER_MONTH))
    claim = _claim("R-1", assignment, *MARCH, 90, Unit.MINUTE, "170.75")
    report = validate([claim], [assignment], _region())
    assert [] == _codes(report)
    assert Money("170.75") == report.accepted[0].amount
    assert Money("170.75") == _price(claim, assignment)


def test_rate_is_not_rounded_before_multiplying() -> None:
    """Rate is not rounded before multiplying.

    16 min at € 113.832/h = 30.3552 → € 30.36; rounding the rate first would give
    113.83 × 16/60 = 30.3547 → € 30.35. Rounding happens once, on the line.
    """
    assignment = _assignment("44444444", "54A01", Volume(600, Unit.MINUTE, Frequency.PER_MONTH))
    claim = _claim("R-1", assignment, *MARCH, 16, Unit.MINUTE, "30.36")
    assert Money("30.36") == _price(claim, assignment)


def test_rounding_is_half_up_once_per_line() -> None:
    """Rounding is half up once per line.

    9 min of dagbehandeling at € 70.00 per dagdeel (240 min): 70 × 9/240 = 2.625 → € 2.63
    (half up; banker's rounding would give 2.62); one line of 18 min is 5.25. Through
    validate, with an hourly tariff of € 78.03 (iJw TR341 allows minutes only on hours):
    10 min in March and 10 min in April are 78.03 × 10 / 60 = 13.005 → € 13.01 each, so
    € 26.02, where one line of 20 min would be 26.01: each line is rounded on its own.
    """
    assignment = _assignment("22222222", "41A01", Volume(20, Unit.DAY_PART, Frequency.PER_MONTH))
    nine = _claim("R-1", assignment, *MARCH, 9, Unit.MINUTE, "2.63")
    eighteen = _claim("R-3", assignment, *MARCH, 18, Unit.MINUTE, "5.25")
    assert Money("2.63") == _price(nine, assignment)
    assert Money("5.25") == _price(eighteen, assignment)
    base = _region()
    region = attrs.evolve(
        base,
        tariffs=base.tariffs.extend(
            [
                Tariff(
                    product="45A01",
                    rate="78.03",
                    unit=Unit.HOUR,
                    period=YEAR_2025,
                    provider="22222222",
                )
            ]
        ),
    )
    hourly = _assignment("22222222", "45A01", Volume(10, Unit.HOUR, Frequency.PER_MONTH))
    march = _claim("R-1", hourly, *MARCH, 10, Unit.MINUTE, "13.01")
    april = _claim("R-2", hourly, date(2025, 4, 1), date(2025, 4, 30), 10, Unit.MINUTE, "13.01")
    report = validate([march, april], [hourly], region)
    assert ([], Money("26.02")) == (_codes(report), report.total_accepted)
    twenty = _claim("R-3", hourly, *MARCH, 20, Unit.MINUTE, "26.01")
    assert Money("26.01") == _price(twenty, hourly, region)


def test_day_parts() -> None:
    """3 dagdelen at € 70.00 = € 210.00; 6 hours on the dagdeel tariff = 1.5 dagdeel = € 105.00."""
    assignment = _assignment("22222222", "41A01", Volume(20, Unit.DAY_PART, Frequency.PER_MONTH))
    three = _claim("R-1", assignment, *MARCH, 3, Unit.DAY_PART, "210.00")
    six_hours = _claim("R-2", assignment, *MARCH, 6, Unit.HOUR, "105.00")
    assert Money("210.00") == _price(three, assignment)
    assert Money("105.00") == _price(six_hours, assignment)


@pytest.mark.parametrize(
    ("tier", "expected"),
    [("laag", "1500.00"), ("midden", "1959.10"), ("hoog", "2400.00")],
)
def test_etmaal_at_the_assignments_tier(tier: str, expected: str) -> None:
    """Etmaal at the assignments tier.

    10 etmalen of 43A01: laag 10 × 150.00 = 1,500.00; midden 10 × 195.91 = 1,959.10;
    hoog 10 × 240.00 = 2,400.00 — the tier comes from the assignment (VBL paid by PxQ here).
    """
    assignment = _assignment(
        "11111111", "43A01", Volume(31, Unit.DAY, Frequency.PER_MONTH), tier=tier
    )
    claim = _claim("R-1", assignment, *MARCH, 10, Unit.DAY, expected)
    assert Money(expected) == _price(claim, assignment)
    report = validate([claim], [assignment], _effort_region())
    assert Money(expected) == report.total_accepted


def test_tiered_product_without_tier_has_no_tariff() -> None:
    """43A01 has only tiered tariffs; an assignment without a tier finds none → JI-502."""
    assignment = _assignment("11111111", "43A01", Volume(31, Unit.DAY, Frequency.PER_MONTH))
    claim = _claim("R-1", assignment, *MARCH, 10, Unit.DAY, "1959.10")
    report = validate([claim], [assignment], _effort_region())
    assert ["JI-502"] == _codes(report)
    assert "43A01" in report.findings[0].message


def test_provider_specific_tariff_wins() -> None:
    """Provider specific tariff wins.

    With a € 82.00 tariff for provider 22222222 only, 10 h of 45A01 cost € 820.00 for it
    and € 780.00 (10 × 78.00) for provider 11111111.
    """
    base = _region()
    region = attrs.evolve(
        base,
        tariffs=base.tariffs.extend(
            [
                Tariff(
                    product="45A01",
                    rate="82.00",
                    unit=Unit.HOUR,
                    period=YEAR_2025,
                    provider="22222222",
                )
            ]
        ),
    )
    volume = Volume(40, Unit.HOUR, Frequency.PER_MONTH)
    specific = _assignment("22222222", "45A01", volume)
    regional = _assignment("11111111", "45A01", volume, reference="T-2")
    assert Money("820.00") == _price(
        _claim("R-1", specific, *MARCH, 10, Unit.HOUR, "820.00"), specific, region
    )
    assert Money("780.00") == _price(
        _claim("R-2", regional, *MARCH, 10, Unit.HOUR, "780.00"), regional, region
    )


# -- volume per frequency ------------------------------------------------------------


def test_per_month_single_claim_too_big() -> None:
    """10 h per month; one claim of 11 h in March exceeds it on its own → JI-404 (iJw 9321)."""
    assignment = _assignment("22222222", "45A01", Volume(10, Unit.HOUR, Frequency.PER_MONTH))
    claim = _claim("R-1", assignment, *MARCH, 11, Unit.HOUR, "858.00")
    report = validate([claim], [assignment], _region())
    assert ["JI-404"] == _codes(report)
    assert "9321" == report.findings[0].ijw_code
    assert "11" in report.findings[0].message_in("en")
    assert "10" in report.findings[0].message_in("en")


def test_per_month_one_line_corrected_by_credit() -> None:
    """Per month: one line, corrected by credit and new debit (iJw TR389, TR321).

    10 h per month: 8 h in March (€ 624.00) accepted; 2 h more for March while that line
    stands is a second debit → JI-602 (9389). Credit R-1C (−€ 624.00) and R-3 of 10 h
    (€ 780.00) for March are accepted: net 10 h, € 780.00. After crediting R-3, R-4 of 11 h
    would exceed 10 on its own → JI-404 (9321); 4 h in April is a new month, accepted.
    """
    assignment = _assignment("22222222", "45A01", Volume(10, Unit.HOUR, Frequency.PER_MONTH))
    first = _claim("R-1", assignment, *MARCH, 8, Unit.HOUR, "624.00")
    report = validate([first], [assignment], _region())
    more = _claim("R-2", assignment, *MARCH, 2, Unit.HOUR, "156.00")
    refused = validate([more], [assignment], _region(), ledger=report.ledger)
    assert [("JI-602", "9389")] == [(f.code, f.ijw_code) for f in refused.findings]
    credit = attrs.evolve(first, reference="R-1C", debit_credit="C", reverses="R-1")
    corrected = _claim("R-3", assignment, *MARCH, 10, Unit.HOUR, "780.00")
    fixed = validate([corrected, credit], [assignment], _region(), ledger=report.ledger)
    assert ([], Money("156.00")) == (_codes(fixed), fixed.total_accepted)
    assert Money("780.00") == Money.sum(e.amount for e in fixed.ledger)
    credit_3 = attrs.evolve(corrected, reference="R-3C", debit_credit="C", reverses="R-3")
    too_big = _claim("R-4", assignment, *MARCH, 11, Unit.HOUR, "858.00")
    april = _claim("R-5", assignment, date(2025, 4, 1), date(2025, 4, 30), 4, Unit.HOUR, "312.00")
    last = validate([credit_3, too_big, april], [assignment], _region(), ledger=fixed.ledger)
    assert ["R-3C", "R-5"] == [a.claim.reference for a in last.accepted]
    assert [("JI-404", "9321")] == [(f.code, f.ijw_code) for f in last.findings]


def test_per_week_pro_rata_over_the_days_of_the_month() -> None:
    """Per week pro rata over the days of the month.

    3 h per week, whole year assigned: March has 31 days → 3 × 31/7 = 13.29 h allowed:
    13 h (€ 1,014.00) accepted, 14 h refused (JI-404).
    """
    assignment = _assignment("22222222", "45A01", Volume(3, Unit.HOUR, Frequency.PER_WEEK))
    ok = _claim("R-1", assignment, *MARCH, 13, Unit.HOUR, "1014.00")
    too_much = _claim("R-2", assignment, *MARCH, 14, Unit.HOUR, "1092.00")
    assert [] == _codes(validate([ok], [assignment], _region()))
    report = validate([too_much], [assignment], _region())
    assert ["JI-404"] == _codes(report)
    assert "13.29" in report.findings[0].message_in("en")


def test_per_week_counts_only_the_assigned_days_of_the_month() -> None:
    """Per week counts only the assigned days of the month.

    3 h per week, assigned from 15 March: 17 days of March → 3 × 17/7 = 7.29 h: 7 h
    (€ 546.00) accepted, 8 h refused (JI-404).
    """
    assignment = _assignment(
        "22222222",
        "45A01",
        Volume(3, Unit.HOUR, Frequency.PER_WEEK),
        period=Period(date(2025, 3, 15), date(2025, 12, 31)),
    )
    ok = _claim("R-1", assignment, date(2025, 3, 15), date(2025, 3, 31), 7, Unit.HOUR, "546.00")
    too_much = _claim(
        "R-2", assignment, date(2025, 3, 15), date(2025, 3, 31), 8, Unit.HOUR, "624.00"
    )
    assert [] == _codes(validate([ok], [assignment], _region()))
    assert ["JI-404"] == _codes(validate([too_much], [assignment], _region()))


def test_per_day_times_the_days_assigned_in_the_month() -> None:
    """Per day times the days assigned in the month.

    1 etmaal per day, assigned from 11 April: 20 days of April → 20 etmalen allowed
    (tier midden: 20 × 195.91 = € 3,918.20); 21 refused (JI-404).
    """
    assignment = _assignment(
        "11111111",
        "43A01",
        Volume(1, Unit.DAY, Frequency.PER_DAY),
        period=Period(date(2025, 4, 11), date(2025, 12, 31)),
        tier="midden",
    )
    april = (date(2025, 4, 11), date(2025, 4, 30))
    ok = _claim("R-1", assignment, *april, 20, Unit.DAY, "3918.20")
    too_much = _claim("R-2", assignment, *april, 21, Unit.DAY, "4114.11")
    report = validate([ok], [assignment], _effort_region())
    assert Money("3918.20") == report.total_accepted
    assert ["JI-404"] == _codes(validate([too_much], [assignment], _effort_region()))


def test_total_within_the_assignment() -> None:
    """Total within the assignment.

    20 h in total: 12 h in January and 8 h in February fill it (20 h); 1 h more in March
    is cumulative too much (JI-405, 9322); a single claim of 21 h is too big on its own
    (JI-404, 9321).
    """
    assignment = _assignment("22222222", "45A01", Volume(20, Unit.HOUR, Frequency.TOTAL))
    jan = _claim("R-1", assignment, date(2025, 1, 1), date(2025, 1, 31), 12, Unit.HOUR, "936.00")
    feb = _claim("R-2", assignment, date(2025, 2, 1), date(2025, 2, 28), 8, Unit.HOUR, "624.00")
    mar = _claim("R-3", assignment, *MARCH, 1, Unit.HOUR, "78.00")
    report = validate([jan, feb, mar], [assignment], _region())
    assert ["R-1", "R-2"] == [a.claim.reference for a in report.accepted]
    assert ["JI-405"] == _codes(report)
    assert "9322" == report.findings[0].ijw_code
    single = _claim("R-4", assignment, *MARCH, 21, Unit.HOUR, "1638.00")
    alone = validate([single], [assignment], _region())
    assert [("JI-404", "9321")] == [(f.code, f.ijw_code) for f in alone.findings]


def test_volume_in_hours_counts_claims_in_minutes() -> None:
    """Volume in hours counts claims in minutes.

    54A01 assigned 2 h in total to provider 44444444; 90 min in March (1.5 h × 113.832 =
    170.748 → € 170.75) then 45 min in April: 135 min = 2.25 h > 2 h → JI-405.
    """
    assignment = _assignment("44444444", "54A01", Volume(2, Unit.HOUR, Frequency.TOTAL))
    first = _claim("R-1", assignment, *MARCH, 90, Unit.MINUTE, "170.75")
    second = _claim(
        "R-2", assignment, date(2025, 4, 1), date(2025, 4, 30), 45, Unit.MINUTE, "85.37"
    )
    report = validate([first, second], [assignment], _region())
    assert ["R-1"] == [a.claim.reference for a in report.accepted]
    assert ["JI-405"] == _codes(report)


# -- ceiling (budgetplafond) ---------------------------------------------------------


def test_ceiling_passed_is_a_warning_and_the_claim_is_accepted() -> None:
    """Ceiling passed is a warning and the claim is accepted.

    Provider 22222222 has a € 150,000.00 ceiling for 2025. January 1,900 h × 78.00 =
    € 148,200.00 (under it); February 40 h = € 3,120.00 brings the year to € 151,320.00 >
    150,000.00: JI-407 warning, still accepted and priced.
    """
    assignment = _assignment("22222222", "45A01", Volume(2000, Unit.HOUR, Frequency.PER_MONTH))
    jan = _claim(
        "R-1", assignment, date(2025, 1, 1), date(2025, 1, 31), 1900, Unit.HOUR, "148200.00"
    )
    feb = _claim("R-2", assignment, date(2025, 2, 1), date(2025, 2, 28), 40, Unit.HOUR, "3120.00")
    report = validate([jan, feb], [assignment], _region())
    assert ["R-1", "R-2"] == [a.claim.reference for a in report.accepted]
    assert () == report.rejected
    assert ["JI-407"] == _codes(report)
    assert ["JI-407"] == [f.code for f in report.accepted[1].findings]
    message = report.findings[0].message_in("en")
    assert "22222222" in message
    assert "151,320.00" in message or "151.320,00" in message
    assert Money("151320.00") == report.total_accepted


def test_ceiling_per_municipality() -> None:
    """Ceiling per municipality.

    A ceiling of € 1,000.00 for provider 22222222 in municipality 0001 only: 12 h × 78.00 =
    € 936.00 fits; 1 h more (€ 78.00) makes € 1,014.00 > 1,000.00 → JI-407.
    """
    model = EffortBased(ceilings=[Ceiling("22222222", 2025, "1000.00", municipality="0001")])
    assignment = _assignment("22222222", "45A01", Volume(20, Unit.HOUR, Frequency.PER_MONTH))
    region = _region()
    ledger = Ledger()
    ctx = FundingContext(region, ledger, {assignment.reference: assignment})
    first = _claim("R-1", assignment, date(2025, 3, 1), date(2025, 3, 10), 12, Unit.HOUR, "936.00")
    assert [] == list(model.check(first, assignment, ctx))
    from jeugdinkoop.funding import Entry

    ledger.append(Entry.from_claim(first, Money("936.00"), "AMB"))
    second = _claim("R-2", assignment, date(2025, 3, 11), date(2025, 3, 31), 1, Unit.HOUR, "78.00")
    assert ["JI-407"] == [f.code for f in model.check(second, assignment, ctx)]


def test_effort_declares_its_identity() -> None:
    """Registry name ``effort``, variant effort, client claims paid one by one."""
    assert ("effort", "effort", True) == (
        EffortBased.name,
        EffortBased.variant.value,
        EffortBased.traits.client_claims,
    )
    assert Decimal(0) == Decimal(len(EffortBased().ceilings))
