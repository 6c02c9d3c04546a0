"""`invite_people` against the stand-in with the real openreview-py client: who is invited, once."""

import io
import json

import pytest
from django.core.management import call_command

from sllm.accounts.models import Role, User
from sllm.openreview.invitations.services import invitation_run
from sllm.openreview.models import Invitation
from sllm.openreview.services import venue_sync
from sllm.submissions.models import Authorship
from sllm.workshops.models import Edition
from tasks.openreview import retry_invitations

from .conftest import VENUE_ID, control

pytestmark = pytest.mark.django_db

EVERYONE = [
    "~Ada_Lovelace1",
    "~Alan_Turing1",
    "~Emmy_Noether1",
    "~Grace_Hopper1",
    "~Katherine_Johnson1",
    "~Kwame_Mensah1",
    "~Sofia_Rossi1",
]


def invite(*args) -> dict:
    out = io.StringIO()
    call_command("invite_people", "--workshop", "sllm-2025", *args, stdout=out)
    return json.loads(out.getvalue())


def recorded(server) -> list[tuple]:
    return [(m["groups"], m["subject"]) for m in control(server, "messages")["messages"]]


@pytest.fixture
def synced(standin):
    venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    return Edition.objects.get(slug="sllm-2025")


def test_invite_people_messages_everyone_without_a_login_through_openreview(synced, standin):
    result = invite()

    assert result == {"invited": EVERYONE, "already_invited": [], "has_login": [], "failed": []}
    messages = control(standin, "messages")["messages"]
    assert [m["groups"] for m in messages] == [[p] for p in EVERYONE]
    assert [m["subject"] for m in messages][:2] == [
        "SLLM 2025: set up your account as author",
        "SLLM 2025: set up your account as reviewer",
    ]
    assert messages[0]["message"].count("http://127.0.0.1:8000/sllm-2025/claim/") == 1
    assert sorted(Invitation.objects.values_list("profile_id", "role", "status", "attempts")) == [
        ("~Ada_Lovelace1", "authors", "sent", 1),
        ("~Alan_Turing1", "reviewers", "sent", 1),
        ("~Emmy_Noether1", "reviewers", "sent", 1),
        ("~Grace_Hopper1", "reviewers", "sent", 1),
        ("~Katherine_Johnson1", "authors", "sent", 1),
        ("~Kwame_Mensah1", "reviewers", "sent", 1),
        ("~Sofia_Rossi1", "area_chairs", "sent", 1),
    ]


def test_invite_people_twice_invites_nobody_new(synced, standin):
    invite()
    control(standin, "messages", {})

    result = invite()

    assert result == {"invited": [], "already_invited": EVERYONE, "has_login": [], "failed": []}
    assert recorded(standin) == []


def test_resend_sends_a_new_link_and_the_old_one_stops_working(synced, standin, client):
    invite("--role", "reviewers")
    first = Invitation.objects.get(profile_id="~Grace_Hopper1")
    old_nonce = first.nonce

    result = invite("--role", "reviewers", "--resend")

    assert result["invited"] == ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1", "~Kwame_Mensah1"]
    first.refresh_from_db()
    assert (first.attempts, first.status, first.nonce != old_nonce) == (2, "sent", True)
    messages = [m for m in control(standin, "messages")["messages"] if m["groups"] == ["~Grace_Hopper1"]]
    assert len(messages) == 2
    old_path = messages[0]["message"].split("http://127.0.0.1:8000")[1].split()[0]
    new_path = messages[1]["message"].split("http://127.0.0.1:8000")[1].split()[0]
    assert client.get(old_path).status_code == 410
    assert client.get(new_path).status_code == 200


def test_role_option_invites_only_that_role(synced, standin):
    result = invite("--role", "area_chairs")

    assert result == {"invited": ["~Sofia_Rossi1"], "already_invited": [], "has_login": [], "failed": []}
    assert recorded(standin) == [(["~Sofia_Rossi1"], "SLLM 2025: set up your account as area chair")]


def test_people_who_can_log_in_are_not_invited(synced, standin):
    grace = User.objects.get(openreview_id="~Grace_Hopper1")
    grace.set_password("a-real-password-1")
    grace.save()

    result = invite("--role", "reviewers")

    assert result["has_login"] == ["~Grace_Hopper1"]
    assert ["~Grace_Hopper1"] not in [g for g, _ in recorded(standin)]


