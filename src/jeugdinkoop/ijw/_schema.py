"""Level 1: the structure of iJw 3.2 messages, checked without the official XSDs.

The official schemas cannot ship in the package, so the structure they define is written
down here as data: per complex type the sequence of its elements (name, type, how often),
per simple type its check. :func:`structure_problems` walks a parsed message against it
and lists every place that breaks it, in document order.

JW323 and JW325 are described completely. For JW301 and JW315 the header and the
assigned/requested products are described completely; the personal details the library
does not use (name, address, telephone, relations, communication) are checked for
presence and order only, their content is not checked. Pass a directory of the official
XSDs to :func:`jeugdinkoop.ijw.read_message` for a full check of those parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Final
from xml.etree.ElementTree import Element

import attrs

__all__ = ["IJW_NS", "NAMESPACES", "SchemaProblem", "structure_problems"]

IJW_NS: Final = "http://www.istandaarden.nl/ijw/3_2/basisschema/schema"
"""The namespace of the iJw 3.2 basisschema (the ``ijw:`` elements)."""

NAMESPACES: Final = {
    kind: f"http://www.istandaarden.nl/ijw/3_2/{kind.lower()}/schema"
    for kind in ("JW301", "JW315", "JW323", "JW325")
}
"""The namespace of each message kind's own elements."""

_XSI: Final = "http://www.w3.org/2001/XMLSchema-instance"
_XSI_ALLOWED: Final = {f"{{{_XSI}}}schemaLocation", f"{{{_XSI}}}noNamespaceSchemaLocation"}


@attrs.frozen
class SchemaProblem:
    """One place where a message breaks the schema.

    Attributes:
        path: the element's path (``Bericht/Declaratie/Clienten/Client[2]/Bsn``).
        value: the offending text, or ``""`` for a structural problem.
        rule: what is wrong.

    Examples:
        >>> str(SchemaProblem("Bericht/Header/Afzender", "123", "does not match the pattern [0-9]{8}"))
        "Bericht/Header/Afzender = '123': does not match the pattern [0-9]{8}"

    .. versionadded:: 0.1
    """

    path: str
    value: str
    rule: str

    def __str__(self) -> str:
        shown = f" = {self.value!r}" if self.value else ""
        return f"{self.path}{shown}: {self.rule}"


# -- simple types ----------------------------------------------------------------------------
Check = Callable[[str], str | None]
"""A simple type's check: the problem with a text, or ``None`` when it is fine."""

_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
_DATE: Final = re.compile(r"(-?[0-9]{4,})-([0-9]{2})-([0-9]{2})")
_TIME: Final = re.compile(
    r"(?:([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"
)
_XML_WS: Final = " \t\n\r"


def _integer(low: int, high: int) -> Check:
    def check(text: str) -> str | None:
        collapsed = text.strip(_XML_WS)
        if not _INTEGER.fullmatch(collapsed):
            return "not an integer"
        if not low <= int(collapsed) <= high:
            return f"not between {low} and {high}"
        return None

    return check


def _string(
    min_length: int = 1,
    max_length: int | None = None,
    pattern: str | None = None,
    non_blank: bool = False,
    one_line: bool = False,
) -> Check:
    compiled = re.compile(pattern) if pattern else None

    def check(text: str) -> str | None:
        if len(text) < min_length:
            return f"shorter than {min_length} character(s)"
        if max_length is not None and len(text) > max_length:
            return f"longer than {max_length} characters"
        if compiled is not None and not compiled.fullmatch(text):
            return f"does not match the pattern {pattern}"
        if (non_blank or one_line) and all(c in _XML_WS for c in text):
            return "has no character other than white space"
        if one_line and ("\n" in text or "\r" in text):
            return "has a line break"
        return None

    return check


def _enumeration(*codes: str) -> Check:
    allowed = frozenset(codes)

    def check(text: str) -> str | None:
        if text not in allowed:
            return f"not one of the codes {', '.join(sorted(allowed))}"
        return None

    return check


def _fixed(value: str, base: Check) -> Check:
    def check(text: str) -> str | None:
        problem = base(text)
        if problem is not None:
            return problem
        if text.strip(_XML_WS) != value:
            return f"must be {value}"
        return None

    return check


def _date(text: str) -> str | None:
    collapsed = text.strip(_XML_WS)
    match = _DATE.fullmatch(collapsed)
    if not match:
        return "not a date (YYYY-MM-DD, no time zone)"
    year, month, day = (int(g) for g in match.groups())
    try:
        date(year, month, day)
    except ValueError:
        return "not an existing date"
    return None


