"""Reports for people: aligned text tables, and the same rows as CSV.

The command line and the main job print their reports with :func:`print_table` and,
with ``--out``, write them with :func:`write_rows`.

Examples:
    >>> import sys
    >>> print_table([["gemeente", "bedrag"], ["Voorstad", "€ 1,00"]], sys.stdout, right=[1])
      gemeente  bedrag
      --------  ------
      Voorstad  € 1,00
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from babel.numbers import format_decimal

__all__ = ["format_number", "print_table", "write_rows"]


def print_table(rows: Sequence[Sequence[str]], out: TextIO, right: Iterable[int] = ()) -> None:
    """Print rows as an aligned text table; the first row is the header, ``right`` columns align right."""
    if not rows:
        return
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    align = set(right)
    for n, row in enumerate(rows):
        cells = [
            str(c).rjust(w) if i in align else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  " + "  ".join(cells).rstrip(), file=out)
        if n == 0:
            print("  " + "  ".join("-" * w for w in widths), file=out)


def format_number(value: Decimal | float, lang: str = "nl", places: int = 2) -> str:
    """A number for a person or a spreadsheet: decimal comma in Dutch, point in English.

    No thousands separators, so that a Dutch spreadsheet reads ``1234,50`` as a number.

    Examples:
        >>> format_number(Decimal("1234.5")), format_number(Decimal("1234.5"), "en")
        ('1234,50', '1234.50')
        >>> format_number(0.1834, places=2)
        '0,18'
    """
    pattern = "0." + "0" * places if places else "0"
    locale = "en_GB" if lang == "en" else "nl_NL"
    return format_decimal(value, pattern, locale=locale, group_separator=False)


def write_rows(path: Path, rows: Sequence[dict[str, str]], *, bom: bool = False) -> str:
    """Write dict rows as a ``;``-separated UTF-8 CSV (the folder is made); returns the path.

    The ``;`` is what a Dutch spreadsheet expects (its list separator, since the decimal
    separator is the comma); write numbers with ``format_number``. With ``bom``,
    the file starts with a byte-order mark, so that Excel reads it as UTF-8 (``€``,
    ``ë``). The header is the first row's keys, in the language of the run.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> target = Path(tempfile.mkdtemp()) / "sub" / "t.csv"
        >>> _ = write_rows(target, [{"a": "1", "b": "2"}])
        >>> target.read_text(encoding="utf-8").splitlines()
        ['a;b', '1;2']
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        if rows:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=";")
            writer.writeheader()
            writer.writerows(rows)
    return str(path)
