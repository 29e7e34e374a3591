"""The one cattrs converter round-trips every model object exactly (STYLE 12, check_roundtrip_io)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.codes import DebitCredit, Frequency, ProductCategory, Unit
from jeugdinkoop.funding import Entry, EntryKind, Ledger
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.io import load_embedded_region, region_from_dict, region_to_dict
from jeugdinkoop.io.converter import converter
from jeugdinkoop.model import (
    Assignment,
    Claim,
    Contract,
    LocalCondition,
    Procedure,
    Provider,
    Refusal,
    Volume,
)
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.testing.strategies import agb_codes, bsns, money, municipality_codes, periods

_products = st.from_regex(r"[0-9A-Z]{5}", fullmatch=True)
_references = st.from_regex(r"[A-Z]-[0-9]{1,6}", fullmatch=True)


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    """Any well-formed debit or credit line (start may even be after end: a claim records what was sent)."""
    credit = draw(st.booleans())
    return Claim(
        reference=draw(_references),
        assignment=draw(_references),
        provider=draw(agb_codes()),
        client=draw(bsns()),
        municipality=draw(municipality_codes()),
        product=draw(_products),
        start=draw(st.dates(date(2024, 1, 1), date(2026, 12, 31))),
        end=draw(st.dates(date(2024, 1, 1), date(2026, 12, 31))),
        quantity=draw(st.decimals(-100, 1000, places=2)),
        unit=draw(st.sampled_from(list(Unit))),
        amount=draw(money()),
        debit_credit=DebitCredit.CREDIT if credit else DebitCredit.DEBIT,
        reverses=draw(_references) if credit else None,
        category=draw(st.none() | st.sampled_from([c for c in ProductCategory if not c.is_legacy])),
        declaration=draw(st.none() | _references),
        tariff=draw(st.none() | money()),
    )


@st.composite
def assignments(draw: st.DrawFn) -> Assignment:
    """Any assignment shape iJw allows: a volume, a budget, or a category only."""
    period = draw(periods(open_ended=False))
    shape = draw(st.sampled_from(["volume", "budget", "category"]))
    return Assignment(
        reference=draw(_references),
        client=draw(bsns()),
        municipality=draw(municipality_codes()),
        provider=draw(agb_codes()),
        category=draw(st.sampled_from([c for c in ProductCategory if not c.is_legacy])),
        period=period,
        product=None if shape == "category" else draw(_products),
        volume=Volume(draw(st.integers(1, 100)), Unit.HOUR, Frequency.PER_MONTH)
        if shape == "volume"
        else None,
        budget=draw(money()) if shape == "budget" else None,
        tier=draw(st.none() | st.sampled_from(["laag", "midden", "hoog"])),
    )


@settings(max_examples=50, deadline=None, database=None)
@given(claims())
def test_claim_roundtrip(claim: Claim) -> None:
    """Unstructure → structure gives the same claim; the BSN travels in full, dates as ISO text."""
    data = converter.unstructure(claim)
    assert claim.start.isoformat() == data["start"]
    assert claim.client.reveal() == data["client"]
    assert claim == converter.structure(data, Claim)


@settings(max_examples=50, deadline=None, database=None)
@given(assignments())
def test_assignment_roundtrip(assignment: Assignment) -> None:
    """Unstructure → structure gives the same assignment, money as decimal strings."""
    data = converter.unstructure(assignment)
    if assignment.budget is not None:
        assert str(assignment.budget.amount) == data["budget"]
    assert assignment == converter.structure(data, Assignment)


def test_ledger_roundtrip_keeps_order_and_indexes() -> None:
    """A ledger comes back with the same entries in the same order, and its indexes rebuilt.

    Two entries on assignment T-1 (€ 100.00 and a credit of −€ 100.00): after the round
    trip the assignment still has both, and the credit still names what it reverses.
    """
    period = Period.month(2025, 3)
    debit = Entry(
        EntryKind.CLAIM,
        "R-1",
        AGBCode("12345678"),
        MunicipalityCode("0193"),
        "AMB",
        period,
        Money("100.00"),
        Money("100.00"),
        assignment="T-1",
        quantity=Decimal(2),
        unit=Unit.HOUR,
    )
    credit = Entry(
        EntryKind.CREDIT,
        "R-2",
        debit.provider,
        debit.municipality,
        "AMB",
        period,
        Money("-100.00"),
        Money("-100.00"),
        assignment="T-1",
        quantity=Decimal(-2),
        unit=Unit.HOUR,
        reverses="R-1",
    )
    ledger = Ledger([debit, credit])
    again = converter.structure(converter.unstructure(ledger), Ledger)
    assert ledger == again
    assert (debit, credit) == tuple(again.for_assignment("T-1"))
    assert credit == again.reversal_of("R-1")


@given(
    sufficient=st.none() | st.integers(0, 50),
    minimum=st.none() | st.integers(0, 50),
    marks=st.lists(st.from_regex(r"[a-z-]{1,12}", fullmatch=True), max_size=3),
    duty=st.booleans(),
)
@settings(max_examples=30)
def test_seed_rule_fields_round_trip(
    sufficient: int | None, minimum: int | None, marks: list[str], duty: bool
) -> None:
    """The seed-rule fields (sufficient supply, scarcity, quality marks, acceptance duty) survive."""
    condition = LocalCondition(
        municipality="0200",
        segments=["BGB"],
        sufficient_providers=sufficient,
        min_providers=minimum,
        quality_marks=marks,
    )
    provider = Provider(
        agb="99400002", name="P", quality_marks=marks, identity=marks[0] if marks else None
    )
    contract = Contract(
        reference="C-1",
        provider="99400002",
        procedure=Procedure.OPEN_HOUSE,
        period=Period.year(2026),
        municipalities=["0200"],
        segments=["BGB"],
        local_conditions=[condition],
        acceptance_duty=duty,
        contribution="crisisroute" if duty else "",
    )
    refusal = Refusal(assignment="T-1", provider="99400002", day=date(2026, 3, 3), reason="vol")
    for value in (condition, provider, contract, refusal):
        assert value == converter.structure(converter.unstructure(value), type(value))


def test_embedded_regions_with_seed_rules_round_trip() -> None:
    """Regions using the seed-rule fields re-read equal from their own dicts.

    Midden-IJssel (sufficient supply, quality, scarcity), Zuid-Limburg (duty), Flevoland
    (grondslag, building blocks), IJsselland (a region-wide condition, the contribution).
    """
    for code in ("midden_ijssel", "zuid_limburg", "flevoland", "ijsselland"):
        region = load_embedded_region(code)
        again = region_from_dict(region_to_dict(region), code)
        assert region.contracts == again.contracts
        assert region.providers == again.providers
        assert region.tariffs == again.tariffs
