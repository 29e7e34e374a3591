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
:func:`check_new_entrants`             JI-808    003:L261 closed at sufficient supply
:func:`check_assignment_entry`         JI-809    003:L261 no assignment to a closed-out entrant
:func:`check_quality_marks`            JI-810    003:L252 stricter quality per group
:func:`check_scarcity`                 JI-811    003:L254 scarcity in a product group
:func:`check_identity`                 JI-814    004:L50, L189 provider's grondslag
:func:`check_uplifts`                  JI-815    000:L258 uplift for a shown contribution
=====================================  ========  =======================================

A product group with ``sufficient_providers`` is closed to new entrants in a
municipality on every day on which that many providers are contracted for it there, and
open again once fewer are: closing follows the contracts, it is not a date.

A condition declared on any contract holds for its municipality and product group (one
open-house agreement: the municipality's terms apply to every admitted provider).

Examples:
    >>> from jeugdinkoop.monitoring import RULES_LOCAL
    >>> [r.code for r in RULES_LOCAL]
    ['JI-801', 'JI-802', 'JI-803', 'JI-804', 'JI-805', 'JI-806', 'JI-807', 'JI-808', 'JI-809', 'JI-810', 'JI-811', 'JI-814', 'JI-815']
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from typing import Final

from jeugdinkoop.funding import EntryKind, Ledger
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Assignment, Contract, LocalCondition, Provider, Region
from jeugdinkoop.model.findings import Finding, Rule, Severity, rule
from jeugdinkoop.periods import Period

__all__ = [
    "RULES_LOCAL",
    "allowed_tiers",
    "check_assignment_entry",
    "check_assignment_tiers",
    "check_identity",
    "check_local_rules",
    "check_max_distance",
    "check_min_clients",
    "check_new_entrants",
    "check_provider_counts",
    "check_quality_marks",
    "check_scarcity",
    "check_uplifts",
    "conditions_for",
    "contracted_providers",
    "last_whole_year",
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
    rule(
        "JI-808",
        _E,
        "product group {group} is closed to new entrants in municipality {municipality} "
        "on {start}: {count} providers contracted, sufficient at {sufficient}",
        title="product group closed at sufficient supply",
    ),
    rule(
        "JI-809",
        _E,
        "provider {provider} entered product group {group} in municipality {municipality} "
        "while it was closed (contract {contract}); no assignment there",
        title="assignment to a provider that entered a closed product group",
    ),
    rule(
        "JI-810",
        _E,
        "provider {provider} does not show quality demand {mark} that municipality "
        "{municipality} sets for {group}",
        title="stricter quality demand not met",
    ),
    rule(
        "JI-811",
        _W,
        "{count} providers contracted for {group} in municipality {municipality} on {day}, "
        "fewer than the minimum of {minimum} (scarcity)",
        title="scarcity: too few providers in a product group",
    ),
    rule(
        "JI-814",
        _W,
        "provider {provider} (grondslag: {identity}) is contracted for {group} in municipality "
        "{municipality}, which asks for grondslag {identities}",
        title="provider's grondslag not the one the municipality asks for",
    ),
    rule(
        "JI-815",
        _W,
        "contract {contract} raises the tariff by {uplift} % but states no demonstrable "
        "contribution the uplift is granted for",
        title="uplift without a stated contribution",
    ),
)
_RULE = {r.code: r for r in RULES_LOCAL}


def _expand(region: Region, codes: Iterable[str]) -> set[str]:
    """The segment codes with every subsegment below them."""
    result: set[str] = set()
    for code in codes:
        result.update(s.code for s in region.segment(code).walk())
    return result


class _RegionMemo:
    """Answers kept for one region object (a region is immutable)."""

    def __init__(self) -> None:
        self.segments: dict[tuple[tuple[str, ...], tuple[ProductCode, ...]], frozenset[str]] = {}
        self.conditions: dict[MunicipalityCode, tuple[LocalCondition, ...]] | None = None


_MEMO: dict[int, tuple[weakref.ref[Region], _RegionMemo]] = {}


def _memo(region: Region) -> _RegionMemo:
    """The memo of a region object, dropped with the region."""
    key = id(region)
    hit = _MEMO.get(key)
    if hit is not None and hit[0]() is region:
        return hit[1]
    memo = _RegionMemo()

    def forget(_: object, k: int = key) -> None:
        _MEMO.pop(k, None)

    _MEMO[key] = (weakref.ref(region, forget), memo)
    return memo


def _contract_segments(region: Region, contract: Contract) -> set[str]:
    """Every (sub)segment a contract covers, through its segments or single products."""
    cache = _memo(region).segments
    key = (contract.segments, contract.products)
    cached = cache.get(key)
    if cached is None:
        segments = _expand(region, contract.segments)
        segments.update(region.catalog[p].segment for p in contract.products)
        cached = cache[key] = frozenset(segments)
    return set(cached)


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
    memo = _memo(region)
    if memo.conditions is None:
        grouped: dict[MunicipalityCode, list[LocalCondition]] = defaultdict(list)
        for contract in region.contracts:
            for condition in contract.local_conditions:
                grouped[condition.municipality].append(condition)
        memo.conditions = {m: tuple(dict.fromkeys(found)) for m, found in grouped.items()}
    return memo.conditions.get(code, ())


def _all_conditions(region: Region) -> list[LocalCondition]:
    found = [c for contract in region.contracts for c in contract.local_conditions]
    return list(dict.fromkeys(found))


def contracted_providers(
    region: Region, condition: LocalCondition, on: date, *, besides: Contract | None = None
) -> set[AGBCode]:
    """The main contractors contracted on ``on`` for a condition's group in its municipality.

    ``besides`` leaves one contract out (the one whose admission is being judged).

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_embedded_region
        >>> region = load_embedded_region("midden_ijssel")
        >>> bgb = [c for c in conditions_for(region, "0200") if c.segments == ("BGB",)][0]
        >>> sorted(a.value for a in contracted_providers(region, bgb, date(2026, 6, 1)))
        ['99400001', '99400004']
    """
    return {
        contract.provider
        for contract in region.contracts
        if contract is not besides
        and contract.period.contains(on)
        and condition.municipality in contract.municipalities
        and _applies(region, condition, _contract_segments(region, contract))
    }


def _closed_out(region: Region, contract: Contract) -> list[tuple[LocalCondition, int]]:
    """The conditions with sufficient supply that close their group to this contract.

    The contract is a new entrant for a group in a municipality when its provider had no
    other contract there for the group the day before it starts; the group is closed to
    it when ``sufficient_providers`` others are contracted on its first day. Of entrants
    starting on the same day, those the region lists earlier count as admitted first.
    """
    start = contract.period.start
    segments = _contract_segments(region, contract)
    position = next(
        (i for i, c in enumerate(region.contracts) if c is contract),
        next((i for i, c in enumerate(region.contracts) if c == contract), len(region.contracts)),
    )
    closing: list[tuple[LocalCondition, int]] = []
    for municipality in contract.municipalities:
        for condition in conditions_for(region, municipality):
            sufficient = condition.sufficient_providers
            if sufficient is None or not _applies(region, condition, segments):
                continue
            before = contracted_providers(
                region, condition, start - timedelta(days=1), besides=contract
            )
            if contract.provider in before:
                continue  # a renewal, not a new entrant
            others = {
                c.provider
                for i, c in enumerate(region.contracts)
                if i != position
                and c.provider != contract.provider
                and c.period.contains(start)
                and (c.period.start < start or i < position)
                and municipality in c.municipalities
                and _applies(region, condition, _contract_segments(region, c))
            }
            if len(others) >= sufficient:
                closing.append((condition, len(others)))
    return closing


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
    first day of ``entry_month`` is refused (JI-803). A new entrant starting on a day on
    which ``sufficient_providers`` other providers are contracted for the group there is
    refused (JI-808); once contracts end and fewer remain, the group is open again.

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
        for condition, count in _closed_out(region, contract):
            findings.append(
                _RULE["JI-808"].finding(
                    subject,
                    "period",
                    group=_group(condition),
                    municipality=condition.municipality,
                    start=start,
                    count=count,
                    sufficient=condition.sufficient_providers,
                )
            )
    return list(dict.fromkeys(findings))


def check_assignment_entry(region: Region, assignments: Iterable[Assignment]) -> list[Finding]:
    """Assignments to a provider that entered a product group while it was closed there.

    A region-wide contract may be admitted in open municipalities and refused (JI-808) in
    one whose product group had sufficient supply; an assignment in that municipality,
    under that contract, is refused (JI-809, seed 003:L261: the group is closed "per
    gemeente").

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> check_assignment_entry(load_embedded_region("midden_ijssel"), [])
        []
    """
    findings: list[Finding] = []
    closed: dict[str, list[tuple[LocalCondition, int]]] = {}
    for assignment in assignments:
        product = assignment.product
        if product is None or product not in region.catalog:
            continue
        contract = region.contract_for(
            assignment.provider, product, assignment.municipality, assignment.period.start
        )
        if contract is None:
            continue
        if contract.reference not in closed:
            closed[contract.reference] = _closed_out(region, contract)
        segment = region.catalog[product].segment
        for condition, _ in closed[contract.reference]:
            if condition.municipality == assignment.municipality and _applies(
                region, condition, {segment}
            ):
                findings.append(
                    _RULE["JI-809"].finding(
                        f"assignment {assignment.reference}",
                        "provider",
                        provider=assignment.provider,
                        group=_group(condition),
                        municipality=assignment.municipality,
                        contract=contract.reference,
                    )
                )
    return list(dict.fromkeys(findings))


def _contract_conditions(
    region: Region, on: date | None
) -> Iterator[tuple[Contract, Provider, MunicipalityCode, LocalCondition]]:
    """Each contract holding on ``on`` (all when ``None``) with every condition that applies.

    The conditions are those of the contract's municipalities that concern its segments;
    the contracted provider comes along.
    """
    for contract in region.contracts:
        if on is not None and not contract.period.contains(on):
            continue
        segments = _contract_segments(region, contract)
        provider = region.provider(contract.provider)
        for municipality in contract.municipalities:
            for condition in conditions_for(region, municipality):
                if _applies(region, condition, segments):
                    yield contract, provider, municipality, condition


def check_quality_marks(region: Region, on: date | None = None) -> list[Finding]:
    """Contracted providers that do not show a product group's stricter quality demands.

    Each mark a condition's ``quality_marks`` names must be among the provider's
    ``quality_marks`` (seed 003:L252). Only contracts that hold on ``on`` are checked
    (all when ``on`` is ``None``).

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> check_quality_marks(load_embedded_region("midden_ijssel"))
        []
    """
    findings: list[Finding] = []
    for contract, provider, municipality, condition in _contract_conditions(region, on):
        if not condition.quality_marks:
            continue
        findings += [
            _RULE["JI-810"].finding(
                f"contract {contract.reference}",
                "provider",
                provider=provider.agb,
                mark=mark,
                municipality=municipality,
                group=_group(condition),
            )
            for mark in condition.quality_marks
            if mark not in provider.quality_marks
        ]
    return list(dict.fromkeys(findings))


def check_identity(region: Region, on: date | None = None) -> list[Finding]:
    """Contracted providers whose grondslag is not one a municipality asks for.

    A warning (the seed's example is a preference, 004:L189): the condition's
    ``identities`` against the provider's ``identity`` (none stated counts as not
    matching). Only contracts that hold on ``on`` are checked (all when ``None``).

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> [(f.values["provider"], f.values["municipality"]) for f in check_identity(
        ...     load_embedded_region("flevoland"))]
        [('99500001', '0184'), ('99500006', '0184')]
    """
    findings: list[Finding] = []
    for contract, provider, municipality, condition in _contract_conditions(region, on):
        if not condition.identities:
            continue
        if provider.identity in condition.identities:
            continue
        findings.append(
            _RULE["JI-814"].finding(
                f"contract {contract.reference}",
                "provider",
                provider=provider.agb,
                identity=provider.identity or "-",
                group=_group(condition),
                municipality=municipality,
                identities=", ".join(condition.identities),
            )
        )
    return list(dict.fromkeys(findings))


def check_uplifts(region: Region, on: date | None = None) -> list[Finding]:
    """Contracts with an uplift (opslag) that state no contribution it is granted for.

    IJsselland grants the uplift on the one tariff per function not to every large
    provider but only for "een aantoonbare aanvullende bijdrage" (seed 000:L258); the
    contract's ``contribution`` says which. Only contracts that hold on ``on`` are
    checked (all when ``None``).

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> check_uplifts(load_embedded_region("ijsselland"))
        []
    """
    return [
        _RULE["JI-815"].finding(
            f"contract {contract.reference}",
            "contribution",
            contract=contract.reference,
            uplift=contract.uplift_pct,
        )
        for contract in region.contracts
        if contract.uplift_pct
        and not contract.contribution.strip()
        and (on is None or contract.period.contains(on))
    ]


def check_scarcity(region: Region, on: date) -> list[Finding]:
    """Product groups with fewer contracted providers than a condition's ``min_providers``.

    Scarcity is flagged so that entry can be encouraged (seed 003:L254).

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_embedded_region
        >>> [f.values["count"] for f in check_scarcity(
        ...     load_embedded_region("midden_ijssel"), date(2026, 6, 1))]
        ['1']
    """
    findings: list[Finding] = []
    for condition in _all_conditions(region):
        minimum = condition.min_providers
        if minimum is None:
            continue
        count = len(contracted_providers(region, condition, on))
        if count < minimum:
            findings.append(
                _RULE["JI-811"].finding(
                    f"municipality {condition.municipality}",
                    "min_providers",
                    count=count,
                    group=_group(condition),
                    municipality=condition.municipality,
                    day=on,
                    minimum=minimum,
                )
            )
    return findings


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
    for contract, provider, municipality, condition in _contract_conditions(region, on):
        maximum = condition.max_distance_km
        if maximum is None:
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
    return region.tiers_in(municipality, segment)


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
        if tiers and assignment.tier is not None and assignment.tier not in tiers:
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
    """Every local-rule check of a region on a day.

    Client counts (JI-804) are for the last whole calendar year by ``on``: ``on.year``
    when ``on`` is 31 December, else the year before; a year is not judged halfway.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_embedded_region
        >>> [f.code for f in check_local_rules(load_embedded_region("flevoland"),
        ...                                    date(2025, 6, 1))]
        ['JI-814', 'JI-814']
    """
    assignments = tuple(assignments)
    findings = check_provider_counts(region, on)
    findings += check_new_entrants(region)
    findings += check_max_distance(region, on)
    findings += check_assignment_tiers(region, assignments)
    findings += check_assignment_entry(region, assignments)
    findings += check_quality_marks(region, on)
    findings += check_scarcity(region, on)
    findings += check_identity(region, on)
    findings += check_uplifts(region, on)
    if ledger is not None:
        findings += check_min_clients(region, ledger, last_whole_year(on))
    return findings


def last_whole_year(on: date) -> int:
    """The last calendar year that has ended by ``on`` (inclusive of ``on`` itself).

    Examples:
        >>> from datetime import date
        >>> last_whole_year(date(2026, 3, 31)), last_whole_year(date(2026, 12, 31))
        (2025, 2026)
    """
    return on.year if (on.month, on.day) == (12, 31) else on.year - 1
