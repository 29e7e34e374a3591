"""Plain HTML tables and optional-dependency imports for scenario reports (private)."""

from __future__ import annotations

import html
from collections.abc import Hashable, Sequence
from decimal import Decimal
from typing import Any, Final

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode

KEYS: Final = ("year", "municipality", "segment", "provider", "model")
"""The fields scenario lines are grouped by."""

TWO_PLACES: Final = Decimal("0.01")


def check_keys(keys: Sequence[str], where: str) -> None:
    """Refuse unknown grouping keys, naming the ones that exist."""
    for key in keys:
        if key not in KEYS:
            raise InvalidValue(
                f"{where}: {key!r} is not a key to group by; use some of {', '.join(KEYS)}"
            )


def plain(value: Hashable) -> Hashable:
    """A key part as something that sorts and prints: codes as text, no provider as ''."""
    if isinstance(value, MunicipalityCode | AGBCode):
        return value.value
    if value is None:
        return ""
    return value


def sort_key(key: tuple[Hashable, ...]) -> tuple[Hashable, ...]:
    """Sort grouped keys by their plain values."""
    return tuple(plain(v) for v in key)


def quantity(value: Decimal) -> str:
    """A client count for people and CSV: two decimals at most, half up."""
    return f"{value.quantize(TWO_PLACES):f}" if value != value.to_integral_value() else f"{value:f}"


def table(caption: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain HTML table; every cell is escaped, columns after the first align right."""
    parts = ["<table>", f"<caption>{html.escape(caption)}</caption>", "<thead><tr>"]
    parts += [f"<th>{html.escape(cell)}</th>" for cell in header]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        cells = [
            f"<td>{html.escape(cell)}</td>"
            if i == 0
            else f'<td style="text-align: right">{html.escape(cell)}</td>'
            for i, cell in enumerate(row)
        ]
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def pandas(what: str) -> Any:
    """Import pandas or say which extra to install."""
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError(
            f"{what} needs pandas, an optional extra: pip install 'jeugdinkoop[pandas]'"
        ) from err
    return pd


def pyplot(what: str) -> Any:
    """Import matplotlib's pyplot or say which extra to install."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as err:
        raise ImportError(
            f"{what} needs matplotlib, an optional extra: pip install 'jeugdinkoop[plot]'"
        ) from err
    return plt
