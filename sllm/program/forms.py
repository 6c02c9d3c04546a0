import datetime as dt

from django import forms

from sllm.submissions.models import Paper

from .models import Room, Session, Slot, SlotSpeaker, Speaker
from .selectors import RATINGS, room_list, session_list, speaker_list

RATING_CHOICES = [("", "No answer")] + [(str(n), str(n)) for n in range(1, 6)]


class SlotForm(forms.Form):
    """Times are entered in the edition's zone and stored in UTC."""

    session = forms.ModelChoiceField(queryset=Session.objects.none())
    kind = forms.ChoiceField(choices=Slot.Kind.choices)
    title = forms.CharField(max_length=300)
    room = forms.ModelChoiceField(queryset=Room.objects.none())
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    paper = forms.ModelChoiceField(queryset=Paper.objects.none(), required=False, help_text="For an oral slot.")
    speakers = forms.ModelMultipleChoiceField(queryset=Speaker.objects.none(), required=False)
    poster_session = forms.TypedChoiceField(
        choices=[("", "—"), ("1", "1"), ("2", "2")], coerce=int, required=False, empty_value=None
    )
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.fields["session"].queryset = session_list(edition=edition)
        self.fields["room"].queryset = room_list(edition=edition)
        self.fields["paper"].queryset = Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED).order_by(
            "number"
        )
        self.fields["speakers"].queryset = speaker_list(edition=edition)

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        zone = self.edition.tz
        data["start"] = dt.datetime.combine(data["day"], data["start_time"], tzinfo=zone)
        data["end"] = dt.datetime.combine(data["day"], data["end_time"], tzinfo=zone)
        return data

    @classmethod
    def initial_for(cls, slot: Slot, edition) -> dict:
        start = slot.start.astimezone(edition.tz)
        end = slot.end.astimezone(edition.tz)
        return {
            "session": slot.session_id,
            "kind": slot.kind,
            "title": slot.title,
            "room": slot.room_id,
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "paper": slot.paper_id,
            "speakers": [ss.speaker_id for ss in slot.slot_speakers.all()],
            "poster_session": slot.poster_session,
            "description": slot.description,
        }


class BoardForm(forms.Form):
    session = forms.TypedChoiceField(choices=[("1", "1"), ("2", "2")], coerce=int)
    number = forms.IntegerField(min_value=1, max_value=999)


class FeedbackForm(forms.Form):
    content_rating = forms.ChoiceField(choices=RATING_CHOICES, required=False)
    activities_rating = forms.ChoiceField(choices=RATING_CHOICES, required=False)
    format_rating = forms.ChoiceField(choices=RATING_CHOICES, required=False)
    mentoring_rating = forms.ChoiceField(choices=RATING_CHOICES, required=False)
    breakout_rating = forms.ChoiceField(choices=RATING_CHOICES, required=False)
    # Length is checked by the service, so an over-long answer gets its clear message from one place.
    comments = forms.CharField(widget=forms.Textarea(attrs={"rows": 6}), required=False)
    website = forms.CharField(required=False, label="Leave this field empty")

    LABELS = dict(RATINGS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in RATINGS:
            self.fields[field].label = f"{label} (1 = poor, 5 = excellent)"


class PresenterForm(forms.Form):
    poster = forms.FileField(required=False, help_text="PDF; the first page becomes the thumbnail.")
    slides = forms.FileField(required=False, help_text="PDF.")
    recording = forms.URLField(
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="An https:// link to your recorded talk (YouTube, Vimeo, ...).",
    )


class ReleaseForm(forms.Form):
    note = forms.CharField(max_length=300, required=False, label="Release note")


class OutcomeForm(forms.Form):
    title = forms.CharField(max_length=200)
    topic = forms.CharField(max_length=200, required=False)
    summary = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}), help_text="Markdown.")
    published = forms.BooleanField(required=False)
    order = forms.IntegerField(min_value=0, max_value=999, initial=0)


class RoomForm(forms.Form):
    name = forms.CharField(max_length=120)
    capacity = forms.IntegerField(
        min_value=0, required=False, help_text="Seats; the builder warns when a session expects more."
    )
    livestream_url = forms.URLField(required=False, label="Livestream link", assume_scheme="https")
    order = forms.IntegerField(min_value=0, max_value=999, required=False, initial=0)

    @staticmethod
    def initial_for(room: Room) -> dict:
        return {
            "name": room.name,
            "capacity": room.capacity,
            "livestream_url": room.livestream_url,
            "order": room.order,
        }


class SessionForm(forms.Form):
    title = forms.CharField(max_length=200)
    order = forms.IntegerField(min_value=0, max_value=999, required=False, initial=0)
    expected_audience = forms.IntegerField(
        min_value=0, required=False, help_text="People expected; compared with the rooms' capacity."
    )

    @staticmethod
    def initial_for(session: Session) -> dict:
        return {"title": session.title, "order": session.order, "expected_audience": session.expected_audience}


class SpeakerForm(forms.Form):
    name = forms.CharField(max_length=200)
    affiliation = forms.CharField(max_length=200, required=False)
    bio = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}), required=False, max_length=5000, help_text="Plain text."
    )
    website = forms.URLField(required=False, assume_scheme="https")
    # A FileField, not an ImageField: the service judges the content with Pillow and gives the one message.
    photo = forms.FileField(required=False, help_text="JPEG, PNG or WebP, at most 5 MB.")

    @staticmethod
    def initial_for(speaker: Speaker) -> dict:
        return {
            "name": speaker.name,
            "affiliation": speaker.affiliation,
            "bio": speaker.bio,
            "website": speaker.website,
        }


class SlotPeopleForm(forms.Form):
    """Rows of (speaker, role); an empty speaker drops the row."""

    ROWS = 6

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        speakers = Speaker.objects.filter(edition=edition).order_by("name")
        for index in range(self.ROWS):
            self.fields[f"speaker_{index}"] = forms.ModelChoiceField(
                queryset=speakers, required=False, label=f"Person {index + 1}"
            )
            self.fields[f"role_{index}"] = forms.ChoiceField(
                choices=SlotSpeaker.Role.choices, initial=SlotSpeaker.Role.SPEAKER, label="as"
            )

    def rows(self):
        return [(self[f"speaker_{i}"], self[f"role_{i}"]) for i in range(self.ROWS)]

    def people(self) -> list:
        data = self.cleaned_data
        return [(data[f"speaker_{i}"], data[f"role_{i}"]) for i in range(self.ROWS) if data.get(f"speaker_{i}")]

    @classmethod
    def initial_for(cls, slot: Slot) -> dict:
        initial = {}
        for index, ss in enumerate(slot.slot_speakers.all()[: cls.ROWS]):
            initial[f"speaker_{index}"] = ss.speaker_id
            initial[f"role_{index}"] = ss.role
        return initial


class BreakoutGroupForm(forms.Form):
    topic = forms.ChoiceField(choices=())
    title = forms.CharField(max_length=200)
    questions = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        label="Suggested questions",
        help_text="One per line, at most 10; shown as plain text.",
    )
    capacity = forms.IntegerField(min_value=1, required=False, help_text="Empty: no limit.")
    slot = forms.ModelChoiceField(
        queryset=Slot.objects.none(), required=False, label="Breakout slot", help_text="Where the group meets."
    )
    order = forms.IntegerField(min_value=0, max_value=999, required=False, initial=0)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].choices = [(t, t) for t in edition.topics]
        self.fields["slot"].queryset = Slot.objects.filter(
            session__edition=edition, kind=Slot.Kind.BREAKOUT
        ).select_related("room")
