"""JW323 in, JW325 out: hand-worked answers, every level, and TR342 as a property.

The region is the embedded example (Regio Voorbeeld): provider 22222222 (Praktijk
Kompas) is contracted for 45A01 (€ 78.00 per hour in 2025) and 45A02 (€ 51.00). The
JW301 assigns 1001: 45A01, 8 hours per month in 2025 to client 100000010; and 1002:
45A02, 3 hours per week from February to July 2025 to client 100000022.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ijw_build import (
    CLIENT,
    OTHER_CLIENT,
    assigned_product,
    jw301,
    line,
    message,
    xsd_valid,
)

from jeugdinkoop.funding import Ledger
from jeugdinkoop.ijw import (
    ClaimAnswer,
    ClaimMessage,
    ServiceLine,
    answer_claim_message,
    previous_declaration_period,
    read_assignments,
    read_claim_message,
    read_message,
    write_jw323,
)
from jeugdinkoop.ijw import answer as answer_module
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment
from jeugdinkoop.model.findings import CheckLevel, MessageClass, Rule, Severity
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import MessageRecord
from jeugdinkoop.validation import ValidationReport

REGION = load_example_region()
ASSIGNMENTS = read_assignments(jw301([assigned_product(1001)], bsn=CLIENT)) + read_assignments(
    jw301(
        [
            assigned_product(
                1002, code="45A02", start="2025-02-01", end="2025-07-31", volume=(3, "04", "2")
            )
        ],
        bsn=OTHER_CLIENT,
        identification="T-M-2",
    )
)
DAY = date(2025, 4, 8)

R1 = line()  # 8 h × € 78.00 = € 624.00
R2 = line(
    bsn=OTHER_CLIENT,
    reference="R-2",
    assignment=1002,
    product="45A02",
    volume=12,
    tariff=Money("51.00"),
    amount=Money("612.00"),
)  # 12 h × € 51.00 = € 612.00


def check(msg: ClaimMessage, ledger: Ledger | None = None) -> ClaimAnswer:
    """Answer through the XML, as a municipal system would, and check the JW325 with the XSD."""
    parsed = read_claim_message(write_jw323(msg))
    answer = answer_claim_message(parsed, ASSIGNMENTS, REGION, ledger, received=DAY)
    jw325 = answer.to_jw325(day=DAY)
    assert xsd_valid("JW325", jw325), jw325.decode()
    assert "JW325" == read_message(jw325, expect=("JW325",)).kind
    return answer


def tr342(answer: ClaimAnswer) -> bool:
    rejected = Money.sum(r.line.signed_amount for r in answer.rejected)
    return rejected == answer.submitted - answer.granted


def test_everything_granted_is_8001_with_no_clients() -> None:
    """€ 624.00 + € 612.00 = € 1,236.00 submitted and granted; the JW325 lists no line."""
    answer = check(message([R1, R2]))
    assert ("0200",) == answer.header_codes
    assert ("8001",) == answer.declaration_codes
    assert Money("1236.00") == answer.submitted == answer.granted
    assert () == answer.rejected
    jw325 = answer.to_jw325(day=DAY).decode()
    assert "<jw325:Clienten>" not in jw325
    assert "<ijw:TotaalBedrag>123600</ijw:TotaalBedrag>" in jw325
    assert answer.all_granted
    assert tr342(answer)
    assert 2 == len(answer.ledger)
    record = answer.ledger.message("22222222", "JW323", "M-1")
    assert record is not None
    assert ("D1", 2, DAY) == (record.declaration, record.lines, record.received)


def test_a_refused_line_is_listed_whole_with_its_code_and_the_rest_is_granted() -> None:
    """R-2 on unknown assignment 9999: 9338. Granted € 1,236.00 − € 612.00 = € 624.00."""
    answer = check(message([R1, attrs.evolve(R2, assignment=9999)]))
    assert ("0200",) == answer.declaration_codes
    assert Money("624.00") == answer.granted
    [rejected] = answer.rejected
    assert ("R-2", ("9338",)) == (rejected.line.reference, rejected.codes)
    assert ["JI-201"] == [f.code for f in rejected.findings]
    jw325 = answer.to_jw325(day=DAY).decode()
    assert jw325.count("<jw325:Prestatie>") == 1
    assert f"<jw325:Bsn>{OTHER_CLIENT}</jw325:Bsn>" in jw325
    assert f"<jw325:Bsn>{CLIENT}</jw325:Bsn>" not in jw325
    assert "<ijw:TotaalBedrag>62400</ijw:TotaalBedrag>" in jw325
    assert tr342(answer)
    assert 1 == len(answer.ledger)


def test_level_2_gives_a_header_only_answer_with_0001() -> None:
    """TR358: a total of € 1,000.00 for lines adding up to € 624.00 refuses the message."""
    answer = check(message([R1], total=Money("1000.00")))
    assert (CheckLevel.MESSAGE, ("0001",), ()) == (
        answer.level,
        answer.header_codes,
        answer.declaration_codes,
    )
    [finding] = answer.findings
    assert ("JI-910", ("TR358",), MessageClass.HEADER) == (
        finding.code,
        finding.rule.standard,
        finding.rule.placement,
    )
    jw325 = answer.to_jw325(day=DAY).decode()
    assert "<jw325:DeclaratieAntwoord>" not in jw325
    assert "<jw325:RetourCode>0001</jw325:RetourCode>" in jw325
    assert 0 == len(answer.ledger), "nothing booked"
    record = answer.ledger.message("22222222", "JW323", "M-1")
    assert record is not None
    assert "" == record.declaration, "the number stays free"


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        ([R1, attrs.evolve(R2, reference="R-1")], "JI-912"),  # TR101
        ([R1, attrs.evolve(R1, reference="R-1b")], "JI-915"),  # TR416
        ([R1, line(reference="C-1", previous="R-1", debit_credit="C")], "JI-914"),  # TR316
        (
            [
                line(reference="C-1", previous="X", debit_credit="C"),
                line(reference="C-2", previous="X", debit_credit="C", start=date(2025, 3, 2)),
            ],
            "JI-913",
        ),  # TR315
        ([line(end=date(2025, 4, 2))], "JI-916"),  # CS337
        ([line(start=date(2025, 3, 20), end=date(2025, 3, 2))], "JI-926"),
        ([line(tariff=None)], "JI-920"),  # CD087
        ([line(unit="83", tariff=None, volume=62300)], "JI-921"),  # CS339
        ([line(bsn="100000011")], "JI-918"),  # CS002
        ([line(amount=Money(0), reference="C", previous="R-0", debit_credit="C")], "JI-922"),
        ([line(start=date(2020, 12, 1), end=date(2020, 12, 31))], "JI-923"),  # CS100
    ],
)
def test_level_2_rules(lines: list[ServiceLine], code: str) -> None:
    answer = check(message(lines))
    assert code in [f.code for f in answer.findings]
    assert ("0001",) == answer.header_codes
    assert all(f.rule.level is CheckLevel.MESSAGE for f in answer.findings)


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"period_end": date(2025, 4, 30)}, "JI-917"),  # CS340
        ({"signed_on": date(2025, 4, 6)}, "JI-924"),  # TR137: after the message date
        ({"signed_on": date(2025, 2, 27)}, "JI-924"),  # TR137: before the period
    ],
)
def test_level_2_rules_on_the_declaration(changes: dict[str, Any], code: str) -> None:
    answer = check(message([R1], **changes))
    assert [code] == [f.code for f in answer.findings]


def test_a_message_id_seen_before_is_refused_in_the_header_with_9056() -> None:
    first = check(message([R1]))
    again = check(message([R2], declaration="D2"), first.ledger)
    assert (("9056",), ()) == (again.header_codes, again.declaration_codes)
    [finding] = again.findings
    assert (CheckLevel.ACROSS, MessageClass.HEADER) == (finding.rule.level, finding.rule.placement)
    assert again.ledger == first.ledger
    assert "processed before on 2025-04-08, nothing booked" in finding.message_in("en")
    assert "al eerder verwerkt op 2025-04-08, niets geboekt" in finding.message


def test_a_declaration_number_used_before_is_refused_with_9333_and_nothing_granted() -> None:
    first = check(message([R1]))
    again = check(message([R2], identification="M-2"), first.ledger)
    assert (("0200",), ("9333",)) == (again.header_codes, again.declaration_codes)
    assert Money(0) == again.granted
    assert "<jw325:Clienten>" not in again.to_jw325(day=DAY).decode()
    assert again.ledger.message("22222222", "JW323", "M-2") is not None
    assert 1 == len(again.ledger), "R-2 not booked"


def test_the_ledger_given_is_left_untouched() -> None:
    ledger = Ledger()
    answer = check(message([R1]), ledger)
    assert (0, 1) == (len(ledger), len(answer.ledger))
    assert () == ledger.messages


def dated(msg: ClaimMessage, day: date) -> ClaimMessage:
    """``msg`` with its message date (header Dagtekening) set to ``day``."""
    return attrs.evolve(msg, header=attrs.evolve(msg.header, date=day))


def test_a_line_after_the_declaration_period_is_9319_from_validate() -> None:
    """TR319: an April line in the March declaration, sent 5 May, is refused; R-1 granted.

    The April line ends 30 April, before the message date 5 May (so TR134 holds) but
    after the declaration period (March): JI-307, 9319, found by validate (the only
    TR319 check). Granted € 624.00 + € 624.00 − € 624.00 = € 624.00.
    """
    april = line(reference="R-4", start=date(2025, 4, 1), end=date(2025, 4, 30))
    answer = check(dated(message([R1, april]), date(2025, 5, 5)))
    [rejected] = answer.rejected
    assert ("R-4", ("9319",)) == (rejected.line.reference, rejected.codes)
    assert ["JI-307"] == [f.code for f in rejected.findings]
    assert Money("624.00") == answer.granted
    assert "JI-932" not in {f.code for f in answer.findings}


def test_a_line_ending_after_the_message_date_refuses_the_message_with_0001() -> None:
    """TR134 (level 2): the April line ends 30 April, after the message date 5 April.

    validate, given the message date, finds JI-310 on the header: the JW325 has only a
    header with 0001, nothing is granted and nothing booked.
    """
    april = line(reference="R-4", start=date(2025, 4, 1), end=date(2025, 4, 30))
    answer = check(message([R1, april]))
    assert (("0001",), ()) == (answer.header_codes, answer.declaration_codes)
    assert CheckLevel.MESSAGE is answer.level
    assert "JI-310" in {f.code for f in answer.findings}
    assert (Money(0), 0) == (answer.granted, len(answer.ledger))
    assert "<jw325:DeclaratieAntwoord>" not in answer.to_jw325(day=DAY).decode()


def test_a_line_more_than_five_years_old_refuses_the_message_with_0001() -> None:
    """TR335: a March 2025 line in a message dated 1 April 2030 ends more than 5 years before.

    One source: validate's JI-309 (the message's own JI-925 is gone).
    """
    msg = message([R1], signed_on=date(2030, 4, 1), period_start=date(2030, 3, 1))
    msg = dated(attrs.evolve(msg, period_end=date(2030, 3, 31)), date(2030, 4, 1))
    answer = check(msg)
    assert ("0001",) == answer.header_codes
    assert ["JI-309"] == [f.code for f in answer.findings if f.code in ("JI-309", "JI-925")]


def test_the_register_keeps_the_declaration_period_of_an_assessed_declaration() -> None:
    """March assessed: its register entry holds March; a declaration refused whole holds none."""
    first = check(message([R1]))
    record = first.ledger.message("22222222", "JW323", "M-1")
    assert record is not None
    assert Period.month(2025, 3) == record.period
    refused = check(message([R1], identification="M-9", declaration="D9", total=Money(1)))
    record = refused.ledger.message("22222222", "JW323", "M-9")
    assert record is not None
    assert record.period is None


def may_declaration(lines: list[ServiceLine], *, period: int = 5) -> ClaimMessage:
    """The provider's next declaration, for month ``period`` of 2025, sent 5 June 2025."""
    start = date(2025, period, 1)
    end = date(2025, period + 1, 1) - timedelta(days=1)
    return dated(
        message(
            lines,
            identification="M-2",
            declaration="D2",
            period_start=start,
            period_end=end,
            signed_on=date(2025, 6, 5),
        ),
        date(2025, 6, 5),
    )


