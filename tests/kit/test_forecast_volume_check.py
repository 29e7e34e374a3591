"""The kit holds a model to its ``forecast_ignores_volume`` promise."""

from __future__ import annotations

from typing import ClassVar

import attrs
import pytest

from jeugdinkoop.funding import EffortBased
from jeugdinkoop.testing.kit import (
    FundingModelCheckError,
    check_forecast_ignores_volume,
    kit_instances,
)


@attrs.frozen
class Boasting(EffortBased):
    """PxQ (cost = client-months × units × € 80.00) that claims to ignore the volume."""

    forecast_ignores_volume: ClassVar[bool] = True


def test_a_false_promise_is_caught() -> None:
    """PxQ costs move with the clients and hours, so the kit finds two volumes that differ.

    (One client flowing in, half a client on average, 6 client-months × 0.01 h × € 80.00
    is € 0.48 at price factor 1, against € 0.00 without clients: the smallest such pair.)
    """
    with pytest.raises(FundingModelCheckError, match="check_forecast_ignores_volume"):
        check_forecast_ignores_volume(Boasting())


@pytest.mark.parametrize("name", ["lumpsum", "task"])
def test_budget_models_keep_it(name: str) -> None:
    """Lumpsum and task budgets cost the same at any volume."""
    check_forecast_ignores_volume(kit_instances()[name])


def test_models_that_make_no_promise_pass_unasked() -> None:
    """PxQ does not declare it, so there is nothing to check."""
    check_forecast_ignores_volume(EffortBased())
