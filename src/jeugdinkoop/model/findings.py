"""Rules and findings: what a check found wrong with a record, in Dutch and English.

Every rule has a stable code of our own (``JI-…``), a severity, a message template and,
where the iJw standard has one, the iJw return code (retourcode, WJ001), so a
municipal system can fill a JW325 answer straight from the findings. Rules are
declared once, here or in a funding model's module, and registered by code; the docs'
rule table is generated from :data:`RULES`.

Examples:
    >>> from jeugdinkoop.model.findings import RULES
    >>> rule = RULES["JI-201"]
    >>> rule.ijw_code, rule.severity.name
    ('9338', 'ERROR')
    >>> finding = rule.finding("claim R-1", assignment="T-9")
    >>> finding.message
    'declaratie verwijst naar toewijzing T-9, die niet bekend is'
    >>> finding.message_in("en")
    'claim refers to assignment T-9, which is not known'
"""

from __future__ import annotations

import enum
import re
import string
from collections.abc import Mapping

import attrs

from jeugdinkoop.errors import DuplicateRegistration
from jeugdinkoop.i18n import DEFAULT_LOCALE, translate, translate_phrases
from jeugdinkoop.privacy import mask_bsns

__all__ = ["RULES", "CheckLevel", "Finding", "MessageClass", "Rule", "Severity", "rule"]


class Severity(enum.IntEnum):
    """How bad a finding is: an ``ERROR`` refuses the claim; a ``WARNING`` flags it.

    Examples:
        >>> Severity.ERROR > Severity.WARNING > Severity.INFO
        True
    """

    INFO = 1
    WARNING = 2
    ERROR = 3


class CheckLevel(enum.IntEnum):
    """CheckLevel [controleniveau]: at which level of the iJw check a rule is tested.

    A message that fails level 1 or 2 is refused whole (level 1: no answer at all;
    level 2: a JW325 with only a header and return code 0001). Findings of levels 3 and
    4 refuse the line (or the declaration) where the error is.

    Examples:
        >>> CheckLevel.ACROSS.value, CheckLevel.ACROSS.label
        (3, 'berichtoverstijgend')
    """

    SCHEMA = 1
    """The message must satisfy the XML schema (XSD)."""
    MESSAGE = 2
    """Constraints and technical rules within one message (bericht)."""
    ACROSS = 3
    """Rules across messages (berichtoverstijgend): duplicates, credits, earlier messages."""
    CONTENT = 4
    """Content checks against outside sources (externe bron): assignments, contracts, tariffs."""

    @property
    def label(self) -> str:
        """The standard's Dutch name of the level."""
        return ("xsd", "bericht", "berichtoverstijgend", "externe bron")[self.value - 1]


class MessageClass(enum.StrEnum):
    """The class of a JW323/JW325 message a return code is placed on.

    Examples:
        >>> [c.value for c in MessageClass]
        ['header', 'declaratie', 'client', 'prestatie']
    """

    HEADER = "header"
    """The message header (Header): the message as a whole."""
    DECLARATION = "declaratie"
    """The declaration (Declaratie): its number, period and totals."""
    CLIENT = "client"
    """The client (Client): the youth the lines are for."""
    SERVICE = "prestatie"
    """One claim line (Prestatie)."""


_FORMATTER = string.Formatter()


@attrs.frozen
class Rule:
    """A check with a stable code, a severity, an English message template and an iJw code.

    Create rules with :func:`rule`, which registers them; the template's ``{names}`` are
    filled from the finding's parameters.

    Attributes:
        code: our stable code (``JI-…``).
        severity: how bad a finding of it is.
        template: the English message template.
        ijw_code: the iJw return code (retourcode, WJ001) a JW325 answer carries.
        title: the template with its values left out.
        level: the iJw check level the rule belongs to.
        placement: the message class a JW325 puts the return code on.
        standard: the iJw rules it implements (``("TR304",)``), if any.
    """

    code: str
    severity: Severity
    template: str
    ijw_code: str | None = None
    title: str = ""
    level: CheckLevel = CheckLevel.CONTENT
    placement: MessageClass = MessageClass.SERVICE
    standard: tuple[str, ...] = ()

    @property
    def parameters(self) -> tuple[str, ...]:
        """The names the template needs."""
        return tuple(name for _, name, _, _ in _FORMATTER.parse(self.template) if name)

    def title_in(self, locale: str) -> str:
        """The message template in a locale with its values left out (for summaries).

        Examples:
            >>> RULES["JI-201"].title_in("nl")
            'declaratie verwijst naar toewijzing …, die niet bekend is'
        """
        if self.title != re.sub(r"\{[^}]*\}", "…", self.template):
            return translate(self.title, locale)
        return re.sub(r"\{[^}]*\}", "…", translate(self.template, locale))

    def finding(self, subject: str, field: str | None = None, **params: object) -> Finding:
        """A finding of this rule about ``subject`` (``"claim R-1"``), with template values.

        Raises:
            TypeError: when a template parameter is missing (a bug in the caller).
        """
        missing = [p for p in self.parameters if p not in params]
        if missing:
            raise TypeError(f"rule {self.code}: missing parameters {missing}")
        return Finding(self, subject, tuple((k, str(v)) for k, v in sorted(params.items())), field)


