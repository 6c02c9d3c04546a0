"""Questions for the panel, collected from the public before it starts and held for the moderators."""

import pytest
from django.urls import reverse

from sllm.live.models import Question
from sllm.program.services import program_release
from tests.live.conftest import make_slot

pytestmark = pytest.mark.django_db


@pytest.fixture
def panel(session, room):
    # Tomorrow: the program is out, the panel has not started.
    return make_slot(session, room, kind="panel", title="Panel: is sparsity worth it?", minutes=24 * 60)


@pytest.fixture
def released(edition, panel):
    return program_release(edition=edition)


def urls(edition, slot):
    args = [edition.slug, slot.uid]
    return {
        "page": reverse("live:questions", args=args),
        "ask": reverse("live:ask", args=args),
        "json": reverse("live:questions-json", args=args),
        "now": reverse("live:now", args=args),
        "moderate": reverse("live:moderate", args=args),
    }


def ask(client, edition, slot, text, as_json=True):
    headers = {"HTTP_ACCEPT": "application/json"} if as_json else {}
    return client.post(urls(edition, slot)["ask"], {"text": text, "name": "", "website": ""}, **headers)


def moderate(client, edition, slot, question, action):
    return client.post(reverse("live:moderate-action", args=[edition.slug, slot.uid, question.pk, action]))


def test_a_panel_takes_no_questions_before_the_program_is_released(client, edition, panel):
    response = ask(client, edition, panel, "Will you cover MoE routing?")
    assert (response.status_code, response.json()["message"]) == (
        409,
        "Questions for this panel open once the program is published.",
    )
    assert Question.objects.count() == 0


def test_a_question_asked_in_advance_waits_for_approval(client, edition, panel, released):
    response = ask(client, edition, panel, "Will you cover MoE routing?")
    assert (response.status_code, response.json()["pending"]) == (201, True)
    assert list(Question.objects.values_list("text", "is_pending")) == [("Will you cover MoE routing?", True)]
    assert client.get(urls(edition, panel)["json"]).json()["questions"] == []
    assert list(client.get(urls(edition, panel)["page"]).context["questions"]) == []
    assert list(client.get(urls(edition, panel)["now"]).context["questions"]) == []


def test_the_page_says_questions_are_moderated_in_advance(client, edition, panel, released):
    response = ask(client, edition, panel, "Will you cover MoE routing?", as_json=False)
    assert response.status_code == 302
    page = client.get(urls(edition, panel)["page"]).content.decode()
    assert "your question was received and appears here once a moderator approves it." in page
    assert "Moderators read each question first" in page


def test_a_pending_question_cannot_be_upvoted(client, edition, panel, released):
    ask(client, edition, panel, "Will you cover MoE routing?")
    question = Question.objects.get()
    response = client.post(
        reverse("live:upvote", args=[edition.slug, panel.uid, question.pk]), HTTP_ACCEPT="application/json"
    )
    assert (response.status_code, response.json()["message"]) == (400, "This question is not shown.")
    assert Question.objects.get().upvotes == 0


@pytest.mark.parametrize("who,status", [("anonymous", 302), ("author", 403), ("organizer", 302)])
def test_only_moderators_approve(client_for, edition, panel, released, organizer, author, who, status):
    question = Question.objects.create(slot=panel, text="Pending one", is_pending=True)
    user = {"author": author, "organizer": organizer}.get(who)
    assert moderate(client_for(user), edition, panel, question, "approve").status_code == status
    assert Question.objects.get().is_pending is (who != "organizer")


def test_approved_questions_go_public_and_the_board_orders_them_by_votes(
    client_for, edition, panel, released, organizer
):
    client = client_for(None)
    for text in ("First, few votes?", "Second, many votes?", "Third, still waiting?"):
        ask(client, edition, panel, text)
    first, second, third = Question.objects.order_by("pk")
    moderator = client_for(organizer)
    moderate(moderator, edition, panel, first, "approve")
    moderate(moderator, edition, panel, second, "approve")
    Question.objects.filter(pk=second.pk).update(upvotes=5)
    Question.objects.filter(pk=first.pk).update(upvotes=1)
    board = moderator.get(urls(edition, panel)["moderate"])
    assert [(q.text, q.is_pending) for q in board.context["questions"]] == [
        ("Third, still waiting?", True),
        ("Second, many votes?", False),
        ("First, few votes?", False),
    ]
    assert f'Approve<span class="visually-hidden"> question {third.pk}</span>' in board.content.decode()
    listing = moderator.get(reverse("live:organize", args=[edition.slug]))
    assert [(s.title, s.open_count, s.pending_count) for s in listing.context["slots"]] == [
        ("Panel: is sparsity worth it?", 2, 1)
    ]
    public = client_for(None).get(urls(edition, panel)["json"]).json()["questions"]
    assert [q["text"] for q in public] == ["Second, many votes?", "First, few votes?"]


def test_a_script_in_a_question_is_stored_as_plain_text(client, edition, panel, released):
    ask(client, edition, panel, "<script>alert(1)</script>Is <b>2:4</b> enough?")
    assert list(Question.objects.values_list("text", flat=True)) == ["Is 2:4 enough?"]


def test_during_the_panel_questions_are_live_as_for_talks(client, edition, session, room):
    running = make_slot(session, room, kind="panel", title="Running panel", minutes=-5)
    response = ask(client, edition, running, "Is this live?")
    assert (response.status_code, response.json()["pending"]) == (201, False)
    assert [q["text"] for q in client.get(urls(edition, running)["json"]).json()["questions"]] == ["Is this live?"]


def test_talks_in_the_future_stay_as_they_were(client, edition, session, room):
    talk = make_slot(session, room, kind="invited", title="Tomorrow's talk", minutes=24 * 60)
    response = ask(client, edition, talk, "Asked early?")
    assert (response.status_code, response.json()["pending"]) == (201, False)
