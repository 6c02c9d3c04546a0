"""The votes over /api/v1/: a voter's ballot, the organizers' view of a vote, the published ballots."""

from drf_spectacular.utils import extend_schema
from rest_framework import permissions as drf_permissions
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses
from sllm.workshops.selectors import edition_get

from . import permissions, selectors, services


class RankingSerializer(serializers.Serializer):
    ranking = serializers.JSONField(help_text="Paper numbers best first; a list of numbers is a tie.")

    def validate_ranking(self, value):
        if not isinstance(value, list):
            raise serializers.ValidationError("Must be a list of paper numbers or lists of tied paper numbers.")
        return value


# A ranking is a list whose items are paper numbers or lists of tied paper numbers.
RANKING_SCHEMA = {
    "type": "array",
    "items": {"oneOf": [{"type": "integer"}, {"type": "array", "items": {"type": "integer"}}]},
}


class BallotPaperSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    track = serializers.CharField()


class BallotOutSerializer(serializers.Serializer):
    vote = serializers.CharField()
    state = serializers.CharField()
    deadline = serializers.DateTimeField()
    papers = BallotPaperSerializer(many=True)
    ranking = serializers.JSONField(allow_null=True, help_text="Paper numbers best first, as stored.")
    receipt = serializers.CharField(allow_null=True)


class TurnoutSerializer(serializers.Serializer):
    voters = serializers.IntegerField()
    ballots = serializers.IntegerField()
    percent = serializers.IntegerField()


class VoteOutSerializer(serializers.Serializer):
    vote = serializers.CharField()
    state = serializers.CharField()
    seats = serializers.IntegerField()
    deadline = serializers.DateTimeField()
    candidates = BallotPaperSerializer(many=True)
    turnout = TurnoutSerializer()
    result = serializers.JSONField(allow_null=True, help_text="Once tallied: the winners and pairwise counts.")
    ballots_digest = serializers.CharField(allow_null=True)


class PublishedBallotSerializer(serializers.Serializer):
    voter = serializers.CharField(help_text="The ballot's receipt.")
    ranking = serializers.JSONField()
    cannot_rank = serializers.ListField(child=serializers.IntegerField())


class PublishedBallotsSerializer(serializers.Serializer):
    id = serializers.CharField()
    seats = serializers.IntegerField()
    candidates = serializers.ListField(child=serializers.IntegerField())
    ballots = PublishedBallotSerializer(many=True)


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

    @extend_schema(responses=responses({200: BallotOutSerializer}))
    def get(self, request, slug, kind):
        vote = permissions.access_ballot(user=request.user, edition=edition_get(slug=slug), kind=kind)
        return Response(_ballot_out(vote=vote, user=request.user))

    @extend_schema(request=RankingSerializer, responses=responses({200: BallotOutSerializer}))
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

    @extend_schema(responses=responses({200: VoteOutSerializer}))
    def get(self, request, slug, kind):
        vote = permissions.access_vote_as_organizer(user=request.user, slug=slug, kind=kind)
        return Response(_vote_out(vote))


class VoteCloseApi(APIView):
    permission_classes = [drf_permissions.IsAuthenticated]

    @extend_schema(request=None, responses=responses({200: VoteOutSerializer}))
    def post(self, request, slug, kind):
        vote = permissions.access_vote_as_organizer(user=request.user, slug=slug, kind=kind)
        vote = services.vote_close(vote=vote, user=request.user)
        vote.refresh_from_db()
        return Response(_vote_out(vote))


class PublishedBallotsApi(APIView):
    """After closing: the anonymised ballots as `manage.py tally` reads them."""

    permission_classes = [drf_permissions.IsAuthenticated]

    @extend_schema(responses=responses({200: PublishedBallotsSerializer}))
    def get(self, request, slug, kind):
        vote = permissions.access_published_ballots(user=request.user, edition=edition_get(slug=slug), kind=kind)
        return Response(selectors.vote_export(vote=vote))
