"""The lean object path (issue 12): fast paths that must give what the careful paths give.

- a claim read by the quick parser is built from its slots (trusted construction); it
  must equal, field by field and type by type, the claim the constructor builds from the
  same values, and every line the constructor refuses must still be refused;
- the funding context remembers the last claim's contract and tariff;
- ``Period.month`` shares one object per month.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jeugdinkoop.errors import TariffNotFound
from jeugdinkoop.funding import FundingContext
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Claim, records
from jeugdinkoop.model.records import CLAIM_FIELDS, RecordError, claim_from_record
from jeugdinkoop.periods import Period

REGION = load_example_region()

BASE = {
    "reference": "R-1",
    "assignment": "T-1",
    "provider": "22222222",
    "client": "111222333",
    "municipality": "0001",
    "product": "45A01",
    "start": "2025-03-01",
    "end": "2025-03-31",
    "quantity": "8",
    "unit": "04",
    "amount": "624,00",
}


def _constructed(claim: Claim) -> Claim:
    """The same claim through the constructor (converters, validators, post-init)."""
    return Claim(**{f.name: getattr(claim, f.name) for f in attrs.fields(Claim)})


def test_the_fast_path_is_on_and_covers_every_field() -> None:
    """Claim's fields are the file's columns in order, so the slots can be set directly."""
    assert records._TRUSTED
    assert tuple(f.name for f in attrs.fields(Claim)) == CLAIM_FIELDS


def test_a_trusted_claim_equals_the_constructed_one() -> None:
    """R-1: 8 hours of March at 624.00 (8 × 78.00); every field the same value and type."""
    quick = records._quick_claim(BASE)
    assert quick is not None
    built = _constructed(quick)
    assert quick == built
    for field in attrs.fields(Claim):
        assert type(getattr(quick, field.name)) is type(getattr(built, field.name)), field.name
    assert str(quick.amount.amount) == "624.00"
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        quick.reference = "R-2"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"debit_credit": "C"}, "reverses"),  # a credit names the debit it reverses
        ({"reverses": "R-0"}, "reverses"),  # a debit reverses nothing
        ({"tariff": "-78,00"}, "tariff"),  # a negative tariff (the parsers allow a sign)
        ({"amount": "-624,00"}, "amount"),
    ],
)
def test_what_the_constructor_refuses_is_still_refused(changes: dict[str, str], field: str) -> None:
    """The rules between fields are checked on the fast path too: the careful reader reports."""
    assert records._quick_claim({**BASE, **changes}) is None
    with pytest.raises(RecordError) as err:
        claim_from_record({**BASE, **changes})
    assert field in str(err.value)


def test_a_credit_with_its_debit_and_tariff_is_read_fast() -> None:
    """C reversing R-0 with tariff 78,00: the fast path builds it, equal to the constructor's."""
    record = {**BASE, "debit_credit": "C", "reverses": "R-0", "tariff": "78,00", "category": "45"}
    quick = records._quick_claim(record)
    assert quick is not None
    assert quick.is_credit
    assert quick.reverses == "R-0"
    assert quick == _constructed(quick)
    assert str(quick.tariff) == str(_constructed(quick).tariff)


_texts = st.text(alphabet="0123456789-, CDR", max_size=8)


@given(
    quantity=_texts,
    amount=_texts,
    tariff=_texts,
    debit_credit=st.sampled_from(["", "D", "C", "X"]),
    reverses=st.sampled_from(["", "R-0", " "]),
)
@example(quantity="8", amount="624,00", tariff="", debit_credit="", reverses="")
@example(quantity="8", amount="624,00", tariff="78,00", debit_credit="C", reverses="R-0")
def test_fast_and_careful_paths_agree(
    quantity: str, amount: str, tariff: str, debit_credit: str, reverses: str
) -> None:
    """Whatever the fields: the fast path gives the constructor's claim, or defers to it."""
    record: dict[str, Any] = {
        **BASE,
        "quantity": quantity,
        "amount": amount,
        "tariff": tariff,
        "debit_credit": debit_credit,
        "reverses": reverses,
    }
    quick = records._quick_claim(record)
    if quick is None:
        return  # the careful reader decides (and reports every bad field)
    assert (quick.quantity, quick.debit_credit.value) == (
        _constructed(quick).quantity,
        debit_credit or "D",
    )
    assert quick == _constructed(quick)
    assert quick == claim_from_record(record)


def _claim(**changes: object) -> Claim:
    values: dict[str, object] = {
        "reference": "R-1",
        "assignment": "T-1",
        "provider": "22222222",
        "client": "111222333",
        "municipality": "0001",
        "product": "45A01",
        "start": date(2025, 3, 1),
        "end": date(2025, 3, 31),
        "quantity": 8,
        "unit": "04",
        "amount": "624.00",
    }
    values.update(changes)
    return Claim(**values)  # type: ignore[arg-type]


def test_the_context_remembers_the_last_claims_contract_and_tariff() -> None:
    """Asked twice about one claim, the region is asked once; another claim asks again."""
    ctx = FundingContext(REGION)
    claim = _claim()
    contract = ctx.contract_of(claim)
    assert contract is REGION.contract_for(
        claim.provider, claim.product, claim.municipality, claim.start
    )
    assert contract is not None
    assert ctx.contract_of(claim) is contract
    # an unknown provider has no contract: the memo follows the claim, not the last answer
    assert ctx.contract_of(_claim(provider="99999999")) is None
    tariff = ctx.tariff_of(claim, None)
    assert ctx.tariff_of(claim, None) is tariff
    assert str(tariff.rate.amount) == "78.00"  # the example region's 45A01
    # no tariff in 2019: raised every time, never remembered
    old = _claim(start=date(2019, 3, 1), end=date(2019, 3, 31))
    for _ in range(2):
        with pytest.raises(TariffNotFound):
            ctx.tariff_of(old, None)
    assert ctx.tariff_of(claim, None) is tariff


def test_a_month_is_one_shared_period() -> None:
    """Period.month(2024, 2) twice is one object: 2024-02-01..2024-02-29 (a leap year)."""
    first = Period.month(2024, 2)
    assert first is Period.month(2024, 2)
    assert (first.start, first.end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert Period.month(2025, 2).end == date(2025, 2, 28)
    with pytest.raises(ValueError, match="month"):
        Period.month(2025, 13)
