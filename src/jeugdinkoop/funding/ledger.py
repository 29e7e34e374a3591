"""The ledger: an append-only record of accepted claims, credits, advances and releases.

It lives in the funding layer because funding models read it (through
:class:`~jeugdinkoop.funding.FundingContext`) to check volumes and budgets; its public
home is :mod:`jeugdinkoop.settlement`.
"""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

import attrs

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import DuplicateMessage
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Claim
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

if TYPE_CHECKING:
    from jeugdinkoop.funding.store import LedgerBatch

__all__ = ["Entry", "EntryKind", "Ledger", "MessageRecord"]


class EntryKind(enum.StrEnum):
    """What a ledger entry records.

    Examples:
        >>> EntryKind.CLAIM.is_paid_out, EntryKind.PRODUCTION.is_paid_out
        (True, False)
    """

    CLAIM = "claim"
    """An accepted debit line, at its priced amount."""
    CREDIT = "credit"
    """An accepted credit line: the exact negative of the debit it reverses."""
    PRODUCTION = "production"
    """A production report under lumpsum or task funding: checked, not paid one by one."""
    ADVANCE = "advance"
    """Money paid ahead (a lumpsum or task budget's monthly part)."""
    PAYMENT = "payment"
    """A settled payment of a balance."""
    RELEASE = "release"
    """Unused budget falling back to the municipality."""
    ADJUSTMENT = "adjustment"
    """A year-end settlement of over- or underspending."""

    @property
    def is_claim(self) -> bool:
        """Whether the entry comes from a claim line (debit, credit or production report)."""
        return self in (EntryKind.CLAIM, EntryKind.CREDIT, EntryKind.PRODUCTION)

    @property
    def is_paid_out(self) -> bool:
        """Whether the amount is money owed to the provider for a claim line."""
        return self in (EntryKind.CLAIM, EntryKind.CREDIT)

    @property
    def is_transfer(self) -> bool:
        """Whether the entry records money actually transferred (advance or payment)."""
        return self in (EntryKind.ADVANCE, EntryKind.PAYMENT)


@attrs.frozen
class Entry:
    """One line of the ledger.

    Args:
        kind: what it records.
        key: unique within its kind (a claim's reference; a settlement's own key).
        provider: the provider.
        municipality: the municipality.
        segment: the segment the money belongs to.
        period: the period the amount is for (a claim's service period).
        amount: the signed amount owed (+) or reversed/returned (−).
        value: the production value (a report's worth at tariff), for monitoring.
        assignment: the assignment number, for claim lines.
        client: the client, for claim lines.
        product: the product, for claim lines.
        quantity: the signed quantity in ``unit``, for claim lines.
        unit: the unit of ``quantity``.
        reverses: for a credit, the key of the debit it reverses.
        detail: model-specific detail (an output instalment's number, say).
    """

    kind: EntryKind
    key: str
    provider: AGBCode
    municipality: MunicipalityCode
    segment: str
    period: Period
    amount: Money
    value: Money = Money.zero()
    assignment: str | None = None
    client: BSN | None = None
    product: ProductCode | None = None
    quantity: Decimal = Decimal(0)
    unit: Unit | None = None
    reverses: str | None = None
    detail: str = ""

    @classmethod
    def from_claim(
        cls,
        claim: Claim,
        amount: Money,
        segment: str,
        kind: EntryKind | None = None,
        detail: str = "",
    ) -> Entry:
        """The entry for an accepted claim line priced at ``amount`` (unsigned)."""
        if kind is None:
            kind = EntryKind.CREDIT if claim.is_credit else EntryKind.CLAIM
        sign = -1 if claim.is_credit else 1
        signed = amount * sign
        return cls(
            kind=kind,
            key=claim.reference,
            provider=claim.provider,
            municipality=claim.municipality,
            segment=segment,
            period=claim.period,
            amount=Money.zero() if kind is EntryKind.PRODUCTION else signed,
            value=signed,
            assignment=claim.assignment,
            client=claim.client,
            product=claim.product,
            quantity=claim.signed_quantity,
            unit=claim.unit,
            reverses=claim.reverses,
            detail=detail,
        )


