"""``validate()``: the municipality's check of claim lines before money moves (iJw step 4)."""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Final, overload

import attrs

from jeugdinkoop.codes import ChangeReason, Unit
from jeugdinkoop.errors import TariffNotFound
from jeugdinkoop.funding import (
    EffortBased,
    Entry,
    EntryKind,
    FundingContext,
    FundingModel,
    Ledger,
    LedgerBatch,
    LedgerStore,
    _frames,
)
from jeugdinkoop.identifiers import BSN, ProductCode
from jeugdinkoop.model import Assignment, Claim, Region
from jeugdinkoop.model.findings import RULES, Finding, Severity
from jeugdinkoop.model.records import RecordError, claim_from_record
from jeugdinkoop.money import Money, exact_arithmetic
from jeugdinkoop.periods import Period
from jeugdinkoop.privacy import mask, mask_bsns

__all__ = ["AcceptedClaim", "AcceptedLines", "RejectedClaim", "ValidationReport", "validate"]

_CS100_FROM: Final = date(2021, 1, 1)
"""iJw CS100: a product period starts on or after 1 January 2021."""

_VOLUME: Final = EffortBased()
"""The PxQ model's volume check, applied under every model (iJw TR321/TR322)."""

_FIELD_RULES: Final = {
    "client": "JI-102",
    "provider": "JI-103",
    "municipality": "JI-104",
    "product": "JI-105",
}


def _masked_repr(instance: Any) -> str:
    """The attrs-style repr of ``instance`` with every nine-digit run masked."""
    fields = ", ".join(
        f"{field.name}={getattr(instance, field.name)!r}"
        for field in attrs.fields(type(instance))
        if field.repr
    )
    return mask_bsns(f"{type(instance).__name__}({fields})")


def _masked_record(record: Mapping[str, Any]) -> dict[str, str]:
    """A copy of a raw record fit to keep in a report: text only, no BSN in full.

    The ``client`` column is masked to its last four whatever its length (a BSN that
    lost its leading zero has eight digits); every other value, and every column name
    (a file without a header names its columns after its first line), has its
    nine-digit runs masked, for a BSN sent in the wrong column.
    """
    return {
        mask_bsns(str(name)): mask(str(value)) if name == "client" else mask_bsns(str(value))
        for name, value in record.items()
        if value is not None
    }


@attrs.frozen(repr=False)
class AcceptedClaim:
    """A claim line that was accepted, with what it is worth and any warnings.

    Its ``repr`` masks every nine-digit run (:func:`jeugdinkoop.privacy.mask_bsns`).

    Attributes:
        claim: the claim.
        amount: the priced amount (negative for a credit; € 0 for a production report).
        segment: the segment it was booked on.
        findings: warnings and notes (never errors).
        index: the line's position in the input of :func:`validate` (0 for the first),
            so a caller can map the result back to its input line, repeated references
            included; ``None`` when not made by :func:`validate`. It does not take part in
            equality.
    """

    claim: Claim
    amount: Money
    segment: str
    findings: tuple[Finding, ...] = ()
    index: int | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        return _masked_repr(self)

    @property
    def reference(self) -> str:
        """The claim's reference, as on :attr:`RejectedClaim.reference`."""
        return self.claim.reference


@attrs.frozen(repr=False)
class RejectedClaim:
    """A claim line that was refused, with every finding that refused it.

    Nothing in it shows a BSN: the subject is masked, the raw record of an unreadable
    line is kept as a masked copy, and the ``repr`` masks every nine-digit run.

    Attributes:
        subject: ``"claim <reference>"``, or ``"record <n>"`` for an unreadable record.
        findings: the findings (at least one error).
        claim: the claim, when the record could be read.
        record: a copy of the raw record as text, when it could not be read, with the
            ``client`` column masked to its last four and every other nine-digit run
            masked (see :func:`jeugdinkoop.privacy.mask_bsns`).
        index: the line's position in the input of :func:`validate` (0 for the first);
            ``None`` when not made by :func:`validate`. It does not take part in equality.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> row = {"reference": "R-9", "provider": "111222333", "client": "111222333"}
        >>> rejected = validate([row], [], load_example_region()).rejected[0]
        >>> rejected.record["provider"], rejected.record["client"]
        ('*****2333', '*****2333')
        >>> "111222333" in repr(rejected)
        False
    """

    subject: str = attrs.field(converter=mask_bsns)
    findings: tuple[Finding, ...]
    claim: Claim | None = None
    record: Mapping[str, str] | None = attrs.field(default=None, eq=False)
    index: int | None = attrs.field(default=None, eq=False)

    def __repr__(self) -> str:
        return _masked_repr(self)

    @property
    def reference(self) -> str:
        """The claim's reference as sent (may be empty for an unreadable record)."""
        if self.claim is not None:
            return self.claim.reference
        return str((self.record or {}).get("reference", ""))


