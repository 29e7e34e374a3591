"""The README's and the docs' claims, checked against the code (STYLE 6 and 15).

What a newcomer reads first must be true: the README's two commands are the ones CI
runs, its example runs, its table of funding models is the registry, and the docs pages
that list rules and models are generated rather than copied. The docs pages' own
doctests run through pytest's ``--doctest-glob=*.md`` (``docs/conftest.py`` keeps the
Sphinx configuration out of collection).
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

from jeugdinkoop.funding import FundingModel, funding_models

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CI_RUN = ROOT / ".ci" / "run"
DOCS = ROOT / "docs"

MAIN_JOB = "pip install . && jeugdinkoop demo"
EVERY_CHECK = "pip install nox && nox -s tests typecheck lint docs"

_FENCE = re.compile(r"^```(?P<info>[^\n`]*)\n(?P<body>.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def _fences(text: str) -> list[tuple[str, str]]:
    """``(info string, body)`` of every fenced code block, in order."""
    return [(m["info"].strip(), m["body"]) for m in _FENCE.finditer(text)]


def _readme() -> str:
    return README.read_text(encoding="utf-8")


# -- the two commands -----------------------------------------------------------------
def test_readme_opens_with_title_tagline_and_the_two_commands() -> None:
    """Title, one-sentence tagline, then the main job and the checks, before anything else."""
    text = _readme()
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == "# jeugdinkoop"
    assert lines[1].endswith(".")
    assert not lines[1].startswith(("#", "`"))
    assert lines[2].startswith("```"), "the first command follows the tagline directly"
    first_heading = text.index("\n## ")
    commands = [body.strip() for _, body in _fences(text[:first_heading])]
    assert commands == [MAIN_JOB, EVERY_CHECK]


def test_ci_runs_the_readme_commands() -> None:
    """``.ci/run`` runs exactly the README's commands, the checks first."""
    text = _readme()
    first, second = (body.strip() for _, body in _fences(text)[:2])
    script = CI_RUN.read_text(encoding="utf-8")
    lines = [line.strip() for line in script.splitlines()]
    assert lines[0] == "#!/usr/bin/env bash"
    assert "set -euo pipefail" in lines
    assert second in lines
    assert first in lines
    assert lines.index(second) < lines.index(first)
    assert CI_RUN.stat().st_mode & 0o111, ".ci/run must be executable"


# -- the example ------------------------------------------------------------------------
def test_readme_example_runs() -> None:
    """Every ``pycon`` block of the README runs as a doctest, as pytest runs the docs."""
    blocks = [body for info, body in _fences(_readme()) if info == "pycon"]
    assert blocks, "the README has a Python example"
    parser = doctest.DocTestParser()
    test = parser.get_doctest("\n".join(blocks), {}, "README.md", str(README), 0)
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    failures: list[str] = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)
    assert runner.tries >= 10


# -- the table of funding models ---------------------------------------------------------
def dutch_term(cls: type[FundingModel]) -> str:
    """The first term in brackets of the docstring's first line (STYLE 4), else the name."""
    first = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
    match = re.match(r"^\w+\s*\[([^\]]+)\]", first)
    return match.group(1).split(",")[0].strip() if match else cls.name


def _markdown_table(text: str, header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip().strip("|").split("|")])
    return rows


def test_readme_funding_models_table_is_the_registry() -> None:
    """Name → class → Dutch term, one row per built-in model, nothing else.

    Models other packages register (through the entry-point group, or the examples'
    degressive model that other tests load) are not the README's to list.
    """
    rows = _markdown_table(_readme(), "| name | class | Dutch term |")
    in_readme = {name: (cls, term) for name, cls, term in rows}
    registered = {
        name: (cls.__qualname__, dutch_term(cls))
        for name, cls in funding_models().items()
        if cls.__module__.startswith("jeugdinkoop.")
    }
    assert in_readme == registered


def test_dutch_term_reads_the_docstring() -> None:
    """EffortBased's docstring says "[inspanningsgericht, PxQ]"; Lumpsum's has no bracket."""
    models = funding_models()
    assert dutch_term(models["effort"]) == "inspanningsgericht"
    assert dutch_term(models["lumpsum"]) == "lumpsum"


# -- the docs ----------------------------------------------------------------------------
PAGES = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.parts)


def test_docs_have_the_diataxis_pages() -> None:
    names = {p.relative_to(DOCS).as_posix() for p in PAGES}
    assert {
        "index.md",
        "tutorials/getting-started.md",
        "how-to/check-claims.md",
        "reference/api.md",
        "reference/glossary.md",
        "reference/rules.md",
        "reference/funding-models.md",
        "explanation/architecture.md",
        "explanation/ijw.md",
    } <= names


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_docs_examples_run_under_both_runners(page: Path) -> None:
    """Examples sit in ``{doctest}`` fences, each ending with a blank line.

    The Sphinx doctest builder runs only ``{doctest}`` blocks; without the blank line,
    pytest would read the closing fence as part of the expected output.
    """
    for info, body in _fences(page.read_text(encoding="utf-8")):
        if ">>> " in body:
            assert info == "{doctest}", f"{page.name}: a `{info}` block has >>> examples"
            assert body.endswith("\n\n"), f"{page.name}: a doctest block ends without a blank line"


