"""Monitoring on the seed regions: local rules, care paths, flows, cost per youth.

Every expected number is worked by hand in the test's docstring.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date
from decimal import Decimal

import attrs
import pytest

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import Entry, EntryKind, Ledger
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.io import load_embedded_region
from jeugdinkoop.model import Assignment, Contract, LocalCondition, Procedure, Provider
from jeugdinkoop.money import Money
from jeugdinkoop.monitoring import (
    PSEUDONYM_BITS,
    PSEUDONYM_KEY_VARIABLE,
    average_cost_per_youth,
    care_paths,
    check_assignment_tiers,
    check_max_distance,
    check_min_clients,
    check_new_entrants,
    check_provider_counts,
    flows,
    new_pseudonym_key,
    pseudonym,
    pseudonym_key_from_env,
)
from jeugdinkoop.periods import Period

A, B, C = "100000253", "100000265", "100000289"


def _claim(
    key: str,
    provider: str,
    client: str,
    month: int,
    amount: str,
    *,
    segment: str = "BGB",
    municipality: str = "0200",
    assignment: str = "T-1",
) -> Entry:
    return Entry(
        EntryKind.CLAIM,
        key,
        AGBCode(provider),
        MunicipalityCode(municipality),
        segment,
        Period.month(2026, month),
        Money(amount),
        value=Money(amount),
        assignment=assignment,
        client=BSN(client),
        product=ProductCode("45M01"),
        quantity=Decimal(1),
        unit=Unit.HOUR,
    )


def _credit(key: str, debit: Entry) -> Entry:
    return attrs.evolve(
        debit,
        kind=EntryKind.CREDIT,
        key=key,
        amount=-debit.amount,
        value=-debit.value,
        reverses=debit.key,
    )


def test_min_clients_counts_distinct_clients_not_reversed() -> None:
    """Clients are counted distinct and only when not reversed.

    Apeldoorn BGB needs 3 clients a year. 99400001 serves A (twice) and B: 2 distinct
    clients; C's only line is reversed, so C does not count: flagged with 2. 99400004 has
    3 distinct clients (A, B, C): not flagged. 99400007's contract starts 2027: not in 2026.
    """
    region = load_embedded_region("midden_ijssel")
    reversed_ = _claim("R-4", "99400001", C, 3, "53.50")
    ledger = Ledger(
        [
            _claim("R-1", "99400001", A, 1, "107.00"),
            _claim("R-2", "99400001", A, 2, "107.00"),
            _claim("R-3", "99400001", B, 2, "53.50"),
            reversed_,
            _credit("R-5", reversed_),
            *(_claim(f"S-{i}", "99400004", c, 1, "53.50") for i, c in enumerate((A, B, C))),
        ]
    )
    apeldoorn = [
        f.values
        for f in check_min_clients(region, ledger, 2026)
        if f.values["municipality"] == "0200"
    ]
    assert [
        {
            "clients": "2",
            "minimum": "3",
            "municipality": "0200",
            "provider": "99400001",
            "year": "2026",
        }
    ] == apeldoorn


def test_entry_once_a_year_and_closed_group() -> None:
    """Entry once a year and a closed product group (003:L253, L261).

    Apeldoorn: entry on 1 January only; BGC closed from 2027-01-01. A BGB contract from
    2027-03-15 breaks the entry date (JI-803); a BGC contract from 2027-01-01 enters a closed
    group (JI-802); a BGB contract from 2028-01-01 is fine.
    """
    region = load_embedded_region("midden_ijssel")
    conditions = region.contracts[0].local_conditions
    end = date(2035, 12, 31)
    candidates = [
        Contract(
            reference="X-1",
            provider="99400001",
            procedure=Procedure.OPEN_HOUSE,
            period=Period(date(2027, 3, 15), end),
            municipalities=["0200"],
            segments=["BGB"],
            local_conditions=conditions,
        ),
        Contract(
            reference="X-2",
            provider="99400001",
            procedure=Procedure.OPEN_HOUSE,
            period=Period(date(2027, 1, 1), end),
            municipalities=["0200"],
            segments=["BGC"],
            local_conditions=conditions,
        ),
        Contract(
            reference="X-3",
            provider="99400001",
            procedure=Procedure.OPEN_HOUSE,
            period=Period(date(2028, 1, 1), end),
            municipalities=["0200"],
            segments=["BGB"],
            local_conditions=conditions,
        ),
    ]
    assert [("contract X-1", "JI-803"), ("contract X-2", "JI-802")] == [
        (f.subject, f.code) for f in check_new_entrants(region, candidates)
    ]


def test_provider_threshold_per_product_group() -> None:
    """Thresholds count main contractors per product group (003:L250).

    Apeldoorn BGB allows 3 providers. On 2026-06-01: 99400001, 99400004 = 2. On
    2027-06-01 also 99400007 = 3 (fine). A fourth admitted BGB contract makes 4 > 3.
    """
    region = load_embedded_region("midden_ijssel")
    assert [] == check_provider_counts(region, date(2027, 6, 1))
    extra = Contract(
        reference="X-4",
        provider="99400002",
        procedure=Procedure.OPEN_HOUSE,
        period=Period(date(2027, 1, 1), date(2035, 12, 31)),
        municipalities=["0200"],
        segments=["BGB"],
    )
    more = attrs.evolve(region, contracts=(*region.contracts, extra))
    found = check_provider_counts(more, date(2027, 6, 1))
    assert [("JI-801", "4", "3", "BGB")] == [
        (f.code, f.values["count"], f.values["maximum"], f.values["group"]) for f in found
    ]


def test_max_distance_and_unknown_distance() -> None:
    """Maximum distance per municipality (004:L189).

    Noordoostpolder: ambulant providers at most 25 km. A provider at 48 km is refused
    (JI-805); one without a known distance gets a warning (JI-806); JMV is not ambulant.
    """
    region = load_embedded_region("flevoland")
    far = Provider(agb="99500008", name="Ver Weg (fictief)", distance_km={"0171": 48})
    unknown = Provider(agb="99500009", name="Onbekend (fictief)")
    year = Period(date(2025, 1, 1), date(2025, 12, 31))
    contracts = [
        Contract(
            reference="X-5",
            provider="99500008",
            procedure=Procedure.TENDER,
            period=year,
            municipalities=["0171"],
            segments=["AMB"],
            local_conditions=region.contracts[0].local_conditions,
        ),
        Contract(
            reference="X-6",
            provider="99500009",
            procedure=Procedure.TENDER,
            period=year,
            municipalities=["0171"],
            segments=["AMB"],
        ),
        Contract(
            reference="X-7",
            provider="99500008",
            procedure=Procedure.TENDER,
            period=year,
            municipalities=["0171"],
            segments=["JMV"],
        ),
    ]
    wider = attrs.evolve(
        region,
        providers=(*region.providers, far, unknown),
        contracts=(*region.contracts, *contracts),
    )
    assert [("contract X-5", "JI-805", "48"), ("contract X-6", "JI-806", "")] == [
        (f.subject, f.code, f.values.get("distance", "")) for f in check_max_distance(wider)
    ]


@pytest.mark.parametrize(
    ("municipality", "tier", "codes"),
    [
        ("0184", "midden", []),
        ("0184", "laag", ["JI-807"]),
        ("0034", "hoog", []),
        ("0171", "hoog", ["JI-807"]),
    ],
)
def test_one_tier_municipalities_use_midden(municipality: str, tier: str, codes: list[str]) -> None:
    """Urk (0184) and Noordoostpolder (0171) use only midden (004:L208); Almere uses all."""
    region = load_embedded_region("flevoland")
    assignment = Assignment(
        reference="T-1",
        client=A,
        municipality=municipality,
        provider="99500001",
        category="45",
        period=Period(date(2025, 1, 1), date(2025, 6, 30)),
        product="45F01",
        tier=tier,
    )
    assert codes == [f.code for f in check_assignment_tiers(region, [assignment])]


def _assignments() -> list[Assignment]:
    q1, q2 = (
        Period(date(2025, 1, 1), date(2025, 3, 31)),
        Period(date(2025, 4, 1), date(2025, 9, 30)),
    )
    return [
        Assignment(
            reference="T-1",
            client=A,
            municipality="0184",
            provider="99500004",
            category="45",
            period=q1,
            product="45F01",
        ),
        Assignment(
            reference="T-2",
            client=A,
            municipality="0184",
            provider="99500002",
            category="44",
            period=q2,
            product="44F10",
        ),
        Assignment(
            reference="T-3",
            client=B,
            municipality="0034",
            provider="99500001",
            category="45",
            period=Period(date(2024, 6, 1), date(2026, 5, 31)),
            product="45F02",
        ),
    ]


def test_care_paths_order_duration_cost_and_no_bsn() -> None:
    """Care paths: order, duration and cost per youth, pseudonymised.

    Youth A: 45F01 (Jan-Mar, 90 days) then 44F10 (Apr-Sep, 183 days): 273 days from 1 Jan
    to 30 Sep; cost €645.00 + €2,851.80 = €3,496.80. No row carries the BSN.
    """
    ledger = Ledger(
        [
            _claim(
                "R-1",
                "99500004",
                A,
                3,
                "645.00",
                segment="AMB",
                municipality="0184",
                assignment="T-1",
            ),
            _claim(
                "R-2",
                "99500002",
                A,
                4,
                "2851.80",
                segment="JMV",
                municipality="0184",
                assignment="T-2",
            ),
        ]
    )
    key = new_pseudonym_key()
    paths = {p.youth: p for p in care_paths(_assignments(), ledger, key)}
    path = paths[pseudonym(BSN(A), key)]
    assert (("45F01", "44F10"), 273, Money("3496.80")) == (
        path.products,
        path.days,
        path.total_cost,
    )
    assert [90, 183] == [s.days for s in path.steps]
    rows = [row for p in paths.values() for row in p.rows()]
    assert 3 == len(rows)
    assert all(A not in str(row) and B not in str(row) for row in rows)


def test_flows_per_municipality() -> None:
    """Inflow, throughflow and outflow per municipality.

    2025, Urk: A enters (first start 1 Jan), moves on (T-2 starts 1 Apr), leaves (30 Sep):
    1/1/1/1. Almere: B is in care all year but started in 2024 and ends in 2026: 1/0/0/0.
    """
    assert [("0034", 1, 0, 0, 0), ("0184", 1, 1, 1, 1)] == [
        (f.municipality.value, f.in_care, f.inflow, f.throughflow, f.outflow)
        for f in flows(_assignments(), 2025)
    ]


def test_average_cost_per_youth_per_provider() -> None:
    """Average cost per youth per provider (000:L68).

    99400001: A €107.00 + €107.00, B €53.50, C €53.50 reversed (net 0): €267.50 over 2
    youths = €133.75. 99400004: €53.50 for 1 youth.
    """
    reversed_ = _claim("R-4", "99400001", C, 3, "53.50")
    ledger = Ledger(
        [
            _claim("R-1", "99400001", A, 1, "107.00"),
            _claim("R-2", "99400001", A, 2, "107.00"),
            _claim("R-3", "99400001", B, 2, "53.50"),
            reversed_,
            _credit("R-5", reversed_),
            _claim("S-1", "99400004", A, 1, "53.50"),
        ]
    )
    assert {AGBCode("99400001"): Money("133.75"), AGBCode("99400004"): Money("53.50")} == (
        average_cost_per_youth(ledger, 2026)
    )


def test_pseudonym_refuses_a_key_shorter_than_16_bytes() -> None:
    """15 bytes is refused (with the count in the message), 16 is the least accepted."""
    with pytest.raises(InvalidValue, match="15 bytes, fewer than the 16 random bytes"):
        pseudonym(BSN(A), bytes(15))
    with pytest.raises(InvalidValue, match="0 bytes"):
        care_paths(_assignments(), Ledger(), b"")
    assert 32 == len(pseudonym(BSN(A), bytes(16)))


def test_pseudonym_refuses_a_string_salt() -> None:
    """A word is not a key: a str (the salt of older versions) is refused, not encoded."""
    with pytest.raises(TypeError, match="a str was given"):
        pseudonym(BSN(A), "flevoland-2025-export")  # type: ignore[arg-type]


def test_pseudonym_is_hmac_sha256_kept_at_128_bits() -> None:
    """The pseudonym is the first 32 hex digits (128 bits) of HMAC-SHA256(key, BSN)."""
    key = new_pseudonym_key()
    expected = hmac.new(key, A.encode(), hashlib.sha256).hexdigest()[:32]
    assert expected == pseudonym(BSN(A), key)
    assert 128 == PSEUDONYM_BITS == 4 * len(expected)


def test_pseudonym_key_from_env() -> None:
    """Hex of 32 bytes is read back; unset is None; short or non-hex is refused unshown."""
    key = new_pseudonym_key()
    assert key == pseudonym_key_from_env(environ={PSEUDONYM_KEY_VARIABLE: key.hex()})
    assert pseudonym_key_from_env(environ={}) is None
    assert pseudonym_key_from_env("OTHER", environ={"OTHER": f" {key.hex()}\n"}) == key
    with pytest.raises(InvalidValue, match="8 bytes, fewer than the 16") as short:
        pseudonym_key_from_env(environ={PSEUDONYM_KEY_VARIABLE: "00112233445566ff"})
    assert "00112233445566ff" not in str(short.value)
    with pytest.raises(InvalidValue, match="not hexadecimal") as bad:
        pseudonym_key_from_env(environ={PSEUDONYM_KEY_VARIABLE: "geheim-wachtwoord"})
    assert "geheim" not in str(bad.value)


def test_local_condition_refuses_a_month_13() -> None:
    with pytest.raises(ValueError, match="not a month"):
        LocalCondition("0200", entry_month=13)
