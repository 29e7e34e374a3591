"""`jeugdinkoop validate --region R --assignments FILE... --ledger L [--answer A.xml] CLAIMS`."""

from __future__ import annotations

import io
import json
import shutil
from datetime import date
from importlib.resources import files
from pathlib import Path

import attrs
import pytest
from ijw_build import CLIENT, OTHER_CLIENT, assigned_product, jw301, jw323, line, xsd_valid

from jeugdinkoop.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, main
from jeugdinkoop.ijw import load_ledger_file
from jeugdinkoop.money import Money

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "jw301-1.xml").write_bytes(jw301([assigned_product(1001)], bsn=CLIENT))
    (tmp_path / "jw301-2.xml").write_bytes(
        jw301(
            [
                assigned_product(
                    1002, code="45A02", start="2025-02-01", end="2025-07-31", volume=(3, "04", "2")
                )
            ],
            bsn=OTHER_CLIENT,
            identification="T-M-2",
        )
    )
    return tmp_path


def validate(folder: Path, claims: str, *extra: str) -> tuple[int, str]:
    return run(
        [
            "validate",
            "--region",
            "voorbeeld",
            "--assignments",
            str(folder / "jw301-1.xml"),
            str(folder / "jw301-2.xml"),
            "--ledger",
            str(folder / "ledger.json"),
            *extra,
            str(folder / claims),
        ]
    )


def test_granted_whole_exits_0_writes_the_answer_and_updates_the_ledger(folder: Path) -> None:
    (folder / "m1.xml").write_bytes(jw323([line()]))
    status, text = validate(folder, "m1.xml", "--answer", str(folder / "a1.xml"))
    assert EXIT_OK == status, text
    answer = (folder / "a1.xml").read_bytes()
    assert xsd_valid("JW325", answer)
    assert b"<jw325:RetourCode>8001</jw325:RetourCode>" in answer
    ledger = load_ledger_file(folder / "ledger.json")
    assert 1 == len(ledger)
    assert ledger.message("22222222", "JW323", "M-1") is not None
    assert "declaratie 8001" in text


def test_messages_one_after_another_share_history(folder: Path) -> None:
    """The second run sees the first's message id (9056) through the ledger file: exit 1."""
    (folder / "m1.xml").write_bytes(jw323([line()]))
    assert EXIT_OK == validate(folder, "m1.xml")[0]
    status, text = validate(folder, "m1.xml", "--answer", str(folder / "a2.xml"))
    assert EXIT_REFUSED == status
    assert b"<jw325:RetourCode>9056</jw325:RetourCode>" in (folder / "a2.xml").read_bytes()
    assert "JI-930 [iJw 9056]" in text
    assert 1 == len(load_ledger_file(folder / "ledger.json"))


def test_a_refused_line_exits_1_with_the_answer_written(folder: Path) -> None:
    (folder / "m1.xml").write_bytes(jw323([line(), line(reference="R-2", assignment=9999)]))
    status, text = validate(folder, "m1.xml", "--answer", str(folder / "a.xml"))
    assert EXIT_REFUSED == status
    assert "afgewezen R-2 [9338]" in text
    answer = (folder / "a.xml").read_bytes()
    assert xsd_valid("JW325", answer)
    assert b"<ijw:ReferentieNummer>R-2</ijw:ReferentieNummer>" in answer


