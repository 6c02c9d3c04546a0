"""Reminders: what each edition switched on and when, and every reminder already sent (never twice)."""

from django.db import models

from sllm.core.models import TimeStampedModel


class ReminderKind(models.TextChoices):
    REVIEW_MISSING = "review_missing", "Reviews due soon"
    REVIEW_LATE = "review_late", "Late reviews"
    CAMERA_READY = "camera_ready", "Camera-ready uploads"
    POSTER = "poster", "Poster uploads"
    SLIDES = "slides", "Slides uploads"
    VOTE_CLOSING = "vote_closing", "Oral vote closing"
    MENTORING_KICKOFF = "mentoring_kickoff", "Mentoring kick-off"


class ReminderSetting(TimeStampedModel):
    """An edition's choice for one kind of reminder; without a row, the kind runs with its defaults."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    enabled = models.BooleanField(default=True)
    # Days before the deadline; for late reviews, days after it and between reminders.
    days = models.PositiveSmallIntegerField()
    # Poster and slides have no deadline elsewhere: the organizers set it here.
    deadline = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "kind"], name="unique_reminder_setting")]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.edition_id})"


class ReminderSent(models.Model):
    """One reminder that went to the outbox; its key names the thing and the person, so it never goes twice."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=ReminderKind.choices)
    key = models.CharField(max_length=200)
    to = models.EmailField()
    message = models.ForeignKey("mail.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="unique_reminder_key")]

    def __str__(self):
        return f"{self.key} → {self.to}"
