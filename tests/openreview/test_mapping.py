"""The pure mapping from OpenReview entities to the platform's terms."""

from hypothesis import given
from hypothesis import strategies as st

from sllm.openreview.mapping import (
    SyncOptions,
    anonymous_members,
    is_yes,
    parse_score,
    status_of,
    student_flag,
    venue_keys,
    was_edited,
)

V = "ICLR.cc/2025/Workshop/SLLM"


def test_scores_from_integers_and_strings():
    assert [
        parse_score(v)
        for v in (
            8,
            8.0,
            "8",
            "8: Top 50% of accepted papers",
            " 3 - weak",
            "-1",
            "strong",
            None,
            True,
            7.5,
            [],
        )
    ] == [8, 8, 8, 8, 3, -1, None, None, None, None, None]


@given(st.integers(-100, 100), st.text(max_size=30).filter(lambda t: not t[:1].isdigit()))
def test_a_leading_integer_is_read_whatever_follows(number, rest):
    assert parse_score(f"{number}{rest}") == number


def test_yes_values():
    assert [
        is_yes(v)
        for v in (
            "Yes",
            "yes",
            " YES ",
            "Yes: strong",
            "Yesterday",
            "No",
            None,
            True,
            False,
            ["No", "Yes"],
            1,
        )
    ] == [True, True, True, True, False, False, False, True, False, True, False]
    assert (is_yes("Oral", ("Oral", "Spotlight")), is_yes("Spotlight", ("Oral", "Spotlight"))) == (True, True)


def test_student_flags():
    assert [student_flag(v) for v in ("Yes", "yes, all authors", "No", "True", True, None, "Y")] == [
        True,
        True,
        False,
        True,
        True,
        False,
        True,
    ]


def test_status_from_venueid():
    keys = venue_keys(V, {})
    assert [
        status_of(f"{V}{s}", keys)
        for s in (
            "",
            "/Submission",
            "/Rejected_Submission",
            "/Withdrawn_Submission",
            "/Desk_Rejected_Submission",
            "/Unknown",
        )
    ] == ["accepted", "submitted", "rejected", "withdrawn", "desk_rejected", None]


def test_edited_by_true_or_set_dates():
    assert [
        was_edited(n)
        for n in (
            {"tcdate": 1, "tmdate": 1, "cdate": 1, "mdate": 1},
            {"tcdate": 1, "tmdate": 2},
            {"cdate": 1, "mdate": 5, "tcdate": 1, "tmdate": 1},
            {},
        )
    ] == [False, True, True, False]


def test_anonymous_groups_map_to_their_single_member():
    groups = [
        {"id": f"{V}/Submission1/Reviewer_AbCd", "members": ["~A1"]},
        {"id": f"{V}/Submission1/Area_Chair_XyZ1", "members": ["~B1"]},
        {"id": f"{V}/Submission1/Reviewers", "members": [f"{V}/Submission1/Reviewer_AbCd"]},
        {"id": f"{V}/Submission2/Reviewer_Empt", "members": []},
    ]
    assert anonymous_members(groups) == {
        f"{V}/Submission1/Reviewer_AbCd": "~A1",
        f"{V}/Submission1/Area_Chair_XyZ1": "~B1",
    }


def test_venue_keys_read_names_from_the_group_with_defaults():
    keys = venue_keys(V, {"review_name": "Review", "review_rating": "score", "submission_id": 5})
    assert (keys.review_name, keys.review_rating, keys.submission_id, keys.reviewers_conflict_id) == (
        "Review",
        "score",
        f"{V}/-/Submission",
        f"{V}/Reviewers/-/Conflict",
    )
    assert SyncOptions() == SyncOptions("track", "student_paper", "nominate_for_oral", ("Yes",))
