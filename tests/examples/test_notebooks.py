"""The tutorial notebooks are in step with their doctested pages, and their cells run in order."""

from __future__ import annotations

import json
import runpy
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAKER = runpy.run_path(str(ROOT / "scripts" / "make_notebooks.py"))
PAGES: dict[str, Path] = MAKER["PAGES"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_notebook_is_in_step_with_its_page(name: str) -> None:
    """The committed notebook is what `python scripts/make_notebooks.py` writes from the page today."""
    committed = (ROOT / "examples" / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
    assert MAKER["render"](PAGES[name]) == committed, "run: python scripts/make_notebooks.py"


@pytest.mark.parametrize("name", sorted(PAGES))
def test_notebook_cells_run_and_show_what_the_page_shows(name: str) -> None:
    """Every code cell runs in one namespace, in order, as a kernel would run it.

    Where a cell ends in an expression, its value's repr is the output the notebook shows.
    """
    notebook: dict[str, Any] = json.loads(
        (ROOT / "examples" / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
    )
    namespace: dict[str, Any] = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        *body, last = source.rstrip("\n").split("\n")
        shown = None
        try:
            compiled = compile(last, "<cell>", "eval")
        except SyntaxError:
            exec(compile(source, "<cell>", "exec"), namespace)
        else:
            exec(compile("\n".join(body), "<cell>", "exec"), namespace)
            shown = eval(compiled, namespace)
        if cell["outputs"] and shown is not None:
            expected = "".join(cell["outputs"][0]["data"]["text/plain"])
            assert " ".join(expected.split()) == " ".join(repr(shown).split())
