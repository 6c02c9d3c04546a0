"""The day's program: rooms, sessions of typed slots, speakers, poster boards, recordings, releases.

Times are stored in UTC (USE_TZ); pages show them in the edition's zone or the visitor's. The live
rows are the organizers' draft; a ProgramRelease freezes them as a snapshot that the public sees.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models


class Room(models.Model):
    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    capacity = models.PositiveIntegerField(null=True, blank=True)
    livestream_url = models.URLField(blank=True, help_text="Shown on the recordings page during the event.")

    class Meta:
        ordering = ["edition", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="unique_room_name")]

    def __str__(self):
        return self.name


def speaker_photo_path(instance: "Speaker", filename: str) -> str:
    return f"speakers/{uuid.uuid4().hex}{Path(filename).suffix.lower()}"


class Speaker(models.Model):
    """An invited speaker, panelist or organizer who appears on the program (paper authors come from papers)."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=200)
    affiliation = models.CharField(max_length=200, blank=True)
    bio = models.TextField(blank=True)
    website = models.URLField(blank=True)
    # Checked by content with Pillow and re-encoded (no camera metadata) under a random name.
    photo = models.ImageField(upload_to=speaker_photo_path, blank=True, max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["edition", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="unique_speaker_name")]

    def __str__(self):
        return self.name


class Session(models.Model):
    """A block of the day: one row of the program (e.g. "Morning talks"), holding one or more slots."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)
    # How many people the organizers expect; the builder warns when a slot's room holds fewer.
    expected_audience = models.PositiveIntegerField(null=True, blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["edition", "order", "pk"]

    def __str__(self):
        return self.title


class Slot(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", "Opening remarks"
        MENTORING = "mentoring", "Mentoring session"
        INVITED = "invited", "Invited talk"
        ORAL = "oral", "Oral presentation"
        POSTER = "poster", "Poster session"
        BREAK = "break", "Break"
        LUNCH = "lunch", "Lunch"
        PANEL = "panel", "Panel discussion"
        BREAKOUT = "breakout", "Breakout session"
        AWARDS = "awards", "Closing remarks and awards"

    # Kinds that are talks: each gets its own calendar entry, recording and Q&A.
    TALK_KINDS = frozenset({Kind.INVITED, Kind.ORAL, Kind.PANEL})

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="slots")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="slots")
    start = models.DateTimeField()
    end = models.DateTimeField()
    # Oral slots hold their paper; oral slots are numbered 1..4 in the order of the oral decision.
    paper = models.OneToOneField(
        "submissions.Paper", on_delete=models.SET_NULL, null=True, blank=True, related_name="program_slot"
    )
    # Poster sessions are numbered (1 = morning, 2 = afternoon); poster boards refer to the number.
    poster_session = models.PositiveSmallIntegerField(null=True, blank=True)
    speakers = models.ManyToManyField(Speaker, through="SlotSpeaker", related_name="slots", blank=True)
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        ordering = ["start", "room__order", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="slot_ends_after_start"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_talk(self) -> bool:
        return self.kind in self.TALK_KINDS


class SlotSpeaker(models.Model):
    class Role(models.TextChoices):
        SPEAKER = "speaker", "Speaker"
        PANELIST = "panelist", "Panelist"
        MODERATOR = "moderator", "Moderator"
        HOST = "host", "Host"

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="slot_speakers")
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="slot_speakers")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["slot", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["slot", "speaker"], name="unique_slot_speaker")]

    def __str__(self):
        return f"{self.speaker} ({self.get_role_display()}) in {self.slot}"


class PosterBoard(models.Model):
    """Where an accepted poster paper hangs: poster session 1 or 2, board number within it."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="poster_boards")
    paper = models.OneToOneField("submissions.Paper", on_delete=models.CASCADE, related_name="poster_board")
    session = models.PositiveSmallIntegerField()
    number = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["edition", "session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "session", "number"], name="unique_board_number"),
            models.CheckConstraint(condition=models.Q(session__in=[1, 2]), name="board_session_1_or_2"),
        ]

    def __str__(self):
        return f"Session {self.session}, board {self.number}"


class Recording(models.Model):
    """A link to a recording on an external player (loaded only after a visitor's click)."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="recordings")
    slot = models.OneToOneField(Slot, on_delete=models.CASCADE, null=True, blank=True, related_name="recording")
    paper = models.OneToOneField(
        "submissions.Paper", on_delete=models.CASCADE, null=True, blank=True, related_name="recording"
    )
    url = models.URLField(max_length=500)
    published = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(slot__isnull=False) | models.Q(paper__isnull=False),
                name="recording_of_slot_or_paper",
            ),
        ]

    def __str__(self):
        return self.url


class ProgramRelease(models.Model):
    """A frozen, public version of the program; the latest one is what visitors see."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="program_releases")
    number = models.PositiveIntegerField()
    released_at = models.DateTimeField(auto_now_add=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)
    snapshot = models.JSONField()
    # What moved since the previous release: a list of {"uid", "title", "change", "before", "after"}.
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["edition", "-number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="unique_release_number")]

    def __str__(self):
        return f"Release {self.number}"


class Feedback(models.Model):
    """One anonymous answer to the feedback form: no user, IP address or user agent is kept."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="feedback")
    # Ratings 1-5; blank when the visitor skipped the question.
    content_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    activities_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    format_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    mentoring_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    breakout_rating = models.PositiveSmallIntegerField(null=True, blank=True)
    comments = models.TextField(blank=True)
    # The day only: a precise time would help link an answer to a person in the room.
    submitted_on = models.DateField(auto_now_add=True)

    class Meta:
        ordering = ["edition", "-pk"]

    def __str__(self):
        return f"Feedback #{self.pk} on {self.submitted_on}"


class BreakoutOutcome(models.Model):
    """What a breakout group found, published by organizers after the event."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="breakout_outcomes")
    title = models.CharField(max_length=200)
    topic = models.CharField(max_length=200, blank=True)
    # Markdown, sanitized to HTML with nh3 when saved.
    summary = models.TextField()
    summary_html = models.TextField(editable=False)
    published = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "pk"]

    def __str__(self):
        return self.title


class BreakoutGroup(models.Model):
    """A discussion group of the breakout session, organized in advance on one of the edition's topics."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="breakout_groups")
    topic = models.CharField(max_length=200)
    title = models.CharField(max_length=200)
    # Plain text, one string per suggested question, in order; pages escape them.
    questions = models.JSONField(default=list)
    # Empty: no limit.
    capacity = models.PositiveIntegerField(null=True, blank=True)
    slot = models.ForeignKey(Slot, on_delete=models.SET_NULL, null=True, blank=True, related_name="breakout_groups")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "pk"]

    def __str__(self):
        return self.title


class BreakoutMembership(models.Model):
    """An attendee in a breakout group: one group per person and edition."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(BreakoutGroup, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "user"], name="one_breakout_group_per_edition"),
        ]

    def __str__(self):
        return f"{self.user} in {self.group}"
