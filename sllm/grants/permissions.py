"""Fetch-and-authorize for travel grants.

Self-identification is the most private field here: only organizers who also hold the grants
role see it, and only they run the allocation (which reads it).
"""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden
from sllm.workshops.models import Workshop
from sllm.workshops.permissions import access_edition_as_organizer, is_edition_organizer

from .models import GrantAllocation, GrantApplication, Sponsor


def is_grants_chair(*, user, workshop) -> bool:
    if not is_edition_organizer(user=user, workshop=workshop):
        return False
    return user.is_superuser or user_has_role(user=user, workshop=workshop, kind=Role.Kind.GRANTS_CHAIR)


def access_grants_as_chair(*, user, slug: str) -> Workshop:
    workshop = access_edition_as_organizer(user=user, slug=slug)
    if not is_grants_chair(user=user, workshop=workshop):
        raise Forbidden("Only organizers holding the travel grants role may do this.", code="forbidden")
    return workshop


def access_application_as_organizer(*, user, slug: str, pk: int) -> GrantApplication:
    workshop = access_edition_as_organizer(user=user, slug=slug)
    application = (
        GrantApplication.objects.select_related("applicant", "workshop").filter(workshop=workshop, pk=pk).first()
    )
    if application is None:
        raise Http404("No such application.")
    return application


def access_sponsor_as_organizer(*, user, slug: str, pk: int) -> Sponsor:
    workshop = access_edition_as_organizer(user=user, slug=slug)
    sponsor = Sponsor.objects.select_related("workshop").filter(workshop=workshop, pk=pk).first()
    if sponsor is None:
        raise Http404("No such sponsor.")
    return sponsor


def access_allocation_as_chair(*, user, slug: str, pk: int) -> GrantAllocation:
    workshop = access_grants_as_chair(user=user, slug=slug)
    allocation = GrantAllocation.objects.select_related("workshop").filter(workshop=workshop, pk=pk).first()
    if allocation is None:
        raise Http404("No such allocation.")
    return allocation
