"""Identifiers that validate on construction: BSN, AGB code, CBS municipality code, product code.

Each is a small frozen value with a ``value`` string; construction refuses malformed
input with :class:`~jeugdinkoop.errors.InvalidIdentifier` naming the type, the value and
the rule. A :class:`BSN` never shows its number in ``repr`` or ``str``.

Examples:
    >>> from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
    >>> BSN("111222333")
    BSN('*****2333')
    >>> MunicipalityCode("0193"), ProductCode("45A48")
    (MunicipalityCode('0193'), ProductCode('45A48'))
"""

from __future__ import annotations

import functools
import re
from typing import Final

import attrs

from jeugdinkoop.codes import ProductCategory
from jeugdinkoop.errors import InvalidIdentifier
from jeugdinkoop.privacy import mask

__all__ = ["BSN", "AGBCode", "MunicipalityCode", "ProductCategory", "ProductCode", "is_valid_bsn"]

_DIGITS_8: Final = re.compile(r"[0-9]{8}")
_DIGITS_4: Final = re.compile(r"[0-9]{4}")
_DIGITS_9: Final = re.compile(r"[0-9]{9}")
_PRODUCT: Final = re.compile(r"[0-9A-Z]{5}")
_BSN_WEIGHTS: Final = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(text: str) -> bool:
    """Whether ``text`` is 9 digits passing the BSN eleven-test (elfproef).

    The weighted sum ``9·d1 + 8·d2 + … + 2·d8 − 1·d9`` must be divisible by 11 and not 0.

    Examples:
        >>> is_valid_bsn("111222333"), is_valid_bsn("111222334"), is_valid_bsn("000000000")
        (True, False, False)
    """
    if not _DIGITS_9.fullmatch(text):
        return False
    total = sum(int(d) * w for d, w in zip(text, _BSN_WEIGHTS, strict=True))
    return total != 0 and total % 11 == 0


