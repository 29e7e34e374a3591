"""iJw 3.2 messages as Python objects: JW323 claims in, JW301/JW315 assignments in.

:func:`read_message` reads any of them safely and checks level 1 (the schema); the
readers turn a parsed message into objects: a :class:`ClaimMessage` (header,
declaration and, per client, the :class:`ServiceLine` prestaties) for a JW323, and
:class:`~jeugdinkoop.model.Assignment` objects for a JW301 or JW315. Amounts are whole
euro cents on the wire and :class:`~jeugdinkoop.money.Money` here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime, time
from pathlib import Path
from typing import IO, Final, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

import attrs

from jeugdinkoop.codes import ChangeReason, DebitCredit, Frequency, ProductCategory, Referrer, Unit
from jeugdinkoop.errors import InvalidValue, JeugdinkoopError
from jeugdinkoop.ijw._safe import (
    MAX_MESSAGE_BYTES,
    UnsafeMessage,
    check_prolog,
    parse_bytes,
    read_limited,
)
from jeugdinkoop.ijw._schema import IJW_NS, NAMESPACES, SchemaProblem, _Walker, structure_problems
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = [
    "AssignedProduct",
    "ClaimMessage",
    "ClientLines",
    "Header",
    "Message",
    "MessageRefused",
    "ServiceLine",
    "assignments_from_message",
    "claim_message_from",
    "message_kind",
    "read_assignments",
    "read_claim_message",
    "read_message",
]

_KIND_BY_NS: Final = {ns: kind for kind, ns in NAMESPACES.items()}


class MessageRefused(JeugdinkoopError, ValueError):
    """A message that fails check level 1 (the schema): it gets no JW325 at all.

    Attributes:
        source: the file name, or ``"<bytes>"``.
        kind: the message kind, when it could be told (``"JW323"``).
        problems: every place the message breaks the schema.

    Examples:
        >>> try:
        ...     read_message(b'<Bericht xmlns="http://www.istandaarden.nl/ijw/3_2/jw323/schema"/>')
        ... except MessageRefused as refused:
        ...     print(refused.kind, refused.problems[0])
        JW323 Bericht/Header: required, but missing

    .. versionadded:: 0.1
    """

    def __init__(self, source: str, kind: str, problems: list[SchemaProblem]) -> None:
        self.source = source
        self.kind = kind
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:5])
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        super().__init__(f"{source}: {kind or 'message'} fails the iJw 3.2 schema: {shown}{more}")


@attrs.frozen
class Message:
    """A parsed iJw message that passed level 1.

    Attributes:
        kind: ``"JW301"``, ``"JW315"``, ``"JW323"`` or ``"JW325"``.
        root: the root element.
        source: the file name, or ``"<bytes>"``.
        digest: the SHA-256 of the bytes as received (hex).

    Examples:
        >>> from pathlib import Path
        >>> message = read_message(Path("../shared/ijw-external/voorbeeldberichten/JW301.xml"))
        >>> message.kind, message.root.tag.rpartition("}")[2], len(message.digest)
        ('JW301', 'Bericht', 64)

    .. versionadded:: 0.1
    """

    kind: str
    root: Element = attrs.field(eq=False)
    source: str
    digest: str


def message_kind(root: Element) -> str:
    """The kind of a message from its root element's namespace, or ``""`` when unknown.

    Examples:
        >>> from xml.etree.ElementTree import Element, ParseError, XMLPullParser
        >>> message_kind(Element("{http://www.istandaarden.nl/ijw/3_2/jw323/schema}Bericht"))
        'JW323'
    """
    ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    return _KIND_BY_NS.get(ns, "")


def _xsd_problems(data: bytes, kind: str, xsd_dir: Path) -> list[SchemaProblem]:
    try:
        import xmlschema
    except ImportError:  # pragma: no cover - depends on the environment
        raise JeugdinkoopError(
            "checking against official XSDs needs the 'xmlschema' package (pip install xmlschema)"
        ) from None
    path = xsd_dir / f"{kind}.xsd"
    if not path.exists():
        raise JeugdinkoopError(f"{path}: no XSD for {kind} in {xsd_dir}")
    schema = xmlschema.XMLSchema(str(path))
    return [
        SchemaProblem(str(e.path or "Bericht"), "", str(e.reason))
        for e in schema.iter_errors(data.decode("utf-8", errors="replace"))
    ]


def read_message(
    source: str | Path | bytes | IO[bytes],
    *,
    expect: tuple[str, ...] = ("JW301", "JW315", "JW323"),
    xsd_dir: str | Path | None = None,
    limit: int = MAX_MESSAGE_BYTES,
) -> Message:
    """Read an iJw message safely and check level 1 (the schema).

    Args:
        source: a file name, the bytes, or a binary stream.
        expect: the message kinds accepted.
        xsd_dir: a directory holding the official XSDs (``JW323.xsd`` and the
            ``basisschema.xsd`` it imports), to check against them as well
            (needs the ``xmlschema`` package).
        limit: the size limit in bytes (25 MB, OP179).

    Raises:
        UnsafeMessage: too large, a DTD or entity, or not well-formed XML.
        MessageRefused: the message is not one of ``expect`` or breaks the schema.
        OSError: the file cannot be read.

    .. versionadded:: 0.1

    Examples:
        >>> read_message(b"<Bericht/>")
        Traceback (most recent call last):
        ...
        jeugdinkoop.ijw.messages.MessageRefused: <bytes>: message fails the iJw 3.2 schema: Bericht: not an iJw 3.2 message of kind JW301, JW315, JW323 (namespace '')
    """
    data, name = read_limited(source, limit)
    root = parse_bytes(data, name)
    kind = message_kind(root)
    if kind not in expect:
        raise MessageRefused(name, kind, [_not_expected(root, expect)])
    problems = structure_problems(root, kind)
    if xsd_dir is not None and not problems:
        problems = _xsd_problems(data, kind, Path(xsd_dir))
    if problems:
        raise MessageRefused(name, kind, problems)
    return Message(kind, root, name, hashlib.sha256(data).hexdigest())


def _not_expected(root: Element, expect: tuple[str, ...]) -> SchemaProblem:
    ns = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    return SchemaProblem(
        root.tag.rpartition("}")[2],
        "",
        f"not an iJw 3.2 message of kind {', '.join(expect)} (namespace {ns!r})",
    )


# -- reading fields --------------------------------------------------------------------------
def _text(parent: Element, ns: str, *path: str) -> str | None:
    element: Element | None = parent
    for name in path:
        assert element is not None
        element = element.find(f"{{{ns if name[0] != '@' else IJW_NS}}}{name.lstrip('@')}")
        if element is None:
            return None
    assert element is not None
    return element.text or ""


def _int(text: str | None) -> int | None:
    return None if text is None else int(text.strip())


def _date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text.strip())


@attrs.frozen
class Header:
    """The header every iJw message carries.

    Attributes:
        code: the message code (BerichtCode: 490 for JW323).
        sender: Afzender: an AGB code (provider) or a CBS municipality code.
        receiver: Ontvanger, the other of the two.
        identification: BerichtIdentificatie/Identificatie.
        date: BerichtIdentificatie/Dagtekening.
        basisschema_version: XsdVersie/BasisschemaXsdVersie.
        message_version: XsdVersie/BerichtXsdVersie.

    Examples:
        >>> from pathlib import Path
        >>> header = read_claim_message(Path("../shared/ijw-external/voorbeeldberichten/JW323.xml")).header
        >>> header.sender, header.receiver, header.identification, header.date
        ('65656055', '0384', '765432198', datetime.date(2026, 5, 6))

    .. versionadded:: 0.1
    """

    code: str
    sender: str
    receiver: str
    identification: str
    date: date
    basisschema_version: str
    message_version: str


def _header(root: Element, ns: str) -> Header:
    head = root.find(f"{{{ns}}}Header")
    assert head is not None
    return Header(
        code=(_text(head, ns, "BerichtCode") or "").strip(),
        sender=_text(head, ns, "Afzender") or "",
        receiver=_text(head, ns, "Ontvanger") or "",
        identification=_text(head, ns, "BerichtIdentificatie", "@Identificatie") or "",
        date=_date(_text(head, ns, "BerichtIdentificatie", "@Dagtekening")) or date.min,
        basisschema_version=_text(head, ns, "XsdVersie", "@BasisschemaXsdVersie") or "",
        message_version=_text(head, ns, "XsdVersie", "@BerichtXsdVersie") or "",
    )


# -- JW323 ----------------------------------------------------------------------------------
@attrs.frozen
class ServiceLine:
    """ServiceLine [prestatie]: one claim line of a JW323, as sent.

    Attributes:
        bsn: the client's BSN (nine digits, as sent).
        reference: ReferentieNummer.
        previous: VorigReferentieNummer (a credit names the debit it reverses).
        assignment: ToewijzingNummer.
        category: ProductCategorie.
        product: ProductCode (1–5 characters).
        start: ProductPeriode/Begindatum.
        end: ProductPeriode/Einddatum.
        volume: GeleverdVolume (euro cents when the unit is 83).
        unit: Eenheid (WJ756 code).
        tariff: ProductTarief, when sent.
        amount: IngediendBedrag, unsigned.
        debit_credit: ``"D"`` or ``"C"``.

    Examples:
        >>> from datetime import date
        >>> line = ServiceLine(bsn="100000010", reference="R-1", previous=None, assignment=1001,
        ...     category="45", product="45A01", start=date(2025, 3, 1), end=date(2025, 3, 31),
        ...     volume=8, unit="04", tariff=Money("78.00"), amount=Money("624.00"), debit_credit="D")
        >>> line.signed_amount, attrs.evolve(line, previous="R-0", debit_credit="C").signed_amount
        (Money('624.00'), Money('-624.00'))

    .. versionadded:: 0.1
    """

    bsn: str
    reference: str
    previous: str | None
    assignment: int
    category: str
    product: str
    start: date
    end: date
    volume: int
    unit: str
    tariff: Money | None
    amount: Money
    debit_credit: str

    @property
    def signed_amount(self) -> Money:
        """The amount with the sign of debit (+) or credit (−)."""
        return self.amount if self.debit_credit == "D" else -self.amount

    def to_claim(self, message: ClaimMessage) -> Claim:
        """The :class:`~jeugdinkoop.model.Claim` this line makes in ``message``.

        Raises:
            InvalidValue: when a field does not fit the library's model (a product code
                that is not five letters or digits, say).
        """
        return Claim(
            reference=self.reference,
            assignment=str(self.assignment),
            provider=message.header.sender,
            client=self.bsn,
            municipality=message.header.receiver,
            product=self.product,
            start=self.start,
            end=self.end,
            quantity=self.volume,
            unit=Unit(self.unit),
            amount=self.amount,
            debit_credit=DebitCredit(self.debit_credit),
            reverses=self.previous,
            category=ProductCategory(self.category),
            declaration=message.declaration,
            tariff=self.tariff,
        )


@attrs.frozen
class ClientLines:
    """The prestaties of one client in a JW323.

    Attributes:
        bsn: the client's BSN as sent.
        lines: the client's lines, in message order.

    Examples:
        >>> ClientLines(bsn="100000010", lines=()).lines
        ()

    .. versionadded:: 0.1
    """

    bsn: str
    lines: tuple[ServiceLine, ...]


@attrs.frozen
class ClaimMessage:
    """ClaimMessage [declaratiebericht, JW323]: a provider's claim for one declaration period.

    Attributes:
        header: the message header (sender: the provider; receiver: the municipality).
        declaration: DeclaratieNummer.
        period_start: DeclaratiePeriode/Begindatum.
        period_end: DeclaratiePeriode/Einddatum.
        signed_on: DeclaratieDagtekening.
        total: TotaalIngediendBedrag, signed (a credit total is negative).
        clients: the clients and their lines, in message order.
        digest: the SHA-256 of the message as received (hex).
        total_debit_credit: the total's DebetCredit as sent (``"D"`` or ``"C"``).

    Examples:
        >>> from pathlib import Path
        >>> message = read_claim_message(Path("../shared/ijw-external/voorbeeldberichten/JW323.xml"))
        >>> message.declaration, str(message.period), message.total, message.line_count
        ('DN001', '2026-04-01..2026-04-30', Money('790.00'), 5)
        >>> [line.reference for line in message.lines]
        ['RN001', 'RN002', 'RN003', 'RN004', 'RN004']

    .. versionadded:: 0.1
    """

    header: Header
    declaration: str
    period_start: date
    period_end: date
    signed_on: date
    total: Money
    clients: tuple[ClientLines, ...]
    digest: str = ""
    total_debit_credit: str = "D"

    @property
    def period(self) -> Period:
        """The declaration period (raises :class:`InvalidValue` when its end precedes its start)."""
        return Period(self.period_start, self.period_end)

    @property
    def lines(self) -> Iterator[ServiceLine]:
        """Every line, client by client, in message order."""
        return (line for client in self.clients for line in client.lines)

    @property
    def line_count(self) -> int:
        """How many lines (prestaties) the message holds."""
        return sum(len(c.lines) for c in self.clients)


def _money(text: str | None) -> Money | None:
    return None if text is None else Money.from_cents(int(text.strip()))


def _signed_total(parent: Element, ns: str, name: str, amount: str) -> Money:
    cents = _int(_text(parent, ns, name, f"@{amount}")) or 0
    sign = -1 if (_text(parent, ns, name, "@DebetCredit") or "D").strip() == "C" else 1
    return Money.from_cents(sign * cents)


def _service_line(line: Element, bsn: str, ns: str) -> ServiceLine:
    return ServiceLine(
        bsn=bsn,
        reference=_text(line, ns, "ProductReferentie", "@ReferentieNummer") or "",
        previous=_text(line, ns, "ProductReferentie", "@VorigReferentieNummer"),
        assignment=_int(_text(line, ns, "ToewijzingNummer")) or 0,
        category=_text(line, ns, "ProductCategorie") or "",
        product=_text(line, ns, "ProductCode") or "",
        start=_date(_text(line, ns, "ProductPeriode", "@Begindatum")) or date.min,
        end=_date(_text(line, ns, "ProductPeriode", "@Einddatum")) or date.min,
        volume=_int(_text(line, ns, "GeleverdVolume")) or 0,
        unit=_text(line, ns, "Eenheid") or "",
        tariff=_money(_text(line, ns, "ProductTarief")),
        amount=_money(_text(line, ns, "IngediendBedrag", "@Bedrag")) or Money.zero(),
        debit_credit=(_text(line, ns, "IngediendBedrag", "@DebetCredit") or "D").strip(),
    )


def _claim_message(root: Element, clients: tuple[ClientLines, ...], digest: str) -> ClaimMessage:
    ns = NAMESPACES["JW323"]
    declaration = root.find(f"{{{ns}}}Declaratie")
    assert declaration is not None
    start = _date(_text(declaration, ns, "DeclaratiePeriode", "@Begindatum")) or date.min
    end = _date(_text(declaration, ns, "DeclaratiePeriode", "@Einddatum")) or date.min
    return ClaimMessage(
        header=_header(root, ns),
        declaration=_text(declaration, ns, "DeclaratieNummer") or "",
        period_start=start,
        period_end=end,
        signed_on=_date(_text(declaration, ns, "DeclaratieDagtekening")) or date.min,
        total=_signed_total(declaration, ns, "TotaalIngediendBedrag", "TotaalBedrag"),
        clients=clients,
        digest=digest,
        total_debit_credit=(
            _text(declaration, ns, "TotaalIngediendBedrag", "@DebetCredit") or "D"
        ).strip(),
    )


def claim_message_from(message: Message) -> ClaimMessage:
    """The :class:`ClaimMessage` of a JW323 that passed level 1.

    Raises:
        ValueError: when ``message`` is not a JW323.

    Examples:
        >>> from pathlib import Path
        >>> sample = Path("../shared/ijw-external/voorbeeldberichten/JW323.xml")
        >>> claim_message_from(read_message(sample)) == read_claim_message(sample)
        True

    .. versionadded:: 0.1
    """
    if message.kind != "JW323":
        raise ValueError(f"{message.source}: a {message.kind}, not a JW323")
    ns = NAMESPACES["JW323"]
    p = f"{{{ns}}}"
    clients = []
    for client in message.root.iterfind(f"{p}Declaratie/{p}Clienten/{p}Client"):
        bsn = (_text(client, ns, "Bsn") or "").strip()
        lines = tuple(
            _service_line(line, bsn, ns) for line in client.iterfind(f"{p}Prestaties/{p}Prestatie")
        )
        clients.append(ClientLines(bsn, lines))
    return _claim_message(message.root, tuple(clients), message.digest)


_CHUNK: Final = 1 << 20


def _stream_claim_message(data: bytes, name: str) -> ClaimMessage:
    """Parse, check level 1 and read a JW323 one prestatie at a time.

    Each Prestatie is checked and read when its end tag is parsed, then emptied, so the
    tree never holds more than one prestatie's content; the skeleton left (header,
    declaration, clients) is checked at the end, the emptied prestaties taken as done.
    """
    ns = NAMESPACES["JW323"]
    tag_prestatie, tag_client, tag_bsn = (f"{{{ns}}}{n}" for n in ("Prestatie", "Client", "Bsn"))
    walker = _Walker("JW323")
    parser: XMLPullParser[Element] = XMLPullParser(events=("end",))
    clients: list[ClientLines] = []
    lines: list[ServiceLine] = []
    bsn = ""
    client_number = line_number = 0
    element: Element | None = None
    problems = walker.problems
    try:
        for offset in range(0, len(data), _CHUNK):
            parser.feed(data[offset : offset + _CHUNK])
            for pair in parser.read_events():
                # only end events were asked for: each is ("end", element)
                element = cast(tuple[str, Element], pair)[1]
                tag = element.tag
                if tag == tag_prestatie:
                    line_number += 1
                    before = len(problems)
                    walker.element(
                        element,
                        "Prestatie",
                        [
                            "Bericht/Declaratie/Clienten",
                            f"Client[{client_number}]",
                            "Prestaties",
                            f"Prestatie[{line_number}]",
                        ],
                    )
                    if len(problems) == before:
                        lines.append(_service_line(element, bsn, ns))
                    element.clear()
                    walker.done.add(id(element))
                elif tag == tag_bsn:  # the first child of a Client
                    client_number += 1
                    line_number, bsn, lines = 0, (element.text or "").strip(), []
                elif tag == tag_client:
                    clients.append(ClientLines(bsn, tuple(lines)))
        parser.close()
    except ParseError as err:
        raise UnsafeMessage(name, f"not well-formed XML: {err}") from None
    root = element  # the last element to end is the root
    if root is None:  # pragma: no cover - close() refuses a document without an element
        raise UnsafeMessage(name, "no root element")
    kind = message_kind(root)
    if kind != "JW323":
        raise MessageRefused(name, kind, [_not_expected(root, ("JW323",))])
    walker.element(root, "Root", ["Bericht"])
    if walker.problems:
        raise MessageRefused(name, kind, walker.problems)
    return _claim_message(root, tuple(clients), hashlib.sha256(data).hexdigest())


def read_claim_message(
    source: str | Path | bytes | IO[bytes], *, xsd_dir: str | Path | None = None
) -> ClaimMessage:
    """Read a JW323 safely, check level 1 and return its :class:`ClaimMessage`.

    The message is parsed as a stream, one prestatie at a time (see the module note of
    :mod:`jeugdinkoop.ijw`); with ``xsd_dir`` it is parsed whole and checked against
    the official XSDs as well.

    Raises:
        UnsafeMessage: too large, a DTD or entity, or not well-formed XML.
        MessageRefused: not a JW323, or it breaks the schema.

    Examples:
        >>> from pathlib import Path
        >>> message = read_claim_message(Path("../shared/ijw-external/voorbeeldberichten/JW323.xml"))
        >>> [(c.bsn[-4:], len(c.lines)) for c in message.clients]
        [('0006', 2), ('0018', 3)]

    .. versionadded:: 0.1
    """
    if xsd_dir is not None:
        return claim_message_from(read_message(source, expect=("JW323",), xsd_dir=xsd_dir))
    data, name = read_limited(source)
    check_prolog(data, name)
    return _stream_claim_message(data, name)


# -- JW301 / JW315 ---------------------------------------------------------------------------
@attrs.frozen
class AssignedProduct:
    """One assigned (JW301) or requested (JW315) product, as the message gives it.

    Attributes:
        reference: its assignment number (JW301 ToewijzingNummer) or, for a request,
            the provider's reference (JW315 ReferentieAanbieder).
        assignment: the :class:`~jeugdinkoop.model.Assignment`, or ``None`` when it does
            not fit the library's model (see :attr:`problem`).
        decided: when the municipality decided it (Toewijzingsdatum and -tijd; JW301
            only): of two versions of one assignment number the later one holds.
        change_reason: RedenWijziging (JZ002) when the assignment was changed;
            :attr:`~jeugdinkoop.codes.ChangeReason.WITHDRAWN` (``13``) means it was
            withdrawn (verwijderd). The assignment carries the same value.
        problem: why it does not fit the model, when it does not.

    Examples:
        >>> from pathlib import Path
        >>> message = read_message(Path("../shared/ijw-external/voorbeeldberichten/JW301.xml"))
        >>> first = assignments_from_message(message)[0]
        >>> first.reference, first.decided, first.withdrawn, first.assignment.product
        ('300201', datetime.datetime(2026, 4, 1, 12, 34, 56), False, ProductCode('55A11'))

    .. versionadded:: 0.1
    """

    reference: str
    assignment: Assignment | None
    decided: datetime | None = None
    change_reason: ChangeReason | None = None
    problem: str | None = None

    @property
    def withdrawn(self) -> bool:
        """Whether the assignment was withdrawn (RedenWijziging 13, verwijderd; TR384)."""
        return self.change_reason is ChangeReason.WITHDRAWN

    def __str__(self) -> str:
        return f"{self.reference}: {self.problem or 'ok'}"


def _assignment(
    product: Element,
    ns: str,
    *,
    reference: str,
    client: str,
    municipality: str,
    provider: str,
    start_name: str,
    end_name: str,
    referrer: Referrer,
    generic_category: ProductCategory | None,
    change_reason: ChangeReason | None = None,
) -> Assignment:
    category_text = _text(product, ns, "Product", "@Categorie")
    code = _text(product, ns, "Product", "@Code")
    if category_text is None:
        if generic_category is None:
            raise InvalidValue(
                f"Assignment {reference!r}.category: a generic assignment (no Product) needs "
                "a category in this library; pass generic_category="
            )
        category = generic_category
    else:
        category = ProductCategory(category_text)
    start = _date(_text(product, ns, start_name))
    assert start is not None
    end = _date(_text(product, ns, end_name))
    volume = None
    if product.find(f"{{{ns}}}Omvang") is not None:
        volume = Volume(
            quantity=_int(_text(product, ns, "Omvang", "@Volume")) or 0,
            unit=Unit(_text(product, ns, "Omvang", "@Eenheid") or ""),
            frequency=Frequency(_text(product, ns, "Omvang", "@Frequentie") or ""),
        )
    budget = _money(_text(product, ns, "Budget"))
    return Assignment(
        reference=reference,
        client=client,
        municipality=municipality,
        provider=provider,
        category=category,
        period=Period(start, end),
        product=code.strip() if code is not None else None,
        volume=volume,
        budget=budget,
        referrer=referrer,
        change_reason=change_reason,
    )


def assignments_from_message(
    message: Message, *, generic_category: ProductCategory | None = None
) -> list[AssignedProduct]:
    """The assigned products of a JW301, or the requested ones of a JW315.

    A JW301's ToegewezenProduct becomes an assignment numbered by its ToewijzingNummer;
    a JW315's AangevraagdProduct becomes one numbered by its ReferentieAanbieder (it has
    no number yet). All three variants are read: specific (a product code, with a volume),
    aspecific (a category, with a budget or nothing) and generic (no product at all, a
    budget), for which the library needs ``generic_category`` as its category. A product
    that does not fit the library's model comes back with its :attr:`~AssignedProduct.problem`.

    Raises:
        ValueError: when ``message`` is neither a JW301 nor a JW315.

    Examples:
        >>> from pathlib import Path
        >>> message = read_message(Path("../shared/ijw-external/voorbeeldberichten/JW301.xml"))
        >>> [(p.reference, p.assignment.volume.unit.value) for p in assignments_from_message(message)]
        [('300201', '04'), ('300202', '16')]

    .. versionadded:: 0.1
    """
    if message.kind not in ("JW301", "JW315"):
        raise ValueError(f"{message.source}: a {message.kind}, not a JW301 or JW315")
    ns = NAMESPACES[message.kind]
    header = _header(message.root, ns)
    client = message.root.find(f"{{{ns}}}Client")
    assert client is not None
    bsn = (_text(client, ns, "Bsn") or "").strip()
    result: list[AssignedProduct] = []
    p = f"{{{ns}}}"
    if message.kind == "JW301":
        items = client.iterfind(f"{p}ToegewezenProducten/{p}ToegewezenProduct")
    else:
        items = client.iterfind(f"{p}AangevraagdeProducten/{p}AangevraagdProduct")
    for item in items:
        decided = None
        reason: ChangeReason | None = None
        if message.kind == "JW301":
            reference = str(_int(_text(item, ns, "ToewijzingNummer")))
            names = ("Ingangsdatum", "Einddatum")
            municipality, provider = header.sender, header.receiver
            referrer = Referrer.MUNICIPALITY
            day = _date(_text(item, ns, "Toewijzingsdatum"))
            moment = time.fromisoformat((_text(item, ns, "Toewijzingstijd") or "").strip())
            decided = datetime.combine(day or date.min, moment)
            reason_code = _text(item, ns, "RedenWijziging")
            reason = ChangeReason(reason_code.strip()) if reason_code is not None else None
        else:
            reference = (_text(item, ns, "ReferentieAanbieder") or "").strip()
            names = ("ToewijzingIngangsdatum", "ToewijzingEinddatum")
            municipality, provider = header.receiver, header.sender
            referrer = Referrer((_text(item, ns, "Verwijzer", "@Type") or "01").strip())
        try:
            assignment = _assignment(
                item,
                ns,
                reference=reference,
                client=bsn,
                municipality=municipality,
                provider=provider,
                start_name=names[0],
                end_name=names[1],
                referrer=referrer,
                generic_category=generic_category,
                change_reason=reason,
            )
        except (InvalidValue, ValueError) as err:
            result.append(AssignedProduct(reference, None, decided, reason, str(err)))
        else:
            result.append(AssignedProduct(reference, assignment, decided, reason))
    return result


def read_assignments(
    source: str | Path | bytes | IO[bytes],
    *,
    generic_category: ProductCategory | None = None,
    xsd_dir: str | Path | None = None,
) -> list[Assignment]:
    """Read the assignments of a JW301 or JW315 safely; every misfit is an error.

    A withdrawn assignment (RedenWijziging 13) is kept with its ``change_reason``
    (:class:`~jeugdinkoop.codes.ChangeReason`), so a claim on it is refused with 9384
    (TR384, JI-210) rather than as unknown (9338).

    Raises:
        UnsafeMessage: too large, a DTD or entity, or not well-formed XML.
        MessageRefused: not a JW301/JW315, or it breaks the schema.
        InvalidValue: when assigned products do not fit the library's model, listing
            each by its reference.

    Examples:
        >>> from pathlib import Path
        >>> [a.reference for a in read_assignments(Path("../shared/ijw-external/voorbeeldberichten/JW301.xml"))]
        ['300201', '300202']

    .. versionadded:: 0.1
    """
    message = read_message(source, expect=("JW301", "JW315"), xsd_dir=xsd_dir)
    products = assignments_from_message(message, generic_category=generic_category)
    problems = [p for p in products if p.problem is not None]
    if problems:
        raise InvalidValue(f"{message.source}: " + "; ".join(str(p) for p in problems))
    return [p.assignment for p in products if p.assignment is not None]


__all__ += ["UnsafeMessage"]
