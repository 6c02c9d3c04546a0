"""Fetch-and-authorize for an edition: the organizer check every app's organizer pages share."""

from django.http import Http404

from sllm.accounts.models import Role, User
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden

from .models import CommunityChannel, Edition
from .selectors import edition_get


def is_edition_organizer(*, user: User, edition: Edition) -> bool:
    """Superusers count as organizers of every edition."""
    return user.is_authenticated and (
        user.is_superuser or user_has_role(user=user, edition=edition, kind=Role.Kind.ORGANIZER)
    )


def access_edition_as_organizer(*, user: User, slug: str) -> Edition:
    """The edition of that slug (404 when there is none), Forbidden unless the user organizes it."""
    edition = edition_get(slug=slug)
    if not is_edition_organizer(user=user, edition=edition):
        raise Forbidden("Only the edition's organizers may do this.", code="forbidden")
    return edition


def access_channel_as_organizer(*, user: User, slug: str, channel_id: int) -> CommunityChannel:
    edition = access_edition_as_organizer(user=user, slug=slug)
    channel = CommunityChannel.objects.select_related("edition").filter(edition=edition, pk=channel_id).first()
    if channel is None:
        raise Http404("No such channel.")
    return channel
