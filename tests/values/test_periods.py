"""Unit and property tests for :mod:`jeugdinkoop.periods`."""

from __future__ import annotations

import calendar
import itertools
import re
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.periods import Period

PROPERTY = settings(deadline=None, database=None)

days_2000_2040 = st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31))


@st.composite
def closed_periods(draw: st.DrawFn, max_days: int = 800) -> Period:
    """A closed period of 1 to ``max_days + 1`` days, starting 2000-2040."""
    start = draw(days_2000_2040)
    length = draw(st.integers(min_value=0, max_value=max_days))
    return Period(start, start + timedelta(days=length))


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """A closed or open period."""
    period = draw(closed_periods())
    return Period(period.start, None) if draw(st.booleans()) else period


# -- construction and days ---------------------------------------------------------------


def test_end_is_inclusive() -> None:
    """2025-01-01..2025-12-31 is one year: 365 days, both ends inside."""
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    assert year.days == 365
    assert year.contains(date(2025, 12, 31))
    assert not year.contains(date(2026, 1, 1))


def test_single_day_period() -> None:
    """Start == end is allowed and lasts 1 day."""
    assert Period(date(2025, 1, 1), date(2025, 1, 1)).days == 1


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.year(2024), 366),  # leap year
        (Period.year(2025), 365),
        (Period.year(2000), 366),  # divisible by 400
        (Period.year(2100), 365),  # divisible by 100, not 400
        (Period.month(2024, 2), 29),
        (Period.month(2025, 2), 28),
        (Period(date(2024, 2, 28), date(2024, 3, 1)), 3),  # 28, 29, 1
        (Period(date(2024, 1, 1), date(2024, 3, 31)), 91),  # 31 + 29 + 31
    ],
)
def test_days(period: Period, expected: int) -> None:
    """Days counted with both ends; leap years have a 29 February."""
    assert expected == period.days


def test_month_and_year_helpers() -> None:
    """Period.month(2024, 2) is 2024-02-01..2024-02-29; Period.year(2025) is Jan 1..Dec 31."""
    assert Period(date(2024, 2, 1), date(2024, 2, 29)) == Period.month(2024, 2)
    assert Period(date(2025, 1, 1), date(2025, 12, 31)) == Period.year(2025)


def test_open_end() -> None:
    """An open period has no end, no number of days, and contains the far future."""
    period = Period(date(2025, 1, 1))
    assert period.is_open
    assert period.end is None
    assert not Period.year(2025).is_open
    assert period.contains(date(2099, 12, 31))
    with pytest.raises(
        InvalidValue, match=re.escape("2025-01-01..: an open-ended period has no number")
    ):
        _ = period.days


def test_end_before_start_names_both_dates() -> None:
    """End 2025-02-28 before start 2025-03-01 is refused, naming both and the rule."""
    with pytest.raises(InvalidValue) as excinfo:
        Period(date(2025, 3, 1), date(2025, 2, 28))
    expected = (
        "Period.end: 2025-02-28 is before start 2025-03-01 "
        "(the end is inclusive and may equal the start)"
    )
    assert expected == str(excinfo.value)
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (datetime(2025, 1, 1, 12, 0), date(2025, 2, 1), "start"),
        (date(2024, 12, 1), datetime(2025, 1, 1, 12, 0), "end"),
    ],
)
def test_datetime_is_refused(start: date, end: date, field: str) -> None:
    """A datetime is a date subclass, but a datetime in a period is always a bug."""
    with pytest.raises(InvalidValue) as excinfo:
        Period(start, end)
    expected = f"Period.{field}: datetime.datetime(2025, 1, 1, 12, 0) is not a datetime.date"
    assert expected == str(excinfo.value)


def test_string_is_refused() -> None:
    """A string is not a date; the message names the field and the value."""
    with pytest.raises(
        InvalidValue, match=re.escape("Period.start: '2025-01-01' is not a datetime.date")
    ):
        Period("2025-01-01")  # type: ignore[arg-type]


# -- contains, overlaps, intersection, clip ------------------------------------------------


