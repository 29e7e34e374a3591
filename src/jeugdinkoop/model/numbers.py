"""Numbers in files, and numbers people type: one strict grammar, bounded, never ambiguous.

A number in a file (a CSV cell, a TOML or JSON string) is ASCII digits with an optional
sign and at most one decimal separator, ``.`` or ``,``; no thousands separators, no
exponent, no underscore, no spaces inside. A separator followed by exactly three digits
after a whole part of one to three digits (``1.500``, ``12,345``) is refused as
ambiguous: a Dutch reader sees one thousand five hundred, a program one and a half.
Every number is bounded (:data:`LINE_BOUND` for a claim line's amount or tariff,
:data:`TOTAL_BOUND` for budgets and totals, :data:`QUANTITY_BOUND` for quantities and
percentages), so no input can make the arithmetic explode or hang.

A number a person types on the command line is read the Dutch way, by Babel's strict
``nl_NL`` parser: ``120.000`` is one hundred and twenty thousand, ``1.200.000,50`` is
what it looks like, and ``1.5`` is refused (did you mean ``1,5``?).

Examples:
    >>> from jeugdinkoop.model.numbers import *
    >>> parse_decimal("1500,50", field="amount", bound=LINE_BOUND)
    Decimal('1500.50')
    >>> parse_decimal("1.500", field="amount", bound=LINE_BOUND)
    Traceback (most recent call last):
    ...
    jeugdinkoop.model.numbers.InvalidNumber: amount = '1.500': ambiguous: a thousands separator or a decimal point? Write 1500 or 1.5
    >>> parse_typed_decimal("120.000", option="--historic-spend")
    Decimal('120000')

.. versionadded:: 0.1
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

from babel.numbers import NumberFormatError
from babel.numbers import parse_decimal as _babel_parse_decimal

from jeugdinkoop.errors import InvalidValue

__all__ = [
    "LINE_BOUND",
    "MAX_NUMBER_LENGTH",
    "QUANTITY_BOUND",
    "TOTAL_BOUND",
    "InvalidNumber",
    "check_bound",
    "format_decimal",
    "parse_decimal",
    "parse_typed_decimal",
]

LINE_BOUND: Final = Decimal(10) ** 6
"""Claim line amounts and tariffs are below € 1,000,000 (iJw: fewer than 10^8 eurocents)."""

TOTAL_BOUND: Final = Decimal(10) ** 10
"""Budgets, totals and other amounts are below € 10,000,000,000 (10^12 eurocents)."""

QUANTITY_BOUND: Final = Decimal(10) ** 8
"""Quantities, counts and percentages are below 100,000,000 in size."""

MAX_NUMBER_LENGTH: Final = 40
"""No number in a file or on the command line is longer than this many characters."""

# [0-9], not \d: \d also matches Arabic-Indic and other Unicode digits.
_GRAMMAR: Final = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_AMBIGUOUS: Final = re.compile(r"[+-]?[1-9][0-9]{0,2}[.,][0-9]{3}")
_TYPED: Final = re.compile(r"[+-]?[0-9][0-9.,]*")
_RULE: Final = (
    "not a number: use ASCII digits, an optional sign and one decimal separator "
    "(1234.56 or 1234,56), without thousands separators, exponent or spaces"
)


class InvalidNumber(InvalidValue):
    """A number is malformed, ambiguous or out of bounds; names the field, value and rule.

    Attributes:
        field: the field (or command-line option) the number was for.
        value: the text as given.
        rule: what the number should have been.

    Examples:
        >>> err = InvalidNumber("quantity", "1e5", "no exponent")
        >>> print(err)
        quantity = '1e5': no exponent
        >>> err.field, err.rule
        ('quantity', 'no exponent')
    """

    def __init__(self, field: str, value: str, rule: str) -> None:
        self.field = field
        self.value = value
        self.rule = rule
        super().__init__(f"{field} = {value!r}: {rule}")


def _decimals(fraction: str) -> str:
    """The three decimals of an ambiguous number, written so they cannot be a grouping."""
    short = fraction.rstrip("0")
    return short or "0" if len(short) < 3 else fraction + "0"


def _show(bound: Decimal) -> str:
    return f"{int(bound):_}".replace("_", ",")


def check_bound(value: Decimal, *, field: str, bound: Decimal, text: str | None = None) -> Decimal:
    """Return ``value`` when it is finite and smaller than ``bound`` in size.

    Raises:
        InvalidNumber: naming the field, the value and the bound.

    Examples:
        >>> check_bound(Decimal("999999.99"), field="amount", bound=LINE_BOUND)
        Decimal('999999.99')
        >>> check_bound(Decimal("1E+30"), field="amount", bound=LINE_BOUND)
        Traceback (most recent call last):
        ...
        jeugdinkoop.model.numbers.InvalidNumber: amount = '1E+30': out of bounds: must be smaller than 1,000,000 in size
    """
    shown = str(value) if text is None else text
    if not value.is_finite():
        raise InvalidNumber(field, shown, "not a finite number")
    if value.copy_abs() >= bound:  # copy_abs: abs() would round, and overflow on 1E+999999999
        raise InvalidNumber(
            field, shown, f"out of bounds: must be smaller than {_show(bound)} in size"
        )
    return value


def parse_decimal(
    text: str, *, field: str, bound: Decimal = TOTAL_BOUND, refuse_ambiguous: bool = True
) -> Decimal:
    """Read a number from a file with the strict grammar (see the module docstring).

    Args:
        text: the text, surrounding white space allowed.
        field: the field's name, for the error.
        bound: the value must be smaller than this in size.
        refuse_ambiguous: refuse ``1.500`` (default); ``False`` where the text comes
            from Python code, in which a point is always a decimal point.

    Raises:
        InvalidNumber: naming the field, the value and the rule it breaks.

    Examples:
        >>> parse_decimal(" -0,5 ", field="quantity"), parse_decimal("1500.00", field="amount")
        (Decimal('-0.5'), Decimal('1500.00'))
        >>> parse_decimal("1,500.00", field="amount")
        Traceback (most recent call last):
        ...
        jeugdinkoop.model.numbers.InvalidNumber: amount = '1,500.00': not a number: use ASCII digits, an optional sign and one decimal separator (1234.56 or 1234,56), without thousands separators, exponent or spaces
        >>> parse_decimal("0.500", field="quantity")
        Decimal('0.500')
    """
    cleaned = text.strip()
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise InvalidNumber(
            field, cleaned[:MAX_NUMBER_LENGTH] + "…", f"longer than {MAX_NUMBER_LENGTH} characters"
        )
    if not _GRAMMAR.fullmatch(cleaned):
        raise InvalidNumber(field, cleaned, _RULE)
    if refuse_ambiguous and _AMBIGUOUS.fullmatch(cleaned):
        whole, _, fraction = cleaned.replace(",", ".").partition(".")
        raise InvalidNumber(
            field,
            cleaned,
            "ambiguous: a thousands separator or a decimal point? "
            f"Write {whole}{fraction} or {whole}.{_decimals(fraction)}",
        )
    return check_bound(Decimal(cleaned.replace(",", ".")), field=field, bound=bound, text=cleaned)


def format_decimal(value: Decimal) -> str:
    """Write a number so that :func:`parse_decimal` reads it back equal and unambiguously.

    No exponent, a decimal point, and never three digits after a short whole part: a
    trailing zero is added instead (``1.500`` becomes ``1.5000``, the same number).

    Examples:
        >>> format_decimal(Decimal("1.500")), format_decimal(Decimal("1E+2")), format_decimal(Decimal("-0.5"))
        ('1.5000', '100', '-0.5')
        >>> parse_decimal(format_decimal(Decimal("117.000")), field="amount") == Decimal("117.000")
        True
    """
    if not value.is_finite():
        raise InvalidNumber("number", str(value), "not a finite number")
    text = format(value, "f")
    return text + "0" if _AMBIGUOUS.fullmatch(text) else text


def parse_typed_decimal(text: str, *, option: str, bound: Decimal = TOTAL_BOUND) -> Decimal:
    """Read a number a person typed, the Dutch way (Babel's strict ``nl_NL`` parser).

    ``.`` groups thousands and ``,`` is the decimal comma; a number whose grouping does
    not fit (``1.5``, ``10.00``) is refused with Babel's suggestion, never guessed.

    Args:
        text: what was typed.
        option: the command-line option, for the error.
        bound: the value must be smaller than this in size.

    Raises:
        InvalidNumber: naming the option, the value and the rule.

    Examples:
        >>> parse_typed_decimal("1.200.000,00", option="--historic-spend")
        Decimal('1200000.00')
        >>> parse_typed_decimal("3%", option="--indexation")
        Traceback (most recent call last):
        ...
        jeugdinkoop.model.numbers.InvalidNumber: --indexation = '3%': not a number: type digits with a decimal comma, e.g. 3 or 2,5 or 120.000 (Dutch notation)
    """
    cleaned = text.strip()
    rule = (
        "not a number: type digits with a decimal comma, e.g. 3 or 2,5 or 120.000 (Dutch notation)"
    )
    if len(cleaned) > MAX_NUMBER_LENGTH:
        raise InvalidNumber(
            option, cleaned[:MAX_NUMBER_LENGTH] + "…", f"longer than {MAX_NUMBER_LENGTH} characters"
        )
    if not _TYPED.fullmatch(cleaned):
        raise InvalidNumber(option, cleaned, rule)
    try:
        value = _babel_parse_decimal(cleaned, locale="nl_NL", strict=True)
    except NumberFormatError as err:
        suggestions = [s for s in getattr(err, "suggestions", None) or [] if s]
        hint = f" (did you mean {' or '.join(suggestions)}?)" if suggestions else ""
        raise InvalidNumber(option, cleaned, rule + hint) from None
    except (InvalidOperation, ValueError):
        raise InvalidNumber(option, cleaned, rule) from None
    return check_bound(value, field=option, bound=bound, text=cleaned)
