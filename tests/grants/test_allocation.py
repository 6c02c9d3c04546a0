import itertools
import json
import math

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from sllm.grants.allocation import AllocationInputError, allocate


def _people(*rows):
    return [dict(zip(("id", "request", "student", "priority", "score"), row, strict=True)) for row in rows]


def test_one_large_first_tier_request_does_not_crowd_out_two_smaller_ones():
    # Greedy by rank would fund "a" (student, best score) and then nobody else of the first tier.
    result = allocate(
        {
            "budget": 3000,
            "allow_partial": False,
            "applicants": _people(
                ("a", 2000, True, False, 5.0),
                ("b", 1500, False, True, 3.0),
                ("c", 1400, True, False, 2.0),
                ("d", 500, False, False, 4.0),
            ),
        }
    )
    assert result == {
        "awards": {"b": 1500, "c": 1400},
        "funded": 2,
        "first_tier_funded": 2,
        "partial": 0,
        "total_awarded": 2900,
        "budget": 3000,
        "requested": 5400,
        "score_total": 5.0,
        "fits": False,
        "unfunded": [
            {
                "id": "a",
                "reason": "Needs 2000; the budget of 3000 serves more people without this request "
                "(priority groups and students first, then the number funded, then score) "
                "and 100 is left unassigned.",
            },
            {
                "id": "d",
                "reason": "Needs 500; the budget of 3000 serves more people without this request "
                "(priority groups and students first, then the number funded, then score) "
                "and 100 is left unassigned.",
            },
        ],
        "message": "The requests total 5400 but the budget is 3000 (2400 short; partial awards not allowed): "
        "2 of 4 funded, 0 of them partially; the 2 unfunded say why.",
    }


def test_partial_awards_fund_everyone_at_their_minimum_and_top_up_the_first_tier():
    result = allocate(
        {
            "budget": 3000,
            "allow_partial": True,
            "min_partial_percent": 50,
            "applicants": _people(
                ("a", 2000, True, False, 5.0),
                ("b", 1500, False, True, 3.0),
                ("c", 1400, True, False, 2.0),
                ("d", 500, False, False, 4.0),
            ),
        }
    )
    assert result["funded"] == 4
    assert result["total_awarded"] == 3000
    # d (not first tier) gets its minimum; the top-up goes to the first tier, best score first.
    assert result["awards"] == {"a": 1300, "b": 750, "c": 700, "d": 250}


def test_everything_fits():
    result = allocate({"budget": 5000, "applicants": _people(("a", 1000, False, False, 1.0))})
    assert (result["awards"], result["fits"], result["message"]) == (
        {"a": 1000},
        True,
        "All 1 requests fit the budget: 1000 of 5000 awarded.",
    )


def test_zero_budget_says_why():
    result = allocate({"budget": 0, "applicants": _people(("a", 1000, True, False, 1.0))})
    assert result["message"] == "The budget is 0: add sponsors before allocating."
    assert result["unfunded"] == [{"id": "a", "reason": "The budget is 0: no sponsor has pledged funds yet."}]


def test_a_request_above_the_whole_budget_says_so():
    result = allocate({"budget": 900, "applicants": _people(("a", 1000, True, False, 1.0))})
    assert result["unfunded"] == [{"id": "a", "reason": "Needs 1000, more than the whole budget of 900."}]


@pytest.mark.parametrize(
    "instance,message",
    [
        ({"budget": -1, "applicants": []}, "budget must not be negative, got -1."),
        ({"budget": 1.5, "applicants": []}, "budget must be a whole number, got 1.5."),
        (
            {"budget": 10, "applicants": [{"id": 1, "request": 5}, {"id": 1, "request": 5}]},
            "applicant id 1 appears twice.",
        ),
        (
            {"budget": 10, "applicants": [{"id": 1, "request": 0}]},
            "request of applicant 1 must be positive, got 0.",
        ),
        (
            {"budget": 10, "applicants": [{"id": 1, "request": 5, "score": -2}]},
            "score of applicant 1 must be a number >= 0, got -2.",
        ),
        ({"budget": 10, "applicants": [{"request": 5}]}, "applicant 0 needs an id."),
        (
            {"budget": 10, "min_partial_percent": 0, "applicants": []},
            "min_partial_percent must lie in 1..100, got 0.",
        ),
        ({"budget": 10, "applicants": "x"}, "applicants must be a list."),
    ],
)
def test_bad_instances_are_refused_clearly(instance, message):
    with pytest.raises(AllocationInputError) as error:
        allocate(instance)
    assert str(error.value) == message


def _brute_force(instance):
    """The best (first tier, funded, score, awarded) over every subset of applicants."""
    budget, people = instance["budget"], instance["applicants"]
    percent = instance["min_partial_percent"] if instance["allow_partial"] else 100
    best = None
    for size in range(len(people) + 1):
        for subset in itertools.combinations(people, size):
            minimum = sum(math.ceil(p["request"] * percent / 100) for p in subset)
            if minimum > budget:
                continue
            value = (
                sum(p["student"] or p["priority"] for p in subset),
                len(subset),
                round(sum(p["score"] for p in subset), 6),
                min(budget, sum(p["request"] for p in subset)),
            )
            best = value if best is None or value > best else best
    return best


instances = st.builds(
    lambda budget, partial, percent, rows: {
        "budget": budget,
        "allow_partial": partial,
        "min_partial_percent": percent,
        "applicants": [
            {"id": str(i), "request": r, "student": s, "priority": p, "score": sc}
            for i, (r, s, p, sc) in enumerate(rows)
        ],
    },
    st.integers(0, 4000),
    st.booleans(),
    st.integers(1, 100),
    st.lists(
        st.tuples(st.integers(1, 2000), st.booleans(), st.booleans(), st.sampled_from([0, 1, 2.5, 3, 4.5, 5])),
        max_size=7,
    ),
)


@settings(max_examples=150, deadline=None)
@given(instances)
def test_the_optimizer_matches_brute_force(instance):
    result = allocate(instance)
    assert (
        result["first_tier_funded"],
        result["funded"],
        result["score_total"],
        result["total_awarded"],
    ) == (_brute_force(instance) if instance["budget"] else (0, 0, 0, 0))
    people = {p["id"]: p for p in instance["applicants"]}
    assert sum(result["awards"].values()) <= instance["budget"]
    for ident, award in result["awards"].items():
        request = people[ident]["request"]
        floor = math.ceil(request * instance["min_partial_percent"] / 100) if instance["allow_partial"] else request
        assert floor <= award <= request
    assert sorted([*result["awards"], *(u["id"] for u in result["unfunded"])]) == sorted(people)


def test_command_prints_the_allocation(tmp_path, capsys):
    path = tmp_path / "instance.json"
    path.write_text(
        json.dumps({"budget": 1000, "applicants": _people(("a", 600, True, False, 4), ("b", 600, False, False, 5))})
    )
    call_command("allocate_grants", str(path))
    assert json.loads(capsys.readouterr().out)["awards"] == {"a": 600}


def test_command_reports_bad_instances_as_json_on_stderr(tmp_path, capsys):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps({"budget": -5, "applicants": []}))
    with pytest.raises(SystemExit) as exit_:
        call_command("allocate_grants", str(path))
    assert exit_.value.code == 1
    assert json.loads(capsys.readouterr().err) == {
        "error": "bad_instance",
        "message": "budget must not be negative, got -5.",
    }
