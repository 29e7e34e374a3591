"""Calibration [kalibratie]: every variant starts from the baseline's base-year spend.

Funding variants priced from unrelated tariffs cannot be compared: an output-based
variant priced at one trajectory amount may come out at a fifth of the lumpsum for no
other reason than the amount chosen. :func:`calibrate` does what the seeds' conversion
step does (funding-practice §3.3, step 2): it converts the base year's spend into each
variant's parameters budget-neutrally. Per municipality × segment it scales the variant
(lumpsum budgets, PxQ tariffs or output amounts alike, through the demand's
``price_factor``) by *baseline spend ÷ variant spend* in the base year, so that in the
base year every variant spends what the baseline spends — to the cent, the rounding
remainder stated per cell. What then differs between the variants in later years is
their dynamics alone: demand growth, indexation and who carries the risk.

:func:`demand_sensitivity` shows that risk as numbers: the same calibrated variants with
demand raised by a percentage, and how much of the extra care the municipality pays and
how much the providers carry unpaid.

Examples:
    >>> from jeugdinkoop.io import load_example_region
    >>> from jeugdinkoop.funding import EffortBased
    >>> from jeugdinkoop.scenarios import DemandAssumption, Scenario
    >>> demand = DemandAssumption("0002", "VBL", 5, inflow=2, outflow=2,
    ...                           units_per_client_month="30.4").expand(2026, 2027)
    >>> base = Scenario("lumpsum", load_example_region(), demand)
    >>> c = calibrate(base, [base.with_funding("PxQ", {"VBL": EffortBased()})])
    >>> cell = c.cells[0]
    >>> cell.baseline, cell.before, cell.after, cell.remainder
    (Money('346203.00'), Money('313034.88'), Money('346203.00'), Money('0.00'))
    >>> c.compare().totals()
    (Money('692406.00'), Money('692406.00'))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Final

import attrs

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Demand
from jeugdinkoop.identifiers import MunicipalityCode
from jeugdinkoop.model.fields import freeze, to_decimal
from jeugdinkoop.money import Money, exact_arithmetic
from jeugdinkoop.scenarios import _render
from jeugdinkoop.scenarios.compare import Comparison, compare
from jeugdinkoop.scenarios.result import ScenarioResult
from jeugdinkoop.scenarios.scenario import Scenario

__all__ = [
    "Calibration",
    "CalibrationCell",
    "RiskRow",
    "calibrate",
    "demand_sensitivity",
    "format_factor",
]

_ONE: Final = Decimal(1)
_HUNDRED: Final = Decimal(100)
_SHOWN_PLACES: Final = Decimal("0.000001")
_NEWTON_STEPS: Final = 4
"""Refinements of *want ÷ have* on the cell's own spend before the exact search."""
_SEARCH_STEPS: Final = 200
"""At most this many more runs of one cell to find a factor that hits the cent."""
_FINEST: Final = Decimal("1e-24")
"""Relative width of a factor interval below which the search stops."""

Cell = tuple[MunicipalityCode, str]


@attrs.frozen
class CalibrationCell:
    """One variant's calibration for one municipality and segment in the base year.

    Args:
        variant: the variant's name.
        municipality: the municipality.
        segment: the segment.
        baseline: the baseline's base-year spend (the target).
        before: the variant's base-year spend as priced, before calibration.
        factor: the scale on the variant's prices (``baseline ÷ before``); ``None`` when
            the variant spends nothing there, so there is nothing to scale.
        after: the variant's base-year spend after calibration.

    Examples:
        >>> from decimal import Decimal
        >>> c = CalibrationCell(variant="PxQ", municipality="0001", segment="AMB",
        ...                     baseline=Money("100.00"), before=Money("80.00"),
        ...                     factor=Decimal("1.25"), after=Money("100.00"))
        >>> c.remainder, c.calibrated
        (Money('0.00'), True)

    .. versionadded:: 0.2
    """

    variant: str
    municipality: MunicipalityCode
    segment: str
    baseline: Money
    before: Money
    factor: Decimal | None
    after: Money

    @property
    def remainder(self) -> Money:
        """The baseline's spend minus the calibrated spend: the rounding left over."""
        return self.baseline - self.after

    @property
    def calibrated(self) -> bool:
        """Whether the variant could be scaled to the baseline here."""
        return self.factor is not None


