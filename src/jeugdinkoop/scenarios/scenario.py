"""Scenario [scenario]: a region, its demand, tariff indexation and funding per segment.

A scenario is a value: frozen, compared by its fields, varied with :func:`attrs.evolve`
(another model for a segment, another indexation) rather than by subclassing
(STYLE 10). :meth:`Scenario.run` asks each segment's funding model to
:meth:`~jeugdinkoop.funding.FundingModel.forecast` every demand line.

Examples:
    >>> import attrs
    >>> from jeugdinkoop.io import load_example_region
    >>> from jeugdinkoop.funding import EffortBased
    >>> region = load_example_region()
    >>> demand = DemandAssumption("0001", "VBL", clients_start=10, inflow=4, outflow=4,
    ...                           units_per_client_month="30.4").expand(2026, 2026)
    >>> lumpsum = Scenario("lumpsum", region, demand)
    >>> pxq = attrs.evolve(lumpsum, name="PxQ", funding={"VBL": EffortBased()})
    >>> lumpsum.run().total(), pxq.run().total()
    (Money('692406.00'), Money('626069.76'))
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Hashable, Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Demand, FundingContext, FundingModel
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Region
from jeugdinkoop.model.fields import (
    freeze,
    non_empty,
    not_negative,
    to_decimal,
    to_municipality,
    to_optional_agb,
    to_optional_product,
)
from jeugdinkoop.money import Money, exact_arithmetic
from jeugdinkoop.scenarios.result import ScenarioLine, ScenarioResult, SpreadLine

__all__ = ["DemandAssumption", "Scenario", "Uncertainty", "expand", "priced_product"]

PERCENTILES: Final = (5, 50, 95)
"""The percentiles a Monte Carlo run reports."""

_ONE: Final = Decimal(1)
_ZERO: Final = Decimal(0)
_FACTOR_PLACES: Final = 10_000  # a drawn utilisation factor is kept to four decimals


def _above_minus_100(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= -100:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name}: {value} % would leave nothing; "
            "a yearly change must be above -100"
        )


def _positive(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise InvalidValue(f"{type(instance).__name__}.{attribute.name}: {value} must be above 0")


@attrs.frozen
class DemandAssumption:
    """DemandAssumption [vraagaanname]: one municipality's demand for a segment, as flows.

    A compact way to write demand for several years: :meth:`expand` turns it into one
    :class:`~jeugdinkoop.funding.Demand` per year by stock and flow — the clients at the
    start of year *n + 1* are those at the start of year *n* plus its inflow minus its
    outflow. The inflow grows by ``growth_pct`` a year (compounding); the outflow stays
    as given, but never more clients leave in a year than were in care.

    Args:
        municipality: the municipality (CBS code).
        segment: the segment code.
        clients_start: clients in care on 1 January of the first year.
        inflow: clients starting care in the first year.
        outflow: clients ending care each year.
        units_per_client_month: utilisation: care per client per month, in the unit of
            the product's tariff (hours, days, …).
        duration: the average length of a trajectory in months (output-based models).
        growth_pct: yearly growth of the inflow in percent (``"2.5"``; negative shrinks).
        product: the product whose tariff prices the care (default: the segment's first).
        tier: the tariff tier or arrangement cell (``"profile/intensity"``).
        provider: the provider, when demand is split per provider.

    Examples:
        Start 100, inflow 40 growing 10 % a year, outflow 30:

        >>> a = DemandAssumption("0001", "AMB", clients_start=100, inflow=40, outflow=30,
        ...                      units_per_client_month=2, growth_pct=10)
        >>> [(d.year, d.clients_start, d.inflow, d.outflow) for d in a.expand(2026, 2028)]
        [(2026, Decimal('100'), Decimal('40'), Decimal('30')),
         (2027, Decimal('110'), Decimal('44.0'), Decimal('30')),
         (2028, Decimal('124.0'), Decimal('48.40'), Decimal('30'))]

    .. versionadded:: 0.1
    """

    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    segment: str = attrs.field(validator=non_empty)
    clients_start: Decimal = attrs.field(converter=to_decimal, validator=not_negative)
    inflow: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=not_negative)
    outflow: Decimal = attrs.field(default=_ZERO, converter=to_decimal, validator=not_negative)
    units_per_client_month: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=not_negative
    )
    duration: Decimal = attrs.field(default=Decimal(12), converter=to_decimal, validator=_positive)
    growth_pct: Decimal = attrs.field(
        default=_ZERO, converter=to_decimal, validator=_above_minus_100
    )
    product: ProductCode | None = attrs.field(default=None, converter=to_optional_product)
    tier: str | None = None
    provider: AGBCode | None = attrs.field(default=None, converter=to_optional_agb)

    def expand(self, first_year: int, last_year: int) -> tuple[Demand, ...]:
        """One :class:`~jeugdinkoop.funding.Demand` per year from ``first_year`` to ``last_year``.

        Raises:
            InvalidValue: when ``last_year`` is before ``first_year``.

        Examples:
            >>> d = DemandAssumption("0001", "AMB", 5, inflow=1, outflow=9).expand(2026, 2027)
            >>> [(x.clients_start, x.outflow) for x in d]
            [(Decimal('5'), Decimal('6')), (Decimal('0'), Decimal('1'))]
        """
        if last_year < first_year:
            raise InvalidValue(
                f"DemandAssumption.expand: last year {last_year} is before first year {first_year}"
            )
        growth = _ONE + self.growth_pct / 100
        start, inflow = self.clients_start, self.inflow
        result = []
        for year in range(first_year, last_year + 1):
            outflow = min(self.outflow, start + inflow)
            result.append(
                Demand(
                    self.municipality,
                    self.segment,
                    year,
                    clients_start=start,
                    inflow=inflow,
                    outflow=outflow,
                    units_per_client_month=self.units_per_client_month,
                    average_duration_months=self.duration,
                    product=self.product,
                    tier=self.tier,
                    provider=self.provider,
                )
            )
            start = start + inflow - outflow
            inflow = inflow * growth
        return tuple(result)


def expand(
    assumptions: Iterable[DemandAssumption], first_year: int, last_year: int
) -> tuple[Demand, ...]:
    """Expand several assumptions over the same years (see :meth:`DemandAssumption.expand`).

    Examples:
        >>> len(expand([DemandAssumption("0001", "AMB", 10), DemandAssumption("0002", "AMB", 5)],
        ...            2026, 2030))
        10
    """
    return tuple(d for a in assumptions for d in a.expand(first_year, last_year))


def _optional_pct(value: object) -> Decimal | None:
    return None if value is None else to_decimal(value)


def _not_negative_optional(
    instance: object, attribute: attrs.Attribute[Decimal | None], value: Decimal | None
) -> None:
    if value is not None and value < 0:
        raise InvalidValue(f"Uncertainty.{attribute.name}: {value} is negative; must be >= 0")


@attrs.frozen
class Uncertainty:
    """How a Monte Carlo run draws demand (``Scenario.run(draws=n)``).

    Per demand line and draw, in a fixed order from one :class:`random.Random` seeded by
    the run: the inflow and the outflow are each drawn from a normal distribution around
    the expected number, rounded to whole clients and never below 0 (an outflow never
    above the clients in care); the utilisation per client is the expected one times a
    factor from a normal distribution around 1, never below 0, kept to four decimals.
    Drawn numbers become ``Decimal`` before any money is computed. A year's drawn net
    flow carries over to the next year's clients at start (stock and flow).

    Args:
        flow_sd_pct: the standard deviation of inflow and outflow in percent of the
            expected number; ``None`` (default) uses √expected, the spread of a Poisson
            count.
        utilisation_sd_pct: the standard deviation of the utilisation factor, in percent.

    Examples:
        >>> u = Uncertainty(utilisation_sd_pct=0)
        >>> rng = random.Random(1)
        >>> u.draw_count(rng, Decimal(0)), u.draw_factor(rng)
        (Decimal('0'), Decimal('1'))

    .. versionadded:: 0.1
    """

    flow_sd_pct: Decimal | None = attrs.field(
        default=None, converter=_optional_pct, validator=_not_negative_optional
    )
    utilisation_sd_pct: Decimal = attrs.field(
        default=Decimal(10), converter=to_decimal, validator=not_negative
    )

    def draw_count(self, rng: random.Random, expected: Decimal) -> Decimal:
        """A whole number of clients around ``expected`` (always one draw from ``rng``)."""
        value = rng.gauss(*self.count_spread(expected))
        return Decimal(max(0, round(value)))

    def count_spread(self, expected: Decimal) -> tuple[float, float]:
        """The mean and standard deviation :meth:`draw_count` draws a count from.

        Examples:
            >>> Uncertainty().count_spread(Decimal(16)), Uncertainty(flow_sd_pct=10).count_spread(Decimal(16))
            ((16.0, 4.0), (16.0, 1.6))
        """
        mean = float(expected)
        sd = (
            math.sqrt(max(mean, 0.0))
            if self.flow_sd_pct is None
            else mean * float(self.flow_sd_pct) / 100
        )
        return mean, sd

    def draw_factor(self, rng: random.Random) -> Decimal:
        """A utilisation factor around 1, four decimals (always one draw from ``rng``)."""
        value = rng.gauss(1.0, float(self.utilisation_sd_pct) / 100)
        return Decimal(max(0, round(value * _FACTOR_PLACES))) / _FACTOR_PLACES


def _to_indexation(
    value: Mapping[int, Decimal | int | str] | Iterable[tuple[int, Decimal | int | str]],
) -> tuple[tuple[int, Decimal], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    result: dict[int, Decimal] = {}
    for year, pct in items:
        number = int(year)
        if number in result:
            raise InvalidValue(f"Scenario.indexation: year {number} occurs twice")
        change = to_decimal(pct)
        if change <= -100:
            raise InvalidValue(f"Scenario.indexation[{number}]: {change} % must be above -100")
        result[number] = change
    return tuple(sorted(result.items()))


def _to_funding(
    value: Mapping[str, FundingModel] | Iterable[tuple[str, FundingModel]],
) -> tuple[tuple[str, FundingModel], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    result: dict[str, FundingModel] = {}
    for segment, model in items:
        if not isinstance(model, FundingModel):
            raise InvalidValue(
                f"Scenario.funding[{segment!r}]: {model!r} is not a FundingModel instance"
            )
        result[str(segment)] = model
    return tuple(sorted(result.items()))


def _demand_problems(where: str, d: Demand) -> list[str]:
    """What is wrong with a demand line's numbers (a Demand itself checks none)."""
    problems = [
        f"{where}.{field}: {getattr(d, field)} is negative"
        for field in (
            "clients_start",
            "inflow",
            "outflow",
            "units_per_client_month",
            "price_factor",
        )
        if getattr(d, field) < 0
    ]
    if d.outflow > d.clients_start + d.inflow:
        problems.append(
            f"{where}.outflow: {d.outflow} is more than the {d.clients_start + d.inflow} "
            "clients in care in the year"
        )
    return problems


@attrs.frozen
class Scenario:
    """Scenario [scenario]: a region, demand per municipality × segment × year, and how it is paid.

    Construction checks that every demand line names a member municipality and a segment
    of the region, has no negative numbers and no more outflow than clients, and that
    every demanded segment has a funding model (an override or the region's own).

    Args:
        name: a short name, unique among scenarios compared.
        region: the region.
        demand: demand lines (build them with :class:`DemandAssumption`).
        indexation: tariff indexation in percent per year, from 1 January
            (``{2027: "3.0"}``), compounding; on top of the region's tariff table.
        funding: funding models per segment code that replace the region's own.
        uncertainty: how Monte Carlo runs draw demand.
        label: a longer description for reports.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> region = load_example_region()
        >>> s = Scenario("basis", region, indexation={2027: "4.91", 2028: 3})
        >>> s.price_factor(2026), s.price_factor(2028)
        (Decimal('1'), Decimal('1.080573'))
        >>> s.model_for("VBL").name
        'lumpsum'

    .. versionadded:: 0.1
    """

    name: str = attrs.field(validator=non_empty)
    region: Region
    demand: tuple[Demand, ...] = attrs.field(
        default=(),
        converter=freeze,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Demand)),
    )
    indexation: tuple[tuple[int, Decimal], ...] = attrs.field(default=(), converter=_to_indexation)
    funding: tuple[tuple[str, FundingModel], ...] = attrs.field(default=(), converter=_to_funding)
    uncertainty: Uncertainty = attrs.field(factory=Uncertainty)
    label: str = ""
    _models: dict[str, FundingModel] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        here = f"Scenario {self.name!r}"
        known = {s.code for s in self.region.all_segments()}
        problems = [
            f"{here}.funding: {segment!r} is not a segment of region {self.region.code!r}"
            for segment, _ in self.funding
            if segment not in known
        ]
        models: dict[str, FundingModel] = {}
        for i, d in enumerate(self.demand):
            where = f"{here}.demand[{i}] ({d.municipality.value} {d.segment} {d.year})"
            if not self.region.has_municipality(d.municipality):
                problems.append(
                    f"{where}.municipality: not a member of region {self.region.code!r}"
                )
            if d.segment not in known:
                problems.append(f"{where}.segment: not a segment of region {self.region.code!r}")
            elif d.segment not in models:
                try:
                    models[d.segment] = self._resolve(d.segment)
                except LookupError as err:
                    problems.append(f"{where}.segment: {err}")
            problems += _demand_problems(where, d)
        if problems:
            raise InvalidValue("\n".join(problems))
        object.__setattr__(self, "_models", models)

    def _resolve(self, segment: str) -> FundingModel:
        overrides = dict(self.funding)
        for part in reversed(self.region.segment_path(segment)):
            model = overrides.get(part.code, part.funding)
            if model is not None:
                if not isinstance(model, FundingModel):
                    raise LookupError(f"segment {part.code!r}: {model!r} is not a FundingModel")
                return model
        raise LookupError(
            f"segment {segment!r} of region {self.region.code!r} has no funding model; "
            "name one in Scenario.funding"
        )

    # -- what the scenario holds --------------------------------------------------------
    def model_for(self, segment: str) -> FundingModel:
        """The funding model that pays for a segment in this scenario.

        The nearest of the segment and its parents with an override in :attr:`funding` or
        a model of its own; an override wins over the region's model on the same level.

        Raises:
            LookupError: when none has a model.
        """
        return self._models.get(segment) or self._resolve(segment)

    def price_factor(self, year: int) -> Decimal:
        """The cumulative indexation factor for a year: Π (1 + pct/100) of the years up to it."""
        factor = _ONE
        for from_year, pct in self.indexation:
            if from_year <= year:
                factor *= _ONE + pct / 100
        return factor

    @property
    def years(self) -> tuple[int, ...]:
        """The years the demand covers, in order."""
        return tuple(sorted({d.year for d in self.demand}))

    def with_funding(self, name: str, models: Mapping[str, FundingModel]) -> Scenario:
        """A variant named ``name`` with these models added to (or replacing) the overrides.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> from jeugdinkoop.funding import EffortBased
            >>> base = Scenario("basis", load_example_region())
            >>> v = base.with_funding("PxQ", {"VBL": EffortBased()})
            >>> v.name, v.model_for("VBL").name
            ('PxQ', 'effort')
        """
        return attrs.evolve(self, name=name, funding={**dict(self.funding), **models})

    # -- running ------------------------------------------------------------------------
    @exact_arithmetic
    def run(
        self, draws: int = 0, seed: int = 0, *, progress: Callable[[int], object] | None = None
    ) -> ScenarioResult:
        """Forecast the cost of every demand line; with ``draws``, also a Monte Carlo spread.

        The lines are expected values: each demand line, with its price factor times the
        scenario's indexation, goes to its segment's model's ``forecast``. With
        ``draws > 0`` the demand is also drawn ``draws`` times as :class:`Uncertainty`
        says, from ``random.Random(seed)``; the result's ``spread`` holds the 5th, 50th
        and 95th percentile of the total cost per year and municipality. The same seed
        gives the same result.

        Args:
            draws: the number of Monte Carlo draws (0: expected values only).
            seed: the seed of the draws.
            progress: called with the number of draws just done (1 at a time), for a
                progress bar; it does not change the result.

        Raises:
            InvalidValue: when ``draws`` is negative.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> demand = DemandAssumption("0001", "AMB", 100, inflow=40, outflow=30,
            ...                           units_per_client_month=2).expand(2025, 2025)
            >>> result = Scenario("basis", load_example_region(), demand).run(draws=50, seed=7)
            >>> result.lines[0].cost
            Money('196560.00')
            >>> s = result.spread[0]
            >>> s.p5 <= s.p50 <= s.p95, result.draws
            (True, 50)
        """
        if draws < 0:
            raise InvalidValue(f"Scenario.run: draws {draws} is negative")
        ctx = FundingContext(self.region)
        factors = self._price_factors()
        # per year, municipality, segment, provider and model: the costs and the clients
        totals: dict[
            tuple[int, MunicipalityCode, str, AGBCode | None, str],
            tuple[list[Money], list[Decimal]],
        ] = {}
        for demand in self.demand:
            model = self._models[demand.segment]
            for provider, cost, count in self._forecast(demand, model, ctx, factors[demand.year]):
                key = (demand.year, demand.municipality, demand.segment, provider, model.name)
                found = totals.get(key)
                if found is None:
                    totals[key] = ([cost], [count])
                else:
                    found[0].append(cost)
                    found[1].append(count)
        lines = [
            ScenarioLine(*key, cost=_total(costs), clients=sum(counts, _ZERO))
            for key, (costs, counts) in totals.items()
        ]
        spread = self._simulate(ctx, draws, seed, factors, progress) if draws else ()
        return ScenarioResult(
            self.name,
            self.region.code,
            lines,
            spread,
            draws,
            seed if draws else None,
            labels=[(m.code, m.name) for m in self.region.municipalities],
        )

    def _price_factors(self) -> dict[int, Decimal]:
        """:meth:`price_factor` of every demanded year, worked out once per run."""
        return {year: self.price_factor(year) for year in {d.year for d in self.demand}}

    def _forecast(
        self, demand: Demand, model: FundingModel, ctx: FundingContext, factor: Decimal
    ) -> list[tuple[AGBCode | None, Money, Decimal]]:
        """The forecast of one demand line per provider: cost summed, clients counted once.

        ``factor`` is the scenario's :meth:`price_factor` for the demand's year.
        """
        if factor != _ONE:
            demand = _evolve(demand, price_factor=demand.price_factor * factor)
        lines = model.forecast(demand, ctx).lines
        if len(lines) == 1:
            line = lines[0]
            return [(line.provider, line.cost, line.clients)]
        per_provider: dict[AGBCode | None, tuple[Money, Decimal]] = {}
        for line in lines:
            cost, count = per_provider.get(line.provider, (Money.zero(), _ZERO))
            # a Combined model forecasts the same clients once per part: count them once
            per_provider[line.provider] = (cost + line.cost, max(count, line.clients))
        return [(p, cost, count) for p, (cost, count) in per_provider.items()]

    def _chains(self) -> list[list[Demand]]:
        """Demand lines that follow one another in time (same place, segment and product)."""
        chains: dict[Hashable, list[Demand]] = {}
        for d in self.demand:
            key = (d.municipality, d.segment, d.product, d.tier, d.provider)
            chains.setdefault(key, []).append(d)
        return [sorted(chain, key=lambda d: d.year) for chain in chains.values()]

    def _simulate(
        self,
        ctx: FundingContext,
        draws: int,
        seed: int,
        factors: dict[int, Decimal],
        progress: Callable[[int], object] | None = None,
    ) -> tuple[SpreadLine, ...]:
        rng = random.Random(seed)
        gauss = rng.gauss
        places = sorted(
            {(d.year, d.municipality) for d in self.demand}, key=lambda k: (k[0], k[1].value)
        )
        slot = {place: i for i, place in enumerate(places)}
        years = {year for year, _ in places}  # the order the year totals first appear in
        year_slots = {year: [i for i, (y, _) in enumerate(places) if y == year] for year in years}
        uncertainty = self.uncertainty
        inline = type(uncertainty) is Uncertainty
        utilisation_sd = float(uncertainty.utilisation_sd_pct) / 100
        # Everything about a demand line that no draw changes is worked out once: the
        # spread of its flows and, for a model whose forecast ignores the volume (budgets),
        # its cost. The draws and the sums are those of the straightforward loop, in the
        # same order, so a seed gives the same result to the cent.
        chains = [
            [
                _Step(
                    demand=d,
                    slot=slot[(d.year, d.municipality)],
                    model=self._models[d.segment],
                    price_factor=d.price_factor * factors[d.year]
                    if factors[d.year] != _ONE
                    else d.price_factor,
                    inflow=self.uncertainty.count_spread(d.inflow),
                    outflow=self.uncertainty.count_spread(d.outflow),
                    expected_end=d.clients_start + d.inflow - d.outflow,
                    kept={
                        alias: getattr(d, name)
                        for name, alias in _DEMAND_FIELDS
                        if name not in _DRAWN
                    }
                    if type(d) is Demand
                    else None,
                    costs=tuple(
                        cost.amount
                        for _p, cost, _c in self._forecast(
                            d, self._models[d.segment], ctx, factors[d.year]
                        )
                    )
                    if self._models[d.segment].forecast_ignores_volume
                    else None,
                )
                for d in chain
            ]
            for chain in self._chains()
        ]
        amounts: list[list[Decimal]] = [[] for _ in places]
        year_amounts: dict[int, list[Decimal]] = {year: [] for year in years}
        for _ in range(draws):
            if progress is not None:
                progress(1)
            drawn = [_ZERO] * len(places)
            for chain in chains:
                shift = _ZERO  # the drawn stock minus the expected stock, carried over
                for step in chain:
                    d = step.demand
                    start = max(_ZERO, d.clients_start + shift)
                    factor: Decimal | None = None
                    if inline:
                        # Uncertainty.draw_count and .draw_factor, their spreads worked out once
                        inflow = Decimal(max(0, round(gauss(*step.inflow))))
                        outflow = min(Decimal(max(0, round(gauss(*step.outflow)))), start + inflow)
                        drawn_factor = gauss(1.0, utilisation_sd)
                    else:  # a subclass of Uncertainty draws its own way
                        inflow = uncertainty.draw_count(rng, d.inflow)
                        outflow = min(uncertainty.draw_count(rng, d.outflow), start + inflow)
                        factor = uncertainty.draw_factor(rng)
                    if step.costs is not None:
                        for fixed in step.costs:
                            drawn[step.slot] += fixed
                    else:
                        if factor is None:
                            factor = (
                                Decimal(max(0, round(drawn_factor * _FACTOR_PLACES)))
                                / _FACTOR_PLACES
                            )
                        units = d.units_per_client_month * factor
                        sample = (
                            Demand(
                                **step.kept,
                                clients_start=start,
                                inflow=inflow,
                                outflow=outflow,
                                units_per_client_month=units,
                                price_factor=step.price_factor,
                            )
                            if step.kept is not None
                            else attrs.evolve(
                                d,
                                clients_start=start,
                                inflow=inflow,
                                outflow=outflow,
                                units_per_client_month=units,
                                price_factor=step.price_factor,
                            )
                        )
                        for _p, priced, _c in self._forecast(sample, step.model, ctx, _ONE):
                            drawn[step.slot] += priced.amount
                    shift = (start + inflow - outflow) - step.expected_end
            for i, amount in enumerate(drawn):
                amounts[i].append(amount)
            for year in years:
                year_amounts[year].append(sum((drawn[i] for i in year_slots[year]), _ZERO))
        return (
            *(
                SpreadLine(year, municipality, *_summary_amounts(amounts[i]))
                for i, (year, municipality) in enumerate(places)
            ),
            *(SpreadLine(year, None, *_summary_amounts(year_amounts[year])) for year in years),
        )


