"""`jeugdinkoop schema region`: the JSON Schema of region files, generated from the model."""

from __future__ import annotations

import io
import json
import tomllib
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

from jeugdinkoop.cli import EXIT_OK, main
from jeugdinkoop.io import EMBEDDED_REGIONS, load_embedded_region, region_schema, region_to_dict

REGIONS = Path(str(files("jeugdinkoop") / "regions"))


def validator() -> jsonschema.Draft202012Validator:
    schema = region_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("code", EMBEDDED_REGIONS)
def test_every_embedded_region_file_fits(code: str) -> None:
    """The shipped TOML files and what region_to_dict writes both satisfy the schema."""
    raw = tomllib.loads((REGIONS / f"{code}.toml").read_text(encoding="utf-8"))
    as_json = json.loads(json.dumps(raw, default=str))  # TOML dates as ISO text
    assert [] == [e.message for e in validator().iter_errors(as_json)]
    written = json.loads(json.dumps(region_to_dict(load_embedded_region(code))))
    assert [] == [e.message for e in validator().iter_errors(written)]


def test_schema_refuses_what_the_reader_refuses() -> None:
    """A 3-digit municipality code, an unknown key and a float tariff are all refused."""
    data = json.loads(json.dumps(region_to_dict(load_embedded_region("voorbeeld"))))
    data["municipalities"][0]["code"] = "193"
    data["colour"] = "blue"
    data["tariffs"][0]["rate"] = 78.5
    errors = sorted(e.json_path for e in validator().iter_errors(data))
    assert ["$", "$.municipalities[0].code", "$.tariffs[0].rate"] == errors


def test_funding_models_are_tagged() -> None:
    """Every registered model is one option, its ``model`` key fixed to its name."""
    options = region_schema()["$defs"]["FundingModel"]["oneOf"]
    names = {o["properties"]["model"]["const"] for o in options}
    assert {"effort", "lumpsum", "task", "output", "personal_budget", "combined"} <= names


def test_command_prints_the_schema() -> None:
    out = io.StringIO()
    assert EXIT_OK == main(["schema", "region"], out=out)
    assert region_schema() == json.loads(out.getvalue())
