"""``validate_table()``: a columnar batch path that proves lines clean and hands the rest on.

DESIGN §8: an operations-layer sibling of :func:`~jeugdinkoop.validation.validate` that
only *proves* claim lines clean, with vectorised polars expressions, and sends every
other line to ``validate()``; findings have one source. polars is imported only here,
and only when the ``[fast]`` extra is installed.

A line is proven clean (accepted, no finding, the amount it claims) only when every one
of these explicit conditions holds; anything else goes through the object path:

* it is a debit (``debit_credit`` empty or ``D``; ``reverses``, ``category``,
  ``declaration`` and ``tariff`` empty), every field in a strict form (ISO dates, a whole
  quantity, an amount with two decimals, plain references);
* its assignment exists, is not withdrawn, names a product, has no budget, is not part
  of a follow-up chain, and has a volume *per month* in the unit the line is in (not
  euro); provider, client, municipality and product are the assignment's, character for
  character; the municipality is a member and the catalog's category is the assignment's;
* the product's segment is funded by a plain :class:`~jeugdinkoop.funding.EffortBased`
  (PxQ) model, with no ceiling for the provider;
* the product period is one whole calendar month inside the assignment, from 2021 on,
  and within the message date and declaration periods when those are given;
* the quantity is at most the monthly volume, and no other line of the batch and no
  ledger entry is on the same assignment and month; no other line of the batch or the
  ledger has its reference, and no credit names it;
* a contract holds, the tariff holds and converts, and the library's own price for the
  line (asked once per product, provider, municipality, tier, month and quantity) is
  exactly the amount claimed, in whole cents.

Such a line shares no state with any other line, so the object path, run on the rest,
produces exactly the findings ``validate()`` gives for the whole batch; the clean lines
are merged back in the canonical order. Their entries (and the ledger, and the accepted
lines as objects) are made when first asked for, all at once.

The equivalence tests (``tests/validation/test_columnar.py``) keep this honest when the
object path's rules change: a rule that starts to flag a line this module proves clean
makes them fail, and the condition then belongs in the list above.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from jeugdinkoop.codes import ChangeReason, DebitCredit, Frequency, Unit
from jeugdinkoop.errors import TariffNotFound
from jeugdinkoop.funding import EffortBased, Entry, EntryKind, FundingContext, Ledger
from jeugdinkoop.model import Assignment, Claim, Region
from jeugdinkoop.model.findings import Finding
from jeugdinkoop.model.numbers import LINE_BOUND, QUANTITY_BOUND
from jeugdinkoop.model.records import CLAIM_FIELDS, claim_from_record, parse_date
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.validation.engine import (
    AcceptedClaim,
    RejectedClaim,
    ValidationReport,
    _parse,
    _years_before,
    validate,
)

if TYPE_CHECKING:  # pragma: no cover - typing only
    import polars as pl
    from polars import DataFrame as Frame

__all__ = ["TableReport", "validate_table"]

_INSTALL: Final = "validate_table needs polars: pip install 'jeugdinkoop[fast]'"
_PLAIN: Final = r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$"
"""A reference or assignment number that needs no stripping and no escaping."""
_ISO: Final = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_WHOLE: Final = r"^[1-9][0-9]{0,5}$"
_AMOUNT: Final = r"^[0-9]{1,9}[.,][0-9]{2}$"
_CS100_FROM: Final = date(2021, 1, 1)


def _polars() -> Any:
    try:
        import polars
    except ImportError as err:  # pragma: no cover - exercised with polars hidden
        raise ImportError(_INSTALL) from err
    return polars


class TableReport:
    """What :func:`validate_table` found: a columnar result, with objects on demand.

    Only the lines that went the object path exist as objects; the entries, the ledger
    and the accepted lines as objects are built when first asked for (and kept).

    Attributes:
        frame: one row per input line, in input order: ``row`` (0-based position),
            ``reference``, ``clean`` (proven clean by the columnar pre-pass),
            ``amount_cents`` (the accepted amount; null when refused) and ``accepted``.
        object_report: ``validate()``'s report on the lines that went the object path.
        findings: every finding, in ``validate()``'s order (clean lines have none).
        rejected: the refused lines, in ``validate()``'s order.
    """

    def __init__(
        self,
        *,
        frame: pl.DataFrame,
        object_report: ValidationReport,
        findings: tuple[Finding, ...],
        rejected: tuple[RejectedClaim, ...],
        ordered: pl.DataFrame,
        source: pl.DataFrame,
        base: Ledger,
        by_number: Mapping[str, Assignment],
        region: Region,
    ) -> None:
        self.frame = frame
        self.object_report = object_report
        self.findings = findings
        self.rejected = rejected
        self._ordered = ordered
        self._source = source
        self._base = base
        self._by_number = by_number
        self._region = region

    def __repr__(self) -> str:
        return (
            f"TableReport({self.frame.height} lines, {self.clean} proven clean, "
            f"{len(self.rejected)} rejected)"
        )

    @property
    def clean(self) -> int:
        """How many lines the pre-pass proved clean."""
        return int(self.frame["clean"].sum())

    @property
    def total_accepted(self) -> Money:
        """The priced amount of every accepted line (credits negative)."""
        return Money.from_cents(int(self.frame["amount_cents"].sum()))

    @functools.cached_property
    def _order(self) -> list[tuple[bool, int]]:
        keys = list(
            zip(
                self._ordered["_start"].to_list(),
                self._ordered["_end"].to_list(),
                self._ordered["reference"].to_list(),
                strict=True,
            )
        )
        return _merge(self.object_report, keys, self._base)

    @functools.cached_property
    def entries(self) -> tuple[Entry, ...]:
        """The entries added to the ledger, in the order ``validate()`` adds them."""
        clean = _entries(self._ordered, self._by_number, self._region)
        made = self.object_report.entries
        return tuple(clean[at] if is_clean else made[at] for is_clean, at in self._order)

    @functools.cached_property
    def ledger(self) -> Ledger:
        """The ledger after booking every accepted line (the input ledger is untouched)."""
        working = self._base.copy()
        working.extend(self.entries)
        return working

    def accepted(self) -> tuple[AcceptedClaim, ...]:
        """The accepted lines as objects, in ``validate()``'s order (built on demand)."""
        result: list[AcceptedClaim] = []
        by_object = self.object_report.accepted
        rows = self._ordered["_row"].to_list()
        entries = self.entries
        for index, (is_clean, at) in enumerate(self._order):
            if is_clean:
                entry = entries[index]
                claim = claim_from_record(self._source.row(rows[at], named=True))
                result.append(AcceptedClaim(claim, entry.amount, entry.segment))
            else:
                result.append(by_object[at])
        return tuple(result)

    def to_report(self) -> ValidationReport:
        """The :class:`ValidationReport` ``validate()`` gives for the same batch."""
        return ValidationReport(
            self.accepted(), self.rejected, self.findings, self.ledger, self.entries
        )


