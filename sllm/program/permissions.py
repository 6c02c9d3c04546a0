"""Fetch-and-authorize helpers of the program app."""

from django.http import Http404

from sllm.workshops.permissions import access_edition_as_organizer

from .groups import breakout_group_get
from .models import BreakoutGroup, BreakoutOutcome, PosterBoard, Room, Session, Slot, Speaker


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


def access_room_as_organizer(*, user, slug: str, room_id: int) -> Room:
    edition = access_edition_as_organizer(user=user, slug=slug)
    room = Room.objects.select_related("edition").filter(edition=edition, pk=room_id).first()
    if room is None:
        raise Http404("No such room.")
    return room


def access_session_as_organizer(*, user, slug: str, session_id: int) -> Session:
    edition = access_edition_as_organizer(user=user, slug=slug)
    session = Session.objects.select_related("edition").filter(edition=edition, pk=session_id).first()
    if session is None:
        raise Http404("No such session.")
    return session


def access_speaker_as_organizer(*, user, slug: str, speaker_id: int) -> Speaker:
    edition = access_edition_as_organizer(user=user, slug=slug)
    speaker = Speaker.objects.select_related("edition").filter(edition=edition, pk=speaker_id).first()
    if speaker is None:
        raise Http404("No such speaker.")
    return speaker


def access_breakout_group_as_organizer(*, user, slug: str, group_id: int) -> BreakoutGroup:
    return breakout_group_get(edition=access_edition_as_organizer(user=user, slug=slug), group_id=group_id)
