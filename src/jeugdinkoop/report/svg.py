"""Inline SVG charts for the report: bars (stacked or not) and lines, no external assets.

Every text is escaped; amounts on the axis are written with Babel (``1,2 mln.``).
Values are ``Decimal``; only the drawing coordinates become ``float``.

Examples:
    >>> from decimal import Decimal
    >>> from jeugdinkoop.report.svg import bar_chart
    >>> svg = bar_chart("kosten", ["2026", "2027"], [("AMB", [Decimal(10), Decimal(20)])])
    >>> svg.startswith("<svg") and "<title>kosten</title>" in svg
    True
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from babel.numbers import format_compact_decimal

from jeugdinkoop.errors import InvalidValue

__all__ = ["DASHES", "PALETTE", "bar_chart", "line_chart"]

PALETTE: Final = (
    "#1f5f8b",
    "#e07b24",
    "#3a9a5b",
    "#c0392b",
    "#7d5ba6",
    "#8c6d31",
    "#d16ba5",
    "#5f6b73",
    "#17a2b8",
    "#b5a900",
)
"""Series colours, in order (distinguishable, print well in grey too)."""

DASHES: Final = ("", "8 4", "2 3", "12 3 2 3")
"""Line patterns, in order, so that lines on top of each other stay visible."""

_WIDTH: Final = 760
_HEIGHT: Final = 320
_LEFT: Final = 80
_RIGHT: Final = 20
_TOP: Final = 30
_BOTTOM: Final = 60
_TICKS: Final = 5

Series = Sequence[tuple[str, Sequence[Decimal]]]


def _axis_max(top: Decimal) -> Decimal:
    """A round number at or above ``top`` (1, 1.2, 1.5, 2, 2.5, … or 8 × a power of ten)."""
    if top <= 0:
        return Decimal(1)
    power = Decimal(10) ** (len(str(int(top))) - 1)
    for step in (1, Decimal("1.2"), Decimal("1.5"), 2, Decimal("2.5"), 3, 4, 5, 6, 8, 10):
        if top <= power * step:
            return power * step
    return power * 10  # pragma: no cover - the loop ends at 10 × power


def _label(value: Decimal, locale: str) -> str:
    return str(format_compact_decimal(value, locale=locale, fraction_digits=1))


def _frame(title: str, top: Decimal, locale: str, unit: str) -> list[str]:
    plot_h = _HEIGHT - _TOP - _BOTTOM
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {_HEIGHT}" '
        f'width="{_WIDTH}" height="{_HEIGHT}" role="img" aria-label="{html.escape(title)}" '
        'font-family="sans-serif" font-size="12">',
        f"<title>{html.escape(title)}</title>",
        f'<text x="{_LEFT}" y="18" font-weight="bold">{html.escape(title)}</text>',
    ]
    for i in range(_TICKS + 1):
        value = top * i / _TICKS
        y = _TOP + plot_h - plot_h * i / _TICKS
        parts.append(
            f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>'
        )
        parts.append(
            f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{html.escape(unit + _label(value, locale))}</text>"
        )
    return parts


def _check(title: str, categories: Sequence[str], series: Series) -> None:
    for name, values in series:
        if len(values) != len(categories):
            raise InvalidValue(
                f"chart {title!r}: series {name!r} has {len(values)} values for "
                f"{len(categories)} categories; give one value per category"
            )


def _legend(names: Sequence[str]) -> list[str]:
    parts = []
    x = _LEFT
    y = _HEIGHT - 14
    for i, name in enumerate(names):
        colour = PALETTE[i % len(PALETTE)]
        parts.append(f'<rect x="{x}" y="{y - 10}" width="10" height="10" fill="{colour}"/>')
        parts.append(f'<text x="{x + 14}" y="{y}">{html.escape(name)}</text>')
        x += 24 + 7 * len(name)
    return parts


def bar_chart(
    title: str,
    categories: Sequence[str],
    series: Series,
    *,
    stacked: bool = True,
    locale: str = "nl_NL",
    unit: str = "€ ",
) -> str:
    """Bars per category, one colour per series, stacked (default) or side by side.

    Args:
        title: the chart's title (also its accessible name).
        categories: the labels along the x axis.
        series: ``(name, values)`` pairs, one value per category (negatives count as 0).
        stacked: stack the series; else place them side by side.
        locale: the Babel locale of the axis labels.
        unit: put before every axis label.

    Examples:
        >>> from decimal import Decimal
        >>> from jeugdinkoop.report.svg import bar_chart
        >>> svg = bar_chart("x", ["a"], [("s", [Decimal(1)]), ("t", [Decimal(2)])])
        >>> svg.count("<rect") - 2  # two bars, two legend keys
        2

    Raises:
        InvalidValue: when a series has not one value per category.
    """
    _check(title, categories, series)
    values = [[max(v, Decimal(0)) for v in vs] for _, vs in series]
    if stacked:
        heights = [sum((vs[i] for vs in values), Decimal(0)) for i in range(len(categories))]
    else:
        heights = [v for vs in values for v in vs]
    top = _axis_max(max(heights, default=Decimal(0)))
    parts = _frame(title, top, locale, unit)
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    slot = plot_w / max(len(categories), 1)
    width = slot * 0.7 / (1 if stacked else max(len(values), 1))
    for i, category in enumerate(categories):
        x0 = _LEFT + slot * i + slot * 0.15
        base = Decimal(0)
        for j, vs in enumerate(values):
            value = vs[i]
            h = float(value / top) * plot_h
            y = _TOP + plot_h - float(base / top) * plot_h - h
            x = x0 if stacked else x0 + width * j
            parts.append(
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{h:.1f}" '
                f'fill="{PALETTE[j % len(PALETTE)]}"><title>'
                f"{html.escape(series[j][0])} {html.escape(category)}: "
                f"{html.escape(unit + _label(value, locale))}</title></rect>"
            )
            if stacked:
                base += value
        parts.append(
            f'<text x="{x0 + slot * 0.35:.1f}" y="{_TOP + plot_h + 16}" '
            f'text-anchor="middle">{html.escape(category)}</text>'
        )
    parts += _legend([name for name, _ in series])
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    title: str,
    categories: Sequence[str],
    series: Series,
    *,
    locale: str = "nl_NL",
    unit: str = "€ ",
) -> str:
    """One line per series over the categories (years, say), with a dot per value.

    Examples:
        >>> from decimal import Decimal
        >>> from jeugdinkoop.report.svg import line_chart
        >>> svg = line_chart("x", ["2026", "2027"], [("s", [Decimal(1), Decimal(2)])])
        >>> svg.count("<polyline"), svg.count("<circle")
        (1, 2)
    """
    _check(title, categories, series)
    top = _axis_max(max((max(vs, default=Decimal(0)) for _, vs in series), default=Decimal(0)))
    parts = _frame(title, top, locale, unit)
    plot_w = _WIDTH - _LEFT - _RIGHT
    plot_h = _HEIGHT - _TOP - _BOTTOM
    step = plot_w / max(len(categories) - 1, 1)
    for i, category in enumerate(categories):
        parts.append(
            f'<text x="{_LEFT + step * i:.1f}" y="{_TOP + plot_h + 16}" '
            f'text-anchor="middle">{html.escape(category)}</text>'
        )
    for j, (name, vs) in enumerate(series):
        colour = PALETTE[j % len(PALETTE)]
        points = [
            (_LEFT + step * i, _TOP + plot_h - float(max(v, Decimal(0)) / top) * plot_h)
            for i, v in enumerate(vs)
        ]
        dash = DASHES[j % len(DASHES)]
        pattern = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2"{pattern} points="'
            + " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            + '"/>'
        )
        parts += [
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>'
            f"{html.escape(name)} {html.escape(categories[i])}: "
            f"{html.escape(unit + _label(vs[i], locale))}</title></circle>"
            for i, (x, y) in enumerate(points)
        ]
    parts += _legend([name for name, _ in series])
    parts.append("</svg>")
    return "".join(parts)
