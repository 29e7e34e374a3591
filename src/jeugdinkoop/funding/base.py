"""The funding-model contract: four methods, typed parameters, declared traits.

A funding model answers four questions (DESIGN §4):

=============================  ===============================================
``check(claim, assignment, ctx)``  may this claim be accepted? → findings
``price(claim, assignment, ctx)``  what is an accepted claim worth? → Money
``settle(period, ctx)``            what is owed and released? → :class:`Settlement`
``forecast(demand, ctx)``          what will demand cost? → :class:`Forecast`
=============================  ===============================================

The base class gives each a sensible default (PxQ pricing, pay what was claimed), so a
subclass overrides only what differs. A model's parameters are frozen attrs fields and
nothing else; everything that changes lives in the :class:`FundingContext` and its
ledger, which is what makes results independent of claim order and checkable by
:func:`jeugdinkoop.testing.check_funding_model`.
"""

from __future__ import annotations

import abc
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextvars import ContextVar
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar, Final, TypeVar, cast, final

import attrs

from jeugdinkoop.codes import Unit, Variant
from jeugdinkoop.errors import InvalidValue, SettlementOverlap, TariffNotFound
from jeugdinkoop.funding import _frames
from jeugdinkoop.funding.ledger import Entry, EntryKind, Ledger
from jeugdinkoop.funding.store import LedgerStore
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Assignment, Claim, Contract, Region, Tariff
from jeugdinkoop.model.fields import (
    freeze,
    to_decimal,
    to_municipality,
    to_optional_agb,
    to_optional_product,
)
from jeugdinkoop.model.findings import RULES, Finding
from jeugdinkoop.money import Money, exact_arithmetic
from jeugdinkoop.periods import Period

__all__ = [
    "SETTLEMENT_COLUMNS",
    "SETTLEMENT_KEYS",
    "Demand",
    "Forecast",
    "ForecastLine",
    "FundingContext",
    "FundingModel",
    "ModelTraits",
    "Settlement",
    "SettlementLine",
    "convert_quantity",
    "price_quantity",
]

_T = TypeVar("_T")
_RATE_FOR_YEAR = "funding model: rate for a year"
_MISSING = object()


@attrs.frozen
class ModelTraits:
    """What a funding model does, declared once; the conformance kit reads these, never names.

    Args:
        client_claims: claims per client are paid one by one (PxQ, budget, output).
        production_reports: claims are production reports, checked but not paid one by one.
        budget_cap: an assignment's budget caps what is paid; unused budget is released.
        advances: a budget is paid ahead by schedule and settled at year end.
        claim_units: the units a claim may be in (empty: any unit the tariff converts).
        combines: the model combines other models; money identities hold per part.

    Examples:
        >>> ModelTraits(client_claims=True).budget_cap
        False
    """

    client_claims: bool = False
    production_reports: bool = False
    budget_cap: bool = False
    advances: bool = False
    claim_units: frozenset[Unit] = frozenset()
    combines: bool = False