def test_an_imported_author_gets_an_account_linked_to_their_authorship(synced, standin):
    assert not User.objects.filter(openreview_id="~Ada_Lovelace1").exists()

    invite("--role", "authors")

    ada = User.objects.get(openreview_id="~Ada_Lovelace1")
    assert (ada.email, ada.full_name, ada.has_usable_password()) == (
        "ada_lovelace1@openreview.invalid",
        "Ada Lovelace",
        False,
    )
    assert list(Authorship.objects.filter(openreview_id="~Ada_Lovelace1").values_list("user_id", flat=True)) == [ada.pk]
    assert list(Role.objects.filter(user=ada).values_list("kind", flat=True)) == ["author"]
    # A later sync keeps the link: the importer finds the author by profile id.
    venue_sync(slug="sllm-2025", venue_id=VENUE_ID)
    assert list(Authorship.objects.filter(openreview_id="~Ada_Lovelace1").values_list("user_id", flat=True)) == [ada.pk]


@pytest.mark.parametrize("kind", ["500", "429", "401"])
def test_openreview_refusing_a_message_leaves_the_invitation_failed_and_retried(synced, standin, kind):
    control(standin, "faults", {"route": "/messages/requests", "kind": kind, "count": 1, "method": "POST"})

    result = invite("--role", "area_chairs")

    assert (result["invited"], [f["profile"] for f in result["failed"]]) == ([], ["~Sofia_Rossi1"])
    assert result["failed"][0]["error"].startswith("Sending a message to ~Sofia_Rossi1: OpenReview ")
    invitation = Invitation.objects.get(profile_id="~Sofia_Rossi1")
    assert (invitation.status, invitation.sent_at, invitation.attempts) == ("failed", None, 1)
    assert recorded(standin) == []

    again = invite("--role", "area_chairs")

    assert again == {"invited": ["~Sofia_Rossi1"], "already_invited": [], "has_login": [], "failed": []}
    invitation.refresh_from_db()
    assert (invitation.status, invitation.attempts, invitation.last_error) == ("sent", 2, "")


def test_a_refused_login_fails_every_invitation_and_sends_nothing(synced, standin, settings):
    settings.OPENREVIEW_PASSWORD = "wrong"

    result = invite("--role", "area_chairs")

    assert result["invited"] == []
    assert [f["profile"] for f in result["failed"]] == ["~Sofia_Rossi1"]
    assert list(Invitation.objects.values_list("status", flat=True)) == ["failed"]
    assert recorded(standin) == []


def test_unknown_edition_is_a_json_error(db, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("invite_people", "--workshop", "nope")

    assert exit_info.value.code == 1
    assert json.loads(capsys.readouterr().err) == {
        "error": "unknown_edition",
        "message": "No edition has the slug 'nope'.",
    }


def test_unknown_role_is_refused_by_the_service(synced):
    with pytest.raises(Exception) as error:
        invitation_run(edition=synced, roles=["chairs"])

    assert (error.value.code, Invitation.objects.count()) == ("bad_role", 0)


def test_sync_with_invite_after_sync_invites_new_people(synced, standin, django_capture_on_commit_callbacks):
    synced.openreview_link.invite_after_sync = True
    synced.openreview_link.save()

    with django_capture_on_commit_callbacks(execute=True):
        venue_sync(slug="sllm-2025", venue_id=VENUE_ID)

    assert sorted(Invitation.objects.values_list("profile_id", flat=True)) == EVERYONE
    assert len(recorded(standin)) == 7


def test_the_beat_job_sends_the_refused_invitations_again(synced, standin):
    control(standin, "faults", {"route": "/messages/requests", "kind": "503", "count": 1, "method": "POST"})
    invite("--role", "area_chairs")
    assert list(Invitation.objects.values_list("status", flat=True)) == ["failed"]

    assert retry_invitations.delay().get() == 1

    assert list(Invitation.objects.values_list("profile_id", "status", "attempts")) == [("~Sofia_Rossi1", "sent", 2)]
    assert recorded(standin) == [(["~Sofia_Rossi1"], "SLLM 2025: set up your account as area chair")]


def test_a_rate_limit_stops_the_run_instead_of_hammering_openreview(synced, standin):
    control(standin, "faults", {"route": "/messages/requests", "kind": "429", "count": 1, "method": "POST"})

    result = invite("--role", "reviewers")

    assert (result["invited"], [f["profile"] for f in result["failed"]]) == (
        [],
        ["~Alan_Turing1", "~Emmy_Noether1", "~Grace_Hopper1", "~Kwame_Mensah1"],
    )
    assert sorted(Invitation.objects.values_list("profile_id", "status", "attempts")) == [
        ("~Alan_Turing1", "failed", 1),
        ("~Emmy_Noether1", "failed", 0),
        ("~Grace_Hopper1", "failed", 0),
        ("~Kwame_Mensah1", "failed", 0),
    ]
    assert recorded(standin) == []
    assert [r["path"] for r in control(standin, "requests")["requests"]].count("/messages/requests") == 1
