"""Converters and validators for attrs record classes, as the model's own records use them.

A funding model's parameters, a scenario's assumptions or a third party's records are
frozen attrs classes too; these helpers give them the model's conversions (text to
codes, amounts and periods) and its errors, which name class, field, value and rule:

Examples:
    >>> import attrs
    >>> from decimal import Decimal
    >>> from jeugdinkoop.identifiers import MunicipalityCode
    >>> @names_fields
    ... @attrs.frozen
    ... class Ceiling:
    ...     municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    ...     hours: Decimal = attrs.field(converter=to_decimal, validator=not_negative)
    >>> Ceiling(municipality="0193", hours="12.5").hours
    Decimal('12.5')
    >>> Ceiling(municipality="0193", hours="-1")
    Traceback (most recent call last):
    ...
    jeugdinkoop.errors.InvalidValue: Ceiling.hours: Decimal('-1') is negative; must be >= 0

.. versionadded:: 0.2
"""

from __future__ import annotations

from jeugdinkoop.model._fields import (
    freeze,
    instance_of,
    is_date,
    names_fields,
    non_empty,
    not_negative,
    to_agb,
    to_agbs,
    to_date,
    to_decimal,
    to_money,
    to_municipalities,
    to_municipality,
    to_optional_agb,
    to_optional_date,
    to_optional_money,
    to_optional_municipality,
    to_optional_product,
    to_period,
    to_product,
    to_products,
    unique,
    where,
)

__all__ = [
    "freeze",
    "instance_of",
    "is_date",
    "names_fields",
    "non_empty",
    "not_negative",
    "to_agb",
    "to_agbs",
    "to_date",
    "to_decimal",
    "to_money",
    "to_municipalities",
    "to_municipality",
    "to_optional_agb",
    "to_optional_date",
    "to_optional_money",
    "to_optional_municipality",
    "to_optional_product",
    "to_period",
    "to_product",
    "to_products",
    "unique",
    "where",
]