def test_contains_days() -> None:
    """March 2025 contains 1 and 31 March, not 28 February or 1 April; `in` works too."""
    march = Period.month(2025, 3)
    assert march.contains(date(2025, 3, 1))
    assert march.contains(date(2025, 3, 31))
    assert not march.contains(date(2025, 2, 28))
    assert not march.contains(date(2025, 4, 1))
    assert date(2025, 3, 15) in march


def test_contains_periods() -> None:
    """2025 contains March, itself, not 2025-12..2026-01, not an open period from December."""
    year = Period.year(2025)
    assert year.contains(Period.month(2025, 3))
    assert year.contains(year)
    assert not year.contains(Period(date(2025, 12, 1), date(2026, 1, 31)))
    assert not year.contains(Period(date(2024, 12, 31), date(2025, 1, 31)))
    assert not year.contains(Period(date(2025, 12, 1), None))


def test_contains_with_open_ends() -> None:
    """An open period contains every later period, open or closed, but nothing earlier."""
    from_2025 = Period(date(2025, 1, 1))
    assert from_2025.contains(Period(date(2030, 1, 1)))
    assert from_2025.contains(Period.year(2025))
    assert from_2025.contains(from_2025)
    assert not from_2025.contains(Period(date(2024, 12, 31)))
    assert not from_2025.contains(Period.year(2024))
    assert not from_2025.contains(date(2024, 12, 31))


def test_overlaps() -> None:
    """January and February do not overlap; 31 Jan..1 Feb overlaps both; open periods meet."""
    jan, feb = Period.month(2025, 1), Period.month(2025, 2)
    straddle = Period(date(2025, 1, 31), date(2025, 2, 1))
    assert not jan.overlaps(feb)
    assert straddle.overlaps(jan)
    assert straddle.overlaps(feb)
    assert Period(date(2025, 2, 1)).overlaps(Period(date(2030, 1, 1)))
    assert not Period(date(2025, 2, 1)).overlaps(jan)


def test_intersection() -> None:
    """2025 ∩ 2025-12-15.. = 2025-12-15..2025-12-31; Jan ∩ Feb = None; open ∩ open is open."""
    expected = Period(date(2025, 12, 15), date(2025, 12, 31))
    assert expected == Period.year(2025).intersection(Period(date(2025, 12, 15)))
    assert Period.month(2025, 1).intersection(Period.month(2025, 2)) is None
    assert Period(date(2026, 1, 1)) == Period(date(2025, 1, 1)).intersection(
        Period(date(2026, 1, 1))
    )


def test_intersection_of_touching_days() -> None:
    """Periods sharing exactly one day intersect in that day."""
    left = Period(date(2025, 1, 1), date(2025, 1, 31))
    right = Period(date(2025, 1, 31), date(2025, 2, 28))
    assert Period(date(2025, 1, 31), date(2025, 1, 31)) == left.intersection(right)


def test_clip() -> None:
    """Clipping an open period closes it; an earlier own end is kept; a later one is cut."""
    assert Period(date(2025, 1, 1), date(2025, 6, 30)) == Period(date(2025, 1, 1)).clip(
        date(2025, 6, 30)
    )
    march = Period.month(2025, 3)
    assert march == march.clip(date(2025, 12, 31))
    assert march == march.clip(date(2025, 3, 31))
    assert Period(date(2025, 3, 1), date(2025, 3, 15)) == march.clip(date(2025, 3, 15))


def test_clip_before_start_is_refused() -> None:
    """Clipping at a day before the start would make end < start."""
    with pytest.raises(InvalidValue, match="2025-02-01 is before start 2025-03-01"):
        Period(date(2025, 3, 1)).clip(date(2025, 2, 1))


# -- months and weeks --------------------------------------------------------------------


def test_months_across_year_boundary() -> None:
    """2024-11-15..2025-02-10 → 15-30 Nov, Dec, Jan, 1-10 Feb (first and last clipped)."""
    expected = [
        Period(date(2024, 11, 15), date(2024, 11, 30)),
        Period.month(2024, 12),
        Period.month(2025, 1),
        Period(date(2025, 2, 1), date(2025, 2, 10)),
    ]
    assert expected == list(Period(date(2024, 11, 15), date(2025, 2, 10)).months())


