"""The conformance kit for funding models, and shared hypothesis strategies.

Requires the ``kit`` extra (``pip install 'jeugdinkoop[kit]'``): the kit draws its
cases with hypothesis. Without it, importing this package (or ``jeugdinkoop test``)
stops with an error that names the extra; see :class:`KitNotInstalled`.

Examples:
    >>> from jeugdinkoop.testing import check_funding_model
    >>> from jeugdinkoop.funding import EffortBased
    >>> check_funding_model(EffortBased())
"""

import importlib

from jeugdinkoop.errors import JeugdinkoopError

#: The command that installs the kit extra, as error messages give it.
KIT_INSTALL = "pip install 'jeugdinkoop[kit]'"


class KitNotInstalled(JeugdinkoopError, ModuleNotFoundError):
    """The conformance kit's own dependency, hypothesis, is not installed.

    A :class:`ModuleNotFoundError` (``name`` is ``"hypothesis"``) whose message names
    the extra that brings it; the command line reports it as any other error, without
    a traceback.

    Examples:
        >>> err = KitNotInstalled("the conformance kit")
        >>> print(err)
        the conformance kit needs hypothesis, which the kit extra installs: pip install 'jeugdinkoop[kit]'
        >>> err.name, isinstance(err, ImportError)
        ('hypothesis', True)
    """

    def __init__(self, what: str) -> None:
        super().__init__(
            f"{what} needs hypothesis, which the kit extra installs: {KIT_INSTALL}",
            name="hypothesis",
        )


try:
    import hypothesis  # noqa: F401  # checked first: the kit and the strategies need it
except ModuleNotFoundError as missing:  # pragma: no cover - the test extra installs it
    if missing.name != "hypothesis":
        raise
    raise KitNotInstalled("jeugdinkoop.testing (the conformance kit, jeugdinkoop test)") from None

# ``cases`` names both the kit's function and the declarative-cases submodule. Loading
# the submodule first, before the function is bound, keeps ``jeugdinkoop.testing.cases``
# the function: importing a submodule sets the package attribute only when it first
# loads, so a later ``from jeugdinkoop.testing.cases import run_cases`` leaves it be.
importlib.import_module("jeugdinkoop.testing.cases")

from jeugdinkoop.testing.kit import (  # noqa: E402 - after the check above
    KIT_HORIZON,
    KIT_MUNICIPALITIES,
    KIT_PROVIDERS,
    KIT_SEGMENT,
    Case,
    FundingModelCheckError,
    cases,
    check_claim_order_irrelevant,
    check_credit_reverses_debit,
    check_deterministic,
    check_funding_model,
    check_money_conserved,
    check_no_negative_payment,
    check_roundtrip_io,
    check_settles_once,
    funding_model_checks,
    kit_instances,
    kit_region,
    parametrize_with_checks,
)

__all__ = [
    "KIT_HORIZON",
    "KIT_INSTALL",
    "KIT_MUNICIPALITIES",
    "KIT_PROVIDERS",
    "KIT_SEGMENT",
    "Case",
    "FundingModelCheckError",
    "KitNotInstalled",
    "cases",
    "check_claim_order_irrelevant",
    "check_credit_reverses_debit",
    "check_deterministic",
    "check_funding_model",
    "check_money_conserved",
    "check_no_negative_payment",
    "check_roundtrip_io",
    "check_settles_once",
    "funding_model_checks",
    "kit_instances",
    "kit_region",
    "parametrize_with_checks",
]
