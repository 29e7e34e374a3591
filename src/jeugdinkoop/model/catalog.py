"""Products and the region's product catalog (productenboek)."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from jeugdinkoop.codes import ProductCategory, Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import ProductCode
from jeugdinkoop.model.fields import (
    freeze,
    names_fields,
    non_empty,
    to_category,
    to_product,
    to_unit,
    unique,
    where,
)

__all__ = ["Product", "ProductCatalog"]


@names_fields
@attrs.frozen(kw_only=True)  # after the first field: keywords, so call sites read
class Product:
    """Product [product]: one entry of the productenboek, in exactly one iJw category.

    Args:
        code: the 5-character product code.
        category: the iJw product category (JZ020) it belongs to.
        name: the product's name as the region uses it (Dutch).
        unit: the unit it is assigned and claimed in (WJ756).
        segment: the code of the (sub)segment the product falls under.
        description: what the product is, in the region's words.

    Examples:
        >>> from jeugdinkoop.codes import ProductCategory, Unit
        >>> p = Product(code="45A01", category=ProductCategory.AMBULANT, name="Ambulante begeleiding", unit=Unit.HOUR, segment="AMB")
        >>> p.code, p.category.label
        (ProductCode('45A01'), 'ambulant')

    .. versionadded:: 0.1
    """

    code: ProductCode = attrs.field(kw_only=False, converter=to_product)
    category: ProductCategory = attrs.field(converter=to_category)
    name: str = attrs.field(validator=non_empty)
    unit: Unit = attrs.field(converter=to_unit)
    segment: str = attrs.field(validator=non_empty)
    description: str = ""

    @category.validator
    def _not_legacy(
        self, attribute: attrs.Attribute[ProductCategory], value: ProductCategory
    ) -> None:
        if value.is_legacy:
            raise InvalidValue(
                f"{where(self, attribute)}: {value.value!r} is a 2015 category; "
                "new products use JZ020 codes 40-55"
            )


@attrs.frozen
class ProductCatalog:
    """ProductCatalog [productenboek]: the region's products, looked up by code.

    Examples:
        >>> from jeugdinkoop.codes import ProductCategory, Unit
        >>> catalog = ProductCatalog([
        ...     Product(code="45A01", category=ProductCategory.AMBULANT, name="Begeleiding", unit=Unit.HOUR, segment="AMB"),
        ...     Product(code="43A01", category=ProductCategory.STAY_WITH_TREATMENT, name="Verblijf", unit=Unit.DAY, segment="VBL"),
        ... ])
        >>> len(catalog), catalog["45a01"].name, "99X99" in catalog
        (2, 'Begeleiding', False)
        >>> catalog["99X99"]
        Traceback (most recent call last):
        ...
        KeyError: "product '99X99' is not in the catalog"

    .. versionadded:: 0.1
    """

    products: tuple[Product, ...] = attrs.field(converter=freeze)
    _by_code: dict[ProductCode, Product] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        index = unique("ProductCatalog.products", self.products, lambda p: p.code)
        object.__setattr__(self, "_by_code", index)

    def __getitem__(self, code: ProductCode | str) -> Product:
        key = code if isinstance(code, ProductCode) else ProductCode(code)
        try:
            return self._by_code[key]
        except KeyError:
            raise KeyError(f"product {key.value!r} is not in the catalog") from None

    def get(self, code: ProductCode | str) -> Product | None:
        """The product with this code, or ``None``."""
        try:
            return self[code]
        except (KeyError, InvalidValue):
            return None

    def __contains__(self, code: object) -> bool:
        if isinstance(code, str):
            return self.get(code) is not None
        return code in self._by_code

    def __iter__(self) -> Iterator[Product]:
        return iter(self.products)

    def __len__(self) -> int:
        return len(self.products)

    def in_segment(self, segment: str) -> tuple[Product, ...]:
        """The products that fall under a segment code (not its subsegments)."""
        return tuple(p for p in self.products if p.segment == segment)

    def in_category(self, category: ProductCategory) -> tuple[Product, ...]:
        """The products of one iJw category (for category-only assignments)."""
        return tuple(p for p in self.products if p.category is category)
