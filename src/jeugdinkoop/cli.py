"""The ``jeugdinkoop`` command: the main job (``demo``), claim validation, scenarios, budgets.

Every command has ``--help``. Errors go to standard error, one line per problem; the
exit status is 0 when all went well, 1 when ``validate`` refused lines, 2 on usage or
file errors.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from jeugdinkoop import __version__, demo, ijw
from jeugdinkoop.errors import JeugdinkoopError, LoadError
from jeugdinkoop.io import (
    EMBEDDED_REGIONS,
    dump_ledger,
    load_assignments,
    load_embedded_region,
    load_ledger,
    load_region,
    load_scenarios,
    read_rows,
)
from jeugdinkoop.io.text import print_table, write_rows
from jeugdinkoop.model import Assignment, Region
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

MAX_DRAWS = 1_000_000
"""The most Monte Carlo draws ``scenario --draws`` runs."""


class _UsageError(Exception):
    """A problem with the command line or the files named on it."""


def _region(spec: str) -> Region:
    """An embedded region by code, or a region file by path."""
    if spec in EMBEDDED_REGIONS:
        return load_embedded_region(spec)
    path = Path(spec)
    if not path.exists():
        raise _UsageError(
            f"region {spec!r}: not an embedded region ({', '.join(EMBEDDED_REGIONS)}) nor a file"
        )
    return load_region(path)


def _embedded_regions(out: TextIO) -> list[Region]:
    regions = []
    for code in EMBEDDED_REGIONS:
        try:
            regions.append(load_embedded_region(code))
        except (LoadError, FileNotFoundError) as err:  # a region file still being written
            print(f"regio {code} overgeslagen: {str(err).splitlines()[0]}", file=sys.stderr)
    return regions


def region_summary(region: Region, out: TextIO) -> None:
    """Print a Dutch summary of a region: municipalities, segments and funding, products, tariffs."""
    print(f"\n== {region.name} ({region.code}) ==", file=out)
    if region.description:
        print(f"  {region.description}", file=out)
    central = region.central_municipality
    names = ", ".join(
        f"{m.name} ({m.code}{', centrumgemeente' if m.code == central else ''})"
        for m in region.municipalities
    )
    print(f"  Gemeenten ({len(region.municipalities)}): {names}", file=out)
    print(
        f"  Aanbieders: {len(region.providers)}, overeenkomsten: {len(region.contracts)}", file=out
    )
    rows = [["segment", "naam", "domein", "bekostiging"]]
    for segment in region.all_segments():
        depth = len(region.segment_path(segment.code)) - 1
        model = segment.funding
        funding = (
            f"{model.name} ({model.variant.label})"
            if model is not None
            else "(als bovenliggend segment)"
        )
        rows.append(["  " * depth + segment.code, segment.name, segment.domain.label, funding])
    print_table(rows, out)
    rows = [["product", "naam", "categorie", "eenheid", "tarief", "geldig"]]
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
                    tariff.rate.format(),
                    str(tariff.valid),
                ]
            )
    print_table(rows, out, right=[4])


def _example_file(name: str) -> Path:
    return Path(str(files("jeugdinkoop") / "regions" / name))


def _print_report(report: ValidationReport, out: TextIO) -> None:
    print(f"  {report.summary()}".replace("\n", "\n  "), file=out)
    for rejected in report.rejected:
        for finding in rejected.findings:
            code = f" [iJw {finding.ijw_code}]" if finding.ijw_code else ""
            print(
                f"    afgewezen {rejected.subject}: {finding.code}{code} {finding.message}",
                file=out,
            )


def _print_settlement(
    region: Region,
    report: ValidationReport,
    period: Period,
    assignments: Sequence[object],
    out: TextIO,
) -> None:
    settlement = settle(report.ledger, region, period, assignments)  # type: ignore[arg-type]
    rows = [
        [
            "aanbieder",
            "gemeente",
            "segment",
            "gedeclareerd",
            "te betalen",
            "bevoorschot",
            "saldo",
            "vrijgevallen",
        ]
    ]
    for line in settlement.lines:
        rows.append(
            [
                region.provider(line.provider).name,
                region.municipality(line.municipality).name,
                line.segment,
                line.claimed.format(),
                line.payable.format(),
                line.advanced.format(),
                line.balance.format(),
                line.released.format(),
            ]
        )
    rows.append(
        [
            "totaal",
            "",
            "",
            settlement.total("claimed").format(),
            settlement.total("payable").format(),
            settlement.total("advanced").format(),
            settlement.total("balance").format(),
            settlement.total("released").format(),
        ]
    )
    print_table(rows, out, right=[3, 4, 5, 6, 7])


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """The main job on the embedded example data."""
    print(
        f"jeugdinkoop {__version__} — demonstratie op de meegeleverde voorbeeldgegevens", file=out
    )
    regions = _embedded_regions(out)
    for region in regions:
        region_summary(region, out)
    example = load_embedded_region("voorbeeld")
    assignments = load_assignments(_example_file("voorbeeld-assignments.csv"))
    rows = [row for _, row in read_rows(_example_file("voorbeeld-claims-2025-03.csv"))]
    report = validate(rows, assignments, example)
    print(f"\n== Declaraties maart 2025, {example.name} ==", file=out)
    _print_report(report, out)
    print(f"\n== Afrekening maart 2025, {example.name} ==", file=out)
    _print_settlement(example, report, Period.month(2025, 3), assignments, out)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        written = [
            write_rows(args.out / "declaraties-2025-03.csv", _report_rows(report)),
            write_rows(
                args.out / "afrekening-2025-03.csv", _settlement_rows(example, report, assignments)
            ),
        ]
    else:
        written = []
    written += demo.run(regions, out, args.out)
    if args.out is not None:
        written += demo_reports(
            args.out, regions, example=(example, 2025, assignments, report.ledger)
        )
    if written:
        print("\nGeschreven:", file=out)
        for name in written:
            print(f"  {name}", file=out)
    return EXIT_OK


def _report_rows(report: ValidationReport) -> list[dict[str, str]]:
    rows = [
        {
            "referentie": a.claim.reference,
            "status": "geaccepteerd",
            "bedrag": str(a.amount.amount),
            "code": "",
            "ijw": "",
            "melding": "",
        }
        for a in report.accepted
    ]
    rows += [
        {
            "referentie": r.reference,
            "status": "afgewezen",
            "bedrag": "",
            "code": f.code,
            "ijw": f.ijw_code or "",
            "melding": f.message,
        }
        for r in report.rejected
        for f in r.findings
    ]
    return rows


def _settlement_rows(
    region: Region, report: ValidationReport, assignments: Sequence[Assignment]
) -> list[dict[str, str]]:
    settlement = settle(report.ledger, region, Period.month(2025, 3), assignments)
    return [
        {
            "aanbieder": line.provider.value,
            "gemeente": line.municipality.value,
            "segment": line.segment,
            "gedeclareerd": str(line.claimed.amount),
            "te_betalen": str(line.payable.amount),
            "bevoorschot": str(line.advanced.amount),
            "saldo": str(line.balance.amount),
            "vrijgevallen": str(line.released.amount),
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
    rows = [row for _, row in _progress(read_rows(args.claims), "regels gelezen")]
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
    settlement = settle(store, region, period, assignments)
    _print_ledger_settlement(region, settlement, out)
    if args.book:
        if isinstance(store, Ledger):
            added = store.extend(p for p in settlement.postings if store.get(p.kind, p.key) is None)
            store.save()
        else:
            added = store.extend(settlement.postings)
        print(f"  {added} betalingen geboekt", file=out)
    return EXIT_OK


def _period(text: str) -> Period:
    """A period from ``2025-03`` (a month), ``2025`` (a year) or ``2025-01-01..2025-03-31``."""
    try:
        if ".." in text:
            return Period.parse(text)
        if len(text) == 4 and text.isdigit():
            return Period.year(int(text))
        year, _, month = text.partition("-")
        return Period.month(int(year), int(month))
    except ValueError:
        raise _UsageError(
            f"--period {text!r}: give a month (2025-03), a year (2025) or "
            "a range (2025-01-01..2025-03-31)"
        ) from None


def _print_ledger_settlement(region: Region, settlement: Settlement, out: TextIO) -> None:
    rows = [["aanbieder", "gemeente", "segment", "gedeclareerd", "bevoorschot", "saldo"]]
    for line in settlement.lines:
        rows.append(
            [
                line.provider.value,
                line.municipality.value,
                line.segment,
                line.claimed.format(),
                line.advanced.format(),
                line.balance.format(),
            ]
        )
    rows.append(
        [
            "totaal",
            "",
            "",
            settlement.total("claimed").format(),
            settlement.total("advanced").format(),
            settlement.total("balance").format(),
        ]
    )
    print(f"{region.name}: afrekening {settlement.period}", file=out)
    print_table(rows, out, right=[3, 4, 5])


def _progress(items: Iterable[T], what: str, every: int = 100_000) -> Iterator[T]:
    """Pass items through, telling a person at a terminal how far it got (on stderr)."""
    show = sys.stderr.isatty()
    count = 0
    for count, item in enumerate(items, start=1):
        if show and count % every == 0:
            print(f"\r  {count:,} {what}…".replace(",", "."), end="", file=sys.stderr, flush=True)
        yield item
    if show and count >= every:
        print(file=sys.stderr)


def cmd_scenario(args: argparse.Namespace, out: TextIO) -> int:
    """Run the scenarios of a scenario file and compare them."""
    scenarios = load_scenarios(args.file)
    results = [
        s.run(draws=args.draws, seed=args.seed) for s in _progress(scenarios, "scenario's", every=1)
    ]
    comparison = compare(*results)
    names = comparison.names
    print(f"Scenario's uit {args.file}: {', '.join(names)}", file=out)
    rows = [["gemeente", *names, *(f"verschil {n}" for n in names[1:])]]
    for row in comparison.table():
        rows.append(
            [row.label, *(c.format() for c in row.costs), *(d.format() for d in row.differences)]
        )
    rows.append(["totaal", *(t.format() for t in comparison.totals()), *([""] * (len(names) - 1))])
    print_table(rows, out, right=range(1, len(rows[0])))
    rows = [["jaar", *names]]
    for year in sorted({y for r in results for y in r.years}):
        rows.append(
            [str(year), *(r.by("year").get((year,), Money.zero()).format() for r in results)]
        )
    print_table(rows, out, right=range(1, len(rows[0])))
    if args.draws:
        for result in results:
            print(
                f"\n  {result.name}: spreiding over {args.draws} trekkingen (p5 / p50 / p95 per jaar)",
                file=out,
            )
            for spread in result.spread:
                if spread.municipality is None:
                    print(
                        f"    {spread.year}: {spread.p5.format()} / {spread.p50.format()} / {spread.p95.format()}",
                        file=out,
                    )
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        path = write_rows(args.out / "vergelijking.csv", comparison.to_rows())
        print(f"  geschreven: {path}", file=out)
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
    print(f"Startbudget lumpsum, segment {args.segment}", file=out)
    rows = [["stap", "omschrijving", "bedrag"]]
    rows += [
        [str(s.number), s.title, s.amount.format()] for s in budget.steps() if s.amount is not None
    ]
    print_table(rows, out, right=[2])
    rows = [["gemeente", "cliënten", "budget"]]
    rows += [[m.label, str(m.expected_clients), m.budget.format()] for m in budget.municipalities]
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
        rows = [row for _, row in read_rows(args.claims)]
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
    print(f"rapport geschreven: {path}", file=out)
    return EXIT_OK


def cmd_test(args: argparse.Namespace, out: TextIO) -> int:
    """Run declarative cases (cases.toml) against a region."""
    from jeugdinkoop.testing.cases import run_cases

    path: Path = args.path
    files = sorted(path.rglob("cases.toml")) if path.is_dir() else [path]
    if not files:
        raise _UsageError(f"{path}: no cases.toml found")
    failed = 0
    for file in files:
        spec = args.region or file.parent.name
        region = _region(spec)
        print(f"{file} ({region.name})", file=out)
        for result in run_cases(file, region):
            print(f"  {'ok  ' if result.passed else 'FOUT'} {result.name}", file=out)
            for problem in result.problems:
                print(f"       {problem}", file=out)
            failed += not result.passed
    print(f"{failed} case(s) failed" if failed else "all cases passed", file=out)
    return EXIT_REFUSED if failed else EXIT_OK


def cmd_regions(args: argparse.Namespace, out: TextIO) -> int:
    """List or show embedded regions."""
    if args.code:
        region_summary(_region(args.code), out)
        return EXIT_OK
    for region in _embedded_regions(out):
        print(f"{region.code:14} {region.name} ({len(region.municipalities)} gemeenten)", file=out)
    return EXIT_OK


def _add_ledger_parser(commands: Any) -> None:
    """The ``ledger`` command group: export, import, settle, upgrade."""
    ledger = commands.add_parser("ledger", help="the ledger store: export, import, settle, upgrade")
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``jeugdinkoop`` command."""
    parser = argparse.ArgumentParser(
        prog="jeugdinkoop",
        description="Inkoop en bekostiging van jeugdhulp: regio's, toewijzingen, declaraties, bekostigingsmodellen.",
    )
    parser.add_argument("--version", action="version", version=f"jeugdinkoop {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="the main job on the embedded example data")
    demo.add_argument(
        "--out",
        type=Path,
        help="also write tables (CSV), a chart (PNG) and reports (HTML) to this folder",
    )
    demo.set_defaults(func=cmd_demo)

    check = commands.add_parser(
        "validate",
        help="check claims (JW323 or CSV) against assignments (JW301/JW315 or CSV), answer with a JW325",
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

    scenario = commands.add_parser(
        "scenario", help="run and compare the scenarios of a scenario file (TOML)"
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
    scenario.add_argument("--out", type=Path, help="write the comparison (CSV) to this folder")
    scenario.set_defaults(func=cmd_scenario)

    budget = commands.add_parser("budget", help="the seven-step lumpsum start budget (Achterhoek)")
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
        help="efficiency gain asked in percent, e.g. 1",
    )
    budget.set_defaults(func=cmd_budget)

    report = commands.add_parser(
        "report", help="write a report for the council: one self-contained HTML file (Dutch)"
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

    test = commands.add_parser("test", help="run hand-worked cases (cases.toml) against a region")
    test.add_argument(
        "path", type=Path, help="a cases.toml, or a folder searched for <region>/cases.toml"
    )
    test.add_argument(
        "--region", help="the region (default: the name of the folder holding cases.toml)"
    )
    test.set_defaults(func=cmd_test)

    _add_ledger_parser(commands)

    regions = commands.add_parser("regions", help="list the embedded regions, or show one")
    regions.add_argument("code", nargs="?", help="a region to show")
    regions.set_defaults(func=cmd_regions)
    return parser


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
