"""Care paths [zorgpaden] and flows: what youths go through, per municipality and provider.

From assignments and a ledger: each youth's path (which products, in which order, for how
long, at what cost), inflow/throughflow/outflow per municipality and year (seed 003: a
regional monitor on in-, door- and uitstroom; seed 004:L56: "het zogenaamde zorgpad"), and
the average cost per youth per provider (seed 000:L68). Youths are known only by a keyed
pseudonym (HMAC-SHA256 under a secret key of at least 16 random bytes): no export
carries a BSN. Key handling is in :doc:`/how-to/privacy`.

Examples:
    >>> from jeugdinkoop.identifiers import BSN
    >>> key = new_pseudonym_key()  # in practice: pseudonym_key_from_env(), kept secret
    >>> len(pseudonym(BSN("111222333"), key))
    32
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Final

import attrs

from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding import EntryKind, Ledger
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.model import Assignment
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = [
    "MIN_KEY_BYTES",
    "PSEUDONYM_BITS",
    "PSEUDONYM_KEY_VARIABLE",
    "CarePath",
    "CareStep",
    "Flow",
    "average_cost_per_youth",
    "care_paths",
    "flows",
    "new_pseudonym_key",
    "pseudonym",
    "pseudonym_key_from_env",
]


PSEUDONYM_KEY_VARIABLE: Final = "JEUGDINKOOP_PSEUDONYM_KEY"
"""The environment variable :func:`pseudonym_key_from_env` reads by default (hex)."""

MIN_KEY_BYTES: Final = 16
"""The shortest pseudonym key accepted: 16 random bytes (128 bits)."""

PSEUDONYM_BITS: Final = 128
"""How much of the HMAC-SHA256 a pseudonym keeps: 128 bits, 32 hex digits."""


def _check_key(key: object) -> bytes:
    if isinstance(key, bytearray | memoryview):
        key = bytes(key)
    if not isinstance(key, bytes):
        raise TypeError(
            f"pseudonym key: a {type(key).__name__} was given; pass at least "
            f"{MIN_KEY_BYTES} random bytes, e.g. new_pseudonym_key() or "
            f"pseudonym_key_from_env() (a password or a word is not a key)"
        )
    if len(key) < MIN_KEY_BYTES:
        raise InvalidValue(
            f"pseudonym key: {len(key)} bytes, fewer than the {MIN_KEY_BYTES} random bytes "
            f"required; make one with secrets.token_bytes(32) (new_pseudonym_key())"
        )
    return key


def new_pseudonym_key() -> bytes:
    """A fresh random pseudonym key of 32 bytes (``secrets.token_bytes``).

    Keep it secret and keep it: pseudonyms made with another key do not match. Store it
    outside the repository (a secrets manager, or an environment variable as hex:
    ``key.hex()``), see :doc:`/how-to/privacy`.

    Examples:
        >>> key = new_pseudonym_key()
        >>> len(key), key == new_pseudonym_key()
        (32, False)
    """
    return secrets.token_bytes(32)


def pseudonym_key_from_env(
    variable: str = PSEUDONYM_KEY_VARIABLE, environ: Mapping[str, str] | None = None
) -> bytes | None:
    """The pseudonym key from an environment variable holding hex; ``None`` when unset.

    Args:
        variable: the variable's name (default ``JEUGDINKOOP_PSEUDONYM_KEY``).
        environ: where to look (default ``os.environ``).

    Raises:
        InvalidValue: when the variable is set but is not hex or holds fewer than 16 bytes
            (the message never shows the value).

    Examples:
        >>> key = new_pseudonym_key()
        >>> pseudonym_key_from_env(environ={"JEUGDINKOOP_PSEUDONYM_KEY": key.hex()}) == key
        True
        >>> pseudonym_key_from_env(environ={}) is None
        True
        >>> pseudonym_key_from_env(environ={"JEUGDINKOOP_PSEUDONYM_KEY": "geheim"})
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidValue: JEUGDINKOOP_PSEUDONYM_KEY: not hexadecimal; set it to the hex of 32 random bytes, e.g. python -c "import secrets; print(secrets.token_hex(32))"
    """
    text = (os.environ if environ is None else environ).get(variable, "").strip()
    if not text:
        return None
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise InvalidValue(
            f"{variable}: not hexadecimal; set it to the hex of 32 random bytes, "
            'e.g. python -c "import secrets; print(secrets.token_hex(32))"'
        ) from None
    try:
        return _check_key(key)
    except InvalidValue as err:
        raise InvalidValue(f"{variable}: {err}") from None


def pseudonym(bsn: BSN, key: bytes) -> str:
    """A stable pseudonym for a youth: HMAC-SHA256 of the BSN under a secret key, 128 bits.

    The same BSN and key give the same pseudonym, so paths can be compared between
    municipalities of one region that share the key; without the key it cannot be traced
    back (a BSN has only about 10^8 possible values, so the key, not the hash, is what
    protects it). The result is the first 128 bits of the HMAC as 32 hex digits.

    Args:
        bsn: the youth's BSN.
        key: at least 16 random bytes (:func:`new_pseudonym_key`,
            :func:`pseudonym_key_from_env`); never a word or a password.

    Raises:
        InvalidValue: when the key is shorter than 16 bytes.
        TypeError: when the key is not bytes (a ``str`` salt of older versions).

    Examples:
        >>> key = new_pseudonym_key()
        >>> a = pseudonym(BSN("111222333"), key)
        >>> len(a), a == pseudonym(BSN("111222333"), key), a == pseudonym(BSN("111222333"), new_pseudonym_key())
        (32, True, False)
        >>> pseudonym(BSN("111222333"), b"too short")
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidValue: pseudonym key: 9 bytes, fewer than the 16 random bytes required; make one with secrets.token_bytes(32) (new_pseudonym_key())

    .. versionchanged:: 0.2
       A key of at least 16 bytes instead of a string salt; 32 hex digits instead of 16.
    """
    digest = hmac.new(_check_key(key), bsn.reveal().encode(), hashlib.sha256).hexdigest()
    return digest[: PSEUDONYM_BITS // 4]


@attrs.frozen
class CareStep:
    """One assignment on a youth's care path.

    Attributes:
        assignment: the assignment number.
        product: the product, or ``None`` for a category-only assignment.
        provider: the provider.
        municipality: the municipality that assigned it.
        period: the assignment's validity.
        cost: accepted claims and production reports on it, net of credits.
    """

    assignment: str
    product: ProductCode | None
    provider: AGBCode
    municipality: MunicipalityCode
    period: Period
    cost: Money

    @property
    def days(self) -> int | None:
        """Length in days, or ``None`` while open-ended."""
        return None if self.period.end is None else self.period.days


@attrs.frozen
class CarePath:
    """CarePath [zorgpad]: a youth's assignments in order of start, under a pseudonym.

    Examples:
        >>> CarePath("ab12", ()).total_cost
        Money('0')
    """

    youth: str
    steps: tuple[CareStep, ...]

    @property
    def total_cost(self) -> Money:
        """The cost of every step."""
        return Money.sum(step.cost for step in self.steps)

    @property
    def products(self) -> tuple[str, ...]:
        """The products in order (``"-"`` for a category-only step)."""
        return tuple(s.product.value if s.product else "-" for s in self.steps)

    @property
    def days(self) -> int | None:
        """Days from the first start to the last end; ``None`` while a step is open."""
        if not self.steps or any(s.period.end is None for s in self.steps):
            return None
        first = min(s.period.start for s in self.steps)
        last = max(s.period.end for s in self.steps if s.period.end is not None)
        return Period(first, last).days

    def rows(self) -> list[dict[str, str]]:
        """Flat rows for an export (CSV): the pseudonym, never the BSN.

        Examples:
            >>> CarePath("ab12", ()).rows()
            []
        """
        return [
            {
                "youth": self.youth,
                "step": str(number),
                "assignment": step.assignment,
                "product": step.product.value if step.product else "",
                "provider": step.provider.value,
                "municipality": step.municipality.value,
                "start": step.period.start.isoformat(),
                "end": step.period.end.isoformat() if step.period.end else "",
                "days": "" if step.days is None else str(step.days),
                "cost": str(step.cost.amount),
            }
            for number, step in enumerate(self.steps, start=1)
        ]


def _cost_by_assignment(ledger: Ledger) -> dict[str, Money]:
    cost: dict[str, Money] = defaultdict(Money.zero)
    for entry in ledger:
        if entry.kind.is_claim and entry.assignment is not None:
            cost[entry.assignment] += entry.value
    return cost


def care_paths(
    assignments: Iterable[Assignment], ledger: Ledger, key: bytes
) -> tuple[CarePath, ...]:
    """Each youth's care path under a :func:`pseudonym` (``key``: 16+ secret random bytes).

    Paths are sorted by pseudonym; steps by start day and number.

    Raises:
        InvalidValue: when the key is shorter than 16 bytes.

    Examples:
        >>> from datetime import date
        >>> from jeugdinkoop.funding import Ledger
        >>> a = Assignment(reference="T-1", client="111222333", municipality="0184", provider="99500001", category="45",
        ...                period=Period(date(2025, 1, 1), date(2025, 3, 31)), product="45F01")
        >>> [p.products for p in care_paths([a], Ledger(), new_pseudonym_key())]
        [('45F01',)]
    """
    key = _check_key(key)
    cost = _cost_by_assignment(ledger)
    by_youth: dict[str, list[CareStep]] = defaultdict(list)
    for a in assignments:
        by_youth[pseudonym(a.client, key)].append(
            CareStep(
                a.reference,
                a.product,
                a.provider,
                a.municipality,
                a.period,
                cost.get(a.reference, Money.zero()),
            )
        )
    return tuple(
        CarePath(youth, tuple(sorted(steps, key=lambda s: (s.period.start, s.assignment))))
        for youth, steps in sorted(by_youth.items())
    )


@attrs.frozen
class Flow:
    """Flow [in-, door- en uitstroom] of youths in one municipality and year.

    Attributes:
        municipality: the municipality.
        year: the year.
        in_care: youths with an assignment on any day of the year.
        inflow: youths whose first assignment there starts in the year.
        throughflow: youths who start a further assignment in the year (moved on in care).
        outflow: youths whose last assignment there ends in the year (none open).
    """

    municipality: MunicipalityCode
    year: int
    in_care: int
    inflow: int
    throughflow: int
    outflow: int


def flows(assignments: Iterable[Assignment], year: int) -> tuple[Flow, ...]:
    """Inflow, throughflow and outflow per municipality for a year, sorted by municipality.

    Examples:
        >>> from datetime import date
        >>> a = Assignment(reference="T-1", client="111222333", municipality="0184", provider="99500001", category="45",
        ...                period=Period(date(2025, 1, 1), date(2025, 3, 31)), product="45F01")
        >>> b = Assignment(reference="T-2", client="111222333", municipality="0184", provider="99500001", category="45",
        ...                period=Period(date(2025, 4, 1), date(2025, 12, 31)), product="45F02")
        >>> f = flows([a, b], 2025)[0]
        >>> f.in_care, f.inflow, f.throughflow, f.outflow
        (1, 1, 1, 1)
    """
    window = Period.year(year)
    by_key: dict[tuple[MunicipalityCode, BSN], list[Assignment]] = defaultdict(list)
    for a in assignments:
        by_key[(a.municipality, a.client)].append(a)
    counts: dict[MunicipalityCode, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for (municipality, _), items in by_key.items():
        items.sort(key=lambda a: (a.period.start, a.reference))
        row = counts[municipality]
        if any(a.period.overlaps(window) for a in items):
            row[0] += 1
        if window.contains(items[0].period.start):
            row[1] += 1
        if any(window.contains(a.period.start) for a in items[1:]):
            row[2] += 1
        ends = [a.period.end for a in items]
        if all(e is not None for e in ends):
            last = max(e for e in ends if e is not None)
            if window.contains(last):
                row[3] += 1
    return tuple(Flow(m, year, *counts[m]) for m in sorted(counts, key=lambda code: code.value))


def average_cost_per_youth(ledger: Ledger, year: int | None = None) -> dict[AGBCode, Money]:
    """Average cost per youth per provider: accepted claim value ÷ distinct youths served.

    The value is the priced amount of claims (net of credits) and the reported value of
    production reports; a youth counts once per provider, when a line not reversed was
    accepted for them (seed 000:L68: "gemiddelde kosten per jeugdige per aanbieder").

    Examples:
        >>> average_cost_per_youth(Ledger())
        {}
    """
    window = Period.year(year) if year is not None else Period(date.min)
    value: dict[AGBCode, Money] = defaultdict(Money.zero)
    youths: dict[AGBCode, set[BSN]] = defaultdict(set)
    for entry in ledger:
        if not entry.kind.is_claim or not window.contains(entry.period.start):
            continue
        value[entry.provider] += entry.value
        if (
            entry.client is not None
            and entry.kind is not EntryKind.CREDIT
            and entry.value.amount >= 0
            and ledger.reversal_of(entry.key) is None
        ):
            youths[entry.provider].add(entry.client)
    return {
        provider: (value[provider] / len(youths[provider])).rounded()
        for provider in sorted(value, key=lambda a: a.value)
        if youths[provider]
    }
