"""The report in a real browser: headless Chromium renders it, the DOM holds the key figures.

Skips where Chromium is not installed, but fails under CI (``CI=true``), where
``.ci/run`` installs Debian's ``chromium``. A screenshot is kept in ``test-output/``
for people to look at; its path is printed in the test output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path

import pytest

from jeugdinkoop.io import load_assignments, load_embedded_region, read_rows
from jeugdinkoop.report import PSEUDONYM_KEY_ENV, write_report
from jeugdinkoop.validation import validate

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
IN_CI = os.environ.get("CI") == "true"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]


class _Dom(HTMLParser):
    """The text of every ``data-key`` element and the rows of every ``data-table`` table."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: dict[str, str] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.svgs = 0
        self._key: str | None = None
        self._table: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "svg":
            self.svgs += 1
        key, table = found.get("data-key"), found.get("data-table")
        if key:
            self._key = key
            self.keys[key] = ""
        if tag == "table" and table:
            self._table = table
            self.tables[table] = []
        if self._table and tag == "tr":
            self.tables[self._table].append([])
        if self._table and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._table and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        if tag == "table":
            self._table = None
        if tag in ("span", "p"):
            self._key = None

    def handle_data(self, data: str) -> None:
        if self._key is not None:
            self.keys[self._key] += data
        if self._cell is not None:
            self._cell.append(data)


def _chromium() -> str:
    if CHROMIUM is None:
        if IN_CI:
            pytest.fail(
                "CI=true but chromium is missing: .ci/run installs it "
                "(apt-get install -y --no-install-recommends chromium)"
            )
        pytest.skip("chromium is not installed (apt-get install chromium)")
    return CHROMIUM


def test_report_renders_in_chromium_with_the_key_figures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The example region's 2025 report, as Chromium renders it.

    Key figures worked out by hand: 2025 spend € 1.376.760,00 = VBL lumpsum budgets
    660.000 + 330.000 + 120.000 plus AMB PxQ 146.016 + 78.624 + 42.120 (see the table
    per segment); 3 municipalities, 4 providers; Gezinshuis De Linde's one youth costs
    € 6.073,21 in March 2025; seven care paths; 7 youths in care in 2025, 6 flowing out;
    no local conditions, so 0 findings; the calibration leaves € 0,00; under demand
    +10 % PxQ's municipality pays 100 %.
    """
    browser = _chromium()
    monkeypatch.setenv(PSEUDONYM_KEY_ENV, "00112233445566778899aabbccddeeff")
    region = load_embedded_region("voorbeeld")
    assignments = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
    rows = [row for _, row in read_rows(EXAMPLE / "voorbeeld-claims-2025-03.csv")]
    ledger = validate(rows, assignments, region).ledger
    page = write_report(
        tmp_path / "rapport.html", region, 2025, assignments=assignments, ledger=ledger, draws=20
    )
    dumped = subprocess.run(
        [browser, *FLAGS, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=180,
        check=True,
    ).stdout
    dom = _Dom()
    dom.feed(dumped)
    assert dom.keys["uitgaven-jaar"] == "€\xa01.376.760,00"
    assert dom.keys["gemeenten"] == "3"
    assert dom.keys["aanbieders"] == "4"
    assert dom.keys["bevindingen"] == "0 bevindingen"
    assert dom.keys["kalibratie-restant"].endswith("€\xa00,00")
    assert ["regio", "€\xa0266.760,00", "€\xa01.110.000,00", "€\xa01.376.760,00"] in dom.tables[
        "uitgaven-per-segment"
    ]
    assert ["Gezinshuis De Linde", "33333333", "€\xa06.073,21"] in dom.tables["kosten-per-jeugdige"]
    assert len(dom.tables["zorgpaden"]) == 1 + 7
    assert ["regio", "7", "7", "0", "6"] in dom.tables["stromen-geregistreerd"]
    risk = {row[0]: row for row in dom.tables["risico"][1:]}
    assert risk["PxQ"][-1] == "100 %"
    assert dom.svgs == 3
    assert all(a.client.reveal() not in dumped for a in assignments)

    shots = ROOT / "test-output"
    shots.mkdir(exist_ok=True)
    shot = shots / "rapport-voorbeeld.png"
    shot.unlink(missing_ok=True)
    subprocess.run(
        [browser, *FLAGS, "--window-size=1280,4200", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=180,
        check=True,
    )
    assert shot.stat().st_size > 50_000  # a blank page is a few kB
    with capsys.disabled():
        print(f"\n  screenshot of the report: {shot}")
