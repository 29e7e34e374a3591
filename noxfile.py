"""Sessions for every check: ``nox`` runs tests, typecheck, lint and docs.

Every session uses the Python that runs nox (no version pins), so ``pip install nox &&
nox -s tests typecheck lint docs`` works on any machine with Python 3.11 or later. The
dependencies of each session come from the extras in ``pyproject.toml``.

Other sessions: ``thorough`` (the money properties at 10,000 examples each), ``demo``
(the main job), ``bench`` (the validation benchmark) and
``changelog`` (fails when ``src/`` changed but ``CHANGELOG.md`` did not; STYLE 15).
"""

from __future__ import annotations

from pathlib import Path

import nox

nox.needs_version = ">=2024.3"
nox.options.sessions = ["tests", "typecheck", "lint", "docs"]
nox.options.reuse_venv = "no"

ROOT = Path(__file__).parent
DOCS_BUILD = ROOT / "docs" / "_build"


@nox.session
def tests(session: nox.Session) -> None:
    """Unit tests, properties and doctests (src, docs pages, README) with pytest.

    The ``test`` extra brings the optional ones (kit, pandas, plot, dask), so that
    ``to_frame()``, ``plot()`` and ``run_many`` on a Dask ``LocalCluster`` run here;
    ``JEUGDINKOOP_REQUIRE_EXTRAS`` makes a missing one fail (tests/test_extras.py).
    Runs the hypothesis profile ``ci``: the money properties try 1,000 examples each
    (conftest.py); every other test is as fast as locally.
    """
    session.install("-e", ".[test]")
    session.run(
        "pytest", "--hypothesis-profile=ci", *session.posargs,
        env={"JEUGDINKOOP_REQUIRE_EXTRAS": "1"},
    )  # fmt: skip


@nox.session
def thorough(session: nox.Session) -> None:
    """Only the money properties (marker ``money``), at 10,000 examples each (profile ``thorough``)."""
    session.install("-e", ".[test]")
    session.run(
        "pytest", "-m", "money", "--hypothesis-profile=thorough",
        "tests", *session.posargs,
    )  # fmt: skip


@nox.session
def typecheck(session: nox.Session) -> None:
    """``mypy --strict`` over src and tests (settings in pyproject.toml)."""
    session.install("-e", ".[typecheck]")
    session.run("mypy", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff (lint and format), the layer contract (import-linter), docstring coverage (interrogate)."""
    session.install(".[lint]")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("lint-imports")
    session.run("interrogate", "src")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the HTML docs and run their doctests, with every warning an error."""
    # The API reference documents the conformance kit (hypothesis, and pytest for one
    # example), and its examples use the optional extras: the test extra has them all.
    session.install("-e", ".[docs,test]")
    session.run(
        "sphinx-build", "-W", "-n", "--keep-going", "-b", "html",
        "docs", str(DOCS_BUILD / "html"),
    )  # fmt: skip
    session.run(
        "sphinx-build", "-W", "-n", "-b", "doctest",
        "docs", str(DOCS_BUILD / "doctest"),
    )  # fmt: skip


@nox.session
def demo(session: nox.Session) -> None:
    """The main job on the embedded example data, as the README's first command runs it."""
    session.install(".")
    session.run("jeugdinkoop", "demo", *session.posargs)


@nox.session
def snapshots(session: nox.Session) -> None:
    """Rewrite the golden snapshots (tests/snapshots) after a deliberate change; review the diff."""
    session.install("-e", ".")
    session.run("python", "scripts/snapshots.py")


@nox.session
def notebooks(session: nox.Session) -> None:
    """Rewrite the tutorial notebooks (examples/notebooks) from their doctested pages."""
    session.run("python", "scripts/make_notebooks.py", external=True)


@nox.session
def bench(session: nox.Session) -> None:
    """The validation benchmark (quick mode); pass other arguments after ``--``."""
    script = ROOT / "benchmarks" / "bench_validate.py"
    if not script.exists():
        session.skip(f"{script.relative_to(ROOT)} does not exist yet")
    session.install("-e", ".[fast]")  # validate_table, the columnar path, is measured too
    session.run("python", str(script), *(session.posargs or ["--quick"]))


@nox.session(venv_backend="none")
def changelog(session: nox.Session) -> None:
    """Fail when ``src/`` differs from the base branch but ``CHANGELOG.md`` does not.

    The base is ``origin/main`` (its merge base with HEAD) when there is a remote, else
    the previous commit. Uncommitted and new (untracked) files count, so it can run
    before committing.
    """
    base = _changelog_base(session)
    changed = _git(session, "diff", "--name-only", base, "--").splitlines()
    changed += _git(session, "ls-files", "--others", "--exclude-standard").splitlines()
    source = sorted(path for path in changed if path.startswith("src/"))
    if source and "CHANGELOG.md" not in changed:
        shown = "\n  ".join(source[:20]) + ("\n  …" if len(source) > 20 else "")
        session.error(
            f"src/ changed since {base} but CHANGELOG.md did not; add the user-visible "
            f"change under 'Unreleased' (Keep a Changelog). Changed:\n  {shown}"
        )
    session.log(f"changelog: {len(source)} changed file(s) under src/ since {base}; ok")


def _changelog_base(session: nox.Session) -> str:
    remote = _git(session, "rev-parse", "--verify", "--quiet", "origin/main", check=False)
    if remote.strip():
        return _git(session, "merge-base", "origin/main", "HEAD").strip()
    return "HEAD~1"


def _git(session: nox.Session, *args: str, check: bool = True) -> str:
    output = session.run(
        "git", *args, external=True, silent=True, success_codes=None if check else [0, 1]
    )
    return output if isinstance(output, str) else ""
