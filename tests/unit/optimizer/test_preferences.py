"""Contract v1.1 preferences: parsed as the contract says, priced the same by the model,
the checker and `objective_of`, and without effect on v1 documents."""

from __future__ import annotations

import copy
import random
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from optimizer import Pair, ProblemError, parse_problem, solve
from optimizer.candidates import build_candidates
from optimizer.check import check_solution, objective_value
from optimizer.constraints import build_model
from optimizer.index import build_index
from optimizer.objective import objective_of
from optimizer.preferences import preference, wishes_met
from optimizer.solve import chosen_pairs, run_cp_sat, to_pairs
from optimizer.types import Preference, Weights
from tests.unit.optimizer.builders import TAGS, backroom, problem_doc, random_doc, rep, slot


def errors_of(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ProblemError) as caught:
        parse_problem(doc)
    return caught.value.messages


def two_slot_doc(**extra: Any) -> dict[str, Any]:
    """One shadower, two overlapping slots with different hosts, kinds and tags: the
    shadower can attend only one, and without wishes both are worth the same."""
    return problem_doc(
        [backroom("E1"), rep("R1"), rep("R2", tags=["solar"])],
        [
            slot("S1", "R1", 1, 9, kind="customer_visit"),
            slot("S2", "R2", 1, 9, kind="ride_along"),
        ],
        history=[{"shadower": "E1", "host": "R1", "date": "2026-06-01"}],
        weights={"novelty": 0},
        **extra,
    )


# --- parsing -------------------------------------------------------------------------------


def test_it_reads_the_contract_example_preferences() -> None:
    doc = two_slot_doc(
        version=1.1,
        preferences=[
            {"shadower": "E1", "kind": "customer_visit", "weight": 2},
            {"shadower": "E1", "host": "R2", "weight": -3},
            {"shadower": "E1", "tag": "hvac", "weight": 1, "note": "unknown fields are ignored"},
        ],
    )
    doc["weights"]["preference"] = 40
    problem = parse_problem(doc)
    assert problem.preferences == (
        Preference(shadower="E1", weight=2, kind="customer_visit"),
        Preference(shadower="E1", weight=-3, host="R2"),
        Preference(shadower="E1", weight=1, tag="hvac"),
    )
    assert problem.weights.preference == 40


def test_w_preference_defaults_to_30() -> None:
    assert parse_problem(two_slot_doc()).weights == Weights(novelty=0, preference=30)


@pytest.mark.parametrize(
    ("wish", "expected"),
    [
        (
            {"shadower": "E1", "weight": 1},
            "must name exactly one of host, kind or tag (found none)",
        ),
        (
            {"shadower": "E1", "kind": "ride_along", "tag": "hvac", "weight": 1},
            "must name exactly one of host, kind or tag (found kind, tag)",
        ),
        ({"shadower": "E1", "kind": "ride_along", "weight": 4}, "weight must be an integer from"),
        ({"shadower": "E1", "kind": "ride_along", "weight": -4}, "weight must be an integer from"),
        ({"shadower": "E1", "kind": "ride_along", "weight": 1.5}, "weight must be an integer"),
        ({"shadower": "E1", "kind": "ride_along", "weight": True}, "weight must be an integer"),
        ({"shadower": "E1", "kind": "ride_along", "weight": "2"}, "weight must be an integer"),
        ({"shadower": "E1", "kind": "ride_along"}, "weight is missing"),
        ({"shadower": "E9", "kind": "ride_along", "weight": 1}, 'unknown shadower "E9"'),
        ({"shadower": "E1", "host": "E1", "weight": 1}, 'host "E1" is not a rep'),
        ({"shadower": "E1", "host": "R9", "weight": 1}, 'host "R9" is not a rep'),
        ({"shadower": "E1", "tag": "", "weight": 1}, "tag must be a non-empty string"),
        ({"shadower": "E1", "kind": 3, "weight": 1}, "kind must be a non-empty string"),
        ("E1 likes solar", "must be an object"),
    ],
)
def test_a_bad_preference_is_rejected_naming_the_entry(wish: Any, expected: str) -> None:
    good = {"shadower": "E1", "kind": "ride_along", "weight": 1}
    doc = two_slot_doc(version=1.1, preferences=[good, wish])
    errors = errors_of(doc)
    assert len(errors) == 1
    assert errors[0].startswith("preferences[1]: ")
    assert expected in errors[0]