def test_tr318_a_declaration_skipping_a_month_with_care_is_refused_whole_with_8214() -> None:
    """March declared (D1); then D2 for May with a line for April: 8214 on the declaration.

    The register knows the previous period (March). May does not follow March, so
    April must have had no care; an April line shows it had (JI-311, TR318). Per
    IV087/IV088 the declaration is refused whole: header 0200, declaration 8214, no
    clients, granted € 0.00, nothing booked (the ledger keeps R-1 only).
    """
    first = check(message([R1]))
    april = line(reference="R-4", start=date(2025, 4, 1), end=date(2025, 4, 30))
    may = line(reference="R-5", start=date(2025, 5, 1), end=date(2025, 5, 31))
    answer = check(may_declaration([april, may]), first.ledger)
    assert (("0200",), ("8214",)) == (answer.header_codes, answer.declaration_codes)
    assert CheckLevel.ACROSS is answer.level
    assert "JI-311" in {f.code for f in answer.findings}
    assert (Money(0), ()) == (answer.granted, answer.rejected)
    jw325 = answer.to_jw325(day=DAY).decode()
    assert "<jw325:Clienten>" not in jw325
    assert "<jw325:RetourCode>8214</jw325:RetourCode>" in jw325
    assert 1 == len(answer.ledger)
    record = answer.ledger.message("22222222", "JW323", "M-2")
    assert record is not None
    assert record.period is None, "refused whole: not a previous period"


