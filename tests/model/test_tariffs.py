"""Unit tests for :mod:`jeugdinkoop.model.tariffs`: tariffs, lookups and indexation."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import InvalidValue, TariffNotFound
from jeugdinkoop.identifiers import AGBCode, ProductCode
from jeugdinkoop.model import Tariff, TariffTable
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

PROPERTY = settings(deadline=None, database=None)

Y2025 = Period.year(2025)
FROM_2025 = Period(date(2025, 1, 1))
JUNE = date(2025, 6, 1)
ZORG_BV = "12345678"
ANDERE_BV = "87654321"


def _tiered_table() -> TariffTable:
    """44W01 per etmaal: laag 120.00, hoog 180.00 in 2025."""
    return TariffTable(
        [
            Tariff(product="44W01", rate="120.00", unit=Unit.DAY, period=Y2025, tier="laag"),
            Tariff(product="44W01", rate="180.00", unit=Unit.DAY, period=Y2025, tier="hoog"),
        ]
    )


# -- Tariff --------------------------------------------------------------------------


def test_tariff_converts_fields() -> None:
    """Strings become ProductCode, Money, Unit and AGBCode; the key is product/tier/provider."""
    tariff = Tariff(
        product="45a01",
        rate="78.00",
        unit="04",
        period=Y2025,
        tier="laag",
        provider=ZORG_BV,
        reference="x",
    )
    assert ProductCode("45A01") == tariff.product
    assert Money("78.00") == tariff.rate
    assert Unit.HOUR is tariff.unit
    assert AGBCode(ZORG_BV) == tariff.provider
    assert (ProductCode("45A01"), "laag", AGBCode(ZORG_BV)) == tariff.key


def test_tariff_refuses_negative_rate() -> None:
    """A rate of −1.00 is refused, naming field and value."""
    with pytest.raises(InvalidValue) as excinfo:
        Tariff(product="45A01", rate="-1.00", unit=Unit.HOUR, period=Y2025)
    message = str(excinfo.value)
    assert ".rate: Money('-1.00') is negative; must be >= 0" in message


def test_tariff_error_names_the_product() -> None:
    """The record in the message is the tariff's product, 45A01."""
    with pytest.raises(InvalidValue) as excinfo:
        Tariff(product="45A01", rate="-1.00", unit=Unit.HOUR, period=Y2025)
    assert "45A01" in str(excinfo.value)


def test_tariff_refuses_float_rate() -> None:
    """78.0 as a float is not exact."""
    with pytest.raises(TypeError, match="use Decimal or a string"):
        Tariff(product="45A01", rate=78.0, unit=Unit.HOUR, period=Y2025)


# -- lookups -------------------------------------------------------------------------------


def test_regional_rate() -> None:
    """One regional tariff of 78.00 per hour answers for everyone in 2025."""
    table = TariffTable([Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025)])
    assert Money("78.00") == table.rate("45A01", JUNE)
    assert Money("78.00") == table.rate(ProductCode("45A01"), JUNE, provider=ZORG_BV)
    assert Money("78.00") == table.rate("45A01", date(2025, 12, 31))


def test_provider_specific_tariff_wins() -> None:
    """Regional 78.00, Zorg BV 82.00: Zorg BV gets 82.00, others 78.00."""
    regional = Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025)
    specific = Tariff(product="45A01", rate="82.00", unit=Unit.HOUR, period=Y2025, provider=ZORG_BV)
    for table in (TariffTable([regional, specific]), TariffTable([specific, regional])):
        assert Money("82.00") == table.rate("45A01", JUNE, provider=ZORG_BV)
        assert Money("82.00") == table.rate("45A01", JUNE, provider=AGBCode(ZORG_BV))
        assert Money("78.00") == table.rate("45A01", JUNE, provider=ANDERE_BV)
        assert Money("78.00") == table.rate("45A01", JUNE)
        assert specific == table.lookup("45A01", JUNE, provider=ZORG_BV)


