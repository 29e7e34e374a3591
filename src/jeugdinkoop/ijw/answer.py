"""Check a JW323 at every level and answer it with a JW325.

:func:`answer_claim_message` runs the checks in the standard's order: level 2 (within
the message; a failure gives a header-only JW325 with 0001), the header and declaration
at level 3 (TR056/9056 and TR333/9333, with the ledger's message register), then every
line through :func:`~jeugdinkoop.validation.validate` (levels 3 and 4), given the
message's declaration period, its message date and the provider's previous declaration
period, so that TR319 (9319), TR318 (8214), TR134 and TR335 are checked in one place.
Each finding carries its level and class; the return codes go on the class where the
error is, and a header or declaration finding from ``validate`` refuses the message or
the declaration whole.

The answer follows IV087/IV088: only rejected prestaties are listed, each approved or
rejected whole; the header carries 0200, the declaration 8001 when everything is
granted (else 0200), a client with rejected lines 0200, and a client refused as a whole
its own code with every one of its prestaties at 0233. TR342 holds: the rejected
amounts (debit minus credit) add up to the submitted total minus the granted total.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Final
from xml.sax.saxutils import escape

import attrs
from dateutil.relativedelta import relativedelta

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Ledger, LedgerBatch
from jeugdinkoop.identifiers import is_valid_bsn
from jeugdinkoop.ijw._schema import IJW_NS, NAMESPACES
from jeugdinkoop.ijw.messages import ClaimMessage, ServiceLine
from jeugdinkoop.ijw.rules import return_code
from jeugdinkoop.model import Assignment, Claim, Region
from jeugdinkoop.model.findings import RULES, CheckLevel, Finding, MessageClass, Severity
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import MessageRecord
from jeugdinkoop.validation import ValidationReport, validate

__all__ = [
    "XSD_VERSIONS",
    "ClaimAnswer",
    "RejectedLine",
    "answer_claim_message",
    "message_findings",
    "previous_declaration_period",
    "write_jw323",
]

XSD_VERSIONS: Final = ("1.0.0", "1.0.0")
"""The (basisschema, message) XSD versions a written JW325 states in its XsdVersie."""

_EARLIEST: Final = date(2021, 1, 1)


# -- level 2 --------------------------------------------------------------------------------
def _is_whole_month(start: date, end: date) -> bool:
    return start.day == 1 and end == start + relativedelta(months=1, days=-1)


def message_findings(message: ClaimMessage) -> list[Finding]:
    """The level-2 findings of a JW323: constraints and technical rules within the message.

    Any of them refuses the message whole (a header-only JW325 with 0001).

    .. versionadded:: 0.1

    Examples:
        >>> from jeugdinkoop.ijw import read_claim_message
        >>> from pathlib import Path
        >>> sample = Path("../shared/ijw-external/voorbeeldberichten/JW323.xml")
        >>> [f.code for f in message_findings(read_claim_message(sample))]
        ['JI-912', 'JI-915']
    """
    found: list[Finding] = []
    subject = f"JW323 {message.header.identification}"

    def add(code: str, field: str | None = None, **params: object) -> None:
        found.append(RULES[code].finding(subject, field, **params))

    lines = list(message.lines)
    total = Money.sum(line.signed_amount for line in lines)
    if total != message.total:
        add("JI-910", "TotaalIngediendBedrag", total=message.total, lines=total)
    if message.total.is_zero() and message.total_debit_credit == "C":
        add("JI-922", "TotaalIngediendBedrag", where="TotaalIngediendBedrag")
    for bsn, n in Counter(c.bsn for c in message.clients).items():
        if n > 1:
            add("JI-911", "Bsn", bsn="*" * 5 + bsn[-4:])
    for client in message.clients:
        if not is_valid_bsn(client.bsn):
            add("JI-918", "Bsn", bsn="*" * 5 + client.bsn[-4:])
    for reference, n in Counter(line.reference for line in lines).items():
        if n > 1:
            add("JI-912", "ReferentieNummer", reference=reference)
    previous = Counter(line.previous for line in lines if line.previous is not None)
    for reference, n in previous.items():
        if n > 1:
            add("JI-913", "VorigReferentieNummer", reference=reference)
    _line_findings(message, lines, add)
    start, end = message.period_start, message.period_end
    if end < start:
        add("JI-926", "DeclaratiePeriode", where="declaration period", start=start, end=end)
    elif not _is_whole_month(start, end):
        add("JI-917", "DeclaratiePeriode", start=start, end=end)
    if start < _EARLIEST:
        add("JI-923", "DeclaratiePeriode", where="declaration period", day=start)
    if not start <= message.signed_on <= message.header.date:
        add(
            "JI-924",
            "DeclaratieDagtekening",
            day=message.signed_on,
            start=start,
            sent=message.header.date,
        )
    return found


def _line_findings(
    message: ClaimMessage, lines: list[ServiceLine], add: Callable[..., None]
) -> None:
    references = {line.reference for line in lines}
    debits: dict[tuple[object, ...], str] = {}
    for line in lines:
        if line.previous is not None and line.previous in references:
            add("JI-914", "VorigReferentieNummer", reference=line.reference, previous=line.previous)
        if (line.previous is not None) != (line.debit_credit == "C"):
            add("JI-919", "VorigReferentieNummer", reference=line.reference)
        if line.debit_credit == "D":
            key = (line.assignment, line.category, line.product, line.start, line.end)
            if key in debits:
                add("JI-915", "ProductPeriode", reference=line.reference, other=debits[key])
            else:
                debits[key] = line.reference
        if line.end < line.start:
            add(
                "JI-926",
                "ProductPeriode",
                where=f"line {line.reference}",
                start=line.start,
                end=line.end,
            )
        elif (line.start.year, line.start.month) != (line.end.year, line.end.month):
            add(
                "JI-916", "ProductPeriode", reference=line.reference, start=line.start, end=line.end
            )
        if (line.tariff is None) != (line.unit == "83"):
            add("JI-920", "ProductTarief", reference=line.reference)
        if line.unit == "83" and line.amount.cents != line.volume:
            add(
                "JI-921",
                "IngediendBedrag",
                reference=line.reference,
                amount=line.amount.cents,
                volume=line.volume,
            )
        if line.amount.is_zero() and line.debit_credit == "C":
            add("JI-922", "IngediendBedrag", where=f"line {line.reference}")
        if line.start < _EARLIEST:
            add("JI-923", "ProductPeriode", where=f"line {line.reference}", day=line.start)
        # TR335 (five years back) and TR134 (not after the message date) are validate's
        # JI-309/JI-310, given the message date: one source per rule


# -- the answer -----------------------------------------------------------------------------
@attrs.frozen
class RejectedLine:
    """A prestatie the JW325 lists as rejected, with its return codes and findings.

    Attributes:
        line: the line as sent.
        codes: its return codes (0233 when its client was refused as a whole).
        findings: the findings that rejected it (none when only its client was refused).

    Examples:
        >>> from jeugdinkoop.ijw import ServiceLine
        >>> line = ServiceLine(bsn="100000010", reference="R-2", previous=None, assignment=9,
        ...     category="45", product="45A01", start=date(2025, 3, 1), end=date(2025, 3, 31),
        ...     volume=2, unit="04", tariff=Money("78.00"), amount=Money("156.00"), debit_credit="D")
        >>> RejectedLine(line=line, codes=("9338",)).codes
        ('9338',)

    .. versionadded:: 0.1
    """

    line: ServiceLine
    codes: tuple[str, ...]
    findings: tuple[Finding, ...] = ()


@attrs.frozen(eq=False)
class ClaimAnswer:
    """ClaimAnswer [declaratie-antwoord]: the result of checking a JW323, ready as a JW325.

    Attributes:
        message: the JW323 answered.
        findings: every finding, levels 2 to 4, each with its level and class.
        level: the level at which the message or declaration was refused whole, if it was.
        header_codes: the return codes on the JW325 header.
        declaration_codes: the codes on the DeclaratieAntwoord; empty when the JW325
            has none (level 2, or a header refused at level 3).
        client_codes: per BSN, the codes of a client refused as a whole.
        rejected: the rejected lines, in message order.
        granted: TotaalToegekendBedrag, signed.
        report: the validation report of the lines, when they were checked.
        ledger: the ledger after this message: accepted lines booked, message registered.

    Examples:
        >>> from pathlib import Path
        >>> from jeugdinkoop.ijw import read_claim_message
        >>> from jeugdinkoop.io import load_example_region
        >>> message = read_claim_message(Path("../shared/ijw-external/voorbeeldberichten/JW323.xml"))
        >>> answer = answer_claim_message(message, [], load_example_region())
        >>> answer.level.label, answer.header_codes, answer.declaration_codes
        ('bericht', ('0001',), ())
        >>> b"<jw325:RetourCode>0001</jw325:RetourCode>" in answer.to_jw325(day=date(2026, 5, 7))
        True

    .. versionadded:: 0.1
    """

    message: ClaimMessage
    findings: tuple[Finding, ...]
    level: CheckLevel | None
    header_codes: tuple[str, ...]
    declaration_codes: tuple[str, ...]
    client_codes: Mapping[str, tuple[str, ...]]
    rejected: tuple[RejectedLine, ...]
    granted: Money
    report: ValidationReport | None
    ledger: Ledger

    @property
    def all_granted(self) -> bool:
        """Whether the whole declaration was granted (8001)."""
        return self.declaration_codes == ("8001",)

    @property
    def submitted(self) -> Money:
        """TotaalIngediendBedrag, signed."""
        return self.message.total

    def to_jw325(
        self,
        identification: str | None = None,
        day: date | None = None,
        xsd_versions: tuple[str, str] = XSD_VERSIONS,
    ) -> bytes:
        """The JW325 (UTF-8 XML) answering the message.

        Args:
            identification: the JW325's own BerichtIdentificatie (1–12 characters);
                by default derived from the JW323's digest, so it is stable.
            day: its Dagtekening; today by default.
            xsd_versions: the (basisschema, message) XSD versions it states.

        Raises:
            ValueError: when ``identification`` does not fit LDT_IdentificatieBericht.

        Examples:
            See :class:`ClaimAnswer`.
        """
        if identification is not None and not (
            1 <= len(identification) <= 12 and identification.strip() and "\n" not in identification
        ):
            raise ValueError(
                f"JW325 identification {identification!r}: 1 to 12 characters on one line, "
                "not only spaces (LDT_IdentificatieBericht)"
            )
        return _write_jw325(self, identification, day or date.today(), xsd_versions)


def _signed(amount: Money) -> tuple[int, str]:
    cents = amount.cents
    return abs(cents), ("C" if cents < 0 else "D")


class _Writer:
    """Writes JW325 XML text: the message is small and flat, so strings are enough."""

    def __init__(self, prefix: str = "jw325") -> None:
        self.out: list[str] = []
        self.w = self.out.append
        self.p = prefix

    def el(self, name: str, text: object) -> None:
        self.w(f"<{self.p}:{name}>{escape(str(text))}</{self.p}:{name}>")

    def ijw(self, name: str, text: object) -> None:
        self.w(f"<ijw:{name}>{escape(str(text))}</ijw:{name}>")

    def codes(self, values: Iterable[str]) -> None:
        self.w(f"<{self.p}:RetourCodes>")
        for code in values:
            self.el("RetourCode", code)
        self.w(f"</{self.p}:RetourCodes>")

    def total(self, name: str, amount: Money) -> None:
        cents, dc = _signed(amount)
        self.w(f"<{self.p}:{name}>")
        self.ijw("TotaalBedrag", cents)
        self.ijw("DebetCredit", dc)
        self.w(f"</{self.p}:{name}>")

    def identification(self, name: str, ident: str, day: date) -> None:
        self.w(f"<{self.p}:{name}>")
        self.ijw("Identificatie", ident)
        self.ijw("Dagtekening", day.isoformat())
        self.w(f"</{self.p}:{name}>")

    def versions(self, name: str, basis: str, message: str) -> None:
        self.w(f"<{self.p}:{name}>")
        self.ijw("BasisschemaXsdVersie", basis)
        self.ijw("BerichtXsdVersie", message)
        self.w(f"</{self.p}:{name}>")

    def line(self, line: ServiceLine, codes: Sequence[str] | None) -> None:
        w = self.w
        p = self.p
        w(f"<{p}:Prestatie><{p}:ProductReferentie>")
        self.ijw("ReferentieNummer", line.reference)
        if line.previous is not None:
            self.ijw("VorigReferentieNummer", line.previous)
        w(f"</{p}:ProductReferentie>")
        self.el("ToewijzingNummer", line.assignment)
        self.el("ProductCategorie", line.category)
        self.el("ProductCode", line.product)
        w(f"<{p}:ProductPeriode>")
        self.ijw("Begindatum", line.start.isoformat())
        self.ijw("Einddatum", line.end.isoformat())
        w(f"</{p}:ProductPeriode>")
        self.el("GeleverdVolume", line.volume)
        self.el("Eenheid", line.unit)
        if line.tariff is not None:
            self.el("ProductTarief", line.tariff.cents)
        w(f"<{p}:IngediendBedrag>")
        self.ijw("Bedrag", line.amount.cents)
        self.ijw("DebetCredit", line.debit_credit)
        w(f"</{p}:IngediendBedrag>")
        if codes is not None:
            self.codes(codes)
        w(f"</{p}:Prestatie>")


def _write_jw325(
    answer: ClaimAnswer, identification: str | None, day: date, versions: tuple[str, str]
) -> bytes:
    message = answer.message
    head = message.header
    if identification is None:
        identification = (
            "A"
            + hashlib.sha256(f"{head.sender}/{head.identification}/{message.digest}".encode())
            .hexdigest()[:11]
            .upper()
        )
    x = _Writer()
    x.w('<?xml version="1.0" encoding="UTF-8"?>\n')
    x.w(f'<jw325:Bericht xmlns:jw325="{NAMESPACES["JW325"]}" xmlns:ijw="{IJW_NS}">')
    x.w("<jw325:Header>")
    x.el("BerichtCode", "491")
    x.el("BerichtVersie", "3")
    x.el("BerichtSubversie", "2")
    x.el("Afzender", head.receiver)
    x.el("Ontvanger", head.sender)
    x.identification("BerichtIdentificatie", identification, day)
    x.versions("XsdVersie", *versions)
    x.identification("DeclaratieIdentificatie", head.identification, head.date)
    x.versions("XsdVersieDeclaratie", head.basisschema_version, head.message_version)
    x.codes(answer.header_codes)
    x.w("</jw325:Header>")
    if answer.declaration_codes:
        x.w("<jw325:DeclaratieAntwoord>")
        x.el("DeclaratieNummer", message.declaration)
        x.total("TotaalIngediendBedrag", message.total)
        x.total("TotaalToegekendBedrag", answer.granted)
        by_client: dict[str, list[RejectedLine]] = defaultdict(list)
        for rejected in answer.rejected:
            by_client[rejected.line.bsn].append(rejected)
        if by_client:
            x.w("<jw325:Clienten>")
            for bsn, rejected_lines in by_client.items():
                x.w("<jw325:Client>")
                x.el("Bsn", bsn)
                x.w("<jw325:Prestaties>")
                for rejected in rejected_lines:
                    x.line(rejected.line, rejected.codes)
                x.w("</jw325:Prestaties>")
                x.codes(answer.client_codes.get(bsn, ("0200",)))
                x.w("</jw325:Client>")
            x.w("</jw325:Clienten>")
        x.codes(answer.declaration_codes)
        x.w("</jw325:DeclaratieAntwoord>")
    x.w("</jw325:Bericht>\n")
    return "".join(x.out).encode("utf-8")


# -- checking -------------------------------------------------------------------------------
def _refused_whole(
    message: ClaimMessage,
    *,
    findings: list[Finding],
    level: CheckLevel,
    ledger: Ledger,
    header: tuple[str, ...],
    declaration: tuple[str, ...],
) -> ClaimAnswer:
    return ClaimAnswer(
        message=message,
        findings=tuple(findings),
        level=level,
        header_codes=header,
        declaration_codes=declaration,
        client_codes={},
        rejected=(),
        granted=Money.zero(),
        report=None,
        ledger=ledger,
    )


def _register(
    ledger: Ledger,
    message: ClaimMessage,
    *,
    declaration: bool,
    lines: int,
    received: date | None,
    assessed: bool = False,
) -> Ledger:
    head = message.header
    record = MessageRecord(
        sender=head.sender,
        kind="JW323",
        identification=head.identification,
        declaration=message.declaration if declaration else "",
        received=received,
        digest=message.digest,
        lines=lines,
        period=_period(message) if assessed else None,
    )
    if ledger.message(head.sender, "JW323", head.identification) is None:
        ledger.record_message(record)
    return ledger


def _period(message: ClaimMessage) -> Period:
    return Period(message.period_start, message.period_end)


def previous_declaration_period(ledger: Ledger, message: ClaimMessage) -> Period | None:
    """The provider's declaration period before this message's, from the message register.

    The latest declaration period, starting before this message's, among the JW323s of
    the same sender whose lines were assessed (a declaration refused whole does not
    count: it is sent again). ``None`` when the register knows none: the first
    declaration, or a ledger from before declaration periods were registered.

    .. versionadded:: 0.1

    Examples:
        >>> from pathlib import Path
        >>> from jeugdinkoop.ijw import read_claim_message
        >>> message = read_claim_message(Path("../shared/ijw-external/voorbeeldberichten/JW323.xml"))
        >>> ledger = Ledger()
        >>> ledger.record_message(MessageRecord(sender=message.header.sender, kind="JW323",
        ...     identification="earlier", declaration="D-0", period=Period.month(2026, 2)))
        >>> message.period_start, previous_declaration_period(ledger, message)
        (datetime.date(2026, 4, 1), Period(start=datetime.date(2026, 2, 1), end=datetime.date(2026, 2, 28)))
    """
    sender = message.header.sender
    periods = [
        m.period
        for m in ledger.messages
        if m.sender == sender
        and m.kind == "JW323"
        and m.period is not None
        and m.period.start < message.period_start
    ]
    return max(periods, key=lambda p: p.start, default=None)


def _codes(findings: Iterable[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(return_code(f.rule) for f in findings))


def _errors(findings: Iterable[Finding], placement: MessageClass | None = None) -> list[Finding]:
    return [
        f
        for f in findings
        if f.severity is Severity.ERROR and (placement is None or f.rule.placement is placement)
    ]


def answer_claim_message(
    message: ClaimMessage,
    assignments: Iterable[Assignment] | Mapping[str, Assignment],
    region: Region,
    ledger: Ledger | None = None,
    *,
    received: date | None = None,
) -> ClaimAnswer:
    """Check a JW323 at levels 2 to 4 and prepare its JW325.

    Args:
        message: the JW323 (from :func:`~jeugdinkoop.ijw.read_claim_message`, which has
            checked level 1).
        assignments: the assignments, by number (a JW301's ToewijzingNummer).
        region: the region.
        ledger: what was booked and which messages were received before (left
            untouched; the answer has the new one).
        received: the day the message was received, for the message register.

    Returns:
        The answer: findings, codes per class, the rejected lines, the granted total,
        the validation report and the updated ledger; :meth:`ClaimAnswer.to_jw325`
        writes the XML.

    Examples:
        The sample JW323 of the iJw publication repeats reference RN004 (TR101) and sends
        two debits for one assignment, product and month (TR416): level 2, so the
        answer is a header with 0001 and nothing is assessed or booked.

        >>> from pathlib import Path
        >>> from jeugdinkoop.ijw import read_claim_message
        >>> from jeugdinkoop.io import load_example_region
        >>> message = read_claim_message(Path("../shared/ijw-external/voorbeeldberichten/JW323.xml"))
        >>> answer = answer_claim_message(message, [], load_example_region())
        >>> [(f.code, f.rule.standard, f.rule.level.value) for f in answer.findings]
        [('JI-912', ('TR101',), 2), ('JI-915', ('TR416',), 2)]
        >>> len(answer.ledger), [m.identification for m in answer.ledger.messages]
        (0, ['765432198'])

    .. versionadded:: 0.1
    """
    working = _overlay(ledger)
    head = message.header
    found = message_findings(message)
    if found:
        _register(working, message, declaration=False, lines=0, received=received)
        return _refused_whole(
            message,
            findings=found,
            level=CheckLevel.MESSAGE,
            ledger=working,
            header=("0001",),
            declaration=(),
        )
    subject = f"JW323 {head.identification}"
    before = working.message(head.sender, "JW323", head.identification)
    if before is not None:
        finding = RULES["JI-930"].finding(
            subject,
            "Identificatie",
            identification=head.identification,
            sender=head.sender,
            day=before.received or "?",
        )
        return _refused_whole(
            message,
            findings=[finding],
            level=CheckLevel.ACROSS,
            ledger=working,
            header=("9056",),
            declaration=(),
        )
    if working.declaration(head.sender, message.declaration) is not None:
        finding = RULES["JI-931"].finding(
            subject, "DeclaratieNummer", declaration=message.declaration, sender=head.sender
        )
        _register(working, message, declaration=False, lines=0, received=received)
        return _refused_whole(
            message,
            findings=[finding],
            level=CheckLevel.ACROSS,
            ledger=working,
            header=("0200",),
            declaration=("9333",),
        )
    return _check_lines(message, assignments, region, working, received)


def _overlay(ledger: Ledger | None) -> Ledger:
    """The working ledger of one answer: a copy, or an overlay of a batch over a store.

    For a batch over a store (:class:`~jeugdinkoop.funding.LedgerBatch`) the overlay
    reads through to it, so that no history is copied; what the answer books is that
    overlay's pending entries and messages.
    """
    if ledger is None:
        return Ledger()
    if isinstance(ledger, LedgerBatch):
        return LedgerBatch(ledger)
    return ledger.copy()


def _check_lines(
    message: ClaimMessage,
    assignments: Iterable[Assignment] | Mapping[str, Assignment],
    region: Region,
    ledger: Ledger,
    received: date | None,
) -> ClaimAnswer:
    by_number = (
        dict(assignments)
        if isinstance(assignments, Mapping)
        else {a.reference: a for a in assignments}
    )
    line_findings: dict[str, list[Finding]] = defaultdict(list)
    claims: dict[str, Claim] = {}
    # the message's dates go to validate, which checks TR319 (9319), TR318 (8214),
    # TR134 and TR335 against them
    previous = previous_declaration_period(ledger, message)
    for line in message.lines:
        subject = f"claim {line.reference}"
        try:
            claims[line.reference] = line.to_claim(message)
        except (InvalidValue, ValueError) as err:
            line_findings[line.reference].append(
                RULES["JI-940"].finding(subject, "ProductCode", product=line.product, problem=err)
            )
    refused_clients: set[str] = set()
    while True:
        report = validate(
            [c for c in claims.values() if c.client.reveal() not in refused_clients],
            by_number,
            region,
            # a batch over a store is booked into: each try gets a fresh overlay of its own
            LedgerBatch(ledger) if isinstance(ledger, LedgerBatch) else ledger,
            declaration_period=_period(message),
            received=message.header.date,
            previous_declaration_period=previous,
        )
        per_line = {r.reference: list(r.findings) for r in report.rejected}
        client_level = {
            claims[ref].client.reveal()
            for ref, fs in per_line.items()
            if _errors(fs, MessageClass.CLIENT)
        }
        if client_level <= refused_clients:
            break
        refused_clients |= client_level
        # a refused client's lines must not use up volume or budget: check again without them
        remembered = {
            ref: fs for ref, fs in per_line.items() if claims[ref].client.reveal() in client_level
        }
        for ref, fs in remembered.items():
            line_findings[ref] = fs
    for ref, fs in per_line.items():
        line_findings.setdefault(ref, []).extend(f for f in fs if f not in line_findings[ref])
    all_findings = [f for fs in line_findings.values() for f in fs]
    all_findings += [f for accepted in report.accepted for f in accepted.findings]  # warnings
    whole = _errors(all_findings, MessageClass.HEADER) + _errors(
        all_findings, MessageClass.DECLARATION
    )
    if whole:
        # IV087/IV088: a header finding (level 2: 0001) or a declaration finding (8214,
        # say) refuses the declaration whole: no clients, nothing granted, nothing booked
        head_codes = _codes(_errors(whole, MessageClass.HEADER))
        decl_codes = _codes(_errors(whole, MessageClass.DECLARATION))
        _register(ledger, message, declaration=not head_codes, lines=0, received=received)
        return _refused_whole(
            message,
            findings=all_findings,
            level=min(f.rule.level for f in whole),
            ledger=ledger,
            header=head_codes or ("0200",),
            declaration=() if head_codes else decl_codes,
        )
    client_codes = {
        bsn: _codes(
            f
            for line in _lines_of(message, bsn)
            for f in _errors(line_findings.get(line.reference, ()), MessageClass.CLIENT)
        )
        for bsn in refused_clients
    }
    rejected: list[RejectedLine] = []
    for line in message.lines:
        if line.bsn in refused_clients:
            rejected.append(
                RejectedLine(line, ("0233",), tuple(line_findings.get(line.reference, ())))
            )
            continue
        errors = _errors(line_findings.get(line.reference, ()))
        if errors:
            rejected.append(RejectedLine(line, _codes(errors), tuple(errors)))
    refused_amount = Money.sum(r.line.signed_amount for r in rejected)
    new_ledger = report.ledger
    _register(
        new_ledger,
        message,
        declaration=True,
        lines=len(report.accepted),
        received=received,
        assessed=True,
    )
    return ClaimAnswer(
        message=message,
        findings=tuple(all_findings),
        level=None,
        header_codes=("0200",),
        declaration_codes=("0200",) if rejected else ("8001",),
        client_codes=client_codes,
        rejected=tuple(rejected),
        granted=message.total - refused_amount,
        report=report,
        ledger=new_ledger,
    )


def _lines_of(message: ClaimMessage, bsn: str) -> Iterator[ServiceLine]:
    return (line for client in message.clients if client.bsn == bsn for line in client.lines)


def write_jw323(message: ClaimMessage) -> bytes:
    """A :class:`ClaimMessage` as JW323 XML (what a provider sends; used in tests and benchmarks).

    .. versionadded:: 0.1

    Examples:
        >>> from jeugdinkoop.ijw import read_claim_message
        >>> from pathlib import Path
        >>> sample = read_claim_message(Path("../shared/ijw-external/voorbeeldberichten/JW323.xml"))
        >>> attrs.evolve(read_claim_message(write_jw323(sample)), digest="") == attrs.evolve(sample, digest="")
        True
    """
    head = message.header
    x = _Writer("jw323")
    x.w('<?xml version="1.0" encoding="UTF-8"?>\n')
    x.w(f'<jw323:Bericht xmlns:jw323="{NAMESPACES["JW323"]}" xmlns:ijw="{IJW_NS}">')
    x.w("<jw323:Header>")
    x.el("BerichtCode", "490")
    x.el("BerichtVersie", "3")
    x.el("BerichtSubversie", "2")
    x.el("Afzender", head.sender)
    x.el("Ontvanger", head.receiver)
    x.identification("BerichtIdentificatie", head.identification, head.date)
    x.versions("XsdVersie", head.basisschema_version, head.message_version)
    x.w("</jw323:Header><jw323:Declaratie>")
    x.el("DeclaratieNummer", message.declaration)
    x.w("<jw323:DeclaratiePeriode>")
    x.ijw("Begindatum", message.period_start.isoformat())
    x.ijw("Einddatum", message.period_end.isoformat())
    x.w("</jw323:DeclaratiePeriode>")
    x.el("DeclaratieDagtekening", message.signed_on.isoformat())
    cents, dc = _signed(message.total)
    x.w("<jw323:TotaalIngediendBedrag>")
    x.ijw("TotaalBedrag", cents)
    x.ijw("DebetCredit", message.total_debit_credit if cents == 0 else dc)
    x.w("</jw323:TotaalIngediendBedrag><jw323:Clienten>")
    for client in message.clients:
        x.w("<jw323:Client>")
        x.el("Bsn", client.bsn)
        x.w("<jw323:Prestaties>")
        for line in client.lines:
            x.line(line, None)
        x.w("</jw323:Prestaties></jw323:Client>")
    x.w("</jw323:Clienten></jw323:Declaratie></jw323:Bericht>\n")
    return "".join(x.out).encode("utf-8")
