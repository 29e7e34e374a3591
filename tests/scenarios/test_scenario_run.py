"""Scenario.run in expected-value mode: hand-worked forecasts, stock and flow, indexation."""

from __future__ import annotations

import pickle
from decimal import Decimal

import attrs
import pytest

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import (
    Arrangement,
    ArrangementMatrix,
    Combined,
    Demand,
    EffortBased,
    Lumpsum,
    OutputBased,
    TaskBased,
)
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import DemandAssumption, Scenario, ScenarioLine, expand


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


def test_one_year_pxq_hand_worked(region: Region) -> None:
    """100 clients at start, inflow 40, outflow 30 → average 105 → 1,260 client-months.

    1,260 × 2 h × € 78.00 (45A01, 2025) = € 196,560.00; per client 196,560 / 105 = € 1,872.00.
    """
    demand = DemandAssumption(
        "0001", "AMB", 100, inflow=40, outflow=30, units_per_client_month=2
    ).expand(2025, 2025)
    result = Scenario("basis", region, demand).run()
    expected = ScenarioLine(2025, "0001", "AMB", None, "effort", Money("196560.00"), Decimal(105))
    assert result.lines == (expected,)
    assert result.total() == Money("196560.00")
    assert result.lines[0].cost_per_client == Money("1872.00")
    assert result.draws == 0
    assert result.spread == ()


def test_stock_and_flow_over_years(region: Region) -> None:
    """Start 100, inflow 40, outflow 30 each year, 2026–2028, at € 81.83 (45A01 from 2026).

    Starts 100, 110, 120 → averages 105, 115, 125 → 1,260, 1,380, 1,500 client-months
    × 2 h = 2,520, 2,760, 3,000 h × € 81.83 = € 206,211.60, € 225,850.80, € 245,490.00;
    total € 677,552.40.
    """
    demand = DemandAssumption(
        "0001", "AMB", 100, inflow=40, outflow=30, units_per_client_month=2
    ).expand(2026, 2028)
    assert [d.clients_start for d in demand] == [100, 110, 120]
    result = Scenario("basis", region, demand).run()
    assert result.by("year") == {
        (2026,): Money("206211.60"),
        (2027,): Money("225850.80"),
        (2028,): Money("245490.00"),
    }
    assert result.clients_by("year") == {
        (2026,): Decimal(105),
        (2027,): Decimal(115),
        (2028,): Decimal(125),
    }
    assert result.total() == Money("677552.40")


def test_growth_compounds_on_inflow() -> None:
    """Inflow 40 growing 10 %: 40, 44, 48.4; outflow stays 30; starts 100, 110, 124."""
    demand = DemandAssumption("0001", "AMB", 100, inflow=40, outflow=30, growth_pct=10).expand(
        2026, 2028
    )
    assert [(d.clients_start, d.inflow, d.outflow) for d in demand] == [
        (Decimal(100), Decimal(40), Decimal(30)),
        (Decimal(110), Decimal(44), Decimal(30)),
        (Decimal(124), Decimal("48.4"), Decimal(30)),
    ]


def test_outflow_never_exceeds_clients() -> None:
    """Start 5, inflow 1, outflow 9: only 6 can leave in year 1, then 1 a year."""
    demand = DemandAssumption("0001", "AMB", 5, inflow=1, outflow=9).expand(2026, 2028)
    assert [(d.clients_start, d.outflow) for d in demand] == [
        (Decimal(5), Decimal(6)),
        (Decimal(0), Decimal(1)),
        (Decimal(0), Decimal(1)),
    ]


def test_expand_refuses_reversed_years() -> None:
    with pytest.raises(InvalidValue, match="last year 2025 is before first year 2026"):
        DemandAssumption("0001", "AMB", 5).expand(2026, 2025)


def test_indexation_compounds(region: Region) -> None:
    """Indexation 4.91 % from 2026 and 3 % from 2027 → factor 1.0491 × 1.03 = 1.080573.

    2027: 105 average clients × 12 × 2 h = 2,520 h × € 81.83 = € 206,211.60
    × 1.080573 = € 222,826.6872468 → € 222,826.69.
    """
    scenario = Scenario(
        "index",
        region,
        [Demand("0001", "AMB", 2027, 100, inflow=40, outflow=30, units_per_client_month=2)],
        indexation={2026: "4.91", 2027: "3"},
    )
    assert scenario.price_factor(2025) == Decimal(1)
    assert scenario.price_factor(2026) == Decimal("1.0491")
    assert scenario.price_factor(2027) == Decimal("1.0491") * Decimal("1.03")
    assert scenario.price_factor(2027) == Decimal("1.080573")
    assert scenario.run().total() == Money("222826.69")


def test_indexation_multiplies_a_demand_price_factor(region: Region) -> None:
    """A demand's own price factor 1.10 × scenario factor 1.03: 2,520 h × 81.83 × 1.133.

    206,211.60 × 1.133 = 233,637.7428 → € 233,637.74.
    """
    scenario = Scenario(
        "index",
        region,
        [
            Demand(
                "0001",
                "AMB",
                2027,
                100,
                inflow=40,
                outflow=30,
                units_per_client_month=2,
                price_factor="1.10",
            )
        ],
        indexation={2027: 3},
    )
    assert scenario.run().total() == Money("233637.74")


