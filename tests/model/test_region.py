"""Unit tests for :mod:`jeugdinkoop.model.region`: the region aggregate and its checks.

The region built here by hand is small on purpose:

- municipalities Zwolle (0193, central) and Dalfsen (0148);
- segments AMB (ambulant, funded by ``PxQ``) and VBL (verblijf, funded by ``Lumpsum``)
  with subsegment PLZ (pleegzorg, no funding of its own);
- products 45A01 (AMB), 43A01 (VBL), 44P01 (PLZ), each with a 2025 tariff;
- providers Zorg BV (12345678, main contractor of Kleine Zorg 87654321) and
  Pleeg Stichting (11223344);
- contracts C-1 (Zorg BV, AMB, both municipalities), C-2 (Pleeg Stichting, VBL, Zwolle)
  and C-3 (Pleeg Stichting, product 45A01 only, Dalfsen).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar

import attrs
import pytest

from jeugdinkoop.codes import Domain, ProductCategory, Unit, Variant
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import (
    Contract,
    FundingModelRef,
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
)
from jeugdinkoop.periods import Period

ZWOLLE = MunicipalityCode("0193")
DALFSEN = MunicipalityCode("0148")
KAMPEN = MunicipalityCode("0166")
ZORG_BV = AGBCode("12345678")
KLEINE_ZORG = AGBCode("87654321")
PLEEG = AGBCode("11223344")
ONBEKEND = AGBCode("99999999")
AMB_PRODUCT = ProductCode("45A01")
VBL_PRODUCT = ProductCode("43A01")
PLZ_PRODUCT = ProductCode("44P01")
JUNE = date(2025, 6, 1)
Y2025 = Period.year(2025)


class PxQ:
    """A stand-in funding model: only the ClassVars the model layer reads."""

    name: ClassVar[str] = "test-pxq"
    variant: ClassVar[Variant] = Variant.EFFORT


class Lumpsum:
    """A second stand-in, to tell which segment's funding was found."""

    name: ClassVar[str] = "test-lumpsum"
    variant: ClassVar[Variant] = Variant.TASK


PXQ = PxQ()
LUMPSUM = Lumpsum()


def _segments() -> list[Segment]:
    return [
        Segment(code="AMB", name="Ambulant", domain=Domain.JEUGD, funding=PXQ),
        Segment(
            code="VBL",
            name="Verblijf",
            domain="jeugd",
            funding=LUMPSUM,
            subsegments=[Segment(code="PLZ", name="Pleegzorg")],
        ),
    ]


def _catalog() -> ProductCatalog:
    return ProductCatalog(
        [
            Product(
                code=AMB_PRODUCT,
                category=ProductCategory.AMBULANT,
                name="Begeleiding",
                unit=Unit.HOUR,
                segment="AMB",
            ),
            Product(
                code=VBL_PRODUCT,
                category=ProductCategory.STAY_WITH_TREATMENT,
                name="Verblijf",
                unit=Unit.DAY,
                segment="VBL",
            ),
            Product(
                code=PLZ_PRODUCT,
                category=ProductCategory.STAY_WITHOUT_TREATMENT,
                name="Pleeg",
                unit=Unit.DAY,
                segment="PLZ",
            ),
        ]
    )


def _tariffs() -> TariffTable:
    return TariffTable(
        [
            Tariff(product=AMB_PRODUCT, rate="78.00", unit=Unit.HOUR, period=Y2025),
            Tariff(product=VBL_PRODUCT, rate="250.00", unit=Unit.DAY, period=Y2025),
            Tariff(product=PLZ_PRODUCT, rate="45.00", unit=Unit.DAY, period=Y2025),
        ]
    )


def _contracts() -> list[Contract]:
    return [
        Contract(
            reference="C-1",
            provider=ZORG_BV,
            procedure=Procedure.OPEN_HOUSE,
            period=Y2025,
            municipalities=["0193", "0148"],
            segments=["AMB"],
        ),
        Contract(
            reference="C-2",
            provider=PLEEG,
            procedure=Procedure.TENDER,
            period=Y2025,
            municipalities=["0193"],
            segments=["VBL"],
        ),
        Contract(
            reference="C-3",
            provider=PLEEG,
            procedure=Procedure.TENDER,
            period=Y2025,
            municipalities=["0148"],
            products=["45A01"],
        ),
    ]


