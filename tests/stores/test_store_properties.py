"""Property: any sequence of batches gives the same outcome on a SQLite store as in memory.

Batches of debits (1–6 hours on T-001 or T-007 of the example region, whose volumes are
8 and 10 hours, so that some lines pass them) and credits of earlier lines — some repeats, some over the
volume, some credits of lines that were refused — are validated batch after batch
against a chained in-memory Ledger and booked into a store. Every batch must accept and
refuse the same lines for the same rules, and the store must end with the same entries
and the same running totals.
"""

from __future__ import annotations

import tempfile
from importlib.resources import files
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdinkoop.funding import Ledger
from jeugdinkoop.identifiers import AGBCode
from jeugdinkoop.io import load_assignments, load_example_region
from jeugdinkoop.stores.sql import SQLLedger
from jeugdinkoop.validation import ValidationReport, validate

EXAMPLE = Path(str(files("jeugdinkoop") / "regions"))
REGION = load_example_region()
ASSIGNMENTS = load_assignments(EXAMPLE / "voorbeeld-assignments.csv")
CLIENTS = {"T-001": ("100000010", "0001"), "T-007": ("100000083", "0003")}


@st.composite
def batches(draw: st.DrawFn) -> list[list[dict[str, Any]]]:
    """1–3 batches of up to 6 lines; references R-0 … numbered across batches."""
    result: list[list[dict[str, Any]]] = []
    number = 0
    for _ in range(draw(st.integers(1, 3))):
        batch = []
        for _ in range(draw(st.integers(0, 6))):
            assignment = draw(st.sampled_from(sorted(CLIENTS)))
            client, municipality = CLIENTS[assignment]
            day = draw(st.integers(15, 31))
            hours = draw(st.integers(1, 6))
            line = {
                "reference": f"R-{number}", "assignment": assignment,
                "provider": "22222222", "client": client, "municipality": municipality,
                "product": "45A01", "start": f"2025-03-{day:02d}", "end": f"2025-03-{day:02d}",
                "quantity": str(hours), "unit": "04", "amount": f"{78 * hours},00",
                "debit_credit": "D", "reverses": "",
            }  # fmt: skip
            earlier = [x for b in result for x in b if x["debit_credit"] == "D"]
            credit: bool = draw(st.booleans())
            if earlier and credit:
                target = draw(st.sampled_from(earlier))
                line = {**target, "reference": f"R-{number}", "debit_credit": "C",
                        "reverses": target["reference"]}  # fmt: skip
            number += 1
            batch.append(line)
        result.append(batch)
    return result


def _outcome(report: ValidationReport) -> tuple[object, ...]:
    return (
        [(a.claim.reference, a.amount) for a in report.accepted],
        sorted((r.subject, tuple(f.code for f in r.findings)) for r in report.rejected),
    )


@settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(batches())
def test_a_store_books_every_batch_as_the_ledger_does(plan: list[list[dict[str, Any]]]) -> None:
    ledger = Ledger()
    with tempfile.TemporaryDirectory() as folder:
        store = SQLLedger(Path(folder) / "ledger.db")
        try:
            for lines in plan:
                memory = validate(lines, ASSIGNMENTS, REGION, ledger)
                ledger = memory.ledger
                with store.batch() as batch:
                    stored = validate(lines, ASSIGNMENTS, REGION, ledger=batch)
                assert _outcome(stored) == _outcome(memory)
            assert list(store) == list(ledger)
            provider = AGBCode("22222222")
            assert store.paid_out(provider, 2025) == ledger.paid_out(provider, 2025)
            for assignment in CLIENTS:
                assert dict(store.quantities(assignment)) == dict(ledger.quantities(assignment))
        finally:
            store.close()
