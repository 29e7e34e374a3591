"""Rows, data frames and HTML tables for the reports of the lower layers (private).

:class:`~jeugdinkoop.funding.Settlement` and
:class:`~jeugdinkoop.validation.ValidationReport` share these; the scenarios layer has
its own in ``scenarios._render``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

HTML_ROWS = 50
"""How many rows an HTML table shows in a notebook before it says how many more there are."""


def pandas(what: str) -> Any:
    """Import pandas or say which extra to install."""
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError(
            f"{what} needs pandas, an optional extra: pip install jeugdinkoop[pandas]"
        ) from err
    return pd


def table(caption: str, rows: Sequence[Mapping[str, object]], columns: Sequence[str]) -> str:
    """A plain HTML table of the first :data:`HTML_ROWS` rows; every cell is escaped."""
    parts = ["<table>", f"<caption>{html.escape(caption)}</caption>", "<thead><tr>"]
    parts += [f"<th>{html.escape(name)}</th>" for name in columns]
    parts.append("</tr></thead><tbody>")
    for row in rows[:HTML_ROWS]:
        cells = "".join(f"<td>{html.escape(str(row.get(name, '')))}</td>" for name in columns)
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    if len(rows) > HTML_ROWS:
        parts.append(f"<p>… {len(rows) - HTML_ROWS} more rows; to_frame() has them all</p>")
    return "".join(parts)