@attrs.define(frozen=True, eq=False)
class FundingContext:
    """FundingContext: the read-only world a funding model sees.

    Args:
        region: the region.
        ledger: what was accepted so far (read it; never write it from a model).
        assignments: the assignments by number.
        scope: the segment codes a :meth:`FundingModel.settle` call is about; empty means
            every segment of the region.
    """

    region: Region
    ledger: LedgerStore = attrs.field(factory=Ledger)
    assignments: Mapping[str, Assignment] = attrs.field(factory=dict)
    scope: frozenset[str] = frozenset()
    _followers: dict[str, tuple[Assignment, ...]] | None = attrs.field(
        default=None, init=False, repr=False
    )
    _memo: dict[Hashable, object] = attrs.field(factory=dict, init=False, repr=False)
    # the last claim's contract and tariff: validation asks for each twice per line
    # (structure and price, check and price); keyed on the claim object itself, which is
    # immutable and held here, so its identity cannot be reused while it is remembered
    _contract_memo: list[Any] = attrs.field(factory=lambda: [None, None], init=False, repr=False)
    _tariff_memo: list[Any] = attrs.field(
        factory=lambda: [None, None, None], init=False, repr=False
    )

    def contract_of(self, claim: Claim) -> Contract | None:
        """The provider's contract for the claim's product and municipality on its start.

        The same as ``region.contract_for(...)`` with the claim's fields, remembered for
        the last claim asked about.

        Examples:
            >>> from datetime import date
            >>> from jeugdinkoop.io import load_example_region
            >>> from jeugdinkoop.model import Claim
            >>> ctx = FundingContext(load_example_region())
            >>> claim = Claim(reference="R-1", assignment="T-1", provider="22222222",
            ...     client="111222333", municipality="0001", product="45A01",
            ...     start=date(2025, 3, 1), end=date(2025, 3, 31), quantity=8, unit="04",
            ...     amount="624.00")
            >>> ctx.contract_of(claim) is ctx.region.contract_for(
            ...     claim.provider, claim.product, claim.municipality, claim.start)
            True
        """
        memo = self._contract_memo
        if memo[0] is claim:
            return cast("Contract | None", memo[1])
        contract = self.region.contract_for(
            claim.provider, claim.product, claim.municipality, claim.start
        )
        memo[0], memo[1] = claim, contract
        return contract

    def tariff_of(self, claim: Claim, tier: str | None) -> Tariff:
        """The tariff for the claim's product, start and provider in ``tier``.

        The same as ``region.tariffs.lookup(...)``, remembered for the last claim and tier.

        Raises:
            TariffNotFound: when no tariff holds (not remembered: it raises each time).

        Examples:
            >>> from datetime import date
            >>> from jeugdinkoop.io import load_example_region
            >>> from jeugdinkoop.model import Claim
            >>> ctx = FundingContext(load_example_region())
            >>> claim = Claim(reference="R-1", assignment="T-1", provider="22222222",
            ...     client="111222333", municipality="0001", product="45A01",
            ...     start=date(2025, 3, 1), end=date(2025, 3, 31), quantity=8, unit="04",
            ...     amount="624.00")
            >>> ctx.tariff_of(claim, None).rate
            Money('78.00')
        """
        memo = self._tariff_memo
        if memo[0] is claim and memo[1] == tier:
            return cast(Tariff, memo[2])
        tariff = self.region.tariffs.lookup(claim.product, claim.start, claim.provider, tier)
        memo[0], memo[1], memo[2] = claim, tier, tariff
        return tariff

    def followers(self, reference: str) -> tuple[Assignment, ...]:
        """The assignments that follow up ``reference`` (``Assignment.follows``), by number.

        Indexed once per context, on first use.
        """
        if self._followers is None:
            index: dict[str, list[Assignment]] = defaultdict(list)
            for assignment in self.assignments.values():
                if assignment.follows is not None:
                    index[assignment.follows].append(assignment)
            frozen = {k: tuple(sorted(v, key=lambda a: a.reference)) for k, v in index.items()}
            object.__setattr__(self, "_followers", frozen)
            return frozen.get(reference, ())
        return self._followers.get(reference, ())

    def remember(self, key: Hashable, compute: Callable[[], _T]) -> _T:
        """The value kept under ``key``; ``compute()`` makes it on first use.

        A memo for the context's life (one scenario run, one validation), for values that
        follow from the region and a model's frozen parameters alone — a year's budgets,
        say — never from the ledger, which grows while the context lives. Put the model
        itself in the key (models are frozen values, equal when their parameters are)
        and a tag that names what is kept.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> ctx = FundingContext(load_example_region())
            >>> made = []
            >>> def answer() -> int:
            ...     made.append(1)
            ...     return 42
            >>> ctx.remember(("answer", 2026), answer), ctx.remember(("answer", 2026), answer)
            (42, 42)
            >>> len(made)
            1
        """
        found = self._memo.get(key, _MISSING)
        if found is _MISSING:
            value = compute()
            self._memo[key] = value
            return value
        return cast(_T, found)

    def in_scope(self, segment: str) -> bool:
        """Whether a segment is part of this call's scope."""
        return not self.scope or segment in self.scope

    def segment_of(self, product: ProductCode) -> str:
        """The (sub)segment code a product falls under."""
        return self.region.catalog[product].segment