def _time(text: str) -> str | None:
    if not _TIME.fullmatch(text.strip(_XML_WS)):
        return "not a time (hh:mm:ss, no time zone)"
    return None


def _version(text: str) -> str | None:
    if not re.fullmatch(r"(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)", text):
        return "not a version (like 1.2.0)"
    return None


def _any_text(text: str) -> str | None:
    return None


_RETURN_CODES: Final = [
    "0001",
    "0200",
    "0233",
    "0611",
    "8001",
    "8017",
    "8021",
    "8187",
    "8214",
    "8848",
    "9019",
    "9056",
    "9063",
    "9069",
    "9071",
    "9074",
    "9307",
    "9308",
    "9319",
    "9321",
    "9322",
    "9326",
    "9332",
    "9333",
    "9338",
    "9339",
    "9340",
    "9341",
    "9346",
    "9347",
    "9349",
    "9350",
    "9351",
    "9355",
    "9357",
    "9359",
    "9360",
    "9361",
    "9365",
    "9366",
    "9367",
    "9369",
    "9373",
    "9374",
    "9375",
    "9379",
    "9384",
    "9385",
    "9387",
    "9388",
    "9389",
    "9390",
    "9411",
    "9412",
    "9413",
    "9414",
    "9415",
    "S300",
    "S329",
]
"""The 59 return codes of WJ001 (LDT_RetourCode)."""

_CATEGORIES: Final = [
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "38",
    "40",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "47",
    "48",
    "49",
    "50",
    "51",
    "52",
    "53",
    "54",
    "55",
]

_SIMPLE: Final[dict[str, Check]] = {
    "LDT_BerichtVersie": _integer(0, 99),
    "LDT_BerichtSubversie": _integer(0, 99),
    "LDT_AgbCode": _string(1, 8, r"[0-9]{8}"),
    "LDT_Gemeente": _string(1, None, r"[0-9]{4}"),
    "LDT_IdentificatieBericht": _string(1, 12, one_line=True),
    "LDT_Datum": _date,
    "LDT_Tijd": _time,
    "LDT_Versie": _version,
    "LDT_IdentificatieDeclaratie": _string(1, 12),
    "LDT_TotaalBedrag": _integer(0, 999_999_999_999),
    "LDT_Bedrag": _integer(0, 99_999_999),
    "LDT_Budget": _integer(0, 99_999_999),
    "LDT_Volume": _integer(0, 99_999_999),
    "LDT_Nummer": _integer(0, 999_999_999),
    "LDT_DebetCredit": _enumeration("C", "D"),
    "LDT_BurgerServicenummer": _string(1, 9, r"[0-9]{9}"),
    "LDT_ReferentieNummer": _string(1, 20),
    "LDT_Referentie": _string(1, 36, one_line=True),
    "LDT_ProductCategorie": _enumeration(*_CATEGORIES),
    "LDT_ProductCode": _string(1, 5, one_line=True),
    "LDT_Eenheid": _enumeration("01", "04", "14", "16", "82", "83", "84"),
    "LDT_Frequentie": _enumeration("1", "2", "4", "6"),
    "LDT_RedenWijziging": _enumeration(*(f"{n:02d}" for n in range(1, 15))),
    "LDT_RetourCode": _enumeration(*_RETURN_CODES),
    "LDT_Commentaar": _string(1, None, None, non_blank=True),
    "LDT_Geslacht": _enumeration("0", "1", "2"),
    "LDT_JaNee": _enumeration("1", "2"),
    "LDT_TypeVerwijzer": _enumeration("01", "02", "03", "04", "05", "06", "08"),
    "LDT_NaamVerwijzer": _string(1, 64, one_line=True),
    # the personal details the library does not read: presence only (see the module note)
    "ANY": _any_text,
}

_MESSAGE_CODES: Final = {"JW301": "436", "JW315": "446", "JW323": "490", "JW325": "491"}


# -- complex types ---------------------------------------------------------------------------
@attrs.frozen
class _El:
    name: str
    type: str
    min: int = 1
    max: int | None = 1  # None: unbounded


def _opt(name: str, type_: str) -> _El:
    return _El(name, type_, 0, 1)


def _many(name: str, type_: str) -> _El:
    return _El(name, type_, 1, None)


_LAX: Final = "LAX"
"""A complex type whose content is not checked (personal details; see the module note)."""

