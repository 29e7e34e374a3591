"""No unmasked BSN anywhere the library prints, raises or reprs (issue 8, Privacy).

Masking turns every run of nine or more digits (and nine digits written in groups, as an
amount shows them) into ``*`` and the last four digits, as ``BSN``'s own repr does:
``111222333`` → ``*****2333``. The concrete cases of the issue first, then a hypothesis
property over rows with random valid BSNs in random columns.

Base case, on the example region: assignment T-1 gives provider 22222222 45A01 for client
111222333 in municipality 0001 for 2025; claim R-1 is 8 h in March at € 78.00 = € 624.00.
"""

from __future__ import annotations

import copy
import csv
import json
import pickle
import re
import tempfile
import traceback
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.errors import InvalidValue, JeugdinkoopError, LoadError, Problem
from jeugdinkoop.identifiers import BSN, AGBCode
from jeugdinkoop.io import dump_ledger, load_claims, load_example_region, load_ledger, read_rows
from jeugdinkoop.io.converter import converter
from jeugdinkoop.model import Assignment, Claim, Client, Volume
from jeugdinkoop.model.records import CLAIM_FIELDS, RecordError, claim_from_record
from jeugdinkoop.periods import Period
from jeugdinkoop.privacy import mask, mask_bsns
from jeugdinkoop.testing.strategies import bsns
from jeugdinkoop.validation import ValidationReport, validate

CLIENT = "111222333"
WRONG_COLUMN = "100000010"  # a valid BSN (9·1 − 1·0 … = 0 mod 11 with the check digit 0)
REGION = load_example_region()
ASSIGNMENT = Assignment(
    reference="T-1",
    client=CLIENT,
    municipality="0001",
    provider="22222222",
    category="45",
    period=Period(date(2025, 1, 1), date(2025, 12, 31)),
    product="45A01",
    volume=Volume(quantity=10, unit="04", frequency="4"),
)
ROW: dict[str, str] = {
    "reference": "R-1",
    "assignment": "T-1",
    "provider": "22222222",
    "client": CLIENT,
    "municipality": "0001",
    "product": "45A01",
    "start": "2025-03-01",
    "end": "2025-03-31",
    "quantity": "8",
    "unit": "04",
    "amount": "624,00",
}
_GROUP_SEPARATOR = re.compile(r"(?<=[0-9])[.,\u00a0 ](?=[0-9]{3})")


def _claim(**changes: Any) -> Claim:
    return claim_from_record({**ROW, **changes})


def _leaks(text: str, numbers: set[str]) -> set[str]:
    """The numbers that occur in ``text``, as written or with thousands separators.

    A ``repr`` writes a no-break space as ``\\xa0``, whose ``0`` must not count as a digit.
    """
    text = text.replace("\\xa0", "\u00a0")
    plain = _GROUP_SEPARATOR.sub("", text)
    return {n for n in numbers if n in text or n in plain}


# -- the one masking rule ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("111222333", "*****2333"),
        ("x111222333y", "x*****2333y"),
        ("1112223334", "******3334"),  # ten digits: a BSN with a digit stuck to it
        ("12345678", "12345678"),  # an AGB code: eight digits stay
        ("2025-03-01..2025-03-31", "2025-03-01..2025-03-31"),
        ("€ 111.222.333,00", "€ *****2333,00"),  # a BSN sent as an amount (nl_NL)
        ("€111,222,333.00", "€*****2333.00"),  # the same in en_GB
        ("1112.22.333", "*****2333"),  # a BSN as printed on a passport
        ("€ 84.500.000,00", "€ 84.500.000,00"),  # eight digits of a real total stay
        ("Money('84500000.00')", "Money('84500000.00')"),
    ],
)
def test_mask_bsns(text: str, masked: str) -> None:
    """Nine or more digits, plain or grouped, keep only their last four; the rest stays."""
    assert masked == mask_bsns(text)


def test_mask_keeps_the_last_four_like_the_bsn_repr() -> None:
    assert repr(BSN(CLIENT)) == f"BSN({mask(CLIENT)!r})" == "BSN('*****2333')"


# -- the concrete cases of the issue ----------------------------------------------------


def test_a_bsn_in_the_agb_column_is_masked_in_the_finding() -> None:
    """A BSN sent as the provider: JI-103 "AGB-code '*****0010' is niet geldig", both locales."""
    report = validate([{**ROW, "provider": WRONG_COLUMN}], [ASSIGNMENT], REGION)
    (finding,) = report.findings
    assert "JI-103" == finding.code
    assert finding.message.startswith("AGB-code '*****0010' is niet geldig")
    assert finding.message_in("en").startswith("AGB code '*****0010' is not valid")
    texts = [str(finding), repr(finding), repr(attrs.asdict(finding)), finding.message_in("en")]
    assert not any(WRONG_COLUMN in t for t in texts)


