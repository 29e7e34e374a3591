"""Small helpers the region examples share: claims from assignments, Dutch reports.

Not part of the library; each ``examples/<region>.py`` imports it from its own folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from jeugdinkoop.codes import DebitCredit, Unit
from jeugdinkoop.funding import Ledger, Settlement
from jeugdinkoop.model import Assignment, Claim, Region
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import ValidationReport

__all__ = [
    "BSNS",
    "claim",
    "credit",
    "print_findings",
    "print_settlement",
    "print_validation",
    "settle_and_post",
]

BSNS = (
    "100000253",
    "100000265",
    "100000289",
    "100000356",
    "100000368",
    "100000423",
    "100000435",
    "100000459",
    "100000472",
    "100000496",
)
"""Fictional citizen service numbers that pass the 11-test (never real people)."""


def claim(  # noqa: PLR0917 - the columns of a claim line, in order
    reference: str,
    assignment: Assignment,
    start: date,
    end: date,
    quantity: int | Decimal,
    amount: str,
    *,
    unit: Unit | None = None,
    product: str | None = None,
    number: str | None = None,
) -> Claim:
    """A debit claim line on an assignment (product, unit and parties taken from it)."""
    return Claim(
        reference=reference,
        assignment=number or assignment.reference,
        provider=assignment.provider,
        client=assignment.client,
        municipality=assignment.municipality,
        product=product or (assignment.product.value if assignment.product else ""),
        start=start,
        end=end,
        quantity=quantity,
        unit=unit or (assignment.volume.unit if assignment.volume else Unit.HOUR),
        amount=amount,
    )


def credit(reference: str, debit: Claim) -> Claim:
    """The credit line that reverses a debit exactly."""
    return Claim(
        reference=reference,
        assignment=debit.assignment,
        provider=debit.provider,
        client=debit.client,
        municipality=debit.municipality,
        product=debit.product,
        start=debit.start,
        end=debit.end,
        quantity=debit.quantity,
        unit=debit.unit,
        amount=debit.amount,
        debit_credit=DebitCredit.CREDIT,
        reverses=debit.reference,
    )


def print_validation(report: ValidationReport) -> None:
    """Accepted and refused lines, with the findings in Dutch."""
    print("Controle declaraties")
    for accepted in report.accepted:
        note = "".join(f"  [{f.code}: {f.message}]" for f in accepted.findings)
        print(
            f"  geaccepteerd {accepted.claim.reference:6} {accepted.segment:8} "
            f"{accepted.amount.format():>14}{note}"
        )
    for rejected in report.rejected:
        for finding in rejected.findings:
            print(f"  afgewezen    {rejected.reference:6} {finding.code} {finding.message}")
    print(f"  totaal geaccepteerd: {report.total_accepted.format()}")


def print_findings(title: str, findings: Sequence[object]) -> None:
    """A list of findings under a title (or "geen")."""
    print(title)
    if not findings:
        print("  geen bevindingen")
    for finding in findings:
        print(f"  {finding}")


def print_settlement(title: str, settlement: Settlement, region: Region) -> None:
    """Totals per provider and segment, then the grand totals."""
    print(title)
    for (provider, segment), line in sorted(
        settlement.by("provider", "segment").items(), key=lambda kv: str(kv[0])
    ):
        name = region.provider(str(provider)).name
        extra = f", vrijgevallen {line.released.format()}" if line.released else ""
        adjustment = f", verrekening {line.adjustment.format()}" if line.adjustment else ""
        print(
            f"  {name[:42]:42} {segment!s:5} te betalen {line.payable.format():>16}"
            f", al betaald {line.advanced.format():>16}{extra}{adjustment}"
        )
    print(
        f"  totaal te betalen {settlement.total('payable').format()}, "
        f"saldo {settlement.total('balance').format()}, "
        f"vrijgevallen {settlement.total('released').format()}"
    )


def settle_and_post(
    ledger: Ledger, region: Region, period: Period, assignments: list[Assignment]
) -> Settlement:
    """Settle a period and post the result, so a later period does not pay twice."""
    result = settle(ledger, region, period, assignments)
    ledger.post(result.postings)
    return result
