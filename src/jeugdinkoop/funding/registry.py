"""The registry of funding models, by name: explicit, checked, and open to other packages.

Built-in models register with the :func:`register_funding_model` decorator. Other
packages declare theirs in the entry-point group ``jeugdinkoop.funding_models`` (name =
the model's :attr:`~jeugdinkoop.funding.FundingModel.name`); those are loaded on the
first lookup. A lookup returns the class itself; a name used twice is an error naming
both classes.

Examples:
    >>> from jeugdinkoop.funding import get_funding_model
    >>> get_funding_model("effort").__name__
    'EffortBased'
    >>> get_funding_model("nonsense")
    Traceback (most recent call last):
    ...
    jeugdinkoop.errors.UnknownFundingModel: no funding model named 'nonsense'; known: combined, ...
"""

from __future__ import annotations

from importlib.metadata import entry_points
from typing import Final, TypeVar

from jeugdinkoop.errors import DuplicateRegistration, UnknownFundingModel
from jeugdinkoop.funding.base import FundingModel

__all__ = ["ENTRY_POINT_GROUP", "funding_models", "get_funding_model", "register_funding_model"]

ENTRY_POINT_GROUP: Final = "jeugdinkoop.funding_models"

M = TypeVar("M", bound=type[FundingModel])

_REGISTRY: dict[str, type[FundingModel]] = {}
_entry_points_loaded = False


def register_funding_model(cls: M) -> M:
    """Register a funding model class under its ``name`` (a class decorator).

    Raises:
        TypeError: when the class declares no ``name``.
        DuplicateRegistration: when another class already has the name.
    """
    name = cls.__dict__.get("name")
    if not isinstance(name, str) or not name:
        raise TypeError(f"{cls.__qualname__} declares no `name` class variable to register under")
    existing = _REGISTRY.get(name)
    if existing is not None and existing is not cls:
        raise DuplicateRegistration(
            f"funding model name {name!r} is taken by {existing.__module__}.{existing.__qualname__}; "
            f"cannot register {cls.__module__}.{cls.__qualname__} under it too"
        )
    _REGISTRY[name] = cls
    return cls


def _load_entry_points() -> None:
    global _entry_points_loaded  # noqa: PLW0603 - loaded once, on first lookup
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for point in entry_points(group=ENTRY_POINT_GROUP):
        cls = point.load()
        if not (isinstance(cls, type) and issubclass(cls, FundingModel)):
            raise TypeError(
                f"entry point {point.name!r} = {point.value!r} is not a FundingModel subclass"
            )
        if cls.__dict__.get("name") != point.name:
            raise DuplicateRegistration(
                f"entry point {point.name!r} loads {cls.__qualname__}, whose name is {cls.__dict__.get('name')!r}"
            )
        register_funding_model(cls)


def get_funding_model(name: str) -> type[FundingModel]:
    """The funding model class registered under ``name``.

    Raises:
        UnknownFundingModel: naming the known models.
    """
    _load_entry_points()
    try:
        return _REGISTRY[name]
    except KeyError:
        known = ", ".join(sorted(_REGISTRY))
        raise UnknownFundingModel(f"no funding model named {name!r}; known: {known}") from None


def funding_models() -> dict[str, type[FundingModel]]:
    """Every registered model by name, entry points included, sorted by name."""
    _load_entry_points()
    return dict(sorted(_REGISTRY.items()))
