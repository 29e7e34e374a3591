"""Turn the doctested tutorial pages into Jupyter notebooks (``examples/notebooks/``).

The tutorials are MyST pages whose code blocks are doctests, so the test suite proves
them; this script writes the same text and code as notebooks for analysts who work in
Jupyter: prose becomes markdown cells, every doctest block a code cell (prompts
stripped) with the doctest's expected output as the cell's saved output. A test checks
that the notebooks are in step with the pages and that their cells run in order.

Run: ``python scripts/make_notebooks.py`` (or ``nox -s notebooks``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"first-scenario": ROOT / "docs" / "tutorials" / "first-scenario.md"}
OUT = ROOT / "examples" / "notebooks"


def _code_cell(lines: list[str]) -> dict[str, Any]:
    source: list[str] = []
    output: list[str] = []
    for line in lines:
        if line.startswith((">>> ", "... ")) or line in (">>>", "..."):
            source.append(line[4:])
        elif line.strip():
            output.append(line)
    cell: dict[str, Any] = {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": _join(source),
    }
    if output:
        cell["outputs"] = [
            {"output_type": "execute_result", "execution_count": None, "metadata": {},
             "data": {"text/plain": _join(output)}}
        ]  # fmt: skip
    return cell


def _examples(lines: list[str]) -> list[list[str]]:
    """Split a doctest block so that every cell ends with the one output Jupyter shows."""
    groups: list[list[str]] = [[]]
    has_output = False
    for line in lines:
        if line.startswith(">>>") and has_output:
            groups.append([])
            has_output = False
        elif line.strip() and not line.startswith((">>>", "...")):
            has_output = True
        groups[-1].append(line)
    return [g for g in groups if any(x.strip() for x in g)]


def _join(lines: list[str]) -> list[str]:
    return [line + "\n" for line in lines[:-1]] + lines[-1:]


def notebook(page: Path) -> dict[str, Any]:
    """The notebook of a tutorial page (markdown and code cells, in the page's order)."""
    cells: list[dict[str, Any]] = []
    prose: list[str] = []
    code: list[str] | None = None
    for line in page.read_text(encoding="utf-8").splitlines():
        if code is None and line.strip() == "```{doctest}":
            if any(p.strip() for p in prose):
                cells.append(
                    {"cell_type": "markdown", "metadata": {}, "source": _join(_trim(prose))}
                )
            prose, code = [], []
        elif code is not None and line.strip() == "```":
            cells += [_code_cell(example) for example in _examples(code)]
            code = None
        elif code is not None:
            code.append(line)
        else:
            prose.append(line)
    if any(p.strip() for p in prose):
        cells.append({"cell_type": "markdown", "metadata": {}, "source": _join(_trim(prose))})
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "jeugdinkoop": {"generated_from": str(page.relative_to(ROOT))},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def render(page: Path) -> str:
    """The notebook of a page as the text written to disk."""
    return json.dumps(notebook(page), ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    """Write every tutorial's notebook."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, page in PAGES.items():
        target = OUT / f"{name}.ipynb"
        target.write_text(render(page), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