def test_lumpsum_forecasts_per_provider(region: Region) -> None:
    """VBL in 0001 is lumpsum: € 503,568.00 (11111111) + € 188,838.00 (33333333) in 2026.

    10 average clients are spread by budget: 503,568 / 692,406 × 10 and the rest.
    """
    demand = [Demand("0001", "VBL", 2026, 10)]
    result = Scenario("lumpsum", region, demand).run()
    assert [(line.provider, line.model, line.cost) for line in result] == [
        (AGBCode("11111111"), "lumpsum", Money("503568.00")),
        (AGBCode("33333333"), "lumpsum", Money("188838.00")),
    ]
    assert sum(line.clients for line in result) == Decimal(10)
    assert result.by("provider")[(AGBCode("11111111"),)] == Money("503568.00")


def test_override_per_segment(region: Region) -> None:
    """VBL as PxQ: 10 clients × 12 × 30.4 days × € 171.62 (44A01, 2026) = € 626,069.76."""
    demand = [Demand("0001", "VBL", 2026, 10, units_per_client_month="30.4")]
    base = Scenario("lumpsum", region, demand)
    pxq = attrs.evolve(base, name="PxQ", funding={"VBL": EffortBased()})
    assert base.model_for("VBL").name == "lumpsum"
    assert pxq.model_for("VBL").name == "effort"
    assert pxq.model_for("AMB").name == "effort"
    assert pxq.run().total() == Money("626069.76")
    assert base.with_funding("PxQ", {"VBL": EffortBased()}) == pxq


def test_output_based_variant(region: Region) -> None:
    """Output-based, paid at start: inflow 40 × € 1,500.00 = € 60,000.00."""
    model = OutputBased(ArrangementMatrix([Arrangement("1", "A", "1500.00")]))
    demand = [Demand("0001", "AMB", 2026, 100, inflow=40, outflow=30, tier="1/A")]
    result = Scenario("output", region, demand, funding={"AMB": model}).run()
    assert result.lines[0].cost == Money("60000.00")
    assert result.lines[0].model == "output"


def test_combined_counts_clients_once(region: Region) -> None:
    """Combined PxQ + task on AMB: cost adds up, the 105 clients are counted once.

    PxQ 2025: € 196,560.00; task budget without rates: € 0.
    """
    model = Combined([EffortBased(), TaskBased()])
    demand = DemandAssumption(
        "0001", "AMB", 100, inflow=40, outflow=30, units_per_client_month=2
    ).expand(2025, 2025)
    result = Scenario("combined", region, demand, funding={"AMB": model}).run()
    assert result.total() == Money("196560.00")
    assert result.clients_by("municipality") == {(MunicipalityCode("0001"),): Decimal(105)}


def test_scenario_lists_every_problem(region: Region) -> None:
    """An unknown municipality, an unknown segment, outflow above stock: all three named."""
    bad = [
        Demand("0009", "AMB", 2026, 10),
        Demand("0001", "XYZ", 2026, 10),
        Demand("0001", "AMB", 2026, 10, inflow=1, outflow=12),
    ]
    with pytest.raises(InvalidValue) as info:
        Scenario("fout", region, bad)
    message = str(info.value)
    assert "demand[0] (0009 AMB 2026).municipality: not a member" in message
    assert "demand[1] (0001 XYZ 2026).segment: not a segment" in message
    assert "demand[2] (0001 AMB 2026).outflow: 12 is more than the 11 clients" in message


def test_scenario_refuses_bad_overrides(region: Region) -> None:
    with pytest.raises(InvalidValue, match="'XYZ' is not a segment"):
        Scenario("fout", region, funding={"XYZ": EffortBased()})
    with pytest.raises(InvalidValue, match="is not a FundingModel"):
        Scenario("fout", region, funding={"AMB": "effort"})  # type: ignore[arg-type]
    with pytest.raises(InvalidValue, match="must be above -100"):
        Scenario("fout", region, indexation={2026: -100})


def test_scenario_pickles_with_cached_fields(region: Region, demand: tuple[Demand, ...]) -> None:
    """Region, Lumpsum (private _index) and Scenario (private _models) survive pickling."""
    scenario = Scenario("basis", region, demand, indexation={2027: 3})
    copy = pickle.loads(pickle.dumps(scenario))
    assert copy == scenario
    lumpsum = copy.model_for("VBL")
    assert isinstance(lumpsum, Lumpsum)
    assert lumpsum.annual_budgets(2026, None)  # type: ignore[arg-type]
    assert copy.run() == scenario.run()
    result = scenario.run()
    assert pickle.loads(pickle.dumps(result)) == result


def test_years_and_municipalities(region: Region, demand: tuple[Demand, ...]) -> None:
    result = Scenario("basis", region, demand).run()
    assert result.years == (2026, 2027, 2028)
    assert [m.value for m in result.municipalities] == ["0001", "0002", "0003"]
    assert Scenario("basis", region, demand).years == (2026, 2027, 2028)


def test_same_input_same_result(region: Region, demand: tuple[Demand, ...]) -> None:
    """Demand order does not matter: lines are sorted."""
    a = Scenario("basis", region, demand).run()
    b = Scenario("basis", region, tuple(reversed(demand))).run()
    assert a == b


def test_expand_many() -> None:
    assumptions = [DemandAssumption("0001", "AMB", 1), DemandAssumption("0002", "VBL", 2)]
    assert len(expand(assumptions, 2026, 2035)) == 20
