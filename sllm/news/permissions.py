from django.http import Http404

from sllm.workshops.permissions import access_edition_as_organizer

from .models import NewsItem


def access_news_as_organizer(*, user, slug: str, pk: int) -> NewsItem:
    edition = access_edition_as_organizer(user=user, slug=slug)
    item = NewsItem.objects.select_related("edition").filter(edition=edition, pk=pk).first()
    if item is None:
        raise Http404("No such news item.")
    return item
