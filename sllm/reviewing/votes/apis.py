"""The votes over /api/v1/: a voter's ballot, the organizers' view of a vote, the published ballots."""

from rest_framework import permissions as drf_permissions
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.workshops.selectors import edition_get

from . import permissions, selectors, services


class RankingSerializer(serializers.Serializer):
    ranking = serializers.JSONField(help_text="Paper numbers best first; a list of numbers is a tie.")

    def validate_ranking(self, value):
        if not isinstance(value, list):
            raise serializers.ValidationError("Must be a list of paper numbers or lists of tied paper numbers.")
        return value


def _paper(paper) -> dict:
    return {"number": paper.number, "title": paper.title, "track": paper.track.kind}


def _ballot_out(*, vote, user) -> dict:
    ballot = selectors.ballot_of(vote=vote, user=user)
    return {
        "vote": vote.kind,
        "state": vote.state,
        "deadline": vote.deadline.isoformat(),
        "papers": [_paper(p) for p in selectors.ballot_papers(vote=vote, user=user)],
        "ranking": ballot.ranking if ballot else None,
        "receipt": ballot.receipt if ballot else None,
    }


class BallotApi(APIView):
    """GET: the caller's ballot (papers they may rank, their ranking, receipt). PUT: cast or replace it."""

    permission_classes = [drf_permissions.IsAuthenticated]

    def get(self, request, slug, kind):
        vote = permissions.access_ballot(user=request.user, edition=edition_get(slug=slug), kind=kind)
        return Response(_ballot_out(vote=vote, user=request.user))

    def put(self, request, slug, kind):
        vote = permissions.access_ballot(user=request.user, edition=edition_get(slug=slug), kind=kind)
        data = RankingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.ballot_cast(vote=vote, user=request.user, ranking=data.validated_data["ranking"])
        return Response(_ballot_out(vote=vote, user=request.user))


def _vote_out(vote) -> dict:
    return {
        "vote": vote.kind,
        "state": vote.state,
        "seats": vote.seats,
        "deadline": vote.deadline.isoformat(),
        "candidates": [_paper(p) for p in selectors.vote_candidates(vote=vote)],
        "turnout": selectors.vote_turnout(vote=vote),
        "result": vote.result,
        "ballots_digest": vote.ballots_digest or None,
    }


class VoteApi(APIView):
    """For the organizers: state, turnout, and once tallied the result and the pairwise counts."""

    permission_classes = [drf_permissions.IsAuthenticated]

    def get(self, request, slug, kind):
        vote = permissions.access_vote_as_organizer(user=request.user, slug=slug, kind=kind)
        return Response(_vote_out(vote))


class VoteCloseApi(APIView):
    permission_classes = [drf_permissions.IsAuthenticated]

    def post(self, request, slug, kind):
        vote = permissions.access_vote_as_organizer(user=request.user, slug=slug, kind=kind)
        vote = services.vote_close(vote=vote, user=request.user)
        vote.refresh_from_db()
        return Response(_vote_out(vote))


class PublishedBallotsApi(APIView):
    """After closing: the anonymised ballots as `manage.py tally` reads them."""

    permission_classes = [drf_permissions.IsAuthenticated]

    def get(self, request, slug, kind):
        vote = permissions.access_published_ballots(user=request.user, edition=edition_get(slug=slug), kind=kind)
        return Response(selectors.vote_export(vote=vote))
