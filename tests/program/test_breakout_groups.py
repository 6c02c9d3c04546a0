"""Breakout groups: organizers shape them, attendees join one each from the public site."""

import pytest
from django.urls import reverse

from sllm.core.errors import ApplicationError, Conflict
from sllm.program import services
from sllm.program.models import BreakoutGroup, BreakoutMembership, Slot
from tests import factories
from tests.program.factories import SlotFactory

pytestmark = pytest.mark.django_db
TOPIC = factories.TOPICS[4]


@pytest.fixture
def breakout_slot(session, room):
    return SlotFactory(session=session, room=room, kind=Slot.Kind.BREAKOUT, title="Breakout groups")


@pytest.fixture
def group(edition, breakout_slot):
    return services.breakout_group_save(
        edition=edition,
        topic=TOPIC,
        title="Sparse attention in practice",
        questions="Which kernels win at long context?\nIs 2:4 enough?",
        capacity=2,
        slot=breakout_slot,
    )


def organize_url(edition, *parts):
    return reverse("program:breakout-groups", args=[edition.slug]) + "".join(f"{p}/" for p in parts)


def form_data(**overrides):
    return {"topic": TOPIC, "title": "Pruning MoEs", "questions": "", "capacity": "", "slot": "", "order": "0"} | (
        overrides
    )


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("stranger", 403), ("author", 403), ("organizer", 302)])
def test_only_organizers_create_groups(client_for, edition, stranger, author, organizer, breakout_slot, who, status):
    user = {"stranger": stranger, "author": author, "organizer": organizer}.get(who)
    response = client_for(user).post(organize_url(edition), form_data(slot=breakout_slot.pk, capacity="12"))
    assert response.status_code == status
    expected = [("Pruning MoEs", TOPIC, 12, breakout_slot.pk)] if who == "organizer" else []
    assert list(BreakoutGroup.objects.values_list("title", "topic", "capacity", "slot")) == expected
    if who is None:
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("who", "status"), [(None, 302), ("stranger", 403), ("organizer", 302)])
def test_only_organizers_edit_and_delete_groups(client_for, edition, stranger, organizer, group, who, status):
    user = {"stranger": stranger, "organizer": organizer}.get(who)
    client = client_for(user)
    assert client.get(organize_url(edition, group.pk)).status_code == (200 if who == "organizer" else status)
    response = client.post(organize_url(edition, group.pk), form_data(title="Renamed", capacity="3"))
    assert response.status_code == status
    group.refresh_from_db()
    assert group.title == ("Renamed" if who == "organizer" else "Sparse attention in practice")
    response = client.post(organize_url(edition, group.pk, "delete"))
    assert response.status_code == status
    assert BreakoutGroup.objects.count() == (0 if who == "organizer" else 1)


def test_organizers_see_members(client_for, edition, organizer, author, group):
    services.breakout_group_join(group=group, user=author)
    page = client_for(organizer).get(organize_url(edition, group.pk))
    assert [m.user for m in page.context["members"]] == [author]
    listing = client_for(organizer).get(organize_url(edition))
    assert [(g.title, g.member_count) for g in listing.context["groups"]] == [("Sparse attention in practice", 1)]


def test_unknown_group_is_404(client_for, edition, organizer, author, group):
    assert client_for(organizer).get(organize_url(edition, group.pk + 99)).status_code == 404
    other = factories.EditionFactory(slug="other-2026")
    factories.grant(organizer, other, "organizer")
    assert client_for(organizer).get(organize_url(other, group.pk)).status_code == 404
    join = reverse("program:breakout-group-join", args=[edition.slug, group.pk + 99])
    assert client_for(author).post(join).status_code == 404
    assert BreakoutMembership.objects.count() == 0


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"topic": "Astrology"}, None),
        ({"title": " "}, None),
        ({"capacity": "0"}, None),
        ({"questions": "\n".join(f"Question {n}?" for n in range(11))}, "At most 10 suggested questions."),
        ({"questions": "x" * 301}, "A suggested question has at most 300 characters."),
    ],
)
def test_bad_group_input_is_refused_and_nothing_stored(client_for, edition, organizer, overrides, message):
    response = client_for(organizer).post(organize_url(edition), form_data(**overrides))
    assert response.status_code == 400
    if message:
        assert response.context["error"].message == message
    else:
        assert response.context["form"].errors
    assert BreakoutGroup.objects.count() == 0


