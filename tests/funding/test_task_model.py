"""Behaviour of :class:`TaskBased` [taakgericht: functie- en populatiebekostiging].

The example region's inhabitants aged 7–12: 0001 Voorstad 2,500; 0002 Middeldorp 1,400;
0003 Achterveld 750. Population funding at € 10.00 per inhabitant gives € 25,000.00,
€ 14,000.00 and € 7,500.00.
"""

from __future__ import annotations

from datetime import date

import attrs

from jeugdinkoop.codes import Unit
from jeugdinkoop.funding import (
    Budget,
    FundingContext,
    Ledger,
    PopulationRate,
    ResultScore,
    Settlement,
    SettlementLine,
    TaskBased,
)
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Region, TariffTable, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import validate

BRUG = "11111111"
CLIENT = "111222333"
POPULATION = PopulationRate(BRUG, "AMB", 2025, "10.00", 7, 12)


def _ctx(region: Region | None = None, ledger: Ledger | None = None) -> FundingContext:
    return FundingContext(
        region or load_example_region(), ledger or Ledger(), {}, frozenset({"AMB"})
    )


def _line(settlement: Settlement, municipality: str) -> SettlementLine:
    key = (AGBCode(BRUG), MunicipalityCode(municipality), "AMB")
    return next(line for line in settlement.lines if line.key == key)


def test_population_funding_is_rate_times_inhabitants_per_municipality() -> None:
    """Population funding is rate times inhabitants per municipality.

    € 10.00 × 2,500 = € 25,000.00 (0001); × 1,400 = € 14,000.00 (0002); × 750 = € 7,500.00
    (0003).
    """
    budgets = TaskBased(population=[POPULATION]).annual_budgets(2025, _ctx())
    assert {
        "0001": Money("25000.00"),
        "0002": Money("14000.00"),
        "0003": Money("7500.00"),
    } == {m.value: amount for (_, m, _), amount in budgets.items()}


def test_population_funding_limited_to_some_municipalities() -> None:
    """Only for 0002: € 10.00 × 1,400 = € 14,000.00, no budget elsewhere."""
    rate = attrs.evolve(POPULATION, municipalities=("0002",))
    budgets = TaskBased(population=[rate]).annual_budgets(2025, _ctx())
    assert {"0002": Money("14000.00")} == {m.value: a for (_, m, _), a in budgets.items()}


def test_population_budget_is_paid_in_monthly_advances() -> None:
    """Population budget is paid in monthly advances.

    € 25,000.00 / 12 = 2,083.333… → the allocation gives January € 2,083.34 (4 left cents
    go to January–April) and the year adds up to € 25,000.00.
    """
    model = TaskBased(population=[POPULATION])
    january = model.settle(Period.month(2025, 1), _ctx())
    year = model.settle(Period.year(2025), _ctx())
    assert Money("2083.34") == _line(january, "0001").payable
    assert Money("25000.00") == _line(year, "0001").payable


def test_result_share_paid_as_far_as_results_were_reached() -> None:
    """Result share paid as far as results were reached.

    20 % of € 25,000.00 (= 5,000.00) depends on results; 75 % reached → 3,750.00 paid (15 %
    of the budget) and 1,250.00 released (5 %). Advances pay the fixed 20,000.00; the year's
    payable is 20,000.00 + 3,750.00 = € 23,750.00.
    """
    model = TaskBased(
        population=[POPULATION],
        result_share_pct=20,
        results=[ResultScore(BRUG, "0001", "AMB", 2025, 75)],
    )
    line = _line(model.settle(Period.year(2025), _ctx()), "0001")
    assert (Money("23750.00"), Money("1250.00"), Money("25000.00")) == (
        line.payable,
        line.released,
        line.budget,
    )


def test_result_share_without_a_score_is_released() -> None:
    """Result share without a score is released.

    0002 has no score: its result share 20 % × 14,000.00 = 2,800.00 is withheld and
    released; payable is the fixed 14,000.00 − 2,800.00 = € 11,200.00.
    """
    model = TaskBased(population=[POPULATION], result_share_pct=20)
    line = _line(model.settle(Period.year(2025), _ctx()), "0002")
    assert (Money("11200.00"), Money("2800.00")) == (line.payable, line.released)


