"""Every iJw 3.2 rule that concerns the check of a JW323 is implemented or listed with a reason.

The rules table (``shared/ijw-external/tables/rules-ijw-3.2.tsv``, beside the project) is
the source: a rule is relevant when it is a TR whose messages include JW323, a CD/CS on a
JW323 field, or one of the JW301 shape constraints a claim check relies on (CS338,
CD077–CD080). Implemented means named in some ``Rule.standard``; listed means a row of
the table "Rules not checked by validate" in docs/reference/ijw-rules.md with a reason.
An implemented rule must carry the table's return code and check level.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

import jeugdinkoop.ijw  # noqa: F401 - its message-level rules register on import
from jeugdinkoop.model.findings import RULES

ROOT = Path(__file__).resolve().parent.parent.parent
TABLE = ROOT.parent / "shared" / "ijw-external" / "tables" / "rules-ijw-3.2.tsv"
PAGE = ROOT / "docs" / "reference" / "ijw-rules.md"
ASSIGNMENT_SHAPE = {"CS338", "CD077", "CD078", "CD079", "CD080"}
PENDING: set[str] = set()
"""Listed on the page while another branch implements them; empty once merged."""

pytestmark = pytest.mark.skipif(not TABLE.is_file(), reason=f"{TABLE} is not there")


def _rows() -> list[dict[str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line]
    body = [line for line in lines if not line.startswith("#")]
    return list(csv.DictReader(body, delimiter="\t"))


def relevant(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """The rules concerning the check of a JW323, by rule id (first row of each)."""
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        where = row["messages_or_path"]
        if row["type"] == "TR":
            hit = "JW323" in where.split()
        else:
            hit = where.startswith("JW323.") or row["rule"] in ASSIGNMENT_SHAPE
        if hit:
            found.setdefault(row["rule"], row)
    return found


def listed() -> dict[str, str]:
    """The rules of the docs page's table of rules not checked, with their reasons."""
    text = PAGE.read_text(encoding="utf-8")
    section = text.split("## Rules not checked by `validate`", 1)[1]
    result: dict[str, str] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and re.fullmatch(r"(TR|CS|CD)\d{3}", cells[0]):
            result[cells[0]] = cells[3]
    return result


def implemented() -> dict[str, list[str]]:
    """The iJw rules named by some JI rule, with the JI codes naming them."""
    result: dict[str, list[str]] = {}
    for rule in RULES.values():
        for name in rule.standard:
            result.setdefault(name, []).append(rule.code)
    return result


def test_the_table_has_the_rules_the_brief_names() -> None:
    """Sanity: 161 rows read; the relevant set holds the known gaps of issue 10 (8187, 9384…)."""
    rows = _rows()
    assert 161 == len(rows)
    found = relevant(rows)
    assert {"TR304", "TR318", "TR319", "TR333", "TR341", "TR384", "TR387", "TR388"} <= set(found)
    assert {"CS100", "CS325", "CD087", "CS339", "CS337", "TR335"} <= set(found)
    assert "TR342" not in found  # JW325 only


def test_every_relevant_rule_is_implemented_or_listed_with_a_reason() -> None:
    """Relevant rules minus the implemented ones minus the listed ones is empty."""
    found = relevant(_rows())
    missing = sorted(set(found) - set(implemented()) - set(listed()))
    assert [] == missing, {name: found[name]["definition_nl"] for name in missing}
    assert all(len(reason) > 20 for reason in listed().values())


def test_no_rule_is_both_implemented_and_listed() -> None:
    """The page does not list as unchecked a rule that a JI rule implements."""
    both = sorted(set(implemented()) & set(listed()) - PENDING)
    assert [] == both, {name: implemented()[name] for name in both}


def test_listed_rules_are_rules_of_the_table_with_its_code_and_level() -> None:
    """Each listed row names a relevant rule with the table's return code and level."""
    found = relevant(_rows())
    text = PAGE.read_text(encoding="utf-8").split("## Rules not checked by `validate`", 1)[1]
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in found:
            row = found[cells[0]]
            code = row["retourcode"] or "—"
            assert (code, row["controleniveau"][0]) == (cells[1], cells[2]), line
    assert set(listed()) <= set(found)


def test_implemented_rules_carry_the_tables_return_code_and_level() -> None:
    """A JI rule naming TRxxx has TRxxx's return code and check level (e.g. JI-304: CS337, 0001, 2)."""
    rows = _rows()
    by_name: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        by_name.setdefault(row["rule"], []).append(row)
    wrong = []
    for rule in RULES.values():
        # the XSD's own constraint types (CDT_GeslotenPeriode) are not in the rules table
        for name in (n for n in rule.standard if re.fullmatch(r"(TR|CS|CD)\d{3}", n)):
            assert name in by_name, f"{rule.code} names {name}, which is not in the table"
            codes = {row["retourcode"] for row in by_name[name]}
            levels = {int(row["controleniveau"][0]) for row in by_name[name]}
            if rule.ijw_code not in codes or rule.level.value not in levels:
                wrong.append((rule.code, name, rule.ijw_code, rule.level.value, codes, levels))
    assert [] == wrong