@pytest.mark.parametrize("version", [1, 1.1])
def test_versions_1_and_1_1_are_accepted(version: Any) -> None:
    assert parse_problem(two_slot_doc(version=version)).preferences == ()


@pytest.mark.parametrize("version", [1.2, 2, "1.1"])
def test_other_versions_are_rejected(version: Any) -> None:
    assert errors_of(two_slot_doc(version=version)) == [
        f"version: must be 1 or 1.1, got {version!r}"
    ]


# --- the term ------------------------------------------------------------------------------


def test_preference_sums_matching_wishes_and_clamps_to_five() -> None:
    problem = parse_problem(
        two_slot_doc(
            version=1.1,
            preferences=[
                {"shadower": "E1", "kind": "ride_along", "weight": 3},
                {"shadower": "E1", "host": "R2", "weight": 3},
                {"shadower": "E1", "tag": "solar", "weight": 2},  # a tag of the host R2
                {"shadower": "E1", "kind": "customer_visit", "weight": -3},
                {"shadower": "E1", "host": "R1", "weight": -3},
            ],
        )
    )
    people = {p.id: p for p in problem.people}
    s1, s2 = problem.slots
    assert preference(problem.preferences, s2, people["R2"]) == 5  # 8, clamped
    assert preference(problem.preferences, s1, people["R1"]) == -5  # -6, clamped


def test_a_wish_moves_the_shadower_to_the_slot_they_prefer() -> None:
    cases: list[tuple[dict[str, Any], str]] = [
        ({"shadower": "E1", "kind": "customer_visit", "weight": 1}, "S1"),
        ({"shadower": "E1", "kind": "ride_along", "weight": 1}, "S2"),
        ({"shadower": "E1", "host": "R2", "weight": -1}, "S1"),
        ({"shadower": "E1", "tag": "solar", "weight": 1}, "S2"),
    ]
    for wish, chosen in cases:
        problem = parse_problem(two_slot_doc(version=1.1, preferences=[wish]))
        solution = solve(problem, time_limit_s=2, workers=1)
        assert solution.assignments == (Pair("E1", chosen),), wish
        weight: int = wish["weight"]
        assert solution.objective == 1000 + 30 * max(0, weight) - 5
        assert check_solution(problem, solution).ok
        assert wishes_met(problem, solution.assignments) == (1, 1)


def test_a_negative_preference_is_a_wish_not_a_rule() -> None:
    doc = two_slot_doc(
        version=1.1,
        preferences=[{"shadower": "E1", "host": "R1", "weight": -3}],
        forbidden=[{"shadower": "E1", "slot": "S2"}],
    )
    solution = solve(parse_problem(doc), time_limit_s=2, workers=1)
    # The only allowed slot is the disliked one: the session still happens, worth less.
    assert solution.assignments == (Pair("E1", "S1"),)
    assert solution.objective == 1000 - 90 - 5


# --- v1 unchanged --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_a_v1_problem_keeps_its_objective(seed: int) -> None:
    """The v1 formula, written out here, prices every plan of a v1 document as before."""
    doc = random_doc(shadowers=6, hosts=3, weeks=3, seed=seed)
    problem = parse_problem(doc)
    solution = solve(problem, time_limit_s=2, workers=1)
    people = {p.id: p for p in problem.people}
    slots = {s.id: s for s in problem.slots}
    met = {(h.shadower, h.host) for h in problem.history}
    since = problem.horizon.start.toordinal() - 90
    expected = 0
    load: dict[str, int] = {}
    for pair in solution.assignments:
        s, t = people[pair.shadower], slots[pair.slot]
        shared = len(s.tags & (t.tags | people[t.host].tags))
        new_hire = s.hire_date is not None and s.hire_date.toordinal() >= since
        expected += 1000 + 10 * min(5, shared) + 20 * ((s.id, t.host) not in met) + 50 * new_hire
        load[t.host] = load.get(t.host, 0) + 1
    expected -= 5 * max(load.values(), default=0)
    assert solution.objective == expected
    assert objective_value(problem, solution.assignments) == expected
    # Declaring 1.1 with no wishes, or another w.preference, changes nothing.
    again = copy.deepcopy(doc)
    again["version"] = 1.1
    again["weights"] = {"preference": 99}
    assert objective_of(parse_problem(again), solution.assignments) == expected


# --- the model, the checker and objective_of agree ----------------------------------------


