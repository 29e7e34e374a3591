"""Validation in bounded memory (issue 8, Memory): rows stream, the report is compact.

``validate`` must hold every claim (it sorts them into a canonical order) and the ledger
holds an entry per accepted line; nothing else may grow per line: no row dicts, no
``AcceptedClaim`` objects, no copies of repeated values (service periods, assignment
numbers, priced amounts, month keys and running totals are shared).
"""

from __future__ import annotations

import gc
import importlib.util
import tempfile
import tracemalloc
import weakref
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import DuplicateEntry
from jeugdinkoop.funding import Entry, EntryKind, Ledger
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.io import load_example_region, read_rows
from jeugdinkoop.model import Assignment, Volume
from jeugdinkoop.model.records import claim_from_record
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import AcceptedClaim, AcceptedLines, validate

ROOT = Path(__file__).resolve().parents[2]
REGION = load_example_region()


def _assignment(number: int) -> Assignment:
    """Assignment T-``number``: 45A01 for all of 2025, 40 hours a month."""
    return Assignment(
        reference=f"T-{number}",
        client="111222333",
        municipality="0001",
        provider="22222222",
        category="45",
        period=Period(date(2025, 1, 1), date(2025, 12, 31)),
        product="45A01",
        volume=Volume(quantity=40, unit="04", frequency="4"),
    )


ASSIGNMENT = _assignment(1)


def _row(
    reference: str, assignment: str = "T-1", month: int = 3, quantity: int = 1
) -> dict[str, str]:
    """A whole-month line (iJw TR387/388) of ``quantity`` hours at € 78.00 an hour."""
    period = Period.month(2025, month)
    return {
        "reference": reference,
        "assignment": assignment,
        "provider": "22222222",
        "client": "111222333",
        "municipality": "0001",
        "product": "45A01",
        "start": period.start.isoformat(),
        "end": str(period.end),
        "quantity": str(quantity),
        "unit": "04",
        "amount": f"{78 * quantity},00",
    }


class _Row(dict[str, str]):
    """A row that can be watched with a weak reference."""


def test_validate_drops_each_row_once_read() -> None:
    """Rows stream: when row n is asked for, at most row n − 1 (the one just read) lives.

    28 lines of one hour for March on 28 assignments (one debit per assignment, month
    and product, iJw TR389), plus one unreadable row (its record is kept as a masked
    copy, not as the row itself).
    """
    alive: list[weakref.ref[_Row]] = []
    held: list[int] = []

    def rows() -> Iterator[_Row]:
        for n in range(1, 29):
            gc.collect()
            held.append(sum(ref() is not None for ref in alive))
            row = _Row(_row(f"R-{n}", f"T-{n}"))
            alive.append(weakref.ref(row))
            yield row
            del row
        bad = _Row({**_row("R-bad"), "amount": "abc"})
        alive.append(weakref.ref(bad))
        yield bad

    report = validate(rows(), [_assignment(n) for n in range(1, 29)], REGION)
    assert (28, 1) == (len(report.accepted), len(report.rejected))
    assert 28 == len(held)
    assert max(held) <= 1, held
    gc.collect()
    assert all(ref() is None for ref in alive)


def test_accepted_lines_are_a_sequence_made_on_access() -> None:
    """Lines of 1, 2 and 3 h in January, February and March at € 78.00 an hour.

    € 78.00, € 156.00 and € 234.00; total € 468.00. One assignment, one line a month.
    """
    claims = [claim_from_record(_row(f"R-{n}", month=n, quantity=n)) for n in (1, 2, 3)]
    report = validate(reversed(claims), [ASSIGNMENT], REGION)
    lines = report.accepted
    assert isinstance(lines, AcceptedLines)
    assert ["R-1", "R-2", "R-3"] == [a.claim.reference for a in lines]
    assert [Money("78.00"), Money("156.00"), Money("234.00")] == [a.amount for a in lines]
    assert Money("468.00") == lines.total() == report.total_accepted
    assert (
        lines[-1]
        == lines[2]
        == AcceptedClaim(claim=claims[2], amount=Money("234.00"), segment="AMB", findings=())
    )
    assert ("R-2", "R-3") == tuple(a.claim.reference for a in lines[1:])
    assert tuple(lines) == lines == list(lines)
    assert lines != tuple(lines)[:2]
    with pytest.raises(IndexError, match="accepted line 3 of 3"):
        lines[3]
    with pytest.raises(ValueError, match="3 claims but 2 entries"):
        AcceptedLines(claims, report.entries[:2])


def test_repeated_values_are_shared_between_lines() -> None:
    """Two lines of the same month and assignment share the period and number objects.

    Booked (a second debit of one assignment-month is refused, TR389, so the second is
    on T-2), two lines of one hour at € 78.00 share one amount object.
    """
    first, second = (claim_from_record(_row(f"R-{n}")) for n in (1, 2))
    assert first.period is second.period
    assert first.assignment is second.assignment
    other = claim_from_record(_row("R-2", "T-2"))
    assert first.period is other.period
    report = validate([first, other], [ASSIGNMENT, _assignment(2)], REGION)
    assert 2 == len(report.accepted)
    assert report.entries[0].amount is report.entries[1].amount  # one € 78.00 for both


