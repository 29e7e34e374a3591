"""The optional extras: what happens without them, and that ``nox -s tests`` has them.

``kit`` (hypothesis) is needed by ``jeugdinkoop.testing`` and ``jeugdinkoop test``;
without it both stop with a message naming the extra, not a bare ModuleNotFoundError
or a traceback. ``pandas``, ``plot`` and ``dask`` are installed by the ``test`` extra, so
that ``to_frame()``, ``plot()`` and ``run_many`` on a Dask cluster are tested rather than
skipped; ``nox -s tests`` sets ``JEUGDINKOOP_REQUIRE_EXTRAS=1`` to make a missing one a
failure here.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from jeugdinkoop.cli import EXIT_USAGE

ROOT = Path(__file__).resolve().parent.parent
KIT_MESSAGE = "needs hypothesis, which the kit extra installs: pip install 'jeugdinkoop[kit]'"


# ``None`` in ``sys.modules`` makes ``import hypothesis`` raise ModuleNotFoundError with
# ``name == "hypothesis"``, as on a machine without it. It runs in a child process: in
# this one, hypothesis's own pytest plugin imports hypothesis around every test.
BLOCK_HYPOTHESIS = "import sys; sys.modules['hypothesis'] = None\n"


def _without_hypothesis(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", BLOCK_HYPOTHESIS + code],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_kit_without_hypothesis_names_the_extra() -> None:
    """Importing the kit, or any module in it, names ``pip install 'jeugdinkoop[kit]'``."""
    modules = ["jeugdinkoop.testing", "jeugdinkoop.testing.kit", "jeugdinkoop.testing.cases"]
    child = _without_hypothesis(
        f"""
import importlib
import importlib.util
from jeugdinkoop.errors import JeugdinkoopError
for module in {modules!r}:
    try:
        importlib.import_module(module)
    except ModuleNotFoundError as err:
        print(module, err.name, isinstance(err, JeugdinkoopError), err, sep=" | ")
"""
    )
    assert child.returncode == 0, child.stderr
    lines = child.stdout.splitlines()
    assert len(lines) == len(modules)
    for module, line in zip(modules, lines, strict=True):
        assert line.startswith(f"{module} | hypothesis | True | jeugdinkoop.testing"), line
        assert line.endswith(KIT_MESSAGE), line


def test_test_command_without_hypothesis_names_the_extra() -> None:
    """``jeugdinkoop test`` says which extra to install: exit status 2, one line, no traceback."""
    child = _without_hypothesis(
        "from jeugdinkoop.cli import main\n"
        f"raise SystemExit(main(['test', {str(ROOT / 'tests' / 'regions')!r}]))"
    )
    assert child.returncode == EXIT_USAGE
    assert child.stdout == ""
    assert child.stderr == (
        f"jeugdinkoop: jeugdinkoop.testing (the conformance kit, jeugdinkoop test) {KIT_MESSAGE}\n"
    )


def test_kit_imports_with_hypothesis() -> None:
    """With the extra (as here), the same import gives the kit."""
    testing = importlib.import_module("jeugdinkoop.testing")
    assert callable(testing.check_funding_model)


def _extras() -> dict[str, list[str]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    extras: dict[str, list[str]] = pyproject["project"]["optional-dependencies"]
    return extras


def test_test_extra_brings_the_optional_extras() -> None:
    """``nox -s tests`` installs ``.[test]``; that must bring kit, pandas, plot and dask."""
    extras = _extras()
    assert "jeugdinkoop[kit,pandas,plot,dask,postgres]" in extras["test"]
    assert extras["kit"] == ["hypothesis>=6.100"]
    assert extras["dask"] == ["dask[distributed]>=2024.1"]


@pytest.mark.skipif(
    os.environ.get("JEUGDINKOOP_REQUIRE_EXTRAS") != "1",
    reason="only nox -s tests requires the optional extras (JEUGDINKOOP_REQUIRE_EXTRAS=1)",
)
@pytest.mark.parametrize(
    "module", ["hypothesis", "pandas", "matplotlib", "dask", "distributed", "polars"]
)
def test_optional_extra_is_installed(module: str) -> None:
    """Under ``nox -s tests`` the tests of the optional features run: nothing to skip."""
    assert importlib.util.find_spec(module) is not None, f"{module} is not installed"