class AcceptedLines(Sequence[AcceptedClaim]):
    """The accepted lines of a report: a read-only sequence, each line made when read.

    A report of a million lines holds, per accepted line, only the claim and its ledger
    entry (which the report and the ledger hold anyway), plus the warnings of the few
    lines that have some; :class:`AcceptedClaim` objects are made on access. It compares
    equal to a tuple or list of the same lines; ``tuple(report.accepted)`` gives a tuple.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> lines = validate([], [], load_example_region()).accepted
        >>> len(lines), lines == (), list(lines)
        (0, True, [])
    """

    __slots__ = ("_claims", "_entries", "_indexes", "_warnings")

    def __init__(
        self,
        claims: Sequence[Claim],
        entries: Sequence[Entry],
        warnings: Mapping[int, tuple[Finding, ...]] | None = None,
        indexes: Sequence[int] | None = None,
    ) -> None:
        if len(claims) != len(entries):
            raise ValueError(
                f"AcceptedLines: {len(claims)} claims but {len(entries)} entries; "
                "each accepted claim has one entry"
            )
        # kept as given when already a list or tuple: no second copy of a million lines
        self._claims = claims if isinstance(claims, list | tuple) else tuple(claims)
        self._entries = entries if isinstance(entries, list | tuple) else tuple(entries)
        self._warnings = dict(warnings or {})
        # the input position of each line, 8 bytes a line (array), or none at all
        self._indexes = (
            indexes if isinstance(indexes, array) or indexes is None else array("q", indexes)
        )
        if self._indexes is not None and len(self._indexes) != len(self._claims):
            raise ValueError(
                f"AcceptedLines: {len(claims)} claims but {len(self._indexes)} indexes"
            )

    def _line(self, index: int) -> AcceptedClaim:
        entry = self._entries[index]
        return AcceptedClaim(
            claim=self._claims[index],
            amount=entry.amount if entry.kind is not EntryKind.PRODUCTION else Money.zero(),
            segment=entry.segment,
            findings=self._warnings.get(index, ()),
            index=None if self._indexes is None else self._indexes[index],
        )

    def __len__(self) -> int:
        return len(self._claims)

    @overload
    def __getitem__(self, index: int) -> AcceptedClaim: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[AcceptedClaim, ...]: ...

    def __getitem__(self, index: int | slice) -> AcceptedClaim | tuple[AcceptedClaim, ...]:
        if isinstance(index, slice):
            return tuple(self._line(i) for i in range(*index.indices(len(self))))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"accepted line {index} of {len(self)}")
        return self._line(index)

    def __iter__(self) -> Iterator[AcceptedClaim]:
        return (self._line(i) for i in range(len(self._claims)))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, AcceptedLines | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        """The first few lines and how many more: a million lines do not print."""
        shown = list(self[:_REPR_LINES])
        more = f", … {len(self) - _REPR_LINES} more" if len(self) > _REPR_LINES else ""
        return mask_bsns(f"AcceptedLines({shown!r}{more})")

    def total(self) -> Money:
        """The priced amount of every line (credits negative, production reports € 0).

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> validate([], [], load_example_region()).accepted.total()
            Money('0')
        """
        return Money.sum(
            e.amount if e.kind is not EntryKind.PRODUCTION else _ZERO for e in self._entries
        )


_ZERO: Final = Money.zero()
_REPR_LINES: Final = 5
"""How many lines the ``repr`` of :class:`AcceptedLines` shows."""