@attrs.frozen
class SettlementLine:
    """What one provider is owed by one municipality for one segment over a period.

    Args:
        provider: the provider.
        municipality: the municipality that pays.
        segment: the segment.
        claimed: accepted claims (net of credits) at their priced value; for lumpsum and
            task funding, the value of the production reports.
        payable: what the municipality owes for the period under the funding model.
        advanced: what was already paid for the period (advances and payments).
        released: budget that fell back to the municipality in the period.
        budget: the budget the line is measured against, where the model has one.
        adjustment: year-end settlement of over- or underspending (part of ``payable``).
        open: budget still open on running assignments at the end of the period.
    """

    provider: AGBCode
    municipality: MunicipalityCode
    segment: str
    claimed: Money = Money.zero()
    payable: Money = Money.zero()
    advanced: Money = Money.zero()
    released: Money = Money.zero()
    budget: Money | None = None
    adjustment: Money = Money.zero()
    open: Money = Money.zero()

    @property
    def balance(self) -> Money:
        """Still to pay (negative: to be paid back): ``payable − advanced``."""
        return self.payable - self.advanced

    @property
    def key(self) -> tuple[AGBCode, MunicipalityCode, str]:
        """Provider, municipality, segment."""
        return (self.provider, self.municipality, self.segment)

    def __add__(self, other: SettlementLine) -> SettlementLine:
        if self.key != other.key:
            return NotImplemented
        return self.plus(other)

    def plus(self, other: SettlementLine) -> SettlementLine:
        """The amounts of both lines added up, under this line's provider, municipality, segment."""
        budget = (
            None
            if self.budget is None and other.budget is None
            else (self.budget or Money.zero()) + (other.budget or Money.zero())
        )
        return SettlementLine(
            self.provider,
            self.municipality,
            self.segment,
            self.claimed + other.claimed,
            self.payable + other.payable,
            self.advanced + other.advanced,
            self.released + other.released,
            budget,
            self.adjustment + other.adjustment,
            self.open + other.open,
        )


def _merge(lines: Iterable[SettlementLine]) -> tuple[SettlementLine, ...]:
    merged: dict[tuple[AGBCode, MunicipalityCode, str], SettlementLine] = {}
    for line in lines:
        merged[line.key] = merged[line.key] + line if line.key in merged else line
    return tuple(merged[k] for k in sorted(merged, key=lambda k: (k[0].value, k[1].value, k[2])))


SETTLEMENT_COLUMNS = (
    "claimed",
    "payable",
    "advanced",
    "released",
    "budget",
    "adjustment",
    "open",
    "balance",
)
"""The amount columns of a :class:`SettlementLine`, as :meth:`Settlement.total` takes them."""
SETTLEMENT_KEYS = ("provider", "municipality", "segment")
"""What :meth:`Settlement.by` groups by."""


