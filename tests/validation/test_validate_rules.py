"""``validate()``: one test per rule, each with the iJw return code and the values named.

Base case, on the example region: assignment T-1 gives provider 22222222 (contract for
45A01, 45A02, 41A01 in every municipality) 10 h a month of 45A01 (€ 78.00/h) in
municipality 0001 for 2025. Claim R-1: 8 h in March 2025 = 8 × 78.00 = € 624.00.

Rules raised only by funding models are tested with their model: JI-403, JI-701..703
(test_output_model.py), JI-404/405/407 (test_effort_model.py), JI-406/705
(test_personal_budget_model.py), JI-704 (test_lumpsum_model.py), JI-706
(test_task_model.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest

from jeugdinkoop.codes import Unit
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment, Claim, Region, TariffTable, Volume
from jeugdinkoop.model.findings import CheckLevel, Finding, MessageClass
from jeugdinkoop.model.records import claim_to_record
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation import RULES, Severity, ValidationReport, validate

CLIENT = "111222333"
OTHER_CLIENT = "100000010"
KOMPAS = "22222222"


def assignment(**changes: Any) -> Assignment:
    base = Assignment(
        reference="T-1",
        client=CLIENT,
        municipality="0001",
        provider=KOMPAS,
        category="45",
        period=Period.year(2025),
        product="45A01",
        volume=Volume(10, Unit.HOUR, "4"),
    )
    return attrs.evolve(base, **changes)


def claim(**changes: Any) -> Claim:
    base = Claim(
        reference="R-1",
        assignment="T-1",
        provider=KOMPAS,
        client=CLIENT,
        municipality="0001",
        product="45A01",
        start=date(2025, 3, 1),
        end=date(2025, 3, 31),
        quantity=8,
        unit=Unit.HOUR,
        amount="624.00",
    )
    return attrs.evolve(base, **changes)


def run(
    claims: list[Any], assignments: list[Assignment] | None = None, region: Region | None = None
) -> ValidationReport:
    return validate(claims, assignments or [assignment()], region or load_example_region())


def only(report: ValidationReport, code: str) -> Finding:
    """The one finding of ``code``; the claim was refused."""
    found = [f for f in report.findings if f.code == code]
    assert 1 == len(found), [str(f) for f in report.findings]
    assert Severity.ERROR == found[0].severity
    assert () == report.accepted
    return found[0]


def test_the_base_case_is_accepted() -> None:
    """8 h × € 78.00 = € 624.00, no findings."""
    report = run([claim()])
    assert ((), Money("624.00")) == (report.findings, report.total_accepted)


# -- JI-1xx: malformed fields (claims as mappings, e.g. CSV rows) ----------------------


def _row(**changes: str) -> dict[str, str]:
    return {**claim_to_record(claim()), **changes}


@pytest.mark.parametrize(
    ("field", "value", "code", "ijw"),
    [
        ("quantity", "acht", "JI-101", None),
        ("start", "31-02-2025", "JI-101", None),
        ("client", "123456789", "JI-102", "0001"),
        ("provider", "1234", "JI-103", None),
        ("municipality", "12", "JI-104", "S300"),
        ("product", "4A", "JI-105", None),
    ],
)
def test_malformed_fields_become_findings(
    field: str, value: str, code: str, ijw: str | None
) -> None:
    """Malformed fields become findings.

    A CSV row with a bad ``field`` is refused with ``code``, subject "claim R-1", the field
    named; the rest of the batch (R-2, € 624.00 in April) goes on.
    """
    good = _row(reference="R-2", start="2025-04-01", end="2025-04-30")
    report = run([_row(**{field: value}), good])
    finding = only_in_rejected(report, code)
    assert (ijw, "claim R-1", field) == (finding.ijw_code, finding.subject, finding.field)
    assert Money("624.00") == report.total_accepted
    if field != "client":
        assert value in finding.message


def only_in_rejected(report: ValidationReport, code: str) -> Finding:
    [rejected] = report.rejected
    assert [code] == [f.code for f in rejected.findings]
    return rejected.findings[0]


def test_a_malformed_bsn_is_masked() -> None:
    """A malformed bsn is masked.

    BSN 123456789 fails the eleven-test: JI-102 shows '*****6789' and never the full
    number.
    """
    report = run([_row(client="123456789")])
    finding = only_in_rejected(report, "JI-102")
    assert "*****6789" == finding.values["value"]
    assert "123456789" not in str(finding)
    assert "123456789" not in finding.message_in("en")


def test_a_row_with_several_bad_fields_lists_each() -> None:
    """Bad provider, municipality and amount in one row → JI-103, JI-104 and JI-101."""
    report = run([_row(provider="x", municipality="y", amount="veel")])
    [rejected] = report.rejected
    assert ["JI-103", "JI-104", "JI-101"] == [f.code for f in rejected.findings]


def test_rows_with_dutch_decimals_and_dates() -> None:
    """Rows with dutch decimals and dates.

    A row with amount '624,00', quantity '8,0' and dates '01-03-2025'/'31-03-2025' is read
    as the base claim and accepted for € 624.00.
    """
    row = _row(amount="624,00", quantity="8,0", start="01-03-2025", end="31-03-2025")
    report = run([row])
    assert Money("624.00") == report.total_accepted


def test_a_record_without_reference_is_named_by_its_position() -> None:
    """The second item, without reference → subject 'record 2' (JI-101, field reference)."""
    report = run([claim(), _row(reference="")])
    [rejected] = report.rejected
    assert ("record 2", "JI-101", "reference") == (
        rejected.subject,
        rejected.findings[0].code,
        rejected.findings[0].field,
    )


def test_misuse_of_the_api_raises() -> None:
    """An item that is neither a Claim nor a mapping is API misuse: TypeError naming item 1."""
    with pytest.raises(TypeError, match="item 1 is a int"):
        run([42])


# -- JI-2xx: assignment match ------------------------------------------------------------


def test_ji_201_unknown_assignment() -> None:
    """Claim on T-9, which is not assigned → JI-201 (9338) naming T-9."""
    finding = only(run([claim(assignment="T-9")]), "JI-201")
    assert ("9338", "T-9") == (finding.ijw_code, finding.values["assignment"])
    assert "T-9" in finding.message


def test_ji_202_provider_differs() -> None:
    """Provider 11111111 claims on 22222222's assignment → JI-202 naming both."""
    finding = only(run([claim(provider="11111111")]), "JI-202")
    assert {"claimed": "11111111", "assigned": KOMPAS} == dict(finding.values)


