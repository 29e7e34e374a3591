"""The ledger's message register: iJw checks across messages (TR056, TR333) and files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest

from jeugdinkoop.errors import DuplicateMessage, LoadError
from jeugdinkoop.io import dump_ledger, load_ledger
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import Ledger, MessageRecord


def _jw323(identification: str, declaration: str, sender: str = "12345678") -> MessageRecord:
    return MessageRecord(
        sender=sender,
        kind="JW323",
        identification=identification,
        declaration=declaration,
        received=date(2025, 4, 2),
        digest="ab" * 32,
        lines=3,
    )


def test_a_message_identification_is_unique_per_sender_and_kind() -> None:
    """TR056: the same identification from the same sender and kind is refused.

    M-1 from provider 12345678 is recorded; M-1 again from that provider is refused;
    M-1 from provider 87654321, and M-1 as a JW301 from the same sender, are other
    messages and are recorded: 3 messages in the end.
    """
    ledger = Ledger()
    ledger.record_message(_jw323("M-1", "D-1"))
    with pytest.raises(DuplicateMessage, match="'M-1' from 12345678"):
        ledger.record_message(_jw323("M-1", "D-9"))
    ledger.record_message(_jw323("M-1", "D-1", sender="87654321"))
    ledger.record_message(MessageRecord(sender="12345678", kind="JW301", identification="M-1"))
    assert 3 == len(ledger.messages)
    assert ledger.message("12345678", "JW301", "M-1") is not None
    assert ledger.message("12345678", "JW315", "M-1") is None


def test_a_declaration_number_is_unique_per_provider() -> None:
    """TR333: a second message with a used declaration number of the same provider is refused."""
    ledger = Ledger()
    ledger.record_message(_jw323("M-1", "D-1"))
    with pytest.raises(DuplicateMessage, match="TR333"):
        ledger.record_message(_jw323("M-2", "D-1"))
    assert ledger.declaration("12345678", "D-1") == _jw323("M-1", "D-1")
    assert ledger.message("12345678", "JW323", "M-2") is None


def test_copy_keeps_the_register_and_is_independent() -> None:
    """A copy holds the same messages; recording in the copy leaves the original alone."""
    ledger = Ledger(messages=[_jw323("M-1", "D-1")])
    twin = ledger.copy()
    assert twin == ledger
    twin.record_message(_jw323("M-2", "D-2"))
    assert 1 == len(ledger.messages)
    assert twin != ledger
    assert twin.message_with_digest("ab" * 32) == _jw323("M-1", "D-1")


def test_the_register_round_trips_through_the_ledger_file(tmp_path: Path) -> None:
    """Format 2 of the ledger file holds the register; format 1 (a bare list) still loads."""
    ledger = Ledger(messages=[_jw323("M-1", "D-1"), _jw323("M-2", "D-2")])
    path = tmp_path / "ledger.json"
    dump_ledger(ledger, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert ("jeugdinkoop-ledger", 2) == (data["format"], data["version"])
    assert ledger == load_ledger(path)
    path.write_text("[]", encoding="utf-8")
    assert Ledger() == load_ledger(path)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"format": "other", "version": 2}', "format"),
        ('{"format": "jeugdinkoop-ledger", "version": 9}', "version 9"),
        ('{"format": "jeugdinkoop-ledger", "version": 2, "extra": 1}', "extra"),
    ],
)
def test_a_ledger_file_of_another_format_is_a_load_error(
    tmp_path: Path, content: str, expected: str
) -> None:
    """Another format, an unknown version or an unknown key is a LoadError saying which."""
    path = tmp_path / "ledger.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError, match=expected):
        load_ledger(path)


def test_a_duplicate_message_in_a_ledger_file_is_a_load_error(tmp_path: Path) -> None:
    """A file whose register names one message twice is refused, not silently merged."""
    path = tmp_path / "ledger.json"
    record = {"sender": "1", "kind": "JW323", "identification": "M-1"}
    path.write_text(
        json.dumps(
            {
                "format": "jeugdinkoop-ledger",
                "version": 2,
                "entries": [],
                "messages": [record, record],
            }
        ),
        encoding="utf-8",
    )
    with pytest.raises(LoadError, match="TR056"):
        load_ledger(path)


def test_a_declaration_period_round_trips_and_is_left_out_when_unknown(tmp_path: Path) -> None:
    """M-1 has March 2025 as its period, M-2 none: the file writes a period for M-1 only.

    A register entry of a file written before periods existed (no ``period`` key) loads
    with period ``None``; a bad period names itself in a LoadError.
    """
    march = Period.month(2025, 3)
    ledger = Ledger(
        messages=[attrs.evolve(_jw323("M-1", "D-1"), period=march), _jw323("M-2", "D-2")]
    )
    path = tmp_path / "ledger.json"
    dump_ledger(ledger, path)
    data = json.loads(path.read_text(encoding="utf-8"))
    first, second = data["messages"]
    assert {"start": "2025-03-01", "end": "2025-03-31"} == first["period"]
    assert "period" not in second
    loaded = load_ledger(path)
    assert ledger == loaded
    assert [march, None] == [m.period for m in loaded.messages]
    first["period"] = {"start": "2025-03-01", "end": "March"}
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LoadError, match="March"):
        load_ledger(path)
