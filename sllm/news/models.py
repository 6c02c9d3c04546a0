from django.conf import settings
from django.db import models

from sllm.core.models import TimeStampedModel


class NewsItem(TimeStampedModel):
    """A news post on the edition's site; the body is Markdown, stored with its sanitized HTML."""

    edition = models.ForeignKey("workshops.Edition", on_delete=models.CASCADE, related_name="news_items")
    slug = models.SlugField(max_length=80)
    title = models.CharField(max_length=200)
    body = models.TextField()
    body_html = models.TextField(editable=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    # Drafts have none; a published item keeps its first publication time.
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["edition", "slug"], name="unique_news_slug")]

    def __str__(self):
        return self.title
