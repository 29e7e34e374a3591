"""Store locations for the tests: a fresh SQLite file, and a PostgreSQL database when reachable.

PostgreSQL tests read ``JEUGDINKOOP_TEST_POSTGRES_URL`` (e.g.
``postgresql://jeugdinkoop:jeugdinkoop@localhost/jeugdinkoop_test``); locally they skip
without it, and under ``CI=true`` they fail instead, so that CI never silently skips them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jeugdinkoop.stores import open_ledger
from jeugdinkoop.stores.sql import SQLLedger

POSTGRES_ENV = "JEUGDINKOOP_TEST_POSTGRES_URL"

_TABLES = ("ledger_entries", "ledger_messages", "ledger_paid_totals", "jeugdinkoop_meta")
_FUNCTIONS = ("jeugdinkoop_refuse_change", "jeugdinkoop_credit_exact")


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run under CI=true: {reason}")
    pytest.skip(
        f"{reason}; to run the PostgreSQL tests set {POSTGRES_ENV}="
        "postgresql://USER:PASSWORD@HOST/DATABASE (a database they may empty)"
    )


def postgres_url() -> str:
    """The test server's URL, with the ledger tables dropped (skips or fails when absent)."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        _unavailable(f"{POSTGRES_ENV} is not set")
    import sqlalchemy as sa

    from jeugdinkoop.stores.sql import engine_url

    engine = sa.create_engine(engine_url(url))
    try:
        with engine.begin() as conn:
            for table in _TABLES:
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table} CASCADE")
            for function in _FUNCTIONS:
                conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}() CASCADE")
    except sa.exc.OperationalError as err:
        _unavailable(f"no PostgreSQL server at {POSTGRES_ENV} ({err.orig})")
    finally:
        engine.dispose()
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store location: a SQLite file, or the PostgreSQL test database."""
    if request.param == "sqlite":
        yield str(tmp_path / "ledger.db")
    else:
        yield postgres_url()


@pytest.fixture
def stores() -> Iterator[Callable[[str], SQLLedger]]:
    """Opens stores (``stores(location)``) and closes each at teardown, also when a test fails.

    A store left open when an assertion fails would keep its database connection until
    the garbage collector finds it, in some later test, which then reports psycopg's
    ``BaseConnection.__del__`` as an unraisable exception.
    """
    opened: list[SQLLedger] = []

    def open_store(location: str) -> SQLLedger:
        store = open_ledger(location)
        assert isinstance(store, SQLLedger), location
        opened.append(store)
        return store

    yield open_store
    for store in opened:
        store.close()
