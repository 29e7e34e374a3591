"""Forecasts of budget-funded models (lumpsum, task) equal the straightforward look-back.

``AnnualBudgetModel.forecast`` keeps each year's budgets and each place's latest budgeted
year in the context, and works out a year's answer from the year before's. These tests
hold it to the plain computation it replaced: for the demand's year and the 29 years
before it, newest first, ask ``annual_budgets`` afresh and take the first year with a
budget for the municipality and segment (the provider's only, when one is named), each
provider's amount × the price factor, rounded half up to cents.
"""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.funding import (
    Budget,
    Demand,
    ForecastLine,
    FundingContext,
    Lumpsum,
    PopulationRate,
    TaskBased,
)
from jeugdinkoop.funding._annual import LOOK_BACK_YEARS, AnnualBudgetModel
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.money import Money
from jeugdinkoop.testing.kit import KIT_MUNICIPALITIES, KIT_SEGMENT, kit_instances, kit_region

REGION = load_example_region()
PROVIDERS = ["11111111", "22222222", "33333333"]
MUNICIPALITIES = ["0001", "0002", "0003"]


def reference_costs(
    model: AnnualBudgetModel, demand: Demand, ctx: FundingContext
) -> list[tuple[AGBCode | None, Money]]:
    """The costs per provider by the plain look-back, with no memo at all."""
    for year in range(demand.year, demand.year - LOOK_BACK_YEARS, -1):
        found = {
            p: amount
            for (p, m, s), amount in model.annual_budgets(year, ctx).items()
            if m == demand.municipality and s == demand.segment and demand.provider in (None, p)
        }
        if found:
            return [
                (p, (amount * demand.price_factor).rounded())
                for p, amount in sorted(found.items(), key=lambda kv: kv[0].value)
            ]
    return [(None, Money.zero())]


def costs(lines: tuple[ForecastLine, ...]) -> list[tuple[AGBCode | None, Money]]:
    return [(line.provider, line.cost) for line in lines]


budgets = st.builds(
    Budget,
    provider=st.sampled_from(PROVIDERS),
    municipality=st.sampled_from(MUNICIPALITIES),
    segment=st.sampled_from(["AMB", "VBL"]),
    year=st.integers(1998, 2014),
    amount=st.decimals(0, 1_000_000, places=2),
)


@st.composite
def demands(draw: st.DrawFn, budgets: list[Budget], runs: int) -> list[Demand]:
    """Demands for one or two places, mostly where the budgets are, 1995–2050.

    Years come in runs of consecutive years, as a scenario asks for them, the runs in
    random order: an answer is built on the year before's as often as worked out alone,
    on both sides of the look-back's edge (a budget of 2005 reaches 2034, not 2035).
    """
    where = [(b.municipality.value, b.segment) for b in budgets] or [("0001", "VBL")]
    places = draw(
        st.lists(
            st.tuples(
                st.sampled_from(where) | st.tuples(st.sampled_from(MUNICIPALITIES), st.just("AMB")),
                st.sampled_from([None, None, *PROVIDERS]),
            ),
            min_size=1,
            max_size=2,
        )
    )
    starts = draw(st.lists(st.tuples(st.integers(1995, 2050), st.integers(1, 12)), max_size=runs))
    years = [year for start, length in starts for year in range(start, start + length)]
    years += draw(st.lists(st.integers(1995, 2050), min_size=1, max_size=3))
    factor = draw(st.decimals("0.5", "2", places=4))
    return [
        Demand(
            municipality=m,
            segment=s,
            year=year,
            clients_start=10,
            price_factor=factor,
            provider=p,
        )
        for year in years
        for (m, s), p in places
    ]


def _unique(items: list[Budget]) -> list[Budget]:
    """One budget per provider, municipality, segment and year (Lumpsum refuses two)."""
    return list({(b.key, b.year): b for b in items}.values())


