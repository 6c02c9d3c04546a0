from rest_framework.authtoken.models import Token

from .models import Role, User


def user_has_role(*, user: User, edition, kind: str) -> bool:
    if not user.is_authenticated:
        return False
    return Role.objects.filter(user=user, edition=edition, kind=kind).exists()


def user_roles(*, user: User, edition) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Role.objects.filter(user=user, edition=edition).values_list("kind", flat=True))


def token_of(*, user):
    return Token.objects.filter(user=user).first()


def token_list(*, edition):
    """The API tokens of everyone holding a role in the edition, newest first (keys never shown whole)."""
    return Token.objects.filter(user__roles__edition=edition).select_related("user").distinct().order_by("-created")


def token_get(*, edition, user_id: int):
    return token_list(edition=edition).filter(user_id=user_id).first()


def users_with_role(*, edition, kind: str):
    return User.objects.filter(roles__edition=edition, roles__kind=kind).order_by("email")
