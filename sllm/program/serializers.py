"""The program API's bodies: the released schedule, presenters' uploads, and the organizers' content
(rooms, sessions, speakers, slots) in and out, so the schema describes each exactly."""

from django.urls import reverse
from rest_framework import serializers

from .models import Room, Session, Slot, SlotSpeaker, Speaker

# ---- the released schedule (public) ----------------------------------------------------------------------


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


# ---- presenters (authors of accepted papers) ---------------------------------------------------------------


class PresenterUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The poster or slides as a PDF.")


class PresenterFileOutSerializer(serializers.Serializer):
    kind = serializers.CharField()
    pages = serializers.IntegerField(allow_null=True)
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class RecordingInput(serializers.Serializer):
    url = serializers.CharField(allow_blank=True, max_length=600)


class RecordingOutSerializer(serializers.Serializer):
    url = serializers.CharField(allow_blank=True)


# ---- program content, for organizers: what comes in ------------------------------------------------------


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


# ---- program content, for organizers: what goes out (every field always present) ------------------------


class RoomOutSerializer(serializers.ModelSerializer):
    # Declared, as a read-only model field would lose the blank an unset link is.
    livestream_url = serializers.URLField(allow_blank=True, read_only=True)

    class Meta:
        model = Room
        fields = ["id", "name", "capacity", "livestream_url", "order"]
        read_only_fields = fields


class SessionOutSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "title", "order", "expected_audience"]
        read_only_fields = fields


class SpeakerOutSerializer(serializers.ModelSerializer):
    website = serializers.URLField(allow_blank=True, read_only=True)
    photo = serializers.SerializerMethodField(help_text="Where the photo is served; null without one.")

    class Meta:
        model = Speaker
        fields = ["id", "name", "affiliation", "bio", "website", "photo"]
        read_only_fields = fields

    def get_photo(self, speaker: Speaker) -> str | None:
        if not speaker.photo:
            return None
        # The API passes the edition it answers for, so a list of speakers reads it once.
        edition = self.context.get("edition") or speaker.edition
        return reverse("website:speaker-photo", args=[edition.slug, speaker.pk])


class SlotPersonOutSerializer(serializers.Serializer):
    speaker = serializers.IntegerField(source="speaker_id")
    role = serializers.ChoiceField(choices=SlotSpeaker.Role.choices)


class SlotOutSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    uid = serializers.UUIDField()
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Slot.Kind.choices)
    room = serializers.IntegerField(source="room_id")
    session = serializers.IntegerField(source="session_id")
    people = SlotPersonOutSerializer(source="slot_speakers", many=True)