@attrs.frozen
class Calibration:
    """Calibration [kalibratie]: the variants scaled to the baseline's base-year spend.

    Build one with :func:`calibrate`.

    Args:
        base_year: the year whose spend every variant matches.
        scenarios: the baseline first, then the calibrated variants.
        cells: per variant, municipality and segment: spend before and after, factor.

    Examples:
        >>> c = Calibration(base_year=2026, scenarios=(), cells=())
        >>> c.remainder(), c.to_rows()
        (Money('0'), [])

    .. versionadded:: 0.2
    """

    base_year: int
    scenarios: tuple[Scenario, ...] = attrs.field(converter=freeze)
    cells: tuple[CalibrationCell, ...] = attrs.field(converter=freeze)

    @property
    def variants(self) -> tuple[str, ...]:
        """The calibrated variants' names, in order."""
        return tuple(s.name for s in self.scenarios[1:])

    def compare(self) -> Comparison:
        """Run the baseline and the calibrated variants side by side (all years)."""
        return compare(*self.scenarios)

    def remainder(self, variant: str | None = None) -> Money:
        """The summed rounding remainder of a variant's cells (of every variant by default)."""
        return Money.sum(c.remainder for c in self.cells if variant in (None, c.variant))

    def factors(self, variant: str) -> dict[Cell, Decimal | None]:
        """A variant's factor per (municipality, segment)."""
        return {(c.municipality, c.segment): c.factor for c in self.cells if c.variant == variant}

    def to_rows(self) -> list[dict[str, str]]:
        """One row of text per cell, for CSV."""
        return [
            {
                "variant": c.variant,
                "municipality": c.municipality.value,
                "segment": c.segment,
                "base_year": str(self.base_year),
                "baseline": str(c.baseline.amount),
                "before": str(c.before.amount),
                "factor": "" if c.factor is None else f"{c.factor.quantize(_SHOWN_PLACES):f}",
                "after": str(c.after.amount),
                "remainder": str(c.remainder.amount),
            }
            for c in self.cells
        ]

    def html(self, locale: str = "nl_NL") -> str:
        """A plain HTML table of the cells (Babel amounts)."""
        rows = [
            [
                f"{c.variant}: {c.municipality.value} {c.segment}",
                c.baseline.format(locale),
                c.before.format(locale),
                "niet te schalen" if c.factor is None else format_factor(c.factor),
                c.after.format(locale),
                c.remainder.format(locale),
            ]
            for c in self.cells
        ]
        return _render.table(
            f"kalibratie op {self.base_year}",
            ["variant: gemeente segment", "basislijn", "vóór", "factor", "na", "restant"],
            rows,
        )


def format_factor(factor: Decimal) -> str:
    """A calibration factor as text, six decimals with a decimal comma (Dutch).

    Examples:
        >>> format_factor(Decimal("5.2216401"))
        '5,221640'
    """
    return f"{factor.quantize(_SHOWN_PLACES):f}".replace(".", ",")


def _spend(result: ScenarioResult, year: int) -> dict[Cell, Money]:
    spend: dict[Cell, Money] = defaultdict(Money.zero)
    for line in result:
        if line.year == year:
            spend[(line.municipality, line.segment)] += line.cost
    return spend


def _scaled(scenario: Scenario, factors: dict[Cell, Decimal]) -> Scenario:
    demand = [
        attrs.evolve(d, price_factor=d.price_factor * factors[(d.municipality, d.segment)])
        if factors.get((d.municipality, d.segment), _ONE) != _ONE
        else d
        for d in scenario.demand
    ]
    return attrs.evolve(scenario, demand=demand)


def _cell_spend(scenario: Scenario, cell: Cell, year: int) -> Callable[[Decimal], Money]:
    """The base-year spend of one cell as a function of the factor on its price factors."""
    lines = [d for d in scenario.demand if d.year == year and (d.municipality, d.segment) == cell]

    def spend(factor: Decimal) -> Money:
        scaled = [attrs.evolve(d, price_factor=d.price_factor * factor) for d in lines]
        return _spend(attrs.evolve(scenario, demand=scaled).run(), year).get(cell, Money.zero())

    return spend