def validate_table(
    table: pl.DataFrame | str | Path,
    assignments: Iterable[Assignment] | Mapping[str, Assignment],
    region: Region,
    ledger: Ledger | None = None,
    *,
    declaration_period: Period | None = None,
    received: date | None = None,
    previous_declaration_period: Period | None = None,
) -> TableReport:
    """Check a large batch of claim lines: a columnar pre-pass, the object path for the rest.

    The result is the same as :func:`~jeugdinkoop.validation.validate`'s for the whole
    batch — the same accepted lines and amounts, refused lines, findings (text and
    order) and ledger — but lines the pre-pass proves clean (see the module's
    conditions) never become objects unless asked for.

    Args:
        table: a polars DataFrame of text columns named as in
            ``jeugdinkoop.model.records.CLAIM_FIELDS``, or the path of a claims CSV
            (``;`` or ``,`` separated, read as text).
        assignments: the assignments, as objects or by number.
        region: the region.
        ledger: what was accepted earlier (left untouched; the report has the new one).
        declaration_period: as for ``validate()``.
        received: as for ``validate()``.
        previous_declaration_period: as for ``validate()``.

    Raises:
        ImportError: when polars is not installed (``pip install 'jeugdinkoop[fast]'``).
        TypeError: when a column is not text, naming it.
        ValueError: when the CSV file cannot be read (a record with too many fields,
            bytes that are not UTF-8), naming the file and polars' reason.

    Examples:
        >>> from datetime import date
        >>> import polars as pl
        >>> from jeugdinkoop.io import load_example_region
        >>> from jeugdinkoop.model import Assignment, Volume
        >>> from jeugdinkoop.periods import Period
        >>> region = load_example_region()
        >>> assignment = Assignment(reference="T-1", client="111222333",
        ...     municipality="0001", provider="11111111", category="45",
        ...     period=Period(date(2025, 1, 1), date(2025, 6, 30)), product="45A01",
        ...     volume=Volume(10, "04", "4"))
        >>> table = pl.DataFrame({
        ...     "reference": ["R-1", "R-2"], "assignment": ["T-1", "T-1"],
        ...     "provider": ["11111111"] * 2, "client": ["111222333"] * 2,
        ...     "municipality": ["0001"] * 2, "product": ["45A01"] * 2,
        ...     "start": ["2025-03-01", "2025-04-01"], "end": ["2025-03-31", "2025-04-30"],
        ...     "quantity": ["8", "12"], "unit": ["04", "04"], "amount": ["624.00", "936.00"]})
        >>> report = validate_table(table, [assignment], region)
        >>> report.clean, report.total_accepted
        (1, Money('624.00'))
        >>> print(report.findings[0])
        JI-404 claim R-2: volume 12 uur is meer dan de toegewezen 10 uur in 2025-04-01..2025-04-30
    """
    pl = _polars()
    if isinstance(table, (str, Path)):
        table = _read(pl, Path(table))
    table = table.with_columns(
        [pl.col(n).cast(pl.String) for n, t in table.schema.items() if t == pl.Null]
    )
    for name, dtype in table.schema.items():
        if dtype != pl.String:
            raise TypeError(
                f"validate_table: column {name!r} is {dtype}; read the claims as text "
                "(pl.read_csv(..., infer_schema=False))"
            )
    if isinstance(assignments, Mapping):
        by_number = dict(assignments)
    else:
        by_number = {}
        for assignment in assignments:
            if not isinstance(assignment, Assignment):
                raise TypeError(f"validate_table: {assignment!r} is not an Assignment")
            by_number[assignment.reference] = assignment
    base = ledger if ledger is not None else Ledger()
    frame = table.with_columns(
        [pl.lit(None, dtype=pl.String).alias(f) for f in CLAIM_FIELDS if f not in table.columns]
    ).with_row_index("_row")
    clean_mask = _prove(
        pl,
        frame,
        by_number=by_number,
        region=region,
        ledger=base,
        declared=declaration_period,
        received=received,
        previous=previous_declaration_period,
    )
    frame = frame.with_columns(_clean=clean_mask["_clean"], _cents=clean_mask["_cents"])
    dirty = frame.filter(~pl.col("_clean"))
    columns = list(table.columns)
    # only what the clean lines' entries and canonical order need, sorted by
    # (start, end, reference) as validate() sorts debits; end follows from start
    ordered = (
        frame.select("_row", "reference", "assignment", "_clean", "_cents")
        .with_columns(_start=clean_mask["_s"], _q=clean_mask["_q"])
        .filter(pl.col("_clean"))
        .with_columns(_end=pl.col("_start").dt.month_end())
        .sort(["_start", "_end", "reference"])
    )

    # -- the object path: validate() on every other line, numbered as in the input -----
    dirty_rows = dirty.select(columns).to_dicts()
    dirty_at = dirty["_row"].to_list()
    sentinel = (
        claim_from_record(frame.row(int(ordered["_row"][0]), named=True))
        if ordered.height
        else None
    )
    unread_at: list[int] = []
    parsed, parse_rejected, _ = _parse(dirty_rows, unread_at)
    if sentinel is not None and any(r.subject.startswith("record ") for r in parse_rejected):
        # an unreadable record without a reference is named by its place in the batch:
        # read again with the clean lines' places held by a stand-in
        parsed, parse_rejected, _ = _parse(_numbered(dirty_rows, dirty_at, sentinel))
        parsed = [c for c in parsed if c is not sentinel]
    report = validate(
        parsed,
        by_number,
        region,
        base,
        declaration_period=declaration_period,
        received=received,
        previous_declaration_period=previous_declaration_period,
    )

    # -- the clean lines: merged in canonical order, as objects on demand -------------
    unread = set(unread_at)  # places in dirty_rows (the records kept are masked copies)
    readable = [at for i, at in enumerate(dirty_at) if i not in unread]
    by_claim = {id(a.claim): a for a in report.accepted}
    object_at: list[int] = []
    object_cents: list[int] = []
    for claim, at in zip(parsed, readable, strict=True):
        found = by_claim.get(id(claim))
        if found is not None:
            object_at.append(at)
            object_cents.append(int(found.amount.amount * 100))
    cents = clean_mask["_cents"]
    if object_at:
        cents = cents.scatter(object_at, object_cents)
    result = frame.select(
        row=pl.col("_row"), reference=pl.col("reference"), clean=pl.col("_clean")
    ).with_columns(amount_cents=cents, accepted=cents.is_not_null())
    return TableReport(
        frame=result,
        object_report=report,
        findings=(*(f for r in parse_rejected for f in r.findings), *report.findings),
        rejected=(*parse_rejected, *report.rejected),
        ordered=ordered,
        source=frame.select(columns),
        base=base,
        by_number=by_number,
        region=region,
    )


