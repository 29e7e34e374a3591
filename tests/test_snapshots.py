"""Golden snapshots: the embedded regions' scenario costs match the reviewed files (STYLE 11)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

from jeugdinkoop.io import EMBEDDED_REGIONS

ROOT = Path(__file__).resolve().parent.parent
MAKER = runpy.run_path(str(ROOT / "scripts" / "snapshots.py"))


@pytest.mark.parametrize("code", EMBEDDED_REGIONS)
def test_region_costs_match_the_snapshot(code: str) -> None:
    """Ten years × four funding variants of the region cost exactly what the snapshot says.

    A deliberate change (a tariff, a model, a region file) is made visible by rewriting the
    snapshot (`nox -s snapshots`) and reviewing its diff.
    """
    committed = (ROOT / "tests" / "snapshots" / f"{code}.json").read_text(encoding="utf-8")
    assert committed == MAKER["render"](code), (
        "the costs changed: run `nox -s snapshots` and review the diff"
    )
