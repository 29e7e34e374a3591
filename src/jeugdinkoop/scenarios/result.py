"""ScenarioResult [uitkomst]: cost lines per year × municipality × segment × provider.

Examples:
    >>> from decimal import Decimal
    >>> from jeugdinkoop.money import Money
    >>> line = ScenarioLine(2026, "0001", "AMB", None, "effort", Money("196560.00"), Decimal(105))
    >>> line.cost_per_client
    Money('1872.00')
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

import attrs

from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model.fields import freeze, to_municipality, to_optional_agb
from jeugdinkoop.money import Money
from jeugdinkoop.scenarios import _render

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_CENTS = Decimal("0.01")

__all__ = ["ScenarioLine", "ScenarioResult", "SpreadLine"]

Key = tuple[Hashable, ...]


def _to_optional_municipality(value: object) -> MunicipalityCode | None:
    return None if value is None else to_municipality(value)


def _to_labels(
    value: Mapping[MunicipalityCode, str]
    | Mapping[str, str]
    | Iterable[tuple[MunicipalityCode | str, str]],
) -> tuple[tuple[MunicipalityCode, str], ...]:
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((to_municipality(code), str(name)) for code, name in items)


@attrs.frozen
class ScenarioLine:
    """Expected cost of one year, municipality, segment and provider under one funding model.

    Args:
        year: the calendar year.
        municipality: the municipality that pays.
        segment: the segment.
        provider: the provider, where the model forecasts per provider (lumpsum); else ``None``.
        model: the registry name of the funding model that priced the line.
        cost: the expected cost, in whole cents.
        clients: average clients in care in the year (not rounded).

    Examples:
        >>> from jeugdinkoop.money import Money
        >>> line = ScenarioLine(2026, "0001", "VBL", "11111111", "lumpsum", Money("480000.00"), 40)
        >>> line.provider
        AGBCode('11111111')

    .. versionadded:: 0.1
    """

    year: int
    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    segment: str
    provider: AGBCode | None = attrs.field(converter=to_optional_agb)
    model: str
    cost: Money
    clients: Decimal = attrs.field(converter=Decimal)

    @property
    def cost_per_client(self) -> Money | None:
        """Cost ÷ average clients, half up to cents; ``None`` without clients."""
        if not self.clients:
            return None
        return (self.cost / self.clients).rounded()

    def key(self, *names: str) -> Key:
        """The values of some key fields (``"year"``, ``"municipality"``, …), in that order."""
        return tuple(getattr(self, name) for name in names)


@attrs.frozen
class SpreadLine:
    """The spread of simulated total cost for a year and municipality (Monte Carlo runs).

    Percentiles are *nearest rank*: the p-th percentile of n sorted draws is draw number
    ⌈p·n/100⌉ (at least the first), so each is one of the simulated amounts, exact.

    Args:
        year: the calendar year.
        municipality: the municipality; ``None`` for the whole region.
        mean: the mean over the draws, half up to cents.
        p5: the 5th percentile.
        p50: the median.
        p95: the 95th percentile.

    Examples:
        >>> from jeugdinkoop.money import Money
        >>> s = SpreadLine(2026, None, Money("10.00"), Money("8.00"), Money("10.00"),
        ...                Money("12.00"))
        >>> s.width
        Money('4.00')

    .. versionadded:: 0.1
    """

    year: int
    municipality: MunicipalityCode | None = attrs.field(converter=_to_optional_municipality)
    mean: Money
    p5: Money
    p50: Money
    p95: Money

    @property
    def width(self) -> Money:
        """p95 − p5: the band that holds 90 % of the draws."""
        return self.p95 - self.p5


def _line_order(line: ScenarioLine) -> tuple[Hashable, ...]:
    return (
        line.year,
        line.municipality.value,
        line.segment,
        _render.plain(line.provider),
        line.model,
    )


def _sorted_lines(lines: object) -> tuple[ScenarioLine, ...]:
    return tuple(sorted(freeze(lines), key=_line_order))  # type: ignore[arg-type]


def _sorted_spread(lines: object) -> tuple[SpreadLine, ...]:
    return tuple(
        sorted(
            freeze(lines),  # type: ignore[arg-type]
            key=lambda s: (s.year, s.municipality is not None, _render.plain(s.municipality)),
        )
    )


@attrs.frozen(repr=False)
class ScenarioResult:
    """ScenarioResult [uitkomst]: a scenario's cost per year × municipality × segment × provider.

    ``lines`` are the expected values. A Monte Carlo run (``Scenario.run(draws=n)``)
    adds ``spread``: percentiles of the simulated total cost per year and municipality,
    and per year for the whole region (``municipality=None``).

    Args:
        name: the scenario's name.
        region: the region's code.
        lines: the cost lines, sorted by year, municipality, segment, provider, model.
        spread: the Monte Carlo spread (empty for an expected-value run).
        draws: the number of Monte Carlo draws (0: expected values only).
        seed: the seed of the draws.
        labels: municipality names by code, for tables and charts.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.scenarios import DemandAssumption, Scenario
        >>> region = load_example_region()
        >>> demand = DemandAssumption("0001", "AMB", clients_start=100, inflow=40, outflow=30,
        ...                           units_per_client_month=2).expand(2025, 2025)
        >>> result = Scenario("basis", region, demand).run()
        >>> result.total()
        Money('196560.00')
        >>> result.by("municipality")
        {(MunicipalityCode('0001'),): Money('196560.00')}
        >>> result.to_rows()[0]["cost"]
        '196560.00'

    .. versionadded:: 0.1
    """

    name: str
    region: str
    lines: tuple[ScenarioLine, ...] = attrs.field(converter=_sorted_lines)
    spread: tuple[SpreadLine, ...] = attrs.field(default=(), converter=_sorted_spread)
    draws: int = 0
    seed: int | None = None
    labels: tuple[tuple[MunicipalityCode, str], ...] = attrs.field(default=(), converter=_to_labels)

    def __iter__(self) -> Iterator[ScenarioLine]:
        return iter(self.lines)

    def __len__(self) -> int:
        return len(self.lines)

    def __repr__(self) -> str:
        """A short ``repr``: name, region, counts, years and the total, never every line.

        Examples:
            >>> ScenarioResult("basis", "r", [])
            ScenarioResult(name='basis', region='r', lines=0, years=(), draws=0, total=Money('0'))
        """
        years = self.years
        span = f"{years[0]}..{years[-1]}" if years else "()"
        return (
            f"ScenarioResult(name={self.name!r}, region={self.region!r}, "
            f"lines={len(self.lines)}, years={span}, draws={self.draws}, total={self.total()!r})"
        )

    # -- sums -------------------------------------------------------------------------
    def total(self) -> Money:
        """The cost of every line.

        Examples:
            >>> ScenarioResult("leeg", "voorbeeld", []).total()
            Money('0')
        """
        return Money.sum(line.cost for line in self.lines)

    def by(self, *keys: str) -> dict[Key, Money]:
        """Cost summed per combination of key fields, sorted.

        Args:
            *keys: some of ``"year"``, ``"municipality"``, ``"segment"``, ``"provider"``,
                ``"model"``.

        Raises:
            InvalidValue: for an unknown key.

        Examples:
            >>> from jeugdinkoop.money import Money
            >>> r = ScenarioResult("s", "r", [
            ...     ScenarioLine(2026, "0001", "AMB", None, "effort", Money("10.00"), 1),
            ...     ScenarioLine(2027, "0001", "AMB", None, "effort", Money("12.00"), 1)])
            >>> r.by("year")
            {(2026,): Money('10.00'), (2027,): Money('12.00')}
        """
        _render.check_keys(keys, "ScenarioResult.by")
        sums: dict[Key, Money] = defaultdict(Money.zero)
        for line in self.lines:
            sums[line.key(*keys)] += line.cost
        return {k: sums[k] for k in sorted(sums, key=_render.sort_key)}

    def clients_by(self, *keys: str) -> dict[Key, Decimal]:
        """Average clients summed per combination of key fields (see :meth:`by`).

        Examples:
            >>> from jeugdinkoop.money import Money
            >>> r = ScenarioResult("s", "r", [
            ...     ScenarioLine(2026, "0001", "AMB", None, "effort", Money("10.00"), 3)])
            >>> r.clients_by("municipality")
            {(MunicipalityCode('0001'),): Decimal('3')}
        """
        _render.check_keys(keys, "ScenarioResult.clients_by")
        sums: dict[Key, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            sums[line.key(*keys)] += line.clients
        return {k: sums[k] for k in sorted(sums, key=_render.sort_key)}

    def cost_per_client_by(self, *keys: str) -> dict[Key, Money | None]:
        """Cost ÷ clients per combination of key fields, half up to cents.

        Examples:
            >>> from jeugdinkoop.money import Money
            >>> r = ScenarioResult("s", "r", [
            ...     ScenarioLine(2026, "0001", "AMB", None, "effort", Money("10.00"), 3)])
            >>> r.cost_per_client_by("year")
            {(2026,): Money('3.33')}
        """
        costs = self.by(*keys)
        clients = self.clients_by(*keys)
        return {
            k: (cost / clients[k]).rounded() if clients[k] else None for k, cost in costs.items()
        }

    @property
    def years(self) -> tuple[int, ...]:
        """The years with lines, in order."""
        return tuple(sorted({line.year for line in self.lines}))

    @property
    def municipalities(self) -> tuple[MunicipalityCode, ...]:
        """The municipalities with lines, by code."""
        return tuple(sorted({line.municipality for line in self.lines}, key=lambda m: m.value))

    def label(self, municipality: MunicipalityCode | None) -> str:
        """``"0001 Voorstad"``: code and name; ``"regio"`` for ``None``.

        Examples:
            >>> ScenarioResult("s", "r", [], labels={"0001": "Voorstad"}).label(
            ...     MunicipalityCode("0001"))
            '0001 Voorstad'
        """
        if municipality is None:
            return "regio"
        names = dict(self.labels)
        name = names.get(municipality)
        return f"{municipality.value} {name}" if name else municipality.value

    def key_label(self, key: Key, keys: tuple[str, ...]) -> str:
        """A grouped key as text: municipalities with their names, no provider as ``(all)``.

        Examples:
            >>> ScenarioResult("s", "r", []).key_label((2026, None), ("year", "provider"))
            '2026 / (all)'
        """
        parts = []
        for name, value in zip(keys, key, strict=True):
            if name == "municipality" and isinstance(value, MunicipalityCode):
                parts.append(self.label(value))
            elif name == "provider" and value is None:
                parts.append("(all)")
            else:
                parts.append(str(_render.plain(value)))
        return " / ".join(parts)

    # -- export -----------------------------------------------------------------------
    def to_rows(self) -> list[dict[str, str]]:
        """One dict of text per line, for :class:`csv.DictWriter`; amounts as ``1234.56``.

        Examples:
            >>> from jeugdinkoop.money import Money
            >>> r = ScenarioResult("s", "r", [
            ...     ScenarioLine(2026, "0001", "AMB", None, "effort", Money("10.00"), 3)])
            >>> r.to_rows()
            [{'scenario': 's', 'year': '2026', 'municipality': '0001', 'municipality_name': '',
              'segment': 'AMB', 'provider': '', 'model': 'effort', 'clients': '3',
              'cost': '10.00', 'cost_per_client': '3.33'}]
        """
        names = dict(self.labels)
        rows = []
        for line in self.lines:
            per_client = line.cost_per_client
            rows.append(
                {
                    "scenario": self.name,
                    "year": str(line.year),
                    "municipality": line.municipality.value,
                    "municipality_name": names.get(line.municipality, ""),
                    "segment": line.segment,
                    "provider": "" if line.provider is None else line.provider.value,
                    "model": line.model,
                    "clients": _render.quantity(line.clients),
                    "cost": str(line.cost.amount),
                    "cost_per_client": "" if per_client is None else str(per_client.amount),
                }
            )
        return rows

    def spread_rows(self) -> list[dict[str, str]]:
        """The Monte Carlo spread as rows of text (empty for an expected-value run).

        Examples:
            >>> ScenarioResult("s", "r", []).spread_rows()
            []
        """
        return [
            {
                "scenario": self.name,
                "year": str(s.year),
                "municipality": "" if s.municipality is None else s.municipality.value,
                "mean": str(s.mean.amount),
                "p5": str(s.p5.amount),
                "p50": str(s.p50.amount),
                "p95": str(s.p95.amount),
            }
            for s in self.spread
        ]

    def to_frame(self, *, plot: bool = False) -> Any:
        """The lines as a pandas DataFrame (amounts and clients as ``Decimal``).

        With ``plot=True`` the frame is a view for drawing: ``clients`` rounded to two
        decimals and ``cost`` to cents, both as floats, so that pandas can plot and sum
        them as numbers (``frame.pivot_table(...).plot()``). Keep the default for sums
        that must be exact.

        Raises:
            ImportError: without pandas, naming ``pip install 'jeugdinkoop[pandas]'``.

        Examples:
            >>> try:
            ...     frame = ScenarioResult("s", "r", []).to_frame()
            ... except ImportError as err:  # pandas is not installed
            ...     assert "pip install 'jeugdinkoop[pandas]'" in str(err)
            ... else:
            ...     assert list(frame.columns)[:3] == ["scenario", "year", "municipality"]
            >>> from jeugdinkoop.money import Money
            >>> r = ScenarioResult("s", "r", [
            ...     ScenarioLine(2026, "0001", "AMB", None, "effort", Money("10.00"), "2.345")])
            >>> view = r.to_frame(plot=True)
            >>> view["clients"].tolist(), view["cost"].tolist(), str(view["cost"].dtype)
            ([2.35], [10.0], 'float64')
        """
        pd = _render.pandas("ScenarioResult.to_frame()")
        names = dict(self.labels)
        columns = [
            "scenario",
            "year",
            "municipality",
            "municipality_name",
            "segment",
            "provider",
            "model",
            "clients",
            "cost",
        ]
        records = [
            (
                self.name,
                line.year,
                line.municipality.value,
                names.get(line.municipality, ""),
                line.segment,
                None if line.provider is None else line.provider.value,
                line.model,
                float(line.clients.quantize(_CENTS, ROUND_HALF_UP)) if plot else line.clients,
                float(line.cost.rounded().amount) if plot else line.cost.amount,
            )
            for line in self.lines
        ]
        frame = pd.DataFrame.from_records(records, columns=columns)
        if plot:  # an empty frame has object columns; a plotting view is numeric always
            frame = frame.astype({"clients": "float64", "cost": "float64"})
        return frame

    def plot(self, ax: Axes | None = None) -> Axes:
        """A line chart of cost per municipality per year; returns the Axes.

        Amounts become floats here, for drawing only; tick labels go through Babel.

        Raises:
            ImportError: without matplotlib, naming ``pip install 'jeugdinkoop[plot]'``.

        Examples:
            >>> try:
            ...     import matplotlib
            ...     matplotlib.use("Agg")
            ... except ImportError:
            ...     pass
            >>> try:
            ...     ax = ScenarioResult("s", "r", []).plot()
            ... except ImportError as err:  # matplotlib is not installed
            ...     assert "pip install 'jeugdinkoop[plot]'" in str(err)
            ... else:
            ...     assert ax.get_title() == "s"
        """
        plt = _render.pyplot("ScenarioResult.plot()")
        if ax is None:  # constrained layout: the euro tick labels are not clipped
            _, ax = plt.subplots(layout="constrained")
        by = self.by("municipality", "year")
        years = self.years
        for municipality in self.municipalities:
            values = [
                # display only: matplotlib draws floats
                float(by.get((municipality, year), Money.zero()).amount)
                for year in years
            ]
            ax.plot(years, values, marker="o", label=self.label(municipality))
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax.yaxis.set_major_formatter(FuncFormatter(lambda value, _: Money(round(value)).format()))
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel("jaar")
        ax.set_ylabel("kosten")
        ax.set_title(self.name)
        if self.lines:
            ax.legend()
        return ax

    def html(self, locale: str = "nl_NL") -> str:
        """A plain HTML table of cost per municipality × year, with totals (Babel amounts).

        A Monte Carlo run adds a table of p5 / p50 / p95 per year and municipality.

        Examples:
            >>> from jeugdinkoop.money import Money
            >>> r = ScenarioResult("s", "r", [
            ...     ScenarioLine(2026, "0001", "AMB", None, "effort", Money("1234.56"), 3)])
            >>> "€1,234.56" in r.html("en_GB")
            True
        """
        years = self.years
        by = self.by("municipality", "year")
        rows = []
        for municipality in self.municipalities:
            amounts = [by.get((municipality, year), Money.zero()) for year in years]
            rows.append(
                [
                    self.label(municipality),
                    *(a.format(locale) for a in amounts),
                    Money.sum(amounts).format(locale),
                ]
            )
        per_year = self.by("year")
        rows.append(
            [
                "totaal",
                *(per_year.get((y,), Money.zero()).format(locale) for y in years),
                self.total().format(locale),
            ]
        )
        header = ["gemeente", *(str(y) for y in years), "totaal"]
        parts = [_render.table(f"{self.name} ({self.region})", header, rows)]
        if self.spread:
            spread_rows = [
                [
                    f"{s.year} {self.label(s.municipality)}",
                    s.p5.format(locale),
                    s.p50.format(locale),
                    s.p95.format(locale),
                ]
                for s in self.spread
            ]
            parts.append(
                _render.table(
                    f"spreiding over {self.draws} trekkingen (seed {self.seed})",
                    ["jaar en gemeente", "p5", "p50", "p95"],
                    spread_rows,
                )
            )
        return "".join(parts)

    def _repr_html_(self) -> str:
        return self.html()
