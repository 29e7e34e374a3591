"""The ledger refuses a second entry of a kind and key, re-posts explicitly, hands out read-only views."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import DuplicateEntry
from jeugdinkoop.funding import Entry, EntryKind, Ledger
from jeugdinkoop.funding.ledger import check_entries
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

DEBIT = Entry(
    kind=EntryKind.CLAIM,
    key="R-1",
    provider=AGBCode("12345678"),
    municipality=MunicipalityCode("0193"),
    segment="AMB",
    period=Period.month(2025, 3),
    amount=Money("78.00"),
    value=Money("78.00"),
    assignment="T-1",
    quantity=Decimal(1),
    unit=Unit.HOUR,
)
CREDIT = attrs.evolve(
    DEBIT,
    kind=EntryKind.CREDIT,
    key="C-1",
    reverses="R-1",
    amount=Money("-78.00"),
    value=Money("-78.00"),
    quantity=Decimal(-1),
)


def test_append_refuses_a_second_entry_of_a_kind_and_key() -> None:
    """The second R-1 claim is an error naming it; the ledger still holds one € 78.00."""
    ledger = Ledger([DEBIT])
    with pytest.raises(DuplicateEntry, match="claim 'R-1'"):
        ledger.append(attrs.evolve(DEBIT, amount=Money("1.00")))
    with pytest.raises(DuplicateEntry, match="claim 'R-1'"):
        Ledger([DEBIT, DEBIT])
    assert (1, Money("78.00")) == (len(ledger), ledger.paid_out(DEBIT.provider, 2025))


def test_post_skips_equal_entries_and_refuses_different_ones() -> None:
    """Re-posting the same entries adds none; a same-key entry with other content is refused."""
    ledger = Ledger()
    assert 2 == ledger.post([DEBIT, CREDIT])
    assert 0 == ledger.post([DEBIT, CREDIT])
    assert 2 == len(ledger)
    with pytest.raises(DuplicateEntry, match="other content"):
        ledger.post([attrs.evolve(DEBIT, amount=Money("80.00"))])


def test_quantities_are_read_only() -> None:
    """A caller cannot change what the ledger says was delivered (1 hour in March 2025)."""
    ledger = Ledger([DEBIT])
    months = ledger.quantities("T-1")
    assert {(2025, 3, Unit.HOUR): Decimal(1)} == dict(months)
    with pytest.raises(TypeError):
        months[(2025, 3, Unit.HOUR)] = Decimal(0)  # type: ignore[index]


def test_check_entries_names_every_broken_invariant() -> None:
    """Duplicate key, second reversal, credit of nothing, credit that is not −debit."""
    assert [] == check_entries([DEBIT, CREDIT])
    problems = check_entries(
        [
            DEBIT,
            CREDIT,
            attrs.evolve(CREDIT, key="C-2"),
            attrs.evolve(CREDIT, key="C-3", reverses="R-9"),
            attrs.evolve(DEBIT, key="R-2", reverses=None),
            attrs.evolve(CREDIT, key="C-4", reverses="R-2", quantity=Decimal(-2)),
            DEBIT,
        ]
    )
    assert [
        ("entries[2] (credit 'C-2')", "reverses"),
        ("entries[3] (credit 'C-3')", "reverses"),
        ("entries[5] (credit 'C-4')", "quantity"),
        ("entries[6] (claim 'R-1')", "key"),
    ] == [(p.record, p.field) for p in problems]


def test_lumpsum_budgets_cannot_be_changed_through_a_view() -> None:
    """annual_budgets hands out a copy: changing it leaves the model's € 100.00 alone."""
    from jeugdinkoop.funding import FundingModel, Lumpsum
    from jeugdinkoop.io import converter

    model = converter.structure(
        {
            "model": "lumpsum",
            "budgets": [
                {
                    "provider": "12345678",
                    "municipality": "0193",
                    "segment": "AMB",
                    "year": 2025,
                    "amount": "100.00",
                }
            ],
        },
        FundingModel,
    )
    assert isinstance(model, Lumpsum)
    view = model.annual_budgets(2025, None)  # type: ignore[arg-type]
    view.clear()
    assert [Money("100.00")] == list(model.annual_budgets(2025, None).values())  # type: ignore[arg-type]


entries = st.lists(
    st.builds(
        lambda key, kind, amount: attrs.evolve(
            DEBIT, key=key, kind=kind, amount=Money(amount), value=Money(amount)
        ),
        st.sampled_from(["R-1", "R-2", "R-3"]),
        st.sampled_from([EntryKind.CLAIM, EntryKind.ADVANCE]),
        st.integers(min_value=0, max_value=500),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(entries)
def test_a_ledger_loads_exactly_when_its_entries_pass_the_check(items: list[Entry]) -> None:
    """Constructor and check agree: unique kind and key, or an error naming the repeat."""
    keys = [(e.kind, e.key) for e in items]
    problems = check_entries(items)
    if len(set(keys)) == len(keys):
        assert [] == problems
        assert len(items) == len(Ledger(items))
    else:
        assert len(keys) - len(set(keys)) == len(problems)
        with pytest.raises(DuplicateEntry):
            Ledger(items)


def test_reposting_a_settlement_is_explicit() -> None:
    """Settle March 2025 of the example region and post it; posting it again adds nothing.

    ``extend`` refuses the same postings a second time (a kind and key are recorded
    once); ``post`` skips them, since they are equal; settling again leaves no balance.
    """
    from jeugdinkoop.io import load_example_region
    from jeugdinkoop.settlement import settle

    region = load_example_region()
    march = Period.month(2025, 3)
    ledger = Ledger()
    first = settle(ledger, region, march)
    assert first.postings
    assert len(first.postings) == ledger.post(first.postings)
    with pytest.raises(DuplicateEntry):
        ledger.copy().extend(first.postings)
    assert 0 == ledger.post(first.postings)
    assert all(line.balance.is_zero() for line in settle(ledger, region, march).lines)
