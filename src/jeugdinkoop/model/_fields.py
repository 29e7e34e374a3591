"""Converters and validators shared by the model classes (private).

Every validator raises :class:`~jeugdinkoop.errors.InvalidValue` naming the class, the
field, the value and the rule.
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from jeugdinkoop.codes import (
    ChangeReason,
    DebitCredit,
    Domain,
    EndReason,
    Frequency,
    ProductCategory,
    Referrer,
    Unit,
)
from jeugdinkoop.errors import InvalidValue, JeugdinkoopError
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model.numbers import (
    MAX_NUMBER_LENGTH,
    TOTAL_BOUND,
    InvalidNumber,
    check_bound,
    parse_decimal,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.privacy import mask_bsns

T = TypeVar("T")


C = TypeVar("C", bound=type)


def names_fields(cls: C) -> C:
    """Make a converter's error name its class and field (DESIGN §7), at no cost when all is well.

    attrs converters get only the value, so their errors cannot say which field was
    wrong. This class decorator wraps ``__init__``: when it raises, the arguments are
    converted one field at a time to find the failing one, and the error is raised again
    as ``Volume.quantity: 'abc' is not a decimal number`` (with the record's reference
    when it has one). Validators already name their field and pass through unchanged.
    """
    init: Callable[..., None] = cls.__init__  # type: ignore[misc]
    signature = inspect.signature(init)
    fields = [a for a in attrs.fields(cls) if a.init and a.converter is not None]

    @functools.wraps(init)
    def __init__(self: object, *args: Any, **kwargs: Any) -> None:  # noqa: N807
        try:
            init(self, *args, **kwargs)
        except (InvalidValue, TypeError) as err:
            try:
                bound = signature.bind(self, *args, **kwargs)
            except TypeError:
                raise err from None  # misuse of the constructor: its own message is the right one
            for field in fields:
                name = field.alias or field.name
                if name not in bound.arguments or f".{field.name}" in str(err):
                    continue
                try:
                    field.converter(bound.arguments[name])
                except (InvalidValue, TypeError):
                    ident = bound.arguments.get("reference") or bound.arguments.get("code")
                    label = (
                        f"{cls.__name__} {str(ident)!r}"
                        if isinstance(ident, str) and ident
                        else cls.__name__
                    )
                    # keep the error's own class (InvalidIdentifier stays one); a builtin
                    # error's text is masked here and its unmasked cause not chained
                    message = mask_bsns(f"{label}.{field.name}: {err}")
                    raise type(err)(message) from (
                        err if isinstance(err, JeugdinkoopError) else None
                    )
            raise

    cls.__init__ = __init__  # type: ignore[misc]
    return cls


def where(instance: object, attribute: attrs.Attribute[Any]) -> str:
    """``Claim 'D-1'.quantity``: the class, the record's reference when it has one, the field."""
    name = type(instance).__name__
    # A class whose `reference` is provenance, not identity, names its key in __ident__.
    keys = getattr(type(instance), "__ident__", ("reference", "code", "agb"))
    for key in keys:
        try:
            ident = object.__getattribute__(instance, key)
        except AttributeError:
            continue
        return f"{name} {str(ident)!r}.{attribute.name}"
    return f"{name}.{attribute.name}"


def to_decimal(value: object) -> Decimal:
    """Exact quantities: Decimal, int or a decimal string; floats and NaN/infinity are refused.

    A string follows the strict grammar of :mod:`jeugdinkoop.model.numbers`; every value
    is bounded by :data:`~jeugdinkoop.model.numbers.TOTAL_BOUND`, so that no quantity
    (``1e999999999``, say) can make the arithmetic on it hang.
    """
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise InvalidValue(f"{value!r} is not a finite number")
        return _bounded(value, repr(value))
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= TOTAL_BOUND:  # compared as int: a huge one is never converted
            raise InvalidValue(f"a number of {value.bit_length()} bits is out of bounds")
        return Decimal(value)
    if isinstance(value, str):
        try:
            return parse_decimal(value, field="number", bound=TOTAL_BOUND, refuse_ambiguous=False)
        except InvalidNumber as err:
            raise InvalidValue(f"{value.strip()[:MAX_NUMBER_LENGTH]!r}: {err.rule}") from None
    if isinstance(value, float):
        raise TypeError(f"float {value!r} is not exact; use Decimal, int or a string")
    raise TypeError(f"{type(value).__name__} {value!r} is not a number")