def _bench() -> Any:
    spec = importlib.util.spec_from_file_location(
        "bench_validate", ROOT / "benchmarks" / "bench_validate.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _peak(bench: Any, lines: int) -> int:
    """The traced peak of validating ``lines`` benchmark lines streamed from their CSV."""
    region = bench.build_region()
    with tempfile.TemporaryDirectory() as folder:
        assignments, path = bench.build_data(lines, Path(folder))
        gc.collect()
        tracemalloc.start()
        try:
            report = validate((row for _, row in read_rows(path)), assignments, region)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert lines == len(report.accepted)
    return peak


def test_memory_per_line_stays_bounded() -> None:
    """At most 1,200 bytes for each further line at the peak (500 against 3,000 lines).

    What a line must cost: its claim (168 B), its ledger entry (160 B), its reference
    (~57 B), the ledger's indexes by key and assignment (~100 B) and its share of the
    lists: some 500 B; at this size resizes of the indexes add to the peak: 868 B
    measured (970 B while the ledger also kept an index of open debits by content hash,
    which ``debits_like`` now answers by scanning the assignment's own entries). Before
    the memory work it was 1,685 B (an ``AcceptedClaim`` per line, a ``Period``, a
    ``Money``, a month key and a running total per entry, a 5-tuple per line in the
    duplicate index). The difference of two runs after a warm-up leaves out what does
    not grow with the lines (the region, its caches, the assignments, the parsers' memos).
    """
    bench = _bench()
    _peak(bench, 3_000)  # warm the parsers' memos and the region's caches
    per_line = (_peak(bench, 3_000) - _peak(bench, 500)) / 2_500
    assert per_line <= 1_200, f"{per_line:.0f} bytes a line"


def _debit(
    reference: str,
    assignment: str = "T-1",
    month: int = 3,
    product: str | None = "45A01",
    quantity: int = 1,
) -> Entry:
    """An accepted debit of ``quantity`` hours for a whole month of 2025."""
    return Entry(
        kind=EntryKind.CLAIM,
        key=reference,
        provider=AGBCode("22222222"),
        municipality=MunicipalityCode("0001"),
        segment="AMB",
        period=Period.month(2025, month),
        amount=Money(78 * quantity),
        assignment=assignment,
        product=ProductCode(product) if product is not None else None,
        quantity=Decimal(quantity),
        unit=Unit.HOUR,
    )


def _credit(debit: Entry) -> Entry:
    """The credit that reverses ``debit``: its exact negative."""
    return attrs.evolve(
        debit,
        kind=EntryKind.CREDIT,
        key=f"C-{debit.key}",
        amount=-debit.amount,
        quantity=-debit.quantity,
        reverses=debit.key,
    )


def _content(assignment: str, month: int, product: str | None) -> tuple[Any, ...]:
    period = Period.month(2025, month)
    return (assignment, period.start, period.end, ProductCode(product) if product else None)


def test_debits_like_is_exact_per_content() -> None:
    """``debits_like`` answers per content: assignment, product period and product.

    iJw TR389: one debit per assignment, product period and product, whatever the
    quantity. R-1 (T-1, March), R-2 (T-2, March), R-3 (T-1, April), R-4 (T-1, March
    again, 3 h) and R-5 (T-1, March, no product) each differ from R-1 in one field but
    R-4, which differs only in its quantity. Crediting R-1 leaves R-4; crediting R-2
    leaves T-2's March empty and the others untouched.
    """
    debits = [
        _debit("R-1"),
        _debit("R-2", assignment="T-2"),
        _debit("R-3", month=4),
        _debit("R-4", quantity=3),
        _debit("R-5", product=None),
    ]
    ledger = Ledger(debits)
    assert ("R-1", "R-4") == ledger.debits_like(*_content("T-1", 3, "45A01"))
    assert ("R-2",) == ledger.debits_like(*_content("T-2", 3, "45A01"))
    assert ("R-3",) == ledger.debits_like(*_content("T-1", 4, "45A01"))
    assert ("R-5",) == ledger.debits_like(*_content("T-1", 3, None))
    assert () == ledger.debits_like(*_content("T-1", 5, "45A01"))
    assert () == ledger.debits_like(*_content("T-1", 3, "45A02"))
    assert () == ledger.debits_like(*_content("T-3", 3, "45A01"))
    ledger.append(_credit(debits[0]))  # R-1 credited: R-4 stays, the others untouched
    assert ("R-4",) == ledger.debits_like(*_content("T-1", 3, "45A01"))
    assert ("R-2",) == ledger.debits_like(*_content("T-2", 3, "45A01"))
    ledger.append(_credit(debits[1]))
    assert () == ledger.debits_like(*_content("T-2", 3, "45A01"))
    assert ("R-3",) == ledger.debits_like(*_content("T-1", 4, "45A01"))
    assert ("R-5",) == ledger.debits_like(*_content("T-1", 3, None))


_CONTENTS = [
    (assignment, month, product)
    for assignment in ("T-1", "T-2")
    for month in (3, 4)
    for product in ("45A01", None)
]


@st.composite
def _ledger_operations(draw: st.DrawFn) -> list[tuple[str, int, int]]:
    """Operations (debit/credit, line number, content number) on at most six lines.

    A line's content is fixed by its first debit; a line may be credited before it is
    debited, debited twice (refused) and credited twice (refused).
    """
    return draw(
        st.lists(
            st.tuples(
                st.sampled_from(["debit", "credit"]),
                st.integers(0, 5),
                st.integers(0, len(_CONTENTS) - 1),
            ),
            max_size=30,
        )
    )


@settings(max_examples=300, deadline=None, database=None)
@given(_ledger_operations())
def test_debits_like_behaves_like_a_dict_of_contents(
    operations: list[tuple[str, int, int]],
) -> None:
    """Whatever the collisions, ``debits_like`` answers as a dict of content → open debits.

    The model is a plain dict from content to the references of the debits booked and
    not (yet) credited, oldest first; eight contents on two assignments, so that lines
    share an assignment, a month or a product. A credit booked before its
    debit leaves that debit closed when it comes.
    """
    model: dict[tuple[str, int, str | None], list[str]] = {}
    debited: dict[str, Entry] = {}
    credited: set[str] = set()
    ledger = Ledger()
    contents: dict[str, tuple[str, int, str | None]] = {}
    for operation, number, which in operations:
        reference = f"R-{number}"
        content = contents.setdefault(reference, _CONTENTS[which])
        debit = _debit(reference, *content, quantity=number + 1)
        if operation == "debit":
            if reference in debited:
                with pytest.raises(DuplicateEntry):
                    ledger.append(debit)
                continue
            ledger.append(debit)
            debited[reference] = debit
            if reference not in credited:
                model.setdefault(content, []).append(reference)
        else:
            if reference in credited:
                with pytest.raises(DuplicateEntry):
                    ledger.append(_credit(debit))
                continue
            ledger.append(_credit(debit))
            credited.add(reference)
            if reference in model.get(content, []):
                model[content].remove(reference)
        for each in _CONTENTS:
            assert tuple(model.get(each, ())) == ledger.debits_like(*_content(*each)), each


def _hour_entry(number: int, month: int, quantity: int, kind: EntryKind = EntryKind.CLAIM) -> Entry:
    """A claim entry R-``number`` on T-1 of ``quantity`` hours in ``month`` of 2025."""
    return Entry(
        kind=kind,
        key=f"R-{number}",
        provider=AGBCode("22222222"),
        municipality=MunicipalityCode("0001"),
        segment="AMB",
        period=Period.month(2025, month),
        amount=Money(78 * quantity),
        assignment="T-1",
        product=ProductCode("45A01"),
        quantity=Decimal(quantity),
        unit=Unit.HOUR,
    )


def test_quantities_are_the_same_below_and_past_the_running_totals() -> None:
    """An assignment's months are summed when asked up to 24 entries, kept running after.

    30 one-hour entries, entry i in month i % 3 + 1: after 24 entries 8 hours in each of
    January, February, March; after 30 (running totals from the 25th on) 10 in each, in
    the order the months first occur (January first).
    """
    ledger = Ledger()
    for number in range(24):
        ledger.append(_hour_entry(number, number % 3 + 1, 1))
    assert list(ledger.quantities("T-1").items()) == [
        ((2025, month, Unit.HOUR), Decimal(8)) for month in (1, 2, 3)
    ]
    for number in range(24, 30):
        ledger.append(_hour_entry(number, number % 3 + 1, 1))
    assert list(ledger.quantities("T-1").items()) == [
        ((2025, month, Unit.HOUR), Decimal(10)) for month in (1, 2, 3)
    ]
    assert ledger.quantities("T-2") == {}


@settings(max_examples=100, deadline=None, database=None)
@given(st.lists(st.tuples(st.integers(1, 12), st.integers(-3, 9), st.booleans()), max_size=60))
def test_quantities_equal_the_sum_of_the_entries(lines: list[tuple[int, int, bool]]) -> None:
    """Whatever the count, ``quantities`` is the plain sum per month of the claim entries."""
    ledger = Ledger()
    expected: dict[tuple[int, int, Unit | None], Decimal] = {}
    for number, (month, quantity, production) in enumerate(lines):
        kind = EntryKind.PRODUCTION if production else EntryKind.CLAIM
        ledger.append(_hour_entry(number, month, quantity, kind))
        key = (2025, month, Unit.HOUR)
        expected[key] = expected.get(key, Decimal(0)) + quantity
        assert list(ledger.quantities("T-1").items()) == list(expected.items())
