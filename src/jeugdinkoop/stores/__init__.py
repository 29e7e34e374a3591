"""Ledger stores: where the ledger lives between runs (a JSON file, SQLite, PostgreSQL).

:func:`open_ledger` opens one from a path or URL; every store satisfies
:class:`~jeugdinkoop.funding.LedgerStore` and books through ``store.batch()``. The SQL
store needs the ``sql`` extra (``pip install 'jeugdinkoop[sql]'``; PostgreSQL also
``[postgres]``); the JSON file needs nothing.

Examples:
    >>> import tempfile, pathlib
    >>> from jeugdinkoop.stores import open_ledger
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> open_ledger(folder / "ledger.json")
    JSONFileLedger(... 0 entries)
    >>> store = open_ledger(folder / "ledger.db")
    >>> store
    SQLLedger('sqlite:///...ledger.db')
    >>> store.close()
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from jeugdinkoop.errors import StoreError
from jeugdinkoop.funding import Entry, Ledger, LedgerBatch, LedgerStore, MessageRecord
from jeugdinkoop.io import dump_ledger, load_ledger
from jeugdinkoop.io.converter import LEDGER_FORMAT, LEDGER_VERSION, converter

if TYPE_CHECKING:
    from jeugdinkoop.stores.sql import SQLLedger

__all__ = ["SQLITE_SUFFIXES", "JSONFileLedger", "export_json", "import_json", "open_ledger"]

SQLITE_SUFFIXES = (".db", ".sqlite", ".sqlite3")
"""File suffixes :func:`open_ledger` opens as a SQLite store."""


class JSONFileLedger(Ledger):
    """An in-memory :class:`~jeugdinkoop.funding.Ledger` kept in a JSON interchange file.

    It loads the file when opened (an absent file is an empty ledger) and rewrites it,
    atomically, when a :meth:`batch` commits or :meth:`save` is called.

    Args:
        path: the JSON file (``jeugdinkoop-ledger`` format, as ``dump_ledger`` writes).
        entries: the entries to start with (``open_ledger`` passes the file's).
        messages: the message register to start with.
    """

    __slots__ = ("path",)

    def __init__(
        self,
        path: str | Path,
        entries: Iterable[Entry] = (),
        messages: Iterable[MessageRecord] = (),
    ) -> None:
        self.path = Path(path)
        super().__init__(entries, messages)

    def __repr__(self) -> str:
        return f"JSONFileLedger({str(self.path)!r}, {len(self)} entries)"

    def close(self) -> None:
        """Nothing to release (the file is written on :meth:`save`); as the SQL store's ``close``."""

    def save(self) -> None:
        """Write the ledger to its file (a temporary file renamed over it: never half-written)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        dump_ledger(self, self.path)

    @contextmanager
    def batch(self) -> Iterator[LedgerBatch]:
        """As :meth:`~jeugdinkoop.funding.Ledger.batch`, then save the file when the batch committed."""
        with super().batch() as pending:
            yield pending
        self.save()


def open_ledger(location: str | Path) -> JSONFileLedger | SQLLedger:
    """Open the ledger at a path or URL, creating it on first use.

    * ``*.json``: a :class:`JSONFileLedger` (the interchange file, held in memory);
    * ``*.db``, ``*.sqlite``, ``*.sqlite3`` or ``sqlite:///…``: a SQLite store;
    * ``postgresql://…``: a PostgreSQL store (psycopg 3).

    Raises:
        StoreError: when the location is none of these, or the SQL extra is missing.
    """
    text = str(location)
    if "://" not in text and Path(text).suffix.lower() == ".json":
        path = Path(text)
        if path.exists():
            ledger = load_ledger(path)
            return JSONFileLedger(path, ledger, ledger.messages)
        return JSONFileLedger(path)
    is_sql = text.startswith(("sqlite://", "postgresql://", "postgres://", "postgresql+")) or (
        "://" not in text and Path(text).suffix.lower() in SQLITE_SUFFIXES
    )
    if not is_sql:
        raise StoreError(
            f"ledger {text!r}: not a ledger location; give a .json file, a SQLite file "
            f"({', '.join(SQLITE_SUFFIXES)}) or a postgresql:// URL"
        )
    try:
        from jeugdinkoop.stores.sql import SQLLedger
    except ImportError as err:
        raise StoreError(
            f"ledger {text!r}: the SQL store needs SQLAlchemy (and psycopg for PostgreSQL): "
            f"pip install 'jeugdinkoop[sql]' or 'jeugdinkoop[postgres]' ({err})"
        ) from None
    return SQLLedger(text)


def export_json(store: LedgerStore, path: str | Path) -> int:
    """Write a store's entries and message register as the JSON interchange file; entries written.

    Entries are streamed, one line each, so a large store is never held in memory;
    :func:`~jeugdinkoop.io.load_ledger` reads the file.

    Examples:
        >>> import tempfile, pathlib
        >>> from jeugdinkoop.funding import Ledger
        >>> from jeugdinkoop.io import load_ledger
        >>> from jeugdinkoop.stores import export_json
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> export_json(Ledger(), folder / "out.json")
        0
        >>> load_ledger(folder / "out.json")
        Ledger(0 entries)
    """
    target = Path(path)
    count = 0
    temporary = target.with_name(target.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(f'{{"format": "{LEDGER_FORMAT}", "version": {LEDGER_VERSION},\n "entries": [')
        for count, entry in enumerate(store, start=1):
            handle.write(",\n  " if count > 1 else "\n  ")
            handle.write(json.dumps(converter.unstructure(entry), ensure_ascii=False))
        handle.write('\n ],\n "messages": [')
        for number, record in enumerate(store.messages, start=1):
            handle.write(",\n  " if number > 1 else "\n  ")
            handle.write(json.dumps(converter.unstructure(record), ensure_ascii=False))
        handle.write("\n ]\n}\n")
    temporary.replace(target)
    return count


def import_json(path: str | Path, store: JSONFileLedger | SQLLedger) -> int:
    """Add the entries and messages of a JSON interchange file to a store; entries added.

    What the store already holds (the same kind and key; the same message) is skipped,
    so importing a file twice adds nothing the second time.
    """
    ledger = load_ledger(path)
    if isinstance(store, JSONFileLedger):
        added = store.extend(e for e in ledger if store.get(e.kind, e.key) is None)
        for record in ledger.messages:
            if store.message(record.sender, record.kind, record.identification) is None:
                store.record_message(record)
        store.save()
        return added
    return store.extend(ledger, ledger.messages)
