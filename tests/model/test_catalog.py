"""Unit tests for :mod:`jeugdinkoop.model.catalog`: products and the productenboek."""

from __future__ import annotations

import re

import pytest

from jeugdinkoop.codes import ProductCategory, Unit
from jeugdinkoop.errors import InvalidIdentifier, InvalidValue
from jeugdinkoop.identifiers import ProductCode
from jeugdinkoop.model import Product, ProductCatalog

BEGELEIDING = Product(
    code="45A01",
    category=ProductCategory.AMBULANT,
    name="Begeleiding",
    unit=Unit.HOUR,
    segment="AMB",
)
VERBLIJF = Product(
    code="43A01",
    category=ProductCategory.STAY_WITH_TREATMENT,
    name="Verblijf",
    unit=Unit.DAY,
    segment="VBL",
)
BEHANDELING = Product(
    code="45A02",
    category=ProductCategory.AMBULANT,
    name="Behandeling",
    unit=Unit.MINUTE,
    segment="AMB",
)


def test_product_converts_codes() -> None:
    """Strings become a ProductCode (upper-cased), a JZ020 category and a WJ756 unit."""
    product = Product(
        code="45a01",
        category="45",
        name="Begeleiding",
        unit="04",
        segment="AMB",
        description="thuis",
    )
    assert ProductCode("45A01") == product.code
    assert ProductCategory.AMBULANT is product.category
    assert Unit.HOUR is product.unit
    assert product.description == "thuis"


@pytest.mark.parametrize("code", ["31", "33", "38"])
def test_product_refuses_legacy_category(code: str) -> None:
    """A 2015 category (31-38) may be read, never used for a new product."""
    with pytest.raises(InvalidValue) as excinfo:
        Product(code="45A01", category=code, name="Begeleiding", unit=Unit.HOUR, segment="AMB")
    expected = (
        f"Product '45A01'.category: '{code}' is a 2015 category; new products use JZ020 codes 40-55"
    )
    assert expected == str(excinfo.value)


def test_product_refuses_unknown_category() -> None:
    """'99' is no JZ020 code; the message names the value and lists the valid codes."""
    with pytest.raises(InvalidValue, match=re.escape("'99' is not a ProductCategory code (one of")):
        Product(code="45A01", category="99", name="Begeleiding", unit=Unit.HOUR, segment="AMB")


def test_product_refuses_unknown_unit() -> None:
    """'05' is no WJ756 unit."""
    with pytest.raises(InvalidValue, match=re.escape("'05' is not a Unit code (one of '01'")):
        Product(
            code="45A01",
            category=ProductCategory.AMBULANT,
            name="Begeleiding",
            unit="05",
            segment="AMB",
        )


@pytest.mark.parametrize("field", ["name", "segment"])
def test_product_refuses_empty_text(field: str) -> None:
    """Name and segment are required; the message names the product code and the field."""
    fields: dict[str, object] = {
        "code": "45A01",
        "category": ProductCategory.AMBULANT,
        "name": "Begeleiding",
        "unit": Unit.HOUR,
        "segment": "AMB",
    }
    fields[field] = "  "
    with pytest.raises(InvalidValue) as excinfo:
        Product(**fields)  # type: ignore[arg-type]
    assert f"Product '45A01'.{field}: '  ' is empty; a value is required" == str(excinfo.value)


def test_product_refuses_bad_code() -> None:
    """A 4-character product code is refused by ProductCode itself."""
    with pytest.raises(InvalidIdentifier, match="ProductCode: '45A0' is not 5 letters or digits"):
        Product(
            code="45a0",
            category=ProductCategory.AMBULANT,
            name="Begeleiding",
            unit=Unit.HOUR,
            segment="AMB",
        )


def test_catalog_lookup() -> None:
    """Look up by string (any case) or ProductCode; len, iteration and `in` work."""
    catalog = ProductCatalog([BEGELEIDING, VERBLIJF])
    assert catalog["45a01"] == BEGELEIDING
    assert catalog[ProductCode("43A01")] == VERBLIJF
    assert len(catalog) == 2
    assert list(catalog) == [BEGELEIDING, VERBLIJF]
    assert "45A01" in catalog
    assert ProductCode("43A01") in catalog
    assert "99X99" not in catalog
    assert ProductCode("99X99") not in catalog


def test_catalog_unknown_code_raises_key_error_naming_it() -> None:
    """An unknown code raises KeyError naming the code."""
    catalog = ProductCatalog([BEGELEIDING])
    with pytest.raises(KeyError) as excinfo:
        catalog["99x99"]
    assert excinfo.value.args[0] == "product '99X99' is not in the catalog"


def test_catalog_get() -> None:
    """get() answers None for unknown and for malformed codes instead of raising."""
    catalog = ProductCatalog([BEGELEIDING])
    assert catalog.get("45A01") == BEGELEIDING
    assert catalog.get("99X99") is None
    assert catalog.get("bad") is None
    assert "bad" not in catalog


def test_catalog_refuses_duplicate_codes() -> None:
    """Two products with code 45A01 (even in other case) are refused, naming the code."""
    other = Product(
        code="45a01", category=ProductCategory.CRISIS, name="Crisis", unit=Unit.HOUR, segment="AMB"
    )
    with pytest.raises(InvalidValue) as excinfo:
        ProductCatalog([BEGELEIDING, VERBLIJF, other])
    expected = "ProductCatalog.products: '45A01' occurs twice; each must be unique"
    assert expected == str(excinfo.value)


def test_catalog_by_segment_and_category() -> None:
    """AMB holds 45A01 and 45A02; category 45 (ambulant) the same two; 43 only 43A01."""
    catalog = ProductCatalog([BEGELEIDING, VERBLIJF, BEHANDELING])
    assert catalog.in_segment("AMB") == (BEGELEIDING, BEHANDELING)
    assert catalog.in_segment("VBL") == (VERBLIJF,)
    assert catalog.in_segment("XXX") == ()
    assert catalog.in_category(ProductCategory.AMBULANT) == (BEGELEIDING, BEHANDELING)
    assert catalog.in_category(ProductCategory.STAY_WITH_TREATMENT) == (VERBLIJF,)


def test_catalog_is_frozen_and_compares_by_products() -> None:
    """A list becomes a tuple; two catalogs with the same products are equal."""
    catalog = ProductCatalog([BEGELEIDING])
    assert catalog.products == (BEGELEIDING,)
    assert ProductCatalog((BEGELEIDING,)) == catalog
    assert ProductCatalog([VERBLIJF]) != catalog


def test_catalog_refuses_a_string() -> None:
    """A string of products is a mistake, not a list of characters."""
    with pytest.raises(TypeError, match="expected a list"):
        ProductCatalog("45A01")