def test_a_whole_row_read_with_the_wrong_delimiter_is_masked_in_the_subject(
    tmp_path: Path,
) -> None:
    """A ``;`` header over ``,`` rows: the whole row is the reference, and so the subject."""
    path = tmp_path / "claims.csv"
    path.write_text(
        ";".join(ROW) + "\n" + ",".join(ROW.values()).replace("624,00", "624.00") + "\n",
        encoding="utf-8",
    )
    report = validate((row for _, row in read_rows(path)), [ASSIGNMENT], REGION)
    (rejected,) = report.rejected
    assert rejected.subject.startswith("claim R-1,T-1,22222222,*****2333,0001,45A01")
    assert {"reference": rejected.subject.removeprefix("claim ")} == rejected.record
    rendered = [repr(report), repr(rejected), *(str(f) for f in report.findings)]
    assert not any(CLIENT in text for text in rendered)


def test_a_file_without_a_header_names_no_column_after_a_bsn(tmp_path: Path) -> None:
    """The first line becomes the header, so a BSN becomes a column name: masked too."""
    path = tmp_path / "claims.csv"
    line = ";".join(ROW.values())
    path.write_text(f"{line}\n{line.replace('R-1', 'R-2')}\n", encoding="utf-8")
    report = validate((row for _, row in read_rows(path)), [ASSIGNMENT], REGION)
    (rejected,) = report.rejected
    assert "*****2333" in rejected.record  # type: ignore[operator]
    rendered = [repr(report), repr(rejected), str(rejected.record)]
    rendered += [str(f) for f in report.findings]
    assert not any(CLIENT in text for text in rendered)


def test_record_error_str_and_repr_are_masked() -> None:
    """``str(RecordError)``: the provider's value and the rule quoting it are both masked."""
    with pytest.raises(RecordError) as excinfo:
        _claim(provider=WRONG_COLUMN, client="12345")
    error = excinfo.value
    assert (
        "provider = '*****0010': AGBCode: '*****0010' is not 8 digits (Vektis AGB code); "
        "client = '12345': BSN: '*2345' is not 9 digits"
    ) == str(error)
    assert WRONG_COLUMN not in repr(error)
    assert WRONG_COLUMN not in str(error.args)
    assert ["*****0010", "12345"] == [p.value for p in error.problems]


def test_rejected_claim_and_report_reprs_hold_no_bsn() -> None:
    """The raw record used to be in ``repr(RejectedClaim)``; now a masked copy is."""
    report = validate(
        [{**ROW, "reference": "R-2", "amount": "abc"}, _claim(reference=CLIENT)],
        [ASSIGNMENT],
        REGION,
    )
    rejected = {r.subject: r for r in report.rejected}
    assert {"claim R-2"} == set(rejected)
    assert "*****2333" == rejected["claim R-2"].record["client"]  # type: ignore[index]
    assert "R-2" == rejected["claim R-2"].reference
    assert [CLIENT] == [a.claim.reference for a in report.accepted]  # kept in the data
    assert (
        "ValidationReport(accepted=1, rejected=1, findings=1, entries=1, "
        "total_accepted=Money('624.00'))"
    ) == repr(report)
    for text in (repr(report), repr(report.rejected[0]), repr(report.accepted[0])):
        assert CLIENT not in text
    assert "reference='*****2333'" in repr(report.accepted[0])


def test_errors_mask_their_args_and_problems_their_parts() -> None:
    error = InvalidValue(f"Claim {CLIENT!r}.reverses: empty on a credit line")
    assert ("Claim '*****2333'.reverses: empty on a credit line",) == error.args
    assert "*****2333" in repr(error)
    assert CLIENT not in str(error)
    problem = Problem(
        record=f"line 2 (reference {CLIENT})", field="provider", value=CLIENT, rule=f"not {CLIENT}"
    )
    assert ("line 2 (reference *****2333)", "*****2333", "not *****2333") == (
        problem.record,
        problem.value,
        problem.rule,
    )
    assert isinstance(LoadError("x.csv", [problem]), JeugdinkoopError)
    assert CLIENT not in str(LoadError("x.csv", [problem]))


def test_a_converter_type_error_and_its_traceback_are_masked() -> None:
    """A BSN passed as a float quantity: the TypeError is masked, its cause too.

    A traceback prints the whole chain, so the unmasked converter error is not chained.
    """
    with pytest.raises(TypeError) as excinfo:
        attrs.evolve(_claim(), quantity=float(CLIENT))
    assert "Claim 'R-1'.quantity: float *****2333.0 is not exact" in str(excinfo.value)
    printed = "".join(traceback.format_exception(excinfo.value))
    assert CLIENT not in printed


def test_load_claims_names_the_bad_value_masked(tmp_path: Path) -> None:
    """load_claims fails whole: line 2's provider is a BSN, shown as '*****0010'."""
    path = tmp_path / "claims.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(ROW), delimiter=";")
        writer.writeheader()
        writer.writerow({**ROW, "provider": WRONG_COLUMN})
    with pytest.raises(LoadError) as excinfo:
        load_claims(path)
    assert [("provider", "*****0010")] == [(p.field, p.value) for p in excinfo.value.problems]
    assert WRONG_COLUMN not in str(excinfo.value)


