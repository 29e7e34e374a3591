"""OutputBased [outputgericht, trajectfinanciering, arrangementen]: a fixed amount per trajectory."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import ClassVar

import attrs
from dateutil.relativedelta import relativedelta

from jeugdinkoop.codes import Unit, Variant
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding.base import (
    Demand,
    Forecast,
    ForecastLine,
    FundingContext,
    FundingModel,
    ModelTraits,
)
from jeugdinkoop.funding.registry import register_funding_model
from jeugdinkoop.identifiers import ProductCode
from jeugdinkoop.model import Assignment, Claim
from jeugdinkoop.model.fields import (
    freeze,
    non_empty,
    not_negative,
    to_decimal,
    to_money,
    to_optional_product,
)
from jeugdinkoop.model.findings import RULES, Finding
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = [
    "Arrangement",
    "ArrangementMatrix",
    "Instalment",
    "OutputBased",
    "PaymentSchedule",
    "ScheduleKind",
]


@attrs.frozen
class Arrangement:
    """One cell of an arrangement matrix: a client profile at an intensity, and its amount.

    Examples:
        >>> Arrangement("1", "A", "609.84").amount
        Money('609.84')
    """

    profile: str = attrs.field(validator=non_empty)
    intensity: str = attrs.field(validator=non_empty)
    amount: Money = attrs.field(converter=to_money, validator=not_negative)
    product: ProductCode | None = attrs.field(default=None, converter=to_optional_product)


@attrs.frozen
class ArrangementMatrix:
    """ArrangementMatrix [arrangementenmatrix]: client profile × intensity → amount.

    Examples:
        >>> m = ArrangementMatrix([Arrangement("1", "A", "609.84"), Arrangement("1", "B", "1146.36")])
        >>> m.amount("1", "B"), m.amount("2", "A") is None
        (Money('1146.36'), True)
    """

    cells: tuple[Arrangement, ...] = attrs.field(converter=freeze)
    _mean: Money = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        seen: set[tuple[str, str]] = set()
        for cell in self.cells:
            if (cell.profile, cell.intensity) in seen:
                raise InvalidValue(
                    f"ArrangementMatrix.cells: profile {cell.profile!r} × intensity {cell.intensity!r} occurs twice"
                )
            seen.add((cell.profile, cell.intensity))
        # worked out once: every forecast without a cell of its own asks for it
        mean = (
            (Money.sum(c.amount for c in self.cells) / len(self.cells)).rounded()
            if self.cells
            else Money.zero()
        )
        object.__setattr__(self, "_mean", mean)

    def amount(self, profile: str | None, intensity: str | None) -> Money | None:
        """The amount of a cell, or ``None`` when the matrix has no such cell."""
        for cell in self.cells:
            if cell.profile == profile and cell.intensity == intensity:
                return cell.amount
        return None

    def mean(self) -> Money:
        """The unweighted mean amount of the cells (for forecasts without a cell).

        Examples:
            >>> ArrangementMatrix(cells=[
            ...     Arrangement(profile="1", intensity="A", amount="1.00"),
            ...     Arrangement(profile="1", intensity="B", amount="2.00"),
            ... ]).mean()
            Money('1.50')
        """
        return self._mean


class ScheduleKind(enum.StrEnum):
    """When an arrangement is paid."""

    AT_START = "at_start"
    """All at the start of the trajectory."""
    START_AND_END = "start_and_end"
    """A share at the start, the rest once the trajectory has ended."""
    MONTHLY = "monthly"
    """Equal monthly instalments over the expected duration."""


@attrs.frozen
class Instalment:
    """One payment of an arrangement: its number, when it may be claimed, its amount."""

    number: int
    due: Period
    amount: Money


def _schedule_kind(value: object) -> ScheduleKind:
    return value if isinstance(value, ScheduleKind) else ScheduleKind(str(value))


_MAX_MONTHS = 120  # instalments are allocated one by one: bound them (bad input must not hang)


@attrs.frozen
class PaymentSchedule:
    """PaymentSchedule [betaalschema]: how an arrangement's amount is paid over its trajectory.

    Args:
        kind: at start, start and end, or monthly.
        start_pct: for ``START_AND_END``, the percentage paid at the start.
        months: for ``MONTHLY``, the number of instalments (expected duration).

    Examples:
        >>> from datetime import date
        >>> s = PaymentSchedule(ScheduleKind.START_AND_END, start_pct=Decimal(60))
        >>> [(i.number, str(i.due), i.amount) for i in s.instalments(Money("1000.00"),
        ...     Period(date(2025, 1, 6), date(2025, 6, 30)))]
        [(1, '2025-01-06..2025-06-30', Money('600.00')), (2, '2025-06-30..', Money('400.00'))]
    """

    kind: ScheduleKind = attrs.field(default=ScheduleKind.AT_START, converter=_schedule_kind)
    start_pct: Decimal = attrs.field(default=Decimal(100), converter=to_decimal)
    months: int = attrs.field(default=12)

    @start_pct.validator
    def _pct(self, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
        if not 0 <= value <= 100:
            raise InvalidValue(
                f"PaymentSchedule.start_pct: {value} is not a percentage from 0 to 100"
            )

    @months.validator
    def _months(self, attribute: attrs.Attribute[int], value: int) -> None:
        if not 1 <= value <= _MAX_MONTHS:
            raise InvalidValue(
                f"PaymentSchedule.months: {value} must be from 1 to {_MAX_MONTHS} (ten years)"
            )

    def instalments(self, amount: Money, trajectory: Period) -> tuple[Instalment, ...]:
        """The instalments of an arrangement over a trajectory; they add up to ``amount`` exactly."""
        if self.kind is ScheduleKind.AT_START:
            return (Instalment(1, trajectory, amount),)
        if self.kind is ScheduleKind.START_AND_END:
            first = (amount * self.start_pct / 100).rounded()
            end = trajectory.end
            # the rest is due once the trajectory has ended; an open one has no end yet
            final_due = Period(end, None) if end is not None else Period(date.max, None)
            return (Instalment(1, trajectory, first), Instalment(2, final_due, amount - first))
        parts = amount.allocate([1] * self.months)
        result = []
        for number, part in enumerate(parts, start=1):
            first_day = trajectory.start + relativedelta(months=number - 1)
            month_start = first_day.replace(day=1) if number > 1 else trajectory.start
            month = Period.month(first_day.year, first_day.month)
            result.append(Instalment(number, Period(month_start, month.end), part))
        return tuple(result)


@register_funding_model
@attrs.frozen
class OutputBased(FundingModel):
    """OutputBased [outputgericht, trajectfinanciering]: a fixed amount per client per trajectory.

    The amount comes from the :class:`ArrangementMatrix` cell of the assignment's
    ``profile`` × ``intensity`` (or, when the access team assigned a trajectory in euros,
    the assignment's budget), and is paid by the :class:`PaymentSchedule`. Claims are in
    pieces (unit 82) or euros (83); claims of time (hours, days) are refused. A claim pays
    the next unpaid instalment that is due; no more than the arrangement amount is ever
    paid per trajectory. Results are agreed but do not change the payment.

    Args:
        matrix: the arrangement matrix.
        schedule: the payment schedule.

    Examples:
        >>> OutputBased(ArrangementMatrix([])).traits.claim_units == {Unit.PIECES_OUTPUT, Unit.EURO}
        True

    References:
        - seed 002 (Zuid-Limburg) §outputgericht: "vast bedrag per cliënt", profiles ×
          intensity levels, results do not change payment, hours are not reported.
        - seed 000 (IJsselland): segment midden paid per trajectory before 2021.
        - iJw 3.2 OP263/OP264 (output declared per piece or per period).

    .. versionadded:: 0.1
    """

    name: ClassVar[str] = "output"
    variant: ClassVar[Variant] = Variant.OUTPUT
    traits: ClassVar[ModelTraits] = ModelTraits(
        client_claims=True, claim_units=frozenset({Unit.PIECES_OUTPUT, Unit.EURO})
    )
    references: ClassVar[tuple[str, ...]] = (
        "seed 002 §outputgericht",
        "seed 000 §segment midden",
        "iJw OP263, OP264",
    )

    matrix: ArrangementMatrix = attrs.field(factory=lambda: ArrangementMatrix(()))
    schedule: PaymentSchedule = attrs.field(factory=PaymentSchedule)

    def arrangement_amount(self, assignment: Assignment) -> Money | None:
        """The trajectory's amount: the assignment's budget, else its matrix cell."""
        if assignment.budget is not None:
            return assignment.budget
        return self.matrix.amount(assignment.profile, assignment.intensity)

    def paid(self, assignment: Assignment, ctx: FundingContext) -> Money:
        """What the ledger holds as paid on the trajectory (net of credits)."""
        return Money.sum(
            e.amount for e in ctx.ledger.for_assignment(assignment.reference) if e.kind.is_paid_out
        )

    def next_instalments(
        self, claim: Claim, assignment: Assignment, ctx: FundingContext
    ) -> tuple[list[Instalment], list[Finding]]:
        """The instalments this claim pays, or the findings why it pays none."""
        subject = f"claim {claim.reference}"
        if claim.unit not in self.traits.claim_units:
            return [], [
                RULES["JI-403"].finding(subject, "unit", unit=claim.unit.label, model=self.name)
            ]
        amount = self.arrangement_amount(assignment)
        if amount is None:
            return [], [
                RULES["JI-701"].finding(
                    subject,
                    "assignment",
                    profile=assignment.profile,
                    intensity=assignment.intensity,
                )
            ]
        paid = self.paid(assignment, ctx)
        instalments = self.schedule.instalments(amount, assignment.period)
        running = Money.zero()
        unpaid: list[Instalment] = []
        for instalment in instalments:
            running += instalment.amount
            if running > paid:
                unpaid.append(instalment)
        if not unpaid:
            return [], [RULES["JI-702"].finding(subject, "amount", amount=amount, paid=paid)]
        count = int(claim.quantity) if claim.unit is Unit.PIECES_OUTPUT else 1
        wanted = unpaid[: max(count, 1)]
        for instalment in wanted:
            if instalment.due.start > claim.end:
                return [], [
                    RULES["JI-703"].finding(
                        subject,
                        "start",
                        instalment=instalment.number,
                        start=claim.start,
                        end=claim.end,
                    )
                ]
        return wanted, []

    def check(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Iterable[Finding]:
        """Unit must be pieces or euros; an arrangement must exist, be unpaid and due."""
        return self.next_instalments(claim, assignment, ctx)[1]

    def price(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Money:
        """The next unpaid, due instalment(s) of the arrangement; € 0 when none is."""
        instalments, _ = self.next_instalments(claim, assignment, ctx)
        return Money.sum(i.amount for i in instalments)

    def forecast(self, demand: Demand, ctx: FundingContext) -> Forecast:
        """New trajectories × amount, paid as the schedule says.

        The amount is the matrix cell named by ``demand.tier`` (``"profile/intensity"``) or the
        matrix mean. At start: inflow × amount; start and end: the start share for the inflow
        and the rest for the outflow; monthly: client-months × amount / months.
        """
        amount = self.matrix.mean()
        if demand.tier and "/" in demand.tier:
            profile, intensity = demand.tier.split("/", 1)
            amount = self.matrix.amount(profile, intensity) or amount
        amount = amount * demand.price_factor
        if self.schedule.kind is ScheduleKind.AT_START:
            cost = amount * demand.inflow
        elif self.schedule.kind is ScheduleKind.START_AND_END:
            share = self.schedule.start_pct / 100
            cost = amount * (demand.inflow * share + demand.outflow * (1 - share))
        else:
            cost = amount * demand.client_months / self.schedule.months
        return Forecast(
            [
                ForecastLine(
                    demand.municipality,
                    demand.segment,
                    demand.year,
                    cost.rounded(),
                    demand.average_clients,
                    demand.provider,
                )
            ]
        )