def with_wishes(doc: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    shadowers = [p["id"] for p in doc["people"] if p["role"] == "backroom"]
    reps = [p["id"] for p in doc["people"] if p["role"] == "rep"]
    wishes: list[dict[str, Any]] = []
    for _ in range(rng.randint(1, 3 * len(shadowers))):
        target = rng.choice(
            [
                ("host", rng.choice(reps)),
                ("kind", rng.choice(["ride_along", "customer_visit"])),
                ("tag", rng.choice(TAGS)),
            ]
        )
        wishes.append(
            {"shadower": rng.choice(shadowers), target[0]: target[1], "weight": rng.randint(-3, 3)}
        )
    for s in doc["slots"]:
        s["kind"] = rng.choice(["ride_along", "customer_visit"])
    for person in doc["people"]:
        if person["role"] == "rep" and rng.random() < 0.7:
            person["hosted"] = rng.randint(0, 12)  # the host ledger extension
    return {
        **doc,
        "version": 1.1,
        "weights": {
            "preference": rng.choice([1, 30, 100]),
            "fairness": rng.randint(0, 80),
            "ledger": rng.choice([0, 0, 3, 20]),
        },
        "preferences": wishes,
    }


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.integers(0, 10**6))
def test_the_checker_recomputes_the_models_objective_with_preferences(seed: int) -> None:
    rng = random.Random(seed)
    doc = with_wishes(random_doc(shadowers=4, hosts=2, weeks=2, seed=seed), rng)
    problem = parse_problem(doc)
    cands = build_candidates(build_index(problem))
    m = build_model(cands)
    solver, status = run_cp_sat(m, time_limit_s=5, workers=1)
    assert status == cp_model.OPTIMAL
    pairs = to_pairs(cands, chosen_pairs(solver, m))
    model_value = round(solver.objective_value)
    assert objective_value(problem, pairs) == model_value
    assert objective_of(problem, pairs) == model_value
    solution = solve(problem, time_limit_s=2, workers=1)
    assert check_solution(problem, solution).ok
    if solution.status == "OPTIMAL":
        assert solution.objective == model_value


def test_a_pair_worth_less_than_nothing_is_left_out_and_the_bound_stays_valid() -> None:
    doc = two_slot_doc(
        version=1.1,
        preferences=[
            {"shadower": "E1", "kind": "customer_visit", "weight": -3},
            {"shadower": "E1", "kind": "ride_along", "weight": -3},
        ],
    )
    doc["weights"].update(session=50, preference=100, fairness=0)
    problem = parse_problem(doc)
    solution = solve(problem, time_limit_s=2, workers=1)
    assert solution.assignments == ()
    assert solution.objective == 0
    assert check_solution(problem, solution).violations == []


# --- the host ledger extension ------------------------------------------------------------


def ledger_doc(hosted: tuple[int, int], ledger: int | None) -> dict[str, Any]:
    doc = two_slot_doc()
    doc["people"][1]["hosted"], doc["people"][2]["hosted"] = hosted
    if ledger is not None:
        doc["weights"]["ledger"] = ledger
    doc["history"] = []
    return doc


def test_by_default_the_ledger_changes_nothing() -> None:
    plain = solve(parse_problem(ledger_doc((0, 0), None)), time_limit_s=2, workers=1)
    loaded = solve(parse_problem(ledger_doc((9, 0), None)), time_limit_s=2, workers=1)
    assert plain.objective == loaded.objective == 1000 - 5
    assert plain.assignments == loaded.assignments


@pytest.mark.parametrize(("hosted", "chosen"), [((9, 0), "S2"), ((0, 9), "S1")])
def test_with_a_ledger_weight_the_rep_who_hosted_less_is_preferred(
    hosted: tuple[int, int], chosen: str
) -> None:
    problem = parse_problem(ledger_doc(hosted, 4))
    solution = solve(problem, time_limit_s=2, workers=1)
    assert solution.assignments == (Pair("E1", chosen),)
    assert solution.objective == 1000 - 5
    assert check_solution(problem, solution).ok
    other = "S1" if chosen == "S2" else "S2"
    assert objective_of(problem, [Pair("E1", other)]) == 1000 - 4 * 9 - 5


def test_a_negative_hosted_count_is_rejected_naming_the_person() -> None:
    doc = ledger_doc((-1, 0), 4)
    assert errors_of(doc) == ['people[1] (id "R1"): hosted must be at least 0, got -1']
