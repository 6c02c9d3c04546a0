"""The pure Schulze tally on hand-made cases whose answers are worked out by hand or published."""

import pytest

from sllm.reviewing.tally import Ballot, Election, TallyInputError, parse_input
from sllm.reviewing.tally.schulze import tally, tally_document


def _ballots(*rows):
    """rows: (voter, ranking, cannot_rank)."""
    return [{"voter": v, "ranking": r, "cannot_rank": c} for v, r, c in rows]


def _election(candidates, ballots, **extra):
    return parse_input({"id": "orals", "candidates": candidates, "ballots": ballots, **extra})[0]


def wikipedia_45_voters() -> dict:
    """The example of the Schulze method's published description: 45 voters, 5 candidates."""
    groups = [
        (5, "ACBED"),
        (5, "ADECB"),
        (8, "BEDAC"),
        (3, "CABED"),
        (7, "CAEBD"),
        (2, "CBADE"),
        (7, "DCEBA"),
        (8, "EBADC"),
    ]
    ballots = []
    for count, order in groups:
        for _ in range(count):
            ballots.append({"voter": f"v{len(ballots) + 1}", "ranking": list(order)})
    return {"id": "wiki", "candidates": list("ABCDE"), "ballots": ballots}


def test_published_45_voter_example_gives_e_a_c_b_d_with_its_pairwise_counts():
    result = tally(parse_input(wikipedia_45_voters())[0], seats=2)

    assert result.ranking == [["E"], ["A"], ["C"], ["B"], ["D"]]
    assert result.winners == ["E", "A"]
    assert result.pairwise == {
        "A": {"B": 20, "C": 26, "D": 30, "E": 22},
        "B": {"A": 25, "C": 16, "D": 33, "E": 18},
        "C": {"A": 19, "B": 29, "D": 17, "E": 24},
        "D": {"A": 15, "B": 12, "C": 28, "E": 14},
        "E": {"A": 23, "B": 27, "C": 21, "D": 31},
    }
    assert (result.tied_at_cut, result.seats_left) == ([], 0)


def test_unranked_visible_papers_tie_below_the_ranked_ones():
    election = _election([1, 2, 3], _ballots(("r1", [2], [])))

    result = tally(election)

    assert result.pairwise == {1: {2: 0, 3: 0}, 2: {1: 1, 3: 1}, 3: {1: 0, 2: 0}}
    assert result.ranking == [[2], [1, 3]]


def test_a_conflicted_paper_takes_no_part_in_that_voters_comparisons():
    # r1 cannot see 3: r1's ballot says nothing about (1, 3) or (2, 3), only about (1, 2).
    election = _election([1, 2, 3], _ballots(("r1", [1, 2], [3]), ("r2", [3, 2, 1], [])))

    result = tally(election)

    assert result.pairwise == {1: {2: 1, 3: 0}, 2: {1: 1, 3: 0}, 3: {1: 1, 2: 1}}
    assert result.ranking == [[3], [1, 2]]


def test_an_empty_ballot_counts_nothing():
    with_empty = _election(["a", "b"], _ballots(("r1", ["a"], []), ("r2", [], [])))
    without = _election(["a", "b"], _ballots(("r1", ["a"], [])))

    assert tally(with_empty).pairwise == tally(without).pairwise == {"a": {"b": 1}, "b": {"a": 0}}


def test_ties_inside_a_ballot_count_for_neither_side():
    election = _election(["a", "b", "c"], _ballots(("r1", [["a", "b"], "c"], [])))

    assert tally(election).pairwise == {"a": {"b": 0, "c": 1}, "b": {"a": 0, "c": 1}, "c": {"a": 0, "b": 0}}


def test_no_ballots_put_every_candidate_in_one_tier_and_the_tie_straddles_the_cut():
    result = tally(_election([5, 6, 7, 8, 9], []), seats=4)

    assert result.ranking == [[5, 6, 7, 8, 9]]
    assert (result.winners, result.tied_at_cut, result.seats_left) == ([], [5, 6, 7, 8, 9], 4)