@attrs.frozen(eq=False, repr=False)
class ValidationReport:
    """ValidationReport [controleresultaat]: what was accepted, what refused, and why.

    Attributes:
        accepted: accepted lines with their priced amounts, in processing order (an
            :class:`AcceptedLines` sequence when made by :func:`validate`, which holds
            the lines compactly; any sequence of :class:`AcceptedClaim` will do).
        rejected: refused lines with their findings.
        findings: every finding, errors and warnings, in processing order.
        ledger: the ledger after booking the accepted lines: a new :class:`Ledger` when
            validate was given one (that one is untouched), else the
            :class:`~jeugdinkoop.funding.LedgerBatch` it booked into (the one it was
            given, or a dry-run overlay on the store it was given).
        entries: the entries this validation added to the ledger.
    """

    accepted: Sequence[AcceptedClaim]
    rejected: tuple[RejectedClaim, ...]
    findings: tuple[Finding, ...]
    ledger: Ledger
    entries: tuple[Entry, ...]

    def __repr__(self) -> str:
        """A short ``repr``: counts and the total, never a record (so never a BSN).

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> validate([], [], load_example_region())
            ValidationReport(accepted=0, rejected=0, findings=0, entries=0, total_accepted=Money('0'))
        """
        return mask_bsns(
            f"{type(self).__name__}(accepted={len(self.accepted)}, "
            f"rejected={len(self.rejected)}, findings={len(self.findings)}, "
            f"entries={len(self.entries)}, total_accepted={self.total_accepted!r})"
        )

    def results(self) -> list[AcceptedClaim | RejectedClaim]:
        """Every line's result, accepted or refused, in the order of the input.

        ``results()[i]`` belongs to the *i*-th claim or row given to :func:`validate`
        (its ``index`` is ``i``), repeated references included. Lines are *processed* in a
        canonical order (see :func:`validate`); this only puts the answers back in the
        caller's order.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> rows = [{"reference": "R-1"}, {"reference": "R-1"}]
            >>> [(r.index, r.reference) for r in validate(rows, [], load_example_region()).results()]
            [(0, 'R-1'), (1, 'R-1')]
        """
        lines: list[AcceptedClaim | RejectedClaim] = [*self.accepted, *self.rejected]
        lines.sort(key=lambda line: (line.index is None, line.index or 0))
        return lines

    def to_rows(self) -> list[dict[str, str]]:
        """One dict of text per input line, in input order, for :class:`csv.DictWriter`.

        Keys: ``index`` (the line's position in the input), ``reference``, ``status``
        (``accepted`` or ``rejected``), ``amount`` (``1234.56``, empty when refused),
        ``segment``, ``codes`` (the rule codes found, space-separated) and ``findings``
        (their messages, separated by a vertical bar). Nothing in it shows a BSN.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> rows = validate([{"reference": "R-1"}], [], load_example_region()).to_rows()
            >>> {k: rows[0][k] for k in ("index", "reference", "status", "amount")}
            {'index': '0', 'reference': 'R-1', 'status': 'rejected', 'amount': ''}
            >>> "JI-102" in rows[0]["codes"].split()  # the client is missing
            True
        """
        return [_result_row(line) for line in self.results()]

    def to_frame(self) -> Any:
        """:meth:`to_rows` as a pandas DataFrame, with ``index`` an int and ``amount`` a ``Decimal``.

        Raises:
            ImportError: without pandas, naming ``pip install jeugdinkoop[pandas]``.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> list(validate([], [], load_example_region()).to_frame().columns)
            ['index', 'reference', 'status', 'amount', 'segment', 'codes', 'findings']
        """
        pd = _frames.pandas("ValidationReport.to_frame()")
        records = [
            (
                -1 if line.index is None else line.index,
                row["reference"],
                row["status"],
                line.amount.amount if isinstance(line, AcceptedClaim) else None,
                row["segment"],
                row["codes"],
                row["findings"],
            )
            for line in self.results()
            for row in (_result_row(line),)
        ]
        return pd.DataFrame.from_records(records, columns=list(_RESULT_COLUMNS))

    def _repr_html_(self) -> str:
        """The counts and the first lines in input order as HTML, for notebooks."""
        return _frames.table(self.summary().splitlines()[0], self.to_rows(), _RESULT_COLUMNS)

    @property
    def all_accepted(self) -> bool:
        """Whether no line was refused."""
        return not self.rejected

    @property
    def total_accepted(self) -> Money:
        """The priced amount of every accepted line (credits negative)."""
        if isinstance(self.accepted, AcceptedLines):
            return self.accepted.total()
        return Money.sum(a.amount for a in self.accepted)

    def counts(self) -> dict[str, int]:
        """How often each rule code was found.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> validate([], [], load_example_region()).counts()
            {}
        """
        result: dict[str, int] = defaultdict(int)
        for finding in self.findings:
            result[finding.code] += 1
        return dict(sorted(result.items()))

    def summary(self, locale: str = "nl") -> str:
        """A few lines for people: counts, totals and the findings per rule."""
        accepted_label, rejected_label, total_label = (
            ("geaccepteerd", "afgewezen", "totaal geaccepteerd")
            if locale.startswith("nl")
            else ("accepted", "rejected", "total accepted")
        )
        lines = [
            f"{accepted_label}: {len(self.accepted)}, {rejected_label}: {len(self.rejected)}, "
            f"{total_label}: {self.total_accepted.format('nl_NL' if locale.startswith('nl') else 'en_GB')}"
        ]
        lines += [
            f"  {code} × {n}: {RULES[code].title_in(locale)}" for code, n in self.counts().items()
        ]
        return "\n".join(lines)


_RESULT_COLUMNS: Final = ("index", "reference", "status", "amount", "segment", "codes", "findings")


def _result_row(line: AcceptedClaim | RejectedClaim) -> dict[str, str]:
    """One result as text (:meth:`ValidationReport.to_rows`)."""
    accepted = isinstance(line, AcceptedClaim)
    return {
        "index": "" if line.index is None else str(line.index),
        "reference": mask_bsns(line.reference),
        "status": "accepted" if accepted else "rejected",
        "amount": f"{line.amount.amount:f}" if isinstance(line, AcceptedClaim) else "",
        "segment": line.segment if isinstance(line, AcceptedClaim) else "",
        "codes": " ".join(f.code for f in line.findings),
        "findings": " | ".join(str(f) for f in line.findings),
    }


def _sortable(value: object) -> tuple[Any, ...]:
    """A sort key for one field's value: ``None`` first, then by value, then by its text."""
    if value is None:
        return (0, "", "")
    if isinstance(value, Money):
        return (1, value.amount, str(value.amount))
    if isinstance(value, Decimal):
        return (1, value, str(value))
    if isinstance(value, BSN):
        return (1, value.reveal(), "")
    inner = getattr(value, "value", value)
    return (1, str(inner), "")


_CLAIM_FIELDS: Final = tuple(f.name for f in attrs.fields(Claim))


def _claim_key(claim: Claim) -> tuple[Any, ...]:
    """The canonical sort key of a claim: service period and reference first, then every field.

    Every field takes part, so two lines that differ in any field (a repeated reference
    with another amount, say) are processed in the same order whatever the input order.

    Examples:
        >>> from datetime import date
        >>> one = Claim(reference="R-1", assignment="T-1", provider="22222222",
        ...     client="111222333", municipality="0001", product="45A01",
        ...     start=date(2025, 3, 1), end=date(2025, 3, 31), quantity=8, unit="04",
        ...     amount="624.00")
        >>> other = attrs.evolve(one, amount="600.00")
        >>> sorted([one, other], key=_claim_key) == [other, one]
        True
    """
    return (claim.start, claim.end, claim.reference, _AllFields(claim))


