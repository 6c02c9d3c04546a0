from django.http import Http404
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
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
from .models import Room, Session, Slot, SlotSpeaker, Speaker
from .permissions import access_room_as_organizer, access_session_as_organizer, access_speaker_as_organizer
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


# ---- program content, for organizers ---------------------------------------------------------------------


class RoomInput(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    capacity = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    livestream_url = serializers.URLField(required=False, allow_blank=True, default="")
    order = serializers.IntegerField(min_value=0, max_value=999, required=False, default=0)


class SessionInput(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    order = serializers.IntegerField(min_value=0, max_value=999, required=False, default=0)
    expected_audience = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)


class SpeakerInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    affiliation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    bio = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    website = serializers.URLField(required=False, allow_blank=True, default="")
    photo = serializers.FileField(required=False, default=None)


def _room_out(room) -> dict:
    return {
        "id": room.pk,
        "name": room.name,
        "capacity": room.capacity,
        "livestream_url": room.livestream_url,
        "order": room.order,
    }


def _session_out(session) -> dict:
    return {
        "id": session.pk,
        "title": session.title,
        "order": session.order,
        "expected_audience": session.expected_audience,
    }


def _speaker_out(speaker) -> dict:
    return {
        "id": speaker.pk,
        "name": speaker.name,
        "affiliation": speaker.affiliation,
        "bio": speaker.bio,
        "website": speaker.website,
        "photo": reverse("website:speaker-photo", args=[speaker.edition.slug, speaker.pk]) if speaker.photo else None,
    }


def _organizer_edition(request, slug):
    return access_edition_as_organizer(user=request.user, slug=slug)


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class RoomListApi(APIView):
    """GET the edition's rooms; POST {name, capacity, livestream_url, order} adds one."""

    permission_classes = [IsAuthenticated]

    def get(self, request, slug):
        edition = _organizer_edition(request, slug)
        return Response([_room_out(r) for r in selectors.room_list(edition=edition)])

    def post(self, request, slug):
        edition = _organizer_edition(request, slug)
        data = RoomInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_room_out(services.room_save(edition=edition, **data.validated_data)), status=201)


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class RoomApi(APIView):
    """PUT replaces a room's fields; DELETE removes a room that holds no slot."""

    permission_classes = [IsAuthenticated]

    def put(self, request, slug, room_id):
        room = access_room_as_organizer(user=request.user, slug=slug, room_id=room_id)
        edition = room.edition
        data = RoomInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_room_out(services.room_save(edition=edition, room=room, **data.validated_data)))

    def delete(self, request, slug, room_id):
        room = access_room_as_organizer(user=request.user, slug=slug, room_id=room_id)
        services.room_delete(room=room)
        return Response(status=204)


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class SessionListApi(APIView):
    """GET the edition's sessions; POST {title, order, expected_audience} adds one."""

    permission_classes = [IsAuthenticated]

    def get(self, request, slug):
        edition = _organizer_edition(request, slug)
        return Response([_session_out(s) for s in selectors.session_list(edition=edition)])

    def post(self, request, slug):
        edition = _organizer_edition(request, slug)
        data = SessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_session_out(services.session_save(edition=edition, **data.validated_data)), status=201)


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class SessionApi(APIView):
    permission_classes = [IsAuthenticated]

    def put(self, request, slug, session_id):
        session = access_session_as_organizer(user=request.user, slug=slug, session_id=session_id)
        edition = session.edition
        data = SessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_session_out(services.session_save(edition=edition, session=session, **data.validated_data)))


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class SpeakerListApi(APIView):
    """GET the edition's speakers; POST (multipart for a photo) {name, affiliation, bio, website, photo}."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get(self, request, slug):
        edition = _organizer_edition(request, slug)
        return Response([_speaker_out(s) for s in selectors.speaker_list(edition=edition)])

    def post(self, request, slug):
        edition = _organizer_edition(request, slug)
        data = SpeakerInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_speaker_out(services.speaker_save(edition=edition, **data.validated_data)), status=201)


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class SpeakerApi(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def put(self, request, slug, speaker_id):
        speaker = access_speaker_as_organizer(user=request.user, slug=slug, speaker_id=speaker_id)
        edition = speaker.edition
        data = SpeakerInput(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(_speaker_out(services.speaker_save(edition=edition, speaker=speaker, **data.validated_data)))


class SlotPersonInput(serializers.Serializer):
    speaker = serializers.IntegerField()
    role = serializers.ChoiceField(choices=SlotSpeaker.Role.choices, default=SlotSpeaker.Role.SPEAKER)


class SlotInput(serializers.Serializer):
    session = serializers.IntegerField()
    room = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Slot.Kind.choices)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    poster_session = serializers.IntegerField(required=False, allow_null=True, default=None)
    people = SlotPersonInput(many=True, required=False, default=list)

    def validate(self, data):
        """Ids are looked up within the edition only, so another edition's room is as unknown as a missing one."""
        edition = self.context["edition"]
        found = {
            "session": Session.objects.filter(edition=edition, pk=data["session"]).first(),
            "room": Room.objects.filter(edition=edition, pk=data["room"]).first(),
        }
        errors = {name: [f"No {name} {data[name]} in this edition."] for name, obj in found.items() if obj is None}
        speakers = {
            s.pk: s for s in Speaker.objects.filter(edition=edition, pk__in=[p["speaker"] for p in data["people"]])
        }
        missing = [p["speaker"] for p in data["people"] if p["speaker"] not in speakers]
        if missing:
            errors["people"] = [f"No speaker {pk} in this edition." for pk in missing]
        if errors:
            raise serializers.ValidationError(errors)
        return {**data, **found, "people": [(speakers[p["speaker"]], p["role"]) for p in data["people"]]}


# Bodies are JSON the service builds (objects, or lists of them): any JSON until they get serializers.
@extend_schema(request=OpenApiTypes.OBJECT, responses=responses({200: OpenApiTypes.ANY, 201: OpenApiTypes.ANY}))
class SlotListApi(APIView):
    """POST a slot: an invited talk with its abstract, a panel with panelists and a moderator, any kind."""

    permission_classes = [IsAuthenticated]

    def post(self, request, slug):
        edition = _organizer_edition(request, slug)
        data = SlotInput(data=request.data, context={"edition": edition})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        people = values.pop("people")
        slot = services.slot_create_with_people(edition=edition, people=people, **values)
        return Response(
            {
                "id": slot.pk,
                "uid": str(slot.uid),
                "title": slot.title,
                "kind": slot.kind,
                "room": slot.room_id,
                "session": slot.session_id,
                "people": [{"speaker": ss.speaker_id, "role": ss.role} for ss in slot.slot_speakers.all()],
            },
            status=201,
        )
