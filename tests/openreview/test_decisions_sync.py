"""OpenReview decisions into status and presentation: the default rule, the edition's map, and a re-sync
that keeps an organizer's later choice unless OpenReview's decision changed."""

import pytest

from sllm.core.errors import ApplicationError
from sllm.openreview.models import SubmissionRecord, VenueLink
from sllm.openreview.services import decision_map_save
from sllm.reviewing.decisions.services import paper_decide
from sllm.reviewing.models import DecisionEvent
from sllm.submissions.models import Paper
from sllm.workshops.models import Edition
from tests import factories

from .conftest import VENUE_ID, control, small_venue, sync

pytestmark = pytest.mark.django_db


@pytest.fixture
def venue():
    venue = small_venue()
    for number, title, decision in (
        (4, "Spotlit sparsity", "Accept (Spotlight)"),
        (5, "A poster on pruning", "Accept (Poster)"),
        (6, "Invited to the workshop", "Invite to Workshop"),
    ):
        venue.add_submission(
            number=number,
            title=title,
            abstract="Sparse.",
            authors=[("Ada Lovelace", "~Ada_Lovelace1")],
            status="accepted",
            student="No",
        )
        venue.add_decision(number, decision)
    return venue


def verdicts() -> list[tuple]:
    return list(Paper.objects.order_by("number").values_list("number", "status", "presentation"))


@pytest.fixture
def organizer_of_synced(standin):
    run = sync()
    user = factories.UserFactory(email="chair@example.org")
    factories.grant(user, Edition.objects.get(slug="sllm-2025"), "organizer")
    return run, user


def test_first_sync_maps_decisions_by_the_default_rule(standin):
    run = sync()

    assert verdicts() == [
        (1, "accepted", "oral"),
        (2, "submitted", ""),
        (3, "withdrawn", ""),
        (4, "accepted", "poster"),
        (5, "accepted", "poster"),
        (6, "accepted", "poster"),
    ]
    assert run.warnings[1:] == [
        "Paper 6: the decision 'Invite to Workshop' is not in the edition's decision map; "
        "status accepted from OpenReview, a poster for now."
    ]
    assert sorted(SubmissionRecord.objects.values_list("paper__number", "applied_verdict")) == [
        (1, "accepted:oral"),
        (2, "submitted:"),
        (3, "withdrawn:"),
        (4, "accepted:poster"),
        (5, "accepted:poster"),
        (6, "accepted:poster"),
    ]


def test_a_resync_keeps_the_organizers_later_choice(organizer_of_synced, standin):
    _, chair = organizer_of_synced
    paper = Paper.objects.get(number=4)
    paper_decide(paper=paper, outcome="accept_oral", reason="The committee wants it on stage.", actor=chair)

    run = sync()

    assert (run.rows_written, verdicts()[3]) == (0, (4, "accepted", "oral"))


def test_a_changed_decision_on_openreview_wins_and_is_logged(organizer_of_synced, standin, venue):
    _, chair = organizer_of_synced
    paper_decide(paper=Paper.objects.get(number=4), outcome="accept_oral", reason="On stage.", actor=chair)
    decision = next(
        n
        for n in venue.notes.values()
        if n.get("forum") == venue.submissions[4] and n["invitations"][0].endswith("Decision")
    )
    submission = venue.notes[venue.submissions[4]]
    control(
        standin,
        "seed",
        {
            "notes": [
                {**decision, "content": {**decision["content"], "decision": {"value": "Reject"}}},
                {
                    **submission,
                    "content": {**submission["content"], "venueid": {"value": f"{VENUE_ID}/Rejected_Submission"}},
                },
            ]
        },
    )

    run = sync()

    assert verdicts()[3] == (4, "rejected", "")
    assert run.counts["decision_events"] == {"created": 1, "updated": 0, "deleted": 0}
    assert list(DecisionEvent.objects.order_by("pk").values_list("source", "status", "presentation", "reason")) == [
        ("organizer", "accepted", "oral", "On stage."),
        ("openreview", "rejected", "", "OpenReview decision “Reject”"),
    ]


def test_saving_the_map_applies_it_at_once_and_a_later_sync_writes_nothing(organizer_of_synced, client_for):
    _, chair = organizer_of_synced
    page = client_for(chair).get("/organize/sllm-2025/decisions/map/")
    options = page.context["form"].options
    data = {}
    for index, option in enumerate(options):
        data[f"decision_{index}"] = option["decision"]
        data[f"verdict_{index}"] = option["verdict"] or "submitted:"
    spotlight = next(i for i, o in enumerate(options) if o["decision"] == "Accept (Spotlight)")
    invited = next(i for i, o in enumerate(options) if o["decision"] == "Invite to Workshop")
    data[f"verdict_{spotlight}"] = "accepted:oral"
    data[f"verdict_{invited}"] = "accepted:poster"

    response = client_for(chair).post("/organize/sllm-2025/decisions/map/", data)

    assert response.status_code == 302
    assert [o["decision"] for o in options] == [
        "Accept (Oral)",
        "Accept (Spotlight)",
        "Accept (Poster)",
        "Reject",
        "Invite to Workshop",
    ]
    assert VenueLink.objects.get().decision_map["Accept (Spotlight)"] == {"status": "accepted", "presentation": "oral"}
    assert verdicts()[3:] == [(4, "accepted", "oral"), (5, "accepted", "poster"), (6, "accepted", "poster")]
    run = sync()
    assert (run.rows_written, run.warnings[1:]) == (0, [])


def test_a_map_that_leaves_an_accepted_paper_without_a_presentation_is_refused(organizer_of_synced):
    before = verdicts()

    with pytest.raises(ApplicationError) as caught:
        decision_map_save(
            edition=Edition.objects.get(), mapping={"Accept (Spotlight)": {"status": "accepted", "presentation": ""}}
        )

    assert (caught.value.code, caught.value.message) == (
        "invalid_decision_map",
        "Accept (Spotlight): an accepted paper is an oral or a poster.",
    )
    assert (verdicts(), VenueLink.objects.get().decision_map) == (before, {})


def test_a_bad_choice_on_the_map_page_is_a_form_error(organizer_of_synced, client_for):
    _, chair = organizer_of_synced

    response = client_for(chair).post(
        "/organize/sllm-2025/decisions/map/", {"decision_0": "Accept (Oral)", "verdict_0": "accepted:"}
    )

    assert response.status_code == 400
    assert VenueLink.objects.get().decision_map == {}


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("reviewer", 403), ("organizer", 200)])
def test_only_organizers_see_the_map(organizer_of_synced, client_for, who, status):
    _, chair = organizer_of_synced
    user = {"organizer": chair, "reviewer": factories.UserFactory(email="r@example.org"), None: None}[who]

    assert client_for(user).get("/organize/sllm-2025/decisions/map/").status_code == status
    assert client_for(user).post("/organize/sllm-2025/decisions/map/", {}).status_code == (
        400 if who == "organizer" else status
    )
    assert VenueLink.objects.get().decision_map == {}


def test_a_paper_gone_from_openreview_is_withdrawn_and_loses_its_presentation(standin, venue):
    sync()
    control(standin, "seed", {"delete": {"notes": [venue.submissions[1]]}})

    run = sync()

    assert verdicts()[0] == (1, "withdrawn", "")
    assert run.warnings[-1] == (
        f"Paper 1 ({venue.submissions[1]}) is no longer on OpenReview (deleted or hidden); marked withdrawn."
    )
