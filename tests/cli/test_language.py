"""One language per run: Dutch by default, English with --lang en; help and exit codes."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jeugdinkoop.ijw  # registers the iJw rules in RULES
import jeugdinkoop.monitoring  # noqa: F401 - registers the local rules (JI-8xx)
from jeugdinkoop.cli import EXIT_OK, EXIT_USAGE, build_parser, main
from jeugdinkoop.i18n import catalog_ids, translate_phrases
from jeugdinkoop.io.text import format_number
from jeugdinkoop.model.findings import RULES

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))
CLAIMS = EXAMPLE / "voorbeeld-claims-2025-03.csv"
ASSIGNMENTS = EXAMPLE / "voorbeeld-assignments.csv"

ENGLISH = (
    "claim",
    "malformed",
    "is not",
    "digits",
    "municipality",
    "refused",
    "accepted",
    "total",
    "provider",
    "which",
    "differs",
    "the",
    "written",
    "costs",
    "year",
    "step",
    "before",
    "after",
    "spend",
    "scenarios run",
)
"""Words that give English away in a Dutch run (whole words, any case)."""


def run(argv: list[str]) -> tuple[int, str]:
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue()


def english_words(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{re.escape(word)}\b", text, re.IGNORECASE)]


@pytest.mark.parametrize("code", sorted(RULES))
def test_every_rule_has_dutch(code: str) -> None:
    """Every registered rule (ours and the iJw module's) has a Dutch message and title."""
    rule = RULES[code]
    assert rule.template in catalog_ids("nl")
    assert rule.title_in("nl") != rule.title_in("en")


def test_dutch_demo_and_validate_have_no_english() -> None:
    """The Dutch demo and validate runs on the example data hold none of the marker words."""
    status, demo = run(["demo"])
    assert EXIT_OK == status
    _, checked = run(["validate", "--region", "voorbeeld", str(CLAIMS), str(ASSIGNMENTS)])
    assert [] == english_words(demo + checked)


def test_dutch_summaries_are_filled_in() -> None:
    """A summary line shows a real message, not a template with … in place of values.

    The example month refuses R-0314 for its BSN '123' (3 digits, not 9).
    """
    _, text = run(["demo"])
    assert "…" not in text.split("Declaraties maart 2025")[1].split("==")[1]
    assert "JI-102 × 1: BSN '123' is niet geldig: '123' bestaat niet uit 9 cijfers" in text
    assert "afgewezen declaratie R-0314" in text


def test_english_run() -> None:
    """With --lang en the same report is English, amounts as € 2,755.16 (en_GB)."""
    status, text = run(["--lang", "en", "demo"])
    assert EXIT_OK == status
    assert "accepted: 9, refused: 7, total accepted: €2,755.16" in text
    assert "refused claim R-0314: JI-102 [iJw 0001] BSN '123' is not valid" in text
    dutch = [
        *("gemeente", "afgewezen", "declaratie", "jaar", "kosten", "stap", "bedrag"),
        *("uitgaven", "eigen", "outputgericht", "indexering", "geschreven", "vóór"),
    ]
    found = [w for w in dutch if re.search(rf"\b{w}\b", text, re.IGNORECASE)]
    assert [] == found


def test_seconds_with_a_decimal_comma() -> None:
    """Dutch writes the time taken as 0,18 s, English as 0.18 s."""
    _, dutch = run(["demo"])
    assert re.search(r"doorgerekend in \d+,\d\d s", dutch)
    _, english = run(["demo", "--lang", "en"])
    assert re.search(r"scenarios run in \d+\.\d\d s", english)


def test_phrases() -> None:
    """A value's own error is translated where it is filled into a Dutch message."""
    assert "'12' bestaat niet uit 9 cijfers" == translate_phrases("'12' is not 9 digits")
    assert "R-1 is not 9 digits" == translate_phrases("R-1 is not 9 digits", "en")


def test_bad_language_is_a_usage_error() -> None:
    assert EXIT_USAGE == main(["--lang", "fr", "regions"], out=io.StringIO())


def test_bare_command_prints_help() -> None:
    """A bare ``jeugdinkoop`` lists the subcommands and exits 0, not with a usage error."""
    status, text = run([])
    assert EXIT_OK == status
    for command in ("demo", "validate", "scenario", "budget", "report", "test", "regions"):
        assert f"    {command} " in text


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert EXIT_OK == main(["-V"])
    assert capsys.readouterr().out.startswith("jeugdinkoop ")


def test_every_subcommand_has_description_example_and_exit_codes() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert isinstance(commands, dict)
    for name, sub in commands.items():
        text = sub.format_help()
        assert sub.description, name
        assert f"examples:\n  jeugdinkoop {name}" in text, name
        assert "exit status:\n  0 " in text, name


def test_region_names_are_case_insensitive() -> None:
    status, text = run(["regions", "Achterhoek"])
    assert EXIT_OK == status
    assert "Regio Achterhoek (achterhoek)" in text
    status, text = run(["regions", "Zuid-Limburg"])
    assert EXIT_OK == status
    assert "(zuid_limburg)" in text


def test_demo_out_csv_for_a_dutch_spreadsheet(tmp_path: Path) -> None:
    """Semicolons, decimal commas, one header language; --bom starts the file with EF BB BF.

    R-0301 is accepted at € 624,00 (8 h × € 78,00 of 45A01 in 2025).
    """
    status, _ = run(["demo", "--out", str(tmp_path), "--bom"])
    assert EXIT_OK == status
    raw = (tmp_path / "declaraties-2025-03.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert "referentie;status;bedrag;code;ijw;melding" == lines[0]
    assert any(line.startswith("R-0301;geaccepteerd;624,00;") for line in lines)
    years = (tmp_path / "scenarios-per-jaar.csv").read_text(encoding="utf-8-sig").splitlines()
    assert "regio;variant;jaar;kosten" == years[0]
    assert 1 + 6 * 4 * 10 == len(years)
    draws = (tmp_path / "achterhoek-iaj-percentielen.csv").read_text(encoding="utf-8-sig")
    lines = draws.splitlines()
    assert "scenario;jaar;gemeente;p5;p50;p95" == lines[0]
    # 3 variants × 5 years × (8 municipalities + the region's total)
    assert 1 + 3 * 5 * 9 == len(lines)
    for line in lines[1:]:
        p5, p50, p95 = (Decimal(v.replace(",", ".")) for v in line.split(";")[3:])
        assert p5 <= p50 <= p95


def test_errors_follow_the_language(capsys: pytest.CaptureFixture[str]) -> None:
    """The command's own errors are in the run's language too."""
    assert EXIT_USAGE == main(["regions", "nergens"], out=io.StringIO())
    assert "regio 'nergens': geen meegeleverde regio" in capsys.readouterr().err
    assert EXIT_USAGE == main(["--lang", "en", "regions", "nowhere"], out=io.StringIO())
    assert "region 'nowhere': not an embedded region" in capsys.readouterr().err


def test_budget_in_english() -> None:
    """The seven-step example in English: € 1,239,955.20 (1,200,000 / 300 × 320 × 0.95 × 1.03 × 0.99)."""
    status, text = run(
        [
            "budget",
            "--lang",
            "en",
            "--segment",
            "IAJ",
            "--historic-spend",
            "1.200.000,00",
            "--historic-clients",
            "300",
            "--gemeente",
            "0222:320:-5",
            "--indexation",
            "3",
            "--efficiency",
            "-1",
        ]
    )
    assert EXIT_OK == status
    assert "Lumpsum start budget, segment IAJ" in text
    assert "€1,239,955.20" in text


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_progress_is_silent_when_not_a_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    """Tests, pipes and CI see no progress bar: standard error stays empty."""
    example = EXAMPLE / "voorbeeld-scenario.toml"
    assert EXIT_OK == main(["scenario", str(example), "--draws", "5"], out=io.StringIO())
    assert "" == capsys.readouterr().err


def test_progress_bar_at_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """At a terminal the draws show a bar on standard error, never on standard output.

    3 scenarios × 5 draws = 15 steps; the bar counts them (and is cleared at the end).
    """
    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out = io.StringIO()
    example = EXAMPLE / "voorbeeld-scenario.toml"
    assert EXIT_OK == main(["scenario", str(example), "--draws", "5"], out=out)
    assert "trekkingen:" in terminal.getvalue()
    assert "/15 [" in terminal.getvalue()
    assert "trekkingen:" not in out.getvalue()


@given(st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_format_number_round_trips(value: Decimal) -> None:
    """A Dutch spreadsheet number reads back as the amount: decimal comma, no grouping."""
    text = format_number(value)
    assert "." not in text
    assert value == Decimal(text.replace(",", "."))
    assert value == Decimal(format_number(value, "en"))


@given(st.text(alphabet="abcdefghij '0123456789", max_size=30))
def test_phrases_leave_english_alone(text: str) -> None:
    assert text == translate_phrases(text, "en")


def test_file_errors_translate_known_phrases(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A region file with a 3-digit municipality code: the value's error in Dutch."""
    region = tmp_path / "r.toml"
    region.write_text('code = "r"\nname = "R"\n[[municipalities]]\ncode = "193"\nname = "Zwolle"\n')
    assert EXIT_USAGE == main(["regions", str(region)], out=io.StringIO())
    assert "bestaat niet uit 4 cijfers" in capsys.readouterr().err
    assert EXIT_USAGE == main(["--lang", "en", "regions", str(region)], out=io.StringIO())
    assert "is not 4 digits" in capsys.readouterr().err
