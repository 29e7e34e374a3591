"""The database itself refuses what would break the ledger, even from raw SQL.

One debit D1 (€ 624.00 = 624,000,000 millionths, 8 h = 8,000,000 millionths) is booked
through the store; then raw INSERT/UPDATE/DELETE statements try to break each invariant.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
import sqlalchemy as sa

from jeugdinkoop.errors import DuplicateMessage, StoreError
from jeugdinkoop.funding import Entry, EntryKind, MessageRecord
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.stores.sql import SQLLedger

DEBIT = Entry(
    kind=EntryKind.CLAIM, key="D1", provider=AGBCode("22222222"),
    municipality=MunicipalityCode("0001"), segment="45", period=Period.month(2025, 3),
    amount=Money("624.00"), value=Money("624.00"), assignment="T-1", quantity=Decimal(8),
)  # fmt: skip


@pytest.fixture
def store(location: str) -> Iterator[SQLLedger]:
    store = SQLLedger(location)
    assert store.extend([DEBIT]) == 1
    yield store
    store.close()


def _insert(store: SQLLedger, **changes: object) -> None:
    row = {
        "kind": "credit", "key": "C1", "provider": "22222222", "municipality": "0001",
        "segment": "45", "period_start": "2025-03-01", "period_end": "2025-03-31",
        "amount": -624_000_000, "value": -624_000_000, "assignment": "T-1",
        "quantity": -8_000_000, "reverses": "D1", "detail": "",
    }  # fmt: skip
    row.update(changes)
    columns = ", ".join(row)
    values = ", ".join(f":{name}" for name in row)
    with store.engine.begin() as conn:
        conn.execute(sa.text(f"INSERT INTO ledger_entries ({columns}) VALUES ({values})"), row)


def _refused(store: SQLLedger, statement: str) -> None:
    with pytest.raises(sa.exc.DatabaseError), store.engine.begin() as conn:
        conn.execute(sa.text(statement))


def test_an_exact_credit_is_accepted_once(store: SQLLedger) -> None:
    """C1 = −D1 goes in; a second reversal C2 of D1 breaks the unique index on reverses."""
    _insert(store)
    assert store.reversal_of("D1") is not None
    with pytest.raises(sa.exc.IntegrityError):
        _insert(store, key="C2")
    assert len(store) == 2


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": -623_990_000},  # € 0.01 short of −624.00
        {"value": -1},
        {"quantity": -7_000_000},  # 7 h where the debit had 8
        {"reverses": "NOPE"},  # no such debit
    ],
)
def test_a_credit_that_is_not_minus_its_debit_is_refused(
    store: SQLLedger, changes: dict[str, object]
) -> None:
    with pytest.raises(sa.exc.DatabaseError, match="credit must reverse a recorded debit"):
        _insert(store, **changes)
    assert len(store) == 1


def test_the_same_kind_and_key_twice_is_refused(store: SQLLedger) -> None:
    with pytest.raises(sa.exc.IntegrityError):
        _insert(store, kind="claim", key="D1", amount=1, value=1, quantity=1, reverses=None)


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_entries SET amount = 0",
        "DELETE FROM ledger_entries",
        "UPDATE ledger_messages SET lines = 0",
        "DELETE FROM ledger_messages",
    ],
)
def test_entries_and_messages_are_append_only(store: SQLLedger, statement: str) -> None:
    store.record_message(MessageRecord(sender="22222222", kind="JW323", identification="M-1"))
    _refused(store, statement)
    assert len(store) == 1
    assert len(store.messages) == 1


def test_the_message_register_refuses_repeats(store: SQLLedger) -> None:
    """TR056 (sender, kind, identification) and TR333 (sender, declaration), in the store."""
    first = MessageRecord(sender="22222222", kind="JW323", identification="M-1", declaration="D-1")
    store.record_message(first)
    with pytest.raises(DuplicateMessage, match="TR056"):
        store.record_message(first)
    with pytest.raises(DuplicateMessage, match="TR333"):
        store.record_message(
            MessageRecord(sender="22222222", kind="JW323", identification="M-2", declaration="D-1")
        )
    assert store.message("22222222", "JW323", "M-1") == first
    assert store.declaration("22222222", "D-1") == first
    assert store.declaration("22222222", "D-2") is None


def test_a_batch_the_database_refuses_is_a_store_error(store: SQLLedger) -> None:
    """A credit of € 1.00 against D1 passes the batch (which trusts its caller) but not the trigger."""
    bad = Entry(
        kind=EntryKind.CREDIT, key="C9", provider=DEBIT.provider, municipality=DEBIT.municipality,
        segment="45", period=DEBIT.period, amount=Money("-1.00"), value=Money("-1.00"),
        assignment="T-1", quantity=Decimal(-8), reverses="D1",
    )  # fmt: skip
    with pytest.raises(StoreError, match="refused the batch"), store.batch() as batch:
        batch.append(bad)
    assert len(store) == 1


def test_more_than_six_decimals_is_a_clear_error(store: SQLLedger) -> None:
    odd = Entry(
        kind=EntryKind.ADVANCE, key="A1", provider=DEBIT.provider,
        municipality=DEBIT.municipality, segment="45", period=DEBIT.period,
        amount=Money("0.0000001"),
    )  # fmt: skip
    with pytest.raises(StoreError, match=r"entry 'A1': amount 1E-7 has more than 6 decimals"):
        store.extend([odd])
    assert len(store) == 1


def test_a_second_batch_inside_the_first_is_refused_not_a_hang(store: SQLLedger) -> None:
    """It would wait for the lock the first batch holds; it is refused at once instead."""

    def nested() -> None:
        with store.batch():
            store.extend([])

    with pytest.raises(StoreError, match="a batch is already open"):
        nested()
    assert store.extend([]) == 0  # and the store is usable afterwards
