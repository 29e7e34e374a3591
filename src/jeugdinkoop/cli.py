"""The ``jeugdinkoop`` command: the main job (``demo``), claim validation, scenarios, budgets.

Every command has ``--help``. Errors go to standard error, one line per problem; the
exit status is 0 when all went well, 1 when ``validate`` refused lines, 2 on usage or
file errors.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO, TypeVar

from tqdm import tqdm

from jeugdinkoop import __version__, demo, ijw
from jeugdinkoop.errors import JeugdinkoopError, LoadError
from jeugdinkoop.i18n import DEFAULT_LOCALE, LOCALES, translate, translate_phrases
from jeugdinkoop.io import (
    EMBEDDED_REGIONS,
    dump_ledger,
    embedded_region_code,
    load_assignments,
    load_embedded_region,
    load_ledger,
    load_region,
    load_scenarios,
    read_rows,
    region_schema,
)
from jeugdinkoop.io.text import format_number, print_table, write_rows
from jeugdinkoop.model import Assignment, Region
from jeugdinkoop.model.findings import RULES
from jeugdinkoop.model.numbers import (
    QUANTITY_BOUND,
    TOTAL_BOUND,
    InvalidNumber,
    parse_typed_decimal,
)
from jeugdinkoop.model.records import CLAIM_FIELDS
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.report import demo_reports, write_report
from jeugdinkoop.scenarios import HistoricUse, LocalEstimate, compare, lumpsum_start_budget
from jeugdinkoop.settlement import Ledger, MessageRecord, Settlement, settle

if TYPE_CHECKING:
    from jeugdinkoop.stores import JSONFileLedger
    from jeugdinkoop.stores.sql import SQLLedger
from jeugdinkoop.validation import ValidationReport, validate

__all__ = ["build_parser", "main", "region_summary"]

T = TypeVar("T")

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE: what a shell reports for a command whose reader went away (``| head``)."""

_LANG = [DEFAULT_LOCALE]
"""The language of the current run (set by :func:`main` from ``--lang``)."""

MAX_DRAWS = 1_000_000
"""The most Monte Carlo draws ``scenario --draws`` runs."""


class _UsageError(Exception):
    """A problem with the command line or the files named on it."""


def _region(spec: str) -> Region:
    """An embedded region by code, or a region file by path."""
    code = embedded_region_code(spec)
    if code in EMBEDDED_REGIONS:  # region names are case-insensitive: Achterhoek, zuid-limburg
        return load_embedded_region(code)
    path = Path(spec)
    if not path.exists():
        raise _UsageError(
            translate(
                "region {spec!r}: not an embedded region ({embedded}) nor a file", _LANG[0]
            ).format(spec=spec, embedded=", ".join(EMBEDDED_REGIONS))
        )
    return load_region(path)


def _embedded_regions(out: TextIO) -> list[Region]:
    regions = []
    for code in EMBEDDED_REGIONS:
        try:
            regions.append(load_embedded_region(code))
        except (LoadError, FileNotFoundError) as err:  # a region file still being written
            print(
                f"{translate('region skipped', _LANG[0])} {code}: {str(err).splitlines()[0]}",
                file=sys.stderr,
            )
    return regions


def region_summary(region: Region, out: TextIO, lang: str = DEFAULT_LOCALE) -> None:
    """Print a summary of a region: municipalities, segments and funding, products, tariffs.

    Args:
        region: the region.
        out: where to print.
        lang: ``"nl"`` (the default) or ``"en"``.

    Examples:
        >>> import sys
        >>> from jeugdinkoop.io import load_embedded_region
        >>> region_summary(load_embedded_region("voorbeeld"), sys.stdout, "en")
        <BLANKLINE>
        == Regio Voorbeeld (voorbeeld) ==
        ...
          Municipalities (3): Voorstad (0001, central municipality), ...
        ...
    """
    t = _translator(lang)
    money = _money_locale(lang)
    print(f"\n== {region.name} ({region.code}) ==", file=out)
    if region.description:
        print(f"  {region.description}", file=out)
    central = region.central_municipality
    names = ", ".join(
        f"{m.name} ({m.code}{', ' + t('central municipality') if m.code == central else ''})"
        for m in region.municipalities
    )
    print(f"  {t('Municipalities')} ({len(region.municipalities)}): {names}", file=out)
    print(
        f"  {t('Providers')}: {len(region.providers)}, {t('contracts')}: {len(region.contracts)}",
        file=out,
    )
    rows = [[t("segment"), t("name"), t("domain"), t("funding")]]
    for segment in region.all_segments():
        depth = len(region.segment_path(segment.code)) - 1
        model = segment.funding
        funding = (
            f"{model.name} ({model.variant.label})"
            if model is not None
            else t("(as the parent segment)")
        )
        rows.append(["  " * depth + segment.code, segment.name, segment.domain.label, funding])
    print_table(rows, out)
    rows = [[t("product"), t("name"), t("category"), t("unit"), t("tariff"), t("valid")]]
    for product in region.catalog:
        for tariff in region.tariffs.for_product(product.code):
            tier = f" ({tariff.tier})" if tariff.tier else ""
            who = f" [{tariff.provider}]" if tariff.provider else ""
            rows.append(
                [
                    product.code.value,
                    product.name + tier + who,
                    product.category.value,
                    tariff.unit.label,
                    tariff.rate.format(money),
                    str(tariff.period),
                ]
            )
    print_table(rows, out, right=[4])


def _translator(lang: str) -> Callable[[str], str]:
    """The lookup of one run's language: English message ids, Dutch from the catalog."""
    return lambda message: translate(message, lang)


def _columns(lang: str) -> Callable[[str], str]:
    """CSV column names in a language: words joined by ``_`` (``te_betalen``)."""
    return lambda message: translate(message, lang).replace(" ", "_")


def _money_locale(lang: str) -> str:
    """The Babel locale amounts are formatted in for a language."""
    return "en_GB" if lang == "en" else "nl_NL"


def _example_file(name: str) -> Path:
    return Path(str(files("jeugdinkoop") / "regions" / name))