@settings(deadline=None, database=None, max_examples=150)
@given(data=st.data(), items=st.lists(budgets, max_size=6))
def test_lumpsum_forecast_equals_the_plain_look_back(
    data: st.DataObject, items: list[Budget]
) -> None:
    """Any budgets, demands in any order and one shared context: the same costs as by hand.

    The demands come in random year order, so the answer built from the year before is
    tested against gaps longer and shorter than the 30-year look-back and against years
    asked for before and after their neighbours.
    """
    model = Lumpsum(budgets=_unique(items))
    asked = data.draw(demands(items, 4))
    shared = FundingContext(REGION)
    for demand in asked:
        expected = reference_costs(model, demand, FundingContext(REGION))
        assert costs(model.forecast(demand, shared).lines) == expected
        assert costs(model.forecast(demand, FundingContext(REGION)).lines) == expected


@settings(deadline=None, database=None, max_examples=40)
@given(
    rates=st.lists(
        st.builds(
            PopulationRate,
            provider=st.sampled_from(PROVIDERS),
            segment=st.sampled_from(["AMB", "VBL"]),
            year=st.integers(1998, 2014),
            rate=st.decimals(0, 100, places=2),
            min_age=st.just(7),
            max_age=st.just(12),
            municipalities=st.lists(st.sampled_from(MUNICIPALITIES), max_size=2),
        ),
        max_size=5,
    ),
    items=st.lists(budgets, max_size=5),
    data=st.data(),
)
def test_task_forecast_equals_the_plain_look_back(
    rates: list[PopulationRate], items: list[Budget], data: st.DataObject
) -> None:
    """Population rates × the region's inhabitants plus function budgets: same as by hand."""
    model = TaskBased(budgets=items, population=rates)
    asked = data.draw(
        demands(
            [
                *items,
                *(
                    Budget(
                        provider=r.provider,
                        municipality=m,
                        segment=r.segment,
                        year=r.year,
                        amount=0,
                    )
                    for r in rates
                    for m in r.municipalities or MUNICIPALITIES
                ),
            ],
            3,
        )
    )
    shared = FundingContext(REGION)
    for demand in asked:
        expected = reference_costs(model, demand, FundingContext(REGION))
        assert costs(model.forecast(demand, shared).lines) == expected


def test_a_budget_31_years_back_is_too_old() -> None:
    """Budget € 1,000.00 in 2000: 2029 is the 30th year looking back from it, 2030 the 31st.

    Asked in order 2028, 2029, 2030 (each from the year before's answer) and alone.
    """
    model = Lumpsum(
        budgets=[
            Budget(
                provider="11111111", municipality="0001", segment="VBL", year=2000, amount="1000"
            )
        ]
    )
    ctx = FundingContext(REGION)

    def cost(year: int, context: FundingContext) -> Money:
        demand = Demand(municipality="0001", segment="VBL", year=year, clients_start=1)
        return model.forecast(demand, context).total

    assert [cost(y, ctx) for y in (2028, 2029, 2030)] == [
        Money("1000.00"),
        Money("1000.00"),
        Money.zero(),
    ]
    assert cost(2030, FundingContext(REGION)) == Money.zero()
    assert cost(2029, FundingContext(REGION)) == Money("1000.00")


def test_forecast_budgets_per_provider_in_agb_order() -> None:
    """Two providers in 0001 VBL 2026 (€ 200 and € 100): ordered by AGB code; one when named."""
    model = Lumpsum(
        budgets=[
            Budget(
                provider="22222222", municipality="0001", segment="VBL", year=2026, amount="100"
            ),
            Budget(
                provider="11111111", municipality="0001", segment="VBL", year=2026, amount="200"
            ),
        ]
    )
    ctx = FundingContext(REGION)
    where = (MunicipalityCode("0001"), "VBL", 2027)
    assert model.forecast_budgets(*where, None, ctx) == (
        (AGBCode("11111111"), Money("200")),
        (AGBCode("22222222"), Money("100")),
    )
    assert model.forecast_budgets(*where, AGBCode("22222222"), ctx) == (
        (AGBCode("22222222"), Money("100")),
    )
    assert model.forecast_budgets(*where, AGBCode("33333333"), ctx) == ()