_BASE: Final[dict[str, tuple[_El, ...]]] = {
    "CDT_BerichtIdentificatie": (
        _El("Identificatie", "LDT_IdentificatieBericht"),
        _El("Dagtekening", "LDT_Datum"),
    ),
    "CDT_XsdVersie": (
        _El("BasisschemaXsdVersie", "LDT_Versie"),
        _El("BerichtXsdVersie", "LDT_Versie"),
    ),
    "CDT_GeslotenPeriode": (_El("Begindatum", "LDT_Datum"), _El("Einddatum", "LDT_Datum")),
    "CDT_OpenPeriode": (_opt("Begindatum", "LDT_Datum"), _opt("Einddatum", "LDT_Datum")),
    "CDT_TotaalBedragMetDC": (
        _El("TotaalBedrag", "LDT_TotaalBedrag"),
        _El("DebetCredit", "LDT_DebetCredit"),
    ),
    "CDT_BedragMetDC": (_El("Bedrag", "LDT_Bedrag"), _El("DebetCredit", "LDT_DebetCredit")),
    "CDT_Referentie": (
        _El("ReferentieNummer", "LDT_ReferentieNummer"),
        _opt("VorigReferentieNummer", "LDT_ReferentieNummer"),
    ),
    "CDT_Product": (_El("Categorie", "LDT_ProductCategorie"), _opt("Code", "LDT_ProductCode")),
    "CDT_Omvang": (
        _El("Volume", "LDT_Volume"),
        _El("Eenheid", "LDT_Eenheid"),
        _El("Frequentie", "LDT_Frequentie"),
    ),
    "CDT_Geboortedatum": (_El("Datum", "LDT_Datum"), _opt("DatumGebruik", "ANY")),
    "CDT_Verwijzer": (
        _El("Type", "LDT_TypeVerwijzer"),
        _opt("Naam", "LDT_NaamVerwijzer"),
        _opt("ZorgverlenerCode", "LDT_AgbCode"),
    ),
}


def _header(kind: str, sender: str, receiver: str) -> tuple[_El, ...]:
    return (
        _El("BerichtCode", f"CODE_{kind}"),
        _El("BerichtVersie", "VERSION_3"),
        _El("BerichtSubversie", "SUBVERSION_2"),
        _El("Afzender", sender),
        _El("Ontvanger", receiver),
        _El("BerichtIdentificatie", "CDT_BerichtIdentificatie"),
        _El("XsdVersie", "CDT_XsdVersie"),
    )


