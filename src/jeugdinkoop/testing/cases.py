"""Declarative cases (STYLE 11): hand-worked situations in TOML, checked against a region.

A region keeps its hand-worked examples as data, next to its region file, in
``cases.toml``: each case names a settlement period, the assignments and claims (flat
records, as a CSV row gives them) and what must come out — which lines are accepted,
which are refused with which rules, the total accepted, settlement lines (only the
fields given are compared), optionally the local-rule findings on a day, and the findings
on providers' refusals of assignments (``refusals``, the acceptance duty). A case may add
``contracts`` to the region (applicants for admission, as a region file writes them) to
show how the local rules judge them. Our own
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

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import cattrs

from jeugdinkoop.errors import InvalidValue, JeugdinkoopError, LoadError, Problem
from jeugdinkoop.funding import SettlementLine
from jeugdinkoop.io.converter import converter
from jeugdinkoop.io.limits import read_toml
from jeugdinkoop.model import Assignment, Contract, Refusal, Region
from jeugdinkoop.model.numbers import TOTAL_BOUND, parse_decimal
from jeugdinkoop.model.records import (
    ASSIGNMENT_FIELDS,
    CLAIM_FIELDS,
    RecordError,
    assignment_from_record,
)
from jeugdinkoop.money import Money
from jeugdinkoop.monitoring import check_local_rules, check_refusals
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
    """The ``[[cases]]`` tables of a cases file, each checked for shape before it runs.

    Raises:
        LoadError: when the file cannot be read, has no cases, or a case is malformed
            (naming ``cases[2].expect.total_accepted``, say, its value and the rule).
    """
    source = str(path)
    data = read_toml(path)
    cases = data.get("cases")
    if not isinstance(cases, list) or not cases:
        raise LoadError(source, [Problem(source, "cases", "", "no [[cases]] tables")])
    problems: list[Problem] = []
    for index, case in enumerate(cases):
        problems += _case_problems(source, index, case)
    if problems:
        raise LoadError(source, problems)
    return cases


_CASE_KEYS = {
    "name",
    "description",
    "settle",
    "assignments",
    "claims",
    "expect",
    "local_rules_on",
    "refusals",
    "contracts",
}
_EXPECT_KEYS = {"accepted", "rejected", "total_accepted", "lines", "local_rules", "refusals"}
_REFUSAL_FIELDS = tuple(a.name for a in attrs.fields(Refusal))
_CONTRACT_FIELDS = tuple(a.name for a in attrs.fields(Contract))
_LINE_AMOUNTS = tuple(a.name for a in attrs.fields(SettlementLine) if a.name not in _KEYS)


def _is_texts(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _number_problem(where: str, field: str, value: object) -> Problem | None:
    try:
        _amount(value, field)
    except (InvalidValue, TypeError) as err:
        return Problem(where, field, str(value), getattr(err, "rule", str(err)))
    return None


def _case_problems(source: str, index: int, case: object) -> list[Problem]:
    """What is wrong with the shape of one case (nothing is run)."""
    where = f"{source}: cases[{index}]"
    if not isinstance(case, Mapping):
        return [Problem(where, "(case)", str(case), "a [[cases]] table")]
    if isinstance(case.get("name"), str):
        where += f" ({case['name']})"
    found: list[Problem] = []
    unknown = sorted(set(case) - _CASE_KEYS)
    if unknown:
        found.append(
            Problem(where, ", ".join(unknown), "", f"unknown key(s); known: {sorted(_CASE_KEYS)}")
        )
    settle_ = case.get("settle")
    if not (
        isinstance(settle_, Mapping)
        and set(settle_) == {"start", "end"}
        and all(type(settle_[k]) is date for k in ("start", "end"))
    ):
        found.append(
            Problem(
                where, "settle", str(settle_), "a table { start = 2025-03-01, end = 2025-03-31 }"
            )
        )
    for key, known in (
        ("assignments", ASSIGNMENT_FIELDS),
        ("claims", CLAIM_FIELDS),
        ("refusals", _REFUSAL_FIELDS),
        ("contracts", _CONTRACT_FIELDS),
    ):
        items = case.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, Mapping) for i in items):
            found.append(Problem(where, key, str(items), f"a list of tables ([[cases.{key}]])"))
            continue
        for n, item in enumerate(items):
            unknown = sorted(set(item) - set(known))
            if unknown:  # a misspelt field would be dropped silently
                found.append(
                    Problem(
                        where,
                        f"{key}[{n}]",
                        ", ".join(unknown),
                        f"unknown field(s); known: {', '.join(known)}",
                    )
                )
    expect = case.get("expect", {})
    if not isinstance(expect, Mapping):
        return [*found, Problem(where, "expect", str(expect), "a table ([cases.expect])")]
    unknown = sorted(set(expect) - _EXPECT_KEYS)
    if unknown:
        found.append(
            Problem(
                where,
                "expect",
                ", ".join(unknown),
                f"unknown key(s); known: {sorted(_EXPECT_KEYS)}",
            )
        )
    for key in ("accepted", "local_rules", "refusals"):
        if key in expect and not _is_texts(expect[key]):
            found.append(Problem(where, f"expect.{key}", str(expect[key]), "a list of texts"))
    if "local_rules" in expect and type(case.get("local_rules_on")) is not date:
        found.append(
            Problem(
                where,
                "local_rules_on",
                str(case.get("local_rules_on", "")),
                "a date, needed by expect.local_rules",
            )
        )
    rejected = expect.get("rejected", {})
    if not isinstance(rejected, Mapping) or not all(_is_texts(v) for v in rejected.values()):
        found.append(
            Problem(
                where,
                "expect.rejected",
                str(rejected),
                'a table of rule codes per reference, { R-2 = ["JI-405"] }',
            )
        )
    if "total_accepted" in expect:
        problem = _number_problem(where, "expect.total_accepted", expect["total_accepted"])
        found += [problem] if problem else []
    lines = expect.get("lines", [])
    if not isinstance(lines, list):
        return [*found, Problem(where, "expect.lines", str(lines), "a list of tables")]
    for n, line in enumerate(lines):
        field = f"expect.lines[{n}]"
        if not isinstance(line, Mapping):
            found.append(Problem(where, field, str(line), "a table"))
            continue
        missing = [k for k in _KEYS if not isinstance(line.get(k), str)]
        if missing:
            found.append(
                Problem(
                    where,
                    field,
                    ", ".join(missing),
                    "required text: provider, municipality, segment",
                )
            )
        for key, value in line.items():
            if key in _KEYS:
                continue
            if key not in _LINE_AMOUNTS:
                found.append(
                    Problem(
                        where,
                        f"{field}.{key}",
                        str(value),
                        f"unknown; known: {', '.join(_LINE_AMOUNTS)}",
                    )
                )
                continue
            problem = _number_problem(where, f"{field}.{key}", value)
            found += [problem] if problem else []
    return found


def _text(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def _amount(value: object, field: str = "amount") -> Money:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise TypeError(f'{value!r} is not an amount: write it as a string, e.g. "78.00"')
    return Money(parse_decimal(str(value), field=field, bound=TOTAL_BOUND))


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
        refusals = [Refusal(**record) for record in case.get("refusals", [])]
        extra = converter.structure(case.get("contracts", []), list[Contract])
        if extra:
            region = attrs.evolve(region, contracts=(*region.contracts, *extra))
    except (
        RecordError,
        JeugdinkoopError,
        KeyError,
        TypeError,
        ValueError,
        cattrs.BaseValidationError,
    ) as err:
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
    settlement = settle(report.ledger, region, period, assignments=assignments)
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
    if "refusals" in expect:
        codes = [f.code for f in check_refusals(region, refusals, assignments)]
        if list(expect["refusals"]) != codes:
            problems.append(f"refusals found {codes}, expected {list(expect['refusals'])}")
    return CaseResult(name, tuple(problems))


def run_cases(path: str | Path, region: Region) -> list[CaseResult]:
    """Run every case of a cases file on a region."""
    return [run_case(case, region) for case in load_cases(path)]
