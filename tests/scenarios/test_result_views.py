"""Scenario results in a notebook: a numeric plotting frame, plots whose labels fit."""

from __future__ import annotations

from decimal import Decimal

import matplotlib
import pytest

from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import Comparison, ScenarioResult
from jeugdinkoop.scenarios.result import ScenarioLine

matplotlib.use("Agg")

BASE = ScenarioResult(
    "basis",
    "r",
    [
        ScenarioLine(2026, "0001", "AMB", None, "effort", Money("1234567.891"), "10.125"),
        ScenarioLine(2027, "0001", "AMB", None, "effort", Money("1300000.00"), 11),
    ],
)
OTHER = ScenarioResult(
    "pxq", "r", [ScenarioLine(2026, "0001", "AMB", None, "effort", Money("1000000.00"), 9)]
)


def test_the_default_frame_is_exact() -> None:
    """Clients 10.125 and cost 1234567.891 stay Decimal, unrounded."""
    frame = BASE.to_frame()
    assert frame["clients"].tolist()[0] == Decimal("10.125")
    assert frame["cost"].tolist()[0] == Decimal("1234567.891")


def test_the_plotting_frame_is_numeric_and_rounded() -> None:
    """Clients 10.125 → 10.13 (half up), cost 1234567.891 → 1234567.89; float64 columns."""
    view = BASE.to_frame(plot=True)
    assert view["clients"].tolist() == [10.13, 11.0]
    assert view["cost"].tolist() == [1234567.89, 1300000.0]
    assert {str(view[c].dtype) for c in ("clients", "cost")} == {"float64"}
    assert view.pivot_table(index="year", values="cost", aggfunc="sum").shape == (2, 1)
    empty = ScenarioResult("s", "r", []).to_frame(plot=True)
    assert str(empty["cost"].dtype) == "float64"


@pytest.mark.parametrize("make", [BASE.plot, Comparison((BASE, OTHER)).plot])
def test_plots_keep_their_tick_labels_inside_the_figure(make: object) -> None:
    """The euro labels (€ 1.300.000) lie inside the figure after drawing."""
    ax = make()  # type: ignore[operator]
    figure = ax.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    box = ax.get_tightbbox(renderer)
    width, height = figure.bbox.width, figure.bbox.height
    assert box.x0 >= 0
    assert box.y0 >= 0
    assert box.x1 <= width
    assert box.y1 <= height
    matplotlib.pyplot.close("all")


def test_comparison_plot_draws_each_scenario_per_year() -> None:
    """basis: 2026, 2027; pxq: 2026 and € 0 in 2027."""
    ax = Comparison((BASE, OTHER)).plot()
    lines = {line.get_label(): list(line.get_ydata()) for line in ax.get_lines()}  # type: ignore[arg-type, unused-ignore]  # matplotlib is typed only where installed
    assert lines == {"basis": [1234567.891, 1300000.0], "pxq": [1000000.0, 0.0]}
    matplotlib.pyplot.close("all")


def test_the_repr_is_one_short_line() -> None:
    """Two lines, 2026..2027, total 1234567.891 + 1300000.00 = 2534567.891."""
    assert repr(BASE) == (
        "ScenarioResult(name='basis', region='r', lines=2, years=2026..2027, draws=0, "
        "total=Money('2534567.891'))"
    )
