"""The seed regions' remaining rules: closing product groups, quality, scarcity, one tier.

Every expected number is worked by hand in the test's docstring.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import BudgetBasis, Entry, EntryKind, Ledger, budget_for
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.io import load_embedded_region, region_from_dict, region_to_dict
from jeugdinkoop.model import (
    Assignment,
    Block,
    Contract,
    LocalCondition,
    Procedure,
    Provider,
    Refusal,
    Region,
    Tariff,
    TariffTable,
)
from jeugdinkoop.money import Money
from jeugdinkoop.monitoring import (
    check_assignment_entry,
    check_identity,
    check_local_rules,
    check_new_entrants,
    check_quality_marks,
    check_refusals,
    check_scarcity,
    check_uplifts,
    last_whole_year,
    refusal_rates,
)
from jeugdinkoop.periods import Period

END = date(2035, 12, 31)
APELDOORN, ZUTPHEN = MunicipalityCode("0200"), MunicipalityCode("0301")


def _bgb(reference: str, provider: str, start: date, *where: str) -> Contract:
    return Contract(
        reference=reference,
        provider=provider,
        procedure=Procedure.OPEN_HOUSE,
        period=Period(start, END),
        municipalities=list(where or ("0200",)),
        segments=["BGB"],
    )


def _with(region: Region, *contracts: Contract) -> Region:
    return attrs.evolve(region, contracts=(*region.contracts, *contracts))


def test_group_closes_at_sufficient_supply_and_reopens() -> None:
    """Apeldoorn BGB is sufficient at 3 providers (003:L261; 3 is ours).

    On 2028-01-01 99400001, 99400004 and 99400007 are contracted for BGB there: 3 >= 3, so
    99400002's contract from that day is refused (JI-808, count 3). When 99400004's
    contract ends on 2027-12-31, 2 remain on 2028-01-01: 2 < 3, the group is open again
    and the same contract is admitted.
    """
    region = load_embedded_region("midden_ijssel")
    applicant = _bgb("X-8", "99400002", date(2028, 1, 1))
    found = check_new_entrants(_with(region, applicant), [applicant])
    assert [("contract X-8", "JI-808", "3", "3", "BGB")] == [
        (f.subject, f.code, f.values["count"], f.values["sufficient"], f.values["group"])
        for f in found
    ]
    ending = tuple(
        attrs.evolve(c, period=Period(c.period.start, date(2027, 12, 31)))
        if c.provider == AGBCode("99400004")
        else c
        for c in region.contracts
    )
    reopened = _with(attrs.evolve(region, contracts=ending), applicant)
    assert [] == check_new_entrants(reopened, [applicant])


def test_a_renewal_is_no_new_entrant() -> None:
    """A provider already contracted for the group the day before is no new entrant.

    With 99400002 also contracted for BGB in Apeldoorn from 2026 (admitted then: 2 others
    < 3), on 2028-01-01 99400001, 99400002, 99400004 and 99400007 hold BGB there. A further
    contract of 99400001 from that day sees 3 others (>= 3) but 99400001 held BGB on
    2027-12-31: no JI-808. A contract of 99400003, new to the group, sees 4: JI-808.
    """
    region = _with(
        load_embedded_region("midden_ijssel"), _bgb("X-11", "99400002", date(2026, 1, 1))
    )
    renewal = _bgb("X-12", "99400001", date(2028, 1, 1))
    newcomer = _bgb("X-13", "99400003", date(2028, 1, 1))
    wider = _with(region, renewal, newcomer)
    assert [("contract X-13", "4")] == [
        (f.subject, f.values["count"])
        for f in check_new_entrants(wider, [renewal, newcomer])
        if f.code == "JI-808"
    ]


def test_assignment_to_a_closed_out_entrant_is_refused_only_where_closed() -> None:
    """A closed-out entrant's assignment is refused where the group was closed.

    X-8 (99400002, BGB in Apeldoorn and Zutphen from 2028) is refused in Apeldoorn only
    (Zutphen sets no sufficient supply). Its assignment in Apeldoorn gets JI-809; the one
    in Zutphen none.
    """
    region = _with(
        load_embedded_region("midden_ijssel"),
        _bgb("X-8", "99400002", date(2028, 1, 1), "0200", "0301"),
    )
    period = Period(date(2028, 2, 1), date(2028, 6, 30))
    assignments = [
        Assignment(
            reference=f"T-{m}",
            client="100000253",
            municipality=m,
            provider="99400002",
            category="45",
            period=period,
            product="45M01",
        )
        for m in ("0200", "0301")
    ]
    found = check_assignment_entry(region, assignments)
    assert [("assignment T-0200", "JI-809", "X-8")] == [
        (f.subject, f.code, f.values["contract"]) for f in found
    ]


def test_quality_marks_per_product_group() -> None:
    """Apeldoorn asks kwaliteitsstatuut-ggz for GGZ (003:L252; the mark is ours).

    99400002 (the only GGZ provider) shows it: no finding. Without it, one JI-810 for its
    contract MIJOV-2026-002 in Apeldoorn only (the other seven municipalities ask nothing).
    """
    region = load_embedded_region("midden_ijssel")
    assert [] == check_quality_marks(region)
    bare = attrs.evolve(
        region,
        providers=tuple(
            attrs.evolve(p, quality_marks=()) if p.agb == AGBCode("99400002") else p
            for p in region.providers
        ),
    )
    found = check_quality_marks(bare)
    assert [("contract MIJOV-2026-002", "JI-810", "0200", "kwaliteitsstatuut-ggz")] == [
        (f.subject, f.code, f.values["municipality"], f.values["mark"]) for f in found
    ]


def test_scarcity_is_flagged_until_enough_providers() -> None:
    """Apeldoorn wants at least 2 dyslexia providers (003:L254; 2 is ours).

    On 2026-06-01 only 99400006: 1 < 2, one JI-811. A second DYS contract (99400005) from
    2026-01-01 makes 2: no finding.
    """
    region = load_embedded_region("midden_ijssel")
    on = date(2026, 6, 1)
    assert [("JI-811", "1", "2", "DYS")] == [
        (f.code, f.values["count"], f.values["minimum"], f.values["group"])
        for f in check_scarcity(region, on)
    ]
    second = Contract(
        reference="X-10",
        provider="99400005",
        procedure=Procedure.OPEN_HOUSE,
        period=Period(date(2026, 1, 1), END),
        municipalities=["0200"],
        segments=["DYS"],
    )
    assert [] == check_scarcity(_with(region, second), on)


def test_client_minimum_is_judged_per_whole_calendar_year() -> None:
    """Apeldoorn BGB wants 3 clients a year; 99400001 has one client in March 2026.

    On 2026-03-31 the last whole year is 2025, when no contract held: no JI-804 (the year
    2026 is not judged in March). On 2026-12-31, 2026 is whole: 99400001 (1 client) and
    99400004 (0) in Apeldoorn BGB are flagged, among the other JI-804s.
    """
    region = load_embedded_region("midden_ijssel")
    entry = Entry(
        EntryKind.CLAIM,
        "R-1",
        AGBCode("99400001"),
        APELDOORN,
        "BGB",
        Period.month(2026, 3),
        Money("53.50"),
        value=Money("53.50"),
        assignment="T-1",
        client=BSN("100000253"),
        product=ProductCode("45M01"),
        quantity=Decimal(1),
        unit=Unit.HOUR,
    )
    ledger = Ledger([entry])
    march = check_local_rules(region, date(2026, 3, 31), ledger)
    assert [] == [f for f in march if f.code == "JI-804"]
    december = check_local_rules(region, date(2026, 12, 31), ledger)
    apeldoorn = sorted(
        (f.values["provider"], f.values["clients"])
        for f in december
        if f.code == "JI-804" and f.values["municipality"] == "0200"
    )
    assert [("99400001", "1"), ("99400004", "0")] == apeldoorn
    assert (2025, 2026) == (
        last_whole_year(date(2026, 12, 30)),
        last_whole_year(date(2026, 12, 31)),
    )


@given(
    others=st.integers(min_value=0, max_value=5),
    sufficient=st.integers(min_value=0, max_value=5),
)
def test_new_entrant_refused_exactly_at_sufficient_supply(others: int, sufficient: int) -> None:
    """With k providers contracted and sufficient supply s, a new entrant is refused iff k >= s."""
    condition = LocalCondition(municipality="0200", sufficient_providers=sufficient)
    base = load_embedded_region("midden_ijssel")
    agbs = [f"9930000{i}" for i in range(others + 1)]
    providers = [Provider(agb=a, name=f"P{a}") for a in agbs]
    contracts = [
        attrs.evolve(_bgb(f"K-{i}", a, date(2026, 1, 1)), local_conditions=(condition,))
        for i, a in enumerate(agbs[:-1])
    ]
    applicant = attrs.evolve(
        _bgb("K-new", agbs[-1], date(2027, 1, 1)), local_conditions=(condition,)
    )
    region = attrs.evolve(base, providers=providers, contracts=(*contracts, applicant))
    refused = [f.code for f in check_new_entrants(region, [applicant])]
    assert (others >= sufficient) == ("JI-808" in refused)


def _zl_assignment(reference: str, provider: str, municipality: str = "0917") -> Assignment:
    return Assignment(
        reference=reference,
        client="100000253",
        municipality=municipality,
        provider=provider,
        category="45",
        period=Period(date(2025, 3, 1), date(2025, 8, 31)),
        product="45Z10",
    )


def test_refusal_rates_per_provider_and_municipality() -> None:
    """99300001 holds T-1, T-2 in Heerlen and T-3 in Maastricht; it refuses T-1 twice and T-3.

    Heerlen: 1 distinct refused of 2 = 50 %; Maastricht: 1 of 1 = 100 %. A refusal of T-2
    by another provider does not count (it does not hold T-2).
    """
    held = [
        _zl_assignment("T-1", "99300001"),
        _zl_assignment("T-2", "99300001"),
        _zl_assignment("T-3", "99300001", "0935"),
    ]
    day = date(2025, 3, 3)
    refusals = [
        Refusal(assignment="T-1", provider="99300001", day=day, reason="geen capaciteit"),
        Refusal(assignment="T-1", provider="99300001", day=day, reason="nog steeds vol"),
        Refusal(assignment="T-3", provider="99300001", day=day, reason="te ver"),
        Refusal(assignment="T-2", provider="99300002", day=day, reason="niet van ons"),
    ]
    assert [("0917", 2, 1, Decimal(50)), ("0935", 1, 1, Decimal(100))] == [
        (r.municipality.value, r.assigned, r.refused, r.rate_pct)
        for r in refusal_rates(refusals, held)
    ]


def test_refusal_under_the_duty_is_reported_only_while_the_contract_holds() -> None:
    """A refusal is reported against the contract that carries the duty.

    ZL-2023-AMB-001 (acceptance duty) runs 2023-2028: a refusal on 2025-03-03 is JI-812;
    without the duty on the contract, nothing is reported.
    """
    region = load_embedded_region("zuid_limburg")
    refusal = Refusal(
        assignment="T-1", provider="99300001", day=date(2025, 3, 3), reason="geen capaciteit"
    )
    held = [_zl_assignment("T-1", "99300001")]
    found = check_refusals(region, [refusal], held)
    assert [("JI-812", "ZL-2023-AMB-001", "0917")] == [
        (f.code, f.values["contract"], f.values["municipality"]) for f in found
    ]
    no_duty = attrs.evolve(
        region, contracts=tuple(attrs.evolve(c, acceptance_duty=False) for c in region.contracts)
    )
    assert [] == check_refusals(no_duty, [refusal], held)


def test_refusal_record_names_a_bad_field() -> None:
    """An empty reason is refused, naming the record and the field."""
    with pytest.raises(InvalidValue, match=r"Refusal 'T-1'\.reason"):
        Refusal(assignment="T-1", provider="99300001", day=date(2025, 3, 3), reason="")


# -- Flevoland: building blocks (004:L209) ----------------------------------------------
FROM_2025 = Period(date(2025, 1, 1), None)


def _blocks() -> list[Block]:
    return [
        Block(product="45F01", quantity="2", tier="midden"),
        Block(product="45F02", quantity="0.5", tier="midden"),
    ]


def _plain() -> list[Tariff]:
    return [
        Tariff(product="45F01", rate="64.50", unit=Unit.HOUR, period=FROM_2025, tier="midden"),
        Tariff(product="45F02", rate="93.65", unit=Unit.HOUR, period=FROM_2025, tier="midden"),
    ]


def test_composed_tariff_is_the_sum_of_its_blocks_rounded_once() -> None:
    """2 × €64.50 + 0.5 × €93.65 = €129.00 + €46.825 = €175.825, half up once: €175.83."""
    table = TariffTable(_plain())
    assert Money("175.83") == table.composed_rate(_blocks(), FROM_2025)
    right = Tariff(
        product="50F90", rate="175.83", unit=Unit.PIECES_EFFORT, period=FROM_2025, blocks=_blocks()
    )
    assert Money("175.83") == TariffTable([*_plain(), right]).rate("50F90", date(2025, 3, 1))


def test_composed_tariff_refuses_a_rate_other_than_its_blocks() -> None:
    """A hand-summed €175.82 (rounded per block: 129.00 + 46.82) is refused, naming both."""
    wrong = Tariff(
        product="50F90", rate="175.82", unit=Unit.PIECES_EFFORT, period=FROM_2025, blocks=_blocks()
    )
    with pytest.raises(InvalidValue, match=r"50F90.*175\.82.*add up to 175\.83"):
        TariffTable([*_plain(), wrong])


def test_block_tariff_must_hold_for_the_whole_arrangement() -> None:
    """A block tariff ending 2025-12-31 cannot price an arrangement open from 2025."""
    ending = [
        Tariff(
            product="45F01", rate="64.50", unit=Unit.HOUR, period=Period.year(2025), tier="midden"
        ),
        _plain()[1],
    ]
    arrangement = Tariff(
        product="50F90", rate="175.83", unit=Unit.PIECES_EFFORT, period=FROM_2025, blocks=_blocks()
    )
    with pytest.raises(InvalidValue, match=r"45F01.*ends 2025-12-31"):
        TariffTable([*ending, arrangement])


def test_flevoland_arrangement_is_priced_from_its_blocks() -> None:
    """The region file leaves 50F90's rate out: 2 × €64.50 + 1 × €93.60 = €222.60 a week.

    Re-read from its own dict the rate is written out, and checked against the blocks.
    """
    region = load_embedded_region("flevoland")
    (tariff,) = region.tariffs.for_product("50F90")
    assert (Money("222.60"), 2) == (tariff.rate, len(tariff.blocks))
    again = region_from_dict(region_to_dict(region), "flevoland")
    assert region.tariffs == again.tariffs


def test_grondslag_condition_flags_other_identities() -> None:
    """Urk asks for grondslag christelijk for AMB (004:L189; ours).

    Ambulant providers contracted in Urk: 99500001 (none stated), 99500004 (christelijk),
    99500006 (none): two JI-814. Giving 99500001 "christelijk" and 99500006 "humanistisch"
    leaves one, for 99500006, naming its grondslag.
    """
    region = load_embedded_region("flevoland")
    assert [("99500001", "-"), ("99500006", "-")] == [
        (f.values["provider"], f.values["identity"]) for f in check_identity(region)
    ]
    given_ = {"99500001": "christelijk", "99500006": "humanistisch"}
    stated = attrs.evolve(
        region,
        providers=tuple(
            attrs.evolve(p, identity=given_.get(p.agb.value, p.identity)) for p in region.providers
        ),
    )
    assert [("99500006", "humanistisch")] == [
        (f.values["provider"], f.values["identity"]) for f in check_identity(stated)
    ]


# -- IJsselland: the HSWV cap (000:L356) and the uplift for a contribution (000:L258) -----
def _hswv(reference: str, provider: str, start: date) -> Contract:
    return Contract(
        reference=reference,
        provider=provider,
        procedure=Procedure.OPEN_HOUSE,
        period=Period(start, date(2026, 12, 31)),
        municipalities=["0193", "0150"],
        segments=["HSW"],
    )


def test_hswv_open_house_is_capped_region_wide() -> None:
    """IJsselland caps HSWV at 2 providers in every municipality (the number is ours).

    The region file writes the condition once (municipality "all"): it holds in all 11.
    99100004 holds HSW; a second provider (99100002) from 2026-01-01 sees 1 other < 2:
    admitted. A third (99100001) from 2026-07-01 sees 2 others >= 2: refused in both its
    municipalities (JI-808 twice, Zwolle 0193 and Deventer 0150).
    """
    region = load_embedded_region("ijsselland")
    (hsw,) = [c for c in region.contracts if c.segments == ("HSW",)]
    assert 11 == len(hsw.local_conditions)
    second = _hswv("X-20", "99100002", date(2026, 1, 1))
    third = _hswv("X-21", "99100001", date(2026, 7, 1))
    wider = _with(region, second, third)
    assert [] == check_new_entrants(_with(region, second), [second])
    assert [("contract X-21", "0150"), ("contract X-21", "0193")] == sorted(
        (f.subject, f.values["municipality"])
        for f in check_new_entrants(wider, [second, third])
        if f.code == "JI-808"
    )


def test_uplift_only_with_a_stated_contribution() -> None:
    """RSJ-2025-AJH-003 has a 6 % uplift for its HSWV outflow and crisis route: fine.

    With the contribution taken away the same contract is flagged (JI-815, uplift 6).
    """
    region = load_embedded_region("ijsselland")
    assert [] == check_uplifts(region)
    bare = attrs.evolve(
        region, contracts=tuple(attrs.evolve(c, contribution="") for c in region.contracts)
    )
    assert [("contract RSJ-2025-AJH-003", "6")] == [
        (f.subject, f.values["uplift"]) for f in check_uplifts(bare)
    ]


def test_budget_for_each_way_and_what_it_lacks() -> None:
    """IJsselland's matrix (ours): zwaar × hoog €8,000.00.

    Matrix €8,000.00; combination with an offer of €1,250.50: €9,250.50; offer alone
    €2,000.00; clarification phase with €750.00 for the clarification: €750.00. Without a
    matrix, or with a cell it lacks, the matrix ways are refused, naming the basis.
    """
    matrix = load_embedded_region("ijsselland").funding_of("AJH").matrix  # type: ignore[attr-defined]
    cell = {"matrix": matrix, "profile": "zwaar", "intensity": "hoog"}
    assert [Money("8000.00"), Money("9250.50"), Money("2000.00"), Money("750.00")] == [
        budget_for("matrix", **cell),
        budget_for("combinatie", **cell, offer=Money("1250.50")),
        budget_for("offerte", offer=Money("2000.00")),
        budget_for(BudgetBasis.CLARIFICATION, offer=Money("750.00")),
    ]
    with pytest.raises(InvalidValue, match=r"budget_for\('matrix'\): needs the matrix"):
        budget_for("matrix", profile="zwaar", intensity="hoog")
    with pytest.raises(InvalidValue, match=r"no cell for profile 'zwaar' and intensity 'midden'"):
        budget_for("combinatie", matrix=matrix, profile="zwaar", intensity="midden")
