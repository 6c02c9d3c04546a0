"""Fetch-and-authorize helpers of the proceedings."""

from sllm.workshops.permissions import access_edition_item_as_organizer

from .models import Build


def access_build_as_organizer(*, user, slug: str, build_id: int) -> Build:
    builds = Build.objects.select_related("edition")
    return access_edition_item_as_organizer(builds, user=user, slug=slug, name="build", pk=build_id)
