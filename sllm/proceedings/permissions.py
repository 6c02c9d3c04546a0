"""Fetch-and-authorize helpers of the proceedings."""

from django.http import Http404

from sllm.workshops.permissions import access_edition_as_organizer

from .models import Build


def access_build_as_organizer(*, user, slug: str, build_id: int) -> Build:
    edition = access_edition_as_organizer(user=user, slug=slug)
    build = Build.objects.select_related("edition").filter(edition=edition, pk=build_id).first()
    if build is None:
        raise Http404("No such build.")
    return build
