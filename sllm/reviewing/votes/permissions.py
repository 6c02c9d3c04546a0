"""Fetch-and-authorize helpers of the votes: a view never holds an election it may not touch."""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden
from sllm.reviewing.models import Vote
from sllm.workshops.permissions import access_edition_as_organizer, is_edition_organizer

from . import selectors


def _kind(kind: str) -> str:
    if kind not in Vote.Kind.values:
        raise Http404("No such vote.")
    return kind


def _vote(*, edition, kind: str) -> Vote:
    vote = selectors.vote_get(edition=edition, kind=_kind(kind))
    if vote is None:
        raise Http404("This vote has not opened.")
    return vote


def access_vote_as_organizer(*, user, slug: str, kind: str) -> Vote:
    return _vote(edition=access_edition_as_organizer(user=user, slug=slug), kind=kind)


def access_ballot(*, user, edition, kind: str) -> Vote:
    """The election whose ballot this person may cast: only its eligible voters."""
    vote = _vote(edition=edition, kind=kind)
    if not selectors.is_voter(vote=vote, user=user):
        raise Forbidden("You are not eligible to vote in this election.", code="not_eligible")
    return vote


def access_published_ballots(*, user, edition, kind: str) -> Vote:
    """The anonymised ballots: for the committee (the voters) and the organizers, once the vote closed."""
    vote = _vote(edition=edition, kind=kind)
    if not (is_edition_organizer(user=user, edition=edition) or selectors.is_voter(vote=vote, user=user)):
        raise Forbidden("Only the committee of this vote and the organizers see its ballots.", code="forbidden")
    if vote.state != Vote.State.CLOSED:
        raise Forbidden("The anonymised ballots are published when the vote has closed.", code="not_closed")
    return vote


def access_award_nominations(*, user, edition) -> None:
    """Members of the Best Student Paper committee and the organizers nominate."""
    if not (
        is_edition_organizer(user=user, edition=edition)
        or user_has_role(user=user, edition=edition, kind=Role.Kind.AWARD_COMMITTEE)
    ):
        raise Forbidden("Only the Best Student Paper committee and the organizers nominate.", code="forbidden")
