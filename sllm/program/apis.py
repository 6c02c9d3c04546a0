from django.http import Http404
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import ApplicationError
from sllm.core.idempotency import api_run_once
from sllm.submissions.permissions import access_paper_as_author
from sllm.workshops.selectors import edition_get

from . import selectors, services
from .services.presenters import PRESENTER_KINDS


class ScheduleApi(APIView):
    """The latest released program of an edition, times in UTC (ISO 8601)."""

    permission_classes = [AllowAny]

    def get(self, request, slug):
        edition = edition_get(slug=slug)
        release = selectors.release_latest(edition=edition) if edition.is_public else None
        if release is None:
            raise Http404("No program is released yet.")
        return Response(
            {
                "release": release.number,
                "released_at": release.released_at,
                "timezone": edition.timezone,
                **release.snapshot,
            }
        )


class PresenterFileApi(APIView):
    """An author uploads the poster or slides of an accepted paper (multipart field `file`)."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    def post(self, request, slug, number, kind):
        return api_run_once(request, lambda: self._upload(request, slug, number, kind))

    def _upload(self, request, slug, number, kind):
        paper = access_paper_as_author(user=request.user, edition=edition_get(slug=slug), number=number)
        if kind not in PRESENTER_KINDS:
            raise Http404("Upload a poster or slides.")
        upload = request.FILES.get("file")
        if upload is None:
            raise ApplicationError("Send the PDF in the multipart field `file`.", code="empty")
        stored = services.presenter_materials_save(paper=paper, uploads={kind: upload})[0]
        return Response(
            {"kind": stored.kind, "pages": stored.pages, "sha256": stored.sha256, "size": stored.size}, status=201
        )


class RecordingInput(serializers.Serializer):
    url = serializers.CharField(allow_blank=True, max_length=600)


class PresenterRecordingApi(APIView):
    """An author sets (or, with an empty url, removes) the recording link of an accepted paper."""

    permission_classes = [IsAuthenticated]

    def put(self, request, slug, number):
        edition = edition_get(slug=slug)
        paper = access_paper_as_author(user=request.user, edition=edition, number=number)
        data = RecordingInput(data=request.data)
        if not data.is_valid():
            raise ApplicationError('Send {"url": "https://..."}.', code="invalid_url")
        recording = services.recording_set(edition=edition, paper=paper, url=data.validated_data["url"])
        return Response({"url": recording.url if recording else ""})
