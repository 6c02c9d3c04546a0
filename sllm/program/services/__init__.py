"""Writes of the program app; every service owns its transaction and bumps the public site's version."""

from .breakouts import breakout_group_delete, breakout_group_join, breakout_group_leave, breakout_group_save
from .content import room_delete, room_save, session_save, slot_create_with_people, slot_people_set, speaker_save
from .feedback import breakout_outcome_save, feedback_submit
from .posters import poster_board_update, poster_boards_place
from .presenters import presenter_materials_save, recording_set
from .schedule import oral_slots_fill, program_release, slot_create, slot_delete, slot_update

__all__ = [
    "breakout_group_delete",
    "breakout_group_join",
    "breakout_group_leave",
    "breakout_group_save",
    "breakout_outcome_save",
    "room_delete",
    "room_save",
    "session_save",
    "slot_create_with_people",
    "slot_people_set",
    "speaker_save",
    "oral_slots_fill",
    "feedback_submit",
    "poster_board_update",
    "poster_boards_place",
    "presenter_materials_save",
    "program_release",
    "recording_set",
    "slot_create",
    "slot_delete",
    "slot_update",
]
