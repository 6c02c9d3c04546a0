"""The organizers' invitations page: preview and count first, then the run, and the after-sync switch."""

import pytest
from django.contrib.auth.hashers import make_password

from sllm.accounts.models import User
from sllm.openreview.models import Invitation, VenueLink
from tests import factories

from .conftest import VENUE_ID, control

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(edition):
    people = []
    for name in ("Grace_Hopper1", "Alan_Turing1"):
        user = User.objects.create(
            email=f"{name.lower()}@openreview.invalid",
            openreview_id=f"~{name}",
            full_name=name[:-1].replace("_", " "),
            password=make_password(None),
        )
        factories.grant(user, edition, "reviewer")
        people.append(user)
    VenueLink.objects.create(edition=edition, venue_id=VENUE_ID, nomination_yes=["Yes"])
    return people


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("organizer", 200)])
def test_invitations_page_permissions_and_preview(request, client_for, organizer, imported, who, status):
    page = client_for(request.getfixturevalue(who) if who else None).get("/organize/sllm-2025/openreview/invitations/")

    assert page.status_code == status
    if status == 200:
        assert page.context["preview"] == {
            "to_invite": 2,
            "already_invited": 0,
            "has_login": 0,
            "by_role": {"reviewers": 2, "area_chairs": 0, "authors": 0},
            "sample": ["~Alan_Turing1", "~Grace_Hopper1"],
        }
        assert "Invite 2 people" in page.content.decode()


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403)])
def test_only_organizers_can_run_or_switch(
    request, client_for, organizer, imported, who, status, django_capture_on_commit_callbacks
):
    client = client_for(request.getfixturevalue(who) if who else None)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = client.post("/organize/sllm-2025/openreview/invitations/run/", {"roles": ["reviewers"]})
        switch = client.post("/organize/sllm-2025/openreview/invitations/settings/", {"invite_after_sync": "on"})

    assert (run.status_code, switch.status_code, callbacks) == (status, status, [])
    assert Invitation.objects.count() == 0
    assert VenueLink.objects.get().invite_after_sync is False


def test_organizer_runs_the_invitations_from_the_page(
    client_for, organizer, imported, standin, django_capture_on_commit_callbacks
):
    client = client_for(organizer)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/organize/sllm-2025/openreview/invitations/run/", {"roles": ["reviewers"]})

    assert (response.status_code, response["Location"]) == (302, "/organize/sllm-2025/openreview/invitations/")
    assert sorted(Invitation.objects.values_list("profile_id", "status")) == [
        ("~Alan_Turing1", "sent"),
        ("~Grace_Hopper1", "sent"),
    ]
    assert [m["groups"] for m in control(standin, "messages")["messages"]] == [["~Alan_Turing1"], ["~Grace_Hopper1"]]
    page = client.get("/organize/sllm-2025/openreview/invitations/")
    assert page.context["counts"] == {"pending": 0, "sent": 2, "failed": 0, "claimed": 0}
    assert page.context["preview"]["already_invited"] == 2


def test_a_bad_role_is_refused_and_nothing_is_queued(
    client_for, organizer, imported, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client_for(organizer).post("/organize/sllm-2025/openreview/invitations/run/", {"roles": ["chairs"]})

    assert (response.status_code, callbacks, Invitation.objects.count()) == (302, [], 0)


def test_organizer_turns_invite_after_sync_on_and_off(client_for, organizer, imported):
    client = client_for(organizer)

    client.post("/organize/sllm-2025/openreview/invitations/settings/", {"invite_after_sync": "on"})
    assert VenueLink.objects.get().invite_after_sync is True
    client.post("/organize/sllm-2025/openreview/invitations/settings/", {})
    assert VenueLink.objects.get().invite_after_sync is False


@pytest.mark.parametrize("n", [1, 3])
def test_invitations_page_queries_do_not_grow_with_invitations(
    client_for, organizer, edition, n, django_assert_num_queries
):
    VenueLink.objects.create(edition=edition, venue_id=VENUE_ID, nomination_yes=["Yes"])
    for i in range(n):
        user = User.objects.create(
            email=f"p{i}@openreview.invalid", openreview_id=f"~P_Q{i}", password=make_password(None)
        )
        factories.grant(user, edition, "reviewer")
        Invitation.objects.create(edition=edition, user=user, profile_id=f"~P_Q{i}", role="reviewers", status="sent")
    client = client_for(organizer)

    with django_assert_num_queries(13):
        page = client.get("/organize/sllm-2025/openreview/invitations/")

    assert len(page.context["invitations"]) == n