def test_tr318_a_gap_without_care_is_fine() -> None:
    """March declared; D2 for May with only a May line: April had no care, no 8214."""
    first = check(message([R1]))
    may = line(reference="R-5", start=date(2025, 5, 1), end=date(2025, 5, 31))
    answer = check(may_declaration([may]), first.ledger)
    assert ("8001",) == answer.declaration_codes, [str(f) for f in answer.findings]


def test_tr318_needs_a_known_previous_period() -> None:
    """Without an earlier declaration in the register, the April line in May is 9319-free and no 8214."""
    april = line(reference="R-4", start=date(2025, 4, 1), end=date(2025, 4, 30))
    answer = check(may_declaration([april]))
    assert ("8001",) == answer.declaration_codes, [str(f) for f in answer.findings]


def test_previous_declaration_period_is_the_latest_earlier_assessed_one() -> None:
    """Register: March (M-1) and January (M-0) assessed, June refused whole; for May: March."""
    ledger = Ledger()
    for ident, period in (("M-1", Period.month(2025, 3)), ("M-0", Period.month(2025, 1))):
        ledger.record_message(
            MessageRecord(sender="22222222", kind="JW323", identification=ident, period=period)
        )
    ledger.record_message(MessageRecord(sender="22222222", kind="JW323", identification="M-6"))
    ledger.record_message(
        MessageRecord(
            sender="99999999", kind="JW323", identification="X", period=Period.month(2025, 4)
        )
    )
    assert Period.month(2025, 3) == previous_declaration_period(ledger, may_declaration([R1]))
    assert previous_declaration_period(ledger, message([R1])) == Period.month(2025, 1)


