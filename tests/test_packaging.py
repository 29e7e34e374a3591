"""The package as shipped: true ``__all__``, docstrings, ``py.typed``, and the layers.

STYLE 1, 13 and 14: every ``__all__`` name exists, every public module has a docstring,
the PEP 561 marker ships, and no module imports a layer above its own (DESIGN §1).

The layer test reads imports with :mod:`ast` instead of importing, so it also sees
imports inside functions and under ``TYPE_CHECKING``; ``lint-imports`` (the contract in
``pyproject.toml``) checks the same rule in ``nox -s lint``. Sibling packages of one
layer (``validation`` and ``settlement``, say) are left to that contract.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import tarfile
import tomllib
import zipfile
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path

import pytest

import jeugdinkoop

PACKAGE_DIR = Path(jeugdinkoop.__file__).resolve().parent
ROOT = Path(__file__).resolve().parent.parent

# DESIGN §1, lowest first: a module may import from its own layer and the ones before it.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    (
        "values",
        frozenset({"money", "periods", "identifiers", "codes", "errors", "i18n", "privacy"}),
    ),
    ("model", frozenset({"model"})),
    ("funding", frozenset({"funding"})),
    ("operations", frozenset({"validation", "settlement"})),
    ("analysis", frozenset({"scenarios", "monitoring"})),
    # the package root re-exports and ``python -m jeugdinkoop`` runs the CLI: edges too
    (
        "edges",
        frozenset(
            {
                "io",
                "ijw",
                "cli",
                "demo",
                "report",
                "testing",
                "stores",
                "regions",
                "__init__",
                "__main__",
            }
        ),
    ),
)
RANK = {part: rank for rank, (_, parts) in enumerate(LAYERS) for part in parts}
# Optional extras a module may need; without them the module is skipped, not failed.
OPTIONAL = {"pandas", "matplotlib", "dask", "distributed", "sqlalchemy", "psycopg"}


def _module_name(path: Path) -> str:
    parts = ["jeugdinkoop", *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


SOURCES = sorted(PACKAGE_DIR.rglob("*.py"))
MODULES = [_module_name(p) for p in SOURCES]
# ``__main__`` runs the command line when imported; it is still checked for its layer.
IMPORTABLE = [m for m in MODULES if m != "jeugdinkoop.__main__"]
PUBLIC = [m for m in IMPORTABLE if not any(part.startswith("_") for part in m.split("."))]


def _import(name: str) -> object:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as err:
        if err.name and err.name.split(".")[0] in OPTIONAL:
            pytest.skip(f"{name} needs the optional dependency {err.name}")
        raise


@pytest.mark.parametrize("name", IMPORTABLE)
def test_all_names_exist(name: str) -> None:
    """Every name a module's ``__all__`` promises can be taken from it."""
    module = _import(name)
    names = getattr(module, "__all__", None)
    if names is None:
        pytest.skip(f"{name} declares no __all__")
    assert len(set(names)) == len(names), f"{name}.__all__ lists a name twice"
    missing = [n for n in names if not hasattr(module, n)]
    assert missing == [], f"{name}.__all__ names what it does not define: {missing}"


@pytest.mark.parametrize("name", PUBLIC)
def test_public_module_has_a_docstring(name: str) -> None:
    module = _import(name)
    assert (getattr(module, "__doc__", None) or "").strip(), f"{name} has no docstring"


def test_py_typed_ships() -> None:
    """PEP 561 marker in the package, and the wheel takes the whole package directory."""
    assert files("jeugdinkoop").joinpath("py.typed").is_file()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "src/jeugdinkoop" in wheel["packages"]
    assert not any("py.typed" in pattern for pattern in wheel.get("exclude", []))
    assert "Typing :: Typed" in pyproject["project"]["classifiers"]