def test_months_with_leap_day() -> None:
    """2024-01-31..2024-03-01 → 31 Jan, 1-29 Feb, 1 Mar; 2025 February ends on the 28th."""
    expected = ["2024-01-31..2024-01-31", "2024-02-01..2024-02-29", "2024-03-01..2024-03-01"]
    assert expected == [str(p) for p in Period(date(2024, 1, 31), date(2024, 3, 1)).months()]
    assert [str(p) for p in Period.month(2025, 2).months()] == ["2025-02-01..2025-02-28"]
    assert len(list(Period.year(2024).months())) == 12


def test_months_of_open_period_is_refused() -> None:
    """An open period has endless months: clip it first."""
    with pytest.raises(
        InvalidValue, match=re.escape("2025-01-01..: cannot list the months of an open")
    ):
        list(Period(date(2025, 1, 1)).months())


def test_weeks_clip_to_iso_weeks() -> None:
    """Wed 2025-01-01..Sun 2025-01-12 → Wed 1-Sun 5, Mon 6-Sun 12 (ISO Monday to Sunday)."""
    expected = [
        Period(date(2025, 1, 1), date(2025, 1, 5)),
        Period(date(2025, 1, 6), date(2025, 1, 12)),
    ]
    assert expected == list(Period(date(2025, 1, 1), date(2025, 1, 12)).weeks())


def test_weeks_partial_at_both_ends() -> None:
    """Sun 2025-03-02..Tue 2025-03-11 → Sun 2, Mon 3-Sun 9, Mon 10-Tue 11."""
    expected = ["2025-03-02..2025-03-02", "2025-03-03..2025-03-09", "2025-03-10..2025-03-11"]
    assert expected == [str(w) for w in Period(date(2025, 3, 2), date(2025, 3, 11)).weeks()]


def test_weeks_of_open_period_is_refused() -> None:
    """An open period has endless weeks too."""
    with pytest.raises(InvalidValue, match="cannot list the weeks of an open period"):
        list(Period(date(2025, 1, 1)).weeks())


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (Period.month(2025, 3), True),
        (Period(date(2025, 3, 5), date(2025, 3, 5)), True),
        (Period(date(2025, 3, 1), date(2025, 4, 2)), False),
        (Period(date(2024, 3, 1), date(2025, 3, 31)), False),  # same month, other year
        (Period(date(2025, 3, 1)), False),  # open
    ],
)
def test_is_single_month(period: Period, expected: bool) -> None:
    """An iJw declaration period lies inside one calendar month of one year."""
    assert expected == period.is_single_month()


# -- text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-01-01..2025-12-31", Period.year(2025)),
        ("2025-01-01..", Period(date(2025, 1, 1))),
        (" 2025-01-01 .. 2025-01-31 ", Period.month(2025, 1)),
    ],
)
def test_parse(text: str, expected: Period) -> None:
    """Parse 'start..end', an empty end meaning open, spaces around the dates allowed."""
    assert expected == Period.parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2025-01-01", "is one day; write '2025-01-01..2025-01-01' for that day"),
        ("2025-13", "Period: '2025-13': month 13 is not 1-12"),
        ("march", "is not of the form 'YYYY-MM-DD..YYYY-MM-DD', 'YYYY-MM-DD..' (open)"),
        ("2025-02-30..", "Period: '2025-02-30..': "),
        ("..2025-01-01", "Period: '..2025-01-01': "),
        ("2025-03-01..2025-02-01", "Period.end: 2025-02-01 is before start 2025-03-01"),
    ],
)
def test_parse_errors(text: str, message: str) -> None:
    """Bad text raises InvalidValue naming the text (or both dates when reversed)."""
    with pytest.raises(InvalidValue, match=re.escape(message)):
        Period.parse(text)


@pytest.mark.parametrize("period", [Period.year(2025), Period(date(2024, 2, 29))])
def test_str_parse_round_trip(period: Period) -> None:
    """str() writes the form parse() reads."""
    assert period == Period.parse(str(period))


def test_str() -> None:
    """Inclusive end written out; an open end is left empty."""
    assert str(Period.month(2024, 2)) == "2024-02-01..2024-02-29"
    assert str(Period(date(2025, 1, 1))) == "2025-01-01.."


