"""Benchmark: parse, check and answer a 20,000-prestatie JW323, against a bare XML parse.

Builds a synthetic region (the one of ``bench_validate.py``), 20,000 assignments (5,000
clients × 4 products) and one JW323 from one provider with a line on each, laid out
like the iJw sample messages (one element a line, tab-indented), which brings it close
to the 25 MB ceiling (OP179). Then measures in one run:

(a) a bare parse of the file with the XML library the module uses (``ElementTree``), and
(b) ``jeugdinkoop.ijw``: safe read + level 1 (schema) + reading the message, level 2,
    the header checks, ``validate()`` of every line, and writing the JW325.

It prints both times and the ratio b/a (goal: ≤ 10). ``--lines`` changes the size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from xml.etree import ElementTree as ET

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_validate import PRODUCTS, _bsns, build_region

from jeugdinkoop.codes import Frequency, ProductCategory, Unit
from jeugdinkoop.ijw import (
    IJW_NS,
    NAMESPACES,
    ClaimMessage,
    ClientLines,
    Header,
    ServiceLine,
    answer_claim_message,
    read_claim_message,
    read_message,
    write_jw323,
)
from jeugdinkoop.ijw.answer import message_findings
from jeugdinkoop.model import Assignment, Volume
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

PER_CLIENT = 4
PROVIDER = "20000000"
MUNICIPALITY = "9000"


def build(lines: int, folder: Path, refused_every: int) -> tuple[list[Assignment], Path]:
    """The assignments and the JW323 file (written once per size, then reused).

    Every ``refused_every``-th line names an assignment that does not exist (9338), so
    the JW325 has lines to list.
    """
    clients = _bsns(lines // PER_CLIENT + 1)
    assignments: list[Assignment] = []
    client_lines: list[ClientLines] = []
    for c, bsn in enumerate(clients[: lines // PER_CLIENT]):
        items = []
        for k in range(PER_CLIENT):
            number = c * PER_CLIENT + k + 1
            product = f"45B{(c + k * 7) % PRODUCTS:02d}"
            rate = 60 + int(product[3:])
            assignments.append(
                Assignment(
                    reference=str(number),
                    client=bsn,
                    municipality=MUNICIPALITY,
                    provider=PROVIDER,
                    category=ProductCategory.AMBULANT,
                    period=Period.year(2025),
                    product=product,
                    volume=Volume(40, Unit.HOUR, Frequency.PER_MONTH),
                )
            )
            items.append(
                ServiceLine(
                    bsn=bsn,
                    reference=f"R{number:09d}",
                    previous=None,
                    assignment=number if number % refused_every else 900_000_000 + number,
                    category="45",
                    product=product,
                    start=date(2025, 3, 1),
                    end=date(2025, 3, 31),
                    volume=10,
                    unit="04",
                    tariff=Money(rate),
                    amount=Money(rate * 10),
                    debit_credit="D",
                )
            )
        client_lines.append(ClientLines(bsn, tuple(items)))
    path = folder / f"jw323-{lines}-{refused_every}.xml"
    if not path.exists():
        message = ClaimMessage(
            header=Header(
                "490", PROVIDER, MUNICIPALITY, "BENCH-1", date(2025, 4, 3), "1.0.0", "1.0.0"
            ),
            declaration="BENCH1",
            period_start=date(2025, 3, 1),
            period_end=date(2025, 3, 31),
            signed_on=date(2025, 4, 3),
            total=Money.sum(i.amount for c in client_lines for i in c.lines),
            clients=tuple(client_lines),
        )
        ET.register_namespace("jw323", NAMESPACES["JW323"])
        ET.register_namespace("ijw", IJW_NS)
        tree = ET.ElementTree(ET.fromstring(write_jw323(message)))
        ET.indent(tree, space="\t")
        tree.write(path, encoding="UTF-8", xml_declaration=True)
    return assignments, path


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print (a), (b), the parts of (b) and b/a."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=20_000)
    parser.add_argument(
        "--refused-every", type=int, default=10, help="every n-th line is refused (default 10)"
    )
    parser.add_argument("--repeat", type=int, default=2, help="runs of each; the best counts")
    parser.add_argument(
        "--data", type=Path, default=Path(tempfile.gettempdir()) / "jeugdinkoop-bench"
    )
    args = parser.parse_args(argv)
    args.data.mkdir(parents=True, exist_ok=True)
    region = build_region()
    assignments, path = build(args.lines, args.data, args.refused_every)
    size = path.stat().st_size

    # the best of --repeat runs of each, as the machine may be shared
    a = b = read = checked = written = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        ET.parse(path)
        a = min(a, time.perf_counter() - start)

        start = time.perf_counter()
        message = read_claim_message(path)
        t_read = time.perf_counter() - start
        answer = answer_claim_message(message, assignments, region)
        t_checked = time.perf_counter() - start - t_read
        jw325 = answer.to_jw325(day=date(2025, 4, 8))
        t_b = time.perf_counter() - start
        if t_b < b:
            b, read, checked, written = t_b, t_read, t_checked, t_b - t_read - t_checked

    start = time.perf_counter()
    read_message(path)
    parse_and_level1 = time.perf_counter() - start
    start = time.perf_counter()
    message_findings(message)
    level2 = time.perf_counter() - start

    print(
        f"JW323: {message.line_count:,} prestaties, {size / 1e6:.1f} MB; answer: "
        f"{', '.join(answer.declaration_codes)}, {len(answer.rejected)} rejected, "
        f"granted {answer.granted.format('en_GB')}; JW325 {len(jw325):,} bytes"
    )
    print(f"(a) ElementTree parse only:            {a:7.2f} s")
    print(f"(b) read + check + answer:             {b:7.2f} s")
    print(
        f"    safe read, level 1, to objects:    {read:7.2f} s  (of which parse + level 1 {parse_and_level1:.2f} s)"
    )
    print(
        f"    level 2 + header + validate():     {checked:7.2f} s  (of which level 2 {level2:.2f} s)"
    )
    print(f"    write the JW325:                   {written:7.2f} s")
    print(f"b/a = {b / a:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
