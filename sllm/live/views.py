import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from sllm.core.errors import ApplicationError
from sllm.core.ratelimit import client_key
from sllm.workshops.permissions import access_edition_as_organizer
from sllm.workshops.selectors import edition_get_public

from . import cache, selectors, services
from .permissions import access_slot_as_moderator

VOTER_COOKIE, VOTER_SALT = "sllm_voter", "sllm.live.voter"
VOTER_MAX_AGE = 365 * 24 * 3600


def _voter(request) -> tuple[str, bool]:
    """The browser's random id from its signed cookie, or a new one (True: set the cookie)."""
    voter = request.get_signed_cookie(VOTER_COOKIE, default=None, salt=VOTER_SALT)
    try:
        return str(uuid.UUID(voter)), False
    except (TypeError, ValueError):
        return str(uuid.uuid4()), True


def _remember(response, voter: str, new: bool):
    if new:
        response.set_signed_cookie(
            VOTER_COOKIE, voter, salt=VOTER_SALT, max_age=VOTER_MAX_AGE, httponly=True, samesite="Lax"
        )
    return response


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _page(request, edition, slot, *, status=200, error=None, form_data=None):
    context = {
        "edition": edition,
        "slot": slot,
        "questions": selectors.question_list_public(slot=slot),
        "closed": selectors.is_closed(slot),
        "in_advance": selectors.asked_in_advance(slot),
        "recording": selectors.recording_of(slot),
        "error": error,
        "form_data": form_data or {},
    }
    return render(request, "live/questions.html", context, status=status)


def questions_view(request, slug, uid):
    """Viewers without JavaScript reload this page; for them it is served from the cache per version."""
    uid = str(uid)
    # Signed-in people see their own navigation and a flash message follows a question: render those.
    shared = "messages" not in request.COOKIES and not request.user.is_authenticated
    version = cache.version_get(slug=slug, uid=uid) if shared else None
    if version:
        body = cache.page_get(slug=slug, uid=uid, version=version)
        if body is not None:
            return HttpResponse(body)
    edition = edition_get_public(slug=slug)
    slot = selectors.talk_slot_get(edition=edition, uid=uid)
    response = _page(request, edition, slot)
    if shared:
        cache.page_set(
            slug=slug,
            uid=uid,
            version=version or cache.version_bump(slug=slug, uid=uid),
            body=response.content,
        )
    return response


# Asking and upvoting need no account and carry no one's authority, so a forged cross-site post
# gains nothing a direct one would not; without tokens the question page can be served from the
# cache. The throttle, the honeypot and the one-vote-per-browser rule are what guard them.
@csrf_exempt
@require_POST
def ask_view(request, slug, uid):
    edition = edition_get_public(slug=slug)
    slot = selectors.talk_slot_get(edition=edition, uid=uid)
    voter, new = _voter(request)
    try:
        question = services.question_ask(
            slot=slot,
            text=request.POST.get("text", ""),
            name=request.POST.get("name", ""),
            honeypot=request.POST.get("website", ""),
            browser=voter,
            address=client_key(request),
        )
    except ApplicationError as exc:
        if _wants_json(request):
            return _remember(JsonResponse(exc.as_dict(), status=exc.status_code), voter, new)
        data = {"text": request.POST.get("text", "")[:600], "name": request.POST.get("name", "")[:100]}
        return _remember(
            _page(request, edition, slot, status=exc.status_code, error=exc.message, form_data=data),
            voter,
            new,
        )
    if _wants_json(request):
        body = {**selectors.question_plain(question), "pending": question.is_pending}
        return _remember(JsonResponse(body, status=201), voter, new)
    if question.is_pending:
        messages.success(
            request, "Thank you: your question was received and appears here once a moderator approves it."
        )
    else:
        messages.success(request, "Your question was posted.")
    return _remember(redirect("live:questions", slug=slug, uid=uid), voter, new)


@csrf_exempt
@require_POST
def upvote_view(request, slug, uid, pk):
    edition = edition_get_public(slug=slug)
    slot = selectors.talk_slot_get(edition=edition, uid=uid)
    question = selectors.question_get(slot=slot, pk=pk)
    voter, new = _voter(request)
    try:
        question = services.question_upvote(question=question, browser=voter, address=client_key(request))
    except ApplicationError as exc:
        if _wants_json(request):
            return _remember(JsonResponse(exc.as_dict(), status=exc.status_code), voter, new)
        return _remember(_page(request, edition, slot, status=exc.status_code, error=exc.message), voter, new)
    if _wants_json(request):
        return _remember(JsonResponse(selectors.question_plain(question)), voter, new)
    return _remember(redirect("live:questions", slug=slug, uid=uid), voter, new)


@require_GET
def questions_json_view(request, slug, uid):
    """Polled by viewers: 304 while nothing changed, costing one cache read and no database query."""
    uid = str(uid)
    version = cache.version_get(slug=slug, uid=uid)
    etag = f'"{version}"' if version else None
    if etag and request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    body = cache.payload_get(slug=slug, uid=uid, version=version) if version else None
    if body is None:
        slot = selectors.talk_slot_get(edition=edition_get_public(slug=slug), uid=uid)
        version = version or cache.version_bump(slug=slug, uid=uid)
        body = cache.payload_set(
            slug=slug,
            uid=uid,
            version=version,
            payload=selectors.questions_payload(slot=slot, version=version),
        )
        etag = f'"{version}"'
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


def now_view(request, slug, uid):
    """The session chair's screen: the top unanswered questions, large."""
    edition = edition_get_public(slug=slug)
    slot = selectors.talk_slot_get(edition=edition, uid=uid)
    context = {"edition": edition, "slot": slot, "questions": selectors.question_top(slot=slot)}
    return render(request, "live/now.html", context)


@login_required
def organize_view(request, slug):
    edition = access_edition_as_organizer(user=request.user, slug=slug)
    return render(
        request,
        "live/organize.html",
        {"edition": edition, "slots": selectors.talk_slot_list(edition=edition)},
    )


@login_required
def moderate_view(request, slug, uid):
    slot = access_slot_as_moderator(user=request.user, slug=slug, uid=uid)
    # Read before the questions: the page's script reloads once the list moved past this version.
    version = cache.version_get(slug=slug, uid=str(uid)) or cache.version_bump(slug=slug, uid=str(uid))
    context = {
        "version": version,
        "edition": slot.session.edition,
        "slot": slot,
        "questions": selectors.question_list_moderation(slot=slot),
        "closed": selectors.is_closed(slot),
        "in_advance": selectors.asked_in_advance(slot),
    }
    return render(request, "live/moderate.html", context)


@login_required
@require_POST
def moderate_action_view(request, slug, uid, pk, action):
    slot = access_slot_as_moderator(user=request.user, slug=slug, uid=uid)
    question = services.question_moderate(question=selectors.question_get(slot=slot, pk=pk), action=action)
    if _wants_json(request):
        return JsonResponse(selectors.question_plain(question))
    return redirect("live:moderate", slug=slug, uid=uid)


@login_required
@require_POST
def board_view(request, slug, uid):
    slot = access_slot_as_moderator(user=request.user, slug=slug, uid=uid)
    closed = request.POST.get("closed") == "1"
    services.board_set_closed(slot=slot, closed=closed)
    messages.success(request, "Questions are closed." if closed else "Questions are open again.")
    return redirect("live:moderate", slug=slug, uid=uid)
