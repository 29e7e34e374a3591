"""The one error hierarchy of jeugdinkoop.

Every error subclasses :class:`JeugdinkoopError` *and* the builtin it refines, so a
caller may catch either. Every message names the record, the field, the value and the
rule that was broken.

Examples:
    >>> from jeugdinkoop.errors import InvalidIdentifier, JeugdinkoopError
    >>> issubclass(InvalidIdentifier, ValueError) and issubclass(InvalidIdentifier, JeugdinkoopError)
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from jeugdinkoop.privacy import mask_bsns

__all__ = [
    "DuplicateEntry",
    "DuplicateMessage",
    "DuplicateRegistration",
    "InvalidIdentifier",
    "InvalidValue",
    "JeugdinkoopError",
    "LoadError",
    "Problem",
    "SettlementOverlap",
    "StoreError",
    "TariffNotFound",
    "UnknownFundingModel",
]


class JeugdinkoopError(Exception):
    """Base class of every error this library raises on purpose.

    Its text never carries a BSN: every run of nine or more digits in the message is
    masked (:func:`jeugdinkoop.privacy.mask_bsns`) when the error is made, so ``str``,
    ``repr`` and ``args`` of the error are all masked.

    Examples:
        >>> try:
        ...     raise TariffNotFound("no tariff for product 45A01 on 2025-01-01")
        ... except JeugdinkoopError as err:
        ...     print(err)
        no tariff for product 45A01 on 2025-01-01
        >>> InvalidValue("AGBCode: '111222333' is not 8 digits")
        InvalidValue("AGBCode: '*****2333' is not 8 digits")
    """

    def __init__(self, *args: object, **kwargs: Any) -> None:
        # keywords go on to the builtin it refines (ImportError's ``name``, say)
        super().__init__(*(mask_bsns(a) if isinstance(a, str) else a for a in args), **kwargs)

    def __str__(self) -> str:
        return mask_bsns(super().__str__())


class InvalidValue(JeugdinkoopError, ValueError):
    """A value breaks a rule of its type (a period that ends before it starts, say).

    Examples:
        >>> raise InvalidValue("Period.end: 2025-01-01 is before start 2025-02-01")
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidValue: Period.end: 2025-01-01 is before start 2025-02-01
    """


class InvalidIdentifier(InvalidValue):
    """An identifier (BSN, AGB code, CBS code, product code) is malformed.

    Examples:
        >>> from jeugdinkoop.identifiers import AGBCode
        >>> AGBCode("1234")
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidIdentifier: AGBCode: '1234' is not 8 digits (Vektis AGB code)
    """


class TariffNotFound(JeugdinkoopError, LookupError):
    """No tariff answers a rate question (product, date, provider, tier).

    Examples:
        >>> issubclass(TariffNotFound, LookupError)
        True
    """


class UnknownFundingModel(JeugdinkoopError, LookupError):
    """A region file or caller names a funding model that is not registered.

    Examples:
        >>> issubclass(UnknownFundingModel, KeyError)
        False
    """


class DuplicateRegistration(JeugdinkoopError, ValueError):
    """Two funding model classes claim the same registry name.

    Examples:
        >>> issubclass(DuplicateRegistration, ValueError)
        True
    """


class DuplicateEntry(JeugdinkoopError, ValueError):
    """A ledger entry of this kind and key is already recorded (each is recorded once).

    Examples:
        >>> isinstance(DuplicateEntry("x"), ValueError)
        True
    """


class DuplicateMessage(JeugdinkoopError, ValueError):
    """A message (or declaration number) is already in the ledger's message register.

    Examples:
        >>> isinstance(DuplicateMessage("x"), ValueError)
        True
    """


class SettlementOverlap(JeugdinkoopError, ValueError):
    """A settlement would cut through a transfer an earlier settlement posted.

    Settling pays each euro once: what earlier settlements posted for a provider ×
    municipality × segment × service period is netted out. That needs every earlier
    transfer touching the period to lie inside it; a period that cuts one in two (say
    15 February–15 March after February was settled) is refused with this error.

    Examples:
        >>> issubclass(SettlementOverlap, ValueError)
        True
    """


@attrs.frozen
class Problem:
    """One bad record in an input file: where, which field, which value, which rule.

    Every part is masked on construction (:func:`jeugdinkoop.privacy.mask_bsns`), so a
    problem never carries a BSN, whichever column it was found in.

    Attributes:
        record: where the record is (``"claims.csv line 17"``, ``"segments[2]"``).
        field: the field that is wrong.
        value: the offending value as text, nine-digit runs masked.
        rule: what the value should have been.

    Examples:
        >>> str(Problem("claims.csv line 3", "bsn", "123", "9 digits with the eleven-test"))
        "claims.csv line 3: bsn = '123': 9 digits with the eleven-test"
        >>> Problem(record="line 4", field="provider", value="111222333", rule="8 digits").value
        '*****2333'
    """

    record: str = attrs.field(converter=mask_bsns)
    field: str = attrs.field(converter=mask_bsns)
    value: str = attrs.field(converter=mask_bsns)
    rule: str = attrs.field(converter=mask_bsns)

    def __str__(self) -> str:
        return f"{self.record}: {self.field} = {self.value!r}: {self.rule}"


class LoadError(JeugdinkoopError, ValueError):
    """An input file could not be loaded; :attr:`problems` lists *every* bad record.

    Nothing is returned when this is raised: files are read whole or not at all.

    Examples:
        >>> err = LoadError("claims.csv", [Problem("line 2", "quantity", "-1", "> 0")])
        >>> print(err)
        claims.csv: 1 problem
          line 2: quantity = '-1': > 0
        >>> err.problems[0].field
        'quantity'
    """

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.source = source
        self.problems: Sequence[Problem] = tuple(problems)
        count = len(self.problems)
        lines = [f"{source}: {count} problem{'s' if count != 1 else ''}"]
        lines += [f"  {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))

    @classmethod
    def from_invalid(cls, source: str, error: InvalidValue) -> LoadError:
        """A load error from a validation error whose lines read ``where: rule`` (one per problem).

        Examples:
            >>> err = InvalidValue("Region 'x'.providers: '1' occurs twice\\nRegion 'x'.contracts: empty")
            >>> print(LoadError.from_invalid("x.toml", err))
            x.toml: 2 problems
              x.toml: Region 'x'.providers = '': '1' occurs twice
              x.toml: Region 'x'.contracts = '': empty
        """
        problems = []
        for line in str(error).splitlines():
            where, _, rule = line.partition(":")
            problems.append(Problem(source, where, "", rule.strip()))
        return cls(source, problems)


class StoreError(JeugdinkoopError, RuntimeError):
    """A ledger store cannot be opened or used: a bad location, an old schema, a refused write.

    Examples:
        >>> isinstance(StoreError("x"), RuntimeError)
        True
    """
