"""Decisions over /api/v1/: the chairs' table, a decision on one paper, an eligibility correction."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions as drf_permissions
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses
from sllm.submissions.permissions import access_paper_as_organizer
from sllm.workshops.permissions import access_edition_as_organizer

from . import selectors, services


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=list(services.OUTCOMES))
    reason = serializers.CharField(max_length=2000)


class EligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000)


def _row_out(row: dict) -> dict:
    return {key: row[key] for key in selectors.CSV_COLUMNS} | {"student_source": row["student_source"]}


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class DecisionListApi(APIView):
    """GET: every paper with ratings, confidences, meta-review, nominations and decision; `?sort=-rating`."""

    permission_classes = [drf_permissions.IsAuthenticated]

    def get(self, request, slug):
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        sort = request.query_params.get("sort", "number")
        rows = selectors.decision_rows(edition=edition, sort=sort.lstrip("-"), descending=sort.startswith("-"))
        return Response([_row_out(row) for row in rows])


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class PaperDecisionApi(APIView):
    """POST {"outcome": accept_oral|accept_poster|reject|desk_reject|withdraw, "reason"}: decide one paper."""

    permission_classes = [drf_permissions.IsAuthenticated]

    def post(self, request, slug, number):
        paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.paper_decide(paper=paper, actor=request.user, **data.validated_data)
        return Response(
            {"number": paper.number, "status": event.status, "presentation": event.presentation, "reason": event.reason}
        )


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class PaperEligibilityApi(APIView):
    """POST {"eligible": bool, "reason"}: correct the paper's Best Student Paper eligibility."""

    permission_classes = [drf_permissions.IsAuthenticated]

    def post(self, request, slug, number):
        paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
        data = EligibilitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = services.student_eligibility_correct(paper=paper, actor=request.user, **data.validated_data)
        return Response({"number": paper.number, "eligible": correction.eligible, "reason": correction.reason})
