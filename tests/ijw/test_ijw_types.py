"""The types of jeugdinkoop.ijw's entry points, pinned (STYLE 14): mypy checks, pytest runs."""

from __future__ import annotations

from typing import assert_type

from ijw_build import assigned_product, jw301, jw323, line

from jeugdinkoop.ijw import (
    ClaimAnswer,
    ClaimMessage,
    RejectedLine,
    answer_claim_message,
    read_assignments,
    read_claim_message,
)
from jeugdinkoop.io import load_example_region
from jeugdinkoop.model import Assignment
from jeugdinkoop.money import Money
from jeugdinkoop.settlement import Ledger


def test_ijw_api_types() -> None:
    message = read_claim_message(jw323([line()]))
    assert_type(message, ClaimMessage)
    assert_type(message.total, Money)
    assignments = read_assignments(jw301([assigned_product(1001)]))
    assert_type(assignments, list[Assignment])
    answer = answer_claim_message(message, assignments, load_example_region())
    assert_type(answer, ClaimAnswer)
    assert_type(answer.granted, Money)
    assert_type(answer.rejected, tuple[RejectedLine, ...])
    assert_type(answer.ledger, Ledger)
    assert_type(answer.to_jw325(), bytes)
    assert answer.all_granted
