"""The conformance kit: the invariants every funding model must keep, runnable on any subclass.

A region that writes its own model runs ``check_funding_model(MyModel(...))`` in its
test suite (or decorates a test with :func:`parametrize_with_checks`). The kit builds a
small synthetic region around the model (:func:`kit_region`), draws assignments and
claims with hypothesis, validates, settles, and checks that:

- settlement never creates or loses money (columns add up across groupings; paying the
  postings and settling again leaves nothing open; budgets equal what was paid,
  released and still open);
- no payment is negative;
- a credit exactly reverses its debit;
- results do not depend on claim order;
- the same input gives the same output;
- the model's parameters survive a round trip through the io converter;
- a model that declares ``forecast_ignores_volume`` forecasts the same cost whatever
  the clients, flows and utilisation.

Which identities apply is read from the model's declared :class:`ModelTraits`, never
from its class name. Models whose parameters name providers, municipalities or
segments must use the kit's codes: :data:`KIT_PROVIDERS`, :data:`KIT_MUNICIPALITIES`,
:data:`KIT_SEGMENT` (see :func:`kit_instances` for the built-ins).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Domain, Frequency, ProductCategory, Unit
from jeugdinkoop.errors import JeugdinkoopError, SettlementOverlap
from jeugdinkoop.funding import (
    Budget,
    Ceiling,
    Combined,
    Demand,
    EffortBased,
    FundingContext,
    FundingModel,
    Lumpsum,
    OutputBased,
    PaymentSchedule,
    PersonalBudget,
    PopulationRate,
    ResultScore,
    ScheduleKind,
    Settlement,
    TaskBased,
)
from jeugdinkoop.io.converter import converter
from jeugdinkoop.model import (
    Assignment,
    Claim,
    Contract,
    Municipality,
    PopulationBand,
    Procedure,
    Product,
    ProductCatalog,
    Provider,
    Region,
    Segment,
    Tariff,
    TariffTable,
    Volume,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import ValidationReport, validate

if TYPE_CHECKING:
    from _pytest.mark import MarkDecorator

__all__ = [
    "KIT_HORIZON",
    "KIT_MUNICIPALITIES",
    "KIT_PROVIDERS",
    "KIT_SEGMENT",
    "Case",
    "FundingModelCheckError",
    "cases",
    "check_claim_order_irrelevant",
    "check_credit_reverses_debit",
    "check_deterministic",
    "check_forecast_ignores_volume",
    "check_funding_model",
    "check_money_conserved",
    "check_no_negative_payment",
    "check_roundtrip_io",
    "check_settles_once",
    "funding_model_checks",
    "kit_instances",
    "kit_region",
    "parametrize_with_checks",
]

KIT_MUNICIPALITIES: Final = ("0001", "0002")
KIT_PROVIDERS: Final = ("10000001", "10000002")
KIT_SEGMENT: Final = "KIT"
KIT_YEAR: Final = 2025
KIT_HORIZON: Final = Period(date(2025, 1, 1), date(2025, 12, 31))
"""The settlement period of the kit: one whole year, so year-end rules apply."""

HOUR_PRODUCT: Final = "45K01"
OUTPUT_PRODUCT: Final = "50K01"
_CLIENTS: Final = ("100000010", "100000022", "100000034", "100000046", "100000058", "100000071")
MAX_EXAMPLES: Final = 20


class FundingModelCheckError(AssertionError):
    """A funding model broke an invariant; the message names model, check and counterexample."""


def kit_region(model: FundingModel) -> Region:
    """A small region whose one segment ``KIT`` is paid by ``model``.

    Two municipalities (0001, 0002; 1,000 and 500 inhabitants aged 7–12), two providers
    contracted for the segment all of 2025, an hourly product (€ 80.00/h) and an output
    product (pieces).
    """
    year = Period.year(KIT_YEAR)
    return Region(
        code="kit",
        name="Conformance kit",
        municipalities=[
            Municipality(
                code=code,
                name=f"Kit {code}",
                population=[
                    PopulationBand(min_age=0, max_age=6, inhabitants=n),
                    PopulationBand(min_age=7, max_age=12, inhabitants=n),
                    PopulationBand(min_age=13, max_age=17, inhabitants=n),
                ],
            )
            for code, n in zip(KIT_MUNICIPALITIES, (1000, 500), strict=True)
        ],
        segments=[
            Segment(code=KIT_SEGMENT, name="Kit segment", domain=Domain.JEUGD, funding=model)
        ],
        catalog=ProductCatalog(
            [
                Product(
                    code=HOUR_PRODUCT,
                    category=ProductCategory.AMBULANT,
                    name="Kit hour",
                    unit=Unit.HOUR,
                    segment=KIT_SEGMENT,
                ),
                Product(
                    code=OUTPUT_PRODUCT,
                    category=ProductCategory.CUSTOM_ARRANGEMENT,
                    name="Kit arrangement",
                    unit=Unit.PIECES_OUTPUT,
                    segment=KIT_SEGMENT,
                ),
            ]
        ),
        tariffs=TariffTable(
            [Tariff(product=HOUR_PRODUCT, rate="80.00", unit=Unit.HOUR, period=year)]
        ),
        providers=[Provider(agb=agb, name=f"Kit provider {agb}") for agb in KIT_PROVIDERS],
        contracts=[
            Contract(
                reference=f"KIT-{agb}",
                provider=agb,
                procedure=Procedure.OPEN_HOUSE,
                period=year,
                municipalities=list(KIT_MUNICIPALITIES),
                segments=[KIT_SEGMENT],
            )
            for agb in KIT_PROVIDERS
        ],
    )


@attrs.frozen
class Case:
    """One drawn situation: assignments and the claims sent on them."""

    assignments: tuple[Assignment, ...]
    claims: tuple[Claim, ...]


def _month_end(day: date) -> date:
    return Period.month(day.year, day.month).end or day


@st.composite
def _case(draw: st.DrawFn, model: FundingModel, region: Region) -> Case:
    traits = model.traits
    output = Unit.PIECES_OUTPUT in traits.claim_units
    ctx = FundingContext(region)
    assignments: list[Assignment] = []
    claims: list[Claim] = []
    for i in range(draw(st.integers(1, 4))):
        first = draw(st.integers(1, 10))
        months = draw(st.integers(1, 3))
        start = date(KIT_YEAR, first, 1)
        end = _month_end(date(KIT_YEAR, first + months - 1, 1))
        fields: dict[str, Any] = {
            "reference": f"KT-{i}",
            "client": _CLIENTS[i],
            "municipality": draw(st.sampled_from(KIT_MUNICIPALITIES)),
            "provider": draw(st.sampled_from(KIT_PROVIDERS)),
            "period": Period(start, end),
        }
        if output:
            fields |= {
                "category": ProductCategory.CUSTOM_ARRANGEMENT,
                "product": OUTPUT_PRODUCT,
                "budget": Money.from_cents(draw(st.integers(10_000, 500_000))),
            }
        elif traits.budget_cap:
            fields |= {
                "category": ProductCategory.AMBULANT,
                "product": HOUR_PRODUCT,
                "budget": Money.from_cents(draw(st.integers(50_000, 500_000))),
            }
        else:
            fields |= {
                "category": ProductCategory.AMBULANT,
                "product": HOUR_PRODUCT,
                "volume": Volume(draw(st.integers(1, 20)), Unit.HOUR, Frequency.PER_MONTH),
            }
        assignment = Assignment(**fields)
        assignments.append(assignment)
        for month in range(first, first + months):
            if not draw(st.booleans()):
                continue
            day = date(KIT_YEAR, month, 1)
            unit = Unit.PIECES_OUTPUT if output else Unit.HOUR
            quantity = 1 if output else draw(st.integers(1, 12))
            claim = Claim(
                reference=f"KC-{i}-{month}",
                assignment=assignment.reference,
                provider=assignment.provider,
                client=assignment.client,
                municipality=assignment.municipality,
                product=assignment.product or HOUR_PRODUCT,
                start=day,
                end=_month_end(day),
                quantity=quantity,
                unit=unit,
                amount="0.00",
            )
            try:
                amount = model.price(claim, assignment, ctx)
            except Exception:
                amount = Money("1.00")
            claims.append(attrs.evolve(claim, amount=max(amount, Money.zero())))
    return Case(tuple(assignments), tuple(claims))


def cases(model: FundingModel, region: Region | None = None) -> st.SearchStrategy[Case]:
    """Hypothesis strategy of assignments and claims that fit ``model`` in the kit region."""
    return _case(model, region or kit_region(model))


def _fail(model: FundingModel, check: str, detail: str) -> FundingModelCheckError:
    return FundingModelCheckError(f"{type(model).__name__} ({model.name}) fails {check}: {detail}")


def _run(model: FundingModel, body: Callable[[Region, Case], None]) -> None:
    region = kit_region(model)

    @settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(_case(model, region))
    def run(case: Case) -> None:
        body(region, case)

    run()


def _validate_and_settle(
    region: Region, case: Case, claims: Sequence[Claim] | None = None
) -> tuple[ValidationReport, Settlement]:
    report = validate(case.claims if claims is None else claims, case.assignments, region)
    return report, settle(report.ledger, region, KIT_HORIZON, assignments=case.assignments)


def _snapshot(report: ValidationReport, settlement: Settlement) -> tuple[Any, ...]:
    return (
        sorted((a.claim.reference, a.amount) for a in report.accepted),
        sorted((r.subject, tuple(f.code for f in r.findings)) for r in report.rejected),
        settlement.lines,
    )


# -- the checks ----------------------------------------------------------------------------
def check_money_conserved(model: FundingModel) -> None:
    """Settlement never creates or loses money.

    Columns add up across every grouping; posting the settlement and settling again
    leaves every balance at zero; claims booked equal claims accepted; and, by trait:
    a capped budget equals claimed + released + still open; an annual budget equals
    payable + released (less any overspending paid on top); a claims-only model pays
    exactly what it accepted.
    """

    def body(region: Region, case: Case) -> None:
        report, settlement = _validate_and_settle(region, case)
        traits = model.traits
        for column in ("claimed", "payable", "advanced", "released", "balance"):
            total = settlement.total(column)
            for keys in (
                ("provider",),
                ("municipality",),
                ("segment",),
                ("provider", "municipality"),
            ):
                grouped = Money.sum(getattr(line, column) for line in settlement.by(*keys).values())
                if grouped != total:
                    raise _fail(
                        model,
                        "check_money_conserved",
                        f"{column} grouped by {keys} is {grouped}, total {total}",
                    )
        ledger = report.ledger.copy()
        ledger.post(settlement.postings)
        again = settle(ledger, region, KIT_HORIZON, assignments=case.assignments)
        open_lines = [line for line in again.lines if not line.balance.is_zero()]
        if open_lines:
            raise _fail(
                model, "check_money_conserved", f"after posting, balance left: {open_lines[0]!r}"
            )
        booked = Money.sum(e.amount for e in report.entries if e.kind.is_paid_out)
        if booked != report.total_accepted:
            raise _fail(
                model,
                "check_money_conserved",
                f"booked {booked} but accepted {report.total_accepted}",
            )
        if traits.combines:
            return
        for line in settlement.lines:
            budget = line.budget or Money.zero()
            if traits.budget_cap and line.claimed + line.released + line.open != budget:
                raise _fail(
                    model,
                    "check_money_conserved",
                    f"claimed {line.claimed} + released {line.released} + open {line.open} != budget {budget} in {line!r}",
                )
            if traits.advances and line.payable + line.released != budget + max(
                line.adjustment, Money.zero()
            ):
                raise _fail(
                    model,
                    "check_money_conserved",
                    f"payable {line.payable} + released {line.released} != budget {budget} + overspend in {line!r}",
                )
            if (
                traits.client_claims
                and not (traits.budget_cap or traits.advances)
                and line.payable != line.claimed
            ):
                raise _fail(
                    model,
                    "check_money_conserved",
                    f"payable {line.payable} != claimed {line.claimed} in {line!r}",
                )

    _run(model, body)


def check_settles_once(model: FundingModel) -> None:
    """Settling overlapping periods pays each euro once.

    The first quarter is settled and posted, then March, then the whole year: March
    posts no transfer (the quarter paid it), and all transfers together equal, per
    provider × municipality × segment, the year's payable settled at once. A model whose
    settlement does not add up month by month fails here (settling March after the
    quarter is then refused with ``SettlementOverlap``).
    """
    quarter = Period(date(KIT_YEAR, 1, 1), date(KIT_YEAR, 3, 31))
    march = Period.month(KIT_YEAR, 3)

    def body(region: Region, case: Case) -> None:
        report = validate(case.claims, case.assignments, region)
        ledger = report.ledger.copy()
        for period in (quarter, march, KIT_HORIZON):
            try:
                result = settle(ledger, region, period, assignments=case.assignments)
            except SettlementOverlap as err:
                raise _fail(model, "check_settles_once", str(err)) from None
            again = [p for p in result.postings if p.kind.is_transfer]
            if period is march and again:
                raise _fail(model, "check_settles_once", f"March paid again after Q1: {again[0]!r}")
            ledger.post(result.postings)
        paid: dict[tuple[object, ...], Money] = {}
        for entry in ledger:
            if entry.kind.is_transfer:
                key = (entry.provider, entry.municipality, entry.segment)
                paid[key] = paid.get(key, Money.zero()) + entry.amount
        fresh = settle(report.ledger, region, KIT_HORIZON, assignments=case.assignments)
        due = {line.key: line.payable for line in fresh.lines if line.payable}
        if {k: v for k, v in paid.items() if v} != due:
            raise _fail(model, "check_settles_once", f"transferred {paid} but the year owes {due}")

    _run(model, body)


def check_no_negative_payment(model: FundingModel) -> None:
    """No accepted debit is priced below zero and no settlement line pays a negative amount."""

    def body(region: Region, case: Case) -> None:
        report, settlement = _validate_and_settle(region, case)
        for accepted in report.accepted:
            if not accepted.claim.is_credit and accepted.amount < Money.zero():
                raise _fail(
                    model,
                    "check_no_negative_payment",
                    f"claim {accepted.claim.reference} priced {accepted.amount}",
                )
        for line in settlement.lines:
            if line.payable < Money.zero():
                raise _fail(model, "check_no_negative_payment", f"negative payable in {line!r}")

    _run(model, body)


def check_credit_reverses_debit(model: FundingModel) -> None:
    """Crediting every accepted debit brings every claim total back to exactly zero."""

    def body(region: Region, case: Case) -> None:
        report = validate(case.claims, case.assignments, region)
        credits = [
            attrs.evolve(
                a.claim,
                reference=f"CR-{a.claim.reference}",
                debit_credit="C",
                reverses=a.claim.reference,
            )
            for a in report.accepted
        ]
        second = validate(credits, case.assignments, region, report.ledger)
        if second.rejected:
            raise _fail(
                model,
                "check_credit_reverses_debit",
                f"credit refused: {second.rejected[0].findings[0]}",
            )
        paid = Money.sum(e.amount for e in second.ledger if e.kind.is_paid_out)
        value = Money.sum(e.value for e in second.ledger if e.kind.is_claim)
        if not paid.is_zero() or not value.is_zero():
            raise _fail(
                model,
                "check_credit_reverses_debit",
                f"after crediting everything, {paid} paid and {value} reported remain",
            )
        if second.total_accepted != -report.total_accepted:
            raise _fail(
                model,
                "check_credit_reverses_debit",
                f"credits {second.total_accepted} vs debits {report.total_accepted}",
            )

    _run(model, body)


def check_claim_order_irrelevant(model: FundingModel) -> None:
    """Validating and settling the same claims in another order gives the same result."""

    def body(region: Region, case: Case) -> None:
        first = _snapshot(*_validate_and_settle(region, case))
        shuffled = list(case.claims)
        random.Random(len(shuffled)).shuffle(shuffled)
        shuffled.reverse()
        second = _snapshot(*_validate_and_settle(region, case, shuffled))
        if first != second:
            raise _fail(model, "check_claim_order_irrelevant", f"{first!r} != {second!r}")

    _run(model, body)


def check_deterministic(model: FundingModel) -> None:
    """The same input gives the same output, and the model is not changed by use."""

    def body(region: Region, case: Case) -> None:
        before = converter.unstructure(model, FundingModel)
        first = _snapshot(*_validate_and_settle(region, case))
        second = _snapshot(*_validate_and_settle(region, case))
        if first != second:
            raise _fail(model, "check_deterministic", f"{first!r} != {second!r}")
        if converter.unstructure(model, FundingModel) != before:
            raise _fail(model, "check_deterministic", "the model's parameters changed while in use")

    _run(model, body)


def check_roundtrip_io(model: FundingModel) -> None:
    """The model's parameters survive unstructure → structure through the io converter exactly."""
    data = converter.unstructure(model, FundingModel)
    again = converter.structure(data, FundingModel)
    if again != model:
        raise _fail(model, "check_roundtrip_io", f"{model!r} came back as {again!r} via {data!r}")