def test_generated_tables_are_generated() -> None:
    """The rule and model tables come from the code at build time, not from copies."""
    rules = (DOCS / "reference" / "rules.md").read_text(encoding="utf-8")
    models = (DOCS / "reference" / "funding-models.md").read_text(encoding="utf-8")
    assert "```{rules-table}" in rules
    assert "```{funding-models-table}" in models
    assert "JI-201" not in rules, "rule rows belong to the generated table"


API_PAGES = DOCS / "reference" / "api"
# the public top-level modules that are no library API: the command line has its own
# reference page, the demo is the main job, regions is data
NOT_API = {"cli", "demo", "regions"}


def test_api_reference_has_a_page_per_public_module() -> None:
    """One page per public module (``api/money.md`` documents ``jeugdinkoop.money``), each listed."""
    package = DOCS.parent / "src" / "jeugdinkoop"
    public = {"jeugdinkoop"} | {
        f"jeugdinkoop.{path.stem}"
        for path in package.iterdir()
        if (path.suffix == ".py" or (path / "__init__.py").exists())
        and not path.name.startswith("_")
        and path.stem not in NOT_API
    }
    pages = {page.stem: page.read_text(encoding="utf-8") for page in API_PAGES.glob("*.md")}
    for module in sorted(public):
        page = module.removeprefix("jeugdinkoop.")
        assert page in pages, (
            f"{module} has no API page: add docs/reference/api/{page}.md with "
            f"'.. automodule:: {module}' and list it in docs/reference/api.md"
        )
        documented = re.findall(r"^\.\. automodule:: (\S+)$", pages[page], re.MULTILINE)
        assert module in documented, f"api/{page}.md does not document {module}"
        assert all(m == module or m.startswith(f"{module}.") for m in documented), page
    assert set(pages) == {m.removeprefix("jeugdinkoop.") for m in public}
    index = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    listed = _toctree(index)
    assert listed[:2] == ["api/jeugdinkoop", "api/money"], "the package first, then the layers"
    assert sorted(listed) == sorted(f"api/{page}" for page in pages)


def _toctree(text: str, caption: str | None = None) -> list[str]:
    """The entries of a page's (first, or captioned) toctree, in order."""
    for info, body in _fences(text):
        lines = body.splitlines()
        if info == "{toctree}" and (caption is None or f":caption: {caption}" in lines):
            return [line.strip() for line in lines if line.strip() and not line.startswith(":")]
    raise AssertionError(f"no toctree {caption or ''} found")


def test_tutorials_come_in_reading_order() -> None:
    """Getting started first; every section lists its pages explicitly (no glob)."""
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    assert ":glob:" not in index
    tutorials = _toctree(index, "Tutorials")
    assert tutorials[:2] == ["tutorials/getting-started", "tutorials/first-scenario"]
    listed = {
        entry
        for caption in ("Tutorials", "How-to guides", "Reference", "Explanation")
        for entry in _toctree(index, caption)
    }
    on_disk = {
        p.relative_to(DOCS).with_suffix("").as_posix()
        for p in PAGES
        if p.parent not in {DOCS, API_PAGES}
    }
    missing, gone = sorted(on_disk - listed), sorted(listed - on_disk)
    assert not missing, f"add these pages to their section's toctree in docs/index.md: {missing}"
    assert not gone, f"docs/index.md lists pages that do not exist: {gone}"


GLOSSARY = {
    "assignment": "toewijzing",
    "claim": "declaratie",
    "effort-based": "inspanningsgericht",
    "output-based": "outputgericht",
    "task-based": "taakgericht",
    "population funding": "populatiebekostiging",
    "function funding": "functiebekostiging",
    "personal budget": "persoonsvolgend budget",
    "budget ceiling": "budgetplafond",
    "uplift": "opslag",
    "tender": "aanbesteding",
    "main contractor": "hoofdaannemer",
    "subcontractor": "onderaannemer",
    "central municipality": "centrumgemeente",
    "access team": "toegang",
    "product catalog": "productenboek",
    "tariff": "tarief",
    "indexation": "indexatie",
    "settlement": "afrekening",
    "advance": "voorschot",
    "segment": "perceel",
    "trajectory": "traject",
    "care path": "zorgpad",
    "referrer": "verwijzer",
    "return code": "retourcode",
}


def _glossary_entries() -> list[set[str]]:
    """Each glossary entry's terms (the unindented lines before its definition)."""
    text = (DOCS / "reference" / "glossary.md").read_text(encoding="utf-8")
    body = next(body for info, body in _fences(text) if info == "{glossary}")
    entries: list[set[str]] = []
    terms: set[str] = set()
    for line in body.splitlines():
        if line and not line[0].isspace():
            terms.add(line.strip())
        elif terms:
            entries.append(terms)
            terms = set()
    return entries


@pytest.mark.parametrize(("english", "dutch"), sorted(GLOSSARY.items()))
def test_glossary_maps_both_ways(english: str, dutch: str) -> None:
    """Each English term and its Dutch term are terms of the same glossary entry."""
    assert any({english, dutch} <= entry for entry in _glossary_entries())


def test_glossary_keeps_lumpsum_and_open_house() -> None:
    """Words Dutch borrows unchanged are entries too."""
    terms = set().union(*_glossary_entries())
    assert {"lumpsum", "open house", "arrangement"} <= terms
