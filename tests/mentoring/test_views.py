import csv
import io
import json
import re

import pymupdf
import pytest
from django.urls import reverse

from sllm.mail.models import OutboxMessage
from sllm.mentoring import services
from sllm.mentoring.models import (
    MatchingRun,
    MenteeApplication,
    MentorApplication,
    MentoringSetup,
    PairRule,
    SelfIdentification,
)
from tests import factories

from .conftest import PRUNING, sign_up_mentee, sign_up_mentor

pytestmark = pytest.mark.django_db


def state():
    return (
        list(MatchingRun.objects.values_list("pk", "published_at")),
        list(PairRule.objects.values_list("mentee_id", "mentor_id", "kind")),
        list(MentoringSetup.objects.values_list("table_size", flat=True)),
        OutboxMessage.objects.count(),
    )


@pytest.fixture
def people(edition, author, reviewer, mentor, organizer, chair, signups):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "mentee": signups["kim"].user,
        "organizer": organizer,
        "chair": chair,
    }


@pytest.fixture
def run(edition, organizer, signups):
    return services.matching_run(edition=edition, user=organizer)


def organizer_requests(edition, run, signups):
    slug = edition.slug
    rule = services.pair_rule_set(
        edition=edition,
        user=None,
        kind="forbid",
        mentee_id=signups["osei"].pk,
        mentor_id=signups["mensah"].pk,
    )
    return [
        ("get", reverse("mentoring:organize", args=[slug]), {}),
        ("post", reverse("mentoring:run", args=[slug]), {}),
        (
            "post",
            reverse("mentoring:setup", args=[slug]),
            {
                "table_size": 4,
                "max_tz_diff_hours": 8,
                "forbid_same_institution": "on",
                "kickoff_start": "09:05",
                "kickoff_end": "09:40",
                "lunch_start": "12:00",
                "lunch_end": "13:00",
            },
        ),
        (
            "post",
            reverse("mentoring:rule-add", args=[slug]),
            {"mentee": signups["kim"].pk, "mentor": signups["mensah"].pk, "kind": "pin"},
        ),
        ("post", reverse("mentoring:rule-delete", args=[slug, rule.pk]), {}),
        ("post", reverse("mentoring:publish", args=[slug, run.pk]), {}),
        ("get", reverse("mentoring:table-cards", args=[slug, run.pk]), {}),
        ("get", reverse("mentoring:affinity-plot", args=[slug, run.pk]), {}),
        ("get", reverse("mentoring:export", args=[slug, run.pk]), {}),
        ("get", reverse("mentoring:api-latest-run", args=[slug]), {}),
    ]


@pytest.mark.parametrize("who", ["anonymous", "author", "reviewer", "mentor", "mentee"])
def test_only_organizers_reach_the_organizer_pages_and_nothing_changes_for_others(
    client_for, people, who, edition, run, signups
):
    requests = organizer_requests(edition, run, signups)
    before = state()
    client = client_for(people[who])
    answers = [getattr(client, method)(url, data).status_code for method, url, data in requests]
    if who == "anonymous":
        # Pages send to the login page; the API answers 403 as DRF does for a missing session.
        assert answers == [302] * 9 + [403]
    else:
        assert answers == [403] * 10
    assert state() == before


def test_an_organizer_can_run_adjust_and_publish(client_for, organizer, edition, run, signups):
    requests = organizer_requests(edition, run, signups)
    client = client_for(organizer)
    answers = [getattr(client, method)(url, data).status_code for method, url, data in requests]
    assert answers == [200, 302, 302, 302, 302, 302, 200, 200, 200, 200]
    assert [(r.mentee_id, r.kind) for r in PairRule.objects.all()] == [(signups["kim"].pk, "pin")]
    assert (MatchingRun.objects.count(), MentoringSetup.objects.get().table_size) == (2, 4)
    assert list(MatchingRun.objects.filter(published_at__isnull=False).values_list("pk", flat=True)) == [run.pk]
    assert OutboxMessage.objects.count() == 5


