"""Writes of the live Q&A: asking and upvoting (public, throttled) and moderation (organizers)."""

import html
import re

import nh3
from django.db import IntegrityError, transaction
from django.db.models import F

from sllm.core.errors import ApplicationError, Conflict

from . import cache
from .models import Question, QuestionBoard, Upvote
from .selectors import asked_in_advance, is_closed, slot_is_released
from .throttle import throttle_hit

MIN_LENGTH, MAX_LENGTH, MAX_NAME = 5, 500, 80
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MODERATION = {
    "hide": ("is_hidden", True),
    "show": ("is_hidden", False),
    "answer": ("is_answered", True),
    "unanswer": ("is_answered", False),
    "pin": ("is_pinned", True),
    "unpin": ("is_pinned", False),
    "approve": ("is_pending", False),
}


def plain_text(value: str) -> str:
    """Markup removed (script and style with their content), control characters dropped, spaces collapsed.

    Pages escape on output anyway; this keeps tags and invisible junk out of what the chair reads aloud.
    """
    cleaned = nh3.clean(CONTROL.sub(" ", value), tags=set(), clean_content_tags={"script", "style"})
    return " ".join(CONTROL.sub(" ", html.unescape(cleaned)).split())


def _changed(slot) -> None:
    slug, uid = slot.session.edition.slug, str(slot.uid)
    transaction.on_commit(lambda: cache.version_bump(slug=slug, uid=uid))


def question_ask(*, slot, text: str, name: str = "", honeypot: str = "", browser: str, address: str) -> Question:
    """A question from the public; one asked before a panel starts waits for a moderator (is_pending)."""
    if honeypot:
        raise ApplicationError("This looks like an automated submission; nothing was posted.", code="spam")
    if is_closed(slot):
        raise Conflict("Questions for this talk are closed; the ones asked stay below.", code="closed")
    text, name = plain_text(text), plain_text(name)
    if not MIN_LENGTH <= len(text) <= MAX_LENGTH:
        raise ApplicationError(f"A question has {MIN_LENGTH} to {MAX_LENGTH} characters of text.", code="bad_length")
    if len(name) > MAX_NAME:
        raise ApplicationError(f"A name has at most {MAX_NAME} characters.", code="bad_name")
    in_advance = asked_in_advance(slot)
    if in_advance and not slot_is_released(slot):
        raise Conflict("Questions for this panel open once the program is published.", code="not_released")
    throttle_hit(scope="ask:browser", subject=browser)
    throttle_hit(scope="ask:address", subject=address)
    throttle_hit(scope="ask:slot", subject=str(slot.pk))
    with transaction.atomic():
        question = Question.objects.create(slot=slot, text=text, name=name, is_pending=in_advance)
        _changed(slot)
    return question


def question_upvote(*, question: Question, browser: str, address: str) -> Question:
    """One upvote per browser; a second one changes nothing and says so."""
    if question.is_hidden or question.is_pending:
        raise ApplicationError("This question is not shown.", code="hidden")
    throttle_hit(scope="vote:browser", subject=browser)
    throttle_hit(scope="vote:address", subject=address)
    try:
        with transaction.atomic():
            Upvote.objects.create(question=question, voter=browser)
            Question.objects.filter(pk=question.pk).update(upvotes=F("upvotes") + 1)
            _changed(question.slot)
    except IntegrityError as exc:
        raise Conflict("You already upvoted this question.", code="already_upvoted") from exc
    question.refresh_from_db(fields=["upvotes"])
    return question


def question_moderate(*, question: Question, action: str) -> Question:
    if action not in MODERATION:
        raise ApplicationError(f"Unknown action {action!r}.", code="bad_action")
    field, value = MODERATION[action]
    with transaction.atomic():
        Question.objects.filter(pk=question.pk).update(**{field: value})
        setattr(question, field, value)
        _changed(question.slot)
    return question


def board_set_closed(*, slot, closed: bool) -> QuestionBoard:
    with transaction.atomic():
        board, _ = QuestionBoard.objects.update_or_create(slot=slot, defaults={"is_closed": closed})
        _changed(slot)
    return board
