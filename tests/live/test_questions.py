import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from sllm.live.models import Question, QuestionBoard, Upvote
from sllm.live.services import plain_text
from sllm.program.models import Recording
from tests import factories
from tests.live.conftest import make_slot

pytestmark = pytest.mark.django_db


def _urls(edition, slot):
    args = [edition.slug, slot.uid]
    return {
        "page": reverse("live:questions", args=args),
        "ask": reverse("live:ask", args=args),
        "json": reverse("live:questions-json", args=args),
        "now": reverse("live:now", args=args),
        "moderate": reverse("live:moderate", args=args),
    }


def _ask(client, edition, slot, text="How does 2:4 sparsity interact with FP8?", as_json=False, **data):
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return client.post(_urls(edition, slot)["ask"], {"text": text, "name": "", "website": "", **data}, **headers)


def _state():
    return list(Question.objects.order_by("pk").values_list("text", "upvotes", "is_hidden", "is_answered", "is_pinned"))


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("  Is <b>N:M</b>   sparsity\tworth it? ", "Is N:M sparsity worth it?"),
        ("<script>alert(1)</script>Real question here", "Real question here"),
        ("a &lt; b &amp;&amp; c?", "a < b && c?"),
        ("line\x00one\x07two", "line one two"),
    ],
)
def test_question_text_is_plain_and_sanitized(raw, clean):
    assert plain_text(raw) == clean


def test_anyone_asks_without_an_account(client, edition, slot):
    response = _ask(client, edition, slot, text="<i>Why</i> prune attention heads?", name="Lin")
    assert (response.status_code, response["Location"]) == (302, _urls(edition, slot)["page"])
    assert list(Question.objects.values_list("slot", "text", "name", "upvotes")) == [
        (slot.pk, "Why prune attention heads?", "Lin", 0)
    ]
    page = client.get(_urls(edition, slot)["page"])
    assert [q.text for q in page.context["questions"]] == ["Why prune attention heads?"]


def test_asking_by_fetch_answers_json(client, edition, slot):
    response = client.post(
        _urls(edition, slot)["ask"],
        {"text": "A good question?", "website": ""},
        HTTP_ACCEPT="application/json",
    )
    question = Question.objects.get()
    assert (response.status_code, response.json()) == (
        201,
        {
            "id": question.pk,
            "text": "A good question?",
            "name": "",
            "upvotes": 0,
            "answered": False,
            "pinned": False,
            "pending": False,
        },
    )


@pytest.mark.parametrize(
    "data,status,message",
    [
        ({"text": "hey"}, 400, "A question has 5 to 500 characters of text."),
        ({"text": "x" * 501}, 400, "A question has 5 to 500 characters of text."),
        ({"text": "<b></b>  <i> </i>"}, 400, "A question has 5 to 500 characters of text."),
        (
            {"text": "Buy cheap GPUs now", "website": "http://spam.example"},
            400,
            "This looks like an automated submission; nothing was posted.",
        ),
        ({"text": "Fine question", "name": "n" * 81}, 400, "A name has at most 80 characters."),
    ],
)
def test_bad_questions_are_refused_and_nothing_is_stored(client, edition, slot, data, status, message):
    response = client.post(_urls(edition, slot)["ask"], {"website": "", **data}, HTTP_ACCEPT="application/json")
    assert (response.status_code, response.json()["message"]) == (status, message)
    assert Question.objects.count() == 0


def test_a_flood_from_one_browser_is_throttled(client, edition, slot):
    answers = [_ask(client, edition, slot, text=f"Question number {i}", as_json=True).status_code for i in range(5)]
    assert answers == [201, 201, 201, 429, 429]
    response = _ask(client, edition, slot, text="Still flooding", as_json=True)
    assert response.json() == {
        "error": "throttled",
        "message": "Too many requests: at most 3 per 60 seconds. Please wait a moment.",
    }
    assert Question.objects.count() == 3


def test_a_flood_from_one_address_without_cookies_is_throttled(edition, slot):

    answers = [_ask(Client(), edition, slot, text=f"Cookieless bot {i}", as_json=True).status_code for i in range(32)]
    assert answers == [201] * 30 + [429, 429]
    assert Question.objects.count() == 30


def test_a_non_talk_slot_has_no_question_page(client, edition, session, room):
    lunch = make_slot(session, room, kind="lunch", title="Lunch")
    assert client.get(_urls(edition, lunch)["page"]).status_code == 404
    assert _ask(client, edition, lunch).status_code == 404
    assert Question.objects.count() == 0


def test_one_upvote_per_browser(client, edition, slot):
    question = Question.objects.create(slot=slot, text="Does sparsity help decode?")
    url = reverse("live:upvote", args=[edition.slug, slot.uid, question.pk])
    first = client.post(url, HTTP_ACCEPT="application/json")
    assert (first.status_code, first.json()["upvotes"]) == (200, 1)
    second = client.post(url, HTTP_ACCEPT="application/json")
    assert (second.status_code, second.json()) == (
        409,
        {"error": "already_upvoted", "message": "You already upvoted this question."},
    )

    other = Client().post(url, HTTP_ACCEPT="application/json")
    assert other.json()["upvotes"] == 2
    assert (Question.objects.get().upvotes, Upvote.objects.count()) == (2, 2)


