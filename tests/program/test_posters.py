import pytest
from django.urls import reverse

from sllm.program import services
from sllm.program.models import PosterBoard
from tests.program.conftest import accepted_paper
from tests.program.factories import PosterBoardFactory

pytestmark = pytest.mark.django_db


def boards(edition):
    return list(
        PosterBoard.objects.filter(edition=edition)
        .order_by("session", "number")
        .values_list("paper__number", "session", "number")
    )


def test_placing_puts_shared_authors_together_and_balances(edition, main_track, tiny_track):
    accepted_paper(main_track, number=1, authors=["Ada"], topics=["MoE"])
    accepted_paper(tiny_track, number=2, authors=["Ada", "Bob"], topics=["Pruning"])
    accepted_paper(main_track, number=3, authors=["Cy"], topics=["MoE"])
    accepted_paper(main_track, number=4, authors=["Dee"], topics=["Pruning"])
    accepted_paper(main_track, number=5, authors=["Eve"], presentation="oral")
    services.poster_boards_place(edition=edition)
    assert boards(edition) == [(1, 1, 1), (2, 1, 2), (3, 2, 1), (4, 2, 2)]


def test_moving_a_board_onto_a_taken_number_is_refused(client_for, organizer, edition, main_track):
    one = PosterBoardFactory(paper=accepted_paper(main_track, number=1, authors=["A"]), session=1, number=1)
    PosterBoardFactory(paper=accepted_paper(main_track, number=2, authors=["B"]), session=1, number=2)
    response = client_for(organizer).post(
        reverse("program:board-edit", args=[edition.slug, one.pk]), {"session": "1", "number": "2"}
    )
    assert (response.status_code, response.context["error"].message, boards(edition)) == (
        409,
        "Board 2 of poster session 1 already holds paper #2.",
        [(1, 1, 1), (2, 1, 2)],
    )


def test_moving_one_of_an_authors_posters_to_the_other_session_is_refused(client_for, organizer, edition, main_track):
    one = PosterBoardFactory(paper=accepted_paper(main_track, number=1, authors=["Ada"]), session=1, number=1)
    PosterBoardFactory(paper=accepted_paper(main_track, number=2, authors=["Ada"]), session=1, number=2)
    response = client_for(organizer).post(
        reverse("program:board-edit", args=[edition.slug, one.pk]), {"session": "2", "number": "1"}
    )
    assert response.status_code == 409
    assert response.context["error"].message == (
        "Paper #1 shares authors with #2 in the other poster session; an author would have to be in both "
        "sessions. Move them together."
    )
    assert boards(edition) == [(1, 1, 1), (2, 1, 2)]


def test_organizer_moves_a_board(client_for, organizer, edition, main_track):
    one = PosterBoardFactory(paper=accepted_paper(main_track, number=1, authors=["A"]), session=1, number=1)
    response = client_for(organizer).post(
        reverse("program:board-edit", args=[edition.slug, one.pk]), {"session": "2", "number": "7"}
    )
    assert (response.status_code, boards(edition)) == (302, [(1, 2, 7)])


@pytest.mark.parametrize("who, status", [(None, 302), ("author", 403), ("reviewer", 403), ("mentor", 403)])
def test_placing_and_moving_are_for_organizers_only(request, client_for, edition, main_track, who, status):
    board = PosterBoardFactory(paper=accepted_paper(main_track, number=1, authors=["A"]), session=1, number=1)
    accepted_paper(main_track, number=2, authors=["B"])
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)
    place = client.post(reverse("program:posters-place", args=[edition.slug]))
    move = client.post(reverse("program:board-edit", args=[edition.slug, board.pk]), {"session": "2", "number": "3"})
    assert (place.status_code, move.status_code, boards(edition)) == (status, status, [(1, 1, 1)])
