"""The claim pages: from the link OpenReview delivered to a verified address, a password and a login."""

import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import signing

from sllm.accounts.models import Role, User
from sllm.mail.models import OutboxMessage
from sllm.mail.services import mail_queue
from sllm.openreview.invitations import tokens
from sllm.openreview.models import Invitation
from sllm.reviewing.models import Conflict
from sllm.submissions.models import Authorship
from tests import factories

pytestmark = pytest.mark.django_db

STRONG = "sparse-llamas-prune-42"


@pytest.fixture
def grace(edition):
    user = User.objects.create(
        email="grace_hopper1@openreview.invalid",
        openreview_id="~Grace_Hopper1",
        full_name="Grace Hopper",
        password=make_password(None),
    )
    factories.grant(user, edition, "reviewer")
    return user


@pytest.fixture
def invitation(edition, grace):
    return Invitation.objects.create(
        edition=edition,
        user=grace,
        profile_id="~Grace_Hopper1",
        role=Invitation.Role.REVIEWER,
        status=Invitation.Status.SENT,
        nonce=tokens.new_nonce(),
        attempts=1,
    )


def claim_path(invitation) -> str:
    token = tokens.claim_token(invitation_id=invitation.pk, edition_id=invitation.edition_id, nonce=invitation.nonce)
    return f"/{invitation.edition.slug}/claim/{token}/"


def verify_path_from_outbox() -> str:
    message = OutboxMessage.objects.get(template="claim_verify")
    return re.search(r"http://127\.0\.0\.1:8000(/\S+)", message.body).group(1)


def state(invitation) -> tuple:
    invitation.refresh_from_db()
    user = User.objects.get(pk=invitation.user_id)
    return (invitation.status, invitation.pending_email, user.email, user.has_usable_password())


def test_claim_sets_a_verified_address_and_password_and_lands_on_reviewing(client, invitation, grace):
    page = client.get(claim_path(invitation))
    assert page.status_code == 200
    assert "Grace Hopper, you are invited as <strong>reviewer</strong>" in page.content.decode()

    sent = client.post(claim_path(invitation), {"email": "Grace@Yale.edu", "password": STRONG, "password2": STRONG})

    assert sent.status_code == 200
    assert "We sent a link to <strong>grace@yale.edu</strong>" in sent.content.decode()
    assert list(OutboxMessage.objects.values_list("to", "template", "status")) == [
        ("grace@yale.edu", "claim_verify", "queued")
    ]
    # Nothing changes on the account until the address is confirmed.
    assert state(invitation) == ("sent", "grace@yale.edu", "grace_hopper1@openreview.invalid", False)

    confirm = client.get(verify_path_from_outbox())
    assert confirm.status_code == 200
    assert state(invitation)[0] == "sent"
    done = client.post(verify_path_from_outbox())

    assert (done.status_code, done["Location"]) == (302, "/review/sllm-2025/")
    assert state(invitation) == ("claimed", "grace@yale.edu", "grace@yale.edu", True)
    assert User.objects.get(email="grace@yale.edu").pk == grace.pk
    assert client.get("/review/sllm-2025/").status_code == 200
    client.logout()
    again = client.post("/accounts/login/", {"username": "grace@yale.edu", "password": STRONG})
    assert (again.status_code, again["Location"]) == (302, "/")


def test_an_author_lands_on_their_papers(client, edition, grace, invitation):
    invitation.role = Invitation.Role.AUTHOR
    invitation.save()
    factories.grant(grace, edition, "author")
    paper = factories.PaperFactory(track=factories.TrackFactory(edition=edition), title="Pruning at scale")
    Authorship.objects.create(paper=paper, position=1, name="Grace Hopper", openreview_id="~Grace_Hopper1", user=grace)
    client.post(claim_path(invitation), {"email": "grace@yale.edu", "password": STRONG, "password2": STRONG})

    done = client.post(verify_path_from_outbox())

    assert done["Location"] == "/author/sllm-2025/papers/"
    assert [p.title for p in client.get(done["Location"]).context["papers"]] == ["Pruning at scale"]


def test_an_area_chair_who_does_not_review_lands_on_the_edition(client, edition, grace, invitation):
    Role.objects.filter(user=grace).delete()
    invitation.role = Invitation.Role.AREA_CHAIR
    invitation.save()
    client.post(claim_path(invitation), {"email": "grace@yale.edu", "password": STRONG, "password2": STRONG})

    done = client.post(verify_path_from_outbox())

    assert done["Location"] == "/sllm-2025/"
    assert client.get(done["Location"]).status_code == 200


