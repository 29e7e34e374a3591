"""Converters and validators for attrs record classes, as the model's own records use them.

A funding model's parameters, a scenario's assumptions or a third party's records are
frozen attrs classes too; these helpers give them the model's conversions (text to
codes, amounts and periods) and, with :func:`names_fields` on the class, errors that
name class, field, value and rule.

Examples:
    >>> from jeugdinkoop.model.fields import to_decimal, to_money, to_period
    >>> str(to_period("2025-03")), to_decimal("12.5"), to_money("624.00")
    ('2025-03-01..2025-03-31', Decimal('12.5'), Money('624.00'))
    >>> to_decimal(0.5)
    Traceback (most recent call last):
    ...
    TypeError: float 0.5 is not exact; use Decimal, int or a string

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
    to_bsn,
    to_category,
    to_date,
    to_debit_credit,
    to_decimal,
    to_domain,
    to_frequency,
    to_money,
    to_municipalities,
    to_municipality,
    to_optional_agb,
    to_optional_category,
    to_optional_change_reason,
    to_optional_date,
    to_optional_end_reason,
    to_optional_money,
    to_optional_municipality,
    to_optional_product,
    to_period,
    to_product,
    to_products,
    to_referrer,
    to_unit,
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
    "to_bsn",
    "to_category",
    "to_date",
    "to_debit_credit",
    "to_decimal",
    "to_domain",
    "to_frequency",
    "to_money",
    "to_municipalities",
    "to_municipality",
    "to_optional_agb",
    "to_optional_category",
    "to_optional_change_reason",
    "to_optional_date",
    "to_optional_end_reason",
    "to_optional_money",
    "to_optional_municipality",
    "to_optional_product",
    "to_period",
    "to_product",
    "to_products",
    "to_referrer",
    "to_unit",
    "unique",
    "where",
]
