"""Combined: several funding models on one segment (PxQ for care plus a task budget, say)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

import attrs

from jeugdinkoop.codes import Variant
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding.base import (
    Demand,
    Forecast,
    ForecastLine,
    FundingContext,
    FundingModel,
    ModelTraits,
    Settlement,
    SettlementLine,
)
from jeugdinkoop.funding.ledger import Entry, EntryKind
from jeugdinkoop.funding.registry import register_funding_model
from jeugdinkoop.model import Assignment, Claim
from jeugdinkoop.model.fields import freeze
from jeugdinkoop.model.findings import Finding
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["Combined"]


@register_funding_model
@attrs.frozen
class Combined(FundingModel):
    """Combined [combinatie]: several models pay for one segment together.

    Claims go to the first part that takes client claims (or, if none does, the first
    that takes production reports); every part settles and forecasts its own money, and
    the results are added up. The HSWV segment of IJsselland is the example: PxQ for the
    youths in care plus a task budget for building ambulant alternatives.

    Args:
        parts: the models, in order.

    Examples:
        >>> from jeugdinkoop.funding import EffortBased, TaskBased
        >>> Combined([EffortBased(), TaskBased()]).claims_part.name
        'effort'

    References:
        - seed 000 (IJsselland) §HSWV: "PxQ" plus "taakgerichte bekostiging".
        - seed 002 (Zuid-Limburg): effort-based "vaak gecombineerd met lumpsum".

    .. versionadded:: 0.1
    """

    name: ClassVar[str] = "combined"
    variant: ClassVar[Variant] = Variant.EFFORT
    traits: ClassVar[ModelTraits] = ModelTraits(client_claims=True, combines=True)
    references: ClassVar[tuple[str, ...]] = ("seed 000 §HSWV", "seed 002 §inspanningsgericht")

    parts: tuple[FundingModel, ...] = attrs.field(converter=freeze)

    @parts.validator
    def _parts(
        self, attribute: attrs.Attribute[tuple[FundingModel, ...]], value: tuple[FundingModel, ...]
    ) -> None:
        if not value:
            raise InvalidValue("Combined.parts: empty; combine at least one model")
        for part in value:
            if not isinstance(part, FundingModel):
                raise InvalidValue(f"Combined.parts: {part!r} is not a FundingModel")

    @property
    def claims_part(self) -> FundingModel:
        """The part that takes the segment's claims."""
        for part in self.parts:
            if part.traits.client_claims:
                return part
        for part in self.parts:
            if part.traits.production_reports:
                return part
        return self.parts[0]

    @property
    def variants(self) -> tuple[Variant, ...]:
        """The variants of the parts."""
        return tuple(p.variant for p in self.parts)

    def check(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Iterable[Finding]:
        """The claims part's checks."""
        return self.claims_part.check(claim, assignment, ctx)

    def price(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Money:
        """The claims part's price."""
        return self.claims_part.price(claim, assignment, ctx)

    def settle(self, period: Period, ctx: FundingContext) -> Settlement:
        """Every part's settlement added up; transfers counted once, for the whole."""
        lines: list[SettlementLine] = []
        postings: list[Entry] = []
        for part in self.parts:
            settlement = part.settle(period, ctx)
            lines += [
                attrs.evolve(line, advanced=Money.zero())
                for line in settlement.lines
                if not _only_transfers(line)
            ]
            postings += [p for p in settlement.postings if not p.kind.is_transfer]
        transfer = (
            EntryKind.ADVANCE if any(p.traits.advances for p in self.parts) else EntryKind.PAYMENT
        )
        return self.finish(period, lines, ctx, postings, transfer)

    def forecast(self, demand: Demand, ctx: FundingContext) -> Forecast:
        """Every part's forecast, side by side."""
        lines: list[ForecastLine] = []
        for part in self.parts:
            lines += part.forecast(demand, ctx).lines
        return Forecast(lines)


def _only_transfers(line: SettlementLine) -> bool:
    return (
        line.claimed.is_zero()
        and line.payable.is_zero()
        and line.released.is_zero()
        and line.budget is None
        and line.open.is_zero()
    )
