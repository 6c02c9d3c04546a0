"""Poster boards: placed automatically, then edited by hand."""

from django.db import transaction

from sllm.core.errors import ApplicationError, Conflict

from .. import selectors
from ..models import PosterBoard
from ..placement import place_posters


def _author_keys(paper) -> list[str]:
    return [selectors.person_key(user_id=a.user_id, name=a.name) for a in paper.authorships.all()]


@transaction.atomic
def poster_boards_place(*, edition) -> list[PosterBoard]:
    """Places every accepted poster paper anew (sessions balanced by topic, an author's posters together)."""
    papers = {p.pk: p for p in selectors.poster_papers(edition=edition)}
    placement = place_posters([{"id": pk, "topics": p.topics, "authors": _author_keys(p)} for pk, p in papers.items()])
    PosterBoard.objects.filter(edition=edition).delete()
    return PosterBoard.objects.bulk_create(
        PosterBoard(edition=edition, paper=papers[pk], session=spot["session"], number=spot["board"])
        for pk, spot in sorted(placement.items(), key=lambda item: (item[1]["session"], item[1]["board"]))
    )


@transaction.atomic
def poster_board_update(*, board: PosterBoard, session: int, number: int) -> PosterBoard:
    board = PosterBoard.objects.select_for_update().select_related("paper", "edition").get(pk=board.pk)
    if session not in (1, 2) or not 1 <= number <= 999:
        raise ApplicationError("A board is in poster session 1 or 2 with a number from 1 to 999.", code="invalid_board")
    taken = PosterBoard.objects.filter(edition=board.edition, session=session, number=number).exclude(pk=board.pk)
    taken = taken.select_related("paper").first()
    if taken is not None:
        raise Conflict(
            f"Board {number} of poster session {session} already holds paper #{taken.paper.number}.", code="board_taken"
        )
    mine = set(_author_keys(board.paper))
    split = [
        other.paper
        for other in PosterBoard.objects.filter(edition=board.edition)
        .exclude(pk=board.pk)
        .exclude(session=session)
        .select_related("paper")
        .prefetch_related("paper__authorships")
        if mine & set(_author_keys(other.paper))
    ]
    if split:
        numbers = ", ".join(f"#{p.number}" for p in split)
        raise Conflict(
            f"Paper #{board.paper.number} shares authors with {numbers} in the other poster session; "
            f"an author would have to be in both sessions. Move them together.",
            code="author_split",
        )
    board.session, board.number = session, number
    board.save(update_fields=["session", "number"])
    return board