class _AllFields:
    """Every field of a claim as a sort key, worked out only when two heads tie (rare)."""

    __slots__ = ("claim", "key")

    def __init__(self, claim: Claim) -> None:
        self.claim = claim
        self.key: tuple[Any, ...] | None = None

    def full(self) -> tuple[Any, ...]:
        """The sort key of every field, in declaration order (computed once)."""
        if self.key is None:
            self.key = tuple(_sortable(getattr(self.claim, name)) for name in _CLAIM_FIELDS)
        return self.key

    def __lt__(self, other: _AllFields) -> bool:
        return self.full() < other.full()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _AllFields) and self.full() == other.full()

    __hash__ = None  # type: ignore[assignment]


def _ordered(claims: list[Claim], ledger: LedgerStore) -> Iterator[tuple[int, Claim]]:
    """A canonical processing order, so the report does not depend on the input order.

    Credits of debits already in the ledger go first (a correction frees volume and
    budget before the corrected debit is checked); then debits by service period and
    reference (then every other field, :func:`_claim_key`), each debit that was accepted
    followed by the credits in the batch that reverse it; then the credits that reverse
    nothing accepted.

    The generator is lazy on purpose: ``ledger`` is the working ledger that
    :func:`validate` books into while it iterates, so a batch credit attaches to the debit
    with its reference that was actually *accepted* (when the first line with that
    reference is refused and a later one accepted, the credit follows the later one).
    That makes validation idempotent: validating the batch again on the resulting ledger
    books nothing new.

    Each claim comes with its position in ``claims``, so the caller can tell which input
    line a result belongs to; the positions are kept as 8-byte ints (``array``).
    """

    def key(i: int) -> tuple[Any, ...]:
        return _claim_key(claims[i])

    def pairs(positions: Iterable[int]) -> Iterator[tuple[int, Claim]]:
        return ((i, claims[i]) for i in positions)

    debits = array("q", sorted((i for i, c in enumerate(claims) if not c.is_credit), key=key))
    batch_refs = {claims[i].reference for i in debits}
    credits_by_target: dict[str, list[int]] = defaultdict(list)
    first = array("q")
    last = array("q")
    for i in sorted((i for i, c in enumerate(claims) if c.is_credit), key=key):
        target = claims[i].reverses or ""
        if ledger.debit(target) is not None:
            first.append(i)
        elif target in batch_refs:
            credits_by_target[target].append(i)
        else:
            last.append(i)
    del batch_refs
    yield from pairs(first)
    for i in debits:
        yield i, claims[i]
        reference = claims[i].reference
        if reference in credits_by_target and ledger.debit(reference) is not None:
            yield from pairs(credits_by_target.pop(reference))
    # credits whose debit was refused in this batch, and credits of unknown debits
    unmatched = [i for credits in credits_by_target.values() for i in credits]
    yield from pairs(sorted([*unmatched, *last], key=key))


def _refuses(found: list[Finding]) -> bool:
    """Whether any of the findings is an error (a plain loop: it runs several times a line)."""
    for finding in found:  # noqa: SIM110 - no generator object per call
        if finding.severity is Severity.ERROR:
            return True
    return False


def _euro_amount_matches(claim: Claim) -> bool:
    """Whether a unit-83 claim's volume is whole cents equal to its amount (iJw CS339)."""
    cents = claim.quantity
    return cents == cents.to_integral_value() and claim.amount.amount == cents.scaleb(-2)


