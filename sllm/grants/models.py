from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sllm.core.models import TimeStampedModel

# Whole currency units: budgets and costs are estimates, cents would only add noise.
MAX_AMOUNT = 1_000_000


class GrantProgram(TimeStampedModel):
    """The travel grant call of one edition: open or not, and whether awards may be partial."""

    edition = models.OneToOneField("workshops.Edition", on_delete=models.CASCADE, related_name="grant_program")
    currency = models.CharField(max_length=3, default="USD")
    is_open = models.BooleanField(default=True, help_text="Applications are accepted.")
    allow_partial = models.BooleanField(default=False, help_text="An award may cover part of the costs.")
    min_partial_percent = models.PositiveSmallIntegerField(
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="A partial award covers at least this share of the estimated costs.",
    )
    decisions_sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Travel grants of {self.edition_id}"


class Sponsor(TimeStampedModel):
    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="grant_sponsors")
    name = models.CharField(max_length=200)
    url = models.URLField(blank=True)
    amount = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_AMOUNT)])

    class Meta:
        ordering = ["-amount", "name"]
        constraints = [models.UniqueConstraint(fields=["edition", "name"], name="unique_sponsor_name")]

    def __str__(self):
        return self.name


class GrantApplication(TimeStampedModel):
    class Stage(models.TextChoices):
        UNDERGRADUATE = "undergraduate", "Undergraduate student"
        MASTERS = "masters", "Master's student"
        PHD = "phd", "PhD student"
        POSTDOC = "postdoc", "Postdoctoral researcher"
        FACULTY = "faculty", "Faculty"
        INDUSTRY = "industry", "Industry researcher or engineer"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        AWARDED = "awarded", "Awarded"
        PARTIAL = "partial", "Partially awarded"
        NOT_FUNDED = "not_funded", "Not funded"

    STUDENT_STAGES = {Stage.UNDERGRADUATE, Stage.MASTERS, Stage.PHD}

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="grant_applications")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    career_stage = models.CharField(max_length=20, choices=Stage.choices)
    travel_cost = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_AMOUNT)])
    lodging_cost = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_AMOUNT)])
    registration_cost = models.PositiveIntegerField(validators=[MaxValueValidator(MAX_AMOUNT)])
    statement = models.TextField(max_length=2000)
    # Private: only organizers holding the grants role ever see it (see permissions.py).
    self_identifies = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    award = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "created_at"]
        constraints = [models.UniqueConstraint(fields=["edition", "applicant"], name="unique_grant_application")]

    def __str__(self):
        return f"Travel grant application {self.pk}"

    @property
    def requested(self) -> int:
        return self.travel_cost + self.lodging_cost + self.registration_cost

    @property
    def is_student(self) -> bool:
        return self.career_stage in self.STUDENT_STAGES


class GrantScore(TimeStampedModel):
    application = models.ForeignKey(GrantApplication, on_delete=models.CASCADE, related_name="scores")
    scorer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["application", "scorer"], name="unique_grant_score")]


class GrantAllocation(TimeStampedModel):
    """A proposal of the optimizer, kept as run: budget, rules, awards and the reasons."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    budget = models.PositiveIntegerField()
    allow_partial = models.BooleanField()
    min_partial_percent = models.PositiveSmallIntegerField()
    result = models.JSONField()
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"Allocation {self.pk} of {self.edition_id}"
