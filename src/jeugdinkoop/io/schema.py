"""The JSON Schema of a region file, generated from the model the converter reads.

A region file (TOML or JSON) holds the tables :func:`~jeugdinkoop.io.region_to_dict`
writes and :func:`~jeugdinkoop.io.region_from_dict` reads. This module walks the same
attrs classes the converter structures — their fields, types and defaults — so the
schema cannot drift from the reader: an editor or a CI job can check a region file
before the library loads it. ``jeugdinkoop schema region`` prints it.

The schema states the shape (keys, types, code patterns, enumerations); the rules
across records (a product's segment exists, tariffs do not overlap) stay with the
reader, which names the record, field and value it refuses.

Examples:
    >>> schema = region_schema()
    >>> schema["$schema"]
    'https://json-schema.org/draft/2020-12/schema'
    >>> sorted(schema["required"])
    ['code', 'municipalities', 'name']
    >>> schema["$defs"]["Tariff"]["properties"]["product"]
    {'type': 'string', 'pattern': '^[A-Za-z0-9]{5}$', 'description': 'iJw product code, 5 letters or digits'}
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from jeugdinkoop.funding import FundingModel, funding_models
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import FundingModelRef, Product, ProductCatalog, Region, Tariff, TariffTable
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["region_schema"]

_DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
_NUMBER: Final = {
    "type": ["string", "integer"],
    "pattern": r"^-?[0-9]+(\.[0-9]+)?$",
    "description": "a decimal as a string ('78.00') or a whole number; floats are refused",
}
_CODES: Final[dict[type, dict[str, str]]] = {
    AGBCode: {"pattern": "^[0-9]{8}$", "description": "AGB code (Vektis), 8 digits"},
    MunicipalityCode: {
        "pattern": "^[0-9]{4}$",
        "description": "CBS municipality code (gemeentecode), 4 digits: '0193'",
    },
    ProductCode: {
        "pattern": "^[A-Za-z0-9]{5}$",
        "description": "iJw product code, 5 letters or digits",
    },
    BSN: {"pattern": "^[0-9]{9}$", "description": "BSN, 9 digits"},
}
_RENAMED: Final = {"catalog": "products"}
"""Region fields that have another key in the file."""


def region_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a region file.

    Returns:
        The schema as a dict, ready for ``json.dumps``.
    """
    defs: dict[str, Any] = {}
    top = _object(Region, defs, renamed=_RENAMED)
    top["required"] = ["code", "name", "municipalities"]  # the lists may be left out
    top["properties"]["contracts"] = {
        "type": "array",
        "items": _contract_in_file(defs),
    }
    _as_read(defs)
    return {
        "$schema": _DIALECT,
        "$id": "https://jeugdinkoop.readthedocs.io/schema/region.json",
        "title": "jeugdinkoop region file",
        "description": "A youth-care region: municipalities, segments with their funding "
        "models, products, tariffs, providers and contracts.",
        **top,
        "$defs": dict(sorted(defs.items())),
    }


def _contract_in_file(defs: dict[str, Any]) -> dict[str, Any]:
    """A contract as a file may write it: ``municipalities = "all"`` names every member."""
    ref = _schema(_contract_type(), defs)
    contract = defs["Contract"]
    contract["properties"]["municipalities"] = {
        "anyOf": [
            contract["properties"]["municipalities"],
            {"const": "all", "description": "every member municipality"},
        ]
    }
    return ref


def _as_read(defs: dict[str, Any]) -> None:
    """What the reader allows beyond the classes' own fields (io/regions.py).

    A local condition may name ``municipality = "all"`` (written once for every member),
    and a tariff composed of building blocks may leave out its rate (the blocks' sum).
    """
    condition = defs.get("LocalCondition")
    if condition is not None and "municipality" in condition.get("properties", {}):
        condition["properties"]["municipality"] = {
            "anyOf": [
                condition["properties"]["municipality"],
                {"const": "all", "description": "every member municipality"},
            ]
        }
    tariff = defs.get("Tariff")
    if tariff is not None and "blocks" in tariff.get("properties", {}):
        tariff["required"] = [key for key in tariff.get("required", []) if key != "rate"]


def _contract_type() -> type:
    from jeugdinkoop.model.parties import Contract

    return Contract


def _object(
    cls: type, defs: dict[str, Any], renamed: Mapping[str, str] | None = None
) -> dict[str, Any]:
    """An attrs class as an object schema: its init fields by their keys in a file."""
    hints = typing.get_type_hints(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        if not field.init:
            continue
        key = (renamed or {}).get(field.name, field.alias or field.name)
        properties[key] = _schema(hints[field.name], defs)
        if field.default is attrs.NOTHING:
            required.append(key)
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    schema["additionalProperties"] = False
    return schema


def _schema(tp: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of one annotated type."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        options = [_schema(a, defs) for a in args if a is not type(None)]
        if type(None) in args:
            options.append({"type": "null"})
        return options[0] if len(options) == 1 else {"anyOf": options}
    if origin is tuple and args and args[-1] is not Ellipsis:  # a pair: (code, km)
        return {
            "type": "array",
            "prefixItems": [_schema(a, defs) for a in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    if origin in (tuple, list, Sequence, frozenset, set):
        return {"type": "array", "items": _schema(args[0], defs) if args else {}}
    if origin in (dict, Mapping):
        return {"type": "object", "additionalProperties": _schema(args[1], defs)}
    if tp is str:
        return {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp in (Decimal, Money):
        return dict(_NUMBER)
    if tp is date:
        return {"type": "string", "format": "date"}
    if tp is Period:
        day = {"type": "string", "format": "date"}
        return {
            "type": "object",
            "properties": {"start": day, "end": {"anyOf": [day, {"type": "null"}]}},
            "required": ["start"],
            "additionalProperties": False,
        }
    if tp in _CODES:
        return {"type": "string", **_CODES[tp]}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [member.value for member in tp]}
    if tp is ProductCatalog:  # held as a list in files
        return {"type": "array", "items": _schema(Product, defs)}
    if tp is TariffTable:
        return {"type": "array", "items": _schema(Tariff, defs)}
    if tp in (FundingModel, FundingModelRef):
        return _funding(defs)
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # a recursive class (Segment) refers to itself
            defs[name] = _object(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    return {"description": f"a {getattr(tp, '__name__', tp)}"}


def _funding(defs: dict[str, Any]) -> dict[str, Any]:
    """A funding model: a table tagged by its registry name, with that model's fields."""
    if "FundingModel" not in defs:
        defs["FundingModel"] = {}
        options = []
        for name, cls in sorted(funding_models().items()):
            schema = _object(cls, defs)
            schema["properties"] = {"model": {"const": name}, **schema["properties"]}
            schema["required"] = ["model", *schema.get("required", [])]
            options.append(schema)
        defs["FundingModel"] = {
            "description": "a funding model: model = its registered name, then its fields",
            "oneOf": options,
        }
    return {"$ref": "#/$defs/FundingModel"}
