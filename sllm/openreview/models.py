import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone

from sllm.core.models import TimeStampedModel


class VenueLink(TimeStampedModel):
    """How one edition reads its OpenReview venue: the venue id and the names of its custom fields."""

    edition = models.OneToOneField("workshops.Edition", on_delete=models.CASCADE, related_name="openreview_link")
    venue_id = models.CharField(max_length=200)
    track_field = models.CharField(max_length=100, default="track", blank=True)
    student_field = models.CharField(max_length=100, default="student_paper", blank=True)
    nomination_field = models.CharField(max_length=100, default="nominate_for_oral")
    nomination_yes = models.JSONField(default=list, help_text='Answers that mean yes, such as ["Yes"].')
    # The periodic (beat) sync skips editions where this is off.
    auto_sync = models.BooleanField(default=True)
    # After each sync, invite the people it newly imported (Invitation) through OpenReview.
    invite_after_sync = models.BooleanField(default=False)
    review_deadline = models.DateTimeField(null=True, blank=True)
    venue_content = models.JSONField(default=dict, blank=True)
    # The organizers' reading of the venue's decision options: {"Accept (Spotlight)": {"status": "accepted",
    # "presentation": "oral"}}. Options not listed here follow the default rule of mapping/decisions.py.
    decision_map = models.JSONField(default=dict, blank=True)

    def __str__(self):
        return f"{self.edition.slug} ← {self.venue_id}"


class SubmissionRecord(models.Model):
    """What OpenReview says of a paper beyond the Paper row, and its raw note for audit."""

    paper = models.OneToOneField("submissions.Paper", on_delete=models.CASCADE, related_name="openreview_record")
    note_id = models.CharField(max_length=20, unique=True)
    # None (the note has no track field) is not "" (a track field left empty).
    track_value = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001 -- see the comment above
    student_paper = models.BooleanField(default=False)
    authorids = models.JSONField(default=list)
    tmdate = models.BigIntegerField(null=True, blank=True)
    raw = models.JSONField(default=dict)
    # The verdict ("accepted:oral") that OpenReview's decision last gave the paper: a sync that finds the
    # same verdict again leaves the paper alone, so an organizer's later choice stands until OpenReview changes.
    applied_verdict = models.CharField(max_length=40, blank=True)
    # The OpenReview path of the PDF stored here (content.pdf changes when authors replace the file):
    # the sync fetches again only when it differs, and leaves it unchanged when a fetch fails, so it retries.
    pdf_ref = models.CharField(max_length=300, blank=True)
    # The same for the supplementary material (content.supplementary_material), a PDF or a zip.
    supplementary_ref = models.CharField(max_length=300, blank=True)

    def __str__(self):
        return self.note_id


# A queued sync whose job never ran (the broker was down at commit, or lost it) or a running one whose
# worker died would otherwise block its edition's syncs for good. Past this age it is stale: it no longer
# counts as under way, and the next request (the button, the hourly beat) queues a new one. The slowest
# sync measured (2,000 papers, tests/perf/bench_openreview_sync.py) takes minutes; a sync waiting for a
# retry is FAILED between its tries, and each try restarts the clock (started_at).
STALE_SYNC = dt.timedelta(hours=1)
SYNC_JOB = "sllm.openreview.sync_venue"


class SyncRun(models.Model):
    """One sync of one edition: when, by whom, how far it got, what it wrote and what looked wrong."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="sync_runs")
    venue_id = models.CharField(max_length=200)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    stage = models.CharField(max_length=60, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    trigger = models.CharField(max_length=20, default="command")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    requests = models.PositiveIntegerField(default=0)
    rows_written = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    error = models.TextField(blank=True)
    # The stale-job sweep (sllm/core/jobs.py): how often it re-queued this row, and when last.
    sweeps = models.PositiveSmallIntegerField(default=0)
    swept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"sync {self.pk} of {self.venue_id} ({self.status})"

    @property
    def is_active(self) -> bool:
        """Queued or running, and not stale (STALE_SYNC)."""
        since = (self.started_at if self.status == self.Status.RUNNING else None) or self.swept_at or self.created_at
        return self.status in {self.Status.QUEUED, self.Status.RUNNING} and since > timezone.now() - STALE_SYNC

    @property
    def can_retry(self) -> bool:
        """Failed, or queued or running so long that its worker is gone: the organizers' Retry button."""
        return self.status == self.Status.FAILED or (self.status != self.Status.SUCCEEDED and not self.is_active)


class Invitation(TimeStampedModel):
    """An OpenReview person's invitation to claim their account here, sent through OpenReview.

    The link carries the invitation's id and nonce, signed and time-stamped; a resend draws a new
    nonce, so only the latest link works, and a claim clears it, so each link works once.
    """

    class Role(models.TextChoices):
        REVIEWER = "reviewers", "Reviewer"
        AREA_CHAIR = "area_chairs", "Area chair"
        AUTHOR = "authors", "Author"

    class Status(models.TextChoices):
        PENDING = "pending", "Not sent yet"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed (will retry)"
        CLAIMED = "claimed", "Claimed"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    profile_id = models.CharField(max_length=100)
    role = models.CharField(max_length=20, choices=Role.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    nonce = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    message_id = models.CharField(max_length=40, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Set by the claim form, applied once the address is verified by the link mailed to it.
    pending_email = models.EmailField(blank=True)
    pending_password = models.CharField(max_length=128, blank=True)

    class Meta:
        ordering = ["profile_id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "profile_id"], name="unique_invitation_per_person"),
        ]

    def __str__(self):
        return f"{self.profile_id} ({self.edition_id}, {self.status})"
