"""The project's Sphinx extension: tables generated from the code, and docstring helpers.

``{rules-table}`` lists every validation rule of :data:`jeugdinkoop.model.findings.RULES`
(code, severity, the iJw rules it implements, return code, check level, the JW325 class
the code goes on, message in English and Dutch); ``{funding-models-table}``
lists every registered funding model of :func:`jeugdinkoop.funding.funding_models`.
Both are plain docutils tables, so every builder (HTML, doctest, text) handles them.
The docstring helpers keep napoleon from misreading property docstrings and resolve
references to names documented under their public (re-exporting) module.
"""

from __future__ import annotations

import importlib
import re
from typing import Any

import attrs
from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.ext.napoleon.docstring import GoogleDocstring
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode

import jeugdinkoop.ijw  # noqa: F401  (registers the iJw message rules, JI-9xx, for the rule table)
from jeugdinkoop.funding import FundingModel, funding_models
from jeugdinkoop.i18n import translate
from jeugdinkoop.model.findings import RULES

_BRACKETS = re.compile(r"^\w+\s*\[([^\]]+)\]")


def dutch_term(cls: type[FundingModel]) -> str:
    """The Dutch term of a funding model: the first term in its docstring's brackets.

    STYLE 4 puts it there ("EffortBased [inspanningsgericht, PxQ]"); a model without one
    (``Lumpsum``) uses the same word in Dutch as in English, its registry name.
    """
    first = (cls.__doc__ or "").strip().splitlines()[0] if cls.__doc__ else ""
    match = _BRACKETS.match(first)
    return match.group(1).split(",")[0].strip() if match else cls.name


