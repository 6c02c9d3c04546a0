from sllm.workshops.permissions import access_edition_as_organizer

from .selectors import talk_slot_get


def access_slot_as_moderator(*, user, slug: str, uid: str):
    """Moderators are the edition's organizers (session chairs hold the organizer role)."""
    return talk_slot_get(edition=access_edition_as_organizer(user=user, slug=slug), uid=uid)