@attrs.frozen(repr=False)
class Settlement:
    """Settlement [afrekening]: lines per provider × municipality × segment, plus what to post.

    Args:
        period: the period settled.
        lines: one line per provider, municipality and segment, sorted.
        postings: ledger entries that carry the settlement out (advances, payments,
            releases, adjustments); posting them twice has no effect.

    Examples:
        >>> s = Settlement(Period.month(2025, 1), [])
        >>> s.total("payable")
        Money('0')
    """

    period: Period
    lines: tuple[SettlementLine, ...] = attrs.field(converter=_merge)
    postings: tuple[Entry, ...] = attrs.field(default=(), converter=freeze)

    def total(self, column: str = "payable") -> Money:
        """Sum of one column (``claimed``, ``payable``, ``advanced``, ``released``, ``balance``…).

        Raises:
            InvalidValue: when ``column`` is not one of ``SETTLEMENT_COLUMNS``, listing them.

        Examples:
            >>> Settlement(period=Period.month(2025, 1), lines=[]).total("payed")
            Traceback (most recent call last):
            ...
            jeugdinkoop.errors.InvalidValue: Settlement.total: 'payed' is not a column; one of claimed, payable, advanced, released, budget, adjustment, open, balance
        """
        if column not in SETTLEMENT_COLUMNS:
            raise InvalidValue(
                f"Settlement.total: {column!r} is not a column; one of {', '.join(SETTLEMENT_COLUMNS)}"
            )
        return Money.sum(getattr(line, column) or Money.zero() for line in self.lines)

    def by(self, *keys: str) -> dict[tuple[object, ...], SettlementLine]:
        """Group the lines by some of ``provider``, ``municipality``, ``segment`` (summed).

        Grouped lines keep the key fields of their first line; only the amounts are meant.
        A key's codes equal their plain text: ``s.by("provider")[("12345678",)]``.
        """
        for name in keys:
            if name not in SETTLEMENT_KEYS:
                raise InvalidValue(
                    f"Settlement.by: {name!r} is not a key; any of {', '.join(SETTLEMENT_KEYS)}"
                )
        groups: dict[tuple[object, ...], SettlementLine] = {}
        for line in self.lines:
            k = tuple(getattr(line, name) for name in keys)
            groups[k] = groups[k].plus(line) if k in groups else line
        return groups

    def __repr__(self) -> str:
        """A short ``repr``: the period, counts and what is payable; never every line.

        Examples:
            >>> Settlement(period=Period.month(2025, 1), lines=[])
            Settlement(period=2025-01-01..2025-01-31, lines=0, postings=0, payable=Money('0'))
        """
        return (
            f"Settlement(period={self.period}, lines={len(self.lines)}, "
            f"postings={len(self.postings)}, payable={self.total()!r})"
        )

    def to_rows(self) -> list[dict[str, str]]:
        """One dict of text per line, for :class:`csv.DictWriter`; amounts as ``1234.56``.

        The keys are ``provider``, ``municipality``, ``segment`` and
        ``SETTLEMENT_COLUMNS``; a line without a budget has ``budget`` empty.

        Examples:
            >>> line = SettlementLine(AGBCode("12345678"), MunicipalityCode("0193"), "AMB",
            ...                       payable=Money("100.00"), advanced=Money("80.00"))
            >>> row = Settlement(period=Period.month(2025, 1), lines=[line]).to_rows()[0]
            >>> row["provider"], row["payable"], row["balance"], row["budget"]
            ('12345678', '100.00', '20.00', '')
        """
        rows = []
        for line in self.lines:
            row = {
                "provider": line.provider.value,
                "municipality": line.municipality.value,
                "segment": line.segment,
            }
            for column in SETTLEMENT_COLUMNS:
                amount = getattr(line, column)
                row[column] = "" if amount is None else f"{amount.amount:f}"
            rows.append(row)
        return rows

    def to_frame(self) -> Any:
        """The lines as a pandas DataFrame; amounts are exact ``Decimal`` (``None``: no budget).

        Raises:
            ImportError: without pandas, naming ``pip install jeugdinkoop[pandas]``.

        Examples:
            >>> frame = Settlement(period=Period.month(2025, 1), lines=[]).to_frame()
            >>> list(frame.columns)[:4]
            ['provider', 'municipality', 'segment', 'claimed']
        """
        pd = _frames.pandas("Settlement.to_frame()")
        columns = ["provider", "municipality", "segment", *SETTLEMENT_COLUMNS]
        records = [
            (
                line.provider.value,
                line.municipality.value,
                line.segment,
                *(
                    None if (amount := getattr(line, column)) is None else amount.amount
                    for column in SETTLEMENT_COLUMNS
                ),
            )
            for line in self.lines
        ]
        return pd.DataFrame.from_records(records, columns=columns)

    def _repr_html_(self) -> str:
        """The lines as an HTML table, for notebooks."""
        return _frames.table(
            f"afrekening {self.period}",
            self.to_rows(),
            ["provider", "municipality", "segment", *SETTLEMENT_COLUMNS],
        )

    def __add__(self, other: Settlement) -> Settlement:
        if self.period != other.period:
            return NotImplemented
        return Settlement(
            self.period, (*self.lines, *other.lines), (*self.postings, *other.postings)
        )

    def __iter__(self) -> Iterator[SettlementLine]:
        return iter(self.lines)


@attrs.frozen
class Demand:
    """Demand [vraag]: expected care for one municipality, segment and year (scenarios).

    Args:
        municipality: the municipality.
        segment: the segment.
        year: the calendar year.
        clients_start: clients in care on 1 January.
        inflow: clients starting during the year.
        outflow: clients ending during the year.
        units_per_client_month: care per client per month, in the product's unit.
        average_duration_months: expected length of a trajectory (output-based).
        product: the product whose tariff prices the care (default: the segment's first).
        tier: the tariff tier or arrangement cell (``"profile/intensity"``).
        price_factor: indexation on top of the tariff table (1.0491 for +4.91 %).
        provider: the provider, when demand is split per provider.

    Examples:
        >>> d = Demand("0193", "AMB", 2026, clients_start=100, inflow=40, outflow=30)
        >>> d.average_clients, d.client_months
        (Decimal('105'), Decimal('1260'))
    """

    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    segment: str
    year: int
    clients_start: Decimal = attrs.field(converter=to_decimal)
    inflow: Decimal = attrs.field(default=Decimal(0), converter=to_decimal)
    outflow: Decimal = attrs.field(default=Decimal(0), converter=to_decimal)
    units_per_client_month: Decimal = attrs.field(default=Decimal(0), converter=to_decimal)
    average_duration_months: Decimal = attrs.field(default=Decimal(12), converter=to_decimal)
    product: ProductCode | None = attrs.field(default=None, converter=to_optional_product)
    tier: str | None = None
    price_factor: Decimal = attrs.field(default=Decimal(1), converter=to_decimal)
    provider: AGBCode | None = attrs.field(default=None, converter=to_optional_agb)

    @property
    def average_clients(self) -> Decimal:
        """Clients in care on average: start plus half the net flow."""
        return self.clients_start + (self.inflow - self.outflow) / 2

    @property
    def client_months(self) -> Decimal:
        """Months of care in the year: average clients × 12."""
        return self.average_clients * 12

    @property
    def year_start(self) -> date:
        """1 January of the year."""
        return date(self.year, 1, 1)


