"""Organizers' own text per notification: checked on save, previewed for a real recipient, used when sent."""

import pytest
from django.core import mail
from django.urls import reverse

from sllm.core.errors import ApplicationError
from sllm.mail import services
from sllm.mail.models import MailTemplate, OutboxMessage
from sllm.mail.notifications import NOTIFICATIONS, PREVIEW_SOURCES
from tests import factories

pytestmark = pytest.mark.django_db

GOOD_SUBJECT = "{{ edition.short_name }}: paper {{ paper.number }} needs you"
GOOD_BODY = 'Hi {{ name }}, please review "{{ paper.title }}" by {{ deadline }}: {{ review_url }}'


def edit_url(edition, key="review_missing"):
    return reverse("mail:template-edit", args=[edition.slug, key])


def saved(edition):
    return list(MailTemplate.objects.filter(edition=edition).values_list("key", "subject", "body"))


def test_save_stores_the_editions_text(edition, organizer):
    services.mail_template_save(
        edition=edition, key="review_missing", subject=GOOD_SUBJECT, body=GOOD_BODY, user=organizer
    )
    assert saved(edition) == [("review_missing", GOOD_SUBJECT, GOOD_BODY)]


def test_unknown_placeholder_is_refused_by_name_and_the_old_text_kept(edition, organizer):
    services.mail_template_save(
        edition=edition, key="review_missing", subject=GOOD_SUBJECT, body=GOOD_BODY, user=organizer
    )
    with pytest.raises(ApplicationError) as refused:
        services.mail_template_save(
            edition=edition, key="review_missing", subject=GOOD_SUBJECT, body="Hi {{ nmae }}", user=organizer
        )
    assert refused.value.code == "bad_template"
    assert refused.value.extra["problems"] == [
        "Text: Unknown placeholder {{ nmae }}; this email knows {{ deadline }}, {{ edition.name }}, "
        "{{ edition.short_name }}, {{ email }}, {{ name }}, {{ paper.number }}, {{ paper.title }}, {{ review_url }}."
    ]
    assert saved(edition) == [("review_missing", GOOD_SUBJECT, GOOD_BODY)]


def test_a_script_tag_is_refused_and_nothing_stored(edition, organizer):
    with pytest.raises(ApplicationError) as refused:
        services.mail_template_save(
            edition=edition, key="camera_ready", subject="Hi", body="<script>x()</script>", user=organizer
        )
    assert refused.value.extra["problems"] == ["Text: Script tags are not allowed in an email."]
    assert saved(edition) == []


@pytest.mark.parametrize(
    ("subject", "body", "problems"),
    [
        ("", "B", ["The subject must have 1 to 300 characters."]),
        ("S", "  ", ["The text must have 1 to 20,000 characters."]),
        (
            "{% if x %}",
            "B",
            ["Subject: Template tags and comments ({% ... %}, {# ... #}) are not allowed; use placeholders."],
        ),
        (
            "{{ paper.title }}",
            "B",
            [
                "Subject: Unknown placeholder {{ paper.title }}; this email knows {{ edition.name }}, {{ edition.short_name }}, {{ email }}, {{ name }}."
            ],
        ),
    ],
)
def test_bad_group_templates_are_refused(edition, organizer, subject, body, problems):
    with pytest.raises(ApplicationError) as refused:
        services.mail_template_save(edition=edition, key="group_message", subject=subject, body=body, user=organizer)
    assert refused.value.extra["problems"] == problems
    assert saved(edition) == []


def test_an_unknown_notification_is_refused(edition, organizer):
    with pytest.raises(ApplicationError) as refused:
        services.mail_template_save(edition=edition, key="nope", subject="S", body="B", user=organizer)
    assert refused.value.code == "unknown_notification"


def test_sending_uses_the_editions_text_then_the_default_after_a_reset(
    edition, organizer, django_capture_on_commit_callbacks
):
    services.mail_template_save(
        edition=edition, key="review_missing", subject=GOOD_SUBJECT, body=GOOD_BODY, user=organizer
    )
    values = {
        "name": "Ada",
        "paper": {"number": 7, "title": "Sparse"},
        "deadline": "1 May 2026, 23:59 (Africa/Lagos)",
        "review_url": "https://x/r",
    }
    with django_capture_on_commit_callbacks(execute=True):
        services.mail_queue(recipients=["ada@example.org"], template="review_missing", context=values, edition=edition)
    services.mail_template_reset(edition=edition, key="review_missing")
    services.mail_queue(recipients=["ada@example.org"], template="review_missing", context=values, edition=edition)
    own, default = OutboxMessage.objects.order_by("pk")
    assert (own.subject, own.body) == (
        "SLLM 2025: paper 7 needs you",
        'Hi Ada, please review "Sparse" by 1 May 2026, 23:59 (Africa/Lagos): https://x/r\n\n--\nSLLM 2025\n',
    )
    assert mail.outbox[0].subject == "SLLM 2025: paper 7 needs you"
    assert default.subject == "SLLM 2025: your review of paper 7 is due 1 May 2026, 23:59 (Africa/Lagos)"
    assert default.body.startswith('Dear Ada,\n\nyour review of paper 7, "Sparse", is due on 1 May 2026, 23:59')


