"""A region's own funding model: PxQ with a degressive tariff after N hours per client a year.

This package is the worked example of the how-to "Write your own funding model". It
subclasses :class:`jeugdinkoop.funding.EffortBased`, overrides only :meth:`price`, and is
found by region files through the entry point declared in its ``pyproject.toml``.

Examples:
    >>> from decimal import Decimal
    >>> model = DegressiveEffort(threshold_hours=Decimal(40), discount_pct=Decimal(25))
    >>> model.name, model.threshold_hours
    ('degressive', Decimal('40'))
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

import attrs

from jeugdinkoop.codes import Unit, Variant
from jeugdinkoop.funding import (
    EffortBased,
    FundingContext,
    ModelTraits,
    convert_quantity,
    register_funding_model,
)
from jeugdinkoop.model import Assignment, Claim
from jeugdinkoop.money import Money

__all__ = ["DegressiveEffort"]


def _percentage(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not 0 <= value <= 100:
        raise ValueError(
            f"DegressiveEffort.{attribute.name}: {value} is not a percentage from 0 to 100"
        )


def _decimal(value: object) -> Decimal:
    if isinstance(value, float):
        raise TypeError(f"{value!r} is a float; use Decimal or a string")
    return Decimal(str(value))


@register_funding_model  # importing the module registers it; the entry point imports it for region files
@attrs.frozen
class DegressiveEffort(EffortBased):
    """DegressiveEffort [PxQ met degressief tarief]: a lower rate beyond N hours per client a year.

    The first ``threshold_hours`` hours a client receives of a product in a calendar year
    are paid at the full tariff; every hour beyond at ``discount_pct`` % less. Hours are
    counted over every assignment of the client for that product, in the ledger, so the
    outcome does not depend on how claims are split over months or assignments.

    Args:
        threshold_hours: hours per client, product and year at the full rate.
        discount_pct: the discount on every hour beyond, in percent.
    """

    name: ClassVar[str] = "degressive"
    variant: ClassVar[Variant] = Variant.EFFORT
    traits: ClassVar[ModelTraits] = ModelTraits(client_claims=True)
    references: ClassVar[tuple[str, ...]] = ("docs: how-to/write-a-funding-model",)

    threshold_hours: Decimal = attrs.field(default=Decimal(40), converter=_decimal)
    discount_pct: Decimal = attrs.field(
        default=Decimal(25), converter=_decimal, validator=_percentage
    )

    def hours_before(self, claim: Claim, ctx: FundingContext) -> Decimal:
        """Hours of the product already booked for the claim's client in the claim's year."""
        total = Decimal(0)
        for assignment in ctx.assignments.values():
            if assignment.client != claim.client or assignment.product != claim.product:
                continue
            for (year, _month, unit), quantity in ctx.ledger.quantities(
                assignment.reference
            ).items():
                if year == claim.start.year and unit is not None and unit.is_time:
                    total += convert_quantity(quantity, unit, Unit.HOUR)
        return total

    def price(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Money:
        """Full rate up to the threshold, discounted beyond it; rounded half up once per line.

        Example: threshold 40 h, discount 25 %, € 80.00/h; 35 h already booked. A claim of
        10 h pays 5 h × € 80.00 + 5 h × € 60.00 = € 700.00.
        """
        rate, unit = self.unit_rate(claim, assignment, ctx)
        hours = convert_quantity(claim.quantity, claim.unit, Unit.HOUR)
        room = max(self.threshold_hours - self.hours_before(claim, ctx), Decimal(0))
        full = min(hours, room)
        reduced = hours - full
        per_hour = rate * convert_quantity(Decimal(1), Unit.HOUR, unit)
        amount = per_hour * full + per_hour * reduced * (1 - self.discount_pct / 100)
        return amount.rounded()
