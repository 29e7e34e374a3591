"""Scenario runs equal the straightforward computation they were made faster than.

``Scenario.run`` works out per run what no draw changes (price factors, the spread of
each line's flows, the cost of a line whose model ignores the volume) and sorts bare
amounts. The reference here is the plain loop it replaced, written with public parts
only: every line goes to ``model.forecast`` with the scenario's price factor; every draw
draws inflow, outflow and utilisation with :class:`Uncertainty`, builds the sample
with ``attrs.evolve`` and forecasts it. Results must be equal to the cent.
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.funding import (
    Arrangement,
    ArrangementMatrix,
    Budget,
    Combined,
    Demand,
    EffortBased,
    Forecast,
    FundingContext,
    FundingModel,
    Lumpsum,
    OutputBased,
    PopulationRate,
    TaskBased,
)
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import DemandAssumption, Scenario, SpreadLine, Uncertainty, expand
from jeugdinkoop.scenarios.scenario import _summary

REGION = load_example_region()
Place = tuple[int, MunicipalityCode]


def reference_lines(scenario: Scenario) -> dict[tuple[object, ...], tuple[Money, Decimal]]:
    """Cost and clients per year, municipality, segment, provider and model, line by line."""
    ctx = FundingContext(scenario.region)
    costs: dict[tuple[object, ...], list[Money]] = defaultdict(list)
    clients: dict[tuple[object, ...], Decimal] = defaultdict(Decimal)
    for demand in scenario.demand:
        model = scenario.model_for(demand.segment)
        priced = attrs.evolve(
            demand, price_factor=demand.price_factor * scenario.price_factor(demand.year)
        )
        per_provider: dict[AGBCode | None, tuple[Money, Decimal]] = {}
        for line in model.forecast(priced, ctx).lines:
            cost, count = per_provider.get(line.provider, (Money.zero(), Decimal(0)))
            per_provider[line.provider] = (cost + line.cost, max(count, line.clients))
        for provider, (cost, count) in per_provider.items():
            key = (demand.year, demand.municipality, demand.segment, provider, model.name)
            costs[key].append(cost)
            clients[key] += count
    return {key: (Money.sum(amounts), clients[key]) for key, amounts in costs.items()}


def reference_spread(scenario: Scenario, draws: int, seed: int) -> list[SpreadLine]:
    """The Monte Carlo spread by the plain loop: every line of every draw forecast afresh."""
    ctx = FundingContext(scenario.region)
    rng = random.Random(seed)
    u = scenario.uncertainty
    chains: dict[tuple[object, ...], list[Demand]] = {}
    for d in scenario.demand:
        chains.setdefault((d.municipality, d.segment, d.product, d.tier, d.provider), []).append(d)
    places = sorted(
        {(d.year, d.municipality) for d in scenario.demand}, key=lambda k: (k[0], k[1].value)
    )
    totals: dict[tuple[int, MunicipalityCode | None], list[Money]] = defaultdict(list)
    for _ in range(draws):
        drawn: dict[Place, Money] = defaultdict(Money.zero)
        for chain in chains.values():
            shift = Decimal(0)
            for d in sorted(chain, key=lambda d: d.year):
                start = max(Decimal(0), d.clients_start + shift)
                inflow = u.draw_count(rng, d.inflow)
                outflow = min(u.draw_count(rng, d.outflow), start + inflow)
                factor = u.draw_factor(rng)
                sample = attrs.evolve(
                    d,
                    clients_start=start,
                    inflow=inflow,
                    outflow=outflow,
                    units_per_client_month=d.units_per_client_month * factor,
                    price_factor=d.price_factor * scenario.price_factor(d.year),
                )
                for line in scenario.model_for(d.segment).forecast(sample, ctx).lines:
                    drawn[(d.year, d.municipality)] += line.cost
                shift = (start + inflow - outflow) - (d.clients_start + d.inflow - d.outflow)
        for place in places:
            totals[place].append(drawn[place])
        for year in {year for year, _ in places}:
            totals[(year, None)].append(Money.sum(drawn[p] for p in places if p[0] == year))
    return [SpreadLine(year, m, *_summary(amounts)) for (year, m), amounts in totals.items()]


MATRIX = ArrangementMatrix(
    cells=[
        Arrangement(profile="1", intensity="A", amount="1500.00"),
        Arrangement(profile="2", intensity="B", amount="2999.99"),
    ]
)
MODELS: list[FundingModel] = [
    EffortBased(),
    OutputBased(matrix=MATRIX),
    Lumpsum(
        budgets=[
            Budget(
                provider="11111111",
                municipality="0001",
                segment="AMB",
                year=2026,
                amount="90000.00",
            ),
            Budget(
                provider="22222222",
                municipality="0001",
                segment="AMB",
                year=2026,
                amount="45000.50",
            ),
            Budget(
                provider="11111111",
                municipality="0002",
                segment="AMB",
                year=2027,
                amount="30000.00",
            ),
        ]
    ),
    TaskBased(
        population=[
            PopulationRate(
                provider="33333333", segment="AMB", year=2026, rate="12.34", min_age=7, max_age=12
            )
        ],
        result_share_pct=10,
    ),
    Combined(
        parts=[
            EffortBased(),
            Lumpsum(
                budgets=[
                    Budget(
                        provider="11111111",
                        municipality="0003",
                        segment="AMB",
                        year=2026,
                        amount="5000.00",
                    )
                ]
            ),
        ]
    ),
]

assumptions = st.builds(
    DemandAssumption,
    municipality=st.sampled_from(["0001", "0002", "0003"]),
    segment=st.sampled_from(["AMB", "VBL"]),
    clients_start=st.integers(0, 200),
    inflow=st.integers(0, 80),
    outflow=st.integers(0, 90),
    units_per_client_month=st.decimals(0, 20, places=2),
    growth_pct=st.decimals(-10, 10, places=1),
)


def scenarios() -> st.SearchStrategy[Scenario]:
    """The example region's demand under any mix of models, indexation and uncertainty."""
    return st.builds(
        lambda items, years, amb, vbl, index, flow_sd, use_sd: Scenario(
            name="s",
            region=REGION,
            demand=expand(items, 2026, 2025 + years),
            indexation={2027: index, 2029: "2.5"},
            funding={"AMB": amb, **({"VBL": vbl} if vbl is not None else {})},
            uncertainty=Uncertainty(flow_sd_pct=flow_sd, utilisation_sd_pct=use_sd),
        ),
        st.lists(assumptions, min_size=1, max_size=4),
        st.integers(1, 5),
        st.sampled_from(MODELS),
        st.sampled_from([None, EffortBased(), MODELS[1]]),
        st.decimals(-3, 8, places=2),
        st.sampled_from([None, Decimal(0), Decimal(25)]),
        st.sampled_from([Decimal(0), Decimal(10), Decimal(40)]),
    )


