"""The region aggregate: municipalities, segments, products, tariffs, providers, contracts."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from datetime import date
from typing import ClassVar, Protocol, runtime_checkable

import attrs

from jeugdinkoop.codes import Domain, Variant
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model.catalog import Product, ProductCatalog
from jeugdinkoop.model.fields import (
    freeze,
    names_fields,
    non_empty,
    not_negative,
    to_domain,
    to_municipality,
    to_optional_municipality,
)
from jeugdinkoop.model.parties import Contract, Provider
from jeugdinkoop.model.tariffs import Tariff, TariffTable

__all__ = ["FundingModelRef", "Municipality", "PopulationBand", "Region", "Segment"]


@runtime_checkable
class FundingModelRef(Protocol):
    """What the model layer knows of a funding model: its registry name and variant.

    The strategies themselves live in :mod:`jeugdinkoop.funding`, a layer above; a
    :class:`Segment` only holds an instance.
    """

    name: ClassVar[str]
    variant: ClassVar[Variant]


def _to_funding(value: object) -> FundingModelRef | None:
    """A funding model instance, or the name it is registered under (``"effort"``).

    A name becomes the registered class built with its defaults, so ``"effort"`` is
    ``EffortBased()``; a model that needs parameters must be given as an instance. The
    registry lives in the funding layer above, so it is looked up when a name is given,
    not imported here.
    """
    if isinstance(value, type):
        raise TypeError(
            f"the class {value.__qualname__}; give an instance, {value.__qualname__}(), "
            "or its registered name"
        )
    if value is None or isinstance(value, FundingModelRef):
        return value
    if isinstance(value, str):
        registry = importlib.import_module("jeugdinkoop.funding.registry")
        try:
            cls = registry.get_funding_model(value.strip())
        except LookupError as err:  # UnknownFundingModel, reported with class and field
            raise InvalidValue(str(err)) from None
        try:
            model: FundingModelRef = cls()
        except TypeError:
            raise InvalidValue(
                f"funding model {value!r} ({cls.__qualname__}) needs parameters; "
                f"give an instance, {cls.__qualname__}(...), instead of its name"
            ) from None
        return model
    raise TypeError(
        f"{type(value).__name__} {value!r} is not a funding model; give an instance "
        "(EffortBased(), Lumpsum(...)) or a registered name ('effort')"
    )


@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class PopulationBand:
    """Inhabitants of a municipality in an age band (inclusive ages), for population funding.

    Examples:
        >>> PopulationBand(min_age=7, max_age=12, inhabitants=3400).inhabitants
        3400
    """

    min_age: int = attrs.field(kw_only=False, validator=not_negative)
    max_age: int = attrs.field(validator=not_negative)
    inhabitants: int = attrs.field(validator=not_negative)

    @max_age.validator
    def _ordered(self, attribute: attrs.Attribute[int], value: int) -> None:
        if value < self.min_age:
            raise InvalidValue(f"PopulationBand.max_age: {value} is below min_age {self.min_age}")


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Municipality:
    """Municipality [gemeente], by CBS code.

    Args:
        code: CBS gemeentecode.
        name: the municipality's name.
        population: inhabitants per age band, for population funding and per-capita figures.

    Examples:
        >>> m = Municipality(code="0193", name="Zwolle", population=[PopulationBand(min_age=0, max_age=17, inhabitants=26000)])
        >>> m.inhabitants(0, 17)
        26000

    .. versionadded:: 0.1
    """

    code: MunicipalityCode = attrs.field(kw_only=False, converter=to_municipality)
    name: str = attrs.field(validator=non_empty)
    population: tuple[PopulationBand, ...] = attrs.field(default=(), converter=freeze)

    def inhabitants(self, min_age: int, max_age: int) -> int:
        """Inhabitants aged ``min_age``–``max_age`` (inclusive), from bands that fit exactly.

        Raises:
            InvalidValue: when the bands do not cover the ages exactly.

        Examples:
            >>> m = Municipality(code="0193", name="Zwolle", population=[PopulationBand(min_age=0, max_age=6, inhabitants=9000),
            ...                                               PopulationBand(min_age=7, max_age=12, inhabitants=8000)])
            >>> m.inhabitants(0, 12)
            17000
            >>> m.inhabitants(4, 12)
            Traceback (most recent call last):
            ...
            jeugdinkoop.errors.InvalidValue: Municipality '0193'.population: no bands add up to ages 4-12 (bands: 0-6, 7-12)
        """
        exact = [b for b in self.population if (b.min_age, b.max_age) == (min_age, max_age)]
        if exact:
            return exact[0].inhabitants
        inside = sorted(
            (b for b in self.population if min_age <= b.min_age and b.max_age <= max_age),
            key=lambda b: b.min_age,
        )
        age = min_age
        total = 0
        for band in inside:
            if band.min_age != age:
                break
            total += band.inhabitants
            age = band.max_age + 1
        if age != max_age + 1:
            bands = ", ".join(f"{b.min_age}-{b.max_age}" for b in self.population) or "none"
            raise InvalidValue(
                f"Municipality {self.code.value!r}.population: no bands add up to ages "
                f"{min_age}-{max_age} (bands: {bands})"
            )
        return total


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Segment:
    """Segment [segment, perceel]: a part of the care a region buys and how it pays for it.

    Args:
        code: the segment's short code (``"AMB"``, ``"IAJ"``).
        name: its name (Dutch).
        domain: Jeugdwet or Wmo.
        funding: the funding model instance that pays for it, or its registered name
            (``"effort"``, built with its defaults); a subsegment without one uses its
            parent's.
        subsegments: the parts it is divided into.
        description: what it holds, in the region's words.
        reference: the seed section or decision it comes from.

    Examples:
        >>> seg = Segment(code="GWV", name="Gezins- en woonvormen", domain=Domain.JEUGD,
        ...               subsegments=[Segment(code="PLZ", name="Pleegzorg", domain=Domain.JEUGD)])
        >>> [s.code for s in seg.walk()]
        ['GWV', 'PLZ']

    .. versionadded:: 0.1
    """

    __ident__: ClassVar = ("code",)

    code: str = attrs.field(kw_only=False, validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    domain: Domain = attrs.field(default=Domain.JEUGD, converter=to_domain)
    funding: FundingModelRef | None = attrs.field(default=None, converter=_to_funding)
    subsegments: tuple[Segment, ...] = attrs.field(default=(), converter=freeze)
    description: str = ""
    reference: str = ""

    def walk(self) -> Iterator[Segment]:
        """This segment and every subsegment below it, depth first."""
        yield self
        for sub in self.subsegments:
            yield from sub.walk()


def _walk_with_parents(
    segments: tuple[Segment, ...], parents: tuple[Segment, ...] = ()
) -> Iterator[tuple[Segment, tuple[Segment, ...]]]:
    for segment in segments:
        yield segment, parents
        yield from _walk_with_parents(segment.subsegments, (*parents, segment))


@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Region:
    """Region [jeugdzorgregio]: what a user loads and every other part works on.

    Construction checks that the parts fit: unique codes, a central municipality that is
    a member, products in known segments, tariffs for known products, contracts for
    known providers, segments, products and municipalities. Every error names the part,
    the value and the rule.

    Args:
        code: a short identifier (``"voorbeeld"``).
        name: the region's name.
        municipalities: the member municipalities.
        segments: the top-level segments (with their subsegments).
        catalog: the product catalog.
        tariffs: the tariff table.
        providers: the admitted providers.
        contracts: the contracts with them.
        central_municipality: the centrumgemeente, where there is one.
        description: a few words on the region.
        references: the documents the region's data come from.

    Examples:
        >>> from jeugdinkoop.io import load_example_region
        >>> region = load_example_region()
        >>> region.name, len(region.municipalities)
        ('Regio Voorbeeld', 3)

    .. versionadded:: 0.1
    """

    code: str = attrs.field(kw_only=False, validator=non_empty)
    name: str = attrs.field(validator=non_empty)
    municipalities: tuple[Municipality, ...] = attrs.field(converter=freeze, validator=non_empty)
    segments: tuple[Segment, ...] = attrs.field(converter=freeze)
    catalog: ProductCatalog
    tariffs: TariffTable
    providers: tuple[Provider, ...] = attrs.field(default=(), converter=freeze)
    contracts: tuple[Contract, ...] = attrs.field(default=(), converter=freeze)
    central_municipality: MunicipalityCode | None = attrs.field(
        default=None, converter=to_optional_municipality
    )
    description: str = ""
    references: tuple[str, ...] = attrs.field(default=(), converter=freeze)

    _municipalities: dict[MunicipalityCode, Municipality] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _segments: dict[str, tuple[Segment, tuple[Segment, ...]]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _providers: dict[AGBCode, Provider] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _contracts_by_provider: dict[AGBCode, tuple[Contract, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )
    _contract_cache: dict[tuple[AGBCode, ProductCode, MunicipalityCode], tuple[Contract, ...]] = (
        attrs.field(init=False, repr=False, eq=False, hash=False, factory=dict)
    )
    _tier_cache: dict[tuple[MunicipalityCode, str], tuple[str, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False, factory=dict
    )

    def __attrs_post_init__(self) -> None:
        here = f"Region {self.code!r}"
        problems: list[str] = []
        municipalities: dict[MunicipalityCode, Municipality] = {}
        for m in self.municipalities:
            if m.code in municipalities:
                problems.append(
                    f"{here}.municipalities: {m.code.value!r} occurs twice; each must be unique"
                )
            municipalities[m.code] = m
        if (
            self.central_municipality is not None
            and self.central_municipality not in municipalities
        ):
            problems.append(
                f"{here}.central_municipality: {self.central_municipality.value!r} is not a member municipality"
            )
        segments: dict[str, tuple[Segment, tuple[Segment, ...]]] = {}
        for segment, parents in _walk_with_parents(self.segments):
            if segment.code in segments:
                problems.append(
                    f"{here}.segments: code {segment.code!r} occurs twice; each must be unique"
                )
            segments[segment.code] = (segment, parents)
        for product in self.catalog:
            if product.segment not in segments:
                problems.append(
                    f"{here}.products: product {product.code.value!r} names segment "
                    f"{product.segment!r}, which the region does not have"
                )
        for tariff in self.tariffs:
            if tariff.product not in self.catalog:
                problems.append(
                    f"{here}.tariffs: a tariff names product {tariff.product.value!r}, which is not in the catalog"
                )
        providers: dict[AGBCode, Provider] = {}
        for provider in self.providers:
            if provider.agb in providers:
                problems.append(
                    f"{here}.providers: AGB code {provider.agb.value!r} occurs twice; each must be unique"
                )
            providers[provider.agb] = provider
        references: set[str] = set()
        by_provider: dict[AGBCode, list[Contract]] = {}
        for contract in self.contracts:
            where = f"{here}.contracts {contract.reference!r}"
            if contract.reference in references:
                problems.append(
                    f"{here}.contracts: reference {contract.reference!r} occurs twice; each must be unique"
                )
            references.add(contract.reference)
            if contract.provider not in providers:
                problems.append(
                    f"{where}.provider: {contract.provider.value!r} is not a provider of the region"
                )
            problems += [
                f"{where}.municipalities: {code.value!r} is not a member municipality"
                for code in contract.municipalities
                if code not in municipalities
            ]
            problems += [
                f"{where}.segments: {seg!r} is not a segment of the region"
                for seg in contract.segments
                if seg not in segments
            ]
            problems += [
                f"{where}.products: {prod.value!r} is not in the catalog"
                for prod in contract.products
                if prod not in self.catalog
            ]
            by_provider.setdefault(contract.provider, []).append(contract)
        if problems:
            raise InvalidValue("\n".join(problems))
        object.__setattr__(self, "_municipalities", municipalities)
        object.__setattr__(self, "_segments", segments)
        object.__setattr__(self, "_providers", providers)
        object.__setattr__(
            self, "_contracts_by_provider", {k: tuple(v) for k, v in by_provider.items()}
        )

    # -- lookups ------------------------------------------------------------------------
    def municipality(self, code: MunicipalityCode | str) -> Municipality:
        """The member municipality with this CBS code (``KeyError`` naming it otherwise)."""
        key = code if isinstance(code, MunicipalityCode) else MunicipalityCode(code)
        try:
            return self._municipalities[key]
        except KeyError:
            raise KeyError(
                f"municipality {key.value!r} is not a member of region {self.code!r}"
            ) from None

    def has_municipality(self, code: MunicipalityCode) -> bool:
        """Whether the CBS code is a member municipality."""
        return code in self._municipalities

    def segment(self, code: str) -> Segment:
        """The (sub)segment with this code."""
        try:
            return self._segments[code][0]
        except KeyError:
            raise KeyError(f"segment {code!r} is not a segment of region {self.code!r}") from None

    def all_segments(self) -> Iterator[Segment]:
        """Every segment and subsegment, depth first."""
        for segment, _ in self._segments.values():
            yield segment

    def segment_path(self, code: str) -> tuple[Segment, ...]:
        """The segment with its parents, outermost first.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> [s.code for s in load_example_region().segment_path("AMB")]
            ['AMB']
        """
        segment, parents = self._segments[code]
        return (*parents, segment)

    def segment_of(self, product: ProductCode | str) -> Segment:
        """The (sub)segment a product falls under."""
        return self.segment(self.catalog[product].segment)

    def funding_of(self, segment_code: str) -> FundingModelRef:
        """The funding model that pays for a segment: its own, or its nearest parent's.

        Raises:
            LookupError: when neither the segment nor a parent names one.
        """
        for segment in reversed(self.segment_path(segment_code)):
            if segment.funding is not None:
                return segment.funding
        raise LookupError(f"segment {segment_code!r} of region {self.code!r} has no funding model")

    def provider(self, agb: AGBCode | str) -> Provider:
        """The provider with this AGB code."""
        key = agb if isinstance(agb, AGBCode) else AGBCode(agb)
        try:
            return self._providers[key]
        except KeyError:
            raise KeyError(
                f"provider {key.value!r} is not admitted in region {self.code!r}"
            ) from None

    def contracts_of(self, provider: AGBCode) -> tuple[Contract, ...]:
        """The contracts of a provider (empty when it has none)."""
        return self._contracts_by_provider.get(provider, ())

    def contract_for(
        self, provider: AGBCode, product: ProductCode, municipality: MunicipalityCode, on: date
    ) -> Contract | None:
        """The provider's contract covering a product in a municipality on a day, if any.

        A subcontractor is covered by its main contractor's contract. Answers are indexed
        per provider, product and municipality (the region is immutable).
        """
        key = (provider, product, municipality)
        candidates = self._contract_cache.get(key)
        if candidates is None:
            candidates = self._contract_cache[key] = self._contracts_covering(*key)
        for contract in candidates:
            if contract.period.contains(on):
                return contract
        return None

    def tiers_in(self, municipality: MunicipalityCode, segment: str) -> tuple[str, ...]:
        """The tariff tiers a municipality uses for a segment's products; empty means all.

        Read from the ``tiers`` of the municipality's local conditions on any contract
        that are about the segment or a parent of it (Flevoland, seed 004:L208: "de
        één-tarief gemeente kiest voor één van de drie"). Two conditions narrow each other.

        Examples:
            >>> from jeugdinkoop.identifiers import MunicipalityCode
            >>> from jeugdinkoop.io import load_embedded_region
            >>> region = load_embedded_region("flevoland")
            >>> region.tiers_in(MunicipalityCode("0184"), "AMB")
            ('midden',)
            >>> region.tiers_in(MunicipalityCode("0034"), "AMB")
            ()
        """
        key = (municipality, segment)
        cached = self._tier_cache.get(key)
        if cached is not None:
            return cached
        path = {s.code for s in self.segment_path(segment)}
        tiers: tuple[str, ...] = ()
        for contract in self.contracts:
            for condition in contract.local_conditions:
                if condition.municipality != municipality or not condition.tiers:
                    continue
                if condition.segments and not path & set(condition.segments):
                    continue
                tiers = (
                    condition.tiers
                    if not tiers
                    else tuple(t for t in tiers if t in condition.tiers)
                )
        self._tier_cache[key] = tiers
        return tiers

    def tier_for(
        self,
        product: ProductCode,
        municipality: MunicipalityCode,
        on: date,
        tier: str | None = None,
    ) -> str | None:
        """The tariff tier that holds for a product in a municipality: the named one, or its only one.

        When ``tier`` is ``None``, the product has tiers on ``on`` and the municipality
        uses exactly one of them (a one-tier municipality, seed 004:L208), that tier
        follows from the local condition and the assignment need not name it.
        Otherwise ``tier`` is returned unchanged (the tariff lookup reports a missing one).

        Examples:
            >>> from datetime import date
            >>> from jeugdinkoop.identifiers import MunicipalityCode, ProductCode
            >>> from jeugdinkoop.io import load_embedded_region
            >>> region = load_embedded_region("flevoland")
            >>> urk, almere = MunicipalityCode("0184"), MunicipalityCode("0034")
            >>> region.tier_for(ProductCode("45F01"), urk, date(2025, 3, 1))
            'midden'
            >>> region.tier_for(ProductCode("45F01"), almere, date(2025, 3, 1)) is None
            True
            >>> region.tier_for(ProductCode("45F01"), almere, date(2025, 3, 1), "hoog")
            'hoog'
        """
        if tier is not None:
            return tier
        found = self.catalog.get(product)
        if found is None:
            return None
        tiers = self.tiers_in(municipality, found.segment)  # cached; usually empty
        if len(tiers) != 1 or not self.tariffs.tiers(product, on):
            return None
        return tiers[0]

    def _contracts_covering(
        self, provider: AGBCode, product: ProductCode, municipality: MunicipalityCode
    ) -> tuple[Contract, ...]:
        product_obj: Product | None = self.catalog.get(product)
        if product_obj is None:
            return ()
        path = [s.code for s in self.segment_path(product_obj.segment)]
        owners = [provider] + [
            main.agb for main in self.providers if provider in main.subcontractors
        ]
        return tuple(
            contract
            for owner in owners
            for contract in self.contracts_of(owner)
            if contract.covers_product(product, path, municipality)
        )

    # -- building and changing a region in Python: each returns a new, checked region ------
    def with_funding(self, segment: str, model: FundingModelRef | None) -> Region:
        """This region with ``segment`` paid by ``model`` (``None``: as its parent segment).

        The region is immutable; this returns a new one, checked as any region is.

        Raises:
            LookupError: when the region has no such segment.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> from jeugdinkoop.funding import EffortBased
            >>> region = load_example_region()
            >>> changed = region.with_funding("VBL", EffortBased())
            >>> changed.funding_of("VBL").name, region.funding_of("VBL").name
            ('effort', 'lumpsum')
        """
        self.segment(segment)  # LookupError naming the segments

        def change(parts: tuple[Segment, ...]) -> tuple[Segment, ...]:
            return tuple(
                attrs.evolve(
                    s,
                    funding=model if s.code == segment else s.funding,
                    subsegments=change(s.subsegments),
                )
                for s in parts
            )

        return attrs.evolve(self, segments=change(self.segments))

    def with_segment(self, segment: Segment) -> Region:
        """This region with a top-level segment added, or replaced when its code is known.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> from jeugdinkoop.funding import EffortBased
            >>> region = load_example_region().with_segment(
            ...     Segment(code="PLZ", name="Pleegzorg", domain=Domain.JEUGD, funding=EffortBased())
            ... )
            >>> [s.code for s in region.segments]
            ['AMB', 'VBL', 'PLZ']
        """
        kept = tuple(s for s in self.segments if s.code != segment.code)
        if len(kept) == len(self.segments):
            return attrs.evolve(self, segments=(*self.segments, segment))
        return attrs.evolve(
            self, segments=tuple(segment if s.code == segment.code else s for s in self.segments)
        )

    def with_tariffs(self, *tariffs: Tariff) -> Region:
        """This region with more tariffs in its table (a new year, a provider's own rate).

        Raises:
            InvalidValue: when a tariff overlaps one the table has for the same product,
                tier and provider.

        Examples:
            >>> from jeugdinkoop.io import load_example_region
            >>> from jeugdinkoop.money import Money
            >>> from jeugdinkoop.periods import Period
            >>> from jeugdinkoop.codes import Unit
            >>> region = load_example_region()
            >>> later = region.with_tariffs(
            ...     Tariff(product="45A01", rate=Money("85.00"), unit=Unit.HOUR,
            ...            period=Period(date(2026, 1, 1), None), provider="22222222")
            ... )
            >>> len(later.tariffs) - len(region.tariffs)
            1
        """
        return attrs.evolve(self, tariffs=TariffTable((*self.tariffs, *tariffs)))

    def with_providers(self, *providers: Provider) -> Region:
        """This region with more admitted providers (replaced where the AGB code is known)."""
        new = {p.agb for p in providers}
        kept = tuple(p for p in self.providers if p.agb not in new)
        return attrs.evolve(self, providers=(*kept, *providers))

    def with_contracts(self, *contracts: Contract) -> Region:
        """This region with more contracts (replaced where the reference is known)."""
        new = {c.reference for c in contracts}
        kept = tuple(c for c in self.contracts if c.reference not in new)
        return attrs.evolve(self, contracts=(*kept, *contracts))
