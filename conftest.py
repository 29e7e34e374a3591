"""Hypothesis profiles of the test suite: how hard the money properties are tried.

The money properties (conservation, credit exactness, idempotent re-validation, order
independence, settlement pays once, ledger round trip) are marked ``money`` and take
their number of examples from the profile ``money``, which follows the profile the run
was started with:

========== ============================================== ================
profile    used by                                        money examples
========== ============================================== ================
default    a plain ``pytest`` while working                50
ci         ``nox -s tests`` (``--hypothesis-profile=ci``)  1,000
thorough   ``nox -s thorough`` (only the ``money`` tests)  10,000
========== ============================================== ================

Every other property keeps the count its own ``@settings`` gives it, so the suite stays
fast. A test uses the count with ``@settings(settings.get_profile("money"))``.
"""

from __future__ import annotations

from typing import Final

import pytest
from hypothesis import HealthCheck, settings

MONEY_EXAMPLES: Final = {"default": 50, "ci": 1_000, "thorough": 10_000}
"""Examples per money property under each profile."""

settings.register_profile("ci", print_blob=True, deadline=None)
settings.register_profile("thorough", print_blob=True, deadline=None)


def _register_money(profile: str) -> None:
    settings.register_profile(
        "money",
        max_examples=MONEY_EXAMPLES.get(profile, MONEY_EXAMPLES["default"]),
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


_register_money("default")


def pytest_configure(config: pytest.Config) -> None:
    """Size the ``money`` profile after the profile the run was started with."""
    _register_money(config.getoption("hypothesis_profile", None) or "default")
