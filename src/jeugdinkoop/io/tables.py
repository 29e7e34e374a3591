"""Assignments and claims as CSV; the ledger as JSON.

CSV files are UTF-8 (a byte-order mark is fine), separated by ``;`` (the Dutch
spreadsheet default) or ``,`` (detected from the header), with a header row naming the
columns of :data:`~jeugdinkoop.model.records.CLAIM_FIELDS` or
:data:`~jeugdinkoop.model.records.ASSIGNMENT_FIELDS`. Amounts may use a decimal comma.
A file is read whole or not at all: one bad row fails the load, listing every bad row
with its line number, field, value and rule.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Final, TypeVar

from jeugdinkoop.errors import LoadError, Problem
from jeugdinkoop.funding import Ledger
from jeugdinkoop.io.converter import converter
from jeugdinkoop.model import Assignment, Claim
from jeugdinkoop.model.records import (
    ASSIGNMENT_FIELDS,
    CLAIM_FIELDS,
    RecordError,
    assignment_from_record,
    claim_from_record,
    claim_to_record,
)
from jeugdinkoop.privacy import mask

__all__ = [
    "dump_ledger",
    "load_assignments",
    "load_claims",
    "load_ledger",
    "read_rows",
    "write_assignments",
    "write_claims",
]

T = TypeVar("T")
_REQUIRED_CLAIM: Final = CLAIM_FIELDS[:11]
_REQUIRED_ASSIGNMENT: Final = ASSIGNMENT_FIELDS[:7]


def _dialect(header: str) -> str:
    return ";" if header.count(";") >= header.count(",") else ","


def read_rows(path: str | Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` of a CSV file, the delimiter detected from its header.

    Column names are lower-cased and stripped; the line number counts the header as 1.

    Raises:
        LoadError: when the file cannot be opened.
    """
    source = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as err:
        raise LoadError(source, [Problem(source, "(file)", "", err.strerror or str(err))]) from None
    with handle:
        header = handle.readline()
        delimiter = _dialect(header)
        names = [n.strip().lower() for n in next(csv.reader([header], delimiter=delimiter), [])]
        reader = csv.reader(handle, delimiter=delimiter)
        for number, values in enumerate(reader, start=2):
            if not any(v.strip() for v in values):
                continue
            yield number, dict(zip(names, values, strict=False))


def _load(
    path: str | Path, parse: Callable[[dict[str, str]], T], required: tuple[str, ...], key: str
) -> list[T]:
    source = str(path)
    problems: list[Problem] = []
    result: list[T] = []
    seen: dict[str, int] = {}
    rows = read_rows(path)
    first = True
    for number, row in rows:
        if first:
            missing = [c for c in required if c not in row]
            if missing:
                raise LoadError(
                    source,
                    [
                        Problem(
                            f"{source} line 1", ", ".join(missing), "", "required column(s) missing"
                        )
                    ],
                )
            first = False
        record = f"line {number}"
        reference = row.get(key, "").strip()
        if reference:
            record += f" ({key} {reference})"
            if reference in seen:
                problems.append(
                    Problem(
                        record,
                        key,
                        reference,
                        f"occurs twice in the file (also line {seen[reference]})",
                    )
                )
            seen.setdefault(reference, number)
        try:
            result.append(parse(row))
        except RecordError as err:
            problems += [
                Problem(record, p.field, _mask(p.field, p.value), p.rule) for p in err.problems
            ]
    if problems:
        raise LoadError(source, problems)
    return result


def _mask(field: str, value: str) -> str:
    # a BSN never reaches an error message in full, even a short one (Problem masks the rest)
    return mask(value) if field == "client" else value


def load_claims(path: str | Path) -> list[Claim]:
    """Read a claims CSV whole; malformed rows make it fail with every problem listed.

    For the municipal check, where bad lines must become findings instead, pass the
    rows of :func:`read_rows` to :func:`jeugdinkoop.validation.validate`.
    """
    return _load(path, claim_from_record, _REQUIRED_CLAIM, "reference")


def load_assignments(path: str | Path) -> list[Assignment]:
    """Read an assignments CSV whole; malformed rows make it fail with every problem listed."""
    return _load(path, assignment_from_record, _REQUIRED_ASSIGNMENT, "reference")


def write_claims(claims: list[Claim], path: str | Path, delimiter: str = ";") -> None:
    """Write claims as CSV (inverse of :func:`load_claims`).

    The file holds full BSNs on purpose, as the JW323 message it mirrors does: treat it as
    personal data (see :doc:`/how-to/privacy`).
    """
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CLAIM_FIELDS, delimiter=delimiter)
        writer.writeheader()
        for claim in claims:
            writer.writerow(claim_to_record(claim))


def write_assignments(
    assignments: list[Assignment], path: str | Path, delimiter: str = ";"
) -> None:
    """Write assignments as CSV (inverse of :func:`load_assignments`).

    The file holds full BSNs on purpose, as the JW315 message it mirrors does: treat it as
    personal data (see :doc:`/how-to/privacy`).
    """
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=ASSIGNMENT_FIELDS, delimiter=delimiter)
        writer.writeheader()
        for a in assignments:
            volume = a.volume
            writer.writerow(
                {
                    "reference": a.reference,
                    "client": a.client.reveal(),
                    "municipality": a.municipality.value,
                    "provider": a.provider.value,
                    "category": a.category.value,
                    "product": a.product.value if a.product else "",
                    "start": a.period.start.isoformat(),
                    "end": a.period.end.isoformat() if a.period.end else "",
                    "quantity": str(volume.quantity) if volume else "",
                    "unit": volume.unit.value if volume else "",
                    "frequency": volume.frequency.value if volume else "",
                    "budget": str(a.budget.amount) if a.budget is not None else "",
                    "referrer": a.referrer.value,
                    "tier": a.tier or "",
                    "profile": a.profile or "",
                    "intensity": a.intensity or "",
                    "follows": a.follows or "",
                    "end_reason": a.end_reason.value if a.end_reason else "",
                }
            )


def dump_ledger(ledger: Ledger, path: str | Path) -> None:
    """Write a ledger as JSON; :func:`load_ledger` restores it exactly.

    The file holds every claim line's full BSN on purpose (the ledger records what was
    paid for which youth, and must round-trip): treat it as personal data, like the
    claims themselves (see :doc:`/how-to/privacy`).
    """
    data: Any = converter.unstructure(ledger)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def load_ledger(path: str | Path) -> Ledger:
    """Read a ledger written by :func:`dump_ledger`."""
    source = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        return converter.structure(data, Ledger)
    except (OSError, ValueError) as err:
        raise LoadError(source, [Problem(source, "(file)", "", str(err))]) from None
    except Exception as err:
        import cattrs

        messages = (
            cattrs.transform_error(err)
            if isinstance(err, cattrs.BaseValidationError)
            else [str(err)]
        )
        raise LoadError(
            source, [Problem(source, m.split(" @ ")[-1], "", m.split(" @ ")[0]) for m in messages]
        ) from None
