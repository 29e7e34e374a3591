"""The public API's types, pinned (STYLE 14): mypy checks this file, pytest runs it.

``assert_type`` fails type checking when an annotation drifts; the deliberately wrong
subclass below must keep being flagged by mypy, or its ``type: ignore`` becomes unused,
which ``mypy --strict`` (warn_unused_ignores) reports as an error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, assert_type

import attrs

from jeugdinkoop import Money, Period
from jeugdinkoop.codes import Variant
from jeugdinkoop.funding import (
    EffortBased,
    FundingModel,
    Settlement,
    get_funding_model,
)
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Claim, Region
from jeugdinkoop.settlement import Ledger, settle
from jeugdinkoop.validation import Finding, ValidationReport, validate


def test_public_api_types() -> None:
    """The main entry points return the types their signatures promise."""
    region = load_example_region()
    assert_type(region, Region)
    report = validate([], [], region)
    assert_type(report, ValidationReport)
    assert_type(report.total_accepted, Money)
    assert_type(report.findings, tuple[Finding, ...])
    assert_type(report.ledger, Ledger)
    settlement = settle(report.ledger, region, Period.month(2025, 1))
    assert_type(settlement, Settlement)
    assert_type(settlement.total("payable"), Money)
    assert_type(Money("1.00") + Money("2.00"), Money)
    assert_type(Money("1.00") * Decimal("1.5"), Money)
    assert_type(Money("1.00").cents, int)
    assert_type(get_funding_model("effort"), type[FundingModel])
    assert isinstance(settlement, Settlement)


@attrs.frozen
class _WrongPrice(EffortBased):
    """A subclass whose ``price`` breaks the contract: mypy must flag the override."""

    name: ClassVar[str] = "typing_test_wrong_price"
    variant: ClassVar[Variant] = Variant.EFFORT

    def price(self, claim: Claim) -> Money:  # type: ignore[override]
        """Wrong: ``price`` takes the claim, the assignment and the context."""
        return claim.amount


def test_wrong_override_still_runs_as_python() -> None:
    """The class above exists only for the type checker; Python itself accepts it."""
    assert "price" in _WrongPrice.__dict__
