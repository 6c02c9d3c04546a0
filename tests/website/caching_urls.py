"""The public site plus pages that break the sharing rules on purpose, for the page cache's tests."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.template import engines
from django.urls import include, path

from sllm.website.caching import public_page

RENDERS: list[str] = []
TOKEN_PAGE = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")


@public_page
def token_view(request, slug):
    RENDERS.append("token")
    return HttpResponse(TOKEN_PAGE.render({}, request))


@public_page
def cookie_view(request, slug):
    RENDERS.append("cookie")
    response = HttpResponse("cookie page")
    response.set_cookie("seen", "1")
    return response


@public_page
def message_view(request, slug):
    RENDERS.append("message")
    messages.success(request, "Thanks for your feedback.")
    return HttpResponse("message page")


@public_page
def private_view(request, slug):
    RENDERS.append("private")
    response = render(request, "base.html", {})
    response["Cache-Control"] = "private"
    return response


urlpatterns = [
    path("<slug:slug>/token-page/", token_view),
    path("<slug:slug>/cookie-page/", cookie_view),
    path("<slug:slug>/message-page/", message_view),
    path("<slug:slug>/private-page/", private_view),
    path("", include("sllm.urls")),
]