def test_a_level_1_failure_exits_2_and_writes_no_answer(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = jw323([line()]).replace(b"<jw323:Afzender>22222222", b"<jw323:Afzender>2222222")
    (folder / "bad.xml").write_bytes(data)
    status, _ = validate(folder, "bad.xml", "--answer", str(folder / "a.xml"))
    assert EXIT_USAGE == status
    assert not (folder / "a.xml").exists()
    assert not (folder / "ledger.json").exists()
    err = capsys.readouterr().err
    assert "Bericht/Header/Afzender = '2222222': does not match the pattern [0-9]{8}" in err


def test_an_unsafe_message_exits_2(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "evil.xml").write_bytes(
        b'<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
    )
    status, _ = validate(folder, "evil.xml", "--answer", str(folder / "a.xml"))
    assert EXIT_USAGE == status
    assert "DOCTYPE declaration is not allowed" in capsys.readouterr().err
    assert not (folder / "a.xml").exists()


def test_a_level_2_failure_exits_1_with_a_header_only_answer(folder: Path) -> None:
    msg = jw323([line()]).replace(b"<ijw:TotaalBedrag>62400", b"<ijw:TotaalBedrag>62401")
    (folder / "m.xml").write_bytes(msg)
    status, text = validate(folder, "m.xml", "--answer", str(folder / "a.xml"))
    assert EXIT_REFUSED == status
    assert "niveau 2 header: JI-910 [iJw 0001]" in text
    answer = (folder / "a.xml").read_bytes()
    assert b"DeclaratieAntwoord" not in answer
    assert xsd_valid("JW325", answer)


def test_csv_files_are_recognised_by_content(folder: Path) -> None:
    """The example CSVs under other names: 9 accepted, 7 refused (as in the demo)."""
    shutil.copy(EXAMPLE / "voorbeeld-assignments.csv", folder / "toewijzingen.txt")
    shutil.copy(EXAMPLE / "voorbeeld-claims-2025-03.csv", folder / "declaraties.dat")
    status, text = run(
        [
            "validate",
            "--region",
            "voorbeeld",
            "--assignments",
            str(folder / "toewijzingen.txt"),
            "--ledger",
            str(folder / "l.json"),
            str(folder / "declaraties.dat"),
        ]
    )
    assert EXIT_REFUSED == status
    assert "geaccepteerd: 9, afgewezen: 7" in text
    data = json.loads((folder / "l.json").read_text())
    assert data, "ledger written"
    assert 9 == len(load_ledger_file(folder / "l.json"))


def test_an_answer_needs_a_jw323(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(EXAMPLE / "voorbeeld-claims-2025-03.csv", folder / "c.csv")
    status, _ = validate(folder, "c.csv", "--answer", str(folder / "a.xml"))
    assert EXIT_USAGE == status
    assert "a JW325 answers a JW323, not a CSV file" in capsys.readouterr().err


def test_the_ledger_is_required_in_the_new_form(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "m1.xml").write_bytes(jw323([line()]))
    status, _ = run(
        [
            "validate",
            "--region",
            "voorbeeld",
            "--assignments",
            str(folder / "jw301-1.xml"),
            str(folder / "m1.xml"),
        ]
    )
    assert EXIT_USAGE == status
    assert "--ledger LEDGER is required" in capsys.readouterr().err


def test_claims_swallowed_by_assignments_are_taken_back(folder: Path) -> None:
    """`--ledger L --assignments A B CLAIMS`: the last file after --assignments is the claims."""
    (folder / "m1.xml").write_bytes(
        jw323([attrs.evolve(line(), start=date(2025, 3, 1), amount=Money("624.00"))])
    )
    status, text = run(
        [
            "validate",
            "--region",
            "voorbeeld",
            "--ledger",
            str(folder / "ledger.json"),
            "--assignments",
            str(folder / "jw301-1.xml"),
            str(folder / "m1.xml"),
        ]
    )
    assert EXIT_OK == status, text


# one March line of 8 hours of 45A01 on assignment 1001 (JW301 1): 8 × € 78.00 = € 624.00
ONE_LINE_CSV = (
    "reference;assignment;provider;client;municipality;product;start;end;quantity;unit;"
    "amount;debit_credit;reverses\n"
    f"R-1;1001;22222222;{CLIENT};0001;45A01;2025-03-01;2025-03-31;8;04;624,00;D;\n"
)


def test_a_csv_file_processed_twice_books_nothing_the_second_time(folder: Path) -> None:
    """First run: R-1 accepted (€ 624.00), exit 0. Same file again: exit 1, nothing booked.

    It is not re-validated (no JI-601 per line); the output says when it was processed.
    """
    (folder / "c.csv").write_text(ONE_LINE_CSV)
    assert EXIT_OK == validate(folder, "c.csv")[0]
    before = (folder / "ledger.json").read_text()
    status, text = validate(folder, "c.csv")
    assert EXIT_REFUSED == status
    assert f"dit bestand is al eerder verwerkt op {date.today()}; niets geboekt" in text
    assert "JI-601" not in text
    assert before == (folder / "ledger.json").read_text()
    assert 1 == len(load_ledger_file(folder / "ledger.json"))


def test_a_jw323_processed_twice_says_so_beside_its_9056(folder: Path) -> None:
    (folder / "m1.xml").write_bytes(jw323([line()]))
    assert EXIT_OK == validate(folder, "m1.xml")[0]
    status, text = validate(folder, "m1.xml")
    assert EXIT_REFUSED == status
    assert f"dit bericht is al eerder verwerkt op {date.today()}, niets geboekt" in text
    assert "JI-930 [iJw 9056]" in text
    assert 1 == text.count("eerder verwerkt")


def test_a_csv_line_after_the_declaration_period_is_refused(folder: Path) -> None:
    """--declaration-period 2025-02: the March line lies after it, JI-307 (TR319); nothing booked.

    The register keeps February as the file's declaration period.
    """
    (folder / "c.csv").write_text(ONE_LINE_CSV)
    status, text = validate(folder, "c.csv", "--declaration-period", "2025-02")
    assert EXIT_REFUSED == status
    assert "JI-307 × 1" in text
    ledger = load_ledger_file(folder / "ledger.json")
    assert 0 == len(ledger)
    [record] = ledger.messages
    assert (date(2025, 2, 1), date(2025, 2, 28)) == (record.period.start, record.period.end)  # type: ignore[union-attr]


def test_a_csv_line_ending_after_the_message_date_is_refused(folder: Path) -> None:
    """--received 2025-03-30: R-1 ends 31 March, after it: JI-310 (TR134)."""
    (folder / "c.csv").write_text(ONE_LINE_CSV)
    status, text = validate(folder, "c.csv", "--received", "2025-03-30")
    assert EXIT_REFUSED == status
    assert "JI-310 × 1" in text


def test_a_csv_in_its_own_period_and_date_is_accepted(folder: Path) -> None:
    (folder / "c.csv").write_text(ONE_LINE_CSV)
    status, text = validate(
        folder, "c.csv", "--declaration-period", "2025-03", "--received", "2025-04-05"
    )
    assert EXIT_OK == status, text


def test_a_jw323_carries_its_own_dates(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folder / "m1.xml").write_bytes(jw323([line()]))
    status, _ = validate(folder, "m1.xml", "--declaration-period", "2025-03")
    assert EXIT_USAGE == status
    assert "a JW323 carries its own declaration period" in capsys.readouterr().err
    assert not (folder / "ledger.json").exists()


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--declaration-period", "2025-13", "a month as YYYY-MM"),
        ("--declaration-period", "2025-03-01", "a month as YYYY-MM"),
        ("--received", "2025-02-30", "a day as YYYY-MM-DD"),
        ("--received", "20250401", "a day as YYYY-MM-DD"),
    ],
)
def test_bad_dates_are_usage_errors(
    folder: Path, capsys: pytest.CaptureFixture[str], option: str, value: str, message: str
) -> None:
    (folder / "c.csv").write_text(ONE_LINE_CSV)
    assert EXIT_USAGE == validate(folder, "c.csv", option, value)[0]
    assert message in capsys.readouterr().err


