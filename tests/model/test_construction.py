"""Record constructors as users meet them.

Keywords after the first field; text converted where it has one meaning; the rest refused
at construction, naming class and field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdinkoop.codes import Frequency, ProductCategory, Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import EffortBased, Lumpsum
from jeugdinkoop.model import (
    Assignment,
    Claim,
    Client,
    Contract,
    LocalCondition,
    Municipality,
    PopulationBand,
    Product,
    Provider,
    Region,
    Segment,
    Tariff,
    Volume,
)
from jeugdinkoop.periods import Period

ASSIGNMENT: dict[str, Any] = {
    "reference": "T-1",
    "client": "111222333",
    "municipality": "0193",
    "provider": "12345678",
    "category": ProductCategory.AMBULANT,
    "period": Period(date(2025, 1, 1), date(2025, 6, 30)),
    "product": "45A01",
    "volume": Volume(4, Unit.HOUR, Frequency.PER_WEEK),
}
CLAIM: dict[str, Any] = {
    "reference": "R-1",
    "assignment": "T-1",
    "provider": "12345678",
    "client": "111222333",
    "municipality": "0193",
    "product": "45A01",
    "start": date(2025, 3, 1),
    "end": date(2025, 3, 31),
    "quantity": 10,
    "unit": Unit.HOUR,
    "amount": "780.00",
}


@pytest.mark.parametrize(
    ("cls", "args"),
    [
        (Claim, tuple(CLAIM.values())),
        (Assignment, tuple(ASSIGNMENT.values())),
        (Contract, ("C-1", "12345678", "open_house", Period.year(2025))),
        (Tariff, ("45A01", "78.00", Unit.HOUR, Period.year(2025))),
        (Product, ("45A01", "45", "Begeleiding", Unit.HOUR, "AMB")),
        (Provider, ("12345678", "Zorg BV")),
        (LocalCondition, ("0193", 3)),
        (Client, ("111222333", "0193")),
        (Segment, ("AMB", "Ambulant")),
        (Municipality, ("0193", "Zwolle")),
        (PopulationBand, (0, 17, 1200)),
    ],
)
def test_only_the_first_field_is_positional(cls: type, args: tuple[object, ...]) -> None:
    """``Claim("R-1", "T-1", ...)`` is refused: only the first field may be positional."""
    with pytest.raises(TypeError, match="positional argument"):
        cls(*args)


def test_region_takes_keywords_after_its_code() -> None:
    """A Region has 11 fields; after its code every one is named."""
    with pytest.raises(TypeError, match="positional argument"):
        Region("R", "Regio", (), (), None, None)  # type: ignore[call-arg, arg-type]


def test_the_first_field_may_stay_positional() -> None:
    """``Provider("12345678", name=...)`` still reads and works."""
    assert str(Provider("12345678", name="Zorg BV").agb) == "12345678"


def test_volume_stays_positional() -> None:
    """``Volume(4, HOUR, PER_WEEK)`` reads as "4 hours per week"; it keeps its three positions."""
    assert Volume(4, Unit.HOUR, Frequency.PER_WEEK) == Volume(
        quantity=4, unit=Unit.HOUR, frequency=Frequency.PER_WEEK
    )


# -- periods ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2025-01-01..2025-06-30", date(2025, 1, 1), date(2025, 6, 30)),
        ("2025-01-01..", date(2025, 1, 1), None),
        ("2025-03", date(2025, 3, 1), date(2025, 3, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),  # leap year: 29 days
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ],
)
def test_a_period_text_becomes_a_period(text: str, start: date, end: date | None) -> None:
    """An assignment's, contract's and tariff's period may be given as text."""
    assignment = Assignment(**{**ASSIGNMENT, "volume": None, "period": text})
    contract = Contract(
        "C-1",
        provider="12345678",
        procedure="open_house",
        period=text,
        municipalities=["0193"],
        segments=["AMB"],
    )
    tariff = Tariff("45A01", rate="78.00", unit=Unit.HOUR, period=text)
    assert assignment.period == contract.period == tariff.period == Period(start, end)


@given(st.integers(1, 9999), st.integers(1, 12))
def test_a_month_text_is_that_month(year: int, month: int) -> None:
    """``Period.parse("YYYY-MM")`` equals ``Period.month(YYYY, MM)`` for every month."""
    assert Period.parse(f"{year:04d}-{month:02d}") == Period.month(year, month)