def test_advances_pay_only_the_fixed_part() -> None:
    """Advances pay only the fixed part.

    Fixed part 80 % of € 25,000.00 = 20,000.00; / 12 = 1,666.666… → January € 1,666.67;
    the result share waits for the year end.
    """
    model = TaskBased(population=[POPULATION], result_share_pct=20)
    assert Money("1666.67") == _line(model.settle(Period.month(2025, 1), _ctx()), "0001").payable


def test_function_budget() -> None:
    """Function budget.

    Function funding (a crisis bed kept available): € 120,000.00 for 2025 → € 10,000.00 a
    month; a year pays € 120,000.00.
    """
    model = TaskBased(budgets=[Budget(BRUG, "0001", "AMB", 2025, "120000.00")])
    assert Money("10000.00") == _line(model.settle(Period.month(2025, 5), _ctx()), "0001").payable
    assert Money("120000.00") == _line(model.settle(Period.year(2025), _ctx()), "0001").payable


def _task_region(model: TaskBased) -> Region:
    base = load_example_region()
    return attrs.evolve(
        base,
        segments=tuple(
            attrs.evolve(s, funding=model) if s.code == "AMB" else s for s in base.segments
        ),
    )


def _report_claim(municipality: str) -> tuple[Claim, Assignment]:
    assignment = Assignment(
        reference="T-1",
        client=CLIENT,
        municipality=municipality,
        provider=BRUG,
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(10, Unit.HOUR, "4"),
    )
    claim = Claim(
        reference="R-1",
        assignment="T-1",
        provider=BRUG,
        client=CLIENT,
        municipality=municipality,
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=5,
        unit=Unit.HOUR,
        amount="390.00",
    )
    return claim, assignment


def test_reports_without_a_task_budget_are_refused() -> None:
    """Reports without a task budget are refused.

    A function budget for 0001 only; a report (5 h × 78.00 = 390.00) from 0002 → JI-706
    naming provider, municipality, segment and year; from 0001 it is recorded at € 0.00.
    """
    region = _task_region(TaskBased(budgets=[Budget(BRUG, "0001", "AMB", 2025, "120000.00")]))
    claim, assignment = _report_claim("0002")
    refused = validate([claim], [assignment], region)
    assert ["JI-706"] == [f.code for f in refused.findings]
    assert {"provider": BRUG, "municipality": "0002", "segment": "AMB", "year": "2025"} == dict(
        refused.findings[0].values
    )
    claim, assignment = _report_claim("0001")
    accepted = validate([claim], [assignment], region)
    assert [Money("0")] == [a.amount for a in accepted.accepted]
    assert Money("390.00") == accepted.entries[0].value


def test_a_report_is_valued_at_the_tariff_not_at_what_it_reports() -> None:
    """A report is valued at the tariff, not at what it reports.

    5 h of 45A01 at € 78.00 = € 390.00. Reported at € 99,999.99, the report is accepted
    (recorded at € 0.00 paid) with a JI-707 warning, and its value is booked at € 390.00.
    """
    region = _task_region(TaskBased(budgets=[Budget(BRUG, "0001", "AMB", 2025, "120000.00")]))
    claim, assignment = _report_claim("0001")
    report = validate([attrs.evolve(claim, amount="99999.99")], [assignment], region)
    assert [("JI-707", "WARNING")] == [(f.code, f.severity.name) for f in report.findings]
    assert [Money("0")] == [a.amount for a in report.accepted]
    assert Money("390.00") == report.entries[0].value


def test_a_report_on_a_product_without_tariff_keeps_its_value() -> None:
    """A report on a product without any tariff (a pure task report) keeps its value.

    With the tariff table emptied, the report of € 390.00 has no tariff to be checked
    against: booked at € 390.00, no finding.
    """
    model = TaskBased(budgets=[Budget(BRUG, "0001", "AMB", 2025, "120000.00")])
    region = attrs.evolve(_task_region(model), tariffs=TariffTable([]))
    claim, assignment = _report_claim("0001")
    report = validate([claim], [assignment], region)
    assert () == report.findings
    assert Money("390.00") == report.entries[0].value
