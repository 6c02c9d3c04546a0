"""Fetch-and-authorize helpers of the program app: one row of the edition, for its organizers."""

from sllm.workshops.permissions import access_edition_item_as_organizer

from .models import BreakoutGroup, BreakoutOutcome, PosterBoard, Room, Session, Slot, Speaker


def access_slot_as_organizer(*, user, slug: str, slot_id: int) -> Slot:
    slots = Slot.objects.select_related("session__edition", "room")
    return access_edition_item_as_organizer(
        slots, user=user, slug=slug, name="slot", edition_field="session__edition", pk=slot_id
    )


def access_board_as_organizer(*, user, slug: str, board_id: int) -> PosterBoard:
    boards = PosterBoard.objects.select_related("paper", "edition")
    return access_edition_item_as_organizer(boards, user=user, slug=slug, name="board", pk=board_id)


def access_outcome_as_organizer(*, user, slug: str, outcome_id: int) -> BreakoutOutcome:
    outcomes = BreakoutOutcome.objects.select_related("edition")
    return access_edition_item_as_organizer(outcomes, user=user, slug=slug, name="outcome", pk=outcome_id)


def access_room_as_organizer(*, user, slug: str, room_id: int) -> Room:
    rooms = Room.objects.select_related("edition")
    return access_edition_item_as_organizer(rooms, user=user, slug=slug, name="room", pk=room_id)


def access_session_as_organizer(*, user, slug: str, session_id: int) -> Session:
    sessions = Session.objects.select_related("edition")
    return access_edition_item_as_organizer(sessions, user=user, slug=slug, name="session", pk=session_id)


def access_speaker_as_organizer(*, user, slug: str, speaker_id: int) -> Speaker:
    speakers = Speaker.objects.select_related("edition")
    return access_edition_item_as_organizer(speakers, user=user, slug=slug, name="speaker", pk=speaker_id)


def access_breakout_group_as_organizer(*, user, slug: str, group_id: int) -> BreakoutGroup:
    groups = BreakoutGroup.objects.select_related("edition")
    return access_edition_item_as_organizer(groups, user=user, slug=slug, name="breakout group", pk=group_id)