def _print_report(report: ValidationReport, out: TextIO, lang: str | None = None) -> None:
    """Print the counts, one filled-in example per rule, and every refused line.

    ``lang`` defaults to the run's language (``--lang``).
    """
    lang = lang or _LANG[0]
    t = _translator(lang)
    total = report.total_accepted.format(_money_locale(lang))
    print(
        f"  {t('accepted')}: {len(report.accepted)}, {t('refused')}: {len(report.rejected)}, "
        f"{t('total accepted')}: {total}",
        file=out,
    )
    example: dict[str, str] = {}
    for rejected in report.rejected:
        for finding in rejected.findings:
            example.setdefault(finding.code, finding.message_in(lang))
    for code, count in report.counts().items():
        shown = example.get(code) or RULES[code].title_in(lang)
        more = f" ({t('for example')})" if count > 1 else ""
        print(f"    {code} × {count}{more}: {shown}", file=out)
    for rejected in report.rejected:
        for finding in rejected.findings:
            code = f" [iJw {finding.ijw_code}]" if finding.ijw_code else ""
            print(
                f"    {t('refused')} {_subject(rejected.subject, t)}: "
                f"{finding.code}{code} {finding.message_in(lang)}",
                file=out,
            )


def _subject(subject: str, t: Callable[[str], str]) -> str:
    """A finding's subject (``claim R-1``, ``record 3``) with its first word translated."""
    word, _, rest = subject.partition(" ")
    return f"{t(word)} {rest}".strip()


def _print_settlement(
    region: Region,
    report: ValidationReport,
    period: Period,
    assignments: Sequence[Assignment],
    out: TextIO,
    *,
    lang: str = DEFAULT_LOCALE,
) -> None:
    settlement = settle(report.ledger, region, period, assignments=assignments)
    _print_settlement_table(region, settlement, out, lang=lang)


def _print_settlement_table(
    region: Region, settlement: Settlement, out: TextIO, *, lang: str = DEFAULT_LOCALE
) -> None:
    """A line per provider × municipality × segment with every column, then the totals."""
    t = _translator(lang)
    money = _money_locale(lang)
    rows = [
        [
            t("provider"),
            t("municipality"),
            t("segment"),
            t("claimed"),
            t("payable"),
            t("advanced"),
            t("balance"),
            t("released"),
        ]
    ]
    for line in settlement.lines:
        rows.append(
            [
                region.provider(line.provider).name,
                region.municipality(line.municipality).name,
                line.segment,
                line.claimed.format(money),
                line.payable.format(money),
                line.advanced.format(money),
                line.balance.format(money),
                line.released.format(money),
            ]
        )
    rows.append(
        [
            t("total"),
            "",
            "",
            *(
                settlement.total(what).format(money)
                for what in ("claimed", "payable", "advanced", "balance", "released")
            ),
        ]
    )
    print_table(rows, out, right=[3, 4, 5, 6, 7])


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """The main job on the embedded example data: results first, the catalogs behind ``regions``."""
    lang = args.lang
    t = _translator(lang)
    print(
        f"jeugdinkoop {__version__} — {t('demonstration on the example data that ships with the package')}",
        file=out,
    )
    regions = _embedded_regions(out)
    example = load_embedded_region("voorbeeld")
    assignments = load_assignments(_example_file("voorbeeld-assignments.csv"))
    rows = [row for _, row in read_rows(_example_file("voorbeeld-claims-2025-03.csv"))]
    report = validate(rows, assignments, example)
    print(f"\n== {t('Claims March 2025')}, {example.name} ==", file=out)
    _print_report(report, out, lang)
    print(f"\n== {t('Settlement March 2025')}, {example.name} ==", file=out)
    _print_settlement(example, report, Period.month(2025, 3), assignments, out, lang=lang)
    written: list[str] = []
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        written = [
            write_rows(
                args.out / "declaraties-2025-03.csv", _report_rows(report, lang), bom=args.bom
            ),
            write_rows(
                args.out / "afrekening-2025-03.csv",
                _settlement_rows(example, report, assignments, lang),
                bom=args.bom,
            ),
        ]
    written += demo.run(regions, out, args.out, lang=lang, bom=args.bom)
    if args.out is not None:
        written += demo_reports(
            args.out, regions, example=(example, 2025, assignments, report.ledger)
        )
    print(f"\n{t('Regions')}: {', '.join(r.code for r in regions)}", file=out)
    print(f"  {t('show one with')} `jeugdinkoop regions NAME`", file=out)
    if written:
        print(f"\n{t('Written')}:", file=out)
        for name in written:
            print(f"  {name}", file=out)
    return EXIT_OK


def _report_rows(report: ValidationReport, lang: str = DEFAULT_LOCALE) -> list[dict[str, str]]:
    t = _columns(lang)
    rows = [
        {
            t("reference"): a.claim.reference,
            t("status"): translate("accepted", lang),
            t("amount"): format_number(a.amount.amount, lang),
            t("code"): "",
            "ijw": "",
            t("message"): "",
        }
        for a in report.accepted
    ]
    rows += [
        {
            t("reference"): r.reference,
            t("status"): translate("refused", lang),
            t("amount"): "",
            t("code"): f.code,
            "ijw": f.ijw_code or "",
            t("message"): f.message_in(lang),
        }
        for r in report.rejected
        for f in r.findings
    ]
    return rows


