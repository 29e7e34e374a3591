"""The third-party example package (examples/degressive_model) works as the how-to promises."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from decimal import Decimal
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from jeugdinkoop.errors import DuplicateRegistration
from jeugdinkoop.funding import registry
from jeugdinkoop.io import region_from_dict, region_to_dict
from jeugdinkoop.io.regions import load_example_region
from jeugdinkoop.testing import check_funding_model

EXAMPLE = Path(__file__).parents[2] / "examples" / "degressive_model" / "src"


@pytest.fixture
def degressive() -> Iterator[type]:
    """Import the example package from its source folder, as `pip install -e` would."""
    sys.path.insert(0, str(EXAMPLE))
    try:
        from jeugdinkoop_degressive import DegressiveEffort

        yield DegressiveEffort
    finally:
        sys.path.remove(str(EXAMPLE))


def test_entry_point_makes_the_model_known_by_name(
    degressive: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A model only declared as an entry point is found on the first lookup by name."""
    point = EntryPoint(
        "degressive", "jeugdinkoop_degressive:DegressiveEffort", registry.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(
        registry,
        "entry_points",
        lambda group: [point] if group == registry.ENTRY_POINT_GROUP else [],
    )
    monkeypatch.setattr(registry, "_entry_points_loaded", False)
    monkeypatch.delitem(registry._REGISTRY, "degressive", raising=False)
    assert degressive is registry.get_funding_model("degressive")


def test_entry_point_with_the_wrong_name_is_refused(
    degressive: type, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry point whose name differs from the class's `name` is an error naming both."""
    point = EntryPoint(
        "degresive", "jeugdinkoop_degressive:DegressiveEffort", registry.ENTRY_POINT_GROUP
    )
    monkeypatch.setattr(registry, "entry_points", lambda group: [point])
    monkeypatch.setattr(registry, "_entry_points_loaded", False)
    with pytest.raises(DuplicateRegistration, match="'degresive' loads DegressiveEffort"):
        registry.get_funding_model("effort")


def test_region_file_names_the_model(degressive: type) -> None:
    """A region dict can name the example model and its parameters; it round-trips."""
    data = region_to_dict(load_example_region())
    data["segments"][0]["funding"] = {
        "model": "degressive",
        "threshold_hours": "40",
        "discount_pct": "25",
    }
    region = region_from_dict(data)
    model = region.funding_of("AMB")
    assert isinstance(model, degressive)
    assert Decimal(25) == model.discount_pct  # type: ignore[attr-defined]
    assert region == region_from_dict(region_to_dict(region))


def test_example_passes_the_conformance_kit(degressive: type) -> None:
    """The how-to's subclass keeps every invariant of the kit."""
    check_funding_model(degressive(threshold_hours=Decimal(10), discount_pct=Decimal(50)))
