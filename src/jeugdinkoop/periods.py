"""Periods: date intervals with an *inclusive* end, as in iJw messages and Dutch contracts.

``Period(date(2025, 1, 1), date(2025, 12, 31))`` is the year 2025. An open end is
``None`` (an open-ended assignment). Internally one private helper turns the inclusive
end into an exclusive bound; nowhere else is an off-by-one possible.

Examples:
    >>> from datetime import date
    >>> from jeugdinkoop.periods import Period
    >>> q1 = Period(date(2024, 1, 1), date(2024, 3, 31))
    >>> q1.days
    91
    >>> [str(m) for m in q1.months()]
    ['2024-01-01..2024-01-31', '2024-02-01..2024-02-29', '2024-03-01..2024-03-31']
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import attrs

from jeugdinkoop.errors import InvalidValue

__all__ = ["Period"]

_ONE_DAY = timedelta(days=1)
_MONTH = re.compile(r"[0-9]{4}-[0-9]{2}", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)


def _check_end(instance: Period, attribute: attrs.Attribute[Any], end: date | None) -> None:
    if end is None:
        return
    _check_date(instance, attribute, end)
    if end < instance.start:
        raise InvalidValue(
            f"Period.end: {end.isoformat()} is before start {instance.start.isoformat()} "
            "(the end is inclusive and may equal the start)"
        )


def _check_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    # datetime is a subclass of date; a datetime in a period is always a bug.
    if value is not None and (type(value) is not date):
        raise InvalidValue(f"Period.{attribute.name}: {value!r} is not a datetime.date")


@attrs.frozen(order=False)
class Period:
    """A date interval with an inclusive ``end``; ``end=None`` means open-ended.

    Args:
        start: the first day.
        end: the last day (inclusive), or ``None`` when open-ended.

    Raises:
        InvalidValue: when ``end`` is before ``start`` or either is not a ``date``.

    Examples:
        >>> from datetime import date
        >>> Period(date(2025, 3, 1), date(2025, 2, 28))
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidValue: Period.end: 2025-02-28 is before start 2025-03-01 (the end is inclusive and may equal the start)
        >>> Period(date(2025, 1, 1), None).contains(date(2099, 1, 1))
        True

    .. versionadded:: 0.1
    """

    start: date = attrs.field(validator=_check_date)
    end: date | None = attrs.field(default=None, validator=_check_end)

    # -- construction helpers -------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month ``year``-``month``.

        Examples:
            >>> str(Period.month(2024, 2))
            '2024-02-01..2024-02-29'
        """
        if cls is Period:
            # periods are immutable: one object per month (validation asks for it per line)
            found = _MONTHS.get((year, month))
            if found is not None:
                return found
        last = calendar.monthrange(year, month)[1]
        period = cls(date(year, month, 1), date(year, month, last))
        if cls is Period and type(year) is int and type(month) is int:
            if len(_MONTHS) >= 10_000:
                _MONTHS.clear()
            _MONTHS[(year, month)] = period
        return period

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year.

        Examples:
            >>> Period.year(2024).days
            366
        """
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``'2025-01-01..2025-12-31'``; an empty end (``'2025-01-01..'``) is open.

        A month ``'2025-03'`` is that calendar month and a year ``'2025'`` that calendar
        year. A single day (``'2025-03-01'``) is refused: it could mean that day or an
        open period from it, so write ``'2025-03-01..2025-03-01'`` or ``'2025-03-01..'``.

        Raises:
            InvalidValue: naming the text and the forms it may take.

        Examples:
            >>> Period.parse("2025-01-01..")
            Period(start=datetime.date(2025, 1, 1), end=None)
            >>> str(Period.parse("2025-03")), str(Period.parse("2024"))
            ('2025-03-01..2025-03-31', '2024-01-01..2024-12-31')
            >>> Period.parse("2025-03-01")
            Traceback (most recent call last):
            ...
            jeugdinkoop.errors.InvalidValue: Period: '2025-03-01' is one day; write '2025-03-01..2025-03-01' for that day or '2025-03-01..' for an open period from it
        """
        if not isinstance(text, str):
            raise TypeError(f"Period.parse: {text!r} is not a string")
        start, sep, end = text.partition("..")
        if not sep:
            return cls._parse_whole(text)
        try:
            return cls(
                date.fromisoformat(start.strip()),
                date.fromisoformat(end.strip()) if end.strip() else None,
            )
        except ValueError as err:
            if isinstance(err, InvalidValue):
                raise
            raise InvalidValue(f"Period: {text!r}: {err}") from None

    @classmethod
    def _parse_whole(cls, text: str) -> Period:
        """A month ``YYYY-MM`` or a year ``YYYY``; anything else is refused."""
        clean = text.strip()
        forms = "'YYYY-MM-DD..YYYY-MM-DD', 'YYYY-MM-DD..' (open), 'YYYY-MM' or 'YYYY'"
        if _MONTH.fullmatch(clean):
            year, month = int(clean[:4]), int(clean[5:])
            if 1 <= month <= 12:
                return cls.month(year, month)
            raise InvalidValue(f"Period: {text!r}: month {month} is not 1-12")
        if _YEAR.fullmatch(clean) and int(clean) >= 1:
            return cls.year(int(clean))
        if _DAY.fullmatch(clean):
            raise InvalidValue(
                f"Period: {text!r} is one day; write '{clean}..{clean}' for that day "
                f"or '{clean}..' for an open period from it"
            )
        raise InvalidValue(f"Period: {text!r} is not of the form {forms}")

    # -- the one place the inclusive end becomes exclusive ----------------------------
    def _stop(self) -> date | None:
        """The first day *after* the period (exclusive bound), or ``None`` when open.

        Examples:
            >>> Period(date(2024, 2, 1), date(2024, 2, 29))._stop()
            datetime.date(2024, 3, 1)
            >>> Period(date(2024, 2, 1))._stop() is None
            True
        """
        return None if self.end is None else self.end + _ONE_DAY

    # -- questions ------------------------------------------------------------------
    @property
    def is_open(self) -> bool:
        """Whether the period has no end.

        Examples:
            >>> Period(date(2025, 1, 1)).is_open
            True
        """
        return self.end is None

    @property
    def days(self) -> int:
        """Number of days, both ends counted.

        Raises:
            InvalidValue: for an open-ended period.

        Examples:
            >>> Period(date(2025, 1, 1), date(2025, 1, 1)).days
            1
        """
        if self.end is None:
            raise InvalidValue(f"Period {self}: an open-ended period has no number of days")
        # counted from the inclusive end: its exclusive bound does not exist for 9999-12-31
        return (self.end - self.start).days + 1

    def contains(self, other: date | Period) -> bool:
        """Whether a day, or a whole period, lies inside this period.

        Examples:
            >>> year = Period.year(2025)
            >>> year.contains(date(2025, 12, 31)), year.contains(date(2026, 1, 1))
            (True, False)
            >>> year.contains(Period(date(2025, 12, 1), None))
            False
        """
        if isinstance(other, Period):
            if other.start < self.start:
                return False
            if self.end is None:
                return True
            return other.end is not None and other.end <= self.end
        return self.start <= other and (self.end is None or other <= self.end)

    __contains__ = contains

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share at least one day.

        Examples:
            >>> Period.month(2025, 1).overlaps(Period.month(2025, 2))
            False
            >>> Period(date(2025, 1, 31), date(2025, 2, 1)).overlaps(Period.month(2025, 2))
            True
        """
        return self.intersection(other) is not None

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or ``None`` when they share none.

        Examples:
            >>> str(Period.year(2025).intersection(Period(date(2025, 12, 15), None)))
            '2025-12-15..2025-12-31'
        """
        start = max(self.start, other.start)
        ends = [e for e in (self.end, other.end) if e is not None]
        end = min(ends) if ends else None
        if end is not None and end < start:
            return None
        return Period(start, end)

    def clip(self, end: date) -> Period:
        """Close an open period at ``end`` (or keep the earlier own end).

        Examples:
            >>> str(Period(date(2025, 1, 1)).clip(date(2025, 6, 30)))
            '2025-01-01..2025-06-30'
        """
        if self.end is not None and self.end <= end:
            return self
        return Period(self.start, end)

    def months(self) -> Iterator[Period]:
        """The calendar months the period touches, each clipped to the period.

        Raises:
            InvalidValue: for an open-ended period (clip it first).

        Examples:
            >>> [str(p) for p in Period(date(2024, 1, 31), date(2024, 3, 1)).months()]
            ['2024-01-31..2024-01-31', '2024-02-01..2024-02-29', '2024-03-01..2024-03-01']
        """
        if self.end is None:
            raise InvalidValue(f"Period {self}: cannot list the months of an open period; clip it")
        current = self.start
        while current <= self.end:
            last = date(
                current.year, current.month, calendar.monthrange(current.year, current.month)[1]
            )
            yield Period(current, min(last, self.end))
            if last >= self.end:  # stop before stepping past date.max
                return
            current = last + _ONE_DAY

    def weeks(self) -> Iterator[Period]:
        """The ISO weeks (Monday to Sunday) the period touches, each clipped to the period.

        Examples:
            >>> [str(w) for w in Period(date(2025, 1, 1), date(2025, 1, 12)).weeks()]
            ['2025-01-01..2025-01-05', '2025-01-06..2025-01-12']
        """
        if self.end is None:
            raise InvalidValue(f"Period {self}: cannot list the weeks of an open period; clip it")
        current = self.start
        while current <= self.end:
            sunday = current + timedelta(days=min(6 - current.weekday(), (self.end - current).days))
            yield Period(current, sunday)
            if sunday >= self.end:  # stop before stepping past date.max
                return
            current = sunday + _ONE_DAY

    def is_single_month(self) -> bool:
        """Whether the period lies inside one calendar month (an iJw declaration period).

        Examples:
            >>> Period(date(2025, 3, 1), date(2025, 4, 2)).is_single_month()
            False
        """
        return self.end is not None and (self.start.year, self.start.month) == (
            self.end.year,
            self.end.month,
        )

    def _sort_key(self) -> tuple[date, date]:
        return (self.start, date.max if self.end is None else self.end)

    def __lt__(self, other: Period) -> bool:
        """Periods sort by start, then end; an open end sorts last."""
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() < other._sort_key()

    def __le__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() <= other._sort_key()

    def __gt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() > other._sort_key()

    def __ge__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._sort_key() >= other._sort_key()

    def __str__(self) -> str:
        end = "" if self.end is None else self.end.isoformat()
        return f"{self.start.isoformat()}..{end}"


_MONTHS: dict[tuple[int, int], Period] = {}
"""One shared :class:`Period` per calendar month asked for (see :meth:`Period.month`)."""
