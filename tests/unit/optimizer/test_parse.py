"""parse_problem refuses what the contract refuses, naming each entry, and fills defaults."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest

from optimizer import (
    Pair,
    ProblemError,
    Solution,
    Unmet,
    parse_problem,
    parse_solution,
    solution_to_dict,
)
from optimizer.types import Rules, Weights


def valid_doc() -> dict[str, Any]:
    return {
        "version": 1,
        "horizon": {"start": "2027-01-04", "end": "2027-03-28", "timezone": "America/Detroit"},
        "rules": {
            "sessions_per_shadower": 2,
            "max_sessions_per_week": 1,
            "min_days_between_sessions": 7,
            "max_hosted_per_host_week": 3,
            "distinct_hosts": True,
            "new_hire_days": 90,
        },
        "weights": {
            "session": 1000,
            "affinity": 10,
            "novelty": 20,
            "new_hire": 50,
            "fairness": 5,
            "change": 200,
        },
        "departments": [{"id": "cad", "max_away": 2}],
        "people": [
            {
                "id": "E1",
                "role": "backroom",
                "department": "cad",
                "site": "DET",
                "hire_date": "2026-11-02",
                "tags": ["hvac", "design"],
                "sessions_required": 2,
            },
            {"id": "R1", "role": "rep", "department": "sales", "site": "DET", "tags": ["hvac"]},
            {"id": "R7", "role": "rep", "department": "sales", "site": "DET"},
        ],
        "slots": [
            {
                "id": "S1",
                "host": "R1",
                "start": "2027-01-05T09:00:00-05:00",
                "end": "2027-01-05T12:00:00-05:00",
                "capacity": 2,
                "kind": "customer_visit",
                "remote": False,
                "tags": ["hvac"],
            },
            {
                "id": "S9",
                "host": "R7",
                "start": "2027-01-12T14:00:00Z",
                "end": "2027-01-12T16:00:00Z",
                "capacity": 1,
            },
        ],
        "unavailability": [
            {
                "person": "E1",
                "start": "2027-02-01T00:00:00-05:00",
                "end": "2027-02-06T00:00:00-05:00",
            }
        ],
        "history": [{"shadower": "E1", "host": "R7", "date": "2026-06-01"}],
        "pinned": [{"shadower": "E1", "slot": "S1"}],
        "forbidden": [{"shadower": "E1", "slot": "S9"}],
        "previous": [{"shadower": "E1", "slot": "S1"}],
    }


def errors_of(doc: dict[str, Any]) -> list[str]:
    with pytest.raises(ProblemError) as caught:
        parse_problem(doc)
    assert str(caught.value) == "\n".join(caught.value.messages)
    return caught.value.messages


def test_it_reads_the_contract_example() -> None:
    problem = parse_problem(valid_doc())
    assert problem.rules == Rules(2, 1, 7, 3, True, 90)
    assert problem.people[0].tags == frozenset({"hvac", "design"})
    assert problem.slots[1].start.utcoffset() is not None
    assert problem.pinned == (Pair("E1", "S1"),)


def test_it_names_the_entry_whose_end_is_not_after_start() -> None:
    doc = valid_doc()
    doc["slots"][1]["end"] = doc["slots"][1]["start"] = "2027-01-05T09:00:00-05:00"
    assert errors_of(doc) == [
        'slots[1] (id "S9"): end 2027-01-05T09:00:00-05:00 is not after start'
    ]


def test_it_rejects_an_unavailability_that_ends_before_it_starts() -> None:
    doc = valid_doc()
    doc["unavailability"][0]["end"] = "2027-01-01T00:00:00-05:00"
    assert errors_of(doc) == ["unavailability[0]: end 2027-01-01T00:00:00-05:00 is not after start"]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("slots", 0, "start"), "2027-01-05T09:00:00"),
        (("slots", 0, "end"), "2027-01-05T12:00"),
        (("unavailability", 0, "start"), "2027-02-01T00:00:00"),
    ],
)
def test_it_rejects_naive_datetimes(path: tuple[Any, ...], value: str) -> None:
    doc = valid_doc()
    doc[path[0]][path[1]][path[2]] = value
    (message,) = errors_of(doc)
    assert "has no UTC offset" in message
    assert message.startswith(f"{path[0]}[{path[1]}]")


def test_it_accepts_z_as_an_offset() -> None:
    assert parse_problem(valid_doc()).slots[1].start.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("section", "field", "expected"),
    [
        ("slots", "host", 'slots[0] (id "S1"): unknown host "NOPE"'),
        ("unavailability", "person", 'unavailability[0]: unknown person "NOPE"'),
        ("history", "shadower", 'history[0]: unknown shadower "NOPE"'),
        ("history", "host", 'history[0]: unknown host "NOPE"'),
        ("pinned", "shadower", 'pinned[0]: unknown shadower "NOPE"'),
        ("pinned", "slot", 'pinned[0]: unknown slot "NOPE"'),
        ("forbidden", "shadower", 'forbidden[0]: unknown shadower "NOPE"'),
        ("forbidden", "slot", 'forbidden[0]: unknown slot "NOPE"'),
        ("previous", "shadower", 'previous[0]: unknown shadower "NOPE"'),
        ("previous", "slot", 'previous[0]: unknown slot "NOPE"'),
    ],
)
def test_it_rejects_unknown_ids(section: str, field: str, expected: str) -> None:
    doc = valid_doc()
    doc[section][0][field] = "NOPE"
    assert errors_of(doc) == [expected]


def test_a_department_that_is_not_listed_is_allowed() -> None:
    doc = valid_doc()
    doc["people"][0]["department"] = "unlisted"
    assert parse_problem(doc).people[0].department == "unlisted"


@pytest.mark.parametrize("section", ["people", "slots", "departments"])
def test_it_rejects_duplicate_ids(section: str) -> None:
    doc = valid_doc()
    doc[section].append(copy.deepcopy(doc[section][0]))
    ident = doc[section][0]["id"]
    index = len(doc[section]) - 1
    assert errors_of(doc) == [
        f'{section}[{index}] (id "{ident}"): duplicate id "{ident}" (first seen at {section}[0])'
    ]


def test_it_rejects_a_negative_capacity() -> None:
    doc = valid_doc()
    doc["slots"][0]["capacity"] = -1
    assert errors_of(doc) == ['slots[0] (id "S1"): capacity must be at least 0, got -1']


def test_it_rejects_an_unknown_time_zone() -> None:
    doc = valid_doc()
    doc["horizon"]["timezone"] = "Mars/Olympus_Mons"
    assert errors_of(doc) == ['horizon: timezone "Mars/Olympus_Mons" is not a known IANA time zone']


def test_it_rejects_a_bad_role() -> None:
    doc = valid_doc()
    doc["people"][1]["role"] = "manager"
    assert errors_of(doc) == ['people[1] (id "R1"): role "manager" is not one of backroom, rep']


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("slots", 0, "capacity"), "2", "capacity must be an integer, not a string"),
        (("slots", 0, "capacity"), True, "capacity must be an integer, not a boolean"),
        (("slots", 0, "capacity"), 1.5, "capacity must be an integer, not a number"),
        (("slots", 0, "remote"), "no", "remote must be true or false, not a string"),
        (("slots", 0, "tags"), "hvac", "tags must be a list of strings"),
        (("people", 0, "sessions_required"), "2", "sessions_required must be an integer"),
        (("people", 0, "hire_date"), "Nov 2", 'hire_date "Nov 2" is not an ISO date'),
        (("people", 0, "site"), 3, "site must be a string, not an integer"),
    ],
)
def test_it_rejects_wrong_types(path: tuple[Any, ...], value: Any, expected: str) -> None:
    doc = valid_doc()
    doc[path[0]][path[1]][path[2]] = value
    (message,) = errors_of(doc)
    assert expected in message


def test_it_rejects_a_rule_of_the_wrong_type() -> None:
    doc = valid_doc()
    doc["rules"]["max_sessions_per_week"] = "1"
    assert errors_of(doc) == ["rules: max_sessions_per_week must be an integer, not a string"]


def test_it_rejects_an_entry_that_is_not_an_object() -> None:
    doc = valid_doc()
    doc["slots"].append("S3")
    assert errors_of(doc)[0] == "slots[2]: must be an object, not a string"


@pytest.mark.parametrize("version", [2, "1", None, True])
def test_it_rejects_any_version_but_1_or_1_1(version: Any) -> None:
    doc = valid_doc()
    doc["version"] = version
    assert errors_of(doc) == [f"version: must be 1 or 1.1, got {version!r}"]


def test_it_reports_every_error_at_once() -> None:
    doc = valid_doc()
    doc["slots"][0]["capacity"] = -3
    doc["slots"][1]["host"] = "R99"
    doc["people"][1]["role"] = "boss"
    doc["pinned"][0]["slot"] = "S404"
    assert len(errors_of(doc)) == 4


def test_missing_or_null_sessions_per_shadower_means_one() -> None:
    doc = valid_doc()
    del doc["rules"]["sessions_per_shadower"]
    assert parse_problem(doc).rules.sessions_per_shadower == 1
    doc["rules"]["sessions_per_shadower"] = None
    assert parse_problem(doc).rules.sessions_per_shadower == 1


@pytest.mark.parametrize("off", [0, None, "missing"])
def test_a_rule_that_is_zero_null_or_missing_is_off(off: Any) -> None:
    doc = valid_doc()
    for name in (
        "max_sessions_per_week",
        "min_days_between_sessions",
        "max_hosted_per_host_week",
        "new_hire_days",
        "distinct_hosts",
    ):
        if off == "missing":
            del doc["rules"][name]
        else:
            doc["rules"][name] = off
    rules = parse_problem(doc).rules
    assert rules == Rules(sessions_per_shadower=2)


def test_a_department_with_max_away_zero_or_null_has_no_limit() -> None:
    doc = valid_doc()
    doc["departments"] = [
        {"id": "cad", "max_away": 0},
        {"id": "ops", "max_away": None},
        {"id": "qa"},
    ]
    assert all(d.max_away is None for d in parse_problem(doc).departments)


def test_missing_weights_take_their_defaults() -> None:
    doc = valid_doc()
    doc["weights"] = {"session": 500}
    assert parse_problem(doc).weights == Weights(session=500)
    del doc["weights"]
    assert parse_problem(doc).weights == Weights()


def test_it_rejects_a_negative_weight() -> None:
    doc = valid_doc()
    doc["weights"]["fairness"] = -5
    assert errors_of(doc) == ["weights: fairness must be at least 0, got -5"]


def test_optional_fields_and_lists_take_their_defaults() -> None:
    doc = valid_doc()
    for key in ("unavailability", "history", "pinned", "forbidden", "previous", "departments"):
        del doc[key]
    del doc["slots"][0]["remote"], doc["slots"][0]["kind"], doc["slots"][0]["tags"]
    del doc["people"][0]["sessions_required"], doc["people"][0]["hire_date"]
    problem = parse_problem(doc)
    person, first = problem.people[0], problem.slots[0]
    assert (person.active, person.sessions_required, person.hire_date) == (True, None, None)
    assert problem.required(person) == 2
    assert (first.remote, first.kind, first.tags) == (False, "", frozenset())
    assert problem.pinned == problem.previous == ()
    assert problem.unavailability == ()


def test_unknown_fields_are_ignored() -> None:
    doc = valid_doc()
    doc["colour"] = "teal"
    doc["rules"]["max_overtime"] = 4
    doc["people"][0]["nickname"] = "Ed"
    doc["slots"][0]["room"] = "B2"
    doc["pinned"][0]["why"] = "manager asked"
    assert parse_problem(doc) == parse_problem(valid_doc())


def test_a_solution_survives_a_round_trip() -> None:
    solution = Solution(
        status="FEASIBLE",
        objective=2040,
        bound=2100,
        assignments=(Pair("E1", "S1"), Pair("E2", "S1")),
        unmet=(Unmet("E5", 1, ("capacity", "spacing")),),
        stats={"wall_s": 1.5},
    )
    doc = solution_to_dict(solution)
    assert doc["unmet"] == [{"shadower": "E5", "missing": 1, "reasons": ["capacity", "spacing"]}]
    assert "infeasible" not in doc
    assert parse_solution(doc) == solution


def test_an_infeasible_solution_keeps_its_messages() -> None:
    solution = Solution(status="INFEASIBLE", infeasible=("pinned pair (E1, S1) breaks rule 2",))
    assert parse_solution(solution_to_dict(solution)) == solution


def test_parse_solution_rejects_an_unknown_status() -> None:
    with pytest.raises(ProblemError, match="status"):
        parse_solution({"version": 1, "status": "GREAT", "assignments": []})


@pytest.mark.parametrize(
    "kwargs",
    [
        {"shadowers": 120, "hosts": 20, "weeks": 4, "seed": 5, "previous": 0.3},
        {"shadowers": 80, "hosts": 16, "weeks": 3, "seed": 2, "sites": 7, "tight": True},
    ],
)
def test_a_problem_written_back_as_a_document_reads_the_same(kwargs) -> None:
    import json

    from optimizer.generate import generate_problem
    from optimizer.parse import problem_to_dict

    problem = parse_problem(generate_problem(**kwargs))
    assert parse_problem(json.loads(json.dumps(problem_to_dict(problem)))) == problem


def test_a_v11_problem_keeps_its_wishes_and_ledger_when_written_back() -> None:
    from optimizer.parse import problem_to_dict
    from optimizer.types import Preference

    problem = parse_problem(generate_problem_small())
    people = tuple(
        dataclasses.replace(p, hosted=3) if p.role == "rep" else p for p in problem.people
    )
    shadower = next(p.id for p in people if p.role == "backroom")
    host = next(p.id for p in people if p.role == "rep")
    wishes = (Preference(shadower, 2, kind="ride_along"), Preference(shadower, -3, host=host))
    rich = dataclasses.replace(problem, people=people, preferences=wishes)
    assert parse_problem(problem_to_dict(rich)) == rich


def generate_problem_small():
    from optimizer.generate import generate_problem

    return generate_problem(shadowers=10, hosts=3, weeks=2, seed=1)