def _table(
    headers: list[str], rows: list[list[nodes.Node | str]], widths: list[int]
) -> nodes.table:
    table = nodes.table(classes=["longtable"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for row in rows:
        body += _row(row)
    return table


def _row(cells: list[nodes.Node | str]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, str):
            entry += nodes.paragraph(text=cell)
        else:
            entry += nodes.paragraph("", "", cell)
        row += entry
    return row


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text=text)


class RulesTable(SphinxDirective):
    """Every validation rule, in registration order."""

    def run(self) -> list[nodes.Node]:
        """One row per rule: code, severity, iJw rules, return code, level, class, messages."""
        rows: list[list[nodes.Node | str]] = [
            [
                _literal(rule.code),
                rule.severity.name.lower(),
                ", ".join(rule.standard) or "—",
                _literal(rule.ijw_code) if rule.ijw_code else "—",
                f"{rule.level.value} {rule.level.label}",
                rule.placement.value,
                rule.template,
                translate(rule.template, "nl"),
            ]
            for rule in RULES.values()
        ]
        headers = [
            "code",
            "severity",
            "iJw rule",
            "return code",
            "level",
            "class",
            "message (English)",
            "message (Dutch)",
        ]
        return [_table(headers, rows, [7, 7, 8, 7, 10, 8, 26, 27])]


class FundingModelsTable(SphinxDirective):
    """Every registered funding model, by registry name."""

    def run(self) -> list[nodes.Node]:
        """One row per model: name, class, Dutch term, variant, traits, references."""
        rows: list[list[nodes.Node | str]] = []
        for name, cls in funding_models().items():
            traits = cls.traits
            flags = [
                field
                for field in ("client_claims", "production_reports", "budget_cap", "advances")
                if getattr(traits, field)
            ]
            if traits.claim_units:
                units = ", ".join(sorted(u.value for u in traits.claim_units))
                flags.append(f"claim units {units}")
            rows.append(
                [
                    _literal(name),
                    _class_ref(self, cls),
                    dutch_term(cls),
                    f"{cls.variant.value} ({cls.variant.label})",
                    ", ".join(flags) or "—",
                    "; ".join(cls.references) or "—",
                ]
            )
        headers = ["name", "class", "Dutch term", "variant", "traits", "references"]
        return [_table(headers, rows, [10, 18, 16, 16, 20, 20])]


def _class_ref(directive: SphinxDirective, cls: type[Any]) -> nodes.Node:
    """A cross-reference to the class's API entry, as ``{py:class}`` would make it."""
    target = f"{cls.__module__.rsplit('.', 1)[0]}.{cls.__qualname__}"
    ref = pending_xref(
        "", refdomain="py", reftype="class", reftarget=target, refexplicit=True, refwarn=True
    )
    ref += nodes.literal(text=cls.__qualname__, classes=["xref", "py", "py-class"])
    directive.set_source_info(ref)
    return ref


_ATTRIBUTE_KINDS = ("attribute", "property", "data")
_originals: dict[str, list[str]] = {}


def _keep_attribute_docstring(  # noqa: PLR0917 - Sphinx calls event handlers positionally
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Remember an attribute's or property's docstring before napoleon reads it (priority 400)."""
    if what in _ATTRIBUTE_KINDS:
        _originals[name] = list(lines)


def _parse_attribute_as_prose(  # noqa: PLR0917 - Sphinx calls event handlers positionally
    app: Sphinx, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Parse attribute and property docstrings as ordinary Google docstrings (priority 600).

    Napoleon splits the first line of an attribute or property docstring on its first
    colon and takes the left part for a type. Our docstrings are prose ("Still to pay
    (negative: to be paid back): …") and their types come from annotations, so the
    split mangles the sentence and makes a bogus cross-reference. Parse them again as
    a general docstring instead, which keeps Examples sections working.
    """
    original = _originals.pop(name, None)
    if what in _ATTRIBUTE_KINDS and original is not None:
        lines[:] = GoogleDocstring(original, app.config, app, "", "", obj).lines()


def _resolve_unqualified(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: nodes.TextElement
) -> nodes.reference | None:
    """Resolve two kinds of reference Sphinx's own lookup misses; leave the rest to ``-n``.

    * A bare name (``Settlement``) that names exactly one documented object: docstrings
      say :class:`Settlement` in their defining module, while the object is documented
      where users import it from (``jeugdinkoop.funding.Settlement``).
    * :attr:`field` or :attr:`Class.field` for a field of an attrs class: fields are
      described in the class's Args section, so the reference goes to the class.

    Ambiguous or unknown names stay unresolved, and ``sphinx-build -n`` reports them.
    """
    if node.get("refdomain") != "py":
        return None
    target = str(node.get("reftarget", ""))
    domain = env.get_domain("py")
    objects = domain.objects  # type: ignore[attr-defined]
    found: tuple[str, Any] | None = None
    if target and "." not in target:
        matches = {
            obj.node_id: (fullname, obj)
            for fullname, obj in objects.items()
            if fullname.endswith("." + target) and not obj.aliased
        }
        if len(matches) == 1:
            found = next(iter(matches.values()))
    if found is None and node.get("reftype") == "attr" and target:
        owner, _, field = target.rpartition(".")
        owner = owner or str(node.get("py:class") or "")
        for fullname, obj in objects.items():
            if obj.objtype == "class" and not obj.aliased and fullname.endswith("." + owner):
                cls = _import(fullname)
                if attrs.has(cls) and field in attrs.fields_dict(cls):  # type: ignore[arg-type]
                    found = (fullname, obj)
                    break
    if found is None:
        return None
    fullname, obj = found
    return make_refnode(app.builder, node["refdoc"], obj.docname, obj.node_id, contnode, fullname)


def _import(fullname: str) -> object:
    """The object a dotted name documents (``jeugdinkoop.funding.Settlement``), or None.

    The longest importable prefix is imported first: in an incremental build autodoc
    may not have imported ``jeugdinkoop.scenarios`` in this process, and then it is no
    attribute of ``jeugdinkoop`` yet.
    """
    parts = fullname.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return obj
    return None


def _type_text(node: dict[str, Any]) -> str:
    """A schema node as a few words: ``string 4 digits``, ``list of Tariff``."""
    if "$ref" in node:
        return str(node["$ref"]).rsplit("/", 1)[-1]
    if "const" in node:
        return repr(node["const"])
    if "enum" in node:
        return "one of " + ", ".join(repr(v) for v in node["enum"])
    if "anyOf" in node:
        return " or ".join(_type_text(option) for option in node["anyOf"])
    if "prefixItems" in node:
        return "pair (" + ", ".join(_type_text(i) for i in node["prefixItems"]) + ")"
    kind = node.get("type")
    if kind == "array":
        return "list of " + _type_text(node.get("items", {}))
    if isinstance(kind, list):
        kind = " or ".join(kind)
    text = str(kind or "any")
    if node.get("format") == "date":
        text = "date (2025-01-31)"
    elif "pattern" in node and kind == "string":
        text += f" {node['pattern']}"
    elif kind == "string or integer":
        text = 'decimal ("78.00" or 78)'
    return text


class RegionFileFormat(SphinxDirective):
    """The region file format: one table per record, from :func:`jeugdinkoop.io.region_schema`."""

    def run(self) -> list[nodes.Node]:
        """A rubric and a key/type/required table per record, the region's own first."""
        from jeugdinkoop.io import region_schema

        schema = region_schema()
        records = [("region (the top level)", schema)]
        records += [
            (name, record)
            for name, record in schema["$defs"].items()
            if record.get("type") == "object"
        ]
        result: list[nodes.Node] = []
        for name, record in records:
            result.append(nodes.rubric(text=name))
            required = set(record.get("required", []))
            rows: list[list[nodes.Node | str]] = [
                [
                    _literal(key),
                    _type_text(node),
                    "yes" if key in required else "",
                    str(node.get("description", "")),
                ]
                for key, node in record["properties"].items()
            ]
            result.append(_table(["key", "type", "required", "note"], rows, [18, 30, 8, 30]))
        models = schema["$defs"]["FundingModel"]["oneOf"]
        result.append(nodes.rubric(text="FundingModel (model = …)"))
        rows = [
            [
                _literal(str(option["properties"]["model"]["const"])),
                ", ".join(key for key in option["properties"] if key != "model") or "—",
                ", ".join(key for key in option.get("required", []) if key != "model") or "—",
                "",
            ]
            for option in models
        ]
        result.append(_table(["model", "keys", "required", ""], rows, [14, 40, 20, 4]))
        return result


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and the two docstring helpers."""
    app.add_directive("region-file-format", RegionFileFormat)
    app.add_directive("rules-table", RulesTable)
    app.add_directive("funding-models-table", FundingModelsTable)
    app.setup_extension("sphinx.ext.autodoc")
    app.setup_extension("sphinx.ext.napoleon")
    app.connect("autodoc-process-docstring", _keep_attribute_docstring, priority=400)
    app.connect("autodoc-process-docstring", _parse_attribute_as_prose, priority=600)
    app.connect("missing-reference", _resolve_unqualified)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
