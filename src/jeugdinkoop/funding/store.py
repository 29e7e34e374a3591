"""The ledger store: the reads validation, funding models and settlement make, as one protocol.

Two implementations satisfy :class:`LedgerStore`: the in-memory
:class:`~jeugdinkoop.funding.Ledger`, and the SQL store of :mod:`jeugdinkoop.stores`
(SQLite or PostgreSQL). :class:`LedgerBatch` is the pending overlay one message or file
is validated and booked in: it reads through to its store plus the entries booked so
far, and hands them to the store in one transaction when the batch ends.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date
from decimal import Decimal
from typing import Protocol, runtime_checkable

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import DuplicateMessage
from jeugdinkoop.funding.ledger import Entry, EntryKind, Ledger, MessageRecord
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Claim
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["LedgerBatch", "LedgerStore"]


@runtime_checkable
class LedgerStore(Protocol):
    """LedgerStore [grootboekopslag]: what the library reads from and writes to a ledger.

    Every read is by a key an index serves (a reference, an assignment, a provider and
    year, a period), so a store never has to load its history to answer one.

    Examples:
        >>> from jeugdinkoop.funding import Ledger, LedgerStore
        >>> isinstance(Ledger(), LedgerStore)
        True
    """

    def append(self, entry: Entry) -> bool:
        """Record an entry; ``False`` when its kind and key are already recorded."""
        ...

    def get(self, kind: EntryKind, key: str) -> Entry | None:
        """The entry of this kind with this key, if recorded."""
        ...

    def has_claim(self, reference: str) -> bool:
        """Whether a claim line (debit, credit or report) with this reference is recorded."""
        ...

    def debit(self, reference: str) -> Entry | None:
        """The accepted debit (or production report) with this reference."""
        ...

    def reversal_of(self, reference: str) -> Entry | None:
        """The credit that reversed a debit, if any."""
        ...

    def for_assignment(self, assignment: str) -> tuple[Entry, ...]:
        """Every entry recorded on an assignment number, in the order recorded."""
        ...

    def quantities(self, assignment: str) -> Mapping[tuple[int, int, Unit | None], Decimal]:
        """Delivered quantity per (year, month of service start, unit), net of credits."""
        ...

    def paid_out(
        self, provider: AGBCode, year: int, municipality: MunicipalityCode | None = None
    ) -> Money:
        """Claims paid out (net of credits) to a provider for service in a year."""
        ...

    def debits_like(
        self,
        assignment: str,
        start: date,
        end: date,
        product: ProductCode | None,
    ) -> tuple[str, ...]:
        """The references of unreversed debits for this assignment, product period and product, oldest first (JI-602, iJw TR389)."""
        ...

    def in_period(self, period: Period) -> Iterator[Entry]:
        """Entries whose period lies (by its start) within ``period``, in the order recorded."""
        ...

    def record_message(self, record: MessageRecord) -> None:
        """Register a processed message (raises DuplicateMessage on a repeat)."""
        ...

    def message(self, sender: str, kind: str, identification: str) -> MessageRecord | None:
        """The registered message of this sender, kind and identification, if any."""
        ...

    def declaration(self, sender: str, number: str) -> MessageRecord | None:
        """The registered declaration of this provider with this number, if any."""
        ...

    def message_with_digest(self, digest: str) -> MessageRecord | None:
        """The first registered message whose content had this SHA-256 digest, if any."""
        ...

    @property
    def messages(self) -> tuple[MessageRecord, ...]:
        """Every registered message, in the order registered."""
        ...

    def __iter__(self) -> Iterator[Entry]: ...

    def __len__(self) -> int: ...


class LedgerBatch(Ledger):
    """LedgerBatch: the entries and messages of one message or file, pending over a store.

    A batch is a :class:`~jeugdinkoop.funding.Ledger` whose reads see its store plus
    what the batch booked; nothing reaches the store until :meth:`commit`, which hands
    everything over at once (one transaction in a SQL store). It is what
    :meth:`Ledger.batch` and the SQL store's ``batch()`` yield, and
    :func:`~jeugdinkoop.validation.validate` books into a batch it is given.

    Args:
        base: the store read through to.
        on_commit: called with the pending entries and messages on :meth:`commit`;
            ``None`` makes the batch a dry run that commits nowhere.

    Examples:
        >>> from jeugdinkoop.funding import Entry, EntryKind, Ledger
        >>> from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
        >>> from jeugdinkoop.money import Money
        >>> from jeugdinkoop.periods import Period
        >>> ledger = Ledger()
        >>> advance = Entry(kind=EntryKind.ADVANCE, key="A-1", provider=AGBCode("12345678"),
        ...     municipality=MunicipalityCode("0193"), segment="AMB",
        ...     period=Period.month(2025, 1), amount=Money("100.00"))
        >>> with ledger.batch() as batch:
        ...     batch.append(advance)
        ...     len(batch.pending_entries), len(ledger)
        True
        (1, 0)
        >>> len(ledger)
        1
    """

    __slots__ = ("_batch_messages", "_done", "_on_commit", "base", "committed")

    def __init__(
        self,
        base: LedgerStore,
        on_commit: Callable[[tuple[Entry, ...], tuple[MessageRecord, ...]], None] | None = None,
    ) -> None:
        self.base = base
        self._on_commit = on_commit
        self._batch_messages: list[MessageRecord] = []
        self._done: tuple[tuple[Entry, ...], tuple[MessageRecord, ...]] | None = None
        self.committed = False
        super().__init__()

    def __repr__(self) -> str:
        return f"LedgerBatch({len(self.pending_entries)} pending over {self.base!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ledger):
            return NotImplemented
        return self.entries == other.entries and self.messages == other.messages

    __hash__ = None

    # -- writing ------------------------------------------------------------------------
    def append(self, entry: Entry) -> bool:
        """Book an entry in the batch; ``False`` when the store or batch already has its key.

        Raises:
            RuntimeError: when the batch was committed.
        """
        if self.committed:
            raise RuntimeError("this ledger batch is committed; open a new batch")
        if self.base.get(entry.kind, entry.key) is not None:
            return False
        return super().append(entry)

    def record_message(self, record: MessageRecord) -> None:
        """Register a message in the batch, refusing one the store already knows.

        Raises:
            DuplicateMessage: as :meth:`Ledger.record_message`.
        """
        if self.base.message(record.sender, record.kind, record.identification) is not None:
            raise DuplicateMessage(
                f"{record.kind} message {record.identification!r} from "
                f"{record.sender or 'an unnamed sender'} is already recorded (iJw TR056)"
            )
        if record.declaration and self.base.declaration(record.sender, record.declaration):
            raise DuplicateMessage(
                f"declaration number {record.declaration!r} of {record.sender} is already "
                "recorded (iJw TR333)"
            )
        super().record_message(record)
        self._batch_messages.append(record)

    @property
    def pending_entries(self) -> tuple[Entry, ...]:
        """The entries booked in this batch (not the store's), in the order booked."""
        return self._done[0] if self._done is not None else super().entries

    @property
    def pending_messages(self) -> tuple[MessageRecord, ...]:
        """The messages registered in this batch, in the order registered."""
        return self._done[1] if self._done is not None else tuple(self._batch_messages)

    def commit(self) -> None:
        """Hand the pending entries and messages to the store (once).

        Afterwards the batch reads its store alone (which now holds them) and refuses
        new entries.

        Raises:
            RuntimeError: when the batch was committed already.
        """
        if self.committed:
            raise RuntimeError("this ledger batch is already committed")
        done = (self.pending_entries, self.pending_messages)
        if self._on_commit is not None:
            self._on_commit(*done)
            # the store holds them now: forget the overlay, so nothing is counted twice
            Ledger.__init__(self)
            self._batch_messages.clear()
        self._done = done
        self.committed = True

    def prefetch(self, claims: Iterable[Claim]) -> None:
        """Let the store read at once what these claim lines will ask about, if it can.

        A SQL store answers the batch's lookups from a few bulk queries instead of one
        or two per line; the in-memory ledger needs nothing. The answers are the same.
        """
        hook = getattr(self.base, "prefetch", None)
        if hook is not None:
            hook(claims)

    def copy(self) -> Ledger:
        """An in-memory ledger with the store's entries and the batch's (loads the history)."""
        return Ledger(self.entries, self.messages)

    # -- reading: the store plus the batch ----------------------------------------------
    def get(self, kind: EntryKind, key: str) -> Entry | None:
        """The entry of this kind with this key, in the batch or the store."""
        return super().get(kind, key) or self.base.get(kind, key)

    def has_claim(self, reference: str) -> bool:
        """Whether the batch or the store has a claim line with this reference."""
        return super().has_claim(reference) or self.base.has_claim(reference)

    def debit(self, reference: str) -> Entry | None:
        """The debit with this reference, in the batch or the store."""
        return super().debit(reference) or self.base.debit(reference)

    def reversal_of(self, reference: str) -> Entry | None:
        """The credit that reversed a debit, in the batch or the store."""
        return super().reversal_of(reference) or self.base.reversal_of(reference)

    def for_assignment(self, assignment: str) -> tuple[Entry, ...]:
        """The store's entries on an assignment, then the batch's."""
        return self.base.for_assignment(assignment) + super().for_assignment(assignment)

    def quantities(self, assignment: str) -> Mapping[tuple[int, int, Unit | None], Decimal]:
        """Delivered quantity per month and unit, the store's plus the batch's."""
        result = dict(self.base.quantities(assignment))
        for month, amount in super().quantities(assignment).items():
            result[month] = result.get(month, Decimal(0)) + amount
        return result

    def paid_out(
        self, provider: AGBCode, year: int, municipality: MunicipalityCode | None = None
    ) -> Money:
        """Paid out to a provider in a year, the store's plus the batch's."""
        return self.base.paid_out(provider, year, municipality) + super().paid_out(
            provider, year, municipality
        )

    def debits_like(
        self,
        assignment: str,
        start: date,
        end: date,
        product: ProductCode | None,
    ) -> tuple[str, ...]:
        """Unreversed debits with this content: the store's not reversed in the batch, then the batch's."""
        mine = super().reversal_of  # (zero-argument super does not work in a generator)
        stored = tuple(
            key
            for key in self.base.debits_like(assignment, start, end, product)
            if mine(key) is None
        )
        return stored + super().debits_like(assignment, start, end, product)

    def in_period(self, period: Period) -> Iterator[Entry]:
        """The store's entries in a period, then the batch's."""
        yield from self.base.in_period(period)
        yield from super().in_period(period)

    def message(self, sender: str, kind: str, identification: str) -> MessageRecord | None:
        """A registered message, in the batch or the store."""
        return super().message(sender, kind, identification) or self.base.message(
            sender, kind, identification
        )

    def declaration(self, sender: str, number: str) -> MessageRecord | None:
        """A registered declaration, in the batch or the store."""
        return super().declaration(sender, number) or self.base.declaration(sender, number)

    def message_with_digest(self, digest: str) -> MessageRecord | None:
        """A registered message with this digest, in the store or the batch."""
        return self.base.message_with_digest(digest) or super().message_with_digest(digest)

    @property
    def messages(self) -> tuple[MessageRecord, ...]:
        """The store's messages, then the batch's."""
        return self.base.messages + super().messages

    @property
    def entries(self) -> tuple[Entry, ...]:
        """The store's entries, then the batch's (reads the whole store)."""
        return (*self.base, *super().entries)

    def __iter__(self) -> Iterator[Entry]:
        yield from self.base
        yield from super().__iter__()

    def __len__(self) -> int:
        return len(self.base) + super().__len__()
