import pytest
from django.core import mail
from django.urls import reverse

from sllm.accounts.models import Role
from sllm.mail.models import GroupMailing, MailOptOut, OutboxMessage
from sllm.mail.selectors import group_recipients, unsubscribe_token
from sllm.mail.services import mail_queue
from tests import factories
from tests.grants.factories import make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(edition, organizer, author, reviewer, mentor):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "organizer": organizer,
    }


def _queue(edition, n):
    mail_queue(
        recipients=[f"p{i}@example.org" for i in range(n)],
        template="group_message",
        context={"subject": "Hello", "body": "Body"},
        edition=edition,
    )


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 200)],
)
def test_outbox_permission_matrix(client_for, edition, people, who, status):
    _queue(edition, 1)
    response = client_for(people[who]).get(reverse("mail:outbox", args=[edition.slug]))
    assert response.status_code == status
    if status == 200:
        assert [m.to for m in response.context["page"]] == ["p0@example.org"]
        assert response.context["counts"] == {
            "queued": 1,
            "sending": 0,
            "sent": 0,
            "failed": 0,
            "skipped": 0,
            "held": 0,
            "dead": 0,
        }
    assert OutboxMessage.objects.count() == 1


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 200)],
)
def test_message_page_permission_matrix(client_for, edition, people, who, status):
    _queue(edition, 1)
    message = OutboxMessage.objects.get()
    response = client_for(people[who]).get(reverse("mail:message", args=[edition.slug, message.pk]))
    assert response.status_code == status
    if status == 200:
        assert response.context["message"] == message


@pytest.mark.parametrize("count", [1, 3])
def test_outbox_queries_do_not_grow_with_messages(client_for, edition, organizer, count, django_assert_num_queries):
    _queue(edition, count)
    client = client_for(organizer)
    with django_assert_num_queries(8):
        response = client.get(reverse("mail:outbox", args=[edition.slug]))
    assert len(response.context["page"]) == count


def test_outbox_filters_by_status(client_for, edition, organizer):
    _queue(edition, 2)
    OutboxMessage.objects.filter(to="p1@example.org").update(status="failed", last_error="SMTPServerDisconnected")
    response = client_for(organizer).get(reverse("mail:outbox", args=[edition.slug]), {"status": "failed"})
    assert [(m.to, m.status) for m in response.context["page"]] == [("p1@example.org", "failed")]


def _accepted_paper(edition, main_track, status="accepted", email="first@example.org"):
    paper = factories.PaperFactory(track=main_track, status=status)
    factories.AuthorshipFactory(paper=paper, position=1, email=email)
    return paper


def test_groups_hold_exactly_their_people(edition, main_track, reviewer, mentor, author):

    _accepted_paper(edition, main_track, email="First@Example.org")
    _accepted_paper(edition, main_track, status="rejected", email="rejected@example.org")
    mentee = factories.UserFactory(email="mentee@example.org")
    factories.grant(mentee, edition, Role.Kind.MENTEE)
    make_application(edition, factories.UserFactory(email="traveller@example.org"))
    assert group_recipients(edition=edition, group="accepted_authors") == ["first@example.org"]
    assert group_recipients(edition=edition, group="reviewers") == ["reviewer@example.org"]
    assert group_recipients(edition=edition, group="mentors") == ["mentor@example.org"]
    assert group_recipients(edition=edition, group="mentees") == ["mentee@example.org"]
    assert group_recipients(edition=edition, group="mentors_mentees") == [
        "mentee@example.org",
        "mentor@example.org",
    ]
    assert group_recipients(edition=edition, group="grant_applicants") == ["traveller@example.org"]