@attrs.frozen
class MessageRecord:
    """MessageRecord [berichtregister]: a message or file whose lines were booked on the ledger.

    The register makes the checks across messages possible (iJw level 3): a message
    identification is unique per sender and message kind (TR056, return code 9056), a
    declaration number is unique per provider (TR333, 9333), and a file processed twice
    books nothing the second time.

    Args:
        sender: who sent it: the provider's AGB code for a JW323, the municipality's CBS
            code for a JW301; empty for a file without a sender.
        kind: the message kind (``"JW323"``, ``"JW301"``, ``"csv"``).
        identification: the message's identification (``Identificatie``); for a file
            without one, its digest.
        declaration: a JW323's declaration number (``DeclaratieNummer``), else empty.
        received: the day it was processed, when known.
        digest: the SHA-256 of the content as received (hex), when known.
        lines: how many lines of it were booked.

    Examples:
        >>> record = MessageRecord(sender="12345678", kind="JW323", identification="M-1",
        ...                        declaration="D-2025-03")
        >>> ledger = Ledger()
        >>> ledger.record_message(record)
        >>> ledger.message("12345678", "JW323", "M-1") == record
        True
        >>> ledger.declaration("12345678", "D-2025-03") == record
        True
        >>> ledger.record_message(record)
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.DuplicateMessage: JW323 message 'M-1' from 12345678 is already recorded (iJw TR056)
    """

    sender: str
    kind: str
    identification: str
    declaration: str = ""
    received: date | None = None
    digest: str = ""
    lines: int = 0


_EMPTY: Mapping[tuple[int, int, Unit | None], Decimal] = MappingProxyType({})


