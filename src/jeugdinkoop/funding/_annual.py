"""Shared machinery of budget-funded models (lumpsum, task): yearly budgets paid ahead."""

from __future__ import annotations

import abc
import functools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import ClassVar

import attrs

from jeugdinkoop.errors import InvalidValue, TariffNotFound
from jeugdinkoop.funding.base import (
    Demand,
    Forecast,
    ForecastLine,
    FundingContext,
    FundingModel,
    Settlement,
    SettlementLine,
)
from jeugdinkoop.funding.ledger import Entry, EntryKind
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model import Assignment, Claim
from jeugdinkoop.model.findings import RULES, Finding
from jeugdinkoop.money import Money, exact_arithmetic
from jeugdinkoop.periods import Period

Key = tuple[AGBCode, MunicipalityCode, str]


@attrs.frozen
class YearEnd:
    """The year-end settlement of one budget.

    Attributes:
        payment: paid at year end (negative: paid back by the provider).
        released: budget that falls back to the municipality.
        adjustment: the part of ``payment`` that lies beyond the budget (over- or
            underspending settled); a result share paid out of the budget is not one.
    """

    payment: Money = Money.zero()
    released: Money = Money.zero()
    adjustment: Money = Money.zero()


@functools.lru_cache(maxsize=4096)
def _advance_parts(n: int, budget: Money, year: int) -> tuple[tuple[Period, Money], ...]:
    """The ``n`` advances of a year's budget with the months each covers.

    Cached: settling a period asks for them once per calendar month in it.
    """
    parts = budget.allocate([1] * n)
    months_each = 12 // n
    result = []
    for i, part in enumerate(parts):
        first = Period.month(year, i * months_each + 1)
        last = Period.month(year, (i + 1) * months_each)
        result.append((Period(first.start, last.end), part))
    return tuple(result)