def test_preview_shows_count_and_message_and_sends_nothing(client_for, edition, organizer, reviewer, settings):
    settings.SITE_URL = "https://sllm.example.org"
    other = factories.UserFactory(email="gone@example.org")
    factories.grant(other, edition, "reviewer")
    MailOptOut.objects.create(edition=edition, email="gone@example.org")
    response = client_for(organizer).post(
        reverse("mail:compose", args=[edition.slug]),
        {
            "group": "reviewers",
            "subject": "Reviews due",
            "body": "Reviews are due on Friday.",
            "action": "preview",
        },
    )
    assert response.status_code == 200
    preview = response.context["preview"]
    token = unsubscribe_token(email="reviewer@example.org", edition=edition)
    assert preview == {
        "group": "reviewers",
        "label": "Reviewers",
        "count": 1,
        "skipped": 1,
        "sample": ["reviewer@example.org"],
        "to": "reviewer@example.org",
        "subject": "Reviews due",
        "body": "Reviews are due on Friday.\n\n--\nSLLM 2025\n\n"
        "You receive this as reviewer@example.org because "
        "of your part in SLLM 2025. To stop these messages from the organizers: "
        f"https://sllm.example.org/mail/unsubscribe/{token}/\n",
    }
    assert OutboxMessage.objects.count() == 0
    assert GroupMailing.objects.count() == 0


def test_send_queues_bulk_mail_to_the_group(
    client_for, edition, organizer, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(organizer).post(
            reverse("mail:compose", args=[edition.slug]),
            {
                "group": "reviewers",
                "subject": "Reviews due",
                "body": "Friday.",
                "action": "send",
            },
        )
    assert response.status_code == 302
    mailing = GroupMailing.objects.get()
    assert (mailing.group, mailing.recipient_count, mailing.skipped_count, mailing.sent_by) == (
        "reviewers",
        1,
        0,
        organizer,
    )
    assert list(OutboxMessage.objects.values_list("to", "subject", "bulk", "status", "mailing")) == [
        ("reviewer@example.org", "Reviews due", True, "sent", mailing.pk)
    ]
    assert [m.to for m in mail.outbox] == [["reviewer@example.org"]]


@pytest.mark.parametrize(
    "data,field,error",
    [
        (
            {"group": "everyone", "subject": "S", "body": "B"},
            "group",
            ["Select a valid choice. everyone is not one of the available choices."],
        ),
        ({"group": "reviewers", "subject": "", "body": "B"}, "subject", ["This field is required."]),
        ({"group": "reviewers", "subject": "S", "body": ""}, "body", ["This field is required."]),
        (
            {"group": "reviewers", "subject": "S" * 201, "body": "B"},
            "subject",
            ["Ensure this value has at most 200 characters (it has 201)."],
        ),
    ],
)
def test_bad_group_mail_is_refused_and_nothing_is_queued(client_for, edition, organizer, reviewer, data, field, error):
    response = client_for(organizer).post(reverse("mail:compose", args=[edition.slug]), {**data, "action": "send"})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == error
    assert OutboxMessage.objects.count() == 0
    assert GroupMailing.objects.count() == 0


def test_mail_to_an_empty_group_says_so(client_for, edition, organizer):
    response = client_for(organizer).post(
        reverse("mail:compose", args=[edition.slug]),
        {"group": "mentees", "subject": "S", "body": "B", "action": "send"},
    )
    assert response.status_code == 400
    assert response.context["error"].message == "This group has nobody in it yet; nothing was sent."
    assert GroupMailing.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "author", "reviewer", "mentor"])
def test_only_organizers_may_send_group_mail(client_for, edition, people, who):
    response = client_for(people[who]).post(
        reverse("mail:compose", args=[edition.slug]),
        {"group": "reviewers", "subject": "S", "body": "B", "action": "send"},
    )
    assert response.status_code == (302 if who == "anonymous" else 403)
    assert OutboxMessage.objects.count() == 0


def test_unsubscribe_link_asks_first_then_records(client, edition):
    url = reverse("mail:unsubscribe", args=[unsubscribe_token(email="a@example.org", edition=edition)])
    assert client.get(url).status_code == 200
    assert MailOptOut.objects.count() == 0
    response = client.post(url)
    assert response.status_code == 200
    assert list(MailOptOut.objects.values_list("edition", "email")) == [(edition.pk, "a@example.org")]
    assert client.post(url).status_code == 200
    assert MailOptOut.objects.count() == 1


def test_forged_unsubscribe_link_is_refused(client, edition):
    token = unsubscribe_token(email="a@example.org", edition=edition)
    response = client.post(reverse("mail:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert (
        response.context["error"].message == "This unsubscribe link is not valid; copy the whole link from the email."
    )
    assert MailOptOut.objects.count() == 0
