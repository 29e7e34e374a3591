"""PersonalBudget [persoonsvolgend budget]: a capped budget per client, drawn down with PxQ."""

from __future__ import annotations

import enum
from collections import defaultdict
from collections.abc import Iterable
from typing import ClassVar

import attrs

from jeugdinkoop.codes import Variant
from jeugdinkoop.errors import InvalidValue
from jeugdinkoop.funding.base import FundingContext, ModelTraits, Settlement, SettlementLine
from jeugdinkoop.funding.effort import EffortBased
from jeugdinkoop.funding.ledger import Entry, EntryKind
from jeugdinkoop.funding.output import ArrangementMatrix
from jeugdinkoop.funding.registry import register_funding_model
from jeugdinkoop.identifiers import AGBCode, MunicipalityCode
from jeugdinkoop.model import Assignment, Claim
from jeugdinkoop.model.findings import RULES, Finding
from jeugdinkoop.money import Money
from jeugdinkoop.periods import Period

__all__ = ["BudgetBasis", "BudgetChain", "PersonalBudget", "budget_for"]


class BudgetBasis(enum.StrEnum):
    """How the access team sets a person-following budget (IJsselland, seed 000:L186-191).

    Examples:
        >>> BudgetBasis("offerte").name
        'OFFER'
    """

    MATRIX = "matrix"
    OFFER = "offerte"
    COMBINATION = "combinatie"
    CLARIFICATION = "probleemverheldering"


def budget_for(
    basis: BudgetBasis | str,
    *,
    matrix: ArrangementMatrix | None = None,
    profile: str | None = None,
    intensity: str | None = None,
    offer: Money | None = None,
) -> Money:
    """The budget an access team assigns, by the way it is set (seed 000:L186-191).

    - ``matrix``: the matrix amount of ``profile`` × ``intensity`` (L188);
    - ``offerte``: the ``offer`` agreed with the provider (L189);
    - ``combinatie``: the matrix amount plus the ``offer`` on top (L190);
    - ``probleemverheldering``: the ``offer`` for the clarification phase; the
      definitive budget follows as a follow-up assignment, pooled with it (L191).

    Raises:
        InvalidValue: naming the basis and what it lacks (no matrix, no such cell, no
            offer), or an offer of a fraction of a cent.

    Examples:
        >>> from jeugdinkoop.funding.output import Arrangement
        >>> m = ArrangementMatrix([Arrangement("licht", "midden", "2400.00")])
        >>> budget_for("matrix", matrix=m, profile="licht", intensity="midden")
        Money('2400.00')
        >>> budget_for("combinatie", matrix=m, profile="licht", intensity="midden",
        ...            offer=Money("600.00"))
        Money('3000.00')
        >>> budget_for("offerte")
        Traceback (most recent call last):
        ...
        jeugdinkoop.errors.InvalidValue: budget_for('offerte'): needs the offer agreed with the provider
    """
    how = BudgetBasis(basis)
    where = f"budget_for({how.value!r})"
    needs_cell = how in (BudgetBasis.MATRIX, BudgetBasis.COMBINATION)
    needs_offer = how is not BudgetBasis.MATRIX
    cell = Money.zero()
    if needs_cell:
        if matrix is None:
            raise InvalidValue(f"{where}: needs the matrix of standard amounts")
        found = matrix.amount(profile, intensity)
        if found is None:
            raise InvalidValue(
                f"{where}: the matrix has no cell for profile {profile!r} and intensity {intensity!r}"
            )
        cell = found
    if needs_offer and offer is None:
        raise InvalidValue(f"{where}: needs the offer agreed with the provider")
    extra = offer if needs_offer and offer is not None else Money.zero()
    if extra != extra.rounded() or extra.amount < 0:
        raise InvalidValue(f"{where}: the offer {extra.amount} is not a whole number of cents >= 0")
    return (cell + extra).rounded()


