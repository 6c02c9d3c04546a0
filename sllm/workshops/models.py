from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models


def validate_timezone(value: str) -> None:
    try:
        ZoneInfo(value)
    except Exception as exc:
        raise ValidationError(f"{value!r} is not an IANA time zone.") from exc


class Edition(models.Model):
    """One edition of the workshop (SLLM 2025, ...)."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40)
    start_date = models.DateField()
    end_date = models.DateField()
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    venue = models.CharField(max_length=200, blank=True)
    openreview_venue_id = models.CharField(max_length=200, blank=True)
    topics = models.JSONField(default=list, help_text="The edition's topic names, in order.")
    description = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)
    # A copy of the CommunityChannel rows ({"kind", "kind_label", "name", "url"}, in order), written by
    # their services: the footer of every page lists them from the edition it already has.
    community_links = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ["-start_date"]

    def __str__(self):
        return self.name

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Track(models.Model):
    class Kind(models.TextChoices):
        MAIN = "main", "Main track"
        TINY = "tiny", "Tiny Papers"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="tracks")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    name = models.CharField(max_length=100)

    class UncountedSection(models.TextChoices):
        # The closing sections a call may leave out of the page count; the PDF check names them alike.
        ACKNOWLEDGEMENTS = "acknowledgements", "Acknowledgements"
        LIMITATIONS = "limitations", "Limitations"
        ETHICS = "ethics", "Ethics statement"
        REPRODUCIBILITY = "reproducibility", "Reproducibility statement"
        IMPACT = "impact", "Impact statement"

    # References, appendix and supplementary material do not count towards the limit.
    page_limit = models.PositiveSmallIntegerField()
    # Closing sections after the body that do not count either (values of UncountedSection, in that order);
    # empty, the default, follows the call: only references and supplementary material are excluded.
    uncounted_sections = models.JSONField(default=list, blank=True)
    camera_ready_extra_pages = models.PositiveSmallIntegerField(default=1)
    submission_deadline = models.DateTimeField()
    camera_ready_deadline = models.DateTimeField(null=True, blank=True)
    openreview_value = models.CharField(
        max_length=100, blank=True, help_text="The value of the track field on OpenReview."
    )

    class Meta:
        ordering = ["edition", "kind"]
        constraints = [models.UniqueConstraint(fields=["edition", "kind"], name="unique_track_kind")]

    def __str__(self):
        return f"{self.edition.short_name} — {self.name}"

    @property
    def uncounted_section_labels(self) -> list[str]:
        labels = dict(self.UncountedSection.choices)
        return [labels[kind] for kind in self.uncounted_sections if kind in labels]


class CallForPapers(models.Model):
    """The organizers' own call for papers: Markdown they write, kept with its sanitised HTML."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="call")
    text = models.TextField()
    text_html = models.TextField(editable=False)
    formatting_rules = models.TextField(blank=True, help_text="Page limits, template, anonymity: Markdown.")
    formatting_html = models.TextField(editable=False, blank=True)
    # Shown on the call and beside the authors' declaration on the submission form.
    dual_submission_rule = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey("accounts.User", on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self):
        return f"Call for papers of {self.edition}"


class CommunityChannel(models.Model):
    """Where the edition's community talks: a chat server, a mailing list, a social account."""

    class Kind(models.TextChoices):
        CHAT = "chat", "Chat server"
        MAILING_LIST = "mailing_list", "Mailing list"
        SOCIAL = "social", "Social account"
        FORUM = "forum", "Forum"
        OTHER = "other", "Other"

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="community_channels")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100)
    # http(s) only, checked by the service (a URLField alone would take ftp:// too).
    url = models.URLField(max_length=500)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "order", "pk"]

    def __str__(self):
        return self.name
