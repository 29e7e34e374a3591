"""The example scenario file, its CSV output, and overrides that would drop budgets."""

from __future__ import annotations

import io
from importlib.resources import files
from pathlib import Path

import pytest

from jeugdinkoop.cli import EXIT_OK, EXIT_USAGE, main
from jeugdinkoop.errors import LoadError
from jeugdinkoop.io.scenario_files import scenarios_from_dict

EXAMPLE = Path(str(files("jeugdinkoop") / "regions" / "voorbeeld-scenario.toml"))


def test_example_scenario_runs_and_writes_year_table_and_percentiles(tmp_path: Path) -> None:
    """Three scenarios, five years each: 15 year rows; with draws, the percentiles too.

    Percentiles: 3 scenarios × 5 years × (the region's 2 municipalities + the total).
    """
    out = io.StringIO()
    status = main(["scenario", str(EXAMPLE), "--draws", "20", "--out", str(tmp_path)], out=out)
    assert EXIT_OK == status, out.getvalue()
    years = (tmp_path / "per-jaar.csv").read_text(encoding="utf-8").splitlines()
    assert "scenario;jaar;kosten" == years[0]
    assert 1 + 3 * 5 == len(years)
    assert all("," in line.rsplit(";", 1)[1] for line in years[1:])  # decimal comma
    spread = (tmp_path / "percentielen.csv").read_text(encoding="utf-8").splitlines()
    assert "scenario;jaar;gemeente;p5;p50;p95" == spread[0]
    assert 1 + 3 * 5 * 3 == len(spread)
    assert "spreiding over 20 trekkingen" in out.getvalue()


def test_lumpsum_override_without_budgets_is_refused() -> None:
    """Replacing Voorbeeld's VBL lumpsum (10 budgets) by an empty one would pay € 0."""
    with pytest.raises(LoadError) as caught:
        scenarios_from_dict(
            {"name": "b", "region": "voorbeeld", "funding": {"VBL": {"model": "lumpsum"}}}
        )
    assert "funding.VBL" in str(caught.value)
    assert "drops the region's budgets (10)" in str(caught.value)


def test_new_budget_model_without_budgets_is_refused() -> None:
    with pytest.raises(LoadError, match=r"variants\[0\]\.funding\.AMB.*pays € 0"):
        scenarios_from_dict(
            {
                "name": "b",
                "region": "voorbeeld",
                "variants": [{"name": "x", "funding": {"AMB": {"model": "lumpsum"}}}],
            }
        )


def test_switch_to_another_model_is_allowed() -> None:
    """A variant paying VBL by PxQ has no budgets to drop: it loads."""
    base, variant = scenarios_from_dict(
        {
            "name": "b",
            "region": "voorbeeld",
            "variants": [{"name": "x", "funding": {"VBL": {"model": "effort"}}}],
        }
    )
    assert "effort" == variant.model_for("VBL").name
    assert "lumpsum" == base.model_for("VBL").name


def test_refused_file_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "s.toml"
    bad.write_text('name = "b"\nregion = "voorbeeld"\nfunding.VBL = { model = "lumpsum" }\n')
    assert EXIT_USAGE == main(["scenario", str(bad)], out=io.StringIO())
