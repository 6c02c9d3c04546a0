from sllm.submissions.permissions import access_workshop_as_organizer

from .selectors import talk_slot_get


def access_slot_as_moderator(*, user, workshop, uid: str):
    """Moderators are the edition's organizers (session chairs hold the organizer role)."""
    access_workshop_as_organizer(user=user, workshop=workshop)
    return talk_slot_get(workshop=workshop, uid=uid)
