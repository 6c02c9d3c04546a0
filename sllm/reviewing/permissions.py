"""Fetch-and-authorize for reviewers' pages: a conflicted or unassigned paper is simply not there (404)."""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden

from .selectors import reviewer_paper_list


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
