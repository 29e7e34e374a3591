"""The iJw codelists in :mod:`jeugdinkoop.codes` against /work/shared/reference/ijw.md.

The expected code sets below are copied by hand from the reference, not derived from the
enums, so a missing, extra or mistyped code fails here.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import TypeVar

import pytest

from jeugdinkoop.codes import (
    DebitCredit,
    Domain,
    EndReason,
    Frequency,
    ProductCategory,
    Referrer,
    Unit,
    Variant,
)

E = TypeVar("E", bound=enum.StrEnum)


def by_code(kind: type[E], code: str) -> E:
    """Look a member up by its iJw code.

    Calling ``Unit("04")`` directly is what users write, but mypy reads the
    ``(code, label)`` signature of ``_Coded.__new__`` and asks for a label too.
    """
    return kind(code)


WJ756_UNIT = {"01", "04", "14", "16", "82", "83", "84"}
WMO757_FREQUENCY = {"1", "2", "4", "6"}
COD043_DEBIT_CREDIT = {"D", "C"}
COD327_REFERRER = {"01", "02", "03", "04", "05", "06", "08"}
JZ588_END_REASON = {"02", "20", "31", "32", "33", "34", "35", "36", "37", "38", "39"}
JZ020_CURRENT = {
    "40", "41", "42", "43", "44", "45", "46", "47",
    "48", "49", "50", "51", "52", "53", "54", "55",
}  # fmt: skip
JZ020_LEGACY = {"31", "32", "33", "34", "35", "36", "37", "38"}

CODELISTS: list[tuple[type[enum.StrEnum], set[str]]] = [
    (Unit, WJ756_UNIT),
    (Frequency, WMO757_FREQUENCY),
    (DebitCredit, COD043_DEBIT_CREDIT),
    (Referrer, COD327_REFERRER),
    (EndReason, JZ588_END_REASON),
    (ProductCategory, JZ020_CURRENT | JZ020_LEGACY),
    (Variant, {"effort", "output", "task"}),
    (Domain, {"jeugd", "wmo"}),
]


@pytest.mark.parametrize(("kind", "expected"), CODELISTS)
def test_codes_equal_the_standard(kind: type[enum.StrEnum], expected: set[str]) -> None:
    """Each enum has exactly the codes of its iJw codelist, no more, no fewer."""
    assert expected == {member.value for member in kind}
    assert len(expected) == len(list(kind))


@pytest.mark.parametrize(("kind", "expected"), CODELISTS)
def test_members_are_found_by_code(kind: type[enum.StrEnum], expected: set[str]) -> None:
    """kind(code) finds each member, and a member equals its code as a string."""
    for code in expected:
        member = kind(code)
        assert code == member
        assert code == str(member)


@pytest.mark.parametrize(("kind", "expected"), CODELISTS)
def test_every_member_has_a_label(kind: type[enum.StrEnum], expected: set[str]) -> None:
    """Every member carries a non-empty Dutch label."""
    labels = {code: getattr(kind(code), "label", "") for code in expected}
    assert all(label.strip() for label in labels.values()), labels


@pytest.mark.parametrize(
    ("member", "label"),
    [
        (Unit.MINUTE, "minuut"),
        (Unit.HOUR, "uur"),
        (Unit.DAY, "etmaal"),
        (Unit.EURO, "euro's"),
        (Frequency.PER_WEEK, "per week"),
        (Frequency.TOTAL, "totaal binnen geldigheidsduur toewijzing"),
        (DebitCredit.DEBIT, "debet"),
        (DebitCredit.CREDIT, "credit"),
        (Referrer.CERTIFIED_INSTITUTION, "gecertificeerde instelling"),
        (EndReason.AS_PLANNED, "volgens plan"),
        (ProductCategory.AMBULANT, "ambulant"),
        (ProductCategory.CRISIS, "crisis"),
        (Variant.TASK, "taakgericht"),
        (Domain.WMO, "Wmo 2015"),
    ],
)
def test_labels(member: enum.StrEnum, label: str) -> None:
    """Labels are the Dutch words of the codelist."""
    assert label == getattr(member, "label", None)


@pytest.mark.parametrize(
    ("code", "member"),
    [
        ("01", Unit.MINUTE),
        ("04", Unit.HOUR),
        ("14", Unit.DAY),
        ("16", Unit.DAY_PART),
        ("82", Unit.PIECES_OUTPUT),
        ("83", Unit.EURO),
        ("84", Unit.PIECES_EFFORT),
    ],
)
def test_unit_codes_mean_what_the_standard_says(code: str, member: Unit) -> None:
    """WJ756: 01 minute, 04 hour, 14 etmaal, 16 dagdeel, 82/84 pieces, 83 euros."""
    assert member is by_code(Unit, code)


@pytest.mark.parametrize(
    ("unit", "minutes"),
    [
        (Unit.MINUTE, Decimal(1)),
        (Unit.HOUR, Decimal(60)),
        (Unit.DAY_PART, Decimal(240)),  # 4 hours × 60
        (Unit.DAY, Decimal(1440)),  # 24 hours × 60
        (Unit.PIECES_OUTPUT, None),
        (Unit.EURO, None),
        (Unit.PIECES_EFFORT, None),
    ],
)
def test_unit_minutes(unit: Unit, minutes: Decimal | None) -> None:
    """Time units convert to minutes; pieces and euros have no length."""
    assert minutes == unit.minutes
    assert (minutes is not None) == unit.is_time


def test_unit_conversion_hours_to_day_parts() -> None:
    """6 hours = 360 minutes = 1.5 dagdelen (360 / 240)."""
    hour, day_part = Unit.HOUR.minutes, Unit.DAY_PART.minutes
    assert hour is not None
    assert day_part is not None
    assert Decimal("1.5") == 6 * hour / day_part


def test_frequency_codes() -> None:
    """WMO757: 1 per day, 2 per week, 4 per month, 6 total within the validity."""
    expected = {
        "1": Frequency.PER_DAY,
        "2": Frequency.PER_WEEK,
        "4": Frequency.PER_MONTH,
        "6": Frequency.TOTAL,
    }
    assert expected == {code: by_code(Frequency, code) for code in WMO757_FREQUENCY}


def test_debit_credit_sign() -> None:
    """D is +1 and C is −1, so 10 × sign(C) = −10."""
    assert DebitCredit.DEBIT.sign == 1
    assert by_code(DebitCredit, "C").sign == -1
    assert 10 * DebitCredit.CREDIT.sign == -10


def test_referrer_codes() -> None:
    """COD327: 01 municipality, 02 GP, 04 certified institution, 06 self, 08 judicial."""
    assert Referrer.MUNICIPALITY is by_code(Referrer, "01")
    assert Referrer.GENERAL_PRACTITIONER is by_code(Referrer, "02")
    assert Referrer.CERTIFIED_INSTITUTION is by_code(Referrer, "04")
    assert Referrer.SELF is by_code(Referrer, "06")
    assert Referrer.JUDICIAL is by_code(Referrer, "08")
    with pytest.raises(ValueError, match="'07'"):
        by_code(Referrer, "07")


def test_end_reason_codes() -> None:
    """JZ588: 02 death, 20 temporary, 31 as planned, 39 other domain."""
    assert EndReason.DEATH is by_code(EndReason, "02")
    assert EndReason.TEMPORARY is by_code(EndReason, "20")
    assert EndReason.AS_PLANNED is by_code(EndReason, "31")
    assert EndReason.OTHER_DOMAIN is by_code(EndReason, "39")


@pytest.mark.parametrize("code", sorted(JZ020_LEGACY))
def test_legacy_categories(code: str) -> None:
    """31–38 are the 2015 categories: legacy."""
    assert by_code(ProductCategory, code).is_legacy


@pytest.mark.parametrize("code", sorted(JZ020_CURRENT))
def test_current_categories_are_not_legacy(code: str) -> None:
    """40–55 are current."""
    assert not by_code(ProductCategory, code).is_legacy


def test_category_names() -> None:
    """JZ020: 43 stay with treatment, 44 without, 45 ambulant, 54 youth mental health."""
    assert ProductCategory.STAY_WITH_TREATMENT is by_code(ProductCategory, "43")
    assert ProductCategory.STAY_WITHOUT_TREATMENT is by_code(ProductCategory, "44")
    assert ProductCategory.AMBULANT is by_code(ProductCategory, "45")
    assert ProductCategory.YOUTH_MENTAL_HEALTH is by_code(ProductCategory, "54")


@pytest.mark.parametrize(
    ("kind", "code"), [(Unit, "4"), (Frequency, "02"), (ProductCategory, "56")]
)
def test_unknown_codes_are_refused(kind: type[enum.StrEnum], code: str) -> None:
    """Codes are matched exactly: '4' is not unit '04', '02' is not frequency '2'."""
    with pytest.raises(ValueError, match=repr(code)):
        kind(code)