def test_budgets_are_worked_out_once_per_year_and_context() -> None:
    """Demands for 2026–2035, a budget in 2026 only: each year's budgets are asked for once.

    2026 has its budget; each later year asks for its own year only (none), the year
    before's answer giving 2026: 10 calls. Asking 2035 again costs nothing. In a new
    context 2035 has no answer for 2034 to build on, so it looks back 2035, 2034 … 2026:
    10 calls more, 20 in all.
    """
    asked: list[int] = []

    class Counting(Lumpsum):
        def annual_budgets(
            self, year: int, ctx: FundingContext
        ) -> dict[tuple[AGBCode, MunicipalityCode, str], Money]:
            asked.append(year)
            return super().annual_budgets(year, ctx)

    model = Counting(
        budgets=[
            Budget(provider="11111111", municipality="0001", segment="VBL", year=2026, amount="10")
        ]
    )
    ctx = FundingContext(REGION)
    for year in range(2026, 2036):
        demand = Demand(municipality="0001", segment="VBL", year=year, clients_start=1)
        assert model.forecast(demand, ctx).total == Money("10.00")
    assert len(asked) == 10
    assert len(set(asked)) == 10
    demand = Demand(municipality="0001", segment="VBL", year=2035, clients_start=1)
    model.forecast(demand, ctx)
    assert len(asked) == 10
    model.forecast(demand, FundingContext(REGION))
    assert len(asked) == 20


def test_equal_models_share_what_is_kept_and_price_factor_applies() -> None:
    """Two equal models (frozen values) in one context: € 100 × 1.0491 = € 104.91 for both."""

    def make() -> Lumpsum:
        return Lumpsum(
            budgets=[
                Budget(
                    provider="11111111", municipality="0002", segment="VBL", year=2026, amount="100"
                )
            ]
        )

    first, second = make(), make()
    assert first == second
    assert hash(first) == hash(second)
    ctx = FundingContext(REGION)
    demand = Demand(
        municipality="0002",
        segment="VBL",
        year=2026,
        clients_start=1,
        price_factor=Decimal("1.0491"),
    )
    assert first.forecast(demand, ctx).total == Money("104.91")
    assert second.forecast(demand, ctx).total == Money("104.91")


@settings(deadline=None, database=None, max_examples=60)
@given(
    name=st.sampled_from(sorted(kit_instances())),
    first=st.tuples(st.integers(0, 500), st.integers(0, 200), st.integers(0, 200)),
    second=st.tuples(st.integers(0, 500), st.integers(0, 200), st.integers(0, 200)),
    units=st.tuples(st.decimals(0, 50, places=4), st.decimals(0, 50, places=4)),
    year=st.integers(2024, 2030),
    municipality=st.sampled_from(KIT_MUNICIPALITIES),
)
def test_models_that_ignore_volume_do(
    *,
    name: str,
    first: tuple[int, int, int],
    second: tuple[int, int, int],
    units: tuple[Decimal, Decimal],
    year: int,
    municipality: str,
) -> None:
    """A model declaring ``forecast_ignores_volume`` costs the same at any clients and use.

    A Monte Carlo run prices such a model's lines once instead of every draw, so the
    promise must hold: two demands that differ only in clients, flows and utilisation
    cost the same per provider. (A model that does not declare it is not held to it.)
    """
    model = kit_instances()[name]
    if not model.forecast_ignores_volume:
        return
    ctx = FundingContext(kit_region(model))

    def demand(flows: tuple[int, int, int], use: Decimal) -> Demand:
        start, inflow, outflow = flows
        return Demand(
            municipality=municipality,
            segment=KIT_SEGMENT,
            year=year,
            clients_start=start,
            inflow=inflow,
            outflow=min(outflow, start + inflow),
            units_per_client_month=use,
            price_factor=Decimal("1.03"),
        )

    assert costs(model.forecast(demand(first, units[0]), ctx).lines) == costs(
        model.forecast(demand(second, units[1]), ctx).lines
    )


def test_budget_models_declare_that_they_ignore_volume() -> None:
    """Lumpsum and task budgets do; claim-paying models and combinations do not."""
    declared = {name for name, m in kit_instances().items() if m.forecast_ignores_volume}
    assert declared == {"lumpsum", "task"}
