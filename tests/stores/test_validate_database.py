"""`jeugdinkoop validate --assignments A --ledger L.db CLAIMS`: a claims file booked in a database.

The same commands against a SQLite file and (marked ``postgres``) the PostgreSQL test
database: the example claims CSV booked once; a JW323 answered with a JW325 and booked
once (the same message again: 9056, nothing booked); a correction of it in a second
message; a second debit of a booked assignment-month refused (TR389).
"""

from __future__ import annotations

import io
import sys
from datetime import date
from importlib.resources import files
from pathlib import Path

import attrs
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ijw"))  # the iJw builders

from ijw_build import CLIENT, assigned_product, jw301, jw323, line, message, xsd_valid

from jeugdinkoop.cli import EXIT_OK, EXIT_REFUSED, main
from jeugdinkoop.funding import Ledger, LedgerBatch
from jeugdinkoop.ijw import ServiceLine, check_claims_file, write_jw323
from jeugdinkoop.io import load_assignments, load_example_region
from jeugdinkoop.money import Money
from jeugdinkoop.stores.sql import SQLLedger

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))
CLAIMS = EXAMPLE / "voorbeeld-claims-2025-03.csv"
ASSIGNMENTS = EXAMPLE / "voorbeeld-assignments.csv"
MARCH = (date(2025, 3, 1), date(2025, 3, 31), None)


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue().replace("\xa0", " ")  # amounts are written "€\xa0624,00"


def validate(location: str, assignments: Path, claims: Path, *extra: str) -> tuple[int, str]:
    return run(
        [
            "validate",
            "--region",
            "voorbeeld",
            "--assignments",
            str(assignments),
            "--ledger",
            location,
            *extra,
            str(claims),
        ]
    )


def stored(location: str) -> tuple[list[str], list[tuple[str, str, int]]]:
    """The store's entry keys and its register (kind, identification, lines)."""
    store = SQLLedger(location)
    try:
        keys = [entry.key for entry in store]
        register = [(m.kind, m.identification, m.lines) for m in store.messages]
    finally:
        store.close()
    return keys, register


def test_the_example_csv_is_booked_once(location: str) -> None:
    """The example month: 9 of 16 lines accepted (€ 2,755.16) and booked; once.

    The same 9 references an in-memory ledger books (``check_claims_file``); 7 refused,
    so the exit status is 1. The same file again is not checked ("al eerder verwerkt"),
    and the store still holds 9 entries and one registered file.
    """
    expected = check_claims_file(
        CLAIMS, load_assignments(ASSIGNMENTS), load_example_region(), Ledger()
    )
    booked = [entry.key for entry in expected.ledger]
    assert 9 == len(booked)
    status, text = validate(location, ASSIGNMENTS, CLAIMS)
    assert EXIT_REFUSED == status, text
    assert "16 declaratieregels gecontroleerd (csv)" in text
    assert "geaccepteerd: 9, afgewezen: 7, totaal geaccepteerd: € 2.755,16" in text
    keys, register = stored(location)
    assert sorted(booked) == sorted(keys)
    assert [("csv", expected.ledger.messages[0].identification, 9)] == register
    status, text = validate(location, ASSIGNMENTS, CLAIMS)
    assert "0 declaratieregels gecontroleerd (csv)" in text
    assert "dit bestand is al eerder verwerkt op" in text
    assert "niets geboekt" in text
    assert (keys, register) == stored(location)


def _jw301(folder: Path) -> Path:
    path = folder / "jw301.xml"
    path.write_bytes(jw301([assigned_product(1001)], bsn=CLIENT))  # 8 h a month of 45A01
    return path


def test_a_jw323_is_answered_and_booked_once(location: str, tmp_path: Path) -> None:
    """M-1: R-1 (8 h of 45A01 in March, € 624.00) granted, R-2 (45A02) refused with 9340.

    One entry and the message (1 line) are booked; the JW325 is XSD-valid with 0200 for
    the declaration. The same message again is answered with 9056 in the header and
    nothing is booked: still one entry and one registered message.
    """
    assignments = _jw301(tmp_path)
    claims = tmp_path / "m1.xml"
    claims.write_bytes(jw323([line(), line(reference="R-2", product="45A02")]))
    status, text = validate(location, assignments, claims, "--answer", str(tmp_path / "a1.xml"))
    assert EXIT_REFUSED == status, text
    assert "ingediend € 1.248,00, toegekend € 624,00" in text
    first = (tmp_path / "a1.xml").read_bytes()
    assert xsd_valid("JW325", first)
    assert b"<jw325:RetourCode>9340</jw325:RetourCode>" in first
    assert (["R-1"], [("JW323", "M-1", 1)]) == stored(location)
    status, text = validate(location, assignments, claims, "--answer", str(tmp_path / "a2.xml"))
    assert EXIT_REFUSED == status, text
    assert "header 9056" in text
    assert "toegekend € 0,00" in text
    again = (tmp_path / "a2.xml").read_bytes()
    assert xsd_valid("JW325", again)
    assert b"<jw325:RetourCode>9056</jw325:RetourCode>" in again
    assert (["R-1"], [("JW323", "M-1", 1)]) == stored(location)


