"""Pure-Python optimizer for the scheduling contract (no Django, nothing from rotations/)."""

from __future__ import annotations

from optimizer.parse import ProblemError, parse_problem, parse_solution, solution_to_dict
from optimizer.solve import solve
from optimizer.types import (
    REASON_CODES,
    Department,
    HistoryEntry,
    Horizon,
    Pair,
    Person,
    Problem,
    Rules,
    Slot,
    Solution,
    Unavailability,
    Unmet,
    Weights,
)

__all__ = [
    "REASON_CODES",
    "Department",
    "HistoryEntry",
    "Horizon",
    "Pair",
    "Person",
    "Problem",
    "ProblemError",
    "Rules",
    "Slot",
    "Solution",
    "Unavailability",
    "Unmet",
    "Weights",
    "parse_problem",
    "parse_solution",
    "solution_to_dict",
    "solve",
]