@attrs.frozen
class _Step:
    """One demand line of a Monte Carlo chain, with what no draw changes worked out."""

    demand: Demand
    slot: int
    """Where its cost is added up: the index of its (year, municipality)."""
    model: FundingModel
    price_factor: Decimal
    """Its price factor times the scenario's for its year (as :meth:`Scenario._forecast` has it)."""
    inflow: tuple[float, float]
    """Mean and standard deviation of the drawn inflow."""
    outflow: tuple[float, float]
    """Mean and standard deviation of the drawn outflow."""
    expected_end: Decimal
    """The expected clients at the end of the year."""
    costs: tuple[Decimal, ...] | None
    """The cost per provider when the model's forecast ignores the volume, else ``None``."""
    kept: dict[str, Any] | None
    """The fields no draw changes, as :class:`~jeugdinkoop.funding.Demand` takes them
    (``None`` for a subclass of it, which is evolved instead)."""


_DEMAND_FIELDS: Final[tuple[tuple[str, str], ...]] = tuple(
    (a.name, a.alias or a.name) for a in attrs.fields(Demand) if a.init
)
"""The fields of a :class:`~jeugdinkoop.funding.Demand` and the names it takes them by."""


_DRAWN: Final = frozenset(
    ("clients_start", "inflow", "outflow", "units_per_client_month", "price_factor")
)
"""The fields of a demand line a Monte Carlo draw sets."""


