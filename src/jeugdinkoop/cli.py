"""The ``jeugdinkoop`` command: the main job (``demo``), claim validation, scenarios, budgets.

Every command has ``--help``. Errors go to standard error, one line per problem; the
exit status is 0 when all went well, 1 when ``validate`` refused lines, 2 on usage or
file errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from importlib.resources import files
from pathlib import Path
from typing import TextIO

from jeugdinkoop import __version__
from jeugdinkoop.errors import JeugdinkoopError, LoadError
from jeugdinkoop.io import (
    EMBEDDED_REGIONS,
    dump_ledger,
    load_assignments,
    load_embedded_region,
    load_ledger,
    load_region,
    read_rows,
)
from jeugdinkoop.model import Region
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.settlement import settle
from jeugdinkoop.validation import ValidationReport, validate

__all__ = ["main"]

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2


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


def _table(rows: Sequence[Sequence[str]], out: TextIO, right: Iterable[int] = ()) -> None:
    """Print rows as an aligned text table; columns in ``right`` are right-aligned."""
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
    _table(rows, out)
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
    _table(rows, out, right=[4])


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
    _table(rows, out, right=[3, 4, 5, 6, 7])


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
    scenarios = _scenario_demo()
    if scenarios is not None:
        return scenarios(regions, args, out)
    return EXIT_OK


def _scenario_demo() -> Callable[[list[Region], argparse.Namespace, TextIO], int] | None:
    """The scenario part of the demo, once the scenario engine is there."""
    try:
        from jeugdinkoop import demo_scenarios  # type: ignore[attr-defined]
    except ImportError:
        return None
    return demo_scenarios.run  # type: ignore[no-any-return]


def cmd_validate(args: argparse.Namespace, out: TextIO) -> int:
    """Validate a claims file against an assignments file."""
    region = _region(args.region)
    assignments = load_assignments(args.assignments)
    ledger = load_ledger(args.ledger) if args.ledger else None
    rows = [row for _, row in read_rows(args.claims)]
    report = validate(rows, assignments, region, ledger)
    print(f"{region.name}: {len(rows)} declaratieregels gecontroleerd", file=out)
    _print_report(report, out)
    if args.out_ledger:
        dump_ledger(report.ledger, args.out_ledger)
        print(f"  grootboek geschreven naar {args.out_ledger}", file=out)
    return EXIT_OK if report.all_accepted else EXIT_REFUSED


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
        "--out", type=Path, help="also write tables (CSV) and a chart (PNG) to this folder"
    )
    demo.set_defaults(func=cmd_demo)

    check = commands.add_parser("validate", help="check a claims CSV against an assignments CSV")
    check.add_argument(
        "--region",
        required=True,
        help=f"embedded region ({', '.join(EMBEDDED_REGIONS)}) or a region file",
    )
    check.add_argument("claims", type=Path, help="claims CSV (declaratieregels)")
    check.add_argument("assignments", type=Path, help="assignments CSV (toewijzingen)")
    check.add_argument("--ledger", type=Path, help="ledger JSON of earlier accepted claims")
    check.add_argument("--out-ledger", type=Path, help="write the updated ledger JSON here")
    check.set_defaults(func=cmd_validate)

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
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    try:
        return int(args.func(args, stream))
    except LoadError as err:
        for problem in err.problems:
            print(f"jeugdinkoop: {err.source}: {problem}", file=sys.stderr)
        return EXIT_USAGE
    except (_UsageError, JeugdinkoopError, OSError) as err:
        print(f"jeugdinkoop: {err}", file=sys.stderr)
        return EXIT_USAGE


_ = Money

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
