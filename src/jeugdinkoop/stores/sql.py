"""The ledger in a SQL database, on SQLAlchemy Core: SQLite (a file) or PostgreSQL (psycopg 3).

Every read the library makes is one indexed query; nothing loads the history. Writes go
through :meth:`SQLLedger.batch`: one message or file is one transaction, holding the
store's write lock from its first read to its commit, so two processes never accept
together more volume or budget than an assignment has.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa

from jeugdinkoop.codes import Unit
from jeugdinkoop.errors import StoreError
from jeugdinkoop.funding import Entry, EntryKind, Ledger, LedgerBatch, MessageRecord
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Claim
from jeugdinkoop.money import CENT, Money
from jeugdinkoop.periods import Period
from jeugdinkoop.stores import _schema
from jeugdinkoop.stores._schema import SCALE, entries, messages, paid_totals

__all__ = ["SQLLedger", "engine_url"]

_WRITE: Final = "jeugdinkoop_write"
_LOCK_KEY: Final = 7_412_290_311  # the PostgreSQL advisory lock of the store's writer
_CLAIM_KINDS: Final = ("claim", "credit", "production")
_UNIT: Final = Decimal(1).scaleb(-SCALE)


def engine_url(location: str | Path) -> str:
    """The SQLAlchemy URL of a store location: a SQLite file path, or a database URL.

    ``postgresql://`` means psycopg 3 (``postgresql+psycopg://``).

    Examples:
        >>> from jeugdinkoop.stores.sql import engine_url
        >>> engine_url("ledger.db")
        'sqlite:///ledger.db'
        >>> engine_url("postgresql://user@db.example/ledger")
        'postgresql+psycopg://user@db.example/ledger'
    """
    text = str(location)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if "://" in text:
        return text
    return f"sqlite:///{text}"


def _chunks(items: list[str], size: int = 500) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _to_int(value: Decimal, what: str, entry: Entry | MessageRecord) -> int:
    scaled = value.scaleb(SCALE)
    if scaled != scaled.to_integral_value():
        key = getattr(entry, "key", "")
        raise StoreError(
            f"entry {key!r}: {what} {value} has more than {SCALE} decimals; the SQL store "
            f"keeps amounts and quantities to 10**-{SCALE} exactly"
        )
    return int(scaled)


@functools.lru_cache(maxsize=8192)
def _to_decimal(value: int, *, money: bool) -> Decimal:
    number = Decimal(value).scaleb(-SCALE)
    if money and number == number.quantize(CENT):
        return number.quantize(CENT)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _row(entry: Entry) -> dict[str, Any]:
    return {
        "kind": entry.kind.value,
        "key": entry.key,
        "provider": entry.provider.value,
        "municipality": entry.municipality.value,
        "segment": entry.segment,
        "period_start": entry.period.start,
        "period_end": entry.period.end,
        "amount": _to_int(entry.amount.amount, "amount", entry),
        "value": _to_int(entry.value.amount, "value", entry),
        "assignment": entry.assignment,
        "client": entry.client.reveal() if entry.client is not None else None,
        "product": entry.product.value if entry.product is not None else None,
        "quantity": _to_int(entry.quantity, "quantity", entry),
        "unit": entry.unit.value if entry.unit is not None else None,
        "reverses": entry.reverses,
        "detail": entry.detail,
    }


def _entry(row: Sequence[Any]) -> Entry:
    """An entry from a row of ``ledger_entries`` in table order (id first)."""
    (
        _,
        kind,
        key,
        provider,
        municipality,
        segment,
        start,
        end,
        amount,
        value,
        assignment,
        client,
        product,
        quantity,
        unit,
        reverses,
        detail,
    ) = row
    return Entry(
        kind=EntryKind(kind),
        key=key,
        provider=AGBCode(provider),
        municipality=MunicipalityCode(municipality),
        segment=segment,
        period=Period(_day(start), _day(end) if end is not None else None),
        amount=Money(_to_decimal(amount, money=True)),
        value=Money(_to_decimal(value, money=True)),
        assignment=assignment,
        client=BSN(client) if client is not None else None,
        product=ProductCode(product) if product is not None else None,
        quantity=_to_decimal(quantity, money=False),
        unit=Unit(unit) if unit is not None else None,
        reverses=reverses,
        detail=detail,
    )


def _message(row: sa.Row[Any]) -> MessageRecord:
    return MessageRecord(
        sender=row.sender,
        kind=row.kind,
        identification=row.identification,
        declaration=row.declaration,
        received=row.received,
        digest=row.digest,
        lines=row.lines,
    )


_COLUMNS: Final = ", ".join(c.name for c in entries.columns)

_QUERIES: Final[dict[str, str]] = {
    "key": f"SELECT {_COLUMNS} FROM ledger_entries WHERE key = :key",
    "assignment": f"SELECT {_COLUMNS} FROM ledger_entries WHERE assignment = :assignment ORDER BY id",
    "reverses": f"SELECT {_COLUMNS} FROM ledger_entries WHERE reverses = :reverses",
    "quantities": "SELECT period_start, unit, SUM(quantity) FROM ledger_entries"
    " WHERE assignment = :assignment AND kind IN ('claim', 'credit', 'production')"
    " GROUP BY period_start, unit",
    **{
        name: "SELECT d.key FROM ledger_entries d"
        " WHERE d.assignment = :assignment AND d.period_start = :start AND d.period_end = :end"
        f" AND {product}"  # iJw TR389: whatever the quantity
        " AND d.kind IN ('claim', 'production') AND d.amount >= 0 AND d.value >= 0"
        " AND NOT EXISTS (SELECT 1 FROM ledger_entries c WHERE c.reverses = d.key)"
        " ORDER BY d.id"
        for name, product in (
            ("like", "d.product = :product"),
            ("like_no_product", "d.product IS NULL"),
        )
    },
    "paid": "SELECT amount FROM ledger_paid_totals"
    " WHERE provider = :provider AND year = :year AND municipality = :municipality",
}
"""The hot reads (validation makes one or two per line), run on the driver's cursor."""

