"""run_many on a real Dask cluster: scenarios pickled to a worker process and back.

``nox -s tests`` installs the ``dask`` extra (through ``test``), so this runs there; a
bare ``pytest`` without the extra skips it. The cluster is as small as a 2-core CI
machine allows: one worker process with one thread, no dashboard. It is started once
per module (about a second) and shared by the tests below.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import attrs
import pytest

from jeugdinkoop.funding import EffortBased
from jeugdinkoop.io import load_example_region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import DemandAssumption, Scenario, compare, expand, run_many

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A ``LocalCluster`` of one worker *process* (so scenarios really are pickled)."""
    with (
        distributed.LocalCluster(
            n_workers=1,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_port=0,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def _variants() -> list[Scenario]:
    """The how-to's variants, cut to one municipality and two years.

    Regio Voorbeeld, Voorstad (0001), VBL (residential care) only: 12 clients, 4 in and 4
    out a year, 30.4 days per client-month, 2026–2027. Paid by the region's lumpsum, and
    by PxQ (effort): 12 clients × 12 months × 30.4 days = 4,377.6 days a year at the
    gezinshuis day tariff from 2026 (44A01, € 171.62) = € 751,283.712, € 751,283.71 a
    year and € 1,502,567.42 for the two years.
    """
    region = load_example_region()
    demand = expand(
        [
            DemandAssumption(
                municipality="0001",
                segment="VBL",
                clients_start=12,
                inflow=4,
                outflow=4,
                units_per_client_month="30.4",
            )
        ],
        2026,
        2027,
    )
    base = Scenario(name="lumpsum", region=region, demand=demand)
    return [base, attrs.evolve(base, name="PxQ", funding={"VBL": EffortBased()})]


def test_run_many_on_a_local_cluster(client: Any) -> None:
    """The cluster's executor gives the same results, in input order, as running here."""
    # one worker, and it is another process: the scenarios are pickled there and back
    worker_pids = list(client.run(os.getpid).values())
    assert len(worker_pids) == 1
    assert worker_pids[0] != os.getpid()
    scenarios = _variants()
    results = run_many(scenarios, client.get_executor())
    assert [r.name for r in results] == ["lumpsum", "PxQ"]
    assert results[1].total() == Money("1502567.42")
    assert [line.cost for line in results[1].lines] == [Money("751283.71")] * 2
    assert results == [s.run() for s in scenarios]


def test_monte_carlo_on_a_local_cluster(client: Any) -> None:
    """Draws are seeded per scenario, so a cluster reproduces a local Monte Carlo run."""
    scenarios = _variants()
    results = run_many(scenarios, client.get_executor(), draws=20, seed=7)
    assert results == [s.run(draws=20, seed=7) for s in scenarios]
    difference = compare(*results).differences("year")
    assert set(difference) == {(2026,), (2027,)}
    assert all(isinstance(row[0], Money) for row in difference.values())
