"""The program over /api/v1/: the released schedule (public), presenters' uploads (authors), and the
program content organizers manage (rooms, sessions, speakers, slots) through one small generic shape."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from sllm.core.errors import ApplicationError, responses
from sllm.core.idempotency import api_run_once
from sllm.submissions.permissions import access_paper_as_author
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get, edition_get_public

from . import selectors, services
from .permissions import access_room_as_organizer, access_session_as_organizer, access_speaker_as_organizer
from .serializers import (
    PresenterFileOutSerializer,
    PresenterUploadSerializer,
    RecordingInput,
    RecordingOutSerializer,
    RoomInput,
    RoomOutSerializer,
    ScheduleSerializer,
    SessionInput,
    SessionOutSerializer,
    SlotInput,
    SlotOutSerializer,
    SpeakerInput,
    SpeakerOutSerializer,
)
from .services.presenters import PRESENTER_KINDS


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


# ---- program content, for organizers ---------------------------------------------------------------------


@dataclass(frozen=True)
class Content:
    """One kind of program content as the organizers' API serves it: the bodies in and out, and the app's
    selector (the edition's items), service (creates, or with `<name>=item` replaces, one) and access check
    (fetches one item of the edition for an organizer, by the URL's `<name>_id`)."""

    name: str
    input: type[serializers.Serializer]
    output: type[serializers.Serializer]
    save: Callable
    items: Callable | None = None
    access: Callable | None = None


# name, input, output, save, items, access
ROOMS = Content("room", RoomInput, RoomOutSerializer, services.room_save, selectors.room_list, access_room_as_organizer)
SESSIONS = Content(
    "session", SessionInput, SessionOutSerializer, services.session_save, selectors.session_list,
    access_session_as_organizer,
)  # fmt: skip
SPEAKERS = Content(
    "speaker", SpeakerInput, SpeakerOutSerializer, services.speaker_save, selectors.speaker_list,
    access_speaker_as_organizer,
)  # fmt: skip
# A slot and its people in one call; the builder's pages edit slots one by one.
SLOTS = Content(name="slot", input=SlotInput, output=SlotOutSerializer, save=services.slot_create_with_people)


def _content_schemas(content: Content) -> dict:
    return {
        "get": extend_schema(responses=responses({200: content.output(many=True)})),
        "post": extend_schema(request=content.input, responses=responses({201: content.output})),
        "put": extend_schema(request=content.input, responses=responses({200: content.output})),
        "delete": extend_schema(request=None, responses=responses({204: None})),
    }


class ContentApi(APIView):
    """Organizers only: fetch and authorize, validate the body (`input`, which sees the edition), call the
    service, answer through `output`. Each subclass names its `content`; its schema follows from it."""

    permission_classes = [IsAuthenticated]
    content: Content

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "content" in vars(cls):
            schemas = _content_schemas(cls.content)
            extend_schema_view(**{method: schemas[method] for method in schemas if hasattr(cls, method)})(cls)

    def saved(self, request, *, edition, item=None, status: int = 200) -> Response:
        data = self.content.input(data=request.data, context={"edition": edition})
        data.is_valid(raise_exception=True)
        replacing = {} if item is None else {self.content.name: item}
        result = self.content.save(edition=edition, **replacing, **data.validated_data)
        return Response(self.content.output(result, context={"edition": edition}).data, status=status)


class ContentCreateApi(ContentApi):
    """POST adds one item to the edition."""

    def post(self, request, slug):
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        return self.saved(request, edition=edition, status=201)


class ContentListApi(ContentCreateApi):
    """GET the edition's items; POST adds one."""

    def get(self, request, slug):
        edition = access_edition_as_organizer(user=request.user, slug=slug)
        items = self.content.items(edition=edition)
        return Response(self.content.output(items, many=True, context={"edition": edition}).data)


class ContentDetailApi(ContentApi):
    """PUT replaces one item's fields."""

    def item(self, request, slug, ids: dict):
        return self.content.access(user=request.user, slug=slug, **ids)

    def put(self, request, slug, **ids):
        item = self.item(request, slug, ids)
        return self.saved(request, edition=item.edition, item=item)


class RoomListApi(ContentListApi):
    """GET the edition's rooms; POST {name, capacity, livestream_url, order} adds one."""

    content = ROOMS


class RoomApi(ContentDetailApi):
    """PUT replaces a room's fields; DELETE removes a room that holds no slot."""

    content = ROOMS

    def delete(self, request, slug, **ids):
        services.room_delete(room=self.item(request, slug, ids))
        return Response(status=204)


class SessionListApi(ContentListApi):
    """GET the edition's sessions; POST {title, order, expected_audience} adds one."""

    content = SESSIONS


class SessionApi(ContentDetailApi):
    """PUT replaces a session's fields."""

    content = SESSIONS


class SpeakerListApi(ContentListApi):
    """GET the edition's speakers; POST (multipart for a photo) {name, affiliation, bio, website, photo}."""

    content = SPEAKERS
    parser_classes = [MultiPartParser, FormParser, JSONParser]


class SpeakerApi(ContentDetailApi):
    """PUT replaces a speaker's fields (multipart for a new photo; without one the photo stays)."""

    content = SPEAKERS
    parser_classes = [MultiPartParser, FormParser, JSONParser]


class SlotListApi(ContentCreateApi):
    """POST a slot: an invited talk with its abstract, a panel with panelists and a moderator, any kind."""

    content = SLOTS