def test_only_another_providers_tariff() -> None:
    """Only Zorg BV has a tariff: Andere BV and the regional question find none."""
    table = TariffTable(
        [Tariff(product="45A01", rate="82.00", unit=Unit.HOUR, period=Y2025, provider=ZORG_BV)]
    )
    with pytest.raises(TariffNotFound) as excinfo:
        table.rate("45A01", JUNE, provider=ANDERE_BV)
    expected = (
        "no tariff for product '45A01' provider '87654321' on 2025-06-01; "
        "only other providers have a specific tariff"
    )
    assert expected == str(excinfo.value)
    with pytest.raises(TariffNotFound, match="only other providers have a specific tariff"):
        table.rate("45A01", JUNE)


def test_tiers() -> None:
    """Tier laag is 120.00 and tier hoog 180.00 per etmaal; tiers() lists them sorted."""
    table = _tiered_table()
    assert Money("120.00") == table.rate("44W01", JUNE, tier="laag")
    assert Money("180.00") == table.rate("44W01", JUNE, tier="hoog")
    assert table.tiers("44W01", JUNE) == ("hoog", "laag")
    assert table.tiers("44W01", date(2026, 1, 1)) == ()
    assert (
        TariffTable([Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025)]).tiers(
            "45A01", JUNE
        )
        == ()
    )


def test_missing_tier_names_the_tiers() -> None:
    """A tiered product asked without tier names the product, day and tiers that exist."""
    with pytest.raises(TariffNotFound) as excinfo:
        _tiered_table().rate("44W01", JUNE)
    expected = "no tariff for product '44W01' on 2025-06-01; tiers on that day: hoog, laag"
    assert expected == str(excinfo.value)


def test_unknown_tier_names_it() -> None:
    """Tier 'midden' does not exist: the message names it and the tiers that do."""
    with pytest.raises(TariffNotFound) as excinfo:
        _tiered_table().rate("44W01", JUNE, tier="midden")
    expected = (
        "no tariff for product '44W01' tier 'midden' on 2025-06-01; tiers on that day: hoog, laag"
    )
    assert expected == str(excinfo.value)


def test_tariff_not_found_for_unknown_product() -> None:
    """A product without tariffs says so."""
    with pytest.raises(TariffNotFound) as excinfo:
        _tiered_table().rate("99X99", JUNE)
    expected = "no tariff for product '99X99' on 2025-06-01 (the product has no tariffs)"
    assert expected == str(excinfo.value)
    assert isinstance(excinfo.value, LookupError)


def test_tariff_not_found_outside_validity() -> None:
    """A tariff for 2025 does not answer for 2026-01-01; the message names what exists."""
    table = TariffTable([Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025)])
    with pytest.raises(TariffNotFound) as excinfo:
        table.rate("45A01", date(2026, 1, 1))
    expected = (
        "no tariff for product '45A01' on 2026-01-01 (tariffs exist for 2025-01-01..2025-12-31)"
    )
    assert expected == str(excinfo.value)


def test_tariff_not_found_lists_each_period_once() -> None:
    """Two tariffs valid in 2025 (regional and Zorg BV) are one period in the message."""
    table = TariffTable(
        [
            Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025),
            Tariff(product="45A01", rate="82.00", unit=Unit.HOUR, period=Y2025, provider=ZORG_BV),
        ]
    )
    with pytest.raises(TariffNotFound) as excinfo:
        table.rate("45A01", date(2026, 1, 1))
    expected = (
        "no tariff for product '45A01' on 2026-01-01 (tariffs exist for 2025-01-01..2025-12-31)"
    )
    assert expected == str(excinfo.value)


def test_tariffs_in_consecutive_years() -> None:
    """78.00 in 2025 and 81.83 from 2026: each day finds its own; for_product is oldest first."""
    later = Tariff(product="45A01", rate="81.83", unit=Unit.HOUR, period=Period(date(2026, 1, 1)))
    earlier = Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025)
    table = TariffTable([later, earlier])
    assert Money("78.00") == table.rate("45A01", date(2025, 12, 31))
    assert Money("81.83") == table.rate("45A01", date(2026, 1, 1))
    assert (earlier, later) == table.for_product("45a01")
    assert table.for_product("99X99") == ()
    assert len(table) == 2
    assert [later, earlier] == list(table)


