"""The jeugdinkoop command: the main job, validate's exit status, scenario files, the start budget."""

from __future__ import annotations

import io
import shutil
from importlib.resources import files
from pathlib import Path

import pytest

from jeugdinkoop.cli import EXIT_OK, EXIT_REFUSED, EXIT_USAGE, build_parser, main

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))


def run(argv: list[str]) -> tuple[int, str]:
    """Run the command, returning the exit status and what it printed."""
    out = io.StringIO()
    status = main(argv, out=out)
    return status, out.getvalue()


def test_demo_prints_the_dutch_report() -> None:
    """The main job summarises every region, checks a month of claims and compares scenarios.

    The example month: 16 lines, 9 accepted (7 refused: BSN, duplicate reference, unknown
    assignment, wrong product, two second debits for a month already claimed (iJw TR389,
    9389), two months); the start budget of the
    Achterhoek example ends at € 1.239.955,20 (1,200,000 / 300 × 320 × 0.95 × 1.03 × 0.99).
    """
    status, text = run(["demo"])
    assert EXIT_OK == status
    for expected in (
        "geaccepteerd: 9, afgewezen: 7",
        "JI-602 [iJw 9389]",
        "Achterhoek IAJ als lumpsum, PxQ of outputgericht",
        "× 4 bekostigingsvarianten",
        "€\xa01.239.955,20",
    ):
        assert expected in text


def test_demo_out_writes_tables(tmp_path: Path) -> None:
    """With --out the demo writes its tables as CSV (and a chart when matplotlib is there)."""
    status, _ = run(["demo", "--out", str(tmp_path)])
    assert EXIT_OK == status
    written = {p.name for p in tmp_path.iterdir()}
    assert {
        "declaraties-2025-03.csv",
        "afrekening-2025-03.csv",
        "scenarios.csv",
        "achterhoek-iaj-vergelijking.csv",
    } <= written
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert "achterhoek-iaj-vergelijking.png" not in written
    else:
        assert "achterhoek-iaj-vergelijking.png" in written
    header = (tmp_path / "afrekening-2025-03.csv").read_text(encoding="utf-8").splitlines()[0]
    assert (
        "aanbieder;gemeente;segment;gedeclareerd;te_betalen;bevoorschot;saldo;vrijgevallen"
        == header
    )


def test_validate_exit_status(tmp_path: Path) -> None:
    """Exit 1 when lines are refused, 0 when all are accepted."""
    claims = EXAMPLE / "voorbeeld-claims-2025-03.csv"
    assignments = EXAMPLE / "voorbeeld-assignments.csv"
    status, text = run(["validate", "--region", "voorbeeld", str(claims), str(assignments)])
    assert EXIT_REFUSED == status
    assert "afgewezen declaratie R-0309: JI-201" in text
    good = tmp_path / "good.csv"
    lines = claims.read_text(encoding="utf-8").splitlines()
    good.write_text("\n".join(lines[:8]) + "\n", encoding="utf-8")  # header and R-0301..R-0307
    ledger = tmp_path / "ledger.json"
    status, _ = run(
        [
            "validate",
            "--region",
            "voorbeeld",
            str(good),
            str(assignments),
            "--out-ledger",
            str(ledger),
        ]
    )
    assert EXIT_OK == status
    assert ledger.exists()


def test_validate_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file or an unknown region exits 2 with one clear line per problem on stderr."""
    assignments = EXAMPLE / "voorbeeld-assignments.csv"
    status, _ = run(["validate", "--region", "nowhere", str(tmp_path / "x.csv"), str(assignments)])
    assert EXIT_USAGE == status
    assert "regio 'nowhere': geen meegeleverde regio" in capsys.readouterr().err
    status, _ = run(
        ["validate", "--region", "voorbeeld", str(tmp_path / "missing.csv"), str(assignments)]
    )
    assert EXIT_USAGE == status
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err)
    assert "missing.csv" in err[0]
    status, _ = run(["validate"])
    assert EXIT_USAGE == status


def test_bad_assignments_file_lists_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each bad row of an input file is one stderr line naming line, field, value and rule."""
    bad = tmp_path / "assignments.csv"
    shutil.copy(EXAMPLE / "voorbeeld-assignments.csv", bad)
    text = (
        bad.read_text(encoding="utf-8")
        .replace("T-002;100000022;0002", "T-002;100000022;002")
        .replace("T-004;100000046;0003;11111111;41", "T-004;100000046;0003;1111;41")
    )
    bad.write_text(text, encoding="utf-8")
    status, _ = run(
        [
            "validate",
            "--region",
            "voorbeeld",
            str(EXAMPLE / "voorbeeld-claims-2025-03.csv"),
            str(bad),
        ]
    )
    assert EXIT_USAGE == status
    err = capsys.readouterr().err.strip().splitlines()
    assert 2 == len(err)
    assert "line 3 (reference T-002): municipality = '002'" in err[0]
    assert "line 5 (reference T-004): provider = '1111'" in err[1]


