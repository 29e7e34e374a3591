"""Lumpsum [lumpsum, taakgericht]: a yearly budget per provider × municipality × segment."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import ClassVar

import attrs

from jeugdinkoop.codes import Variant
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding._annual import AnnualBudgetModel, Key, YearEnd
from jeugdinkoop.funding.base import FundingContext, ModelTraits
from jeugdinkoop.funding.registry import register_funding_model
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model.fields import (
    freeze,
    non_empty,
    not_negative,
    to_agb,
    to_decimal,
    to_money,
    to_municipality,
)
from jeugdinkoop.money import Money

__all__ = ["Budget", "Lumpsum"]

_ADVANCE_COUNTS = (1, 2, 3, 4, 6, 12)


@attrs.frozen
class Budget:
    """A yearly budget for one provider in one municipality for one segment.

    Examples:
        >>> Budget("12345678", "0193", "IAJ", 2025, "1200000.00").amount.format()
        '€\\xa01.200.000,00'
    """

    provider: AGBCode = attrs.field(converter=to_agb)
    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    segment: str = attrs.field(validator=non_empty)
    year: int
    amount: Money = attrs.field(converter=to_money, validator=not_negative)

    @property
    def key(self) -> Key:
        """Provider, municipality, segment."""
        return (self.provider, self.municipality, self.segment)


def _pct(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not 0 <= value <= 100:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name}: {value} is not a percentage from 0 to 100"
        )


def _advances(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value not in _ADVANCE_COUNTS:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name}: {value} does not divide a year in whole months "
            f"(one of {', '.join(map(str, _ADVANCE_COUNTS))})"
        )


@register_funding_model
@attrs.frozen(cache_hash=True)  # hashed as a memo key on every forecast
class Lumpsum(AnnualBudgetModel):
    """Lumpsum: a budget per provider, municipality, segment and year, paid ahead, settled at year end.

    The budget is paid as advances (monthly by default). Claims are production reports:
    checked (a budget must exist), valued at the contracted tariff (a report whose own
    value differs gets a JI-707 warning), never paid one by one. At year end, production is compared with the budget under the agreed rule: inside
    a corridor of ``corridor_pct`` % of the budget nothing is settled; beyond it the
    municipality pays ``overspend_share_pct`` % of the overspending above the corridor, and
    the provider pays back ``underspend_share_pct`` % of the underspending below it. The
    rest of an underspending stays with the provider (that is the point of a lumpsum).

    Args:
        budgets: the yearly budgets.
        advances_per_year: 12 (monthly), 4 (quarterly), 1 (yearly), …
        corridor_pct: the corridor, in percent of the budget.
        overspend_share_pct: share of the overspending beyond the corridor the municipality pays.
        underspend_share_pct: share of the underspending beyond the corridor paid back.

    Examples:
        >>> from jeugdinkoop.funding.lumpsum import Budget
        >>> model = Lumpsum([Budget("12345678", "0193", "IAJ", 2025, "120000.00")],
        ...                 corridor_pct=5, overspend_share_pct=50, underspend_share_pct=50)
        >>> model.corridor_pct, model.variant.label
        (Decimal('5'), 'taakgericht')

    References:
        - seed 001 (Achterhoek) §4: "lumpsum per aanbieder per gemeente", with settlement
          rules for over- and underspending.
        - funding-practice §1b: Amsterdam kernpartners; the corridor and shares are ours
          (no public Achterhoek figures).

    .. versionadded:: 0.1
    """

    name: ClassVar[str] = "lumpsum"
    variant: ClassVar[Variant] = Variant.TASK
    traits: ClassVar[ModelTraits] = ModelTraits(production_reports=True, advances=True)
    references: ClassVar[tuple[str, ...]] = ("seed 001 §4 lumpsum",)
    missing_budget_rule: ClassVar[str] = "JI-704"

    budgets: tuple[Budget, ...] = attrs.field(default=(), converter=freeze)
    advances_per_year: int = attrs.field(default=12, validator=_advances)
    corridor_pct: Decimal = attrs.field(default=Decimal(0), converter=to_decimal, validator=_pct)
    overspend_share_pct: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=_pct
    )
    underspend_share_pct: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=_pct
    )
    _index: dict[int, dict[Key, Money]] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        index: dict[int, dict[Key, Money]] = defaultdict(dict)
        for budget in self.budgets:
            if budget.key in index[budget.year]:
                raise InvalidValue(
                    f"Lumpsum.budgets: provider {budget.provider.value!r}, municipality "
                    f"{budget.municipality.value!r}, segment {budget.segment!r} has two budgets for {budget.year}"
                )
            index[budget.year][budget.key] = budget.amount
        object.__setattr__(self, "_index", dict(index))

    def annual_budgets(self, year: int, ctx: FundingContext) -> dict[Key, Money]:
        """The budgets of a year."""
        return dict(self._index.get(year, {}))  # a copy: the model stays immutable

    def year_end(
        self, key: Key, year: int, budget: Money, production: Money, ctx: FundingContext
    ) -> YearEnd:
        """Corridor settlement: nothing inside it, shares of what lies beyond it.

        Examples:
            Budget € 100.000, corridor 5 % (€ 5.000), shares 50 %. Production € 110.000 is
            € 10.000 over, € 5.000 beyond the corridor: the municipality pays € 2.500 more.

            >>> m = Lumpsum(corridor_pct=5, overspend_share_pct=50, underspend_share_pct=50)
            >>> m.year_end(None, 2025, Money("100000"), Money("110000"), None)  # type: ignore[arg-type]
            YearEnd(payment=Money('2500.00'), released=Money('0'), adjustment=Money('2500.00'))

            Production € 80.000 is € 20.000 under, € 15.000 beyond the corridor: the
            provider pays back € 7.500, which falls back to the municipality.

            >>> m.year_end(None, 2025, Money("100000"), Money("80000"), None)  # type: ignore[arg-type]
            YearEnd(payment=Money('-7500.00'), released=Money('7500.00'), adjustment=Money('-7500.00'))
        """
        corridor = budget * self.corridor_pct / 100
        difference = production - budget
        if difference > corridor:
            extra = ((difference - corridor) * self.overspend_share_pct / 100).rounded()
            return YearEnd(payment=extra, adjustment=extra)
        if -difference > corridor:
            payback = ((-difference - corridor) * self.underspend_share_pct / 100).rounded()
            return YearEnd(payment=-payback, released=payback, adjustment=-payback)
        return YearEnd()
