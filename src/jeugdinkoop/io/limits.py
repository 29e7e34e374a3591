"""Reading input files safely: size limits, UTF-8 with the line of a bad byte, bounded nesting.

Every reader of the library opens its file through these functions, so that no input
makes it crash, hang or run out of memory: a file larger than its limit, bytes that are
not UTF-8, TOML nested deeper than :data:`MAX_DEPTH` or with a dotted key of more than
:data:`MAX_DEPTH` parts are refused with a :class:`~jeugdinkoop.errors.LoadError` that
names the file, the line and the rule.

Examples:
    >>> import tempfile
    >>> from pathlib import Path
    >>> from jeugdinkoop.io.limits import *
    >>> path = Path(tempfile.mkdtemp()) / "bad.toml"
    >>> _ = path.write_bytes(b'name = "ok"\\ncode = "caf\\xe9"\\n')
    >>> read_toml(path)
    Traceback (most recent call last):
    ...
    jeugdinkoop.errors.LoadError: ...bad.toml: 1 problem
      ...bad.toml line 2: (encoding) = '\\\\xe9': not UTF-8 (a file is UTF-8, a byte-order mark is allowed)

.. versionadded:: 0.1
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Any, Final

from jeugdinkoop.errors import LoadError, Problem

__all__ = [
    "MAX_CSV_BYTES",
    "MAX_CSV_FIELD",
    "MAX_DEPTH",
    "MAX_JSON_BYTES",
    "MAX_TOML_BYTES",
    "check_size",
    "decode",
    "read_text",
    "read_toml",
]

MAX_TOML_BYTES: Final = 25 * 1024 * 1024
"""A region, scenario or cases file is at most 25 MB (the size iJw allows a message, OP179)."""

MAX_JSON_BYTES: Final = 512 * 1024 * 1024
"""A ledger file is at most 512 MB (it is read whole)."""

MAX_CSV_BYTES: Final = 2 * 1024 * 1024 * 1024
"""A CSV file is at most 2 GB (it is read row by row)."""

MAX_CSV_FIELD: Final = 64 * 1024
"""A CSV field is at most 64 KB (no field of a claim or assignment comes near)."""

MAX_DEPTH: Final = 32
"""Tables and arrays nest at most 32 deep, and a dotted key has at most 32 parts."""

_TOKENS: Final = re.compile(
    r'"""(?:[^\\]|\\.)*?"""|\'\'\'.*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[^"\'#]+|["\']',
    re.S,
)
_KEY_DOT: Final = re.compile(r"(?<![0-9])\.|\.(?![0-9])")
_KEY_END: Final = re.compile(r"[\n=,{}\[\]]")


def _problem(source: str, line: int | None, field: str, value: str, rule: str) -> LoadError:
    where = source if line is None else f"{source} line {line}"
    return LoadError(source, [Problem(where, field, value, rule)])


def check_size(path: str | Path, limit: int) -> None:
    """Refuse a file larger than ``limit`` bytes (or one that cannot be opened).

    Raises:
        LoadError: naming the file, its size and the limit.

    Examples:
        >>> import tempfile
        >>> from pathlib import Path
        >>> from jeugdinkoop.io.limits import check_size
        >>> path = Path(tempfile.mkdtemp()) / "big.csv"
        >>> _ = path.write_text("x" * 11)
        >>> check_size(path, 10)
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.LoadError: ...big.csv: 1 problem
          ...big.csv: (size) = '11 bytes': larger than the limit of 10 bytes
    """
    source = str(path)
    try:
        size = os.stat(path).st_size
    except OSError as err:
        raise _problem(source, None, "(file)", "", err.strerror or str(err)) from None
    if size > limit:
        raise _problem(
            source, None, "(size)", f"{size} bytes", f"larger than the limit of {limit} bytes"
        )


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (a byte-order mark is allowed); a bad byte is an error naming its line.

    Raises:
        LoadError: naming the line and the byte.

    Examples:
        >>> from jeugdinkoop.io.limits import decode
        >>> decode(b"\\xef\\xbb\\xbfa;b\\n", "x.csv")
        'a;b\\n'
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        bad = data[err.start : err.end]
        raise _problem(
            source,
            line,
            "(encoding)",
            "".join(f"\\x{b:02x}" for b in bad),
            "not UTF-8 (a file is UTF-8, a byte-order mark is allowed)",
        ) from None


def read_text(path: str | Path, limit: int) -> str:
    """The whole text of a UTF-8 file of at most ``limit`` bytes.

    Raises:
        LoadError: when the file cannot be read, is too large or is not UTF-8.
    """
    source = str(path)
    check_size(path, limit)
    try:
        data = Path(path).read_bytes()
    except OSError as err:
        raise _problem(source, None, "(file)", "", err.strerror or str(err)) from None
    return decode(data, source)


def _deep_key(text: str) -> int | None:
    """The line of the first dotted key with more than :data:`MAX_DEPTH` parts, if any.

    tomllib takes time quadratic in a dotted key's length; 100,000 parts would hang.
    """
    dots = 0
    line = 1
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token[0] in "\"'#":  # a string or a comment: no key delimiters in it
            line += token.count("\n")
            continue
        start = 0
        for end in _KEY_END.finditer(token):
            dots += len(_KEY_DOT.findall(token, start, end.start()))
            if dots > MAX_DEPTH:
                return line + token.count("\n", 0, end.start())
            dots = 0
            start = end.end()
        dots += len(_KEY_DOT.findall(token, start))
        if dots > MAX_DEPTH:
            return line + token.count("\n")
        line += token.count("\n")
    return None


def _depth(value: object, level: int = 0) -> int:
    if level > MAX_DEPTH:
        return level
    if isinstance(value, dict):
        return max((_depth(v, level + 1) for v in value.values()), default=level)
    if isinstance(value, list):
        return max((_depth(v, level + 1) for v in value), default=level)
    return level


def read_toml(path: str | Path, limit: int = MAX_TOML_BYTES) -> dict[str, Any]:
    """Parse a TOML file of at most ``limit`` bytes, UTF-8, nested at most :data:`MAX_DEPTH` deep.

    Raises:
        LoadError: naming the file, the line where known, and the rule.
    """
    source = str(path)
    text = read_text(path, limit)
    deep = _deep_key(text)
    if deep is not None:
        raise _problem(source, deep, "(key)", "", f"a dotted key with more than {MAX_DEPTH} parts")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise _problem(source, None, "(syntax)", "", str(err)) from None
    except ValueError as err:  # an integer of more than 4300 digits
        raise _problem(source, None, "(value)", "", str(err)) from None
    except RecursionError:
        raise _problem(
            source, None, "(nesting)", "", f"arrays or tables nested more than {MAX_DEPTH} deep"
        ) from None
    if _depth(data) > MAX_DEPTH:
        raise _problem(
            source, None, "(nesting)", "", f"arrays or tables nested more than {MAX_DEPTH} deep"
        )
    return data
