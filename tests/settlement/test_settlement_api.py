"""Settlement as a caller reads it: columns named in errors, keys equal to plain text."""

from __future__ import annotations

import re

import pytest

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import SettlementLine
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import Settlement

A, B = AGBCode("11111111"), AGBCode("22222222")
ZWOLLE, KAMPEN = MunicipalityCode("0193"), MunicipalityCode("0166")


def _settlement() -> Settlement:
    """Three lines: A/Zwolle/AMB 100 payable, A/Kampen/AMB 50, B/Zwolle/JB 30 (budget 40)."""
    return Settlement(
        period=Period.month(2025, 3),
        lines=[
            SettlementLine(A, ZWOLLE, "AMB", payable=Money("100.00"), advanced=Money("80.00")),
            SettlementLine(A, KAMPEN, "AMB", payable=Money("50.00")),
            SettlementLine(B, ZWOLLE, "JB", payable=Money("30.00"), budget=Money("40.00")),
        ],
    )


def test_total_of_each_column() -> None:
    """Payable 100 + 50 + 30 = 180; advanced 80; balance 180 − 80 = 100; budget 40 (None is 0)."""
    s = _settlement()
    assert s.total() == s.total("payable") == Money("180.00")
    assert s.total("advanced") == Money("80.00")
    assert s.total("balance") == Money("100.00")
    assert s.total("budget") == Money("40.00")


def test_total_of_an_unknown_column_lists_the_columns() -> None:
    """``total("payed")`` says which columns there are instead of an AttributeError."""
    expected = (
        "Settlement.total: 'payed' is not a column; one of claimed, payable, advanced, "
        "released, budget, adjustment, open, balance"
    )
    with pytest.raises(InvalidValue, match=re.escape(expected)):
        _settlement().total("payed")


def test_by_keys_equal_plain_text() -> None:
    """by("provider"): A = 100 + 50 = 150, B = 30, found by the codes' plain text."""
    by_provider = _settlement().by("provider")
    assert by_provider[("11111111",)].payable == Money("150.00")
    assert by_provider[("22222222",)].payable == Money("30.00")
    assert list(by_provider) == [("11111111",), ("22222222",)]
    by_both = _settlement().by("municipality", "segment")
    assert by_both[("0193", "AMB")].payable == Money("100.00")
    assert by_both[(ZWOLLE, "JB")].payable == Money("30.00")


def test_by_an_unknown_key_lists_the_keys() -> None:
    """``by("gemeente")`` names the three keys."""
    expected = "Settlement.by: 'gemeente' is not a key; any of provider, municipality, segment"
    with pytest.raises(InvalidValue, match=re.escape(expected)):
        _settlement().by("gemeente")


def test_a_code_is_not_another_kind_of_code() -> None:
    """AGB 12345678 and a product code with the same text are different things."""
    from jeugdinkoop.identifiers import ProductCode

    agb: object = AGBCode("12345678")
    assert agb != MunicipalityCode("0193")
    assert ProductCode("45A01") == "45A01"
    assert ProductCode("45a01") != "45a01"  # the code is upper-cased; its text is not


def test_repr_is_short() -> None:
    """Counts and the payable total (100 + 50 + 30 = 180), not every line."""
    assert repr(_settlement()) == (
        "Settlement(period=2025-03-01..2025-03-31, lines=3, postings=0, payable=Money('180.00'))"
    )


def test_to_rows_and_frame() -> None:
    """Row per line in line order (sorted by provider, municipality, segment): A/Kampen first."""
    from decimal import Decimal

    rows = _settlement().to_rows()
    assert [(r["provider"], r["municipality"], r["payable"], r["budget"]) for r in rows] == [
        ("11111111", "0166", "50.00", ""),
        ("11111111", "0193", "100.00", ""),
        ("22222222", "0193", "30.00", "40.00"),
    ]
    assert rows[1]["balance"] == "20.00"  # 100 − 80
    frame = _settlement().to_frame()
    assert list(frame["payable"]) == [Decimal("50.00"), Decimal("100.00"), Decimal("30.00")]
    assert frame["payable"].sum() == Decimal("180.00")
    assert "<td>22222222</td>" in _settlement()._repr_html_()
