from django.conf import settings
from django.db import models

from sllm.core.models import TimeStampedModel

# Every active paper needs this many reviews: coverage, the export's "below" list and the opening of the
# oral vote all count against it.
REVIEWS_PER_PAPER = 3


class Assignment(TimeStampedModel):
    """A reviewer (or area chair) assigned to a paper, as on OpenReview or made here."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", "Reviewer"
        AREA_CHAIR = "area_chair", "Area chair"

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REVIEWER)
    openreview_edge_id = models.CharField(max_length=100, blank=True)
    # Who made it here (a reassignment); null for assignments imported from OpenReview.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "reviewer", "role"], name="unique_assignment")]


class Conflict(TimeStampedModel):
    """A conflict of interest between a reviewer and a paper; enforced on the server everywhere."""

    class Source(models.TextChoices):
        OPENREVIEW = "openreview", "OpenReview"
        DISCLOSED = "disclosed", "Disclosed by the reviewer"

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    label = models.CharField(max_length=100, default="Conflict")
    openreview_edge_id = models.CharField(max_length=100, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.OPENREVIEW)
    reason = models.TextField(blank=True)
    # When a job took the disclosure to post it as an edge: a second delivery of that job leaves it alone.
    edge_claimed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "reviewer"], name="unique_conflict")]


class Review(TimeStampedModel):
    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    openreview_id = models.CharField(max_length=100, blank=True, null=True, unique=True)
    rating = models.SmallIntegerField(null=True, blank=True)
    confidence = models.SmallIntegerField(null=True, blank=True)
    nominate_for_oral = models.BooleanField(default=False)
    edited = models.BooleanField(default=False)
    # The review's number within its paper on OpenReview (1, 2, 3, ...): the order reviews came in.
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    openreview_tmdate = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "reviewer"], name="unique_review")]


class MetaReview(TimeStampedModel):
    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="meta_reviews")
    area_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meta_reviews",
    )
    openreview_id = models.CharField(max_length=100, unique=True)
    recommendation = models.CharField(max_length=200, blank=True)
    confidence = models.SmallIntegerField(null=True, blank=True)


class Decision(TimeStampedModel):
    """The program chairs' decision note of a paper, as written on OpenReview ("Accept (Oral)", ...)."""

    paper = models.OneToOneField("submissions.Paper", on_delete=models.CASCADE, related_name="decision")
    openreview_id = models.CharField(max_length=100, unique=True)
    decision = models.CharField(max_length=200)


class Reassignment(models.Model):
    """An organizer's reassignment, confirmed after a preview and written back to OpenReview."""

    class Reason(models.TextChoices):
        CONFLICT = "conflict", "Conflict of interest"
        COVERAGE = "coverage", "Fewer than three reviews"

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="reassignments")
    reason = models.CharField(max_length=20, choices=Reason.choices)
    removed_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_edge_id = models.CharField(max_length=100, blank=True)
    removed_edge_id = models.CharField(max_length=100, blank=True)
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    performed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-performed_at", "-id"]

    def __str__(self):
        return f"paper {self.paper_id}: +{self.added_reviewer_id} -{self.removed_reviewer_id} ({self.reason})"


class ReassignmentWrite(TimeStampedModel):
    """An organizer's confirmed reassignment of a paper on OpenReview, written by a job.

    OpenReview is written first and only then the assignments here (a failure changes nothing here),
    but the organizer's request never waits for it: the job posts the edges and the conflicts page
    shows its progress. Edge ids posted so far are kept, so a second delivery never posts one twice.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Writing to OpenReview"
        SUCCEEDED = "succeeded", "Done"
        FAILED = "failed", "Failed"

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="reassignment_writes")
    reason = models.CharField(max_length=20, choices=Reassignment.Reason.choices)
    add_reviewer_ids = models.JSONField(default=list)
    remove_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    edges_total = models.PositiveSmallIntegerField(default=0)
    # {"<user pk>": "<edge id>"} for the Assignment edges OpenReview has taken so far.
    posted_edges = models.JSONField(default=dict)
    removed_edge_id = models.CharField(max_length=100, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"paper {self.paper_id}: {self.status} ({self.edges_done}/{self.edges_total} edges)"

    @property
    def edges_done(self) -> int:
        return len(self.posted_edges) + bool(self.removed_edge_id)

    @property
    def progress(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return round(100 * self.edges_done / self.edges_total) if self.edges_total else 0

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
