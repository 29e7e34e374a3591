"""Providers, contracts and clients."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model._fields import _enum  # private: the one helper not in the public API
from jeugdinkoop.model.fields import (
    freeze,
    is_date,
    names_fields,
    non_empty,
    not_negative,
    to_agb,
    to_agbs,
    to_bsn,
    to_decimal,
    to_municipalities,
    to_municipality,
    to_optional_date,
    to_period,
    to_products,
    where,
)
from jeugdinkoop.periods import Period

__all__ = ["Client", "Contract", "LegalForm", "LocalCondition", "Procedure", "Provider"]


class LegalForm(enum.StrEnum):
    """The legal form of a provider (rechtsvorm); the seeds let every form bid.

    Examples:
        >>> LegalForm("stichting")
        <LegalForm.FOUNDATION: 'stichting'>
    """

    FOUNDATION = "stichting"
    ASSOCIATION = "vereniging"
    COOPERATIVE = "cooperatie"
    PRIVATE_COMPANY = "bv"
    PUBLIC_COMPANY = "nv"
    SOLE_TRADER = "eenmanszaak"
    PARTNERSHIP = "vof"
    PUBLIC_BODY = "overheid"
    OTHER = "overig"


class Procedure(enum.StrEnum):
    """How a provider was admitted: open house (open house) or a tender (aanbesteding).

    Examples:
        >>> Procedure.OPEN_HOUSE.value
        'open_house'
    """

    OPEN_HOUSE = "open_house"
    TENDER = "tender"


def _distances(pairs: object) -> tuple[tuple[MunicipalityCode, int], ...]:
    items = pairs.items() if isinstance(pairs, dict) else pairs
    return tuple((to_municipality(m), int(d)) for m, d in items)  # type: ignore[attr-defined]


def _legal_form(value: object) -> LegalForm:
    return _enum(LegalForm, value)


def _procedure(value: object) -> Procedure:
    return _enum(Procedure, value)


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Provider:
    """Provider [zorgaanbieder], known by AGB code.

    Args:
        agb: the AGB code.
        name: the provider's name.
        legal_form: its legal form.
        subcontractors: AGB codes of providers that work under it as subcontractors
            (onderaannemers); the main contractor (hoofdaannemer) claims for them.
        distance_km: distance from the provider's nearest location to each municipality,
            for local conditions on maximum distance; absent when unknown.
        quality_marks: the quality demands the provider has shown it meets (marks,
            certificates), for local conditions that ask for them (seed 003:L252).
        identity: the provider's grondslag (``"christelijk"``), for local conditions
            that ask for one (Flevoland, seed 004:L50, L189); ``None`` when none is stated.

    Examples:
        >>> Provider(agb="12345678", name="Zorg BV", legal_form=LegalForm.PRIVATE_COMPANY).agb
        AGBCode('12345678')

    .. versionadded:: 0.1
    .. versionchanged:: 0.2
       ``quality_marks`` and ``identity`` (optional).
    """

    agb: AGBCode = attrs.field(kw_only=False, converter=to_agb)
    name: str = attrs.field(validator=non_empty)
    legal_form: LegalForm = attrs.field(default=LegalForm.OTHER, converter=_legal_form)
    subcontractors: tuple[AGBCode, ...] = attrs.field(default=(), converter=to_agbs)
    distance_km: tuple[tuple[MunicipalityCode, int], ...] = attrs.field(
        default=(), converter=_distances
    )
    quality_marks: tuple[str, ...] = attrs.field(default=(), converter=freeze)
    identity: str | None = None

    @subcontractors.validator
    def _not_self(
        self, attribute: attrs.Attribute[tuple[AGBCode, ...]], value: tuple[AGBCode, ...]
    ) -> None:
        if self.agb in value:
            raise InvalidValue(f"{where(self, attribute)}: a provider cannot subcontract itself")

    def distance_to(self, municipality: MunicipalityCode) -> int | None:
        """Kilometres to a municipality, or ``None`` when not known."""
        for code, km in self.distance_km:
            if code == municipality:
                return km
        return None


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class LocalCondition:
    """A municipality's own condition on a contract (Flevoland, Midden-IJssel).

    Args:
        municipality: the municipality the condition holds in.
        max_providers: at most this many providers contracted for the product group there.
        max_distance_km: providers farther away than this are not admitted there.
        min_clients_per_year: providers with fewer clients a year are flagged.
        closed_to_new_entrants: the product group takes no new providers there.
        lots: lots (percelen) the contract is limited to there.
        segments: the product groups (segment codes) the condition is about; empty means
            every segment the contract covers (Midden-IJssel: thresholds per product group).
        closed_from: the day from which the product group is closed to new entrants there
            (a contract starting on or after it is refused); implies
            ``closed_to_new_entrants``.
        entry_month: new providers enter only on the first day of this month (1-12), once
            a year (Midden-IJssel: "toetreding … 1 keer per jaar").
        tiers: the tariff tiers the municipality uses for tiered products; empty means all
            (Flevoland: a one-tier municipality picks ``"midden"``); with one tier, an
            assignment there need not name it (:meth:`Region.tier_for`).
        sufficient_providers: the level of sufficient contracted supply, defined
            beforehand: while this many providers are contracted for the product group
            there, it is closed to new entrants, and it reopens when fewer are
            (Midden-IJssel, seed 003:L261 "dichtzetten van productgroepen").
        min_providers: fewer contracted providers than this is scarcity, flagged
            (seed 003:L254 "instroom bij schaarste … stimuleren").
        quality_marks: the stricter quality demands for the product group there; a
            contracted provider must show every one (seed 003:L252 "aanscherpen
            kwaliteitseisen per productgroep").
        identities: the provider grondslagen the municipality asks for the group there
            (Flevoland, seed 004:L50 "de grondslag van een zorgaanbieder", L189 "voorkeur
            aan een aanbieder met een christelijke identiteit"); a contracted provider
            with another or none is flagged.

    Examples:
        >>> LocalCondition("0034", max_providers=10).max_providers
        10
        >>> LocalCondition("0184", tiers=["midden"]).tiers
        ('midden',)

    .. versionadded:: 0.1
    .. versionchanged:: 0.2
       ``segments``, ``closed_from``, ``entry_month`` and ``tiers`` (optional).
    .. versionchanged:: 0.3
       ``sufficient_providers``, ``min_providers``, ``quality_marks`` and ``identities``
       (optional).
    """

    municipality: MunicipalityCode = attrs.field(kw_only=False, converter=to_municipality)
    max_providers: int | None = attrs.field(default=None, validator=not_negative)
    max_distance_km: int | None = attrs.field(default=None, validator=not_negative)
    min_clients_per_year: int | None = attrs.field(default=None, validator=not_negative)
    closed_to_new_entrants: bool = False
    lots: tuple[str, ...] = attrs.field(default=(), converter=freeze)
    segments: tuple[str, ...] = attrs.field(default=(), converter=freeze)
    closed_from: date | None = attrs.field(
        default=None, converter=to_optional_date, validator=is_date
    )
    entry_month: int | None = attrs.field(default=None)
    tiers: tuple[str, ...] = attrs.field(default=(), converter=freeze)
    sufficient_providers: int | None = attrs.field(default=None, validator=not_negative)
    min_providers: int | None = attrs.field(default=None, validator=not_negative)
    quality_marks: tuple[str, ...] = attrs.field(default=(), converter=freeze)
    identities: tuple[str, ...] = attrs.field(default=(), converter=freeze)

    @entry_month.validator
    def _month(self, attribute: attrs.Attribute[int | None], value: int | None) -> None:
        if value is not None and not 1 <= value <= 12:
            raise InvalidValue(f"{where(self, attribute)}: {value!r} is not a month (1-12)")

    @property
    def is_closed(self) -> bool:
        """Whether the product group is closed to new entrants there."""
        return self.closed_to_new_entrants or self.closed_from is not None

    def applies_to(self, segments: Iterable[str]) -> bool:
        """Whether the condition is about one of these segment codes (or about all)."""
        return not self.segments or any(s in self.segments for s in segments)


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Contract:
    """Contract [overeenkomst]: a provider admitted for segments or products in municipalities.

    Args:
        reference: the contract's own number.
        provider: the main contractor's AGB code.
        procedure: open house or tender.
        period: the contract period (inclusive end; open allowed).
        municipalities: where the contract holds.
        segments: the segment codes it covers (all their products).
        products: single products it covers, besides the segments.
        uplift_pct: a provider-level surcharge (opslag) on the regional tariff, in percent.
        local_conditions: conditions particular municipalities set.
        contribution: the demonstrable extra contribution the provider makes in the region
            (IJsselland, seed 000:L258: "aantoonbare aanvullende bijdrage … bijvoorbeeld
            aan de uitstroom van de HSWV of aan de crisisroute"), which an uplift is
            granted for; an uplift without one is flagged (JI-815).
        acceptance_duty: the provider must accept every assignment under the contract
            and give the care needed (acceptatieplicht, Zuid-Limburg seed 002:L164); a
            refusal is recorded as a :class:`~jeugdinkoop.model.Refusal` and monitored.

    Examples:
        >>> from datetime import date
        >>> c = Contract(reference="C-1", provider="12345678", procedure=Procedure.OPEN_HOUSE, period=Period.year(2025),
        ...              municipalities=["0193"], segments=["AMB"])
        >>> c.municipalities, c.uplift_pct
        ((MunicipalityCode('0193'),), Decimal('0'))

    .. versionadded:: 0.1
    .. versionchanged:: 0.3
       ``acceptance_duty`` and ``contribution`` (optional).
    """

    reference: str = attrs.field(kw_only=False, validator=non_empty)
    provider: AGBCode = attrs.field(converter=to_agb)
    procedure: Procedure = attrs.field(converter=_procedure)
    period: Period = attrs.field(converter=to_period)
    municipalities: tuple[MunicipalityCode, ...] = attrs.field(
        converter=to_municipalities, validator=non_empty
    )
    segments: tuple[str, ...] = attrs.field(default=(), converter=freeze)
    products: tuple[ProductCode, ...] = attrs.field(default=(), converter=to_products)
    uplift_pct: Decimal = attrs.field(
        default=Decimal(0), converter=to_decimal, validator=not_negative
    )
    local_conditions: tuple[LocalCondition, ...] = attrs.field(default=(), converter=freeze)
    acceptance_duty: bool = attrs.field(default=False, validator=attrs.validators.instance_of(bool))
    contribution: str = ""

    @products.validator
    def _covers_something(
        self, attribute: attrs.Attribute[tuple[ProductCode, ...]], value: tuple[ProductCode, ...]
    ) -> None:
        if not value and not self.segments:
            raise InvalidValue(
                f"Contract {self.reference!r}.segments: empty, and products is empty too; "
                "a contract covers at least one segment or product"
            )

    def covers(
        self,
        product: ProductCode,
        segments: Iterable[str],
        municipality: MunicipalityCode,
        on: date,
    ) -> bool:
        """Whether the contract covers a product (in one of ``segments``) in a municipality on a day."""
        return self.period.contains(on) and self.covers_product(product, segments, municipality)

    def covers_product(
        self, product: ProductCode, segments: Iterable[str], municipality: MunicipalityCode
    ) -> bool:
        """Whether the contract covers a product (in one of ``segments``) in a municipality, at any time."""
        return municipality in self.municipalities and (
            product in self.products or any(s in self.segments for s in segments)
        )

    def condition_for(self, municipality: MunicipalityCode) -> LocalCondition | None:
        """The local condition a municipality set, if any."""
        for condition in self.local_conditions:
            if condition.municipality == municipality:
                return condition
        return None


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Client:
    """Client [jeugdige]: a youth known by BSN, living in a municipality.

    Args:
        bsn: the citizen service number (masked in ``repr``).
        municipality: the municipality responsible (woonplaatsbeginsel).
        birth_date: for age bands and the 18-/23-year limits.
        profile: the client profile of an arrangement matrix, where the region uses one.

    Examples:
        >>> Client(bsn="111222333", municipality="0193")
        Client(bsn=BSN('*****2333'), municipality=MunicipalityCode('0193'), birth_date=None, profile=None)

    .. versionadded:: 0.1
    """

    bsn: BSN = attrs.field(kw_only=False, converter=to_bsn)
    municipality: MunicipalityCode = attrs.field(converter=to_municipality)
    birth_date: date | None = attrs.field(
        default=None, converter=to_optional_date, validator=is_date
    )
    profile: str | None = None

    def age_on(self, day: date) -> int | None:
        """Age in whole years on a day; ``None`` without a birth date.

        A leap-day birthday counts as reached on 1 March in other years.

        Examples:
            >>> from datetime import date
            >>> c = Client(bsn="111222333", municipality="0193", birth_date=date(2012, 2, 29))
            >>> c.age_on(date(2025, 2, 28)), c.age_on(date(2025, 3, 1))
            (12, 13)
        """
        if self.birth_date is None:
            return None
        born = self.birth_date
        before_birthday = (day.month, day.day) < (born.month, born.day)
        return day.year - born.year - before_birthday
