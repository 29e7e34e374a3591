"""A small, local intersphinx inventory of the Python standard library.

The docs build runs without network access, so intersphinx cannot download
``https://docs.python.org/3/objects.inv``. The few standard-library names our
signatures and docstrings mention are listed here instead; the links still point at
docs.python.org. Add a name when ``sphinx-build -n`` reports it as unresolved.
"""

from __future__ import annotations

import zlib
from pathlib import Path

# (name, domain:role, page) — the anchor on docs.python.org is the name itself.
OBJECTS: tuple[tuple[str, str, str], ...] = (
    ("abc.ABC", "py:class", "library/abc.html"),
    ("collections.abc.Callable", "py:class", "library/collections.abc.html"),
    ("collections.abc.Hashable", "py:class", "library/collections.abc.html"),
    ("collections.abc.Iterable", "py:class", "library/collections.abc.html"),
    ("collections.abc.Iterator", "py:class", "library/collections.abc.html"),
    ("collections.abc.Mapping", "py:class", "library/collections.abc.html"),
    ("collections.abc.Sequence", "py:class", "library/collections.abc.html"),
    ("contextlib.AbstractContextManager", "py:class", "library/contextlib.html"),
    ("datetime.date", "py:class", "library/datetime.html"),
    ("datetime.datetime", "py:class", "library/datetime.html"),
    ("decimal.Decimal", "py:class", "library/decimal.html"),
    ("decimal.ROUND_HALF_UP", "py:data", "library/decimal.html"),
    ("enum.Enum", "py:class", "library/enum.html"),
    ("enum.IntEnum", "py:class", "library/enum.html"),
    ("enum.StrEnum", "py:class", "library/enum.html"),
    ("pathlib.Path", "py:class", "library/pathlib.html"),
    ("typing.Any", "py:data", "library/typing.html"),
    ("typing.IO", "py:class", "library/typing.html"),
    ("xml.etree.ElementTree.Element", "py:class", "library/xml.etree.elementtree.html"),
    ("typing.ClassVar", "py:data", "library/typing.html"),
    ("typing.Final", "py:data", "library/typing.html"),
    ("typing.Protocol", "py:class", "library/typing.html"),
    ("typing.Self", "py:data", "library/typing.html"),
    ("typing.TypeVar", "py:class", "library/typing.html"),
    ("typing.final", "py:function", "library/typing.html"),
    ("object", "py:class", "library/functions.html"),
    ("str", "py:class", "library/stdtypes.html"),
    ("int", "py:class", "library/functions.html"),
    ("bool", "py:class", "library/functions.html"),
    ("float", "py:class", "library/functions.html"),
    ("dict", "py:class", "library/stdtypes.html"),
    ("tuple", "py:class", "library/stdtypes.html"),
    ("list", "py:class", "library/stdtypes.html"),
    ("frozenset", "py:class", "library/stdtypes.html"),
    ("type", "py:class", "library/functions.html"),
    ("sum", "py:function", "library/functions.html"),
    ("None", "py:data", "library/constants.html"),
    ("True", "py:data", "library/constants.html"),
    ("False", "py:data", "library/constants.html"),
    ("NotImplemented", "py:data", "library/constants.html"),
    ("Exception", "py:exception", "library/exceptions.html"),
    ("ValueError", "py:exception", "library/exceptions.html"),
    ("TypeError", "py:exception", "library/exceptions.html"),
    ("KeyError", "py:exception", "library/exceptions.html"),
    ("LookupError", "py:exception", "library/exceptions.html"),
    ("ZeroDivisionError", "py:exception", "library/exceptions.html"),
    ("concurrent.futures.Executor", "py:class", "library/concurrent.futures.html"),
    ("concurrent.futures.ProcessPoolExecutor", "py:class", "library/concurrent.futures.html"),
    ("csv.DictWriter", "py:class", "library/csv.html"),
    ("random.Random", "py:class", "library/random.html"),
)

# Where a class is defined in a private module, signatures name that module; point
# those names at the public anchor.
ALIASES: tuple[tuple[str, str, str, str], ...] = (
    (
        "concurrent.futures._base.Executor",
        "py:class",
        "library/concurrent.futures.html",
        "concurrent.futures.Executor",
    ),
    (
        "concurrent.futures.process.ProcessPoolExecutor",
        "py:class",
        "library/concurrent.futures.html",
        "concurrent.futures.ProcessPoolExecutor",
    ),
)


def write(path: Path) -> Path:
    """Write the inventory (Sphinx inventory format 2) to ``path`` and return it."""
    lines = [f"{name} {role} 1 {page}#$ -" for name, role, page in OBJECTS]
    lines += [f"{name} {role} 1 {page}#{anchor} {anchor}" for name, role, page, anchor in ALIASES]
    header = (
        b"# Sphinx inventory version 2\n"
        b"# Project: Python\n"
        b"# Version: 3\n"
        b"# The remainder of this file is compressed using zlib.\n"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + zlib.compress(("\n".join(lines) + "\n").encode()))
    return path
