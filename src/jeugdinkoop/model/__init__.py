"""The domain model: plain, frozen data with validators and no funding behaviour.

Examples:
    >>> from jeugdinkoop.model import Assignment
    >>> print(Assignment.__doc__.splitlines()[0])
    Assignment [toewijzing]: the municipality's decision that a provider may deliver care.
"""

from jeugdinkoop.model.care import Assignment, Claim, Volume
from jeugdinkoop.model.catalog import Product, ProductCatalog
from jeugdinkoop.model.parties import (
    Client,
    Contract,
    LegalForm,
    LocalCondition,
    Procedure,
    Provider,
)
from jeugdinkoop.model.refusals import Refusal
from jeugdinkoop.model.region import FundingModelRef, Municipality, PopulationBand, Region, Segment
from jeugdinkoop.model.tariffs import Block, Tariff, TariffTable

__all__ = [
    "Assignment",
    "Block",
    "Claim",
    "Client",
    "Contract",
    "FundingModelRef",
    "LegalForm",
    "LocalCondition",
    "Municipality",
    "PopulationBand",
    "Procedure",
    "Product",
    "ProductCatalog",
    "Provider",
    "Refusal",
    "Region",
    "Segment",
    "Tariff",
    "TariffTable",
    "Volume",
]
