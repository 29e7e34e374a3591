"""Assignments from several files: later decisions supersede earlier ones, withdrawn ones stay."""

from __future__ import annotations

import shutil
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from ijw_build import assigned_product, jw301, jw323, line, xsd_valid

from jeugdinkoop.codes import ChangeReason
from jeugdinkoop.ijw import (
    assignments_from_message,
    check_claims_file,
    load_assignment_files,
    read_message,
)
from jeugdinkoop.io import load_example_region

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))

FIRST = jw301([assigned_product(1001)], identification="T-1")
# on 1 March the municipality ends 1001 early, at the end of February (RedenWijziging 01)
CHANGED = jw301(
    [assigned_product(1001, end="2025-02-28", decided=("2025-03-01", "09:00:00"), reason="01")],
    identification="T-2",
)
WITHDRAWN = jw301(
    [assigned_product(1001, decided=("2025-01-10", "08:00:00"), reason="13")],
    identification="T-3",
)


def write(folder: Path, **messages: bytes) -> list[Path]:
    paths = []
    for name, data in messages.items():
        assert xsd_valid("JW301", data)
        (folder / f"{name}.xml").write_bytes(data)
        paths.append(folder / f"{name}.xml")
    return paths


@pytest.mark.parametrize("order", [("first", "changed"), ("changed", "first")])
def test_the_version_decided_last_holds_whatever_the_file_order(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    paths = write(tmp_path, first=FIRST, changed=CHANGED)
    by_name = {p.stem: p for p in paths}
    [assignment] = load_assignment_files([by_name[n] for n in order])
    assert date(2025, 2, 28) == assignment.period.end


@pytest.mark.parametrize("order", [("first", "withdrawn"), ("withdrawn", "first")])
def test_a_withdrawn_assignment_is_kept_with_its_change_reason(
    tmp_path: Path, order: tuple[str, str]
) -> None:
    """The withdrawn version holds whatever the file order, with ChangeReason.WITHDRAWN.

    RedenWijziging 13 (verwijderd) was decided 10 January 2025, after the first version
    (15 December 2024); ChangeReason is the one enum for JZ002.
    """
    paths = {p.stem: p for p in write(tmp_path, first=FIRST, withdrawn=WITHDRAWN)}
    [assignment] = load_assignment_files([paths[n] for n in order])
    assert ("1001", ChangeReason.WITHDRAWN) == (assignment.reference, assignment.change_reason)
    [product] = assignments_from_message(read_message(WITHDRAWN))
    assert product.withdrawn
    assert ChangeReason.WITHDRAWN is product.change_reason
    assert product.assignment is not None
    assert ChangeReason.WITHDRAWN is product.assignment.change_reason
    [changed] = assignments_from_message(read_message(CHANGED))
    assert (ChangeReason.CORRECTION_WITHDRAWN, False) == (changed.change_reason, changed.withdrawn)


def test_a_claim_on_a_withdrawn_assignment_is_9384_not_9338(tmp_path: Path) -> None:
    """TR384: the March line on withdrawn 1001 is refused with 9384 (JI-210), not as unknown."""
    paths = write(tmp_path, first=FIRST, withdrawn=WITHDRAWN)
    (tmp_path / "claims.xml").write_bytes(jw323([line()]))
    outcome = check_claims_file(
        tmp_path / "claims.xml", load_assignment_files(paths), load_example_region()
    )
    assert outcome.answer is not None
    [rejected] = outcome.answer.rejected
    assert ("R-1", ("9384",)) == (rejected.line.reference, rejected.codes)
    assert "JI-210" in {f.code for f in rejected.findings}
    assert "JI-201" not in {f.code for f in rejected.findings}


def test_csv_and_xml_mix_and_the_later_file_wins_without_decision_times(tmp_path: Path) -> None:
    shutil.copy(EXAMPLE / "voorbeeld-assignments.csv", tmp_path / "a.csv")
    [xml] = write(tmp_path, first=FIRST)
    loaded = load_assignment_files([tmp_path / "a.csv", xml])
    assert {"T-001", "T-002", "T-003", "T-004", "1001"} <= {a.reference for a in loaded}


def test_a_product_the_model_cannot_hold_names_its_number(tmp_path: Path) -> None:
    """A generic assignment (no product) needs a category in the library's model."""
    [path] = write(
        tmp_path, generic=jw301([assigned_product(77, category=None, volume=None, budget=100)])
    )
    with pytest.raises(ValueError, match=r"generic\.xml: 77: Assignment '77'\.category"):
        load_assignment_files([path])
