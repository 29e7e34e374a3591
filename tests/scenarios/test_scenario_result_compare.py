"""ScenarioResult sums and exports, and compare(): side by side with differences."""

from __future__ import annotations

import csv
import io
import sys
from decimal import Decimal
from typing import Any

import pytest

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import (
    Arrangement,
    ArrangementMatrix,
    Demand,
    EffortBased,
    OutputBased,
)
from jeugdinkoop.identifiers import MunicipalityCode
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Region
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import Comparison, Scenario, ScenarioLine, ScenarioResult, compare


@pytest.fixture(scope="module")
def region() -> Region:
    """Regio Voorbeeld: AMB paid by PxQ (effort), VBL by lumpsum."""
    return load_example_region()


def _lines() -> ScenarioResult:
    return ScenarioResult(
        "s",
        "voorbeeld",
        [
            ScenarioLine(2027, "0002", "AMB", None, "effort", Money("50.00"), 2),
            ScenarioLine(2026, "0001", "AMB", None, "effort", Money("100.00"), 4),
            ScenarioLine(2026, "0001", "VBL", "11111111", "lumpsum", Money("30.00"), 1),
        ],
        labels={"0001": "Voorstad", "0002": "Middeldorp"},
    )


def test_lines_sorted_and_summed() -> None:
    """Sum € 180.00; 0001: € 130.00 over 5 clients = € 26.00 each; 0002: € 50.00 / 2."""
    result = _lines()
    assert [line.year for line in result] == [2026, 2026, 2027]
    assert len(result) == 3
    assert result.total() == Money("180.00")
    assert result.by("municipality") == {
        (MunicipalityCode("0001"),): Money("130.00"),
        (MunicipalityCode("0002"),): Money("50.00"),
    }
    assert result.by() == {(): Money("180.00")}
    assert result.cost_per_client_by("municipality") == {
        (MunicipalityCode("0001"),): Money("26.00"),
        (MunicipalityCode("0002"),): Money("25.00"),
    }
    assert list(result.by("year", "segment")) == [(2026, "AMB"), (2026, "VBL"), (2027, "AMB")]


def test_unknown_key_is_refused() -> None:
    with pytest.raises(InvalidValue, match="'gemeente' is not a key to group by"):
        _lines().by("gemeente")


def test_rows_write_as_csv() -> None:
    rows = _lines().to_rows()
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    text = out.getvalue().splitlines()
    assert text[0].startswith("scenario,year,municipality,municipality_name,segment")
    assert text[1] == "s,2026,0001,Voorstad,AMB,,effort,4,100.00,25.00"
    assert text[2] == "s,2026,0001,Voorstad,VBL,11111111,lumpsum,1,30.00,30.00"


def test_html_uses_babel_amounts() -> None:
    """The table shows € 130,00 for Voorstad in nl_NL and totals per year."""
    page = _lines()._repr_html_()
    assert page.startswith("<table>")
    assert "0001 Voorstad" in page
    assert "€\xa0130,00" in page
    assert "€\xa0180,00" in page
    assert "<script" not in page


def test_html_escapes_names(region: Region) -> None:
    result = ScenarioResult("<b>x</b>", "r", [])
    assert "&lt;b&gt;x&lt;/b&gt;" in result.html()


def test_to_frame_with_pandas() -> None:
    pytest.importorskip("pandas")
    frame = _lines().to_frame()
    assert list(frame["cost"]) == [Decimal("100.00"), Decimal("30.00"), Decimal("50.00")]
    assert frame.groupby("municipality")["cost"].sum()["0001"] == Decimal("130.00")


def test_to_frame_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'jeugdinkoop\[pandas\]'"):
        _lines().to_frame()