def _bounded(value: Decimal, shown: str) -> Decimal:
    try:
        return check_bound(value, field="number", bound=TOTAL_BOUND)
    except InvalidNumber as err:
        raise InvalidValue(f"{shown}: {err.rule}") from None


def to_money(value: object) -> Money:
    """Accept Money or anything :class:`Money` accepts, bounded by ``TOTAL_BOUND``.

    The bound keeps an amount like ``1e999999999`` out of the model, where turning it
    into cents would hang.
    """
    money = value if isinstance(value, Money) else Money(value)
    _bounded(money.amount, repr(money))
    return money


def to_optional_money(value: object) -> Money | None:
    """Like :func:`to_money`, keeping ``None``."""
    return None if value is None else to_money(value)


E = TypeVar("E", bound=enum.Enum)


def _enum(kind: type[E], value: object) -> E:
    if isinstance(value, kind):
        return value
    try:
        return kind(value)
    except ValueError:
        codes = ", ".join(repr(m.value) for m in kind)
        raise InvalidValue(f"{value!r} is not a {kind.__name__} code (one of {codes})") from None


# attrs' mypy plugin needs converters to be named functions, hence one def per type.
def to_agb(value: object) -> AGBCode:
    """An :class:`AGBCode` from a string."""
    return value if isinstance(value, AGBCode) else AGBCode(value)  # type: ignore[arg-type]


def to_bsn(value: object) -> BSN:
    """A :class:`BSN` from a string."""
    return value if isinstance(value, BSN) else BSN(value)  # type: ignore[arg-type]


def to_municipality(value: object) -> MunicipalityCode:
    """A :class:`MunicipalityCode` from a string."""
    return value if isinstance(value, MunicipalityCode) else MunicipalityCode(value)  # type: ignore[arg-type]


def to_product(value: object) -> ProductCode:
    """A :class:`ProductCode` from a string."""
    return value if isinstance(value, ProductCode) else ProductCode(value)


def to_optional_agb(value: object) -> AGBCode | None:
    """Like :func:`to_agb`, keeping ``None``."""
    return None if value is None else to_agb(value)


def to_optional_municipality(value: object) -> MunicipalityCode | None:
    """Like :func:`to_municipality`, keeping ``None``."""
    return None if value is None else to_municipality(value)


def to_optional_product(value: object) -> ProductCode | None:
    """Like :func:`to_product`, keeping ``None``."""
    return None if value is None else to_product(value)


def to_agbs(values: object) -> tuple[AGBCode, ...]:
    """A tuple of AGB codes."""
    return tuple(to_agb(v) for v in _items(values))


def to_municipalities(values: object) -> tuple[MunicipalityCode, ...]:
    """A tuple of CBS codes."""
    return tuple(to_municipality(v) for v in _items(values))


def to_products(values: object) -> tuple[ProductCode, ...]:
    """A tuple of product codes."""
    return tuple(to_product(v) for v in _items(values))


def freeze(values: Iterable[Any]) -> tuple[Any, ...]:
    """Freeze a list of model objects as a tuple (a string is refused, not split)."""
    return tuple(_items(values))


def _items(values: object) -> Iterable[object]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(f"expected a list, got {values!r}")
    return values


def to_unit(value: object) -> Unit:
    """A :class:`~jeugdinkoop.codes.Unit` from its WJ756 code."""
    return _enum(Unit, value)


def to_frequency(value: object) -> Frequency:
    """A :class:`~jeugdinkoop.codes.Frequency` from its WMO757 code."""
    return _enum(Frequency, value)