_MESSAGES: Final[dict[str, dict[str, tuple[_El, ...]]]] = {
    "JW323": {
        "Root": (_El("Header", "Header"), _El("Declaratie", "Declaratie")),
        "Header": _header("JW323", "LDT_AgbCode", "LDT_Gemeente"),
        "Declaratie": (
            _El("DeclaratieNummer", "DECLARATION_NUMBER"),
            _El("DeclaratiePeriode", "CDT_GeslotenPeriode"),
            _El("DeclaratieDagtekening", "LDT_Datum"),
            _El("TotaalIngediendBedrag", "CDT_TotaalBedragMetDC"),
            _El("Clienten", "Clienten"),
        ),
        "Clienten": (_many("Client", "Client"),),
        "Client": (_El("Bsn", "LDT_BurgerServicenummer"), _El("Prestaties", "Prestaties")),
        "Prestaties": (_many("Prestatie", "Prestatie"),),
        "Prestatie": (
            _El("ProductReferentie", "CDT_Referentie"),
            _El("ToewijzingNummer", "LDT_Nummer"),
            _El("ProductCategorie", "LDT_ProductCategorie"),
            _El("ProductCode", "LDT_ProductCode"),
            _El("ProductPeriode", "CDT_GeslotenPeriode"),
            _El("GeleverdVolume", "LDT_Volume"),
            _El("Eenheid", "LDT_Eenheid"),
            _opt("ProductTarief", "LDT_Bedrag"),
            _El("IngediendBedrag", "CDT_BedragMetDC"),
        ),
    },
    "JW325": {
        "Root": (_El("Header", "Header"), _opt("DeclaratieAntwoord", "DeclaratieAntwoord")),
        "Header": (
            *_header("JW325", "LDT_Gemeente", "LDT_AgbCode"),
            _El("DeclaratieIdentificatie", "CDT_BerichtIdentificatie"),
            _opt("XsltVersie", "LDT_Versie"),
            _El("XsdVersieDeclaratie", "CDT_XsdVersie"),
            _El("RetourCodes", "RetourCodes"),
        ),
        "RetourCodes": (_many("RetourCode", "LDT_RetourCode"),),
        "DeclaratieAntwoord": (
            _El("DeclaratieNummer", "LDT_IdentificatieDeclaratie"),
            _El("TotaalIngediendBedrag", "CDT_TotaalBedragMetDC"),
            _El("TotaalToegekendBedrag", "CDT_TotaalBedragMetDC"),
            _opt("Clienten", "Clienten"),
            _El("RetourCodes", "RetourCodes"),
        ),
        "Clienten": (_many("Client", "Client"),),
        "Client": (
            _El("Bsn", "LDT_BurgerServicenummer"),
            _El("Prestaties", "Prestaties"),
            _El("RetourCodes", "RetourCodes"),
        ),
        "Prestaties": (_many("Prestatie", "Prestatie"),),
        "Prestatie": (
            _El("ProductReferentie", "CDT_Referentie"),
            _El("ToewijzingNummer", "LDT_Nummer"),
            _El("ProductCategorie", "LDT_ProductCategorie"),
            _El("ProductCode", "LDT_ProductCode"),
            _El("ProductPeriode", "CDT_GeslotenPeriode"),
            _El("GeleverdVolume", "LDT_Volume"),
            _El("Eenheid", "LDT_Eenheid"),
            _opt("ProductTarief", "LDT_Bedrag"),
            _El("IngediendBedrag", "CDT_BedragMetDC"),
            _El("RetourCodes", "RetourCodes"),
        ),
    },
    "JW301": {
        "Root": (_El("Header", "Header"), _El("Client", "Client")),
        "Header": _header("JW301", "LDT_Gemeente", "LDT_AgbCode"),
        "Client": (
            _El("Bsn", "LDT_BurgerServicenummer"),
            _El("Geboortedatum", "CDT_Geboortedatum"),
            _El("Geslacht", "LDT_Geslacht"),
            _El("Naam", _LAX),
            _opt("Communicatie", _LAX),
            _opt("JuridischeStatus", "ANY"),
            _opt("WettelijkeVertegenwoordiging", "ANY"),
            _opt("Commentaar", "LDT_Commentaar"),
            _opt("Relaties", _LAX),
            _El("Contactgegevens", _LAX),
            _El("ToegewezenProducten", "ToegewezenProducten"),
        ),
        "ToegewezenProducten": (_many("ToegewezenProduct", "ToegewezenProduct"),),
        "ToegewezenProduct": (
            _El("ToewijzingNummer", "LDT_Nummer"),
            _opt("ReferentieAanbieder", "LDT_Referentie"),
            _opt("Product", "CDT_Product"),
            _El("Toewijzingsdatum", "LDT_Datum"),
            _El("Toewijzingstijd", "LDT_Tijd"),
            _El("Ingangsdatum", "LDT_Datum"),
            _opt("Einddatum", "LDT_Datum"),
            _opt("RedenWijziging", "LDT_RedenWijziging"),
            _opt("Omvang", "CDT_Omvang"),
            _opt("Budget", "LDT_Budget"),
            _opt("Commentaar", "LDT_Commentaar"),
        ),
    },
    "JW315": {
        "Root": (_El("Header", "Header"), _El("Client", "Client")),
        "Header": _header("JW315", "LDT_AgbCode", "LDT_Gemeente"),
        "Client": (
            _El("Bsn", "LDT_BurgerServicenummer"),
            _El("Geboortedatum", "CDT_Geboortedatum"),
            _El("Geslacht", "LDT_Geslacht"),
            _El("Naam", _LAX),
            _opt("GezagsdragerBekend", "LDT_JaNee"),
            _opt("Commentaar", "LDT_Commentaar"),
            _El("AangevraagdeProducten", "AangevraagdeProducten"),
        ),
        "AangevraagdeProducten": (_many("AangevraagdProduct", "AangevraagdProduct"),),
        "AangevraagdProduct": (
            _El("ReferentieAanbieder", "LDT_Referentie"),
            _opt("BeschikkingNummer", "LDT_Nummer"),
            _opt("Product", "CDT_Product"),
            _opt("BeschikkingIngangsdatum", "LDT_Datum"),
            _El("ToewijzingIngangsdatum", "LDT_Datum"),
            _opt("ToewijzingEinddatum", "LDT_Datum"),
            _opt("Omvang", "CDT_Omvang"),
            _opt("Budget", "LDT_Budget"),
            _El("Verwijzer", "CDT_Verwijzer"),
            _opt("Raamcontract", "LDT_JaNee"),
            _opt("Commentaar", "LDT_Commentaar"),
        ),
    },
}