@given(st.dates(), st.integers(0, 4000) | st.none())
def test_a_period_reads_back_from_its_text(start: date, days: int | None) -> None:
    """``Period.parse(str(p)) == p`` for closed and open periods."""
    if days is not None and start + timedelta(days=days) > date.max - timedelta(days=1):
        days = 0
    period = Period(start, None if days is None else start + timedelta(days=days))
    text = str(period) if period.end is not None else f"{start.isoformat()}.."
    assert Period.parse(text) == period


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "Assignment 'T-1'.period: int 5 is not a Period; use Period(start=..., end=...)"),
        (
            "2025-03-01",
            "Assignment 'T-1'.period: Period: '2025-03-01' is one day; write '2025-03-01..2025-03-01'",
        ),
        (
            date(2025, 1, 1),
            "Assignment 'T-1'.period: date datetime.date(2025, 1, 1) is not a Period",
        ),
    ],
)
def test_a_period_of_another_type_is_refused(value: object, message: str) -> None:
    """Not converted: a number, one day (that day, or open from it?), a bare date."""
    with pytest.raises((InvalidValue, TypeError), match=re.escape(message)):
        Assignment(**{**ASSIGNMENT, "period": value})


def test_a_tariff_names_its_period_field() -> None:
    """The field is ``period`` on a tariff (as on assignment and contract), and the error says so."""
    with pytest.raises(TypeError, match=re.escape("Tariff.period: int 2025 is not a Period")):
        Tariff("45A01", rate="78.00", unit=Unit.HOUR, period=2025)


# -- dates ------------------------------------------------------------------------------


def test_iso_date_texts_become_dates() -> None:
    """'2025-03-01' has one meaning; claim start/end, a birth date and closed_from take it."""
    claim = Claim(**{**CLAIM, "start": "2025-03-01", "end": " 2025-03-31 "})
    client = Client("111222333", municipality="0193", birth_date="2012-02-29")
    condition = LocalCondition("0193", closed_from="2025-07-01")
    assert (claim.start, claim.end) == (date(2025, 3, 1), date(2025, 3, 31))
    assert claim == Claim(**CLAIM)
    assert client.birth_date == date(2012, 2, 29)
    assert condition.closed_from == date(2025, 7, 1)


@pytest.mark.parametrize("text", ["1-3-2025", "20250301", "2025-W09-6", "2025-02-30"])
def test_other_date_texts_are_refused(text: str) -> None:
    """Day-month order, compact and week dates, and impossible days are refused by name."""
    with pytest.raises(InvalidValue, match=re.escape(f"Claim 'R-1'.start: {text!r}")):
        Claim(**{**CLAIM, "start": text})


# -- volume and funding -----------------------------------------------------------------


@pytest.mark.parametrize("volume", [40, "40", (4, "04", "2")])
def test_a_volume_must_be_a_volume(volume: object) -> None:
    """``volume=40`` has no unit nor frequency: refused at once, not in ``validate``."""
    with pytest.raises(TypeError, match=re.escape("Assignment 'T-1'.volume: ")) as excinfo:
        Assignment(**{**ASSIGNMENT, "volume": volume})
    assert str(excinfo.value).endswith("is not a Volume")


def test_a_funding_model_by_its_registered_name() -> None:
    """``funding="effort"`` is ``EffortBased()``; ``"lumpsum"`` is ``Lumpsum()`` with its defaults."""
    assert Segment("AMB", name="Ambulant", funding="effort").funding == EffortBased()
    assert Segment("AMB", name="Ambulant", funding="lumpsum").funding == Lumpsum()
    model = EffortBased()
    assert Segment("AMB", name="Ambulant", funding=model).funding is model


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "effrot",
            "Segment 'AMB'.funding: no funding model named 'effrot'; known: combined, ",
        ),
        ("combined", "Segment 'AMB'.funding: funding model 'combined' (Combined) needs parameters"),
        (
            EffortBased,
            "Segment 'AMB'.funding: the class EffortBased; give an instance, EffortBased()",
        ),
        (3, "Segment 'AMB'.funding: int 3 is not a funding model"),
    ],
)
def test_a_funding_model_that_is_not_one_is_refused(value: object, message: str) -> None:
    """A misspelt name, a model needing parameters, a class, a number: refused by name."""
    with pytest.raises((InvalidValue, TypeError), match=re.escape(message)):
        Segment("AMB", name="Ambulant", funding=value)