# -- overlaps ------------------------------------------------------------------------------


def test_overlapping_validity_is_refused() -> None:
    """2025 and 2025-07-01.. overlap for the same product: refused, naming both periods."""
    with pytest.raises(InvalidValue) as excinfo:
        TariffTable(
            [
                Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025),
                Tariff(
                    product="45A01", rate="80.00", unit=Unit.HOUR, period=Period(date(2025, 7, 1))
                ),
            ]
        )
    expected = (
        "TariffTable: two tariffs for product '45A01' overlap: 2025-01-01..2025-12-31 and "
        "2025-07-01..; validity periods must not overlap"
    )
    assert expected == str(excinfo.value)


def test_overlap_names_tier_and_provider() -> None:
    """Two 'laag' tariffs of Zorg BV sharing 31 December overlap; the key is in the message."""
    with pytest.raises(InvalidValue) as excinfo:
        TariffTable(
            [
                Tariff(
                    product="44W01",
                    rate="1",
                    unit=Unit.DAY,
                    period=Y2025,
                    tier="laag",
                    provider=ZORG_BV,
                ),
                Tariff(
                    product="44W01",
                    rate="2",
                    unit=Unit.DAY,
                    period=Period(date(2025, 12, 31)),
                    tier="laag",
                    provider=ZORG_BV,
                ),
            ]
        )
    assert "product '44W01' tier 'laag' provider '12345678' overlap" in str(excinfo.value)


def test_different_keys_may_share_a_period() -> None:
    """Same product and year, but other tier or other provider: no overlap."""
    table = TariffTable(
        [
            Tariff(product="44W01", rate="120", unit=Unit.DAY, period=Y2025, tier="laag"),
            Tariff(product="44W01", rate="180", unit=Unit.DAY, period=Y2025, tier="hoog"),
            Tariff(
                product="44W01",
                rate="125",
                unit=Unit.DAY,
                period=Y2025,
                tier="laag",
                provider=ZORG_BV,
            ),
            Tariff(product="45A01", rate="78", unit=Unit.HOUR, period=Y2025),
        ]
    )
    assert Money("125") == table.rate("44W01", JUNE, provider=ZORG_BV, tier="laag")
    assert Money("180") == table.rate("44W01", JUNE, provider=ZORG_BV, tier="hoog")


def test_extend_refuses_overlaps() -> None:
    """extend() adds tariffs and still refuses overlaps."""
    table = TariffTable([Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025)])
    longer = table.extend(
        [Tariff(product="45A01", rate="81.83", unit=Unit.HOUR, period=Period(date(2026, 1, 1)))]
    )
    assert len(longer) == 2
    assert len(table) == 1
    with pytest.raises(InvalidValue, match="validity periods must not overlap"):
        table.extend(
            [Tariff(product="45A01", rate="80", unit=Unit.HOUR, period=Period.month(2025, 12))]
        )


# -- indexation ----------------------------------------------------------------------------


def test_indexed_splits_at_from_date() -> None:
    """78.00 × 1.0491 = 81.8298 → 81.83; the old rate ends 2025-12-31, the new holds from 2026."""
    table = TariffTable([Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=FROM_2025)])
    new = table.indexed("4.91", date(2026, 1, 1))
    expected = (
        Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025),
        Tariff(product="45A01", rate="81.83", unit=Unit.HOUR, period=Period(date(2026, 1, 1))),
    )
    assert expected == new.for_product("45A01")
    assert Money("78.00") == new.rate("45A01", date(2025, 12, 31))
    assert Money("81.83") == new.rate("45A01", date(2026, 1, 1))


