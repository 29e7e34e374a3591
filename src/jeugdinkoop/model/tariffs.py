"""Tariffs: dated rates per product, optionally per tier and per provider."""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import ClassVar

import attrs

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import InvalidValue, TariffNotFound
from jeugdinkoop.identifiers import AGBCode, ProductCode
from jeugdinkoop.model.fields import (
    freeze,
    names_fields,
    not_negative,
    to_decimal,
    to_money,
    to_optional_agb,
    to_period,
    to_product,
    to_unit,
)
from jeugdinkoop.money import Money, exact_arithmetic
from jeugdinkoop.periods import Period

__all__ = ["Block", "Tariff", "TariffTable"]


def _positive(instance: object, attribute: attrs.Attribute[Decimal], value: Decimal) -> None:
    if value <= 0:
        raise InvalidValue(
            f"{type(instance).__name__}.{attribute.name}: {value} is not above zero; "
            "a building block is used at least a little"
        )


@attrs.frozen(kw_only=True)
class Block:
    """Block [bouwsteen]: a quantity of a product (at a tier) that an arrangement is built from.

    Flevoland (seed 004:L209): "arrangementen worden opgebouwd uit bouwstenen, waarvan de
    tarieven worden opgeteld". A :class:`Tariff` with ``blocks`` is priced from the
    blocks' own tariffs.

    Args:
        product: the product the block is.
        quantity: how much of it, per unit of the arrangement (``2`` hours a week).
        tier: the block's tariff tier, where its product has tiers.

    Examples:
        >>> Block(product="45F01", quantity="2", tier="midden").quantity
        Decimal('2')

    .. versionadded:: 0.3
    """

    product: ProductCode = attrs.field(converter=to_product)
    quantity: Decimal = attrs.field(converter=to_decimal, validator=_positive)
    tier: str | None = None


@names_fields
@attrs.frozen(kw_only=True, init=False)  # __init__ below also takes the deprecated ``valid``
class Tariff:
    """Tariff [tarief]: the rate per unit of a product, valid in a period.

    A tariff may hold for one ``tier`` only (e.g. ``"laag"``/``"midden"``/``"hoog"``, or
    the intensity of a living arrangement) and for one ``provider`` only (a
    provider-specific tariff wins over the regional one).

    Args:
        product: the product code.
        rate: the amount per ``unit``.
        unit: the unit the rate is per (WJ756).
        period: the period in which the tariff holds (inclusive end, open allowed); the
            name the other dated records (assignment, contract) use too.
        tier: the tier, or ``None`` for the product's only tariff.
        provider: the provider it is specific to, or ``None`` for everyone.
        reference: where the number comes from (seed section, council decision, URL).
        blocks: the building blocks an arrangement is composed of; its rate is then the
            sum of each block's quantity × the block's tariff, rounded half up to cents
            once, and :class:`TariffTable` refuses a rate that differs from it. A region
            file may leave such a tariff's ``rate`` out (it is worked out on loading).
        valid: deprecated alias of ``period`` (warns :class:`DeprecationWarning`); give
            one of the two.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.codes import Unit
        >>> t = Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Period(date(2025, 1, 1), date(2025, 12, 31)))
        >>> t.rate.format(), t.unit.label, str(t.period)
        ('€\\xa078,00', 'uur', '2025-01-01..2025-12-31')

    .. versionadded:: 0.1
    .. versionchanged:: 0.3
       ``blocks`` (optional).
    .. deprecated:: 0.4
       ``valid`` (keyword, attribute and region-file key): use ``period``.
    """

    __ident__: ClassVar = ("product",)

    product: ProductCode = attrs.field(kw_only=False, converter=to_product)
    rate: Money = attrs.field(converter=to_money, validator=not_negative)
    unit: Unit = attrs.field(converter=to_unit)
    period: Period = attrs.field(converter=to_period)
    tier: str | None = None
    provider: AGBCode | None = attrs.field(default=None, converter=to_optional_agb)
    reference: str = ""
    blocks: tuple[Block, ...] = attrs.field(default=(), converter=freeze)

    def __init__(
        self,
        product: object,
        *,
        rate: object,
        unit: object,
        period: object = None,
        tier: str | None = None,
        provider: object = None,
        reference: str = "",
        blocks: Iterable[Block] = (),
        valid: object = None,
    ) -> None:
        """Build the tariff; ``valid`` is the deprecated name of ``period``."""
        if valid is not None:
            warnings.warn(
                "Tariff(valid=...) is deprecated; use Tariff(period=...)",
                DeprecationWarning,
                stacklevel=3,  # past names_fields' wrapper, at the caller
            )
            if period is not None:
                raise TypeError("Tariff: give period or valid (deprecated), not both")
            try:  # names_fields cannot see the old name: say which field here
                period = to_period(valid)
            except (InvalidValue, TypeError) as err:
                raise type(err)(f"Tariff.period: {err}") from None
        if period is None:
            raise TypeError("Tariff: missing required keyword argument 'period'")
        self.__attrs_init__(
            product,
            rate=rate,
            unit=unit,
            period=period,
            tier=tier,
            provider=provider,
            reference=reference,
            blocks=blocks,
        )

    @property
    def valid(self) -> Period:
        """Deprecated alias of :attr:`period` (warns :class:`DeprecationWarning`).

        Examples:
            >>> import warnings
            >>> from jeugdinkoop.codes import Unit
            >>> t = Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Period.year(2025))
            >>> with warnings.catch_warnings(record=True) as caught:
            ...     warnings.simplefilter("always")
            ...     t.valid == t.period, caught[0].category.__name__
            (True, 'DeprecationWarning')

        .. deprecated:: 0.4
           Use :attr:`period`.
        """
        warnings.warn(
            "Tariff.valid is deprecated; use Tariff.period", DeprecationWarning, stacklevel=2
        )
        return self.period

    @property
    def key(self) -> tuple[ProductCode, str | None, AGBCode | None]:
        """What must not overlap in time: product, tier, provider."""
        return (self.product, self.tier, self.provider)