class AnnualBudgetModel(FundingModel):
    """Base of models that pay a yearly budget per provider × municipality × segment.

    The budget is paid ahead in ``advances_per_year`` equal parts (to the cent, the
    parts add up exactly); claims are production reports, valued at the contracted tariff (PxQ).
    At year end :meth:`year_end` decides an adjustment (paid on top, or paid back) and
    what is released to the municipality.
    """

    advances_per_year: int
    missing_budget_rule: ClassVar[str]
    """The code of the rule a report without a budget breaks."""

    @abc.abstractmethod
    def annual_budgets(self, year: int, ctx: FundingContext) -> dict[Key, Money]:
        """The budget per provider, municipality and segment for a year."""

    @abc.abstractmethod
    def year_end(
        self, key: Key, year: int, budget: Money, production: Money, ctx: FundingContext
    ) -> YearEnd:
        """What is paid, released and settled beyond the budget at the end of a year."""

    def check(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Iterable[Finding]:
        """A production report needs a budget for its provider, municipality, segment and year.

        A report whose value differs from its value at the contracted tariff is flagged
        (JI-707, a warning): it is booked at the tariff's value, see :meth:`price`.
        """
        subject = f"claim {claim.reference}"
        if self.budget_key(claim, ctx) is None:
            return [
                RULES[self.missing_budget_rule].finding(
                    subject,
                    "provider",
                    provider=claim.provider,
                    municipality=claim.municipality,
                    segment=ctx.segment_of(claim.product),
                    year=claim.start.year,
                )
            ]
        priced = self.price(claim, assignment, ctx)
        if priced != claim.amount:
            return [
                RULES["JI-707"].finding(subject, "amount", reported=claim.amount, priced=priced)
            ]
        return []

    def price(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Money:
        """A production report is valued at the contracted tariff (PxQ), not at what it reports.

        It is recorded, not paid, but the year-end corridor settles on these values, so
        they must be checked figures. Only a product without any tariff (a pure task
        report) keeps the value it reports.
        """
        try:
            return self.pxq(claim, assignment, ctx)
        except (TariffNotFound, InvalidValue):
            return claim.amount

    def budget_key(self, claim: Claim, ctx: FundingContext) -> Key | None:
        """The budget a claim reports against: its segment or the nearest parent with one."""
        budgets = self.annual_budgets(claim.start.year, ctx)
        for segment in reversed(ctx.region.segment_path(ctx.segment_of(claim.product))):
            key = (claim.provider, claim.municipality, segment.code)
            if key in budgets:
                return key
        return None

    def advance_parts(self, budget: Money, year: int) -> list[tuple[Period, Money]]:
        """The advances of a year's budget with the months each covers."""
        return list(_advance_parts(self.advances_per_year, budget, year))

    def _top_segment(self, segment: str, keys: Iterable[str], ctx: FundingContext) -> str | None:
        codes = set(keys)
        for seg in reversed(ctx.region.segment_path(segment)):
            if seg.code in codes:
                return seg.code
        return None

    @exact_arithmetic
    def settle(self, period: Period, ctx: FundingContext) -> Settlement:
        """Advances due in the period; at year end, the adjustment and the release."""
        if period.end is None:
            raise ValueError(f"cannot settle the open period {period}")
        lines: list[SettlementLine] = []
        postings: list[Entry] = []
        for year in range(period.start.year, period.end.year + 1):
            budgets = {
                k: v for k, v in self.annual_budgets(year, ctx).items() if ctx.in_scope(k[2])
            }
            if not budgets:
                continue
            in_period = self._production(year, budgets, ctx, period)
            production: dict[Key, Money] | None = None
            year_end = date(year, 12, 31)
            for key, budget in sorted(
                budgets.items(), key=lambda kv: (kv[0][0].value, kv[0][1].value, kv[0][2])
            ):
                payable = Money.sum(
                    part
                    for months, part in self.advance_parts(budget, year)
                    if period.contains(months.start)
                )
                settled = YearEnd()
                if period.contains(year_end):
                    if production is None:  # the whole year's, only when its end is settled
                        production = self._production(year, budgets, ctx)
                    settled = self.year_end(
                        key, year, budget, production.get(key, Money.zero()), ctx
                    )
                    if not settled.payment.is_zero() or not settled.released.is_zero():
                        postings.append(
                            Entry(
                                EntryKind.ADJUSTMENT,
                                f"year-end {year} {key[0]} {key[1]} {key[2]}",
                                *key,
                                Period(year_end, year_end),
                                settled.payment,
                                value=settled.released,
                            )
                        )
                touches = period.intersection(Period.year(year)) is not None
                lines.append(
                    SettlementLine(
                        *key,
                        claimed=in_period.get(key, Money.zero()),
                        payable=payable + settled.payment,
                        released=settled.released,
                        budget=budget if touches else None,
                        adjustment=settled.adjustment,
                    )
                )
        return self.finish(period, lines, ctx, postings, EntryKind.ADVANCE)

    def _production(
        self,
        year: int,
        budgets: dict[Key, Money],
        ctx: FundingContext,
        within: Period | None = None,
    ) -> dict[Key, Money]:
        segments_by_pm: dict[tuple[AGBCode, MunicipalityCode], set[str]] = defaultdict(set)
        for p, m, s in budgets:
            segments_by_pm[(p, m)].add(s)
        window = Period.year(year) if within is None else (within.intersection(Period.year(year)))
        result: dict[Key, Money] = defaultdict(Money.zero)
        if window is None:
            return result
        for entry in ctx.ledger.in_period(window):
            if entry.kind is not EntryKind.PRODUCTION:
                continue
            segments = segments_by_pm.get((entry.provider, entry.municipality))
            if not segments:
                continue
            top = self._top_segment(entry.segment, segments, ctx)
            if top is not None:
                result[(entry.provider, entry.municipality, top)] += entry.value
        return result

    def forecast(self, demand: Demand, ctx: FundingContext) -> Forecast:
        """The year's budgets for the municipality and segment, indexed by ``price_factor``.

        A year beyond the budgets takes the latest budgeted year's amounts.
        """
        year = demand.year
        known = [y for y in range(year, year - 30, -1) if self._for(demand, y, ctx)]
        if not known:
            return Forecast(
                [
                    ForecastLine(
                        demand.municipality,
                        demand.segment,
                        year,
                        Money.zero(),
                        demand.average_clients,
                    )
                ]
            )
        lines = [
            ForecastLine(
                demand.municipality,
                demand.segment,
                year,
                (amount * demand.price_factor).rounded(),
                demand.average_clients,
                provider,
            )
            for provider, amount in sorted(
                self._for(demand, known[0], ctx).items(), key=lambda kv: kv[0].value
            )
        ]
        if len(lines) > 1 and demand.average_clients:
            # spread the clients over providers in proportion to their budget
            total = Money.sum(line.cost for line in lines)
            lines = [
                attrs.evolve(
                    line,
                    clients=demand.average_clients * line.cost.amount / total.amount
                    if total
                    else Decimal(0),
                )
                for line in lines
            ]
        return Forecast(lines)

    def _for(self, demand: Demand, year: int, ctx: FundingContext) -> dict[AGBCode, Money]:
        return {
            p: amount
            for (p, m, s), amount in self.annual_budgets(year, ctx).items()
            if m == demand.municipality and s == demand.segment and (demand.provider in (None, p))
        }