def check_forecast_ignores_volume(model: FundingModel) -> None:
    """A model declaring ``forecast_ignores_volume`` keeps the promise.

    A Monte Carlo run prices such a model's demand lines once instead of every draw, so
    two demands that differ only in clients, flows and utilisation must cost the same
    per provider. Models that do not declare it pass without being asked.
    """
    if not model.forecast_ignores_volume:
        return
    region = kit_region(model)
    volumes = st.tuples(
        st.integers(0, 400), st.integers(0, 200), st.integers(0, 200), st.decimals(0, 60, places=2)
    )

    @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None)
    @given(
        municipality=st.sampled_from(KIT_MUNICIPALITIES),
        year=st.integers(KIT_YEAR - 1, KIT_YEAR + 3),
        provider=st.sampled_from([None, *KIT_PROVIDERS]),
        price_factor=st.decimals("0.5", "1.5", places=4),
        first=volumes,
        second=volumes,
    )
    def run(
        *,
        municipality: str,
        year: int,
        provider: str | None,
        price_factor: Decimal,
        first: tuple[int, int, int, Decimal],
        second: tuple[int, int, int, Decimal],
    ) -> None:
        def forecast(volume: tuple[int, int, int, Decimal]) -> list[tuple[object, object]]:
            start, inflow, outflow, use = volume
            demand = Demand(
                municipality=municipality,
                segment=KIT_SEGMENT,
                year=year,
                clients_start=start,
                inflow=inflow,
                outflow=min(outflow, start + inflow),
                units_per_client_month=use,
                price_factor=price_factor,
                provider=provider,
            )
            try:
                lines = model.forecast(demand, FundingContext(region)).lines
            except JeugdinkoopError as err:  # no tariff that year, say: the same at any volume
                return [("refused", type(err).__name__)]
            return [(line.provider, line.cost) for line in lines]

        one, other = forecast(first), forecast(second)
        if one != other:
            raise _fail(
                model,
                "check_forecast_ignores_volume",
                f"{municipality} {year}: volume {first} costs {one}, volume {second} costs {other}",
            )

    run()