def test_scenario_file(tmp_path: Path) -> None:
    """A scenario file with a variant prints both side by side with the difference.

    100 clients, +40 −30 → 105 average × 12 × 2 h × € 81.83 (2026) = € 206.211,60;
    the variant indexes 2026 by 3 %: € 81.83 × 1.03 × 2,520 h = € 212.397,95 (rounded once).
    """
    scenario = tmp_path / "s.toml"
    scenario.write_text(
        """
name = "basis"
region = "voorbeeld"
years = { first = 2026, last = 2026 }
[[assumptions]]
municipality = "0001"
segment = "AMB"
clients_start = 100
inflow = 40
outflow = 30
units_per_client_month = "2"
[[variants]]
name = "index"
indexation = { 2026 = "3" }
""",
        encoding="utf-8",
    )
    status, text = run(["scenario", str(scenario)])
    assert EXIT_OK == status
    assert "€\xa0206.211,60" in text
    assert "€\xa0212.397,95" in text


def test_budget_command() -> None:
    """The regions.md worked example from the command line gives € 1.239.955,20."""
    status, text = run(
        [
            "budget",
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
    assert "€\xa01.239.955,20" in text


@pytest.mark.parametrize(
    "command", [[], ["demo"], ["validate"], ["scenario"], ["budget"], ["regions"]]
)
def test_help_on_every_command(command: list[str]) -> None:
    """Every command answers --help with exit 0."""
    parser = build_parser()
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args([*command, "--help"])
    assert 0 == exit_.value.code


def test_every_command_is_documented() -> None:
    """The command-line reference page has a section for every sub-command, and no other."""
    page = (Path(__file__).parents[2] / "docs" / "reference" / "command-line.md").read_text(
        encoding="utf-8"
    )
    documented = {
        line.split("`")[1].split()[1]
        for line in page.splitlines()
        if line.startswith("## `jeugdinkoop ")
    }
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands is not None
    assert set(commands) == documented


def test_test_command_runs_the_seed_cases() -> None:
    """`jeugdinkoop test tests/regions` runs every seed region's cases.toml, all passing."""
    folder = Path(__file__).parents[1] / "regions"
    status, text = run(["test", str(folder)])
    assert EXIT_OK == status, text
    assert "alle gevallen geslaagd" in text
    assert "budget example (regions.md)" in text


def test_test_command_reports_a_failing_case(tmp_path: Path) -> None:
    """A case whose expectation is wrong fails with exit 1 and names what differed.

    The example region prices 1 h of 45A01 at € 78.00; the case claims € 79.00 is the total.
    """
    cases = tmp_path / "voorbeeld" / "cases.toml"
    cases.parent.mkdir()
    cases.write_text(
        """
[[cases]]
name = "wrong total"
settle = { start = 2025-03-01, end = 2025-03-31 }
[[cases.assignments]]
reference = "T-1"
client = "100000010"
municipality = "0001"
provider = "22222222"
category = "45"
product = "45A01"
start = 2025-01-01
end = 2025-12-31
quantity = "8"
unit = "04"
frequency = "4"
[[cases.claims]]
reference = "R-1"
assignment = "T-1"
provider = "22222222"
client = "100000010"
municipality = "0001"
product = "45A01"
start = 2025-03-01
end = 2025-03-31
quantity = "1"
unit = "04"
amount = "78.00"
[cases.expect]
total_accepted = "79.00"
""",
        encoding="utf-8",
    )
    status, text = run(["test", str(tmp_path)])
    assert EXIT_REFUSED == status
    assert "FOUT wrong total" in text
    assert "total accepted € 78,00, expected € 79,00" in text.replace("\xa0", " ")
