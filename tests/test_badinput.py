"""Bad input never crashes, is never dropped silently, and numbers are never ambiguous.

The regression matrix: every file of ``tests/badinput/`` (one per error kind, listed in
its MANIFEST.toml with the command, the exit status and the texts the message must
hold), inputs too large to keep as files (built here), bad command-line options, and
the two cases that depend on the real process: a stdout that cannot encode ``€`` and a
reader that goes away (``| head -1``).
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from jeugdinkoop.cli import EXIT_BROKEN_PIPE, EXIT_OK, EXIT_USAGE, main

CORPUS = Path(__file__).parent / "badinput"
MANIFEST: list[dict[str, Any]] = tomllib.loads((CORPUS / "MANIFEST.toml").read_text("utf-8"))[
    "case"
]
EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))
PLACES = {
    "claims": str(EXAMPLE / "voorbeeld-claims-2025-03.csv"),
    "assignments": str(EXAMPLE / "voorbeeld-assignments.csv"),
    "region": str(CORPUS / "region-valid.toml"),
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run the command in this process; the status and everything printed (stdout + stderr)."""
    out = io.StringIO()
    status = main(argv, out=out)
    captured = capsys.readouterr()
    return status, out.getvalue() + captured.out + captured.err


@pytest.mark.parametrize("case", MANIFEST, ids=[c["file"] for c in MANIFEST])
def test_corpus(case: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    """Each corpus file gives its exit status and a message naming field, value and line."""
    argv = [a.format(file=CORPUS / case["file"], **PLACES) for a in case["run"]]
    status, text = run(argv, capsys)
    assert case["exit"] == status, text
    for name in case["names"]:
        assert name in text, f"{name!r} not in:\n{text}"
    assert "Traceback" not in text


def test_every_corpus_file_has_a_case() -> None:
    """A file in the corpus that no case runs would test nothing."""
    used = {c["file"] for c in MANIFEST}
    present = {p.name for p in CORPUS.iterdir() if p.name != "MANIFEST.toml"}
    assert present == used


# -- inputs too large to keep as files --------------------------------------------------


def _dotted_key(path: Path) -> None:
    path.write_text("a" + ".a" * 100_000 + " = 1\n", encoding="utf-8")


def _deep_arrays(path: Path) -> None:
    path.write_text('code = "x"\nname = "y"\nreferences = ' + "[" * 5000 + "]" * 5000 + "\n")


def _deep_tables(path: Path) -> None:
    path.write_text('code = "x"\nname = "y"\ndescription = ' + "{a = " * 40 + "1" + "}" * 40)


def _too_large(path: Path) -> None:
    with path.open("wb") as handle:  # sparse: the size is what is checked, before reading
        handle.truncate(26 * 1024 * 1024)


def _field_too_large(path: Path) -> None:
    header = (
        "reference;assignment;provider;client;municipality;product;start;end;quantity;unit;amount\n"
    )
    path.write_text(header + 'R-1;"' + "x" * 200_000 + '";1\n', encoding="utf-8")


def _deep_json(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


Generated = tuple[str, Callable[[Path], None], list[str], list[str]]

GENERATED: list[Generated] = [
    ("dotted-key-100k.toml", _dotted_key, ["regions", "{file}"], ["line 1", "dotted key"]),
    ("deep-arrays.toml", _deep_arrays, ["regions", "{file}"], ["(nesting)", "nested"]),
    ("deep-tables.toml", _deep_tables, ["regions", "{file}"], ["(nesting)", "32"]),
    ("too-large.toml", _too_large, ["regions", "{file}"], ["(size)", "27262976 bytes"]),
    (
        "field-too-large.csv",
        _field_too_large,
        ["validate", "--region", "voorbeeld", "{file}", "{assignments}"],
        ["line 2", "field larger than field limit"],
    ),
    (
        "deep.json",
        _deep_json,
        ["validate", "--region", "voorbeeld", "--ledger", "{file}", "{claims}", "{assignments}"],
        ["deep.json", "nested too deep"],
    ),
]


@pytest.mark.parametrize("generated", GENERATED, ids=[g[0] for g in GENERATED])
def test_generated_inputs_are_refused_quickly(
    generated: Generated, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Huge, deep or oversized inputs exit 2 naming the rule, in well under 5 seconds.

    A 100,000-part dotted key took tomllib minutes (quadratic); it is refused by a
    linear scan before parsing.
    """
    name, make, argv, names = generated
    path = tmp_path / name
    make(path)
    started = time.perf_counter()
    status, text = run([a.format(file=path, **PLACES) for a in argv], capsys)
    assert time.perf_counter() - started < 5
    assert EXIT_USAGE == status, text
    for expected in names:
        assert expected in text, f"{expected!r} not in:\n{text}"


# -- command-line options -------------------------------------------------------------

BUDGET = ["budget", "--segment", "IAJ", "--historic-clients", "300", "--gemeente", "0222:320:-5"]

BAD_OPTIONS = [
    ([*BUDGET, "--historic-spend", "1200000", "--indexation", "3%"], ["--indexation", "'3%'"]),
    ([*BUDGET, "--historic-spend", "1.5"], ["--historic-spend", "'1.5'", "1,5"]),
    ([*BUDGET, "--historic-spend", "1e5"], ["--historic-spend", "'1e5'"]),
    ([*BUDGET, "--historic-spend", "1_000"], ["--historic-spend", "'1_000'"]),
    ([*BUDGET, "--historic-spend", "10000000000000"], ["--historic-spend", "out of bounds"]),
    (
        [
            "budget",
            "--segment",
            "IAJ",
            "--historic-clients",
            "300",
            "--historic-spend",
            "1",
            "--gemeente",
            "0222:320:5%",
        ],
        ["--gemeente", "ADJUSTMENT", "'5%'"],
    ),
    (["scenario", "x.toml", "--draws", "-1"], ["--draws", "'-1'"]),
    (["scenario", "x.toml", "--draws", "1000000000000"], ["--draws", "0 to 1000000"]),
    (["scenario", "x.toml", "--seed", "abc"], ["--seed", "'abc'"]),
]


@pytest.mark.parametrize(
    ("argv", "names"), BAD_OPTIONS, ids=[" ".join(a[-2:]) for a, _ in BAD_OPTIONS]
)
def test_bad_options_exit_2_naming_the_option(
    argv: list[str], names: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad option value exits 2 with argparse's usage line naming the option and value."""
    status, text = run(argv, capsys)
    assert EXIT_USAGE == status
    for expected in names:
        assert expected in text, f"{expected!r} not in:\n{text}"


def test_typed_numbers_are_dutch(capsys: pytest.CaptureFixture[str]) -> None:
    """``--historic-spend 120.000`` is one hundred and twenty thousand, not € 120.

    The regions.md example with a tenth of the spend: 120,000 / 300 × 320 × 0.95 × 1.03
    × 0.99 = 123,995.52 (the € 1,239,955.20 of the full example, divided by ten).
    """
    status, text = run(
        [*BUDGET, "--historic-spend", "120.000", "--indexation", "3", "--efficiency", "-1"],
        capsys,
    )
    assert EXIT_OK == status
    assert "€\xa0123.995,52" in text


# -- the real process ---------------------------------------------------------------


def _command(*args: str, **env: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "jeugdinkoop", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **env},
    )


def test_stdout_that_cannot_encode_euro_still_works() -> None:
    """On an ASCII stdout, ``€`` and the no-break space become ``?``, not a UnicodeEncodeError."""
    process = _command("regions", "voorbeeld", PYTHONIOENCODING="ascii")
    out, err = process.communicate(timeout=60)
    assert (0, b"") == (process.returncode, err)
    assert b"??78,00" in out


def test_a_reader_that_goes_away_is_not_an_error_message() -> None:
    """``jeugdinkoop demo | head -0``: exit 141 (128 + SIGPIPE), nothing on stderr."""
    process = _command("demo")
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before the first line is written
    assert process.stderr is not None
    with process.stderr:
        err = process.stderr.read()
    process.wait(timeout=120)
    assert (EXIT_BROKEN_PIPE, b"") == (process.returncode, err)


def test_ledger_files_round_trip_after_the_corpus_edits(tmp_path: Path) -> None:
    """The corpus' valid ledger is what dump_ledger writes: the bad ones differ in one field."""
    from jeugdinkoop.io import dump_ledger, load_ledger

    ledger = load_ledger(CORPUS / "ledger-valid.json")
    dump_ledger(ledger, tmp_path / "again.json")
    assert json.loads((CORPUS / "ledger-valid.json").read_text("utf-8")) == json.loads(
        (tmp_path / "again.json").read_text("utf-8")
    )