@attrs.frozen
class ForecastLine:
    """Expected cost for a municipality, segment, provider (or all) and year."""

    municipality: MunicipalityCode
    segment: str
    year: int
    cost: Money
    clients: Decimal = Decimal(0)
    provider: AGBCode | None = None


@attrs.frozen
class Forecast:
    """Forecast [prognose]: expected cost lines of one demand under one model.

    Examples:
        >>> Forecast(()).total
        Money('0')
    """

    lines: tuple[ForecastLine, ...] = attrs.field(converter=freeze)

    @property
    def total(self) -> Money:
        """The cost of every line."""
        return Money.sum(line.cost for line in self.lines)


@exact_arithmetic
def convert_quantity(quantity: Decimal, unit: Unit, to: Unit) -> Decimal:
    """Convert a quantity between time units (minute, hour, day part, etmaal).

    Raises:
        InvalidValue: when the units do not convert (pieces to hours, say).

    Examples:
        >>> convert_quantity(Decimal(90), Unit.MINUTE, Unit.HOUR)
        Decimal('1.5')
        >>> convert_quantity(Decimal(2), Unit.DAY_PART, Unit.HOUR)
        Decimal('8')
    """
    if unit is to:
        return quantity
    if unit.minutes is None or to.minutes is None:
        raise InvalidValue(f"unit {unit.label!r} does not convert to {to.label!r}")
    return quantity * unit.minutes / to.minutes


def price_quantity(rate: Money, quantity: Decimal, unit: Unit, tariff_unit: Unit) -> Money:
    """Rate per ``tariff_unit`` × a quantity in ``unit``, rounded half up to cents once.

    The quantity is multiplied first and divided last, so minutes on an hourly tariff
    are priced round(hourly tariff × minutes / 60, 2), as iJw IV081 prescribes for
    TR346 (and no rounded per-minute rate creeps in).

    Raises:
        InvalidValue: when the units do not convert.

    Examples:
        >>> price_quantity(Money("78.03"), Decimal(10), Unit.MINUTE, Unit.HOUR)
        Money('13.01')
        >>> price_quantity(Money("78.00"), Decimal(2), Unit.DAY_PART, Unit.HOUR)
        Money('624.00')
    """
    if unit is tariff_unit:
        return (rate * quantity).rounded()
    if unit.minutes is None or tariff_unit.minutes is None:
        convert_quantity(quantity, unit, tariff_unit)  # raises, naming both units
    return (rate * (quantity * (unit.minutes or 1)) / (tariff_unit.minutes or 1)).rounded()


_ONE: Final = Decimal(1)


def _uplift(claim: Claim, ctx: FundingContext) -> Decimal:
    """:meth:`FundingModel.uplift_factor`, to be called inside the library's context."""
    contract = ctx.contract_of(claim)
    if contract is None or not contract.uplift_pct:
        return _ONE
    return 1 + contract.uplift_pct / 100


def _unit_rate(
    model: FundingModel, claim: Claim, assignment: Assignment, ctx: FundingContext
) -> tuple[Money, Unit]:
    """:meth:`FundingModel.unit_rate`, to be called inside the library's context."""
    tariff = model.tariff_for(claim, assignment, ctx)
    factor = _uplift(claim, ctx)
    # × 1 keeps the amount and its exponent: no new Money for the common case
    return (tariff.rate if factor is _ONE else tariff.rate * factor), tariff.unit


