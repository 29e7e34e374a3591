"""``validate()``: the municipality's check of claim lines before money moves (iJw step 4)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

import attrs

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import TariffNotFound
from jeugdinkoop.funding import (
    Entry,
    EntryKind,
    FundingContext,
    FundingModel,
    Ledger,
    LedgerBatch,
    LedgerStore,
)
from jeugdinkoop.model import Assignment, Claim, Region
from jeugdinkoop.model.findings import RULES, Finding, Severity
from jeugdinkoop.model.records import RecordError, claim_from_record
from jeugdinkoop.money import Money

__all__ = ["AcceptedClaim", "RejectedClaim", "ValidationReport", "validate"]

_FIELD_RULES: Final = {
    "client": "JI-102",
    "provider": "JI-103",
    "municipality": "JI-104",
    "product": "JI-105",
}


@attrs.frozen
class AcceptedClaim:
    """A claim line that was accepted, with what it is worth and any warnings.

    Attributes:
        claim: the claim.
        amount: the priced amount (negative for a credit; € 0 for a production report).
        segment: the segment it was booked on.
        findings: warnings and notes (never errors).
    """

    claim: Claim
    amount: Money
    segment: str
    findings: tuple[Finding, ...] = ()


@attrs.frozen
class RejectedClaim:
    """A claim line that was refused, with every finding that refused it.

    Attributes:
        subject: ``"claim <reference>"``, or ``"record <n>"`` for an unreadable record.
        findings: the findings (at least one error).
        claim: the claim, when the record could be read.
        record: the raw record, when it could not.
    """

    subject: str
    findings: tuple[Finding, ...]
    claim: Claim | None = None
    record: Mapping[str, Any] | None = attrs.field(default=None, eq=False)

    @property
    def reference(self) -> str:
        """The claim's reference as sent (may be empty for an unreadable record)."""
        if self.claim is not None:
            return self.claim.reference
        return str((self.record or {}).get("reference", ""))


@attrs.frozen(eq=False)
class ValidationReport:
    """ValidationReport [controleresultaat]: what was accepted, what refused, and why.

    Attributes:
        accepted: accepted lines with their priced amounts, in processing order.
        rejected: refused lines with their findings.
        findings: every finding, errors and warnings, in processing order.
        ledger: the ledger after booking the accepted lines: a new :class:`Ledger` when
            validate was given one (that one is untouched), else the
            :class:`~jeugdinkoop.funding.LedgerBatch` it booked into (the one it was
            given, or a dry-run overlay on the store it was given).
        entries: the entries this validation added to the ledger.
    """

    accepted: tuple[AcceptedClaim, ...]
    rejected: tuple[RejectedClaim, ...]
    findings: tuple[Finding, ...]
    ledger: Ledger
    entries: tuple[Entry, ...]

    @property
    def all_accepted(self) -> bool:
        """Whether no line was refused."""
        return not self.rejected

    @property
    def total_accepted(self) -> Money:
        """The priced amount of every accepted line (credits negative)."""
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


def _ordered(claims: list[Claim], ledger: LedgerStore) -> Iterator[Claim]:
    """A canonical processing order, so the report does not depend on the input order.

    Credits of debits already in the ledger go first (a correction frees volume and
    budget before the corrected debit is checked); then debits by service period and
    reference, each followed by the credits in the batch that reverse it; then the
    credits that reverse nothing known.
    """

    def key(c: Claim) -> tuple[Any, ...]:
        return (
            c.start,
            c.end,
            c.reference,
            c.assignment,
            c.product.value,
            c.quantity,
            c.amount.amount,
        )

    debits = sorted((c for c in claims if not c.is_credit), key=key)
    batch_refs = {c.reference for c in debits}
    credits_by_target: dict[str, list[Claim]] = defaultdict(list)
    first: list[Claim] = []
    last: list[Claim] = []
    for credit in sorted((c for c in claims if c.is_credit), key=key):
        target = credit.reverses or ""
        if target in batch_refs and ledger.debit(target) is None:
            credits_by_target[target].append(credit)
        elif ledger.debit(target) is not None:
            first.append(credit)
        else:
            last.append(credit)
    yield from first
    for debit in debits:
        yield debit
        yield from credits_by_target.pop(debit.reference, ())
    yield from last