def _region() -> Region:
    return Region(
        code="test",
        name="Regio Test",
        municipalities=[
            Municipality(
                code="0193",
                name="Zwolle",
                population=[PopulationBand(min_age=0, max_age=17, inhabitants=26000)],
            ),
            Municipality(code="0148", name="Dalfsen"),
        ],
        segments=_segments(),
        catalog=_catalog(),
        tariffs=_tariffs(),
        providers=[
            Provider(agb=ZORG_BV, name="Zorg BV", subcontractors=[KLEINE_ZORG]),
            Provider(agb=KLEINE_ZORG, name="Kleine Zorg"),
            Provider(agb=PLEEG, name="Pleeg Stichting", legal_form="stichting"),
        ],
        contracts=_contracts(),
        central_municipality="0193",
        references=["handmade"],
    )


def _refused(**changes: Any) -> str:
    """Build the test region with ``changes`` and return the InvalidValue message."""
    with pytest.raises(InvalidValue) as excinfo:
        attrs.evolve(_region(), **changes)
    return str(excinfo.value)


def _assert_names(message: str, *parts: str) -> None:
    """One line of the message names every part: the record, the field, the value, the rule."""
    assert any(all(part in line for part in parts) for line in message.splitlines()), message


# -- construction --------------------------------------------------------------------------


def test_region_constructs() -> None:
    """The hand-built region has 2 municipalities, 3 segments in all, 3 providers, 3 contracts."""
    region = _region()
    assert len(region.municipalities) == 2
    assert region.central_municipality == ZWOLLE
    assert [s.code for s in region.all_segments()] == ["AMB", "VBL", "PLZ"]
    assert len(region.providers) == 3
    assert region.references == ("handmade",)


def test_dummy_funding_satisfies_the_protocol() -> None:
    """The stand-ins are FundingModelRefs (runtime-checkable protocol)."""
    assert isinstance(PXQ, FundingModelRef)
    assert isinstance(LUMPSUM, FundingModelRef)


def test_duplicate_municipality_is_refused() -> None:
    """Zwolle twice: refused, naming the region, the field and the code."""
    message = _refused(
        municipalities=[
            Municipality(code="0193", name="Zwolle"),
            Municipality(code="0148", name="Dalfsen"),
            Municipality(code="0193", name="Zwolle bis"),
        ]
    )
    _assert_names(message, "Region 'test'.municipalities", "'0193'", "occurs twice")


def test_no_municipalities_is_refused() -> None:
    """A region has at least one municipality."""
    message = _refused(municipalities=[], central_municipality=None, contracts=[])
    _assert_names(message, "Region 'test'.municipalities", "()", "is empty")


def test_central_municipality_must_be_a_member() -> None:
    """Kampen (0166) is not a member, so it cannot be the centrumgemeente."""
    message = _refused(central_municipality="0166")
    _assert_names(message, "Region 'test'.central_municipality", "'0166'", "not a member")


def test_duplicate_segment_code_is_refused() -> None:
    """A subsegment reusing the code AMB clashes with the top-level AMB."""
    segments = [
        *_segments(),
        Segment(code="GWV", name="Gezinswonen", subsegments=[Segment(code="AMB", name="X")]),
    ]
    message = _refused(segments=segments)
    _assert_names(message, "Region 'test'.segments", "'AMB'", "occurs twice")


def test_product_naming_unknown_segment_is_refused() -> None:
    """Product 46C01 names segment CRI, which the region does not have."""
    catalog = ProductCatalog(
        [
            *_catalog(),
            Product(
                code="46C01",
                category=ProductCategory.CRISIS,
                name="Crisis",
                unit=Unit.DAY,
                segment="CRI",
            ),
        ]
    )
    message = _refused(catalog=catalog)
    _assert_names(message, "Region 'test'", "product '46C01'", "segment 'CRI'", "does not have")