def _evolve(demand: Demand, **changes: Any) -> Demand:
    """``attrs.evolve(demand, **changes)``, a third quicker: the fields are looked up once."""
    if type(demand) is not Demand:  # a subclass may have fields of its own
        return attrs.evolve(demand, **changes)
    arguments = {alias: getattr(demand, name) for name, alias in _DEMAND_FIELDS}
    arguments.update(changes)
    return Demand(**arguments)


def _total(costs: list[Money]) -> Money:
    """``Money.sum(costs)``, the same additions in the same order, without re-checking."""
    total = Money.zero()
    for cost in costs:
        total += cost
    return total


def _summary(amounts: list[Money]) -> tuple[Money, Money, Money, Money]:
    """Mean (half up to cents) and the nearest-rank percentiles of :data:`PERCENTILES`."""
    return _summary_amounts([m.amount for m in amounts])


def _summary_amounts(amounts: list[Decimal]) -> tuple[Money, Money, Money, Money]:
    """:func:`_summary` of bare amounts (sorting ``Decimal`` is much cheaper than ``Money``)."""
    ordered = sorted(amounts)
    n = len(ordered)
    mean = (Money(sum(ordered, _ZERO)) / n).rounded()
    p5, p50, p95 = (Money(ordered[max(1, -(-p * n // 100)) - 1]) for p in PERCENTILES)
    return mean, p5, p50, p95


def priced_product(region: Region, segment: str, on: date) -> tuple[ProductCode | None, str | None]:
    """A product of a segment (or its subsegments) with a regional tariff by ``on``, and its tier.

    Handy to price illustrative demand for a whole region: the first catalog product of
    the segment whose regional (not provider-specific) tariff has started by that day.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.io import load_example_region
        >>> priced_product(load_example_region(), "VBL", date(2026, 1, 1))
        (ProductCode('44A01'), None)
    """
    codes = {s.code for s in region.segment(segment).walk()}
    for product in region.catalog:
        if product.segment not in codes:
            continue
        tariffs = [
            t
            for t in region.tariffs.for_product(product.code)
            if t.provider is None and t.period.start <= on
        ]
        if tariffs:
            return product.code, tariffs[-1].tier
    return None, None
