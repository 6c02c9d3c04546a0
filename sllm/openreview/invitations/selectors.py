"""Who an edition invites, and what the organizers see before and after they do."""

from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import Count, Q

from sllm.accounts.models import Role, User
from sllm.reviewing.models import Assignment, MetaReview
from sllm.submissions.models import Authorship, Paper

from ..models import Invitation

ROLES = [Invitation.Role.REVIEWER, Invitation.Role.AREA_CHAIR, Invitation.Role.AUTHOR]
# Authors of papers still in the running: the ones with camera-ready, posters and slides ahead.
ACTIVE_PAPER = [Paper.Status.SUBMITTED, Paper.Status.ACCEPTED]


@dataclass(frozen=True)
class Invitee:
    profile_id: str
    role: str
    user_id: int | None
    has_login: bool


def _profiles_by_role(edition, roles: list[str]) -> dict[str, str]:
    """profile id -> the first of its roles in ROLES order (a reviewer who also wrote a paper lands on reviewing)."""
    found: dict[str, str] = {}
    if Invitation.Role.REVIEWER in roles:
        for profile_id in Role.objects.filter(edition=edition, kind=Role.Kind.REVIEWER).values_list(
            "user__openreview_id", flat=True
        ):
            found.setdefault(profile_id, Invitation.Role.REVIEWER)
    if Invitation.Role.AREA_CHAIR in roles:
        chairs = Assignment.objects.filter(paper__edition=edition, role=Assignment.Role.AREA_CHAIR).values_list(
            "reviewer__openreview_id", flat=True
        )
        writers = MetaReview.objects.filter(paper__edition=edition).values_list("area_chair__openreview_id", flat=True)
        for profile_id in [*chairs, *writers]:
            found.setdefault(profile_id, Invitation.Role.AREA_CHAIR)
    if Invitation.Role.AUTHOR in roles:
        for profile_id in Authorship.objects.filter(
            paper__edition=edition, paper__status__in=ACTIVE_PAPER, openreview_id__startswith="~"
        ).values_list("openreview_id", flat=True):
            found.setdefault(profile_id, Invitation.Role.AUTHOR)
    return {p: r for p, r in found.items() if p and p.startswith("~")}


def invitees(*, edition, roles: list[str] | None = None) -> list[Invitee]:
    """Every imported person of the chosen roles, sorted by profile id, with whether they can log in."""
    roles = roles or ROLES
    ordered = [r for r in ROLES if r in roles]
    found = _profiles_by_role(edition, ordered)
    accounts = {
        profile_id: (pk, not password.startswith(UNUSABLE_PASSWORD_PREFIX))
        for profile_id, pk, password in User.objects.filter(openreview_id__in=found).values_list(
            "openreview_id", "pk", "password"
        )
    }
    return [
        Invitee(
            profile_id=profile_id,
            role=found[profile_id],
            user_id=accounts.get(profile_id, (None, False))[0],
            has_login=accounts.get(profile_id, (None, False))[1],
        )
        for profile_id in sorted(found)
    ]


def invitations_by_profile(*, edition, profile_ids) -> dict[str, Invitation]:
    return {i.profile_id: i for i in Invitation.objects.filter(edition=edition, profile_id__in=profile_ids)}


def invitation_preview(*, edition, roles: list[str] | None = None) -> dict:
    """What an invitation run would do now, without sending anything: counts per outcome and per role."""
    people = invitees(edition=edition, roles=roles)
    done = {
        i.profile_id
        for i in Invitation.objects.filter(
            edition=edition, status__in=[Invitation.Status.SENT, Invitation.Status.CLAIMED]
        )
    }
    to_invite = [p for p in people if not p.has_login and p.profile_id not in done]
    return {
        "to_invite": len(to_invite),
        "already_invited": sum(1 for p in people if not p.has_login and p.profile_id in done),
        "has_login": sum(1 for p in people if p.has_login),
        "by_role": {role.value: sum(1 for p in to_invite if p.role == role) for role in ROLES},
        "sample": [p.profile_id for p in to_invite[:5]],
    }


def invitation_list(*, edition, status: str = ""):
    found = Invitation.objects.filter(edition=edition).select_related("user").order_by("profile_id")
    return found.filter(status=status) if status else found


def invitation_counts(*, edition) -> dict:
    counts = {status: 0 for status in Invitation.Status.values}
    rows = Invitation.objects.filter(edition=edition).values("status").annotate(n=Count("id"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def invitation_get(*, pk: int) -> Invitation | None:
    return Invitation.objects.select_related("edition", "user").filter(pk=pk).first()


def account_with_email(*, email: str, exclude_pk: int) -> User | None:
    return User.objects.filter(Q(email__iexact=email) & ~Q(pk=exclude_pk)).first()
