"""The in-memory path needs neither SQLAlchemy nor psycopg; the SQL store says how to get them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
sys.modules["sqlalchemy"] = None  # as if the [sql] extra were not installed
sys.modules["psycopg"] = None
from jeugdinkoop.cli import main
from jeugdinkoop.errors import StoreError
from jeugdinkoop.stores import open_ledger
print("json", open_ledger(sys.argv[1] + "/l.json"))
try:
    open_ledger(sys.argv[1] + "/l.db")
except StoreError as err:
    print("db", err)
print("demo", main(["demo"], out=open("/dev/null", "w")))
print("loaded", sorted(m for m in sys.modules if m.startswith(("sqlalchemy.", "psycopg."))))
"""


def test_without_the_sql_extra(tmp_path: Path) -> None:
    """The demo and a JSON ledger work; a .db asks for `pip install 'jeugdinkoop[sql]'`."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path)], capture_output=True, text=True, check=True
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith("json JSONFileLedger(")
    assert "the SQL store needs SQLAlchemy" in lines[1]
    assert "pip install 'jeugdinkoop[sql]'" in lines[1]
    assert lines[2:] == ["demo 0", "loaded []"]