def test_a_forged_voter_cookie_counts_as_a_new_browser(client, edition, slot):
    question = Question.objects.create(slot=slot, text="Does sparsity help decode?")
    url = reverse("live:upvote", args=[edition.slug, slot.uid, question.pk])
    client.post(url)
    client.cookies["sllm_voter"] = "forged-value"
    client.post(url)
    assert Question.objects.get().upvotes == 2


def test_hidden_questions_cannot_be_upvoted(client, edition, slot):
    question = Question.objects.create(slot=slot, text="Spam spam spam", is_hidden=True)
    response = client.post(
        reverse("live:upvote", args=[edition.slug, slot.uid, question.pk]), HTTP_ACCEPT="application/json"
    )
    assert (response.status_code, response.json()["message"]) == (400, "This question is not shown.")
    assert _state() == [("Spam spam spam", 0, True, False, False)]


def test_json_orders_pinned_then_open_by_upvotes_and_hides_hidden(client, edition, slot):
    low = Question.objects.create(slot=slot, text="Low", upvotes=1)
    high = Question.objects.create(slot=slot, text="High", upvotes=9)
    answered = Question.objects.create(slot=slot, text="Answered", upvotes=20, is_answered=True)
    pinned = Question.objects.create(slot=slot, text="Pinned", is_pinned=True)
    Question.objects.create(slot=slot, text="Hidden", is_hidden=True, upvotes=50)
    response = client.get(_urls(edition, slot)["json"])
    data = json.loads(response.content)
    assert [q["id"] for q in data["questions"]] == [pinned.pk, high.pk, low.pk, answered.pk]
    assert (data["slot"], data["open"], response["ETag"]) == (str(slot.uid), True, f'"{data["version"]}"')


def test_polls_with_the_latest_version_cost_no_query(client, edition, slot, django_assert_num_queries):
    Question.objects.create(slot=slot, text="First")
    etag = client.get(_urls(edition, slot)["json"])["ETag"]
    with django_assert_num_queries(0):
        response = client.get(_urls(edition, slot)["json"], HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response["ETag"]) == (304, etag)


def test_a_new_question_changes_the_version_viewers_see(client, edition, slot, django_capture_on_commit_callbacks):
    etag = client.get(_urls(edition, slot)["json"])["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, edition, slot, text="What about MoE routers?")
    response = client.get(_urls(edition, slot)["json"], HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert [q["text"] for q in response.json()["questions"]] == ["What about MoE routers?"]


@pytest.mark.parametrize("count", [1, 3])
def test_question_page_queries_do_not_grow(client, edition, slot, count, django_assert_num_queries):
    for i in range(count):
        Question.objects.create(slot=slot, text=f"Question {i}")
    with django_assert_num_queries(3):
        response = client.get(_urls(edition, slot)["page"])
    assert len(response.context["questions"]) == count


def test_now_screen_shows_the_top_open_questions(client, edition, slot):
    for i in range(7):
        Question.objects.create(slot=slot, text=f"Q{i}", upvotes=i)
    Question.objects.create(slot=slot, text="Done", upvotes=99, is_answered=True)
    Question.objects.create(slot=slot, text="Pinned", is_pinned=True)
    response = client.get(_urls(edition, slot)["now"])
    assert [q.text for q in response.context["questions"]] == ["Pinned", "Q6", "Q5", "Q4", "Q3"]


def test_after_the_event_questions_stay_with_the_recording(client, edition, slot):
    Question.objects.create(slot=slot, text="Kept for the recording", is_answered=True)
    QuestionBoard.objects.create(slot=slot, is_closed=True)
    Recording.objects.create(edition=edition, slot=slot, url="https://video.example.org/talk1")
    page = client.get(_urls(edition, slot)["page"])
    assert (
        page.context["closed"],
        page.context["recording"].url,
        [q.text for q in page.context["questions"]],
    ) == (True, "https://video.example.org/talk1", ["Kept for the recording"])
    response = _ask(client, edition, slot, text="A late question", as_json=True)
    assert (response.status_code, response.json()["message"]) == (
        409,
        "Questions for this talk are closed; the ones asked stay below.",
    )
    assert Question.objects.count() == 1


@pytest.fixture
def people(edition, organizer, author, reviewer, mentor):
    return {
        "anonymous": None,
        "author": author,
        "reviewer": reviewer,
        "mentor": mentor,
        "organizer": organizer,
    }


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 302)],
)
@pytest.mark.parametrize(
    "action,expected",
    [
        ("hide", ("Q", 0, True, False, False)),
        ("answer", ("Q", 0, False, True, False)),
        ("pin", ("Q", 0, False, False, True)),
    ],
)
def test_moderation_matrix(client_for, edition, slot, people, who, status, action, expected):
    question = Question.objects.create(slot=slot, text="Q")
    response = client_for(people[who]).post(
        reverse("live:moderate-action", args=[edition.slug, slot.uid, question.pk, action])
    )
    assert response.status_code == status
    assert _state() == [expected if who == "organizer" else ("Q", 0, False, False, False)]


