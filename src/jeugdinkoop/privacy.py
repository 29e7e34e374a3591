"""Masking: no citizen service number (BSN) leaves the library in text.

A BSN is nine digits. Wherever the library turns data into text for people (finding
messages, error messages, the ``repr`` of a report or a rejected line), every run of
nine or more digits is masked to its last four, as :class:`~jeugdinkoop.identifiers.BSN`
shows itself: ``111222333`` becomes ``*****2333``. The rule is applied where text leaves
the library, so a BSN that lands in the wrong column (a provider's AGB code, a
reference) or a whole row read with the wrong delimiter is masked as well.

What is masked is any run of *nine or more* ASCII digits, BSN or not (an eleven-test
would let through a mistyped BSN, which is still personal data), and the same digits
written in groups as a BSN or an amount shows them (``1112.22.333``, ``111.222.333``,
``111,222,333``: a BSN sent in the amount column comes back as ``€ 111.222.333,00``).
Shorter codes (AGB codes of 8 digits, municipality codes of 4, dates) and amounts below
a hundred million euros are left alone.

Examples:
    >>> from jeugdinkoop.privacy import mask, mask_bsns
    >>> mask_bsns("AGB code '111222333' is not valid")
    "AGB code '*****2333' is not valid"
    >>> mask_bsns("R-1;T-1;12345678;111222333;0193")
    'R-1;T-1;12345678;*****2333;0193'
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["mask", "mask_bsns"]

_LONG_DIGIT_RUN: Final = re.compile(
    r"[0-9]{9,}"  # a run of nine or more digits
    r"|(?<![0-9])[0-9]{4}\.[0-9]{2}\.[0-9]{3}(?![0-9])"  # a BSN as printed: 1112.22.333
    r"|(?<![0-9])[0-9]{1,3}([.,\u00a0])[0-9]{3}(?:\1[0-9]{3})+(?![0-9])"  # 111.222.333
)


def mask(text: str) -> str:
    """All but the last four characters of ``text`` replaced by ``*``.

    Examples:
        >>> mask("111222333"), mask("123")
        ('*****2333', '123')
    """
    return "*" * max(len(text) - 4, 0) + text[-4:]


def _mask_match(match: re.Match[str]) -> str:
    text = match.group()
    digits = text if text.isdigit() else "".join(c for c in text if c.isdigit())
    return mask(digits) if len(digits) >= 9 else text


def mask_bsns(text: str) -> str:
    """``text`` with every run of nine or more digits masked to its last four.

    This is the one masking rule of the library: messages, exceptions and reports pass
    their text through it before it leaves.

    Examples:
        >>> mask_bsns("client 111222333 and 111222334, AGB 12345678, 2025-03-01")
        'client *****2333 and *****2334, AGB 12345678, 2025-03-01'
        >>> mask_bsns("11122233312345678")
        '*************5678'
        >>> mask_bsns("claimed € 111.222.333,00, BSN 1112.22.333; total € 84.500.000,00")
        'claimed € *****2333,00, BSN *****2333; total € 84.500.000,00'
    """
    if len(text) < 9:
        return text
    return _LONG_DIGIT_RUN.sub(_mask_match, text)