RULES: dict[str, Rule] = {}
"""Every registered rule by code, in registration order."""


def rule(
    code: str,
    severity: Severity,
    template: str,
    ijw_code: str | None = None,
    title: str = "",
    *,
    level: CheckLevel = CheckLevel.CONTENT,
    placement: MessageClass = MessageClass.SERVICE,
    standard: tuple[str, ...] = (),
) -> Rule:
    """Declare and register a rule; a second rule with the same code is an error.

    Examples:
        >>> rule("JI-201", Severity.ERROR, "x")
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.DuplicateRegistration: rule code 'JI-201' is already used by: claim refers to assignment {assignment}, which is not known
    """
    if code in RULES:
        raise DuplicateRegistration(
            f"rule code {code!r} is already used by: {RULES[code].template}"
        )
    new = Rule(
        code,
        severity,
        template,
        ijw_code,
        title or re.sub(r"\{[^}]*\}", "…", template),
        level=level,
        placement=placement,
        standard=standard,
    )
    RULES[code] = new
    return new


def _masked_params(params: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    return tuple((name, mask_bsns(value)) for name, value in params)


@attrs.frozen
class Finding:
    """Finding [bevinding]: one rule broken by one record.

    A finding never carries a BSN: its subject and parameter values are masked when it
    is made (every run of nine or more digits, see :func:`jeugdinkoop.privacy.mask_bsns`),
    so its message, ``str``, ``repr`` and ``attrs.asdict`` are all masked, whichever
    field the number was found in.

    Attributes:
        rule: the rule.
        subject: what it is about (``"claim R-1"``, ``"assignment T-9"``).
        params: the values filled into the message.
        field: the record's field at fault, when one is.

    Examples:
        >>> f = RULES["JI-304"].finding("claim R-7", field="end", start="2025-03-01", end="2025-04-02")
        >>> f.code, f.ijw_code, f.level.label, f.placement.value
        ('JI-304', '0001', 'bericht', 'header')
        >>> str(f)
        'JI-304 claim R-7: dienstperiode 2025-03-01..2025-04-02 valt in twee kalendermaanden'
        >>> RULES["JI-103"].finding("claim R-8", "provider", value="111222333", problem="8 digits").message
        "AGB-code '*****2333' is niet geldig: 8 digits"
    """

    rule: Rule
    subject: str = attrs.field(converter=mask_bsns)
    params: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_masked_params)
    field: str | None = None

    @property
    def code(self) -> str:
        """The rule's ``JI-…`` code."""
        return self.rule.code

    @property
    def severity(self) -> Severity:
        """The rule's severity."""
        return self.rule.severity

    @property
    def ijw_code(self) -> str | None:
        """The iJw return code (retourcode), where the standard has one."""
        return self.rule.ijw_code

    @property
    def level(self) -> CheckLevel:
        """The rule's iJw check level (controleniveau)."""
        return self.rule.level

    @property
    def placement(self) -> MessageClass:
        """The JW325 message class the return code goes on."""
        return self.rule.placement

    @property
    def message(self) -> str:
        """The message in Dutch (the default locale)."""
        return self.message_in(DEFAULT_LOCALE)

    def message_in(self, locale: str) -> str:
        """The message in a locale (``"nl"`` or ``"en"``), nine-digit runs masked."""
        params = dict(self.params)
        if "problem" in params:  # a value's own error, filled in: translate its phrases
            params["problem"] = translate_phrases(params["problem"], locale)
        return mask_bsns(translate(self.rule.template, locale).format_map(params))

    @property
    def values(self) -> Mapping[str, str]:
        """The message parameters as a mapping."""
        return dict(self.params)

    def __str__(self) -> str:
        return f"{self.code} {self.subject}: {self.message}"