def _april(lines: list[ServiceLine], identification: str, declaration: str) -> bytes:
    """A JW323 sent in May for April (its lines may be for March)."""
    first = message([line()])
    return write_jw323(
        message(
            lines,
            declaration=declaration,
            period_start=date(2025, 4, 1),
            period_end=date(2025, 4, 30),
            signed_on=date(2025, 5, 2),
            header=attrs.evolve(first.header, identification=identification, date=date(2025, 5, 2)),
        )
    )


def test_a_correction_in_a_later_message_reads_the_database(location: str, tmp_path: Path) -> None:
    """March's R-1 (8 h) booked by M-1; then in the database, message by message.

    - M-2 sends R-3, March again (6 h): a second debit of the assignment-month while R-1
      stands is refused (JI-602, iJw 9389); nothing is booked but the message.
    - M-3 credits R-1 (C-1, −€ 624.00) and sends R-1b, 6 h for March (€ 468.00): the
      credit goes first, so both are granted (8001), −€ 156.00; three entries.
    - the store then has one open debit for March: R-1b.
    """
    assignments = _jw301(tmp_path)
    (tmp_path / "m1.xml").write_bytes(jw323([line()]))
    assert EXIT_OK == validate(location, assignments, tmp_path / "m1.xml")[0]
    (tmp_path / "m2.xml").write_bytes(
        _april([line(reference="R-3", volume=6, amount=Money("468.00"))], "M-2", "D2")
    )
    status, text = validate(location, assignments, tmp_path / "m2.xml")
    assert EXIT_REFUSED == status, text
    assert "afgewezen R-3 [9389]" in text
    assert (["R-1"], [("JW323", "M-1", 1), ("JW323", "M-2", 0)]) == stored(location)
    (tmp_path / "m3.xml").write_bytes(
        _april(
            [
                line(reference="R-1b", volume=6, amount=Money("468.00")),
                line(reference="C-1", previous="R-1", debit_credit="C"),
            ],
            "M-3",
            "D3",
        )
    )
    status, text = validate(location, assignments, tmp_path / "m3.xml")
    assert EXIT_OK == status, text
    assert "declaratie 8001" in text
    assert "ingediend € -156,00, toegekend € -156,00" in text
    keys, register = stored(location)
    assert ["C-1", "R-1", "R-1b"] == sorted(keys)
    assert ("JW323", "M-3", 2) == register[-1]
    store = SQLLedger(location)
    try:
        assert ("R-1b",) == store.debits_like("1001", *MARCH[:2], store.debit("R-1b").product)  # type: ignore[union-attr]
    finally:
        store.close()


def test_a_csv_seen_before_does_not_load_the_store(
    location: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same CSV again over a batch of a store answers without copying its history.

    ``LedgerBatch.copy`` loads every entry of the store into memory (a million entries
    for a year of a large region); a file seen before books nothing, so its outcome is a
    fresh, empty overlay of the batch: 0 pending entries, the 9 stored ones readable.
    """
    assert EXIT_REFUSED == validate(location, ASSIGNMENTS, CLAIMS)[0]

    def no_copy(self: LedgerBatch) -> Ledger:
        raise AssertionError("the store's history was copied")

    monkeypatch.setattr(LedgerBatch, "copy", no_copy)
    store = SQLLedger(location)
    try:
        with store.batch() as batch:
            outcome = check_claims_file(
                CLAIMS, load_assignments(ASSIGNMENTS), load_example_region(), batch
            )
            assert outcome.processed_before is not None
            assert isinstance(outcome.ledger, LedgerBatch)
            assert () == outcome.ledger.pending_entries
            assert 9 == len(outcome.ledger)
            assert () == batch.pending_entries
    finally:
        store.close()
    assert 9 == len(stored(location)[0])