_COMPILED: dict[tuple[str, str], tuple[str, tuple[str, ...] | None]] = {}
_UNITS: Final[dict[str | None, Unit | None]] = {None: None, **{u.value: u for u in Unit}}
_PARAMETER: Final = re.compile(r":(\w+)")


def _compiled(dialect: sa.Dialect, name: str) -> tuple[str, tuple[str, ...] | None]:
    """The query in the driver's parameter style, with the parameter order when positional.

    ``name`` is a key of :data:`_QUERIES`, or else the SQL text itself (``:name``
    parameters).
    """
    found = _COMPILED.get((dialect.name, name))
    if found is None:
        text = _QUERIES.get(name, name)
        if dialect.paramstyle == "qmark":
            found = (_PARAMETER.sub("?", text), tuple(_PARAMETER.findall(text)))
        else:
            found = (_PARAMETER.sub(r"%(\1)s", text), None)
        _COMPILED[(dialect.name, name)] = found
    return found


@functools.lru_cache(maxsize=4096)
def _day(value: date | str) -> date:
    # a driver-level query returns SQLite's dates as ISO text
    return date.fromisoformat(value) if isinstance(value, str) else value


def _make_engine(url: str) -> sa.Engine:
    if url.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"timeout": 120})

        @sa.event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            # let SQLAlchemy's begin event, not the driver, start transactions
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA busy_timeout=120000")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA cache_size=-65536")  # 64 MiB of pages: the indexes' hot part
            cursor.close()

        @sa.event.listens_for(engine, "begin")
        def _begin(conn: sa.Connection) -> None:
            # a writing batch takes SQLite's one write lock at its start (BEGIN IMMEDIATE)
            immediate = conn.get_execution_options().get(_WRITE, False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return sa.create_engine(url, pool_pre_ping=True)


class SQLLedger:
    """SQLLedger [grootboek in een database]: the ledger store in SQLite or PostgreSQL.

    It satisfies :class:`~jeugdinkoop.funding.LedgerStore`, so
    :func:`~jeugdinkoop.validation.validate` and
    :func:`~jeugdinkoop.settlement.settle` work on it unchanged. Book through
    :meth:`batch`; the database refuses duplicate keys, a second reversal, a credit
    that is not minus its debit, and any UPDATE or DELETE of an entry.

    Args:
        location: a SQLite file path (created on first use) or a database URL
            (``postgresql://user:password@host/db``, ``sqlite:///path``).
        create: create the tables when the database has none (default); an existing
            database of an older schema version is never upgraded silently.

    Raises:
        StoreError: when the database's schema is older (run ``jeugdinkoop ledger
            upgrade``) or newer than this library's.

    Examples:
        >>> import tempfile, pathlib
        >>> from jeugdinkoop.funding import Entry, EntryKind
        >>> from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
        >>> from jeugdinkoop.money import Money
        >>> from jeugdinkoop.periods import Period
        >>> from jeugdinkoop.stores.sql import SQLLedger
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> store = SQLLedger(folder / "ledger.db")
        >>> advance = Entry(kind=EntryKind.ADVANCE, key="A-1", provider=AGBCode("12345678"),
        ...     municipality=MunicipalityCode("0193"), segment="AMB",
        ...     period=Period.month(2025, 1), amount=Money("100.00"))
        >>> with store.batch() as batch:
        ...     batch.append(advance)
        True
        >>> len(store), store.get(EntryKind.ADVANCE, "A-1") == advance
        (1, True)
        >>> store.close()
    """

    def __init__(self, location: str | Path, *, create: bool = True) -> None:
        self.url = engine_url(location)
        self.engine = _make_engine(self.url)
        try:
            with self.engine.connect() as conn:
                conn.execution_options(**{_WRITE: True})
                with conn.begin():
                    if self.dialect == "postgresql":
                        # two processes creating the tables at once: one waits for the other
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))
                    version = _schema.current_version(conn)
                    if version == 0 and create:
                        _schema.upgrade(conn)
                        version = _schema.VERSION
        except sa.exc.SQLAlchemyError as err:
            self.engine.dispose()
            raise StoreError(f"ledger store {self._safe_url()}: cannot open: {err}") from None
        if version != _schema.VERSION:
            self.engine.dispose()
            advice = (
                f"run 'jeugdinkoop ledger upgrade {self._safe_url()}' first"
                if version < _schema.VERSION
                else "it was written by a newer jeugdinkoop; upgrade the library"
            )
            raise StoreError(
                f"ledger store {self._safe_url()} has schema version {version}, this library "
                f"uses {_schema.VERSION}: {advice}"
            )
        self._conn: sa.Connection | None = None
        self._cache: dict[str, Any] = {}
        self._batching = False

    def _safe_url(self) -> str:
        return sa.make_url(self.url).render_as_string(hide_password=True)

    def __repr__(self) -> str:
        return f"SQLLedger({self._safe_url()!r})"

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    @property
    def dialect(self) -> str:
        """The database: ``"sqlite"`` or ``"postgresql"``."""
        return self.engine.dialect.name

    @contextmanager
    def _connection(self) -> Iterator[sa.Connection]:
        if self._conn is not None:
            yield self._conn
            return
        with self.engine.connect() as conn:
            yield conn

    def _bound(self, conn: sa.Connection) -> SQLLedger:
        view = object.__new__(SQLLedger)
        view.url = self.url
        view.engine = self.engine
        view._conn = conn
        view._cache = {}
        view._batching = True
        return view

    # -- writing ------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[LedgerBatch]:
        """One message or file as one transaction: all its entries are booked, or none.

        The transaction takes the store's write lock first (SQLite ``BEGIN IMMEDIATE``;
        a PostgreSQL advisory lock), so what the batch reads stays true until it
        commits: no other process books in between. Leaving the ``with`` block
        normally commits; an exception (or a killed process) books nothing.

        A process books through one batch of a store at a time: opening a second one
        (or calling :meth:`append` or :meth:`extend`) inside it would wait for the lock
        the first one holds, so it is refused instead.

        Raises:
            StoreError: when the database refuses the batch (a broken invariant), or a
                batch of this store is already open.
        """
        if self._batching:
            raise StoreError(
                f"ledger store {self._safe_url()}: a batch is already open; book through "
                "that batch (a second one would wait for its lock forever)"
            )
        self._batching = True
        try:
            with self._transaction() as pending:
                yield pending
        finally:
            self._batching = False

    @contextmanager
    def _transaction(self) -> Iterator[LedgerBatch]:
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            view = self._bound(conn)
            try:
                with conn.begin():
                    if self.dialect == "postgresql":
                        conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))
                    pending = LedgerBatch(view, view._write)
                    yield pending
                    if not pending.committed:
                        pending.commit()
            except sa.exc.DatabaseError as err:
                raise StoreError(
                    f"ledger store {self._safe_url()} refused the batch: {err.orig}"
                ) from None
            finally:
                # after the transaction the batch reads the store afresh
                view._conn = None
                view._cache.clear()

    def append(self, entry: Entry) -> bool:
        """Record one entry in its own transaction; ``False`` when its kind and key exist."""
        with self.batch() as batch:
            return batch.append(entry)

    def extend(self, new: Iterable[Entry], records: Iterable[MessageRecord] = ()) -> int:
        """Record entries (and messages) in one transaction, skipping what is already recorded.

        Unlike a :class:`~jeugdinkoop.funding.LedgerBatch` it checks existing keys in
        chunks, so importing a large file is fast. Returns how many entries were new.
        """
        count = 0
        with self.batch() as batch:
            for record in records:
                if batch.message(record.sender, record.kind, record.identification) is None:
                    batch.record_message(record)
            view = batch.base
            assert isinstance(view, SQLLedger)
            conn = view._conn
            assert conn is not None
            chunk: list[Entry] = []
            for entry in [*new, None]:
                if entry is not None:
                    chunk.append(entry)
                if chunk and (entry is None or len(chunk) >= 5000):
                    count += view._insert_new(conn, chunk)
                    chunk = []
            batch.commit()  # the messages
        return count

    def _insert_new(self, conn: sa.Connection, chunk: list[Entry]) -> int:
        keys = {e.key for e in chunk}
        existing = {
            (row.kind, row.key)
            for row in conn.execute(
                sa.select(entries.c.kind, entries.c.key).where(entries.c.key.in_(keys))
            )
        }
        seen: set[tuple[str, str]] = set()
        fresh = []
        for entry in chunk:
            ident = (entry.kind.value, entry.key)
            if ident not in existing and ident not in seen:
                seen.add(ident)
                fresh.append(entry)
        self._write(tuple(fresh), ())
        return len(fresh)

    def _write(self, new: tuple[Entry, ...], records: tuple[MessageRecord, ...]) -> None:
        """Insert a batch's entries, running totals and messages in the open transaction."""
        conn = self._conn
        assert conn is not None, "writes happen inside batch()"
        if new:
            conn.execute(sa.insert(entries), [_row(e) for e in new])
            totals: dict[tuple[str, int, str], int] = defaultdict(int)
            for entry in new:
                if entry.kind.is_paid_out:
                    amount = _to_int(entry.amount.amount, "amount", entry)
                    year = entry.period.start.year
                    totals[(entry.provider.value, year, "")] += amount
                    totals[(entry.provider.value, year, entry.municipality.value)] += amount
            for (provider, year, municipality), amount in totals.items():
                self._add_total(conn, provider, year, municipality, amount)
        if records:
            conn.execute(
                sa.insert(messages),
                [
                    {
                        "sender": r.sender,
                        "kind": r.kind,
                        "identification": r.identification,
                        "declaration": r.declaration,
                        "received": r.received,
                        "digest": r.digest,
                        "lines": r.lines,
                    }
                    for r in records
                ],
            )
        self._cache.clear()

    def _add_total(
        self, conn: sa.Connection, provider: str, year: int, municipality: str, amount: int
    ) -> None:
        insert: Any
        if self.dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import insert
        else:
            from sqlalchemy.dialects.sqlite import insert
        statement = insert(paid_totals).values(
            provider=provider, year=year, municipality=municipality, amount=amount
        )
        conn.execute(
            statement.on_conflict_do_update(
                index_elements=["provider", "year", "municipality"],
                set_={"amount": paid_totals.c.amount + statement.excluded.amount},
            )
        )

    # -- reading ------------------------------------------------------------------------
    def _select(self, statement: sa.Select[Any]) -> list[sa.Row[Any]]:
        with self._connection() as conn:
            return list(conn.execute(statement))

    def _query(self, name: str, **params: object) -> list[tuple[Any, ...]]:
        """Run a hot read by its compiled text on the driver's cursor (no per-call statement work)."""
        sql, order = _compiled(self.engine.dialect, name)
        arguments: Any = tuple(params[n] for n in order) if order is not None else params
        with self._connection() as conn:
            cursor = conn.connection.cursor()
            try:
                cursor.execute(sql, arguments)
                return [tuple(row) for row in cursor.fetchall()]
            finally:
                cursor.close()

    def _by_key(self, key: str) -> dict[str, Entry]:
        """Every entry with this key, by kind (cached inside a batch, which holds the lock)."""
        cache_key = "key:" + key
        if self._conn is not None and cache_key in self._cache:
            found: dict[str, Entry] = self._cache[cache_key]
            return found
        rows = self._query("key", key=key)
        found = {row[1]: _entry(row) for row in rows}
        if self._conn is not None:
            self._cache[cache_key] = found
        return found

    def _assignment(self, assignment: str) -> Ledger:
        """The assignment's entries as a small in-memory ledger (cached inside a batch)."""
        cache_key = "assignment:" + assignment
        if self._conn is not None and cache_key in self._cache:
            found: Ledger = self._cache[cache_key]
            return found
        rows = self._query("assignment", assignment=assignment)
        found = Ledger(_entry(row) for row in rows)
        if self._conn is not None:
            self._cache[cache_key] = found
        return found

    def get(self, kind: EntryKind, key: str) -> Entry | None:
        """The entry of this kind with this key, if recorded."""
        return self._by_key(key).get(kind.value)

    def has_claim(self, reference: str) -> bool:
        """Whether a claim line (debit, credit or report) with this reference is recorded."""
        return any(kind in _CLAIM_KINDS for kind in self._by_key(reference))

    def debit(self, reference: str) -> Entry | None:
        """The accepted debit (or production report) with this reference."""
        found = self._by_key(reference)
        return found.get("claim") or found.get("production")

    def reversal_of(self, reference: str) -> Entry | None:
        """The credit that reversed a debit, if any."""
        cached = self._cached("reversal:" + reference)
        if cached is not None:
            found: Entry | None = cached[0]
            return found
        rows = self._query("reverses", reverses=reference)
        return _entry(rows[0]) if rows else None

    def prefetch(self, claims: Iterable[Claim]) -> None:
        """Read at once what a batch of claim lines will ask about (inside a batch only).

        Their references, the debits their credits reverse, the delivered months of
        their assignments and the open debits of those assignments within the batch's
        service days: a few queries per thousand lines instead of two per line, which
        matters where each query is a network round trip (PostgreSQL). The reads
        themselves answer the same with or without it.
        """
        if self._conn is None:
            return
        lines = list(claims)
        if not lines:
            return
        keys = sorted({c.reference for c in lines} | {c.reverses for c in lines if c.reverses})
        targets = sorted({c.reverses for c in lines if c.reverses})
        assignments = sorted({c.assignment for c in lines})
        first, last = min(c.start for c in lines), max(c.start for c in lines)
        window = {"first": self._bind_day(first), "last": self._bind_day(last)}
        for chunk in _chunks(keys):
            by_key: dict[str, dict[str, Entry]] = {key: {} for key in chunk}
            for row in self._query_in(f"SELECT {_COLUMNS} FROM ledger_entries WHERE key IN", chunk):
                by_key[row[2]][row[1]] = _entry(row)
            for key, found in by_key.items():
                self._cache["key:" + key] = found
        for chunk in _chunks(targets):
            reversals: dict[str, Entry | None] = dict.fromkeys(chunk)
            sql = f"SELECT {_COLUMNS} FROM ledger_entries WHERE reverses IN"
            for row in self._query_in(sql, chunk):
                reversals[row[15]] = _entry(row)
            for key, reversal in reversals.items():
                self._cache["reversal:" + key] = (reversal,)
        for chunk in _chunks(assignments):
            months: dict[str, dict[tuple[int, int, Unit | None], Decimal]] = {a: {} for a in chunk}
            sql = (
                "SELECT assignment, period_start, unit, SUM(quantity) FROM ledger_entries"
                " WHERE kind IN ('claim', 'credit', 'production') AND assignment IN"
            )
            for assignment, start, unit, total in self._query_in(
                sql, chunk, " GROUP BY assignment, period_start, unit"
            ):
                day = _day(start)
                month = (day.year, day.month, _UNITS[unit])
                totals = months[assignment]
                totals[month] = totals.get(month, Decimal(0)) + _to_decimal(total, money=False)
            for assignment, totals in months.items():
                self._cache["quantities:" + assignment] = totals
            open_debits: dict[str, dict[tuple[Any, ...], list[str]]] = {a: {} for a in chunk}
            sql = (
                "SELECT d.key, d.assignment, d.period_start, d.period_end, d.product"
                " FROM ledger_entries d WHERE d.period_start BETWEEN :first AND :last"
                " AND d.kind IN ('claim', 'production') AND d.amount >= 0 AND d.value >= 0"
                " AND NOT EXISTS (SELECT 1 FROM ledger_entries c WHERE c.reverses = d.key)"
                " AND d.assignment IN"
            )
            for key, assignment, start, end, product in self._query_in(
                sql, chunk, " ORDER BY d.id", **window
            ):
                content = (_day(start), _day(end) if end else None, product)
                open_debits[assignment].setdefault(content, []).append(key)
            for assignment, found_debits in open_debits.items():
                self._cache["open:" + assignment] = (first, last, found_debits)

    def _query_in(
        self, head: str, values: list[str], tail: str = "", **params: object
    ) -> list[tuple[Any, ...]]:
        """``head (:v0, :v1, …) tail`` on the driver's cursor, the list bound as parameters."""
        names = [f"v{i}" for i in range(len(values))]
        sql = f"{head} ({', '.join(':' + n for n in names)}){tail}"
        return self._query(sql, **dict(zip(names, values, strict=True)), **params)

    def for_assignment(self, assignment: str) -> tuple[Entry, ...]:
        """Every entry recorded on an assignment number, in the order recorded."""
        return self._assignment(assignment).entries

    def _cached(self, cache_key: str) -> Any:
        return self._cache.get(cache_key) if self._conn is not None else None

    def _remember(self, cache_key: str, value: Any) -> None:
        if self._conn is not None:
            self._cache[cache_key] = value

    def _bind_day(self, day: date) -> date | str:
        # SQLite keeps SQLAlchemy's dates as ISO text; the driver's date adapter is deprecated
        return day.isoformat() if self.engine.dialect.name == "sqlite" else day

    def quantities(self, assignment: str) -> Mapping[tuple[int, int, Unit | None], Decimal]:
        """Delivered quantity per (year, month of service start, unit), net of credits.

        One indexed query summing per service start and unit; no entries are loaded.
        """
        cache_key = "quantities:" + assignment
        found: dict[tuple[int, int, Unit | None], Decimal] | None = self._cached(cache_key)
        if found is None:
            found = {}
            for start, unit, total in self._query("quantities", assignment=assignment):
                day = _day(start)
                month = (day.year, day.month, Unit(unit) if unit is not None else None)
                found[month] = found.get(month, Decimal(0)) + _to_decimal(total, money=False)
            self._remember(cache_key, found)
        return found

    def debits_like(
        self,
        assignment: str,
        start: date,
        end: date,
        product: ProductCode | None,
    ) -> tuple[str, ...]:
        """The references of unreversed debits with this content, oldest first (one indexed query).

        The content is the assignment, the product period and the product, whatever the
        quantity (iJw TR389).
        """
        known = self._cached("open:" + assignment)
        if known is not None and known[0] <= start <= known[1]:
            content_key = (start, end, product.value if product else None)
            return tuple(known[2].get(content_key, ()))
        content: dict[str, object] = {
            "assignment": assignment,
            "start": self._bind_day(start),
            "end": self._bind_day(end),
        }
        if product is None:
            rows = self._query("like_no_product", **content)
        else:
            rows = self._query("like", product=product.value, **content)
        return tuple(row[0] for row in rows)

    def paid_out(
        self, provider: AGBCode, year: int, municipality: MunicipalityCode | None = None
    ) -> Money:
        """Claims paid out (net of credits) to a provider for service in a year (a running total)."""
        cache_key = f"paid:{provider.value}:{year}:{municipality or ''}"
        if self._conn is not None and cache_key in self._cache:
            cached: Money = self._cache[cache_key]
            return cached
        rows = self._query(
            "paid",
            provider=provider.value,
            year=year,
            municipality=municipality.value if municipality else "",
        )
        found = Money(_to_decimal(rows[0][0], money=True)) if rows else Money.zero()
        if self._conn is not None:
            self._cache[cache_key] = found
        return found

    def in_period(self, period: Period) -> Iterator[Entry]:
        """Entries whose period starts within ``period``, in the order recorded."""
        condition = entries.c.period_start >= period.start
        if period.end is not None:
            condition = sa.and_(condition, entries.c.period_start <= period.end)
        rows = self._select(sa.select(entries).where(condition).order_by(entries.c.id))
        return (_entry(row) for row in rows)

    def __iter__(self) -> Iterator[Entry]:
        with self._connection() as conn:
            result = conn.execution_options(yield_per=2000).execute(
                sa.select(entries).order_by(entries.c.id)
            )
            for row in result:
                yield _entry(row)

    def __len__(self) -> int:
        with self._connection() as conn:
            return int(conn.execute(sa.select(sa.func.count()).select_from(entries)).scalar_one())

    @property
    def entries(self) -> tuple[Entry, ...]:
        """Every entry, in the order recorded (loads the whole store)."""
        return tuple(self)

    # -- the message register ----------------------------------------------------------
    def record_message(self, record: MessageRecord) -> None:
        """Register a processed message in its own transaction.

        Raises:
            DuplicateMessage: when the message or declaration number is registered.
        """
        with self.batch() as batch:
            batch.record_message(record)

    def _one_message(self, *conditions: sa.ColumnElement[bool]) -> MessageRecord | None:
        rows = self._select(sa.select(messages).where(*conditions).order_by(messages.c.id).limit(1))
        return _message(rows[0]) if rows else None

    def message(self, sender: str, kind: str, identification: str) -> MessageRecord | None:
        """The registered message of this sender, kind and identification, if any."""
        return self._one_message(
            messages.c.sender == sender,
            messages.c.kind == kind,
            messages.c.identification == identification,
        )

    def declaration(self, sender: str, number: str) -> MessageRecord | None:
        """The registered declaration of this provider with this number, if any."""
        if not number:
            return None
        return self._one_message(messages.c.sender == sender, messages.c.declaration == number)

    def message_with_digest(self, digest: str) -> MessageRecord | None:
        """The first registered message whose content had this SHA-256 digest, if any."""
        if not digest:
            return None
        return self._one_message(messages.c.digest == digest)

    @property
    def messages(self) -> tuple[MessageRecord, ...]:
        """Every registered message, in the order registered."""
        return tuple(
            _message(row) for row in self._select(sa.select(messages).order_by(messages.c.id))
        )

    def schema_version(self) -> int:
        """The schema version of the database."""
        with self._connection() as conn:
            return _schema.current_version(conn)


def upgrade(location: str | Path) -> tuple[int, int]:
    """Bring a store's schema to this library's version, in one transaction; (from, to).

    Examples:
        >>> import tempfile, pathlib
        >>> from jeugdinkoop.stores.sql import upgrade
        >>> upgrade(pathlib.Path(tempfile.mkdtemp()) / "new.db")
        (0, 1)
    """
    url = engine_url(location)
    engine = _make_engine(url)
    try:
        with engine.connect() as conn:
            conn.execution_options(**{_WRITE: True})
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(_LOCK_KEY)))
                return _schema.upgrade(conn)
    finally:
        engine.dispose()
