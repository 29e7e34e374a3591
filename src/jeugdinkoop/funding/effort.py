"""EffortBased [inspanningsgericht, PxQ]: price × quantity, with volume and ceiling checks."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from decimal import Decimal
from typing import ClassVar

import attrs

from jeugdinkoop.codes import Frequency, Unit, Variant
from jeugdinkoop.funding.base import FundingContext, FundingModel, ModelTraits, convert_quantity
from jeugdinkoop.funding.registry import register_funding_model
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model import Assignment, Claim, Volume
from jeugdinkoop.model.fields import freeze, to_agb, to_money, to_optional_municipality
from jeugdinkoop.model.findings import RULES, Finding
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["Ceiling", "EffortBased", "allowance"]


@attrs.frozen
class Ceiling:
    """A provider's budget ceiling for a year (budgetplafond), optionally per municipality.

    Examples:
        >>> Ceiling("12345678", 2025, "250000.00").amount
        Money('250000.00')
    """

    provider: AGBCode = attrs.field(converter=to_agb)
    year: int
    amount: Money = attrs.field(converter=to_money)
    municipality: MunicipalityCode | None = attrs.field(
        default=None, converter=to_optional_municipality
    )


@functools.lru_cache(maxsize=65_536)
def allowance(volume: Volume, assigned: Period, year: int, month: int) -> tuple[Period, Decimal]:
    """What an assignment allows in the window a claim of ``year``-``month`` falls in.

    Per day: the quantity × the days assigned in that month; per week: pro rata, the
    quantity × days / 7; per month: the quantity; in total: the quantity over the whole
    assignment. (A pure function of immutable values, so its answers are kept.)

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.codes import Unit
        >>> v = Volume(3, Unit.HOUR, Frequency.PER_WEEK)
        >>> window, allowed = allowance(v, Period(date(2025, 2, 15), date(2025, 6, 30)), 2025, 2)
        >>> str(window), allowed.quantize(Decimal("0.01"))
        ('2025-02-15..2025-02-28', Decimal('6.00'))
    """
    if volume.frequency is Frequency.TOTAL:
        return assigned, volume.quantity
    month_period = Period.month(year, month)
    window = month_period.intersection(assigned) or month_period
    if volume.frequency is Frequency.PER_MONTH:
        return window, volume.quantity
    if volume.frequency is Frequency.PER_DAY:
        return window, volume.quantity * window.days
    return window, volume.quantity * window.days / 7


def _converted(quantity: Decimal, unit: Unit, to: Unit) -> Decimal:
    """A delivered quantity in the assignment's unit; pieces of another kind do not count."""
    try:
        return convert_quantity(quantity, unit, to)
    except ValueError:
        return Decimal(0)


@register_funding_model
@attrs.frozen
class EffortBased(FundingModel):
    """EffortBased [inspanningsgericht, PxQ]: pay the tariff's rate × the delivered quantity.

    The rate comes from the tariff table (the assignment's tier; a provider-specific tariff
    wins) raised by the contract's uplift; the quantity is converted to the tariff's unit
    (minutes ↔ hours, day parts, etmaal) and the amount rounded half up once per line.
    Checks: the unit fits, the volume per frequency (per day, week, month, or in total)
    is not exceeded over what the ledger already holds, and, where set, the provider's
    yearly ceiling (budgetplafond) — passing it is a warning, as clients in care are paid.

    Args:
        ceilings: budget ceilings per provider (and municipality) per year.

    Examples:
        >>> EffortBased().name, EffortBased.variant.label
        ('effort', 'inspanningsgericht')

    References:
        - seed 002 (Zuid-Limburg) §"inspanningsgericht": pay per hour or day at the
          contracted tariff, possibly within a budget ceiling.
        - seed 003 (Midden-IJssel/Oost-Veluwe): PxQ on uniform cost-price tariffs.
        - iJw 3.2 TR321/TR322 (volume), OP262 (units).

    .. versionadded:: 0.1
    """

    name: ClassVar[str] = "effort"
    variant: ClassVar[Variant] = Variant.EFFORT
    traits: ClassVar[ModelTraits] = ModelTraits(client_claims=True)
    references: ClassVar[tuple[str, ...]] = (
        "seed 002 §3 inspanningsgericht",
        "seed 003 §PxQ",
        "iJw TR321, TR322",
    )

    ceilings: tuple[Ceiling, ...] = attrs.field(default=(), converter=freeze)

    def check(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Iterable[Finding]:
        """Tariff and unit, then volume per frequency, then the ceiling."""
        findings = self.check_tariff(claim, assignment, ctx)
        if findings:
            return findings
        findings = self.check_volume(claim, assignment, ctx)
        if findings:
            return findings
        return self.check_ceiling(claim, assignment, ctx)

    def check_volume(
        self, claim: Claim, assignment: Assignment, ctx: FundingContext
    ) -> list[Finding]:
        """The assigned volume per frequency, over the ledger plus this claim (iJw TR321/TR322)."""
        volume = assignment.volume
        if volume is None:
            return []
        subject = f"claim {claim.reference}"
        try:
            quantity = (
                claim.quantity
                if claim.unit is volume.unit
                else convert_quantity(claim.quantity, claim.unit, volume.unit)
            )
        except ValueError:
            return [
                RULES["JI-402"].finding(
                    subject, "unit", claimed=claim.unit.label, assigned=volume.unit.label
                )
            ]
        window, allowed = allowance(volume, assignment.period, claim.start.year, claim.start.month)
        if quantity > allowed:
            return [
                RULES["JI-404"].finding(
                    subject,
                    "quantity",
                    quantity=_fmt(quantity),
                    unit=volume.unit.label,
                    assigned=_fmt(allowed),
                    frequency=f"in {window}"
                    if volume.frequency is not Frequency.TOTAL
                    else volume.frequency.label,
                )
            ]
        service_year, service_month = claim.start.year, claim.start.month
        whole = volume.frequency is Frequency.TOTAL
        target = volume.unit
        delivered = Decimal(0)
        for (year, number, unit), amount in ctx.ledger.quantities(assignment.reference).items():
            if unit is None or (not whole and (number != service_month or year != service_year)):
                continue
            delivered += amount if unit is target else _converted(amount, unit, target)
        if delivered + quantity > allowed:
            return [
                RULES["JI-405"].finding(
                    subject,
                    "quantity",
                    total=_fmt(delivered + quantity),
                    unit=volume.unit.label,
                    window=str(window),
                    allowed=_fmt(allowed),
                )
            ]
        return []

    def check_ceiling(
        self, claim: Claim, assignment: Assignment, ctx: FundingContext
    ) -> list[Finding]:
        """A warning when the provider passes its yearly ceiling with this claim."""
        year = claim.start.year
        ceilings = [
            c
            for c in self.ceilings
            if c.provider == claim.provider
            and c.year == year
            and c.municipality in (None, claim.municipality)
        ]
        if not ceilings:
            return []
        price = self.price(claim, assignment, ctx)
        findings = []
        for ceiling in ceilings:
            used = ctx.ledger.paid_out(claim.provider, year, ceiling.municipality)
            if used + price > ceiling.amount:
                findings.append(
                    RULES["JI-407"].finding(
                        f"claim {claim.reference}",
                        "amount",
                        provider=claim.provider,
                        ceiling=ceiling.amount,
                        year=year,
                        total=used + price,
                    )
                )
        return findings


def _fmt(quantity: Decimal) -> str:
    """A quantity for a message: no trailing zeros, at most two decimals."""
    return f"{quantity.quantize(Decimal('0.01')).normalize():f}"
