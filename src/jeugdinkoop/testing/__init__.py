"""The conformance kit for funding models, and shared hypothesis strategies.

Requires the ``test`` extra (``pip install jeugdinkoop[test]``): the kit draws its
cases with hypothesis.

Examples:
    >>> from jeugdinkoop.testing import check_funding_model
    >>> from jeugdinkoop.funding import EffortBased
    >>> check_funding_model(EffortBased())
"""

from jeugdinkoop.testing.kit import (
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
    "KIT_MUNICIPALITIES",
    "KIT_PROVIDERS",
    "KIT_SEGMENT",
    "Case",
    "FundingModelCheckError",
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
