"""`manage.py tally BALLOTS.json [--seats K]`: the exact I/O of the issue, errors as JSON with exit 1."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.reviewing.test_tally import wikipedia_45_voters

ROOT = Path(__file__).resolve().parents[2]


def _call(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("tally", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exc:
        status = exc.code
    return status, out.getvalue(), err.getvalue()


def test_tally_prints_ranking_pairwise_and_winners_per_election(tmp_path):
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps({"elections": [wikipedia_45_voters()]}))

    status, out, err = _call(str(path), "--seats", "1")

    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "wiki": {
            "ranking": [["E"], ["A"], ["C"], ["B"], ["D"]],
            "pairwise": {
                "A": {"B": 20, "C": 26, "D": 30, "E": 22},
                "B": {"A": 25, "C": 16, "D": 33, "E": 18},
                "C": {"A": 19, "B": 29, "D": 17, "E": 24},
                "D": {"A": 15, "B": 12, "C": 28, "E": 14},
                "E": {"A": 23, "B": 27, "C": 21, "D": 31},
            },
            "winners": ["E"],
        }
    }


def test_seats_default_to_four(tmp_path):
    path = tmp_path / "ballots.json"
    path.write_text(json.dumps(wikipedia_45_voters()))

    status, out, _ = _call(str(path))

    assert (status, json.loads(out)["wiki"]["winners"]) == (0, ["E", "A", "C", "B"])


def test_a_tie_across_the_cut_prints_the_result_and_a_json_warning(tmp_path):
    path = tmp_path / "ballots.json"
    path.write_text(
        json.dumps(
            {
                "id": 9,
                "candidates": [1, 2, 3],
                "ballots": [{"voter": "r1", "ranking": [1], "cannot_rank": []}],
            }
        )
    )

    status, out, err = _call(str(path), "--seats", "2")

    assert status == 0
    assert json.loads(out) == {
        "9": {
            "ranking": [[1], [2, 3]],
            "pairwise": {"1": {"2": 1, "3": 1}, "2": {"1": 0, "3": 0}, "3": {"1": 0, "2": 0}},
            "winners": [1],
        }
    }
    assert [json.loads(line) for line in err.splitlines()] == [
        {
            "warning": "tie_at_cut",
            "election": 9,
            "tied": [2, 3],
            "seats_left": 1,
            "message": "2 candidates tie for the last 1 of 2 seats; the organizers decide.",
        }
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '{"id": "o", "candidates": [1, 2], "ballots": [{"voter": "rev-3", "ranking": [1, 2], "cannot_rank": [2]}]}',
            {
                "error": "invalid_ballot",
                "problem": "conflicted_candidate_ranked",
                "election": "o",
                "voter": "rev-3",
                "candidate": 2,
                "message": "Voter rev-3 ranks 2, which they cannot rank (a conflict).",
            },
        ),
        (
            '{"id": "o", "candidates": [1, 2], "ballots": [{"voter": "rev-3", "ranking": [7]}]}',
            {
                "error": "invalid_ballot",
                "problem": "unknown_candidate",
                "election": "o",
                "voter": "rev-3",
                "candidate": 7,
                "message": "Voter rev-3 ranks 7, which is not a candidate.",
            },
        ),
        (
            '{"id": "o", "candidates": [1, 2], "ballots": [{"voter": "rev-3", "ranking": [2, 2]}]}',
            {
                "error": "invalid_ballot",
                "problem": "repeated_candidate",
                "election": "o",
                "voter": "rev-3",
                "candidate": 2,
                "message": "Voter rev-3 ranks 2 more than once.",
            },
        ),
        (
            "{not json",
            {
                "error": "invalid_input",
                "problem": "not_json",
                "message": "BALLOTS is not valid JSON: Expecting property name enclosed in double quotes: "
                "line 1 column 2 (char 1).",
            },
        ),
    ],
)
def test_bad_input_exits_non_zero_with_a_json_error_and_prints_nothing(tmp_path, content, expected):
    path = tmp_path / "ballots.json"
    path.write_text(content)

    status, out, err = _call(str(path))

    assert (status, out) == (1, "")
    assert json.loads(err) == {**expected, "message": expected["message"].replace("BALLOTS", str(path))}


def test_a_missing_file_is_a_json_error(tmp_path):
    status, out, err = _call(str(tmp_path / "nope.json"))

    assert (status, out, json.loads(err)) == (
        1,
        "",
        {
            "error": "invalid_input",
            "problem": "unreadable",
            "message": f"Cannot read {tmp_path / 'nope.json'}: No such file or directory.",
        },
    )


def test_the_real_command_line_reads_stdin_and_exits_1_with_only_json_on_stderr():
    bad = '{"id": "o", "candidates": ["p1"], "ballots": [{"voter": "r", "ranking": ["p1", "p1"]}]}'
    good = '{"id": "o", "candidates": ["p1", "p2"], "ballots": [{"voter": "r", "ranking": ["p2"]}]}'
    run = [sys.executable, "manage.py", "tally", "-", "--seats", "1"]

    failed = subprocess.run(run, input=bad, capture_output=True, text=True, cwd=ROOT, timeout=60)
    passed = subprocess.run(run, input=good, capture_output=True, text=True, cwd=ROOT, timeout=60)

    assert (failed.returncode, failed.stdout, json.loads(failed.stderr)) == (
        1,
        "",
        {
            "error": "invalid_ballot",
            "problem": "repeated_candidate",
            "election": "o",
            "voter": "r",
            "candidate": "p1",
            "message": "Voter r ranks 'p1' more than once.",
        },
    )
    assert (passed.returncode, passed.stderr, json.loads(passed.stdout)) == (
        0,
        "",
        {
            "o": {
                "ranking": [["p2"], ["p1"]],
                "pairwise": {"p1": {"p2": 0}, "p2": {"p1": 1}},
                "winners": ["p2"],
            }
        },
    )