def test_a_product_code_the_model_cannot_hold_is_s329() -> None:
    """XSD allows 1–5 characters; the product code list has five: 'A' is refused, S329."""
    answer = check(message([R1, attrs.evolve(R2, product="A")]))
    assert [("R-2", ("S329",))] == [(r.line.reference, r.codes) for r in answer.rejected]


def test_credits_go_before_debits_across_messages_op366() -> None:
    """Credits are processed before debits (OP366), also when sent after them.

    March: R-1 8 h granted. April message: credit C-1 of R-1 (−€ 624.00) and new debit
    R-1b of 6 h (€ 468.00) for March. With the credit first, 6 h fit the 8 h a month;
    with the debit first, 8 + 6 = 14 h would not. Total −€ 156.00, granted whole.
    """
    first = check(message([R1]))
    correction = message(
        [
            line(reference="R-1b", volume=6, amount=Money("468.00")),
            line(reference="C-1", previous="R-1", debit_credit="C"),
        ],
        identification="M-2",
        declaration="D2",
        period_start=date(2025, 4, 1),
        period_end=date(2025, 4, 30),
        signed_on=date(2025, 5, 2),
        header=attrs.evolve(message([R1]).header, identification="M-2", date=date(2025, 5, 2)),
    )
    answer = check(correction, first.ledger)
    assert ("8001",) == answer.declaration_codes, [str(f) for f in answer.findings]
    assert Money("-156.00") == answer.submitted == answer.granted
    jw325 = answer.to_jw325(day=DAY).decode()
    assert "<ijw:TotaalBedrag>15600</ijw:TotaalBedrag><ijw:DebetCredit>C</ijw:DebetCredit>" in jw325
    assert 3 == len(answer.ledger)


def test_no_start_message_is_needed_op364() -> None:
    """OP364: claims are checked without any JW305 start message having been received."""
    assert check(message([R1])).all_granted


