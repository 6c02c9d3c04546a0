from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .models import NewsItem


def news_list_public(*, edition, limit: int | None = None) -> QuerySet:
    items = (
        NewsItem.objects.filter(edition=edition, published_at__isnull=False, published_at__lte=timezone.now())
        .defer("body")
        .order_by("-published_at", "-pk")
    )
    return items[:limit] if limit else items


def news_get_public(*, edition, slug: str) -> NewsItem:
    item = news_list_public(edition=edition).filter(slug=slug).first()
    if item is None:
        raise Http404("No such news item.")
    return item


def news_list_for_organizers(*, edition) -> QuerySet:
    return (
        NewsItem.objects.filter(edition=edition)
        .select_related("author")
        .defer("body_html")
        .order_by("-created_at", "-pk")
    )
