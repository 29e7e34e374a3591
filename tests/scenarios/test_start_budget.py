"""lumpsum_start_budget: the Achterhoek's seven steps (seed 001 §3.3), exact to the cent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Lumpsum
from jeugdinkoop.identifiers import MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import (
    HistoricUse,
    LocalEstimate,
    Scenario,
    lumpsum_start_budget,
)


@pytest.fixture(scope="module")
def region() -> Region:
    """Regio Voorbeeld: AMB paid by PxQ (effort), VBL by lumpsum."""
    return load_example_region()


ACHTERHOEK = {
    "0197": "Aalten",
    "1859": "Berkelland",
    "1876": "Bronckhorst",
    "0222": "Doetinchem",
    "1955": "Montferland",
    "1586": "Oost Gelre",
    "1509": "Oude IJsselstreek",
    "0294": "Winterswijk",
}


def test_worked_example_of_regions_md() -> None:
    """The worked example of regions.md gives exactly € 1,239,955.20.

    Historic € 1,200,000.00 for 300 clients → € 4,000.00 per client; 320 expected
    clients → € 1,280,000.00; local −5 % → € 1,216,000.00; indexation +3 % →
    € 1,252,480.00; efficiency −1 % → € 1,239,955.20.
    """
    budget = lumpsum_start_budget(
        "IAJ",
        HistoricUse("IAJ", Money("1200000.00"), 300),
        [LocalEstimate("0222", 320, adjustment_pct=-5)],
        indexation_pct=3,
        efficiency_pct=-1,
    )
    assert budget.historic_spend == Money("1200000.00")
    assert budget.historic_clients == 300
    assert budget.average_per_client == Money("4000.00")
    assert budget.expected_clients == 320
    assert budget.base == Money("1280000.00")
    assert budget.adjusted == Money("1216000.00")
    assert budget.indexed == Money("1252480.00")
    assert budget.efficient == Money("1239955.20")
    assert budget.total == Money("1239955.20")
    assert budget.total.amount.as_tuple().exponent == -2
    assert budget.municipality("0222").budget == Money("1239955.20")
    steps = {s.number: s.amount for s in budget.steps()}
    assert steps == {
        "1": None,
        "2": Money("1200000.00"),
        "3": None,
        "4": Money("1280000.00"),
        "5": Money("1216000.00"),
        "6": Money("1216000.00"),
        "7a": Money("1252480.00"),
        "7b": Money("1239955.20"),
        "=": Money("1239955.20"),
    }


def test_worked_example_over_eight_municipalities() -> None:
    """The same 320 clients over the eight Achterhoek municipalities, all at −5 %.

    40 each → € 154,994.40 each (40 × 4,000 × 0.95 × 1.03 × 0.99), total € 1,239,955.20.
    """
    budget = lumpsum_start_budget(
        "IAJ",
        HistoricUse("IAJ", Money("1200000.00"), 300),
        [LocalEstimate(code, 40, adjustment_pct=-5, name=n) for code, n in ACHTERHOEK.items()],
        indexation_pct=3,
        efficiency_pct=-1,
    )
    assert budget.total == Money("1239955.20")
    assert {m.budget for m in budget.municipalities} == {Money("154994.40")}
    assert {m.share_pct for m in budget.municipalities} == {Decimal("12.5")}
    assert budget.municipality("0222").label == "0222 Doetinchem"
    assert budget.municipality("0222").per_client == Money("3874.86")


def test_shares_add_up_to_the_cent() -> None:
    """€ 1,000.00 for 3 clients → € 333.333… per client; 1 + 1 + 1 clients at 0 %, +1 %, −1 %.

    Exact after step 5: 333.33…, 336.66…, 330.00 → 1,000.00. Indexation 1.5 %: 338.333…,
    341.716…, 334.95 → exact total 1,015.00; shares 338.33 + 341.72 + 334.95 = 1,015.00.
    The step-6 shares (33.3…, 33.6…, 33.0 %) add up to 100 within Decimal's 28 digits.
    """
    budget = lumpsum_start_budget(
        "GWV",
        HistoricUse("GWV", Money("1000.00"), 3),
        [
            LocalEstimate("0197", 1),
            LocalEstimate("1859", 1, adjustment_pct=1),
            LocalEstimate("1876", 1, adjustment_pct=-1),
        ],
        indexation_pct="1.5",
    )
    assert budget.total == Money("1015.00")
    assert Money.sum(m.budget for m in budget.municipalities) == budget.total
    assert [m.budget for m in budget.municipalities] == [
        Money("338.33"),
        Money("341.72"),
        Money("334.95"),
    ]
    total_pct = sum((m.share_pct for m in budget.municipalities), Decimal(0))
    assert abs(total_pct - 100) < Decimal("1e-20")


def test_conversion_of_old_products() -> None:
    """Step 2 converts old products: 45A53 whole and half of 45A54.

    45A53 (€ 900,000.00, 200 clients) and half of 45A54 (€ 600,000.00, 200 clients)
    → € 1,200,000.00 over 300 clients = € 4,000.00 per client; 10 clients → € 40,000.00.
    """
    budget = lumpsum_start_budget(
        "IAJ",
        [
            HistoricUse("45A53", Money("900000.00"), 200),
            HistoricUse("45A54", Money("600000.00"), 200, share_pct=50),
        ],
        [LocalEstimate("0222", 10)],
    )
    assert budget.historic_spend == Money("1200000.00")
    assert budget.historic_clients == 300
    assert budget.average_per_client == Money("4000")
    assert budget.total == Money("40000.00")


@settings(deadline=None, database=None, max_examples=60)
@given(
    clients=st.lists(st.integers(0, 5000), min_size=1, max_size=8),
    adjustments=st.lists(st.decimals(-50, 50, places=2), min_size=8, max_size=8),
    spend=st.integers(1, 10**9),
    historic=st.integers(1, 10**5),
    indexation=st.decimals(-5, 10, places=2),
    efficiency=st.decimals(-10, 0, places=2),
)
def test_shares_always_add_up(
    *,
    clients: list[int],
    adjustments: list[Decimal],
    spend: int,
    historic: int,
    indexation: Decimal,
    efficiency: Decimal,
) -> None:
    codes = list(ACHTERHOEK)
    budget = lumpsum_start_budget(
        "IAJ",
        HistoricUse("IAJ", Money.from_cents(spend), historic),
        [LocalEstimate(codes[i], n, adjustment_pct=adjustments[i]) for i, n in enumerate(clients)],
        indexation_pct=indexation,
        efficiency_pct=efficiency,
    )
    assert budget.total == budget.efficient.rounded()
    assert Money.sum(m.budget for m in budget.municipalities) == budget.total
    assert all(m.budget >= Money.zero() for m in budget.municipalities)
    for part in budget.municipalities:
        assert abs(part.budget - part.efficient) < Money("0.02") * len(clients)


def test_errors_name_the_rule() -> None:
    history = HistoricUse("IAJ", Money("1000.00"), 10)
    with pytest.raises(InvalidValue, match="no municipality estimates"):
        lumpsum_start_budget("IAJ", history, [])
    with pytest.raises(InvalidValue, match="'0222' has two estimates"):
        lumpsum_start_budget("IAJ", history, [LocalEstimate("0222", 1), LocalEstimate("0222", 2)])
    with pytest.raises(InvalidValue, match="no historic clients"):
        lumpsum_start_budget("IAJ", HistoricUse("IAJ", Money(1), 0), [LocalEstimate("0222", 1)])
    with pytest.raises(InvalidValue, match=r"efficiency_pct 1 is the gain asked as a signed"):
        lumpsum_start_budget("IAJ", history, [LocalEstimate("0222", 1)], efficiency_pct=1)
    with pytest.raises(InvalidValue, match="must be above -100"):
        LocalEstimate("0222", 1, adjustment_pct=-100)
    with pytest.raises(InvalidValue, match="not a percentage from 0 to 100"):
        HistoricUse("IAJ", Money(1), 1, share_pct=101)


def test_budgets_feed_a_lumpsum_scenario(region: Region) -> None:
    """A start budget, split over providers, becomes a scenario's Lumpsum model.

    € 400,000.00 for 8 clients = € 50,000.00 each; 0001 expects 4 → € 200,000.00, split
    3 : 1 → € 150,000.00 + € 50,000.00; 0002 expects 2 → € 75,000.00 + € 25,000.00.
    """
    from jeugdinkoop.funding import Demand

    budget = lumpsum_start_budget(
        region.segment("VBL"),
        HistoricUse("VBL", Money("400000.00"), 8),
        [LocalEstimate("0001", 4), LocalEstimate("0002", 2)],
    )
    assert budget.description == "Gezinshuizen en verblijf met behandeling."
    budgets = budget.budgets(2027, {"11111111": 3, "33333333": 1})
    assert [(b.provider.value, b.municipality.value, b.amount) for b in budgets] == [
        ("11111111", "0001", Money("150000.00")),
        ("33333333", "0001", Money("50000.00")),
        ("11111111", "0002", Money("75000.00")),
        ("33333333", "0002", Money("25000.00")),
    ]
    scenario = Scenario(
        "start",
        region,
        [Demand("0001", "VBL", 2027, 4), Demand("0002", "VBL", 2027, 2)],
        funding={"VBL": Lumpsum(budgets)},
    )
    assert scenario.run().by("municipality") == {
        (MunicipalityCode("0001"),): Money("200000.00"),
        (MunicipalityCode("0002"),): Money("100000.00"),
    }


def test_report_rows_and_html() -> None:
    budget = lumpsum_start_budget(
        "IAJ",
        HistoricUse("IAJ", Money("1200000.00"), 300),
        [LocalEstimate("0222", 320, adjustment_pct=-5, name="Doetinchem", reason="POH Jeugd")],
        indexation_pct=3,
        efficiency_pct=-1,
    )
    assert budget.to_rows() == [
        {
            "segment": "IAJ",
            "municipality": "0222",
            "name": "Doetinchem",
            "expected_clients": "320",
            "base": "1280000.00",
            "adjustment_pct": "-5",
            "adjusted": "1216000.00",
            "share_pct": "100",
            "indexed": "1252480.00",
            "efficient": "1239955.20",
            "budget": "1239955.20",
        }
    ]
    page = budget._repr_html_()
    assert "€\xa01.239.955,20" in page
    assert "7b. efficiëntie" in page
    with pytest.raises(KeyError, match="'0197' has no part"):
        budget.municipality("0197")


def test_one_lumpsum_offer_per_organisation_across_segments() -> None:
    """Seed 001:L192, one amount per organisation: Achterhoek's 2025 budgets in Doetinchem.

    Coöperatie Slingeland (99200001): IAJ €237,600.00 + WIO €286,900.00 = €524,500.00, one
    offer; the parts stay visible. Two budgets for one key are refused, naming it.
    """
    from jeugdinkoop.funding import Budget
    from jeugdinkoop.io import load_embedded_region
    from jeugdinkoop.scenarios import lumpsum_offers

    region = load_embedded_region("achterhoek")
    budgets = [
        b
        for s in region.segments
        for b in getattr(region.funding_of(s.code), "budgets", ())
        if isinstance(b, Budget)
    ]
    (offer,) = [
        o
        for o in lumpsum_offers(budgets)
        if (o.provider.value, o.municipality.value, o.year) == ("99200001", "0222", 2025)
    ]
    assert (Money("524500.00"), ("IAJ", "WIO")) == (offer.total, tuple(s for s, _ in offer.parts))
    twice = Budget("99200001", "0222", "IAJ", 2025, "1.00")
    with pytest.raises(InvalidValue, match=r"segment 'IAJ' has two budgets for 2025"):
        lumpsum_offers([twice, twice])