def _simple(kind: str, type_: str) -> Check | None:
    if type_.startswith("CODE_"):
        return _fixed(_MESSAGE_CODES[type_[5:]], _string(1, 3))
    if type_ == "VERSION_3":
        return _fixed("3", _integer(0, 99))
    if type_ == "SUBVERSION_2":
        return _fixed("2", _integer(0, 99))
    if type_ == "DECLARATION_NUMBER":
        return _string(1, 12, r"([a-zA-Z0-9])+")
    return _SIMPLE.get(type_)


def _name(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


class _Walker:
    """Walks a message against the description, collecting problems (paths built on demand)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ns = NAMESPACES[kind]
        self.problems: list[SchemaProblem] = []
        self.done: set[int] = set()  # elements already checked (a stream's prestaties)
        self.checks: dict[str, Check | None] = {}
        # per complex type: its sequence as (tag, local name, type, min, max)
        self.sequences: dict[str, tuple[tuple[str, str, str, int, int | None], ...]] = {}
        for name, sequence in (*_MESSAGES[kind].items(), *_BASE.items()):
            ns = IJW_NS if name.startswith("CDT_") else self.ns
            self.sequences[name] = tuple(
                (f"{{{ns}}}{e.name}", e.name, e.type, e.min, e.max) for e in sequence
            )

    def check_of(self, type_: str) -> Check | None:
        try:
            return self.checks[type_]
        except KeyError:
            check = self.checks[type_] = _simple(self.kind, type_)
            return check

    def problem(self, path: list[str], value: str, rule: str) -> None:
        self.problems.append(SchemaProblem("/".join(path), value, rule))

    def element(self, element: Element, type_: str, path: list[str]) -> None:
        if self.done and id(element) in self.done:
            return
        if element.attrib:
            for attribute in element.attrib:
                if attribute not in _XSI_ALLOWED:
                    self.problem(path, "", f"attribute {attribute!r} is not allowed")
        check = self.check_of(type_)
        if check is not None:
            if len(element):
                self.problem(path, "", "has child elements where text is expected")
                return
            text = element.text or ""
            problem = check(text)
            if problem is not None:
                self.problem(path, text, problem)
            return
        if type_ == _LAX:
            return
        content = element.text
        if content and content.strip(_XML_WS):
            self.problem(path, content, "has text where elements are expected")
        self.sequence(element, self.sequences[type_], path)

    def sequence(
        self,
        element: Element,
        sequence: tuple[tuple[str, str, str, int, int | None], ...],
        path: list[str],
    ) -> None:
        children = list(element)
        for child in children:
            tail = child.tail
            if tail and tail.strip(_XML_WS):
                self.problem(path, tail, "has text between elements")
        position, size = 0, len(children)
        for tag, name, type_, low, high in sequence:
            count = 0
            while position < size and children[position].tag == tag:
                if high is not None and count >= high:
                    break
                count += 1
                path.append(name if high == 1 else f"{name}[{count}]")
                self.element(children[position], type_, path)
                path.pop()
                position += 1
            if count < low:
                path.append(name)
                self.problem(path, "", "required, but missing")
                path.pop()
                return
        if position < size:
            child_ns, local = _name(children[position].tag)
            expected_ns = sequence[0][0][1:].partition("}")[0] if sequence else self.ns
            shown = f"{{{child_ns}}}{local}" if child_ns not in (expected_ns, "") else local
            path.append(shown)
            self.problem(path, "", "not expected here")
            path.pop()


def structure_problems(root: Element, kind: str) -> list[SchemaProblem]:
    """Every place where a parsed message of ``kind`` breaks the iJw 3.2 schema.

    Args:
        root: the parsed root element (``Bericht``).
        kind: ``"JW301"``, ``"JW315"``, ``"JW323"`` or ``"JW325"``.

    .. versionadded:: 0.1

    Examples:
        >>> from xml.etree.ElementTree import fromstring
        >>> ns = NAMESPACES["JW323"]
        >>> problems = structure_problems(fromstring(f'<Bericht xmlns="{ns}"><Header/></Bericht>'), "JW323")
        >>> print(problems[0])
        Bericht/Header/BerichtCode: required, but missing
    """
    walker = _Walker(kind)
    ns, local = _name(root.tag)
    if ns != walker.ns or local != "Bericht":
        return [
            SchemaProblem(
                local or "(root)",
                "",
                f"the root element must be {{{walker.ns}}}Bericht, not {root.tag}",
            )
        ]
    walker.element(root, "Root", ["Bericht"])
    return walker.problems
