"""The funding-model registry: built-ins, duplicates, unknown names, third-party models.

Every test that registers a class works on a copy of the registry (``_REGISTRY`` is
swapped by ``monkeypatch``), so the process-wide registry keeps only the built-ins.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs
import pytest

from jeugdinkoop.codes import Variant
from jeugdinkoop.errors import DuplicateRegistration, UnknownFundingModel
from jeugdinkoop.funding import (
    Combined,
    EffortBased,
    Lumpsum,
    OutputBased,
    PersonalBudget,
    TaskBased,
    funding_models,
    get_funding_model,
    register_funding_model,
)
from jeugdinkoop.funding import registry as registry_module
from jeugdinkoop.io import load_example_region, region_from_dict, region_to_dict

BUILT_INS = {
    "combined": Combined,
    "effort": EffortBased,
    "lumpsum": Lumpsum,
    "output": OutputBased,
    "personal_budget": PersonalBudget,
    "task": TaskBased,
}


@pytest.fixture
def scratch_registry(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """A copy of the registry for one test."""
    copy = dict(registry_module._REGISTRY)
    monkeypatch.setattr(registry_module, "_REGISTRY", copy)
    return copy


def test_built_ins_are_registered_under_their_names() -> None:
    """The six built-in models resolve by name to their classes, and name = registry key."""
    known = funding_models()
    assert BUILT_INS == {name: known[name] for name in BUILT_INS}
    assert {name: name for name in BUILT_INS} == {n: get_funding_model(n).name for n in BUILT_INS}


def test_unknown_name_lists_the_known_names() -> None:
    """``get_funding_model("pxq")`` raises UnknownFundingModel naming 'pxq' and every model."""
    with pytest.raises(UnknownFundingModel) as excinfo:
        get_funding_model("pxq")
    message = str(excinfo.value)
    assert "'pxq'" in message
    assert all(name in message for name in BUILT_INS)
    assert isinstance(excinfo.value, LookupError)


def test_duplicate_name_names_both_classes(scratch_registry: dict[str, Any]) -> None:
    """Duplicate name names both classes.

    A second class named ``effort`` is refused; the message names EffortBased and the new
    class.
    """

    @attrs.frozen
    class Impostor(EffortBased):
        name: ClassVar[str] = "effort"

    with pytest.raises(DuplicateRegistration) as excinfo:
        register_funding_model(Impostor)
    message = str(excinfo.value)
    assert "EffortBased" in message
    assert "Impostor" in message
    assert EffortBased is scratch_registry["effort"]


def test_registering_the_same_class_twice_is_harmless(scratch_registry: dict[str, Any]) -> None:
    """Registering EffortBased again returns it and changes nothing."""
    assert EffortBased is register_funding_model(EffortBased)
    assert EffortBased is scratch_registry["effort"]


def test_a_class_without_a_name_cannot_register(scratch_registry: dict[str, Any]) -> None:
    """A subclass that declares no ``name`` of its own is refused with a TypeError."""

    @attrs.frozen
    class Nameless(EffortBased):
        pass

    with pytest.raises(TypeError, match="Nameless declares no `name`"):
        register_funding_model(Nameless)


def test_third_party_model_resolves_by_name_from_a_region_dict(
    scratch_registry: dict[str, Any],
) -> None:
    """Third party model resolves by name from a region dict.

    A region's own subclass, registered with the decorator, is named in a region dict
    (``funding = {model = "degressive_test", after_hours = 40}``) and comes back as an
    instance of that class with its parameter; the region round-trips.
    """

    @register_funding_model
    @attrs.frozen
    class DegressiveTest(EffortBased):
        """PxQ with a lower tariff after N hours (a how-to example)."""

        name: ClassVar[str] = "degressive_test"
        variant: ClassVar[Variant] = Variant.EFFORT

        after_hours: int = 10

    assert DegressiveTest is get_funding_model("degressive_test")
    data = region_to_dict(load_example_region())
    data["segments"][0]["funding"] = {"model": "degressive_test", "after_hours": 40}
    region = region_from_dict(data)
    model = region.funding_of("AMB")
    assert isinstance(model, DegressiveTest)
    assert 40 == model.after_hours
    assert region == region_from_dict(region_to_dict(region))
    assert "degressive_test" in scratch_registry
