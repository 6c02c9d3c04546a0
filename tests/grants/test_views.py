import re

import pytest
from django.core import mail
from django.urls import reverse

from sllm.accounts.models import Role
from sllm.grants.models import GrantAllocation, GrantApplication, GrantProgram, GrantScore, Sponsor
from sllm.mail.models import OutboxMessage
from tests import factories
from tests.grants.factories import make_application, make_sponsor

pytestmark = pytest.mark.django_db

FORM = {
    "career_stage": "phd",
    "travel_cost": "900",
    "lodging_cost": "400",
    "registration_cost": "100",
    "statement": "I would present my work on 2:4 sparsity.",
    "self_identifies": "on",
}


@pytest.fixture
def chair(edition, organizer):
    factories.grant(organizer, edition, Role.Kind.GRANTS_CHAIR)
    return organizer


@pytest.fixture
def plain_organizer(edition):
    user = factories.UserFactory(email="orga2@example.org")
    factories.grant(user, edition, Role.Kind.ORGANIZER)
    return user


@pytest.fixture
def people(edition, chair, plain_organizer, author, reviewer, mentor):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "organizer": plain_organizer,
        "grants chair": chair,
    }


def _state():
    return (
        list(GrantApplication.objects.values_list("pk", "status", "award", "travel_cost")),
        list(GrantScore.objects.values_list("score", flat=True)),
        list(Sponsor.objects.values_list("name", "amount")),
        GrantAllocation.objects.count(),
        OutboxMessage.objects.count(),
    )


def test_applicant_applies_and_gets_a_confirmation(client_for, edition, author, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(author).post(reverse("grants:apply", args=[edition.slug]), FORM)
    assert response.status_code == 302
    application = GrantApplication.objects.get()
    assert (
        application.applicant,
        application.career_stage,
        application.requested,
        application.self_identifies,
        application.status,
    ) == (author, "phd", 1400, True, "submitted")
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["author@example.org"], "SLLM 2025: travel grant application received")
    ]
    # Private: the applicant's own confirmation does not repeat the self-identification either.
    assert "identif" not in mail.outbox[0].body


def test_applicant_revises_the_one_application(client_for, edition, author):
    client = client_for(author)
    client.post(reverse("grants:apply", args=[edition.slug]), FORM)
    client.post(reverse("grants:apply", args=[edition.slug]), {**FORM, "travel_cost": "1000"})
    assert list(GrantApplication.objects.values_list("applicant", "travel_cost")) == [(author.pk, 1000)]


@pytest.mark.parametrize(
    "change,field,error",
    [
        (
            {"career_stage": "wizard"},
            "career_stage",
            ["Select a valid choice. wizard is not one of the available choices."],
        ),
        ({"travel_cost": "-5"}, "travel_cost", ["Ensure this value is greater than or equal to 0."]),
        ({"travel_cost": "lots"}, "travel_cost", ["Enter a whole number."]),
        ({"statement": "short"}, "statement", ["Ensure this value has at least 20 characters (it has 5)."]),
        (
            {"travel_cost": "0", "lodging_cost": "0", "registration_cost": "0"},
            "__all__",
            ["Estimate at least one cost: the total cannot be 0."],
        ),
    ],
)
def test_bad_applications_are_refused_and_nothing_is_stored(client_for, edition, author, change, field, error):
    response = client_for(author).post(reverse("grants:apply", args=[edition.slug]), {**FORM, **change})
    assert response.status_code == 400
    assert response.context["form"].errors[field] == error
    assert GrantApplication.objects.count() == 0


def test_a_closed_call_refuses_applications(client_for, edition, author):
    GrantProgram.objects.create(edition=edition, is_open=False)
    response = client_for(author).post(reverse("grants:apply", args=[edition.slug]), FORM)
    assert response.status_code == 409
    assert response.context["error"].message == "The travel grant call is closed."
    assert GrantApplication.objects.count() == 0


def test_anonymous_visitors_must_log_in_to_apply(client, edition):
    response = client.post(reverse("grants:apply", args=[edition.slug]), FORM)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next=/{edition.slug}/travel-grants/apply/",
    )
    assert GrantApplication.objects.count() == 0


def test_public_page_names_sponsors_and_never_recipients(client, edition, author):
    make_sponsor(edition, "Sparse Compute Inc.", 3000)
    application = make_application(edition, author)
    GrantApplication.objects.filter(pk=application.pk).update(status="awarded", award=1200)
    response = client.get(reverse("grants:public", args=[edition.slug]))
    assert response.status_code == 200
    assert [s.name for s in response.context["sponsors"]] == ["Sparse Compute Inc."]
    assert response.context["budget"] == 3000
    page = response.content.decode()
    assert (author.full_name in page, author.email in page, "1200" in page) == (False, False, False)


