"""Scenario files (TOML): a baseline scenario and its variants, read whole or not at all.

A scenario file names its region (an embedded region's code, or the path of a region
file relative to the scenario file), the years, the demand — as assumptions that expand
over the years by stock and flow, or as explicit lines per year — the indexation per
year, the funding models that replace the region's own per segment, and variants of the
baseline that change its funding models or indexation::

    name = "basis"
    label = "Regio Voorbeeld, verwachte groei"
    region = "voorbeeld"
    years = { first = 2026, last = 2030 }

    [indexation]            # percent, from 1 January of the year
    2027 = "3.0"

    [[assumptions]]         # DemandAssumption
    municipality = "0001"
    segment = "AMB"
    clients_start = 100
    inflow = 40
    outflow = 30
    units_per_client_month = "2"
    growth_pct = "2"

    [[demand]]              # Demand: one line for one year
    municipality = "0002"
    segment = "VBL"
    year = 2026
    clients_start = 5
    units_per_client_month = "30.4"

    [funding.VBL]           # a funding model table, as in region files
    model = "lumpsum"

    [[variants]]
    name = "PxQ"
    funding.VBL = { model = "effort" }

Numbers may be integers or strings (``"30.4"``); floats are refused, as everywhere.

Examples:
    >>> text = '''
    ... name = "basis"
    ... region = "voorbeeld"
    ... years = { first = 2025, last = 2026 }
    ... [[assumptions]]
    ... municipality = "0001"
    ... segment = "AMB"
    ... clients_start = 100
    ... inflow = 40
    ... outflow = 30
    ... units_per_client_month = "2"
    ... [[variants]]
    ... name = "index"
    ... indexation = { 2026 = "3" }
    ... '''
    >>> import tomllib
    >>> base, variant = scenarios_from_dict(tomllib.loads(text))
    >>> base.run().by("year")
    {(2025,): Money('196560.00'), (2026,): Money('225850.80')}
    >>> variant.name, variant.price_factor(2026)
    ('index', Decimal('1.03'))
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final

import attrs

from jeugdinkoop.errors import InvalidValue, LoadError, Problem
from jeugdinkoop.funding import Demand, FundingModel
from jeugdinkoop.io.converter import converter
from jeugdinkoop.io.limits import read_toml
from jeugdinkoop.io.regions import (
    EMBEDDED_REGIONS,
    _structure_all,
    load_embedded_region,
    load_region,
)
from jeugdinkoop.model import Region
from jeugdinkoop.model.numbers import QUANTITY_BOUND, InvalidNumber, parse_decimal
from jeugdinkoop.scenarios import DemandAssumption, Scenario, Uncertainty, expand

__all__ = ["load_scenario", "load_scenarios", "scenario_from_dict", "scenarios_from_dict"]

_TOP_KEYS: Final = {
    "name",
    "label",
    "region",
    "years",
    "indexation",
    "uncertainty",
    "assumptions",
    "demand",
    "funding",
    "variants",
}
_VARIANT_KEYS: Final = {"name", "label", "indexation", "funding"}

FIRST_YEAR: Final = 1900
"""The first year a scenario may cover."""
LAST_YEAR: Final = 2200
"""The last year a scenario may cover."""
MAX_YEARS: Final = 100
"""A scenario covers at most this many years."""


def _region(
    value: object, source: str, base: Path | None, problems: list[Problem]
) -> Region | None:
    if not isinstance(value, str) or not value:
        problems.append(
            Problem(source, "region", str(value or ""), "an embedded region's code or a file path")
        )
        return None
    try:
        if value in EMBEDDED_REGIONS:
            return load_embedded_region(value)
        path = Path(value)
        path = path if path.is_absolute() or base is None else base / path
        if not path.exists():
            problems.append(
                Problem(
                    source,
                    "region",
                    value,
                    f"neither an embedded region ({', '.join(EMBEDDED_REGIONS)}) nor a region file",
                )
            )
            return None
        return load_region(path)
    except LoadError as err:
        problems += err.problems
    except LookupError as err:
        problems.append(Problem(source, "region", value, str(err)))
    return None


def _years(value: object, source: str, problems: list[Problem]) -> tuple[int, int] | None:
    if (
        isinstance(value, Mapping)
        and set(value) == {"first", "last"}
        and all(isinstance(value[k], int) and not isinstance(value[k], bool) for k in value)
        and FIRST_YEAR <= value["first"] <= value["last"] <= LAST_YEAR
        and value["last"] - value["first"] < MAX_YEARS
    ):
        return value["first"], value["last"]
    problems.append(
        Problem(
            source,
            "years",
            str(value),
            "a table { first = 2026, last = 2030 }, first <= last, "
            f"years from {FIRST_YEAR} to {LAST_YEAR}, at most {MAX_YEARS} of them",
        )
    )
    return None


_MODEL_KEY: Final = "model"


def _funding(
    value: object, source: str, where: str, problems: list[Problem]
) -> dict[str, FundingModel]:
    if not isinstance(value, Mapping):
        problems.append(Problem(source, where, str(value), "a table of funding models by segment"))
        return {}
    result = {}
    for segment, table in value.items():
        try:
            result[str(segment)] = converter.structure(table, FundingModel)
        except Exception as err:  # every failure becomes a listed problem
            problems.append(Problem(source, f"{where}.{segment}", "", _message(err)))
    return result


def _check_dropped(
    region: Region,
    where: str,
    funding: Mapping[str, FundingModel],
    source: str,
    problems: list[Problem],
) -> None:
    """Refuse a funding override that silently drops what the region's model had.

    A ``{ model = "lumpsum" }`` in place of the region's lumpsum has no budgets, and a
    lumpsum without budgets pays € 0: the override must repeat the budgets (or leave the
    segment to the region's own model). The same for any list the region's model of the
    same name holds (budgets, ceilings, parts, results); and a budget model of another
    name without any budgets is refused too.
    """
    for segment, model in funding.items():
        override = converter.unstructure(model, FundingModel)
        try:
            own = converter.unstructure(region.funding_of(segment), FundingModel)
        except LookupError:  # an unknown segment is the scenario's own problem, found later
            own = {}
        if own.get(_MODEL_KEY) == override.get(_MODEL_KEY):
            for key, value in own.items():
                if isinstance(value, list) and value and not override.get(key):
                    problems.append(
                        Problem(
                            source,
                            f"{where}.{segment}",
                            str(override.get(_MODEL_KEY)),
                            f"drops the region's {key} ({len(value)}) of its "
                            f"{own[_MODEL_KEY]} model; repeat them, or leave the segment out "
                            "to keep the region's own model",
                        )
                    )
        elif "budgets" in override and not override["budgets"]:
            problems.append(
                Problem(
                    source,
                    f"{where}.{segment}",
                    str(override.get(_MODEL_KEY)),
                    "a budget model without budgets pays € 0: give its budgets",
                )
            )


def _message(err: BaseException) -> str:
    if isinstance(err, BaseExceptionGroup):
        return "; ".join(_message(e) for e in err.exceptions)
    if isinstance(err, KeyError):
        return f"required field {err.args[0]!r} is missing"
    return str(err) or type(err).__name__


def _indexation(value: object, source: str, where: str, problems: list[Problem]) -> dict[int, Any]:
    if not isinstance(value, Mapping):
        problems.append(Problem(source, where, str(value), "a table of percent per year"))
        return {}
    result: dict[int, Any] = {}
    for year, pct in value.items():
        if not (str(year).isdigit() and FIRST_YEAR <= int(year) <= LAST_YEAR):
            problems.append(
                Problem(
                    source,
                    f"{where}.{year}",
                    str(pct),
                    f"keys are years (2027), from {FIRST_YEAR} to {LAST_YEAR}",
                )
            )
        elif isinstance(pct, float):
            problems.append(
                Problem(source, f"{where}.{year}", str(pct), 'a float; write it as a string, "3.0"')
            )
        elif isinstance(pct, str):
            try:
                result[int(year)] = parse_decimal(
                    pct, field=f"{where}.{year}", bound=QUANTITY_BOUND
                )
            except InvalidNumber as err:
                problems.append(Problem(source, err.field, pct, err.rule))
        else:
            result[int(year)] = pct
    return result


def _variants(
    variants: object, funding: dict[str, FundingModel], source: str, problems: list[Problem]
) -> list[dict[str, Any]]:
    """What each ``[[variants]]`` table changes in the baseline."""
    if not isinstance(variants, list):
        problems.append(Problem(source, "variants", str(variants), "a list ([[variants]])"))
        return []
    changes = []
    for i, variant in enumerate(variants):
        where = f"variants[{i}]"
        if not isinstance(variant, Mapping) or not isinstance(variant.get("name"), str):
            problems.append(Problem(source, where, str(variant), "a table with a name"))
            continue
        extra = sorted(set(variant) - _VARIANT_KEYS)
        if extra:
            problems.append(
                Problem(
                    source,
                    where,
                    ", ".join(extra),
                    f"unknown key(s); known: {sorted(_VARIANT_KEYS)}",
                )
            )
        change: dict[str, Any] = {"name": variant["name"], "label": variant.get("label", "")}
        if "indexation" in variant:
            change["indexation"] = _indexation(
                variant["indexation"], source, f"{where}.indexation", problems
            )
        if "funding" in variant:
            change["funding"] = {
                **funding,
                **_funding(variant["funding"], source, f"{where}.funding", problems),
            }
        changes.append(change)
    return changes


def scenarios_from_dict(
    data: Mapping[str, Any],
    source: str = "<scenario>",
    *,
    region: Region | None = None,
    base: Path | None = None,
) -> tuple[Scenario, ...]:
    """The baseline scenario of a scenario file's tables, then its variants.

    Args:
        data: the tables (``tomllib.load`` output).
        source: the file name, for messages.
        region: use this region instead of the one the file names.
        base: the directory region paths are relative to.

    Raises:
        LoadError: listing every problem; nothing is returned in part.
    """
    problems: list[Problem] = []
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        problems.append(
            Problem(source, ", ".join(unknown), "", f"unknown key(s); known: {sorted(_TOP_KEYS)}")
        )
    name = data.get("name")
    if not isinstance(name, str) or not name:
        problems.append(Problem(source, "name", str(name or ""), "required text"))
    if region is None:
        region = _region(data.get("region"), source, base, problems)
    assumptions = _structure_all(
        source, "assumptions", data.get("assumptions", []), DemandAssumption, problems
    )
    lines = _structure_all(source, "demand", data.get("demand", []), Demand, problems)
    for i, line in enumerate(lines):
        if not FIRST_YEAR <= line.year <= LAST_YEAR:
            problems.append(
                Problem(
                    f"{source}: demand[{i}]",
                    "year",
                    str(line.year),
                    f"a year from {FIRST_YEAR} to {LAST_YEAR}",
                )
            )
    years = _years(data.get("years"), source, problems) if data.get("assumptions") else None
    uncertainty = Uncertainty()
    if "uncertainty" in data:
        try:
            uncertainty = converter.structure(data["uncertainty"], Uncertainty)
        except Exception as err:
            problems.append(Problem(source, "uncertainty", "", _message(err)))
    indexation = _indexation(data.get("indexation", {}), source, "indexation", problems)
    funding = _funding(data.get("funding", {}), source, "funding", problems)
    changes = _variants(data.get("variants", []), funding, source, problems)
    if region is not None:
        _check_dropped(region, "funding", funding, source, problems)
        for i, change in enumerate(changes):
            own = {k: v for k, v in change.get("funding", {}).items() if k not in funding}
            _check_dropped(region, f"variants[{i}].funding", own, source, problems)
    if problems or region is None:
        raise LoadError(source, problems)
    try:
        demand = (*(expand(assumptions, *years) if years else ()), *lines)
        baseline = Scenario(
            name,  # type: ignore[arg-type]  # checked above
            region,
            demand,
            indexation=indexation,
            funding=funding,
            uncertainty=uncertainty,
            label=str(data.get("label", "")),
        )
        return (baseline, *(attrs.evolve(baseline, **change) for change in changes))
    except InvalidValue as err:
        raise LoadError.from_invalid(source, err) from None


def scenario_from_dict(
    data: Mapping[str, Any],
    source: str = "<scenario>",
    *,
    region: Region | None = None,
    base: Path | None = None,
) -> Scenario:
    """The baseline scenario of a scenario file's tables (see :func:`scenarios_from_dict`).

    Examples:
        >>> s = scenario_from_dict({"name": "leeg", "region": "voorbeeld"})
        >>> s.name, s.region.code, s.demand
        ('leeg', 'voorbeeld', ())
    """
    return scenarios_from_dict(data, source, region=region, base=base)[0]


def _read(path: str | Path) -> dict[str, Any]:
    return read_toml(path)


def load_scenarios(path: str | Path, *, region: Region | None = None) -> tuple[Scenario, ...]:
    """Read a scenario file (TOML): the baseline, then its variants.

    Raises:
        LoadError: when the file cannot be read, or with every problem in it listed.
    """
    return scenarios_from_dict(_read(path), str(path), region=region, base=Path(path).parent)


def load_scenario(path: str | Path, *, region: Region | None = None) -> Scenario:
    """Read a scenario file's baseline scenario (TOML).

    Raises:
        LoadError: when the file cannot be read, or with every problem in it listed.
    """
    return load_scenarios(path, region=region)[0]