# -- the rules of the validation API (DESIGN §5) -------------------------------------------
# JI-1xx malformed fields, JI-2xx assignment match, JI-3xx periods, JI-4xx volume and budget,
# JI-5xx contract, tariff and amount, JI-6xx duplicates and credits, JI-7xx funding models.
# Each names the iJw 3.2 rules it implements (``standard``) with their check level and the
# message class a JW325 puts the return code on; level-2 rules answer 0001 on the header.
_E, _W = Severity.ERROR, Severity.WARNING
_XSD, _MESSAGE, _ACROSS = CheckLevel.SCHEMA, CheckLevel.MESSAGE, CheckLevel.ACROSS
_HEADER, _CLIENT = MessageClass.HEADER, MessageClass.CLIENT

rule(
    "JI-101",
    _E,
    "field {name} has value {value!r}: {problem}",
    title="malformed field",
    level=_XSD,
    placement=_HEADER,
)
rule(
    "JI-102",
    _E,
    "BSN {value!r} is not valid: {problem}",
    "0001",
    title="malformed BSN",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("CS002",),
)
rule(
    "JI-103",
    _E,
    "AGB code {value!r} is not valid: {problem}",
    title="malformed AGB code",
    level=_XSD,
    placement=_HEADER,
)
rule(
    "JI-104",
    _E,
    "municipality code {value!r} is not valid: {problem}",
    "S300",
    title="malformed municipality code",
    placement=_HEADER,
    standard=("TR378",),
)
rule(
    "JI-105",
    _E,
    "product code {value!r} is not valid: {problem}",
    title="malformed product code",
    level=_XSD,
    placement=_HEADER,
)

rule(
    "JI-201",
    _E,
    "claim refers to assignment {assignment}, which is not known",
    "9338",
    level=_ACROSS,
    standard=("TR338",),
)
rule(
    "JI-202",
    _E,
    "provider {claimed} differs from the assignment's provider {assigned}",
    "9338",
    level=_ACROSS,
    standard=("TR338",),
)
rule(
    "JI-203",
    _E,
    "client differs from the assignment's client",
    "8187",
    level=_ACROSS,
    standard=("TR304",),
)
rule(
    "JI-204",
    _E,
    "municipality {claimed} differs from the assignment's municipality {assigned}",
    "9338",
    level=_ACROSS,
    standard=("TR338",),
)
rule(
    "JI-205",
    _E,
    "product {claimed} differs from the assigned product {assigned}",
    "9340",
    level=_ACROSS,
    standard=("TR340",),
)
rule(
    "JI-206",
    _E,
    "product {product} is in category {claimed}, the assignment in {assigned}",
    "9339",
    level=_ACROSS,
    standard=("TR339",),
)
rule(
    "JI-207",
    _E,
    "product {product} is not in the region's catalog",
    "S329",
    standard=("TR381",),
)
rule(
    "JI-208",
    _E,
    "municipality {municipality} is not a member of region {region}",
    "S300",
    placement=_HEADER,
    standard=("TR378",),
)
rule(
    "JI-209",
    _E,
    "category {claimed} sent with product {product}, which is in category {actual}",
    "S329",
    standard=("TR381",),
)
rule(
    "JI-210",
    _E,
    "assignment {assignment} was withdrawn (reason for change 13, removed)",
    "9384",
    level=_ACROSS,
    standard=("TR384",),
)

rule(
    "JI-301",
    _E,
    "service period starts {start}, before the assignment's validity {valid}",
    "9307",
    level=_ACROSS,
    standard=("TR307",),
)
rule(
    "JI-302",
    _E,
    "service period ends {end}, after the assignment's validity {valid}",
    "9308",
    level=_ACROSS,
    standard=("TR308",),
)
rule(
    "JI-303",
    _E,
    "service period starts {start}, after its end {end}",
    "0001",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("TR137",),
)
rule(
    "JI-304",
    _E,
    "service period {start}..{end} spans two calendar months",
    "0001",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("CS337",),
)
rule(
    "JI-305",
    _E,
    "service period starts {start}, not on {expected}, the first day of the month or of the assignment",
    "9387",
    level=_ACROSS,
    standard=("TR387",),
)
rule(
    "JI-306",
    _E,
    "service period ends {end}, not on {expected}, the last day of the month or of the assignment",
    "9388",
    level=_ACROSS,
    standard=("TR388",),
)
rule(
    "JI-307",
    _E,
    "service period {start}..{end} lies after the declaration period {declared}",
    "9319",
    level=_ACROSS,
    standard=("TR319",),
)
rule(
    "JI-308",
    _E,
    "service period starts {start}, before 1 January 2021",
    "0001",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("CS100",),
)
rule(
    "JI-309",
    _E,
    "service period ends {end}, more than five years before the message date {received}",
    "0001",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("TR335",),
)
rule(
    "JI-310",
    _E,
    "service period ends {end}, after the message date {received}",
    "0001",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("TR134", "TR137"),
)
rule(
    "JI-311",
    _E,
    "declaration period {declared} does not follow the previous one {previous}, "
    "while care was delivered in {month}",
    "8214",
    level=_ACROSS,
    placement=MessageClass.DECLARATION,
    standard=("TR318",),
)

