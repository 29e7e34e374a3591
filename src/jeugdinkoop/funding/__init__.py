"""Funding models: how a segment's care is paid, as pluggable strategies.

Examples:
    >>> from jeugdinkoop.funding import funding_models
    >>> sorted(n for n, cls in funding_models().items() if cls.__module__.startswith("jeugdinkoop."))
    ['combined', 'effort', 'lumpsum', 'output', 'personal_budget', 'task']
"""

from jeugdinkoop.funding._annual import AnnualBudgetModel, YearEnd
from jeugdinkoop.funding.base import (
    Demand,
    Forecast,
    ForecastLine,
    FundingContext,
    FundingModel,
    ModelTraits,
    Settlement,
    SettlementLine,
    convert_quantity,
    price_quantity,
)
from jeugdinkoop.funding.combined import Combined
from jeugdinkoop.funding.effort import Ceiling, EffortBased
from jeugdinkoop.funding.ledger import Entry, EntryKind, Ledger, MessageRecord
from jeugdinkoop.funding.lumpsum import Budget, Lumpsum
from jeugdinkoop.funding.output import (
    Arrangement,
    ArrangementMatrix,
    Instalment,
    OutputBased,
    PaymentSchedule,
    ScheduleKind,
)
from jeugdinkoop.funding.personal_budget import (
    BudgetBasis,
    BudgetChain,
    PersonalBudget,
    budget_for,
    chain_of,
)
from jeugdinkoop.funding.registry import (
    ENTRY_POINT_GROUP,
    funding_models,
    get_funding_model,
    register_funding_model,
)
from jeugdinkoop.funding.store import LedgerBatch, LedgerStore
from jeugdinkoop.funding.task import PopulationRate, ResultScore, TaskBased

__all__ = [
    "ENTRY_POINT_GROUP",
    "AnnualBudgetModel",
    "Arrangement",
    "ArrangementMatrix",
    "Budget",
    "BudgetBasis",
    "BudgetChain",
    "Ceiling",
    "Combined",
    "Demand",
    "EffortBased",
    "Entry",
    "EntryKind",
    "Forecast",
    "ForecastLine",
    "FundingContext",
    "FundingModel",
    "Instalment",
    "Ledger",
    "LedgerBatch",
    "LedgerStore",
    "Lumpsum",
    "MessageRecord",
    "ModelTraits",
    "OutputBased",
    "PaymentSchedule",
    "PersonalBudget",
    "PopulationRate",
    "ResultScore",
    "ScheduleKind",
    "Settlement",
    "SettlementLine",
    "TaskBased",
    "YearEnd",
    "budget_for",
    "chain_of",
    "convert_quantity",
    "funding_models",
    "get_funding_model",
    "price_quantity",
    "register_funding_model",
]
