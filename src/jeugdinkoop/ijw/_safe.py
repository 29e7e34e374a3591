"""Safe parsing: no DTD, no entity declarations or expansion, no network, a size limit.

A message is read as bytes up to :data:`MAX_MESSAGE_BYTES` (+1, to see that it is too
large). Its prolog is then read by an expat parser whose DOCTYPE, entity-declaration and
external-entity handlers refuse; it stops at the first element. A document without a
DOCTYPE cannot declare entities, so the full parse that follows (the C ElementTree
parser, which never fetches anything) meets at most an undefined entity, which it
refuses as not well-formed. Billion laughs, quadratic blow-up and external entities
(file or URL) all need a DOCTYPE and are refused before any of them is expanded.
"""

from __future__ import annotations

import xml.parsers.expat
from pathlib import Path
from typing import IO, Final, NoReturn
from xml.etree.ElementTree import Element, ParseError, XMLParser

from jeugdinkoop.errors import JeugdinkoopError

__all__ = ["MAX_MESSAGE_BYTES", "UnsafeMessage", "check_prolog", "parse_bytes", "read_limited"]

MAX_MESSAGE_BYTES: Final = 25 * 1024 * 1024
"""The largest message accepted: 25 MB (iJw OP179)."""


class UnsafeMessage(JeugdinkoopError, ValueError):
    """A message that is refused before it is read: too large, a DTD, entities, not XML.

    Attributes:
        source: where it came from (a file name, or ``"<bytes>"``).
        rule: what is wrong, naming the rule (OP179, no DTD, ...).

    Examples:
        >>> UnsafeMessage("m.xml", "larger than 25 MB (OP179)").rule
        'larger than 25 MB (OP179)'

    .. versionadded:: 0.1
    """

    def __init__(self, source: str, rule: str) -> None:
        self.source = source
        self.rule = rule
        super().__init__(f"{source}: {rule}")


class _StopProlog(Exception):
    """Raised by the prolog reader at the first element: the prolog is clean."""


def read_limited(
    source: str | Path | bytes | IO[bytes], limit: int = MAX_MESSAGE_BYTES
) -> tuple[bytes, str]:
    """The bytes of a message and a name for it, refusing more than ``limit`` bytes.

    Raises:
        UnsafeMessage: when the message is larger than ``limit`` (OP179).
        OSError: when a file cannot be read.
    """
    if isinstance(source, bytes):
        data, name = source, "<bytes>"
    elif isinstance(source, str | Path):
        name = str(source)
        with open(source, "rb") as handle:
            data = handle.read(limit + 1)
    else:
        name = str(getattr(source, "name", "<stream>"))
        data = source.read(limit + 1)
    if len(data) > limit:
        raise UnsafeMessage(
            name,
            f"larger than {limit:,} bytes; an iJw message may be at most 25 MB (OP179)".replace(
                ",", "."
            ),
        )
    return data, name


def _refuse(name: str, what: str) -> NoReturn:
    raise UnsafeMessage(
        name,
        f"{what} is not allowed in an iJw message (no DTD, no entities, no external references)",
    )


def check_prolog(data: bytes, name: str) -> None:
    """Refuse a DOCTYPE, entity declarations and external references; read only the prolog."""
    parser = xml.parsers.expat.ParserCreate()

    def doctype(*_: object) -> None:
        _refuse(name, "a DOCTYPE declaration")

    def entity(*_: object) -> None:
        _refuse(name, "an entity declaration")

    def external(*_: object) -> int:
        _refuse(name, "an external entity reference")

    def first_element(*_: object) -> None:
        raise _StopProlog

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    parser.StartElementHandler = first_element
    try:
        parser.Parse(data, True)
    except _StopProlog:
        return
    except xml.parsers.expat.ExpatError as err:
        raise UnsafeMessage(name, f"not well-formed XML: {err}") from None


def parse_bytes(data: bytes, name: str = "<bytes>") -> Element:
    """The root element of a message, parsed safely (see the module note).

    Raises:
        UnsafeMessage: on a DOCTYPE, an entity, or XML that is not well formed.

    Examples:
        >>> parse_bytes(b"<a><b>1</b></a>").find("b").text
        '1'
        >>> parse_bytes(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>')
        Traceback (most recent call last):
        ...
        jeugdinkoop.ijw._safe.UnsafeMessage: <bytes>: a DOCTYPE declaration is not allowed in an iJw message (no DTD, no entities, no external references)
    """
    check_prolog(data, name)
    parser = XMLParser()
    try:
        parser.feed(data)
        root = parser.close()
    except ParseError as err:
        raise UnsafeMessage(name, f"not well-formed XML: {err}") from None
    if not isinstance(root, Element):  # pragma: no cover - feed of bytes always gives one
        raise UnsafeMessage(name, "no root element")
    return root
