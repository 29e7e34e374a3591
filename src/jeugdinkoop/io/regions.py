"""Region files (TOML): read whole or not at all, with every bad record listed.

A region file holds the region's name and code, its municipalities, segments (with
their funding model as a table tagged by the model's registry name), products, tariffs,
providers and contracts. ``municipalities = "all"`` in a contract means every member
municipality. See the "Region files" reference page for the full format.

Examples:
    >>> from jeugdinkoop.io import load_example_region
    >>> region = load_example_region()
    >>> [s.code for s in region.segments], region.funding_of("AMB").name
    (['AMB', 'VBL'], 'effort')
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import cattrs

from jeugdinkoop.errors import InvalidValue, LoadError, Problem
from jeugdinkoop.io.converter import converter
from jeugdinkoop.io.limits import read_toml
from jeugdinkoop.model import (
    Contract,
    Municipality,
    Product,
    ProductCatalog,
    Provider,
    Region,
    Segment,
    Tariff,
    TariffTable,
)
from jeugdinkoop.model.numbers import LINE_BOUND

__all__ = [
    "EMBEDDED_REGIONS",
    "EXAMPLE_REGION",
    "embedded_region_code",
    "embedded_region_path",
    "load_embedded_region",
    "load_example_region",
    "load_region",
    "region_from_dict",
    "region_to_dict",
]

T = TypeVar("T")

EXAMPLE_REGION: Final = "voorbeeld"
"""The fictional example region the docs and the main job use."""

EMBEDDED_REGIONS: Final = (
    "voorbeeld",
    "ijsselland",
    "achterhoek",
    "zuid_limburg",
    "midden_ijssel",
    "flevoland",
)
"""Region files shipped in the package (``jeugdinkoop/regions/<code>.toml``)."""

_SECTIONS: Final = {
    "municipalities": Municipality,
    "segments": Segment,
    "products": Product,
    "tariffs": Tariff,
    "providers": Provider,
    "contracts": Contract,
}
_TOP_KEYS: Final = {"code", "name", "description", "central_municipality", "references", *_SECTIONS}
_PATH: Final = re.compile(r"^(?P<msg>.*) @ \$(?P<path>.*)$", re.S)


def _format_exception(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, KeyError):
        return f"required field {exc.args[0]!r} is missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(exc.extra_fields)}"
    text = str(exc)
    name = getattr(type_, "__name__", str(type_))
    return text if text else f"invalid value for {name}"


def _lookup(data: Any, path: str) -> str:
    """The raw value at a cattrs path like ``.rate`` or ``[2].code``, as text."""
    value = data
    for part in re.findall(r"\.([A-Za-z_]\w*)|\[(\d+)\]|\['([^']*)'\]", path):
        name, index, key = part
        try:
            value = value[name or key] if name or key else value[int(index)]
        except (KeyError, IndexError, TypeError):
            return ""
    return "" if isinstance(value, dict | list) else str(value)


def _guess_field(item: object, message: str) -> str:
    """The field an error raised inside a class's ``__init__`` is about.

    Validators name it (``Municipality '0193'.name: …``); converters name the value.
    """
    match = re.match(r"^\w+(?: '[^']*')?\.(\w+): ", message)
    if match:
        return match[1]
    if isinstance(item, Mapping):
        for key, value in item.items():
            if isinstance(value, str | int) and repr(str(value)) in message:
                return str(key)
    return "(record)"


def _every_municipality(conditions: list[Any], codes: list[str]) -> list[Any]:
    """Local conditions with ``municipality = "all"`` made one per member municipality.

    A region-wide condition (IJsselland's cap on HSWV providers, seed 000:L356) is written
    once in a region file and holds in every municipality.
    """
    result: list[Any] = []
    for condition in conditions:
        if isinstance(condition, Mapping) and condition.get("municipality") == "all":
            result += [{**condition, "municipality": code} for code in codes]
        else:
            result.append(condition)
    return result


def _renamed_valid(source: str, index: int, item: Any) -> Any:
    """A tariff table with the deprecated key ``valid`` read as ``period`` (with a warning).

    A table with both keys is left as it is: the loader then reports ``valid`` as an
    unknown key of that tariff.
    """
    if not isinstance(item, Mapping) or "valid" not in item or "period" in item:
        return item
    warnings.warn(
        f"{source}: tariffs[{index}]: the key 'valid' is deprecated; write 'period'",
        DeprecationWarning,
        stacklevel=5,
    )
    return {("period" if key == "valid" else key): value for key, value in item.items()}


def _structure_tariffs(source: str, items: object, problems: list[Problem]) -> list[Tariff]:
    """The tariffs; one composed of building blocks may leave its rate out (seed 004:L209).

    Such a rate is worked out from the plain tariffs (:meth:`TariffTable.composed_rate`);
    a rate that is given is checked against its blocks when the table is built.
    """
    if not isinstance(items, list):
        return _structure_all(source, "tariffs", items, Tariff, problems)
    items = [_renamed_valid(source, i, item) for i, item in enumerate(items)]
    open_rate = [
        isinstance(item, Mapping) and "blocks" in item and "rate" not in item for item in items
    ]
    tariffs = _structure_all(
        source,
        "tariffs",
        [
            {**item, "rate": "0"} if fill else item
            for item, fill in zip(items, open_rate, strict=True)
        ],
        Tariff,
        problems,
    )
    if problems or not any(open_rate):
        return tariffs
    try:
        plain = TariffTable([t for t in tariffs if not t.blocks])
        return [
            attrs.evolve(t, rate=plain.composed_rate(t.blocks, t.period, t.provider)) if fill else t
            for t, fill in zip(tariffs, open_rate, strict=True)
        ]
    except InvalidValue as err:
        problems.append(Problem(f"{source}: tariffs", "blocks", "", str(err)))
        return []


def _structure_all(
    source: str, section: str, items: object, cls: type[T], problems: list[Problem]
) -> list[T]:
    if not isinstance(items, list):
        problems.append(
            Problem(source, section, repr(items), "must be a list of tables ([[" + section + "]])")
        )
        return []
    result: list[T] = []
    for i, item in enumerate(items):
        record = f"{section}[{i}]"
        if isinstance(item, Mapping):
            for key in ("code", "reference", "agb", "product"):
                if key in item:
                    record += f" ({key} {item[key]})"
                    break
        try:
            result.append(converter.structure(item, cls))
        except Exception as exc:
            for message in cattrs.transform_error(
                exc, path="$", format_exception=_format_exception
            ):
                match = _PATH.match(message)
                msg, path = (match["msg"], match["path"]) if match else (message, "")
                field = path.lstrip(".") or _guess_field(item, msg)
                problems.append(
                    Problem(f"{source}: {record}", field, _lookup(item, "." + field), msg)
                )
    return result


def region_from_dict(data: Mapping[str, Any], source: str = "<region>") -> Region:
    """Build a region from the tables of a region file.

    Raises:
        LoadError: listing every bad record; nothing is returned in part.
    """
    problems: list[Problem] = []
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        problems.append(
            Problem(
                source,
                ", ".join(unknown),
                "",
                f"unknown top-level key(s); known: {sorted(_TOP_KEYS)}",
            )
        )
    for key in ("code", "name"):
        if not isinstance(data.get(key), str) or not data.get(key):
            problems.append(Problem(source, key, str(data.get(key, "")), "required text"))
    for key in ("description", "central_municipality"):
        if key in data and not isinstance(data[key], str):
            problems.append(Problem(source, key, str(data[key]), "text"))
    references = data.get("references", [])
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        problems.append(Problem(source, "references", str(references), "a list of texts"))
    municipalities = _structure_all(
        source, "municipalities", data.get("municipalities", []), Municipality, problems
    )
    all_codes = [m.code.value for m in municipalities]
    contracts_data: Any = []
    contracts = data.get("contracts", [])
    for raw in contracts if isinstance(contracts, list) else ():
        item = raw
        if isinstance(item, Mapping) and item.get("municipalities") == "all":
            item = {**item, "municipalities": all_codes}
        if isinstance(item, Mapping) and isinstance(item.get("local_conditions"), list):
            item = {
                **item,
                "local_conditions": _every_municipality(item["local_conditions"], all_codes),
            }
        contracts_data.append(item)
    if not isinstance(contracts, list):
        contracts_data = contracts  # refused, with its value, by _structure_all
    parts: dict[str, list[Any]] = {
        "segments": _structure_all(source, "segments", data.get("segments", []), Segment, problems),
        "products": _structure_all(source, "products", data.get("products", []), Product, problems),
        "tariffs": _structure_tariffs(source, data.get("tariffs", []), problems),
        "providers": _structure_all(
            source, "providers", data.get("providers", []), Provider, problems
        ),
        "contracts": _structure_all(source, "contracts", contracts_data, Contract, problems),
    }
    for tariff in parts["tariffs"]:
        if abs(tariff.rate.amount) >= LINE_BOUND:
            problems.append(
                Problem(
                    f"{source}: tariffs (product {tariff.product})",
                    "rate",
                    str(tariff.rate.amount),
                    "out of bounds: a tariff is below € 1,000,000 (iJw: fewer than 10^8 cents)",
                )
            )
    if problems:
        raise LoadError(source, problems)
    try:
        region = Region(
            code=data["code"],
            name=data["name"],
            description=data.get("description", ""),
            central_municipality=data.get("central_municipality"),
            references=data.get("references", []),
            municipalities=municipalities,
            segments=parts["segments"],
            catalog=ProductCatalog(parts["products"]),
            tariffs=TariffTable(parts["tariffs"]),
            providers=parts["providers"],
            contracts=parts["contracts"],
        )
    except InvalidValue as err:
        raise LoadError.from_invalid(source, err) from None
    except (TypeError, ValueError, LookupError) as err:
        raise LoadError(source, [Problem(source, "(region)", "", str(err))]) from None
    _check_funding(region, source)
    return region


def _check_funding(region: Region, source: str) -> None:
    """Refuse a region in which a segment has no funding model of its own or a parent's."""
    problems = []
    for segment in region.all_segments():
        try:
            region.funding_of(segment.code)
        except LookupError:
            problems.append(
                Problem(
                    f"{source}: segments ({segment.code})",
                    "funding",
                    "",
                    "required: a funding model table on the segment or a parent segment",
                )
            )
    if problems:
        raise LoadError(source, problems)


def region_to_dict(region: Region) -> dict[str, Any]:
    """The tables of a region file for a region (inverse of :func:`region_from_dict`).

    Examples:
        >>> region = load_example_region()
        >>> region_from_dict(region_to_dict(region)) == region
        True
    """
    data = converter.unstructure(region)
    data["products"] = data.pop("catalog")
    return {k: v for k, v in data.items() if v not in (None, "", [])}


def load_region(path: str | Path) -> Region:
    """Read a region file (TOML).

    Raises:
        LoadError: when the file cannot be read or parsed, or any record is bad (all listed).
    """
    return region_from_dict(read_toml(path), str(path))


def embedded_region_path(code: str) -> Path:
    """The path of an embedded region file; the name is case-insensitive (``Zuid-Limburg``).

    Raises:
        LookupError: naming the embedded regions.
    """
    code = embedded_region_code(code)
    if code not in EMBEDDED_REGIONS:
        raise LookupError(f"no embedded region {code!r}; embedded: {', '.join(EMBEDDED_REGIONS)}")
    return Path(str(files("jeugdinkoop") / "regions" / f"{code}.toml"))


def embedded_region_code(name: str) -> str:
    """An embedded region's code from a name as people type it: any case, ``-`` or ``_``.

    Examples:
        >>> embedded_region_code(" Zuid-Limburg "), embedded_region_code("ACHTERHOEK")
        ('zuid_limburg', 'achterhoek')
    """
    return name.strip().lower().replace("-", "_").replace(" ", "_")


def load_embedded_region(code: str) -> Region:
    """Load a region file shipped in the package (cached: regions are immutable).

    The name is case-insensitive: ``Achterhoek`` and ``zuid-limburg`` work too.

    Examples:
        >>> load_embedded_region("voorbeeld").name
        'Regio Voorbeeld'
        >>> load_embedded_region("Voorbeeld") is load_embedded_region("voorbeeld")
        True
    """
    return _load_embedded(embedded_region_code(code))


@cache
def _load_embedded(code: str) -> Region:
    return load_region(embedded_region_path(code))


def load_example_region() -> Region:
    """The fictional *Regio Voorbeeld*: 3 municipalities, 2 segments, 6 products, 4 providers."""
    return load_embedded_region(EXAMPLE_REGION)


_ = Sequence
