"""Refusals [weigeringen]: a provider declining an assignment, recorded for monitoring.

Zuid-Limburg's acceptance duty (seed 002:L164, "Acceptatieplicht"): a provider that
signed up and is assigned a youth must accept the assignment and give the care needed.
A refusal is therefore not just dropped: it is recorded with its reason and day, and
:mod:`jeugdinkoop.monitoring.acceptance` reports it against the contract's duty.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

import attrs

from jeugdinkoop.identifiers import AGBCode
from jeugdinkoop.model.fields import is_date, names_fields, non_empty, to_agb

__all__ = ["Refusal"]


@names_fields
@attrs.frozen(kw_only=True)
class Refusal:
    """Refusal [weigering]: a provider declined an assignment on a day, for a reason.

    Args:
        assignment: the assignment's reference.
        provider: the provider that declined (its AGB code).
        day: the day it declined.
        reason: why, in the provider's words (``"geen capaciteit"``).

    Examples:
        >>> from datetime import date
        >>> r = Refusal(assignment="T-1", provider="99300001", day=date(2025, 3, 3),
        ...             reason="geen capaciteit")
        >>> r.provider, r.reason
        (AGBCode('99300001'), 'geen capaciteit')

    .. versionadded:: 0.3
    """

    __ident__: ClassVar = ("assignment",)

    assignment: str = attrs.field(validator=non_empty)
    provider: AGBCode = attrs.field(converter=to_agb)
    day: date = attrs.field(validator=is_date)
    reason: str = attrs.field(validator=non_empty)