_CHECKS: Final = (
    check_roundtrip_io,
    check_money_conserved,
    check_no_negative_payment,
    check_credit_reverses_debit,
    check_claim_order_irrelevant,
    check_deterministic,
    check_forecast_ignores_volume,
    check_settles_once,
)


def funding_model_checks(
    model: FundingModel,
) -> Iterator[tuple[str, Callable[[FundingModel], None]]]:
    """Yield ``(name, check)`` for every check that applies to ``model`` (by its traits).

    Examples:
        >>> [name for name, _ in funding_model_checks(EffortBased())][:2]
        ['check_roundtrip_io', 'check_money_conserved']
    """
    for check in _CHECKS:
        yield check.__name__, check


def check_funding_model(
    model: FundingModel, expected_failures: Mapping[str, str] | None = None
) -> None:
    """Run every check on a model instance; raise naming the model, the check and the counterexample.

    Args:
        model: an instance (parameters set as the region uses it).
        expected_failures: ``{check name: reason}`` for checks known to fail; such a
            check must fail (a passing one is reported, so the table cannot rot).

    Raises:
        FundingModelCheckError: on the first broken invariant, or an expected failure that passed.

    Examples:
        >>> check_funding_model(EffortBased())
    """
    expected = dict(expected_failures or {})
    unknown = set(expected) - {name for name, _ in funding_model_checks(model)}
    if unknown:
        raise ValueError(f"expected_failures names unknown checks: {sorted(unknown)}")
    for name, check in funding_model_checks(model):
        if name in expected:
            try:
                check(model)
            except AssertionError:
                continue
            raise _fail(model, name, f"was expected to fail ({expected[name]}) but passed")
        check(model)