@exact_arithmetic
def _factor(spend: Callable[[Decimal], Money], want: Money, have: Money) -> Decimal:
    """A factor ``f`` with ``spend(f) == want``, or the one that comes closest.

    ``have`` is ``spend(1)``, a sum of lines each rounded to cents. *want ÷ have* alone
    misses by the lines' rounding times the factor (−0.36 at factor 221.9 for a line of
    € 3,120.05): the unrounded spend is not known. So the factor is first refined on the
    spend it gives (``f × want ÷ spend(f)``), then bracketed and bisected: the spend
    rises in steps of a cent per line with the factor, so when no two lines step at the
    same factor the target is hit exactly; when ``k`` lines step together it is missed by
    at most ``k // 2`` cents, and the caller reports that remainder.
    """
    factor = want.amount / have.amount
    if want.is_zero():
        return factor
    best: Decimal = factor
    best_gap: Money | None = None
    tried: dict[Decimal, Money] = {}

    def gap(f: Decimal) -> Money:
        """``spend(f) - want``, each factor run once; keeps the closest factor in ``best``."""
        nonlocal best, best_gap
        got = tried.get(f)
        if got is None:
            got = tried[f] = spend(f)
        if best_gap is None or abs(got - want) < best_gap:
            best, best_gap = f, abs(got - want)
        return got - want

    for _ in range(_NEWTON_STEPS):
        off = gap(factor)
        if off.is_zero():
            return factor
        got = want + off
        if got.is_zero():
            break
        factor = factor * want.amount / got.amount
    # bracket: lo spends too little, hi too much
    off = gap(factor)
    if off.is_zero():
        return factor
    step = _FINEST * 1000
    lo = hi = factor
    for _ in range(_SEARCH_STEPS // 2):
        if off < Money.zero():
            hi = factor * (_ONE + step)
            off = gap(hi)
        else:
            lo = factor * (_ONE - min(step, Decimal("0.5")))
            off = gap(lo)
        if off.is_zero():
            return best
        if gap(lo) < Money.zero() < gap(hi):
            break
        step *= 4
    else:
        return best
    for _ in range(_SEARCH_STEPS // 2):
        if hi - lo <= lo * _FINEST:
            break
        mid = (lo + hi) / 2
        off = gap(mid)
        if off.is_zero():
            return mid
        if off < Money.zero():
            lo = mid
        else:
            hi = mid
    return best


def calibrate(
    baseline: Scenario, variants: Iterable[Scenario], base_year: int | None = None
) -> Calibration:
    """Scale each variant so that its base-year spend equals the baseline's, per municipality × segment.

    The factor is *baseline spend ÷ variant spend* in the base year; it multiplies the
    price factor of every demand line of that municipality and segment in every year,
    so a lumpsum's budgets, a PxQ tariff and an output amount scale alike. Each model
    rounds its lines to cents, and the spend before calibration is such a rounded sum,
    so the quotient alone would miss by that rounding times the factor; the factor is
    therefore refined on the cell's own spend until that spend hits the target to the
    cent. Where ``k`` of a cell's lines step to the next cent at the same factor (equal
    lines, say) no factor hits every cent, and the spend is off by at most ``k // 2``
    cents: :attr:`CalibrationCell.remainder` states it, never hidden. A variant that spends
    nothing where the baseline spends something cannot be scaled; its cell says so
    (factor ``None``) and its remainder is the whole baseline spend. Where the baseline
    spends nothing, the factor is 0: budget-neutral means nothing there either.

    Args:
        baseline: the scenario the others are measured against.
        variants: the variants to calibrate (names unique, not the baseline's).
        base_year: the year to match (default: the baseline's first year of demand).

    Returns:
        The :class:`Calibration`: the scenarios and every cell's before, factor and after.

    Raises:
        InvalidValue: when the base year is not a year of the baseline's demand, or a
            name occurs twice.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.funding import EffortBased
        >>> from jeugdinkoop.scenarios import DemandAssumption
        >>> demand = DemandAssumption("0002", "VBL", 5, units_per_client_month=1).expand(
        ...     2026, 2026)
        >>> base = Scenario("lumpsum", load_example_region(), demand)
        >>> c = calibrate(base, [base.with_funding("PxQ", {"VBL": EffortBased()})])
        >>> c.cells[0].factor.quantize(Decimal("0.0001")), c.remainder()
        (Decimal('33.6211'), Money('0.00'))
    """
    others = tuple(variants)
    names = [baseline.name, *(v.name for v in others)]
    for name in names:
        if names.count(name) > 1:
            raise InvalidValue(
                f"calibrate: scenario name {name!r} occurs twice; give each variant its own name"
            )
    year = baseline.years[0] if base_year is None and baseline.years else base_year
    if year is None or year not in baseline.years:
        raise InvalidValue(
            f"calibrate: base year {base_year} is not a year of scenario {baseline.name!r}'s "
            f"demand {list(baseline.years)}; the base year must have demand to match"
        )
    target = _spend(baseline.run(), year)
    scenarios = [baseline]
    cells: list[CalibrationCell] = []
    for variant in others:
        before = _spend(variant.run(), year)
        keys = sorted(set(target) | set(before), key=lambda k: (k[0].value, k[1]))
        factors: dict[Cell, Decimal] = {}
        for key in keys:
            want, have = target.get(key, Money.zero()), before.get(key, Money.zero())
            if not have.is_zero():
                factors[key] = _factor(_cell_spend(variant, key, year), want, have)
        calibrated = _scaled(variant, factors)
        after = _spend(calibrated.run(), year)
        scenarios.append(calibrated)
        cells += [
            CalibrationCell(
                variant=variant.name,
                municipality=key[0],
                segment=key[1],
                baseline=target.get(key, Money.zero()),
                before=before.get(key, Money.zero()),
                factor=factors.get(key),
                after=after.get(key, Money.zero()),
            )
            for key in keys
        ]
    return Calibration(base_year=year, scenarios=tuple(scenarios), cells=tuple(cells))


@attrs.frozen
class RiskRow:
    """What a variant's spend does when demand rises, and who carries the extra care.

    The extra care is valued at the variant's own (calibrated) spend per unit of demand:
    demand ``pct`` % higher is ``pct`` % more care, worth ``spend × pct / 100``. What the
    municipality pays of it shows in its spend; the rest the providers deliver unpaid.

    Args:
        variant: the variant's name.
        spend: the variant's spend over the scenario's years at the expected demand.
        spend_more: the same with demand ``pct`` % higher.
        pct: the demand change in percent.

    Examples:
        >>> r = RiskRow(variant="lumpsum", spend=Money("1000.00"), spend_more=Money("1000.00"),
        ...             pct=Decimal(10))
        >>> r.extra_care, r.municipality_pays, r.providers_carry, r.municipality_share_pct
        (Money('100.00'), Money('0.00'), Money('100.00'), Decimal('0'))

    .. versionadded:: 0.2
    """

    variant: str
    spend: Money
    spend_more: Money
    pct: Decimal

    @property
    def extra_care(self) -> Money:
        """The extra care's value: ``spend × pct / 100``, half up to cents."""
        return (self.spend * self.pct / _HUNDRED).rounded()

    @property
    def municipality_pays(self) -> Money:
        """The rise in the municipality's spend."""
        return self.spend_more - self.spend

    @property
    def providers_carry(self) -> Money:
        """The extra care the providers deliver without pay (negative: paid more than the care)."""
        return self.extra_care - self.municipality_pays

    @property
    def municipality_share_pct(self) -> Decimal | None:
        """The municipality's part of the extra care in percent, whole; ``None`` without any."""
        if self.extra_care.is_zero():
            return None
        share = self.municipality_pays.amount * _HUNDRED / self.extra_care.amount
        return share.quantize(_ONE)


def _more(demand: Demand, factor: Decimal) -> Demand:
    return attrs.evolve(
        demand,
        clients_start=demand.clients_start * factor,
        inflow=demand.inflow * factor,
        outflow=demand.outflow * factor,
    )


def demand_sensitivity(
    scenarios: Sequence[Scenario], pct: Decimal | int | str = 10
) -> tuple[RiskRow, ...]:
    """Each scenario's spend with demand ``pct`` % higher (clients, inflow and outflow alike).

    Run it on calibrated scenarios (:attr:`Calibration.scenarios`), so that the variants
    start from the same spend: then a lumpsum shows the providers carrying the extra care
    and PxQ the municipality paying for it.

    Raises:
        InvalidValue: when ``pct`` is -100 or below.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.funding import EffortBased
        >>> from jeugdinkoop.scenarios import DemandAssumption
        >>> demand = DemandAssumption("0002", "VBL", 10, units_per_client_month=1).expand(
        ...     2026, 2026)
        >>> base = Scenario("lumpsum", load_example_region(), demand)
        >>> c = calibrate(base, [base.with_funding("PxQ", {"VBL": EffortBased()})])
        >>> [(r.variant, r.municipality_share_pct) for r in demand_sensitivity(c.scenarios)]
        [('lumpsum', Decimal('0')), ('PxQ', Decimal('100'))]
    """
    change = to_decimal(pct)
    if change <= -_HUNDRED:
        raise InvalidValue(f"demand_sensitivity: pct {change} must be above -100")
    factor = _ONE + change / _HUNDRED
    rows = []
    for scenario in scenarios:
        more = attrs.evolve(scenario, demand=[_more(d, factor) for d in scenario.demand])
        rows.append(
            RiskRow(
                variant=scenario.name,
                spend=scenario.run().total(),
                spend_more=more.run().total(),
                pct=change,
            )
        )
    return tuple(rows)