def _read(pl: Any, path: Path) -> pl.DataFrame:
    """A claims CSV as text columns, the delimiter taken from the header."""
    with path.open("rb") as handle:
        header = handle.readline().decode("utf-8", errors="replace")
    separator = ";" if header.count(";") >= header.count(",") else ","
    try:
        frame: pl.DataFrame = pl.read_csv(
            path, separator=separator, infer_schema=False, encoding="utf8"
        )
    except pl.exceptions.PolarsError as err:
        raise ValueError(f"validate_table: cannot read {path} as a claims CSV: {err}") from err
    return cast(
        "Frame", frame.rename({c: c.lstrip("\ufeff").strip().lower() for c in frame.columns})
    )


def _numbered(
    rows: list[dict[str, Any]], at: list[int], sentinel: Claim | None
) -> Iterator[Claim | Mapping[str, Any]]:
    """The object-path rows, each at its input position; the gaps filled with ``sentinel``."""
    position = 0
    for row, index in zip(rows, at, strict=True):
        if index > position and sentinel is not None:
            yield from itertools.repeat(sentinel, index - position)
        yield row
        position = index + 1


def _prove(
    pl: Any,
    frame: pl.DataFrame,
    *,
    by_number: Mapping[str, Assignment],
    region: Region,
    ledger: Ledger,
    declared: Period | None,
    received: date | None,
    previous: Period | None,
) -> pl.DataFrame:
    """``_clean`` (bool) and ``_cents`` (the proven amount) per row."""
    col = pl.col
    # every key a line may share state through, as the object path reads it (stripped)
    odd_assignment = ~col("assignment").str.contains(_PLAIN).fill_null(False)
    odd_start = ~col("start").str.contains(_ISO).fill_null(False)
    # a line in another form (padded number, Dutch date) still shares its window: the
    # few of them are read here as the object path reads them; unreadable ones share none
    months: set[tuple[str, str]] = set()
    odd = frame.filter(odd_assignment | odd_start).select("assignment", "start")
    for number, start in odd.iter_rows():
        if number is None or start is None:
            continue
        try:
            day = parse_date(str(start))
        except ValueError:
            continue
        months.add((str(number).strip(), f"{day.year:04d}-{day.month:02d}"))
    taken: set[str] = {
        str(v).strip()
        for v in frame.filter(~col("reference").str.contains(_PLAIN).fill_null(False))[
            "reference"
        ].to_list()
        if v is not None
    }
    taken |= {str(v).strip() for v in frame["reverses"].drop_nulls().to_list()}
    taken |= {e.key for e in ledger}
    for entry in ledger:
        if entry.assignment is not None:
            start = entry.period.start
            months.add((entry.assignment, f"{start.year:04d}-{start.month:02d}"))

    table, representatives = _assignment_table(pl, by_number, region)
    x = frame.lazy().join(
        table.lazy(), left_on="assignment", right_on="_a", how="left", maintain_order="left"
    )
    start = col("start").str.to_date("%Y-%m-%d", strict=False)
    end = col("end").str.to_date("%Y-%m-%d", strict=False)
    x = x.with_columns(
        _s=start,
        _e=end,
        _month=col("start").str.slice(0, 7),
        _q=pl.when(col("quantity").str.contains(_WHOLE).fill_null(False))
        .then(col("quantity").cast(pl.Int64, strict=False))
        .otherwise(None),
        _amt=pl.when(col("amount").str.contains(_AMOUNT).fill_null(False))
        .then(col("amount").str.replace(",", ".").str.replace(".", "", literal=True))
        .otherwise(None)
        .cast(pl.Int64, strict=False),
    )
    # shared windows and references, by 64-bit hashes: a collision only sends lines to
    # the object path, never proves one clean (and costs far less memory than strings)
    twice = frame.select(_twice=col("reference").hash().is_duplicated())["_twice"]
    x = x.with_columns(_twice=twice)
    # a line another line shares its window with: the same assignment (as vouched for,
    # character for character) and month; padded numbers and other date forms are in
    # ``months`` above, and a line whose start cannot be read shares nothing
    window = (
        col("_ai").cast(pl.Int64) * 1_000_000
        + col("_s").dt.year().cast(pl.Int64) * 12
        + col("_s").dt.month().cast(pl.Int64)
    ).is_duplicated()
    empty = [
        col(f).is_null() | (col(f) == "") for f in ("reverses", "category", "declaration", "tariff")
    ]
    conditions = [
        col("_ok").fill_null(False),
        col("reference").str.contains(_PLAIN).fill_null(False),
        ~odd_assignment,
        col("debit_credit").is_null() | col("debit_credit").is_in(["", DebitCredit.DEBIT.value]),
        *empty,
        col("provider") == col("_provider"),
        col("client") == col("_client"),
        col("municipality") == col("_municipality"),
        col("product") == col("_product"),
        col("unit") == col("_unit"),
        col("end").str.contains(_ISO).fill_null(False),
        col("_s").is_not_null(),
        col("_e").is_not_null(),
        col("_s") == col("_s").dt.month_start(),
        col("_e") == col("_s").dt.month_end(),
        col("_s") >= pl.lit(_CS100_FROM),
        col("_s") >= col("_from"),
        col("_to").is_null() | (col("_e") <= col("_to")),
        col("_q").is_not_null(),
        col("_q") <= col("_volume"),
        col("_amt").is_not_null(),
        # within what the reader accepts (CS339: a line's amount below € 1,000,000)
        col("_amt") < pl.lit(int(LINE_BOUND * 100)),
        col("_q") < pl.lit(int(QUANTITY_BOUND)),
        ~col("_twice"),
        ~col("reference").is_in(list(taken)),
        ~pl.concat_str([col("assignment"), col("_month")], separator="\x00").is_in(
            [f"{a}\x00{m}" for a, m in months]
        ),
        ~pl.concat_str([col("provider"), col("_month").str.slice(0, 4)], separator="\x00").is_in(
            _ceilings(region)
        ),
    ]
    if received is not None:
        conditions += [
            col("_e") <= pl.lit(received),
            col("_e") >= pl.lit(_years_before(received, 5)),
        ]
    if declared is not None and declared.end is not None:
        conditions.append(col("_e") <= pl.lit(declared.end))
    if declared is not None and previous is not None and previous.end is not None:
        after = previous.end + timedelta(days=1)
        if declared.start > after:
            conditions.append((col("_s") < pl.lit(after)) | (col("_s") >= pl.lit(declared.start)))
    candidate = pl.all_horizontal([c.fill_null(False) for c in conditions])
    x = x.with_columns(_candidate=candidate).select("_candidate", "_amt", "_pk", "_s", "_q", "_ai")
    found = x.collect(engine="streaming")
    # the window test on the small numeric result: in the streaming query above it
    # would hold every text column in memory at once
    found = found.with_columns(_candidate=col("_candidate") & ~window.fill_null(True))

    # the price, contract and tariff: the library's own answers, once per distinct
    # assignment terms (product, provider, municipality, tier, unit), month and quantity
    groups = found.filter(col("_candidate")).select("_pk", "_s", "_q").unique()
    ctx = FundingContext(region, Ledger(), by_number)
    prices = [
        _price(representatives[pk], start, quantity, region, ctx)
        for pk, start, quantity in groups.iter_rows()
    ]
    priced = groups.with_columns(_price=pl.Series(prices, dtype=pl.Int64))
    joined = found.join(priced, on=["_pk", "_s", "_q"], how="left", maintain_order="left")
    ok = col("_candidate") & (col("_price") == col("_amt")).fill_null(False)
    result: pl.DataFrame = joined.select(
        _clean=ok,
        _cents=pl.when(ok).then(col("_price")).otherwise(None),
        _s=col("_s"),
        _q=col("_q"),
    )
    return cast("Frame", result)