def test_ji_203_client_differs() -> None:
    """Another client (BSN 100000010) on T-1 → JI-203; the message names no BSN."""
    finding = only(run([claim(client=OTHER_CLIENT)]), "JI-203")
    assert OTHER_CLIENT not in str(finding)


def test_ji_204_municipality_differs() -> None:
    """Municipality 0002 on 0001's assignment → JI-204 naming both."""
    finding = only(run([claim(municipality="0002")]), "JI-204")
    assert {"claimed": "0002", "assigned": "0001"} == dict(finding.values)


def test_ji_205_product_differs() -> None:
    """45A02 claimed (8 × 51.00 = 408.00) on an assignment of 45A01 → JI-205 (9340)."""
    finding = only(run([claim(product="45A02", amount="408.00")]), "JI-205")
    assert ("9340", "45A02", "45A01") == (
        finding.ijw_code,
        finding.values["claimed"],
        finding.values["assigned"],
    )


def test_ji_206_category_differs_on_a_category_only_assignment() -> None:
    """JI-206 category differs on a category only assignment.

    Category-only assignment for 45 (ambulant); 41A01 dagbehandeling is in 41 → JI-206
    (9339).
    """
    category_only = assignment(product=None, volume=None)
    report = run(
        [claim(product="41A01", unit=Unit.DAY_PART, quantity=2, amount="140.00")],
        [category_only],
    )
    finding = only(report, "JI-206")
    assert ("9339", "41", "45") == (
        finding.ijw_code,
        finding.values["claimed"],
        finding.values["assigned"],
    )


def test_ji_207_product_not_in_catalog() -> None:
    """99X99 is not in the productenboek → JI-207 (S329) naming 99X99."""
    report = run([claim(product="99X99")])
    finding = next(f for f in report.findings if f.code == "JI-207")
    assert ("S329", "99X99") == (finding.ijw_code, finding.values["product"])
    assert () == report.accepted


