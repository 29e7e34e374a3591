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

from jeugdinkoop.io import load_example_region, read_rows
from jeugdinkoop.model import Assignment, Volume
from jeugdinkoop.model.records import claim_from_record
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import AcceptedClaim, AcceptedLines, validate

ROOT = Path(__file__).resolve().parents[2]
REGION = load_example_region()
ASSIGNMENT = Assignment(
    reference="T-1",
    client="111222333",
    municipality="0001",
    provider="22222222",
    category="45",
    period=Period(date(2025, 1, 1), date(2025, 12, 31)),
    product="45A01",
    volume=Volume(quantity=40, unit="04", frequency="4"),
)


def _row(reference: str, day: int, month: int = 3, quantity: int = 1) -> dict[str, str]:
    on = date(2025, month, day).isoformat()
    return {
        "reference": reference,
        "assignment": "T-1",
        "provider": "22222222",
        "client": "111222333",
        "municipality": "0001",
        "product": "45A01",
        "start": on,
        "end": on,
        "quantity": str(quantity),
        "unit": "04",
        "amount": f"{78 * quantity},00",
    }


class _Row(dict[str, str]):
    """A row that can be watched with a weak reference."""


def test_validate_drops_each_row_once_read() -> None:
    """Rows stream: when row n is asked for, at most row n − 1 (the one just read) lives.

    28 one-hour lines of March (28 h, within 40 h a month), plus one unreadable row (its
    record is kept as a masked copy, not as the row itself).
    """
    alive: list[weakref.ref[_Row]] = []
    held: list[int] = []

    def rows() -> Iterator[_Row]:
        for day in range(1, 29):
            gc.collect()
            held.append(sum(ref() is not None for ref in alive))
            row = _Row(_row(f"R-{day}", day))
            alive.append(weakref.ref(row))
            yield row
            del row
        bad = _Row({**_row("R-bad", 1), "amount": "abc"})
        alive.append(weakref.ref(bad))
        yield bad

    report = validate(rows(), [ASSIGNMENT], REGION)
    assert (28, 1) == (len(report.accepted), len(report.rejected))
    assert 28 == len(held)
    assert max(held) <= 1, held
    gc.collect()
    assert all(ref() is None for ref in alive)


