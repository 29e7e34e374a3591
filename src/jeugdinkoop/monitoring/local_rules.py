"""Local rules [lokale voorwaarden] as checks that return findings (Midden-IJssel, Flevoland).

A municipality's local conditions are :class:`~jeugdinkoop.model.LocalCondition` records on
the contracts of a region. The checks here read them and report, per municipality and
product group (segment), what breaks them:

=====================================  ========  =======================================
check                                  rule      seed
=====================================  ========  =======================================
:func:`check_provider_counts`          JI-801    003:L250 thresholds; 004:L50 max partners
:func:`check_new_entrants`             JI-802/3  003:L253 entry once a year; L261 closing
:func:`check_min_clients`              JI-804    003:L255 fewer than X clients a year
:func:`check_max_distance`             JI-805/6  004:L50, L189 maximum distance
:func:`check_assignment_tiers`         JI-807    004:L208 one tier in a municipality
=====================================  ========  =======================================

A condition declared on any contract holds for its municipality and product group (one
open-house agreement: the municipality's terms apply to every admitted provider).

Examples:
    >>> from jeugdinkoop.monitoring import RULES_LOCAL
    >>> [r.code for r in RULES_LOCAL]
    ['JI-801', 'JI-802', 'JI-803', 'JI-804', 'JI-805', 'JI-806', 'JI-807']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Final

from jeugdinkoop.funding import EntryKind, Ledger
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode
from jeugdinkoop.model import Assignment, Contract, LocalCondition, Region
from jeugdinkoop.model.findings import Finding, Rule, Severity, rule
from jeugdinkoop.periods import Period

__all__ = [
    "RULES_LOCAL",
    "allowed_tiers",
    "check_assignment_tiers",
    "check_local_rules",
    "check_max_distance",
    "check_min_clients",
    "check_new_entrants",
    "check_provider_counts",
    "conditions_for",
]

_W, _E = Severity.WARNING, Severity.ERROR
_ALL: Final = "*"

# JI-8xx: local rules of municipalities (monitoring layer).
RULES_LOCAL: Final[tuple[Rule, ...]] = (
    rule(
        "JI-801",
        _W,
        "{count} providers contracted for {group} in municipality {municipality} on {day}, "
        "above the maximum of {maximum}",
        title="threshold on contracted providers passed",
    ),
    rule(
        "JI-802",
        _E,
        "product group {group} is closed to new entrants in municipality {municipality} "
        "from {closed}; the contract starts {start}",
        title="product group closed to new entrants",
    ),
    rule(
        "JI-803",
        _E,
        "the contract starts {start}; new providers enter municipality {municipality} "
        "only on the first day of month {month}",
        title="entry outside the yearly entry date",
    ),
    rule(
        "JI-804",
        _W,
        "provider {provider} served {clients} clients in municipality {municipality} in {year}, "
        "fewer than {minimum}",
        title="provider serves fewer clients than the minimum",
    ),
    rule(
        "JI-805",
        _E,
        "provider {provider} is {distance} km from municipality {municipality}, "
        "more than the maximum of {maximum} km",
        title="provider beyond the maximum distance",
    ),
    rule(
        "JI-806",
        _W,
        "distance of provider {provider} to municipality {municipality} is unknown; "
        "the maximum is {maximum} km",
        title="provider distance unknown",
    ),
    rule(
        "JI-807",
        _E,
        "tier {tier} is not used in municipality {municipality} (tiers there: {tiers})",
        title="tariff tier not used in the municipality",
    ),
)
_RULE = {r.code: r for r in RULES_LOCAL}


def _expand(region: Region, codes: Iterable[str]) -> set[str]:
    """The segment codes with every subsegment below them."""
    result: set[str] = set()
    for code in codes:
        result.update(s.code for s in region.segment(code).walk())
    return result


def _contract_segments(region: Region, contract: Contract) -> set[str]:
    """Every (sub)segment a contract covers, through its segments or single products."""
    segments = _expand(region, contract.segments)
    segments.update(region.catalog[p].segment for p in contract.products)
    return segments


def _group(condition: LocalCondition) -> str:
    return ", ".join(condition.segments) if condition.segments else _ALL


def _applies(region: Region, condition: LocalCondition, segments: set[str]) -> bool:
    return not condition.segments or bool(_expand(region, condition.segments) & segments)


def conditions_for(
    region: Region, municipality: MunicipalityCode | str
) -> tuple[LocalCondition, ...]:
    """Every distinct local condition a municipality set, over all contracts of the region.

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> [c.max_providers for c in conditions_for(load_embedded_region("flevoland"), "0184")]
        [3]
    """
    code = (
        municipality
        if isinstance(municipality, MunicipalityCode)
        else MunicipalityCode(municipality)
    )
    found = [
        condition
        for contract in region.contracts
        for condition in contract.local_conditions
        if condition.municipality == code
    ]
    return tuple(dict.fromkeys(found))


def _all_conditions(region: Region) -> list[LocalCondition]:
    found = [c for contract in region.contracts for c in contract.local_conditions]
    return list(dict.fromkeys(found))


def check_provider_counts(region: Region, on: date) -> list[Finding]:
    """Thresholds on the number of contracted providers per municipality and product group.

    Counts the distinct main contractors whose contract holds on ``on`` in the
    municipality and covers the condition's product group (any group when it names none).

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_embedded_region
        >>> check_provider_counts(load_embedded_region("flevoland"), date(2025, 6, 1))
        []
    """
    findings: list[Finding] = []
    for condition in _all_conditions(region):
        if condition.max_providers is None:
            continue
        providers: set[AGBCode] = set()
        for contract in region.contracts:
            if (
                not contract.period.contains(on)
                or condition.municipality not in contract.municipalities
            ):
                continue
            if _applies(region, condition, _contract_segments(region, contract)):
                providers.add(contract.provider)
        if len(providers) > condition.max_providers:
            findings.append(
                _RULE["JI-801"].finding(
                    f"municipality {condition.municipality}",
                    "max_providers",
                    count=len(providers),
                    group=_group(condition),
                    municipality=condition.municipality,
                    day=on,
                    maximum=condition.max_providers,
                )
            )
    return findings


def check_new_entrants(
    region: Region, contracts: Iterable[Contract] | None = None
) -> list[Finding]:
    """Closed product groups and the yearly entry date, for contracts (default: the region's).

    A contract starting on or after a condition's ``closed_from`` is refused (JI-802); with
    only ``closed_to_new_entrants``, a contract starting after the region's first contract
    for the group there counts as a new entrant. A contract that does not start on the
    first day of ``entry_month`` is refused (JI-803).

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> check_new_entrants(load_embedded_region("midden_ijssel"))
        []
    """
    findings: list[Finding] = []
    for contract in region.contracts if contracts is None else contracts:
        segments = _contract_segments(region, contract)
        subject = f"contract {contract.reference}"
        start = contract.period.start
        for municipality in contract.municipalities:
            for condition in conditions_for(region, municipality):
                if not _applies(region, condition, segments):
                    continue
                closed = condition.closed_from
                if closed is None and condition.closed_to_new_entrants:
                    closed = _first_start(region, condition)
                    closed = None if closed is None or start <= closed else closed
                if closed is not None and start >= closed:
                    findings.append(
                        _RULE["JI-802"].finding(
                            subject,
                            "period",
                            group=_group(condition),
                            municipality=municipality,
                            closed=closed,
                            start=start,
                        )
                    )
                month = condition.entry_month
                if month is not None and (start.month, start.day) != (month, 1):
                    findings.append(
                        _RULE["JI-803"].finding(
                            subject, "period", start=start, municipality=municipality, month=month
                        )
                    )
    return list(dict.fromkeys(findings))


def _first_start(region: Region, condition: LocalCondition) -> date | None:
    starts = [
        c.period.start
        for c in region.contracts
        if condition.municipality in c.municipalities
        and _applies(region, condition, _contract_segments(region, c))
    ]
    return min(starts, default=None)


def check_min_clients(region: Region, ledger: Ledger, year: int) -> list[Finding]:
    """Providers serving fewer than ``min_clients_per_year`` clients in a municipality.

    Clients are counted distinct per provider and municipality from the accepted claim
    lines (debits and production reports not reversed) whose service period starts in
    ``year``, within the condition's product group. A contracted provider with no claims
    at all counts as serving 0 clients ("geen of minder dan X", seed 003:L255).

    Examples:
        >>> from jeugdinkoop.funding import Ledger
        >>> from jeugdinkoop.io import load_embedded_region
        >>> [f.values["clients"] for f in check_min_clients(
        ...     load_embedded_region("midden_ijssel"), Ledger(), 2026)][:2]
        ['0', '0']
    """
    window = Period.year(year)
    clients: dict[tuple[AGBCode, MunicipalityCode, str], set[BSN]] = defaultdict(set)
    for entry in ledger:
        if (
            entry.kind in (EntryKind.CLAIM, EntryKind.PRODUCTION)
            and entry.client is not None
            and window.contains(entry.period.start)
            and entry.value.amount >= 0
            and ledger.reversal_of(entry.key) is None
        ):
            clients[(entry.provider, entry.municipality, entry.segment)].add(entry.client)
    findings: list[Finding] = []
    for condition in _all_conditions(region):
        if condition.min_clients_per_year is None:
            continue
        group = _expand(region, condition.segments) if condition.segments else None
        providers = sorted(
            {
                c.provider
                for c in region.contracts
                if c.period.overlaps(window)
                and condition.municipality in c.municipalities
                and _applies(region, condition, _contract_segments(region, c))
            },
            key=lambda a: a.value,
        )
        for provider in providers:
            served: set[BSN] = set()
            for (p, m, segment), bsns in clients.items():
                if (
                    p == provider
                    and m == condition.municipality
                    and (group is None or segment in group)
                ):
                    served |= bsns
            if len(served) < condition.min_clients_per_year:
                findings.append(
                    _RULE["JI-804"].finding(
                        f"provider {provider}",
                        "provider",
                        provider=provider,
                        clients=len(served),
                        municipality=condition.municipality,
                        year=year,
                        minimum=condition.min_clients_per_year,
                    )
                )
    return findings


def check_max_distance(region: Region, on: date | None = None) -> list[Finding]:
    """Providers contracted in a municipality farther away than its maximum distance.

    Only contracts that hold on ``on`` are checked (all when ``on`` is ``None``); an
    unknown distance is a warning.

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> check_max_distance(load_embedded_region("flevoland"))
        []
    """
    findings: list[Finding] = []
    for contract in region.contracts:
        if on is not None and not contract.period.contains(on):
            continue
        segments = _contract_segments(region, contract)
        provider = region.provider(contract.provider)
        for municipality in contract.municipalities:
            for condition in conditions_for(region, municipality):
                maximum = condition.max_distance_km
                if maximum is None or not _applies(region, condition, segments):
                    continue
                distance = provider.distance_to(municipality)
                subject = f"contract {contract.reference}"
                if distance is None:
                    findings.append(
                        _RULE["JI-806"].finding(
                            subject,
                            "provider",
                            provider=provider.agb,
                            municipality=municipality,
                            maximum=maximum,
                        )
                    )
                elif distance > maximum:
                    findings.append(
                        _RULE["JI-805"].finding(
                            subject,
                            "provider",
                            provider=provider.agb,
                            distance=distance,
                            municipality=municipality,
                            maximum=maximum,
                        )
                    )
    return list(dict.fromkeys(findings))


def allowed_tiers(region: Region, municipality: MunicipalityCode, segment: str) -> tuple[str, ...]:
    """The tariff tiers a municipality uses for a segment's products; empty means all.

    Examples:
        >>> from jeugdinkoop.identifiers import MunicipalityCode
        >>> from jeugdinkoop.io import load_embedded_region
        >>> region = load_embedded_region("flevoland")
        >>> allowed_tiers(region, MunicipalityCode("0184"), "AMB")
        ('midden',)
        >>> allowed_tiers(region, MunicipalityCode("0034"), "AMB")
        ()
    """
    tiers: tuple[str, ...] = ()
    for condition in conditions_for(region, municipality):
        if condition.tiers and _applies(region, condition, {segment}):
            tiers = (
                condition.tiers if not tiers else tuple(t for t in tiers if t in condition.tiers)
            )
    return tiers


def check_assignment_tiers(region: Region, assignments: Iterable[Assignment]) -> list[Finding]:
    """Assignments whose tier the municipality does not use (Flevoland, seed 004:L208).

    Only products that have tiers on the assignment's first day are checked.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_embedded_region
        >>> from jeugdinkoop.model import Assignment
        >>> a = Assignment(reference="T-1", client="111222333", municipality="0184", provider="99500001", category="45",
        ...                period=Period(date(2025, 3, 1), date(2025, 6, 30)), product="45F01",
        ...                volume=None, tier="hoog")
        >>> print(check_assignment_tiers(load_embedded_region("flevoland"), [a])[0].message)
        tarieftrede hoog wordt in gemeente 0184 niet gebruikt (treden daar: midden)
    """
    findings: list[Finding] = []
    for assignment in assignments:
        product = assignment.product
        if product is None or product not in region.catalog:
            continue
        if not region.tariffs.tiers(product, assignment.period.start):
            continue
        segment = region.catalog[product].segment
        tiers = allowed_tiers(region, assignment.municipality, segment)
        if tiers and assignment.tier not in tiers:
            findings.append(
                _RULE["JI-807"].finding(
                    f"assignment {assignment.reference}",
                    "tier",
                    tier=assignment.tier,
                    municipality=assignment.municipality,
                    tiers=", ".join(tiers),
                )
            )
    return findings


def check_local_rules(
    region: Region,
    on: date,
    ledger: Ledger | None = None,
    assignments: Iterable[Assignment] = (),
) -> list[Finding]:
    """Every local-rule check of a region on a day (client counts for ``on.year``).

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_embedded_region
        >>> check_local_rules(load_embedded_region("flevoland"), date(2025, 6, 1))
        []
    """
    findings = check_provider_counts(region, on)
    findings += check_new_entrants(region)
    findings += check_max_distance(region, on)
    findings += check_assignment_tiers(region, assignments)
    if ledger is not None:
        findings += check_min_clients(region, ledger, on.year)
    return findings
