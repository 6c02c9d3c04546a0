"""Reads of the live Q&A. Slots are the program's; a Q&A exists for its talk kinds only."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from sllm.program.models import Slot
from sllm.program.selectors.release import first, release_head

from .models import Question

TOP_QUESTIONS = 5


def talk_slot_get(*, edition, uid: str) -> Slot:
    slot = (
        Slot.objects.select_related("room", "session__edition", "question_board", "recording", "paper")
        .filter(session__edition=edition, uid=uid, kind__in=Slot.TALK_KINDS)
        .first()
    )
    if slot is None:
        raise Http404("No such talk.")
    return slot


def talk_slot_list(*, edition) -> QuerySet:
    return (
        Slot.objects.filter(session__edition=edition, kind__in=Slot.TALK_KINDS)
        .select_related("room", "question_board")
        .annotate(
            question_count=Count("questions"),
            open_count=Count(
                "questions",
                filter=Q(questions__is_hidden=False, questions__is_answered=False, questions__is_pending=False),
            ),
            pending_count=Count("questions", filter=Q(questions__is_hidden=False, questions__is_pending=True)),
        )
        .order_by("start", "room__order", "pk")
    )


def is_closed(slot: Slot) -> bool:
    try:
        return slot.question_board.is_closed
    except Slot.question_board.RelatedObjectDoesNotExist:
        return False


def asked_in_advance(slot: Slot) -> bool:
    """A panel before it starts collects questions from the public, each held until a moderator approves it."""
    return slot.kind == Slot.Kind.PANEL and timezone.now() < slot.start


def slot_is_released(slot: Slot) -> bool:
    """Whether the latest release lists the slot: the database picks that one slot out of the snapshot, so
    the check costs one query at any size of the program."""
    release = release_head(edition=slot.session.edition, listed=first("slots", [(("uid",), "=", str(slot.uid))]))
    return release is not None and release.listed is not None


def question_list_public(*, slot: Slot) -> QuerySet:
    return Question.objects.filter(slot=slot, is_hidden=False, is_pending=False).order_by(*Question._meta.ordering)


def question_list_moderation(*, slot: Slot) -> QuerySet:
    """Questions waiting for approval first, then the public ones by votes, the hidden ones last."""
    return Question.objects.filter(slot=slot).order_by("is_hidden", "-is_pending", *Question._meta.ordering)


def question_top(*, slot: Slot, limit: int = TOP_QUESTIONS) -> list[Question]:
    return list(question_list_public(slot=slot).filter(is_answered=False)[:limit])


def question_get(*, slot: Slot, pk: int) -> Question:
    question = Question.objects.filter(slot=slot, pk=pk).first()
    if question is None:
        raise Http404("No such question.")
    question.slot = slot
    return question


def recording_of(slot: Slot):
    try:
        recording = slot.recording
    except Slot.recording.RelatedObjectDoesNotExist:
        return None
    return recording if recording.published else None


def question_plain(question: Question) -> dict:
    return {
        "id": question.pk,
        "text": question.text,
        "name": question.name,
        "upvotes": question.upvotes,
        "answered": question.is_answered,
        "pinned": question.is_pinned,
    }


def questions_payload(*, slot: Slot, version: str) -> dict:
    return {
        "slot": str(slot.uid),
        "version": version,
        "open": not is_closed(slot),
        "questions": [question_plain(q) for q in question_list_public(slot=slot)],
    }


def paper_questions_section(paper) -> dict:
    """For the public paper page: the questions of the paper's talk, if it was given one."""
    slot = Slot.objects.filter(paper=paper, kind__in=Slot.TALK_KINDS).select_related("session__edition").first()
    if slot is None:
        return {}
    return {
        "slot": slot,
        "edition": slot.session.edition,
        "questions": list(question_list_public(slot=slot)[:10]),
    }
