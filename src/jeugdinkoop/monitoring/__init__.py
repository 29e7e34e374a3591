"""Monitoring: local rules as checks, care paths, flows and cost per youth (DESIGN §6).

The analysis layer: it reads a region, its contracts' local conditions, assignments and a
ledger, and returns :class:`~jeugdinkoop.model.findings.Finding` objects and small typed
records. It never reads or writes files.

Examples:
    >>> from datetime import date
    >>> from jeugdinkoop.io import load_embedded_region
    >>> from jeugdinkoop.monitoring import check_local_rules
    >>> check_local_rules(load_embedded_region("midden_ijssel"), date(2026, 6, 1))
    []
"""

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
    check_assignment_tiers,
    check_local_rules,
    check_max_distance,
    check_min_clients,
    check_new_entrants,
    check_provider_counts,
    conditions_for,
)

__all__ = [
    "MIN_KEY_BYTES",
    "PSEUDONYM_BITS",
    "PSEUDONYM_KEY_VARIABLE",
    "RULES_LOCAL",
    "CarePath",
    "CareStep",
    "Flow",
    "allowed_tiers",
    "average_cost_per_youth",
    "care_paths",
    "check_assignment_tiers",
    "check_local_rules",
    "check_max_distance",
    "check_min_clients",
    "check_new_entrants",
    "check_provider_counts",
    "conditions_for",
    "flows",
    "new_pseudonym_key",
    "pseudonym",
    "pseudonym_key_from_env",
]
