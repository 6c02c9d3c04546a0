import pytest
from django.urls import reverse

from sllm.program.models import Feedback
from sllm.program.services.feedback import FEEDBACK_PER_HOUR

pytestmark = pytest.mark.django_db


def rows():
    return list(
        Feedback.objects.order_by("pk").values(
            "content_rating", "activities_rating", "format_rating", "mentoring_rating", "breakout_rating", "comments"
        )
    )


def test_feedback_is_stored_without_anything_about_the_visitor(client, edition):
    response = client.post(
        reverse("program:feedback", args=[edition.slug]),
        {"content_rating": "5", "breakout_rating": "3", "comments": "Great panel.", "website": ""},
        REMOTE_ADDR="203.0.113.9",
        HTTP_USER_AGENT="Mozilla/5.0 Test",
    )
    assert response.status_code == 200
    assert rows() == [
        {
            "content_rating": 5,
            "activities_rating": None,
            "format_rating": None,
            "mentoring_rating": None,
            "breakout_rating": 3,
            "comments": "Great panel.",
        }
    ]
    assert sorted(f.name for f in Feedback._meta.get_fields()) == [
        "activities_rating",
        "breakout_rating",
        "comments",
        "content_rating",
        "edition",
        "format_rating",
        "id",
        "mentoring_rating",
        "submitted_on",
    ]


def test_script_bearing_comments_are_stored_inert(client, edition):
    client.post(
        reverse("program:feedback", args=[edition.slug]),
        {"comments": 'Nice <script>alert("x")</script><b onclick="evil()">talks</b>'},
    )
    assert rows()[0]["comments"] == "Nice talks"


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({"comments": "x" * 5001}, 400, "Comments are limited to 5000 characters."),
        ({"comments": "hello", "website": "http://spam.example"}, 400, "The form was not accepted."),
        ({"comments": "  "}, 400, "The form is empty: give a rating or a comment."),
    ],
)
def test_bad_feedback_is_refused_with_a_message_and_nothing_stored(client, edition, data, status, message):
    response = client.post(reverse("program:feedback", args=[edition.slug]), data)
    assert (response.status_code, response.context["error"].message, rows()) == (status, message, [])


def test_out_of_range_rating_is_refused(client, edition):
    response = client.post(reverse("program:feedback", args=[edition.slug]), {"content_rating": "9"})
    assert (response.status_code, response.context["form"].errors, rows()) == (
        400,
        {"content_rating": ["Select a valid choice. 9 is not one of the available choices."]},
        [],
    )


def test_feedback_is_rate_limited_per_visitor(client, edition):
    url = reverse("program:feedback", args=[edition.slug])
    answers = [
        client.post(url, {"comments": f"n{i}"}, REMOTE_ADDR="198.51.100.7").status_code
        for i in range(FEEDBACK_PER_HOUR + 1)
    ]
    other = client.post(url, {"comments": "other visitor"}, REMOTE_ADDR="198.51.100.8").status_code
    assert (answers, other, Feedback.objects.count()) == ([200] * FEEDBACK_PER_HOUR + [429], 200, FEEDBACK_PER_HOUR + 1)


@pytest.mark.parametrize(
    "who, status", [(None, 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 200)]
)
def test_feedback_summary_is_for_organizers(request, client_for, edition, who, status):
    Feedback.objects.create(edition=edition, content_rating=4, comments="Good")
    Feedback.objects.create(edition=edition, content_rating=5, format_rating=2)
    user = request.getfixturevalue(who) if who else None
    response = client_for(user).get(reverse("program:feedback-summary", args=[edition.slug]))
    assert response.status_code == status
    if status == 200:
        assert response.context["summary"] == {
            "total": 2,
            "ratings": [
                {"field": "content_rating", "label": "Content", "answers": 2, "average": 4.5},
                {"field": "activities_rating", "label": "Activities", "answers": 0, "average": None},
                {"field": "format_rating", "label": "Format", "answers": 1, "average": 2.0},
                {"field": "mentoring_rating", "label": "Mentoring programme", "answers": 0, "average": None},
                {"field": "breakout_rating", "label": "Breakout sessions", "answers": 0, "average": None},
            ],
        }