def test_plot_without_matplotlib(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.pyplot", None)
    with pytest.raises(ImportError, match=r"pip install 'jeugdinkoop\[plot\]'"):
        _lines().plot()


def test_plot_draws_a_line_per_municipality() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    try:
        assert _lines().plot(ax) is ax
        assert [line.get_label() for line in ax.get_lines()] == ["0001 Voorstad", "0002 Middeldorp"]
        ydata: Any = ax.get_lines()[0].get_ydata()
        assert list(ydata) == [130.0, 0.0]
    finally:
        plt.close(fig)


def _iaj_variants(region: Region) -> tuple[Scenario, Scenario, Scenario]:
    """AMB (as the Achterhoek's IAJ) as PxQ, lumpsum and output-based on the same demand."""
    from jeugdinkoop.funding import Budget, Lumpsum

    demand = [
        Demand("0001", "AMB", 2026, 100, inflow=40, outflow=30, units_per_client_month=2),
        Demand("0002", "AMB", 2026, 50, inflow=20, outflow=20, units_per_client_month=2),
    ]
    pxq = Scenario("PxQ", region, demand)
    lumpsum = pxq.with_funding(
        "lumpsum",
        {
            "AMB": Lumpsum(
                [
                    Budget("11111111", "0001", "AMB", 2026, "200000.00"),
                    Budget("11111111", "0002", "AMB", 2026, "100000.00"),
                ]
            )
        },
    )
    output = pxq.with_funding(
        "output",
        {"AMB": OutputBased(ArrangementMatrix([Arrangement("1", "A", "1500.00")]))},
    )
    return pxq, lumpsum, output


def test_compare_iaj_lumpsum_pxq_output(region: Region) -> None:
    """IAJ-like AMB as PxQ, lumpsum and output-based; hand-worked at € 81.83/h, 2 h a month.

    0001: 105 avg × 12 × 2 = 2,520 h → PxQ € 206,211.60; lumpsum € 200,000.00; output
    40 new × € 1,500.00 = € 60,000.00.
    0002: 50 avg × 12 × 2 = 1,200 h → PxQ € 98,196.00; lumpsum € 100,000.00; output
    20 × € 1,500.00 = € 30,000.00.
    """
    comparison = compare(*_iaj_variants(region))
    assert comparison.names == ("PxQ", "lumpsum", "output")
    rows = comparison.table()
    assert [row.label for row in rows] == ["0001 Voorstad", "0002 Middeldorp"]
    assert rows[0].costs == (Money("206211.60"), Money("200000.00"), Money("60000.00"))
    assert rows[1].costs == (Money("98196.00"), Money("100000.00"), Money("30000.00"))
    assert comparison.differences() == {
        (MunicipalityCode("0001"),): (Money("-6211.60"), Money("-146211.60")),
        (MunicipalityCode("0002"),): (Money("1804.00"), Money("-68196.00")),
    }
    assert comparison.totals() == (Money("304407.60"), Money("300000.00"), Money("90000.00"))
    assert comparison.differences("year", "segment") == {
        (2026, "AMB"): (Money("-4407.60"), Money("-214407.60")),
    }


def test_compare_rows_html_and_frame(region: Region) -> None:
    comparison = compare(*_iaj_variants(region))
    rows = comparison.to_rows("year")
    assert rows == [
        {
            "year": "2026",
            "PxQ": "304407.60",
            "lumpsum": "300000.00",
            "output": "90000.00",
            "lumpsum - PxQ": "-4407.60",
            "output - PxQ": "-214407.60",
        }
    ]
    page = comparison._repr_html_()
    assert "€\xa0-146.211,60" in page
    assert "lumpsum − PxQ" in page
    pytest.importorskip("pandas")
    frame = comparison.to_frame()
    assert list(frame.columns) == [
        "municipality",
        "PxQ",
        "lumpsum",
        "output",
        "lumpsum - PxQ",
        "output - PxQ",
    ]


def test_compare_takes_results_and_an_executor(region: Region) -> None:
    from concurrent.futures import ThreadPoolExecutor

    pxq, lumpsum, output = _iaj_variants(region)
    with ThreadPoolExecutor(2) as pool:
        threaded = compare(pxq, lumpsum.run(), output, executor=pool)
    assert threaded == compare(pxq, lumpsum, output)


def test_compare_refuses_twin_names(region: Region) -> None:
    base = Scenario("basis", region)
    with pytest.raises(InvalidValue, match="'basis' occurs twice"):
        compare(base, base)
    with pytest.raises(InvalidValue, match="at least one"):
        Comparison(())


def test_missing_keys_cost_zero(region: Region) -> None:
    """A key one scenario lacks costs € 0.00 there; the difference is the whole amount."""
    a = ScenarioResult("a", "r", [ScenarioLine(2026, "0001", "AMB", None, "effort", Money(5), 1)])
    b = ScenarioResult("b", "r", [ScenarioLine(2026, "0002", "AMB", None, "effort", Money(7), 1)])
    assert Comparison((a, b)).differences() == {
        (MunicipalityCode("0001"),): (Money(-5),),
        (MunicipalityCode("0002"),): (Money(7),),
    }


def test_pxq_vbl_against_lumpsum(region: Region) -> None:
    """VBL 0001, 10 clients: lumpsum € 692,406.00 vs PxQ 3,648 days × € 171.62 = € 626,069.76."""
    base = Scenario(
        "lumpsum", region, [Demand("0001", "VBL", 2026, 10, units_per_client_month="30.4")]
    )
    comparison = compare(base, base.with_funding("PxQ", {"VBL": EffortBased()}))
    assert comparison.differences() == {(MunicipalityCode("0001"),): (Money("-66336.24"),)}