def _ceilings(region: Region) -> list[str]:
    """``provider\\0year`` for every ceiling of any model (or model part) in the region."""
    result: list[str] = []
    for top in region.segments:
        for segment in top.walk():
            try:
                model = region.funding_of(segment.code)
            except (KeyError, ValueError, LookupError):
                continue
            parts = [model, getattr(model, "claims_part", None), *getattr(model, "parts", ())]
            for part in parts:
                for c in getattr(part, "ceilings", ()):
                    result.append(f"{c.provider.value}\x00{c.year:04d}")
    return result


def _model(region: Region, segment: str) -> EffortBased | None:
    """The segment's model when it is exactly the plain PxQ model, else ``None``."""
    try:
        model = region.funding_of(segment)
    except (KeyError, ValueError, LookupError):
        return None
    return model if type(model) is EffortBased else None


def _assignment_table(
    pl: Any, by_number: Mapping[str, Assignment], region: Region
) -> tuple[pl.DataFrame, list[Assignment]]:
    """One row per assignment the pre-pass can vouch for, with what a line must match.

    ``_pk`` numbers the distinct terms a price depends on (product, provider,
    municipality, tier, unit); the list holds one assignment for each.
    """
    terms: dict[tuple[Any, ...], int] = {}
    representatives: list[Assignment] = []
    followed = {a.follows for a in by_number.values() if a.follows is not None}
    rows: dict[str, list[Any]] = {
        k: []
        for k in (
            "_a",
            "_provider",
            "_client",
            "_municipality",
            "_product",
            "_unit",
            "_tier",
            "_from",
            "_to",
            "_volume",
            "_ok",
            "_pk",
            "_ai",
        )
    }
    products: dict[tuple[str | None, Any], bool] = {}
    members: dict[str, bool] = {}
    for number, a in by_number.items():
        volume = a.volume
        code = (a.product.value if a.product is not None else None, a.category)
        product_ok = products.get(code)
        if product_ok is None:
            product = region.catalog.get(a.product) if a.product is not None else None
            product_ok = products[code] = (
                product is not None
                and product.category is a.category
                and _model(region, product.segment) is not None
            )
        member = members.get(a.municipality.value)
        if member is None:
            member = members[a.municipality.value] = region.has_municipality(a.municipality)
        ok = (
            product_ok
            and member
            and number == a.reference
            and volume is not None
            and volume.frequency is Frequency.PER_MONTH
            and volume.unit is not Unit.EURO
            and a.budget is None
            and a.follows is None
            and a.reference not in followed
            and a.change_reason is not ChangeReason.WITHDRAWN
        )
        if not ok or volume is None or a.product is None:
            continue
        rows["_a"].append(number)
        rows["_provider"].append(a.provider.value)
        rows["_client"].append(a.client.reveal())
        rows["_municipality"].append(a.municipality.value)
        rows["_product"].append(a.product.value)
        rows["_unit"].append(volume.unit.value)
        rows["_tier"].append(a.tier)
        rows["_from"].append(a.period.start)
        rows["_to"].append(a.period.end)
        rows["_volume"].append(int(volume.quantity))  # whole quantities: q <= V iff q <= ⌊V⌋
        rows["_ok"].append(True)
        term = (a.product, a.provider, a.municipality, a.tier, volume.unit)
        pk = terms.get(term)
        if pk is None:
            pk = terms[term] = len(representatives)
            representatives.append(a)
        rows["_pk"].append(pk)
        rows["_ai"].append(len(rows["_ai"]))
    table: pl.DataFrame = pl.DataFrame(
        rows,
        schema={
            "_a": pl.String,
            "_provider": pl.String,
            "_client": pl.String,
            "_municipality": pl.String,
            "_product": pl.String,
            "_unit": pl.String,
            "_tier": pl.String,
            "_from": pl.Date,
            "_to": pl.Date,
            "_volume": pl.Int64,
            "_ok": pl.Boolean,
            "_pk": pl.Int32,
            "_ai": pl.Int32,
        },
    )
    return cast("Frame", table), representatives


