from django.conf import settings
from django.db import models

from sllm.core.jobs import is_stale

BUILD_JOB = "sllm.proceedings.build_volume"


class VolumeSettings(models.Model):
    """What an edition's organizers set for its proceedings volume."""

    class PageSize(models.TextChoices):
        LETTER = "Letter", "US Letter"
        A4 = "A4", "A4"

    edition = models.OneToOneField("workshops.Edition", on_delete=models.CASCADE, related_name="volume_settings")
    title = models.CharField(max_length=300, help_text="Such as: Proceedings of the Workshop on Sparsity in LLMs")
    editors = models.CharField(max_length=500, blank=True, help_text="Names, separated by commas.")
    preface = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    publication_terms = models.TextField(help_text="What authors agree to when they submit the camera-ready.")
    page_size = models.CharField(max_length=10, choices=PageSize.choices, default=PageSize.LETTER)
    is_published = models.BooleanField(default=False, help_text="Show the latest volume on the public site.")
    archival = models.BooleanField(
        default=True, help_text="Off for a non-archival workshop: the volume and BibTeX say so, authors may opt out."
    )

    class NonArchivalEntry(models.TextChoices):
        NOTE = "note", "@inproceedings with a note"
        MISC = "misc", "@misc"

    non_archival_entry = models.CharField(
        "BibTeX of a non-archival volume", max_length=10, choices=NonArchivalEntry.choices, default="note"
    )

    def __str__(self):
        return self.title

    @property
    def editor_names(self) -> list[str]:
        return [name.strip() for name in self.editors.split(",") if name.strip()]


class CameraReady(models.Model):
    """The authors' confirmation of a paper's final title, author list and the publication terms.

    The final PDF itself is the paper's PaperFile of kind camera_ready.
    """

    paper = models.OneToOneField("submissions.Paper", on_delete=models.CASCADE, related_name="camera_ready")
    title = models.CharField(max_length=300)
    authors = models.JSONField(help_text="[{name, institution}] in the order of the paper.")
    terms_accepted_at = models.DateTimeField()
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # In a non-archival edition an author may keep the paper out of the volume; it stays on the website.
    in_volume = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Camera-ready of paper #{self.paper.number}"


class Build(models.Model):
    """One run of the volume build, started from the dashboard; the latest succeeded one is public."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="proceedings_builds")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    skip_problems = models.BooleanField(default=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    step = models.CharField(max_length=200, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    # [{number, title, reasons: [..]}]: what stopped the build, or what it left out when asked to.
    problems = models.JSONField(default=list)
    message = models.TextField(blank=True)
    # The build's manifest: pages, files and each paper's place in the volume.
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The stale-job sweep (sllm/core/jobs.py): how often it re-queued this row, and when last.
    sweeps = models.PositiveSmallIntegerField(default=0)
    swept_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Build {self.pk} of {self.edition.slug} ({self.status})"

    @property
    def can_retry(self) -> bool:
        """Failed, or queued or running past the job's limit (its worker is gone): the Retry button."""
        if self.status in {self.Status.QUEUED, self.Status.RUNNING}:
            return is_stale(BUILD_JOB, self.created_at, self.started_at, self.swept_at)
        return self.status == self.Status.FAILED

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0
