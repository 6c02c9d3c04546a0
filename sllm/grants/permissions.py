"""Fetch-and-authorize for travel grants.

Self-identification is the most private field here: only organizers who also hold the grants
role see it, and only they run the allocation (which reads it).
"""

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden
from sllm.workshops.models import Edition
from sllm.workshops.permissions import (
    access_edition_as_organizer,
    access_edition_item_as_organizer,
    edition_item_or_404,
    is_edition_organizer,
)

from .models import GrantAllocation, GrantApplication, Sponsor


def is_grants_chair(*, user, edition) -> bool:
    if not is_edition_organizer(user=user, edition=edition):
        return False
    return user.is_superuser or user_has_role(user=user, edition=edition, kind=Role.Kind.GRANTS_CHAIR)


def access_grants_as_chair(*, user, slug: str) -> Edition:
    edition = access_edition_as_organizer(user=user, slug=slug)
    if not is_grants_chair(user=user, edition=edition):
        raise Forbidden("Only organizers holding the travel grants role may do this.", code="forbidden")
    return edition


def access_application_as_organizer(*, user, slug: str, pk: int) -> GrantApplication:
    applications = GrantApplication.objects.select_related("applicant", "edition")
    return access_edition_item_as_organizer(applications, user=user, slug=slug, name="application", pk=pk)


def access_sponsor_as_organizer(*, user, slug: str, pk: int) -> Sponsor:
    sponsors = Sponsor.objects.select_related("edition")
    return access_edition_item_as_organizer(sponsors, user=user, slug=slug, name="sponsor", pk=pk)


def access_allocation_as_chair(*, user, slug: str, pk: int) -> GrantAllocation:
    edition = access_grants_as_chair(user=user, slug=slug)
    allocations = GrantAllocation.objects.select_related("edition")
    return edition_item_or_404(allocations, edition=edition, name="allocation", pk=pk)