def test_publishing_twice_answers_409_and_sends_nothing_more(client_for, organizer, edition, run):
    client = client_for(organizer)
    url = reverse("mentoring:publish", args=[edition.slug, run.pk])
    assert client.post(url).status_code == 302
    second = client.post(url)
    assert (second.status_code, second.context["error"].message) == (
        409,
        "This matching is published already.",
    )
    assert OutboxMessage.objects.count() == 5


def test_a_run_of_another_edition_is_not_found(client_for, organizer, run):
    other = factories.EditionFactory(slug="other-2030")
    factories.grant(organizer, other, "organizer")
    response = client_for(organizer).get(reverse("mentoring:table-cards", args=[other.slug, run.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"mentee": "999", "mentor": "1", "kind": "pin"},
            "mentee",
            "Select a valid choice. 999 is not one of the available choices.",
        ),
        ({"kind": "maybe"}, "kind", "Select a valid choice. maybe is not one of the available choices."),
    ],
)
def test_a_bad_rule_is_refused_with_a_message_and_nothing_stored(
    client_for, organizer, edition, signups, data, field, message
):
    payload = {"mentee": signups["kim"].pk, "mentor": signups["turing"].pk, "kind": "pin", **data}
    response = client_for(organizer).post(reverse("mentoring:rule-add", args=[edition.slug]), payload)
    assert (response.status_code, response.context["rule_form"].errors[field]) == (400, [message])
    assert PairRule.objects.count() == 0


def test_a_pin_on_a_declared_conflict_answers_409_with_the_reason(client_for, organizer, edition, signups):
    student = sign_up_mentee(edition, "student@example.org", full_name="Student", advisors=["turing@example.org"])
    response = client_for(organizer).post(
        reverse("mentoring:rule-add", args=[edition.slug]),
        {"mentee": student.pk, "mentor": signups["turing"].pk, "kind": "pin"},
    )
    assert (response.status_code, response.context["rule_form"].non_field_errors()) == (
        409,
        ["Student and Alan Turing declared a conflict; they can't be pinned."],
    )
    assert PairRule.objects.count() == 0


def test_a_bad_setup_is_refused_and_nothing_stored(client_for, organizer, edition):
    response = client_for(organizer).post(
        reverse("mentoring:setup", args=[edition.slug]),
        {
            "table_size": 1,
            "max_tz_diff_hours": 8,
            "kickoff_start": "10:00",
            "kickoff_end": "09:00",
            "lunch_start": "12:00",
            "lunch_end": "13:00",
        },
    )
    errors = response.context["setup_form"].errors
    assert (response.status_code, errors["table_size"], errors["kickoff_end"]) == (
        400,
        ["Ensure this value is greater than or equal to 2."],
        ["The end must come after the start."],
    )
    assert MentoringSetup.objects.count() == 0


def test_running_without_sign_ups_shows_why(client_for, organizer, edition):
    response = client_for(organizer).post(reverse("mentoring:run", args=[edition.slug]))
    assert (response.status_code, response.context["error"].message) == (
        400,
        "Matching needs at least one mentor and one mentee.",
    )
    assert MatchingRun.objects.count() == 0


# --- sign-up pages -----------------------------------------------------------------------------


def test_signing_up_as_a_mentee_through_the_form(client_for, edition, stranger):
    response = client_for(stranger).post(
        reverse("mentoring:mentee-signup", args=[edition.slug]),
        {
            "career_stage": "masters",
            "topics": [PRUNING],
            "interests": "pruning at scale",
            "institution": "UCL",
            "tz_offset": "5.5",
            "self_identified": "on",
            "advisors": "Prof@example.org, other@example.org",
            "collaborators": "",
        },
    )
    assert (response.status_code, response.url) == (302, reverse("mentoring:mine", args=[edition.slug]))
    application = MenteeApplication.objects.get()
    assert (application.user, application.topics, float(application.tz_offset), application.institution) == (
        stranger,
        [PRUNING],
        5.5,
        "UCL",
    )
    assert list(SelfIdentification.objects.values_list("application", flat=True)) == [application.pk]


