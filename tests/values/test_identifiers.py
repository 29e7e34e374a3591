"""Unit and property tests for :mod:`jeugdinkoop.identifiers`."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from jeugdinkoop.errors import InvalidIdentifier, InvalidValue
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode, is_valid_bsn

PROPERTY = settings(deadline=None, database=None)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


def _eleven_test(text: str) -> bool:
    """The elfproef written out a second time: 9·d1 + 8·d2 + … + 2·d8 − d9 ≡ 0 (mod 11), ≠ 0."""
    total = -int(text[8])
    for position, digit in enumerate(text[:8]):
        total += (9 - position) * int(digit)
    return total % 11 == 0 and total != 0


@st.composite
def valid_bsns(draw: st.DrawFn) -> str:
    """Eight random digits plus the check digit that makes the eleven-test pass."""
    head = draw(st.text(alphabet="0123456789", min_size=8, max_size=8))
    partial = sum((9 - i) * int(d) for i, d in enumerate(head))
    check = partial % 11  # partial − check ≡ 0 (mod 11)
    assume(check <= 9 and partial - check != 0)
    return head + str(check)


# -- BSN ----------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["111222333", "123456782"])
def test_known_valid_bsns(text: str) -> None:
    """111222333: 9+8+7+12+10+8+9+6−3 = 66 = 6·11.

    123456782: 9+16+21+24+25+24+21+16−2 = 154 = 14·11.
    """
    assert is_valid_bsn(text)
    assert text == BSN(text).reveal()


@pytest.mark.parametrize(
    "text",
    [
        "111222334",  # 66 − 1 = 65, not divisible by 11
        "123456789",  # 156 − 9 = 147 = 13·11 + 4
        "000000000",  # sum 0 is refused explicitly
    ],
)
def test_known_invalid_bsns(text: str) -> None:
    """Numbers failing the eleven-test are refused, masked in the message."""
    assert not is_valid_bsn(text)
    with pytest.raises(InvalidIdentifier) as excinfo:
        BSN(text)
    expected = f"BSN: '*****{text[-4:]}' fails the eleven-test (elfproef)"
    assert expected == str(excinfo.value)
    assert text not in str(excinfo.value)


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("11122233", "****2233"),  # 8 digits
        ("1112223330", "******3330"),  # 10 digits
        ("11122233a", "*****233a"),
        (" 111222333", "******2333"),
        ("", ""),
    ],
)
def test_bsn_must_be_nine_digits(text: str, masked: str) -> None:
    """Not 9 digits: refused, naming BSN, the masked value and the rule."""
    assert not is_valid_bsn(text)
    with pytest.raises(InvalidIdentifier) as excinfo:
        BSN(text)
    assert f"BSN: '{masked}' is not 9 digits" == str(excinfo.value)


def test_bsn_repr_and_str_are_masked() -> None:
    """Only the last four digits show; reveal() gives all nine on purpose."""
    bsn = BSN("111222333")
    assert repr(bsn) == "BSN('*****2333')"
    assert str(bsn) == "*****2333"
    assert bsn.reveal() == "111222333"
    assert "11122" not in repr([bsn])


def test_bsn_equality() -> None:
    """Two BSNs with the same number are equal and hash alike; different numbers differ."""
    assert BSN("111222333") == BSN("111222333")
    assert hash(BSN("111222333")) == hash(BSN("111222333"))
    assert BSN("111222333") != BSN("123456782")


def test_bsn_int_is_refused_mentioning_leading_zeros() -> None:
    """An int loses leading zeros (012345678 has none as an int)."""
    with pytest.raises(InvalidIdentifier, match="is an int; pass a string to keep leading zeros"):
        BSN(111222333)  # type: ignore[arg-type]


def test_bsn_int_error_does_not_leak_the_number() -> None:
    """The error for an int BSN must not show the whole number in a traceback or log."""
    with pytest.raises(InvalidIdentifier) as excinfo:
        BSN(111222333)  # type: ignore[arg-type]
    assert "111222333" not in str(excinfo.value)


def test_invalid_identifier_is_a_value_error() -> None:
    """Callers may catch InvalidIdentifier as InvalidValue or ValueError."""
    with pytest.raises(ValueError, match="BSN"):
        BSN("1")
    assert issubclass(InvalidIdentifier, InvalidValue)


# -- AGB, CBS, product codes -------------------------------------------------------------


def test_valid_codes() -> None:
    """8-digit AGB, 4-digit CBS (leading zero kept), 5-character product code upper-cased."""
    assert AGBCode("01234567").value == "01234567"
    assert MunicipalityCode("0193").value == "0193"
    assert ProductCode("45a48").value == "45A48"
    assert ProductCode("45A48") == ProductCode("45a48")
    assert repr(AGBCode("01234567")) == "AGBCode('01234567')"
    assert str(MunicipalityCode("0193")) == "0193"
    assert repr(ProductCode("abcde")) == "ProductCode('ABCDE')"


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (AGBCode, "1234", "AGBCode: '1234' is not 8 digits (Vektis AGB code)"),
        # nine digits may be a BSN in the wrong column: masked like one
        (AGBCode, "123456789", "AGBCode: '*****6789' is not 8 digits (Vektis AGB code)"),
        (AGBCode, "1234567a", "AGBCode: '1234567a' is not 8 digits (Vektis AGB code)"),
        (
            MunicipalityCode,
            "193",
            "MunicipalityCode: '193' is not 4 digits (CBS gemeentecode, e.g. '0193')",
        ),
        (
            MunicipalityCode,
            "GM0193",
            "MunicipalityCode: 'GM0193' is not 4 digits (CBS gemeentecode, e.g. '0193')",
        ),
        (ProductCode, "45a4", "ProductCode: '45A4' is not 5 letters or digits (iJw ProductCode)"),
        (
            ProductCode,
            "45A-1",
            "ProductCode: '45A-1' is not 5 letters or digits (iJw ProductCode)",
        ),
        (
            ProductCode,
            "45A012",
            "ProductCode: '45A012' is not 5 letters or digits (iJw ProductCode)",
        ),
    ],
)
def test_code_errors_name_type_value_and_rule(kind: type, value: str, message: str) -> None:
    """Each refusal names the type, the value and the rule."""
    with pytest.raises(InvalidIdentifier) as excinfo:
        kind(value)
    assert message == str(excinfo.value)


@pytest.mark.parametrize(
    ("kind", "value"), [(AGBCode, 12345678), (MunicipalityCode, 193), (ProductCode, 45001)]
)
def test_codes_refuse_ints(kind: type, value: int) -> None:
    """An int would lose leading zeros; the message names type and value."""
    with pytest.raises(InvalidIdentifier) as excinfo:
        kind(value)
    expected = f"{kind.__name__}: {value!r} is an int; pass a string to keep leading zeros"
    assert expected == str(excinfo.value)


@pytest.mark.parametrize("kind", [AGBCode, MunicipalityCode, ProductCode])
def test_codes_refuse_other_types(kind: type) -> None:
    """None is not a code."""
    with pytest.raises(InvalidIdentifier, match=f"{kind.__name__}: None is not a string"):
        kind(None)


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (BSN, "١١١٢٢٢٣٣٣"),  # Arabic-Indic 111222333
        (AGBCode, "１２３４５６７８"),  # full-width 12345678
        (MunicipalityCode, "０１９３"),  # full-width 0193
    ],
)
def test_non_ascii_digits_are_refused(kind: type, value: str) -> None:
    """IJw identifiers are ASCII digits; other Unicode digits are not valid codes."""
    with pytest.raises(InvalidIdentifier):
        kind(value)


def test_product_code_length_is_checked_on_the_input() -> None:
    """'45aß' has 4 characters and a non-ASCII letter: not a product code."""
    with pytest.raises(InvalidIdentifier):
        ProductCode("45aß")


# -- properties -------------------------------------------------------------------------


@PROPERTY
@given(nine_digits)
def test_is_valid_bsn_is_the_eleven_test(text: str) -> None:
    """Every 9-digit string passes exactly when the weighted sum rule holds."""
    assert _eleven_test(text) == is_valid_bsn(text)


@PROPERTY
@given(nine_digits)
def test_bsn_constructs_iff_valid(text: str) -> None:
    """BSN(text) succeeds for valid numbers and raises InvalidIdentifier otherwise."""
    if _eleven_test(text):
        assert text == BSN(text).reveal()
    else:
        with pytest.raises(InvalidIdentifier, match="fails the eleven-test"):
            BSN(text)


@PROPERTY
@given(valid_bsns())
def test_masked_bsn_hides_the_first_five_digits(text: str) -> None:
    """Str and repr show five stars and the last four digits, never the first five."""
    bsn = BSN(text)
    assert "*****" + text[-4:] == str(bsn)
    assert text[:5] not in str(bsn)
    assert text[:5] not in repr(bsn)
    assert text == bsn.reveal()


@PROPERTY
@given(valid_bsns(), st.integers(min_value=0, max_value=8), st.integers(min_value=1, max_value=9))
def test_one_changed_digit_fails_the_eleven_test(text: str, position: int, delta: int) -> None:
    """Changing one digit changes the sum by weight·Δ, never a multiple of 11 (weights < 11)."""
    changed = str((int(text[position]) + delta) % 10)
    assume(changed != text[position])
    mutated = text[:position] + changed + text[position + 1 :]
    assert not is_valid_bsn(mutated)
