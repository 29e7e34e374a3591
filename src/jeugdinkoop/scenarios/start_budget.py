"""The lumpsum start budget [startbudget]: the Achterhoek's seven steps, every amount visible.

Seed 001 (Achterhoek) §3.3 sets the budget a segment is put on the market for in seven
steps:

1. define the segment;
2. convert the old products to it (a share of each old product's spend and clients);
3. estimate the clients (and so the turnover) for the coming year, per municipality;
4. historic spend ÷ historic clients = the average spend per client; × the expected
   clients = a first estimate;
5. per municipality, local developments (a youth practice nurse, a stronger social
   base) that change the use, as a percentage;
6. the regional total, with every municipality's share in it visible;
7. then indexation (a) and the efficiency gain asked of providers (b); (c) chain
   agreements and (d) comparison with peer municipalities are judgements the result
   supports (cost per client per municipality) but does not compute.

**Rounding.** The seed names no rounding step, so none is made on the way: every step
is exact (``Decimal``, 28 significant digits). Once, at the end, the regional total is
rounded half up to cents, and split over the municipalities with
:meth:`~jeugdinkoop.money.Money.allocate` in proportion to their exact amounts, so the
shares add up to the total to the cent.

Examples:
    The worked example of ``reference/regions.md``: historic € 1,200,000.00 for 300
    clients is € 4,000.00 per client; 320 expected clients make € 1,280,000.00; a local
    adjustment of −5 % € 1,216,000.00; indexation +3 % € 1,252,480.00; an efficiency
    gain of 1 % (a change of −1 %) € 1,239,955.20.

    **Signs.** Every percentage is a signed change: ``adjustment_pct=-5`` and
    ``efficiency_pct=-1`` lower the budget, ``indexation_pct=3`` raises it.

    >>> from jeugdinkoop.money import Money
    >>> b = lumpsum_start_budget("IAJ", HistoricUse("IAJ", Money("1200000.00"), 300),
    ...                          [LocalEstimate("0222", 320, adjustment_pct=-5)],
    ...                          indexation_pct=3, efficiency_pct=-1)
    >>> [a.format("en_GB") for a in (b.average_per_client, b.base, b.adjusted, b.indexed)]
    ['€4,000.00', '€1,280,000.00', '€1,216,000.00', '€1,252,480.00']
    >>> b.total
    Money('1239955.20')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Final

import attrs

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Budget
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model import Segment
from jeugdinkoop.model.fields import (
    freeze,
    non_empty,
    not_negative,
    to_agb,
    to_decimal,
    to_money,
    to_municipality,
)
from jeugdinkoop.money import Money, exact_arithmetic
from jeugdinkoop.scenarios import _render

__all__ = [
    "HistoricUse",
    "LocalEstimate",
    "LumpsumOffer",
    "MunicipalityBudget",
    "StartBudget",
    "Step",
    "lumpsum_offers",
    "lumpsum_start_budget",
]

_HUNDRED: Final = Decimal(100)


def _percentage(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if not 0 <= value <= _HUNDRED:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name}: {value} is not a percentage from 0 to 100"
        )


def _change(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= -_HUNDRED:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name}: {value} % would leave nothing; "
            "must be above -100"
        )


@attrs.frozen
class HistoricUse:
    """HistoricUse [realisatie]: what an old product (or segment) cost, and for how many clients.

    Step 2 converts it to the new segment: ``share_pct`` % of its spend and clients
    belong there (100 when the old product maps whole).

    Args:
        code: the old product or segment code.
        spend: what was spent on it in the reference period, for all providers.
        clients: the clients who used it in that period.
        share_pct: the part that belongs to the new segment, 0–100.

    Examples:
        >>> h = HistoricUse("45A53", Money("100000.00"), 40, share_pct=25)
        >>> h.converted_spend == Money("25000.00"), h.converted_clients == 10
        (True, True)

    .. versionadded:: 0.1
    """

    code: str = attrs.field(validator=non_empty)
    spend: Money = attrs.field(converter=to_money, validator=not_negative)
    clients: Decimal = attrs.field(converter=to_decimal, validator=not_negative)
    share_pct: Decimal = attrs.field(default=_HUNDRED, converter=to_decimal, validator=_percentage)

    @property
    def converted_spend(self) -> Money:
        """The spend that belongs to the new segment (exact)."""
        return self.spend if self.share_pct == _HUNDRED else self.spend * self.share_pct / 100

    @property
    def converted_clients(self) -> Decimal:
        """The clients that belong to the new segment (exact)."""
        return self.clients if self.share_pct == _HUNDRED else self.clients * self.share_pct / 100


@attrs.frozen
class LocalEstimate:
    """LocalEstimate [lokale inschatting]: one municipality's expected clients and local change.

    Steps 3 and 5: each municipality fills in the same format — how many inhabitants it
    expects to use the segment, and how local policy changes that (``-5`` for −5 %).

    Args:
        municipality: the municipality (CBS code).
        expected_clients: clients expected in the coming year.
        adjustment_pct: the local change in percent (negative lowers the budget).
        reason: why (``"POH Jeugd"``, ``"sterkere sociale basis"``).
        name: the municipality's name, for reports.

    Examples:
        >>> LocalEstimate("0222", 120, adjustment_pct="-2.5", name="Doetinchem").adjustment_pct
        Decimal('-2.5')

    .. versionadded:: 0.1
    """

    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    expected_clients: Decimal = attrs.field(converter=to_decimal, validator=not_negative)
    adjustment_pct: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=_change
    )
    reason: str = ""
    name: str = ""


@attrs.frozen
class MunicipalityBudget:
    """One municipality's part of a start budget: every step's amount, then its share.

    Args:
        municipality: the municipality.
        name: its name (may be empty).
        expected_clients: step 3.
        base: step 4, expected clients × the regional average per client (exact).
        adjustment_pct: step 5's local change in percent.
        reason: why.
        adjusted: step 5, ``base × (1 + adjustment_pct/100)`` (exact).
        share_pct: step 6, its part of the regional total after step 5, in percent (exact).
        indexed: step 7a (exact).
        efficient: step 7b (exact).
        budget: its share of the rounded regional total, in whole cents.

    Examples:
        >>> b = lumpsum_start_budget("IAJ", HistoricUse("IAJ", Money("1000.00"), 1),
        ...                          [LocalEstimate("0222", 1), LocalEstimate("0197", 3)])
        >>> [(m.municipality.value, m.share_pct, m.budget) for m in b.municipalities]
        [('0197', Decimal('75'), Money('3000.00')), ('0222', Decimal('25'), Money('1000.00'))]

    .. versionadded:: 0.1
    """

    municipality: MunicipalityCode
    name: str
    expected_clients: Decimal
    base: Money
    adjustment_pct: Decimal
    reason: str
    adjusted: Money
    share_pct: Decimal
    indexed: Money
    efficient: Money
    budget: Money

    @property
    def label(self) -> str:
        """``"0222 Doetinchem"`` (code and name, or only the code)."""
        return f"{self.municipality.value} {self.name}".strip()

    @property
    def per_client(self) -> Money | None:
        """The budget per expected client, half up to cents (step 7d: compare with peers)."""
        if not self.expected_clients:
            return None
        return (self.budget / self.expected_clients).rounded()


@attrs.frozen
class Step:
    """One step of the procedure with its regional figure.

    Args:
        number: ``"1"`` … ``"7b"``.
        title: what the step does (Dutch, as in the seed).
        amount: the regional amount after the step, where it has one (exact).
        clients: the regional number of clients, where the step has one.
        note: a figure or text that goes with it.

    Examples:
        >>> Step("4", "gemiddelde uitgaven per cliënt", Money("4000"), None).number
        '4'

    .. versionadded:: 0.1
    """

    number: str
    title: str
    amount: Money | None
    clients: Decimal | None
    note: str = ""


@attrs.frozen
class StartBudget:
    """StartBudget [startbudget lumpsum]: a segment's budget by seven steps, all amounts visible.

    Regional figures are the sums of the municipalities' exact amounts; :attr:`total` is
    the one rounded figure, and each municipality's :attr:`MunicipalityBudget.budget` its
    share of it. Build one with :func:`lumpsum_start_budget`.

    Args:
        segment: the segment code (step 1).
        description: the segment's definition (step 1).
        history: the old products and their conversion (step 2).
        average_per_client: historic spend ÷ historic clients (step 4, exact).
        municipalities: every municipality's steps, by code.
        indexation_pct: step 7a, in percent.
        efficiency_pct: step 7b, the efficiency gain as a signed change in percent
            (``-1`` lowers the budget by 1 %).
        total: the regional start budget, rounded half up to cents.

    Examples:
        >>> b = lumpsum_start_budget("IAJ", HistoricUse("IAJ", Money("1000.00"), 3),
        ...                          [LocalEstimate("0222", 1), LocalEstimate("0197", 1)])
        >>> b.total, [m.budget for m in b.municipalities]
        (Money('666.67'), [Money('333.34'), Money('333.33')])
        >>> [s.number for s in b.steps()]
        ['1', '2', '3', '4', '5', '6', '7a', '7b', '=']

    .. versionadded:: 0.1
    """

    segment: str
    description: str
    history: tuple[HistoricUse, ...] = attrs.field(converter=freeze)
    average_per_client: Money
    municipalities: tuple[MunicipalityBudget, ...] = attrs.field(converter=freeze)
    indexation_pct: Decimal
    efficiency_pct: Decimal
    total: Money

    @property
    def historic_spend(self) -> Money:
        """Step 2/4: spend converted to the segment."""
        return Money.sum(h.converted_spend for h in self.history)

    @property
    def historic_clients(self) -> Decimal:
        """Step 2/4: clients converted to the segment."""
        return sum((h.converted_clients for h in self.history), Decimal(0))

    @property
    def expected_clients(self) -> Decimal:
        """Step 3: expected clients in the region."""
        return sum((m.expected_clients for m in self.municipalities), Decimal(0))

    @property
    def base(self) -> Money:
        """Step 4: expected clients × average per client (exact)."""
        return Money.sum(m.base for m in self.municipalities)

    @property
    def adjusted(self) -> Money:
        """Steps 5 and 6: the regional total after local changes (exact)."""
        return Money.sum(m.adjusted for m in self.municipalities)

    @property
    def indexed(self) -> Money:
        """Step 7a: after indexation (exact)."""
        return Money.sum(m.indexed for m in self.municipalities)

    @property
    def efficient(self) -> Money:
        """Step 7b: after the efficiency gain (exact; :attr:`total` is this, rounded)."""
        return Money.sum(m.efficient for m in self.municipalities)

    def municipality(self, code: MunicipalityCode | str) -> MunicipalityBudget:
        """One municipality's part.

        Raises:
            KeyError: naming the municipality when it has no part.
        """
        key = to_municipality(code)
        for part in self.municipalities:
            if part.municipality == key:
                return part
        raise KeyError(f"municipality {key.value!r} has no part in start budget {self.segment!r}")

    def steps(self) -> tuple[Step, ...]:
        """The seven steps with their regional figures, and the rounded result (``"="``)."""
        return (
            Step(
                "1", "segment definiëren", None, None, f"{self.segment} {self.description}".strip()
            ),
            Step(
                "2",
                "conversie oude producten",
                self.historic_spend,
                self.historic_clients,
                ", ".join(f"{h.code} {h.share_pct:f}%" for h in self.history),
            ),
            Step("3", "verwachte cliënten", None, self.expected_clients),
            Step(
                "4",
                "gemiddelde uitgaven per cliënt × verwachte cliënten",
                self.base,
                self.expected_clients,
                f"gemiddeld {self.average_per_client.format()} per cliënt",
            ),
            Step("5", "lokale ontwikkelingen per gemeente", self.adjusted, None),
            Step(
                "6",
                "regionaal totaal met lokale aandelen",
                self.adjusted,
                self.expected_clients,
                f"{len(self.municipalities)} gemeenten",
            ),
            Step("7a", "indexering", self.indexed, None, f"{self.indexation_pct:+f}%"),
            Step("7b", "efficiëntie", self.efficient, None, f"{self.efficiency_pct:+f}%"),
            Step("=", "startbudget (half naar boven op centen)", self.total, None),
        )

    def budgets(
        self, year: int, providers: Mapping[AGBCode | str, int | Decimal]
    ) -> tuple[Budget, ...]:
        """Lumpsum budgets for a year: each municipality's share split over providers.

        The split is by weight (a provider's expected share of the care) with
        :meth:`~jeugdinkoop.money.Money.allocate`, so it adds up to the cent.

        Examples:
            >>> b = lumpsum_start_budget("IAJ", HistoricUse("IAJ", Money("1000.00"), 1),
            ...                          [LocalEstimate("0222", 1)])
            >>> split = b.budgets(2026, {"99200001": 2, "99200004": 1})
            >>> [(x.provider.value, x.amount) for x in split]
            [('99200001', Money('666.67')), ('99200004', Money('333.33'))]
        """
        if not providers:
            raise InvalidValue("StartBudget.budgets: no providers to split the budget over")
        agbs = [to_agb(p) for p in providers]
        weights = list(providers.values())
        result = []
        for part in self.municipalities:
            amounts = (
                part.budget.allocate(weights)
                if not part.budget.is_zero()
                else tuple(Money.zero() for _ in agbs)
            )
            result += [
                Budget(agb, part.municipality, self.segment, year, amount)
                for agb, amount in zip(agbs, amounts, strict=True)
            ]
        return tuple(result)

    def to_rows(self) -> list[dict[str, str]]:
        """One row of text per municipality with every step's amount (half up to cents).

        Examples:
            >>> b = lumpsum_start_budget("IAJ", HistoricUse("IAJ", Money("1000.00"), 1),
            ...                          [LocalEstimate("0222", 1)])
            >>> b.to_rows()[0]["budget"]
            '1000.00'
        """
        return [
            {
                "segment": self.segment,
                "municipality": m.municipality.value,
                "name": m.name,
                "expected_clients": _render.quantity(m.expected_clients),
                "base": str(m.base.rounded().amount),
                "adjustment_pct": f"{m.adjustment_pct:f}",
                "adjusted": str(m.adjusted.rounded().amount),
                "share_pct": _render.quantity(m.share_pct),
                "indexed": str(m.indexed.rounded().amount),
                "efficient": str(m.efficient.rounded().amount),
                "budget": str(m.budget.amount),
            }
            for m in self.municipalities
        ]

    def html(self, locale: str = "nl_NL") -> str:
        """Two plain HTML tables: the steps, and every municipality's amounts (Babel)."""

        def fmt(amount: Money | None) -> str:
            return "" if amount is None else amount.format(locale)

        steps = _render.table(
            f"startbudget {self.segment}",
            ["stap", "bedrag", "cliënten", "toelichting"],
            [
                [
                    f"{s.number}. {s.title}",
                    fmt(s.amount),
                    "" if s.clients is None else _render.quantity(s.clients),
                    s.note,
                ]
                for s in self.steps()
            ],
        )
        parts = [
            [
                m.label,
                _render.quantity(m.expected_clients),
                fmt(m.base),
                f"{m.adjustment_pct:+f}%",
                fmt(m.adjusted),
                f"{_render.quantity(m.share_pct)}%",
                fmt(m.indexed),
                fmt(m.efficient),
                fmt(m.budget),
            ]
            for m in self.municipalities
        ]
        parts.append(
            [
                "regio",
                _render.quantity(self.expected_clients),
                fmt(self.base),
                "",
                fmt(self.adjusted),
                "100%",
                fmt(self.indexed),
                fmt(self.efficient),
                fmt(self.total),
            ]
        )
        local = _render.table(
            "per gemeente",
            ["gemeente", "cliënten", "4", "5 (%)", "5", "6 aandeel", "7a", "7b", "startbudget"],
            parts,
        )
        return steps + local

    def _repr_html_(self) -> str:
        return self.html()


@exact_arithmetic
def lumpsum_start_budget(
    segment: Segment | str,
    history: HistoricUse | Iterable[HistoricUse],
    estimates: Iterable[LocalEstimate],
    *,
    indexation_pct: Decimal | int | str = 0,
    efficiency_pct: Decimal | int | str = 0,
    description: str = "",
) -> StartBudget:
    """The lumpsum start budget of a segment by the seven steps of seed 001 §3.3.

    Args:
        segment: step 1, the segment (or its code).
        history: steps 2 and 4, the old products with their spend, clients and the share
            that converts to the segment.
        estimates: steps 3 and 5, one per municipality.
        indexation_pct: step 7a, in percent (``3`` for +3 %).
        efficiency_pct: step 7b, the efficiency gain asked, as a signed change in percent
            like every other percentage: from above -100 to 0 (``-1`` lowers the budget
            by 1 %). A positive value is refused: an efficiency gain never raises it.
        description: step 1's definition (default: the segment's description).

    Returns:
        The :class:`StartBudget`, every step visible, regionally and per municipality.

    Raises:
        InvalidValue: without estimates, with a municipality twice, without historic
            clients to average over, or with a percentage out of range.

    Examples:
        Two municipalities, one expecting a −10 % effect of a youth practice nurse:

        >>> b = lumpsum_start_budget(
        ...     "IAJ", [HistoricUse("45A53", Money("900000.00"), 200),
        ...             HistoricUse("45A54", Money("600000.00"), 200, share_pct=50)],
        ...     [LocalEstimate("0222", 200, adjustment_pct=-10, reason="POH Jeugd"),
        ...      LocalEstimate("0197", 100)], indexation_pct="2.5")
        >>> [a.format("en_GB") for a in (b.average_per_client, b.adjusted, b.total)]
        ['€4,000.00', '€1,120,000.00', '€1,148,000.00']
        >>> [(m.municipality.value, m.budget) for m in b.municipalities]
        [('0197', Money('410000.00')), ('0222', Money('738000.00'))]
    """
    code = segment.code if isinstance(segment, Segment) else segment
    if not description and isinstance(segment, Segment):
        description = segment.description or segment.name
    uses = (history,) if isinstance(history, HistoricUse) else tuple(history)
    local = tuple(estimates)
    indexation = to_decimal(indexation_pct)
    efficiency = to_decimal(efficiency_pct)
    where = f"lumpsum_start_budget({code!r})"
    if not local:
        raise InvalidValue(f"{where}: no municipality estimates (step 3)")
    seen: set[MunicipalityCode] = set()
    for estimate in local:
        if estimate.municipality in seen:
            raise InvalidValue(
                f"{where}: municipality {estimate.municipality.value!r} has two estimates"
            )
        seen.add(estimate.municipality)
    if indexation <= -_HUNDRED:
        raise InvalidValue(f"{where}: indexation_pct {indexation} must be above -100")
    if not -_HUNDRED < efficiency <= 0:
        raise InvalidValue(
            f"{where}: efficiency_pct {efficiency} is the gain asked as a signed change, "
            "above -100 and at most 0 (-1 lowers the budget by 1 %)"
        )
    # steps 2 and 4: historic spend ÷ historic clients, both after conversion
    spend = Money.sum(h.converted_spend for h in uses)
    clients = sum((h.converted_clients for h in uses), Decimal(0))
    if not clients:
        raise InvalidValue(f"{where}: no historic clients to average the spend over (step 4)")
    average = spend / clients
    index_factor = 1 + indexation / 100
    efficiency_factor = 1 + efficiency / 100
    rows = []
    for estimate in sorted(local, key=lambda e: e.municipality.value):
        base = average * estimate.expected_clients  # step 4
        adjusted = base * (1 + estimate.adjustment_pct / 100)  # step 5
        indexed = adjusted * index_factor  # step 7a
        rows.append((estimate, base, adjusted, indexed, indexed * efficiency_factor))  # 7b
    regional_adjusted = Money.sum(r[2] for r in rows)
    exact = Money.sum(r[4] for r in rows)
    # the one rounding: the regional total, then split so that the shares add up to it
    total = exact.rounded()
    shares = (
        total.allocate([r[4].amount for r in rows])
        if not exact.is_zero()
        else tuple(Money.zero().rounded() for _ in rows)
    )
    parts = [
        MunicipalityBudget(
            estimate.municipality,
            estimate.name,
            estimate.expected_clients,
            base,
            estimate.adjustment_pct,
            estimate.reason,
            adjusted,
            adjusted.amount * 100 / regional_adjusted.amount if regional_adjusted else Decimal(0),
            indexed,
            efficient,
            share,
        )
        for (estimate, base, adjusted, indexed, efficient), share in zip(rows, shares, strict=True)
    ]
    return StartBudget(code, description, uses, average, parts, indexation, efficiency, total)


@attrs.frozen
class LumpsumOffer:
    """LumpsumOffer [lumpsumbedrag per organisatie]: one amount offered to an organisation.

    Seed 001:L192: many clients use one service form only, and some providers deliver
    only one, so "wij adviseren een lumpsumbedrag per organisatie": one amount per
    organisation and municipality for a year, across the segments it works in, with the
    parts per segment kept visible (the budgets the lumpsum models settle).

    Args:
        provider: the organisation.
        municipality: the municipality.
        year: the year.
        parts: its budget per segment, by segment code.

    Examples:
        >>> o = LumpsumOffer(AGBCode("99200001"), MunicipalityCode("0222"), 2026,
        ...                  (("GWV", Money("100.00")), ("IAJ", Money("250.00"))))
        >>> o.total
        Money('350.00')
    """

    provider: AGBCode
    municipality: MunicipalityCode
    year: int
    parts: tuple[tuple[str, Money], ...]

    @property
    def total(self) -> Money:
        """The one amount offered: the parts added up."""
        return Money.sum(amount for _, amount in self.parts)


def lumpsum_offers(budgets: Iterable[Budget]) -> tuple[LumpsumOffer, ...]:
    """One lumpsum offer per organisation, municipality and year, across segments (001:L192).

    Sorted by provider, municipality and year; the parts by segment code.

    Raises:
        InvalidValue: when two budgets name the same provider, municipality, segment and
            year (a lumpsum model refuses that too).

    Examples:
        >>> iaj = lumpsum_start_budget("IAJ", HistoricUse("IAJ", Money("1000.00"), 1),
        ...                            [LocalEstimate("0222", 1)])
        >>> gwv = lumpsum_start_budget("GWV", HistoricUse("GWV", Money("600.00"), 1),
        ...                            [LocalEstimate("0222", 1)])
        >>> weights = {"99200001": 3, "99200002": 1}
        >>> offers = lumpsum_offers([*iaj.budgets(2026, weights), *gwv.budgets(2026, weights)])
        >>> [(o.provider.value, o.total, [s for s, _ in o.parts]) for o in offers]
        [('99200001', Money('1200.00'), ['GWV', 'IAJ']), ('99200002', Money('400.00'), ['GWV', 'IAJ'])]
    """
    grouped: dict[tuple[AGBCode, MunicipalityCode, int], dict[str, Money]] = {}
    for budget in budgets:
        key = (budget.provider, budget.municipality, budget.year)
        parts = grouped.setdefault(key, {})
        if budget.segment in parts:
            raise InvalidValue(
                f"lumpsum_offers: provider {budget.provider.value!r}, municipality "
                f"{budget.municipality.value!r}, segment {budget.segment!r} has two budgets "
                f"for {budget.year}"
            )
        parts[budget.segment] = budget.amount
    return tuple(
        LumpsumOffer(provider, municipality, year, tuple(sorted(parts.items())))
        for (provider, municipality, year), parts in sorted(
            grouped.items(), key=lambda kv: (kv[0][0].value, kv[0][1].value, kv[0][2])
        )
    )