def test_indexed_keeps_a_closed_end() -> None:
    """A 2025 tariff indexed from 1 July: 1 Jan-30 Jun old, 1 Jul-31 Dec new."""
    table = TariffTable([Tariff(product="45A01", rate="100.00", unit=Unit.HOUR, period=Y2025)])
    new = table.indexed(Decimal(2), date(2025, 7, 1))
    expected = (
        Tariff(
            product="45A01",
            rate="100.00",
            unit=Unit.HOUR,
            period=Period(date(2025, 1, 1), date(2025, 6, 30)),
        ),
        Tariff(
            product="45A01",
            rate="102.00",
            unit=Unit.HOUR,
            period=Period(date(2025, 7, 1), date(2025, 12, 31)),
        ),
    )
    assert expected == new.for_product("45A01")


@pytest.mark.parametrize(
    ("rate", "pct", "expected"),
    [
        ("78.00", "4.91", "81.83"),  # 78.00 × 1.0491 = 81.829800
        ("10.50", "5", "11.03"),  # 10.50 × 1.05 = 11.0250: half up, not half even (11.02)
        ("65.50", "4.91", "68.72"),  # 65.50 × 1.0491 = 68.716050
        ("120.00", "2.5", "123.00"),  # 120.00 × 1.025 = 123.000
        ("0.10", "5", "0.11"),  # 0.10 × 1.05 = 0.105 → 0.11
        ("100.00", "-1.235", "98.77"),  # 100.00 × 0.98765 = 98.765 → 98.77
    ],
)
def test_indexed_rounds_half_up_per_tariff(rate: str, pct: str, expected: str) -> None:
    """Each new rate is rate × (1 + pct/100), rounded half up to whole cents."""
    table = TariffTable([Tariff(product="45A01", rate=rate, unit=Unit.HOUR, period=FROM_2025)])
    new = table.indexed(pct, date(2026, 1, 1))
    assert Money(expected) == new.rate("45A01", date(2026, 1, 1))


def test_indexed_rounds_each_tariff_separately() -> None:
    """Tiers 10.50 and 21.00 by 5 %: 11.025 → 11.03 and 22.05; not one rounding of a total."""
    table = TariffTable(
        [
            Tariff(product="44W01", rate="10.50", unit=Unit.DAY, period=FROM_2025, tier="laag"),
            Tariff(product="44W01", rate="21.00", unit=Unit.DAY, period=FROM_2025, tier="hoog"),
        ]
    )
    new = table.indexed(5, date(2026, 1, 1))
    assert Money("11.03") == new.rate("44W01", date(2026, 1, 1), tier="laag")
    assert Money("22.05") == new.rate("44W01", date(2026, 1, 1), tier="hoog")
    assert Money("10.50") == new.rate("44W01", date(2025, 12, 31), tier="laag")


def test_indexed_tariff_starting_on_from_date_is_indexed_in_place() -> None:
    """A tariff that starts on from_date is not split: its rate becomes 78.00 × 1.0491 = 81.83."""
    table = TariffTable(
        [Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Period(date(2026, 1, 1)))]
    )
    new = table.indexed("4.91", date(2026, 1, 1))
    assert (
        Tariff(product="45A01", rate="81.83", unit=Unit.HOUR, period=Period(date(2026, 1, 1))),
    ) == new.tariffs


def test_indexed_leaves_tariffs_outside_from_date_alone() -> None:
    """Ended before (2024) or starting after (2027) from_date 2026-01-01: kept as they are."""
    ended = Tariff(product="45A01", rate="70.00", unit=Unit.HOUR, period=Period.year(2024))
    future = Tariff(product="45A02", rate="90.00", unit=Unit.HOUR, period=Period(date(2027, 1, 1)))
    current = Tariff(
        product="45A03",
        rate="50.00",
        unit=Unit.HOUR,
        period=Period(date(2025, 1, 1), date(2026, 12, 31)),
    )
    new = TariffTable([ended, future, current]).indexed("10", date(2026, 1, 1))
    assert (ended,) == new.for_product("45A01")
    assert (future,) == new.for_product("45A02")
    assert Money("55.00") == new.rate("45A03", date(2026, 6, 1))  # 50.00 × 1.10
    assert Money("50.00") == new.rate("45A03", date(2025, 12, 31))


