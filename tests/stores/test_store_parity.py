"""The SQL store answers every read as the in-memory ledger does: validate and settle agree.

The example month (src/jeugdinkoop/regions/voorbeeld-claims-2025-03.csv) has 16 lines: 9
accepted, 7 refused (unknown assignment, wrong product, a repeated reference, a bad BSN,
too many hours), and a credit R-0315 of R-0301. Booked into a Ledger and into a store,
the reports and the March settlement must be the same.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest

from jeugdinkoop.funding import Entry, EntryKind, Ledger, LedgerStore
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_assignments, load_example_region, read_rows
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.stores.sql import SQLLedger
from jeugdinkoop.validation import ValidationReport, validate

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))


def _rows() -> list[dict[str, str]]:
    return [row for _, row in read_rows(EXAMPLE / "voorbeeld-claims-2025-03.csv")]


def _outcome(report: ValidationReport) -> tuple[object, ...]:
    return (
        [(a.claim.reference, a.amount) for a in report.accepted],
        [(r.subject, [f.code for f in r.findings]) for r in report.rejected],
        report.entries,
    )


def test_example_month_books_the_same_in_a_store_as_in_memory(
    location: str, stores: Callable[[str], SQLLedger]
) -> None:
    """Same accepted lines, refusals and entries; the store holds them after commit."""
    region = load_example_region()
    assignments = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
    memory = validate(_rows(), assignments, region, Ledger())
    store = stores(location)
    assert isinstance(store, SQLLedger)
    with store.batch() as batch:
        stored = validate(_rows(), assignments, region, ledger=batch)
    assert _outcome(stored) == _outcome(memory)
    assert len(memory.accepted) == 9
    # after the batch, its report reads the store alone: nothing counted twice
    assert len(stored.ledger) == len(store) == 9
    assert stored.ledger.paid_out(AGBCode("22222222"), 2025) == memory.ledger.paid_out(
        AGBCode("22222222"), 2025
    )
    assert len(store) == len(memory.ledger) == len(memory.entries)
    assert list(store) == list(memory.ledger)
    # settlement from the store equals settlement from memory, line by line
    march = Period.month(2025, 3)
    assert settle(store, region, march, assignments=assignments) == settle(
        memory.ledger, region, march, assignments=assignments
    )
    # a second run of the same file against the store: every line already there (JI-601)
    again = validate(_rows(), assignments, region, ledger=store)
    assert not again.accepted
    assert {f.code for f in again.findings} >= {"JI-601"}
    store.close()


def test_reads_agree_with_the_ledger(location: str, stores: Callable[[str], SQLLedger]) -> None:
    """Each protocol read, on a debit, its credit, an advance and a second debit.

    D1 = 8 h on T-1 in March for € 624.00; C1 reverses it (−8 h, −€ 624.00); D2 = 2 h in
    April for € 156.00; an advance of € 100.00. Net March quantity 0 h, April 2 h; paid
    out in 2025: 624 − 624 + 156 = € 156.00 (the advance is a transfer, not paid out).
    """
    p, m = AGBCode("22222222"), MunicipalityCode("0001")

    def claim(
        key: str, month: int, quantity: int, amount: str, reverses: str | None = None
    ) -> Entry:
        kind = EntryKind.CREDIT if reverses else EntryKind.CLAIM
        return Entry(
            kind=kind, key=key, provider=p, municipality=m, segment="45",
            period=Period.month(2025, month), amount=Money(amount), value=Money(amount),
            assignment="T-1", client=None, quantity=Decimal(quantity), reverses=reverses,
        )  # fmt: skip

    entries = [
        claim("D1", 3, 8, "624.00"),
        claim("C1", 3, -8, "-624.00", reverses="D1"),
        claim("D2", 4, 2, "156.00"),
        Entry(kind=EntryKind.ADVANCE, key="A1", provider=p, municipality=m, segment="45",
              period=Period.month(2025, 3), amount=Money("100.00")),
    ]  # fmt: skip
    memory = Ledger(entries)
    store = stores(location)
    assert isinstance(store, SQLLedger)
    assert store.extend(entries) == 4
    assert store.extend(entries) == 0
    ledgers: list[LedgerStore] = [memory, store]
    for ledger in ledgers:
        assert ledger.has_claim("D1")
        assert ledger.has_claim("C1")
        assert not ledger.has_claim("A1")
        assert ledger.debit("D1") == entries[0]
        assert ledger.reversal_of("D1") == entries[1]
        assert ledger.reversal_of("D2") is None
        assert ledger.get(EntryKind.ADVANCE, "A1") == entries[3]
        assert ledger.for_assignment("T-1") == tuple(entries[:3])
        quantities = dict(ledger.quantities("T-1"))
        assert quantities == {(2025, 3, None): Decimal(0), (2025, 4, None): Decimal(2)}
        assert ledger.paid_out(p, 2025) == Money("156.00")
        assert ledger.paid_out(p, 2025, m) == Money("156.00")
        assert ledger.paid_out(p, 2024) == Money.zero()
        assert list(ledger.in_period(Period.month(2025, 3))) == [entries[0], entries[1], entries[3]]
        # iJw TR389: the content is assignment, product period and product, whatever quantity
        assert ledger.debits_like("T-1", date(2025, 4, 1), date(2025, 4, 30), None) == ("D2",)
        assert ledger.debits_like("T-1", date(2025, 3, 1), date(2025, 3, 31), None) == ()
    store.close()


def test_a_failed_batch_books_nothing(location: str, stores: Callable[[str], SQLLedger]) -> None:
    """An exception inside the batch rolls back every entry booked in it."""
    store = stores(location)
    advance = Entry(kind=EntryKind.ADVANCE, key="A1", provider=AGBCode("22222222"),
                    municipality=MunicipalityCode("0001"), segment="45",
                    period=Period.month(2025, 3), amount=Money("100.00"))  # fmt: skip

    def halfway() -> None:
        with store.batch() as batch:
            batch.append(advance)
            batch.commit()
            raise RuntimeError("halfway")

    with pytest.raises(RuntimeError, match="halfway"):
        halfway()
    assert len(store) == 0
    assert store.get(EntryKind.ADVANCE, "A1") is None
    if isinstance(store, SQLLedger):
        store.close()


def test_a_repeat_across_batches_is_found_in_the_store(
    location: str, stores: Callable[[str], SQLLedger]
) -> None:
    """Month 1 books R-0301 (8 h on T-001); month 2 sends R-0401 with the same content.

    R-0401 is a duplicate of the stored R-0301 (JI-602). A credit R-0402 of R-0301 in a
    third batch frees the content: then R-0403 with that content is accepted.
    """
    region = load_example_region()
    assignments = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
    first = _rows()[0]
    store = stores(location)
    with store.batch() as batch:
        assert len(validate([first], assignments, region, ledger=batch).accepted) == 1
    with store.batch() as batch:
        repeat = validate([{**first, "reference": "R-0401"}], assignments, region, ledger=batch)
    assert [f.code for f in repeat.findings] == ["JI-602"]
    assert "R-0301" in repeat.findings[0].message
    credit = {**first, "reference": "R-0402", "debit_credit": "C", "reverses": "R-0301"}
    again = {**first, "reference": "R-0403"}
    with store.batch() as batch:
        third = validate([credit, again], assignments, region, ledger=batch)
    assert [a.claim.reference for a in third.accepted] == ["R-0402", "R-0403"]
    assert len(store) == 3
    assert isinstance(store, SQLLedger)
    store.close()


def test_an_in_memory_batch_books_on_leaving_and_counts_once() -> None:
    """The Ledger's batch has the store's shape: the report's ledger is the ledger, once."""
    region = load_example_region()
    assignments = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
    ledger = Ledger()
    with ledger.batch() as batch:
        report = validate(_rows(), assignments, region, ledger=batch)
        assert len(ledger) == 0
    assert len(ledger) == len(report.ledger) == len(report.entries) == 9
    assert report.ledger.entries == ledger.entries
    with pytest.raises(RuntimeError, match="committed"):
        batch.append(report.entries[0])