def test_equality_and_hash() -> None:
    """Periods are values: equal fields, equal periods and hashes."""
    assert Period.month(2025, 1) == Period(date(2025, 1, 1), date(2025, 1, 31))
    assert hash(Period.month(2025, 1)) == hash(Period(date(2025, 1, 1), date(2025, 1, 31)))
    assert Period.month(2025, 1) != Period(date(2025, 1, 1))


def test_ordering_with_open_end() -> None:
    """Periods sort by start then end; an open end comes after every closed end."""
    closed = Period(date(2025, 1, 1), date(2025, 1, 31))
    open_ended = Period(date(2025, 1, 1))
    assert [closed, open_ended] == sorted([open_ended, closed])


def test_ordering_closed_periods() -> None:
    """Closed periods sort by start, then by end."""
    a = Period(date(2025, 1, 1), date(2025, 1, 31))
    b = Period(date(2025, 1, 1), date(2025, 2, 28))
    c = Period(date(2024, 6, 1), date(2026, 1, 1))
    assert [c, a, b] == sorted([b, c, a])


# -- properties -------------------------------------------------------------------------


def _assert_partition(period: Period, parts: list[Period]) -> None:
    """Parts are consecutive, start and end with the period, and add up to its days."""
    assert parts
    assert period.start == parts[0].start
    assert period.end == parts[-1].end
    for before, after in itertools.pairwise(parts):
        assert before.end is not None
        assert before.end + timedelta(days=1) == after.start
    assert period.days == sum(p.days for p in parts)


@PROPERTY
@given(closed_periods())
def test_months_partition_the_period(period: Period) -> None:
    """months(): no gaps, no overlaps, same days in total, each inside one calendar month."""
    months = list(period.months())
    _assert_partition(period, months)
    for month in months:
        assert month.is_single_month()
        assert period.contains(month)
        assert month.end is not None
        whole = Period.month(month.start.year, month.start.month)
        assert whole.contains(month)
        # only the first part may start after the 1st, only the last end before month end
        if month is not months[0]:
            assert month.start.day == 1
        if month is not months[-1]:
            assert calendar.monthrange(month.end.year, month.end.month)[1] == month.end.day


@PROPERTY
@given(closed_periods())
def test_weeks_partition_the_period(period: Period) -> None:
    """weeks(): no gaps, same days in total, each Monday-to-Sunday inside one ISO week."""
    weeks = list(period.weeks())
    _assert_partition(period, weeks)
    for week in weeks:
        assert week.end is not None
        assert week.days <= 7
        assert week.start.isocalendar()[:2] == week.end.isocalendar()[:2]
        if week is not weeks[0]:
            assert week.start.weekday() == 0  # Monday
        if week is not weeks[-1]:
            assert week.end.weekday() == 6  # Sunday


@PROPERTY
@given(periods(), periods())
def test_intersection_commutes(a: Period, b: Period) -> None:
    """Intersection commutes: a ∩ b == b ∩ a."""
    assert a.intersection(b) == b.intersection(a)


@PROPERTY
@given(periods(), periods())
def test_overlaps_iff_intersection(a: Period, b: Period) -> None:
    """Periods a and b overlap exactly when a ∩ b is a period, and that period lies in both."""
    both = a.intersection(b)
    assert (both is not None) == a.overlaps(b)
    if both is not None:
        assert a.contains(both)
        assert b.contains(both)


@PROPERTY
@given(periods(), days_2000_2040)
def test_intersection_holds_exactly_the_shared_days(a: Period, day: date) -> None:
    """A probe day is in a ∩ (day..day+30) exactly when it is in both."""
    b = Period(day, day + timedelta(days=30))
    both = a.intersection(b)
    for probe in (day, day + timedelta(days=15), day + timedelta(days=30), a.start):
        in_both = a.contains(probe) and b.contains(probe)
        assert in_both == (both is not None and both.contains(probe))


@PROPERTY
@given(closed_periods())
def test_period_contains_each_of_its_months(period: Period) -> None:
    """Every month part of a period lies in the period."""
    assert all(period.contains(month) for month in period.months())


@PROPERTY
@given(periods())
def test_str_parse_round_trip_property(period: Period) -> None:
    """parse(str(p)) == p for closed and open periods."""
    assert period == Period.parse(str(period))
