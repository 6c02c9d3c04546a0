"""Fetch-and-authorize for travel grants.

Self-identification is the most private field here: only organizers who also hold the grants
role see it, and only they run the allocation (which reads it).
"""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden
from sllm.workshops.models import Edition
from sllm.workshops.permissions import access_edition_as_organizer, is_edition_organizer

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
    edition = access_edition_as_organizer(user=user, slug=slug)
    application = GrantApplication.objects.select_related("applicant", "edition").filter(edition=edition, pk=pk).first()
    if application is None:
        raise Http404("No such application.")
    return application


def access_sponsor_as_organizer(*, user, slug: str, pk: int) -> Sponsor:
    edition = access_edition_as_organizer(user=user, slug=slug)
    sponsor = Sponsor.objects.select_related("edition").filter(edition=edition, pk=pk).first()
    if sponsor is None:
        raise Http404("No such sponsor.")
    return sponsor


def access_allocation_as_chair(*, user, slug: str, pk: int) -> GrantAllocation:
    edition = access_grants_as_chair(user=user, slug=slug)
    allocation = GrantAllocation.objects.select_related("edition").filter(edition=edition, pk=pk).first()
    if allocation is None:
        raise Http404("No such allocation.")
    return allocation
