from django.http import Http404

from sllm.submissions.permissions import access_workshop_as_organizer

from .models import NewsItem


def access_news_as_organizer(*, user, workshop, pk: int) -> NewsItem:
    access_workshop_as_organizer(user=user, workshop=workshop)
    item = NewsItem.objects.filter(workshop=workshop, pk=pk).first()
    if item is None:
        raise Http404("No such news item.")
    return item
