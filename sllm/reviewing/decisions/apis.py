"""Decisions over /api/v1/: the chairs' table and one paper's row (organizers, and area chairs for the
papers they chair, as on the decisions page), a decision on one paper, an eligibility correction."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions as drf_permissions
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses
from sllm.reviewing.permissions import access_decisions, access_paper_decision
from sllm.submissions.models import Paper
from sllm.submissions.permissions import access_paper_as_organizer

from . import selectors, services


class DecideSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=list(services.OUTCOMES))
    reason = serializers.CharField(max_length=2000)


class EligibilitySerializer(serializers.Serializer):
    eligible = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000)


class DecisionRowSerializer(serializers.Serializer):
    """One paper of the chairs' table: the CSV's columns, and where its student eligibility comes from."""

    number = serializers.IntegerField()
    title = serializers.CharField()
    track = serializers.CharField(help_text="The track's name.")
    source = serializers.ChoiceField(choices=["Local", "OpenReview"])
    status = serializers.ChoiceField(choices=Paper.Status.choices)
    presentation = serializers.ChoiceField(choices=Paper.Presentation.choices)
    ratings = serializers.ListField(child=serializers.IntegerField())
    mean_rating = serializers.FloatField(allow_null=True)
    confidences = serializers.ListField(child=serializers.IntegerField())
    mean_confidence = serializers.FloatField(allow_null=True)
    meta_review = serializers.CharField(allow_blank=True, help_text="The meta-reviews' recommendations, joined.")
    openreview_decision = serializers.CharField(allow_blank=True)
    nominations = serializers.IntegerField(help_text="Reviews nominating the paper for an oral.")
    student_eligible = serializers.BooleanField()
    student_source = serializers.ChoiceField(choices=["organizer", "openreview", "authors"])


class DecisionOutSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="paper.number")
    status = serializers.ChoiceField(choices=Paper.Status.choices)
    presentation = serializers.ChoiceField(choices=Paper.Presentation.choices)
    reason = serializers.CharField()


class EligibilityOutSerializer(serializers.Serializer):
    number = serializers.IntegerField(source="paper.number")
    eligible = serializers.BooleanField()
    reason = serializers.CharField()


SORTS = [prefix + key for key in selectors.SORTS for prefix in ("", "-")]


class DecisionQuerySerializer(serializers.Serializer):
    sort = serializers.ChoiceField(choices=SORTS, default="number")


SORT_PARAMETER = OpenApiParameter(
    "sort",
    str,
    enum=SORTS,
    description="The column to sort by; a leading `-` sorts downwards. Papers without a value come last.",
)


class DecisionListApi(APIView):
    """GET: each paper with ratings, confidences, meta-review, nominations and decision; `?sort=-rating`.
    Organizers get every paper; an area chair the papers they chair, less those they have a conflict with or
    wrote: the rows the decisions page shows them."""

    permission_classes = [drf_permissions.IsAuthenticated]

    @extend_schema(parameters=[SORT_PARAMETER], responses=responses({200: DecisionRowSerializer(many=True)}))
    def get(self, request, slug):
        edition, visible = access_decisions(user=request.user, slug=slug)
        query = DecisionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        sort = query.validated_data["sort"]
        rows = selectors.decision_rows(
            edition=edition, sort=sort.lstrip("-"), descending=sort.startswith("-"), paper_ids=visible
        )
        return Response(DecisionRowSerializer(rows, many=True).data)


class PaperDecisionApi(APIView):
    """GET: the paper's row of the decisions table, for organizers and for the paper's area chair.
    POST {"outcome": accept_oral|accept_poster|reject|desk_reject|withdraw, "reason"}: decide one paper;
    organizers only (area chairs decide nothing, here as on the pages)."""

    permission_classes = [drf_permissions.IsAuthenticated]

    @extend_schema(responses=responses({200: DecisionRowSerializer}))
    def get(self, request, slug, number):
        paper = access_paper_decision(user=request.user, slug=slug, number=number)
        return Response(DecisionRowSerializer(selectors.decision_row(paper=paper)).data)

    @extend_schema(request=DecideSerializer, responses=responses({200: DecisionOutSerializer}))
    def post(self, request, slug, number):
        paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        event = services.paper_decide(paper=paper, actor=request.user, **data.validated_data)
        return Response(DecisionOutSerializer(event).data)


class PaperEligibilityApi(APIView):
    """POST {"eligible": bool, "reason"}: correct the paper's Best Student Paper eligibility."""

    permission_classes = [drf_permissions.IsAuthenticated]

    @extend_schema(request=EligibilitySerializer, responses=responses({200: EligibilityOutSerializer}))
    def post(self, request, slug, number):
        paper = access_paper_as_organizer(user=request.user, slug=slug, number=number)
        data = EligibilitySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        correction = services.student_eligibility_correct(paper=paper, actor=request.user, **data.validated_data)
        return Response(EligibilityOutSerializer(correction).data)
