"""The mentoring API: a participant's own match, and a run for organizers. Neither ever carries the
self-identification, nor anything derived from it."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from . import selectors


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="display_name")
    email = serializers.EmailField()
    affiliation = serializers.CharField(allow_blank=True)


class ApplicationSerializer(serializers.Serializer):
    career_stage = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    interests = serializers.CharField(allow_blank=True)
    institution = serializers.CharField(allow_blank=True)
    tz_offset = serializers.FloatField()


class MentorApplicationSerializer(ApplicationSerializer):
    capacity = serializers.IntegerField()


class SessionSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    room = serializers.CharField(allow_blank=True)


class MyMentoringSerializer(serializers.Serializer):
    mentor_application = MentorApplicationSerializer(allow_null=True)
    mentee_application = ApplicationSerializer(allow_null=True)
    published = serializers.BooleanField()
    mentor = PersonSerializer(allow_null=True)
    mentees = PersonSerializer(many=True)
    lunch_table = serializers.IntegerField(allow_null=True)
    tablemates = PersonSerializer(many=True)
    kickoff = SessionSerializer()
    lunch = SessionSerializer()


class RunPairSerializer(serializers.Serializer):
    mentee = serializers.EmailField()
    mentor = serializers.EmailField()
    affinity = serializers.FloatField()
    pinned = serializers.BooleanField()


class RunUnmatchedSerializer(serializers.Serializer):
    mentee = serializers.EmailField()
    reason = serializers.CharField()


class RunTableSerializer(serializers.Serializer):
    table = serializers.IntegerField()
    people = serializers.ListField(child=serializers.EmailField())


class RunSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    published_at = serializers.DateTimeField(allow_null=True)
    matched = serializers.IntegerField()
    total_affinity = serializers.FloatField()
    pairs = RunPairSerializer(many=True)
    unmatched = RunUnmatchedSerializer(many=True)
    tables = RunTableSerializer(many=True)


class LatestRunSerializer(serializers.Serializer):
    run = RunSerializer(allow_null=True)


def _session(start, end, room) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), "room": room}


class MyMentoringApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: MyMentoringSerializer}))
    def get(self, request, slug):
        edition = edition_get(slug=slug)
        mine = selectors.my_mentoring(edition=edition, user=request.user)
        times = selectors.session_times(edition=edition, setup=selectors.setup_get(edition=edition))
        return Response(
            {
                "mentor_application": MentorApplicationSerializer(mine.mentor_application).data
                if mine.mentor_application
                else None,
                "mentee_application": ApplicationSerializer(mine.mentee_application).data
                if mine.mentee_application
                else None,
                "published": mine.run is not None,
                "mentor": PersonSerializer(mine.my_mentor.mentor.user).data if mine.my_mentor else None,
                "mentees": [PersonSerializer(pair.mentee.user).data for pair in mine.my_mentees],
                "lunch_table": mine.table,
                "tablemates": [
                    PersonSerializer(seat.user).data for seat in mine.tablemates if seat.user_id != request.user.pk
                ],
                "kickoff": _session(times.kickoff_start, times.kickoff_end, times.kickoff_room),
                "lunch": _session(times.lunch_start, times.lunch_end, times.lunch_room),
            }
        )


class LatestRunApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=responses({200: LatestRunSerializer}))
    def get(self, request, slug):
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        run = selectors.run_latest(edition=edition)
        if run is None:
            return Response({"run": None})
        return Response(
            {
                "run": {
                    "id": run.pk,
                    "published_at": run.published_at.isoformat() if run.published_at else None,
                    "matched": run.matched,
                    "total_affinity": run.total_affinity,
                    "pairs": [
                        {
                            "mentee": p.mentee.user.email,
                            "mentor": p.mentor.user.email,
                            "affinity": round(p.affinity, 6),
                            "pinned": p.pinned,
                        }
                        for p in selectors.run_pair_list(run=run)
                    ],
                    "unmatched": [
                        {"mentee": u.mentee.user.email, "reason": u.reason}
                        for u in selectors.run_unmatched_list(run=run)
                    ],
                    "tables": [
                        {"table": n, "people": [s.user.email for s in seats]}
                        for n, seats in selectors.run_table_list(run=run)
                    ],
                }
            }
        )