class _Validator:
    """One run of :func:`validate`: the working ledger and the indexes it keeps."""

    declared: Period | None = None
    """The declaration period the lines were sent in (iJw TR319), when known."""
    received: date | None = None
    """The message date (Dagtekening) of the declaration (iJw TR134/TR137/TR335), when known."""
    previous: Period | None = None
    """The provider's previous declaration period (iJw TR318), when known."""

    def __init__(
        self, assignments: Mapping[str, Assignment], region: Region, ledger: LedgerStore
    ) -> None:
        self.region = region
        self.assignments = assignments
        self.ledger = ledger
        self.ctx = FundingContext(region, ledger, assignments)
        self.models: dict[str, FundingModel] = {}
        self.amounts: dict[tuple[int, tuple[int, ...], int | str], Money] = {}
        self.segments: dict[ProductCode, str] = {}

    def model_for(self, segment: str) -> FundingModel:
        model = self.models.get(segment)
        if model is None:
            found = self.region.funding_of(segment)
            if not isinstance(found, FundingModel):
                raise TypeError(
                    f"segment {segment!r} is funded by {found!r}, which is not a FundingModel"
                )
            model = self.models[segment] = found
        return model

    def structure(self, claim: Claim, subject: str) -> list[Finding]:
        """Checks that need no funding model: membership, catalog, assignment match, periods."""
        found: list[Finding] = []
        region = self.region
        if not region.has_municipality(claim.municipality):
            found.append(
                RULES["JI-208"].finding(
                    subject, "municipality", municipality=claim.municipality, region=region.code
                )
            )
        product = region.catalog.get(claim.product)
        if product is None:
            found.append(RULES["JI-207"].finding(subject, "product", product=claim.product))
        elif claim.category is not None and claim.category is not product.category:
            found.append(
                RULES["JI-209"].finding(
                    subject,
                    "category",
                    claimed=claim.category.value,
                    product=claim.product,
                    actual=product.category.value,
                )
            )
        if claim.start > claim.end:
            found.append(
                RULES["JI-303"].finding(subject, "start", start=claim.start, end=claim.end)
            )
        elif (claim.start.year, claim.start.month) != (claim.end.year, claim.end.month):
            found.append(RULES["JI-304"].finding(subject, "end", start=claim.start, end=claim.end))
        elif claim.start < _CS100_FROM or self.received is not None or self.declared is not None:
            # (without a message date or declaration period only CS100 can find anything)
            found += self.message_dates(claim, subject)
        if claim.unit is Unit.EURO and claim.tariff is not None:
            found.append(RULES["JI-505"].finding(subject, "tariff", tariff=claim.tariff))
        if claim.quantity <= 0:
            found.append(RULES["JI-401"].finding(subject, "quantity", quantity=claim.quantity))
        assignment = self.assignments.get(claim.assignment)
        if assignment is None:
            found.append(
                RULES["JI-201"].finding(subject, "assignment", assignment=claim.assignment)
            )
            return found
        if assignment.change_reason is ChangeReason.WITHDRAWN:
            found.append(
                RULES["JI-210"].finding(subject, "assignment", assignment=assignment.reference)
            )
        # (codes compared by their text: both sides are converted to the same identifier
        # type at construction, and a str comparison costs no Python-level __ne__/__eq__)
        if claim.provider.value != assignment.provider.value:
            found.append(
                RULES["JI-202"].finding(
                    subject, "provider", claimed=claim.provider, assigned=assignment.provider
                )
            )
        if claim.client != assignment.client:
            found.append(RULES["JI-203"].finding(subject, "client"))
        if claim.municipality.value != assignment.municipality.value:
            found.append(
                RULES["JI-204"].finding(
                    subject,
                    "municipality",
                    claimed=claim.municipality,
                    assigned=assignment.municipality,
                )
            )
        if assignment.product is not None and claim.product.value != assignment.product.value:
            found.append(
                RULES["JI-205"].finding(
                    subject, "product", claimed=claim.product, assigned=assignment.product
                )
            )
        elif product is not None and product.category is not assignment.category:
            found.append(
                RULES["JI-206"].finding(
                    subject,
                    "product",
                    product=claim.product,
                    claimed=product.category.value,
                    assigned=assignment.category.value,
                )
            )
        # iJw TR307/TR308 are one-sided: a start after the assignment's end is a late end
        if claim.start < assignment.period.start:
            found.append(
                RULES["JI-301"].finding(
                    subject, "start", start=claim.start, valid=assignment.period
                )
            )
        if assignment.period.end is not None and claim.end > assignment.period.end:
            found.append(
                RULES["JI-302"].finding(subject, "end", end=claim.end, valid=assignment.period)
            )
        found += self.month_bounds(claim, assignment, subject)
        found += self.unit_fits(claim, assignment, product, subject)
        if product is not None and self.ctx.contract_of(claim) is None:
            found.append(
                RULES["JI-501"].finding(
                    subject,
                    "provider",
                    provider=claim.provider,
                    product=claim.product,
                    municipality=claim.municipality,
                    day=claim.start,
                )
            )
        return found

    def message_dates(self, claim: Claim, subject: str) -> list[Finding]:
        """A well-formed product period against 2021 (CS100), the message date and period.

        The message date (TR134/TR137: not after it; TR335: not more than five years
        before it) and the declaration period (TR319: not after it) are checked only
        when :func:`validate` was given them.
        """
        found: list[Finding] = []
        if claim.start < _CS100_FROM:
            found.append(RULES["JI-308"].finding(subject, "start", start=claim.start))
        if self.received is not None:
            if claim.end > self.received:
                found.append(
                    RULES["JI-310"].finding(subject, "end", end=claim.end, received=self.received)
                )
            elif claim.end < _years_before(self.received, 5):
                found.append(
                    RULES["JI-309"].finding(subject, "end", end=claim.end, received=self.received)
                )
        declared_end = self.declared.end if self.declared is not None else None
        if declared_end is not None and claim.end > declared_end:
            found.append(
                RULES["JI-307"].finding(
                    subject, "end", start=claim.start, end=claim.end, declared=self.declared
                )
            )
        found += self.follows_previous(claim, subject)
        return found

    def follows_previous(self, claim: Claim, subject: str) -> list[Finding]:
        """Care in a month after the previous declaration period is declared next (TR318).

        When the declaration period does not follow the previous one, the months between
        must have had no care; a line for one of them shows they had, so the declaration
        period is wrong (8214, on the declaration).
        """
        if self.declared is None or self.previous is None or self.previous.end is None:
            return []
        after_previous = self.previous.end + timedelta(days=1)
        if self.declared.start <= after_previous:
            return []
        if not after_previous <= claim.start < self.declared.start:
            return []
        month = Period.month(claim.start.year, claim.start.month)
        return [
            RULES["JI-311"].finding(
                subject, "start", declared=self.declared, previous=self.previous, month=month
            )
        ]

    @staticmethod
    def month_bounds(claim: Claim, assignment: Assignment, subject: str) -> list[Finding]:
        """The product period is the whole month or the assignment's part of it (TR387/TR388).

        It starts on the 1st unless the assignment starts later in that month, and ends on
        the month's last day unless the assignment ends earlier in it. Only for a period
        within one month (CS337 is checked first).
        """
        if claim.start > claim.end or (claim.start.year, claim.start.month) != (
            claim.end.year,
            claim.end.month,
        ):
            return []
        month = Period.month(claim.start.year, claim.start.month)
        found: list[Finding] = []
        first = max(month.start, assignment.period.start)
        if claim.start > first:
            found.append(
                RULES["JI-305"].finding(subject, "start", start=claim.start, expected=first)
            )
        last = month.end or claim.end
        if assignment.period.end is not None:
            last = min(last, assignment.period.end)
        if claim.end < last:
            found.append(RULES["JI-306"].finding(subject, "end", end=claim.end, expected=last))
        return found

    @staticmethod
    def unit_fits(
        claim: Claim, assignment: Assignment, product: Any, subject: str
    ) -> list[Finding]:
        """The claim's unit is the assignment's, or without a volume the product's (TR341).

        The one exception: minutes on an hourly assignment. Etmalen, day parts or hours on
        an assignment in another time unit are refused, not converted.
        """
        if assignment.volume is not None:
            expected = assignment.volume.unit
        elif product is not None:
            expected = product.unit
        else:
            return []
        if claim.unit is expected or (claim.unit is Unit.MINUTE and expected is Unit.HOUR):
            return []
        return [
            RULES["JI-402"].finding(
                subject, "unit", claimed=claim.unit.label, assigned=expected.label
            )
        ]

    def volume_fits(
        self, claim: Claim, assignment: Assignment, model: FundingModel
    ) -> list[Finding]:
        """An assigned volume holds under every model (TR321/TR322, 9321/9322).

        The PxQ model checks it itself; under the others (production reports under a
        lumpsum or task budget, say) the same check runs here.
        """
        if assignment.volume is None:
            return []
        checker = getattr(model, "claims_part", model)
        if isinstance(checker, EffortBased):
            return []
        return _VOLUME.check_volume(claim, assignment, self.ctx)

    def budget_fits(
        self,
        assignment: Assignment,
        model: FundingModel,
        amount: Money,
        subject: str,
    ) -> list[Finding]:
        """What is claimed on a budget assignment fits its budget, under every model (TR369).

        A model that caps budgets itself (``budget_cap``, such as a personal budget with
        its follow-up chain) checks this in its own way; for the others the sum of the
        assignment's accepted lines (at their value, net of credits) plus this line may
        not pass the assignment's budget.
        """
        if assignment.budget is None or model.traits.budget_cap:
            return []
        parts: tuple[FundingModel, ...] = getattr(model, "parts", ())
        if any(part.traits.budget_cap for part in parts):
            return []
        used = Money.sum(
            entry.value
            for entry in self.ledger.for_assignment(assignment.reference)
            if entry.kind in (EntryKind.CLAIM, EntryKind.CREDIT, EntryKind.PRODUCTION)
        )
        if used + amount <= assignment.budget:
            return []
        return [
            RULES["JI-406"].finding(
                subject,
                "amount",
                amount=amount,
                used=used,
                budget=assignment.budget,
                left=assignment.budget - used,
            )
        ]

    def debit(self, claim: Claim, subject: str) -> tuple[list[Finding], Entry | None]:
        found: list[Finding] = []
        if self.ledger.has_claim(claim.reference):
            return [RULES["JI-601"].finding(subject, "reference", reference=claim.reference)], None
        found += self.structure(claim, subject)
        if found and _refuses(found):
            return found, None
        # a repeated line is a duplicate first, whatever else it would break (an indexed
        # lookup in the ledger, which holds this run's accepted lines too)
        others = self.ledger.debits_like(claim.assignment, claim.start, claim.end, claim.product)
        if others:
            return [*found, RULES["JI-602"].finding(subject, "reference", other=others[-1])], None
        if claim.unit is Unit.EURO and not _euro_amount_matches(claim):
            # iJw CS339: with unit 83 the amount is the volume, which is in euro cents
            return [
                *found,
                RULES["JI-509"].finding(
                    subject, "amount", claimed=claim.amount, volume=claim.quantity
                ),
            ], None
        assignment = self.assignments[claim.assignment]
        segment = self.segments.get(claim.product)
        if segment is None:  # a product's segment, once per product (the region is immutable)
            segment = self.segments[claim.product] = self.ctx.segment_of(claim.product)
        model = self.model_for(segment)
        found += model.check(claim, assignment, self.ctx)
        if not (found and _refuses(found)):
            found += self.volume_fits(claim, assignment, model)
        if found and _refuses(found):
            return found, None
        try:
            amount = model.price(claim, assignment, self.ctx)
        except TariffNotFound as err:
            return [
                *found,
                RULES["JI-502"].finding(
                    subject, "product", product=claim.product, day=claim.start, problem=err
                ),
            ], None
        if (
            claim.unit is not Unit.EURO
            and amount != claim.amount
            and not model.traits.production_reports
        ):
            # (a production report is valued at the tariff; its model warns, JI-707)
            found.append(
                RULES["JI-503"].finding(subject, "amount", claimed=claim.amount, priced=amount)
            )
        if claim.tariff is not None and claim.unit is not Unit.EURO:
            # iJw TR418: the tariff sent must be the contracted one, where the product has one
            try:
                rate, _ = model.unit_rate(claim, assignment, self.ctx)
            except TariffNotFound:
                rate = None
            if rate is not None and rate.rounded() != claim.tariff:
                found.append(
                    RULES["JI-504"].finding(
                        subject, "tariff", claimed=claim.tariff, contracted=rate.rounded()
                    )
                )
        found += self.budget_fits(assignment, model, amount, subject)
        if found and _refuses(found):
            return found, None
        kind = EntryKind.PRODUCTION if model.traits.production_reports else EntryKind.CLAIM
        # one Money object per distinct priced amount (lines repeat a few tariffs × quantities)
        amount = self.amounts.setdefault(amount.amount.as_tuple(), amount)
        return found, Entry.from_claim(claim, amount, segment, kind)

    def credit(self, claim: Claim, subject: str) -> tuple[list[Finding], Entry | None]:
        target = claim.reverses or ""
        if self.ledger.has_claim(claim.reference):
            return [RULES["JI-601"].finding(subject, "reference", reference=claim.reference)], None
        debit = self.ledger.debit(target)
        if debit is None:
            return [RULES["JI-603"].finding(subject, "reverses", reverses=target)], None
        if claim.amount.is_zero() and debit.kind is not EntryKind.PRODUCTION:
            # iJw CS325: an amount of zero is sent as a debit (production reports,
            # booked at € 0 by design, are reversed at € 0)
            return [RULES["JI-506"].finding(subject, "debit_credit")], None
        previous = self.ledger.reversal_of(target)
        if previous is not None:
            return [
                RULES["JI-605"].finding(subject, "reverses", reverses=target, other=previous.key)
            ], None
        expected = {
            "assignment": (claim.assignment, debit.assignment),
            "provider": (claim.provider, debit.provider),
            "client": (claim.client, debit.client),
            "product": (claim.product, debit.product),
            "start": (claim.start, debit.period.start),
            "end": (claim.end, debit.period.end),
            "quantity": (claim.quantity, debit.quantity),
            "amount": (claim.amount, debit.value),
        }
        found = [
            RULES["JI-604"].finding(
                subject, name, reverses=target, name=name, claimed=mine, debit=theirs
            )
            for name, (mine, theirs) in expected.items()
            if mine != theirs
        ]
        if found:
            return found, None
        # A credit reverses its debit exactly: the same amount, negated.
        entry = attrs.evolve(
            debit,
            kind=EntryKind.PRODUCTION if debit.kind is EntryKind.PRODUCTION else EntryKind.CREDIT,
            key=claim.reference,
            amount=-debit.amount,
            value=-debit.value,
            quantity=-debit.quantity,
            reverses=target,
        )
        return [], entry


