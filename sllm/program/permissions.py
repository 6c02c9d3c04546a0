"""Fetch-and-authorize helpers of the program app."""

from django.http import Http404

from sllm.submissions.permissions import access_workshop_as_organizer

from .models import BreakoutOutcome, PosterBoard, Slot


def access_slot_as_organizer(*, user, workshop, slot_id: int) -> Slot:
    access_workshop_as_organizer(user=user, workshop=workshop)
    slot = Slot.objects.select_related("session", "room").filter(session__workshop=workshop, pk=slot_id).first()
    if slot is None:
        raise Http404("No such slot.")
    return slot


def access_board_as_organizer(*, user, workshop, board_id: int) -> PosterBoard:
    access_workshop_as_organizer(user=user, workshop=workshop)
    board = PosterBoard.objects.select_related("paper").filter(workshop=workshop, pk=board_id).first()
    if board is None:
        raise Http404("No such board.")
    return board


def access_outcome_as_organizer(*, user, workshop, outcome_id: int) -> BreakoutOutcome:
    access_workshop_as_organizer(user=user, workshop=workshop)
    outcome = BreakoutOutcome.objects.filter(workshop=workshop, pk=outcome_id).first()
    if outcome is None:
        raise Http404("No such outcome.")
    return outcome
