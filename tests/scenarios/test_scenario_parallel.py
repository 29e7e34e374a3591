"""run_many: any concurrent.futures executor, results in input order."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import attrs
import pytest

from jeugdinkoop.funding import Demand, EffortBased
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Region
from jeugdinkoop.scenarios import DemandAssumption, Scenario, expand, run_many


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


def _variants(region: Region, demand: tuple[Demand, ...]) -> list[Scenario]:
    base = Scenario("basis", region, demand)
    return [
        base,
        base.with_funding("PxQ", {"VBL": EffortBased()}),
        attrs.evolve(base, name="index", indexation={2027: "3"}),
    ]


def test_thread_pool_keeps_order(region: Region, demand: tuple[Demand, ...]) -> None:
    scenarios = _variants(region, demand)
    with ThreadPoolExecutor(3) as pool:
        results = run_many(scenarios, pool)
    assert [r.name for r in results] == ["basis", "PxQ", "index"]
    assert results == [s.run() for s in scenarios]


def test_default_process_pool(region: Region, demand: tuple[Demand, ...]) -> None:
    """The default pool pickles scenarios to worker processes and back."""
    scenarios = _variants(region, demand)
    assert run_many(scenarios) == [s.run() for s in scenarios]


def test_monte_carlo_through_a_pool(region: Region, demand: tuple[Demand, ...]) -> None:
    scenarios = _variants(region, demand)[:2]
    with ThreadPoolExecutor(2) as pool:
        results = run_many(scenarios, pool, draws=10, seed=4)
    assert results == [s.run(draws=10, seed=4) for s in scenarios]


def test_nothing_to_run() -> None:
    assert run_many([]) == []


def test_dask_executor(region: Region, demand: tuple[Demand, ...]) -> None:
    """A Dask ``Client.get_executor()`` works unchanged (only when dask is installed)."""
    distributed = pytest.importorskip("distributed")
    scenarios = _variants(region, demand)
    with distributed.Client(processes=False, dashboard_address=None) as client:
        results = run_many(scenarios, client.get_executor())
    assert results == [s.run() for s in scenarios]