def test_tariff_for_unknown_product_is_refused() -> None:
    """A tariff for 99X99, which is not in the catalog, is refused naming the product."""
    tariffs = _tariffs().extend(
        [Tariff(product="99X99", rate="10.00", unit=Unit.HOUR, period=Y2025)]
    )
    message = _refused(tariffs=tariffs)
    _assert_names(message, "Region 'test'.tariffs", "'99X99'", "not in the catalog")


def test_duplicate_provider_is_refused() -> None:
    """Two providers with AGB 12345678."""
    providers = [*_region().providers, Provider(agb=ZORG_BV, name="Zorg BV bis")]
    message = _refused(providers=providers)
    _assert_names(message, "Region 'test'.providers", "'12345678'", "occurs twice")


def test_duplicate_contract_reference_is_refused() -> None:
    """Two contracts numbered C-1."""
    contracts = [*_contracts(), attrs.evolve(_contracts()[1], reference="C-1")]
    message = _refused(contracts=contracts)
    _assert_names(message, "Region 'test'.contracts", "'C-1'", "occurs twice")


def test_contract_for_unknown_provider_is_refused() -> None:
    """Contract C-9 with provider 99999999, who is not a provider of the region."""
    contract = Contract(
        reference="C-9",
        provider=ONBEKEND,
        procedure=Procedure.OPEN_HOUSE,
        period=Y2025,
        municipalities=["0193"],
        segments=["AMB"],
    )
    message = _refused(contracts=[*_contracts(), contract])
    _assert_names(message, "Region 'test'.contracts 'C-9'.provider", "'99999999'", "not a provider")


def test_contract_for_unknown_municipality_is_refused() -> None:
    """Contract C-9 in Kampen (0166), not a member."""
    contract = Contract(
        reference="C-9",
        provider=ZORG_BV,
        procedure=Procedure.OPEN_HOUSE,
        period=Y2025,
        municipalities=["0193", "0166"],
        segments=["AMB"],
    )
    message = _refused(contracts=[*_contracts(), contract])
    _assert_names(message, "Region 'test'.contracts 'C-9'.municipalities", "'0166'", "not a member")


def test_contract_for_unknown_segment_is_refused() -> None:
    """Contract C-9 for segment CRI, which the region does not have."""
    contract = Contract(
        reference="C-9",
        provider=ZORG_BV,
        procedure=Procedure.OPEN_HOUSE,
        period=Y2025,
        municipalities=["0193"],
        segments=["CRI"],
    )
    message = _refused(contracts=[*_contracts(), contract])
    _assert_names(message, "Region 'test'.contracts 'C-9'.segments", "'CRI'", "not a segment")


def test_contract_for_unknown_product_is_refused() -> None:
    """Contract C-9 for product 99X99, not in the catalog."""
    contract = Contract(
        reference="C-9",
        provider=ZORG_BV,
        procedure=Procedure.TENDER,
        period=Y2025,
        municipalities=["0193"],
        products=["99X99"],
    )
    message = _refused(contracts=[*_contracts(), contract])
    _assert_names(
        message, "Region 'test'.contracts 'C-9'.products", "'99X99'", "not in the catalog"
    )


@pytest.mark.parametrize(("field", "value"), [("code", ""), ("name", " ")])
def test_region_needs_code_and_name(field: str, value: str) -> None:
    """An empty code or name is refused, naming the field."""
    message = _refused(**{field: value})
    _assert_names(message, f".{field}", repr(value), "is empty")


# -- lookups -------------------------------------------------------------------------------


def test_municipality_lookup() -> None:
    """By string or code; unknown Kampen raises KeyError naming code and region."""
    region = _region()
    assert region.municipality("0193").name == "Zwolle"
    assert region.municipality(DALFSEN).name == "Dalfsen"
    assert region.has_municipality(ZWOLLE)
    assert not region.has_municipality(KAMPEN)
    with pytest.raises(KeyError) as excinfo:
        region.municipality("0166")
    assert excinfo.value.args[0] == "municipality '0166' is not a member of region 'test'"


