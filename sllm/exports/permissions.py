"""Each export opens to exactly those who may open the page it comes from."""

from collections.abc import Callable

from django.http import Http404

from sllm.core.errors import Forbidden
from sllm.grants.permissions import access_grants_as_chair
from sllm.mentoring.permissions import access_mentoring_as_organizer
from sllm.workshops.models import Edition
from sllm.workshops.permissions import access_edition_as_organizer

FORMATS = ("csv", "xlsx")


def _access_mentoring(*, user, slug: str) -> Edition:
    edition, _ = access_mentoring_as_organizer(user=user, slug=slug)
    return edition


# The page each export mirrors decides who gets it: the dashboard, reviewing and program pages are the
# organizers'; the mentoring page is too (the export never carries the private self-identification);
# travel grants are for organizers who hold the grants role. Each fetches the edition and authorizes.
ACCESS: dict[str, Callable[..., Edition]] = {
    "papers": access_edition_as_organizer,
    "reviews": access_edition_as_organizer,
    "assignments": access_edition_as_organizer,
    "conflicts": access_edition_as_organizer,
    "schedule": access_edition_as_organizer,
    "mentoring-pairs": _access_mentoring,
    "mentoring-tables": _access_mentoring,
    "grants": access_grants_as_chair,
    "feedback": access_edition_as_organizer,
}


def access_export(*, user, slug: str, kind: str, fmt: str) -> Edition:
    if kind not in ACCESS or fmt not in FORMATS:
        raise Http404("No such export.")
    return ACCESS[kind](user=user, slug=slug)


def exports_allowed(*, user, slug: str) -> tuple[Edition, list[str]]:
    """The edition and the exports this organizer may download (the list page offers no link that
    would be refused)."""
    edition = access_edition_as_organizer(user=user, slug=slug)
    allowed = []
    for kind, access in ACCESS.items():
        try:
            access(user=user, slug=slug)
        except Forbidden:
            continue
        allowed.append(kind)
    return edition, allowed
