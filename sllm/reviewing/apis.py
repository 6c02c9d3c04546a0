"""The reviewer's papers as JSON: the same double-blind fields as the pages, no author identity."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import responses
from sllm.workshops.selectors import edition_get

from .permissions import access_reviewing
from .selectors import reviewer_paper_list


class ReviewPaperSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    abstract = serializers.CharField(allow_blank=True)
    topics = serializers.ListField(child=serializers.CharField())
    track = serializers.CharField(source="track.name")
    pdf_url = serializers.SerializerMethodField()

    def get_pdf_url(self, paper) -> str:
        return reverse("reviewing:review-pdf", args=[self.context["slug"], paper.number, paper.number])


class ReviewPaperListSerializer(serializers.Serializer):
    results = ReviewPaperSerializer(many=True)


class ReviewPaperListApi(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=responses({200: ReviewPaperListSerializer}))
    def get(self, request, slug):
        edition = edition_get(slug=slug)
        access_reviewing(user=request.user, edition=edition)
        papers = reviewer_paper_list(reviewer=request.user, edition=edition)
        return Response({"results": ReviewPaperSerializer(papers, many=True, context={"slug": slug}).data})
