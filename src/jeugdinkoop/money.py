"""Money: exact euro amounts, never floats.

Amounts are held as :class:`decimal.Decimal` and rounded only when asked, with
``ROUND_HALF_UP`` (the Dutch *rekenkundig afronden*), to whole eurocents as iJw
amounts are. Display goes through Babel.

Arithmetic never depends on the caller's ``decimal`` context: every Money operation
runs in the library's own context (:data:`CONTEXT_PRECISION` significant digits,
``InvalidOperation``, ``DivisionByZero`` and ``Overflow`` trapped, ``Inexact`` not), and
the library's entry points (validation, settlement, pricing, scenarios) run their
whole calculation in it through :func:`decimal_context` and :func:`exact_arithmetic`.
A host program that lowers the precision or traps ``Inexact`` sees the same results,
and its context is left as it was.

Examples:
    >>> from decimal import Decimal
    >>> from jeugdinkoop.money import Money
    >>> price = Money("78.00") * Decimal("1.5")
    >>> price
    Money('117.000')
    >>> price.rounded()
    Money('117.00')
    >>> price.format()
    '€\\xa0117,00'
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from contextvars import ContextVar
from decimal import (
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    getcontext,
    localcontext,
)
from typing import ClassVar, Final, ParamSpec, Self, TypeVar

import attrs
from babel.numbers import format_currency

__all__ = [
    "CENT",
    "CONTEXT_PRECISION",
    "Money",
    "decimal_context",
    "exact_arithmetic",
    "format_eur",
]

CENT: Final = Decimal("0.01")
_ZERO: Final = Decimal(0)

CONTEXT_PRECISION: Final = 28
"""Significant digits of the library's decimal context (Python's default, so results are
the same as in a fresh interpreter): amounts of up to 26 digits before the cent are exact."""

_CONTEXT: Final = Context(
    prec=CONTEXT_PRECISION,
    rounding=ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    capitals=1,
    clamp=0,
    flags=[],
    traps=[InvalidOperation, DivisionByZero, Overflow],
)
"""The library's own decimal context. Used through its methods (``_ADD`` is ``_CONTEXT.add`` …), which
never read or change the caller's context, or as a copy by :func:`decimal_context`."""

# bound once: Money's arithmetic is on every hot path
_ADD: Final = _CONTEXT.add
_SUBTRACT: Final = _CONTEXT.subtract
_MULTIPLY: Final = _CONTEXT.multiply
_DIVIDE: Final = _CONTEXT.divide
_MINUS: Final = _CONTEXT.minus
_ABS: Final = _CONTEXT.abs

_P = ParamSpec("_P")
_R = TypeVar("_R")


def decimal_context() -> AbstractContextManager[Context]:
    """A ``with`` block that runs in (a copy of) the library's decimal context.

    Inside it, plain :class:`~decimal.Decimal` arithmetic has
    :data:`CONTEXT_PRECISION` digits and traps invalid operations, division by zero and
    overflow (never ``Inexact``), whatever the caller had set; on leaving it, the
    caller's context is back as it was.

    Examples:
        >>> from decimal import Decimal, getcontext, localcontext
        >>> with localcontext(prec=6):
        ...     with decimal_context():
        ...         inside = Decimal(1) / Decimal(3)
        ...     outside = Decimal(1) / Decimal(3)
        >>> len(str(inside)), outside
        (30, Decimal('0.333333'))
    """
    return localcontext(_fresh())


def _fresh() -> Context:
    """A copy of the library's context with no flags raised (its methods raise them)."""
    context = _CONTEXT.copy()
    context.clear_flags()
    return context