@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 302),
        ("author", 403),
        ("reviewer", 403),
        ("mentor", 403),
        ("organizer", 200),
        ("grants chair", 200),
    ],
)
def test_organize_page_matrix_and_private_column(client_for, edition, people, who, status):
    make_application(edition, factories.UserFactory(email="x@example.org", full_name="Xin"), self_identifies=True)
    before = _state()
    response = client_for(people[who]).get(reverse("grants:organize", args=[edition.slug]))
    assert response.status_code == status
    if status == 200:
        assert [a.applicant.full_name for a in response.context["applications"]] == ["Xin"]
        assert response.context["show_private"] == (who == "grants chair")
        assert ("Self-identifies" in response.content.decode()) == (who == "grants chair")
    assert _state() == before


@pytest.mark.parametrize("who,status", [("organizer", 200), ("grants chair", 200), ("author", 403)])
def test_application_page_shows_self_identification_to_the_grants_chair_only(client_for, edition, people, who, status):
    application = make_application(edition, factories.UserFactory(email="x@example.org"), self_identifies=True)
    response = client_for(people[who]).get(reverse("grants:application", args=[edition.slug, application.pk]))
    assert response.status_code == status
    assert ("Self-identifies as underrepresented" in response.content.decode()) == (who == "grants chair")


@pytest.mark.parametrize("count", [1, 3])
def test_organize_page_queries_do_not_grow(client_for, edition, chair, count, django_assert_num_queries):
    for i in range(count):
        make_application(edition, factories.UserFactory(email=f"a{i}@example.org"), scores=[(chair, 3)])
    client = client_for(chair)
    with django_assert_num_queries(10):
        response = client.get(reverse("grants:organize", args=[edition.slug]))
    assert len(response.context["applications"]) == count


@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 302),
        ("author", 403),
        ("reviewer", 403),
        ("mentor", 403),
        ("organizer", 302),
        ("grants chair", 302),
    ],
)
def test_scoring_matrix(client_for, edition, people, who, status):
    application = make_application(edition, factories.UserFactory(email="x@example.org"))
    response = client_for(people[who]).post(
        reverse("grants:application", args=[edition.slug, application.pk]), {"score": "4"}
    )
    assert response.status_code == status
    expected = [(people[who].pk, 4)] if who in {"organizer", "grants chair"} else []
    assert list(GrantScore.objects.values_list("scorer", "score")) == expected