# -- attrs.asdict and the files that hold BSNs on purpose --------------------------------


def test_asdict_of_client_claim_and_assignment_does_not_reveal_the_bsn() -> None:
    """``attrs.asdict`` keeps the BSN object, which prints masked; JSON refuses it."""
    for record, field in (
        (Client(bsn=CLIENT, municipality="0001"), "bsn"),
        (_claim(), "client"),
        (ASSIGNMENT, "client"),
    ):
        data = attrs.asdict(record)
        assert BSN(CLIENT) == data[field]
        assert CLIENT not in repr(data)
        assert CLIENT not in str(data)
        assert CLIENT not in json.dumps(data, default=str)
        with pytest.raises(TypeError):
            json.dumps(data)


def test_the_converter_and_the_ledger_file_keep_the_full_bsn(tmp_path: Path) -> None:
    """The cattrs converter reveals on purpose: the ledger file holds BSNs and round-trips."""
    claim = _claim()
    data = converter.unstructure(claim)
    assert CLIENT == data["client"]
    assert claim == converter.structure(data, Claim)
    assert ASSIGNMENT == converter.structure(converter.unstructure(ASSIGNMENT), Assignment)
    report = validate([claim], [ASSIGNMENT], REGION)
    path = tmp_path / "ledger.json"
    dump_ledger(report.ledger, path)
    assert CLIENT in path.read_text(encoding="utf-8")
    assert report.ledger == load_ledger(path)


def test_bsn_is_an_immutable_ordered_hashable_value() -> None:
    """Not an attrs class any more, but the same value semantics as before."""
    a, b = BSN("100000010"), BSN(CLIENT)
    assert not attrs.has(BSN)
    assert (a < b, a == BSN("100000010"), len({a, BSN("100000010"), b})) == (True, True, 2)
    assert sorted([b, a]) == [a, b]
    assert a != "100000010"
    assert (b, b, b) == (pickle.loads(pickle.dumps(b)), copy.copy(b), copy.deepcopy(b))
    assert b == BSN(value=CLIENT)
    with pytest.raises(AttributeError, match="immutable"):
        b._value = "100000010"
    with pytest.raises(TypeError):
        b < AGBCode("12345678")  # noqa: B015


# -- the property -----------------------------------------------------------------------


@st.composite
def _rows_with_bsns(draw: st.DrawFn) -> tuple[list[dict[str, str]], set[str]]:
    """1–5 rows; each carries 1–3 random valid BSNs in random columns, in random shapes."""
    rows: list[dict[str, str]] = []
    numbers = {CLIENT}
    for number in range(draw(st.integers(1, 5))):
        row = {**ROW, "reference": f"R-{number}"}
        for _ in range(draw(st.integers(1, 3))):
            bsn = draw(bsns()).reveal()
            numbers.add(bsn)
            shape = draw(st.sampled_from(["{}", "x{}", "{}x", "1{}", "{}.5", "{}-{}", "dots"]))
            value = f"{bsn[:3]}.{bsn[3:6]}.{bsn[6:]}" if shape == "dots" else shape.format(bsn, bsn)
            row[draw(st.sampled_from(CLAIM_FIELDS))] = value
        if draw(st.booleans()):  # read with the wrong delimiter: one long first column
            row = {"reference": ",".join(row.values())}
        rows.append(row)
    return rows, numbers


def _rendered(report: ValidationReport) -> list[str]:
    texts = [repr(report), report.summary("nl"), report.summary("en")]
    for finding in report.findings:
        texts += [str(finding), repr(finding), finding.message_in("en")]
        texts.append(repr(attrs.asdict(finding)))
    for rejected in report.rejected:
        texts += [repr(rejected), rejected.subject, str(rejected.record)]
    texts += [repr(accepted) for accepted in report.accepted]
    return texts


@settings(max_examples=60, deadline=None, database=None)
@given(_rows_with_bsns())
def test_no_rendered_finding_error_or_repr_contains_a_bsn(
    case: tuple[list[dict[str, str]], set[str]],
) -> None:
    """Whatever column a BSN lands in, no text the library makes of it shows the BSN."""
    rows, numbers = case
    texts = _rendered(validate(rows, [ASSIGNMENT], REGION))
    for row in rows:
        try:
            claim_from_record(row)
        except RecordError as error:
            texts += [str(error), repr(error), *(str(p) for p in error.problems)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "claims.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=CLAIM_FIELDS, delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
        try:
            load_claims(path)
        except LoadError as error:
            texts += [str(error), repr(error), *(repr(p) for p in error.problems)]
    leaked = {text: _leaks(text, numbers) for text in texts if _leaks(text, numbers)}
    assert {} == leaked