def test_a_tie_straddling_the_cut_is_reported_not_broken():
    ballots = _ballots(("r1", ["a", ["b", "c"], "d"], []), ("r2", ["a", ["b", "c"], "d"], []))

    result = tally(_election(["a", "b", "c", "d"], ballots), seats=2)

    assert result.ranking == [["a"], ["b", "c"], ["d"]]
    assert (result.winners, result.tied_at_cut, result.seats_left) == (["a"], ["b", "c"], 1)


def test_a_tie_that_fits_within_the_seats_wins_together():
    ballots = _ballots(("r1", ["a", ["b", "c"], "d"], []))

    result = tally(_election(["a", "b", "c", "d"], ballots), seats=3)

    assert (result.winners, result.tied_at_cut) == (["a", "b", "c"], [])


def test_a_condorcet_cycle_is_resolved_by_path_strength_with_margins():
    # a>b by 4 (margin), b>c by 2, c>a by 2: the weakest link c>a is overruled; a wins.
    ballots = (
        [{"voter": f"x{i}", "ranking": ["a", "b", "c"]} for i in range(4)]
        + [{"voter": f"y{i}", "ranking": ["b", "c", "a"]} for i in range(3)]
        + [{"voter": f"z{i}", "ranking": ["c", "a", "b"]} for i in range(3)]
    )

    result = tally(_election(["a", "b", "c"], ballots))

    assert result.pairwise == {"a": {"b": 7, "c": 4}, "b": {"a": 3, "c": 7}, "c": {"a": 6, "b": 3}}
    assert result.ranking == [["a"], ["b"], ["c"]]


def test_the_file_may_name_its_own_seats_and_the_cli_option_overrides_them():
    raw = {"id": "award", "candidates": ["a", "b"], "seats": 1, "ballots": _ballots(("r1", ["a", "b"], []))}

    assert tally_document(raw)[0] == {
        "award": {"ranking": [["a"], ["b"]], "pairwise": {"a": {"b": 1}, "b": {"a": 0}}, "winners": ["a"]}
    }
    assert tally_document(raw, seats=4)[0]["award"]["winners"] == ["a", "b"]


def test_several_elections_in_one_file_are_tallied_separately():
    raw = {
        "elections": [
            {"id": "orals", "candidates": [1, 2], "ballots": _ballots(("r1", [2, 1], []))},
            {"id": "award", "candidates": [1, 3], "ballots": _ballots(("c1", [1], []))},
        ]
    }

    output, warnings = tally_document(raw, seats=1)

    assert output == {
        "orals": {"ranking": [[2], [1]], "pairwise": {1: {2: 0}, 2: {1: 1}}, "winners": [2]},
        "award": {"ranking": [[1], [3]], "pairwise": {1: {3: 1}, 3: {1: 0}}, "winners": [1]},
    }
    assert warnings == []


def test_the_tie_at_the_cut_comes_back_as_a_warning():
    raw = {"id": "orals", "candidates": [1, 2, 3], "ballots": _ballots(("r1", [1], []))}

    assert tally_document(raw, seats=2)[1] == [
        {
            "warning": "tie_at_cut",
            "election": "orals",
            "tied": [2, 3],
            "seats_left": 1,
            "message": "2 candidates tie for the last 1 of 2 seats; the organizers decide.",
        }
    ]


