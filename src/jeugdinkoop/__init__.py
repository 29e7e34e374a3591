"""jeugdinkoop: how Dutch municipalities and youth-care regions buy and pay for youth care.

The package is layered (see the architecture page of the docs): values
(:mod:`~jeugdinkoop.money`, :mod:`~jeugdinkoop.periods`, :mod:`~jeugdinkoop.identifiers`,
:mod:`~jeugdinkoop.codes`), the domain :mod:`~jeugdinkoop.model`, the funding models,
validation and settlement, scenarios and monitoring, and the edges (files, command
line, conformance kit). The most used names are importable from the top.

Examples:
    >>> import jeugdinkoop
    >>> jeugdinkoop.Money("12.50").format()
    '€\\xa012,50'
"""

from importlib.metadata import PackageNotFoundError, version

from jeugdinkoop.codes import (
    DebitCredit,
    Domain,
    EndReason,
    Frequency,
    ProductCategory,
    Referrer,
    Unit,
    Variant,
)
from jeugdinkoop.errors import (
    InvalidIdentifier,
    InvalidValue,
    JeugdinkoopError,
    LoadError,
    TariffNotFound,
)
from jeugdinkoop.identifiers import BSN, AGBCode, MunicipalityCode, ProductCode
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

try:
    __version__ = version("jeugdinkoop")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "BSN",
    "AGBCode",
    "DebitCredit",
    "Domain",
    "EndReason",
    "Frequency",
    "InvalidIdentifier",
    "InvalidValue",
    "JeugdinkoopError",
    "LoadError",
    "Money",
    "MunicipalityCode",
    "Period",
    "ProductCategory",
    "ProductCode",
    "Referrer",
    "TariffNotFound",
    "Unit",
    "Variant",
    "__version__",
]