class _Validator:
    """One run of :func:`validate`: the working ledger and the indexes it keeps."""

    def __init__(
        self, assignments: Mapping[str, Assignment], region: Region, ledger: LedgerStore
    ) -> None:
        self.region = region
        self.assignments = assignments
        self.ledger = ledger
        self.ctx = FundingContext(region, ledger, assignments)
        self.models: dict[str, FundingModel] = {}

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
        if claim.quantity <= 0:
            found.append(RULES["JI-401"].finding(subject, "quantity", quantity=claim.quantity))
        assignment = self.assignments.get(claim.assignment)
        if assignment is None:
            found.append(
                RULES["JI-201"].finding(subject, "assignment", assignment=claim.assignment)
            )
            return found
        if claim.provider != assignment.provider:
            found.append(
                RULES["JI-202"].finding(
                    subject, "provider", claimed=claim.provider, assigned=assignment.provider
                )
            )
        if claim.client != assignment.client:
            found.append(RULES["JI-203"].finding(subject, "client"))
        if claim.municipality != assignment.municipality:
            found.append(
                RULES["JI-204"].finding(
                    subject,
                    "municipality",
                    claimed=claim.municipality,
                    assigned=assignment.municipality,
                )
            )
        if assignment.product is not None and claim.product != assignment.product:
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
        if not assignment.period.contains(claim.start):
            found.append(
                RULES["JI-301"].finding(
                    subject, "start", start=claim.start, valid=assignment.period
                )
            )
        if not assignment.period.contains(claim.end):
            found.append(
                RULES["JI-302"].finding(subject, "end", end=claim.end, valid=assignment.period)
            )
        if (
            product is not None
            and claim.unit is not product.unit
            and not (claim.unit.is_time and product.unit.is_time)
        ):
            found.append(
                RULES["JI-402"].finding(
                    subject, "unit", claimed=claim.unit.label, assigned=product.unit.label
                )
            )
        if (
            product is not None
            and region.contract_for(claim.provider, claim.product, claim.municipality, claim.start)
            is None
        ):
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

    def debit(self, claim: Claim, subject: str) -> tuple[list[Finding], Entry | None]:
        found: list[Finding] = []
        if self.ledger.has_claim(claim.reference):
            return [RULES["JI-601"].finding(subject, "reference", reference=claim.reference)], None
        found += self.structure(claim, subject)
        if any(f.severity is Severity.ERROR for f in found):
            return found, None
        # a repeated line is a duplicate first, whatever else it would break (an indexed
        # lookup in the ledger, which holds this run's accepted lines too)
        others = self.ledger.debits_like(
            claim.assignment, claim.start, claim.end, claim.product, claim.quantity
        )
        if others:
            return [*found, RULES["JI-602"].finding(subject, "reference", other=others[-1])], None
        assignment = self.assignments[claim.assignment]
        segment = self.ctx.segment_of(claim.product)
        model = self.model_for(segment)
        found += model.check(claim, assignment, self.ctx)
        if any(f.severity is Severity.ERROR for f in found):
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
        if claim.unit is not Unit.EURO and amount != claim.amount:
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
        if any(f.severity is Severity.ERROR for f in found):
            return found, None
        kind = EntryKind.PRODUCTION if model.traits.production_reports else EntryKind.CLAIM
        return found, Entry.from_claim(claim, amount, segment, kind)

    def credit(self, claim: Claim, subject: str) -> tuple[list[Finding], Entry | None]:
        target = claim.reverses or ""
        if self.ledger.has_claim(claim.reference):
            return [RULES["JI-601"].finding(subject, "reference", reference=claim.reference)], None
        debit = self.ledger.debit(target)
        if debit is None:
            return [RULES["JI-603"].finding(subject, "reverses", reverses=target)], None
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


def _parse(items: Iterable[Claim | Mapping[str, Any]]) -> tuple[list[Claim], list[RejectedClaim]]:
    claims: list[Claim] = []
    rejected: list[RejectedClaim] = []
    for number, item in enumerate(items, start=1):
        if isinstance(item, Claim):
            claims.append(item)
            continue
        if not isinstance(item, Mapping):
            raise TypeError(
                f"validate: item {number} is a {type(item).__name__}; pass Claim objects or mappings of fields"
            )
        try:
            claims.append(claim_from_record(item))
        except RecordError as err:
            reference = str(item.get("reference", "") or "").strip()
            subject = f"claim {reference}" if reference else f"record {number}"
            findings = []
            for problem in err.problems:
                code = _FIELD_RULES.get(problem.field)
                value = (
                    problem.value
                    if problem.field != "client"
                    else "*" * max(len(problem.value) - 4, 0) + problem.value[-4:]
                )
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
            rejected.append(RejectedClaim(subject, tuple(findings), record=item))
    return claims, rejected


