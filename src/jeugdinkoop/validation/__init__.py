"""The validation API that municipal systems import.

Examples:
    >>> from jeugdinkoop.validation import RULES, Severity
    >>> RULES["JI-304"].ijw_code, RULES["JI-304"].severity is Severity.ERROR
    ('9319', True)
"""

from jeugdinkoop.model.findings import RULES, Finding, Rule, Severity, rule
from jeugdinkoop.validation.engine import (
    AcceptedClaim,
    AcceptedLines,
    RejectedClaim,
    ValidationReport,
    validate,
)

__all__ = [
    "RULES",
    "AcceptedClaim",
    "AcceptedLines",
    "Finding",
    "RejectedClaim",
    "Rule",
    "Severity",
    "ValidationReport",
    "rule",
    "validate",
]
