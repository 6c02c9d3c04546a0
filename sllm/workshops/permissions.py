"""Fetch-and-authorize for an edition: the organizer check every app's organizer pages share, and the
shape of their helpers that fetch one row of the edition (a room, a sponsor, a news item) for it."""

from django.db.models import Model, QuerySet
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


def edition_item_or_404(queryset: QuerySet, *, edition: Edition, name: str, edition_field: str = "edition", **lookup):
    """The row of `queryset` that belongs to the edition and matches `lookup`; 404 `No such <name>.` when there
    is none, so another edition's row is as unknown as a missing one."""
    item = queryset.filter(**{edition_field: edition}, **lookup).first()
    if item is None:
        raise Http404(f"No such {name}.")
    return item


def access_edition_item_as_organizer(
    queryset: QuerySet, *, user: User, slug: str, name: str, edition_field: str = "edition", **lookup
) -> Model:
    """One row of the edition for its organizers: Forbidden for anyone else before anything is looked up,
    then as edition_item_or_404."""
    edition = access_edition_as_organizer(user=user, slug=slug)
    return edition_item_or_404(queryset, edition=edition, name=name, edition_field=edition_field, **lookup)


def access_channel_as_organizer(*, user: User, slug: str, channel_id: int) -> CommunityChannel:
    channels = CommunityChannel.objects.select_related("edition")
    return access_edition_item_as_organizer(channels, user=user, slug=slug, name="channel", pk=channel_id)
