"""TaskBased [taakgericht: functie- en populatiebekostiging]: a budget for a task or a population."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import ClassVar

import attrs

from jeugdinkoop.codes import Variant
from jeugdinkoop.funding._annual import AnnualBudgetModel, Key, YearEnd
from jeugdinkoop.funding.base import FundingContext, ModelTraits
from jeugdinkoop.funding.lumpsum import Budget, _advances, _pct
from jeugdinkoop.funding.registry import register_funding_model
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model.fields import (
    freeze,
    non_empty,
    not_negative,
    to_agb,
    to_decimal,
    to_money,
    to_municipalities,
    to_municipality,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["PopulationRate", "ResultScore", "TaskBased"]


@attrs.frozen
class PopulationRate:
    """Population funding: a rate per inhabitant of an age band, for one provider and segment.

    Args:
        provider: the provider that carries the task.
        segment: the segment.
        year: the year.
        rate: the amount per inhabitant in the band.
        min_age: youngest age in the band (inclusive).
        max_age: oldest age in the band (inclusive).
        municipalities: where it holds; empty means every municipality of the region.

    Examples:
        >>> PopulationRate("12345678", "DYS", 2025, "55.00", 7, 12).rate
        Money('55.00')
    """

    provider: AGBCode = attrs.field(converter=to_agb)
    segment: str = attrs.field(validator=non_empty)
    year: int
    rate: Money = attrs.field(converter=to_money, validator=not_negative)
    min_age: int = 0
    max_age: int = 17
    municipalities: tuple[MunicipalityCode, ...] = attrs.field(
        default=(), converter=to_municipalities
    )


@attrs.frozen
class ResultScore:
    """How far agreed results were reached in a year (0–100 %), for the result-dependent share."""

    provider: AGBCode = attrs.field(converter=to_agb)
    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    segment: str
    year: int
    achieved_pct: Decimal = attrs.field(converter=to_decimal, validator=_pct)


@register_funding_model
@attrs.frozen(cache_hash=True)  # hashed as a memo key on every forecast
class TaskBased(AnnualBudgetModel):
    """TaskBased [taakgericht]: a budget for a function or a population, partly tied to results.

    *Function funding* (functiebekostiging) pays a fixed budget for keeping a function
    available (a crisis bed, a team); *population funding* (populatiebekostiging) pays a
    rate per inhabitant of an age band in each municipality (dyslexia care for pupils aged
    7–12, say). Both are paid ahead by schedule. Optionally ``result_share_pct`` % of the
    budget depends on agreed results: at year end it is paid in proportion to the
    :class:`ResultScore`, and what is not earned is released to the municipality
    (without a score, the result share is withheld). Claims, where agreed, are production
    reports for insight, not payments.

    Args:
        budgets: function budgets per provider, municipality, segment and year.
        population: population rates.
        result_share_pct: the share of the budget that depends on results.
        results: the scores at year end.
        advances_per_year: number of equal advances a year (12: monthly).

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.funding import FundingContext
        >>> region = load_example_region()
        >>> model = TaskBased(population=[PopulationRate("11111111", "AMB", 2025, "10.00", 7, 12)])
        >>> budgets = model.annual_budgets(2025, FundingContext(region))
        >>> sorted((m.value, str(a)) for (p, m, s), a in budgets.items())[0]
        ('0001', '€\\xa025.000,00')

    References:
        - seed 002 (Zuid-Limburg) §taakgericht: functie- and populatiebekostiging are both
          task-based; production reports may still be agreed for insight.
        - seed 001 (Achterhoek): dyslexia by population funding.
        - seed 000 (IJsselland) §HSWV: a task budget for building ambulant alternatives.

    .. versionadded:: 0.1
    """

    name: ClassVar[str] = "task"
    variant: ClassVar[Variant] = Variant.TASK
    traits: ClassVar[ModelTraits] = ModelTraits(production_reports=True, advances=True)
    references: ClassVar[tuple[str, ...]] = (
        "seed 002 §taakgericht",
        "seed 001 §dyslexie",
        "seed 000 §HSWV",
    )
    missing_budget_rule: ClassVar[str] = "JI-706"

    budgets: tuple[Budget, ...] = attrs.field(default=(), converter=freeze)
    population: tuple[PopulationRate, ...] = attrs.field(default=(), converter=freeze)
    result_share_pct: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=_pct
    )
    results: tuple[ResultScore, ...] = attrs.field(default=(), converter=freeze)
    advances_per_year: int = attrs.field(default=12, validator=_advances)

    def annual_budgets(self, year: int, ctx: FundingContext) -> dict[Key, Money]:
        """Function budgets plus rate × inhabitants in the band, per municipality."""
        result: dict[Key, Money] = defaultdict(Money.zero)
        for budget in self.budgets:
            if budget.year == year:
                result[budget.key] += budget.amount
        for rate in self.population:
            if rate.year != year:
                continue
            for municipality in ctx.region.municipalities:
                if rate.municipalities and municipality.code not in rate.municipalities:
                    continue
                inhabitants = municipality.inhabitants(rate.min_age, rate.max_age)
                result[(rate.provider, municipality.code, rate.segment)] += (
                    rate.rate * inhabitants
                ).rounded()
        return dict(result)

    def advance_parts(self, budget: Money, year: int) -> list[tuple[Period, Money]]:
        """Advances pay the fixed part only; the result share waits for the year end."""
        fixed = budget - self._result_part(budget)
        return super().advance_parts(fixed, year)

    def _result_part(self, budget: Money) -> Money:
        return (budget * self.result_share_pct / 100).rounded()

    def year_end(
        self, key: Key, year: int, budget: Money, production: Money, ctx: FundingContext
    ) -> YearEnd:
        """Pay the result share as far as results were reached; release the rest.

        The result share is part of the budget, so paying it is no adjustment beyond it.
        """
        share = self._result_part(budget)
        if share.is_zero():
            return YearEnd()
        score = next(
            (
                r
                for r in self.results
                if (r.provider, r.municipality, r.segment, r.year) == (*key, year)
            ),
            None,
        )
        earned = Money.zero() if score is None else (share * score.achieved_pct / 100).rounded()
        return YearEnd(payment=earned, released=share - earned)
