"""The one cattrs converter for the whole model: structure and unstructure, round-trip exact.

Hooks are registered here, once, in a fixed order (cattrs resolves hooks by the order
they were registered). Dates are ISO strings, money and decimals are decimal strings,
identifiers are their codes, periods are ``{"start": …, "end": …}``, and a funding
model is a table tagged by its registry name: ``{"model": "lumpsum", …parameters}``.
A BSN is written in full, on purpose (a ledger file must round-trip): what the converter
writes is personal data, see :doc:`/how-to/privacy`.

Examples:
    >>> from jeugdinkoop.io.converter import converter
    >>> from jeugdinkoop.money import Money
    >>> converter.unstructure(Money("12.50")), converter.structure("12.50", Money)
    ('12.50', Money('12.50'))
    >>> from jeugdinkoop.funding import EffortBased
    >>> converter.unstructure(EffortBased(), FundingModel)
    {'model': 'effort', 'ceilings': []}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence, Set
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs
import cattrs
from cattrs.gen import make_dict_unstructure_fn, override

from jeugdinkoop.errors import InvalidValue, LoadError
from jeugdinkoop.funding import FundingModel, Ledger, get_funding_model
from jeugdinkoop.funding.ledger import Entry, MessageRecord, check_entries
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import FundingModelRef, Product, ProductCatalog, Region, Tariff, TariffTable
from jeugdinkoop.model.numbers import (
    TOTAL_BOUND,
    InvalidNumber,
    check_bound,
    format_decimal,
    parse_decimal,
)
from jeugdinkoop.model.parties import Provider
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["LEDGER_FORMAT", "LEDGER_VERSION", "MAX_INT", "converter", "make_converter"]

_TAG: Final = "model"


def _structure_date(value: object, _: type) -> date:
    if type(value) is date:
        return value
    if isinstance(value, str):
        return date.fromisoformat(value)
    raise ValueError(f"{value!r} is not a date (use 2025-01-31)")


def _number(value: object, field: str) -> Decimal:
    """A number from a file: a string in the strict grammar, or an int; bounded."""
    try:
        if isinstance(value, str):
            return parse_decimal(value, field=field, bound=TOTAL_BOUND)
        if isinstance(value, Decimal):
            return check_bound(value, field=field, bound=TOTAL_BOUND)
    except InvalidNumber as err:
        # the reader names the field and value; the message is the rule alone
        raise InvalidValue(err.rule) from None
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) >= TOTAL_BOUND:  # compared as int: a huge one is never converted to text
            raise InvalidValue(
                f"a whole number of {value.bit_length()} bits is out of bounds: "
                f"must be smaller than {int(TOTAL_BOUND):,} in size"
            )
        return Decimal(value)
    raise ValueError(f"{value!r} is not a decimal")


def _structure_decimal(value: object, _: type) -> Decimal:
    if isinstance(value, float):
        raise TypeError(
            f"{value!r} is a float; write amounts and quantities as strings, e.g. '78.00'"
        )
    return _number(value, "number")


MAX_INT: Final = 10**9
"""A whole number in a file (a year, a count, a number of months) is below a billion."""


def _structure_int(value: object, _: type) -> int:
    # cattrs' default is int(value): it truncates 2.9 to 2 and accepts "12"; refuse both
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    if abs(value) >= MAX_INT:  # compared as int: a huge one is never converted to text
        raise InvalidValue(
            f"a whole number of {value.bit_length()} bits is out of bounds: "
            f"must be smaller than {MAX_INT:,} in size"
        )
    return value


def _structure_bool(value: object, _: type) -> bool:
    # registered because bool is an int to cattrs' dispatch; and "false" is not False
    if not isinstance(value, bool):
        raise TypeError(f"{value!r} is not true or false")
    return value


def _structure_money(value: object, _: type) -> Money:
    if isinstance(value, float):
        raise TypeError(f'{value!r} is a float; write amounts as strings, e.g. rate = "78.00"')
    if isinstance(value, Money):
        return value
    return Money(_number(value, "amount"))


def _structure_period(value: object, _: type) -> Period:
    if isinstance(value, str):
        return Period.parse(value)
    if isinstance(value, Mapping):
        unknown = set(value) - {"start", "end"}
        if unknown:
            raise ValueError(f"unknown keys {sorted(unknown)} in a period (use start and end)")
        end = value.get("end")
        return Period(
            _structure_date(value["start"], date),
            None if end in (None, "") else _structure_date(end, date),
        )
    raise ValueError(f"{value!r} is not a period (use {{start = 2025-01-01, end = 2025-12-31}})")


def _unstructure_period(period: Period) -> dict[str, str | None]:
    return {
        "start": period.start.isoformat(),
        "end": period.end.isoformat() if period.end else None,
    }


LEDGER_FORMAT: Final = "jeugdinkoop-ledger"
"""The ``format`` key of a ledger file."""
LEDGER_VERSION: Final = 2
"""The version of the ledger file format this library writes (1 was a bare list of entries)."""


def make_converter() -> cattrs.Converter:
    """Build the library's converter (a fresh one; most callers use :data:`converter`)."""
    conv = cattrs.Converter(
        detailed_validation=True,
        forbid_extra_keys=True,
        unstruct_collection_overrides={Sequence: list, Set: list},
    )

    # values
    conv.register_structure_hook(date, _structure_date)
    conv.register_unstructure_hook(date, date.isoformat)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(Decimal, _structure_decimal)
    conv.register_unstructure_hook(Decimal, format_decimal)
    conv.register_structure_hook(Money, _structure_money)
    conv.register_unstructure_hook(Money, lambda m: format_decimal(m.amount))
    conv.register_structure_hook(Period, _structure_period)
    conv.register_unstructure_hook(Period, _unstructure_period)
    for kind in (AGBCode, MunicipalityCode, ProductCode):
        conv.register_structure_hook(kind, lambda v, k: k(v))
        conv.register_unstructure_hook(kind, lambda v: v.value)
    conv.register_structure_hook(BSN, lambda v, _: BSN(v))
    conv.register_unstructure_hook(BSN, BSN.reveal)

    # model aggregates held as lists in files
    conv.register_structure_hook(
        ProductCatalog, lambda v, _: ProductCatalog(conv.structure(v, list[Product]))
    )
    conv.register_unstructure_hook(ProductCatalog, lambda c: [conv.unstructure(p) for p in c])
    conv.register_structure_hook(
        TariffTable, lambda v, _: TariffTable(conv.structure(v, list[Tariff]))
    )
    conv.register_unstructure_hook(TariffTable, lambda t: [conv.unstructure(x) for x in t])

    def checked(entries: list[Entry]) -> list[Entry]:
        # a loaded ledger keeps its invariants, or it is refused naming the entry
        problems = check_entries(entries)
        if problems:
            raise LoadError("ledger", problems)
        return entries

    def structure_ledger(value: object, _: type) -> Ledger:
        # format 1 was a bare list of entries; format 2 adds the message register
        if isinstance(value, list):
            return Ledger(checked(conv.structure(value, list[Entry])))
        if not isinstance(value, Mapping) or value.get("format") != LEDGER_FORMAT:
            raise ValueError(
                f"a ledger file is a table with format = {LEDGER_FORMAT!r} (or a list of "
                "entries, as version 1 wrote)"
            )
        extra = sorted(set(value) - {"format", "version", "entries", "messages"})
        if extra:
            raise ValueError(f"a ledger file has no key(s) {extra}")
        if value.get("version") != LEDGER_VERSION:
            raise ValueError(
                f"ledger file version {value.get('version')!r} is not supported "
                f"(this library reads versions 1 and {LEDGER_VERSION})"
            )
        return Ledger(
            checked(conv.structure(value.get("entries", []), list[Entry])),
            conv.structure(value.get("messages", []), list[MessageRecord]),
        )

    conv.register_structure_hook(Ledger, structure_ledger)
    conv.register_unstructure_hook(
        Ledger,
        lambda ledger: {
            "format": LEDGER_FORMAT,
            "version": LEDGER_VERSION,
            "entries": [conv.unstructure(e) for e in ledger],
            "messages": [conv.unstructure(m) for m in ledger.messages],
        },
    )
    conv.register_unstructure_hook(
        Provider,
        make_dict_unstructure_fn(
            Provider,
            conv,
            distance_km=override(omit_if_default=True),
            quality_marks=override(omit_if_default=True),
            identity=override(omit_if_default=True),
        ),
    )
    conv.register_unstructure_hook(
        Tariff, make_dict_unstructure_fn(Tariff, conv, blocks=override(omit_if_default=True))
    )
    # a register entry without a declaration period is written as before
    conv.register_unstructure_hook(
        MessageRecord,
        make_dict_unstructure_fn(MessageRecord, conv, period=override(omit_if_default=True)),
    )
    conv.register_unstructure_hook(Region, _unstructure_region(conv))

    # funding models: a table tagged with the registry name
    def structure_model(value: object, _: type) -> FundingModel:
        if not isinstance(value, Mapping) or _TAG not in value:
            raise ValueError(
                f"a funding model is a table with a {_TAG!r} key naming it, got {value!r}"
            )
        params = dict(value)
        cls = get_funding_model(str(params.pop(_TAG)))
        return conv.structure(params, cls)

    def unstructure_model(model: FundingModel) -> dict[str, Any]:
        cls: Any = type(model)
        attrs.resolve_types(cls)
        fields = {
            a.alias or a.name: conv.unstructure(getattr(model, a.name), a.type)
            for a in attrs.fields(cls)
            if a.init
        }
        return {_TAG: cls.name, **fields}

    conv.register_structure_hook_func(
        lambda t: t in (FundingModel, FundingModelRef), structure_model
    )
    conv.register_unstructure_hook_func(
        lambda t: (
            t in (FundingModel, FundingModelRef)
            or (isinstance(t, type) and issubclass(t, FundingModel))
        ),
        unstructure_model,
    )
    return conv


def _unstructure_region(conv: cattrs.Converter) -> Any:
    def hook(region: Region) -> dict[str, Any]:
        data: dict[str, Any] = {
            "code": region.code,
            "name": region.name,
            "description": region.description,
            "central_municipality": region.central_municipality.value
            if region.central_municipality
            else None,
            "references": list(region.references),
            "municipalities": [conv.unstructure(m) for m in region.municipalities],
            "segments": [conv.unstructure(s) for s in region.segments],
            "catalog": conv.unstructure(region.catalog),
            "tariffs": conv.unstructure(region.tariffs),
            "providers": [conv.unstructure(p) for p in region.providers],
            "contracts": [conv.unstructure(c) for c in region.contracts],
        }
        return data

    return hook


converter: Final = make_converter()
"""The converter every reader and writer of the library uses."""