def _price(
    assignment: Assignment, start: date, quantity: int, region: Region, ctx: FundingContext
) -> int | None:
    """The library's price in cents for a line on these terms, or ``None`` on any doubt.

    The line is the assignment's product, provider, municipality and unit for the whole
    month from ``start``: the contract must hold (JI-501), the tariff hold and convert
    (the model's ``check_tariff``), and the model's own ``price`` be whole cents.
    """
    product, volume = assignment.product, assignment.volume
    if product is None or volume is None:
        return None
    model = _model(region, region.catalog[product].segment)
    if model is None:
        return None
    period = Period.month(start.year, start.month)
    if period.end is None:  # pragma: no cover - a month always ends
        return None
    try:
        claim = Claim(
            reference="R",
            assignment=assignment.reference,
            provider=assignment.provider,
            client=assignment.client,
            municipality=assignment.municipality,
            product=product,
            start=period.start,
            end=period.end,
            quantity=quantity,
            unit=volume.unit,
            amount=Money.zero(),
        )
        if region.contract_for(claim.provider, product, claim.municipality, claim.start) is None:
            return None
        if model.check_tariff(claim, assignment, ctx):
            return None
        amount = model.price(claim, assignment, ctx)
    except (TariffNotFound, ValueError):
        return None
    cents = amount.amount * 100
    if cents != cents.to_integral_value():
        return None
    return int(cents)


