"""Store locations for the tests: a fresh SQLite file, and a PostgreSQL database when reachable.

PostgreSQL tests read ``JEUGDINKOOP_TEST_POSTGRES_URL`` (e.g.
``postgresql://jeugdinkoop:jeugdinkoop@localhost/jeugdinkoop_test``); locally they skip
without it, and under ``CI=true`` they fail instead, so that CI never silently skips them.
Each run works in its own schema ``jeugdinkoop_test_<pid>`` of that database (through
``search_path``) and drops it at the end: two runs at once never see each other's tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from jeugdinkoop.stores import open_ledger
from jeugdinkoop.stores.sql import SQLLedger

POSTGRES_ENV = "JEUGDINKOOP_TEST_POSTGRES_URL"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL tests cannot run under CI=true: {reason}")
    pytest.skip(
        f"{reason}; to run the PostgreSQL tests set {POSTGRES_ENV}="
        "postgresql://USER:PASSWORD@HOST/DATABASE (a database where they may create a schema)"
    )


# Each test run books into its own schema of the test database, so that two runs at
# once (CI beside a local run) never drop or fill each other's tables.
_SCHEMA = f"jeugdinkoop_test_{os.getpid()}"
_created: list[str] = []


def _in_schema(url: str) -> str:
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options=-csearch_path%3D{_SCHEMA}"


def postgres_url() -> str:
    """The test server's URL in this run's own, emptied schema (skips or fails when absent)."""
    url = os.environ.get(POSTGRES_ENV, "")
    if not url:
        _unavailable(f"{POSTGRES_ENV} is not set")
    import sqlalchemy as sa

    from jeugdinkoop.stores.sql import engine_url

    engine = sa.create_engine(engine_url(url))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {_SCHEMA} CASCADE")
            conn.exec_driver_sql(f"CREATE SCHEMA {_SCHEMA}")
    except sa.exc.OperationalError as err:
        _unavailable(f"no PostgreSQL server at {POSTGRES_ENV} ({err.orig})")
    finally:
        engine.dispose()
    if not _created:
        _created.append(url)
    return _in_schema(url)


@pytest.fixture(scope="session", autouse=True)
def _drop_test_schema() -> Iterator[None]:
    """Drops this run's schema after the last test (when a PostgreSQL test made it)."""
    yield
    if not _created:
        return
    import sqlalchemy as sa

    from jeugdinkoop.stores.sql import engine_url

    engine = sa.create_engine(engine_url(_created[0]))
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql(f"DROP SCHEMA IF EXISTS {_SCHEMA} CASCADE")
    finally:
        engine.dispose()


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
