"""Assignments (toewijzingen) and claims (declaratieregels)."""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal

import attrs

from jeugdinkoop.codes import (
    ChangeReason,
    DebitCredit,
    EndReason,
    Frequency,
    ProductCategory,
    Referrer,
    Unit,
)
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model.fields import (
    instance_of,
    is_date,
    names_fields,
    non_empty,
    not_negative,
    to_agb,
    to_bsn,
    to_category,
    to_date,
    to_debit_credit,
    to_decimal,
    to_frequency,
    to_money,
    to_municipality,
    to_optional_category,
    to_optional_change_reason,
    to_optional_end_reason,
    to_optional_money,
    to_optional_product,
    to_period,
    to_product,
    to_referrer,
    to_unit,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["Assignment", "Claim", "Volume"]


@names_fields
@attrs.frozen
class Volume:
    """Volume [omvang]: how much care, in which unit, per which frequency (iJw).

    Args:
        quantity: the amount of ``unit`` per ``frequency`` (whole numbers in iJw; for
            unit 83 it is in euro cents).
        unit: WJ756 unit.
        frequency: WMO757 frequency.

    Examples:
        >>> from jeugdinkoop.codes import Frequency, Unit
        >>> v = Volume(4, Unit.HOUR, Frequency.PER_WEEK)
        >>> v.quantity, v.unit.label, v.frequency.label
        (Decimal('4'), 'uur', 'per week')

    .. versionadded:: 0.1
    """

    quantity: Decimal = attrs.field(converter=to_decimal, validator=not_negative)
    unit: Unit = attrs.field(converter=to_unit)
    frequency: Frequency = attrs.field(converter=to_frequency)


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Assignment:
    """Assignment [toewijzing]: the municipality's decision that a provider may deliver care.

    It names a product, or only a category (aspecifiek), and carries either a
    :class:`Volume` or a budget in euros, or neither (category-only without budget).

    Args:
        reference: the assignment number (ToewijzingNummer).
        client: the youth's BSN.
        municipality: the municipality that assigns and pays.
        provider: the provider's AGB code.
        category: the product category (JZ020).
        period: the validity, inclusive end; ``end=None`` for open-ended.
        product: the product code, or ``None`` for a category-only assignment.
        volume: the assigned volume, for effort-based assignments.
        budget: the assigned maximum budget, for budget assignments.
        referrer: who referred (COD327).
        tier: the tariff tier or intensity the access team chose, where the product has tiers.
        profile: the client profile for an arrangement matrix (output-based).
        intensity: the intensity for an arrangement matrix (output-based).
        follows: the reference of the assignment this one follows up (after evaluation).
        end_reason: why it ended early (JZ588), once known.
        change_reason: why the municipality last changed it (JZ002), when sent; ``13``
            (verwijderd) withdraws it, and claims on it are refused (iJw TR384).

    Raises:
        InvalidValue: when the iJw shape rules are broken: volume and budget together; a
            volume without a product; a budget or a per-week volume without an end date.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.codes import Frequency, ProductCategory, Unit
        >>> a = Assignment(reference="T-1", client="111222333", municipality="0193", provider="12345678", category=ProductCategory.AMBULANT,
        ...                period=Period(date(2025, 1, 1)), product="45A01",
        ...                volume=Volume(4, Unit.HOUR, Frequency.PER_WEEK))
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidValue: Assignment 'T-1'.period: open-ended, but frequency 'per week' requires an end date (iJw)

    .. versionadded:: 0.1
    """

    reference: str = attrs.field(kw_only=False, validator=non_empty)
    client: BSN = attrs.field(converter=to_bsn)
    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    provider: AGBCode = attrs.field(converter=to_agb)
    category: ProductCategory = attrs.field(converter=to_category)
    period: Period = attrs.field(converter=to_period)
    product: ProductCode | None = attrs.field(default=None, converter=to_optional_product)
    volume: Volume | None = attrs.field(default=None, validator=instance_of(Volume))
    budget: Money | None = attrs.field(
        default=None, converter=to_optional_money, validator=not_negative
    )
    referrer: Referrer = attrs.field(default=Referrer.MUNICIPALITY, converter=to_referrer)
    tier: str | None = None
    profile: str | None = None
    intensity: str | None = None
    follows: str | None = None
    end_reason: EndReason | None = attrs.field(default=None, converter=to_optional_end_reason)
    change_reason: ChangeReason | None = attrs.field(
        default=None, converter=to_optional_change_reason
    )

    def __attrs_post_init__(self) -> None:
        here = f"Assignment {self.reference!r}"
        if self.volume is not None and self.budget is not None:
            raise InvalidValue(
                f"{here}.budget: set together with a volume; an assignment has one or the other"
            )
        if self.volume is not None and self.product is None:
            raise InvalidValue(
                f"{here}.volume: a volume needs a product code; a category-only assignment has a budget or nothing"
            )
        if self.budget is not None and self.period.end is None:
            raise InvalidValue(
                f"{here}.period: open-ended, but a budget assignment requires an end date (iJw)"
            )
        if (
            self.volume is not None
            and self.volume.frequency is Frequency.PER_WEEK
            and self.period.end is None
        ):
            raise InvalidValue(
                f"{here}.period: open-ended, but frequency 'per week' requires an end date (iJw)"
            )
        if self.budget is not None and self.budget != self.budget.rounded():
            raise InvalidValue(f"{here}.budget: {self.budget!r} has fractions of a cent")

    @property
    def is_category_only(self) -> bool:
        """Whether only a category was assigned (aspecifieke toewijzing)."""
        return self.product is None


@functools.lru_cache(maxsize=4096)
def _service_period(start: date, end: date) -> Period:
    return Period(start, end)


@names_fields
@attrs.frozen(kw_only=True, weakref_slot=False)  # a million claims: 8 bytes each saved
class Claim:
    """Claim [declaratieregel, prestatie]: one line a provider claims for a client and month.

    A claim records what the provider *sent*: its service period's start and end are
    kept apart so that a claim whose end precedes its start, or that spans two
    months, can still be reported by :func:`jeugdinkoop.validation.validate` as a
    finding with the iJw return code, as a municipality must answer it (JW325), instead
    of failing to exist. Use :attr:`period` once the claim is known to be well formed.

    Args:
        reference: the provider's reference number for the line (ProductReferentie).
        assignment: the assignment number it claims against (ToewijzingNummer).
        provider: AGB code of the claiming provider.
        client: the youth's BSN.
        municipality: the municipality billed.
        product: the product code.
        start: first day of the service period (ProductPeriode begin).
        end: last day of the service period, inclusive.
        quantity: the delivered volume in ``unit`` (GeleverdVolume).
        unit: WJ756 unit.
        amount: the amount claimed (IngediendBedrag), unsigned.
        debit_credit: ``D`` for a claim, ``C`` for its reversal.
        reverses: for a credit, the reference of the debit line it reverses.
        category: the product category as sent, when sent.
        declaration: the declaration (invoice) number the line came in.
        tariff: the tariff per unit the provider claimed with (ProductTarief), when sent.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.codes import Unit
        >>> c = Claim(reference="R-1", assignment="T-1", provider="12345678", client="111222333", municipality="0193", product="45A01",
        ...           start=date(2025, 3, 1), end=date(2025, 3, 31), quantity=10, unit=Unit.HOUR, amount="780.00")
        >>> c.signed_amount, str(c.period)
        (Money('780.00'), '2025-03-01..2025-03-31')
        >>> credit = attrs.evolve(c, reference="R-2", debit_credit="C", reverses="R-1")
        >>> credit.signed_amount, credit.signed_quantity
        (Money('-780.00'), Decimal('-10'))

    .. versionadded:: 0.1
    """

    reference: str = attrs.field(kw_only=False, validator=non_empty)
    assignment: str
    provider: AGBCode = attrs.field(converter=to_agb)
    client: BSN = attrs.field(converter=to_bsn)
    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    product: ProductCode = attrs.field(converter=to_product)
    start: date = attrs.field(converter=to_date, validator=is_date)
    end: date = attrs.field(converter=to_date, validator=is_date)
    quantity: Decimal = attrs.field(converter=to_decimal)
    unit: Unit = attrs.field(converter=to_unit)
    amount: Money = attrs.field(converter=to_money, validator=not_negative)
    debit_credit: DebitCredit = attrs.field(default=DebitCredit.DEBIT, converter=to_debit_credit)
    reverses: str | None = None
    category: ProductCategory | None = attrs.field(default=None, converter=to_optional_category)
    declaration: str | None = None
    tariff: Money | None = attrs.field(
        default=None, converter=to_optional_money, validator=not_negative
    )

    def __attrs_post_init__(self) -> None:
        if self.debit_credit is DebitCredit.CREDIT and not self.reverses:
            raise InvalidValue(
                f"Claim {self.reference!r}.reverses: empty on a credit line; "
                "a credit names the reference of the debit it reverses (iJw)"
            )
        if self.debit_credit is DebitCredit.DEBIT and self.reverses:
            raise InvalidValue(
                f"Claim {self.reference!r}.reverses: {self.reverses!r} on a debit line; "
                "only a credit reverses a debit"
            )

    @property
    def is_credit(self) -> bool:
        """Whether this line reverses an earlier debit."""
        return self.debit_credit is DebitCredit.CREDIT

    @property
    def period(self) -> Period:
        """The service period; raises :class:`InvalidValue` when the end precedes the start.

        Claims of the same service period share one (immutable) ``Period`` object, so a
        ledger of a million lines does not hold a million copies of a few months.
        """
        return _service_period(self.start, self.end)

    @property
    def signed_amount(self) -> Money:
        """The amount with the sign of debit (+) or credit (−)."""
        return self.amount if self.debit_credit is DebitCredit.DEBIT else -self.amount

    @property
    def signed_quantity(self) -> Decimal:
        """The quantity with the sign of debit (+) or credit (−)."""
        return self.quantity if self.debit_credit is DebitCredit.DEBIT else -self.quantity
