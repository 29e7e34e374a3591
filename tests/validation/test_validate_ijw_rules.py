"""``validate()`` against the iJw 3.2 rules table: one test per rule added or corrected.

Base case, as in test_validate_rules.py: assignment T-1 gives provider 22222222 10 h a
month of 45A01 (€ 78.00/h) in municipality 0001 for 2025. Claim R-1: 8 h in March 2025 =
8 × 78.00 = € 624.00. Each test names the iJw rule (TR/CS/CD), its return code, check
level and the JW325 class the code goes on.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import ChangeReason, Unit
from jeugdinkoop.funding import Entry, price_quantity
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Region, Tariff, Volume
from jeugdinkoop.model.findings import CheckLevel, Finding, MessageClass
from jeugdinkoop.model.records import assignment_from_record
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import RULES, Severity, ValidationReport, validate

CLIENT = "111222333"
OTHER_CLIENT = "100000010"
KOMPAS = "22222222"
MARCH = Period.month(2025, 3)


def assignment(**changes: Any) -> Assignment:
    base = Assignment(
        reference="T-1",
        client=CLIENT,
        municipality="0001",
        provider=KOMPAS,
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(quantity=10, unit=Unit.HOUR, frequency="4"),
    )
    return attrs.evolve(base, **changes)


def claim(**changes: Any) -> Claim:
    base = Claim(
        reference="R-1",
        assignment="T-1",
        provider=KOMPAS,
        client=CLIENT,
        municipality="0001",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=8,
        unit=Unit.HOUR,
        amount="624.00",
    )
    return attrs.evolve(base, **changes)


def run(
    claims: list[Claim],
    assignments: list[Assignment] | None = None,
    region: Region | None = None,
    **options: Any,
) -> ValidationReport:
    return validate(
        claims, assignments or [assignment()], region or load_example_region(), **options
    )


def only(report: ValidationReport, code: str) -> Finding:
    """The one finding of ``code``; the claim was refused."""
    found = [f for f in report.findings if f.code == code]
    assert 1 == len(found), [str(f) for f in report.findings]
    assert Severity.ERROR == found[0].severity
    assert () == report.accepted
    return found[0]


def where(finding: Finding) -> tuple[str | None, CheckLevel, MessageClass]:
    return finding.ijw_code, finding.level, finding.placement


LINE_3 = CheckLevel.ACROSS, MessageClass.SERVICE
HEADER_2 = CheckLevel.MESSAGE, MessageClass.HEADER


# -- TR304 / 8187 --------------------------------------------------------------------------


def test_tr304_another_client_is_8187() -> None:
    """BSN 100000010 on T-1 (client 111222333) → JI-203, 8187, level 3, on the line."""
    finding = only(run([claim(client=OTHER_CLIENT)]), "JI-203")
    assert ("8187", *LINE_3) == where(finding)


# -- TR384 / 9384 ----------------------------------------------------------------------------


def test_tr384_claim_on_a_withdrawn_assignment() -> None:
    """T-1 withdrawn with reason for change 13 (verwijderd) → JI-210 (9384) naming T-1."""
    withdrawn = assignment(change_reason=ChangeReason.WITHDRAWN)
    finding = only(run([claim()], [withdrawn]), "JI-210")
    assert ("9384", *LINE_3) == where(finding)
    assert "T-1" == finding.values["assignment"]


def test_tr384_other_reasons_for_change_do_not_refuse() -> None:
    """Reason 04 (verlenging) or 14 (administratieve correctie): the € 624.00 line is accepted."""
    for reason in ("04", "14"):
        report = run([claim()], [assignment(change_reason=reason)])
        assert ((), Money("624.00")) == (report.findings, report.total_accepted)


def test_the_reason_for_change_is_read_from_an_assignments_file() -> None:
    """An assignments record with change_reason '13' gives ChangeReason.WITHDRAWN."""
    record = {
        "reference": "T-1",
        "client": CLIENT,
        "municipality": "0001",
        "provider": KOMPAS,
        "category": "45",
        "product": "45A01",
        "start": "2025-01-01",
        "change_reason": "13",
    }
    assert ChangeReason.WITHDRAWN is assignment_from_record(record).change_reason


# -- TR307 / TR308: one-sided -----------------------------------------------------------------


def test_tr307_tr308_are_one_sided() -> None:
    """A period after the assignment's end is a late end only.

    T-1 valid 1 January..28 February; a claim for March starts after the end (not before
    the start), so only JI-302 (9308) is found, not JI-301 (9307).
    """
    ended = assignment(period=Period(date(2025, 1, 1), date(2025, 2, 28)))
    report = run([claim()], [ended])
    assert ["JI-302"] == [f.code for f in report.findings]
    assert ("9308", *LINE_3) == where(report.findings[0])


def test_tr308_needs_an_end() -> None:
    """An open-ended assignment from 1 January 2025 takes a claim for March: € 624.00."""
    open_ended = assignment(period=Period(date(2025, 1, 1)))
    assert Money("624.00") == run([claim()], [open_ended]).total_accepted


# -- TR387 / TR388: whole months ----------------------------------------------------------------


def test_tr387_starts_on_the_first() -> None:
    """Service 2..31 March on an assignment for all of 2025 → JI-305 (9387), expecting 1 March."""
    finding = only(run([claim(start=date(2025, 3, 2))]), "JI-305")
    assert ("9387", *LINE_3) == where(finding)
    assert ("2025-03-02", "2025-03-01") == (finding.values["start"], finding.values["expected"])


def test_tr388_ends_on_the_last_day() -> None:
    """Service 1..30 March on an assignment for all of 2025 → JI-306 (9388), expecting 31 March."""
    finding = only(run([claim(end=date(2025, 3, 30))]), "JI-306")
    assert ("9388", *LINE_3) == where(finding)
    assert ("2025-03-30", "2025-03-31") == (finding.values["end"], finding.values["expected"])


def test_tr387_tr388_follow_an_assignment_that_starts_and_ends_in_the_month() -> None:
    """The assignment runs 10..20 March.

    Service 10..20 March is right (8 h × 78.00 = € 624.00); 11..20 March does not start
    on the assignment's first day (JI-305); 10..19 March does not end on its last
    (JI-306).
    """
    short = assignment(period=Period(date(2025, 3, 10), date(2025, 3, 20)))
    right = claim(start=date(2025, 3, 10), end=date(2025, 3, 20))
    assert Money("624.00") == run([right], [short]).total_accepted
    late = only(run([attrs.evolve(right, start=date(2025, 3, 11))], [short]), "JI-305")
    assert "2025-03-10" == late.values["expected"]
    early = only(run([attrs.evolve(right, end=date(2025, 3, 19))], [short]), "JI-306")
    assert "2025-03-20" == early.values["expected"]


# -- TR389 / 9389 ---------------------------------------------------------------------------------


def test_tr389_a_second_debit_whatever_its_quantity() -> None:
    """R-1 8 h for March stands; R-2 of 2 h for March (10 h would fit) → JI-602 (9389) naming R-1."""
    report = run([claim(), claim(reference="R-2", quantity=2, amount="156.00")])
    [finding] = report.findings
    assert ("JI-602", "R-1", "claim R-2") == (
        finding.code,
        finding.values["other"],
        finding.subject,
    )
    assert ("9389", *LINE_3) == where(finding)
    assert Money("624.00") == report.total_accepted


def test_tr389_another_product_on_a_category_assignment_is_no_second_debit() -> None:
    """Another product on a category-only assignment is no second debit.

    Category 45 assigned without product or volume: 45A01 8 h (€ 624.00) and 45A02 2 h
    (2 × 51.00 = € 102.00) for March are two products, both accepted: € 726.00.
    """
    category_only = assignment(product=None, volume=None)
    report = run(
        [claim(), claim(reference="R-2", product="45A02", quantity=2, amount="102.00")],
        [category_only],
    )
    assert ((), Money("726.00")) == (report.findings, report.total_accepted)


# -- TR321 / 9321: a volume on any funding model ------------------------------------------------------


def test_tr321_a_volume_under_lumpsum_funding() -> None:
    """Production reports under the lumpsum segment VBL keep to the assigned volume.

    Provider 11111111 (lumpsum budget in 0001) assigned 20 etmalen a month of 44A01: a
    report of 20 etmalen in March is accepted (booked at € 0.00, worth 20 × 163.59 =
    € 3,271.80); 21 in April (worth 21 × 163.59 = € 3,435.39) → JI-404 (9321), as under PxQ.
    """
    stay = assignment(
        provider="11111111",
        category="44",
        product="44A01",
        volume=Volume(quantity=20, unit=Unit.DAY, frequency="4"),
    )
    march = claim(
        provider="11111111", product="44A01", unit=Unit.DAY, quantity=20, amount="3271.80"
    )
    april = attrs.evolve(
        march,
        reference="R-2",
        start=date(2025, 4, 1),
        end=date(2025, 4, 30),
        quantity=21,
        amount=Money("3435.39"),
    )
    report = run([march, april], [stay])
    assert ["R-1"] == [a.claim.reference for a in report.accepted]
    assert Money("3271.80") == report.entries[0].value
    assert [("JI-404", "9321")] == [(f.code, f.ijw_code) for f in report.findings]


# -- TR369 / 9369: a budget on any funding model ------------------------------------------------------


def test_tr369_a_budget_under_effort_based_funding() -> None:
    """Category 45 assigned with a budget of € 1,000.00 in the PxQ segment (EffortBased).

    March 8 h = € 624.00 fits; April 8 h would make 1,248.00 > 1,000.00 → JI-406 (9369)
    naming € 376.00 left. After crediting March (−€ 624.00), April's € 624.00 fits.
    """
    budget = assignment(product=None, volume=None, budget="1000.00")
    april = claim(reference="R-2", start=date(2025, 4, 1), end=date(2025, 4, 30))
    report = run([claim(), april], [budget])
    assert Money("624.00") == report.total_accepted
    [finding] = report.findings
    assert ("JI-406", "claim R-2", str(Money("376.00"))) == (
        finding.code,
        finding.subject,
        finding.values["left"],
    )
    assert ("9369", *LINE_3) == where(finding)
    credit = claim(reference="R-1C", debit_credit="C", reverses="R-1")
    again = validate([credit, april], [budget], load_example_region(), ledger=report.ledger)
    assert ((), Money("0.00")) == (again.findings, again.total_accepted)


# -- TR341 / 9341: strict ---------------------------------------------------------------------------


def test_tr341_minutes_on_hours_are_allowed() -> None:
    """90 min on the hourly T-1: 78.00 × 90 / 60 = € 117.00, accepted."""
    report = run([claim(unit=Unit.MINUTE, quantity=90, amount="117.00")])
    assert ((), Money("117.00")) == (report.findings, report.total_accepted)


@pytest.mark.parametrize(
    ("unit", "quantity", "amount"),
    [(Unit.DAY_PART, 2, "624.00"), (Unit.DAY, 1, "1872.00")],
)
def test_tr341_other_time_units_are_not_converted(unit: Unit, quantity: int, amount: str) -> None:
    """2 dagdelen (8 h) or 1 etmaal on the hourly T-1 → JI-402 (9341), not a conversion."""
    finding = only(run([claim(unit=unit, quantity=quantity, amount=amount)]), "JI-402")
    assert ("9341", *LINE_3) == where(finding)
    assert (unit.label, Unit.HOUR.label) == (finding.values["claimed"], finding.values["assigned"])


def test_tr341_hours_on_minutes_are_refused() -> None:
    """54A01 assigned 600 min a month; 1 h claimed → JI-402 (only minutes on hours are allowed)."""
    minutes = assignment(
        provider="44444444",
        product="54A01",
        category="54",
        volume=Volume(quantity=600, unit=Unit.MINUTE, frequency="4"),
    )
    report = run(
        [claim(provider="44444444", product="54A01", quantity=1, amount="113.83")], [minutes]
    )
    assert "9341" == only(report, "JI-402").ijw_code


def test_tr341_without_volume_the_products_unit_holds() -> None:
    """Category-only T-1 (no volume): 45A01 is sold per hour, so 2 dagdelen → JI-402."""
    category_only = assignment(product=None, volume=None)
    report = run([claim(unit=Unit.DAY_PART, quantity=2, amount="624.00")], [category_only])
    assert Unit.HOUR.label == only(report, "JI-402").values["assigned"]


# -- IV081: minutes on an hourly tariff ------------------------------------------------------------


def test_iv081_minutes_on_an_hourly_tariff() -> None:
    """A provider tariff of € 78.03/h: 10 min = 78.03 × 10 / 60 = 13.005 → € 13.01 (half up).

    A claimed € 13.00 (rounded half even, or a rounded per-minute rate of 1.30 × 10) is
    JI-503 (9346) naming € 13.01.
    """
    base = load_example_region()
    region = attrs.evolve(
        base,
        tariffs=base.tariffs.extend(
            [
                Tariff(
                    product="45A01",
                    rate="78.03",
                    unit=Unit.HOUR,
                    period=Period.year(2025),
                    provider=KOMPAS,
                )
            ]
        ),
    )
    ok = run([claim(unit=Unit.MINUTE, quantity=10, amount="13.01")], region=region)
    assert ((), Money("13.01")) == (ok.findings, ok.total_accepted)
    wrong = run([claim(unit=Unit.MINUTE, quantity=10, amount="13.00")], region=region)
    assert str(Money("13.01")) == only(wrong, "JI-503").values["priced"]


@settings(max_examples=200, deadline=None, database=None)
@given(st.integers(1, 99_999_99), st.integers(1, 100_000))
def test_iv081_is_hourly_tariff_times_minutes_over_sixty(cents: int, minutes: int) -> None:
    """For every tariff in cents and whole minutes: price = round(tariff × minutes / 60, 2) half up."""
    rate = Money.from_cents(cents)
    exact = rate.amount * minutes / Decimal(60)
    expected = Money(exact.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))
    # the exact quotient may not be representable; compare with the exact fraction
    numerator = cents * minutes  # in cents × minutes; the amount in cents is numerator / 60
    whole, rest = divmod(numerator, 60)
    cents_half_up = whole + (1 if rest * 2 >= 60 else 0)
    assert Money.from_cents(cents_half_up) == expected
    assert expected == price_quantity(rate, Decimal(minutes), Unit.MINUTE, Unit.HOUR)


# -- TR319 / 9319: the declaration period -----------------------------------------------------------


def test_tr319_current_or_earlier_declaration_period() -> None:
    """Declaration period March 2025.

    Lines for February (8 h, € 624.00) and March (€ 624.00) are accepted: € 1,248.00;
    a line for April → JI-307 (9319) naming the period.
    """
    february = claim(reference="R-F", start=date(2025, 2, 1), end=date(2025, 2, 28))
    april = claim(reference="R-A", start=date(2025, 4, 1), end=date(2025, 4, 30))
    report = run([february, claim(), april], declaration_period=MARCH)
    assert Money("1248.00") == report.total_accepted
    [finding] = report.findings
    assert ("JI-307", "claim R-A", "2025-03-01..2025-03-31") == (
        finding.code,
        finding.subject,
        finding.values["declared"],
    )
    assert ("9319", *LINE_3) == where(finding)


def test_tr319_is_skipped_without_a_declaration_period() -> None:
    """Without declaration_period, the April line (€ 624.00) is accepted."""
    april = claim(start=date(2025, 4, 1), end=date(2025, 4, 30))
    assert Money("624.00") == run([april]).total_accepted


# -- TR318 / 8214: the declaration period follows the previous one --------------------------------


def test_tr318_a_skipped_month_with_care() -> None:
    """Previous declaration period May 2025, this one September (June to August skipped).

    A line for September (8 h, € 624.00) is fine; a line for July shows care in a skipped
    month → JI-311 (8214, level 3, on the declaration) naming July.
    """
    september = claim(start=date(2025, 9, 1), end=date(2025, 9, 30))
    july = claim(reference="R-7", start=date(2025, 7, 1), end=date(2025, 7, 31))
    report = run(
        [september, july],
        declaration_period=Period.month(2025, 9),
        previous_declaration_period=Period.month(2025, 5),
    )
    assert Money("624.00") == report.total_accepted
    [finding] = report.findings
    assert ("JI-311", "claim R-7", "2025-07-01..2025-07-31") == (
        finding.code,
        finding.subject,
        finding.values["month"],
    )
    assert ("8214", CheckLevel.ACROSS, MessageClass.DECLARATION) == where(finding)


def test_tr318_following_periods_and_corrections_are_fine() -> None:
    """Following periods and corrections of earlier months are fine.

    Previous declaration period May, this one June: lines for April (a correction of
    an earlier month, € 624.00) and June (€ 624.00) are accepted: € 1,248.00. With May as
    previous and July as this one, a line for May itself (€ 624.00) is no skipped month.
    """
    april = claim(reference="R-4", start=date(2025, 4, 1), end=date(2025, 4, 30))
    june = claim(reference="R-6", start=date(2025, 6, 1), end=date(2025, 6, 30))
    report = run(
        [april, june],
        declaration_period=Period.month(2025, 6),
        previous_declaration_period=Period.month(2025, 5),
    )
    assert ((), Money("1248.00")) == (report.findings, report.total_accepted)
    may = claim(reference="R-5", start=date(2025, 5, 1), end=date(2025, 5, 31))
    later = run(
        [may],
        declaration_period=Period.month(2025, 7),
        previous_declaration_period=Period.month(2025, 5),
    )
    assert ((), Money("624.00")) == (later.findings, later.total_accepted)


# -- level 2 on the line: CS100, TR335, TR134/TR137, CD087, CS325 ----------------------------------


def test_cs100_product_period_from_2021() -> None:
    """Service in December 2020 on an assignment from 2020 → JI-308: CS100, 0001 on the header."""
    old = assignment(period=Period(date(2020, 1, 1), date(2025, 12, 31)))
    december = claim(start=date(2020, 12, 1), end=date(2020, 12, 31))
    report = run([december], [old])
    finding = next(f for f in report.findings if f.code == "JI-308")
    assert ("0001", *HEADER_2) == where(finding)
    assert () == report.accepted


def test_tr335_five_years_back() -> None:
    """Message dated 1 April 2030: March 2025 ended 31 March 2025, before 1 April 2025 → JI-309.

    A message dated 31 March 2030 is exactly five years after the end: accepted (€ 624.00).
    """
    old = assignment(period=Period(date(2025, 1, 1)))
    late = run([claim()], [old], received=date(2030, 4, 1))
    finding = only(late, "JI-309")
    assert ("0001", *HEADER_2) == where(finding)
    assert "2030-04-01" == finding.values["received"]
    in_time = run([claim()], [old], received=date(2030, 3, 31))
    assert Money("624.00") == in_time.total_accepted


def test_tr137_not_after_the_message_date() -> None:
    """Message dated 30 March 2025; service to 31 March → JI-310 (TR134/TR137, 0001)."""
    finding = only(run([claim()], received=date(2025, 3, 30)), "JI-310")
    assert ("0001", *HEADER_2) == where(finding)
    assert {"TR134", "TR137"} == set(finding.rule.standard)


def test_cd087_no_tariff_with_euros() -> None:
    """A euro line (unit 83) with ProductTarief € 1.00 → JI-505 (CD087, 0001)."""
    euros = claim(unit=Unit.EURO, quantity=62400, tariff="1.00")
    report = run([euros])
    finding = next(f for f in report.findings if f.code == "JI-505")
    assert ("0001", *HEADER_2) == where(finding)
    assert () == report.accepted


def test_cs325_a_zero_credit() -> None:
    """A debit of € 0.00 (0 h on T-1 would be JI-401), credited at € 0.00 → JI-506 (CS325).

    Built from a ledger holding a zero debit: the credit of zero is refused.
    """
    first = run([claim(amount="0.00", quantity=0)])
    assert ["JI-401"] == [f.code for f in first.findings]
    debit = Entry.from_claim(claim(amount="0.00"), Money("0.00"), "AMB")
    ledger = first.ledger.copy()
    ledger.append(debit)
    credit = claim(reference="R-1C", amount="0.00", debit_credit="C", reverses="R-1")
    report = validate([credit], [assignment()], load_example_region(), ledger=ledger)
    finding = only(report, "JI-506")
    assert ("0001", *HEADER_2) == where(finding)


# -- TR323: a credit relates on key fields -------------------------------------------------------------


def test_tr323_a_credit_that_does_not_match_is_8017() -> None:
    """Debit R-1 8 h; a credit of 7 h → JI-604 with 8017 (no debit with those key fields)."""
    first = run([claim()])
    credit = claim(reference="R-1C", debit_credit="C", reverses="R-1", quantity=7, amount="546.00")
    report = validate([credit], [assignment()], load_example_region(), ledger=first.ledger)
    assert {("JI-604", "8017")} == {(f.code, f.ijw_code) for f in report.findings}


# -- OP366 / OP364 ------------------------------------------------------------------------------------


def test_op366_credits_before_debits() -> None:
    """Credits are processed before debits (OP366), whatever the input order.

    Batch 1: R-1 8 h March. Batch 2, debit listed first: R-2 10 h March and credit R-1C.
    R-1C goes first, so R-2 is no second debit and fits the 10 h: 10 × 78.00 = € 780.00,
    net of −624.00: € 156.00 for the batch.
    """
    first = run([claim()])
    credit = claim(reference="R-1C", debit_credit="C", reverses="R-1")
    second = validate(
        [claim(reference="R-2", quantity=10, amount="780.00"), credit],
        [assignment()],
        load_example_region(),
        ledger=first.ledger,
    )
    assert ["R-1C", "R-2"] == [a.claim.reference for a in second.accepted]
    assert Money("156.00") == second.total_accepted


def test_op364_no_start_message_is_needed() -> None:
    """Start and stop messages (JW305/JW307) are never a precondition (OP364).

    validate takes no start messages at all: the base line is accepted on the assignment
    alone (€ 624.00), and no rule of RULES refers to a start or stop message.
    """
    assert Money("624.00") == run([claim()]).total_accepted
    assert not any(
        code in r.standard for r in RULES.values() for code in ("TR019", "TR326", "TR382")
    )


# -- every rule carries level and class -------------------------------------------------------------


def test_findings_carry_level_and_class() -> None:
    """Every finding's level and placement are its rule's; level-2 rules answer 0001 on the header."""
    report = run([claim(client=OTHER_CLIENT), claim(reference="R-2", end=date(2025, 4, 2))])
    for finding in report.findings:
        assert (finding.level, finding.placement) == (finding.rule.level, finding.rule.placement)
    for rule in RULES.values():
        if rule.level is CheckLevel.MESSAGE:
            assert ("0001", MessageClass.HEADER) == (rule.ijw_code, rule.placement), rule.code


# -- properties ------------------------------------------------------------------------------------


@settings(max_examples=150, deadline=None, database=None)
@given(
    st.integers(1, 12),
    st.integers(-60, 27),
    st.integers(-27, 60),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_tr387_tr388_accept_exactly_the_month_or_the_assignments_part(
    month: int, from_first: int, to_last: int, late: int, early: int
) -> None:
    """For any assignment overlapping a month of 2025 and a line inside both.

    The assignment runs from the month's 1st + ``from_first`` days to its last day +
    ``to_last`` days; the line starts ``late`` days after max(1st, assignment start) and
    ends ``early`` days before min(last day, assignment end). It is free of JI-305 exactly
    when ``late`` is 0 and of JI-306 exactly when ``early`` is 0.
    """
    whole = Period.month(2025, month)
    assert whole.end is not None
    first, last = whole.start.toordinal(), whole.end.toordinal()
    assume(first + from_first <= last + to_last)
    assigned = Period(date.fromordinal(first + from_first), date.fromordinal(last + to_last))
    assert assigned.end is not None
    window_start = max(first, assigned.start.toordinal())
    window_end = min(last, assigned.end.toordinal())
    assume(window_start + late <= window_end - early)
    start, end = date.fromordinal(window_start + late), date.fromordinal(window_end - early)
    report = run([claim(start=start, end=end)], [assignment(period=assigned)])
    codes = {f.code for f in report.findings}
    assert ("JI-305" in codes) == (late > 0)
    assert ("JI-306" in codes) == (early > 0)
    assert not codes & {"JI-301", "JI-302", "JI-304"}


@pytest.mark.parametrize("assigned", list(Unit))
@pytest.mark.parametrize("claimed", list(Unit))
def test_tr341_only_the_same_unit_or_minutes_on_hours(assigned: Unit, claimed: Unit) -> None:
    """For every pair of WJ756 units: JI-402 unless the units are equal or minutes on hours."""
    volume = Volume(quantity=100_000, unit=assigned, frequency="4")
    report = run([claim(unit=claimed, quantity=1)], [assignment(volume=volume)])
    refused = any(f.code == "JI-402" for f in report.findings)
    allowed = claimed is assigned or (claimed is Unit.MINUTE and assigned is Unit.HOUR)
    assert refused is not allowed
