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
from jeugdinkoop.validation.booking import Booking, BookingStore, book
from jeugdinkoop.validation.columnar import TableReport, validate_table
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
    "Booking",
    "BookingStore",
    "CheckLevel",
    "Finding",
    "MessageClass",
    "RejectedClaim",
    "Rule",
    "Severity",
    "TableReport",
    "ValidationReport",
    "book",
    "rule",
    "validate",
    "validate_table",
]
