"""Fetch-and-authorize helpers of the program app."""

from django.http import Http404

from sllm.workshops.permissions import access_edition_as_organizer

from .models import BreakoutOutcome, PosterBoard, Slot


def access_slot_as_organizer(*, user, slug: str, slot_id: int) -> Slot:
    edition = access_edition_as_organizer(user=user, slug=slug)
    slot = Slot.objects.select_related("session__edition", "room").filter(session__edition=edition, pk=slot_id).first()
    if slot is None:
        raise Http404("No such slot.")
    return slot


def access_board_as_organizer(*, user, slug: str, board_id: int) -> PosterBoard:
    edition = access_edition_as_organizer(user=user, slug=slug)
    board = PosterBoard.objects.select_related("paper", "edition").filter(edition=edition, pk=board_id).first()
    if board is None:
        raise Http404("No such board.")
    return board


def access_outcome_as_organizer(*, user, slug: str, outcome_id: int) -> BreakoutOutcome:
    edition = access_edition_as_organizer(user=user, slug=slug)
    outcome = BreakoutOutcome.objects.select_related("edition").filter(edition=edition, pk=outcome_id).first()
    if outcome is None:
        raise Http404("No such outcome.")
    return outcome
