"""The SQL store's tables, the invariants the database enforces, and the schema versions.

Money and quantities are integers of millionths (of a euro, of a unit): exact, summable
in SQL, never float. The invariants are the database's own, so that a raw SQL statement
cannot break them either:

* ``UNIQUE (key, kind)``: a kind and key is recorded once;
* a unique partial index on ``reverses``: one reversal per debit;
* a trigger: a credit's amount, value and quantity are minus its debit's;
* triggers refusing ``UPDATE`` and ``DELETE`` of entries and messages (append-only).

Schema versions are numbered; :data:`MIGRATIONS` maps each version to the step that
reaches it from the one before. A new version adds a step and never edits an old one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

import sqlalchemy as sa

SCALE: Final = 6
"""Amounts and quantities are stored as integers of 10**-SCALE."""

metadata = sa.MetaData()

_BIGINT = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

meta = sa.Table(
    "jeugdinkoop_meta",
    metadata,
    sa.Column("name", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(200), nullable=False),
)

entries = sa.Table(
    "ledger_entries",
    metadata,
    sa.Column("id", _BIGINT, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key", sa.String(300), nullable=False),
    sa.Column("provider", sa.String(8), nullable=False),
    sa.Column("municipality", sa.String(4), nullable=False),
    sa.Column("segment", sa.String(64), nullable=False),
    sa.Column("period_start", sa.Date, nullable=False),
    sa.Column("period_end", sa.Date, nullable=True),
    sa.Column("amount", sa.BigInteger, nullable=False),
    sa.Column("value", sa.BigInteger, nullable=False),
    sa.Column("assignment", sa.String(64), nullable=True),
    sa.Column("client", sa.String(9), nullable=True),
    sa.Column("product", sa.String(16), nullable=True),
    sa.Column("quantity", sa.BigInteger, nullable=False),
    sa.Column("unit", sa.String(4), nullable=True),
    sa.Column("reverses", sa.String(300), nullable=True),
    sa.Column("detail", sa.String(300), nullable=False, server_default=""),
    sa.UniqueConstraint("key", "kind", name="uq_ledger_entries_key_kind"),
    sa.CheckConstraint(
        "kind IN ('claim', 'credit', 'production', 'advance', 'payment', 'release', 'adjustment')",
        name="ck_ledger_entries_kind",
    ),
    # by assignment and service start: an assignment's history, its months, a repeated line
    sa.Index("ix_ledger_entries_assignment", "assignment", "period_start"),
    sa.Index("ix_ledger_entries_period_start", "period_start"),
    sa.Index(
        "uq_ledger_entries_reverses",
        "reverses",
        unique=True,
        sqlite_where=sa.text("reverses IS NOT NULL"),
        postgresql_where=sa.text("reverses IS NOT NULL"),
    ),
)

paid_totals = sa.Table(
    "ledger_paid_totals",
    metadata,
    sa.Column("provider", sa.String(8), primary_key=True),
    sa.Column("year", sa.Integer, primary_key=True),
    # '' is the provider's total over every municipality
    sa.Column("municipality", sa.String(4), primary_key=True),
    sa.Column("amount", sa.BigInteger, nullable=False),
)

messages = sa.Table(
    "ledger_messages",
    metadata,
    sa.Column("id", _BIGINT, primary_key=True, autoincrement=True),
    sa.Column("sender", sa.String(16), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("identification", sa.String(300), nullable=False),
    sa.Column("declaration", sa.String(300), nullable=False, server_default=""),
    sa.Column("received", sa.Date, nullable=True),
    sa.Column("digest", sa.String(64), nullable=False, server_default=""),
    sa.Column("lines", sa.Integer, nullable=False),
    sa.UniqueConstraint("sender", "kind", "identification", name="uq_ledger_messages_ident"),
    sa.Index(
        "uq_ledger_messages_declaration",
        "sender",
        "declaration",
        unique=True,
        sqlite_where=sa.text("declaration <> ''"),
        postgresql_where=sa.text("declaration <> ''"),
    ),
    sa.Index("ix_ledger_messages_digest", "digest"),
)

_CREDIT_RULE = "a credit must reverse a recorded debit exactly: amount, value and quantity minus those of the debit"

_SQLITE_TRIGGERS: Final = (
    *(
        f"""CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
        BEGIN SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"""
        for table in ("ledger_entries", "ledger_messages")
        for op in ("UPDATE", "DELETE")
    ),
    f"""CREATE TRIGGER ledger_entries_credit_exact BEFORE INSERT ON ledger_entries
    WHEN NEW.reverses IS NOT NULL AND NOT EXISTS (
        SELECT 1 FROM ledger_entries d
        WHERE d.key = NEW.reverses AND d.kind IN ('claim', 'production')
          AND d.amount = -NEW.amount AND d.value = -NEW.value AND d.quantity = -NEW.quantity)
    BEGIN SELECT RAISE(ABORT, '{_CREDIT_RULE}'); END""",
)

_POSTGRES_TRIGGERS: Final = (
    """CREATE FUNCTION jeugdinkoop_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$""",
    *(
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION jeugdinkoop_refuse_change()"""
        for table in ("ledger_entries", "ledger_messages")
    ),
    *(
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION jeugdinkoop_refuse_change()"""
        for table in ("ledger_entries", "ledger_messages")
    ),
    f"""CREATE FUNCTION jeugdinkoop_credit_exact() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.reverses IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM ledger_entries d
            WHERE d.key = NEW.reverses AND d.kind IN ('claim', 'production')
              AND d.amount = -NEW.amount AND d.value = -NEW.value
              AND d.quantity = -NEW.quantity) THEN
            RAISE EXCEPTION '{_CREDIT_RULE}';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER ledger_entries_credit_exact BEFORE INSERT ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION jeugdinkoop_credit_exact()""",
)


def _version_1(conn: sa.Connection) -> None:
    """The first schema: entries, running totals, the message register, the invariants."""
    metadata.create_all(conn)
    if conn.dialect.name == "postgresql":
        for statement in _POSTGRES_TRIGGERS:
            conn.exec_driver_sql(statement.replace("%", "%%"))  # psycopg's placeholders
    else:
        for statement in _SQLITE_TRIGGERS:
            conn.exec_driver_sql(statement)


MIGRATIONS: Final[dict[int, Callable[[sa.Connection], None]]] = {1: _version_1}
"""Schema version → the step that reaches it from the version before (0: no tables)."""

VERSION: Final = max(MIGRATIONS)
"""The schema version this library reads and writes."""


def current_version(conn: sa.Connection) -> int:
    """The schema version of a database: 0 when it has no ledger tables yet."""
    if not sa.inspect(conn).has_table(meta.name):
        return 0
    value = conn.execute(
        sa.select(meta.c.value).where(meta.c.name == "schema_version")
    ).scalar_one_or_none()
    return int(value) if value is not None else 0


def upgrade(conn: sa.Connection) -> tuple[int, int]:
    """Apply every step from the database's version to :data:`VERSION`; (from, to)."""
    start = current_version(conn)
    for version in range(start + 1, VERSION + 1):
        MIGRATIONS[version](conn)
        if version == 1:
            conn.execute(sa.insert(meta).values(name="schema_version", value="1"))
        else:  # pragma: no cover - no second version yet
            conn.execute(
                sa.update(meta).where(meta.c.name == "schema_version").values(value=str(version))
            )
    return start, VERSION
