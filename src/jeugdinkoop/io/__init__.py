"""Reading and writing: region files (TOML), assignments and claims (CSV), ledgers (JSON).

Examples:
    >>> from jeugdinkoop.io import load_example_region
    >>> load_example_region().municipality("0001").name
    'Voorstad'
"""

from jeugdinkoop.io.converter import converter, make_converter
from jeugdinkoop.io.regions import (
    EMBEDDED_REGIONS,
    EXAMPLE_REGION,
    embedded_region_code,
    embedded_region_path,
    load_embedded_region,
    load_example_region,
    load_region,
    region_from_dict,
    region_to_dict,
)
from jeugdinkoop.io.scenario_files import (
    load_scenario,
    load_scenarios,
    scenario_from_dict,
    scenarios_from_dict,
)
from jeugdinkoop.io.schema import region_schema
from jeugdinkoop.io.tables import (
    dump_ledger,
    load_assignments,
    load_claims,
    load_ledger,
    read_rows,
    write_assignments,
    write_claims,
)
from jeugdinkoop.io.text import print_table, write_rows

__all__ = [
    "EMBEDDED_REGIONS",
    "EXAMPLE_REGION",
    "converter",
    "dump_ledger",
    "embedded_region_code",
    "embedded_region_path",
    "load_assignments",
    "load_claims",
    "load_embedded_region",
    "load_example_region",
    "load_ledger",
    "load_region",
    "load_scenario",
    "load_scenarios",
    "make_converter",
    "print_table",
    "read_rows",
    "region_from_dict",
    "region_schema",
    "region_to_dict",
    "scenario_from_dict",
    "scenarios_from_dict",
    "write_assignments",
    "write_claims",
    "write_rows",
]
