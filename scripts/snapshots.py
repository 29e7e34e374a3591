"""Golden snapshots (STYLE 11): every embedded region's ten-year costs under four funding variants.

``tests/test_snapshots.py`` recomputes them and compares with the files in
``tests/snapshots/``; a change in a funding model, a tariff or a region file shows up
as a reviewed diff of these files. After a deliberate change, rewrite them with
``python scripts/snapshots.py`` (or ``nox -s snapshots``) and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from jeugdinkoop.demo import region_variants
from jeugdinkoop.io import EMBEDDED_REGIONS, load_embedded_region

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "snapshots"


def snapshot(code: str) -> dict[str, Any]:
    """The costs of one region: per variant, year, municipality and segment, as decimal strings."""
    region = load_embedded_region(code)
    variants: dict[str, Any] = {}
    for scenario in region_variants(region):
        result = scenario.run()
        variants[scenario.name] = {
            "total": str(result.total().amount),
            "by_year_municipality_segment": {
                " ".join(str(k.value if hasattr(k, "value") else k) for k in key): str(
                    amount.amount
                )
                for key, amount in sorted(
                    result.by("year", "municipality", "segment").items(), key=str
                )
            },
        }
    return {"region": code, "variants": variants}


def render(code: str) -> str:
    """The snapshot file's text."""
    return json.dumps(snapshot(code), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    """Rewrite every snapshot."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    for code in EMBEDDED_REGIONS:
        (FOLDER / f"{code}.json").write_text(render(code), encoding="utf-8")
        print(f"wrote tests/snapshots/{code}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
