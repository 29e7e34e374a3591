"""The ledger: an append-only record of accepted claims, credits, advances and releases.

It lives in the funding layer because funding models read it (through
:class:`~jeugdinkoop.funding.FundingContext`) to check volumes and budgets; its public
home is :mod:`jeugdinkoop.settlement`.
"""

from __future__ import annotations

import enum
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

import attrs

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import DuplicateEntry, DuplicateMessage, Problem
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Claim
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

if TYPE_CHECKING:
    from jeugdinkoop.funding.store import LedgerBatch

__all__ = ["Entry", "EntryKind", "Ledger", "MessageRecord", "check_entries"]


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


@attrs.frozen(weakref_slot=False)  # a million entries: 8 bytes each saved
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
        credit = claim.is_credit  # (once: a property)
        if kind is None:
            kind = EntryKind.CREDIT if credit else EntryKind.CLAIM
        signed = -amount if credit else amount
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
            quantity=-claim.quantity if credit else claim.quantity,  # Claim.signed_quantity
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
        period: a JW323's declaration period (DeclaratiePeriode) when its lines were
            assessed (not when it was refused whole), or the declaration period a file
            was checked for; ``None`` when unknown. The next declaration of the provider
            is checked against it (iJw TR318, 8214).

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
    period: Period | None = None


_Month = tuple[int, int, Unit | None]
# Running totals repeat (a few month keys, small quantities): a ledger of a million lines
# shares them instead of holding a million copies. Both are immutable.
_MONTH_KEYS: dict[_Month, _Month] = {}
_TOTALS: dict[tuple[int, tuple[int, ...], int | str], Decimal] = {}
_SHARED_LIMIT = 100_000
_ZERO: Final = Decimal(0)


def _shared_month(year: int, month: int, unit: Unit | None) -> _Month:
    key = (year, month, unit)
    return _MONTH_KEYS.setdefault(key, key)


def _shared_total(total: Decimal) -> Decimal:
    if len(_TOTALS) >= _SHARED_LIMIT:
        _TOTALS.clear()
    return _TOTALS.setdefault(total.as_tuple(), total)


_EMPTY: Mapping[tuple[int, int, Unit | None], Decimal] = MappingProxyType({})
_FEW: Final = 24
"""Up to this many entries on an assignment, its monthly totals are summed when asked."""


def _tally(entries: Iterable[Entry], *, shared: bool) -> dict[_Month, Decimal]:
    """Quantity per (year, month of service start, unit) of the claim entries, in order.

    The same sums, in the same order, as the running totals :meth:`Ledger.append` keeps.
    """
    months: dict[_Month, Decimal] = {}
    for entry in entries:
        kind = entry.kind
        if kind is EntryKind.CLAIM or kind is EntryKind.CREDIT or kind is EntryKind.PRODUCTION:
            start = entry.period.start
            key = (start.year, start.month, entry.unit)
            month = _MONTH_KEYS.setdefault(key, key)
            total = months.get(month, _ZERO) + entry.quantity
            months[month] = _shared_total(total) if shared else total
    return months


def _label(index: int, entry: Entry) -> str:
    return f"entries[{index}] ({entry.kind.value} {entry.key!r})"


def check_entries(entries: Sequence[Entry]) -> list[Problem]:
    """Every broken ledger invariant, naming the entry: what a loaded ledger must satisfy.

    A kind and key occur once; a reversal (an entry that ``reverses`` another) names a
    debit (a claim or production report) that is in the ledger, is the only reversal of
    it, and is its exact negative: amount, value and quantity negated.

    Examples:
        >>> import attrs
        >>> from jeugdinkoop.funding.ledger import check_entries
        >>> debit = Entry(kind=EntryKind.CLAIM, key="R-1", provider=AGBCode("12345678"),
        ...     municipality=MunicipalityCode("0193"), segment="AMB",
        ...     period=Period.month(2025, 3), amount=Money("78.00"), value=Money("78.00"))
        >>> credit = attrs.evolve(debit, kind=EntryKind.CREDIT, key="C-1", reverses="R-1",
        ...     amount=Money("-78.00"), value=Money("-78.00"))
        >>> check_entries([debit, credit])
        []
        >>> wrong = attrs.evolve(credit, key="C-2", amount=Money("-70.00"))
        >>> for problem in check_entries([debit, credit, wrong, debit]):
        ...     print(problem)
        entries[2] (credit 'C-2'): reverses = 'R-1': a second reversal of this debit (the first is 'C-1')
        entries[2] (credit 'C-2'): amount = '-70.00': a reversal is the exact negative of its debit (-78.00)
        entries[3] (claim 'R-1'): key = 'R-1': occurs twice for this kind (also entries[0])
    """
    problems: list[tuple[int, Problem]] = []
    first: dict[tuple[EntryKind, str], int] = {}
    debits: dict[str, Entry] = {}
    for index, entry in enumerate(entries):
        ident = (entry.kind, entry.key)
        if ident in first:
            problems.append(
                (
                    index,
                    Problem(
                        _label(index, entry),
                        "key",
                        entry.key,
                        f"occurs twice for this kind (also entries[{first[ident]}])",
                    ),
                )
            )
            continue
        first[ident] = index
        if entry.kind in (EntryKind.CLAIM, EntryKind.PRODUCTION) and entry.reverses is None:
            debits.setdefault(entry.key, entry)
    reversed_by: dict[str, str] = {}
    for index, entry in enumerate(entries):
        target = entry.reverses
        if target is None or first.get((entry.kind, entry.key)) != index:
            continue
        where = _label(index, entry)
        debit = debits.get(target)
        if debit is None:
            problems.append(
                (index, Problem(where, "reverses", target, "names no debit in the ledger"))
            )
            continue
        if target in reversed_by:
            problems.append(
                (
                    index,
                    Problem(
                        where,
                        "reverses",
                        target,
                        f"a second reversal of this debit (the first is {reversed_by[target]!r})",
                    ),
                )
            )
        else:
            reversed_by[target] = entry.key
        for name, mine, theirs in (
            ("amount", entry.amount.amount, debit.amount.amount),
            ("value", entry.value.amount, debit.value.amount),
            ("quantity", entry.quantity, debit.quantity),
        ):
            if mine != -theirs:
                problems.append(
                    (
                        index,
                        Problem(
                            where,
                            name,
                            str(mine),
                            f"a reversal is the exact negative of its debit ({-theirs})",
                        ),
                    )
                )
    return [problem for _, problem in sorted(problems, key=lambda item: item[0])]