def test_indexed_keeps_tier_provider_unit_and_reference() -> None:
    """Only rate and validity change when a tariff is indexed."""
    tariff = Tariff(
        product="44W01",
        rate="100",
        unit=Unit.DAY,
        period=FROM_2025,
        tier="laag",
        provider=ZORG_BV,
        reference="besluit 2025",
    )
    new = (
        TariffTable([tariff])
        .indexed("1", date(2026, 1, 1))
        .lookup("44W01", date(2026, 1, 1), ZORG_BV, "laag")
    )
    expected = Tariff(
        product="44W01",
        rate="101.00",
        unit=Unit.DAY,
        period=Period(date(2026, 1, 1)),
        tier="laag",
        provider=ZORG_BV,
        reference="besluit 2025",
    )
    assert expected == new


def test_indexed_refuses_float_pct() -> None:
    """A float percentage is refused."""
    table = TariffTable([Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=FROM_2025)])
    with pytest.raises(TypeError, match=re.escape("float 4.91 is not exact")):
        table.indexed(4.91, date(2026, 1, 1))  # type: ignore[arg-type]


@PROPERTY
@given(
    st.integers(min_value=0, max_value=10**7).map(Money.from_cents),
    st.decimals(min_value=-50, max_value=50, places=2, allow_nan=False, allow_infinity=False),
    st.dates(min_value=date(2025, 1, 2), max_value=date(2030, 12, 31)),
)
def test_indexed_property(rate: Money, pct: Decimal, from_date: date) -> None:
    """Up to the day before from_date the old rate holds; from then round(rate × (1 + pct/100))."""
    table = TariffTable([Tariff(product="45A01", rate=rate, unit=Unit.HOUR, period=FROM_2025)])
    new = table.indexed(pct, from_date)
    assert len(new) == 2
    assert rate == new.rate("45A01", date(2025, 1, 1))
    assert rate == new.rate("45A01", from_date - timedelta(days=1))
    new_rate = new.rate("45A01", from_date)
    assert (rate * (1 + pct / 100)).rounded() == new_rate
    assert abs(new_rate.amount - rate.amount * (1 + pct / 100)) <= Decimal("0.005")


# -- the deprecated name ``valid`` (issue 9: one name, ``period``, on every dated record) --


def test_the_old_keyword_valid_builds_the_same_tariff_and_warns() -> None:
    """``Tariff(valid=2025)`` is ``Tariff(period=2025)``, with a DeprecationWarning."""
    new = Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025)
    with pytest.warns(DeprecationWarning, match=r"Tariff\(valid=\.\.\.\) is deprecated"):
        old = Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, valid=Y2025)
    assert old == new
    assert Period(date(2025, 1, 1), date(2025, 12, 31)) == old.period


def test_the_old_attribute_valid_reads_period_and_warns() -> None:
    """``tariff.valid`` returns ``tariff.period`` (2025-01-01 open-ended), with a warning."""
    tariff = Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=FROM_2025)
    with pytest.warns(DeprecationWarning, match=r"Tariff\.valid is deprecated"):
        assert FROM_2025 == tariff.valid


def test_period_and_valid_together_or_neither_are_refused() -> None:
    """Both names at once are ambiguous; neither leaves the tariff without its period."""
    with (
        pytest.warns(DeprecationWarning, match="valid="),
        pytest.raises(TypeError, match="give period or valid"),
    ):
        Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, period=Y2025, valid=Y2025)
    with pytest.raises(TypeError, match="missing required keyword argument 'period'"):
        Tariff(product="45A01", rate="78.00", unit=Unit.HOUR)


def test_a_bad_old_valid_still_names_the_field() -> None:
    """A wrong value under the old name is reported as ``Tariff.period`` (the field it fills)."""
    with (
        pytest.warns(DeprecationWarning, match="valid="),
        pytest.raises(TypeError, match=re.escape("Tariff.period: int 2025 is not a Period")),
    ):
        Tariff(product="45A01", rate="78.00", unit=Unit.HOUR, valid=2025)