# -- layers ----------------------------------------------------------------------------
def _imports(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """``(line, module)`` of every jeugdinkoop import in a file, relative ones resolved."""
    is_package = path.name == "__init__.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                drop = node.level - 1 if is_package else node.level
                base = base[: len(base) - drop] if drop else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if node.module is None or node.level:
                # ``from . import x`` / ``from jeugdinkoop import cli``: x may be a module
                for alias in node.names:
                    yield node.lineno, f"{target}.{alias.name}"
            else:
                yield node.lineno, target


def _layer_part(module: str) -> str | None:
    """The top-level part of ``jeugdinkoop.<part>...`` (``__init__`` for the root)."""
    parts = module.split(".")
    if parts[0] != "jeugdinkoop":
        return None
    if len(parts) == 1:
        return "__init__"
    part = parts[1]
    # ``from jeugdinkoop import Money``: a name of the root package, not a submodule
    return part if part in RANK or (PACKAGE_DIR / part).exists() else "__init__"


def test_every_module_has_a_layer() -> None:
    """A new top-level module must be placed in the layer table (and the lint contract)."""
    parts = {_layer_part(m) for m in MODULES}
    assert parts <= set(RANK), f"not in a layer: {sorted(p for p in parts - set(RANK) if p)}"


@pytest.mark.parametrize(("path", "name"), list(zip(SOURCES, MODULES, strict=True)), ids=MODULES)
def test_no_module_imports_a_higher_layer(path: Path, name: str) -> None:
    """DESIGN §1: each layer imports only from itself and the layers below it."""
    own = _layer_part(name)
    assert own in RANK
    upward = []
    for line, target in _imports(path, name):
        part = _layer_part(target)
        if part is not None and part in RANK and RANK[part] > RANK[own]:
            upward.append(
                f"{path.name}:{line} imports {target} ({LAYERS[RANK[part]][0]} layer) "
                f"from the {LAYERS[RANK[own]][0]} layer"
            )
    assert upward == []


def test_layer_check_sees_an_upward_import(tmp_path: Path) -> None:
    """The check itself: a model module importing validation is caught, relative or not."""
    module = tmp_path / "bad.py"
    module.write_text(
        "from jeugdinkoop.validation import validate\nfrom ..settlement import settle\n",
        encoding="utf-8",
    )
    found = [target for _, target in _imports(module, "jeugdinkoop.model.bad")]
    assert found == ["jeugdinkoop.validation", "jeugdinkoop.settlement.settle"]
    assert all(RANK[str(_layer_part(t))] > RANK["model"] for t in found)


# -- licence, project URLs and what the wheel and sdist hold ----------------------------
# sha256 of the official English text of the EUPL v1.2 (OJ L 128, 19.5.2017, as SPDX
# carries it for the identifier EUPL-1.2); a change to LICENSE must be deliberate.
EUPL_1_2_SHA256 = "d126070e53a97387b339cc1b4c794e9bc134df061d6cb5ab37cef0bfe986228a"


def test_license_is_the_eupl_1_2_text() -> None:
    """LICENSE holds the EUPL v1.2 text, unchanged, and pyproject names that licence."""
    text = (ROOT / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == EUPL_1_2_SHA256
    assert text.startswith(b"EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "EUPL-1.2"
    assert project["license-files"] == ["LICENSE"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    """The wheel as ``pip install .`` builds it (hatchling, in-process: no network)."""
    from hatchling.builders.wheel import WheelBuilder

    out = tmp_path_factory.mktemp("wheel")
    (path,) = WheelBuilder(str(ROOT)).build(directory=str(out), versions=["standard"])
    return zipfile.ZipFile(path)


def _dist_info(wheel: zipfile.ZipFile, name: str) -> bytes:
    (member,) = [
        n
        for n in wheel.namelist()
        if n.split("/", 1)[0].endswith(".dist-info") and n.split("/", 1)[1] == name
    ]
    return wheel.read(member)


def test_wheel_ships_the_license(wheel: zipfile.ZipFile) -> None:
    """PEP 639: the text under ``.dist-info/licenses/``, named in METADATA with its SPDX id."""
    assert _dist_info(wheel, "licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()
    metadata = _dist_info(wheel, "METADATA").decode()
    assert "License-Expression: EUPL-1.2\n" in metadata
    assert "License-File: LICENSE\n" in metadata


def test_wheel_names_the_project_urls(wheel: zipfile.ZipFile) -> None:
    """PyPI's sidebar links: home, docs, source, issues and changelog."""
    metadata = _dist_info(wheel, "METADATA").decode()
    urls = dict(
        line.removeprefix("Project-URL: ").split(", ", 1)
        for line in metadata.splitlines()
        if line.startswith("Project-URL: ")
    )
    assert set(urls) == {"Homepage", "Documentation", "Source", "Issues", "Changelog"}
    assert all(url.startswith("https://") for url in urls.values())


def test_wheel_holds_the_package_and_its_data(wheel: zipfile.ZipFile) -> None:
    """The code, py.typed, the embedded regions and the Dutch messages; no tests or docs."""
    names = set(wheel.namelist())
    for member in (
        "jeugdinkoop/__init__.py",
        "jeugdinkoop/py.typed",
        "jeugdinkoop/regions/voorbeeld.toml",
        "jeugdinkoop/testing/__init__.py",
    ):
        assert member in names
    assert any(n.startswith("jeugdinkoop/locale/nl/") for n in names)
    assert not any(n.startswith(("tests/", "docs/")) for n in names)


def test_sdist_ships_the_license(tmp_path: Path) -> None:
    """The source archive holds LICENSE at its top, beside README and pyproject."""
    from hatchling.builders.sdist import SdistBuilder

    (path,) = SdistBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with tarfile.open(path) as sdist:
        top = {n.split("/", 1)[1] for n in sdist.getnames() if n.count("/") == 1}
        member = sdist.extractfile(next(n for n in sdist.getnames() if n.endswith("/LICENSE")))
        assert member is not None
        assert member.read() == (ROOT / "LICENSE").read_bytes()
    assert {"LICENSE", "README.md", "pyproject.toml", "CHANGELOG.md"} <= top
