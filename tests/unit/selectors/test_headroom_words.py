"""The gap in words HR reads (rotations.selectors.summary.RunFacts.headroom): relative to
our plan, rounded up, so the promise "no plan can score more than X% higher" holds."""

from __future__ import annotations

import pytest

from rotations.selectors.summary import RunFacts


def facts(objective: int | None, bound: int | None) -> RunFacts:
    return RunFacts(
        status="succeeded",
        solver_status="FEASIBLE",
        objective=objective,
        bound=bound,
        gap=None,
        wall_s=1.0,
        error="",
    )


@pytest.mark.parametrize(
    ("objective", "bound", "words"),
    [
        (618_970, 626_412, "no plan can score more than 1.3% higher"),
        (429_715, 467_195, "no plan can score more than 8.8% higher"),
        (1000, 1000, "no plan can score higher"),
        (1000, 1070, "no plan can score more than 7% higher"),
        (None, 1000, ""),
        (1000, None, ""),
    ],
)
def test_the_gap_is_said_as_a_promise_about_every_plan(
    objective: int | None, bound: int | None, words: str
) -> None:
    assert facts(objective, bound).headroom == words
