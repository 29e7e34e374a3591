"""The ``jeugdinkoop.testing`` package: its names stay what they are, whatever is imported."""

from __future__ import annotations

import importlib

import jeugdinkoop.testing
from jeugdinkoop.testing import kit


def test_cases_stays_the_kit_function_after_the_submodule_is_imported() -> None:
    """``cases`` is the kit's function; the submodule of that name must not replace it.

    ``jeugdinkoop test`` (and a region's own tests) import ``jeugdinkoop.testing.cases``
    for ``run_cases``; before, that import rebound ``jeugdinkoop.testing.cases`` to the
    module, so ``from jeugdinkoop.testing import cases`` gave a module afterwards.
    """
    from jeugdinkoop.testing.cases import run_cases

    module = importlib.import_module("jeugdinkoop.testing.cases")
    assert module.run_cases is run_cases
    assert jeugdinkoop.testing.cases is kit.cases
    from jeugdinkoop.testing import cases

    assert cases is kit.cases
    assert callable(cases)
