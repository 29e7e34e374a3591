"""Scenarios: what a region's demand costs under one funding model or another (analysis layer).

A :class:`Scenario` holds a region, demand per municipality × segment × year, tariff
indexation and the funding model per segment; :meth:`Scenario.run` gives a
:class:`ScenarioResult`, :func:`compare` puts variants side by side, :func:`run_many`
runs many through any executor, and :func:`lumpsum_start_budget` follows the
Achterhoek's seven steps to a lumpsum start budget.

Examples:
    >>> from jeugdinkoop.io import load_example_region
    >>> from jeugdinkoop.scenarios import DemandAssumption, Scenario
    >>> demand = DemandAssumption("0001", "AMB", clients_start=100, inflow=40, outflow=30,
    ...                           units_per_client_month=2).expand(2025, 2025)
    >>> Scenario("basis", load_example_region(), demand).run().total()
    Money('196560.00')
"""

from jeugdinkoop.scenarios.calibrate import (
    Calibration,
    CalibrationCell,
    RiskRow,
    calibrate,
    demand_sensitivity,
)
from jeugdinkoop.scenarios.compare import Comparison, ComparisonRow, compare
from jeugdinkoop.scenarios.conversion import CodeMapping, Conversion, convert_assignments
from jeugdinkoop.scenarios.parallel import default_executor, run_many
from jeugdinkoop.scenarios.result import ScenarioLine, ScenarioResult, SpreadLine
from jeugdinkoop.scenarios.scenario import (
    PERCENTILES,
    DemandAssumption,
    Scenario,
    Uncertainty,
    expand,
    priced_product,
)
from jeugdinkoop.scenarios.start_budget import (
    HistoricUse,
    LocalEstimate,
    LumpsumOffer,
    MunicipalityBudget,
    StartBudget,
    Step,
    lumpsum_offers,
    lumpsum_start_budget,
)

__all__ = [
    "PERCENTILES",
    "Calibration",
    "CalibrationCell",
    "CodeMapping",
    "Comparison",
    "ComparisonRow",
    "Conversion",
    "DemandAssumption",
    "HistoricUse",
    "LocalEstimate",
    "LumpsumOffer",
    "MunicipalityBudget",
    "RiskRow",
    "Scenario",
    "ScenarioLine",
    "ScenarioResult",
    "SpreadLine",
    "StartBudget",
    "Step",
    "Uncertainty",
    "calibrate",
    "compare",
    "convert_assignments",
    "default_executor",
    "demand_sensitivity",
    "expand",
    "lumpsum_offers",
    "lumpsum_start_budget",
    "priced_product",
    "run_many",
]
