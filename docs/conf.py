"""Sphinx configuration for the jeugdinkoop docs (MyST Markdown, Diátaxis layout).

The build needs no network: intersphinx reads a small local inventory of the Python
standard library that ``_ext/pyinventory.py`` writes, and the rule and funding-model
tables are generated from the code by ``_ext/jeugdinkoop_sphinx.py``.
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE / "_ext"))

import pyinventory  # noqa: E402 - needs the path above

import jeugdinkoop  # noqa: E402

project = "jeugdinkoop"
author = "The jeugdinkoop developers"
copyright = "the jeugdinkoop developers, EUPL-1.2"
release = jeugdinkoop.__version__
version = ".".join(release.split(".")[:2])

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "sphinx_copybutton",
    "sphinxarg.ext",  # the command-line reference, generated from the parser
    "jeugdinkoop_sphinx",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
language = "en"
smartquotes = False  # rule messages and codes are shown exactly as the code has them

myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

# -- autodoc and napoleon ---------------------------------------------------------------
autodoc_default_options = {"show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_description_target = "documented_params"
autodoc_class_signature = "separated"
autodoc_preserve_defaults = True
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_use_rtype = False
napoleon_attr_annotations = True

# -- doctest: the same flags as pytest (pyproject [tool.pytest.ini_options]) -------------
doctest_default_flags = (
    doctest.ELLIPSIS
    | doctest.NORMALIZE_WHITESPACE
    | doctest.IGNORE_EXCEPTION_DETAIL
    | doctest.DONT_ACCEPT_TRUE_FOR_1
)
# Docstring examples run in their module under pytest --doctest-modules; here they run
# in a plain namespace, so give them the names their modules import.
doctest_global_setup = """
import attrs
import random
from datetime import date
from decimal import Decimal
from jeugdinkoop.money import *
from jeugdinkoop.periods import *
from jeugdinkoop.identifiers import *
from jeugdinkoop.codes import *
from jeugdinkoop.errors import *
from jeugdinkoop.i18n import *
from jeugdinkoop.model import *
from jeugdinkoop.funding import *
from jeugdinkoop.validation import *
from jeugdinkoop.settlement import *
from jeugdinkoop.io import *
from jeugdinkoop.scenarios import *
from jeugdinkoop.monitoring import *
from jeugdinkoop.testing import *
from jeugdinkoop.ijw import *
from jeugdinkoop.ijw.rules import *
"""

# -- intersphinx: Python only, from a local inventory (the build has no network) --------
intersphinx_mapping = {
    "python": ("https://docs.python.org/3", str(pyinventory.write(HERE / "_build" / "python.inv"))),
}

# -- nitpicky: every reference must resolve -----------------------------------------------
nitpicky = True
nitpick_ignore = [
    # third-party types in signatures; only Python's inventory is available offline
    ("py:class", "attrs.Attribute"),
    ("py:class", "cattrs.converters.Converter"),
    ("py:class", "hypothesis.strategies.SearchStrategy"),
    ("py:class", "Axes"),  # matplotlib, an optional extra
    ("py:class", "MarkDecorator"),  # pytest, which the conformance kit is used from
    ("py:class", "pl.DataFrame"),  # polars, the [fast] extra (validate_table)
    ("py:class", "polars.DataFrame"),
    ("py:class", "Path"),  # validate_table's annotation, unevaluated without polars' types
    # the registry decorator's TypeVar (``M = TypeVar("M", bound=type[FundingModel])``)
    ("py:class", "jeugdinkoop.funding.registry.M"),
    # the decimal-context helpers' annotations (jeugdinkoop.money): stdlib types the
    # offline inventory lacks, and the decorator's private ParamSpec and TypeVar
    ("py:class", "decimal.Context"),
    ("py:class", "contextlib.AbstractContextManager"),
    ("py:class", "~_P"),
    ("py:class", "~_R"),
    # names without an API entry of their own: FundingModel's annotation-only class
    # variables, LoadError.problems (set in __init__) and io's ``converter`` instance,
    # which have no docstring for autodoc to show
    ("py:attr", "name"),
    ("py:attr", "variant"),
    ("py:attr", "traits"),
    ("py:attr", "references"),
    ("py:attr", "problems"),
    ("py:data", "converter"),
]
nitpick_ignore_regex = [
    # private helper types (module-private TypeVars and base classes) have no page
    ("py:class", r"jeugdinkoop\..*\._.*"),
]

# -- HTML: Furo, as attrs and many of the libraries our users read -----------------------
html_theme = "furo"
html_title = "jeugdinkoop"
html_short_title = "jeugdinkoop"
html_theme_options = {
    "source_repository": "https://github.com/jeugdinkoop/jeugdinkoop/",
    "source_branch": "main",
    "source_directory": "docs/",
    "navigation_with_keys": True,
}
html_copy_source = False  # "view source" is the repository's page (source_repository)

# -- copy buttons: copy what to type, without prompts or output ------------------------
# ">>> " and "... " in doctests, "$ " in console blocks; only the lines with a prompt
# are copied, so a doctest's expected output stays behind.
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True
copybutton_line_continuation_character = "\\"