def _as_text(kind: str, value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        shown = repr(mask(str(value))) if kind == "BSN" else repr(value)
        raise InvalidIdentifier(f"{kind}: {shown} is an int; pass a string to keep leading zeros")
    if not isinstance(value, str):
        raise InvalidIdentifier(f"{kind}: {value!r} is not a string")
    return value


def _check_bsn(value: object) -> str:
    text = _as_text("BSN", value)
    if not _DIGITS_9.fullmatch(text):
        raise InvalidIdentifier(f"BSN: '{mask(text)}' is not 9 digits")
    if not is_valid_bsn(text):
        raise InvalidIdentifier(f"BSN: '{mask(text)}' fails the eleven-test (elfproef)")
    return text


@functools.total_ordering
class BSN:
    """A citizen service number (burgerservicenummer), checked with the eleven-test.

    ``repr`` and ``str`` mask all but the last four digits, so a BSN does not leak into
    logs or tracebacks; :meth:`reveal` gives the full number on purpose.

    A BSN is a small immutable value (hashable, ordered, slotted) but deliberately *not*
    an attrs class: ``attrs.asdict(claim)`` keeps the ``BSN`` object (masked when
    printed) instead of recursing into it and copying out the nine digits. The library's
    cattrs converter (``jeugdinkoop.io.converter``) writes the full number on purpose,
    so a ledger file round-trips exactly (and holds BSNs: keep it as personal data).

    Examples:
        >>> bsn = BSN("111222333")
        >>> str(bsn), bsn.reveal()
        ('*****2333', '111222333')
        >>> BSN("111222334")
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidIdentifier: BSN: '*****2334' fails the eleven-test (elfproef)

    .. versionadded:: 0.1
    .. versionchanged:: 0.2
       No longer an attrs class, so ``attrs.asdict`` does not reveal the number.
    """

    __slots__ = ("_value",)
    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", _check_bsn(value))

    def reveal(self) -> str:
        """The full nine digits: call only where the number is needed (a message, a join).

        Examples:
            >>> BSN("111222333").reveal()
            '111222333'
        """
        return self._value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"BSN is immutable; cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"BSN is immutable; cannot delete {name}")

    def __reduce__(self) -> tuple[type[BSN], tuple[str]]:
        return (BSN, (self._value,))

    def __eq__(self, other: object) -> bool:
        if type(other) is not BSN:
            return NotImplemented
        return self._value == other._value

    def __lt__(self, other: object) -> bool:
        if type(other) is not BSN:
            return NotImplemented
        return self._value < other._value

    def __hash__(self) -> int:
        return hash((BSN, self._value))

    def __repr__(self) -> str:
        return f"BSN({mask(self._value)!r})"

    def __str__(self) -> str:
        return mask(self._value)


def _check(kind: str, pattern: re.Pattern[str], rule: str, value: object) -> None:
    text = _as_text(kind, value)
    if not pattern.fullmatch(text):
        raise InvalidIdentifier(f"{kind}: {text!r} {rule}")


def _same_code(code: AGBCode | MunicipalityCode | ProductCode, other: object) -> bool:
    """A code equals the same kind of code, and its own text: ``AGBCode("12345678") == "12345678"``."""
    if isinstance(other, AGBCode | MunicipalityCode | ProductCode):
        return type(other) is type(code) and code.value == other.value
    if isinstance(other, str):
        return code.value == other
    return NotImplemented  # type: ignore[no-any-return]


@attrs.frozen(order=True, repr=False)
class AGBCode:
    """A provider's AGB code (Vektis), 8 digits.

    A code equals its plain text, so ``settlement.by("provider")[("98765432",)]`` finds
    the line of ``AGBCode("98765432")``; the same holds for :class:`MunicipalityCode` and
    :class:`ProductCode`. A :class:`BSN` never does.

    Examples:
        >>> AGBCode("98765432").value
        '98765432'
        >>> AGBCode("98765432") == "98765432", {AGBCode("98765432"): 1}["98765432"]
        (True, 1)

    .. versionadded:: 0.1
    """

    value: str = attrs.field()

    @value.validator
    def _valid(self, attribute: attrs.Attribute[str], value: str) -> None:
        _check("AGBCode", _DIGITS_8, "is not 8 digits (Vektis AGB code)", value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"

    def __str__(self) -> str:
        return self.value

    def __eq__(self, other: object) -> bool:
        return _same_code(self, other)

    def __hash__(self) -> int:
        return hash(self.value)


@attrs.frozen(order=True, repr=False)
class MunicipalityCode:
    """A municipality's CBS code (gemeentecode), 4 digits with leading zeros.

    Examples:
        >>> MunicipalityCode("193")
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidIdentifier: MunicipalityCode: '193' is not 4 digits (CBS gemeentecode, e.g. '0193')

    .. versionadded:: 0.1
    """

    value: str = attrs.field()

    @value.validator
    def _valid(self, attribute: attrs.Attribute[str], value: str) -> None:
        _check(
            "MunicipalityCode", _DIGITS_4, "is not 4 digits (CBS gemeentecode, e.g. '0193')", value
        )

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"

    def __str__(self) -> str:
        return self.value

    def __eq__(self, other: object) -> bool:
        return _same_code(self, other)

    def __hash__(self) -> int:
        return hash(self.value)


def _upper(value: object) -> str:
    # only ASCII is upper-cased: "ß".upper() is "SS", which would change the length
    return value.upper() if isinstance(value, str) and value.isascii() else value  # type: ignore[return-value]


@attrs.frozen(order=True, repr=False)
class ProductCode:
    """A product code, 5 letters or digits, chosen by the region (iJw ProductCode).

    Examples:
        >>> ProductCode("45a48")
        ProductCode('45A48')

    .. versionadded:: 0.1
    """

    value: str = attrs.field(converter=_upper)

    @value.validator
    def _valid(self, attribute: attrs.Attribute[str], value: str) -> None:
        _check("ProductCode", _PRODUCT, "is not 5 letters or digits (iJw ProductCode)", value)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.value!r})"

    def __str__(self) -> str:
        return self.value

    def __eq__(self, other: object) -> bool:
        return _same_code(self, other)

    def __hash__(self) -> int:
        return hash(self.value)