def exact_arithmetic(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Decorate a function so that its whole body runs in :func:`decimal_context`.

    Used on the library's entry points (``validate``, ``settle``, pricing helpers,
    ``Scenario.run``), so a host program's decimal settings cannot change their results.

    Examples:
        >>> from decimal import Decimal, localcontext
        >>> @exact_arithmetic
        ... def third(x: Decimal) -> Decimal:
        ...     return x / 3
        >>> with localcontext(prec=3):
        ...     third(Decimal(1)) == Decimal(1) / Decimal(3)
        False
    """

    @functools.wraps(func)
    def in_context(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if getcontext() is _ACTIVE.get():
            # already inside the library's context (a nested entry point): no new copy
            return func(*args, **kwargs)
        with localcontext(_fresh()) as context:
            token = _ACTIVE.set(context)
            try:
                return func(*args, **kwargs)
            finally:
                _ACTIVE.reset(token)

    return in_context


_ACTIVE: ContextVar[Context | None] = ContextVar("jeugdinkoop_decimal_context", default=None)
"""The library context :func:`exact_arithmetic` made current, so a nested call reuses it
(when the current context is still that object; code that swapped it gets a fresh one)."""


def _to_decimal(value: object) -> Decimal:
    """Convert an exact amount to ``Decimal``; refuse floats and junk with a clear error."""
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"Money.amount: {value!r} is not a finite amount")
        return value
    if isinstance(value, bool):
        raise TypeError(f"Money.amount: {value!r} is a bool, not an amount")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        raise TypeError(
            f"Money.amount: float {value!r} is not exact; "
            "use Decimal or a string, e.g. Money('12.34')"
        )
    if isinstance(value, str):
        try:
            with localcontext(_fresh()):  # exact; a syntax error raises whatever the caller traps
                result = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(
                f"Money.amount: {value!r} is not a decimal number (use '1234.56')"
            ) from None
        if not result.is_finite():
            raise ValueError(f"Money.amount: {value!r} is not a finite amount")
        return result
    raise TypeError(f"Money.amount: {type(value).__name__} {value!r} is not an amount")


def _quantity(value: object) -> Decimal:
    if type(value) is Decimal:
        return value
    if isinstance(value, float):
        raise TypeError(
            f"cannot multiply Money by float {value!r}; use Decimal or int for quantities"
        )
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"cannot multiply Money by {type(value).__name__}")
    return Decimal(value)


@attrs.frozen(repr=False, order=True)
class Money:
    """An amount in euros, exact.

    Construct from ``Decimal``, ``int`` or a decimal string; a ``float`` raises
    :class:`TypeError`. Money adds and subtracts with Money, multiplies and divides by
    ``Decimal`` or ``int`` quantities, compares and sorts, and works with :func:`sum`.

    Args:
        amount: the amount in euros.

    Examples:
        >>> Money("10.10") + Money("0.05")
        Money('10.15')
        >>> sum([Money("1.10"), Money("2.20")])
        Money('3.30')
        >>> Money(0.1)
        Traceback (most recent call last):
        ...
        TypeError: Money.amount: float 0.1 is not exact; use Decimal or a string, e.g. Money('12.34')
        >>> Money.from_cents(123456).format("nl_NL")
        '€\\xa01.234,56'

    .. versionadded:: 0.1
    """

    amount: Decimal = attrs.field(converter=_to_decimal)

    currency: ClassVar[str] = "EUR"

    def __eq__(self, other: object) -> bool:
        """Equal by value to Money, and to a ``Decimal`` or ``int`` amount in euros.

        ``Money("1") == Decimal("1.00")`` is ``True``, as it reads; the hash is the
        amount's, so both find the same dict entry. A ``float`` raises
        :class:`TypeError` instead of a silent ``False``: ``Money("0.1") == 0.1`` would be
        false by binary rounding.

        Examples:
            >>> from decimal import Decimal
            >>> Money("1") == Decimal("1.00"), Money("0") == 0, Money("1") == "1"
            (True, True, False)
            >>> Money("0.1") == 0.1
            Traceback (most recent call last):
            ...
            TypeError: cannot compare Money('0.1') with float 0.1: a float is not exact; use Decimal or a string
        """
        if type(other) is Money:
            return self.amount == other.amount
        if isinstance(other, Decimal) or (isinstance(other, int) and not isinstance(other, bool)):
            return self.amount == other
        if isinstance(other, float):
            raise TypeError(
                f"cannot compare {self!r} with float {other!r}: a float is not exact; "
                "use Decimal or a string"
            )
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.amount)

    @classmethod
    def zero(cls) -> Money:
        """Return € 0.

        Examples:
            >>> Money.zero()
            Money('0')
        """
        return _ZERO_MONEY

    @classmethod
    def from_cents(cls, cents: int) -> Money:
        """Build an amount from whole eurocents, as iJw messages carry them.

        Examples:
            >>> Money.from_cents(-1999)
            Money('-19.99')
        """
        if isinstance(cents, bool) or not isinstance(cents, int):
            raise TypeError(f"Money.from_cents: {cents!r} is not a whole number of cents")
        return cls(_CONTEXT.scaleb(Decimal(cents), -2))

    @property
    def cents(self) -> int:
        """The amount in whole eurocents; the amount must already be whole cents.

        Raises:
            ValueError: when the amount has fractions of a cent (round it first).

        Examples:
            >>> Money("12.34").cents
            1234
            >>> Money("0.005").cents
            Traceback (most recent call last):
            ...
            ValueError: Money('0.005') has fractions of a cent; call .rounded() first
        """
        scaled = _CONTEXT.scaleb(self.amount, 2)
        if scaled != _CONTEXT.to_integral_value(scaled):
            raise ValueError(f"{self!r} has fractions of a cent; call .rounded() first")
        return int(scaled)

    def rounded(self) -> Money:
        """Round to whole cents, half up (rekenkundig afronden).

        Examples:
            >>> Money("0.005").rounded(), Money("-0.005").rounded(), Money("0.0049").rounded()
            (Money('0.01'), Money('-0.01'), Money('0.00'))
        """
        return _exact(self.amount.quantize(CENT, rounding=ROUND_HALF_UP, context=_CONTEXT))

    def is_zero(self) -> bool:
        """Return whether the amount is exactly zero.

        Examples:
            >>> Money("0.00").is_zero()
            True
        """
        return self.amount == _ZERO

    def allocate(self, weights: Sequence[int | Decimal]) -> tuple[Money, ...]:
        """Split a whole-cent amount over weights so that the parts add up exactly.

        Cents left over after rounding down go to the largest remainders first (ties:
        the earliest part), so nothing is created or lost. Used for monthly advances.

        Args:
            weights: non-negative weights, not all zero.

        Examples:
            >>> Money("100.00").allocate([1, 1, 1])
            (Money('33.34'), Money('33.33'), Money('33.33'))
            >>> sum(Money("1000.00").allocate([1] * 12)) == Money("1000.00")
            True
        """
        if not weights:
            raise ValueError("Money.allocate: weights is empty")
        for weight in weights:
            if isinstance(weight, float | bool) or not isinstance(weight, int | Decimal):
                raise TypeError(f"Money.allocate: weight {weight!r} is not an int or Decimal")
        with localcontext(_fresh()):
            return self._allocate(weights)

    def _allocate(self, weights: Sequence[int | Decimal]) -> tuple[Money, ...]:
        total_weight = sum(Decimal(w) for w in weights)
        if any(Decimal(w) < 0 for w in weights) or total_weight <= 0:
            raise ValueError(f"Money.allocate: weights {list(weights)!r} must be >= 0, not all 0")
        cents = self.cents
        sign = -1 if cents < 0 else 1
        cents = abs(cents)
        shares = [Decimal(cents) * Decimal(w) / total_weight for w in weights]
        floors = [int(s) for s in shares]
        left = cents - sum(floors)
        order = sorted(range(len(shares)), key=lambda i: (-(shares[i] - floors[i]), i))
        for i in order[:left]:
            floors[i] += 1
        return tuple(Money.from_cents(sign * c) for c in floors)

    def format(self, locale: str = "nl_NL") -> str:
        """Format for people with Babel: ``€ 1.234,56`` in ``nl_NL``, ``€1,234.56`` in ``en_GB``.

        Examples:
            >>> Money("1234.5").format("en_GB")
            '€1,234.50'
        """
        return format_eur(self.amount, locale)

    def __repr__(self) -> str:
        return f"Money({str(self.amount)!r})"

    def __str__(self) -> str:
        return self.format()

    def __add__(self, other: object) -> Money:
        if isinstance(other, Money):
            return _exact(_ADD(self.amount, other.amount))
        return NotImplemented

    def __radd__(self, other: object) -> Money:
        # sum() starts from int 0.
        if isinstance(other, int) and not isinstance(other, bool) and other == 0:
            return self
        if isinstance(other, Money):
            return _exact(_ADD(other.amount, self.amount))
        return NotImplemented

    def __sub__(self, other: object) -> Money:
        if isinstance(other, Money):
            return _exact(_SUBTRACT(self.amount, other.amount))
        return NotImplemented

    def __neg__(self) -> Money:
        return _exact(_MINUS(self.amount))

    def __abs__(self) -> Money:
        return _exact(_ABS(self.amount))

    def __mul__(self, other: Decimal | int) -> Money:
        return _exact(_MULTIPLY(self.amount, _quantity(other)))

    __rmul__ = __mul__

    def __truediv__(self, other: Decimal | int) -> Money:
        quantity = _quantity(other)
        if quantity == 0:
            raise ZeroDivisionError("Money divided by zero")
        return _exact(_DIVIDE(self.amount, quantity))

    def __bool__(self) -> bool:
        return self.amount != _ZERO

    @classmethod
    def sum(cls, amounts: Iterable[Money]) -> Self:
        """Add amounts; an empty iterable gives € 0.

        Examples:
            >>> Money.sum([])
            Money('0')
        """
        total = _ZERO
        for m in amounts:
            total = _ADD(total, m.amount)
        return cls(total)


_ZERO_MONEY: Final = Money(_ZERO)
_new = object.__new__
_set = object.__setattr__


def _exact(amount: Decimal) -> Money:
    """A Money from a Decimal that arithmetic on Money produced (already checked: finite)."""
    money: Money = _new(Money)
    _set(money, "amount", amount)
    return money


def format_eur(amount: Decimal, locale: str = "nl_NL") -> str:
    """Format a euro amount with Babel; the one place amounts become text.

    Examples:
        >>> from decimal import Decimal
        >>> format_eur(Decimal("-1234.5"))
        '€\\xa0-1.234,50'
    """
    # Babel rounds half to even; amounts are shown as they are paid: half up to cents.
    with localcontext(_fresh()):
        shown = amount.quantize(CENT, rounding=ROUND_HALF_UP)
        return format_currency(shown, "EUR", locale=locale)