def test_segment_lookups() -> None:
    """PLZ is found below VBL; its path is VBL then PLZ; 44P01 falls under PLZ."""
    region = _region()
    assert region.segment("PLZ").name == "Pleegzorg"
    assert [s.code for s in region.segment_path("PLZ")] == ["VBL", "PLZ"]
    assert [s.code for s in region.segment_path("AMB")] == ["AMB"]
    assert region.segment_of("44p01").code == "PLZ"
    assert region.segment_of(AMB_PRODUCT).code == "AMB"
    with pytest.raises(KeyError) as excinfo:
        region.segment("CRI")
    assert excinfo.value.args[0] == "segment 'CRI' is not a segment of region 'test'"


def test_provider_lookups() -> None:
    """Providers by AGB; contracts per provider (none for Kleine Zorg)."""
    region = _region()
    assert region.provider("11223344").name == "Pleeg Stichting"
    assert tuple(c.reference for c in region.contracts_of(PLEEG)) == ("C-2", "C-3")
    assert region.contracts_of(KLEINE_ZORG) == ()
    with pytest.raises(KeyError) as excinfo:
        region.provider(ONBEKEND)
    assert excinfo.value.args[0] == "provider '99999999' is not admitted in region 'test'"


def test_funding_of_walks_up_to_the_parent() -> None:
    """AMB has PxQ; VBL has Lumpsum; PLZ has none and inherits VBL's Lumpsum."""
    region = _region()
    assert region.funding_of("AMB") is PXQ
    assert region.funding_of("VBL") is LUMPSUM
    assert region.funding_of("PLZ") is LUMPSUM
    assert region.funding_of("PLZ").name == "test-lumpsum"
    assert Variant.TASK is region.funding_of("PLZ").variant


def test_funding_of_prefers_the_subsegment() -> None:
    """A subsegment with its own funding uses it, not the parent's."""
    plz = Segment(code="PLZ", name="Pleegzorg", funding=PXQ)
    segments = [
        Segment(code="VBL", name="Verblijf", funding=LUMPSUM, subsegments=[plz]),
        Segment(code="AMB", name="A"),
    ]
    region = attrs.evolve(_region(), segments=segments)
    assert region.funding_of("PLZ") is PXQ
    assert region.funding_of("VBL") is LUMPSUM


def test_funding_of_without_any_is_a_lookup_error() -> None:
    """Neither AMB nor a parent names a funding model: LookupError naming segment and region."""
    segments = [Segment(code="AMB", name="Ambulant"), *_segments()[1:]]
    region = attrs.evolve(_region(), segments=segments)
    with pytest.raises(LookupError) as excinfo:
        region.funding_of("AMB")
    assert str(excinfo.value) == "segment 'AMB' of region 'test' has no funding model"


def test_contract_for_direct() -> None:
    """Zorg BV has C-1 for AMB in both municipalities during 2025."""
    region = _region()
    contract = region.contract_for(ZORG_BV, AMB_PRODUCT, DALFSEN, JUNE)
    assert contract is not None
    assert contract.reference == "C-1"


def test_contract_for_via_parent_segment() -> None:
    """44P01 is in PLZ, below VBL: Pleeg Stichting's C-2 for VBL covers it in Zwolle."""
    contract = _region().contract_for(PLEEG, PLZ_PRODUCT, ZWOLLE, JUNE)
    assert contract is not None
    assert contract.reference == "C-2"


def test_contract_for_named_product() -> None:
    """C-3 covers product 45A01 alone, in Dalfsen only."""
    region = _region()
    contract = region.contract_for(PLEEG, AMB_PRODUCT, DALFSEN, JUNE)
    assert contract is not None
    assert contract.reference == "C-3"
    assert region.contract_for(PLEEG, AMB_PRODUCT, ZWOLLE, JUNE) is None


def test_contract_for_subcontractor_via_main_contractor() -> None:
    """Kleine Zorg has no contract of its own but works under Zorg BV's C-1."""
    region = _region()
    contract = region.contract_for(KLEINE_ZORG, AMB_PRODUCT, ZWOLLE, JUNE)
    assert contract is not None
    assert contract.reference == "C-1"
    assert region.contract_for(KLEINE_ZORG, VBL_PRODUCT, ZWOLLE, JUNE) is None