class Ledger:
    """Ledger [grootboek]: append-only; a second entry with the same kind and key has no effect.

    Entries are indexed by assignment, by claim reference and by what they reverse, so
    that funding models can ask "what was delivered on this assignment?" quickly.

    Examples:
        >>> from datetime import date
        >>> ledger = Ledger()
        >>> e = Entry(EntryKind.ADVANCE, "2025-01 P1", AGBCode("12345678"), MunicipalityCode("0193"),
        ...           "AMB", Period.month(2025, 1), Money("100.00"))
        >>> ledger.append(e), ledger.append(e), len(ledger)
        (True, False, 1)
    """

    __slots__ = (
        "_by_assignment",
        "_declarations",
        "_digests",
        "_entries",
        "_keys",
        "_messages",
        "_months",
        "_open",
        "_paid",
        "_reversed_by",
    )

    def __init__(
        self, entries: Iterable[Entry] = (), messages: Iterable[MessageRecord] = ()
    ) -> None:
        self._entries: list[Entry] = []
        self._keys: dict[tuple[EntryKind, str], Entry] = {}
        self._by_assignment: dict[str, list[Entry]] = defaultdict(list)
        self._reversed_by: dict[str, Entry] = {}
        self._paid: dict[tuple[AGBCode, int, MunicipalityCode | None], Money] = defaultdict(
            Money.zero
        )
        self._months: dict[str, dict[tuple[int, int, Unit | None], Decimal]] = {}
        self._messages: dict[tuple[str, str, str], MessageRecord] = {}
        self._declarations: dict[tuple[str, str], MessageRecord] = {}
        self._digests: dict[str, MessageRecord] = {}
        self._open: dict[tuple[object, ...], dict[str, None]] = {}
        self.extend(entries)
        for record in messages:
            self.record_message(record)

    def append(self, entry: Entry) -> bool:
        """Record an entry; ``False`` (and no effect) when its kind and key are already there."""
        ident = (entry.kind, entry.key)
        if ident in self._keys:
            return False
        self._keys[ident] = entry
        self._entries.append(entry)
        if entry.assignment is not None:
            self._by_assignment[entry.assignment].append(entry)
        if entry.reverses is not None:
            self._reversed_by[entry.reverses] = entry
        if entry.kind.is_claim and entry.assignment is not None:
            months = self._months.setdefault(entry.assignment, {})
            month = (entry.period.start.year, entry.period.start.month, entry.unit)
            months[month] = months.get(month, Decimal(0)) + entry.quantity
        if entry.kind.is_paid_out:
            year = entry.period.start.year
            self._paid[(entry.provider, year, None)] += entry.amount
            self._paid[(entry.provider, year, entry.municipality)] += entry.amount
        self._index_content(entry)
        return True

    @staticmethod
    def _content(entry: Entry) -> tuple[object, ...]:
        return (
            entry.assignment,
            entry.period.start,
            entry.period.end,
            entry.product,
            entry.quantity,
        )

    def _index_content(self, entry: Entry) -> None:
        """Keep the open (unreversed) debits by content, for :meth:`debits_like`."""
        if entry.reverses is not None:
            target = self.debit(entry.reverses)
            if target is not None:
                self._open.get(self._content(target), {}).pop(target.key, None)
        elif (
            entry.kind in (EntryKind.CLAIM, EntryKind.PRODUCTION)
            and entry.amount.amount >= 0
            and entry.value.amount >= 0
            and entry.assignment is not None
            and entry.key not in self._reversed_by
        ):
            self._open.setdefault(self._content(entry), {})[entry.key] = None

    def debits_like(
        self,
        assignment: str,
        start: date,
        end: date,
        product: ProductCode | None,
        quantity: Decimal,
    ) -> tuple[str, ...]:
        """The references of unreversed debits with this content, oldest first.

        Validation refuses a line that repeats one of them under another reference
        (JI-602).

        Examples:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from jeugdinkoop.funding import Ledger
            >>> Ledger().debits_like("T-1", date(2025, 3, 1), date(2025, 3, 31), None, Decimal(8))
            ()
        """
        return tuple(self._open.get((assignment, start, end, product, quantity), ()))

    @contextmanager
    def batch(self) -> Iterator[LedgerBatch]:
        """One message or file: entries booked in the batch reach this ledger together, or not at all.

        On leaving the ``with`` block normally the batch is committed; on an exception
        nothing of it is recorded.
        """
        from jeugdinkoop.funding.store import LedgerBatch

        def commit(entries: tuple[Entry, ...], messages: tuple[MessageRecord, ...]) -> None:
            self.extend(entries)
            for record in messages:
                self.record_message(record)

        pending = LedgerBatch(self, commit)
        yield pending
        if not pending.committed:
            pending.commit()

    def extend(self, entries: Iterable[Entry]) -> int:
        """Record several entries; returns how many were new."""
        return sum(self.append(e) for e in entries)

    def copy(self) -> Ledger:
        """An independent ledger with the same entries and message register."""
        return Ledger(self._entries, self._messages.values())

    # -- the message register ----------------------------------------------------------
    def record_message(self, record: MessageRecord) -> None:
        """Register a processed message.

        Raises:
            DuplicateMessage: when the sender's message of this kind and identification,
                or the provider's declaration number, is already registered.
        """
        ident = (record.sender, record.kind, record.identification)
        if ident in self._messages:
            raise DuplicateMessage(
                f"{record.kind} message {record.identification!r} from "
                f"{record.sender or 'an unnamed sender'} is already recorded (iJw TR056)"
            )
        if record.declaration and (record.sender, record.declaration) in self._declarations:
            raise DuplicateMessage(
                f"declaration number {record.declaration!r} of {record.sender} is already "
                "recorded (iJw TR333)"
            )
        self._messages[ident] = record
        if record.declaration:
            self._declarations[(record.sender, record.declaration)] = record
        if record.digest:
            self._digests.setdefault(record.digest, record)

    def message(self, sender: str, kind: str, identification: str) -> MessageRecord | None:
        """The registered message of this sender, kind and identification, if any."""
        return self._messages.get((sender, kind, identification))

    def declaration(self, sender: str, number: str) -> MessageRecord | None:
        """The registered declaration of this provider with this number, if any."""
        return self._declarations.get((sender, number))

    def message_with_digest(self, digest: str) -> MessageRecord | None:
        """The first registered message whose content had this SHA-256 digest, if any."""
        return self._digests.get(digest)

    @property
    def messages(self) -> tuple[MessageRecord, ...]:
        """Every registered message, in the order registered."""
        return tuple(self._messages.values())

    # -- reading ------------------------------------------------------------------------
    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in the order recorded."""
        return tuple(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Ledger):
            return NotImplemented
        return self._entries == other._entries and self.messages == other.messages

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Ledger({len(self._entries)} entries)"

    def get(self, kind: EntryKind, key: str) -> Entry | None:
        """The entry of this kind with this key, if recorded."""
        return self._keys.get((kind, key))

    def has_claim(self, reference: str) -> bool:
        """Whether a claim line (debit, credit or report) with this reference is recorded."""
        return any(
            (kind, reference) in self._keys
            for kind in (EntryKind.CLAIM, EntryKind.CREDIT, EntryKind.PRODUCTION)
        )

    def debit(self, reference: str) -> Entry | None:
        """The accepted debit (or production report) with this reference."""
        return self._keys.get((EntryKind.CLAIM, reference)) or self._keys.get(
            (EntryKind.PRODUCTION, reference)
        )

    def reversal_of(self, reference: str) -> Entry | None:
        """The credit that reversed a debit, if any."""
        return self._reversed_by.get(reference)

    def for_assignment(self, assignment: str) -> tuple[Entry, ...]:
        """Every entry recorded on an assignment number."""
        return tuple(self._by_assignment.get(assignment, ()))

    def paid_out(
        self, provider: AGBCode, year: int, municipality: MunicipalityCode | None = None
    ) -> Money:
        """Claims paid out (net of credits) to a provider for service in a year.

        With ``municipality``, only the claims billed to that municipality.
        """
        return self._paid.get((provider, year, municipality), Money.zero())

    def quantities(self, assignment: str) -> Mapping[tuple[int, int, Unit | None], Decimal]:
        """Delivered quantity on an assignment per (year, month of service start, unit), net of credits.

        Examples:
            >>> dict(Ledger().quantities("T-1"))
            {}
        """
        return self._months.get(assignment, _EMPTY)

    def in_period(self, period: Period) -> Iterator[Entry]:
        """Entries whose period lies (by its start) within ``period``."""
        return (e for e in self._entries if period.contains(e.period.start))
