"""Hypothesis properties of ``validate()``: claim order does not matter; same input, same report.

Batches mix debits of 45A01 (€ 78.00/h, 10 h a month assigned, so some are refused for
volume), second debits for a month already claimed (JI-602, iJw TR389), lines that do not
start on the 1st (JI-305, TR387), repeated references (JI-601), and credits of debits in
the batch (some matching, some not); and the same reference again with one field
changed (a wrong amount: JI-503; a wrong tariff: JI-504; another declaration).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import ValidationReport, validate

PROPERTY = settings(max_examples=40, deadline=None, database=None)
MONEY = settings.get_profile("money")
"""The money properties' settings: 50 examples locally, 1,000 in CI (conftest.py)."""
CLIENT = "111222333"
ASSIGNMENT = Assignment(
    reference="T-1",
    client=CLIENT,
    municipality="0001",
    provider="22222222",
    category="45",
    period=Period.year(2025),
    product="45A01",
    volume=Volume(10, Unit.HOUR, "4"),
)


def _claim(reference: str, month: int, day: int, hours: int, **changes: Any) -> Claim:
    period = Period.month(2025, month)
    assert period.end is not None
    return Claim(
        reference=reference,
        assignment="T-1",
        provider="22222222",
        client=CLIENT,
        municipality="0001",
        product="45A01",
        start=date(2025, month, day),
        end=period.end,
        quantity=hours,
        unit=Unit.HOUR,
        amount=Money("78.00") * hours,
        **changes,
    )


@st.composite
def batches(draw: st.DrawFn) -> list[Claim]:
    debits = draw(
        st.lists(
            st.tuples(
                st.integers(0, 5),
                st.integers(1, 3),
                st.sampled_from([1, 1, 1, 2]),
                st.integers(1, 12),
            ),
            min_size=1,
            max_size=10,
        )
    )
    claims = [_claim(f"R-{ref}", month, day, hours) for ref, month, day, hours in debits]
    debits_only = list(claims)
    for debit in draw(st.lists(st.sampled_from(debits_only), max_size=3, unique_by=id)):
        # the same reference again, differing in one field (amount, tariff, category or
        # declaration): which of the two is accepted must not depend on the input order
        changes: list[dict[str, Any]] = [
            {"amount": debit.amount + Money("1.00")},
            {"amount": debit.amount - Money("0.01")},
            {"tariff": Money("78.00")},
            {"tariff": Money("80.00")},
            {"category": "45"},
            {"declaration": "D-2"},
        ]
        change = draw(st.sampled_from(changes))
        claims.append(attrs.evolve(debit, **change))
    for debit in draw(st.lists(st.sampled_from(claims), max_size=3, unique_by=id)):
        exact = draw(st.booleans())
        claims.append(
            Claim(
                reference=f"{debit.reference}C{len(claims)}",
                assignment=debit.assignment,
                provider=debit.provider,
                client=debit.client,
                municipality=debit.municipality,
                product=debit.product,
                start=debit.start,
                end=debit.end,
                quantity=debit.quantity if exact else debit.quantity + 1,
                unit=debit.unit,
                amount=debit.amount,
                debit_credit="C",
                reverses=debit.reference,
            )
        )
    return claims


def _summary(report: ValidationReport) -> tuple[object, ...]:
    return (
        [(a.claim, a.amount) for a in report.accepted],
        sorted((r.subject, tuple(f.code for f in r.findings)) for r in report.rejected),
        sorted(str(f) for f in report.findings),
        report.total_accepted,
        report.ledger.entries,
    )


@pytest.mark.money
@MONEY
@given(batches(), st.data())
def test_claim_order_does_not_matter(claims: list[Claim], data: st.DataObject) -> None:
    """Claim order does not matter.

    A permutation of the batch gives the same accepted lines (in the same canonical order,
    with the same amounts), the same refusals and findings, the same total and ledger —
    also when the batch repeats a reference with another amount, tariff, category or
    declaration (the canonical order covers every field).
    """
    region = load_example_region()
    shuffled = data.draw(st.permutations(claims))
    assert _summary(validate(claims, [ASSIGNMENT], region)) == _summary(
        validate(shuffled, [ASSIGNMENT], region)
    )


@PROPERTY
@given(batches())
def test_same_input_same_report(claims: list[Claim]) -> None:
    """Validating the same batch twice gives equal reports."""
    region = load_example_region()
    assert _summary(validate(claims, [ASSIGNMENT], region)) == _summary(
        validate(claims, [ASSIGNMENT], region)
    )