def test_ji_208_municipality_not_in_region() -> None:
    """Municipality 0999 is no member of region voorbeeld → JI-208 (S300)."""
    report = run([claim(municipality="0999")], [assignment(municipality="0999")])
    finding = next(f for f in report.findings if f.code == "JI-208")
    assert ("S300", "0999", "voorbeeld") == (
        finding.ijw_code,
        finding.values["municipality"],
        finding.values["region"],
    )
    assert () == report.accepted


def test_ji_209_category_sent_does_not_fit_the_product() -> None:
    """Category 54 sent with 45A01 (category 45) → JI-209 (S329)."""
    finding = only(run([claim(category="54")]), "JI-209")
    assert ("S329", "54", "45") == (
        finding.ijw_code,
        finding.values["claimed"],
        finding.values["actual"],
    )


# -- JI-3xx: periods ---------------------------------------------------------------------


def test_ji_301_starts_before_the_assignment() -> None:
    """Assigned from 10 March; service from 1 March → JI-301 (9307) naming 2025-03-01."""
    report = run([claim()], [assignment(period=Period(date(2025, 3, 10), date(2025, 12, 31)))])
    finding = only(report, "JI-301")
    assert ("9307", "2025-03-01") == (finding.ijw_code, finding.values["start"])


def test_ji_302_ends_after_the_assignment() -> None:
    """Assigned to 20 March; service to 31 March → JI-302 (9308) naming 2025-03-31."""
    report = run([claim()], [assignment(period=Period(date(2025, 1, 1), date(2025, 3, 20)))])
    finding = only(report, "JI-302")
    assert ("9308", "2025-03-31") == (finding.ijw_code, finding.values["end"])


def test_ji_303_start_after_end() -> None:
    """Service 31 March..1 March → JI-303 naming both dates."""
    finding = only(run([claim(start=date(2025, 3, 31), end=date(2025, 3, 1))]), "JI-303")
    assert ("2025-03-31", "2025-03-01") == (finding.values["start"], finding.values["end"])


def test_ji_304_spans_two_months() -> None:
    """Service 1 March..2 April → JI-304: iJw CS337, level 2, 0001 on the header."""
    finding = only(run([claim(end=date(2025, 4, 2))]), "JI-304")
    assert ("0001", CheckLevel.MESSAGE, MessageClass.HEADER) == (
        finding.ijw_code,
        finding.level,
        finding.placement,
    )
    assert "2025-03-01..2025-04-02" in finding.message


# -- JI-4xx: quantity and unit -------------------------------------------------------------


def test_ji_401_quantity_not_above_zero() -> None:
    """Quantity 0 → JI-401 naming 0."""
    finding = only(run([claim(quantity=0, amount="0.00")]), "JI-401")
    assert "0" == finding.values["quantity"]


def test_ji_402_unit_does_not_fit() -> None:
    """8 pieces (unit 84) on an hourly product → JI-402 (9341) naming both units."""
    finding = only(run([claim(unit=Unit.PIECES_EFFORT)]), "JI-402")
    assert ("9341", Unit.PIECES_EFFORT.label, Unit.HOUR.label) == (
        finding.ijw_code,
        finding.values["claimed"],
        finding.values["assigned"],
    )


def test_ji_404_and_405_carry_their_ijw_codes() -> None:
    """11 h at once → JI-404 (9321); of 10 h in total, 8 h in March then 4 h in April → JI-405 (9322)."""
    single = only(run([claim(quantity=11, amount="858.00")]), "JI-404")
    assert "9321" == single.ijw_code
    april = claim(
        reference="R-2", start=date(2025, 4, 1), end=date(2025, 4, 30), quantity=4, amount="312.00"
    )
    report = run([claim(), april], [assignment(volume=Volume(10, Unit.HOUR, "6"))])
    cumulative = next(f for f in report.findings if f.code == "JI-405")
    assert ("9322", "claim R-2") == (cumulative.ijw_code, cumulative.subject)


# -- JI-5xx: contract, tariff, amount ----------------------------------------------------


def test_ji_501_no_contract() -> None:
    """JI-501 no contract.

    Provider 22222222 has no contract for 54A01 → JI-501 naming provider, product,
    municipality and day.
    """
    report = run(
        [claim(product="54A01", unit=Unit.MINUTE, quantity=60, amount="111.60")],
        [assignment(product="54A01", category="54", volume=Volume(600, Unit.MINUTE, "4"))],
    )
    finding = only(report, "JI-501")
    assert {
        "provider": KOMPAS,
        "product": "54A01",
        "municipality": "0001",
        "day": "2025-03-01",
    } == dict(finding.values)


