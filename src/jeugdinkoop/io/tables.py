"""Assignments and claims as CSV; the ledger as JSON.

CSV files are UTF-8 (a byte-order mark is fine), separated by ``;`` (the Dutch
spreadsheet default) or ``,`` (detected from the header), with a header row naming the
columns of :data:`~jeugdinkoop.model.records.CLAIM_FIELDS` or
:data:`~jeugdinkoop.model.records.ASSIGNMENT_FIELDS`. Amounts may use a decimal comma.
A file is read whole or not at all: one bad row fails the load, listing every bad row
with its line number, field, value and rule.
"""

from __future__ import annotations

import codecs
import csv
import json
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs
import cattrs

from jeugdinkoop.errors import LoadError, Problem
from jeugdinkoop.funding import Ledger
from jeugdinkoop.io.converter import converter
from jeugdinkoop.io.limits import MAX_CSV_BYTES, MAX_JSON_BYTES, check_size, read_text
from jeugdinkoop.model import Assignment, Claim
from jeugdinkoop.model.numbers import format_decimal
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
    "Row",
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


def _bad_byte(path: str | Path, source: str) -> LoadError:
    """The error for the first byte of a file that is not UTF-8, naming its line.

    Reading decodes in large chunks (fast); only when that fails is the file scanned
    line by line to say where.
    """
    with open(path, "rb") as handle:
        for number, line in enumerate(handle, start=1):
            raw = line.removeprefix(codecs.BOM_UTF8) if number == 1 else line
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as err:
                bad = raw[err.start : err.end]
                return _refuse(
                    source,
                    number,
                    "(encoding)",
                    "".join(f"\\x{b:02x}" for b in bad),
                    "not UTF-8 (a CSV file is UTF-8, a byte-order mark is allowed)",
                )
    return _refuse(source, 1, "(encoding)", "", "not UTF-8")


class Row(dict[str, str]):
    """A CSV record as a dict of column to text, which remembers the file line it starts on.

    :func:`~jeugdinkoop.validation.validate` names an unreadable row without a reference
    by this line (``line 7``), so that a person finds it in the file.

    Examples:
        >>> row = Row({"reference": "R-1"})
        >>> row.line = 7
        >>> row["reference"], row.line
        ('R-1', 7)
    """

    __slots__ = ("line",)
    line: int


def _refuse(source: str, line: int, field: str, value: str, rule: str) -> LoadError:
    return LoadError(source, [Problem(f"{source} line {line}", field, value, rule)])