def test_moderation_undoes_and_refuses_unknown_actions(client_for, edition, slot, organizer):
    question = Question.objects.create(slot=slot, text="Q", is_hidden=True, is_answered=True, is_pinned=True)
    client = client_for(organizer)
    for action in ("show", "unanswer", "unpin"):
        client.post(reverse("live:moderate-action", args=[edition.slug, slot.uid, question.pk, action]))
    assert _state() == [("Q", 0, False, False, False)]
    response = client.post(reverse("live:moderate-action", args=[edition.slug, slot.uid, question.pk, "delete"]))
    assert (response.status_code, response.context["error"].message) == (400, "Unknown action 'delete'.")
    assert _state() == [("Q", 0, False, False, False)]


@pytest.mark.parametrize(
    "who,status",
    [("anonymous", 302), ("author", 403), ("reviewer", 403), ("mentor", 403), ("organizer", 200)],
)
def test_moderator_view_matrix_shows_hidden_questions_too(client_for, edition, slot, people, who, status):
    Question.objects.create(slot=slot, text="Shown")
    Question.objects.create(slot=slot, text="Hidden", is_hidden=True)
    response = client_for(people[who]).get(_urls(edition, slot)["moderate"])
    assert response.status_code == status
    if status == 200:
        assert [q.text for q in response.context["questions"]] == ["Shown", "Hidden"]


@pytest.mark.parametrize("who,status", [("anonymous", 302), ("author", 403), ("organizer", 302)])
def test_closing_questions_matrix(client_for, edition, slot, people, who, status):
    response = client_for(people[who]).post(reverse("live:board", args=[edition.slug, slot.uid]), {"closed": "1"})
    assert response.status_code == status
    assert list(QuestionBoard.objects.values_list("is_closed", flat=True)) == ([True] if who == "organizer" else [])


@pytest.mark.parametrize("count", [1, 3])
def test_organizer_talk_list_queries_do_not_grow(
    client_for, edition, session, room, organizer, count, django_assert_num_queries
):
    for i in range(count):
        Question.objects.create(slot=make_slot(session, room, title=f"Talk {i}", minutes=i * 40), text="Q")
    client = client_for(organizer)
    with django_assert_num_queries(5):
        response = client.get(reverse("live:organize", args=[edition.slug]))
    assert [(s.title, s.question_count) for s in response.context["slots"]] == [(f"Talk {i}", 1) for i in range(count)]


def test_another_editions_slot_is_not_found_under_this_edition(client, edition, slot):
    other = factories.EditionFactory(slug="sllm-2099")
    assert client.get(reverse("live:questions", args=[other.slug, slot.uid])).status_code == 404
    assert client.get(reverse("live:questions-json", args=[other.slug, slot.uid])).status_code == 404


def test_an_oral_papers_page_shows_the_questions_of_its_talk(client, edition, main_track, session, room):
    paper = factories.PaperFactory(track=main_track, status="accepted", presentation="oral")
    oral = make_slot(session, room, kind="oral", title=paper.title)
    oral.paper = paper
    oral.save()
    Question.objects.create(slot=oral, text="How big was the speed-up?", is_answered=True)
    Question.objects.create(slot=oral, text="Hidden one", is_hidden=True)
    response = client.get(reverse("website:paper", args=[edition.slug, paper.number]))
    [section] = [s for template, s in response.context["sections"] if template == "live/paper_section.html"]
    assert (section["slot"], [q.text for q in section["questions"]]) == (oral, ["How big was the speed-up?"])


def test_reloads_without_javascript_are_served_from_the_cache_until_something_changes(
    client, edition, slot, django_assert_num_queries, django_capture_on_commit_callbacks
):
    Question.objects.create(slot=slot, text="First question")
    first = client.get(_urls(edition, slot)["page"])
    with django_assert_num_queries(0):
        again = client.get(_urls(edition, slot)["page"])
    assert again.content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        _ask(client, edition, slot, text="Second question", as_json=True)
    page = client.get(_urls(edition, slot)["page"]).content.decode()
    assert re.findall(r'<p class="q-text">(.*?)</p>', page) == ["First question", "Second question"]


def test_signed_in_people_get_their_own_rendering(client_for, edition, slot, organizer):
    client_for(None).get(_urls(edition, slot)["page"])
    page = client_for(organizer).get(_urls(edition, slot)["page"])
    assert page.context["user"] == organizer
