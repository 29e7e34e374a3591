"""Whatever bytes a file holds, reading it ends in data or a LoadError: never another exception."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdinkoop.errors import LoadError
from jeugdinkoop.io import load_claims, load_ledger, load_region, read_rows

HEADER = (
    b"reference;assignment;provider;client;municipality;product;start;end;quantity;unit;amount\n"
)
ROW = b"R-1;T-1;22222222;100000010;0001;45A01;2025-03-01;2025-03-31;8;04;624,00\n"

# bytes near the interesting ones: delimiters, quotes, separators, digits, bad UTF-8
pieces = st.sampled_from(
    [b";", b",", b'"', b"\n", b"\r", b".", b"e", b"-", b"1", b"500", b"\xe9", b"\xff", b"\x00"]
)
noise = st.lists(pieces | st.binary(max_size=4), max_size=30).map(b"".join)


def _outcome(load: Callable[[Path], object], path: Path) -> object:
    """What reading gave: the data, or the LoadError (any other exception fails the test)."""
    try:
        return load(path)
    except LoadError as err:
        return err


def _refused_or_read(outcome: object) -> bool:
    return not isinstance(outcome, LoadError) or bool(outcome.problems)


def _file(data: bytes, suffix: str) -> Path:
    path = Path(tempfile.mkdtemp()) / f"input{suffix}"
    path.write_bytes(data)
    return path


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noise, st.integers(min_value=0, max_value=len(ROW)))
def test_claims_csv_reads_or_refuses(extra: bytes, cut: int) -> None:
    """A claims file with noise spliced into a good row is loaded whole or refused whole."""
    path = _file(HEADER + ROW[:cut] + extra + ROW[cut:], ".csv")
    claims = _outcome(load_claims, path)
    assert _refused_or_read(claims)
    assert isinstance(claims, LoadError) or len(claims) <= 2  # type: ignore[arg-type]
    assert _refused_or_read(_outcome(lambda p: list(read_rows(p)), path))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noise)
def test_region_toml_reads_or_refuses(data: bytes) -> None:
    """Random TOML bytes end in a region or a LoadError."""
    path = _file(b'code = "x"\nname = "y"\n' + data, ".toml")
    assert _refused_or_read(_outcome(load_region, path))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(noise)
def test_ledger_json_reads_or_refuses(data: bytes) -> None:
    """Random JSON bytes end in a ledger or a LoadError."""
    path = _file(b'{"format": "jeugdinkoop-ledger", "version": 2, "entries": [' + data, ".json")
    assert _refused_or_read(_outcome(load_ledger, path))
