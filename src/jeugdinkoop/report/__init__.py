"""Reports [rapportage]: one self-contained HTML file for policy analysts and councils (edges layer).

``jeugdinkoop report --region R --year Y --out report.html`` writes it; so does
``jeugdinkoop demo --out DIR``. The file needs no server and loads nothing from
elsewhere: styles inline, charts inline SVG, Dutch by default, youths only under
keyed pseudonyms.

Examples:
    >>> from jeugdinkoop.io import load_embedded_region
    >>> from jeugdinkoop.report import build_report
    >>> text = build_report(load_embedded_region("flevoland"), 2026, draws=0)
    >>> "Bekostigingsvarianten vergeleken" in text, "http://" in text.replace(
    ...     'xmlns="http://www.w3.org/2000/svg"', "")
    (True, False)
"""

from jeugdinkoop.report.document import (
    PSEUDONYM_KEY_ENV,
    build_report,
    demo_reports,
    pseudonym_key,
    write_report,
)

__all__ = ["PSEUDONYM_KEY_ENV", "build_report", "demo_reports", "pseudonym_key", "write_report"]