def _settlement_rows(
    region: Region,
    report: ValidationReport,
    assignments: Sequence[Assignment],
    lang: str = DEFAULT_LOCALE,
) -> list[dict[str, str]]:
    t = _columns(lang)
    settlement = settle(report.ledger, region, Period.month(2025, 3), assignments=assignments)
    return [
        {
            t("provider"): line.provider.value,
            t("municipality"): line.municipality.value,
            t("segment"): line.segment,
            t("claimed"): format_number(line.claimed.amount, lang),
            t("payable"): format_number(line.payable.amount, lang),
            t("advanced"): format_number(line.advanced.amount, lang),
            t("balance"): format_number(line.balance.amount, lang),
            t("released"): format_number(line.released.amount, lang),
        }
        for line in settlement.lines
    ]


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    """Validate claims (a JW323 or a claims CSV) against assignments (JW301/JW315 or CSV)."""
    if args.assignments is None:
        return _validate_positional(args, out)
    claims = args.claims
    if claims is None:
        if len(args.assignments) < 2:
            raise _UsageError("validate: name the claims file (JW323 or CSV) after the options")
        *args.assignments, claims = args.assignments
    if args.ledger is None:
        raise _UsageError("validate: --ledger LEDGER is required with --assignments")
    if (args.declaration_period or args.received) and ijw.is_xml(claims):
        raise _UsageError(
            "validate: --declaration-period and --received are for a claims CSV; "
            "a JW323 carries its own declaration period and message date"
        )
    if args.answer is not None and not ijw.is_xml(claims):
        raise _UsageError(f"--answer {args.answer}: a JW325 answers a JW323, not a CSV file")
    region = _region(args.region)
    assignments = ijw.load_assignment_files(args.assignments)
    if not _is_json_ledger(args.ledger):
        return _validate_into_database(args, claims, assignments, region, out)
    ledger = ijw.load_ledger_file(args.ledger)
    outcome = ijw.check_claims_file(
        claims,
        assignments,
        region,
        ledger,
        received=date.today(),
        declaration_period=args.declaration_period,
        message_date=args.received,
    )
    ijw.save_ledger_file(outcome.ledger, args.ledger)
    return _print_outcome(args, outcome, region, str(args.ledger), out)


def _print_outcome(
    args: argparse.Namespace, outcome: ijw.ClaimsOutcome, region: Region, ledger: str, out: TextIO
) -> int:
    """Print what the check found, write the JW325 when asked; the exit status."""
    print(
        f"{region.name}: {outcome.lines} declaratieregels gecontroleerd ({outcome.kind})", file=out
    )
    answer = outcome.answer
    if outcome.processed_before is not None and answer is None:
        # a JW323 seen before says so in its 9056 finding (JI-930)
        when = outcome.processed_before.received or "een onbekende datum"
        print(f"  dit bestand is al eerder verwerkt op {when}; niets geboekt", file=out)
    if answer is not None:
        _print_answer(answer, out)
    elif outcome.report is not None:
        _print_report(outcome.report, out)
    if args.answer is not None and answer is not None:
        args.answer.write_bytes(answer.to_jw325())
        print(f"  antwoord (JW325) geschreven naar {args.answer}", file=out)
    print(f"  grootboek bijgewerkt: {ledger}", file=out)
    return EXIT_OK if outcome.all_accepted else EXIT_REFUSED


def _is_json_ledger(location: str) -> bool:
    """Whether ``--ledger`` names the JSON interchange file (else a database path or URL)."""
    return "://" not in location and Path(location).suffix.lower() == ".json"


def _validate_into_database(
    args: argparse.Namespace,
    claims: Path,
    assignments: list[Assignment],
    region: Region,
    out: TextIO,
) -> int:
    """Check a JW323 or claims CSV against a database ledger and book it: one transaction.

    The store's write lock is held from the first read to the commit, so two processes
    never together accept more volume or budget than assigned; what the check books
    (accepted lines and the message register) is committed together, or nothing is.
    """
    from jeugdinkoop.funding import LedgerBatch
    from jeugdinkoop.stores import open_ledger

    store = open_ledger(args.ledger)
    try:
        with store.batch() as batch:
            view = LedgerBatch(batch)  # the check's own overlay; committed below
            outcome = ijw.check_claims_file(
                claims,
                assignments,
                region,
                view,
                received=date.today(),
                declaration_period=args.declaration_period,
                message_date=args.received,
            )
            booked = outcome.ledger
            if isinstance(booked, LedgerBatch) and booked is not batch:
                batch.extend(booked.pending_entries)
                for record in booked.pending_messages:
                    if batch.message(record.sender, record.kind, record.identification) is None:
                        batch.record_message(record)
        return _print_outcome(args, outcome, region, str(store), out)
    finally:
        store.close()


def _print_answer(answer: ijw.ClaimAnswer, out: TextIO) -> None:
    head = ", ".join(answer.header_codes)
    declaration = ", ".join(answer.declaration_codes) or "-"
    print(
        f"  JW323 {answer.message.header.identification}, declaratie {answer.message.declaration}: "
        f"header {head}, declaratie {declaration}; ingediend {answer.submitted.format()}, "
        f"toegekend {answer.granted.format()}",
        file=out,
    )
    if answer.level is not None:
        for finding in answer.findings:
            print(
                f"    niveau {finding.rule.level.value} {finding.rule.placement.value}: "
                f"{finding.code} [iJw {ijw.rules.return_code(finding.rule)}] {finding.message}",
                file=out,
            )
        return
    for rejected in answer.rejected:
        reasons = (
            "; ".join(f"{f.code} {f.message}" for f in rejected.findings) or "cliënt afgewezen"
        )
        print(
            f"    afgewezen {rejected.line.reference} [{', '.join(rejected.codes)}]: {reasons}",
            file=out,
        )


def _validate_positional(args: argparse.Namespace, out: TextIO) -> int:
    """The old form ``validate --region R CLAIMS ASSIGNMENTS`` (deprecated, documented as such).

    It prints nothing extra, so scripts that read its standard error keep working.
    """
    if args.claims is None or args.assignments_file is None:
        raise _UsageError(
            "validate: use --assignments FILE [FILE ...] --ledger LEDGER [--answer ANSWER.xml] CLAIMS"
        )
    region = _region(args.region)
    assignments = load_assignments(args.assignments_file)
    if args.ledger and not _is_json_ledger(args.ledger):
        return _validate_into_store(args, region, assignments, out)
    ledger = load_ledger(args.ledger) if args.ledger else None
    # streamed: a row is dropped once read into a claim (a list of rows took ~1 KB a line)
    rows = (
        row
        for _, row in _progress(
            read_rows(args.claims, required=CLAIM_FIELDS[:11], columns=CLAIM_FIELDS),
            "regels gelezen",
        )
    )
    report = validate(
        rows,
        assignments,
        region,
        ledger,
        declaration_period=args.declaration_period,
        received=args.received,
    )
    checked = len(report.accepted) + len(report.rejected)
    print(f"{region.name}: {checked} declaratieregels gecontroleerd", file=out)
    _print_report(report, out)
    if args.out_ledger:
        dump_ledger(report.ledger, args.out_ledger)
        print(f"  grootboek geschreven naar {args.out_ledger}", file=out)
    return EXIT_OK if report.all_accepted else EXIT_REFUSED