@attrs.frozen
class BudgetChain:
    """An assignment with its follow-ups: one pool of budget for one client's trajectory.

    Attributes:
        root: the first assignment.
        members: the root and every assignment that follows it (directly or not).
    """

    root: Assignment
    members: tuple[Assignment, ...]

    @property
    def budget(self) -> Money:
        """The budgets of all members added up."""
        return Money.sum(m.budget or Money.zero() for m in self.members)

    @property
    def end(self) -> Period:
        """The last day of the last member (the day budget falls back), as a one-day period."""
        last = max(m.period.end for m in self.members if m.period.end is not None)
        return Period(last, last)

    def used(self, ctx: FundingContext) -> Money:
        """What claims drew from the pool so far (net of credits)."""
        return Money.sum(
            e.amount
            for m in self.members
            for e in ctx.ledger.for_assignment(m.reference)
            if e.kind.is_paid_out
        )


def chain_of(assignment: Assignment, ctx: FundingContext) -> BudgetChain:
    """The budget chain an assignment belongs to (following ``follows`` up to the root)."""
    root = assignment
    seen = {root.reference}
    while root.follows is not None and root.follows in ctx.assignments and root.follows not in seen:
        root = ctx.assignments[root.follows]
        seen.add(root.reference)
    members = [root]
    todo = [root.reference]
    while todo:
        for child in ctx.followers(todo.pop()):
            members.append(child)
            todo.append(child.reference)
    return BudgetChain(root, tuple(members))


