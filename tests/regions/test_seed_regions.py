"""The five seed regions: files load, match the seeds, run their examples and their cases.

Counts and funding models come from the seed documents (notes/regions-extract.md gives
the line references); the cases in ``tests/regions/<region>/cases.toml`` are hand-worked.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from jeugdinkoop.io import load_embedded_region, region_from_dict, region_to_dict
from jeugdinkoop.money import Money
from jeugdinkoop.testing.cases import run_case

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "examples"
SEED_REGIONS = ("ijsselland", "achterhoek", "zuid_limburg", "midden_ijssel", "flevoland")


@pytest.mark.parametrize(
    ("code", "count"),
    [
        ("ijsselland", 11),  # seed 000 (README: 11 municipalities)
        ("achterhoek", 8),  # the seed gives no number; the region has 8 (regions-extract §1.2)
        ("zuid_limburg", 16),  # 002:L7 "16 gemeenten"
        ("midden_ijssel", 8),  # 003:L41 "de acht deelnemende gemeenten"
        ("flevoland", 5),  # 004:L147, L161 "5 gemeenten"
    ],
)
def test_municipality_count_matches_the_seed(code: str, count: int) -> None:
    region = load_embedded_region(code)
    assert count == len(region.municipalities)
    for municipality in region.municipalities:
        ages = [(b.min_age, b.max_age) for b in municipality.population]
        assert ages == [(0, 6), (7, 12), (13, 17)]


def test_only_zuid_limburg_names_a_central_municipality() -> None:
    """Seed 002:L7 names Maastricht (0935); the other seeds name none."""
    assert {c: load_embedded_region(c).central_municipality for c in SEED_REGIONS} == {
        "ijsselland": None,
        "achterhoek": None,
        "zuid_limburg": load_embedded_region("zuid_limburg").municipality("0935").code,
        "midden_ijssel": None,
        "flevoland": None,
    }


FUNDING = {
    "ijsselland": {
        "AJH": "personal_budget",
        "WON": "effort",
        "WON-WC": "effort",
        "WON-BH": "effort",
        "HSW": "combined",
    },
    "achterhoek": {
        "IAJ": "lumpsum",
        "GWV": "lumpsum",
        "HCV": "lumpsum",
        "DYS": "task",
        "WIO": "lumpsum",
        "WIO-ONT": "lumpsum",
        "WIO-STA": "lumpsum",
        "WIO-BTH": "lumpsum",
        "WIO-PV": "effort",
        "WLG": "effort",
        "WWO": "lumpsum",
    },
    "zuid_limburg": {
        "AMB": "output",
        "GGZ": "effort",
        "VBL": "effort",
        "CRS": "task",
        "DYS": "task",
    },
    "midden_ijssel": {"IVJ": "effort", "BGB": "effort", "BGC": "effort", "GGZ": "effort"},
    "flevoland": {"AMB": "effort", "JMV": "effort", "GGZ": "effort", "JBR": "effort"},
}


@pytest.mark.parametrize("code", SEED_REGIONS)
def test_segments_are_funded_as_the_seed_describes(code: str) -> None:
    region = load_embedded_region(code)
    actual = {s: region.funding_of(s).name for s in FUNDING[code]}
    assert FUNDING[code] == actual


def test_ijsselland_hswv_is_pxq_plus_a_task_budget() -> None:
    """Seed 000:L350: PxQ for the youths, task-based funding for ambulant alternatives."""
    model: Any = load_embedded_region("ijsselland").funding_of("HSW")
    assert ["effort", "task"] == [p.name for p in model.parts]
    assert Money("1200000.00") == Money.sum(b.amount for b in model.parts[1].budgets)


def test_achterhoek_iaj_total_is_the_start_budget_example() -> None:
    """regions.md: €1,239,955.20 for the main IAJ provider, over the eight municipalities."""
    model: Any = load_embedded_region("achterhoek").funding_of("IAJ")
    assert Money("1239955.20") == Money.sum(
        b.amount for b in model.budgets if b.provider.value == "99200001"
    )


@pytest.mark.parametrize("code", SEED_REGIONS)
def test_region_file_is_well_formed(code: str) -> None:
    """Every tariff has a reference; AGB codes are regional; contracts cover every segment."""
    region = load_embedded_region(code)
    assert region_from_dict(region_to_dict(region)) == region
    assert all(t.reference for t in region.tariffs)
    assert 4 <= len(region.providers) <= 8
    for provider in region.providers:
        assert provider.agb.value.startswith("99")
        assert provider.agb.value not in {str(d) * 8 for d in range(1, 6)}
    covered = {s for c in region.contracts for s in c.segments}
    for segment in region.segments:
        assert segment.code in covered or any(s.code in covered for s in segment.walk()), (
            segment.code
        )


def test_agb_codes_differ_between_regions() -> None:
    seen: dict[str, str] = {}
    for code in SEED_REGIONS:
        for provider in load_embedded_region(code).providers:
            assert provider.agb.value not in seen
            seen[provider.agb.value] = code


@pytest.mark.parametrize("code", SEED_REGIONS)
def test_example_runs_end_to_end(code: str) -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{code}.py")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert 0 == result.returncode, result.stderr
    assert "Controle declaraties" in result.stdout
    assert "afgewezen" in result.stdout


# -- declarative cases (STYLE 11) ----------------------------------------------------------
def _cases() -> list[Any]:
    params = []
    for code in SEED_REGIONS:
        with (HERE / code / "cases.toml").open("rb") as handle:
            for case in tomllib.load(handle)["cases"]:
                params.append(pytest.param(code, case, id=f"{code}: {case['name']}"))
    return params


@pytest.mark.parametrize(("code", "case"), _cases())
def test_case(code: str, case: dict[str, Any]) -> None:
    """Each hand-worked case comes out as its cases.toml says (the library's own case runner)."""
    result = run_case(case, load_embedded_region(code))
    assert () == result.problems
