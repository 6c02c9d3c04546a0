"""Fetch-and-authorize helpers: a view never holds a paper it may not touch."""

from django.http import Http404

from sllm.accounts.models import User
from sllm.workshops.permissions import access_edition_item_as_organizer, edition_item_or_404, is_edition_organizer

from .models import Paper
from .selectors import paper_is_author


def _author_check(*, user: User, paper: Paper | None) -> Paper:
    # Not-yours and not-there look the same, so paper numbers and ids of others leak nothing.
    if paper is None or not paper_is_author(paper=paper, user=user):
        raise Http404("No such paper.")
    return paper


def access_paper_as_author(*, user: User, edition, number: int) -> Paper:
    paper = Paper.objects.select_related("track", "edition").filter(edition=edition, number=number).first()
    return _author_check(user=user, paper=paper)


def access_paper_by_id_as_author(*, user: User, pk: int) -> Paper:
    """The API's way in: a paper by its id, for its authors only."""
    return _author_check(user=user, paper=Paper.objects.select_related("track", "edition").filter(pk=pk).first())


def access_paper_public(*, edition, number: int) -> Paper:
    papers = Paper.objects.select_related("track", "edition").filter(
        status=Paper.Status.ACCEPTED, edition__is_public=True
    )
    return edition_item_or_404(papers, edition=edition, name="paper", number=number)


def access_paper_as_organizer(*, user: User, slug: str, number: int) -> Paper:
    papers = Paper.objects.select_related("track", "edition")
    return access_edition_item_as_organizer(papers, user=user, slug=slug, name="paper", number=number)


def paper_declaration_visible(*, user: User, paper: Paper) -> bool:
    """The dual-submission declaration is for the paper's authors and the edition's organizers."""
    return paper_is_author(paper=paper, user=user) or is_edition_organizer(user=user, edition=paper.edition)
