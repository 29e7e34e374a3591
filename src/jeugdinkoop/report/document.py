"""The council report: one self-contained HTML file, in Dutch, built with the standard library.

Sections: key figures; spend per municipality and segment over the years; cost per
youth per provider; in-, through- and outflow; care paths (pseudonymised); local
conditions and thresholds with their findings; the funding variants compared after
calibration, with who carries the risk when demand rises. No scripts, no external
assets: styles inline, charts inline SVG (:mod:`jeugdinkoop.report.svg`), amounts and
numbers with Babel.

Youths appear only under keyed pseudonyms (:func:`jeugdinkoop.monitoring.pseudonym`);
the key comes from the environment variable ``PSEUDONYM_KEY_ENV``, or is drawn at
random for this one report, which then says so. As a last safeguard every BSN of the
given assignments is removed from the finished text.
"""

from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Final

from babel.numbers import format_decimal

from jeugdinkoop import __version__
from jeugdinkoop.demo import FIRST_YEAR, achterhoek_iaj_calibration, region_calibration
from jeugdinkoop.funding import Ledger
from jeugdinkoop.identifiers import MunicipalityCode
from jeugdinkoop.model import Assignment, Region
from jeugdinkoop.model.parties import LocalCondition
from jeugdinkoop.money import Money
from jeugdinkoop.monitoring import (
    average_cost_per_youth,
    care_paths,
    check_local_rules,
    flows,
    new_pseudonym_key,
    pseudonym_key_from_env,
)
from jeugdinkoop.report.svg import bar_chart, line_chart
from jeugdinkoop.scenarios import Calibration, ScenarioResult, demand_sensitivity
from jeugdinkoop.scenarios.calibrate import format_factor

__all__ = ["PSEUDONYM_KEY_ENV", "build_report", "demo_reports", "pseudonym_key", "write_report"]

PSEUDONYM_KEY_ENV: Final = "JEUGDINKOOP_PSEUDONYM_KEY"
"""The environment variable holding the secret key of the youths' pseudonyms."""

_MAX_PATHS: Final = 30

