"""The conformance kit runs on every built-in funding model (STYLE 5), like sklearn's test_common."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import attrs
import pytest

from jeugdinkoop.codes import Variant
from jeugdinkoop.funding import EffortBased, FundingModel, funding_models
from jeugdinkoop.money import Money
from jeugdinkoop.testing import (
    FundingModelCheckError,
    check_funding_model,
    check_money_conserved,
    funding_model_checks,
    kit_instances,
    parametrize_with_checks,
)

EXPECTED_FAILURES: dict[str, dict[str, str]] = {}
"""Known failures per built-in model, with reasons; empty: every model passes every check."""


def test_every_registered_model_has_a_kit_instance() -> None:
    """The kit's instances and the built-in models of the registry are the same, both ways.

    Models that other packages (or other tests) register are left out: only ours must
    have a kit instance.
    """
    builtin = [
        name
        for name, cls in funding_models().items()
        if cls.__module__.startswith("jeugdinkoop.funding")
    ]
    assert sorted(builtin) == sorted(kit_instances())


@parametrize_with_checks(list(kit_instances().values()))
def test_builtin_models_keep_the_invariants(
    model: FundingModel, check: Callable[[FundingModel], None]
) -> None:
    """Each built-in model passes each check of the kit (one pytest id per model and check)."""
    reason = EXPECTED_FAILURES.get(model.name, {}).get(check.__name__)
    if reason:
        pytest.xfail(reason)
    check(model)


@attrs.frozen
class _Inflating(EffortBased):
    """A broken model: its settlement pays ten euro more per line than was claimed."""

    name: ClassVar[str] = "kit_test_inflating"
    variant: ClassVar[Variant] = Variant.EFFORT

    def settle(self, period, ctx):  # type: ignore[no-untyped-def]
        """Add € 10 to every line: money created out of nothing."""
        settlement = super().settle(period, ctx)
        lines = [
            attrs.evolve(line, payable=line.payable + Money("10.00")) for line in settlement.lines
        ]
        return attrs.evolve(settlement, lines=lines)


def test_kit_catches_a_model_that_creates_money() -> None:
    """A model whose settlement pays more than it accepted fails check_money_conserved, named."""
    with pytest.raises(
        FundingModelCheckError,
        match=r"_Inflating \(kit_test_inflating\) fails check_money_conserved",
    ):
        check_money_conserved(_Inflating())


def test_expected_failure_that_passes_is_reported() -> None:
    """An expected-failure entry for a check that passes is an error, so the table cannot rot."""
    with pytest.raises(FundingModelCheckError, match="was expected to fail"):
        check_funding_model(EffortBased(), expected_failures={"check_roundtrip_io": "pretend"})


def test_unknown_expected_failure_name_is_refused() -> None:
    """A typo in expected_failures is refused naming it."""
    with pytest.raises(ValueError, match="check_typo"):
        check_funding_model(EffortBased(), expected_failures={"check_typo": "x"})


def test_checks_have_stable_names() -> None:
    """The kit's check names are part of its API (used in expected_failures tables)."""
    names = [name for name, _ in funding_model_checks(EffortBased())]
    assert names == [
        "check_roundtrip_io",
        "check_money_conserved",
        "check_no_negative_payment",
        "check_credit_reverses_debit",
        "check_claim_order_irrelevant",
        "check_deterministic",
        "check_forecast_ignores_volume",
        "check_settles_once",
    ]