def test_a_client_refused_whole_lists_every_line_with_0233(monkeypatch: pytest.MonkeyPatch) -> None:
    """A client-class finding (as TR304/8187 will be) refuses all of that client's lines."""
    client_rule = Rule(
        "JI-X",
        Severity.ERROR,
        "client",
        "8187",
        level=CheckLevel.ACROSS,
        placement=MessageClass.CLIENT,
    )
    real = answer_module.validate  # type: ignore[attr-defined]

    def fake(claims: Iterable[Any], *args: Any, **kwargs: Any) -> ValidationReport:
        report = real(claims, *args, **kwargs)
        return attrs.evolve(
            report,
            rejected=tuple(
                attrs.evolve(r, findings=(client_rule.finding(r.subject),)) for r in report.rejected
            ),
        )

    monkeypatch.setattr(answer_module, "validate", fake)
    second = line(reference="R-3", start=date(2025, 3, 2), volume=1, amount=Money("78.00"))
    answer = check(message([attrs.evolve(R1, assignment=9999), second, R2]))
    assert {CLIENT: ("8187",)} == dict(answer.client_codes)
    assert [("R-1", ("0233",)), ("R-3", ("0233",))] == [
        (r.line.reference, r.codes) for r in answer.rejected
    ]
    assert Money("612.00") == answer.granted
    assert tr342(answer)
    jw325 = answer.to_jw325(day=DAY).decode()
    assert "<jw325:RetourCode>8187</jw325:RetourCode></jw325:RetourCodes></jw325:Client>" in jw325
    assert 1 == len(answer.ledger), "R-3 was accepted at first, then taken back with its client"


_POOL_ASSIGNMENTS = (1001, 1002, 9999)


@st.composite
def messages(draw: st.DrawFn) -> ClaimMessage:
    count = draw(st.integers(1, 8))
    days = draw(st.lists(st.integers(1, 28), min_size=count, max_size=count, unique=True))
    lines = []
    for i, day in enumerate(days):
        assignment = draw(st.sampled_from(_POOL_ASSIGNMENTS))
        product, rate, bsn = (
            ("45A01", 78, CLIENT) if assignment != 1002 else ("45A02", 51, OTHER_CLIENT)
        )
        volume = draw(st.integers(1, 12))
        amount = Money(volume * rate + draw(st.sampled_from([0, 0, 0, 1])))
        credit = draw(st.booleans()) and i % 3 == 2
        lines.append(
            line(
                bsn=bsn,
                reference=f"R-{i}",
                previous=f"OLD-{i}" if credit else None,
                debit_credit="C" if credit else "D",
                assignment=assignment,
                product=product,
                start=date(2025, 3, day),
                volume=volume,
                tariff=Money(rate),
                amount=amount,
            )
        )
    return message(lines)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messages())
def test_tr342_rejected_amounts_explain_the_difference(msg: ClaimMessage) -> None:
    """TR342: Σ rejected (D − C) = submitted − granted; every line is granted or listed."""
    answer = check(msg)
    assert tr342(answer)
    assert answer.report is not None
    granted = {a.claim.reference for a in answer.report.accepted}
    listed = {r.line.reference for r in answer.rejected}
    assert not granted & listed
    assert granted | listed == {item.reference for item in msg.lines}
    assert Money.sum(a.claim.signed_amount for a in answer.report.accepted) == answer.granted
    assert answer.all_granted == (not listed)


def test_assignments_of_all_three_variants_are_read() -> None:
    """Specific (product + volume), aspecific (category + budget), generic (budget only)."""
    from jeugdinkoop.codes import ProductCategory

    data = jw301(
        [
            assigned_product(1, volume=(8, "04", "4")),
            assigned_product(2, code=None, volume=None, budget=120000),
            assigned_product(3, category=None, volume=None, budget=5000),
        ]
    )
    with pytest.raises(ValueError, match=r"'3'\.category: a generic assignment"):
        read_assignments(data)
    specific, aspecific, generic = read_assignments(data, generic_category=ProductCategory.AMBULANT)
    assert (specific.product is not None, specific.volume is not None) == (True, True)
    assert (aspecific.product, aspecific.budget) == (None, Money("1200.00"))
    assert (generic.category, generic.budget) == (ProductCategory.AMBULANT, Money("50.00"))


def test_a_jw315_request_becomes_an_assignment_numbered_by_the_provider_reference() -> None:
    from ijw_build import SAMPLES

    data = (SAMPLES / "JW315.xml").read_bytes().replace(b"2027-06-31", b"2027-06-30")
    first, second = read_assignments(data)
    assert ("40A12341234", "42420001", "0384") == (
        first.reference,
        first.provider.value,
        first.municipality.value,
    )
    assert ("01", "02") == (first.referrer.value, second.referrer.value)


