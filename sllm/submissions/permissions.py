"""Fetch-and-authorize helpers: a view never holds a paper it may not touch."""

from django.http import Http404

from sllm.accounts.models import Role, User
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden

from .models import Paper


def access_paper_as_author(*, user: User, workshop, number: int) -> Paper:
    paper = Paper.objects.select_related("track", "workshop").filter(workshop=workshop, number=number).first()
    # Not-yours and not-there look the same, so paper numbers of others leak nothing.
    if paper is None or not user.is_authenticated:
        raise Http404("No such paper.")
    if paper.submitted_by_id != user.pk and not paper.authorships.filter(user=user).exists():
        raise Http404("No such paper.")
    return paper


def access_paper_public(*, workshop, number: int) -> Paper:
    paper = (
        Paper.objects.select_related("track", "workshop")
        .filter(workshop=workshop, number=number, status=Paper.Status.ACCEPTED, workshop__is_public=True)
        .first()
    )
    if paper is None:
        raise Http404("No such paper.")
    return paper


def access_workshop_as_organizer(*, user: User, workshop) -> None:
    if not (
        user.is_authenticated
        and (user.is_superuser or user_has_role(user=user, workshop=workshop, kind=Role.Kind.ORGANIZER))
    ):
        raise Forbidden("Only the edition's organizers may do this.", code="forbidden")


def access_paper_as_organizer(*, user: User, workshop, number: int) -> Paper:
    access_workshop_as_organizer(user=user, workshop=workshop)
    paper = Paper.objects.select_related("track", "workshop").filter(workshop=workshop, number=number).first()
    if paper is None:
        raise Http404("No such paper.")
    return paper