def test_ji_502_no_tariff_on_that_date() -> None:
    """Without 45A01's 2025 tariff, a claim in March 2025 finds none → JI-502."""
    base = load_example_region()
    tariffs = TariffTable(
        [
            t
            for t in base.tariffs
            if not (t.product.value == "45A01" and t.period.start.year == 2025)
        ]
    )
    report = run([claim()], region=attrs.evolve(base, tariffs=tariffs))
    finding = only(report, "JI-502")
    assert ("45A01", "2025-03-01") == (finding.values["product"], finding.values["day"])


def test_ji_503_amount_differs() -> None:
    """€ 600.00 claimed; 8 × 78.00 = € 624.00 priced → JI-503 (9346) naming both."""
    finding = only(run([claim(amount="600.00")]), "JI-503")
    assert ("9346", str(Money("600.00")), str(Money("624.00"))) == (
        finding.ijw_code,
        finding.values["claimed"],
        finding.values["priced"],
    )


def test_ji_504_claimed_tariff_differs() -> None:
    """ProductTarief € 80.00 sent; contracted € 78.00 → JI-504 (0611) naming both."""
    finding = only(run([claim(tariff="80.00")]), "JI-504")
    assert ("0611", str(Money("80.00")), str(Money("78.00"))) == (
        finding.ijw_code,
        finding.values["claimed"],
        finding.values["contracted"],
    )


def test_ji_504_uses_the_tariff_after_uplift() -> None:
    """JI-504 uses the tariff after uplift.

    Provider 44444444 (2 % uplift) sending € 113.83 (= 111.60 × 1.02 = 113.832, rounded)
    for 60 min (€ 113.83) is accepted.
    """
    a = assignment(
        provider="44444444", product="54A01", category="54", volume=Volume(600, Unit.MINUTE, "4")
    )
    c = claim(
        provider="44444444",
        product="54A01",
        unit=Unit.MINUTE,
        quantity=60,
        amount="113.83",
        tariff="113.83",
    )
    report = run([c], [a])
    assert ((), Money("113.83")) == (report.findings, report.total_accepted)


# -- JI-6xx: duplicates and credits --------------------------------------------------------


def test_ji_601_reference_already_submitted() -> None:
    """R-1 sent twice (8 h in March, 1 h in April) → the second is JI-601 (8021)."""
    april = claim(start=date(2025, 4, 1), end=date(2025, 4, 30), quantity=1, amount="78.00")
    report = run([claim(), april])
    assert [Money("624.00")] == [a.amount for a in report.accepted]
    [finding] = report.findings
    assert ("JI-601", "8021", "R-1") == (
        finding.code,
        finding.ijw_code,
        finding.values["reference"],
    )


def test_ji_601_against_an_earlier_batch() -> None:
    """R-1 accepted in batch 1; R-1 again in batch 2 (ledger passed) → JI-601."""
    first = run([claim()])
    second = validate([claim()], [assignment()], load_example_region(), ledger=first.ledger)
    assert ["JI-601"] == [f.code for f in second.findings]


def test_ji_602_same_content_other_reference() -> None:
    """JI-602 same content other reference.

    R-2 with the same assignment, period, product and quantity as R-1 → JI-602 naming R-1
    (20 h a month assigned, so 8 + 8 = 16 h would fit the volume).
    """
    volume = Volume(20, Unit.HOUR, "4")
    report = run([claim(), claim(reference="R-2")], [assignment(volume=volume)])
    [finding] = report.findings
    assert ("JI-602", "R-1", "claim R-2") == (
        finding.code,
        finding.values["other"],
        finding.subject,
    )


def credit(reference: str = "R-1C", reverses: str = "R-1", **changes: Any) -> Claim:
    return claim(reference=reference, debit_credit="C", reverses=reverses, **changes)


def test_ji_603_credit_without_debit() -> None:
    """A credit reversing R-404, never accepted → JI-603 (8017) naming R-404."""
    finding = only(run([credit(reverses="R-404")]), "JI-603")
    assert ("8017", "R-404") == (finding.ijw_code, finding.values["reverses"])


