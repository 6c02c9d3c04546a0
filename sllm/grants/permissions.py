"""Fetch-and-authorize for travel grants.

Self-identification is the most private field here: only organizers who also hold the grants
role see it, and only they run the allocation (which reads it).
"""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden
from sllm.submissions.permissions import access_workshop_as_organizer

from .models import GrantAllocation, GrantApplication, Sponsor


def is_grants_chair(*, user, workshop) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user_has_role(user=user, workshop=workshop, kind=Role.Kind.ORGANIZER) and user_has_role(
        user=user, workshop=workshop, kind=Role.Kind.GRANTS_CHAIR
    )


def access_grants_as_chair(*, user, workshop) -> None:
    access_workshop_as_organizer(user=user, workshop=workshop)
    if not is_grants_chair(user=user, workshop=workshop):
        raise Forbidden("Only organizers holding the travel grants role may do this.", code="forbidden")


def access_application_as_organizer(*, user, workshop, pk: int) -> GrantApplication:
    access_workshop_as_organizer(user=user, workshop=workshop)
    application = GrantApplication.objects.select_related("applicant").filter(workshop=workshop, pk=pk).first()
    if application is None:
        raise Http404("No such application.")
    return application


def access_sponsor_as_organizer(*, user, workshop, pk: int) -> Sponsor:
    access_workshop_as_organizer(user=user, workshop=workshop)
    sponsor = Sponsor.objects.filter(workshop=workshop, pk=pk).first()
    if sponsor is None:
        raise Http404("No such sponsor.")
    return sponsor


def access_allocation_as_chair(*, user, workshop, pk: int) -> GrantAllocation:
    access_grants_as_chair(user=user, workshop=workshop)
    allocation = GrantAllocation.objects.filter(workshop=workshop, pk=pk).first()
    if allocation is None:
        raise Http404("No such allocation.")
    return allocation