def _key(s: SpreadLine) -> tuple[int, str]:
    return (s.year, "" if s.municipality is None else s.municipality.value)


@settings(deadline=None, database=None, max_examples=60)
@given(scenario=scenarios(), draws=st.integers(1, 7), seed=st.integers(0, 2**32))
def test_run_equals_the_straightforward_loop(scenario: Scenario, draws: int, seed: int) -> None:
    """Expected lines and every percentile and mean of the spread, to the cent."""
    result = scenario.run(draws=draws, seed=seed)
    assert {
        (line.year, line.municipality, line.segment, line.provider, line.model): (
            line.cost,
            line.clients,
        )
        for line in result
    } == reference_lines(scenario)
    assert sorted(result.spread, key=_key) == sorted(
        reference_spread(scenario, draws, seed), key=_key
    )
    # the reprs too: equal Decimals may still differ in their trailing zeros
    assert sorted(map(repr, result.spread)) == sorted(
        map(repr, reference_spread(scenario, draws, seed))
    )


def test_a_budget_line_is_priced_once_per_run() -> None:
    """A lumpsum line costs the same in every draw: its forecast is asked for once.

    0001 VBL in 2026 has the example region's lumpsum; 200 draws ask its model once (the
    expected value) and once more to price the line for the draws, not 200 times.
    """
    region = REGION
    asked: list[int] = []
    own = region.segment("VBL").funding
    assert isinstance(own, Lumpsum)

    class Counting(Lumpsum):
        def forecast(self, demand: Demand, ctx: FundingContext) -> Forecast:
            asked.append(demand.year)
            return super().forecast(demand, ctx)

    model = Counting(budgets=own.budgets)
    demand = DemandAssumption("0001", "VBL", 10, inflow=4, outflow=3, units_per_client_month=5)
    scenario = Scenario("lumpsum", region, demand.expand(2026, 2026), funding={"VBL": model})
    result = scenario.run(draws=200, seed=1)
    assert len(asked) == 2
    spread = next(s for s in result.spread if s.municipality is not None)
    assert spread.p5 == spread.p95 == result.total()


@attrs.frozen
class TaggedDemand(Demand):
    """A demand line with a field of its own: evolved, not rebuilt from Demand's fields."""

    tag: str = "wachtlijst"


def test_a_demand_subclass_keeps_its_type_and_fields() -> None:
    """Indexed by 3 % in 2027, 25 draws: same as the plain loop, and the model sees the tag."""
    seen: set[str] = set()

    class Looking(EffortBased):
        def forecast(self, demand: Demand, ctx: FundingContext) -> Forecast:
            assert isinstance(demand, TaggedDemand)
            seen.add(demand.tag)
            return super().forecast(demand, ctx)

    demand = [
        TaggedDemand(
            municipality="0002",
            segment="AMB",
            year=year,
            clients_start=30,
            inflow=10,
            outflow=8,
            units_per_client_month=3,
        )
        for year in (2026, 2027)
    ]
    scenario = Scenario("tagged", REGION, demand, indexation={2027: 3}, funding={"AMB": Looking()})
    result = scenario.run(draws=25, seed=3)
    assert seen == {"wachtlijst"}
    assert sorted(result.spread, key=_key) == sorted(reference_spread(scenario, 25, 3), key=_key)


@attrs.frozen
class Steady(Uncertainty):
    """Draws the expected flows and a uniform utilisation factor: a subclass's own way."""

    def draw_count(self, rng: random.Random, expected: Decimal) -> Decimal:
        rng.random()
        return expected

    def draw_factor(self, rng: random.Random) -> Decimal:
        return Decimal(round(rng.uniform(0.5, 1.5), 2))


def test_an_uncertainty_subclass_draws_its_own_way() -> None:
    """Its draw_count and draw_factor are used, not the normal draws of Uncertainty."""
    demand = DemandAssumption(
        "0003", "AMB", clients_start=20, inflow=6, outflow=5, units_per_client_month=4
    ).expand(2026, 2028)
    scenario = Scenario("steady", REGION, demand, uncertainty=Steady())
    result = scenario.run(draws=30, seed=8)
    assert sorted(result.spread, key=_key) == sorted(reference_spread(scenario, 30, 8), key=_key)
    plain = attrs.evolve(scenario, uncertainty=Uncertainty())
    assert plain.run(draws=30, seed=8).spread != result.spread