def test_the_mentee_form_shows_its_author_their_own_answer(client_for, edition, signups):
    page = client_for(signups["kim"].user).get(reverse("mentoring:mentee-signup", args=[edition.slug]))
    assert (page.status_code, page.context["form"].initial["self_identified"]) == (200, True)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"topics": []}, "topics", "This field is required."),
        (
            {"topics": ["Knitting"]},
            "topics",
            "Select a valid choice. Knitting is not one of the available choices.",
        ),
        ({"interests": ""}, "interests", "This field is required."),
        ({"tz_offset": "15"}, "tz_offset", "Select a valid choice. 15 is not one of the available choices."),
        ({"capacity": "0"}, "capacity", "Ensure this value is greater than or equal to 1."),
        ({"advisors": "not-an-email"}, "advisors", "not-an-email is not an email address."),
    ],
)
def test_a_bad_mentor_sign_up_is_refused_with_a_message_and_nothing_stored(
    client_for, edition, stranger, changes, field, message
):
    data = {
        "career_stage": "faculty",
        "topics": [PRUNING],
        "interests": "pruning",
        "institution": "UCL",
        "tz_offset": "0",
        "capacity": "2",
        **changes,
    }
    response = client_for(stranger).post(reverse("mentoring:mentor-signup", args=[edition.slug]), data)
    assert (response.status_code, response.context["form"].errors[field]) == (400, [message])
    assert MentorApplication.objects.count() == 0


def test_sign_up_pages_need_a_login(client_for, edition):
    response = client_for(None).get(reverse("mentoring:mentee-signup", args=[edition.slug]))
    assert (response.status_code, response.url) == (
        302,
        f"/accounts/login/?next=/mentoring/{edition.slug}/mentee/",
    )


def test_a_mentee_sees_their_mentor_kickoff_and_table_once_published(client_for, edition, organizer, run, signups):
    client = client_for(signups["kim"].user)
    before = client.get(reverse("mentoring:mine", args=[edition.slug]))
    assert (before.context["mine"].run, before.context["mine"].my_mentor) == (None, None)
    services.matching_publish(run=run, user=organizer)
    page = client.get(reverse("mentoring:mine", args=[edition.slug]))
    mine = page.context["mine"]
    assert (mine.my_mentor.mentor.user.full_name, mine.table) == ("Alan Turing", 1)
    api = client.get(reverse("mentoring:api-me", args=[edition.slug])).json()
    assert api == {
        "mentor_application": None,
        "mentee_application": {
            "career_stage": "phd",
            "topics": [PRUNING],
            "interests": "pruning",
            "institution": "University of Lagos",
            "tz_offset": 2.0,
        },
        "published": True,
        "mentor": {"name": "Alan Turing", "email": "turing@example.org", "affiliation": ""},
        "mentees": [],
        "lunch_table": 1,
        "tablemates": [
            {"name": "Alan Turing", "email": "turing@example.org", "affiliation": ""},
            {"name": "Sofia Mensah", "email": "mensah@example.org", "affiliation": ""},
            {"name": "Katherine Johnson", "email": "johnson@example.org", "affiliation": ""},
            {"name": "Ben Osei", "email": "osei@example.org", "affiliation": ""},
        ],
        "kickoff": {"start": "2026-04-27T09:05:00+01:00", "end": "2026-04-27T09:40:00+01:00", "room": ""},
        "lunch": {"start": "2026-04-27T12:00:00+01:00", "end": "2026-04-27T13:00:00+01:00", "room": ""},
    }


# --- the self-identification stays private -----------------------------------------------------


def _without_csrf(html: str) -> str:
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]+', r"\1", html)


