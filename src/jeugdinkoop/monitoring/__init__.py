"""Monitoring: local rules as checks, care paths, flows and cost per youth (DESIGN §6).

The analysis layer: it reads a region, its contracts' local conditions, assignments and a
ledger, and returns :class:`~jeugdinkoop.model.findings.Finding` objects and small typed
records. It never reads or writes files.

Examples:
    >>> from datetime import date
    >>> from jeugdinkoop.io import load_embedded_region
    >>> from jeugdinkoop.monitoring import check_local_rules
    >>> [f.rule.code for f in check_local_rules(load_embedded_region("midden_ijssel"),
    ...                                         date(2026, 6, 1))]
    ['JI-811']
"""

from jeugdinkoop.monitoring.acceptance import (
    RULES_ACCEPTANCE,
    RefusalRate,
    check_refusals,
    refusal_rates,
)
from jeugdinkoop.monitoring.care_paths import (
    MIN_KEY_BYTES,
    PSEUDONYM_BITS,
    PSEUDONYM_KEY_VARIABLE,
    CarePath,
    CareStep,
    Flow,
    average_cost_per_youth,
    care_paths,
    flows,
    new_pseudonym_key,
    pseudonym,
    pseudonym_key_from_env,
)
from jeugdinkoop.monitoring.local_rules import (
    RULES_LOCAL,
    allowed_tiers,
    check_assignment_entry,
    check_assignment_tiers,
    check_identity,
    check_local_rules,
    check_max_distance,
    check_min_clients,
    check_new_entrants,
    check_provider_counts,
    check_quality_marks,
    check_scarcity,
    check_uplifts,
    conditions_for,
    contracted_providers,
    last_whole_year,
)

__all__ = [
    "MIN_KEY_BYTES",
    "PSEUDONYM_BITS",
    "PSEUDONYM_KEY_VARIABLE",
    "RULES_ACCEPTANCE",
    "RULES_LOCAL",
    "CarePath",
    "CareStep",
    "Flow",
    "RefusalRate",
    "allowed_tiers",
    "average_cost_per_youth",
    "care_paths",
    "check_assignment_entry",
    "check_assignment_tiers",
    "check_identity",
    "check_local_rules",
    "check_max_distance",
    "check_min_clients",
    "check_new_entrants",
    "check_provider_counts",
    "check_quality_marks",
    "check_refusals",
    "check_scarcity",
    "check_uplifts",
    "conditions_for",
    "contracted_providers",
    "flows",
    "last_whole_year",
    "new_pseudonym_key",
    "pseudonym",
    "pseudonym_key_from_env",
    "refusal_rates",
]
