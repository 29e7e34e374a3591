"""Unit tests for :mod:`jeugdinkoop.model.parties`: providers, contracts, clients."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from jeugdinkoop.errors import InvalidIdentifier, InvalidValue
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Client, Contract, LegalForm, LocalCondition, Procedure, Provider
from jeugdinkoop.periods import Period

ZWOLLE = MunicipalityCode("0193")
DALFSEN = MunicipalityCode("0148")
KAMPEN = MunicipalityCode("0166")


# -- Provider ------------------------------------------------------------------------------


def test_provider_converts_fields() -> None:
    """AGB codes from strings, legal form from its value, distances from a dict."""
    provider = Provider(
        agb="12345678",
        name="Zorg BV",
        legal_form="bv",
        subcontractors=["87654321"],
        distance_km={"0193": 12, "0148": 30},
    )
    assert AGBCode("12345678") == provider.agb
    assert LegalForm.PRIVATE_COMPANY is provider.legal_form
    assert (AGBCode("87654321"),) == provider.subcontractors
    assert provider.distance_km == ((ZWOLLE, 12), (DALFSEN, 30))


def test_provider_defaults() -> None:
    """Legal form 'overig', no subcontractors, no distances."""
    provider = Provider(agb="12345678", name="Zorg BV")
    assert LegalForm.OTHER is provider.legal_form
    assert provider.subcontractors == ()
    assert provider.distance_to(ZWOLLE) is None


def test_provider_distance_to() -> None:
    """Known distances are answered per municipality; unknown ones are None."""
    provider = Provider(agb="12345678", name="Zorg BV", distance_km=[("0193", 12), ("0148", 30)])
    assert provider.distance_to(ZWOLLE) == 12
    assert provider.distance_to(DALFSEN) == 30
    assert provider.distance_to(KAMPEN) is None


def test_provider_cannot_subcontract_itself() -> None:
    """A main contractor listing itself as subcontractor is refused, naming it."""
    with pytest.raises(InvalidValue) as excinfo:
        Provider(agb="12345678", name="Zorg BV", subcontractors=["87654321", "12345678"])
    expected = "Provider '12345678'.subcontractors: a provider cannot subcontract itself"
    assert expected == str(excinfo.value)


def test_provider_refuses_empty_name() -> None:
    """A provider needs a name; the message names the AGB code and the field."""
    with pytest.raises(InvalidValue) as excinfo:
        Provider(agb="12345678", name="")
    assert str(excinfo.value) == "Provider '12345678'.name: '' is empty; a value is required"


def test_provider_refuses_unknown_legal_form() -> None:
    """'gmbh' is not a Dutch legal form here; the message lists the valid ones."""
    with pytest.raises(InvalidValue, match=re.escape("'gmbh' is not a LegalForm code (one of")):
        Provider(agb="12345678", name="Zorg BV", legal_form="gmbh")


def test_provider_refuses_bad_agb() -> None:
    """A 7-digit AGB code is refused by AGBCode."""
    with pytest.raises(InvalidIdentifier, match="AGBCode: '1234567' is not 8 digits"):
        Provider(agb="1234567", name="Zorg BV")


# -- LocalCondition ------------------------------------------------------------------------


def test_local_condition() -> None:
    """A municipality's own limits, lots frozen as a tuple."""
    condition = LocalCondition("0034", max_providers=10, max_distance_km=25, lots=["A", "B"])
    assert MunicipalityCode("0034") == condition.municipality
    assert condition.max_providers == 10
    assert condition.max_distance_km == 25
    assert condition.lots == ("A", "B")
    assert not condition.closed_to_new_entrants


@pytest.mark.parametrize("field", ["max_providers", "max_distance_km", "min_clients_per_year"])
def test_local_condition_refuses_negatives(field: str) -> None:
    """−1 providers, kilometres or clients make no sense; the message names field and value."""
    limits: dict[str, Any] = {field: -1}
    with pytest.raises(InvalidValue) as excinfo:
        LocalCondition("0034", **limits)
    assert f"LocalCondition.{field}: -1 is negative; must be >= 0" == str(excinfo.value)


# -- Contract ------------------------------------------------------------------------------


def _contract(**changes: object) -> Contract:
    values: dict[str, object] = {
        "reference": "C-1",
        "provider": "12345678",
        "procedure": Procedure.OPEN_HOUSE,
        "period": Period.year(2025),
        "municipalities": ["0193", "0148"],
        "segments": ["AMB"],
    }
    values.update(changes)
    return Contract(**values)  # type: ignore[arg-type]


def test_contract_converts_fields() -> None:
    """Codes from strings, procedure from its value, uplift from a string, lists to tuples."""
    contract = _contract(
        procedure="tender",
        products=["43a01"],
        uplift_pct="2.5",
        local_conditions=[LocalCondition("0193", max_providers=3)],
    )
    assert Procedure.TENDER is contract.procedure
    assert AGBCode("12345678") == contract.provider
    assert contract.municipalities == (ZWOLLE, DALFSEN)
    assert contract.segments == ("AMB",)
    assert (ProductCode("43A01"),) == contract.products
    assert Decimal("2.5") == contract.uplift_pct