rule("JI-401", _E, "quantity {quantity} is not above zero")
rule(
    "JI-402",
    _E,
    "unit {claimed} does not fit the assignment's unit {assigned}",
    "9341",
    level=_ACROSS,
    standard=("TR341",),
)
rule(
    "JI-403",
    _E,
    "unit {unit} does not fit funding model {model}",
    "9341",
    level=_ACROSS,
    standard=("TR341",),
)
rule(
    "JI-404",
    _E,
    "quantity {quantity} {unit} exceeds the assigned {assigned} {unit} {frequency}",
    "9321",
    level=_ACROSS,
    standard=("TR321",),
)
rule(
    "JI-405",
    _E,
    "with this claim {total} {unit} is delivered in {window}, more than the assigned {allowed}",
    "9322",
    level=_ACROSS,
    standard=("TR322",),
)
rule(
    "JI-406",
    _E,
    "claim of {amount} does not fit the budget: {used} of {budget} used, {left} left",
    "9369",
    level=_ACROSS,
    standard=("TR369",),
)
rule(
    "JI-407",
    _W,
    "provider {provider} passes its ceiling of {ceiling} for {year}: {total} with this claim",
    title="budget ceiling (budgetplafond) passed",
)

rule(
    "JI-408",
    _E,
    "tier {tier} is not used in municipality {municipality} (tiers there: {tiers})",
    title="tariff tier not used in the municipality",
)

rule(
    "JI-501",
    _E,
    "no contract for provider {provider}, product {product} in municipality {municipality} on {day}",
)
rule("JI-502", _E, "no tariff for product {product} on {day}: {problem}")
rule(
    "JI-503",
    _E,
    "claimed amount {claimed} differs from the priced amount {priced}",
    "9346",
    standard=("TR346",),
)
rule(
    "JI-504",
    _E,
    "claimed tariff {claimed} differs from the contracted tariff {contracted}",
    "0611",
    level=_ACROSS,
    standard=("TR418",),
)
rule(
    "JI-505",
    _E,
    "tariff {tariff} sent with unit euro's, where it stays empty",
    "0001",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("CD087",),
)
rule(
    "JI-506",
    _E,
    "credit of zero; an amount of zero is sent as a debit",
    "0001",
    level=_MESSAGE,
    placement=_HEADER,
    standard=("CS325",),
)
rule(
    "JI-509",
    _E,
    "with unit euro's (83) the amount {claimed} must equal the volume {volume} in whole cents",
    "0001",
)

rule(
    "JI-601",
    _E,
    "reference {reference} was already submitted",
    "8021",
    level=_ACROSS,
    standard=("TR314",),
)
rule(
    "JI-602",
    _E,
    "same assignment, period and product as claim {other}, which is not credited",
    "9389",
    level=_ACROSS,
    standard=("TR389",),
)
rule(
    "JI-603",
    _E,
    "credit reverses {reverses}, which is no accepted debit",
    "8017",
    level=_ACROSS,
    standard=("TR323",),
)
rule(
    "JI-604",
    _E,
    "credit does not match debit {reverses}: {name} is {claimed}, the debit has {debit}",
    "8017",
    level=_ACROSS,
    standard=("TR323",),
)
rule(
    "JI-605",
    _E,
    "debit {reverses} was already reversed by credit {other}",
    "9390",
    level=_ACROSS,
    standard=("TR390",),
)

rule("JI-701", _E, "no arrangement for profile {profile} and intensity {intensity}")
rule("JI-702", _E, "the arrangement of {amount} is already paid in full ({paid} paid)")
rule("JI-703", _E, "instalment {instalment} is not due in {start}..{end}")
rule(
    "JI-704",
    _E,
    "no lumpsum budget for provider {provider}, municipality {municipality}, segment {segment} in {year}",
)
rule("JI-705", _E, "assignment {assignment} carries no budget; funding model {model} needs one")
rule(
    "JI-706",
    _E,
    "no task budget for provider {provider}, municipality {municipality}, segment {segment} in {year}",
)
rule(
    "JI-707",
    _W,
    "production report value {reported} differs from {priced} at the contracted tariff; "
    "booked at {priced}",
)
rule(
    "JI-708",
    _E,
    "assignment {assignment} has a budget of {budget}, below the matrix amount {amount} for "
    "profile {profile} and intensity {intensity}",
)
