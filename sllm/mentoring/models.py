import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sllm.core.models import TimeStampedModel


class CareerStage(models.TextChoices):
    UNDERGRADUATE = "undergraduate", "Undergraduate student"
    MASTERS = "masters", "Master's student"
    PHD = "phd", "PhD student"
    POSTDOC = "postdoc", "Postdoc"
    FACULTY = "faculty", "Faculty"
    INDUSTRY = "industry", "Industry researcher"
    OTHER = "other", "Other"


class MentoringSetup(TimeStampedModel):
    """An edition's matching rules, lunch table size and the times of the kickoff and the lunch."""

    edition = models.OneToOneField("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    table_size = models.PositiveSmallIntegerField(
        default=6,
        validators=[MinValueValidator(2), MaxValueValidator(20)],
        help_text="Seats per lunch table.",
    )
    max_tz_diff_hours = models.PositiveSmallIntegerField(
        "largest time-zone difference (hours)", default=8, validators=[MaxValueValidator(12)]
    )
    forbid_same_institution = models.BooleanField("never pair people of the same institution", default=True)
    # The seeds' program: the Mentoring Session 9:05-9:40 and the Mentor-Mentee Lunch 12:00-13:00.
    kickoff_start = models.TimeField(default=dt.time(9, 5))
    kickoff_end = models.TimeField(default=dt.time(9, 40))
    kickoff_room = models.CharField(max_length=100, blank=True)
    lunch_start = models.TimeField(default=dt.time(12, 0))
    lunch_end = models.TimeField(default=dt.time(13, 0))
    lunch_room = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return f"Mentoring setup of {self.edition_id}"


class Application(TimeStampedModel):
    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    career_stage = models.CharField(max_length=20, choices=CareerStage.choices)
    topics = models.JSONField(default=list)
    interests = models.TextField()
    institution = models.CharField(max_length=200, blank=True)
    tz_offset = models.DecimalField(
        "time zone (hours from UTC)",
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(-12), MaxValueValidator(14)],
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.user} ({self.edition_id})"


class MentorApplication(Application):
    capacity = models.PositiveSmallIntegerField(
        "mentees you can take", default=2, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )

    class Meta:
        ordering = ["edition", "user__full_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="one_mentor_application")]


class MenteeApplication(Application):
    class Meta:
        ordering = ["edition", "user__full_name", "user__email"]
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="one_mentee_application")]


class SelfIdentification(models.Model):
    """A mentee's private self-identification as a member of an underrepresented group.

    Kept in its own table, with no reverse accessor, so that no serializer, export or template that
    walks an application can reach it; only selectors.self_identified_ids reads it, for the matching
    and for organizers who hold the mentoring role.
    """

    application = models.OneToOneField(MenteeApplication, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"self-identification #{self.pk}"


class DeclaredConflict(models.Model):
    """Someone a participant must not be paired with, named by email: they may sign up later."""

    class Relation(models.TextChoices):
        ADVISOR = "advisor", "Advisor or advisee"
        COLLABORATOR = "collaborator", "Close collaborator"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    other_email = models.EmailField()
    relation = models.CharField(max_length=20, choices=Relation.choices)

    class Meta:
        ordering = ["declared_by", "other_email"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "declared_by", "other_email"], name="one_conflict_per_pair")
        ]

    def __str__(self):
        return f"{self.declared_by} ≠ {self.other_email}"


class PairRule(TimeStampedModel):
    """An organizer's adjustment, kept across re-runs: always pair these two, or never."""

    class Kind(models.TextChoices):
        PIN = "pin", "Pinned"
        FORBID = "forbid", "Forbidden"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(MenteeApplication, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorApplication, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["kind", "mentee__user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["mentee", "mentor"], name="one_rule_per_pair"),
            models.UniqueConstraint(fields=["mentee"], condition=models.Q(kind="pin"), name="one_pin_per_mentee"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.mentee.user} – {self.mentor.user}"


class MatchingRun(TimeStampedModel):
    """One run of the matching with the rules of its time; organizers publish one of them."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    max_tz_diff_hours = models.PositiveSmallIntegerField()
    forbid_same_institution = models.BooleanField()
    table_size = models.PositiveSmallIntegerField()
    priority_matched = models.PositiveIntegerField()
    matched = models.PositiveIntegerField()
    total_affinity = models.FloatField()
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Matching run #{self.pk} ({self.edition_id})"


class MatchPair(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="pairs")
    mentee = models.ForeignKey(MenteeApplication, on_delete=models.CASCADE, related_name="+")
    mentor = models.ForeignKey(MentorApplication, on_delete=models.CASCADE, related_name="+")
    affinity = models.FloatField()
    pinned = models.BooleanField(default=False)

    class Meta:
        ordering = ["mentor__user__full_name", "mentee__user__full_name"]
        constraints = [models.UniqueConstraint(fields=["run", "mentee"], name="one_mentor_per_mentee")]

    def __str__(self):
        return f"{self.mentee.user} → {self.mentor.user}"


class UnmatchedMentee(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="unmatched")
    mentee = models.ForeignKey(MenteeApplication, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=100)

    class Meta:
        ordering = ["mentee__user__full_name"]

    def __str__(self):
        return f"{self.mentee.user}: {self.reason}"


class LunchSeat(models.Model):
    """Who sits at which lunch table in a run: a mentor always with their mentees."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="seats")
    table = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["table", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "user"], name="one_seat_per_person")]

    def __str__(self):
        return f"Table {self.table}: {self.user}"
