"""Each result of ``validate`` maps back to its input line, repeated references included."""

from __future__ import annotations

from datetime import date

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import AcceptedClaim, RejectedClaim, validate

REGION = load_example_region()
ASSIGNMENT = Assignment(
    reference="T-1",
    client="111222333",
    municipality="0001",
    provider="22222222",
    category="45",
    period=Period(date(2025, 1, 1), date(2025, 6, 30)),
    product="45A01",
    volume=Volume(10, "04", "4"),  # 10 hours a month
)
MARCH = Claim(
    reference="R-1",
    assignment="T-1",
    provider="22222222",
    client="111222333",
    municipality="0001",
    product="45A01",
    start=date(2025, 3, 1),
    end=date(2025, 3, 31),
    quantity=8,
    unit="04",
    amount="624.00",
)
APRIL = attrs.evolve(MARCH, reference="R-2", start=date(2025, 4, 1), end=date(2025, 4, 30))


def test_results_are_in_input_order_with_their_index() -> None:
    """Input: April R-2, March R-1, an unreadable row, March R-1 again.

    Processed by period: R-1 (March, 8 h ≤ 10 h) is accepted, the second R-1 is a
    repeat of it (refused), R-2 (April) accepted; the row is refused when read. In input
    order: 0 R-2 accepted, 1 R-1 accepted, 2 row refused, 3 R-1 refused.
    """
    report = validate([APRIL, MARCH, {"reference": "X"}, MARCH], [ASSIGNMENT], REGION)
    results = report.results()
    assert [(r.index, r.reference, type(r).__name__) for r in results] == [
        (0, "R-2", "AcceptedClaim"),
        (1, "R-1", "AcceptedClaim"),
        (2, "X", "RejectedClaim"),
        (3, "R-1", "RejectedClaim"),
    ]
    assert [a.index for a in report.accepted] == [1, 0]  # processing order: March first
    assert sorted(r.index for r in report.rejected if r.index is not None) == [2, 3]


def test_rows_carry_their_index_too() -> None:
    """Rows (mappings) are numbered like claims: by position, from 0."""
    rows = [{"reference": "A"}, {"reference": ""}, {"reference": "A"}]
    report = validate(rows, [], REGION)
    assert [(r.index, r.reference) for r in report.results()] == [(0, "A"), (1, ""), (2, "A")]


def test_the_index_does_not_change_equality() -> None:
    """Two reports of the same lines in another order still have equal lines."""
    one = validate([MARCH, APRIL], [ASSIGNMENT], REGION)
    two = validate([APRIL, MARCH], [ASSIGNMENT], REGION)
    assert one.accepted == two.accepted
    assert [a.index for a in one.accepted] == [0, 1]
    assert [a.index for a in two.accepted] == [1, 0]


def test_a_result_made_by_hand_has_no_index() -> None:
    """Outside ``validate`` there is no input to point to."""
    line = AcceptedClaim(claim=MARCH, amount=MARCH.amount, segment="AMB")
    assert line.index is None
    assert RejectedClaim(subject="claim R-1", findings=()).index is None


@settings(max_examples=30, deadline=None)
@given(st.permutations([MARCH, APRIL, MARCH, {"reference": "Y"}, APRIL]))
def test_every_input_line_has_exactly_one_result_at_its_position(
    lines: list[Claim | dict[str, str]],
) -> None:
    """For any order: results()[i] has index i and is the i-th input line."""
    results = validate(lines, [ASSIGNMENT], REGION).results()
    assert [r.index for r in results] == list(range(len(lines)))
    for line, result in zip(lines, results, strict=True):
        if isinstance(line, Claim):
            assert result.claim == line
        else:
            assert result.reference == line["reference"]


# -- rows, frames, HTML ------------------------------------------------------------------


def test_to_rows_in_input_order() -> None:
    """April R-2 (8 h × € 78 = € 624.00), March R-1 (€ 624.00), an unreadable row X."""
    rows = validate([APRIL, MARCH, {"reference": "X"}], [ASSIGNMENT], REGION).to_rows()
    assert [(r["index"], r["reference"], r["status"], r["amount"]) for r in rows] == [
        ("0", "R-2", "accepted", "624.00"),
        ("1", "R-1", "accepted", "624.00"),
        ("2", "X", "rejected", ""),
    ]
    assert rows[2]["codes"].split()[0].startswith("JI-")
    assert "111222333" not in repr(rows)


def test_to_frame_has_an_int_index_and_exact_amounts() -> None:
    """The frame's amount is Decimal('624.00'), None for a refused line; index is 0, 1, 2."""
    from decimal import Decimal

    frame = validate([APRIL, MARCH, {"reference": "X"}], [ASSIGNMENT], REGION).to_frame()
    assert list(frame["index"]) == [0, 1, 2]
    assert list(frame["amount"]) == [Decimal("624.00"), Decimal("624.00"), None]
    assert list(frame["status"]) == ["accepted", "accepted", "rejected"]


def test_html_is_short_and_escaped() -> None:
    """60 lines show 50 rows and say 10 more; a reference with '<' is escaped."""
    lines = [attrs.evolve(MARCH, reference=f"<R-{i}>") for i in range(60)]
    page = validate(lines, [ASSIGNMENT], REGION)._repr_html_()
    assert page.count("<tr>") == 51  # header + 50 rows
    assert "… 10 more rows" in page
    assert "&lt;R-0&gt;" in page
    assert "111222333" not in page


def test_reprs_are_short() -> None:
    """Six months accepted (8 h ≤ 10 h each): the repr shows five and says 1 more."""
    months = [
        attrs.evolve(
            MARCH,
            reference=f"R-{m}",
            start=Period.month(2025, m).start,
            end=Period.month(2025, m).end,
        )
        for m in range(1, 7)
    ]
    report = validate(months, [ASSIGNMENT], REGION)
    assert len(report.accepted) == 6
    shown = repr(report.accepted)
    assert shown.endswith(", … 1 more)")
    assert shown.count("AcceptedClaim(") == 5
    assert len(repr(report)) < 200