def _validate_into_store(
    args: argparse.Namespace, region: Region, assignments: list[Assignment], out: TextIO
) -> int:
    """Validate and book a claims file into a database ledger: one transaction, once per file."""
    import hashlib
    from datetime import date

    from jeugdinkoop.stores import export_json, open_ledger
    from jeugdinkoop.validation import book

    digest = hashlib.sha256(Path(args.claims).read_bytes()).hexdigest()
    message = MessageRecord(
        sender="", kind="csv", identification=digest, received=date.today(), digest=digest
    )
    # as every other reader of a claims CSV: a wrong delimiter or a missing column is one error
    rows = [
        row
        for _, row in _progress(
            read_rows(args.claims, required=CLAIM_FIELDS[:11], columns=CLAIM_FIELDS),
            "regels gelezen",
        )
    ]
    store = open_ledger(args.ledger)
    try:
        booking = book(rows, assignments, region, store, message)
        print(f"{region.name}: {len(rows)} declaratieregels gecontroleerd", file=out)
        if booking.report is None:
            earlier = booking.earlier
            when = f" op {earlier.received}" if earlier and earlier.received else ""
            print(
                f"  {args.claims} is al verwerkt{when} ({earlier.lines if earlier else 0} "
                "regels geboekt): niets opnieuw geboekt",
                file=out,
            )
            return EXIT_OK
        _print_report(booking.report, out)
        print(f"  {booking.booked} regels geboekt in {store}", file=out)
        if args.out_ledger:
            export_json(store, args.out_ledger)
            print(f"  grootboek geschreven naar {args.out_ledger}", file=out)
        return EXIT_OK if booking.report.all_accepted else EXIT_REFUSED
    finally:
        store.close()


def cmd_ledger(args: argparse.Namespace, out: TextIO) -> int:
    """The ledger store: export, import, settle, upgrade."""
    from jeugdinkoop.stores import open_ledger

    if args.action == "upgrade":
        from jeugdinkoop.stores.sql import upgrade

        before, after = upgrade(args.store)
        said = "already at" if before == after else f"upgraded from {before} to"
        print(f"{args.store}: schema {said} version {after}", file=out)
        return EXIT_OK
    store = open_ledger(args.store)
    try:
        return _ledger_action(args, store, out)
    finally:
        store.close()


def _ledger_action(args: argparse.Namespace, store: JSONFileLedger | SQLLedger, out: TextIO) -> int:
    from jeugdinkoop.stores import export_json, import_json

    if args.action == "export":
        count = export_json(store, args.file)
        print(f"{count} boekingen geschreven naar {args.file}", file=out)
        return EXIT_OK
    if args.action == "import":
        count = import_json(args.file, store)
        print(f"{count} nieuwe boekingen uit {args.file} in {args.store}", file=out)
        return EXIT_OK
    region = _region(args.region)
    period = _period(args.period)
    assignments = load_assignments(args.assignments) if args.assignments else []
    settlement = settle(store, region, period, assignments=assignments)
    print(f"{region.name}: afrekening {settlement.period}", file=out)
    _print_settlement_table(region, settlement, out, lang=args.lang)
    if args.book:
        if isinstance(store, Ledger):
            added = store.post(settlement.postings)  # what is there already is skipped
            store.save()
        else:
            added = store.extend(settlement.postings)
        print(f"  {added} betalingen geboekt", file=out)
    return EXIT_OK


def _period(text: str) -> Period:
    """A period from ``2025-03`` (a month), ``2025`` (a year) or ``2025-01-01..2025-03-31``."""
    try:
        return Period.parse(text)
    except ValueError:
        raise _UsageError(
            f"--period {text!r}: give a month (2025-03), a year (2025) or "
            "a range (2025-01-01..2025-03-31)"
        ) from None


def _progress(items: Iterable[T], what: str, every: int = 100_000) -> Iterator[T]:
    """Pass items through, telling a person at a terminal how far it got (on stderr).

    A tqdm counter (with the rate), shown only when standard error is a terminal: tests,
    pipes and CI stay quiet. ``every`` is kept for callers; tqdm throttles on its own.
    """
    del every
    yield from tqdm(
        items,
        desc=translate(what, _LANG[0]),
        unit="",
        file=sys.stderr,
        disable=not _is_terminal(sys.stderr),
        leave=False,
        dynamic_ncols=True,
    )


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _bar(total: int, what: str) -> tqdm[NoReturn]:
    """A progress bar with time left on standard error, only when it is a terminal."""
    return tqdm(
        total=total,
        desc=translate(what, _LANG[0]),
        file=sys.stderr,
        disable=not _is_terminal(sys.stderr),
        leave=False,
        dynamic_ncols=True,
        unit="",
    )