@register_funding_model
@attrs.frozen
class PersonalBudget(EffortBased):
    """PersonalBudget [persoonsvolgend budget]: PxQ claims draw down a capped budget per client.

    The access team assigns a budget in euros; the provider claims the care delivered at an
    integral tariff (PxQ), as long as it fits. A claim that does not fit is refused
    whole. What is unused when the assignment ends falls back to the municipality, never
    to the provider (settlement shows it as ``released``). More budget comes only with a
    follow-up assignment (``Assignment.follows``) after an evaluation; its budget joins the
    same pool.

    How the access team sets the budget (seed 000:L186-191) is expressed as follows:

    - **matrix**: the assignment names a cell (``profile``, ``intensity``) of the model's
      ``matrix`` of standard amounts, and its budget is that amount;
    - **offer** (offerte): the budget is the amount the access team and the provider
      agreed; the assignment names no cell;
    - **combination**: a cell plus an offer on top; the budget is above the cell's amount;
    - **problem clarification**: a first assignment with a budget for the clarification,
      then the definitive budget as a follow-up (``follows``), pooled with it.

    With a ``matrix``, a budget below its cell's amount is refused (JI-708: a matrix
    budget is the cell, a combination adds to it), and a cell the matrix lacks is JI-701.
    See :func:`~jeugdinkoop.funding.budget_for`.

    Args:
        matrix: the standard amounts per profile × intensity, where the region uses one.

    Examples:
        >>> PersonalBudget().traits.budget_cap
        True

    References:
        - seed 000 (IJsselland) §Ambulante Jeugdhulp: "begrensd persoonsvolgend budget";
          unused budget falls back to the municipality.
        - iJw 3.2 TR369 (delivered volumes must fit the assigned budget).

    .. versionadded:: 0.1
    .. versionchanged:: 0.3
       ``matrix`` (optional).
    """

    name: ClassVar[str] = "personal_budget"
    variant: ClassVar[Variant] = Variant.EFFORT
    traits: ClassVar[ModelTraits] = ModelTraits(client_claims=True, budget_cap=True)
    references: ClassVar[tuple[str, ...]] = ("seed 000 §Ambulante Jeugdhulp", "iJw TR369")

    matrix: ArrangementMatrix | None = None

    def check_matrix(self, claim: Claim, assignment: Assignment) -> list[Finding]:
        """JI-701/JI-708: an assignment naming a matrix cell carries at least its amount."""
        if self.matrix is None or assignment.budget is None:
            return []
        if assignment.profile is None and assignment.intensity is None:
            return []  # an offer, or a clarification phase: no cell
        amount = self.matrix.amount(assignment.profile, assignment.intensity)
        subject = f"claim {claim.reference}"
        if amount is None:
            return [
                RULES["JI-701"].finding(
                    subject,
                    "assignment",
                    profile=assignment.profile,
                    intensity=assignment.intensity,
                )
            ]
        if assignment.budget < amount:
            return [
                RULES["JI-708"].finding(
                    subject,
                    "assignment",
                    assignment=assignment.reference,
                    budget=assignment.budget,
                    amount=amount,
                    profile=assignment.profile,
                    intensity=assignment.intensity,
                )
            ]
        return []

    def check(self, claim: Claim, assignment: Assignment, ctx: FundingContext) -> Iterable[Finding]:
        """Tariff, unit, volume and ceiling as PxQ, then: the claim must fit the budget whole."""
        if assignment.budget is None:
            return [
                RULES["JI-705"].finding(
                    f"claim {claim.reference}",
                    "assignment",
                    assignment=assignment.reference,
                    model=self.name,
                )
            ]
        findings = self.check_matrix(claim, assignment)
        findings += super().check(claim, assignment, ctx)
        if any(f.severity.name == "ERROR" for f in findings):
            return findings
        chain = chain_of(assignment, ctx)
        used = chain.used(ctx)
        amount = self.price(claim, assignment, ctx)
        if used + amount > chain.budget:
            findings.append(
                RULES["JI-406"].finding(
                    f"claim {claim.reference}",
                    "amount",
                    amount=amount,
                    used=used,
                    budget=chain.budget,
                    left=chain.budget - used,
                )
            )
        return findings

    def settle(self, period: Period, ctx: FundingContext) -> Settlement:
        """Pay claims; release what is unused of every budget chain that ended by the period's end."""
        claims = self.settle_claims(period, ctx)
        extra: dict[tuple[AGBCode, MunicipalityCode, str], dict[str, Money]] = defaultdict(
            lambda: {"released": Money.zero(), "budget": Money.zero(), "open": Money.zero()}
        )
        postings: list[Entry] = []
        for chain in self._chains(ctx):
            root = chain.root
            segment = self._segment(root, ctx)
            if segment is None or not ctx.in_scope(segment):
                continue
            key = (root.provider, root.municipality, segment)
            ended = period.end is not None and chain.end.start <= period.end
            booked = ctx.ledger.get(EntryKind.RELEASE, f"release {root.reference}")
            if not ended:
                if chain.end.start >= period.start or any(
                    m.period.overlaps(period) for m in chain.members
                ):
                    extra[key]["budget"] += chain.budget
                    extra[key]["open"] += chain.budget - chain.used(ctx)
                continue
            if booked is not None:
                if period.contains(booked.period.start):
                    extra[key]["budget"] += chain.budget
                    extra[key]["released"] += booked.amount
                continue
            left = chain.budget - chain.used(ctx)
            extra[key]["budget"] += chain.budget
            if left.amount > 0:
                # Unused budget falls back to the municipality, never to the provider (seed 000).
                day = max(chain.end.start, period.start)
                extra[key]["released"] += left
                postings.append(
                    Entry(
                        EntryKind.RELEASE,
                        f"release {root.reference}",
                        root.provider,
                        root.municipality,
                        segment,
                        Period(day, day),
                        left,
                        assignment=root.reference,
                        client=root.client,
                    )
                )
        lines = [*claims.lines]
        lines += [
            SettlementLine(*k, released=v["released"], budget=v["budget"], open=v["open"])
            for k, v in extra.items()
        ]
        return self.finish(period, lines, ctx, postings)

    def _chains(self, ctx: FundingContext) -> list[BudgetChain]:
        chains: dict[str, BudgetChain] = {}
        for assignment in ctx.assignments.values():
            if assignment.budget is not None and assignment.follows is None:
                chain = chain_of(assignment, ctx)
                chains[chain.root.reference] = chain
        return [chains[k] for k in sorted(chains)]

    @staticmethod
    def _segment(assignment: Assignment, ctx: FundingContext) -> str | None:
        """The segment an assignment's budget belongs to.

        For a category-only assignment: the first segment in scope (paid by this model)
        with a product of that category, so a category that several segments share is
        booked where this model pays, not wherever the catalog lists it first.
        """
        if assignment.product is not None and assignment.product in ctx.region.catalog:
            return ctx.region.catalog[assignment.product].segment
        segments = [p.segment for p in ctx.region.catalog.in_category(assignment.category)]
        in_scope = [s for s in segments if ctx.in_scope(s)]
        candidates = in_scope or segments
        return candidates[0] if candidates else None
