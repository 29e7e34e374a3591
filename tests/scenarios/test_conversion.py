"""Converting assignments to new product codes (IJsselland, seed 000:L333-334), by hand."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdinkoop.codes import ChangeReason, Frequency, Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.io import load_embedded_region
from jeugdinkoop.model import Assignment, Volume
from jeugdinkoop.periods import Period
from jeugdinkoop.scenarios import CodeMapping, convert_assignments

ON = date(2026, 1, 1)
MAPPINGS = [
    CodeMapping(old="45X01", new=["45I01"]),  # ambulant: one to one
    CodeMapping(old="43X99", new=["44W01", "45W09"]),  # stay: living and treatment apart
]


def _assignment(reference: str, product: str, start: date, end: date | None) -> Assignment:
    return Assignment(
        reference=reference,
        client="100000253",
        municipality="0193",
        provider="99100003",
        category=product[:2],
        period=Period(start, end),
        product=product,
        volume=Volume(8, Unit.HOUR, Frequency.PER_MONTH) if product == "45X01" else None,
    )


def test_friction_of_a_conversion_counted_by_hand() -> None:
    """Four assignments on 2026-01-01.

    T-1 (45X01, 2025-03-01..2026-06-30): ended 2025-12-31 (1 message) + T-1/1 45I01 with
    its 8 h a month (1 message). T-2 (43X99, 2025-09-01, open): ended + T-2/1 44W01 and
    T-2/2 45W09 (3 messages, 1 split, 2 to reassess). T-3 (45X01 from 2026-02-01): not yet
    begun, recoded in place as T-3/1 (1 message, nothing ended). T-4 (45X01, ended
    2025-11-30): kept. Messages 2 + 3 + 1 = 6; splits 1; to reassess 2. After: T-4 kept,
    T-1 and T-2 ended, four created = 7 assignments.
    """
    region = load_embedded_region("ijsselland")
    t1 = _assignment("T-1", "45X01", date(2025, 3, 1), date(2026, 6, 30))
    t2 = _assignment("T-2", "43X99", date(2025, 9, 1), None)
    t3 = _assignment("T-3", "45X01", date(2026, 2, 1), date(2026, 12, 31))
    t4 = _assignment("T-4", "45X01", date(2025, 1, 1), date(2025, 11, 30))
    c = convert_assignments([t1, t2, t3, t4], MAPPINGS, ON, region.catalog)
    assert (6, 1, 2) == (c.messages, c.splits, len(c.to_reassess))
    assert [("T-1", date(2025, 12, 31)), ("T-2", date(2025, 12, 31))] == [
        (a.reference, a.period.end) for a in c.ended
    ]
    assert all(a.change_reason is ChangeReason.NEW_FUNDING for a in c.ended)
    assert [
        ("T-1/1", "45I01", "T-1", True),
        ("T-2/1", "44W01", "T-2", False),
        ("T-2/2", "45W09", "T-2", False),
        ("T-3/1", "45I01", None, True),
    ] == [
        (a.reference, str(a.product.value if a.product else ""), a.follows, a.volume is not None)
        for a in c.created
    ]
    assert (t4,) == c.kept
    assert 7 == len(c.assignments)


def test_bad_mappings_are_named() -> None:
    region = load_embedded_region("ijsselland")
    with pytest.raises(InvalidValue, match=r"CodeMapping '45X01'\.new: '45Q01' is not in"):
        convert_assignments([], [CodeMapping(old="45X01", new=["45Q01"])], ON, region.catalog)
    with pytest.raises(InvalidValue, match=r"CodeMapping '45X01'\.old: mapped twice"):
        convert_assignments([], [MAPPINGS[0], MAPPINGS[0]], ON, region.catalog)


@given(
    start=st.dates(date(2025, 1, 1), date(2026, 12, 31)),
    days=st.integers(0, 800),
)
def test_no_day_is_lost_or_doubled(start: date, days: int) -> None:
    """Old and new together cover exactly the old assignment's days, each once."""
    region = load_embedded_region("ijsselland")
    end = date.fromordinal(start.toordinal() + days)
    old = _assignment("T-1", "45X01", start, end)
    c = convert_assignments([old], MAPPINGS, ON, region.catalog)
    covered = [a.period for a in c.assignments]
    total = sum((p.end - p.start).days + 1 for p in covered if p.end is not None)
    assert days + 1 == total
