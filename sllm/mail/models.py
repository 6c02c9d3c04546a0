import datetime as dt

from django.db import models
from django.utils import timezone

from sllm.core.models import TimeStampedModel

# Mail still unsent this long after its last change is handed to the mail job again (outbox_requeue_stale);
# longer than the job's hard time limit (2 min), so a message still sending then lost its worker.
STALE_AFTER = dt.timedelta(minutes=10)


class OutboxMessage(TimeStampedModel):
    """Every email the platform sends, rendered from a template, queued and logged here."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (retrying)"
        SKIPPED = "skipped", "Skipped (unsubscribed)"
        HELD = "held", "Held (no reachable address yet)"
        DEAD = "dead", "Dead (gave up)"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, null=True, blank=True)
    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    template = models.CharField(max_length=100)
    bulk = models.BooleanField(default=False, help_text="Bulk mail honours unsubscribes.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    mailing = models.ForeignKey(
        "GroupMailing", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    # Set when the message goes through OpenReview's messages to this profile instead of by mail.
    openreview_id = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"], name="outbox_status_updated")]

    def __str__(self):
        return f"{self.subject} → {self.to}"

    @property
    def can_retry(self) -> bool:
        """Failed, given up, or queued or sending longer than the sweep waits (STALE_AFTER): the Retry button."""
        waiting = self.status in {self.Status.QUEUED, self.Status.SENDING}
        stale = waiting and self.updated_at < timezone.now() - STALE_AFTER
        return stale or self.status in {self.Status.FAILED, self.Status.DEAD}


class MailOptOut(TimeStampedModel):
    """An address that unsubscribed from one edition's bulk mail; notifications still reach it."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    email = models.EmailField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "email"], name="unique_mail_opt_out")]

    def __str__(self):
        return f"{self.email} ({self.edition_id})"


class GroupMailing(TimeStampedModel):
    """One message an organizer wrote to a group; its copies are OutboxMessages."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=40)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")
    recipient_count = models.PositiveIntegerField()
    skipped_count = models.PositiveIntegerField()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} → {self.group}"


class MailTemplate(TimeStampedModel):
    """An edition's own text for one notification (see notifications.py); without one, the default is sent."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=60)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "key"], name="unique_mail_template")]

    def __str__(self):
        return f"{self.key} ({self.edition_id})"