def test_a_slot_that_is_not_a_breakout_is_refused(edition, session, room):
    talk = SlotFactory(session=session, room=room, kind=Slot.Kind.INVITED)
    with pytest.raises(ApplicationError) as refused:
        services.breakout_group_save(edition=edition, topic=TOPIC, title="Talk group", slot=talk)
    assert refused.value.message == "The slot must be a breakout slot of this edition's program."
    assert BreakoutGroup.objects.count() == 0


def test_script_in_a_suggested_question_is_stored_as_text_and_escaped(client_for, edition, organizer):
    script = "<script>alert('x')</script> Why prune?"
    response = client_for(organizer).post(organize_url(edition), form_data(questions=script))
    assert response.status_code == 302
    assert BreakoutGroup.objects.get().questions == [script]
    page = client_for(None).get(reverse("program:breakout-groups-public", args=[edition.slug])).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; Why prune?" in page


def test_the_public_page_lists_groups_with_their_questions(client_for, edition, group):
    response = client_for(None).get(reverse("program:breakout-groups-public", args=[edition.slug]))
    assert response.status_code == 200
    assert [(g.title, g.questions, g.member_count) for g in response.context["groups"]] == [
        ("Sparse attention in practice", ["Which kernels win at long context?", "Is 2:4 enough?"], 0)
    ]
    assert "Log in</a> to join a group." in response.content.decode()


def test_anonymous_cannot_join(client_for, edition, group):
    response = client_for(None).post(reverse("program:breakout-group-join", args=[edition.slug, group.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert BreakoutMembership.objects.count() == 0


def test_an_attendee_joins_one_group_and_leaves_it(client_for, edition, author, group, breakout_slot):
    other = services.breakout_group_save(edition=edition, topic=TOPIC, title="Other", slot=breakout_slot)
    client = client_for(author)
    joined = client.post(reverse("program:breakout-group-join", args=[edition.slug, group.pk]))
    assert joined.status_code == 302
    second = client.post(reverse("program:breakout-group-join", args=[edition.slug, other.pk]))
    assert second.status_code == 409
    assert second.context["error"] == (
        "You are already in “Sparse attention in practice”; leave it first to join another group."
    )
    assert list(BreakoutMembership.objects.values_list("group", "user")) == [(group.pk, author.pk)]
    left = client.post(reverse("program:breakout-group-leave", args=[edition.slug, group.pk]))
    assert left.status_code == 302
    assert BreakoutMembership.objects.count() == 0
    again = client.post(reverse("program:breakout-group-leave", args=[edition.slug, group.pk]))
    assert (again.status_code, again.context["error"]) == (409, "You are not in this group.")


def test_a_full_group_refuses_with_a_clear_message(client_for, edition, group, author, reviewer, stranger):
    services.breakout_group_join(group=group, user=author)
    services.breakout_group_join(group=group, user=reviewer)
    response = client_for(stranger).post(reverse("program:breakout-group-join", args=[edition.slug, group.pk]))
    assert response.status_code == 409
    assert (
        response.context["error"] == "“Sparse attention in practice” is full (2 places); please choose another group."
    )
    assert BreakoutMembership.objects.filter(user=stranger).count() == 0


def test_capacity_cannot_drop_below_the_members(edition, group, author, reviewer):
    services.breakout_group_join(group=group, user=author)
    services.breakout_group_join(group=group, user=reviewer)
    with pytest.raises(Conflict) as refused:
        services.breakout_group_save(edition=edition, group=group, topic=TOPIC, title=group.title, capacity=1)
    assert refused.value.message == "The group already has 2 members; the capacity cannot be lower."
    group.refresh_from_db()
    assert group.capacity == 2