@PROPERTY
@given(batches())
def test_accepted_debits_never_exceed_the_volume(claims: list[Claim]) -> None:
    """Accepted debits never exceed the volume.

    Net accepted hours per month never exceed the assigned 10, and each accepted debit is
    priced at hours × € 78.00.
    """
    report = validate(claims, [ASSIGNMENT], load_example_region())
    per_month: dict[int, int] = {}
    for accepted in report.accepted:
        sign = -1 if accepted.claim.is_credit else 1
        month = accepted.claim.start.month
        per_month[month] = per_month.get(month, 0) + sign * int(accepted.claim.quantity)
        assert Money("78.00") * accepted.claim.quantity * sign == accepted.amount
    assert all(hours <= 10 for hours in per_month.values())


@PROPERTY
@given(batches())
def test_one_standing_debit_per_month(claims: list[Claim]) -> None:
    """One standing debit per month (iJw TR389).

    Per service period, accepted debits minus accepted credits is 0 or 1: a second debit
    for the same assignment, period and product is only accepted after a credit.
    """
    report = validate(claims, [ASSIGNMENT], load_example_region())
    standing: dict[tuple[date, date], int] = {}
    for accepted in report.accepted:
        key = (accepted.claim.start, accepted.claim.end)
        standing[key] = standing.get(key, 0) + (-1 if accepted.claim.is_credit else 1)
    assert all(n in {0, 1} for n in standing.values()), standing


def test_a_shuffled_hand_worked_batch() -> None:
    """A shuffled hand worked batch.

    Batch: R-1 8 h March (€ 624.00); R-2 4 h March, a second debit for March while R-1
    stands (JI-602, 9389); R-3 2 h from 2 March, not the 1st (JI-305, 9387); R-4 5 h
    April (€ 390.00). Canonical order (by start, then reference) accepts R-1 and R-4
    whatever the input order: 624.00 + 390.00 = € 1,014.00; R-2 and R-3 are refused.
    """
    region = load_example_region()
    r1 = _claim("R-1", 3, 1, 8)
    r2 = _claim("R-2", 3, 1, 4)
    r3 = _claim("R-3", 3, 2, 2)
    r4 = _claim("R-4", 4, 1, 5)
    for order in ([r1, r2, r3, r4], [r4, r3, r2, r1], [r2, r4, r1, r3]):
        report = validate(order, [ASSIGNMENT], region)
        assert ["R-1", "R-4"] == [a.claim.reference for a in report.accepted]
        assert Money("1014.00") == report.total_accepted
        assert [("claim R-2", ("JI-602",)), ("claim R-3", ("JI-305",))] == sorted(
            (r.subject, tuple(f.code for f in r.findings)) for r in report.rejected
        )


@pytest.mark.money
@MONEY
@given(batches())
def test_revalidating_on_the_resulting_ledger_books_nothing(claims: list[Claim]) -> None:
    """Re-validation is idempotent.

    Validating a batch, then the same batch again on the ledger the first run produced,
    accepts nothing and books nothing: every line is then a resubmission (JI-601) or is
    refused as before, and the ledger is unchanged.
    """
    region = load_example_region()
    first = validate(claims, [ASSIGNMENT], region)
    again = validate(claims, [ASSIGNMENT], region, ledger=first.ledger)
    assert ((), ()) == (again.accepted, again.entries)
    assert first.ledger == again.ledger
    assert len(claims) == len(again.rejected)


def test_a_batch_credit_follows_the_debit_that_is_accepted() -> None:
    """A batch credit follows the debit that is accepted.

    The batch: R-1 for 8 h at € 600.00 (wrong: 8 × 78.00 = € 624.00, JI-503), R-1 again
    at € 624.00, and C-1 reversing R-1 (8 h, € 624.00). In every input order the wrong R-1
    is refused, the right R-1 accepted (€ 624.00) and C-1 books −€ 624.00 right after it:
    total € 0.00. Validating the batch again on that ledger accepts nothing (three times
    JI-601). Before the fix, C-1 was placed after the refused R-1 and refused (JI-603),
    and the second run booked it.
    """
    region = load_example_region()
    right = _claim("R-1", 3, 1, 8)
    wrong = attrs.evolve(right, amount=Money("600.00"))
    credit = attrs.evolve(right, reference="C-1", debit_credit="C", reverses="R-1")
    for order in ([wrong, right, credit], [credit, right, wrong], [right, credit, wrong]):
        report = validate(order, [ASSIGNMENT], region)
        assert [("R-1", Money("624.00")), ("C-1", Money("-624.00"))] == [
            (a.claim.reference, a.amount) for a in report.accepted
        ]
        assert [(wrong, ("JI-503",))] == [
            (r.claim, tuple(f.code for f in r.findings)) for r in report.rejected
        ]
        again = validate(order, [ASSIGNMENT], region, ledger=report.ledger)
        assert () == again.entries
        assert ["JI-601"] * 3 == [f.code for f in again.findings]
