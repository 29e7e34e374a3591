"""Shared machinery of budget-funded models (lumpsum, task): yearly budgets paid ahead."""

from __future__ import annotations

import abc
import functools
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import ClassVar, Final

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

LOOK_BACK_YEARS: Final = 30
"""How many years a forecast looks back for the latest budgeted year (the year itself included)."""

_KEPT: Final = "annual budget model: budgets and latest budgeted years"
_Place = tuple[MunicipalityCode, str, AGBCode | None]
"""A municipality, a segment and a provider (``None``: every provider)."""


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
    forecast_ignores_volume: ClassVar[bool] = True
    missing_budget_rule: ClassVar[str]
    """The code of the rule a report without a budget breaks."""

    @abc.abstractmethod
    def annual_budgets(self, year: int, ctx: FundingContext) -> dict[Key, Money]:
        """The budget per provider, municipality and segment for a year.

        A function of the year, the model's parameters and ``ctx.region`` only (never of
        the ledger): :meth:`forecast` keeps each year's answer for the context's life.
        """

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

        A year beyond the budgets takes the latest budgeted year's amounts (looking back
        at most 30 years). The budgets are looked up through ``ctx`` (see
        :meth:`forecast_budgets`), so a scenario works out each year's budgets once.
        """
        clients = demand.average_clients
        budgets = self.forecast_budgets(
            demand.municipality, demand.segment, demand.year, demand.provider, ctx
        )
        if not budgets:
            return Forecast(
                [
                    ForecastLine(
                        demand.municipality, demand.segment, demand.year, Money.zero(), clients
                    )
                ]
            )
        lines = [
            ForecastLine(
                demand.municipality,
                demand.segment,
                demand.year,
                (amount * demand.price_factor).rounded(),
                clients,
                provider,
            )
            for provider, amount in budgets
        ]
        if len(lines) > 1 and clients:
            # spread the clients over providers in proportion to their budget
            total = Money.sum(line.cost for line in lines)
            lines = [
                attrs.evolve(
                    line,
                    clients=clients * line.cost.amount / total.amount if total else Decimal(0),
                )
                for line in lines
            ]
        return Forecast(lines)

    def forecast_budgets(
        self,
        municipality: MunicipalityCode,
        segment: str,
        year: int,
        provider: AGBCode | None,
        ctx: FundingContext,
    ) -> tuple[tuple[AGBCode, Money], ...]:
        """The budgets a forecast for ``year`` uses, per provider, ordered by AGB code.

        Those of ``year`` itself or else of the latest budgeted year before it, looking
        back 30 years in all (``year`` included); only ``provider``'s when one is named;
        empty when none of those years has any. Budgets follow from the model's (frozen)
        parameters and the region alone, so each year's are worked out once and kept in
        ``ctx``, and so is the latest budgeted year of each place, segment and year
        asked for.

        Examples:
            >>> from jeugdinkoop.funding.lumpsum import Budget, Lumpsum
            >>> from jeugdinkoop.io import load_example_region
            >>> model = Lumpsum(budgets=[Budget(provider="12345678", municipality="0001",
            ...                                 segment="VBL", year=2025, amount="120000.00")])
            >>> ctx = FundingContext(load_example_region())
            >>> model.forecast_budgets(MunicipalityCode("0001"), "VBL", 2030, None, ctx)
            ((AGBCode('12345678'), Money('120000.00')),)
            >>> model.forecast_budgets(MunicipalityCode("0001"), "VBL", 2024, None, ctx)
            ()
        """
        kept = ctx.remember((_KEPT, self), _Kept)
        place = (municipality, segment, provider)
        known = self._latest_budgeted_year(kept, place, year, ctx)
        if known is None:
            return ()
        return self._budgets_at(kept, place, known, ctx)

    def _budgets_at(
        self, kept: _Kept, place: _Place, year: int, ctx: FundingContext
    ) -> tuple[tuple[AGBCode, Money], ...]:
        """The budgets of exactly ``year`` for the place and segment (the provider's only)."""
        by_place = kept.by_year.get(year)
        if by_place is None:
            by_place = kept.by_year[year] = self._budgets_by_place(year, ctx)
        municipality, segment, provider = place
        found = by_place.get((municipality, segment), ())
        if provider is None:
            return found
        return tuple((p, amount) for p, amount in found if p == provider)

    def _latest_budgeted_year(
        self, kept: _Kept, place: _Place, year: int, ctx: FundingContext
    ) -> int | None:
        """The latest year with budgets among ``year`` and the years before it (30 in all).

        When the answer for the year before is known, it gives this one without looking
        back again: it was the latest in ``[year − 30, year − 1]``, so unless ``year`` has
        budgets it is the answer, or there is none when it is ``year − 30`` itself (or
        none). A scenario's consecutive years thus look back thirty years once per place
        and segment, not once per year.
        """
        known = kept.latest
        key = (place, year)
        if key in known:
            return known[key]
        previous = (place, year - 1)
        latest: int | None
        if self._budgets_at(kept, place, year, ctx):
            latest = year
        elif previous in known:
            before = known[previous]
            latest = before if before is not None and before > year - LOOK_BACK_YEARS else None
        else:
            latest = next(
                (
                    y
                    for y in range(year - 1, year - LOOK_BACK_YEARS, -1)
                    if self._budgets_at(kept, place, y, ctx)
                ),
                None,
            )
        known[key] = latest
        return latest

    def _budgets_by_place(
        self, year: int, ctx: FundingContext
    ) -> dict[tuple[MunicipalityCode, str], tuple[tuple[AGBCode, Money], ...]]:
        """A year's budgets per municipality and segment, ordered by AGB code."""
        grouped: dict[tuple[MunicipalityCode, str], list[tuple[AGBCode, Money]]] = {}
        for (p, m, s), amount in self.annual_budgets(year, ctx).items():
            grouped.setdefault((m, s), []).append((p, amount))
        return {
            place: tuple(sorted(budgets, key=lambda pa: pa[0].value))
            for place, budgets in grouped.items()
        }


@attrs.define
class _Kept:
    """What one run keeps of one model's budgets (in its context, see ``FundingContext.remember``)."""

    by_year: dict[int, dict[tuple[MunicipalityCode, str], tuple[tuple[AGBCode, Money], ...]]] = (
        attrs.Factory(dict)
    )
    """Each year's budgets per municipality and segment, ordered by AGB code."""
    latest: dict[tuple[_Place, int], int | None] = attrs.Factory(dict)
    """The latest budgeted year per municipality, segment, provider and year asked for."""