def test_contract_needs_a_segment_or_product() -> None:
    """A contract that covers nothing is refused, naming its reference."""
    with pytest.raises(InvalidValue) as excinfo:
        _contract(segments=[])
    expected = (
        "Contract 'C-1'.segments: empty, and products is empty too; "
        "a contract covers at least one segment or product"
    )
    assert expected == str(excinfo.value)
    assert tuple(p.value for p in _contract(segments=[], products=["43A01"]).products) == ("43A01",)


def test_contract_needs_a_municipality() -> None:
    """No municipalities: refused, naming the contract, the field and the empty value."""
    with pytest.raises(InvalidValue) as excinfo:
        _contract(municipalities=[])
    assert str(excinfo.value) == "Contract 'C-1'.municipalities: () is empty; a value is required"


def test_contract_needs_a_reference() -> None:
    """An empty reference is refused."""
    with pytest.raises(InvalidValue, match=re.escape("Contract ''.reference: '' is empty")):
        _contract(reference="")


def test_contract_refuses_negative_uplift() -> None:
    """An uplift of −1 % is refused, naming contract, field and value."""
    with pytest.raises(InvalidValue) as excinfo:
        _contract(uplift_pct="-1")
    expected = "Contract 'C-1'.uplift_pct: Decimal('-1') is negative; must be >= 0"
    assert expected == str(excinfo.value)


def test_contract_refuses_float_uplift() -> None:
    """2.5 as a float is not exact."""
    with pytest.raises(TypeError, match=re.escape("float 2.5 is not exact")):
        _contract(uplift_pct=2.5)


def test_contract_refuses_unknown_procedure() -> None:
    """'onderhands' is not one of the procedures."""
    with pytest.raises(InvalidValue, match=re.escape("'onderhands' is not a Procedure code")):
        _contract(procedure="onderhands")


def test_contract_covers() -> None:
    """C-1 covers segment AMB and product 43A01 in Zwolle and Dalfsen during 2025."""
    contract = _contract(products=["43A01"])
    amb, on = ProductCode("45A01"), date(2025, 6, 1)
    assert contract.covers(amb, ["AMB"], ZWOLLE, on)
    assert contract.covers(amb, ["VBL", "AMB"], DALFSEN, on)  # via a parent segment
    assert contract.covers(ProductCode("43A01"), ["VBL"], ZWOLLE, on)  # named product
    assert not contract.covers(amb, ["VBL"], ZWOLLE, on)  # other segment
    assert not contract.covers(amb, ["AMB"], KAMPEN, on)  # other municipality
    assert not contract.covers(amb, ["AMB"], ZWOLLE, date(2026, 1, 1))  # after the period
    assert contract.covers(amb, ["AMB"], ZWOLLE, date(2025, 12, 31))  # inclusive end


def test_contract_condition_for() -> None:
    """Zwolle set a condition, Dalfsen none."""
    condition = LocalCondition("0193", max_providers=3)
    contract = _contract(local_conditions=[condition])
    assert condition == contract.condition_for(ZWOLLE)
    assert contract.condition_for(DALFSEN) is None


# -- Client --------------------------------------------------------------------------------


def test_client_masks_bsn() -> None:
    """The repr shows only the last four BSN digits."""
    client = Client(bsn="111222333", municipality="0193", birth_date=date(2012, 2, 29), profile="A")
    assert BSN("111222333") == client.bsn
    assert client.municipality == ZWOLLE
    assert "111222333" not in repr(client)
    assert "BSN('*****2333')" in repr(client)


def test_client_refuses_bad_bsn() -> None:
    """111222334 fails the eleven-test (66 − 1 = 65)."""
    with pytest.raises(InvalidIdentifier, match="fails the eleven-test"):
        Client(bsn="111222334", municipality="0193")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 2, 28), 12),  # the leap-day birthday is not reached on 28 February
        (date(2025, 3, 1), 13),  # … but on 1 March
        (date(2024, 2, 28), 11),
        (date(2024, 2, 29), 12),  # in a leap year on the day itself
        (date(2012, 2, 29), 0),
        (date(2030, 2, 28), 17),
        (date(2030, 3, 1), 18),
    ],
)
def test_age_on_across_a_leap_day_birthday(day: date, expected: int) -> None:
    """Born 2012-02-29: 2025 − 2012 = 13, minus 1 before 1 March 2025 → 12 on 28 Feb."""
    client = Client(bsn="111222333", municipality="0193", birth_date=date(2012, 2, 29))
    assert expected == client.age_on(day)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2025, 6, 14), 17), (date(2025, 6, 15), 18), (date(2030, 6, 14), 22)],
)
def test_age_on_ordinary_birthday(day: date, expected: int) -> None:
    """Born 2007-06-15: 18 on 2025-06-15 (2025 − 2007), 17 the day before."""
    client = Client(bsn="111222333", municipality="0193", birth_date=date(2007, 6, 15))
    assert expected == client.age_on(day)


def test_age_without_birth_date() -> None:
    """No birth date, no age."""
    assert Client(bsn="111222333", municipality="0193").age_on(date(2025, 1, 1)) is None


def test_client_refuses_datetime_birth_date() -> None:
    """A datetime birth date is refused, naming the field and the value."""
    with pytest.raises(InvalidValue) as excinfo:
        Client(bsn="111222333", municipality="0193", birth_date=datetime(2012, 2, 29, 8, 0))
    expected = "Client.birth_date: datetime.datetime(2012, 2, 29, 8, 0) is not a datetime.date"
    assert expected == str(excinfo.value)
