"""Declarative cases (STYLE 11): hand-worked situations in TOML, checked against a region.

A region keeps its hand-worked examples as data, next to its region file, in
``cases.toml``: each case names a settlement period, the assignments and claims (flat
records, as a CSV row gives them) and what must come out — which lines are accepted,
which are refused with which rules, the total accepted, settlement lines (only the
fields given are compared) and, optionally, the local-rule findings on a day. Our own
seed regions are tested this way (``tests/regions/<region>/cases.toml``), and a region's
own package runs its cases with ``jeugdinkoop test`` or :func:`run_cases`.

Examples:
    >>> import tomllib
    >>> from jeugdinkoop.io import load_example_region
    >>> case = tomllib.loads('''
    ... name = "one hour"
    ... settle = { start = 2025-03-01, end = 2025-03-31 }
    ... [[assignments]]
    ... reference = "T-1"
    ... client = "100000010"
    ... municipality = "0001"
    ... provider = "22222222"
    ... category = "45"
    ... product = "45A01"
    ... start = 2025-01-01
    ... end = 2025-12-31
    ... quantity = "8"
    ... unit = "04"
    ... frequency = "4"
    ... [[claims]]
    ... reference = "R-1"
    ... assignment = "T-1"
    ... provider = "22222222"
    ... client = "100000010"
    ... municipality = "0001"
    ... product = "45A01"
    ... start = 2025-03-01
    ... end = 2025-03-31
    ... quantity = "1"
    ... unit = "04"
    ... amount = "78.00"
    ... [expect]
    ... accepted = ["R-1"]
    ... total_accepted = "78.00"
    ... lines = [{ provider = "22222222", municipality = "0001", segment = "AMB", payable = "78.00" }]
    ... ''')
    >>> run_case(case, load_example_region())
    CaseResult(name='one hour', problems=())
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from jeugdinkoop.errors import JeugdinkoopError, LoadError, Problem
from jeugdinkoop.model import Assignment, Region
from jeugdinkoop.model.records import RecordError, assignment_from_record
from jeugdinkoop.money import Money
from jeugdinkoop.monitoring import check_local_rules
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import validate

__all__ = ["CaseResult", "load_cases", "run_case", "run_cases"]

_KEYS = ("provider", "municipality", "segment")


@attrs.frozen
class CaseResult:
    """The outcome of one case: its name and every way the region disagreed with it."""

    name: str
    problems: tuple[str, ...] = ()

    @property
    def passed(self) -> bool:
        """Whether everything came out as the case expects."""
        return not self.problems


def load_cases(path: str | Path) -> list[dict[str, Any]]:
    """The ``[[cases]]`` tables of a cases file.

    Raises:
        LoadError: when the file cannot be read or has no cases.
    """
    source = str(path)
    try:
        with open(path, "rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as err:
        raise LoadError(source, [Problem(source, "(file)", "", str(err))]) from None
    cases = data.get("cases")
    if not isinstance(cases, list) or not cases:
        raise LoadError(source, [Problem(source, "cases", "", "no [[cases]] tables")])
    return cases


def _text(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _amount(value: object) -> Money:
    return Money(Decimal(str(value)))


def run_case(case: Mapping[str, Any], region: Region) -> CaseResult:
    """Validate and settle one case on a region; list every difference from what it expects."""
    name = str(case.get("name", "(unnamed)"))
    problems: list[str] = []
    try:
        assignments: list[Assignment] = [
            assignment_from_record({k: _text(v) for k, v in record.items()})
            for record in case.get("assignments", [])
        ]
        claims = [{k: _text(v) for k, v in record.items()} for record in case.get("claims", [])]
        period = Period(case["settle"]["start"], case["settle"]["end"])
    except (RecordError, JeugdinkoopError, KeyError, TypeError) as err:
        return CaseResult(name, (f"the case itself is malformed: {err}",))
    report = validate(claims, assignments, region)
    expect: Mapping[str, Any] = case.get("expect", {})
    accepted = [a.claim.reference for a in report.accepted]
    if "accepted" in expect and list(expect["accepted"]) != accepted:
        problems.append(f"accepted {accepted}, expected {list(expect['accepted'])}")
    rejected = {r.reference: [f.code for f in r.findings] for r in report.rejected}
    if "rejected" in expect and dict(expect["rejected"]) != rejected:
        problems.append(f"rejected {rejected}, expected {dict(expect['rejected'])}")
    if "total_accepted" in expect and _amount(expect["total_accepted"]) != report.total_accepted:
        problems.append(
            f"total accepted {report.total_accepted}, expected {_amount(expect['total_accepted'])}"
        )
    settlement = settle(report.ledger, region, period, assignments)
    lines = {
        (line.provider.value, line.municipality.value, line.segment): line
        for line in settlement.lines
    }
    for wanted in expect.get("lines", []):
        key = tuple(str(wanted[k]) for k in _KEYS)
        line = lines.get(key)  # type: ignore[arg-type]
        if line is None:
            problems.append(f"no settlement line for {' / '.join(key)}")
            continue
        for field, value in wanted.items():
            if field not in _KEYS and getattr(line, field) != _amount(value):
                problems.append(
                    f"{' / '.join(key)}: {field} is {getattr(line, field)}, expected {_amount(value)}"
                )
    if "local_rules" in expect:
        found = [
            f.code
            for f in check_local_rules(region, case["local_rules_on"], report.ledger, assignments)
        ]
        if list(expect["local_rules"]) != found:
            problems.append(f"local rules found {found}, expected {list(expect['local_rules'])}")
    return CaseResult(name, tuple(problems))


def run_cases(path: str | Path, region: Region) -> list[CaseResult]:
    """Run every case of a cases file on a region."""
    return [run_case(case, region) for case in load_cases(path)]
