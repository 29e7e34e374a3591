"""Builders for iJw test messages, and the official XSDs (read from ../shared, never copied)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import xmlschema

from jeugdinkoop.ijw import ClaimMessage, ClientLines, Header, ServiceLine, write_jw323
from jeugdinkoop.money import Money

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "ijw-external"
XSD_DIR = SHARED / "xsd" / "ijw-3.2"
SAMPLES = SHARED / "voorbeeldberichten"

CLIENT = "100000010"  # T-001's client in the example region
OTHER_CLIENT = "100000022"
PROVIDER = "22222222"
MUNICIPALITY = "0001"


@cache
def schema(kind: str) -> xmlschema.XMLSchema:
    """The official XSD of a message kind."""
    return xmlschema.XMLSchema(str(XSD_DIR / f"{kind}.xsd"))


def xsd_valid(kind: str, data: bytes) -> bool:
    """Whether the official XSD accepts the message."""
    return bool(schema(kind).is_valid(data.decode("utf-8")))


def line(**changes: Any) -> ServiceLine:
    """A March 2025 line of 8 hours of 45A01 at € 78.00 on assignment 1001."""
    base = ServiceLine(
        bsn=CLIENT,
        reference="R-1",
        previous=None,
        assignment=1001,
        category="45",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        volume=8,
        unit="04",
        tariff=Money("78.00"),
        amount=Money("624.00"),
        debit_credit="D",
    )
    return attrs.evolve(base, **changes)


def message(lines: Sequence[ServiceLine], **changes: Any) -> ClaimMessage:
    """A JW323 for March 2025 holding ``lines``, its total their signed sum."""
    clients: dict[str, list[ServiceLine]] = {}
    for item in lines:
        clients.setdefault(item.bsn, []).append(item)
    header = Header(
        code="490",
        sender=PROVIDER,
        receiver=MUNICIPALITY,
        identification=changes.pop("identification", "M-1"),
        date=date(2025, 4, 5),
        basisschema_version="1.0.0",
        message_version="1.0.0",
    )
    base = ClaimMessage(
        header=header,
        declaration="D1",
        period_start=date(2025, 3, 1),
        period_end=date(2025, 3, 31),
        signed_on=date(2025, 4, 5),
        total=Money.sum(item.signed_amount for item in lines),
        clients=tuple(ClientLines(bsn, tuple(items)) for bsn, items in clients.items()),
    )
    return attrs.evolve(base, **changes)


def jw323(lines: Sequence[ServiceLine], **changes: Any) -> bytes:
    """The XML of :func:`message`."""
    return write_jw323(message(lines, **changes))


def assigned_product(
    number: int,
    *,
    category: str | None = "45",
    code: str | None = "45A01",
    start: str = "2025-01-01",
    end: str | None = "2025-12-31",
    volume: tuple[int, str, str] | None = (8, "04", "4"),
    budget: int | None = None,
    decided: tuple[str, str] = ("2024-12-15", "10:00:00"),
    reason: str | None = None,
) -> str:
    """One ToegewezenProduct of a JW301."""
    product = ""
    if category is not None:
        product = f"<jw301:Product><ijw:Categorie>{category}</ijw:Categorie>"
        product += f"<ijw:Code>{code}</ijw:Code>" if code is not None else ""
        product += "</jw301:Product>"
    parts = [
        f"<jw301:ToewijzingNummer>{number}</jw301:ToewijzingNummer>",
        product,
        f"<jw301:Toewijzingsdatum>{decided[0]}</jw301:Toewijzingsdatum>",
        f"<jw301:Toewijzingstijd>{decided[1]}</jw301:Toewijzingstijd>",
        f"<jw301:Ingangsdatum>{start}</jw301:Ingangsdatum>",
        f"<jw301:Einddatum>{end}</jw301:Einddatum>" if end else "",
        f"<jw301:RedenWijziging>{reason}</jw301:RedenWijziging>" if reason else "",
    ]
    if volume is not None:
        quantity, unit, frequency = volume
        parts.append(
            f"<jw301:Omvang><ijw:Volume>{quantity}</ijw:Volume><ijw:Eenheid>{unit}</ijw:Eenheid>"
            f"<ijw:Frequentie>{frequency}</ijw:Frequentie></jw301:Omvang>"
        )
    if budget is not None:
        parts.append(f"<jw301:Budget>{budget}</jw301:Budget>")
    return f"<jw301:ToegewezenProduct>{''.join(parts)}</jw301:ToegewezenProduct>"


def jw301(products: Sequence[str], bsn: str = CLIENT, identification: str = "T-M-1") -> bytes:
    """A JW301 from the municipality to the provider assigning ``products`` to ``bsn``."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<jw301:Bericht xmlns:jw301="http://www.istandaarden.nl/ijw/3_2/jw301/schema" '
        'xmlns:ijw="http://www.istandaarden.nl/ijw/3_2/basisschema/schema">'
        "<jw301:Header><jw301:BerichtCode>436</jw301:BerichtCode>"
        "<jw301:BerichtVersie>3</jw301:BerichtVersie><jw301:BerichtSubversie>2</jw301:BerichtSubversie>"
        f"<jw301:Afzender>{MUNICIPALITY}</jw301:Afzender><jw301:Ontvanger>{PROVIDER}</jw301:Ontvanger>"
        f"<jw301:BerichtIdentificatie><ijw:Identificatie>{identification}</ijw:Identificatie>"
        "<ijw:Dagtekening>2024-12-15</ijw:Dagtekening></jw301:BerichtIdentificatie>"
        "<jw301:XsdVersie><ijw:BasisschemaXsdVersie>1.0.0</ijw:BasisschemaXsdVersie>"
        "<ijw:BerichtXsdVersie>1.0.0</ijw:BerichtXsdVersie></jw301:XsdVersie></jw301:Header>"
        f"<jw301:Client><jw301:Bsn>{bsn}</jw301:Bsn>"
        "<jw301:Geboortedatum><ijw:Datum>2012-05-01</ijw:Datum></jw301:Geboortedatum>"
        "<jw301:Geslacht>2</jw301:Geslacht>"
        "<jw301:Naam><ijw:Geslachtsnaam><ijw:Achternaam>Jansen</ijw:Achternaam></ijw:Geslachtsnaam>"
        "<ijw:NaamGebruik>1</ijw:NaamGebruik></jw301:Naam>"
        "<jw301:Contactgegevens><jw301:Contact><jw301:Soort>01</jw301:Soort></jw301:Contact>"
        "</jw301:Contactgegevens>"
        f"<jw301:ToegewezenProducten>{''.join(products)}</jw301:ToegewezenProducten>"
        "</jw301:Client></jw301:Bericht>"
    ).encode()
