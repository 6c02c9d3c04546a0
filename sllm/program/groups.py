"""Reads of the breakout groups: the public list with member counts, one visitor's group, the members."""

from django.db.models import Count, QuerySet
from django.http import Http404

from .models import BreakoutGroup, BreakoutMembership


def breakout_group_list(*, edition) -> QuerySet:
    return (
        BreakoutGroup.objects.filter(edition=edition)
        .select_related("slot__room")
        .annotate(member_count=Count("memberships"))
        .order_by("order", "pk")
    )


def breakout_group_get(*, edition, group_id: int) -> BreakoutGroup:
    group = BreakoutGroup.objects.select_related("edition").filter(edition=edition, pk=group_id).first()
    if group is None:
        raise Http404("No such breakout group.")
    return group


def breakout_group_of(*, edition, user) -> int | None:
    """The id of the group the user joined in this edition, if any."""
    if not user.is_authenticated:
        return None
    return BreakoutMembership.objects.filter(edition=edition, user=user).values_list("group_id", flat=True).first()


def breakout_group_members(*, group: BreakoutGroup) -> QuerySet:
    return BreakoutMembership.objects.filter(group=group).select_related("user").order_by("joined_at", "pk")
