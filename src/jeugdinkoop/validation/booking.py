"""``book()``: validate one message or file and book its accepted lines as one transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from typing import Any, Protocol

import attrs

from jeugdinkoop.funding import LedgerBatch, MessageRecord
from jeugdinkoop.model import Assignment, Claim, Region
from jeugdinkoop.validation.engine import ValidationReport, validate

__all__ = ["Booking", "BookingStore", "book"]


class BookingStore(Protocol):
    """A ledger store that books in batches: :class:`~jeugdinkoop.funding.Ledger`, the SQL store."""

    def batch(self) -> AbstractContextManager[LedgerBatch]:
        """A pending overlay committed as one transaction when its ``with`` block ends."""
        ...


@attrs.frozen(eq=False)
class Booking:
    """What :func:`book` did with one message or file.

    Attributes:
        message: the message as registered (``lines``: how many lines were booked).
        report: the validation report; ``None`` when the message was processed before.
        earlier: the earlier registration of the same message or content, when this
            was a resubmission that booked nothing.
    """

    message: MessageRecord
    report: ValidationReport | None
    earlier: MessageRecord | None = None

    @property
    def resubmitted(self) -> bool:
        """Whether the message was processed before, so that nothing was booked."""
        return self.earlier is not None

    @property
    def booked(self) -> int:
        """How many entries this booking added to the ledger."""
        return len(self.report.entries) if self.report is not None else 0

    def summary(self) -> str:
        """One line for people: what was booked, or why nothing was.

        Examples:
            >>> from jeugdinkoop.funding import MessageRecord
            >>> from jeugdinkoop.validation import Booking
            >>> first = MessageRecord(sender="", kind="csv", identification="abc", lines=2)
            >>> Booking(first, None, earlier=first).summary()
            "csv 'abc' was processed before (2 lines booked then): nothing booked"
        """
        if self.earlier is not None:
            return (
                f"{self.message.kind} {self.message.identification!r} was processed before "
                f"({self.earlier.lines} lines booked then): nothing booked"
            )
        return f"{self.message.kind} {self.message.identification!r}: {self.booked} lines booked"


def book(
    claims: Iterable[Claim | Mapping[str, Any]],
    assignments: Iterable[Assignment] | Mapping[str, Assignment],
    region: Region,
    store: BookingStore,
    message: MessageRecord,
) -> Booking:
    """Validate one message or file and book its accepted lines: all of them, or none.

    It runs in one batch of ``store`` (one transaction in a SQL store, holding the
    write lock): first it looks the message up in the register, by sender, kind and
    identification and, when ``message.digest`` is set, by content; a message seen
    before books nothing and says so (idempotent resubmission). Otherwise it validates,
    books the accepted lines and registers the message with the number of lines booked.

    Args:
        claims: the message's claim lines (objects or mappings of fields).
        assignments: the assignments, as objects or by number.
        region: the region.
        store: a :class:`~jeugdinkoop.funding.Ledger` or a SQL store.
        message: the message to register (its ``lines`` are filled in).

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.funding import Ledger
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.model import Assignment, Claim, Volume
        >>> from jeugdinkoop.validation import book
        >>> from jeugdinkoop.periods import Period
        >>> region = load_example_region()
        >>> assignment = Assignment(reference="T-1", client="111222333", municipality="0001",
        ...     provider="22222222", category="45", period=Period(date(2025, 1, 1), date(2025, 6, 30)),
        ...     product="45A01", volume=Volume(quantity=10, unit="04", frequency="4"))
        >>> line = Claim(reference="R-1", assignment="T-1", provider="22222222",
        ...     client="111222333", municipality="0001", product="45A01",
        ...     start=date(2025, 3, 1), end=date(2025, 3, 31), quantity=8, unit="04",
        ...     amount="624.00")
        >>> ledger = Ledger()
        >>> message = MessageRecord(sender="22222222", kind="JW323", identification="M-1")
        >>> book([line], [assignment], region, ledger, message).summary()
        "JW323 'M-1': 1 lines booked"
        >>> book([line], [assignment], region, ledger, message).summary()
        "JW323 'M-1' was processed before (1 lines booked then): nothing booked"
        >>> len(ledger)
        1
    """
    with store.batch() as batch:
        earlier = batch.message(message.sender, message.kind, message.identification)
        if earlier is None and message.digest:
            earlier = batch.message_with_digest(message.digest)
        if earlier is not None:
            return Booking(message, None, earlier)
        report = validate(claims, assignments, region, ledger=batch)
        registered = attrs.evolve(message, lines=len(report.entries))
        batch.record_message(registered)
    return Booking(registered, report)