def test_a_used_link_answers_410_and_changes_nothing(client, invitation):
    path = claim_path(invitation)
    client.post(path, {"email": "grace@yale.edu", "password": STRONG, "password2": STRONG})
    verify = verify_path_from_outbox()
    client.post(verify)
    client.logout()
    before = state(invitation)

    again = client.get(path)
    again_post = client.post(path, {"email": "evil@example.org", "password": STRONG, "password2": STRONG})
    verify_again = client.post(verify)

    assert (again.status_code, again_post.status_code, verify_again.status_code) == (410, 410, 410)
    assert "This link has already been used." in again.content.decode()
    assert "Grace" not in again.content.decode()
    assert state(invitation) == before
    assert OutboxMessage.objects.count() == 1


def test_an_expired_link_answers_410(client, invitation, settings):
    settings.INVITATION_LINK_MAX_AGE_S = -1

    page = client.get(claim_path(invitation))

    assert page.status_code == 410
    assert "This link has expired." in page.content.decode()
    assert "Grace" not in page.content.decode()


def test_a_tampered_link_answers_400_and_names_nobody(client, invitation):
    path = claim_path(invitation)
    token = path.split("/")[3]
    forged = signing.dumps({"i": invitation.pk, "w": invitation.edition_id, "n": invitation.nonce}, salt="other")

    for bad in (token[:-2] + "xy", forged, "nonsense"):
        page = client.get(f"/sllm-2025/claim/{bad}/")
        assert page.status_code == 400
        assert "This link is not valid." in page.content.decode()
        assert "Grace" not in page.content.decode()
    assert state(invitation) == ("sent", "", "grace_hopper1@openreview.invalid", False)


def test_a_link_of_another_edition_answers_404(client, invitation):
    factories.EditionFactory(slug="sllm-2026")
    path = claim_path(invitation).replace("/sllm-2025/", "/sllm-2026/")

    page = client.get(path)
    posted = client.post(path, {"email": "grace@yale.edu", "password": STRONG, "password2": STRONG})

    assert (page.status_code, posted.status_code) == (404, 404)
    assert "This link belongs to another edition of the workshop." in page.content.decode()
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "grace@yale.edu", "password": "short", "password2": "short"}, "password", "too short"),
        ({"email": "grace@yale.edu", "password": STRONG, "password2": STRONG + "x"}, "password2", "differ"),
        ({"email": "not-an-address", "password": STRONG, "password2": STRONG}, "email", "valid email"),
        ({"email": "me@openreview.invalid", "password": STRONG, "password2": STRONG}, "email", "cannot receive"),
        ({"email": "", "password": STRONG, "password2": STRONG}, "email", "required"),
    ],
)
def test_bad_claim_input_is_refused_with_a_message_and_nothing_stored(client, invitation, data, field, message):
    page = client.post(claim_path(invitation), data)

    assert page.status_code == 400
    assert message in page.content.decode()
    assert state(invitation) == ("sent", "", "grace_hopper1@openreview.invalid", False)
    assert OutboxMessage.objects.count() == 0


def test_an_existing_account_of_the_same_address_is_merged_into_the_synced_one(client, edition, invitation, grace):
    older = factories.UserFactory(email="grace@yale.edu", full_name="G. Hopper")
    factories.grant(older, edition, "mentor")
    factories.grant(older, edition, "reviewer")
    client.post(claim_path(invitation), {"email": "grace@yale.edu", "password": STRONG, "password2": STRONG})

    client.post(verify_path_from_outbox())

    assert list(User.objects.filter(email="grace@yale.edu").values_list("pk", flat=True)) == [grace.pk]
    assert not User.objects.filter(pk=older.pk).exists()
    assert sorted(Role.objects.filter(user=grace).values_list("kind", flat=True)) == ["mentor", "reviewer"]


def test_held_mail_goes_to_the_claimed_address(client, edition, invitation, grace):
    mail_queue(recipients=[grace.email], template="group_message", context={"subject": "Hi", "body": "Hello"})
    assert list(OutboxMessage.objects.values_list("to", "status")) == [("grace_hopper1@openreview.invalid", "held")]
    client.post(claim_path(invitation), {"email": "grace@yale.edu", "password": STRONG, "password2": STRONG})

    client.post(verify_path_from_outbox())

    assert sorted(OutboxMessage.objects.values_list("to", "template", "status")) == [
        ("grace@yale.edu", "claim_verify", "queued"),
        ("grace@yale.edu", "group_message", "queued"),
    ]


def test_claimed_reviewer_keeps_their_conflicts(client, edition, invitation, grace):
    paper = factories.PaperFactory(track=factories.TrackFactory(edition=edition))
    Conflict.objects.create(paper=paper, reviewer=grace, source=Conflict.Source.OPENREVIEW)
    client.post(claim_path(invitation), {"email": "grace@yale.edu", "password": STRONG, "password2": STRONG})

    client.post(verify_path_from_outbox())

    assert list(Conflict.objects.values_list("reviewer_id", flat=True)) == [grace.pk]
