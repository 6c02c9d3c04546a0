"""Fetch-and-authorize for reviewers' pages: a conflicted or unassigned paper is simply not there (404)."""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden
from sllm.submissions.models import Paper
from sllm.workshops.permissions import edition_item_or_404, is_edition_organizer
from sllm.workshops.selectors import edition_get

from .selectors import area_chair_paper_ids, reviewer_paper_list


def access_reviewing(*, user, edition) -> None:
    if not user_has_role(user=user, edition=edition, kind=Role.Kind.REVIEWER):
        raise Forbidden("Only the edition's reviewers may see reviewing pages.", code="forbidden")


def access_paper_as_reviewer(*, user, edition, number: int):
    access_reviewing(user=user, edition=edition)
    paper = reviewer_paper_list(reviewer=user, edition=edition).filter(number=number).first()
    # Not assigned, conflicted, withdrawn or absent all look the same: nothing leaks by probing numbers.
    if paper is None:
        raise Http404("No such paper.")
    return paper


def access_decisions(*, user, slug: str):
    """The edition whose decisions the user may read, and which papers: all of them (None) for its organizers,
    for an area chair those they chair (without conflict), read only; Forbidden for anyone else."""
    edition = edition_get(slug=slug)
    if is_edition_organizer(user=user, edition=edition):
        return edition, None
    if user.is_authenticated and user_has_role(user=user, edition=edition, kind=Role.Kind.AREA_CHAIR):
        return edition, area_chair_paper_ids(user=user, edition=edition)
    raise Forbidden("Only the edition's organizers and area chairs may see its decisions.", code="forbidden")


def access_paper_decision(*, user, slug: str, number: int) -> Paper:
    """One paper whose decisions row the user may read, by access_decisions: any paper of the edition for its
    organizers; for an area chair one they chair without conflict, where another chair's paper, a conflicted
    one and a missing one all answer 404, so probing numbers tells nothing. Forbidden for anyone else."""
    edition, visible = access_decisions(user=user, slug=slug)
    papers = Paper.objects.select_related("edition")
    if visible is not None:
        papers = papers.filter(pk__in=visible)
    return edition_item_or_404(papers, edition=edition, name="paper", number=number)
