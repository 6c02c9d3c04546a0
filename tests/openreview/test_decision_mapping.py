"""The pure decision mapping: the default rule, the edition's map over it, and the map's validation."""

import pytest

from sllm.openreview.mapping import default_verdict, mapping_errors, verdict_of


@pytest.mark.parametrize(
    ("decision", "verdict"),
    [
        ("Accept (Oral)", ("accepted", "oral")),
        ("Accept (Spotlight)", ("accepted", "poster")),
        ("Accept (Poster)", ("accepted", "poster")),
        ("Accept", ("accepted", "poster")),
        ("  accept  (ORAL) ", ("accepted", "oral")),
        ("Reject", ("rejected", "")),
        ("Desk Reject", ("desk_rejected", "")),
        ("Withdrawn", ("withdrawn", "")),
        ("Invite to Workshop", None),
        ("", None),
    ],
)
def test_the_default_rule(decision, verdict):
    assert default_verdict(decision) == verdict


def test_the_edition_map_comes_first_and_unknown_decisions_keep_the_venue_status():
    mapping = {"Accept (Spotlight)": {"status": "accepted", "presentation": "oral"}}

    assert [
        verdict_of("Accept (Spotlight)", venue_status="accepted", mapping=mapping),
        verdict_of("Accept (Poster)", venue_status="accepted", mapping=mapping),
        verdict_of("Invite to Workshop", venue_status="accepted", mapping=mapping),
        verdict_of(None, venue_status="submitted", mapping=mapping),
        verdict_of(None, venue_status="accepted", mapping=mapping),
    ] == [
        (("accepted", "oral"), True),
        (("accepted", "poster"), True),
        (("accepted", "poster"), False),
        (("submitted", ""), True),
        (("accepted", "poster"), True),
    ]


def test_a_map_naming_a_presentation_for_a_rejection_drops_it():
    mapping = {"Reject": {"status": "rejected", "presentation": "oral"}}

    assert verdict_of("Reject", venue_status="rejected", mapping=mapping) == (("rejected", ""), True)


def test_map_errors_name_each_bad_entry():
    assert mapping_errors(
        {
            "Accept (Spotlight)": {"status": "accepted", "presentation": ""},
            "Reject": {"status": "rejected", "presentation": "poster"},
            "Maybe": {"status": "perhaps"},
            "": {"status": "accepted", "presentation": "oral"},
            "Accept (Oral)": {"status": "accepted", "presentation": "oral"},
        }
    ) == [
        "Accept (Spotlight): an accepted paper is an oral or a poster.",
        "Reject: only an accepted paper has a presentation.",
        "Maybe: unknown status 'perhaps'.",
        "'': a decision maps to a status and a presentation.",
    ]