def to_category(value: object) -> ProductCategory:
    """A :class:`~jeugdinkoop.codes.ProductCategory` from its JZ020 code."""
    return _enum(ProductCategory, value)


def to_optional_category(value: object) -> ProductCategory | None:
    """Like :func:`to_category`, keeping ``None``."""
    return None if value is None else to_category(value)


def to_referrer(value: object) -> Referrer:
    """A :class:`~jeugdinkoop.codes.Referrer` from its COD327 code."""
    return _enum(Referrer, value)


def to_debit_credit(value: object) -> DebitCredit:
    """``D`` or ``C`` (COD043)."""
    return _enum(DebitCredit, value)


def to_optional_end_reason(value: object) -> EndReason | None:
    """An :class:`~jeugdinkoop.codes.EndReason` (JZ588), keeping ``None``."""
    return None if value is None else _enum(EndReason, value)


def to_optional_change_reason(value: object) -> ChangeReason | None:
    """A :class:`~jeugdinkoop.codes.ChangeReason` (JZ002), keeping ``None``."""
    return None if value is None else _enum(ChangeReason, value)


def to_domain(value: object) -> Domain:
    """``jeugd`` or ``wmo``."""
    return _enum(Domain, value)


def to_period(value: object) -> Period:
    """A :class:`~jeugdinkoop.periods.Period`, or its text (``'2025-01-01..2025-06-30'``, ``'2025-03'``)."""
    if isinstance(value, Period):
        return value
    if isinstance(value, str):
        return Period.parse(value)
    raise TypeError(
        f"{type(value).__name__} {value!r} is not a Period; "
        "use Period(start=..., end=...) or a text like '2025-01-01..2025-06-30'"
    )


def to_date(value: object) -> date:
    """A ``datetime.date``, or its ISO text ``'2025-03-01'``; a datetime is refused."""
    if type(value) is date:
        return value
    if isinstance(value, str) and _is_iso_day(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError as err:
            raise InvalidValue(f"{value!r} is not a date: {err}") from None
    raise InvalidValue(f"{value!r} is not a datetime.date")


def to_optional_date(value: object) -> date | None:
    """Like :func:`to_date`, keeping ``None``."""
    return None if value is None else to_date(value)


def _is_iso_day(text: str) -> bool:
    """Only ``YYYY-MM-DD``: ``fromisoformat`` also reads week dates and ``20250301``."""
    return len(text) == 10 and text[4] == text[7] == "-" and text.replace("-", "").isdigit()


def instance_of(
    kind: type, *, optional: bool = True
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A validator refusing a value of another type, naming class, field, value and the type."""

    def check(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if (value is None and optional) or isinstance(value, kind):
            return
        raise TypeError(
            f"{where(instance, attribute)}: {type(value).__name__} {value!r} is not a {kind.__name__}"
        )

    return check


def non_empty(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse empty strings and empty collections."""
    if (isinstance(value, str) and not value.strip()) or (
        isinstance(value, tuple | list) and not value
    ):
        raise InvalidValue(f"{where(instance, attribute)}: {value!r} is empty; a value is required")


def not_negative(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Refuse negative amounts and quantities."""
    amount = value.amount if isinstance(value, Money) else value
    if amount is not None and amount < 0:  # type: ignore[operator]
        raise InvalidValue(f"{where(instance, attribute)}: {value!r} is negative; must be >= 0")


def is_date(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """A plain ``datetime.date`` (not a datetime, not a string)."""
    if value is not None and type(value) is not date:
        raise InvalidValue(f"{where(instance, attribute)}: {value!r} is not a datetime.date")


def unique(what: str, items: Iterable[T], key: Callable[[T], object]) -> dict[object, T]:
    """Index ``items`` by ``key``; a repeated key is an error naming it."""
    index: dict[object, T] = {}
    for item in items:
        k = key(item)
        if k in index:
            raise InvalidValue(f"{what}: {str(k)!r} occurs twice; each must be unique")
        index[k] = item
    return index
