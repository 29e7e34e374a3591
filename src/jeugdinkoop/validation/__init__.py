"""The validation API that municipal systems import.

Examples:
    >>> from jeugdinkoop.validation import RULES, Severity
    >>> RULES["JI-304"].ijw_code, RULES["JI-304"].severity is Severity.ERROR
    ('0001', True)
"""

from jeugdinkoop.model.findings import (
    RULES,
    CheckLevel,
    Finding,
    MessageClass,
    Rule,
    Severity,
    rule,
)
from jeugdinkoop.validation.columnar import TableReport, validate_table
from jeugdinkoop.validation.engine import AcceptedClaim, RejectedClaim, ValidationReport, validate

__all__ = [
    "RULES",
    "AcceptedClaim",
    "CheckLevel",
    "Finding",
    "MessageClass",
    "RejectedClaim",
    "Rule",
    "Severity",
    "TableReport",
    "ValidationReport",
    "rule",
    "validate",
    "validate_table",
]
