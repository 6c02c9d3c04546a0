import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

INSTANCE = {
    "mentors": [
        {
            "id": "r1",
            "capacity": 1,
            "topics": ["Sparsity in Attention"],
            "institution": "MIT",
            "tz_offset": -8,
            "interests": "sparse attention kernels",
        },
        {
            "id": "r2",
            "capacity": 2,
            "topics": ["Parameter Sparsity/Pruning"],
            "institution": "ETH Zurich",
            "tz_offset": 1,
            "interests": "pruning large language models",
        },
    ],
    "mentees": [
        {
            "id": "e1",
            "stage": "phd",
            "priority": True,
            "topics": ["Sparsity in Attention"],
            "institution": "m i t",
            "tz_offset": 9,
            "interests": "attention sparsity",
        },
        {
            "id": "e2",
            "stage": "msc",
            "priority": False,
            "topics": ["Parameter Sparsity/Pruning"],
            "institution": "Oxford",
            "tz_offset": 0,
            "interests": "pruning",
        },
        {
            "id": "e3",
            "stage": "undergraduate",
            "priority": False,
            "topics": ["Sparsity in Attention"],
            "institution": "UCL",
            "tz_offset": -7,
            "interests": "kernels for attention",
        },
        {
            "id": "e4",
            "stage": "postdoc",
            "priority": True,
            "topics": ["Sparsity in Attention"],
            "institution": "KAIST",
            "tz_offset": 5,
            "interests": "moe",
        },
    ],
    "conflicts": [["e2", "r2"]],
    "constraints": {"max_tz_diff_hours": 8, "forbid_same_institution": True},
}


def run(data, tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("match_mentors", str(path), stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return code, out.getvalue(), err.getvalue()


def test_the_command_prints_the_optimal_matching_as_exact_json(tmp_path):
    # Priority first: e1 may not have r1 (same institution) and e4 (UTC+5) is 13 h from r1, so both
    # take r2's seats. e2 conflicts with r2; of e2 and e3 only one gets r1, and e3 shares r1's topic and
    # interests: 0.4 * 1 + 0.6 * cos("kernels for attention", "sparse attention kernels") = 0.721153.
    code, out, err = run(INSTANCE, tmp_path)
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "assignment": {"e1": "r2", "e3": "r1", "e4": "r2"},
        "priority_matched": 2,
        "matched": 3,
        "total_affinity": 0.721153,
        "unmatched": [{"mentee": "e2", "reason": "seats taken"}],
    }


def test_a_given_affinity_matrix_is_used_and_integer_ids_come_back(tmp_path):
    data = {
        "mentors": [
            {"id": 10, "capacity": 1, "topics": [], "institution": "A", "tz_offset": 0, "interests": ""},
            {"id": 11, "capacity": 1, "topics": [], "institution": "B", "tz_offset": 0, "interests": ""},
        ],
        "mentees": [
            {
                "id": 1,
                "stage": "phd",
                "priority": False,
                "topics": ["x"],
                "institution": "C",
                "tz_offset": 0,
                "interests": "a",
            },
            {
                "id": 2,
                "stage": "phd",
                "priority": False,
                "topics": ["x"],
                "institution": "D",
                "tz_offset": 12,
                "interests": "b",
            },
        ],
        "conflicts": [],
        "constraints": {"max_tz_diff_hours": 8, "forbid_same_institution": True},
        "affinity": {"matrix": [[0.2, 0.7], [0.9, 0.1]]},
    }
    code, out, err = run(data, tmp_path)
    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "assignment": {"1": 11},
        "priority_matched": 0,
        "matched": 1,
        "total_affinity": 0.7,
        "unmatched": [{"mentee": 2, "reason": "no allowed mentor"}],
    }


def test_defaults_apply_when_constraints_are_left_out(tmp_path):
    data = {
        "mentors": [{"id": "r", "capacity": 3, "institution": "Same", "tz_offset": -8}],
        "mentees": [
            {"id": "near", "topics": ["t"], "interests": "x", "institution": "Other", "tz_offset": 0},
            {"id": "far", "topics": ["t"], "interests": "x", "institution": "Other", "tz_offset": 1},
            {"id": "colleague", "topics": ["t"], "interests": "x", "institution": " same ", "tz_offset": -8},
        ],
    }
    code, out, _ = run(data, tmp_path)
    assert (code, json.loads(out)) == (
        0,
        {
            "assignment": {"near": "r"},
            "priority_matched": 0,
            "matched": 1,
            "total_affinity": 0.0,
            "unmatched": [
                {"mentee": "far", "reason": "no allowed mentor"},
                {"mentee": "colleague", "reason": "no allowed mentor"},
            ],
        },
    )


def _with(**changes):
    data = json.loads(json.dumps(INSTANCE))
    for key, value in changes.items():
        data[key] = value
    return data


def _mentee(index, **changes):
    data = json.loads(json.dumps(INSTANCE))
    data["mentees"][index].update(changes)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (_with(conflicts=[["e9", "r1"]]), "Unknown mentee id 'e9' in conflicts."),
        (_with(conflicts=[["e1", "r9"]]), "Unknown mentor id 'r9' in conflicts."),
        (
            _with(mentors=[{**INSTANCE["mentors"][0], "capacity": -1}]),
            "Mentor 'r1' has a negative capacity (-1).",
        ),
        (_mentee(2, topics=[]), "Mentee 'e3' has no topics."),
        (_mentee(2, interests=""), "Mentee 'e3' has no interests."),
        (_mentee(1, id="e1"), "Duplicate mentee id 'e1'."),
        (_with(mentors=[INSTANCE["mentors"][0], INSTANCE["mentors"][0]]), "Duplicate mentor id 'r1'."),
        (_with(mentors=[{"id": "r1", "topics": []}]), "mentors[0]: 'capacity' is required."),
        (_mentee(0, priority="yes"), "mentees[0]: 'priority' must be true or false, got 'yes'."),
        (
            _with(affinity={"matrix": [[0.1, 0.2]]}),
            "affinity.matrix must have one row per mentee (4) and one column per mentor (2), in input order.",
        ),
        (
            _with(constraints={"max_tz_diff_hours": -1}),
            "constraints.max_tz_diff_hours must be a non-negative number of hours.",
        ),
        ([1, 2], "The instance must be a JSON object with 'mentors' and 'mentees'."),
    ],
)
def test_bad_instances_print_a_json_error_on_stderr_and_exit_1(tmp_path, data, message):
    code, out, err = run(data, tmp_path)
    assert (code, out, json.loads(err)) == (1, "", {"error": "invalid_instance", "message": message})


def test_a_file_that_is_not_json_is_a_clear_error(tmp_path):
    code, out, err = run("{not json", tmp_path)
    assert (code, out, json.loads(err)["error"]) == (1, "", "invalid_json")
    assert json.loads(err)["message"].startswith(f"{tmp_path / 'instance.json'} is not valid JSON: ")


def test_the_real_command_line_runs_without_a_database(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(INSTANCE))
    env = {"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "manage.py", "match_mentors", str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr, json.loads(done.stdout)["matched"]) == (0, "", 3)
    missing = subprocess.run(
        [sys.executable, "manage.py", "match_mentors", str(tmp_path / "nope.json")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (missing.returncode, missing.stdout, json.loads(missing.stderr)) == (
        1,
        "",
        {
            "error": "unreadable_file",
            "message": f"Cannot read {tmp_path / 'nope.json'}: No such file or directory.",
        },
    )
