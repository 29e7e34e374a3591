"""Building and changing a region in Python: Region.with_funding and friends."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdinkoop.codes import Domain, Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import EffortBased
from jeugdinkoop.io import EMBEDDED_REGIONS, load_embedded_region, region_from_dict, region_to_dict
from jeugdinkoop.model import Segment, Tariff
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period


def test_with_funding_changes_one_segment_only() -> None:
    """Voorbeeld pays VBL by lumpsum; after the change by PxQ, and AMB stays as it was."""
    region = load_embedded_region("voorbeeld")
    changed = region.with_funding("VBL", EffortBased())
    assert "effort" == changed.funding_of("VBL").name
    assert region.funding_of("AMB") == changed.funding_of("AMB")
    assert "lumpsum" == region.funding_of("VBL").name  # the original is untouched


def test_with_funding_on_a_subsegment() -> None:
    """IJsselland's WON-WC pays as its parent WON (effort) until it has a model of its own."""
    region = load_embedded_region("ijsselland")
    assert region.segment("WON-WC").funding is None
    changed = region.with_funding("WON-WC", EffortBased())
    assert changed.segment("WON-WC").funding == EffortBased()
    assert changed.segment("WON").funding == region.segment("WON").funding


def test_with_funding_unknown_segment() -> None:
    with pytest.raises(LookupError, match="XYZ"):
        load_embedded_region("voorbeeld").with_funding("XYZ", EffortBased())


@given(code=st.sampled_from(EMBEDDED_REGIONS), data=st.data())
def test_with_funding_round_trips(code: str, data: st.DataObject) -> None:
    """Setting a segment's model and then its old one gives back an equal region."""
    region = load_embedded_region(code)
    segment = data.draw(st.sampled_from([s.code for s in region.all_segments()]))
    old = region.segment(segment).funding
    assert region == region.with_funding(segment, EffortBased()).with_funding(segment, old)


def test_changed_region_survives_the_file_format() -> None:
    """region_to_dict / region_from_dict keep a region changed in Python."""
    changed = load_embedded_region("voorbeeld").with_funding("VBL", EffortBased())
    assert changed == region_from_dict(region_to_dict(changed))


def test_with_segment_adds_and_replaces() -> None:
    region = load_embedded_region("voorbeeld")
    plz = Segment(code="PLZ", name="Pleegzorg", domain=Domain.JEUGD, funding=EffortBased())
    added = region.with_segment(plz)
    assert ["AMB", "VBL", "PLZ"] == [s.code for s in added.segments]
    renamed = added.with_segment(
        Segment(code="PLZ", name="Pleeggezinnen", domain=Domain.JEUGD, funding=EffortBased())
    )
    assert ["AMB", "VBL", "PLZ"] == [s.code for s in renamed.segments]
    assert "Pleeggezinnen" == renamed.segment("PLZ").name


def test_with_tariffs_refuses_an_overlap() -> None:
    """45A01 already has a tariff from 2026-01-01 on: another from 2027 overlaps it."""
    region = load_embedded_region("voorbeeld")
    with pytest.raises(InvalidValue, match="overlap"):
        region.with_tariffs(
            Tariff(
                product="45A01",
                rate=Money("85.00"),
                unit=Unit.HOUR,
                period=Period(date(2027, 1, 1), None),
            )
        )


def test_embedded_region_names_are_case_insensitive() -> None:
    assert load_embedded_region("Zuid-Limburg") is load_embedded_region("zuid_limburg")