def test_check_claims_file_refuses_csv_dates_for_a_jw323(folder: Path) -> None:
    from jeugdinkoop.ijw import check_claims_file
    from jeugdinkoop.io import load_example_region

    (folder / "m1.xml").write_bytes(jw323([line()]))
    with pytest.raises(ValueError, match=r"m1\.xml: a JW323 carries its own declaration period"):
        check_claims_file(folder / "m1.xml", [], load_example_region(), message_date=date.today())


def test_the_deprecated_positional_form_takes_the_dates_too(folder: Path) -> None:
    """Old form, one March line, --declaration-period 2025-02: JI-307, not silently ignored."""
    (folder / "c.csv").write_text(ONE_LINE_CSV)
    (folder / "a.csv").write_text(
        "reference;client;municipality;provider;category;start;end;product;quantity;unit;"
        "frequency\n"
        f"1001;{CLIENT};0001;22222222;45;2025-01-01;2025-12-31;45A01;8;04;4\n"
    )
    argv = ["validate", "--region", "voorbeeld", str(folder / "c.csv"), str(folder / "a.csv")]
    assert EXIT_OK == run(argv)[0]
    status, text = run([*argv, "--declaration-period", "2025-02"])
    assert EXIT_REFUSED == status
    assert "JI-307 × 1" in text