def validate(
    claims: Iterable[Claim | Mapping[str, Any]],
    assignments: Iterable[Assignment] | Mapping[str, Assignment],
    region: Region,
    ledger: LedgerStore | None = None,
) -> ValidationReport:
    """Check claim lines against assignments, contracts, tariffs and funding models.

    Every rule has a stable code (``JI-…``), a severity and, where iJw has one, the
    return code a JW325 answer carries. Bad records become findings; the rest goes on.
    The result does not depend on the order of ``claims``: lines are processed in a
    canonical order (corrections first, then by service period and reference).

    Args:
        claims: :class:`~jeugdinkoop.model.Claim` objects, or mappings of fields (a CSV
            row, say), which are read first; unreadable ones are rejected with findings.
        assignments: the assignments, as objects or by number.
        region: the region.
        ledger: what was accepted earlier. A :class:`~jeugdinkoop.funding.Ledger` is
            left untouched (the report has the new one); a
            :class:`~jeugdinkoop.funding.LedgerBatch` (from ``store.batch()``) gets the
            accepted lines booked into it, committed when its ``with`` block ends; any
            other :class:`~jeugdinkoop.funding.LedgerStore` is only read (a dry run).
            Nothing loads the ledger's history: every read is an indexed lookup.

    Raises:
        TypeError: on misuse of the API (an item that is neither a claim nor a mapping).

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.model import Assignment, Claim, Volume
        >>> from jeugdinkoop.periods import Period
        >>> region = load_example_region()
        >>> assignment = Assignment("T-1", "111222333", "0001", "22222222", "45",
        ...     Period(date(2025, 1, 1), date(2025, 6, 30)), product="45A01",
        ...     volume=Volume(10, "04", "4"))
        >>> ok = Claim("R-1", "T-1", "22222222", "111222333", "0001", "45A01",
        ...            date(2025, 3, 1), date(2025, 3, 31), 8, "04", "624.00")
        >>> too_much = attrs.evolve(ok, reference="R-2", quantity=4, amount="312.00")
        >>> report = validate([ok, too_much], [assignment], region)
        >>> [a.claim.reference for a in report.accepted], report.total_accepted
        (['R-1'], Money('624.00'))
        >>> print(report.rejected[0].findings[0])
        JI-405 claim R-2: met deze declaratie is 12 uur geleverd in 2025-03-01..2025-03-31, meer dan de toegewezen 10
    """
    if isinstance(assignments, Mapping):
        by_number = dict(assignments)
    else:
        by_number = {}
        for assignment in assignments:
            if not isinstance(assignment, Assignment):
                raise TypeError(f"validate: {assignment!r} is not an Assignment")
            by_number[assignment.reference] = assignment
    # read through to the ledger, book into a pending overlay: never a copy of the history
    working: Ledger
    if ledger is None:
        working = Ledger()
    elif isinstance(ledger, LedgerBatch):
        working = ledger
    else:
        working = LedgerBatch(ledger)
    parsed, rejected = _parse(claims)
    if isinstance(working, LedgerBatch):
        working.prefetch(parsed)  # a SQL store reads the batch's lookups in bulk
    validator = _Validator(by_number, region, working)
    accepted: list[AcceptedClaim] = []
    findings: list[Finding] = [f for r in rejected for f in r.findings]
    entries: list[Entry] = []
    for claim in _ordered(parsed, working):
        subject = f"claim {claim.reference}"
        found, entry = (validator.credit if claim.is_credit else validator.debit)(claim, subject)
        findings += found
        if entry is None:
            rejected.append(RejectedClaim(subject, tuple(found), claim=claim))
            continue
        working.append(entry)
        entries.append(entry)
        accepted.append(
            AcceptedClaim(
                claim,
                entry.amount if entry.kind is not EntryKind.PRODUCTION else Money.zero(),
                entry.segment,
                tuple(found),
            )
        )
    result = working
    if isinstance(ledger, Ledger) and ledger is not working:
        # the in-memory ledger's promise: the input untouched, the report has the new one
        result = ledger.copy()
        result.extend(entries)
    return ValidationReport(
        tuple(accepted), tuple(rejected), tuple(findings), result, tuple(entries)
    )