def test_ji_604_credit_does_not_match() -> None:
    """JI-604 credit does not match.

    Debit R-1 was 8 h / € 624.00; a credit of 7 h / € 546.00 → JI-604 for quantity and
    amount, naming both values.
    """
    first = run([claim()])
    report = validate(
        [credit(quantity=7, amount="546.00")],
        [assignment()],
        load_example_region(),
        ledger=first.ledger,
    )
    assert ["JI-604", "JI-604"] == [f.code for f in report.findings]
    quantity = next(f for f in report.findings if f.field == "quantity")
    assert ("7", "8") == (quantity.values["claimed"], quantity.values["debit"])


def test_ji_605_reversed_twice() -> None:
    """R-1 reversed by R-1C; R-1D reverses it again → JI-605 (9390) naming R-1C."""
    first = run([claim()])
    report = validate(
        [credit(), credit(reference="R-1D")],
        [assignment()],
        load_example_region(),
        ledger=first.ledger,
    )
    assert ["R-1C"] == [a.claim.reference for a in report.accepted]
    [finding] = report.findings
    assert ("JI-605", "9390", "R-1C") == (finding.code, finding.ijw_code, finding.values["other"])


def test_credit_then_corrected_debit_in_the_next_batch() -> None:
    """Credit then corrected debit in the next batch.

    Batch 1: R-1 8 h (€ 624.00). Batch 2: credit R-1C (−€ 624.00) and corrected R-2 of
    10 h (€ 780.00) — the credit is processed first, so 10 h fit the 10 h a month. Batch 3:
    R-3 repeating R-1's content (8 h) after its reversal is no duplicate of R-1, but R-2
    stands for March: a second debit → JI-602 (9389). The ledger nets 624.00 − 624.00 +
    780.00 = € 780.00.
    """
    first = run([claim()])
    corrected = claim(reference="R-2", quantity=10, amount="780.00")
    second = validate(
        [corrected, credit()], [assignment()], load_example_region(), ledger=first.ledger
    )
    assert [("R-1C", Money("-624.00")), ("R-2", Money("780.00"))] == [
        (a.claim.reference, a.amount) for a in second.accepted
    ]
    assert Money("780.00") == Money.sum(e.amount for e in second.ledger)
    third = validate(
        [claim(reference="R-3")], [assignment()], load_example_region(), ledger=second.ledger
    )
    assert [("JI-602", "R-2")] == [(f.code, f.values["other"]) for f in third.findings]


def test_reversed_content_may_be_claimed_again() -> None:
    """Reversed content may be claimed again.

    R-1 accepted, then reversed by R-1C; R-2 with R-1's exact content (8 h, € 624.00) is
    accepted: the reversed debit is no duplicate (no JI-602).
    """
    first = run([claim()])
    second = validate([credit()], [assignment()], load_example_region(), ledger=first.ledger)
    third = validate(
        [claim(reference="R-2")], [assignment()], load_example_region(), ledger=second.ledger
    )
    assert ((), Money("624.00")) == (third.findings, third.total_accepted)


def test_credit_and_its_debit_in_one_batch() -> None:
    """R-1 and its credit R-1C in one batch, credit listed first: both accepted, net € 0.00."""
    report = run([credit(), claim()])
    assert ["R-1", "R-1C"] == [a.claim.reference for a in report.accepted]
    assert Money("0.00") == report.total_accepted


def test_the_input_ledger_is_not_mutated() -> None:
    """Validating batch 2 against batch 1's ledger leaves that ledger's one entry unchanged."""
    first = run([claim()])
    before = first.ledger.entries
    validate(
        [credit(), claim(reference="R-2", quantity=10, amount="780.00")],
        [assignment()],
        load_example_region(),
        ledger=first.ledger,
    )
    assert before == first.ledger.entries
    assert 1 == len(first.ledger)


def test_every_rule_has_a_dutch_and_english_message() -> None:
    """Every rule's Dutch message differs from its English template (it is translated)."""
    untranslated = [
        code
        for code, rule in RULES.items()
        if rule.finding("x", **dict.fromkeys(rule.parameters, "v")).message
        == rule.finding("x", **dict.fromkeys(rule.parameters, "v")).message_in("en")
    ]
    assert [] == untranslated