@pytest.mark.parametrize(
    ("ballot", "problem", "candidate", "message"),
    [
        (
            {"voter": "r7", "ranking": [1, 99]},
            "unknown_candidate",
            99,
            "Voter r7 ranks 99, which is not a candidate.",
        ),
        (
            {"voter": "r7", "ranking": [1, [2, 1]]},
            "repeated_candidate",
            1,
            "Voter r7 ranks 1 more than once.",
        ),
        (
            {"voter": "r7", "ranking": [1, 2], "cannot_rank": [2]},
            "conflicted_candidate_ranked",
            2,
            "Voter r7 ranks 2, which they cannot rank (a conflict).",
        ),
        (
            {"voter": "r7", "ranking": [], "cannot_rank": [42]},
            "unknown_candidate",
            42,
            "Voter r7: cannot_rank names 42, which is not a candidate.",
        ),
        (
            {"voter": "r7", "ranking": [], "cannot_rank": [3, 3]},
            "repeated_candidate",
            3,
            "Voter r7: cannot_rank names 3 twice.",
        ),
    ],
)
def test_bad_ballots_name_the_voter_and_the_problem(ballot, problem, candidate, message):
    raw = {"id": "orals", "candidates": [1, 2, 3], "ballots": [{"voter": "r1", "ranking": [1]}, ballot]}

    with pytest.raises(TallyInputError) as caught:
        parse_input(raw)

    assert caught.value.as_dict() == {
        "error": "invalid_ballot",
        "problem": problem,
        "message": message,
        "election": "orals",
        "voter": "r7",
        "candidate": candidate,
    }


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            {
                "id": "e",
                "candidates": [1],
                "ballots": [{"voter": "r1", "ranking": [1]}, {"voter": "r1", "ranking": []}],
            },
            {
                "error": "invalid_ballot",
                "problem": "repeated_voter",
                "message": "Voter r1 has more than one ballot.",
                "election": "e",
                "voter": "r1",
            },
        ),
        (
            {"id": "e", "candidates": [1], "ballots": [{"voter": "r1", "ranking": [[]]}]},
            {
                "error": "invalid_ballot",
                "problem": "malformed",
                "message": "Voter r1: the ranking holds an empty tie group.",
                "election": "e",
                "voter": "r1",
            },
        ),
        (
            {"id": "e", "candidates": [1], "ballots": [{"ranking": [1]}]},
            {
                "error": "invalid_input",
                "problem": "malformed",
                "election": "e",
                "message": "Every ballot needs a voter (a string or an integer).",
            },
        ),
        (
            {"id": "e", "candidates": [1, "1"], "ballots": []},
            {
                "error": "invalid_input",
                "problem": "repeated_candidate",
                "election": "e",
                "candidate": "1",
                "message": "Election e lists the candidate '1' more than once.",
            },
        ),
        (
            {"candidates": [1], "ballots": []},
            {
                "error": "invalid_input",
                "problem": "malformed",
                "message": "Every election needs an id (a string or an integer).",
            },
        ),
        (
            {
                "elections": [
                    {"id": "e", "candidates": [], "ballots": []},
                    {"id": "e", "candidates": [], "ballots": []},
                ]
            },
            {
                "error": "invalid_input",
                "problem": "repeated_election",
                "election": "e",
                "message": "The election id e appears more than once.",
            },
        ),
        (
            {"id": "e", "candidates": [True], "ballots": []},
            {
                "error": "invalid_input",
                "problem": "malformed",
                "election": "e",
                "message": "Election e, candidates: true is not a candidate id (a string or an integer).",
            },
        ),
    ],
)
def test_malformed_input_is_refused_with_a_clear_message(raw, expected):
    with pytest.raises(TallyInputError) as caught:
        parse_input(raw)

    assert caught.value.as_dict() == expected


def test_the_result_does_not_depend_on_the_order_of_the_ballots():
    raw = wikipedia_45_voters()
    shuffled = {**raw, "ballots": list(reversed(raw["ballots"]))}

    assert tally_document(raw) == tally_document(shuffled)


def test_the_dataclasses_can_be_built_directly_without_parsing():
    election = Election(id="e", candidates=("a", "b"), ballots=(Ballot(voter="v", ranking=(("b",),)),))

    assert tally(election, seats=1).winners == ["b"]
