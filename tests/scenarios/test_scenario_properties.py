"""Properties: costs are never negative and totals are the sum of the lines."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.funding import EffortBased
from jeugdinkoop.io import load_example_region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import DemandAssumption, Scenario, Uncertainty, expand

REGION = load_example_region()

assumptions = st.builds(
    DemandAssumption,
    municipality=st.sampled_from(["0001", "0002", "0003"]),
    segment=st.sampled_from(["AMB", "VBL"]),
    clients_start=st.integers(0, 500),
    inflow=st.integers(0, 300),
    outflow=st.integers(0, 400),
    units_per_client_month=st.decimals(0, 40, places=2),
    growth_pct=st.decimals(-20, 20, places=1),
)


@settings(deadline=None, database=None, max_examples=40)
@given(
    items=st.lists(assumptions, min_size=1, max_size=6),
    years=st.integers(1, 4),
    index=st.decimals(-5, 10, places=2),
    pxq=st.booleans(),
)
def test_costs_never_negative_and_totals_add_up(
    items: list[DemandAssumption], years: int, index: Decimal, pxq: bool
) -> None:
    scenario = Scenario(
        "p",
        REGION,
        expand(items, 2026, 2025 + years),
        indexation={2027: index},
        funding={"VBL": EffortBased()} if pxq else {},
    )
    result = scenario.run()
    assert all(line.cost >= Money.zero() for line in result)
    assert all(line.clients >= 0 for line in result)
    assert all(line.cost == line.cost.rounded() for line in result)
    assert result.total() == Money.sum(line.cost for line in result)
    for keys in [("year",), ("municipality",), ("year", "municipality", "segment")]:
        assert Money.sum(result.by(*keys).values()) == result.total()


@settings(deadline=None, database=None, max_examples=15)
@given(
    items=st.lists(assumptions, min_size=1, max_size=3),
    seed=st.integers(0, 2**32),
    sd=st.decimals(0, 50, places=0),
)
def test_monte_carlo_never_negative_and_ordered(
    items: list[DemandAssumption], seed: int, sd: Decimal
) -> None:
    scenario = Scenario("p", REGION, expand(items, 2026, 2027), uncertainty=Uncertainty(sd, sd))
    result = scenario.run(draws=8, seed=seed)
    for s in result.spread:
        assert Money.zero() <= s.p5 <= s.p50 <= s.p95
    assert result == scenario.run(draws=8, seed=seed)
