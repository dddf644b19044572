"""`python -m optimizer solve|check|generate`, run as a user would, with exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.unit.optimizer.tiny import doc, person, slot

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str | float | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "optimizer", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def write(path: Path, content: object) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def test_generate_solve_and_check_agree(tmp_path: Path) -> None:
    problem = tmp_path / "problem.json"
    generated = run(
        "generate", "--shadowers", 20, "--hosts", 5, "--weeks", 3, "--seed", 2, "-o", problem
    )
    assert generated.returncode == 0, generated.stderr
    assert json.loads(problem.read_text())["version"] == 1

    solved = run("solve", problem, "--time-limit", 1, "--workers", 1)
    assert solved.returncode == 0, solved.stderr
    solution = json.loads(solved.stdout)
    assert solution["status"] in {"OPTIMAL", "FEASIBLE"}
    assert solution["assignments"]

    checked = run("check", problem, write(tmp_path / "solution.json", solution))
    assert checked.returncode == 0, checked.stdout
    assert checked.stdout.startswith("ok ")
    assert f"objective {solution['objective']}" in checked.stdout


def test_generate_prints_to_stdout_without_an_output_file() -> None:
    result = run("generate", "--shadowers", 3, "--hosts", 2, "--weeks", 1, "--seed", 1)
    assert result.returncode == 0
    assert len([p for p in json.loads(result.stdout)["people"] if p["role"] == "rep"]) == 2


def test_solve_writes_the_solution_file(tmp_path: Path) -> None:
    problem = write(
        tmp_path / "p.json",
        doc([person("E1"), person("R1", "rep")], [slot("S1", "R1", 1)]),
    )
    out = tmp_path / "s.json"
    result = run("solve", problem, "-o", out, "--time-limit", 1, "--workers", 1)
    assert result.returncode == 0, result.stderr
    solution = json.loads(out.read_text())
    assert solution["assignments"] == [{"shadower": "E1", "slot": "S1"}]
    assert solution["objective"] == 1000 + 20 - 5


def test_check_lists_the_violations_of_a_broken_plan(tmp_path: Path) -> None:
    people = [person("E1"), person("E2"), person("R1", "rep")]
    problem = write(tmp_path / "p.json", doc(people, [slot("S1", "R1", 1, capacity=1)]))
    solution = {
        "version": 1,
        "status": "FEASIBLE",
        "objective": 1,
        "assignments": [{"shadower": "E1", "slot": "S1"}, {"shadower": "E2", "slot": "S1"}],
        "unmet": [],
    }
    result = run("check", problem, write(tmp_path / "s.json", solution))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].endswith("violations:")
    assert any('rule 3 capacity: slot "S1" has 2 shadowers' in line for line in lines)
    assert any(line.strip().startswith("objective:") for line in lines)
    assert any(line.strip().startswith("unmet:") for line in lines)


def test_solve_refuses_a_bad_problem_naming_each_entry(tmp_path: Path) -> None:
    bad = doc(
        [person("E1"), person("R1", "rep")],
        [slot("S1", "NOBODY", 1), slot("S2", "R1", 2, start="2027-01-06T09:00:00")],
    )
    result = run("solve", write(tmp_path / "bad.json", bad))
    assert result.returncode == 2
    assert result.stdout == ""
    assert 'slots[0] (id "S1"): unknown host "NOBODY"' in result.stderr
    assert 'slots[1] (id "S2")' in result.stderr
    assert "no UTC offset" in result.stderr


def test_check_refuses_a_malformed_solution(tmp_path: Path) -> None:
    problem = write(tmp_path / "p.json", doc([person("E1")], []))
    solution = write(tmp_path / "s.json", {"status": "GREAT", "assignments": []})
    result = run("check", problem, solution)
    assert result.returncode == 2
    assert 'status "GREAT"' in result.stderr


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    result = run("solve", broken)
    assert result.returncode == 2
    assert "not JSON" in result.stderr
    missing = run("solve", tmp_path / "absent.json")
    assert missing.returncode == 2
    assert "cannot read" in missing.stderr


def test_solve_takes_lean_candidates_on_request(tmp_path: Path) -> None:
    problem = tmp_path / "problem.json"
    generated = run(
        "generate", "--shadowers", 20, "--hosts", 5, "--weeks", 3, "--seed", 2, "-o", problem
    )
    assert generated.returncode == 0, generated.stderr
    solved = run("solve", problem, "--time-limit", 2, "--workers", 1, "--per-shadower", 2)
    assert solved.returncode == 0, solved.stderr
    solution = json.loads(solved.stdout)
    assert solution["stats"]["candidates_complete"] is False
    checked = run("check", problem, write(tmp_path / "solution.json", solution))
    assert checked.returncode == 0, checked.stdout
    refused = run("solve", problem, "--per-shadower", 0)
    assert refused.returncode == 2
    assert "expected auto, all or a positive number" in refused.stderr


def test_generate_knows_the_named_sizes_and_refuses_a_missing_size() -> None:
    result = run("generate", "--weeks", 1)
    assert result.returncode != 0
    assert "--size" in result.stderr
    too_many = run("generate", "--shadowers", 60, "--hosts", 20, "--sites", 30)
    assert too_many.returncode != 0
    assert "sites must be from 1 to 20" in too_many.stderr
    assert "Traceback" not in too_many.stderr
    many = run("generate", "--shadowers", 60, "--hosts", 20, "--weeks", 1, "--sites", 12)
    assert many.returncode == 0, many.stderr
    sites = {p["site"] for p in json.loads(many.stdout)["people"]}
    assert len(sites) == 12


def test_solve_in_parts_gives_a_plan_the_checker_accepts(tmp_path: Path) -> None:
    problem = tmp_path / "problem.json"
    solution = tmp_path / "solution.json"
    run("generate", "--shadowers", 60, "--hosts", 12, "--weeks", 4, "--sites", 4, "-o", problem)
    solved = run("solve", problem, "--partition", "on", "--time-limit", 6, "-o", solution)
    assert solved.returncode == 0, solved.stderr
    assert json.loads(solution.read_text())["stats"]["parts"] == 4
    checked = run("check", problem, solution)
    assert checked.returncode == 0, checked.stdout + checked.stderr
