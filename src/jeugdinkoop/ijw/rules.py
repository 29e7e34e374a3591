"""The rules :mod:`jeugdinkoop.ijw` checks itself: levels 1 and 2, and the message header.

Level 1 (the schema) and level 2 (constraints and technical rules within one message)
are about the XML message as a whole, before :func:`~jeugdinkoop.validation.validate`
sees a line; the level-3 checks of the header and the declaration (TR056 message
identification, TR333 declaration number) use the ledger's message register. Codes
``JI-9xx`` are ours; :attr:`~jeugdinkoop.validation.Rule.standard` names the iJw
rule, :attr:`~jeugdinkoop.validation.Rule.level` its check level and
:attr:`~jeugdinkoop.validation.Rule.placement` the message class its return code is
put on.

Examples:
    >>> from jeugdinkoop.model.findings import RULES
    >>> rule = RULES["JI-910"]
    >>> rule.standard, rule.level.value, rule.placement.value, rule.ijw_code
    (('TR358',), 2, 'header', '0001')
"""

from __future__ import annotations

from typing import Final

from jeugdinkoop.model.findings import CheckLevel, MessageClass, Rule, Severity, rule

__all__ = ["FALLBACK_CODES", "IJW_RULES", "return_code"]

_E = Severity.ERROR


def _level2(code: str, template: str, standard: str) -> Rule:
    return rule(
        code,
        _E,
        template,
        "0001",
        standard=(standard,),
        level=CheckLevel.MESSAGE,
        placement=MessageClass.HEADER,
    )


IJW_RULES: Final[tuple[Rule, ...]] = (
    # level 1: no answer at all
    rule(
        "JI-901",
        _E,
        "{path}: {problem}",
        None,
        "message breaks the iJw schema (XSD)",
        level=CheckLevel.SCHEMA,
        placement=MessageClass.HEADER,
    ),
    # level 2: a header-only JW325 with 0001
    _level2(
        "JI-910",
        "total submitted {total} differs from the sum of the lines {lines}",
        "TR358",
    ),
    _level2(
        "JI-911",
        "client {bsn} appears more than once in the message",
        "TR101",
    ),
    _level2(
        "JI-912",
        "reference number {reference} appears more than once in the message",
        "TR101",
    ),
    _level2(
        "JI-913",
        "previous reference number {reference} appears more than once in the message",
        "TR315",
    ),
    _level2(
        "JI-914",
        "line {reference} credits line {previous} of the same message",
        "TR316",
    ),
    _level2(
        "JI-915",
        "debit lines {reference} and {other} have the same assignment, product and period",
        "TR416",
    ),
    _level2(
        "JI-916",
        "product period {start}..{end} of line {reference} is not inside one calendar month",
        "CS337",
    ),
    _level2(
        "JI-917",
        "declaration period {start}..{end} is not exactly one calendar month",
        "CS340",
    ),
    _level2(
        "JI-918",
        "BSN {bsn} fails the eleven-test",
        "CS002",
    ),
    _level2(
        "JI-919",
        "line {reference}: a previous reference number is required on a credit line and not allowed on a debit line",
        "CD060",
    ),
    _level2(
        "JI-920",
        "line {reference}: a product tariff is required when the unit is not 83 (euros) and not allowed when it is",
        "CD087",
    ),
    _level2(
        "JI-921",
        "line {reference}: unit 83 (euros), but the amount {amount} differs from the volume {volume}",
        "CS339",
    ),
    _level2(
        "JI-922",
        "{where}: an amount of 0 must be debit (D)",
        "CS325",
    ),
    _level2(
        "JI-923",
        "{where}: date {day} is before 2021-01-01",
        "CS100",
    ),
    _level2(
        "JI-924",
        "declaration date {day} is before the declaration period starts ({start}) or after the message date ({sent})",
        "TR137",
    ),
    _level2(
        "JI-926",
        "{where}: period ends {end}, before it starts {start}",
        "CDT_GeslotenPeriode",
    ),
    # level 3: the header and the declaration, across messages
    rule(
        "JI-930",
        _E,
        "message identification {identification} was already received from {sender}; "
        "this message was processed before on {day}, nothing booked",
        "9056",
        standard=("TR056",),
        level=CheckLevel.ACROSS,
        placement=MessageClass.HEADER,
    ),
    rule(
        "JI-931",
        _E,
        "declaration number {declaration} was already used by {sender}",
        "9333",
        standard=("TR333",),
        level=CheckLevel.ACROSS,
        placement=MessageClass.DECLARATION,
    ),
    # level 4: a line the library's model cannot hold
    rule(
        "JI-940",
        _E,
        "product code {product!r} is not in the product code list: {problem}",
        "S329",
        standard=("TR381",),
        level=CheckLevel.CONTENT,
        placement=MessageClass.SERVICE,
    ),
)
"""The rules of this module (registered in :data:`~jeugdinkoop.model.findings.RULES`)."""

FALLBACK_CODES: Final[dict[str, str]] = {
    "JI-101": "0001",
    "JI-102": "0001",
    "JI-103": "0001",
    "JI-105": "S329",
    "JI-202": "9338",
    "JI-203": "8187",
    "JI-204": "9338",
    "JI-303": "9307",
    "JI-401": "9321",
    "JI-403": "9341",
    "JI-501": "0611",
    "JI-502": "0611",
    "JI-602": "9389",
    "JI-604": "8017",
    "JI-701": "9338",
    "JI-702": "9369",
    "JI-703": "9319",
    "JI-704": "9338",
    "JI-705": "9369",
    "JI-706": "9338",
}
"""The return code a JW325 carries for a rule without an iJw code of its own.

The standard has no generic "refused" code for a prestatie, so a line refused by one of
our own rules gets the nearest iJw code (a provider that is not the assignment's
provider: 9338, the line is not linked to *its* assigned product). Rules not listed fall
back by their group: JI-2xx 9338, JI-3xx 9307, JI-4xx 9321, JI-5xx 0611, JI-6xx 8021,
JI-7xx 9369, others 9338.
"""

_BY_GROUP: Final = {"2": "9338", "3": "9307", "4": "9321", "5": "0611", "6": "8021", "7": "9369"}


def return_code(found: Rule) -> str:
    """The return code a JW325 carries for a finding of ``found``.

    Examples:
        >>> from jeugdinkoop.model.findings import RULES
        >>> return_code(RULES["JI-201"]), return_code(RULES["JI-202"]), return_code(RULES["JI-901"])
        ('9338', '9338', '0001')
    """
    if found.ijw_code is not None:
        return found.ijw_code
    if found.code in FALLBACK_CODES:
        return FALLBACK_CODES[found.code]
    if found.level is CheckLevel.SCHEMA or found.level is CheckLevel.MESSAGE:
        return "0001"
    group = found.code[3:4] if found.code.startswith("JI-") else ""
    return _BY_GROUP.get(group, "9338")
