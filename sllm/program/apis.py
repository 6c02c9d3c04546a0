from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import ApplicationError, responses
from sllm.core.idempotency import api_run_once
from sllm.submissions.permissions import access_paper_as_author
from sllm.workshops.selectors import edition_get, edition_get_public

from . import selectors, services
from .services.presenters import PRESENTER_KINDS


class SpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    affiliation = serializers.CharField(allow_blank=True)
    role = serializers.CharField()


class SlotPaperSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    title = serializers.CharField()
    authors = serializers.ListField(child=serializers.CharField())


class SlotSerializer(serializers.Serializer):
    uid = serializers.UUIDField()
    session_uid = serializers.UUIDField()
    session = serializers.CharField()
    session_order = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    room = serializers.CharField()
    start = serializers.DateTimeField(help_text="UTC, ISO 8601.")
    end = serializers.DateTimeField(help_text="UTC, ISO 8601.")
    speakers = SpeakerSerializer(many=True)
    paper = SlotPaperSerializer(allow_null=True)
    poster_session = serializers.IntegerField(allow_null=True)


class BoardSerializer(serializers.Serializer):
    paper = serializers.IntegerField()
    session = serializers.IntegerField()
    number = serializers.IntegerField()


class ScheduleSerializer(serializers.Serializer):
    release = serializers.IntegerField()
    released_at = serializers.DateTimeField()
    timezone = serializers.CharField()
    slots = SlotSerializer(many=True)
    boards = BoardSerializer(many=True)


class PresenterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The poster or slides as a PDF.")


class PresenterFileOutSerializer(serializers.Serializer):
    kind = serializers.CharField()
    pages = serializers.IntegerField(allow_null=True)
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class ScheduleApi(APIView):
    """The latest released program of an edition, times in UTC (ISO 8601)."""

    permission_classes = [AllowAny]

    @extend_schema(responses=responses({200: ScheduleSerializer}))
    def get(self, request, slug):
        edition = edition_get_public(slug=slug)
        release = selectors.release_latest(edition=edition)
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

    @extend_schema(request=PresenterUploadSerializer, responses=responses({201: PresenterFileOutSerializer}))
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


class RecordingOutSerializer(serializers.Serializer):
    url = serializers.CharField(allow_blank=True)


class PresenterRecordingApi(APIView):
    """An author sets (or, with an empty url, removes) the recording link of an accepted paper."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=RecordingInput, responses=responses({200: RecordingOutSerializer}))
    def put(self, request, slug, number):
        edition = edition_get(slug=slug)
        paper = access_paper_as_author(user=request.user, edition=edition, number=number)
        data = RecordingInput(data=request.data)
        if not data.is_valid():
            raise ApplicationError('Send {"url": "https://..."}.', code="invalid_url")
        recording = services.recording_set(edition=edition, paper=paper, url=data.validated_data["url"])
        return Response({"url": recording.url if recording else ""})
