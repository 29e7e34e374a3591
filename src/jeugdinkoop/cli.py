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
from typing import TextIO, TypeVar

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
from jeugdinkoop.settlement import settle
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
    region = _region(args.region)
    assignments = ijw.load_assignment_files(args.assignments)
    ledger = ijw.load_ledger_file(args.ledger)
    outcome = ijw.check_claims_file(claims, assignments, region, ledger, received=date.today())
    print(
        f"{region.name}: {outcome.lines} declaratieregels gecontroleerd ({outcome.kind})", file=out
    )
    answer = outcome.answer
    if answer is not None:
        _print_answer(answer, out)
    elif outcome.report is not None:
        _print_report(outcome.report, out)
    if args.answer is not None:
        if answer is None:
            raise _UsageError(f"--answer {args.answer}: a JW325 answers a JW323, not a CSV file")
        args.answer.write_bytes(answer.to_jw325())
        print(f"  antwoord (JW325) geschreven naar {args.answer}", file=out)
    ijw.save_ledger_file(outcome.ledger, args.ledger)
    print(f"  grootboek bijgewerkt: {args.ledger}", file=out)
    return EXIT_OK if outcome.all_accepted else EXIT_REFUSED


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
    ledger = load_ledger(args.ledger) if args.ledger else None
    rows = [
        row
        for _, row in _progress(
            read_rows(args.claims, required=CLAIM_FIELDS[:11], columns=CLAIM_FIELDS),
            "regels gelezen",
        )
    ]
    report = validate(rows, assignments, region, ledger)
    print(f"{region.name}: {len(rows)} declaratieregels gecontroleerd", file=out)
    _print_report(report, out)
    if args.out_ledger:
        dump_ledger(report.ledger, args.out_ledger)
        print(f"  grootboek geschreven naar {args.out_ledger}", file=out)
    return EXIT_OK if report.all_accepted else EXIT_REFUSED


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
        "[--answer ANSWER.xml] CLAIMS",
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
        type=Path,
        help="ledger JSON: read, and with --assignments updated in place (created when missing)",
    )
    check.add_argument(
        "--answer", type=Path, metavar="ANSWER.xml", help="write the JW325 answer to a JW323 here"
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
        help="efficiency gain asked, a signed change in percent, e.g. -1",
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
