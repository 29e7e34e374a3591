"""The council report: one self-contained HTML file, Dutch, no BSN, every section there."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from importlib.resources import files
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jeugdinkoop.cli import EXIT_OK, EXIT_USAGE, main
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import BSN
from jeugdinkoop.io import load_assignments, load_embedded_region, read_rows
from jeugdinkoop.model import Assignment
from jeugdinkoop.monitoring import pseudonym
from jeugdinkoop.report import PSEUDONYM_KEY_ENV, build_report
from jeugdinkoop.report.svg import bar_chart, line_chart
from jeugdinkoop.testing.strategies import bsns
from jeugdinkoop.validation import validate

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))


def _example() -> tuple[list[Assignment], str]:
    """The example assignments and the report on the example region for 2025."""
    region = load_embedded_region("voorbeeld")
    assignments = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
    rows = [row for _, row in read_rows(EXAMPLE / "voorbeeld-claims-2025-03.csv")]
    ledger = validate(rows, assignments, region).ledger
    return assignments, build_report(region, 2025, assignments=assignments, ledger=ledger, draws=20)


def test_report_is_self_contained_and_in_dutch(monkeypatch: pytest.MonkeyPatch) -> None:
    """No scripts, no links, no external URLs (the SVG namespace is a name, not a fetch)."""
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, "00112233445566778899aabbccddeeff")
    _, text = _example()
    assert text.startswith("<!DOCTYPE html>")
    assert '<html lang="nl">' in text
    for forbidden in ("<script", "<link", "src=", "url(", "@import", "<img", "<iframe"):
        assert forbidden not in text
    assert re.findall(r"https?://[^\"' ]+", text) == ["http://www.w3.org/2000/svg"] * text.count(
        "<svg"
    )
    for heading in (
        "Kerncijfers",
        "Uitgaven per gemeente en segment",
        "Kosten per jeugdige per aanbieder",
        "In-, door- en uitstroom",
        "Zorgpaden (gepseudonimiseerd)",
        "Lokale voorwaarden en drempels",
        "Bekostigingsvarianten vergeleken",
        "Kalibratie op 2025",
        "Vraag +10 %: wie draagt het risico?",
        "Onzekerheid in 2034",
    ):
        assert f">{heading}<" in text, heading
    assert text.count("<svg") == 3  # spend per year, cost per youth, variants over the years


def test_no_bsn_only_keyed_pseudonyms(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every youth shows as HMAC(BSN, key) from the environment; no BSN appears anywhere."""
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, "00112233445566778899aabbccddeeff")
    assignments, text = _example()
    bsns = {a.client for a in assignments}
    assert len(bsns) == 7
    for bsn in bsns:
        assert bsn.reveal() not in text
        assert pseudonym(bsn, bytes.fromhex("00112233445566778899aabbccddeeff")) in text
    assert "BSN verwijderd" not in text  # the safeguard had nothing to remove
    assert PSEUDONYM_KEY_ENV in text


def test_without_a_key_the_report_draws_one_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(PSEUDONYM_KEY_ENV, raising=False)
    assignments, text = _example()
    assert "willekeurige sleutel die alleen voor dit rapport is gemaakt" in text
    assert (
        pseudonym(assignments[0].client, bytes.fromhex("00112233445566778899aabbccddeeff"))
        not in text
    )


def test_cost_per_youth_flows_and_paths_of_the_example() -> None:
    """March 2025 of the example: 9 accepted lines; De Linde's one youth costs € 6.073,21.

    Seven youths, each with one assignment in 2025 in one of three municipalities:
    Voorstad 3, Middeldorp 2, Achterveld 2 in care and flowing in; six of them end in 2025.
    """
    _, text = _example()
    assert 'Gezinshuis De Linde</td><td>33333333</td><td class="num">€\xa06.073,21<' in text
    assert ">Zorgpaden: 7 zorgpaden<" in text
    assert (
        '<tr class="total"><td>regio</td><td class="num">7</td><td class="num">7</td>'
        '<td class="num">0</td><td class="num">6</td></tr>'
    ) in text