def _entries(
    ordered: pl.DataFrame, by_number: Mapping[str, Assignment], region: Region
) -> list[Entry]:
    """The ledger entries of the clean lines, as ``Entry.from_claim`` would make them."""
    periods: dict[date, Period] = {}
    moneys: dict[int, Money] = {}
    quantities: dict[int, Decimal] = {}
    segments: dict[str, str] = {}
    result: list[Entry] = []
    append = result.append
    claim = EntryKind.CLAIM
    for reference, number, start, end, quantity, cents in zip(
        ordered["reference"].to_list(),
        ordered["assignment"].to_list(),
        ordered["_start"].to_list(),
        ordered["_end"].to_list(),
        ordered["_q"].to_list(),
        ordered["_cents"].to_list(),
        strict=True,
    ):
        a = by_number[number]
        period = periods.get(start)
        if period is None:
            period = periods[start] = Period(start, end)
        money = moneys.get(cents)
        if money is None:
            money = moneys[cents] = Money.from_cents(cents)
        q = quantities.get(quantity)
        if q is None:
            q = quantities[quantity] = Decimal(quantity)
        product = a.product
        assert product is not None
        assert a.volume is not None
        segment = segments.get(product.value)
        if segment is None:
            segment = segments[product.value] = region.catalog[product].segment
        append(
            Entry(
                kind=claim,
                key=reference,
                provider=a.provider,
                municipality=a.municipality,
                segment=segment,
                period=period,
                amount=money,
                value=money,
                assignment=number,
                client=a.client,
                product=product,
                quantity=q,
                unit=a.volume.unit,
            )
        )
    return result


def _merge(
    report: ValidationReport, keys: list[tuple[date, date, str]], ledger: Ledger
) -> list[tuple[bool, int]]:
    """Where each accepted line goes in ``validate()``'s canonical order.

    The object path's accepted lines are already in that order: credits of debits in the
    ledger, then debits by (start, end, reference) each followed by its credits, then
    the other credits. A clean line is a debit no credit names, so it goes before the
    first object-path debit with a larger key, and before the trailing credits.
    """
    batch = {a.claim.reference for a in report.accepted if not a.claim.is_credit} | {
        r.claim.reference for r in report.rejected if r.claim is not None and not r.claim.is_credit
    }
    order: list[tuple[bool, int]] = []
    next_clean = 0
    for index, item in enumerate(report.accepted):
        claim = item.claim
        if claim.is_credit:
            target = claim.reverses or ""
            if ledger.debit(target) is None and target not in batch:
                while next_clean < len(keys):
                    order.append((True, next_clean))
                    next_clean += 1
        else:
            mine = (claim.start, claim.end, claim.reference)
            while next_clean < len(keys) and keys[next_clean] < mine:
                order.append((True, next_clean))
                next_clean += 1
        order.append((False, index))
    order += [(True, n) for n in range(next_clean, len(keys))]
    return order
