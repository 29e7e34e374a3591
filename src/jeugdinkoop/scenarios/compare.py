"""Comparison [vergelijking]: scenarios side by side, with differences against the first.

Examples:
    >>> from jeugdinkoop.io import load_example_region
    >>> from jeugdinkoop.funding import EffortBased
    >>> from jeugdinkoop.scenarios import DemandAssumption, Scenario
    >>> demand = DemandAssumption("0002", "VBL", 5, inflow=2, outflow=2,
    ...                           units_per_client_month="30.4").expand(2026, 2026)
    >>> base = Scenario("lumpsum", load_example_region(), demand)
    >>> c = compare(base, base.with_funding("PxQ", {"VBL": EffortBased()}))
    >>> row = c.table()[0]
    >>> row.label, row.costs, row.differences
    ('0002 Middeldorp', (Money('346203.00'), Money('313034.88')), (Money('-33168.12'),))
"""

from __future__ import annotations

from collections.abc import Hashable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import attrs

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.model.fields import freeze
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import _render
from jeugdinkoop.scenarios.parallel import run_many
from jeugdinkoop.scenarios.result import ScenarioResult
from jeugdinkoop.scenarios.scenario import Scenario

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["Comparison", "ComparisonRow", "compare"]

Key = tuple[Hashable, ...]


@attrs.frozen
class ComparisonRow:
    """One row of a comparison: a key (a municipality, say) and its cost in every scenario.

    Args:
        key: the grouped key values (``(MunicipalityCode('0001'),)``).
        label: the key as text (``"0001 Voorstad"``).
        costs: the cost in each scenario, in the comparison's order.

    Examples:
        >>> from jeugdinkoop.money import Money
        >>> ComparisonRow((2026,), "2026", (Money("10.00"), Money("7.50"))).differences
        (Money('-2.50'),)

    .. versionadded:: 0.1
    """

    key: Key
    label: str
    costs: tuple[Money, ...] = attrs.field(converter=freeze)

    @property
    def differences(self) -> tuple[Money, ...]:
        """Each later scenario's cost minus the first's (the baseline's)."""
        return tuple(cost - self.costs[0] for cost in self.costs[1:])


def _check_results(
    instance: Comparison, attribute: attrs.Attribute[Any], value: tuple[ScenarioResult, ...]
) -> None:
    if not value:
        raise InvalidValue("Comparison.results: empty; compare at least one scenario")
    seen: set[str] = set()
    for result in value:
        if result.name in seen:
            raise InvalidValue(
                f"Comparison.results: scenario name {result.name!r} occurs twice; "
                "give each variant its own name (attrs.evolve(s, name=...))"
            )
        seen.add(result.name)