def _outputs(client, edition, run, *, kim, turing):
    """Everything a non-chair can read about the mentoring program, with CSRF tokens blanked."""
    slug = edition.slug
    texts = []
    for url in [
        reverse("mentoring:organize", args=[slug]),
        reverse("mentoring:export", args=[slug, run.pk]),
        reverse("mentoring:api-latest-run", args=[slug]),
        reverse("workshops:dashboard", args=[slug]),
    ]:
        texts.append(_without_csrf(client.get(url).content.decode()))
    pdf = pymupdf.open(stream=client.get(reverse("mentoring:table-cards", args=[slug, run.pk])).content)
    texts.append("".join(page.get_text() for page in pdf))
    for user in (kim, turing):
        client.force_login(user)
        texts.append(_without_csrf(client.get(reverse("mentoring:mine", args=[slug])).content.decode()))
        texts.append(client.get(reverse("mentoring:api-me", args=[slug])).content.decode())
    return texts


def test_the_self_identification_reaches_no_page_api_export_or_email_but_the_chairs(
    client, edition, organizer, chair, signups
):
    # Enough seats for all: the private answer cannot change the matching, so any difference is a leak.
    services.setup_update(edition=edition, table_size=8)
    MentorApplication.objects.update(capacity=3)
    SelfIdentification.objects.all().delete()
    run = services.matching_run(edition=edition, user=organizer)
    services.matching_publish(run=run, user=organizer)
    emails = list(OutboxMessage.objects.order_by("to").values_list("to", "subject", "body"))
    client.force_login(organizer)
    without = _outputs(client, edition, run, kim=signups["kim"].user, turing=signups["turing"].user)
    client.force_login(chair)
    chair_without = client.get(reverse("mentoring:organize", args=[edition.slug])).content.decode()

    SelfIdentification.objects.create(application=signups["kim"])
    client.force_login(organizer)
    with_it = _outputs(client, edition, run, kim=signups["kim"].user, turing=signups["turing"].user)
    assert with_it == without
    assert json.loads(without[2])["run"]["pairs"][0].keys() == {"mentee", "mentor", "affinity", "pinned"}
    assert next(csv.reader(io.StringIO(without[1]))) == [
        "mentee",
        "mentee email",
        "mentor",
        "mentor email",
        "affinity",
        "pinned",
        "unmatched because",
        "lunch table",
    ]

    # The same run published in an edition where Kim self-identified mails exactly the same words.
    OutboxMessage.objects.all().delete()
    MatchingRun.objects.filter(pk=run.pk).update(published_at=None)
    services.matching_publish(run=run, user=organizer)
    assert list(OutboxMessage.objects.order_by("to").values_list("to", "subject", "body")) == emails

    client.force_login(chair)
    chair_page = client.get(reverse("mentoring:organize", args=[edition.slug]))
    assert (chair_page.context["can_see_private"], chair_page.context["private_ids"]) == (
        True,
        {signups["kim"].pk},
    )
    assert chair_page.context["counts"] == {"mentors": 2, "seats": 6, "mentees": 3, "priority": 1}
    # The chair sees Kim's badge in the pairs and a "yes" in the sign-ups column, both absent before.
    assert (
        chair_page.content.decode().count('class="badge private"'),
        chair_without.count('class="badge private"'),
    ) == (1, 0)
    client.force_login(organizer)
    organizer_page = client.get(reverse("mentoring:organize", args=[edition.slug]))
    assert (organizer_page.context["can_see_private"], organizer_page.context["private_ids"]) == (
        False,
        set(),
    )
    assert organizer_page.context["counts"] == {"mentors": 2, "seats": 6, "mentees": 3}


@pytest.mark.parametrize("mentees", [1, 3])
def test_the_organizer_page_makes_the_same_queries_for_1_or_3_mentees(
    client_for, edition, organizer, mentees, django_assert_num_queries
):

    sign_up_mentor(edition, "m@example.org", capacity=3)
    for n in range(mentees):
        sign_up_mentee(edition, f"e{n}@example.org", self_identified=n == 0)
    services.matching_run(edition=edition, user=organizer)
    services.pair_rule_set(
        edition=edition,
        user=organizer,
        kind="forbid",
        mentee_id=MenteeApplication.objects.first().pk,
        mentor_id=MentorApplication.objects.get().pk,
    )
    client = client_for(organizer)
    with django_assert_num_queries(16):
        response = client.get(reverse("mentoring:organize", args=[edition.slug]))
    assert response.status_code == 200