def cmd_scenario(args: argparse.Namespace, out: TextIO) -> int:
    """Run the scenarios of a scenario file and compare them."""
    t = _translator(args.lang)
    money = _money_locale(args.lang)
    scenarios = load_scenarios(args.file)
    with _bar(len(scenarios) * max(args.draws, 1), "draws" if args.draws else "scenarios") as bar:
        results = []
        for scenario in scenarios:
            if args.draws:
                results.append(scenario.run(draws=args.draws, seed=args.seed, progress=bar.update))
            else:
                results.append(scenario.run())
                bar.update(1)
    comparison = compare(*results)
    names = comparison.names
    print(f"{t('Scenarios from')} {args.file}: {', '.join(names)}", file=out)
    rows = [[t("municipality"), *names, *(f"{t('difference')} {n}" for n in names[1:])]]
    for row in comparison.table():
        rows.append(
            [
                row.label,
                *(c.format(money) for c in row.costs),
                *(d.format(money) for d in row.differences),
            ]
        )
    rows.append(
        [t("total"), *(s.format(money) for s in comparison.totals()), *([""] * (len(names) - 1))]
    )
    print_table(rows, out, right=range(1, len(rows[0])))
    years = sorted({y for r in results for y in r.years})
    rows = [[t("year"), *names]]
    for year in years:
        rows.append(
            [str(year), *(r.by("year").get((year,), Money.zero()).format(money) for r in results)]
        )
    print_table(rows, out, right=range(1, len(rows[0])))
    if args.draws:
        for result in results:
            spread = t("spread over {draws} draws (p5 / p50 / p95 per year)").format(
                draws=args.draws
            )
            print(f"\n  {result.name}: {spread}", file=out)
            for line in result.spread:
                if line.municipality is None:
                    print(
                        f"    {line.year}: {line.p5.format(money)} / {line.p50.format(money)}"
                        f" / {line.p95.format(money)}",
                        file=out,
                    )
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        c = _columns(args.lang)
        written = [write_rows(args.out / "vergelijking.csv", comparison.to_rows(), bom=args.bom)]
        per_year = [
            {
                c("scenario"): r.name,
                c("year"): str(year),
                c("costs"): format_number(
                    r.by("year").get((year,), Money.zero()).amount, args.lang
                ),
            }
            for r in results
            for year in years
        ]
        written.append(write_rows(args.out / "per-jaar.csv", per_year, bom=args.bom))
        if args.draws:
            spread_rows = [
                {
                    c("scenario"): r.name,
                    c("year"): str(line.year),
                    c("municipality"): "" if line.municipality is None else line.municipality.value,
                    **{
                        name: format_number(getattr(line, name).amount, args.lang)
                        for name in ("p5", "p50", "p95")
                    },
                }
                for r in results
                for line in r.spread
            ]
            written.append(write_rows(args.out / "percentielen.csv", spread_rows, bom=args.bom))
        for path in written:
            print(f"  {t('written')}: {path}", file=out)
    return EXIT_OK


def _estimate(text: str) -> LocalEstimate:
    parts = text.split(":")
    if len(parts) not in (2, 3):
        raise _UsageError(
            f"--gemeente {text!r}: use CODE:CLIENTS or CODE:CLIENTS:ADJUSTMENT% (e.g. 0222:320:-5)"
        )
    try:
        return LocalEstimate(
            parts[0],
            parse_typed_decimal(parts[1], option="--gemeente CLIENTS", bound=QUANTITY_BOUND),
            adjustment_pct=parse_typed_decimal(
                parts[2], option="--gemeente ADJUSTMENT", bound=QUANTITY_BOUND
            )
            if len(parts) == 3
            else 0,
        )
    except (ValueError, JeugdinkoopError) as err:
        raise _UsageError(f"--gemeente {text!r}: {err}") from None


def cmd_budget(args: argparse.Namespace, out: TextIO) -> int:
    """The seven-step lumpsum start budget (Achterhoek)."""
    budget = lumpsum_start_budget(
        args.segment,
        HistoricUse(args.segment, Money(args.historic_spend), args.historic_clients),
        [_estimate(e) for e in args.estimate],
        indexation_pct=args.indexation,
        efficiency_pct=args.efficiency,
    )
    t = _translator(args.lang)
    money = _money_locale(args.lang)
    print(f"{t('Lumpsum start budget')}, segment {args.segment}", file=out)
    rows = [[t("step"), t("description"), t("amount")]]
    rows += [
        [str(s.number), s.title, s.amount.format()] for s in budget.steps() if s.amount is not None
    ]
    print_table(rows, out, right=[2])
    rows = [[t("municipality"), t("clients"), "budget"]]
    rows += [
        [m.label, str(m.expected_clients), m.budget.format(money)] for m in budget.municipalities
    ]
    print_table(rows, out, right=[1, 2])
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Write the council report on a region and year as one HTML file."""
    region = _region(args.region)
    assignments: list[Assignment] = []
    sources = []
    if args.assignments is None and args.claims is None and region.code == "voorbeeld":
        args.assignments = _example_file("voorbeeld-assignments.csv")
        args.claims = _example_file("voorbeeld-claims-2025-03.csv")
        sources.append("Toewijzingen en declaraties: de meegeleverde voorbeeldbestanden.")
    if args.assignments is not None:
        assignments = load_assignments(args.assignments)
    ledger = load_ledger(args.ledger) if args.ledger is not None else None
    if args.claims is not None:
        rows = [row for _, row in _progress(read_rows(args.claims), "lines read")]
        ledger = validate(rows, assignments, region, ledger).ledger
    path = write_report(
        args.out,
        region,
        args.year,
        assignments=assignments,
        ledger=ledger,
        draws=args.draws,
        sources=" ".join(sources),
    )
    print(f"{translate('report written', args.lang)}: {path}", file=out)
    return EXIT_OK


def cmd_test(args: argparse.Namespace, out: TextIO) -> int:
    """Run declarative cases (cases.toml) against a region."""
    from jeugdinkoop.testing.cases import run_cases

    path: Path = args.path
    files = sorted(path.rglob("cases.toml")) if path.is_dir() else [path]
    if not files:
        raise _UsageError(f"{path}: {translate('no cases.toml found', args.lang)}")
    failed = 0
    for file in files:
        spec = args.region or file.parent.name
        region = _region(spec)
        print(f"{file} ({region.name})", file=out)
        for result in run_cases(file, region):
            mark = translate("ok" if result.passed else "FAILED", args.lang)
            print(f"  {mark:4} {result.name}", file=out)
            for problem in result.problems:
                print(f"       {problem}", file=out)
            failed += not result.passed
    print(
        translate("{failed} case(s) failed", args.lang).format(failed=failed)
        if failed
        else translate("all cases passed", args.lang),
        file=out,
    )
    return EXIT_REFUSED if failed else EXIT_OK


def cmd_schema(args: argparse.Namespace, out: TextIO) -> int:
    """Print the JSON Schema of a file format (``region``)."""
    del args  # one format so far: region files
    print(json.dumps(region_schema(), indent=2, ensure_ascii=False), file=out)
    return EXIT_OK


def cmd_regions(args: argparse.Namespace, out: TextIO) -> int:
    """List or show embedded regions."""
    t = _translator(args.lang)
    if args.code:
        region_summary(_region(args.code), out, args.lang)
        return EXIT_OK
    for region in _embedded_regions(out):
        count = f"{len(region.municipalities)} {t('municipalities')}"
        print(f"{region.code:14} {region.name} ({count})", file=out)
    return EXIT_OK


_EXIT_CODES = """exit status:
  0    the job was done
  2    a usage error, or a file that could not be read (every bad record listed)
  141  the reader of standard output went away"""


def _epilog(*examples: str, exit_codes: str = _EXIT_CODES) -> str:
    """A subcommand's epilog: its examples, then its exit codes."""
    lines = "\n".join(f"  {example}" for example in examples)
    return f"examples:\n{lines}\n\n{exit_codes}"


