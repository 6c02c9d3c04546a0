from django.conf import settings
from django.db import models

from sllm.core.models import TimeStampedModel


class Assignment(TimeStampedModel):
    """A reviewer (or area chair) assigned to a paper, as on OpenReview or made here."""

    class Role(models.TextChoices):
        REVIEWER = "reviewer", "Reviewer"
        AREA_CHAIR = "area_chair", "Area chair"

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.REVIEWER)
    openreview_edge_id = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["paper", "reviewer", "role"], name="unique_assignment")
        ]


class Conflict(TimeStampedModel):
    """A conflict of interest between a reviewer and a paper; enforced on the server everywhere."""

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="conflicts")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    label = models.CharField(max_length=100, default="Conflict")
    openreview_edge_id = models.CharField(max_length=100, blank=True)

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

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "reviewer"], name="unique_review")]