_DEBITS = frozenset((EntryKind.CLAIM, EntryKind.PRODUCTION))


class Ledger:
    """Ledger [grootboek]: append-only; each kind and key is recorded once.

    Entries are indexed by assignment, by claim reference and by what they reverse, so
    that funding models can ask "what was delivered on this assignment?" quickly.
    Appending an entry whose kind and key are already there is an error, never a silent
    no-op; :meth:`post` re-posts a settlement's entries idempotently.

    Examples:
        >>> from datetime import date
        >>> ledger = Ledger()
        >>> e = Entry(EntryKind.ADVANCE, "2025-01 P1", AGBCode("12345678"), MunicipalityCode("0193"),
        ...           "AMB", Period.month(2025, 1), Money("100.00"))
        >>> ledger.append(e), len(ledger)
        (True, 1)
        >>> ledger.append(e)
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.DuplicateEntry: ledger entry advance '2025-01 P1' is already recorded; a kind and key are recorded once (re-post settlement entries with Ledger.post)
        >>> ledger.post([e]), len(ledger)
        (0, 1)
    """

    __slots__ = (
        "_by_assignment",
        "_by_start_month",
        "_declarations",
        "_digests",
        "_entries",
        "_indexed",
        "_keys",
        "_messages",
        "_months",
        "_paid",
        "_reversed_by",
    )

    def __init__(
        self, entries: Iterable[Entry] = (), messages: Iterable[MessageRecord] = ()
    ) -> None:
        self._entries: list[Entry] = []
        self._keys: dict[EntryKind, dict[str, Entry]] = {kind: {} for kind in EntryKind}
        self._by_assignment: dict[str, list[Entry]] = defaultdict(list)
        self._reversed_by: dict[str, Entry] = {}
        self._paid: dict[tuple[AGBCode, int, MunicipalityCode | None], Money] = defaultdict(
            Money.zero
        )
        self._months: dict[str, dict[tuple[int, int, Unit | None], Decimal]] = {}
        self._messages: dict[tuple[str, str, str], MessageRecord] = {}
        self._declarations: dict[tuple[str, str], MessageRecord] = {}
        self._digests: dict[str, MessageRecord] = {}
        # positions of entries by the month their period starts in, built lazily by in_period
        self._by_start_month: dict[tuple[int, int], list[int]] = defaultdict(list)
        self._indexed = 0
        self.extend(entries)
        for record in messages:
            self.record_message(record)

    def append(self, entry: Entry) -> bool:
        """Record an entry (returns ``True``).

        Raises:
            DuplicateEntry: when an entry of its kind and key is already there, naming it.
        """
        keys = self._keys[entry.kind]  # by kind, then key: no (kind, key) tuple per entry
        if entry.key in keys:
            raise DuplicateEntry(
                f"ledger entry {entry.kind.value} {entry.key!r} is already recorded; a kind and "
                "key are recorded once (re-post settlement entries with Ledger.post)"
            )
        keys[entry.key] = entry
        self._entries.append(entry)
        kind, assignment = entry.kind, entry.assignment
        if assignment is not None:
            self._by_assignment[assignment].append(entry)
        if entry.reverses is not None:
            self._reversed_by[entry.reverses] = entry
        # (identity tests: EntryKind.is_claim / is_paid_out, without a property call each)
        paid_out = kind is EntryKind.CLAIM or kind is EntryKind.CREDIT
        if assignment is not None and (paid_out or kind is EntryKind.PRODUCTION):
            # running totals only for an assignment of many entries; a few (whole months,
            # iJw TR387/388) are summed when asked: a dict each cost ~640 bytes (issue 8)
            months = self._months.get(assignment)
            if months is not None:
                start = entry.period.start
                key = (start.year, start.month, entry.unit)
                month = _MONTH_KEYS.setdefault(key, key)  # shared keys (see _shared_month)
                months[month] = _shared_total(months.get(month, _ZERO) + entry.quantity)
            elif len(self._by_assignment[assignment]) > _FEW:
                self._months[assignment] = _tally(self._by_assignment[assignment], shared=True)
        if paid_out:
            year = entry.period.start.year
            paid = self._paid
            provider, amount = entry.provider, entry.amount
            paid[(provider, year, None)] += amount
            paid[(provider, year, entry.municipality)] += amount
        return True

    def debits_like(
        self,
        assignment: str,
        start: date,
        end: date,
        product: ProductCode | None,
    ) -> tuple[str, ...]:
        """The references of unreversed debits with this content, oldest first.

        Validation refuses a second debit for the same assignment, product period and
        product, whatever its quantity, until the first is credited (JI-602, iJw TR389).

        Examples:
            >>> from datetime import date
            >>> from jeugdinkoop.funding import Ledger
            >>> Ledger().debits_like("T-1", date(2025, 3, 1), date(2025, 3, 31), None)
            ()
        """
        # a scan of the assignment's own entries (a few a year under TR387/388), not an
        # index: an index of every open debit cost some 90 bytes a line (issue 8, memory)
        reversed_by = self._reversed_by
        return tuple(
            entry.key
            for entry in self._by_assignment.get(assignment, ())
            if entry.period.start == start
            and entry.period.end == end
            and entry.product == product
            and entry.kind in _DEBITS
            and entry.reverses is None
            and entry.amount.amount >= 0
            and entry.value.amount >= 0
            and entry.key not in reversed_by
        )

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
        """Record several entries; returns how many were recorded.

        Raises:
            DuplicateEntry: at the first entry whose kind and key are already there.
        """
        return sum(self.append(e) for e in entries)

    def post(self, entries: Iterable[Entry]) -> int:
        """Record entries idempotently: one already there *and equal* is skipped.

        For re-posting a settlement's postings; returns how many were new.

        Raises:
            DuplicateEntry: when an entry of the same kind and key is there with other content.
        """
        new = 0
        for entry in entries:
            existing = self._keys[entry.kind].get(entry.key)
            if existing is None:
                new += self.append(entry)
            elif existing != entry:
                raise DuplicateEntry(
                    f"ledger entry {entry.kind.value} {entry.key!r} is already recorded with "
                    f"other content ({existing.amount.amount} for {existing.period}, now "
                    f"{entry.amount.amount} for {entry.period})"
                )
        return new

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
        return self._keys[kind].get(key)

    def has_claim(self, reference: str) -> bool:
        """Whether a claim line (debit, credit or report) with this reference is recorded."""
        keys = self._keys
        return (
            reference in keys[EntryKind.CLAIM]
            or reference in keys[EntryKind.CREDIT]
            or reference in keys[EntryKind.PRODUCTION]
        )

    def debit(self, reference: str) -> Entry | None:
        """The accepted debit (or production report) with this reference."""
        return self._keys[EntryKind.CLAIM].get(reference) or self._keys[EntryKind.PRODUCTION].get(
            reference
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
        months = self._months.get(assignment)
        if months is None:
            entries = self._by_assignment.get(assignment)
            if not entries:
                return _EMPTY
            months = _tally(entries, shared=False)
        return MappingProxyType(months)

    def in_period(self, period: Period) -> Iterator[Entry]:
        """Entries whose period lies (by its start) within ``period``, in the order recorded.

        A closed period of a few months reads only the entries that start in those months
        (an index kept up to date on each call), so settling a year month by month
        stays linear in the size of the ledger.

        Examples:
            >>> from datetime import date
            >>> e = Entry(EntryKind.ADVANCE, "A", AGBCode("12345678"), MunicipalityCode("0193"),
            ...           "AMB", Period.month(2025, 3), Money("1.00"))
            >>> [x.key for x in Ledger([e]).in_period(Period(date(2025, 3, 1), date(2025, 3, 1)))]
            ['A']
        """
        entries = self._entries
        for position in range(self._indexed, len(entries)):
            start = entries[position].period.start
            self._by_start_month[(start.year, start.month)].append(position)
        self._indexed = len(entries)
        months = None if period.end is None else list(period.months())
        if months is None or len(months) * 4 > len(self._by_start_month) + 12:
            return (e for e in entries if period.contains(e.period.start))
        positions = heapq.merge(
            *(self._by_start_month.get((m.start.year, m.start.month), ()) for m in months)
        )
        return (entries[i] for i in positions if period.contains(entries[i].period.start))
