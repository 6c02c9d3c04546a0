from .models import Role, User


def user_has_role(*, user: User, workshop, kind: str) -> bool:
    if not user.is_authenticated:
        return False
    return Role.objects.filter(user=user, workshop=workshop, kind=kind).exists()


def user_roles(*, user: User, workshop) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(Role.objects.filter(user=user, workshop=workshop).values_list("kind", flat=True))


def users_with_role(*, workshop, kind: str):
    return User.objects.filter(roles__workshop=workshop, roles__kind=kind).order_by("email")
