from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_POST

from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get_public

from . import selectors, services
from .forms import NewsForm
from .permissions import access_news_as_organizer

FEED_ITEMS = 30


def news_list_view(request, slug):
    edition = edition_get_public(slug=slug)
    items = selectors.news_list_public(edition=edition)
    return render(request, "news/list.html", {"edition": edition, "items": items})


def news_detail_view(request, slug, item_slug):
    edition = edition_get_public(slug=slug)
    item = selectors.news_get_public(edition=edition, slug=item_slug)
    return render(request, "news/detail.html", {"edition": edition, "item": item})


def news_feed_view(request, slug):
    edition = edition_get_public(slug=slug)
    feed = Atom1Feed(
        title=f"{edition.name}: news",
        link=request.build_absolute_uri(reverse("news:list", args=[edition.slug])),
        description=f"News of {edition.name}",
        language="en",
        feed_url=request.build_absolute_uri(reverse("news:feed", args=[edition.slug])),
    )
    for item in selectors.news_list_public(edition=edition, limit=FEED_ITEMS):
        link = request.build_absolute_uri(reverse("news:detail", args=[edition.slug, item.slug]))
        feed.add_item(
            title=item.title,
            link=link,
            description=item.body_html,
            unique_id=link,
            pubdate=item.published_at,
            updateddate=item.updated_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _form_page(request, edition, *, form, item=None, status=200):
    context = {
        "edition": edition,
        "form": form,
        "item": item,
        "items": selectors.news_list_for_organizers(edition=edition),
    }
    return render(request, "news/organize.html", context, status=status)


@login_required
def organize_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    if request.method == "POST":
        form = NewsForm(request.POST)
        if not form.is_valid():
            return _form_page(request, edition, form=form, status=400)
        item = services.news_create(edition=edition, author=request.user, **form.cleaned_data)
        messages.success(request, f"“{item.title}” was {'published' if item.published_at else 'saved as a draft'}.")
        return redirect("news:organize", slug=edition.slug)
    return _form_page(request, edition, form=NewsForm(initial={"publish": True}))


@login_required
def edit_view(request, slug, pk):
    item = access_news_as_organizer(user=request.user, slug=slug, pk=pk)
    edition = item.edition
    if request.method == "POST":
        form = NewsForm(request.POST)
        if not form.is_valid():
            return _form_page(request, edition, form=form, item=item, status=400)
        services.news_update(item=item, **form.cleaned_data)
        messages.success(request, f"“{item.title}” was saved.")
        return redirect("news:organize", slug=edition.slug)
    form = NewsForm(initial={"title": item.title, "body": item.body, "publish": item.published_at is not None})
    return _form_page(request, edition, form=form, item=item)


@login_required
@require_POST
def delete_view(request, slug, pk):
    item = access_news_as_organizer(user=request.user, slug=slug, pk=pk)
    edition = item.edition
    services.news_delete(item=item)
    messages.success(request, f"“{item.title}” was deleted.")
    return redirect("news:organize", slug=edition.slug)
