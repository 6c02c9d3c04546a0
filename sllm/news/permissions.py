from sllm.workshops.permissions import access_edition_item_as_organizer

from .models import NewsItem


def access_news_as_organizer(*, user, slug: str, pk: int) -> NewsItem:
    items = NewsItem.objects.select_related("edition")
    return access_edition_item_as_organizer(items, user=user, slug=slug, name="news item", pk=pk)