def _language(text: str) -> str:
    """An argparse type: ``nl`` or ``en``."""
    language = text.strip().lower()
    if language not in LOCALES:
        raise argparse.ArgumentTypeError(f"{text!r}: choose one of {', '.join(LOCALES)}")
    return language


def _common_options(default: object) -> argparse.ArgumentParser:
    """The options every command takes, before or after the subcommand (``--lang``)."""
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        type=_language,
        default=default,
        metavar="{nl,en}",
        help="the language of the output: nl (Dutch, the default) or en (English)",
    )
    return common


def _add_ledger_parser(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The ``ledger`` command group: export, import, settle, upgrade."""
    ledger = command(
        "ledger",
        "the ledger store: export, import, settle, upgrade",
        "jeugdinkoop ledger export ledger.db ledger.json",
        "jeugdinkoop ledger import ledger.json postgresql://user@host/db",
        "jeugdinkoop ledger settle ledger.db --region voorbeeld --period 2025-03",
        "jeugdinkoop ledger upgrade ledger.db",
        description="The ledger in a database (a .db SQLite file or postgresql://…): export "
        "it to the JSON interchange file, import one, settle a period from it (--book books "
        "the payments), or bring an older database's schema up to date.",
    )
    actions = ledger.add_subparsers(dest="action", required=True, metavar="ACTION")
    store_help = "the ledger: a .db file, postgresql://… or a .json file"
    export = actions.add_parser("export", help="write the ledger as the JSON interchange file")
    export.add_argument("store", help=store_help)
    export.add_argument("file", type=Path, help="the JSON file to write")
    imports = actions.add_parser("import", help="add a JSON interchange file to the ledger")
    imports.add_argument("file", type=Path, help="the JSON file to read")
    imports.add_argument("store", help=store_help)
    settles = actions.add_parser("settle", help="settle a period from the ledger")
    settles.add_argument("store", help=store_help)
    settles.add_argument("--region", required=True, help="embedded region or a region file")
    settles.add_argument("--period", required=True, help="2025-03, 2025 or 2025-01-01..2025-03-31")
    settles.add_argument(
        "--assignments", type=Path, help="assignments CSV (for models that release budgets)"
    )
    settles.add_argument("--book", action="store_true", help="also book the payments in the ledger")
    upgrades = actions.add_parser("upgrade", help="bring a database's schema up to date")
    upgrades.add_argument("store", help="a .db file or postgresql://…")
    ledger.set_defaults(func=cmd_ledger)


def build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one command a block, read top to bottom
    """The argument parser of the ``jeugdinkoop`` command.

    Examples:
        >>> parser = build_parser()
        >>> parser.parse_args(["--lang", "en", "regions"]).lang
        'en'
        >>> parser.parse_args(["regions", "--lang", "EN"]).lang
        'en'
        >>> parser.parse_args(["regions"]).lang
        'nl'
    """
    parser = argparse.ArgumentParser(
        prog="jeugdinkoop",
        description=textwrap.fill(
            "How Dutch municipalities buy and pay for youth care (Jeugdwet): regions, "
            "assignments, claims, funding models. Start with `jeugdinkoop demo`.",
            78,
        ),
        epilog=_epilog(
            "jeugdinkoop demo",
            "jeugdinkoop --lang en demo --out results",
            "jeugdinkoop regions achterhoek",
            "jeugdinkoop scenario scenario.toml --draws 1000",
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common_options(DEFAULT_LOCALE)],
    )
    parser.add_argument("-V", "--version", action="version", version=f"jeugdinkoop {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub = _common_options(argparse.SUPPRESS)

    def command(
        name: str,
        help: str,
        *examples: str,
        exit_codes: str = _EXIT_CODES,
        description: str | None = None,
    ) -> argparse.ArgumentParser:
        return commands.add_parser(
            name,
            help=help,
            description=textwrap.fill(description or help[:1].upper() + help[1:] + ".", 78),
            epilog=_epilog(*examples, exit_codes=exit_codes),
            formatter_class=argparse.RawDescriptionHelpFormatter,
            parents=[sub],
        )

    demo = command(
        "demo",
        "the main job on the embedded example data",
        "jeugdinkoop demo",
        "jeugdinkoop demo --out results",
        "jeugdinkoop --lang en demo",
        description="The main job on the data that ships with the package: a month of example "
        "claims validated and settled, funding variants compared over ten years, and the "
        "lumpsum start budget. The region catalogs are behind `jeugdinkoop regions NAME`.",
    )
    demo.add_argument(
        "--out",
        type=Path,
        help="also write tables (CSV), a chart (PNG) and reports (HTML) to this folder",
    )
    demo.add_argument(
        "--bom",
        action="store_true",
        help="start every CSV with a byte-order mark, so that Excel reads it as UTF-8",
    )
    demo.set_defaults(func=cmd_demo)

    check = commands.add_parser(
        "validate",
        help="check claims (JW323 or CSV) against assignments (JW301/JW315 or CSV), answer with a JW325",
        description=textwrap.fill(
            "Check claims (a JW323 or a claims CSV) against assignments (JW301/JW315 or CSV) "
            "and a ledger; print every refused line and write the JW325 answer.",
            78,
        ),
        epilog=_epilog(
            "jeugdinkoop validate --region voorbeeld --assignments jw301.xml "
            "--ledger ledger.json --answer jw325.xml jw323.xml",
            exit_codes=_EXIT_CODES.replace(
                "  2 ", "  1    one or more lines refused (the answer is written)\n  2 "
            ),
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[sub],
        usage="jeugdinkoop validate --region REGION --assignments FILE [FILE ...] --ledger LEDGER "
        "[--answer ANSWER.xml] [--declaration-period YYYY-MM] [--received YYYY-MM-DD] CLAIMS",
    )
    check.add_argument(
        "--region",
        required=True,
        help=f"embedded region ({', '.join(EMBEDDED_REGIONS)}) or a region file",
    )
    check.add_argument(
        "--assignments",
        nargs="+",
        type=Path,
        metavar="FILE",
        help="assignment files: JW301, JW315 or assignments CSV (told apart by content)",
    )
    check.add_argument(
        "--ledger",
        metavar="PATH_OR_URL",
        help="the ledger: a JSON file (with --assignments updated in place, created when "
        "missing), or a database (a .db file, created on first use, or postgresql://…) the "
        "accepted lines are booked into, in one transaction, once per file or message",
    )
    check.add_argument(
        "--answer", type=Path, metavar="ANSWER.xml", help="write the JW325 answer to a JW323 here"
    )
    check.add_argument(
        "--declaration-period",
        type=_month_option,
        metavar="YYYY-MM",
        help="for a claims CSV: the declaration period (month) its lines were sent in; "
        "a line after it is refused (iJw TR319). A JW323 carries its own",
    )
    check.add_argument(
        "--received",
        type=_day_option,
        metavar="YYYY-MM-DD",
        help="for a claims CSV: its message date; a line ending after it (TR134) or more "
        "than five years before it (TR335) is refused. A JW323 carries its own",
    )
    check.add_argument(
        "claims",
        type=Path,
        nargs="?",
        metavar="CLAIMS",
        help="claims: a JW323 or a claims CSV (declaratieregels)",
    )
    check.add_argument(
        "assignments_file",
        type=Path,
        nargs="?",
        metavar="ASSIGNMENTS",
        help="deprecated: the assignments CSV, in the old positional form",
    )
    check.add_argument(
        "--out-ledger", type=Path, help="deprecated (old form): write the updated ledger JSON here"
    )
    check.set_defaults(func=cmd_validate)

    scenario = command(
        "scenario",
        "run and compare the scenarios of a scenario file (TOML)",
        "jeugdinkoop scenario scenario.toml",
        "jeugdinkoop scenario scenario.toml --draws 1000 --seed 7 --out results",
        description="Run the scenarios of a scenario file (a baseline and its [[variants]]; "
        "an example ships as jeugdinkoop/regions/voorbeeld-scenario.toml) and compare them "
        "per municipality and per year; with --draws, Monte Carlo percentiles per year.",
    )
    scenario.add_argument("file", type=Path, help="scenario file: a baseline and its [[variants]]")
    scenario.add_argument(
        "--draws",
        type=_whole_number("--draws", MAX_DRAWS),
        default=0,
        help=f"Monte Carlo draws, 0 to {MAX_DRAWS} (default 0: expected values)",
    )
    scenario.add_argument(
        "--seed", type=_whole_number("--seed", 2**32 - 1), default=0, help="seed of the draws"
    )
    scenario.add_argument(
        "--out",
        type=Path,
        help="write the comparison, the year table and (with --draws) the percentiles as CSV "
        "to this folder",
    )
    scenario.add_argument(
        "--bom",
        action="store_true",
        help="start every CSV with a byte-order mark, so that Excel reads it as UTF-8",
    )
    scenario.set_defaults(func=cmd_scenario)

    budget = command(
        "budget",
        "the seven-step lumpsum start budget (Achterhoek)",
        "jeugdinkoop budget --segment IAJ --historic-spend 1.200.000,00 --historic-clients 300 "
        "--gemeente 0222:320:-5 --indexation 3 --efficiency 1",
    )
    budget.add_argument("--segment", required=True, help="the segment's code, e.g. IAJ")
    budget.add_argument(
        "--historic-spend",
        required=True,
        type=_typed_number("--historic-spend", TOTAL_BOUND),
        help="last year's spend in euros, Dutch notation, e.g. 1.200.000,00 or 1200000",
    )
    budget.add_argument(
        "--historic-clients",
        required=True,
        type=_typed_number("--historic-clients", QUANTITY_BOUND),
        help="last year's clients, e.g. 300",
    )
    budget.add_argument(
        "--gemeente",
        dest="estimate",
        action="append",
        required=True,
        metavar="CODE:CLIENTS[:ADJ%]",
        help="expected clients per municipality and local adjustment in percent; repeat per municipality",
    )
    budget.add_argument(
        "--indexation",
        default="0",
        type=_typed_number("--indexation", QUANTITY_BOUND),
        help="indexation in percent, e.g. 3 or 2,5 (no %% sign)",
    )
    budget.add_argument(
        "--efficiency",
        default="0",
        type=_typed_number("--efficiency", QUANTITY_BOUND),
        help="efficiency gain asked, a signed change in percent, e.g. -1",
    )
    budget.set_defaults(func=cmd_budget)

    report = command(
        "report",
        "write a report for the council: one self-contained HTML file (Dutch)",
        "jeugdinkoop report --region voorbeeld --year 2025 --out rapport.html",
        "jeugdinkoop report --region achterhoek --year 2026 --out rapport.html --draws 0",
    )
    report.add_argument(
        "--region",
        required=True,
        help=f"embedded region ({', '.join(EMBEDDED_REGIONS)}) or a region file",
    )
    report.add_argument("--year", type=int, required=True, help="the report's year, e.g. 2026")
    report.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    report.add_argument("--assignments", type=Path, help="assignments CSV: flows and care paths")
    report.add_argument("--claims", type=Path, help="claims CSV: cost per youth per provider")
    report.add_argument("--ledger", type=Path, help="ledger JSON of earlier accepted claims")
    report.add_argument(
        "--draws", type=int, default=100, help="Monte Carlo draws for the uncertainty table"
    )
    report.set_defaults(func=cmd_report)

    test = command(
        "test",
        "run hand-worked cases (cases.toml) against a region",
        "jeugdinkoop test tests/regions",
        "jeugdinkoop test my-cases.toml --region my-region.json",
        exit_codes=_EXIT_CODES.replace("  2 ", "  1    a case failed\n  2 "),
    )
    test.add_argument(
        "path", type=Path, help="a cases.toml, or a folder searched for <region>/cases.toml"
    )
    test.add_argument(
        "--region", help="the region (default: the name of the folder holding cases.toml)"
    )
    test.set_defaults(func=cmd_test)

    _add_ledger_parser(command)
    _add_region_commands(command)
    return parser


def _add_region_commands(command: Callable[..., argparse.ArgumentParser]) -> None:
    """The commands on regions: ``regions`` and ``schema``."""
    regions = command(
        "regions",
        "list the embedded regions, or show one",
        "jeugdinkoop regions",
        "jeugdinkoop regions achterhoek",
        "jeugdinkoop regions my-region.json",
        description="List the embedded regions, or show one (municipalities, segments with "
        "their funding, products and tariffs). Region names are case-insensitive.",
    )
    regions.add_argument("code", nargs="?", metavar="NAME", help="a region to show: code or file")
    regions.set_defaults(func=cmd_regions)

    schema = command(
        "schema",
        "print the JSON Schema of a file format (region files)",
        "jeugdinkoop schema region > region.schema.json",
        description="Print the JSON Schema (draft 2020-12) of the region file format, "
        "generated from the classes the reader structures; an editor or a CI job can check "
        "a region file with it before the library loads it.",
    )
    schema.add_argument("format", choices=["region"], help="the file format: region")
    schema.set_defaults(func=cmd_schema)


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line; returns the exit status.

    Examples:
        >>> import io
        >>> buffer = io.StringIO()
        >>> main(["regions"], out=buffer)
        0
        >>> "Regio Voorbeeld" in buffer.getvalue()
        True
    """
    stream = sys.stdout if out is None else out
    for text_stream in (stream, sys.stderr):
        _tolerate_encoding(text_stream)
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    _LANG[0] = args.lang
    if args.command is None:  # a bare ``jeugdinkoop``: what it can do, not a usage error
        parser.print_help(stream)
        return EXIT_OK
    # The one error boundary: every error caused by input ends here as exit 2 with a
    # message naming the file, record, field or option; never a traceback.
    try:
        status = int(args.func(args, stream))
        stream.flush()
        return status
    except BrokenPipeError:
        _quiet_stdout(stream)
        return EXIT_BROKEN_PIPE
    except LoadError as err:
        for problem in err.problems:
            where = "" if problem.record.startswith(err.source) else f"{err.source}: "
            _error(f"{where}{problem}")
        return EXIT_USAGE
    except (_UsageError, JeugdinkoopError, OSError) as err:
        _error(str(err))
        return EXIT_USAGE


def _error(message: str) -> None:
    message = translate_phrases(message, _LANG[0])  # the value errors the catalog knows
    with contextlib.suppress(OSError):  # stderr is gone too: the exit status says it
        print(f"jeugdinkoop: {message}", file=sys.stderr)


def _tolerate_encoding(stream: TextIO) -> None:
    """Let a stream that cannot encode ``€`` (a latin-1 or ASCII terminal) replace it, not fail."""
    encoding = getattr(stream, "encoding", None)
    if not isinstance(stream, io.TextIOWrapper) or not encoding:
        return
    try:
        "€ ë".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        stream.reconfigure(errors="replace")


def _quiet_stdout(stream: TextIO) -> None:
    """After a broken pipe, point stdout at devnull so that Python's exit flush stays quiet.

    As the Python documentation advises for SIGPIPE (``signal`` module notes).
    """
    if stream is not sys.stdout:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _typed_number(option: str, bound: Decimal) -> Callable[[str], Decimal]:
    """An argparse type: a number typed the Dutch way (Babel, strict ``nl_NL``)."""

    def parse(text: str) -> Decimal:
        try:
            return parse_typed_decimal(text, option=option, bound=bound)
        except InvalidNumber as err:
            raise argparse.ArgumentTypeError(f"{err.value!r}: {err.rule}") from None

    return parse


def _whole_number(option: str, maximum: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 0 to ``maximum``."""

    def parse(text: str) -> int:
        cleaned = text.strip()
        if not (cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 12):
            raise argparse.ArgumentTypeError(f"{text!r}: a whole number from 0 to {maximum}")
        value = int(cleaned)
        if value > maximum:
            raise argparse.ArgumentTypeError(f"{text!r}: a whole number from 0 to {maximum}")
        return value

    return parse


def _month_option(text: str) -> Period:
    """An argparse type: a calendar month ``YYYY-MM`` (``validate --declaration-period``)."""
    year, dash, month = text.strip().partition("-")
    if not (
        dash and len(year) == 4 and year.isdigit() and len(month) == 2 and month.isdigit()
    ) or not (1 <= int(month) <= 12 and int(year) >= 1):
        raise argparse.ArgumentTypeError(f"{text!r}: a month as YYYY-MM, e.g. 2025-03")
    return Period.month(int(year), int(month))


def _day_option(text: str) -> date:
    """An argparse type: a day ``YYYY-MM-DD`` (``validate --received``)."""
    cleaned = text.strip()
    try:
        if len(cleaned) != 10:
            raise ValueError(cleaned)
        return date.fromisoformat(cleaned)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r}: a day as YYYY-MM-DD, e.g. 2025-04-05"
        ) from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