class FundingModel(abc.ABC):
    """FundingModel [bekostigingsmodel]: the abstract base of every funding strategy.

    Subclasses are frozen attrs classes whose fields are the model's parameters, and
    declare the class variables :attr:`name` (registry key), :attr:`variant`,
    :attr:`traits` and :attr:`references`. The four methods have defaults that suit
    claim-paying models: :meth:`price` is PxQ at the tariff table's rate with the
    contract's uplift, rounded once per line; :meth:`settle` pays what was claimed;
    :meth:`forecast` is client-months × units × rate.
    """

    name: ClassVar[str]
    variant: ClassVar[Variant]
    traits: ClassVar[ModelTraits] = ModelTraits(client_claims=True)
    references: ClassVar[tuple[str, ...]] = ()
    forecast_ignores_volume: ClassVar[bool] = False
    """Whether :meth:`forecast` costs depend on a demand's place, segment, year, provider
    and price factor only, never on its clients, flows or utilisation (budget-funded
    models). A Monte Carlo run then prices each demand line once instead of every draw."""

    # -- the four questions -------------------------------------------------------------
    def check(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Iterable[Finding]:
        """Findings that stop (or flag) this claim under this model; empty means fine.

        The default checks that a tariff exists and the claim's unit converts to it.
        """
        return self.check_tariff(claim, assignment, ctx)

    def price(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Money:
        """What an accepted (debit) claim is worth, rounded once to cents.

        The default is PxQ: the tariff's rate, raised by the contract's uplift, times the
        quantity converted to the tariff's unit.

        Raises:
            TariffNotFound: when no tariff holds (``check`` reports this first).
        """
        return self.pxq(claim, assignment, ctx)

    def settle(self, period: Period, ctx: FundingContext) -> Settlement:
        """What the municipality owes each provider for ``period``; the default pays claims."""
        return self.settle_claims(period, ctx)

    def forecast(self, demand: Demand, ctx: FundingContext) -> Forecast:
        """The expected cost of a demand; the default is client-months × units × rate."""
        rate = self.rate_for_year(demand, ctx)
        clients = demand.average_clients
        client_months = clients * 12  # Demand.client_months, without working out clients twice
        cost = (
            rate * (client_months * demand.units_per_client_month * demand.price_factor)
        ).rounded()
        return Forecast(
            [
                ForecastLine(
                    demand.municipality,
                    demand.segment,
                    demand.year,
                    cost,
                    clients,
                    demand.provider,
                )
            ]
        )

    # -- helpers for subclasses -----------------------------------------------------------
    @final
    def tariff_for(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Tariff:
        """The tariff that holds for the claim (its start date, provider, the assignment's tier).

        Without a tier on the assignment, a one-tier municipality's tier is used
        (:meth:`~jeugdinkoop.model.Region.tier_for`, seed 004:L208); the lookup is
        remembered for the claim (:meth:`FundingContext.tariff_of`).
        """
        region = ctx.region
        tier = region.tier_for(claim.product, claim.municipality, claim.start, assignment.tier)
        return ctx.tariff_of(claim, tier)

    @final
    @exact_arithmetic
    def uplift_factor(self, claim: Claim, ctx: FundingContext) -> Decimal:
        """``1 + uplift/100`` from the provider's contract on the claim's start date."""
        return _uplift(claim, ctx)

    @final
    @exact_arithmetic
    def unit_rate(
        self, claim: Claim, assignment: Assignment, ctx: FundingContext
    ) -> tuple[Money, Unit]:
        """The rate per tariff unit after uplift (unrounded) and that unit."""
        return _unit_rate(self, claim, assignment, ctx)

    @final
    @exact_arithmetic
    def pxq(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Money:
        """Rate × quantity (converted to the tariff's unit), rounded half up once."""
        if claim.unit is Unit.EURO:
            # iJw: with unit 83 the delivered volume is in euro cents (never truncated:
            # a fraction of a cent rounds half up; validation refuses it first, JI-509).
            return Money(claim.quantity.scaleb(-2)).rounded()
        # (already in the library's context: the helpers, not the decorated methods)
        rate, unit = _unit_rate(self, claim, assignment, ctx)
        return price_quantity(rate, claim.quantity, claim.unit, unit)

    @final
    def check_tariff(
        self, claim: Claim, assignment: Assignment, ctx: FundingContext
    ) -> list[Finding]:
        """A finding when no tariff holds or the claim's unit does not convert to it.

        A tier the municipality does not use is refused first (JI-408, seed 004:L208).
        """
        if claim.unit is Unit.EURO:
            return []
        subject = f"claim {claim.reference}"
        refused = self.check_tier(claim, assignment, ctx)
        if refused:
            return refused
        try:
            tariff = self.tariff_for(claim, assignment, ctx)
        except TariffNotFound as err:
            return [
                RULES["JI-502"].finding(
                    subject, "product", product=claim.product, day=claim.start, problem=err
                )
            ]
        if tariff.unit is not claim.unit and (
            claim.unit.minutes is None or tariff.unit.minutes is None
        ):
            return [
                RULES["JI-403"].finding(subject, "unit", unit=claim.unit.label, model=self.name)
            ]
        return []

    @final
    def check_tier(
        self, claim: Claim, assignment: Assignment, ctx: FundingContext
    ) -> list[Finding]:
        """JI-408 when the assignment's tier is one its municipality does not use.

        Only products that have tiers on the claim's first day are checked; the tiers a
        municipality uses come from its local conditions (seed 004:L208).
        """
        tier = assignment.tier
        region = ctx.region
        product = None if tier is None else region.catalog.get(claim.product)
        if tier is None or product is None:
            return []
        tiers = region.tiers_in(claim.municipality, product.segment)  # cached; usually empty
        if not tiers or tier in tiers or not region.tariffs.tiers(claim.product, claim.start):
            return []
        return [
            RULES["JI-408"].finding(
                f"claim {claim.reference}",
                "tier",
                tier=tier,
                municipality=claim.municipality,
                tiers=", ".join(tiers),
            )
        ]

    @final
    def rate_for_year(self, demand: Demand, ctx: FundingContext) -> Money:
        """The rate for a demand's product on 1 January, or the latest rate before it.

        Kept in ``ctx`` (a rate follows from the region's tariffs alone), so that a
        Monte Carlo run looks each one up once.
        """
        product, provider = demand.product, demand.provider
        return ctx.remember(
            (  # the codes as text: a string keeps its hash, an identifier works it out anew
                _RATE_FOR_YEAR,
                None if product is None else product.value,
                demand.segment,
                demand.year,
                None if provider is None else provider.value,
                demand.tier,
            ),
            lambda: self._rate_for_year(demand, ctx),
        )

    def _rate_for_year(self, demand: Demand, ctx: FundingContext) -> Money:
        product = demand.product or self.first_product(demand.segment, ctx)
        try:
            return ctx.region.tariffs.rate(product, demand.year_start, demand.provider, demand.tier)
        except TariffNotFound:
            earlier = [
                t
                for t in ctx.region.tariffs.for_product(product)
                if t.tier == demand.tier
                and t.period.start <= demand.year_start
                and t.provider is None
            ]
            if not earlier:
                raise
            return earlier[-1].rate

    @final
    def first_product(self, segment: str, ctx: FundingContext) -> ProductCode:
        """The first catalog product of a segment or its subsegments."""
        codes = {s.code for s in ctx.region.segment(segment).walk()}
        for product in ctx.region.catalog:
            if product.segment in codes:
                return product.code
        raise TariffNotFound(f"segment {segment!r} has no products to price demand with")

    @final
    @exact_arithmetic
    def settle_claims(self, period: Period, ctx: FundingContext) -> Settlement:
        """Pay accepted claims (net of credits) whose service period starts in ``period``."""
        claimed: dict[tuple[AGBCode, MunicipalityCode, str], Money] = defaultdict(Money.zero)
        for entry in ctx.ledger.in_period(period):
            if entry.kind.is_paid_out and ctx.in_scope(entry.segment):
                claimed[(entry.provider, entry.municipality, entry.segment)] += entry.amount
        lines = [SettlementLine(p, m, s, claimed=v, payable=v) for (p, m, s), v in claimed.items()]
        return self.finish(period, lines, ctx)

    @final
    @exact_arithmetic
    def finish(
        self,
        period: Period,
        lines: Iterable[SettlementLine],
        ctx: FundingContext,
        postings: Iterable[Entry] = (),
        transfer: EntryKind = EntryKind.PAYMENT,
    ) -> Settlement:
        """Net out what earlier settlements transferred and post what is still due.

        Every settling model ends here, so that "already paid" is counted in one place
        and each euro is paid once, whatever sequence of periods is settled:

        - the period is cut into its calendar-month pieces; what is due per provider ×
          municipality × segment × piece comes from asking the model to settle each
          piece (its payable only: those inner calls stop here, before transfers);
        - every earlier transfer (advance or payment) of the scope that touches the
          period must lie inside it, and counts as paid for the piece holding its start
          (a settlement's own transfers always lie inside one piece); one that the
          period cuts in two raises :class:`~jeugdinkoop.errors.SettlementOverlap`;
        - each piece posts ``due − paid`` as one transfer, dated to the piece and keyed
          by what was paid before, so posting twice has no effect.

        So settling Q1, posting it and then settling March pays nothing more for March;
        settling March and then the year pays the year less March. A model whose pieces
        do not add up to the whole (not additive per month) posts one transfer for the
        whole period instead.

        Raises:
            SettlementOverlap: when an earlier transfer lies partly inside the period.
        """
        if _PRICING_PIECES.get():
            # only what is due is asked (by an enclosing finish): no transfers, no postings
            return Settlement(period, lines)
        pieces = _pieces(period)
        paid = _paid_by_piece(period, pieces, ctx)
        merged_lines = {
            line.key: line
            for line in _merge(attrs.evolve(line, advanced=Money.zero()) for line in lines)
        }
        for key, amounts in paid.items():
            base = merged_lines.get(key, SettlementLine(*key))
            merged_lines[key] = attrs.evolve(base, advanced=Money.sum(amounts))
        merged = _merge(merged_lines.values())
        due = self._due_by_piece(pieces, merged, ctx)
        if due is None:
            pieces = [period]
            due = {line.key: [line.payable] for line in merged}
            paid = {key: [Money.sum(amounts)] for key, amounts in paid.items()}
        transfers: list[Entry] = []
        for line in merged:
            before = paid.get(line.key, [Money.zero()] * len(pieces))
            for piece, owed, already in zip(pieces, due[line.key], before, strict=True):
                balance = owed - already
                if balance.is_zero():
                    continue
                transfers.append(
                    Entry(
                        transfer,
                        f"{transfer.value} {piece} {line.provider} {line.municipality} "
                        f"{line.segment} {already.amount}",
                        line.provider,
                        line.municipality,
                        line.segment,
                        piece,
                        balance,
                    )
                )
        return Settlement(period, merged, (*postings, *transfers))

    def _due_by_piece(
        self, pieces: list[Period], lines: Iterable[SettlementLine], ctx: FundingContext
    ) -> dict[tuple[AGBCode, MunicipalityCode, str], list[Money]] | None:
        """What is payable per line and piece, or ``None`` when the pieces do not add up."""
        lines = list(lines)
        if len(pieces) == 1 or all(line.payable.is_zero() for line in lines):
            return {line.key: [line.payable] + [Money.zero()] * (len(pieces) - 1) for line in lines}
        due: dict[tuple[AGBCode, MunicipalityCode, str], list[Money]] = defaultdict(
            lambda: [Money.zero()] * len(pieces)
        )
        token = _PRICING_PIECES.set(True)
        try:
            for i, piece in enumerate(pieces):
                for line in self.settle(piece, ctx).lines:
                    if not line.payable.is_zero():
                        due[line.key][i] += line.payable
        finally:
            _PRICING_PIECES.reset(token)
        payable = {line.key: line.payable for line in lines}
        if any(key not in payable for key in due) or any(
            Money.sum(due[key]) != amount for key, amount in payable.items()
        ):
            return None
        return {key: due[key] for key in payable}

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if not getattr(cls, "__abstractmethods__", None) and "name" in cls.__dict__:
            variant = cls.__dict__.get("variant", getattr(cls, "variant", None))
            if not isinstance(variant, Variant):
                raise TypeError(
                    f"funding model {cls.__qualname__}: variant must be a Variant, got {variant!r}"
                )


_PRICING_PIECES: ContextVar[bool] = ContextVar("jeugdinkoop_pricing_pieces", default=False)
"""Set while :meth:`FundingModel.finish` asks a model what is due per piece of a period."""


def _pieces(period: Period) -> list[Period]:
    """The calendar-month pieces of a period (the whole period when it is open)."""
    if period.end is None:
        return [period]
    return list(period.months())


def _paid_by_piece(
    period: Period, pieces: list[Period], ctx: FundingContext
) -> dict[tuple[AGBCode, MunicipalityCode, str], list[Money]]:
    """Earlier transfers of the scope per line and piece; refuse one the period cuts in two."""
    paid: dict[tuple[AGBCode, MunicipalityCode, str], list[Money]] = defaultdict(
        lambda: [Money.zero()] * len(pieces)
    )
    for entry in ctx.ledger:
        if not entry.kind.is_transfer or not ctx.in_scope(entry.segment):
            continue
        if not entry.period.overlaps(period):
            continue
        if not period.contains(entry.period):
            raise SettlementOverlap(
                f"settle {period}: the {entry.kind.value} {entry.key!r} for {entry.period} "
                f"(provider {entry.provider}, municipality {entry.municipality}, segment "
                f"{entry.segment}) lies partly inside the period, so what it paid for the "
                "period is unknown; settle periods that contain earlier settled pieces whole "
                "(whole calendar months always do)"
            )
        index = next(i for i, piece in enumerate(pieces) if piece.contains(entry.period.start))
        paid[(entry.provider, entry.municipality, entry.segment)][index] += entry.amount
    return paid