def test_contract_for_finds_nothing() -> None:
    """Outside 2025, another segment, an unknown product or an unknown provider: None."""
    region = _region()
    assert region.contract_for(ZORG_BV, AMB_PRODUCT, ZWOLLE, date(2026, 1, 1)) is None
    assert region.contract_for(ZORG_BV, VBL_PRODUCT, ZWOLLE, JUNE) is None
    assert region.contract_for(ZORG_BV, ProductCode("99X99"), ZWOLLE, JUNE) is None
    assert region.contract_for(ONBEKEND, AMB_PRODUCT, ZWOLLE, JUNE) is None
    assert region.contract_for(PLEEG, VBL_PRODUCT, DALFSEN, JUNE) is None  # C-2 is Zwolle only


# -- Segment, Municipality, PopulationBand ----------------------------------------------


def test_segment_walk_and_defaults() -> None:
    """walk() is depth first; the domain defaults to Jeugdwet and converts from 'wmo'."""
    segment = Segment(
        code="GWV", name="Gezinswonen", subsegments=[Segment(code="PLZ", name="P", domain="wmo")]
    )
    assert [s.code for s in segment.walk()] == ["GWV", "PLZ"]
    assert Domain.JEUGD is segment.domain
    assert Domain.WMO is segment.subsegments[0].domain
    assert segment.funding is None


def test_segment_refuses_empty_name() -> None:
    """A segment needs a name; the message names the field and the value."""
    with pytest.raises(InvalidValue, match=re.escape(".name: '' is empty; a value is required")):
        Segment(code="AMB", name="")


def test_segment_error_names_the_segment_code() -> None:
    """The record named is the segment AMB."""
    with pytest.raises(InvalidValue) as excinfo:
        Segment(code="AMB", name="")
    assert str(excinfo.value) == "Segment 'AMB'.name: '' is empty; a value is required"


def test_segment_refuses_unknown_domain() -> None:
    """'zvw' is not a domain of this library."""
    with pytest.raises(InvalidValue, match=re.escape("'zvw' is not a Domain code")):
        Segment(code="AMB", name="Ambulant", domain="zvw")


def test_municipality_inhabitants() -> None:
    """Bands 0-6 (9000) and 7-12 (8000): ages 0-12 are 9000 + 8000 = 17000; 7-12 is 8000."""
    municipality = Municipality(
        code="0193",
        name="Zwolle",
        population=[
            PopulationBand(min_age=7, max_age=12, inhabitants=8000),
            PopulationBand(min_age=0, max_age=6, inhabitants=9000),
        ],
    )
    assert municipality.inhabitants(0, 12) == 17000
    assert municipality.inhabitants(7, 12) == 8000


def test_municipality_inhabitants_needs_exact_bands() -> None:
    """Ages 4-12 cut the band 0-6: refused, naming municipality, ages and bands."""
    municipality = Municipality(
        code="0193",
        name="Zwolle",
        population=[
            PopulationBand(min_age=0, max_age=6, inhabitants=9000),
            PopulationBand(min_age=7, max_age=12, inhabitants=8000),
        ],
    )
    with pytest.raises(InvalidValue) as excinfo:
        municipality.inhabitants(4, 12)
    expected = "Municipality '0193'.population: no bands add up to ages 4-12 (bands: 0-6, 7-12)"
    assert expected == str(excinfo.value)
    with pytest.raises(InvalidValue, match=re.escape("(bands: none)")):
        Municipality(code="0148", name="Dalfsen").inhabitants(0, 17)


def test_population_band_validation() -> None:
    """max_age below min_age, or negative inhabitants, are refused with the values."""
    with pytest.raises(InvalidValue) as excinfo:
        PopulationBand(min_age=12, max_age=7, inhabitants=100)
    assert str(excinfo.value) == "PopulationBand.max_age: 7 is below min_age 12"
    with pytest.raises(InvalidValue) as excinfo:
        PopulationBand(min_age=0, max_age=17, inhabitants=-1)
    assert str(excinfo.value) == "PopulationBand.inhabitants: -1 is negative; must be >= 0"


def test_municipality_refuses_empty_name() -> None:
    """The message names the municipality code and the field."""
    with pytest.raises(InvalidValue) as excinfo:
        Municipality(code="0193", name="")
    assert str(excinfo.value) == "Municipality '0193'.name: '' is empty; a value is required"
