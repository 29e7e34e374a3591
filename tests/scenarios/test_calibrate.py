"""Calibration: every variant starts from the baseline's base-year spend, then moves its own way."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Arrangement, ArrangementMatrix, EffortBased, OutputBased
from jeugdinkoop.io import load_embedded_region, load_example_region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import (
    DemandAssumption,
    Scenario,
    calibrate,
    demand_sensitivity,
    expand,
)

REGION = load_example_region()
TRAJECTORY = ArrangementMatrix([Arrangement("standaard", "midden", "1000.00")])


def _base() -> Scenario:
    demand = DemandAssumption(
        "0002", "VBL", 5, inflow=2, outflow=0, units_per_client_month="30.4"
    ).expand(2026, 2027)
    return Scenario("lumpsum", REGION, demand)


def test_each_variant_matches_the_baseline_in_the_base_year_and_then_moves_its_own_way() -> None:
    """Lumpsum 0002 VBL is € 346,203.00 a year (the region's budget).

    PxQ before: 2026 has 5 + (2 − 0)/2 = 6 average clients × 12 × 30.4 days = 2,188.8 days,
    € 375,641.86 at the tariff; factor 346,203.00 / 375,641.86 ≈ 0.92163. Output before:
    2 new trajectories × € 1,000 = € 2,000.00; factor 173.1015. After: both € 346,203.00.
    2027: 8 average clients, so PxQ pays 346,203.00 × 8 / 6 = € 461,604.00; the lumpsum
    stays € 346,203.00; output pays the same 2 trajectories again, € 346,203.00.
    """
    base = _base()
    c = calibrate(
        base,
        [
            base.with_funding("PxQ", {"VBL": EffortBased()}),
            base.with_funding("output", {"VBL": OutputBased(TRAJECTORY)}),
        ],
    )
    assert c.base_year == 2026
    assert c.variants == ("PxQ", "output")
    pxq, output = c.cells
    assert (pxq.baseline, pxq.before, pxq.after) == (
        Money("346203.00"),
        Money("375641.86"),
        Money("346203.00"),
    )
    assert pxq.factor is not None
    assert pxq.factor.quantize(Decimal("0.00001")) == Decimal("0.92163")
    assert (output.before, output.factor, output.after) == (
        Money("2000.00"),
        Decimal("173.1015"),
        Money("346203.00"),
    )
    assert c.remainder() == Money("0.00")
    by_year = {row.key: row.costs for row in c.compare().table("year")}
    assert by_year[(2026,)] == (Money("346203.00"),) * 3
    assert by_year[(2027,)] == (Money("346203.00"), Money("461604.00"), Money("346203.00"))
    assert c.to_rows()[1]["factor"] == "173.101500"


def test_demand_ten_percent_higher_shows_who_carries_the_risk() -> None:
    """Over 2026–2027 the lumpsum spends 2 × 346,203.00 = € 692,406.00 whatever the demand.

    10 % more care is worth € 69,240.60, all carried by the provider. Calibrated PxQ
    spends 346,203.00 + 461,604.00 = € 807,807.00; with 10 % more clients it pays
    € 888,587.69 (80,780.69 more, 1 cent below the 80,780.70 of care by rounding): the
    municipality pays 100 %.
    """
    base = _base()
    c = calibrate(base, [base.with_funding("PxQ", {"VBL": EffortBased()})])
    lumpsum, pxq = demand_sensitivity(c.scenarios, 10)
    assert (lumpsum.spend, lumpsum.spend_more) == (Money("692406.00"), Money("692406.00"))
    assert lumpsum.extra_care == Money("69240.60")
    assert lumpsum.providers_carry == Money("69240.60")
    assert lumpsum.municipality_share_pct == Decimal(0)
    assert (pxq.spend, pxq.spend_more) == (Money("807807.00"), Money("888587.69"))
    assert pxq.municipality_pays == Money("80780.69")
    assert pxq.providers_carry == Money("0.01")
    assert pxq.municipality_share_pct == Decimal(100)


def test_a_variant_without_spend_cannot_be_scaled_and_says_so() -> None:
    """PxQ at 0 units a month spends € 0; the whole € 346,203.00 is left as remainder."""
    demand = DemandAssumption("0002", "VBL", 5).expand(2026, 2026)
    base = Scenario("lumpsum", REGION, demand)
    c = calibrate(base, [base.with_funding("PxQ", {"VBL": EffortBased()})])
    (cell,) = c.cells
    assert cell.factor is None
    assert not cell.calibrated
    assert cell.remainder == Money("346203.00")
    assert "niet te schalen" in c.html()


def test_bad_base_year_and_twice_named_variant_are_refused() -> None:
    base = _base()
    with pytest.raises(InvalidValue, match=r"base year 2030 is not a year .*\[2026, 2027\]"):
        calibrate(base, [], 2030)
    with pytest.raises(InvalidValue, match="'lumpsum' occurs twice"):
        calibrate(base, [base])
    with pytest.raises(InvalidValue, match="pct -100 must be above -100"):
        demand_sensitivity([base], -100)


def test_achterhoek_output_no_longer_a_fifth_of_the_lumpsum() -> None:
    """The demo headline: after calibration, every variant spends the lumpsum's 2026 amount.

    Before, output-based came to € 145,296 for Aalten against € 758,676 lumpsum; now both
    start from the same 2026 spend per municipality, € 1,479,955.20 in the region.
    """
    from jeugdinkoop.demo import achterhoek_iaj_calibration

    c = achterhoek_iaj_calibration(load_embedded_region("achterhoek"))
    for variant in c.variants:
        cells = [x for x in c.cells if x.variant == variant]
        assert Money.sum(x.after for x in cells) == Money("1479955.20")
        assert all(x.remainder == Money("0.00") for x in cells)
    aalten = {row.label: row.costs for row in c.compare().table()}["0197 Aalten"]
    assert aalten[0] == Money("758675.50")
    assert abs(aalten[2] - aalten[0]) <= Money("0.01")


assumptions = st.builds(
    DemandAssumption,
    municipality=st.sampled_from(["0001", "0002", "0003"]),
    segment=st.sampled_from(["AMB", "VBL"]),
    clients_start=st.integers(1, 300),
    inflow=st.integers(1, 100),
    outflow=st.integers(0, 100),
    units_per_client_month=st.decimals(1, 40, places=2),
    growth_pct=st.decimals(-10, 10, places=1),
)


@settings(deadline=None, database=None, max_examples=30)
@example(
    items=[
        DemandAssumption(
            municipality="0001",
            segment="VBL",
            clients_start=1,
            inflow=1,
            outflow=0,
            units_per_client_month=Decimal("1.01"),
            growth_pct=Decimal("0.0"),
        )
    ],
    index=Decimal("0.00"),
    baseline_pxq=False,
)
@given(
    items=st.lists(assumptions, min_size=1, max_size=5),
    index=st.decimals(-5, 10, places=2),
    baseline_pxq=st.booleans(),
)
def test_after_calibration_every_variant_spends_the_baselines_base_year_amount(
    items: list[DemandAssumption], index: Decimal, baseline_pxq: bool
) -> None:
    """Per municipality × segment to the cent; off by at most ``k // 2`` cents for ``k`` lines.

    Each line is rounded to cents, so a cell of ``k`` lines can step by up to ``k`` cents at
    one factor (equal lines step together) and then the nearest reachable spend is at most
    ``k // 2`` cents away. A cell of one line is hit exactly. The example is the case that
    failed before: one PxQ line of € 3,120.05 scaled by 221.9 came out 0.36 too high.
    """
    pxq = {"VBL": EffortBased(), "AMB": EffortBased()}
    output = {"VBL": OutputBased(TRAJECTORY), "AMB": OutputBased(TRAJECTORY)}
    base = Scenario(
        "basis",
        REGION,
        expand(items, 2026, 2027),
        indexation={2027: index},
        funding=pxq if baseline_pxq else {},
    )
    variants = [base.with_funding("output", output)]
    if not baseline_pxq:
        variants.append(base.with_funding("PxQ", pxq))
    c = calibrate(base, variants)
    lines = Counter((d.municipality, d.segment) for d in base.demand if d.year == 2026)
    for cell in c.cells:
        assert cell.calibrated == (not cell.before.is_zero())
        if cell.calibrated:
            k = lines[(cell.municipality, cell.segment)]
            assert abs(cell.remainder) <= Money("0.01") * (k // 2)
    for variant in c.scenarios[1:]:
        spend = variant.run().by("year", "municipality", "segment")
        for cell in c.cells:
            if cell.variant == variant.name:
                assert spend.get((2026, cell.municipality, cell.segment)) == cell.after


def test_where_the_baseline_spends_nothing_the_variant_is_scaled_to_nothing() -> None:
    """PxQ at 0 units spends € 0; the lumpsum's € 346,203.00 gets factor 0, so € 0 after."""
    demand = DemandAssumption("0002", "VBL", 5).expand(2026, 2026)
    pxq = Scenario("PxQ", REGION, demand, funding={"VBL": EffortBased()})
    lumpsum = Scenario("lumpsum", REGION, demand)
    (cell,) = calibrate(pxq, [lumpsum]).cells
    assert (cell.baseline, cell.before, cell.factor) == (
        Money.zero(),
        Money("346203.00"),
        Decimal(0),
    )
    assert cell.after.is_zero()
    assert cell.remainder.is_zero()


def test_the_rounded_spend_before_is_not_scaled_into_the_result() -> None:
    """Hypothesis seed 2 found it: one PxQ line, 1.5 average clients × 12 × 1.01 units.

    The PxQ spend is 18.18 units × the tariff, rounded: € 3,120.05. The lumpsum baseline
    of 0001 VBL is € 692,406.00. The quotient 692,406.00 / 3,120.05 = 221.92144… applied to
    the unrounded spend (up to half a cent off 3,120.05) gave € 692,406.36: the half cent
    times the factor. The refined factor hits € 692,406.00 exactly.
    """
    demand = DemandAssumption(
        municipality="0001",
        segment="VBL",
        clients_start=1,
        inflow=1,
        units_per_client_month=Decimal("1.01"),
    ).expand(2026, 2026)
    base = Scenario("basis", REGION, demand)
    (cell,) = calibrate(base, [base.with_funding("PxQ", {"VBL": EffortBased()})]).cells
    assert (cell.baseline, cell.before, cell.after) == (
        Money("692406.00"),
        Money("3120.05"),
        Money("692406.00"),
    )
    assert cell.factor is not None
    assert cell.factor != Decimal("692406.00") / Decimal("3120.05")
    assert cell.remainder == Money("0.00")


def test_equal_lines_that_step_together_leave_a_stated_remainder() -> None:
    """Two equal lines always spend an even number of cents; the target here is odd.

    Baseline: output at € 1,000.01 a trajectory, one new client: € 1,000.01. Variant: two
    equal PxQ lines (5 clients, 1 unit a month each). Whatever the factor, they spend
    2 × round(a × f), an even number of cents, so € 1,000.00 or € 1,000.02: one cent off
    (k = 2 lines step together, k // 2 = 1), and the cell states that cent.
    """
    line = DemandAssumption(
        municipality="0002", segment="VBL", clients_start=5, inflow=1, units_per_client_month=1
    )
    matrix = ArrangementMatrix([Arrangement("standaard", "midden", "1000.01")])
    baseline = Scenario(
        "output",
        REGION,
        expand([line], 2026, 2026),
        funding={"VBL": OutputBased(matrix)},
    )
    variant = Scenario(
        "PxQ", REGION, expand([line, line], 2026, 2026), funding={"VBL": EffortBased()}
    )
    c = calibrate(baseline, [variant])
    (cell,) = c.cells
    assert cell.baseline == Money("1000.01")
    assert cell.after in (Money("1000.00"), Money("1000.02"))
    assert abs(cell.remainder) == Money("0.01")
    assert abs(c.remainder("PxQ")) == Money("0.01")
    assert c.to_rows()[0]["remainder"] in ("0.01", "-0.01")