def _is_frame(items: object) -> bool:
    """Whether ``items`` is a pandas DataFrame (checked without importing pandas)."""
    return any(
        cls.__name__ == "DataFrame" and cls.__module__.startswith("pandas")
        for cls in type(items).__mro__
    )


def _parse(
    items: Iterable[Claim | Mapping[str, Any]], unread: list[int] | None = None
) -> tuple[list[Claim], list[RejectedClaim], array[int]]:
    """The claims read, the records refused, and each claim's input position (0-based).

    With ``unread``, the 0-based places of the unreadable records are appended to it (a
    rejected record is kept as a masked copy, so a caller cannot find it by identity).
    """
    claims: list[Claim] = []
    positions = array("q")
    rejected: list[RejectedClaim] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, Claim):
            claims.append(item)
            positions.append(number - 1)
            continue
        if not isinstance(item, Mapping):
            raise TypeError(
                f"validate: item {number} is a {type(item).__name__}; pass Claim objects or mappings of fields"
            )
        try:
            claims.append(claim_from_record(item))
            positions.append(number - 1)
        except RecordError as err:
            if unread is not None:
                unread.append(number - 1)
            reference = str(item.get("reference", "") or "").strip()
            line = getattr(item, "line", None)  # a CSV row (io.Row) knows its file line
            subject = (
                f"claim {reference}"
                if reference
                else (f"line {line}" if isinstance(line, int) else f"record {number}")
            )
            findings = []
            for problem in err.problems:
                code = _FIELD_RULES.get(problem.field)
                # the client column is masked whatever its length; findings mask the rest
                value = mask(problem.value) if problem.field == "client" else problem.value
                if code is None:
                    findings.append(
                        RULES["JI-101"].finding(
                            subject,
                            problem.field,
                            name=problem.field,
                            value=value,
                            problem=problem.rule,
                        )
                    )
                else:
                    findings.append(
                        RULES[code].finding(
                            subject,
                            problem.field,
                            value=value,
                            problem=problem.rule.split(": ", 1)[-1],
                        )
                    )
            rejected.append(
                RejectedClaim(
                    subject=subject,
                    findings=tuple(findings),
                    record=_masked_record(item),
                    index=number - 1,
                )
            )
    return claims, rejected, positions


