"""Flat records (CSV rows, message fields) to model objects, collecting every bad field.

``claim_from_record`` and ``assignment_from_record`` read a mapping of strings, as a
CSV row or a JW323 line gives it, and either return the object or raise
:class:`RecordError` listing *every* field that is wrong, with its value and rule.
Numbers follow the strict grammar of :mod:`jeugdinkoop.model.numbers` (a decimal point
or a decimal comma, no thousands separators, bounded); dates are ISO (``2025-03-01``)
or Dutch (``01-03-2025``).

Examples:
    >>> from jeugdinkoop.model.records import claim_from_record
    >>> row = {"reference": "R-1", "assignment": "T-1", "provider": "12345678",
    ...        "client": "111222333", "municipality": "0193", "product": "45A01",
    ...        "start": "01-03-2025", "end": "2025-03-31", "quantity": "10", "unit": "04",
    ...        "amount": "780,00"}
    >>> claim_from_record(row).amount
    Money('780.00')
    >>> claim_from_record({**row, "client": "123", "amount": "abc"})
    Traceback (most recent call last):
    ...
    jeugdinkoop.model.records.RecordError: client = '123': BSN: '123' is not 9 digits; amount = 'abc': not a number: use ASCII digits, an optional sign and one decimal separator (1234.56 or 1234,56), without thousands separators, exponent or spaces
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeVar

import attrs

from jeugdinkoop.codes import (
    ChangeReason,
    DebitCredit,
    EndReason,
    Frequency,
    ProductCategory,
    Referrer,
    Unit,
)
from jeugdinkoop.errors import InvalidValue, JeugdinkoopError
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model.care import Assignment, Claim, Volume
from jeugdinkoop.model.numbers import (
    LINE_BOUND,
    QUANTITY_BOUND,
    TOTAL_BOUND,
    InvalidNumber,
    format_decimal,
)
from jeugdinkoop.model.numbers import parse_decimal as _parse_number
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period
from jeugdinkoop.privacy import mask_bsns

__all__ = [
    "ASSIGNMENT_FIELDS",
    "CLAIM_FIELDS",
    "FieldProblem",
    "RecordError",
    "assignment_from_record",
    "claim_from_record",
    "claim_to_record",
    "parse_date",
    "parse_decimal",
]

T = TypeVar("T")

CLAIM_FIELDS: Final = (
    "reference",
    "assignment",
    "provider",
    "client",
    "municipality",
    "product",
    "start",
    "end",
    "quantity",
    "unit",
    "amount",
    "debit_credit",
    "reverses",
    "category",
    "declaration",
    "tariff",
)
"""The columns of a claims file, in order; the first eleven are required."""

ASSIGNMENT_FIELDS: Final = (
    "reference",
    "client",
    "municipality",
    "provider",
    "category",
    "product",
    "start",
    "end",
    "quantity",
    "unit",
    "frequency",
    "budget",
    "referrer",
    "tier",
    "profile",
    "intensity",
    "follows",
    "end_reason",
    "change_reason",
)
"""The columns of an assignments file, in order; the first seven are required."""

_DUTCH_DATE: Final = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


class FieldProblem(JeugdinkoopError, ValueError):
    """One bad field: its name, its value and the rule (raised inside parsers).

    The value and rule are kept with nine-digit runs masked
    (:func:`jeugdinkoop.privacy.mask_bsns`): a problem never carries a BSN.

    Examples:
        >>> problem = FieldProblem(field="provider", value="111222333", rule="not 8 digits")
        >>> problem.value, str(problem)
        ('*****2333', "provider = '*****2333': not 8 digits")
    """

    def __init__(self, field: str, value: str, rule: str) -> None:
        self.field = field
        self.value = mask_bsns(value)
        self.rule = mask_bsns(rule)
        super().__init__(f"{field} = {self.value!r}: {self.rule}")


class RecordError(JeugdinkoopError, ValueError):
    """A record has bad fields; :attr:`problems` lists all of them.

    Its text is masked like every error's (no nine-digit run comes out in full).

    Examples:
        >>> print(RecordError([FieldProblem(field="provider", value="111222333", rule="8 digits")]))
        provider = '*****2333': 8 digits
    """

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def parse_decimal(text: str) -> Decimal:
    """A decimal from ``1234.56`` or ``1234,56``, by the strict grammar, below € 10^10.

    Thousands separators are refused, never guessed: see :mod:`jeugdinkoop.model.numbers`.

    Examples:
        >>> parse_decimal("1234,56"), parse_decimal("-0,5"), parse_decimal("12.5")
        (Decimal('1234.56'), Decimal('-0.5'), Decimal('12.5'))
        >>> parse_decimal("1.234,56")
        Traceback (most recent call last):
        ...
        jeugdinkoop.model.numbers.InvalidNumber: number = '1.234,56': not a number: use ASCII digits, an optional sign and one decimal separator (1234.56 or 1234,56), without thousands separators, exponent or spaces
    """
    return _parse_number(text, field="number", bound=TOTAL_BOUND)


def _bounded(field: str, bound: Decimal) -> Callable[[str], Decimal]:
    def parse(text: str) -> Decimal:
        return _parse_number(text, field=field, bound=bound)

    return parse


def parse_date(text: str) -> date:
    """A date from ISO ``2025-03-01`` or Dutch ``01-03-2025``.

    Examples:
        >>> parse_date("1-3-2025"), parse_date("2025-03-01")
        (datetime.date(2025, 3, 1), datetime.date(2025, 3, 1))
    """
    text = text.strip()
    match = _DUTCH_DATE.fullmatch(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return date(year, month, day)
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError("not a date (use 2025-03-01 or 01-03-2025)") from None


class _Reader:
    """Reads fields of one record, remembering every problem instead of stopping at the first."""

    def __init__(self, record: Mapping[str, Any]) -> None:
        self.record = record
        self.problems: list[FieldProblem] = []

    def raw(self, field: str) -> str | None:
        value = self.record.get(field)
        if value is None:
            return None
        text = str(value).strip()
        return text or None

    def get(self, field: str, parse: Callable[[str], T], required: bool = True) -> T | None:
        text = self.raw(field)
        if text is None:
            if required:
                self.problems.append(FieldProblem(field, "", "required, but empty or missing"))
            return None
        try:
            return parse(text)
        except (ValueError, TypeError) as err:
            rule = err.rule if isinstance(err, InvalidNumber) else str(err)
            self.problems.append(FieldProblem(field, text, rule))
            return None


_line_amount = _bounded("amount", LINE_BOUND)
_total_amount = _bounded("budget", TOTAL_BOUND)


def _money(text: str) -> Money:
    return Money(_line_amount(text))


def _budget(text: str) -> Money:
    return Money(_total_amount(text))


def _code(kind: type[T]) -> Callable[[str], T]:
    def parse(text: str) -> T:
        try:
            return kind(text)  # type: ignore[call-arg]
        except ValueError as err:
            if isinstance(err, InvalidValue):
                raise
            codes = ", ".join(repr(m.value) for m in kind)  # type: ignore[attr-defined]
            raise ValueError(f"not a {kind.__name__} code (one of {codes})") from None

    return parse


_MEMO_LIMIT: Final = 200_000


def _memo(parse: Callable[[str], T], cache: dict[str, T] | None = None) -> Callable[[str], T]:
    """Remember successful parses: identifiers, dates and amounts repeat across claim lines.

    Every value parsed is immutable, so sharing one object between records is safe; a
    failing parse is not remembered and raises again each time. ``cache``, when given, is
    the dict it remembers in (so a hot caller can look there first, without a call).
    """
    store: dict[str, T] = {} if cache is None else cache

    def memoized(text: str) -> T:
        try:
            return store[text]
        except KeyError:
            value = parse(text)
            if len(store) >= _MEMO_LIMIT:
                store.clear()
            store[text] = value
            return value

    return memoized


def _same(text: str) -> str:
    return text


# an assignment number repeats on every claim line against it: one string object for all
_ASSIGNMENTS: dict[str, str] = {}
_AGBS: dict[str, AGBCode] = {}
_BSNS: dict[str, BSN] = {}
_MUNICIPALITIES: dict[str, MunicipalityCode] = {}
_PRODUCTS: dict[str, ProductCode] = {}
_DATES: dict[str, date] = {}
_QUANTITIES: dict[str, Decimal] = {}
_AMOUNTS: dict[str, Money] = {}
_UNITS: dict[str, Unit] = {}
_assignment_number = _memo(_same, _ASSIGNMENTS)
_agb = _memo(AGBCode, _AGBS)
_bsn = _memo(BSN, _BSNS)
_municipality = _memo(MunicipalityCode, _MUNICIPALITIES)
_product = _memo(ProductCode, _PRODUCTS)
_date = _memo(parse_date, _DATES)
_decimal = _memo(_bounded("quantity", QUANTITY_BOUND), _QUANTITIES)
_amount = _memo(_money, _AMOUNTS)
_unit = _memo(_code(Unit), _UNITS)
_debit_credit = _memo(_code(DebitCredit))
_category = _memo(_code(ProductCategory))


# Trusted construction: every value _quick_claim hands over has been parsed (and bounded)
# by the memoised parsers above, so the converters and validators of ``Claim.__init__``
# would only confirm it. The claim is built from its slots directly (as ``Money`` does for
# its own results), which does not depend on the constructor's signature; the two rules
# of the class that relate fields (``__attrs_post_init__``) and the one validator the
# parsers do not cover (a negative tariff) are checked here, and anything off falls back
# to the constructor. tests/model/test_trusted_claim.py holds both paths to the same claim.
_CLAIM_SLOTS: Final = tuple(field.name for field in attrs.fields(Claim))
_TRUSTED: Final = _CLAIM_SLOTS == CLAIM_FIELDS and hasattr(Claim, "__slots__")
"""Whether the fast path may build claims from their slots (it falls back when not)."""
_CLAIM_SETTERS: Final = (
    tuple(Claim.__dict__[name].__set__ for name in _CLAIM_SLOTS) if _TRUSTED else ()
)
_new_object = object.__new__


def _trusted_claim(values: tuple[Any, ...]) -> Claim:
    """A claim from already parsed values, in :data:`CLAIM_FIELDS` order, without re-checking."""
    if not _TRUSTED:  # the class changed shape: let its constructor build it
        return Claim(**dict(zip(CLAIM_FIELDS, values, strict=True)))
    claim = _new_object(Claim)
    for setter, value in zip(_CLAIM_SETTERS, values, strict=True):
        setter(claim, value)
    return claim


def _quick_claim(record: Mapping[str, Any]) -> Claim | None:
    """The common case, fast: every required field present and well formed.

    Returns ``None`` (never raises) when anything is off; the careful reader then
    collects every problem. Both paths build the same claim from the same parsers.
    """
    get = record.get
    try:
        texts = []
        for name in _REQUIRED_CLAIM_FIELDS:
            field = get(name)
            if not isinstance(field, str):
                return None
            field = field.strip()
            if not field:
                return None
            texts.append(field)
        (
            reference,
            assignment,
            provider,
            client,
            municipality,
            product,
            start,
            end,
            quantity,
            unit,
            amount,
        ) = texts
        # each value from its parser's memo when there (a dict lookup, not a call): falsy
        # values (a zero quantity) simply take the call
        money = _AMOUNTS.get(amount) or _amount(amount)
        if money.amount < 0:
            return None
        # the optional columns, stripped, empty as None; an empty string (the usual) at once
        optional: list[str | None] = []
        for name in _OPTIONAL_CLAIM_FIELDS:
            value = get(name)
            if value is None or (type(value) is str and not value):
                optional.append(None)
            else:
                optional.append(str(value).strip() or None)
        debit_credit_text, reverses, category, declaration, tariff_text = optional
        debit_credit = _debit_credit(debit_credit_text) if debit_credit_text else DebitCredit.DEBIT
        tariff = _amount(tariff_text) if tariff_text else None
        if (tariff is not None and tariff.amount < 0) or (
            (debit_credit is DebitCredit.CREDIT) is not bool(reverses)
        ):
            return None  # the constructor's rules: the careful path reports them
        return _trusted_claim(
            (
                reference,
                _ASSIGNMENTS.get(assignment) or _assignment_number(assignment),
                _AGBS.get(provider) or _agb(provider),
                _BSNS.get(client) or _bsn(client),
                _MUNICIPALITIES.get(municipality) or _municipality(municipality),
                _PRODUCTS.get(product) or _product(product),
                _DATES.get(start) or _date(start),
                _DATES.get(end) or _date(end),
                _QUANTITIES.get(quantity) or _decimal(quantity),
                _UNITS.get(unit) or _unit(unit),
                money,
                debit_credit,
                reverses,
                _category(category) if category else None,
                declaration,
                tariff,
            )
        )
    except (ValueError, TypeError):
        return None


_REQUIRED_CLAIM_FIELDS: Final = CLAIM_FIELDS[:11]
_OPTIONAL_CLAIM_FIELDS: Final = CLAIM_FIELDS[11:]


def claim_from_record(record: Mapping[str, Any]) -> Claim:
    """A :class:`Claim` from a flat record of strings (see :data:`CLAIM_FIELDS`).

    Raises:
        RecordError: listing every bad field.
    """
    quick = _quick_claim(record)
    if quick is not None:
        return quick
    r = _Reader(record)
    values = {
        "reference": r.get("reference", str),
        "assignment": r.get("assignment", _assignment_number),
        "provider": r.get("provider", _agb),
        "client": r.get("client", _bsn),
        "municipality": r.get("municipality", _municipality),
        "product": r.get("product", _product),
        "start": r.get("start", _date),
        "end": r.get("end", _date),
        "quantity": r.get("quantity", _decimal),
        "unit": r.get("unit", _unit),
        "amount": r.get("amount", _amount),
        "debit_credit": r.get("debit_credit", _debit_credit, required=False) or DebitCredit.DEBIT,
        "reverses": r.raw("reverses"),
        "category": r.get("category", _category, required=False),
        "declaration": r.raw("declaration"),
        "tariff": r.get("tariff", _amount, required=False),
    }
    if isinstance(values["amount"], Money) and values["amount"].amount < 0:
        r.problems.append(
            FieldProblem(
                "amount",
                str(r.raw("amount")),
                "negative; a reversal is a credit line (debit_credit = C)",
            )
        )
    if r.problems:
        raise RecordError(r.problems)
    try:
        return Claim(**values)  # type: ignore[arg-type]
    except InvalidValue as err:
        field = "reverses" if ".reverses" in str(err) else "record"
        raise RecordError([FieldProblem(field, str(values.get(field, "")), str(err))]) from None


def claim_to_record(claim: Claim) -> dict[str, str]:
    """The flat record of a claim (inverse of :func:`claim_from_record`; reveals the BSN).

    Examples:
        >>> from datetime import date
        >>> c = Claim(reference="R-1", assignment="T-1", provider="12345678", client="111222333", municipality="0193", product="45A01",
        ...           start=date(2025, 3, 1), end=date(2025, 3, 31), quantity=10, unit=Unit.HOUR, amount="780.00")
        >>> claim_from_record(claim_to_record(c)) == c
        True
    """
    return {
        "reference": claim.reference,
        "assignment": claim.assignment,
        "provider": claim.provider.value,
        "client": claim.client.reveal(),
        "municipality": claim.municipality.value,
        "product": claim.product.value,
        "start": claim.start.isoformat(),
        "end": claim.end.isoformat(),
        "quantity": format_decimal(claim.quantity),
        "unit": claim.unit.value,
        "amount": format_decimal(claim.amount.amount),
        "debit_credit": claim.debit_credit.value,
        "reverses": claim.reverses or "",
        "category": claim.category.value if claim.category else "",
        "declaration": claim.declaration or "",
        "tariff": format_decimal(claim.tariff.amount) if claim.tariff is not None else "",
    }


def assignment_from_record(record: Mapping[str, Any]) -> Assignment:
    """An :class:`Assignment` from a flat record of strings (see :data:`ASSIGNMENT_FIELDS`).

    A volume needs ``quantity``, ``unit`` and ``frequency`` together; a budget is in euros.

    Raises:
        RecordError: listing every bad field.

    Examples:
        >>> a = assignment_from_record({"reference": "T-1", "client": "111222333",
        ...     "municipality": "0193", "provider": "12345678", "category": "45",
        ...     "product": "45A01", "start": "2025-01-01", "end": "", "quantity": "8",
        ...     "unit": "04", "frequency": "4"})
        >>> a.period.is_open, a.volume.quantity
        (True, Decimal('8'))
    """
    r = _Reader(record)
    start = r.get("start", parse_date)
    end = r.get("end", parse_date, required=False)
    quantity = r.get("quantity", _bounded("quantity", QUANTITY_BOUND), required=False)
    unit = r.get("unit", _code(Unit), required=False)
    frequency = r.get("frequency", _code(Frequency), required=False)
    volume_parts = [p for p in (quantity, unit, frequency) if p is not None]
    if volume_parts and len(volume_parts) != 3 and not r.problems:
        r.problems.append(
            FieldProblem(
                "quantity",
                str(r.raw("quantity") or ""),
                "a volume needs quantity, unit and frequency together",
            )
        )
    values = {
        "reference": r.get("reference", str),
        "client": r.get("client", BSN),
        "municipality": r.get("municipality", MunicipalityCode),
        "provider": r.get("provider", AGBCode),
        "category": r.get("category", _code(ProductCategory)),
        "product": r.get("product", ProductCode, required=False),
        "budget": r.get("budget", _budget, required=False),
        "referrer": r.get("referrer", _code(Referrer), required=False) or Referrer.MUNICIPALITY,
        "tier": r.raw("tier"),
        "profile": r.raw("profile"),
        "intensity": r.raw("intensity"),
        "follows": r.raw("follows"),
        "end_reason": r.get("end_reason", _code(EndReason), required=False),
        "change_reason": r.get("change_reason", _code(ChangeReason), required=False),
    }
    period = None
    if start is not None:
        try:
            period = Period(start, end)
        except InvalidValue as err:
            r.problems.append(FieldProblem("end", str(r.raw("end")), str(err)))
    if r.problems:
        raise RecordError(r.problems)
    volume = Volume(quantity, unit, frequency) if len(volume_parts) == 3 else None
    try:
        return Assignment(period=period, volume=volume, **values)  # type: ignore[arg-type]
    except InvalidValue as err:
        text = str(err)
        field = text.split(":", 1)[0].rsplit(".", 1)[-1] if ":" in text else "record"
        raise RecordError([FieldProblem(field, str(r.raw(field) or ""), text)]) from None