def test_a_score_outside_1_to_5_is_refused(client_for, edition, chair):
    application = make_application(edition, factories.UserFactory(email="x@example.org"))
    response = client_for(chair).post(
        reverse("grants:application", args=[edition.slug, application.pk]), {"score": "9"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["score"] == ["Select a valid choice. 9 is not one of the available choices."]
    assert GrantScore.objects.count() == 0


def test_sponsors_are_added_and_removed_by_organizers(client_for, edition, plain_organizer):
    client = client_for(plain_organizer)
    client.post(reverse("grants:sponsor-add", args=[edition.slug]), {"name": "Cerebras", "amount": "5000"})
    response = client.post(reverse("grants:sponsor-add", args=[edition.slug]), {"name": "cerebras", "amount": "10"})
    assert (response.status_code, response.context["error"].message) == (
        409,
        "A sponsor named cerebras is already listed.",
    )
    response = client.post(reverse("grants:sponsor-add", args=[edition.slug]), {"name": "Big", "amount": "0"})
    assert response.status_code == 400
    assert list(Sponsor.objects.values_list("name", "amount")) == [("Cerebras", 5000)]
    client.post(reverse("grants:sponsor-remove", args=[edition.slug, Sponsor.objects.get().pk]))
    assert Sponsor.objects.count() == 0


@pytest.mark.parametrize("who", ["anonymous", "author", "reviewer", "mentor"])
def test_others_cannot_touch_sponsors_or_the_call(client_for, edition, people, who):
    sponsor = make_sponsor(edition)
    client = client_for(people[who])
    client.post(reverse("grants:sponsor-add", args=[edition.slug]), {"name": "X", "amount": "5"})
    client.post(reverse("grants:sponsor-remove", args=[edition.slug, sponsor.pk]))
    client.post(
        reverse("grants:program-update", args=[edition.slug]),
        {"min_partial_percent": "10", "currency": "EUR", "allow_partial": "on"},
    )
    assert list(Sponsor.objects.values_list("name", flat=True)) == ["Sparse Compute Inc."]
    assert GrantProgram.objects.count() == 0


def test_the_call_settings_are_saved_and_checked(client_for, edition, plain_organizer):
    client = client_for(plain_organizer)
    response = client.post(
        reverse("grants:program-update", args=[edition.slug]),
        {"min_partial_percent": "0", "currency": "EUR"},
    )
    assert response.status_code == 400
    assert GrantProgram.objects.count() == 0
    client.post(
        reverse("grants:program-update", args=[edition.slug]),
        {"min_partial_percent": "60", "currency": "eur", "allow_partial": "on", "is_open": "on"},
    )
    assert list(GrantProgram.objects.values_list("is_open", "allow_partial", "min_partial_percent", "currency")) == [
        (True, True, 60, "EUR")
    ]


@pytest.mark.parametrize(
    "who,status",
    [
        ("anonymous", 302),
        ("author", 403),
        ("reviewer", 403),
        ("mentor", 403),
        ("organizer", 403),
        ("grants chair", 302),
    ],
)
def test_allocation_matrix(client_for, edition, people, who, status):
    make_sponsor(edition)
    make_application(edition, factories.UserFactory(email="x@example.org"))
    response = client_for(people[who]).post(reverse("grants:allocation", args=[edition.slug]))
    assert response.status_code == status
    assert GrantAllocation.objects.count() == (1 if who == "grants chair" else 0)


def _two_applicants(edition, chair):
    student = factories.UserFactory(email="student@example.org", full_name="Sam Student")
    senior = factories.UserFactory(email="senior@example.org", full_name="Pat Senior")
    a = make_application(edition, student, stage="phd", travel=1000, lodging=0, registration=0, scores=[(chair, 2)])
    b = make_application(edition, senior, stage="faculty", travel=1000, lodging=0, registration=0, scores=[(chair, 5)])
    return a, b


def test_propose_then_decide_emails_every_applicant_once(
    client_for, edition, chair, django_capture_on_commit_callbacks
):
    make_sponsor(edition, amount=1500)
    student_app, senior_app = _two_applicants(edition, chair)
    client = client_for(chair)
    client.post(reverse("grants:allocation", args=[edition.slug]))
    allocation = GrantAllocation.objects.get()
    assert allocation.result["awards"] == {str(student_app.pk): 1000}
    page = client.get(reverse("grants:allocation", args=[edition.slug]))
    assert [(r["application"], r["award"]) for r in page.context["rows"]] == [
        (student_app, 1000),
        (senior_app, None),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("grants:allocation-apply", args=[edition.slug, allocation.pk]))
    assert response.status_code == 302
    assert sorted(GrantApplication.objects.values_list("applicant__email", "status", "award")) == [
        ("senior@example.org", "not_funded", None),
        ("student@example.org", "awarded", 1000),
    ]
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("senior@example.org", "SLLM 2025: your travel grant application"),
        ("student@example.org", "SLLM 2025: your travel grant award"),
    ]
    again = client.post(reverse("grants:allocation-apply", args=[edition.slug, allocation.pk]))
    assert (again.status_code, again.context["error"].message) == (
        409,
        "Decisions were already sent for this edition.",
    )
    assert len(mail.outbox) == 2


def test_a_proposal_older_than_the_applications_cannot_be_decided(client_for, edition, chair):
    make_sponsor(edition, amount=1500)
    _two_applicants(edition, chair)
    client = client_for(chair)
    client.post(reverse("grants:allocation", args=[edition.slug]))
    make_application(edition, factories.UserFactory(email="late@example.org"))
    before = _state()
    response = client.post(reverse("grants:allocation-apply", args=[edition.slug, GrantAllocation.objects.get().pk]))
    assert (response.status_code, response.context["error"].message) == (
        409,
        "Applications or sponsors changed since this proposal; propose a new allocation.",
    )
    assert _state() == before


def test_an_organizer_without_the_grants_role_cannot_decide(client_for, edition, chair, plain_organizer):
    make_sponsor(edition, amount=1500)
    _two_applicants(edition, chair)
    client_for(chair).post(reverse("grants:allocation", args=[edition.slug]))
    before = _state()
    response = client_for(plain_organizer).post(
        reverse("grants:allocation-apply", args=[edition.slug, GrantAllocation.objects.get().pk])
    )
    assert response.status_code == 403
    assert _state() == before


def test_an_allocation_without_budget_says_why(client_for, edition, chair):
    _two_applicants(edition, chair)
    client = client_for(chair)
    client.post(reverse("grants:allocation", args=[edition.slug]))
    response = client.get(reverse("grants:allocation", args=[edition.slug]))
    assert response.context["allocation"].result["message"] == "The budget is 0: add sponsors before allocating."


def test_applicant_sees_the_decision_on_their_page(client_for, edition, author):
    application = make_application(edition, author)
    GrantApplication.objects.filter(pk=application.pk).update(status="partial", award=700)
    response = client_for(author).get(reverse("grants:apply", args=[edition.slug]))
    decision = re.search(r'<section class="decision".*?<p>(.*?)</p>', response.content.decode(), re.S).group(1)
    assert " ".join(decision.split()) == "Partially awarded: 700 USD of the 1200 USD you asked for."
