"""Fetch-and-authorize helpers of the votes: a view never holds an election it may not touch."""

from django.http import Http404

from sllm.accounts.models import Role
from sllm.accounts.selectors import user_has_role
from sllm.core.errors import Forbidden
from sllm.reviewing.models import Election
from sllm.workshops.permissions import access_edition_as_organizer, is_edition_organizer

from . import selectors


def _kind(kind: str) -> str:
    if kind not in Election.Kind.values:
        raise Http404("No such vote.")
    return kind


def _election(*, workshop, kind: str) -> Election:
    election = selectors.election_get(workshop=workshop, kind=_kind(kind))
    if election is None:
        raise Http404("This vote has not opened.")
    return election


def access_election_as_organizer(*, user, slug: str, kind: str) -> Election:
    return _election(workshop=access_edition_as_organizer(user=user, slug=slug), kind=kind)


def access_ballot(*, user, workshop, kind: str) -> Election:
    """The election whose ballot this person may cast: only its eligible voters."""
    election = _election(workshop=workshop, kind=kind)
    if not selectors.is_voter(election=election, user=user):
        raise Forbidden("You are not eligible to vote in this election.", code="not_eligible")
    return election


def access_published_ballots(*, user, workshop, kind: str) -> Election:
    """The anonymised ballots: for the committee (the voters) and the organizers, once the vote closed."""
    election = _election(workshop=workshop, kind=kind)
    if not (is_edition_organizer(user=user, workshop=workshop) or selectors.is_voter(election=election, user=user)):
        raise Forbidden("Only the committee of this vote and the organizers see its ballots.", code="forbidden")
    if election.state != Election.State.CLOSED:
        raise Forbidden("The anonymised ballots are published when the vote has closed.", code="not_closed")
    return election


def access_award_nominations(*, user, workshop) -> None:
    """Members of the Best Student Paper committee and the organizers nominate."""
    if not (
        is_edition_organizer(user=user, workshop=workshop)
        or user_has_role(user=user, workshop=workshop, kind=Role.Kind.AWARD_COMMITTEE)
    ):
        raise Forbidden("Only the Best Student Paper committee and the organizers nominate.", code="forbidden")
