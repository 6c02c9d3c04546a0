"""The mentoring API: a participant's own match, and a run for organizers. Neither ever carries the
self-identification, nor anything derived from it."""

from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get

from . import selectors


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField(source="display_name")
    email = serializers.EmailField()
    affiliation = serializers.CharField()


class ApplicationSerializer(serializers.Serializer):
    career_stage = serializers.CharField()
    topics = serializers.ListField(child=serializers.CharField())
    interests = serializers.CharField()
    institution = serializers.CharField()
    tz_offset = serializers.FloatField()


class MentorApplicationSerializer(ApplicationSerializer):
    capacity = serializers.IntegerField()


def _session(start, end, room) -> dict:
    return {"start": start.isoformat(), "end": end.isoformat(), "room": room}


class MyMentoringApi(APIView):
    permission_classes = [IsAuthenticated]

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
