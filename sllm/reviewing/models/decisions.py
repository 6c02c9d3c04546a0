"""The log of what was decided about each paper, and organizers' corrections of award eligibility."""

from django.conf import settings
from django.db import models


class DecisionEvent(models.Model):
    """One change of a paper's status or presentation: from OpenReview's decision or by an organizer."""

    class Source(models.TextChoices):
        OPENREVIEW = "openreview", "OpenReview decision"
        ORGANIZER = "organizer", "Organizer"

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="decision_events")
    source = models.CharField(max_length=12, choices=Source.choices)
    status = models.CharField(max_length=20)
    presentation = models.CharField(max_length=10, blank=True)
    reason = models.TextField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper", "created_at", "pk"]

    def __str__(self):
        return f"paper {self.paper_id}: {self.status} {self.presentation} ({self.source})"


class StudentEligibilityCorrection(models.Model):
    """An organizer's correction of a paper's Best Student Paper eligibility; the latest one counts."""

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="student_corrections")
    eligible = models.BooleanField()
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["paper", "created_at", "pk"]

    def __str__(self):
        return f"paper {self.paper_id}: {'eligible' if self.eligible else 'not eligible'}"