def _describe(product: ProductCode, tier: str | None, provider: AGBCode | None) -> str:
    text = f"product {product.value!r}"
    if tier is not None:
        text += f" tier {tier!r}"
    if provider is not None:
        text += f" provider {provider.value!r}"
    return text


@attrs.frozen
class TariffTable:
    """TariffTable [tarievenlijst]: all tariffs of a region, answering rate questions.

    Construction refuses two tariffs for the same product, tier and provider whose
    validity overlaps.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.codes import Unit
        >>> year = Period.year(2025)
        >>> table = TariffTable([
        ...     Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=year),
        ...     Tariff(product="45A01", rate="82.00", unit=Unit.HOUR, period=year, provider="12345678"),
        ... ])
        >>> table.rate("45A01", date(2025, 6, 1)), table.rate("45A01", date(2025, 6, 1), provider="12345678")
        (Money('78.00'), Money('82.00'))
        >>> table.rate("45A01", date(2026, 1, 1))
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.TariffNotFound: no tariff for product '45A01' on 2026-01-01 (tariffs exist for 2025-01-01..2025-12-31)

    .. versionadded:: 0.1
    """

    tariffs: tuple[Tariff, ...] = attrs.field(converter=freeze)
    _by_product: dict[ProductCode, tuple[Tariff, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _answers: dict[tuple[ProductCode, date, AGBCode | None, str | None], Tariff] = attrs.field(
        init=False, repr=False, eq=False, hash=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        by_product: dict[ProductCode, list[Tariff]] = defaultdict(list)
        by_key: dict[tuple[ProductCode, str | None, AGBCode | None], list[Tariff]] = defaultdict(
            list
        )
        for tariff in self.tariffs:
            for other in by_key[tariff.key]:
                if tariff.period.overlaps(other.period):
                    raise InvalidValue(
                        f"TariffTable: two tariffs for {_describe(*tariff.key)} overlap: "
                        f"{other.period} and {tariff.period}; validity periods must not overlap"
                    )
            by_key[tariff.key].append(tariff)
            by_product[tariff.product].append(tariff)
        object.__setattr__(
            self,
            "_by_product",
            {k: tuple(sorted(v, key=lambda t: t.period.start)) for k, v in by_product.items()},
        )
        for tariff in self.tariffs:
            if not tariff.blocks:
                continue
            composed = self.composed_rate(tariff.blocks, tariff.period, tariff.provider)
            if tariff.rate != composed:
                raise InvalidValue(
                    f"TariffTable: the tariff for {_describe(*tariff.key)} from "
                    f"{tariff.period.start.isoformat()} is {tariff.rate.amount}, but its building "
                    f"blocks add up to {composed.amount}; a composed tariff is the sum of its blocks"
                )

    def composed_rate(
        self, blocks: Iterable[Block], valid: Period, provider: AGBCode | None = None
    ) -> Money:
        """The rate of an arrangement built from blocks: Σ quantity × block tariff, in cents.

        Each block's tariff is the one that holds on ``valid``'s first day (for
        ``provider`` where it has its own); it must hold, unchanged, for all of ``valid``,
        and may not be composed itself. The sum is rounded half up to cents once.

        Raises:
            InvalidValue: naming the block when its tariff is missing, changes within
                ``valid`` or is itself composed.

        Examples:
            >>> from datetime import date
            >>> from jeugdinkoop.codes import Unit
            >>> from_2025 = Period(date(2025, 1, 1), None)
            >>> table = TariffTable([
            ...     Tariff(product="45F01", rate="64.50", unit=Unit.HOUR, period=from_2025, tier="midden"),
            ...     Tariff(product="45F02", rate="93.60", unit=Unit.HOUR, period=from_2025, tier="midden"),
            ... ])
            >>> table.composed_rate([Block(product="45F01", quantity=2, tier="midden"),
            ...                      Block(product="45F02", quantity=1, tier="midden")], from_2025)
            Money('222.60')
        """
        total = Money.zero()
        for block in blocks:
            where = f"building block {_describe(block.product, block.tier, None)}"
            try:
                tariff = self.lookup(block.product, valid.start, provider, block.tier)
            except TariffNotFound as err:
                raise InvalidValue(f"TariffTable: {where}: {err}") from None
            if tariff.blocks:
                raise InvalidValue(
                    f"TariffTable: {where} is itself composed of blocks; blocks are plain tariffs"
                )
            end, block_end = valid.end, tariff.period.end
            if block_end is not None and (end is None or end > block_end):
                raise InvalidValue(
                    f"TariffTable: {where}: its tariff of {tariff.rate.amount} ends "
                    f"{block_end.isoformat()}, within the arrangement's validity {valid}; "
                    "give the arrangement a tariff per period of its blocks"
                )
            total += tariff.rate * block.quantity
        return total.rounded()

    def __iter__(self) -> Iterator[Tariff]:
        return iter(self.tariffs)

    def __len__(self) -> int:
        return len(self.tariffs)

    def for_product(self, product: ProductCode | str) -> tuple[Tariff, ...]:
        """Every tariff of a product, oldest first."""
        code = product if isinstance(product, ProductCode) else ProductCode(product)
        return self._by_product.get(code, ())

    def tiers(self, product: ProductCode | str, on: date) -> tuple[str, ...]:
        """The tiers a product has on a day (empty when it has a single tariff).

        Examples:
            >>> from jeugdinkoop.codes import Unit
            >>> year = Period.year(2025)
            >>> t = TariffTable([Tariff(product="44W01", rate=d, unit=Unit.DAY, period=year, tier=n)
            ...                  for n, d in [("laag", "120"), ("hoog", "180")]])
            >>> t.tiers("44W01", date(2025, 1, 1))
            ('hoog', 'laag')
        """
        return tuple(
            sorted({t.tier for t in self.for_product(product) if t.tier and t.period.contains(on)})
        )

    def lookup(
        self,
        product: ProductCode | str,
        on: date,
        provider: AGBCode | str | None = None,
        tier: str | None = None,
    ) -> Tariff:
        """The tariff that holds for a product on a day, for a provider and tier.

        A provider-specific tariff wins over the regional one. When the product has
        tiers, ``tier`` must name one.

        Raises:
            TariffNotFound: when no tariff holds, naming what was asked and what exists.
        """
        code = product if isinstance(product, ProductCode) else ProductCode(product)
        agb = provider if isinstance(provider, AGBCode | None) else AGBCode(provider)
        key = (code, on, agb, tier)
        answer = self._answers.get(key)
        if answer is None:
            # the table is immutable: remember answers (claims ask the same questions often)
            answer = self._answers[key] = self._lookup(code, on, agb, tier)
        return answer

    def _lookup(self, code: ProductCode, on: date, agb: AGBCode | None, tier: str | None) -> Tariff:
        candidates = [t for t in self._by_product.get(code, ()) if t.period.contains(on)]
        if not candidates:
            known = ", ".join(dict.fromkeys(str(t.period) for t in self._by_product.get(code, ())))
            hint = f" (tariffs exist for {known})" if known else " (the product has no tariffs)"
            raise TariffNotFound(f"no tariff for product {code.value!r} on {on.isoformat()}{hint}")
        tiered = [t for t in candidates if t.tier == tier]
        if not tiered:
            tiers = sorted({str(t.tier) for t in candidates})
            raise TariffNotFound(
                f"no tariff for {_describe(code, tier, None)} on {on.isoformat()}; "
                f"tiers on that day: {', '.join(tiers)}"
            )
        if agb is not None:
            for tariff in tiered:
                if tariff.provider == agb:
                    return tariff
        for tariff in tiered:
            if tariff.provider is None:
                return tariff
        raise TariffNotFound(
            f"no tariff for {_describe(code, tier, agb)} on {on.isoformat()}; "
            "only other providers have a specific tariff"
        )

    def rate(
        self,
        product: ProductCode | str,
        on: date,
        provider: AGBCode | str | None = None,
        tier: str | None = None,
    ) -> Money:
        """The rate per unit that holds; see :meth:`lookup`."""
        return self.lookup(product, on, provider, tier).rate

    @exact_arithmetic
    def indexed(self, pct: Decimal | int | str, from_date: date) -> TariffTable:
        """Index every tariff valid on ``from_date`` by ``pct`` percent from that day.

        Each such tariff is split: the old rate ends the day before, the new rate
        (``rate × (1 + pct/100)``, rounded half up to cents per tariff) holds from
        ``from_date`` to the old end. Tariffs that ended before ``from_date`` or start
        after it are kept as they are.

        Examples:
            >>> from jeugdinkoop.codes import Unit
            >>> t = TariffTable([Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Period(date(2025, 1, 1)))])
            >>> new = t.indexed("4.91", date(2026, 1, 1))
            >>> new.rate("45A01", date(2025, 12, 31)), new.rate("45A01", date(2026, 1, 1))
            (Money('78.00'), Money('81.83'))
        """
        factor = 1 + to_decimal(pct) / 100
        result: list[Tariff] = []
        for tariff in self.tariffs:
            if not tariff.period.contains(from_date) or tariff.period.start == from_date:
                if tariff.period.start == from_date:
                    result.append(attrs.evolve(tariff, rate=(tariff.rate * factor).rounded()))
                else:
                    result.append(tariff)
                continue
            result.append(
                attrs.evolve(
                    tariff, period=Period(tariff.period.start, from_date - timedelta(days=1))
                )
            )
            result.append(
                attrs.evolve(
                    tariff,
                    rate=(tariff.rate * factor).rounded(),
                    period=Period(from_date, tariff.period.end),
                )
            )
        return TariffTable(result)

    def extend(self, tariffs: Iterable[Tariff]) -> TariffTable:
        """A new table with more tariffs (overlaps still refused)."""
        return TariffTable((*self.tariffs, *tariffs))
