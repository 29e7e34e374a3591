"""Files as a municipal back office receives them: iJw XML or our CSV, told apart by content.

The ``jeugdinkoop validate`` command is a thin shell around :func:`load_assignment_files`
and :func:`check_claims_file`; a municipal system can call them the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Final

import attrs

from jeugdinkoop.codes import ProductCategory
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Ledger, LedgerBatch
from jeugdinkoop.ijw.answer import ClaimAnswer, answer_claim_message
from jeugdinkoop.ijw.messages import (
    AssignedProduct,
    assignments_from_message,
    read_claim_message,
    read_message,
)
from jeugdinkoop.io import dump_ledger, load_assignments, load_ledger, read_rows
from jeugdinkoop.model import Assignment, Region
from jeugdinkoop.model.records import CLAIM_FIELDS
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import MessageRecord
from jeugdinkoop.validation import ValidationReport, validate

__all__ = [
    "ClaimsOutcome",
    "check_claims_file",
    "is_xml",
    "load_assignment_files",
    "load_ledger_file",
    "save_ledger_file",
]

_BOMS: Final = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def is_xml(path: str | Path) -> bool:
    """Whether a file holds XML (its first non-blank character is ``<``), else it is CSV.

    .. versionadded:: 0.1

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> (folder / "a.csv").write_text("reference;client\\n"); (folder / "b.xml").write_text("  <?xml version='1.0'?><a/>")
        17
        27
        >>> is_xml(folder / "a.csv"), is_xml(folder / "b.xml")
        (False, True)
    """
    with open(path, "rb") as handle:
        start = handle.read(1024)
    for bom in _BOMS:
        if start.startswith(bom):
            start = start[len(bom) :]
            if bom != _BOMS[0]:  # UTF-16: look at every other byte
                start = start[::2] if bom == _BOMS[1] else start[1::2]
            break
    return start.lstrip().startswith(b"<")


def load_assignment_files(
    paths: Iterable[str | Path], *, generic_category: ProductCategory | None = None
) -> list[Assignment]:
    """The assignments of several files, each a JW301, a JW315 or an assignments CSV.

    One assignment number may come more than once (a JW301 that changes an earlier
    one): the version decided last holds (Toewijzingsdatum and -tijd), and between
    versions without that, the one in the later file. A withdrawn assignment
    (RedenWijziging 13) is kept, with its ``change_reason``, so a claim on it is refused
    with 9384 (TR384).

    Raises:
        UnsafeMessage, MessageRefused: an XML file that is unsafe or breaks the schema.
        LoadError: a CSV file with bad rows.
        InvalidValue: an assigned product the library's model cannot hold.

    Examples:
        >>> from importlib.resources import files
        >>> csv = str(files("jeugdinkoop") / "regions" / "voorbeeld-assignments.csv")
        >>> [a.reference for a in load_assignment_files([csv])][:3]
        ['T-001', 'T-002', 'T-003']

    .. versionadded:: 0.1
    """
    latest: dict[str, AssignedProduct] = {}
    for path in paths:
        if is_xml(path):
            message = read_message(path, expect=("JW301", "JW315"))
            products = assignments_from_message(message, generic_category=generic_category)
            problems = [p for p in products if p.problem is not None]
            if problems:
                raise InvalidValue(f"{path}: " + "; ".join(str(p) for p in problems))
        else:
            products = [AssignedProduct(a.reference, a) for a in load_assignments(path)]
        for product in products:
            known = latest.get(product.reference)
            if (
                known is None
                or known.decided is None
                or product.decided is None
                or product.decided >= known.decided
            ):
                latest[product.reference] = product
    return [p.assignment for p in latest.values() if p.assignment is not None]


def load_ledger_file(path: str | Path) -> Ledger:
    """The ledger in a JSON file; an empty ledger when the file does not exist yet.

    Examples:
        >>> len(load_ledger_file("/nonexistent/ledger.json"))
        0

    .. versionadded:: 0.1
    """
    if not Path(path).exists():
        return Ledger()
    return load_ledger(path)


def save_ledger_file(ledger: Ledger, path: str | Path) -> None:
    """Write a ledger in place, atomically (a temporary file renamed over the old one).

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "ledger.json"
        >>> save_ledger_file(Ledger(), path)
        >>> load_ledger_file(path) == Ledger()
        True

    .. versionadded:: 0.1
    """
    dump_ledger(ledger, path)  # atomic: a temporary file renamed over the old one


@attrs.frozen(eq=False)
class ClaimsOutcome:
    """What checking a claims file gave.

    Attributes:
        kind: ``"JW323"`` or ``"csv"``.
        report: the validation report of the lines, when they were checked.
        answer: for a JW323, the answer (write it with :meth:`ClaimAnswer.to_jw325`).
        ledger: the ledger after the file.
        lines: how many lines the file had.
        processed_before: the register's record when this file (a CSV file with the
            same content) or message (a JW323 with the same identification from the
            same sender, answered with 9056) was processed before; then nothing was
            checked or booked.

    Examples:
        See :func:`check_claims_file`.

    .. versionadded:: 0.1
    """

    kind: str
    report: ValidationReport | None
    answer: ClaimAnswer | None
    ledger: Ledger
    lines: int
    processed_before: MessageRecord | None = None

    @property
    def all_accepted(self) -> bool:
        """Whether everything was accepted (for a JW323: the declaration granted whole)."""
        if self.processed_before is not None:
            return False
        if self.answer is not None:
            return self.answer.all_granted
        return self.report is not None and self.report.all_accepted


def check_claims_file(
    path: str | Path,
    assignments: Sequence[Assignment] | Mapping[str, Assignment],
    region: Region,
    ledger: Ledger | None = None,
    *,
    received: date | None = None,
    declaration_period: Period | None = None,
    message_date: date | None = None,
) -> ClaimsOutcome:
    """Check a claims file, a JW323 or a claims CSV, against assignments and the ledger.

    A JW323 is read safely and checked at every level (see
    :func:`~jeugdinkoop.ijw.answer_claim_message`); a CSV is validated line by line. In
    both cases the ledger that comes back has the accepted lines booked and the file
    registered, so the next file sees it.

    A file processed before is not processed again: a CSV file with the same content
    is not checked and nothing is booked (see :attr:`ClaimsOutcome.processed_before`);
    a JW323 with an identification seen before is answered with 9056 (TR056).

    Args:
        path: the claims file.
        assignments: the assignments.
        region: the region.
        ledger: the ledger so far (left untouched).
        received: the day the file is processed, for the message register.
        declaration_period: for a CSV file, the declaration period its lines were sent
            in: a line after it is refused (TR319, 9319). A JW323 carries its own.
        message_date: for a CSV file, its message date (Dagtekening): a line ending
            after it (TR134) or more than five years before it (TR335) is refused. A
            JW323 carries its own.

    Raises:
        UnsafeMessage, MessageRefused: a JW323 that is unsafe or fails level 1.
        LoadError: a CSV file that cannot be read.
        ValueError: ``declaration_period`` or ``message_date`` given with a JW323.

    Examples:
        >>> from jeugdinkoop.io import load_assignments, load_example_region
        >>> from importlib.resources import files
        >>> folder = files("jeugdinkoop") / "regions"
        >>> assignments = load_assignments(str(folder / "voorbeeld-assignments.csv"))
        >>> outcome = check_claims_file(str(folder / "voorbeeld-claims-2025-03.csv"),
        ...                             assignments, load_example_region())
        >>> outcome.kind, outcome.lines, len(outcome.report.accepted), outcome.all_accepted
        ('csv', 16, 9, False)
        >>> [m.kind for m in outcome.ledger.messages]
        ['csv']

        The same file again is not checked, and nothing is booked:

        >>> again = check_claims_file(str(folder / "voorbeeld-claims-2025-03.csv"),
        ...                           assignments, load_example_region(), outcome.ledger)
        >>> again.processed_before == outcome.ledger.messages[0], again.report, again.all_accepted
        (True, None, False)
        >>> len(again.ledger) == len(outcome.ledger)
        True

    .. versionadded:: 0.1
    """
    ledger = ledger if ledger is not None else Ledger()
    if is_xml(path):
        if declaration_period is not None or message_date is not None:
            raise ValueError(
                f"{path}: a JW323 carries its own declaration period and message date; "
                "give declaration_period and message_date only for a CSV file"
            )
        message = read_claim_message(path)
        head = message.header
        before = ledger.message(head.sender, "JW323", head.identification)
        answer = answer_claim_message(message, assignments, region, ledger, received=received)
        return ClaimsOutcome(
            "JW323", answer.report, answer, answer.ledger, message.line_count, before
        )
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    before = ledger.message("", "csv", digest)
    # a wrong delimiter or a missing column is one clear error, not a finding per line
    if before is not None:
        # the same file again: its lines were booked (or refused) the first time; over a
        # store, an empty overlay (a copy would load the store's whole history)
        unchanged = LedgerBatch(ledger) if isinstance(ledger, LedgerBatch) else ledger.copy()
        return ClaimsOutcome("csv", None, None, unchanged, 0, before)
    # streamed: a row is dropped once read into a claim (a list of rows took ~1 KB a line)
    rows = (row for _, row in read_rows(path, required=CLAIM_FIELDS[:11], columns=CLAIM_FIELDS))
    report = validate(
        rows,
        assignments,
        region,
        ledger,
        declaration_period=declaration_period,
        received=message_date,
    )
    new = report.ledger
    new.record_message(
        MessageRecord(
            sender="",
            kind="csv",
            identification=digest,
            received=received,
            digest=digest,
            lines=len(report.accepted),
            period=declaration_period,
        )
    )
    return ClaimsOutcome("csv", report, None, new, len(report.accepted) + len(report.rejected))