def test_assignment_numbers_are_integers_on_the_wire() -> None:
    """ToewijzingNummer 0001001 and 1001 are the same assignment."""
    [assignment] = read_assignments(
        jw301([assigned_product(1001)]).replace(b">1001<", b">0001001<")
    )
    assert "1001" == assignment.reference
    assert isinstance(ASSIGNMENTS[0], Assignment)


def test_a_reference_granted_in_an_earlier_message_is_8021() -> None:
    """TR314: R-1 granted in M-1; sent again in M-2 (declaration D2) it is refused, 8021."""
    first = check(message([R1]))
    again = check(message([R1, R2], identification="M-2", declaration="D2"), first.ledger)
    assert [("R-1", ("8021",))] == [(r.line.reference, r.codes) for r in again.rejected]
    assert Money("612.00") == again.granted


def test_a_credit_without_a_known_debit_is_8017() -> None:
    """TR323: C-9 credits R-9, which no earlier message brought: refused, 8017.

    Submitted € 624.00 (R-1) − € 624.00 (C-9) = € 0.00; granted € 624.00, so the
    rejected credit explains the difference: 0.00 − 624.00 = −624.00 (TR342).
    """
    credit = line(reference="C-9", previous="R-9", debit_credit="C", start=date(2025, 3, 2))
    answer = check(message([R1, credit]))
    assert [("C-9", ("8017",))] == [(r.line.reference, r.codes) for r in answer.rejected]
    assert (Money(0), Money("624.00")) == (answer.submitted, answer.granted)
    assert tr342(answer)
    jw325 = answer.to_jw325(day=DAY).decode()
    assert "<ijw:VorigReferentieNummer>R-9</ijw:VorigReferentieNummer>" in jw325


@pytest.mark.parametrize("identification", ["", "   ", "x" * 13, "a\nb"])
def test_a_jw325_identification_must_fit_its_type(identification: str) -> None:
    answer = check(message([R1]))
    with pytest.raises(ValueError, match="LDT_IdentificatieBericht"):
        answer.to_jw325(identification=identification, day=DAY)
    assert xsd_valid("JW325", answer.to_jw325(identification="x" * 12, day=DAY))


def test_warnings_of_granted_lines_are_among_the_findings() -> None:
    """A warning does not refuse a line, and the answer keeps it.

    Kompas's 2025 ceiling is € 150,000.00; with € 149,900.00 paid, R-1's € 624.00 passes
    it (€ 150,524.00): a warning (JI-407), so the line is granted and the warning kept.
    """
    from jeugdinkoop.funding import Entry, EntryKind
    from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
    from jeugdinkoop.periods import Period

    ledger = Ledger(
        [
            Entry(
                kind=EntryKind.CLAIM,
                key="OLD-1",
                provider=AGBCode("22222222"),
                municipality=MunicipalityCode("0001"),
                segment="AMB",
                period=Period.month(2025, 1),
                amount=Money("149900.00"),
            )
        ]
    )
    answer = check(message([R1]), ledger)
    assert answer.all_granted
    assert ["JI-407"] == [f.code for f in answer.findings]
    assert Severity.WARNING is answer.findings[0].severity


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(["22222222", "99999999"]), st.integers(0, 23), st.booleans()),
        max_size=12,
    )
)
def test_previous_declaration_period_is_the_latest_earlier_one_of_the_sender(
    registered: list[tuple[str, int, bool]],
) -> None:
    """Over any register: the latest assessed period of this sender starting before March.

    The sender is 22222222; periods of 99999999 and entries without a period (refused
    whole) never count; with none left, ``None``.
    """
    ledger = Ledger()
    for i, (sender, months, assessed) in enumerate(registered):
        period = Period.month(2024 + months // 12, months % 12 + 1)
        ledger.record_message(
            MessageRecord(
                sender=sender,
                kind="JW323",
                identification=f"M-{i}",
                period=period if assessed else None,
            )
        )
    found = previous_declaration_period(ledger, message([R1]))
    candidates = [
        Period.month(2024 + months // 12, months % 12 + 1)
        for sender, months, assessed in registered
        if sender == "22222222" and assessed and (2024 + months // 12, months % 12 + 1) < (2025, 3)
    ]
    if not candidates:
        assert found is None
    else:
        assert found == max(candidates, key=lambda p: p.start)