@attrs.frozen
class Comparison:
    """Comparison [vergelijking]: results side by side; the first is the baseline.

    Args:
        results: the results, baseline first; names must differ.

    Examples:
        >>> from jeugdinkoop.scenarios.result import ScenarioLine
        >>> from jeugdinkoop.money import Money
        >>> a = ScenarioResult("a", "r", [ScenarioLine(2026, "0001", "AMB", None, "effort",
        ...                                            Money("100.00"), 1)])
        >>> b = ScenarioResult("b", "r", [ScenarioLine(2026, "0001", "AMB", None, "output",
        ...                                            Money("80.00"), 1)])
        >>> Comparison((a, b)).differences("year")
        {(2026,): (Money('-20.00'),)}

    .. versionadded:: 0.1
    """

    results: tuple[ScenarioResult, ...] = attrs.field(converter=freeze, validator=_check_results)

    @property
    def names(self) -> tuple[str, ...]:
        """The scenarios' names, in order."""
        return tuple(r.name for r in self.results)

    @property
    def baseline(self) -> ScenarioResult:
        """The first result, which the others are measured against."""
        return self.results[0]

    def totals(self) -> tuple[Money, ...]:
        """The total cost of each scenario."""
        return tuple(r.total() for r in self.results)

    def table(self, *keys: str) -> tuple[ComparisonRow, ...]:
        """One row per key (default: per municipality), with the cost in every scenario.

        Args:
            *keys: some of ``"year"``, ``"municipality"``, ``"segment"``, ``"provider"``,
                ``"model"``; keys a scenario has no line for cost € 0 there.
        """
        keys = keys or ("municipality",)
        _render.check_keys(keys, "Comparison.table")
        sums = [r.by(*keys) for r in self.results]
        every = sorted({k for s in sums for k in s}, key=_render.sort_key)
        return tuple(
            ComparisonRow(
                key,
                self.baseline.key_label(key, keys),
                tuple(s.get(key, Money.zero()) for s in sums),
            )
            for key in every
        )

    def differences(self, *keys: str) -> dict[Key, tuple[Money, ...]]:
        """Each later scenario minus the baseline, per key (default: per municipality)."""
        return {row.key: row.differences for row in self.table(*keys)}

    def to_rows(self, *keys: str) -> list[dict[str, str]]:
        """The table as rows of text for CSV: key columns, one column per scenario, differences.

        Examples:
            >>> from jeugdinkoop.scenarios.result import ScenarioLine
            >>> from jeugdinkoop.money import Money
            >>> a = ScenarioResult("a", "r", [ScenarioLine(2026, "0001", "AMB", None, "effort",
            ...                                            Money("100.00"), 1)])
            >>> Comparison((a, attrs.evolve(a, name="b"))).to_rows()
            [{'municipality': '0001', 'a': '100.00', 'b': '100.00', 'b - a': '0.00'}]
        """
        keys = keys or ("municipality",)
        rows = []
        for row in self.table(*keys):
            record = {name: str(_render.plain(v)) for name, v in zip(keys, row.key, strict=True)}
            record.update({n: str(c.amount) for n, c in zip(self.names, row.costs, strict=True)})
            record.update(
                {
                    f"{n} - {self.names[0]}": str(d.amount)
                    for n, d in zip(self.names[1:], row.differences, strict=True)
                }
            )
            rows.append(record)
        return rows

    def to_frame(self, *keys: str) -> Any:
        """The table as a pandas DataFrame (amounts as ``Decimal``).

        Raises:
            ImportError: without pandas, naming ``pip install 'jeugdinkoop[pandas]'``.
        """
        pd = _render.pandas("Comparison.to_frame()")
        keys = keys or ("municipality",)
        columns = [
            *keys,
            *self.names,
            *(f"{n} - {self.names[0]}" for n in self.names[1:]),
        ]
        records = [
            (
                *(_render.plain(v) for v in row.key),
                *(c.amount for c in row.costs),
                *(d.amount for d in row.differences),
            )
            for row in self.table(*keys)
        ]
        return pd.DataFrame.from_records(records, columns=columns)

    def plot(self, ax: Axes | None = None) -> Axes:
        """A line chart of each scenario's total cost per year; returns the Axes.

        Amounts become floats here, for drawing only; tick labels go through Babel and
        the layout leaves room for them.

        Raises:
            ImportError: without matplotlib, naming ``pip install jeugdinkoop[plot]``.

        Examples:
            >>> from jeugdinkoop.scenarios.result import ScenarioLine
            >>> a = ScenarioResult("a", "r", [ScenarioLine(2026, "0001", "AMB", None, "effort",
            ...                                            Money("100.00"), 1)])
            >>> b = ScenarioResult("b", "r", [ScenarioLine(2026, "0001", "AMB", None, "output",
            ...                                            Money("80.00"), 1)])
            >>> try:
            ...     import matplotlib
            ...     matplotlib.use("Agg")
            ...     ax = Comparison((a, b)).plot()
            ... except ImportError as err:  # matplotlib is not installed
            ...     assert "pip install jeugdinkoop[plot]" in str(err)
            ... else:
            ...     assert [line.get_label() for line in ax.get_lines()] == ["a", "b"]
        """
        plt = _render.pyplot("Comparison.plot()")
        if ax is None:  # constrained layout: the euro tick labels are not clipped
            _, ax = plt.subplots(layout="constrained")
        years = sorted({line.year for r in self.results for line in r.lines})
        for result in self.results:
            per_year = result.by("year")
            # display only: matplotlib draws floats
            values = [float(per_year.get((y,), Money.zero()).amount) for y in years]
            ax.plot(years, values, marker="o", label=result.name)
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: Money(round(value)).format()))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("jaar")
        ax.set_ylabel("kosten")
        ax.set_title(" / ".join(self.names))
        ax.legend()
        return ax

    def html(self, *keys: str, locale: str = "nl_NL") -> str:
        """A plain HTML table: one column per scenario, then the differences (Babel amounts)."""
        header = [
            " / ".join(keys or ("gemeente",)),
            *self.names,
            *(f"{n} − {self.names[0]}" for n in self.names[1:]),
        ]
        rows = [
            [
                row.label,
                *(c.format(locale) for c in row.costs),
                *(d.format(locale) for d in row.differences),
            ]
            for row in self.table(*keys)
        ]
        totals = self.totals()
        rows.append(
            [
                "totaal",
                *(t.format(locale) for t in totals),
                *((t - totals[0]).format(locale) for t in totals[1:]),
            ]
        )
        return _render.table("vergelijking: " + ", ".join(self.names), header, rows)

    def _repr_html_(self) -> str:
        return self.html()


def compare(*scenarios: Scenario | ScenarioResult, executor: Executor | None = None) -> Comparison:
    """Run scenarios (results are taken as they are) and put them side by side.

    Args:
        *scenarios: the baseline first, then its variants; names must differ.
        executor: run the scenarios through this executor (see
            :func:`~jeugdinkoop.scenarios.run_many`); by default one after the other here.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> c = compare(Scenario("a", load_example_region()), Scenario("b", load_example_region()))
        >>> c.names, c.totals()
        (('a', 'b'), (Money('0'), Money('0')))
    """
    to_run = [s for s in scenarios if isinstance(s, Scenario)]
    if executor is not None:
        ran = iter(run_many(to_run, executor))
        results = [next(ran) if isinstance(s, Scenario) else s for s in scenarios]
    else:
        results = [s.run() if isinstance(s, Scenario) else s for s in scenarios]
    return Comparison(tuple(results))
