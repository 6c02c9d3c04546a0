from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import CallForPapers, CommunityChannel, Edition, Track


def edition_get(*, slug: str) -> Edition:
    return get_object_or_404(Edition, slug=slug)


def edition_get_public(*, slug: str) -> Edition:
    """The edition behind a public page or API: one that is not public does not exist for visitors."""
    return get_object_or_404(Edition, slug=slug, is_public=True)


def edition_list_public():
    return Edition.objects.filter(is_public=True)


def edition_current() -> Edition | None:
    return Edition.objects.filter(is_public=True).order_by("-start_date").first()


def track_list(*, edition: Edition):
    return Track.objects.filter(edition=edition).order_by("kind")


def track_is_open(*, track: Track, now=None) -> bool:
    return (now or timezone.now()) <= track.submission_deadline


def call_get(*, edition: Edition) -> CallForPapers | None:
    return CallForPapers.objects.filter(edition=edition).first()


def track_get(*, edition: Edition, kind: str) -> Track:
    """The edition's track of that kind; 404 when there is none."""
    return get_object_or_404(Track, edition=edition, kind=kind)


def tracks_dashboard_section(edition: Edition, query=None) -> dict:
    """The tracks block of the organizers' dashboard: each track with the closing sections it leaves uncounted."""
    return {"tracks": list(track_list(edition=edition)), "choices": Track.UncountedSection.choices}


def community_channel_list(*, edition: Edition):
    return CommunityChannel.objects.filter(edition=edition).order_by("order", "pk")


def community_links(*, edition: Edition) -> list[dict]:
    """The channels as the edition row keeps them for the footer of every page (see Edition.community_links)."""
    return [
        {"kind": c.kind, "kind_label": c.get_kind_display(), "name": c.name, "url": c.url}
        for c in community_channel_list(edition=edition)
    ]
