"""Breakout groups organized before the event: organizers shape them, attendees join one each."""

from django.db import IntegrityError, transaction

from sllm.core.errors import ApplicationError, Conflict
from sllm.core.sitecache import site_cache_bump

from ..models import BreakoutGroup, BreakoutMembership, Slot

MAX_TITLE, MAX_QUESTION, MAX_QUESTIONS = 200, 300, 10


def _questions(questions) -> list[str]:
    lines = questions.splitlines() if isinstance(questions, str) else list(questions)
    # Kept as typed (pages escape them); control characters and empty lines go.
    cleaned = [" ".join("".join(c if c.isprintable() else " " for c in line).split()) for line in lines]
    cleaned = [line for line in cleaned if line]
    if len(cleaned) > MAX_QUESTIONS:
        raise ApplicationError(f"At most {MAX_QUESTIONS} suggested questions.", code="invalid")
    if any(len(line) > MAX_QUESTION for line in cleaned):
        raise ApplicationError(f"A suggested question has at most {MAX_QUESTION} characters.", code="invalid")
    return cleaned


def breakout_group_save(
    *,
    edition,
    topic: str,
    title: str,
    questions="",
    capacity: int | None = None,
    slot: Slot | None = None,
    order: int = 0,
    group: BreakoutGroup | None = None,
) -> BreakoutGroup:
    """Creates or changes a group; its topic is one of the edition's, its slot a breakout slot of the edition."""
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        raise ApplicationError(f"A title of at most {MAX_TITLE} characters is required.", code="invalid")
    if topic not in edition.topics:
        raise ApplicationError(f"{topic!r} is not one of the edition's topics.", code="invalid")
    if slot is not None and (slot.session.edition_id != edition.pk or slot.kind != Slot.Kind.BREAKOUT):
        raise ApplicationError("The slot must be a breakout slot of this edition's program.", code="invalid")
    if capacity is not None and capacity < 1:
        raise ApplicationError("A capacity is at least 1, or empty for no limit.", code="invalid")
    cleaned = _questions(questions)
    with transaction.atomic():
        if group is not None:
            group = BreakoutGroup.objects.select_for_update().get(pk=group.pk)
            members = group.memberships.count()
            if capacity is not None and capacity < members:
                raise Conflict(
                    f"The group already has {members} members; the capacity cannot be lower.", code="below_members"
                )
        group = group or BreakoutGroup(edition=edition)
        group.topic, group.title, group.questions = topic, title, cleaned
        group.capacity, group.slot, group.order = capacity, slot, order
        group.save()
        transaction.on_commit(lambda: site_cache_bump(edition))
    return group


def breakout_group_delete(*, group: BreakoutGroup) -> None:
    edition = group.edition
    with transaction.atomic():
        group.delete()
        transaction.on_commit(lambda: site_cache_bump(edition))


def breakout_group_join(*, group: BreakoutGroup, user) -> BreakoutMembership:
    """One group per person and edition; a full group refuses, counted under the group's row lock."""
    with transaction.atomic():
        locked = BreakoutGroup.objects.select_for_update().get(pk=group.pk)
        current = (
            BreakoutMembership.objects.select_related("group").filter(edition_id=locked.edition_id, user=user).first()
        )
        if current is not None:
            if current.group_id == locked.pk:
                raise Conflict("You are already in this group.", code="already_member")
            raise Conflict(
                f"You are already in “{current.group.title}”; leave it first to join another group.",
                code="in_another_group",
            )
        if locked.capacity is not None and locked.memberships.count() >= locked.capacity:
            raise Conflict(
                f"“{locked.title}” is full ({locked.capacity} places); please choose another group.", code="full"
            )
        try:
            with transaction.atomic():
                return BreakoutMembership.objects.create(edition_id=locked.edition_id, group=locked, user=user)
        except IntegrityError as exc:  # a join to another group of the edition at the same moment
            raise Conflict("You already joined a group of this edition.", code="in_another_group") from exc


def breakout_group_leave(*, group: BreakoutGroup, user) -> None:
    with transaction.atomic():
        deleted, _ = BreakoutMembership.objects.filter(group=group, user=user).delete()
    if not deleted:
        raise Conflict("You are not in this group.", code="not_member")
