"""The command line on a database ledger: validate --ledger, ledger export|import|settle|upgrade."""

from __future__ import annotations

import io
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
import sqlalchemy as sa

from jeugdinkoop.cli import EXIT_OK, EXIT_USAGE, main
from jeugdinkoop.errors import StoreError
from jeugdinkoop.io import load_assignments, load_example_region, load_ledger
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.stores.sql import SQLLedger

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))
ASSIGNMENTS = EXAMPLE / "voorbeeld-assignments.csv"


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue()


def _good_month(tmp_path: Path) -> Path:
    """The example month's first 7 lines, R-0301 … R-0307: all accepted."""
    claims = EXAMPLE / "voorbeeld-claims-2025-03.csv"
    good = tmp_path / "good.csv"
    good.write_text("\n".join(claims.read_text(encoding="utf-8").splitlines()[:8]) + "\n")
    return good


def test_validate_books_a_file_into_a_database_once(
    location: str, tmp_path: Path, stores: Callable[[str], SQLLedger]
) -> None:
    """First run books 7 lines; the same file again books nothing and says so (exit 0)."""
    good = _good_month(tmp_path)
    argv = ["validate", "--region", "voorbeeld", str(good), str(ASSIGNMENTS), "--ledger", location]
    status, text = run(argv)
    assert (status, "7 regels geboekt" in text) == (EXIT_OK, True), text
    status, text = run(argv)
    assert status == EXIT_OK
    assert "is al verwerkt op" in text
    assert "(7 regels geboekt): niets opnieuw geboekt" in text
    store = stores(location)
    assert len(store) == 7
    assert len(store.messages) == 1
    store.close()


def test_export_import_and_settle_from_the_store(
    location: str, tmp_path: Path, stores: Callable[[str], SQLLedger]
) -> None:
    """Export to JSON, import into a second store (twice: the second adds 0), settle March.

    The settlement printed from the store is the one computed from the exported file
    in memory; --book books its payments once.
    """
    good = _good_month(tmp_path)
    run(["validate", "--region", "voorbeeld", str(good), str(ASSIGNMENTS), "--ledger", location])
    exported = tmp_path / "export.json"
    assert run(["ledger", "export", location, str(exported)]) == (
        EXIT_OK,
        f"7 boekingen geschreven naar {exported}\n",
    )
    ledger = load_ledger(exported)
    store = stores(location)
    assert list(ledger) == list(store)
    assert ledger.messages == store.messages
    second = str(tmp_path / "second.db")
    assert run(["ledger", "import", str(exported), second])[1].startswith("7 nieuwe boekingen")
    assert run(["ledger", "import", str(exported), second])[1].startswith("0 nieuwe boekingen")
    copy = stores(second)
    assert list(copy) == list(ledger)
    assert copy.messages == ledger.messages
    copy.close()
    region = load_example_region()
    expected = settle(
        ledger, region, Period.month(2025, 3), assignments=load_assignments(ASSIGNMENTS)
    )
    argv = ["ledger", "settle", location, "--region", "voorbeeld", "--period", "2025-03",
            "--assignments", str(ASSIGNMENTS), "--book"]  # fmt: skip
    status, text = run(argv)
    assert status == EXIT_OK
    assert expected.total("balance").format() in text
    assert f"  {len(expected.postings)} betalingen geboekt" in text
    assert len(store) == 7 + len(expected.postings)
    status, text = run(argv)
    assert "  0 betalingen geboekt" in text
    store.close()


def test_upgrade_and_version_checks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new file is created at version 1; a database of a newer version is refused."""
    path = str(tmp_path / "new.db")
    assert run(["ledger", "upgrade", path]) == (
        EXIT_OK,
        f"{path}: schema upgraded from 0 to version 1\n",
    )
    assert run(["ledger", "upgrade", path]) == (EXIT_OK, f"{path}: schema already at version 1\n")
    store = SQLLedger(path)
    with store.engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE jeugdinkoop_meta SET value = '99' WHERE name = 'schema_version'")
        )
    store.close()
    with pytest.raises(StoreError, match="has schema version 99, this library uses 1"):
        SQLLedger(path)
    assert run(["ledger", "export", path, str(tmp_path / "x.json")])[0] == EXIT_USAGE
    assert "schema version 99" in capsys.readouterr().err


def test_a_location_that_is_no_ledger_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, _ = run(["ledger", "export", str(tmp_path / "ledger.txt"), str(tmp_path / "x.json")])
    assert status == EXIT_USAGE
    assert "not a ledger location; give a .json file" in capsys.readouterr().err
    status, _ = run(
        ["ledger", "settle", str(tmp_path / "l.db"), "--region", "voorbeeld", "--period", "March"]
    )
    assert status == EXIT_USAGE
    assert "--period 'March': give a month (2025-03)" in capsys.readouterr().err


def test_a_json_ledger_keeps_todays_behaviour_and_settles(tmp_path: Path) -> None:
    """--ledger x.json is read, not written; `ledger settle` works on a JSON file too."""
    good = _good_month(tmp_path)
    out = tmp_path / "out.json"
    run(
        ["validate", "--region", "voorbeeld", str(good), str(ASSIGNMENTS), "--out-ledger", str(out)]
    )
    before = out.read_text()
    status, text = run(
        ["validate", "--region", "voorbeeld", str(good), str(ASSIGNMENTS), "--ledger", str(out)]
    )
    assert "JI-601" in text
    assert out.read_text() == before
    status, text = run(
        ["ledger", "settle", str(out), "--region", "voorbeeld", "--period", "2025-03", "--book"]
    )
    assert status == EXIT_OK
    assert "betalingen geboekt" in text
    assert len(load_ledger(out)) > 7


def test_a_claims_file_with_the_wrong_delimiter_books_nothing_into_a_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old positional form with a database ledger checks the columns as every reader does.

    A comma file read as semicolons has none of the required columns: exit 2 naming the
    file's header (one error, not a JI-101 per line), and the database stays empty.
    """
    claims = Path(__file__).parents[1] / "badinput" / "claims-wrong-delimiter.csv"
    ledger = tmp_path / "ledger.db"
    status = main(["validate", "--region", "voorbeeld", str(claims), str(ASSIGNMENTS),
                   "--ledger", str(ledger)], io.StringIO())  # fmt: skip
    assert EXIT_USAGE == status
    assert "reference" in capsys.readouterr().err
    store = SQLLedger(str(ledger))
    assert 0 == len(store)
    store.close()
