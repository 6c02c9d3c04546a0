from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import Track, Workshop


def workshop_get(*, slug: str) -> Workshop:
    return get_object_or_404(Workshop, slug=slug)


def workshop_list_public():
    return Workshop.objects.filter(is_public=True)


def workshop_current() -> Workshop | None:
    return Workshop.objects.filter(is_public=True).order_by("-start_date").first()


def track_list(*, workshop: Workshop):
    return Track.objects.filter(workshop=workshop).order_by("kind")


def track_is_open(*, track: Track, now=None) -> bool:
    return (now or timezone.now()) <= track.submission_deadline
