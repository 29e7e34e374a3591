"""Region files: TOML round trip and bad files that list every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from jeugdinkoop.errors import LoadError
from jeugdinkoop.funding import Lumpsum, PersonalBudget
from jeugdinkoop.io import load_example_region, load_region, region_from_dict, region_to_dict
from jeugdinkoop.money import Money


def test_example_region_round_trips_through_dicts() -> None:
    """Example region round trips through dicts.

    region_from_dict(region_to_dict(voorbeeld)) equals voorbeeld, funding models included
    (VBL's lumpsum keeps its 10 budgets and 5 % corridor).
    """
    region = load_example_region()
    again = region_from_dict(region_to_dict(region))
    assert region == again
    vbl = again.funding_of("VBL")
    assert isinstance(vbl, Lumpsum)
    assert (10, Money("480000.00")) == (len(vbl.budgets), vbl.budgets[0].amount)


def test_a_region_with_a_personal_budget_round_trips() -> None:
    """Naming ``{model = "personal_budget"}`` gives a PersonalBudget instance; round trip."""
    data = region_to_dict(load_example_region())
    data["segments"][0]["funding"] = {"model": "personal_budget"}
    region = region_from_dict(data)
    assert isinstance(region.funding_of("AMB"), PersonalBudget)
    assert region == region_from_dict(region_to_dict(region))


BAD_REGION = """
code = "kapot"
name = "Kapotte regio"

[[municipalities]]
code = "12"
name = "Nergensdorp"

[[segments]]
code = "AMB"
name = "Ambulant"
funding = { model = "effort" }

[[products]]
code = "45A01"
category = "45"
name = "Begeleiding"
unit = "04"
segment = "AMB"

[[tariffs]]
product = "45A01"
rate = "-78.00"
unit = "04"
period = { start = 2025-01-01 }

[[providers]]
agb = "1234"
name = "Zorg"
"""


def test_a_bad_region_file_lists_every_problem(tmp_path: Path) -> None:
    """A bad region file lists every problem.

    Three bad records: municipality code '12' (not 4 digits), tariff rate −78.00
    (negative), AGB '1234' (not 8 digits). The LoadError lists all three with record, field,
    value and rule.
    """
    path = tmp_path / "kapot.toml"
    path.write_text(BAD_REGION, encoding="utf-8")
    with pytest.raises(LoadError) as excinfo:
        load_region(path)
    problems = excinfo.value.problems
    assert 3 == len(problems), str(excinfo.value)
    by_record = {p.record.split(": ", 1)[-1].split(" ")[0]: p for p in problems}
    assert {"municipalities[0]", "tariffs[0]", "providers[0]"} == set(by_record)
    municipality = by_record["municipalities[0]"]
    assert ("code", "12") == (municipality.field, municipality.value)
    assert "4 digits" in municipality.rule
    tariff = by_record["tariffs[0]"]
    assert ("rate", "-78.00") == (tariff.field, tariff.value)
    assert "negative" in tariff.rule
    provider = by_record["providers[0]"]
    assert ("agb", "1234") == (provider.field, provider.value)
    assert "8 digits" in provider.rule
    assert str(path) in str(excinfo.value)


def test_an_unknown_funding_model_is_a_listed_problem(tmp_path: Path) -> None:
    """An unknown funding model is a listed problem.

    ``funding = { model = "pxq" }`` → a problem on segments[0] naming 'pxq' and the known
    models.
    """
    text = BAD_REGION.replace('model = "effort"', 'model = "pxq"')
    path = tmp_path / "onbekend.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LoadError) as excinfo:
        load_region(path)
    segment = [p for p in excinfo.value.problems if "segments[0]" in p.record]
    assert 1 == len(segment), str(excinfo.value)
    assert "'pxq'" in segment[0].rule
    assert "effort" in segment[0].rule


def test_a_toml_syntax_error_is_one_problem(tmp_path: Path) -> None:
    """A file that is not TOML fails with one '(syntax)' problem."""
    path = tmp_path / "syntax.toml"
    path.write_text("code = \n", encoding="utf-8")
    with pytest.raises(LoadError) as excinfo:
        load_region(path)
    assert ["(syntax)"] == [p.field for p in excinfo.value.problems]


def _first_tariff_table(text: str) -> tuple[str, str, str]:
    """Split a region file at its first ``[[tariffs]]`` table: before, the table, after."""
    start = text.index("[[tariffs]]")
    end = text.index("\n[[", start + 1)
    return text[:start], text[start:end], text[end:]


def test_the_old_tariff_key_valid_loads_with_a_warning(tmp_path: Path) -> None:
    """A region file with ``valid =`` on a tariff loads as with ``period =``, and warns.

    The example region with its first tariff's ``period`` renamed to ``valid`` equals the
    example region; the warning names the file, the table (``tariffs[0]``) and the new key.
    """
    source = Path(__file__).parents[2] / "src/jeugdinkoop/regions/voorbeeld.toml"
    before, table, after = _first_tariff_table(source.read_text("utf-8"))
    assert "\nperiod = " in table
    old = tmp_path / "old.toml"
    old.write_text(before + table.replace("\nperiod = ", "\nvalid = ") + after, "utf-8")
    with pytest.warns(DeprecationWarning, match=r"tariffs\[0\]: the key 'valid' is deprecated"):
        region = load_region(old)
    assert load_example_region() == region


def test_a_tariff_with_both_period_and_valid_is_a_load_error(tmp_path: Path) -> None:
    """Both keys on one tariff: not guessed; the loader reports the extra ``valid`` key."""
    source = Path(__file__).parents[2] / "src/jeugdinkoop/regions/voorbeeld.toml"
    before, table, after = _first_tariff_table(source.read_text("utf-8"))
    both = tmp_path / "both.toml"
    both.write_text(before + table + "valid = { start = 2025-01-01 }\n" + after, "utf-8")
    with pytest.raises(LoadError, match="valid"):
        load_region(both)


def test_the_shipped_region_files_use_period_not_valid() -> None:
    """No shipped region file still has the deprecated ``valid =`` key (loading would warn)."""
    folder = Path(__file__).parents[2] / "src/jeugdinkoop/regions"
    old = [p.name for p in sorted(folder.glob("*.toml")) if "\nvalid = " in p.read_text("utf-8")]
    assert [] == old
