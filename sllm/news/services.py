from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from sllm.core.errors import ApplicationError
from sllm.core.rendering import markdown_to_safe_html

from .models import NewsItem


def _check(title: str, body: str) -> tuple[str, str]:
    title = " ".join(title.split())
    if not 1 <= len(title) <= 200:
        raise ApplicationError("A title has 1 to 200 characters.", code="bad_title")
    if not body.strip() or len(body) > 50_000:
        raise ApplicationError("The text must have 1 to 50,000 characters.", code="bad_body")
    return title, body


def _unique_slug(edition, title: str, exclude_pk=None) -> str:
    base = slugify(title)[:70] or "news"
    slug, n = base, 2
    taken = NewsItem.objects.filter(edition=edition).exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def news_create(*, edition, author, title: str, body: str, publish: bool) -> NewsItem:
    title, body = _check(title, body)
    with transaction.atomic():
        return NewsItem.objects.create(
            edition=edition,
            author=author,
            title=title,
            body=body,
            body_html=markdown_to_safe_html(body),
            slug=_unique_slug(edition, title),
            published_at=timezone.now() if publish else None,
        )


def news_update(*, item: NewsItem, title: str, body: str, publish: bool) -> NewsItem:
    title, body = _check(title, body)
    with transaction.atomic():
        item.title, item.body, item.body_html = title, body, markdown_to_safe_html(body)
        if publish and item.published_at is None:
            item.published_at = timezone.now()
        elif not publish:
            item.published_at = None
        item.save()
    return item


def news_delete(*, item: NewsItem) -> None:
    with transaction.atomic():
        item.delete()