@exact_arithmetic
def validate(
    claims: Iterable[Claim | Mapping[str, Any]],
    assignments: Iterable[Assignment] | Mapping[str, Assignment],
    region: Region,
    ledger: LedgerStore | None = None,
    *,
    declaration_period: Period | None = None,
    received: date | None = None,
    previous_declaration_period: Period | None = None,
) -> ValidationReport:
    """Check claim lines against assignments, contracts, tariffs and funding models.

    Every rule has a stable code (``JI-…``), a severity and, where iJw has one, the
    return code a JW325 answer carries. Bad records become findings; the rest goes on.
    The result does not depend on the order of ``claims``: lines are processed in a
    canonical order (corrections first, then by service period and reference).

    Args:
        claims: :class:`~jeugdinkoop.model.Claim` objects, or mappings of fields (a CSV
            row, say), which are read first; unreadable ones are rejected with findings.
            A pandas DataFrame is read row by row (read it with ``dtype=str,
            keep_default_na=False``, so that ``0193`` keeps its zero and an empty cell
            stays empty).
        assignments: the assignments, as objects or by number.
        region: the region.
        ledger: what was accepted earlier. A :class:`~jeugdinkoop.funding.Ledger` is
            left untouched (the report has the new one); a
            :class:`~jeugdinkoop.funding.LedgerBatch` (from ``store.batch()``) gets the
            accepted lines booked into it, committed when its ``with`` block ends; any
            other :class:`~jeugdinkoop.funding.LedgerStore` is only read (a dry run).
            Nothing loads the ledger's history: every read is an indexed lookup.
        declaration_period: the declaration period (DeclaratiePeriode) the lines came in;
            a line whose product period ends after it is refused (JI-307, iJw TR319).
            ``None`` (the default) skips that check, for lines read from a file.
        received: the declaration's message date (Dagtekening); a product period ending
            after it (JI-310, TR134/TR137) or more than five years before it (JI-309,
            TR335) is refused. ``None`` skips these checks.
        previous_declaration_period: the provider's previous declaration period; with
            ``declaration_period``, a line for a month between the two, when the
            declaration period does not follow the previous one, is refused (JI-311, iJw
            TR318, 8214 on the declaration).

    Raises:
        TypeError: on misuse of the API (an item that is neither a claim nor a mapping).

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.model import Assignment, Claim, Volume
        >>> from jeugdinkoop.periods import Period
        >>> region = load_example_region()
        >>> assignment = Assignment(reference="T-1", client="111222333", municipality="0001", provider="22222222", category="45",
        ...     period=Period(date(2025, 1, 1), date(2025, 6, 30)), product="45A01",
        ...     volume=Volume(10, "04", "4"))
        >>> ok = Claim(reference="R-1", assignment="T-1", provider="22222222", client="111222333", municipality="0001", product="45A01",
        ...            start=date(2025, 3, 1), end=date(2025, 3, 31), quantity=8, unit="04", amount="624.00")
        >>> too_much = attrs.evolve(ok, reference="R-2", start=date(2025, 4, 1),
        ...                         end=date(2025, 4, 30), quantity=12, amount="936.00")
        >>> again = attrs.evolve(ok, reference="R-3", quantity=2, amount="156.00")
        >>> report = validate([ok, too_much, again], [assignment], region)
        >>> [a.claim.reference for a in report.accepted], report.total_accepted
        (['R-1'], Money('624.00'))
        >>> for rejected in report.rejected:
        ...     print(rejected.findings[0])
        JI-602 claim R-3: zelfde toewijzing, periode en product als declaratie R-1, die niet gecrediteerd is
        JI-404 claim R-2: volume 12 uur is meer dan de toegewezen 10 uur in 2025-04-01..2025-04-30

    With the declaration period, a line for a later month is refused (iJw TR319):

        >>> late = validate([too_much], [assignment], region,
        ...                 declaration_period=Period.month(2025, 3))
        >>> [(f.code, f.ijw_code) for f in late.findings]
        [('JI-307', '9319')]
    """
    if isinstance(assignments, Mapping):
        by_number = dict(assignments)
    else:
        by_number = {}
        for assignment in assignments:
            if not isinstance(assignment, Assignment):
                raise TypeError(mask_bsns(f"validate: {assignment!r} is not an Assignment"))
            by_number[assignment.reference] = assignment
    # read through to the ledger, book into a pending overlay: never a copy of the history
    working: Ledger
    if ledger is None:
        working = Ledger()
    elif isinstance(ledger, LedgerBatch):
        working = ledger
    else:
        working = LedgerBatch(ledger)
    if _is_frame(claims):  # a pandas DataFrame: its rows, not its column names
        claims = claims.to_dict("records")  # type: ignore[attr-defined]
    parsed, rejected, positions = _parse(claims)
    if isinstance(working, LedgerBatch):
        working.prefetch(parsed)  # a SQL store reads the batch's lookups in bulk
    # the claims carry their input position through the canonical order (an int a line)
    ordered = _ordered(parsed, working)
    del parsed  # the order holds the claims now; the unsorted list can go once sorted
    validator = _Validator(by_number, region, working)
    validator.declared, validator.received = declaration_period, received
    validator.previous = previous_declaration_period
    # per accepted line only the claim and its entry; warnings by line (few lines have any)
    accepted: list[Claim] = []
    warnings: dict[int, tuple[Finding, ...]] = {}
    findings: list[Finding] = [f for r in rejected for f in r.findings]
    # a fresh ledger's own list holds exactly the booked entries: no second list of them
    entries: list[Entry] | None = None if ledger is None else []
    indexes = array("q")  # the input position of each accepted line
    for at, claim in ordered:
        subject = f"claim {claim.reference}"
        found, entry = (validator.credit if claim.is_credit else validator.debit)(claim, subject)
        findings += found
        if entry is None:
            rejected.append(RejectedClaim(subject, tuple(found), claim=claim, index=positions[at]))
            continue
        working.append(entry)
        if found:
            warnings[len(indexes)] = tuple(found)
        if entries is not None:
            entries.append(entry)
        accepted.append(claim)
        indexes.append(positions[at])
    del validator, ordered, positions  # the indexes go before the report's tuple is made (the peak)
    booked = tuple(working if entries is None else entries)
    del entries
    result = working
    if isinstance(ledger, Ledger) and ledger is not working:
        # the in-memory ledger's promise: the input untouched, the report has the new one
        result = ledger.copy()
        result.extend(booked)
    return ValidationReport(
        AcceptedLines(accepted, booked, warnings, indexes),
        tuple(rejected),
        tuple(findings),
        result,
        booked,
    )


def _years_before(day: date, years: int) -> date:
    """The same day ``years`` years earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