def test_preview_uses_a_real_recipients_values(edition, organizer, monkeypatch):
    monkeypatch.setitem(
        PREVIEW_SOURCES,
        "camera_ready",
        lambda w: (
            "ada@example.org",
            {"name": "Ada", "paper": {"number": 3, "title": "Pruned"}, "deadline": "soon", "upload_url": "https://u"},
        ),
    )
    preview = services.mail_template_preview(
        edition=edition,
        key="camera_ready",
        subject="{{ name }}: {{ paper.title }}",
        body="{{ email }} {{ upload_url }} {{ edition.name }}",
    )
    assert preview == {
        "to": "ada@example.org",
        "real": True,
        "subject": "Ada: Pruned",
        "body": "ada@example.org https://u SLLM 2025\n",
    }
    assert saved(edition) == []


def test_preview_without_any_recipient_shows_what_each_placeholder_holds(edition):
    preview = services.mail_template_preview(
        edition=edition, key="group_message", subject="{{ edition.short_name }}", body="Dear {{ name }}"
    )
    assert preview == {
        "to": "",
        "real": False,
        "subject": "[the edition's short name]",
        "body": "Dear [the recipient's name]\n",
    }


# ---- pages -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("author", 403), ("reviewer", 403), ("organizer", 200)])
def test_template_pages_are_the_organizers(client_for, edition, organizer, author, reviewer, who, status):
    user = {"author": author, "reviewer": reviewer, "organizer": organizer}.get(who)
    client = client_for(user)
    assert client.get(reverse("mail:templates", args=[edition.slug])).status_code == status
    assert client.get(edit_url(edition)).status_code == status
    posted = client.post(edit_url(edition), {"subject": "S", "body": "B", "action": "save"})
    assert posted.status_code == (302 if who == "organizer" else status)
    assert saved(edition) == ([("review_missing", "S", "B")] if who == "organizer" else [])


def test_edit_page_refuses_an_unknown_placeholder_with_its_name_and_keeps_the_old_text(client_for, edition, organizer):
    client = client_for(organizer)
    client.post(edit_url(edition), {"subject": GOOD_SUBJECT, "body": GOOD_BODY, "action": "save"})
    response = client.post(edit_url(edition), {"subject": GOOD_SUBJECT, "body": "{{ paper.titel }}", "action": "save"})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Text: Unknown placeholder {{ paper.titel }}; this email knows {{ deadline }}, {{ edition.name }}, "
        "{{ edition.short_name }}, {{ email }}, {{ name }}, {{ paper.number }}, {{ paper.title }}, {{ review_url }}."
    ]
    assert saved(edition) == [("review_missing", GOOD_SUBJECT, GOOD_BODY)]
    assert client.get(edit_url(edition)).context["form"].initial == {"subject": GOOD_SUBJECT, "body": GOOD_BODY}


def test_edit_page_preview_and_reset(client_for, edition, organizer, reviewer):
    client = client_for(organizer)
    response = client.post(
        edit_url(edition, "group_message"),
        {"subject": "To {{ name }}", "body": "Hello {{ email }}", "action": "preview"},
    )
    assert response.status_code == 200
    assert response.context["preview"] == {
        "to": "reviewer@example.org",
        "real": True,
        "subject": "To Reviewer",
        "body": "Hello reviewer@example.org\n",
    }
    assert saved(edition) == []
    client.post(edit_url(edition, "group_message"), {"subject": "To {{ name }}", "body": "B", "action": "save"})
    assert client.post(edit_url(edition, "group_message"), {"action": "reset"}).status_code == 302
    assert saved(edition) == []


def test_unknown_notification_page_is_not_found(client_for, edition, organizer):
    assert client_for(organizer).get(edit_url(edition, "nope")).status_code == 404


def test_every_default_text_passes_its_own_check():
    for notification in NOTIFICATIONS.values():
        services.mail_template_check(key=notification.key, subject=notification.subject, body=notification.body)


# ---- group mail: the same placeholders, filled per recipient ------------------------------------------------


def test_group_mail_starts_from_the_editions_group_template(client_for, edition, organizer):
    services.mail_template_save(
        edition=edition, key="group_message", subject="SLLM news", body="Dear {{ name }},\n", user=organizer
    )
    form = client_for(organizer).get(reverse("mail:compose", args=[edition.slug])).context["form"]
    assert form.initial == {"subject": "SLLM news", "body": "Dear {{ name }},\n"}


def test_group_mail_is_personalised_per_recipient(client_for, edition, organizer, reviewer):
    other = factories.UserFactory(email="zed@example.org", full_name="Zed Zulu")
    factories.grant(other, edition, "reviewer")
    response = client_for(organizer).post(
        reverse("mail:compose", args=[edition.slug]),
        {"group": "reviewers", "subject": "For {{ name }}", "body": "Dear {{ name }} ({{ email }})", "action": "send"},
    )
    assert response.status_code == 302
    assert sorted((m.to, m.subject, m.body.split("\n")[0]) for m in OutboxMessage.objects.all()) == [
        ("reviewer@example.org", "For Reviewer", "Dear Reviewer (reviewer@example.org)"),
        ("zed@example.org", "For Zed Zulu", "Dear Zed Zulu (zed@example.org)"),
    ]


def test_group_mail_with_an_unknown_placeholder_is_refused_and_nothing_queued(client_for, edition, organizer, reviewer):
    response = client_for(organizer).post(
        reverse("mail:compose", args=[edition.slug]),
        {"group": "reviewers", "subject": "S", "body": "Dear {{ nmae }}", "action": "send"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Text: Unknown placeholder {{ nmae }}; this email knows {{ edition.name }}, {{ edition.short_name }}, {{ email }}, {{ name }}."
    ]
    assert OutboxMessage.objects.count() == 0
