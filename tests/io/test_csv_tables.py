"""Claims and assignments as CSV (``;`` or ``,``, BOM, Dutch decimals); the ledger as JSON."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from jeugdinkoop.codes import Frequency, Unit
from jeugdinkoop.errors import LoadError
from jeugdinkoop.io import (
    dump_ledger,
    load_assignments,
    load_claims,
    load_example_region,
    load_ledger,
    write_claims,
)
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import validate

CLAIM_HEADER = (
    "reference;assignment;provider;client;municipality;product;start;end;quantity;unit;amount"
)
ASSIGNMENT_HEADER = (
    "reference;client;municipality;provider;category;product;start;end;"
    "quantity;unit;frequency;budget"
)


def _write(path: Path, lines: list[str], delimiter: str = ";", bom: bool = False) -> Path:
    text = "\n".join(line.replace(";", delimiter) for line in lines) + "\n"
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("delimiter", "bom"), [(";", False), (";", True), (",", False)])
def test_load_claims(tmp_path: Path, delimiter: str, bom: bool) -> None:
    """Load claims.

    Row 2: 8 h of 45A01 in March for '624,00' (decimal comma; with ``,`` as delimiter the
    amount is written 624.00) → Claim amount € 624.00, quantity 8; row 3: '1,5' hours →
    1.5 (with ``,`` delimiter: 1.5), € 117.00, Dutch dates.
    """
    amount, quantity = ("624,00", "1,5") if delimiter == ";" else ("624.00", "1.5")
    path = _write(
        tmp_path / "claims.csv",
        [
            CLAIM_HEADER,
            f"R-1;T-1;22222222;111222333;0001;45A01;2025-03-01;2025-03-31;8;04;{amount}",
            f"R-2;T-1;22222222;111222333;0001;45A01;01-04-2025;30-04-2025;{quantity};04;117.00",
        ],
        delimiter,
        bom,
    )
    claims = load_claims(path)
    assert [("R-1", Decimal(8), Money("624.00")), ("R-2", Decimal("1.5"), Money("117.00"))] == [
        (c.reference, c.quantity, c.amount) for c in claims
    ]
    assert date(2025, 4, 1) == claims[1].start


def test_load_assignments(tmp_path: Path) -> None:
    """Load assignments.

    A volume assignment (10 h per month, open end) and a budget assignment (€ 5000,00,
    decimal comma, no thousands separator: the strict number grammar) are read.
    """
    path = _write(
        tmp_path / "assignments.csv",
        [
            ASSIGNMENT_HEADER,
            "T-1;111222333;0001;22222222;45;45A01;2025-01-01;;10;04;4;",
            "T-2;111222333;0001;22222222;45;45A01;2025-01-01;2025-06-30;;;;5000,00",
        ],
        bom=True,
    )
    volume, budget = load_assignments(path)
    assert Volume(10, Unit.HOUR, Frequency.PER_MONTH) == volume.volume
    assert volume.period.is_open
    assert (Money("5000.00"), date(2025, 6, 30)) == (budget.budget, budget.period.end)


def test_a_bad_claims_file_lists_every_bad_line(tmp_path: Path) -> None:
    """A bad claims file lists every bad line.

    Line 2 is fine; line 3 has a bad BSN (masked in the problem: '*****6789'); line 4 has
    a bad amount 'veel' and a bad unit '99'; R-1 repeated on line 5. Nothing is returned;
    the error lists line 3, 4 (twice) and 5 with field, value and rule.
    """
    path = _write(
        tmp_path / "claims.csv",
        [
            CLAIM_HEADER,
            "R-1;T-1;22222222;111222333;0001;45A01;2025-03-01;2025-03-31;8;04;624,00",
            "R-2;T-1;22222222;123456789;0001;45A01;2025-03-01;2025-03-31;8;04;624,00",
            "R-3;T-1;22222222;111222333;0001;45A01;2025-03-01;2025-03-31;8;99;veel",
            "R-1;T-1;22222222;111222333;0001;45A01;2025-04-01;2025-04-30;8;04;624,00",
        ],
    )
    with pytest.raises(LoadError) as excinfo:
        load_claims(path)
    problems = [(p.record.split(" (")[0], p.field, p.value) for p in excinfo.value.problems]
    assert [
        ("line 3", "client", "*****6789"),
        ("line 4", "unit", "99"),
        ("line 4", "amount", "veel"),
        ("line 5", "reference", "R-1"),
    ] == problems
    assert "123456789" not in str(excinfo.value)
    assert all(p.rule for p in excinfo.value.problems)


def test_a_bad_assignments_file_lists_every_bad_line(tmp_path: Path) -> None:
    """Line 2: municipality '1'; line 3: budget assignment without end date. Both listed."""
    path = _write(
        tmp_path / "assignments.csv",
        [
            ASSIGNMENT_HEADER,
            "T-1;111222333;1;22222222;45;45A01;2025-01-01;;10;04;4;",
            "T-2;111222333;0001;22222222;45;45A01;2025-01-01;;;;;5000",
        ],
    )
    with pytest.raises(LoadError) as excinfo:
        load_assignments(path)
    assert [("line 2", "municipality"), ("line 3", "period")] == [
        (p.record.split(" (")[0], p.field) for p in excinfo.value.problems
    ]


def test_a_missing_column_is_reported(tmp_path: Path) -> None:
    """A claims file without 'amount' fails on line 1 naming the column."""
    header = CLAIM_HEADER.rsplit(";", 1)[0]
    path = _write(
        tmp_path / "claims.csv",
        [header, "R-1;T-1;22222222;111222333;0001;45A01;2025-03-01;2025-03-31;8;04"],
    )
    with pytest.raises(LoadError) as excinfo:
        load_claims(path)
    assert [("amount", "required column(s) missing")] == [
        (p.field, p.rule) for p in excinfo.value.problems
    ]


def test_written_claims_read_back_equal(tmp_path: Path) -> None:
    """write_claims then load_claims gives the same claims (a credit included)."""
    debit = Claim(
        reference="R-1",
        assignment="T-1",
        provider="22222222",
        client="111222333",
        municipality="0001",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity="1.5",
        unit=Unit.HOUR,
        amount="117.00",
        tariff="78.00",
    )
    credit = Claim(
        reference="R-1C",
        assignment="T-1",
        provider="22222222",
        client="111222333",
        municipality="0001",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity="1.5",
        unit=Unit.HOUR,
        amount="117.00",
        debit_credit="C",
        reverses="R-1",
    )
    path = tmp_path / "out.csv"
    write_claims([debit, credit], path, delimiter=",")
    assert [debit, credit] == load_claims(path)


def test_ledger_round_trip_is_exact(tmp_path: Path) -> None:
    """Ledger round trip is exact.

    A ledger with a claim (€ 624.00, BSN, quantity 8, unit hour), its credit, and the
    March settlement's postings (payments, advances) is dumped and loaded equal, entry by
    entry, and settles to the same totals.
    """
    region = load_example_region()
    assignment = Assignment(
        reference="T-1",
        client="111222333",
        municipality="0001",
        provider="22222222",
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(10, Unit.HOUR, "4"),
    )
    debit = Claim(
        reference="R-1",
        assignment="T-1",
        provider="22222222",
        client="111222333",
        municipality="0001",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=8,
        unit=Unit.HOUR,
        amount="624.00",
    )
    report = validate([debit], [assignment], region)
    ledger = report.ledger.copy()
    ledger.post(settle(ledger, region, Period.month(2025, 3)).postings)
    path = tmp_path / "ledger.json"
    dump_ledger(ledger, path)
    loaded = load_ledger(path)
    assert ledger.entries == loaded.entries
    assert ledger == loaded
    assert [repr(e) for e in ledger] == [repr(e) for e in loaded]
    march = Period.month(2025, 3)
    assert settle(ledger, region, march).total("balance") == settle(loaded, region, march).total(
        "balance"
    )


def test_a_corrupt_ledger_file_is_a_load_error(tmp_path: Path) -> None:
    """A ledger file that is not JSON fails with a LoadError naming the file."""
    path = tmp_path / "ledger.json"
    path.write_text("[{", encoding="utf-8")
    with pytest.raises(LoadError) as excinfo:
        load_ledger(path)
    assert str(path) == excinfo.value.source
