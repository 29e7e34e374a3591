"""Scenario.run(draws=n, seed=s): determinism, spread bounds, stock carried over."""

from __future__ import annotations

import random
from decimal import Decimal

import attrs
import pytest

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Demand
from jeugdinkoop.identifiers import MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import DemandAssumption, Scenario, Uncertainty, expand
from jeugdinkoop.scenarios.scenario import _summary


@pytest.fixture(scope="module")
def region() -> Region:
    """Regio Voorbeeld: AMB paid by PxQ (effort), VBL by lumpsum."""
    return load_example_region()


@pytest.fixture(scope="module")
def demand() -> tuple[Demand, ...]:
    """Three municipalities × AMB and VBL, 2026–2028."""
    assumptions = [
        DemandAssumption("0001", "AMB", 100, inflow=40, outflow=30, units_per_client_month=2),
        DemandAssumption("0002", "AMB", 50, inflow=20, outflow=20, units_per_client_month=2),
        DemandAssumption("0003", "AMB", 20, inflow=10, outflow=8, units_per_client_month=3),
        DemandAssumption("0001", "VBL", 12, inflow=4, outflow=4, units_per_client_month="30.4"),
        DemandAssumption("0002", "VBL", 6, inflow=2, outflow=2, units_per_client_month="30.4"),
        DemandAssumption("0003", "VBL", 3, inflow=1, outflow=1, units_per_client_month="30.4"),
    ]
    return expand(assumptions, 2026, 2028)


def test_same_seed_same_result(region: Region, demand: tuple[Demand, ...]) -> None:
    scenario = Scenario("mc", region, demand)
    first = scenario.run(draws=40, seed=42)
    again = scenario.run(draws=40, seed=42)
    assert first == again
    assert first.seed == 42
    assert first.draws == 40
    other = scenario.run(draws=40, seed=43)
    assert other.spread != first.spread
    assert other.lines == first.lines  # the expected values do not depend on the draws


def test_spread_bounds(region: Region, demand: tuple[Demand, ...]) -> None:
    """p5 ≤ p50 ≤ p95 everywhere.

    One spread line per year and municipality plus one per year for the region:
    3 years × (3 + 1) = 12.
    """
    result = Scenario("mc", region, demand).run(draws=60, seed=1)
    assert len(result.spread) == 12
    for s in result.spread:
        assert Money.zero() <= s.p5 <= s.p50 <= s.p95
    region_lines = [s for s in result.spread if s.municipality is None]
    assert [s.year for s in region_lines] == [2026, 2027, 2028]
    expected = result.by("year", "municipality")
    for s in result.spread:
        if s.municipality is not None:
            # the expected cost falls inside a wide band around the median
            assert s.p5 * Decimal("0.5") <= expected[(s.year, s.municipality)] <= s.p95 * 2


def test_no_uncertainty_gives_the_expected_values(
    region: Region, demand: tuple[Demand, ...]
) -> None:
    """With flow and utilisation spread 0, every draw is the expectation: p5 = p50 = p95."""
    certain = Scenario("mc", region, demand, uncertainty=Uncertainty(0, 0))
    result = certain.run(draws=5, seed=3)
    expected = result.by("year", "municipality")
    for s in result.spread:
        if s.municipality is not None:
            assert s.p5 == s.p50 == s.p95 == s.mean == expected[(s.year, s.municipality)]


def test_lumpsum_has_no_spread(region: Region) -> None:
    """A lumpsum budget does not follow demand: every draw costs the same."""
    scenario = Scenario("lumpsum", region, [Demand("0001", "VBL", 2026, 10, inflow=3, outflow=3)])
    spread = scenario.run(draws=20, seed=5).spread
    assert {s.width for s in spread} == {Money.zero()}
    assert spread[0].p50 == Money("692406.00")


def test_drawn_stock_carries_over(region: Region) -> None:
    """Outflow certain (sd 0 when expected is 0) but inflow drawn: year 2's start moves.

    With one chain of two years, the second year's drawn cost differs from draw to draw
    even when only the first year's inflow varies, because the stock carries over.
    """
    demand = [
        Demand("0001", "AMB", 2026, 100, inflow=40, outflow=0, units_per_client_month=2),
        Demand("0001", "AMB", 2027, 140, inflow=0, outflow=0, units_per_client_month=2),
    ]
    scenario = Scenario("mc", region, demand, uncertainty=Uncertainty(utilisation_sd_pct=0))
    spread = {
        s.year: s
        for s in scenario.run(draws=50, seed=9).spread
        if s.municipality == MunicipalityCode("0001")
    }
    assert spread[2027].width > Money.zero()


def test_draws_are_whole_clients_and_four_decimal_factors() -> None:
    u = Uncertainty()
    rng = random.Random(0)
    for _ in range(100):
        count = u.draw_count(rng, Decimal("12.5"))
        assert count == count.to_integral_value()
        assert count >= 0
        factor = u.draw_factor(rng)
        assert factor >= 0
        assert factor == factor.quantize(Decimal("0.0001"))


def test_percentiles_nearest_rank() -> None:
    """Twenty amounts € 1 … € 20: p5 = rank ⌈1⌉ = € 1, p50 = rank 10, p95 = rank 19."""
    amounts = [Money(i) for i in range(20, 0, -1)]
    mean, p5, p50, p95 = _summary(amounts)
    assert (mean, p5, p50, p95) == (Money("10.50"), Money(1), Money(10), Money(19))


def test_negative_draws_refused(region: Region) -> None:
    with pytest.raises(InvalidValue, match="draws -1 is negative"):
        Scenario("mc", region).run(draws=-1)


def test_uncertainty_is_a_value(region: Region) -> None:
    scenario = Scenario("mc", region)
    wider = attrs.evolve(scenario, uncertainty=Uncertainty(flow_sd_pct=20, utilisation_sd_pct=15))
    assert wider.uncertainty.flow_sd_pct == Decimal(20)
    with pytest.raises(InvalidValue):
        Uncertainty(flow_sd_pct=-1)