def parametrize_with_checks(models: Sequence[FundingModel]) -> MarkDecorator:
    """A pytest decorator with one test id per model and check (``model-check``).

    Examples:
        >>> decorator = parametrize_with_checks([EffortBased()])
    """
    import pytest  # the kit is used from test suites; pytest is there

    params = [
        pytest.param(model, check, id=f"{type(model).__name__}-{name}")
        for model in models
        for name, check in funding_model_checks(model)
    ]
    return pytest.mark.parametrize(("model", "check"), params)


def kit_instances() -> dict[str, FundingModel]:
    """An instance of every built-in model, with parameters that fit the kit region.

    Every registered model must appear here (a test checks it against the registry).
    """
    budgets = [
        Budget(agb, municipality, KIT_SEGMENT, KIT_YEAR, amount)
        for agb in KIT_PROVIDERS
        for municipality, amount in zip(KIT_MUNICIPALITIES, ("12000.00", "6000.00"), strict=True)
    ]
    task = TaskBased(
        budgets=budgets[:1],
        population=[PopulationRate(KIT_PROVIDERS[1], KIT_SEGMENT, KIT_YEAR, "12.00", 7, 12)],
        result_share_pct=20,
        results=[ResultScore(KIT_PROVIDERS[0], KIT_MUNICIPALITIES[0], KIT_SEGMENT, KIT_YEAR, 75)],
    )
    return {
        "effort": EffortBased(ceilings=[Ceiling(KIT_PROVIDERS[0], KIT_YEAR, "1000.00")]),
        "personal_budget": PersonalBudget(),
        "output": OutputBased(schedule=PaymentSchedule(ScheduleKind.START_AND_END, start_pct=60)),
        "lumpsum": Lumpsum(
            budgets, corridor_pct=5, overspend_share_pct=50, underspend_share_pct=50
        ),
        "task": task,
        "combined": Combined([EffortBased(), task]),
    }