_STYLE: Final = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem auto;
max-width:1300px;padding:0 1rem;color:#222;line-height:1.45}
h1{font-size:1.7rem;margin-bottom:.2rem}h2{border-bottom:2px solid #1f5f8b;padding-bottom:.2rem;
margin-top:2.2rem}h3{margin-top:1.4rem}
.note{color:#555;font-size:.9rem}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(210px,1fr));gap:.8rem;margin:1rem 0}
.figure{background:#f2f6f9;border-left:4px solid #1f5f8b;padding:.6rem .8rem}
.figure .value{font-size:1.3rem;font-weight:bold;display:block}
.wide{overflow-x:auto}.wide table{font-size:.8rem}
table{border-collapse:collapse;margin:.6rem 0 1rem;font-size:.88rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border-bottom:1px solid #ddd;padding:.25rem .55rem;vertical-align:top}
th{background:#eef2f5;text-align:left}
td.num,th.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
tr.total td{font-weight:bold;border-top:2px solid #999}
.finding{color:#a12a1a}.ok{color:#2a7a3a}
svg{max-width:100%;height:auto;margin:.5rem 0}
@media print{.wide{overflow:visible}h2{page-break-before:auto}}
"""


def _e(text: object) -> str:
    return html.escape(str(text))


def _table(
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    total: Sequence[str] | None = None,
    key: str | None = None,
    text: Sequence[int] = (0,),
) -> str:
    """An HTML table: the ``text`` columns left-aligned, the others numbers (right-aligned)."""
    attr = f' data-table="{_e(key)}"' if key else ""
    parts = [f'<div class="wide"><table{attr}><caption>{_e(caption)}</caption><thead><tr>']
    numeric = ' class="num"'
    parts += [
        f'<th{"" if i in text else numeric} scope="col">{_e(h)}</th>' for i, h in enumerate(header)
    ]
    parts.append("</tr></thead><tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(_cell(i in text, c) for i, c in enumerate(row)) + "</tr>")
    if total is not None:
        parts.append(
            '<tr class="total">'
            + "".join(_cell(i in text, c) for i, c in enumerate(total))
            + "</tr>"
        )
    parts.append("</tbody></table></div>")
    return "".join(parts)


def _cell(is_text: bool, text: str) -> str:
    return f"<td>{_e(text)}</td>" if is_text else f'<td class="num">{_e(text)}</td>'


def _figure(key: str, label: str, value: str) -> str:
    return (
        f'<div class="figure"><span class="label">{_e(label)}</span>'
        f'<span class="value" data-key="{_e(key)}">{_e(value)}</span></div>'
    )


def _number(value: Decimal | int, locale: str) -> str:
    return str(format_decimal(value, format="#,##0.#", locale=locale))


def _thousands(amount: Money | None, locale: str) -> str:
    """An amount in thousands of euros, whole (``1.094,6`` → ``1.095``)."""
    value = Decimal(0) if amount is None else amount.amount / 1000
    return str(format_decimal(value, format="#,##0", locale=locale))


def _names(region: Region) -> dict[MunicipalityCode, str]:
    return {m.code: f"{m.code.value} {m.name}" for m in region.municipalities}


def _spend_section(result: ScenarioResult, region: Region, year: int, locale: str) -> str:
    years = list(result.years)
    names = _names(region)
    by_my = result.by("municipality", "year")
    by_ms = result.by("municipality", "segment", "year")
    by_sy = result.by("segment", "year")
    segments = sorted({k[0] for k in by_sy}, key=str)
    municipalities = sorted(result.municipalities, key=lambda m: m.value)
    chart = bar_chart(
        f"Verwachte uitgaven per jaar en segment, {region.name}",
        [str(y) for y in years],
        [(str(s), [by_sy.get((s, y), Money.zero()).amount for y in years]) for s in segments],
        locale=locale,
    )
    per_year = _table(
        "Uitgaven per gemeente per jaar (bedragen × € 1.000)",
        ["gemeente", *map(str, years)],
        [
            [names.get(m, m.value), *(_thousands(by_my.get((m, y)), locale) for y in years)]
            for m in municipalities
        ],
        total=[
            "regio",
            *(
                _thousands(
                    Money.sum(by_my.get((m, y), Money.zero()) for m in municipalities), locale
                )
                for y in years
            ),
        ],
        key="uitgaven-per-jaar",
    )
    per_segment = _table(
        f"Uitgaven per gemeente en segment in {year}",
        ["gemeente", *map(str, segments), "totaal"],
        [
            [
                names.get(m, m.value),
                *(by_ms.get((m, s, year), Money.zero()).format(locale) for s in segments),
                by_my.get((m, year), Money.zero()).format(locale),
            ]
            for m in municipalities
        ],
        total=[
            "regio",
            *(by_sy.get((s, year), Money.zero()).format(locale) for s in segments),
            Money.sum(by_sy.get((s, year), Money.zero()) for s in segments).format(locale),
        ],
        key="uitgaven-per-segment",
    )
    return (
        "<section id='uitgaven'><h2>Uitgaven per gemeente en segment</h2>"
        "<p class='note'>Verwachte uitgaven onder de eigen bekostigingsmodellen van de regio, "
        "bij een illustratieve vraag: 1 % van de jeugdigen (0–17 jaar) in zorg aan het begin, "
        "40 % instroom en 35 % uitstroom per jaar. De echte vraag van een regio komt uit "
        "haar eigen cijfers.</p>" + chart + per_year + per_segment + "</section>"
    )


def _cost_per_youth_section(
    region: Region, year: int, ledger: Ledger | None, result: ScenarioResult, locale: str
) -> str:
    parts = ["<section id='kosten-per-jeugdige'><h2>Kosten per jeugdige per aanbieder</h2>"]
    providers = {p.agb: p.name for p in region.providers}
    costs = average_cost_per_youth(ledger, year) if ledger is not None else {}
    if costs:
        parts.append(
            "<p class='note'>Geaccepteerde declaraties en productieverantwoordingen in "
            f"{year}, gedeeld door het aantal verschillende jeugdigen per aanbieder.</p>"
        )
        parts.append(
            bar_chart(
                f"Gemiddelde kosten per jeugdige, {year}",
                [providers.get(a, a.value) for a in costs],
                [("kosten per jeugdige", [c.amount for c in costs.values()])],
                locale=locale,
            )
        )
        parts.append(
            _table(
                f"Kosten per jeugdige per aanbieder, {year}",
                ["aanbieder", "AGB-code", "kosten per jeugdige"],
                [[providers.get(a, ""), a.value, c.format(locale)] for a, c in costs.items()],
                key="kosten-per-jeugdige",
                text=(0, 1),
            )
        )
    else:
        per_client = result.cost_per_client_by("segment", "year")
        parts.append(
            f"<p class='note'>Geen declaraties voor {year} opgegeven: hieronder de verwachte "
            "kosten per cliënt per segment uit het scenario.</p>"
        )
        parts.append(
            _table(
                f"Verwachte kosten per cliënt per segment, {year}",
                ["segment", "kosten per cliënt"],
                [
                    [str(k[0]), "–" if v is None else v.format(locale)]
                    for k, v in sorted(per_client.items(), key=lambda kv: str(kv[0]))
                    if k[1] == year
                ],
                key="kosten-per-client",
            )
        )
    parts.append("</section>")
    return "".join(parts)


def _flow_section(
    region: Region,
    year: int,
    assignments: Sequence[Assignment],
    result_demand: Iterable[tuple[MunicipalityCode, Decimal, Decimal, Decimal]],
    locale: str,
) -> str:
    names = _names(region)
    parts = ["<section id='stromen'><h2>In-, door- en uitstroom</h2>"]
    registered = flows(assignments, year)
    if registered:
        parts.append(
            _table(
                f"Geregistreerd in {year} (uit de toewijzingen)",
                ["gemeente", "in zorg", "instroom", "doorstroom", "uitstroom"],
                [
                    [
                        names.get(f.municipality, f.municipality.value),
                        *(
                            _number(n, locale)
                            for n in (f.in_care, f.inflow, f.throughflow, f.outflow)
                        ),
                    ]
                    for f in registered
                ],
                total=[
                    "regio",
                    *(
                        _number(sum(getattr(f, a) for f in registered), locale)
                        for a in ("in_care", "inflow", "throughflow", "outflow")
                    ),
                ],
                key="stromen-geregistreerd",
            )
        )
    else:
        parts.append(f"<p class='note'>Geen toewijzingen in {year} opgegeven.</p>")
    expected: dict[MunicipalityCode, list[Decimal]] = defaultdict(lambda: [Decimal(0)] * 3)
    for municipality, start, inflow, outflow in result_demand:
        row = expected[municipality]
        row[0] += start
        row[1] += inflow
        row[2] += outflow
    parts.append(
        _table(
            f"Verwacht in {year} (scenario, alle segmenten)",
            ["gemeente", "in zorg op 1 januari", "instroom", "uitstroom"],
            [
                [names.get(m, m.value), *(_number(n, locale) for n in row)]
                for m, row in sorted(expected.items(), key=lambda kv: kv[0].value)
            ],
            key="stromen-verwacht",
        )
    )
    parts.append("</section>")
    return "".join(parts)


def _paths_section(  # noqa: PLR0917 - one private caller
    region: Region,
    assignments: Sequence[Assignment],
    ledger: Ledger | None,
    key: bytes,
    random_key: bool,
    locale: str,
) -> str:
    parts = ["<section id='zorgpaden'><h2>Zorgpaden (gepseudonimiseerd)</h2>"]
    source = (
        "een willekeurige sleutel die alleen voor dit rapport is gemaakt en niet is bewaard: "
        "de pseudoniemen zijn niet te vergelijken met die in andere rapporten"
        if random_key
        else f"de sleutel uit de omgevingsvariabele {PSEUDONYM_KEY_ENV}"
    )
    parts.append(
        "<p class='note' data-key='pseudoniemen'>Jeugdigen staan hier alleen onder een "
        f"pseudoniem (HMAC-SHA256 van het BSN met {_e(source)}); geen BSN verlaat dit "
        "systeem.</p>"
    )
    paths = care_paths(assignments, ledger if ledger is not None else Ledger(), key)
    if not paths:
        parts.append("<p class='note'>Geen toewijzingen opgegeven.</p></section>")
        return "".join(parts)
    providers = {p.agb: p.name for p in region.providers}
    rows = [
        [
            p.youth,
            " → ".join(p.products),
            ", ".join(dict.fromkeys(providers.get(s.provider, s.provider.value) for s in p.steps)),
            "lopend" if p.days is None else _number(p.days, locale),
            p.total_cost.format(locale),
        ]
        for p in paths[:_MAX_PATHS]
    ]
    shown = (
        f"{len(paths)} zorgpaden"
        if len(paths) <= _MAX_PATHS
        else f"de eerste {_MAX_PATHS} van {len(paths)} zorgpaden"
    )
    parts.append(
        _table(
            f"Zorgpaden: {shown}",
            ["pseudoniem", "producten", "aanbieders", "dagen", "kosten"],
            rows,
            key="zorgpaden",
            text=(0, 1, 2),
        )
    )
    parts.append("</section>")
    return "".join(parts)


def _condition_text(c: LocalCondition) -> list[str]:
    out = []
    if c.max_providers is not None:
        out.append(f"hoogstens {c.max_providers} aanbieders")
    if c.max_distance_km is not None:
        out.append(f"hoogstens {c.max_distance_km} km afstand")
    if c.min_clients_per_year is not None:
        out.append(f"minstens {c.min_clients_per_year} cliënten per jaar")
    if c.closed_to_new_entrants or c.closed_from is not None:
        since = f" vanaf {c.closed_from:%d-%m-%Y}" if c.closed_from else ""
        out.append(f"gesloten voor nieuwe aanbieders{since}")
    if c.entry_month is not None:
        out.append(f"toetreding alleen per 1e van maand {c.entry_month}")
    if c.lots:
        out.append("percelen " + ", ".join(c.lots))
    if c.tiers:
        out.append("treden " + ", ".join(c.tiers))
    if c.sufficient_providers is not None:
        out.append(f"dicht voor toetreding bij {c.sufficient_providers} aanbieders")
    if c.min_providers is not None:
        out.append(f"schaarste onder {c.min_providers} aanbieders")
    if c.quality_marks:
        out.append("kwaliteitseisen " + ", ".join(c.quality_marks))
    if c.identities:
        out.append("grondslag " + ", ".join(c.identities))
    return out


def _rules_section(
    region: Region,
    year: int,
    ledger: Ledger | None,
    assignments: Sequence[Assignment],
) -> str:
    names = _names(region)
    conditions = list(
        dict.fromkeys(c for contract in region.contracts for c in contract.local_conditions)
    )
    on = date(year, 1, 1)
    findings = check_local_rules(region, on, ledger, assignments)
    parts = ["<section id='lokale-voorwaarden'><h2>Lokale voorwaarden en drempels</h2>"]
    if conditions:
        parts.append(
            _table(
                "Voorwaarden die gemeenten zelf stellen",
                ["gemeente", "segmenten", "voorwaarden"],
                [
                    [
                        names.get(c.municipality, c.municipality.value),
                        ", ".join(c.segments) or "alle",
                        "; ".join(_condition_text(c)) or "–",
                    ]
                    for c in sorted(conditions, key=lambda c: c.municipality.value)
                ],
                key="voorwaarden",
                text=(0, 1, 2),
            )
        )
    else:
        parts.append("<p class='note'>De regio kent geen lokale voorwaarden.</p>")
    count = len(findings)
    parts.append(
        f"<h3>Bevindingen (peildatum {on:%d-%m-%Y})</h3>"
        f"<p data-key='bevindingen'>{_e(count)} bevinding{'' if count == 1 else 'en'}</p>"
    )
    if findings:
        parts.append("<ul>")
        parts += [f"<li class='finding'>{_e(f)}</li>" for f in findings]
        parts.append("</ul>")
    else:
        parts.append("<p class='ok'>Alle lokale voorwaarden worden nageleefd.</p>")
    parts.append("</section>")
    return "".join(parts)


def _variants_section(calibration: Calibration, demand_pct: int, draws: int, locale: str) -> str:
    year = calibration.base_year
    comparison = calibration.compare()
    baseline = calibration.scenarios[0].name
    parts = [
        "<section id='bekostigingsvarianten'><h2>Bekostigingsvarianten vergeleken</h2>",
        "<p class='note'>Elke variant begint bij dezelfde uitgaven: de uitgaven in "
        f"{year} onder {_e(baseline)} zijn per gemeente en segment budgetneutraal omgerekend "
        "naar de parameters van elke variant (budgetten, tarieven of trajectprijzen × een "
        "factor), zoals de conversiestap van de startbudgetten. Wat daarna verschilt, is de "
        "dynamiek van elk model bij groei van de vraag, indexering en onzekerheid.</p>",
    ]
    rows = []
    for variant in calibration.variants:
        cells = [c for c in calibration.cells if c.variant == variant]
        factors = [c.factor for c in cells if c.factor is not None]
        span = f"{format_factor(min(factors))} – {format_factor(max(factors))}" if factors else "–"
        rows.append(
            [
                variant,
                Money.sum(c.baseline for c in cells).format(locale),
                Money.sum(c.before for c in cells).format(locale),
                span,
                Money.sum(c.after for c in cells).format(locale),
                calibration.remainder(variant).format(locale),
            ]
        )
    parts.append(
        _table(
            f"Kalibratie op {year}",
            [
                "variant",
                f"{baseline} {year}",
                "vóór kalibratie",
                "factor",
                "na kalibratie",
                "restant (afronding)",
            ],
            rows,
            key="kalibratie",
        )
    )
    parts.append(
        f"<p data-key='kalibratie-restant'>Afrondingsrestant van de kalibratie: "
        f"{_e(calibration.remainder().format(locale))}</p>"
    )
    detail = [
        [
            f"{c.variant}: {c.municipality.value} {c.segment}",
            c.baseline.format(locale),
            c.before.format(locale),
            "niet te schalen" if c.factor is None else format_factor(c.factor),
            c.after.format(locale),
            c.remainder.format(locale),
        ]
        for c in calibration.cells
    ]
    parts.append(
        "<details><summary>Kalibratie per gemeente en segment</summary>"
        + _table(
            f"Kalibratie per gemeente en segment, {year}",
            ["variant: gemeente segment", "doel", "vóór", "factor", "na", "restant"],
            detail,
        )
        + "</details>"
    )
    by_year = comparison.table("year")
    years = [str(row.key[0]) for row in by_year]
    parts.append(
        line_chart(
            "Uitgaven per jaar per variant (na kalibratie)",
            years,
            [
                (name, [row.costs[i].amount for row in by_year])
                for i, name in enumerate(comparison.names)
            ],
            locale=locale,
        )
    )
    totals = comparison.totals()
    parts.append(
        _table(
            "Uitgaven per jaar per variant",
            ["jaar", *comparison.names],
            [[years[i], *(c.format(locale) for c in row.costs)] for i, row in enumerate(by_year)],
            total=["totaal", *(t.format(locale) for t in totals)],
            key="varianten-per-jaar",
        )
    )
    per_m = comparison.table()
    parts.append(
        _table(
            f"Uitgaven {years[0]}–{years[-1]} per gemeente",
            ["gemeente", *comparison.names, *(f"{n} − {baseline}" for n in comparison.names[1:])],
            [
                [
                    row.label,
                    *(c.format(locale) for c in row.costs),
                    *(d.format(locale) for d in row.differences),
                ]
                for row in per_m
            ],
            total=[
                "totaal",
                *(t.format(locale) for t in totals),
                *((t - totals[0]).format(locale) for t in totals[1:]),
            ],
            key="varianten-per-gemeente",
        )
    )
    risk = demand_sensitivity(calibration.scenarios, demand_pct)
    parts.append(
        f"<h3>Vraag +{demand_pct} %: wie draagt het risico?</h3>"
        f"<p class='note'>Dezelfde gekalibreerde varianten met {demand_pct} % meer cliënten "
        f"(in zorg, instroom en uitstroom). De extra zorg is {demand_pct} % van de uitgaven "
        "van de variant; wat de gemeente daarvan niet betaalt, levert de aanbieder "
        "onbetaald.</p>"
    )
    parts.append(
        _table(
            f"Uitgaven {years[0]}–{years[-1]} bij {demand_pct} % meer vraag",
            [
                "variant",
                "uitgaven",
                f"vraag +{demand_pct} %",
                "gemeente betaalt meer",
                "aanbieder draagt",
                "aandeel gemeente",
            ],
            [
                [
                    r.variant,
                    r.spend.format(locale),
                    r.spend_more.format(locale),
                    r.municipality_pays.format(locale),
                    r.providers_carry.format(locale),
                    "–" if r.municipality_share_pct is None else f"{r.municipality_share_pct} %",
                ]
                for r in risk
            ],
            key="risico",
        )
    )
    if draws:
        last = int(years[-1])
        rows = []
        for scenario in calibration.scenarios:
            spread = [
                s
                for s in scenario.run(draws=draws, seed=1).spread
                if s.year == last and s.municipality is None
            ]
            if spread:
                s = spread[0]
                rows.append(
                    [
                        scenario.name,
                        s.p5.format(locale),
                        s.p50.format(locale),
                        s.p95.format(locale),
                        s.width.format(locale),
                    ]
                )
        parts.append(
            f"<h3>Onzekerheid in {last}</h3><p class='note'>{_e(draws)} trekkingen van in-, "
            "uitstroom en zorggebruik (Monte Carlo, vast zaadgetal); de bandbreedte is het "
            "verschil tussen het 95e en 5e percentiel van de uitgaven van de regio.</p>"
        )
        parts.append(
            _table(
                f"Uitgaven {last}: 5e, 50e en 95e percentiel",
                ["variant", "P5", "P50", "P95", "bandbreedte"],
                rows,
                key="onzekerheid",
            )
        )
    parts.append("</section>")
    return "".join(parts)


def pseudonym_key() -> tuple[bytes, bool]:
    """The pseudonym key from ``PSEUDONYM_KEY_ENV`` (hex, at least 16 bytes), or a fresh one.

    Returns:
        The key and whether it was drawn at random for this report.

    Raises:
        InvalidValue: when the variable is set but is not hex of at least 16 bytes (the
            message never shows the value).

    Examples:
        >>> import os
        >>> from jeugdinkoop.report import PSEUDONYM_KEY_ENV, pseudonym_key
        >>> os.environ[PSEUDONYM_KEY_ENV] = "00112233445566778899aabbccddeeff"
        >>> key, drawn = pseudonym_key()
        >>> key.hex(), drawn
        ('00112233445566778899aabbccddeeff', False)
        >>> del os.environ[PSEUDONYM_KEY_ENV]
        >>> pseudonym_key()[1]
        True
    """
    key = pseudonym_key_from_env(PSEUDONYM_KEY_ENV)
    if key is not None:
        return key, False
    return new_pseudonym_key(), True


def build_report(
    region: Region,
    year: int,
    *,
    assignments: Iterable[Assignment] = (),
    ledger: Ledger | None = None,
    calibration: Calibration | None = None,
    demand_pct: int = 10,
    draws: int = 100,
    sources: str = "",
    locale: str = "nl_NL",
) -> str:
    """The report on a region for a year, as the text of one self-contained HTML file.

    Args:
        region: the region.
        year: the report's year: the first year of the scenarios, the year of the flows,
            the cost per youth and the local-rule checks (on 1 January).
        assignments: assignments for the flows and care paths (optional).
        ledger: accepted claims for the cost per youth and client thresholds (optional).
        calibration: the funding-variant comparison to show (default: the region's own
            models, PxQ and output-based over ten years, calibrated on ``year``; see
            ``jeugdinkoop.demo.region_calibration``).
        demand_pct: the demand rise of the risk table, in percent.
        draws: Monte Carlo draws for the uncertainty table (0: none).
        sources: a line on where the data came from, shown under the title.
        locale: the Babel locale of amounts and numbers (Dutch by default).

    Examples:
        >>> from jeugdinkoop.io import load_embedded_region
        >>> from jeugdinkoop.report import build_report
        >>> text = build_report(load_embedded_region("midden_ijssel"), 2026, draws=0)
        >>> text.startswith("<!DOCTYPE html>"), 'lang="nl"' in text, "<script" in text
        (True, True, False)
    """
    given = tuple(assignments)
    key, random_key = pseudonym_key()
    own = region_calibration(region, year)
    base = own.scenarios[0]
    result = base.run()
    comparison = calibration if calibration is not None else own
    in_year = result.by("year").get((year,), Money.zero())
    figures = [
        _figure("uitgaven-jaar", f"verwachte uitgaven {year}", in_year.format(locale)),
        _figure(
            "uitgaven-totaal",
            f"verwachte uitgaven {result.years[0]}–{result.years[-1]}",
            result.total().format(locale),
        ),
        _figure("gemeenten", "gemeenten", _number(len(region.municipalities), locale)),
        _figure("aanbieders", "aanbieders", _number(len(region.providers), locale)),
    ]
    demand_in_year = [
        (d.municipality, d.clients_start, d.inflow, d.outflow)
        for d in base.demand
        if d.year == year
    ]
    body = [
        "<!DOCTYPE html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(region.name)}: rapportage jeugdhulp {year}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<header><h1>{_e(region.name)}: rapportage jeugdhulp {year}</h1>",
        f"<p class='note'>Gemaakt met jeugdinkoop {_e(__version__)} op "
        f"{date.today():%d-%m-%Y}. {_e(sources)}</p></header>",
        "<section id='kerncijfers'><h2>Kerncijfers</h2><div class='figures'>",
        *figures,
        "</div></section>",
        _spend_section(result, region, year, locale),
        _cost_per_youth_section(region, year, ledger, result, locale),
        _flow_section(region, year, given, demand_in_year, locale),
        _paths_section(region, given, ledger, key, random_key, locale),
        _rules_section(region, year, ledger, given),
        _variants_section(comparison, demand_pct, draws, locale),
        "</body></html>",
    ]
    text = "\n".join(body)
    for assignment in given:
        text = text.replace(assignment.client.reveal(), "[BSN verwijderd]")
    return text


def write_report(
    path: Path | str,
    region: Region,
    year: int,
    *,
    assignments: Iterable[Assignment] = (),
    ledger: Ledger | None = None,
    calibration: Calibration | None = None,
    demand_pct: int = 10,
    draws: int = 100,
    sources: str = "",
    locale: str = "nl_NL",
) -> Path:
    """Write :func:`build_report` to ``path`` (UTF-8), making its folder; returns the path.

    The arguments are those of :func:`build_report`.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from jeugdinkoop.io import load_embedded_region
        >>> from jeugdinkoop.report import write_report
        >>> folder = Path(tempfile.mkdtemp())
        >>> write_report(folder / "r.html", load_embedded_region("midden_ijssel"), 2026,
        ...              draws=0).name
        'r.html'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = build_report(
        region,
        year,
        assignments=assignments,
        ledger=ledger,
        calibration=calibration,
        demand_pct=demand_pct,
        draws=draws,
        sources=sources,
        locale=locale,
    )
    target.write_text(text, encoding="utf-8")
    return target


def demo_reports(
    folder: Path,
    regions: Sequence[Region],
    *,
    example: tuple[Region, int, Sequence[Assignment], Ledger] | None = None,
    draws: int = 100,
) -> list[str]:
    """The demo's reports: the Achterhoek with its calibrated IAJ comparison, and the example.

    Args:
        folder: where to write ``rapport-<region>.html``.
        regions: the embedded regions (the Achterhoek's report is written when it is one).
        example: the example region, its year, assignments and ledger of accepted claims.
        draws: Monte Carlo draws for the uncertainty tables.

    Returns:
        The names of the files written.
    """
    written: list[str] = []
    for region in regions:
        if region.code == "achterhoek":
            path = write_report(
                folder / "rapport-achterhoek.html",
                region,
                FIRST_YEAR,
                calibration=achterhoek_iaj_calibration(region),
                draws=draws,
                sources="Vergelijking: segment IAJ, 320 cliënten bij de start (voorbeeld "
                "startbudget); geen toewijzingen of declaraties.",
            )
            written.append(str(path))
    if example is not None:
        region, year, assignments, ledger = example
        path = write_report(
            folder / f"rapport-{region.code}.html",
            region,
            year,
            assignments=assignments,
            ledger=ledger,
            draws=draws,
            sources="Toewijzingen en declaraties: de meegeleverde voorbeeldbestanden.",
        )
        written.append(str(path))
    return written
