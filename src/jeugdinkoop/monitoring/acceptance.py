"""The acceptance duty [acceptatieplicht] monitored: refusals and refusal rates (Zuid-Limburg).

Seed 002:L164: "Wanneer aanbieders zich inschrijven en een jeugdige wordt toegewezen
hebben zij de plicht om de toewijzing te accepteren en jeugdige de zorg te bieden die
hij/zij nodig heeft." A contract with ``acceptance_duty`` carries that duty. Each
:class:`~jeugdinkoop.model.Refusal` under such a contract is reported (JI-812, a warning
for the contract manager: the refusal is a fact to follow up, not a record to refuse); a
refusal that names an assignment the provider does not hold is an error (JI-813).
:func:`refusal_rates` gives, per provider and municipality, how many of its assignments
it refused.

Examples:
    >>> from jeugdinkoop.monitoring import RULES_ACCEPTANCE
    >>> [r.code for r in RULES_ACCEPTANCE]
    ['JI-812', 'JI-813']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Final

import attrs

from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model import Assignment, Contract, Refusal, Region
from jeugdinkoop.model.findings import Finding, Rule, Severity, rule

__all__ = ["RULES_ACCEPTANCE", "RefusalRate", "check_refusals", "refusal_rates"]

RULES_ACCEPTANCE: Final[tuple[Rule, ...]] = (
    rule(
        "JI-812",
        Severity.WARNING,
        "provider {provider} refused assignment {assignment} in municipality {municipality} "
        "on {day} ({reason}); contract {contract} carries the acceptance duty",
        title="assignment refused under the acceptance duty",
    ),
    rule(
        "JI-813",
        Severity.ERROR,
        "refusal by provider {provider} names assignment {assignment}, which is not assigned to it",
        title="refusal of an unknown assignment",
    ),
)
_RULE = {r.code: r for r in RULES_ACCEPTANCE}


def _duty_contract(region: Region, assignment: Assignment, refusal: Refusal) -> Contract | None:
    """The provider's contract with the acceptance duty that covers the assignment that day."""
    if assignment.product is not None:
        contract = region.contract_for(
            assignment.provider, assignment.product, assignment.municipality, refusal.day
        )
        return contract if contract is not None and contract.acceptance_duty else None
    for contract in region.contracts_of(assignment.provider):
        if (
            contract.acceptance_duty
            and contract.period.contains(refusal.day)
            and assignment.municipality in contract.municipalities
        ):
            return contract
    return None


def check_refusals(
    region: Region, refusals: Iterable[Refusal], assignments: Iterable[Assignment]
) -> list[Finding]:
    """Refusals under a contract with the acceptance duty (JI-812), and refusals of nothing (JI-813).

    A refusal under a contract without the duty is the provider's right and not reported.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_embedded_region
        >>> from jeugdinkoop.periods import Period
        >>> region = load_embedded_region("zuid_limburg")
        >>> a = Assignment(reference="T-1", client="100000253", municipality="0935",
        ...                provider="99300001", category="45",
        ...                period=Period(date(2025, 3, 1), date(2025, 8, 31)), product="45Z10")
        >>> r = Refusal(assignment="T-1", provider="99300001", day=date(2025, 3, 3),
        ...             reason="geen capaciteit")
        >>> print(check_refusals(region, [r], [a])[0].message)
        aanbieder 99300001 weigerde toewijzing T-1 in gemeente 0935 op 2025-03-03 (geen capaciteit); overeenkomst ZL-2023-AMB-001 kent de acceptatieplicht
    """
    by_reference = {a.reference: a for a in assignments}
    findings: list[Finding] = []
    for refusal in refusals:
        subject = f"refusal {refusal.assignment}"
        assignment = by_reference.get(refusal.assignment)
        if assignment is None or assignment.provider != refusal.provider:
            findings.append(
                _RULE["JI-813"].finding(
                    subject,
                    "assignment",
                    provider=refusal.provider,
                    assignment=refusal.assignment,
                )
            )
            continue
        contract = _duty_contract(region, assignment, refusal)
        if contract is None:
            continue
        findings.append(
            _RULE["JI-812"].finding(
                subject,
                "provider",
                provider=refusal.provider,
                assignment=refusal.assignment,
                municipality=assignment.municipality,
                day=refusal.day,
                reason=refusal.reason,
                contract=contract.reference,
            )
        )
    return findings


@attrs.frozen
class RefusalRate:
    """How many of a provider's assignments in a municipality it refused.

    Args:
        provider: the provider.
        municipality: the municipality.
        assigned: its assignments there.
        refused: how many of them it refused (each assignment once).

    Examples:
        >>> RefusalRate(AGBCode("99300001"), MunicipalityCode("0935"), 8, 2).rate_pct
        Decimal('25')
    """

    provider: AGBCode
    municipality: MunicipalityCode
    assigned: int
    refused: int

    @property
    def rate_pct(self) -> Decimal:
        """Refused ÷ assigned × 100 (exact; 0 without assignments)."""
        if not self.assigned:
            return Decimal(0)
        return Decimal(self.refused) * 100 / self.assigned


def refusal_rates(
    refusals: Iterable[Refusal], assignments: Iterable[Assignment]
) -> list[RefusalRate]:
    """Per provider and municipality: assignments, refusals and the refusal rate.

    Only refusals of an assignment the provider holds count (see JI-813), each assignment
    once however often it was refused. Sorted by provider, then municipality.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.periods import Period
        >>> year = Period.year(2025)
        >>> held = [Assignment(reference=f"T-{i}", client="100000253", municipality="0935",
        ...                    provider="99300001", category="45", period=year)
        ...         for i in range(4)]
        >>> no = Refusal(assignment="T-0", provider="99300001", day=date(2025, 1, 6),
        ...              reason="geen capaciteit")
        >>> [(r.assigned, r.refused, r.rate_pct) for r in refusal_rates([no], held)]
        [(4, 1, Decimal('25'))]
    """
    held: dict[tuple[AGBCode, MunicipalityCode], set[str]] = defaultdict(set)
    by_reference: dict[str, Assignment] = {}
    for assignment in assignments:
        held[(assignment.provider, assignment.municipality)].add(assignment.reference)
        by_reference[assignment.reference] = assignment
    refused: dict[tuple[AGBCode, MunicipalityCode], set[str]] = defaultdict(set)
    for refusal in refusals:
        declined = by_reference.get(refusal.assignment)
        if declined is not None and declined.provider == refusal.provider:
            refused[(declined.provider, declined.municipality)].add(refusal.assignment)
    return [
        RefusalRate(provider, municipality, len(references), len(refused[(provider, municipality)]))
        for (provider, municipality), references in sorted(
            held.items(), key=lambda item: (item[0][0].value, item[0][1].value)
        )
    ]