def test_accepted_lines_are_a_sequence_made_on_access() -> None:
    """Three lines of 1, 2 and 3 h at € 78.00: € 78.00, € 156.00, € 234.00; total € 468.00."""
    claims = [claim_from_record(_row(f"R-{n}", n, quantity=n)) for n in (1, 2, 3)]
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
    """Two lines of the same month and assignment share the period and number objects."""
    first, second = (claim_from_record(_row(f"R-{n}", 1)) for n in (1, 2))
    assert first.period is second.period
    assert first.assignment is second.assignment
    next_day = attrs.evolve(second, start=date(2025, 3, 2), end=date(2025, 3, 2))
    report = validate([first, next_day], [ASSIGNMENT], REGION)
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
    (~57 B), a hash in the duplicate index (~90 B with the dict), the ledger's indexes
    (~100 B) and its share of the lists: some 600 B; at this size resizes of the indexes
    add to the peak: 970 B measured. Before this change it was 1,685 B (an
    ``AcceptedClaim`` per line, a ``Period``, a ``Money``, a month key and a running
    total per entry, a 5-tuple per line in the duplicate index). The difference of two
    runs after a warm-up leaves out what does not grow with the lines (the region, its
    caches, the assignments, the parsers' memos).
    """
    bench = _bench()
    _peak(bench, 3_000)  # warm the parsers' memos and the region's caches
    per_line = (_peak(bench, 3_000) - _peak(bench, 500)) / 2_500
    assert per_line <= 1_200, f"{per_line:.0f} bytes a line"


def test_the_duplicate_index_is_exact_when_hashes_collide() -> None:
    """Contents of quantity −1 and −2 hash alike in CPython (hash(−1) is −2); both are kept.

    The index holds a hash per line and confirms a hit against the ledger's entry, so a
    collision never makes one line the duplicate of another.
    """
    from jeugdinkoop.funding import Entry, EntryKind, Ledger
    from jeugdinkoop.validation.engine import _ContentIndex

    def entry(key: str, quantity: int) -> Entry:
        return Entry(
            kind=EntryKind.CLAIM,
            key=key,
            provider=ASSIGNMENT.provider,
            municipality=ASSIGNMENT.municipality,
            segment="AMB",
            period=Period(date(2025, 3, 1), date(2025, 3, 1)),
            amount=Money("78.00"),
            assignment="T-1",
            product=ASSIGNMENT.product,
            quantity=Decimal(quantity),
        )

    day = date(2025, 3, 1)
    one, two = (("T-1", day, day, ASSIGNMENT.product, Decimal(q)) for q in (-1, -2))
    assert hash(one) == hash(two)
    index = _ContentIndex(Ledger([entry("R-1", -1), entry("R-2", -2)]))
    index[one] = "R-1"
    index[two] = "R-2"
    assert ("R-1", "R-2") == (index.get(one), index.get(two))
    assert index.get(("T-1", day, day, ASSIGNMENT.product, Decimal(-3))) is None
    assert ("R-2", "R-1", None) == (index.pop(two), index.pop(one), index.get(one))
    assert "none" == index.pop(one, "none")


@st.composite
def _index_operations(draw: st.DrawFn) -> tuple[list[tuple[str, int, int]], list[tuple[str, int]]]:
    """Entries (reference, day, quantity) and operations (set/get/pop, entry number).

    Quantities −2 and −1 hash alike (as do their contents), and entries may repeat a
    content under another reference, so collisions and overwrites both happen.
    """
    entries = draw(
        st.lists(st.tuples(st.integers(1, 2), st.sampled_from([-2, -1, 1])), min_size=1, max_size=8)
    )
    numbered = [(f"R-{n}", day, quantity) for n, (day, quantity) in enumerate(entries)]
    operations = draw(
        st.lists(
            st.tuples(st.sampled_from(["set", "get", "pop"]), st.integers(0, len(entries) - 1)),
            max_size=40,
        )
    )
    return numbered, operations


@settings(max_examples=300, deadline=None, database=None)
@given(_index_operations())
def test_the_duplicate_index_behaves_like_a_dict_of_contents(
    case: tuple[list[tuple[str, int, int]], list[tuple[str, int]]],
) -> None:
    """Whatever the collisions, the hash index answers as a dict keyed by the content.

    (It found that a content set aside after a collision was also put under its hash
    once the colliding one was popped, answering with the older reference.)
    """
    from jeugdinkoop.funding import Entry, EntryKind, Ledger
    from jeugdinkoop.validation.engine import _ContentIndex

    entries, operations = case

    def content(day: int, quantity: int) -> tuple[Any, ...]:
        on = date(2025, 3, day)
        return ("T-1", on, on, ASSIGNMENT.product, Decimal(quantity))

    ledger = Ledger(
        Entry(
            kind=EntryKind.CLAIM,
            key=reference,
            provider=ASSIGNMENT.provider,
            municipality=ASSIGNMENT.municipality,
            segment="AMB",
            period=Period(date(2025, 3, day), date(2025, 3, day)),
            amount=Money("78.00"),
            assignment="T-1",
            product=ASSIGNMENT.product,
            quantity=Decimal(quantity),
        )
        for reference, day, quantity in entries
    )
    index = _ContentIndex(ledger)
    model: dict[tuple[Any, ...], str] = {}
    for operation, number in operations:
        reference, day, quantity = entries[number]
        key = content(day, quantity)
        if operation == "set":
            index[key] = reference
            model[key] = reference
        elif operation == "get":
            assert model.get(key) == index.get(key)
        else:
            assert model.pop(key, None) == index.pop(key, None)
    for _, day, quantity in entries:
        assert model.get(content(day, quantity)) == index.get(content(day, quantity))
