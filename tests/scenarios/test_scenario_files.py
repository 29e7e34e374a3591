"""Scenario files (TOML): baseline and variants, every problem listed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from jeugdinkoop.errors import LoadError
from jeugdinkoop.funding import EffortBased, Lumpsum
from jeugdinkoop.io import embedded_region_path
from jeugdinkoop.io.scenario_files import load_scenario, load_scenarios, scenario_from_dict
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import compare

FILE = """
name = "basis"
label = "Regio Voorbeeld"
region = "voorbeeld"
years = { first = 2026, last = 2027 }

[indexation]
2027 = "3.0"

[uncertainty]
utilisation_sd_pct = "5"

[[assumptions]]
municipality = "0001"
segment = "AMB"
clients_start = 100
inflow = 40
outflow = 30
units_per_client_month = "2"

[[demand]]
municipality = "0002"
segment = "VBL"
year = 2026
clients_start = 5
units_per_client_month = "30.4"

[[variants]]
name = "PxQ"
funding.VBL = { model = "effort" }

[[variants]]
name = "geen index"
indexation = {}
"""


def test_load_baseline_and_variants(tmp_path: Path) -> None:
    """A file gives a baseline and two variants; hand-worked amounts.

    Baseline: 2026 AMB 2,520 h × € 81.83 = € 206,211.60; 2027 start 110 → 2,760 h ×
    € 81.83 × 1.03 = € 232,626.32; VBL 0002 lumpsum 2026 € 251,784.00 + € 94,419.00.
    PxQ variant VBL: 5 × 12 × 30.4 = 1,824 days × € 171.62 = € 313,034.88.
    """
    path = tmp_path / "scenario.toml"
    path.write_text(FILE, encoding="utf-8")
    base, pxq, flat = load_scenarios(path)
    assert base.label == "Regio Voorbeeld"
    assert base.uncertainty.utilisation_sd_pct == Decimal(5)
    assert isinstance(base.model_for("VBL"), Lumpsum)
    assert isinstance(pxq.model_for("VBL"), EffortBased)
    assert flat.indexation == ()
    assert base.run().by("year", "segment") == {
        (2026, "AMB"): Money("206211.60"),
        (2026, "VBL"): Money("346203.00"),
        (2027, "AMB"): Money("232626.32"),
    }
    assert pxq.run().by("segment")[("VBL",)] == Money("313034.88")
    assert compare(base, pxq, flat).names == ("basis", "PxQ", "geen index")
    assert load_scenario(path) == base


def test_region_path_relative_to_the_file(tmp_path: Path) -> None:
    (tmp_path / "regio.toml").write_bytes(embedded_region_path("voorbeeld").read_bytes())
    path = tmp_path / "s.toml"
    path.write_text('name = "x"\nregion = "regio.toml"\n', encoding="utf-8")
    assert load_scenario(path).region.code == "voorbeeld"


def test_every_problem_listed(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        """
region = "nergens"
colour = "red"
[[assumptions]]
municipality = "12"
segment = "AMB"
clients_start = 1.5
[indexation]
2027 = 3.0
[funding.VBL]
model = "onbekend"
[[variants]]
label = "no name"
""",
        encoding="utf-8",
    )
    with pytest.raises(LoadError) as info:
        load_scenario(path)
    fields = [p.field for p in info.value.problems]
    text = str(info.value)
    assert "colour" in fields
    assert "name" in fields
    assert "region" in fields
    assert "neither an embedded region" in text
    assert "years" in fields
    assert "indexation.2027" in fields
    assert "funding.VBL" in fields
    assert "variants[0]" in fields
    assert "assumptions[0]" in text
    assert "float" in text


def test_demand_problems_after_structuring() -> None:
    with pytest.raises(LoadError, match="not a member of region 'voorbeeld'"):
        scenario_from_dict(
            {
                "name": "x",
                "region": "voorbeeld",
                "demand": [
                    {"municipality": "0009", "segment": "AMB", "year": 2026, "clients_start": 1}
                ],
            }
        )


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"\(file\)"):
        load_scenario(tmp_path / "missing.toml")
    bad = tmp_path / "syntax.toml"
    bad.write_text("name = ", encoding="utf-8")
    with pytest.raises(LoadError, match=r"\(syntax\)"):
        load_scenario(bad)