def read_rows(
    path: str | Path,
    *,
    required: Sequence[str] = (),
    columns: Sequence[str] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(line_number, row)`` of a CSV file, the delimiter detected from its header.

    Column names are lower-cased and stripped; the line number is the file line the
    record starts on (the header is line 1). Nothing is dropped silently: a record with
    more values than the header has columns, a column named twice, a byte that is not
    UTF-8 or a field beyond the csv module's limit stop the reading with an error that
    names the line.

    Args:
        path: the file.
        required: columns that must be in the header (an empty file has none).
        columns: when given, every column the header may name; others are refused.

    Raises:
        LoadError: when the file cannot be opened, is larger than
            :data:`~jeugdinkoop.io.limits.MAX_CSV_BYTES`, or is malformed as above.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> path = Path(tempfile.mkdtemp()) / "claims.csv"
        >>> _ = path.write_text("reference,amount\\nR-1,1500,50\\n", encoding="utf-8")
        >>> list(read_rows(path))
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.LoadError: ...claims.csv: 1 problem
          ...claims.csv line 2: (record) = '3 values': the header names 2 columns; quote a value with a decimal comma in a comma-separated file, or separate with ;
    """
    source = str(path)
    check_size(path, MAX_CSV_BYTES)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as err:
        raise LoadError(source, [Problem(source, "(file)", "", err.strerror or str(err))]) from None
    try:
        with handle:
            yield from _records(handle, source, required, columns)
    except UnicodeDecodeError:
        raise _bad_byte(path, source) from None


def _records(
    lines: Iterator[str], source: str, required: Sequence[str], columns: Sequence[str] | None
) -> Iterator[tuple[int, Row]]:
    """The records of an open CSV file after checking its header (see :func:`read_rows`)."""
    header = next(lines, "")
    if not header.strip():
        if required or columns is not None:
            raise _refuse(
                source, 1, "(header)", "", "empty: a header row naming the columns is required"
            )
        return
    delimiter = _dialect(header)
    names = [n.strip().lower() for n in next(csv.reader([header], delimiter=delimiter), [])]
    seen: set[str] = set()
    for name in names:
        if name in seen and name:
            raise _refuse(source, 1, "(header)", name, "names this column twice")
        seen.add(name)
    unnamed = [i for i, name in enumerate(names) if not name]  # a trailing delimiter, say
    missing = [c for c in required if c not in seen]
    if missing:
        raise _refuse(
            source,
            1,
            ", ".join(missing),
            header.strip(),
            "required column(s) missing",
        )
    if columns is not None:
        unknown = [n for n in names if n and n not in columns]
        if unknown:
            raise _refuse(
                source,
                1,
                ", ".join(unknown),
                header.strip(),
                f"unknown column(s); known: {', '.join(columns)}",
            )
    reader = csv.reader(lines, delimiter=delimiter)
    previous = 1  # the line the last record ended on: the next starts after it
    width = len(names)
    try:
        for values in reader:
            number = previous + 1
            previous = reader.line_num + 1
            if len(values) > width:
                if not any(v.strip() for v in values):
                    continue
                # a value past the header is never dropped: in a comma-separated file an
                # unquoted decimal comma (1500,50) splits one value into two
                raise _refuse(
                    source,
                    number,
                    "(record)",
                    f"{len(values)} values",
                    f"the header names {width} columns; quote a value with a decimal "
                    "comma in a comma-separated file, or separate with ;",
                )
            if not any(v.strip() for v in values):
                continue
            for i in unnamed:
                if i < len(values) and values[i].strip():
                    raise _refuse(
                        source,
                        number,
                        f"(column {i + 1})",
                        values[i],
                        "a value in a column the header does not name",
                    )
            row = Row(zip(names, values, strict=False))
            row.line = number
            yield number, row
    except csv.Error as err:
        raise _refuse(
            source, reader.line_num + 1, "(record)", "", f"malformed CSV: {err}"
        ) from None


def _load(
    path: str | Path,
    parse: Callable[[dict[str, str]], T],
    columns: tuple[str, ...],
    required: tuple[str, ...],
    key: str,
) -> list[T]:
    source = str(path)
    problems: list[Problem] = []
    result: list[T] = []
    seen: dict[str, int] = {}
    for number, row in read_rows(path, required=required, columns=columns):
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
    return _load(path, claim_from_record, CLAIM_FIELDS, _REQUIRED_CLAIM, "reference")


def load_assignments(path: str | Path) -> list[Assignment]:
    """Read an assignments CSV whole; malformed rows make it fail with every problem listed."""
    return _load(path, assignment_from_record, ASSIGNMENT_FIELDS, _REQUIRED_ASSIGNMENT, "reference")


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
                    "quantity": format_decimal(volume.quantity) if volume else "",
                    "unit": volume.unit.value if volume else "",
                    "frequency": volume.frequency.value if volume else "",
                    "budget": format_decimal(a.budget.amount) if a.budget is not None else "",
                    "referrer": a.referrer.value,
                    "tier": a.tier or "",
                    "profile": a.profile or "",
                    "intensity": a.intensity or "",
                    "follows": a.follows or "",
                    "end_reason": a.end_reason.value if a.end_reason else "",
                    "change_reason": a.change_reason.value if a.change_reason else "",
                }
            )


def dump_ledger(ledger: Ledger, path: str | Path) -> None:
    """Write a ledger as JSON, atomically; :func:`load_ledger` restores it exactly.

    The file holds every claim line's full BSN on purpose (the ledger records what was
    paid for which youth, and must round-trip): treat it as personal data, like the
    claims themselves (see :doc:`/how-to/privacy`).
    """
    data: Any = converter.unstructure(ledger)
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # written to a temporary file renamed over the old one: never half-written
    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    os.close(handle)
    try:
        Path(temporary).write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _rule(exc: BaseException, type_: object) -> str:
    if isinstance(exc, KeyError):
        return f"required field {exc.args[0]!r} is missing"
    if isinstance(exc, cattrs.ForbiddenExtraKeysError):
        return f"unknown field(s) {sorted(exc.extra_fields)}"
    return str(exc) or f"invalid value for {getattr(type_, '__name__', type_)}"


def load_ledger(path: str | Path) -> Ledger:
    """Read a ledger written by :func:`dump_ledger`.

    The file is UTF-8 JSON of at most :data:`~jeugdinkoop.io.limits.MAX_JSON_BYTES`; its
    entries must keep the ledger's invariants (see
    :func:`~jeugdinkoop.funding.ledger.check_entries`).

    Raises:
        LoadError: naming the file and every bad entry.
    """
    source = str(path)
    text = read_text(path, MAX_JSON_BYTES)
    try:
        data = json.loads(text)
    except RecursionError:
        raise LoadError(
            source, [Problem(source, "(nesting)", "", "arrays or objects nested too deep")]
        ) from None
    except ValueError as err:
        raise LoadError(source, [Problem(source, "(syntax)", "", str(err))]) from None
    try:
        return converter.structure(data, Ledger)
    except LoadError as err:
        raise LoadError(
            source, [attrs.evolve(p, record=f"{source}: {p.record}") for p in err.problems]
        ) from None
    except (ValueError, TypeError, RecursionError, cattrs.BaseValidationError) as err:
        messages = (
            cattrs.transform_error(err, path="$", format_exception=_rule)
            if isinstance(err, cattrs.BaseValidationError)
            else [str(err) or type(err).__name__]
        )
        problems = []
        for message in messages:
            rule, at, path = message.rpartition(" @ ")
            path = path.removeprefix("$")
            problems.append(
                Problem(
                    source, f"entries{path}" if path.startswith("[") else path.lstrip("."), "", rule
                )
                if at
                else Problem(source, "(ledger)", "", message)
            )
        raise LoadError(source, problems) from None