def test_text_is_escaped() -> None:
    region = attrs.evolve(load_embedded_region("midden_ijssel"), name="Regio <b>&amp;</b>")
    text = build_report(region, 2026, draws=0)
    assert "<b>" not in text
    assert "Regio &lt;b&gt;&amp;amp;&lt;/b&gt;" in text
    svg = bar_chart("<b>", ["<i>"], [("<s>", [Decimal(1)])])
    assert "<b>" not in svg
    assert "<i>" not in svg
    assert "&lt;s&gt;" in svg


def test_a_series_of_the_wrong_length_is_refused() -> None:
    with pytest.raises(InvalidValue, match=r"chart 'x': series 's' has 0 values for 1 categories"):
        bar_chart("x", ["2026"], [("s", [])])
    with pytest.raises(InvalidValue, match=r"series 's' has 2 values for 1 categories"):
        line_chart("x", ["2026"], [("s", [Decimal(1), Decimal(2)])])


def test_local_conditions_and_findings_are_shown() -> None:
    """Flevoland: Urk allows at most 3 providers for AMB; Noordoostpolder 25 km distance.

    Urk asks for a christian grondslag for AMB: 99500001 and 99500006 state none, so two
    findings (JI-814).
    """
    text = build_report(load_embedded_region("flevoland"), 2026, draws=0)
    assert "hoogstens 3 aanbieders" in text
    assert "hoogstens 25 km afstand" in text
    assert "grondslag christelijk" in text
    assert "data-key='bevindingen'>2 bevindingen<" in text


def test_cli_report_writes_the_file(tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "sub" / "rapport.html"
    status = main(
        ["report", "--region", "voorbeeld", "--year", "2025", "--out", str(target), "--draws", "0"],
        out=out,
    )
    assert status == EXIT_OK
    assert f"rapport geschreven: {target}" in out.getvalue()
    text = target.read_text(encoding="utf-8")
    assert "Regio Voorbeeld: rapportage jeugdhulp 2025" in text
    assert "meegeleverde voorbeeldbestanden" in text


def test_cli_report_on_an_unknown_region_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["report", "--region", "nergens", "--year", "2025", "--out", str(tmp_path / "r")])
    assert status == EXIT_USAGE
    assert "regio 'nergens': geen meegeleverde regio" in capsys.readouterr().err


def test_demo_out_writes_the_reports(tmp_path: Path) -> None:
    """The demo's Achterhoek report shows the calibrated IAJ comparison (€ 1.479.955,20 in 2026)."""
    status = main(["demo", "--out", str(tmp_path)], out=io.StringIO())
    assert status == EXIT_OK
    achterhoek = (tmp_path / "rapport-achterhoek.html").read_text(encoding="utf-8")
    assert (tmp_path / "rapport-voorbeeld.html").exists()
    assert "lumpsum (eigen)" in achterhoek
    assert "€\xa01.479.955,20" in achterhoek


@settings(deadline=None, database=None, max_examples=8)
@given(clients=st.lists(bsns(), min_size=7, max_size=7))
def test_no_bsn_leaks_whoever_the_youths_are(clients: list[BSN]) -> None:
    """Any valid BSNs on the example's assignments: none in the text, nothing to scrub."""
    given_ = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
    youths = list(dict.fromkeys(a.client for a in given_))
    assert len(youths) == len(clients)
    new = dict(zip(youths, clients, strict=True))
    assignments = [attrs.evolve(a, client=new[a.client]) for a in given_]
    text = build_report(load_embedded_region("voorbeeld"), 2025, assignments=assignments, draws=0)
    assert "BSN verwijderd" not in text
    assert not any(bsn.reveal() in text for bsn in clients)


def test_the_safeguard_removes_a_bsn_that_slipped_into_the_text() -> None:
    """A region named after a youth's BSN (a data error) still shows no BSN."""
    assignments = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
    bsn = assignments[0].client.reveal()
    region = attrs.evolve(load_embedded_region("voorbeeld"), name=f"Regio {bsn}")
    text = build_report(region, 2025, assignments=assignments, draws=0)
    assert bsn not in text
    assert "Regio [BSN verwijderd]" in text
