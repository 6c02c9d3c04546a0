import uuid

from django.conf import settings
from django.db import models

from sllm.core.models import TimeStampedModel


class Paper(TimeStampedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DESK_REJECTED = "desk_rejected", "Desk rejected"

    class Presentation(models.TextChoices):
        NONE = "", "Not decided"
        ORAL = "oral", "Oral"
        POSTER = "poster", "Poster"

    class Elsewhere(models.TextChoices):
        NO = "", "Neither"
        UNDER_REVIEW = "under_review", "Under review elsewhere"
        PUBLISHED = "published", "Published elsewhere"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="papers")
    track = models.ForeignKey("workshops.Track", on_delete=models.PROTECT, related_name="papers")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    abstract = models.TextField()
    topics = models.JSONField(default=list)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    presentation = models.CharField(max_length=10, choices=Presentation.choices, blank=True, default="")
    openreview_id = models.CharField(max_length=100, blank=True, null=True, unique=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The authors' dual-submission declaration, shown to organizers against the edition's rule.
    elsewhere = models.CharField(max_length=20, choices=Elsewhere.choices, blank=True, default="")
    elsewhere_venue = models.CharField(max_length=300, blank=True)
    # Set by the page check of the latest submission PDF, so organizers can filter on it.
    over_page_limit = models.BooleanField(default=False)

    class Meta:
        ordering = ["edition", "number"]
        constraints = [models.UniqueConstraint(fields=["edition", "number"], name="unique_paper_number")]

    def __str__(self):
        return f"#{self.number} {self.title}"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.SUBMITTED, self.Status.ACCEPTED}


class Authorship(models.Model):
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    institution = models.CharField(max_length=200, blank=True)
    openreview_id = models.CharField(max_length=100, blank=True)
    is_student = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="authorships",
    )

    class Meta:
        ordering = ["paper", "position"]
        constraints = [models.UniqueConstraint(fields=["paper", "position"], name="unique_author_position")]

    def __str__(self):
        return self.name


def paper_file_path(instance: "PaperFile", filename: str) -> str:
    # Stored under a random name: nothing in a path reveals a paper's authors or original file name. Only
    # supplementary material may be a zip; every other file is a PDF.
    suffix = ".zip" if filename.lower().endswith(".zip") else ".pdf"
    return f"papers/{instance.kind}/{uuid.uuid4().hex}{suffix}"


class PaperFile(models.Model):
    class Kind(models.TextChoices):
        SUBMISSION = "submission", "Submission"
        CAMERA_READY = "camera_ready", "Camera-ready"
        POSTER = "poster", "Poster"
        SLIDES = "slides", "Slides"
        # A PDF or a zip (supplementary.py), from OpenReview's supplementary_material field.
        SUPPLEMENTARY = "supplementary", "Supplementary material"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=paper_file_path, max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    pages = models.PositiveIntegerField()
    main_pages = models.PositiveIntegerField()
    page_limit = models.PositiveSmallIntegerField(null=True, blank=True)
    within_limit = models.BooleanField(default=True)
    references_start_page = models.PositiveIntegerField(null=True, blank=True)
    appendix_start_page = models.PositiveIntegerField(null=True, blank=True)
    page_size = models.CharField(max_length=10)
    # Author names or emails found in the text of a submission's first pages: a flag for the organizers,
    # not a rejection (the anonymizer cannot take them out of the text).
    names_in_text = models.JSONField(default=list, blank=True)
    # Why the content check refused an imported file ("code: message"), kept as OpenReview holds it and
    # flagged for the organizers; empty when the file passed. An upload that fails is refused, never stored.
    refusal = models.CharField(max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["paper", "kind"], name="unique_file_kind")]

    def __str__(self):
        return f"{self.get_kind_display()} of paper #{self.paper.number}"
