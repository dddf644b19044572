"""A part travels as JSON (the database holds each part's problem): `problem_to_dict` is
the inverse of `parse_problem`, for whole problems and for the parts `split` makes."""

from __future__ import annotations

import json

import pytest

from optimizer import parse_problem
from optimizer.parse import problem_to_dict
from optimizer.partition import split
from tests.unit.optimizer.builders import random_doc


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_problem_and_its_parts_survive_a_trip_through_json(seed: int) -> None:
    problem = parse_problem(
        random_doc(shadowers=30, hosts=8, weeks=4, seed=seed, sites=("DET", "CHI"))
    )
    assert parse_problem(json.loads(json.dumps(problem_to_dict(problem)))) == problem
    parts = split(problem)
    assert parts
    for part in parts:
        doc = json.loads(json.dumps(problem_to_dict(part.problem)))
        assert parse_problem(doc) == part.problem
